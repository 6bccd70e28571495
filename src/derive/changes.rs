//! A revision's list of main changes, proposed from its diff so that the
//! legal team starts from a correct list and only rewrites the notes.

use crate::diff::{ArticleDiff, ArticleStatus, BlockKind, BlockStatus, DocumentDiff};
use crate::model::Document;

/// One proposed entry of `changes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposed {
    pub article: String,
    pub section: Option<String>,
    pub note: String,
}

/// One entry per added, changed or moved article of `new`, with a plain note.
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
            let verb = match a.status {
                ArticleStatus::Added => "Added",
                ArticleStatus::Moved => "Moved",
                _ => "Changed",
            };
            let mut note = format!("{verb} {} '{}'", side.label, side.title);
            if let Some(s) = section {
                note += &format!(" (section '{}')", s.title);
            }
            Some(Proposed {
                article: side.id.clone(),
                section: section.map(|s| s.id.clone()),
                note,
            })
        })
        .collect()
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
                    note: "Added Article 2 'New one'".into()
                },
                Proposed {
                    article: "cookies".into(),
                    section: Some("perf".into()),
                    note: "Changed Article 3 'Cookies' (section 'Performance')".into()
                },
            ]
        );
    }

    #[test]
    fn changes_in_two_sections_name_only_the_article() {
        let old = doc("## C {#c}\n\n### X {#x}\n\nOne.\n\n### Y {#y}\n\nTwo.\n");
        let new = doc("## C {#c}\n\n### X {#x}\n\nOne more.\n\n### Y {#y}\n\nTwo more.\n");
        let d = diff::documents(&old, &new, &diff::Options::default());
        assert_eq!(propose(&d, &new)[0].section, None);
    }
}
