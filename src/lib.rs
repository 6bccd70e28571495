//! charter: policy documents under version control, published as a static
//! site with their full revision history.
//!
//! The pipeline, one module per stage:
//! [`load`] (site.toml, content/, history/) -> [`model`] -> [`check`] ->
//! [`derive`] (timelines) -> [`render`] (templates) -> [`output`] (one writer).
//! [`site`] reads and checks a site, whole or one document at a time, for
//! the commands and the preview server above it. [`cmd`] holds one file per
//! subcommand; `main.rs` only parses arguments.

mod check;
pub mod cli;
pub mod cmd;
pub mod derive;
pub mod diagnostic;
pub mod diff;
mod git;
mod html;
mod import;
pub mod load;
pub mod model;
mod output;
pub mod render;
mod serve;
pub mod site;
pub mod strings;
pub mod ui;

/// The Markdown dialect of documents. Structure parsing and rendering must
/// agree on it, or article numbers would drift between them.
pub fn markdown_options() -> pulldown_cmark::Options {
    use pulldown_cmark::Options;
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}
