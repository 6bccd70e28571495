//! `charter log <doc> --article <id>`: one article's history in the
//! terminal, the same timeline as its page `/<doc>/articles/<id>/`, newest
//! first.

use rayon::prelude::*;
use serde::Serialize;

use crate::cli::{ListFormat, LogArgs};
use crate::derive::article_history::{self, ArticleHistory, Step};
use crate::derive::history;
use crate::diff::{ArticleDiff, ArticleStatus, BlockStatus, Prepared, format};
use crate::model::{Date, DocumentEntry};

/// The version of the JSON structure printed: raised when a key is removed
/// or changes meaning, not when one is added.
const JSON_SCHEMA: u32 = 1;

#[derive(Serialize)]
struct History<'a> {
    schema: u32,
    document: &'a str,
    article: &'a str,
    label: &'a str,
    title: &'a str,
    /// The latest revision no longer has it.
    removed: bool,
    /// Newest first.
    versions: Vec<Version<'a>>,
}

#[derive(Serialize)]
struct Version<'a> {
    /// "first", "added", "changed", "moved", "renumbered" or "removed".
    status: &'a str,
    /// The revision that made it, and the last that still had it.
    from: String,
    until: String,
    from_date: String,
    until_date: String,
    revisions: usize,
    /// The version in the revision in effect on `--date`.
    current: bool,
    label: &'a str,
    title: &'a str,
    previous_label: Option<&'a str>,
    /// The record's notes about this article.
    notes: Vec<&'a str>,
    /// Ids of the articles some of its text came from, and went to.
    moved_from: Vec<&'a str>,
    moved_to: Vec<&'a str>,
    /// This article's part of the diff, as `charter diff --format json`
    /// writes an article; null for "first".
    diff: Option<&'a ArticleDiff>,
}

/// Prints the history of article `id` of `doc`; an unknown id is an error
/// naming the document and the ids that look like it.
pub fn run(args: &LogArgs, doc: &DocumentEntry, id: &str, today: Date) -> anyhow::Result<()> {
    let Some(first) = doc.revisions.first() else {
        anyhow::bail!(
            "{} has no published revision yet, so its articles have no history (cut one with `charter revise {}`)",
            doc.id,
            doc.id
        );
    };
    let prepared: Vec<Prepared<'_>> = doc.revisions.par_iter().map(|r| Prepared::new(&r.document)).collect();
    let numbering = history::options().numbering;
    let diffs = history::diffs(&prepared, None, &numbering);
    let all = article_history::histories(&first.document, &diffs.previous, &numbering);
    let Some(h) = article_history::find(&all, id) else {
        return Err(unknown(doc, &all, id));
    };
    let (_, current) = crate::derive::timeline::of_document(doc, today);
    let versions: Vec<Version<'_>> = h.steps.iter().rev().map(|s| version(doc, s, current)).collect();
    let last = h.steps.last().expect("a history has a step");
    let out = History {
        schema: JSON_SCHEMA,
        document: &doc.id,
        article: &h.id,
        label: &last.side.label,
        title: &last.side.title,
        removed: h.removed(),
        versions,
    };
    let text = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&out)? + "\n",
        ListFormat::Text => text(&out, h, super::diff::use_color(args.color)),
    };
    super::print(&text)
}

fn unknown(doc: &DocumentEntry, all: &[ArticleHistory<'_>], id: &str) -> anyhow::Error {
    let close = article_history::close_ids(all, id);
    let hint = if close.is_empty() {
        let every: Vec<&str> = all.iter().map(|h| h.id.as_str()).collect();
        format!("its articles are: {}", every.join(", "))
    } else {
        format!("did you mean {}?", close.join(", "))
    };
    anyhow::anyhow!(
        "{} has no article `{id}` in any revision: {hint} (an id is the article's `{{#id}}`, or the slug of its title)",
        doc.id
    )
}

fn version<'a>(doc: &'a DocumentEntry, s: &'a Step<'a>, current: Option<usize>) -> Version<'a> {
    let rev = &doc.revisions[s.first];
    let removed = s.status == ArticleStatus::Removed;
    let ids = |st: BlockStatus| -> Vec<&'a str> {
        s.moved(st)
            .into_iter()
            .filter(|m| !m.article_id.is_empty())
            .map(|m| m.article_id.as_str())
            .collect()
    };
    Version {
        status: match (s.status, s.diff) {
            (ArticleStatus::Added, None) => "first",
            (st, _) => st.as_str(),
        },
        from: rev.id.to_string(),
        until: doc.revisions[s.last].id.to_string(),
        from_date: rev.meta.date.to_string(),
        until_date: doc.revisions[s.last].meta.date.to_string(),
        revisions: s.last - s.first + 1,
        current: !removed && current.is_some_and(|c| s.first <= c && c <= s.last),
        label: &s.side.label,
        title: &s.side.title,
        previous_label: s
            .diff
            .and_then(|a| a.old.as_ref())
            .filter(|o| !removed && o.label != s.side.label)
            .map(|o| o.label.as_str()),
        notes: match removed {
            true => Vec::new(),
            false => rev
                .meta
                .changes
                .iter()
                .filter(|c| c.article == s.side.id)
                .map(|c| c.note.as_str())
                .collect(),
        },
        moved_from: ids(BlockStatus::MovedIn),
        moved_to: ids(BlockStatus::MovedOut),
        diff: s.diff,
    }
}

/// The timeline as text: a header, then per version its dates, how it came,
/// its notes and its word diff (`[-deleted-]{+inserted+}`, or in colour).
fn text(h: &History<'_>, history: &ArticleHistory<'_>, color: bool) -> String {
    let removed = match h.versions.first().filter(|_| h.removed) {
        Some(v) => format!(", removed in {}", v.from),
        None => String::new(),
    };
    let mut out = format!(
        "{} {} '{}' ({}{removed}): {} {}, newest first\n",
        h.document,
        h.label,
        h.title,
        h.article,
        h.versions.len(),
        if h.versions.len() == 1 { "entry" } else { "entries" }
    );
    for (v, s) in h.versions.iter().zip(history.steps.iter().rev()) {
        out.push('\n');
        let dates = match v.revisions {
            1 => v.from.clone(),
            n => format!("{} - {} ({n} revisions)", v.from, v.until),
        };
        let how = match (v.status, v.previous_label) {
            ("first", _) => "in the first published text".to_string(),
            ("removed", _) => format!("removed (was {} '{}')", v.label, v.title),
            ("moved", Some(p)) => format!("moved from {p} to {}", v.label),
            ("renumbered", Some(p)) => format!("renumbered from {p} to {}", v.label),
            ("changed", Some(p)) => format!("changed, and renumbered from {p} to {}", v.label),
            (status, _) => status.to_string(),
        };
        let current = if v.current { " (current)" } else { "" };
        out.push_str(&format!("{dates}  {how}{current}\n"));
        for n in &v.notes {
            out.push_str(&format!("  note: {n}\n"));
        }
        if !v.moved_from.is_empty() {
            out.push_str(&format!("  text came from: {}\n", v.moved_from.join(", ")));
        }
        if !v.moved_to.is_empty() {
            out.push_str(&format!("  text moved to: {}\n", v.moved_to.join(", ")));
        }
        if let Some(d) = s.diff {
            out.push_str(&format::article_text(d, color));
        }
    }
    out
}
