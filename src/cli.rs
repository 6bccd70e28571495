//! The command line, declared with clap derive.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::model::Date;

#[derive(Debug, Parser)]
#[command(
    name = "charter",
    version = env!("CHARTER_VERSION"),
    about = "Publish policy documents with their full revision history"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Print only errors and warnings
    #[arg(long, short = 'q', global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print every file written
    #[arg(long, short = 'v', global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (default: public/)
    Build(BuildArgs),
    /// Validate the site without writing anything
    Check(CheckArgs),
    /// Preview the site, drafts included, rebuilding and reloading on every edit
    Serve(ServeArgs),
    /// Print a revision's announcement for an email, a blog post or a banner
    Announce(AnnounceArgs),
    /// Publish the working copy of a document as a new revision
    Revise(ReviseArgs),
    /// Accept the notes charter proposed for a revision not yet committed
    Review(ReviewArgs),
    /// Show what changed between revisions, or what the next revision would change
    Diff(DiffArgs),
    /// Import a policy from a Markdown file, or every version of it from git
    Import(ImportArgs),
    /// List a document's revisions, newest first
    Log(LogArgs),
    /// Write history/.log, the log of published revisions: append a leaf
    /// for each revision that has none (start it from the history of a site
    /// that has none)
    Record(SiteArgs),
    /// Print the text of a document that was in force on a date
    Show(ShowArgs),
    /// Create a new site in a folder
    Init(InitArgs),
    /// Write a new private key for signing the site's checkpoints, and print its public key
    Keygen(KeygenArgs),
    /// Check a built site's signed record: checkpoint, leaves, source files, hash chains
    Verify(VerifyArgs),
    /// Print shell completions (bash, zsh, fish, elvish, powershell)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or a command's own (charter-<command>)
    Man {
        /// The command whose page to print, such as `build`
        command: Option<String>,
    },
}

/// Where the site is.
#[derive(Debug, Clone, Args)]
pub struct SiteArgs {
    /// The site's folder, holding site.toml
    #[arg(long, short = 'r', default_value = ".", value_name = "DIR")]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Fail on any warning, as `build --strict` does (for CI)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder (default: `output` from site.toml, inside the site)
    #[arg(long, short = 'o', value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Publish at this URL instead of site.toml's `base_url`
    #[arg(long, short = 'u', value_name = "URL")]
    pub base_url: Option<String>,
    /// Build as of this date: revisions take effect by it (default: today, UTC)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
    /// Also render unpublished edits in content/, marked as drafts
    #[arg(long)]
    pub drafts: bool,
    /// Replace the output folder even though charter did not make it,
    /// deleting everything in it
    #[arg(long)]
    pub force: bool,
    /// Fail on any warning, proposed notes not yet reviewed included, and
    /// leave the output as it was (for CI)
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Args)]
pub struct AnnounceArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The document, as in content/<DOCUMENT>.md
    pub document: String,
    /// The revision id (default: the latest)
    pub revision: Option<String>,
    #[arg(long, short = 'f', value_enum, default_value_t = AnnounceFormat::Markdown)]
    pub format: AnnounceFormat,
    /// Link to this URL instead of site.toml's `base_url`
    #[arg(long, short = 'u', value_name = "URL")]
    pub base_url: Option<String>,
    /// Resolve current and upcoming revisions as of this date (default: today, UTC)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AnnounceFormat {
    Markdown,
    Text,
    Html,
}

#[derive(Debug, Clone, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The document, as in content/<DOCUMENT>.md
    pub document: String,
    /// The day whose text to print: the revision in force on it
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub at: Date,
    /// markdown: the revision's text; html: as the archived page shows it;
    /// json: both, with the revision and its period
    #[arg(long, short = 'f', value_enum, default_value_t = ShowFormat::Markdown)]
    pub format: ShowFormat,
    /// Count revisions published by this date (default: today, UTC), as `build --date` does
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShowFormat {
    Markdown,
    Html,
    Json,
}

#[derive(Debug, Clone, Args)]
pub struct LogArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The document, as in content/<DOCUMENT>.md
    pub document: String,
    #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Text)]
    pub format: ListFormat,
    /// Say which revision is current as of this date (default: today, UTC)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
    /// Print the history of one article instead: its versions, newest
    /// first, each with its revision's notes and what changed in it. ID is
    /// the article's id, as on its page /<doc>/articles/<ID>/
    #[arg(long, value_name = "ID")]
    pub article: Option<String>,
    /// Colour the word diffs of --article: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

/// `charter keygen PATH`.
#[derive(Debug, Clone, Args)]
pub struct KeygenArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the private key: outside the site and any git repository
    pub path: PathBuf,
    /// The key's name (default: the site's host and path, from site.toml's `base_url`)
    #[arg(long)]
    pub name: Option<String>,
}

/// `charter verify DIR --key KEY [--previous CHECKPOINT]`.
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// The built site: an output folder, as `charter build` wrote it
    pub dir: PathBuf,
    /// The site's public key: a file holding it, or the key itself
    /// (`<name>+<id>+<base64>`), obtained elsewhere than the site
    #[arg(long, value_name = "KEY")]
    pub key: String,
    /// A checkpoint saved from the site before: check that the log now
    /// extends it
    #[arg(long, value_name = "FILE")]
    pub previous: Option<PathBuf>,
}

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// The folder of the new site (created if missing)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Also copy the built-in theme into themes/default/ for editing
    #[arg(long)]
    pub theme: bool,
}

/// `charter diff privacy`: latest revision → working copy; `privacy A`: A → working
/// copy; `privacy A B`: A → B. Exit status 0 when equal, 1 when different, 2 on error.
#[derive(Debug, Clone, Args)]
pub struct DiffArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The document, as in content/<DOCUMENT>.md
    pub document: String,
    /// The older revision (default: the latest)
    pub from: Option<String>,
    /// The newer revision (default: the working copy in content/)
    pub to: Option<String>,
    #[arg(long, short = 'f', value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Print only the overview of changed articles
    #[arg(long)]
    pub stat: bool,
    /// Colour the text format: auto (on a terminal, unless NO_COLOR is set), always or never
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Word diff: coloured on a terminal, `[-old-]{+new+}` otherwise
    Text,
    /// The diff's full structure
    Json,
    /// An HTML fragment
    Html,
    /// For a pull-request description
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Args)]
pub struct ReviseArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The document, as in content/<DOCUMENT>.md
    pub document: String,
    /// One line saying what this revision changes
    #[arg(long, short = 's')]
    pub summary: String,
    /// Publication date (default: today, UTC)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<Date>,
    /// The date it takes effect (default: the publication date, or the
    /// first day the notice of `notice_days` in site.toml allows)
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub effective: Option<Date>,
    /// Whether users must accept it again (`required`) or are only told
    /// of it (`notify`, the default); written as `consent` in the record
    #[arg(long, value_enum, conflicts_with = "editorial")]
    pub consent: Option<ConsentArg>,
    /// A main change, as ARTICLE=NOTE or ARTICLE#SECTION=NOTE; repeat for more.
    /// Without it, one entry per changed article is proposed from the diff.
    #[arg(long, short = 'c', value_name = "ARTICLE[#SECTION]=NOTE")]
    pub change: Vec<String>,
    /// Mark it an editorial revision (typing or formatting, no change in
    /// meaning): listed, but not announced. Proposed when no word changed
    #[arg(long)]
    pub editorial: bool,
    /// Do not mark it editorial, even though no word changed
    #[arg(long, conflicts_with = "editorial")]
    pub no_editorial: bool,
    /// Print the revision file instead of writing it
    #[arg(long)]
    pub dry_run: bool,
    /// Commit the new revision file, with the content file it was cut from (git)
    #[arg(long, conflicts_with = "dry_run")]
    pub commit: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConsentArg {
    /// Users must accept it again
    Required,
    /// Users are told of it
    Notify,
}

/// `charter review DOC [REV]`.
#[derive(Debug, Clone, Args)]
pub struct ReviewArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The document, as in content/<DOCUMENT>.md
    pub document: String,
    /// The revision, as in history/<DOCUMENT>/<REVISION>.md (default: the latest)
    #[arg(conflicts_with = "all")]
    pub revision: Option<String>,
    /// Accept the proposals of every revision of the document that has some
    /// (after an import), none of them published
    #[arg(long)]
    pub all: bool,
}

/// `charter import FILE --id DOC`, or `charter import --git REPO --path FILE --id DOC`.
#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// A Markdown file holding the policy
    #[arg(required_unless_present = "git", conflicts_with = "git")]
    pub file: Option<PathBuf>,
    /// The new document's id: it becomes content/<ID>.md and the page /<ID>/
    #[arg(long)]
    pub id: String,
    /// The document's title, when the text has none (or another one)
    #[arg(long)]
    pub title: Option<String>,
    /// Backfill the history from this git repository (bare or not)
    #[arg(long, value_name = "REPO", requires = "path")]
    pub git: Option<PathBuf>,
    /// With --git: the file's path inside the repository; give it again for
    /// each earlier path it had, the oldest first
    #[arg(long, value_name = "FILE")]
    pub path: Vec<PathBuf>,
    /// With --git: follow the file across renames, and to a file with
    /// similar content that the commit adding it deleted
    #[arg(long, requires = "git")]
    pub follow: bool,
    /// With --git: date commits at this UTC offset instead of each
    /// committer's own
    #[arg(long, value_name = "±HH:MM", requires = "git", allow_hyphen_values = true)]
    pub timezone: Option<String>,
    /// With --git: keep only the last version of each publication day
    #[arg(long, requires = "git")]
    pub last_of_day: bool,
}

#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The address to listen on (loopback by default)
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: String,
    /// The port (0: any free port)
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,
    /// Link pages to this URL instead of the address served (a preview
    /// reached from another device, or through a proxy)
    #[arg(long, short = 'u', value_name = "URL")]
    pub base_url: Option<String>,
    /// Open the site in a browser
    #[arg(long)]
    pub open: bool,
}
