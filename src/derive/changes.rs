//! A revision's list of main changes, proposed from its diff so that the
//! legal team starts from a correct list and only rewrites the notes; and
//! whether a revision changed any word at all (an editorial revision).
//!
//! A proposed note is record text, in English: it is written to fit the
//! sentence the site shows each change in, "In Article 11 “Cookie policy”,
//! we changed this article", since it is published as it is when no one
//! rewrites it.

use crate::diff::{ArticleDiff, ArticleStatus, Block, BlockKind, BlockStatus, DocumentDiff};
use crate::model::{ChangesWords, Document};

impl ChangesWords for DocumentDiff {
    fn changes_words(&self) -> bool {
        !is_editorial(self)
    }
}

/// True when `diff` changes no word a reader reads: the diff engine counts
/// no word inserted or deleted, no article was added, removed or moved, and
/// no text was moved (moved text counts as no words). What is left is
/// formatting and layout: an editorial revision.
pub fn is_editorial(diff: &DocumentDiff) -> bool {
    let s = &diff.stats;
    let moved = |b: &Block| b.moved.is_some();
    s.words_inserted == 0
        && s.words_deleted == 0
        && s.added == 0
        && s.removed == 0
        && s.moved == 0
        && !diff.preamble.iter().any(moved)
        && !diff.articles.iter().any(|a| a.blocks.iter().any(moved))
}

/// One proposed entry of `changes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub article: String,
    pub section: Option<String>,
    pub note: String,
}

/// One entry per added, changed or moved article of `new`, with a plain
/// note that reads well after "In Article 11 “Cookie policy”, ": the
/// place names the article, and the section when the entry names one.
pub fn propose(diff: &DocumentDiff, new: &Document) -> Vec<Proposed> {
    diff.articles
        .iter()
        .filter(|a| {
            matches!(
                a.status,
                ArticleStatus::Added | ArticleStatus::Changed | ArticleStatus::Moved
            )
        })
        .filter_map(|a| {
            let side = a.new.as_ref()?;
            let article = new.article(&side.id)?;
            let section = changed_section(a).and_then(|title| article.sections.iter().find(|s| s.title == title));
            let note = note(a, section.is_some());
            Some(Proposed {
                article: side.id.clone(),
                section: section.map(|s| s.id.clone()),
                note,
            })
        })
        .collect()
}

/// What became of article `a`, as the end of "In Article 11 “Cookie
/// policy”, …"; `in_section`: the entry names the one section changed.
fn note(a: &ArticleDiff, in_section: bool) -> String {
    let renamed = a.title.is_some();
    let text_changed = a.blocks.iter().any(|b| b.status != BlockStatus::Equal);
    match a.status {
        ArticleStatus::Added => "we added this article".to_string(),
        ArticleStatus::Moved => "we moved this article to where it now stands".to_string(),
        _ if in_section => "we changed this section".to_string(),
        _ if renamed => {
            let old = a.old.as_ref().map_or("", |o| o.title.as_str());
            let what = if text_changed {
                "changed it and renamed it"
            } else {
                "renamed it"
            };
            format!("we {what} (it was called “{old}”)")
        }
        _ => "we changed this article".to_string(),
    }
}

/// The title of the one section holding every change of a changed article;
/// None when changes fall outside sections or in several of them.
fn changed_section(a: &ArticleDiff) -> Option<String> {
    if a.status != ArticleStatus::Changed || a.title.is_some() {
        return None;
    }
    let mut current: Option<String> = None;
    let mut found: Option<Option<String>> = None;
    for block in &a.blocks {
        if block.kind == BlockKind::Heading && block.in_new() {
            current = Some(block.new_text());
        }
        if block.status != BlockStatus::Equal {
            match &found {
                None => found = Some(current.clone()),
                Some(s) if *s != current => return None,
                Some(_) => {}
            }
        }
    }
    found.flatten()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff;
    use crate::load::document;
    use std::path::Path;

    fn doc(body: &str) -> Document {
        document::parse(&format!("+++\ntitle = \"T\"\n+++\n{body}"), Path::new("d.md"), 1).unwrap()
    }

    #[test]
    fn proposes_article_and_section() {
        let old =
            doc("## A {#a}\n\nSame.\n\n## Cookies {#cookies}\n\nIntro.\n\n### Performance {#perf}\n\nOld text.\n");
        let new = doc(
            "## A {#a}\n\nSame.\n\n## New one {#new}\n\nFresh.\n\n## Cookies {#cookies}\n\nIntro.\n\n### Performance {#perf}\n\nNew text here.\n",
        );
        let d = diff::documents(&old, &new, &diff::Options::default());
        let p = propose(&d, &new);
        assert_eq!(
            p,
            vec![
                Proposed {
                    article: "new".into(),
                    section: None,
                    note: "we added this article".into()
                },
                Proposed {
                    article: "cookies".into(),
                    section: Some("perf".into()),
                    note: "we changed this section".into()
                },
            ]
        );
    }

    #[test]
    fn renamed_article_says_its_old_title() {
        let old = doc("## Cookies {#c}\n\nSame.\n");
        let new = doc("## Cookies and trackers {#c}\n\nSame.\n");
        let d = diff::documents(&old, &new, &diff::Options::default());
        assert_eq!(propose(&d, &new)[0].note, "we renamed it (it was called “Cookies”)");
    }

    #[test]
    fn editorial_is_a_diff_without_word_changes() {
        let old = doc("## A {#a}\n\nWe keep  your data.\n");
        let layout = doc("## A {#a}\n\nWe keep\nyour data.\n");
        let words = doc("## A {#a}\n\nWe keep all your data.\n");
        let opts = diff::Options::default();
        assert!(is_editorial(&diff::documents(&old, &layout, &opts)));
        assert!(!is_editorial(&diff::documents(&old, &words, &opts)));
    }

    #[test]
    fn changes_in_two_sections_name_only_the_article() {
        let old = doc("## C {#c}\n\n### X {#x}\n\nOne.\n\n### Y {#y}\n\nTwo.\n");
        let new = doc("## C {#c}\n\n### X {#x}\n\nOne more.\n\n### Y {#y}\n\nTwo more.\n");
        let d = diff::documents(&old, &new, &diff::Options::default());
        assert_eq!(propose(&d, &new)[0].section, None);
    }
}
