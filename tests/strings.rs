//! The site's words come from the theme's strings: a site that replaces
//! every key sees no built-in English word on any page or feed; one key
//! replaced changes that word only; a bad strings file is an error with
//! its file and line.

mod common;

use std::collections::BTreeSet;

use common::*;

const EN: &str = include_str!("../themes/default/strings/en.toml");
/// What every word is replaced by; no English word holds it.
const MARK: &str = "Ꙩ";

/// Every key of the built-in table with its value: (`group.key`, value).
fn builtin() -> Vec<(String, String)> {
    let table: toml::Table = EN.parse().expect("en.toml parses");
    let mut out = Vec::new();
    for (group, keys) in &table {
        for (key, value) in keys.as_table().expect("a group") {
            // A plural value: its `other` form, which has every placeholder.
            let value = value.as_str().or_else(|| value.get("other").and_then(|v| v.as_str()));
            out.push((
                format!("{group}.{key}"),
                value.expect("a string or a plural").to_string(),
            ));
        }
    }
    out
}

/// The `{name}` placeholders of a value.
fn placeholders(value: &str) -> Vec<&str> {
    value
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

/// A strings file that replaces every key by the mark and its placeholders.
fn marked() -> String {
    let mut groups: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (key, value) in builtin() {
        let (group, name) = key.split_once('.').unwrap();
        let args: Vec<String> = placeholders(&value).iter().map(|p| format!("{{{p}}}")).collect();
        let line = format!("{name} = {}", toml_string(&format!("{MARK} {}", args.join(" "))));
        groups.entry(group.to_string()).or_default().push(line);
    }
    groups
        .into_iter()
        .map(|(g, lines)| format!("[{g}]\n{}\n", lines.join("\n")))
        .collect()
}

/// The words of `text`, lowercase kept, one space between, padded.
fn words(text: &str) -> String {
    let w: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    format!(" {} ", w.join(" "))
}

/// The English phrases of en.toml: each value's text between placeholders.
fn english() -> BTreeSet<String> {
    builtin()
        .iter()
        .flat_map(|(_, v)| {
            let mut text = v.clone();
            for p in placeholders(v) {
                text = text.replace(&format!("{{{p}}}"), "\u{0}");
            }
            text.split('\u{0}').map(words).collect::<Vec<_>>()
        })
        .filter(|w| w.trim().len() >= 2)
        .collect()
}

/// A site written in made-up words, so that any English on its pages comes
/// from charter: every kind of change, an upcoming revision, a draft, two
/// pages of announcements.
fn site() -> Site {
    let site = Site::empty();
    site.write(
        "site.toml",
        &format!("title = \"Situs\"\nbase_url = \"{MINI_BASE}\"\n[announcements]\nper_page = 2\n"),
    );
    let para = "Kuvo tarsa meliun dorapa vesti quanor lumeba sintra pogal vexima dorun.";
    let v1 = format!(
        "+++\ntitle = \"Lexa\"\n+++\nPrimo vexa.\n\n## Zeta {{#zeta}}\n\nZeta manet.\n\n## Alfa {{#alfa}}\n\n{para}\n\nAlfa vetus.\n\n\
         ## Beta {{#beta}}\n\nBeta manet.\n\n## Delta {{#delta}}\n\nDelta abit.\n\n## Gamma {{#gamma}}\n\nGamma manet.\n"
    );
    let v2 = format!(
        "+++\ntitle = \"Lexa Nova\"\n+++\nPrimo nova.\n\n## Zeta {{#zeta}}\n\nZeta manet.\n\n## Alfa Nova {{#alfa}}\n\nAlfa novus.\n\n\
         ## Beta {{#beta}}\n\nBeta manet.\n\n{para}\n\n## Gamma {{#gamma}}\n\nGamma manet.\n\n## Epsilon {{#epsilon}}\n\nEpsilon venit.\n\n### Sub {{#sub}}\n\nSubter.\n"
    );
    let v3 = v2.replace("Epsilon venit.", "Epsilon mutat.");
    // A document that numbers its articles itself keeps its numbering.
    site.publish(
        "alia",
        &Publish::new(
            "2020-01-01",
            "Prima",
            "+++\ntitle = \"Alia\"\nnumbering = \"§{n}\"\n+++\n## Una {#una}\n\nUna.\n",
        ),
    );
    site.publish("lexa", &Publish::new("2020-01-01", "Prima", &v1));
    site.publish(
        "lexa",
        &Publish::new("2020-06-01", "Secunda", &v2)
            .change("alfa", None, "mutavimus")
            .change("beta", None, "movimus")
            .change("epsilon", Some("sub"), "addidimus"),
    );
    site.publish(
        "lexa",
        &Publish::new("2026-01-01", "Tertia", &v3)
            .effective("2027-01-01")
            .change("epsilon", None, "mutavimus"),
    );
    // It asks users to accept it again: its words are on the pages and in the feeds too.
    site.edit_unpublished("history/lexa/2026-01-01.md", |t| {
        t.replacen("summary = ", "consent = \"required\"\nsummary = ", 1)
    });
    site.write("content/lexa.md", &v3.replace("Gamma manet.", "Gamma draftum."));
    site
}

/// Every text a reader meets in a page: its text and the attributes read aloud or shown.
fn reader_text(page: &scraper::Html) -> String {
    let mut out: Vec<String> = page.root_element().text().map(str::to_string).collect();
    for el in page.root_element().descendants().filter_map(scraper::ElementRef::wrap) {
        for attr in ["aria-label", "title", "content", "alt"] {
            if let Some(v) = el.value().attr(attr) {
                out.push(v.to_string());
            }
        }
    }
    out.join("\n")
}

fn assert_no_english(what: &str, text: &str, english: &BTreeSet<String>) {
    // Addresses are not words: they hold `revisions`, `changes`…
    let text: Vec<&str> = text.split_whitespace().filter(|w| !w.starts_with("http")).collect();
    let text = words(&text.join(" "));
    for phrase in english {
        assert!(
            !text.contains(phrase.as_str()),
            "{what} still says `{}`:\n{text}",
            phrase.trim()
        );
    }
}

#[test]
fn a_theme_that_replaces_every_word_leaves_no_english_on_any_page() {
    let site = site();
    site.write("themes/default/strings/en.toml", &marked());
    site.build_ok(&["--drafts"]);
    let out = site.public();
    let english = english();
    let pages = out.html_files();
    for kind in [
        "index.html",
        "404.html",
        "announcements/index.html",
        "announcements/page/2/index.html",
        "lexa/index.html",
        "lexa/draft/index.html",
        "lexa/revisions/index.html",
        "lexa/revisions/2020-06-01/index.html",
        "lexa/revisions/2020-06-01/changes/index.html",
        "lexa/revisions/2020-06-01/changes/side-by-side/index.html",
        "lexa/revisions/2020-01-01/to-current/index.html",
        "lexa/revisions/2020-01-01/to-current/side-by-side/index.html",
        "lexa/draft/changes/index.html",
        "lexa/draft/changes/side-by-side/index.html",
    ] {
        assert!(pages.iter().any(|p| p == kind), "{kind} was not built: {pages:?}");
    }
    for p in &pages {
        let page = scraper::Html::parse_document(&std::fs::read_to_string(out.dir.join(p)).unwrap());
        let text = reader_text(&page);
        assert!(text.contains(MARK), "{p} shows none of the theme's words");
        let title = text_of(&page, "title");
        // The home page and a document's page are titled by the site and the document alone.
        assert!(
            title.contains(MARK) || ["index.html", "lexa/index.html", "alia/index.html"].contains(&p.as_str()),
            "{p}: title {title}"
        );
        assert_no_english(p, &text, &english);
    }
    // Articles are numbered by the words, unless their document says otherwise.
    let lexa = out.page("lexa/");
    assert!(all(&lexa, ".article-number").iter().all(|e| text(*e).starts_with(MARK)));
    let alia = out.page("alia/");
    assert!(all(&alia, ".article-number").iter().all(|e| text(*e) == "§1"));
    // The diff's own labels.
    let changes = out.page("lexa/revisions/2020-06-01/changes/");
    for css in [
        ".diff-status",
        ".diff-note",
        ".diff-overview li",
        ".diff-title-change",
        "del .visually-hidden",
    ] {
        let found = all(&changes, css);
        assert!(!found.is_empty(), "no {css}");
        assert!(found.iter().all(|e| text(*e).contains(MARK)), "{css}");
    }
    let side = out.page("lexa/revisions/2020-06-01/changes/side-by-side/");
    assert!(text_of(&side, "caption").contains(MARK));
    assert!(all(&side, "th").iter().all(|e| text(*e).contains(MARK)));

    for feed in ["atom.xml", "feed.json", "lexa/atom.xml"] {
        let parsed = feed_rs::parser::parse(out.text(feed).as_bytes()).unwrap_or_else(|e| panic!("{feed}: {e}"));
        let title = parsed.title.expect("a title").content;
        assert!(title.contains(MARK), "{feed}: {title}");
        assert!(!parsed.entries.is_empty(), "{feed}");
        for e in &parsed.entries {
            let body = e.content.as_ref().and_then(|c| c.body.clone()).expect("content");
            assert!(body.contains(MARK), "{feed}: {body}");
            assert_no_english(
                feed,
                &scraper::Html::parse_fragment(&body)
                    .root_element()
                    .text()
                    .collect::<String>(),
                &english,
            );
        }
    }
    let json: serde_json::Value = serde_json::from_str(&out.text("feed.json")).unwrap();
    for item in json["items"].as_array().unwrap() {
        let text = item["content_text"].as_str().unwrap();
        assert!(text.contains(MARK), "{text}");
        assert_no_english("feed.json content_text", text, &english);
    }
    for page in ["index.html", "lexa/index.html"] {
        let page = out.page(page);
        let feeds: Vec<_> = all(&page, "link[rel=alternate]");
        assert!(!feeds.is_empty());
        assert!(feeds.iter().all(|l| l.value().attr("title").unwrap().contains(MARK)));
    }
}

#[test]
fn charter_diff_as_html_uses_the_themes_words() {
    let site = site();
    site.write("themes/default/strings/en.toml", &marked());
    let run = Run::of(
        site.command("diff")
            .args(["lexa", "2020-01-01", "2020-06-01", "--format", "html"]),
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let fragment = scraper::Html::parse_fragment(&run.stdout);
    let statuses = all(&fragment, ".diff-status");
    assert!(!statuses.is_empty(), "{}", run.stdout);
    assert!(statuses.iter().all(|e| text(*e).contains(MARK)), "{}", run.stdout);
    let text: String = fragment.root_element().text().collect();
    assert_no_english("charter diff --format html", &text, &english());
}

fn text_of(page: &scraper::Html, css: &str) -> String {
    text(one(page, css))
}

#[test]
fn one_key_replaced_changes_that_word_only() {
    let site = Site::example();
    let (before, after) = (site.path("before"), site.path("after"));
    site.build_ok(&["--output", before.to_str().unwrap()]);
    site.write(
        "themes/default/strings/en.toml",
        "[revisions]\nsince = \"Cambios desde\"\n",
    );
    site.build_ok(&["--output", after.to_str().unwrap()]);
    let (before, after) = (tree(&before), tree(&after));
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>());
    let mut changed = 0;
    for (path, bytes) in &after {
        let (Some(a), Some(b)) = (bytes, &before[path]) else {
            continue;
        };
        let a = String::from_utf8_lossy(a);
        if a.contains("Cambios desde") {
            changed += 1;
        }
        assert_eq!(
            a.replace(">Cambios desde</a>", ">Changes since</a>"),
            String::from_utf8_lossy(b),
            "{path}"
        );
    }
    assert_eq!(changed, 2, "the two revisions pages, and no other");
}

#[test]
fn a_site_writes_dates_in_its_own_order_and_words() {
    let site = Site::example();
    site.write(
        "themes/default/strings/en.toml",
        "[date]\nlong = \"{month} {day}, {year}\"\nmarch = \"Mar.\"\n",
    );
    site.build_ok(&[]);
    let out = site.public();
    let page = out.page("/privacy/");
    assert_eq!(
        text_of(&page, "#revision-info .revision-dates"),
        "Published Mar. 1, 2021, effective Mar. 15, 2021"
    );
    let times: Vec<_> = all(&page, "#revision-info time")
        .iter()
        .map(|t| t.attr("datetime").unwrap().to_string())
        .collect();
    assert_eq!(times, ["2021-03-01", "2021-03-15"], "machines still read ISO dates");
    let changes = out.page("/privacy/revisions/2021-03-01/changes/");
    assert_eq!(
        text_of(&changes, "title"),
        "What changed on Mar. 1, 2021: Privacy Policy · Inkwell policies"
    );
}

fn check_with(strings: &str) -> Run {
    let site = Site::minimal();
    site.write("themes/default/strings/en.toml", strings);
    let run = site.check();
    run.assert_failure();
    let shown = site.shown("themes/default/strings/en.toml");
    Run {
        stderr: run.stderr.replace(&shown, "STRINGS"),
        ..run
    }
}

#[test]
fn an_unknown_key_names_its_file_and_line() {
    let run = check_with("[revisions]\npublished = \"P\"\npublishd = \"P\"\n");
    let d = run.diagnostic("STRINGS:3").unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(d.contains("`revisions.publishd` is not a key"), "{d}");
    assert!(d.contains("en.toml"), "says where the keys are: {d}");
}

#[test]
fn a_value_of_the_wrong_type_names_its_file_and_line() {
    let run = check_with("[title]\n\nnot_found = 404\n");
    let d = run.diagnostic("STRINGS:3").unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(d.contains("`title.not_found`") && d.contains("not a string"), "{d}");
    let run = check_with("[title]\nnot_found = { one = \"a\", other = \"b\" }\n");
    let d = run.diagnostic("STRINGS:2").unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(d.contains("not shown with a count"), "{d}");
}

#[test]
fn an_unknown_placeholder_names_its_file_and_line() {
    let run = check_with("# words\n[title]\nrevisions = \"Revisions of {document}\"\n");
    let d = run.diagnostic("STRINGS:3").unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(
        d.contains("`{document}` is not a placeholder of `title.revisions`: it has {title}"),
        "{d}"
    );
}

#[test]
fn a_site_in_another_language_without_words_is_warned_once_and_built_in_english() {
    let site = Site::minimal();
    site.edit("site.toml", |t| format!("language = \"fr-CA\"\n{t}"));
    let run = site.build_ok(&[]);
    assert_eq!(run.stderr.matches("no words in it").count(), 1, "once: {}", run.stderr);
    assert!(run.stderr.contains("`fr-CA`"), "{}", run.stderr);
    let file = site.shown("themes/default/strings/fr-CA.toml");
    assert!(run.stderr.contains(&file), "names the file to add: {}", run.stderr);
    let check = site.check();
    assert!(check.stderr.contains("fr-CA"), "check warns too: {}", check.stderr);
    assert!(site.public().text("doc/revisions/").contains(">Changes since</a>"));

    // The primary subtag's file covers the language.
    site.write(
        "themes/default/strings/fr.toml",
        "[revisions]\nsince = \"Modifié depuis\"\n",
    );
    let run = site.build_ok(&[]);
    assert!(!run.stderr.contains("fr-CA"), "{}", run.stderr);
    assert!(site.public().text("doc/revisions/").contains(">Modifié depuis</a>"));
}
