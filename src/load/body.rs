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

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use crate::model::DocumentMeta;
use crate::one_line::one_line;

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
        None => Some(title_id(title)).filter(|s| !s.is_empty()),
    }
}

/// The id a title makes: `slug`'s spelling of it, lowercase ASCII letters
/// and digits with `-` between words, other scripts spelled in Latin
/// letters (`Café` `cafe`, `目的` `mu-de`). Empty when the title has
/// nothing to spell (`!!!`). Import writes these ids out too, so that a
/// heading has the same id whether it was imported or written here.
pub fn title_id(title: &str) -> String {
    slug::slugify(title)
}

/// Ids end up in URLs and `id` attributes: keep them to a safe alphabet.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Heading marks that do not make the heading they seem to: where each
/// stands in `body` (a byte offset) and what is wrong with it. pulldown-cmark
/// reads both silently: `{#Security Measures}` as the id `Security` (and a
/// stray attribute), `##Security` as a paragraph.
pub fn heading_mistakes(body: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_paragraph = false;
    for (event, range) in crate::markdown::parse(body) {
        match event {
            Event::Start(Tag::Heading { id, classes, attrs, .. }) => {
                let has_block = id.is_some() || !classes.is_empty() || !attrs.is_empty();
                let line = body[range.clone()].lines().next().unwrap_or_default();
                if has_block && let Some(problem) = attribute_block_problem(line) {
                    out.push((range.start, problem));
                }
            }
            Event::Start(Tag::Paragraph) => in_paragraph = true,
            Event::End(TagEnd::Paragraph) => in_paragraph = false,
            Event::Text(text) if in_paragraph && starts_line(body, range.start) => {
                if let Some(problem) = unspaced_heading(&text) {
                    out.push((range.start, problem));
                }
            }
            _ => {}
        }
    }
    out
}

/// What is wrong with the `{…}` block at the end of a heading's line: each
/// of its words must be `#id` (once at most), `.class` or `key=value`. A bare
/// word, as in `{#Security Measures}`, is read as an attribute and dropped.
fn attribute_block_problem(line: &str) -> Option<String> {
    let line = line.trim_end();
    let open = line.rfind('{')?;
    let inner = line[open..].strip_prefix('{')?.strip_suffix('}')?.trim();
    let words: Vec<&str> = inner.split_whitespace().collect();
    let ids: Vec<&str> = words.iter().filter_map(|w| w.strip_prefix('#')).collect();
    let bare: Vec<&str> = words
        .iter()
        .copied()
        .filter(|w| !w.starts_with(['#', '.']) && !w.contains('='))
        .collect();
    if bare.is_empty() && ids.len() <= 1 && ids.iter().all(|id| !id.is_empty()) {
        return None;
    }
    let meant: Vec<&str> = ids.iter().chain(&bare).copied().collect();
    let suggestion = title_id(&meant.join(" "));
    Some(format!(
        "the heading's `{{{inner}}}` does not give it one id: an id has no spaces, and only one `#id` is \
         read, so the heading would silently get another id than the one written. Write a single id, such \
         as `{{#{suggestion}}}`"
    ))
}

/// `##Title`: an article (or `###` section) heading missing the space after
/// its marks, which Markdown reads as plain text.
fn unspaced_heading(text: &str) -> Option<String> {
    let marks = text.bytes().take_while(|&b| b == b'#').count();
    let next = text[marks..].chars().next()?;
    if !(2..=3).contains(&marks) || !next.is_alphanumeric() {
        return None;
    }
    let (what, hashes) = if marks == 2 {
        ("an article", "##")
    } else {
        ("a section", "###")
    };
    Some(format!(
        "`{}` reads as text, not as {what} heading: put a space after `{hashes}`",
        text.chars().take(40).collect::<String>()
    ))
}

/// Whether `offset` is the first character of its line, but for indentation.
fn starts_line(body: &str, offset: usize) -> bool {
    body[..offset]
        .bytes()
        .rev()
        .take_while(|&b| b != b'\n')
        .all(|b| b == b' ' || b == b'\t')
}

/// The events of `body`, headings' ids resolved, and the headings seen so far.
pub fn events(body: &str) -> Events<'_> {
    Events {
        inner: crate::markdown::parse(body),
        pending: VecDeque::new(),
        headings: Vec::new(),
    }
}

/// The events of a body in the parser's order, each `##`/`###` heading's
/// start event carrying its resolved id; see [`events`].
pub struct Events<'a> {
    inner: crate::markdown::Events<'a>,
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
        let title = one_line(&title).into_owned();
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
        let theirs: Vec<_> = crate::markdown::parse(body).collect();
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
    fn heading_mistakes_are_found_where_they_stand() {
        let body = "## Good {#good}\n\n## Data {#Security Measures}\n\nText\n##Security\n\n###Cookies here\n\n\
                    ## Two {#a #b}\n\n## Classy {#c .x data-y=1}\n\n`##code` and #1 and ## spaced\n\n```\n##fenced\n```\n";
        let found: Vec<(usize, String)> = heading_mistakes(body)
            .into_iter()
            .map(|(at, m)| (crate::diagnostic::line_of(body, at), m))
            .collect();
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [3, 6, 8, 10], "{found:?}");
        assert!(found[0].1.contains("`{#Security Measures}`") && found[0].1.contains("`{#security-measures}`"));
        assert!(found[1].1.contains("article heading") && found[1].1.contains("space after `##`"));
        assert!(found[2].1.contains("section heading"));
    }

    #[test]
    fn a_heading_without_a_usable_id_keeps_its_own() {
        assert_eq!(ids("## Bad {#a/b}\n\n## !!!\n"), [Some("a/b".to_string()), None]);
    }
}
