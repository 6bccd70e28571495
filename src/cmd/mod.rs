//! One file per subcommand, and the little they share.

pub mod announce;
pub mod build;
pub mod check;
pub mod completions;
pub mod diff;
pub mod import;
pub mod init;
pub mod keygen;
pub mod log;
pub mod log_article;
pub mod record;
pub mod review;
pub mod revise;
pub mod serve;
pub mod show;
pub mod verify;

use anyhow::bail;

use crate::model::{DocumentEntry, Site};

/// The document named on the command line, or an error listing the real ones.
pub fn find_document<'a>(site: &'a Site, id: &str) -> anyhow::Result<&'a DocumentEntry> {
    site.documents
        .iter()
        .find(|d| d.id == id)
        .ok_or_else(|| crate::site::no_document(id, site.documents.iter().map(|d| d.id.as_str())))
}

/// Prints command output; a closed pipe (`charter … | head -1`) ends quietly.
pub fn print(text: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}

/// `--base-url` is held to site.toml's rule for `base_url`: every link and
/// feed is built from it.
pub fn check_base_url(url: &str) -> anyhow::Result<()> {
    match crate::base_url::parse(url) {
        Ok(_) => Ok(()),
        Err(why) => bail!("--base-url {why}"),
    }
}

/// The index of revision `id` of `doc`, or an error listing its revisions.
pub fn find_revision(doc: &DocumentEntry, id: &str) -> anyhow::Result<usize> {
    match doc.revisions.iter().position(|r| r.id.to_string() == id) {
        Some(i) => Ok(i),
        None => {
            let ids: Vec<String> = doc.revisions.iter().map(|r| r.id.to_string()).collect();
            bail!(
                "{} has no revision `{id}`; its revisions are: {}",
                doc.id,
                ids.join(", ")
            )
        }
    }
}
