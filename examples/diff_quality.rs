//! How charter's diff of each pair of consecutive revisions compares with a
//! plain word diff of the same two texts: a diff that shows a reader far
//! more words than changed (a small edit shown as a whole paragraph
//! replaced) is a diff that shows something that did not happen.
//!
//! Run by `bench/diff-quality.sh` on an imported history (see
//! `bench/README.md`), or alone: `cargo run --example diff_quality -- SITE`.
//! Every document of the site, every consecutive pair of its revisions.
//!
//! The plain diff reads the Markdown source with what a reader does not see
//! taken out (list numbers and bullets, link targets, heading marks and ids,
//! emphasis and code marks, table pipes) and all of it joined, so a reflowed
//! paragraph is no change; it diffs the words with `similar` (Myers). It
//! knows nothing of moves: a moved paragraph is words deleted and inserted
//! there, and no words in charter's diff.

use std::collections::HashMap;
use std::path::PathBuf;

use charter::diff::{self, Block, DocumentDiff, Options, SpanKind};
use charter::model::Document;
use similar::{Algorithm, DiffTag, capture_diff_slices};

/// What one pair of revisions measured.
struct Pair {
    doc: String,
    from: String,
    to: String,
    /// Inserted + deleted words in charter's diff that hold a letter or a
    /// digit, link targets aside (the plain diff leaves both out).
    charter: usize,
    /// Inserted + deleted words in charter's own count (`stats`).
    raw: usize,
    /// Inserted + deleted words in the plain word diff.
    plain: usize,
    /// Words charter shows inserted or deleted that the plain diff keeps
    /// (link targets aside).
    extra: usize,
    /// Words of link targets, not in `charter`.
    links: usize,
    /// Charter's diff holds a move.
    moves: bool,
    coarse: bool,
}

impl Pair {
    /// charter / plain, or None when the plain diff found nothing.
    fn ratio(&self) -> Option<f64> {
        (self.plain > 0).then(|| self.charter as f64 / self.plain as f64)
    }

    /// At least twice the words, and at least 20 more.
    fn inflated(&self) -> bool {
        inflated(self.charter, self.plain)
    }

    /// Inflated, but with a move.
    fn explained(&self) -> bool {
        self.moves
    }
}

fn inflated(charter: usize, plain: usize) -> bool {
    charter >= 2 * plain && charter >= plain + 20
}

impl Pair {}

fn main() {
    let Some(root) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: diff_quality SITE");
        std::process::exit(2);
    };
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content"))
        .unwrap_or_else(|e| panic!("{}: {e}", root.join("content").display()))
        .filter_map(|e| {
            let name = e.ok()?.file_name().into_string().ok()?;
            Some(name.strip_suffix(".md")?.to_string())
        })
        .collect();
    ids.sort();
    let mut pairs = Vec::new();
    for id in &ids {
        let site = match charter::site::load_one(&root, id) {
            Ok(site) => site,
            Err(e) => {
                eprintln!("{id}: not measured: {e}");
                continue;
            }
        };
        let Some(doc) = site.documents.iter().find(|d| &d.id == id) else {
            continue;
        };
        for w in doc.revisions.windows(2) {
            let d = diff::documents(&w[0].document, &w[1].document, &Options::default());
            pairs.push(measure(id, (&w[0], &w[1]), &d));
        }
    }
    report(&pairs);
}

fn measure(id: &str, (a, b): (&charter::model::Revision, &charter::model::Revision), d: &DocumentDiff) -> Pair {
    let (old, new) = (plain_words(&a.document), plain_words(&b.document));
    let ops = capture_diff_slices(Algorithm::Myers, &old, &new);
    let mut plain_bag: HashMap<(bool, String), usize> = HashMap::new();
    let mut plain = 0;
    for op in &ops {
        let (o, n) = (op.old_range(), op.new_range());
        let (del, ins) = match op.tag() {
            DiffTag::Equal => continue,
            DiffTag::Delete => (&old[o], &[][..]),
            DiffTag::Insert => (&[][..], &new[n]),
            DiffTag::Replace => (&old[o], &new[n]),
        };
        plain += del.len() + ins.len();
        for (inserted, words) in [(false, del), (true, ins)] {
            for w in words {
                *plain_bag.entry((inserted, norm(w))).or_default() += 1;
            }
        }
    }
    let blocks = d.preamble.iter().chain(d.articles.iter().flat_map(|a| &a.blocks));
    let blocks: Vec<&Block> = blocks.collect();
    let mut words = d.title.as_deref().map(changed_words).unwrap_or_default();
    words.extend(blocks.iter().flat_map(|b| changed_words(&b.spans)));
    let (mut charter, mut extra, mut links) = (0, 0, 0);
    for (inserted, w, in_link) in words {
        if in_link {
            links += 1;
            continue;
        }
        charter += 1;
        match plain_bag.get_mut(&(inserted, norm(&w))) {
            Some(n) if *n > 0 => *n -= 1,
            _ => extra += 1,
        }
    }
    Pair {
        doc: id.to_string(),
        from: a.id.to_string(),
        to: b.id.to_string(),
        charter,
        raw: d.stats.words_inserted + d.stats.words_deleted,
        plain,
        extra,
        links,
        moves: blocks.iter().any(|b| b.moved.is_some()),
        coarse: d.coarse,
    }
}

/// The inserted (true) and deleted words of a block's spans that hold a
/// letter or digit, each with whether it stands in a link target, which
/// charter shows as ` (target)` after the link's text.
fn changed_words(spans: &[diff::Span]) -> Vec<(bool, String, bool)> {
    let side = |skip: SpanKind| -> String {
        spans
            .iter()
            .filter(|s| s.kind != skip)
            .map(|s| s.text.as_ref())
            .collect()
    };
    let (old, new) = (side(SpanKind::Inserted), side(SpanKind::Deleted));
    let (old_links, new_links) = (link_targets(&old), link_targets(&new));
    let (mut at_old, mut at_new) = (0, 0);
    let mut out = Vec::new();
    for s in spans {
        let (inserted, at, links) = match s.kind {
            SpanKind::Equal => {
                at_old += s.text.len();
                at_new += s.text.len();
                continue;
            }
            SpanKind::Inserted => (true, &mut at_new, &new_links),
            SpanKind::Deleted => (false, &mut at_old, &old_links),
            // A paragraph break inserted or removed: no word, and no text.
            SpanKind::Split | SpanKind::Join => continue,
        };
        let mut offset = *at;
        for piece in s.text.split_inclusive(char::is_whitespace) {
            let w = piece.trim();
            if w.chars().any(char::is_alphanumeric) {
                let in_link = links.iter().any(|r| r.contains(&offset));
                out.push((inserted, w.to_string(), in_link));
            }
            offset += piece.len();
        }
        *at += s.text.len();
    }
    out
}

/// Where link targets stand in a block's text: `(…)` with no space inside
/// that holds a `/`, `:` or `#`.
fn link_targets(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('(').map(|k| from + k) {
        let rest = &text[open + 1..];
        let end = rest.find(|c: char| c == ')' || c.is_whitespace()).unwrap_or(rest.len());
        let inside = &rest[..end];
        if rest[end..].starts_with(')') && inside.contains(['/', ':', '#']) {
            out.push(open..open + end + 2);
        }
        from = open + 1;
    }
    out
}

/// A word as the bags compare it: without the punctuation around it, since
/// charter cuts `Street.` into `Street` and `.` where the plain diff does not.
fn norm(w: &str) -> String {
    w.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
}

/// The title and body's words, without what a reader does not see.
fn plain_words(doc: &Document) -> Vec<String> {
    let mut words: Vec<String> = doc.meta.title.split_whitespace().map(str::to_string).collect();
    for line in doc.body.lines() {
        let line = line.trim_start();
        let line = line.trim_start_matches('>').trim_start();
        if line.starts_with('|') && line.chars().all(|c| "|-: ".contains(c)) {
            continue; // a table's separator row
        }
        let line = strip_marker(line);
        let line = line.trim_start_matches('#');
        let line = strip_link_targets(line);
        let line = strip_heading_id(&line);
        let cleaned: String = line.chars().filter(|c| !matches!(c, '*' | '`' | '|')).collect();
        words.extend(
            cleaned
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .map(str::to_string),
        );
    }
    words
}

/// Without a list item's bullet or number.
fn strip_marker(line: &str) -> &str {
    if let Some(rest) = line.strip_prefix(['-', '*', '+'])
        && rest.starts_with(' ')
    {
        return rest;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0
        && let Some(rest) = line[digits..].strip_prefix(['.', ')'])
        && (rest.is_empty() || rest.starts_with(' '))
    {
        return rest;
    }
    line
}

/// `[text](target)` as `text`, and `[text][ref]` as `text`.
fn strip_link_targets(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(at) = rest.find("](").or_else(|| rest.find("][")) {
        let close = if rest[at..].starts_with("](") { ')' } else { ']' };
        out.push_str(&rest[..at]);
        match rest[at + 2..].find(close) {
            Some(end) => rest = &rest[at + 2 + end + 1..],
            None => {
                rest = &rest[at + 2..];
                break;
            }
        }
    }
    out.push_str(rest);
    out.replace(['[', ']'], "")
}

/// Without a heading's `{#id}`.
fn strip_heading_id(line: &str) -> String {
    match (line.rfind("{#"), line.trim_end().ends_with('}')) {
        (Some(at), true) => line[..at].to_string(),
        _ => line.to_string(),
    }
}

fn report(pairs: &[Pair]) {
    let changed: Vec<&Pair> = pairs.iter().filter(|p| p.plain > 0 || p.charter > 0).collect();
    let mut ratios: Vec<f64> = changed.iter().filter_map(|p| p.ratio()).collect();
    ratios.sort_by(f64::total_cmp);
    let at = |q: f64| ratios.get(((ratios.len() as f64 - 1.0) * q).round() as usize).copied();
    let inflated: Vec<&&Pair> = changed.iter().filter(|p| p.inflated()).collect();
    let explained = inflated.iter().filter(|p| p.explained()).count();
    let extra: Vec<&&Pair> = changed.iter().filter(|p| p.extra > 0).collect();
    let extra20 = extra.iter().filter(|p| p.extra >= 20).count();
    println!("pairs of consecutive revisions: {}", pairs.len());
    println!("pairs with a difference:        {}", changed.len());
    println!(
        "charter ≥ 2× the plain words and ≥ 20 more: {} ({} of them with a move)",
        inflated.len(),
        explained
    );
    println!(
        "charter shows words the plain diff keeps: {} pairs ({} with 20 or more), {} words in all",
        extra.len(),
        extra20,
        extra.iter().map(|p| p.extra).sum::<usize>()
    );
    println!("coarse diffs: {}", changed.iter().filter(|p| p.coarse).count());
    let fmt = |r: Option<f64>| r.map_or("n/a".to_string(), |r| format!("{r:.2}"));
    println!("ratio charter / plain: median {}, p90 {}", fmt(at(0.5)), fmt(at(0.9)));
    let mut worst: Vec<&&Pair> = changed.iter().collect();
    let key = |p: &Pair| (p.charter as f64 + 1.0) / (p.plain as f64 + 1.0);
    worst.sort_by(|a, b| key(b).total_cmp(&key(a)).then(b.extra.cmp(&a.extra)));
    if std::env::var_os("ALL").is_some() {
        let mut high: Vec<&&Pair> = changed.iter().filter(|p| p.ratio().is_some_and(|r| r > 1.3)).collect();
        high.sort_by(|a, b| b.ratio().unwrap_or(0.0).total_cmp(&a.ratio().unwrap_or(0.0)));
        println!("\nevery pair over 1.3 (ALL=1):");
        for p in high {
            println!(
                "  {:.2} {:>5} / {:<5} {} {} -> {}",
                p.ratio().unwrap_or(0.0),
                p.charter,
                p.plain,
                p.doc,
                p.from,
                p.to
            );
        }
    }
    println!("\nthe worst ten (charter words / plain words, words only charter shows):");
    for p in worst.iter().take(10) {
        println!(
            "  {:>5} / {:<5} extra {:<5} links {:<4} stats {:<5} {}{} {} {} -> {}",
            p.charter,
            p.plain,
            p.extra,
            p.links,
            p.raw,
            if p.moves { "moves " } else { "" },
            if p.coarse { "coarse " } else { "" },
            p.doc,
            p.from,
            p.to
        );
    }
}
