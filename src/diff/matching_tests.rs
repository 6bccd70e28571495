//! The bounded search for renamed articles: the work it does, and that it
//! pairs what the search over every pair pairs.

use std::path::Path;

use proptest::prelude::*;

use super::articles::{Aligner, Matching, matching};
use super::candidates::{LIMITS, Limits};
use super::moves::Movable;
use super::{Budget, DEFAULT_MAX_WORK, Prepared};
use crate::load::document;
use crate::model::Document;

/// A document of `(title, text)` articles.
fn doc(articles: &[(String, String)]) -> Document {
    let mut text = String::from("+++\ntitle = \"T\"\n+++\nIntro.\n");
    for (title, body) in articles {
        text.push_str(&format!("\n## {title}\n\n{body}\n"));
    }
    document::parse(&text, Path::new("p.md"), 1).expect("a valid document")
}

fn run(old: &Document, new: &Document, limits: &Limits) -> Matching {
    let (old, new) = (Prepared::new(old), Prepared::new(new));
    let movable = Movable::new((&old.blocks, &old.long), (&new.blocks, &new.long));
    let pair = Aligner {
        old: &old,
        new: &new,
        movable: &movable,
        memo: None,
        numbering: "Article {n}",
    };
    matching(&pair, &mut Budget::new(DEFAULT_MAX_WORK), limits)
}

const COMMON: &[&str] = &[
    "we", "keep", "your", "data", "for", "as", "long", "the", "law", "requires", "and", "share", "it", "with", "our",
    "partners", "only", "when", "you", "agree",
];

/// Article `k`'s text: common words, and two words of its own.
fn text(k: usize, edited: bool) -> String {
    let mut words: Vec<String> = (0..16)
        .map(|w| COMMON[(k * 7 + w * 3) % COMMON.len()].to_string())
        .collect();
    words.insert(5, format!("clause{k}"));
    words.push(format!("term{k}"));
    if edited {
        words[2] = "amended".to_string();
    }
    words.join(" ") + "."
}

#[test]
fn eight_thousand_renamed_articles_are_paired_with_bounded_work() {
    let n = 8_000;
    let old: Vec<_> = (0..n).map(|k| (format!("Topic {k}"), text(k, false))).collect();
    let renamed: Vec<_> = (0..n).map(|k| (format!("Heading {k}"), text(k, false))).collect();
    let edited: Vec<_> = (0..n).map(|k| (format!("Heading {k}"), text(k, true))).collect();
    let old = doc(&old);
    let expected: Vec<Option<usize>> = (0..n).map(Some).collect();

    // Renamed only: equal texts pair without a single comparison.
    let m = run(&old, &doc(&renamed), &LIMITS);
    assert_eq!(m.old_of_new, expected);
    assert_eq!(m.comparisons, 0);

    // Renamed and edited: a few comparisons per article, not one per pair.
    let m = run(&old, &doc(&edited), &LIMITS);
    assert_eq!(m.old_of_new, expected);
    assert!(
        m.comparisons <= n * LIMITS.per_article(),
        "{} comparisons for {n} articles",
        m.comparisons
    );
}

/// What happens to an old article in the new version.
#[derive(Debug, Clone, Copy)]
enum Fate {
    Kept,
    Renamed,
    RenamedEdited,
    Removed,
}

fn fate() -> impl Strategy<Value = Fate> {
    prop_oneof![
        1 => Just(Fate::Kept),
        1 => Just(Fate::Renamed),
        3 => Just(Fate::RenamedEdited),
        1 => Just(Fate::Removed),
    ]
}

/// An article's text of common words and a few rarer ones, and the word
/// an edit puts in place of its third.
fn article() -> impl Strategy<Value = (Vec<usize>, Vec<u32>, usize)> {
    (
        prop::collection::vec(0..COMMON.len(), 6..14),
        prop::collection::vec(0u32..400, 1..4),
        0..COMMON.len(),
    )
}

fn words((common, rare, _): &(Vec<usize>, Vec<u32>, usize), edited: bool) -> String {
    let mut w: Vec<String> = common.iter().map(|&c| COMMON[c].to_string()).collect();
    for (k, r) in rare.iter().enumerate() {
        w.insert((k * 4).min(w.len()), format!("w{r}"));
    }
    if edited && let Some(slot) = w.get_mut(2) {
        *slot = "amended".to_string();
    }
    w.join(" ")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Where comparing every pair pairs each article with the one it came
    /// from, the bounded search (here with tiny limits, so that it is the
    /// one used) pairs the same, as long as each article keeps one word of
    /// its own (`u3`), which the rare-word search must find. Without it the
    /// tiny limits may rightly miss a pair whose rare words all recur.
    #[test]
    fn bounded_search_pairs_as_every_pair_does(
        olds in prop::collection::vec((article(), fate()), 1..24),
        added in prop::collection::vec(article(), 0..4),
        order in Just((0..28usize).collect::<Vec<_>>()).prop_shuffle(),
    ) {
        let old: Vec<(String, String)> =
            olds.iter().enumerate().map(|(k, (a, _))| (format!("Topic {k}"), format!("{} u{k}", words(a, false)))).collect();
        // New articles and where each came from, then shuffled.
        let mut new: Vec<((String, String), Option<usize>)> = Vec::new();
        for (k, (a, fate)) in olds.iter().enumerate() {
            let text = |edited| format!("{} u{k}", words(a, edited));
            match fate {
                Fate::Kept => new.push(((format!("Topic {k}"), text(false)), Some(k))),
                Fate::Renamed => new.push(((format!("Heading {k}"), text(false)), Some(k))),
                Fate::RenamedEdited => new.push(((format!("Heading {k}"), text(true)), Some(k))),
                Fate::Removed => {}
            }
        }
        for (m, a) in added.iter().enumerate() {
            new.push(((format!("Extra {m}"), format!("{} x{m}", words(a, false))), None));
        }
        let mut shuffled: Vec<_> = order.iter().filter_map(|&k| new.get(k).cloned()).collect();
        shuffled.extend(new.iter().skip(order.len()).cloned());
        let (articles, truth): (Vec<_>, Vec<_>) = shuffled.into_iter().unzip();
        let (old, new) = (doc(&old), doc(&articles));

        let every = Limits { exhaustive: usize::MAX, ..LIMITS };
        let tiny = Limits { exhaustive: 0, window: 1, shared: 2, rare_words: 4, common: 4 };
        let exhaustive = run(&old, &new, &every);
        prop_assume!(exhaustive.old_of_new == truth);
        let bounded = run(&old, &new, &tiny);
        prop_assert_eq!(bounded.old_of_new, exhaustive.old_of_new);
    }
}
