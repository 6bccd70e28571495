//! Problems found in a site's input files, reported as `path:line: message`.
//!
//! Loading and checking collect every problem before giving up, so that a user
//! fixes a broken site in one pass instead of one error per run.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors stop a build, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line, when the problem has one.
    pub line: Option<usize>,
    /// 1-based column (in characters) on that line, when known.
    pub column: Option<usize>,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl Diagnostic {
    pub fn error(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.as_ref().to_path_buf(),
            line,
            column: None,
            message: message.into(),
        }
    }

    pub fn warning(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, message)
        }
    }

    pub fn with_column(mut self, column: Option<usize>) -> Self {
        self.column = column;
        self
    }

    /// The offending line quoted from `file` (the text of the file the
    /// problem is in), with a caret under the column when it is known, as
    /// compilers show it. None when the file has no such line.
    pub fn snippet(&self, file: &str) -> Option<String> {
        let line = self.line?;
        let source = file.lines().nth(line.checked_sub(1)?)?.trim_end_matches('\r');
        let source = &terminal_safe(source);
        let number = line.to_string();
        let pad = " ".repeat(number.len());
        let mut out = format!("{pad} |\n{number} | {source}");
        if let Some(col) = self.column {
            let before: String = source
                .chars()
                .take(col.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out += &format!("\n{pad} | {before}^ column {col}");
        }
        Some(out)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", terminal_safe(&self.path.display().to_string()))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if self.severity == Severity::Warning {
            write!(f, ": warning")?;
        }
        write!(f, ": {}", terminal_safe(&self.message))
    }
}

/// `text` with the characters a site's files may not hold, and CR, shown
/// as U+FFFD: a message or quoted line comes from the site, and an escape
/// sequence or a carriage return in it must not reach the terminal. One
/// character for one, so columns still line up.
fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| crate::forbidden::is_forbidden(c) || c == '\r';
    if !text.chars().any(unsafe_char) {
        return text.into();
    }
    text.chars()
        .map(|c| if unsafe_char(c) { '\u{FFFD}' } else { c })
        .collect::<String>()
        .into()
}

/// Every problem found in a site; an error value when any of them is an error.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.is_error())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| !d.is_error())
    }

    /// "1 problem", "3 problems".
    pub fn count_words(n: usize) -> String {
        format!("{n} problem{}", if n == 1 { "" } else { "s" })
    }

    /// Sorted by file, then line, so that reports are stable and easy to scan.
    pub fn sorted(mut self) -> Self {
        self.0
            .sort_by(|a, b| (&a.path, a.line, a.severity, &a.message).cmp(&(&b.path, b.line, b.severity, &b.message)));
        self.0.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

/// The 1-based line of a byte offset in `text`.
pub fn line_of(text: &str, offset: usize) -> usize {
    Lines::new(text).at(offset)
}

/// [`line_of`] for offsets asked in increasing order: counts only the
/// newlines since the last offset, so finding the line of every heading of
/// a long document does not read it once per heading.
pub struct Lines<'a> {
    text: &'a str,
    offset: usize,
    line: usize,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Lines<'a> {
        Lines {
            text,
            offset: 0,
            line: 1,
        }
    }

    /// The 1-based line of `offset`.
    pub fn at(&mut self, offset: usize) -> usize {
        let end = offset.min(self.text.len());
        if end < self.offset {
            (self.offset, self.line) = (0, 1);
        }
        // Every heading of every revision asks: memchr's search finds the
        // line ends many bytes at a time.
        self.line += memchr::memchr_iter(b'\n', &self.text.as_bytes()[self.offset..end]).count();
        self.offset = end;
        self.line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_path_line_message() {
        let d = Diagnostic::error("content/a.md", Some(3), "bad");
        assert_eq!(d.to_string(), "content/a.md:3: bad");
        let w = Diagnostic::warning("content/a.md", None, "hm");
        assert_eq!(w.to_string(), "content/a.md: warning: hm");
    }

    #[test]
    fn snippet_quotes_the_line_and_points_at_the_column() {
        let file = "title = \"x\"\ndate = \"2019-4-18\"\n";
        let d = Diagnostic::error("a.toml", Some(2), "bad date").with_column(Some(8));
        assert_eq!(
            d.snippet(file).unwrap(),
            "  |\n2 | date = \"2019-4-18\"\n  |        ^ column 8"
        );
        assert!(Diagnostic::error("a.toml", Some(9), "x").snippet(file).is_none());
    }

    #[test]
    fn escape_sequences_from_the_site_never_reach_the_terminal() {
        let file = "title = \"\x1b[2Jx\"\n";
        let d = Diagnostic::error("a.md", Some(1), "bad \x1b]0;title\x07 here").with_column(Some(10));
        let shown = format!("{d}\n{}", d.snippet(file).unwrap());
        assert!(!shown.contains('\x1b') && !shown.contains('\x07'), "{shown:?}");
        assert!(
            shown.contains("\u{FFFD}[2Jx") && shown.contains("bad \u{FFFD}]0;title\u{FFFD} here"),
            "{shown}"
        );
    }

    #[test]
    fn line_of_counts_newlines() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 2), 2);
        assert_eq!(line_of("a\nb\nc", 99), 3);
        let mut lines = Lines::new("a\nb\nc");
        let got: Vec<usize> = [0, 2, 3, 4, 99, 1].iter().map(|&o| lines.at(o)).collect();
        assert_eq!(got, vec![1, 2, 2, 3, 3, 1]);
    }
}
