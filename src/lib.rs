//! charter: policy documents under version control, published as a static
//! site with their full revision history.
//!
//! The pipeline, one module per stage:
//! [`load`] (site.toml, content/, history/) -> [`model`] -> `check` ->
//! [`derive`] (timelines, proposed changes) -> [`diff`] -> [`render`]
//! (templates) -> `output` (one writer). [`site`] reads and checks a
//! site, whole or one document at a time, for the commands and the preview
//! server above it. [`cmd`] holds one file per subcommand; `main.rs` only
//! parses arguments. `import` and `git` bring histories in from outside.
//!
//! Below every stage, small modules of one rule each that any stage may
//! use and that use no stage: [`diagnostic`] (problems), [`urls`] (the
//! public URL scheme), `base_url`, `forbidden` (characters text may not
//! hold), `html` (escaping), `markdown` (the one Markdown reader, and its
//! escaper), [`strings`] (the theme's words), `stated_date` (dates a text
//! states in prose), `one_line` (whitespace).

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
pub mod records;
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
