//! The ways between a document and what changed: the revision block's
//! links, main revisions linked into the diff, the revisions between an
//! older revision and the current one, the Past revisions page of a long
//! history, and the side-by-side view's dated columns and overview.

mod common;

use std::process::Command;

use common::*;

/// The example site, built; the site is kept, for its folder holds the output.
fn built_example() -> (Site, Output) {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    (site, out)
}

fn href(el: scraper::ElementRef<'_>) -> String {
    el.attr("href").expect("a link").to_string()
}

#[test]
fn the_revision_block_links_to_what_changed_and_to_the_pages_of_changes_since() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/");
    let block = one(&page, "#revision-info");
    let links: Vec<(String, String)> = within(block, ".revision-links a")
        .into_iter()
        .map(|a| (text(a), href(a)))
        .collect();
    assert!(
        links.contains(&(
            "What changed in this revision".into(),
            out.url("/privacy/revisions/2021-03-01/changes/")
        )),
        "{links:?}"
    );
    let since = out.url("/privacy/revisions/#since");
    assert!(
        links.contains(&("Changes since a version you accepted".into(), since)),
        "{links:?}"
    );
    // There, each older revision links to its to-current page.
    let revisions = out.page("/privacy/revisions/");
    assert!(by_id(&revisions, "since").is_some());
    let to_current: Vec<String> = all(&revisions, "a")
        .into_iter()
        .map(href)
        .filter(|h| h.ends_with("/to-current/"))
        .collect();
    assert_eq!(to_current.len(), 3, "{to_current:?}");
}

#[test]
fn main_revisions_link_to_their_articles_in_the_changes_page() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/");
    let items = all(&page, "#revision-info ul.changes li a");
    assert_eq!(items.len(), 2);
    let changes = out.page("/privacy/revisions/2021-03-01/changes/");
    let side = out.page("/privacy/revisions/2021-03-01/changes/side-by-side/");
    for a in items {
        let link = href(a);
        let (page_url, anchor) = link.split_once('#').expect("an anchor");
        assert_eq!(page_url, out.url("/privacy/revisions/2021-03-01/changes/"));
        assert!(anchor.starts_with("diff-"), "{link}");
        assert!(by_id(&changes, anchor).is_some(), "{link}: no such article in the diff");
        // The side-by-side view has the same anchors.
        assert!(by_id(&side, anchor).is_some(), "{anchor} in the side-by-side view");
    }
}

#[test]
fn a_to_current_page_lists_the_revisions_in_between() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2017-06-01/to-current/");
    let between = all(&page, ".revisions-between li");
    let dates: Vec<String> = between
        .iter()
        .map(|li| one_within(*li, "time").attr("datetime").unwrap().to_string())
        .collect();
    assert_eq!(dates, ["2018-05-25", "2019-04-18", "2021-03-01"]);
    for (li, date) in between.iter().zip(&dates) {
        let links: Vec<String> = within(*li, "a").into_iter().map(href).collect();
        assert_eq!(links, [out.url(&format!("/privacy/revisions/{date}/changes/"))]);
        assert!(!text(one_within(*li, ".revision-summary")).is_empty());
    }
    // A changes page has no such list.
    let changes = out.page("/privacy/revisions/2019-04-18/changes/");
    assert!(all(&changes, ".revisions-between").is_empty());
}

fn one_within<'a>(el: scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    let found = within(el, css);
    assert_eq!(found.len(), 1, "one `{css}`");
    found[0]
}

#[test]
fn the_past_revisions_of_a_long_history_are_one_line_each_under_their_year() {
    let site = Site::empty();
    let run = Command::new(env!("CARGO"))
        .current_dir(repo())
        .args(["run", "-q", "--example", "corpus", "--", "--out"])
        .arg(site.root())
        .args(["--documents", "1", "--revisions", "40", "--words", "600"])
        .output()
        .expect("run cargo");
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    site.build_ok(&[]);
    let out = site.public();
    // The documents' folders, not history/.log.
    let docs: Vec<String> = std::fs::read_dir(site.path("history"))
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let doc = &docs[0];
    let mut ids: Vec<String> = std::fs::read_dir(site.path(&format!("history/{doc}")))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".md")
                .to_string()
        })
        .collect();
    ids.sort();
    ids.reverse();
    assert_eq!(ids.len(), 40);
    let page = out.page(&format!("/{doc}/revisions/"));
    // Every revision is listed, newest first, each under its year's heading.
    let listed: Vec<String> = all(&page, "li.revision")
        .into_iter()
        .map(|li| li.attr("id").unwrap().trim_start_matches("revision-").to_string())
        .collect();
    assert_eq!(listed, ids);
    let years: Vec<String> = all(&page, "main h2").into_iter().map(text).collect();
    let mut expected: Vec<String> = ids.iter().map(|id| id[..4].to_string()).collect();
    expected.dedup();
    assert!(expected.len() > 1, "the corpus spans several years");
    assert_eq!(years, expected);
    for h2 in all(&page, "main h2") {
        let year = text(h2);
        let list = h2.next_siblings().find_map(scraper::ElementRef::wrap).expect("a list");
        assert_eq!(list.value().name(), "ol");
        for li in within(list, "li") {
            assert!(li.attr("id").unwrap().starts_with(&format!("revision-{year}")));
        }
    }
    // One line each: no list of main revisions, no block of dates; the
    // date, the summary and the links.
    assert!(all(&page, "main ul.changes, main dl").is_empty());
    for li in all(&page, "li.revision") {
        assert!(!text(one_within(li, ".revision-summary")).is_empty());
        let links: Vec<String> = within(li, "a").into_iter().map(href).collect();
        assert!(links.iter().any(|l| l.ends_with("/changes/")), "{links:?}");
    }
}

#[test]
fn side_by_side_columns_are_headed_by_the_two_dates_below_an_overview() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2021-03-01/changes/side-by-side/");
    let heads: Vec<String> = all(&page, "table.diff-side-by-side thead th")
        .into_iter()
        .map(text)
        .collect();
    assert_eq!(heads, [long_date("2019-04-18"), long_date("2021-03-01")]);
    // Each cell names its column, for the one-column layout of a phone.
    for td in all(&page, "table.diff-side-by-side tr.diff-changed td") {
        let label = td.attr("data-label").expect("a data-label");
        assert!(heads.iter().any(|h| h == label), "{label}");
    }
    // The overview comes before the table and every link of it lands in it.
    let html = out.text("/privacy/revisions/2021-03-01/changes/side-by-side/");
    let (overview, table) = (html.find("diff-overview").unwrap(), html.find("<table").unwrap());
    assert!(overview < table);
    let links = all(&page, "nav.diff-overview a");
    assert_eq!(links.len(), 9);
    for a in links {
        let anchor = href(a).trim_start_matches('#').to_string();
        assert_eq!(
            by_id(&page, &anchor).map(|e| e.value().name()),
            Some("tbody"),
            "{anchor}"
        );
    }
}
