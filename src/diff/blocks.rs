//! Markdown to the blocks a reader sees, each as plain text.
//!
//! Diffing rendered text rather than source lines is what makes a reflowed
//! paragraph, a renumbered list or realigned table pipes no change at all.
//! The whole body is parsed once, not each article on its own, so reference
//! links and footnotes defined in another article still resolve.

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::BlockKind;
use super::shape::{Inline, Shape, What, code_lines, one_line_offsets};
use crate::model::Document;
use crate::one_line::one_line;

/// A block of one version: its kind and normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceBlock {
    /// The hash of `text`, worked out once: a diff looks blocks up by text
    /// (moves, memo entries) many times, and two versions of a document are
    /// compared block by block. First, so that unequal blocks differ fast.
    pub hash: u64,
    pub kind: BlockKind,
    pub text: std::sync::Arc<str>,
    /// The inline formatting (emphasis, strong, strikethrough, code) as a
    /// hash of each mark and the words before it; 0 without any. Two blocks
    /// of the same text whose marks differ changed their formatting only.
    pub marks: u64,
    /// How the text is shown, when it is more than plain text.
    pub shape: Option<std::sync::Arc<Shape>>,
}

impl SourceBlock {
    /// A block without formatting marks.
    #[cfg(test)]
    pub fn new(kind: BlockKind, text: std::sync::Arc<str>) -> SourceBlock {
        SourceBlock::styled(kind, text, 0)
    }

    pub fn styled(kind: BlockKind, text: std::sync::Arc<str>, marks: u64) -> SourceBlock {
        use std::hash::BuildHasher;
        SourceBlock {
            hash: rustc_hash::FxBuildHasher.hash_one(&*text),
            kind,
            text,
            marks,
            shape: None,
        }
    }

    /// The block shown in `shape`, unless that is plain text.
    pub fn shaped(mut self, shape: Shape) -> SourceBlock {
        self.shape = (!shape.is_plain()).then(|| std::sync::Arc::new(shape));
        self
    }
}

/// A document's blocks, per place.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    pub preamble: Vec<SourceBlock>,
    /// One list per article, in document order.
    pub articles: Vec<Vec<SourceBlock>>,
}

pub fn extract(doc: &Document) -> Extracted {
    let mut r = Reader::default();
    for (event, range) in crate::markdown::parse(&doc.body) {
        r.feed(&event, range.start);
    }
    r.finish(doc)
}

/// A block being read; text events go to the innermost one.
struct Open {
    slot: usize,
    at: usize,
    kind: BlockKind,
    /// The event that ends this block.
    closes: TagEnd,
    /// `##` headings start articles: they are read but not kept.
    keep: bool,
    text: String,
    /// A space is due before the next text (a line break, a new paragraph):
    /// added lazily so that text rarely needs normalising.
    gap: bool,
    cells: usize,
    /// Open links: where their text starts in `text`, and their target.
    links: Vec<(usize, String)>,
    /// See [`SourceBlock::marks`].
    marks: u64,
    /// How far `text` was counted for marks, and its non-space characters there.
    counted: (usize, usize),
    shape: Shape,
    /// Open emphasis, strong and strikethrough: where each starts.
    styles: Vec<(usize, What)>,
}

/// Blocks in the order they start; a list item comes before the items of
/// its nested list although it ends after them.
#[derive(Default)]
pub struct Reader {
    slots: Vec<Option<(usize, SourceBlock)>>,
    stack: Vec<Open>,
    /// Text buffers of closed blocks, cleared, for the next ones to open:
    /// a revision has hundreds of blocks, and a fresh buffer grows a few
    /// times for each.
    spare: Vec<String>,
    /// Open lists, innermost last: the number of a numbered list's next item.
    lists: Vec<Option<u64>>,
}

impl Reader {
    fn open(&mut self, kind: BlockKind, closes: TagEnd, keep: bool, at: usize) {
        self.slots.push(None);
        self.stack.push(Open {
            slot: self.slots.len() - 1,
            at,
            kind,
            closes,
            keep,
            text: self.spare.pop().unwrap_or_default(),
            gap: false,
            cells: 0,
            links: Vec::new(),
            marks: 0,
            counted: (0, 0),
            shape: Shape::default(),
            styles: Vec::new(),
        });
    }

    fn close(&mut self, end: TagEnd) {
        if self.stack.last().is_some_and(|top| top.closes == end) {
            let mut top = self.stack.pop().expect("checked above");
            let text = one_line(&top.text);
            if top.keep && !text.is_empty() {
                let mut shape = std::mem::take(&mut top.shape);
                shape
                    .inline
                    .sort_by_key(|i| (i.range.start, std::cmp::Reverse(i.range.end)));
                if let std::borrow::Cow::Owned(_) = text {
                    let map = one_line_offsets(&top.text);
                    if top.kind == BlockKind::Code {
                        shape.lines = code_lines(&top.text, &map);
                    }
                    shape = shape.remapped(|at| map[at]);
                }
                let text = std::sync::Arc::from(text.as_ref());
                let block = SourceBlock::styled(top.kind, text, top.marks).shaped(shape);
                self.slots[top.slot] = Some((top.at, block));
            }
            top.text.clear();
            self.spare.push(top.text);
        }
    }

    fn push(&mut self, s: &str) {
        if let Some(top) = self.stack.last_mut() {
            if top.gap && !top.text.is_empty() {
                top.text.push(' ');
            }
            top.gap = false;
            top.text.push_str(s);
        }
    }

    /// Where the next text will start: after the space a pending gap adds.
    fn here(&self) -> usize {
        self.stack
            .last()
            .map_or(0, |top| top.text.len() + usize::from(top.gap && !top.text.is_empty()))
    }

    /// Records `what` over the text from `start` to here.
    fn inline(&mut self, start: usize, what: What) {
        if let Some(top) = self.stack.last_mut() {
            let end = top.text.len();
            if start < end {
                top.shape.inline.push(Inline {
                    range: start..end,
                    what,
                });
            }
        }
    }

    fn gap(&mut self) {
        if let Some(top) = self.stack.last_mut() {
            top.gap = true;
        }
    }

    fn start_link(&mut self, url: &str) {
        let at = self.here();
        if let Some(top) = self.stack.last_mut() {
            top.links.push((at, url.to_string()));
        }
    }

    /// A link's target follows its text unless the text already shows it,
    /// so that a changed target is a visible change.
    fn end_link(&mut self) {
        if let Some(top) = self.stack.last_mut()
            && let Some((start, url)) = top.links.pop()
        {
            let start = start.min(top.text.len());
            let shown = one_line(&top.text[start..]);
            let bare = url.strip_prefix("mailto:").unwrap_or(&url);
            let end = top.text.len();
            if start < end {
                let what = What::Link(std::sync::Arc::from(url.as_str()));
                top.shape.inline.push(Inline {
                    range: start..end,
                    what,
                });
            }
            if !url.is_empty() && shown != url && shown != bare {
                top.text.push_str(" (");
                top.text.push_str(&url);
                top.text.push(')');
                let what = What::Target;
                top.shape.inline.push(Inline {
                    range: end..top.text.len(),
                    what,
                });
            }
        }
    }

    fn start_style(&mut self, what: What) {
        let at = self.here();
        if let Some(top) = self.stack.last_mut() {
            top.styles.push((at, what));
        }
    }

    fn end_style(&mut self) {
        if let Some((start, what)) = self.stack.last_mut().and_then(|top| top.styles.pop()) {
            self.inline(start, what);
        }
    }

    /// A formatting mark (`what`) at the current place: placed by the
    /// non-space characters before it, so that reflowing the text does not
    /// move it. They are counted on from the previous mark, so a block full
    /// of bold text is read in linear time.
    fn mark(&mut self, what: u8) {
        use std::hash::BuildHasher;
        if let Some(top) = self.stack.last_mut() {
            let (from, before) = top.counted;
            let at = before + top.text[from..].chars().filter(|c| !c.is_whitespace()).count();
            top.counted = (top.text.len(), at);
            let h = rustc_hash::FxBuildHasher.hash_one((top.marks, what, at));
            top.marks = h | 1;
        }
    }

    fn cell(&mut self) {
        if let Some(top) = self.stack.last_mut() {
            if top.cells > 0 {
                let at = top.text.len();
                top.text.push_str(" | ");
                top.shape.cells.push(at..top.text.len());
            }
            top.cells += 1;
        }
    }

    /// An item opens: of a numbered list, it takes the list's next number.
    fn item(&mut self, at: usize) {
        let number = match self.lists.last_mut() {
            Some(Some(next)) => {
                *next += 1;
                Some(*next - 1)
            }
            _ => None,
        };
        self.open(BlockKind::ListItem, TagEnd::Item, true, at);
        if let Some(top) = self.stack.last_mut() {
            top.shape.number = number;
        }
    }

    /// Text shown as `what` (code, a footnote reference).
    fn push_as(&mut self, text: &str, what: What) {
        let start = self.here();
        self.push(text);
        self.inline(start, what);
    }
}

/// Every block of `body` with the byte offset it starts at, in order.
#[cfg(test)]
pub fn blocks(body: &str) -> Vec<(usize, SourceBlock)> {
    let mut r = Reader::default();
    for (event, range) in crate::markdown::parse(body) {
        r.feed(&event, range.start);
    }
    r.slots.into_iter().flatten().collect()
}

impl Reader {
    /// Takes the next event of the body, which starts at byte `at`.
    pub fn feed(&mut self, event: &Event<'_>, at: usize) {
        use BlockKind as K;
        let r = self;
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    r.open(K::Heading, TagEnd::Heading(*level), *level != HeadingLevel::H2, at)
                }
                // A paragraph of a loose list item or a footnote is part of it.
                Tag::Paragraph if !r.stack.is_empty() => r.gap(),
                Tag::Paragraph => r.open(K::Paragraph, TagEnd::Paragraph, true, at),
                Tag::List(first) => r.lists.push(*first),
                Tag::Item => r.item(at),
                Tag::CodeBlock(_) => r.open(K::Code, TagEnd::CodeBlock, true, at),
                Tag::HtmlBlock => r.open(K::Other, TagEnd::HtmlBlock, true, at),
                Tag::FootnoteDefinition(label) => {
                    r.open(K::Other, TagEnd::FootnoteDefinition, true, at);
                    r.push(&format!("[{label}] "));
                }
                Tag::TableHead => {
                    r.open(K::TableRow, TagEnd::TableHead, true, at);
                    if let Some(top) = r.stack.last_mut() {
                        top.shape.head = true;
                    }
                }
                Tag::TableRow => r.open(K::TableRow, TagEnd::TableRow, true, at),
                Tag::TableCell => r.cell(),
                Tag::Link { dest_url, .. } => r.start_link(dest_url),
                Tag::Emphasis => {
                    r.mark(1);
                    r.start_style(What::Emphasis);
                }
                Tag::Strong => {
                    r.mark(2);
                    r.start_style(What::Strong);
                }
                Tag::Strikethrough => {
                    r.mark(3);
                    r.start_style(What::Strikethrough);
                }
                _ => {}
            },
            Event::End(TagEnd::Link) => r.end_link(),
            Event::End(TagEnd::List(_)) => {
                r.lists.pop();
            }
            Event::End(TagEnd::Emphasis) => {
                r.mark(4);
                r.end_style();
            }
            Event::End(TagEnd::Strong) => {
                r.mark(5);
                r.end_style();
            }
            Event::End(TagEnd::Strikethrough) => {
                r.mark(6);
                r.end_style();
            }
            Event::Code(t) => {
                r.mark(7);
                r.push_as(t, What::Code);
                r.mark(8);
            }
            Event::End(TagEnd::Paragraph) => {
                r.gap();
                r.close(TagEnd::Paragraph);
            }
            Event::End(end) => r.close(*end),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => r.push(t),
            Event::InlineMath(t) | Event::DisplayMath(t) => r.push(t),
            Event::SoftBreak | Event::HardBreak => r.gap(),
            Event::FootnoteReference(label) => r.push_as(&format!("[{label}]"), What::Note),
            Event::TaskListMarker(done) => r.push(if *done { "[x] " } else { "[ ] " }),
            Event::Rule => {}
        }
    }

    /// The blocks read, per place of `doc`, whose body the events came from.
    pub fn finish(self, doc: &Document) -> Extracted {
        let mut out = Extracted {
            preamble: Vec::new(),
            articles: vec![Vec::new(); doc.articles.len()],
        };
        for (offset, block) in self.slots.into_iter().flatten() {
            match doc.articles.partition_point(|a| a.range.start <= offset) {
                0 => out.preamble.push(block),
                n => out.articles[n - 1].push(block),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use BlockKind::*;

    fn read(md: &str) -> Vec<(BlockKind, String)> {
        blocks(md)
            .into_iter()
            .map(|(_, b)| (b.kind, b.text.to_string()))
            .collect()
    }

    fn owned(v: &[(BlockKind, &str)]) -> Vec<(BlockKind, String)> {
        v.iter().map(|(k, t)| (*k, t.to_string())).collect()
    }

    #[test]
    fn lists_items_and_nested_items_are_blocks_without_numbers() {
        let got = read("1. one\n   still one\n2. two\n   - nested *a*\n   - nested b\n3. three\n");
        let want = [
            (ListItem, "one still one"),
            (ListItem, "two"),
            (ListItem, "nested a"),
            (ListItem, "nested b"),
            (ListItem, "three"),
        ];
        assert_eq!(got, owned(&want));
        // A loose item's paragraphs are one block.
        assert_eq!(
            read("- a\n\n  b\n\n- c\n"),
            owned(&[(ListItem, "a b"), (ListItem, "c")])
        );
    }

    #[test]
    fn table_rows_header_included() {
        let got = read("| A | B |\n|---|:-:|\n| `x` | 1 **y** |\n|  | z |\n");
        assert_eq!(
            got,
            owned(&[(TableRow, "A | B"), (TableRow, "x | 1 y"), (TableRow, "| z")])
        );
    }

    #[test]
    fn links_show_a_target_the_text_does_not() {
        let got = read(
            "[form](https://a.example/f), <https://b.example>, [me@x.example](mailto:me@x.example), ![a chart](c.png)\n",
        );
        assert_eq!(
            got,
            owned(&[(
                Paragraph,
                "form (https://a.example/f), https://b.example, me@x.example, a chart"
            )])
        );
    }

    #[test]
    fn headings_code_footnotes_quotes_and_html() {
        let md = "Intro\ntext.\n\n## Article\n\n### Section {#s}\n\n```\nlet  x = 1;\n```\n\n> quoted\n\nNote.[^1]\n\n[^1]: The note.\n\n<div>raw</div>\n\n---\n";
        let want = [
            (Paragraph, "Intro text."),
            (Heading, "Section"),
            (Code, "let x = 1;"),
            (Paragraph, "quoted"),
            (Paragraph, "Note.[1]"),
            (Other, "[1] The note."),
            (Other, "<div>raw</div>"),
        ];
        assert_eq!(read(md), owned(&want));
    }

    #[test]
    fn blocks_go_to_the_article_they_stand_in() {
        let md = "+++\ntitle = \"T\"\n+++\nIntro.\n\n## A\n\nIn a.\n\n## B\n\nIn b.\n";
        let doc = crate::load::document::parse(md, std::path::Path::new("d.md"), 1).unwrap();
        let e = extract(&doc);
        assert_eq!(e.preamble[0].text.as_ref(), "Intro.");
        assert_eq!(e.articles[0][0].text.as_ref(), "In a.");
        assert_eq!(e.articles[1][0].text.as_ref(), "In b.");
    }
}
