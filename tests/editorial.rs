//! Editorial revisions (`editorial = true`: typing or formatting, no change
//! in meaning) and the notes charter proposes (`proposed = true` until a
//! person accepts them with `charter review`), from the record to the
//! pages, feeds, versions.json and the commands that write records.

mod common;

use std::path::Path;

use common::*;
use feed_rs::model::Feed;
use git2::{Repository, Signature, Time};
use serde_json::Value;

/// The minimal site's text once more, with one sentence broken over two
/// lines: the same words, a different Markdown source.
fn mini_v4_reflowed() -> String {
    MINI_V3.replace("Longer now, with an explanation.", "Longer now,\nwith an explanation.")
}

/// The minimal site with a fourth revision, 2021-03-01, whose record says
/// `editorial = <value>`.
fn with_fourth_revision(body: &str, value: &str) -> Site {
    let site = Site::minimal();
    site.publish("doc", &Publish::new("2021-03-01", "Line breaks tidied", body));
    site.edit_unpublished("history/doc/2021-03-01.md", |t| {
        t.replacen("summary = ", &format!("editorial = {value}\nsummary = "), 1)
    });
    site
}

fn parse_feed(out: &Output, site_path: &str) -> Feed {
    feed_rs::parser::parse(out.text(site_path).as_bytes()).unwrap_or_else(|e| panic!("{site_path}: {e}"))
}

/// The links of every entry of the site's and the document's feeds.
fn feed_links(out: &Output) -> Vec<Vec<String>> {
    ["/atom.xml", "/doc/atom.xml", "/feed.json"]
        .iter()
        .map(|f| {
            parse_feed(out, f)
                .entries
                .iter()
                .flat_map(|e| e.links.iter().map(|l| l.href.clone()))
                .collect()
        })
        .collect()
}

fn versions(out: &Output) -> Value {
    serde_json::from_str(&out.text("/doc/versions.json")).unwrap()
}

fn charter(site: &Site, command: &str, args: &[&str]) -> Run {
    let mut cmd = site.command(command);
    cmd.args(args);
    Run::of(&mut cmd)
}

#[test]
fn an_editorial_revision_is_listed_as_a_correction_but_not_announced() {
    let site = with_fourth_revision(&mini_v4_reflowed(), "true");
    let check = site.check();
    check.assert_success();
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    site.build_ok(&[]);
    let out = site.public();

    let page = out.page("/doc/revisions/");
    let badge = one(&page, "#revision-2021-03-01 .badge-editorial");
    assert_eq!(text(badge), "Editorial correction");
    let changes = out.page("/doc/revisions/2021-03-01/changes/");
    assert!(text(one(&changes, ".revision-editorial")).contains("typing or formatting"));
    assert!(all(&page, "#revision-2021-01-01 .badge-editorial").is_empty());

    for links in feed_links(&out) {
        assert!(!links.is_empty());
        assert!(
            !links.iter().any(|l| l.contains("2021-03-01")),
            "an editorial revision is not in the feeds: {links:?}"
        );
        assert!(links.iter().any(|l| l.contains("2021-01-01")), "{links:?}");
    }
    let announcements = out.page("/announcements/");
    let hrefs: Vec<String> = all(&announcements, "main a")
        .iter()
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(hrefs.iter().any(|h| h.contains("2021-01-01")), "{hrefs:?}");
    assert!(!hrefs.iter().any(|h| h.contains("2021-03-01")), "{hrefs:?}");

    let log = charter(&site, "log", &["doc", "--format", "json"]);
    log.assert_success();
    let log: Value = serde_json::from_str(&log.stdout).unwrap();
    assert_eq!(log[0]["editorial"], Value::Bool(true), "newest first");
    assert!(log[1].get("editorial").is_none());

    let changes = out.page("/doc/revisions/2021-03-01/changes/");
    assert!(text(one(&changes, ".revision-editorial")).contains("editorial correction"));
    assert!(all(&out.page("/doc/revisions/2021-01-01/changes/"), ".revision-editorial").is_empty());

    let v = versions(&out);
    let revisions = v["revisions"].as_array().unwrap();
    assert_eq!(revisions[3]["id"], "2021-03-01");
    assert_eq!(revisions[3]["editorial"], Value::Bool(true));
    assert!(revisions[2].get("editorial").is_none(), "only said when true");
}

#[test]
fn site_toml_can_announce_editorial_revisions_too() {
    let site = with_fourth_revision(&mini_v4_reflowed(), "true");
    site.edit("site.toml", |t| format!("{t}\n[announcements]\neditorial = true\n"));
    site.build_ok(&[]);
    let out = site.public();
    for links in feed_links(&out) {
        assert!(links.iter().any(|l| l.contains("2021-03-01")), "{links:?}");
    }
    let announcements = out.page("/announcements/");
    assert!(main_text(&announcements).contains("Line breaks tidied"));
}

#[test]
fn check_warns_when_a_revision_marked_editorial_changes_words() {
    let site = with_fourth_revision(
        &MINI_V3.replace(
            "Longer now, with an explanation.",
            "Longer now, with a better explanation.",
        ),
        "true",
    );
    let run = site.check();
    run.assert_success();
    let line = line_no(&site.read("history/doc/2021-03-01.md"), "editorial");
    let prefix = format!("{}:{line}: warning: ", site.shown("history/doc/2021-03-01.md"));
    let warning = run
        .diagnostic(&prefix)
        .unwrap_or_else(|| panic!("{prefix} in:\n{}", run.stderr));
    assert!(warning.contains("changes words"), "{warning}");
    assert!(warning.contains("Remove `editorial = true`"), "{warning}");
}

#[test]
fn editorial_must_be_true_or_false() {
    let site = with_fourth_revision(&mini_v4_reflowed(), "\"yes\"");
    let line = line_no(&site.read("history/doc/2021-03-01.md"), "editorial");
    for run in [site.check(), site.build(&[])] {
        run.assert_failure();
        let prefix = format!("{}:{line}: ", site.shown("history/doc/2021-03-01.md"));
        let error = run
            .diagnostic(&prefix)
            .unwrap_or_else(|| panic!("{prefix} in:\n{}", run.stderr));
        assert!(error.contains("write `true` or `false`"), "{error}");
    }
}

#[test]
fn revise_says_when_nothing_visible_changed_and_proposes_editorial() {
    let site = Site::minimal();
    site.write(
        "content/doc.md",
        &MINI_V3.replace("Longer now, with an explanation.", "Longer now,  with an explanation."),
    );
    let run = charter(&site, "revise", &["doc", "-s", "Spacing", "--date", "2026-11-29"]);
    run.assert_success();
    assert!(run.stderr.contains("nothing a reader sees changed"), "{}", run.stderr);
    assert!(
        run.stderr.contains("--no-editorial"),
        "says how to undo it: {}",
        run.stderr
    );
    let text = site.read("history/doc/2026-11-29.md");
    assert!(text.contains("\neditorial = true\n"), "{text}");
    assert!(
        !text.contains("[[changes]]"),
        "an editorial revision lists no changes: {text}"
    );
    let check = site.check();
    check.assert_success();
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    site.build_ok(&[]);
    assert_eq!(versions(&site.public())["revisions"][3]["editorial"], Value::Bool(true));
}

#[test]
fn revise_takes_editorial_and_not_editorial_from_the_command_line() {
    let site = Site::minimal();
    site.write("content/doc.md", &mini_v4_reflowed());
    let run = charter(
        &site,
        "revise",
        &["doc", "-s", "Line breaks", "--date", "2026-11-29", "--no-editorial"],
    );
    run.assert_success();
    assert!(!site.read("history/doc/2026-11-29.md").contains("editorial"));

    let site = Site::minimal();
    site.write("content/doc.md", &MINI_V3.replace("New.", "New and more."));
    let run = charter(
        &site,
        "revise",
        &["doc", "-s", "More", "--date", "2026-11-29", "--editorial"],
    );
    run.assert_success();
    assert!(run.stderr.contains("changes words"), "{}", run.stderr);
    assert!(site.read("history/doc/2026-11-29.md").contains("\neditorial = true\n"));
}

/// The minimal site with its second article edited in content/.
fn edited_minimal() -> Site {
    let site = Site::minimal();
    site.write(
        "content/doc.md",
        &MINI_V3.replace(
            "Longer now, with an explanation.",
            "Longer now, with a fuller explanation.",
        ),
    );
    site
}

#[test]
fn proposed_notes_are_marked_fit_the_sentence_and_are_accepted_by_review() {
    let site = edited_minimal();
    let revise = charter(
        &site,
        "revise",
        &["doc", "-s", "Explained more", "--date", "2026-11-29"],
    );
    revise.assert_success();
    let rel = "history/doc/2026-11-29.md";
    let before = site.read(rel);
    assert!(
        before.contains("note = \"we changed this article\"\nproposed = true\n"),
        "{before}"
    );

    let check = site.check();
    check.assert_success();
    let line = line_no(&before, "proposed");
    let prefix = format!("{}:{line}: warning: ", site.shown(rel));
    let warning = check
        .diagnostic(&prefix)
        .unwrap_or_else(|| panic!("{prefix} in:\n{}", check.stderr));
    assert!(warning.contains("charter review doc 2026-11-29"), "{warning}");

    // CI refuses them, and leaves no output behind.
    let strict = site.build(&["--strict"]);
    strict.assert_failure();
    assert!(strict.stderr.contains("--strict"), "{}", strict.stderr);
    assert!(!site.path("public").exists());

    // The site reads well even before they are accepted.
    site.build_ok(&[]);
    let page = site.public().page("/doc/revisions/2026-11-29/changes/");
    let t = text(one(&page, ".revision-info"));
    assert!(t.contains("In Article 2 “Second”, we changed this article"), "{t}");

    let review = charter(&site, "review", &["doc", "2026-11-29"]);
    review.assert_success();
    let after = site.read(rel);
    assert_eq!(after, before.replace("proposed = true\n", ""), "only the markers go");
    let check = site.check();
    check.assert_success();
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    site.build_ok(&["--strict"]);
}

#[test]
fn revise_does_not_commit_notes_no_one_has_read() {
    let site = edited_minimal();
    let run = charter(
        &site,
        "revise",
        &["doc", "-s", "Explained more", "--date", "2026-11-29", "--commit"],
    );
    run.assert_failure();
    assert!(run.stderr.contains("--change"), "{}", run.stderr);
    assert!(!site.path("history/doc/2026-11-29.md").exists());
}

fn commit_all(root: &Path) {
    let repo = Repository::init(root).unwrap();
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new("Legal Team", "legal@mini.example", &Time::new(1_641_000_000, 0)).unwrap();
    repo.commit(Some("HEAD"), &sig, &sig, "Publish", &tree, &[]).unwrap();
}

#[test]
fn review_never_rewrites_a_published_revision() {
    let site = edited_minimal();
    charter(
        &site,
        "revise",
        &["doc", "-s", "Explained more", "--date", "2026-11-29"],
    )
    .assert_success();
    commit_all(site.root());
    let rel = "history/doc/2026-11-29.md";
    let before = site.read(rel);
    let review = charter(&site, "review", &["doc"]);
    review.assert_failure();
    assert!(review.stderr.contains("published by commit"), "{}", review.stderr);
    assert_eq!(site.read(rel), before);
}

#[test]
fn announce_of_a_first_revision_says_it_is_the_first_publication() {
    let site = Site::minimal();
    let first = charter(&site, "announce", &["doc", "2020-01-01", "--format", "text"]);
    first.assert_success();
    assert!(
        first.stdout.contains("Doc: first published on 2020-01-01"),
        "{}",
        first.stdout
    );
    assert!(
        first.stdout.contains("The Doc is effective from 2020-01-01."),
        "{}",
        first.stdout
    );
    assert!(!first.stdout.contains("What changed"), "{}", first.stdout);
    assert!(!first.stdout.contains("/changes/"), "{}", first.stdout);
    let markdown = charter(&site, "announce", &["doc", "2020-01-01", "--format", "markdown"]);
    assert!(!markdown.stdout.contains("/changes/"), "{}", markdown.stdout);

    let later = charter(&site, "announce", &["doc", "2020-06-01", "--format", "text"]);
    assert!(later.stdout.contains("Doc: revised on 2020-06-01"), "{}", later.stdout);
    assert!(later.stdout.contains("What changed: "), "{}", later.stdout);
}
