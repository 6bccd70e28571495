//! `charter diff`: what changed between two revisions, or what the next
//! revision would change. Exits like `diff`: 0 same, 1 different, 2 trouble.

use std::io::IsTerminal;

use anyhow::Context;

use crate::cli::{ColorChoice, DiffArgs, DiffFormat};
use crate::derive::history;
use crate::diff::{self, format};
use crate::model::{Document, DocumentEntry};
use crate::site::load_one;
use crate::strings::Strings;

/// Prints the diff; Ok(true) when the texts differ.
pub fn run(args: &DiffArgs) -> anyhow::Result<bool> {
    let site = load_one(&args.site.root, &args.document)?;
    let doc = super::find_document(&site, &args.document)?;
    let (old, new) = match (&args.from, &args.to) {
        (None, _) => {
            let latest = doc.latest().with_context(|| {
                format!(
                    "{} has no published revision yet, so there is nothing to compare it with",
                    doc.path.display()
                )
            })?;
            (&latest.document, working(doc)?)
        }
        (Some(from), None) => (revision(doc, from)?, working(doc)?),
        (Some(from), Some(to)) => (revision(doc, from)?, revision(doc, to)?),
    };
    // Articles are numbered, and the HTML labelled, in the theme's words, as on the site.
    let words = site_words(&args.site.root, &site.config)?;
    let options = diff::Options {
        numbering: words.get("numbering.article", &[]),
        ..history::options()
    };
    let d = diff::documents(old, new, &options);
    let text = if args.stat {
        format::stat(&d)
    } else {
        match args.format {
            DiffFormat::Text => format::text(&d, use_color(args.color)),
            DiffFormat::Json => format::json(&d)?,
            DiffFormat::Html => format::html(&d, "", None, &words),
            DiffFormat::Markdown => format::markdown(&d),
        }
    };
    super::print(&text)?;
    Ok(d.has_changes())
}

/// The words of the site's theme in its language, as its pages use them.
fn site_words(root: &std::path::Path, config: &crate::model::Config) -> anyhow::Result<std::sync::Arc<Strings>> {
    let root = crate::load::Root::new(root);
    crate::render::theme::site_words(&root, &config.build.theme, &config.language)
        .map_err(|problems| crate::diagnostic::Diagnostics(problems).sorted().into())
}

fn working(doc: &DocumentEntry) -> anyhow::Result<&Document> {
    doc.working
        .as_ref()
        .with_context(|| format!("{} could not be read", doc.path.display()))
}

fn revision<'a>(doc: &'a DocumentEntry, id: &str) -> anyhow::Result<&'a Document> {
    Ok(&doc.revisions[super::find_revision(doc, id)?].document)
}

/// Colour on a terminal unless NO_COLOR is set, as https://no-color.org asks.
pub(crate) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}
