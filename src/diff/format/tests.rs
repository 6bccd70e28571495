//! What each format shows, checked on small diffs and the example history.

use scraper::{Html, Selector};

use super::*;
use crate::diff::tests::{diff, revision};
use crate::diff::{Options, documents};

/// The built-in English words.
fn en() -> &'static crate::strings::Strings {
    crate::strings::Strings::builtin()
}

const P1: &str = "This paragraph is long enough to count as a moved block of text.";

fn recaptcha() -> DocumentDiff {
    documents(&revision("2018-05-25"), &revision("2019-04-18"), &Options::default())
}

fn outsourcing() -> DocumentDiff {
    documents(&revision("2019-04-18"), &revision("2021-03-01"), &Options::default())
}

fn parse(html: &str) -> Html {
    let doc = Html::parse_fragment(html);
    assert!(doc.errors.is_empty(), "{:?}\n{html}", doc.errors);
    doc
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text_of(e: &scraper::ElementRef) -> String {
    e.text().collect()
}

#[test]
fn text_marks_edits_and_names_articles() {
    let d = diff(
        "## A {#a}\n\nWe keep data for one year.\n\n## B {#b}\n\nx\n",
        "## New {#new}\n\ny\n\n## A {#a}\n\nWe keep data for two years.\n\n## B {#b}\n\nx\n",
    );
    let t = text(&d, false);
    assert!(t.contains("Article 1 -> 2 'A': changed\n"), "{t}");
    assert!(t.contains("  We keep data for [-one year-]{+two years+}.\n"), "{t}");
    assert!(t.contains("Article 1 'New': added\n  {+y+}\n"), "{t}");
    assert!(t.contains("Article 2 -> 3 'B': renumbered\n"), "{t}");
    let c = text(&d, true);
    assert!(
        c.contains("\x1b[9;31mone year\x1b[0m\x1b[4;32mtwo years\x1b[0m"),
        "{c:?}"
    );
    assert!(!c.contains("[-"));
}

#[test]
fn text_without_changes_says_so() {
    let d = diff("## A\n\nx\n", "## A\n\nx\n");
    assert_eq!(text(&d, false), "No changes.\n");
}

#[test]
fn stat_lines_and_totals() {
    let s = stat(&outsourcing());
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 10, "{s}");
    assert!(lines[0].starts_with("Article 6 'Managing personal information'"), "{s}");
    assert!(lines[0].ends_with("changed     +47 -21 words"), "{s}");
    assert!(lines[1].contains("'Outsourcing'") && lines[1].contains("added"), "{s}");
    assert!(
        lines[2].starts_with("Article 7 -> 8 'Sharing with third parties'"),
        "{s}"
    );
    assert!(lines[2].contains("renumbered  +0 -0 words"), "{s}");
    assert_eq!(
        lines[9],
        "1 added, 1 changed, 7 renumbered, 5 unchanged; +222 -21 words"
    );
}

#[test]
fn labels_write_the_shared_start_once() {
    let mut d = outsourcing();
    let a = d.articles.iter_mut().find(|a| a.id() == "disclosure-requests").unwrap();
    assert_eq!(short_label(a), "Article 8 -> 9");
    assert_eq!(full_label(a), "Article 8 → Article 9");
    a.old.as_mut().unwrap().label = "§10".to_string();
    a.new.as_mut().unwrap().label = "§11".to_string();
    assert_eq!(short_label(a), "§10 -> 11");
}

#[test]
fn markdown_overview_and_changed_blocks() {
    let m = markdown(&recaptcha());
    assert!(
        m.starts_with("**Changes:** 1 changed, 12 unchanged; +106 -0 words\n\n"),
        "{m}"
    );
    assert!(m.contains("- Article 10 “Cookie policy”: changed\n"), "{m}");
    assert!(
        m.contains("\n### Article 10 “Cookie policy”: changed\n\n<ins>We also use reCAPTCHA"),
        "{m}"
    );
    assert!(!m.contains("Purpose of use"), "{m}");
    let m = markdown(&outsourcing());
    assert!(
        m.contains("- Article 7 → Article 8 “Sharing with third parties”: renumbered\n"),
        "{m}"
    );
    assert!(
        !m.contains("### Article 7 → Article 8"),
        "renumbered articles have no section: {m}"
    );
}

#[test]
fn markdown_escapes_document_text() {
    let d = diff(
        "## A {#a}\n\nWrite to us.\n",
        "## A {#a}\n\nWrite to 2 * 3 a_b #4 at <b> [privacy](https://x.example) @legal.\n",
    );
    let m = markdown(&d);
    assert!(m.contains("2 \\* 3 a\\_b \\#4"), "{m}");
    assert!(m.contains("&lt;b&gt;") && !m.contains("<b>"), "{m}");
    assert!(m.contains("privacy (https://x.example)"), "{m}");
    assert!(m.contains("&#64;legal"), "{m}");
}

#[test]
fn markdown_names_both_ends_of_a_move() {
    let d = diff(
        &format!("## A {{#a}}\n\n{P1}\n\nStay.\n\n## B {{#b}}\n\nStay too.\n"),
        &format!("## A {{#a}}\n\nStay.\n\n## B {{#b}}\n\nStay too.\n\n{P1}\n"),
    );
    let m = markdown(&d);
    assert!(m.contains("_Moved to Article 2 “B”:_ This paragraph"), "{m}");
    assert!(m.contains("_Moved here from Article 1 “A”:_ This paragraph"), "{m}");
}

#[test]
fn html_overview_sections_and_edits() {
    let h = html(&outsourcing(), "/privacy/diff/", None, en());
    let doc = parse(&h);
    let links: Vec<_> = select(&doc, "nav.diff-overview[aria-label] li a")
        .iter()
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert_eq!(links.len(), 9);
    assert_eq!(links[0], "/privacy/diff/#diff-managing-information");
    let sections = select(&doc, "section.diff-article");
    assert_eq!(sections.len(), 9);
    let added = select(&doc, "section#diff-outsourcing.diff-added");
    assert_eq!(
        text_of(&select(&doc, "section#diff-outsourcing h2")[0]),
        "Article 7 “Outsourcing”"
    );
    assert_eq!(
        text_of(&select(&doc, "section#diff-outsourcing p.diff-status")[0]),
        "Added"
    );
    assert_eq!(added.len(), 1);
    // A numbered list stays numbered, with the items' own numbers.
    assert_eq!(
        select(&doc, "section#diff-outsourcing ol.diff-list li.diff-inserted ins").len(),
        4
    );
    let values: Vec<&str> = select(&doc, "section#diff-outsourcing ol.diff-list li")
        .iter()
        .filter_map(|li| li.value().attr("value"))
        .collect();
    assert_eq!(values, ["1", "2", "3", "4"]);
    let h2 = text_of(&select(&doc, "section#diff-disclaimer h2")[0]);
    assert_eq!(h2, "Article 11 → Article 12 “Disclaimer”");
    let ins = select(&doc, "section#diff-managing-information p.diff-changed ins");
    assert!(!ins.is_empty());
    for e in select(&doc, "ins, del") {
        let first = e.first_child().and_then(scraper::ElementRef::wrap).unwrap();
        assert_eq!(first.value().attr("class"), Some("visually-hidden"));
    }
    assert_eq!(select(&doc, "p.diff-unchanged").len(), 5);
    // A renumbered article's text is not repeated: a link leads to it.
    assert!(!h.contains("<details"), "{h}");
    let linked = html(&outsourcing(), "", Some("/p/"), en());
    assert!(
        linked.contains("<p class=\"diff-text-unchanged\"><a href=\"/p/#disclaimer\">The text is unchanged.</a></p>"),
        "{linked}"
    );
    assert!(h.contains("<p class=\"diff-unchanged\">Article 1 “Personal information” — unchanged</p>"));
}

#[test]
fn html_shortens_long_equal_runs() {
    let h = html(&recaptcha(), "", None, en());
    let doc = parse(&h);
    let section = &select(&doc, "section#diff-cookie-policy")[0];
    let skips = section.select(&Selector::parse("p.diff-skip").unwrap()).count();
    assert_eq!(skips, 2, "{h}");
    // Each says how many paragraphs it leaves out, and links to the
    // article in the newer text when its address is known.
    assert!(h.contains("<p class=\"diff-skip\">"), "{h}");
    assert!(
        section.text().collect::<String>().contains("unchanged paragraphs"),
        "{h}"
    );
    let linked = html(&recaptcha(), "", Some("/privacy/"), en());
    assert!(
        linked.contains("<p class=\"diff-skip\"><a href=\"/privacy/#cookie-policy\">"),
        "{linked}"
    );
    assert!(h.contains(
        "<p class=\"diff-inserted\"><ins><span class=\"visually-hidden\">inserted: </span>We also use reCAPTCHA"
    ));
    // One equal block of context on each side of the insertion.
    assert!(h.contains("<p>You can also block analytics cookies"), "{h}");
    assert!(h.contains("<h3>Advertising cookies</h3>"), "{h}");
}

#[test]
fn html_moves_link_to_the_other_place() {
    let d = diff(
        &format!("## A {{#a}}\n\n{P1}\n\nStay.\n\n## B {{#b}}\n\nStay too.\n"),
        &format!("## A {{#a}}\n\nStay.\n\n## B {{#b}}\n\nStay too.\n\n{P1}\n"),
    );
    let h = html(&d, "", None, en());
    let doc = parse(&h);
    let moved = select(&doc, "p.diff-moved");
    assert_eq!(moved.len(), 2);
    assert!(
        text_of(&moved[0]).starts_with("Moved to Article 2 “B”: This paragraph"),
        "{h}"
    );
    assert!(
        text_of(&moved[1]).starts_with("Moved here from Article 1 “A”: This"),
        "{h}"
    );
    let hrefs: Vec<_> = select(&doc, "p.diff-moved a")
        .iter()
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(hrefs, vec!["#diff-b", "#diff-a"]);
}

/// A paragraph moved to another article and edited on the way: the note
/// says so, and both views show the edit (the side-by-side view the old
/// words beside the new), in every format.
#[test]
fn a_block_moved_with_edits_shows_the_edit_in_every_view() {
    let p = "Lantern Notes refunds a yearly plan in full when you cancel it within fourteen days of paying.";
    let d = diff(
        &format!("## A {{#a}}\n\nStay.\n\n{p}\n\n## B {{#b}}\n\nStay too.\n"),
        &format!(
            "## A {{#a}}\n\nStay.\n\n## B {{#b}}\n\nStay too.\n\n{}\n",
            p.replace("fourteen", "thirty")
        ),
    );
    let h = html(&d, "", None, en());
    let doc = parse(&h);
    let arrived = &select(&doc, "p.diff-moved")[1];
    assert!(
        text_of(arrived).starts_with("Moved here from Article 1 “A”, with edits:"),
        "{h}"
    );
    assert_eq!(
        text_of(&arrived.select(&Selector::parse("del").unwrap()).next().unwrap()),
        "deleted: fourteen"
    );

    let sbs = html_side_by_side(&d, None, en(), None);
    let doc = parse(&format!("<div>{sbs}</div>"));
    let row = select(&doc, "tr.diff-moved")
        .into_iter()
        .find(|r| text_of(r).contains("with edits"))
        .expect("the arriving block's row");
    let cells: Vec<_> = row.child_elements().collect();
    assert!(text_of(&cells[0]).contains("fourteen"), "the old words, left: {sbs}");
    assert!(cells[0].select(&Selector::parse("del").unwrap()).next().is_some());
    assert!(text_of(&cells[1]).contains("thirty"));
    assert!(!text_of(&cells[1]).contains("fourteen"));

    assert!(text(&d, false).contains(", with edits) "), "{}", text(&d, false));
    assert!(markdown(&d).contains(", with edits:_"));
}

#[test]
fn html_escapes_everything() {
    let d = diff(
        "## Tags <i> {#a}\n\nSafe.\n",
        "## Tags <i> {#a}\n\nSafe <script>alert(1)</script> & \"quoted\".\n",
    );
    let h = html(&d, "\"><script>", None, en());
    assert!(!h.contains("<script") && !h.contains("<i>"), "{h}");
    assert!(
        h.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"),
        "{h}"
    );
    parse(&h);
    parse(&html_side_by_side(&d, None, en(), None));
}

#[test]
fn html_without_changes() {
    let d = diff("Intro.\n\n## A\n\nx\n", "Intro.\n\n## A\n\nx\n");
    let h = html(&d, "", None, en());
    assert!(h.contains("<p class=\"diff-none\">No changes.</p>"));
    assert!(!h.contains("<nav"));
    parse(&h);
}

#[test]
fn side_by_side_one_body_per_changed_article() {
    let h = html_side_by_side(&outsourcing(), None, en(), None);
    let doc = parse(&format!("<div>{h}</div>"));
    assert_eq!(select(&doc, "table.diff-side-by-side > caption").len(), 1);
    let heads: Vec<_> = select(&doc, "thead th").iter().map(text_of).collect();
    assert_eq!(heads, vec!["Previous", "New"]);
    // One body per changed article, and one line per unchanged one.
    assert_eq!(select(&doc, "tbody:not(.diff-unchanged)").len(), 9);
    assert_eq!(select(&doc, "tbody.diff-unchanged").len(), 5);
    let added_rows = select(&doc, "tbody.diff-added tr.diff-inserted");
    assert_eq!(added_rows.len(), 6);
    assert!(
        added_rows
            .iter()
            .all(|r| text_of(&r.child_elements().next().unwrap()).is_empty())
    );
    let changed = &select(&doc, "tbody.diff-changed tr.diff-changed")[0];
    let cells: Vec<_> = changed.child_elements().collect();
    assert!(cells[0].select(&Selector::parse("ins").unwrap()).next().is_none());
    assert!(cells[1].select(&Selector::parse("del").unwrap()).next().is_none());
    assert!(text_of(&cells[0]).contains("ask another company"));
    assert!(text_of(&cells[1]).contains("security incident"));
}

#[test]
fn a_split_paragraph_shows_a_break_inserted_in_every_view() {
    let d = diff(
        "## A {#a}\n\nWe keep your data for a year. We never sell it to anyone.\n",
        "## A {#a}\n\nWe keep your data for a year.\n\nWe never sell it to anyone.\n",
    );
    assert_eq!((d.stats.words_inserted, d.stats.words_deleted), (0, 0));
    let t = text(&d, false);
    assert!(
        t.contains("  We keep your data for a year. {+¶+}We never sell it to anyone.\n"),
        "{t}"
    );
    assert!(
        markdown(&d).contains("a year. <ins>¶</ins>We never"),
        "{}",
        markdown(&d)
    );
    let doc = parse(&html(&d, "", None, en()));
    let brk = select(&doc, "p.diff-changed ins.diff-break");
    assert_eq!(brk.len(), 1, "{}", html(&d, "", None, en()));
    assert_eq!(text_of(&brk[0]), "inserted: paragraph break ¶");
    let side = parse(&html_side_by_side(&d, None, en(), None));
    assert_eq!(select(&side, "tr.diff-changed td:nth-child(2) ins.diff-break").len(), 1);
    // Joined again: the break removed, on the old side.
    let back = diff(
        "## A {#a}\n\nWe keep your data for a year.\n\nWe never sell it to anyone.\n",
        "## A {#a}\n\nWe keep your data for a year. We never sell it to anyone.\n",
    );
    assert!(
        text(&back, false).contains("a year. [-¶-]We never"),
        "{}",
        text(&back, false)
    );
    let doc = parse(&html(&back, "", None, en()));
    assert_eq!(
        text_of(&select(&doc, "del.diff-break")[0]),
        "deleted: paragraph break ¶"
    );
}

#[test]
fn a_formatting_change_is_said_in_every_view_and_counted_apart() {
    let d = diff(
        "## A {#a}\n\nWe keep your data.\n\nWe never sell it.\n",
        "## A {#a}\n\n- We keep your data.\n\nWe **never** sell it.\n",
    );
    assert_eq!(
        (d.stats.words_inserted, d.stats.words_deleted, d.stats.formatting),
        (0, 0, 2)
    );
    let t = text(&d, false);
    assert!(
        t.contains("  - (Formatting changed, now a list item) We keep your data.\n"),
        "{t}"
    );
    assert!(
        t.contains("  (Formatting changed (emphasis or code)) We never sell it.\n"),
        "{t}"
    );
    assert!(!t.contains("No changes."), "{t}");
    assert!(stat(&d).contains("+0 -0 words; 2 formatting changes"), "{}", stat(&d));
    assert!(
        markdown(&d).contains("_Formatting changed, now a list item:_ We keep"),
        "{}",
        markdown(&d)
    );
    let doc = parse(&html(&d, "", None, en()));
    let notes: Vec<String> = select(&doc, ".diff-changed .diff-note").iter().map(text_of).collect();
    assert_eq!(
        notes,
        [
            "Formatting changed, now a list item:",
            "Formatting changed (emphasis or code):"
        ]
    );
    assert!(select(&doc, "del, ins").is_empty());
    let side = parse(&html_side_by_side(&d, None, en(), None));
    assert_eq!(select(&side, "tr.diff-changed .diff-note").len(), 2);
}

#[test]
fn side_by_side_puts_a_replaced_block_beside_its_replacement() {
    let d = diff(
        "## A {#a}\n\nKeep this.\n\nAlpha beta gamma delta.\n\nEpsilon zeta eta theta.\n\nKeep that.\n",
        "## A {#a}\n\nKeep this.\n\nOne two three four.\n\nFive six seven eight.\n\nKeep that.\n",
    );
    let h = html_side_by_side(&d, None, en(), Some(["1 May 2020", "2 June 2021"]));
    let doc = parse(&format!("<div>{h}</div>"));
    let heads: Vec<_> = select(&doc, "thead th").iter().map(text_of).collect();
    assert_eq!(heads, vec!["1 May 2020", "2 June 2021"]);
    // The unchanged paragraphs around the change stay, once, across both columns.
    let context = select(&doc, "tbody#diff-a tr.diff-context");
    assert_eq!(context.len(), 2, "{h}");
    assert_eq!(text_of(&context[0]), "Keep this.", "{h}");
    assert_eq!(select(&doc, "tr.diff-context td[colspan=\"2\"]").len(), 2, "{h}");
    let rows = select(&doc, "tbody#diff-a tr:not(:first-child):not(.diff-context)");
    assert_eq!(rows.len(), 2, "{h}");
    for row in rows {
        assert_eq!(row.value().attr("class"), Some("diff-replaced"), "{h}");
        let cells: Vec<_> = row.child_elements().collect();
        assert!(
            cells[0].select(&Selector::parse("del").unwrap()).next().is_some(),
            "{h}"
        );
        assert!(
            cells[1].select(&Selector::parse("ins").unwrap()).next().is_some(),
            "{h}"
        );
        assert_eq!(cells[0].value().attr("data-label"), Some("1 May 2020"));
    }
    // The list of changed parts comes first and links to the article's rows.
    assert!(h.starts_with("<nav class=\"diff-overview\""), "{h}");
    assert!(h.contains("href=\"#diff-a\""), "{h}");
}
