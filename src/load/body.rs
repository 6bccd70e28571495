//! One pass of pulldown-cmark over a document body, shared by whoever needs
//! its events: the structure (articles and sections, for the checks) and,
//! in a build, the HTML and the diff blocks. Parsing is the costly part of
//! reading a revision, so a build parses each one once.
//!
//! The pass gives every `##` and `###` heading the id the structure gives
//! it (its `{#id}`, or one made from its title), on the heading's own start
//! event: a renderer of the same events needs no structure of its own.

use std::collections::VecDeque;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, OffsetIter, Parser, Tag, TagEnd};

use crate::markdown_options;
use crate::model::DocumentMeta;

/// Reads a revision's body from the events of the pass that loads it, and
/// makes of it what a build needs (its HTML, its diff blocks), so that the
/// body is not parsed a second time. Given the document's front matter, the
/// body, and every event of it with its byte range, headings' ids resolved.
pub type BodyReader<'r, T> =
    dyn for<'e> Fn(&DocumentMeta, &'e str, &mut dyn Iterator<Item = (Event<'e>, Range<usize>)>) -> T + Sync + 'r;

/// A heading as found in the Markdown.
#[derive(Debug)]
pub struct Heading {
    pub level: HeadingLevel,
    /// The `{#id}` written after it.
    pub explicit_id: Option<String>,
    /// Its text, whitespace collapsed.
    pub title: String,
    /// Byte offset of its first character in the body.
    pub start: usize,
}

/// The id of a `##` or `###` heading: its `{#id}` if valid, else one made
/// from its title. None when neither gives one (the structure says why).
pub fn heading_id(explicit: Option<&str>, title: &str) -> Option<String> {
    match explicit {
        Some(id) => is_valid_id(id).then(|| id.to_string()),
        None => Some(slug::slugify(title)).filter(|s| !s.is_empty()),
    }
}

/// Ids end up in URLs and `id` attributes: keep them to a safe alphabet.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The events of `body`, headings' ids resolved, and the headings seen so far.
pub fn events(body: &str) -> Events<'_> {
    Events {
        inner: Parser::new_ext(body, markdown_options()).into_offset_iter(),
        pending: VecDeque::new(),
        headings: Vec::new(),
    }
}

/// The events of a body in the parser's order, each `##`/`###` heading's
/// start event carrying its resolved id; see [`events`].
pub struct Events<'a> {
    inner: OffsetIter<'a>,
    /// A heading's events, held back until its end gives its title.
    pending: VecDeque<(Event<'a>, Range<usize>)>,
    headings: Vec<Heading>,
}

impl<'a> Events<'a> {
    /// Reads what is left, and returns every heading of the body.
    pub fn headings(mut self) -> Vec<Heading> {
        for _ in &mut self {}
        self.headings
    }

    /// Holds a heading's events from its start to its end, then gives the
    /// start event the id its title makes.
    fn hold_heading(&mut self, start: (Event<'a>, Range<usize>)) {
        let (mut start, at) = start;
        let Event::Start(Tag::Heading { level, id, .. }) = &mut start else {
            unreachable!("called on a heading start")
        };
        let level = *level;
        let explicit = id.as_ref().map(|s| s.to_string());
        let mut title = String::new();
        for (event, range) in self.inner.by_ref() {
            let end = matches!(event, Event::End(TagEnd::Heading(_)));
            match &event {
                Event::Text(t) | Event::Code(t) => title.push_str(t),
                Event::SoftBreak | Event::HardBreak => title.push(' '),
                _ => {}
            }
            self.pending.push_back((event, range));
            if end {
                break;
            }
        }
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        if matches!(level, HeadingLevel::H2 | HeadingLevel::H3)
            && let Some(resolved) = heading_id(explicit.as_deref(), &title)
            && let Event::Start(Tag::Heading { id, .. }) = &mut start
        {
            *id = Some(CowStr::from(resolved));
        }
        self.headings.push(Heading {
            level,
            explicit_id: explicit,
            title,
            start: at.start,
        });
        // Called with nothing held: the start goes before the rest of the heading.
        self.pending.push_front((start, at));
    }
}

impl<'a> Iterator for Events<'a> {
    type Item = (Event<'a>, Range<usize>);

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(held) = self.pending.pop_front() {
            return Some(held);
        }
        let next = self.inner.next()?;
        if matches!(next.0, Event::Start(Tag::Heading { .. })) {
            self.hold_heading(next);
            return self.pending.pop_front();
        }
        Some(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(body: &str) -> Vec<Option<String>> {
        events(body)
            .filter_map(|(e, _)| match e {
                Event::Start(Tag::Heading { id, .. }) => Some(id.map(|i| i.to_string())),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn headings_get_the_ids_of_the_structure() {
        let body = "Intro.\n\n## Personal *data*  here {#personal}\n\nText.\n\n## Cookie `policy`\n\n### Performance  cookies\n\n#### Deep {#deep}\n\n#### Deeper\n";
        assert_eq!(
            ids(body),
            [
                Some("personal".to_string()),
                Some("cookie-policy".to_string()),
                Some("performance-cookies".to_string()),
                Some("deep".to_string()),
                None
            ]
        );
        let headings = events(body).headings();
        let titles: Vec<_> = headings.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "Personal data here",
                "Cookie policy",
                "Performance cookies",
                "Deep",
                "Deeper"
            ]
        );
        assert_eq!(&body[headings[1].start..headings[1].start + 9], "## Cookie");
    }

    #[test]
    fn the_events_are_the_parser_s_but_for_heading_ids() {
        let body = "## A {#x}\n\nText with [a link](https://example.com) and *more*.\n\n### B\n\n- one\n- two\n";
        let ours: Vec<_> = events(body).collect();
        let theirs: Vec<_> = Parser::new_ext(body, markdown_options()).into_offset_iter().collect();
        assert_eq!(ours.len(), theirs.len());
        for ((a, ra), (b, rb)) in ours.iter().zip(&theirs) {
            assert_eq!(ra, rb);
            match (a, b) {
                (Event::Start(Tag::Heading { level: la, .. }), Event::Start(Tag::Heading { level: lb, .. })) => {
                    assert_eq!(la, lb)
                }
                _ => assert_eq!(a, b),
            }
        }
    }

    #[test]
    fn a_heading_without_a_usable_id_keeps_its_own() {
        assert_eq!(ids("## Bad {#a/b}\n\n## !!!\n"), [Some("a/b".to_string()), None]);
    }
}
