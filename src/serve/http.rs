//! Answering requests from the built site in memory.
//!
//! [`answer`] decides everything (status, headers, body) without touching a
//! socket, so the serving rules are tested directly; [`respond`] turns its
//! answer into a response for hyper, after checking the request's host.

use std::convert::Infallible;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use hyper::body::{Bytes, Frame, SizeHint};
use hyper::header::{
    ALLOW, CACHE_CONTROL, CONTENT_TYPE, HOST, HeaderName, HeaderValue, LOCATION, X_CONTENT_TYPE_OPTIONS,
};
use hyper::{Method, Request, Response, StatusCode};

use super::Live;
use super::build::Snapshot;
use super::host::Allowed;
use super::path;
use super::reload::{self, Events};

/// An answer to one request.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    /// Headers besides Content-Type and those every response gets.
    pub headers: Vec<(HeaderName, String)>,
    pub body: Body,
}

#[derive(Debug)]
pub enum Body {
    /// A built file, sent as it is.
    Shared(Arc<[u8]>),
    Owned(Vec<u8>),
    /// The live-reload stream, for a page of this generation.
    Events {
        since: Option<u64>,
    },
}

impl Body {
    #[cfg(test)]
    pub fn bytes(&self) -> &[u8] {
        match self {
            Body::Shared(b) => b,
            Body::Owned(b) => b,
            Body::Events { .. } => &[],
        }
    }
}

const HTML: &str = "text/html; charset=utf-8";
const TEXT: &str = "text/plain; charset=utf-8";
const EVENTS: &str = "text/event-stream";

/// The Content-Type of a built file, from its name.
pub fn content_type(file: &str) -> &'static str {
    let name = file.rsplit('/').next().unwrap_or(file);
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match (name, ext.as_deref()) {
        ("atom.xml", _) | (_, Some("atom")) => "application/atom+xml; charset=utf-8",
        ("feed.json", _) => "application/feed+json",
        (_, Some("html" | "htm")) => HTML,
        (_, Some("css")) => "text/css; charset=utf-8",
        (_, Some("js" | "mjs")) => "text/javascript; charset=utf-8",
        (_, Some("xml" | "xsl")) => "application/xml; charset=utf-8",
        (_, Some("json" | "map")) => "application/json",
        (_, Some("txt")) => TEXT,
        (_, Some("md")) => "text/markdown; charset=utf-8",
        (_, Some("svg")) => "image/svg+xml",
        (_, Some("png")) => "image/png",
        (_, Some("jpg" | "jpeg")) => "image/jpeg",
        (_, Some("gif")) => "image/gif",
        (_, Some("webp")) => "image/webp",
        (_, Some("avif")) => "image/avif",
        (_, Some("ico")) => "image/x-icon",
        (_, Some("woff")) => "font/woff",
        (_, Some("woff2")) => "font/woff2",
        (_, Some("ttf")) => "font/ttf",
        (_, Some("otf")) => "font/otf",
        (_, Some("pdf")) => "application/pdf",
        _ => "application/octet-stream",
    }
}

fn plain(status: u16, text: String) -> Reply {
    Reply {
        status,
        content_type: TEXT,
        headers: Vec::new(),
        body: Body::Owned(text.into_bytes()),
    }
}

/// An HTML reply, with the live-reload script of `generation`.
fn html(status: u16, page: &[u8], generation: u64) -> Reply {
    Reply {
        status,
        content_type: HTML,
        headers: Vec::new(),
        body: Body::Owned(reload::inject(page, generation)),
    }
}

/// How the preview answers `method target` from what it serves now.
pub fn answer(method: &str, target: &str, snapshot: &Snapshot) -> Reply {
    if method != "GET" && method != "HEAD" {
        let mut reply = plain(
            405,
            format!("{method} is not allowed: the preview serves GET and HEAD\n"),
        );
        reply.headers.push((ALLOW, "GET, HEAD".to_string()));
        return reply;
    }
    let path = match path::parse(target) {
        Ok(p) => p,
        Err(why) => return plain(400, format!("bad request: {why}\n")),
    };
    if path.key == reload::ENDPOINT {
        return Reply {
            status: 200,
            content_type: EVENTS,
            headers: Vec::new(),
            body: Body::Events {
                since: reload::since(&path.query),
            },
        };
    }
    let files = &snapshot.files;
    let file = path.file();
    let found = files.get(&file);
    if found.is_none() && !path.dir && files.contains_key(&format!("{}/index.html", path.key)) {
        let location = format!(
            "{}{}",
            path::percent_encode(&format!("/{}/", path.key)),
            path::encode_query(&path.query)
        );
        return Reply {
            status: 301,
            content_type: TEXT,
            headers: vec![(LOCATION, location.clone())],
            body: Body::Owned(format!("moved to {location}\n").into_bytes()),
        };
    }
    let is_html = content_type(&file) == HTML;
    if let Some(page) = &snapshot.error_page
        && (found.is_none() || is_html)
    {
        return html(500, page.as_bytes(), snapshot.generation);
    }
    match found {
        Some(bytes) if is_html => html(200, bytes, snapshot.generation),
        Some(bytes) => Reply {
            status: 200,
            content_type: content_type(&file),
            headers: Vec::new(),
            body: Body::Shared(Arc::clone(bytes)),
        },
        None => match files.get("404.html") {
            Some(page) => html(404, page, snapshot.generation),
            None => html(
                404,
                b"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\
                  <body><h1>Not found</h1></body></html>\n",
                snapshot.generation,
            ),
        },
    }
}

/// A response body: bytes from memory, or a live-reload stream.
pub enum Payload {
    /// None once sent.
    Bytes(Option<Bytes>),
    Events(Events),
}

impl hyper::body::Body for Payload {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Payload::Bytes(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Payload::Events(events) => Pin::new(events).poll_frame(cx),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Payload::Bytes(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Payload::Bytes(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Payload::Events(_) => SizeHint::default(),
        }
    }
}

/// Answers one request: refused when it names another host (see
/// [`super::host`]), else as [`answer`] says. A live-reload stream's body
/// goes on until the client leaves or the server stops.
pub fn respond<B>(request: &Request<B>, live: &Live, hosts: &Allowed) -> Response<Payload> {
    let host = match request.uri().authority() {
        Some(authority) => Some(authority.as_str().to_string()),
        None => request
            .headers()
            .get(HOST)
            .map(|h| String::from_utf8_lossy(h.as_bytes()).into_owned()),
    };
    if let Err(why) = hosts.check(host.as_deref()) {
        return to_response(plain(421, why));
    }
    let snapshot = live.snapshot();
    let head = request.method() == Method::HEAD;
    let target = request.uri().path_and_query().map_or("/", |p| p.as_str());
    let reply = answer(request.method().as_str(), target, &snapshot);
    if let Body::Events { since } = reply.body
        && !head
    {
        return match live.hub.events(since) {
            Some(events) => with_headers(reply.status, EVENTS, &[], Payload::Events(events)),
            None => to_response(plain(503, "the preview is stopping\n".to_string())),
        };
    }
    to_response(reply)
}

/// A response with the headers every response gets. For HEAD, hyper sends
/// the same headers as for GET, Content-Length included, and no body.
fn to_response(reply: Reply) -> Response<Payload> {
    let bytes = match reply.body {
        Body::Shared(b) => Bytes::from_owner(b),
        Body::Owned(b) => Bytes::from(b),
        Body::Events { .. } => Bytes::new(),
    };
    with_headers(
        reply.status,
        reply.content_type,
        &reply.headers,
        Payload::Bytes(Some(bytes)),
    )
}

fn with_headers(
    status: u16,
    content_type: &'static str,
    extra: &[(HeaderName, String)],
    body: Payload,
) -> Response<Payload> {
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    for (name, value) in extra {
        // Every value here is ASCII: fixed strings, and percent-encoded locations.
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::build::Files;

    fn snapshot(error: bool) -> Snapshot {
        let mut files = Files::new();
        for (rel, text) in [
            ("index.html", "<html><body>home</body></html>"),
            ("privacy/index.html", "<html><body>privacy</body></html>"),
            ("404.html", "<html><body>the site's 404</body></html>"),
            ("style.css", "body{}"),
            ("atom.xml", "<feed/>"),
        ] {
            files.insert(rel.to_string(), Arc::from(text.as_bytes()));
        }
        Snapshot {
            generation: 3,
            files: Arc::new(files),
            error_page: error.then(|| Arc::from("<html><body>broken</body></html>")),
        }
    }

    fn text(reply: &Reply) -> &str {
        std::str::from_utf8(reply.body.bytes()).unwrap()
    }

    #[test]
    fn content_types() {
        assert_eq!(content_type("privacy/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("404.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("atom.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type("privacy/atom.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("feed.json"), "application/feed+json");
        assert_eq!(content_type("privacy/versions.json"), "application/json");
        assert_eq!(content_type("robots.txt"), "text/plain; charset=utf-8");
        assert_eq!(content_type("logo.SVG"), "image/svg+xml");
        assert_eq!(content_type("fonts/a.woff2"), "font/woff2");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn serves_pages_with_the_reload_script() {
        let s = snapshot(false);
        let r = answer("GET", "/privacy/", &s);
        assert_eq!((r.status, r.content_type), (200, HTML));
        assert!(text(&r).contains("privacy<script>"), "{}", text(&r));
        assert!(text(&r).contains("since=3"));
        let r = answer("GET", "/", &s);
        assert!(text(&r).contains("home"));
        let r = answer("HEAD", "/style.css", &s);
        assert_eq!((r.status, text(&r)), (200, "body{}"));
    }

    #[test]
    fn redirects_folders_and_refuses_the_rest() {
        let s = snapshot(false);
        let r = answer("GET", "/privacy?x=1", &s);
        assert_eq!(r.status, 301);
        assert_eq!(r.headers, vec![(LOCATION, "/privacy/?x=1".to_string())]);
        // What the query holds is copied percent-encoded, never raw.
        let r = answer("GET", "/privacy?a=\r\nSet-Cookie: x\u{1b}[2J", &s);
        assert_eq!(
            r.headers,
            vec![(LOCATION, "/privacy/?a=%0D%0ASet-Cookie:%20x%1B%5B2J".to_string())]
        );
        assert!(!text(&r).contains(['\r', '\u{1b}']), "{}", text(&r));
        for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
            let r = answer(method, "/", &s);
            assert_eq!(r.status, 405, "{method}");
            assert_eq!(r.headers, vec![(ALLOW, "GET, HEAD".to_string())]);
        }
        for bad in ["/../site.toml", "/%2e%2e/site.toml", "/a%00"] {
            assert_eq!(answer("GET", bad, &s).status, 400, "{bad}");
        }
        let r = answer("GET", "/nope/", &s);
        assert_eq!(r.status, 404);
        assert!(text(&r).contains("the site's 404<script>"), "{}", text(&r));
        assert_eq!(answer("GET", "/privacy/index.html/", &s).status, 404);
    }

    #[test]
    fn a_broken_build_shows_its_problems_on_every_page() {
        let s = snapshot(true);
        for target in ["/", "/privacy/", "/nope/", "/404.html"] {
            let r = answer("GET", target, &s);
            assert_eq!(r.status, 500, "{target}");
            assert!(text(&r).contains("broken<script>"), "{target}");
        }
        // The last good build's other files are still served.
        let r = answer("GET", "/style.css", &s);
        assert_eq!((r.status, text(&r)), (200, "body{}"));
        assert_eq!(answer("GET", "/atom.xml", &s).status, 200);
    }

    #[test]
    fn the_reload_stream() {
        let r = answer("GET", "/__charter/reload?since=9", &snapshot(false));
        assert_eq!(r.content_type, EVENTS);
        assert!(matches!(r.body, Body::Events { since: Some(9) }));
    }
}
