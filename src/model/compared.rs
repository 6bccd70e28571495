//! What comparing two versions of a document found of each article. The
//! diff finds it; `check` holds a revision's `changes` against it. It is
//! model data, below both, so that checking needs no diff of its own.

/// What became of an article from one version to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArticleStatus {
    Added,
    Removed,
    Changed,
    Moved,
    Renumbered,
    Unchanged,
}

impl ArticleStatus {
    /// The lowercase word used in serialised output and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            ArticleStatus::Added => "added",
            ArticleStatus::Removed => "removed",
            ArticleStatus::Changed => "changed",
            ArticleStatus::Moved => "moved",
            ArticleStatus::Renumbered => "renumbered",
            ArticleStatus::Unchanged => "unchanged",
        }
    }
}

/// An article as it stands in one of two versions compared.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ArticleSide {
    pub id: String,
    pub number: usize,
    /// "Article 11", under that version's numbering.
    pub label: String,
    pub title: String,
}

/// A comparison of a revision with the one before it, as far as checking
/// its `changes` needs: each article of the newer version, and what became
/// of it. A trait, so that the caller passes its diffs as they are.
pub trait ArticleStatuses {
    fn new_articles(&self) -> impl Iterator<Item = (ArticleStatus, &ArticleSide)>;
}

/// Whether a comparison found any word inserted or deleted, or text moved:
/// an editorial revision (a correction of formatting) has none. A trait for
/// the same reason as [`ArticleStatuses`].
pub trait ChangesWords {
    fn changes_words(&self) -> bool;
}
