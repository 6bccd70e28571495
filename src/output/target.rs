//! Which folders a build may replace: a build deletes its output folder's
//! contents, so it replaces only a folder it made itself, an empty one or a
//! missing one, unless told otherwise with `--force`.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Result, bail};

/// The file every build writes at the top of its output: its presence says
/// that charter made the folder and may replace it.
pub const MARKER: &str = ".charter-output";

/// What the marker holds: the same in every build, so that builds stay
/// byte-identical.
pub const MARKER_TEXT: &str = "This folder was built by `charter build`, which replaces it whole on every build:\n\
                               anything else put in it is deleted by the next build.\n";

/// The site's own inputs: an output inside any of them would destroy it.
const SITE_INPUTS: &[&str] = &["site.toml", "content", "history", "themes", ".git"];

/// Refuses an output folder whose replacement would destroy the site itself
/// (always) or anything charter did not make (unless `force`).
pub fn check_target(root: &Path, target: &Path, force: bool) -> Result<()> {
    let (root, target_abs) = (resolved(root), resolved(target));
    let refuse = |why: String| -> Result<()> {
        bail!(
            "refusing to build into {}: {why}, and a build replaces its output folder entirely: choose another --output",
            target.display()
        )
    };
    if root.starts_with(&target_abs) {
        return refuse("it contains the site itself".into());
    }
    if let Some(input) = SITE_INPUTS.iter().find(|i| target_abs.starts_with(root.join(i))) {
        return refuse(format!("it is inside the site's own `{input}`"));
    }
    if target_abs.is_file() {
        return refuse("it is a file".into());
    }
    if target_abs.join("site.toml").exists() || target_abs.join("content").is_dir() {
        return refuse("it looks like a site (it has site.toml or content/)".into());
    }
    if force {
        return Ok(());
    }
    match not_replaceable(&target_abs) {
        Some(why) => bail!(
            "refusing to build into {}: {why}. A build deletes everything in its output folder: choose another \
             --output, or pass --force to replace this folder and lose what it holds",
            target.display()
        ),
        None => Ok(()),
    }
}

/// Why a build may not replace `dir` without `--force`; None when it may: it
/// is missing, empty, or a charter output holding nothing a user keeps.
fn not_replaceable(dir: &Path) -> Option<String> {
    let mut entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return None,
        Err(e) => return Some(format!("it cannot be read ({e})")),
    };
    // An empty folder holds nothing to lose.
    let _first = entries.next()?;
    if !dir.join(MARKER).is_file() {
        return Some(format!(
            "it is not empty and charter did not make it (it has no {MARKER} file; an output built by a charter \
             older than that file needs --force once)"
        ));
    }
    // A deployment checkout made inside the output (`git init` in public/).
    dir.join(".git")
        .symlink_metadata()
        .is_ok()
        .then(|| "it holds a git repository (.git), which a build would delete".to_string())
}

/// An absolute path with `.` and `..` resolved and symbolic links followed as
/// far as the path exists, so that `site/..` is recognised as the parent.
fn resolved(p: &Path) -> PathBuf {
    let abs = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        match Path::new(&name).components().next() {
            Some(Component::ParentDir) => {
                out.pop();
            }
            Some(Component::CurDir) | None => {}
            _ => out.push(name),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_site_as_output() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("site.toml"), "").unwrap();
        for force in [false, true] {
            assert!(check_target(tmp.path(), tmp.path(), force).is_err());
            assert!(check_target(tmp.path(), &tmp.path().join("public"), force).is_ok());
            assert!(check_target(&tmp.path().join("sub"), tmp.path(), force).is_err());
            for inside in ["content", "history/privacy", "site.toml", "themes/x"] {
                assert!(
                    check_target(tmp.path(), &tmp.path().join(inside), force).is_err(),
                    "{inside}"
                );
            }
        }
        fs::create_dir_all(tmp.path().join("site")).unwrap();
        assert!(check_target(&tmp.path().join("site"), &tmp.path().join("site/.."), true).is_err());
    }

    #[test]
    fn replaces_only_missing_empty_or_marked_folders_unless_forced() {
        let tmp = tempfile::tempdir().unwrap();
        let (root, out) = (tmp.path().join("site"), tmp.path().join("out"));
        fs::create_dir_all(&root).unwrap();
        assert!(check_target(&root, &out, false).is_ok(), "missing");
        fs::create_dir(&out).unwrap();
        assert!(check_target(&root, &out, false).is_ok(), "empty");
        fs::write(out.join("notes.txt"), "mine").unwrap();
        let e = check_target(&root, &out, false).unwrap_err().to_string();
        assert!(e.contains(&out.display().to_string()) && e.contains("--force"), "{e}");
        assert!(check_target(&root, &out, true).is_ok(), "forced");
        fs::write(out.join(MARKER), MARKER_TEXT).unwrap();
        assert!(check_target(&root, &out, false).is_ok(), "marked");
        fs::create_dir(out.join(".git")).unwrap();
        let e = check_target(&root, &out, false).unwrap_err().to_string();
        assert!(e.contains(".git"), "{e}");
    }
}
