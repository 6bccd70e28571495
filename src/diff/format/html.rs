//! A diff as an HTML fragment: inline, or old and new side by side.
//!
//! Edits are `<del>`/`<ins>` with a visually hidden "deleted: "/"inserted: "
//! so that screen readers, which mostly ignore those elements, announce them,
//! and so that copied text says which words were deleted and which inserted
//! (an edit right after a word is set apart by a hidden space: "deleted:
//! handle inserted: learn", not "handleinserted: learn");
//! moves and statuses are written out in words. No scripts, no inline styles.

use super::full_label;
use super::shaped::{self, Cells, Marks, Side};
use crate::diff::{
    ArticleDiff, ArticleStatus, Block, BlockKind, BlockStatus, DocumentDiff, Formatting, Move, Span, SpanKind,
};
use crate::html::{escape, escape_into};
use crate::strings::Strings;

/// The words of a diff, from the strings table (keys under `[diff]`), the
/// ones used for every edit made into HTML once.
struct Words<'s> {
    s: &'s Strings,
    /// `<del>` and `<ins>` with their hidden words, for screen readers.
    del: String,
    ins: String,
    /// A paragraph break removed and inserted, as whole elements.
    join: String,
    split: String,
    /// Each [`ArticleStatus`] in words, capitalised and lowercase, as HTML.
    status: [String; 6],
    lower: [String; 6],
}

const STATUSES: [ArticleStatus; 6] = [
    ArticleStatus::Added,
    ArticleStatus::Removed,
    ArticleStatus::Changed,
    ArticleStatus::Moved,
    ArticleStatus::Renumbered,
    ArticleStatus::Unchanged,
];

impl<'s> Words<'s> {
    fn new(s: &'s Strings) -> Self {
        let open = |tag: &str, key: &str| format!("<{tag}><span class=\"visually-hidden\">{}</span>", s.html(key, &[]));
        let (del, ins) = (open("del", "diff.deleted"), open("ins", "diff.inserted"));
        let mark = format!(
            "<span class=\"visually-hidden\">{} </span>{}",
            s.html("diff.paragraph_break", &[]),
            super::PILCROW
        );
        Words {
            s,
            join: format!("{}{mark}</del>", del.replacen("<del>", "<del class=\"diff-break\">", 1)),
            split: format!("{}{mark}</ins>", ins.replacen("<ins>", "<ins class=\"diff-break\">", 1)),
            del,
            ins,
            status: STATUSES.map(|st| s.html(&format!("diff.{}", st.as_str()), &[])),
            lower: STATUSES.map(|st| s.html(&format!("diff.{}_lower", st.as_str()), &[])),
        }
    }

    /// `key`'s words as HTML, `args` as they are.
    fn html(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.s.html(key, args)
    }

    /// The marks of edits and breaks, for [`shaped::push`].
    fn marks(&self) -> Marks<'_> {
        Marks {
            del: &self.del,
            ins: &self.ins,
            join: &self.join,
            split: &self.split,
            gap: GAP,
        }
    }

    /// "Added", "Changed"…
    fn status(&self, s: ArticleStatus) -> &str {
        &self.status[s as usize]
    }

    /// "added", "changed"…, after a dash.
    fn status_lower(&self, s: ArticleStatus) -> &str {
        &self.lower[s as usize]
    }

    /// "{part} — {status}", both HTML.
    fn part_status(&self, part: &str, status: &str) -> String {
        self.html("diff.part_status", &[("part", part), ("status", status)])
    }

    /// [`Words::part_status`] for an article, written into `out`.
    fn push_article_status(&self, out: &mut String, a: &ArticleDiff) {
        let status = self.status_lower(a.status);
        self.s
            .write_with(out, "diff.part_status", None, &mut escape_into, &mut |out, name| {
                match name {
                    "part" => self.push_heading(out, a),
                    "status" => out.push_str(status),
                    _ => return false,
                }
                true
            });
    }

    /// "Article 8 → Article 9 “Title”", escaped, written into `out`.
    fn push_heading(&self, out: &mut String, a: &ArticleDiff) {
        let label = full_label(a);
        let title = &a.side().title;
        self.s
            .write_with(out, "change.article", None, &mut escape_into, &mut |out, name| {
                match name {
                    "label" => escape_into(out, &label),
                    "title" => escape_into(out, title),
                    _ => return false,
                }
                true
            });
    }

    /// "Moved here from {place}" / "Moved to {place}" (`place` is HTML); a
    /// move inside one part says so instead; a block edited on the way says
    /// that too.
    fn move_note(&self, b: &Block, m: &Move, here: &str, place: &str) -> String {
        let within = if here.is_empty() { "preamble" } else { "article" };
        let key = match (b.status, m.article_id == here) {
            (BlockStatus::MovedIn, true) => format!("diff.moved_here_within_{within}"),
            (BlockStatus::MovedIn, false) => "diff.moved_from".to_string(),
            (_, true) => format!("diff.moved_within_{within}"),
            (_, false) => "diff.moved_to".to_string(),
        };
        let note = self.html(&key, &[("place", place)]);
        if super::edited_on_the_way(b) {
            self.html("diff.moved_edited", &[("note", &note)])
        } else {
            note
        }
    }

    /// "Formatting changed, now a list item", or "Formatting changed
    /// (emphasis or code)", as HTML.
    fn formatting_note(&self, kind: BlockKind, f: &Formatting) -> String {
        if f.old_kind == kind {
            return self.html("diff.formatting_marks", &[]);
        }
        let kind = self.html(&format!("diff.kind_{}", kind_key(kind)), &[]);
        self.html("diff.formatting_kind", &[("kind", &kind)])
    }

    /// How a move names the other place, escaped: "Article 7 “Title”", or "the preamble".
    fn place(&self, m: &Move) -> String {
        if m.article_id.is_empty() {
            return self.html("diff.the_preamble", &[]);
        }
        let article = self
            .s
            .get("change.article", &[("label", &m.label), ("title", &m.title)]);
        escape(&article)
    }
}

/// Anchors of the parts that are not articles; article ids cannot hold a
/// `.`, so these never clash with `diff-{id}`.
const TITLE_ANCHOR: &str = "diff.title";
const PREAMBLE_ANCHOR: &str = "diff.preamble";

/// The inline view. `base` is put before in-page anchors ("" for a fragment
/// shown on its own page). `text` is the address of the newer text, whose
/// articles have their ids as anchors: an unchanged article is one line
/// linking there, and so is a long unchanged run inside a changed article,
/// so that the page carries the change and not the whole document. Without
/// it (a fragment on its own) those lines are plain text.
pub fn html(d: &DocumentDiff, base: &str, text: Option<&str>, strings: &Strings) -> String {
    let w = &Words::new(strings);
    let base = escape(base);
    let text = text.map(escape);
    let text = text.as_deref();
    let mut out = String::with_capacity(capacity(d, |_| true));
    if d.coarse {
        out.push_str(&format!(
            "<p class=\"diff-coarse\">{}</p>\n",
            w.html("diff.coarse", &[])
        ));
    }
    if !d.has_changes() {
        out.push_str(&format!(
            "<p class=\"diff-none\">{}</p>\n",
            w.html("diff.no_changes", &[])
        ));
    } else {
        overview(&mut out, d, &base, w);
    }
    let changed = w.status(ArticleStatus::Changed).to_string();
    if let Some(title) = &d.title {
        out.push_str(&format!(
            "<section class=\"diff-article diff-title\" id=\"{TITLE_ANCHOR}\">\n<h2>{}</h2>\n\
             <p class=\"diff-status\">{changed}</p>\n<p>{}</p>\n</section>\n",
            w.html("diff.document_title", &[]),
            spans(title, w)
        ));
    }
    if d.preamble_changed() {
        out.push_str(&format!(
            "<section class=\"diff-article diff-preamble\" id=\"{PREAMBLE_ANCHOR}\">\n<h2>{}</h2>\n\
             <p class=\"diff-status\">{changed}</p>\n",
            w.html("diff.preamble", &[])
        ));
        blocks(&mut out, &d.preamble, "", &base, text, true, w);
        out.push_str("</section>\n");
    }
    for a in &d.articles {
        article(&mut out, a, &base, text, w);
    }
    out
}

fn overview(out: &mut String, d: &DocumentDiff, base: &str, w: &Words<'_>) {
    out.push_str(&format!(
        "<nav class=\"diff-overview\" aria-label=\"{}\">\n<ul>\n",
        w.html("diff.overview", &[])
    ));
    let changed = w.status_lower(ArticleStatus::Changed);
    let mut line = |anchor: &str, part: String, status: &str| {
        let link = format!("<a href=\"{base}#{anchor}\">{part}</a>");
        out.push_str(&format!("<li>{}</li>\n", w.part_status(&link, status)));
    };
    if d.title.is_some() {
        line(TITLE_ANCHOR, w.html("diff.document_title", &[]), changed);
    }
    if d.preamble_changed() {
        line(PREAMBLE_ANCHOR, w.html("diff.preamble", &[]), changed);
    }
    for a in d.articles.iter().filter(|a| a.status != ArticleStatus::Unchanged) {
        line(
            &format!("diff-{}", escape(a.id())),
            heading(a, w),
            w.status_lower(a.status),
        );
    }
    out.push_str("</ul>\n</nav>\n");
}

/// "Article 8 → Article 9 “Title”", escaped.
fn heading(a: &ArticleDiff, w: &Words<'_>) -> String {
    let mut out = String::new();
    w.push_heading(&mut out, a);
    out
}

/// `href` and `html` as a link, or `html` alone without an address.
fn link(href: Option<String>, html: &str) -> String {
    match href {
        Some(h) => format!("<a href=\"{h}\">{html}</a>"),
        None => html.to_string(),
    }
}

/// Where article `id` is in the newer text (`text`, escaped), if known.
fn text_href(text: Option<&str>, id: &str) -> Option<String> {
    text.map(|t| format!("{t}#{}", escape(id)))
}

/// An unchanged article in one line: "Article 3 “Title” — unchanged", the
/// article a link to it in the newer text; never its text.
fn unchanged_line(a: &ArticleDiff, text: Option<&str>, w: &Words<'_>) -> String {
    let part = link(text_href(text, a.id()), &heading(a, w));
    w.part_status(&part, w.status_lower(a.status))
}

fn article(out: &mut String, a: &ArticleDiff, base: &str, text: Option<&str>, w: &Words<'_>) {
    if a.status == ArticleStatus::Unchanged {
        out.push_str("<p class=\"diff-unchanged\">");
        out.push_str(&unchanged_line(a, text, w));
        out.push_str("</p>\n");
        return;
    }
    out.push_str("<section class=\"diff-article diff-");
    out.push_str(a.status.as_str());
    out.push_str("\" id=\"diff-");
    escape_into(out, a.id());
    out.push_str("\">\n<h2>");
    w.push_heading(out, a);
    out.push_str("</h2>\n<p class=\"diff-status\">");
    out.push_str(w.status(a.status));
    out.push_str("</p>\n");
    if let Some(title) = &a.title {
        let title = w.html("diff.title", &[("title", &spans(title, w))]);
        out.push_str(&format!("<p class=\"diff-title-change\">{title}</p>\n"));
    }
    if matches!(a.status, ArticleStatus::Moved | ArticleStatus::Renumbered) {
        // Only its place changed: its text is in the newer text, a link away.
        let same = w.html("diff.the_text_is_unchanged", &[]);
        out.push_str("<p class=\"diff-text-unchanged\">");
        out.push_str(&link(text_href(text, a.id()), &same));
        out.push_str("</p>\n");
    } else {
        blocks(out, &a.blocks, a.id(), base, text, true, w);
    }
    out.push_str("</section>\n");
}

/// One article's part of a diff, for a page about that article alone: its
/// title change and its blocks (shortened as on a changes page), in a
/// `div`, without the heading and status line that a whole diff gives each
/// article (that page says those its own way). `base`: the changes page
/// the diff comes from, where the move notes' `#diff-<id>` anchors are;
/// `text`: the newer text, as for [`html`].
pub fn article_html(a: &ArticleDiff, base: &str, text: Option<&str>, strings: &Strings) -> String {
    let w = &Words::new(strings);
    let base = escape(base);
    let text = text.map(escape);
    let text = text.as_deref();
    let mut out = String::new();
    out.push_str("<div class=\"diff-article diff-");
    out.push_str(a.status.as_str());
    out.push_str("\">\n");
    if let Some(title) = &a.title {
        let title = w.html("diff.title", &[("title", &spans(title, w))]);
        out.push_str(&format!("<p class=\"diff-title-change\">{title}</p>\n"));
    }
    if matches!(
        a.status,
        ArticleStatus::Moved | ArticleStatus::Renumbered | ArticleStatus::Unchanged
    ) {
        let same = w.html("diff.the_text_is_unchanged", &[]);
        out.push_str("<p class=\"diff-text-unchanged\">");
        out.push_str(&link(text_href(text, a.id()), &same));
        out.push_str("</p>\n");
    } else {
        blocks(&mut out, &a.blocks, a.id(), &base, text, true, w);
    }
    out.push_str("</div>\n");
    out
}

/// Whether block `i` is shown when a part is shortened: a change, or the
/// unchanged block right before or after one (its context).
fn in_context(blocks: &[Block], i: usize) -> bool {
    let changed = |i: usize| blocks.get(i).is_some_and(|b| b.status != BlockStatus::Equal);
    changed(i) || changed(i + 1) || (i > 0 && changed(i - 1))
}

/// How many blocks from `i` on are left out of a shortened part.
fn skipped_run(blocks: &[Block], i: usize) -> usize {
    (i..blocks.len()).take_while(|&k| !in_context(blocks, k)).count()
}

/// "12 unchanged paragraphs", a link to the part (`here`, "" for the
/// preamble) in the newer text when that is known.
fn skip_line(count: usize, here: &str, text: Option<&str>, w: &Words<'_>) -> String {
    let count = count.to_string();
    let words = w.html("diff.unchanged_paragraphs", &[("count", &count)]);
    let href = if here.is_empty() {
        text.map(str::to_string)
    } else {
        text_href(text, here)
    };
    link(href, &words)
}

/// Blocks in their wrappers; with `shorten`, each run of equal blocks away
/// from any change becomes one line saying how many were left out. Items
/// of a list stand in a list (numbered, with their numbers, when theirs
/// was), and rows of a table in a table.
fn blocks(
    out: &mut String,
    blocks: &[Block],
    here: &str,
    base: &str,
    text: Option<&str>,
    shorten: bool,
    w: &Words<'_>,
) {
    let mut group = Group::None;
    let mut skipping = false;
    for (i, b) in blocks.iter().enumerate() {
        let shown = !shorten || in_context(blocks, i);
        let wanted = if shown { Group::of(b) } else { Group::None };
        if wanted != group {
            out.push_str(group.close());
            out.push_str(wanted.open());
            group = wanted;
        }
        if !shown {
            if !skipping {
                let line = skip_line(skipped_run(blocks, i), here, text, w);
                out.push_str(&format!("<p class=\"diff-skip\">{line}</p>\n"));
            }
            skipping = true;
            continue;
        }
        skipping = false;
        block(out, b, here, base, w);
    }
    out.push_str(group.close());
}

/// What a run of blocks stands in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    None,
    List,
    NumberedList,
    Table,
}

impl Group {
    fn of(b: &Block) -> Group {
        match b.kind {
            BlockKind::ListItem if number(b).is_some() => Group::NumberedList,
            BlockKind::ListItem => Group::List,
            BlockKind::TableRow => Group::Table,
            _ => Group::None,
        }
    }

    fn open(self) -> &'static str {
        match self {
            Group::None => "",
            Group::List => "<ul class=\"diff-list\">\n",
            Group::NumberedList => "<ol class=\"diff-list\">\n",
            Group::Table => "<div class=\"table-scroll diff-table\" tabindex=\"0\"><table>\n",
        }
    }

    fn close(self) -> &'static str {
        match self {
            Group::None => "",
            Group::List => "</ul>\n",
            Group::NumberedList => "</ol>\n",
            Group::Table => "</table></div>\n",
        }
    }
}

/// The number of a list item as its newer text numbers it (the older, for
/// a deleted item).
fn number(b: &Block) -> Option<u64> {
    let side = match b.status {
        BlockStatus::Deleted | BlockStatus::MovedOut => Side::Old,
        _ => Side::New,
    };
    shaped::shape_from(shapes(b), side).and_then(|s| s.number)
}

/// A block's old and new shapes, borrowed.
fn shapes(b: &Block) -> [Option<&crate::diff::shape::Shape>; 2] {
    [b.shapes[0].as_deref(), b.shapes[1].as_deref()]
}

/// A block's spans, in its own form where its shapes are known.
fn push_block_spans(out: &mut String, b: &Block, from: Side, cells: Cells, w: &Words<'_>) {
    if !shaped::has_elements(&b.shapes) {
        push_spans(out, &b.spans, w);
    } else {
        shaped::push(out, &b.spans, shapes(b), from, cells, &w.marks());
    }
}

fn block(out: &mut String, b: &Block, here: &str, base: &str, w: &Words<'_>) {
    let (tag, kind_class) = match b.kind {
        BlockKind::Heading => ("h3", None),
        BlockKind::Paragraph => ("p", None),
        BlockKind::ListItem => ("li", None),
        BlockKind::TableRow => ("tr", None),
        BlockKind::Code => ("pre", None),
        BlockKind::Other => ("p", Some("diff-other")),
    };
    let status_class = match b.status {
        BlockStatus::Equal => None,
        BlockStatus::Inserted => Some("diff-inserted"),
        BlockStatus::Deleted => Some("diff-deleted"),
        BlockStatus::Changed => Some("diff-changed"),
        BlockStatus::MovedIn | BlockStatus::MovedOut => Some("diff-moved"),
    };
    // Straight into `out`: an inline diff holds every block of the document.
    out.push('<');
    out.push_str(tag);
    let mut classes = kind_class.into_iter().chain(status_class);
    if let Some(first) = classes.next() {
        out.push_str(" class=\"");
        out.push_str(first);
        for c in classes {
            out.push(' ');
            out.push_str(c);
        }
        out.push('"');
    }
    if tag == "pre" {
        // A long line scrolls inside the block, which must then be
        // reachable from the keyboard.
        out.push_str(" tabindex=\"0\"");
    }
    if let Some(n) = number(b).filter(|_| b.kind == BlockKind::ListItem) {
        out.push_str(&format!(" value=\"{n}\""));
    }
    out.push('>');
    let cell = shaped::cell_tag(shapes(b), Side::New);
    if b.kind == BlockKind::TableRow {
        out.push_str(&format!("<{cell}>"));
    }
    if let Some(m) = &b.moved {
        out.push_str("<span class=\"diff-note\">");
        out.push_str(&move_link(b, m, here, base, w));
        out.push_str(":</span> ");
    }
    if let Some(f) = &b.formatting {
        out.push_str("<span class=\"diff-note\">");
        out.push_str(&w.formatting_note(b.kind, f));
        out.push_str(":</span> ");
    }
    push_block_spans(out, b, Side::New, Cells::Table, w);
    if b.kind == BlockKind::TableRow {
        out.push_str(&format!("</{cell}>"));
    }
    out.push_str("</");
    out.push_str(tag);
    out.push_str(">\n");
}

/// The move note with the other place as a link to its section.
fn move_link(b: &Block, m: &Move, here: &str, base: &str, w: &Words<'_>) -> String {
    let anchor = if m.article_id.is_empty() {
        PREAMBLE_ANCHOR.to_string()
    } else {
        format!("diff-{}", escape(&m.article_id))
    };
    let link = format!("<a href=\"{base}#{anchor}\">{}</a>", w.place(m));
    w.move_note(b, m, here, &link)
}

/// Before an edit that follows a word or another edit: a space that is not
/// seen, but is read and copied (the stylesheet keeps the spaces of hidden text).
const GAP: &str = "<span class=\"visually-hidden\"> </span>";

fn spans(spans: &[Span], w: &Words<'_>) -> String {
    let mut out = String::with_capacity(spans.iter().map(|s| s.text.len() + 64).sum());
    push_spans(&mut out, spans, w);
    out
}

fn push_spans<'a>(out: &mut String, spans: impl IntoIterator<Item = &'a Span>, w: &Words<'_>) {
    // Whether text before an edit runs into its hidden words: an edit, or
    // equal text that does not end in a space.
    let mut joined = false;
    for s in spans {
        let (open, close) = match s.kind {
            SpanKind::Equal => ("", ""),
            SpanKind::Deleted => (w.del.as_str(), "</del>"),
            SpanKind::Inserted => (w.ins.as_str(), "</ins>"),
            SpanKind::Join => (w.join.as_str(), ""),
            SpanKind::Split => (w.split.as_str(), ""),
        };
        if joined && s.kind != SpanKind::Equal {
            out.push_str(GAP);
        }
        joined = s.kind != SpanKind::Equal || s.text.ends_with(|c: char| !c.is_whitespace());
        out.push_str(open);
        escape_into(out, &s.text);
        out.push_str(close);
    }
}

/// The same diff as a table: the previous text on the left, the new on the
/// right, one row per edited block (a deleted block beside the inserted
/// block that took its place), with the unchanged block before and after
/// each change on both sides; a longer unchanged run, and each unchanged
/// article, is one row linking into the newer text at `text` (see [`html`]).
/// The list of changed parts comes first, linking to each part's `tbody`.
///
/// `columns` heads the two columns, as text: the two revisions' dates on the
/// site's pages; without them, the words `diff.previous` and `diff.new`.
/// Each cell repeats its column's heading in `data-label`, for a stylesheet
/// that stacks the columns on a narrow screen.
pub fn html_side_by_side(
    d: &DocumentDiff,
    text: Option<&str>,
    strings: &Strings,
    columns: Option<[&str; 2]>,
) -> String {
    let w = &Words::new(strings);
    let text = text.map(escape);
    let text = text.as_deref();
    let columns = match columns {
        Some(c) => c.map(escape),
        None => [w.html("diff.previous", &[]), w.html("diff.new", &[])],
    };
    let cols = Columns::new(&columns);
    // Equal text of an edited block shows on both sides.
    let mut out = String::with_capacity(2 * capacity(d, |b| b.status != BlockStatus::Equal));
    if d.has_changes() {
        overview(&mut out, d, "", w);
    }
    out.push_str(&format!(
        "<table class=\"diff-side-by-side\">\n<caption>{}</caption>\n\
         <thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n",
        w.html("diff.caption", &[]),
        columns[0],
        columns[1]
    ));
    if d.coarse {
        out.push_str(&format!(
            "<tbody><tr><td colspan=\"2\" class=\"diff-coarse\">{}</td></tr></tbody>\n",
            w.html("diff.coarse", &[])
        ));
    }
    if !d.has_changes() {
        out.push_str(&format!(
            "<tbody><tr><td colspan=\"2\">{}</td></tr></tbody>\n",
            w.html("diff.no_changes", &[])
        ));
    }
    let changed = w.status_lower(ArticleStatus::Changed);
    if let Some(title) = &d.title {
        out.push_str(&format!("<tbody class=\"diff-title\" id=\"{TITLE_ANCHOR}\">\n"));
        group_heading(&mut out, &w.part_status(&w.html("diff.document_title", &[]), changed));
        let (old, new) = (side(title, SpanKind::Deleted, w), side(title, SpanKind::Inserted, w));
        cols.row(&mut out, "diff-changed", &old, &new);
        out.push_str("</tbody>\n");
    }
    if d.preamble_changed() {
        out.push_str(&format!("<tbody class=\"diff-preamble\" id=\"{PREAMBLE_ANCHOR}\">\n"));
        group_heading(&mut out, &w.part_status(&w.html("diff.preamble", &[]), changed));
        block_rows(&mut out, &d.preamble, "", text, &cols, w);
        out.push_str("</tbody>\n");
    }
    for a in &d.articles {
        article_rows(&mut out, a, text, &cols, w);
    }
    out.push_str("</table>\n");
    out
}

/// One article's rows of the side-by-side table, in a `tbody` of its own.
fn article_rows(out: &mut String, a: &ArticleDiff, text: Option<&str>, cols: &Columns, w: &Words<'_>) {
    if a.status == ArticleStatus::Unchanged {
        out.push_str("<tbody class=\"diff-unchanged\"><tr><td colspan=\"2\">");
        out.push_str(&unchanged_line(a, text, w));
        out.push_str("</td></tr></tbody>\n");
        return;
    }
    out.push_str("<tbody class=\"diff-");
    out.push_str(a.status.as_str());
    out.push_str("\" id=\"diff-");
    escape_into(out, a.id());
    out.push_str("\">\n");
    let mut heading = String::new();
    w.push_article_status(&mut heading, a);
    group_heading(out, &heading);
    if let Some(title) = &a.title {
        let (old, new) = (side(title, SpanKind::Deleted, w), side(title, SpanKind::Inserted, w));
        let title = |t: &str| w.html("diff.title", &[("title", t)]);
        cols.row(out, "diff-changed", &title(&old), &title(&new));
    }
    if matches!(a.status, ArticleStatus::Moved | ArticleStatus::Renumbered) {
        let unchanged = link(text_href(text, a.id()), &w.html("diff.the_text_is_unchanged", &[]));
        out.push_str(&format!(
            "<tr class=\"diff-text-unchanged\"><td colspan=\"2\">{unchanged}</td></tr>\n"
        ));
    }
    let shown: &[Block] = match a.status {
        // The text is the same: the note above says so.
        ArticleStatus::Moved | ArticleStatus::Renumbered => &[],
        _ => &a.blocks,
    };
    block_rows(out, shown, a.id(), text, cols, w);
    out.push_str("</tbody>\n");
}

/// About how long the HTML of the blocks `shown` will be: their text and
/// markup, so that the page is allocated once rather than grown (and copied)
/// a dozen times.
fn capacity(d: &DocumentDiff, shown: impl Fn(&Block) -> bool) -> usize {
    let blocks = d.preamble.iter().chain(d.articles.iter().flat_map(|a| &a.blocks));
    let text: usize = blocks
        .filter(|b| shown(b))
        .map(|b| 32 + b.spans.iter().map(|s| s.text.len() + 64).sum::<usize>())
        .sum();
    text + 256 * (d.articles.len() + 4)
}

/// A row heading a group of rows, with `html` in it.
fn group_heading(out: &mut String, html: &str) {
    out.push_str("<tr><th colspan=\"2\" scope=\"rowgroup\">");
    out.push_str(html);
    out.push_str("</th></tr>\n");
}

/// The opening tags of the two cells of a row, each with its column's
/// heading as `data-label`, made once per table.
struct Columns {
    old: String,
    new: String,
}

impl Columns {
    /// `headings`: HTML-escaped.
    fn new(headings: &[String; 2]) -> Columns {
        let open = |h: &str| format!("<td data-label=\"{h}\">");
        Columns {
            old: open(&headings[0]),
            new: open(&headings[1]),
        }
    }

    fn row(&self, out: &mut String, class: &str, old: &str, new: &str) {
        for part in [
            "<tr class=\"",
            class,
            "\">",
            &self.old,
            old,
            "</td>",
            &self.new,
            new,
            "</td></tr>\n",
        ] {
            out.push_str(part);
        }
    }
}

/// The rows of the edited blocks. A run of deleted blocks right before a
/// run of inserted ones (text replaced) is paired 1:1, each deleted block
/// in the row of the inserted block at the same place in its run, so that
/// old and new stand side by side rather than on alternate rows. An
/// unchanged block next to a change is shown once, across both columns
/// (it is the same on both sides, and twice would double a page's
/// context); a run of others is one row (see [`skip_line`]).
fn block_rows(out: &mut String, blocks: &[Block], here: &str, text: Option<&str>, cols: &Columns, w: &Words<'_>) {
    let run = |from: usize, status: BlockStatus| blocks[from..].iter().take_while(|b| b.status == status).count();
    let mut i = 0;
    while i < blocks.len() {
        let b = &blocks[i];
        if b.status == BlockStatus::Equal {
            if in_context(blocks, i) {
                let same = wrap(b, Side::New, block_side(b, SpanKind::Equal, w));
                out.push_str(&format!(
                    "<tr class=\"diff-context\"><td colspan=\"2\">{same}</td></tr>\n"
                ));
                i += 1;
            } else {
                let skipped = skipped_run(blocks, i);
                let line = skip_line(skipped, here, text, w);
                out.push_str(&format!("<tr class=\"diff-skip\"><td colspan=\"2\">{line}</td></tr>\n"));
                i += skipped;
            }
            continue;
        }
        if b.status == BlockStatus::Deleted {
            let deleted = run(i, BlockStatus::Deleted);
            let inserted = run(i + deleted, BlockStatus::Inserted);
            let pairs = deleted.min(inserted);
            for k in 0..pairs {
                let old = wrap(
                    &blocks[i + k],
                    Side::Old,
                    block_side(&blocks[i + k], SpanKind::Deleted, w),
                );
                let new_block = &blocks[i + deleted + k];
                let new = wrap(new_block, Side::New, block_side(new_block, SpanKind::Inserted, w));
                cols.row(out, "diff-replaced", &old, &new);
            }
            for b in blocks[i + pairs..i + deleted]
                .iter()
                .chain(&blocks[i + deleted + pairs..i + deleted + inserted])
            {
                block_row(out, b, here, cols, w);
            }
            i += deleted + inserted;
            continue;
        }
        block_row(out, b, here, cols, w);
        i += 1;
    }
}

/// The row of one edited block on its own.
fn block_row(out: &mut String, b: &Block, here: &str, cols: &Columns, w: &Words<'_>) {
    let text = |kind| {
        let from = if kind == SpanKind::Deleted {
            Side::Old
        } else {
            Side::New
        };
        wrap(b, from, block_side(b, kind, w))
    };
    let note = |m: &Move| {
        let note = w.move_note(b, m, here, &w.place(m));
        format!("<span class=\"diff-note\">{note}</span>")
    };
    let (class, old, new) = match (b.status, &b.moved) {
        _ if b.formatting.is_some() => {
            let note = w.formatting_note(b.kind, b.formatting.as_ref().expect("checked"));
            let note = format!("<span class=\"diff-note\">{note}:</span> ");
            (
                "diff-changed",
                text(SpanKind::Deleted),
                note + &text(SpanKind::Inserted),
            )
        }
        (BlockStatus::Inserted, _) => ("diff-inserted", String::new(), text(SpanKind::Inserted)),
        (BlockStatus::Deleted, _) => ("diff-deleted", text(SpanKind::Deleted), String::new()),
        // Edited on the way: the old words beside the new, under the note.
        (BlockStatus::MovedIn, Some(m)) if super::edited_on_the_way(b) => (
            "diff-moved",
            format!("{} {}", note(m), text(SpanKind::Deleted)),
            text(SpanKind::Inserted),
        ),
        (BlockStatus::MovedIn, Some(m)) => ("diff-moved", note(m), text(SpanKind::Inserted)),
        (BlockStatus::MovedOut, Some(m)) => ("diff-moved", text(SpanKind::Deleted), note(m)),
        _ => ("diff-changed", text(SpanKind::Deleted), text(SpanKind::Inserted)),
    };
    cols.row(out, class, &old, &new);
}

/// One side of a block's spans: equal text plain, this side's edits marked,
/// and the breaks this side lost (old) or gained (new), in the block's own
/// form where its shapes are known (a table row's cells as text).
fn block_side(b: &Block, kind: SpanKind, w: &Words<'_>) -> String {
    if !shaped::has_elements(&b.shapes) {
        return side(&b.spans, kind, w);
    }
    let brk = if kind == SpanKind::Deleted {
        SpanKind::Join
    } else {
        SpanKind::Split
    };
    let from = if kind == SpanKind::Deleted {
        Side::Old
    } else {
        Side::New
    };
    let spans = b
        .spans
        .iter()
        .filter(|s| s.kind == SpanKind::Equal || s.kind == kind || s.kind == brk);
    let mut out = String::with_capacity(b.spans.iter().map(|s| s.text.len() + 64).sum());
    shaped::push(&mut out, spans, shapes(b), from, Cells::Text, &w.marks());
    out
}

/// One side of the spans: equal text plain, this side's edits marked, and
/// the breaks this side lost (old) or gained (new).
fn side(spans: &[Span], kind: SpanKind, w: &Words<'_>) -> String {
    let brk = if kind == SpanKind::Deleted {
        SpanKind::Join
    } else {
        SpanKind::Split
    };
    let mut out = String::with_capacity(spans.iter().map(|s| s.text.len() + 64).sum());
    push_spans(
        &mut out,
        spans
            .iter()
            .filter(|s| s.kind == SpanKind::Equal || s.kind == kind || s.kind == brk),
        w,
    );
    out
}

/// The `diff.kind_…` key of a block kind's words.
fn kind_key(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading => "heading",
        BlockKind::Paragraph => "paragraph",
        BlockKind::ListItem => "listitem",
        BlockKind::TableRow => "tablerow",
        BlockKind::Code => "code",
        BlockKind::Other => "other",
    }
}

/// One side of a block in a cell of the side-by-side table: a heading in
/// bold, a list item after its bullet or number (as `from`'s text numbers it).
fn wrap(b: &Block, from: Side, html: String) -> String {
    match b.kind {
        BlockKind::Heading => format!("<strong>{html}</strong>"),
        BlockKind::ListItem => match shaped::shape_from(shapes(b), from).and_then(|s| s.number) {
            Some(n) => format!("{n}. {html}"),
            None => format!("• {html}"),
        },
        BlockKind::Code => format!("<code>{html}</code>"),
        _ => html,
    }
}

#[cfg(test)]
mod copy_tests {
    use super::*;

    /// The text of `html` as it is copied: hidden words included, tags not.
    fn copied(html: &str) -> String {
        let mut out = String::new();
        let mut in_tag = false;
        for c in html.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => out.push(c),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn copied_edits_are_named_and_set_apart() {
        let w = &Words::new(Strings::builtin());
        let spans = [
            Span::new(SpanKind::Equal, "If we "),
            Span::new(SpanKind::Deleted, "handle"),
            Span::new(SpanKind::Inserted, "learn"),
            Span::new(SpanKind::Equal, " of it, you"),
            Span::new(SpanKind::Inserted, " and we"),
            Span::new(SpanKind::Equal, " agree."),
        ];
        assert_eq!(
            copied(&super::spans(&spans, w)),
            "If we deleted: handle inserted: learn of it, you inserted:  and we agree."
        );
    }
}
