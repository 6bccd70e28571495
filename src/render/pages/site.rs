//! Site-wide pages: home, announcements, feeds, 404, sitemap, robots.txt.

use crate::render::shared::Shared;

use super::{Common, Context, Job};
use crate::render::context::*;
use crate::render::feeds::{self, FeedMeta};
use crate::render::urls::path;

/// What the site-wide pages are made from: every document's card, every
/// announced revision, every document's sitemap entries.
///
/// Kept between renders so that an incremental one can tell whether an edit
/// reached these pages at all: a draft edit changes none of them, and
/// rendering them again would cost more than the edited document itself.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct SiteWide {
    cards: Vec<DocumentCard>,
    /// Newest first.
    announced: Vec<Announcement>,
    sitemap: Vec<SitemapEntry>,
}

impl SiteWide {
    /// The sitemap entries whose URL starts with `prefix`: a document not
    /// rendered again keeps its articles' history pages, which only a full
    /// render of it (with its diffs) can list.
    pub fn sitemap_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a SitemapEntry> + 'a {
        self.sitemap.iter().filter(move |e| e.url.starts_with(prefix))
    }

    pub fn new(cards: Vec<DocumentCard>, mut announced: Vec<Announcement>, sitemap: Vec<SitemapEntry>) -> SiteWide {
        // Ties broken by document so the order never depends on threads.
        announced.sort_by(|a, b| {
            (&b.revision.date, &b.revision.id, &a.document.id).cmp(&(&a.revision.date, &a.revision.id, &b.document.id))
        });
        SiteWide {
            cards,
            announced,
            sitemap,
        }
    }
}

pub fn site_pages(ctx: &Common<'_>, inputs: &SiteWide) -> Vec<Job> {
    let announced = &inputs.announced;
    let mut sitemap = inputs.sitemap.clone();
    sitemap.push(SitemapEntry {
        url: ctx.urls.home(),
        lastmod: None,
    });
    let mut pages = announcement_pages(ctx, announced, &mut sitemap);
    sitemap.sort();
    // The sitemap lists every page: the longest job by far, so it goes
    // first and the pages after it render beside it.
    let mut jobs = vec![Job::page(
        "sitemap.xml".into(),
        "sitemap.xml",
        Context::Sitemap(SitemapPage {
            site: ctx.site.clone(),
            entries: sitemap,
        }),
    )];
    jobs.append(&mut pages);

    if ctx.config.feeds.enabled {
        let author = ctx.config.feeds.author.as_deref().unwrap_or(&ctx.site.title);
        let limit = ctx.config.feeds.limit.min(announced.len());
        let meta = |file: &str| FeedMeta {
            title: ctx.words.get("feed.site", &[("site", &ctx.site.title)]),
            home_url: &ctx.site.home_url,
            self_url: ctx.urls.url(file),
            author,
            language: &ctx.site.language,
            generator: &ctx.site.generator,
        };
        jobs.push(Job::raw(
            "atom.xml".into(),
            feeds::atom(&ctx.words, &meta("atom.xml"), &announced[..limit]),
        ));
        jobs.push(Job::raw(
            "feed.json".into(),
            feeds::json(&ctx.words, &meta("feed.json"), &announced[..limit]),
        ));
    }

    let cards = &inputs.cards;
    let documents: Vec<Shared<DocumentInfo>> = cards
        .iter()
        .filter(|c| !c.draft_only)
        .map(|c| c.document.clone())
        .collect();
    jobs.extend([
        Job::page(
            "index.html".into(),
            "index.html",
            Context::Index(IndexPage {
                site: ctx.site.clone(),
                page: ctx.page(ctx.site.title.clone(), ctx.site.description.clone(), "", false),
                documents: cards.clone(),
                announcements: announced.iter().take(5).cloned().collect(),
            }),
        ),
        Job::page(
            "404.html".into(),
            "404.html",
            Context::NotFound(NotFoundPage {
                site: ctx.site.clone(),
                page: ctx.page(ctx.words.get("title.not_found", &[]), String::new(), "404.html", true),
                documents,
            }),
        ),
        Job::page(
            "robots.txt".into(),
            "robots.txt",
            Context::Robots(RobotsPage {
                site: ctx.site.clone(),
                sitemap_url: ctx.urls.url("sitemap.xml"),
            }),
        ),
    ]);
    jobs
}

/// `/announcements/`, split into pages of `per_page`.
fn announcement_pages(ctx: &Common<'_>, announced: &[Announcement], sitemap: &mut Vec<SitemapEntry>) -> Vec<Job> {
    let per_page = ctx.config.announcements.per_page.max(1);
    let chunks: Vec<&[Announcement]> = if announced.is_empty() {
        vec![&[]]
    } else {
        announced.chunks(per_page).collect()
    };
    let total = chunks.len();
    let pages: Vec<String> = (1..=total).map(|n| ctx.urls.url(&path::announcements(n))).collect();
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let n = i + 1;
            let p = path::announcements(n);
            sitemap.push(SitemapEntry {
                url: ctx.urls.url(&p),
                lastmod: chunk.first().map(|a| a.revision.date.clone()),
            });
            let title = match n {
                1 => ctx.words.get("title.announcements", &[]),
                _ => ctx.words.get("title.announcements_page", &[("number", &n.to_string())]),
            };
            Job::page(
                path::file(&p),
                "announcements.html",
                Context::Announcements(AnnouncementsPage {
                    site: ctx.site.clone(),
                    page: ctx.page(
                        title,
                        ctx.words
                            .get("title.announcements_description", &[("site", &ctx.site.title)]),
                        &p,
                        false,
                    ),
                    announcements: chunk.to_vec(),
                    pagination: Pagination {
                        current: n,
                        total,
                        previous_url: (n > 1).then(|| pages[n - 2].clone()),
                        next_url: (n < total).then(|| pages[n].clone()),
                        pages: pages.clone(),
                        window: window(n, &pages),
                    },
                }),
            )
        })
        .collect()
}

/// The links of [`Pagination::window`] on page `current` of `pages`.
fn window(current: usize, pages: &[String]) -> Vec<PageLink> {
    let total = pages.len();
    let mut last = 0;
    let mut out = Vec::new();
    for (i, url) in pages.iter().enumerate() {
        let number = i + 1;
        if number == 1 || number == total || number.abs_diff(current) <= 2 {
            out.push(PageLink {
                number,
                url: url.clone(),
                current: number == current,
                after_gap: last != 0 && number != last + 1,
            });
            last = number;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(current: usize, total: usize) -> String {
        let pages: Vec<String> = (1..=total).map(|n| format!("/p{n}")).collect();
        window(current, &pages)
            .iter()
            .map(|l| {
                let gap = if l.after_gap { "… " } else { "" };
                let n = if l.current {
                    format!("[{}]", l.number)
                } else {
                    l.number.to_string()
                };
                format!("{gap}{n}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn the_window_keeps_both_ends_and_the_neighbours() {
        assert_eq!(shown(1, 1), "[1]");
        assert_eq!(shown(2, 3), "1 [2] 3");
        assert_eq!(shown(1, 10), "[1] 2 3 … 10");
        assert_eq!(shown(5, 10), "1 … 3 4 [5] 6 7 … 10");
        assert_eq!(shown(4, 10), "1 2 3 [4] 5 6 … 10");
        assert_eq!(shown(10, 10), "1 … 8 9 [10]");
    }
}
