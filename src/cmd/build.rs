//! `charter build`: render the site into its output folder.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;

use crate::cli::BuildArgs;
use crate::model::Date;
use crate::output::{self, Staging};
use crate::render::{self, Options};
use crate::site::{Outlined, load_document_numbered, outline_or_every_problem};
use crate::ui;

pub fn run(args: &BuildArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let root = &args.site.root;
    // Documents are read and checked as they are rendered, and dropped once
    // written: a large site's history is never in memory all at once.
    let checked = outline_or_every_problem(root)?;
    ui::detail(format_args!(
        "read the configuration, the document list and the theme in {} ms",
        started.elapsed().as_millis()
    ));
    for w in &checked.warnings {
        ui::warn(w);
    }
    let config = &checked.outline.site.config;
    let target = match &args.output {
        Some(o) => o.clone(),
        None => crate::load::Root::new(root).shown(&config.build.output),
    };
    output::check_target(root, &target, args.force)?;
    if let Some(url) = &args.base_url {
        super::check_base_url(url)?;
    }
    let opts = Options {
        today: args.date.unwrap_or_else(Date::today_utc),
        drafts: args.drafts,
        base_url: args.base_url.clone().unwrap_or_else(|| config.base_url.clone()),
    };
    // A key that is unsafe to use stops the build before anything is written.
    let signer = crate::records::key::from_env(root)?;
    let staging = Staging::new(&target)?;
    ui::detail(format_args!("wrote {}", target.join(output::MARKER).display()));
    let mut summary = render_staged(root, &checked, &opts, &staging, &target)?;
    let write = |rel: &str, bytes: &[u8]| {
        ui::detail(format_args!("wrote {}", target.join(rel).display()));
        staging.write(rel, bytes)
    };
    let root_dir = crate::load::Root::new(root);
    let record = crate::records::publish::publish(&root_dir, &opts.base_url, opts.today, signer.as_ref(), &write);
    summary.notes.extend(record?);
    ui::detail(format_args!(
        "rendered and wrote every page by {} ms",
        started.elapsed().as_millis()
    ));
    let warnings = checked.warnings.len() + summary.warnings.len();
    if args.strict && warnings > 0 {
        // The staged output is dropped: the output folder stays as it was.
        for w in &summary.warnings {
            ui::warn(w);
        }
        anyhow::bail!(
            "--strict: {} found, so {} was left as it was: fix {}, or build without --strict",
            ui::count(warnings, "warning"),
            target.display(),
            if warnings == 1 { "it" } else { "them" }
        );
    }
    staging
        .commit()
        .with_context(|| format!("cannot replace {}", target.display()))?;
    report(&summary, &target, started);
    Ok(())
}

/// Renders every page into `staging`, reading each document as its turn
/// comes, with a progress bar on a terminal.
fn render_staged(
    root: &Path,
    checked: &Outlined,
    opts: &Options,
    staging: &Staging,
    target: &Path,
) -> anyhow::Result<render::Summary> {
    let progress = ui::progress("rendering");
    let allow_html = checked.outline.site.config.build.allow_html;
    let numbering = checked.theme.words.site().get("numbering.article", &[]);
    let load = |id: &str| load_document_numbered(root, id, allow_html, &numbering);
    let summary = render::site_streamed(&checked.outline, &load, &checked.theme, opts, &|rel, bytes| {
        staging.write(rel, bytes)?;
        if let Some(bar) = &progress {
            bar.inc(1);
        }
        ui::detail(format_args!("wrote {}", target.join(rel).display()));
        Ok(())
    });
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    Ok(summary?)
}

/// What the build found and made: its warnings, notes and counts.
fn report(summary: &render::Summary, target: &Path, started: Instant) {
    for w in &summary.warnings {
        ui::warn(w);
    }
    for note in &summary.notes {
        ui::note(format_args!("note: {note}"));
    }
    ui::note(format_args!(
        "built {}, {}, {} into {} in {} ms",
        ui::count(summary.documents, "document"),
        ui::count(summary.revisions, "revision"),
        ui::count(summary.pages, "page"),
        target.display(),
        started.elapsed().as_millis()
    ));
}
