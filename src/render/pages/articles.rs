//! Each article's history page, `/<doc>/articles/<id>/`, and the line under
//! each article heading of the current text that links to it.
//!
//! A history page lists versions newest first: a reader comes to it from
//! the current text ("last changed …") wanting the latest change first, and
//! it matches Past revisions, which lists revisions newest first too. Each
//! version's diff still reads forward in time, old text to new.

use std::collections::HashMap;

use super::{Common, Context, Job};
use crate::derive::article_history::{ArticleHistory, Step};
use crate::diff::{ArticleStatus, BlockStatus, format};
use crate::html::{escape, escape_into};
use crate::render::context::*;
use crate::render::shared::Shared;
use crate::render::urls::path;

/// What every history page of one document shares.
pub struct Doc<'a> {
    pub ctx: &'a Common<'a>,
    pub id: &'a str,
    pub info: &'a Shared<DocumentInfo>,
    /// Oldest first.
    pub infos: &'a [Shared<RevisionInfo>],
    /// The revision in effect on the build date.
    pub current: Option<usize>,
}

impl Doc<'_> {
    fn link(&self, i: usize) -> RevisionLink {
        self.infos[i].link()
    }

    /// "Article 5 “Cookies”".
    fn article_words(&self, label: &str, title: &str) -> String {
        self.ctx
            .words
            .get("change.article", &[("label", label), ("title", title)])
    }

    /// The step of `h` that holds the current revision's text, if any.
    fn current_step<'h>(&self, h: &'h ArticleHistory<'_>) -> Option<&'h Step<'h>> {
        let c = self.current?;
        h.steps
            .iter()
            .find(|s| s.first <= c && c <= s.last && s.status != ArticleStatus::Removed)
    }
}

/// One page per history. `page` makes a page's [`PageInfo`] from its title and path.
pub fn pages(d: &Doc<'_>, histories: &[ArticleHistory<'_>], page: &dyn Fn(String, &str) -> PageInfo) -> Vec<Job> {
    // Where text moved names an article by its id then: each id any
    // version had leads to the history that had it.
    let mut owner: HashMap<&str, &str> = HashMap::new();
    for h in histories {
        for s in &h.steps {
            owner.insert(&s.side.id, &h.id);
        }
    }
    histories
        .iter()
        .map(|h| {
            let p = path::article(d.id, &h.id);
            let last = h.steps.last().expect("a history has a step");
            let article = ArticleInfo {
                id: h.id.clone(),
                label: last.side.label.clone(),
                title: last.side.title.clone(),
                current_url: d.current_step(h).map(|s| format!("{}#{}", d.info.url, s.side.id)),
                removed_in: h.removed().then(|| d.link(last.first)),
            };
            let title = d.ctx.words.get(
                "article.title",
                &[
                    ("article", &d.article_words(&article.label, &article.title)),
                    ("title", &d.info.title),
                ],
            );
            let versions = h.steps.iter().rev().map(|s| version(d, h, s, &owner)).collect();
            Job::page(
                path::file(&p),
                "article.html",
                Context::Article(Box::new(ArticlePage {
                    site: d.ctx.site.clone(),
                    page: page(title, &p),
                    document: d.info.clone(),
                    article,
                    versions,
                })),
            )
        })
        .collect()
}

fn version(d: &Doc<'_>, h: &ArticleHistory<'_>, s: &Step<'_>, owner: &HashMap<&str, &str>) -> ArticleVersion {
    let rev = &d.infos[s.first];
    let removed = s.status == ArticleStatus::Removed;
    let status = match (s.status, s.diff) {
        (ArticleStatus::Added, None) => "first",
        (st, _) => st.as_str(),
    };
    let previous_label = s
        .diff
        .and_then(|a| a.old.as_ref())
        .filter(|o| !removed && o.label != s.side.label)
        .map(|o| o.label.clone());
    let places = |st: BlockStatus| -> Vec<ArticlePlace> {
        s.moved(st)
            .into_iter()
            .filter(|m| !m.article_id.is_empty())
            .map(|m| {
                let id = owner.get(m.article_id.as_str()).copied().unwrap_or(&m.article_id);
                ArticlePlace {
                    id: id.to_string(),
                    label: m.label.clone(),
                    title: m.title.clone(),
                    url: d.ctx.urls.url(&path::article(d.id, id)),
                }
            })
            .collect()
    };
    let diff_html = s.diff.map_or_else(String::new, |a| {
        format::article_html(a, &rev.changes_url, Some(&rev.url), &d.ctx.words)
    });
    ArticleVersion {
        status: status.to_string(),
        from: d.link(s.first),
        until: d.link(s.last),
        revisions: s.last - s.first + 1,
        current: !removed && d.current.is_some_and(|c| s.first <= c && c <= s.last),
        label: s.side.label.clone(),
        title: s.side.title.clone(),
        previous_label,
        text_url: (!removed).then(|| format!("{}#{}", rev.url, s.side.id)),
        changes_url: s.diff.map(|a| format!("{}#diff-{}", rev.changes_url, a.id())),
        notes: rev
            .changes
            .iter()
            .filter(|c| !removed && (c.article_id == s.side.id || c.article_id == h.id))
            .cloned()
            .collect(),
        moved_from: places(BlockStatus::MovedIn),
        moved_to: places(BlockStatus::MovedOut),
        diff_html,
    }
}

/// Every history's sitemap entry, dated by its last step.
pub fn sitemap(d: &Doc<'_>, histories: &[ArticleHistory<'_>]) -> Vec<SitemapEntry> {
    histories
        .iter()
        .map(|h| {
            let last = h.steps.last().expect("a history has a step");
            SitemapEntry {
                url: d.ctx.urls.url(&path::article(d.id, &h.id)),
                lastmod: Some(d.infos[last.first].date.clone()),
            }
        })
        .collect()
}

/// `html`, the current text, with a line after each article heading:
/// "Last changed 3 May 2024 · history", the last word a link to its
/// history page. The line goes after the heading, not into it, so that the
/// heading's anchor and text stay as they were (and the table of contents,
/// which repeats headings, does not grow); print leaves it out.
pub fn with_history_links(d: &Doc<'_>, histories: &[ArticleHistory<'_>], html: &str) -> String {
    let mut lines: HashMap<String, String> = HashMap::new();
    for h in histories {
        let Some(s) = d.current_step(h) else { continue };
        lines.insert(format!("<h2 id=\"{}\">", escape(&s.side.id)), history_line(d, h, s));
    }
    let mut out = String::with_capacity(html.len() + lines.len() * 256);
    let mut rest = html;
    while let Some(at) = rest.find("<h2 id=\"") {
        let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
        let line = lines.get(&rest[at..tag_end]);
        let close = rest[at..].find("</h2>").map(|e| at + e + "</h2>".len());
        match (line, close) {
            (Some(line), Some(close)) => {
                out.push_str(&rest[..close]);
                out.push('\n');
                out.push_str(line);
                rest = &rest[close..];
            }
            _ => {
                out.push_str(&rest[..tag_end]);
                rest = &rest[tag_end..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `<p class="article-history">Last changed <time>…</time> · <a>history</a></p>`.
/// The date is that of the last change to its words (or its arrival): a
/// renumbering or a move changes no word of it, so it does not count.
fn history_line(d: &Doc<'_>, h: &ArticleHistory<'_>, s: &Step<'_>) -> String {
    let w = &d.ctx.words;
    let worded = h
        .steps
        .iter()
        .take_while(|t| t.first <= s.first)
        .filter(|t| matches!(t.status, ArticleStatus::Changed | ArticleStatus::Added))
        .last()
        .unwrap_or(s);
    let rev = &d.infos[worded.first];
    let key = match worded.diff {
        None => "article.unchanged_since",
        Some(_) => "article.last_changed",
    };
    let date = format!(
        "<time datetime=\"{}\">{}</time>",
        escape(&rev.date),
        escape(&crate::render::dates::long(w, &rev.date))
    );
    let mut out = String::from("<p class=\"article-history\">");
    w.html_into(&mut out, key, &[("date", &date)]);
    out.push_str(" · <a href=\"");
    escape_into(&mut out, &d.ctx.urls.url(&path::article(d.id, &h.id)));
    out.push_str("\">");
    w.html_into(&mut out, "article.history", &[]);
    out.push_str("<span class=\"visually-hidden\"> ");
    let article = escape(&d.article_words(&s.side.label, &s.side.title));
    w.html_into(&mut out, "article.history_of", &[("article", &article)]);
    out.push_str("</span></a></p>");
    out
}
