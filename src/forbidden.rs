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

/// Whether `text` holds a forbidden character. Most text holds none, and
/// every file of a site is read for them: decoding each character for it
/// was 7 % of a build's CPU time (perf, on the synthetic corpus of
/// `bench/run.sh`). So the bytes are screened in blocks first, and only a
/// block with a byte that may start a forbidden character has its
/// characters decoded.
pub fn has_forbidden(text: &str) -> bool {
    const BLOCK: usize = 32;
    text.as_bytes().chunks(BLOCK).enumerate().any(|(n, block)| {
        block.iter().fold(false, |any, &b| any | may_start_forbidden(b))
            && block
                .iter()
                .enumerate()
                .any(|(i, &b)| may_start_forbidden(b) && text[n * BLOCK + i..].chars().next().is_some_and(is_forbidden))
    })
}

/// A control byte other than tab and line ends, or the first byte of the
/// multibyte characters among which the forbidden ones are: U+0080–U+00BF
/// (C1 controls), U+F000–U+FFFF (U+FDD0–U+FDEF, U+FFFE, U+FFFF) and planes
/// 1 to 16 (their last two code points). Each is the start of a character.
fn may_start_forbidden(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F || b == 0xC2 || b == 0xEF || b >= 0xF0
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
    if has_forbidden(s) {
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

    proptest::proptest! {
        /// The screened pass finds a forbidden character exactly when
        /// decoding every character does, wherever it stands in a block.
        #[test]
        fn the_screen_finds_what_decoding_finds(
            s in "[a \t\n\r§é€\u{feff}\u{fffd}\u{1f600}\x00-\x1f\x7f-\u{a0}\u{fdcf}-\u{fdf0}\u{fffe}\u{ffff}\u{1fffe}\u{10ffff}]{0,100}"
        ) {
            proptest::prop_assert_eq!(has_forbidden(&s), s.chars().any(is_forbidden));
            let common = "ab§é€".repeat(s.len() % 13);
            let padded = format!("{common}{s}");
            proptest::prop_assert_eq!(has_forbidden(&padded), padded.chars().any(is_forbidden));
        }
    }

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
