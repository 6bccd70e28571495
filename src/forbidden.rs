//! Characters a site's text may not hold: control characters other than tab
//! and line ends, and Unicode noncharacters.
//!
//! XML 1.0 forbids them, so one of them in a title or summary makes the Atom
//! feed a file no reader accepts, and in a page they are invisible bytes
//! (a NUL, a backspace) that no author meant to publish. Loading reports
//! them and reads them as U+FFFD ([`clean`]); diagnostics show them so on a
//! terminal too, since a message or a quoted line comes from the site.

use std::borrow::Cow;

/// Control characters other than tab, LF and CR (the loader reads CR as a
/// line end), and noncharacters (U+FDD0–U+FDEF, U+xxFFFE, U+xxFFFF).
pub fn is_forbidden(c: char) -> bool {
    let u = u32::from(c);
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || (0xFDD0..=0xFDEF).contains(&u) || u & 0xFFFE == 0xFFFE
}

/// `U+000B, a control character`.
pub fn describe(c: char) -> String {
    let what = if c.is_control() {
        "a control character"
    } else {
        "a Unicode noncharacter"
    };
    format!("U+{:04X}, {what}", u32::from(c))
}

/// `s` with every forbidden character replaced by U+FFFD, the replacement
/// character, which pages and feeds can carry.
pub fn clean(s: &str) -> Cow<'_, str> {
    if s.chars().any(is_forbidden) {
        Cow::Owned(
            s.chars()
                .map(|c| if is_forbidden(c) { '\u{FFFD}' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(s)
    }
}

/// [`clean`], in place.
pub fn clean_string(s: &mut String) {
    if let Cow::Owned(cleaned) = clean(s) {
        *s = cleaned;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbids_controls_and_noncharacters_only() {
        for bad in [
            '\0',
            '\u{1}',
            '\u{8}',
            '\u{b}',
            '\u{c}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{fdd0}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{10ffff}',
        ] {
            assert!(is_forbidden(bad), "{bad:?}");
        }
        for ok in [
            '\t', '\n', '\r', 'a', 'é', '\u{feff}', '\u{200f}', '\u{301}', '😀', '\u{fffd}', '\u{e000}',
        ] {
            assert!(!is_forbidden(ok), "{ok:?}");
        }
    }

    #[test]
    fn cleans_to_the_replacement_character() {
        assert!(matches!(clean("plain & <ok>"), Cow::Borrowed(_)));
        assert_eq!(clean("a\u{b}b\u{fffe}"), "a\u{fffd}b\u{fffd}");
    }
}
