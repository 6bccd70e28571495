//! Building each page's context from the model.

use rayon::prelude::*;

use super::Options;
use super::context::*;
use super::markdown;
use super::theme::Theme;
use super::urls::{Urls, path};
use crate::derive::timeline::{self, Period};
use crate::diagnostic::Diagnostic;
use crate::model::{Document, DocumentEntry, Revision, Site};

/// What every page shares.
pub struct Common<'a> {
    pub site: SiteInfo,
    pub urls: Urls,
    pub opts: &'a Options,
    pub allow_html: bool,
}

impl<'a> Common<'a> {
    pub fn new(site: &Site, opts: &'a Options) -> Common<'a> {
        let urls = Urls::new(&opts.base_url);
        let c = &site.config;
        Common {
            site: SiteInfo {
                title: c.title.clone(),
                description: c.description.clone(),
                language: c.language.clone(),
                base_url: urls.base().to_string(),
                home_url: urls.home(),
                stylesheet_url: urls.url("style.css"),
                build_date: opts.today.to_string(),
                generator: format!("charter {}", env!("CARGO_PKG_VERSION")),
                extra: c.extra.clone(),
            },
            urls,
            opts,
            allow_html: c.build.allow_html,
        }
    }

    fn page(&self, title: String, description: String, page_path: &str, noindex: bool) -> PageInfo {
        PageInfo {
            title,
            description,
            url: self.urls.url(page_path),
            language: self.site.language.clone(),
            noindex,
        }
    }
}

/// A page to render: its output file, template and context.
pub struct Job {
    pub file: String,
    template: &'static str,
    context: Context,
}

enum Context {
    Index(IndexPage),
    Document(Box<DocumentPage>),
    Revisions(RevisionsPage),
    Revision(Box<RevisionPage>),
    NotFound(NotFoundPage),
    Sitemap(SitemapPage),
    Robots(RobotsPage),
}

impl Job {
    pub fn render(&self, theme: &Theme) -> Result<String, Diagnostic> {
        match &self.context {
            Context::Index(c) => theme.render(self.template, c),
            Context::Document(c) => theme.render(self.template, c),
            Context::Revisions(c) => theme.render(self.template, c),
            Context::Revision(c) => theme.render(self.template, c),
            Context::NotFound(c) => theme.render(self.template, c),
            Context::Sitemap(c) => theme.render(self.template, c),
            Context::Robots(c) => theme.render(self.template, c),
        }
    }
}

/// A document's pages and what the site-wide pages need to know of it.
pub struct DocumentOutput {
    pub jobs: Vec<Job>,
    /// For the home page; absent when nothing of the document is built.
    pub card: Option<DocumentCard>,
    pub sitemap: Vec<SitemapEntry>,
    pub revisions: usize,
    /// Pages written, counted by the renderer.
    pub pages: usize,
    pub notes: Vec<String>,
}

pub fn document(ctx: &Common<'_>, doc: &DocumentEntry) -> DocumentOutput {
    let (periods, current) = timeline::of_document(doc, ctx.opts.today);
    let draft = ctx.opts.drafts && doc.has_draft();
    let mut out = DocumentOutput {
        jobs: Vec::new(),
        card: None,
        sitemap: Vec::new(),
        revisions: 0,
        pages: 0,
        notes: Vec::new(),
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

    let infos: Vec<RevisionInfo> = doc
        .revisions
        .iter()
        .zip(&periods)
        .map(|(r, p)| revision_info(ctx, doc, r, p))
        .collect();
    let info = DocumentInfo {
        id: doc.id.clone(),
        title: doc.working.meta.title.clone(),
        description: doc.working.meta.description.clone().unwrap_or_default(),
        language: ctx.site.language.clone(),
        url: ctx.urls.url(&match current {
            Some(_) => path::document(&doc.id),
            None if draft => path::draft(&doc.id),
            None => path::revisions(&doc.id),
        }),
        revisions_url: ctx.urls.url(&path::revisions(&doc.id)),
        draft_url: draft.then(|| ctx.urls.url(&path::draft(&doc.id))),
    };
    // The published title is the one in the current (or latest) revision.
    let shown = current
        .or(doc.revisions.len().checked_sub(1))
        .map(|i| &doc.revisions[i]);
    let mut info = info;
    if let Some(r) = shown {
        info.title = r.document.meta.title.clone();
        info.description = r.document.meta.description.clone().unwrap_or_default();
    }

    let bodies: Vec<Body> = doc
        .revisions
        .par_iter()
        .map(|r| body(&r.document, ctx.allow_html))
        .collect();
    let link = |i: usize| RevisionLink {
        id: infos[i].id.clone(),
        date: infos[i].date.clone(),
        url: infos[i].url.clone(),
    };

    if let Some(c) = current {
        let p = path::document(&doc.id);
        out.sitemap.push(SitemapEntry {
            url: ctx.urls.url(&p),
            lastmod: Some(infos[c].effective.clone()),
        });
        out.jobs.push(Job {
            file: path::file(&p),
            template: "document.html",
            context: Context::Document(Box::new(DocumentPage {
                site: ctx.site.clone(),
                page: ctx.page(info.title.clone(), info.description.clone(), &p, false),
                document: info.clone(),
                revision: Some(infos[c].clone()),
                body: bodies[c].clone(),
                draft: false,
            })),
        });
    }
    if draft {
        let p = path::draft(&doc.id);
        out.jobs.push(Job {
            file: path::file(&p),
            template: "document.html",
            context: Context::Document(Box::new(DocumentPage {
                site: ctx.site.clone(),
                page: ctx.page(
                    format!("Draft: {}", doc.working.meta.title),
                    info.description.clone(),
                    &p,
                    true,
                ),
                document: DocumentInfo {
                    title: doc.working.meta.title.clone(),
                    ..info.clone()
                },
                revision: infos.last().cloned(),
                body: body(&doc.working, ctx.allow_html),
                draft: true,
            })),
        });
    }
    if !doc.revisions.is_empty() {
        let p = path::revisions(&doc.id);
        out.sitemap.push(SitemapEntry {
            url: ctx.urls.url(&p),
            lastmod: infos.last().map(|i| i.date.clone()),
        });
        out.jobs.push(Job {
            file: path::file(&p),
            template: "revisions.html",
            context: Context::Revisions(RevisionsPage {
                site: ctx.site.clone(),
                page: ctx.page(
                    format!("Past revisions: {}", info.title),
                    info.description.clone(),
                    &p,
                    false,
                ),
                document: info.clone(),
                revisions: infos.iter().rev().cloned().collect(),
            }),
        });
    }
    for (i, (rev, body)) in doc.revisions.iter().zip(bodies).enumerate() {
        let p = path::revision(&doc.id, &rev.id.to_string());
        out.sitemap.push(SitemapEntry {
            url: ctx.urls.url(&p),
            lastmod: Some(infos[i].date.clone()),
        });
        out.jobs.push(Job {
            file: path::file(&p),
            template: "revision.html",
            context: Context::Revision(Box::new(RevisionPage {
                site: ctx.site.clone(),
                page: ctx.page(
                    format!("{} (revision of {})", rev.document.meta.title, rev.id),
                    info.description.clone(),
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
        });
    }
    out.revisions = doc.revisions.len();
    out.card = Some(DocumentCard {
        document: info,
        latest: infos.last().cloned(),
        draft_only: doc.revisions.is_empty(),
    });
    out
}

/// The home page, 404, sitemap and robots.txt.
pub fn site_pages(
    ctx: &Common<'_>,
    cards: Vec<DocumentCard>,
    mut sitemap: Vec<SitemapEntry>,
) -> Vec<Job> {
    sitemap.push(SitemapEntry {
        url: ctx.urls.home(),
        lastmod: None,
    });
    sitemap.sort();
    let documents: Vec<DocumentInfo> = cards
        .iter()
        .filter(|c| !c.draft_only)
        .map(|c| c.document.clone())
        .collect();
    vec![
        Job {
            file: "index.html".into(),
            template: "index.html",
            context: Context::Index(IndexPage {
                site: ctx.site.clone(),
                page: ctx.page(
                    ctx.site.title.clone(),
                    ctx.site.description.clone(),
                    "",
                    false,
                ),
                documents: cards,
            }),
        },
        Job {
            file: "404.html".into(),
            template: "404.html",
            context: Context::NotFound(NotFoundPage {
                site: ctx.site.clone(),
                page: ctx.page("Page not found".into(), String::new(), "404.html", true),
                documents,
            }),
        },
        Job {
            file: "sitemap.xml".into(),
            template: "sitemap.xml",
            context: Context::Sitemap(SitemapPage {
                site: ctx.site.clone(),
                entries: sitemap,
            }),
        },
        Job {
            file: "robots.txt".into(),
            template: "robots.txt",
            context: Context::Robots(RobotsPage {
                site: ctx.site.clone(),
                sitemap_url: ctx.urls.url("sitemap.xml"),
            }),
        },
    ]
}

fn revision_info(
    ctx: &Common<'_>,
    doc: &DocumentEntry,
    rev: &Revision,
    period: &Period,
) -> RevisionInfo {
    let id = rev.id.to_string();
    let url = ctx.urls.url(&path::revision(&doc.id, &id));
    let changes = rev
        .meta
        .changes
        .iter()
        .filter_map(|c| {
            // `check` guarantees both exist; a missing one is skipped, not invented.
            let article = rev.document.article(&c.article)?;
            let section = c.section.as_deref().and_then(|s| article.section(s));
            let anchor = section.map_or(&article.id, |s| &s.id).clone();
            Some(ChangeInfo {
                article_id: article.id.clone(),
                article_label: rev.document.label(article),
                article_title: article.title.clone(),
                section_id: section.map(|s| s.id.clone()),
                section_title: section.map(|s| s.title.clone()),
                note: c.note.clone(),
                url: format!("{url}#{anchor}"),
                anchor,
            })
        })
        .collect();
    RevisionInfo {
        id,
        title: rev.document.meta.title.clone(),
        date: rev.meta.date.to_string(),
        effective: rev.meta.effective.to_string(),
        summary: rev.meta.summary.clone(),
        status: period.status,
        in_effect_from: period.from.to_string(),
        in_effect_until: period.until.map(|d| d.to_string()),
        url,
        sha256: rev.meta.sha256.clone(),
        changes,
    }
}

fn body(doc: &Document, allow_html: bool) -> Body {
    let toc = doc
        .articles
        .iter()
        .map(|a| TocArticle {
            id: a.id.clone(),
            label: doc.label(a),
            title: a.title.clone(),
            sections: a
                .sections
                .iter()
                .map(|s| TocSection {
                    id: s.id.clone(),
                    title: s.title.clone(),
                })
                .collect(),
        })
        .collect();
    Body {
        html: markdown::render(doc, allow_html),
        toc,
    }
}
