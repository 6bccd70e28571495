//! `charter import --git` on histories shaped like real ones: lettered
//! headings, setext titles, merge commits, committers west of UTC, stated
//! effective dates and moves git does not see as renames. The policies are
//! those of a fictional bicycle-sharing service.

mod common;

use std::path::Path;

use common::*;
use git2::Repository;

fn import(site: &Site, args: &[&str]) -> Run {
    let mut cmd = site.command("import");
    cmd.args(args);
    Run::of(&mut cmd)
}

fn bare_site() -> Site {
    let site = Site::empty();
    site.write("site.toml", &format!("title = \"Mini\"\nbase_url = \"{MINI_BASE}\"\n"));
    site
}

const HOUR: i64 = 3_600;

fn git_import(site: &Site, repo: &Path, rest: &[&str]) -> Run {
    let mut args = vec!["--git", repo.to_str().unwrap()];
    args.extend_from_slice(rest);
    import(site, &args)
}

const LETTERED: &str = "---\ntitle: Rider Terms\n---\n\n## A. Definitions\n\nA bike is a bike.\n\n\
## B. Accounts\n\nOne per rider.\n\n### 1. Age\n\nRiders are adults.\n\n### 2. Security\n\nKeep your PIN.\n\n\
## C. Acceptable use\n\nRide on roads.\n\n## D. Your content\n\nPhotos stay yours.\n\n\
## E. Private rides\n\nWe do not track them.\n\n## I. Extra products\n\nHelmets cost extra.\n\n\
## L. Liability\n\nWe are not liable.\n\n## M. Miscellaneous\n\nThat is all.\n";

#[test]
fn lettered_headings_all_keep_their_letter_and_get_ids_alike() {
    let site = bare_site();
    let repo_dir = site.outside().join("terms-repo");
    let repo = Repository::init(&repo_dir).unwrap();
    git_commit(&repo, &[("terms.md", Some(LETTERED))], "Rider terms", 0, 0);
    git_import(&site, &repo_dir, &["--path", "terms.md", "--id", "terms"]).assert_success();
    let text = site.read("content/terms.md");
    for heading in [
        "## A. Definitions {#a-definitions}",
        "## B. Accounts {#b-accounts}",
        "## C. Acceptable use {#c-acceptable-use}",
        "## D. Your content {#d-your-content}",
        "## E. Private rides {#e-private-rides}",
        "## I. Extra products {#i-extra-products}",
        "## L. Liability {#l-liability}",
        "## M. Miscellaneous {#m-miscellaneous}",
        "### Age {#age}",
    ] {
        assert!(text.contains(heading), "{heading}:\n{text}");
    }
    site.check().assert_success();
}

#[test]
fn a_setext_title_over_sections_gives_one_article_per_section_in_every_version() {
    let v1 = "Privacy Policy\n--------------\n\n### What we collect\n\nYour rides.\n\n\
### Cookies\n\nOne, for your session.\n\n### Contact\n\nWrite to us.\n";
    let v2 = v1.replace("Your rides.", "Your rides and your station.");
    // The third version adds a heading at the title's level: the structure
    // the history chose still holds.
    let v3 = format!("{v2}\nQuestions\n---------\n\nAsk us anything.\n");
    let site = bare_site();
    let repo_dir = site.outside().join("privacy-repo");
    let repo = Repository::init(&repo_dir).unwrap();
    git_commit(&repo, &[("privacy.md", Some(v1))], "First policy", 0, 0);
    git_commit(&repo, &[("privacy.md", Some(&v2))], "Name stations", 30 * 24 * HOUR, 0);
    git_commit(
        &repo,
        &[("privacy.md", Some(&v3))],
        "Invite questions",
        60 * 24 * HOUR,
        0,
    );
    git_import(&site, &repo_dir, &["--path", "privacy.md", "--id", "privacy"]).assert_success();
    let names = history_names(&site, "privacy");
    assert_eq!(names.len(), 3, "{names:?}");
    for name in &names {
        let rev = site.read(&format!("history/privacy/{name}"));
        for article in [
            "## What we collect {#",
            "## Cookies {#cookies}",
            "## Contact {#contact}",
        ] {
            assert!(rev.contains(article), "{name}: {article}\n{rev}");
        }
        assert!(rev.contains("title = \"Privacy Policy\""), "{name}: {rev}");
    }
    let last = site.read(&format!("history/privacy/{}", names[2]));
    assert!(last.contains("**Questions**"), "{last}");
    site.check().assert_success();
}

#[test]
fn the_setext_note_names_the_level_written() {
    let site = bare_site();
    site.write(
        "terms.txt",
        "Rider Terms\n===========\n\nAccounts\n--------\n\nOne per rider.\n\nConduct\n-------\n\nRide kindly.\n",
    );
    let run = import(&site, &[site.path("terms.txt").to_str().unwrap(), "--id", "terms"]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("rewrote 2 underlined (setext) headings as `##` headings"),
        "{}",
        run.stderr
    );
}

#[test]
fn summaries_take_the_pull_request_title_and_the_body_of_a_bare_file_update() {
    let site = bare_site();
    let repo_dir = site.outside().join("terms-repo");
    let repo = Repository::init(&repo_dir).unwrap();
    let v1 = "# Terms\n\n## Fees\n\nTwo coins an hour.\n";
    let v2 = v1.replace("Two", "Three");
    let v3 = v2.replace("an hour", "per hour");
    let v4 = v3.replace("Three", "Four");
    git_commit(&repo, &[("terms.md", Some(v1))], "Create terms.md", 0, 0);
    git_commit(
        &repo,
        &[("terms.md", Some(&v2))],
        "Merge pull request #7 from cycleco/fees\n\nRaise the hourly fee\n",
        30 * 24 * HOUR,
        0,
    );
    git_commit(
        &repo,
        &[("terms.md", Some(&v3))],
        "Update terms.md\n\nWrite the fee per hour\n\nMore detail.\n",
        60 * 24 * HOUR,
        0,
    );
    let last = git_commit(
        &repo,
        &[("terms.md", Some(&v4))],
        "Update terms.md (#9)\n\nCo-authored-by: Bot <bot@example.com>\n",
        90 * 24 * HOUR,
        0,
    );
    git_import(&site, &repo_dir, &["--path", "terms.md", "--id", "terms"]).assert_success();
    let summaries: Vec<String> = history_names(&site, "terms")
        .iter()
        .map(|n| {
            let rev = site.read(&format!("history/terms/{n}"));
            rev.lines().find(|l| l.starts_with("summary = ")).unwrap().to_string()
        })
        .collect();
    assert!(
        summaries[0].starts_with("summary = \"Imported from commit "),
        "{summaries:?}"
    );
    assert_eq!(
        summaries[1..],
        vec![
            "summary = \"Raise the hourly fee\"".to_string(),
            "summary = \"Write the fee per hour\"".to_string(),
            format!("summary = \"Imported from commit {}\"", &last[..10]),
        ]
    );
    for s in &summaries {
        assert!(!s.contains("Merge pull request") && !s.contains("terms.md"), "{s}");
    }
}

#[test]
fn commits_are_dated_in_their_committers_time_zone() {
    let v1 = "# Terms\n\n## Fees\n\nTwo coins an hour.\n";
    let v2 = v1.replace("Two", "Three");
    let v3 = v2.replace("Three", "Four");
    let make = |site: &Site| {
        let repo_dir = site.outside().join("terms-repo");
        let repo = Repository::init(&repo_dir).unwrap();
        // 17:22 and 20:05 on 2020-01-01 at -07:00: the next day in UTC.
        git_commit(&repo, &[("terms.md", Some(v1))], "First", 24 * HOUR + 22 * 60, -420);
        git_commit(&repo, &[("terms.md", Some(&v2))], "Second", 27 * HOUR + 5 * 60, -420);
        git_commit(&repo, &[("terms.md", Some(&v3))], "Third", 48 * HOUR, -420);
        repo_dir
    };
    let site = bare_site();
    let repo_dir = make(&site);
    git_import(&site, &repo_dir, &["--path", "terms.md", "--id", "terms"]).assert_success();
    assert_eq!(
        history_names(&site, "terms"),
        vec!["2020-01-01-2.md", "2020-01-01.md", "2020-01-02.md"]
    );

    let site = bare_site();
    let repo_dir = make(&site);
    let run = git_import(
        &site,
        &repo_dir,
        &["--path", "terms.md", "--id", "terms", "--last-of-day"],
    );
    run.assert_success();
    assert_eq!(history_names(&site, "terms"), vec!["2020-01-01.md", "2020-01-02.md"]);
    assert!(site.read("history/terms/2020-01-01.md").contains("Three coins"));
    assert!(run.stderr.contains("left out 1 version"), "{}", run.stderr);
    site.check().assert_success();

    let site = bare_site();
    let repo_dir = make(&site);
    git_import(
        &site,
        &repo_dir,
        &["--path", "terms.md", "--id", "terms", "--timezone", "+00:00"],
    )
    .assert_success();
    assert_eq!(
        history_names(&site, "terms"),
        vec!["2020-01-02-2.md", "2020-01-02.md", "2020-01-03.md"]
    );
}

#[test]
fn an_effective_date_the_text_states_becomes_the_revisions_effective_date() {
    let v1 = "# Terms\n\n_Effective date: February 1, 2020_\n\n## Fees\n\nTwo coins an hour.\n";
    // Published after the date it states: it cannot take effect before.
    let v2 = "# Terms\n\nLast updated: 2020-02-15\n\n## Fees\n\nThree coins an hour.\n";
    let site = bare_site();
    let repo_dir = site.outside().join("terms-repo");
    let repo = Repository::init(&repo_dir).unwrap();
    git_commit(&repo, &[("terms.md", Some(v1))], "Fees", 9 * 24 * HOUR, 0);
    git_commit(&repo, &[("terms.md", Some(v2))], "Higher fees", 59 * 24 * HOUR, 0);
    let run = git_import(&site, &repo_dir, &["--path", "terms.md", "--id", "terms"]);
    run.assert_success();
    let first = site.read("history/terms/2020-01-10.md");
    assert!(first.contains("effective = 2020-02-01"), "{first}");
    let second = site.read("history/terms/2020-02-29.md");
    assert!(second.contains("effective = 2020-02-29"), "{second}");
    assert!(
        run.stderr.contains("effective 2020-02-01 as its text states"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("its text states 2020-02-15"), "{}", run.stderr);
    site.check().assert_success();
}

/// Twelve lines of a privacy policy; the rewrite keeps a few.
const OLD_PRIVACY: &str = "# Privacy\n\n## Data\n\nWe keep your name.\n\nWe keep your rides.\n\n\
We keep your station.\n\nWe keep your payments.\n\n## Sharing\n\nWe share nothing.\n\nWe sell nothing.\n\n\
## Contact\n\nWrite to privacy@cycleco.example.\n";

#[test]
fn a_policy_moved_and_rewritten_in_one_commit_is_followed_and_older_paths_can_be_given() {
    let new = OLD_PRIVACY
        .replace("We keep your name.", "We keep the name you give us.")
        .replace("We keep your payments.", "We keep a record of each payment.")
        .replace("We sell nothing.", "We never sell your data.")
        .replace("# Privacy", "# Privacy Statement");
    let make = |site: &Site, new_text: &str| {
        let repo_dir = site.outside().join("privacy-repo");
        let repo = Repository::init(&repo_dir).unwrap();
        git_commit(&repo, &[("legal/privacy.md", Some(OLD_PRIVACY))], "First", 0, 0);
        git_commit(
            &repo,
            &[
                ("legal/privacy.md", None),
                ("policies/privacy-statement.md", Some(new_text)),
            ],
            "Privacy statement update",
            30 * 24 * HOUR,
            0,
        );
        repo_dir
    };
    let site = bare_site();
    let repo_dir = make(&site, &new);
    let run = git_import(
        &site,
        &repo_dir,
        &["--path", "policies/privacy-statement.md", "--id", "privacy", "--follow"],
    );
    run.assert_success();
    assert_eq!(history_names(&site, "privacy").len(), 2, "{}", run.stderr);
    assert!(run.stderr.contains("back to legal/privacy.md"), "{}", run.stderr);

    // Unrelated content is not followed, but the output says what was left.
    let site = bare_site();
    let repo_dir = make(&site, "# Cookies\n\n## Which\n\nOne cookie.\n");
    let run = git_import(
        &site,
        &repo_dir,
        &["--path", "policies/privacy-statement.md", "--id", "privacy", "--follow"],
    );
    run.assert_success();
    assert_eq!(history_names(&site, "privacy").len(), 1);
    assert!(
        run.stderr.contains("which also deleted legal/privacy.md")
            && run
                .stderr
                .contains("--path legal/privacy.md --path policies/privacy-statement.md"),
        "{}",
        run.stderr
    );
    // Given the older path, it is imported without --follow.
    let run = {
        let site2 = bare_site();
        let repo_dir = make(&site2, "# Cookies\n\n## Which\n\nOne cookie.\n");
        let run = git_import(
            &site2,
            &repo_dir,
            &[
                "--path",
                "legal/privacy.md",
                "--path",
                "policies/privacy-statement.md",
                "--id",
                "privacy",
            ],
        );
        assert_eq!(history_names(&site2, "privacy").len(), 2, "{}", run.stderr);
        site2.check().assert_success();
        run
    };
    assert!(run.stderr.contains("given with --path"), "{}", run.stderr);
}

#[test]
fn a_version_whose_headings_all_moved_a_level_keeps_its_articles() {
    let v1 = "---\ntitle: Station Rules\n---\n\n## Parking\n\nAt stations.\n\n### Docks\n\nClick it in.\n\n## Hours\n\nAll day.\n";
    let v2 = "---\ntitle: Station Rules\n---\n\n### Parking\n\nAt stations.\n\n#### Docks\n\nClick it in.\n\n### Hours\n\nAll day and night.\n";
    let site = bare_site();
    let repo_dir = site.outside().join("rules-repo");
    let repo = Repository::init(&repo_dir).unwrap();
    git_commit(&repo, &[("rules.md", Some(v1))], "Rules", 0, 0);
    git_commit(&repo, &[("rules.md", Some(v2))], "Night hours", 30 * 24 * HOUR, 0);
    git_import(&site, &repo_dir, &["--path", "rules.md", "--id", "rules"]).assert_success();
    let second = site.read("history/rules/2020-01-31.md");
    assert!(
        second.contains("## Parking {#parking}") && second.contains("### Docks {#docks}"),
        "{second}"
    );
    assert!(
        second.contains("article = \"hours\"") && !second.contains("article = \"parking\""),
        "{second}"
    );
    site.check().assert_success();
}

/// Nothing git holds has been read for readers: an imported revision's
/// summary (a commit's words) and notes (proposed from the diff) are marked
/// as proposals, `check` says so and `build --strict` refuses them, until
/// `charter review --all` accepts them. A version that changes no word is
/// marked editorial, kept in the record and not announced.
#[test]
fn imported_summaries_and_notes_are_proposals_until_reviewed() {
    let dir = tempfile::tempdir().unwrap();
    let repo = Repository::init(dir.path()).unwrap();
    let v1 = "---\ntitle: Rider Privacy\n---\n\n## Data {#data}\n\nWe keep your rides for a year.\n\n## Contact {#contact}\n\nWrite to us.\n";
    let v2 = v1.replace("for a year", "for six months");
    let v3 = v2.replace("Write to us.", "Write  to us.\n");
    git_commit(&repo, &[("privacy.md", Some(v1))], "Add the privacy policy", 0, 0);
    git_commit(
        &repo,
        &[("privacy.md", Some(&v2))],
        "Keep rides for six months",
        30 * 24 * HOUR,
        0,
    );
    git_commit(&repo, &[("privacy.md", Some(&v3))], "Tidy spacing", 60 * 24 * HOUR, 0);
    let v4 = v3.replace("six months", "three months");
    let v5 = v4.replace("three months", "one month");
    git_commit(
        &repo,
        &[("privacy.md", Some(&v4))],
        "Keep rides for three months",
        90 * 24 * HOUR,
        0,
    );
    git_commit(
        &repo,
        &[("privacy.md", Some(&v5))],
        "Keep rides for a month",
        120 * 24 * HOUR,
        0,
    );
    let site = bare_site();
    let run = git_import(
        &site,
        dir.path(),
        &["--path", "privacy.md", "--id", "privacy", "--follow"],
    );
    run.assert_success();
    assert!(run.stderr.contains("charter review privacy"), "{}", run.stderr);

    let files = history_names(&site, "privacy");
    assert_eq!(files.len(), 5, "{files:?}");
    let second = site.read(&format!("history/privacy/{}", files[1]));
    assert!(second.contains("summary_proposed = true"), "{second}");
    assert!(second.contains("proposed = true\n"), "{second}");
    assert!(!second.contains("editorial"), "{second}");
    let third = site.read(&format!("history/privacy/{}", files[2]));
    assert!(third.contains("editorial = true"), "whitespace only: {third}");

    let check = site.check();
    check.assert_success();
    // One warning for the whole imported history, not one per revision.
    let warnings: Vec<&str> = check.stderr.lines().filter(|l| l.contains("proposed")).collect();
    assert_eq!(warnings.len(), 1, "{}", check.stderr);
    assert!(warnings[0].contains("5 revisions of privacy"), "{}", warnings[0]);
    assert!(warnings[0].contains("charter review privacy --all"), "{}", warnings[0]);
    site.build(&["--strict"]).assert_failure();

    let mut review = site.command("review");
    review.args(["privacy", "--all"]);
    let review = Run::of(&mut review);
    review.assert_success();
    for f in &files {
        let text = site.read(&format!("history/privacy/{f}"));
        assert!(!text.contains("proposed = true"), "{f}: {text}");
    }
    assert!(
        site.read(&format!("history/privacy/{}", files[2]))
            .contains("editorial = true")
    );
    let check = site.check();
    check.assert_success();
    assert!(!check.stderr.contains("proposed"), "{}", check.stderr);
    site.build_ok(&["--strict"]);
}
