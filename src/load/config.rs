//! `site.toml`: the site's settings.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::front_matter::toml_diagnostic;
use crate::diagnostic::{Diagnostic, line_of};

pub const FILE: &str = "site.toml";

use crate::model::Config;

/// The fields checked for meaning after parsing, with their spans.
#[derive(Deserialize)]
struct Spans {
    base_url: Spanned<String>,
    #[serde(default)]
    language: Option<Spanned<String>>,
    #[serde(default)]
    build: Option<BuildSpans>,
}

#[derive(Deserialize)]
struct BuildSpans {
    #[serde(default)]
    theme: Option<Spanned<String>>,
}

/// Reads and validates `<root>/site.toml`; `shown` is the path to name in messages.
pub fn load(root: &Path, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
    use super::input;
    let unreadable = |e: String| {
        vec![Diagnostic::error(
            shown,
            None,
            format!(
                "cannot read the site settings ({e}): run charter in a site's folder \
                 (the one holding site.toml) or pass --root DIR"
            ),
        )]
    };
    let path = root.join(FILE);
    let text = match input::kind(&path) {
        Ok(Some(_)) => input::read_text(&path, input::TEXT_LIMIT)
            .map_err(|(line, message)| vec![Diagnostic::error(shown, line, message)])?,
        Ok(None) => return Err(unreadable("there is no such file".to_string())),
        Err(e) => return Err(unreadable(e.to_string())),
    };
    let forbidden = super::text::check_file(&text, shown, super::text::FileKind::Settings);
    match parse(&text, shown) {
        Ok(config) if forbidden.is_empty() => Ok(config),
        Ok(_) => Err(forbidden),
        Err(mut problems) => {
            problems.extend(forbidden);
            Err(problems)
        }
    }
}

pub fn parse(text: &str, shown: &Path) -> Result<Config, Vec<Diagnostic>> {
    let mut config: Config = toml::from_str(text).map_err(|e| vec![toml_diagnostic(&e, text, 1, shown)])?;
    let spans: Spans = toml::from_str(text).map_err(|e| vec![toml_diagnostic(&e, text, 1, shown)])?;
    let line = |s: std::ops::Range<usize>| Some(line_of(text, s.start));
    let mut problems = Vec::new();

    match crate::base_url::parse(spans.base_url.get_ref()) {
        Ok(base) => config.base_url = base.as_str().to_string(),
        Err(why) => problems.push(Diagnostic::error(
            shown,
            line(spans.base_url.span()),
            format!("base_url {why}"),
        )),
    }

    if let Some(lang) = &spans.language
        && !is_language_tag(lang.get_ref())
    {
        problems.push(Diagnostic::error(
            shown,
            line(lang.span()),
            format!(
                "language `{}` is not a BCP 47 language tag: write it like `en`, `en-GB` or `ja`",
                lang.get_ref()
            ),
        ));
    }
    if let Some(theme) = spans.build.and_then(|b| b.theme)
        && !crate::load::is_safe_name(theme.get_ref())
    {
        problems.push(Diagnostic::error(
            shown,
            line(theme.span()),
            format!(
                "theme `{}` is not a folder name: use lowercase letters, digits, `-` and `_`",
                theme.get_ref()
            ),
        ));
    }
    if config.feeds.limit == 0 {
        problems.push(Diagnostic::error(
            shown,
            key_line(text, "limit"),
            "`limit` is 0: a feed holds at least 1 entry; to publish no feeds, set `enabled = false`",
        ));
    }
    if config.announcements.per_page == 0 {
        problems.push(Diagnostic::error(
            shown,
            key_line(text, "per_page"),
            "`per_page` is 0: set at least 1 announcement per page",
        ));
    }
    if problems.is_empty() { Ok(config) } else { Err(problems) }
}

/// The first line that sets `key`, for messages about values that parse but make no sense.
fn key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map(|i| i + 1)
}

/// The shape of a BCP 47 tag: a 2–3 (or 5–8) letter language, then subtags of
/// 1–8 letters or digits. Registry checks are left to the browser.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let lang = parts.next().unwrap_or("");
    let lang_ok = matches!(lang.len(), 2 | 3 | 5..=8) && lang.bytes().all(|b| b.is_ascii_alphabetic());
    lang_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(s: &str) -> Result<Config, Vec<Diagnostic>> {
        parse(s, Path::new("site.toml"))
    }

    #[test]
    fn defaults() {
        let c = parse_str("title = \"T\"\nbase_url = \"https://x.example/\"\n").unwrap();
        assert_eq!(c.base_url, "https://x.example");
        assert_eq!(c.language, "en");
        assert_eq!(c.build.output, std::path::PathBuf::from("public"));
        assert_eq!(c.build.theme, "default");
        assert!(!c.build.allow_html);
        assert!(c.feeds.enabled);
        assert_eq!(c.feeds.limit, 20);
        assert_eq!(c.announcements.per_page, 20);
    }

    #[test]
    fn notice() {
        let base = "title = \"T\"\nbase_url = \"https://x.example\"\n";
        let d = |s: &str| s.parse::<crate::model::Date>().unwrap();
        let c = parse_str(base).unwrap();
        assert_eq!(c.notice(d("2025-01-01")), None);
        let c = parse_str(&format!("{base}notice_days = 30\n")).unwrap();
        assert_eq!(c.notice(d("2025-01-01")), Some((d("2025-01-31"), 30)));
        let c = parse_str(&format!("{base}notice_days = 30\nnotice_since = 2025-01-01\n")).unwrap();
        assert_eq!(c.notice(d("2024-12-31")), None);
        assert_eq!(c.notice(d("2025-01-01")), Some((d("2025-01-31"), 30)));
        let c = parse_str(&format!("{base}notice_days = 0\n")).unwrap();
        assert_eq!(c.notice(d("2025-01-01")), None);
        let e = parse_str(&format!("{base}notice_days = 4000\n")).unwrap_err();
        assert_eq!(e[0].line, Some(3));
        let e = parse_str(&format!("{base}notice_days = -1\n")).unwrap_err();
        assert_eq!(e[0].line, Some(3));
        let e = parse_str(&format!("{base}notice_since = \"soon\"\n")).unwrap_err();
        assert_eq!(e[0].line, Some(3));
    }

    #[test]
    fn zero_per_page() {
        let e =
            parse_str("title = \"T\"\nbase_url = \"https://x.example\"\n[announcements]\nper_page = 0\n").unwrap_err();
        assert_eq!(e[0].line, Some(4));
    }

    #[test]
    fn unknown_key_names_key_and_line() {
        let e = parse_str("title = \"T\"\nbase_url = \"https://x.example\"\ncolour = 1\n").unwrap_err();
        assert_eq!(e[0].line, Some(3));
        assert!(e[0].message.contains("colour"), "{}", e[0]);
        let e = parse_str("title = \"T\"\nbase_url = \"https://x.example\"\n[build]\nouput = \"x\"\n").unwrap_err();
        assert_eq!(e[0].line, Some(4));
        assert!(e[0].message.contains("ouput"));
    }

    #[test]
    fn bad_values() {
        let e = parse_str("title = \"T\"\nbase_url = \"x.example\"\nlanguage = \"english!\"\n").unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].line, Some(2));
        assert_eq!(e[1].line, Some(3));
    }

    #[test]
    fn language_tags() {
        for ok in ["en", "ja", "en-GB", "zh-Hant-TW", "sr-Latn"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "e", "english!", "en_GB", "en-", "toolongsubtag-x"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }
}
