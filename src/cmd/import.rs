//! `charter import`: bring an existing policy under charter, from a Markdown
//! file or from every version of it in a git repository.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::cli::ImportArgs;
use crate::derive::{changes, history};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::diff;
use crate::git;
use crate::import::{self, Options};
use crate::load::history::{NewRecord, compose, sha256_hex};
use crate::load::{self, CONTENT_DIR, HISTORY_DIR, Root, document, is_safe_name};
use crate::model::{Date, Document, RevisionId};
use crate::output::write_file;

pub fn run(args: &ImportArgs) -> anyhow::Result<()> {
    if !is_safe_name(&args.id) {
        bail!(
            "--id `{}` is not a document name: use lowercase letters, digits, `-` and `_`",
            args.id
        );
    }
    match (&args.file, &args.git) {
        (Some(file), None) => from_file(args, file),
        (None, Some(repo)) => from_git(args, repo),
        _ => bail!("give either a FILE to import or --git REPO --path FILE"),
    }
}

fn options(args: &ImportArgs) -> Options {
    Options {
        id: args.id.clone(),
        title: args.title.clone(),
    }
}

/// Writes a new site file, refusing to replace one, and says so.
fn write_new(root: &Root, rel: &Path, text: &str) -> anyhow::Result<()> {
    write_file(&root.dir.join(rel), text.as_bytes(), false)?;
    crate::note!("wrote {}", root.shown(rel).display());
    Ok(())
}

fn from_file(args: &ImportArgs, file: &Path) -> anyhow::Result<()> {
    let root = Root::new(&args.site.root);
    let bytes = std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
    let text = String::from_utf8(bytes).map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", file.display()))?;
    let imported = import::markdown(&text, &options(args))
        .map_err(|e| Diagnostics(vec![Diagnostic::error(file, Some(e.line), e.message)]))?;
    let content_rel = PathBuf::from(CONTENT_DIR).join(format!("{}.md", args.id));
    let history_rel = PathBuf::from(HISTORY_DIR).join(&args.id);
    if root.dir.join(&content_rel).exists() {
        bail!(
            "{} already exists: import never overwrites a document",
            root.shown(&content_rel).display()
        );
    }
    if imported.revision.is_some() && root.dir.join(&history_rel).is_dir() {
        bail!(
            "{} already exists: import never adds to a published history",
            root.shown(&history_rel).display()
        );
    }
    for note in &imported.notes {
        crate::note!("note: {note}");
    }
    write_new(&root, &content_rel, &imported.document)?;
    if let Some(rev) = &imported.revision {
        let record = NewRecord {
            date: rev.date,
            effective: rev.date,
            summary: &rev.summary,
            changes: rev
                .changes
                .iter()
                .map(|c| (c.article.clone(), c.section.clone(), c.note.clone()))
                .collect(),
            previous: None,
            commit: None,
        };
        let rel = history_rel.join(format!("{}.md", rev.date));
        write_new(&root, &rel, &compose(&record, &imported.document))?;
        crate::note!(
            "Check the revision record in {}; the date and main revisions come from the text.",
            root.shown(&rel).display()
        );
    }
    Ok(())
}

/// One version to publish: its record and text.
struct Version {
    id: RevisionId,
    commit: String,
    summary: String,
    text: String,
    document: Document,
}

fn from_git(args: &ImportArgs, repo_path: &Path) -> anyhow::Result<()> {
    let root = Root::new(&args.site.root);
    let path = args
        .path
        .as_ref()
        .context("--git needs --path FILE: the file's path inside the repository")?;
    let repo = git::open_any(repo_path)?;
    if repo.is_shallow() {
        eprintln!(
            "warning: {} is a shallow clone: only the versions it holds are imported",
            repo_path.display()
        );
    }
    let versions = git::file_versions(&repo, path, args.follow)?;
    if versions.is_empty() {
        bail!(
            "{} never appears on the first-parent history of HEAD in {}",
            path.display(),
            repo_path.display()
        );
    }

    // What is already published: import continues after its last commit.
    let (site, problems) = load::site(&args.site.root);
    let existing = site.as_ref().and_then(|s| s.documents.iter().find(|d| d.id == args.id));
    if problems.has_errors() && existing.is_some() {
        return Err(problems.sorted()).context("the site fails `charter check`: fix these problems first");
    }
    let published = existing.map(|d| d.revisions.as_slice()).unwrap_or_default();
    let start = match published.last() {
        None => 0,
        Some(last) => {
            let Some(commit) = &last.meta.commit else {
                bail!(
                    "{} was not imported from git (it records no commit), so charter cannot tell which \
                     commits are new: import into a new document id instead",
                    last.path.display()
                );
            };
            match versions.iter().position(|v| v.commit.starts_with(commit.as_str())) {
                Some(i) => i + 1,
                None => bail!(
                    "the latest revision {} records commit {}, which is not on the history of {}",
                    last.id,
                    git::short(commit),
                    path.display()
                ),
            }
        }
    };

    let mut previous: Option<(String, Document, RevisionId)> = published
        .last()
        .map(|r| (r.meta.sha256.clone(), r.document.clone(), r.id));
    let mut new_versions: Vec<Version> = Vec::new();
    for v in &versions[start..] {
        let Ok(raw) = String::from_utf8(v.text.clone()) else {
            bail!(
                "{} at commit {} is not UTF-8 text",
                path.display(),
                git::short(&v.commit)
            );
        };
        let text = if raw.starts_with("+++") {
            document::normalize_newlines(&raw)
        } else {
            import::markdown(&raw, &options(args))
                .map_err(|e| {
                    anyhow::anyhow!(
                        "{} at commit {}: line {}: {}",
                        path.display(),
                        git::short(&v.commit),
                        e.line,
                        e.message
                    )
                })?
                .document
        };
        let shown = format!("{} at commit {}", path.display(), git::short(&v.commit));
        let doc = document::parse(&text, Path::new(&shown), 1).map_err(|d| Diagnostics(d).sorted())?;
        // One revision per distinct text.
        let last_text = new_versions.last().map(|n| n.text.as_str());
        if last_text == Some(text.as_str())
            || (new_versions.is_empty() && previous.as_ref().is_some_and(|p| p.0 == sha256_hex(text.as_bytes())))
        {
            continue;
        }
        let mut date = Date(
            jiff::Timestamp::from_second(v.time)
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                .date(),
        );
        let last_id = new_versions.last().map(|n| n.id).or(previous.as_ref().map(|p| p.2));
        if let Some(last) = last_id
            && date < last.date
        {
            crate::note!(
                "note: commit {} is dated before the revision before it; published as {}",
                git::short(&v.commit),
                last.date
            );
            date = last.date;
        }
        let seq = match last_id {
            Some(l) if l.date == date => l.seq + 1,
            _ => 1,
        };
        let summary = if v.summary.is_empty() {
            format!("Imported from commit {}", git::short(&v.commit))
        } else {
            v.summary.clone()
        };
        new_versions.push(Version {
            id: RevisionId { date, seq },
            commit: v.commit.clone(),
            summary,
            text,
            document: doc,
        });
    }
    if new_versions.is_empty() {
        crate::note!(
            "nothing new: every version of {} is already in history/{}/",
            path.display(),
            args.id
        );
        return Ok(());
    }

    // Compose every file before writing any, so that a failure leaves nothing half-done.
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for v in &new_versions {
        let list = match &previous {
            Some((_, before, _)) => {
                let d = diff::documents(before, &v.document, &history::options());
                changes::propose(&d, &v.document)
                    .into_iter()
                    .map(|p| (p.article, p.section, p.note))
                    .collect()
            }
            None => Vec::new(),
        };
        let prev_sha = previous.as_ref().map(|p| p.0.clone());
        let record = NewRecord {
            date: v.id.date,
            effective: v.id.date,
            summary: &v.summary,
            changes: list,
            previous: prev_sha.as_deref(),
            commit: Some(&v.commit),
        };
        files.push((
            PathBuf::from(HISTORY_DIR).join(&args.id).join(format!("{}.md", v.id)),
            compose(&record, &v.text),
        ));
        previous = Some((sha256_hex(v.text.as_bytes()), v.document.clone(), v.id));
    }
    for (rel, _) in &files {
        if root.dir.join(rel).exists() {
            bail!(
                "{} already exists: import never overwrites a revision",
                root.shown(rel).display()
            );
        }
    }
    for (rel, text) in &files {
        write_new(&root, rel, text)?;
    }
    let content_rel = PathBuf::from(CONTENT_DIR).join(format!("{}.md", args.id));
    let latest = &new_versions[new_versions.len() - 1].text;
    if root.dir.join(&content_rel).exists() {
        let on_disk = crate::load::input::read_text(&root.dir.join(&content_rel), crate::load::input::TEXT_LIMIT);
        if on_disk.ok().as_deref() != Some(latest.as_str()) {
            crate::note!(
                "note: {} differs from the latest imported version and was left as it is",
                root.shown(&content_rel).display()
            );
        }
    } else {
        write_new(&root, &content_rel, latest)?;
    }
    crate::note!(
        "imported {} revision{} of {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        path.display()
    );
    Ok(())
}
