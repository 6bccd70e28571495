//! `charter log`: a document's revisions, newest first, like `git log`.

use serde::Serialize;

use crate::cli::{ListFormat, LogArgs};
use crate::derive::timeline::{self, Status};
use crate::git::{self, Repo};
use crate::model::Date;
use crate::site::load_one;

#[derive(Serialize)]
struct Entry<'a> {
    id: String,
    date: String,
    effective: String,
    status: Standing,
    /// Only when true, as in versions.json.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    editorial: bool,
    /// `required`, `notify` or `none`, as in versions.json.
    consent: crate::model::Consent,
    summary: &'a str,
    sha256: &'a str,
    previous: Option<&'a str>,
    /// The commit the text was cut from, as recorded; else the commit that published the file.
    commit: Option<String>,
}

/// A revision's standing as `log` shows it: the build's statuses, and
/// `scheduled` for a revision whose publication date is still to come,
/// which `build` leaves out of the site until that day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Standing {
    Scheduled,
    Current,
    Past,
    Upcoming,
    Superseded,
}

impl Standing {
    fn of(status: Status, date: Date, today: Date) -> Standing {
        match status {
            _ if date > today => Standing::Scheduled,
            Status::Current => Standing::Current,
            Status::Past => Standing::Past,
            Status::Upcoming => Standing::Upcoming,
            Status::Superseded => Standing::Superseded,
        }
    }

    /// How the text format marks it after the dates.
    fn mark(self) -> &'static str {
        match self {
            Standing::Scheduled => " (scheduled: not published yet)",
            Standing::Current => " (current)",
            Standing::Upcoming => " (upcoming)",
            Standing::Superseded => " (never in force)",
            Standing::Past => "",
        }
    }
}

pub fn run(args: &LogArgs) -> anyhow::Result<()> {
    let site = load_one(&args.site.root, &args.document)?;
    let doc = super::find_document(&site, &args.document)?;
    let today = args.date.unwrap_or_else(Date::today_utc);
    if let Some(id) = &args.article {
        return super::log_article::run(args, doc, id, today);
    }
    let (periods, _) = timeline::of_document(doc, today);
    let published = Repo::open(&args.site.root)
        .and_then(|r| r.published_revisions().ok())
        .unwrap_or_default();
    let root = crate::load::Root::new(&args.site.root);
    let entries: Vec<Entry<'_>> = doc
        .revisions
        .iter()
        .zip(&periods)
        .rev()
        .map(|(r, p)| {
            let rel = r.path.strip_prefix(&root.dir).unwrap_or(&r.path);
            Entry {
                id: r.id.to_string(),
                date: r.meta.date.to_string(),
                effective: r.meta.effective.to_string(),
                status: Standing::of(p.status, r.meta.date, today),
                editorial: r.meta.editorial,
                consent: r.meta.consent,
                summary: &r.meta.summary,
                sha256: &r.meta.sha256,
                previous: r.meta.previous.as_deref(),
                commit: r
                    .meta
                    .commit
                    .clone()
                    .or_else(|| published.get(rel).map(|p| p.commit.clone())),
            }
        })
        .collect();
    let text = match args.format {
        ListFormat::Json => serde_json::to_string_pretty(&entries)? + "\n",
        ListFormat::Text => entries
            .iter()
            .map(|e| {
                let status = e.status.mark();
                format!(
                    "{:<13} published {}  effective {}{status}  sha256 {}  commit {}\n    {}{}{}\n",
                    e.id,
                    e.date,
                    e.effective,
                    &e.sha256[..12.min(e.sha256.len())],
                    e.commit.as_deref().map_or("-", git::short),
                    e.summary,
                    if e.editorial { " (editorial)" } else { "" },
                    if e.consent == crate::model::Consent::Required {
                        " (consent required)"
                    } else {
                        ""
                    }
                )
            })
            .collect(),
    };
    super::print(&text)
}
