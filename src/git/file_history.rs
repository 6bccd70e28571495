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
    /// The committer's UTC offset then, in minutes: the day the committer
    /// saw on their calendar is the day of `time` at this offset.
    pub offset_minutes: i32,
}

impl Stamp {
    fn of(c: &Commit<'_>) -> Stamp {
        Stamp {
            commit: c.id().to_string(),
            time: c.time().seconds(),
            offset_minutes: c.time().offset_minutes(),
        }
    }
}

/// One version of a file in a repository's history.
#[derive(Debug, Clone)]
pub struct FileVersion {
    pub commit: String,
    /// Committer time, seconds since the epoch (UTC).
    pub time: i64,
    /// The committer's UTC offset, in minutes.
    pub offset_minutes: i32,
    /// What the commit says it did, on one line (see [`super::summary`]).
    pub summary: String,
    pub text: Vec<u8>,
}

/// How the walk went from one name of the file to an earlier one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoveKind {
    /// git sees a rename.
    Renamed,
    /// The earlier name was given with `--path`.
    Given,
    /// The earlier file disappeared in the commit that added this one, with
    /// content too different for git to call it a rename but alike enough.
    Similar,
}

/// The file had the name `from` before `commit` (going forward, it became `to`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Move {
    pub from: PathBuf,
    pub to: PathBuf,
    pub at: Stamp,
    pub kind: MoveKind,
}

/// The commit that added the oldest version found, and the Markdown files it
/// deleted that the walk did not follow: the history it may have missed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub path: PathBuf,
    pub added: Stamp,
    pub deleted: Vec<PathBuf>,
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
    /// The earlier names followed, oldest first.
    pub moves: Vec<Move>,
    /// Where the oldest version came from, when a commit added it.
    pub origin: Option<Origin>,
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

/// Every version of the file on the first-parent history of HEAD, oldest
/// first: one per commit that changed it. `paths` are the names it had,
/// oldest first; the walk starts from the last and goes on to the one before
/// where the later one is missing. A file deleted and added again keeps its
/// versions from before the deletion. With `follow`, the file's earlier
/// names are followed across renames, and to a file that disappeared in the
/// commit that added this one with content alike enough. Works on bare
/// repositories.
///
/// One loop of ~80 lines, on purpose: at each commit the path walked, the
/// earlier names still to try and the state of the walk change together,
/// and split apart they would be passed back and forth as one tuple.
pub fn file_history(repo: &Repository, paths: &[PathBuf], follow: bool) -> Result<FileHistory> {
    let head = repo
        .head()
        .and_then(|h| h.peel_to_commit())
        .context("the repository has no commits")?;
    let mut out = FileHistory::default();
    let mut older: Vec<PathBuf> = paths.to_vec();
    let mut path = older.pop().context("no --path given")?;
    let mut walk = Walk::Before;
    let mut commit = Some(head);
    while let Some(c) = commit {
        let parent = c.parent(0).ok();
        let Some(blob) = file_at(repo, &c, &path)? else {
            if let Some(earlier) = older.last()
                && file_at(repo, &c, earlier)?.is_some()
            {
                // The earlier name given: the walk goes on under it from here.
                let from = older.pop().unwrap_or_default();
                out.moves.push(Move {
                    from: from.clone(),
                    to: std::mem::replace(&mut path, from),
                    at: Stamp::of(&c),
                    kind: MoveKind::Given,
                });
                walk = Walk::Before;
                commit = Some(c);
                continue;
            }
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
        let before = version_before(repo, parent.as_ref(), &c, &path, follow, older.last())?;
        if before.blob != Some(blob) {
            out.versions.push(FileVersion {
                commit: c.id().to_string(),
                time: c.time().seconds(),
                offset_minutes: c.time().offset_minutes(),
                summary: super::summary(&c),
                text: repo.find_blob(blob)?.content().to_vec(),
            });
        }
        match before.earlier_name {
            Some((old, kind)) => {
                if older.last() == Some(&old) {
                    older.pop();
                }
                out.moves.push(Move {
                    from: old.clone(),
                    to: std::mem::replace(&mut path, old),
                    at: Stamp::of(&c),
                    kind,
                });
            }
            None if before.blob.is_none() => {
                out.origin = parent.as_ref().map(|p| origin(repo, p, &c, &path)).transpose()?;
            }
            None => {}
        }
        commit = parent;
    }
    out.versions.reverse();
    out.gaps.reverse();
    out.moves.reverse();
    Ok(out)
}

/// What the file was in the parent of the commit being walked.
struct Before {
    /// Its blob there, under the same name or an earlier one.
    blob: Option<Oid>,
    /// The earlier name, when the commit moved the file.
    earlier_name: Option<(PathBuf, MoveKind)>,
}

/// The blob the file had in `parent`: under the same name, under the earlier
/// name given with `--path` (`given`) or, with `follow`, under the name
/// `commit` renamed it from or of the file it replaced.
fn version_before(
    repo: &Repository,
    parent: Option<&Commit<'_>>,
    commit: &Commit<'_>,
    path: &Path,
    follow: bool,
    given: Option<&PathBuf>,
) -> Result<Before> {
    let none = Before {
        blob: None,
        earlier_name: None,
    };
    let Some(p) = parent else { return Ok(none) };
    let same_name = file_at(repo, p, path)?;
    if same_name.is_some() {
        return Ok(Before {
            blob: same_name,
            earlier_name: None,
        });
    }
    if let Some(g) = given
        && let Some(blob) = file_at(repo, p, g)?
    {
        return Ok(Before {
            blob: Some(blob),
            earlier_name: Some((g.clone(), MoveKind::Given)),
        });
    }
    if !follow {
        return Ok(none);
    }
    let tiers = [
        (None, MoveKind::Renamed),
        (Some(SIMILAR), MoveKind::Similar),
        (Some(SIMILAR_NAMED), MoveKind::Similar),
    ];
    for (threshold, kind) in tiers {
        if let Some(old) = renamed_from(repo, p, commit, path, threshold)?
            && (threshold != Some(SIMILAR_NAMED) || names_alike(&old, path))
        {
            return Ok(Before {
                blob: file_at(repo, p, &old)?,
                earlier_name: Some((old, kind)),
            });
        }
    }
    Ok(none)
}

/// How alike (in git's similarity, percent) a file deleted in the commit
/// that adds the followed one must be to count as its earlier name. git's
/// own rename threshold is 50; a policy rewritten while it moved keeps
/// less of its lines, and a commit that deletes one policy and adds an
/// unrelated one keeps far less.
const SIMILAR: u16 = 25;

/// Less alike still, for a file whose name says it is the same policy
/// (`privacy-statement.md` and `general-privacy-statement.md`): a policy
/// rewritten from end to end while it moved.
const SIMILAR_NAMED: u16 = 10;

/// True when every word of one file name is in the other: `privacy-statement`
/// and `general-privacy-statement`, not `privacy` and `cookies`.
fn names_alike(a: &Path, b: &Path) -> bool {
    let words = |p: &Path| -> Vec<String> {
        let stem = p
            .file_stem()
            .map(|s| s.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        stem.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let (a, b) = (words(a), words(b));
    let within = |x: &[String], y: &[String]| !x.is_empty() && x.iter().all(|w| y.contains(w));
    within(&a, &b) || within(&b, &a)
}

/// The commit that added the file at `path` (its parent `parent` lacks
/// it), with the Markdown files it deleted.
fn origin(repo: &Repository, parent: &Commit<'_>, commit: &Commit<'_>, path: &Path) -> Result<Origin> {
    let diff = repo.diff_tree_to_tree(Some(&parent.tree()?), Some(&commit.tree()?), None)?;
    let deleted = diff
        .deltas()
        .filter(|d| d.status() == git2::Delta::Deleted)
        .filter_map(|d| d.old_file().path().map(Path::to_path_buf))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    Ok(Origin {
        path: path.to_path_buf(),
        added: Stamp::of(commit),
        deleted,
    })
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

/// The name `path` had in `parent`, when `commit` renamed it (at git's
/// similarity `threshold`, or its default).
fn renamed_from(
    repo: &Repository,
    parent: &Commit<'_>,
    commit: &Commit<'_>,
    path: &Path,
    threshold: Option<u16>,
) -> Result<Option<PathBuf>> {
    let mut diff = repo.diff_tree_to_tree(Some(&parent.tree()?), Some(&commit.tree()?), None)?;
    let mut opts = git2::DiffFindOptions::new();
    opts.renames(true);
    if let Some(t) = threshold {
        opts.rename_threshold(t);
    }
    diff.find_similar(Some(&mut opts))?;
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
    fn names_alike_when_one_holds_every_word_of_the_other() {
        assert!(names_alike(
            Path::new("p/privacy-statement.md"),
            Path::new("q/general-privacy-statement.md")
        ));
        assert!(!names_alike(Path::new("privacy.md"), Path::new("cookies.md")));
    }

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
