//! `charter verify`: checks a built site's record from the outside, with
//! nothing but its files and the site's public key, and says what that
//! proves and what it cannot.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::log::Leaf;
use super::manifest::{self, Manifest};
use super::merkle::{self, Hash};
use super::note::{Checkpoint, Verifier};

/// What a verification found: each thing proved, and each failure, the
/// latter naming the file it is about.
#[derive(Debug, Default)]
pub struct Report {
    pub proved: Vec<String>,
    pub failed: Vec<String>,
}

impl Report {
    fn fail(&mut self, file: &str, why: impl std::fmt::Display) {
        self.failed.push(format!("{file}: {why}"));
    }
}

/// Verifies the site built in `dir` with `key`; `previous` is an older
/// checkpoint (its file name and text) the log must extend.
pub fn verify(dir: &Path, key: &Verifier, previous: Option<(&str, &str)>) -> Report {
    let mut report = Report::default();
    let Some(checkpoint) = signed_checkpoint(dir, manifest::CHECKPOINT, key, &mut report) else {
        return report;
    };
    report.proved.push(format!(
        "{} is signed by the key {} given: the log `{}` had {} at root {}",
        manifest::CHECKPOINT,
        key.name,
        checkpoint.origin,
        super::log::count_leaves(checkpoint.size),
        merkle::hex(&checkpoint.root)
    ));
    let Some(leaves) = manifest_leaves(dir, &checkpoint, &mut report) else {
        return report;
    };
    let hashes: Vec<Hash> = leaves.iter().map(|l| merkle::leaf_hash(l.line().as_bytes())).collect();
    if merkle::root(&hashes) != checkpoint.root {
        report.fail(
            manifest::MANIFEST,
            "its leaves do not hash to the checkpoint's root: a leaf was changed, removed, added or reordered",
        );
        return report;
    }
    report.proved.push(format!(
        "{} lists exactly the leaves of that tree, in order (their Merkle root is the checkpoint's)",
        manifest::MANIFEST
    ));
    sources(dir, &leaves, &mut report);
    chains(dir, &leaves, &mut report);
    earlier(dir, key, &checkpoint, &hashes, &mut report);
    if let Some((file, text)) = previous {
        consistent(file, text, key, &checkpoint, &hashes, &mut report);
    }
    report
}

/// The checkpoint at `rel`, if `key` signed it.
fn signed_checkpoint(dir: &Path, rel: &str, key: &Verifier, report: &mut Report) -> Option<Checkpoint> {
    let Ok(text) = std::fs::read_to_string(dir.join(rel)) else {
        report.fail(rel, "missing or unreadable");
        return None;
    };
    let parsed = key.open(&text).and_then(Checkpoint::parse);
    parsed.map_err(|why| report.fail(rel, why)).ok()
}

/// The manifest's leaves, each entry held to its leaf line.
fn manifest_leaves(dir: &Path, checkpoint: &Checkpoint, report: &mut Report) -> Option<Vec<Leaf>> {
    let file = manifest::MANIFEST;
    let manifest: Manifest = match std::fs::read(dir.join(file)).map(|b| serde_json::from_slice(&b)) {
        Ok(Ok(m)) => m,
        Ok(Err(e)) => {
            report.fail(file, format!("not a manifest: {e}"));
            return None;
        }
        Err(e) => {
            report.fail(file, format!("cannot be read: {e}"));
            return None;
        }
    };
    if manifest.origin != checkpoint.origin || manifest.tree_size != checkpoint.size {
        report.fail(file, "its origin or tree size is not the checkpoint's");
        return None;
    }
    if manifest.leaves.len() != checkpoint.size {
        report.fail(
            file,
            format!(
                "it lists {}, but the checkpoint covers {}: leaves were removed or added",
                super::log::count_leaves(manifest.leaves.len()),
                checkpoint.size
            ),
        );
        return None;
    }
    let mut leaves = Vec::new();
    for (i, entry) in manifest.leaves.iter().enumerate() {
        let leaf = match Leaf::parse(&entry.leaf) {
            Ok(leaf) => leaf,
            Err(why) => {
                report.fail(file, format!("leaf {i}: {why}"));
                return None;
            }
        };
        let fields = [
            &entry.document,
            &entry.revision,
            &entry.date,
            &entry.effective,
            &entry.sha256,
        ];
        let want = [
            &leaf.doc,
            &leaf.rev.to_string(),
            &leaf.date.to_string(),
            &leaf.effective.to_string(),
            &leaf.sha256,
        ];
        let source = manifest::source(&leaf.doc, &leaf.rev.to_string());
        if entry.index != i || fields.iter().zip(want).any(|(a, b)| *a != b) || !entry.source.ends_with(&source) {
            report.fail(
                file,
                format!("leaf {i}: its fields are not those of its leaf `{}`", entry.leaf),
            );
            return None;
        }
        leaves.push(leaf);
    }
    Some(leaves)
}

/// Each served revision file hashed against its leaf.
fn sources(dir: &Path, leaves: &[Leaf], report: &mut Report) {
    let before = report.failed.len();
    for (i, leaf) in leaves.iter().enumerate() {
        let rel = manifest::source(&leaf.doc, &leaf.rev.to_string());
        match std::fs::read(dir.join(&rel)) {
            Ok(bytes) => {
                let sha = crate::load::history::sha256_hex(&bytes);
                if sha != leaf.sha256 {
                    report.fail(
                        &rel,
                        format!("its SHA-256 is {sha}, but leaf {i} records {}", leaf.sha256),
                    );
                }
            }
            Err(e) => report.fail(&rel, format!("leaf {i} records it, but it cannot be read: {e}")),
        }
    }
    if report.failed.len() == before {
        report.proved.push(format!(
            "each of the {} revision files served hashes to its leaf: they are the files the log recorded",
            leaves.len()
        ));
    }
}

/// The two hashes of a revision's record that chain it.
#[derive(Deserialize)]
struct Chain {
    sha256: String,
    previous: Option<String>,
}

/// Each document's revisions, in log order, chained by `previous`.
fn chains(dir: &Path, leaves: &[Leaf], report: &mut Report) {
    let before = report.failed.len();
    let mut last: BTreeMap<&str, String> = BTreeMap::new();
    for leaf in leaves {
        let rel = manifest::source(&leaf.doc, &leaf.rev.to_string());
        let Ok(text) = std::fs::read_to_string(dir.join(&rel)) else {
            continue;
        };
        let shown = Path::new(&rel);
        let parsed = crate::load::front_matter::split(&text, shown, 1).and_then(|split| {
            let chain: Chain = crate::load::front_matter::parse(&split, shown)?;
            Ok((chain, crate::load::history::sha256_hex(split.body.as_bytes())))
        });
        let (chain, body) = match parsed {
            Ok(p) => p,
            Err(d) => {
                report.fail(&rel, format!("its record cannot be read: {}", d.message));
                continue;
            }
        };
        if body != chain.sha256 {
            report.fail(
                &rel,
                format!("its text hashes to {body}, not to the `sha256` its record states"),
            );
        }
        let expected = last.get(leaf.doc.as_str());
        if chain.previous.as_ref() != expected {
            report.fail(
                &rel,
                match expected {
                    Some(e) => format!("its `previous` is not {e}, the `sha256` of the revision before it"),
                    None => "it is the first revision of its document, yet names a `previous`".to_string(),
                },
            );
        }
        last.insert(&leaf.doc, chain.sha256);
    }
    if report.failed.len() == before {
        report.proved.push(format!(
            "the revisions of each of the {} form an unbroken hash chain (`previous` is the `sha256` of the one before)",
            crate::ui::count(last.len(), "document")
        ));
    }
}

/// Every earlier checkpoint served, signed and a prefix of this tree.
fn earlier(dir: &Path, key: &Verifier, current: &Checkpoint, hashes: &[Hash], report: &mut Report) {
    let before = report.failed.len();
    let roots = merkle::prefix_roots(hashes);
    for (i, root) in roots.iter().enumerate() {
        let rel = manifest::checkpoint_at(i + 1);
        let Some(old) = signed_checkpoint(dir, &rel, key, report) else {
            continue;
        };
        if old.size != i + 1 || old.root != *root || old.origin != current.origin {
            report.fail(&rel, "it is not the checkpoint of the log's first leaves of that size");
        }
    }
    if report.failed.len() == before && !roots.is_empty() {
        report.proved.push(format!(
            "the checkpoints of sizes 1 to {} under manifest/checkpoints/ are signed, and each is a prefix of this tree",
            roots.len()
        ));
    }
}

/// `--previous`: the old checkpoint's tree is a prefix of this one.
fn consistent(file: &str, text: &str, key: &Verifier, current: &Checkpoint, hashes: &[Hash], report: &mut Report) {
    let old = match key.open(text).and_then(Checkpoint::parse) {
        Ok(old) => old,
        Err(why) => return report.fail(file, why),
    };
    if old.origin != current.origin {
        return report.fail(
            file,
            format!("it is a checkpoint of `{}`, not of `{}`", old.origin, current.origin),
        );
    }
    if old.size > current.size {
        return report.fail(
            file,
            format!(
                "it has {} leaves and the log now {}: the log lost leaves",
                old.size, current.size
            ),
        );
    }
    let proof = merkle::consistency_proof(old.size, hashes);
    if merkle::verify_consistency(old.size, current.size, &old.root, &current.root, &proof) {
        report.proved.push(format!(
            "{file} (tree size {}) is a prefix of this log: a consistency proof of {} hashes checks",
            old.size,
            proof.len()
        ));
    } else {
        report.fail(
            file,
            format!(
                "its tree of {} leaves is not a prefix of this log: the log was rewritten since (a fork)",
                old.size
            ),
        );
    }
}

/// What no check of a built site can prove, said every time.
pub const NOT_PROVED: &[&str] = &[
    "that the dates in the leaves are true: the log proves the order revisions were recorded in, not when",
    "what the rendered pages looked like: only the revision files are hashed, not the HTML",
    "that every reader was shown this same log: compare checkpoints with others who saved them",
    "that the key is the site owner's: take it from somewhere other than the site itself",
];
