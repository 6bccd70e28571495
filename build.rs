//! Records the git commit the binary was built from, for `charter --version`.
//! Outside a git checkout (a crate tarball), the version alone is shown.

use std::process::Command;

fn main() {
    // HEAD and the branch it names, wherever git keeps them: in a linked
    // worktree `.git` is a file, and a watched path that does not exist (or
    // every branch's ref, which other worktrees move) would make Cargo rerun
    // this script, and recompile the crate, on every build.
    let dir = git(&["rev-parse", "--path-format=absolute", "--git-dir"]);
    let common = git(&["rev-parse", "--path-format=absolute", "--git-common-dir"]);
    let mut watched = Vec::new();
    if let (Some(dir), Some(common)) = (dir, common) {
        watched.push(format!("{dir}/HEAD"));
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watched.push(format!("{common}/{branch}"));
        }
        watched.push(format!("{common}/packed-refs"));
    }
    watched.retain(|p| std::path::Path::new(p).exists());
    if watched.is_empty() {
        println!("cargo:rerun-if-changed=build.rs");
    }
    for path in watched {
        println!("cargo:rerun-if-changed={path}");
    }
    let commit = git(&["rev-parse", "--short=10", "HEAD"]);
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let full = match commit {
        Some(commit) => format!("{version} (commit {commit})"),
        None => version,
    };
    println!("cargo:rustc-env=CHARTER_VERSION={full}");
}

/// What `git ARGS` prints, trimmed; `None` when it fails or prints nothing.
fn git(args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
}
