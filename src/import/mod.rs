//! Importing a policy written in ordinary Markdown (as exported from a CMS,
//! a word processor or a web archive) as a charter document.
//!
//! The importer finds the title (front matter, a `#` heading, or a heading
//! that repeats it), drops a revision-information block and returns it as the
//! document's first revision, finds the heading level the articles use and
//! rewrites the headings as `##` articles and `###` sections without their
//! manual numbers, each with an explicit `{#id}`. Everything else is copied
//! as it is written, so the text stays the text the user gave.

mod blocks;
mod change;
mod front;
mod heading;
mod number;
#[cfg(test)]
mod proptests;
mod revision;
mod structure;
#[cfg(test)]
mod tests;

use std::fmt;
use std::ops::Range;

use crate::load::document::normalize_newlines;
use crate::model::Date;
use crate::one_line::one_line;

pub use crate::stated_date::{Stated, stated_effective};
pub use number::Letters;
pub use structure::Plan;

/// How to import a text.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The document's id: it becomes `content/<id>.md`.
    pub id: String,
    /// The title to use instead of the one found in the text.
    pub title: Option<String>,
    /// What a history decided for all its versions (default: decide from
    /// the text).
    pub plan: Plan,
}

/// An imported document.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The complete text of `content/<id>.md`: `+++` TOML front matter, then
    /// the Markdown body.
    pub document: String,
    /// The revision the text's revision-information block describes.
    pub revision: Option<FirstRevision>,
    /// What was converted, for the user to review.
    pub notes: Vec<String>,
    /// What was decided about the text's structure.
    pub plan: Plan,
    /// How the text's headings read their letters, for a history to decide
    /// once for all its versions.
    pub letters: Letters,
}

/// The record of the first revision, from a revision-information block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstRevision {
    pub date: Date,
    pub summary: String,
    pub changes: Vec<ImportedChange>,
}

/// One of the first revision's main changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedChange {
    /// The id of an article in the converted document.
    pub article: String,
    /// The id of a section of that article.
    pub section: Option<String>,
    pub note: String,
}

/// Why a text cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// 1-based line of the imported text.
    pub line: usize,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ImportError {}

/// An article of the converted document, for looking up revision changes.
#[derive(Debug, Clone)]
struct Article {
    id: String,
    title: String,
    /// Its manual number in the imported text.
    number: Option<u32>,
    /// Its sections: id and title.
    sections: Vec<(String, String)>,
}

/// Converts a Markdown policy into a charter document.
pub fn markdown(text: &str, opts: &Options) -> Result<Imported, ImportError> {
    let mut notes = Vec::new();
    let text = normalized(text, &mut notes);
    let front = front::split(&text, &mut notes)?;
    // Notes about the title come first, after those about the file's form.
    let head = notes.len();
    let body = front.body;
    let line = |offset: usize| front.body_line + body[..offset].matches('\n').count();
    let scan = blocks::scan(body);
    let mut dropped = vec![false; scan.blocks.len()];

    let found = drop_revision_blocks(&scan, &mut dropped, &line, &mut notes);
    let given = opts.title.as_deref().map(str::trim).filter(|t| !t.is_empty());
    let outcome = structure::rewrite(
        body,
        &scan,
        &mut dropped,
        front.title.as_deref(),
        given,
        front.toml,
        opts.plan,
        &line,
        &mut notes,
    );

    let titles = Titles {
        given,
        front: front.title.as_deref(),
        heading: outcome.title.as_ref(),
    };
    let (title, title_notes) = title(&titles, opts, &scan, &mut dropped, &line)?;
    notes.splice(head..head, title_notes);
    let rules = drop_stray_rules(&scan, &mut dropped);
    if rules > 0 {
        notes.push(format!("dropped {rules} horizontal rules around the removed parts"));
    }

    let numbering = front.numbering.as_deref().or(outcome.numbering);
    if front.numbering.is_none()
        && let Some(n) = outcome.numbering
    {
        notes.push(format!(
            "set `numbering = \"{n}\"` to write article numbers the way the text did"
        ));
    }
    let mut edits = outcome.edits;
    edits.extend(drop_edits(body, &scan, &dropped));
    let mut document = front::write(&title, front.description.as_deref(), numbering);
    document.push_str(&tidy(&apply(body, edits)));

    let revision = found
        .map(|f| first_revision(f, &line, &outcome.articles, &mut notes))
        .transpose()?;
    Ok(Imported {
        document,
        revision,
        notes,
        plan: outcome.plan,
        letters: outcome.letters,
    })
}

/// `text` without a byte order mark, with LF line endings.
fn normalized(text: &str, notes: &mut Vec<String>) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        notes.push("converted CRLF line endings to LF".to_string());
        normalize_newlines(text)
    } else {
        text.to_string()
    }
}

/// The titles found for a text: given with `--title`, in its front matter,
/// and taken from a heading (with that heading's block).
struct Titles<'a> {
    given: Option<&'a str>,
    front: Option<&'a str>,
    heading: Option<&'a (String, usize)>,
}

/// The document's title, the first of `titles` there is, and the notes that
/// say where it came from. The italic note of an exporter above a `#` title
/// is dropped with it.
fn title(
    titles: &Titles<'_>,
    opts: &Options,
    scan: &blocks::Scan,
    dropped: &mut [bool],
    line: &dyn Fn(usize) -> usize,
) -> Result<(String, Vec<String>), ImportError> {
    let mut notes = Vec::new();
    let title = match (titles.given, titles.front, titles.heading) {
        (Some(t), _, _) | (None, Some(t), _) => t.to_string(),
        (None, None, Some((t, _))) => t.clone(),
        (None, None, None) => {
            return Err(ImportError {
                line: 1,
                message: format!(
                    "found no title for `{}`: the text has no `#` heading and no `title` in front matter; \
                     pass one with `--title \"…\"`",
                    opts.id
                ),
            });
        }
    };
    if let (Some(t), Some(f)) = (titles.given, titles.front)
        && t != f
    {
        notes.push(format!(
            "used the given title “{t}” instead of “{f}” from the front matter"
        ));
    }
    if let Some((t, b)) = titles.heading {
        let h = &scan.headings[scan.blocks[*b].heading.unwrap_or_default()];
        let at = format!(
            "the `{}` heading on line {}",
            "#".repeat(h.level.into()),
            line(h.range.start)
        );
        notes.push(if *t == title {
            format!("took the title “{t}” from {at}")
        } else {
            format!("dropped {at}, “{t}”: the title is “{title}”")
        });
        // An italic line above a `#` title is an archive's or exporter's note.
        if h.level == 1 {
            for (k, block) in scan.blocks[..*b].iter().enumerate() {
                if block.italic_only && !dropped[k] {
                    dropped[k] = true;
                    notes.push(format!("dropped the italic note above the title: “{}”", block.text));
                }
            }
        }
    }
    Ok((title, notes))
}

/// The first revision a revision-information block describes, its changes
/// resolved against the converted document's `articles`.
fn first_revision(
    found: revision::Found,
    line: &dyn Fn(usize) -> usize,
    articles: &[Article],
    notes: &mut Vec<String>,
) -> Result<FirstRevision, ImportError> {
    let mut changes = Vec::new();
    for (item, offset) in &found.items {
        changes.push(revision::resolve(item, line(*offset), articles, notes)?);
    }
    let summary = found.summary.unwrap_or_else(|| {
        notes.push("the revision information has no summary line: wrote a placeholder; edit it".to_string());
        "First published version".to_string()
    });
    Ok(FirstRevision {
        date: found.date,
        summary,
        changes,
    })
}

/// Marks every revision-information block as dropped, and returns the
/// first: the one that becomes the first revision.
fn drop_revision_blocks(
    scan: &blocks::Scan,
    dropped: &mut [bool],
    line: &dyn Fn(usize) -> usize,
    notes: &mut Vec<String>,
) -> Option<revision::Found> {
    let mut all = revision::find(scan).into_iter();
    let first = all.next();
    for (k, f) in first.iter().chain(all.as_slice()).enumerate() {
        dropped[f.blocks.clone()].fill(true);
        let (start, end) = (&scan.blocks[f.blocks.start], &scan.blocks[f.blocks.end - 1]);
        let lines = format!("lines {}–{}", line(start.lines.start), line(end.lines.end - 1));
        notes.push(if k == 0 {
            format!("dropped the revision-information block ({lines}): its date, summary and main revisions are the first revision")
        } else {
            format!("dropped another revision-information block ({lines}): only the first one became the first revision")
        });
        if f.older > 0 {
            notes.push(format!(
                "the revision information also lists {} earlier dates: only the latest became the first revision",
                f.older
            ));
        }
    }
    first
}

/// Edits that remove the dropped blocks with the blank lines after them.
fn drop_edits(body: &str, scan: &blocks::Scan, dropped: &[bool]) -> Vec<(Range<usize>, String)> {
    let mut edits = Vec::new();
    for (block, _) in scan.blocks.iter().zip(dropped).filter(|(_, d)| **d) {
        // A blank line keeps the lines before and after from running together.
        let start = block.lines.start;
        let after_text = start > 0
            && !body[..start - 1]
                .rsplit('\n')
                .next()
                .is_none_or(|l| l.trim().is_empty());
        let blank = if after_text { "\n" } else { "" };
        edits.push((start..after_blank_lines(body, block.lines.end), blank.to_string()));
    }
    edits
}

/// Drops horizontal rules that no longer separate anything: at the start or
/// end of the text, or right after another rule. Returns how many.
fn drop_stray_rules(scan: &blocks::Scan, dropped: &mut [bool]) -> usize {
    let mut count = 0;
    let mut after_content = false;
    for b in 0..scan.blocks.len() {
        if dropped[b] {
            continue;
        }
        if scan.blocks[b].kind != blocks::Kind::Rule {
            after_content = true;
            continue;
        }
        let content_follows =
            (b + 1..scan.blocks.len()).any(|k| !dropped[k] && scan.blocks[k].kind != blocks::Kind::Rule);
        if !after_content || !content_follows {
            dropped[b] = true;
            count += 1;
        }
        after_content = false;
    }
    count
}

/// The offset after any whitespace-only lines from `at` (a line start).
fn after_blank_lines(body: &str, mut at: usize) -> usize {
    while at < body.len() {
        let end = body[at..].find('\n').map_or(body.len(), |i| at + i + 1);
        if !body[at..end].trim().is_empty() {
            break;
        }
        at = end;
    }
    at
}

/// `body` with the edits made; an edit inside an earlier one is skipped.
fn apply(body: &str, mut edits: Vec<(Range<usize>, String)>) -> String {
    edits.sort_by_key(|(r, _)| (r.start, std::cmp::Reverse(r.end)));
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for (range, text) in edits {
        if range.start < at {
            continue;
        }
        out.push_str(&body[at..range.start]);
        out.push_str(&text);
        at = range.end;
    }
    out.push_str(&body[at..]);
    out
}

/// No blank lines at the start, exactly one newline at the end.
fn tidy(body: &str) -> String {
    let start = after_blank_lines(body, 0);
    let body = body[start..].trim_end();
    if body.is_empty() {
        String::new()
    } else {
        format!("{body}\n")
    }
}

/// A title reduced to lowercase words, for comparing titles: case, spacing
/// and punctuation do not make another title. The diff's tokens keep all
/// three (see `crate::diff::tokens`), since there they are changes.
fn title_key(s: &str) -> String {
    let spaced: String = s
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .to_lowercase();
    one_line(&spaced).into_owned()
}

/// The same title, ignoring case, spacing and punctuation.
fn same_title(a: &str, b: &str) -> bool {
    title_key(a) == title_key(b)
}

/// True when `heading` repeats the document's `title`, perhaps shortened
/// ("Privacy Policy" under "[pixiv] Privacy Policy") or lengthened.
fn repeats_title(title: &str, heading: &str) -> bool {
    let (t, h) = (title_key(title), title_key(heading));
    !h.is_empty() && !t.is_empty() && (t.contains(&h) || h.contains(&t))
}
