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
use crate::load::history::{Marks, NewRecord, compose, compose_marked, sha256_hex};
use crate::load::{self, CONTENT_DIR, HISTORY_DIR, Root, document, is_safe_name};
use crate::model::{Date, Document, Revision, RevisionId};
use crate::output::write_file;
use crate::records;

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
        plan: import::Plan::default(),
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
            consent: None,
        };
        let rel = history_rel.join(format!("{}.md", rev.date));
        let recording = records::log::recording(&root)?;
        write_new(&root, &rel, &compose(&record, &imported.document))?;
        let id = RevisionId { date: rev.date, seq: 1 };
        records::log::append_new(&root, recording, &[(args.id.clone(), id)])?;
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
    effective: Date,
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
    effective: Date,
}

fn from_git(args: &ImportArgs, repo_path: &Path) -> anyhow::Result<()> {
    let root = Root::new(&args.site.root);
    let Some(path) = args.path.last() else {
        bail!("--git needs --path FILE: the file's path inside the repository");
    };
    let offset = args.timezone.as_deref().map(parse_offset).transpose()?;
    let repo = git::open_any(repo_path)?;
    if repo.is_shallow() {
        crate::ui::warning(format_args!(
            "{} is a shallow clone: only the versions it holds are imported",
            repo_path.display()
        ));
    }
    let history = git::file_history(&repo, &args.path, args.follow)?;
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
        effective: r.meta.effective,
    });
    let fresh = &history.versions[start..];
    let plan = plan(args, path, &history.versions)?;
    let dated = dated_versions(args, path, fresh, offset, plan)?;
    let new_versions = versions_to_publish(dated, previous.as_ref())?;
    if new_versions.is_empty() {
        crate::note!(
            "nothing new: every version of {} is already in history/{}/",
            path.display(),
            args.id
        );
        return Ok(());
    }
    report_moves(&history, offset)?;
    report_gaps(&history.gaps, fresh, offset)?;
    let files = revision_files(&args.id, &new_versions, previous);
    let recording = records::log::recording(&root)?;
    write_revisions(&root, &files)?;
    let ids: Vec<(String, RevisionId)> = new_versions.iter().map(|v| (args.id.clone(), v.id)).collect();
    records::log::append_new(&root, recording, &ids)?;
    write_content(&root, &args.id, &new_versions[new_versions.len() - 1].text)?;
    crate::note!(
        "imported {} of {}",
        crate::ui::count(files.len(), "revision"),
        path.display()
    );
    crate::note!(
        "Their summaries come from commit messages and their notes from the diff: read and edit them in \
         history/{}/, then accept them with `charter review {}` before you commit and publish",
        args.id,
        args.id
    );
    Ok(())
}

/// `--timezone ±HH:MM` as minutes east of UTC.
fn parse_offset(s: &str) -> anyhow::Result<i32> {
    let bad = || anyhow::anyhow!("--timezone `{s}` is not a UTC offset: write it as +HH:MM or -HH:MM, such as -07:00");
    let (sign, rest) = match s.as_bytes().first() {
        Some(b'+') => (1, &s[1..]),
        Some(b'-') => (-1, &s[1..]),
        _ => return Err(bad()),
    };
    let (h, m) = rest.split_once(':').ok_or_else(bad)?;
    let (h, m): (i32, i32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if h > 14 || m > 59 || rest.len() != 5 {
        return Err(bad());
    }
    Ok(sign * (h * 60 + m))
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

/// Says which earlier names the file was followed to, and what the commit
/// that added its oldest version deleted without being followed, so that
/// no part of the history is left out silently.
fn report_moves(history: &git::FileHistory, offset: Option<i32>) -> anyhow::Result<()> {
    for m in &history.moves {
        let how = match m.kind {
            git::MoveKind::Renamed => "git records a rename",
            git::MoveKind::Given => "given with --path",
            git::MoveKind::Similar => "it disappeared in that commit, with similar content",
        };
        crate::note!(
            "note: followed {} back to {} at {} ({how}); the versions of {} are imported too",
            m.to.display(),
            m.from.display(),
            stamp(&m.at, offset)?,
            m.from.display()
        );
    }
    if let Some(o) = &history.origin {
        let added = stamp(&o.added, offset)?;
        if o.deleted.is_empty() {
            crate::note!(
                "note: {} begins at {added}, which added it; nothing earlier is imported",
                o.path.display()
            );
        } else {
            let names: Vec<String> = o.deleted.iter().map(|p| p.display().to_string()).collect();
            crate::note!(
                "note: {} begins at {added}, which also deleted {}; not followed (its content differs): \
                 if it is an earlier version, give its path first: --path {} --path {}",
                o.path.display(),
                names.join(", "),
                names[0],
                o.path.display()
            );
        }
    }
    Ok(())
}

/// Says where the file was absent among the versions being imported, so
/// that a bridged deletion is never silent.
fn report_gaps(gaps: &[git::Gap], fresh: &[git::FileVersion], offset: Option<i32>) -> anyhow::Result<()> {
    for gap in gaps {
        let deleted = stamp(&gap.deleted, offset)?;
        match &gap.added {
            Some(added) if fresh.iter().any(|v| v.commit == added.commit) => crate::note!(
                "note: {} was absent from {deleted} to {}, which added it again; \
                 its versions from before are imported too",
                gap.path.display(),
                stamp(added, offset)?
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
fn stamp(s: &git::Stamp, offset: Option<i32>) -> anyhow::Result<String> {
    Ok(format!(
        "commit {} ({})",
        git::short(&s.commit),
        local_date(s.time, offset.unwrap_or(s.offset_minutes))?
    ))
}

/// The day it was at `seconds` where the clock is `offset` minutes from
/// UTC: a commit made at 17:22 -07:00 is dated that day, not the next one.
fn local_date(seconds: i64, offset: i32) -> anyhow::Result<Date> {
    let tz =
        jiff::tz::TimeZone::fixed(jiff::tz::Offset::from_seconds(offset * 60).map_err(|e| anyhow::anyhow!("{e}"))?);
    Ok(Date(
        jiff::Timestamp::from_second(seconds)
            .map_err(|e| anyhow::anyhow!("{e}"))?
            .to_zoned_datetime(tz)
            .date(),
    ))
}

/// The structure every version is converted with: the article depth most
/// versions have (the latest's when as many have another), and letters or
/// Roman numerals as all versions' headings together say. One decision for
/// the whole history keeps consecutive versions comparable.
fn plan(args: &ImportArgs, path: &Path, versions: &[git::FileVersion]) -> anyhow::Result<import::Plan> {
    let mut letters = import::Letters::default();
    let mut levels: Vec<u8> = Vec::new();
    for v in versions {
        // A version that cannot be converted on its own (no title without
        // the history's structure) has no say; the second pass reports it.
        if let Ok(Some(imported)) = converted(args, path, v, import::Plan::default()) {
            letters.merge(imported.letters);
            levels.extend(imported.plan.article_depth);
        }
    }
    let lettered = letters.lettered();
    let mut counts = [0usize; 7];
    for &l in &levels {
        counts[usize::from(l)] += 1;
    }
    // A tie goes to the latest version's level.
    let most = counts.iter().max().copied().unwrap_or(0);
    let article_depth = levels.iter().rev().copied().find(|&l| counts[usize::from(l)] == most);
    Ok(import::Plan {
        article_depth,
        letters: Some(lettered),
    })
}

/// A version converted from Markdown, or None when it already is a charter
/// document (`+++` front matter).
fn converted(
    args: &ImportArgs,
    path: &Path,
    v: &git::FileVersion,
    plan: import::Plan,
) -> anyhow::Result<Option<import::Imported>> {
    let raw = raw_text(path, v)?;
    if raw.starts_with("+++") {
        return Ok(None);
    }
    let opts = Options { plan, ..options(args) };
    import::markdown(&raw, &opts).map(Some).map_err(|e| {
        anyhow::anyhow!(
            "{} at commit {}: line {}: {}",
            path.display(),
            git::short(&v.commit),
            e.line,
            e.message
        )
    })
}

/// The version converted with the history's `plan` or, where its headings
/// changed level, with the article depth whose articles are most like the
/// `previous` version's: a version that only moved its headings a level
/// keeps the articles it had. The text and the document it parses to.
fn closest_conversion(
    args: &ImportArgs,
    path: &Path,
    v: &git::FileVersion,
    plan: import::Plan,
    previous: Option<&Document>,
) -> anyhow::Result<(String, Document)> {
    let shown = format!("{} at commit {}", path.display(), git::short(&v.commit));
    let parse = |text: &str| document::parse(text, Path::new(&shown), 1).map_err(|d| Diagnostics(d).sorted());
    let Some(imported) = converted(args, path, v, plan)? else {
        let text = document::normalize_newlines(&raw_text(path, v)?);
        let doc = parse(&text)?;
        return Ok((text, doc));
    };
    let doc = parse(&imported.document)?;
    let Some(previous) = previous else {
        return Ok((imported.document, doc));
    };
    let mut best = (likeness(previous, &doc), imported.document, doc);
    for depth in 0..3 {
        if best.0 >= 1.0 || plan.article_depth == Some(depth) {
            continue;
        }
        let other = import::Plan {
            article_depth: Some(depth),
            ..plan
        };
        let Ok(Some(imported)) = converted(args, path, v, other) else {
            continue;
        };
        let Ok(doc) = parse(&imported.document) else { continue };
        let score = likeness(previous, &doc);
        if score > best.0 {
            best = (score, imported.document, doc);
        }
    }
    Ok((best.1, best.2))
}

/// How alike two documents' articles are: the share of article ids both
/// have, from 0 (none) to 1 (the same articles).
fn likeness(a: &Document, b: &Document) -> f64 {
    let total = a.articles.len() + b.articles.len();
    if total == 0 {
        return 1.0;
    }
    let common = a.articles.iter().filter(|x| b.article(&x.id).is_some()).count();
    (2 * common) as f64 / total as f64
}

/// A version with its publication date, its text and what its text states.
struct Dated {
    date: Date,
    commit: String,
    summary: String,
    text: String,
    stated: Option<import::Stated>,
    document: Document,
}

/// Every version dated, converted and parsed; with `--last-of-day`, only
/// the last of each day, with a note saying how many were left out.
fn dated_versions(
    args: &ImportArgs,
    path: &Path,
    fresh: &[git::FileVersion],
    offset: Option<i32>,
    plan: import::Plan,
) -> anyhow::Result<Vec<Dated>> {
    let mut out: Vec<Dated> = Vec::new();
    for v in fresh {
        let raw = raw_text(path, v)?;
        let (text, doc) = closest_conversion(args, path, v, plan, out.last().map(|d| &d.document))?;
        let summary = if v.summary.is_empty() {
            format!("Imported from commit {}", git::short(&v.commit))
        } else {
            v.summary.clone()
        };
        out.push(Dated {
            date: local_date(v.time, offset.unwrap_or(v.offset_minutes))?,
            commit: v.commit.clone(),
            summary,
            stated: import::stated_effective(&raw),
            text,
            document: doc,
        });
    }
    if args.last_of_day {
        let before = out.len();
        let keep: Vec<bool> = (0..out.len())
            .map(|k| out.get(k + 1).is_none_or(|next| next.date != out[k].date))
            .collect();
        let mut keep = keep.into_iter();
        out.retain(|_| keep.next().unwrap_or(true));
        if out.len() < before {
            crate::note!(
                "note: --last-of-day: left out {} versions that a later commit of the same day replaced",
                before - out.len()
            );
        }
    }
    Ok(out)
}

/// One version per distinct text, numbered and with its effective date,
/// after `previous`.
fn versions_to_publish(dated: Vec<Dated>, previous: Option<&Previous>) -> anyhow::Result<Vec<Version>> {
    let mut out: Vec<Version> = Vec::new();
    let mut last_stated: Option<Date> = None;
    for v in dated {
        let last_text = out.last().map(|n| n.text.as_str());
        if last_text == Some(v.text.as_str())
            || (out.is_empty() && previous.is_some_and(|p| p.sha256 == sha256_hex(v.text.as_bytes())))
        {
            continue;
        }
        let mut date = v.date;
        let last = out
            .last()
            .map(|n| (n.id, n.effective))
            .or(previous.map(|p| (p.id, p.effective)));
        if let Some((last, _)) = last
            && date < last.date
        {
            crate::note!(
                "note: commit {} is dated before the revision before it; published as {}",
                git::short(&v.commit),
                last.date
            );
            date = last.date;
        }
        let seq = match last {
            Some((l, _)) if l.date == date => l.seq + 1,
            _ => 1,
        };
        let id = RevisionId { date, seq };
        let stated = v.stated.as_ref().map(|s| s.date);
        // A date the previous version stated too was noted there.
        let noted = stated.is_some() && stated == last_stated;
        last_stated = stated;
        let effective = effective(id, v.stated.as_ref(), last.map(|l| l.1), noted);
        out.push(Version {
            id,
            effective,
            commit: v.commit,
            summary: v.summary,
            text: v.text,
            document: v.document,
        });
    }
    Ok(out)
}

/// The effective date of revision `id`: the date its text states, when that
/// is on or after its publication and the previous revision's effective
/// date (`charter check` holds every revision to both); else the first day
/// that keeps both rules. A note says what was taken, or why not, unless
/// the note for the previous version said so already (`noted`).
fn effective(id: RevisionId, stated: Option<&import::Stated>, last_effective: Option<Date>, noted: bool) -> Date {
    let earliest = last_effective.map_or(id.date, |e| e.max(id.date));
    match stated {
        Some(s) if noted => s.date.max(earliest),
        Some(s) if s.date >= earliest => {
            if s.date != id.date {
                crate::note!("note: {id}: effective {} as its text states (“{}”)", s.date, s.line);
            }
            s.date
        }
        Some(s) => {
            let why = if s.date < id.date {
                format!("before its publication on {}", id.date)
            } else {
                format!("before the previous revision's effective date {earliest}")
            };
            crate::note!(
                "note: {id}: its text states {} (“{}”), {why}: effective {earliest} instead, since a revision \
                 cannot take effect before it is published or before the one before it",
                s.date,
                s.line
            );
            earliest
        }
        None => {
            if earliest != id.date {
                crate::note!(
                    "note: {id}: effective {earliest}, the previous revision's effective date: its text states none"
                );
            }
            earliest
        }
    }
}

/// A version's bytes as UTF-8 text.
fn raw_text(path: &Path, v: &git::FileVersion) -> anyhow::Result<String> {
    String::from_utf8(v.text.clone()).map_err(|_| {
        anyhow::anyhow!(
            "{} at commit {} is not UTF-8 text",
            path.display(),
            git::short(&v.commit)
        )
    })
}

/// Every revision file, composed before any is written, so that a failure
/// leaves nothing half-done.
///
/// Git holds no record a reader should see unread: the summary is a
/// commit's words and the notes are proposed from the diff, so both are
/// marked as proposals until a person reviews them (`charter review`). A
/// version that changes no word (whitespace, formatting) is marked
/// editorial, so it is kept in the record but not announced.
fn revision_files(id: &str, versions: &[Version], mut previous: Option<Previous>) -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    for v in versions {
        let mut marks = Marks {
            summary_proposed: true,
            ..Marks::default()
        };
        let list: Vec<_> = match &previous {
            Some(p) => {
                let d = diff::documents(&p.document, &v.document, &history::options());
                marks.editorial = changes::is_editorial(&d);
                changes::propose(&d, &v.document)
                    .into_iter()
                    .map(|p| (p.article, p.section, p.note))
                    .collect()
            }
            None => Vec::new(),
        };
        marks.notes_proposed = !list.is_empty();
        let record = NewRecord {
            date: v.id.date,
            effective: v.effective,
            summary: &v.summary,
            changes: list,
            previous: previous.as_ref().map(|p| p.sha256.as_str()),
            commit: Some(&v.commit),
            consent: None,
        };
        files.push((
            PathBuf::from(HISTORY_DIR).join(id).join(format!("{}.md", v.id)),
            compose_marked(&record, marks, &v.text),
        ));
        previous = Some(Previous {
            sha256: sha256_hex(v.text.as_bytes()),
            document: v.document.clone(),
            id: v.id,
            effective: v.effective,
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
