//! What a document said on a date: each archived revision's period line,
//! the `/<doc>/in-force/` table, versions.json's periods and
//! `charter show --at`, all held to the revision files themselves.

mod common;

use common::*;
use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::Value;

/// One revision of the example site as its file records it.
struct Rev {
    id: String,
    effective: String,
    summary: String,
    /// The document text after both front matters.
    body: String,
}

/// The revisions of an example document, oldest first.
fn revisions(site: &Site, doc: &str) -> Vec<Rev> {
    let mut files: Vec<_> = std::fs::read_dir(site.path(&format!("history/{doc}")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            let record: toml::Table = text.split("+++\n").nth(1).unwrap().parse().unwrap();
            let date = record["date"].to_string();
            let effective = record.get("effective").map_or(date, |e| e.to_string());
            let document = revision_body(&text);
            Rev {
                id: f.file_stem().unwrap().to_string_lossy().into_owned(),
                effective,
                summary: record["summary"].as_str().unwrap().to_string(),
                body: document.splitn(3, "+++\n").nth(2).unwrap().to_string(),
            }
        })
        .collect()
}

fn day(s: &str) -> Date {
    s.parse().unwrap()
}

/// The period line of an archived revision page, and its links.
fn period_line(out: &Output, doc: &str, rev: &str) -> (String, Vec<String>) {
    let page = out.page(&format!("/{doc}/revisions/{rev}/"));
    let p = one(&page, ".notice.period");
    let links = within(p, "a")
        .iter()
        .map(|a| a.attr("href").unwrap().to_string())
        .collect();
    (text(p), links)
}

#[test]
fn each_archived_revision_states_its_period_and_what_replaced_it() {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    for doc in ["privacy", "terms"] {
        let revs = revisions(&site, doc);
        for (i, r) in revs.iter().enumerate() {
            let (line, links) = period_line(&out, doc, &r.id);
            let from = long_date(&r.effective);
            match revs.get(i + 1) {
                Some(next) => {
                    let expected = format!(
                        "In force from {from} to {}; replaced by the revision of {}.",
                        long_date(&next.effective),
                        long_date(&next.id)
                    );
                    assert!(line.starts_with(&expected), "{doc} {}: {line}", r.id);
                    assert_eq!(links[0], out.url(&format!("/{doc}/revisions/{}/", next.id)));
                }
                None => assert!(
                    line.starts_with(&format!("In force since {from}, the current version.")),
                    "{doc} {}: {line}",
                    r.id
                ),
            }
            assert_eq!(links.last().unwrap(), &out.url(&format!("/{doc}/in-force/")), "{line}");
        }
    }
}

#[test]
fn the_in_force_page_lists_every_period_newest_first() {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    for doc in ["privacy", "terms"] {
        let revs = revisions(&site, doc);
        let page = out.page(&format!("/{doc}/in-force/"));
        let rows = all(&page, "table.in-force tbody tr");
        assert_eq!(rows.len(), revs.len(), "{doc}");
        for (row, (i, r)) in rows.iter().zip(revs.iter().enumerate().rev()) {
            let cells: Vec<_> = within(*row, "td, th");
            let times: Vec<String> = within(*row, "time")
                .iter()
                .map(|t| t.attr("datetime").unwrap().to_string())
                .collect();
            assert_eq!(times[0], r.effective, "{doc} {}", r.id);
            match revs.get(i + 1) {
                Some(next) => assert_eq!(times.get(1), Some(&next.effective)),
                None => assert_eq!(text(cells[1]), "still in force"),
            }
            let link = within(cells[2], "a")[0];
            assert_eq!(
                link.attr("href").unwrap(),
                out.url(&format!("/{doc}/revisions/{}/", r.id))
            );
            assert_eq!(text(cells[3]), r.summary);
        }
        // Reached from the Past revisions page and the document page, and listed in the sitemap.
        let url = out.url(&format!("/{doc}/in-force/"));
        for from in [format!("/{doc}/revisions/"), format!("/{doc}/")] {
            let page = out.page(&from);
            assert!(
                all(&page, "a").iter().any(|a| a.attr("href") == Some(url.as_str())),
                "{from}"
            );
        }
        assert!(out.text("/sitemap.xml").contains(&format!("<loc>{url}</loc>")));
        // The date form is hidden without JavaScript, and its script is there.
        assert!(one(&page, "form#in-force-form").attr("hidden").is_some());
        assert!(out.exists("/in-force.js"));
    }
}

#[test]
fn versions_json_gives_each_revision_its_period() {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    let revs = revisions(&site, "privacy");
    let v: Value = serde_json::from_str(&out.text("/privacy/versions.json")).unwrap();
    let listed = v["revisions"].as_array().unwrap();
    for (i, (entry, r)) in listed.iter().zip(&revs).enumerate() {
        assert_eq!(entry["in_force_from"], r.effective.as_str());
        let until = revs.get(i + 1).map(|n| Value::from(n.effective.as_str()));
        assert_eq!(entry["in_force_until"], until.unwrap_or(Value::Null), "{}", r.id);
        assert_eq!(entry["effective"], r.effective.as_str(), "the existing fields stay");
    }
}

/// A history with a revision replaced before it took effect, an upcoming
/// one, and one scheduled after the build date.
fn eventful() -> Site {
    let site = Site::empty();
    site.write("site.toml", &format!("title = \"Mini\"\nbase_url = \"{MINI_BASE}\"\n"));
    site.publish("doc", &Publish::new("2020-01-01", "First version", MINI_V1));
    site.publish(
        "doc",
        &Publish::new("2021-01-01", "Longer second article", MINI_V2)
            .effective("2021-02-01")
            .change("second", None, "we explained more"),
    );
    site.publish(
        "doc",
        &Publish::new("2021-01-15", "A third article", MINI_V3)
            .effective("2021-02-01")
            .change("third", None, "we added it"),
    );
    site.publish(
        "doc",
        &Publish::new("2026-11-01", "Back to the first text", MINI_V1).effective("2027-01-01"),
    );
    site.publish(
        "doc",
        &Publish::new("2027-02-01", "A scheduled one", MINI_V2).change("second", None, "we explained more"),
    );
    site
}

#[test]
fn never_in_force_upcoming_and_scheduled_revisions_say_so() {
    let site = eventful();
    site.build_ok(&[]);
    let out = site.public();
    let (line, links) = period_line(&out, "doc", "2021-01-01");
    assert_eq!(
        line,
        "Never in force: replaced by the revision of 15 January 2021 before it took effect. \
         Read the current version. Which version was in force when."
    );
    assert_eq!(links[0], out.url("/doc/revisions/2021-01-15/"));
    let (line, _) = period_line(&out, "doc", "2021-01-15");
    assert!(
        line.starts_with(
            "In force since 1 February 2021, the current version, until 1 January 2027, \
             when the revision of 1 November 2026 takes effect."
        ),
        "{line}"
    );
    let (line, _) = period_line(&out, "doc", "2026-11-01");
    assert!(
        line.starts_with("Not yet in force: it takes effect on 1 January 2027."),
        "{line}"
    );
    // The scheduled revision is not known yet: nothing ends the upcoming one.
    assert!(!out.exists("/doc/revisions/2027-02-01/"));

    let page = out.page("/doc/in-force/");
    let froms: Vec<String> = all(&page, "table.in-force tbody tr td.from time")
        .iter()
        .map(|t| t.attr("datetime").unwrap().to_string())
        .collect();
    assert_eq!(froms, ["2027-01-01", "2021-02-01", "2020-01-01"]);
    let never = text(one(&page, "ul.never-in-force"));
    assert!(never.contains("the revision of 1 January 2021"), "{never}");

    let v: Value = serde_json::from_str(&out.text("/doc/versions.json")).unwrap();
    let periods: Vec<(Value, Value)> = v["revisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["in_force_from"].clone(), r["in_force_until"].clone()))
        .collect();
    let s = |d: &str| Value::from(d);
    assert_eq!(
        periods,
        [
            (s("2020-01-01"), s("2021-02-01")),
            (Value::Null, Value::Null),
            (s("2021-02-01"), s("2027-01-01")),
            (s("2027-01-01"), Value::Null),
        ]
    );
}

/// `charter show <doc> --at <at>` with `format`: status, stdout, stderr.
fn show(site: &Site, doc: &str, at: &str, format: &str) -> (bool, String, String) {
    let out = site
        .command("show")
        .args([doc, "--at", at, "--format", format, "--date", DATE])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn show_at_prints_the_archived_text_of_the_revision_in_force() {
    let site = Site::example();
    site.build_ok(&[]);
    let out = site.public();
    for doc in ["privacy", "terms"] {
        let revs = revisions(&site, doc);
        for (i, r) in revs.iter().enumerate() {
            let from = day(&r.effective);
            let next = revs.get(i + 1).map(|n| day(&n.effective));
            // Its first day, the day after, and its last day; the next's first day is the next's.
            let mut dates = vec![from, from + 1.day()];
            if let Some(n) = next {
                dates.push(n - 1.day());
                dates.push(from + ((n - from).get_days() / 2).days());
            } else {
                dates.push(from + 3000.days());
            }
            let archived = out.text(&format!("/{doc}/revisions/{}/", r.id));
            for at in dates {
                let at = at.to_string();
                let (ok, text, stderr) = show(&site, doc, &at, "markdown");
                assert!(ok, "{doc} --at {at}: {stderr}");
                assert_eq!(text, r.body, "{doc} --at {at}: not the text of {}", r.id);
                assert!(stderr.contains(&format!("revision {} ", r.id)), "{stderr}");
                let period = match next {
                    Some(n) => format!("in force from {} until {n}", r.effective),
                    None => format!("in force since {}", r.effective),
                };
                assert!(stderr.contains(&period), "{stderr}");
                let (ok, html, _) = show(&site, doc, &at, "html");
                assert!(ok && !html.is_empty());
                assert!(
                    archived.contains(&html),
                    "{doc} --at {at}: the html is not the archived page's"
                );
                let (ok, json, _) = show(&site, doc, &at, "json");
                assert!(ok);
                let v: Value = serde_json::from_str(&json).unwrap();
                assert_eq!(v["revision"], r.id.as_str());
                assert_eq!(v["in_force_from"], r.effective.as_str());
                let until = next.map(|n| Value::from(n.to_string()));
                assert_eq!(v["in_force_until"], until.unwrap_or(Value::Null));
                assert_eq!(v["markdown"], r.body.as_str());
            }
        }
        // The day before the first took effect: nothing was in force.
        let before = (day(&revs[0].effective) - 1.day()).to_string();
        for format in ["markdown", "html", "json"] {
            let (ok, text, stderr) = show(&site, doc, &before, format);
            assert!(!ok, "{doc} --at {before}");
            assert!(text.is_empty(), "{text}");
            assert!(stderr.contains("no revision was in force"), "{stderr}");
            assert!(stderr.contains(&format!("content/{doc}.md")), "{stderr}");
        }
    }
}

#[test]
fn show_at_follows_same_day_replacements_and_the_build_date() {
    let site = eventful();
    // Effective 2021-02-01, both: the later revision is the text of that day.
    let (ok, _, stderr) = show(&site, "doc", "2021-02-01", "markdown");
    assert!(ok && stderr.contains("revision 2021-01-15 "), "{stderr}");
    let (_, _, stderr) = show(&site, "doc", "2021-01-31", "markdown");
    assert!(
        stderr.contains("revision 2020-01-01 ") && stderr.contains("until 2021-02-01"),
        "{stderr}"
    );
    // The upcoming revision on its day; the scheduled one is not known by the build date.
    let (_, _, stderr) = show(&site, "doc", "2027-06-01", "markdown");
    assert!(
        stderr.contains("revision 2026-11-01 ") && stderr.contains("since 2027-01-01"),
        "{stderr}"
    );
}
