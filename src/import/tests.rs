//! Imports of the fixtures in `tests/fixtures/import/` and of a few short
//! texts. Every imported document must load as a charter document, and every
//! change of its first revision must name an article and section it has.

use std::path::Path;

use super::*;
use crate::load::document::parse;
use crate::model::Document;

fn import(text: &str, title: Option<&str>) -> Imported {
    let opts = Options {
        id: "policy".to_string(),
        title: title.map(str::to_string),
        ..Options::default()
    };
    markdown(text, &opts).unwrap_or_else(|e| panic!("import failed: {e}"))
}

/// Loads the imported document as charter does, checks the revision's
/// changes against it, and checks that importing it again changes nothing.
fn load(imported: &Imported) -> Document {
    let doc = parse(&imported.document, Path::new("content/x.md"), 1).unwrap_or_else(|problems| {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        panic!("{}\n---\n{}", list.join("\n"), imported.document)
    });
    for c in imported.revision.iter().flat_map(|r| &r.changes) {
        let article = doc
            .article(&c.article)
            .unwrap_or_else(|| panic!("no article {}", c.article));
        if let Some(s) = &c.section {
            assert!(article.section(s).is_some(), "no section {s} in {}", c.article);
        }
        assert!(!c.note.is_empty());
    }
    let again = import(&imported.document, None);
    assert_eq!(
        again.document, imported.document,
        "importing the result again changed it"
    );
    assert!(!imported.document.contains('\r'));
    assert!(imported.document.ends_with('\n') && !imported.document.ends_with("\n\n"));
    doc
}

fn ids(doc: &Document) -> Vec<String> {
    doc.articles
        .iter()
        .map(|a| {
            let sections: Vec<&str> = a.sections.iter().map(|s| s.id.as_str()).collect();
            if sections.is_empty() {
                a.id.clone()
            } else {
                format!("{}({})", a.id, sections.join(","))
            }
        })
        .collect()
}

fn has_note(imported: &Imported, words: &str) -> bool {
    imported.notes.iter().any(|n| n.contains(words))
}

#[test]
fn revision_block() {
    let imported = import(include_str!("../../tests/fixtures/import/revision-block.md"), None);
    let doc = load(&imported);
    assert_eq!(doc.meta.title, "[Tidewater Maps] Privacy Policy");
    assert_eq!(doc.meta.numbering, None, "the default numbering");
    assert_eq!(
        ids(&doc),
        [
            "what-we-mean-by-personal-data",
            "why-we-use-your-data",
            "limits-on-use",
            "how-we-collect-data",
            "keeping-your-data-safe",
            "service-providers",
            "sharing-with-third-parties",
            "seeing-and-correcting-your-data",
            "cookies-and-similar-technologies(essential-cookies-that-keep-you-signed-in,\
             preference-cookies-that-remember-your-map-style,measurement-cookies-that-help-us-fix-slow-pages)",
            "changes-to-this-policy",
        ]
    );
    let body = &doc.body;
    assert!(body.starts_with("Tidewater Maps Ltd. (hereinafter"), "{body}");
    assert!(body.contains("\n## Cookies and similar technologies {#cookies-and-similar-technologies}\n"));
    assert!(
        body.contains("\n### Essential cookies that keep you signed in {#essential-cookies-that-keep-you-signed-in}\n")
    );
    assert!(body.contains("\n( 1 ) To plan routes and show you maps.\n"));
    assert!(body.contains("purposes below.< /p>\n"));
    assert!(body.contains("\n **Crash reporter**\n"));
    for gone in [
        "This copy",
        "revision information",
        "Earlier revisions",
        "* * *",
        "## Privacy Policy",
        "# [",
    ] {
        assert!(!body.contains(gone), "{gone}");
    }

    let rev = imported.revision.as_ref().unwrap();
    assert_eq!(rev.date.to_string(), "2023-09-05");
    assert_eq!(
        rev.summary,
        "Updated the \"Measurement cookies that help us fix slow pages\" section to cover the crash reporter"
    );
    assert_eq!(
        rev.changes,
        [
            ImportedChange {
                article: "cookies-and-similar-technologies".to_string(),
                section: Some("measurement-cookies-that-help-us-fix-slow-pages".to_string()),
                note: "we added the crash reporter in the \"Measurement cookies that help us fix slow pages\" section."
                    .to_string(),
            },
            ImportedChange {
                article: "keeping-your-data-safe".to_string(),
                section: None,
                note: "we now name the data centres we use.".to_string(),
            },
        ]
    );
    assert!(
        has_note(&imported, "dropped the revision-information block (lines 7–20)"),
        "{:#?}",
        imported.notes
    );
    assert!(has_note(&imported, "dropped the italic note above the title"));
    assert!(has_note(&imported, "dropped the heading “Privacy Policy” (line 24)"));
    assert!(has_note(&imported, "removed the manual numbers of 10 article headings"));
    assert!(has_note(
        &imported,
        "took the title “[Tidewater Maps] Privacy Policy” from the `#` heading on line 3"
    ));
}

#[test]
fn a_given_title_wins() {
    let text = include_str!("../../tests/fixtures/import/revision-block.md");
    let imported = import(text, Some("Tidewater Privacy Policy"));
    let doc = load(&imported);
    assert_eq!(doc.meta.title, "Tidewater Privacy Policy");
    assert!(doc.body.starts_with("Tidewater Maps Ltd."));
}

#[test]
fn plain_h2() {
    let imported = import(include_str!("../../tests/fixtures/import/plain-h2.md"), None);
    let doc = load(&imported);
    assert_eq!(doc.meta.title, "Lumen Notes Terms of Service");
    assert_eq!(
        ids(&doc),
        [
            "who-we-are",
            "your-account(creating-an-account,closing-your-account)",
            "acceptable-use",
            "fees",
            "contact"
        ]
    );
    assert!(
        doc.body
            .contains("\n#### A note on shared notebooks {#a-note-on-shared-notebooks}\n")
    );
    assert!(
        doc.body
            .contains("\n1. The free plan costs nothing.\n2. The Pro plan is billed monthly.\n")
    );
    assert!(imported.revision.is_none());
    assert!(!has_note(&imported, "made `##` articles"));
}

#[test]
fn setext_headings() {
    let imported = import(include_str!("../../tests/fixtures/import/setext.md"), None);
    let doc = load(&imported);
    assert_eq!(doc.meta.title, "Harbor Bikes Rental Rules");
    assert_eq!(
        ids(&doc),
        [
            "renting-a-bike(deposits,helmets)",
            "returning-a-bike",
            "lost-or-damaged-bikes"
        ]
    );
    assert!(doc.body.starts_with("These rules apply"));
    assert!(doc.body.contains("\n## Returning a bike {#returning-a-bike}\n"));
    assert!(
        doc.body
            .contains("green.\n\n---\n\n## Lost or damaged bikes {#lost-or-damaged-bikes}\n")
    );
    assert!(!doc.body.contains("===") && !doc.body.contains("----"));
    assert!(has_note(&imported, "rewrote 3 underlined (setext) headings"));
}

#[test]
fn yaml_front_matter() {
    let imported = import(include_str!("../../tests/fixtures/import/yaml-front-matter.md"), None);
    let doc = load(&imported);
    assert_eq!(doc.meta.title, "Orchard Pay Cookie Notice");
    assert_eq!(
        doc.meta.description.as_deref(),
        Some("How Orchard Pay uses cookies on its website and in its app.")
    );
    assert!(imported.document.starts_with(
        "+++\ntitle = \"Orchard Pay Cookie Notice\"\n\
         description = \"How Orchard Pay uses cookies on its website and in its app.\"\n+++\n\
         This notice explains"
    ));
    assert_eq!(
        ids(&doc),
        [
            "what-cookies-are",
            "cookies-we-use(strictly-necessary-cookies,analytics-cookies)",
            "changing-your-choice"
        ]
    );
    assert!(has_note(&imported, "converted the YAML front matter"));
    assert!(has_note(&imported, "`layout`, `date`, `tags`"), "{:?}", imported.notes);
}

#[test]
fn escaped_numbers_crlf_and_no_final_newline() {
    let text = include_str!("../../tests/fixtures/import/escaped-numbers.md");
    assert!(text.contains("\r\n") && !text.ends_with('\n'));
    let imported = import(text, None);
    let doc = load(&imported);
    assert_eq!(ids(&doc), ["permits", "charges", "penalties"]);
    let expected_body = "These terms apply when you park in a Quayside car park.\n\n\
        ## Permits {#permits}\n\n\
        1\\. A permit is valid for one vehicle only.\n\n\
        2\\. A permit cannot be transferred to another person.\n\n\
        ## Charges {#charges}\n\n\
        ( 1 ) The daily rate is shown at each entrance.\n\n\
        ( 2 ) Permit holders pay nothing during the hours on their permit.\n\n\
        You can pay in two ways:\n\n\
        1. At the machine by the exit\n\
        2. In the Quayside app\n\n\
        ## Penalties {#penalties}\n\n\
        A vehicle parked without a permit or a ticket may be charged a penalty of 60 pounds.\n";
    assert_eq!(doc.body, expected_body);
    assert!(has_note(&imported, "CRLF"));
}

#[test]
fn explicit_ids() {
    let imported = import(include_str!("../../tests/fixtures/import/with-ids.md"), None);
    let doc = load(&imported);
    assert_eq!(doc.meta.title, "Kestrel Cloud Acceptable Use Policy");
    assert_eq!(
        doc.meta.description.as_deref(),
        Some("What you may and may not do with Kestrel Cloud servers.")
    );
    assert_eq!(
        ids(&doc),
        [
            "scope",
            "prohibited(spam,malware)",
            "scope-2",
            "reporting-abuse",
            "table-of-contents"
        ]
    );
    assert!(doc.body.contains("\n## Prohibited content {#prohibited .important}\n"));
    assert!(has_note(
        &imported,
        "changed the id `scope` of the heading “Enforcement” (line 21) to `scope-2`"
    ));
    assert!(has_note(&imported, "changed the id `toc`"));
}

#[test]
fn japanese_articles_and_revision() {
    let text = "# サンプル利用規約\n\n## 改定履歴\n\n## 2021年7月1日\n\n広告配信事業者の一覧を更新しました。\n\n\
                - 第3条「Cookieの利用」、広告配信事業者を追加しました。\n\n---\n\n\
                この規約は、サンプル株式会社のサービスの利用条件を定めます。\n\n\
                ## 第1条（目的）\n\n本規約の目的を定めます。\n\n\
                ## 第2条（定義）\n\n### 用語\n\n用語の意味を定めます。\n\n\
                ## 第3条 Cookieの利用\n\nCookieを利用します。\n";
    let imported = import(text, None);
    let doc = load(&imported);
    assert_eq!(doc.meta.title, "サンプル利用規約");
    assert_eq!(doc.meta.numbering.as_deref(), Some("第{n}条"));
    // The ids the site makes of these titles: `slug` spells them in Latin letters.
    assert_eq!(ids(&doc), ["mu-de", "ding-yi(yong-yu)", "cookienoli-yong"]);
    assert!(doc.body.contains(
        "
## 目的 {#mu-de}
"
    ));
    let rev = imported.revision.unwrap();
    assert_eq!(rev.date.to_string(), "2021-07-01");
    assert_eq!(rev.summary, "広告配信事業者の一覧を更新しました。");
    assert_eq!(rev.changes[0].article, "cookienoli-yong");
    assert_eq!(rev.changes[0].note, "広告配信事業者を追加しました。");
}

#[test]
fn article_level_and_headings_above_it() {
    let text = "# Fernwood Library Rules\n\n## Overview\n\nThese rules keep the library pleasant.\n\n\
                ### Article 1: Borrowing\n\nYou may borrow ten books.\n\n#### Renewals\n\nRenew online.\n\n\
                ##### Fines\n\nLate books cost ten cents a day.\n\n### Article 2: Conduct\n\nKeep quiet.\n";
    let imported = import(text, None);
    let doc = load(&imported);
    assert_eq!(ids(&doc), ["borrowing(renewals)", "conduct"]);
    assert!(doc.body.starts_with("**Overview**\n\nThese rules"), "{}", doc.body);
    assert!(doc.body.contains("\n#### Fines {#fines}\n"));
    assert!(has_note(&imported, "made `##` articles of the `###` headings"));
    assert!(has_note(&imported, "made the heading “Overview” (line 3) bold text"));
}

#[test]
fn a_heading_can_supply_the_title() {
    let text = "## Rowan Gym Membership Terms\n\nWelcome.\n\n### 1. Joining\n\nSign up at the desk.\n";
    let doc = load(&import(text, None));
    assert_eq!(doc.meta.title, "Rowan Gym Membership Terms");
    assert_eq!(ids(&doc), ["joining"]);
}

#[test]
fn no_title_is_an_error() {
    let text = "Some terms.\n\n## Scope\n\nEverything.\n";
    let e = markdown(text, &Options::default()).unwrap_err();
    assert_eq!(e.line, 1);
    assert!(e.message.contains("--title"), "{}", e.message);
    let doc = load(&import(text, Some("Scope Terms")));
    assert_eq!(doc.meta.title, "Scope Terms");
}

#[test]
fn unknown_articles_in_changes_are_errors() {
    let head = "# Birch Bank Terms\n\n## Revision information\n\n## 2022-02-02\n\nSmall fixes.\n\n";
    let tail = "\n\n* * *\n\n## 1 Accounts\n\nText.\n\n### Joint accounts\n\nText.\n";
    let e = markdown(
        &format!("{head}- In Article 4, we changed the fees.{tail}"),
        &Options::default(),
    )
    .unwrap_err();
    assert_eq!(e.line, 9);
    assert!(
        e.message.contains("Article 4") && e.message.contains("1 articles"),
        "{}",
        e.message
    );
    let e = markdown(&format!("{head}- We changed the fees.{tail}"), &Options::default()).unwrap_err();
    assert!(e.message.contains("In Article 3"), "{}", e.message);
    let e = markdown(
        &format!("{head}- In Article 1 \"Accounts\", we changed the \"Savings\" section.{tail}"),
        &Options::default(),
    )
    .unwrap_err();
    assert!(e.message.contains("only “Joint accounts”"), "{}", e.message);
    let ok = import(
        &format!("{head}- In Article 1, we reworded the \"Joint\" section.{tail}"),
        None,
    );
    let rev = ok.revision.as_ref().unwrap();
    assert_eq!(rev.changes[0].section.as_deref(), Some("joint-accounts"));
    load(&ok);
}

/// The archived privacy policy this importer was first written for. It lives
/// outside the repository, so the test does nothing where it is missing.
#[test]
fn reference_policy() {
    let path = Path::new("/work/shared/reference/000_e1a19f2dd9d62b9b.txt");
    if !path.exists() {
        return;
    }
    let text = std::fs::read_to_string(path).unwrap();
    let imported = import(&text, None);
    let doc = load(&imported);
    assert_eq!(doc.articles.len(), 14);
    assert!(doc.meta.title.contains("Privacy Policy"), "{}", doc.meta.title);
    assert!(doc.meta.title.contains("pixiv"), "{}", doc.meta.title);
    let rev = imported.revision.as_ref().unwrap();
    assert_eq!(rev.date.to_string(), "2019-04-18");
    assert_eq!(rev.changes.len(), 1);
    assert_eq!(rev.changes[0].article, "cookie-policy");
    assert_eq!(doc.articles[10].id, "cookie-policy");
    assert_eq!(
        rev.changes[0].section.as_deref(),
        Some("performance-cookies-to-improve-our-services")
    );
    assert!(rev.changes[0].note.starts_with("we added reCAPTCHA"));
}

/// An imported heading is given the id the site would make of its title:
/// the same document without the written ids loads with the same ids.
#[test]
fn imported_headings_get_the_ids_the_site_gives_them() {
    let text = "# Rules of the Café\n\n## 1. Café & Co. rules\n\nText.\n\n## 2. Cookieの利用\n\nText.\n\n\
                ### 2.1 `Session` cookies (strictly needed)\n\nText.\n\n## 3. 目的\n\nText.\n\n\
                ## 4. Ñandú — 100% Ölfarben\n\nText.\n";
    let imported = import(text, None);
    let written = load(&imported);
    let unwritten: String = imported
        .document
        .lines()
        .map(|l| match l.rfind(" {#") {
            Some(at) if l.starts_with('#') => format!("{}\n", &l[..at]),
            _ => format!("{l}\n"),
        })
        .collect();
    assert!(!unwritten.contains("{#"), "{unwritten}");
    let site = parse(&unwritten, Path::new("content/x.md"), 1).unwrap();
    assert_eq!(ids(&written), ids(&site), "{}", imported.document);
    assert_eq!(ids(&site)[1], "cookienoli-yong(session-cookies-strictly-needed)");
}

#[test]
fn a_numbered_heading_a_level_too_deep_that_continues_the_articles_is_an_article() {
    let text = "# Rules\n\n## 1. Riding\n\nRide well.\n\n### 1.1 Helmets\n\nWear one.\n\n## 2. Parking\n\nAt stations.\n\n\
### 3. Spam\n\nNo flyers on bikes.\n\n### 4. Limits\n\nTwo bikes each.\n\n## 5. Ending\n\nGoodbye.\n";
    let imported = import(text, None);
    let doc = load(&imported);
    assert_eq!(
        ids(&doc),
        ["riding(helmets)", "parking", "spam", "limits", "ending"],
        "{}",
        imported.document
    );
    assert!(has_note(&imported, "its number 3 follows the article numbered 2"));
    // Sections numbered 1, 2 under article 1 stay sections.
    let text = "# Rules\n\n## 1. Riding\n\n### 1. Helmets\n\nWear one.\n\n### 2. Lights\n\nAt night.\n\n## 2. Parking\n\nAt stations.\n";
    assert_eq!(ids(&load(&import(text, None))), ["riding(helmets,lights)", "parking"]);
}

#[test]
fn a_lone_first_heading_over_deeper_ones_is_the_title() {
    let text = "Privacy Policy\n--------------\n\nWe care.\n\n### Data\n\nLittle.\n\n### Cookies\n\nOne.\n";
    let imported = import(text, None);
    assert!(
        imported.document.starts_with("+++\ntitle = \"Privacy Policy\""),
        "{}",
        imported.document
    );
    assert_eq!(ids(&load(&imported)), ["data", "cookies"]);
}
