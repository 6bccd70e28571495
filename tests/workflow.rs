//! The legal team's commands: `init`, `log`, and the checks that hold
//! published revisions against git. Repositories are built inside each test
//! with git2 and fixed dates, never from the project's own history.

mod common;

use std::path::Path;

use common::*;
use git2::{Repository, Signature, Time};
use scraper::Html;
use serde_json::Value;

/// Commits every file of the site, as a user running `git add -A && git commit` would.
fn commit_all(root: &Path, message: &str, seconds: i64) -> String {
    let repo = Repository::open(root).unwrap_or_else(|_| Repository::init(root).unwrap());
    let mut index = repo.index().unwrap();
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None).unwrap();
    index.update_all(["*"], None).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new("Legal Team", "legal@inkwell.example", &Time::new(seconds, 0)).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
        .to_string()
}

const JAN_2022: i64 = 1_641_000_000;

fn committed_example() -> (Site, String) {
    let site = Site::example();
    let commit = commit_all(site.root(), "Publish the policies", JAN_2022);
    (site, commit)
}

#[test]
fn a_committed_site_passes_check() {
    let (site, _) = committed_example();
    site.check().assert_success();
}

#[test]
fn an_edited_record_is_caught_by_git_even_though_the_body_hash_still_matches() {
    let (site, commit) = committed_example();
    let rel = "history/privacy/2019-04-18.md";
    site.edit(rel, |t| t.replace("summary = \"Updated", "summary = \"Quietly updated"));
    let run = site.check();
    run.assert_failure();
    let d = run
        .diagnostic(&format!("{}: ", site.shown(rel)))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(d.contains(&commit[..10]), "names the commit that published it: {d}");
    assert!(d.contains(&format!("git checkout {} -- {rel}", &commit[..10])), "{d}");
}

#[test]
fn a_rehashed_latest_revision_is_caught_by_git() {
    let (site, _) = committed_example();
    let rel = "history/terms/2020-09-01.md";
    // Edit the published text and fix up its hash: the chain alone cannot see
    // this, because no later revision points at the latest one.
    let text = site.read(rel);
    let body = revision_body(&text).replace("Inkwell", "Inkwell Studio");
    let old_sha = sha256_hex(revision_body(&text));
    let new_text = text
        .replace(revision_body(&text), &body)
        .replace(&old_sha, &sha256_hex(&body));
    site.write(rel, &new_text);
    let run = site.check();
    run.assert_failure();
    assert!(
        run.diagnostic(&format!("{}: ", site.shown(rel))).is_some(),
        "{}",
        run.stderr
    );
}

#[test]
fn a_deleted_revision_is_caught_by_git() {
    let (site, _) = committed_example();
    let rel = "history/terms/2020-09-01.md";
    site.remove(rel);
    // The working copy now matches no revision; that alone is just a draft.
    let run = site.check();
    run.assert_failure();
    let d = run
        .diagnostic(&format!("{}: ", site.shown(rel)))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(d.contains("deleted"), "{d}");
}

#[test]
fn an_uncommitted_new_revision_is_fine() {
    let (site, _) = committed_example();
    site.publish(
        "terms",
        &Publish::new(
            "2026-01-10",
            "Clarified governing law",
            &site.read("content/terms.md").replacen("laws of", "laws in force in", 1),
        )
        .change("governing-law", None, "we clarified which laws apply"),
    );
    let run = site.check();
    run.assert_success();
}

// ---------------------------------------------------------------------------
// charter log

fn log(site: &Site, args: &[&str]) -> Run {
    let mut cmd = site.command("log");
    cmd.args(args).args(["--date", DATE]);
    Run::of(&mut cmd)
}

#[test]
fn log_lists_revisions_newest_first() {
    let site = Site::example();
    let run = log(&site, &["privacy"]);
    run.assert_success();
    let firsts: Vec<&str> = run.stdout.lines().filter(|l| !l.starts_with(' ')).collect();
    let ids: Vec<&str> = firsts.iter().map(|l| l.split_whitespace().next().unwrap()).collect();
    assert_eq!(ids, vec!["2021-03-01", "2019-04-18", "2018-05-25", "2017-06-01"]);
    assert!(firsts[0].contains("effective 2021-03-15 (current)"), "{}", firsts[0]);
    assert!(
        run.stdout
            .contains("    Updated the 'Performance cookies' section to cover reCAPTCHA")
    );
}

#[test]
fn log_as_json_names_the_commit_from_git() {
    let (site, commit) = committed_example();
    let run = log(&site, &["terms", "--format", "json"]);
    run.assert_success();
    let v: Value = serde_json::from_str(&run.stdout).unwrap();
    let entries = v.as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["id"], "2020-09-01");
    assert_eq!(entries[0]["status"], "current");
    assert_eq!(entries[0]["commit"], commit.as_str());
    assert_eq!(entries[1]["previous"], Value::Null);
    assert_eq!(entries[0]["previous"], entries[1]["sha256"]);
}

/// `log` and `build` agree on what is public: a revision published after
/// the date is scheduled (build leaves it out), not upcoming; one published
/// but not yet in effect is upcoming (build announces it).
#[test]
fn log_tells_scheduled_revisions_from_upcoming_ones() {
    let site = Site::example();
    let status_on = |date: &str| -> Vec<(String, String)> {
        let run = Run::of(
            site.command("log")
                .args(["privacy", "--format", "json", "--date", date]),
        );
        run.assert_success();
        let v: Value = serde_json::from_str(&run.stdout).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["id"].as_str().unwrap().to_string(),
                    e["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(status_on("2021-03-05")[0], ("2021-03-01".into(), "upcoming".into()));
    assert_eq!(status_on("2021-03-05")[1], ("2019-04-18".into(), "current".into()));
    assert_eq!(status_on("2021-02-01")[0], ("2021-03-01".into(), "scheduled".into()));
    assert_eq!(status_on("2021-02-01")[1], ("2019-04-18".into(), "current".into()));

    let text = Run::of(site.command("log").args(["privacy", "--date", "2021-02-01"]));
    let first = text.stdout.lines().next().unwrap().to_string();
    assert!(first.contains("(scheduled: not published yet)"), "{first}");
    site.build_ok(&["--date", "2021-02-01"]);
    assert!(site.public().exists("/privacy/revisions/2019-04-18/"));
    assert!(!site.public().exists("/privacy/revisions/2021-03-01/"));
}

#[test]
fn log_of_an_unknown_document_lists_the_known_ones() {
    let site = Site::example();
    let run = log(&site, &["cookies"]);
    run.assert_failure();
    assert!(run.stderr.contains("privacy, terms"), "{}", run.stderr);
}

// ---------------------------------------------------------------------------
// charter init

fn init(dir: &Path, args: &[&str]) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("charter").unwrap();
    cmd.arg("init").arg(dir).args(args);
    Run::of(&mut cmd)
}

#[test]
fn init_makes_a_site_that_checks_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("policies");
    let run = init(&dir, &[]);
    run.assert_success();
    for f in ["site.toml", "content/privacy.md", ".gitignore"] {
        assert!(dir.join(f).is_file(), "{f}");
        assert!(
            run.stderr.contains(&dir.join(f).display().to_string()),
            "says it wrote {f}"
        );
    }
    assert!(dir.join("history").is_dir());
    assert!(!dir.join("themes").exists());
    let mut check = assert_cmd::Command::cargo_bin("charter").unwrap();
    let check = Run::of(check.arg("check").arg("--root").arg(&dir));
    check.assert_success();
    let mut build = assert_cmd::Command::cargo_bin("charter").unwrap();
    let build = Run::of(build.args(["build", "--date", DATE, "--root"]).arg(&dir));
    build.assert_success();
    assert!(
        build.stderr.contains("not published"),
        "the sample has no revision yet: {}",
        build.stderr
    );
}

#[test]
fn init_with_theme_copies_the_built_in_theme() {
    let tmp = tempfile::tempdir().unwrap();
    init(tmp.path(), &["--theme"]).assert_success();
    let base = std::fs::read_to_string(tmp.path().join("themes/default/templates/base.html")).unwrap();
    let builtin = std::fs::read_to_string(repo().join("themes/default/templates/base.html")).unwrap();
    assert_eq!(base, builtin);
    assert!(tmp.path().join("themes/default/static/style.css").is_file());
    let strings = std::fs::read_to_string(tmp.path().join("themes/default/strings/en.toml")).unwrap();
    let builtin = std::fs::read_to_string(repo().join("themes/default/strings/en.toml")).unwrap();
    assert_eq!(strings, builtin, "the words are copied too");
    // The copied theme builds, its words read as a site's strings file.
    let mut build = assert_cmd::Command::cargo_bin("charter").unwrap();
    let build = Run::of(
        build
            .args(["build", "--drafts", "--date", DATE, "--root"])
            .arg(tmp.path()),
    );
    build.assert_success();
    let page = std::fs::read_to_string(tmp.path().join("public/privacy/draft/index.html")).unwrap();
    assert!(page.contains("Skip to main content"), "{page}");
}

#[test]
fn init_never_overwrites() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("site.toml"), "title = \"Mine\"\n").unwrap();
    let before = tree(tmp.path());
    let run = init(tmp.path(), &[]);
    run.assert_failure();
    assert!(run.stderr.contains("site.toml"), "{}", run.stderr);
    assert_same_tree(&before, &tree(tmp.path()), "the folder");
}

// ---------------------------------------------------------------------------
// charter revise

fn revise(site: &Site, args: &[&str]) -> Run {
    let mut cmd = site.command("revise");
    cmd.args(args);
    Run::of(&mut cmd)
}

/// The example with an edit to the cookie article's first section.
fn edited_example() -> Site {
    let site = Site::example();
    site.edit("content/privacy.md", |t| {
        t.replacen("We use cookies to remember", "We use a few cookies to remember", 1)
    });
    site
}

#[test]
fn revise_cuts_a_revision_with_changes_proposed_from_the_diff() {
    let site = edited_example();
    let history_before = tree(&site.path("history"));
    let run = revise(
        &site,
        &["privacy", "--summary", "Clarified cookies", "--date", "2026-11-29"],
    );
    run.assert_success();
    let rel = "history/privacy/2026-11-29.md";
    assert!(
        run.stderr.contains(&site.shown(rel)),
        "says what it wrote: {}",
        run.stderr
    );
    assert!(
        run.stderr.contains("charter review privacy 2026-11-29"),
        "the proposed notes need a reader's eye: {}",
        run.stderr
    );
    let text = site.read(rel);
    assert!(text.contains("summary = \"Clarified cookies\""));
    assert!(
        text.contains("article = \"cookie-policy\"\nsection = \"settings-cookies\""),
        "{text}"
    );
    assert!(
        text.contains("note = \"we changed this section\"\nproposed = true\n"),
        "the proposed note fits the site's sentence and is marked: {text}"
    );
    assert!(
        text.ends_with(&site.read("content/privacy.md")),
        "the body is the working copy, byte for byte"
    );
    // Nothing else in history changed, and the site is valid with it.
    let mut after = tree(&site.path("history"));
    after.remove("privacy/2026-11-29.md");
    // The log gained the new revision's leaf, after the others.
    let log_before = history_before.get(".log").cloned().flatten().expect("a log");
    let log_after = after.remove(".log").flatten().expect("a log");
    assert!(log_after.starts_with(&log_before));
    let mut history_before = history_before;
    history_before.remove(".log");
    assert_same_tree(&history_before, &after, "the published history");
    site.check().assert_success();
    site.build_ok(&[]);
    let page = site.public().page("/privacy/");
    assert!(text_of_revision_info(&page).contains("Clarified cookies"));
}

fn text_of_revision_info(page: &Html) -> String {
    text(one(page, "#revision-info"))
}

#[test]
fn revise_with_explicit_changes() {
    let site = edited_example();
    let run = revise(
        &site,
        &[
            "privacy",
            "-s",
            "Cookies",
            "--date",
            "2026-11-29",
            "--effective",
            "2026-12-15",
            "--change",
            "cookie-policy#settings-cookies=we now say how many cookies we use",
        ],
    );
    run.assert_success();
    assert!(
        !run.stderr.contains("proposed"),
        "every note was given: nothing was proposed: {}",
        run.stderr
    );
    let text = site.read("history/privacy/2026-11-29.md");
    assert!(text.contains("effective = 2026-12-15"));
    assert!(text.contains("note = \"we now say how many cookies we use\""));
    site.check().assert_success();
}

#[test]
fn revise_refuses_bad_changes() {
    let site = edited_example();
    for (change, says) in [
        ("nope=x", "not in the text"),
        ("cookie-policy#nope=x", "not in article"),
        ("disclaimer=x", "did not change"),
        ("cookie-policy", "no note"),
    ] {
        let run = revise(
            &site,
            &["privacy", "-s", "S", "--date", "2026-11-29", "--change", change],
        );
        run.assert_failure();
        assert!(run.stderr.contains(says), "{change}: {}", run.stderr);
    }
    assert!(!site.path("history/privacy/2026-11-29.md").exists());
}

#[test]
fn revise_refuses_an_unchanged_text_and_an_earlier_date() {
    let site = Site::example();
    let run = revise(&site, &["privacy", "-s", "Nothing", "--date", "2026-11-29"]);
    run.assert_failure();
    assert!(run.stderr.contains("nothing to publish"), "{}", run.stderr);

    let site = edited_example();
    let run = revise(&site, &["privacy", "-s", "Back in time", "--date", "2020-01-01"]);
    run.assert_failure();
    assert!(run.stderr.contains("before the latest revision"), "{}", run.stderr);
    let run = revise(
        &site,
        &[
            "privacy",
            "-s",
            "S",
            "--date",
            "2026-11-29",
            "--effective",
            "2026-11-01",
        ],
    );
    run.assert_failure();
}

#[test]
fn revise_refuses_a_document_that_fails_check() {
    let site = edited_example();
    site.edit("history/privacy/2019-04-18.md", |t| {
        t.replacen("previous = \"", "previous = \"0", 1)
    });
    let run = revise(&site, &["privacy", "-s", "S", "--date", "2026-11-29"]);
    run.assert_failure();
    assert!(run.stderr.contains("fails `charter check`"), "{}", run.stderr);
    // The problem is named by file and line, as `charter check` names it.
    let at = format!("{}:6:", site.shown("history/privacy/2019-04-18.md"));
    assert!(run.stderr.contains(&at), "{}", run.stderr);
    assert!(!site.path("history/privacy/2026-11-29.md").exists());
}

#[test]
fn revise_reads_only_its_document() {
    let site = edited_example();
    // Another document that does not even parse, and a history of the
    // terms whose chain is broken: problems of other documents.
    site.write("content/broken.md", "+++\ntitle = \n+++\n");
    site.edit("history/terms/2020-09-01.md", |t| {
        t.replacen("previous = \"", "previous = \"0", 1)
    });
    site.check().assert_failure();
    let run = revise(&site, &["privacy", "-s", "Cookies", "--date", "2026-11-29"]);
    run.assert_success();
    assert!(site.path("history/privacy/2026-11-29.md").is_file());
    // The terms are still checked when they are the document revised.
    site.edit("content/terms.md", |t| format!("{t}\nOne more line.\n"));
    let run = revise(&site, &["terms", "-s", "More", "--date", "2026-11-29"]);
    run.assert_failure();
    assert!(
        run.stderr.contains(&site.shown("history/terms/2020-09-01.md")),
        "{}",
        run.stderr
    );
    assert!(!site.path("history/terms/2026-11-29.md").exists());
}

#[test]
fn revise_holds_the_new_revision_to_the_rules_of_check() {
    let site = edited_example();
    // The latest revision, 2021-03-01, takes effect on 2021-03-15: a later
    // one may not take effect before it.
    let run = revise(
        &site,
        &[
            "privacy",
            "-s",
            "S",
            "--date",
            "2021-03-02",
            "--effective",
            "2021-03-10",
        ],
    );
    run.assert_failure();
    assert!(run.stderr.contains("before the previous revision"), "{}", run.stderr);
    let at = format!("{}:3:", site.shown("history/privacy/2021-03-02.md"));
    assert!(run.stderr.contains(&at), "{}", run.stderr);
    let run = revise(
        &site,
        &[
            "privacy",
            "-s",
            "S",
            "--date",
            "2026-11-29",
            "--change",
            "cookie-policy= ",
        ],
    );
    run.assert_failure();
    assert!(run.stderr.contains("empty `note`"), "{}", run.stderr);
    assert!(!site.path("history/privacy/2021-03-02.md").exists());
    assert!(!site.path("history/privacy/2026-11-29.md").exists());
    // A changed article that no change names is a warning, as in `check`.
    site.edit("content/privacy.md", |t| {
        t.replacen(
            "## Disclaimer {#disclaimer}\n",
            "## Disclaimer {#disclaimer}\n\nRead this.\n",
            1,
        )
    });
    let run = revise(
        &site,
        &[
            "privacy",
            "-s",
            "S",
            "--date",
            "2026-11-29",
            "--change",
            "cookie-policy=we count cookies",
        ],
    );
    run.assert_success();
    assert!(
        run.stderr.contains("warning") && run.stderr.contains("no entry of `changes` names it"),
        "{}",
        run.stderr
    );
    site.check().assert_success();
}

#[test]
fn a_second_revision_on_one_day_gets_a_suffix() {
    let site = edited_example();
    revise(&site, &["privacy", "-s", "One", "--date", "2026-11-29"]).assert_success();
    site.edit("content/privacy.md", |t| {
        t.replacen("We use a few cookies", "We use only a few cookies", 1)
    });
    revise(&site, &["privacy", "-s", "Two", "--date", "2026-11-29"]).assert_success();
    assert!(site.path("history/privacy/2026-11-29-2.md").is_file());
    site.check().assert_success();
}

#[test]
fn dry_run_prints_and_writes_nothing() {
    let site = edited_example();
    let before = tree(site.root());
    let run = revise(&site, &["privacy", "-s", "Dry", "--date", "2026-11-29", "--dry-run"]);
    run.assert_success();
    assert!(run.stdout.starts_with("+++\ndate = 2026-11-29\n"), "{}", run.stdout);
    assert_same_tree(&before, &tree(site.root()), "the site");
}

#[test]
fn revise_records_the_commit_when_the_text_is_committed() {
    let site = edited_example();
    let head = commit_all(site.root(), "Edit cookies", JAN_2022);
    let run = revise(&site, &["privacy", "-s", "Committed", "--date", "2026-11-29"]);
    run.assert_success();
    assert!(
        site.read("history/privacy/2026-11-29.md")
            .contains(&format!("commit = \"{head}\""))
    );
}

#[test]
fn revise_warns_about_uncommitted_text_and_can_commit() {
    let site = Site::example();
    commit_all(site.root(), "Publish", JAN_2022);
    site.edit("content/privacy.md", |t| {
        t.replacen("We use cookies to remember", "We use a few cookies to remember", 1)
    });
    let mut cmd = site.command("revise");
    cmd.args([
        "privacy",
        "-s",
        "Uncommitted edit",
        "--date",
        "2026-11-29",
        "-c",
        "cookie-policy#settings-cookies=we now use fewer cookies for your settings",
        "--commit",
    ])
    .env("GIT_AUTHOR_NAME", "Legal")
    .env("GIT_AUTHOR_EMAIL", "legal@inkwell.example")
    .env("GIT_COMMITTER_NAME", "Legal")
    .env("GIT_COMMITTER_EMAIL", "legal@inkwell.example");
    let repo = Repository::open(site.root()).unwrap();
    repo.config().unwrap().set_str("user.name", "Legal").unwrap();
    repo.config()
        .unwrap()
        .set_str("user.email", "legal@inkwell.example")
        .unwrap();
    let run = Run::of(&mut cmd);
    run.assert_success();
    assert!(run.stderr.contains("not committed"), "{}", run.stderr);
    assert!(!site.read("history/privacy/2026-11-29.md").contains("commit = "));
    let head = repo.head().unwrap().peel_to_commit().unwrap();
    assert_eq!(
        head.summary().unwrap(),
        Some("Publish privacy revision 2026-11-29: Uncommitted edit")
    );
    let tree = head.tree().unwrap();
    assert!(tree.get_path(Path::new("history/privacy/2026-11-29.md")).is_ok());
    // The log that records the new revision is in the same commit.
    let log = tree.get_path(Path::new("history/.log")).unwrap();
    let committed = repo.find_blob(log.id()).unwrap().content().to_vec();
    assert_eq!(committed, site.read("history/.log").into_bytes());
    assert_eq!(site.read("history/.log").lines().count(), 7);
    // The committed site is whole: git checks and the hash chain agree.
    site.check().assert_success();
}

#[test]
fn revise_refuses_an_empty_summary_and_a_commit_outside_git_before_writing() {
    let site = edited_example();
    let before = tree(site.root());
    let run = revise(&site, &["privacy", "-s", "  ", "--date", "2026-11-29"]);
    run.assert_failure();
    assert!(run.stderr.contains("--summary is empty"), "{}", run.stderr);
    let run = revise(
        &site,
        &[
            "privacy",
            "-s",
            "Cookies",
            "--date",
            "2026-11-29",
            "-c",
            "cookie-policy=we use fewer cookies",
            "--commit",
        ],
    );
    run.assert_failure();
    assert!(run.stderr.contains("git repository"), "{}", run.stderr);
    assert_same_tree(&before, &tree(site.root()), "the site");
}
