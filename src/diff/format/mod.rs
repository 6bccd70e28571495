//! Writing a [`DocumentDiff`] for people: a terminal, a pull request, a page.
//!
//! Every format says in words what colour or strikethrough also shows, so
//! nothing depends on seeing colour.

mod html;
mod markdown;
mod shaped;

pub use html::{article_html, html, html_side_by_side};
pub use markdown::markdown;

use super::{ArticleDiff, ArticleStatus, Block, BlockKind, BlockStatus, DocumentDiff, Move, Span, SpanKind};

/// The version of the JSON structure `charter diff --format json` prints:
/// raised when a key is removed or changes meaning, not when one is added.
pub const JSON_SCHEMA: u32 = 1;

/// The JSON of `charter diff --format json`: the diff's structure, led by
/// its schema version so that a program reading it can tell which it has.
pub fn json(d: &DocumentDiff) -> serde_json::Result<String> {
    #[derive(serde::Serialize)]
    struct Versioned<'a> {
        schema: u32,
        #[serde(flatten)]
        diff: &'a DocumentDiff,
    }
    let v = Versioned {
        schema: JSON_SCHEMA,
        diff: d,
    };
    Ok(serde_json::to_string_pretty(&v)? + "\n")
}

const RED_STRUCK: &str = "\x1b[9;31m";
const GREEN_UNDERLINED: &str = "\x1b[4;32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// For a terminal: each article that changed, its edited blocks marked up
/// `[-deleted-]{+inserted+}` (or in colour).
pub fn text(d: &DocumentDiff, color: bool) -> String {
    let mut out = String::new();
    let header = |out: &mut String, s: &str| {
        if color {
            out.push_str(&format!("{BOLD}{s}{RESET}\n"));
        } else {
            out.push_str(s);
            out.push('\n');
        }
    };
    if let Some(title) = &d.title {
        header(&mut out, &format!("Title: {}", text_spans(title, color)));
        out.push('\n');
    }
    if d.preamble_changed() {
        header(&mut out, "Preamble: changed");
        text_blocks(&mut out, &d.preamble, "", color);
        out.push('\n');
    }
    for a in d.articles.iter().filter(|a| a.status != ArticleStatus::Unchanged) {
        header(
            &mut out,
            &format!("{} '{}': {}", short_label(a), a.side().title, a.status.as_str()),
        );
        if let Some(title) = &a.title {
            out.push_str(&format!("  title: {}\n", text_spans(title, color)));
        }
        text_blocks(&mut out, &a.blocks, a.id(), color);
        out.push('\n');
    }
    if !d.has_changes() {
        out.push_str("No changes.\n");
    }
    if d.coarse {
        out.push_str(COARSE_NOTE);
        out.push('\n');
    }
    out
}

/// One article's part of a diff for a terminal, as [`text`] writes it
/// under the article's header: its title change and edited blocks, each
/// line indented by two spaces; "The text is unchanged." when only its
/// place changed.
pub fn article_text(a: &ArticleDiff, color: bool) -> String {
    let mut out = String::new();
    if let Some(title) = &a.title {
        out.push_str(&format!("  title: {}\n", text_spans(title, color)));
    }
    text_blocks(&mut out, &a.blocks, a.id(), color);
    if out.is_empty() {
        out.push_str("  The text is unchanged.\n");
    }
    out
}

/// Why some edits show as whole blocks.
pub const COARSE_NOTE: &str = "Note: this comparison was too large to compare word by word throughout, so \
                               some edited passages are shown as whole deleted and inserted blocks.";

fn text_blocks(out: &mut String, blocks: &[Block], here: &str, color: bool) {
    for b in blocks.iter().filter(|b| b.status != BlockStatus::Equal) {
        out.push_str("  ");
        out.push_str(match b.kind {
            BlockKind::Heading => "### ",
            BlockKind::ListItem => "- ",
            BlockKind::TableRow => "| ",
            BlockKind::Code => "` ",
            BlockKind::Paragraph | BlockKind::Other => "",
        });
        if let Some(m) = &b.moved {
            let place = place_name(m, ("'", "'"));
            out.push_str(&format!("({}) ", move_note(b, m, here, &place)));
        }
        if let Some(f) = &b.formatting {
            out.push_str(&format!("({}) ", formatting_note(b.kind, f)));
        }
        out.push_str(&text_spans(&b.spans, color));
        out.push('\n');
    }
}

fn text_spans(spans: &[Span], color: bool) -> String {
    let mut out = String::new();
    for s in spans {
        match (s.kind, color) {
            (SpanKind::Equal, _) => out.push_str(&s.text),
            (SpanKind::Deleted, false) => out.push_str(&format!("[-{}-]", s.text)),
            (SpanKind::Inserted, false) => out.push_str(&format!("{{+{}+}}", s.text)),
            (SpanKind::Deleted, true) => out.push_str(&format!("{RED_STRUCK}{}{RESET}", s.text)),
            (SpanKind::Inserted, true) => out.push_str(&format!("{GREEN_UNDERLINED}{}{RESET}", s.text)),
            (SpanKind::Join, false) => out.push_str(&format!("[-{PILCROW}-]")),
            (SpanKind::Split, false) => out.push_str(&format!("{{+{PILCROW}+}}")),
            (SpanKind::Join, true) => out.push_str(&format!("{RED_STRUCK}{PILCROW}{RESET}")),
            (SpanKind::Split, true) => out.push_str(&format!("{GREEN_UNDERLINED}{PILCROW}{RESET}")),
        }
    }
    out
}

/// One line per article that is not unchanged, then the totals.
pub fn stat(d: &DocumentDiff) -> String {
    let mut rows: Vec<(String, &str, (usize, usize))> = Vec::new();
    if let Some(t) = &d.title {
        rows.push(("title".to_string(), "changed", super::span_word_counts(t)));
    }
    if d.preamble_changed() {
        let counts = d
            .preamble
            .iter()
            .map(Block::word_counts)
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
        rows.push(("preamble".to_string(), "changed", counts));
    }
    for a in d.articles.iter().filter(|a| a.status != ArticleStatus::Unchanged) {
        let name = format!("{} '{}'", short_label(a), a.side().title);
        rows.push((name, a.status.as_str(), a.word_counts()));
    }
    let width = rows.iter().map(|r| r.0.chars().count()).max().unwrap_or(0);
    let mut out = String::new();
    for (name, status, (ins, del)) in &rows {
        let pad = width - name.chars().count();
        out.push_str(&format!("{name}{:pad$}  {status:<10}  +{ins} -{del} words\n", ""));
    }
    out.push_str(&totals(d));
    out.push('\n');
    out
}

/// "1 added, 2 changed, 8 renumbered, 4 unchanged; +139 -12 words".
pub fn totals(d: &DocumentDiff) -> String {
    let s = &d.stats;
    let counts = [
        (s.added, "added"),
        (s.removed, "removed"),
        (s.changed, "changed"),
        (s.moved, "moved"),
        (s.renumbered, "renumbered"),
        (s.unchanged, "unchanged"),
    ];
    let parts: Vec<String> = counts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, w)| format!("{n} {w}"))
        .collect();
    let articles = if parts.is_empty() {
        "no articles".to_string()
    } else {
        parts.join(", ")
    };
    let formatting = match s.formatting {
        0 => String::new(),
        1 => "; 1 formatting change".to_string(),
        n => format!("; {n} formatting changes"),
    };
    format!(
        "{articles}; +{} -{} words{formatting}",
        s.words_inserted, s.words_deleted
    )
}

/// How a paragraph break inserted or removed is shown, marked as inserted
/// or deleted text: a break is no word.
pub const PILCROW: &str = "¶";

/// "Formatting changed, now a list item", or "Formatting changed
/// (emphasis or code)" when only the marks changed.
pub fn formatting_note(kind: BlockKind, f: &super::Formatting) -> String {
    if f.old_kind == kind {
        "Formatting changed (emphasis or code)".to_string()
    } else {
        format!("Formatting changed, now {}", kind_words(kind))
    }
}

fn kind_words(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::Heading => "a heading",
        BlockKind::Paragraph => "a paragraph",
        BlockKind::ListItem => "a list item",
        BlockKind::TableRow => "a table row",
        BlockKind::Code => "code",
        BlockKind::Other => "other text",
    }
}

/// "Article 8 -> 9" when the number changed, else "Article 8": the label's
/// shared beginning is written once.
pub fn short_label(a: &ArticleDiff) -> String {
    match (&a.old, &a.new) {
        (Some(o), Some(n)) if o.label != n.label => {
            let mut common = o
                .label
                .char_indices()
                .zip(n.label.chars())
                .take_while(|((_, x), y)| x == y)
                .last()
                .map_or(0, |((i, c), _)| i + c.len_utf8());
            // Never split a number: "Article 10 -> 11", not "Article 10 -> 1".
            while common > 0 && o.label[..common].ends_with(|c: char| c.is_ascii_digit()) {
                common -= 1;
            }
            format!("{} -> {}", o.label, &n.label[common..])
        }
        _ => a.side().label.clone(),
    }
}

/// "Article 8 → Article 9" when the number changed, else "Article 8".
pub fn full_label(a: &ArticleDiff) -> String {
    match (&a.old, &a.new) {
        (Some(o), Some(n)) if o.label != n.label => format!("{} → {}", o.label, n.label),
        _ => a.side().label.clone(),
    }
}

/// "Added", "Changed"…
pub fn status_word(s: ArticleStatus) -> &'static str {
    match s {
        ArticleStatus::Added => "Added",
        ArticleStatus::Removed => "Removed",
        ArticleStatus::Changed => "Changed",
        ArticleStatus::Moved => "Moved",
        ArticleStatus::Renumbered => "Renumbered",
        ArticleStatus::Unchanged => "Unchanged",
    }
}

/// How a move names the other place: "Article 7 “Title”", or "the preamble".
pub fn place_name(m: &Move, quote: (&str, &str)) -> String {
    if m.article_id.is_empty() {
        m.label.clone()
    } else {
        format!("{} {}{}{}", m.label, quote.0, m.title, quote.1)
    }
}

/// True for a block that moved and was edited on the way: it arrives with
/// the word diff against its old text, which a reader must be told is there.
pub fn edited_on_the_way(b: &Block) -> bool {
    b.status == BlockStatus::MovedIn && b.spans.iter().any(|s| s.kind != SpanKind::Equal)
}

/// "Moved here from {place}" / "Moved to {place}", and ", with edits" for
/// a block [`edited_on_the_way`]; a move inside one part says so instead.
/// The words around `place` need no escaping.
pub fn move_note(b: &Block, m: &Move, here: &str, place: &str) -> String {
    let note = move_words(b.status, m, here, place);
    if edited_on_the_way(b) {
        note + ", with edits"
    } else {
        note
    }
}

fn move_words(status: BlockStatus, m: &Move, here: &str, place: &str) -> String {
    let within = if here.is_empty() {
        "the preamble"
    } else {
        "this article"
    };
    match (status, m.article_id == here) {
        (BlockStatus::MovedIn, true) => format!("Moved here from elsewhere in {within}"),
        (BlockStatus::MovedIn, false) => format!("Moved here from {place}"),
        (_, true) => format!("Moved elsewhere in {within}"),
        (_, false) => format!("Moved to {place}"),
    }
}

#[cfg(test)]
mod tests;
