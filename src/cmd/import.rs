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
use crate::model::{Date, Document, Revision, RevisionId};
use crate::output::write_file;

pub fn run(args: &ImportArgs) -> anyhow::Result<()> {
    if !is_safe_name(&args.id) {
        bail!(
            "--id `{}` is not a document name: use lowercase letters, digits, `-` and `_`",
            args.id
        );
    }
    require_site(&args.site.root)?;
    match (&args.file, &args.git) {
        (Some(file), None) => from_file(args, file),
        (None, Some(repo)) => from_git(args, repo),
        _ => bail!("give either a FILE to import or --git REPO --path FILE"),
    }
}

/// Import writes into a site; without `site.toml` it would scatter
/// `content/` and `history/` into whatever folder it was run from.
fn require_site(dir: &Path) -> anyhow::Result<()> {
    if dir.join("site.toml").is_file() {
        return Ok(());
    }
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        bail!("no site.toml here: run `charter init` first, or pass --root with the site's folder");
    }
    bail!(
        "no site.toml in {d}: run `charter init {d}` first, or pass --root with the site's folder",
        d = dir.display()
    )
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

/// The revision the next one is chained to and diffed against.
struct Previous {
    sha256: String,
    document: Document,
    id: RevisionId,
}

fn from_git(args: &ImportArgs, repo_path: &Path) -> anyhow::Result<()> {
    let root = Root::new(&args.site.root);
    let path = args
        .path
        .as_ref()
        .context("--git needs --path FILE: the file's path inside the repository")?;
    let repo = git::open_any(repo_path)?;
    if repo.is_shallow() {
        crate::ui::warning(format_args!(
            "{} is a shallow clone: only the versions it holds are imported",
            repo_path.display()
        ));
    }
    let history = git::file_history(&repo, path, args.follow)?;
    if history.versions.is_empty() {
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
    let start = resume_point(published, &history.versions, path)?;
    let previous = published.last().map(|r| Previous {
        sha256: r.meta.sha256.clone(),
        document: r.document.clone(),
        id: r.id,
    });
    let fresh = &history.versions[start..];
    let new_versions = versions_to_publish(args, path, fresh, previous.as_ref())?;
    if new_versions.is_empty() {
        crate::note!(
            "nothing new: every version of {} is already in history/{}/",
            path.display(),
            args.id
        );
        return Ok(());
    }
    report_gaps(&history.gaps, fresh)?;
    let files = revision_files(&args.id, &new_versions, previous);
    write_revisions(&root, &files)?;
    write_content(&root, &args.id, &new_versions[new_versions.len() - 1].text)?;
    crate::note!(
        "imported {} revision{} of {}",
        files.len(),
        if files.len() == 1 { "" } else { "s" },
        path.display()
    );
    Ok(())
}

/// Where in the file's versions the import continues: after the commit the
/// latest published revision records, or at the start.
fn resume_point(published: &[Revision], versions: &[git::FileVersion], path: &Path) -> anyhow::Result<usize> {
    let Some(last) = published.last() else { return Ok(0) };
    let Some(commit) = &last.meta.commit else {
        bail!(
            "{} was not imported from git (it records no commit), so charter cannot tell which \
             commits are new: import into a new document id instead",
            last.path.display()
        );
    };
    match versions.iter().position(|v| v.commit.starts_with(commit.as_str())) {
        Some(i) => Ok(i + 1),
        None => bail!(
            "the latest revision {} records commit {}, which is not on the history of {}",
            last.id,
            git::short(commit),
            path.display()
        ),
    }
}

/// Says where the file was absent among the versions being imported, so
/// that a bridged deletion is never silent.
fn report_gaps(gaps: &[git::Gap], fresh: &[git::FileVersion]) -> anyhow::Result<()> {
    for gap in gaps {
        let deleted = stamp(&gap.deleted)?;
        match &gap.added {
            Some(added) if fresh.iter().any(|v| v.commit == added.commit) => crate::note!(
                "note: {} was absent from {deleted} to {}, which added it again; \
                 its versions from before are imported too",
                gap.path.display(),
                stamp(added)?
            ),
            None => crate::note!(
                "note: {} is not at HEAD: {deleted} deleted it; its versions from before are imported",
                gap.path.display()
            ),
            Some(_) => {}
        }
    }
    Ok(())
}

/// `commit 1a2b3c4d5e (2024-05-01)`.
fn stamp(s: &git::Stamp) -> anyhow::Result<String> {
    Ok(format!("commit {} ({})", git::short(&s.commit), utc_date(s.time)?))
}

fn utc_date(seconds: i64) -> anyhow::Result<Date> {
    Ok(Date(
        jiff::Timestamp::from_second(seconds)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .to_zoned_datetime(jiff::tz::TimeZone::UTC)
            .date(),
    ))
}

/// One version per distinct text, dated and numbered after `previous`.
fn versions_to_publish(
    args: &ImportArgs,
    path: &Path,
    fresh: &[git::FileVersion],
    previous: Option<&Previous>,
) -> anyhow::Result<Vec<Version>> {
    let mut out: Vec<Version> = Vec::new();
    for v in fresh {
        let text = version_text(args, path, v)?;
        let shown = format!("{} at commit {}", path.display(), git::short(&v.commit));
        let doc = document::parse(&text, Path::new(&shown), 1).map_err(|d| Diagnostics(d).sorted())?;
        let last_text = out.last().map(|n| n.text.as_str());
        if last_text == Some(text.as_str())
            || (out.is_empty() && previous.is_some_and(|p| p.sha256 == sha256_hex(text.as_bytes())))
        {
            continue;
        }
        let mut date = utc_date(v.time)?;
        let last_id = out.last().map(|n| n.id).or(previous.map(|p| p.id));
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
        out.push(Version {
            id: RevisionId { date, seq },
            commit: v.commit.clone(),
            summary,
            text,
            document: doc,
        });
    }
    Ok(out)
}

/// A version's text as a charter document: as it is when it already is one,
/// converted otherwise.
fn version_text(args: &ImportArgs, path: &Path, v: &git::FileVersion) -> anyhow::Result<String> {
    let Ok(raw) = String::from_utf8(v.text.clone()) else {
        bail!(
            "{} at commit {} is not UTF-8 text",
            path.display(),
            git::short(&v.commit)
        );
    };
    if raw.starts_with("+++") {
        return Ok(document::normalize_newlines(&raw));
    }
    let imported = import::markdown(&raw, &options(args)).map_err(|e| {
        anyhow::anyhow!(
            "{} at commit {}: line {}: {}",
            path.display(),
            git::short(&v.commit),
            e.line,
            e.message
        )
    })?;
    Ok(imported.document)
}

/// Every revision file, composed before any is written, so that a failure
/// leaves nothing half-done.
fn revision_files(id: &str, versions: &[Version], mut previous: Option<Previous>) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for v in versions {
        let list = match &previous {
            Some(p) => {
                let d = diff::documents(&p.document, &v.document, &history::options());
                changes::propose(&d, &v.document)
                    .into_iter()
                    .map(|p| (p.article, p.section, p.note))
                    .collect()
            }
            None => Vec::new(),
        };
        let record = NewRecord {
            date: v.id.date,
            effective: v.id.date,
            summary: &v.summary,
            changes: list,
            previous: previous.as_ref().map(|p| p.sha256.as_str()),
            commit: Some(&v.commit),
        };
        files.push((
            PathBuf::from(HISTORY_DIR).join(id).join(format!("{}.md", v.id)),
            compose(&record, &v.text),
        ));
        previous = Some(Previous {
            sha256: sha256_hex(v.text.as_bytes()),
            document: v.document.clone(),
            id: v.id,
        });
    }
    files
}

/// Writes the revision files, after making sure none exists: a published
/// revision is never rewritten.
fn write_revisions(root: &Root, files: &[(PathBuf, String)]) -> anyhow::Result<()> {
    for (rel, _) in files {
        if root.dir.join(rel).exists() {
            bail!(
                "{} already exists: import never overwrites a revision",
                root.shown(rel).display()
            );
        }
    }
    for (rel, text) in files {
        write_new(root, rel, text)?;
    }
    Ok(())
}

/// Writes `content/<id>.md` from the latest version, unless a working copy
/// is there already: that one is the user's, and is left alone.
fn write_content(root: &Root, id: &str, latest: &str) -> anyhow::Result<()> {
    let content_rel = PathBuf::from(CONTENT_DIR).join(format!("{id}.md"));
    if !root.dir.join(&content_rel).exists() {
        return write_new(root, &content_rel, latest);
    }
    let on_disk = crate::load::input::read_text(&root.dir.join(&content_rel), crate::load::input::TEXT_LIMIT);
    if on_disk.ok().as_deref() != Some(latest) {
        crate::note!(
            "note: {} differs from the latest imported version and was left as it is",
            root.shown(&content_rel).display()
        );
    }
    Ok(())
}
