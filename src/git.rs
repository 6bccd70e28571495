//! The little charter asks of git, named for what it means here. git is
//! always optional: a site outside a repository works fully, it only loses
//! the checks and records that need history.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use git2::{ObjectType, Oid, Repository, Tree};

use crate::load::HISTORY_DIR;

mod file_history;
mod summary;
pub use file_history::{FileHistory, FileVersion, Gap, MoveKind, Stamp, file_history};
pub use summary::summary;

/// A site's repository: `prefix` is the site root inside the work tree.
pub struct Repo {
    repo: Repository,
    workdir: PathBuf,
    prefix: PathBuf,
}

/// When a revision file was first committed, and what it held then.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    pub commit: String,
    pub blob: String,
}

impl Repo {
    /// The repository whose work tree holds `site_root`; None outside git.
    pub fn open(site_root: &Path) -> Option<Repo> {
        let repo = Repository::discover(site_root).ok()?;
        let workdir = std::fs::canonicalize(repo.workdir()?).ok()?;
        let root = std::fs::canonicalize(site_root).ok()?;
        let prefix = root.strip_prefix(&workdir).ok()?.to_path_buf();
        Some(Repo { repo, workdir, prefix })
    }

    fn in_repo(&self, site_rel: &Path) -> PathBuf {
        self.prefix.join(site_rel)
    }

    /// The commit HEAD points at, if there is one yet.
    pub fn head(&self) -> Option<String> {
        self.repo.head().ok()?.peel_to_commit().ok().map(|c| c.id().to_string())
    }

    /// True when `site_rel` is committed at HEAD with exactly the bytes on disk.
    pub fn is_committed_unchanged(&self, site_rel: &Path) -> bool {
        let Some(tree) = self.repo.head().ok().and_then(|h| h.peel_to_tree().ok()) else {
            return false;
        };
        let Ok(entry) = tree.get_path(&self.in_repo(site_rel)) else {
            return false;
        };
        self.hash_on_disk(site_rel).is_some_and(|oid| oid == entry.id())
    }

    /// The identity commits are made with; an error saying how to set one.
    pub fn signature(&self) -> Result<()> {
        self.repo
            .signature()
            .map(|_| ())
            .context("git has no author identity: set user.name and user.email (git config), then retry")
    }

    /// Commits the given site files, as they are on disk, on top of HEAD.
    pub fn commit_files(&self, site_rels: &[PathBuf], message: &str) -> Result<String> {
        let mut index = self.repo.index().context("cannot read the git index")?;
        for rel in site_rels {
            index
                .add_path(&self.in_repo(rel))
                .with_context(|| format!("cannot stage {}", rel.display()))?;
        }
        index.write().context("cannot write the git index")?;
        let tree_id = index.write_tree().context("cannot write the commit's tree")?;
        let tree = self.repo.find_tree(tree_id)?;
        let signature = self
            .repo
            .signature()
            .context("git has no author identity: set user.name and user.email (git config), then retry")?;
        let parent = self.repo.head().ok().and_then(|h| h.peel_to_commit().ok());
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        let id = self
            .repo
            .commit(Some("HEAD"), &signature, &signature, message, &tree, &parents)
            .context("cannot create the commit")?;
        Ok(id.to_string())
    }

    /// Every revision file that HEAD's first-parent history ever held, with
    /// the oldest commit holding it and its content then. Paths are relative
    /// to the site root (`history/<doc>/<rev>.md`).
    pub fn published_revisions(&self) -> Result<BTreeMap<PathBuf, Published>> {
        let mut found = BTreeMap::new();
        let Ok(head) = self.repo.head() else { return Ok(found) };
        if head.peel_to_commit().is_err() {
            return Ok(found);
        }
        let mut walk = self.repo.revwalk()?;
        walk.push_head()?;
        walk.simplify_first_parent()?;
        let history = self.in_repo(Path::new(HISTORY_DIR));
        // The history folder of the commit seen just before (a newer one) and its files.
        let mut last: Option<(Oid, Vec<PathBuf>)> = None;
        // Newest first: each sighting overwrites, so the oldest one stays.
        for oid in walk {
            let commit = self.repo.find_commit(oid?)?;
            let id = commit.id().to_string();
            let Ok(entry) = commit.tree()?.get_path(&history) else {
                last = None;
                continue;
            };
            let paths = match last.take() {
                // Unchanged folder (the common case): no need to list it again.
                Some((tree, paths)) if tree == entry.id() => paths,
                _ => {
                    let tree = self.repo.find_tree(entry.id())?;
                    let listed = files(&self.repo, &tree, Path::new(HISTORY_DIR))?;
                    for (path, blob) in &listed {
                        found.insert(
                            path.clone(),
                            Published {
                                commit: id.clone(),
                                blob: blob.to_string(),
                            },
                        );
                    }
                    listed.into_iter().map(|(p, _)| p).collect()
                }
            };
            for path in &paths {
                if let Some(p) = found.get_mut(path) {
                    p.commit.clone_from(&id);
                }
            }
            last = Some((entry.id(), paths));
        }
        Ok(found)
    }

    /// Every distinct content `site_rel` had in HEAD's first-parent
    /// history, oldest first, each with the oldest commit of its run: how
    /// an append-only file grew, commit by commit.
    pub fn file_versions(&self, site_rel: &Path) -> Result<Vec<(String, Vec<u8>)>> {
        let mut out: Vec<(String, Oid, Vec<u8>)> = Vec::new();
        let Ok(head) = self.repo.head() else {
            return Ok(Vec::new());
        };
        if head.peel_to_commit().is_err() {
            return Ok(Vec::new());
        }
        let mut walk = self.repo.revwalk()?;
        walk.push_head()?;
        walk.simplify_first_parent()?;
        let path = self.in_repo(site_rel);
        // Newest first: a run of commits with the same blob keeps its oldest.
        for oid in walk {
            let commit = self.repo.find_commit(oid?)?;
            let Ok(entry) = commit.tree()?.get_path(&path) else {
                continue;
            };
            match out.last_mut() {
                Some(last) if last.1 == entry.id() => last.0 = commit.id().to_string(),
                _ => {
                    let blob = self.repo.find_blob(entry.id())?;
                    out.push((commit.id().to_string(), entry.id(), blob.content().to_vec()));
                }
            }
        }
        Ok(out.into_iter().rev().map(|(c, _, b)| (c, b)).collect())
    }

    /// The git blob id of a site file as it is on disk now.
    pub fn blob_on_disk(&self, site_rel: &Path) -> Option<String> {
        self.hash_on_disk(site_rel).map(|o| o.to_string())
    }

    /// Read as the site's loader reads it: a link or special file has no
    /// blob (git would hash what it points to, or block on a FIFO).
    fn hash_on_disk(&self, site_rel: &Path) -> Option<Oid> {
        let path = self.workdir.join(self.in_repo(site_rel));
        let bytes = crate::load::input::read_regular(&path, crate::load::input::TEXT_LIMIT).ok()?;
        Oid::hash_object(ObjectType::Blob, &bytes).ok()
    }

    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }
}

/// The files two levels down a `history` tree: `history/<doc>/<file>`.
fn files(repo: &Repository, tree: &Tree<'_>, base: &Path) -> Result<Vec<(PathBuf, Oid)>> {
    let mut out = Vec::new();
    for doc in tree.iter() {
        if doc.kind() != Some(ObjectType::Tree) {
            continue;
        }
        let Ok(name) = doc.name() else { continue };
        let sub = repo.find_tree(doc.id())?;
        for file in sub.iter() {
            if file.kind() == Some(ObjectType::Blob)
                && let Ok(file_name) = file.name()
            {
                out.push((base.join(name).join(file_name), file.id()));
            }
        }
    }
    Ok(out)
}

/// The work tree of the git repository that tracks the file at `real`
/// (a canonical path), in its index or at HEAD; `None` when none does.
pub fn tracking(real: &Path) -> Option<PathBuf> {
    let repo = Repository::discover(real.parent()?).ok()?;
    let workdir = std::fs::canonicalize(repo.workdir()?).ok()?;
    let rel = real.strip_prefix(&workdir).ok()?;
    let in_index = repo.index().ok().is_some_and(|i| i.get_path(rel, 0).is_some());
    let at_head = repo
        .head()
        .ok()
        .and_then(|h| h.peel_to_tree().ok())
        .is_some_and(|t| t.get_path(rel).is_ok());
    (in_index || at_head).then_some(workdir)
}

/// A short commit id for messages.
pub fn short(id: &str) -> &str {
    id.get(..10).unwrap_or(id)
}

/// Fails unless `path` is a readable repository (bare or not).
pub fn open_any(path: &Path) -> Result<Repository> {
    match Repository::open(path) {
        Ok(r) => Ok(r),
        Err(e) => bail!("{} is not a git repository: {}", path.display(), e.message()),
    }
}
