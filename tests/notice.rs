//! The notice a site promises before a revision takes effect (`notice_days`
//! in site.toml), and what a revision asks of the users who accepted an
//! earlier one (`consent` in its record): from the record to `check`,
//! `revise`, the pages, versions.json, the feeds and announcements.

mod common;

use common::*;
use serde_json::Value;

const SITE_TOML: &str = "title = \"Mini\"\nbase_url = \"https://mini.example\"\n";

fn charter(site: &Site, command: &str, args: &[&str]) -> Run {
    let mut cmd = site.command(command);
    cmd.args(args);
    Run::of(&mut cmd)
}

/// The minimal site (its third revision, 2021-01-01, takes effect 31 days
/// later, on 2021-02-01) with `settings` added to site.toml. Its second
/// revision took effect the day it was published: `notice_since` keeps it
/// out of the rule, as a site that promised notice from 2021 on would.
fn with_notice(settings: &str) -> Site {
    let site = Site::minimal();
    site.write(
        "site.toml",
        &format!("{SITE_TOML}{settings}notice_since = 2020-12-01\n"),
    );
    site
}

/// The one warning (or error) about `rev` of the minimal site, from its first line on.
fn about(run: &Run, site: &Site, rev: &str) -> Option<String> {
    run.diagnostic(&site.shown(&format!("history/doc/{rev}.md")))
}

#[test]
fn a_revision_with_too_short_notice_is_a_warning_and_fails_strict() {
    let site = with_notice("notice_days = 32\n");
    let file = "history/doc/2021-01-01.md";
    let line = line_no(&site.read(file), "effective = ");
    let run = site.check();
    run.assert_success();
    let warning = about(&run, &site, "2021-01-01").expect("a warning about the revision");
    assert!(
        warning.starts_with(&format!("{}:{line}: warning: ", site.shown(file))),
        "{warning}"
    );
    for part in [
        "takes effect on 2021-02-01",
        "31 days after its publication on 2021-01-01",
        "32 days of notice",
        "`notice_days = 32`",
        "move `effective` to 2021-02-02 or later",
        "editorial = true",
        "set `notice_since` in site.toml",
    ] {
        assert!(warning.contains(part), "{part:?} missing from:\n{warning}");
    }
    // The earlier revisions are left out by `notice_since`, the first by being first.
    assert!(about(&run, &site, "2020-06-01").is_none(), "{}", run.stderr);

    let strict = charter(&site, "check", &["--strict"]);
    strict.assert_failure();
    assert!(strict.stderr.contains("--strict: 1 warning found"), "{}", strict.stderr);
    assert!(about(&strict, &site, "2021-01-01").is_some(), "{}", strict.stderr);
    site.build(&["--strict"]).assert_failure();
    assert!(
        !site.path("public").exists(),
        "a strict build that fails writes nothing"
    );
}

#[test]
fn notice_of_exactly_the_days_promised_passes() {
    let site = with_notice("notice_days = 31\n");
    let run = charter(&site, "check", &["--strict"]);
    run.assert_success();
    assert!(!run.stderr.contains("notice"), "{}", run.stderr);
    site.build_ok(&["--strict"]);
}

#[test]
fn without_notice_since_every_revision_after_the_first_is_held_to_it() {
    let site = Site::minimal();
    site.write("site.toml", &format!("{SITE_TOML}notice_days = 1\n"));
    let run = site.check();
    let warning = about(&run, &site, "2020-06-01").expect("the second revision took effect at once");
    assert!(
        warning.contains("0 days after its publication on 2020-06-01"),
        "{warning}"
    );
    assert!(warning.contains("move `effective` to 2020-06-02"), "{warning}");
    // The first revision changes nothing anyone was told of.
    assert!(about(&run, &site, "2020-01-01").is_none(), "{}", run.stderr);
    assert!(about(&run, &site, "2021-01-01").is_none(), "{}", run.stderr);
}

#[test]
fn an_editorial_revision_needs_no_notice() {
    let site = with_notice("notice_days = 30\n");
    let reflowed = MINI_V3.replace("Longer now, with an explanation.", "Longer now,\nwith an explanation.");
    site.publish("doc", &Publish::new("2021-03-01", "Line breaks tidied", &reflowed));
    site.edit_unpublished("history/doc/2021-03-01.md", |t| {
        t.replacen("summary = ", "editorial = true\nsummary = ", 1)
    });
    charter(&site, "check", &["--strict"]).assert_success();
    // The same revision, not marked editorial, would need the notice.
    site.edit_unpublished("history/doc/2021-03-01.md", |t| t.replacen("editorial = true\n", "", 1));
    let run = site.check();
    assert!(about(&run, &site, "2021-03-01").is_some(), "{}", run.stderr);
}

#[test]
fn notice_days_that_make_no_sense_are_refused_with_their_line() {
    let site = Site::minimal();
    for (bad, why) in [
        ("notice_days = -3\n", "-3 days"),
        ("notice_days = \"30\"\n", "not a whole number"),
        ("notice_days = 5000\n", "5000 days"),
    ] {
        site.write("site.toml", &format!("{SITE_TOML}{bad}"));
        let run = site.check();
        run.assert_failure();
        let d = run
            .diagnostic(&site.shown("site.toml"))
            .expect("an error about site.toml");
        assert!(d.starts_with(&format!("{}:3: ", site.shown("site.toml"))), "{d}");
        assert!(d.contains(why) && d.contains("from 0 to 3650, such as 30"), "{d}");
    }
}

// ---------------------------------------------------------------------------
// charter revise

/// The minimal site with a new edit in its working copy, and a notice.
fn edited(settings: &str) -> Site {
    let site = with_notice(settings);
    site.write("content/doc.md", &MINI_V3.replace("New.", "New, and longer."));
    site
}

fn record_line(site: &Site, rev: &str, key: &str) -> Option<String> {
    site.read(&format!("history/doc/{rev}.md"))
        .lines()
        .find(|l| l.starts_with(&format!("{key} = ")))
        .map(str::to_string)
}

#[test]
fn revise_proposes_the_first_day_the_notice_allows() {
    let site = edited("notice_days = 30\n");
    let run = charter(
        &site,
        "revise",
        &[
            "doc",
            "-s",
            "Longer third",
            "--date",
            "2026-01-10",
            "-c",
            "third=we said more",
        ],
    );
    run.assert_success();
    assert_eq!(
        record_line(&site, "2026-01-10", "effective").as_deref(),
        Some("effective = 2026-02-09")
    );
    assert!(run.stderr.contains("effective 2026-02-09"), "{}", run.stderr);
    charter(&site, "check", &["--strict"]).assert_success();
}

#[test]
fn revise_refuses_an_effective_date_sooner_than_the_notice() {
    let site = edited("notice_days = 30\n");
    let args = [
        "doc",
        "-s",
        "Longer third",
        "--date",
        "2026-01-10",
        "-c",
        "third=we said more",
    ];
    let run = charter(&site, "revise", &[&args[..], &["--effective", "2026-02-08"]].concat());
    run.assert_failure();
    for part in [
        "--effective 2026-02-08",
        "29 days",
        "30 days of notice",
        "--effective 2026-02-09 or later",
    ] {
        assert!(run.stderr.contains(part), "{part:?} missing from:\n{}", run.stderr);
    }
    assert!(!site.path("history/doc/2026-01-10.md").exists());
    // The boundary day itself is enough.
    charter(&site, "revise", &[&args[..], &["--effective", "2026-02-09"]].concat()).assert_success();
    assert_eq!(
        record_line(&site, "2026-01-10", "effective").as_deref(),
        Some("effective = 2026-02-09")
    );
}

#[test]
fn revise_holds_an_editorial_revision_to_no_notice() {
    let site = with_notice("notice_days = 30\n");
    site.write(
        "content/doc.md",
        &MINI_V3.replace("Longer now, with an explanation.", "Longer now,\nwith an explanation."),
    );
    let run = charter(&site, "revise", &["doc", "-s", "Tidied", "--date", "2026-01-10"]);
    run.assert_success();
    assert_eq!(
        record_line(&site, "2026-01-10", "editorial").as_deref(),
        Some("editorial = true")
    );
    assert_eq!(
        record_line(&site, "2026-01-10", "effective").as_deref(),
        Some("effective = 2026-01-10")
    );
}

#[test]
fn revise_writes_the_consent_asked_for() {
    let site = edited("");
    let run = charter(
        &site,
        "revise",
        &[
            "doc",
            "-s",
            "Longer third",
            "--date",
            "2026-01-10",
            "-c",
            "third=we said more",
            "--consent",
            "required",
        ],
    );
    run.assert_success();
    assert_eq!(
        record_line(&site, "2026-01-10", "consent").as_deref(),
        Some("consent = \"required\"")
    );
    // Without a notice promised, the default is still the publication date.
    assert_eq!(
        record_line(&site, "2026-01-10", "effective").as_deref(),
        Some("effective = 2026-01-10")
    );
    site.check().assert_success();
    let bad = charter(&site, "revise", &["doc", "-s", "x", "--consent", "always"]);
    assert_eq!(bad.code, Some(2), "{}", bad.stderr);
    assert!(
        bad.stderr.contains("required") && bad.stderr.contains("notify"),
        "{}",
        bad.stderr
    );
    let both = charter(
        &site,
        "revise",
        &["doc", "-s", "x", "--consent", "notify", "--editorial"],
    );
    assert_eq!(both.code, Some(2), "{}", both.stderr);
}

// ---------------------------------------------------------------------------
// consent

/// The minimal site with a fourth revision, published 2026-10-01 and
/// effective 2026-11-01, whose record says `consent` (a TOML value).
fn with_consent(value: &str) -> Site {
    let site = Site::minimal();
    let v4 = MINI_V3.replace("New.", "New, and longer.");
    site.publish(
        "doc",
        &Publish::new("2026-10-01", "Longer third article", &v4)
            .effective("2026-11-01")
            .change("third", None, "we said more"),
    );
    site.edit_unpublished("history/doc/2026-10-01.md", |t| {
        t.replacen("summary = ", &format!("consent = {value}\nsummary = "), 1)
    });
    site
}

#[test]
fn an_invalid_consent_is_refused_with_its_file_and_line() {
    for value in ["\"always\"", "\"none\"", "\"Required\""] {
        let site = with_consent(value);
        let file = "history/doc/2026-10-01.md";
        let line = line_no(&site.read(file), "consent = ");
        let run = site.check();
        run.assert_failure();
        let d = about(&run, &site, "2026-10-01").expect("an error about the revision");
        assert!(d.starts_with(&format!("{}:{line}: ", site.shown(file))), "{d}");
        assert!(d.contains("`\"required\"` or `\"notify\"`"), "{d}");
    }
    let site = with_consent("true");
    let run = site.check();
    run.assert_failure();
    let d = about(&run, &site, "2026-10-01").expect("an error about the revision");
    assert!(d.contains("`consent = \"required\"` or `consent = \"notify\"`"), "{d}");
}

#[test]
fn an_editorial_revision_asks_no_consent() {
    let site = with_consent("\"required\"");
    site.edit_unpublished("history/doc/2026-10-01.md", |t| {
        t.replacen("summary = ", "editorial = true\nsummary = ", 1)
    });
    let run = site.check();
    run.assert_failure();
    let d = about(&run, &site, "2026-10-01").expect("an error about the revision");
    assert!(d.contains("editorial revision"), "{d}");
}

fn versions(out: &Output) -> Value {
    serde_json::from_str(&out.text("/doc/versions.json")).unwrap()
}

#[test]
fn versions_json_and_the_feeds_carry_the_consent() {
    let site = with_consent("\"required\"");
    site.build_ok(&[]);
    let out = site.public();
    let v = versions(&out);
    let consents: Vec<&str> = v["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["consent"].as_str().unwrap())
        .collect();
    assert_eq!(consents, ["notify", "notify", "notify", "required"]);
    assert_eq!(v["schema"], 1);

    for path in ["/atom.xml", "/doc/atom.xml"] {
        let feed: atom_syndication::Feed = out.text(path).parse().unwrap_or_else(|e| panic!("{path}: {e}"));
        let consent: Vec<(String, Option<String>)> = feed
            .entries()
            .iter()
            .map(|e| {
                let c = e
                    .categories()
                    .iter()
                    .find(|c| c.scheme() == Some("urn:charter:consent"))
                    .unwrap_or_else(|| panic!("{path}: an entry without consent"));
                (c.term().to_string(), c.label().map(str::to_string))
            })
            .collect();
        assert_eq!(consent.len(), 4, "{path}");
        assert_eq!(
            consent[0],
            ("required".into(), Some("Acceptance required".into())),
            "{path}"
        );
        assert_eq!(
            consent[1],
            ("notify".into(), Some("For your information".into())),
            "{path}"
        );
        let content = feed.entries()[0].content().and_then(|c| c.value()).unwrap();
        assert!(content.contains("You will be asked to accept it again"), "{content}");
        let older = feed.entries()[1].content().and_then(|c| c.value()).unwrap();
        assert!(!older.contains("accept"), "{older}");
    }
    let json: Value = serde_json::from_str(&out.text("/feed.json")).unwrap();
    let items = json["items"].as_array().unwrap();
    assert_eq!(items[0]["_charter"]["consent"], "required");
    assert_eq!(items[1]["_charter"]["consent"], "notify");
    assert!(items[0]["content_text"].as_str().unwrap().contains("accept it again"));
}

#[test]
fn the_pages_say_when_users_will_be_asked_to_accept_again() {
    let site = with_consent("\"required\"");
    // In force on the build date: the document page says it of its current revision.
    site.build_ok(&[]);
    let out = site.public();
    let page = out.page("/doc/");
    let line = one(&page, "#revision-info .revision-consent");
    assert_eq!(text(line), "You will be asked to accept this revision again.");
    let changes = out.page("/doc/revisions/2026-10-01/changes/");
    assert_eq!(
        text(one(&changes, ".revision-consent")),
        "You will be asked to accept this revision again."
    );
    // A revision that only notifies says nothing of it.
    let older = out.page("/doc/revisions/2021-01-01/changes/");
    assert!(all(&older, ".revision-consent").is_empty());

    // Upcoming: the notice on the document page says it.
    site.build_ok(&["--date", "2026-10-15"]);
    let page = site.public().page("/doc/");
    let notice = text(one(&page, "#upcoming-notice"));
    assert!(
        notice.contains("You will be asked to accept it again when it takes effect."),
        "{notice}"
    );
    assert!(all(&page, "#revision-info .revision-consent").is_empty());
}

#[test]
fn notify_is_written_and_read_as_the_default() {
    let site = with_consent("\"notify\"");
    site.build_ok(&[]);
    let out = site.public();
    assert_eq!(versions(&out)["revisions"][3]["consent"], "notify");
    assert!(all(&out.page("/doc/"), ".revision-consent").is_empty());
}

#[test]
fn log_shows_it() {
    let site = with_consent("\"required\"");
    let json = charter(&site, "log", &["doc", "--format", "json"]);
    json.assert_success();
    let entries: Value = serde_json::from_str(&json.stdout).unwrap();
    let consents: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["consent"].as_str().unwrap())
        .collect();
    assert_eq!(consents, ["required", "notify", "notify", "notify"]);
    let text = charter(&site, "log", &["doc"]);
    assert!(
        text.stdout.contains("Longer third article (consent required)"),
        "{}",
        text.stdout
    );
    assert_eq!(text.stdout.matches("consent required").count(), 1, "{}", text.stdout);
}

#[test]
fn the_announcement_mentions_it() {
    let site = with_consent("\"required\"");
    for format in ["markdown", "text", "html"] {
        let run = charter(&site, "announce", &["doc", "2026-10-01", "--date", DATE, "-f", format]);
        run.assert_success();
        assert!(
            run.stdout
                .contains("You will be asked to accept it again when it takes effect."),
            "{format}: {}",
            run.stdout
        );
    }
    let run = charter(&site, "announce", &["doc", "2021-01-01", "--date", DATE]);
    run.assert_success();
    assert!(!run.stdout.contains("accept"), "{}", run.stdout);
}
