//! A diff as GitHub-flavoured Markdown, for a pull-request description.
//!
//! GitHub renders `<del>`/`<ins>` but strips styles, so the edits read from
//! strikethrough and underline; document text is escaped so that a `*` or a
//! `1.` in a policy cannot turn into formatting of its own.

use super::{full_label, move_note, place_name, status_word, totals};
use crate::diff::{ArticleDiff, ArticleStatus, Block, BlockKind, BlockStatus, DocumentDiff, Span, SpanKind};
use crate::markdown::escape::{inline as escape, line};

pub fn markdown(d: &DocumentDiff) -> String {
    let mut out = String::new();
    if !d.has_changes() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push_str(&format!("**Changes:** {}\n\n", escape(&totals(d))));
    if d.title.is_some() {
        out.push_str("- Document title: changed\n");
    }
    if d.preamble_changed() {
        out.push_str("- Preamble: changed\n");
    }
    for a in d.articles.iter().filter(|a| a.status != ArticleStatus::Unchanged) {
        out.push_str(&format!(
            "- {} “{}”: {}\n",
            escape(&full_label(a)),
            escape(&a.side().title),
            a.status.as_str()
        ));
    }
    if d.coarse {
        out.push_str(&format!("\n_{}_\n", escape(super::COARSE_NOTE)));
    }
    if let Some(title) = &d.title {
        out.push_str(&format!("\n### Document title\n\n{}\n", spans(title)));
    }
    if d.preamble_changed() {
        out.push_str("\n### Preamble\n\n");
        blocks(&mut out, &d.preamble, "");
    }
    for a in d.articles.iter().filter(|a| shows_blocks(a)) {
        out.push_str(&format!(
            "\n### {} “{}”: {}\n\n",
            escape(&full_label(a)),
            escape(&a.side().title),
            status_word(a.status).to_lowercase()
        ));
        if let Some(title) = &a.title {
            out.push_str(&format!("Title: {}\n\n", spans(title)));
        }
        blocks(&mut out, &a.blocks, a.id());
    }
    out
}

/// Moved and renumbered articles are fully told by the overview line.
fn shows_blocks(a: &ArticleDiff) -> bool {
    matches!(
        a.status,
        ArticleStatus::Changed | ArticleStatus::Added | ArticleStatus::Removed
    )
}

fn blocks(out: &mut String, blocks: &[Block], here: &str) {
    let mut in_list = false;
    for b in blocks.iter().filter(|b| b.status != BlockStatus::Equal) {
        let item = b.kind == BlockKind::ListItem;
        if in_list && !item {
            out.push('\n');
        }
        in_list = item;
        let mut line = String::new();
        if let Some(m) = &b.moved {
            let place = escape(&place_name(m, ("“", "”")));
            line.push_str(&format!("_{}:_ ", move_note(b, m, here, &place)));
        }
        if let Some(f) = &b.formatting {
            line.push_str(&format!("_{}:_ ", super::formatting_note(b.kind, f)));
        }
        line.push_str(&spans(&b.spans));
        match b.kind {
            BlockKind::ListItem => out.push_str(&format!("- {line}\n")),
            BlockKind::Heading => out.push_str(&format!("**{line}**\n\n")),
            _ => out.push_str(&format!("{line}\n\n")),
        }
    }
    if in_list {
        out.push('\n');
    }
}

fn spans(spans: &[Span]) -> String {
    let mut out = String::new();
    for (i, s) in spans.iter().enumerate() {
        let text = if i == 0 { line(&s.text) } else { escape(&s.text) };
        match s.kind {
            SpanKind::Equal => out.push_str(&text),
            SpanKind::Deleted => out.push_str(&format!("<del>{text}</del>")),
            SpanKind::Inserted => out.push_str(&format!("<ins>{text}</ins>")),
            SpanKind::Join => out.push_str(&format!("<del>{}</del>", super::PILCROW)),
            SpanKind::Split => out.push_str(&format!("<ins>{}</ins>", super::PILCROW)),
        }
    }
    out
}
