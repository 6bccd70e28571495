//! The Markdown of documents: one way to read it, for every reader of it
//! (render, diff, checks), so that what one of them sees the others see
//! too; and one way to write text into Markdown ([`escape`]).
//!
//! HTML comments are an editor's notes (`<!-- TODO -->`, a linter's
//! `<!-- markdownlint-disable -->`): they are taken out here, before any
//! reader, so they never reach a page, a diff, a link check or a word
//! count, whether or not the site allows raw HTML.

pub mod escape;

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, OffsetIter, Parser, Tag, TagEnd};

use crate::markdown_options;

/// The events of `body` with their byte ranges, HTML comments left out.
pub fn parse(body: &str) -> Events<'_> {
    Events {
        inner: Parser::new_ext(body, markdown_options()).into_offset_iter(),
        ready: VecDeque::new(),
    }
}

/// See [`parse`].
pub struct Events<'a> {
    inner: OffsetIter<'a>,
    /// The events of an HTML block once its comments are out.
    ready: VecDeque<(Event<'a>, Range<usize>)>,
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(next) = self.ready.pop_front() {
                return Some(next);
            }
            let (event, range) = self.inner.next()?;
            match event {
                Event::InlineHtml(html) if html.starts_with("<!--") => continue,
                Event::Start(Tag::HtmlBlock) => self.html_block(range),
                other => return Some((other, range)),
            }
        }
    }
}

impl<'a> Events<'a> {
    /// Reads an HTML block to its end and queues what is left of it without
    /// its comments: nothing at all when it held only comments. A comment
    /// may span lines, which come as separate events.
    fn html_block(&mut self, start: Range<usize>) {
        let mut kept = Vec::new();
        let mut in_comment = false;
        let mut end = None;
        for (event, range) in self.inner.by_ref() {
            match event {
                Event::Html(line) => {
                    let (text, still) = without_comments(&line, in_comment);
                    in_comment = still;
                    if text.len() == line.len() {
                        kept.push((Event::Html(line), range));
                    } else if !text.trim().is_empty() {
                        kept.push((Event::Html(CowStr::from(text)), range));
                    }
                }
                Event::End(TagEnd::HtmlBlock) => {
                    end = Some(range);
                    break;
                }
                other => kept.push((other, range)),
            }
        }
        if kept
            .iter()
            .any(|(e, _)| matches!(e, Event::Html(t) if !t.trim().is_empty()))
        {
            self.ready.push_back((Event::Start(Tag::HtmlBlock), start.clone()));
            self.ready.extend(kept);
            self.ready
                .push_back((Event::End(TagEnd::HtmlBlock), end.unwrap_or(start)));
        }
    }
}

/// `line` without the comments in it, given whether a comment is open at
/// its start; and whether one is still open at its end. `<!-->` and
/// `<!--->` are whole (empty) comments, as in HTML.
fn without_comments(line: &str, mut in_comment: bool) -> (String, bool) {
    let mut out = String::new();
    let mut rest = line;
    loop {
        if in_comment {
            match rest.find("-->") {
                Some(i) => {
                    rest = &rest[i + 3..];
                    in_comment = false;
                }
                None => return (out, true),
            }
        } else {
            match rest.find("<!--") {
                Some(i) => {
                    out.push_str(&rest[..i]);
                    rest = &rest[i + 4..];
                    if let Some(r) = rest.strip_prefix('>').or_else(|| rest.strip_prefix("->")) {
                        rest = r;
                    } else {
                        in_comment = true;
                    }
                }
                None => {
                    out.push_str(rest);
                    return (out, false);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(body: &str) -> Vec<Event<'_>> {
        parse(body).map(|(e, _)| e).collect()
    }

    fn html_of(body: &str) -> String {
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, parse(body).map(|(e, _)| e));
        out
    }

    #[test]
    fn inline_comments_are_left_out_of_paragraphs_and_items() {
        assert_eq!(
            html_of("We keep <!-- check with legal\nfirst --> your data.\n\n* one <!--x-->\n"),
            "<p>We keep  your data.</p>\n<ul>\n<li>one </li>\n</ul>\n"
        );
    }

    #[test]
    fn a_block_of_comments_leaves_nothing_not_even_an_empty_block() {
        let body = "<!-- markdownlint-disable MD033 -->\n\n<!-- a note\nover lines -->\n\nText.\n";
        assert_eq!(html_of(body), "<p>Text.</p>\n");
        assert!(!events(body).iter().any(|e| matches!(e, Event::Start(Tag::HtmlBlock))));
    }

    #[test]
    fn html_around_a_comment_in_a_block_stays() {
        assert_eq!(html_of("<div>\n<!-- note -->kept\n</div>\n"), "<div>\nkept\n</div>\n");
    }

    #[test]
    fn empty_and_odd_comments_close_where_html_closes_them() {
        assert_eq!(without_comments("a<!-->b", false), ("ab".into(), false));
        assert_eq!(without_comments("a<!--->b", false), ("ab".into(), false));
        assert_eq!(
            without_comments("a<!-- x -- y -->b<!-- open", false),
            ("ab".into(), true)
        );
        assert_eq!(without_comments("still --> c", true), (" c".into(), false));
        assert_eq!(without_comments("no comment", false), ("no comment".into(), false));
    }

    #[test]
    fn text_that_only_shows_comment_marks_is_kept() {
        // In code, a comment is text.
        assert_eq!(
            html_of("`<!-- x -->`\n\n    <!-- y -->\n"),
            "<p><code>&lt;!-- x --&gt;</code></p>\n<pre><code>&lt;!-- y --&gt;\n</code></pre>\n"
        );
    }
}
