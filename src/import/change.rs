//! One line of a "Main revisions" list:
//! `In Article 11 "Cookie policy", we added reCAPTCHA in the "Performance cookies" section.`

use super::number::{self, is_space};

/// What a change sentence says, before its article and section are looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedChange {
    /// `11` in "In Article 11 …".
    pub number: Option<u32>,
    /// `Cookie policy` in "In Article 11 "Cookie policy", …".
    pub article_title: Option<String>,
    /// The quoted title of a section: "… in the "Performance cookies" section",
    /// or "In Article 11 "Cookie policy" › "Performance cookies", …".
    pub section_title: Option<String>,
    /// Everything after the comma, as written.
    pub note: String,
}

const QUOTES: &[(char, char)] = &[
    ('"', '"'),
    ('“', '”'),
    ('「', '」'),
    ('『', '』'),
    ('«', '»'),
    ('‘', '’'),
];

/// Reads a change sentence. `None` when it names no article by number or by a
/// quoted title, or has no comma before its note.
pub fn parse(sentence: &str) -> Option<ParsedChange> {
    let mut s = sentence.trim();
    for prefix in ["in ", "at "] {
        if s.get(..prefix.len()).is_some_and(|p| p.eq_ignore_ascii_case(prefix)) {
            s = s[prefix.len()..].trim_start();
        }
    }
    let (number, after) = match number::keyword_number(s) {
        Some((n, rest)) => (Some(n.value), rest.trim_start_matches(is_space)),
        None => (None, s),
    };
    let (article_title, after) = match quoted(after) {
        Some((title, rest)) => (Some(title), rest.trim_start_matches(is_space)),
        None => (None, after),
    };
    if number.is_none() && article_title.is_none() {
        return None;
    }
    let (mut section_title, after) = match after.strip_prefix(['›', '>', '»']) {
        Some(rest) => {
            let (title, rest) = quoted(rest.trim_start_matches(is_space))?;
            (Some(title), rest.trim_start_matches(is_space))
        }
        None => (None, after),
    };
    // `In Article 11 (Cookie policy), …`: a title in brackets.
    let (article_title, after) = match bracketed(after) {
        Some((title, rest)) if article_title.is_none() => (Some(title), rest.trim_start_matches(is_space)),
        _ => (article_title, after),
    };
    let note = after.strip_prefix([',', '、', '，', ':', '：'])?.trim();
    if note.is_empty() {
        return None;
    }
    if section_title.is_none() {
        section_title = section_in(note);
    }
    Some(ParsedChange {
        number,
        article_title,
        section_title,
        note: note.to_string(),
    })
}

/// A quoted text at the start of `s`, and the rest after its closing quote.
fn quoted(s: &str) -> Option<(String, &str)> {
    let open = s.chars().next()?;
    let &(_, close) = QUOTES.iter().find(|(o, _)| *o == open)?;
    let inner = &s[open.len_utf8()..];
    let end = inner.find(close)?;
    let title = inner[..end].trim();
    (!title.is_empty()).then(|| (title.to_string(), &inner[end + close.len_utf8()..]))
}

/// A title in brackets at the start of `s`: `(Liability)`.
fn bracketed(s: &str) -> Option<(String, &str)> {
    let (open, close) = [('(', ')'), ('（', '）')]
        .into_iter()
        .find(|(o, _)| s.starts_with(*o))?;
    let inner = &s[open.len_utf8()..];
    let end = inner.find(close)?;
    let title = inner[..end].trim();
    (!title.is_empty()).then(|| (title.to_string(), &inner[end + close.len_utf8()..]))
}

/// The quoted title in "the "Performance cookies" section" or
/// "section "Performance cookies"".
fn section_in(note: &str) -> Option<String> {
    for (start, c) in note.char_indices() {
        if !QUOTES.iter().any(|(o, _)| *o == c) {
            continue;
        }
        let Some((title, rest)) = quoted(&note[start..]) else {
            continue;
        };
        let before = note[..start].trim_end().to_ascii_lowercase();
        let after = rest.trim_start().to_ascii_lowercase();
        if after.starts_with("section") || after.starts_with("sub-section") || before.ends_with("section") {
            return Some(title);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reference_shape() {
        let c = parse(r#"In Article 11 "Cookie policy", we added reCAPTCHA in the "Performance cookies to improve our services" section."#)
            .unwrap();
        assert_eq!(c.number, Some(11));
        assert_eq!(c.article_title.as_deref(), Some("Cookie policy"));
        assert_eq!(
            c.section_title.as_deref(),
            Some("Performance cookies to improve our services")
        );
        assert_eq!(
            c.note,
            r#"we added reCAPTCHA in the "Performance cookies to improve our services" section."#
        );
    }

    #[test]
    fn other_shapes() {
        let c = parse("In Article 4, we shortened the retention period.").unwrap();
        assert_eq!((c.number, c.article_title, c.section_title), (Some(4), None, None));
        assert_eq!(c.note, "we shortened the retention period.");

        let c = parse("In Article 2 “Accounts” › “Closing an account”, we added a 30-day grace period").unwrap();
        assert_eq!(c.article_title.as_deref(), Some("Accounts"));
        assert_eq!(c.section_title.as_deref(), Some("Closing an account"));
        assert_eq!(c.note, "we added a 30-day grace period");

        let c = parse(r#"In "Refunds", we removed the restocking fee from section "Returns by post""#).unwrap();
        assert_eq!(c.number, None);
        assert_eq!(c.section_title.as_deref(), Some("Returns by post"));

        let c = parse("In Article 7 (Liability), we capped damages.").unwrap();
        assert_eq!((c.number, c.note.as_str()), (Some(7), "we capped damages."));
        assert_eq!(c.article_title.as_deref(), Some("Liability"));

        let c = parse("第3条「利用制限」、例外規定を追加しました。").unwrap();
        assert_eq!(c.number, Some(3));
        assert_eq!(c.article_title.as_deref(), Some("利用制限"));
        assert_eq!(c.note, "例外規定を追加しました。");
    }

    #[test]
    fn not_changes() {
        for s in [
            "We reworded the whole policy.",
            "In Article 4 we shortened the retention period",
            "In Article 4 we shortened the period, and more",
            "In Article 4,",
            r#"In "", we did something"#,
            "Past revisions",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
