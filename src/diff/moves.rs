//! Linking a block deleted in one place to the same block inserted in
//! another, anywhere in the document: a paragraph that moved between
//! articles is one move, not a deletion and an unrelated insertion.

use rustc_hash::FxHashMap;

use super::blocks::{Extracted, SourceBlock};
use super::{ArticleDiff, Block, BlockStatus, Move, Span, SpanKind};

/// Shorter blocks ("Yes.", a table row "1 year") recur by chance; linking
/// them would claim moves that nobody made.
pub(super) const MIN_MOVE_CHARS: usize = 40;

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
pub(super) fn long_enough(text: &str) -> bool {
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
    pub fn old_may_have_moved(&self, b: &SourceBlock) -> bool {
        let (old, new) = self.counts(b);
        old > 0 && new >= old
    }

    /// Whether a new block that is not equal where it stands could have
    /// moved there: as many blocks with its text stood in the old version.
    pub fn new_may_have_moved(&self, b: &SourceBlock) -> bool {
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
pub(super) type Place = (Option<usize>, usize);

/// Turns matching deleted/inserted pairs into moved-out/moved-in blocks, in
/// document order of the deletions.
///
/// The minimum length applies to a run, as `git diff --color-moved=blocks`
/// does: adjacent blocks deleted in one place and inserted, in the same
/// order, adjacent in another are one move, linked when their texts add up
/// to [`MIN_MOVE_CHARS`]. A list of short items moved together is a move; one
/// short item alone ("Yes.") is not, since it recurs by chance.
pub fn link(preamble: &mut [Block], articles: &mut [ArticleDiff]) {
    let runs = {
        let places: Vec<&[Block]> = std::iter::once(&*preamble)
            .chain(articles.iter().map(|a| a.blocks.as_slice()))
            .collect();
        moved_runs(&places)
    };
    for run in runs {
        for (from, to) in run {
            let (from, to) = (place(from), place(to));
            let to_move = place_of(articles, to.0, false);
            let from_move = place_of(articles, from.0, true);
            settle(block_at(preamble, articles, from), BlockStatus::MovedOut, to_move);
            settle(block_at(preamble, articles, to), BlockStatus::MovedIn, from_move);
        }
    }
}

/// A block's place in the list of places: 0 for the preamble, 1 + the
/// article's index for an article; and its index there.
type At = (usize, usize);

fn place((p, i): At) -> Place {
    (p.checked_sub(1), i)
}

/// The text of a whole deleted (or inserted) block at `at`, if it is one.
fn whole_text(places: &[&[Block]], (p, i): At, status: BlockStatus) -> Option<std::sync::Arc<str>> {
    match places.get(p)?.get(i) {
        Some(b) if b.status == status => match b.spans.as_slice() {
            [only] => Some(only.text.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The runs of (departure, arrival) pairs to link: for each deletion not yet
/// linked, in document order, the arrival with its text that starts the
/// longest run (the first of equals), kept when the run is long enough.
fn moved_runs(places: &[&[Block]]) -> Vec<Vec<(At, At)>> {
    let mut arrivals: FxHashMap<std::sync::Arc<str>, Vec<At>> = FxHashMap::default();
    let mut departures: Vec<At> = Vec::new();
    for (p, blocks) in places.iter().enumerate() {
        for i in 0..blocks.len() {
            if let Some(text) = whole_text(places, (p, i), BlockStatus::Inserted) {
                arrivals.entry(text).or_default().push((p, i));
            } else if whole_text(places, (p, i), BlockStatus::Deleted).is_some() {
                departures.push((p, i));
            }
        }
    }
    if arrivals.is_empty() {
        return Vec::new();
    }
    let mut taken: rustc_hash::FxHashSet<At> = rustc_hash::FxHashSet::default();
    let mut runs = Vec::new();
    for from in departures {
        if taken.contains(&from) {
            continue;
        }
        let Some(text) = whole_text(places, from, BlockStatus::Deleted) else {
            continue;
        };
        let Some(candidates) = arrivals.get(&text) else {
            continue;
        };
        let mut best: Option<(usize, Vec<(At, At)>)> = None;
        for &to in candidates.iter().filter(|to| !taken.contains(*to)) {
            let run = run_from(places, from, to, &taken);
            let chars: usize = run
                .iter()
                .filter_map(|&(f, _)| whole_text(places, f, BlockStatus::Deleted))
                .map(|t| t.chars().count())
                .sum();
            if best.as_ref().is_none_or(|(c, _)| chars > *c) {
                best = Some((chars, run));
            }
        }
        if let Some((chars, run)) = best
            && chars >= MIN_MOVE_CHARS
        {
            taken.extend(run.iter().flat_map(|&(f, t)| [f, t]));
            runs.push(run);
        }
    }
    runs
}

/// The pairs from (`from`, `to`) on while the next deleted block after the
/// last departure and the next inserted block after the last arrival hold
/// the same text and are not yet linked.
fn run_from(places: &[&[Block]], from: At, to: At, taken: &rustc_hash::FxHashSet<At>) -> Vec<(At, At)> {
    let mut run = vec![(from, to)];
    let (mut f, mut t) = (from, to);
    loop {
        let (nf, nt) = ((f.0, f.1 + 1), (t.0, t.1 + 1));
        if nf == t || nt == f || taken.contains(&nf) || taken.contains(&nt) {
            break;
        }
        match (
            whole_text(places, nf, BlockStatus::Deleted),
            whole_text(places, nt, BlockStatus::Inserted),
        ) {
            (Some(a), Some(b)) if a == b => run.push((nf, nt)),
            _ => break,
        }
        (f, t) = (nf, nt);
    }
    run
}

pub(super) fn settle(block: &mut Block, status: BlockStatus, moved: Move) {
    let text = std::mem::take(&mut block.spans[0].text);
    block.status = status;
    block.spans = vec![Span::new(SpanKind::Equal, text)];
    block.moved = Some(moved);
}

pub(super) fn block_at<'a>(
    preamble: &'a mut [Block],
    articles: &'a mut [ArticleDiff],
    (at, i): Place,
) -> &'a mut Block {
    match at {
        None => &mut preamble[i],
        Some(a) => &mut articles[a].blocks[i],
    }
}

/// How a place is named: by its old side when a block left it, by its new
/// side when a block arrived there, so the label matches that version.
pub(super) fn place_of(articles: &[ArticleDiff], at: Option<usize>, old_side: bool) -> Move {
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
