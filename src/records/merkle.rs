//! Merkle tree hashing as RFC 6962 defines it (section 2.1), the tree
//! Certificate Transparency and the Go checksum database use, so that any
//! of their tools can check charter's log: a leaf is hashed as
//! SHA-256(0x00 || leaf), a node as SHA-256(0x01 || left || right), and a
//! tree of n leaves splits at the largest power of two below n.
//! Inclusion proofs show one leaf is in a tree; consistency proofs show a
//! smaller tree is a prefix of a larger one (the log only grew).

use sha2::{Digest, Sha256};

/// A SHA-256 hash.
pub type Hash = [u8; 32];

/// SHA-256(0x00 || leaf).
pub fn leaf_hash(leaf: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(leaf);
    h.finalize().into()
}

/// SHA-256(0x01 || left || right).
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The hash of the empty tree: SHA-256 of nothing.
pub fn empty_root() -> Hash {
    Sha256::digest([]).into()
}

/// The largest power of two smaller than `n` (n > 1): where RFC 6962 splits.
fn split(n: usize) -> usize {
    debug_assert!(n > 1);
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// MTH(D[n]) over leaf hashes.
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = split(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// The root of every prefix of `leaves`: `out[i]` is the root of the
/// first `i + 1` leaves. One pass, keeping the roots of the perfect
/// subtrees so far, as a log appending one leaf at a time would.
pub fn prefix_roots(leaves: &[Hash]) -> Vec<Hash> {
    // (size, root) of perfect subtrees, largest first.
    let mut stack: Vec<(usize, Hash)> = Vec::new();
    let mut out = Vec::with_capacity(leaves.len());
    for leaf in leaves {
        stack.push((1, *leaf));
        while stack.len() >= 2 && stack[stack.len() - 1].0 == stack[stack.len() - 2].0 {
            let (size, right) = stack.pop().expect("two entries");
            let (_, left) = stack.pop().expect("two entries");
            stack.push((size * 2, node_hash(&left, &right)));
        }
        let mut iter = stack.iter().rev();
        let mut r = iter.next().expect("one entry").1;
        for (_, left) in iter {
            r = node_hash(left, &r);
        }
        out.push(r);
    }
    out
}

/// PATH(m, D[n]): the audit path of leaf `index` in the tree of `leaves`.
pub fn inclusion_proof(index: usize, leaves: &[Hash]) -> Vec<Hash> {
    assert!(
        index < leaves.len(),
        "leaf {index} is not in a tree of {}",
        leaves.len()
    );
    let n = leaves.len();
    if n == 1 {
        return Vec::new();
    }
    let k = split(n);
    let (mut path, sibling) = if index < k {
        (inclusion_proof(index, &leaves[..k]), root(&leaves[k..]))
    } else {
        (inclusion_proof(index - k, &leaves[k..]), root(&leaves[..k]))
    };
    path.push(sibling);
    path
}

/// PROOF(m, D[n]): that the tree of the first `m` leaves is a prefix of
/// the tree of all `leaves`.
pub fn consistency_proof(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    assert!(
        m <= leaves.len(),
        "a tree of {m} is not a prefix of one of {}",
        leaves.len()
    );
    if m == 0 {
        return Vec::new();
    }
    subproof(m, leaves, true)
}

/// SUBPROOF(m, D[n], b) of RFC 6962.
fn subproof(m: usize, leaves: &[Hash], whole: bool) -> Vec<Hash> {
    let n = leaves.len();
    if m == n {
        return if whole { Vec::new() } else { vec![root(leaves)] };
    }
    let k = split(n);
    let (mut proof, other) = if m <= k {
        (subproof(m, &leaves[..k], whole), root(&leaves[k..]))
    } else {
        (subproof(m - k, &leaves[k..], false), root(&leaves[..k]))
    };
    proof.push(other);
    proof
}

/// Checks an inclusion proof (RFC 9162, 2.1.3.2): leaf `leaf` is number
/// `index` of the tree of `size` leaves whose root is `root`.
pub fn verify_inclusion(leaf: &Hash, index: usize, size: usize, proof: &[Hash], root: &Hash) -> bool {
    if index >= size {
        return false;
    }
    let (mut f, mut s) = (index, size - 1);
    let mut r = *leaf;
    for p in proof {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            r = node_hash(p, &r);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            r = node_hash(&r, p);
        }
        f >>= 1;
        s >>= 1;
    }
    s == 0 && r == *root
}

/// Checks a consistency proof (RFC 9162, 2.1.4.2): the tree of `first`
/// leaves with root `first_root` is a prefix of the tree of `second`
/// leaves with root `second_root`.
pub fn verify_consistency(first: usize, second: usize, first_root: &Hash, second_root: &Hash, proof: &[Hash]) -> bool {
    if first > second {
        return false;
    }
    if first == second {
        return proof.is_empty() && first_root == second_root;
    }
    if first == 0 {
        return proof.is_empty() && *first_root == empty_root();
    }
    if proof.is_empty() {
        return false;
    }
    let mut path: Vec<Hash> = Vec::with_capacity(proof.len() + 1);
    if first.is_power_of_two() {
        path.push(*first_root);
    }
    path.extend_from_slice(proof);
    let (mut f, mut s) = (first - 1, second - 1);
    while f & 1 == 1 {
        f >>= 1;
        s >>= 1;
    }
    let (mut fr, mut sr) = (path[0], path[0]);
    for c in &path[1..] {
        if s == 0 {
            return false;
        }
        if f & 1 == 1 || f == s {
            fr = node_hash(c, &fr);
            sr = node_hash(c, &sr);
            while f & 1 == 0 && f != 0 {
                f >>= 1;
                s >>= 1;
            }
        } else {
            sr = node_hash(&sr, c);
        }
        f >>= 1;
        s >>= 1;
    }
    fr == *first_root && sr == *second_root && s == 0
}

/// A hash as lowercase hexadecimal.
pub fn hex(hash: &Hash) -> String {
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        (0..s.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
            .collect()
    }

    fn h(s: &str) -> Hash {
        unhex(s).try_into().unwrap()
    }

    /// The leaves of the Certificate Transparency test vectors (RFC 6962
    /// trees, as the CT and transparency-dev code test them).
    fn ct_leaves() -> Vec<Hash> {
        [
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f",
        ]
        .iter()
        .map(|l| leaf_hash(&unhex(l)))
        .collect()
    }

    /// The root of the first n leaves, for n = 0 to 8.
    const CT_ROOTS: [&str; 9] = [
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    #[test]
    fn roots_match_the_ct_vectors() {
        let leaves = ct_leaves();
        for (n, want) in CT_ROOTS.iter().enumerate() {
            assert_eq!(hex(&root(&leaves[..n])), *want, "size {n}");
        }
        let prefixes: Vec<String> = prefix_roots(&leaves).iter().map(hex).collect();
        assert_eq!(prefixes, CT_ROOTS[1..]);
    }

    #[test]
    fn split_is_the_largest_power_of_two_below() {
        let got: Vec<usize> = [2, 3, 4, 5, 8, 9, 1000].iter().map(|&n| split(n)).collect();
        assert_eq!(got, [1, 2, 2, 4, 4, 8, 512]);
    }

    #[test]
    fn inclusion_proofs_match_the_ct_vectors() {
        let leaves = ct_leaves();
        let vectors: [(usize, &[&str]); 2] = [
            (
                0,
                &[
                    "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                5,
                &[
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
        ];
        let root8 = h(CT_ROOTS[8]);
        for (index, want) in vectors {
            let proof = inclusion_proof(index, &leaves);
            assert_eq!(proof.iter().map(hex).collect::<Vec<_>>(), want, "leaf {index}");
            assert!(verify_inclusion(&leaves[index], index, 8, &proof, &root8));
            assert!(!verify_inclusion(&leaves[index], index + 1, 8, &proof, &root8));
            assert!(!verify_inclusion(&leaves[index], index, 8, &proof[1..], &root8));
        }
    }

    #[test]
    fn consistency_proofs_match_the_ct_vectors() {
        let leaves = ct_leaves();
        let vectors: [(usize, usize, &[&str]); 3] = [
            (
                2,
                8,
                &[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
                ],
            ),
            (
                6,
                8,
                &[
                    "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                    "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                ],
            ),
            (
                2,
                5,
                &[
                    "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                    "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                ],
            ),
        ];
        for (m, n, want) in vectors {
            let proof = consistency_proof(m, &leaves[..n]);
            assert_eq!(proof.iter().map(hex).collect::<Vec<_>>(), want, "{m} -> {n}");
            assert!(verify_consistency(m, n, &h(CT_ROOTS[m]), &h(CT_ROOTS[n]), &proof));
        }
    }

    /// Leaves of a larger log, so every shape of the recursion is met.
    fn many(n: usize) -> Vec<Hash> {
        (0..n).map(|i| leaf_hash(format!("leaf {i}").as_bytes())).collect()
    }

    #[test]
    fn every_proof_of_small_trees_verifies_and_a_changed_one_does_not() {
        let leaves = many(33);
        let roots: Vec<Hash> = std::iter::once(empty_root()).chain(prefix_roots(&leaves)).collect();
        for n in 1..=leaves.len() {
            let tree = &leaves[..n];
            assert_eq!(root(tree), roots[n]);
            for i in 0..n {
                let proof = inclusion_proof(i, tree);
                assert!(verify_inclusion(&tree[i], i, n, &proof, &roots[n]), "{i} in {n}");
                let other = leaf_hash(b"not in the log");
                assert!(!verify_inclusion(&other, i, n, &proof, &roots[n]));
            }
            for m in 0..=n {
                let proof = consistency_proof(m, tree);
                assert!(verify_consistency(m, n, &roots[m], &roots[n], &proof), "{m} -> {n}");
                if m > 0 && m < n {
                    let forked = leaf_hash(b"forked");
                    assert!(
                        !verify_consistency(m, n, &forked, &roots[n], &proof),
                        "forked {m} -> {n}"
                    );
                    let mut bent = proof.clone();
                    bent[0][0] ^= 1;
                    assert!(
                        !verify_consistency(m, n, &roots[m], &roots[n], &bent),
                        "bent {m} -> {n}"
                    );
                    assert!(!verify_consistency(m, n, &roots[m], &roots[n], &proof[1..]));
                }
            }
        }
    }
}
