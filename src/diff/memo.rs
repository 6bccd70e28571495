//! Work already done, shared by diffs that compare the same article texts.
//!
//! Every older revision is diffed against the current one. An article that
//! did not change between two older revisions would otherwise be aligned
//! against the current text again for each of them (and, when it lost its
//! id, compared again with every unmatched article), which makes a long
//! history's to-current diffs grow with the square of its length. With the
//! memo each distinct version of an article is worked on once.

use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use super::align;
use super::blocks::SourceBlock;
use super::moves::Movable;
use super::words::Profile;
use super::{Block, Budget, Span, words};

/// A hit gives exactly what the work would (the inputs are compared, not
/// only their hashes) and costs the budget what the work did, so a diff made
/// with a memo equals one made without.
#[derive(Default)]
pub struct Memo {
    aligned: Store<AlignInputs, Vec<Block>>,
    similar_articles: Store<(String, String), Option<f32>>,
    similar_blocks: Store<(String, String), Option<f32>>,
    /// The same to the lower threshold of a block replaced one for one: a
    /// result below a threshold depends on it.
    similar_blocks_one_for_one: Store<(String, String), Option<f32>>,
    /// The same to the threshold of a block moved and edited.
    similar_moved: Store<(String, String), Option<f32>>,
    spans: Store<(String, String), Vec<Span>>,
    /// Word profiles by the hash of their text; more than one only on a
    /// collision.
    profiles: Mutex<FxHashMap<u64, Vec<Arc<Profile>>>>,
}

/// Both articles' blocks, and which of them could be moves.
type AlignInputs = (Vec<SourceBlock>, Vec<SourceBlock>, Vec<bool>);

/// One side of a comparison: what is compared, and its hash.
#[derive(Clone, Copy)]
pub struct Side<'a, T: ?Sized> {
    pub value: &'a T,
    pub hash: u64,
}

impl Memo {
    pub fn new() -> Memo {
        Memo::default()
    }

    /// [`align::blocks`] of two articles' blocks.
    ///
    /// This and the functions below take the memo as an option: the diffs
    /// between consecutive revisions have none (nothing in them recurs),
    /// and then the work is simply done.
    pub(crate) fn align(
        memo: Option<&Memo>,
        old: Side<'_, [SourceBlock]>,
        new: Side<'_, [SourceBlock]>,
        movable: &Movable,
        budget: &mut Budget,
    ) -> Vec<Block> {
        let Some(memo) = memo else {
            return align::blocks(old.value, new.value, movable, None, budget);
        };
        // Equal sides are cheap to align and common: not worth an entry.
        if old.hash == new.hash && old.value == new.value {
            return align::blocks(old.value, new.value, movable, Some(memo), budget);
        }
        // Which blocks could be moves changes how they pair.
        let flags: Vec<bool> = (old.value.iter().map(|b| movable.old_may_have_moved(b)))
            .chain(new.value.iter().map(|b| movable.new_may_have_moved(b)))
            .collect();
        memo.aligned.get_or_run(
            (old.hash, new.hash),
            |(o, n, f)| o == old.value && n == new.value && *f == flags,
            || (old.value.to_vec(), new.value.to_vec(), flags.clone()),
            |budget| align::blocks(old.value, new.value, movable, Some(memo), budget),
            budget,
        )
    }

    /// How alike two articles' whole texts are, by `similarity`.
    pub(crate) fn similarity(
        memo: Option<&Memo>,
        old: Side<'_, str>,
        new: Side<'_, str>,
        similarity: impl FnOnce(&mut Budget) -> Option<f32>,
        budget: &mut Budget,
    ) -> Option<f32> {
        texts(memo.map(|m| &m.similar_articles), old, new, similarity, budget)
    }

    /// How alike two blocks are, by `similarity`, to the threshold of a hunk
    /// of several blocks or of one replaced `one_for_one`.
    pub(crate) fn block_similarity(
        memo: Option<&Memo>,
        (old, new): (&SourceBlock, &SourceBlock),
        one_for_one: bool,
        similarity: impl FnOnce(&mut Budget) -> Option<f32>,
        budget: &mut Budget,
    ) -> Option<f32> {
        let store = memo.map(|m| {
            if one_for_one {
                &m.similar_blocks_one_for_one
            } else {
                &m.similar_blocks
            }
        });
        texts(store, side(old), side(new), similarity, budget)
    }

    /// How alike a deleted and an inserted block are, to the threshold of
    /// one moved and edited: the same leftovers meet again in every
    /// to-current diff after the revision that moved them.
    pub(crate) fn moved_similarity(
        memo: Option<&Memo>,
        old: Side<'_, str>,
        new: Side<'_, str>,
        similarity: impl FnOnce(&mut Budget) -> Option<f32>,
        budget: &mut Budget,
    ) -> Option<f32> {
        texts(memo.map(|m| &m.similar_moved), old, new, similarity, budget)
    }

    /// The word profile of `text` (whose hash is `hash`), built once per
    /// memo: the current version's blocks and articles are compared again
    /// in every to-current diff. Profiles cost no budget, so a hit changes
    /// nothing but the time.
    pub(crate) fn profile(memo: Option<&Memo>, text: &Arc<str>, hash: u64) -> Arc<Profile> {
        let Some(memo) = memo else {
            return Arc::new(Profile::new(Arc::clone(text)));
        };
        if let Ok(profiles) = memo.profiles.lock()
            && let Some(p) = profiles.get(&hash).and_then(|v| v.iter().find(|p| p.text() == &**text))
        {
            return Arc::clone(p);
        }
        let profile = Arc::new(Profile::new(Arc::clone(text)));
        let Ok(mut profiles) = memo.profiles.lock() else {
            return profile;
        };
        // Another diff may have built the same one meanwhile: keep one.
        let kept = profiles.entry(hash).or_default();
        match kept.iter().find(|p| p.text() == &**text) {
            Some(p) => Arc::clone(p),
            None => {
                kept.push(Arc::clone(&profile));
                profile
            }
        }
    }

    /// [`words::spans`] of an edited block. A paragraph edited once is
    /// compared with the current text from every older article version.
    pub(crate) fn spans(memo: Option<&Memo>, old: &SourceBlock, new: &SourceBlock, budget: &mut Budget) -> Vec<Span> {
        Memo::text_spans(memo, side(old), side(new), budget)
    }

    /// [`words::spans`] of two texts.
    pub(crate) fn text_spans(
        memo: Option<&Memo>,
        old: Side<'_, str>,
        new: Side<'_, str>,
        budget: &mut Budget,
    ) -> Vec<Span> {
        let spans = |budget: &mut Budget| words::spans(old.value, new.value, budget);
        texts(memo.map(|m| &m.spans), old, new, spans, budget)
    }
}

fn side(b: &SourceBlock) -> Side<'_, str> {
    Side {
        value: &b.text,
        hash: b.hash,
    }
}

/// A store keyed by two texts; without one (no memo), `run` simply runs.
fn texts<V: Clone>(
    store: Option<&Store<(String, String), V>>,
    old: Side<'_, str>,
    new: Side<'_, str>,
    run: impl FnOnce(&mut Budget) -> V,
    budget: &mut Budget,
) -> V {
    let Some(store) = store else {
        return run(budget);
    };
    store.get_or_run(
        (old.hash, new.hash),
        |(o, n)| o == old.value && n == new.value,
        || (old.value.to_string(), new.value.to_string()),
        run,
        budget,
    )
}

/// Results by the hashes of their inputs, with the inputs to check a hit.
struct Store<K, V> {
    entries: Mutex<Buckets<K, V>>,
}

/// Entries by the hashes of (old, new): more than one only on a collision.
type Buckets<K, V> = FxHashMap<(u64, u64), Vec<Entry<K, V>>>;

impl<K, V> Default for Store<K, V> {
    fn default() -> Self {
        Store {
            entries: Mutex::new(FxHashMap::default()),
        }
    }
}

struct Entry<K, V> {
    inputs: K,
    value: V,
    work: u64,
}

impl<K, V: Clone> Store<K, V> {
    fn get_or_run(
        &self,
        key: (u64, u64),
        same: impl Fn(&K) -> bool,
        inputs: impl FnOnce() -> K,
        run: impl FnOnce(&mut Budget) -> V,
        budget: &mut Budget,
    ) -> V {
        if let Ok(entries) = self.entries.lock()
            && let Some(e) = entries.get(&key).and_then(|v| v.iter().find(|e| same(&e.inputs)))
        {
            let mut trial = budget.clone();
            if trial.spend(e.work) {
                *budget = trial;
                return e.value.clone();
            }
        }
        let before = budget.clone();
        let value = run(budget);
        // A result cut short depends on the budget left: not reusable.
        if budget.coarse {
            return value;
        }
        let entry = Entry {
            inputs: inputs(),
            value: value.clone(),
            work: before.spent_since(budget),
        };
        if let Ok(mut entries) = self.entries.lock() {
            entries.entry(key).or_default().push(entry);
        }
        value
    }
}
