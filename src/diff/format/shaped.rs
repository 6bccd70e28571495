//! A block's spans in the document's own form: links as links, emphasis,
//! code and footnote references as such, table cells as cells.
//!
//! The spans cut the block's plain text; each side's [`Shape`] says where
//! its links, emphasis and cells stand in that text. Each span is shown
//! from one side (deleted words from the old text, inserted ones from the
//! new, equal ones from the side asked for), cut where that side's elements
//! start and end. The elements are the outer tags and `<del>`/`<ins>` the
//! inner ones, opened again in each piece, so the result is always well
//! nested however an edit and a link overlap. A link's target, which the
//! plain text writes after it so that a changed target is a change, is
//! shown only where it changed: else the link itself carries it.

use std::ops::Range;

use crate::diff::shape::{Inline, Shape, What};
use crate::diff::{Span, SpanKind};
use crate::html::escape_into;

/// The side a span's text is shown from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Old,
    New,
}

/// How a table row's cells are shown: as cells of a table row (the caller
/// opens the first and closes the last), or as the plain text's ` | `.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cells {
    Table,
    Text,
}

/// The opening tags of the edits and breaks, with their hidden words.
pub struct Marks<'a> {
    pub del: &'a str,
    pub ins: &'a str,
    pub join: &'a str,
    pub split: &'a str,
    /// Set before an edit that follows a word: a space read but not seen.
    pub gap: &'a str,
}

/// Whether either side has elements to show (links, emphasis, cells): a
/// block without is shown as plain spans, much faster.
pub fn has_elements(shapes: &[Option<std::sync::Arc<Shape>>; 2]) -> bool {
    shapes
        .iter()
        .flatten()
        .any(|s| !s.inline.is_empty() || !s.cells.is_empty() || !s.lines.is_empty())
}

/// The tag that opens and closes a cell of this row.
pub fn cell_tag(shapes: [Option<&Shape>; 2], side: Side) -> &'static str {
    if shape_from(shapes, side).is_some_and(|s| s.head) {
        "th"
    } else {
        "td"
    }
}

/// The shape of `side`'s text, or of the other side's when only that one is
/// known (a block inserted or deleted whole has one).
pub fn shape_from(shapes: [Option<&Shape>; 2], side: Side) -> Option<&Shape> {
    match side {
        Side::Old => shapes[0].or(shapes[1]),
        Side::New => shapes[1].or(shapes[0]),
    }
}

/// Writes `spans` into `out`, equal text from `equal_from`'s side.
pub fn push<'a>(
    out: &mut String,
    spans: impl IntoIterator<Item = &'a Span>,
    shapes: [Option<&Shape>; 2],
    equal_from: Side,
    cells: Cells,
    marks: &Marks<'_>,
) {
    let spans: Vec<&Span> = spans.into_iter().collect();
    let changed = changed_ranges(&spans);
    let mut w = Writer {
        out,
        shapes,
        targets: [
            shown_targets(shapes[0], &changed[0]),
            shown_targets(shapes[1], &changed[1]),
        ],
        cell: cell_tag(shapes, equal_from),
        cells,
        marks,
        open: Vec::new(),
        cuts: Vec::new(),
        over: Vec::new(),
        joined: false,
    };
    let (mut at_old, mut at_new) = (0, 0);
    for s in spans {
        let side = match (s.kind, equal_from, shapes) {
            (SpanKind::Deleted | SpanKind::Join, ..) => Side::Old,
            (SpanKind::Inserted | SpanKind::Split, ..) => Side::New,
            // Equal text from the side asked for, unless only the other has a shape.
            (SpanKind::Equal, Side::Old, [None, Some(_)]) => Side::New,
            (SpanKind::Equal, Side::New, [Some(_), None]) => Side::Old,
            (SpanKind::Equal, side, _) => side,
        };
        let start = if side == Side::Old { at_old } else { at_new };
        let len = s.text.len();
        match s.kind {
            SpanKind::Equal => (at_old, at_new) = (at_old + len, at_new + len),
            SpanKind::Deleted | SpanKind::Join => at_old += len,
            SpanKind::Inserted | SpanKind::Split => at_new += len,
        }
        w.span(s, side, start);
    }
    close_all(w.out, &mut w.open);
}

/// What [`push`] writes with, and where it stands.
struct Writer<'o, 's, 'm> {
    out: &'o mut String,
    shapes: [Option<&'s Shape>; 2],
    /// Each side's link targets that are shown.
    targets: [Vec<Range<usize>>; 2],
    /// `td` or `th`.
    cell: &'static str,
    cells: Cells,
    marks: &'m Marks<'m>,
    /// The elements open, outermost first.
    open: Vec<What>,
    /// Buffers used again for every span and piece.
    cuts: Vec<usize>,
    over: Vec<&'s Inline>,
    /// Whether text before an edit runs into its hidden words.
    joined: bool,
}

impl Writer<'_, '_, '_> {
    /// One span, shown from `side`, whose text starts at `start` there.
    fn span(&mut self, s: &Span, side: Side, start: usize) {
        let (mark_open, mark_close) = match s.kind {
            SpanKind::Equal => ("", ""),
            SpanKind::Deleted => (self.marks.del, "</del>"),
            SpanKind::Inserted => (self.marks.ins, "</ins>"),
            SpanKind::Join => (self.marks.join, ""),
            SpanKind::Split => (self.marks.split, ""),
        };
        if matches!(s.kind, SpanKind::Join | SpanKind::Split) {
            self.out.push_str(mark_open);
            self.joined = true;
            return;
        }
        let shape = self.shapes[side as usize];
        let mut first = true;
        pieces(shape, start..start + s.text.len(), &mut self.cuts);
        for k in 1..self.cuts.len() {
            let piece = self.cuts[k - 1]..self.cuts[k];
            let text = &s.text[piece.start - start..piece.end - start];
            active(shape, &piece, &mut self.over);
            let targets = &self.targets[side as usize];
            if self
                .over
                .iter()
                .any(|i| i.what == What::Target && !targets.contains(&i.range))
            {
                continue;
            }
            let between_cells =
                shape.is_some_and(|sh| sh.cells.iter().any(|c| c.start <= piece.start && piece.end <= c.end));
            if self.cells == Cells::Table && between_cells {
                close_all(self.out, &mut self.open);
                self.out
                    .push_str(if self.cell == "th" { "</th><th>" } else { "</td><td>" });
                continue;
            }
            reopen(self.out, &mut self.open, &self.over);
            // A space that was a line break in code is one again, with the
            // next line's indentation.
            let line = shape.and_then(|sh| {
                let at = sh.lines.binary_search_by_key(&piece.start, |(p, _)| *p).ok()?;
                (piece.len() == 1).then(|| &sh.lines[at].1)
            });
            if first && self.joined && s.kind != SpanKind::Equal {
                self.out.push_str(self.marks.gap);
            }
            // The hidden "inserted:" once an edit, not again where an element cuts it.
            self.out.push_str(match (first, s.kind) {
                (false, SpanKind::Deleted) => "<del>",
                (false, SpanKind::Inserted) => "<ins>",
                _ => mark_open,
            });
            first = false;
            match line {
                Some(indent) => {
                    self.out.push('\n');
                    self.out.push_str(indent);
                }
                None => escape_into(self.out, text),
            }
            self.out.push_str(mark_close);
        }
        self.joined = s.kind != SpanKind::Equal || s.text.ends_with(|c: char| !c.is_whitespace());
    }
}

/// Where each side's text changed: the old text's deleted ranges, the new
/// text's inserted ones.
fn changed_ranges(spans: &[&Span]) -> [Vec<Range<usize>>; 2] {
    let (mut old, mut new) = (Vec::new(), Vec::new());
    let (mut at_old, mut at_new) = (0, 0);
    for s in spans {
        let len = s.text.len();
        match s.kind {
            SpanKind::Equal => (at_old, at_new) = (at_old + len, at_new + len),
            SpanKind::Deleted | SpanKind::Join => {
                old.push(at_old..at_old + len);
                at_old += len;
            }
            SpanKind::Inserted | SpanKind::Split => {
                new.push(at_new..at_new + len);
                at_new += len;
            }
        }
    }
    [old, new]
}

/// The link targets of a side that are shown: those that changed while
/// their link's text stayed, at least in part. A link inserted or deleted
/// whole, text and target, is shown as a link: its target goes with it.
fn shown_targets(shape: Option<&Shape>, changed: &[Range<usize>]) -> Vec<Range<usize>> {
    let Some(shape) = shape else { return Vec::new() };
    let overlaps = |r: &Range<usize>| changed.iter().any(|c| c.start < r.end && r.start < c.end);
    let covered = |r: &Range<usize>| {
        // `changed` is in text order and its ranges do not overlap.
        let mut at = r.start;
        for c in changed {
            if c.start <= at && c.end > at {
                at = c.end;
            }
        }
        at >= r.end
    };
    let link_before = |target: &Range<usize>| {
        shape
            .inline
            .iter()
            .find(|i| matches!(i.what, What::Link(_)) && i.range.end == target.start)
            .map(|i| i.range.clone())
    };
    shape
        .inline
        .iter()
        .filter(|i| i.what == What::Target && overlaps(&i.range))
        .filter(|i| !link_before(&i.range).is_some_and(|text| covered(&text)))
        .map(|i| i.range.clone())
        .collect()
}

/// The places that cut `range` where an element of `shape` starts or ends,
/// with its ends, in order, into `cuts`: its pieces lie between them.
fn pieces(shape: Option<&Shape>, range: Range<usize>, cuts: &mut Vec<usize>) {
    cuts.clear();
    cuts.extend([range.start, range.end]);
    if let Some(shape) = shape {
        let inside = |p: usize| range.start < p && p < range.end;
        let bounds = shape.inline.iter().map(|i| &i.range).chain(&shape.cells);
        cuts.extend(bounds.flat_map(|r| [r.start, r.end]).filter(|&p| inside(p)));
        let lines = shape.lines.iter().flat_map(|(p, _)| [*p, p + 1]);
        cuts.extend(lines.filter(|&p| inside(p)));
    }
    cuts.sort_unstable();
    cuts.dedup();
}

/// The elements over `piece`, outermost first, into `over`.
fn active<'s>(shape: Option<&'s Shape>, piece: &Range<usize>, over: &mut Vec<&'s Inline>) {
    over.clear();
    if let Some(shape) = shape {
        // In order of start: none after the piece's start can hold it.
        let starts_before = shape.inline.partition_point(|i| i.range.start <= piece.start);
        over.extend(
            shape.inline[..starts_before]
                .iter()
                .filter(|i| piece.end <= i.range.end),
        );
    }
}

/// Closes the open elements that `active` does not continue and opens the
/// ones it adds.
fn reopen(out: &mut String, open: &mut Vec<What>, active: &[&Inline]) {
    let wanted = || active.iter().map(|i| &i.what).filter(|w| **w != What::Target);
    let kept = open.iter().zip(wanted()).take_while(|(a, b)| a == b).count();
    while open.len() > kept {
        let what = open.pop().expect("longer than kept");
        out.push_str(close_tag(&what));
    }
    for what in wanted().skip(kept) {
        open_tag(out, what);
        open.push(what.clone());
    }
}

fn close_all(out: &mut String, open: &mut Vec<What>) {
    while let Some(what) = open.pop() {
        out.push_str(close_tag(&what));
    }
}

fn open_tag(out: &mut String, what: &What) {
    match what {
        What::Link(url) => {
            out.push_str("<a href=\"");
            escape_into(out, url);
            out.push_str("\">");
        }
        What::Emphasis => out.push_str("<em>"),
        What::Strong => out.push_str("<strong>"),
        What::Strikethrough => out.push_str("<s>"),
        What::Code => out.push_str("<code>"),
        What::Note => out.push_str("<sup>"),
        What::Target => {}
    }
}

fn close_tag(what: &What) -> &'static str {
    match what {
        What::Link(_) => "</a>",
        What::Emphasis => "</em>",
        What::Strong => "</strong>",
        What::Strikethrough => "</s>",
        What::Code => "</code>",
        What::Note => "</sup>",
        What::Target => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::blocks::blocks;

    const MARKS: Marks<'static> = Marks {
        del: "<del>",
        ins: "<ins>",
        join: "<del class=\"diff-break\">¶</del>",
        split: "<ins class=\"diff-break\">¶</ins>",
        gap: " ",
    };

    fn shape_of(md: &str) -> (String, Option<Shape>) {
        let (_, b) = blocks(md).into_iter().next().expect("a block");
        (b.text.to_string(), b.shape.map(|s| (*s).clone()))
    }

    fn render(old_md: &str, new_md: &str, spans: &[Span], from: Side, cells: Cells) -> String {
        let (_, old) = shape_of(old_md);
        let (_, new) = shape_of(new_md);
        let mut out = String::new();
        push(&mut out, spans, [old.as_ref(), new.as_ref()], from, cells, &MARKS);
        out
    }

    #[test]
    fn an_edit_inside_a_link_stays_inside_it() {
        let md_old = "Read the [privacy policy](https://x.example/p) now.";
        let md_new = "Read the [privacy notice](https://x.example/p) now.";
        let spans = [
            Span::new(SpanKind::Equal, "Read the privacy "),
            Span::new(SpanKind::Deleted, "policy"),
            Span::new(SpanKind::Inserted, "notice"),
            Span::new(SpanKind::Equal, " (https://x.example/p) now."),
        ];
        // The link stays open across both sides (the space before `<ins>` is the hidden gap).
        assert_eq!(
            render(md_old, md_new, &spans, Side::New, Cells::Text),
            "Read the <a href=\"https://x.example/p\">privacy <del>policy</del> <ins>notice</ins></a> now."
        );
    }

    #[test]
    fn a_changed_target_is_shown_and_the_link_leads_to_the_new_one() {
        let md_old = "See [our form](https://x.example/old).";
        let md_new = "See [our form](https://x.example/new).";
        let spans = [
            Span::new(SpanKind::Equal, "See our form ("),
            Span::new(SpanKind::Deleted, "https://x.example/old"),
            Span::new(SpanKind::Inserted, "https://x.example/new"),
            Span::new(SpanKind::Equal, ")."),
        ];
        let html = render(md_old, md_new, &spans, Side::New, Cells::Text);
        assert_eq!(
            html,
            "See <a href=\"https://x.example/new\">our form</a> ( <del>https://x.example/old</del> \
             <ins>https://x.example/new</ins>)."
        );
    }

    #[test]
    fn an_unchanged_target_is_left_to_the_link() {
        let md = "See [our form](https://x.example/f) *today*.";
        let (text, _) = shape_of(md);
        let spans = [Span::new(SpanKind::Equal, text.as_str())];
        assert_eq!(
            render(md, md, &spans, Side::New, Cells::Text),
            "See <a href=\"https://x.example/f\">our form</a>. <em>today</em>.".replace("</a>. <em>", "</a> <em>")
        );
    }

    #[test]
    fn a_link_inserted_whole_shows_no_target() {
        let md = "Read our [terms](https://x.example/t) first.";
        let (text, _) = shape_of(md);
        let spans = [Span::new(SpanKind::Inserted, text.as_str())];
        assert_eq!(
            render("Nothing.", md, &spans, Side::New, Cells::Text),
            "<ins>Read our </ins><a href=\"https://x.example/t\"><ins>terms</ins></a><ins> first.</ins>"
        );
    }

    #[test]
    fn code_reads_line_by_line_with_its_edits() {
        let old_md = "```\nif ready {\n    start();\n}\n```\n";
        let new_md = "```\nif ready {\n    begin();\n}\n```\n";
        let spans = [
            Span::new(SpanKind::Equal, "if ready { "),
            Span::new(SpanKind::Deleted, "start();"),
            Span::new(SpanKind::Inserted, "begin();"),
            Span::new(SpanKind::Equal, " }"),
        ];
        assert_eq!(
            render(old_md, new_md, &spans, Side::New, Cells::Text),
            "if ready {\n    <del>start();</del> <ins>begin();</ins>\n}"
        );
    }

    #[test]
    fn cells_of_a_row_become_cells() {
        let md_old = "| Cookie | Lasts |\n|---|---|\n| `sid` | 1 day |\n";
        let (_, shape) = shape_of(md_old);
        assert!(shape.as_ref().is_some_and(|s| s.head), "{shape:?}");
        let row = "| Cookie | Lasts |\n|---|---|\n| `sid` | 2 days |\n";
        let old: Vec<_> = blocks(md_old).into_iter().map(|(_, b)| b).collect();
        let new: Vec<_> = blocks(row).into_iter().map(|(_, b)| b).collect();
        assert_eq!(old[1].text.as_ref(), "sid | 1 day");
        let spans = [
            Span::new(SpanKind::Equal, "sid | "),
            Span::new(SpanKind::Deleted, "1 day"),
            Span::new(SpanKind::Inserted, "2 days"),
        ];
        let mut out = String::new();
        let shapes = [old[1].shape.as_deref(), new[1].shape.as_deref()];
        push(&mut out, &spans, shapes, Side::New, Cells::Table, &MARKS);
        assert_eq!(out, "<code>sid</code></td><td><del>1 day</del> <ins>2 days</ins>");
        assert_eq!(cell_tag(shapes, Side::New), "td");
    }

    #[test]
    fn an_edit_across_the_end_of_emphasis_is_cut_there() {
        let md_old = "We *never sell* data.";
        let md_new = "We *never* share data.";
        let spans = [
            Span::new(SpanKind::Equal, "We never "),
            Span::new(SpanKind::Deleted, "sell"),
            Span::new(SpanKind::Inserted, "share"),
            Span::new(SpanKind::Equal, " data."),
        ];
        let html = render(md_old, md_new, &spans, Side::New, Cells::Text);
        // "never" is emphasised on both sides; "sell" was, inside the old emphasis.
        assert_eq!(
            html,
            "We <em>never</em> <em><del>sell</del></em> <ins>share</ins> data."
        );
    }
}
