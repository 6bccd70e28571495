//! Live reload: open pages listen to a Server-Sent Events stream and reload
//! when a rebuild has changed what the server serves.
//!
//! Every build the server publishes has a generation number. Each served
//! HTML page carries the generation it came from, and asks the stream for
//! anything newer, so a rebuild that finishes between the page's load and
//! its connection to the stream is not missed.

use std::io::{self, Write};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The stream's path, without its leading `/`.
pub const ENDPOINT: &str = "__charter/reload";

/// How often an idle stream sends a comment, so that a closed tab is noticed.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The generations published so far, and the streams waiting for the next.
pub struct Hub {
    state: Mutex<HubState>,
    changed: Condvar,
}

struct HubState {
    generation: u64,
    closed: bool,
    streams: usize,
}

impl Hub {
    /// A hub whose first generation is `start`. Starting from the clock makes
    /// a restarted server newer than the pages still open from the last one.
    pub fn new(start: u64) -> Hub {
        Hub {
            state: Mutex::new(HubState {
                generation: start,
                closed: false,
                streams: 0,
            }),
            changed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, HubState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Announces that generation `generation` is being served.
    pub fn publish(&self, generation: u64) {
        let mut state = self.lock();
        state.generation = state.generation.max(generation);
        self.changed.notify_all();
    }

    /// Ends every stream, and refuses new ones.
    pub fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }

    /// Waits until every stream has ended, for at most `timeout`.
    pub fn wait_for_streams(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        let mut state = self.lock();
        while state.streams > 0 {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            state = self
                .changed
                .wait_timeout(state, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        true
    }

    /// Writes the events of one stream to `out` until the hub closes or the
    /// client goes away. `since` is the generation of the page listening
    /// (None: whatever is served now).
    pub fn stream(&self, since: Option<u64>, out: &mut dyn Write) -> io::Result<()> {
        let mut state = self.lock();
        if state.closed {
            return Ok(());
        }
        state.streams += 1;
        let mut seen = since.unwrap_or(state.generation);
        drop(state);
        let result = (|| {
            send(out, "retry: 1000\n\n")?;
            let mut state = self.lock();
            loop {
                if state.closed {
                    return Ok(());
                }
                let message = if state.generation > seen {
                    seen = state.generation;
                    format!("event: reload\ndata: {seen}\n\n")
                } else {
                    let (next, waited) = self
                        .changed
                        .wait_timeout(state, KEEP_ALIVE)
                        .unwrap_or_else(|e| e.into_inner());
                    state = next;
                    if !waited.timed_out() {
                        continue;
                    }
                    ": keep-alive\n\n".to_string()
                };
                drop(state);
                send(out, &message)?;
                state = self.lock();
            }
        })();
        self.lock().streams -= 1;
        self.changed.notify_all();
        result
    }
}

fn send(out: &mut dyn Write, text: &str) -> io::Result<()> {
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// The script that served pages get: reload on the stream's `reload` event.
pub fn script(generation: u64) -> String {
    format!(
        "<script>/* charter serve: live reload */new EventSource(\"/{ENDPOINT}?since={generation}\")\
         .addEventListener(\"reload\",function(){{location.reload()}});</script>"
    )
}

/// `html` with the live-reload script just before its last `</body>` (at the
/// end when it has none).
pub fn inject(html: &[u8], generation: u64) -> Vec<u8> {
    let script = script(generation);
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    (0..=haystack.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The `since` parameter of a stream's query string (`?since=42`).
pub fn since(query: &str) -> Option<u64> {
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn injects_before_the_last_body_end() {
        let html = b"<html><body><p>a</p></BODY></html>";
        let out = String::from_utf8(inject(html, 7)).unwrap();
        assert!(out.starts_with("<html><body><p>a</p><script>"), "{out}");
        assert!(out.ends_with("</script></BODY></html>"), "{out}");
        assert!(out.contains("/__charter/reload?since=7"), "{out}");
        let out = String::from_utf8(inject(b"<p>no body", 1)).unwrap();
        assert!(out.starts_with("<p>no body<script>"), "{out}");
        assert!(String::from_utf8(inject(b"", 1)).unwrap().starts_with("<script>"));
    }

    #[test]
    fn reads_since() {
        assert_eq!(since("?since=42"), Some(42));
        assert_eq!(since("?a=1&since=5"), Some(5));
        assert_eq!(since("?since=x"), None);
        assert_eq!(since(""), None);
    }

    /// A writer that hands what it gets to the test.
    struct Pipe(std::sync::mpsc::Sender<String>);
    impl Write for Pipe {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0
                .send(String::from_utf8_lossy(buf).into_owned())
                .map_err(|_| io::ErrorKind::BrokenPipe)?;
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn streams_reloads_and_ends_on_close() {
        let hub = Arc::new(Hub::new(10));
        let (tx, rx) = std::sync::mpsc::channel();
        let h = Arc::clone(&hub);
        // The page came from generation 9: it is told at once that 10 is out.
        let t = std::thread::spawn(move || h.stream(Some(9), &mut Pipe(tx)));
        let wait = Duration::from_secs(5);
        assert_eq!(rx.recv_timeout(wait).unwrap(), "retry: 1000\n\n");
        assert_eq!(rx.recv_timeout(wait).unwrap(), "event: reload\ndata: 10\n\n");
        hub.publish(11);
        assert_eq!(rx.recv_timeout(wait).unwrap(), "event: reload\ndata: 11\n\n");
        hub.close();
        t.join().unwrap().unwrap();
        assert!(hub.wait_for_streams(wait));
        // A closed hub refuses new streams.
        let (tx, rx) = std::sync::mpsc::channel();
        hub.stream(None, &mut Pipe(tx)).unwrap();
        assert!(rx.try_recv().is_err());
    }
}
