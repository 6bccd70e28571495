//! The finishing touches of the command line: --version, --quiet and
//! --verbose, completions, the man page, and a closed pipe.

mod common;

use std::io::Read;
use std::process::{Command as Process, Stdio};

use common::*;

fn charter(args: &[&str]) -> Run {
    let mut cmd = assert_cmd::Command::cargo_bin("charter").unwrap();
    cmd.args(args);
    Run::of(&mut cmd)
}

#[test]
fn version_names_the_release() {
    let run = charter(&["--version"]);
    run.assert_success();
    assert!(
        run.stdout
            .starts_with(&format!("charter {}", env!("CARGO_PKG_VERSION"))),
        "{}",
        run.stdout
    );
}

#[test]
fn quiet_build_prints_nothing_and_verbose_names_every_file() {
    let site = Site::example();
    let quiet = site.build(&["--quiet"]);
    quiet.assert_success();
    assert_eq!(quiet.stderr, "");
    let normal = site.build(&[]);
    assert!(
        normal
            .stderr
            .lines()
            .last()
            .unwrap()
            .starts_with("built 2 documents, 6 revisions, "),
        "{}",
        normal.stderr
    );
    let verbose = site.build(&["--verbose"]);
    let out = site.public();
    assert!(
        verbose
            .stderr
            .contains(&out.dir.join("privacy/index.html").display().to_string()),
        "{}",
        verbose.stderr
    );
    let wrote = verbose.stderr.lines().filter(|l| l.starts_with("wrote ")).count();
    assert_eq!(wrote, out.files().len(), "one line per file written");
}

#[test]
fn quiet_still_reports_errors() {
    let site = Site::minimal();
    site.edit("site.toml", |t| format!("{t}colour = 1\n"));
    let run = site.build(&["-q"]);
    run.assert_failure();
    assert!(run.stderr.contains("colour"), "{}", run.stderr);
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let run = charter(&["completions", shell]);
        run.assert_success();
        assert!(
            run.stdout.contains("revise") && run.stdout.contains("announce"),
            "{shell}"
        );
    }
    let man = charter(&["man"]);
    man.assert_success();
    assert!(
        man.stdout.contains(".TH charter 1"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
    // The list of commands points at each command's own page.
    assert!(man.stdout.contains("charter\\-build(1)"), "{}", man.stdout);
    let build = charter(&["man", "build"]);
    build.assert_success();
    assert!(build.stdout.contains(".TH charter-build 1"), "{}", build.stdout);
    assert!(build.stdout.contains("\\-\\-drafts"), "{}", build.stdout);
    let unknown = charter(&["man", "publish"]);
    assert_eq!(unknown.code, Some(1), "{}", unknown.stderr);
    assert!(
        unknown
            .stderr
            .contains("no command `publish`: choose one of build, check"),
        "{}",
        unknown.stderr
    );
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let site = Site::example();
    // A large output, read only a little of: like `charter diff … | head -1`.
    let mut child = Process::new(assert_cmd::cargo::cargo_bin("charter"))
        .args(["diff", "--root"])
        .arg(site.root())
        .args(["privacy", "2017-06-01", "2021-03-01", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    // stdout is dropped here: the pipe is closed.
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    assert!(
        matches!(out.status.code(), Some(0) | Some(1)),
        "{:?}: {stderr}",
        out.status
    );
}

#[test]
fn errors_quote_the_offending_line_and_point_at_the_column() {
    let site = Site::minimal();
    let rel = "history/doc/2020-06-01.md";
    site.edit(rel, |t| t.replace("date = 2020-06-01", "date = \"2020-6-1\""));
    let run = site.check();
    run.assert_failure();
    let d = run
        .diagnostic(&format!("{}:2: ", site.shown(rel)))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(d.contains("\n2 | date = \"2020-6-1\"\n  |        ^ column 8"), "{d}");
    assert!(d.contains("YYYY-MM-DD"), "says what to write: {d}");
}
