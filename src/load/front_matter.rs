//! Splitting a file into its `+++` TOML front matter and body, and parsing the
//! front matter with errors that point at the file's own line numbers.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::diagnostic::{Diagnostic, line_of};

/// A file cut at its front matter.
#[derive(Debug, Clone, Copy)]
pub struct Split<'a> {
    /// The TOML between the `+++` lines.
    pub front: &'a str,
    /// Line (in the file) of the first line of `front`.
    pub front_line: usize,
    /// Everything after the closing `+++` line, byte for byte.
    pub body: &'a str,
    /// Line (in the file) on which `body` starts.
    pub body_line: usize,
}

/// Cuts `text` at its front matter. `first_line` is the line of the file on
/// which `text` starts (1 for a whole file; later for a revision's frozen body).
pub fn split<'a>(text: &'a str, path: &Path, first_line: usize) -> Result<Split<'a>, Diagnostic> {
    // Some editors on Windows start files with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let open_len = delimiter_len(text).ok_or_else(|| {
        Diagnostic::error(
            path,
            Some(first_line),
            "expected front matter: the file must start with a `+++` line, then its TOML \
             settings, then a closing `+++` line",
        )
    })?;
    let front_start = open_len;
    let mut pos = front_start;
    while pos < text.len() {
        let rest = &text[pos..];
        if let Some(close_len) = delimiter_len(rest) {
            let front = &text[front_start..pos];
            let body_start = pos + close_len;
            return Ok(Split {
                front,
                front_line: first_line + 1,
                body: &text[body_start..],
                body_line: first_line + line_of(text, body_start) - 1,
            });
        }
        pos += rest.find('\n').map_or(rest.len(), |i| i + 1);
    }
    Err(Diagnostic::error(
        path,
        Some(first_line),
        "the front matter opened here is never closed: add a line holding only `+++` after it",
    ))
}

/// The length of a `+++` delimiter line (with its line ending) at the start of `s`.
fn delimiter_len(s: &str) -> Option<usize> {
    let line_end = s.find('\n').map_or(s.len(), |i| i + 1);
    let line = s[..line_end].trim_end_matches(['\n', '\r']);
    (line.trim_end() == "+++").then_some(line_end)
}

/// Parses front matter TOML into `T`, turning a TOML error into `path:line: message`.
pub fn parse<T: DeserializeOwned>(split: &Split<'_>, path: &Path) -> Result<T, Diagnostic> {
    toml::from_str(split.front).map_err(|e| toml_diagnostic(&e, split.front, split.front_line, path))
}

/// A TOML error as a diagnostic on the right line of the containing file.
pub fn toml_diagnostic(e: &toml::de::Error, text: &str, first_line: usize, path: &Path) -> Diagnostic {
    let line = e.span().map(|s| first_line + line_of(text, s.start) - 1);
    let column = e.span().map(|s| column_of(text, s.start));
    let message = e.message().trim_end();
    // serde says what is missing but not what to do about it.
    let message = match message
        .strip_prefix("missing field `")
        .and_then(|m| m.strip_suffix('`'))
    {
        Some(field) => format!("missing field `{field}`: add `{field} = …`"),
        None => message.to_string(),
    };
    Diagnostic::error(path, line, message).with_column(column)
}

/// The 1-based column, in characters, of a byte offset in `text`.
fn column_of(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    text[start..offset].chars().count() + 1
}

/// The line of a TOML value's span, for messages about a field's meaning.
pub fn span_line(split: &Split<'_>, span: std::ops::Range<usize>) -> usize {
    split.front_line + line_of(split.front, span.start) - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let text = "+++\ntitle = \"x\"\n+++\nbody\nmore\n";
        let s = split(text, Path::new("a.md"), 1).unwrap();
        assert_eq!(s.front, "title = \"x\"\n");
        assert_eq!(s.front_line, 2);
        assert_eq!(s.body, "body\nmore\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn accepts_crlf() {
        let s = split("+++\r\na = 1\r\n+++\r\nbody", Path::new("a.md"), 1).unwrap();
        assert_eq!(s.body, "body");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn offsets_by_first_line() {
        let s = split("+++\na = 1\n+++\nb", Path::new("a.md"), 10).unwrap();
        assert_eq!(s.front_line, 11);
        assert_eq!(s.body_line, 13);
    }

    #[test]
    fn missing_or_unclosed_front_matter() {
        let e = split("# hi", Path::new("a.md"), 1).unwrap_err();
        assert!(e.message.contains("must start with a `+++`"));
        let e = split("+++\na = 1\n", Path::new("a.md"), 1).unwrap_err();
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn toml_errors_point_at_the_file_line() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct T {
            a: i32,
        }
        let text = "+++\n\na = \"x\"\n+++\n";
        let s = split(text, Path::new("a.md"), 1).unwrap();
        let e = parse::<T>(&s, Path::new("a.md")).unwrap_err();
        assert_eq!(e.line, Some(3), "{e}");
    }
}
