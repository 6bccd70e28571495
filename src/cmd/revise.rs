//! `charter revise`: cut the working copy of a document into a new published
//! revision. It only ever creates a file; an existing revision is never touched.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::cli::{ConsentArg, ReviseArgs};
use crate::derive::{changes, history};
use crate::diagnostic::Diagnostics;
use crate::diff::{self, DocumentDiff};
use crate::git::Repo;
use crate::load::history::{Marks, NewRecord, compose_marked, sha256_hex};
use crate::load::{HISTORY_DIR, Root, text};
use crate::model::{Config, Consent, Date, DocumentEntry, Revision, RevisionId};
use crate::output::write_file;
use crate::site::load_one_published;

/// A change for the record: `(article, section, note)`.
type Change = (String, Option<String>, String);

pub fn run(args: &ReviseArgs) -> anyhow::Result<()> {
    let root_dir = &args.site.root;
    check_arguments(args)?;
    // Only this document is read and checked (with site.toml and the list
    // of documents): a problem in another one does not stop it.
    let site = load_one_published(root_dir, &args.document).map_err(|e| {
        if e.is::<Diagnostics>() {
            e.context(format!(
                "`{}` fails `charter check`: fix these problems first",
                args.document
            ))
        } else {
            e
        }
    })?;
    let doc = super::find_document(&site, &args.document)?;
    let root = Root::new(root_dir);
    let content_rel = PathBuf::from(crate::load::CONTENT_DIR).join(format!("{}.md", doc.id));
    let body = working_body(&root, &content_rel, doc)?;
    let working = doc.working.as_ref().context("the working copy could not be read")?;
    let latest = doc.latest();
    let date = publication_date(args, latest)?;
    let id = next_id(doc, date);

    let diff = latest.map(|l| diff::documents(&l.document, working, &history::options()));
    let rel = Path::new(HISTORY_DIR).join(&doc.id).join(format!("{id}.md"));
    let editorial = editorial(
        args,
        diff.as_ref().zip(latest),
        &root.shown(&content_rel),
        &root.shown(&rel),
    )?;
    let effective = effective(args, &site.config, date, editorial, latest)?;
    let list = change_list(args, diff.as_ref(), working, editorial)?;
    let notes_proposed = args.change.is_empty() && !list.is_empty();
    if notes_proposed && args.commit {
        bail!(
            "--commit publishes the revision as it is, but its notes would be charter's proposals, which no person \
             has read: name the changes with --change ARTICLE=NOTE, or cut it without --commit, read and accept \
             the notes (charter review {} {id}), then commit it",
            doc.id
        );
    }

    let repo = Repo::open(root_dir);
    let commit = source_commit(repo.as_ref(), &root, &content_rel);
    let record = NewRecord {
        date,
        effective,
        summary: &args.summary,
        changes: list,
        previous: latest.map(|l| l.meta.sha256.as_str()),
        commit: commit.as_deref(),
        consent: args.consent.map(|c| match c {
            ConsentArg::Required => Consent::Required,
            ConsentArg::Notify => Consent::Notify,
        }),
    };
    let marks = Marks {
        editorial,
        summary_proposed: false,
        notes_proposed,
    };
    let text = compose_marked(&record, marks, &body);
    check_new_revision(doc, id, &root.shown(&rel), &text, diff.as_ref())?;
    if args.dry_run {
        crate::note!("would write {}:", root.shown(&rel).display());
        return super::print(&text);
    }
    write(args, repo, &root, doc, id, [rel, content_rel], &text)
}

/// The revision's main changes: those given with `--change`, else the ones
/// charter proposes from the diff (none for an editorial revision, which
/// changes nothing a list of changes would name, or for a first one).
fn change_list(
    args: &ReviseArgs,
    diff: Option<&diff::DocumentDiff>,
    working: &crate::model::Document,
    editorial: bool,
) -> anyhow::Result<Vec<Change>> {
    Ok(match (&args.change[..], diff) {
        ([], Some(_)) if editorial => Vec::new(),
        ([], Some(d)) => changes::propose(d, working)
            .into_iter()
            .map(|p| (p.article, p.section, p.note))
            .collect(),
        ([], None) => Vec::new(),
        (given, _) => given
            .iter()
            .map(|c| parse_change(c))
            .collect::<anyhow::Result<Vec<_>>>()?,
    })
}

/// Whether the new revision is editorial: as `--editorial` or
/// `--no-editorial` say; else proposed when `diff` (the working copy
/// against the `latest` revision) changes no word, and said on stderr with
/// how to undo it. Not proposed under `--commit`, which would publish it
/// before anyone could undo it: that asks for the choice instead. Nor
/// with `--consent`: a revision users are asked about changes meaning.
fn editorial(
    args: &ReviseArgs,
    diff: Option<(&DocumentDiff, &Revision)>,
    content: &Path,
    file: &Path,
) -> anyhow::Result<bool> {
    if args.editorial || args.no_editorial || args.consent.is_some() {
        return Ok(args.editorial);
    }
    let Some((diff, latest)) = diff.filter(|(d, _)| changes::is_editorial(d)) else {
        return Ok(false);
    };
    let what = if diff.has_changes() {
        "no word of it changed, only its formatting"
    } else {
        "nothing a reader sees changed: only how its Markdown is written (spacing, line breaks), \
         so its changes page would say \"No changes.\""
    };
    if args.commit {
        bail!(
            "{} differs from revision {} but {what}. --commit would publish it at once: say whether it is an \
             editorial correction (not announced) with --editorial, or a revision to announce with --no-editorial",
            content.display(),
            latest.id
        );
    }
    crate::note!("{} differs from revision {} but {what}.", content.display(), latest.id);
    crate::note!(
        "charter marks it as an editorial revision (`editorial = true`): listed with the past revisions as an \
         editorial correction, but not announced. If it changes what the policy says, delete that line from {} \
         before you commit it (or cut it again with --no-editorial)",
        file.display()
    );
    Ok(true)
}

/// The summary and the notes given are each one line of plain text, as the
/// record and the feeds need them: checked before anything is read.
fn check_arguments(args: &ReviseArgs) -> anyhow::Result<()> {
    if args.summary.trim().is_empty() {
        bail!("--summary is empty: say in one line what this revision changes");
    }
    if let Some(why) = text::one_line_problem(&args.summary) {
        bail!("--summary {why}");
    }
    for change in &args.change {
        if let Some((place, note)) = change.split_once('=')
            && let Some(why) = text::one_line_problem(note)
        {
            bail!("the note of --change `{}` {why}", place.escape_debug());
        }
    }
    Ok(())
}

/// The working copy `content_rel` of `doc`, byte for byte: the text that was
/// loaded and checked, and not the same as the latest revision's.
fn working_body(root: &Root, content_rel: &Path, doc: &DocumentEntry) -> anyhow::Result<String> {
    let shown = root.shown(content_rel);
    let body = crate::load::input::read_text(&root.dir.join(content_rel), crate::load::input::TEXT_LIMIT)
        .map_err(|(_, why)| anyhow::anyhow!("cannot read {}: {why}", shown.display()))?;
    if sha256_hex(body.as_bytes()) != doc.working_sha256 {
        bail!(
            "{} changed while charter was reading it: run the command again",
            shown.display()
        );
    }
    if let Some(latest) = doc.latest()
        && latest.sha256 == doc.working_sha256
    {
        bail!(
            "nothing to publish: {} is the same as the latest revision ({}). Edit it first",
            shown.display(),
            latest.id
        );
    }
    Ok(body)
}

/// `--date` (default: today). The date names the file, so it may not come
/// before the `latest` revision's: the new revision would sort before it.
/// Everything else about the dates is a rule of `charter check` (see
/// [`check_new_revision`]), but for the notice (see [`effective`]).
fn publication_date(args: &ReviseArgs, latest: Option<&Revision>) -> anyhow::Result<Date> {
    let date = args.date.unwrap_or_else(Date::today_utc);
    if let Some(l) = latest
        && date < l.meta.date
    {
        bail!(
            "--date {date} is before the latest revision ({}, published {}): revisions are published in order",
            l.id,
            l.meta.date
        );
    }
    Ok(date)
}

/// `--effective`, by default the publication `date`. When site.toml
/// promises notice (`notice_days`) and the revision is not `editorial`,
/// and it is not the document's first (which changes nothing anyone was
/// told of), the default is the first day the notice allows (or the `latest`
/// revision's `effective`, if later), and an `--effective` before that day
/// is refused: `charter check` would warn about it, and once committed the
/// record can never be put right. A person who must publish sooner writes
/// the record by hand, where `charter check` holds it to the promise.
fn effective(
    args: &ReviseArgs,
    config: &Config,
    date: Date,
    editorial: bool,
    latest: Option<&Revision>,
) -> anyhow::Result<Date> {
    let held = !editorial && latest.is_some();
    let Some((earliest, days)) = config.notice(date).filter(|_| held) else {
        return Ok(args.effective.unwrap_or(date));
    };
    match args.effective {
        Some(given) if given >= date && given < earliest => bail!(
            "--effective {given} is {} after the publication date {date}, but site.toml promises {days} \
             days of notice (`notice_days = {days}`): give --effective {earliest} or later, or leave it out to \
             take {earliest}. A revision that changes nothing the policy means needs no notice: cut it with \
             --editorial",
            crate::ui::count(usize::try_from((given.0 - date.0).get_days()).unwrap_or(0), "day")
        ),
        Some(given) => Ok(given),
        None => {
            let effective = latest.map_or(earliest, |l| l.meta.effective.max(earliest));
            crate::note!(
                "effective {effective}: site.toml promises {days} days of notice (`notice_days`) from the \
                 publication date {date}; give --effective for a later day"
            );
            Ok(effective)
        }
    }
}

/// The commit to record: `HEAD`, when the working copy is committed there
/// as it is on disk; else none, with a warning inside a repository.
fn source_commit(repo: Option<&Repo>, root: &Root, content_rel: &Path) -> Option<String> {
    let repo = repo?;
    if !repo.is_committed_unchanged(content_rel) {
        crate::ui::warning(format_args!(
            "{} has changes that are not committed, so the revision records no commit; commit it first to record where the text came from",
            root.shown(content_rel).display()
        ));
        return None;
    }
    repo.head()
}

/// The revision file `text`, to be written at `shown`, read back as
/// `charter check` will read it and held against the rules `charter check`
/// applies to a revision after the document's others, `diff` being the
/// working copy against the latest. Its warnings are shown; its errors stop
/// the command before anything is written.
fn check_new_revision(
    doc: &DocumentEntry,
    id: RevisionId,
    shown: &Path,
    text: &str,
    diff: Option<&DocumentDiff>,
) -> anyhow::Result<()> {
    let refused = |problems: Vec<crate::diagnostic::Diagnostic>| {
        anyhow::Error::new(Diagnostics(problems).sorted()).context(format!(
            "the revision would fail `charter check` (its record comes from --date, --effective and --change), \
             so {} was not written",
            shown.display()
        ))
    };
    let revision = crate::load::history::parse(id, text, shown).map_err(refused)?;
    let mut problems = crate::check::revision(doc, &doc.revisions, &revision);
    if let Some(diff) = diff {
        problems.extend(crate::check::changes_against_diff(&revision, diff));
    }
    if problems.iter().any(|p| p.is_error()) {
        return Err(refused(problems));
    }
    for warning in &problems {
        crate::ui::warn(warning);
    }
    Ok(())
}

/// Writes the revision file `text` at `files[0]` and, with `--commit`,
/// commits it with the working copy `files[1]`; says what to do next.
fn write(
    args: &ReviseArgs,
    repo: Option<Repo>,
    root: &Root,
    doc: &DocumentEntry,
    id: RevisionId,
    files: [PathBuf; 2],
    text: &str,
) -> anyhow::Result<()> {
    let shown = root.shown(&files[0]);
    // Everything --commit needs is checked before anything is written.
    let repo = match (args.commit, repo) {
        (false, _) => None,
        (true, None) => bail!("--commit needs the site to be in a git repository"),
        (true, Some(repo)) => {
            repo.signature()?;
            Some(repo)
        }
    };
    let recording = crate::records::log::recording(root)?;
    write_file(&root.dir.join(&files[0]), text.as_bytes(), false)?;
    crate::note!("wrote {}", shown.display());
    crate::records::log::append_new(root, recording, &[(doc.id.clone(), id)])?;
    if let Some(repo) = repo {
        let message = format!("Publish {} revision {id}: {}", doc.id, args.summary);
        // The text it was cut from goes in the same commit, so history and
        // content agree, and so does the log that records it.
        let mut files = files.to_vec();
        if root.dir.join(crate::records::log::LOG_FILE).is_file() {
            files.push(PathBuf::from(crate::records::log::LOG_FILE));
        }
        let commit = repo.commit_files(&files, &message)?;
        crate::note!("committed {} ({message})", crate::git::short(&commit));
        crate::note!("Build the site and announce it: charter announce {} {id}", doc.id);
    } else if text.contains("\nproposed = true\n") {
        // The notes need a reader's eye only when charter proposed them.
        crate::note!(
            "The notes of `changes` in {} are charter's proposals (`proposed = true`): read them, rewrite what \
             does not say it right, accept them with `charter review {} {id}`, commit the file (with \
             history/.log), then build the site and announce it: charter announce {} {id}",
            shown.display(),
            doc.id,
            doc.id
        );
    } else {
        crate::note!(
            "Review the record in {}, commit it with history/.log, then build the site and announce it: \
             charter announce {} {id}",
            shown.display(),
            doc.id
        );
    }
    Ok(())
}

/// The revision id for a revision published on `date`: the date, with `-2`,
/// `-3`… when the document already has revisions that day.
fn next_id(doc: &DocumentEntry, date: Date) -> RevisionId {
    let seq = doc
        .revisions
        .iter()
        .filter(|r| r.id.date == date)
        .map(|r| r.id.seq)
        .max()
        .map_or(1, |s| s + 1);
    RevisionId { date, seq }
}

/// `ARTICLE[#SECTION]=NOTE`, trimmed. Whether the article and section are
/// in the text, changed since the latest revision and have a note is for
/// the checks of the revision (see [`check_new_revision`]).
fn parse_change(arg: &str) -> anyhow::Result<Change> {
    let Some((place, note)) = arg.split_once('=') else {
        bail!("--change `{arg}` has no note: write it as ARTICLE=NOTE or ARTICLE#SECTION=NOTE");
    };
    let (article, section) = match place.split_once('#') {
        Some((a, s)) => (a.trim(), Some(s.trim().to_string())),
        None => (place.trim(), None),
    };
    Ok((article.to_string(), section, note.trim().to_string()))
}
