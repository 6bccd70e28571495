//! A diff as an HTML fragment: inline, or old and new side by side.
//!
//! Edits are `<del>`/`<ins>` with a visually hidden "deleted: "/"inserted: "
//! so that screen readers, which mostly ignore those elements, announce them;
//! moves and statuses are written out in words. No scripts, no inline styles.

use super::{COARSE_NOTE, full_label, move_note, place_name, status_word};
use crate::diff::{ArticleDiff, ArticleStatus, Block, BlockKind, BlockStatus, DocumentDiff, Move, Span, SpanKind};
use crate::html::{escape, escape_into};

/// Anchors of the parts that are not articles; article ids cannot hold a
/// `.`, so these never clash with `diff-{id}`.
const TITLE_ANCHOR: &str = "diff.title";
const PREAMBLE_ANCHOR: &str = "diff.preamble";

/// The inline view. `base` is put before in-page anchors ("" for a fragment
/// shown on its own page).
pub fn html(d: &DocumentDiff, base: &str) -> String {
    let base = escape(base);
    let mut out = String::with_capacity(capacity(d, |_| true));
    if d.coarse {
        out.push_str(&format!("<p class=\"diff-coarse\">{}</p>\n", escape(COARSE_NOTE)));
    }
    if !d.has_changes() {
        out.push_str("<p class=\"diff-none\">No changes.</p>\n");
    } else {
        overview(&mut out, d, &base);
    }
    if let Some(title) = &d.title {
        out.push_str(&format!(
            "<section class=\"diff-article diff-title\" id=\"{TITLE_ANCHOR}\">\n<h2>Document title</h2>\n\
             <p class=\"diff-status\">Changed</p>\n<p>{}</p>\n</section>\n",
            spans(title)
        ));
    }
    if d.preamble_changed() {
        out.push_str(&format!(
            "<section class=\"diff-article diff-preamble\" id=\"{PREAMBLE_ANCHOR}\">\n<h2>Preamble</h2>\n\
             <p class=\"diff-status\">Changed</p>\n"
        ));
        blocks(&mut out, &d.preamble, "", &base, true);
        out.push_str("</section>\n");
    }
    for a in &d.articles {
        article(&mut out, a, &base);
    }
    out
}

fn overview(out: &mut String, d: &DocumentDiff, base: &str) {
    out.push_str("<nav class=\"diff-overview\" aria-label=\"Changed articles\">\n<ul>\n");
    if d.title.is_some() {
        out.push_str(&format!(
            "<li><a href=\"{base}#{TITLE_ANCHOR}\">Document title</a> — changed</li>\n"
        ));
    }
    if d.preamble_changed() {
        out.push_str(&format!(
            "<li><a href=\"{base}#{PREAMBLE_ANCHOR}\">Preamble</a> — changed</li>\n"
        ));
    }
    for a in d.articles.iter().filter(|a| a.status != ArticleStatus::Unchanged) {
        out.push_str(&format!(
            "<li><a href=\"{base}#diff-{}\">{}</a> — {}</li>\n",
            escape(a.id()),
            heading(a),
            a.status.as_str()
        ));
    }
    out.push_str("</ul>\n</nav>\n");
}

/// "Article 8 → Article 9 “Title”", escaped.
fn heading(a: &ArticleDiff) -> String {
    let mut out = String::new();
    push_heading(&mut out, a);
    out
}

fn push_heading(out: &mut String, a: &ArticleDiff) {
    escape_into(out, &full_label(a));
    out.push_str(" “");
    escape_into(out, &a.side().title);
    out.push('”');
}

fn article(out: &mut String, a: &ArticleDiff, base: &str) {
    if a.status == ArticleStatus::Unchanged {
        out.push_str("<details class=\"diff-unchanged\">\n<summary>");
        push_heading(out, a);
        out.push_str(" — unchanged</summary>\n");
        blocks(out, &a.blocks, a.id(), base, false);
        out.push_str("</details>\n");
        return;
    }
    out.push_str("<section class=\"diff-article diff-");
    out.push_str(a.status.as_str());
    out.push_str("\" id=\"diff-");
    escape_into(out, a.id());
    out.push_str("\">\n<h2>");
    push_heading(out, a);
    out.push_str("</h2>\n<p class=\"diff-status\">");
    out.push_str(status_word(a.status));
    out.push_str("</p>\n");
    if let Some(title) = &a.title {
        out.push_str(&format!("<p class=\"diff-title-change\">Title: {}</p>\n", spans(title)));
    }
    if matches!(a.status, ArticleStatus::Moved | ArticleStatus::Renumbered) {
        out.push_str("<details>\n<summary>Text (unchanged)</summary>\n");
        blocks(out, &a.blocks, a.id(), base, false);
        out.push_str("</details>\n");
    } else {
        blocks(out, &a.blocks, a.id(), base, true);
    }
    out.push_str("</section>\n");
}

/// Blocks in their wrappers; with `shorten`, runs of equal blocks away from
/// any change become one "…".
fn blocks(out: &mut String, blocks: &[Block], here: &str, base: &str, shorten: bool) {
    let changed = |i: usize| blocks.get(i).is_some_and(|b| b.status != BlockStatus::Equal);
    let mut in_list = false;
    let mut skipping = false;
    for (i, b) in blocks.iter().enumerate() {
        let shown = !shorten || changed(i) || changed(i + 1) || (i > 0 && changed(i - 1));
        let item = shown && b.kind == BlockKind::ListItem;
        if in_list && !item {
            out.push_str("</ul>\n");
        }
        if !shown {
            if !skipping {
                out.push_str(
                    "<p class=\"diff-skip\">…<span class=\"visually-hidden\"> (unchanged text left out)</span></p>\n",
                );
            }
            skipping = true;
            in_list = false;
            continue;
        }
        skipping = false;
        if item && !in_list {
            out.push_str("<ul class=\"diff-list\">\n");
        }
        in_list = item;
        block(out, b, here, base);
    }
    if in_list {
        out.push_str("</ul>\n");
    }
}

fn block(out: &mut String, b: &Block, here: &str, base: &str) {
    let (tag, kind_class) = match b.kind {
        BlockKind::Heading => ("h3", None),
        BlockKind::Paragraph => ("p", None),
        BlockKind::ListItem => ("li", None),
        BlockKind::TableRow => ("p", Some("diff-row")),
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
    out.push('>');
    if let Some(m) = &b.moved {
        out.push_str("<span class=\"diff-note\">");
        out.push_str(&move_link(b.status, m, here, base));
        out.push_str(":</span> ");
    }
    push_spans(out, &b.spans);
    out.push_str("</");
    out.push_str(tag);
    out.push_str(">\n");
}

/// The move note with the other place as a link to its section.
fn move_link(status: BlockStatus, m: &Move, here: &str, base: &str) -> String {
    let anchor = if m.article_id.is_empty() {
        PREAMBLE_ANCHOR.to_string()
    } else {
        format!("diff-{}", escape(&m.article_id))
    };
    let place = escape(&place_name(m, ("“", "”")));
    let link = format!("<a href=\"{base}#{anchor}\">{place}</a>");
    move_note(status, m, here, &link)
}

fn spans(spans: &[Span]) -> String {
    let mut out = String::with_capacity(spans.iter().map(|s| s.text.len() + 64).sum());
    push_spans(&mut out, spans);
    out
}

fn push_spans<'a>(out: &mut String, spans: impl IntoIterator<Item = &'a Span>) {
    for s in spans {
        let (open, close) = match s.kind {
            SpanKind::Equal => ("", ""),
            SpanKind::Deleted => ("<del><span class=\"visually-hidden\">deleted: </span>", "</del>"),
            SpanKind::Inserted => ("<ins><span class=\"visually-hidden\">inserted: </span>", "</ins>"),
        };
        out.push_str(open);
        escape_into(out, &s.text);
        out.push_str(close);
    }
}

/// The same diff as a table: the previous text on the left, the new on the
/// right, one row per edited block; unchanged articles are left out.
pub fn html_side_by_side(d: &DocumentDiff) -> String {
    // Equal text of an edited block shows on both sides.
    let mut out = String::with_capacity(2 * capacity(d, |b| b.status != BlockStatus::Equal));
    out.push_str(
        "<table class=\"diff-side-by-side\">\n<caption>Changes: the previous version beside the new one</caption>\n\
         <thead><tr><th scope=\"col\">Previous</th><th scope=\"col\">New</th></tr></thead>\n",
    );
    if d.coarse {
        out.push_str(&format!(
            "<tbody><tr><td colspan=\"2\" class=\"diff-coarse\">{}</td></tr></tbody>\n",
            escape(COARSE_NOTE)
        ));
    }
    if !d.has_changes() {
        out.push_str("<tbody><tr><td colspan=\"2\">No changes.</td></tr></tbody>\n");
    }
    if let Some(title) = &d.title {
        out.push_str("<tbody class=\"diff-title\">\n");
        group_heading(&mut out, |out| out.push_str("Document title — changed"));
        row(
            &mut out,
            "diff-changed",
            &side(title, SpanKind::Deleted),
            &side(title, SpanKind::Inserted),
        );
        out.push_str("</tbody>\n");
    }
    if d.preamble_changed() {
        out.push_str("<tbody class=\"diff-preamble\">\n");
        group_heading(&mut out, |out| out.push_str("Preamble — changed"));
        block_rows(&mut out, &d.preamble, "");
        out.push_str("</tbody>\n");
    }
    for a in d.articles.iter().filter(|a| a.status != ArticleStatus::Unchanged) {
        out.push_str("<tbody class=\"diff-");
        out.push_str(a.status.as_str());
        out.push_str("\">\n");
        group_heading(&mut out, |out| {
            push_heading(out, a);
            out.push_str(" — ");
            out.push_str(a.status.as_str());
        });
        if let Some(title) = &a.title {
            let (old, new) = (side(title, SpanKind::Deleted), side(title, SpanKind::Inserted));
            row(
                &mut out,
                "diff-changed",
                &format!("Title: {old}"),
                &format!("Title: {new}"),
            );
        }
        if matches!(a.status, ArticleStatus::Moved | ArticleStatus::Renumbered) {
            out.push_str("<tr><td colspan=\"2\">The text is unchanged.</td></tr>\n");
        }
        block_rows(&mut out, &a.blocks, a.id());
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n");
    out
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

/// A row heading a group of rows; `html` writes its content.
fn group_heading(out: &mut String, html: impl FnOnce(&mut String)) {
    out.push_str("<tr><th colspan=\"2\" scope=\"rowgroup\">");
    html(out);
    out.push_str("</th></tr>\n");
}

fn row(out: &mut String, class: &str, old: &str, new: &str) {
    for part in ["<tr class=\"", class, "\"><td>", old, "</td><td>", new, "</td></tr>\n"] {
        out.push_str(part);
    }
}

fn block_rows(out: &mut String, blocks: &[Block], here: &str) {
    for b in blocks.iter().filter(|b| b.status != BlockStatus::Equal) {
        let text = |kind| wrap(b.kind, side(&b.spans, kind));
        let note = |m: &Move| {
            let place = escape(&place_name(m, ("“", "”")));
            format!(
                "<span class=\"diff-note\">{}</span>",
                move_note(b.status, m, here, &place)
            )
        };
        let (class, old, new) = match (b.status, &b.moved) {
            (BlockStatus::Inserted, _) => ("diff-inserted", String::new(), text(SpanKind::Inserted)),
            (BlockStatus::Deleted, _) => ("diff-deleted", text(SpanKind::Deleted), String::new()),
            (BlockStatus::MovedIn, Some(m)) => ("diff-moved", note(m), text(SpanKind::Inserted)),
            (BlockStatus::MovedOut, Some(m)) => ("diff-moved", text(SpanKind::Deleted), note(m)),
            _ => ("diff-changed", text(SpanKind::Deleted), text(SpanKind::Inserted)),
        };
        row(out, class, &old, &new);
    }
}

/// One side of the spans: equal text plain, this side's edits marked.
fn side(spans: &[Span], kind: SpanKind) -> String {
    let mut out = String::with_capacity(spans.iter().map(|s| s.text.len() + 64).sum());
    push_spans(
        &mut out,
        spans.iter().filter(|s| s.kind == SpanKind::Equal || s.kind == kind),
    );
    out
}

fn wrap(kind: BlockKind, html: String) -> String {
    match kind {
        BlockKind::Heading => format!("<strong>{html}</strong>"),
        BlockKind::ListItem => format!("• {html}"),
        BlockKind::Code => format!("<code>{html}</code>"),
        _ => html,
    }
}
