//! The diffs a document's history needs, each computed once: every revision
//! against the one before it, and every older revision against the current one.

use rayon::prelude::*;

use crate::diff::{self, DocumentDiff, Memo, Prepared};

/// How much work one pair may do before its diff turns coarse: the default,
/// which real revisions never come near; only a pathological rewrite does.
pub fn options() -> diff::Options {
    diff::Options::default()
}

/// A document's diffs, indexed by revision (oldest first).
pub struct Diffs {
    /// `previous[i]`: revision `i` against revision `i - 1`; None for the first.
    pub previous: Vec<Option<DocumentDiff>>,
    /// `to_current[i]`: revision `i` against the current one, for revisions
    /// older than it; None for the others.
    pub to_current: Vec<Option<DocumentDiff>>,
}

/// Runs every diff of `prepared`, a document's revisions cut into blocks
/// (each once, by the pass that renders it), in parallel.
///
/// The to-current diffs share a [`Memo`]: the older revisions mostly differ
/// from the current one by the same few articles, and each distinct version
/// of an article is aligned against the current text only once. Without it
/// the work would grow with the square of the number of revisions.
/// `numbering`: how articles are numbered when a document does not say.
pub fn diffs(prepared: &[Prepared<'_>], current: Option<usize>, numbering: &str) -> Diffs {
    let opts = diff::Options {
        numbering: numbering.to_string(),
        ..options()
    };
    let memo = Memo::new();
    let (previous, to_current) = (0..prepared.len())
        .into_par_iter()
        .map(|i| {
            let previous = i
                .checked_sub(1)
                .map(|j| diff::prepared(&prepared[j], &prepared[i], &opts, None));
            let to_current = current
                .filter(|&c| i < c)
                .map(|c| diff::prepared(&prepared[i], &prepared[c], &opts, Some(&memo)));
            (previous, to_current)
        })
        .unzip();
    Diffs { previous, to_current }
}
