//! The rules a loaded site must follow before anything is published.
//!
//! Loading already rejected what cannot be read; these rules look across
//! files: the order and dates of revisions, the hash chain that makes
//! published history tamper-evident, and changes that name real articles.

pub mod links;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::git::Published;
use crate::load::Root;
use crate::model::{ArticleStatus, ArticleStatuses, ChangesWords, DocumentEntry, Revision, Site};

/// Every rule over every document.
pub fn site(site: &Site) -> Diagnostics {
    let mut out = Diagnostics::default();
    for doc in &site.documents {
        out.extend(document(doc));
    }
    out
}

/// Every rule over one document and its history.
pub fn document(doc: &DocumentEntry) -> Vec<Diagnostic> {
    let mut out = headings(doc);
    let mut proposed = Vec::new();
    for (i, rev) in doc.revisions.iter().enumerate() {
        out.extend(revision(doc, &doc.revisions[..i], rev));
        proposed.extend(proposals(rev));
    }
    out.extend(summarized_proposals(doc, proposed));
    out
}

/// More revisions with proposals than this, and they are reported as one
/// warning: an imported history has them in every revision, and hundreds
/// of lines would hide every other warning.
const PROPOSALS_LISTED: usize = 3;

/// The proposal warnings of a document, or one warning for them all.
fn summarized_proposals(doc: &DocumentEntry, each: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if each.len() <= PROPOSALS_LISTED {
        return each;
    }
    let first = doc.revisions.iter().find(|r| !r.meta.proposal_lines().is_empty());
    let Some(first) = first else { return each };
    vec![Diagnostic::warning(
        &first.path,
        first.meta.proposal_lines().first().copied(),
        format!(
            "{} revisions of {} hold notes or summaries charter proposed that no person has read yet (this \
             one, the first, and {} more): read them in history/{}/, rewrite what does not say it right, \
             then accept them all with `charter review {} --all`",
            each.len(),
            doc.id,
            each.len() - 1,
            doc.id,
            doc.id
        ),
    )]
}

/// A warning when the record still holds words charter proposed that no
/// person has read (`proposed = true`, `summary_proposed = true`): they
/// would be published as charter wrote them. Not part of [`revision`]:
/// `charter revise` says so itself when it proposes them.
pub fn proposals(rev: &Revision) -> Option<Diagnostic> {
    let lines = rev.meta.proposal_lines();
    let first = *lines.first()?;
    let listed: Vec<String> = lines.iter().map(usize::to_string).collect();
    let (doc, id) = (rev.path.parent().and_then(Path::file_name), rev.id);
    let doc = doc.map_or_else(String::new, |d| d.to_string_lossy().into_owned());
    Some(Diagnostic::warning(
        &rev.path,
        Some(first),
        format!(
            "{} charter proposed {} not been read by a person yet (marked on line{} {}): read {}, \
             rewrite what does not say it right, then accept {} with `charter review {doc} {id}`, \
             which removes the markers",
            match lines.len() {
                1 => "a note".to_string(),
                n => format!("{n} notes"),
            },
            if lines.len() == 1 { "has" } else { "have" },
            if lines.len() == 1 { "" } else { "s" },
            listed.join(", "),
            if lines.len() == 1 { "it" } else { "them" },
            if lines.len() == 1 { "it" } else { "them" },
        ),
    ))
}

/// Every rule over revision `rev` of `doc` that follows the revisions
/// `before` (oldest first): [`document`] runs it on each revision, and
/// `charter revise` on the revision it is about to add after the others.
pub fn revision(doc: &DocumentEntry, before: &[Revision], rev: &Revision) -> Vec<Diagnostic> {
    let mut out = dates(rev, before.last());
    out.extend(stated_effective(rev, before.last()));
    out.extend(changes(rev));
    out.extend(hash(rev));
    if !doc.history_incomplete {
        out.extend(chain(&doc.revisions, before.last(), rev));
    }
    out
}

/// Heading marks in the working copy that would silently make another
/// heading than the one meant (see [`crate::load::body::heading_mistakes`]).
/// Published revisions are read as they were published, mistakes and all.
fn headings(doc: &DocumentEntry) -> Vec<Diagnostic> {
    let Some(working) = &doc.working else {
        return Vec::new();
    };
    let mut lines = crate::diagnostic::Lines::new(&working.body);
    crate::load::body::heading_mistakes(&working.body)
        .into_iter()
        .map(|(at, problem)| Diagnostic::error(&doc.path, Some(working.body_line + lines.at(at) - 1), problem))
        .collect()
}

/// A warning when the text states the day it takes effect ("Effective date:
/// 1 February 2024") and the record says another day that the text's could
/// have been: readers would find two dates for one revision. A stated day
/// the record cannot hold (before publication, or before the previous
/// revision took effect) is history, not a mistake; and the publication day
/// itself is what "Last updated: …" usually states, whatever `effective` is.
fn stated_effective(rev: &Revision, before: Option<&Revision>) -> Option<Diagnostic> {
    let m = &rev.meta;
    let body = &rev.document.body;
    let stated = crate::stated_date::stated_effective(body)?;
    let could_be = stated.date > m.date && before.is_none_or(|b| stated.date >= b.meta.effective);
    if !could_be || stated.date == m.effective {
        return None;
    }
    Some(Diagnostic::warning(
        &rev.path,
        Some(rev.document.body_line + stated.line_number - 1),
        format!(
            "the text states {} (“{}”), but the record says `effective = {}`: a reader would find two dates; \
             correct `effective` in the record if the text is right (before the revision is published), or \
             say the right date in the next revision's text",
            stated.date, stated.line, m.effective
        ),
    ))
}

/// A warning when revision `rev` takes effect sooner after its publication
/// than the notice `config` promises (`notice_days`): readers were told
/// they would have that long. Editorial revisions change no meaning, so
/// they need no notice, and neither does a document's first revision
/// (no `previous`), which changes nothing anyone was told of before. The
/// warning is on the line of `effective` (of
/// `date` when the record has no `effective`, which then defaults to it).
pub fn notice(config: &crate::model::Config, rev: &Revision) -> Option<Diagnostic> {
    let m = &rev.meta;
    let (earliest, days) = config.notice(m.date).filter(|_| !m.editorial && m.previous.is_some())?;
    // Taking effect before publication is an error of its own (see [`dates`]).
    if m.effective >= earliest || m.effective < m.date {
        return None;
    }
    let given = usize::try_from((m.effective.0 - m.date.0).get_days()).unwrap_or(0);
    Some(Diagnostic::warning(
        &rev.path,
        m.lines.effective.or(Some(m.lines.date)),
        format!(
            "takes effect on {}, {} after its publication on {}, but site.toml promises {} of notice \
             (`notice_days = {days}`): move `effective` to {earliest} or later, or, if the revision changes \
             nothing the policy means, mark it `editorial = true`. A committed revision published before the \
             policy promised this notice cannot change: set `notice_since` in site.toml to the day the promise \
             began",
            m.effective,
            crate::ui::count(given, "day"),
            m.date,
            crate::ui::count(days as usize, "day"),
        ),
    ))
}

fn dates(rev: &Revision, before: Option<&Revision>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let m = &rev.meta;
    if rev.id.date != m.date {
        out.push(Diagnostic::error(
            &rev.path,
            Some(m.lines.date),
            format!(
                "`date` is {} but the file is named for {}: a revision file is named after its \
                 publication date; fix whichever is wrong",
                m.date, rev.id.date
            ),
        ));
    }
    if m.effective < m.date {
        out.push(Diagnostic::error(
            &rev.path,
            m.lines.effective.or(Some(m.lines.date)),
            format!(
                "`effective` ({}) is before `date` ({}): a revision cannot take effect before it is \
                 published; set `effective` on or after `date`",
                m.effective, m.date
            ),
        ));
    }
    if let Some(before) = before
        && m.effective < before.meta.effective
    {
        out.push(Diagnostic::error(
            &rev.path,
            m.lines.effective.or(Some(m.lines.date)),
            format!(
                "takes effect on {}, before the previous revision {} (effective {}): revisions must \
                 take effect in the order they were published",
                m.effective, before.id, before.meta.effective
            ),
        ));
    }
    out
}

fn changes(rev: &Revision) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let doc = &rev.document;
    for change in &rev.meta.changes {
        let Some(article) = doc.article(&change.article) else {
            out.push(Diagnostic::error(
                &rev.path,
                Some(change.line),
                format!(
                    "change names article `{}`, which is not in the text of this revision: use the id of \
                     one of its articles ({})",
                    change.article,
                    id_list(doc.articles.iter().map(|a| a.id.as_str()))
                ),
            ));
            continue;
        };
        if let Some(section) = &change.section
            && article.section(section).is_none()
        {
            out.push(Diagnostic::error(
                &rev.path,
                change.section_line.or(Some(change.line)),
                format!(
                    "change names section `{section}`, which is not in article `{}` of this revision's \
                     text: use one of its sections ({})",
                    article.id,
                    id_list(article.sections.iter().map(|s| s.id.as_str()))
                ),
            ));
        }
        if change.note.trim().is_empty() {
            out.push(Diagnostic::error(
                &rev.path,
                Some(change.line),
                "change has an empty `note`: say what changed",
            ));
        }
    }
    out
}

fn id_list<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let ids: Vec<_> = ids.map(|id| format!("`{id}`")).collect();
    if ids.is_empty() {
        "it has none".to_string()
    } else {
        ids.join(", ")
    }
}

fn hash(rev: &Revision) -> Option<Diagnostic> {
    (rev.sha256 != rev.meta.sha256).then(|| {
        Diagnostic::error(
            &rev.path,
            Some(rev.meta.lines.sha256),
            format!(
                "the published text was changed: its body now hashes to {}, but {} was recorded when \
                 it was published. Published revisions never change: restore the file from version \
                 control, and publish any correction as a new revision",
                short(&rev.sha256),
                short(&rev.meta.sha256)
            ),
        )
    })
}

/// `previous` must name the recorded hash of the revision just `before`;
/// `all` are the document's revisions, to name the one it names instead.
fn chain(all: &[Revision], before: Option<&Revision>, rev: &Revision) -> Option<Diagnostic> {
    let line = rev.meta.lines.previous.or(Some(rev.meta.lines.sha256));
    let Some(before) = before else {
        return rev.meta.previous.as_ref().map(|p| {
            let named = all.iter().find(|r| &r.meta.sha256 == p);
            let what = match named {
                Some(r) => format!("it names revision {}, which comes later: revisions were reordered", r.id),
                None => "no revision here has that hash: an earlier revision was removed".to_string(),
            };
            Diagnostic::error(
                &rev.path,
                line,
                format!("this is the first revision, but `previous` is set; {what}. Restore the missing history from version control"),
            )
        });
    };
    let expected = &before.meta.sha256;
    match &rev.meta.previous {
        Some(p) if p == expected => None,
        None => Some(Diagnostic::error(
            &rev.path,
            line,
            format!(
                "`previous` is missing: it must be the sha256 of revision {} ({}), which links this \
                 revision into the history",
                before.id,
                short(expected)
            ),
        )),
        Some(p) => {
            let what = match all.iter().find(|r| &r.meta.sha256 == p) {
                Some(r) => format!(
                    "it names revision {}, but the revision before this one is {}: revisions were reordered or renamed",
                    r.id, before.id
                ),
                None => format!(
                    "no revision here has that hash, so the revision it named was removed, or revision {} \
                     was edited and re-hashed after this one was published",
                    before.id
                ),
            };
            Some(Diagnostic::error(
                &rev.path,
                line,
                format!(
                    "the hash chain is broken: `previous` is {}; {what}. Restore the history from version control",
                    short(p)
                ),
            ))
        }
    }
}

fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

// ---------------------------------------------------------------------------
// Document ids the site's own pages and files use

/// What the site writes at the top of its output besides documents, by the
/// name a document would need to land on it.
const SITE_PAGES: &[(&str, &str)] = &[
    ("index", "the home page (index.html)"),
    ("404", "the page-not-found page (404.html)"),
    ("robots", "robots.txt"),
    ("sitemap", "the sitemap (sitemap.xml)"),
    ("atom", "the announcements feed (atom.xml)"),
    ("feed", "the announcements feed (feed.json)"),
    ("announcements", "the announcements pages (announcements/)"),
    ("manifest", "the site's signed record (manifest.json, manifest/)"),
];

/// A document's pages live at `/<id>/`: an id that is also the name, or the
/// name before its extension, of something the site writes at its top
/// level would overwrite it or mix with it. `static_files` are the theme's
/// static files, by path relative to `static/`.
pub fn document_ids<'a, 'b>(
    root: &Root,
    ids: impl IntoIterator<Item = &'a str>,
    static_files: impl IntoIterator<Item = &'b str> + Clone,
) -> Vec<Diagnostic> {
    fn top(rel: &str) -> &str {
        rel.split('/').next().unwrap_or(rel)
    }
    fn stem(name: &str) -> &str {
        name.split_once('.').map_or(name, |(stem, _)| stem)
    }
    let mut out = Vec::new();
    for id in ids {
        let page = SITE_PAGES
            .iter()
            .find(|(name, _)| *name == id)
            .map(|(_, what)| what.to_string());
        let taken = page.or_else(|| {
            static_files
                .clone()
                .into_iter()
                .find(|rel| stem(top(rel)) == id)
                .map(|rel| format!("the theme's static file `{}`", top(rel)))
        });
        if let Some(what) = taken {
            out.push(Diagnostic::error(
                root.shown(format!("content/{id}.md")),
                None,
                format!(
                    "the document name `{id}` is taken by {what}, which this document's pages would overwrite or \
                     mix with: rename content/{id}.md (and history/{id}/ with it, if it has one), for example to \
                     `{id}-policy.md`"
                ),
            ));
        }
    }
    out
}

/// Published revision files checked against git: a file committed once must
/// stay byte for byte as it was, and must never disappear. This also covers
/// what the hash chain cannot: an edit to a revision's record, or to the
/// latest revision re-hashed.
pub fn git_history(
    root: &Root,
    published: &BTreeMap<PathBuf, Published>,
    on_disk: impl Fn(&Path) -> Option<String>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (rel, p) in published {
        let commit = crate::git::short(&p.commit);
        match on_disk(rel) {
            None => out.push(Diagnostic::error(
                root.shown(rel),
                None,
                format!(
                    "this published revision was deleted; commit {commit} published it. Published history \
                     is never removed: restore it with `git checkout {commit} -- {}`",
                    rel.display()
                ),
            )),
            Some(blob) if blob != p.blob => out.push(Diagnostic::error(
                root.shown(rel),
                None,
                format!(
                    "this published revision was changed after commit {commit} published it. Restore it with \
                     `git checkout {commit} -- {}`, and publish any correction as a new revision",
                    rel.display()
                ),
            )),
            Some(_) => {}
        }
    }
    out
}

/// Each revision's `changes` held against what really changed: naming an
/// article the revision did not touch is an error (readers would look for a
/// change that is not there); leaving a changed article unnamed is a warning.
/// `diffs[i]` is revision `i` against the one before it.
pub fn changes_against_diffs<D: ArticleStatuses + ChangesWords>(
    doc: &DocumentEntry,
    diffs: &[Option<D>],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (rev, diff) in doc.revisions.iter().zip(diffs) {
        if let Some(diff) = diff {
            out.extend(changes_against_diff(rev, diff));
        }
    }
    out
}

/// [`changes_against_diffs`] for one revision `rev`, whose `diff` is
/// against the revision before it. A revision marked editorial that changes
/// words is warned about; one that does not needs no `changes`.
pub fn changes_against_diff<D: ArticleStatuses + ChangesWords>(rev: &Revision, diff: &D) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let editorial = rev.meta.editorial;
    if editorial && diff.changes_words() {
        out.push(Diagnostic::warning(
            &rev.path,
            rev.meta.lines.editorial.or(Some(rev.meta.lines.date)),
            "this revision is marked `editorial = true`, but it changes words of the text (or moves text): it is \
             not an editorial correction, and readers would not be told of it. Remove `editorial = true` and \
             name what changed in `changes`",
        ));
    }
    let quiet = editorial && !diff.changes_words();
    let articles: Vec<_> = diff.new_articles().collect();
    for change in &rev.meta.changes {
        if let Some((_, new)) = articles.iter().find(|(status, new)| {
            new.id == change.article && matches!(status, ArticleStatus::Unchanged | ArticleStatus::Renumbered)
        }) {
            let label = format!("{} “{}”", new.label, new.title);
            out.push(Diagnostic::error(
                &rev.path,
                Some(change.line),
                format!(
                    "change names article `{}` ({label}), but its text did not change: it is the same as \
                     in the previous revision. Remove this change, or name the article that did change",
                    change.article
                ),
            ));
        }
    }
    for &(status, new) in &articles {
        let named = rev.meta.changes.iter().any(|c| c.article == new.id);
        if !named
            && !quiet
            && matches!(
                status,
                ArticleStatus::Added | ArticleStatus::Changed | ArticleStatus::Moved
            )
        {
            out.push(Diagnostic::warning(
                &rev.path,
                Some(rev.meta.lines.date),
                format!(
                    "{} “{}” is {} in this revision, but no entry of `changes` names it: readers learn of \
                     changes from that list",
                    new.label,
                    new.title,
                    status.as_str()
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod document_id_tests {
    use super::*;

    #[test]
    fn ids_of_site_pages_and_theme_files_are_refused_and_others_kept() {
        let root = Root::new("site");
        let statics = ["style.css", "fonts/serif.woff2", "logo"];
        let ids = [
            "announcements",
            "feed",
            "404",
            "style",
            "fonts",
            "logo",
            "privacy",
            "feeds",
            "styles",
        ];
        let refused: Vec<String> = document_ids(&root, ids, statics)
            .iter()
            .map(|d| d.path.display().to_string())
            .collect();
        let expected: Vec<String> = ids[..6].iter().map(|id| format!("site/content/{id}.md")).collect();
        assert_eq!(refused, expected);
    }
}
