//! Which unmatched articles are worth comparing, when there are too many to
//! compare every old one with every new one.
//!
//! Comparing all pairs grows with the square of the article count: a
//! document whose 8,000 headings were all reworded took seconds, 50,000 did
//! not finish. A new article is compared only with the old articles that
//! share its rarest words, and with the few that stand where it stands;
//! either way, only with those whose lengths could reach the threshold. An
//! article that moved far and lost all its distinctive words is then not
//! found: it shows as removed and added, which is what it nearly is.

use rustc_hash::FxHashMap;

use super::words::Profile;

/// How far the search for a new article's old article goes.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Up to this many pairs, every pair is compared: every real document
    /// stays under it, so their diffs are those of the exhaustive search.
    pub exhaustive: usize,
    /// Old articles this many places either side of where a new one is
    /// expected to stand are compared with it.
    pub window: usize,
    /// At most this many old articles sharing rare words with a new one.
    pub shared: usize,
    /// How many of a new article's rarest words are looked up.
    pub rare_words: usize,
    /// A word in more old articles than this says too little to look up.
    pub common: usize,
}

pub const LIMITS: Limits = Limits {
    exhaustive: 64 * 64,
    window: 2,
    shared: 8,
    rare_words: 16,
    common: 64,
};

impl Limits {
    /// The most pairs [`pairs`] gives per new article.
    #[cfg(test)]
    pub fn per_article(&self) -> usize {
        self.shared + 2 * self.window + 1
    }

    /// Whether `old` by `new` articles are few enough to compare every pair.
    pub fn exhaustive(&self, old: usize, new: usize) -> bool {
        old.saturating_mul(new) <= self.exhaustive
    }
}

/// Every pair, in order.
pub fn all(old: usize, new: usize) -> Vec<(usize, usize)> {
    (0..old).flat_map(|i| (0..new).map(move |j| (i, j))).collect()
}

/// The pairs `(i, j)` of old article `old[i]` and new article `new[j]` to
/// compare, sorted; `expected[j]` is where `new[j]` would stand among `old`
/// had nothing moved. Pairs whose lengths alone rule out `threshold` are left
/// out.
pub fn pairs(
    old: &[&Profile],
    new: &[&Profile],
    expected: &[usize],
    threshold: f32,
    limits: &Limits,
) -> Vec<(usize, usize)> {
    let index = Index::new(old, new, limits.common);
    let mut out = Vec::new();
    for (j, profile) in new.iter().enumerate() {
        let fits = |i: usize| could_reach(old[i].word_count(), profile.word_count(), threshold);
        let at = expected[j].min(old.len().saturating_sub(1));
        let near = at.saturating_sub(limits.window)..(at + limits.window + 1).min(old.len());
        out.extend(near.filter(|&i| fits(i)).map(|i| (i, j)));
        let mut shared = index.sharing(profile, limits.rare_words);
        shared.retain(|&(_, i)| fits(i));
        // Most rare words shared first; then the nearest, then the first.
        shared.sort_by_key(|&(count, i)| (std::cmp::Reverse(count), i.abs_diff(at), i));
        out.extend(shared.iter().take(limits.shared).map(|&(_, i)| (i, j)));
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Whether texts of `a` and `b` words could be alike to `threshold`: they
/// share at most the shorter's words (the bound of `words::similarity`).
fn could_reach(a: usize, b: usize, threshold: f32) -> bool {
    super::words::ratio(a.min(b), a, b) >= threshold
}

/// Old articles by the words they hold, with how rare each word is.
struct Index {
    /// In how many articles, old and new, each word stands.
    documents: FxHashMap<u64, u32>,
    /// The old articles holding each word, for words not too common.
    holders: FxHashMap<u64, Vec<usize>>,
}

impl Index {
    fn new(old: &[&Profile], new: &[&Profile], common: usize) -> Index {
        let mut documents: FxHashMap<u64, u32> = FxHashMap::default();
        let mut in_old: FxHashMap<u64, u32> = FxHashMap::default();
        for (side, profiles) in [(true, old), (false, new)] {
            for p in profiles {
                for &h in distinct(p.sorted_hashes()) {
                    *documents.entry(h).or_default() += 1;
                    if side {
                        *in_old.entry(h).or_default() += 1;
                    }
                }
            }
        }
        let mut holders: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (i, p) in old.iter().enumerate() {
            for &h in distinct(p.sorted_hashes()) {
                if in_old.get(&h).is_some_and(|&n| n as usize <= common) {
                    holders.entry(h).or_default().push(i);
                }
            }
        }
        Index { documents, holders }
    }

    /// The old articles holding any of the `rare_words` rarest words of
    /// `profile` (ties by hash, so that the choice is the same every run),
    /// with how many of those words each holds.
    fn sharing(&self, profile: &Profile, rare_words: usize) -> Vec<(usize, usize)> {
        let mut words: Vec<(u32, u64)> = distinct(profile.sorted_hashes())
            .filter(|h| self.holders.contains_key(h))
            .map(|&h| (self.documents.get(&h).copied().unwrap_or(0), h))
            .collect();
        words.sort_unstable();
        let mut hits: Vec<usize> = words
            .iter()
            .take(rare_words)
            .flat_map(|(_, h)| self.holders.get(h).into_iter().flatten().copied())
            .collect();
        hits.sort_unstable();
        let mut out: Vec<(usize, usize)> = Vec::new();
        for i in hits {
            match out.last_mut() {
                Some((count, last)) if *last == i => *count += 1,
                _ => out.push((1, i)),
            }
        }
        out
    }
}

/// Each value of a sorted slice once.
fn distinct(sorted: &[u64]) -> impl Iterator<Item = &u64> {
    sorted
        .iter()
        .enumerate()
        .filter(|&(k, h)| k == 0 || sorted[k - 1] != *h)
        .map(|(_, h)| h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profiles(texts: &[&str]) -> Vec<Profile> {
        texts.iter().map(|t| Profile::new((*t).into())).collect()
    }

    fn small() -> Limits {
        Limits {
            exhaustive: 0,
            window: 0,
            shared: 1,
            rare_words: 4,
            common: 2,
        }
    }

    #[test]
    fn few_articles_compare_every_pair() {
        assert!(LIMITS.exhaustive(64, 64) && !LIMITS.exhaustive(65, 64));
        assert_eq!(all(2, 2), [(0, 0), (0, 1), (1, 0), (1, 1)]);
    }

    #[test]
    fn rare_words_find_a_far_move_and_lengths_rule_out() {
        let old = profiles(&["the zebra rule of the data", "the data we keep", "the"]);
        let new = profiles(&["the data of the zebra rules", "x y z w"]);
        let (o, n): (Vec<&Profile>, Vec<&Profile>) = (old.iter().collect(), new.iter().collect());
        // Both expected at old 2, the one-word "the", too short for either;
        // only shared rare words lead to old 0, and "x y z w" shares none.
        assert_eq!(pairs(&o, &n, &[2, 2], 0.6, &small()), [(0, 0)]);
    }

    #[test]
    fn the_window_reaches_neighbours() {
        let old = profiles(&["a", "b", "c", "d", "e"]);
        let new = profiles(&["v", "w"]);
        let (o, n): (Vec<&Profile>, Vec<&Profile>) = (old.iter().collect(), new.iter().collect());
        let limits = Limits { window: 1, ..small() };
        assert_eq!(pairs(&o, &n, &[0, 9], 0.6, &limits), [(0, 0), (1, 0), (3, 1), (4, 1)]);
    }
}
