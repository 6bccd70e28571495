//! Writing out one heading: its text without a manual number, its id, or
//! bold text in its place.

use std::collections::HashSet;

use super::blocks::{self, Heading};
use super::number;
use crate::load::document::RESERVED_IDS;
use crate::markdown::escape;

/// The heading's source and text without its manual number; `None` when it
/// has none, or nothing but a number. `letters`: see [`number::strip_in`].
pub fn strip_number(h: &Heading, letters: bool) -> Option<(number::Number, String, String)> {
    let (n, text) = number::strip_in(&h.text, letters)?;
    if text.is_empty() {
        return None;
    }
    match number::strip_in(&h.source, letters) {
        Some((_, source)) if !source.is_empty() => Some((n, source.to_string(), plain(source))),
        // The number is inside formatting (`**1.** Scope`): keep the plain text.
        _ => Some((n, escape::inline(text), text.to_string())),
    }
}

/// The text of a heading's source without formatting.
fn plain(source: &str) -> String {
    let scan = blocks::scan(&format!("# {source}\n"));
    scan.headings
        .first()
        .map_or_else(|| source.to_string(), |h| h.text.clone())
}

/// A heading above the article level, as a bold paragraph.
pub fn bold(body: &str, h: &Heading, source: &str) -> String {
    let newline = if body[..h.range.end].ends_with('\n') { "\n" } else { "" };
    let line_start = body[..h.range.start].rfind('\n').map_or(0, |i| i + 1);
    let prev_blank = line_start == 0
        || body[..line_start - 1]
            .rsplit('\n')
            .next()
            .is_none_or(|l| l.trim().is_empty());
    let next_blank = body[h.range.end..].lines().next().is_none_or(|l| l.trim().is_empty());
    format!(
        "{}**{source}**{newline}{}",
        if prev_blank { "" } else { "\n" },
        if next_blank || newline.is_empty() { "" } else { "\n" }
    )
}

/// The id the site makes of a heading's title when it has no `{#id}`, so
/// that importing a text gives its headings the ids they would have had.
pub use crate::load::body::title_id as slug_of;

/// `base`, or `base-2`, `base-3`… when taken or reserved.
pub fn unique(base: &str, used: &mut HashSet<String>) -> String {
    let mut id = base.to_string();
    let mut n = 2;
    while used.contains(&id) || RESERVED_IDS.contains(&id.as_str()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    used.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_ids() {
        let mut used = HashSet::new();
        assert_eq!(unique("fees", &mut used), "fees");
        assert_eq!(unique("fees", &mut used), "fees-2");
        assert_eq!(unique("fees", &mut used), "fees-3");
        assert_eq!(unique("toc", &mut used), "toc-2");
    }

    #[test]
    fn numbers_come_off_the_source() {
        let h = &blocks::scan("### 11. *Cookie* policy\n").headings[0];
        let (n, source, text) = strip_number(h, false).unwrap();
        assert_eq!(
            (n.value, source.as_str(), text.as_str()),
            (11, "*Cookie* policy", "Cookie policy")
        );
        let h = &blocks::scan("### **1.** Scope\n").headings[0];
        let (_, source, text) = strip_number(h, false).unwrap();
        assert_eq!((source.as_str(), text.as_str()), ("Scope", "Scope"));
        assert!(strip_number(&blocks::scan("### 7\n").headings[0], false).is_none());
    }

    #[test]
    fn a_number_inside_formatting_leaves_text_that_reads_back_the_same() {
        let h = &blocks::scan("### **1.** Tom \\~and\\~ Jerry &amp;amp; co {#x}\n").headings[0];
        let (_, source, text) = strip_number(h, false).unwrap();
        assert_eq!(text, "Tom ~and~ Jerry &amp; co");
        assert_eq!(plain(&source), text, "{source}");
    }
}
