//! Building the preview into memory: the whole site, or one document's pages
//! after only that document changed; and the error page of a failed build.

use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load;
use crate::model::Date;
use crate::render::{self, Options, Summary};
use crate::site::{Checked, load_checked, load_document_checked};

/// A built site: file contents by path relative to the output (`privacy/index.html`).
pub type Files = HashMap<String, Arc<[u8]>>;

/// What the server serves at one moment.
pub struct Snapshot {
    /// Goes up with every build, good or not; pages carry it for live reload.
    pub generation: u64,
    /// The last build that succeeded (empty before the first one).
    pub files: Arc<Files>,
    /// When the latest build failed: the page listing its problems.
    pub error_page: Option<Arc<str>>,
}

/// What a rebuild must cover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// site.toml, the theme, or several documents changed.
    Site,
    /// Only `content/<id>.md` or `history/<id>/` changed.
    Document(String),
}

/// A build that succeeded.
pub struct Built {
    pub files: Arc<Files>,
    /// `the site`, or the document rebuilt.
    pub what: String,
    pub elapsed: Duration,
    pub summary: Summary,
    /// Warnings of loading and checking.
    pub warnings: Vec<Diagnostic>,
}

/// Builds a site again and again, remembering the last good build so that a
/// change to one document re-renders only that document.
pub struct Builder {
    root: PathBuf,
    base_url: String,
    last: Option<Good>,
    /// The latest build failed: files may have changed since the last good
    /// one in more than one document, so the next build renders everything.
    failed: bool,
}

struct Good {
    files: Arc<Files>,
    documents: BTreeSet<String>,
    today: Date,
    /// The site and theme this build was made from, kept so that a change to
    /// one document re-reads that document alone.
    checked: Checked,
    /// What the site-wide pages were made from, so that a rebuild which
    /// leaves them unchanged (a draft edit) keeps them instead of rendering them.
    site_wide: render::SiteWide,
}

impl Builder {
    pub fn new(root: PathBuf, base_url: String) -> Builder {
        Builder {
            root,
            base_url,
            last: None,
            failed: false,
        }
    }

    /// The last build that succeeded.
    pub fn files(&self) -> Arc<Files> {
        self.last.as_ref().map(|g| Arc::clone(&g.files)).unwrap_or_default()
    }

    /// Loads and checks the site, then renders what `scope` needs. A
    /// document-only rebuild becomes a full one when there is no good build
    /// to start from, the latest build failed, the day has changed, or
    /// documents came or went.
    pub fn build(&mut self, scope: &Scope) -> Result<Built, Diagnostics> {
        let scope = if self.failed { &Scope::Site } else { scope };
        let result = self.try_build(scope);
        self.failed = result.is_err();
        result
    }

    fn try_build(&mut self, scope: &Scope) -> Result<Built, Diagnostics> {
        let started = Instant::now();
        let today = Date::today_utc();
        if let Scope::Document(id) = scope
            && let Some(last) = &self.last
            && last.today == today
            && last.documents.contains(id)
            && self.root.join(load::CONTENT_DIR).join(format!("{id}.md")).is_file()
        {
            return self.rebuild_document(id, today, started);
        }
        let checked = load_checked(&self.root)?;
        let documents: BTreeSet<String> = checked.site.documents.iter().map(|d| d.id.clone()).collect();
        let opts = self.options(today);
        let (files, mut summary) = render_into_memory(|sink| render::site(&checked.site, &checked.theme, &opts, sink))?;
        let files = Arc::new(files);
        let warnings = checked.warnings.clone();
        self.last = Some(Good {
            files: Arc::clone(&files),
            documents,
            today,
            checked,
            site_wide: std::mem::take(&mut summary.site_wide),
        });
        Ok(Built {
            files,
            what: "the site".to_string(),
            elapsed: started.elapsed(),
            summary,
            warnings,
        })
    }

    /// Re-reads and checks only document `id` (the rest of the site is as the
    /// last good build left it), then renders its pages and the site-wide
    /// ones. The checks against git run on full builds only.
    fn rebuild_document(&mut self, id: &str, today: Date, started: Instant) -> Result<Built, Diagnostics> {
        let opts = self.options(today);
        // The caller rebuilds one document only after a good build.
        let Some(last) = self.last.as_mut() else {
            return Err(Diagnostics(Vec::new()));
        };
        // Read as a build reads it: the pass that checks each revision also
        // renders it, and the render below uses those bodies.
        let allow_html = last.checked.site.config.build.allow_html;
        let loaded = load_document_checked(&self.root, id, allow_html);
        let problems = Diagnostics(loaded.problems).sorted();
        let (Some(entry), false) = (loaded.document, problems.has_errors()) else {
            return Err(problems);
        };
        if let Some(slot) = last.checked.site.documents.iter_mut().find(|d| d.id == id) {
            *slot = entry.into_owned();
        }
        let checked = &last.checked;
        let (mut files, mut summary) = render_into_memory(|sink| {
            render::document(
                &checked.site,
                &checked.theme,
                &opts,
                id,
                loaded.bodies,
                Some(&last.site_wide),
                sink,
            )
        })?;
        // Keep the other documents' pages and the theme's static files, and
        // the site-wide pages when they were not rendered again; this
        // document's pages were rendered anew.
        let own = format!("{id}/");
        for (rel, bytes) in last.files.iter() {
            let other_document = rel
                .split_once('/')
                .is_some_and(|(top, _)| top != id && last.documents.contains(top));
            let kept = !rel.starts_with(&own)
                && (other_document || summary.site_wide_reused || checked.theme.static_files.contains_key(rel));
            if kept && !files.contains_key(rel) {
                files.insert(rel.clone(), Arc::clone(bytes));
            }
        }
        let files = Arc::new(files);
        last.files = Arc::clone(&files);
        last.site_wide = std::mem::take(&mut summary.site_wide);
        Ok(Built {
            files,
            what: id.to_string(),
            elapsed: started.elapsed(),
            summary,
            warnings: problems.0,
        })
    }

    fn options(&self, today: Date) -> Options {
        Options {
            today,
            drafts: true,
            base_url: self.base_url.clone(),
        }
    }
}

/// Runs a render whose files are collected in memory.
fn render_into_memory(
    render: impl FnOnce(&render::Sink<'_>) -> Result<Summary, Diagnostics>,
) -> Result<(Files, Summary), Diagnostics> {
    let rendered = Mutex::new(Files::new());
    // Like the build's writer, a second page at one path is an error, never
    // a silent replacement of the first.
    let sink = |rel: &str, bytes: &[u8]| -> anyhow::Result<()> {
        let mut files = rendered
            .lock()
            .map_err(|_| anyhow::anyhow!("a rendering thread panicked"))?;
        match files.entry(rel.to_string()) {
            std::collections::hash_map::Entry::Occupied(_) => anyhow::bail!(
                "refusing to write {rel} twice: two pages or files of the site have this path, and one would \
                 replace the other. Rename the document or theme file that also makes it"
            ),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(Arc::from(bytes));
                Ok(())
            }
        }
    };
    let summary = render(&sink)?;
    Ok((rendered.into_inner().unwrap_or_else(|e| e.into_inner()), summary))
}

/// The page served for every HTML request while the site does not build:
/// every problem, escaped.
pub fn error_page(problems: &Diagnostics) -> String {
    let errors = problems.errors().count();
    let plural = if errors == 1 { "" } else { "s" };
    let mut items = String::new();
    for d in &problems.0 {
        let class = if d.is_error() { "error" } else { "warning" };
        items.push_str(&format!(
            "<li class=\"{class}\"><code>{}</code></li>\n",
            crate::html::escape(&d.to_string())
        ));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>The site does not build · charter serve</title>\n\
         <style>body{{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}}\
         h1{{color:#a00}}ul{{padding:0;list-style:none}}li{{margin:.6rem 0;padding:.5rem .8rem;border-left:4px solid #a00;\
         background:#fdf2f2}}li.warning{{border-color:#b80;background:#fdf8ec}}\
         code{{white-space:pre-wrap;word-break:break-word;font-size:.95rem}}</style>\n</head>\n<body>\n\
         <h1>The site does not build</h1>\n\
         <p>charter found {errors} problem{plural}. Fix the file{plural} and save: this page reloads by itself.</p>\n\
         <ul>\n{items}</ul>\n</body>\n</html>\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_page_at_one_path_is_refused_and_the_first_kept() {
        let mut second = None;
        let result = render_into_memory(|sink| {
            sink("announcements/index.html", b"the site's page").expect("the first write");
            second = Some(sink("announcements/index.html", b"a document's page"));
            Err(Diagnostics::default())
        });
        let e = second.expect("written twice").expect_err("the second write is refused");
        assert!(
            e.to_string()
                .contains("refusing to write announcements/index.html twice"),
            "{e}"
        );
        assert!(result.is_err());
    }

    #[test]
    fn error_page_lists_every_problem_escaped() {
        let problems = Diagnostics(vec![
            Diagnostic::error("site.toml", Some(3), "expected a value, found `<script>`"),
            Diagnostic::warning("content/privacy.md", None, "a & b"),
        ]);
        let page = error_page(&problems);
        assert!(
            page.contains("site.toml:3: expected a value, found `&lt;script&gt;`"),
            "{page}"
        );
        assert!(page.contains("content/privacy.md: warning: a &amp; b"), "{page}");
        assert!(page.contains("1 problem."), "{page}");
        assert!(!page.contains("<script>"), "{page}");
        assert!(page.contains("</body>"));
    }

    /// A copy of the example site at the repository root.
    fn example() -> tempfile::TempDir {
        let tmp = tempfile::tempdir().unwrap();
        let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(repo.join("site.toml"), tmp.path().join("site.toml")).unwrap();
        for dir in ["content", "history"] {
            copy_dir(&repo.join(dir), &tmp.path().join(dir));
        }
        tmp
    }

    fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                copy_dir(&entry.path(), &to.join(entry.file_name()));
            } else {
                std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
            }
        }
    }

    fn sorted(files: &Files) -> Vec<(&String, &Arc<[u8]>)> {
        let mut v: Vec<_> = files.iter().collect();
        v.sort();
        v
    }

    /// `files` are what a full build of `root` for `base`, from scratch, gives.
    fn assert_same_as_full_build(root: &std::path::Path, base: &str, files: &Files) {
        let full = Builder::new(root.to_path_buf(), base.to_string())
            .build(&Scope::Site)
            .unwrap();
        assert!(sorted(files) == sorted(&full.files), "the two builds differ");
    }

    #[test]
    fn a_document_rebuild_gives_what_a_full_build_gives() {
        let site = example();
        let base = "http://127.0.0.1:1111".to_string();
        let mut builder = Builder::new(site.path().to_path_buf(), base.clone());
        builder.build(&Scope::Site).unwrap();
        let path = site.path().join("content/privacy.md");
        let text = std::fs::read_to_string(&path).unwrap();
        let edited = text.replacen("we treat that trust as a responsibility", "we hold that trust dear", 1);
        assert_ne!(text, edited);
        std::fs::write(&path, &edited).unwrap();

        let incremental = builder.build(&Scope::Document("privacy".into())).unwrap();
        assert_eq!(incremental.what, "privacy");
        assert!(incremental.files.contains_key("privacy/draft/index.html"));
        assert!(incremental.files.contains_key("style.css"));
        assert_same_as_full_build(site.path(), &base, &incremental.files);
        // The first edit made a draft: the home page's card links to it.
        assert!(!incremental.summary.site_wide_reused);

        // A second edit of the draft changes none of the site-wide pages:
        // they are kept, not rendered again, and still match a full build.
        let again = edited.replacen("we hold that trust dear", "we hold that trust very dear", 1);
        std::fs::write(&path, &again).unwrap();
        let incremental = builder.build(&Scope::Document("privacy".into())).unwrap();
        assert!(incremental.summary.site_wide_reused);
        let draft = String::from_utf8(incremental.files["privacy/draft/index.html"].to_vec()).unwrap();
        assert!(draft.contains("very dear"));
        assert_same_as_full_build(site.path(), &base, &incremental.files);

        // A new revision is announced: the site-wide pages are rendered again.
        let root = site.path().to_str().unwrap();
        let today = Date::today_utc().to_string();
        let args = [
            "charter",
            "revise",
            "--root",
            root,
            "privacy",
            "-s",
            "Trust, reworded",
            "--date",
            &today,
        ];
        let crate::cli::Command::Revise(revise) = <crate::cli::Cli as clap::Parser>::parse_from(args).command else {
            unreachable!("parsed as revise")
        };
        crate::cmd::revise::run(&revise).unwrap();
        let incremental = builder.build(&Scope::Document("privacy".into())).unwrap();
        assert!(!incremental.summary.site_wide_reused);
        let announcements = String::from_utf8(incremental.files["announcements/index.html"].to_vec()).unwrap();
        assert!(announcements.contains("Trust, reworded"));
        assert_same_as_full_build(site.path(), &base, &incremental.files);

        // After a failed build, the next one renders everything.
        std::fs::write(site.path().join("site.toml"), "x = ").unwrap();
        assert!(builder.build(&Scope::Site).is_err());
        assert!(
            builder.files().contains_key("privacy/index.html"),
            "the last good build is kept"
        );
        std::fs::copy(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("site.toml"),
            site.path().join("site.toml"),
        )
        .unwrap();
        assert_eq!(
            builder.build(&Scope::Document("privacy".into())).unwrap().what,
            "the site"
        );
    }

    /// The preview serves what the build read: a static file linked to a
    /// file of the machine is refused, never read into the served files.
    #[cfg(unix)]
    #[test]
    fn a_linked_static_file_is_never_served() {
        let site = example();
        let secret = site.path().join("secret.txt");
        std::fs::write(&secret, "machine-only").unwrap();
        let mut builder = Builder::new(site.path().to_path_buf(), "http://127.0.0.1:1111".into());
        builder.build(&Scope::Site).unwrap();
        let static_dir = site.path().join("themes/default/static");
        std::fs::create_dir_all(&static_dir).unwrap();
        std::os::unix::fs::symlink(&secret, static_dir.join("passwd.txt")).unwrap();

        let problems = builder.build(&Scope::Site).err().expect("the build fails");
        assert!(
            problems
                .0
                .iter()
                .any(|d| d.path.ends_with("passwd.txt") && d.message.contains("symbolic link")),
            "{problems:?}"
        );
        assert!(!builder.files().contains_key("passwd.txt"));
        assert!(
            builder
                .files()
                .values()
                .all(|f| !f.windows(12).any(|w| w == b"machine-only"))
        );
    }
}
