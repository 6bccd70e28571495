//! One revision's announcement as a message, built once for every use: the
//! entries of the feeds, and `charter announce` (for an email, a blog post
//! or an in-app banner) in Markdown, plain text or HTML. Links are absolute.
//!
//! The message is made of parts in the words of the strings table
//! ([`Parts`]), then written out in one [`Format`]. A feed entry has the
//! summary, the dates, the main revisions and two links; a whole
//! announcement adds a heading, and in text and Markdown says when the
//! revised document takes effect and links to the past revisions too.

use super::context::{Announcement, ChangeInfo, RevisionInfo};
use crate::html::escape;
use crate::markdown::escape::{inline as md, line as md_line};
use crate::strings::Strings;

/// How a message is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Markdown, with the user's text escaped so that `*` or `[` stay literal.
    Markdown,
    /// Plain text with the URLs written out.
    Text,
    /// An HTML fragment.
    Html,
}

/// What a message says, each part in words, before it is written out.
struct Parts<'a> {
    /// A whole announcement's heading: the strings key of its words
    /// ("… revised on …", or first published), the document's title and the date.
    heading: Option<(&'static str, &'a str, &'a str)>,
    summary: &'a str,
    /// "Published …; takes effect on …", or "The revised … is effective
    /// from …", and whether users will be asked to accept it again.
    dates: String,
    changes: &'a [ChangeInfo],
    /// (strings key of the link's words, key of the words with the URL, URL).
    links: Vec<(&'static str, &'static str, &'a str)>,
}

/// True for a document's first revision: the hash chain (checked) links
/// every revision but the first to the one before it.
pub fn first_publication(r: &RevisionInfo) -> bool {
    r.previous_sha256.is_none()
}

/// The parts of revision `a`'s message. A whole announcement of a
/// document's first revision says it is the first publication; no message
/// of it links to a changes page, which only says there is nothing to
/// compare with.
fn parts<'a>(s: &Strings, a: &'a Announcement, whole: bool, format: Format) -> Parts<'a> {
    let r = &a.revision;
    let first = first_publication(r);
    let effect = whole && format != Format::Html;
    let title = a.document.title.as_str();
    let dates = match (effect, first) {
        (true, false) => s.get(
            "announcement.effective",
            &[("title", title), ("effective", &r.effective)],
        ),
        (true, true) => s.get(
            "announcement.effective_first",
            &[("title", title), ("effective", &r.effective)],
        ),
        (false, _) => s.get("announcement.dates", &[("date", &r.date), ("effective", &r.effective)]),
    };
    // Users who accepted the revision before are asked again; a first
    // publication has no one who accepted an earlier one.
    let dates = match r.consent {
        crate::model::Consent::Required if !first => {
            format!("{dates} {}", s.get("consent.when_effective", &[]))
        }
        _ => dates,
    };
    let heading = whole.then(|| {
        let key = if first {
            "announcement.heading_first"
        } else {
            "announcement.heading"
        };
        (key, title, r.date.as_str())
    });
    let mut links = Vec::new();
    if !first {
        links.push((
            "announcement.see_what_changed",
            "announcement.what_changed_url",
            r.changes_url.as_str(),
        ));
    }
    links.push((
        "announcement.read_full_text",
        "announcement.full_text_url",
        r.url.as_str(),
    ));
    if effect {
        links.push((
            "announcement.past_revisions",
            "announcement.past_revisions_url",
            a.document.revisions_url.as_str(),
        ));
    }
    Parts {
        heading,
        summary: &r.summary,
        dates,
        changes: &r.changes,
        links,
    }
}

/// The message for revision `a`: a whole announcement, or with `whole`
/// false the body of a feed entry.
pub fn message(s: &Strings, a: &Announcement, format: Format, whole: bool) -> String {
    let p = parts(s, a, whole, format);
    match format {
        Format::Markdown => markdown(s, &p),
        Format::Text => text(s, &p),
        Format::Html => html(s, &p),
    }
}

fn markdown(s: &Strings, p: &Parts<'_>) -> String {
    let mut m = String::new();
    if let Some((key, title, date)) = p.heading {
        m += &format!("## {}\n\n", s.get(key, &[("title", &md(title)), ("date", date)]));
    }
    m += &format!("{}\n\n{}\n\n", md_line(p.summary), p.dates);
    if !p.changes.is_empty() {
        m += &format!("{}\n\n", s.get("announcement.main_revisions", &[]));
        for c in p.changes {
            let place = format!("[{}]({})", place(s, c, &md), c.url);
            m += &format!(
                "- {}\n",
                s.get("change.sentence", &[("place", &place), ("note", &md(&c.note))])
            );
        }
        m += "\n";
    }
    let links: Vec<String> = p
        .links
        .iter()
        .map(|(words, _, url)| format!("[{}]({url})", s.get(words, &[])))
        .collect();
    m + &links.join(" · ") + "\n"
}

fn text(s: &Strings, p: &Parts<'_>) -> String {
    let mut t = String::new();
    if let Some((key, title, date)) = p.heading {
        t += &format!("{}\n\n", s.get(key, &[("title", title), ("date", date)]));
    }
    t += &format!("{}\n\n{}\n", p.summary, p.dates);
    if !p.changes.is_empty() {
        t += &format!("\n{}\n", s.get("announcement.main_revisions", &[]));
        for c in p.changes {
            t += &format!("- {}\n", change_sentence(s, c));
        }
    }
    t += "\n";
    for (_, with_url, url) in &p.links {
        t += &s.get(with_url, &[("url", url)]);
        t += "\n";
    }
    t
}

fn html(s: &Strings, p: &Parts<'_>) -> String {
    let mut h = String::new();
    if let Some((key, title, date)) = p.heading {
        let heading = s.get(key, &[("title", title), ("date", date)]);
        h += &format!("<section class=\"announcement\">\n<h2>{}</h2>\n", escape(&heading));
    }
    h += &format!("<p>{}</p>\n<p>{}</p>\n", escape(p.summary), escape(&p.dates));
    if !p.changes.is_empty() {
        h += &format!("<p>{}</p>\n<ul>\n", escape(&s.get("announcement.main_revisions", &[])));
        for c in p.changes {
            h += &format!("<li>{}</li>\n", escape(&change_sentence(s, c)));
        }
        h += "</ul>\n";
    }
    let links: Vec<String> = p
        .links
        .iter()
        .map(|(words, _, url)| format!("<a href=\"{}\">{}</a>", escape(url), escape(&s.get(words, &[]))))
        .collect();
    h += &format!("<p>{}</p>\n", links.join(" · "));
    if p.heading.is_some() {
        h += "</section>\n";
    }
    h
}

/// "Article 11 “Cookie policy” › “Performance cookies”", each of the
/// user's texts passed through `text`.
pub fn place(s: &Strings, c: &ChangeInfo, text: &dyn Fn(&str) -> String) -> String {
    let article = s.get(
        "change.article",
        &[("label", &text(&c.article_label)), ("title", &text(&c.article_title))],
    );
    match &c.section_title {
        Some(section) => s.get("change.section", &[("article", &article), ("section", &text(section))]),
        None => article,
    }
}

/// "In Article 11 “Cookie policy” › “Performance cookies”, we added …", as plain text.
pub fn change_sentence(s: &Strings, c: &ChangeInfo) -> String {
    let place = place(s, c, &str::to_string);
    s.get("change.sentence", &[("place", &place), ("note", &c.note)])
}
