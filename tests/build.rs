//! `charter build` on the example site and small variations of it: the pages
//! a reader sees, links, dates, drafts, output handling and HTML safety.

mod common;

use common::*;
use scraper::Html;

/// The example's privacy revisions, newest first:
/// `(id, published, effective, summary)`, as in history/privacy/*.md.
const PRIVACY_REVISIONS: [(&str, &str, &str, &str); 4] = [
    (
        "2021-03-01",
        "2021-03-01",
        "2021-03-15",
        "Added an article on outsourcing and updated how we manage personal information",
    ),
    (
        "2019-04-18",
        "2019-04-18",
        "2019-04-18",
        "Updated the 'Performance cookies' section to cover reCAPTCHA",
    ),
    (
        "2018-05-25",
        "2018-05-25",
        "2018-05-25",
        "Expanded your rights over your personal information and added a purpose of use for legal obligations",
    ),
    ("2017-06-01", "2017-06-01", "2017-06-01", "First published version"),
];

const TERMS_REVISIONS: [&str; 2] = ["2018-01-10", "2020-09-01"];

/// The example site, built into `<root>/public` for the standard date.
fn built_example() -> (Site, Output) {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    (site, out)
}

fn href(el: scraper::ElementRef<'_>) -> String {
    el.attr("href").expect("an href").to_string()
}

// ---------------------------------------------------------------------------
// Pages

#[test]
fn builds_every_page_of_the_example_site() {
    let (_site, out) = built_example();
    let mut expected = vec![
        "/index.html".to_string(),
        "/sitemap.xml".into(),
        "/404.html".into(),
        "/robots.txt".into(),
        "/style.css".into(),
    ];
    for (doc, revs) in [
        ("privacy", PRIVACY_REVISIONS.map(|r| r.0).to_vec()),
        ("terms", TERMS_REVISIONS.to_vec()),
    ] {
        expected.push(format!("/{doc}/index.html"));
        expected.push(format!("/{doc}/revisions/index.html"));
        for rev in revs {
            expected.push(format!("/{doc}/revisions/{rev}/index.html"));
        }
    }
    // Every revision file of the example has a page.
    for doc in ["privacy", "terms"] {
        for entry in std::fs::read_dir(repo().join("history").join(doc)).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            let rev = name.strip_suffix(".md").unwrap();
            let page = format!("/{doc}/revisions/{rev}/index.html");
            assert!(expected.contains(&page), "{page} missing from the test's list");
        }
    }
    let mut missing: Vec<_> = expected.iter().filter(|p| !out.exists(p)).collect();
    missing.sort();
    assert!(missing.is_empty(), "pages not built: {missing:?}");

    let robots = out.text("/robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == format!("Sitemap: {EXAMPLE_BASE}/sitemap.xml")),
        "robots.txt names the sitemap:\n{robots}"
    );
}

#[test]
fn privacy_page_has_language_one_title_and_a_working_skip_link() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/");
    assert_eq!(one(&page, "html").attr("lang"), Some("en"));
    assert_eq!(text(one(&page, "h1")), "Privacy Policy");
    let skip = all(&page, "a[href='#main-content']");
    assert!(!skip.is_empty(), "a skip link to #main-content");
    let main = one(&page, "main");
    assert_eq!(main.attr("id"), Some("main-content"));
    assert_eq!(canonical(&page), format!("{EXAMPLE_BASE}/privacy/"));
}

#[test]
fn privacy_articles_are_numbered_in_order_with_unique_ids() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/");
    let articles = all(&page, ".document-body h2");
    assert_eq!(articles.len(), 14, "the privacy policy has 14 articles");
    let mut seen = std::collections::HashSet::new();
    for (i, h2) in articles.iter().enumerate() {
        let id = h2.attr("id").expect("every article heading has an id");
        assert!(seen.insert(id.to_string()), "duplicate article id {id}");
        let number = within(*h2, ".article-number");
        assert_eq!(number.len(), 1, "article {id} shows its number");
        assert_eq!(text(number[0]), format!("Article {}", i + 1));
    }
    // Ids are unique across the whole page, not only among articles.
    let all_ids: Vec<_> = all(&page, "[id]").iter().map(|e| e.attr("id").unwrap()).collect();
    let unique: std::collections::HashSet<_> = all_ids.iter().collect();
    assert_eq!(unique.len(), all_ids.len(), "ids are unique on the page");
}

#[test]
fn table_of_contents_links_point_at_headings() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/");
    let links = all(&page, "#toc a");
    assert!(links.len() >= 14, "the table of contents lists the articles");
    for a in links {
        let href = href(a);
        let id = href.strip_prefix('#').expect("a TOC link is a fragment");
        let target = by_id(&page, id).unwrap_or_else(|| panic!("TOC link {href} leads nowhere"));
        assert!(
            matches!(target.value().name(), "h2" | "h3"),
            "TOC link {href} leads to a heading"
        );
    }
    let seventh = all(&page, "#toc > ol > li > a")[6];
    assert_eq!(text(seventh), "Article 7 Outsourcing");
}

#[test]
fn revision_information_shows_the_current_revision_and_its_main_changes() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/");
    let info = one(&page, "#revision-info");
    let dates = within(info, ".revision-dates");
    assert_eq!(text(dates[0]), "Published 1 March 2021, effective 15 March 2021");
    assert_eq!(text(within(info, ".revision-summary")[0]), PRIVACY_REVISIONS[0].3);

    let changes: Vec<_> = within(info, "ul.changes > li");
    let texts: Vec<_> = changes.iter().map(|li| text(*li)).collect();
    assert_eq!(
        texts,
        [
            "In Article 6 “Managing personal information”, we added staff training and security \
             incident notification, and moved the text on outsourcing to its own article",
            "In Article 7 “Outsourcing”, we added this new article on how we choose and supervise \
             the companies that handle personal information for us",
        ]
    );
    // Each links to what changed in its article, in the revision's changes page.
    for (li, id) in changes.iter().zip(["managing-information", "outsourcing"]) {
        let a = within(*li, "a");
        assert_eq!(
            href(a[0]),
            format!("{EXAMPLE_BASE}/privacy/revisions/2021-03-01/changes/#diff-{id}")
        );
        let target = by_id(&page, id).expect("the changed article is on the page");
        assert_eq!(target.value().name(), "h2");
    }

    let past: Vec<_> = within(info, "a")
        .into_iter()
        .filter(|a| text(*a) == "Past revisions")
        .collect();
    assert_eq!(past.len(), 1, "a link to Past revisions");
    assert_eq!(href(past[0]), format!("{EXAMPLE_BASE}/privacy/revisions/"));
}

#[test]
fn past_revisions_lists_every_revision_newest_first() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/");
    let items = all(&page, "ol.revisions > li");
    assert_eq!(items.len(), PRIVACY_REVISIONS.len());
    // One line each: the date, linked to the text as published, the
    // summary, and what changed.
    for (li, (id, date, _effective, summary)) in items.iter().zip(PRIVACY_REVISIONS) {
        let link = within(*li, "a.revision-date");
        assert_eq!(
            text(link[0]),
            long_date(date),
            "a revision is named by its date, for people"
        );
        assert_eq!(within(link[0], "time")[0].attr("datetime"), Some(date));
        let url = format!("{EXAMPLE_BASE}/privacy/revisions/{id}/");
        assert_eq!(href(link[0]), url);
        assert!(out.exists(&format!("/privacy/revisions/{id}/")));
        assert_eq!(text(within(*li, ".revision-summary")[0]), summary);
        let changes = format!("{EXAMPLE_BASE}/privacy/revisions/{id}/changes/");
        assert!(within(*li, "a").into_iter().any(|a| href(a) == changes));
    }
    // Only what is not simply past is badged.
    let badges: Vec<Vec<String>> = items
        .iter()
        .map(|li| within(*li, ".badge").into_iter().map(text).collect())
        .collect();
    assert_eq!(badges, [vec!["Current version".to_string()], vec![], vec![], vec![]]);
    let years: Vec<String> = all(&page, "main h2").into_iter().map(text).collect();
    assert_eq!(years, ["2021", "2019", "2018", "2017"], "a heading per year");
}

#[test]
fn archived_revision_says_it_is_not_current_and_when_it_was_in_effect() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2019-04-18/");
    let notice = one(&page, ".notice-archive");
    let said = text(notice);
    assert!(said.starts_with("In force from"), "{said}");
    let times: Vec<_> = within(notice, "time")
        .iter()
        .map(|t| t.attr("datetime").unwrap().to_string())
        .collect();
    assert_eq!(times, ["2019-04-18", "2021-03-15"], "in effect from … until …");
    assert!(said.contains("from 18 April 2019 to 15 March 2021"), "{said}");
    let links = within(notice, "a");
    assert_eq!(text(links[0]), "the revision of 1 March 2021", "what replaced it");
    assert_eq!(text(links[1]), "Read the current version");
    assert_eq!(href(links[1]), format!("{EXAMPLE_BASE}/privacy/"));
}

#[test]
fn archived_revision_links_to_the_previous_and_next_revisions() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2019-04-18/");
    let prev = all(&page, "a[rel=prev]");
    let next = all(&page, "a[rel=next]");
    assert!(!prev.is_empty() && !next.is_empty());
    for a in prev {
        assert_eq!(href(a), format!("{EXAMPLE_BASE}/privacy/revisions/2018-05-25/"));
        assert!(text(a).contains("25 May 2018"));
    }
    for a in next {
        assert_eq!(href(a), format!("{EXAMPLE_BASE}/privacy/revisions/2021-03-01/"));
        assert!(text(a).contains("1 March 2021"));
    }
}

#[test]
fn landmarks_of_an_archived_revision_have_different_names() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2019-04-18/");
    let names: Vec<_> = all(&page, "nav")
        .iter()
        .map(|n| n.attr("aria-label").expect("every nav is named").to_string())
        .collect();
    let unique: std::collections::BTreeSet<_> = names.iter().collect();
    assert_eq!(unique.len(), names.len(), "{names:?}");
    assert!(
        names.contains(&"Other revisions (after the text)".to_string()),
        "{names:?}"
    );
}

#[test]
fn first_revision_has_no_previous_link_and_last_no_next_link() {
    let (_site, out) = built_example();
    let first = out.page("/privacy/revisions/2017-06-01/");
    assert!(all(&first, "a[rel=prev]").is_empty());
    assert!(!all(&first, "a[rel=next]").is_empty());
    let last = out.page("/privacy/revisions/2021-03-01/");
    assert!(all(&last, "a[rel=next]").is_empty());
    assert!(!all(&last, "a[rel=prev]").is_empty());
}

#[test]
fn archived_revision_main_change_links_to_the_changed_section() {
    let (_site, out) = built_example();
    let page = out.page("/privacy/revisions/2019-04-18/");
    let changes = all(&page, ".revision-info ul.changes > li");
    assert_eq!(changes.len(), 1);
    assert_eq!(
        text(changes[0]),
        "In Article 10 “Cookie policy” › “Performance cookies”, we added reCAPTCHA to the \
         'Performance cookies' section"
    );
    let a = within(changes[0], "a")[0];
    assert_eq!(href(a), "#performance-cookies");
    let section = by_id(&page, "performance-cookies").expect("the section is on the page");
    assert_eq!(section.value().name(), "h3");
    assert!(section_text(section).contains("reCAPTCHA"));
    // The revision's own text: 13 articles, no Outsourcing yet.
    assert_eq!(all(&page, ".document-body h2").len(), 13);
}

#[test]
fn every_internal_link_resolves() {
    let (_site, out) = built_example();
    let (broken, checked) = out.broken_links();
    assert!(checked > 100, "only {checked} internal links found");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

// ---------------------------------------------------------------------------
// Dates and URLs

#[test]
fn an_earlier_build_date_shows_the_revision_then_in_effect() {
    let site = Site::example();
    site.build_ok(&["--date", "2021-03-05"]);
    let out = site.public();
    let page = out.page("/privacy/");
    let info = one(&page, "#revision-info");
    assert_eq!(
        text(within(info, ".revision-dates")[0]),
        "Published 18 April 2019, effective 18 April 2019",
        "the effective date is said also when it is the day of publication"
    );
    assert_eq!(all(&page, ".document-body h2").len(), 13);
    assert!(!main_text(&page).contains("Outsourcing"));
    assert!(text(one(&page, ".site-footer")).contains("built for 5 March 2021"));
}

#[test]
fn an_earlier_build_date_lists_the_later_revision_as_upcoming() {
    let site = Site::example();
    site.build_ok(&["--date", "2021-03-05"]);
    let out = site.public();
    let list = out.page("/privacy/revisions/");
    let upcoming = one(&list, "#revision-2021-03-01");
    assert!(upcoming.value().classes().any(|c| c == "status-upcoming"));
    assert_eq!(text(within(upcoming, ".badge")[0]), "Upcoming");
    assert_eq!(
        text(within(one(&list, "#revision-2019-04-18"), ".badge")[0]),
        "Current version"
    );

    let archived = out.page("/privacy/revisions/2021-03-01/");
    let notice = text(one(&archived, ".notice-archive"));
    assert!(
        notice.contains("Not yet in force") && notice.contains("15 March 2021"),
        "{notice}"
    );
}

#[test]
fn before_any_revision_is_published_nothing_of_the_document_is_built() {
    let site = Site::example();
    let run = site.build_ok(&["--date", "2017-01-01"]);
    let out = site.public();
    assert!(!out.exists("/privacy/") && !out.exists("/privacy/revisions/"));
    assert!(
        run.stderr.contains("history/privacy/2017-06-01.md") && run.stderr.contains("to be published on 2017-06-01"),
        "stderr says why:\n{}",
        run.stderr
    );
    let (broken, _) = out.broken_links();
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn before_the_first_revision_takes_effect_no_document_page_is_built_and_links_resolve() {
    let site = Site::empty();
    site.write("site.toml", &format!("title = \"Mini\"\nbase_url = \"{MINI_BASE}\"\n"));
    site.publish(
        "doc",
        &Publish::new("2020-01-01", "First version", MINI_V1).effective("2020-02-01"),
    );
    let run = site.build_ok(&["--date", "2020-01-15"]);
    let out = site.public();
    assert!(!out.exists("/doc/"), "no text of the document is in effect yet");
    assert!(out.exists("/doc/revisions/"));
    assert!(
        run.stderr.contains("content/doc.md"),
        "stderr says why the page is missing:\n{}",
        run.stderr
    );
    let notice = text(one(&out.page("/doc/revisions/2020-01-01/"), ".notice-archive"));
    assert!(notice.contains("Not yet in force"), "{notice}");
    let (broken, _) = out.broken_links();
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn base_url_option_changes_canonical_links() {
    let site = Site::example();
    let base = "https://other.example/legal";
    site.build_ok(&["--base-url", base]);
    let out = Output::new(site.path("public"), base);
    assert_eq!(canonical(&out.page("/privacy/")), format!("{base}/privacy/"));
    assert_eq!(canonical(&out.page("/")), format!("{base}/"));
    for file in out.html_files() {
        let page = out.page(&format!("/{file}"));
        let url = canonical(&page);
        assert!(url.starts_with(&format!("{base}/")), "{file}: {url}");
        for a in all(&page, "a[href], link[href]") {
            let h = href(a);
            assert!(
                !h.starts_with(EXAMPLE_BASE),
                "{file} still links to the site.toml base URL: {h}"
            );
        }
    }
    let (broken, checked) = out.broken_links();
    assert!(checked > 100);
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
    let sitemap = Html::parse_fragment(&out.text("/sitemap.xml"));
    for loc in sitemap.select(&sel("loc")) {
        assert!(text(loc).starts_with(&format!("{base}/")));
    }
}

// ---------------------------------------------------------------------------
// Sitemap

/// The `<loc>`s of a sitemap.
fn sitemap_locs(out: &Output) -> Vec<String> {
    let xml = out.text("/sitemap.xml");
    assert_well_formed_xml(&xml);
    let doc = Html::parse_fragment(&xml);
    let urlset = all(&doc, "urlset");
    assert_eq!(urlset.len(), 1);
    assert_eq!(
        urlset[0].attr("xmlns"),
        Some("http://www.sitemaps.org/schemas/sitemap/0.9")
    );
    let urls = all(&doc, "urlset > url");
    let locs: Vec<String> = all(&doc, "urlset > url > loc").into_iter().map(text).collect();
    assert_eq!(locs.len(), urls.len(), "every <url> has one <loc>");
    locs
}

/// The URL of every HTML page of an output, except 404.html and drafts.
fn public_page_urls(out: &Output) -> Vec<String> {
    let mut urls: Vec<String> = out
        .html_files()
        .into_iter()
        .filter(|f| f != "404.html" && !f.contains("/draft/"))
        .map(|f| out.url(&format!("/{}", f.strip_suffix("index.html").unwrap())))
        .collect();
    urls.sort();
    urls
}

#[test]
fn sitemap_is_well_formed_and_lists_every_page() {
    let (_site, out) = built_example();
    let mut locs = sitemap_locs(&out);
    locs.sort();
    assert_eq!(locs, public_page_urls(&out));
    assert!(locs.contains(&format!("{EXAMPLE_BASE}/privacy/revisions/2019-04-18/")));
}

#[test]
fn sitemap_lists_no_draft_pages() {
    let site = Site::example();
    site.edit("content/privacy.md", |t| {
        t.replace(
            "## Outsourcing {#outsourcing}\n",
            "## Outsourcing {#outsourcing}\n\nA draft sentence.\n",
        )
    });
    site.write("content/new.md", "+++\ntitle = \"New\"\n+++\n## One {#one}\n\nText.\n");
    site.build_ok(&["--drafts"]);
    let out = site.public();
    assert!(out.exists("/privacy/draft/"), "the draft was built");
    let mut locs = sitemap_locs(&out);
    locs.sort();
    assert!(
        locs.iter().all(|l| !l.contains("/draft/")),
        "drafts in the sitemap: {locs:?}"
    );
    assert_eq!(locs, public_page_urls(&out));
}

// ---------------------------------------------------------------------------
// Drafts

const DRAFT_SENTENCE: &str = "We now review every outsourcing contract once a year.";

fn example_with_privacy_draft() -> Site {
    let site = Site::example();
    site.edit("content/privacy.md", |t| {
        t.replace(
            "## Outsourcing {#outsourcing}\n",
            &format!("## Outsourcing {{#outsourcing}}\n\n{DRAFT_SENTENCE}\n"),
        )
    });
    site
}

#[test]
fn unpublished_edits_appear_nowhere_without_drafts() {
    let site = example_with_privacy_draft();
    site.build_ok(&[]);
    let out = site.public();
    assert!(!out.dir.join("privacy/draft").exists());
    for file in out.files() {
        let bytes = std::fs::read(out.dir.join(&file)).unwrap();
        let content = String::from_utf8_lossy(&bytes);
        assert!(
            !content.contains("review every outsourcing contract"),
            "{file} shows the unpublished edit"
        );
    }
    let page = out.page("/privacy/");
    assert!(by_id(&page, "draft-notice").is_none());
}

#[test]
fn drafts_flag_builds_a_marked_draft_page() {
    let site = example_with_privacy_draft();
    site.build_ok(&["--drafts"]);
    let out = site.public();
    assert!(out.exists("/privacy/draft/"));
    let draft = out.page("/privacy/draft/");
    assert!(by_id(&draft, "draft-notice").is_some(), "marked as a draft");
    assert_eq!(one(&draft, "meta[name=robots]").attr("content"), Some("noindex"));
    assert!(main_text(&draft).contains(DRAFT_SENTENCE));
    let outsourcing = by_id(&draft, "outsourcing").unwrap();
    assert!(section_text(outsourcing).contains(DRAFT_SENTENCE));
}

#[test]
fn drafts_flag_links_the_public_page_to_its_draft_and_keeps_it_unchanged() {
    let site = example_with_privacy_draft();
    site.build_ok(&["--drafts"]);
    let out = site.public();
    let public = out.page("/privacy/");
    let draft_url = format!("{EXAMPLE_BASE}/privacy/draft/");
    let links: Vec<_> = all(&public, "a")
        .into_iter()
        .filter(|a| a.attr("href") == Some(draft_url.as_str()))
        .collect();
    assert!(!links.is_empty(), "/privacy/ links to its draft");
    assert!(!main_text(&public).contains(DRAFT_SENTENCE));
    assert!(
        all(&public, "meta[name=robots]").is_empty(),
        "the public page is indexed"
    );
    let (broken, _) = out.broken_links();
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

const NEW_DOC: &str = "+++\ntitle = \"Cookie notice\"\n+++\n## Cookies we use {#cookies}\n\nOnly the ones we need.\n";

#[test]
fn document_without_history_is_not_built_and_stderr_says_so() {
    let site = Site::example();
    site.write("content/new.md", NEW_DOC);
    let run = site.build_ok(&[]);
    let out = site.public();
    assert!(!out.dir.join("new").exists());
    assert!(
        run.stderr.contains("content/new.md"),
        "stderr names the unpublished document:\n{}",
        run.stderr
    );
    assert!(!text(one(&out.page("/"), "main")).contains("Cookie notice"));
}

#[test]
fn document_without_history_is_built_as_a_draft_with_drafts_flag() {
    let site = Site::example();
    site.write("content/new.md", NEW_DOC);
    site.build_ok(&["--drafts"]);
    let out = site.public();
    assert!(out.exists("/new/draft/"));
    let page = out.page("/new/draft/");
    assert!(by_id(&page, "draft-notice").is_some());
    assert_eq!(one(&page, "meta[name=robots]").attr("content"), Some("noindex"));
    assert_eq!(text(one(&page, "h1")), "Cookie notice");
    assert!(main_text(&page).contains("Only the ones we need."));
    let (broken, _) = out.broken_links();
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

// ---------------------------------------------------------------------------
// Output folder

#[test]
fn builds_with_the_same_date_are_byte_identical() {
    let site = Site::example();
    let a = site.outside().join("a");
    let b = site.outside().join("b");
    site.build_ok(&["--output", a.to_str().unwrap()]);
    site.build_ok(&["--output", b.to_str().unwrap()]);
    let (ta, tb) = (tree(&a), tree(&b));
    assert!(ta.len() > 10);
    assert_same_tree(&ta, &tb, "two builds");
}

#[test]
fn rebuild_replaces_the_output_and_leaves_no_staging_folders() {
    let (site, out) = built_example();
    std::fs::write(out.dir.join("stale.html"), "left over").unwrap();
    site.build_ok(&[]);
    assert!(!out.dir.join("stale.html").exists(), "the output is replaced");
    assert!(out.exists("/privacy/"));
    assert_eq!(staging_leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn failed_build_leaves_the_previous_output_untouched() {
    let (site, out) = built_example();
    let before = tree(&out.dir);
    site.edit("history/privacy/2019-04-18.md", |t| {
        t.replace("reCAPTCHA collects", "reCAPTCHA gathers")
    });
    let run = site.build(&[]);
    run.assert_failure();
    assert!(run.stderr.contains(&site.shown("history/privacy/2019-04-18.md")));
    assert_same_tree(&before, &tree(&out.dir), "output after a failed build");
    assert_eq!(staging_leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn build_failing_while_rendering_leaves_the_previous_output_untouched() {
    let (site, out) = built_example();
    let before = tree(&out.dir);
    // Parses, but fails when rendered: the staging folder exists by then.
    site.write(
        "themes/default/templates/revisions.html",
        "{% extends \"base.html\" %}{% block main %}{{ no_such_variable.field }}{% endblock main %}\n",
    );
    let run = site.build(&[]);
    run.assert_failure();
    assert!(
        run.stderr
            .contains(&site.shown("themes/default/templates/revisions.html")),
        "stderr names the template:\n{}",
        run.stderr
    );
    assert_same_tree(&before, &tree(&out.dir), "output after a failed build");
    assert_eq!(staging_leftovers(site.root()), Vec::<String>::new());
}

#[test]
fn output_at_the_site_root_is_refused() {
    let site = Site::example();
    let before = tree(site.outside());
    let run = site.build(&["--output", site.root().to_str().unwrap()]);
    run.assert_failure();
    assert!(run.stderr.contains("--output"), "{}", run.stderr);
    assert_same_tree(&before, &tree(site.outside()), "the site");
}

#[test]
fn output_at_the_sites_parent_is_refused() {
    let site = Site::example();
    let before = tree(site.outside());
    let parent = site.root().join("..");
    let run = site.build(&["--output", parent.to_str().unwrap()]);
    run.assert_failure();
    let leftovers = staging_leftovers(site.root());
    assert!(
        run.stderr.contains("choose another --output") && leftovers.is_empty(),
        "`--output <site>/..` must be refused before building, with advice, and leave \
         nothing behind; stderr:\n{}\nleft in the site: {leftovers:?}",
        run.stderr
    );
    assert_same_tree(&before, &tree(site.outside()), "the site and its parent");
}

#[test]
fn output_inside_the_sites_own_files_is_refused() {
    // A build replaces its output entirely: any of these would destroy the
    // site's documents or its published history.
    let mut accepted = Vec::new();
    for target in ["content", "history", "history/privacy", "content/privacy.md"] {
        let site = Site::example();
        let before = tree(site.outside());
        let run = site.build(&["--output", site.path(target).to_str().unwrap()]);
        if run.code != Some(1) || tree(site.outside()) != before {
            accepted.push(format!(
                "--output {target}: exit code {:?}, site changed: {}",
                run.code,
                tree(site.outside()) != before
            ));
        }
    }
    assert!(
        accepted.is_empty(),
        "a build replaced part of the site itself:\n{}",
        accepted.join("\n")
    );
}

// ---------------------------------------------------------------------------
// check

#[test]
fn check_accepts_the_example_site() {
    let site = Site::example();
    let run = site.check();
    run.assert_success();
    assert!(run.stderr.contains("no problems"), "{}", run.stderr);
}

#[test]
fn check_writes_nothing() {
    let site = Site::example();
    let before = tree(site.outside());
    site.check().assert_success();
    assert_same_tree(&before, &tree(site.outside()), "the site after check");
    assert!(!site.path("public").exists());
}

// ---------------------------------------------------------------------------
// Themes

#[test]
fn site_without_themes_folder_uses_the_built_in_theme() {
    let (site, out) = built_example();
    assert!(!site.path("themes").exists());
    let css = std::fs::read(out.file("/style.css")).unwrap();
    let built_in = std::fs::read(repo().join("themes/default/static/style.css")).unwrap();
    assert_eq!(css, built_in);
    let page = out.page("/privacy/");
    assert_eq!(
        one(&page, "link[rel=stylesheet]").attr("href"),
        Some(format!("{EXAMPLE_BASE}/style.css").as_str())
    );
}

#[test]
fn overriding_one_template_changes_only_that_page() {
    let site = Site::example();
    site.write(
        "themes/default/templates/index.html",
        "{% extends \"base.html\" %}\n{% block main %}\n<h1 id=\"custom-home\">Custom home of {{ site.title }}</h1>\n{% endblock main %}\n",
    );
    site.build_ok(&[]);
    let out = site.public();
    let home = out.page("/");
    assert_eq!(
        text(by_id(&home, "custom-home").expect("the site's template is used")),
        "Custom home of Inkwell policies"
    );
    assert!(all(&home, ".document-card").is_empty());

    let privacy = out.page("/privacy/");
    assert!(by_id(&privacy, "custom-home").is_none());
    assert!(by_id(&privacy, "revision-info").is_some(), "built-in document.html");
    let not_found = out.page("/404.html");
    assert_eq!(text(one(&not_found, "h1")), "Page not found");
}

// ---------------------------------------------------------------------------
// HTML safety

/// A one-document site whose published text is `body` (after the document's
/// front matter), with `allow_html` as given.
fn site_with_text(body: &str, allow_html: bool) -> Site {
    let site = Site::empty();
    site.write(
        "site.toml",
        &format!("title = \"Mini\"\nbase_url = \"{MINI_BASE}\"\n\n[build]\nallow_html = {allow_html}\n"),
    );
    let doc = format!("+++\ntitle = \"Doc\"\n+++\n{body}");
    site.publish("doc", &Publish::new("2020-01-01", "First version", &doc));
    site
}

const RAW_HTML: &str = "Intro with <span id=\"x\">an inline span</span>.

## First {#first}

<script>alert(1)</script>

Text after the script.
";

fn assert_no_script_anywhere(out: &Output) {
    for file in out.html_files() {
        let page = out.page(&format!("/{file}"));
        // The theme's own script of the in-force page's date form is no content.
        let scripts = all(&page, "script:not([src$='/in-force.js'])");
        assert!(scripts.is_empty(), "{file} has a <script>");
        for el in all(&page, "*") {
            for (name, _) in el.value().attrs() {
                assert!(!name.starts_with("on"), "{file}: <{} {name}>", el.value().name());
            }
        }
    }
}

#[test]
fn allow_html_keeps_safe_html_and_removes_scripts() {
    let site = site_with_text(RAW_HTML, true);
    site.build_ok(&[]);
    let out = site.public();
    let page = out.page("/doc/");
    let span = by_id(&page, "x").expect("the span from the content is kept");
    assert_eq!(span.value().name(), "span");
    assert_eq!(text(span), "an inline span");
    assert!(all(&page, "script").is_empty());
    assert!(!main_text(&page).contains("alert(1)"));
    assert!(main_text(&page).contains("Text after the script."));
    assert_no_script_anywhere(&out);
}

#[test]
fn raw_html_is_shown_as_text_by_default() {
    let site = site_with_text(RAW_HTML, false);
    site.build_ok(&[]);
    let out = site.public();
    let page = out.page("/doc/");
    assert!(by_id(&page, "x").is_none(), "no element from the content");
    let main = main_text(&page);
    assert!(main.contains("<script>alert(1)</script>"), "{main}");
    assert!(main.contains("<span id=\"x\">an inline span</span>"), "{main}");
    assert_no_script_anywhere(&out);
}

#[test]
fn one_document_and_one_revision_are_counted_in_the_singular() {
    let site = site_with_text("## Scope {#scope}\n\nText.\n", false);
    let run = site.build_ok(&[]);
    let last = run.stderr.lines().last().unwrap_or_default();
    assert!(last.starts_with("built 1 document, 1 revision, "), "{}", run.stderr);
    let check = site.check();
    check.assert_success();
    assert!(
        check.stderr.contains("checked 1 document and 1 revision"),
        "{}",
        check.stderr
    );
}

/// A text that states the day it takes effect, and a record that says
/// another day the text's could have been: `check` warns at the text's line.
#[test]
fn a_stated_effective_date_that_differs_from_the_record_is_a_warning() {
    let body = |stated: &str| format!("## Scope {{#scope}}\n\nWe keep notes.\n\n**Effective date:** {stated}\n");
    let site = site_with_text(&body("1 January 2020"), false);
    let second = format!("+++\ntitle = \"Doc\"\n+++\n{}", body("15 March 2021"));
    site.publish("doc", &Publish::new("2021-03-01", "Notes", &second));
    let check = site.check();
    check.assert_success();
    let rel = "history/doc/2021-03-01.md";
    let line = line_no(&site.read(rel), "**Effective date:**");
    let warning = check
        .diagnostic(&format!("{}:{line}:", site.shown(rel)))
        .unwrap_or_else(|| panic!("a warning at the stated date's line: {}", check.stderr));
    assert!(
        warning.contains("2021-03-15") && warning.contains("effective = 2021-03-01"),
        "{warning}"
    );
    assert!(
        !check.stderr.contains("2020-01-01.md:"),
        "the first revision agrees: {}",
        check.stderr
    );

    // The record agrees with the text: no warning.
    let site = site_with_text(&body("1 January 2020"), false);
    site.publish(
        "doc",
        &Publish::new("2021-03-01", "Notes", &second).effective("2021-03-15"),
    );
    let check = site.check();
    check.assert_success();
    assert!(!check.stderr.contains("states"), "{}", check.stderr);

    // A text that names a day before its publication: history, not a mistake.
    let site = site_with_text(&body("1 January 2020"), false);
    let old = format!("+++\ntitle = \"Doc\"\n+++\n{}", body("1 February 2021"));
    site.publish("doc", &Publish::new("2021-03-01", "Notes", &old));
    assert!(!site.check().stderr.contains("states"));
}

#[test]
fn html_comments_reach_neither_the_page_nor_the_diff() {
    let first = "<!-- markdownlint-disable MD033 -->\n\n## Scope {#scope}\n\nWe keep notes.\n";
    let second = "<!-- markdownlint-disable MD033 -->\n\n## Scope {#scope}\n\n\
                  We keep <!-- TODO: ask the team\nabout retention --> short notes.\n\n\
                  <!-- draft:\nnew article below -->\n";
    for allow_html in [false, true] {
        let site = site_with_text(first, allow_html);
        let doc = format!("+++\ntitle = \"Doc\"\n+++\n{second}");
        site.publish("doc", &Publish::new("2021-01-01", "Shorter notes", &doc));
        site.build_ok(&[]);
        let out = site.public();
        for path in [
            "/doc/",
            "/doc/revisions/2021-01-01/",
            "/doc/revisions/2021-01-01/changes/",
            "/doc/revisions/2021-01-01/changes/side-by-side/",
        ] {
            let page = out.page(path);
            let main = main_text(&page);
            for word in ["markdownlint", "TODO", "retention", "draft:", "<!--", "-->"] {
                assert!(
                    !main.contains(word),
                    "allow_html = {allow_html}: {path} shows `{word}`: {main}"
                );
            }
        }
        let changes = main_text(&out.page("/doc/revisions/2021-01-01/changes/"));
        assert!(changes.contains("short"), "the word change is still shown: {changes}");
    }
}

#[test]
fn no_page_of_the_example_site_has_a_script() {
    let (_site, out) = built_example();
    assert_no_script_anywhere(&out);
}

#[test]
fn heading_attributes_cannot_add_event_handlers() {
    let site = site_with_text("## First {#first onclick=alert(1)}\n\nText.\n", false);
    site.build_ok(&[]);
    let out = site.public();
    let page = out.page("/doc/");
    let h2 = by_id(&page, "first").expect("the heading keeps its id");
    assert_eq!(h2.value().attr("onclick"), None);
    assert_no_script_anywhere(&out);
}

#[test]
fn javascript_links_are_neutralised() {
    for allow_html in [false, true] {
        let site = site_with_text(
            "## First {#first}\n\n[click me](javascript:alert(1)) [shout](JavaScript:alert(2)) \
             [data](data:text/html,hi) [fine](https://ok.example/page)\n",
            allow_html,
        );
        site.build_ok(&[]);
        let page = site.public().page("/doc/");
        let body = one(&page, ".document-body");
        for a in within(body, "a") {
            let h = a.attr("href").unwrap_or("").trim().to_ascii_lowercase();
            assert!(
                !h.starts_with("javascript:") && !h.starts_with("data:"),
                "allow_html = {allow_html}: link `{}` kept href {h}",
                text(a)
            );
        }
        let fine: Vec<_> = within(body, "a").into_iter().filter(|a| text(*a) == "fine").collect();
        assert_eq!(fine[0].attr("href"), Some("https://ok.example/page"));
    }
}

#[test]
fn titles_summaries_and_notes_are_escaped() {
    let site_title = "Mini <b>&</b> \"Co\" 'Ltd'";
    let doc_title = "Terms & <Conditions> \"quoted\"";
    let description = "Rules <i>for</i> you & \"them\"";
    let summary = "Fixed <b>typos</b> & \"quotes\" in 'places'";
    let note = "we <script>alert(1)</script> changed the 'first' & more";

    let site = Site::empty();
    site.write(
        "site.toml",
        &format!("title = {}\nbase_url = \"{MINI_BASE}\"\n", toml_string(site_title)),
    );
    let v1 = format!(
        "+++\ntitle = {}\ndescription = {}\n+++\n## Fees & \"charges\" {{#first}}\n\nText.\n",
        toml_string(doc_title),
        toml_string(description)
    );
    let v2 = format!("{v1}\nMore text.\n");
    site.publish("doc", &Publish::new("2020-01-01", "First", &v1));
    site.publish(
        "doc",
        &Publish::new("2020-02-01", summary, &v2).change("first", None, note),
    );
    site.build_ok(&[]);
    let out = site.public();

    let page = out.page("/doc/");
    assert_eq!(text(one(&page, "title")), format!("{doc_title} · {site_title}"));
    assert_eq!(text(one(&page, "h1")), doc_title);
    assert_eq!(text(one(&page, ".site-title")), site_title);
    assert_eq!(one(&page, "meta[name=description]").attr("content"), Some(description));
    assert_eq!(text(one(&page, ".document-description")), description);
    assert_eq!(text(one(&page, "#revision-info .revision-summary")), summary);
    assert_eq!(
        text(one(&page, "#revision-info ul.changes > li")),
        format!("In Article 1 “Fees & \"charges\"”, {note}")
    );

    let home = out.page("/");
    assert_eq!(text(one(&home, "title")), site_title);
    assert_eq!(text(one(&home, ".document-card h2 a")), doc_title);
    assert!(text(one(&home, ".latest-revision")).ends_with(summary));

    let list = out.page("/doc/revisions/");
    assert_eq!(text(all(&list, ".revision-summary")[0]), summary);

    for file in out.html_files() {
        let page = out.page(&format!("/{file}"));
        assert!(
            all(&page, "b, i, script:not([src$='/in-force.js'])").is_empty(),
            "{file}: markup from a title, summary or note became an element"
        );
    }
}

#[test]
fn a_theme_that_reads_the_diff_gets_its_structure() {
    let site = Site::example();
    site.write(
        "themes/default/templates/changes.html",
        "{% if diff %}changed={{ diff.stats.changed }}\n{% for a in diff.articles %}{% if a.status != \"unchanged\" %}{{ a.status }} {{ a.new.id }}\n{% endif %}{% endfor %}{% else %}first{% endif %}\n",
    );
    site.build_ok(&[]);
    let out = site.public();
    let text = out.text("/privacy/revisions/2019-04-18/changes/");
    assert_eq!(text, "changed=1\nchanged cookie-policy\n\n");
    assert_eq!(out.text("/privacy/revisions/2017-06-01/changes/"), "first\n");
}

#[test]
fn a_theme_that_filters_the_body_or_the_diff_html_gets_them_whole() {
    let site = Site::example();
    // The built-in theme only outputs them: no placeholder is left behind.
    site.build_ok(&[]);
    let out = site.public();
    for file in out.html_files() {
        let page = out.text(&format!("/{file}"));
        assert!(!page.contains("charter:large-html"), "{file}");
    }
    let builtin_changes = out.text("/privacy/revisions/2019-04-18/changes/");
    let builtin_revision = out.text("/privacy/revisions/2019-04-18/");

    site.write(
        "themes/default/templates/changes.html",
        "{{ diff_html | length }}|{{ diff_html | safe }}",
    );
    site.write(
        "themes/default/templates/revision.html",
        "{{ body.html | length }}|{{ body.html | safe }}",
    );
    site.build_ok(&[]);
    let out = site.public();
    for (page, builtin, marker) in [
        ("/privacy/revisions/2019-04-18/changes/", &builtin_changes, "<ins>"),
        ("/privacy/revisions/2019-04-18/", &builtin_revision, "reCAPTCHA"),
    ] {
        let text = out.text(page);
        let (length, html) = text.split_once('|').expect("length|html");
        assert_eq!(
            length.parse::<usize>().expect("a number"),
            html.chars().count(),
            "{page}"
        );
        assert!(html.contains(marker), "{page}: {html}");
        assert!(
            builtin.contains(html.trim()),
            "{page}: the same HTML as the built-in theme shows"
        );
    }

    // A filter block over the HTML gets the HTML, not a placeholder.
    site.write(
        "themes/default/templates/changes.html",
        "{% filter upper %}{{ diff_html | safe }}{% endfilter %}",
    );
    site.build_ok(&[]);
    let text = site.public().text("/privacy/revisions/2019-04-18/changes/");
    assert!(text.contains("<INS>") && !text.contains("LARGE-HTML"), "{text}");
    assert!(builtin_changes.to_uppercase().contains(text.trim()), "{text}");
}

#[test]
fn every_document_is_rendered_whatever_its_file_name_sorts_like() {
    // `privacy-2.md` lists before `privacy.md`, while the id `privacy` sorts
    // before `privacy-2`: nothing may depend on one order being the other.
    let site = Site::example();
    site.write("content/privacy-2.md", &site.read("content/privacy.md"));
    let (loaded, theme) = loaded_with_theme(&site);
    let opts = charter::render::Options {
        today: "2026-01-01".parse().expect("a date"),
        drafts: true,
        base_url: "https://policies.example".into(),
    };
    let written = std::sync::Mutex::new(Vec::new());
    let sink = |rel: &str, _: &[u8]| {
        written.lock().expect("not poisoned").push(rel.to_string());
        Ok(())
    };
    // The whole site (as `check` and `serve` render it), then one document
    // (as `serve` rebuilds it after an edit).
    charter::render::site(&loaded, &theme, &opts, &sink).expect("renders");
    charter::render::document(&loaded, &theme, &opts, "privacy", None, None, &sink).expect("renders one");
    let written = written.into_inner().expect("not poisoned");
    for page in ["privacy/index.html", "privacy-2/draft/index.html", "terms/index.html"] {
        assert_eq!(
            written.iter().filter(|w| *w == page).count(),
            1 + usize::from(page.starts_with("privacy/")),
            "{page}"
        );
    }
    // And the build, which reads each document in its turn.
    site.build_ok(&["--drafts"]);
    assert!(site.public().exists("/privacy-2/draft/"));
    assert!(site.public().exists("/privacy/"));
}

/// The site as `load::site` reads it, without a problem, and its theme.
fn loaded_with_theme(site: &Site) -> (charter::model::Site, charter::render::Theme) {
    let (loaded, problems) = charter::load::site(site.root());
    let loaded = loaded.expect("the site loads");
    assert!(!problems.has_errors(), "{problems:?}");
    let theme = charter::render::Theme::load(&charter::load::Root::new(site.root()), "default", "en").expect("theme");
    (loaded, theme)
}

/// What `render::site` gives for the site as `load::site` reads it: every
/// revision parsed twice (for its structure, then to render it).
fn rendered_in_memory(site: &Site, drafts: bool) -> std::collections::BTreeMap<String, Option<Vec<u8>>> {
    let (loaded, theme) = loaded_with_theme(site);
    let opts = charter::render::Options {
        today: DATE.parse().expect("a date"),
        drafts,
        base_url: loaded.config.base_url.clone(),
    };
    let files = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let sink = |rel: &str, bytes: &[u8]| {
        files
            .lock()
            .expect("not poisoned")
            .insert(rel.to_string(), Some(bytes.to_vec()));
        Ok(())
    };
    charter::render::site(&loaded, &theme, &opts, &sink).expect("renders");
    files.into_inner().expect("not poisoned")
}

#[test]
fn a_build_parsing_each_revision_once_renders_what_a_second_parse_renders() {
    // `build` and `check` render each revision from the parse that loads it;
    // `serve` renders its first build from the loaded site, parsing the
    // revisions again.
    let sites = [
        (Site::example(), true),
        (site_with_text(RAW_HTML, true), false),
        (site_with_text(RAW_HTML, false), false),
    ];
    for (site, drafts) in sites {
        site.build_ok(if drafts { &["--drafts"] } else { &[] });
        // The output's marker is the writer's, not a rendered page, and the
        // record (manifest, checkpoints, revision files) is written beside
        // the pages, from the log.
        let record = |path: &str| path.starts_with("manifest") || path.ends_with("/source.md");
        let built: std::collections::BTreeMap<_, _> = tree(&site.path("public"))
            .into_iter()
            .filter(|(path, f)| f.is_some() && path != ".charter-output" && !record(path))
            .collect();
        assert_same_tree(&built, &rendered_in_memory(&site, drafts), "build and render::site");
    }
}

/// The pages `render::document` gives for document `id`, with the bodies of
/// a re-read of it (as `serve` rebuilds it after an edit) or without (each
/// revision parsed again to be rendered).
fn document_rendered(site: &Site, id: &str, reread: bool) -> std::collections::BTreeMap<String, Vec<u8>> {
    let (loaded, theme) = loaded_with_theme(site);
    let opts = charter::render::Options {
        today: DATE.parse().expect("a date"),
        drafts: true,
        base_url: loaded.config.base_url.clone(),
    };
    let bodies = reread.then(|| {
        let read = charter::site::load_document_checked(site.root(), id, loaded.config.build.allow_html);
        read.bodies
            .expect("a document that reads without a problem has its bodies")
    });
    let files = std::sync::Mutex::new(std::collections::BTreeMap::new());
    let sink = |rel: &str, bytes: &[u8]| {
        files
            .lock()
            .expect("not poisoned")
            .insert(rel.to_string(), bytes.to_vec());
        Ok(())
    };
    charter::render::document(&loaded, &theme, &opts, id, bodies, None, &sink).expect("renders");
    files.into_inner().expect("not poisoned")
}

#[test]
fn a_rebuild_of_one_document_renders_the_same_from_its_re_read_bodies() {
    for (site, id) in [
        (Site::example(), "privacy"),
        (site_with_text(RAW_HTML, true), "doc"),
        (site_with_text(RAW_HTML, false), "doc"),
    ] {
        let from_bodies = document_rendered(&site, id, true);
        assert!(from_bodies.keys().any(|k| k.starts_with(&format!("{id}/revisions/"))));
        assert_eq!(from_bodies, document_rendered(&site, id, false), "{id}");
    }
}
