//! The Markdown body as pulldown-cmark sees it: its top-level blocks (with
//! their source lines) and every heading, wherever it stands.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::markdown_options;
use crate::one_line::one_line;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Heading,
    Paragraph,
    List,
    Rule,
    Quote,
    Other,
}

/// A top-level block.
#[derive(Debug, Clone)]
pub struct Block {
    pub kind: Kind,
    /// Whole source lines, from the start of the block's first line to the
    /// end of its last (newline included).
    pub lines: Range<usize>,
    /// Its text without formatting, whitespace collapsed.
    pub text: String,
    /// The heading it is, as an index into [`Scan::headings`].
    pub heading: Option<usize>,
    /// A paragraph or quote whose text is all in `*emphasis*`.
    pub italic_only: bool,
    /// A list's items: their text and start offset.
    pub items: Vec<(String, usize)>,
}

/// A heading anywhere in the body (also inside quotes and lists).
#[derive(Debug, Clone)]
pub struct Heading {
    pub level: u8,
    pub id: Option<String>,
    pub classes: Vec<String>,
    /// Its Markdown source without the `#` marks, underline or `{…}`
    /// attributes, on one line.
    pub source: String,
    /// Its text without formatting, whitespace collapsed.
    pub text: String,
    /// From its first character (for a top-level heading, from the start of
    /// its line) to the end of its last line (newline included).
    pub range: Range<usize>,
    /// The top-level block it is, or stands in (a quote or list).
    pub block: usize,
    /// It is a top-level block itself.
    pub top: bool,
    /// Underlined (`===`, `---`) rather than `#`-marked.
    pub setext: bool,
}

#[derive(Debug, Default)]
pub struct Scan {
    pub blocks: Vec<Block>,
    pub headings: Vec<Heading>,
}

/// Scans `body`: its top-level blocks and every heading.
pub fn scan(body: &str) -> Scan {
    let mut scanner = Scanner {
        body,
        out: Scan::default(),
        depth: 0,
        heading: None,
        emphasis: 0,
        item: None,
    };
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        scanner.event(event, range);
    }
    scanner.out
}

/// What [`scan`] knows between two events.
struct Scanner<'a> {
    body: &'a str,
    out: Scan,
    /// How many blocks and inline tags are open.
    depth: usize,
    /// The heading being read, and the span of its inline content.
    heading: Option<(Heading, Option<Range<usize>>)>,
    /// How many `*emphasis*` tags are open.
    emphasis: usize,
    /// The top-level list item being read: its text and start offset.
    item: Option<(String, usize)>,
}

impl Scanner<'_> {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        let top = self.out.blocks.len().checked_sub(1);
        if let Some((_, span)) = &mut self.heading
            && !matches!(event, Event::End(TagEnd::Heading(_)))
        {
            *span = Some(
                span.as_ref()
                    .map_or(range.clone(), |s| s.start.min(range.start)..s.end.max(range.end)),
            );
        }
        match &event {
            Event::Start(tag) => self.start(tag, &range),
            Event::End(tag) => self.end(tag, top),
            _ if self.depth == 0 => self.out.blocks.push(Block {
                kind: if matches!(event, Event::Rule) {
                    Kind::Rule
                } else {
                    Kind::Other
                },
                lines: whole_lines(self.body, &range),
                text: String::new(),
                heading: None,
                italic_only: false,
                items: Vec::new(),
            }),
            _ => self.text(&event, top),
        }
    }

    /// A block or inline tag opens: a top-level one starts a block.
    fn start(&mut self, tag: &Tag<'_>, range: &Range<usize>) {
        let body = self.body;
        if self.depth == 0 {
            self.out.blocks.push(Block {
                kind: kind(tag),
                lines: whole_lines(body, range),
                text: String::new(),
                heading: None,
                italic_only: matches!(tag, Tag::Paragraph | Tag::BlockQuote(_)),
                items: Vec::new(),
            });
        }
        match tag {
            Tag::Heading { level, id, classes, .. } => {
                let h = Heading {
                    level: level_number(*level),
                    id: id.as_ref().map(|s| s.to_string()),
                    classes: classes.iter().map(|c| c.to_string()).collect(),
                    source: String::new(),
                    text: String::new(),
                    // A top-level heading is replaced from its line's start,
                    // so that no indentation is left in front of it.
                    range: if self.depth == 0 {
                        whole_lines(body, range)
                    } else {
                        range.start..whole_lines(body, range).end
                    },
                    block: self.out.blocks.len() - 1,
                    top: self.depth == 0,
                    setext: !body[range.clone()].trim_start().starts_with('#'),
                };
                self.heading = Some((h, None));
            }
            Tag::Emphasis => self.emphasis += 1,
            Tag::Item if self.depth == 1 => self.item = Some((String::new(), range.start)),
            _ => {}
        }
        self.depth += 1;
    }

    /// A tag closes; `top` is the last top-level block.
    fn end(&mut self, tag: &TagEnd, top: Option<usize>) {
        self.depth -= 1;
        let out = &mut self.out;
        match tag {
            TagEnd::Heading(_) => {
                if let Some((mut h, span)) = self.heading.take() {
                    h.source = span.map_or_else(String::new, |s| one_line(&self.body[s]).into_owned());
                    h.text = one_line(&h.text).into_owned();
                    if h.top {
                        out.blocks[h.block].heading = Some(out.headings.len());
                    }
                    out.headings.push(h);
                }
            }
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Item if self.depth == 1 => {
                if let (Some((text, start)), Some(b)) = (self.item.take(), top) {
                    out.blocks[b].items.push((one_line(&text).into_owned(), start));
                }
            }
            _ => {}
        }
        if self.depth == 0
            && let Some(b) = top
        {
            let block = &mut out.blocks[b];
            block.text = one_line(&block.text).into_owned();
            block.italic_only &= !block.text.is_empty();
        }
    }

    /// Text inside a block: added to the block, and to the heading and list
    /// item being read.
    fn text(&mut self, event: &Event<'_>, top: Option<usize>) {
        let text = match event {
            Event::Text(t) | Event::Code(t) => t.as_ref(),
            Event::SoftBreak | Event::HardBreak => " ",
            _ => "",
        };
        if let Some((h, _)) = &mut self.heading {
            h.text.push_str(text);
        }
        if let Some((t, _)) = &mut self.item {
            t.push_str(text);
        }
        if let Some(b) = top {
            let block = &mut self.out.blocks[b];
            block.text.push_str(text);
            if self.emphasis == 0 && !text.trim().is_empty() {
                block.italic_only = false;
            }
        }
    }
}

fn kind(tag: &Tag) -> Kind {
    match tag {
        Tag::Heading { .. } => Kind::Heading,
        Tag::Paragraph => Kind::Paragraph,
        Tag::List(_) => Kind::List,
        Tag::BlockQuote(_) => Kind::Quote,
        _ => Kind::Other,
    }
}

fn level_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `range` widened to whole lines, the last one's newline included.
pub fn whole_lines(body: &str, range: &Range<usize>) -> Range<usize> {
    let start = body[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let end = if range.end > range.start && body.as_bytes()[range.end - 1] == b'\n' {
        range.end
    } else {
        body[range.end..].find('\n').map_or(body.len(), |i| range.end + i + 1)
    };
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_headings() {
        let body = "> *A note.*\n\n# The *Title* {#t .x}\n\nIntro\n\nArticle\n-------\n\n* * *\n\n- one\n- two\n\n> ## Inside\n";
        let s = scan(body);
        let kinds: Vec<_> = s.blocks.iter().map(|b| b.kind).collect();
        use Kind::*;
        assert_eq!(kinds, vec![Quote, Heading, Paragraph, Heading, Rule, List, Quote]);
        assert!(s.blocks[0].italic_only);
        assert!(!s.blocks[2].italic_only);
        let h = &s.headings[0];
        assert_eq!(
            (h.level, h.source.as_str(), h.text.as_str()),
            (1, "The *Title*", "The Title")
        );
        assert_eq!(
            (h.id.as_deref(), h.classes.clone(), h.setext),
            (Some("t"), vec!["x".to_string()], false)
        );
        assert_eq!(&body[h.range.clone()], "# The *Title* {#t .x}\n");
        let h = &s.headings[1];
        assert_eq!((h.level, h.setext, h.block, h.top), (2, true, 3, true));
        assert_eq!(&body[h.range.clone()], "Article\n-------\n");
        let one = body.find("- one").unwrap();
        assert_eq!(
            s.blocks[5].items,
            vec![("one".to_string(), one), ("two".to_string(), one + 6)]
        );
        let h = &s.headings[2];
        assert_eq!((h.block, h.top, h.source.as_str()), (6, false, "Inside"));
        assert_eq!(&body[s.blocks[6].lines.clone()], "> ## Inside\n");
    }
}
