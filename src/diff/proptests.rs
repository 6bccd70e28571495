//! Properties over generated documents: a text against itself has no change,
//! and any diff rebuilds both versions block by block.

use std::collections::HashMap;
use std::path::Path;

use proptest::prelude::*;

use super::blocks::{self, SourceBlock};
use super::*;
use crate::load::document;

/// Both versions, block for block and in order, can be read back from `d`.
pub fn assert_rebuilds(old: &Document, new: &Document, d: &DocumentDiff) {
    let (ob, nb) = (blocks::extract(old), blocks::extract(new));
    let texts = |b: &[SourceBlock]| b.iter().map(|b| b.text.to_string()).collect::<Vec<_>>();
    // A block with paragraph breaks inserted or removed stands for several.
    let old_side = |b: &[Block]| {
        b.iter()
            .filter(|b| b.in_old())
            .flat_map(Block::old_texts)
            .collect::<Vec<_>>()
    };
    let new_side = |b: &[Block]| {
        b.iter()
            .filter(|b| b.in_new())
            .flat_map(Block::new_texts)
            .collect::<Vec<_>>()
    };
    assert_eq!(old_side(&d.preamble), texts(&ob.preamble), "old preamble");
    assert_eq!(new_side(&d.preamble), texts(&nb.preamble), "new preamble");

    let mut seen_old = HashMap::new();
    let mut seen_new = HashMap::new();
    for a in &d.articles {
        if let Some(o) = &a.old {
            let i = o.number - 1;
            assert_eq!(old.articles[i].id, o.id);
            assert!(seen_old.insert(i, ()).is_none(), "old article {} twice", o.id);
            assert_eq!(old_side(&a.blocks), texts(&ob.articles[i]), "old {}", o.id);
        }
        if let Some(n) = &a.new {
            let i = n.number - 1;
            assert_eq!(new.articles[i].id, n.id);
            assert!(seen_new.insert(i, ()).is_none(), "new article {} twice", n.id);
            assert_eq!(new_side(&a.blocks), texts(&nb.articles[i]), "new {}", n.id);
        }
        a.blocks.iter().for_each(well_formed);
    }
    d.preamble.iter().for_each(well_formed);
    assert_eq!(seen_old.len(), old.articles.len());
    assert_eq!(seen_new.len(), new.articles.len());
    // New articles appear in the new order.
    let numbers: Vec<usize> = d
        .articles
        .iter()
        .filter_map(|a| a.new.as_ref())
        .map(|n| n.number)
        .collect();
    assert!(numbers.windows(2).all(|w| w[0] < w[1]), "{numbers:?}");
}

/// Spans agree with the block's status and are merged; only a paragraph
/// break has no text.
fn well_formed(b: &Block) {
    let kinds: Vec<SpanKind> = b.spans.iter().map(|s| s.kind).collect();
    let brk = |k: SpanKind| matches!(k, SpanKind::Split | SpanKind::Join);
    assert!(
        !kinds.is_empty() && b.spans.iter().all(|s| s.text.is_empty() == brk(s.kind)),
        "{b:?}"
    );
    assert!(kinds.windows(2).all(|w| w[0] != w[1]), "{b:?}");
    let only = |k: SpanKind| kinds == [k];
    let fits = match b.status {
        BlockStatus::Equal | BlockStatus::MovedOut => only(SpanKind::Equal),
        // Moved and edited: the word diff from where it came from.
        BlockStatus::MovedIn => true,
        BlockStatus::Inserted => only(SpanKind::Inserted),
        BlockStatus::Deleted => only(SpanKind::Deleted),
        // Its words, its breaks or only its formatting changed.
        BlockStatus::Changed => kinds.iter().any(|k| *k != SpanKind::Equal) || b.formatting.is_some(),
    };
    assert!(fits, "{b:?}");
    let moved = matches!(b.status, BlockStatus::MovedIn | BlockStatus::MovedOut);
    assert_eq!(b.moved.is_some(), moved, "{b:?}");
}

const VOCAB: &[&str] = &[
    "we",
    "you",
    "the",
    "data",
    "cookie",
    "policy",
    "personal",
    "information",
    "may",
    "share",
    "delete",
    "keep",
    "*securely*",
    "`ink_session`",
    "[our form](https://a.example/form)",
    "<https://b.example>",
    "£10",
    "café",
    "e.g.",
    "and",
    "or",
    "not",
    "(see",
    "below)",
    "1.",
];

fn words(n: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(VOCAB), n).prop_map(|w| w.join(" "))
}

/// One Markdown line; heading ids are random so that edits keep most of them.
fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => words(1..14),
        2 => words(1..6).prop_map(|w| format!("- {w}")),
        1 => words(1..6).prop_map(|w| format!("1. {w}")),
        1 => words(1..4).prop_map(|w| format!("  - {w}")),
        1 => (words(1..3), words(1..3)).prop_map(|(a, b)| format!("| {a} | {b} |")),
        1 => Just("| --- | --- |".to_string()),
        4 => Just(String::new()),
        1 => (words(1..4), 0..500u32).prop_map(|(w, n)| format!("### {w} {{#s{n}}}")),
        2 => (words(1..3), 0..500u32).prop_map(|(w, n)| format!("## {w} {{#a{n}}}")),
        1 => Just("```".to_string()),
        1 => words(1..5).prop_map(|w| format!("> {w}")),
        1 => words(1..5).prop_map(|w| format!("[^n]: {w}")),
    ]
}

fn text() -> impl Strategy<Value = Vec<String>> {
    prop::collection::vec(line(), 0..60)
}

#[derive(Debug, Clone)]
enum Edit {
    Delete(usize),
    Insert(usize, String),
    Replace(usize, String),
    Move(usize, usize),
    Reflow(usize),
    /// A paragraph break put in, or one taken out.
    Split(usize),
    Join(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..100usize).prop_map(Edit::Delete),
        (0..100usize, line()).prop_map(|(i, l)| Edit::Insert(i, l)),
        (0..100usize, line()).prop_map(|(i, l)| Edit::Replace(i, l)),
        (0..100usize, 0..100usize).prop_map(|(i, j)| Edit::Move(i, j)),
        (0..100usize).prop_map(Edit::Reflow),
        (0..100usize).prop_map(Edit::Split),
        (0..100usize).prop_map(Edit::Join),
    ]
}

fn apply(lines: &[String], edits: &[Edit]) -> Vec<String> {
    let mut out = lines.to_vec();
    for e in edits {
        let n = out.len().max(1);
        match e {
            Edit::Delete(i) if !out.is_empty() => {
                out.remove(i % n);
            }
            Edit::Insert(i, l) => out.insert(i % (out.len() + 1), l.clone()),
            Edit::Replace(i, l) if !out.is_empty() => out[i % n] = l.clone(),
            Edit::Move(i, j) if !out.is_empty() => {
                let l = out.remove(i % n);
                out.insert(j % (out.len() + 1), l);
            }
            Edit::Reflow(i) if !out.is_empty() => out[i % n] = out[i % n].replacen(' ', "\n", 1),
            Edit::Split(i) if !out.is_empty() => out[i % n] = out[i % n].replacen(' ', "\n\n", 1),
            Edit::Join(i) if out.get(i % n).is_some_and(String::is_empty) => {
                out.remove(i % n);
            }
            _ => {}
        }
    }
    out
}

/// Parses the lines as a document body, after the fixes that keep most
/// generated texts valid: no section before the first article, no id twice.
fn parse(lines: &[String]) -> Option<Document> {
    let mut seen = std::collections::HashSet::new();
    let mut in_article = false;
    let fixed: Vec<String> = lines
        .iter()
        .map(|l| {
            in_article |= l.starts_with("## ");
            let mut l = match l.strip_prefix("### ") {
                Some(rest) if !in_article => rest.to_string(),
                _ => l.clone(),
            };
            if let Some(at) = l.find(" {#") {
                while !seen.insert(l[at..].to_string()) {
                    l.insert(l.len() - 1, 'x');
                }
            }
            l
        })
        .collect();
    let text = format!("+++\ntitle = \"T\"\n+++\n{}\n", fixed.join("\n"));
    document::parse(&text, Path::new("p.md"), 1).ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn a_text_against_itself_has_no_change(lines in text()) {
        let doc = parse(&lines);
        prop_assume!(doc.is_some());
        let doc = doc.unwrap();
        let d = documents(&doc, &doc, &Options::default());
        prop_assert!(!d.has_changes(), "{:#?}", d);
        prop_assert!(d.articles.iter().all(|a| a.status == ArticleStatus::Unchanged));
        prop_assert!(d.articles.iter().flat_map(|a| &a.blocks).all(|b| b.status == BlockStatus::Equal));
    }

    #[test]
    fn diffs_rebuild_both_versions(lines in text(), edits in prop::collection::vec(edit(), 0..12)) {
        let edited = apply(&lines, &edits);
        let (old, new) = (parse(&lines), parse(&edited));
        prop_assume!(old.is_some() && new.is_some());
        let (old, new) = (old.unwrap(), new.unwrap());
        let d = documents(&old, &new, &Options::default());
        assert_rebuilds(&old, &new, &d);
        // The other way round too, and with no time at all.
        assert_rebuilds(&new, &old, &documents(&new, &old, &Options::default()));
        let rushed = documents(&old, &new, &Options { max_work: 0, ..Options::default() });
        assert_rebuilds(&old, &new, &rushed);
    }

    #[test]
    fn unrelated_texts_rebuild(a in text(), b in text()) {
        let (old, new) = (parse(&a), parse(&b));
        prop_assume!(old.is_some() && new.is_some());
        let (old, new) = (old.unwrap(), new.unwrap());
        assert_rebuilds(&old, &new, &documents(&old, &new, &Options::default()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// A history of versions, each against the last one with one shared
    /// memo, gives the diffs it gives without: under a budget that runs out
    /// part way too, since a hit must cost what aligning again would.
    #[test]
    fn a_memo_changes_no_diff(
        lines in text(),
        steps in prop::collection::vec(prop::collection::vec(edit(), 0..6), 1..6),
        max_work in prop_oneof![Just(DEFAULT_MAX_WORK), 0..4_000u64],
    ) {
        let mut versions = vec![lines];
        for edits in &steps {
            let next = apply(versions.last().expect("one at least"), edits);
            versions.push(next);
        }
        let docs: Vec<Document> = versions.iter().filter_map(|v| parse(v)).collect();
        prop_assume!(docs.len() >= 2);
        let opts = Options { max_work, ..Options::default() };
        let prepared: Vec<Prepared<'_>> = docs.iter().map(Prepared::new).collect();
        let (last, older) = prepared.split_last().expect("two at least");
        let memo = Memo::new();
        // Twice over, so that the second pass is all hits.
        for _ in 0..2 {
            for p in older {
                let with = super::prepared(p, last, &opts, Some(&memo));
                let without = super::prepared(p, last, &opts, None);
                prop_assert_eq!(&with, &without);
                prop_assert_eq!(with, documents(p.document(), last.document(), &opts));
            }
        }
    }
}

proptest! {
    /// Words are counted as `split_whitespace` counts them, ASCII or not.
    #[test]
    fn words_count_as_split_whitespace(s in "[a. \t\r\n\u{b}\u{c}é\u{a0}\u{2003}]{0,30}") {
        prop_assert_eq!(count_words(&s), s.split_whitespace().count());
    }

    #[test]
    fn ascii_words_count_as_split_whitespace(s in "[\x00-\x7f]{0,40}") {
        prop_assert_eq!(count_words(&s), s.split_whitespace().count());
    }

    /// Across the 255-byte runs the count is summed in.
    #[test]
    fn long_ascii_words_count_as_split_whitespace(s in "[a \n]{200,800}") {
        prop_assert_eq!(count_words(&s), s.split_whitespace().count());
    }
}

/// `n` paragraphs of twenty words each, each paragraph's words its own
/// (`tag` and its place in them), so that no two paragraphs are alike.
fn paragraphs(tag: &'static str, n: std::ops::Range<usize>) -> impl Strategy<Value = Vec<String>> {
    let paragraph = prop::collection::vec(0u32..50, 20);
    prop::collection::vec(paragraph, n).prop_map(move |ps| {
        let words = |(i, p): (usize, &Vec<u32>)| p.iter().map(|k| format!("{tag}{i}x{k}")).collect::<Vec<_>>();
        ps.iter().enumerate().map(|p| words(p).join(" ") + ".").collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A paragraph moved to another article (or elsewhere in its own) with
    /// one word changed is reported once, as a move: one moved-out block,
    /// one moved-in block holding the edit, no block deleted or inserted,
    /// and only the edit's words counted.
    #[test]
    fn a_moved_and_edited_block_is_reported_once_as_a_move(
        a in paragraphs("a", 1..4),
        b in paragraphs("b", 1..4),
        pick in any::<prop::sample::Index>(),
        to_b in any::<bool>(),
        word in 0usize..20,
    ) {
        let body = |a: &[String], b: &[String]| {
            format!("## A {{#a}}\n\n{}\n\n## B {{#b}}\n\n{}\n", a.join("\n\n"), b.join("\n\n"))
        };
        let old_body = body(&a, &b);
        let k = pick.index(a.len());
        // Within A it moves to the front, so it must not be there already.
        prop_assume!(to_b || k > 0);
        let mut moved: Vec<String> = a[k].split(' ').map(str::to_string).collect();
        moved[word] = "edited".to_string();
        let moved = moved.join(" ");
        let mut new_a = a.clone();
        new_a.remove(k);
        let mut new_b = b.clone();
        if to_b {
            new_b.push(moved.clone());
        } else {
            new_a.insert(0, moved.clone());
        }
        let new_body = body(&new_a, &new_b);
        let (old, new) = (super::tests::doc(&old_body), super::tests::doc(&new_body));
        let d = documents(&old, &new, &Options::default());
        assert_rebuilds(&old, &new, &d);
        let blocks: Vec<&Block> = d.articles.iter().flat_map(|a| &a.blocks).collect();
        let count = |s: BlockStatus| blocks.iter().filter(|b| b.status == s).count();
        prop_assert_eq!(count(BlockStatus::MovedOut), 1, "{:#?}", d);
        prop_assert_eq!(count(BlockStatus::MovedIn), 1, "{:#?}", d);
        prop_assert_eq!(count(BlockStatus::Deleted) + count(BlockStatus::Inserted) + count(BlockStatus::Changed), 0);
        let arrived = blocks.iter().find(|b| b.status == BlockStatus::MovedIn).unwrap();
        prop_assert_eq!(arrived.new_text(), moved);
        prop_assert_eq!((d.stats.words_inserted, d.stats.words_deleted), (1, 1));
    }
}

/// Paragraphs of words that stand once in the whole text, so that no
/// piece of a paragraph can be mistaken for another paragraph.
fn unique_paragraphs() -> impl Strategy<Value = Vec<Vec<String>>> {
    prop::collection::vec(prop::collection::vec(prop::sample::select(VOCAB), 1..14), 1..8).prop_map(|ps| {
        let mut n = 0;
        ps.into_iter()
            .map(|p| {
                p.into_iter()
                    .map(|w| {
                        n += 1;
                        format!("{}{n}", w.trim_matches(|c: char| !c.is_alphabetic()))
                    })
                    .collect()
            })
            .collect()
    })
}

/// A document of one article holding `paras`, one Markdown block each.
fn article(paras: &[String]) -> Document {
    let text = format!("+++\ntitle = \"T\"\n+++\n## A {{#a}}\n\n{}\n", paras.join("\n\n"));
    document::parse(&text, Path::new("p.md"), 1).expect("a valid document")
}

fn spans_of(d: &DocumentDiff, kind: SpanKind) -> usize {
    let blocks = d.preamble.iter().chain(d.articles.iter().flat_map(|a| &a.blocks));
    blocks.flat_map(|b| &b.spans).filter(|s| s.kind == kind).count()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn a_paragraph_split_or_joined_changes_no_word(ps in unique_paragraphs(), which in 0..100usize, at in 1..100usize) {
        let old: Vec<String> = ps.iter().map(|p| p.join(" ")).collect();
        let p = &ps[which % ps.len()];
        prop_assume!(p.len() > 1);
        let at = 1 + at % (p.len() - 1);
        let mut new = old.clone();
        new[which % ps.len()] = format!("{}\n\n{}", p[..at].join(" "), p[at..].join(" "));
        let (old, new) = (article(&old), article(&new));
        let split = documents(&old, &new, &Options::default());
        prop_assert_eq!((split.stats.words_inserted, split.stats.words_deleted), (0, 0), "{:#?}", split);
        prop_assert_eq!(spans_of(&split, SpanKind::Split), 1);
        prop_assert!(split.has_changes());
        assert_rebuilds(&old, &new, &split);
        let joined = documents(&new, &old, &Options::default());
        prop_assert_eq!((joined.stats.words_inserted, joined.stats.words_deleted), (0, 0), "{:#?}", joined);
        prop_assert_eq!(spans_of(&joined, SpanKind::Join), 1);
        assert_rebuilds(&new, &old, &joined);
    }

    #[test]
    fn a_formatting_change_changes_no_word(ps in unique_paragraphs(), which in 0..100usize, how in 0..4usize) {
        let old: Vec<String> = ps.iter().map(|p| p.join(" ")).collect();
        let i = which % old.len();
        let mut new = old.clone();
        new[i] = match how {
            0 => format!("- {}", old[i]),
            1 => format!("### {}", old[i]),
            2 => format!("**{}**", old[i]),
            _ => format!("{} *{}*", ps[i][..ps[i].len() - 1].join(" "), ps[i][ps[i].len() - 1]),
        };
        let (old, new) = (article(&old), article(&new));
        for d in [documents(&old, &new, &Options::default()), documents(&new, &old, &Options::default())] {
            prop_assert_eq!((d.stats.words_inserted, d.stats.words_deleted), (0, 0), "{:#?}", d);
            prop_assert_eq!(d.stats.formatting, 1, "{:#?}", d);
            prop_assert!(d.has_changes());
            prop_assert_eq!(d.articles[0].status, ArticleStatus::Changed);
        }
    }
}
