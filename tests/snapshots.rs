//! Snapshots of the `<main>` element of the example site's key pages, built
//! for 2026-11-29. A change here is a change every reader sees: review the
//! diff, then accept it with `INSTA_UPDATE=always cargo test --test snapshots`.

mod common;

use common::*;

/// The example site's page at `site_path`, built for the standard date: the
/// HTML of its `<main>`, as scraper serialises it.
fn main_html(site_path: &str) -> String {
    let site = Site::example();
    site.build_ok(&[]);
    let page = site.public().page(site_path);
    one(&page, "main").html()
}

#[test]
fn home_page() {
    insta::assert_snapshot!("home", main_html("/"));
}

#[test]
fn privacy_policy() {
    insta::assert_snapshot!("privacy", main_html("/privacy/"));
}

#[test]
fn privacy_past_revisions() {
    insta::assert_snapshot!("privacy_revisions", main_html("/privacy/revisions/"));
}

#[test]
fn privacy_revision_2019_04_18() {
    insta::assert_snapshot!(
        "privacy_revision_2019_04_18",
        main_html("/privacy/revisions/2019-04-18/")
    );
}

#[test]
fn terms_of_use() {
    insta::assert_snapshot!("terms", main_html("/terms/"));
}

#[test]
fn privacy_changes_2019_04_18() {
    insta::assert_snapshot!(
        "privacy_changes_2019_04_18",
        main_html("/privacy/revisions/2019-04-18/changes/")
    );
}

#[test]
fn privacy_changes_2021_03_01_side_by_side() {
    insta::assert_snapshot!(
        "privacy_changes_2021_03_01_side_by_side",
        main_html("/privacy/revisions/2021-03-01/changes/side-by-side/")
    );
}

#[test]
fn privacy_since_2018_05_25() {
    insta::assert_snapshot!(
        "privacy_to_current_2018_05_25",
        main_html("/privacy/revisions/2018-05-25/to-current/")
    );
}

#[test]
fn announcements() {
    insta::assert_snapshot!("announcements", main_html("/announcements/"));
}
