//! The one way charter reads a site's input files: regular files only, of a
//! bounded size, and folders that are real folders.
//!
//! A site's folder is often a checkout of someone else's repository, built
//! by a CI machine or a colleague. A symbolic link in it could make a build
//! publish any file of the machine that runs it (`static/passwd.txt` →
//! `/etc/passwd`), a link to `/dev/zero` or a huge file would be read until
//! memory runs out, and a FIFO would block the reader for ever. So every
//! reader of `site.toml`, `content/`, `history/` and `themes/` goes through
//! here, and nothing here follows a link or opens anything but a regular file.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

/// The largest `site.toml`, document, revision or template charter reads.
/// A policy is some hundred kilobytes; this is far above any real one and
/// far below what would exhaust a build machine's memory.
pub const TEXT_LIMIT: u64 = 16 * 1024 * 1024;

/// The largest static file of a theme (images, fonts, scripts).
pub const STATIC_LIMIT: u64 = 64 * 1024 * 1024;

/// What is at a path, without following a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    File,
    Dir,
    /// A symbolic link, to a file or a folder, or to nothing.
    Link,
    /// A FIFO, socket, or device.
    Special(&'static str),
}

impl Kind {
    fn of(meta: &Metadata) -> Kind {
        Kind::of_type(&meta.file_type())
    }

    fn of_type(t: &std::fs::FileType) -> Kind {
        if t.is_symlink() {
            Kind::Link
        } else if t.is_dir() {
            Kind::Dir
        } else if t.is_file() {
            Kind::File
        } else {
            Kind::Special(special_name(t))
        }
    }

    /// Why charter will not read this, and what to do, or None for a file
    /// or a folder.
    pub fn refusal(self) -> Option<String> {
        match self {
            Kind::File | Kind::Dir => None,
            Kind::Link => Some(
                "this is a symbolic link, and charter reads only regular files and folders, so that a build \
                 never publishes a file from elsewhere on the machine: replace the link with the file itself \
                 (remove the link, then copy the file or folder it points to in its place)"
                    .to_string(),
            ),
            Kind::Special(what) => Some(format!(
                "this is a {what}, not a regular file: remove it, or replace it with a regular file"
            )),
        }
    }
}

#[cfg(unix)]
fn special_name(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_fifo() {
        "FIFO (named pipe)"
    } else if t.is_socket() {
        "socket"
    } else if t.is_char_device() || t.is_block_device() {
        "device"
    } else {
        "special file"
    }
}

#[cfg(not(unix))]
fn special_name(_: &std::fs::FileType) -> &'static str {
    "special file"
}

/// What is at `path`, the last component not followed; None when nothing is.
pub fn kind(path: &Path) -> std::io::Result<Option<Kind>> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => Ok(Some(Kind::of(&meta))),
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// One entry of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name, or the lossy form of a name that is not UTF-8.
    pub name: String,
    pub utf8: bool,
    pub kind: Kind,
}

/// The entries of folder `dir`, sorted by name, each with its kind as the
/// folder holds it (a link is a link, whatever it points to).
pub fn list(dir: &Path) -> std::io::Result<Vec<Entry>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        // `DirEntry::file_type` does not follow links.
        let kind = Kind::of_type(&entry.file_type()?);
        let raw = entry.file_name();
        let name = raw.to_string_lossy().into_owned();
        out.push(Entry {
            utf8: raw.to_str().is_some(),
            name,
            kind,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Reads the regular file at `path`, refusing a link, anything that is not
/// a regular file, and a file over `limit` bytes. The error is a message
/// for the user that says what to do.
pub fn read_regular(path: &Path, limit: u64) -> Result<Vec<u8>, String> {
    let cannot = |e: std::io::Error| format!("cannot read the file: {e}");
    match kind(path).map_err(cannot)? {
        None => return Err("cannot read the file: it does not exist".to_string()),
        Some(k) => {
            if let Some(why) = k.refusal() {
                return Err(why);
            }
            if k == Kind::Dir {
                return Err("this is a folder, not a file: remove it or move it elsewhere".to_string());
            }
        }
    }
    let file = open_no_follow(path).map_err(|e| match e.raw_os_error() {
        Some(code) if is_loop_error(code) => Kind::Link.refusal().unwrap_or_default(),
        _ => cannot(e),
    })?;
    // The path may have been replaced between the look above and the open:
    // what counts is the file that was opened.
    let meta = file.metadata().map_err(cannot)?;
    if let Some(why) = Kind::of(&meta).refusal() {
        return Err(why);
    }
    if !meta.is_file() {
        return Err("this is not a regular file: replace it with one".to_string());
    }
    if meta.len() > limit {
        return Err(too_big(meta.len(), limit));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // A file that grows while it is read stops at the limit too.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > limit {
        return Err(too_big(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

/// [`read_regular`] for a text file: it must be UTF-8. The error is a
/// message for the user and, for bad UTF-8, the line it is on.
pub fn read_text(path: &Path, limit: u64) -> Result<String, (Option<usize>, String)> {
    let bytes = read_regular(path, limit).map_err(|m| (None, m))?;
    String::from_utf8(bytes).map_err(|e| {
        let text = String::from_utf8_lossy(e.as_bytes());
        let line = crate::diagnostic::line_of(&text, e.utf8_error().valid_up_to());
        (Some(line), "the file is not valid UTF-8: save it as UTF-8".to_string())
    })
}

fn too_big(len: u64, limit: u64) -> String {
    format!(
        "the file is {}, over the {} that charter reads of one file: an input this large is a mistake \
         (a wrong file copied in?); remove it or make it smaller",
        human(len),
        human(limit)
    )
}

/// `16 MiB`, `1.5 GiB`.
fn human(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Opens for reading without following a final link, and without blocking
/// on a FIFO that has no writer (its type is then refused).
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    File::open(path)
}

/// `O_NOFOLLOW` on a link fails with `ELOOP` (`EMLINK` on some BSDs).
#[cfg(unix)]
fn is_loop_error(code: i32) -> bool {
    code == libc::ELOOP || code == libc::EMLINK
}

#[cfg(not(unix))]
fn is_loop_error(_: i32) -> bool {
    false
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn reads_a_regular_file() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.md");
        std::fs::write(&path, "text").unwrap();
        assert_eq!(read_regular(&path, 10).unwrap(), b"text");
        assert_eq!(read_text(&path, 10).unwrap(), "text");
    }

    #[test]
    fn refuses_links_to_files_folders_and_nothing() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("target.md");
        std::fs::write(&target, "secret").unwrap();
        for (name, to) in [
            ("file", target.as_path()),
            ("dir", tmp.path()),
            ("dangling", Path::new("/nonexistent/x")),
            ("zero", Path::new("/dev/zero")),
        ] {
            let link = tmp.path().join(name);
            symlink(to, &link).unwrap();
            let err = read_regular(&link, TEXT_LIMIT).unwrap_err();
            assert!(
                err.contains("symbolic link") && err.contains("replace the link"),
                "{name}: {err}"
            );
            assert_eq!(kind(&link).unwrap(), Some(Kind::Link));
        }
        let listed = list(tmp.path()).unwrap();
        let kinds: Vec<(&str, Kind)> = listed.iter().map(|e| (e.name.as_str(), e.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("dangling", Kind::Link),
                ("dir", Kind::Link),
                ("file", Kind::Link),
                ("target.md", Kind::File),
                ("zero", Kind::Link)
            ]
        );
    }

    #[test]
    fn refuses_devices_and_fifos_without_blocking() {
        let err = read_regular(Path::new("/dev/zero"), TEXT_LIMIT).unwrap_err();
        assert!(err.contains("device"), "{err}");
        let tmp = tempfile::tempdir().unwrap();
        let fifo = tmp.path().join("pipe.md");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path; mkfifo only creates a file.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
        let err = read_regular(&fifo, TEXT_LIMIT).unwrap_err();
        assert!(err.contains("FIFO") && err.contains("remove it"), "{err}");
        assert_eq!(list(tmp.path()).unwrap()[0].kind, Kind::Special("FIFO (named pipe)"));
    }

    #[test]
    fn refuses_a_file_over_the_limit_without_reading_it() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("big.md");
        // Sparse: a gigabyte that takes no room on the disk.
        File::create(&path).unwrap().set_len(1 << 30).unwrap();
        let err = read_regular(&path, TEXT_LIMIT).unwrap_err();
        assert!(err.contains("1 GiB") && err.contains("16 MiB"), "{err}");
        std::fs::write(&path, "12345").unwrap();
        assert!(read_regular(&path, 4).unwrap_err().contains("5 bytes"));
        assert!(read_regular(&path, 5).is_ok());
    }

    #[test]
    fn refuses_a_folder_and_a_missing_file() {
        let tmp = tempfile::tempdir().unwrap();
        assert!(read_regular(tmp.path(), 10).unwrap_err().contains("folder"));
        assert!(
            read_regular(&tmp.path().join("no"), 10)
                .unwrap_err()
                .contains("does not exist")
        );
    }

    #[test]
    fn names_bad_utf8_by_line() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("a.md");
        std::fs::write(&path, b"one\ntwo \xff\n").unwrap();
        let (line, msg) = read_text(&path, 100).unwrap_err();
        assert_eq!(line, Some(2));
        assert!(msg.contains("UTF-8"));
    }
}
