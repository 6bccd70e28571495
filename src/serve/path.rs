//! Request targets to keys of the built site, refusing anything that could
//! name a file outside it.
//!
//! The preview serves from memory, so no request can reach the disk at all;
//! the rules here still refuse every path that a file server would have to
//! guard against, so that the answer does not depend on that.

use std::borrow::Cow;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};

/// A request target, decoded and checked: a path inside the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    /// Decoded segments joined with `/`, without leading or trailing `/`:
    /// `privacy/draft` for `/privacy/draft/`, empty for `/`.
    pub key: String,
    /// The target ended with `/`: a folder, served by its `index.html`.
    pub dir: bool,
    /// The query string with its `?`, if any, kept for redirects.
    pub query: String,
}

impl SitePath {
    /// The built file that answers this path, before any redirect.
    pub fn file(&self) -> String {
        match (self.dir, self.key.is_empty()) {
            (true, true) => "index.html".to_string(),
            (true, false) => format!("{}/index.html", self.key),
            (false, _) => self.key.clone(),
        }
    }
}

/// Parses a request target (`/privacy/?x=1`, or an absolute
/// `http://host/privacy/`). The error says why the request is refused.
pub fn parse(target: &str) -> Result<SitePath, &'static str> {
    let target = target.split('#').next().unwrap_or_default();
    let (path, query) = match target.find('?') {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    let path = strip_authority(path);
    if !path.starts_with('/') {
        return Err("the path must start with `/`");
    }
    let decoded = percent_decode(path)?;
    if decoded.contains('\0') {
        return Err("the path holds a NUL character");
    }
    if decoded.contains('\\') {
        return Err("the path holds a backslash");
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" => {}
            "." | ".." => return Err("the path holds a `.` or `..` segment"),
            s if s.contains(':') => return Err("the path holds a `:`"),
            s => segments.push(s),
        }
    }
    Ok(SitePath {
        key: segments.join("/"),
        dir: decoded.ends_with('/'),
        query: query.to_string(),
    })
}

/// `http://host:1111/x` -> `/x`; any other target is returned as it is.
fn strip_authority(path: &str) -> &str {
    for scheme in ["http://", "https://"] {
        if let Some(rest) = path.strip_prefix(scheme) {
            return rest.find('/').map_or("/", |i| &rest[i..]);
        }
    }
    path
}

/// Decodes `%XX` escapes; the result must be UTF-8. The crate keeps a
/// malformed escape as it is; a request with one is refused instead.
fn percent_decode(s: &str) -> Result<String, &'static str> {
    let bytes = s.as_bytes();
    for at in memchr::memchr_iter(b'%', bytes) {
        match bytes.get(at + 1..at + 3) {
            None => return Err("the path holds a truncated `%` escape"),
            Some(hex) if !hex.iter().all(u8::is_ascii_hexdigit) => {
                return Err("the path holds a malformed `%` escape");
            }
            Some(_) => {}
        }
    }
    percent_decode_str(s)
        .decode_utf8()
        .map(Cow::into_owned)
        .map_err(|_| "the path is not UTF-8")
}

/// What may stand unescaped in a path: RFC 3986's unreserved characters,
/// its sub-delimiters, `/` and `@`.
const PATH: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'/')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@');

/// What may stand unescaped in a query: a path's characters, `?` and `:`.
const QUERY: &AsciiSet = &PATH.remove(b'?').remove(b':');

/// Encodes a decoded path for a `Location` header: ASCII only, and every
/// byte that is not safe in a path as `%XX`.
pub fn percent_encode(path: &str) -> String {
    utf8_percent_encode(path, PATH).to_string()
}

/// Encodes a query string (with its `?`) for a `Location` header: what is
/// not allowed in a query, control characters and non-ASCII above all,
/// becomes `%XX`; escapes already there are kept, and a `%` that starts
/// none is escaped itself.
pub fn encode_query(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    let mut rest = query;
    while let Some(at) = rest.find('%') {
        out.extend(utf8_percent_encode(&rest[..at], QUERY));
        let escape = rest
            .as_bytes()
            .get(at + 1..at + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        out.push_str(if escape { &rest[at..at + 3] } else { "%25" });
        rest = &rest[at + if escape { 3 } else { 1 }..];
    }
    out.extend(utf8_percent_encode(rest, QUERY));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(target: &str) -> (String, bool) {
        let p = parse(target).unwrap_or_else(|e| panic!("{target}: {e}"));
        (p.key, p.dir)
    }

    #[test]
    fn maps_folders_and_files() {
        assert_eq!(ok("/"), (String::new(), true));
        assert_eq!(ok("/privacy/"), ("privacy".into(), true));
        assert_eq!(ok("/privacy"), ("privacy".into(), false));
        assert_eq!(ok("/privacy/draft/changes/"), ("privacy/draft/changes".into(), true));
        assert_eq!(ok("/style.css"), ("style.css".into(), false));
        assert_eq!(ok("//privacy//draft/"), ("privacy/draft".into(), true));
        assert_eq!(ok("/a%20b/"), ("a b".into(), true));
        assert_eq!(ok("/caf%C3%A9"), ("café".into(), false));
        assert_eq!(ok("http://127.0.0.1:1111/privacy/"), ("privacy".into(), true));
        assert_eq!(ok("http://127.0.0.1:1111"), (String::new(), true));
    }

    #[test]
    fn files_behind_paths() {
        assert_eq!(parse("/").unwrap().file(), "index.html");
        assert_eq!(parse("/privacy/").unwrap().file(), "privacy/index.html");
        assert_eq!(parse("/privacy").unwrap().file(), "privacy");
        assert_eq!(parse("/atom.xml").unwrap().file(), "atom.xml");
    }

    #[test]
    fn keeps_the_query_and_drops_the_fragment() {
        let p = parse("/privacy?since=3#top").unwrap();
        assert_eq!((p.key.as_str(), p.query.as_str()), ("privacy", "?since=3"));
        let p = parse("/privacy/#a?b").unwrap();
        assert_eq!((p.key.as_str(), p.query.as_str(), p.dir), ("privacy", "", true));
    }

    #[test]
    fn refuses_everything_that_could_leave_the_output() {
        for bad in [
            "/../Cargo.toml",
            "/..",
            "/./index.html",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/Cargo.toml",
            "/privacy/..%2f..%2fsite.toml",
            "/privacy/..%2F..%2Fsite.toml",
            "/%2e%2e%2fsite.toml",
            "/privacy/%2e%2e/%2e%2e/site.toml",
            "/..\\site.toml",
            "/%5c..%5csite.toml",
            "/privacy/%00",
            "/C:/Windows/win.ini",
            "/C%3a/Windows",
            "/%zz",
            "/%2",
            "/%ff",
            "Cargo.toml",
            "*",
            "",
            "http://host/../site.toml",
        ] {
            assert!(parse(bad).is_err(), "{bad} was accepted as {:?}", parse(bad));
        }
    }

    #[test]
    fn accepted_keys_never_escape() {
        // Whatever comes in, an accepted key has only plain segments.
        for target in ["/a/b/c", "/a%2fb/", "/..a/b..", "/a/.b", "/%2e%2e%2e/"] {
            let p = parse(target).unwrap();
            assert!(
                p.key.split('/').all(|s| !s.is_empty() && s != "." && s != ".."),
                "{target} -> {}",
                p.key
            );
        }
    }

    #[test]
    fn encodes_locations() {
        assert_eq!(percent_encode("/privacy/"), "/privacy/");
        assert_eq!(percent_encode("/a b/café/"), "/a%20b/caf%C3%A9/");
        assert_eq!(percent_encode("/a\r\nb"), "/a%0D%0Ab");
        assert_eq!(encode_query("?a=1&b=%2F/x:y"), "?a=1&b=%2F/x:y");
        assert_eq!(
            encode_query("?a=\r\nSet-Cookie: x\u{1b}[31m\u{7f}\"<é>%"),
            "?a=%0D%0ASet-Cookie:%20x%1B%5B31m%7F%22%3C%C3%A9%3E%25"
        );
    }
}
