//! `/<doc>/versions.json`: the machine-readable index of a document's
//! revisions, for apps and consent systems that must know which version a
//! user accepted and whether a newer one exists. Documented in
//! `docs/versions-json.md`; bump `SCHEMA` on any incompatible change.

use crate::render::shared::Shared;
use serde::Serialize;

use super::context::{DocumentInfo, RevisionInfo};
use crate::derive::timeline::Status;

/// The shape's version. Readers should refuse a version they do not know.
pub const SCHEMA: u32 = 1;

#[derive(Serialize)]
struct Versions<'a> {
    schema: u32,
    generator: &'a str,
    document: Doc<'a>,
    /// Revision in effect on the build date.
    current: Option<&'a str>,
    /// The next revision to take effect, if one is published.
    upcoming: Option<&'a str>,
    /// Oldest first.
    revisions: Vec<Rev<'a>>,
}

#[derive(Serialize)]
struct Doc<'a> {
    id: &'a str,
    title: &'a str,
    url: &'a str,
    revisions_url: &'a str,
}

#[derive(Serialize)]
struct Rev<'a> {
    id: &'a str,
    date: &'a str,
    effective: &'a str,
    status: Status,
    /// The first day in force; None for a revision replaced before it took effect.
    in_force_from: Option<&'a str>,
    /// The day the next revision took (or takes) over: the end of the
    /// period, not part of it. None while nothing replaces it.
    in_force_until: Option<&'a str>,
    /// Only when true: an editorial revision.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    editorial: bool,
    /// `required`, `notify` or `none`.
    consent: crate::model::Consent,
    summary: &'a str,
    changes: Vec<Change<'a>>,
    sha256: &'a str,
    previous: Option<&'a str>,
    urls: Urls<'a>,
}

#[derive(Serialize)]
struct Change<'a> {
    article: &'a str,
    section: Option<&'a str>,
    /// "Article 11", in that revision's numbering.
    label: &'a str,
    title: &'a str,
    note: &'a str,
}

#[derive(Serialize)]
struct Urls<'a> {
    text: &'a str,
    changes: &'a str,
    to_current: Option<&'a str>,
}

/// The index of `doc`'s revisions (oldest first), pretty-printed.
pub fn json(doc: &DocumentInfo, revisions: &[Shared<RevisionInfo>], generator: &str) -> String {
    let find = |status: Status| revisions.iter().find(|r| r.status == status).map(|r| r.id.as_str());
    let v = Versions {
        schema: SCHEMA,
        generator,
        document: Doc {
            id: &doc.id,
            title: &doc.title,
            url: &doc.url,
            revisions_url: &doc.revisions_url,
        },
        current: find(Status::Current),
        upcoming: find(Status::Upcoming),
        revisions: revisions
            .iter()
            .map(|r| Rev {
                id: &r.id,
                date: &r.date,
                effective: &r.effective,
                status: r.status,
                in_force_from: (!r.never_in_force).then_some(r.in_effect_from.as_str()),
                in_force_until: r.replaced_on.as_deref().filter(|_| !r.never_in_force),
                editorial: r.editorial,
                consent: r.consent,
                summary: &r.summary,
                changes: r
                    .changes
                    .iter()
                    .map(|c| Change {
                        article: &c.article_id,
                        section: c.section_id.as_deref(),
                        label: &c.article_label,
                        title: &c.article_title,
                        note: &c.note,
                    })
                    .collect(),
                sha256: &r.sha256,
                previous: r.previous_sha256.as_deref(),
                urls: Urls {
                    text: &r.url,
                    changes: &r.changes_url,
                    to_current: r.to_current_url.as_deref(),
                },
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&v).unwrap_or_default();
    text.push('\n');
    text
}
