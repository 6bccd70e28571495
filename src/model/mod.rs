//! The content model: plain data that loading produces and every later stage reads.
//!
//! Nothing here reads files or renders HTML; a `Site` is built once by
//! [`crate::load`], validated by [`crate::check`], then only read.

mod compared;
pub mod config;
mod consent;
mod date;
mod revision_id;

use std::ops::Range;
use std::path::PathBuf;

pub use compared::{ArticleSide, ArticleStatus, ArticleStatuses, ChangesWords};
pub use config::Config;
pub use consent::Consent;
pub use date::Date;
pub use revision_id::RevisionId;

/// A whole site: its settings and every document with its history.
#[derive(Debug, Clone)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    /// In the order of their file names in `content/` (not quite id order:
    /// `privacy-2.md` comes before `privacy.md`).
    pub documents: Vec<DocumentEntry>,
}

/// One policy: the working copy the legal team edits and its published revisions.
#[derive(Debug, Clone)]
pub struct DocumentEntry {
    /// From the file name: `content/privacy.md` is `privacy`.
    pub id: String,
    /// `content/<id>.md`, relative to the site root.
    pub path: PathBuf,
    /// The working copy, as it is in `content/`; None when it could not be
    /// parsed (the problem is reported, and the history is still checked).
    pub working: Option<Document>,
    /// SHA-256 of the working copy's bytes; equal to the latest revision's when
    /// nothing was edited since it was cut.
    pub working_sha256: String,
    /// Oldest first.
    pub revisions: Vec<Revision>,
    /// True when a revision file of this document could not be read, so the
    /// hash chain has a gap that says nothing about tampering.
    pub history_incomplete: bool,
}

impl DocumentEntry {
    pub fn latest(&self) -> Option<&Revision> {
        self.revisions.last()
    }

    /// True when `content/` holds edits not yet cut as a revision.
    pub fn has_draft(&self) -> bool {
        self.working.is_some() && self.latest().is_none_or(|r| r.sha256 != self.working_sha256)
    }
}

/// A parsed document text: the working copy or a revision's frozen body.
#[derive(Debug, Clone)]
pub struct Document {
    pub meta: DocumentMeta,
    /// The Markdown after the front matter, line endings normalised to `\n`.
    pub body: String,
    /// The line of the containing file on which `body` starts.
    pub body_line: usize,
    /// Byte range of the text before the first article.
    pub preamble: Range<usize>,
    pub articles: Vec<Article>,
}

impl Document {
    pub fn article(&self, id: &str) -> Option<&Article> {
        self.articles.iter().find(|a| a.id == id)
    }

    /// "Article 11" for the given article under this document's numbering,
    /// or under `default` (the site's words) when it sets none.
    pub fn label(&self, article: &Article, default: &str) -> String {
        self.meta.label(article.number, default)
    }
}

/// A document's own front matter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentMeta {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    /// How an article's number is written; `{n}` is replaced by the number.
    /// None: the site's default, a word of its theme (`numbering.article`).
    #[serde(default)]
    pub numbering: Option<String>,
}

impl DocumentMeta {
    /// "Article 11" for article number 11 under this numbering, or under
    /// `default` when the document sets none.
    pub fn label(&self, number: usize, default: &str) -> String {
        self.numbering
            .as_deref()
            .unwrap_or(default)
            .replace("{n}", &number.to_string())
    }
}

/// A `##` heading and everything up to the next one.
#[derive(Debug, Clone)]
pub struct Article {
    pub id: String,
    /// 1-based position in the document.
    pub number: usize,
    pub title: String,
    /// Line of the heading in the containing file.
    pub line: usize,
    /// Byte range in the document body, heading included.
    pub range: Range<usize>,
    pub sections: Vec<Section>,
}

impl Article {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }
}

/// A `###` heading inside an article.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub title: String,
    pub line: usize,
    pub range: Range<usize>,
}

/// One published revision: its record and the text as it was published.
#[derive(Debug, Clone)]
pub struct Revision {
    pub id: RevisionId,
    /// `history/<doc>/<rev>.md`, relative to the site root.
    pub path: PathBuf,
    pub meta: RevisionMeta,
    /// SHA-256 of the body as it is on disk now (compare with `meta.sha256`).
    pub sha256: String,
    pub document: Document,
}

/// A revision's front matter.
#[derive(Debug, Clone)]
pub struct RevisionMeta {
    pub date: Date,
    pub effective: Date,
    pub summary: String,
    pub changes: Vec<Change>,
    pub sha256: String,
    pub previous: Option<String>,
    pub commit: Option<String>,
    /// `editorial = true`: a correction of typing or formatting that changes
    /// no word and no meaning. Not announced unless the site says so.
    pub editorial: bool,
    /// `consent = "required"` or `"notify"`, or what the record implies
    /// without it: `Notify`, or `None` for an editorial revision.
    pub consent: Consent,
    /// `summary_proposed = true`: charter wrote the summary, and no person
    /// has read it yet (`charter review` accepts it).
    pub summary_proposed: bool,
    /// Line of each field, for messages about it.
    pub lines: MetaLines,
}

impl RevisionMeta {
    /// The lines of the record's proposal markers (`summary_proposed` and
    /// every change's `proposed`), in the order of the file.
    pub fn proposal_lines(&self) -> Vec<usize> {
        let mut lines: Vec<usize> = self.lines.summary_proposed.into_iter().collect();
        lines.extend(self.changes.iter().filter_map(|c| c.proposed));
        lines.sort_unstable();
        lines
    }
}

/// Where a revision's fields stand in its file.
#[derive(Debug, Clone, Default)]
pub struct MetaLines {
    pub date: usize,
    pub effective: Option<usize>,
    pub sha256: usize,
    pub previous: Option<usize>,
    pub editorial: Option<usize>,
    pub consent: Option<usize>,
    /// Set only when `summary_proposed` is true.
    pub summary_proposed: Option<usize>,
}

/// One of a revision's main changes: "In Article 11 'Cookie policy', …".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub article: String,
    pub section: Option<String>,
    pub note: String,
    /// Lines of `article` and of `section`.
    pub line: usize,
    pub section_line: Option<usize>,
    /// The line of `proposed = true`: charter wrote the note from the diff,
    /// and no person has read it yet. None once it is accepted.
    pub proposed: Option<usize>,
}
