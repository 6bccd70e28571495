//! Each article's history: its page `/<doc>/articles/<id>/`, the line under
//! each heading of the current text that links to it, the sitemap, and
//! `charter log <doc> --article <id>`.

mod common;

use common::*;
use scraper::Html;

/// Five revisions of a service's terms. `scope` never changes; `fees` is
/// edited in the second and the fourth and renumbered in the third, where
/// `refunds` is added before it; `storage` is only renumbered; `closing` is
/// removed in the fourth; `contact` is renumbered twice and edited last.
fn history_site() -> Site {
    let site = Site::empty();
    site.write("site.toml", &format!("title = \"Mini\"\nbase_url = \"{MINI_BASE}\"\n"));
    let v1 = [HEAD, SCOPE, FEES1, STORAGE, CLOSING, CONTACT1].concat();
    let v2 = [HEAD, SCOPE, FEES2, STORAGE, CLOSING, CONTACT1].concat();
    let v3 = [HEAD, SCOPE, REFUNDS, FEES2, STORAGE, CLOSING, CONTACT1].concat();
    let v4 = [HEAD, SCOPE, REFUNDS, FEES3, STORAGE, CONTACT1].concat();
    let v5 = [HEAD, SCOPE, REFUNDS, FEES3, STORAGE, CONTACT2].concat();
    let revisions = [
        Publish::new("2021-01-10", "First terms", &v1),
        Publish::new("2021-05-01", "Higher fee", &v2).change("fees", None, "we raised the monthly fee"),
        Publish::new("2022-02-01", "Refunds", &v3).change("refunds", None, "we added a refund policy"),
        Publish::new("2022-09-01", "Shorter notice, no closing article", &v4).change(
            "fees",
            None,
            "we shortened the notice before a fee changes",
        ),
        Publish::new("2023-03-01", "New address", &v5).change("contact", None, "we moved to a new office"),
    ];
    for r in &revisions {
        site.publish("terms", r);
    }
    site
}

const HEAD: &str = "+++\ntitle = \"Service terms\"\n+++\nThese terms cover the Quillpost service.\n\n";
const SCOPE: &str = "## Scope {#scope}\n\nThese terms apply to every Quillpost account, free or paid.\n\n";
const STORAGE: &str = "## Storage {#storage}\n\nYour drafts are kept on servers in two regions.\n\n";
const CLOSING: &str = "## Closing an account {#closing}\n\nYou may close your account from its settings page.\n\n";
const CONTACT1: &str = "## Contact {#contact}\n\nWrite to us at the harbour office.\n";
const CONTACT2: &str = "## Contact {#contact}\n\nWrite to us at the hill office.\n";
const REFUNDS: &str = "## Refunds {#refunds}\n\nA payment is refunded in full within fourteen days.\n\n";
const FEES1: &str = "## Fees {#fees}\n\nA paid account costs four euros a month. We give thirty days of notice before a fee changes.\n\n";
const FEES2: &str = "## Fees {#fees}\n\nA paid account costs five euros a month. We give thirty days of notice before a fee changes.\n\n";
const FEES3: &str =
    "## Fees {#fees}\n\nA paid account costs five euros a month. We give ten days of notice before a fee changes.\n\n";

fn built() -> (Site, Output) {
    let site = history_site();
    site.build_ok(&[]);
    let out = site.public();
    (site, out)
}

/// Each version's heading (its dates), in page order.
fn version_headings(page: &Html) -> Vec<String> {
    all(page, ".article-version > h2").into_iter().map(text).collect()
}

fn statuses(page: &Html) -> Vec<String> {
    all(page, ".article-version")
        .into_iter()
        .map(|v| {
            let class = v.attr("class").unwrap();
            class
                .split(' ')
                .find_map(|c| c.strip_prefix("status-"))
                .unwrap()
                .to_string()
        })
        .collect()
}

#[test]
fn an_article_never_changed_is_one_version_with_a_date_range() {
    let (_site, out) = built();
    let page = out.page("/terms/articles/scope/");
    assert_eq!(text(one(&page, "h1")), "History of Article 1 “Scope”");
    assert_eq!(
        version_headings(&page),
        ["In the revisions of 10 January 2021 – 1 March 2023"]
    );
    assert_eq!(statuses(&page), ["first"]);
    let v = one(&page, ".article-version");
    assert!(v.attr("class").unwrap().contains("is-current"));
    assert!(text(v).contains("5 revisions"), "{}", text(v));
    assert!(within(v, "ins, del").is_empty());
}

#[test]
fn an_article_edited_twice_shows_each_edit_with_its_note_and_words_newest_first() {
    let (_site, out) = built();
    let page = out.page("/terms/articles/fees/");
    assert_eq!(statuses(&page), ["changed", "renumbered", "changed", "first"]);
    assert_eq!(
        version_headings(&page),
        [
            "In the revisions of 1 September 2022 – 1 March 2023",
            "In the revision of 1 February 2022",
            "In the revision of 1 May 2021",
            "In the revision of 10 January 2021",
        ]
    );
    let versions = all(&page, ".article-version");
    // The newest edit: its note, and only its words marked.
    let newest = versions[0];
    assert!(text(newest).contains("we shortened the notice before a fee changes"));
    let del: Vec<String> = within(newest, "del").into_iter().map(text).collect();
    let ins: Vec<String> = within(newest, "ins").into_iter().map(text).collect();
    assert_eq!(del, ["deleted: thirty"]);
    assert_eq!(ins, ["inserted: ten"]);
    // Its renumbering is said in words, with no diff of its text.
    let renumbered = text(versions[1]);
    assert!(
        renumbered.contains("Renumbered from Article 2 to Article 3"),
        "{renumbered}"
    );
    assert!(within(versions[1], "ins, del").is_empty());
    // The first edit.
    assert!(text(versions[2]).contains("we raised the monthly fee"));
    assert_eq!(
        within(versions[2], "del").into_iter().map(text).collect::<Vec<_>>(),
        ["deleted: four"]
    );
    // Each version links to its text and to the whole revision's changes.
    let links: Vec<&str> = within(versions[2], ".article-version-links a")
        .into_iter()
        .filter_map(|a| a.attr("href"))
        .collect();
    assert_eq!(
        links,
        [
            "https://mini.example/terms/revisions/2021-05-01/#fees",
            "https://mini.example/terms/revisions/2021-05-01/changes/#diff-fees"
        ]
    );
}

#[test]
fn renumbering_and_an_added_article_say_so() {
    let (_site, out) = built();
    let page = out.page("/terms/articles/storage/");
    assert_eq!(statuses(&page), ["renumbered", "first"]);
    assert!(text(one(&page, ".article-version-place")).contains("Renumbered from Article 3 to Article 4"));
    let page = out.page("/terms/articles/refunds/");
    assert_eq!(statuses(&page), ["added"]);
    let v = text(one(&page, ".article-version"));
    assert!(v.contains("Added") && v.contains("we added a refund policy"), "{v}");
    assert!(!all(&page, ".article-version ins").is_empty());
    let page = out.page("/terms/articles/contact/");
    assert_eq!(statuses(&page), ["changed", "renumbered", "renumbered", "first"]);
    let places: Vec<String> = all(&page, ".article-version-place").into_iter().map(text).collect();
    assert_eq!(
        places,
        [
            "Renumbered from Article 6 to Article 5",
            "Renumbered from Article 5 to Article 6"
        ]
    );
}

#[test]
fn a_removed_article_keeps_its_page_ending_with_its_removal() {
    let (_site, out) = built();
    let page = out.page("/terms/articles/closing/");
    let notice = text(one(&page, ".notice-removed"));
    assert!(
        notice.contains("removed in the revision of 1 September 2022"),
        "{notice}"
    );
    assert_eq!(statuses(&page), ["removed", "renumbered", "first"]);
    assert_eq!(
        version_headings(&page)[0],
        "Removed in the revision of 1 September 2022"
    );
    // Its text, struck out; no link into a current text that lacks it.
    assert!(!all(&page, ".status-removed del").is_empty());
    assert!(all(&page, ".status-removed .article-version-links a[href$='#closing']").is_empty());
    assert!(all(&page, "h1 + p a").is_empty(), "no link to the current text");
}

#[test]
fn the_current_text_links_each_heading_to_its_history() {
    let (_site, out) = built();
    let page = out.page("/terms/");
    let headings = all(&page, ".document-body h2");
    assert_eq!(headings.len(), 5);
    let lines = all(&page, ".document-body h2 + p.article-history");
    assert_eq!(lines.len(), 5, "one line under each heading");
    // The headings keep their ids and anchors.
    for h in &headings {
        let id = h.attr("id").unwrap();
        assert_eq!(within(*h, "a.anchor")[0].attr("href"), Some(format!("#{id}").as_str()));
    }
    let fees = text(lines[2]);
    assert_eq!(fees, "Last changed 1 September 2022 · history of Article 3 “Fees”");
    assert_eq!(
        within(lines[2], "a")[0].attr("href"),
        Some("https://mini.example/terms/articles/fees/")
    );
    assert_eq!(
        text(lines[0]),
        "Unchanged since 10 January 2021 · history of Article 1 “Scope”"
    );
    // A new number is no change of its words.
    assert_eq!(
        text(lines[3]),
        "Unchanged since 10 January 2021 · history of Article 4 “Storage”"
    );
    // The contents list repeats no history line.
    assert!(all(&page, ".toc .article-history").is_empty());
}

#[test]
fn the_sitemap_lists_every_history_page() {
    let (_site, out) = built();
    let sitemap = out.text("/sitemap.xml");
    for id in ["scope", "refunds", "fees", "storage", "closing", "contact"] {
        let url = format!("<loc>https://mini.example/terms/articles/{id}/</loc>");
        assert!(sitemap.contains(&url), "{url}");
    }
    let links = out.broken_links();
    assert!(links.0.is_empty(), "{:?}", links.0);
}

#[test]
fn log_article_prints_the_timeline() {
    let site = history_site();
    let run = Run::of(
        site.command("log")
            .args(["terms", "--article", "fees", "--date", "2024-01-01"]),
    );
    run.assert_success();
    insta::assert_snapshot!("log_article_fees", run.stdout);
    let run = Run::of(
        site.command("log")
            .args(["terms", "--article", "closing", "--date", "2024-01-01"]),
    );
    run.assert_success();
    insta::assert_snapshot!("log_article_closing", run.stdout);
}

#[test]
fn log_article_json_has_the_same_versions() {
    let site = history_site();
    let run =
        Run::of(
            site.command("log")
                .args(["terms", "--article", "fees", "--format", "json", "--date", "2024-01-01"]),
        );
    run.assert_success();
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v["schema"], 1);
    assert_eq!(v["document"], "terms");
    let statuses: Vec<&str> = v["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["changed", "renumbered", "changed", "first"]);
    assert_eq!(
        v["versions"][0]["notes"][0],
        "we shortened the notice before a fee changes"
    );
    assert_eq!(v["versions"][0]["current"], true);
    assert_eq!(v["versions"][0]["until"], "2023-03-01");
    assert_eq!(v["versions"][1]["previous_label"], "Article 2");
    assert!(v["versions"][3]["diff"].is_null());
}

#[test]
fn log_with_an_unknown_article_names_the_document_and_close_ids() {
    let site = history_site();
    let run = Run::of(site.command("log").args(["terms", "--article", "fee"]));
    run.assert_failure();
    assert!(run.stderr.contains("terms has no article `fee`"), "{}", run.stderr);
    assert!(run.stderr.contains("did you mean fees"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    let run = Run::of(site.command("log").args(["terms", "--article", "zzzzzz"]));
    run.assert_failure();
    assert!(
        run.stderr.contains("its articles are: scope, refunds, fees"),
        "{}",
        run.stderr
    );
}

const DATA_BOTH: &str = "## Data {#data}\n\nWe keep the drafts you write and the comments you leave.\n\n\
We pass your email address to the mail service that sends our newsletters, and to nobody else.\n\n";
const DATA_ONE: &str = "## Data {#data}\n\nWe keep the drafts you write and the comments you leave.\n\n";
const SHARING: &str = "## Sharing {#sharing}\n\n\
We pass your email address to the mail service that sends our newsletters, and to nobody else.\n\n";
const REACH1: &str = "## Contact {#contact}\n\nWrite to the harbour office, room four, any weekday.\n";
const REACH2: &str = "## Reaching us {#reaching-us}\n\nWrite to the harbour office, room four, any weekday.\n";

/// `data` split in two (`sharing` takes its second paragraph), `closing`
/// removed and then added again, and `contact` renamed `reaching-us`.
fn reshaped_site() -> Site {
    let site = Site::empty();
    site.write("site.toml", &format!("title = \"Mini\"\nbase_url = \"{MINI_BASE}\"\n"));
    let v1 = [HEAD, DATA_BOTH, CLOSING, REACH1].concat();
    let v2 = [HEAD, DATA_ONE, SHARING, REACH1].concat();
    let v3 = [HEAD, DATA_ONE, SHARING, CLOSING, REACH2].concat();
    site.publish("terms", &Publish::new("2021-01-10", "First terms", &v1));
    site.publish(
        "terms",
        &Publish::new("2021-05-01", "Sharing apart", &v2).change("sharing", None, "we gave sharing its own article"),
    );
    site.publish(
        "terms",
        &Publish::new("2022-02-01", "Closing is back", &v3).change("closing", None, "we brought closing back"),
    );
    site.build_ok(&[]);
    site
}

#[test]
fn a_split_a_rename_and_an_article_added_again_keep_their_histories() {
    let site = reshaped_site();
    let out = site.public();
    // The split: the new article says where its text came from, and the old one where it went.
    let sharing = out.page("/terms/articles/sharing/");
    assert_eq!(statuses(&sharing), ["added"]);
    let from = one(&sharing, ".article-version-moves");
    assert!(text(from).contains("came from Article 1 “Data”"), "{}", text(from));
    assert_eq!(
        within(from, "a")[0].attr("href"),
        Some("https://mini.example/terms/articles/data/")
    );
    let data = out.page("/terms/articles/data/");
    assert!(text(one(&data, ".status-changed .article-version-moves")).contains("moved to Article 2 “Sharing”"));
    // Removed, then added again under its id: one history.
    let closing = out.page("/terms/articles/closing/");
    assert_eq!(statuses(&closing), ["added", "removed", "first"]);
    assert!(all(&closing, ".notice-removed").is_empty());
    // Renamed: the history goes on under the new id; the old id has no page.
    let reaching = out.page("/terms/articles/reaching-us/");
    assert_eq!(statuses(&reaching), ["changed", "first"]);
    assert!(text(one(&reaching, ".diff-title-change")).contains("Reaching us"));
    assert!(!out.exists("/terms/articles/contact/"));
}
