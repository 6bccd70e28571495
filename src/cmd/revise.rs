//! `charter revise`: cut the working copy of a document into a new published
//! revision. It only ever creates a file; an existing revision is never touched.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::cli::ReviseArgs;
use crate::derive::{changes, history};
use crate::diff::{self, ArticleStatus};
use crate::git::Repo;
use crate::load::history::{NewRecord, compose, sha256_hex};
use crate::load::{HISTORY_DIR, Root, text};
use crate::model::{Date, Document, DocumentEntry, RevisionId};
use crate::output::write_file;
use crate::site::load_checked;

pub fn run(args: &ReviseArgs) -> anyhow::Result<()> {
    let root_dir = &args.site.root;
    if args.summary.trim().is_empty() {
        bail!("--summary is empty: say in one line what this revision changes");
    }
    // Checked before anything is read or written: the record is one line
    // each, and what the feeds can carry.
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
    let checked = load_checked(root_dir).map_err(|problems| {
        anyhow::Error::new(problems).context("the site fails `charter check`: fix these problems first")
    })?;
    let doc = super::find_document(&checked.site, &args.document)?;
    let root = Root::new(root_dir);
    let content_rel = PathBuf::from(crate::load::CONTENT_DIR).join(format!("{}.md", doc.id));
    let body = crate::load::input::read_text(&root_dir.join(&content_rel), crate::load::input::TEXT_LIMIT)
        .map_err(|(_, why)| anyhow::anyhow!("cannot read {}: {why}", root.shown(&content_rel).display()))?;
    if sha256_hex(body.as_bytes()) != doc.working_sha256 {
        bail!(
            "{} changed while charter was reading it: run the command again",
            root.shown(&content_rel).display()
        );
    }
    let working = doc.working.as_ref().context("the working copy could not be read")?;
    let latest = doc.latest();
    if latest.is_some_and(|l| l.sha256 == doc.working_sha256) {
        bail!(
            "nothing to publish: {} is the same as the latest revision ({}). Edit it first",
            root.shown(&content_rel).display(),
            latest.map(|l| l.id.to_string()).unwrap_or_default()
        );
    }

    let date = args.date.unwrap_or_else(Date::today_utc);
    let effective = args.effective.unwrap_or(date);
    if let Some(l) = latest
        && date < l.meta.date
    {
        bail!(
            "--date {date} is before the latest revision ({}, published {}): revisions are published in order",
            l.id,
            l.meta.date
        );
    }
    if effective < date {
        bail!("--effective {effective} is before --date {date}: a revision cannot take effect before it is published");
    }
    if let Some(l) = latest
        && effective < l.meta.effective
    {
        bail!(
            "--effective {effective} is before the latest revision's ({}): revisions take effect in order",
            l.meta.effective
        );
    }
    let id = next_id(doc, date);

    let diff = latest.map(|l| diff::documents(&l.document, working, &history::options()));
    let list = match (&args.change[..], &diff) {
        ([], Some(d)) => changes::propose(d, working)
            .into_iter()
            .map(|p| (p.article, p.section, p.note))
            .collect(),
        ([], None) => Vec::new(),
        (given, d) => given
            .iter()
            .map(|c| parse_change(c, working, d.as_ref()))
            .collect::<anyhow::Result<Vec<_>>>()?,
    };

    let repo = Repo::open(root_dir);
    let head = repo.as_ref().and_then(Repo::head);
    let committed = repo.as_ref().is_some_and(|r| r.is_committed_unchanged(&content_rel));
    if repo.is_some() && !committed {
        crate::ui::warning(format_args!(
            "{} has changes that are not committed, so the revision records no commit; commit it first to record where the text came from",
            root.shown(&content_rel).display()
        ));
    }
    let record = NewRecord {
        date,
        effective,
        summary: &args.summary,
        changes: list,
        previous: latest.map(|l| l.meta.sha256.as_str()),
        commit: head.as_deref().filter(|_| committed),
    };
    let text = compose(&record, &body);
    let rel = Path::new(HISTORY_DIR).join(&doc.id).join(format!("{id}.md"));
    let shown = root.shown(&rel);
    if args.dry_run {
        crate::note!("would write {}:", shown.display());
        return super::print(&text);
    }
    // Everything --commit needs is checked before anything is written.
    let repo = match (args.commit, repo) {
        (false, _) => None,
        (true, None) => bail!("--commit needs the site to be in a git repository"),
        (true, Some(repo)) => {
            repo.signature()?;
            Some(repo)
        }
    };
    write_file(&root_dir.join(&rel), text.as_bytes(), false)?;
    crate::note!("wrote {}", shown.display());
    if let Some(repo) = repo {
        let message = format!("Publish {} revision {id}: {}", doc.id, args.summary);
        // The text it was cut from goes in the same commit, so history and content agree.
        let commit = repo.commit_files(&[rel, content_rel], &message)?;
        crate::note!("committed {} ({message})", crate::git::short(&commit));
        crate::note!("Build the site and announce it: charter announce {} {id}", doc.id);
    } else {
        crate::note!(
            "Review the changes list in {} (rewrite the proposed notes for readers), commit it, then build \
             the site and announce it: charter announce {} {id}",
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

/// `ARTICLE[#SECTION]=NOTE`, checked against the text being published.
fn parse_change(
    arg: &str,
    doc: &Document,
    diff: Option<&diff::DocumentDiff>,
) -> anyhow::Result<(String, Option<String>, String)> {
    let Some((place, note)) = arg.split_once('=') else {
        bail!("--change `{arg}` has no note: write it as ARTICLE=NOTE or ARTICLE#SECTION=NOTE");
    };
    let (article, section) = match place.split_once('#') {
        Some((a, s)) => (a.trim(), Some(s.trim().to_string())),
        None => (place.trim(), None),
    };
    let ids = || {
        doc.articles
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some(a) = doc.article(article) else {
        bail!(
            "--change names article `{article}`, which is not in the text; its articles are: {}",
            ids()
        );
    };
    if let Some(s) = &section
        && a.section(s).is_none()
    {
        let sections: Vec<&str> = a.sections.iter().map(|s| s.id.as_str()).collect();
        bail!(
            "--change names section `{s}`, which is not in article `{article}`; its sections are: {}",
            sections.join(", ")
        );
    }
    if let Some(d) = diff
        && d.articles.iter().any(|x| {
            x.new.as_ref().is_some_and(|n| n.id == article)
                && matches!(x.status, ArticleStatus::Unchanged | ArticleStatus::Renumbered)
        })
    {
        bail!("--change names article `{article}`, but its text did not change since the latest revision");
    }
    if note.trim().is_empty() {
        bail!("--change `{arg}` has an empty note: say what changed");
    }
    Ok((article.to_string(), section, note.trim().to_string()))
}
