//! The diff pages of a revision: what it changed, and what changed since, each
//! inline and side by side.

use crate::render::shared::Shared;
use std::sync::Arc;

use super::{Common, Context, Job};
use crate::diff::{DocumentDiff, format};
use crate::render::context::*;
use crate::render::urls::path;

/// The two texts a comparison is between, and their diff (none for the first revision).
pub struct Pair<'d> {
    /// The older text; absent on the first revision's changes page.
    pub from: Option<RevisionLink>,
    pub to: RevisionLink,
    pub diff: Option<&'d DocumentDiff>,
    /// The revision published after the one the page belongs to, for a
    /// link onward (on `changes` pages only).
    pub next: Option<Shared<RevisionInfo>>,
    /// On `to-current` pages, the revisions after this one up to the current one.
    pub between: Vec<Shared<RevisionInfo>>,
}

/// The two views of one comparison. `page_path` is the inline page's path.
pub fn pages(
    ctx: &Common<'_>,
    page: &dyn Fn(String, &str) -> PageInfo,
    document: &Shared<DocumentInfo>,
    revision: &Shared<RevisionInfo>,
    kind: ChangesKind,
    page_path: &str,
    pair: Pair<'_>,
) -> Vec<Job> {
    let diff = pair.diff;
    let field = diff.map(|d| match ctx.reads_diff {
        true => DiffField::Full(Arc::new(d.clone())),
        false => DiffField::Present,
    });
    let side_path = path::side_by_side(page_path);
    let inline_url = ctx.urls.url(page_path);
    let side_by_side_url = ctx.urls.url(&side_path);
    let columns = columns(ctx, kind, &pair);
    [
        (ChangesView::Inline, page_path.to_string()),
        (ChangesView::SideBySide, side_path),
    ]
    .into_iter()
    .map(|(view, p)| {
        let diff_html = match (diff, view) {
            (None, _) => String::new(),
            // Unchanged text is a link into the newer text's page.
            (Some(d), ChangesView::Inline) => format::html(d, "", Some(&pair.to.url), &ctx.words),
            (Some(d), ChangesView::SideBySide) => {
                let [old, new] = &columns;
                format::html_side_by_side(d, Some(&pair.to.url), &ctx.words, Some([old, new]))
            }
        };
        Job::page(
            path::file(&p),
            "changes.html",
            Context::Changes(Box::new(ChangesPage {
                site: ctx.site.clone(),
                page: page(title(ctx, document, revision, kind, view), &p),
                document: document.clone(),
                revision: revision.clone(),
                kind,
                view,
                from: pair.from.clone(),
                to: pair.to.clone(),
                next: pair.next.clone(),
                between: pair.between.clone(),
                inline_url: inline_url.clone(),
                side_by_side_url: side_by_side_url.clone(),
                diff: field.clone(),
                diff_html,
            })),
        )
    })
    .collect()
}

/// The headings of the side-by-side columns: the dates of the two texts,
/// as people write them; the draft's column is called the draft.
fn columns(ctx: &Common<'_>, kind: ChangesKind, pair: &Pair<'_>) -> [String; 2] {
    let long = |iso: &str| crate::render::dates::long(&ctx.words, iso);
    let old = pair
        .from
        .as_ref()
        .map_or_else(|| ctx.words.get("diff.previous", &[]), |f| long(&f.date));
    let new = match kind {
        ChangesKind::Draft => ctx.words.get("diff.draft", &[]),
        _ => long(&pair.to.date),
    };
    [old, new]
}

/// The page's title, from the strings key of its kind and view.
fn title(
    ctx: &Common<'_>,
    document: &DocumentInfo,
    revision: &RevisionInfo,
    kind: ChangesKind,
    view: ChangesView,
) -> String {
    let key = match (kind, view) {
        (ChangesKind::Changes, ChangesView::Inline) => "title.changes",
        (ChangesKind::Changes, ChangesView::SideBySide) => "title.changes_side_by_side",
        (ChangesKind::ToCurrent, ChangesView::Inline) => "title.to_current",
        (ChangesKind::ToCurrent, ChangesView::SideBySide) => "title.to_current_side_by_side",
        (ChangesKind::Draft, ChangesView::Inline) => "title.draft_changes",
        (ChangesKind::Draft, ChangesView::SideBySide) => "title.draft_changes_side_by_side",
    };
    let date = crate::render::dates::long(&ctx.words, &revision.date);
    ctx.words.get(
        key,
        &[("title", &document.title), ("date", &date), ("revision", &revision.id)],
    )
}
