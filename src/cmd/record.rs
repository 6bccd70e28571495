//! `charter record`: write `history/.log` from the history. It appends a
//! leaf for each revision file that has none, oldest first, and starts the
//! log of a site that has none yet. It never changes a leaf that is
//! committed, nor one whose revision file is: those are published.

use std::collections::BTreeSet;
use std::path::Path;

use anyhow::bail;

use crate::cli::SiteArgs;
use crate::git::Repo;
use crate::load::Root;
use crate::model::RevisionId;
use crate::records::log::{self, LOG_FILE, Leaf};

pub fn run(args: &SiteArgs) -> anyhow::Result<()> {
    let root = Root::new(&args.root);
    let shown = root.shown(LOG_FILE);
    let existing = log::read_or_fail(&root)?;
    let started = existing.is_none();
    let mut leaves = existing.unwrap_or_default();
    let repo = Repo::open(&args.root);
    let updated = update_unpublished(&root, repo.as_ref(), &mut leaves)?;
    let new = missing(&root, &leaves)?;
    if new.is_empty() && updated == 0 && !started {
        crate::note!("{} is up to date: {}", shown.display(), log::count_leaves(leaves.len()));
        return Ok(());
    }
    let appended = new.len();
    leaves.extend(new);
    log::write(&root, &leaves)?;
    crate::note!(
        "{} {}: appended {}{}; commit it with the history",
        if started { "wrote" } else { "updated" },
        shown.display(),
        log::count_leaves(appended),
        if updated > 0 {
            format!(
                ", recorded {} of revisions not yet published anew",
                crate::ui::count(updated, "file")
            )
        } else {
            String::new()
        }
    );
    Ok(())
}

/// Leaves whose file changed since they were recorded: rewritten when
/// neither the leaf nor the file was ever committed (a record edited before
/// its first commit), refused otherwise. Returns how many were rewritten.
fn update_unpublished(root: &Root, repo: Option<&Repo>, leaves: &mut [Leaf]) -> anyhow::Result<usize> {
    let shown = root.shown(LOG_FILE);
    let committed_leaves = repo
        .and_then(|r| r.file_versions(Path::new(LOG_FILE)).ok())
        .and_then(|v| v.last().map(|(_, text)| String::from_utf8_lossy(text).lines().count()))
        .unwrap_or(0);
    let published = repo.and_then(|r| r.published_revisions().ok()).unwrap_or_default();
    let mut updated = 0;
    for (i, leaf) in leaves.iter_mut().enumerate() {
        let rel = leaf.rel();
        if root.dir.join(&rel).symlink_metadata().is_err() {
            bail!(
                "{}:{}: records {}, which does not exist: a published revision is never removed; restore it",
                shown.display(),
                i + 1,
                root.shown(&rel).display()
            );
        }
        let now = log::leaf_of_file(root, &leaf.doc, leaf.rev)?;
        if now == *leaf {
            continue;
        }
        if repo.is_none() || i < committed_leaves || published.contains_key(&rel) {
            bail!(
                "{}:{}: {} changed after this leaf recorded it{}: a published revision is never rewritten. \
                 Restore the file, and publish any correction as a new revision",
                shown.display(),
                i + 1,
                root.shown(&rel).display(),
                if repo.is_none() {
                    " (outside git, charter cannot tell whether it was published; if it never was, delete \
                     its line from the log and run `charter record` again)"
                } else {
                    ""
                }
            );
        }
        *leaf = now;
        updated += 1;
    }
    Ok(updated)
}

/// The leaves of the revision files that have none, in publication order
/// (by date, then document, then revision); refused when one would come
/// after a later revision of its document.
fn missing(root: &Root, leaves: &[Leaf]) -> anyhow::Result<Vec<Leaf>> {
    let logged: BTreeSet<(&str, RevisionId)> = leaves.iter().map(|l| (l.doc.as_str(), l.rev)).collect();
    let mut new: Vec<(RevisionId, String)> = Vec::new();
    for (doc, ids) in log::revision_files(root) {
        for rev in ids {
            if logged.contains(&(doc.as_str(), rev)) {
                continue;
            }
            if let Some((i, later)) = leaves.iter().enumerate().find(|(_, l)| l.doc == doc && l.rev > rev) {
                bail!(
                    "{} has no leaf, but its later revision {} has one ({}:{}): appending it now would put it \
                     out of publication order. Was it added to the history after {} was published? Remove it, \
                     and publish its text as a new revision",
                    root.shown(log::revision_rel(&doc, rev)).display(),
                    later.rev,
                    root.shown(LOG_FILE).display(),
                    i + 1,
                    later.rev
                );
            }
            new.push((rev, doc.clone()));
        }
    }
    new.sort_by(|a, b| (a.0.date, &a.1, a.0.seq).cmp(&(b.0.date, &b.1, b.0.seq)));
    new.into_iter()
        .map(|(rev, doc)| log::leaf_of_file(root, &doc, rev))
        .collect()
}
