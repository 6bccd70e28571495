//! The one Markdown escaper: text of a site (a title, a summary, a note, a
//! diff's words) written into Markdown that charter generates, so that it
//! renders as the same text and never as formatting of its own.
//!
//! Its readers differ: an announcement is pasted into an email or a blog,
//! a diff into a GitHub pull request, an imported heading is read back by
//! charter itself (whose dialect has heading attributes, `{#id}`). One rule
//! serves all three: every character that any of them reads as Markdown
//! inside a line is escaped, and [`line`] also guards what could open a
//! block at the start of a line. The HTML specials and `@` become entities
//! rather than backslash escapes: GitHub reads `@name` as a mention even
//! after a backslash, and an entity renders as its character everywhere.

/// `s` escaped for use inside a line of Markdown (not at its start: see
/// [`line`]).
pub fn inline(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '@' => out.push_str("&#64;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '{' | '}' | '#' | '|' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// [`inline`], for text that starts a line: `1.`, `1)`, `-`, `+` or `=`
/// there would make a list or a heading of it.
pub fn line(s: &str) -> String {
    let s = inline(s);
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && s[digits..].starts_with(['.', ')']) {
        format!("{}\\{}", &s[..digits], &s[digits..])
    } else if s.starts_with(['-', '+', '=']) {
        format!("\\{s}")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

    /// The text of `md` when it is one paragraph (or one heading, without
    /// an id) of plain text; None when anything else appears.
    fn plain_text(md: &str) -> Option<String> {
        // charter's dialect, and GitHub's where it reads more.
        let options = crate::markdown_options() | Options::ENABLE_GFM;
        let mut text = String::new();
        for event in Parser::new_ext(md, options) {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => {}
                Event::Start(Tag::Heading {
                    id: None,
                    classes,
                    attrs,
                    ..
                }) if classes.is_empty() && attrs.is_empty() => {}
                _ => return None,
            }
        }
        Some(text)
    }

    #[test]
    fn escapes_what_would_format() {
        assert_eq!(
            inline("2 * 3 a_b #4 at <b> [x](y) @legal & {#id} ~s~ | !"),
            "2 \\* 3 a\\_b \\#4 at &lt;b&gt; \\[x\\](y) &#64;legal &amp; \\{\\#id\\} \\~s\\~ \\| \\!"
        );
        assert_eq!(inline("日本語 ✓ e.g. 1-2 (a)"), "日本語 ✓ e.g. 1-2 (a)");
        assert_eq!(line("1. First"), "1\\. First");
        assert_eq!(line("12) x"), "12\\) x");
        assert_eq!(line("- a"), "\\- a");
        assert_eq!(line("2020 was"), "2020 was");
    }

    #[test]
    fn a_heading_keeps_its_text_and_gets_no_id() {
        for title in ["Scope {#scope}", "Fees {.x}", "Data ##", "*Cookie* policy"] {
            assert_eq!(plain_text(&format!("## {}\n", inline(title))).as_deref(), Some(title));
        }
    }

    proptest::proptest! {
        /// Whatever the text, Markdown reads back exactly that text, as one
        /// paragraph and nothing else.
        #[test]
        fn renders_as_the_text_itself(s in "[a1 .)(\\-+=*_`~#|!\\[\\]{}<>&@:\\\\/é^$%'\"]{0,24}") {
            let s = s.trim();
            proptest::prop_assume!(!s.is_empty() && !s.contains("  "));
            proptest::prop_assert_eq!(plain_text(&line(s)), Some(s.to_string()), "{}", line(s));
            let mid = format!("x {}", inline(s));
            proptest::prop_assert_eq!(plain_text(&mid), Some(format!("x {s}")), "{}", mid);
        }
    }
}
