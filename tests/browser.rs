//! Every page type in a real browser: the example site (with an unpublished
//! edit holding a long URL and a wide code block, built with `--drafts`) and
//! a generated long history are loaded in headless Chromium by
//! `tests/browser/check.js`, which asserts that axe-core finds no WCAG 2.2
//! A/AA or best-practice violation, that no page scrolls sideways at 320, 390
//! and 1280 px, that pages read without JavaScript, that print hides the
//! navigation and shows the comparison line and the page's address, and that
//! a side-by-side table is two columns at 1280 px and one at 320 and 390 px.
//!
//! A second test opens a page of `charter serve` and saves an edit: the page
//! must reload by itself and show it.
//!
//! Needs `node`, Chromium and the npm packages of `tests/browser/`. The
//! packages are installed (`npm ci`, from the committed lock file) when they
//! are missing; when node or Chromium is, the test fails and says how to
//! install it: it never passes without having looked.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Site, repo};

/// The address the sites are built for; check.js answers it from the output
/// folder, so no port is opened.
const BASE: &str = "http://charter.test";

/// What to install, said once for every missing piece.
const INSTALL: &str = "the browser tests need node, Chromium and the npm packages of tests/browser: \
                       `apt-get install -y chromium nodejs npm` (as root), then \
                       `npm ci --prefix tests/browser` from the repository root";

#[test]
fn every_page_type_reads_well_in_chromium() {
    let chromium = chromium();
    let browser_dir = repo().join("tests/browser");
    install_packages(&browser_dir);
    assert!(
        browser_dir.join("node_modules/playwright-core").is_dir() && browser_dir.join("node_modules/axe-core").is_dir(),
        "{} is missing: {INSTALL}",
        browser_dir.join("node_modules").display()
    );

    let example = example_site();
    let corpus = corpus_site();
    let plan = serde_json::json!({
        "chromium": chromium,
        "sites": [example.1, corpus.1],
    });
    let plan_file = corpus.0.outside().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).expect("write the plan");

    let out = Command::new("node")
        .arg(browser_dir.join("check.js"))
        .arg(&plan_file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): {INSTALL}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "pages fail in Chromium:\n{stdout}{stderr}");
    assert!(stdout.contains("pages checked"), "{stdout}{stderr}");
}

/// `charter serve` on the example with an unpublished edit: the draft page
/// is opened in Chromium, the working copy is saved with another edit, and
/// the open page must reload by itself and show it (`tests/browser/reload.js`).
#[test]
fn serve_reloads_the_open_page_when_a_file_is_saved() {
    let chromium = chromium();
    let browser_dir = repo().join("tests/browser");
    install_packages(&browser_dir);
    let site = Site::example();
    site.edit("content/privacy.md", |text| {
        format!("{text}\nOur support desk answers every request within two working days.\n")
    });
    let server = Serving::start(&site);
    let plan = serde_json::json!({
        "chromium": chromium,
        "url": format!("{}privacy/draft/", server.url),
        "file": site.path("content/privacy.md"),
        "from": "within two working days",
        "to": "within one working day",
    });
    let plan_file = site.outside().join("reload.json");
    std::fs::write(&plan_file, plan.to_string()).expect("write the plan");
    let out = Command::new("node")
        .arg(browser_dir.join("reload.js"))
        .arg(&plan_file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node ({e}): {INSTALL}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "live reload fails in Chromium:\n{stdout}{stderr}");
    assert!(
        stdout.contains("the page reloaded and shows the edit"),
        "{stdout}{stderr}"
    );
}

/// A running `charter serve --port 0`, stopped when dropped.
struct Serving {
    child: std::process::Child,
    /// `http://127.0.0.1:PORT/`.
    url: String,
}

impl Serving {
    fn start(site: &Site) -> Serving {
        use std::io::BufRead;
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("charter"))
            .arg("serve")
            .arg("--root")
            .arg(site.root())
            .args(["--port", "0"])
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start charter serve");
        let mut out = std::io::BufReader::new(child.stdout.take().expect("stdout"));
        let mut line = String::new();
        out.read_line(&mut line).expect("read charter serve's first line");
        // The rest of its output is read and dropped, so that it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let url = line
            .strip_prefix("Serving ")
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("no `Serving <url>` line but {line:?}"))
            .to_string();
        let url = if url.ends_with('/') { url } else { format!("{url}/") };
        Serving { child, url }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `npm ci` in `tests/browser/` when its packages are not there yet, so that
/// `cargo test` alone sets up what it needs, as the README promises.
fn install_packages(dir: &Path) {
    if dir.join("node_modules/playwright-core").is_dir() && dir.join("node_modules/axe-core").is_dir() {
        return;
    }
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--prefix"])
        .arg(dir)
        .output()
        .unwrap_or_else(|e| panic!("cannot run npm ({e}): {INSTALL}"));
    assert!(
        out.status.success(),
        "npm ci --prefix tests/browser failed: {INSTALL}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The Chromium to drive: `CHROMIUM` if set, else the first one installed.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM").map(PathBuf::from) {
        assert!(
            path.exists(),
            "CHROMIUM is {}, which does not exist: {INSTALL}",
            path.display()
        );
        return path;
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
    .unwrap_or_else(|| panic!("no Chromium found (set CHROMIUM to its path): {INSTALL}"))
}

/// One page to check: its path, and whether it has a "Comparing … with …" line.
fn page(path: &str, comparing: bool) -> serde_json::Value {
    serde_json::json!({ "path": path, "comparing": comparing })
}

fn site_plan(out: &Path, pages: Vec<serde_json::Value>) -> serde_json::Value {
    serde_json::json!({ "dir": out, "base_url": BASE, "pages": pages })
}

/// The example site, with an edit to its privacy policy that makes a draft:
/// a table cell and a link's target changed, a long URL, and a code block with a line far wider
/// than a phone.
fn example_site() -> (Site, serde_json::Value) {
    let site = Site::example();
    site.edit("content/privacy.md", |text| {
        // A table cell edited, for a table diff shown as a table.
        let text = text.replace("| 30 days after your last visit |", "| 60 days after your last visit |");
        // A link's target changed, for a link diff shown as a link.
        let text = text.replace(
            "https://tallyhouse.example/opt-out",
            "https://tallyhouse.example/choices",
        );
        format!(
            "{text}\nThe addresses of our forms, such as \
             https://inkwell.example/account/settings/privacy/requests/disclosure-request-form-for-registered-users, \
             never change.\n\n```\n{}\n```\n",
            "request_type=disclosure&account=".repeat(12)
        )
    });
    // Its current revision asks users to accept it again: the document page
    // and the revision's changes page say so.
    site.edit_unpublished("history/privacy/2021-03-01.md", |text| {
        text.replacen("summary = ", "consent = \"required\"\nsummary = ", 1)
    });
    let out = site.outside().join("example-out");
    site.build_ok(&["--drafts", "--base-url", BASE, "--output", out.to_str().unwrap()]);
    let pages = vec![
        page("/", false),
        page("/privacy/", false),
        page("/privacy/revisions/", false),
        // The date form: 1 January 2019 is in the period of the revision of 25 May 2018.
        serde_json::json!({ "path": "/privacy/in-force/", "comparing": false,
            "date_form": { "date": "2019-01-01", "goes_to": "/privacy/revisions/2018-05-25/", "before": "2017-05-31" } }),
        page("/privacy/revisions/2019-04-18/", false),
        page("/privacy/revisions/2017-06-01/changes/", false),
        page("/privacy/revisions/2021-03-01/changes/", true),
        page("/privacy/revisions/2021-03-01/changes/side-by-side/", true),
        page("/privacy/revisions/2018-05-25/to-current/", true),
        page("/privacy/revisions/2018-05-25/to-current/side-by-side/", true),
        // An article's history: changed, then renumbered; and one added later.
        page("/privacy/articles/cookie-policy/", false),
        page("/privacy/articles/outsourcing/", false),
        page("/privacy/draft/", false),
        page("/privacy/draft/changes/", true),
        page("/privacy/draft/changes/side-by-side/", true),
        page("/terms/", false),
        page("/announcements/", false),
        page("/404.html", false),
    ];
    (site, site_plan(&out, pages))
}

/// A generated site of two documents with 30 revisions each
/// (`examples/corpus`), for long lists, long diffs and several pages of
/// announcements.
fn corpus_site() -> (Site, serde_json::Value) {
    let site = Site::empty();
    let run = Command::new(env!("CARGO"))
        .current_dir(repo())
        .args(["run", "-q", "--example", "corpus", "--", "--out"])
        .arg(site.root())
        .args(["--documents", "2", "--revisions", "30", "--words", "800"])
        .output()
        .expect("run cargo");
    assert!(
        run.status.success(),
        "the corpus example failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = site.outside().join("corpus-out");
    site.build_ok(&["--base-url", BASE, "--output", out.to_str().unwrap()]);
    let mut ids: Vec<String> = std::fs::read_dir(site.path("history/privacy"))
        .expect("the corpus has a privacy policy")
        .map(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".md")
                .to_string()
        })
        .collect();
    ids.sort();
    let (first, middle, last) = (&ids[0], &ids[ids.len() / 2], &ids[ids.len() - 1]);
    // The history of the article with the most versions: the longest such page.
    let article = std::fs::read_dir(out.join("privacy/articles"))
        .expect("the corpus has article histories")
        .map(|e| e.unwrap().path())
        .max_by_key(|p| {
            (
                std::fs::read_to_string(p.join("index.html")).map_or(0, |t| t.len()),
                p.clone(),
            )
        })
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .expect("an article history");
    let pages = vec![
        page("/", false),
        page("/privacy/", false),
        page("/privacy/revisions/", false),
        page("/privacy/in-force/", false),
        page(&format!("/privacy/revisions/{first}/"), false),
        page(&format!("/privacy/revisions/{middle}/"), false),
        page(&format!("/privacy/revisions/{last}/"), false),
        page(&format!("/privacy/revisions/{first}/changes/"), false),
        page(&format!("/privacy/revisions/{middle}/changes/"), true),
        page(&format!("/privacy/revisions/{middle}/changes/side-by-side/"), true),
        page(&format!("/privacy/revisions/{first}/to-current/"), true),
        page(&format!("/privacy/revisions/{first}/to-current/side-by-side/"), true),
        page(&format!("/privacy/articles/{article}/"), false),
        page("/announcements/", false),
        page("/announcements/page/2/", false),
    ];
    (site, site_plan(&out, pages))
}
