//! A deterministic synthetic corpus for benchmarks: a complete charter site
//! with many documents, each with a long published history.
//!
//! ```text
//! cargo run --release --example corpus -- --out DIR [--documents 50] [--revisions 40] [--words 6000] [--seed 1]
//! ```
//!
//! writes `DIR/site.toml`, `DIR/content/<doc>.md` (the latest revision's
//! body, so there is no draft) and `DIR/history/<doc>/<rev>.md`. The same
//! arguments always give the same bytes: a small xorshift generator picks
//! every word, and each document has its own generator seeded from `--seed`
//! and its index, so documents can be written in parallel.
//!
//! Each document has 10 to 20 articles with `{#id}` ids, some `###` sections,
//! paragraphs of legal-sounding sentences, numbered and bulleted lists, a table
//! now and then, and links. Each revision rewords a few sentences and inserts
//! or deletes list items, and now and then adds, removes, moves or retitles an
//! article. Revisions come about every 60 days from 2010-01-01 (closer
//! together when there are many, so that all are published by 2025), and some
//! take effect a few weeks after they are published. Each revision's `changes`
//! are proposed from charter's own diff, so `charter check` passes.
//!
//! Two more modes edit an existing corpus, for the rebuild benchmarks:
//!
//! ```text
//! corpus --out DIR --edit-word DOC      # changes one word of content/DOC.md (a draft)
//! corpus --out DIR --add-revision DOC   # cuts content/DOC.md (edited first if needed) as a new revision
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use charter::diff;
use charter::load::history::{NewRecord, compose};
use charter::model::{Date, Document};
use rayon::prelude::*;

mod text;

use text::{Doc, Rng, sentence, words};

struct Args {
    out: PathBuf,
    documents: usize,
    revisions: usize,
    words: usize,
    seed: u64,
    edit_word: Option<String>,
    add_revision: Option<String>,
}

const USAGE: &str = "usage: corpus --out DIR [--documents 50] [--revisions 40] [--words 6000] [--seed 1]\n       \
                     corpus --out DIR --edit-word DOC\n       corpus --out DIR --add-revision DOC";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        out: PathBuf::new(),
        documents: 50,
        revisions: 40,
        words: 6000,
        seed: 1,
        edit_word: None,
        add_revision: None,
    };
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_string());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: `{value}` is not a number"))
        };
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(&value)),
            "--documents" => args.documents = number()? as usize,
            "--revisions" => args.revisions = number()? as usize,
            "--words" => args.words = number()? as usize,
            "--seed" => args.seed = number()?,
            "--edit-word" => args.edit_word = Some(value),
            "--add-revision" => args.add_revision = Some(value),
            _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
        }
    }
    args.out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    if args.documents == 0 || args.revisions == 0 || args.words < 200 {
        return Err("--documents and --revisions must be at least 1, --words at least 200".to_string());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let result = if let Some(doc) = &args.edit_word {
        edit_word(&args.out, doc).map(|(old, new)| {
            eprintln!("content/{doc}.md: replaced `{old}` with `{new}`");
        })
    } else if let Some(doc) = &args.add_revision {
        add_revision(&args.out, doc, args.seed)
            .map(|rel| eprintln!("wrote {rel}"))
            .and_then(|()| record(&args.out))
    } else {
        generate(&args).and_then(|()| record(&args.out))
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the new revisions into `history/.log`, as `charter revise` would,
/// so that a build of the corpus publishes its signed record like a real site's.
fn record(root: &Path) -> Result<(), String> {
    let args = charter::cli::SiteArgs {
        root: root.to_path_buf(),
    };
    charter::cmd::record::run(&args).map_err(|e| format!("{e:#}"))
}

fn summary(done: &[String]) -> String {
    let mut s = match done {
        [] => "Editorial corrections".to_string(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} other edits", rest.len()),
    };
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

// ---------------------------------------------------------------------------
// Writing the site

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn parse_document(text: &str, what: &str) -> Result<Document, String> {
    charter::load::document::parse(text, Path::new(what), 1).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        format!("generated {what} does not parse:\n{}", list.join("\n"))
    })
}

fn date_after(start: jiff::civil::Date, days: usize) -> Date {
    Date(
        start
            .checked_add(jiff::Span::new().days(days as i64))
            .expect("date in range"),
    )
}

/// The `changes` of a revision from `old` to `new`, as charter's diff sees them.
fn changes(old: Option<&Document>, new: &Document) -> Vec<(String, Option<String>, String)> {
    let Some(old) = old else { return Vec::new() };
    let d = diff::documents(old, new, &charter::derive::history::options());
    charter::derive::changes::propose(&d, new)
        .into_iter()
        .map(|p| (p.article, p.section, p.note))
        .collect()
}

/// Writes one document's history and working copy; returns its word count
/// (latest revision) and bytes written.
fn write_document(args: &Args, index: usize) -> Result<(usize, usize), String> {
    let mut rng = Rng::new(args.seed, index as u64);
    let mut doc = Doc::new(&mut rng, index, args.words);
    // All revisions published by about 2025, one every ~60 days.
    let gap = (5400 / args.revisions).clamp(2, 60);
    let start = jiff::civil::date(2010, 1, 1);
    let mut day = rng.below(gap);
    let mut previous: Option<(String, Document, Date)> = None;
    let mut bytes = 0;
    let mut text = doc.text();
    for n in 0..args.revisions {
        let mut done = Vec::new();
        if n > 0 {
            day += rng.range(gap - gap / 4, gap + gap / 4).max(1);
            loop {
                done.extend(doc.revise(&mut rng));
                let t = doc.text();
                if t != text {
                    text = t;
                    break;
                }
            }
        }
        let date = date_after(start, day);
        let mut effective = if rng.chance(30) {
            date_after(start, day + rng.range(14, 45))
        } else {
            date
        };
        if let Some((_, _, prev_effective)) = &previous
            && effective < *prev_effective
        {
            effective = *prev_effective;
        }
        let rel = format!("history/{}/{}.md", doc.id, date);
        let document = parse_document(&text, &rel)?;
        let summary = if n == 0 {
            format!("First publication of the {}", doc.title)
        } else {
            summary(&done)
        };
        let record = NewRecord {
            date,
            effective,
            summary: &summary,
            changes: changes(previous.as_ref().map(|p| &p.1), &document),
            previous: previous.as_ref().map(|p| p.0.as_str()),
            commit: None,
            consent: None,
        };
        let file = compose(&record, &text);
        bytes += file.len();
        write(&args.out.join(&rel), &file)?;
        previous = Some((charter::load::history::sha256_hex(text.as_bytes()), document, effective));
    }
    write(&args.out.join(format!("content/{}.md", doc.id)), &text)?;
    bytes += text.len();
    Ok((words(&text), bytes))
}

fn generate(args: &Args) -> Result<(), String> {
    let out = &args.out;
    if out.exists()
        && std::fs::read_dir(out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?
            .next()
            .is_some()
    {
        return Err(format!("{} is not empty: give a new folder", out.display()));
    }
    write(
        &out.join("site.toml"),
        "# A synthetic corpus for benchmarks, written by examples/corpus/.\n\
         title = \"Example Services policies\"\n\
         base_url = \"https://policies.example.com\"\n\
         language = \"en\"\n\
         description = \"Every policy of Example Services Ltd., with every past revision.\"\n\n\
         [build]\noutput = \"public\"\n",
    )?;
    let started = std::time::Instant::now();
    let results: Vec<Result<(usize, usize), String>> = (0..args.documents)
        .into_par_iter()
        .map(|i| write_document(args, i))
        .collect();
    let mut words = 0;
    let mut bytes = 0;
    for r in results {
        let (w, b) = r?;
        words += w;
        bytes += b;
    }
    eprintln!(
        "wrote {} documents x {} revisions (~{} words per document, {:.1} MB) into {} in {:.1} s",
        args.documents,
        args.revisions,
        words / args.documents,
        bytes as f64 / 1e6,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Editing an existing corpus

/// Replaces the first `shall` (or else `may`, `will`) of the body of
/// `content/DOC.md` with another modal, in place.
fn edit_word(root: &Path, doc: &str) -> Result<(&'static str, &'static str), String> {
    let path = root.join(format!("content/{doc}.md"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // Skip the front matter: the body starts after the second `+++` line.
    let body_start = text
        .match_indices("+++\n")
        .nth(1)
        .map(|(i, _)| i + 4)
        .ok_or_else(|| format!("{}: no front matter", path.display()))?;
    for (old, new) in [(" shall ", " must "), (" may ", " might "), (" will ", " shall ")] {
        if let Some(at) = text[body_start..].find(old) {
            let at = body_start + at;
            let edited = format!("{}{new}{}", &text[..at], &text[at + old.len()..]);
            write(&path, &edited)?;
            return Ok((old.trim(), new.trim()));
        }
    }
    Err(format!("{}: no word to edit", path.display()))
}

/// Cuts `content/DOC.md` as a new revision 30 days after the latest one,
/// first editing it (a reworded sentence and a new article) when it has no
/// unpublished edit. Returns the new file's path, relative to `root`.
fn add_revision(root: &Path, doc_id: &str, seed: u64) -> Result<String, String> {
    let (site, problems) = charter::load::site(root);
    let site = site.ok_or_else(|| format!("cannot load the site: {problems}"))?;
    let entry = site
        .documents
        .iter()
        .find(|d| d.id == doc_id)
        .ok_or_else(|| format!("no document `{doc_id}`"))?;
    let latest = entry.latest().ok_or_else(|| format!("`{doc_id}` has no revision"))?;
    let content = root.join(format!("content/{doc_id}.md"));
    let mut text = std::fs::read_to_string(&content).map_err(|e| format!("cannot read {}: {e}", content.display()))?;
    let mut rng = Rng::new(seed, 1_000_000 + latest.meta.date.0.day() as u64);
    if !entry.has_draft() {
        edit_word(root, doc_id)?;
        text = std::fs::read_to_string(&content).map_err(|e| format!("cannot read {}: {e}", content.display()))?;
    }
    let mut id = "additional-provisions".to_string();
    let mut n = 2;
    let working = parse_document(&text, "content")?;
    while working
        .articles
        .iter()
        .any(|a| a.id == id || a.sections.iter().any(|s| s.id == id))
    {
        id = format!("additional-provisions-{n}");
        n += 1;
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let _ = write!(
        text,
        "\n## Additional provisions {{#{id}}}\n\n{} {} {}\n",
        sentence(&mut rng),
        sentence(&mut rng),
        sentence(&mut rng)
    );
    let date = Date(
        latest
            .meta
            .date
            .0
            .checked_add(jiff::Span::new().days(30))
            .map_err(|e| e.to_string())?,
    );
    let effective = std::cmp::max(date, latest.meta.effective);
    let rel = format!("history/{doc_id}/{date}.md");
    let new = parse_document(&text, &rel)?;
    let record = NewRecord {
        date,
        effective,
        summary: "Added additional provisions and reworded a sentence",
        changes: changes(Some(&latest.document), &new),
        previous: Some(&latest.sha256),
        commit: None,
        consent: None,
    };
    write(&root.join(&rel), &compose(&record, &text))?;
    write(&content, &text)?;
    Ok(rel)
}
