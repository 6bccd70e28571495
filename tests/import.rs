//! `charter import`: existing policies brought under charter, from a Markdown
//! file or from every version in a git repository (built here with git2 and
//! fixed dates).

mod common;

use std::path::Path;

use common::*;
use git2::{Repository, Signature, Time};

fn import(site: &Site, args: &[&str]) -> Run {
    let mut cmd = site.command("import");
    cmd.args(args);
    Run::of(&mut cmd)
}

fn fixture(name: &str) -> String {
    repo().join("tests/fixtures/import").join(name).display().to_string()
}

/// A site with settings only.
fn bare_site() -> Site {
    let site = Site::empty();
    site.write("site.toml", &format!("title = \"Mini\"\nbase_url = \"{MINI_BASE}\"\n"));
    site
}

#[test]
fn each_fixture_shape_imports_into_a_valid_document() {
    for name in [
        "plain-h2.md",
        "setext.md",
        "yaml-front-matter.md",
        "escaped-numbers.md",
        "with-ids.md",
        "revision-block.md",
    ] {
        let site = bare_site();
        let run = import(&site, &[&fixture(name), "--id", "policy"]);
        run.assert_success();
        assert!(
            run.stderr.contains(&site.shown("content/policy.md")),
            "{name}: {}",
            run.stderr
        );
        let text = site.read("content/policy.md");
        assert!(text.starts_with("+++\ntitle = "), "{name}: {text}");
        assert!(
            !text.contains('\r') && text.ends_with('\n') && !text.ends_with("\n\n"),
            "{name}"
        );
        let check = site.check();
        check.assert_success();
    }
}

#[test]
fn a_revision_information_block_becomes_the_first_revision() {
    let site = bare_site();
    import(&site, &[&fixture("revision-block.md"), "--id", "privacy"]).assert_success();
    let revisions: Vec<_> = std::fs::read_dir(site.path("history/privacy"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(revisions.len(), 1, "{revisions:?}");
    let rev = site.read(&format!("history/privacy/{}", revisions[0].to_string_lossy()));
    assert!(rev.contains("[[changes]]"), "{rev}");
    assert!(rev.ends_with(&site.read("content/privacy.md")));
    site.check().assert_success();
    site.build_ok(&[]);
}

#[test]
fn import_never_overwrites() {
    let site = bare_site();
    import(&site, &[&fixture("plain-h2.md"), "--id", "policy"]).assert_success();
    let before = tree(site.root());
    let run = import(&site, &[&fixture("setext.md"), "--id", "policy"]);
    run.assert_failure();
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_same_tree(&before, &tree(site.root()), "the site");
}

#[test]
fn a_text_without_a_title_asks_for_one() {
    let site = bare_site();
    site.write("in.md", "## One\n\nText.\n");
    let run = import(&site, &[site.path("in.md").to_str().unwrap(), "--id", "policy"]);
    run.assert_failure();
    assert!(
        run.stderr.contains("in.md:1:") && run.stderr.contains("--title"),
        "{}",
        run.stderr
    );
    let run = import(
        &site,
        &[
            site.path("in.md").to_str().unwrap(),
            "--id",
            "policy",
            "--title",
            "Policy",
        ],
    );
    run.assert_success();
}

#[test]
fn a_bad_id_is_refused() {
    let site = bare_site();
    let run = import(&site, &[&fixture("plain-h2.md"), "--id", "../evil"]);
    run.assert_failure();
    assert!(!site.path("content").exists());
}

// ---------------------------------------------------------------------------
// --git

const DAY: i64 = 86_400;
const START: i64 = HISTORY_START;

/// Commits `files` (path, Some(text) to write, None to delete) on `day`.
fn commit(repo: &Repository, files: &[(&str, Option<&str>)], message: &str, day: i64) -> String {
    git_commit(repo, files, message, day * DAY, 0)
}

const V1: &str = "# Terms\n\n## Accounts\n\nYou need an account.\n\n## Conduct\n\nBe kind.\n";
const V2: &str = "# Terms\n\n## Accounts\n\nYou need an account, and one only.\n\n## Conduct\n\nBe kind.\n";
const V3: &str = "# Terms\n\n## Accounts\n\nYou need an account, and one only.\n\n## Conduct\n\nBe kind to everyone.\n";

/// A repository where `terms.md` is written, edited, left alone, renamed to
/// `legal/terms.md` and edited again.
fn policy_repo(dir: &Path) -> Vec<String> {
    let repo = Repository::init(dir).unwrap();
    vec![
        commit(&repo, &[("terms.md", Some(V1))], "First terms", 0),
        commit(&repo, &[("terms.md", Some(V2))], "One account per person", 30),
        commit(&repo, &[("README.md", Some("hello\n"))], "Unrelated", 40),
        commit(
            &repo,
            &[("terms.md", None), ("legal/terms.md", Some(V2))],
            "Move the terms",
            50,
        ),
        commit(&repo, &[("legal/terms.md", Some(V3))], "Kindness for all", 60),
    ]
}

#[test]
fn git_import_backfills_one_revision_per_distinct_text_following_renames() {
    let site = bare_site();
    let repo_dir = site.outside().join("policy-repo");
    let commits = policy_repo(&repo_dir);
    let run = import(
        &site,
        &[
            "--git",
            repo_dir.to_str().unwrap(),
            "--path",
            "legal/terms.md",
            "--id",
            "terms",
            "--follow",
        ],
    );
    run.assert_success();
    let mut names: Vec<String> = std::fs::read_dir(site.path("history/terms"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, vec!["2020-01-01.md", "2020-01-31.md", "2020-03-01.md"]);
    let second = site.read("history/terms/2020-01-31.md");
    assert!(second.contains("summary = \"One account per person\""), "{second}");
    assert!(second.contains(&format!("commit = \"{}\"", commits[1])), "{second}");
    assert!(
        second.contains("article = \"accounts\""),
        "changes proposed from the diff: {second}"
    );
    site.check().assert_success();

    // Without --follow, history stops at the rename.
    let site2 = bare_site();
    import(
        &site2,
        &[
            "--git",
            repo_dir.to_str().unwrap(),
            "--path",
            "legal/terms.md",
            "--id",
            "terms",
        ],
    )
    .assert_success();
    let count = std::fs::read_dir(site2.path("history/terms")).unwrap().count();
    assert_eq!(count, 2, "the version added by the rename, and the later edit");
}

#[test]
fn git_import_again_adds_only_new_revisions() {
    let site = bare_site();
    let repo_dir = site.outside().join("policy-repo");
    policy_repo(&repo_dir);
    let args = [
        "--git",
        repo_dir.to_str().unwrap(),
        "--path",
        "legal/terms.md",
        "--id",
        "terms",
        "--follow",
    ];
    import(&site, &args).assert_success();
    let before = tree(&site.path("history"));
    let run = import(&site, &args);
    run.assert_success();
    assert!(run.stderr.contains("nothing new"), "{}", run.stderr);
    assert_same_tree(&before, &tree(&site.path("history")), "history");

    let repo = Repository::open(&repo_dir).unwrap();
    let v4 = V3.replace("everyone", "everyone, always");
    commit(&repo, &[("legal/terms.md", Some(&v4))], "Always", 90);
    import(&site, &args).assert_success();
    let mut after = tree(&site.path("history"));
    assert!(after.remove("terms/2020-03-31.md").is_some(), "the new revision");
    // The log only grew, by one leaf: its earlier leaves are as they were.
    let mut before = before;
    let log_before = String::from_utf8(before.remove(".log").flatten().expect("a log")).unwrap();
    let log_after = String::from_utf8(after.remove(".log").flatten().expect("a log")).unwrap();
    assert!(log_after.starts_with(&log_before), "{log_after}");
    assert_eq!(log_after.lines().count(), log_before.lines().count() + 1);
    assert_same_tree(&before, &after, "the earlier revisions");
    site.check().assert_success();
}

#[test]
fn git_import_reads_a_bare_repository() {
    let site = bare_site();
    let work = site.outside().join("work");
    policy_repo(&work);
    let bare_repo = git2::build::RepoBuilder::new()
        .bare(true)
        .clone(work.to_str().unwrap(), &site.outside().join("bare2.git"))
        .unwrap();
    assert!(bare_repo.is_bare());
    let run = import(
        &site,
        &[
            "--git",
            site.outside().join("bare2.git").to_str().unwrap(),
            "--path",
            "legal/terms.md",
            "--id",
            "terms",
        ],
    );
    run.assert_success();
    site.check().assert_success();
}

#[test]
fn git_import_of_a_missing_path_says_so() {
    let site = bare_site();
    let repo_dir = site.outside().join("policy-repo");
    policy_repo(&repo_dir);
    let run = import(
        &site,
        &[
            "--git",
            repo_dir.to_str().unwrap(),
            "--path",
            "nope.md",
            "--id",
            "terms",
        ],
    );
    run.assert_failure();
    assert!(run.stderr.contains("nope.md"), "{}", run.stderr);
}

/// The short commit id charter prints.
fn short(id: &str) -> &str {
    &id[..10]
}

/// Commits a symbolic link at `path` pointing to `target` (git mode 120000),
/// the way git stores one, whatever the platform running the test.
fn commit_symlink(repo: &Repository, path: &str, target: &str, message: &str, day: i64) -> String {
    let mut index = repo.index().unwrap();
    let entry = git2::IndexEntry {
        ctime: git2::IndexTime::new(0, 0),
        mtime: git2::IndexTime::new(0, 0),
        dev: 0,
        ino: 0,
        mode: 0o120000,
        uid: 0,
        gid: 0,
        file_size: 0,
        id: git2::Oid::ZERO_SHA1,
        flags: 0,
        flags_extended: 0,
        path: path.as_bytes().to_vec(),
    };
    index.add_frombuffer(&entry, target.as_bytes()).unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let sig = Signature::new("Legal", "legal@example.com", &Time::new(START + day * DAY, 0)).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
        .to_string()
}

#[test]
fn git_import_keeps_the_versions_before_a_deletion_and_says_when_the_file_was_absent() {
    let site = bare_site();
    let repo_dir = site.outside().join("policy-repo");
    let repo = Repository::init(&repo_dir).unwrap();
    commit(&repo, &[("drafts/terms.md", Some(V1))], "First terms", 0);
    commit(
        &repo,
        &[("drafts/terms.md", None), ("terms.md", Some(V1))],
        "Publish the terms",
        10,
    );
    commit(&repo, &[("terms.md", Some(V2))], "One account per person", 30);
    let deleted = commit(&repo, &[("terms.md", None)], "Withdraw the terms", 40);
    commit(&repo, &[("README.md", Some("hello\n"))], "Unrelated", 50);
    let added = commit(&repo, &[("terms.md", Some(V3))], "Terms again", 60);
    let args = |follow: bool| {
        let mut a = vec![
            "--git",
            repo_dir.to_str().unwrap(),
            "--path",
            "terms.md",
            "--id",
            "terms",
        ];
        if follow {
            a.push("--follow");
        }
        a
    };

    let run = import(&site, &args(true));
    run.assert_success();
    assert_eq!(
        history_names(&site, "terms"),
        vec!["2020-01-01.md", "2020-01-31.md", "2020-03-01.md"],
        "{}",
        run.stderr
    );
    let gap = format!(
        "terms.md was absent from commit {} (2020-02-10) to commit {} (2020-03-01)",
        short(&deleted),
        short(&added)
    );
    assert!(run.stderr.contains(&gap), "{}", run.stderr);
    let readded = site.read("history/terms/2020-03-01.md");
    assert!(readded.contains(&format!("commit = \"{added}\"")), "{readded}");
    assert!(
        readded.contains("previous = "),
        "chained to the version before the gap: {readded}"
    );
    site.check().assert_success();

    // The gap is bridged without --follow too: it is the same name.
    let site2 = bare_site();
    let run = import(&site2, &args(false));
    run.assert_success();
    assert_eq!(
        history_names(&site2, "terms"),
        vec!["2020-01-11.md", "2020-01-31.md", "2020-03-01.md"]
    );
    assert!(run.stderr.contains(&gap), "{}", run.stderr);

    // Deleted again at HEAD: every version is still imported, and a note says so.
    let gone = commit(&repo, &[("terms.md", None)], "Withdraw the terms again", 70);
    let site3 = bare_site();
    let run = import(&site3, &args(true));
    run.assert_success();
    assert_eq!(history_names(&site3, "terms"), history_names(&site, "terms"));
    let note = format!(
        "terms.md is not at HEAD: commit {} (2020-03-11) deleted it",
        short(&gone)
    );
    assert!(
        run.stderr.contains(&note) && run.stderr.contains(&gap),
        "{}",
        run.stderr
    );
}

#[test]
fn git_import_of_a_folder_says_to_give_a_file() {
    let site = bare_site();
    let repo_dir = site.outside().join("policy-repo");
    policy_repo(&repo_dir);
    let before = tree(site.root());
    let run = import(
        &site,
        &["--git", repo_dir.to_str().unwrap(), "--path", "legal", "--id", "terms"],
    );
    run.assert_failure();
    assert!(
        run.stderr.contains("--path legal is a folder")
            && run.stderr.contains("a file")
            && run.stderr.contains("legal/terms.md"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("ODB"), "no raw git error: {}", run.stderr);
    assert_same_tree(&before, &tree(site.root()), "the site");
}

#[test]
fn git_import_refuses_a_symbolic_link() {
    let site = bare_site();
    let repo_dir = site.outside().join("policy-repo");
    let repo = Repository::init(&repo_dir).unwrap();
    commit(&repo, &[("legal/terms.md", Some(V1))], "First terms", 0);
    let link = commit_symlink(&repo, "terms.md", "legal/terms.md", "A shortcut", 5);
    let before = tree(site.root());
    let args = [
        "--git",
        repo_dir.to_str().unwrap(),
        "--path",
        "terms.md",
        "--id",
        "terms",
        "--title",
        "Terms",
    ];
    let run = import(&site, &args);
    run.assert_failure();
    let expected = format!("terms.md at commit {} is a symbolic link", short(&link));
    assert!(
        run.stderr.contains(&expected) && run.stderr.contains("legal/terms.md"),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &tree(site.root()), "the site");

    // A link in an older commit is refused too, rather than imported as text.
    commit(&repo, &[("terms.md", Some(V2))], "The terms themselves", 9);
    let run = import(&site, &args);
    run.assert_failure();
    assert!(run.stderr.contains(&expected), "{}", run.stderr);
    assert_same_tree(&before, &tree(site.root()), "the site");
}

#[test]
fn import_outside_a_site_refuses_and_writes_nothing() {
    let site = Site::empty();
    let repo_dir = site.outside().join("policy-repo");
    policy_repo(&repo_dir);
    for args in [
        vec![fixture("plain-h2.md"), "--id".into(), "policy".into()],
        vec![
            "--git".into(),
            repo_dir.display().to_string(),
            "--path".into(),
            "legal/terms.md".into(),
            "--id".into(),
            "terms".into(),
        ],
    ] {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = import(&site, &args);
        run.assert_failure();
        let expected = format!("no site.toml in {}", site.root().display());
        assert!(
            run.stderr.contains(&expected) && run.stderr.contains("charter init"),
            "{}",
            run.stderr
        );
        assert!(tree(site.root()).is_empty(), "nothing written");
    }
}

#[test]
fn git_import_never_overwrites_a_revision_or_the_document() {
    let site = bare_site();
    let repo_dir = site.outside().join("policy-repo");
    policy_repo(&repo_dir);
    let args = [
        "--git",
        repo_dir.to_str().unwrap(),
        "--path",
        "legal/terms.md",
        "--id",
        "terms",
        "--follow",
    ];
    // A revision file already stands where the first import would write.
    site.write("history/terms/2020-01-31.md", "written by hand\n");
    let before = tree(site.root());
    let run = import(&site, &args);
    run.assert_failure();
    assert!(
        run.stderr.contains(&site.shown("history/terms/2020-01-31.md")) && run.stderr.contains("already exists"),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &tree(site.root()), "the site");

    // A working copy that differs from the latest version is left as it is.
    site.remove("history");
    site.write(
        "content/terms.md",
        "+++\ntitle = \"Terms\"\n+++\n\n## Draft {#draft}\n\nNot yet.\n",
    );
    let draft = site.read("content/terms.md");
    let run = import(&site, &args);
    run.assert_success();
    assert_eq!(site.read("content/terms.md"), draft);
    assert!(run.stderr.contains("was left as it is"), "{}", run.stderr);
}
