//! The one place that writes a built site to disk.
//!
//! A build renders into a staging folder beside the output and swaps it in
//! only when every page was written, so a failed build leaves the previous
//! output as it was, and readers of the output never see half a site.

mod swap;
mod target;

use std::fs;
use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

pub use target::{MARKER, check_target};

/// A build's output being written; dropped without `commit`, it vanishes.
pub struct Staging {
    dir: tempfile::TempDir,
    target: PathBuf,
    name: String,
}

impl Staging {
    /// Starts a build whose result will replace `target`, after removing
    /// what builds of the same output that were killed part way left beside it.
    pub fn new(target: &Path) -> Result<Staging> {
        let parent = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        fs::create_dir_all(&parent).with_context(|| format!("cannot create {}", parent.display()))?;
        let name = target
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("public")
            .to_string();
        for left in swap::remove_leftovers(&parent, &name) {
            crate::ui::detail(format_args!(
                "removed {}, left by a build that was stopped",
                left.display()
            ));
        }
        let dir = tempfile::Builder::new()
            .prefix(&swap::staging_prefix(&name))
            .tempdir_in(&parent)
            .with_context(|| format!("cannot create a staging folder in {}", parent.display()))?;
        // A temporary folder is private (0700); the output is for a web server to read.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o755))
                .with_context(|| format!("cannot open up {}", dir.path().display()))?;
        }
        let staging = Staging {
            dir,
            target: target.to_path_buf(),
            name,
        };
        staging.write(MARKER, target::MARKER_TEXT.as_bytes())?;
        Ok(staging)
    }

    /// Writes `bytes` to one file at `rel` (a relative path with `/`
    /// separators). A second write to the same path is an
    /// error: two pages with one path would otherwise silently lose one.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let path = self.dir.path().join(checked_relative(rel)?);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        let file = fs::OpenOptions::new().write(true).create_new(true).open(&path);
        match file {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => bail!(
                "refusing to write {rel} twice: two pages or files of the site have this path, and one would \
                 replace the other. Rename the document or theme file that also makes it"
            ),
            file => file
                .and_then(|mut file| std::io::Write::write_all(&mut file, bytes))
                .with_context(|| format!("cannot write {}", path.display())),
        }
    }

    /// Replaces the target with what was written. When the swap fails, the
    /// previous output stays (or is put back) and nothing of the new one is
    /// left behind; when only removing the previous output after it fails,
    /// the new site is in place and the error says so.
    pub fn commit(self) -> Result<()> {
        let staged = self.dir.keep();
        swap::replace(&staged, &self.target, &self.name).inspect_err(|_| {
            // The new site if the swap failed, the previous output if only its removal did.
            let _ = fs::remove_dir_all(&staged);
        })
    }
}

/// `rel` as a path that cannot leave the output folder.
fn checked_relative(rel: &str) -> Result<PathBuf> {
    let path = Path::new(rel);
    if rel.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        bail!("refusing to write `{rel}`: output paths must stay inside the output folder");
    }
    Ok(path.to_path_buf())
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

    #[test]
    fn commit_replaces_and_drop_discards() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        fs::create_dir_all(out.join("old")).unwrap();
        fs::write(out.join("old/index.html"), "old").unwrap();

        let s = Staging::new(&out).unwrap();
        s.write("new/index.html", b"new").unwrap();
        drop(s);
        assert!(out.join("old/index.html").exists());

        let s = Staging::new(&out).unwrap();
        s.write("new/index.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(!out.join("old").exists());
        assert_eq!(fs::read_to_string(out.join("new/index.html")).unwrap(), "new");
        let leftovers: Vec<_> = fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the output folder remains");
        assert_eq!(fs::read_to_string(out.join(MARKER)).unwrap(), target::MARKER_TEXT);
    }

    #[test]
    fn a_second_write_to_one_path_is_refused_and_the_first_kept() {
        let tmp = tempfile::tempdir().unwrap();
        let s = Staging::new(&tmp.path().join("public")).unwrap();
        s.write("news/index.html", b"the page").unwrap();
        for again in ["news/index.html", "news", MARKER] {
            let e = s.write(again, b"another").unwrap_err().to_string();
            assert!(e.contains(&format!("refusing to write {again} twice")), "{e}");
        }
        s.commit().unwrap();
        let page = fs::read_to_string(tmp.path().join("public/news/index.html")).unwrap();
        assert_eq!(page, "the page");
    }

    #[test]
    fn a_new_build_removes_what_a_stopped_one_left() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let stopped = Staging::new(&out).unwrap();
        let left = stopped.dir.path().to_path_buf();
        std::mem::forget(stopped);
        assert!(left.is_dir());
        Staging::new(&out).unwrap().commit().unwrap();
        assert!(!left.exists());
        let names: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["public"]);
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
}
