//! The site's one HTML escaper: rendered Markdown, templates (through
//! Tera's escape function), diffs and the preview's error page all escape
//! text here, the same five characters the same way. `/` is left alone, so
//! URLs stay intact.

/// Escapes text for HTML element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    escape_into(&mut out, s);
    out
}

/// [`escape`], appended to `out`. Every page's text passes through here, so
/// it copies runs of plain text whole, and finds the five characters with
/// memchr's vectorised searches rather than a test of every byte.
pub fn escape_into(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let end = bytes.len();
    let tags = |from: usize| memchr::memchr3(b'&', b'<', b'>', &bytes[from..]).map_or(end, |i| from + i);
    let quotes = |from: usize| memchr::memchr2(b'"', b'\'', &bytes[from..]).map_or(end, |i| from + i);
    // The next of each group at or after `plain`; only the one used is searched again.
    let (mut tag, mut quote) = (tags(0), quotes(0));
    let mut plain = 0;
    loop {
        let i = tag.min(quote);
        let entity = match bytes.get(i) {
            None => break,
            Some(b'&') => "&amp;",
            Some(b'<') => "&lt;",
            Some(b'>') => "&gt;",
            Some(b'"') => "&quot;",
            Some(_) => "&#39;",
        };
        // The five are ASCII, so `i` is a char boundary.
        out.push_str(&s[plain..i]);
        out.push_str(entity);
        plain = i + 1;
        if i == tag {
            tag = tags(plain);
        } else {
            quote = quotes(plain);
        }
    }
    out.push_str(&s[plain..]);
}

/// [`escape`] as Tera's escape function, so text in templates is escaped
/// exactly like text in rendered Markdown and diffs.
pub fn escape_to(s: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    if !s.bytes().any(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\'')) {
        return out.write_all(s.as_bytes());
    }
    out.write_all(escape(s).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_replaces_the_five_and_keeps_the_rest() {
        assert_eq!(
            escape(r#"Tom's <b> & "é" — ok"#),
            "Tom&#39;s &lt;b&gt; &amp; &quot;é&quot; — ok"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("&"), "&amp;");
        let mut out = String::from("x");
        escape_into(&mut out, "<€>");
        assert_eq!(out, "x&lt;€&gt;");
    }

    proptest::proptest! {
        /// However the five are found, each is replaced where it stands.
        #[test]
        fn escape_is_the_char_by_char_replacement(s in "[a&<>\"'é— \\x00-\\x7f]{0,40}") {
            let expected: String = s
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_string(),
                    '<' => "&lt;".to_string(),
                    '>' => "&gt;".to_string(),
                    '"' => "&quot;".to_string(),
                    '\'' => "&#39;".to_string(),
                    c => c.to_string(),
                })
                .collect();
            proptest::prop_assert_eq!(escape(&s), expected);
        }
    }
}
