//! Article-aware diffs between two document texts.
//!
//! A line diff of Markdown shows noise (a reflowed paragraph, renumbered list
//! items) and hides what readers of a policy care about: which article changed,
//! which was added, which only moved. So both texts are cut into rendered
//! blocks per article ([`blocks`]), articles are paired across versions
//! ([`articles`]), blocks are aligned inside each pair ([`align`]) with word
//! spans for edited blocks ([`words`]), and finally blocks that left one place
//! and arrived at another are linked, as they were ([`moves`]) or edited on
//! the way ([`moved_edits`]). [`format`] writes the result.
//!
//! Every step draws on one work budget ([`budget`]), counted in word
//! comparisons rather than seconds: a huge rewrite still produces a diff in
//! bounded time, only a coarser one (whole blocks instead of word spans), and
//! the same two texts give the same diff on a fast machine and a slow one.
//!
//! A build diffs each revision several times, so a version is cut into
//! blocks once ([`prepared`]), and the diffs of many versions against one
//! share the work they have in common ([`memo`]).

mod align;
mod articles;
mod blocks;
mod breaks;
mod budget;
mod candidates;
pub mod format;
mod lcs;
mod memo;
mod moved_edits;
mod moves;
mod prepared;
pub mod shape;
mod tokens;
mod words;

#[cfg(test)]
mod matching_tests;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod shape_tests;
#[cfg(test)]
mod tests;

pub(crate) use budget::{Budget, work};
pub use memo::Memo;
pub use prepared::{BlockReader, Prepared};
// What became of an article is model data: `check` reads it without the diff.
pub use crate::model::{ArticleSide, ArticleStatus};

use std::sync::Arc;

use crate::model::{ArticleStatuses, Document};

/// How much work a diff may do.
#[derive(Debug, Clone)]
pub struct Options {
    /// Word comparisons (the product of the two sides' lengths, summed over
    /// every sequence diffed) after which word-level work stops and the rest
    /// of the diff is done a whole block at a time.
    pub max_work: u64,
    /// How an article's number is written when its document sets no
    /// `numbering`: the site's `numbering.article` ("Article {n}").
    pub numbering: String,
}

/// Enough for any real revision (a rewritten 6,000-word policy needs a few
/// million), and about a second or two of the worst case on a current machine.
pub const DEFAULT_MAX_WORK: u64 = 1_000_000_000;

impl Default for Options {
    fn default() -> Options {
        Options {
            max_work: DEFAULT_MAX_WORK,
            numbering: crate::strings::Strings::builtin().get("numbering.article", &[]),
        }
    }
}

/// The difference between two versions of one document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct DocumentDiff {
    /// Word spans when the document title changed.
    pub title: Option<Vec<Span>>,
    /// Every block of the text before the first article.
    pub preamble: Vec<Block>,
    /// In the new order; a removed article sits where it stood in the old order.
    pub articles: Vec<ArticleDiff>,
    pub stats: Stats,
    /// True when the work budget ran out somewhere, so some edited
    /// blocks are shown as deleted + inserted rather than word by word.
    pub coarse: bool,
}

impl DocumentDiff {
    pub fn has_changes(&self) -> bool {
        self.title.is_some()
            || self.preamble.iter().any(|b| b.status != BlockStatus::Equal)
            || self.articles.iter().any(|a| a.status != ArticleStatus::Unchanged)
    }

    /// True when the preamble holds any block that is not equal.
    pub fn preamble_changed(&self) -> bool {
        self.preamble.iter().any(|b| b.status != BlockStatus::Equal)
    }
}

/// Article counts per status, and words over all blocks and titles.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub moved: usize,
    pub renumbered: usize,
    pub unchanged: usize,
    pub words_inserted: usize,
    pub words_deleted: usize,
    /// Blocks whose formatting changed (see [`Block::formatting`]), apart
    /// from words: a heading that became a paragraph changed no word.
    pub formatting: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ArticleDiff {
    pub status: ArticleStatus,
    /// None for an added article.
    pub old: Option<ArticleSide>,
    /// None for a removed article.
    pub new: Option<ArticleSide>,
    /// Word spans when the title changed.
    pub title: Option<Vec<Span>>,
    /// All blocks, equal ones too; the article's own heading is not a block.
    pub blocks: Vec<Block>,
}

impl ArticleDiff {
    /// The id anchors and moves refer to: the new one unless it was removed.
    pub fn id(&self) -> &str {
        self.side().id.as_str()
    }

    /// The side a reader sees first: new, or old for a removed article.
    pub fn side(&self) -> &ArticleSide {
        self.new
            .as_ref()
            .or(self.old.as_ref())
            .expect("an article diff has at least one side")
    }

    /// (inserted, deleted) words in the title and blocks.
    pub fn word_counts(&self) -> (usize, usize) {
        let mut counts = self.title.as_deref().map_or((0, 0), span_word_counts);
        for b in &self.blocks {
            let (i, d) = b.word_counts();
            counts.0 += i;
            counts.1 += d;
        }
        counts
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BlockKind {
    /// `###` and deeper; `##` headings are articles.
    Heading,
    Paragraph,
    ListItem,
    TableRow,
    Code,
    /// Footnote definitions, raw HTML and anything else with text.
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockStatus {
    Equal,
    Inserted,
    Deleted,
    Changed,
    MovedIn,
    MovedOut,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Block {
    pub kind: BlockKind,
    pub status: BlockStatus,
    /// Joining the texts of the spans of one side rebuilds that side's text.
    pub spans: Vec<Span>,
    /// Where a moved block came from (MovedIn) or went to (MovedOut).
    pub moved: Option<Move>,
    /// How its formatting changed, when it did: a `changed` block whose
    /// words may all be equal.
    pub formatting: Option<Formatting>,
    /// How the old and the new text are shown (links, emphasis, cells, a
    /// list number), where that is more than plain text and known: for
    /// pages that show the change in the document's own form. Not part of
    /// the diff's JSON, whose texts are the plain ones.
    #[serde(skip)]
    pub shapes: [Option<Arc<shape::Shape>>; 2],
}

/// A block's formatting change: its kind (the block's `kind` is the new
/// one), its inline marks (emphasis, strong, strikethrough, code), or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Formatting {
    /// The kind it had in the old version.
    pub old_kind: BlockKind,
    /// True when emphasis, strong, strikethrough or code marks changed,
    /// also where Markdown showed them as text (`**Note:**text`): then the
    /// block's spans show the marks deleted or inserted, and no word.
    pub marks: bool,
}

impl Block {
    /// The old text, as one text even where the old version held several
    /// blocks (see [`Block::old_texts`]).
    pub fn old_text(&self) -> String {
        self.side_text(SpanKind::Deleted)
    }

    /// The new text, as one text even where the new version holds several
    /// blocks (see [`Block::new_texts`]).
    pub fn new_text(&self) -> String {
        self.side_text(SpanKind::Inserted)
    }

    fn side_text(&self, changed: SpanKind) -> String {
        self.spans
            .iter()
            .filter(|s| s.kind == SpanKind::Equal || s.kind == changed)
            .map(|s| s.text.as_ref())
            .collect()
    }

    /// The old version's blocks this block stands for: more than one where
    /// a paragraph break was removed ([`SpanKind::Join`]).
    pub fn old_texts(&self) -> Vec<String> {
        self.side_texts(SpanKind::Deleted, SpanKind::Join)
    }

    /// The new version's blocks this block stands for: more than one where
    /// a paragraph break was inserted ([`SpanKind::Split`]).
    pub fn new_texts(&self) -> Vec<String> {
        self.side_texts(SpanKind::Inserted, SpanKind::Split)
    }

    fn side_texts(&self, changed: SpanKind, cut: SpanKind) -> Vec<String> {
        let mut out = vec![String::new()];
        for s in &self.spans {
            if s.kind == cut {
                out.push(String::new());
            } else if s.kind == SpanKind::Equal || s.kind == changed {
                out.last_mut().expect("never empty").push_str(&s.text);
            }
        }
        // A block's text has no space at either end; the space at a break
        // stays in the spans beside it.
        out.iter().map(|t| t.trim().to_string()).collect()
    }

    /// True when this block stands here in the old version; a moved-in block
    /// carries its text as an equal span but stood elsewhere.
    pub fn in_old(&self) -> bool {
        matches!(
            self.status,
            BlockStatus::Equal | BlockStatus::Deleted | BlockStatus::Changed | BlockStatus::MovedOut
        )
    }

    /// True when this block stands here in the new version.
    pub fn in_new(&self) -> bool {
        matches!(
            self.status,
            BlockStatus::Equal | BlockStatus::Inserted | BlockStatus::Changed | BlockStatus::MovedIn
        )
    }

    /// (inserted, deleted) words; an exact move's words did not change, and
    /// a moved and edited block counts its edits where it arrived. A block
    /// whose marks changed counts none: its edits, if any, are marks that
    /// Markdown showed as text (see [`Formatting::marks`]).
    pub fn word_counts(&self) -> (usize, usize) {
        if self.formatting.is_some_and(|f| f.marks) {
            return (0, 0);
        }
        span_word_counts(&self.spans)
    }

    /// `b` whole, as `status` says: its text on the side or sides it stands on.
    pub(crate) fn whole(b: &blocks::SourceBlock, status: BlockStatus) -> Block {
        let (span_kind, shapes) = match status {
            BlockStatus::Inserted => (SpanKind::Inserted, [None, b.shape.clone()]),
            BlockStatus::Deleted => (SpanKind::Deleted, [b.shape.clone(), None]),
            _ => (SpanKind::Equal, [b.shape.clone(), b.shape.clone()]),
        };
        Block {
            kind: b.kind,
            status,
            spans: vec![Span::new(span_kind, Arc::clone(&b.text))],
            moved: None,
            formatting: None,
            shapes,
        }
    }
}

/// The place a moved block came from or went to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Move {
    /// The article's anchor id (see [`ArticleDiff::id`]); empty for the preamble.
    pub article_id: String,
    /// "Article 7", or "the preamble".
    pub label: String,
    pub title: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SpanKind {
    Equal,
    Inserted,
    Deleted,
    /// A paragraph break inserted: the new version ends a block here and
    /// starts the next, the old one ran on. Its text is empty.
    Split,
    /// A paragraph break removed: the old version ended a block here, the
    /// new one runs on. Its text is empty.
    Join,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Span {
    pub kind: SpanKind,
    /// Shared, not copied, with the block it comes from: an unchanged block's
    /// text is in every diff of its version, and in the memo's alignments.
    pub text: Arc<str>,
}

impl Span {
    pub fn new(kind: SpanKind, text: impl Into<Arc<str>>) -> Span {
        Span {
            kind,
            text: text.into(),
        }
    }
}

impl ArticleStatuses for DocumentDiff {
    fn new_articles(&self) -> impl Iterator<Item = (ArticleStatus, &ArticleSide)> {
        self.articles.iter().filter_map(|a| Some((a.status, a.new.as_ref()?)))
    }
}

fn span_word_counts(spans: &[Span]) -> (usize, usize) {
    let mut counts = (0, 0);
    for s in spans {
        match s.kind {
            SpanKind::Inserted => counts.0 += count_words(&s.text),
            SpanKind::Deleted => counts.1 += count_words(&s.text),
            SpanKind::Equal | SpanKind::Split | SpanKind::Join => {}
        }
    }
    counts
}

/// `s.split_whitespace().count()`, byte by byte for ASCII text: every
/// inserted and deleted word of every diff is counted, twice. Words as a
/// reader counts them, not the diff's tokens (see [`tokens`]).
fn count_words(s: &str) -> usize {
    if !s.is_ascii() {
        return s.split_whitespace().count();
    }
    // A word starts at a non-space after a space or at the start: counted
    // over pairs of bytes, a loop the compiler vectorises. Summed in bytes,
    // 255 pairs at a time, so that its vectors hold 16 pairs, not 2 counts.
    let space = tokens::is_ascii_space;
    let bytes = s.as_bytes();
    let first = bytes.first().is_some_and(|&b| !space(b));
    let (before, after) = (bytes, bytes.get(1..).unwrap_or_default());
    let starts: usize = before
        .chunks(255)
        .zip(after.chunks(255))
        .map(|(b, a)| {
            let run = b.iter().zip(a).map(|(&b, &a)| u8::from(space(b) & !space(a)));
            usize::from(run.fold(0u8, u8::wrapping_add))
        })
        .sum();
    usize::from(first) + starts
}

/// Diffs two versions of a document.
pub fn documents(old: &Document, new: &Document, opts: &Options) -> DocumentDiff {
    prepared(&Prepared::new(old), &Prepared::new(new), opts, None)
}

/// Diffs two prepared versions, reusing and filling `memo` when given.
pub fn prepared(old: &Prepared<'_>, new: &Prepared<'_>, opts: &Options, memo: Option<&Memo>) -> DocumentDiff {
    let mut budget = Budget::new(opts.max_work);
    let (old_doc, new_doc) = (old.doc, new.doc);
    let (old_blocks, new_blocks) = (&old.blocks, &new.blocks);

    let title = (old_doc.meta.title != new_doc.meta.title)
        .then(|| words::spans(&old_doc.meta.title, &new_doc.meta.title, &mut budget));
    let movable = moves::Movable::new((old_blocks, &old.long), (new_blocks, &new.long));
    let mut preamble = align::blocks(&old_blocks.preamble, &new_blocks.preamble, &movable, memo, &mut budget);
    let pair = articles::Aligner {
        old,
        new,
        movable: &movable,
        memo,
        numbering: &opts.numbering,
    };
    let mut articles = articles::diff(&pair, &mut budget);
    // Statuses are already final: a moved block is as much a change as the
    // deleted or inserted block it replaces.
    moves::link(&mut preamble, &mut articles);
    moved_edits::link(&mut preamble, &mut articles, memo, &mut budget);

    let mut stats = Stats::default();
    for a in &articles {
        match a.status {
            ArticleStatus::Added => stats.added += 1,
            ArticleStatus::Removed => stats.removed += 1,
            ArticleStatus::Changed => stats.changed += 1,
            ArticleStatus::Moved => stats.moved += 1,
            ArticleStatus::Renumbered => stats.renumbered += 1,
            ArticleStatus::Unchanged => stats.unchanged += 1,
        }
        let (i, d) = a.word_counts();
        stats.words_inserted += i;
        stats.words_deleted += d;
    }
    let all_blocks = preamble.iter().chain(articles.iter().flat_map(|a| &a.blocks));
    stats.formatting = all_blocks.filter(|b| b.formatting.is_some()).count();
    for (i, d) in preamble
        .iter()
        .map(Block::word_counts)
        .chain(title.as_deref().map(span_word_counts))
    {
        stats.words_inserted += i;
        stats.words_deleted += d;
    }
    DocumentDiff {
        title,
        preamble,
        articles,
        stats,
        coarse: budget.coarse,
    }
}
