//! How a block's text is shown: its links, emphasis, table cells and list
//! number, beside the plain text the diff compares.
//!
//! The diff compares what a reader reads, as plain text, so that a reflowed
//! paragraph or a renumbered list is no change. To show a change in the
//! document's own form (a link as a link, a table as a table, an item of a
//! numbered list with its number), a block also keeps where in its text each
//! of those stands: the diff's spans cut the same text, so a page can put
//! the two together without parsing anything again.

use std::ops::Range;
use std::sync::Arc;

/// The form of one block's text. Ranges are byte ranges of the text.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Shape {
    /// Inline elements, in the order they start (an outer one before the
    /// ones inside it).
    pub inline: Vec<Inline>,
    /// Where a table row's ` | ` between two cells stands.
    pub cells: Vec<Range<usize>>,
    /// A table's header row.
    pub head: bool,
    /// The number of an item of a numbered list.
    pub number: Option<u64>,
    /// In a code block, the spaces of the text that were line breaks, each
    /// with the indentation of the line after it: put back on a page, so
    /// that code reads line by line.
    pub lines: Vec<(usize, Arc<str>)>,
}

/// An inline element over part of a block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inline {
    pub range: Range<usize>,
    pub what: What,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A link's text, and where it leads.
    Link(Arc<str>),
    /// ` (https://…)`: a link's target, written after its text so that a
    /// changed target is a change the diff sees. A page shows it only when
    /// it changed: else the link itself carries it.
    Target,
    Emphasis,
    Strong,
    Strikethrough,
    Code,
    /// `[label]`: a reference to a footnote.
    Note,
}

impl Shape {
    /// Whether it holds nothing a plain rendering would miss.
    pub fn is_plain(&self) -> bool {
        self.inline.is_empty() && self.cells.is_empty() && !self.head && self.number.is_none() && self.lines.is_empty()
    }

    /// The same shape for the text once `map` moved its offsets (the text
    /// put on one line).
    pub fn remapped(mut self, map: impl Fn(usize) -> usize) -> Shape {
        for i in &mut self.inline {
            i.range = map(i.range.start)..map(i.range.end);
        }
        for c in &mut self.cells {
            *c = map(c.start)..map(c.end);
        }
        self.inline.retain(|i| !i.range.is_empty());
        self
    }
}

/// The line breaks of a code block's `raw` text, as [`Shape::lines`] of the
/// text put on one line, whose offsets `map` gives.
pub fn code_lines(raw: &str, map: &[usize]) -> Vec<(usize, Arc<str>)> {
    let body = raw.trim_end();
    let mut out = Vec::new();
    for (at, _) in body.match_indices('\n') {
        let next = &body[at + 1..];
        let indent = &next[..next.len() - next.trim_start_matches([' ', '\t']).len()];
        // Blank lines fold into the break before them.
        if next.starts_with('\n') || map[at] == 0 {
            continue;
        }
        if out.last().is_none_or(|(p, _): &(usize, Arc<str>)| *p != map[at]) {
            out.push((map[at], Arc::from(indent)));
        }
    }
    out
}

/// For each byte offset of `raw` (and its end), the offset in `raw` put on
/// one line ([`crate::one_line::one_line`]: runs of whitespace one space,
/// the ends trimmed).
pub fn one_line_offsets(raw: &str) -> Vec<usize> {
    let mut map = vec![0; raw.len() + 1];
    let (mut out, mut pending_space, mut started) = (0, false, false);
    for (at, c) in raw.char_indices() {
        if c.is_whitespace() {
            pending_space = started;
            for k in 0..c.len_utf8() {
                map[at + k] = out;
            }
            continue;
        }
        if pending_space {
            out += 1;
            pending_space = false;
        }
        started = true;
        for k in 0..c.len_utf8() {
            map[at + k] = out + k;
        }
        out += c.len_utf8();
    }
    map[raw.len()] = out;
    // Offsets in trailing whitespace are the end.
    for m in map.iter_mut() {
        *m = (*m).min(out);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::one_line::one_line;

    #[test]
    fn a_code_blocks_line_breaks_are_kept_with_their_indentation() {
        let raw = "fn main() {\n    run();\n\n}\n";
        let line = one_line(raw);
        let lines = code_lines(raw, &one_line_offsets(raw));
        assert_eq!(line, "fn main() { run(); }");
        let at: Vec<(&str, &str)> = lines.iter().map(|(p, i)| (&line[*p..*p + 1], &**i)).collect();
        assert_eq!(at, [(" ", "    "), (" ", "")]);
        assert_eq!(lines[0].0, "fn main() {".len());
    }

    #[test]
    fn offsets_follow_the_text_put_on_one_line() {
        for raw in ["  a  b\n c ", "one", "é  ü", "\tx", "a b", "  "] {
            let line = one_line(raw);
            let map = one_line_offsets(raw);
            for (at, c) in raw.char_indices().filter(|(_, c)| !c.is_whitespace()) {
                assert_eq!(line[map[at]..].chars().next(), Some(c), "{raw:?} at {at}");
            }
            assert_eq!(map[raw.len()], line.len(), "{raw:?}");
        }
    }
}
