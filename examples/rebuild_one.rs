//! The incremental rebuild path of `charter serve`: with the whole site loaded,
//! checked and rendered once (as the server holds it), re-read and check the
//! one document that changed, then render only its pages with
//! `charter::render::document`, and the site-wide pages that list it when
//! what they show changed (a new revision; not a draft edit). Times the
//! re-read and the render separately.
//!
//! ```text
//! cargo run --release --example rebuild_one -- SITE DOC [--date YYYY-MM-DD] [--drafts] [-- EDIT...]
//! ```
//!
//! `EDIT` is a command run after that first build and before the rebuild,
//! not timed: the save the server reacts to (`corpus --out SITE --edit-word DOC`).
//!
//! Pages are kept in memory, as the server keeps them. Then, for comparison
//! and not counted in the rebuild, the same files are written into a
//! temporary folder (deleted at the end): what a build that rebuilt only one
//! document would add.

use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use charter::model::Date;
use charter::render::{self, Options};
use rayon::prelude::*;

/// The allocator `charter serve` runs this path with (see src/main.rs):
/// with glibc's, the figure would be for a program nobody runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn run(site_dir: &Path, doc: &str, date: Option<Date>, drafts: bool, edit: &[String]) -> Result<(), String> {
    let first = Instant::now();
    let mut checked = charter::site::load_checked(site_dir).map_err(|e| format!("the site has problems:\n{e}"))?;
    let opts = Options {
        today: date.unwrap_or_else(Date::today_utc),
        drafts,
        base_url: checked.site.config.base_url.clone(),
    };
    // The server's first build, which the rebuild starts from; its pages are
    // not kept (the server keeps them in memory).
    let first_build = render::site(&checked.site, &checked.theme, &opts, &|_, _| Ok(()))
        .map_err(|e| format!("rendering failed:\n{e}"))?;
    eprintln!(
        "rebuild_one: the whole site loaded, checked and rendered once in {:.3} s",
        first.elapsed().as_secs_f64()
    );
    if let [program, args @ ..] = edit {
        let status = std::process::Command::new(program)
            .args(args)
            .status()
            .map_err(|e| format!("cannot run {program}: {e}"))?;
        if !status.success() {
            return Err(format!("{program} failed: {status}"));
        }
    }

    let started = Instant::now();
    // Read as the server reads it: the pass that checks each revision also
    // renders it, for the render below.
    let allow_html = checked.site.config.build.allow_html;
    let reread = charter::site::load_document_checked(site_dir, doc, allow_html);
    if reread.problems.iter().any(|d| d.is_error()) {
        return Err(format!(
            "the document has problems:\n{}",
            charter::diagnostic::Diagnostics(reread.problems)
        ));
    }
    let entry = reread.document.ok_or_else(|| format!("no document `{doc}`"))?;
    let slot = checked
        .site
        .documents
        .iter_mut()
        .find(|d| d.id == doc)
        .ok_or_else(|| format!("no document `{doc}`"))?;
    *slot = entry.into_owned();
    let loaded = started.elapsed();

    // The server keeps the pages in memory (src/serve/build.rs): so does this.
    let files = Mutex::new(Vec::<(String, Arc<[u8]>)>::new());
    let sink = |rel: &str, data: &[u8]| -> anyhow::Result<()> {
        files
            .lock()
            .map_err(|_| anyhow::anyhow!("a rendering thread panicked"))?
            .push((rel.to_string(), Arc::from(data)));
        Ok(())
    };
    let render_started = Instant::now();
    let summary = render::document(
        &checked.site,
        &checked.theme,
        &opts,
        doc,
        reread.bodies,
        Some(&first_build.site_wide),
        &sink,
    )
    .map_err(|e| format!("rendering failed:\n{e}"))?;
    let rendered = render_started.elapsed();
    let files = files.into_inner().map_err(|_| "a rendering thread panicked")?;
    let bytes: usize = files.iter().map(|(_, data)| data.len()).sum();

    // For comparison, not part of the rebuild: writing the same files into
    // a new folder, as a `charter build` that rebuilt one document would.
    let out = tempfile::tempdir().map_err(|e| format!("cannot create a temporary folder: {e}"))?;
    let write_started = Instant::now();
    files
        .par_iter()
        .try_for_each(|(rel, data)| {
            let path = out.path().join(rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, data)
        })
        .map_err(|e| format!("cannot write into {}: {e}", out.path().display()))?;
    let written = write_started.elapsed();

    let site_wide = if summary.site_wide_reused { "kept" } else { "rendered" };
    eprintln!(
        "rebuild_one {doc}: re-read and check the document {:.3} s, render {} pages ({:.1} MB; site-wide pages {site_wide}) {:.3} s; writing them to disk would take {:.3} s more",
        loaded.as_secs_f64(),
        summary.pages,
        bytes as f64 / 1e6,
        rendered.as_secs_f64(),
        written.as_secs_f64()
    );
    println!(
        "RESULT load={:.3} render={:.3} write={:.3} pages={} bytes={bytes} site_wide={site_wide}",
        loaded.as_secs_f64(),
        rendered.as_secs_f64(),
        written.as_secs_f64(),
        summary.pages
    );
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut date = None;
    let mut drafts = false;
    let mut edit = Vec::new();
    while let Some(a) = args.next() {
        match a.as_str() {
            "--drafts" => drafts = true,
            "--" => edit.extend(args.by_ref()),
            "--date" => match args.next().map(|d| d.parse::<Date>()) {
                Some(Ok(d)) => date = Some(d),
                _ => {
                    eprintln!("rebuild_one: --date needs a YYYY-MM-DD date");
                    return ExitCode::from(2);
                }
            },
            _ => positional.push(a),
        }
    }
    let [site, doc] = &positional[..] else {
        eprintln!("usage: rebuild_one SITE DOC [--date YYYY-MM-DD] [--drafts] [-- EDIT...]");
        return ExitCode::from(2);
    };
    match run(Path::new(site), doc, date, drafts, &edit) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rebuild_one: {e}");
            ExitCode::FAILURE
        }
    }
}
