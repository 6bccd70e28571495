//! The length of a longest common subsequence, a row of the table at a time
//! as bits (Hyyrö, "Bit-parallel LCS-length computation revisited", 2004):
//! one machine word holds 64 cells, so two 500-word articles take a few
//! thousand word operations.
//!
//! Any diff's equal parts form a common subsequence, so no diff of two texts
//! can match more tokens than this: two articles that cannot reach a
//! similarity threshold are ruled out without diffing them.

use rustc_hash::FxHashMap;

/// The LCS length of two sequences of token hashes. Two different tokens
/// with one hash count as equal, which can only raise the length: it stays
/// an upper bound for the matches of any diff of the tokens.
pub fn length(a: &[u64], b: &[u64]) -> usize {
    let words = a.len().div_ceil(64);
    if words == 0 || b.is_empty() {
        return 0;
    }
    // For each distinct token of `a`, the positions where it stands, as bits.
    let mut index: FxHashMap<u64, usize> = FxHashMap::default();
    let mut masks: Vec<u64> = Vec::new();
    for (i, t) in a.iter().enumerate() {
        let k = *index.entry(*t).or_insert_with(|| {
            masks.resize(masks.len() + words, 0);
            masks.len() / words - 1
        });
        masks[k * words + i / 64] |= 1 << (i % 64);
    }
    // V: a zero bit for each token of `a` matched so far; each token of `b`
    // moves the zeros (V + (V & M)) | (V & !M), the addition carrying
    // across words.
    let mut v = vec![u64::MAX; words];
    for t in b {
        let Some(&k) = index.get(t) else { continue };
        let m = &masks[k * words..(k + 1) * words];
        let mut carry = false;
        for (v, &m) in v.iter_mut().zip(m) {
            let u = *v & m;
            let (sum, c1) = v.overflowing_add(u);
            let (sum, c2) = sum.overflowing_add(u64::from(carry));
            carry = c1 | c2;
            *v = sum | (*v & !m);
        }
    }
    let tail = a.len() % 64;
    v.iter()
        .enumerate()
        .map(|(w, &bits)| {
            let live = if w == words - 1 && tail != 0 {
                (1u64 << tail) - 1
            } else {
                u64::MAX
            };
            (!bits & live).count_ones() as usize
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The textbook table.
    fn table(a: &[u64], b: &[u64]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for x in a {
            let mut diag = 0;
            for (j, y) in b.iter().enumerate() {
                let up = row[j + 1];
                row[j + 1] = if x == y { diag + 1 } else { up.max(row[j]) };
                diag = up;
            }
        }
        row[b.len()]
    }

    #[test]
    fn small_cases() {
        assert_eq!(length(&[], &[1, 2]), 0);
        assert_eq!(length(&[1, 2, 3], &[]), 0);
        assert_eq!(length(&[1, 2, 3, 4], &[2, 4, 1, 3]), 2);
        assert_eq!(length(&[7; 130], &[7; 129]), 129);
    }

    proptest::proptest! {
        /// Across word boundaries too: up to 200 tokens of a small alphabet.
        #[test]
        fn equals_the_table(
            a in proptest::collection::vec(0u64..6, 0..200),
            b in proptest::collection::vec(0u64..6, 0..200),
        ) {
            proptest::prop_assert_eq!(length(&a, &b), table(&a, &b));
        }
    }
}
