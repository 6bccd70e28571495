//! Word-level work: spans of an edited block, and how alike two texts are.

use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::Arc;

use similar::{Algorithm, DiffTag, TextDiff, capture_diff_slices, diff_ratio};

use super::{Budget, Span, SpanKind, lcs, tokens, work};

/// Word spans turning `old` into `new`. Spans keep the spaces, so joining
/// one side's spans rebuilds that side's text exactly.
pub fn spans(old: &str, new: &str, budget: &mut Budget) -> Vec<Span> {
    // Unicode word tokens (words, spaces, punctuation): about one per four
    // bytes of text; counting them exactly would cost a pass over both.
    if !budget.spend(work(old.len() / 4, new.len() / 4)) {
        return whole(old, new);
    }
    let (old_words, new_words) = (tokens::words(old), tokens::words(new));
    let diff = TextDiff::configure()
        .algorithm(Algorithm::Myers)
        .diff_slices(&old_words, &new_words);
    // Tokens are consecutive slices of their text, so the tokens of an op
    // are one slice of it: a piece per op, not a push per token.
    let (old_at, new_at) = (offsets(&old_words), offsets(&new_words));
    let old_text = |r: Range<usize>| &old[old_at[r.start]..old_at[r.end]];
    let new_text = |r: Range<usize>| &new[new_at[r.start]..new_at[r.end]];
    let mut raw: Vec<Piece> = Vec::new();
    for op in diff.ops() {
        let (o, n) = (op.old_range(), op.new_range());
        match op.tag() {
            DiffTag::Equal => push(&mut raw, SpanKind::Equal, old_text(o)),
            DiffTag::Delete => push(&mut raw, SpanKind::Deleted, old_text(o)),
            DiffTag::Insert => push(&mut raw, SpanKind::Inserted, new_text(n)),
            DiffTag::Replace => {
                push(&mut raw, SpanKind::Deleted, old_text(o));
                push(&mut raw, SpanKind::Inserted, new_text(n));
            }
        }
    }
    fold_gaps(raw)
}

/// Where each token starts in its text, and the text's end: token `i` is
/// `text[at[i]..at[i + 1]]`.
fn offsets(tokens: &[&str]) -> Vec<usize> {
    let mut at = Vec::with_capacity(tokens.len() + 1);
    let mut end = 0;
    at.push(0);
    for t in tokens {
        end += t.len();
        at.push(end);
    }
    at
}

/// The whole old text deleted and the whole new text inserted.
pub fn whole(old: &str, new: &str) -> Vec<Span> {
    [(SpanKind::Deleted, old), (SpanKind::Inserted, new)]
        .into_iter()
        .filter(|(_, text)| !text.is_empty())
        .map(|(kind, text)| Span::new(kind, text))
        .collect()
}

/// A span while it is being put together.
type Piece = (SpanKind, String);

fn push(pieces: &mut Vec<Piece>, kind: SpanKind, text: &str) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        Some((last, t)) if *last == kind => t.push_str(text),
        _ => pieces.push((kind, text.to_string())),
    }
}

/// A stretch of an edited text: unchanged, or old words replaced by new.
enum Segment {
    Equal(String),
    Edit { del: String, ins: String },
}

/// `[-a-]{+b+} [-c-]{+d+}` reads worse than `[-a c-]{+b d+}`: an unchanged
/// stretch no longer than the edits on either side of it, one of which
/// replaces text, is folded into them (the semantic clean-up of
/// diff-match-patch). Two pure deletions (or insertions) keep the text
/// between them, since folding would show it on one side only.
fn fold_gaps(pieces: Vec<Piece>) -> Vec<Span> {
    let mut segs: Vec<Segment> = Vec::new();
    for (kind, text) in pieces {
        match (kind, segs.last_mut()) {
            (SpanKind::Equal, _) => segs.push(Segment::Equal(text)),
            (SpanKind::Deleted, Some(Segment::Edit { del, .. })) => del.push_str(&text),
            (SpanKind::Inserted, Some(Segment::Edit { ins, .. })) => ins.push_str(&text),
            (SpanKind::Deleted, _) => segs.push(Segment::Edit {
                del: text,
                ins: String::new(),
            }),
            (SpanKind::Inserted, _) => segs.push(Segment::Edit {
                del: String::new(),
                ins: text,
            }),
            // A word diff has no breaks: those are put in after it.
            (SpanKind::Split | SpanKind::Join, _) => {}
        }
    }
    let weight = |d: &str, i: &str| d.chars().count().max(i.chars().count());
    let mut k = 1;
    while k + 1 < segs.len() {
        let fold = match (&segs[k - 1], &segs[k], &segs[k + 1]) {
            (Segment::Edit { del: ld, ins: li }, Segment::Equal(eq), Segment::Edit { del: rd, ins: ri }) => {
                let n = eq.chars().count();
                let replaces = |d: &str, i: &str| !d.is_empty() && !i.is_empty();
                n <= weight(ld, li) && n <= weight(rd, ri) && (replaces(ld, li) || replaces(rd, ri))
            }
            _ => false,
        };
        if !fold {
            k += 1;
            continue;
        }
        let right = segs.remove(k + 1);
        let Segment::Equal(eq) = segs.remove(k) else {
            unreachable!("matched above")
        };
        if let (Segment::Edit { del, ins }, Segment::Edit { del: rd, ins: ri }) = (&mut segs[k - 1], right) {
            del.push_str(&eq);
            del.push_str(&rd);
            ins.push_str(&eq);
            ins.push_str(&ri);
        }
        // The grown edit may now outweigh the stretch before it.
        k = k.saturating_sub(1).max(1);
    }
    let mut out = Vec::with_capacity(segs.len() * 2);
    for seg in segs {
        match seg {
            Segment::Equal(t) => push(&mut out, SpanKind::Equal, &t),
            Segment::Edit { del, ins } => {
                push(&mut out, SpanKind::Deleted, &del);
                push(&mut out, SpanKind::Inserted, &ins);
            }
        }
    }
    out.into_iter().map(|(kind, text)| Span::new(kind, text)).collect()
}

/// A text's words, ready for similarity checks. It owns its text, so that
/// a [`super::memo::Memo`] can keep it for the next diff that compares the
/// same block or article (the current version's, in every to-current diff).
pub struct Profile {
    text: Arc<str>,
    /// Each word's place in `text`.
    words: Vec<Range<usize>>,
    /// The words' hashes, in text order, for [`lcs::length`].
    sequence: Vec<u64>,
    /// The same, sorted: their multiset overlap bounds the similarity from
    /// above, which rules out most unrelated pairs without diffing them.
    hashes: Vec<u64>,
}

impl Profile {
    pub fn new(text: Arc<str>) -> Profile {
        let words = tokens(&text);
        let sequence: Vec<u64> = words
            .iter()
            .map(|w| {
                let mut h = rustc_hash::FxHasher::default();
                text[w.clone()].hash(&mut h);
                h.finish()
            })
            .collect();
        let mut hashes = sequence.clone();
        hashes.sort_unstable();
        Profile {
            text,
            words,
            sequence,
            hashes,
        }
    }

    /// The text this is the profile of.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// How many words the text has.
    pub fn word_count(&self) -> usize {
        self.words.len()
    }

    /// The words' hashes, sorted (a word that recurs, once each time).
    pub fn sorted_hashes(&self) -> &[u64] {
        &self.hashes
    }

    fn words(&self) -> Vec<&str> {
        self.words.iter().map(|w| &self.text[w.clone()]).collect()
    }

    fn upper_bound(&self, other: &Profile) -> f32 {
        let (mut i, mut j, mut common) = (0, 0, 0usize);
        while i < self.hashes.len() && j < other.hashes.len() {
            match self.hashes[i].cmp(&other.hashes[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    common += 1;
                    i += 1;
                    j += 1;
                }
            }
        }
        ratio(common, self.words.len(), other.words.len())
    }
}

/// Words (runs of letters and digits), without punctuation: "Intro." and
/// "Intro changed." share one word of three. Punctuation says nothing of
/// what a text is about, and two unrelated table rows or lists of
/// parenthesised items would otherwise look alike by their pipes, commas
/// and brackets. Not the display tokens of [`tokens::words`]: see there why
/// the two cut differently.
fn tokens(text: &str) -> Vec<Range<usize>> {
    if text.is_ascii() {
        ascii_tokens(text)
    } else {
        char_tokens(text)
    }
}

fn char_tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut word: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take() {
            out.push(start..i);
        }
    }
    if let Some(start) = word {
        out.push(start..text.len());
    }
    out
}

/// [`tokens`] of ASCII text, a byte at a time instead of a char.
fn ascii_tokens(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 5);
    let mut word: Option<usize> = None;
    for (i, b) in text.bytes().enumerate() {
        if b.is_ascii_alphanumeric() {
            word.get_or_insert(i);
            continue;
        }
        if let Some(start) = word.take() {
            out.push(start..i);
        }
    }
    if let Some(start) = word {
        out.push(start..text.len());
    }
    out
}

pub(super) fn ratio(common: usize, a: usize, b: usize) -> f32 {
    if a + b == 0 {
        1.0
    } else {
        2.0 * common as f32 / (a + b) as f32
    }
}

/// The word-level similarity ratio of two texts when it reaches `threshold`;
/// None below it, or once the work is spent.
///
/// Histogram rather than Myers: on two unrelated texts from the same small
/// vocabulary (an article removed and another added) Myers does quadratic
/// work to prove they differ. Histogram's matching may be a little short of
/// the longest, which only ever errs towards "not alike".
pub fn similarity(a: &Profile, b: &Profile, threshold: f32, budget: &mut Budget) -> Option<f32> {
    if budget.exhausted() || a.upper_bound(b) < threshold || !budget.spend(work(a.words.len(), b.words.len())) {
        return None;
    }
    // A tighter bound, in order: a diff matches no more words than a
    // longest common subsequence. Two unrelated articles share most of
    // their words (the, of, data…) but not their order; this rules them
    // out at a tenth of the cost of diffing them, with the same result.
    if ratio(lcs::length(&a.sequence, &b.sequence), a.words.len(), b.words.len()) < threshold {
        return None;
    }
    let ops = capture_diff_slices(Algorithm::Histogram, &a.words(), &b.words());
    let r = diff_ratio(&ops, a.words.len(), b.words.len());
    (r >= threshold).then_some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget() -> Budget {
        Budget::new(crate::diff::DEFAULT_MAX_WORK)
    }

    fn rebuild(spans: &[Span], skip: SpanKind) -> String {
        spans
            .iter()
            .filter(|s| s.kind != skip)
            .map(|s| s.text.as_ref())
            .collect()
    }

    #[test]
    fn spans_rebuild_both_sides_and_merge() {
        let (old, new) = (
            "We charge a fee of £10 for each request.",
            "We do not charge for requests.",
        );
        let s = spans(old, new, &mut budget());
        assert_eq!(rebuild(&s, SpanKind::Inserted), old);
        assert_eq!(rebuild(&s, SpanKind::Deleted), new);
        assert!(s.windows(2).all(|w| w[0].kind != w[1].kind), "{s:?}");
    }

    #[test]
    fn a_space_between_replacements_is_folded() {
        let s = spans("one two three", "one four five", &mut budget());
        assert_eq!(
            s,
            vec![
                Span::new(SpanKind::Equal, "one "),
                Span::new(SpanKind::Deleted, "two three"),
                Span::new(SpanKind::Inserted, "four five"),
            ]
        );
    }

    #[test]
    fn short_equal_stretches_between_edits_are_folded() {
        let s = spans(
            "We charge a handling fee of £10 for each request.",
            "We do not charge for requests, although we may charge a reasonable fee.",
            &mut budget(),
        );
        assert!(s.len() <= 5, "{s:?}");
        assert_eq!(s[0], Span::new(SpanKind::Equal, "We "));
    }

    #[test]
    fn pure_deletions_keep_their_spaces() {
        let s = spans("a b c d", "a c", &mut budget());
        assert_eq!(rebuild(&s, SpanKind::Inserted), "a b c d");
        assert_eq!(rebuild(&s, SpanKind::Deleted), "a c");
    }

    proptest::proptest! {
        /// The bounds only rule out what diffing would rule out: the result
        /// is the diff's, with or without them.
        #[test]
        fn bounds_never_change_a_similarity(
            a in "((the|of|data|we|you|keep|share|it) ){0,80}",
            b in "((the|of|data|we|you|keep|share|it) ){0,80}",
            threshold in 0.2f32..0.9,
        ) {
            let (pa, pb) = (Profile::new(a.as_str().into()), Profile::new(b.as_str().into()));
            let ops = capture_diff_slices(Algorithm::Histogram, &pa.words(), &pb.words());
            let r = diff_ratio(&ops, pa.words.len(), pb.words.len());
            let expected = (r >= threshold).then_some(r);
            proptest::prop_assert_eq!(similarity(&pa, &pb, threshold, &mut budget()), expected);
        }

        /// ASCII text splits a byte at a time as it does a char at a time.
        #[test]
        fn ascii_tokens_are_the_char_tokens(s in "[\\x00-\\x7f]{0,40}") {
            proptest::prop_assert_eq!(ascii_tokens(&s), char_tokens(&s));
        }
    }

    #[test]
    fn tokens_split_off_punctuation() {
        let words = |s: &str| {
            Profile::new(s.into())
                .words()
                .iter()
                .map(|w| w.to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(words("Intro changed."), ["Intro", "changed"]);
        assert_eq!(words(" £10, (é) "), ["10", "é"]);
        let (a, b) = (Profile::new("Intro.".into()), Profile::new("Intro changed.".into()));
        assert!(similarity(&a, &b, 0.5, &mut budget()).is_some_and(|r| (r - 2.0 / 3.0).abs() < 1e-6));
        // Unrelated items alike only in their punctuation.
        let (a, b) = (
            Profile::new("(mail), (phone), (chat).".into()),
            Profile::new("(weekdays), (weekends), (holidays).".into()),
        );
        assert_eq!(similarity(&a, &b, 0.3, &mut budget()), None);
    }

    #[test]
    fn similarity_threshold_and_bound() {
        let a = Profile::new("the quick brown fox jumps over the lazy dog".into());
        let b = Profile::new("the quick brown fox leaps over the lazy dog".into());
        let c = Profile::new("completely different words in this sentence here now".into());
        assert!(similarity(&a, &b, 0.5, &mut budget()).is_some_and(|r| r > 0.8));
        assert_eq!(similarity(&a, &c, 0.5, &mut budget()), None);
        assert_eq!(
            similarity(&Profile::new("".into()), &Profile::new("".into()), 0.5, &mut budget()),
            Some(1.0)
        );
    }

    #[test]
    fn expired_budget_gives_whole_spans() {
        let mut b = Budget::new(0);
        let s = spans("a b", "a c", &mut b);
        assert_eq!(s, whole("a b", "a c"));
        assert!(b.coarse);
    }
}
