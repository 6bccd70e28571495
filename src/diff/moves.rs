//! Linking a block deleted in one place to the same block inserted in
//! another, anywhere in the document: a paragraph that moved between
//! articles is one move, not a deletion and an unrelated insertion.

use std::collections::VecDeque;

use rustc_hash::FxHashMap;

use super::blocks::{Extracted, SourceBlock};
use super::{ArticleDiff, Block, BlockStatus, Move, Span, SpanKind};

/// Shorter blocks ("Yes.", a table row "1 year") recur by chance; linking
/// them would claim moves that nobody made.
const MIN_MOVE_CHARS: usize = 40;

/// Where each block long enough to be linked as a move stands, sorted by
/// the hash of its text: worked out once per version, since a version takes
/// part in several diffs. A sorted list rather than a map of lists: one
/// allocation per version instead of one per block.
#[derive(Debug, Default)]
pub struct LongBlocks(Vec<(u64, usize, usize)>);

impl LongBlocks {
    pub fn new(e: &Extracted) -> LongBlocks {
        let mut at = Vec::new();
        for (place, blocks) in places(e).enumerate() {
            for (i, b) in blocks.iter().enumerate() {
                if long_enough(&b.text) {
                    at.push((b.hash, place, i));
                }
            }
        }
        at.sort_unstable();
        LongBlocks(at)
    }

    /// How many blocks with `b`'s text stand in this version.
    fn count(&self, e: &Extracted, b: &SourceBlock) -> usize {
        let first = self.0.partition_point(|&(h, ..)| h < b.hash);
        self.0[first..]
            .iter()
            .take_while(|&&(h, ..)| h == b.hash)
            .filter(|&&(_, place, i)| text_at(e, (place, i)) == b.text.as_ref())
            .count()
    }
}

/// At least [`MIN_MOVE_CHARS`] characters, counted only when the byte length
/// leaves it open (a character is one to four bytes).
fn long_enough(text: &str) -> bool {
    text.len() >= 4 * MIN_MOVE_CHARS || (text.len() >= MIN_MOVE_CHARS && text.chars().count() >= MIN_MOVE_CHARS)
}

/// The preamble, then each article.
fn places(e: &Extracted) -> impl Iterator<Item = &Vec<SourceBlock>> {
    std::iter::once(&e.preamble).chain(&e.articles)
}

fn text_at(e: &Extracted, (place, i): (usize, usize)) -> &str {
    let blocks = if place == 0 {
        &e.preamble
    } else {
        &e.articles[place - 1]
    };
    &blocks[i].text
}

/// The texts long enough to be linked as moves that stand in both versions.
/// A block with such a text that is not equal where it stands must have
/// moved: aligning must not pair it with a merely similar block there, or
/// the move would show as an edit here and an insertion elsewhere.
///
/// Counted, not only looked up: a text that stands twice in the old version
/// (a contact line in two articles) and once in the new one lost a copy, so
/// an old copy that is not equal where it stands was edited or deleted, not
/// moved; pairing it keeps its word diff. The same holds the other way for
/// a new text that stands more often than before.
///
/// Asked block by block rather than listed: only the blocks of edited
/// places are ever asked about, and a list would hash every block's text.
#[derive(Clone, Copy)]
pub struct Movable<'a> {
    old: (&'a Extracted, &'a LongBlocks),
    new: (&'a Extracted, &'a LongBlocks),
}

impl<'a> Movable<'a> {
    pub fn new(old: (&'a Extracted, &'a LongBlocks), new: (&'a Extracted, &'a LongBlocks)) -> Movable<'a> {
        Movable { old, new }
    }

    /// No text is movable: two empty versions (for tests of one place alone).
    #[cfg(test)]
    pub fn none() -> Movable<'static> {
        static EMPTY: (Extracted, LongBlocks) = (
            Extracted {
                preamble: Vec::new(),
                articles: Vec::new(),
            },
            LongBlocks(Vec::new()),
        );
        Movable::new((&EMPTY.0, &EMPTY.1), (&EMPTY.0, &EMPTY.1))
    }

    /// Whether an old block that is not equal where it stands could have
    /// moved: as many blocks with its text stand in the new version as in
    /// the old, so one of them is left for it.
    pub fn from_old(&self, b: &SourceBlock) -> bool {
        let (old, new) = self.counts(b);
        old > 0 && new >= old
    }

    /// Whether a new block that is not equal where it stands could have
    /// moved there: as many blocks with its text stood in the old version.
    pub fn from_new(&self, b: &SourceBlock) -> bool {
        let (old, new) = self.counts(b);
        new > 0 && old >= new
    }

    fn counts(&self, b: &SourceBlock) -> (usize, usize) {
        match self.old.1.count(self.old.0, b) {
            0 => (0, 0),
            old => (old, self.new.1.count(self.new.0, b)),
        }
    }
}

/// A block's place: `None` for the preamble, else the article's index.
type Place = (Option<usize>, usize);

/// Turns matching deleted/inserted pairs into moved-out/moved-in blocks,
/// first deletion with first insertion, in document order.
pub fn link(preamble: &mut [Block], articles: &mut [ArticleDiff]) {
    let mut arrivals: FxHashMap<std::sync::Arc<str>, VecDeque<Place>> = FxHashMap::default();
    let mut departures: Vec<(std::sync::Arc<str>, Place)> = Vec::new();
    let places = std::iter::once((None, &*preamble))
        .chain(articles.iter().enumerate().map(|(i, a)| (Some(i), a.blocks.as_slice())));
    for (at, blocks) in places {
        for (i, b) in blocks.iter().enumerate() {
            let (status, text) = match (b.status, b.spans.as_slice()) {
                (s @ (BlockStatus::Inserted | BlockStatus::Deleted), [only]) => (s, &only.text),
                _ => continue,
            };
            if !long_enough(text) {
                continue;
            }
            if status == BlockStatus::Inserted {
                arrivals.entry(text.clone()).or_default().push_back((at, i));
            } else {
                departures.push((text.clone(), (at, i)));
            }
        }
    }
    if arrivals.is_empty() {
        return;
    }
    for (text, from) in departures {
        let Some(to) = arrivals.get_mut(&text).and_then(VecDeque::pop_front) else {
            continue;
        };
        let to_move = place_of(articles, to.0, false);
        let from_move = place_of(articles, from.0, true);
        settle(block_at(preamble, articles, from), BlockStatus::MovedOut, to_move);
        settle(block_at(preamble, articles, to), BlockStatus::MovedIn, from_move);
    }
}

fn settle(block: &mut Block, status: BlockStatus, moved: Move) {
    let text = std::mem::take(&mut block.spans[0].text);
    block.status = status;
    block.spans = vec![Span::new(SpanKind::Equal, text)];
    block.moved = Some(moved);
}

fn block_at<'a>(preamble: &'a mut [Block], articles: &'a mut [ArticleDiff], (at, i): Place) -> &'a mut Block {
    match at {
        None => &mut preamble[i],
        Some(a) => &mut articles[a].blocks[i],
    }
}

/// How a place is named: by its old side when a block left it, by its new
/// side when a block arrived there, so the label matches that version.
fn place_of(articles: &[ArticleDiff], at: Option<usize>, old_side: bool) -> Move {
    let Some(a) = at.map(|a| &articles[a]) else {
        return Move {
            article_id: String::new(),
            label: "the preamble".to_string(),
            title: String::new(),
        };
    };
    let side = if old_side {
        a.old.as_ref().unwrap_or(a.side())
    } else {
        a.new.as_ref().unwrap_or(a.side())
    };
    Move {
        article_id: a.id().to_string(),
        label: side.label.clone(),
        title: side.title.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The byte-length shortcut counts as the characters would.
        #[test]
        fn long_enough_counts_characters(s in "[a-z é€😀]{0,60}") {
            proptest::prop_assert_eq!(long_enough(&s), s.chars().count() >= MIN_MOVE_CHARS);
        }
    }
}
