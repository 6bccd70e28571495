//! `charter announce`: a revision's announcement, ready to paste into an
//! email, a blog post or an in-app banner.

use anyhow::Context;

use crate::cli::{AnnounceArgs, AnnounceFormat};
use crate::model::Date;
use crate::render::{self, Options, announcement};
use crate::site::load_checked;

pub fn run(args: &AnnounceArgs) -> anyhow::Result<()> {
    let checked = load_checked(&args.site.root)?;
    let site = &checked.site;
    let doc = super::find_document(site, &args.document)?;
    let index = match &args.revision {
        None => doc.revisions.len().checked_sub(1).with_context(|| {
            format!(
                "{} has no revision to announce yet: cut one into history/{}/ first",
                doc.path.display(),
                doc.id
            )
        })?,
        Some(rev) => super::find_revision(doc, rev)?,
    };
    if let Some(url) = &args.base_url {
        super::check_base_url(url)?;
    }
    let opts = Options {
        today: args.date.unwrap_or_else(Date::today_utc),
        drafts: false,
        base_url: args.base_url.clone().unwrap_or_else(|| site.config.base_url.clone()),
    };
    let a = render::announcement(site, &checked.theme, &opts, doc, index).context("the revision vanished")?;
    let format = match args.format {
        AnnounceFormat::Markdown => announcement::Format::Markdown,
        AnnounceFormat::Text => announcement::Format::Text,
        AnnounceFormat::Html => announcement::Format::Html,
    };
    let text = announcement::message(checked.theme.words.site(), &a, format, true);
    super::print(&text)
}
