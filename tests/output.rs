//! The output folder: which folders a build may replace, the swap that puts
//! a new site in place of the old one even when the build is killed, and
//! paths that two parts of a site would both write.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;

const MARKER: &str = ".charter-output";

/// A folder of someone's own work, under version control.
fn precious_folder(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fs::create_dir_all(dir).unwrap();
    fs::write(dir.join("thesis.txt"), "Chapter one, draft four.\n").unwrap();
    git2::Repository::init(dir).unwrap();
    tree(dir)
}

fn built_into(site: &Site, dir: &Path, extra: &[&str]) -> Run {
    let mut args = vec!["--output", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    site.build(&args)
}

// ---------------------------------------------------------------------------
// Which folders a build replaces

#[test]
fn a_folder_charter_did_not_make_is_refused_and_kept() {
    let site = Site::example();
    let dir = site.outside().join("v");
    let before = precious_folder(&dir);
    let run = built_into(&site, &dir, &[]);
    run.assert_failure();
    let message = run.stderr.lines().find(|l| l.contains("refusing")).unwrap_or_default();
    assert!(
        message.contains(&dir.display().to_string()) && message.contains("--force") && message.contains("--output"),
        "the refusal names the folder and both ways out:\n{}",
        run.stderr
    );
    assert_same_tree(&before, &tree(&dir), "the refused folder");
    assert_eq!(staging_leftovers(site.outside()), Vec::<String>::new());
}

#[test]
fn force_replaces_a_folder_charter_did_not_make() {
    let site = Site::example();
    let dir = site.outside().join("v");
    precious_folder(&dir);
    built_into(&site, &dir, &["--force"]).assert_success();
    assert!(!dir.join("thesis.txt").exists() && !dir.join(".git").exists());
    assert!(site.output_at(dir.clone()).exists("/privacy/"));
    // Marked now: the next build needs no --force.
    built_into(&site, &dir, &[]).assert_success();
}

#[test]
fn an_empty_or_missing_folder_is_built_into() {
    let site = Site::example();
    let empty = site.outside().join("empty");
    fs::create_dir(&empty).unwrap();
    let missing = site.outside().join("not/yet/here");
    for dir in [empty, missing] {
        built_into(&site, &dir, &[]).assert_success();
        assert!(site.output_at(dir).exists("/privacy/"));
    }
}

#[test]
fn every_build_marks_its_output_the_same_way() {
    let site = Site::example();
    let (a, b) = (site.outside().join("a"), site.outside().join("b"));
    built_into(&site, &a, &[]).assert_success();
    built_into(&site, &b, &["--drafts"]).assert_success();
    let marker = fs::read(a.join(MARKER)).expect("the output is marked");
    assert!(String::from_utf8_lossy(&marker).contains("charter build"));
    assert_eq!(fs::read(b.join(MARKER)).unwrap(), marker);
    // The marker is no page: the sitemap lists pages only.
    let out = site.output_at(a);
    assert!(!out.text("/sitemap.xml").contains(MARKER));
}

#[test]
fn an_output_of_an_older_charter_needs_force_once() {
    let (site, out) = {
        let site = Site::example();
        site.build_ok(&[]);
        let out = site.public();
        (site, out)
    };
    // What a build without the marker left.
    fs::remove_file(out.dir.join(MARKER)).unwrap();
    let before = tree(&out.dir);
    let run = site.build(&[]);
    run.assert_failure();
    assert!(
        run.stderr.contains("older") && run.stderr.contains("--force once"),
        "the refusal explains the upgrade:\n{}",
        run.stderr
    );
    assert_same_tree(&before, &tree(&out.dir), "the old output");
    site.build_ok(&["--force"]);
    site.build_ok(&[]);
}

#[test]
fn a_git_checkout_made_inside_the_output_is_refused() {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    git2::Repository::init(&out.dir).unwrap();
    let before = tree(&out.dir);
    let run = site.build(&[]);
    run.assert_failure();
    assert!(
        run.stderr.contains(".git") && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_same_tree(&before, &tree(&out.dir), "the output with its checkout");
}

#[test]
fn a_file_is_refused_even_with_force() {
    let site = Site::example();
    let file = site.outside().join("notes.txt");
    fs::write(&file, "keep me").unwrap();
    let run = built_into(&site, &file, &["--force"]);
    run.assert_failure();
    assert!(run.stderr.contains("it is a file"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&file).unwrap(), "keep me");
}

// ---------------------------------------------------------------------------
// A build killed while it swaps the new site in

/// Builds the example into `public/`, then again with another base URL
/// (every page differs) with `CHARTER_FAULT_AT=step`: the build aborts at
/// that step, as if killed. Returns the site and the old and new trees.
type Tree = BTreeMap<String, Option<Vec<u8>>>;

fn killed_at(step: &str) -> (Site, Tree, Tree) {
    let site = Site::example();
    site.build_ok(&[]);
    let old = tree(&site.path("public"));
    let new_args = ["--date", DATE, "--base-url", "https://elsewhere.example"];
    let expected = site.outside().join("expected-new");
    built_into(&site, &expected, &new_args).assert_success();
    let new = tree(&expected);
    let run = Run::of(site.command("build").args(new_args).env("CHARTER_FAULT_AT", step));
    assert_ne!(run.code, Some(0), "the build was stopped at {step}:\n{}", run.stderr);
    assert_ne!(old, new);
    (site, old, new)
}

#[test]
fn a_build_killed_while_swapping_leaves_the_old_or_the_new_site() {
    for step in ["before-swap", "after-swap"] {
        let (site, old, new) = killed_at(step);
        let now = tree(&site.path("public"));
        assert!(
            now == old || now == new,
            "killed at {step}: public/ is neither the old nor the new site"
        );
        assert_eq!(
            staging_leftovers(site.root()).len(),
            1,
            "killed at {step}, the build left its staging folder"
        );
        // The next build clears what the killed one left.
        site.build_ok(&[]);
        assert_same_tree(&old, &tree(&site.path("public")), "the rebuilt site");
        assert_eq!(staging_leftovers(site.root()), Vec::<String>::new(), "after {step}");
    }
}

#[test]
fn only_charters_own_leftovers_are_cleared() {
    let site = Site::example();
    let theirs = [
        ".public.building-notes",
        ".public.building-abcdef.bak",
        ".drafts.building-abcdef",
    ];
    for name in theirs {
        fs::create_dir(site.path(name)).unwrap();
        fs::write(site.path(name).join("keep.txt"), "mine").unwrap();
    }
    let file = ".public.building-filexy";
    fs::write(site.path(file), "mine").unwrap();
    let ours = [
        ".public.building-X1y2Z3",
        ".public.old-output-abc123",
        ".old-output-ZZ99zz",
    ];
    for name in ours {
        fs::create_dir_all(site.path(name).join("previous/privacy")).unwrap();
    }
    site.build_ok(&[]);
    for name in ours {
        assert!(!site.path(name).exists(), "{name} was removed");
    }
    let mut left = staging_leftovers(site.root());
    left.sort();
    let mut expected: Vec<String> = theirs.iter().chain(&[file]).map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(left, expected, "charter's leftovers are gone, the rest is kept");
    for name in theirs {
        assert_eq!(fs::read_to_string(site.path(name).join("keep.txt")).unwrap(), "mine");
    }
}

// ---------------------------------------------------------------------------
// Paths two parts of the site would both write

/// A document file with front matter and one article.
fn document(title: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n\n## Scope {{#scope}}\n\nThis page covers the {title}.\n")
}

#[test]
fn a_document_named_after_a_site_page_is_refused_by_check_and_build() {
    let site = Site::example();
    site.build_ok(&[]);
    let before = tree(&site.path("public"));
    site.write("content/announcements.md", &document("Announcements policy"));
    let shown = site.shown("content/announcements.md");
    for run in [site.check(), site.build(&[])] {
        run.assert_failure();
        let d = run
            .diagnostic(&shown)
            .unwrap_or_else(|| panic!("names {shown}:\n{}", run.stderr));
        assert!(d.contains("announcements") && d.contains("rename"), "{d}");
    }
    assert_same_tree(&before, &tree(&site.path("public")), "the output");
}

#[test]
fn every_name_the_site_writes_at_its_top_is_refused_as_a_document() {
    let site = Site::example();
    site.build_ok(&[]);
    let documents: Vec<String> = fs::read_dir(site.path("content"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".md")
                .to_string()
        })
        .collect();
    let mut names: Vec<String> = fs::read_dir(site.path("public"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != MARKER && !documents.contains(n))
        .map(|n| n.split('.').next().unwrap().to_string())
        .collect();
    names.sort();
    names.dedup();
    assert!(names.len() >= 7, "{names:?}");
    for name in &names {
        site.write(&format!("content/{name}.md"), &document(name));
    }
    let run = site.check();
    run.assert_failure();
    let missed: Vec<_> = names
        .iter()
        .filter(|n| run.diagnostic(&site.shown(&format!("content/{n}.md"))).is_none())
        .collect();
    assert!(missed.is_empty(), "not refused: {missed:?}\n{}", run.stderr);
}
