//! Dates a policy states in its own words, read by import and check alike.
//!
//! The date a policy's text says it takes effect: `Effective date: February
//! 1, 2024`, `Last updated: 2024-02-01`, `Effective as of 1 February 2024`,
//! `**Effective:** Feb. 1, 2024`, `These terms take effect on …`.

pub mod date;

use crate::model::Date;
use crate::one_line::one_line;

/// A date the text states, and the line that states it (on one line,
/// without formatting marks), for the note that says where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stated {
    pub date: Date,
    pub line: String,
    /// Which line of the text states it, from 1.
    pub line_number: usize,
}

/// The words that introduce an effective date, lowercase, longest first
/// where one starts another. "Last updated" and its kin name the day a
/// policy's text was last changed, which policies use as the day it applies
/// from.
const LABELS: &[&str] = &[
    "effective date of this version",
    "effective date",
    "effective as of",
    "effective from",
    "effective on",
    "effective",
    "date effective",
    "in effect as of",
    "in effect from",
    "takes effect on",
    "take effect on",
    "last updated on",
    "last updated",
    "last modified",
    "last revised",
    "last amended",
    "date of last revision",
    "revised",
    "updated",
    "version date",
];

/// The first date the text states with one of the labels above, at the
/// start of a line (after Markdown marks) or of a sentence: "These terms
/// take effect on …".
pub fn stated_effective(text: &str) -> Option<Stated> {
    candidate_lines(text).find_map(|(n, raw)| {
        if !may_state_a_date(raw) {
            return None;
        }
        let line = plain(raw);
        let lower = line.to_lowercase();
        let starts = std::iter::once(0).chain(lower.match_indices(". ").map(|(i, _)| i + 2));
        for start in starts {
            let tail = &lower[start..];
            let tail = tail
                .strip_prefix("these terms ")
                .or_else(|| tail.strip_prefix("this policy "))
                .or_else(|| tail.strip_prefix("this statement "))
                .unwrap_or(tail);
            for label in LABELS {
                let Some(after) = tail.strip_prefix(label) else {
                    continue;
                };
                if let Some(date) = date_after(after) {
                    return Some(Stated {
                        date,
                        line,
                        line_number: n + 1,
                    });
                }
            }
        }
        None
    })
}

/// A part that every label holds, in lower or upper case: a line without
/// any cannot state a date.
const PARTS: [&str; 14] = [
    "ffect", "pdated", "odified", "evised", "mended", "evision", "ersion", "FFECT", "PDATED", "ODIFIED", "EVISED",
    "MENDED", "EVISION", "ERSION",
];

/// The lines that hold one of [`PARTS`], in order, each with its number
/// from 0 and without its line break. `check` reads every revision for a
/// stated date; searching the whole text once per part (a vectorised
/// search) passes over the many lines that hold none much faster than
/// looking into each line (5 % of a build's instructions that way).
fn candidate_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| PARTS.iter().map(memchr::memmem::Finder::new).collect());
    let bytes = text.as_bytes();
    let mut starts: Vec<usize> = FINDERS
        .iter()
        .flat_map(|f| f.find_iter(bytes))
        .map(|at| memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let mut counted = (0, 0);
    starts.into_iter().map(move |start| {
        let (from, n) = counted;
        let n = n + memchr::memchr_iter(b'\n', &bytes[from..start]).count();
        counted = (start, n);
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |e| start + e);
        let line = &text[start..end];
        (n, line.strip_suffix('\r').unwrap_or(line))
    })
}

/// Whether `line` may hold a label and a date: a digit (or a letter beyond
/// ASCII, for dates written in other scripts), and a part of a label.
fn may_state_a_date(line: &str) -> bool {
    line.bytes().any(|b| b.is_ascii_digit() || b >= 0x80) && PARTS.iter().any(|p| line.contains(p))
}

/// The date right after a label: `: February 1, 2024`, ` on 2024-02-01.`,
/// ` as of 1 February 2024 (see below)`.
fn date_after(after: &str) -> Option<Date> {
    let s = after.trim_start_matches([':', ' ', '-', '–', '—', '\t']);
    let s = ["as of ", "on ", "from "]
        .iter()
        .find_map(|w| s.strip_prefix(w))
        .unwrap_or(s);
    // The date ends the line or its sentence, or comes before a bracket.
    let s = s.split(['(', ';', '[']).next().unwrap_or(s).trim();
    // "Feb. 1, 2024" has a full stop inside; a sentence may follow the date.
    let sentences = s.match_indices(". ").map(|(i, _)| &s[..i]);
    std::iter::once(s)
        .chain(sentences)
        .filter(|c| !c.contains(':'))
        .find_map(date::parse)
}

/// A line without the Markdown marks around a date: emphasis, heading and
/// quote marks, list bullets, HTML line breaks.
fn plain(raw: &str) -> String {
    let s: String = raw.chars().filter(|c| !matches!(c, '*' | '_' | '`')).collect();
    let s = s.replace("<br>", " ").replace("<br/>", " ");
    let s = s.trim_start_matches(['#', '>', '-', '+', ' ', '\t']);
    one_line(s).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Option<String> {
        stated_effective(text).map(|s| s.date.to_string())
    }

    #[test]
    fn stated_dates() {
        for (text, want) in [
            ("Effective date: February 1, 2024", "2024-02-01"),
            ("**Effective date:** February 1, 2024", "2024-02-01"),
            ("_Last updated: 2024-02-01_", "2024-02-01"),
            ("Effective as of 1 February 2024.", "2024-02-01"),
            ("# Terms\n\nIntro.\n\nEffective: Feb. 1, 2024", "2024-02-01"),
            ("Welcome. These terms take effect on March 3, 2023.", "2023-03-03"),
            ("Effective from 2022/7/1", "2022-07-01"),
            ("Last Updated On: July 1st, 2022", "2022-07-01"),
        ] {
            assert_eq!(d(text).as_deref(), Some(want), "{text}");
        }
    }

    #[test]
    fn every_label_passes_the_quick_test() {
        for label in LABELS {
            for form in [label.to_string(), label.to_uppercase(), capitalized(label)] {
                assert!(may_state_a_date(&format!("{form}: 1 May 2024")), "{form}");
            }
        }
        assert!(!may_state_a_date("We keep your notes for 30 days."));
        assert!(!may_state_a_date("Effective immediately, accounts need an email."));
    }

    fn capitalized(s: &str) -> String {
        let mut c = s.chars();
        c.next()
            .map(|f| f.to_uppercase().chain(c).collect())
            .unwrap_or_default()
    }

    #[test]
    fn lines_are_numbered_as_the_text_has_them() {
        let text = "# Terms\r\n\nNothing here.\nWe revised nothing.\n\n_Last updated: 2024-02-01_\r\nEnd.";
        let s = stated_effective(text).unwrap();
        assert_eq!((s.line_number, s.line.as_str()), (6, "Last updated: 2024-02-01"));
        let lines: Vec<_> = candidate_lines(text).collect();
        assert_eq!(
            lines,
            vec![(3, "We revised nothing."), (5, "_Last updated: 2024-02-01_")]
        );
        assert_eq!(stated_effective("Effective date: 1 May 2024").unwrap().line_number, 1);
    }

    #[test]
    fn no_stated_date() {
        for text in [
            "We updated the cookie section.",
            "Effective immediately, accounts need an email.",
            "Updated: soon",
            "The effective date of the agreement is the date you sign it.",
        ] {
            assert_eq!(d(text), None, "{text}");
        }
    }
}
