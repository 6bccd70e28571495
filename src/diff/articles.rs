//! Pairing articles across versions and naming what happened to each.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::blocks::SourceBlock;
use super::candidates::{self, LIMITS, Limits};
use super::memo::{Memo, Side};
use super::moves::Movable;
use super::words::{self, Profile};
use super::{ArticleDiff, ArticleSide, ArticleStatus, Block, BlockStatus, Budget, Prepared};
use crate::model::Document;

/// The two versions being compared, and how to align a pair of their articles.
pub struct Aligner<'a> {
    pub old: &'a Prepared<'a>,
    pub new: &'a Prepared<'a>,
    pub movable: &'a Movable<'a>,
    pub memo: Option<&'a Memo>,
    /// The default numbering: see [`super::Options::numbering`].
    pub numbering: &'a str,
}

impl Aligner<'_> {
    fn align(&self, o: usize, n: usize, budget: &mut Budget) -> Vec<Block> {
        let (old, new) = (&self.old.blocks.articles[o], &self.new.blocks.articles[n]);
        Memo::align(
            self.memo,
            Side {
                value: old,
                hash: self.old.article_hashes[o],
            },
            Side {
                value: new,
                hash: self.new.article_hashes[n],
            },
            self.movable,
            budget,
        )
    }
}

/// Articles whose ids and titles both changed are still the same article
/// when this much of their text is alike.
const MATCH_THRESHOLD: f32 = 0.6;

/// One diff per article of either version, in the new order; a removed
/// article follows the article that preceded it in the old version.
pub fn diff(pair: &Aligner<'_>, budget: &mut Budget) -> Vec<ArticleDiff> {
    let (old, new) = (pair.old.doc, pair.new.doc);
    let (old_blocks, new_blocks) = (&pair.old.blocks, &pair.new.blocks);
    let old_of_new = match_articles(pair, budget);
    let mut new_of_old = vec![None; old.articles.len()];
    for (n, o) in old_of_new.iter().enumerate() {
        if let Some(o) = *o {
            new_of_old[o] = Some(n);
        }
    }
    let matched: Vec<usize> = old_of_new.iter().flatten().copied().collect();
    let mut in_order = increasing(&matched).into_iter();

    // Removed articles, grouped by the new position they follow (0: first).
    let mut removed_after: Vec<Vec<usize>> = vec![Vec::new(); new.articles.len() + 1];
    let mut anchor = 0;
    for (o, n) in new_of_old.iter().enumerate() {
        match n {
            Some(n) => anchor = n + 1,
            None => removed_after[anchor].push(o),
        }
    }

    let removed = |o: usize| ArticleDiff {
        status: ArticleStatus::Removed,
        old: Some(side(old, o, pair.numbering)),
        new: None,
        title: None,
        blocks: whole(&old_blocks.articles[o], BlockStatus::Deleted),
    };
    let mut out: Vec<ArticleDiff> = removed_after[0].iter().map(|&o| removed(o)).collect();
    for (n, o) in old_of_new.iter().enumerate() {
        let article = match *o {
            None => ArticleDiff {
                status: ArticleStatus::Added,
                old: None,
                new: Some(side(new, n, pair.numbering)),
                title: None,
                blocks: whole(&new_blocks.articles[n], BlockStatus::Inserted),
            },
            Some(o) => {
                let kept_order = in_order.next().unwrap_or(true);
                let (before, after) = (side(old, o, pair.numbering), side(new, n, pair.numbering));
                let title = (before.title != after.title).then(|| words::spans(&before.title, &after.title, budget));
                let blocks = pair.align(o, n, budget);
                let edited = title.is_some() || blocks.iter().any(|b| b.status != BlockStatus::Equal);
                let status = if edited {
                    ArticleStatus::Changed
                } else if !kept_order {
                    ArticleStatus::Moved
                } else if before.number != after.number {
                    ArticleStatus::Renumbered
                } else {
                    ArticleStatus::Unchanged
                };
                ArticleDiff {
                    status,
                    old: Some(before),
                    new: Some(after),
                    title,
                    blocks,
                }
            }
        };
        out.push(article);
        out.extend(removed_after[n + 1].iter().map(|&o| removed(o)));
    }
    out
}

fn side(doc: &Document, i: usize, numbering: &str) -> ArticleSide {
    let a = &doc.articles[i];
    ArticleSide {
        id: a.id.clone(),
        number: a.number,
        label: doc.label(a, numbering),
        title: a.title.clone(),
    }
}

fn whole(blocks: &[SourceBlock], status: BlockStatus) -> Vec<Block> {
    blocks.iter().map(|b| Block::whole(b, status)).collect()
}

/// The old article each new article continues, and the work it took.
pub(super) struct Matching {
    pub old_of_new: Vec<Option<usize>>,
    /// Pairs of articles whose texts were compared for similarity: with
    /// [`LIMITS`], at most [`Limits::per_article`] per new article once
    /// there are too many for every pair. Read by the tests that hold the
    /// search to that bound.
    #[cfg_attr(not(test), allow(dead_code))]
    pub comparisons: usize,
}

/// For each new article, the old article it continues: first by id, then by
/// equal title, then by equal text, then by the most similar text.
fn match_articles(pair: &Aligner<'_>, budget: &mut Budget) -> Vec<Option<usize>> {
    matching(pair, budget, &LIMITS).old_of_new
}

pub(super) fn matching(pair: &Aligner<'_>, budget: &mut Budget, limits: &Limits) -> Matching {
    let (old, new) = (pair.old.doc, pair.new.doc);
    let mut m = Pairing {
        old_of_new: vec![None; new.articles.len()],
        taken: vec![false; old.articles.len()],
    };
    let keys: [fn(&crate::model::Article) -> &str; 2] = [|a| &a.id, |a| &a.title];
    for key in keys {
        m.by_key(old.articles.iter().map(key), new.articles.iter().map(key));
    }
    if m.taken.iter().all(|&t| t) || m.old_of_new.iter().all(Option::is_some) {
        return Matching {
            old_of_new: m.old_of_new,
            comparisons: 0,
        };
    }
    let joined =
        |b: &[SourceBlock]| -> Arc<str> { b.iter().map(|b| b.text.as_ref()).collect::<Vec<_>>().join("\n").into() };
    let free_text = |articles: &[Vec<SourceBlock>], free: &dyn Fn(usize) -> bool| -> Vec<Option<Arc<str>>> {
        articles
            .iter()
            .enumerate()
            .map(|(k, a)| free(k).then(|| joined(a)))
            .collect()
    };
    let old_text = free_text(&pair.old.blocks.articles, &|o| !m.taken[o]);
    let new_text = free_text(&pair.new.blocks.articles, &|n| m.old_of_new[n].is_none());
    // Two empty articles say nothing about being the same one.
    fn text_key(t: &Option<Arc<str>>) -> &str {
        t.as_deref().unwrap_or_default()
    }
    m.by_key(old_text.iter().map(text_key), new_text.iter().map(text_key));
    let comparisons = by_similarity(pair, &mut m, (&old_text, &new_text), budget, limits);
    Matching {
        old_of_new: m.old_of_new,
        comparisons,
    }
}

/// The pairs made so far.
struct Pairing {
    old_of_new: Vec<Option<usize>>,
    taken: Vec<bool>,
}

impl Pairing {
    /// Pairs unpaired articles with equal keys, in order; an empty key
    /// pairs nothing.
    fn by_key<'k>(
        &mut self,
        old: impl DoubleEndedIterator<Item = &'k str> + ExactSizeIterator,
        new: impl Iterator<Item = &'k str>,
    ) {
        let mut free: HashMap<&str, Vec<usize>> = HashMap::new();
        for (o, k) in old.enumerate().rev() {
            if !self.taken[o] && !k.is_empty() {
                free.entry(k).or_default().push(o);
            }
        }
        for (n, k) in new.enumerate() {
            if self.old_of_new[n].is_none()
                && let Some(o) = free.get_mut(k).and_then(Vec::pop)
            {
                self.old_of_new[n] = Some(o);
                self.taken[o] = true;
            }
        }
    }

    /// For each unpaired new article, where it would stand among the
    /// unpaired old ones had nothing moved: just after the old article of
    /// the nearest paired article before it, counting the unpaired before.
    fn expected(&self, free_old: &[usize]) -> Vec<usize> {
        let (mut anchor, mut since) = (0, 0);
        let mut out = Vec::new();
        for o in &self.old_of_new {
            match o {
                Some(o) => (anchor, since) = (free_old.partition_point(|&f| f <= *o), 0),
                None => {
                    out.push(anchor + since);
                    since += 1;
                }
            }
        }
        out
    }
}

/// An article's text, joined from its blocks; None once it is paired.
type FreeText = Option<Arc<str>>;

/// Pairs the articles left by the most similar text, greedily, most alike
/// first; returns how many pairs were compared.
fn by_similarity(
    pair: &Aligner<'_>,
    m: &mut Pairing,
    (old_text, new_text): (&[FreeText], &[FreeText]),
    budget: &mut Budget,
    limits: &Limits,
) -> usize {
    let free_old: Vec<usize> = (0..m.taken.len()).filter(|&o| !m.taken[o]).collect();
    let free_new: Vec<usize> = (0..m.old_of_new.len()).filter(|&n| m.old_of_new[n].is_none()).collect();
    if free_old.is_empty() || free_new.is_empty() {
        return 0;
    }
    let text = |t: &Option<Arc<str>>| t.clone().unwrap_or_default();
    let old_text: Vec<Arc<str>> = free_old.iter().map(|&o| text(&old_text[o])).collect();
    let new_text: Vec<Arc<str>> = free_new.iter().map(|&n| text(&new_text[n])).collect();
    let old_hash = |i: usize| pair.old.article_hashes[free_old[i]];
    let new_hash = |j: usize| pair.new.article_hashes[free_new[j]];
    // Built on first use: with a memo, most pairs never need them.
    let old_p: Vec<OnceCell<Arc<Profile>>> = old_text.iter().map(|_| OnceCell::new()).collect();
    let new_p: Vec<OnceCell<Arc<Profile>>> = new_text.iter().map(|_| OnceCell::new()).collect();
    let old_profile = |i: usize| old_p[i].get_or_init(|| Memo::profile(pair.memo, &old_text[i], old_hash(i)));
    let new_profile = |j: usize| new_p[j].get_or_init(|| Memo::profile(pair.memo, &new_text[j], new_hash(j)));
    let to_compare = if limits.exhaustive(free_old.len(), free_new.len()) {
        candidates::all(free_old.len(), free_new.len())
    } else {
        let olds: Vec<&Profile> = (0..free_old.len()).map(|i| &**old_profile(i)).collect();
        let news: Vec<&Profile> = (0..free_new.len()).map(|j| &**new_profile(j)).collect();
        candidates::pairs(&olds, &news, &m.expected(&free_old), MATCH_THRESHOLD, limits)
    };
    let mut alike = Vec::new();
    let mut comparisons = 0;
    for (i, j) in to_compare {
        if budget.exhausted() {
            break;
        }
        // Two empty articles say nothing about being the same one.
        if old_text[i].is_empty() || new_text[j].is_empty() {
            continue;
        }
        comparisons += 1;
        let similarity =
            |budget: &mut Budget| words::similarity(old_profile(i), new_profile(j), MATCH_THRESHOLD, budget);
        let r = Memo::similarity(
            pair.memo,
            Side {
                value: &old_text[i],
                hash: old_hash(i),
            },
            Side {
                value: &new_text[j],
                hash: new_hash(j),
            },
            similarity,
            budget,
        );
        if let Some(r) = r {
            alike.push((r, i, j));
        }
    }
    alike.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    for (_, i, j) in alike {
        let (o, n) = (free_old[i], free_new[j]);
        if !m.taken[o] && m.old_of_new[n].is_none() {
            m.old_of_new[n] = Some(o);
            m.taken[o] = true;
        }
    }
    comparisons
}

/// For each item, whether it is on one longest increasing subsequence: the
/// matched articles that kept their relative order. The others moved.
fn increasing(seq: &[usize]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &v) in seq.iter().enumerate() {
        let k = tails.partition_point(|&t| seq[t] < v);
        if k > 0 {
            prev[i] = Some(tails[k - 1]);
        }
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        keep[i] = true;
        cur = prev[i];
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_keeps_the_stayers() {
        assert_eq!(increasing(&[1, 2, 3, 0]), vec![true, true, true, false]);
        assert_eq!(increasing(&[3, 0, 1, 2]), vec![false, true, true, true]);
        assert_eq!(increasing(&[1, 0]), vec![false, true]);
        assert_eq!(increasing(&[]), Vec::<bool>::new());
    }
}
