//! `charter review`: accept the summary and notes charter proposed for a
//! revision not yet published, once a person has read them. It removes the
//! proposal markers (`proposed = true`, `summary_proposed = true`) and
//! nothing else: the rest of the record and the text stay byte for byte.

use std::path::Path;

use anyhow::{Context, bail};

use crate::cli::ReviewArgs;
use crate::git::Repo;
use crate::load::{HISTORY_DIR, Root};
use crate::model::Revision;
use crate::output::write_file;

pub fn run(args: &ReviewArgs) -> anyhow::Result<()> {
    let root_dir = &args.site.root;
    let site = crate::site::load_one_published(root_dir, &args.document)?;
    let doc = super::find_document(&site, &args.document)?;
    let root = Root::new(root_dir);
    let repo = Repo::open(root_dir);
    let chosen: Vec<&Revision> = if args.all {
        doc.revisions
            .iter()
            .filter(|r| !r.meta.proposal_lines().is_empty())
            .collect()
    } else {
        let index = match &args.revision {
            Some(id) => super::find_revision(doc, id)?,
            None => doc
                .revisions
                .len()
                .checked_sub(1)
                .with_context(|| format!("{} has no revision to review yet", doc.id))?,
        };
        vec![&doc.revisions[index]]
    };
    // Every file is checked and prepared before any is written: a published
    // one among them stops the whole review with nothing changed.
    let mut accepted = Vec::new();
    for rev in chosen {
        let rel = Path::new(HISTORY_DIR).join(&doc.id).join(format!("{}.md", rev.id));
        let shown = root.shown(&rel);
        let lines = rev.meta.proposal_lines();
        if lines.is_empty() {
            crate::note!(
                "{}: nothing to accept: no text of its record is marked as proposed",
                shown.display()
            );
            continue;
        }
        refuse_published(repo.as_ref(), &rel, &shown)?;
        let text = without_proposals(rev, &root_dir.join(&rel), &lines, &shown)?;
        accepted.push((root_dir.join(&rel), shown, text, lines.len()));
    }
    if args.all && accepted.is_empty() {
        crate::note!("{}: nothing to accept: no revision has proposed text", doc.id);
    }
    let mut leaves = crate::records::log::read_or_fail(&root)?;
    let rewritten = !accepted.is_empty();
    for (path, shown, text, count) in accepted {
        write_file(&path, text.as_bytes(), true)?;
        if let Some(leaf) = leaves
            .iter_mut()
            .flatten()
            .find(|l| l.doc == doc.id && Some(l.rev.to_string().as_str()) == path.file_stem().and_then(|s| s.to_str()))
        {
            // The leaf follows the file: neither is published yet.
            *leaf = crate::records::log::leaf_of_file(&root, &leaf.doc.clone(), leaf.rev)?;
        }
        crate::note!(
            "{}: accepted {}, as the record's own words now; commit the file, then build the site",
            shown.display(),
            crate::ui::count(count, "proposed note"),
        );
    }
    if let Some(leaves) = leaves.filter(|_| rewritten) {
        crate::records::log::write(&root, &leaves)?;
    }
    Ok(())
}

/// The text of `rev`'s file at `path` without its proposal markers, read
/// back to make sure the record is still whole and its text unchanged.
fn without_proposals(rev: &Revision, path: &Path, lines: &[usize], shown: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", shown.display()))?;
    let accepted = without_markers(&text, lines, shown)?;
    let back = crate::load::history::parse(rev.id, &accepted, shown)
        .map_err(|e| anyhow::Error::new(crate::diagnostic::Diagnostics(e)))
        .context("charter could not remove the markers cleanly: nothing was written")?;
    if back.sha256 != rev.sha256 || !back.meta.proposal_lines().is_empty() {
        bail!(
            "charter could not remove the markers cleanly from {}: nothing was written",
            shown.display()
        );
    }
    Ok(accepted)
}

/// A revision committed in git is published: a legal record that charter
/// never rewrites.
/// `rel`: the revision file, relative to the site root.
fn refuse_published(repo: Option<&Repo>, rel: &Path, shown: &Path) -> anyhow::Result<()> {
    let Some(repo) = repo else { return Ok(()) };
    let published = repo.published_revisions()?;
    if let Some(p) = published.get(rel) {
        bail!(
            "{} was published by commit {}: a published revision is a legal record and is never rewritten, \
             its proposals included. Say anything more in the next revision",
            shown.display(),
            crate::git::short(&p.commit)
        );
    }
    Ok(())
}

/// `text` without its `lines` (1-based), each of which must be a marker
/// set to true on a line of its own.
fn without_markers(text: &str, lines: &[usize], shown: &Path) -> anyhow::Result<String> {
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        if !lines.contains(&(n + 1)) {
            out += line;
            continue;
        }
        let is_marker = line.split_once('=').is_some_and(|(key, value)| {
            matches!(key.trim(), "proposed" | "summary_proposed") && value.trim() == "true"
        });
        if !is_marker {
            bail!(
                "{}:{}: the proposal marker is not on a line of its own (`proposed = true`): delete it yourself, \
                 or write it on its own line",
                shown.display(),
                n + 1
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_only_marker_lines() {
        let text =
            "+++\nsummary = \"S\"\nsummary_proposed = true\n[[changes]]\nnote = \"n\"\nproposed = true\n+++\nbody\n";
        let out = without_markers(text, &[3, 6], Path::new("x.md")).unwrap();
        assert_eq!(out, "+++\nsummary = \"S\"\n[[changes]]\nnote = \"n\"\n+++\nbody\n");
        assert!(without_markers(text, &[2], Path::new("x.md")).is_err());
    }
}
