//! Broken links and heading marks that do not do what they seem: `check`
//! names the file and line of each and says what to do; a theme whose
//! templates include one another in a loop is refused when it is loaded.

mod common;

use common::*;

const DOC: &str = "content/doc.md";

/// The minimal site with `extra` added to the end of its working copy (a
/// draft), and the line `extra` starts on.
fn with_draft(extra: &str) -> (Site, usize) {
    let site = Site::minimal();
    let mut line = 0;
    site.edit(DOC, |t| {
        line = t.lines().count() + 2;
        format!("{t}\n{extra}\n")
    });
    (site, line)
}

/// The message `run` gives for `file:line`, which must be there.
fn reported(site: &Site, run: &Run, file: &str, line: usize) -> String {
    let prefix = format!("{}:{line}: ", site.shown(file));
    run.diagnostic(&prefix)
        .unwrap_or_else(|| panic!("nothing reported as `{prefix}…`; stderr:\n{}", run.stderr))
}

fn count(run: &Run, what: &str) -> usize {
    run.stderr.lines().filter(|l| l.contains(what)).count()
}

#[test]
fn an_anchor_missing_from_its_own_page_fails_check() {
    let (site, line) = with_draft(
        "See [the first article](#first), [its subsection](#sub), [the top](#) and\n[nothing at all](#nowhere).",
    );
    let run = site.check();
    run.assert_failure();
    let message = reported(&site, &run, DOC, line + 1);
    assert!(
        message.contains("#nowhere") && message.contains("this page"),
        "{message}"
    );
    assert!(message.contains("use the id"), "{message}");
    assert_eq!(count(&run, "link `"), 1, "only the broken link:\n{}", run.stderr);
}

#[test]
fn links_to_other_pages_must_reach_a_page_and_an_id_there() {
    let (site, line) = with_draft(
        "Fine: [an old text](/doc/revisions/2020-01-01/#sub), [home](/), [the list](/doc/revisions/),\n\
         [the current text](../#third), [elsewhere](https://example.com/#x), [mail](mailto:dpo@mini.example).\n\
         \n\
         Broken: [a revision never published](/doc/revisions/2019-01-01/).\n\
         \n\
         Broken: [an article the old text lacks](/doc/revisions/2020-01-01/#third).\n\
         \n\
         Broken: [relative to the draft page](doc/#first).",
    );
    let run = site.check();
    run.assert_failure();
    let missing = reported(&site, &run, DOC, line + 3);
    assert!(
        missing.contains("/doc/revisions/2019-01-01/") && missing.contains("not a page of this site"),
        "{missing}"
    );
    let no_id = reported(&site, &run, DOC, line + 5);
    assert!(
        no_id.contains("#third") && no_id.contains("/doc/revisions/2020-01-01/"),
        "{no_id}"
    );
    let relative = reported(&site, &run, DOC, line + 7);
    assert!(
        relative.contains("/doc/draft/doc/") && relative.contains("relative link"),
        "{relative}"
    );
    assert_eq!(count(&run, "link `"), 3, "only the three broken links:\n{}", run.stderr);
}

#[test]
fn a_broken_link_in_a_published_revision_is_a_warning() {
    let site = Site::minimal();
    let body = format!("{MINI_V3}\nSee [the fourth article](#fourth).\n");
    site.publish(
        "doc",
        &Publish::new("2022-01-01", "A pointer", &body).change("third", None, "we pointed on"),
    );
    // The working copy no longer has the link; the published text keeps it.
    site.write(DOC, MINI_V3);
    let run = site.check();
    run.assert_success();
    let rev = "history/doc/2022-01-01.md";
    let text = std::fs::read_to_string(site.path(rev)).unwrap();
    let message = reported(&site, &run, rev, line_no(&text, "See [the fourth"));
    assert!(message.contains("warning") && message.contains("#fourth"), "{message}");
    assert!(message.contains("next one"), "{message}");
}

#[test]
fn a_broken_link_kept_by_later_revisions_is_reported_once_with_their_count() {
    let site = Site::minimal();
    let body = format!("{MINI_V3}\nSee [the fourth article](#fourth).\n");
    site.publish(
        "doc",
        &Publish::new("2022-01-01", "A pointer", &body).change("third", None, "we pointed on"),
    );
    let later = format!("{body}\nOne more sentence.\n");
    site.publish(
        "doc",
        &Publish::new("2022-02-01", "One more", &later).change("third", None, "we added a sentence"),
    );
    site.write(DOC, MINI_V3);
    let run = site.check();
    run.assert_success();
    assert_eq!(count(&run, "#fourth"), 1, "{}", run.stderr);
    let rev = "history/doc/2022-01-01.md";
    let text = std::fs::read_to_string(site.path(rev)).unwrap();
    let message = reported(&site, &run, rev, line_no(&text, "See [the fourth"));
    assert!(message.contains("and in 1 later revision,"), "{message}");
}

#[test]
fn heading_ids_that_are_not_one_id_and_unspaced_headings_are_errors() {
    let site = Site::minimal();
    let text = format!(
        "{MINI_V3}\n## Data we keep {{#Security Measures}}\n\nWhat we keep.\n\n##Security\n\nHow we keep it.\n"
    );
    site.write(DOC, &text);
    for (what, run) in [("check", site.check()), ("build", site.build(&[]))] {
        run.assert_failure();
        let ids = reported(&site, &run, DOC, line_no(&text, "## Data we keep"));
        assert!(
            ids.contains("{#Security Measures}") && ids.contains("{#security-measures}"),
            "{what}: {ids}"
        );
        let unspaced = reported(&site, &run, DOC, line_no(&text, "##Security"));
        assert!(
            unspaced.contains("article heading") && unspaced.contains("space after `##`"),
            "{what}: {unspaced}"
        );
    }
}

#[test]
fn templates_that_include_one_another_in_a_loop_are_refused_by_name() {
    let site = Site::minimal();
    site.write(
        "themes/default/templates/document.html",
        "{% extends \"base.html\" %}\n{% block content %}{% include \"loop.html\" %}{% endblock %}\n",
    );
    site.write(
        "themes/default/templates/loop.html",
        "<p>\n{% include \"document.html\" %}\n",
    );
    for (what, run) in [("check", site.check()), ("build", site.build(&[]))] {
        run.assert_failure();
        let message = reported(&site, &run, "themes/default/templates/document.html", 2);
        assert!(
            message.contains("document.html → loop.html") && message.contains("remove one"),
            "{what}: {message}"
        );
    }
}
