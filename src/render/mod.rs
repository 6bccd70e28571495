//! Rendering: model + build date -> typed page contexts -> templates -> bytes.
//!
//! Pages are rendered in parallel and handed to a sink as they are done, so a
//! large site never sits in memory whole.

pub mod announcement;
pub mod context;
#[cfg(test)]
mod context_doc;
mod dates;
pub mod feeds;
pub mod markdown;
mod pages;
mod scan;
pub mod shared;
pub mod theme;
// The URL scheme sits below render: the link check needs it too.
pub use crate::urls;
pub mod versions;
pub mod words;

use std::borrow::Cow;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Date, DocumentEntry, Site};
pub use theme::Theme;
pub use urls::Urls;

/// What to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// Revisions take effect by this date.
    pub today: Date,
    /// Also render unpublished edits from `content/`.
    pub drafts: bool,
    /// The absolute URL the site is published at.
    pub base_url: String,
}

/// What a build produced.
#[derive(Debug, Default, Clone)]
pub struct Summary {
    pub documents: usize,
    pub revisions: usize,
    pub pages: usize,
    /// Problems that do not stop a build (a changed article no change names).
    pub warnings: Vec<Diagnostic>,
    /// Things the user should know that are not errors (unpublished documents…).
    pub notes: Vec<String>,
    /// What the site-wide pages were made from: give it to the next
    /// [`document`] render so that it can skip them when they did not change.
    pub site_wide: SiteWide,
    /// The site-wide pages were not rendered: they would have come out as
    /// the `previous` render left them.
    pub site_wide_reused: bool,
}

pub use pages::SiteWide;

/// Where rendered files go: `(path relative to the output, bytes)`.
pub type Sink<'a> = dyn Fn(&str, &[u8]) -> anyhow::Result<()> + Sync + 'a;

/// Renders every page of `site` into `sink`.
pub fn site(site: &Site, theme: &Theme, opts: &Options, sink: &Sink<'_>) -> Result<Summary, Diagnostics> {
    render(site, site.documents.len(), &borrowed(site), theme, opts, None, sink)
}

/// A render of one document's pages only.
#[derive(Clone, Copy)]
struct Only<'a> {
    id: &'a str,
    /// The site-wide inputs of the render before, to skip those pages when they are the same.
    previous: Option<&'a SiteWide>,
}

/// A document to render, and what reading and checking it found.
pub struct Loaded<'a> {
    pub document: Option<Cow<'a, DocumentEntry>>,
    pub problems: Vec<Diagnostic>,
    /// Each revision's body as the pass that loaded it read it, with
    /// [`read_body`]; None and the revisions are parsed again to be rendered.
    pub bodies: Option<Vec<ReadBody>>,
}

pub use pages::{ReadBody, read_body};

/// The `i`-th document of the site being rendered.
type Source<'a, 's> = dyn Fn(usize) -> Loaded<'s> + Sync + 'a;

/// Renders the site `outline` names, reading each document with `load` as
/// its turn comes and dropping it once its pages are written, so that memory
/// holds a few documents' histories rather than the whole site's. `load`
/// also checks the document: one with an error is not rendered, and the
/// build fails with every problem found once all documents were tried.
pub fn site_streamed(
    outline: &crate::load::Outline,
    load: &(dyn Fn(&str) -> Loaded<'static> + Sync),
    theme: &Theme,
    opts: &Options,
    sink: &Sink<'_>,
) -> Result<Summary, Diagnostics> {
    let ids = &outline.ids;
    render(&outline.site, ids.len(), &|i| load(&ids[i]), theme, opts, None, sink)
}

/// Renders the pages of one document, and the site-wide pages that list it
/// (home, announcements, feeds, sitemap, 404): an incremental rebuild after
/// that document changed. The other documents are described, not rendered.
///
/// With `previous`, the [`Summary::site_wide`] of an earlier render of the
/// same site with the same theme and options, the site-wide pages are
/// rendered only if what they are made from changed
/// ([`Summary::site_wide_reused`] says they were not); a draft edit leaves
/// them as they were.
///
/// The other documents' article history pages are listed in the sitemap
/// as `previous` listed them (finding them takes their diffs): without
/// `previous`, the sitemap lists only this document's.
///
/// `bodies`: the document's revisions as the pass that re-read it read them
/// ([`Loaded::bodies`]), so that they are not parsed again to be rendered.
pub fn document(
    site: &Site,
    theme: &Theme,
    opts: &Options,
    doc_id: &str,
    bodies: Option<Vec<ReadBody>>,
    previous: Option<&SiteWide>,
    sink: &Sink<'_>,
) -> Result<Summary, Diagnostics> {
    let only = Only { id: doc_id, previous };
    let bodies = std::sync::Mutex::new(bodies);
    let load = |i: usize| {
        let mut loaded = borrowed(site)(i);
        if site.documents[i].id == doc_id {
            loaded.bodies = bodies.lock().ok().and_then(|mut b| b.take());
        }
        loaded
    };
    render(site, site.documents.len(), &load, theme, opts, Some(only), sink)
}

/// The documents of a site already loaded and checked.
fn borrowed<'s>(site: &'s Site) -> impl Fn(usize) -> Loaded<'s> + Sync + 's {
    move |i| Loaded {
        document: Some(Cow::Borrowed(&site.documents[i])),
        problems: Vec::new(),
        bodies: None,
    }
}

/// What one render is: how many documents and how to read each, the theme,
/// the options, and whether only one document's pages are wanted.
struct Pass<'a, 's> {
    count: usize,
    load: &'a Source<'a, 's>,
    theme: &'a Theme,
    opts: &'a Options,
    only: Option<Only<'a>>,
}

/// What the documents' passes produced, gathered for the site-wide pages.
struct Gathered {
    summary: Summary,
    problems: Diagnostics,
    /// Pages of the documents still to write (an incremental render writes
    /// them with the site-wide ones).
    pending: Vec<pages::Job>,
}

fn render<'s>(
    site: &Site,
    count: usize,
    load: &Source<'_, 's>,
    theme: &Theme,
    opts: &Options,
    only: Option<Only<'_>>,
    sink: &Sink<'_>,
) -> Result<Summary, Diagnostics> {
    let pass = Pass {
        count,
        load,
        theme,
        opts,
        only,
    };
    let ctx = pages::Common::new(site, opts, theme.reads().diff, theme.words.site().clone());
    // Every path written, so that a theme's static file cannot silently replace a page.
    let written = std::sync::Mutex::new(std::collections::HashSet::new());
    let tracked = |rel: &str, bytes: &[u8]| {
        written
            .lock()
            .map_err(|_| anyhow::anyhow!("a rendering thread panicked"))?
            .insert(rel.to_string());
        sink(rel, bytes)
    };
    let docs = render_documents(&pass, &ctx, &tracked);
    let Gathered {
        mut summary,
        mut problems,
        mut pending,
    } = gather(docs);
    summary.site_wide_reused = only.and_then(|o| o.previous) == Some(&summary.site_wide);
    let mut jobs = match summary.site_wide_reused {
        true => Vec::new(),
        false => pages::site_pages(&ctx, &summary.site_wide),
    };
    jobs.append(&mut pending);
    problems.extend(write_all(jobs, theme, &tracked, &mut summary.pages));
    if only.is_none() {
        problems.extend(write_static(site, theme, &written, &tracked));
    }
    if problems.0.is_empty() {
        Ok(summary)
    } else {
        // Report the warnings with the errors: the user fixes both in one pass.
        problems.extend(summary.warnings);
        Err(problems.sorted())
    }
}

/// Each document's pages, in parallel. A whole-site render writes them as
/// it goes, so that memory holds a few documents' histories at a time; a
/// rebuild of one document leaves them to be written with the site-wide
/// pages (the sitemap, one long job, then runs beside them).
fn render_documents(
    job: &Pass<'_, '_>,
    ctx: &pages::Common<'_>,
    sink: &Sink<'_>,
) -> Vec<(Option<pages::DocumentOutput>, Vec<Diagnostic>)> {
    (0..job.count)
        .into_par_iter()
        .map(|i| {
            let Loaded {
                document: doc,
                mut problems,
                bodies,
            } = (job.load)(i);
            let doc = match doc {
                Some(doc) if !problems.iter().any(Diagnostic::is_error) => doc,
                _ => return (None, problems),
            };
            let (doc, scheduled) = crate::derive::timeline::published_by(&doc, job.opts.today);
            // The revisions published by the build date are the first ones.
            let bodies = bodies.map(|mut b| {
                b.truncate(doc.revisions.len());
                b
            });
            let full = job.only.is_none_or(|o| o.id == doc.id);
            let mut out = pages::document(ctx, &doc, full, bodies);
            if let Some(previous) = job.only.and_then(|o| o.previous).filter(|_| !full) {
                let prefix = ctx.urls.url(&urls::path::articles(&doc.id));
                out.sitemap.extend(previous.sitemap_under(&prefix).cloned());
            }
            out.notes.extend(scheduled.iter().map(|r| {
                format!(
                    "{}: to be published on {}, after the build date: left out of this build",
                    r.path.display(),
                    r.meta.date
                )
            }));
            if job.only.is_none() {
                problems.extend(write_all(
                    std::mem::take(&mut out.jobs),
                    job.theme,
                    sink,
                    &mut out.pages,
                ));
            }
            (Some(out), problems)
        })
        .collect()
}

/// The documents' outputs folded into one summary (counts, warnings,
/// notes, what the site-wide pages list) and the errors found.
fn gather(docs: Vec<(Option<pages::DocumentOutput>, Vec<Diagnostic>)>) -> Gathered {
    let mut summary = Summary::default();
    let mut problems = Diagnostics::default();
    let (mut sitemap, mut cards, mut announced, mut pending) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (mut out, diags) in docs {
        let derived = out
            .as_mut()
            .map(|o| std::mem::take(&mut o.problems))
            .unwrap_or_default();
        for d in diags.into_iter().chain(derived) {
            if d.is_error() {
                problems.push(d)
            } else {
                summary.warnings.push(d)
            }
        }
        let Some(mut out) = out else { continue };
        summary.notes.extend(out.notes);
        summary.pages += out.pages;
        pending.append(&mut out.jobs);
        sitemap.extend(out.sitemap);
        announced.extend(out.announced);
        if let Some(card) = out.card {
            summary.documents += 1;
            summary.revisions += out.revisions;
            cards.push(card);
        }
    }
    summary.site_wide = SiteWide::new(cards, announced, sitemap);
    Gathered {
        summary,
        problems,
        pending,
    }
}

/// The theme's static files, each refused if a page has its path.
fn write_static(
    site: &Site,
    theme: &Theme,
    written: &std::sync::Mutex<std::collections::HashSet<String>>,
    sink: &Sink<'_>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (rel, bytes) in &theme.static_files {
        if written.lock().is_ok_and(|w| w.contains(rel.as_str())) {
            problems.push(Diagnostic::error(
                crate::load::Root::new(&site.root).shown(format!(
                    "{}/{}/static/{rel}",
                    theme::THEMES_DIR,
                    site.config.build.theme
                )),
                None,
                "this static file has the same path as a page charter builds: rename or remove it",
            ));
            continue;
        }
        if let Err(e) = sink(rel, bytes) {
            problems.push(Diagnostic::error(rel, None, format!("{e:#}")));
        }
    }
    problems
}

fn write_all(jobs: Vec<pages::Job>, theme: &Theme, sink: &Sink<'_>, count: &mut usize) -> Vec<Diagnostic> {
    *count += jobs.len();
    jobs.into_par_iter()
        .filter_map(|job| {
            let (file, text) = match job.render(theme) {
                Ok(r) => r,
                Err(d) => return Some(d),
            };
            sink(&file, &text)
                .err()
                .map(|e| Diagnostic::error(&file, None, format!("{e:#}")))
        })
        .collect()
}

/// The announcement of revision `index` of `doc`, as the built site shows
/// it in the words of `theme`.
pub fn announcement(
    site: &Site,
    theme: &Theme,
    opts: &Options,
    doc: &crate::model::DocumentEntry,
    index: usize,
) -> Option<context::Announcement> {
    // No changes page is rendered here.
    let ctx = pages::Common::new(site, opts, false, theme.words.site().clone());
    let described = pages::describe(&ctx, doc, false);
    let revision = described.infos.get(index)?.clone();
    Some(context::Announcement {
        document: described.info,
        revision,
    })
}
