//! Article-aware diffs against a plain line diff, on a generated history.
//!
//! The history is the benchmark corpus's (`examples/corpus/text.rs`, also
//! what `bench/run.sh` builds): 40 revisions of one ~6,000-word policy of
//! 10 to 20 articles, from a fixed seed, so every run measures the same
//! documents. Each revision edits a few paragraphs, lists or tables and now
//! and then adds, removes, moves or retitles an article. Run with
//! `cargo bench --bench diff`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use charter::diff::{self, Options};
use charter::model::Document;

// The bench uses the generator's text, not all of what the corpus writes.
#[allow(dead_code)]
#[path = "../examples/corpus/text.rs"]
mod text;

const REVISIONS: usize = 40;
const WORDS: usize = 6000;
const SEED: u64 = 2024;
const ROUNDS: usize = 15;

fn history() -> Vec<Document> {
    let mut rng = text::Rng::new(SEED, 0);
    let mut doc = text::Doc::new(&mut rng, 0, WORDS);
    let mut out = Vec::new();
    for _ in 0..REVISIONS {
        let parsed = charter::load::document::parse(&doc.text(), Path::new("bench.md"), 1)
            .unwrap_or_else(|e| panic!("generated document does not parse: {e:?}"));
        out.push(parsed);
        doc.revise(&mut rng);
    }
    out
}

/// Per pair, the median time of each function over all rounds. The two are
/// timed alternately, pair by pair, so that a busy machine slows both alike.
fn measure(
    docs: &[Document],
    mut first: impl FnMut(&Document, &Document),
    mut second: impl FnMut(&Document, &Document),
) -> (Vec<Duration>, Vec<Duration>) {
    let pairs = docs.len() - 1;
    let mut samples = vec![(Vec::new(), Vec::new()); pairs];
    for _ in 0..ROUNDS {
        for (i, w) in docs.windows(2).enumerate() {
            let start = Instant::now();
            first(&w[0], &w[1]);
            samples[i].0.push(start.elapsed());
            let start = Instant::now();
            second(&w[0], &w[1]);
            samples[i].1.push(start.elapsed());
        }
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    samples.into_iter().map(|(a, b)| (median(a), median(b))).unzip()
}

fn report(name: &str, times: &[Duration]) -> Duration {
    let total: Duration = times.iter().sum();
    let (worst_at, worst) = times
        .iter()
        .enumerate()
        .max_by_key(|(_, t)| **t)
        .expect("at least one pair");
    println!(
        "{name:<14} total {:>10.3?}  mean/pair {:>10.3?}  worst {:>10.3?} (revision {} -> {})",
        total,
        total / times.len() as u32,
        worst,
        worst_at,
        worst_at + 1
    );
    total
}

fn main() {
    let docs = history();
    let words: usize = docs.iter().map(|d| d.body.split_whitespace().count()).sum::<usize>() / docs.len();
    let opts = Options::default();
    let mut summary = (0, 0, 0, 0, false);
    for w in docs.windows(2) {
        let d = diff::documents(&w[0], &w[1], &opts);
        summary.0 += d.stats.changed;
        summary.1 += d.stats.added + d.stats.removed;
        summary.2 += d.stats.moved;
        summary.3 += d.stats.renumbered;
        summary.4 |= d.coarse;
    }
    println!(
        "{} revisions, {} pairs, ~{words} words each, {ROUNDS} rounds; over all pairs: {} changed, \
         {} added/removed, {} moved, {} renumbered articles; coarse: {}",
        docs.len(),
        docs.len() - 1,
        summary.0,
        summary.1,
        summary.2,
        summary.3,
        summary.4
    );

    let (charter, lines) = measure(
        &docs,
        |a, b| {
            black_box(diff::documents(black_box(a), black_box(b), &opts));
        },
        |a, b| {
            let d = similar::TextDiff::from_lines(black_box(a.body.as_str()), black_box(b.body.as_str()));
            let changed = d
                .iter_all_changes()
                .filter(|c| c.tag() != similar::ChangeTag::Equal)
                .count();
            black_box(changed);
        },
    );
    let c = report("charter::diff", &charter);
    let worst = (0..charter.len()).max_by_key(|&i| charter[i]).expect("pairs");
    let d = diff::documents(&docs[worst], &docs[worst + 1], &opts);
    println!(
        "charter's worst pair ({worst} -> {}): {}",
        worst + 1,
        diff::format::totals(&d)
    );
    let l = report("line diff", &lines);
    println!("ratio charter/line-diff: {:.1}x", c.as_secs_f64() / l.as_secs_f64());
}
