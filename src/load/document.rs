//! Reading a document's structure: its front matter, its articles (`##`) and
//! their sections (`###`), with ids and the lines they stand on.

use std::collections::HashMap;
use std::path::Path;

use pulldown_cmark::HeadingLevel;

pub use super::body::is_valid_id;
use super::body::{self, BodyReader, Heading, heading_id};
use super::front_matter;
use crate::diagnostic::{Diagnostic, Lines};
use crate::model::{Article, Document, DocumentMeta, Section};

/// Ids the page layout uses itself; a heading may not take them.
pub const RESERVED_IDS: &[&str] = &[
    "main-content",
    "toc",
    "revision-info",
    "draft-notice",
    "upcoming-notice",
];

/// Parses a whole document file. `first_line` is the line of the containing
/// file on which `text` starts (a revision's body starts below its own record).
pub fn parse(text: &str, path: &Path, first_line: usize) -> Result<Document, Vec<Diagnostic>> {
    parse_read::<()>(text, path, first_line, None).map(|(doc, _)| doc)
}

/// [`parse`], handing the events of the body to `read` as they are parsed
/// (see [`BodyReader`]); what it makes of them comes back with the document.
pub fn parse_read<T>(
    text: &str,
    path: &Path,
    first_line: usize,
    read: Option<&BodyReader<'_, T>>,
) -> Result<(Document, Option<T>), Vec<Diagnostic>> {
    let split = front_matter::split(text, path, first_line).map_err(|d| vec![d])?;
    let mut meta: DocumentMeta = front_matter::parse(&split, path).map_err(|d| vec![d])?;
    // TOML escapes let forbidden characters in; `check` reports them (see
    // `text`), and pages get them as U+FFFD.
    crate::forbidden::clean_string(&mut meta.title);
    if let Some(n) = &mut meta.numbering {
        crate::forbidden::clean_string(n);
    }
    if let Some(d) = &mut meta.description {
        crate::forbidden::clean_string(d);
    }
    let mut problems = Vec::new();
    if meta.title.trim().is_empty() {
        problems.push(Diagnostic::error(
            path,
            Some(split.front_line),
            "`title` is empty: give the document a title",
        ));
    }
    if let Some(numbering) = meta.numbering.as_ref().filter(|n| !n.contains("{n}")) {
        problems.push(Diagnostic::error(
            path,
            Some(split.front_line),
            format!("numbering `{numbering}` has no `{{n}}`: write where the number goes, as in \"Article {{n}}\""),
        ));
    }
    let body = normalize_newlines(split.body);
    let mut events = body::events(&body);
    let read = read
        .filter(|_| problems.is_empty())
        .map(|read| read(&meta, &body, &mut events));
    let (preamble, articles, structure_problems) = structure(events.headings(), &body, path, split.body_line);
    problems.extend(structure_problems);
    if problems.is_empty() {
        let doc = Document {
            meta,
            body,
            body_line: split.body_line,
            preamble,
            articles,
        };
        Ok((doc, read))
    } else {
        Err(problems)
    }
}

/// `\r\n` and lone `\r` become `\n`: pulldown-cmark mis-reads a lone `\r`
/// before a heading attribute, and diffs must not see line-ending changes.
pub fn normalize_newlines(s: &str) -> String {
    if s.contains('\r') {
        s.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        s.to_string()
    }
}

type Structure = (std::ops::Range<usize>, Vec<Article>, Vec<Diagnostic>);

/// The preamble's range, the articles with their sections, and every
/// problem of the `##` and `###` headings of `body`.
fn structure(headings: Vec<Heading>, body: &str, path: &Path, body_line: usize) -> Structure {
    let mut lines = Lines::new(body);
    let mut line = |offset: usize| body_line + lines.at(offset) - 1;
    let mut problems = Vec::new();
    let mut articles: Vec<Article> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();

    for h in headings {
        let at = line(h.start);
        let Some((level, id)) = level_and_id(&h, at, path, &mut problems) else {
            continue;
        };
        problems.extend(id_problems(&id, at, path, &mut seen));
        let title = h.title;
        if level == 2 {
            let number = articles.len() + 1;
            articles.push(Article {
                id,
                number,
                title,
                line: at,
                range: h.start..body.len(),
                sections: Vec::new(),
            });
        } else if let Some(article) = articles.last_mut() {
            article.sections.push(Section {
                id,
                title,
                line: at,
                range: h.start..body.len(),
            });
        } else {
            problems.push(Diagnostic::error(
                path,
                Some(at),
                format!("the section `{title}` comes before any article: put a `##` article heading above it"),
            ));
        }
    }
    close_ranges(&mut articles, body.len());
    let preamble = 0..articles.first().map_or(body.len(), |a| a.range.start);
    (preamble, articles, problems)
}

/// The level (2 or 3) and id of heading `h`, on line `at`; none for a
/// deeper heading, which is not structure, and for one that cannot be
/// structure: a `#` heading, one without a title or a usable id, each with
/// its problem in `problems`.
fn level_and_id(h: &Heading, at: usize, path: &Path, problems: &mut Vec<Diagnostic>) -> Option<(u8, String)> {
    let title = &h.title;
    let level = match h.level {
        HeadingLevel::H1 => {
            problems.push(Diagnostic::error(
                path,
                Some(at),
                "a `#` heading in the text: the document's title comes from `title` in its front \
                 matter; write articles as `##` and sections as `###` headings",
            ));
            return None;
        }
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        _ => return None,
    };
    if title.is_empty() {
        problems.push(Diagnostic::error(
            path,
            Some(at),
            "a heading without a title: write its title after the `#` marks",
        ));
        return None;
    }
    match (heading_id(h.explicit_id.as_deref(), title), &h.explicit_id) {
        (Some(id), _) => Some((level, id)),
        (None, Some(id)) => {
            problems.push(Diagnostic::error(
                path,
                Some(at),
                format!("heading id `{id}` may hold only letters, digits, `-` and `_`: change the `{{#…}}` after the heading"),
            ));
            None
        }
        (None, None) => {
            problems.push(Diagnostic::error(
                path,
                Some(at),
                format!("cannot make an id from the heading `{title}`: add one, as in `## {title} {{#my-id}}`"),
            ));
            None
        }
    }
}

/// Why the heading on line `at` may not have `id`: the page layout uses
/// it, or an earlier heading has it (`seen` holds the ids so far, with
/// their lines, and takes this one).
fn id_problems(id: &str, at: usize, path: &Path, seen: &mut HashMap<String, usize>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if RESERVED_IDS.contains(&id) {
        problems.push(Diagnostic::error(
            path,
            Some(at),
            format!("the id `{id}` is used by the page layout: give this heading another id with `{{#…}}`"),
        ));
    }
    if let Some(first) = seen.insert(id.to_string(), at) {
        problems.push(Diagnostic::error(
            path,
            Some(at),
            format!(
                "duplicate id `{id}` (already used on line {first}): ids must be unique within a \
                 document; give this heading another id with `{{#…}}`"
            ),
        ));
    }
    problems
}

/// Each article ends where the next begins, or at `end`; each section where
/// the next section or its article ends.
fn close_ranges(articles: &mut [Article], end: usize) {
    for i in 0..articles.len() {
        let end = articles.get(i + 1).map_or(end, |next| next.range.start);
        let article = &mut articles[i];
        article.range.end = end;
        for j in 0..article.sections.len() {
            let section_end = article.sections.get(j + 1).map_or(end, |next| next.range.start);
            article.sections[j].range.end = section_end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(body: &str) -> Result<Document, Vec<Diagnostic>> {
        parse(&format!("+++\ntitle = \"T\"\n+++\n{body}"), Path::new("d.md"), 1)
    }

    #[test]
    fn articles_sections_ids_and_lines() {
        let d = doc(
            "Intro.\n\n## Personal data {#personal}\n\nText.\n\n## Cookie policy\n\n### Performance cookies\n\nMore.\n",
        )
        .unwrap();
        assert_eq!(d.articles.len(), 2);
        assert_eq!(d.articles[0].id, "personal");
        assert_eq!(d.articles[0].title, "Personal data");
        assert_eq!(d.articles[0].line, 6);
        assert_eq!(d.articles[1].id, "cookie-policy");
        assert_eq!(d.articles[1].number, 2);
        assert_eq!(d.label(&d.articles[1], "Article {n}"), "Article 2");
        let s = &d.articles[1].sections[0];
        assert_eq!(
            (s.id.as_str(), s.title.as_str(), s.line),
            ("performance-cookies", "Performance cookies", 12)
        );
        assert_eq!(&d.body[d.preamble.clone()], "Intro.\n\n");
        assert!(d.body[d.articles[0].range.clone()].starts_with("## Personal data"));
        assert!(d.body[d.articles[0].range.clone()].ends_with("Text.\n\n"));
        assert!(d.body[s.range.clone()].ends_with("More.\n"));
    }

    #[test]
    fn custom_numbering() {
        let d = parse(
            "+++\ntitle = \"T\"\nnumbering = \"§{n}\"\n+++\n## A\n",
            Path::new("d.md"),
            1,
        )
        .unwrap();
        assert_eq!(d.label(&d.articles[0], "Article {n}"), "§1");
    }

    #[test]
    fn duplicate_ids_name_both_lines() {
        let e = doc("## A {#x}\n\n## B {#x}\n").unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].line, Some(6));
        assert!(e[0].message.contains("line 4"), "{}", e[0]);
    }

    #[test]
    fn structural_mistakes() {
        let e = doc("# Title\n\n### Orphan\n\n## {#x}\n\n## Bad {#a/b}\n").unwrap_err();
        let lines: Vec<_> = e.iter().map(|d| d.line.unwrap()).collect();
        assert_eq!(lines, vec![4, 6, 8, 10], "{e:?}");
    }

    #[test]
    fn crlf_bodies_parse_like_lf() {
        let d = doc("## A {#a}\r\n\r\nText\r\n").unwrap();
        assert_eq!(d.articles[0].id, "a");
        assert!(!d.body.contains('\r'));
    }

    #[test]
    fn unknown_front_matter_key() {
        let e = parse("+++\ntitle = \"T\"\nauthor = \"x\"\n+++\n", Path::new("d.md"), 1).unwrap_err();
        assert_eq!(e[0].line, Some(3));
        assert!(e[0].message.contains("author"));
    }
}
