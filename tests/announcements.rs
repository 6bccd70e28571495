//! Announcements as readers and apps see them: the announcements pages, the
//! Atom and JSON feeds (read with a real feed parser), versions.json, the
//! upcoming-revision notice, and `charter announce`.

mod common;

use common::*;
use feed_rs::model::{Feed, FeedType};
use scraper::Html;
use serde_json::Value;

fn parse_feed(out: &Output, site_path: &str) -> Feed {
    let text = out.text(site_path);
    feed_rs::parser::parse(text.as_bytes()).unwrap_or_else(|e| panic!("{site_path} is not a valid feed: {e}"))
}

fn json(out: &Output, site_path: &str) -> Value {
    serde_json::from_str(&out.text(site_path)).unwrap_or_else(|e| panic!("{site_path} is not JSON: {e}"))
}

/// The revision files of the example site's document, oldest first: `(id, date, effective, summary)`.
fn example_revisions(site: &Site, doc: &str) -> Vec<(String, String, String, String)> {
    let dir = site.path(&format!("history/{doc}"));
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let front = text.split("+++\n").nth(1).unwrap();
            let record: toml::Table = front.parse().unwrap();
            let date = record["date"].to_string().trim_matches('"').to_string();
            let effective = record
                .get("effective")
                .map_or(date.clone(), |e| e.to_string().trim_matches('"').to_string());
            let id = f.file_stem().unwrap().to_string_lossy().into_owned();
            (id, date, effective, record["summary"].as_str().unwrap().to_string())
        })
        .collect()
}

fn body_of(entry: &feed_rs::model::Entry) -> String {
    entry.content.as_ref().and_then(|c| c.body.clone()).unwrap_or_default()
}

#[test]
fn site_atom_feed_holds_every_revision_newest_first() {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    let feed = parse_feed(&out, "/atom.xml");
    assert_eq!(feed.feed_type, FeedType::Atom);
    let mut expected: Vec<(String, String, String, String, String)> = ["privacy", "terms"]
        .iter()
        .flat_map(|doc| {
            example_revisions(&site, doc)
                .into_iter()
                .map(move |(i, d, e, s)| (doc.to_string(), i, d, e, s))
        })
        .collect();
    expected.sort_by(|a, b| b.2.cmp(&a.2));
    assert_eq!(feed.entries.len(), expected.len());
    for (entry, (doc, id, date, effective, summary)) in feed.entries.iter().zip(&expected) {
        assert!(entry.id.starts_with("urn:uuid:"), "{}", entry.id);
        assert_eq!(entry.published.unwrap().format("%Y-%m-%d").to_string(), *date);
        assert!(entry.title.as_ref().unwrap().content.ends_with(summary.as_str()));
        // A first publication has nothing to compare with: its entry leads
        // to its text; every later one to what it changed.
        let first = expected.iter().filter(|e| e.0 == *doc).map(|e| &e.1).min() == Some(id);
        let changes = out.url(&format!("/{doc}/revisions/{id}/changes/"));
        let text = out.url(&format!("/{doc}/revisions/{id}/"));
        let alternate: Vec<&str> = entry
            .links
            .iter()
            .filter(|l| l.rel.as_deref().unwrap_or("alternate") == "alternate")
            .map(|l| l.href.as_str())
            .collect();
        let want = if first { &text } else { &changes };
        assert_eq!(alternate, [want.as_str()], "{:?}", entry.links);
        assert!(out.exists(&format!("/{doc}/revisions/{id}/changes/")));
        assert_eq!(!first, body_of(entry).contains(&changes), "{}", body_of(entry));
        let body = entry.content.as_ref().and_then(|c| c.body.clone()).expect("content");
        assert!(body.contains(&format!("takes effect on {effective}")), "{body}");
    }
}

#[test]
fn document_feed_holds_that_documents_revisions() {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    let feed = parse_feed(&out, "/privacy/atom.xml");
    let revisions = example_revisions(&site, "privacy");
    assert_eq!(feed.entries.len(), revisions.len());
    let recaptcha = feed
        .entries
        .iter()
        .find(|e| e.published.unwrap().format("%Y-%m-%d").to_string() == "2019-04-18")
        .expect("the 2019-04-18 entry");
    let body = recaptcha.content.as_ref().unwrap().body.clone().unwrap();
    assert!(body.contains("Cookie policy") && body.contains("reCAPTCHA"), "{body}");
}

#[test]
fn json_feed_matches_the_atom_feed() {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    let raw = json(&out, "/feed.json");
    assert_eq!(raw["version"], "https://jsonfeed.org/version/1.1");
    let parsed = parse_feed(&out, "/feed.json");
    assert_eq!(parsed.feed_type, FeedType::JSON);
    let atom = parse_feed(&out, "/atom.xml");
    let ids = |f: &Feed| f.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&parsed), ids(&atom));
    for item in raw["items"].as_array().unwrap() {
        assert!(item["date_published"].as_str().unwrap().ends_with("T00:00:00+00:00"));
        assert!(item["content_html"].as_str().unwrap().contains("<p>"));
    }
}

#[test]
fn every_page_advertises_the_feeds() {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    for file in out.html_files() {
        let page = Html::parse_document(&std::fs::read_to_string(out.dir.join(&file)).unwrap());
        let hrefs: Vec<String> = all(&page, "head link[rel=alternate]")
            .iter()
            .map(|l| l.attr("href").unwrap().to_string())
            .collect();
        assert!(hrefs.contains(&out.url("/atom.xml")), "{file}: {hrefs:?}");
        assert!(hrefs.contains(&out.url("/feed.json")), "{file}: {hrefs:?}");
        if file.starts_with("privacy/") {
            assert!(hrefs.contains(&out.url("/privacy/atom.xml")), "{file}: {hrefs:?}");
        }
    }
}

#[test]
fn feeds_can_be_turned_off() {
    let site = Site::example();
    site.edit("site.toml", |t| format!("{t}\n[feeds]\nenabled = false\n"));
    site.build_ok(&[]);
    let out = site.public();
    for f in ["/atom.xml", "/feed.json", "/privacy/atom.xml"] {
        assert!(!out.exists(f), "{f} was written");
    }
    assert!(all(&out.page("/privacy/"), "link[rel=alternate]").is_empty());
}

#[test]
fn feed_limit_keeps_the_newest_entries() {
    let site = Site::example();
    site.edit("site.toml", |t| {
        format!("{t}\n[feeds]\nlimit = 2\nauthor = \"Inkwell legal team\"\n")
    });
    site.build_ok(&[]);
    let out = site.public();
    let feed = parse_feed(&out, "/atom.xml");
    assert_eq!(feed.entries.len(), 2);
    assert_eq!(
        feed.entries[0].published.unwrap().format("%Y-%m-%d").to_string(),
        "2021-03-01"
    );
    assert_eq!(feed.authors[0].name.as_deref(), Some("Inkwell legal team"));
}

#[test]
fn entry_ids_never_change() {
    let site = Site::minimal();
    site.build_ok(&[]);
    let ids = |out: &Output| -> Vec<(String, String)> {
        parse_feed(out, "/atom.xml")
            .entries
            .iter()
            .map(|e| (e.published.unwrap().format("%Y-%m-%d").to_string(), e.id.clone()))
            .collect()
    };
    let first = ids(&site.public());
    // Rebuilt, at another URL, with a newer revision: the old entries keep their ids.
    site.publish(
        "doc",
        &Publish::new("2021-06-01", "Fourth", &MINI_V3.replace("New.", "New, and revised.")).change(
            "third",
            None,
            "we revised it",
        ),
    );
    site.build_ok(&["--base-url", "https://moved.example"]);
    let second = ids(&site.output_at(site.path("public")));
    assert_eq!(second.len(), first.len() + 1);
    assert_eq!(second[0].0, "2021-06-01");
    assert_eq!(&second[1..], &first[..]);
}

#[test]
fn versions_index_lists_every_revision_with_its_urls() {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    let v = json(&out, "/privacy/versions.json");
    assert_eq!(v["schema"], 1);
    assert_eq!(v["document"]["id"], "privacy");
    assert_eq!(v["document"]["title"], "Privacy Policy");
    assert_eq!(v["current"], "2021-03-01");
    assert_eq!(v["upcoming"], Value::Null);
    let revisions = v["revisions"].as_array().unwrap();
    let expected = example_revisions(&site, "privacy");
    assert_eq!(revisions.len(), expected.len());
    for (r, (id, date, effective, summary)) in revisions.iter().zip(&expected) {
        assert_eq!(r["id"], *id);
        assert_eq!(r["date"], *date);
        assert_eq!(r["effective"], *effective);
        assert_eq!(r["summary"], *summary);
        assert_eq!(r["sha256"].as_str().unwrap().len(), 64);
        for key in ["text", "changes"] {
            let url = r["urls"][key].as_str().unwrap();
            let path = url.strip_prefix(&out.base).expect("absolute URL");
            assert!(out.exists(path), "{url}");
        }
        match r["urls"]["to_current"].as_str() {
            Some(url) => assert!(out.exists(url.strip_prefix(&out.base).unwrap()), "{url}"),
            None => assert_eq!(r["status"], "current"),
        }
    }
    let chain: Vec<_> = revisions
        .iter()
        .map(|r| (r["sha256"].clone(), r["previous"].clone()))
        .collect();
    for pair in chain.windows(2) {
        assert_eq!(pair[1].1, pair[0].0, "previous links to the revision before");
    }
}

// ---------------------------------------------------------------------------
// Upcoming revisions: the minimal site's third revision is published on
// 2021-01-01 and takes effect on 2021-02-01.

fn built_on(date: &str) -> (Site, Output) {
    let site = Site::minimal();
    site.build_ok(&["--date", date]);
    let out = site.public();
    (site, out)
}

#[test]
fn before_publication_a_revision_is_not_announced() {
    let (_site, out) = built_on("2020-12-15");
    assert_eq!(parse_feed(&out, "/atom.xml").entries.len(), 2);
    assert!(by_id(&out.page("/doc/"), "upcoming-notice").is_none());
}

#[test]
fn once_published_an_upcoming_revision_is_announced_but_not_current() {
    let (_site, out) = built_on("2021-01-15");
    let feed = parse_feed(&out, "/atom.xml");
    assert_eq!(feed.entries.len(), 3);
    assert_eq!(
        feed.entries[0].published.unwrap().format("%Y-%m-%d").to_string(),
        "2021-01-01"
    );

    let page = out.page("/doc/");
    let notice = by_id(&page, "upcoming-notice").expect("the upcoming notice");
    assert!(
        text(notice).contains("This policy changes on 1 February 2021"),
        "{}",
        text(notice)
    );
    let links: Vec<_> = within(notice, "a")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert!(links.contains(&out.url("/doc/revisions/2021-01-01/")), "{links:?}");
    assert!(
        links.contains(&out.url("/doc/revisions/2021-01-01/changes/")),
        "{links:?}"
    );
    // The page still shows the text in effect: no third article yet.
    assert!(by_id(&page, "third").is_none());

    let revisions = out.page("/doc/revisions/");
    let upcoming = by_id(&revisions, "revision-2021-01-01").expect("listed");
    assert!(text(upcoming).contains("Upcoming"), "{}", text(upcoming));

    let v = json(&out, "/doc/versions.json");
    assert_eq!(v["current"], "2020-06-01");
    assert_eq!(v["upcoming"], "2021-01-01");
}

#[test]
fn on_its_effective_date_the_revision_becomes_current() {
    for date in ["2021-02-01", "2021-05-01"] {
        let (_site, out) = built_on(date);
        let page = out.page("/doc/");
        assert!(by_id(&page, "upcoming-notice").is_none(), "{date}");
        assert!(
            by_id(&page, "third").is_some(),
            "{date}: the new article is on the page"
        );
        let v = json(&out, "/doc/versions.json");
        assert_eq!(v["current"], "2021-01-01", "{date}");
        assert_eq!(v["upcoming"], Value::Null, "{date}");
    }
}

// ---------------------------------------------------------------------------
// Text that needs escaping

const AWKWARD: &str = "Q&A <b>bold</b> \"quoted\" 'single' — 絵文字 😀 日本語のテキスト";

#[test]
fn awkward_summaries_and_notes_survive_every_output_intact() {
    let site = Site::minimal();
    site.publish(
        "doc",
        &Publish::new("2021-06-01", AWKWARD, &MINI_V3.replace("New.", "New, and revised."))
            .change("third", None, AWKWARD),
    );
    site.build_ok(&[]);
    let out = site.public();

    for path in [
        "/announcements/",
        "/doc/revisions/",
        "/doc/revisions/2021-06-01/",
        "/doc/",
    ] {
        let page = out.page(path);
        assert!(
            all(&page, "main b").is_empty(),
            "{path}: markup from a summary became an element"
        );
        assert!(main_text(&page).contains(AWKWARD), "{path}: {}", main_text(&page));
    }

    let feed = parse_feed(&out, "/atom.xml");
    let entry = &feed.entries[0];
    assert!(entry.title.as_ref().unwrap().content.ends_with(AWKWARD));
    let html = entry.content.as_ref().unwrap().body.clone().unwrap();
    let fragment = Html::parse_fragment(&html);
    assert!(all(&fragment, "b").is_empty(), "{html}");
    assert!(text(fragment.root_element()).contains(AWKWARD), "{html}");

    let json_feed = json(&out, "/feed.json");
    assert_eq!(json_feed["items"][0]["summary"], AWKWARD);
    let versions = json(&out, "/doc/versions.json");
    let last = versions["revisions"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["summary"], AWKWARD);
    assert_eq!(last["changes"][0]["note"], AWKWARD);
}

// ---------------------------------------------------------------------------
// The announcements pages

/// The example site (six revisions) built with `per_page` announcements a page.
fn built_with_per_page(per_page: usize) -> Site {
    let site = Site::example();
    site.edit("site.toml", |t| {
        format!("{t}\n[announcements]\nper_page = {per_page}\n")
    });
    site.build_ok(&[]);
    site
}

#[test]
fn announcements_are_paginated() {
    let site = built_with_per_page(4);
    let out = site.public();
    let first = out.page("/announcements/");
    let second = out.page("/announcements/page/2/");
    assert!(!out.exists("/announcements/page/3/"));
    assert_eq!(all(&first, "li.announcement").len(), 4);
    assert_eq!(all(&second, "li.announcement").len(), 2);
    let next = one(&first, "a[rel=next]").attr("href").unwrap().to_string();
    assert_eq!(next, out.url("/announcements/page/2/"));
    let prev = one(&second, "a[rel=prev]").attr("href").unwrap().to_string();
    assert_eq!(prev, out.url("/announcements/"));
    let (broken, _) = out.broken_links();
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn a_long_list_of_pages_links_both_ends_and_the_neighbours() {
    // Six revisions, one per page: page 5 links 1, 3 to 6, with a gap after 1.
    let site = built_with_per_page(1);
    let out = site.public();
    let page = out.page("/announcements/page/5/");
    let nav = one(&page, "nav.pagination");
    let items: Vec<String> = within(nav, "li")
        .into_iter()
        .map(|li| text(li).trim().to_string())
        .collect();
    assert_eq!(items, ["← Newer", "1", "…", "3", "4", "5", "6", "Older →"], "{items:?}");
    assert_eq!(text(one(&page, "nav.pagination [aria-current=page]")), "5");
    let third = within(nav, "a")
        .into_iter()
        .find(|a| text(*a) == "3")
        .expect("a link to page 3");
    assert_eq!(third.attr("href"), Some(out.url("/announcements/page/3/").as_str()));
    let (broken, _) = out.broken_links();
    assert!(broken.is_empty(), "{broken:#?}");
}

#[test]
fn an_announcement_names_its_document_dates_and_main_revisions() {
    let site = Site::example();
    site.build_ok(&[]);
    let page = site.public().page("/announcements/");
    let item = all(&page, "li.announcement")
        .into_iter()
        .find(|li| text(*li).contains("reCAPTCHA"))
        .expect("the reCAPTCHA announcement");
    let t = text(item);
    assert!(t.contains("Privacy Policy"), "{t}");
    assert!(t.contains("Published 18 April 2019, effective 18 April 2019"), "{t}");
    assert!(
        t.contains("In Article 10 “Cookie policy” › “Performance cookies”,"),
        "{t}"
    );
}

// ---------------------------------------------------------------------------
// charter announce

fn announce(site: &Site, args: &[&str]) -> Run {
    let mut cmd = site.command("announce");
    cmd.args(args).args(["--date", DATE]);
    Run::of(&mut cmd)
}

#[test]
fn announce_prints_the_latest_revision_with_absolute_links() {
    let site = Site::example();
    let run = announce(&site, &["privacy"]);
    run.assert_success();
    assert!(
        run.stdout.starts_with("## Privacy Policy: revised on 2021-03-01"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("]({EXAMPLE_BASE}/privacy/revisions/2021-03-01/changes/)"))
    );
}

#[test]
fn announce_formats() {
    let site = Site::example();
    let text_run = announce(&site, &["privacy", "2019-04-18", "--format", "text"]);
    text_run.assert_success();
    assert!(
        text_run
            .stdout
            .contains("In Article 10 “Cookie policy” › “Performance cookies”, we added reCAPTCHA")
    );
    assert!(text_run.stdout.contains(&format!(
        "What changed: {EXAMPLE_BASE}/privacy/revisions/2019-04-18/changes/"
    )));

    let html_run = announce(
        &site,
        &[
            "privacy",
            "2019-04-18",
            "--format",
            "html",
            "--base-url",
            "https://x.example",
        ],
    );
    html_run.assert_success();
    let fragment = Html::parse_fragment(&html_run.stdout);
    let hrefs: Vec<_> = all(&fragment, "a")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert!(
        hrefs.contains(&"https://x.example/privacy/revisions/2019-04-18/changes/".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn announce_escapes_markdown_in_summaries() {
    let site = Site::minimal();
    site.publish(
        "doc",
        &Publish::new(
            "2021-06-01",
            "Fixed *emphasis* and [brackets]",
            &MINI_V3.replace("New.", "Newer."),
        )
        .change("third", None, "we renamed it"),
    );
    let run = announce(&site, &["doc"]);
    run.assert_success();
    assert!(
        run.stdout.contains("Fixed \\*emphasis\\* and \\[brackets\\]"),
        "{}",
        run.stdout
    );
}

#[test]
fn announce_names_what_exists_when_asked_for_what_does_not() {
    let site = Site::example();
    let run = announce(&site, &["nope"]);
    run.assert_failure();
    assert!(run.stderr.contains("privacy, terms"), "{}", run.stderr);
    let run = announce(&site, &["privacy", "2000-01-01"]);
    run.assert_failure();
    assert!(run.stderr.contains("2019-04-18"), "{}", run.stderr);
}
