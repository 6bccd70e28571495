//! Article alignments already computed, shared by diffs that compare the same
//! article texts.
//!
//! Every older revision is diffed against the current one. An article that
//! did not change between two older revisions would otherwise be aligned
//! against the current text again for each of them, which makes a long
//! history's to-current diffs grow with the square of its length; with the
//! memo each distinct version of an article is aligned once.

use std::collections::HashMap;
use std::sync::Mutex;

use super::align;
use super::blocks::SourceBlock;
use super::moves::Movable;
use super::{Block, Budget};

/// A hit gives exactly what aligning again would (the texts are compared,
/// not only their hashes) and costs the budget the work aligning did, so a
/// diff made with a memo equals one made without.
#[derive(Default)]
pub struct Memo {
    entries: Mutex<HashMap<(u64, u64), Vec<Entry>>>,
}

struct Entry {
    old: Vec<SourceBlock>,
    new: Vec<SourceBlock>,
    /// Which blocks of old, then new, could be moves: that changes pairing.
    movable: Vec<bool>,
    blocks: Vec<Block>,
    work: u64,
}

/// One side of an aligned place: its blocks and their hash.
pub struct Side<'a> {
    pub blocks: &'a [SourceBlock],
    pub hash: u64,
}

impl Memo {
    pub fn new() -> Memo {
        Memo::default()
    }

    /// [`align::blocks`], from the memo when the same texts were aligned before.
    pub(crate) fn align(&self, old: Side<'_>, new: Side<'_>, movable: &Movable, budget: &mut Budget) -> Vec<Block> {
        // Equal sides are cheap to align and common: not worth an entry.
        if old.hash == new.hash && old.blocks == new.blocks {
            return align::blocks(old.blocks, new.blocks, movable, budget);
        }
        let flags: Vec<bool> = old
            .blocks
            .iter()
            .chain(new.blocks)
            .map(|b| movable.contains(b.text.as_str()))
            .collect();
        let key = (old.hash, new.hash);
        if let Ok(entries) = self.entries.lock()
            && let Some(e) = entries.get(&key).and_then(|v| {
                v.iter()
                    .find(|e| e.old == old.blocks && e.new == new.blocks && e.movable == flags)
            })
        {
            let mut trial = budget.clone();
            if trial.spend(e.work) {
                *budget = trial;
                return e.blocks.clone();
            }
        }
        let before = budget.clone();
        let blocks = align::blocks(old.blocks, new.blocks, movable, budget);
        if budget.coarse {
            return blocks;
        }
        let entry = Entry {
            old: old.blocks.to_vec(),
            new: new.blocks.to_vec(),
            movable: flags,
            blocks: blocks.clone(),
            work: before.spent_since(budget),
        };
        if let Ok(mut entries) = self.entries.lock() {
            entries.entry(key).or_default().push(entry);
        }
        blocks
    }
}
