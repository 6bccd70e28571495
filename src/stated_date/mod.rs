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
    text.lines().enumerate().find_map(|(n, raw)| {
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

/// Whether `line` may hold a label and a date: a digit, and a part that
/// every label holds, in lower or upper case. `check` reads every line of
/// every revision for a stated date, so most lines must be passed over
/// without the work of [`plain`] and lowercasing (16 % of a build's
/// instructions before this test).
fn may_state_a_date(line: &str) -> bool {
    const PARTS: [&str; 14] = [
        "ffect", "pdated", "odified", "evised", "mended", "evision", "ersion", "FFECT", "PDATED", "ODIFIED", "EVISED",
        "MENDED", "EVISION", "ERSION",
    ];
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
