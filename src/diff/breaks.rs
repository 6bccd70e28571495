//! Paragraphs split and joined: text that crossed a block boundary.
//!
//! A paragraph cut in two without a word changed is, block by block, one
//! paragraph deleted and two inserted, or one paired with its first half
//! and the rest inserted: either way a reader sees words change that did
//! not. So where one block of one version holds (nearly) the words of
//! several adjacent blocks of the other, cut differently, they are compared
//! as one text, and each block boundary of the side with several blocks is
//! a span of its own: [`SpanKind::Split`] (a paragraph break inserted) or
//! [`SpanKind::Join`] (one removed). Real edits inside are word spans as in
//! any edited block.
//!
//! Only one block against several is looked for, not several against
//! several: that covers a paragraph cut in two, two joined, and the
//! paragraphs of a loose list item, which are one block with it, taken into
//! or out of the item.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::blocks::SourceBlock;
use super::moves::Movable;
use super::{Block, BlockStatus, Budget, Formatting, Span, SpanKind, words, work};

/// At most this many blocks on the side with several: a longer run cut
/// differently is a rewrite, and the search stays linear.
const MAX_PIECES: usize = 8;
/// How alike, in words, the one block and the joined blocks must be.
const JOINED_THRESHOLD: f32 = 0.8;
/// How many of each piece's words must stand in the one block: a piece
/// that brings words of its own is a block of its own, not a piece.
const PIECE_THRESHOLD: f32 = 0.75;
/// Hunks larger than this (old × new blocks) are a rewrite: not searched.
const MAX_HUNK: usize = 4096;

/// A run of old blocks and a run of new ones, one of them a single block,
/// that hold the same text cut differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// The groups of a hunk, increasing on both sides and not overlapping,
/// the most alike (weighed by the blocks they cover) first.
pub fn find(old: &[SourceBlock], new: &[SourceBlock], movable: &Movable, budget: &mut Budget) -> Vec<Group> {
    if old.len() * new.len() > MAX_HUNK || budget.exhausted() || (old.len() < 2 && new.len() < 2) {
        return Vec::new();
    }
    let mut ids = Interner::default();
    let old_words: Vec<Vec<u32>> = old.iter().map(|b| ids.words(&b.text)).collect();
    let new_words: Vec<Vec<u32>> = new.iter().map(|b| ids.words(&b.text)).collect();
    let bag = &mut vec![0u32; ids.len()];
    let old_free: Vec<bool> = old.iter().map(|b| !movable.old_may_have_moved(b)).collect();
    let new_free: Vec<bool> = new.iter().map(|b| !movable.new_may_have_moved(b)).collect();
    let mut found: Vec<(f32, Group)> = Vec::new();
    for i in 0..old.len() {
        for j in 0..new.len() {
            // One old block cut into several new ones (a split)…
            if old_free[i]
                && let Some((r, k)) = best_run(&old_words[i], &new_words[j..], &new_free[j..], bag, budget)
            {
                found.push((
                    r * (k + 1) as f32,
                    Group {
                        old: i..i + 1,
                        new: j..j + k,
                    },
                ));
            }
            // …and several old blocks joined into one new one.
            if new_free[j]
                && let Some((r, k)) = best_run(&new_words[j], &old_words[i..], &old_free[i..], bag, budget)
            {
                found.push((
                    r * (k + 1) as f32,
                    Group {
                        old: i..i + k,
                        new: j..j + 1,
                    },
                ));
            }
        }
    }
    found.sort_by(|a, b| {
        (b.0.total_cmp(&a.0)).then((a.1.old.start, a.1.new.start).cmp(&(b.1.old.start, b.1.new.start)))
    });
    let mut taken: Vec<Group> = Vec::new();
    for (_, g) in found {
        let fits = taken.iter().all(|t| {
            (g.old.end <= t.old.start && g.new.end <= t.new.start)
                || (g.old.start >= t.old.end && g.new.start >= t.new.end)
        });
        if fits {
            taken.push(g);
        }
    }
    taken.sort_by_key(|g| g.old.start);
    taken
}

/// The number of pieces (at least two) from the start of `pieces` that
/// together hold the words of `one`, with how alike they are. `bag` is
/// scratch space, a count per word id, all zero before and after: this runs
/// for every pair of blocks in a hunk, so it must not allocate.
fn best_run(
    one: &[u32],
    pieces: &[Vec<u32>],
    free: &[bool],
    bag: &mut [u32],
    budget: &mut Budget,
) -> Option<(f32, usize)> {
    // Two pieces at least, and no more words than the one block holds (with
    // the leeway of the threshold): most candidates end here, for nothing.
    let limit = one.len() as f32 / JOINED_THRESHOLD;
    match pieces {
        [a, b, ..] if !one.is_empty() && (a.len() + b.len()) as f32 <= limit => {}
        _ => return None,
    }
    for &w in one {
        bag[w as usize] += 1;
    }
    let best = run_in_bag(one.len(), pieces, free, bag, budget);
    // Pieces only take from words of `one`: clearing those empties the bag.
    for &w in one {
        bag[w as usize] = 0;
    }
    best
}

/// [`best_run`] once the words of the one block are in `bag`.
fn run_in_bag(
    one_len: usize,
    pieces: &[Vec<u32>],
    free: &[bool],
    bag: &mut [u32],
    budget: &mut Budget,
) -> Option<(f32, usize)> {
    let limit = one_len as f32 / JOINED_THRESHOLD;
    let (mut common, mut total) = (0usize, 0usize);
    let mut best = None;
    for (k, piece) in pieces.iter().take(MAX_PIECES).enumerate() {
        if !free[k] || piece.is_empty() {
            break;
        }
        if !budget.spend(work(piece.len(), 1)) {
            return None;
        }
        let mut shared = 0;
        for &w in piece {
            let n = &mut bag[w as usize];
            if *n > 0 {
                *n -= 1;
                shared += 1;
            }
        }
        if (shared as f32) < PIECE_THRESHOLD * piece.len() as f32 {
            break;
        }
        common += shared;
        total += piece.len();
        if total as f32 > limit {
            break;
        }
        let r = 2.0 * common as f32 / (one_len + total) as f32;
        if k >= 1 && r >= JOINED_THRESHOLD && best.is_none_or(|(b, _)| r > b) {
            best = Some((r, k + 1));
        }
    }
    best
}

/// Numbers for the words of a hunk, so that comparing blocks counts in an
/// array instead of hashing every word again for every pair.
#[derive(Default)]
struct Interner<'a> {
    ids: FxHashMap<&'a str, u32>,
}

impl<'a> Interner<'a> {
    /// The words of a text as [`words::similarity`] weighs them (runs of
    /// letters and digits), as ids.
    fn words(&mut self, text: &'a str) -> Vec<u32> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| {
                let next = self.ids.len() as u32;
                *self.ids.entry(w).or_insert(next)
            })
            .collect()
    }

    fn len(&self) -> usize {
        self.ids.len()
    }
}

/// The group as one changed block: the word diff of the joined texts, with
/// a break span at each boundary of the side with several blocks. Its kind
/// is the new version's (of its first block).
pub fn block(old: &[SourceBlock], new: &[SourceBlock], budget: &mut Budget) -> Block {
    let joined = |blocks: &[SourceBlock]| {
        let mut text = String::new();
        let mut cuts = Vec::new();
        for (i, b) in blocks.iter().enumerate() {
            if i > 0 {
                text.push(' ');
                cuts.push(text.len());
            }
            text.push_str(&b.text);
        }
        (text, cuts)
    };
    let ((old_text, old_cuts), (new_text, new_cuts)) = (joined(old), joined(new));
    let spans = words::spans(&old_text, &new_text, budget);
    let spans = if new.len() > 1 {
        cut(spans, &new_cuts, SpanKind::Inserted, SpanKind::Split)
    } else {
        cut(spans, &old_cuts, SpanKind::Deleted, SpanKind::Join)
    };
    let formatting = (old[0].kind != new[0].kind).then_some(Formatting {
        old_kind: old[0].kind,
        marks: false,
    });
    Block {
        kind: new[0].kind,
        status: BlockStatus::Changed,
        spans,
        moved: None,
        formatting,
        // Several blocks as one text: shown plain.
        shapes: [None, None],
    }
}

/// Puts a `brk` span at each of `cuts`, offsets in the text of one side
/// (its equal spans and those of kind `side`), each just after the space
/// that joined two blocks.
fn cut(spans: Vec<Span>, cuts: &[usize], side: SpanKind, brk: SpanKind) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len() + 2 * cuts.len());
    let push = |out: &mut Vec<Span>, kind: SpanKind, text: &str| match out.last_mut() {
        Some(last) if last.kind == kind && kind != brk => {
            last.text = format!("{}{text}", last.text).into();
        }
        _ if text.is_empty() && kind != brk => {}
        _ => out.push(Span::new(kind, text)),
    };
    let mut cuts = cuts.iter().copied().peekable();
    let mut pos = 0;
    for s in spans {
        if s.kind != SpanKind::Equal && s.kind != side {
            push(&mut out, s.kind, &s.text);
            continue;
        }
        let (mut text, mut start) = (&s.text[..], pos);
        while let Some(c) = cuts.next_if(|&c| c < start + text.len()) {
            let (before, after) = text.split_at(c - start);
            push(&mut out, s.kind, before);
            push(&mut out, brk, "");
            (text, start) = (after, c);
        }
        push(&mut out, s.kind, text);
        pos = start + text.len();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::BlockKind;

    fn para(text: &str) -> SourceBlock {
        SourceBlock::new(BlockKind::Paragraph, text.into())
    }

    #[test]
    fn a_split_paragraph_is_one_block_with_a_break() {
        let old = [para("We keep your data. We never sell it.")];
        let new = [para("We keep your data."), para("We never sell it.")];
        let mut budget = Budget::new(crate::diff::DEFAULT_MAX_WORK);
        assert_eq!(
            find(&old, &new, &Movable::none(), &mut budget),
            vec![Group { old: 0..1, new: 0..2 }]
        );
        let b = block(&old, &new, &mut budget);
        assert_eq!(b.word_counts(), (0, 0));
        assert_eq!(b.old_texts(), vec!["We keep your data. We never sell it."]);
        assert_eq!(b.new_texts(), vec!["We keep your data.", "We never sell it."]);
        assert!(b.spans.iter().any(|s| s.kind == SpanKind::Split));
    }

    #[test]
    fn a_block_with_words_of_its_own_is_not_a_piece() {
        let old = [para("We keep your data and never sell it to anyone at all.")];
        let new = [
            para("We keep your data and never sell it to anyone at all."),
            para("Refunds are paid within thirty days."),
        ];
        let mut budget = Budget::new(crate::diff::DEFAULT_MAX_WORK);
        assert_eq!(find(&old, &new, &Movable::none(), &mut budget), vec![]);
    }
}
