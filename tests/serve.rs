//! `charter serve`: the real binary on a free port, serving a copy of the
//! example site, spoken to with a minimal HTTP/1.1 client.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use common::Site;

/// How long one request may take.
const TIMEOUT: Duration = Duration::from_secs(20);
/// Polling for a rebuild: at most this many requests, this far apart.
const POLLS: usize = 100;
const POLL_EVERY: Duration = Duration::from_millis(100);

/// A running `charter serve`, killed when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    url: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &Site) -> Server {
        Server::start_with(site, &[])
    }

    /// Started with `args` after `--root` and `--port 0`.
    fn start_with(site: &Site, args: &[&str]) -> Server {
        Server::launch(Server::command(site, args))
    }

    fn command(site: &Site, args: &[&str]) -> Command {
        let mut command = Command::new(assert_cmd::cargo::cargo_bin("charter"));
        command
            .arg("serve")
            .arg("--root")
            .arg(site.root())
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// Started with at most `files` open file descriptors.
    #[cfg(target_os = "linux")]
    fn start_with_fd_limit(site: &Site, files: u64) -> Server {
        use std::os::unix::process::CommandExt;
        let mut command = Server::command(site, &[]);
        let limit = libc::rlimit {
            rlim_cur: files,
            rlim_max: files,
        };
        // SAFETY: setrlimit is async-signal-safe, and `limit` is a plain
        // value copied into the child.
        unsafe {
            command.pre_exec(move || {
                if libc::setrlimit(libc::RLIMIT_NOFILE, &limit) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            });
        }
        Server::launch(command)
    }

    fn launch(mut command: Command) -> Server {
        let mut child = command.spawn().expect("start charter serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut buf = [0; 4096];
            while let Ok(n @ 1..) = err.read(&mut buf) {
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let out = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut out = BufReader::new(out);
            let mut line = String::new();
            let _ = out.read_line(&mut line);
            let _ = tx.send(line);
            let _ = std::io::copy(&mut out, &mut std::io::sink());
        });
        let mut server = Server {
            child,
            addr: "127.0.0.1:1".parse().unwrap(),
            url: String::new(),
            stderr,
        };
        let line = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_default();
        let url = line
            .strip_prefix("Serving ")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no `Serving <url>` line but {line:?}; stderr:\n{}", server.stderr()));
        assert!(line.trim_end().ends_with("(Ctrl-C to stop)"), "{line}");
        server.url = url.to_string();
        server.addr = url
            .strip_prefix("http://")
            .unwrap()
            .parse()
            .expect("an address and port");
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The server's standard error once it holds `text` (it is read on
    /// another thread), or a failure saying what it held.
    fn poll_stderr(&self, text: &str) -> String {
        for _ in 0..POLLS {
            let stderr = self.stderr();
            if stderr.contains(text) {
                return stderr;
            }
            std::thread::sleep(POLL_EVERY);
        }
        panic!("no `{text}` on standard error:\n{}", self.stderr());
    }

    /// Sends `method target` and reads the whole response.
    fn request(&self, method: &str, target: &str) -> Response {
        let mut stream = self.connect(method, target);
        let mut raw = Vec::new();
        stream
            .read_to_end(&mut raw)
            .unwrap_or_else(|e| panic!("{method} {target}: {e}"));
        Response::parse(&raw, method != "HEAD")
    }

    fn get(&self, target: &str) -> Response {
        self.request("GET", target)
    }

    fn connect(&self, method: &str, target: &str) -> TcpStream {
        let mut stream = TcpStream::connect_timeout(&self.addr, TIMEOUT).expect("connect to charter serve");
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(TIMEOUT)).unwrap();
        write!(
            stream,
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        stream
    }

    /// Sends `head` as it is (with `{host}` replaced by the server's
    /// address) and reads the whole response.
    fn raw(&self, head: &str) -> Response {
        let mut stream = TcpStream::connect_timeout(&self.addr, TIMEOUT).expect("connect to charter serve");
        stream.set_read_timeout(Some(TIMEOUT)).unwrap();
        stream.set_write_timeout(Some(TIMEOUT)).unwrap();
        stream
            .write_all(head.replace("{host}", &self.addr.to_string()).as_bytes())
            .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap_or_else(|e| {
            let start: String = head.chars().take(80).collect();
            panic!("{start:?}: {e}")
        });
        Response::parse(&raw, true)
    }

    /// How many entries `/proc/<pid>/<dir>` has: `task` for threads, `fd`
    /// for open files and sockets.
    #[cfg(target_os = "linux")]
    fn count(&self, dir: &str) -> usize {
        std::fs::read_dir(format!("/proc/{}/{dir}", self.child.id()))
            .unwrap_or_else(|e| panic!("/proc/{}/{dir}: {e}", self.child.id()))
            .count()
    }

    /// The server's resident memory, in KiB.
    #[cfg(target_os = "linux")]
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("VmRSS");
        line.split_whitespace().nth(1).unwrap().parse().unwrap()
    }

    /// Waits until `count(dir)` is at most `most`, and returns it.
    #[cfg(target_os = "linux")]
    fn poll_count(&self, dir: &str, most: usize) -> usize {
        for _ in 0..POLLS {
            let n = self.count(dir);
            if n <= most {
                return n;
            }
            std::thread::sleep(POLL_EVERY);
        }
        panic!(
            "/proc/<pid>/{dir} still has {} entries, not {most} or fewer",
            self.count(dir)
        );
    }

    /// GETs `target` until `ok` holds, and returns that response.
    fn poll(&self, target: &str, what: &str, ok: impl Fn(&Response) -> bool) -> Response {
        let mut last = None;
        for _ in 0..POLLS {
            let response = self.get(target);
            if ok(&response) {
                return response;
            }
            last = Some(response);
            std::thread::sleep(POLL_EVERY);
        }
        let last = last.unwrap();
        panic!(
            "{target} never showed {what}: last status {}, body:\n{}\nstderr:\n{}",
            last.status,
            last.body,
            self.stderr()
        );
    }

    /// Waits until the server's messages include `text`.
    fn wait_for_message(&self, text: &str) {
        for _ in 0..POLLS {
            if self.stderr().contains(text) {
                return;
            }
            std::thread::sleep(POLL_EVERY);
        }
        panic!("charter serve never printed {text:?}; stderr:\n{}", self.stderr());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if std::thread::panicking() {
            eprintln!("charter serve's messages:\n{}", self.stderr());
        }
    }
}

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn parse(raw: &[u8], with_body: bool) -> Response {
        let text = String::from_utf8_lossy(raw);
        let (head, body) = text
            .split_once("\r\n\r\n")
            .unwrap_or_else(|| panic!("no header end in {text:?}"));
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        assert!(
            status_line.starts_with("HTTP/1.1 ") || status_line.starts_with("HTTP/1.0 "),
            "{status_line}"
        );
        let status = status_line[9..12].parse().unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let response = Response {
            status,
            headers,
            body: body.to_string(),
        };
        if with_body && let Some(len) = response.header("content-length") {
            assert_eq!(len.parse::<usize>().unwrap(), body.len(), "Content-Length");
        }
        response
    }

    fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(k, _)| *k == name).map(|(_, v)| v.as_str())
    }

    fn content_type(&self) -> &str {
        self.header("content-type").unwrap_or_default()
    }

    /// The generation in the page's live-reload script.
    fn generation(&self) -> u64 {
        let at = self.body.find("/__charter/reload?since=").expect("the reload script") + 24;
        let digits: String = self.body[at..].chars().take_while(char::is_ascii_digit).collect();
        digits.parse().unwrap()
    }
}

/// An HTML page as charter serve answers it: the live-reload script just
/// before `</body>`, and never cached.
fn assert_served_html(r: &Response) {
    assert_eq!(r.content_type(), "text/html; charset=utf-8");
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let script = r.body.rfind("<script>").expect("the live-reload script");
    assert!(r.body[script..].contains("/__charter/reload"), "{}", &r.body[script..]);
    assert!(r.body[script..].contains("</script></body>"), "{}", &r.body[script..]);
}

#[test]
fn serves_the_site_with_drafts_from_memory() {
    let site = Site::example();
    let server = Server::start(&site);

    let r = server.get("/privacy/");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("<title>Privacy Policy"), "{}", r.body);
    assert_served_html(&r);
    // Links point at the server itself.
    assert!(
        r.body.contains(&format!("href=\"{}/style.css\"", server.url)),
        "{}",
        r.body
    );

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Terms of Use"));

    for (target, content_type, text) in [
        ("/style.css", "text/css; charset=utf-8", "body"),
        ("/atom.xml", "application/atom+xml; charset=utf-8", "<feed"),
        ("/privacy/atom.xml", "application/atom+xml; charset=utf-8", "<feed"),
        ("/feed.json", "application/feed+json", "\"version\""),
        ("/privacy/versions.json", "application/json", "\"current\""),
        ("/sitemap.xml", "application/xml; charset=utf-8", "<urlset"),
        ("/robots.txt", "text/plain; charset=utf-8", "Sitemap:"),
    ] {
        let r = server.get(target);
        assert_eq!((r.status, r.content_type()), (200, content_type), "{target}");
        assert!(r.body.contains(text), "{target}: {}", r.body);
        assert_eq!(r.header("cache-control"), Some("no-store"), "{target}");
        assert!(!r.body.contains("<script>"), "{target}: only HTML gets the script");
    }

    let head = server.request("HEAD", "/privacy/");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    assert!(head.header("content-length").is_some_and(|l| l != "0"));

    let r = server.get("/privacy");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/privacy/"));

    // The live-reload stream answers as an event stream, and stays open.
    let mut stream = server.connect("GET", "/__charter/reload");
    let head = read_head(&mut stream);
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(
        head.to_ascii_lowercase().contains("content-type: text/event-stream"),
        "{head}"
    );

    // Nothing was written into the site.
    assert!(!site.path("public").exists());
    let entries: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(entries.len(), 3, "{entries:?}");
}

/// Reads a response's head, up to the blank line.
#[test]
fn every_address_is_served_with_links_a_browser_can_open() {
    let site = Site::example();
    let server = Server::start_with(&site, &["--interface", "0.0.0.0"]);
    // The address to open is the loopback one, and it answers.
    assert!(server.url.starts_with("http://127.0.0.1:"), "{}", server.url);
    let r = server.get("/privacy/");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.contains(&format!("href=\"{}/style.css\"", server.url)),
        "{}",
        r.body
    );
    assert!(!r.body.contains("0.0.0.0"), "{}", r.body);
    let note = server.poll_stderr("--base-url");
    assert!(note.contains("listening on every address"), "{note}");
}

#[test]
fn pages_link_to_the_base_url_given() {
    let site = Site::example();
    let server = Server::start_with(&site, &["--base-url", "https://preview.example:8443/"]);
    let r = server.get("/privacy/");
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(
        r.body.contains("href=\"https://preview.example:8443/style.css\""),
        "{}",
        r.body
    );
    assert!(!r.body.contains(&server.url), "{}", r.body);

    let bad = Command::new(assert_cmd::cargo::cargo_bin("charter"))
        .args(["serve", "--root"])
        .arg(site.root())
        .args(["--port", "0", "--base-url", "preview.example"])
        .output()
        .expect("run charter serve");
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("--base-url `preview.example` is not an absolute URL"),
        "{stderr}"
    );
}

fn read_head(stream: &mut TcpStream) -> String {
    let mut head = Vec::new();
    let mut byte = [0];
    while !head.ends_with(b"\r\n\r\n") {
        match stream.read(&mut byte) {
            Ok(1) => head.push(byte[0]),
            other => panic!("the head ended early ({other:?}): {}", String::from_utf8_lossy(&head)),
        }
    }
    String::from_utf8(head).unwrap()
}

/// Reads a stream until `text` arrives.
fn read_until(stream: &mut TcpStream, text: &str) -> String {
    let mut seen = Vec::new();
    let mut buf = [0; 1024];
    while !String::from_utf8_lossy(&seen).contains(text) {
        match stream.read(&mut buf) {
            Ok(n @ 1..) => seen.extend_from_slice(&buf[..n]),
            other => panic!("no {text:?} ({other:?}) in {}", String::from_utf8_lossy(&seen)),
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

#[test]
fn an_edit_shows_up_with_its_draft_and_its_changes() {
    let site = Site::example();
    let server = Server::start(&site);
    let page = server.get("/privacy/");
    assert_eq!(page.status, 200);
    assert_eq!(server.get("/privacy/draft/").status, 404, "no draft before the edit");

    // A page listening for reloads, as the script in it would.
    let mut events = server.connect("GET", &format!("/__charter/reload?since={}", page.generation()));
    read_head(&mut events);

    site.edit("content/privacy.md", |text| {
        text.replacen(
            "we treat that trust as a responsibility",
            "we treat that trust as a Zanzibar responsibility",
            1,
        )
    });
    let draft = server.poll("/privacy/draft/", "the edited text", |r| {
        r.status == 200 && r.body.contains("Zanzibar")
    });
    assert_served_html(&draft);
    let changes = server.get("/privacy/draft/changes/");
    assert_eq!(changes.status, 200, "{}", changes.body);
    assert!(changes.body.contains("Zanzibar"), "{}", changes.body);
    assert!(changes.body.contains("<ins"), "{}", changes.body);
    // The published page links to the draft and to what it changes, and is
    // still the published text.
    let page = server.get("/privacy/");
    for link in ["/privacy/draft/", "/privacy/draft/changes/"] {
        let href = format!("href=\"{}{link}\"", server.url);
        assert!(page.body.contains(&href), "no {href} in {}", page.body);
    }
    assert!(!page.body.contains("Zanzibar"));

    read_until(&mut events, "event: reload");
    server.wait_for_message("rebuilt privacy in ");

    // A second edit, to the same page: it shows the newest text.
    site.edit("content/privacy.md", |text| text.replacen("Zanzibar", "Zeppelin", 1));
    server.poll("/privacy/draft/", "the second edit", |r| r.body.contains("Zeppelin"));
}

#[test]
fn refuses_paths_that_leave_the_site() {
    let site = Site::example();
    // A file beside the site, which no request may read.
    std::fs::write(
        site.outside().join("Cargo.toml"),
        "[package]\nname = \"secret-beside-the-site\"\n",
    )
    .unwrap();
    let server = Server::start(&site);
    for target in [
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/privacy/..%2f..%2fsite.toml",
        "/%2e%2e%2fsite.toml",
        "/privacy/../../site.toml",
        "/..%5csite.toml",
        "/%2e%2e/site/site.toml",
        "/site.toml",
        "/content/privacy.md",
        "/privacy/%00",
    ] {
        let r = server.get(target);
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
        assert!(!r.body.contains("secret-beside-the-site"), "{target}: {}", r.body);
        assert!(!r.body.contains("base_url = "), "{target}: {}", r.body);
        assert!(!r.body.contains("+++"), "{target}: {}", r.body);
    }

    let r = server.get("/no/such/page/");
    assert_eq!(r.status, 404);
    assert!(r.body.contains("Page not found"), "the site's 404 page: {}", r.body);
    assert_served_html(&r);

    for method in ["POST", "PUT", "DELETE"] {
        let r = server.request(method, "/privacy/");
        assert_eq!(r.status, 405, "{method}");
        assert_eq!(r.header("allow"), Some("GET, HEAD"));
    }
}

#[test]
fn a_broken_site_shows_its_problems_until_fixed() {
    let site = Site::example();
    let server = Server::start(&site);
    assert_eq!(server.get("/privacy/").status, 200);

    let config = site.read("site.toml");
    site.write("site.toml", &format!("{config}\nx = \n"));
    let r = server.poll("/privacy/", "an error page", |r| r.status == 500);
    assert_served_html(&r);
    assert!(r.body.contains("site.toml:"), "names the file: {}", r.body);
    assert!(r.body.contains("The site does not build"), "{}", r.body);
    // Every page shows it, unknown ones too; other files of the last good build stay.
    assert_eq!(server.get("/").status, 500);
    assert_eq!(server.get("/no/such/page/").status, 500);
    assert_eq!(server.get("/style.css").status, 200);
    server.wait_for_message("site.toml:");

    site.write("site.toml", &config);
    server.poll("/privacy/", "the page again", |r| r.status == 200);

    // A published revision tampered with: its hash no longer matches.
    let rev = "history/privacy/2019-04-18.md";
    let published = site.read(rev);
    site.write(rev, &format!("{published}\nA sentence nobody published.\n"));
    let r = server.poll("/privacy/", "an error page", |r| r.status == 500);
    assert!(r.body.contains("2019-04-18.md"), "names the file: {}", r.body);
    site.write(rev, &published);
    let r = server.poll("/privacy/", "the page again", |r| r.status == 200);
    assert!(r.body.contains("<title>Privacy Policy"));
}

#[test]
fn a_site_broken_from_the_start_is_served_once_fixed() {
    let site = Site::example();
    let config = site.read("site.toml");
    site.write("site.toml", "title = \n");
    let server = Server::start(&site);
    let r = server.get("/");
    assert_eq!(r.status, 500);
    assert!(r.body.contains("site.toml:"), "{}", r.body);
    site.write("site.toml", &config);
    server.poll("/", "the home page", |r| {
        r.status == 200 && r.body.contains("Inkwell policies")
    });
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = Site::example();
    let mut server = Server::start(&site);
    // An open page, listening: stopping must not wait for it.
    let mut events = server.connect("GET", "/__charter/reload");
    read_head(&mut events);
    let status = Command::new("kill")
        .args(["-INT", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let mut exit = None;
    for _ in 0..POLLS {
        exit = server.child.try_wait().unwrap();
        if exit.is_some() {
            break;
        }
        std::thread::sleep(POLL_EVERY);
    }
    let exit = exit.unwrap_or_else(|| panic!("still running after Ctrl-C; stderr:\n{}", server.stderr()));
    assert!(exit.success(), "{exit:?}");
    // The stream ended with the server.
    let mut rest = Vec::new();
    let _ = events.read_to_end(&mut rest);
    assert!(
        TcpStream::connect_timeout(&server.addr, TIMEOUT).is_err(),
        "nothing listens any more"
    );
}

/// Opening connections until none more is taken (the server out of file
/// descriptors) must not stop it: once they close, it serves again.
#[cfg(target_os = "linux")]
#[test]
fn running_out_of_file_descriptors_does_not_stop_serving() {
    let site = Site::example();
    let server = Server::start_with_fd_limit(&site, 64);
    assert_eq!(server.get("/").status, 200);
    assert!(
        server.count("fd") < 40,
        "the idle server holds {} files",
        server.count("fd")
    );

    // Idle connections: each one the server accepts holds a descriptor.
    let mut open = Vec::new();
    for _ in 0..150 {
        match TcpStream::connect_timeout(&server.addr, Duration::from_secs(1)) {
            Ok(stream) => open.push(stream),
            Err(_) => break,
        }
    }
    let warning = server.poll_stderr("cannot accept a connection");
    assert!(warning.contains("ulimit -n"), "{warning}");
    drop(open);

    let r = server.poll("/privacy/", "the page again", |r| r.status == 200);
    assert!(r.body.contains("<title>Privacy Policy"), "{}", r.body);
}

/// A request head over 16 KiB gets 431, its connection is closed, and what
/// was sent of it is not kept.
#[cfg(target_os = "linux")]
#[test]
fn an_oversized_head_is_refused_and_not_kept() {
    let site = Site::example();
    let server = Server::start(&site);
    assert_eq!(server.get("/").status, 200);
    let before = server.rss_kib();

    // Just over the limit, the end of the head never sent.
    let r = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: {{host}}\r\nX-Long: {}",
        "a".repeat(17 * 1024)
    ));
    assert_eq!(r.status, 431, "{r:?}");

    // Four clients each sending 8 MiB of one header, none of it ever ending.
    let senders: Vec<_> = (0..4)
        .map(|_| {
            let addr = server.addr;
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect_timeout(&addr, TIMEOUT).unwrap();
                stream.set_write_timeout(Some(TIMEOUT)).unwrap();
                let chunk = vec![b'a'; 64 * 1024];
                let mut sent = stream.write_all(format!("GET / HTTP/1.1\r\nHost: {addr}\r\nX-Long: ").as_bytes());
                for _ in 0..128 {
                    sent = sent.and_then(|()| stream.write_all(&chunk));
                }
                // The server closed the connection long before the end.
                assert!(sent.is_err(), "8 MiB of header were all taken");
            })
        })
        .collect();
    for sender in senders {
        sender.join().unwrap();
    }
    let after = server.rss_kib();
    assert!(
        after < before + 8 * 1024,
        "resident memory grew from {before} KiB to {after} KiB"
    );
    assert_eq!(server.get("/").status, 200);
}

/// Live-reload streams cost no thread each, and what a closed one held is
/// given back within moments.
#[cfg(target_os = "linux")]
#[test]
fn closed_reload_streams_are_released() {
    let site = Site::example();
    let server = Server::start(&site);
    let page = server.get("/privacy/");
    let (threads, files) = (server.count("task"), server.count("fd"));

    let mut streams = Vec::new();
    for _ in 0..40 {
        let mut stream = server.connect("GET", &format!("/__charter/reload?since={}", page.generation()));
        let head = read_head(&mut stream);
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        streams.push(stream);
    }
    // Each stream holds its socket (the baseline may have held a file or two
    // for a moment).
    assert!(server.count("fd") >= files + 30, "{files}, then {}", server.count("fd"));
    let busy_threads = server.count("task");
    assert!(
        busy_threads <= threads + 1,
        "{threads} threads before the streams, {busy_threads} with them"
    );

    drop(streams);
    server.poll_count("fd", files + 2);
    server.poll_count("task", threads + 1);
    // And the server still streams.
    let mut events = server.connect("GET", "/__charter/reload?since=1");
    read_until(&mut events, "event: reload");
}

#[test]
fn requests_for_other_hosts_are_refused() {
    let site = Site::example();
    let server = Server::start_with(&site, &["--base-url", "https://preview.example:8443"]);
    let port = server.addr.port();
    for head in [
        format!("GET /privacy/ HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"),
        "GET /privacy/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".to_string(),
        "GET http://evil.example/privacy/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".to_string(),
        "GET /privacy/ HTTP/1.0\r\n\r\n".to_string(),
    ] {
        let r = server.raw(&head);
        assert!(r.status == 421 || r.status == 400, "{head:?}: {r:?}");
        assert!(!r.body.contains("Privacy Policy"), "{head:?}: {}", r.body);
        assert_eq!(r.content_type(), "text/plain; charset=utf-8", "{head:?}");
    }
    let r = server.raw(&format!(
        "GET / HTTP/1.1\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"
    ));
    assert_eq!(r.status, 421);
    assert!(r.body.contains("refuses requests for `evil.example:"), "{}", r.body);
    assert!(r.body.contains(&format!("Open {}", server.url)), "{}", r.body);

    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "preview.example:8443".to_string(),
    ] {
        let r = server.raw(&format!(
            "GET /privacy/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        ));
        assert_eq!(r.status, 200, "{host}: {}", r.body);
    }
}

#[test]
fn redirects_percent_encode_the_query() {
    let site = Site::example();
    let server = Server::start(&site);
    let r = server.raw("GET /privacy?q=é{|}^`[\\]x%41 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    assert_eq!(r.status, 301, "{r:?}");
    assert_eq!(
        r.header("location"),
        Some("/privacy/?q=%C3%A9%7B%7C%7D%5E%60%5B%5C%5Dx%41")
    );
    // Control characters are refused, or encoded: never copied as they are.
    let mut stream = TcpStream::connect_timeout(&server.addr, TIMEOUT).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "GET /privacy?a=\x1b[2J\x01\x7f HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let head = raw
        .split(|&b| b == b'\n')
        .take_while(|l| l != b"\r")
        .collect::<Vec<_>>();
    for line in &head {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        assert!(
            line.iter().all(|&b| (0x20..0x7f).contains(&b)),
            "a control character in {:?}",
            String::from_utf8_lossy(line)
        );
    }
    let status = String::from_utf8_lossy(head.first().expect("a response"));
    assert!(
        status.starts_with("HTTP/1.1 400") || status.starts_with("HTTP/1.1 301"),
        "{status}"
    );
}
