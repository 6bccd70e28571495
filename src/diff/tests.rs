//! Behaviour of whole-document diffs on small texts and on the example history.

use std::path::Path;

use super::*;
use crate::load::{document, history};

pub fn doc(body: &str) -> Document {
    document::parse(&format!("+++\ntitle = \"T\"\n+++\n{body}"), Path::new("d.md"), 1)
        .unwrap_or_else(|e| panic!("{e:?}"))
}

pub fn diff(old: &str, new: &str) -> DocumentDiff {
    documents(&doc(old), &doc(new), &Options::default())
}

pub fn article<'a>(d: &'a DocumentDiff, id: &str) -> &'a ArticleDiff {
    d.articles
        .iter()
        .find(|a| a.id() == id)
        .unwrap_or_else(|| panic!("no article {id} in {d:#?}"))
}

fn statuses(d: &DocumentDiff) -> Vec<(String, ArticleStatus)> {
    d.articles.iter().map(|a| (a.id().to_string(), a.status)).collect()
}

fn block_statuses(a: &ArticleDiff) -> Vec<BlockStatus> {
    a.blocks.iter().map(|b| b.status).collect()
}

const P1: &str = "The first paragraph explains what we collect and why we need it.";
const P2: &str = "The second paragraph explains how long we keep it and where it is stored.";
const P3: &str = "The third paragraph explains who else may see it and under what contract.";
const P4: &str = "The fourth paragraph explains how you can ask us to delete all of it.";

#[test]
fn renumbered_article_after_an_inserted_one() {
    let d = diff(
        "## A {#a}\n\nText of a.\n\n## B {#b}\n\nText of b.\n",
        "## A {#a}\n\nText of a.\n\n## New {#new}\n\nBrand new text.\n\n## B {#b}\n\nText of b.\n",
    );
    use ArticleStatus::*;
    let expected = [("a", Unchanged), ("new", Added), ("b", Renumbered)];
    assert_eq!(statuses(&d), expected.map(|(i, s)| (i.to_string(), s)));
    let b = article(&d, "b");
    assert_eq!((b.old.as_ref().unwrap().number, b.new.as_ref().unwrap().number), (2, 3));
    assert_eq!(b.new.as_ref().unwrap().label, "Article 3");
    assert_eq!(block_statuses(article(&d, "new")), vec![BlockStatus::Inserted]);
    assert_eq!((d.stats.added, d.stats.renumbered, d.stats.unchanged), (1, 1, 1));
    assert!(d.has_changes());
}

#[test]
fn reordered_articles_only_the_mover_is_moved() {
    let body = |order: &[&str]| {
        order
            .iter()
            .map(|id| format!("## {id} {{#{id}}}\n\nText of {id}.\n\n"))
            .collect::<String>()
    };
    let d = diff(&body(&["a", "b", "c", "d"]), &body(&["a", "c", "b", "d"]));
    use ArticleStatus::*;
    let expected = [("a", Unchanged), ("c", Moved), ("b", Renumbered), ("d", Unchanged)];
    assert_eq!(statuses(&d), expected.map(|(i, s)| (i.to_string(), s)));
    assert!(article(&d, "c").blocks.iter().all(|b| b.status == BlockStatus::Equal));
}

#[test]
fn paragraph_moved_to_another_article() {
    let d = diff(
        &format!("## A {{#a}}\n\n{P1}\n\n{P2}\n\n## B {{#b}}\n\n{P3}\n"),
        &format!("## A {{#a}}\n\n{P1}\n\n## B {{#b}}\n\n{P3}\n\n{P2}\n"),
    );
    let a = article(&d, "a");
    let b = article(&d, "b");
    assert_eq!((a.status, b.status), (ArticleStatus::Changed, ArticleStatus::Changed));
    assert_eq!(block_statuses(a), vec![BlockStatus::Equal, BlockStatus::MovedOut]);
    assert_eq!(block_statuses(b), vec![BlockStatus::Equal, BlockStatus::MovedIn]);
    let out = &a.blocks[1];
    assert_eq!(out.spans, vec![Span::new(SpanKind::Equal, P2)]);
    let to = out.moved.as_ref().unwrap();
    assert_eq!(
        (to.article_id.as_str(), to.label.as_str(), to.title.as_str()),
        ("b", "Article 2", "B")
    );
    assert_eq!(b.blocks[1].moved.as_ref().unwrap().article_id, "a");
    assert_eq!((d.stats.words_inserted, d.stats.words_deleted), (0, 0));
}

#[test]
fn a_moved_paragraph_is_not_paired_with_a_similar_new_one() {
    let p2b = "The second paragraph explains how long we keep it and where it is now stored.";
    let d = diff(
        &format!("## A {{#a}}\n\n{P1}\n\n{P2}\n\n{P3}\n\n## B {{#b}}\n\n{P4}\n"),
        &format!("## A {{#a}}\n\n{P1}\n\n{p2b}\n\n{P3}\n\n## B {{#b}}\n\n{P4}\n\n{P2}\n"),
    );
    use BlockStatus::*;
    let a = block_statuses(article(&d, "a"));
    assert!(
        a == vec![Equal, MovedOut, Inserted, Equal] || a == vec![Equal, Inserted, MovedOut, Equal],
        "{a:?}"
    );
    assert_eq!(block_statuses(article(&d, "b")), vec![Equal, MovedIn]);
}

#[test]
fn paragraph_moved_out_of_the_preamble() {
    let d = diff(
        &format!("{P1}\n\n## A {{#a}}\n\n{P2}\n"),
        &format!("## A {{#a}}\n\n{P2}\n\n{P1}\n"),
    );
    assert_eq!(d.preamble[0].status, BlockStatus::MovedOut);
    assert_eq!(d.preamble[0].moved.as_ref().unwrap().article_id, "a");
    let from = article(&d, "a").blocks[1].moved.clone().unwrap();
    assert_eq!((from.article_id.as_str(), from.label.as_str()), ("", "the preamble"));
}

#[test]
fn article_split_in_two() {
    let d = diff(
        &format!("## Data {{#data}}\n\n{P1}\n\n{P2}\n\n{P3}\n\n{P4}\n\n## End {{#end}}\n\nBye.\n"),
        &format!(
            "## Data {{#data}}\n\n{P1}\n\n{P2}\n\n## Sharing {{#sharing}}\n\n{P3}\n\n{P4}\n\n## End {{#end}}\n\nBye.\n"
        ),
    );
    use ArticleStatus::*;
    let expected = [("data", Changed), ("sharing", Added), ("end", Renumbered)];
    assert_eq!(statuses(&d), expected.map(|(i, s)| (i.to_string(), s)));
    use BlockStatus::{Equal, MovedIn, MovedOut};
    assert_eq!(
        block_statuses(article(&d, "data")),
        vec![Equal, Equal, MovedOut, MovedOut]
    );
    let sharing = article(&d, "sharing");
    assert_eq!(block_statuses(sharing), vec![MovedIn, MovedIn]);
    assert!(
        sharing
            .blocks
            .iter()
            .all(|b| b.moved.as_ref().unwrap().article_id == "data")
    );
}

#[test]
fn reflowed_paragraph_and_whitespace_edits_are_no_change() {
    let old =
        "Intro  text.\n\n## A {#a}\n\nOne two three\nfour five six.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- item\n";
    let reflowed = "Intro text.\n\n## A {#a}\n\nOne two\nthree four\nfive six.\n\n| a  |  b |\n| --- | --- |\n|  1 | 2  |\n\n-   item   \n";
    let d = diff(old, reflowed);
    assert!(!d.has_changes(), "{d:#?}");
    let spaced = "Intro text.   \n\n\n## A   {#a}\n\nOne   two three  four five six.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- item\n";
    assert!(!diff(old, spaced).has_changes());
}

#[test]
fn list_item_inserted_in_the_middle() {
    let d = diff(
        "## A {#a}\n\n1. first item;\n2. second item;\n3. third item.\n",
        "## A {#a}\n\n1. first item;\n2. a new item;\n3. second item;\n4. third item.\n",
    );
    let a = article(&d, "a");
    use BlockStatus::*;
    assert_eq!(block_statuses(a), vec![Equal, Inserted, Equal, Equal]);
    assert!(a.blocks.iter().all(|b| b.kind == BlockKind::ListItem));
    assert_eq!(a.blocks[1].new_text(), "a new item;");
}

#[test]
fn table_row_changed() {
    let table =
        |days: &str| format!("## A {{#a}}\n\n| Cookie | Lasts |\n| --- | --- |\n| `a` | 1 year |\n| `b` | {days} |\n");
    let d = diff(&table("30 days"), &table("90 days"));
    let a = article(&d, "a");
    use BlockStatus::*;
    assert_eq!(block_statuses(a), vec![Equal, Equal, Changed]);
    assert!(a.blocks.iter().all(|b| b.kind == BlockKind::TableRow));
    assert_eq!(a.blocks[0].new_text(), "Cookie | Lasts");
    let row = &a.blocks[2];
    assert_eq!(
        (row.old_text().as_str(), row.new_text().as_str()),
        ("b | 30 days", "b | 90 days")
    );
    assert!(row.spans.contains(&Span::new(SpanKind::Deleted, "30")), "{row:?}");
}

#[test]
fn changed_link_url_is_visible() {
    let d = diff(
        "## A {#a}\n\nSee our [privacy policy](https://old.example/p) now.\n",
        "## A {#a}\n\nSee our [privacy policy](https://new.example/p) now.\n",
    );
    let a = article(&d, "a");
    assert_eq!(a.status, ArticleStatus::Changed);
    assert_eq!(
        a.blocks[0].new_text(),
        "See our privacy policy (https://new.example/p) now."
    );
    assert!(
        a.blocks[0]
            .spans
            .iter()
            .any(|s| s.kind == SpanKind::Inserted && s.text.contains("new"))
    );
}

#[test]
fn renamed_id_matched_by_title_then_by_text() {
    let d = diff(
        &format!("## Sharing {{#sharing}}\n\n{P1}\n\n## Old name {{#old}}\n\n{P2}\n\n{P3}\n"),
        &format!("## Sharing {{#third-parties}}\n\n{P1}\n\n## New name {{#new}}\n\n{P2}\n\n{P3} Also more.\n"),
    );
    use ArticleStatus::*;
    let expected = [("third-parties", Unchanged), ("new", Changed)];
    assert_eq!(statuses(&d), expected.map(|(i, s)| (i.to_string(), s)));
    let sharing = article(&d, "third-parties");
    assert_eq!(sharing.old.as_ref().unwrap().id, "sharing");
    let renamed = article(&d, "new");
    assert_eq!(renamed.old.as_ref().unwrap().id, "old");
    assert!(renamed.title.is_some());
}

#[test]
fn unrelated_articles_are_removed_and_added() {
    let d = diff(
        &format!("## A {{#a}}\n\n{P1}\n\n## B {{#b}}\n\n{P2}\n\n## C {{#c}}\n\n{P3}\n"),
        &format!("## A {{#a}}\n\n{P1}\n\n## D {{#d}}\n\nSomething else entirely.\n\n## C {{#c}}\n\n{P3}\n"),
    );
    use ArticleStatus::*;
    // A removed article stays after the article it followed.
    let expected = [("a", Unchanged), ("b", Removed), ("d", Added), ("c", Unchanged)];
    assert_eq!(statuses(&d), expected.map(|(i, s)| (i.to_string(), s)));
    assert_eq!(block_statuses(article(&d, "b")), vec![BlockStatus::Deleted]);
}

#[test]
fn title_change_is_a_change() {
    let a = doc("## A\n\nx\n");
    let mut b = a.clone();
    b.meta.title = "T two".to_string();
    let d = documents(&a, &b, &Options::default());
    assert!(d.has_changes());
    let t = d.title.unwrap();
    assert_eq!(
        t,
        vec![Span::new(SpanKind::Equal, "T"), Span::new(SpanKind::Inserted, " two")]
    );
}

#[test]
fn serialises_with_lowercase_names() {
    let d = diff(
        &format!("## A {{#a}}\n\n{P1}\n\n- item\n\n## B {{#b}}\n\nx\n"),
        &format!("## A {{#a}}\n\n- item\n\n## B {{#b}}\n\nx\n\n{P1}\n"),
    );
    let json = serde_json::to_value(&d).unwrap();
    let a = &json["articles"][0];
    assert_eq!(a["status"], "changed");
    assert_eq!(a["old"]["label"], "Article 1");
    assert_eq!(a["blocks"][0]["status"], "moved_out");
    assert_eq!(a["blocks"][0]["moved"]["article_id"], "b");
    assert_eq!(a["blocks"][0]["spans"][0]["kind"], "equal");
    assert_eq!(a["blocks"][1]["kind"], "listitem");
    assert_eq!(json["articles"][1]["blocks"][1]["status"], "moved_in");
    assert_eq!(json["stats"]["changed"], 2);
    assert_eq!(json["coarse"], false);
}

pub fn revision(name: &str) -> Document {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("history/privacy/{name}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    history::parse(name.parse().unwrap(), &text, &path)
        .unwrap_or_else(|e| panic!("{e:?}"))
        .document
}

#[test]
fn example_recaptcha_revision() {
    let d = documents(&revision("2018-05-25"), &revision("2019-04-18"), &Options::default());
    let changed: Vec<_> = d
        .articles
        .iter()
        .filter(|a| a.status != ArticleStatus::Unchanged)
        .map(|a| (a.id(), a.status))
        .collect();
    assert_eq!(changed, vec![("cookie-policy", ArticleStatus::Changed)]);
    let cookies = article(&d, "cookie-policy");
    let edited: Vec<_> = cookies
        .blocks
        .iter()
        .filter(|b| b.status != BlockStatus::Equal)
        .collect();
    assert_eq!(edited.len(), 1);
    assert_eq!(edited[0].status, BlockStatus::Inserted);
    assert_eq!(edited[0].kind, BlockKind::Paragraph);
    assert!(edited[0].new_text().starts_with("We also use reCAPTCHA"));
    assert!(
        edited[0]
            .new_text()
            .contains("privacy policy (https://captcha-provider.example/privacy)")
    );
    assert!(d.title.is_none() && !d.preamble_changed() && !d.coarse);
}

#[test]
fn example_outsourcing_revision() {
    let d = documents(&revision("2019-04-18"), &revision("2021-03-01"), &Options::default());
    use ArticleStatus::*;
    let got = statuses(&d);
    let ids: Vec<&str> = got.iter().map(|(i, _)| i.as_str()).collect();
    let at = ids.iter().position(|&i| i == "outsourcing").unwrap();
    assert_eq!(got[at].1, Added);
    assert_eq!(article(&d, "managing-information").status, Changed);
    for (i, (id, status)) in got.iter().enumerate() {
        let expected = match i {
            _ if id == "managing-information" => Changed,
            _ if i == at => Added,
            _ if i < at => Unchanged,
            _ => Renumbered,
        };
        assert_eq!(*status, expected, "{id}");
    }
    assert_eq!(d.stats.renumbered, 7);
    let sharing = article(&d, "sharing-with-third-parties");
    assert_eq!(format::short_label(sharing), "Article 7 -> 8");
}

#[test]
fn every_example_revision_against_itself_has_no_change() {
    for name in ["2017-06-01", "2018-05-25", "2019-04-18", "2021-03-01"] {
        let r = revision(name);
        let d = documents(&r, &r, &Options::default());
        assert!(!d.has_changes(), "{name}");
        assert!(d.articles.iter().all(|a| a.status == ArticleStatus::Unchanged));
        assert!(
            d.articles
                .iter()
                .flat_map(|a| &a.blocks)
                .all(|b| b.status == BlockStatus::Equal)
        );
    }
}

#[test]
fn a_rewrite_under_a_tiny_budget_still_rebuilds_both_sides() {
    // ~1 MB on each side. The new text uses the same words reshuffled, so no
    // cheap bound rules pairs out and the word diffs have real work to do.
    let words: Vec<String> = (0..400).map(|i| format!("w{i}")).collect();
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    let mut make = |id: &str| {
        let mut body = String::new();
        for a in 0..40 {
            body.push_str(&format!("## Article {id}{a} {{#{id}{a}}}\n\n"));
            for _ in 0..30 {
                let para: Vec<&str> = (0..180).map(|_| words[next() % words.len()].as_str()).collect();
                body.push_str(&para.join(" "));
                body.push_str("\n\n");
            }
        }
        body
    };
    let old = doc(&make("a"));
    assert!(old.body.len() > 900_000, "{}", old.body.len());
    let tiny = Options {
        max_work: 2_000_000,
        ..Options::default()
    };
    // Articles matched by id, then articles that must be matched by text.
    for id in ["a", "b"] {
        let new = doc(&make(id));
        let d = documents(&old, &new, &tiny);
        super::proptests::assert_rebuilds(&old, &new, &d);
        // Work is counted, not timed: the same budget cuts the same diff
        // short at the same place, whatever the machine. Matched by id, no
        // pair of paragraphs is alike enough to be worth word-diffing; matched
        // by text, each article is compared with every other.
        assert_eq!(d.coarse, id == "b", "{id}");
        assert_eq!(d, documents(&old, &new, &tiny), "{id}");
    }
}

#[test]
fn marks_markdown_showed_as_text_are_formatting_not_words() {
    // The closing `**` before a letter is not strong emphasis: Markdown
    // shows both marks as text. Mended, the marks go, no word changes.
    let d = diff(
        "## A {#a}\n\n**Note:**we keep data.\n",
        "## A {#a}\n\n**Note:** we keep data.\n",
    );
    let b = &d.articles[0].blocks[0];
    assert_eq!(b.old_text(), "**Note:**we keep data.");
    assert_eq!(b.new_text(), "Note: we keep data.");
    assert_eq!(
        (d.stats.words_inserted, d.stats.words_deleted, d.stats.formatting),
        (0, 0, 1)
    );
    assert!(b.formatting.is_some_and(|f| f.marks), "{b:?}");
    // A real edit beside them is words as before.
    let d = diff(
        "## A {#a}\n\n**Note:**we keep data.\n",
        "## A {#a}\n\n**Note:** we sell data.\n",
    );
    assert_eq!(d.stats.formatting, 0);
    assert!(d.stats.words_inserted > 0);
}
