//! charter: policy documents under version control, published as a static
//! site with their full revision history.
//!
//! The pipeline, one module per stage:
//! [`load`] (site.toml, content/, history/) -> [`model`] -> [`check`] ->
//! [`derive`] (timelines) -> [`render`] (templates) -> [`output`] (one writer).
//! [`site`] reads and checks a site, whole or one document at a time, for
//! the commands and the preview server above it. [`cmd`] holds one file per
//! subcommand; `main.rs` only parses arguments.
//!
//! Below every stage, small modules of one rule each that any stage may
//! use and that use no stage: [`diagnostic`] (problems), [`urls`] (the
//! public URL scheme), `base_url`, `forbidden` (characters text may not
//! hold), `html` and `markdown` (escaping; the one Markdown reader), `one_line` (whitespace).

mod base_url;
mod check;
pub mod cli;
pub mod cmd;
pub mod derive;
pub mod diagnostic;
pub mod diff;
mod forbidden;
mod git;
mod html;
mod import;
pub mod load;
mod markdown;
pub mod model;
mod one_line;
mod output;
pub mod render;
mod serve;
pub mod site;
mod stated_date;
pub mod strings;
pub mod ui;
pub mod urls;

/// The Markdown dialect of documents. Structure parsing and rendering must
/// agree on it, or article numbers would drift between them.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}
