//! A document's pages: current text, draft, Past revisions, each archived
//! revision, its feed and its versions index.

use crate::render::shared::Shared;
use std::sync::Arc;

use rayon::prelude::*;

use super::revision_info::{ReadBody, body, body_and_blocks, revision_info};
use super::{Common, Context, Job, articles, changes};
use crate::check;
use crate::derive::article_history::{self, ArticleHistory};
use crate::derive::history;
use crate::derive::timeline::{self, Status};
use crate::diagnostic::Diagnostic;
use crate::model::DocumentEntry;
use crate::render::context::*;
use crate::render::feeds::{self, FeedMeta};
use crate::render::urls::path;
use crate::render::versions;

/// A document's pages and what the site-wide pages need to know of it.
#[derive(Default)]
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
    pub info: Shared<DocumentInfo>,
    /// Oldest first.
    pub infos: Vec<Shared<RevisionInfo>>,
    /// The revision in effect on the build date.
    pub current: Option<usize>,
}

/// Resolves `doc` for display on the build date.
pub fn describe(ctx: &Common<'_>, doc: &DocumentEntry, draft: bool) -> Described {
    let (periods, current) = timeline::of_document(doc, ctx.opts.today);
    let infos: Vec<Shared<RevisionInfo>> = doc
        .revisions
        .iter()
        .zip(&periods)
        .map(|(r, p)| Shared::new(revision_info(ctx, doc, r, p, current.is_some())))
        .collect();
    // The published title is the one in the current (or latest) revision.
    let shown = current
        .or(doc.revisions.len().checked_sub(1))
        .map(|i| &doc.revisions[i].document);
    let meta = shown.or(doc.working.as_ref()).map(|d| &d.meta);
    let info = Shared::new(DocumentInfo {
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
        in_force_url: (!doc.revisions.is_empty()).then(|| ctx.urls.url(&path::in_force(&doc.id))),
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
    let described = describe(ctx, doc, draft);
    let mut out = DocumentOutput::default();
    if !notes(ctx, doc, draft, described.current, &mut out.notes) {
        return out;
    }
    // Only revisions published by the build date are here, as for the rules
    // that compare revisions with their diffs.
    out.problems = doc
        .revisions
        .iter()
        .filter_map(|r| check::notice(ctx.config, r))
        .collect();
    let d = Doc::new(ctx, doc, described, draft);
    d.site_wide(&mut out);
    if !full {
        return out;
    }
    // One Markdown parse per revision gives both its page and its diff blocks:
    // the one that loaded it, or else one here.
    let fits = |r: &Vec<ReadBody>| r.len() == doc.revisions.len() && r.iter().all(|b| b.numbering == ctx.numbering);
    let (bodies, prepared): (Vec<Body>, Vec<_>) = match read.filter(fits) {
        Some(read) => read
            .into_par_iter()
            .zip(&doc.revisions)
            .map(|(body, r)| body.finish(&r.document))
            .unzip(),
        None => doc
            .revisions
            .par_iter()
            .map(|r| body_and_blocks(&r.document, ctx.allow_html, &ctx.numbering))
            .unzip(),
    };
    // Each pair is diffed once; the changes pages and the articles' histories share it.
    let diffs = history::diffs(&prepared, d.current, &ctx.numbering);
    let histories = doc
        .revisions
        .first()
        .map(|r| article_history::histories(&r.document, &diffs.previous, &ctx.numbering))
        .unwrap_or_default();
    d.text_pages(&bodies, &histories, &mut out.jobs);
    d.revision_pages(bodies, &mut out.jobs);
    out.problems.extend(d.diff_pages(&diffs, &mut out.jobs));
    let articles = d.articles();
    out.jobs
        .extend(articles::pages(&articles, &histories, &|t, p| d.page(t, p, false)));
    out.sitemap.extend(articles::sitemap(&articles, &histories));
    d.feed(&out.announced, &mut out.jobs);
    out
}

/// Says what of `doc` is not built; false when nothing of it is.
fn notes(ctx: &Common<'_>, doc: &DocumentEntry, draft: bool, current: Option<usize>, notes: &mut Vec<String>) -> bool {
    if doc.revisions.is_empty() && !draft {
        notes.push(format!(
            "{}: not published: it has no revision yet (cut one into history/{}/, or preview it with --drafts)",
            doc.path.display(),
            doc.id
        ));
        return false;
    }
    if !doc.revisions.is_empty() && current.is_none() {
        notes.push(format!(
            "{}: no revision is in effect on {}: the document page is not built until its first revision takes effect",
            doc.path.display(),
            ctx.opts.today
        ));
    }
    true
}

/// A document being rendered, and what each of its pages shares.
struct Doc<'c, 'a> {
    ctx: &'c Common<'a>,
    doc: &'c DocumentEntry,
    info: Shared<DocumentInfo>,
    /// Oldest first.
    infos: Vec<Shared<RevisionInfo>>,
    current: Option<usize>,
    draft: bool,
    /// The site's feeds and the document's.
    feeds: Arc<[FeedLink]>,
}

impl<'c, 'a> Doc<'c, 'a> {
    fn new(ctx: &'c Common<'a>, doc: &'c DocumentEntry, described: Described, draft: bool) -> Self {
        let Described { info, infos, current } = described;
        let mut feeds = ctx.feeds.to_vec();
        if ctx.config.feeds.enabled && !doc.revisions.is_empty() {
            feeds.push(FeedLink {
                title: ctx.words.get("feed.document_atom", &[("title", &info.title)]),
                url: ctx.urls.url(&path::document_feed(&doc.id)),
                mime: "application/atom+xml".into(),
            });
        }
        Doc {
            ctx,
            doc,
            info,
            infos,
            current,
            draft,
            feeds: feeds.into(),
        }
    }

    /// The words of `key` with `args`.
    fn words(&self, key: &str, args: &[(&str, &str)]) -> String {
        self.ctx.words.get(key, args)
    }

    fn page(&self, title: String, p: &str, noindex: bool) -> PageInfo {
        PageInfo {
            feeds: self.feeds.clone(),
            ..self.ctx.page(title, self.info.description.clone(), p, noindex)
        }
    }

    fn link(&self, i: usize) -> RevisionLink {
        self.infos[i].link()
    }

    /// What the site-wide pages need: sitemap entries, announcements, the card.
    /// Editorial revisions are announced only when site.toml says so.
    fn site_wide(&self, out: &mut DocumentOutput) {
        out.sitemap = sitemap(self.ctx, &self.doc.id, self.current, &self.infos);
        let editorial = self.ctx.config.announcements.editorial;
        out.announced = self
            .infos
            .iter()
            .rev()
            .filter(|r| editorial || !r.editorial)
            .map(|r| Announcement {
                document: self.info.clone(),
                revision: r.clone(),
            })
            .collect();
        out.revisions = self.doc.revisions.len();
        out.card = Some(DocumentCard {
            document: self.info.clone(),
            latest: self.infos.last().cloned(),
            draft_only: self.doc.revisions.is_empty(),
        });
    }

    /// The current text, the draft, the list of revisions and its versions index.
    /// What the articles' history pages share.
    fn articles(&self) -> articles::Doc<'_> {
        articles::Doc {
            ctx: self.ctx,
            id: &self.doc.id,
            info: &self.info,
            infos: &self.infos,
            current: self.current,
        }
    }

    /// The current text, with a link to each article's history under its heading.
    fn current_body(&self, body: &Body, histories: &[ArticleHistory<'_>]) -> Body {
        Body {
            html: articles::with_history_links(&self.articles(), histories, &body.html),
            ..body.clone()
        }
    }

    fn text_pages(&self, bodies: &[Body], histories: &[ArticleHistory<'_>], jobs: &mut Vec<Job>) {
        let (ctx, doc, info) = (self.ctx, self.doc, &self.info);
        let upcoming = self.infos.iter().find(|r| r.status == Status::Upcoming).cloned();
        if let Some(c) = self.current {
            let p = path::document(&doc.id);
            jobs.push(Job::page(
                path::file(&p),
                "document.html",
                Context::Document(Box::new(DocumentPage {
                    site: ctx.site.clone(),
                    page: self.page(info.title.clone(), &p, false),
                    document: info.clone(),
                    revision: Some(self.infos[c].clone()),
                    body: self.current_body(&bodies[c], histories),
                    draft: false,
                    upcoming,
                })),
            ));
        }
        if let Some(working) = doc.working.as_ref().filter(|_| self.draft) {
            let p = path::draft(&doc.id);
            let title = self.words("title.draft", &[("title", &working.meta.title)]);
            jobs.push(Job::page(
                path::file(&p),
                "document.html",
                Context::Document(Box::new(DocumentPage {
                    site: ctx.site.clone(),
                    page: self.page(title, &p, true),
                    document: Shared::new(DocumentInfo {
                        title: working.meta.title.clone(),
                        ..DocumentInfo::clone(info)
                    }),
                    revision: self.infos.last().cloned(),
                    body: body(working, ctx.allow_html, &ctx.numbering),
                    draft: true,
                    upcoming: None,
                })),
            ));
        }
        if !doc.revisions.is_empty() {
            let p = path::revisions(&doc.id);
            let title = self.words("title.revisions", &[("title", &info.title)]);
            jobs.push(Job::page(
                path::file(&p),
                "revisions.html",
                Context::Revisions(RevisionsPage {
                    site: ctx.site.clone(),
                    page: self.page(title, &p, false),
                    document: info.clone(),
                    revisions: self.infos.iter().rev().cloned().collect(),
                    years: years(&self.infos),
                }),
            ));
            jobs.push(self.in_force_page());
            jobs.push(Job::raw(
                path::versions(&doc.id),
                versions::json(info, &self.infos, &ctx.site.generator),
            ));
        }
    }

    /// `/<doc>/in-force/`: each revision's period in force.
    fn in_force_page(&self) -> Job {
        let ctx = self.ctx;
        let p = path::in_force(&self.doc.id);
        let title = self.words("title.in_force", &[("title", &self.info.title)]);
        let (never, periods): (Vec<_>, Vec<_>) = self.infos.iter().cloned().partition(|r| r.never_in_force);
        Job::page(
            path::file(&p),
            "in-force.html",
            Context::InForce(InForcePage {
                site: ctx.site.clone(),
                page: self.page(title, &p, false),
                document: self.info.clone(),
                periods: periods.into_iter().rev().collect(),
                never_in_force: never,
                versions_url: ctx.urls.url(&path::versions(&self.doc.id)),
                script_url: ctx.urls.url("in-force.js"),
            }),
        )
    }

    /// Each revision's text as published.
    fn revision_pages(&self, bodies: Vec<Body>, jobs: &mut Vec<Job>) {
        for (i, (rev, body)) in self.doc.revisions.iter().zip(bodies).enumerate() {
            let id = rev.id.to_string();
            let p = path::revision(&self.doc.id, &id);
            let title = self.words(
                "title.revision",
                &[("title", &rev.document.meta.title), ("revision", &id)],
            );
            jobs.push(Job::page(
                path::file(&p),
                "revision.html",
                Context::Revision(Box::new(RevisionPage {
                    site: self.ctx.site.clone(),
                    page: self.page(title, &p, false),
                    document: self.info.clone(),
                    revision: self.infos[i].clone(),
                    body,
                    previous: i.checked_sub(1).map(|i| self.link(i)),
                    next: (i + 1 < self.infos.len()).then(|| self.link(i + 1)),
                    current: self.current.map(|c| self.link(c)),
                })),
            ));
        }
    }

    /// What each revision changed, what the draft changes, and what changed
    /// since each older revision; returns the changes that do not match the diff.
    fn diff_pages(&self, diffs: &history::Diffs, jobs: &mut Vec<Job>) -> Vec<Diagnostic> {
        let (ctx, doc, infos) = (self.ctx, self.doc, &self.infos);
        let problems = check::changes_against_diffs(doc, &diffs.previous);
        let page = |title: String, p: &str| self.page(title, p, false);
        for (i, diff) in diffs.previous.iter().enumerate() {
            let p = path::changes(&doc.id, &infos[i].id);
            let from = i.checked_sub(1).map(|i| self.link(i));
            let pair = changes::Pair {
                from,
                to: self.link(i),
                diff: diff.as_ref(),
                next: infos.get(i + 1).cloned(),
                between: Vec::new(),
            };
            jobs.extend(changes::pages(
                ctx,
                &page,
                &self.info,
                &infos[i],
                ChangesKind::Changes,
                &p,
                pair,
            ));
        }
        if let (Some(latest), Some(working)) = (doc.latest().filter(|_| self.draft), doc.working.as_ref()) {
            let opts = crate::diff::Options {
                numbering: ctx.numbering.clone(),
                ..history::options()
            };
            let d = crate::diff::documents(&latest.document, working, &opts);
            let last = infos.len() - 1;
            let draft_page = |title: String, p: &str| self.page(title, p, true);
            let to = RevisionLink {
                id: "draft".into(),
                date: ctx.site.build_date.clone(),
                url: ctx.urls.url(&path::draft(&doc.id)),
            };
            let pair = changes::Pair {
                from: Some(self.link(last)),
                to,
                diff: Some(&d),
                next: None,
                between: Vec::new(),
            };
            let p = path::draft_changes(&doc.id);
            jobs.extend(changes::pages(
                ctx,
                &draft_page,
                &self.info,
                &infos[last],
                ChangesKind::Draft,
                &p,
                pair,
            ));
        }
        if let Some(c) = self.current {
            for (i, diff) in diffs.to_current.iter().enumerate() {
                let Some(diff) = diff else { continue };
                let p = path::to_current(&doc.id, &infos[i].id);
                let pair = changes::Pair {
                    from: Some(self.link(i)),
                    to: self.link(c),
                    diff: Some(diff),
                    next: None,
                    between: infos[i + 1..=c].to_vec(),
                };
                jobs.extend(changes::pages(
                    ctx,
                    &page,
                    &self.info,
                    &infos[i],
                    ChangesKind::ToCurrent,
                    &p,
                    pair,
                ));
            }
        }
        problems
    }

    /// The document's feed of revisions.
    fn feed(&self, announced: &[Announcement], jobs: &mut Vec<Job>) {
        let (ctx, doc) = (self.ctx, self.doc);
        if !ctx.config.feeds.enabled || doc.revisions.is_empty() {
            return;
        }
        let meta = FeedMeta {
            title: self.words("feed.document", &[("title", &self.info.title)]),
            home_url: &self.info.url,
            self_url: ctx.urls.url(&path::document_feed(&doc.id)),
            author: ctx.config.feeds.author.as_deref().unwrap_or(&ctx.site.title),
            language: &ctx.site.language,
            generator: &ctx.site.generator,
        };
        let limit = ctx.config.feeds.limit.min(announced.len());
        jobs.push(Job::raw(
            path::document_feed(&doc.id),
            feeds::atom(&ctx.words, &meta, &announced[..limit]),
        ));
    }
}

/// `infos` (oldest first) grouped by the year of their publication date,
/// newest year first and newest revision first within a year.
fn years(infos: &[Shared<RevisionInfo>]) -> Vec<RevisionYear> {
    let mut out: Vec<RevisionYear> = Vec::new();
    for r in infos.iter().rev() {
        let year = r.date.get(..4).unwrap_or(&r.date);
        match out.last_mut() {
            Some(y) if y.year == year => y.revisions.push(r.clone()),
            _ => out.push(RevisionYear {
                year: year.to_string(),
                revisions: vec![r.clone()],
            }),
        }
    }
    out
}

/// Every public page of a document, for the sitemap (drafts are never listed).
fn sitemap(ctx: &Common<'_>, doc: &str, current: Option<usize>, infos: &[Shared<RevisionInfo>]) -> Vec<SitemapEntry> {
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
        out.push(entry(path::in_force(doc), &last.date));
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
