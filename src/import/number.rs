//! Manual article and section numbers written at the start of a heading:
//! `11. Cookie policy`, `Article 3: Use restrictions`, `第3条（目的）`, `§ 4 Fees`.

/// How a manual number was written; decides the document's `numbering`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `11 Cookie policy`, `11. Cookie policy`, `(11) Cookie policy`, `IV. Fees`
    Bare,
    /// `Article 11`, `Art. 11`
    Article,
    /// `Section 11`
    Section,
    /// `Clause 11`
    Clause,
    /// `§ 11`
    SectionSign,
    /// `第11条`
    Japanese,
}

impl Style {
    /// The `numbering` front matter value that writes numbers this way, when
    /// it is not charter's default ("Article {n}").
    pub fn numbering(self) -> Option<&'static str> {
        match self {
            Style::Bare | Style::Article => None,
            Style::Section => Some("Section {n}"),
            Style::Clause => Some("Clause {n}"),
            Style::SectionSign => Some("§{n}"),
            Style::Japanese => Some("第{n}条"),
        }
    }
}

/// A manual number: its value (the first part of `11.2`) and how it was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Number {
    pub value: u32,
    pub style: Style,
}

const KEYWORDS: &[(&str, Style)] = &[
    ("article", Style::Article),
    ("art.", Style::Article),
    ("section", Style::Section),
    ("sec.", Style::Section),
    ("clause", Style::Clause),
    ("§", Style::SectionSign),
];

/// Splits a manual number off the start of a heading: `"11. Cookie policy"`
/// gives 11 and `"Cookie policy"`. The rest is empty when the heading is
/// only a number. `None` when the heading does not start with a number.
/// A single letter that is also a Roman numeral (`C.`, `I.`) counts as one
/// (see [`strip_in`] for a text whose headings are lettered A, B, C…).
pub fn strip(text: &str) -> Option<(Number, &str)> {
    strip_in(text, false)
}

/// [`strip`] for a document whose headings run `A.`, `B.`, `C.`… when
/// `letters` is true: there, `C.`, `D.`, `I.`, `L.`, `M.` are letters of that
/// list like `A.` and `B.`, not Roman numerals, and no letter is a number
/// (charter writes article numbers as numbers, so the letters stay in the
/// heading text). Decided once per document by [`Letters::lettered`].
pub fn strip_in(text: &str, letters: bool) -> Option<(Number, &str)> {
    let s = text.trim_start_matches(is_space);
    let (number, rest) = keyword_number(s).or_else(|| bare_number(s, letters))?;
    Some((number, clean_rest(rest)))
}

/// How a document's headings that start with a letter and `.` or `)` read:
/// the evidence for a lettered list (`A.`, `B.`, `E.`: no Roman numeral)
/// against a Roman one (`II.`, `IV.`: no single letter).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Letters {
    /// Headings numbered with a letter that is not a Roman numeral.
    pub letters: usize,
    /// Headings numbered with a Roman numeral of two or more letters.
    pub romans: usize,
    /// Headings numbered with `L.`, `C.`, `D.` or `M.`: a short Roman list
    /// never gets there, a lettered one does.
    pub big: usize,
}

impl Letters {
    /// Adds the evidence of one heading's text.
    pub fn add(&mut self, text: &str) {
        let s = text.trim_start_matches(is_space);
        let Some((first, rest)) = s.split_once(['.', ')']) else {
            return;
        };
        if !(rest.is_empty() || rest.starts_with(is_space)) || first.is_empty() {
            return;
        }
        if !first.chars().all(|c| c.is_ascii_uppercase()) {
            return;
        }
        let roman = roman(first, false).is_some_and(|(_, r)| r.is_empty());
        match (first.len(), roman) {
            (1, false) => self.letters += 1,
            (1, true) if matches!(first, "L" | "C" | "D" | "M") => self.big += 1,
            (_, true) if first.len() > 1 => self.romans += 1,
            _ => {}
        }
    }

    /// Adds another version's evidence.
    pub fn merge(&mut self, other: Letters) {
        self.letters += other.letters;
        self.romans += other.romans;
        self.big += other.big;
    }

    /// True when the single letters are a list's letters: more headings say
    /// so than say Roman, or, with neither, a letter past `X` is used.
    pub fn lettered(self) -> bool {
        self.letters > self.romans || (self.letters == 0 && self.romans == 0 && self.big > 0)
    }
}

/// A number written with a word or sign (`Article 11`, `§ 4`, `第3条`), and the
/// text right after it. Used for headings and for change sentences.
pub fn keyword_number(s: &str) -> Option<(Number, &str)> {
    if let Some(rest) = s.strip_prefix('第') {
        let (value, rest) = digits(rest).or_else(|| kanji(rest))?;
        let rest = rest.trim_start_matches(is_space).strip_prefix('条')?;
        return Some((
            Number {
                value,
                style: Style::Japanese,
            },
            rest,
        ));
    }
    for &(word, style) in KEYWORDS {
        let Some(head) = s.get(..word.len()) else { continue };
        if !head.eq_ignore_ascii_case(word) {
            continue;
        }
        let rest = &s[word.len()..];
        let trimmed = rest.trim_start_matches(is_space);
        // `Articles of association` is not a number.
        let (value, after) = digits(trimmed).or_else(|| roman(trimmed, true))?;
        let after = sub_numbers(after);
        if !ends_number(after) {
            return None;
        }
        return Some((Number { value, style }, after));
    }
    None
}

/// `11`, `11.`, `11.2`, `(11)`, `IV.`: a number with no word before it. With
/// `letters`, a single letter is not a Roman numeral.
fn bare_number(s: &str, letters: bool) -> Option<(Number, &str)> {
    let bare = |value| Number {
        value,
        style: Style::Bare,
    };
    if let Some(inner) = s.strip_prefix(['(', '（']) {
        let inner = inner.trim_start_matches(is_space);
        let (value, rest) = digits(inner)?;
        let rest = rest.trim_start_matches(is_space).strip_prefix([')', '）'])?;
        return ends_number(rest).then_some((bare(value), rest));
    }
    if let Some((value, rest)) = digits(s) {
        // Years and other long numbers start headings like "2024 in review".
        if s[..s.len() - rest.len()].chars().count() > 3 {
            return None;
        }
        let rest = sub_numbers(rest);
        return ends_number(rest).then_some((bare(value), rest));
    }
    // A bare Roman numeral needs a `.` or `)` after it: "I. Scope", not "I agree".
    let (value, rest) = roman(s, false)?;
    if letters && s.len() - rest.len() == 1 {
        return None;
    }
    let rest = rest.strip_prefix(['.', ')'])?;
    (rest.is_empty() || rest.starts_with(is_space)).then_some((bare(value), rest))
}

/// Skips `.2`, `.2.1` after a number.
fn sub_numbers(mut s: &str) -> &str {
    while let Some(after_dot) = s.strip_prefix(['.', '．'])
        && let Some((_, rest)) = digits(after_dot)
    {
        s = rest;
    }
    s
}

/// True when a number is followed by the end of the heading, a space or a
/// separator: `11 `, `11.`, `11:`, `11)`; not `11am` or `1,000`.
fn ends_number(rest: &str) -> bool {
    match rest.chars().next() {
        None => true,
        Some(c) if is_space(c) => true,
        Some('.' | '．' | '、' | ',' | '，' | ':' | '：' | ')' | '）' | '-' | '–' | '—' | '(' | '（' | '「') =>
        {
            // `1,000`: a long number, not a number and a separator.
            !rest[rest.chars().next().map_or(0, char::len_utf8)..].starts_with(|c: char| c.is_ascii_digit())
        }
        Some(_) => false,
    }
}

/// The heading text after a number: separators and spaces trimmed, and one
/// pair of brackets around the whole rest removed (`第1条（目的）` is "目的").
fn clean_rest(rest: &str) -> &str {
    let rest = rest
        .trim_start_matches(|c: char| {
            is_space(c) || matches!(c, '.' | '．' | '、' | ',' | '，' | ':' | '：' | ')' | '）')
        })
        .trim_start_matches(['-', '–', '—'])
        .trim_matches(is_space);
    for (open, close) in [('(', ')'), ('（', '）')] {
        if let Some(inner) = rest.strip_prefix(open).and_then(|r| r.strip_suffix(close))
            && !inner.contains([open, close])
            && !inner.trim().is_empty()
        {
            return inner.trim_matches(is_space);
        }
    }
    rest
}

pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// ASCII or full-width digits at the start of `s`.
fn digits(s: &str) -> Option<(u32, &str)> {
    let mut value: u32 = 0;
    let mut end = 0;
    for (i, c) in s.char_indices() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        value = value.checked_mul(10)?.checked_add(d)?;
        end = i + c.len_utf8();
    }
    (end > 0).then(|| (value, &s[end..]))
}

/// A kanji numeral (`十一`, `二十三`, `百`) at the start of `s`.
fn kanji(s: &str) -> Option<(u32, &str)> {
    let (mut total, mut current, mut end) = (0u32, 0u32, 0);
    for (i, c) in s.char_indices() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => 0,
        };
        if unit > 0 {
            total += current.max(1) * unit;
            current = 0;
        } else {
            let d = "〇一二三四五六七八九".chars().position(|k| k == c)? as u32;
            current = current * 10 + d;
        }
        end = i + c.len_utf8();
        if !s[end..].starts_with(|c: char| "〇一二三四五六七八九十百千".contains(c)) {
            break;
        }
    }
    (end > 0).then(|| (total + current, &s[end..]))
}

/// A Roman numeral at the start of `s`, written the standard way (`IV`, not
/// `IIII`). Lower case only counts after a word (`Article iv`).
fn roman(s: &str, any_case: bool) -> Option<(u32, &str)> {
    let len = s
        .find(|c: char| !matches!(c.to_ascii_uppercase(), 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'))
        .unwrap_or(s.len());
    let numeral = &s[..len];
    if numeral.is_empty() || (!any_case && numeral.chars().any(|c| c.is_ascii_lowercase())) {
        return None;
    }
    let upper = numeral.to_ascii_uppercase();
    let value_of = |c| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        _ => 1000,
    };
    let values: Vec<u32> = upper.chars().map(value_of).collect();
    let mut value = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            value -= v as i64;
        } else {
            value += v as i64;
        }
    }
    let value = u32::try_from(value).ok().filter(|&v| v > 0 && v < 4000)?;
    (to_roman(value) == upper).then(|| (value, &s[len..]))
}

fn to_roman(mut n: u32) -> String {
    const TABLE: &[(u32, &str)] = &[
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for &(v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripped(s: &str) -> Option<(u32, Style, &str)> {
        strip(s).map(|(n, rest)| (n.value, n.style, rest))
    }

    #[test]
    fn bare_numbers() {
        assert_eq!(
            stripped("1 Private information"),
            Some((1, Style::Bare, "Private information"))
        );
        assert_eq!(stripped("11. Cookie policy"), Some((11, Style::Bare, "Cookie policy")));
        assert_eq!(stripped("11.2 Analytics"), Some((11, Style::Bare, "Analytics")));
        assert_eq!(stripped("(3) Fees"), Some((3, Style::Bare, "Fees")));
        assert_eq!(stripped("( 3 ) Fees"), Some((3, Style::Bare, "Fees")));
        assert_eq!(stripped("３．料金"), Some((3, Style::Bare, "料金")));
        assert_eq!(stripped("IV. Liability"), Some((4, Style::Bare, "Liability")));
        assert_eq!(stripped("7"), Some((7, Style::Bare, "")));
        assert_eq!(stripped("4 - Refunds"), Some((4, Style::Bare, "Refunds")));
    }

    #[test]
    fn in_a_lettered_document_no_letter_is_a_number() {
        for s in [
            "C. Acceptable use",
            "D. Your content",
            "I. Extra products",
            "M. Miscellaneous",
        ] {
            assert_eq!(strip_in(s, true), None, "{s}");
            assert!(strip_in(s, false).is_some(), "{s}");
        }
        assert_eq!(strip_in("IV. Fees", true).map(|(n, _)| n.value), Some(4));
        assert_eq!(strip_in("3. Fees", true).map(|(n, _)| n.value), Some(3));
    }

    #[test]
    fn the_document_decides_letters_or_roman() {
        let of = |headings: &[&str]| {
            let mut l = Letters::default();
            headings.iter().for_each(|h| l.add(h));
            l.lettered()
        };
        assert!(of(&["A. Terms", "B. Accounts", "C. Use", "D. Content"]));
        assert!(of(&["C. Use", "D. Content"]));
        assert!(!of(&["I. Scope", "II. Fees", "III. Ends"]));
        assert!(!of(&["I. Scope"]));
        assert!(!of(&["Scope", "1. Fees"]));
    }

    #[test]
    fn keyword_numbers() {
        assert_eq!(
            stripped("Article 3 Use restrictions"),
            Some((3, Style::Article, "Use restrictions"))
        );
        assert_eq!(
            stripped("Article 3: Use restrictions"),
            Some((3, Style::Article, "Use restrictions"))
        );
        assert_eq!(stripped("ARTICLE IV — Fees"), Some((4, Style::Article, "Fees")));
        assert_eq!(
            stripped("Art. 12. Final terms"),
            Some((12, Style::Article, "Final terms"))
        );
        assert_eq!(stripped("Section 2 (Accounts)"), Some((2, Style::Section, "Accounts")));
        assert_eq!(stripped("§ 5 Liability"), Some((5, Style::SectionSign, "Liability")));
        assert_eq!(stripped("Clause 9"), Some((9, Style::Clause, "")));
    }

    #[test]
    fn japanese_numbers() {
        assert_eq!(stripped("第3条 利用制限"), Some((3, Style::Japanese, "利用制限")));
        assert_eq!(stripped("第１条（目的）"), Some((1, Style::Japanese, "目的")));
        assert_eq!(stripped("第十二条 免責"), Some((12, Style::Japanese, "免責")));
        assert_eq!(stripped("第二十三条"), Some((23, Style::Japanese, "")));
    }

    #[test]
    fn not_numbers() {
        for s in [
            "Cookie policy",
            "2024 in review",
            "24/7 support",
            "1.5x faster checkout",
            "3rd parties",
            "Articles of association",
            "Sections and clauses",
            "I agree",
            "Mix. Of things",
            "(a) Definitions",
            "1,000 users",
        ] {
            assert_eq!(strip(s), None, "{s}");
        }
    }
}
