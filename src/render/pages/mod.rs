//! Building each page's context from the model: one job per output file.

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
use crate::strings::Strings;
use std::sync::Arc;

/// What every page shares.
pub struct Common<'a> {
    /// Shared by every page's context rather than copied into each.
    pub site: std::sync::Arc<SiteInfo>,
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
            site: std::sync::Arc::new(SiteInfo {
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
    Changes(Box<ChangesPage>),
    Announcements(AnnouncementsPage),
    NotFound(NotFoundPage),
    Sitemap(SitemapPage),
    Robots(RobotsPage),
}

impl Context {
    /// The page's body or diff HTML, and whether the templates do more with
    /// it than output it as it is (see [`super::scan::Reads`]).
    fn large_html(&mut self, reads: super::scan::Reads) -> Option<(&mut String, bool)> {
        match self {
            Context::Document(c) => Some((&mut c.body.html, reads.body_html)),
            Context::Revision(c) => Some((&mut c.body.html, reads.body_html)),
            Context::Changes(c) => Some((&mut c.diff_html, reads.diff_html)),
            _ => None,
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

    pub fn render(self, theme: &Theme) -> Result<(String, Page), Diagnostic> {
        let (template, mut context) = match self.content {
            Content::Raw(text) => return Ok((self.file, Page::whole(text.into_bytes()))),
            Content::Template(t, c) => (t, c),
        };
        // The page's one large part (a body or a diff, tens of kilobytes)
        // goes around Tera when the templates only output it as it is:
        // copying it into Tera's values and then into the page was most of
        // the memory traffic of rendering. The page's buffer is allocated
        // once with room for it, rather than grown (and copied) a dozen times.
        let (large, large_len) = match context.large_html(theme.reads()) {
            Some((html, false)) => {
                let html = std::mem::replace(html, LARGE.into());
                let len = html.len();
                (Some(html), len)
            }
            Some((html, true)) => (None, html.len()),
            None => (None, 0),
        };
        let capacity = PAGE_FRAME + large_len;
        let text = match context.as_ref() {
            Context::Index(c) => theme.render(template, c, capacity),
            Context::Document(c) => theme.render(template, c, capacity),
            Context::Revisions(c) => theme.render(template, c, capacity),
            Context::Revision(c) => theme.render(template, c, capacity),
            Context::Changes(c) => theme.render(template, c, capacity),
            Context::Announcements(c) => theme.render(template, c, capacity),
            Context::NotFound(c) => theme.render(template, c, capacity),
            Context::Sitemap(c) => theme.render(template, c, capacity),
            Context::Robots(c) => theme.render(template, c, capacity),
        }?;
        Ok((self.file, splice(text, large)))
    }
}

/// A rendered file, in parts: see [`super::Sink`].
pub struct Page {
    bytes: Vec<u8>,
    /// The large part, and where in `bytes` its placeholder starts.
    large: Option<(usize, String)>,
}

impl Page {
    fn whole(bytes: Vec<u8>) -> Page {
        Page { bytes, large: None }
    }

    /// The file's bytes, in order.
    pub fn parts(&self) -> [&[u8]; 3] {
        match &self.large {
            Some((at, large)) => [&self.bytes[..*at], large.as_bytes(), &self.bytes[at + LARGE.len()..]],
            None => [&self.bytes, &[], &[]],
        }
    }
}

/// What stands for the large part of a page while Tera renders it. Nothing
/// else on the page holds it: it starts and ends with a noncharacter, and
/// the large part itself is not on the page yet.
const LARGE: &str = "\u{FDD0}charter:large-html\u{FDD0}";

/// `page` with each [`LARGE`] replaced by `large`.
fn splice(page: Vec<u8>, large: Option<String>) -> Page {
    let Some(large) = large else {
        return Page::whole(page);
    };
    let at: Vec<usize> = memchr::memmem::find_iter(&page, LARGE.as_bytes()).collect();
    if let [i] = at[..] {
        // The usual page: the large part once, written where it stands
        // without being copied into the page.
        return Page {
            bytes: page,
            large: Some((i, large)),
        };
    }
    let mut out = Vec::with_capacity(page.len() + at.len() * large.len());
    let mut from = 0;
    for i in at {
        out.extend_from_slice(&page[from..i]);
        out.extend_from_slice(large.as_bytes());
        from = i + LARGE.len();
    }
    out.extend_from_slice(&page[from..]);
    Page::whole(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_placeholder_gets_the_large_part() {
        let spliced =
            |page: String, large: Option<&str>| splice(page.into_bytes(), large.map(String::from)).parts().concat();
        let x = Some("<p>x</p>");
        assert_eq!(spliced(format!("<a>{LARGE}</a>{LARGE}"), x), b"<a><p>x</p></a><p>x</p>");
        assert_eq!(spliced("<a></a>".into(), x), b"<a></a>");
        assert_eq!(spliced(format!("<a>{LARGE}</a>"), x), b"<a><p>x</p></a>");
        assert_eq!(spliced(LARGE.to_string(), x), b"<p>x</p>");
        assert_eq!(spliced(LARGE.into(), None), LARGE.as_bytes());
        let once = splice(format!("<a>{LARGE}</a>").into_bytes(), x.map(String::from));
        assert_eq!(
            once.parts(),
            [&b"<a>"[..], b"<p>x</p>", b"</a>"],
            "the large part is not copied into the page"
        );
    }
}
