//! `history/.log`: the append-only list of every published revision, one
//! leaf a line, in the order the revisions were recorded. Each leaf pins a
//! revision file's exact bytes by their SHA-256, so the log, hashed into a
//! Merkle tree ([`super::merkle`]), lets anyone check that a site's record
//! only ever grew.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

use crate::diagnostic::Diagnostic;
use crate::load::{HISTORY_DIR, Root, input};
use crate::model::{Date, RevisionId};

/// The log's path, relative to the site root.
pub const LOG_FILE: &str = "history/.log";

/// One line of the log: `<doc> <rev> <date> <effective> <sha256>`, where
/// `sha256` is the hash of the whole revision file, record included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    pub doc: String,
    pub rev: RevisionId,
    pub date: Date,
    pub effective: Date,
    pub sha256: String,
}

impl Leaf {
    /// The leaf as it is written in the log and hashed into the tree
    /// (without its line end).
    pub fn line(&self) -> String {
        format!(
            "{} {} {} {} {}",
            self.doc, self.rev, self.date, self.effective, self.sha256
        )
    }

    /// Reads one line of the log; the error says what is wrong with it.
    pub fn parse(line: &str) -> Result<Leaf, String> {
        let fields: Vec<&str> = line.split(' ').collect();
        let [doc, rev, date, effective, sha256] = fields[..] else {
            return Err(format!(
                "a leaf is `<doc> <rev> <date> <effective> <sha256>`, five fields with one space between, \
                 but this line has {}",
                fields.len()
            ));
        };
        if !crate::load::is_safe_name(doc) {
            return Err(format!("`{doc}` is not a document id"));
        }
        let rev: RevisionId = rev.parse()?;
        let date: Date = date.parse().map_err(|e| format!("the date `{date}`: {e}"))?;
        let effective: Date = effective
            .parse()
            .map_err(|e| format!("the effective date `{effective}`: {e}"))?;
        if rev.date != date {
            return Err(format!("the revision {rev} is dated {}, not {date}", rev.date));
        }
        if !is_sha256(sha256) {
            return Err(format!("`{sha256}` is not a SHA-256: 64 lowercase hexadecimal digits"));
        }
        Ok(Leaf {
            doc: doc.to_string(),
            rev,
            date,
            effective,
            sha256: sha256.to_string(),
        })
    }

    /// The revision file it records, relative to the site root.
    pub fn rel(&self) -> PathBuf {
        revision_rel(&self.doc, self.rev)
    }
}

/// `history/<doc>/<rev>.md`.
pub fn revision_rel(doc: &str, rev: RevisionId) -> PathBuf {
    Path::new(HISTORY_DIR).join(doc).join(format!("{rev}.md"))
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Reads a log's text; `path` is how its lines are named in errors.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Leaf>, Vec<Diagnostic>> {
    let mut leaves = Vec::new();
    let mut problems = Vec::new();
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        let parsed = if !line.ends_with('\n') {
            Err(
                "the last line has no line end: every leaf ends with one, so that the next is appended after it"
                    .to_string(),
            )
        } else {
            Leaf::parse(bare)
        };
        match parsed {
            Ok(leaf) => leaves.push(leaf),
            Err(why) => problems.push(Diagnostic::error(
                path,
                Some(i + 1),
                format!("{why}; restore this line as it was committed (`git diff {LOG_FILE}` shows it)"),
            )),
        }
    }
    if problems.is_empty() { Ok(leaves) } else { Err(problems) }
}

/// The site's log: `None` when it has none yet.
pub fn read(root: &Root) -> Result<Option<Vec<Leaf>>, Vec<Diagnostic>> {
    let path = root.dir.join(LOG_FILE);
    if !path.exists() && path.symlink_metadata().is_err() {
        return Ok(None);
    }
    let shown = root.shown(LOG_FILE);
    let text =
        input::read_text(&path, input::TEXT_LIMIT * 4).map_err(|(line, m)| vec![Diagnostic::error(&shown, line, m)])?;
    parse(&text, &shown).map(Some)
}

/// [`read`] for the commands that add to the log: its problems as one error.
pub fn read_or_fail(root: &Root) -> anyhow::Result<Option<Vec<Leaf>>> {
    read(root).map_err(|d| {
        anyhow::Error::new(crate::diagnostic::Diagnostics(d)).context(format!(
            "{} cannot be read: fix it before publishing more",
            root.shown(LOG_FILE).display()
        ))
    })
}

/// The dates of a revision's record, all the log needs of it.
#[derive(Deserialize)]
struct Dates {
    date: Date,
    effective: Option<Date>,
}

/// The leaf of revision `rev` of `doc` as its file is now on disk.
pub fn leaf_of_file(root: &Root, doc: &str, rev: RevisionId) -> anyhow::Result<Leaf> {
    let rel = revision_rel(doc, rev);
    let shown = root.shown(&rel);
    let bytes = input::read_regular(&root.dir.join(&rel), input::TEXT_LIMIT)
        .map_err(|m| anyhow::anyhow!("{}: {m}", shown.display()))?;
    leaf_of_bytes(doc, rev, &bytes, &shown)
}

/// The leaf of a revision file's `bytes`; `shown` names the file in errors.
pub fn leaf_of_bytes(doc: &str, rev: RevisionId, bytes: &[u8], shown: &Path) -> anyhow::Result<Leaf> {
    let text = std::str::from_utf8(bytes).with_context(|| format!("{} is not UTF-8 text", shown.display()))?;
    let split = crate::load::front_matter::split(text, shown, 1).map_err(|d| anyhow::anyhow!("{d}"))?;
    let dates: Dates = crate::load::front_matter::parse(&split, shown).map_err(|d| anyhow::anyhow!("{d}"))?;
    Ok(Leaf {
        doc: doc.to_string(),
        rev,
        date: dates.date,
        effective: dates.effective.unwrap_or(dates.date),
        sha256: crate::load::history::sha256_hex(bytes),
    })
}

/// Every revision file on disk: `history/<doc>/<rev>.md`, by document,
/// oldest first. Names that are not revision ids are left to the loader,
/// which reports them.
pub fn revision_files(root: &Root) -> BTreeMap<String, Vec<RevisionId>> {
    let mut out = BTreeMap::new();
    let Ok(docs) = std::fs::read_dir(root.dir.join(HISTORY_DIR)) else {
        return out;
    };
    for doc in docs.flatten() {
        let name = doc.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || !doc.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(files) = std::fs::read_dir(doc.path()) else {
            continue;
        };
        let mut ids: Vec<RevisionId> = files
            .flatten()
            .filter_map(|f| f.file_name().to_str()?.strip_suffix(".md")?.parse().ok())
            .collect();
        ids.sort();
        out.insert(name, ids);
    }
    out
}

/// Whether the site has any revision file.
pub fn has_history(root: &Root) -> bool {
    revision_files(root).values().any(|ids| !ids.is_empty())
}

/// The log as text: one leaf a line.
pub fn text(leaves: &[Leaf]) -> String {
    leaves.iter().map(|l| l.line() + "\n").collect()
}

/// What a command that publishes revisions does with the log: append to
/// it, start it (a site with no history yet), or leave it alone (a site
/// with history but no log: `charter record` writes that one).
#[derive(Debug)]
pub enum Recording {
    Append(Vec<Leaf>),
    Start,
    NoLog,
}

/// How the log stands before a command publishes revisions.
pub fn recording(root: &Root) -> anyhow::Result<Recording> {
    Ok(match read_or_fail(root)? {
        Some(leaves) => Recording::Append(leaves),
        None if has_history(root) => Recording::NoLog,
        None => Recording::Start,
    })
}

/// Appends the leaves of the revisions just written (`(doc, rev)`, in the
/// order they were published) to the log, as `recording` says.
pub fn append_new(root: &Root, recording: Recording, new: &[(String, RevisionId)]) -> anyhow::Result<()> {
    let mut leaves = match recording {
        Recording::Append(leaves) => leaves,
        Recording::Start => Vec::new(),
        Recording::NoLog => {
            crate::ui::warn(&no_log_warning(root));
            return Ok(());
        }
    };
    for (doc, rev) in new {
        if leaves.iter().any(|l| &l.doc == doc && l.rev == *rev) {
            bail!("{} already has a leaf for {doc} {rev}", root.shown(LOG_FILE).display());
        }
        leaves.push(leaf_of_file(root, doc, *rev)?);
    }
    write(root, &leaves)?;
    crate::note!(
        "recorded {} in {}",
        count_leaves(new.len()),
        root.shown(LOG_FILE).display()
    );
    Ok(())
}

/// "1 leaf", "3 leaves".
pub fn count_leaves(n: usize) -> String {
    format!("{n} {}", if n == 1 { "leaf" } else { "leaves" })
}

/// Replaces the log with `leaves`.
pub fn write(root: &Root, leaves: &[Leaf]) -> anyhow::Result<()> {
    crate::output::write_file(&root.dir.join(LOG_FILE), text(leaves).as_bytes(), true)
}

/// The warning for a site with published revisions and no log.
pub fn no_log_warning(root: &Root) -> Diagnostic {
    Diagnostic::warning(
        root.shown(LOG_FILE),
        None,
        "this site has published revisions but no log of them, so its builds publish no signed record: run \
         `charter record` to write the log from the history, then commit it",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA: &str = "f10eaf803a644a540f86d557293e3ff066b87878e6b926326b398cd25e51af27";

    #[test]
    fn line_round_trips() {
        let line = format!("privacy 2019-04-18-2 2019-04-18 2019-05-01 {SHA}");
        let leaf = Leaf::parse(&line).unwrap();
        assert_eq!(leaf.rev.seq, 2);
        assert_eq!(leaf.line(), line);
        assert_eq!(leaf.rel(), Path::new("history/privacy/2019-04-18-2.md"));
    }

    #[test]
    fn bad_lines_name_their_line() {
        let text = format!(
            "privacy 2019-04-18 2019-04-18 2019-04-18 {SHA}\nprivacy 2019-04-18\nx 2019-04-18 2019-04-19 2019-04-19 {SHA}\nterms 2020-01-01 2020-01-01 2020-01-01 ABC\nterms 2020-01-01 2020-01-01 2020-01-01 {SHA}"
        );
        let e = parse(&text, Path::new("history/.log")).unwrap_err();
        let lines: Vec<Option<usize>> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, [Some(2), Some(3), Some(4), Some(5)]);
        assert!(e[0].message.contains("five fields"), "{}", e[0]);
        assert!(e[1].message.contains("dated 2019-04-18, not 2019-04-19"), "{}", e[1]);
        assert!(e[3].message.contains("no line end"), "{}", e[3]);
    }

    #[test]
    fn leaf_hashes_the_whole_file() {
        let file = "+++\ndate = 2020-01-01\neffective = 2020-02-01\nsummary = \"S\"\nsha256 = \"x\"\n+++\nbody\n";
        let leaf = leaf_of_bytes("d", "2020-01-01".parse().unwrap(), file.as_bytes(), Path::new("f")).unwrap();
        assert_eq!(leaf.sha256, crate::load::history::sha256_hex(file.as_bytes()));
        assert_eq!(leaf.effective.to_string(), "2020-02-01");
    }
}
