//! Characters a site's text may not hold: control characters other than tab
//! and line ends, and Unicode noncharacters.
//!
//! XML 1.0 forbids them, so one of them in a title or summary makes the Atom
//! feed a file no reader accepts, and in a page they are invisible bytes
//! (a NUL, a backspace) that no author meant to publish. TOML lets them in
//! through escapes (`"\b"`, `"\u0001"`), so the rule reads both the file's
//! raw text and its front matter's strings once unescaped.

use std::borrow::Cow;
use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::front_matter;
use crate::diagnostic::{Diagnostic, line_of};

/// At most this many characters are reported per file: one makes the point.
const MAX_REPORTED: usize = 10;

/// What a file is, for what to do about a forbidden character in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Settings,
    Document,
    /// A revision in `history/`: published text that never changes.
    Revision,
}

/// Control characters other than tab, LF and CR (the loader reads CR as a
/// line end), and noncharacters (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF).
pub fn is_forbidden(c: char) -> bool {
    let u = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

/// Whether `text` holds a forbidden character. Most text holds none, and
/// every file of a site is read for them: decoding each character for it
/// was 7 % of a build's CPU time (perf, on the synthetic corpus of
/// `bench/run.sh`). So the bytes are screened in blocks first, and only a
/// block with a byte that may start a forbidden character has its
/// characters decoded.
pub fn has_forbidden(text: &str) -> bool {
    const BLOCK: usize = 32;
    text.as_bytes().chunks(BLOCK).enumerate().any(|(n, block)| {
        block.iter().fold(false, |any, &b| any | may_start_forbidden(b))
            && block
                .iter()
                .enumerate()
                .any(|(i, &b)| may_start_forbidden(b) && text[n * BLOCK + i..].chars().next().is_some_and(is_forbidden))
    })
}

/// A control byte other than tab and line ends, or the first byte of the
/// multibyte characters among which the forbidden ones are: U+0080–U+00BF
/// (C1 controls), U+F000–U+FFFF (U+FDD0–U+FDEF, U+FFFE, U+FFFF) and planes
/// 1 to 16 (their last two code points). Each is the start of a character.
fn may_start_forbidden(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F || b == 0xC2 || b == 0xEF || b >= 0xF0
}

/// `U+000B, a control character`.
pub fn describe(c: char) -> String {
    let what = if c.is_control() {
        "a control character"
    } else {
        "a Unicode noncharacter"
    };
    format!("U+{:04X}, {what}", u32::from(c))
}

/// `s` with every forbidden character replaced by U+FFFD, the replacement
/// character, which pages and feeds can carry.
pub fn clean(s: &str) -> Cow<'_, str> {
    if has_forbidden(s) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_forbidden(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// [`clean`], in place.
pub fn clean_string(s: &mut String) {
    if let Cow::Owned(cleaned) = clean(s) {
        *s = cleaned;
    }
}

/// Why a one-line value given on the command line (a summary, a note) is
/// refused, or None when it is fine.
pub fn one_line_problem(s: &str) -> Option<String> {
    if s.contains(['\n', '\r']) {
        return Some("holds a line break: write it on one line".to_string());
    }
    s.chars().find(|&c| is_forbidden(c)).map(|c| {
        format!(
            "holds {}, which a web page or feed cannot carry: remove it",
            describe(c)
        )
    })
}

/// One forbidden character: where it is and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Found {
    line: usize,
    column: Option<usize>,
    /// The key of the TOML string holding it, when it came from an escape.
    key: Option<String>,
    ch: char,
}

/// Every forbidden character of the file `text` at `path`, as problems: an
/// error in `site.toml` or a document, a warning in a published revision,
/// which cannot change (the loader then reads it as U+FFFD).
pub fn check_file(text: &str, path: &Path, kind: FileKind) -> Vec<Diagnostic> {
    let mut found = in_text(text);
    for (front, first_line) in fronts(text, kind) {
        for f in in_toml(front, first_line) {
            if !found.iter().any(|g| g.line == f.line) {
                found.push(f);
            }
        }
    }
    found.sort_by_key(|f| f.line);
    let total = found.len();
    let mut out: Vec<Diagnostic> = found
        .into_iter()
        .take(MAX_REPORTED)
        .map(|f| diagnostic(&f, path, kind))
        .collect();
    if total > MAX_REPORTED
        && let Some(last) = out.last_mut()
    {
        last.message += &format!(
            " ({} more such characters in this file are not listed)",
            total - MAX_REPORTED
        );
    }
    out
}

fn diagnostic(f: &Found, path: &Path, kind: FileKind) -> Diagnostic {
    let what = match &f.key {
        Some(key) => format!("`{key}` holds {} (written as an escape)", describe(f.ch)),
        None => format!("this line holds {}", describe(f.ch)),
    };
    let why = "which a web page or feed cannot carry (it makes the Atom feed invalid XML)";
    match kind {
        FileKind::Settings | FileKind::Document => {
            Diagnostic::error(path, Some(f.line), format!("{what}, {why}: delete it")).with_column(f.column)
        }
        FileKind::Revision => Diagnostic::warning(
            path,
            Some(f.line),
            format!(
                "{what}, {why}. Published revisions never change, so the site shows it as U+FFFD (\u{FFFD}): \
                 publish a corrected revision with `charter revise` (if this revision is not committed yet, \
                 delete it from the file instead)"
            ),
        )
        .with_column(f.column),
    }
}

/// The forbidden characters written as they are in `text`, the first of
/// each line.
fn in_text(text: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    if !has_forbidden(text) {
        return out;
    }
    let mut line = 1;
    let mut column = 0;
    let mut line_reported = false;
    for c in text.chars() {
        column += 1;
        if c == '\n' {
            (line, column, line_reported) = (line + 1, 0, false);
        } else if is_forbidden(c) && !line_reported {
            line_reported = true;
            out.push(Found {
                line,
                column: Some(column),
                key: None,
                ch: c,
            });
        }
    }
    out
}

/// The TOML front matters of a file, each with the line it starts on.
fn fronts(text: &str, kind: FileKind) -> Vec<(&str, usize)> {
    if kind == FileKind::Settings {
        return vec![(text, 1)];
    }
    let path = Path::new("");
    let Ok(split) = front_matter::split(text, path, 1) else {
        return Vec::new();
    };
    let mut out = vec![(split.front, split.front_line)];
    if kind == FileKind::Revision
        && let Ok(body) = front_matter::split(split.body, path, split.body_line)
    {
        out.push((body.front, body.front_line));
    }
    out
}

/// Forbidden characters in the keys and strings of the TOML `front`, as
/// parsed: those written as escapes. A front that does not parse has its
/// own error.
fn in_toml(front: &str, first_line: usize) -> Vec<Found> {
    // Without an escape, the strings hold only characters of the text.
    if !front.contains('\\') && !has_forbidden(front) {
        return Vec::new();
    }
    let Ok(table) = DeTable::parse(front) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    walk_table(table.get_ref(), "", &mut |key, at, s| {
        if let Some(ch) = s.chars().find(|&c| is_forbidden(c)) {
            out.push(Found {
                line: first_line + line_of(front, at) - 1,
                column: None,
                key: Some(key.to_string()),
                ch,
            });
        }
    });
    out
}

/// Calls `seen(key, offset, text)` for every key and string value.
fn walk_table(table: &DeTable<'_>, prefix: &str, seen: &mut dyn FnMut(&str, usize, &str)) {
    for (key, value) in table {
        let name = if prefix.is_empty() {
            key.get_ref().to_string()
        } else {
            format!("{prefix}.{}", key.get_ref())
        };
        seen(&name, key.span().start, key.get_ref());
        walk_value(value.get_ref(), value.span().start, &name, seen);
    }
}

fn walk_value(value: &DeValue<'_>, at: usize, key: &str, seen: &mut dyn FnMut(&str, usize, &str)) {
    match value {
        DeValue::String(s) => seen(key, at, s),
        DeValue::Array(items) => {
            for item in items {
                walk_value(item.get_ref(), item.span().start, key, seen);
            }
        }
        DeValue::Table(table) => walk_table(table, key, seen),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The screened pass finds a forbidden character exactly when
        /// decoding every character does, wherever it stands in a block.
        #[test]
        fn the_screen_finds_what_decoding_finds(
            s in "[a \t\n\r§é€\u{feff}\u{fffd}\u{1f600}\x00-\x1f\x7f-\u{a0}\u{fdcf}-\u{fdf0}\u{fffe}\u{ffff}\u{1fffe}\u{10ffff}]{0,100}"
        ) {
            proptest::prop_assert_eq!(has_forbidden(&s), s.chars().any(is_forbidden));
            let common = "ab§é€".repeat(s.len() % 13);
            let padded = format!("{common}{s}");
            proptest::prop_assert_eq!(has_forbidden(&padded), padded.chars().any(is_forbidden));
        }
    }

    #[test]
    fn forbids_controls_and_noncharacters_only() {
        for bad in [
            '\0',
            '\u{1}',
            '\u{8}',
            '\u{b}',
            '\u{c}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{fdd0}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{10ffff}',
        ] {
            assert!(is_forbidden(bad), "{bad:?}");
        }
        for ok in [
            '\t', '\n', '\r', 'a', 'é', '\u{feff}', '\u{200f}', '\u{301}', '😀', '\u{fffd}', '\u{e000}',
        ] {
            assert!(!is_forbidden(ok), "{ok:?}");
        }
    }

    #[test]
    fn cleans_to_the_replacement_character() {
        assert!(matches!(clean("plain & <ok>"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{b}b\u{fffe}"), "a\u{fffd}b\u{fffd}");
    }

    #[test]
    fn one_line_values() {
        assert_eq!(one_line_problem("Fixed a typo"), None);
        assert!(one_line_problem("two\nlines").unwrap().contains("one line"));
        assert!(one_line_problem("a\rb").unwrap().contains("one line"));
        assert!(one_line_problem("bell\u{7}").unwrap().contains("U+0007"));
    }

    #[test]
    fn finds_raw_and_escaped_characters_by_line() {
        let text = "+++\ntitle = \"A\\u000Bb\"\ndescription = \"ok\"\n+++\nIntro\u{0}.\n\n## A {#a}\n";
        let d = check_file(text, Path::new("content/x.md"), FileKind::Document);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!((d[0].line, d[0].is_error()), (Some(2), true));
        assert!(
            d[0].message.contains("`title`") && d[0].message.contains("U+000B"),
            "{}",
            d[0].message
        );
        assert_eq!((d[1].line, d[1].column), (Some(5), Some(6)));
        assert!(d[1].message.contains("U+0000") && d[1].message.contains("delete it"));
    }

    #[test]
    fn a_revision_is_warned_about_in_its_record_and_body() {
        let text = "+++\ndate = 2020-01-01\nsummary = \"x\\by\"\nsha256 = \"0\"\n[[changes]]\narticle = \"a\"\nnote = \"\\uFFFE\"\n+++\n+++\ntitle = \"T\\u0001\"\n+++\nok\n";
        let d = check_file(text, Path::new("h.md"), FileKind::Revision);
        let lines: Vec<_> = d.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(3), Some(7), Some(10)], "{d:?}");
        assert!(
            d.iter()
                .all(|d| !d.is_error() && d.message.contains("corrected revision"))
        );
        assert!(d[1].message.contains("changes.note") && d[1].message.contains("noncharacter"));
    }

    #[test]
    fn site_settings_strings_and_keys() {
        let text = "title = \"ok\"\n[extra]\nfooter = \"\\u0008\"\n\"k\\u0001\" = 1\n";
        let d = check_file(text, Path::new("site.toml"), FileKind::Settings);
        let lines: Vec<_> = d.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(3), Some(4)], "{d:?}");
        assert!(d[0].message.contains("extra.footer"));
    }

    #[test]
    fn reports_a_few_of_many() {
        let text = "+++\ntitle = \"T\"\n+++\n".to_string() + &"\u{1}\n".repeat(50);
        let d = check_file(&text, Path::new("x.md"), FileKind::Document);
        assert_eq!(d.len(), MAX_REPORTED);
        assert!(d[MAX_REPORTED - 1].message.contains("40 more"));
    }
}
