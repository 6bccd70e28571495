//! Word tokens of a text, as Unicode's word boundaries (UAX #29) cut it:
//! words, runs of spaces, and each other character alone.
//!
//! `unicode-segmentation` looks up every character's class in its tables,
//! which made cutting a fifth of the word diff's time. Policy text is
//! nearly all ASCII, whose classes fit in a match: ASCII text is cut here
//! by the same rules, anything else by the crate (a test holds the two to
//! the same tokens).
//!
//! These tokens are what a reader sees change, so they keep the spaces and
//! cut as a reader reads: `don't`, `3.5` and `1,000` change as a whole. The
//! crate cuts text into words three other ways, each for a job these
//! tokens would do worse:
//! - [`super::words`]' similarity tokens (alphanumeric runs only) weigh
//!   how much two blocks share, to pair an edited block with its old self:
//!   `3.5` edited to `4.5` still shares `5`, and spaces and punctuation,
//!   which unrelated texts share as much as related ones, count for nothing.
//! - `count_words` in [`super`] counts what a reader calls words, runs
//!   between spaces, for "N words added": `£10,` is one word, not three.
//! - `title_key` in import compares titles, ignoring case and punctuation:
//!   "Article 3: Cookies" and "article 3 – cookies" are one title.

use unicode_segmentation::UnicodeSegmentation;

/// The tokens of `s`, in order; joined they give `s` back. A web address
/// (`https://…`, `mailto:…`) is one token: a link whose target changed
/// shows the old address and the new one, not the pieces of one address
/// cut at its slashes and dots (`/[-legal-]{+account+}/…`).
pub fn words(s: &str) -> Vec<&str> {
    // Most text holds no address: one search, then the plain cut.
    if !s.contains("://") && !s.contains("mailto:") {
        return cut(s);
    }
    let mut out = Vec::new();
    let mut rest = s;
    while let Some((start, end)) = next_address(rest) {
        out.extend(cut(&rest[..start]));
        out.push(&rest[start..end]);
        rest = &rest[end..];
    }
    out.extend(cut(rest));
    out
}

/// Word boundaries alone, as UAX #29 sets them.
fn cut(s: &str) -> Vec<&str> {
    if s.is_ascii() {
        ascii_words(s)
    } else {
        s.split_word_bounds().collect()
    }
}

/// The byte range of the first web address in `s`: a scheme this list
/// names, not inside a word, up to the next space, without the punctuation
/// that ends a sentence or closes a bracket after it.
fn next_address(s: &str) -> Option<(usize, usize)> {
    const SCHEMES: [&str; 3] = ["https://", "http://", "mailto:"];
    let mut from = 0;
    while let Some(i) = s[from..].find(['h', 'm']).map(|i| i + from) {
        from = i + 1;
        let starts = SCHEMES.iter().any(|p| s[i..].starts_with(p));
        let in_word = s[..i].chars().next_back().is_some_and(char::is_alphanumeric);
        if !starts || in_word {
            continue;
        }
        let run = s[i..].find(char::is_whitespace).map_or(s.len(), |n| i + n);
        let end = i + s[i..run]
            .trim_end_matches(['.', ',', ';', ':', '!', '?', ')', ']', '"', '\'', '”', '’'])
            .len();
        if end > i + 8 {
            return Some((i, end));
        }
    }
    None
}

/// `char::is_whitespace` for an ASCII byte: `u8::is_ascii_whitespace` and
/// the vertical tab, which it leaves out. Written as two comparisons so
/// that loops over bytes vectorise.
pub fn is_ascii_space(b: u8) -> bool {
    (b.wrapping_sub(b'\t') < 5) | (b == b' ')
}

/// The word-break classes of the ASCII characters (WordBreakProperty.txt).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Cr,
    Lf,
    Newline,
    Space,
    Letter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    /// MidNumLet, and the apostrophe (Single_Quote), which the rules for
    /// letters and numbers treat alike.
    MidNumLetQ,
    MidNum,
    Other,
}

fn class(b: u8) -> Class {
    match b {
        b'\r' => Class::Cr,
        b'\n' => Class::Lf,
        0x0B | 0x0C => Class::Newline,
        b' ' => Class::Space,
        b'a'..=b'z' | b'A'..=b'Z' => Class::Letter,
        b'0'..=b'9' => Class::Numeric,
        b'_' => Class::ExtendNumLet,
        b':' => Class::MidLetter,
        b'.' | b'\'' => Class::MidNumLetQ,
        b',' | b';' => Class::MidNum,
        _ => Class::Other,
    }
}

/// Whether the rules keep `cur` in the token of `prev` (`before` precedes
/// `prev`, `next` follows `cur`).
fn joins(before: Option<Class>, prev: Class, cur: Class, next: Option<Class>) -> bool {
    use Class::*;
    let mid_letter = |c: Class| matches!(c, MidLetter | MidNumLetQ);
    let mid_num = |c: Class| matches!(c, MidNum | MidNumLetQ);
    match (prev, cur) {
        (Cr, Lf) => true,                                                   // WB3
        (Cr | Lf | Newline, _) | (_, Cr | Lf | Newline) => false,           // WB3a, WB3b
        (Space, Space) => true,                                             // WB3d
        (Letter, Letter) => true,                                           // WB5
        (Letter, c) if mid_letter(c) => next == Some(Letter),               // WB6
        (c, Letter) if mid_letter(c) && before == Some(Letter) => true,     // WB7
        (Numeric, Numeric) | (Letter, Numeric) | (Numeric, Letter) => true, // WB8, WB9, WB10
        (c, Numeric) if mid_num(c) && before == Some(Numeric) => true,      // WB11
        (Numeric, c) if mid_num(c) => next == Some(Numeric),                // WB12
        (Letter | Numeric | ExtendNumLet, ExtendNumLet) => true,            // WB13a
        (ExtendNumLet, Letter | Numeric) => true,                           // WB13b
        _ => false,                                                         // WB999
    }
}

fn ascii_words(s: &str) -> Vec<&str> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 3 + 1);
    let Some(&first) = bytes.first() else {
        return out;
    };
    let mut start = 0;
    // The classes around the boundary before byte `i`.
    let (mut before, mut prev) = (None, class(first));
    for i in 1..bytes.len() {
        let here = class(bytes[i]);
        // Most boundaries are inside a word, where letters and digits join
        // whatever surrounds them (WB5, WB8 to WB10): no need to look ahead.
        let inside_word =
            matches!(prev, Class::Letter | Class::Numeric) && matches!(here, Class::Letter | Class::Numeric);
        if !inside_word && !joins(before, prev, here, bytes.get(i + 1).map(|&b| class(b))) {
            // ASCII: every byte is a char boundary.
            out.push(&s[start..i]);
            start = i;
        }
        (before, prev) = (Some(prev), here);
    }
    out.push(&s[start..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn crate_words(s: &str) -> Vec<&str> {
        s.split_word_bounds().collect()
    }

    #[test]
    fn policy_text_cuts_like_the_crate() {
        for s in [
            "",
            "a",
            "In Article 11 “Cookie policy”, we added reCAPTCHA.",
            "We don't sell data: e.g. 3.5 % of 1,000,000 users; see https://example.com/a_b?x=1.",
            "Tabs\tand  double  spaces,\r\nCRLF and\rCR and\u{b}VT.",
            "a.b.c 1.2.3 a'b' 'quoted' x:y:z 1:2 a_1 _x_ 1_ __ ..",
            "ends with a letter a",
        ] {
            assert_eq!(cut(s), crate_words(s), "{s:?}");
        }
    }

    #[test]
    fn a_web_address_is_one_token() {
        assert_eq!(
            words("Read it (https://example.com/legal/privacy-notes).\n"),
            [
                "Read",
                " ",
                "it",
                " ",
                "(",
                "https://example.com/legal/privacy-notes",
                ")",
                ".",
                "\n"
            ]
        );
        assert_eq!(
            words("Mail mailto:help@example.com, or"),
            ["Mail", " ", "mailto:help@example.com", ",", " ", "or"]
        );
        // Inside a word, or too short to be an address: cut as text.
        assert_eq!(words("xhttps://a"), cut("xhttps://a"));
        assert_eq!(words("see http:// here"), cut("see http:// here"));
        assert_eq!(words("à https://é.example/ü"), ["à", " ", "https://é.example/ü"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn words_join_to_the_text(s in "[ab19 .,():/]{0,8}(https?://|mailto:)?[ab19 .,():/é]{0,16}") {
            prop_assert_eq!(words(&s).concat(), s);
        }

        #[test]
        fn ascii_text_cuts_like_the_crate(s in "[ab19 '.,;:_\\-\t\r\n\u{b}\u{c}!\"#/?()*]{0,24}") {
            prop_assert_eq!(ascii_words(&s), crate_words(&s));
        }

        #[test]
        fn any_ascii_cuts_like_the_crate(s in "[\\x00-\\x7f]{0,40}") {
            prop_assert_eq!(ascii_words(&s), crate_words(&s));
        }
    }
}
