//! The HTTP server: one thread running an event loop (tokio, one thread) on
//! which hyper answers every connection, live-reload streams included.
//!
//! The preview must not stop serving whatever its clients do, so:
//! - an error accepting a connection (out of file descriptors, above all) is
//!   never fatal: the loop pauses, longer each time, and tries again;
//! - at most [`MAX_CONNECTIONS`] connections are open at once: the next one
//!   waits in the system's queue until one closes;
//! - a request head over [`MAX_HEAD`] bytes gets `431` and its connection is
//!   closed, and a head not sent within [`HEAD_TIMEOUT`] (or a kept-alive
//!   connection left idle that long) is closed, so idle clients do not hold
//!   places for long;
//! - a closed live-reload stream is noticed at once, and costs no thread.

use std::convert::Infallible;
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Semaphore, oneshot};

use super::Live;
use super::host::Allowed;
use super::http;

/// Connections open at once. Each holds a file descriptor and a buffer of
/// at most about [`MAX_HEAD`] bytes; far more than a few browsers need.
pub const MAX_CONNECTIONS: usize = 256;
/// The request line and headers, together.
pub const MAX_HEAD: usize = 16 * 1024;
/// How long a client may take to send a request head, and how long a
/// kept-alive connection may wait idle for its next request.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// After Ctrl-C, how long requests in progress may take to finish.
const DRAIN: Duration = Duration::from_secs(2);
/// Pauses after a failed accept: the first, and the longest.
const PAUSE_FIRST: Duration = Duration::from_millis(10);
const PAUSE_MOST: Duration = Duration::from_secs(1);
/// A warning about the same trouble is repeated at most this often.
const WARN_EVERY: Duration = Duration::from_secs(60);

/// The running server.
pub struct Server {
    stop: oneshot::Sender<()>,
    thread: JoinHandle<()>,
}

impl Server {
    /// Serves `listener` on a thread of its own until [`Server::stop`].
    pub fn start(listener: std::net::TcpListener, live: Arc<Live>, hosts: Allowed) -> std::io::Result<Server> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()?;
        listener.set_nonblocking(true)?;
        let listener = {
            let _inside = runtime.enter();
            TcpListener::from_std(listener)?
        };
        let (stop, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("charter-http".into())
            .spawn(move || runtime.block_on(serve(listener, live, hosts, stopped)))?;
        Ok(Server { stop, thread })
    }

    /// Stops accepting, lets the requests in progress finish for a moment,
    /// then closes every connection. Close the hub first, so that the
    /// live-reload streams end.
    pub fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.thread.join();
    }
}

async fn serve(listener: TcpListener, live: Arc<Live>, hosts: Allowed, stopped: oneshot::Receiver<()>) {
    let places = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let accepting = tokio::spawn(accept_loop(listener, live, hosts, Arc::clone(&places)));
    let _ = stopped.await;
    // Ending the loop closes the port and drops its GracefulShutdown, which
    // tells every connection to close once its answer is sent.
    accepting.abort();
    let _ = accepting.await;
    let _ = tokio::time::timeout(DRAIN, places.acquire_many(MAX_CONNECTIONS as u32)).await;
}

async fn accept_loop(listener: TcpListener, live: Arc<Live>, hosts: Allowed, places: Arc<Semaphore>) {
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_header_size(MAX_HEAD);
    let hosts = Arc::new(hosts);
    let (mut full, mut failing) = (Warning::default(), Warning::default());
    loop {
        let place = match Arc::clone(&places).try_acquire_owned() {
            Ok(place) => place,
            Err(_) => {
                full.warn(&format!(
                    "{MAX_CONNECTIONS} connections are open; new ones wait until one closes"
                ));
                match Arc::clone(&places).acquire_owned().await {
                    Ok(place) => place,
                    Err(_) => return,
                }
            }
        };
        let stream = accept(&listener, &mut failing).await;
        let _ = stream.set_nodelay(true);
        let (live, hosts) = (Arc::clone(&live), Arc::clone(&hosts));
        let service = service_fn(move |request| {
            let response = http::respond(&request, &live, &hosts);
            async move { Ok::<_, Infallible>(response) }
        });
        let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
        tokio::spawn(async move {
            // A client that goes away mid-answer is no concern of the preview.
            let _ = connection.await;
            drop(place);
        });
    }
}

/// The next connection. An error is never fatal: most are the system out of
/// something (file descriptors, above all) that closing connections gives
/// back, so the loop pauses, twice as long each time up to a second, and
/// tries again.
async fn accept(listener: &TcpListener, warning: &mut Warning) -> TcpStream {
    let mut pause = PAUSE_FIRST;
    loop {
        match listener.accept().await {
            Ok((stream, _)) => return stream,
            Err(e) => {
                warning.warn(&format!(
                    "cannot accept a connection ({e}); trying again (too many connections or \
                     open files? see `ulimit -n`)"
                ));
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(PAUSE_MOST);
            }
        }
    }
}

/// A warning printed once, then at most once a minute while it lasts.
#[derive(Default)]
struct Warning {
    last: Option<Instant>,
}

impl Warning {
    fn warn(&mut self, text: &str) {
        if self.last.is_none_or(|at| at.elapsed() >= WARN_EVERY) {
            crate::ui::warning(text);
            self.last = Some(Instant::now());
        }
    }
}
