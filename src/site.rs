//! Reading a site and checking it, whole or one document at a time: what
//! `build`, `check`, `serve`, `diff`, `log` and `revise` share, below all of them, so that no
//! command or the preview server reaches into another command for it.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::git::Repo;
use crate::load::{self, Root};
use crate::model::Date;
use crate::model::Site;
use crate::render::{self, Options, Theme};

/// A site that passed every check, with its theme loaded.
pub struct Checked {
    pub site: Site,
    pub theme: Theme,
    pub warnings: Vec<Diagnostic>,
}

/// Loads `root` and runs every check. The error holds every problem found.
pub fn load_checked(root: &Path) -> Result<Checked, Diagnostics> {
    let (site, mut problems) = load::site(root);
    let Some(site) = site else {
        return Err(problems.sorted());
    };
    problems.extend(crate::check::site(&site).0);
    let ids = site.documents.iter().map(|d| d.id.as_str());
    let (theme, warnings) = git_and_theme(root, &site.config, ids, problems)?;
    Ok(Checked { site, theme, warnings })
}

/// The checks that follow reading the site: its git history, then its
/// theme. Returns the theme and the warnings, or every problem found so far.
/// `ids` are the site's documents, checked against the theme's files.
fn git_and_theme<'a>(
    root: &Path,
    config: &crate::model::Config,
    ids: impl IntoIterator<Item = &'a str>,
    mut problems: Diagnostics,
) -> Result<(Theme, Vec<Diagnostic>), Diagnostics> {
    problems.extend(git_checks(root, None));
    problems.extend(crate::records::check::site(&Root::new(root)));
    let theme = Theme::load(&Root::new(root), &config.build.theme, &config.language)
        .map_err(|e| problems.extend(e))
        .ok();
    if let Some(theme) = &theme {
        problems.extend(theme.warnings.iter().cloned());
        let statics = theme.static_files.keys().map(String::as_str);
        problems.extend(crate::check::document_ids(&Root::new(root), ids, statics));
    }
    let problems = problems.sorted();
    match theme {
        Some(theme) if !problems.has_errors() => Ok((theme, problems.0)),
        _ => Err(problems),
    }
}

/// A site whose configuration, document list, git history and theme passed
/// their checks; each document is read and checked when it is rendered.
pub struct Outlined {
    pub outline: load::Outline,
    pub theme: Theme,
    pub warnings: Vec<Diagnostic>,
}

/// What [`load_checked`] does before reading the documents.
pub fn outline_checked(root: &Path) -> Result<Outlined, Diagnostics> {
    let (outline, problems) = load::outline(root);
    let Some(outline) = outline else {
        return Err(problems.sorted());
    };
    let ids = outline.ids.iter().map(String::as_str);
    let (theme, warnings) = git_and_theme(root, &outline.site.config, ids, problems)?;
    Ok(Outlined {
        outline,
        theme,
        warnings,
    })
}

/// [`outline_checked`], or, when that fails, every problem of the site,
/// its documents' included, as [`load_checked`] finds them: one run reports
/// them all.
pub fn outline_or_every_problem(root: &Path) -> Result<Outlined, Diagnostics> {
    outline_checked(root).map_err(|e| load_checked(root).err().unwrap_or(e))
}

/// Reads and checks one document of the site at `root`, for
/// [`crate::render::site_streamed`]. Each revision is parsed once: the pass
/// that reads its structure also renders it (`allow_html` as in `site.toml`).
///
/// Articles are numbered as the built-in words say when a document does not
/// say: a site whose words say otherwise has its bodies read again when they
/// are rendered, unless it calls [`load_document_numbered`].
pub fn load_document_checked(root: &Path, id: &str, allow_html: bool) -> crate::render::Loaded<'static> {
    let numbering = crate::strings::Strings::builtin().get("numbering.article", &[]);
    load_document_numbered(root, id, allow_html, &numbering)
}

/// [`load_document_checked`], numbering articles by `numbering` when a
/// document does not say: the theme's `numbering.article`.
pub fn load_document_numbered(
    root: &Path,
    id: &str,
    allow_html: bool,
    numbering: &str,
) -> crate::render::Loaded<'static> {
    let read: &load::body::BodyReader<'_, _> =
        &|meta, body, events| crate::render::read_body(meta, body, events, (allow_html, numbering));
    let (doc, bodies, mut problems) = load::document_read(root, id, read);
    if let Some(doc) = &doc {
        problems.extend(crate::check::document(doc));
    }
    crate::render::Loaded {
        document: doc.map(std::borrow::Cow::Owned),
        problems,
        bodies,
    }
}

/// The checks that need git, when the site is in a repository: of every
/// published revision, or `only` of those under that folder.
fn git_checks(root: &Path, only: Option<&Path>) -> Vec<Diagnostic> {
    let Some(repo) = Repo::open(root) else {
        return Vec::new();
    };
    let shown = Root::new(root);
    match repo.published_revisions() {
        Ok(mut published) => {
            if let Some(only) = only {
                published.retain(|rel, _| rel.starts_with(only));
            }
            let mut out = crate::check::git_history(&shown, &published, |rel| {
                root.join(rel).is_file().then(|| repo.blob_on_disk(rel)).flatten()
            });
            if repo.is_shallow() && !published.is_empty() {
                out.push(Diagnostic::warning(
                    shown.shown(load::HISTORY_DIR),
                    None,
                    "the repository is a shallow clone, so published revisions are checked only against the commits \
                     present: fetch the full history (git fetch --unshallow) for a full check",
                ));
            }
            out
        }
        Err(e) => vec![Diagnostic::warning(
            shown.shown(load::HISTORY_DIR),
            None,
            format!("cannot read the git history, so published revisions were not checked against it: {e:#}"),
        )],
    }
}

/// The site at `root` with only document `id` read and checked, for the
/// commands that look at one document (`diff`, `log`): the other documents
/// are listed, not read, so a large site costs no more than a small one and
/// a problem in another document does not stop them. Unlike
/// [`load_checked`], the git history is not checked. The error holds every
/// problem of `site.toml` and of that document.
pub fn load_one(root: &Path, id: &str) -> anyhow::Result<Site> {
    one(root, id, false)
}

/// [`load_one`], and that document's published revisions checked against
/// git as [`load_checked`] checks them, for `revise`, which chains a new
/// revision onto them: a revision edited and re-hashed after it was
/// published passes the hash chain, not the git check.
pub fn load_one_published(root: &Path, id: &str) -> anyhow::Result<Site> {
    one(root, id, true)
}

/// [`load_one`], with the git check of the document's history when `git`.
fn one(root: &Path, id: &str, git: bool) -> anyhow::Result<Site> {
    let (outline, problems) = load::outline(root);
    let Some(load::Outline { mut site, ids }) = outline else {
        return Err(problems.sorted().into());
    };
    if !ids.iter().any(|i| i == id) {
        return Err(no_document(id, ids.iter().map(String::as_str)));
    }
    let (doc, found) = load::document(root, id);
    let mut problems = Diagnostics(problems.0.into_iter().chain(found).collect());
    if let Some(doc) = &doc {
        problems.extend(crate::check::document(doc));
    }
    if git {
        problems.extend(git_checks(root, Some(&Path::new(load::HISTORY_DIR).join(id))));
    }
    let problems = problems.sorted();
    match doc {
        Some(doc) if !problems.has_errors() => {
            site.documents.push(doc);
            Ok(site)
        }
        _ => Err(problems.into()),
    }
}

/// The error for an unknown document `id`, naming the site's documents.
pub fn no_document<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> anyhow::Error {
    let ids: Vec<&str> = ids.collect();
    anyhow::anyhow!(
        "no document `{id}`: documents are `content/<id>.md`, and this site has {}",
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        }
    )
}

/// What a full check found when it passed: the counts it checked and the
/// warnings to show.
pub struct Report {
    pub documents: usize,
    pub revisions: usize,
    pub warnings: Vec<Diagnostic>,
}

/// Checks the site at `root` as `charter check` does: every problem of its
/// files, then every page rendered (drafts included, as of `today`) and
/// thrown away, so a template that parses but fails on real data is caught,
/// then every link held against the pages. The error holds every problem.
pub fn check(root: &Path, today: Date) -> Result<Report, Diagnostics> {
    // As `build` does: each document read, checked and rendered in its turn
    // (one parse per revision), then dropped.
    let checked = outline_or_every_problem(root)?;
    let config = &checked.outline.site.config;
    let opts = Options {
        today,
        drafts: true,
        base_url: config.base_url.clone(),
    };
    let allow_html = config.build.allow_html;
    let numbering = checked.theme.words.site().get("numbering.article", &[]);
    // Links are held against the pages as they are rendered.
    let links = crate::check::links::Links::default();
    let load = |id: &str| {
        let loaded = load_document_numbered(root, id, allow_html, &numbering);
        if let Some(doc) = loaded.document.as_deref() {
            links.document(doc);
        }
        loaded
    };
    let record = |rel: &str, bytes: &[u8]| {
        links.page(rel, bytes);
        Ok(())
    };
    let summary = render::site_streamed(&checked.outline, &load, &checked.theme, &opts, &record)?;
    let broken = Diagnostics(links.check(&config.base_url)).sorted();
    let warnings: Vec<Diagnostic> = checked.warnings.into_iter().chain(summary.warnings).collect();
    if broken.has_errors() {
        return Err(Diagnostics(warnings.into_iter().chain(broken.0).collect()).sorted());
    }
    Ok(Report {
        documents: summary.documents,
        revisions: summary.revisions,
        warnings: warnings.into_iter().chain(broken.0).collect(),
    })
}
