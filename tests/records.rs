//! The published record: history/.log and its checks, signed checkpoints
//! in builds, and `charter verify` from the outside.

mod common;

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use common::*;
use git2::Repository;

/// A new key outside the site: (private key file, public key file).
fn keygen(site: &Site, name: &str) -> (PathBuf, PathBuf) {
    let key = site.outside().join(format!("{name}.key"));
    let run = Run::of(site.command("keygen").arg(&key).args(["--name", "mini.example"]));
    run.assert_success();
    let public = site.outside().join(format!("{name}.pub"));
    fs::write(&public, &run.stdout).unwrap();
    (key, public)
}

/// `charter build -o <outside>/<out>` signed with `key`.
fn build_signed(site: &Site, key: &Path, out: &str) -> PathBuf {
    let dir = site.outside().join(out);
    let run = Run::of(
        site.command("build")
            .env("CHARTER_SIGNING_KEY", key)
            .args(["--date", DATE, "-o"])
            .arg(&dir),
    );
    run.assert_success();
    dir
}

fn verify(site: &Site, dir: &Path, public: &Path, previous: Option<&Path>) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("charter").unwrap();
    cmd.arg("verify").arg(dir).arg("--key").arg(public);
    if let Some(p) = previous {
        cmd.arg("--previous").arg(p);
    }
    let _ = site;
    Run::of(&mut cmd)
}

fn assert_verify_fails(run: &Run, file: &str, why: &str) {
    run.assert_failure();
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains(&format!(": {file}: ")))
        .unwrap_or_else(|| panic!("no failure names {file}:\n{}", run.stderr));
    assert!(line.contains(why), "{line}");
}

#[test]
fn a_signed_build_is_byte_identical_twice_and_verifies() {
    let site = Site::minimal();
    let (key, public) = keygen(&site, "a");
    assert_eq!(fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    let one = build_signed(&site, &key, "one");
    let two = build_signed(&site, &key, "two");
    assert_same_tree(&tree(&one), &tree(&two), "two signed builds");
    let run = verify(&site, &one, &public, None);
    run.assert_success();
    assert!(
        run.stdout.contains("proved: manifest/checkpoint is signed"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("hash chain"), "{}", run.stdout);
    assert!(run.stdout.contains("not proved: that the dates"), "{}", run.stdout);
    // Each served source file is the revision file, byte for byte.
    let out = Output::new(one.clone(), MINI_BASE);
    assert_eq!(
        out.text("/doc/revisions/2020-06-01/source.md"),
        site.read("history/doc/2020-06-01.md")
    );
    let published_key = out.text("/manifest/key");
    assert_eq!(published_key, fs::read_to_string(&public).unwrap());
    let checkpoint = out.text("/manifest/checkpoint");
    assert!(checkpoint.starts_with("mini.example\n3\n"), "{checkpoint}");
    assert!(checkpoint.contains("\n\n\u{2014} mini.example "), "{checkpoint}");
    for size in 1..=3 {
        assert!(out.exists(&format!("/manifest/checkpoints/{size}")));
    }
}

#[test]
fn an_unsigned_build_says_so_once_and_publishes_an_unsigned_checkpoint() {
    let site = Site::minimal();
    let run = site.build_ok(&[]);
    assert_eq!(run.stderr.matches("unsigned build").count(), 1, "{}", run.stderr);
    let checkpoint = site.public().text("/manifest/checkpoint");
    assert_eq!(checkpoint.lines().count(), 3, "{checkpoint}");
    assert!(!site.public().exists("/manifest/key"));
}

/// A signed build of the minimal site, its public key, and the output.
fn built() -> (Site, PathBuf, PathBuf) {
    let site = Site::minimal();
    let (key, public) = keygen(&site, "a");
    let dir = build_signed(&site, &key, "out");
    (site, public, dir)
}

#[test]
fn verify_names_an_edited_source_file() {
    let (site, public, dir) = built();
    let file = dir.join("doc/revisions/2020-06-01/source.md");
    let text = fs::read_to_string(&file).unwrap().replace("explanation", "exception");
    fs::write(&file, text).unwrap();
    let run = verify(&site, &dir, &public, None);
    assert_verify_fails(&run, "doc/revisions/2020-06-01/source.md", "leaf 1 records");
}

/// Rewrites the built manifest.json.
fn edit_manifest(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) {
    let path = dir.join("manifest.json");
    let mut json: serde_json::Value = serde_json::from_str(&fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut json);
    fs::write(path, serde_json::to_string_pretty(&json).unwrap()).unwrap();
}

#[test]
fn verify_names_the_manifest_when_a_leaf_is_removed_or_the_log_reordered() {
    let (site, public, dir) = built();
    edit_manifest(&dir, |j| {
        j["leaves"].as_array_mut().unwrap().remove(1);
    });
    let run = verify(&site, &dir, &public, None);
    assert_verify_fails(&run, "manifest.json", "it lists 2 leaves, but the checkpoint covers 3");

    let (site, public, dir) = built();
    edit_manifest(&dir, |j| {
        let leaves = j["leaves"].as_array_mut().unwrap();
        leaves.swap(0, 1);
        leaves[0]["index"] = 0.into();
        leaves[1]["index"] = 1.into();
    });
    let run = verify(&site, &dir, &public, None);
    assert_verify_fails(&run, "manifest.json", "do not hash to the checkpoint's root");
}

#[test]
fn verify_refuses_a_forged_checkpoint_and_one_from_another_key() {
    let (site, public, dir) = built();
    let path = dir.join("manifest/checkpoint");
    let forged = fs::read_to_string(&path).unwrap().replacen("\n3\n", "\n2\n", 1);
    fs::write(&path, forged).unwrap();
    let run = verify(&site, &dir, &public, None);
    assert_verify_fails(&run, "manifest/checkpoint", "does not verify");

    let (site, public, _) = built();
    let (other, _) = keygen(&site, "b");
    let dir = build_signed(&site, &other, "other");
    let run = verify(&site, &dir, &public, None);
    assert_verify_fails(&run, "manifest/checkpoint", "another key");
}

#[test]
fn verify_accepts_an_old_checkpoint_as_a_prefix_and_rejects_a_fork() {
    let site = Site::minimal();
    let (key, public) = keygen(&site, "a");
    let old = build_signed(&site, &key, "old");
    let saved = site.outside().join("saved-checkpoint");
    fs::copy(old.join("manifest/checkpoint"), &saved).unwrap();
    site.publish(
        "doc",
        &Publish::new(
            "2022-01-01",
            "A fourth article",
            &format!("{MINI_V3}\n## Fourth {{#fourth}}\n\nMore.\n"),
        )
        .change("fourth", None, "we added this article"),
    );
    let new = build_signed(&site, &key, "new");
    let run = verify(&site, &new, &public, Some(&saved));
    run.assert_success();
    assert!(
        run.stdout.contains("(tree size 3) is a prefix of this log"),
        "{}",
        run.stdout
    );

    // A fork: the same site, the same key, another second revision.
    let fork = Site::minimal();
    fork.edit("history/doc/2021-01-01.md", |t| {
        t.replace("Added a third article", "Added article three")
    });
    let log = fork.read("history/.log");
    let leaf = log.lines().nth(2).unwrap().to_string();
    let sha = sha256_hex(&fork.read("history/doc/2021-01-01.md"));
    fork.write(
        "history/.log",
        &log.replace(&leaf, &format!("{} {sha}", &leaf[..leaf.len() - 65])),
    );
    let forked = fork.outside().join("forked");
    let run = Run::of(
        fork.command("build")
            .env("CHARTER_SIGNING_KEY", &key)
            .args(["--date", DATE, "-o"])
            .arg(&forked),
    );
    run.assert_success();
    let forked_checkpoint = site.outside().join("forked-checkpoint");
    fs::copy(forked.join("manifest/checkpoint"), &forked_checkpoint).unwrap();
    let run = verify(&site, &new, &public, Some(&forked_checkpoint));
    let named = forked_checkpoint.display().to_string();
    assert_verify_fails(&run, &named, "not a prefix of this log");
}

#[test]
fn a_key_inside_the_site_readable_by_others_or_tracked_by_git_is_refused() {
    let site = Site::minimal();
    let (key, _) = keygen(&site, "a");
    let inside = site.path("signing.key");
    fs::copy(&key, &inside).unwrap();
    fs::set_permissions(&inside, fs::Permissions::from_mode(0o600)).unwrap();
    let run = Run::of(
        site.command("build")
            .env("CHARTER_SIGNING_KEY", &inside)
            .args(["--date", DATE]),
    );
    run.assert_failure();
    assert!(run.stderr.contains("is inside the site folder"), "{}", run.stderr);
    assert!(!site.path("public").exists());

    fs::set_permissions(&key, fs::Permissions::from_mode(0o644)).unwrap();
    let run = Run::of(
        site.command("build")
            .env("CHARTER_SIGNING_KEY", &key)
            .args(["--date", DATE]),
    );
    run.assert_failure();
    assert!(
        run.stderr.contains("can be read by other users (mode 644)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("chmod 600"), "{}", run.stderr);

    // In a repository of its own, next to the site: tracked, so refused.
    let keys = site.outside().join("keys");
    fs::create_dir(&keys).unwrap();
    let repo = Repository::init(&keys).unwrap();
    let tracked = keys.join("site.key");
    fs::copy(&key, &tracked).unwrap();
    fs::set_permissions(&tracked, fs::Permissions::from_mode(0o600)).unwrap();
    let mut index = repo.index().unwrap();
    index.add_path(Path::new("site.key")).unwrap();
    index.write().unwrap();
    let run = Run::of(
        site.command("build")
            .env("CHARTER_SIGNING_KEY", &tracked)
            .args(["--date", DATE]),
    );
    run.assert_failure();
    assert!(
        run.stderr.contains("is tracked by the git repository"),
        "{}",
        run.stderr
    );

    let run = Run::of(site.command("keygen").arg(site.path("new.key")).args(["--name", "x"]));
    run.assert_failure();
    assert!(!site.path("new.key").exists());
}

#[test]
fn check_catches_a_changed_a_removed_and_a_reordered_leaf() {
    let site = Site::minimal();
    site.check().assert_success();
    let log = site.read("history/.log");
    let lines: Vec<&str> = log.lines().collect();

    site.write("history/.log", &log.replace(&lines[1][lines[1].len() - 4..], "0000"));
    let run = site.check();
    run.assert_failure();
    let d = run
        .diagnostic(&format!("{}:2:", site.shown("history/.log")))
        .expect("names line 2");
    assert!(d.contains("the file changed after it was recorded"), "{d}");

    site.write("history/.log", &format!("{}\n{}\n", lines[0], lines[2]));
    let run = site.check();
    run.assert_failure();
    let d = run
        .diagnostic(&site.shown("history/doc/2020-06-01.md"))
        .expect("names the file");
    assert!(d.contains("no leaf of"), "{d}");

    site.write("history/.log", &format!("{}\n{}\n{}\n", lines[0], lines[2], lines[1]));
    let run = site.check();
    run.assert_failure();
    let d = run
        .diagnostic(&format!("{}:3:", site.shown("history/.log")))
        .expect("names line 3");
    assert!(d.contains("was reordered"), "{d}");
}

#[test]
fn in_git_a_committed_leaf_may_not_change_even_with_its_file() {
    let site = Site::minimal();
    let repo = Repository::init(site.root()).unwrap();
    let files = [
        "site.toml",
        "content/doc.md",
        "history/.log",
        "history/doc/2020-01-01.md",
        "history/doc/2020-06-01.md",
        "history/doc/2021-01-01.md",
    ];
    let texts: Vec<String> = files.iter().map(|f| site.read(f)).collect();
    let entries: Vec<(&str, Option<&str>)> = files.iter().zip(&texts).map(|(f, t)| (*f, Some(t.as_str()))).collect();
    git_commit(&repo, &entries, "Publish", 0, 0);
    site.check().assert_success();
    // Removing the last leaf and its file passes the log's own check, not git's.
    let log = site.read("history/.log");
    let kept: String = log.lines().take(2).map(|l| format!("{l}\n")).collect();
    site.write("history/.log", &kept);
    site.remove("history/doc/2021-01-01.md");
    let run = site.check();
    run.assert_failure();
    let d = run
        .diagnostic(&format!("{}:3:", site.shown("history/.log")))
        .expect("names line 3");
    assert!(d.contains("is missing from the file on disk"), "{d}");
    assert!(d.contains("git checkout"), "{d}");
}

#[test]
fn a_site_without_a_log_is_told_to_write_one_and_record_never_rewrites() {
    let site = Site::minimal();
    site.remove("history/.log");
    let run = site.check();
    run.assert_success();
    assert!(run.stderr.contains("run `charter record`"), "{}", run.stderr);
    let run = Run::of(&mut site.command("record"));
    run.assert_success();
    assert!(run.stderr.contains("appended 3 leaves"), "{}", run.stderr);
    let written = site.read("history/.log");
    assert_eq!(written.lines().count(), 3);
    let run = site.check();
    run.assert_success();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // Outside git, a leaf whose file changed is never rewritten.
    site.edit("history/doc/2020-01-01.md", |t| t.replace("First version", "First one"));
    let run = Run::of(&mut site.command("record"));
    run.assert_failure();
    assert!(run.stderr.contains(":1: "), "{}", run.stderr);
    assert_eq!(site.read("history/.log"), written);
}

#[test]
fn revise_appends_the_new_revisions_leaf() {
    let site = Site::minimal();
    site.write(
        "content/doc.md",
        &format!("{MINI_V3}\n## Fourth {{#fourth}}\n\nMore.\n"),
    );
    let run = Run::of(site.command("revise").args([
        "doc",
        "--summary",
        "A fourth article",
        "--date",
        "2022-01-01",
        "--change",
        "fourth=we added this article",
    ]));
    run.assert_success();
    let log = site.read("history/.log");
    let last = log.lines().last().unwrap();
    let sha = sha256_hex(&site.read("history/doc/2022-01-01.md"));
    assert_eq!(last, format!("doc 2022-01-01 2022-01-01 2022-01-01 {sha}"));
    site.check().assert_success();
}

#[test]
fn the_example_site_has_a_log_that_checks_clean() {
    let site = Site::example();
    let run = site.check();
    run.assert_success();
    assert!(!run.stderr.contains("history/.log"), "{}", run.stderr);
    assert_eq!(site.read("history/.log").lines().count(), 6);
}

#[test]
fn review_records_the_accepted_revision_anew() {
    let site = Site::minimal();
    site.write(
        "content/doc.md",
        &format!("{MINI_V3}\n## Fourth {{#fourth}}\n\nMore.\n"),
    );
    let run = Run::of(
        site.command("revise")
            .args(["doc", "--summary", "A fourth article", "--date", "2022-01-01"]),
    );
    run.assert_success();
    let proposed = site.read("history/.log");
    let run = Run::of(site.command("review").arg("doc"));
    run.assert_success();
    let accepted = site.read("history/.log");
    assert_ne!(proposed, accepted, "the leaf follows the file");
    let sha = sha256_hex(&site.read("history/doc/2022-01-01.md"));
    assert!(accepted.ends_with(&format!(" {sha}\n")), "{accepted}");
    let run = site.check();
    run.assert_success();
    assert!(!run.stderr.contains("history/.log"), "{}", run.stderr);
}

#[test]
fn a_revision_to_be_published_later_holds_back_the_checkpoint() {
    let site = Site::minimal();
    site.publish(
        "doc",
        &Publish::new(
            "2030-01-01",
            "Later",
            &format!("{MINI_V3}\n## Fourth {{#fourth}}\n\nMore.\n"),
        )
        .change("fourth", None, "we added this article"),
    );
    let run = site.build_ok(&[]);
    assert!(
        run.stderr.contains("is not in this build's checkpoint"),
        "{}",
        run.stderr
    );
    let out = site.public();
    assert!(out.text("/manifest/checkpoint").starts_with("mini.example\n3\n"));
    assert!(!out.exists("/doc/revisions/2030-01-01/source.md"));
    assert!(!out.exists("/manifest/checkpoints/4"));
}
