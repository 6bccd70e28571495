//! Document Markdown to HTML: numbered article headings with anchors, and no
//! way for content to carry a script into a page.

use crate::html::escape;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd, html};

use crate::model::{Document, DocumentMeta};

/// Renders a document's body. Raw HTML is shown as text unless `allow_html`,
/// in which case it is sanitised (ammonia) and ids are kept. `numbering`:
/// how articles are numbered when the document does not say (`Article {n}`).
pub fn render(doc: &Document, allow_html: bool, numbering: &str) -> String {
    render_observed(doc, allow_html, numbering, &mut |_, _| {})
}

/// [`render`], showing `observe` every event of the body with its byte range
/// as it goes, so that another reader of the body needs no parse of its own.
pub fn render_observed(
    doc: &Document,
    allow_html: bool,
    numbering: &str,
    observe: &mut dyn FnMut(&Event<'_>, std::ops::Range<usize>),
) -> String {
    render_events(
        &mut crate::load::body::events(&doc.body),
        &doc.meta,
        doc.body.len(),
        (allow_html, numbering),
        observe,
    )
}

/// Renders a body from its events as [`crate::load::body::events`] gives
/// them (heading ids resolved), whether they come from a parse of its own or
/// from the one that loaded the document. `len` is the body's length, a
/// hint for the size of the HTML. `(allow_html, numbering)` as for [`render`].
pub fn render_events<'e>(
    events_in: &mut dyn Iterator<Item = (Event<'e>, std::ops::Range<usize>)>,
    meta: &DocumentMeta,
    len: usize,
    (allow_html, numbering): (bool, &str),
    observe: &mut dyn FnMut(&Event<'_>, std::ops::Range<usize>),
) -> String {
    let mut articles = 0usize;
    let mut open: Option<String> = None;
    // Streamed into the writer rather than collected: a heading adds at most
    // one event after the one it gives.
    let mut pending: Option<Event<'e>> = None;
    let events = std::iter::from_fn(|| {
        if let Some(next) = pending.take() {
            return Some(next);
        }
        let (event, range) = events_in.next()?;
        observe(&event, range);
        Some(match event {
            Event::Html(s) | Event::InlineHtml(s) if !allow_html => Event::Text(s),
            Event::Start(Tag::Heading { level, id, classes, .. }) => {
                if level == HeadingLevel::H2 {
                    articles += 1;
                    let prefix = format!(
                        "<span class=\"article-number\">{}</span> ",
                        escape(&meta.label(articles, numbering))
                    );
                    pending = Some(Event::Html(prefix.into()));
                }
                open = id.as_ref().filter(|_| level <= HeadingLevel::H3).map(|i| i.to_string());
                // Attributes other than id and class are dropped: `{onclick=…}`
                // must not reach the page.
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs: Vec::new(),
                })
            }
            Event::End(TagEnd::Heading(level)) => match open.take() {
                Some(id) => {
                    pending = Some(Event::End(TagEnd::Heading(level)));
                    let link =
                        format!(" <a class=\"anchor\" href=\"#{id}\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
                    Event::Html(link.into())
                }
                None => Event::End(TagEnd::Heading(level)),
            },
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            other => other,
        })
    });
    let mut out = String::with_capacity(len * 3 / 2);
    html::push_html(&mut out, events);
    let out = scrolling(out);
    if allow_html { sanitize(&out) } else { out }
}

/// Code blocks and tables wider than the screen scroll inside their own box
/// rather than the page (WCAG 1.4.10), so each is made focusable: a reader
/// without a mouse scrolls it with the arrow keys. A table gets a box of its
/// own, as a scrolling table loses its semantics in some screen readers.
/// pulldown-cmark writes these tags exactly so; text that looks like them
/// is escaped.
fn scrolling(html: String) -> String {
    if !html.contains("<pre") && !html.contains("<table>") {
        return html;
    }
    html.replace("<pre>", "<pre tabindex=\"0\">")
        .replace("<table>", "<div class=\"table-scroll\" tabindex=\"0\"><table>")
        .replace("</table>", "</table></div>")
}

/// Keeps links that cannot run code: relative, fragment, http(s), mailto, tel.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let scheme_end = url.find([':', '/', '?', '#']);
    let scheme = match scheme_end {
        Some(i) if url[i..].starts_with(':') => url[..i].to_ascii_lowercase(),
        _ => return url,
    };
    if matches!(scheme.as_str(), "http" | "https" | "mailto" | "tel") {
        url
    } else {
        CowStr::from("#")
    }
}

fn sanitize(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id", "class", "aria-hidden", "tabindex"])
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::document;
    use std::path::Path;

    fn html(body: &str, allow: bool) -> String {
        let d = document::parse(&format!("+++\ntitle = \"T\"\n+++\n{body}"), Path::new("d.md"), 1).unwrap();
        render(&d, allow, "Article {n}")
    }

    #[test]
    fn numbers_articles_and_ids_sections() {
        let h = html("## Cookies\n\n### Performance {#perf}\n\ntext\n", false);
        assert!(
            h.contains("<h2 id=\"cookies\"><span class=\"article-number\">Article 1</span> Cookies"),
            "{h}"
        );
        assert!(
            h.contains("<h3 id=\"perf\">Performance <a class=\"anchor\" href=\"#perf\""),
            "{h}"
        );
    }

    #[test]
    fn raw_html_is_text_by_default() {
        let h = html("Hi <script>alert(1)</script>\n\n<div onclick=\"x\">y</div>\n", false);
        assert!(!h.contains("<script"), "{h}");
        assert!(!h.contains("<div"), "{h}");
        assert!(h.contains("&lt;script&gt;"), "{h}");
    }

    #[test]
    fn raw_html_is_sanitized_when_allowed() {
        let h = html(
            "<span id=\"keep\" onclick=\"x\">y</span> <script>alert(1)</script>\n",
            true,
        );
        assert!(!h.contains("script") && !h.contains("onclick"), "{h}");
        assert!(h.contains("id=\"keep\""), "{h}");
    }

    #[test]
    fn no_script_urls_or_event_attributes() {
        let h = html(
            "[x](javascript:alert(1)) [y](JavaScript:alert(1)) [ok](https://a.example/x:y) [rel](a/b:c)\n\n## T {onclick=alert(1)}\n",
            false,
        );
        assert!(!h.to_lowercase().contains("javascript"), "{h}");
        assert!(!h.contains("onclick"), "{h}");
        assert!(h.contains("href=\"https://a.example/x:y\""));
        assert!(h.contains("href=\"a/b:c\""));
    }

    #[test]
    fn wide_code_and_tables_scroll_in_a_box_reached_by_keyboard() {
        let h = html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nlong line\n```\n\n`<table>` and <pre>\n",
            false,
        );
        assert!(
            h.contains("<div class=\"table-scroll\" tabindex=\"0\"><table>") && h.contains("</table></div>"),
            "{h}"
        );
        assert!(h.contains("<pre tabindex=\"0\"><code>long line"), "{h}");
        assert_eq!(
            h.matches("tabindex").count(),
            2,
            "text that looks like the tags is left alone: {h}"
        );
        let allowed = html("| a |\n|---|\n| 1 |\n\n```\nx\n```\n", true);
        assert!(
            allowed.contains("<div class=\"table-scroll\" tabindex=\"0\">") && allowed.contains("<pre tabindex=\"0\">"),
            "kept by the sanitiser: {allowed}"
        );
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let h = html(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~ text[^1]\n\n[^1]: note\n",
            false,
        );
        assert!(
            h.contains("<table>") && h.contains("<del>old</del>") && h.contains("footnote"),
            "{h}"
        );
    }
}
