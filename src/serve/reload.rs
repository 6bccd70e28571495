//! Live reload: open pages listen to a Server-Sent Events stream and reload
//! when a rebuild has changed what the server serves.
//!
//! Every build the server publishes has a generation number. Each served
//! HTML page carries the generation it came from, and asks the stream for
//! anything newer, so a rebuild that finishes between the page's load and
//! its connection to the stream is not missed.
//!
//! A stream is a response body polled by the server's event loop: it costs
//! no thread, and ends as soon as the connection does.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::body::{Bytes, Frame};
use tokio::sync::watch;
use tokio::time::{Instant, Sleep};

/// The stream's path, without its leading `/`.
pub const ENDPOINT: &str = "__charter/reload";

/// How often an idle stream sends a comment. A client that closed its
/// connection is noticed at once; one that vanished (a sleeping laptop, a
/// dropped network) is noticed when a write to it fails.
const HEARTBEAT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone, Copy)]
struct State {
    generation: u64,
    closed: bool,
}

/// The generations published so far; streams subscribe to it.
pub struct Hub {
    state: watch::Sender<State>,
}

impl Hub {
    /// A hub whose first generation is `start`. Starting from the clock makes
    /// a restarted server newer than the pages still open from the last one.
    pub fn new(start: u64) -> Hub {
        let (state, _) = watch::channel(State {
            generation: start,
            closed: false,
        });
        Hub { state }
    }

    /// Announces that generation `generation` is being served. Callable from
    /// any thread.
    pub fn publish(&self, generation: u64) {
        self.state.send_modify(|s| s.generation = s.generation.max(generation));
    }

    /// Ends every stream, and refuses new ones.
    pub fn close(&self) {
        self.state.send_modify(|s| s.closed = true);
    }

    #[cfg(test)]
    /// How many streams are open.
    pub fn streams(&self) -> usize {
        self.state.receiver_count()
    }

    /// The events of one stream, for a page of generation `since` (None:
    /// whatever is served now); None once the hub is closed. Must be called
    /// inside the server's runtime (the heartbeat uses its timer).
    pub fn events(&self, since: Option<u64>) -> Option<Events> {
        let mut rx = self.state.subscribe();
        let state = *rx.borrow_and_update();
        if state.closed {
            return None;
        }
        // Look at the state once at the start, so that a page older than
        // the current build reloads at once.
        rx.mark_changed();
        Some(Events {
            seen: since.unwrap_or(state.generation),
            greeted: false,
            change: Box::pin(changed(rx)),
            heartbeat: Box::pin(tokio::time::sleep(HEARTBEAT)),
        })
    }
}

/// Waits for the hub's next change, and hands the receiver back (None when
/// the hub is gone). Owning the receiver keeps the future free of borrows.
async fn changed(mut rx: watch::Receiver<State>) -> Option<watch::Receiver<State>> {
    rx.changed().await.ok()?;
    Some(rx)
}

type Change = Pin<Box<dyn Future<Output = Option<watch::Receiver<State>>> + Send>>;

/// One live-reload stream, as a response body.
pub struct Events {
    /// The newest generation this page was told of.
    seen: u64,
    /// The `retry:` line was sent.
    greeted: bool,
    change: Change,
    heartbeat: Pin<Box<Sleep>>,
}

impl Events {
    /// The next text to send, or None when the stream is over.
    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        if !self.greeted {
            self.greeted = true;
            return Poll::Ready(Some(Bytes::from_static(b"retry: 1000\n\n")));
        }
        while let Poll::Ready(rx) = self.change.as_mut().poll(cx) {
            let Some(mut rx) = rx else {
                return Poll::Ready(None);
            };
            let state = *rx.borrow_and_update();
            self.change = Box::pin(changed(rx));
            if state.closed {
                return Poll::Ready(None);
            }
            if state.generation > self.seen {
                self.seen = state.generation;
                self.heartbeat.as_mut().reset(Instant::now() + HEARTBEAT);
                return Poll::Ready(Some(Bytes::from(format!("event: reload\ndata: {}\n\n", self.seen))));
            }
        }
        if self.heartbeat.as_mut().poll(cx).is_ready() {
            self.heartbeat.as_mut().reset(Instant::now() + HEARTBEAT);
            return Poll::Ready(Some(Bytes::from_static(b": keep-alive\n\n")));
        }
        Poll::Pending
    }
}

impl hyper::body::Body for Events {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.get_mut()
            .poll_next(cx)
            .map(|text| text.map(|t| Ok(Frame::data(t))))
    }
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
    use hyper::body::Body;

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

    /// Runs `f` on a runtime like the server's.
    fn on_runtime<T>(f: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
            .block_on(f)
    }

    /// The stream's next text, or None at its end.
    async fn next(events: &mut Events) -> Option<String> {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut *events).poll_frame(cx)).await?;
        let data = frame.unwrap().into_data().unwrap();
        Some(String::from_utf8(data.to_vec()).unwrap())
    }

    #[test]
    fn streams_reloads_and_ends_on_close() {
        let hub = Hub::new(10);
        on_runtime(async {
            // The page came from generation 9: it is told at once that 10 is out.
            let mut events = hub.events(Some(9)).unwrap();
            assert_eq!(hub.streams(), 1);
            assert_eq!(next(&mut events).await.unwrap(), "retry: 1000\n\n");
            assert_eq!(next(&mut events).await.unwrap(), "event: reload\ndata: 10\n\n");
            hub.publish(11);
            assert_eq!(next(&mut events).await.unwrap(), "event: reload\ndata: 11\n\n");
            // A page of the current build waits for the next one.
            let mut current = hub.events(None).unwrap();
            assert_eq!(next(&mut current).await.unwrap(), "retry: 1000\n\n");
            hub.publish(12);
            assert_eq!(next(&mut current).await.unwrap(), "event: reload\ndata: 12\n\n");
            hub.close();
            assert_eq!(next(&mut events).await, None);
            assert_eq!(next(&mut current).await, None);
            drop((events, current));
            assert_eq!(hub.streams(), 0);
            // A closed hub refuses new streams.
            assert!(hub.events(None).is_none());
        });
    }

    #[test]
    fn an_idle_stream_sends_heartbeats() {
        let hub = Hub::new(1);
        // The clock is paused: it jumps to the next timer when all else waits.
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .start_paused(true)
            .build()
            .unwrap();
        runtime.block_on(async {
            let mut events = hub.events(None).unwrap();
            next(&mut events).await.unwrap();
            let started = Instant::now();
            assert_eq!(next(&mut events).await.unwrap(), ": keep-alive\n\n");
            assert_eq!(next(&mut events).await.unwrap(), ": keep-alive\n\n");
            assert_eq!(started.elapsed(), 2 * HEARTBEAT);
        });
    }
}
