//! What a build publishes of the record: each revision file as it is, the
//! manifest of the leaves, the current checkpoint and one for every
//! earlier size of the log, and the public key.
//!
//! Earlier checkpoints: a checkpoint is deterministic given the leaves and
//! the key (Ed25519 signs deterministically), so a build signs one for
//! every prefix of the log, sizes 1 to n: whichever size a reader saw
//! before, its checkpoint is still served at the same address, and any two
//! builds agree on it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rayon::prelude::*;

use crate::load::{Root, input};
use crate::model::Date;
use crate::urls::Urls;

use super::log::{self, Leaf};
use super::manifest::{self, Entry, Manifest};
use super::merkle;
use super::note::{Checkpoint, Signer, origin};

/// Writes a file of the output: its site path and bytes.
pub type Write<'a> = &'a (dyn Fn(&str, &[u8]) -> anyhow::Result<()> + Sync);

/// Publishes the record of the site at `root` as of `today`, through
/// `write`. Returns notes for the user: what was left out, and whether the
/// build is unsigned. A site with no log publishes nothing (its check
/// already warned).
pub fn publish(
    root: &Root,
    base_url: &str,
    today: Date,
    signer: Option<&Signer>,
    write: Write<'_>,
) -> anyhow::Result<Vec<String>> {
    let leaves = match log::read(root) {
        Ok(Some(leaves)) => leaves,
        Ok(None) => return Ok(Vec::new()),
        Err(problems) => return Err(crate::diagnostic::Diagnostics(problems).into()),
    };
    let mut notes = Vec::new();
    // The tree only grows by its end: a revision to be published later
    // holds back every leaf after it until its day.
    let size = leaves.iter().take_while(|l| l.date <= today).count();
    if size < leaves.len() {
        notes.push(format!(
            "{} of history/.log, from {} {} (to be published on {}), {} in this build's checkpoint: a checkpoint \
             covers the log up to the first revision not yet published",
            log::count_leaves(leaves.len() - size),
            leaves[size].doc,
            leaves[size].rev,
            leaves[size].date,
            if leaves.len() - size == 1 { "is not" } else { "are not" }
        ));
    }
    let leaves = &leaves[..size];
    sources(root, leaves, write)?;
    let hashes: Vec<merkle::Hash> = leaves.iter().map(|l| merkle::leaf_hash(l.line().as_bytes())).collect();
    let roots = merkle::prefix_roots(&hashes);
    let origin = origin(base_url);
    let note = |size: usize, root: merkle::Hash| {
        let body = Checkpoint {
            origin: origin.clone(),
            size,
            root,
        }
        .body();
        signer.map_or_else(|| body.clone(), |s| s.sign(&body))
    };
    roots
        .par_iter()
        .enumerate()
        .try_for_each(|(i, r)| write(&manifest::checkpoint_at(i + 1), note(i + 1, *r).as_bytes()))?;
    let root_hash = roots.last().copied().unwrap_or_else(merkle::empty_root);
    write(manifest::CHECKPOINT, note(size, root_hash).as_bytes())?;
    let urls = Urls::new(base_url);
    if let Some(signer) = signer {
        write(manifest::KEY, format!("{}\n", signer.verifier().text()).as_bytes())?;
    } else {
        notes.push(format!(
            "unsigned build: {} is not set, so /{} is published without a signature (see docs/records.md)",
            super::key::KEY_ENV,
            manifest::CHECKPOINT
        ));
    }
    let manifest = Manifest {
        schema: manifest::SCHEMA,
        origin,
        tree_size: size,
        root_hash: STANDARD.encode(root_hash),
        checkpoint: urls.url(manifest::CHECKPOINT),
        key: signer.map(|_| urls.url(manifest::KEY)),
        leaves: leaves.iter().enumerate().map(|(i, l)| Entry::of(i, l, &urls)).collect(),
    };
    write(
        manifest::MANIFEST,
        (serde_json::to_string_pretty(&manifest)? + "\n").as_bytes(),
    )?;
    Ok(notes)
}

/// Serves each revision file byte for byte, after making sure it is the
/// file its leaf records. In parallel: this runs after the pages, and reads
/// and hashes every revision file again.
fn sources(root: &Root, leaves: &[Leaf], write: Write<'_>) -> anyhow::Result<()> {
    leaves.par_iter().try_for_each(|leaf| {
        let rel = leaf.rel();
        let bytes = input::read_regular(&root.dir.join(&rel), input::TEXT_LIMIT)
            .map_err(|m| anyhow::anyhow!("{}: {m}", root.shown(&rel).display()))?;
        if crate::load::history::sha256_hex(&bytes) != leaf.sha256 {
            anyhow::bail!(
                "{} changed after history/.log recorded it: run `charter check`",
                root.shown(&rel).display()
            );
        }
        write(&manifest::source(&leaf.doc, &leaf.rev.to_string()), &bytes)
    })
}
