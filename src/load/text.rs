//! Finding the characters a site's text may not hold ([`crate::forbidden`])
//! in its files and in values given on the command line.
//!
//! TOML lets them in through escapes (`"\b"`, `"\u0001"`), so the check
//! reads both the file's raw text and its front matter's strings once
//! unescaped.

use std::path::Path;

use toml::de::{DeTable, DeValue};

use super::front_matter;
use crate::diagnostic::{Diagnostic, line_of};
use crate::forbidden::{describe, has_forbidden, is_forbidden};

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
