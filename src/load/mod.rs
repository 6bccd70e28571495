//! Loading a site from disk: `site.toml`, `content/`, `history/`.
//!
//! Loading keeps going past a broken file so that one run reports every
//! problem; the site it returns holds only what could be read.

pub mod body;
pub mod config;
pub mod document;
pub mod front_matter;
pub mod history;
pub mod input;
pub mod text;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{DocumentEntry, RevisionId, Site};
use input::Kind;

pub const CONTENT_DIR: &str = "content";
pub const HISTORY_DIR: &str = "history";

/// A site root and how to name its files in messages.
#[derive(Debug, Clone)]
pub struct Root {
    pub dir: PathBuf,
}

impl Root {
    pub fn new(dir: impl Into<PathBuf>) -> Root {
        Root { dir: dir.into() }
    }

    /// The path of a site file as the user should see it: relative to where
    /// they ran charter, like git does.
    pub fn shown(&self, rel: impl AsRef<Path>) -> PathBuf {
        if self.dir.as_os_str().is_empty() || self.dir == Path::new(".") {
            rel.as_ref().to_path_buf()
        } else {
            self.dir.join(rel)
        }
    }
}

/// Names that become file and URL path segments: documents, themes.
pub fn is_safe_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Loads the whole site. Returns the site (absent only when `site.toml`
/// itself is unusable) and every problem found on the way.
pub fn site(dir: &Path) -> (Option<Site>, Diagnostics) {
    let (outline, mut problems) = outline(dir);
    let Some(Outline { mut site, ids }) = outline else {
        return (None, problems);
    };
    let root = Root::new(dir);
    let results: Vec<(Option<DocumentEntry>, Vec<Diagnostic>)> =
        ids.par_iter().map(|id| load_document(&root, id)).collect();
    for (doc, diags) in results {
        site.documents.extend(doc);
        problems.extend(diags);
    }
    (Some(site), problems)
}

/// A site with its documents named but not read: `site.toml`, and which
/// documents `content/` and `history/` hold.
pub struct Outline {
    /// No documents yet.
    pub site: Site,
    /// The documents' ids, in the order of their file names.
    pub ids: Vec<String>,
}

/// Reads `site.toml` and lists the documents, so that a build can read each
/// document's history when it renders it and drop it after: memory then
/// holds a few documents' histories at a time, not the whole site's.
pub fn outline(dir: &Path) -> (Option<Outline>, Diagnostics) {
    let root = Root::new(dir);
    let mut problems = Diagnostics::default();
    let config = match config::load(dir, &root.shown(config::FILE)) {
        Ok(c) => c,
        Err(e) => {
            problems.extend(e);
            return (None, problems);
        }
    };
    let doc_ids = document_ids(&root, &mut problems);
    check_history_folders(&root, &doc_ids, &mut problems);
    (
        Some(Outline {
            site: Site {
                root: dir.to_path_buf(),
                config,
                documents: Vec::new(),
            },
            ids: doc_ids,
        }),
        problems,
    )
}

/// The ids of the documents in `content/`, in the order of their file
/// names; what else the folder holds is a problem, or (a folder) a warning.
fn document_ids(root: &Root, problems: &mut Diagnostics) -> Vec<String> {
    let content_files = list_dir(root, Path::new(CONTENT_DIR), problems);
    let mut doc_ids = Vec::new();
    for (name, kind) in content_files {
        let rel = Path::new(CONTENT_DIR).join(&name);
        let is_dir = kind == Kind::Dir;
        match name.strip_suffix(".md") {
            // A link or special file is still the document it names: its
            // reader refuses it, and its history is checked all the same.
            Some(id) if !is_dir && is_safe_name(id) => doc_ids.push(id.to_string()),
            _ if kind.refusal().is_some() && !name.starts_with('.') => problems.push(Diagnostic::error(
                root.shown(&rel),
                None,
                kind.refusal().unwrap_or_default(),
            )),
            Some(_) if !is_dir => problems.push(Diagnostic::error(
                root.shown(&rel),
                None,
                "a document name may hold only lowercase letters, digits, `-` and `_` (it becomes \
                 the page's URL): rename the file",
            )),
            _ if name.starts_with('.') => {}
            _ => problems.push(Diagnostic::warning(
                root.shown(&rel),
                None,
                "not a document (documents are `content/<name>.md`): ignored",
            )),
        }
    }
    doc_ids
}

/// `history/` holds one folder for each of the documents `doc_ids`, and
/// nothing else; each document's loader reads its own folder.
fn check_history_folders(root: &Root, doc_ids: &[String], problems: &mut Diagnostics) {
    for (name, kind) in list_dir(root, Path::new(HISTORY_DIR), problems) {
        let rel = Path::new(HISTORY_DIR).join(&name);
        if name.starts_with('.') {
            continue;
        }
        if let Some(why) = kind.refusal() {
            // A document's loader reports its own history folder.
            if !doc_ids.contains(&name) {
                problems.push(Diagnostic::error(root.shown(&rel), None, why));
            }
        } else if kind != Kind::Dir {
            problems.push(Diagnostic::error(
                root.shown(&rel),
                None,
                "history holds one folder per document (`history/<document>/`): move this file into one",
            ));
        } else if !doc_ids.contains(&name) {
            problems.push(Diagnostic::error(
                root.shown(&rel),
                None,
                format!(
                    "published history for an unknown document: there is no content/{name}.md. \
                     Restore the document (published policies are never deleted) or, if the folder \
                     is misnamed, rename it after its document"
                ),
            ));
        }
    }
}

/// Loads one document and its history, each revision's body handed to
/// `read` as it is parsed, so that a build (or a preview re-reading the
/// document after an edit) parses every revision once (see
/// [`body::BodyReader`]). What `read` made of each revision comes in the
/// order of the entry's revisions; there is none when a revision could not
/// be read.
pub fn document_read<T: Send>(
    dir: &Path,
    id: &str,
    read: &body::BodyReader<'_, T>,
) -> (Option<DocumentEntry>, Option<Vec<T>>, Vec<Diagnostic>) {
    load_document_read(&Root::new(dir), id, Some(read))
}

/// Loads one document and its history, for a command that works on that
/// document alone.
pub fn document(dir: &Path, id: &str) -> (Option<DocumentEntry>, Vec<Diagnostic>) {
    load_document(&Root::new(dir), id)
}

fn load_document(root: &Root, id: &str) -> (Option<DocumentEntry>, Vec<Diagnostic>) {
    let (entry, _, problems) = load_document_read::<()>(root, id, None);
    (entry, problems)
}

/// Loads document `id`: its working copy, then its history, each revision
/// handed to `read` (see [`document_read`]).
fn load_document_read<T: Send>(
    root: &Root,
    id: &str,
    read: Option<&body::BodyReader<'_, T>>,
) -> (Option<DocumentEntry>, Option<Vec<T>>, Vec<Diagnostic>) {
    let mut problems = Vec::new();
    let rel = Path::new(CONTENT_DIR).join(format!("{id}.md"));
    let shown = root.shown(&rel);
    let working = read_text(&root.dir.join(&rel), &shown).and_then(|raw| {
        problems.extend(text::check_file(&raw, &shown, text::FileKind::Document));
        let working = document::parse(&crate::forbidden::clean(&raw), &shown, 1)?;
        Ok((working, history::sha256_hex(raw.as_bytes())))
    });

    // A file left out of the listing leaves a gap in the chain.
    let (entries, mut incomplete) = revision_files(root, id, &mut problems);
    let parsed: Vec<_> = entries
        .par_iter()
        .map(|(rev, file_rel)| read_revision(root, file_rel, *rev, read))
        .collect();
    let mut revisions = Vec::new();
    let mut bodies = Vec::new();
    for (result, warnings) in parsed {
        problems.extend(warnings);
        match result {
            Ok((r, body)) => {
                revisions.push(r);
                bodies.push(body);
            }
            Err(e) => {
                incomplete = true;
                problems.extend(e);
            }
        }
    }

    let (working, working_sha256) = match working {
        Ok((working, sha)) => (Some(working), sha),
        Err(e) => {
            problems.extend(e);
            (None, String::new())
        }
    };
    let entry = DocumentEntry {
        id: id.to_string(),
        path: shown,
        working,
        working_sha256,
        revisions,
        history_incomplete: incomplete,
    };
    let bodies = read.and_then(|_| bodies.into_iter().collect());
    (Some(entry), bodies, problems)
}

/// The revision files in `history/<id>/`, in the order of their ids, and
/// whether a file was left out (a link, a name that is not a revision id,
/// an unreadable folder): each is a problem in `problems`.
fn revision_files(root: &Root, id: &str, problems: &mut Vec<Diagnostic>) -> (Vec<(RevisionId, PathBuf)>, bool) {
    let history_rel = Path::new(HISTORY_DIR).join(id);
    let mut diags = Diagnostics::default();
    let files = list_dir(root, &history_rel, &mut diags);
    let mut incomplete = diags.has_errors();
    problems.extend(diags.0);

    let mut entries: Vec<(RevisionId, PathBuf)> = Vec::new();
    for (name, kind) in files {
        let file_rel = history_rel.join(&name);
        if name.starts_with('.') {
            continue;
        }
        if let Some(why) = kind.refusal() {
            incomplete = true;
            problems.push(Diagnostic::error(root.shown(&file_rel), None, why));
            continue;
        }
        let parsed = name
            .strip_suffix(".md")
            .filter(|_| kind == Kind::File)
            .map(str::parse::<RevisionId>);
        match parsed {
            Some(Ok(rev)) => entries.push((rev, file_rel)),
            Some(Err(msg)) => {
                incomplete = true;
                problems.push(Diagnostic::error(root.shown(&file_rel), None, msg));
            }
            None => {
                incomplete = true;
                problems.push(Diagnostic::error(
                    root.shown(&file_rel),
                    None,
                    "not a revision: a document's history holds only `<YYYY-MM-DD>.md` files",
                ));
            }
        }
    }
    entries.sort();
    (entries, incomplete)
}

type ReadRevision<T> = Result<(crate::model::Revision, Option<T>), Vec<Diagnostic>>;

/// Reads and parses one revision, with the warnings about characters its
/// published text should not hold (see [`text`]). Those are read as U+FFFD,
/// but its hash stays that of the bytes published.
fn read_revision<T>(
    root: &Root,
    file_rel: &Path,
    id: RevisionId,
    read: Option<&body::BodyReader<'_, T>>,
) -> (ReadRevision<T>, Vec<Diagnostic>) {
    let shown = root.shown(file_rel);
    let raw = match read_text(&root.dir.join(file_rel), &shown) {
        Ok(raw) => raw,
        Err(e) => return (Err(e), Vec::new()),
    };
    let warnings = text::check_file(&raw, &shown, text::FileKind::Revision);
    let std::borrow::Cow::Owned(cleaned) = crate::forbidden::clean(&raw) else {
        return (history::parse_read(id, &raw, &shown, read), warnings);
    };
    let result = history::parse_read(id, &cleaned, &shown, read).map(|(mut revision, body)| {
        if let Ok(split) = front_matter::split(&raw, &shown, 1) {
            revision.sha256 = history::sha256_hex(split.body.as_bytes());
        }
        (revision, body)
    });
    (result, warnings)
}

fn read_text(path: &Path, shown: &Path) -> Result<String, Vec<Diagnostic>> {
    input::read_text(path, input::TEXT_LIMIT).map_err(|(line, message)| vec![Diagnostic::error(shown, line, message)])
}

/// The entries of a site folder, sorted by name, with their kinds; links and
/// special files are among them, for the caller to refuse by name. A missing
/// folder is empty; an unreadable one, or one that is a link, is a problem.
fn list_dir(root: &Root, rel: &Path, problems: &mut Diagnostics) -> Vec<(String, Kind)> {
    let dir = root.dir.join(rel);
    let refuse = |problems: &mut Diagnostics, message: String| {
        problems.push(Diagnostic::error(root.shown(rel), None, message));
        Vec::new()
    };
    match input::kind(&dir) {
        Ok(None) => return Vec::new(),
        Ok(Some(kind)) if kind.refusal().is_some() => return refuse(problems, kind.refusal().unwrap_or_default()),
        Ok(Some(_)) => {}
        Err(e) => return refuse(problems, format!("cannot read the folder: {e}")),
    }
    let entries = match input::list(&dir) {
        Ok(e) => e,
        Err(e) => return refuse(problems, format!("cannot read the folder: {e}")),
    };
    let mut out = Vec::new();
    for entry in entries {
        if !entry.utf8 {
            problems.push(Diagnostic::error(
                root.shown(rel.join(&entry.name)),
                None,
                "the file name is not valid UTF-8: rename it",
            ));
            continue;
        }
        out.push((entry.name, entry.kind));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_names() {
        for ok in ["privacy", "terms-of-use", "a1", "x_y"] {
            assert!(is_safe_name(ok), "{ok}");
        }
        for bad in ["", "..", "../x", "a/b", "Privacy", "-x", "a.b", "a b"] {
            assert!(!is_safe_name(bad), "{bad}");
        }
    }
}
