//! Text on one line: every run of whitespace one space, the ends trimmed.
//! Heading titles, diff blocks, imported titles and template tags are all
//! compared or shown this way, and this is the one place that does it.

use std::borrow::Cow;

/// Collapses every run of whitespace to one space and trims the ends, like
/// joining `split_whitespace`. A diff runs this over every byte of both
/// versions, and most block text is already on one line: that is checked
/// with loops the compiler can vectorise, and the text is then used as it is.
pub fn one_line(s: &str) -> Cow<'_, str> {
    if is_normal(s) {
        return s.into();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.into()
}

fn is_normal(s: &str) -> bool {
    let b = s.as_bytes();
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') || s.contains("  ") {
        return false;
    }
    let control = b.iter().fold(false, |acc, &c| acc | (c < 0x20));
    let ascii = b.iter().fold(true, |acc, &c| acc & (c < 0x80));
    !control && (ascii || !s.chars().any(|c| !c.is_ascii() && c.is_whitespace()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapses_and_trims() {
        assert_eq!(one_line("  a \n\t b  "), "a b");
        assert_eq!(one_line("\u{a0}é\u{2003}x\u{b}y\u{3000}"), "é x y");
        assert_eq!(one_line(""), "");
        assert!(matches!(one_line("already one line"), Cow::Borrowed(_)));
    }

    proptest::proptest! {
        /// However it gets there, the result is joining `split_whitespace`.
        #[test]
        fn is_split_whitespace_joined(s in "[ab \t\r\n\u{b}\u{c}\u{7f}\u{85}\u{a0}\u{2003}\u{2028}é]{0,24}") {
            proptest::prop_assert_eq!(one_line(&s), s.split_whitespace().collect::<Vec<_>>().join(" "));
        }
    }
}
