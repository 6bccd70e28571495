//! Building each page's context from the model: one job per output file.

mod articles;
mod changes;
mod document;
mod revision_info;
mod site;

pub use document::{DocumentOutput, describe, document};
pub use revision_info::{ReadBody, read_body};
pub use site::{SiteWide, site_pages};

use super::Options;
use super::context::*;
use super::theme::Theme;
use super::urls::Urls;
use crate::diagnostic::Diagnostic;
use crate::model::Site;
use crate::render::shared::Shared;
use crate::strings::Strings;
use std::sync::Arc;

/// What every page shares.
pub struct Common<'a> {
    /// Shared by every page's context rather than copied into each.
    pub site: Shared<SiteInfo>,
    pub urls: Urls,
    pub opts: &'a Options,
    pub allow_html: bool,
    pub config: &'a crate::model::Config,
    /// The site-wide feeds, advertised on every page.
    pub feeds: std::sync::Arc<[FeedLink]>,
    /// Changes pages carry the diff's whole structure (see [`super::scan::Reads::diff`]).
    pub reads_diff: bool,
    /// The words of the site's language.
    pub words: Arc<Strings>,
    /// How articles are numbered when a document does not say: the words'
    /// `numbering.article` ("Article {n}").
    pub numbering: String,
}

impl<'a> Common<'a> {
    pub fn new(site: &'a Site, opts: &'a Options, reads_diff: bool, words: Arc<Strings>) -> Common<'a> {
        let urls = Urls::new(&opts.base_url);
        let c = &site.config;
        let feeds = if c.feeds.enabled {
            vec![
                FeedLink {
                    title: words.get("feed.site_atom", &[("site", &c.title)]),
                    url: urls.url("atom.xml"),
                    mime: "application/atom+xml".into(),
                },
                FeedLink {
                    title: words.get("feed.site_json", &[("site", &c.title)]),
                    url: urls.url("feed.json"),
                    mime: "application/feed+json".into(),
                },
            ]
        } else {
            Vec::new()
        };
        Common {
            site: Shared::new(SiteInfo {
                title: c.title.clone(),
                description: c.description.clone(),
                language: c.language.clone(),
                base_url: urls.base().to_string(),
                home_url: urls.home(),
                stylesheet_url: urls.url("style.css"),
                announcements_url: urls.url(&super::urls::path::announcements(1)),
                build_date: opts.today.to_string(),
                generator: format!("charter {}", env!("CARGO_PKG_VERSION")),
                extra: c.extra.clone(),
            }),
            urls,
            opts,
            allow_html: c.build.allow_html,
            config: c,
            feeds: feeds.into(),
            reads_diff,
            numbering: words.get("numbering.article", &[]),
            words,
        }
    }

    fn page(&self, title: String, description: String, page_path: &str, noindex: bool) -> PageInfo {
        PageInfo {
            title,
            description,
            url: self.urls.url(page_path),
            language: self.site.language.clone(),
            noindex,
            feeds: self.feeds.clone(),
        }
    }
}

/// What a page holds besides its body or diff, about: the built-in theme's
/// header, navigation and revision information come to a few kilobytes.
const PAGE_FRAME: usize = 16 * 1024;

/// One output file: a page rendered with a template, or data written as is.
pub struct Job {
    pub file: String,
    content: Content,
}

enum Content {
    Template(&'static str, Box<Context>),
    Raw(String),
}

enum Context {
    Index(IndexPage),
    Document(Box<DocumentPage>),
    Revisions(RevisionsPage),
    Revision(Box<RevisionPage>),
    InForce(InForcePage),
    Changes(Box<ChangesPage>),
    Article(Box<ArticlePage>),
    Announcements(AnnouncementsPage),
    NotFound(NotFoundPage),
    Sitemap(SitemapPage),
    Robots(RobotsPage),
}

impl Context {
    /// The length of the page's body or diff HTML, its one large part.
    fn large_len(&self) -> usize {
        match self {
            Context::Document(c) => c.body.html.len(),
            Context::Revision(c) => c.body.html.len(),
            Context::Changes(c) => c.diff_html.len(),
            Context::Article(c) => c.versions.iter().map(|v| v.diff_html.len()).sum(),
            _ => 0,
        }
    }
}

impl Job {
    fn page(file: String, template: &'static str, context: Context) -> Job {
        Job {
            file,
            content: Content::Template(template, Box::new(context)),
        }
    }

    fn raw(file: String, text: String) -> Job {
        Job {
            file,
            content: Content::Raw(text),
        }
    }

    /// The file's path in the output, and its bytes.
    ///
    /// The page's body or diff HTML goes through Tera like any other field.
    /// Under Tera 1 it went around it (a placeholder in the page, replaced
    /// with the HTML when writing); with Tera 2.4 that saved nothing
    /// measurable: builds took 0.95× to 1.01× the CPU time without it (the
    /// synthetic corpus of `bench/run.sh` and the site-policy history, on a
    /// RAM disk, medians of 7 to 9 builds) for 4 % more instructions
    /// (callgrind). See bench/README.md.
    pub fn render(self, theme: &Theme) -> Result<(String, Vec<u8>), Diagnostic> {
        let (template, context) = match self.content {
            Content::Raw(text) => return Ok((self.file, text.into_bytes())),
            Content::Template(t, c) => (t, c),
        };
        // Allocated once with room for the body or diff, rather than grown
        // (and copied) a dozen times.
        let capacity = PAGE_FRAME + context.large_len();
        let text = match context.as_ref() {
            Context::Index(c) => theme.render(template, c, capacity),
            Context::Document(c) => theme.render(template, c, capacity),
            Context::Revisions(c) => theme.render(template, c, capacity),
            Context::Revision(c) => theme.render(template, c, capacity),
            Context::InForce(c) => theme.render(template, c, capacity),
            Context::Changes(c) => theme.render(template, c, capacity),
            Context::Article(c) => theme.render(template, c, capacity),
            Context::Announcements(c) => theme.render(template, c, capacity),
            Context::NotFound(c) => theme.render(template, c, capacity),
            Context::Sitemap(c) => theme.render(template, c, capacity),
            Context::Robots(c) => theme.render(template, c, capacity),
        }?;
        Ok((self.file, text))
    }
}
