//! The one place that writes a built site to disk.
//!
//! A build renders into a staging folder beside the output and swaps it in
//! only when every page was written, so a failed build leaves the previous
//! output as it was, and readers of the output never see half a site.

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

/// A build's output being written; dropped without `commit`, it vanishes.
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
}

impl Staging {
    /// Starts a build whose result will replace `target`.
    pub fn new(target: &Path) -> Result<Staging> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("public");
        let dir = tempfile::Builder::new()
            .prefix(&format!(".{name}.building-"))
            .tempdir_in(&parent)
            .with_context(|| format!("cannot create a staging folder in {}", parent.display()))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
        })
    }

    /// Writes one file at `rel` (a relative path with `/` separators): the
    /// `parts` one after the other.
    pub fn write(&self, rel: &str, parts: &[&[u8]]) -> Result<()> {
        let path = self.dir.path().join(checked_relative(rel)?);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        fs::File::create(&path)
            .and_then(|mut file| write_parts(&mut file, parts))
            .with_context(|| format!("cannot write {}", path.display()))
    }

    /// Replaces the target with what was written. On failure the previous
    /// output is put back and nothing of the new one is left behind.
    pub fn commit(self) -> Result<()> {
        let staged = self.dir.keep();
        let target = &self.target;
        let cleanup = |dirs: &[&Path]| {
            for d in dirs {
                let _ = fs::remove_dir_all(d);
            }
        };
        if !target.exists() {
            return fs::rename(&staged, target).map_err(|e| {
                cleanup(&[&staged]);
                anyhow::Error::new(e).context(format!("cannot move the new site to {}", target.display()))
            });
        }
        // `rename` cannot replace a non-empty folder: move the old one aside,
        // move the new one in, then delete the old one.
        let parent = staged.parent().unwrap_or(Path::new("."));
        let old = match tempfile::Builder::new().prefix(".old-output-").tempdir_in(parent) {
            Ok(d) => d.keep(),
            Err(e) => {
                cleanup(&[&staged]);
                return Err(e).context("cannot make room for the previous output");
            }
        };
        let aside = old.join("previous");
        if let Err(e) = fs::rename(target, &aside) {
            cleanup(&[&staged, &old]);
            return Err(e).with_context(|| format!("cannot move the previous {} aside", target.display()));
        }
        if let Err(e) = fs::rename(&staged, target) {
            let _ = fs::rename(&aside, target);
            cleanup(&[&staged, &old]);
            return Err(e).with_context(|| format!("cannot move the new site to {}", target.display()));
        }
        remove_tree(&old).with_context(|| format!("cannot remove the previous output in {}", old.display()))
    }
}

/// `remove_dir_all`, one top-level entry per task: a site's output is tens
/// of thousands of files, and removing them one core at a time made a
/// rebuild half as long again as a cold build.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.par_iter().try_for_each(|path| {
        let dir = fs::symlink_metadata(path)?.is_dir();
        let result = if dir { remove_tree(path) } else { fs::remove_file(path) };
        match result {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    })?;
    fs::remove_dir(dir)
}

/// `parts` written in as few calls as the system takes: usually one.
fn write_parts(out: &mut impl std::io::Write, parts: &[&[u8]]) -> std::io::Result<()> {
    let mut slices: Vec<std::io::IoSlice<'_>> = parts.iter().map(|p| std::io::IoSlice::new(p)).collect();
    let mut rest = &mut slices[..];
    std::io::IoSlice::advance_slices(&mut rest, 0);
    while !rest.is_empty() {
        match out.write_vectored(rest) {
            Ok(0) => return Err(std::io::ErrorKind::WriteZero.into()),
            Ok(n) => std::io::IoSlice::advance_slices(&mut rest, n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// `rel` as a path that cannot leave the output folder.
fn checked_relative(rel: &str) -> Result<PathBuf> {
    let path = Path::new(rel);
    if rel.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        bail!("refusing to write `{rel}`: output paths must stay inside the output folder");
    }
    Ok(path.to_path_buf())
}

/// The site's own inputs: an output inside any of them would destroy it.
const SITE_INPUTS: &[&str] = &["site.toml", "content", "history", "themes", ".git"];

/// Refuses an output folder whose replacement would destroy the site itself.
pub fn check_target(root: &Path, target: &Path) -> Result<()> {
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
    Ok(())
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

/// Writes one file atomically: a temporary file beside it, then a rename, so
/// a reader never sees half a file. With `overwrite` false an existing file
/// is an error, checked by the rename itself (no race).
pub fn write_file(path: &Path, bytes: &[u8], overwrite: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let mut tmp =
        tempfile::NamedTempFile::new_in(&dir).with_context(|| format!("cannot write in {}", dir.display()))?;
    std::io::Write::write_all(&mut tmp, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    // A temporary file is private (0600); the file it becomes is an ordinary one.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(0o644))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if overwrite {
        tmp.persist(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
    } else {
        tmp.persist_noclobber(path).map_err(|e| {
            if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                anyhow::anyhow!("{} already exists: charter never overwrites it", path.display())
            } else {
                anyhow::Error::new(e.error).context(format!("cannot write {}", path.display()))
            }
        })?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Takes at most three bytes per call, split across slices like a
    /// system call that stops part way.
    struct Trickle(Vec<u8>);

    impl std::io::Write for Trickle {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let n = buf.len().min(3);
            self.0.extend_from_slice(&buf[..n]);
            Ok(n)
        }
        fn write_vectored(&mut self, bufs: &[std::io::IoSlice<'_>]) -> std::io::Result<usize> {
            let mut n = 0;
            for b in bufs {
                let take = b.len().min(3 - n);
                self.0.extend_from_slice(&b[..take]);
                n += take;
                if n == 3 {
                    break;
                }
            }
            Ok(n)
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn parts_are_written_whole_and_in_order_however_the_writes_stop() {
        for parts in [&[&b"<head>"[..], b"", b"large part", b"</tail>"][..], &[b"", b""], &[]] {
            let mut out = Trickle(Vec::new());
            write_parts(&mut out, parts).unwrap();
            assert_eq!(out.0, parts.concat());
        }
    }

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join("old")).unwrap();
        fs::write(out.join("old/index.html"), "old").unwrap();

        let s = Staging::new(&out).unwrap();
        s.write("new/index.html", &[b"new"]).unwrap();
        drop(s);
        assert!(out.join("old/index.html").exists());

        let s = Staging::new(&out).unwrap();
        s.write("new/index.html", &[b"new"]).unwrap();
        s.commit().unwrap();
        assert!(!out.join("old").exists());
        assert_eq!(fs::read_to_string(out.join("new/index.html")).unwrap(), "new");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
    }

    #[test]
    fn refuses_escaping_paths() {
        for bad in ["../x", "/etc/passwd", "a/../../b", ""] {
            assert!(checked_relative(bad).is_err(), "{bad}");
        }
        assert!(checked_relative("a/b/index.html").is_ok());
    }

    #[test]
    fn write_file_never_clobbers_unless_asked() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a/b.txt");
        write_file(&path, b"one", false).unwrap();
        let e = write_file(&path, b"two", false).unwrap_err();
        assert!(e.to_string().contains("already exists"), "{e}");
        assert_eq!(fs::read_to_string(&path).unwrap(), "one");
        write_file(&path, b"three", true).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "three");
        assert_eq!(
            fs::read_dir(tmp.path().join("a")).unwrap().count(),
            1,
            "no temporary files left"
        );
    }

    #[test]
    fn refuses_site_as_output() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("site.toml"), "").unwrap();
        assert!(check_target(tmp.path(), tmp.path()).is_err());
        assert!(check_target(tmp.path(), &tmp.path().join("public")).is_ok());
        assert!(check_target(&tmp.path().join("sub"), tmp.path()).is_err());
        for inside in ["content", "history/privacy", "site.toml", "themes/x"] {
            assert!(check_target(tmp.path(), &tmp.path().join(inside)).is_err(), "{inside}");
        }
        fs::create_dir_all(tmp.path().join("site")).unwrap();
        assert!(check_target(&tmp.path().join("site"), &tmp.path().join("site/..")).is_err());
    }
}
