//! Every version a file had in a repository's history, for `charter import
//! --git`. A legal record must not lose versions, so the walk goes on past a
//! deletion to the versions before it, and says where the file was absent.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use git2::{Commit, ObjectType, Oid, Repository, Tree, TreeWalkMode, TreeWalkResult};

use super::short;

/// A commit as messages name it: its id and committer time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    pub commit: String,
    /// Committer time, seconds since the epoch (UTC).
    pub time: i64,
}

impl Stamp {
    fn of(c: &Commit<'_>) -> Stamp {
        Stamp {
            commit: c.id().to_string(),
            time: c.time().seconds(),
        }
    }
}

/// One version of a file in a repository's history.
#[derive(Debug, Clone)]
pub struct FileVersion {
    pub commit: String,
    /// Committer time, seconds since the epoch (UTC).
    pub time: i64,
    pub summary: String,
    pub text: Vec<u8>,
}

/// A stretch of history without the file: from the commit that deleted it
/// to the one that added it again (None: still absent at HEAD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gap {
    pub path: PathBuf,
    pub deleted: Stamp,
    pub added: Option<Stamp>,
}

/// The versions of a file, oldest first, and the gaps between them.
#[derive(Debug, Default)]
pub struct FileHistory {
    pub versions: Vec<FileVersion>,
    /// Oldest first.
    pub gaps: Vec<Gap>,
}

/// Where the walk stands: following the file, or inside a stretch without it.
enum Walk {
    /// Not seen yet (HEAD and the commits just before it may lack it).
    Before,
    /// The file is in the commit seen last, this one.
    Present(Stamp),
    /// Absent since (going back) the commit that added it again, `added`;
    /// `deleted` is the oldest commit seen without it so far.
    Absent { added: Option<Stamp>, deleted: Stamp },
}

/// Every version of `path` on the first-parent history of HEAD, oldest
/// first: one per commit that changed it. A file deleted and added again
/// keeps its versions from before the deletion. With `follow`, the file's
/// earlier names are followed across renames. Works on bare repositories.
pub fn file_history(repo: &Repository, path: &Path, follow: bool) -> Result<FileHistory> {
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .context("the repository has no commits")?;
    let mut out = FileHistory::default();
    let mut path = path.to_path_buf();
    let mut walk = Walk::Before;
    let mut commit = Some(head);
    while let Some(c) = commit {
        let parent = c.parent(0).ok();
        let Some(blob) = file_at(repo, &c, &path)? else {
            let added = match walk {
                Walk::Before => None,
                Walk::Present(added) => Some(added),
                Walk::Absent { added, .. } => added,
            };
            walk = Walk::Absent {
                added,
                deleted: Stamp::of(&c),
            };
            commit = parent;
            continue;
        };
        if let Walk::Absent { added, deleted } = walk {
            out.gaps.push(Gap {
                path: path.clone(),
                deleted,
                added,
            });
        }
        walk = Walk::Present(Stamp::of(&c));
        let (before, earlier_name) = version_before(repo, parent.as_ref(), &c, &path, follow)?;
        if before != Some(blob) {
            out.versions.push(FileVersion {
                commit: c.id().to_string(),
                time: c.time().seconds(),
                summary: c.summary().ok().flatten().unwrap_or("").trim().to_string(),
                text: repo.find_blob(blob)?.content().to_vec(),
            });
        }
        if let Some(old) = earlier_name {
            path = old;
        }
        commit = parent;
    }
    out.versions.reverse();
    out.gaps.reverse();
    Ok(out)
}

/// The blob the file had in `parent`, under the same name or, with
/// `follow`, under the name `commit` renamed it from (returned too).
fn version_before(
    repo: &Repository,
    parent: Option<&Commit<'_>>,
    commit: &Commit<'_>,
    path: &Path,
    follow: bool,
) -> Result<(Option<Oid>, Option<PathBuf>)> {
    let Some(p) = parent else { return Ok((None, None)) };
    let same_name = file_at(repo, p, path)?;
    if same_name.is_some() || !follow {
        return Ok((same_name, None));
    }
    match renamed_from(repo, p, commit, path)? {
        Some(old) => Ok((file_at(repo, p, &old)?, Some(old))),
        None => Ok((None, None)),
    }
}

/// The blob at `path` in `commit`, None when there is nothing there. Refuses
/// what is not a plain file: a folder, a symbolic link, a submodule.
fn file_at(repo: &Repository, commit: &Commit<'_>, path: &Path) -> Result<Option<Oid>> {
    let Ok(entry) = commit.tree()?.get_path(path) else {
        return Ok(None);
    };
    let at = format!("{} at commit {}", path.display(), short(&commit.id().to_string()));
    match entry.kind() {
        Some(ObjectType::Blob) if entry.filemode() == 0o120000 => {
            let target = String::from_utf8_lossy(repo.find_blob(entry.id())?.content()).into_owned();
            let hint = match link_target(path, &target) {
                Some(t) => format!("import the file it points to instead: --path {}", t.display()),
                None => "it points outside the repository".to_string(),
            };
            bail!("{at} is a symbolic link to `{target}`, not a file: charter does not follow links; {hint}")
        }
        Some(ObjectType::Blob) => Ok(Some(entry.id())),
        Some(ObjectType::Tree) => {
            let tree = repo.find_tree(entry.id())?;
            bail!(
                "--path {} is a folder in commit {}, not a file: give the path of one file{}",
                path.display(),
                short(&commit.id().to_string()),
                suggestions(&tree, path)
            )
        }
        _ => bail!("{at} is a submodule, not a file: import from the submodule's own repository"),
    }
}

/// A few Markdown files of a folder, to suggest as `--path`.
fn suggestions(tree: &Tree<'_>, dir: &Path) -> String {
    const SHOWN: usize = 5;
    let mut found: Vec<String> = Vec::new();
    let mut more = 0;
    let _ = tree.walk(TreeWalkMode::PreOrder, |folder, entry| {
        let name = entry.name().unwrap_or("");
        if entry.kind() == Some(ObjectType::Blob) && entry.filemode() != 0o120000 && name.ends_with(".md") {
            if found.len() < SHOWN {
                found.push(dir.join(folder).join(name).display().to_string());
            } else {
                more += 1;
            }
        }
        TreeWalkResult::Ok
    });
    match (found.is_empty(), more) {
        (true, _) => " (it holds no .md file)".to_string(),
        (false, 0) => format!(", such as {}", found.join(", ")),
        (false, n) => format!(", such as {} (and {n} more)", found.join(", ")),
    }
}

/// Where a link at `path` to `target` leads, as a path from the top of the
/// repository; None when it leads outside (or is absolute).
fn link_target(path: &Path, target: &str) -> Option<PathBuf> {
    let mut out: Vec<Component<'_>> = Vec::new();
    let dir = path.parent().unwrap_or(Path::new(""));
    for c in dir.components().chain(Path::new(target).components()) {
        match c {
            Component::Normal(_) => out.push(c),
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out.iter().collect())
}

/// The name `path` had in `parent`, when `commit` renamed it.
fn renamed_from(repo: &Repository, parent: &Commit<'_>, commit: &Commit<'_>, path: &Path) -> Result<Option<PathBuf>> {
    let mut diff = repo.diff_tree_to_tree(Some(&parent.tree()?), Some(&commit.tree()?), None)?;
    diff.find_similar(Some(git2::DiffFindOptions::new().renames(true)))?;
    for delta in diff.deltas() {
        if delta.status() == git2::Delta::Renamed && delta.new_file().path() == Some(path) {
            return Ok(delta.old_file().path().map(Path::to_path_buf));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_target_is_resolved_from_the_links_folder() {
        assert_eq!(
            link_target(Path::new("terms.md"), "legal/terms.md"),
            Some("legal/terms.md".into())
        );
        assert_eq!(
            link_target(Path::new("a/b/x.md"), "../c/./y.md"),
            Some("a/c/y.md".into())
        );
        assert_eq!(link_target(Path::new("x.md"), "../outside.md"), None);
        assert_eq!(link_target(Path::new("x.md"), "/etc/passwd"), None);
    }
}
