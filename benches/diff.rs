//! Article-aware diffs against a plain line diff, on a generated history.
//!
//! The history is made up in code (no data files) with a fixed-seed LCG, so
//! every run measures the same 40 revisions of a ~6,000-word policy with 15
//! articles: each revision edits a few paragraphs and now and then adds,
//! removes or moves an article. Run with `cargo bench --bench diff`.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use charter::diff::{self, Options};
use charter::model::Document;

const REVISIONS: usize = 40;
const ARTICLES: usize = 15;
const ROUNDS: usize = 15;

/// Knuth's MMIX LCG: small, fixed, good enough to pick edits.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const WORDS: &[&str] = &[
    "we",
    "you",
    "your",
    "the",
    "a",
    "of",
    "to",
    "and",
    "or",
    "in",
    "for",
    "with",
    "that",
    "may",
    "will",
    "not",
    "personal",
    "information",
    "data",
    "service",
    "account",
    "use",
    "share",
    "keep",
    "delete",
    "protect",
    "provide",
    "request",
    "law",
    "purpose",
    "partners",
    "cookies",
    "settings",
    "consent",
    "processing",
    "security",
    "access",
    "third",
    "parties",
    "contract",
    "necessary",
    "legitimate",
    "interests",
    "rights",
    "period",
    "retention",
    "transfer",
    "country",
    "safeguards",
    "notice",
    "changes",
    "contact",
    "email",
    "address",
    "payment",
    "device",
    "browser",
    "analytics",
    "advertising",
    "children",
    "age",
    "marketing",
    "opt-out",
    "reasonable",
    "measures",
    "unauthorised",
    "disclosure",
    "correction",
    "complaint",
    "authority",
    "within",
    "one",
    "month",
    "year",
    "days",
    "when",
    "where",
    "which",
    "only",
];

const TITLES: &[&str] = &[
    "Who we are",
    "Personal information",
    "Purpose of use",
    "Limits on use",
    "How we obtain information",
    "Notice of purpose",
    "Managing personal information",
    "Outsourcing",
    "Sharing with third parties",
    "Disclosure requests",
    "Correction requests",
    "Cookie policy",
    "Children",
    "International transfers",
    "Retention",
    "Disclaimer",
    "Inquiries",
    "Revising this policy",
];

#[derive(Clone)]
enum Block {
    Para(Vec<&'static str>),
    Item(Vec<&'static str>),
    Section(String),
}

#[derive(Clone)]
struct Article {
    id: String,
    title: String,
    blocks: Vec<Block>,
}

fn sentence(rng: &mut Lcg, len: usize) -> Vec<&'static str> {
    (0..len).map(|_| WORDS[rng.below(WORDS.len())]).collect()
}

fn article(rng: &mut Lcg, n: usize) -> Article {
    let mut blocks = Vec::new();
    for p in 0..3 + rng.below(3) {
        if p == 2 && rng.chance(40) {
            blocks.push(Block::Section(format!("Details {n}-{p}")));
        }
        blocks.push(Block::Para({
            let n = 50 + rng.below(50);
            sentence(rng, n)
        }));
        if rng.chance(30) {
            for _ in 0..2 + rng.below(4) {
                blocks.push(Block::Item({
                    let n = 8 + rng.below(12);
                    sentence(rng, n)
                }));
            }
        }
    }
    Article {
        id: format!("article-{n}"),
        title: format!("{} {n}", TITLES[n % TITLES.len()]),
        blocks,
    }
}

/// A few word-level edits, and sometimes an article added, removed or moved.
fn revise(rng: &mut Lcg, doc: &mut Vec<Article>, next_id: &mut usize) {
    for _ in 0..1 + rng.below(4) {
        let a = rng.below(doc.len());
        let b = rng.below(doc[a].blocks.len());
        match &mut doc[a].blocks[b] {
            Block::Para(words) | Block::Item(words) => {
                let at = rng.below(words.len());
                match rng.below(3) {
                    0 => words[at] = WORDS[rng.below(WORDS.len())],
                    1 => {
                        let n = 1 + rng.below(12);
                        let extra = sentence(rng, n);
                        words.splice(at..at, extra);
                    }
                    _ => {
                        let end = (at + 1 + rng.below(8)).min(words.len());
                        if words.len() > end - at + 5 {
                            words.drain(at..end);
                        }
                    }
                }
            }
            Block::Section(title) => title.push_str(" (updated)"),
        }
    }
    if rng.chance(20) {
        let n = 40 + rng.below(40);
        let para = Block::Para(sentence(rng, n));
        let a = rng.below(doc.len());
        let at = rng.below(doc[a].blocks.len() + 1);
        doc[a].blocks.insert(at, para);
    }
    if rng.chance(15) {
        *next_id += 1;
        let new = article(rng, *next_id);
        doc.insert(rng.below(doc.len() + 1), new);
    }
    if rng.chance(10) && doc.len() > ARTICLES - 3 {
        doc.remove(rng.below(doc.len()));
    }
    if rng.chance(10) {
        let moved = doc.remove(rng.below(doc.len()));
        doc.insert(rng.below(doc.len() + 1), moved);
    }
}

/// The document file: front matter, then paragraphs wrapped at 80 columns.
fn render(doc: &[Article]) -> String {
    let mut out = String::from("+++\ntitle = \"Privacy Policy\"\n+++\n");
    out.push_str("This policy explains what we collect and why.\n\n");
    for a in doc {
        out.push_str(&format!("## {} {{#{}}}\n\n", a.title, a.id));
        let mut in_list = false;
        for b in &a.blocks {
            let item = matches!(b, Block::Item(_));
            if in_list && !item {
                out.push('\n');
            }
            in_list = item;
            match b {
                Block::Para(words) => {
                    out.push_str(&wrap(words));
                    out.push_str("\n\n");
                }
                Block::Item(words) => out.push_str(&format!("- {}\n", words.join(" "))),
                Block::Section(title) => out.push_str(&format!("### {title}\n\n")),
            }
        }
        if in_list {
            out.push('\n');
        }
    }
    out
}

fn wrap(words: &[&str]) -> String {
    let mut out = String::new();
    let mut col = 0;
    for w in words {
        if col > 0 && col + w.len() >= 80 {
            out.push('\n');
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.len();
    }
    out
}

fn history() -> Vec<Document> {
    let mut rng = Lcg(2024);
    let mut doc: Vec<Article> = (0..ARTICLES).map(|n| article(&mut rng, n)).collect();
    let mut next_id = ARTICLES;
    let mut out = Vec::new();
    for _ in 0..REVISIONS {
        let text = render(&doc);
        let parsed = charter::load::document::parse(&text, Path::new("bench.md"), 1)
            .unwrap_or_else(|e| panic!("generated document does not parse: {e:?}"));
        out.push(parsed);
        revise(&mut rng, &mut doc, &mut next_id);
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
