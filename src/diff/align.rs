//! Aligning the blocks of one place (an article or the preamble) across
//! versions: equal blocks by their text, edited ones by similarity.

use similar::{Algorithm, DiffOp, capture_diff_slices};

use std::cell::OnceCell;
use std::sync::Arc;

use super::blocks::SourceBlock;
use super::breaks;
use super::memo::Memo;
use super::moves::Movable;
use super::words::{self, Profile};
use super::{Block, BlockStatus, Budget, Formatting, work};

/// Edited blocks below this similarity are shown as deleted and inserted.
const PAIR_THRESHOLD: f32 = 0.5;
/// One block replaced by one other in the same place is shown as an edit
/// down to this similarity: with no other block to pair it with, a reworded
/// sentence that kept a third of its words reads better as its word diff
/// than as a whole paragraph deleted and another inserted.
const ONE_FOR_ONE_THRESHOLD: f32 = 0.3;
/// Hunks up to this many old × new blocks are paired optimally; larger ones
/// (a rewrite) greedily within a window, to keep the work linear.
const FULL_PAIRING: usize = 4096;
const WINDOW: usize = 8;

/// Every block of both versions in one sequence: old ones in old order, new
/// ones in new order, equal ones once.
/// With a `memo`, block pairs compared before are not compared again.
pub fn blocks(
    old: &[SourceBlock],
    new: &[SourceBlock],
    movable: &Movable,
    memo: Option<&Memo>,
    budget: &mut Budget,
) -> Vec<Block> {
    if old == new {
        return new.iter().map(|b| Block::whole(b, BlockStatus::Equal)).collect();
    }
    if !budget.spend(work(old.len(), new.len())) {
        return deleted(old).chain(inserted(new)).collect();
    }
    let old_keys: Vec<&str> = old.iter().map(|b| b.text.as_ref()).collect();
    let new_keys: Vec<&str> = new.iter().map(|b| b.text.as_ref()).collect();
    // Patience: blocks that stand once on each side are the anchors, so a
    // line that recurs ("Learn more…") is never matched with another copy
    // across an edit; inside the gaps, Myers.
    let ops = capture_diff_slices(Algorithm::Patience, &old_keys, &new_keys);
    let mut out = Vec::with_capacity(old.len().max(new.len()));
    for op in ops {
        let (o, n) = (op.old_range(), op.new_range());
        match op {
            DiffOp::Equal { .. } => out.extend(old[o].iter().zip(&new[n]).map(|(o, n)| same_text(o, n))),
            DiffOp::Delete { .. } => out.extend(deleted(&old[o])),
            DiffOp::Insert { .. } => out.extend(inserted(&new[n])),
            DiffOp::Replace { .. } => replace(&old[o], &new[n], movable, memo, budget, &mut out),
        }
    }
    out
}

fn deleted(blocks: &[SourceBlock]) -> impl Iterator<Item = Block> + '_ {
    blocks.iter().map(|b| Block::whole(b, BlockStatus::Deleted))
}

fn inserted(blocks: &[SourceBlock]) -> impl Iterator<Item = Block> + '_ {
    blocks.iter().map(|b| Block::whole(b, BlockStatus::Inserted))
}

/// A block whose text did not change: equal, or changed in its formatting
/// alone (its kind, or its emphasis and code marks).
fn same_text(old: &SourceBlock, new: &SourceBlock) -> Block {
    let mut b = Block::whole(new, BlockStatus::Equal);
    b.shapes[0] = old.shape.clone();
    if old.kind != new.kind || old.marks != new.marks {
        b.status = BlockStatus::Changed;
        b.formatting = Some(Formatting {
            old_kind: old.kind,
            marks: old.marks != new.marks,
        });
    }
    b
}

/// A hunk where old blocks gave way to new ones: text cut differently
/// across blocks is one block with its breaks ([`breaks`]); between those,
/// pairs of alike blocks are changed, the rest deleted (before) and
/// inserted (after) between the pairs.
fn replace(
    old: &[SourceBlock],
    new: &[SourceBlock],
    movable: &Movable,
    memo: Option<&Memo>,
    budget: &mut Budget,
    out: &mut Vec<Block>,
) {
    let (mut i, mut j) = (0, 0);
    for g in breaks::find(old, new, movable, budget) {
        pairs(&old[i..g.old.start], &new[j..g.new.start], movable, memo, budget, out);
        out.push(breaks::block(&old[g.old.clone()], &new[g.new.clone()], budget));
        (i, j) = (g.old.end, g.new.end);
    }
    pairs(&old[i..], &new[j..], movable, memo, budget, out);
}

/// Pairs of alike blocks are changed, the rest deleted (before) and
/// inserted (after) between the pairs.
fn pairs(
    old: &[SourceBlock],
    new: &[SourceBlock],
    movable: &Movable,
    memo: Option<&Memo>,
    budget: &mut Budget,
    out: &mut Vec<Block>,
) {
    let (mut i, mut j) = (0, 0);
    for (pi, pj) in pair(old, new, movable, memo, budget) {
        out.extend(deleted(&old[i..pi]));
        out.extend(inserted(&new[j..pj]));
        out.extend(changed(&old[pi], &new[pj], memo, budget));
        (i, j) = (pi + 1, pj + 1);
    }
    out.extend(deleted(&old[i..]));
    out.extend(inserted(&new[j..]));
}

/// One edited block with word spans, or, once the work is spent, the old block
/// deleted and the new one inserted.
fn changed(old: &SourceBlock, new: &SourceBlock, memo: Option<&Memo>, budget: &mut Budget) -> Vec<Block> {
    if old.text == new.text {
        return vec![same_text(old, new)];
    }
    if budget.exhausted() {
        return vec![
            Block::whole(old, BlockStatus::Deleted),
            Block::whole(new, BlockStatus::Inserted),
        ];
    }
    vec![Block {
        kind: new.kind,
        status: BlockStatus::Changed,
        spans: Memo::spans(memo, old, new, budget),
        moved: None,
        formatting: {
            let marks = marks_only(&old.text, &new.text);
            (old.kind != new.kind || marks).then_some(Formatting {
                old_kind: old.kind,
                marks,
            })
        },
        shapes: [old.shape.clone(), new.shape.clone()],
    }]
}

/// True when two texts differ only in spaces and the characters of
/// emphasis and code marks: `**Note:**text` (whose marks Markdown leaves as
/// they are, since the closing `**` stands before a letter) against
/// `**Note:** text`. The marks that show are formatting, not words.
fn marks_only(old: &str, new: &str) -> bool {
    // Compared as they are read, without a copy: most edited blocks differ
    // in their first words.
    fn bare(s: &str) -> impl Iterator<Item = char> + '_ {
        s.chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '_' | '~' | '`'))
    }
    bare(old).eq(bare(new))
}

/// Pairs of (old, new) indexes, increasing on both sides, of blocks alike
/// enough to show as one edited block.
fn pair(
    old: &[SourceBlock],
    new: &[SourceBlock],
    movable: &Movable,
    memo: Option<&Memo>,
    budget: &mut Budget,
) -> Vec<(usize, usize)> {
    if budget.exhausted() {
        return Vec::new();
    }
    // Built on first use: with a memo, most pairs never need them.
    let old_p: Vec<OnceCell<Arc<Profile>>> = old.iter().map(|_| OnceCell::new()).collect();
    let new_p: Vec<OnceCell<Arc<Profile>>> = new.iter().map(|_| OnceCell::new()).collect();
    let old_moved: Vec<bool> = old.iter().map(|b| movable.old_may_have_moved(b)).collect();
    let new_moved: Vec<bool> = new.iter().map(|b| movable.new_may_have_moved(b)).collect();
    let one_for_one = old.len() == 1 && new.len() == 1 && old[0].kind == new[0].kind;
    let threshold = if one_for_one {
        ONE_FOR_ONE_THRESHOLD
    } else {
        PAIR_THRESHOLD
    };
    let sim = |i: usize, j: usize, budget: &mut Budget| {
        if old_moved[i] || new_moved[j] {
            return None;
        }
        let similarity = |budget: &mut Budget| {
            let a = old_p[i].get_or_init(|| Memo::profile(memo, &old[i].text, old[i].hash));
            let b = new_p[j].get_or_init(|| Memo::profile(memo, &new[j].text, new[j].hash));
            words::similarity(a, b, threshold, budget)
        };
        Memo::block_similarity(memo, (&old[i], &new[j]), one_for_one, similarity, budget)
    };
    if old.len() * new.len() <= FULL_PAIRING {
        best_pairs(old.len(), new.len(), |i, j| sim(i, j, budget))
    } else {
        let mut pairs = Vec::new();
        let mut next = 0;
        for i in 0..old.len() {
            let end = (next + WINDOW).min(new.len());
            if let Some(j) = (next..end).find(|&j| sim(i, j, budget).is_some()) {
                pairs.push((i, j));
                next = j + 1;
            }
        }
        pairs
    }
}

/// The increasing pairing with the greatest total similarity (an LCS where
/// each match weighs its similarity).
fn best_pairs(n: usize, m: usize, mut sim: impl FnMut(usize, usize) -> Option<f32>) -> Vec<(usize, usize)> {
    let w: Vec<Vec<Option<f32>>> = (0..n).map(|i| (0..m).map(|j| sim(i, j)).collect()).collect();
    let mut best = vec![vec![0f32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let take = w[i][j].map_or(f32::MIN, |r| r + best[i + 1][j + 1]);
            best[i][j] = take.max(best[i + 1][j]).max(best[i][j + 1]);
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        match w[i][j] {
            Some(r) if best[i][j] == r + best[i + 1][j + 1] => {
                out.push((i, j));
                (i, j) = (i + 1, j + 1);
            }
            _ if best[i][j] == best[i + 1][j] => i += 1,
            _ => j += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{BlockKind, SpanKind};

    fn para(text: &str) -> SourceBlock {
        SourceBlock::new(BlockKind::Paragraph, text.into())
    }

    fn statuses(old: &[&str], new: &[&str]) -> Vec<BlockStatus> {
        let old: Vec<_> = old.iter().map(|t| para(t)).collect();
        let new: Vec<_> = new.iter().map(|t| para(t)).collect();
        blocks(
            &old,
            &new,
            &Movable::none(),
            None,
            &mut Budget::new(crate::diff::DEFAULT_MAX_WORK),
        )
        .iter()
        .map(|b| b.status)
        .collect()
    }

    #[test]
    fn edited_blocks_pair_by_similarity_in_order() {
        use BlockStatus::*;
        let s = statuses(
            &["keep", "the cat sat on the mat", "gone entirely now", "end"],
            &["keep", "brand new words here", "the cat sat on a mat", "end"],
        );
        assert_eq!(s, vec![Equal, Inserted, Changed, Deleted, Equal]);
    }

    #[test]
    fn best_pairs_maximises_total_similarity() {
        let w = [[Some(0.6), Some(0.9)], [None, None]];
        assert_eq!(best_pairs(2, 2, |i, j| w[i][j]), vec![(0, 1)]);
        // Two fair pairs beat one good one: fewer blocks show as replaced.
        let w = [[Some(0.6), Some(0.9)], [None, Some(0.7)]];
        assert_eq!(best_pairs(2, 2, |i, j| w[i][j]), vec![(0, 0), (1, 1)]);
        let w = [[Some(0.6), None], [None, Some(0.7)]];
        assert_eq!(best_pairs(2, 2, |i, j| w[i][j]), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn expired_budget_replaces_whole_blocks() {
        let old = [para("one two three four")];
        let new = [para("one two three five")];
        let mut budget = Budget::new(0);
        let b = blocks(&old, &new, &Movable::none(), None, &mut budget);
        assert!(budget.coarse);
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0].spans,
            vec![crate::diff::Span::new(SpanKind::Deleted, "one two three four")]
        );
    }
}
