//! Pairing articles across versions and naming what happened to each.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::blocks::SourceBlock;
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
        old: Some(side(old, o)),
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
                new: Some(side(new, n)),
                title: None,
                blocks: whole(&new_blocks.articles[n], BlockStatus::Inserted),
            },
            Some(o) => {
                let kept_order = in_order.next().unwrap_or(true);
                let (before, after) = (side(old, o), side(new, n));
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

fn side(doc: &Document, i: usize) -> ArticleSide {
    let a = &doc.articles[i];
    ArticleSide {
        id: a.id.clone(),
        number: a.number,
        label: doc.label(a),
        title: a.title.clone(),
    }
}

fn whole(blocks: &[SourceBlock], status: BlockStatus) -> Vec<Block> {
    blocks.iter().map(|b| Block::whole(b.kind, status, &b.text)).collect()
}

/// For each new article, the old article it continues: first by id, then by
/// equal title, then by the most similar text.
fn match_articles(pair: &Aligner<'_>, budget: &mut Budget) -> Vec<Option<usize>> {
    let (old, new) = (pair.old.doc, pair.new.doc);
    let mut old_of_new: Vec<Option<usize>> = vec![None; new.articles.len()];
    let mut taken = vec![false; old.articles.len()];
    let keys: [fn(&crate::model::Article) -> &str; 2] = [|a| &a.id, |a| &a.title];
    for key in keys {
        let mut free: HashMap<&str, Vec<usize>> = HashMap::new();
        for (o, a) in old.articles.iter().enumerate().rev() {
            if !taken[o] {
                free.entry(key(a)).or_default().push(o);
            }
        }
        for (n, a) in new.articles.iter().enumerate() {
            if old_of_new[n].is_none()
                && let Some(o) = free.get_mut(key(a)).and_then(Vec::pop)
            {
                old_of_new[n] = Some(o);
                taken[o] = true;
            }
        }
    }

    let free_old: Vec<usize> = (0..old.articles.len()).filter(|&o| !taken[o]).collect();
    let free_new: Vec<usize> = (0..new.articles.len()).filter(|&n| old_of_new[n].is_none()).collect();
    if free_old.is_empty() || free_new.is_empty() {
        return old_of_new;
    }
    let joined =
        |b: &[SourceBlock]| -> Arc<str> { b.iter().map(|b| b.text.as_ref()).collect::<Vec<_>>().join("\n").into() };
    let old_text: Vec<Arc<str>> = free_old.iter().map(|&o| joined(&pair.old.blocks.articles[o])).collect();
    let new_text: Vec<Arc<str>> = free_new.iter().map(|&n| joined(&pair.new.blocks.articles[n])).collect();
    let old_hash = |i: usize| pair.old.article_hashes[free_old[i]];
    let new_hash = |j: usize| pair.new.article_hashes[free_new[j]];
    // Built on first use: with a memo, most pairs never need them.
    let old_p: Vec<OnceCell<Arc<Profile>>> = old_text.iter().map(|_| OnceCell::new()).collect();
    let new_p: Vec<OnceCell<Arc<Profile>>> = new_text.iter().map(|_| OnceCell::new()).collect();
    let mut candidates = Vec::new();
    for i in 0..free_old.len() {
        for j in 0..free_new.len() {
            if budget.exhausted() {
                break;
            }
            // Two empty articles say nothing about being the same one.
            if old_text[i].is_empty() || new_text[j].is_empty() {
                continue;
            }
            let similarity = |budget: &mut Budget| {
                let a = old_p[i].get_or_init(|| Memo::profile(pair.memo, &old_text[i], old_hash(i)));
                let b = new_p[j].get_or_init(|| Memo::profile(pair.memo, &new_text[j], new_hash(j)));
                words::similarity(a, b, MATCH_THRESHOLD, budget)
            };
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
                candidates.push((r, i, j));
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    for (_, i, j) in candidates {
        let (o, n) = (free_old[i], free_new[j]);
        if !taken[o] && old_of_new[n].is_none() {
            old_of_new[n] = Some(o);
            taken[o] = true;
        }
    }
    old_of_new
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
