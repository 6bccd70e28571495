//! The floor for `charter build`: the least work any build of the same site
//! must do. It reads every revision file, renders each body's Markdown to
//! HTML with pulldown-cmark (charter's options: tables, footnotes,
//! strikethrough, heading attributes), then writes files of that HTML until it
//! has written as many bytes as charter wrote. No diffs, no templates, no
//! checks: what is left is reading, rendering and writing.
//!
//! ```text
//! cargo run --release --example floor -- SITE BYTES OUT
//! ```
//!
//! `BYTES` is the size of charter's output (`du -sb public`); `OUT` must not
//! exist. Like charter, it renders and writes on every core (rayon).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use rayon::prelude::*;

/// charter's allocator (see src/main.rs), so that the floor differs from
/// charter by the work left out and nothing else.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The text after a `+++` front matter block at the start of `text`.
fn after_front_matter(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("+++\n") else {
        return text;
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "+++" {
            return &rest[offset..];
        }
    }
    ""
}

fn revision_files(site: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for doc in std::fs::read_dir(site.join("history"))? {
        let doc = doc?.path();
        if !doc.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&doc)? {
            let f = f?.path();
            if f.extension().is_some_and(|e| e == "md") {
                files.push(f);
            }
        }
    }
    files.sort();
    Ok(files)
}

fn run(site: &Path, target: u64, out: &Path) -> Result<(), String> {
    if out.exists() {
        return Err(format!("{} exists: give a new folder", out.display()));
    }
    let started = Instant::now();
    let files = revision_files(site).map_err(|e| format!("cannot list {}/history: {e}", site.display()))?;
    if files.is_empty() {
        return Err(format!("no revision files in {}/history", site.display()));
    }
    // Read and render: each revision once, in parallel.
    let pages: Vec<String> = files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).map_err(|e| format!("cannot read {}: {e}", f.display()))?;
            // The revision's record, then the document's own front matter.
            let markdown = after_front_matter(after_front_matter(&text));
            let mut html = String::with_capacity(markdown.len() * 3 / 2);
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(markdown, charter::markdown_options()),
            );
            Ok(html)
        })
        .collect::<Result<_, String>>()?;
    let rendered = started.elapsed();

    // Plan the files: the rendered pages over and over, until `target` bytes.
    let mut plan = Vec::new();
    let mut planned = 0u64;
    while planned < target {
        let page = plan.len() % pages.len();
        planned += pages[page].len() as u64;
        plan.push(page);
    }
    let write_started = Instant::now();
    plan.par_iter().enumerate().try_for_each(|(n, &page)| {
        let dir = out.join(format!("{}/{}", n / 1000, n % 1000));
        std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let path = dir.join("index.html");
        std::fs::write(&path, &pages[page]).map_err(|e| format!("cannot write {}: {e}", path.display()))
    })?;
    let html: usize = pages.iter().map(String::len).sum();
    eprintln!(
        "floor: read and rendered {} revisions ({:.1} MB of HTML) in {:.3} s, wrote {} files ({:.1} MB) in {:.3} s",
        pages.len(),
        html as f64 / 1e6,
        rendered.as_secs_f64(),
        plan.len(),
        planned as f64 / 1e6,
        write_started.elapsed().as_secs_f64()
    );
    println!(
        "RESULT render={:.3} write={:.3} files={} bytes={planned}",
        rendered.as_secs_f64(),
        write_started.elapsed().as_secs_f64(),
        plan.len()
    );
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [site, bytes, out] = &args[..] else {
        eprintln!("usage: floor SITE BYTES OUT");
        return ExitCode::from(2);
    };
    let Ok(target) = bytes.parse::<u64>() else {
        eprintln!("floor: BYTES `{bytes}` is not a number");
        return ExitCode::from(2);
    };
    match run(Path::new(site), target, Path::new(out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("floor: {e}");
            ExitCode::FAILURE
        }
    }
}
