//! Which `Host` a request may name.
//!
//! A page of another site can make the browser resolve its own name to this
//! computer (DNS rebinding) and then read the preview, drafts included, as if
//! it were its own. The browser still sends that other name as `Host`, so
//! the preview answers only requests that name an address it serves: an IP
//! address (which no page can rebind), `localhost`, the `--interface` given,
//! or the host of `--base-url`.

use std::net::IpAddr;

use crate::base_url::{self, BaseUrl};

/// The names a request may use, each with its port.
#[derive(Debug, Clone)]
pub struct Allowed {
    /// The port listened on.
    port: u16,
    /// The `--interface` when it is a name (`mybox.local`), lowercased.
    interface: Option<String>,
    /// `--base-url`, whose host and port are served too.
    base: Option<BaseUrl>,
    /// `http://<address served>`, to say where to go instead.
    served: String,
}

impl Allowed {
    pub fn new(interface: &str, port: u16, base_url: Option<&str>, served: &str) -> Allowed {
        let interface = (interface.parse::<IpAddr>().is_err()).then(|| normalize(interface));
        let base = base_url.and_then(|url| base_url::parse(url).ok());
        Allowed {
            port,
            interface,
            base,
            served: served.to_string(),
        }
    }

    /// Ok when `host` (the `Host` header, or the authority of an absolute
    /// request target) names this server; else why not, for the client.
    pub fn check(&self, host: Option<&str>) -> Result<(), String> {
        let Some(host) = host else {
            return Err("the request has no Host header: say which address it is for\n".to_string());
        };
        if let Some((name, port)) = split(host)
            && self.allows(&name, port)
        {
            return Ok(());
        }
        let base = match &self.base {
            Some(b) => format!(", {}:{}", normalize(b.host()), b.port()),
            None => String::new(),
        };
        Err(format!(
            "charter serve refuses requests for `{host}`: it answers only requests for an address it \
             serves (an IP address or localhost on port {port}{base}), so that a page of another site \
             cannot read the preview. Open {served}, or pass --base-url with the address you open it at.\n",
            port = self.port,
            served = self.served,
        ))
    }

    /// `port` is None when the `Host` names none: the scheme's default, 80
    /// for the preview itself, and the base URL's scheme's for its host (a
    /// proxy in front of the preview may pass the browser's `Host` on).
    fn allows(&self, name: &str, port: Option<u16>) -> bool {
        let served = port.unwrap_or(80) == self.port
            && (name == "localhost" || is_ip(name) || self.interface.as_deref() == Some(name));
        served
            || self
                .base
                .as_ref()
                .is_some_and(|b| normalize(b.host()) == name && port.unwrap_or(b.default_port()) == b.port())
    }
}

/// An IPv4 address, or an IPv6 one in brackets.
fn is_ip(name: &str) -> bool {
    match name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        Some(v6) => v6.parse::<std::net::Ipv6Addr>().is_ok(),
        None => name.parse::<std::net::Ipv4Addr>().is_ok(),
    }
}

/// Lowercase, without the final `.` of a fully qualified name.
fn normalize(name: &str) -> String {
    name.strip_suffix('.').unwrap_or(name).to_ascii_lowercase()
}

/// `name[:port]` to its name and port; None for anything else, such as a
/// user name or an empty port.
fn split(authority: &str) -> Option<(String, Option<u16>)> {
    if authority.contains(['@', '/', '?', '#', ' ']) {
        return None;
    }
    let (name, port) = match authority.rfind(':') {
        Some(i) if !authority[i..].contains(']') => (&authority[..i], Some(&authority[i + 1..])),
        _ => (authority, None),
    };
    let port = match port {
        Some(p) => Some(p.parse().ok()?),
        None => None,
    };
    if name.is_empty() || (name.contains(':') && !name.starts_with('[')) {
        return None;
    }
    Some((normalize(name), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(interface: &str, base: Option<&str>) -> Allowed {
        Allowed::new(interface, 1111, base, "http://127.0.0.1:1111")
    }

    #[test]
    fn answers_the_addresses_served() {
        let a = allowed("127.0.0.1", None);
        for host in [
            "127.0.0.1:1111",
            "localhost:1111",
            "LocalHost:1111",
            "[::1]:1111",
            "192.168.1.20:1111",
        ] {
            assert_eq!(a.check(Some(host)), Ok(()), "{host}");
        }
        let b = allowed("mybox.local", Some("https://preview.example:8443/"));
        for host in [
            "mybox.local:1111",
            "MyBox.Local.:1111",
            "preview.example:8443",
            "127.0.0.1:1111",
        ] {
            assert_eq!(b.check(Some(host)), Ok(()), "{host}");
        }
        // Behind a proxy: the browser's Host has no port, the scheme's default.
        let c = allowed("::", Some("https://preview.example"));
        assert_eq!(c.check(Some("preview.example")), Ok(()));
        assert_eq!(c.check(Some("preview.example:443")), Ok(()));
        assert!(c.check(Some("preview.example:80")).is_err());
        assert_eq!(
            allowed("127.0.0.1", Some("http://docs.example/")).check(Some("docs.example")),
            Ok(())
        );
        // A preview on port 80 may be named without its port.
        assert_eq!(Allowed::new("127.0.0.1", 80, None, "").check(Some("localhost")), Ok(()));
    }

    #[test]
    fn refuses_other_names_and_ports() {
        let a = allowed("127.0.0.1", Some("https://preview.example:8443"));
        for host in [
            "evil.example:1111",
            "evil.example",
            "127.0.0.1:2222",
            "localhost",
            "preview.example:1111",
            "localhost.evil.example:1111",
            "user@127.0.0.1:1111",
            "127.0.0.1:",
            "::1:1111",
            "",
        ] {
            let why = a.check(Some(host)).unwrap_err();
            assert!(why.contains(&format!("`{host}`")), "{host}: {why}");
            assert!(why.contains("Open http://127.0.0.1:1111"), "{why}");
        }
        assert!(a.check(None).unwrap_err().contains("no Host header"));
    }
}
