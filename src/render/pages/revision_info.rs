//! A revision's record, resolved for display: numbers, titles and URLs.

use super::Common;
use crate::derive::timeline::{Period, Status};
use crate::diff::{BlockReader, Prepared};
use crate::model::{Document, DocumentEntry, DocumentMeta, Revision};
use crate::render::context::{Body, ChangeInfo, RevisionInfo, RevisionLink, TocArticle, TocSection};
use crate::render::markdown;
use crate::render::urls::path;

/// `has_current`: whether some revision is in effect, so that a to-current page exists.
pub fn revision_info(
    ctx: &Common<'_>,
    doc: &DocumentEntry,
    rev: &Revision,
    period: &Period,
    has_current: bool,
) -> RevisionInfo {
    let id = rev.id.to_string();
    let url = ctx.urls.url(&path::revision(&doc.id, &id));
    let changes_url = ctx.urls.url(&path::changes(&doc.id, &id));
    // The first revision's changes page has no diff to point into.
    let has_diff = doc.revisions.first().is_some_and(|first| first.id != rev.id);
    let changes = rev
        .meta
        .changes
        .iter()
        .filter_map(|c| {
            // `check` guarantees both exist; a missing one is skipped, not invented.
            let article = rev.document.article(&c.article)?;
            let section = c.section.as_deref().and_then(|s| article.section(s));
            let anchor = section.map_or(&article.id, |s| &s.id).clone();
            let mut change = ChangeInfo {
                article_id: article.id.clone(),
                article_label: rev.document.label(article, &ctx.numbering),
                article_title: article.title.clone(),
                section_id: section.map(|s| s.id.clone()),
                section_title: section.map(|s| s.title.clone()),
                place: String::new(),
                note: c.note.clone(),
                url: format!("{url}#{anchor}"),
                diff_url: has_diff.then(|| format!("{changes_url}#diff-{}", article.id)),
                anchor,
            };
            change.place = crate::render::announcement::place(&ctx.words, &change, &str::to_string);
            Some(change)
        })
        .collect();
    let older = matches!(period.status, Status::Past | Status::Superseded);
    RevisionInfo {
        title: rev.document.meta.title.clone(),
        date: rev.meta.date.to_string(),
        effective: rev.meta.effective.to_string(),
        summary: rev.meta.summary.clone(),
        status: period.status,
        in_effect_from: period.from.to_string(),
        in_effect_until: period.until.map(|d| d.to_string()),
        replaced_by: period.replaced_by.map(|j| {
            let next = &doc.revisions[j];
            let next_id = next.id.to_string();
            RevisionLink {
                url: ctx.urls.url(&path::revision(&doc.id, &next_id)),
                date: next.meta.date.to_string(),
                id: next_id,
            }
        }),
        replaced_on: period.replaced_on.map(|d| d.to_string()),
        never_in_force: !period.ever_in_force(),
        changes_url,
        to_current_url: (older && has_current).then(|| ctx.urls.url(&path::to_current(&doc.id, &id))),
        url,
        sha256: rev.meta.sha256.clone(),
        previous_sha256: rev.meta.previous.clone(),
        changes,
        editorial: rev.meta.editorial,
        consent: rev.meta.consent,
        id,
    }
}

/// A document text rendered for a page, with its table of contents.
/// `numbering`: the site's default (`Article {n}`).
pub fn body(doc: &Document, allow_html: bool, numbering: &str) -> Body {
    Body::new(markdown::render(doc, allow_html, numbering), toc(doc, numbering))
}

/// [`body`], and the document cut into blocks for its diffs, from one parse.
pub fn body_and_blocks<'d>(doc: &'d Document, allow_html: bool, numbering: &str) -> (Body, Prepared<'d>) {
    let mut reader = BlockReader::new();
    let html = markdown::render_observed(doc, allow_html, numbering, &mut |event, range| {
        reader.feed(event, range)
    });
    ReadBody {
        html,
        reader,
        numbering: numbering.to_string(),
    }
    .finish(doc)
}

/// A revision's body as the pass that loaded it read it: its HTML, and the
/// blocks for its diffs (see [`read_body`]).
pub struct ReadBody {
    html: String,
    reader: BlockReader,
    /// The default numbering the HTML was rendered with: a render with
    /// another one (the site's words changed it) reads the body again.
    pub numbering: String,
}

impl ReadBody {
    /// The page body and the diff blocks of `doc`, the document whose body was read.
    pub fn finish(self, doc: &Document) -> (Body, Prepared<'_>) {
        (Body::new(self.html, toc(doc, &self.numbering)), self.reader.finish(doc))
    }
}

/// Reads a body from the events of the parse that loads it (a
/// [`crate::load::body::BodyReader`]): what [`body_and_blocks`] makes with a
/// parse of its own.
pub fn read_body<'e>(
    meta: &DocumentMeta,
    body: &'e str,
    events: &mut dyn Iterator<Item = (pulldown_cmark::Event<'e>, std::ops::Range<usize>)>,
    (allow_html, numbering): (bool, &str),
) -> ReadBody {
    let mut reader = BlockReader::new();
    let html = markdown::render_events(
        events,
        meta,
        body.len(),
        (allow_html, numbering),
        &mut |event, range| reader.feed(event, range),
    );
    ReadBody {
        html,
        reader,
        numbering: numbering.to_string(),
    }
}

fn toc(doc: &Document, numbering: &str) -> Vec<TocArticle> {
    doc.articles
        .iter()
        .map(|a| TocArticle {
            id: a.id.clone(),
            label: doc.label(a, numbering),
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
        .collect()
}

impl Body {
    fn new(html: String, toc: Vec<TocArticle>) -> Body {
        let toc_html = toc_html(&toc);
        Body { html, toc, toc_html }
    }
}

/// The contents list as the built-in theme has always shown it: one item
/// per article, linked, with its sections in a nested list; escaped as the
/// theme's templates escape, so that a loop over `toc` gives the same text.
fn toc_html(toc: &[TocArticle]) -> String {
    if toc.is_empty() {
        return String::new();
    }
    let mut out = String::from("<ol>");
    for a in toc {
        out.push_str("\n<li><a href=\"#");
        crate::html::escape_into(&mut out, &a.id);
        out.push_str("\"><span class=\"article-number\">");
        crate::html::escape_into(&mut out, &a.label);
        out.push_str("</span> ");
        crate::html::escape_into(&mut out, &a.title);
        out.push_str("</a>");
        if !a.sections.is_empty() {
            out.push_str("\n<ol>");
            for s in &a.sections {
                out.push_str("\n<li><a href=\"#");
                crate::html::escape_into(&mut out, &s.id);
                out.push_str("\">");
                crate::html::escape_into(&mut out, &s.title);
                out.push_str("</a></li>");
            }
            out.push_str("\n</ol>");
        }
        out.push_str("\n</li>");
    }
    out.push_str("\n</ol>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `toc_html` says what a Tera loop over `toc` in the theme's
    /// templates says, with the same markup: escaping included.
    #[test]
    fn the_contents_html_is_what_a_loop_over_the_contents_writes() {
        let section = |id: &str, title: &str| TocSection {
            id: id.into(),
            title: title.into(),
        };
        let toc = vec![
            TocArticle {
                id: "terms".into(),
                label: "Article 1".into(),
                title: "Terms & <conditions>".into(),
                sections: vec![section("who", "Who \"we\" are"), section("it-s", "It's/ours")],
            },
            TocArticle {
                id: "cookies".into(),
                label: "Clause 2".into(),
                title: "Cookies".into(),
                sections: Vec::new(),
            },
        ];
        let each = "<ol>{% for a in toc %}\n<li><a href=\"#{{ a.id }}\"><span class=\"article-number\">{{ a.label }}</span> \
                    {{ a.title }}</a>{% if a.sections %}\n<ol>{% for s in a.sections %}\n<li><a href=\"#{{ s.id }}\">\
                    {{ s.title }}</a></li>{% endfor %}\n</ol>{% endif %}\n</li>{% endfor %}\n</ol>";
        let mut tera = tera::Tera::new();
        tera.set_escape_fn(crate::html::escape_to);
        tera.add_raw_template("t.html", each).expect("parses");
        let mut ctx = tera::Context::new();
        ctx.insert("toc", &toc);
        let looped = tera.render("t.html", &ctx).expect("renders");
        assert!(
            looped.contains("&lt;conditions&gt;") && looped.contains("It&#39;s/ours"),
            "{looped}"
        );
        assert_eq!(toc_html(&toc), looped);
        assert_eq!(toc_html(&[]), "");
    }
}
