//! The diffs a document's history needs, each computed once: every revision
//! against the one before it, and every older revision against the current one.

use rayon::prelude::*;

use crate::diff::{self, DocumentDiff};
use crate::model::DocumentEntry;

/// How much time one pair may take before its diff turns coarse. Generous:
/// real revisions finish in milliseconds, and output must not depend on the
/// machine's speed; only a pathological rewrite ever reaches it.
pub fn options() -> diff::Options {
    diff::Options {
        budget: std::time::Duration::from_secs(10),
    }
}

/// `out[i]`: revision `i` against revision `i - 1`; None for the first.
pub fn revision_diffs(doc: &DocumentEntry) -> Vec<Option<DocumentDiff>> {
    let opts = options();
    (0..doc.revisions.len())
        .into_par_iter()
        .map(|i| {
            let before = i.checked_sub(1).map(|j| &doc.revisions[j].document)?;
            Some(diff::documents(before, &doc.revisions[i].document, &opts))
        })
        .collect()
}

/// `out[i]`: revision `i` against the current one, for revisions older than it.
pub fn to_current_diffs(doc: &DocumentEntry, current: Option<usize>) -> Vec<Option<DocumentDiff>> {
    let opts = options();
    let Some(c) = current else {
        return vec![None; doc.revisions.len()];
    };
    let now = &doc.revisions[c].document;
    (0..doc.revisions.len())
        .into_par_iter()
        .map(|i| (i < c).then(|| diff::documents(&doc.revisions[i].document, now, &opts)))
        .collect()
}
