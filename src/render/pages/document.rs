//! A document's pages: current text, draft, Past revisions, each archived
//! revision, its feed and its versions index.

use std::sync::Arc;

use rayon::prelude::*;

use super::revision_info::{ReadBody, body, body_and_blocks, revision_info};
use super::{Common, Context, Job, changes};
use crate::check;
use crate::derive::history;
use crate::derive::timeline::{self, Status};
use crate::diagnostic::Diagnostic;
use crate::model::DocumentEntry;
use crate::render::context::*;
use crate::render::feeds::{self, FeedMeta};
use crate::render::urls::path;
use crate::render::versions;

/// A document's pages and what the site-wide pages need to know of it.
pub struct DocumentOutput {
    pub jobs: Vec<Job>,
    /// For the home page; absent when nothing of the document is built.
    pub card: Option<DocumentCard>,
    pub sitemap: Vec<SitemapEntry>,
    /// Revisions published by the build date, newest first.
    pub announced: Vec<Announcement>,
    pub revisions: usize,
    /// Pages written, counted by the renderer.
    pub pages: usize,
    pub notes: Vec<String>,
    /// Problems found while deriving the pages (changes that do not match the diff).
    pub problems: Vec<Diagnostic>,
}

/// A document and its revisions as pages, feeds and messages show them.
pub struct Described {
    pub info: Arc<DocumentInfo>,
    /// Oldest first.
    pub infos: Vec<Arc<RevisionInfo>>,
    /// The revision in effect on the build date.
    pub current: Option<usize>,
}

/// Resolves `doc` for display on the build date.
pub fn describe(ctx: &Common<'_>, doc: &DocumentEntry, draft: bool) -> Described {
    let (periods, current) = timeline::of_document(doc, ctx.opts.today);
    let infos: Vec<Arc<RevisionInfo>> = doc
        .revisions
        .iter()
        .zip(&periods)
        .map(|(r, p)| Arc::new(revision_info(ctx, doc, r, p, current.is_some())))
        .collect();
    // The published title is the one in the current (or latest) revision.
    let shown = current
        .or(doc.revisions.len().checked_sub(1))
        .map(|i| &doc.revisions[i].document);
    let meta = shown.or(doc.working.as_ref()).map(|d| &d.meta);
    let info = Arc::new(DocumentInfo {
        id: doc.id.clone(),
        title: meta.map_or_else(|| doc.id.clone(), |m| m.title.clone()),
        description: meta.and_then(|m| m.description.clone()).unwrap_or_default(),
        language: ctx.site.language.clone(),
        url: ctx.urls.url(&match current {
            Some(_) => path::document(&doc.id),
            None if draft => path::draft(&doc.id),
            None => path::revisions(&doc.id),
        }),
        revisions_url: ctx.urls.url(&path::revisions(&doc.id)),
        draft_url: draft.then(|| ctx.urls.url(&path::draft(&doc.id))),
        draft_changes_url: (draft && !doc.revisions.is_empty()).then(|| ctx.urls.url(&path::draft_changes(&doc.id))),
    });
    Described { info, infos, current }
}

/// A document's pages. With `full` false only what the site-wide pages need
/// is computed (card, announcements, sitemap): no text is rendered and no
/// diff is run, so that a rebuild of one document stays cheap. `read`: each
/// revision's body as read when the document was loaded, if it was.
pub fn document(ctx: &Common<'_>, doc: &DocumentEntry, full: bool, read: Option<Vec<ReadBody>>) -> DocumentOutput {
    let draft = ctx.opts.drafts && doc.has_draft();
    let Described { info, infos, current } = describe(ctx, doc, draft);
    let mut out = DocumentOutput {
        jobs: Vec::new(),
        card: None,
        sitemap: Vec::new(),
        announced: Vec::new(),
        revisions: 0,
        pages: 0,
        notes: Vec::new(),
        problems: Vec::new(),
    };
    if doc.revisions.is_empty() && !draft {
        out.notes.push(format!(
            "{}: not published: it has no revision yet (cut one into history/{}/, or preview it with --drafts)",
            doc.path.display(),
            doc.id
        ));
        return out;
    }
    if !doc.revisions.is_empty() && current.is_none() {
        out.notes.push(format!(
            "{}: no revision is in effect on {}: the document page is not built until its first revision takes effect",
            doc.path.display(),
            ctx.opts.today
        ));
    }

    let mut feeds = ctx.feeds.to_vec();
    if ctx.config.feeds.enabled && !doc.revisions.is_empty() {
        feeds.push(FeedLink {
            title: format!("{}: revisions (Atom)", info.title),
            url: ctx.urls.url(&path::document_feed(&doc.id)),
            mime: "application/atom+xml".into(),
        });
    }
    let feeds: Arc<[FeedLink]> = feeds.into();
    let page = |title: String, p: &str, noindex: bool| PageInfo {
        feeds: feeds.clone(),
        ..ctx.page(title, info.description.clone(), p, noindex)
    };
    let upcoming = infos.iter().find(|r| r.status == Status::Upcoming).cloned();

    out.sitemap = sitemap(ctx, &doc.id, current, &infos);
    out.announced = infos
        .iter()
        .rev()
        .map(|r| Announcement {
            document: info.clone(),
            revision: r.clone(),
        })
        .collect();
    out.revisions = doc.revisions.len();
    out.card = Some(DocumentCard {
        document: info.clone(),
        latest: infos.last().cloned(),
        draft_only: doc.revisions.is_empty(),
    });
    if !full {
        return out;
    }

    // One Markdown parse per revision gives both its page and its diff blocks:
    // the one that loaded it, or else one here.
    let (bodies, prepared): (Vec<Body>, Vec<_>) = match read.filter(|r| r.len() == doc.revisions.len()) {
        Some(read) => read
            .into_par_iter()
            .zip(&doc.revisions)
            .map(|(body, r)| body.finish(&r.document))
            .unzip(),
        None => doc
            .revisions
            .par_iter()
            .map(|r| body_and_blocks(&r.document, ctx.allow_html))
            .unzip(),
    };
    let link = |i: usize| RevisionLink {
        id: infos[i].id.clone(),
        date: infos[i].date.clone(),
        url: infos[i].url.clone(),
    };

    if let Some(c) = current {
        let p = path::document(&doc.id);
        out.jobs.push(Job::page(
            path::file(&p),
            "document.html",
            Context::Document(Box::new(DocumentPage {
                site: ctx.site.clone(),
                page: page(info.title.clone(), &p, false),
                document: info.clone(),
                revision: Some(infos[c].clone()),
                body: bodies[c].clone(),
                draft: false,
                upcoming: upcoming.clone(),
            })),
        ));
    }
    if let Some(working) = doc.working.as_ref().filter(|_| draft) {
        let p = path::draft(&doc.id);
        out.jobs.push(Job::page(
            path::file(&p),
            "document.html",
            Context::Document(Box::new(DocumentPage {
                site: ctx.site.clone(),
                page: page(format!("Draft: {}", working.meta.title), &p, true),
                document: Arc::new(DocumentInfo {
                    title: working.meta.title.clone(),
                    ..DocumentInfo::clone(&info)
                }),
                revision: infos.last().cloned(),
                body: body(working, ctx.allow_html),
                draft: true,
                upcoming: None,
            })),
        ));
    }
    if !doc.revisions.is_empty() {
        let p = path::revisions(&doc.id);
        out.jobs.push(Job::page(
            path::file(&p),
            "revisions.html",
            Context::Revisions(RevisionsPage {
                site: ctx.site.clone(),
                page: page(format!("Past revisions: {}", info.title), &p, false),
                document: info.clone(),
                revisions: infos.iter().rev().cloned().collect(),
            }),
        ));
        out.jobs.push(Job::raw(
            path::versions(&doc.id),
            versions::json(&info, &infos, &ctx.site.generator),
        ));
    }
    for (i, (rev, body)) in doc.revisions.iter().zip(bodies).enumerate() {
        let p = path::revision(&doc.id, &rev.id.to_string());
        out.jobs.push(Job::page(
            path::file(&p),
            "revision.html",
            Context::Revision(Box::new(RevisionPage {
                site: ctx.site.clone(),
                page: page(
                    format!("{} (revision of {})", rev.document.meta.title, rev.id),
                    &p,
                    false,
                ),
                document: info.clone(),
                revision: infos[i].clone(),
                body,
                previous: i.checked_sub(1).map(link),
                next: (i + 1 < infos.len()).then(|| link(i + 1)),
                current: current.map(link),
            })),
        ));
    }

    // Each pair is diffed once; both views of a comparison share its diff.
    let diffs = history::diffs(&prepared, current);
    out.problems = check::changes_against_diffs(doc, &diffs.previous);
    let page_ref = |title: String, p: &str| page(title, p, false);
    for (i, diff) in diffs.previous.iter().enumerate() {
        let p = path::changes(&doc.id, &infos[i].id);
        let from = i.checked_sub(1).map(link);
        out.jobs.extend(changes::pages(
            ctx,
            &page_ref,
            &info,
            &infos[i],
            "changes",
            &p,
            from,
            link(i),
            diff.as_ref(),
        ));
    }
    if let (Some(latest), Some(working)) = (doc.latest().filter(|_| draft), doc.working.as_ref()) {
        let d = crate::diff::documents(&latest.document, working, &history::options());
        let last = infos.len() - 1;
        let draft_page = |title: String, p: &str| page(title, p, true);
        let to = RevisionLink {
            id: "draft".into(),
            date: ctx.site.build_date.clone(),
            url: ctx.urls.url(&path::draft(&doc.id)),
        };
        out.jobs.extend(changes::pages(
            ctx,
            &draft_page,
            &info,
            &infos[last],
            "draft",
            &path::draft_changes(&doc.id),
            Some(link(last)),
            to,
            Some(&d),
        ));
    }
    if let Some(c) = current {
        for (i, diff) in diffs.to_current.iter().enumerate() {
            let Some(diff) = diff else { continue };
            let p = path::to_current(&doc.id, &infos[i].id);
            out.jobs.extend(changes::pages(
                ctx,
                &page_ref,
                &info,
                &infos[i],
                "to-current",
                &p,
                Some(link(i)),
                link(c),
                Some(diff),
            ));
        }
    }

    if ctx.config.feeds.enabled && !doc.revisions.is_empty() {
        let meta = FeedMeta {
            title: format!("{}: revisions", info.title),
            home_url: &info.url,
            self_url: ctx.urls.url(&path::document_feed(&doc.id)),
            author: ctx.config.feeds.author.as_deref().unwrap_or(&ctx.site.title),
            language: &ctx.site.language,
            generator: &ctx.site.generator,
        };
        let limit = ctx.config.feeds.limit.min(out.announced.len());
        out.jobs.push(Job::raw(
            path::document_feed(&doc.id),
            feeds::atom(&meta, &out.announced[..limit]),
        ));
    }
    out
}

/// Every public page of a document, for the sitemap (drafts are never listed).
fn sitemap(ctx: &Common<'_>, doc: &str, current: Option<usize>, infos: &[Arc<RevisionInfo>]) -> Vec<SitemapEntry> {
    let entry = |p: String, lastmod: &str| SitemapEntry {
        url: ctx.urls.url(&p),
        lastmod: Some(lastmod.to_string()),
    };
    let mut out = Vec::new();
    if let Some(c) = current {
        out.push(entry(path::document(doc), &infos[c].effective));
    }
    if let Some(last) = infos.last() {
        out.push(entry(path::revisions(doc), &last.date));
    }
    for (i, r) in infos.iter().enumerate() {
        out.push(entry(path::revision(doc, &r.id), &r.date));
        let changes = path::changes(doc, &r.id);
        out.push(entry(path::side_by_side(&changes), &r.date));
        out.push(entry(changes, &r.date));
        if let Some(c) = current.filter(|&c| i < c) {
            let to_current = path::to_current(doc, &r.id);
            out.push(entry(path::side_by_side(&to_current), &infos[c].date));
            out.push(entry(to_current, &infos[c].date));
        }
    }
    out
}
