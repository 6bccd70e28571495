//! A site's base URL (site.toml's `base_url`, or `--base-url`), checked and
//! taken apart in one place, by the `url` crate, for everyone who needs a
//! piece of it: loading checks it, the link check needs its path (a site
//! may live under `/legal/`), the preview its host and port (to answer
//! requests for that name only).
//!
//! Pages and feeds join paths to the base URL as it was written, without
//! its final `/` ([`BaseUrl::as_str`]), not to the crate's normalised
//! form: a site's links stay exactly as its authors wrote them.

/// A base URL that passed [`parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// As written, without a final `/`.
    text: String,
    host: String,
    port: u16,
    default_port: u16,
    path: String,
}

/// Checks `text` as a base URL: absolute, `http` or `https`, with a host,
/// without spaces. The error says what to write instead, naming the URL
/// (the caller says where it was written).
pub fn parse(text: &str) -> Result<BaseUrl, String> {
    let not_absolute = || format!("`{text}` is not an absolute URL: write it as https://example.com");
    // The crate would take `HTTPS://x` or ` https://x`; a site's links are
    // built from the text as written, so it must be written plainly.
    if !(text.starts_with("https://") || text.starts_with("http://")) || text.contains(char::is_whitespace) {
        return Err(not_absolute());
    }
    let url = url::Url::parse(text)
        .map_err(|e| format!("`{text}` is not a valid URL ({e}): write it as https://example.com"))?;
    let default_port = if url.scheme() == "https" { 443 } else { 80 };
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return Err(not_absolute());
    };
    let port = url.port().unwrap_or(default_port);
    let path = percent_encoding::percent_decode_str(url.path()).decode_utf8_lossy();
    let path = match path.trim_matches('/') {
        "" => "/".to_string(),
        inner => format!("/{inner}/"),
    };
    Ok(BaseUrl {
        text: text.trim_end_matches('/').to_string(),
        host: host.to_string(),
        port,
        default_port,
        path,
    })
}

impl BaseUrl {
    /// The URL as written, without a final `/`: what page URLs start with.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The host, lowercase, an IPv6 address in brackets.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// The port, written or the scheme's.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The port of the URL's scheme, which a `Host` without one stands for.
    pub fn default_port(&self) -> u16 {
        self.default_port
    }

    /// The path, decoded, as `/` or `/legal/`: where the site's pages are.
    pub fn path(&self) -> &str {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_a_base_url_apart() {
        let b = parse("https://Policies.Example:8443/legal/terms/").unwrap();
        assert_eq!(
            (b.as_str(), b.host(), b.port(), b.default_port(), b.path()),
            (
                "https://Policies.Example:8443/legal/terms",
                "policies.example",
                8443,
                443,
                "/legal/terms/"
            )
        );
        let b = parse("http://[::1]").unwrap();
        assert_eq!((b.host(), b.port(), b.default_port(), b.path()), ("[::1]", 80, 80, "/"));
        assert_eq!(parse("https://x.example/l%C3%A9gal").unwrap().path(), "/légal/");
        assert_eq!(parse("https://x.example//").unwrap().as_str(), "https://x.example");
    }

    #[test]
    fn refuses_what_is_not_an_absolute_web_url() {
        for bad in [
            "x.example",
            "/legal/",
            "ftp://x.example",
            "HTTPS://x.example",
            " https://x.example",
            "https://x.example/a b",
            "https://",
            "https://:80/",
            "https://x.example:99999/",
            "https://[::1/",
        ] {
            let why = parse(bad).unwrap_err();
            assert!(
                why.contains(&format!("`{bad}`")) && why.contains("https://example.com"),
                "{bad}: {why}"
            );
        }
    }
}
