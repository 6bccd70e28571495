//! The revision-information block some published policies open with:
//!
//! ```text
//! ## Privacy Policy revision information
//! ## 2019/4/18
//! Updated the "Performance cookies" section regarding reCAPTCHA
//! ### Main revisions:
//!   * In Article 11 "Cookie policy", we added reCAPTCHA in the "Performance cookies" section.
//! [Past revisions](…)
//! ```

use std::ops::Range;

use super::blocks::{Kind, Scan};
use super::change::{self, ParsedChange};
use super::{Article, ImportError, ImportedChange, number, same_title};
use crate::model::Date;
use crate::stated_date::date;

/// A revision-information block found in the text.
#[derive(Debug)]
pub struct Found {
    /// The top-level blocks it spans.
    pub blocks: Range<usize>,
    pub date: Date,
    pub summary: Option<String>,
    /// The main revisions: each item's text and start offset.
    pub items: Vec<(String, usize)>,
    /// Entries for earlier dates, which are dropped.
    pub older: usize,
}

/// The revision-information blocks in the text: each a heading such as
/// "Revision information" with a date right under it.
pub fn find(scan: &Scan) -> Vec<Found> {
    let mut all: Vec<Found> = Vec::new();
    for (start, b) in scan.blocks.iter().enumerate() {
        if all.last().is_some_and(|f| start < f.blocks.end) {
            continue;
        }
        let Some(h) = b.heading.map(|h| &scan.headings[h]) else {
            continue;
        };
        if is_revision_title(&h.text)
            && let Some(found) = read_block(scan, start, h.level)
        {
            all.push(found);
        }
    }
    all
}

/// The block under the heading at `start`, if a date comes right under it.
fn read_block(scan: &Scan, start: usize, level: u8) -> Option<Found> {
    let (mut date, mut summary, mut items, mut older) = (None, None, Vec::new(), 0);
    let mut end = scan.blocks.len();
    for (i, b) in scan.blocks.iter().enumerate().skip(start + 1) {
        if b.kind == Kind::Heading && b.text.is_empty() {
            continue; // dropped anyway
        }
        let when = matches!(b.kind, Kind::Heading | Kind::Paragraph)
            .then(|| date::parse(&b.text))
            .flatten();
        match (when, date) {
            (None, None) => return None,
            (Some(when), None) => date = Some(when),
            (Some(_), Some(_)) => older += 1,
            (None, Some(_)) => {}
        }
        if when.is_some() {
            continue;
        }
        let first_entry = older == 0 && items.is_empty();
        match b.kind {
            Kind::Rule => {
                end = i;
                break;
            }
            Kind::Heading => {
                let numbered = number::strip(&b.text).is_some_and(|(_, t)| !t.is_empty());
                let own_level = b.heading.map_or(1, |k| scan.headings[k].level);
                if numbered || (own_level <= level && !is_revision_part(&b.text)) {
                    end = i;
                    break;
                }
            }
            Kind::Paragraph if first_entry && summary.is_none() => summary = Some(b.text.clone()),
            Kind::List if first_entry => items = b.items.clone(),
            _ => {}
        }
    }
    Some(Found {
        blocks: start..end,
        date: date?,
        summary,
        items,
        older,
    })
}

fn is_revision_title(text: &str) -> bool {
    let t = text.to_lowercase();
    let english = (t.contains("revision") || t.contains("amendment") || t.contains("change"))
        && (t.contains("information") || t.contains("history") || t.contains("info"));
    let japanese = ["改定履歴", "改訂履歴", "改定情報", "改訂情報", "改定内容", "改訂内容"]
        .iter()
        .any(|w| t.contains(w));
    (english || japanese || t.contains("changelog") || t.contains("change log")) && number::strip(text).is_none()
}

/// Headings inside the block: "Main revisions:", "Past revisions", "主な改定内容".
fn is_revision_part(text: &str) -> bool {
    let t = text.to_lowercase();
    let qualified = ["main", "past", "previous", "earlier", "older", "主な", "過去"]
        .iter()
        .any(|w| t.contains(w));
    let about = ["revision", "change", "amendment", "改定", "改訂", "履歴", "変更"]
        .iter()
        .any(|w| t.contains(w));
    about && (qualified || t.ends_with(':') || t.ends_with('：'))
}

/// Reads one "Main revisions" item and finds the article (and section) it
/// names in the converted document.
pub fn resolve(
    text: &str,
    line: usize,
    articles: &[Article],
    notes: &mut Vec<String>,
) -> Result<ImportedChange, ImportError> {
    let err = |message: String| ImportError { line, message };
    let Some(ParsedChange {
        number,
        article_title,
        section_title,
        note,
    }) = change::parse(text)
    else {
        return Err(err(format!(
            "cannot tell which article the main revision “{text}” is about: write it as \
             `In Article 3 \"Title\", we …`, or remove it from the revision information"
        )));
    };
    let article = match (number, &article_title) {
        (Some(n), _) => articles
            .iter()
            .find(|a| a.number == Some(n))
            .or_else(|| articles.get((n as usize).wrapping_sub(1)))
            .ok_or_else(|| {
                err(format!(
                    "the main revision “{text}” names Article {n}, but the text has {} articles: correct \
                     the number, or remove the line from the revision information",
                    articles.len()
                ))
            })?,
        (None, Some(title)) => find_titled(articles, title, |a| &a.title).ok_or_else(|| {
            err(format!(
                "the main revision “{text}” names the article “{title}”, which the text does not have: \
                 write the article's number, as in `In Article 3 \"{title}\", …`"
            ))
        })?,
        (None, None) => unreachable!("change::parse names an article"),
    };
    let position = articles.iter().position(|a| a.id == article.id).map_or(0, |p| p + 1);
    if let Some(title) = &article_title
        && find_titled(std::slice::from_ref(article), title, |a| &a.title).is_none()
    {
        notes.push(format!(
            "the main revision on line {line} calls Article {position} “{title}”, but its heading reads “{}”: \
             check that the change names the right article",
            article.title
        ));
    }
    let section = match &section_title {
        None => None,
        Some(title) => Some(
            find_titled(&article.sections, title, |s| &s.1)
                .map(|s| s.0.clone())
                .ok_or_else(|| {
                    let have: Vec<String> = article.sections.iter().map(|s| format!("“{}”", s.1)).collect();
                    err(format!(
                        "the main revision “{text}” names the section “{title}”, but Article {position} “{}” \
                         has {}: correct the section's title, or remove the line from the revision information",
                        article.title,
                        if have.is_empty() {
                            "no sections".to_string()
                        } else {
                            format!("only {}", have.join(", "))
                        }
                    ))
                })?,
        ),
    };
    Ok(ImportedChange {
        article: article.id.clone(),
        section,
        note,
    })
}

/// The item whose title is `title`, or else the one whose title starts with
/// it (or that it starts with).
fn find_titled<'a, T>(items: &'a [T], title: &str, title_of: impl Fn(&T) -> &String) -> Option<&'a T> {
    let key = super::title_key(title);
    items.iter().find(|i| same_title(title_of(i), title)).or_else(|| {
        items.iter().find(|i| {
            let k = super::title_key(title_of(i));
            !k.is_empty() && !key.is_empty() && (k.starts_with(&key) || key.starts_with(&k))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::blocks::scan;

    #[test]
    fn titles() {
        assert!(is_revision_title("Privacy Policy revision information"));
        assert!(is_revision_title("Revision history"));
        assert!(is_revision_title("改定履歴"));
        assert!(!is_revision_title("14 Revision of privacy policy"));
        assert!(!is_revision_title("Revisions to this policy"));
        assert!(is_revision_part("Main revisions:"));
        assert!(is_revision_part("Past revisions"));
        assert!(!is_revision_part("Change management policy"));
    }

    #[test]
    fn the_block_ends_at_a_rule_or_the_next_heading() {
        let text = "## Revision information\n\n## 2024-05-06\n\nFixed typos.\n\n### Main changes:\n\n\
                    - In Article 1, we fixed typos.\n\n## Earlier revisions\n\n## 2023-01-01\n\nFirst.\n\n\
                    ## Change management policy\n\nText.\n";
        let s = scan(text);
        let found = find(&s);
        assert_eq!(found.len(), 1);
        let f = &found[0];
        assert_eq!(f.date.to_string(), "2024-05-06");
        assert_eq!(f.summary.as_deref(), Some("Fixed typos."));
        assert_eq!(f.items.len(), 1);
        assert_eq!(f.older, 1);
        assert_eq!(s.blocks[f.blocks.end].text, "Change management policy");

        let s = scan("## Revision history\n\nWe revise this policy now and then.\n");
        assert!(find(&s).is_empty(), "no date under the heading");
    }
}
