//! Answering requests from the built site in memory.
//!
//! [`answer`] decides everything (status, headers, body) without touching a
//! socket, so the serving rules are tested directly; [`respond`] sends its
//! answer with tiny_http, and hands the live-reload stream its own thread.

use std::io::{Cursor, Write};
use std::sync::Arc;

use tiny_http::{Header, Request, Response, StatusCode};

use super::Live;
use super::build::Snapshot;
use super::path;
use super::reload::{self, Hub};

/// An answer to one request.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    /// Headers besides Content-Type and those every response gets.
    pub headers: Vec<(&'static str, String)>,
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
        reply.headers.push(("Allow", "GET, HEAD".to_string()));
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
        let location = format!("{}{}", path::percent_encode(&format!("/{}/", path.key)), path.query);
        return Reply {
            status: 301,
            content_type: TEXT,
            headers: vec![("Location", location.clone())],
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

/// Answers one request on its connection. A live-reload stream goes on in a
/// thread of its own until the client leaves or the server stops.
pub fn respond(request: Request, live: &Arc<Live>) {
    let snapshot = live.snapshot();
    let head = request.method() == &tiny_http::Method::Head;
    let reply = answer(request.method().as_str(), request.url(), &snapshot);
    if let Body::Events { since } = reply.body
        && !head
    {
        let live = Arc::clone(live);
        let spawned = std::thread::Builder::new()
            .name("charter-reload".into())
            .spawn(move || stream(request, &live.hub, since));
        if let Err(e) = spawned {
            eprintln!("warning: cannot start a live-reload stream: {e}");
        }
        return;
    }
    let mut headers = vec![
        header("Content-Type", reply.content_type),
        header("Cache-Control", "no-store"),
        header("X-Content-Type-Options", "nosniff"),
    ];
    headers.extend(reply.headers.iter().map(|(name, value)| header(name, value)));
    let status = StatusCode(reply.status);
    // A client that went away mid-answer is no concern of the preview.
    let _ = match reply.body {
        Body::Shared(bytes) => send(request, status, headers, bytes),
        Body::Owned(bytes) => send(request, status, headers, bytes),
        Body::Events { .. } => send(request, status, headers, Vec::new()),
    };
}

fn send<B: AsRef<[u8]>>(request: Request, status: StatusCode, headers: Vec<Header>, body: B) -> std::io::Result<()> {
    let len = body.as_ref().len();
    request.respond(Response::new(status, headers, Cursor::new(body), Some(len), None))
}

/// Sends a live-reload stream: the response head, then events as they come.
/// The response has no length: it ends when the connection closes.
fn stream(request: Request, hub: &Hub, since: Option<u64>) {
    let mut out = request.into_writer();
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: {EVENTS}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n"
    );
    if out.write_all(head.as_bytes()).and_then(|()| out.flush()).is_ok() {
        let _ = hub.stream(since, &mut out);
    }
}

fn header(name: &str, value: &str) -> Header {
    // Every value here is ASCII: fixed strings, and percent-encoded locations.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("an ASCII header")
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
        assert_eq!(r.headers, vec![("Location", "/privacy/?x=1".to_string())]);
        for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
            let r = answer(method, "/", &s);
            assert_eq!(r.status, 405, "{method}");
            assert_eq!(r.headers, vec![("Allow", "GET, HEAD".to_string())]);
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
