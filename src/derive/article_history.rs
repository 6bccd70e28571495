//! Each article's own history: its distinct versions through a document's
//! revisions, read off the diffs of consecutive revisions that a build
//! already runs (no article is compared again).
//!
//! An article is followed across renames: the diff pairs articles by id,
//! then title, then text, so an article whose id changed with its title
//! continues the same history, which is then named by its last id.

use std::collections::HashMap;

use crate::diff::{ArticleDiff, ArticleSide, ArticleStatus, BlockStatus, DocumentDiff};
use crate::model::Document;

/// One step of an article's history: a version of it that began in
/// revision `first` and was carried unchanged up to revision `last`; or,
/// with status `Removed`, its removal in revision `first` (then `first ==
/// last`).
#[derive(Debug, Clone)]
pub struct Step<'d> {
    /// Index of the revision (oldest first) the step happened in.
    pub first: usize,
    /// The last revision that still had this version.
    pub last: usize,
    /// How this version came: `Added` for an article new in revision `first`
    /// (and for every article of a document's first revision), else the
    /// diff's status (changed, moved, renumbered), or `Removed`.
    pub status: ArticleStatus,
    /// The article as it stands in this version (before, for a removal).
    pub side: ArticleSide,
    /// The article's part of the diff of revision `first` against the one
    /// before; None for the document's first revision, which has no diff.
    pub diff: Option<&'d ArticleDiff>,
}

impl Step<'_> {
    /// The articles some of its text moved to (`MovedOut`) or came from
    /// (`MovedIn`) in this step, other than itself, each once, in the order met:
    /// an article split in two shows as text moved to the new one.
    pub fn moved(&self, status: BlockStatus) -> Vec<&crate::diff::Move> {
        let mut out: Vec<&crate::diff::Move> = Vec::new();
        let own = self.side.id.as_str();
        for b in self.diff.iter().flat_map(|d| &d.blocks) {
            let Some(m) = b.moved.as_ref().filter(|_| b.status == status) else {
                continue;
            };
            if m.article_id != own && !out.iter().any(|o| o.article_id == m.article_id) {
                out.push(m);
            }
        }
        out
    }
}

/// One article's whole history, oldest step first.
#[derive(Debug, Clone)]
pub struct ArticleHistory<'d> {
    /// Its id in the last revision that had it: its page's address.
    pub id: String,
    pub steps: Vec<Step<'d>>,
}

impl ArticleHistory<'_> {
    /// The step that made its latest text (the last that is no removal).
    pub fn last_version(&self) -> Option<&Step<'_>> {
        self.steps.iter().rev().find(|s| s.status != ArticleStatus::Removed)
    }

    /// True when the latest revision no longer has it.
    pub fn removed(&self) -> bool {
        self.steps.last().is_some_and(|s| s.status == ArticleStatus::Removed)
    }
}

/// Every article's history in a document whose first revision is `first`
/// and whose revisions' diffs against the one before are `previous`
/// (`previous[0]` is None), ordered by where each article last stood.
/// `numbering`: how the first revision's articles are labelled when it sets none.
pub fn histories<'d>(
    first: &Document,
    previous: &'d [Option<DocumentDiff>],
    numbering: &str,
) -> Vec<ArticleHistory<'d>> {
    let mut all: Vec<ArticleHistory<'d>> = Vec::new();
    // The history each article of the revision just read continues, by id.
    let mut live: HashMap<String, usize> = HashMap::new();
    for a in &first.articles {
        let side = ArticleSide {
            id: a.id.clone(),
            number: a.number,
            label: first.label(a, numbering),
            title: a.title.clone(),
        };
        live.insert(a.id.clone(), all.len());
        all.push(history(step(0, ArticleStatus::Added, side, None)));
    }
    for (i, diff) in previous.iter().enumerate().skip(1) {
        let Some(diff) = diff else { continue };
        live = follow(&mut all, &live, i, diff);
    }
    ordered(all)
}

fn step<'d>(i: usize, status: ArticleStatus, side: ArticleSide, diff: Option<&'d ArticleDiff>) -> Step<'d> {
    Step {
        first: i,
        last: i,
        status,
        side,
        diff,
    }
}

fn history(first: Step<'_>) -> ArticleHistory<'_> {
    ArticleHistory {
        id: first.side.id.clone(),
        steps: vec![first],
    }
}

/// Carries every history through revision `i`'s diff; returns which
/// history each of its articles continues.
fn follow<'d>(
    all: &mut Vec<ArticleHistory<'d>>,
    live: &HashMap<String, usize>,
    i: usize,
    diff: &'d DocumentDiff,
) -> HashMap<String, usize> {
    let mut next = HashMap::new();
    for a in &diff.articles {
        let before = a.old.as_ref().and_then(|o| live.get(&o.id).copied());
        match (a.status, before, a.new.as_ref()) {
            (ArticleStatus::Removed, Some(h), _) => {
                all[h]
                    .steps
                    .push(step(i, ArticleStatus::Removed, a.side().clone(), Some(a)));
            }
            (ArticleStatus::Unchanged, Some(h), Some(new)) => {
                let last = all[h].steps.last_mut().expect("a history has a step");
                last.last = i;
                last.side = new.clone();
                all[h].id = new.id.clone();
                next.insert(new.id.clone(), h);
            }
            (status, Some(h), Some(new)) => {
                all[h].steps.push(step(i, status, new.clone(), Some(a)));
                all[h].id = new.id.clone();
                next.insert(new.id.clone(), h);
            }
            (_, None, Some(new)) => {
                // An article added again under the id of one removed before
                // continues that one's history.
                let again = all.iter().position(|h| h.id == new.id && h.removed());
                let s = step(i, ArticleStatus::Added, new.clone(), Some(a));
                let h = match again {
                    Some(h) => {
                        all[h].steps.push(s);
                        h
                    }
                    None => {
                        all.push(history(s));
                        all.len() - 1
                    }
                };
                next.insert(new.id.clone(), h);
            }
            // A removal of an article no history holds cannot happen: every
            // article of the older revision was given one.
            (_, _, None) => {}
        }
    }
    next
}

/// The histories in the order a reader meets them: the articles of the
/// latest revision in their order, then the removed ones, earliest removal
/// first. Histories whose last id another one took are left out:
/// two pages cannot have one address (the live article keeps it).
fn ordered(mut all: Vec<ArticleHistory<'_>>) -> Vec<ArticleHistory<'_>> {
    // The live one first, then the latest removed, keeps a contested id.
    all.sort_by_key(|h| {
        let last = h.steps.last().expect("a history has a step");
        (h.removed(), std::cmp::Reverse(last.first))
    });
    let mut seen = std::collections::HashSet::new();
    all.retain(|h| seen.insert(h.id.clone()));
    all.sort_by_key(|h| {
        let last = h.steps.last().expect("a history has a step");
        let removed_in = if h.removed() { last.first } else { 0 };
        (h.removed(), removed_in, last.side.number)
    });
    all
}

/// The history of article `id`, if the document ever had one by that id
/// as its last id.
pub fn find<'h, 'd>(all: &'h [ArticleHistory<'d>], id: &str) -> Option<&'h ArticleHistory<'d>> {
    all.iter().find(|h| h.id == id)
}

/// Up to five ids of `all` that look like `id`: a few edits away, sharing
/// a beginning of four letters, or one holding the other; nearest first, for an error message about an unknown one.
pub fn close_ids<'a>(all: &'a [ArticleHistory<'_>], id: &str) -> Vec<&'a str> {
    let want = id.to_lowercase();
    let mut scored: Vec<(usize, &str)> = all
        .iter()
        .map(|h| (distance(&want, &h.id.to_lowercase()), h.id.as_str()))
        .filter(|(d, other)| {
            let other = other.to_lowercase();
            let prefix = want.chars().zip(other.chars()).take_while(|(a, b)| a == b).count();
            *d <= other.len().max(want.len()) / 2 || prefix >= 4 || other.contains(&want) || want.contains(&other)
        })
        .collect();
    scored.sort();
    scored.into_iter().take(5).map(|(_, id)| id).collect()
}

/// Levenshtein distance between two short ids.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_ids_share_a_beginning_or_a_few_letters() {
        let h = |id: &str| ArticleHistory {
            id: id.to_string(),
            steps: Vec::new(),
        };
        let all = [h("cookie-policy"), h("contact"), h("sharing")];
        assert_eq!(close_ids(&all, "cookies"), ["cookie-policy"]);
        assert_eq!(close_ids(&all, "contcat"), ["contact"]);
        assert!(close_ids(&all, "zzz").is_empty());
    }

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("cookies", "cookie"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
