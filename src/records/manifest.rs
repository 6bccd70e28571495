//! `/manifest.json`: every leaf of a build's tree, with where its
//! revision's archived page and exact source file are served, so that an
//! outsider can fetch each file and hash it against its leaf.

use serde::{Deserialize, Serialize};

use crate::urls::{Urls, path};

use super::log::Leaf;

/// The manifest's format version; bumped on any incompatible change.
pub const SCHEMA: u32 = 1;

/// Where the manifest and the checkpoints are served.
pub const MANIFEST: &str = "manifest.json";
pub const CHECKPOINT: &str = "manifest/checkpoint";
pub const KEY: &str = "manifest/key";

/// The checkpoint of the log at `size` leaves.
pub fn checkpoint_at(size: usize) -> String {
    format!("manifest/checkpoints/{size}")
}

/// Where a revision's file is served byte for byte.
pub fn source(doc: &str, rev: &str) -> String {
    format!("{}source.md", path::revision(doc, rev))
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub schema: u32,
    /// The checkpoint's origin line.
    pub origin: String,
    /// How many leaves the checkpoint covers: those listed.
    pub tree_size: usize,
    /// The Merkle root of those leaves, in base64 as in the checkpoint.
    pub root_hash: String,
    pub checkpoint: String,
    /// The public key's URL; absent from an unsigned build.
    pub key: Option<String>,
    pub leaves: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Entry {
    /// 0-based position in the log.
    pub index: usize,
    /// The leaf exactly as hashed into the tree.
    pub leaf: String,
    pub document: String,
    pub revision: String,
    pub date: String,
    pub effective: String,
    /// SHA-256 of the revision file, as `sha256sum` prints it.
    pub sha256: String,
    /// The revision's archived page.
    pub page: String,
    /// The revision file itself.
    pub source: String,
}

impl Entry {
    pub fn of(index: usize, leaf: &Leaf, urls: &Urls) -> Entry {
        let rev = leaf.rev.to_string();
        Entry {
            index,
            leaf: leaf.line(),
            page: urls.url(&path::revision(&leaf.doc, &rev)),
            source: urls.url(&source(&leaf.doc, &rev)),
            document: leaf.doc.clone(),
            revision: rev,
            date: leaf.date.to_string(),
            effective: leaf.effective.to_string(),
            sha256: leaf.sha256.clone(),
        }
    }
}
