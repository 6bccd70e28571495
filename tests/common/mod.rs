//! Shared helpers for charter's integration tests: sites in temporary folders,
//! running the built binary, reading its output with a real HTML parser.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use scraper::{ElementRef, Html, Selector};
use sha2::{Digest, Sha256};
use tempfile::TempDir;

/// The build date every test uses, so that output never depends on today.
pub const DATE: &str = "2026-11-29";

/// `YYYY-MM-DD` as the built-in theme shows it to people: "1 March 2021".
pub fn long_date(iso: &str) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let (year, rest) = iso.split_once('-').expect("a date");
    let (month, day) = rest.split_once('-').expect("a date");
    let month = MONTHS[month.parse::<usize>().expect("a month") - 1];
    format!("{} {month} {year}", day.parse::<u32>().expect("a day"))
}

/// `base_url` of the example site.
pub const EXAMPLE_BASE: &str = "https://policies.inkwell.example";

/// `base_url` of the generated minimal site.
pub const MINI_BASE: &str = "https://mini.example";

/// The repository root, where the example site lives.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

// ---------------------------------------------------------------------------
// Sites

/// A site in a temporary folder: `<tmp>/site/` is the root, so that tests can
/// also look beside it (`<tmp>/`) for output folders and leftovers.
pub struct Site {
    tmp: TempDir,
    root: PathBuf,
}

impl Site {
    /// An empty site folder.
    pub fn empty() -> Site {
        let tmp = tempfile::tempdir().expect("create a temporary folder");
        let root = tmp.path().join("site");
        fs::create_dir(&root).unwrap();
        Site { tmp, root }
    }

    /// A copy of the example site at the repository root: site.toml, content/
    /// and history/, but not themes/, so that the built-in theme is used.
    pub fn example() -> Site {
        let site = Site::empty();
        let repo = repo();
        fs::copy(repo.join("site.toml"), site.path("site.toml")).unwrap();
        copy_dir(&repo.join("content"), &site.path("content"));
        copy_dir(&repo.join("history"), &site.path("history"));
        site
    }

    /// A small valid site: one document, `doc`, with three published
    /// revisions (2020-01-01, 2020-06-01, 2021-01-01 effective 2021-02-01).
    pub fn minimal() -> Site {
        let site = Site::empty();
        site.write("site.toml", &format!("title = \"Mini\"\nbase_url = \"{MINI_BASE}\"\n"));
        site.publish("doc", &Publish::new("2020-01-01", "First version", MINI_V1));
        site.publish(
            "doc",
            &Publish::new("2020-06-01", "Longer second article", MINI_V2).change("second", None, "we explained more"),
        );
        site.publish(
            "doc",
            &Publish::new("2021-01-01", "Added a third article", MINI_V3)
                .effective("2021-02-01")
                .change("third", None, "we added this article")
                .change("first", Some("sub"), "we reworded the subsection"),
        );
        site
    }

    /// The site's root folder (passed as `--root`).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the root: a place outside the site.
    pub fn outside(&self) -> &Path {
        self.tmp.path()
    }

    /// A file of the site.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    /// A file's path as charter names it in messages for `--root <root>`.
    pub fn shown(&self, rel: &str) -> String {
        self.path(rel).display().to_string()
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    /// Rewrites a file; panics if `edit` changed nothing, so that a test never
    /// silently tests the unbroken site.
    pub fn edit(&self, rel: &str, edit: impl FnOnce(&str) -> String) {
        let before = self.read(rel);
        let after = edit(&before);
        assert_ne!(before, after, "the edit of {rel} changed nothing");
        self.write(rel, &after);
    }

    /// Edits a revision file that is not published yet (its record, before
    /// its first commit), and records it anew in `history/.log`, as
    /// `charter record` does for a revision not yet committed.
    pub fn edit_unpublished(&self, rel: &str, edit: impl FnOnce(&str) -> String) {
        self.edit(rel, edit);
        let parts: Vec<&str> = rel.trim_end_matches(".md").split('/').collect();
        let [_, doc, rev] = parts[..] else {
            panic!("{rel} is not a revision file")
        };
        let prefix = format!("{doc} {rev} ");
        let sha = sha256_hex(&self.read(rel));
        let log: String = self
            .read("history/.log")
            .lines()
            .map(|l| match l.starts_with(&prefix) {
                true => format!("{} {sha}\n", &l[..l.len() - 65]),
                false => format!("{l}\n"),
            })
            .collect();
        self.write("history/.log", &log);
    }

    pub fn remove(&self, rel: &str) {
        let path = self.path(rel);
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
    }

    pub fn rename(&self, from: &str, to: &str) {
        fs::rename(self.path(from), self.path(to)).unwrap();
    }

    /// Publishes a revision of `doc` the way a user would: writes
    /// `history/<doc>/<date>.md` chained to the latest revision, and makes
    /// `content/<doc>.md` the published text.
    pub fn publish(&self, doc: &str, p: &Publish) {
        let history = self.path(&format!("history/{doc}"));
        let previous = latest_file(&history).map(|f| sha256_hex(revision_body(&read(&f))));
        let text = p.file_text(previous.as_deref());
        self.write(&format!("history/{doc}/{}.md", p.date), &text);
        self.write(&format!("content/{doc}.md"), p.body);
        // As `charter revise` does, the new revision is recorded in the log.
        let leaf = format!(
            "{doc} {} {} {} {}\n",
            p.date,
            p.date,
            p.effective.unwrap_or(p.date),
            sha256_hex(&text)
        );
        let log = self.path("history/.log");
        let before = fs::read_to_string(&log).unwrap_or_default();
        fs::write(log, before + &leaf).unwrap();
    }

    // -- running charter ----------------------------------------------------

    /// `charter <subcommand> --root <root>`.
    pub fn command(&self, subcommand: &str) -> Command {
        let mut cmd = Command::cargo_bin("charter").expect("the charter binary");
        cmd.arg(subcommand).arg("--root").arg(&self.root);
        cmd
    }

    /// `charter build --root <root> --date 2026-11-29 <args>` (`--date` in
    /// `args` wins).
    pub fn build(&self, args: &[&str]) -> Run {
        let mut cmd = self.command("build");
        if !args.contains(&"--date") {
            cmd.args(["--date", DATE]);
        }
        cmd.args(args);
        Run::of(&mut cmd)
    }

    /// A build that must succeed.
    pub fn build_ok(&self, args: &[&str]) -> Run {
        let run = self.build(args);
        run.assert_success();
        run
    }

    /// `charter check --root <root>`.
    pub fn check(&self) -> Run {
        Run::of(&mut self.command("check"))
    }

    /// The default output folder, `<root>/public`.
    pub fn public(&self) -> Output {
        self.output_at(self.path("public"))
    }

    /// An output folder built with site.toml's `base_url`.
    pub fn output_at(&self, dir: PathBuf) -> Output {
        let config: toml::Table = self.read("site.toml").parse().expect("site.toml parses");
        let base = config["base_url"].as_str().expect("base_url is a string");
        Output::new(dir, base)
    }
}

/// A revision to publish with [`Site::publish`].
pub struct Publish<'a> {
    pub date: &'a str,
    pub effective: Option<&'a str>,
    pub summary: &'a str,
    /// `(article, section, note)`.
    pub changes: Vec<(&'a str, Option<&'a str>, &'a str)>,
    /// The whole document file: its own front matter and text.
    pub body: &'a str,
}

impl<'a> Publish<'a> {
    pub fn new(date: &'a str, summary: &'a str, body: &'a str) -> Publish<'a> {
        Publish {
            date,
            effective: None,
            summary,
            changes: Vec::new(),
            body,
        }
    }

    pub fn effective(mut self, date: &'a str) -> Self {
        self.effective = Some(date);
        self
    }

    pub fn change(mut self, article: &'a str, section: Option<&'a str>, note: &'a str) -> Self {
        self.changes.push((article, section, note));
        self
    }

    /// The revision file: its record, then the body.
    pub fn file_text(&self, previous: Option<&str>) -> String {
        let mut s = String::from("+++\n");
        s += &format!("date = {}\n", self.date);
        if let Some(e) = self.effective {
            s += &format!("effective = {e}\n");
        }
        s += &format!("summary = {}\n", toml_string(self.summary));
        s += &format!("sha256 = \"{}\"\n", sha256_hex(self.body));
        if let Some(p) = previous {
            s += &format!("previous = \"{p}\"\n");
        }
        for (article, section, note) in &self.changes {
            s += &format!("\n[[changes]]\narticle = {}\n", toml_string(article));
            if let Some(section) = section {
                s += &format!("section = {}\n", toml_string(section));
            }
            s += &format!("note = {}\n", toml_string(note));
        }
        s += "+++\n";
        s += self.body;
        s
    }
}

/// The minimal site's document, as first published.
pub const MINI_V1: &str = "+++
title = \"Doc\"
+++
Intro.

## First {#first}

Text of the first article.

### Sub {#sub}

A subsection.

## Second {#second}

Short.
";

/// The second revision: a longer second article.
pub const MINI_V2: &str = "+++
title = \"Doc\"
+++
Intro.

## First {#first}

Text of the first article.

### Sub {#sub}

A subsection.

## Second {#second}

Longer now, with an explanation.
";

/// The third revision: a third article, a reworded subsection.
pub const MINI_V3: &str = "+++
title = \"Doc\"
+++
Intro.

## First {#first}

Text of the first article.

### Sub {#sub}

A reworded subsection.

## Second {#second}

Longer now, with an explanation.

## Third {#third}

New.
";

/// A TOML basic string holding `s`.
pub fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

/// SHA-256 in lowercase hex, computed independently of charter.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A revision file's body: everything after the `+++` line closing its record.
pub fn revision_body(text: &str) -> &str {
    let mut seen = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        pos += line.len();
        if line == "+++\n" {
            seen += 1;
            if seen == 2 {
                return &text[pos..];
            }
        }
    }
    panic!("no revision record in:\n{text}")
}

/// The 1-based number of the first line of `text` that starts with `start`.
pub fn line_no(text: &str, start: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starting with {start:?} in:\n{text}"))
        + 1
}

fn latest_file(dir: &Path) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .ok()?
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    files.pop()
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file and folder under `dir`, relative to it: folders map to `None`,
/// files to their bytes. Two equal trees are byte-identical.
pub fn tree(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    fn walk(dir: &Path, rel: &str, out: &mut BTreeMap<String, Option<Vec<u8>>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = if rel.is_empty() { name } else { format!("{rel}/{name}") };
            if entry.file_type().unwrap().is_dir() {
                out.insert(rel.clone(), None);
                walk(&entry.path(), &rel, out);
            } else {
                out.insert(rel, Some(fs::read(entry.path()).unwrap()));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

/// Asserts two trees are equal, naming the first difference instead of
/// printing megabytes of bytes.
pub fn assert_same_tree(
    left: &BTreeMap<String, Option<Vec<u8>>>,
    right: &BTreeMap<String, Option<Vec<u8>>>,
    what: &str,
) {
    let lk: Vec<_> = left.keys().collect();
    let rk: Vec<_> = right.keys().collect();
    if lk != rk {
        let only_left: Vec<_> = lk.iter().filter(|k| !right.contains_key(**k)).collect();
        let only_right: Vec<_> = rk.iter().filter(|k| !left.contains_key(**k)).collect();
        panic!("{what}: files differ; only before: {only_left:?}; only after: {only_right:?}");
    }
    for (k, v) in left {
        assert!(right[k] == *v, "{what}: {k} differs");
    }
}

/// Names in `dir` that a build's staging would leave behind.
pub fn staging_leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".building-") || n.starts_with(".old-output-"))
        .collect()
}

// ---------------------------------------------------------------------------
// Running charter

/// What one run of charter did.
#[derive(Debug)]
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn of(cmd: &mut Command) -> Run {
        let out = cmd.output().expect("run charter");
        let run = Run {
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        };
        assert!(!run.stderr.contains("panicked"), "charter panicked:\n{}", run.stderr);
        run
    }

    pub fn assert_success(&self) {
        assert_eq!(self.code, Some(0), "charter failed:\n{}", self.stderr);
    }

    pub fn assert_failure(&self) {
        assert_eq!(self.code, Some(1), "charter should exit with 1:\n{}", self.stderr);
    }

    /// The diagnostic whose first line starts with `prefix`, with any
    /// continuation lines; `None` when there is none.
    pub fn diagnostic(&self, prefix: &str) -> Option<String> {
        let lines: Vec<&str> = self.stderr.lines().collect();
        let start = lines.iter().position(|l| l.starts_with(prefix))?;
        let mut text = lines[start].to_string();
        for l in &lines[start + 1..] {
            if l.starts_with('/') || l.starts_with("error:") || l.starts_with("note:") {
                break;
            }
            text.push('\n');
            text.push_str(l);
        }
        Some(text)
    }
}

// ---------------------------------------------------------------------------
// Output

/// A built site's output folder.
pub struct Output {
    pub dir: PathBuf,
    /// The base URL the site was built for, without a trailing slash.
    pub base: String,
}

impl Output {
    pub fn new(dir: PathBuf, base: &str) -> Output {
        Output {
            dir,
            base: base.trim_end_matches('/').to_string(),
        }
    }

    /// The file serving a site path: `/privacy/` is `privacy/index.html`.
    pub fn file(&self, site_path: &str) -> PathBuf {
        let rel = site_path.trim_start_matches('/');
        if rel.is_empty() || rel.ends_with('/') {
            self.dir.join(format!("{rel}index.html"))
        } else {
            self.dir.join(rel)
        }
    }

    pub fn exists(&self, site_path: &str) -> bool {
        self.file(site_path).is_file()
    }

    pub fn text(&self, site_path: &str) -> String {
        read(&self.file(site_path))
    }

    /// The page at a site path, parsed.
    pub fn page(&self, site_path: &str) -> Html {
        Html::parse_document(&self.text(site_path))
    }

    /// The absolute URL of a site path.
    pub fn url(&self, site_path: &str) -> String {
        format!("{}{site_path}", self.base)
    }

    /// Every generated file, relative to the output, with `/` separators.
    pub fn files(&self) -> Vec<String> {
        tree(&self.dir)
            .into_iter()
            .filter(|(_, v)| v.is_some())
            .map(|(k, _)| k)
            .collect()
    }

    /// Every generated HTML file, relative to the output.
    pub fn html_files(&self) -> Vec<String> {
        self.files().into_iter().filter(|f| f.ends_with(".html")).collect()
    }

    /// Every internal link of every page that does not lead to a generated
    /// file or to an existing element, as `page: href (why)`.
    /// Returns the problems and how many internal links were checked.
    pub fn broken_links(&self) -> (Vec<String>, usize) {
        let mut problems = Vec::new();
        let mut checked = 0;
        let links = sel("a[href], link[href]");
        for file in self.html_files() {
            let page = Html::parse_document(&read(&self.dir.join(&file)));
            let own_ids = ids(&page);
            for a in page.select(&links) {
                let href = a.attr("href").unwrap();
                if let Some(frag) = href.strip_prefix('#') {
                    checked += 1;
                    if !own_ids.contains(frag) {
                        problems.push(format!("{file}: {href} (no such id on the page)"));
                    }
                    continue;
                }
                let Some(rest) = href.strip_prefix(&self.base) else {
                    continue;
                };
                checked += 1;
                if !(rest.is_empty() || rest.starts_with('/')) {
                    problems.push(format!("{file}: {href} (not under the base URL)"));
                    continue;
                }
                let (path, frag) = match rest.split_once('#') {
                    Some((p, f)) => (p, Some(f)),
                    None => (rest, None),
                };
                let target = self.file(path);
                if !target.is_file() {
                    problems.push(format!("{file}: {href} (no file {})", target.display()));
                    continue;
                }
                if let Some(frag) = frag {
                    let target_page = Html::parse_document(&read(&target));
                    if !ids(&target_page).contains(frag) {
                        problems.push(format!("{file}: {href} (no id `{frag}` there)"));
                    }
                }
            }
        }
        (problems, checked)
    }
}

// ---------------------------------------------------------------------------
// HTML

pub fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"))
}

/// Every element matching `css`.
pub fn all<'a>(page: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    page.select(&sel(css)).collect()
}

/// The one element matching `css`; panics if there is none or several.
pub fn one<'a>(page: &'a Html, css: &str) -> ElementRef<'a> {
    let found = all(page, css);
    assert_eq!(found.len(), 1, "expected exactly one `{css}`, found {}", found.len());
    found[0]
}

/// The elements matching `css` inside `el`.
pub fn within<'a>(el: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    el.select(&sel(css)).collect()
}

/// An element's text with runs of whitespace collapsed to one space.
pub fn text(el: ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The whole text of a page's `<main>`.
pub fn main_text(page: &Html) -> String {
    text(one(page, "main"))
}

/// Every `id` on a page.
pub fn ids(page: &Html) -> HashSet<String> {
    page.select(&sel("[id]"))
        .map(|e| e.attr("id").unwrap().to_string())
        .collect()
}

/// The element with this id, if any.
pub fn by_id<'a>(page: &'a Html, id: &str) -> Option<ElementRef<'a>> {
    page.select(&sel("[id]")).find(|e| e.attr("id") == Some(id))
}

/// A heading's section: the text of the heading and of its following
/// siblings, up to the next heading of the same or a higher level.
pub fn section_text(heading: ElementRef<'_>) -> String {
    let level = heading_level(heading.value().name()).expect("a heading");
    let mut out = text(heading);
    for node in heading.next_siblings() {
        if let Some(el) = ElementRef::wrap(node) {
            if heading_level(el.value().name()).is_some_and(|l| l <= level) {
                break;
            }
            out.push(' ');
            out.push_str(&text(el));
        }
    }
    out
}

fn heading_level(name: &str) -> Option<u8> {
    match name {
        "h1" => Some(1),
        "h2" => Some(2),
        "h3" => Some(3),
        "h4" => Some(4),
        "h5" => Some(5),
        "h6" => Some(6),
        _ => None,
    }
}

/// The `<link rel="canonical">` of a page.
pub fn canonical(page: &Html) -> String {
    one(page, "link[rel=canonical]").attr("href").unwrap().to_string()
}

// ---------------------------------------------------------------------------
// XML

/// Checks that `xml` is well-formed as far as a sitemap needs: an XML
/// declaration, tags that nest and close, one root element, no stray `&`.
/// A deliberately small checker, since no XML parser is a dependency.
pub fn assert_well_formed_xml(xml: &str) {
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .expect("starts with an XML declaration");
    let mut stack: Vec<String> = Vec::new();
    let mut roots = 0;
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let close = rest[open..].find('>').expect("a tag is closed with >") + open;
        let tag = &rest[open + 1..close];
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name.trim(), "</{name}> closes <{top}>");
        } else if !tag.starts_with('?') && !tag.starts_with('!') {
            let name = tag.split_whitespace().next().expect("a tag name");
            if stack.is_empty() {
                roots += 1;
            }
            if !tag.ends_with('/') {
                stack.push(name.to_string());
            }
        }
        rest = &rest[close + 1..];
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed elements: {stack:?}");
    assert_eq!(roots, 1, "an XML document has one root element");

    fn check_text(t: &str) {
        for (i, _) in t.match_indices('&') {
            let entity = &t[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "a bare & in XML text: {t:?}"
            );
        }
    }
}

/// 2020-01-01T00:00:00Z, where the git histories of the import tests start.
pub const HISTORY_START: i64 = 1_577_836_800;

/// Commits `files` (path, Some(text) to write, None to delete) to `repo`,
/// `at` seconds after [`HISTORY_START`], by a committer `offset` minutes
/// from UTC. Returns the commit's id.
pub fn git_commit(
    repo: &git2::Repository,
    files: &[(&str, Option<&str>)],
    message: &str,
    at: i64,
    offset: i32,
) -> String {
    let workdir = repo.workdir().unwrap().to_path_buf();
    let mut index = repo.index().unwrap();
    for (path, text) in files {
        match text {
            Some(t) => {
                fs::create_dir_all(workdir.join(path).parent().unwrap()).unwrap();
                fs::write(workdir.join(path), t).unwrap();
                index.add_path(Path::new(path)).unwrap();
            }
            None => {
                fs::remove_file(workdir.join(path)).unwrap();
                index.remove_path(Path::new(path)).unwrap();
            }
        }
    }
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let time = git2::Time::new(HISTORY_START + at, offset);
    let sig = git2::Signature::new("Legal", "legal@example.com", &time).unwrap();
    let parent = repo.head().ok().and_then(|h| h.peel_to_commit().ok());
    let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
    repo.commit(Some("HEAD"), &sig, &sig, message, &tree, &parents)
        .unwrap()
        .to_string()
}

/// The revision files of `doc` in `history/`, sorted.
pub fn history_names(site: &Site, doc: &str) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.path(&format!("history/{doc}")))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}
