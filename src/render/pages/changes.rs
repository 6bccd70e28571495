//! The diff pages of a revision: what it changed, and what changed since, each
//! inline and side by side.

use std::sync::Arc;

use super::{Common, Context, Job};
use crate::diff::{DocumentDiff, format};
use crate::render::context::*;
use crate::render::urls::path;

/// The two views of one comparison. `page_path` is the inline page's path.
#[allow(clippy::too_many_arguments)]
pub fn pages(
    ctx: &Common<'_>,
    page: &dyn Fn(String, &str) -> PageInfo,
    document: &Arc<DocumentInfo>,
    revision: &Arc<RevisionInfo>,
    kind: &'static str,
    page_path: &str,
    from: Option<RevisionLink>,
    to: RevisionLink,
    diff: Option<&DocumentDiff>,
) -> Vec<Job> {
    let field = diff.map(|d| match ctx.reads_diff {
        true => DiffField::Full(Arc::new(d.clone())),
        false => DiffField::Present,
    });
    let side_path = path::side_by_side(page_path);
    let inline_url = ctx.urls.url(page_path);
    let side_by_side_url = ctx.urls.url(&side_path);
    let what = match kind {
        "changes" => format!("What changed on {}", revision.date),
        "draft" => "Unpublished changes".to_string(),
        _ => format!("Changes since {}", revision.id),
    };
    [("inline", page_path.to_string()), ("side-by-side", side_path)]
        .into_iter()
        .map(|(view, p)| {
            let diff_html = match (diff, view) {
                (None, _) => String::new(),
                (Some(d), "inline") => format::html(d, ""),
                (Some(d), _) => format::html_side_by_side(d),
            };
            let title = match view {
                "inline" => format!("{what}: {}", document.title),
                _ => format!("{what}, side by side: {}", document.title),
            };
            Job::page(
                path::file(&p),
                "changes.html",
                Context::Changes(Box::new(ChangesPage {
                    site: ctx.site.clone(),
                    page: page(title, &p),
                    document: document.clone(),
                    revision: revision.clone(),
                    kind,
                    view,
                    from: from.clone(),
                    to: to.clone(),
                    inline_url: inline_url.clone(),
                    side_by_side_url: side_by_side_url.clone(),
                    diff: field.clone(),
                    diff_html,
                })),
            )
        })
        .collect()
}
