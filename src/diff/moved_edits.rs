//! Moved and edited: a paragraph that left one place and arrived at another
//! a little reworded is one move with its word diff, not a paragraph deleted
//! here and an unrelated one inserted there.
//!
//! Runs after [`super::moves::link`], on the whole deleted and inserted
//! blocks left: those that aligning did not pair (they stand in different
//! articles, or on either side of an unchanged block of one article).

use std::hash::BuildHasher;
use std::sync::Arc;

use super::memo::{Memo, Side};
use super::moves::{Place, block_at, long_enough, place_of};
use super::words;
use super::{ArticleDiff, Block, BlockStatus, Budget, Span, SpanKind};

/// How alike a deleted and an inserted block must be to be one moved block:
/// above the 0.5 of an edit in place, since a block far away that merely
/// shares half its words was not moved there.
const MOVED_EDIT_THRESHOLD: f32 = 0.75;

/// Past this many (deleted × inserted) blocks left over, the text was
/// rewritten rather than moved: none are compared, so the work stays linear.
const MAX_PAIRS: usize = 64 * 64;

/// Pairs the deleted and inserted blocks left over that are alike enough,
/// most alike first (ties in document order), and turns each pair into a
/// moved-out block (its old text, as any move) and a moved-in block with the
/// word diff from the old text: its words count once, there. With a memo,
/// pairs and profiles seen in an earlier diff are not worked out again.
pub fn link(preamble: &mut [Block], articles: &mut [ArticleDiff], memo: Option<&Memo>, budget: &mut Budget) {
    let (gone, came) = leftovers(preamble, articles);
    if gone.is_empty() || came.is_empty() || gone.len() * came.len() > MAX_PAIRS {
        return;
    }
    let hashed = |(_, t): &Whole| (Arc::clone(t), rustc_hash::FxBuildHasher.hash_one(&**t));
    let (gone_h, came_h): (Vec<_>, Vec<_>) = (gone.iter().map(hashed).collect(), came.iter().map(hashed).collect());
    let gone_p: Vec<_> = gone_h.iter().map(|(t, h)| Memo::profile(memo, t, *h)).collect();
    let came_p: Vec<_> = came_h.iter().map(|(t, h)| Memo::profile(memo, t, *h)).collect();
    let mut alike = Vec::new();
    for (i, a) in gone_p.iter().enumerate() {
        for (j, b) in came_p.iter().enumerate() {
            let similarity = |budget: &mut Budget| words::similarity(a, b, MOVED_EDIT_THRESHOLD, budget);
            if let Some(r) = Memo::moved_similarity(memo, side(&gone_h[i]), side(&came_h[j]), similarity, budget) {
                alike.push((r, i, j));
            }
        }
    }
    alike.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let (mut gone_taken, mut came_taken) = (vec![false; gone.len()], vec![false; came.len()]);
    for (_, i, j) in alike {
        if gone_taken[i] || came_taken[j] {
            continue;
        }
        (gone_taken[i], came_taken[j]) = (true, true);
        let ((from, old), (to, _)) = (&gone[i], &came[j]);
        let spans = Memo::text_spans(memo, side(&gone_h[i]), side(&came_h[j]), budget);
        let to_move = place_of(articles, to.0, false);
        let from_move = place_of(articles, from.0, true);
        let out = block_at(preamble, articles, *from);
        let old_shape = out.shapes[0].clone();
        out.status = BlockStatus::MovedOut;
        out.spans = vec![Span::new(SpanKind::Equal, Arc::clone(old))];
        out.moved = Some(to_move);
        let arrived = block_at(preamble, articles, *to);
        arrived.status = BlockStatus::MovedIn;
        arrived.spans = spans;
        arrived.shapes[0] = old_shape;
        arrived.moved = Some(from_move);
    }
}

/// One side of a comparison, from a text and its hash.
fn side((text, hash): &(Arc<str>, u64)) -> Side<'_, str> {
    Side {
        value: text,
        hash: *hash,
    }
}

/// A block's place and text.
type Whole = (Place, Arc<str>);

/// The whole deleted and the whole inserted blocks long enough to be moves.
fn leftovers(preamble: &[Block], articles: &[ArticleDiff]) -> (Vec<Whole>, Vec<Whole>) {
    let (mut gone, mut came) = (Vec::new(), Vec::new());
    let places = std::iter::once((None, preamble))
        .chain(articles.iter().enumerate().map(|(i, a)| (Some(i), a.blocks.as_slice())));
    for (at, blocks) in places {
        for (i, b) in blocks.iter().enumerate() {
            let [only] = b.spans.as_slice() else { continue };
            if !long_enough(&only.text) {
                continue;
            }
            match b.status {
                BlockStatus::Deleted => gone.push(((at, i), Arc::clone(&only.text))),
                BlockStatus::Inserted => came.push(((at, i), Arc::clone(&only.text))),
                _ => {}
            }
        }
    }
    (gone, came)
}
