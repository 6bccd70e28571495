//! The public URL scheme, in one place: every page is `<path>/index.html`.
//! Rendering writes pages there, and the link check looks for them there.

/// Builds absolute URLs and output paths from the site's base URL.
#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Urls {
        Urls {
            base: base_url.trim_end_matches('/').to_string(),
        }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The absolute URL of a site path such as `privacy/revisions/`.
    pub fn url(&self, path: &str) -> String {
        format!("{}/{}", self.base, path)
    }

    pub fn home(&self) -> String {
        self.url("")
    }
}

/// Site paths (relative, ending in `/` for pages).
pub mod path {
    pub fn document(doc: &str) -> String {
        format!("{doc}/")
    }
    pub fn draft(doc: &str) -> String {
        format!("{doc}/draft/")
    }
    pub fn draft_changes(doc: &str) -> String {
        format!("{doc}/draft/changes/")
    }
    pub fn revisions(doc: &str) -> String {
        format!("{doc}/revisions/")
    }
    /// Which revision was in force when.
    pub fn in_force(doc: &str) -> String {
        format!("{doc}/in-force/")
    }
    pub fn revision(doc: &str, rev: &str) -> String {
        format!("{doc}/revisions/{rev}/")
    }
    pub fn changes(doc: &str, rev: &str) -> String {
        format!("{doc}/revisions/{rev}/changes/")
    }
    pub fn to_current(doc: &str, rev: &str) -> String {
        format!("{doc}/revisions/{rev}/to-current/")
    }
    /// Where the articles' histories are.
    pub fn articles(doc: &str) -> String {
        format!("{doc}/articles/")
    }
    /// One article's history; `id` is its last id.
    pub fn article(doc: &str, id: &str) -> String {
        format!("{doc}/articles/{id}/")
    }
    pub fn side_by_side(page: &str) -> String {
        format!("{page}side-by-side/")
    }
    pub fn versions(doc: &str) -> String {
        format!("{doc}/versions.json")
    }
    pub fn document_feed(doc: &str) -> String {
        format!("{doc}/atom.xml")
    }
    /// Page `n` (1-based) of the announcements.
    pub fn announcements(n: usize) -> String {
        if n <= 1 {
            "announcements/".to_string()
        } else {
            format!("announcements/page/{n}/")
        }
    }
    /// The file a page path is written to.
    pub fn file(page: &str) -> String {
        format!("{page}index.html")
    }
}
