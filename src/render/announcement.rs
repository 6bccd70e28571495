//! One revision's announcement as a message: for an email, a blog post or an
//! in-app banner (`charter announce`). Links are absolute.

use super::context::Announcement;
use super::feeds::{change_sentence, entry_html};
use crate::html::escape;
use crate::markdown::escape as md;

/// Markdown, with the user's text escaped so that `*` or `[` stay literal.
pub fn markdown(a: &Announcement) -> String {
    let r = &a.revision;
    let mut m = format!("## {}: revised on {}\n\n", md::inline(&a.document.title), r.date);
    m += &format!("{}\n\n", md::line(&r.summary));
    m += &format!("{}\n\n", effect_line(a));
    if !r.changes.is_empty() {
        m += "Main revisions:\n\n";
        for c in &r.changes {
            let section = c
                .section_title
                .as_ref()
                .map(|s| format!(" › “{}”", md::inline(s)))
                .unwrap_or_default();
            m += &format!(
                "- In [{} “{}”{section}]({}), {}\n",
                md::inline(&c.article_label),
                md::inline(&c.article_title),
                c.url,
                md::inline(&c.note)
            );
        }
        m += "\n";
    }
    m += &format!(
        "[See what changed]({}) · [Read the full text]({}) · [Past revisions]({})\n",
        r.changes_url, r.url, a.document.revisions_url
    );
    m
}

/// Plain text with the URLs written out.
pub fn text(a: &Announcement) -> String {
    let r = &a.revision;
    let mut t = format!(
        "{}: revised on {}\n\n{}\n\n{}\n",
        a.document.title,
        r.date,
        r.summary,
        effect_line(a)
    );
    if !r.changes.is_empty() {
        t += "\nMain revisions:\n";
        for c in &r.changes {
            t += &format!("- {}\n", change_sentence(c));
        }
    }
    t += &format!(
        "\nWhat changed: {}\nFull text: {}\nPast revisions: {}\n",
        r.changes_url, r.url, a.document.revisions_url
    );
    t
}

/// An HTML fragment: a heading and the same body as the feeds' entries.
pub fn html(a: &Announcement) -> String {
    format!(
        "<section class=\"announcement\">\n<h2>{}: revised on {}</h2>\n{}</section>\n",
        escape(&a.document.title),
        escape(&a.revision.date),
        entry_html(&a.revision)
    )
}

fn effect_line(a: &Announcement) -> String {
    format!(
        "The revised {} is effective from {}.",
        a.document.title, a.revision.effective
    )
}
