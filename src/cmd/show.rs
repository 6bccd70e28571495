//! `charter show <doc> --at <date>`: the text of a document that was in
//! force on a date, the way legislation sites give a point-in-time version.
//! The revision and its period go to stderr (or into the JSON object), so
//! that stdout holds the text alone and can be saved or compared as it is.

use anyhow::{Context, bail};
use serde::Serialize;

use crate::cli::{ShowArgs, ShowFormat};
use crate::derive::timeline;
use crate::model::{Date, DocumentEntry};
use crate::render::markdown;
use crate::site::load_checked;

/// The revision in force on a date, and its period.
struct Found<'a> {
    index: usize,
    from: Date,
    /// The day the next revision took (or takes) over; None while nothing replaces it.
    until: Option<Date>,
    /// The revision that took (or takes) over.
    replaced_by: Option<usize>,
    doc: &'a DocumentEntry,
}

#[derive(Serialize)]
struct Json<'a> {
    document: &'a str,
    at: String,
    revision: String,
    title: &'a str,
    in_force_from: String,
    /// The first day the revision was no longer in force.
    in_force_until: Option<String>,
    sha256: &'a str,
    markdown: &'a str,
    html: String,
}

pub fn run(args: &ShowArgs) -> anyhow::Result<()> {
    let checked = load_checked(&args.site.root)?;
    let site = &checked.site;
    let doc = super::find_document(site, &args.document)?;
    let today = args.date.unwrap_or_else(Date::today_utc);
    let (published, _scheduled) = timeline::published_by(doc, today);
    let found = find(&published, args.at)?;
    let rev = &found.doc.revisions[found.index];
    let numbering = checked.theme.words.site().get("numbering.article", &[]);
    let html = || markdown::render(&rev.document, site.config.build.allow_html, &numbering);
    let id = rev.id.to_string();
    if args.format == ShowFormat::Json {
        let json = Json {
            document: &doc.id,
            at: args.at.to_string(),
            revision: id,
            title: &rev.document.meta.title,
            in_force_from: found.from.to_string(),
            in_force_until: found.until.map(|d| d.to_string()),
            sha256: &rev.meta.sha256,
            markdown: &rev.document.body,
            html: html(),
        };
        let mut text = serde_json::to_string_pretty(&json)?;
        text.push('\n');
        return super::print(&text);
    }
    let period = match (found.until, found.replaced_by) {
        (Some(until), Some(next)) => format!(
            "in force from {} until {until}, when revision {} took over",
            found.from, found.doc.revisions[next].id
        ),
        _ => format!("in force since {}, not replaced", found.from),
    };
    eprintln!("{}: revision {id} ({}), {period}", doc.id, rev.path.display());
    match args.format {
        ShowFormat::Html => super::print(&html()),
        _ => super::print(&rev.document.body),
    }
}

/// The revision of `doc` in force on `at`, or an error saying why there is none.
fn find(doc: &DocumentEntry, at: Date) -> anyhow::Result<Found<'_>> {
    let first = doc.revisions.first().with_context(|| {
        format!(
            "{}: no revision is published yet, so nothing was ever in force (cut one into history/{}/)",
            doc.path.display(),
            doc.id
        )
    })?;
    let effective: Vec<Date> = doc.revisions.iter().map(|r| r.meta.effective).collect();
    let Some(index) = timeline::in_force_on(&effective, at) else {
        bail!(
            "{}: no revision was in force on {at}: the first, {} ({}), took effect on {}",
            doc.path.display(),
            first.id,
            first.path.display(),
            first.meta.effective
        );
    };
    // The period does not depend on the build date: only on the next
    // revision's effective date.
    let (periods, _) = timeline::periods(&effective, at);
    Ok(Found {
        index,
        from: effective[index],
        until: periods[index].replaced_on,
        replaced_by: periods[index].replaced_by,
        doc,
    })
}
