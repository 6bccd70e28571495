//! Putting a finished build in place of the previous one, and clearing what
//! builds that were killed part way left beside the output.
//!
//! On Linux the two folders trade places in one system call
//! (`renameat2(RENAME_EXCHANGE)`), so the output is the old site or the new
//! one at every instant. Elsewhere, or on a file system without that call,
//! the old folder is moved aside and the new one moved in: a build killed
//! between those two renames leaves no output folder until the next build.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The prefix of a build's staging folder beside an output named `name`.
pub fn staging_prefix(name: &str) -> String {
    format!(".{name}.building-")
}

/// The prefix of the folder the previous output waits in while two renames
/// replace it.
fn old_prefix(name: &str) -> String {
    format!(".{name}.old-output-")
}

/// What older versions called that folder, whatever the output's name.
const LEGACY_OLD_PREFIX: &str = ".old-output-";

/// The random part tempfile adds after a prefix: six letters and digits.
const RANDOM_LEN: usize = 6;

/// Puts the folder `staged` at `target`, deleting what was there.
pub fn replace(staged: &Path, target: &Path, name: &str) -> Result<()> {
    fault_point("before-swap");
    if exchange(staged, target)? {
        fault_point("after-swap");
        // `staged` now holds the previous output.
        return remove_tree(staged)
            .with_context(|| format!("cannot remove the previous output, now in {}", staged.display()));
    }
    move_in(staged, target, name)
}

/// What systems without an atomic exchange get: a rename into a missing
/// target, or two renames over an existing one.
fn move_in(staged: &Path, target: &Path, name: &str) -> Result<()> {
    if fs::symlink_metadata(target).is_err() {
        return fs::rename(staged, target).with_context(|| format!("cannot move the new site to {}", target.display()));
    }
    renames(staged, target, name)
}

/// Swaps `staged` and `target` atomically. Ok(false) when this system or
/// file system cannot, or there is no `target` to swap with.
#[cfg(target_os = "linux")]
fn exchange(staged: &Path, target: &Path) -> Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, staged, CWD, target, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::NOENT | Errno::INVAL | Errno::NOSYS | Errno::OPNOTSUPP) => Ok(false),
        Err(e) => Err(std::io::Error::from(e))
            .with_context(|| format!("cannot swap the new site in for {}", target.display())),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_staged: &Path, _target: &Path) -> Result<bool> {
    Ok(false)
}

/// `rename` cannot replace a non-empty folder: move the old one aside, move
/// the new one in, then delete the old one. On failure the old one is put back.
fn renames(staged: &Path, target: &Path, name: &str) -> Result<()> {
    let parent = staged.parent().unwrap_or(Path::new("."));
    let old = tempfile::Builder::new()
        .prefix(&old_prefix(name))
        .tempdir_in(parent)
        .context("cannot make room for the previous output")?
        .keep();
    let aside = old.join("previous");
    if let Err(e) = fs::rename(target, &aside) {
        let _ = fs::remove_dir(&old);
        return Err(e).with_context(|| format!("cannot move the previous {} aside", target.display()));
    }
    if let Err(e) = fs::rename(staged, target) {
        let _ = fs::rename(&aside, target);
        let _ = fs::remove_dir(&old);
        return Err(e).with_context(|| format!("cannot move the new site to {}", target.display()));
    }
    fault_point("after-swap");
    remove_tree(&old).with_context(|| format!("cannot remove the previous output in {}", old.display()))
}

/// Deletes the staging and previous-output folders that killed builds of the
/// output `name` left in `parent`: only folders (never a file or a symbolic
/// link) whose names are one of charter's prefixes and six random characters.
/// Returns the folders removed.
pub fn remove_leftovers(parent: &Path, name: &str) -> Vec<PathBuf> {
    let prefixes = [staging_prefix(name), old_prefix(name), LEGACY_OLD_PREFIX.to_string()];
    let Ok(entries) = fs::read_dir(parent) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(file_name) = file_name.to_str() else { continue };
        let ours = prefixes.iter().any(|p| {
            file_name
                .strip_prefix(p.as_str())
                .is_some_and(|rest| rest.len() == RANDOM_LEN && rest.bytes().all(|b| b.is_ascii_alphanumeric()))
        });
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if ours && is_dir && remove_tree(&entry.path()).is_ok() {
            removed.push(entry.path());
        }
    }
    removed.sort();
    removed
}

/// `remove_dir_all`, one top-level entry per task: a site's output is tens
/// of thousands of files, and removing them one core at a time made a
/// rebuild half as long again as a cold build. A symbolic link is removed,
/// never followed: an output that was a link to a folder loses the link only.
fn remove_tree(path: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    if !fs::symlink_metadata(path)?.is_dir() {
        return fs::remove_file(path);
    }
    let entries: Vec<PathBuf> = fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|entry| match remove_tree(entry) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    })?;
    fs::remove_dir(path)
}

/// A seam for the tests of a killed build: with `CHARTER_FAULT_AT` set to
/// `step`, the process aborts there, as a kill would (no clean-up runs).
/// Release builds ignore it.
fn fault_point(step: &str) {
    #[cfg(debug_assertions)]
    if std::env::var_os("CHARTER_FAULT_AT").is_some_and(|at| at == step) {
        std::process::abort();
    }
    #[cfg(not(debug_assertions))]
    let _ = step;
}

#[cfg(test)]
mod tests {
    use super::*;

    type Swap = fn(&Path, &Path, &str) -> Result<()>;

    /// The system's best swap, and the fallback, which other systems get.
    const METHODS: [(&str, Swap); 2] = [("replace", replace), ("move_in", move_in)];

    fn site(dir: &Path, page: &str) {
        fs::create_dir_all(dir.join("a/b")).unwrap();
        fs::write(dir.join("a/b/index.html"), page).unwrap();
    }

    fn page(dir: &Path) -> String {
        fs::read_to_string(dir.join("a/b/index.html")).unwrap()
    }

    #[test]
    fn both_methods_replace_the_target_and_leave_nothing_beside_it() {
        for (method, swap) in METHODS {
            let tmp = tempfile::tempdir().unwrap();
            let (staged, target) = (tmp.path().join(".out.building-abcdef"), tmp.path().join("out"));
            site(&staged, "first");
            swap(&staged, &target, "out").unwrap();
            assert_eq!(page(&target), "first", "{method} into a missing target");
            site(&staged, "second");
            swap(&staged, &target, "out").unwrap();
            assert_eq!(page(&target), "second", "{method} over an old target");
            let names: Vec<_> = fs::read_dir(tmp.path())
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect();
            assert_eq!(names, ["out"], "{method}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn an_output_that_is_a_link_loses_the_link_not_what_it_points_at() {
        for (method, swap) in METHODS {
            let tmp = tempfile::tempdir().unwrap();
            let (elsewhere, target) = (tmp.path().join("www"), tmp.path().join("out"));
            site(&elsewhere, "kept");
            std::os::unix::fs::symlink(&elsewhere, &target).unwrap();
            let staged = tmp.path().join(".out.building-abcdef");
            site(&staged, "new");
            swap(&staged, &target, "out").unwrap();
            assert_eq!(page(&target), "new", "{method}");
            assert_eq!(page(&elsewhere), "kept", "{method}");
        }
    }

    #[test]
    fn leftovers_are_only_charters_own_folders_for_this_output() {
        let tmp = tempfile::tempdir().unwrap();
        let ours = [".out.building-a1B2c3", ".out.old-output-zzzzzz", ".old-output-Q9q9q9"];
        let theirs = [
            ".out.building-abc",
            ".other.building-a1B2c3",
            "out.building-a1B2c3",
            ".out.building-a1B2c3x",
        ];
        for name in ours.iter().chain(&theirs) {
            site(&tmp.path().join(name), "x");
        }
        fs::write(tmp.path().join(".out.building-filexx"), "a file").unwrap();
        let removed = remove_leftovers(tmp.path(), "out");
        let mut expected: Vec<_> = ours.iter().map(|n| tmp.path().join(n)).collect();
        expected.sort();
        assert_eq!(removed, expected);
        for name in theirs.iter().chain(&[".out.building-filexx"]) {
            assert!(tmp.path().join(name).exists(), "{name} was kept");
        }
    }
}
