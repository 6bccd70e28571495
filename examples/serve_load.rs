//! Load on a running `charter serve`, for bench/serve.sh: how many requests
//! a second it answers for one page, and what idle live-reload streams cost
//! it (memory, threads, file descriptors, read from /proc/<pid>; Linux only).
//!
//! ```sh
//! cargo run --release --example serve_load -- --addr 127.0.0.1:1111 --pid 1234 \
//!     [--clients 4] [--seconds 5] [--streams 500] [--target /privacy/]
//! ```
//!
//! Every connection is to the address given, which must be on this machine.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

struct Args {
    addr: SocketAddr,
    pid: u32,
    clients: usize,
    seconds: u64,
    streams: usize,
    target: String,
}

fn parse_args() -> Args {
    let mut args = Args {
        addr: "127.0.0.1:1111".parse().unwrap(),
        pid: 0,
        clients: 4,
        seconds: 5,
        streams: 500,
        target: "/privacy/".to_string(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--addr" => args.addr = value.parse().expect("--addr HOST:PORT"),
            "--pid" => args.pid = value.parse().expect("--pid N"),
            "--clients" => args.clients = value.parse().expect("--clients N"),
            "--seconds" => args.seconds = value.parse().expect("--seconds N"),
            "--streams" => args.streams = value.parse().expect("--streams N"),
            "--target" => args.target = value,
            other => panic!("unknown flag {other}"),
        }
    }
    assert!(args.addr.ip().is_loopback(), "--addr must be a loopback address");
    args
}

fn main() {
    let args = parse_args();
    let rate = requests_per_second(&args);
    println!(
        "page {}: {rate:.0} requests/s ({} clients, keep-alive)",
        args.target, args.clients
    );
    if args.pid != 0 {
        streams(&args);
    }
}

/// `clients` threads, each asking for the page again and again on one
/// kept-alive connection for `seconds`.
fn requests_per_second(args: &Args) -> f64 {
    let until = Instant::now() + Duration::from_secs(args.seconds);
    let threads: Vec<_> = (0..args.clients)
        .map(|_| {
            let (addr, target) = (args.addr, args.target.clone());
            std::thread::spawn(move || {
                let mut stream = connect(addr);
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut done = 0u64;
                while Instant::now() < until {
                    write!(stream, "GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
                    read_response(&mut reader);
                    done += 1;
                }
                done
            })
        })
        .collect();
    let done: u64 = threads.into_iter().map(|t| t.join().unwrap()).sum();
    done as f64 / args.seconds as f64
}

fn connect(addr: SocketAddr) -> TcpStream {
    let stream = TcpStream::connect_timeout(&addr, Duration::from_secs(10)).expect("connect");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.set_nodelay(true).unwrap();
    stream
}

/// Reads one response with a Content-Length, and checks its status.
fn read_response(reader: &mut BufReader<TcpStream>) {
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    assert!(line.starts_with("HTTP/1.1 200"), "{line:?}");
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line == "\r\n" {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
}

/// What `streams` idle live-reload streams cost, and how soon closing them
/// gives it back.
fn streams(args: &Args) {
    let before = usage(args.pid);
    let mut open = Vec::new();
    for _ in 0..args.streams {
        let mut stream = connect(args.addr);
        write!(stream, "GET /__charter/reload HTTP/1.1\r\nHost: {}\r\n\r\n", args.addr).unwrap();
        let mut byte = [0];
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            stream.read_exact(&mut byte).unwrap();
            head.push(byte[0]);
        }
        open.push(stream);
    }
    std::thread::sleep(Duration::from_millis(500));
    let during = usage(args.pid);
    let n = args.streams as f64;
    println!(
        "{} idle reload streams: +{:.1} KiB resident each, +{} threads, +{} file descriptors",
        args.streams,
        (during.rss_kib as f64 - before.rss_kib as f64) / n,
        during.threads as i64 - before.threads as i64,
        during.fds as i64 - before.fds as i64,
    );
    let closed = Instant::now();
    drop(open);
    let mut after = usage(args.pid);
    while after.fds > before.fds + 2 && closed.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(50));
        after = usage(args.pid);
    }
    println!(
        "closed: back to {} threads, {} file descriptors ({} before) after {:.1} s",
        after.threads,
        after.fds,
        before.fds,
        closed.elapsed().as_secs_f64()
    );
}

struct Usage {
    rss_kib: u64,
    threads: usize,
    fds: usize,
}

fn usage(pid: u32) -> Usage {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc/<pid>/status");
    let rss_kib = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let count = |dir: &str| std::fs::read_dir(format!("/proc/{pid}/{dir}")).map_or(0, |d| d.count());
    Usage {
        rss_kib,
        threads: count("task"),
        fds: count("fd"),
    }
}
