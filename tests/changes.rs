//! The diff pages (what a revision changed, what changed since), `charter
//! diff`, and `check` holding each revision's list of changes against its diff.

mod common;

use common::*;
use scraper::Html;
use serde_json::Value;

fn built_example() -> (Site, Output) {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    (site, out)
}

#[test]
fn every_revision_has_a_changes_page_in_both_views() {
    let (site, out) = built_example();
    for doc in ["privacy", "terms"] {
        for entry in std::fs::read_dir(site.path(&format!("history/{doc}"))).unwrap() {
            let id = entry
                .unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let inline = format!("/{doc}/revisions/{id}/changes/");
            let side = format!("{inline}side-by-side/");
            assert!(out.exists(&inline) && out.exists(&side), "{inline}");
            let page = out.page(&inline);
            let link = one(&page, ".compare")
                .select(&sel("a"))
                .any(|a| a.attr("href") == Some(&out.url(&side)));
            let first = all(&page, ".diff-first").len() == 1;
            assert!(link || first, "{inline} links to its side-by-side view");
        }
    }
}

#[test]
fn the_first_revision_says_it_is_the_first() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2017-06-01/changes/");
    assert!(text(one(&page, ".diff-first")).contains("first published revision"));
    assert!(all(&page, "ins, del").is_empty());
}

#[test]
fn recaptcha_revision_shows_one_changed_article_with_the_inserted_paragraph() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2019-04-18/changes/");
    let overview: Vec<String> = all(&page, ".diff-overview li").into_iter().map(text).collect();
    assert_eq!(overview, vec!["Article 10 “Cookie policy” — changed"]);
    let article = one(&page, "section.diff-article#diff-cookie-policy");
    // One inserted paragraph, its links shown as links (cut where they start
    // and end, and named as inserted once).
    let paragraphs = within(article, "p.diff-inserted");
    assert_eq!(paragraphs.len(), 1);
    let inserted: Vec<String> = within(paragraphs[0], "ins").into_iter().map(text).collect();
    assert_eq!(inserted.len(), within(article, "ins").len());
    assert!(
        inserted[0].starts_with("inserted: We also use reCAPTCHA"),
        "{}",
        inserted[0]
    );
    assert_eq!(
        inserted.iter().filter(|t| t.starts_with("inserted:")).count(),
        1,
        "{inserted:?}"
    );
    let links: Vec<(String, String)> = within(paragraphs[0], "a")
        .into_iter()
        .map(|a| (text(a), a.attr("href").unwrap_or_default().to_string()))
        .collect();
    assert_eq!(
        links,
        [
            (
                "privacy policy".into(),
                "https://captcha-provider.example/privacy".into()
            ),
            (
                "terms of service".into(),
                "https://captcha-provider.example/terms".into()
            )
        ]
    );
    assert!(!text(paragraphs[0]).contains("(https://"), "{}", text(paragraphs[0]));
    assert!(within(article, "del").is_empty());
    // Every other article is one line.
    let unchanged = all(&page, ".diff-unchanged");
    assert_eq!(unchanged.len(), 12);
    assert!(text(unchanged[0]).ends_with("— unchanged"));
    // The overview links to the article's place below.
    let href = one(&page, ".diff-overview a").attr("href").unwrap().to_string();
    assert_eq!(href, "#diff-cookie-policy");
}

#[test]
fn inserted_article_renumbers_the_ones_after_it() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2021-03-01/changes/");
    let overview: Vec<String> = all(&page, ".diff-overview li").into_iter().map(text).collect();
    assert!(
        overview.contains(&"Article 7 “Outsourcing” — added".to_string()),
        "{overview:?}"
    );
    assert!(overview.contains(&"Article 6 “Managing personal information” — changed".to_string()));
    assert!(
        overview.contains(&"Article 10 → Article 11 “Cookie policy” — renumbered".to_string()),
        "{overview:?}"
    );
    // Edits inside a changed article are word by word: some words deleted, some inserted.
    let managing = one(&page, "#diff-managing-information");
    assert!(!within(managing, "del").is_empty() && !within(managing, "ins").is_empty());
    for del in within(managing, "del") {
        assert!(
            text(del).starts_with("deleted: "),
            "deletions are named for screen readers"
        );
    }
}

#[test]
fn to_current_compares_an_old_revision_with_the_current_one() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2018-05-25/to-current/");
    let overview: Vec<String> = all(&page, ".diff-overview li").into_iter().map(text).collect();
    // Everything since 2018-05-25: the cookie article (reCAPTCHA) and the 2021 changes.
    assert!(
        overview.iter().any(|o| o.contains("“Cookie policy” — changed")),
        "{overview:?}"
    );
    assert!(
        overview.iter().any(|o| o.contains("“Outsourcing” — added")),
        "{overview:?}"
    );
    let compare = text(one(&page, ".comparing"));
    assert!(compare.contains("Comparing 25 May 2018 with 1 March 2021"), "{compare}");
    // The current revision has nothing to compare with itself.
    assert!(!out.exists("/privacy/revisions/2021-03-01/to-current/"));
}

#[test]
fn side_by_side_is_a_table_of_old_and_new() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2019-04-18/changes/side-by-side/");
    let table = one(&page, "table.diff-side-by-side");
    assert!(!within(table, "caption").is_empty());
    let heads: Vec<String> = within(table, "thead th").into_iter().map(text).collect();
    assert_eq!(heads, vec!["25 May 2018", "18 April 2019"]);
    let cells = within(table, "tbody tr.diff-inserted td");
    assert_eq!(cells.len(), 2);
    assert_eq!(text(cells[0]), "");
    assert!(text(cells[1]).contains("reCAPTCHA"));
    // The paragraph before it stays, once, across both columns.
    let context = within(table, "tbody tr.diff-context td");
    assert!(text(context[0]).starts_with("You can also block analytics cookies"));
    assert_eq!(context[0].attr("colspan"), Some("2"));
    let back = all(&page, ".compare a")
        .into_iter()
        .any(|a| a.attr("href") == Some(&out.url("/privacy/revisions/2019-04-18/changes/")));
    assert!(back, "links back to the inline view");
}

#[test]
fn revision_pages_link_to_their_diffs() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2018-05-25/");
    let hrefs: Vec<String> = all(&page, "a")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert!(hrefs.contains(&out.url("/privacy/revisions/2018-05-25/changes/")));
    assert!(hrefs.contains(&out.url("/privacy/revisions/2018-05-25/to-current/")));
    let list = out.page("/privacy/revisions/");
    let hrefs: Vec<String> = all(&list, "a")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    assert!(hrefs.contains(&out.url("/privacy/revisions/2019-04-18/changes/")));
}

// ---------------------------------------------------------------------------
// charter diff

fn diff(site: &Site, args: &[&str]) -> Run {
    let mut cmd = site.command("diff");
    cmd.args(args).env_remove("NO_COLOR");
    Run::of(&mut cmd)
}

#[test]
fn diff_exits_like_diff() {
    let site = Site::example();
    let same = diff(&site, &["privacy"]);
    assert_eq!(same.code, Some(0), "{}", same.stderr);
    let changed = diff(&site, &["privacy", "2018-05-25", "2019-04-18"]);
    assert_eq!(changed.code, Some(1), "{}", changed.stderr);
    let trouble = diff(&site, &["privacy", "1999-01-01"]);
    assert_eq!(trouble.code, Some(2));
    assert!(trouble.stderr.contains("2019-04-18"), "{}", trouble.stderr);
    let unknown = diff(&site, &["nope"]);
    assert_eq!(unknown.code, Some(2));
}

#[test]
fn diff_and_log_read_only_their_document() {
    let site = Site::example();
    // Another document that does not even parse, and a history of the
    // terms whose chain is broken: problems of other documents.
    site.write("content/broken.md", "+++\ntitle = \n+++\n");
    site.edit("history/terms/2020-09-01.md", |t| {
        t.replacen("previous = \"", "previous = \"0", 1)
    });
    assert!(!site.check().stderr.is_empty());
    site.check().assert_failure();
    let changed = diff(&site, &["privacy", "2018-05-25", "2019-04-18"]);
    assert_eq!(changed.code, Some(1), "{}", changed.stderr);
    assert!(changed.stdout.contains("Cookie policy"), "{}", changed.stdout);
    let log = Run::of(site.command("log").arg("privacy"));
    log.assert_success();
    assert!(log.stdout.contains("2019-04-18"), "{}", log.stdout);
    // The document itself is still checked, and an unknown one still named.
    let terms = diff(&site, &["terms", "2018-01-10", "2020-09-01"]);
    assert_eq!(terms.code, Some(2), "{}", terms.stderr);
    assert!(terms.stderr.contains("history/terms/2020-09-01.md"), "{}", terms.stderr);
    let unknown = diff(&site, &["nope"]);
    assert!(unknown.stderr.contains("broken, privacy, terms"), "{}", unknown.stderr);
}

#[test]
fn diff_of_the_working_copy_shows_what_the_next_revision_would_change() {
    let site = Site::example();
    site.edit("content/privacy.md", |t| {
        t.replacen("We use cookies", "We use a few cookies", 1)
    });
    let run = diff(&site, &["privacy"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // Not a terminal: plain markers, no colour codes.
    assert!(run.stdout.contains("We use {+a few"), "{}", run.stdout);
    assert!(
        run.stdout.starts_with("Article 11 'Cookie policy': changed"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{1b}'));
    let colour = diff(&site, &["privacy", "--color", "always"]);
    assert!(colour.stdout.contains('\u{1b}'), "{}", colour.stdout);
}

#[test]
fn diff_formats() {
    let site = Site::example();
    let args = ["privacy", "2019-04-18", "2021-03-01"];
    let json_run = diff(&site, &[&args[..], &["--format", "json"]].concat());
    let v: Value = serde_json::from_str(&json_run.stdout).expect("json");
    assert!(
        json_run.stdout.starts_with("{\n  \"schema\": 1,"),
        "{}",
        json_run.stdout
    );
    assert_eq!(v["stats"]["added"], 1);
    assert_eq!(v["stats"]["renumbered"], 7);
    let added = v["articles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["status"] == "added")
        .unwrap();
    assert_eq!(added["new"]["id"], "outsourcing");
    assert_eq!(added["new"]["label"], "Article 7");

    let md = diff(&site, &[&args[..], &["--format", "markdown"]].concat());
    assert!(md.stdout.contains("Outsourcing"), "{}", md.stdout);

    let html = diff(&site, &[&args[..], &["--format", "html"]].concat());
    let fragment = Html::parse_fragment(&html.stdout);
    assert!(!all(&fragment, "section.diff-article").is_empty());

    let stat = diff(&site, &[&args[..], &["--stat"]].concat());
    let lines: Vec<&str> = stat.stdout.lines().collect();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("Article 7 'Outsourcing'") && l.contains("added")),
        "{lines:?}"
    );
    assert!(lines.last().unwrap().contains("1 added"), "{lines:?}");
}

// ---------------------------------------------------------------------------
// check: changes against the real diff

#[test]
fn a_change_naming_an_untouched_article_is_an_error() {
    let site = Site::minimal();
    site.publish(
        "doc",
        &Publish::new("2021-06-01", "Edited the third", &MINI_V3.replace("New.", "Newer.")).change(
            "first",
            None,
            "we changed nothing here",
        ),
    );
    let run = site.check();
    run.assert_failure();
    let rel = "history/doc/2021-06-01.md";
    let line = line_no(&site.read(rel), "article = \"first\"");
    let d = run
        .diagnostic(&format!("{}:{line}: ", site.shown(rel)))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(d.contains("same as in the previous revision"), "{d}");
    // And the build refuses it too.
    site.build(&[]).assert_failure();
}

#[test]
fn a_changed_article_nobody_mentions_is_a_warning() {
    let site = Site::minimal();
    site.publish(
        "doc",
        &Publish::new("2021-06-01", "Edited two articles", &MINI_V3.replace("New.", "Newer.")).change(
            "third",
            None,
            "we edited it",
        ),
    );
    let run = site.check();
    run.assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);

    let site = Site::minimal();
    site.publish(
        "doc",
        &Publish::new(
            "2021-06-01",
            "Edited two articles",
            &MINI_V3.replace("New.", "Newer.").replace("Longer now", "Longer still"),
        )
        .change("third", None, "we edited it"),
    );
    let run = site.check();
    run.assert_success();
    assert!(
        run.stderr.contains("warning") && run.stderr.contains("“Second” is changed"),
        "{}",
        run.stderr
    );
}

#[test]
fn the_first_revision_leads_on_to_its_text_and_the_next_changes() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2017-06-01/changes/");
    let compare = text(one(&page, "nav.compare"));
    assert!(!compare.trim_start().starts_with('·'), "no stray separator: {compare}");
    assert!(all(&page, ".comparing").is_empty(), "nothing is compared");
    let onward: Vec<_> = all(&page, ".diff-first-links a")
        .iter()
        .map(|a| (text(*a), a.attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(
        onward,
        [
            (
                "Read its full text".to_string(),
                format!("{EXAMPLE_BASE}/privacy/revisions/2017-06-01/")
            ),
            (
                "What the next revision (25 May 2018) changed".to_string(),
                format!("{EXAMPLE_BASE}/privacy/revisions/2018-05-25/changes/")
            ),
        ]
    );
    // The latest revision's changes page has no next one to link to.
    let latest = out.page("/privacy/revisions/2021-03-01/changes/");
    assert!(all(&latest, ".diff-first-links").is_empty());
}

#[test]
fn a_changes_page_explains_its_marks_in_words() {
    let (_site, out) = built_example();
    for path in [
        "/privacy/revisions/2021-03-01/changes/",
        "/privacy/revisions/2021-03-01/changes/side-by-side/",
    ] {
        let page = out.page(path);
        let key = one(&page, ".diff-key");
        let said = text(key);
        assert!(said.contains("Inserted text is underlined: new words."), "{said}");
        assert!(said.contains("Deleted text is struck through: old words."), "{said}");
        assert_eq!(within(key, "ins").len(), 1);
        assert_eq!(within(key, "del").len(), 1);
        // The page's own element is not the list of main changes.
        assert!(all(&page, "article.changes").is_empty(), "{path}");
    }
}

/// A document of fifteen articles, each with a few sentences of its own.
fn fifteen_articles(edited: bool) -> String {
    let mut s = String::from("+++\ntitle = \"Long\"\n+++\nIntro.\n");
    for n in 1..=15 {
        let word = if edited && n == 8 { "eight" } else { "several" };
        s += &format!(
            "\n## Part {n} {{#part-{n}}}\n\nPart {n} keeps rule {n}a for {word} years.\n\n\
             Part {n} also states rule {n}b in detail.\n"
        );
    }
    s
}

#[test]
fn a_one_word_edit_shows_the_change_and_one_line_per_unchanged_article() {
    let site = Site::empty();
    site.write("site.toml", &format!("title = \"Mini\"\nbase_url = \"{MINI_BASE}\"\n"));
    site.publish(
        "long",
        &Publish::new("2020-01-01", "First version", &fifteen_articles(false)),
    );
    let edited = fifteen_articles(true);
    let second = Publish::new("2021-01-01", "One word", &edited).change("part-8", None, "we shortened it");
    site.publish("long", &second);
    site.build_ok(&[]);
    let out = site.public();
    let text_url = out.url("/long/revisions/2021-01-01/");
    for view in ["", "side-by-side/"] {
        let page_path = format!("/long/revisions/2021-01-01/changes/{view}");
        let page = out.page(&page_path);
        let diff = one(&page, ".diff");
        // The one change is there, with its words.
        let inserted: Vec<String> = within(diff, "ins").into_iter().map(text).collect();
        assert_eq!(inserted, ["inserted: eight"], "{page_path}");
        // The fourteen others are one line each, linking to the article in
        // the archived text, and none of their text is on the page.
        let lines = within(diff, ".diff-unchanged");
        assert_eq!(lines.len(), 14, "{page_path}");
        for (line, n) in lines.iter().zip((1..=15).filter(|&n| n != 8)) {
            let links = within(*line, "a");
            assert_eq!(links.len(), 1, "{page_path}");
            let href = links[0].attr("href").unwrap();
            assert_eq!(href, format!("{text_url}#part-{n}"), "{page_path}");
            assert_eq!(
                text(*line),
                format!("Article {n} “Part {n}” — unchanged"),
                "{page_path}"
            );
            let words = text(diff);
            assert!(
                !words.contains(&format!("rule {n}a")),
                "{page_path} holds article {n}'s text"
            );
            assert!(
                !words.contains(&format!("rule {n}b")),
                "{page_path} holds article {n}'s text"
            );
        }
    }
    // The archived text has the anchors the lines link to.
    let archived = out.page("/long/revisions/2021-01-01/");
    assert_eq!(all(&archived, "#part-3").len(), 1);
}
