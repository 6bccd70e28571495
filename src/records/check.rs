//! `charter check`'s rules for the log: it and the history agree (every
//! revision file has exactly one leaf, in publication order, and each
//! leaf's hash is its file's), and, in git, no committed leaf was changed
//! or removed.

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::git::{Repo, short};
use crate::load::{Root, input};
use crate::model::RevisionId;

use super::log::{self, LOG_FILE, Leaf};

/// Every rule of the log of the site at `root`.
pub fn site(root: &Root) -> Vec<Diagnostic> {
    let repo = Repo::open(&root.dir);
    let mut out = match log::read(root) {
        Err(problems) => problems,
        Ok(None) if log::has_history(root) => vec![log::no_log_warning(root)],
        Ok(None) => Vec::new(),
        Ok(Some(leaves)) => against_history(root, &leaves, repo.is_some()),
    };
    if let Some(repo) = repo {
        out.extend(committed(root, &repo));
    }
    out
}

/// The leaves held against the revision files on disk. `in_git` says
/// which way out the messages give.
fn against_history(root: &Root, leaves: &[Leaf], in_git: bool) -> Vec<Diagnostic> {
    let shown = root.shown(LOG_FILE);
    let mut out = Vec::new();
    // (doc, rev) -> line of its leaf.
    let mut seen: BTreeMap<(&str, RevisionId), usize> = BTreeMap::new();
    // doc -> (latest rev so far, its line).
    let mut latest: BTreeMap<&str, (RevisionId, usize)> = BTreeMap::new();
    for (i, leaf) in leaves.iter().enumerate() {
        let line = i + 1;
        let rel = leaf.rel();
        let file = root.shown(&rel);
        if let Some(first) = seen.insert((&leaf.doc, leaf.rev), line) {
            out.push(Diagnostic::error(
                &shown,
                Some(line),
                format!(
                    "a second leaf for {} (the first is on line {first}): each revision has exactly one",
                    file.display()
                ),
            ));
            continue;
        }
        if let Some((before, at)) = latest.get(leaf.doc.as_str())
            && *before > leaf.rev
        {
            out.push(Diagnostic::error(
                &shown,
                Some(line),
                format!(
                    "the leaf of {} {} comes after the leaf of its later revision {before} (line {at}): leaves \
                     are in the order revisions were published, so the log was reordered; restore it",
                    leaf.doc, leaf.rev
                ),
            ));
        } else {
            latest.insert(&leaf.doc, (leaf.rev, line));
        }
        out.extend(leaf_against_file(root, leaf, line, in_git));
    }
    for (doc, ids) in log::revision_files(root) {
        for rev in ids {
            if !seen.contains_key(&(doc.as_str(), rev)) {
                out.push(Diagnostic::error(
                    root.shown(log::revision_rel(&doc, rev)),
                    None,
                    format!(
                        "no leaf of {} records this revision: run `charter record` to append it, then commit both",
                        shown.display()
                    ),
                ));
            }
        }
    }
    out
}

/// One leaf held against its revision file.
fn leaf_against_file(root: &Root, leaf: &Leaf, line: usize, in_git: bool) -> Option<Diagnostic> {
    let shown = root.shown(LOG_FILE);
    let rel = leaf.rel();
    let file = root.shown(&rel);
    let path = root.dir.join(&rel);
    if path.symlink_metadata().is_err() {
        return Some(Diagnostic::error(
            &shown,
            Some(line),
            format!(
                "this leaf records {}, which does not exist: a published revision is never removed; restore it{}",
                file.display(),
                if in_git { " from git" } else { "" }
            ),
        ));
    }
    // A file that cannot be read is the loader's to report.
    let bytes = input::read_regular(&path, input::TEXT_LIMIT).ok()?;
    let now = log::leaf_of_bytes(&leaf.doc, leaf.rev, &bytes, Path::new(&file)).ok()?;
    if now.sha256 != leaf.sha256 {
        return Some(Diagnostic::error(
            &shown,
            Some(line),
            format!(
                "{} has SHA-256 {}, but this leaf records {}: the file changed after it was recorded. Restore \
                 it{}; if the revision was never published (its record was edited before its first commit), \
                 run `charter record` to record it as it is now",
                file.display(),
                now.sha256,
                leaf.sha256,
                if in_git { " (`git diff` shows the change)" } else { "" }
            ),
        ));
    }
    (now.effective != leaf.effective).then(|| {
        Diagnostic::error(
            &shown,
            Some(line),
            format!(
                "this leaf says {} takes effect on {}, but its record says {}: restore this line as it was written",
                file.display(),
                leaf.effective,
                now.effective
            ),
        )
    })
}

/// The log held against its committed versions: each version a prefix of
/// the next, and of the file on disk.
fn committed(root: &Root, repo: &Repo) -> Vec<Diagnostic> {
    let shown = root.shown(LOG_FILE);
    let versions = match repo.file_versions(Path::new(LOG_FILE)) {
        Ok(v) => v,
        Err(e) => {
            return vec![Diagnostic::warning(
                &shown,
                None,
                format!("cannot read its git history, so committed leaves were not checked: {e:#}"),
            )];
        }
    };
    let Some((newest, _)) = versions.last() else {
        return Vec::new();
    };
    let on_disk = std::fs::read(root.dir.join(LOG_FILE)).ok();
    let Some(on_disk) = on_disk else {
        return vec![Diagnostic::error(
            &shown,
            None,
            format!(
                "the log was deleted; commit {} published it. Restore it with `git checkout {} -- {LOG_FILE}`",
                short(newest),
                short(newest)
            ),
        )];
    };
    let mut out = Vec::new();
    for pair in versions.windows(2) {
        let ((old_commit, old), (new_commit, new)) = (&pair[0], &pair[1]);
        out.extend(prefix_problem(
            &shown,
            old_commit,
            old,
            new,
            &format!("commit {}", short(new_commit)),
        ));
    }
    out.extend(prefix_problem(
        &shown,
        newest,
        &versions[versions.len() - 1].1,
        &on_disk,
        "the file on disk",
    ));
    out
}

/// The first leaf that `old` (committed by `commit`) holds and `new` does
/// not hold on the same line, if any.
fn prefix_problem(shown: &Path, commit: &str, old: &[u8], new: &[u8], what: &str) -> Option<Diagnostic> {
    // The common case, a log that only grew, without reading it line by line.
    if new.starts_with(old) && (old.is_empty() || old.ends_with(b"\n")) {
        return None;
    }
    let old = String::from_utf8_lossy(old);
    let new = String::from_utf8_lossy(new);
    let mut new_lines = new.lines();
    for (i, was) in old.lines().enumerate() {
        let line = i + 1;
        let how = match new_lines.next() {
            Some(now) if now == was => continue,
            Some(now) => format!("reads `{now}` in {what}"),
            None => format!("is missing from {what}"),
        };
        return Some(Diagnostic::error(
            shown,
            Some(line),
            format!(
                "leaf {line}, `{was}`, committed by {}, {how}: a committed leaf is never changed or removed. \
                 Restore the log with `git checkout {} -- {LOG_FILE}` and append to it",
                short(commit),
                short(commit)
            ),
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(old: &str, new: &str) -> Option<Diagnostic> {
        prefix_problem(
            Path::new("history/.log"),
            "0123456789abcdef",
            old.as_bytes(),
            new.as_bytes(),
            "the file",
        )
    }

    #[test]
    fn a_log_that_only_grew_is_fine() {
        assert!(problem("", "a\n").is_none());
        assert!(problem("a\nb\n", "a\nb\nc\n").is_none());
        assert!(problem("a\nb\n", "a\nb\n").is_none());
    }

    #[test]
    fn a_changed_or_removed_leaf_is_named_with_its_line_and_commit() {
        let d = problem("a\nb\nc\n", "a\nx\nc\n").unwrap();
        assert_eq!(d.line, Some(2));
        assert!(
            d.message.contains("`b`, committed by 0123456789, reads `x`"),
            "{}",
            d.message
        );
        let d = problem("a\nb\n", "a\n").unwrap();
        assert_eq!(d.line, Some(2));
        assert!(d.message.contains("is missing from the file"), "{}", d.message);
        // A last line extended is a changed leaf, not growth.
        let d = problem("a\nb", "a\nbc\n").unwrap();
        assert_eq!(d.line, Some(2));
    }
}
