//! Links in the documents, held against the pages a build writes: a link to
//! a page the site does not have, or to an id no element of that page has,
//! is broken for every reader, and nothing else would notice.
//!
//! A check renders every page anyway; the pages' paths and ids are recorded
//! as they are written ([`Links::page`]), the documents' links as they are
//! loaded ([`Links::document`]), and the two are compared at the end
//! ([`Links::check`]). Links with a scheme (`https:`, `mailto:`) go to other
//! sites and are not fetched. The working copy is the text that can still
//! change, so its broken links are errors; a published revision's can only
//! be fixed by a new revision, so they are warnings.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use percent_encoding::percent_decode_str;
use pulldown_cmark::{Event, LinkType, Tag};

use crate::diagnostic::{Diagnostic, Lines};
use crate::model::{Document, DocumentEntry};
use crate::urls::path;

/// A link of a document's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: String,
    /// In the containing file.
    pub line: usize,
}

/// The Markdown links and images of a document, in order.
pub fn links(doc: &Document) -> Vec<Link> {
    let mut lines = Lines::new(&doc.body);
    let mut out = Vec::new();
    for (event, range) in crate::markdown::parse(&doc.body) {
        let target = match event {
            Event::Start(Tag::Link {
                link_type, dest_url, ..
            }) if link_type != LinkType::Email => dest_url,
            Event::Start(Tag::Image { dest_url, .. }) => dest_url,
            _ => continue,
        };
        out.push(Link {
            target: target.to_string(),
            line: doc.body_line + lines.at(range.start) - 1,
        });
    }
    out
}

/// One text's links and the page that shows it.
struct Source {
    path: PathBuf,
    /// The site path of the page that shows the text. Not checked when it
    /// was not written (a revision to be published after the build date).
    page: String,
    links: Vec<Link>,
    /// Published, so only warned about.
    published: bool,
}

/// What a check gathers while it renders; see the module's comment.
#[derive(Default)]
pub struct Links {
    sources: Mutex<Vec<Source>>,
    /// Every file written, with the ids of its elements for HTML pages.
    written: Mutex<HashMap<String, Vec<String>>>,
}

impl Links {
    /// Records the links of a document's working copy and of each revision
    /// whose text differs from it.
    pub fn document(&self, doc: &DocumentEntry) {
        let mut found = Vec::new();
        if let Some(working) = &doc.working {
            // Not the document's page: that shows the revision in effect,
            // which may be an older one.
            let page = match doc.latest().filter(|_| !doc.has_draft()) {
                Some(latest) => path::revision(&doc.id, &latest.id.to_string()),
                None => path::draft(&doc.id),
            };
            found.push(Source {
                path: doc.path.clone(),
                page,
                links: links(working),
                published: false,
            });
        }
        for rev in doc.revisions.iter().filter(|r| r.sha256 != doc.working_sha256) {
            found.push(Source {
                path: rev.path.clone(),
                page: path::revision(&doc.id, &rev.id.to_string()),
                links: links(&rev.document),
                published: true,
            });
        }
        if let Ok(mut sources) = self.sources.lock() {
            sources.extend(found);
        }
    }

    /// Records a written file (`rel`, relative to the output folder) and,
    /// for a page, the ids of its elements.
    pub fn page(&self, rel: &str, bytes: &[u8]) {
        let ids = if rel.ends_with(".html") { ids(bytes) } else { Vec::new() };
        if let Ok(mut written) = self.written.lock() {
            written.insert(rel.to_string(), ids);
        }
    }

    /// Every broken link found; `base_url` is the site's, whose path
    /// root-relative links must start with to be links into the site.
    pub fn check(self, base_url: &str) -> Vec<Diagnostic> {
        let (sources, written) = match (self.sources.into_inner(), self.written.into_inner()) {
            (Ok(s), Ok(w)) => (s, w),
            _ => return Vec::new(),
        };
        let site = Site {
            written: &written,
            // Checked when the settings were loaded.
            base: crate::base_url::parse(base_url).map_or_else(|_| "/".to_string(), |b| b.path().to_string()),
        };
        let mut out = Vec::new();
        // A broken link in a published revision usually stays for many
        // revisions after: it is reported once, at the oldest, with a count
        // of the later ones, so a long history does not bury the errors.
        let mut repeats: HashMap<(&std::path::Path, &str), (usize, usize)> = HashMap::new();
        for source in &sources {
            let page = &source.page;
            if !written.contains_key(&path::file(page)) {
                continue;
            }
            for link in &source.links {
                let Some(problem) = site.broken(page, &link.target) else {
                    continue;
                };
                if !source.published {
                    out.push(Diagnostic::error(&source.path, Some(link.line), problem));
                    continue;
                }
                let folder = source.path.parent().unwrap_or(&source.path);
                if let Some((_, later)) = repeats.get_mut(&(folder, link.target.as_str())) {
                    *later += 1;
                    continue;
                }
                repeats.insert((folder, link.target.as_str()), (out.len(), 0));
                out.push(Diagnostic::warning(&source.path, Some(link.line), problem));
            }
        }
        for (at, later) in repeats.into_values() {
            let d = &mut out[at];
            let also = match later {
                0 => String::new(),
                1 => ", and in 1 later revision".to_string(),
                n => format!(", and in {n} later revisions"),
            };
            d.message = format!(
                "{} (in this published revision{also}, which cannot change: fix it in the next one)",
                d.message
            );
        }
        out
    }
}

/// The pages written, to resolve links against.
struct Site<'a> {
    written: &'a HashMap<String, Vec<String>>,
    /// The path of the base URL, decoded, as `/` or `/legal/`.
    base: String,
}

impl Site<'_> {
    /// What is wrong with a link from page `page` (a site path) to
    /// `target`, if it is broken.
    fn broken(&self, page: &str, target: &str) -> Option<String> {
        if has_scheme(target) || target.starts_with("//") {
            return None;
        }
        let (rest, fragment) = match target.split_once('#') {
            Some((rest, f)) => (rest, Some(decode(f))),
            None => (target, None),
        };
        let rest = rest.split(['?']).next().unwrap_or_default();
        let shown = |p: &str| format!("{}{p}", self.base);
        let target_page = if rest.is_empty() {
            page.to_string()
        } else if let Some(absolute) = rest.strip_prefix('/') {
            // A path of the same host outside the site: not ours to judge.
            decode(&format!("/{absolute}"))
                .strip_prefix(&self.base)
                .map(str::to_string)?
        } else {
            match join(page, &decode(rest)) {
                Some(p) => p,
                None => {
                    return Some(format!(
                        "the link `{target}` leads above the site's root from {}: link from the root instead, \
                         as in `/{}`",
                        shown(page),
                        rest.trim_start_matches("../")
                    ));
                }
            }
        };
        let Some((file, ids)) = self.file(&target_page) else {
            return Some(format!(
                "the link `{target}` leads to {}, which is not a page of this site{}: link to a page the site \
                 has (a document is at `/<id>/`, a revision at `/<id>/revisions/<date>/`), or write the full \
                 address with https:// for another site",
                shown(&target_page),
                if rest.starts_with('/') || rest.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (a relative link, read from {}: the same text shows on several pages, so link from the \
                         site's root instead, as in `/<id>/`)",
                        shown(page)
                    )
                },
            ));
        };
        let fragment = fragment.filter(|f| !f.is_empty() && file.ends_with(".html"))?;
        if ids.contains(&fragment) {
            return None;
        }
        let here = target_page == page;
        Some(format!(
            "the link `{target}` points at the id `{fragment}`, but no element of {} has it: use the id of \
             one of its articles or sections (their `{{#id}}`, or the one made from the heading's title)",
            if here {
                "this page".to_string()
            } else {
                shown(&target_page)
            }
        ))
    }

    /// The file a site path is served from, and its ids: a page's folder
    /// serves its `index.html`, as every static host does.
    fn file(&self, site_path: &str) -> Option<(&str, &[String])> {
        let folder = format!("{}/", site_path.trim_end_matches('/'));
        let candidates = [site_path.to_string(), path::file(&folder)];
        let name = candidates
            .into_iter()
            .map(|c| c.trim_start_matches('/').to_string())
            .find(|c| !c.is_empty() && !c.ends_with('/') && self.written.contains_key(c))?;
        self.written
            .get_key_value(&name)
            .map(|(k, ids)| (k.as_str(), ids.as_slice()))
    }
}

/// `page` (a site path such as `privacy/`) joined with a relative path, `..`
/// and `.` resolved; None when it climbs above the root.
fn join(page: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = page.split('/').filter(|p| !p.is_empty()).collect();
    let trailing = rel.ends_with('/') || rel.ends_with("/.") || rel.ends_with("/..") || rel == "." || rel == "..";
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if trailing && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}

/// `scheme:` at the start, as in `https:` or `mailto:`.
fn has_scheme(target: &str) -> bool {
    let Some(colon) = target.find(':') else {
        return false;
    };
    let scheme = &target[..colon];
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
}

/// `%20` and the like decoded; anything malformed is kept as it is, and a
/// text that does not decode to UTF-8 is kept whole.
fn decode(s: &str) -> String {
    percent_decode_str(s)
        .decode_utf8()
        .map_or_else(|_| s.to_string(), |d| d.into_owned())
}

/// The values of the `id` and `name` attributes of an HTML page: what a
/// `#fragment` can point at.
fn ids(html: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in [&b" id=\""[..], &b" name=\""[..]] {
        for at in memchr::memmem::find_iter(html, attr) {
            let start = at + attr.len();
            if let Some(len) = memchr::memchr(b'"', &html[start..]) {
                let value = String::from_utf8_lossy(&html[start..start + len]);
                out.push(value.replace("&amp;", "&"));
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(pages: &[(&str, &[&str])]) -> HashMap<String, Vec<String>> {
        pages
            .iter()
            .map(|(p, ids)| (p.to_string(), ids.iter().map(|s| s.to_string()).collect()))
            .collect()
    }

    #[test]
    fn links_resolve_against_written_pages_and_their_ids() {
        let written = site(&[
            ("privacy/index.html", &["cookies", "fn-1"]),
            ("terms/index.html", &["liability"]),
            ("privacy/revisions/2020-01-01/index.html", &["old"]),
            ("style.css", &[]),
        ]);
        let s = Site {
            written: &written,
            base: "/".to_string(),
        };
        let ok = |target: &str| s.broken("privacy/", target).is_none();
        for good in [
            "#cookies",
            "#",
            "/terms/",
            "/terms",
            "/terms/#liability",
            "../terms/#liability",
            "/privacy/revisions/2020-01-01/#old",
            "revisions/2020-01-01/",
            "/style.css",
            "https://example.com/#nowhere",
            "mailto:dpo@example.com",
            "?x=1#cookies",
        ] {
            assert!(ok(good), "{good}: {:?}", s.broken("privacy/", good));
        }
        for bad in [
            "#cookie",
            "/privy/",
            "/terms/#nowhere",
            "terms/",
            "../../x/",
            "/privacy/revisions/2021-01-01/",
        ] {
            assert!(!ok(bad), "{bad}");
        }
        assert!(s.broken("privacy/", "#cookie").is_some_and(|m| m.contains("this page")));
    }

    #[test]
    fn a_site_under_a_path_judges_only_its_own_links() {
        let written = site(&[("privacy/index.html", &[])]);
        let under = |base: &str| Site {
            written: &written,
            base: crate::base_url::parse(base).unwrap().path().to_string(),
        };
        let s = under("https://example.com/legal");
        assert!(s.broken("privacy/", "/legal/privacy/").is_none());
        assert!(s.broken("privacy/", "/contact/").is_none());
        assert!(s.broken("privacy/", "/legal/terms/").is_some());
        // A path with other letters matches however either side spells them.
        for base in ["https://example.com/légal/", "https://example.com/l%C3%A9gal"] {
            let s = under(base);
            for link in ["/légal/privacy/", "/l%C3%A9gal/privacy/"] {
                assert!(s.broken("privacy/", link).is_none(), "{base} {link}");
            }
            assert!(s.broken("privacy/", "/l%C3%A9gal/terms/").is_some(), "{base}");
        }
    }

    #[test]
    fn ids_of_a_page() {
        let html = br#"<h2 id="a">A</h2><a name="b"></a><p class="x" id="c&amp;d">"#;
        assert_eq!(ids(html), ["a", "b", "c&d"]);
    }
}
