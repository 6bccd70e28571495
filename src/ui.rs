//! What commands tell the user besides their output: notes, progress and
//! summaries on stderr, quieter with `--quiet`, fuller with `--verbose`.
//! Errors and warnings are always printed. Every message to the user goes
//! through here (errors through `main`), so there is one channel to change.

use std::io::IsTerminal;
use std::sync::OnceLock;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Quiet,
    Normal,
    Verbose,
}

/// Set once by `main` from the command line, before any command runs.
static LEVEL: OnceLock<Level> = OnceLock::new();

pub fn set_level(level: Level) {
    let _ = LEVEL.set(level);
}

pub fn level() -> Level {
    LEVEL.get().copied().unwrap_or(Level::Normal)
}

/// A problem that does not stop the command (a site's [`Diagnostic`] with
/// its file and line): always printed, `--quiet` or not, like an error.
/// "1 document", "3 documents": a count and an English noun that takes `s`.
pub fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

pub fn warn(problem: &crate::diagnostic::Diagnostic) {
    eprintln!("{problem}");
}

/// Every problem of a site, each followed by its line quoted from its file,
/// and how many are errors (for the closing `error: N problems` line).
pub fn problems(problems: &crate::diagnostic::Diagnostics) -> usize {
    use crate::load::input::{TEXT_LIMIT, read_text};
    for d in &problems.0 {
        eprintln!("{d}");
        // Read as the site is read: never through a link, never a huge file.
        let file = d.line.and_then(|_| read_text(&d.path, TEXT_LIMIT).ok());
        if let Some(snippet) = file.and_then(|f| d.snippet(&f)) {
            eprintln!("{snippet}");
        }
    }
    problems.errors().count()
}

/// A warning that is not about a file of the site (a shallow clone, a
/// browser that cannot be opened): `warning: ` and the message, always
/// printed.
pub fn warning(message: impl std::fmt::Display) {
    eprintln!("warning: {message}");
}

/// A note for the user: what was written, what to do next.
pub fn note(message: impl std::fmt::Display) {
    if level() >= Level::Normal {
        eprintln!("{message}");
    }
}

/// Detail only `--verbose` wants, such as every file written.
pub fn detail(message: impl std::fmt::Display) {
    if level() >= Level::Verbose {
        eprintln!("{message}");
    }
}

/// A spinner counting work on a terminal; nothing when stderr is not one,
/// with `--quiet`, or with `--verbose` (whose lines would tear it).
pub fn progress(what: &str) -> Option<ProgressBar> {
    if level() != Level::Normal || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} {pos} files").ok()?);
    bar.set_message(what.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    Some(bar)
}

/// [`note`] with `format!` arguments: silent with `--quiet`.
#[macro_export]
macro_rules! note {
    ($($arg:tt)*) => {
        $crate::ui::note(format_args!($($arg)*))
    };
}
