//! Malformed sites: `check` and `build` both refuse them with exit code 1,
//! name the file and line, say what to do, and write nothing.
//!
//! Each test starts from the minimal site (one document, three revisions),
//! builds it once so that a previous output exists, breaks one thing, then
//! runs `charter check`, `charter build` and `charter build --output <new>`.

mod common;

use common::*;

/// One problem charter must report.
struct Expected<'a> {
    /// The file, relative to the site root.
    file: &'a str,
    /// Its line, when the problem has one.
    line: Option<usize>,
    /// Words the message must contain (case-insensitive): what is wrong and
    /// what to do.
    says: &'a [&'a str],
}

fn expect<'a>(file: &'a str, line: Option<usize>, says: &'a [&'a str]) -> Expected<'a> {
    Expected { file, line, says }
}

/// The minimal site, built once into `public/`, then broken by `breaks`.
fn broken(breaks: impl FnOnce(&Site)) -> Site {
    let site = Site::minimal();
    site.build_ok(&[]);
    assert!(site.path("public/doc/index.html").is_file());
    breaks(&site);
    site
}

/// Words a message uses when it tells the user what to do.
const ADVICE: &[&str] = &[
    "add", "write", "set ", "use ", "rename", "restore", "remove", "fix", "give", "save", "choose", "delete", "move",
    "put ", "change", "say ", "create", "name ", "expected",
];

/// Runs check, build, and build into a new folder; each must fail with every
/// expected problem and leave every file as it was.
fn assert_rejected(site: &Site, expected: &[Expected<'_>]) {
    let before = tree(site.outside());

    let check = site.check();
    assert_reports(site, &check, expected, "check");
    assert_same_tree(&before, &tree(site.outside()), "the site after check");

    let build = site.build(&[]);
    assert_reports(site, &build, expected, "build");
    assert_same_tree(
        &before,
        &tree(site.outside()),
        "the site and its previous output after a failed build",
    );

    let fresh = site.outside().join("fresh");
    let build = site.build(&["--output", fresh.to_str().unwrap()]);
    assert_reports(site, &build, expected, "build --output fresh");
    assert!(!fresh.exists(), "a failed build created its output folder");
    assert_same_tree(&before, &tree(site.outside()), "the site after a failed build");
}

fn assert_reports(site: &Site, run: &Run, expected: &[Expected<'_>], what: &str) {
    run.assert_failure();
    for e in expected {
        let prefix = match e.line {
            Some(line) => format!("{}:{line}: ", site.shown(e.file)),
            None => format!("{}: ", site.shown(e.file)),
        };
        let message = run
            .diagnostic(&prefix)
            .unwrap_or_else(|| panic!("{what}: no problem reported as `{prefix}…`; stderr:\n{}", run.stderr));
        let lower = message.to_lowercase();
        for word in e.says {
            assert!(
                lower.contains(&word.to_lowercase()),
                "{what}: the message should mention {word:?}:\n{message}"
            );
        }
        let text = &lower[prefix.len()..];
        assert!(
            ADVICE.iter().any(|w| text.contains(w)),
            "{what}: the message should say what to do:\n{message}"
        );
    }
    let last = run.stderr.lines().last().unwrap_or("");
    assert!(
        last.starts_with("error:"),
        "{what}: stderr ends with a summary line:\n{}",
        run.stderr
    );
}

const REV1: &str = "history/doc/2020-01-01.md";
const REV2: &str = "history/doc/2020-06-01.md";
const REV3: &str = "history/doc/2021-01-01.md";
const DOC: &str = "content/doc.md";

// ---------------------------------------------------------------------------
// site.toml

#[test]
fn bad_toml_in_site_toml() {
    let site = broken(|s| {
        s.write(
            "site.toml",
            "title = \"Mini\"\nbase_url = \"https://mini.example\"\ndescription = \"never closed\n",
        )
    });
    assert_rejected(&site, &[expect("site.toml", Some(3), &[])]);
}

#[test]
fn unknown_key_in_site_toml() {
    let site = broken(|s| {
        s.write(
            "site.toml",
            "title = \"Mini\"\nbase_url = \"https://mini.example\"\ncolour = \"blue\"\n",
        )
    });
    assert_rejected(&site, &[expect("site.toml", Some(3), &["colour", "title"])]);
}

#[test]
fn unknown_key_in_build_table() {
    let site = broken(|s| {
        s.write(
            "site.toml",
            "title = \"Mini\"\nbase_url = \"https://mini.example\"\n\n[build]\nouput = \"out\"\n",
        )
    });
    assert_rejected(&site, &[expect("site.toml", Some(5), &["ouput", "output"])]);
}

#[test]
fn missing_title_in_site_toml() {
    let site = broken(|s| s.write("site.toml", "base_url = \"https://mini.example\"\n"));
    assert_rejected(&site, &[expect("site.toml", Some(1), &["title"])]);
}

#[test]
fn base_url_that_is_not_absolute() {
    let site = broken(|s| s.write("site.toml", "title = \"Mini\"\nbase_url = \"mini.example\"\n"));
    assert_rejected(&site, &[expect("site.toml", Some(2), &["base_url", "https://"])]);
}

// ---------------------------------------------------------------------------
// Documents

#[test]
fn missing_title_in_a_document() {
    let site = broken(|s| s.edit(DOC, |t| t.replace("title = \"Doc\"\n", "")));
    assert_rejected(&site, &[expect(DOC, Some(2), &["title"])]);
}

#[test]
fn mistyped_title_in_a_document() {
    let site = broken(|s| s.edit(DOC, |t| t.replace("title = \"Doc\"", "title = 3")));
    assert_rejected(&site, &[expect(DOC, Some(2), &["string"])]);
}

#[test]
fn unknown_key_in_a_document() {
    let site = broken(|s| {
        s.edit(DOC, |t| {
            t.replace("title = \"Doc\"\n", "title = \"Doc\"\nauthor = \"Ann\"\n")
        })
    });
    assert_rejected(&site, &[expect(DOC, Some(3), &["author"])]);
}

#[test]
fn duplicate_article_ids_in_a_document() {
    let site = broken(|s| s.edit(DOC, |t| t.replace("## Third {#third}", "## Third {#first}")));
    let line = line_no(&site.read(DOC), "## Third");
    let first = line_no(&site.read(DOC), "## First");
    let on_line = format!("line {first}");
    assert_rejected(&site, &[expect(DOC, Some(line), &["duplicate", "`first`", &on_line])]);
}

#[test]
fn document_name_with_a_space() {
    let site = broken(|s| s.write("content/Bad Name.md", MINI_V1));
    assert_rejected(&site, &[expect("content/Bad Name.md", None, &["rename"])]);
}

#[test]
fn document_name_with_uppercase_letters() {
    let site = broken(|s| s.write("content/Privacy.md", MINI_V1));
    assert_rejected(&site, &[expect("content/Privacy.md", None, &["lowercase"])]);
}

// ---------------------------------------------------------------------------
// Revision records

#[test]
fn missing_summary_in_a_revision() {
    let site = broken(|s| s.edit(REV2, |t| t.replace("summary = \"Longer second article\"\n", "")));
    assert_rejected(&site, &[expect(REV2, Some(2), &["summary"])]);
}

#[test]
fn mistyped_date_in_a_revision() {
    let site = broken(|s| s.edit(REV2, |t| t.replace("date = 2020-06-01", "date = 5")));
    assert_rejected(&site, &[expect(REV2, Some(2), &["YYYY-MM-DD"])]);
}

#[test]
fn loose_quoted_date_in_a_revision() {
    let site = broken(|s| s.edit(REV2, |t| t.replace("date = 2020-06-01", "date = \"2020-6-01\"")));
    assert_rejected(&site, &[expect(REV2, Some(2), &["2020-6-01", "YYYY-MM-DD"])]);
}

#[test]
fn loose_bare_date_in_a_revision() {
    let site = broken(|s| s.edit(REV2, |t| t.replace("date = 2020-06-01", "date = 2020-6-01")));
    assert_rejected(&site, &[expect(REV2, Some(2), &["month"])]);
}

#[test]
fn unknown_key_in_a_revision() {
    let site = broken(|s| s.edit(REV2, |t| t.replace("summary = ", "author = \"Ann\"\nsummary = ")));
    let line = line_no(&site.read(REV2), "author = ");
    assert_rejected(&site, &[expect(REV2, Some(line), &["author"])]);
}

#[test]
fn effective_before_date() {
    let site = broken(|s| s.edit(REV3, |t| t.replace("effective = 2021-02-01", "effective = 2020-12-01")));
    let line = line_no(&site.read(REV3), "effective = ");
    assert_rejected(&site, &[expect(REV3, Some(line), &["effective", "2020-12-01", "date"])]);
}

#[test]
fn change_naming_a_missing_article() {
    let site = broken(|s| s.edit(REV3, |t| t.replace("article = \"third\"", "article = \"fourth\"")));
    let line = line_no(&site.read(REV3), "article = \"fourth\"");
    assert_rejected(&site, &[expect(REV3, Some(line), &["`fourth`", "`third`"])]);
}

#[test]
fn change_naming_a_missing_section() {
    let site = broken(|s| s.edit(REV3, |t| t.replace("section = \"sub\"", "section = \"nope\"")));
    // Reported on the line that names the missing section.
    let line = line_no(&site.read(REV3), "section = \"nope\"");
    assert_rejected(&site, &[expect(REV3, Some(line), &["`nope`", "`sub`"])]);
}

// ---------------------------------------------------------------------------
// The published history

#[test]
fn history_folder_for_an_unknown_document() {
    let site = broken(|s| s.write("history/ghost/2020-01-01.md", &s.read(REV1)));
    assert_rejected(&site, &[expect("history/ghost", None, &["content/ghost.md"])]);
}

#[test]
fn published_text_edited_after_publication() {
    let site = broken(|s| s.edit(REV2, |t| t.replace("Longer now", "Longer today")));
    let line = line_no(&site.read(REV2), "sha256 = ");
    assert_rejected(&site, &[expect(REV2, Some(line), &["changed", "new revision"])]);
}

#[test]
fn hash_chain_broken_by_removing_a_middle_revision() {
    let site = broken(|s| s.remove(REV2));
    let line = line_no(&site.read(REV3), "previous = ");
    assert_rejected(&site, &[expect(REV3, Some(line), &["chain", "previous"])]);
}

#[test]
fn hash_chain_broken_by_swapping_two_revisions() {
    let site = broken(|s| {
        s.rename(REV1, "history/doc/tmp.md");
        s.rename(REV2, REV1);
        s.rename("history/doc/tmp.md", REV2);
    });
    // The file now named 2020-01-01 is the second revision: it has `previous`.
    let first = site.read(REV1);
    assert_rejected(
        &site,
        &[
            expect(REV1, Some(line_no(&first, "previous = ")), &["reordered"]),
            expect(REV1, Some(line_no(&first, "date = ")), &["2020-06-01", "named"]),
            expect(
                REV2,
                Some(line_no(&site.read(REV2), "date = ")),
                &["2020-01-01", "named"],
            ),
        ],
    );
}

#[test]
fn revision_file_not_named_by_date() {
    let site = broken(|s| s.write("history/doc/notadate.md", &s.read(REV1)));
    assert_rejected(&site, &[expect("history/doc/notadate.md", None, &["YYYY-MM-DD"])]);
}

#[test]
fn revision_file_with_a_loose_date_name() {
    let site = broken(|s| s.write("history/doc/2021-6-1.md", &s.read(REV1)));
    assert_rejected(&site, &[expect("history/doc/2021-6-1.md", None, &["YYYY-MM-DD"])]);
}

// ---------------------------------------------------------------------------
// Themes

#[test]
fn template_syntax_error_in_an_overriding_theme() {
    let template = "themes/default/templates/document.html";
    let site = broken(|s| {
        s.write(
            template,
            "{% extends \"base.html\" %}\n{% block main %}\n{% if %}\n<p>never closed</p>\n{% endblock main %}\n",
        )
    });
    // The line of the template where Tera stopped.
    assert_rejected(&site, &[expect(template, Some(3), &["document.html"])]);
}

#[test]
fn a_tera_1_theme_is_told_how_to_move_to_components() {
    let template = "themes/default/templates/document.html";
    let site = broken(|s| {
        s.write(
            template,
            "{% extends \"base.html\" %}\n{% import \"macros.html\" as m %}\n{% block main %}{{ m::toc(html=body.toc_html) }}{% endblock main %}\n",
        )
    });
    assert_rejected(
        &site,
        &[expect(template, Some(2), &["Tera 1", "component", "docs/themes.md"])],
    );
}

#[test]
fn a_template_that_includes_itself_is_refused_before_rendering() {
    let template = "themes/default/templates/document.html";
    let site = broken(|s| s.write(template, "{% include \"document.html\" %}\n"));
    assert_rejected(
        &site,
        &[expect(
            template,
            Some(1),
            &["include each other in a loop", "document.html"],
        )],
    );
}

#[test]
fn a_component_that_calls_itself_forever_is_an_error_not_a_crash() {
    let template = "themes/default/templates/document.html";
    let site = broken(|s| {
        s.write(
            template,
            "{% component again(n) %}{{<again n={n} />}}{% endcomponent again %}\n\
             {% extends \"base.html\" %}{% block main %}{{<again n={1} />}}{% endblock main %}\n",
        )
    });
    assert_rejected(&site, &[expect(template, None, &["recursion depth"])]);
}

// ---------------------------------------------------------------------------
// Many problems, weird input

#[test]
fn several_problems_are_all_reported_in_one_run() {
    let site = broken(|s| {
        s.write("history/ghost/2020-01-01.md", &s.read(REV1));
        s.edit(REV2, |t| t.replace("Longer now", "Longer today"));
        s.edit(REV3, |t| t.replace("effective = 2021-02-01", "effective = 2020-12-01"));
    });
    assert_rejected(
        &site,
        &[
            expect("history/ghost", None, &["content/ghost.md"]),
            expect(REV2, Some(line_no(&site.read(REV2), "sha256 = ")), &["changed"]),
            expect(REV3, Some(line_no(&site.read(REV3), "effective = ")), &["effective"]),
        ],
    );
    let run = site.check();
    let root = site.root().display().to_string();
    let mut lines: Vec<&str> = run.stderr.lines().filter(|l| l.starts_with(&root)).collect();
    lines.dedup();
    assert!(lines.len() >= 3, "{}", run.stderr);
    // history/.log names each too: the two edited files no longer hash to
    // their leaves, and the ghost revision has none.
    assert!(
        run.stderr.contains("6 problems"),
        "the summary counts them:\n{}",
        run.stderr
    );
}

#[test]
fn problems_in_a_history_are_reported_even_when_the_document_text_is_broken() {
    // A broken working copy must not hide that published history was tampered with.
    let site = broken(|s| {
        s.edit(DOC, |t| t.replace("## Third {#third}", "## Third {#first}"));
        s.edit(REV2, |t| t.replace("Longer now", "Longer today"));
        s.edit(REV3, |t| t.replace("effective = 2021-02-01", "effective = 2020-12-01"));
    });
    assert_rejected(
        &site,
        &[
            expect(DOC, Some(line_no(&site.read(DOC), "## Third")), &["duplicate"]),
            expect(REV2, Some(line_no(&site.read(REV2), "sha256 = ")), &["changed"]),
            expect(REV3, Some(line_no(&site.read(REV3), "effective = ")), &["effective"]),
        ],
    );
}

/// Inputs that must be refused or accepted, never crash charter.
#[test]
fn no_input_makes_charter_panic() {
    type Break = fn(&Site);
    let cases: Vec<(&str, Break)> = vec![
        ("empty site.toml", |s| s.write("site.toml", "")),
        ("binary site.toml", |s| s.write_bytes("site.toml", &[0xff, 0xfe, 0, 1])),
        ("site.toml is a folder", |s| {
            s.remove("site.toml");
            s.write("site.toml/x", "");
        }),
        ("no site.toml", |s| s.remove("site.toml")),
        ("empty document", |s| s.write(DOC, "")),
        ("document of one +++", |s| s.write(DOC, "+++")),
        ("document with a BOM", |s| s.write(DOC, &format!("\u{feff}{MINI_V3}"))),
        ("document with CRLF", |s| s.write(DOC, &MINI_V3.replace('\n', "\r\n"))),
        ("document with lone CR", |s| s.write(DOC, &MINI_V3.replace('\n', "\r"))),
        ("document with NUL bytes", |s| {
            s.write(DOC, &MINI_V3.replace("Intro", "In\0tro"))
        }),
        ("document not UTF-8", |s| {
            s.write_bytes(DOC, b"+++\ntitle = \"\xff\"\n+++\n")
        }),
        ("empty headings", |s| {
            s.write(DOC, "+++\ntitle = \"T\"\n+++\n## \n\n### \n\n## {#}\n")
        }),
        ("heading of symbols", |s| {
            s.write(DOC, "+++\ntitle = \"T\"\n+++\n## ✓ ★\n\n## !!!\n")
        }),
        ("section before any article", |s| {
            s.write(DOC, "+++\ntitle = \"T\"\n+++\n### Orphan\n")
        }),
        ("reserved id", |s| {
            s.write(DOC, "+++\ntitle = \"T\"\n+++\n## Main {#main-content}\n")
        }),
        ("numbering without {n}", |s| {
            s.write(DOC, "+++\ntitle = \"T\"\nnumbering = \"§\"\n+++\n## A\n")
        }),
        ("empty revision", |s| s.write(REV2, "")),
        ("revision without a body", |s| {
            s.edit(REV2, |t| t[..t.len() - revision_body(t).len()].to_string())
        }),
        ("revision body without front matter", |s| {
            s.edit(REV2, |t| t.replace(revision_body(t), "## Only text\n"))
        }),
        ("revision with a multibyte previous", |s| {
            s.edit(REV2, |t| {
                let p = line_no(t, "previous = ");
                let lines: Vec<String> = t
                    .lines()
                    .enumerate()
                    .map(|(i, l)| {
                        if i + 1 == p {
                            format!("previous = \"{}\"", "é".repeat(32))
                        } else {
                            l.to_string()
                        }
                    })
                    .collect();
                lines.join("\n") + "\n"
            })
        }),
        ("revision dated 30 February", |s| {
            s.edit(REV2, |t| t.replace("date = 2020-06-01", "date = 2020-02-30"))
        }),
        ("revision with a time of day", |s| {
            s.edit(REV2, |t| t.replace("date = 2020-06-01", "date = 2020-06-01T10:00:00"))
        }),
        ("two revisions the same day", |s| {
            s.write("history/doc/2020-06-01-2.md", &s.read(REV2))
        }),
        ("huge revision sequence number", |s| {
            s.write("history/doc/2020-06-01-99999999999999999999.md", &s.read(REV2))
        }),
        ("history is a file", |s| {
            s.remove("history");
            s.write("history", "");
        }),
        ("content is a file", |s| {
            s.remove("content");
            s.write("content", "");
        }),
        ("theme template not UTF-8", |s| {
            s.write_bytes("themes/default/templates/index.html", &[0xff, 0xfe])
        }),
        ("theme template failing to render", |s| {
            s.write("themes/default/templates/index.html", "{{ nothing.here }}")
        }),
        ("empty theme template", |s| {
            s.write("themes/default/templates/base.html", "")
        }),
    ];
    // One thread per case: each runs charter twice.
    std::thread::scope(|scope| {
        for (name, breaks) in cases {
            scope.spawn(move || {
                let site = Site::minimal();
                breaks(&site);
                for run in [site.check(), site.build(&["--drafts"])] {
                    // `Run::of` already failed the test if charter panicked.
                    assert!(
                        matches!(run.code, Some(0) | Some(1)),
                        "{name}: exit code {:?}:\n{}",
                        run.code,
                        run.stderr
                    );
                    if run.code == Some(1) {
                        assert!(
                            run.stderr.lines().any(|l| l.starts_with("error:")),
                            "{name}: a failure says why:\n{}",
                            run.stderr
                        );
                    }
                }
            });
        }
    });
}

// ---------------------------------------------------------------------------
// Inputs that are not regular files: links, FIFOs, devices, huge files

/// A file outside the site, as a link could reach it.
#[cfg(unix)]
fn outside_secret(site: &Site) -> std::path::PathBuf {
    let secret = site.outside().join("secret.txt");
    std::fs::write(&secret, "machine-only secret 7f3a\n").unwrap();
    secret
}

#[cfg(unix)]
fn link(site: &Site, rel: &str, to: &std::path::Path) {
    let path = site.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(to, path).unwrap();
}

/// [`assert_rejected`] for a site holding links and FIFOs, which must not
/// be read to compare the site: check and build fail with `expected`, the
/// previous output stays as it was, and holds nothing of the linked secret.
fn assert_refused(site: &Site, expected: &[Expected<'_>]) {
    let before = tree(&site.path("public"));
    assert_reports(site, &site.check(), expected, "check");
    assert_reports(site, &site.build(&[]), expected, "build");
    let after = tree(&site.path("public"));
    assert_same_tree(&before, &after, "the previous output after a failed build");
    for (path, bytes) in after {
        let text = String::from_utf8_lossy(bytes.as_deref().unwrap_or_default()).into_owned();
        assert!(
            !text.contains("machine-only secret"),
            "{path} holds the linked file's text"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_static_file_linked_to_a_file_of_the_machine_is_refused() {
    let site = broken(|s| {
        let secret = outside_secret(s);
        link(s, "themes/default/static/passwd.txt", &secret);
    });
    let file = "themes/default/static/passwd.txt";
    assert_refused(&site, &[expect(file, None, &["symbolic link", "replace the link"])]);
}

#[cfg(unix)]
#[test]
fn a_theme_folder_linked_elsewhere_is_not_walked() {
    let site = broken(|s| {
        outside_secret(s);
        link(s, "themes/default/static/etc", s.outside());
    });
    assert_refused(
        &site,
        &[expect("themes/default/static/etc", None, &["symbolic link", "folder"])],
    );
}

#[cfg(unix)]
#[test]
fn linked_documents_revisions_and_folders_are_refused() {
    let site = broken(|s| {
        // The linked copies hold the very text they replace: only the link is wrong.
        let copy = s.outside().join("doc.md");
        std::fs::write(&copy, s.read(DOC)).unwrap();
        s.remove(DOC);
        link(s, DOC, &copy);
        link(s, "content/zero.md", std::path::Path::new("/dev/zero"));
        let rev = s.outside().join("rev.md");
        std::fs::write(&rev, s.read(REV3)).unwrap();
        s.remove(REV3);
        link(s, REV3, &rev);
        link(s, "history/zero", std::path::Path::new("/dev"));
    });
    assert_refused(
        &site,
        &[
            expect(DOC, None, &["symbolic link", "replace the link"]),
            expect("content/zero.md", None, &["symbolic link"]),
            expect(REV3, None, &["symbolic link"]),
            expect("history/zero", None, &["symbolic link"]),
        ],
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_in_content_is_refused_without_waiting_for_a_writer() {
    let site = broken(|s| {
        let fifo = std::ffi::CString::new(s.path("content/pipe.md").to_str().unwrap()).unwrap();
        // SAFETY: a NUL-terminated path; mkfifo only creates the file.
        assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o600) }, 0);
    });
    assert_refused(&site, &[expect("content/pipe.md", None, &["FIFO", "remove it"])]);
}

#[test]
fn a_huge_document_is_refused_unread() {
    let site = broken(|s| {
        // Sparse: a gigabyte that takes no room on the disk.
        let file = std::fs::File::create(s.path("content/huge.md")).unwrap();
        file.set_len(1 << 30).unwrap();
    });
    assert_refused(
        &site,
        &[expect("content/huge.md", None, &["1 GiB", "16 MiB", "remove it"])],
    );
}

// ---------------------------------------------------------------------------
// Characters no page or feed can carry: control characters, noncharacters

/// Parses `xml` with a strict parser (well-formedness, legal characters).
fn strict_xml<'x>(xml: &'x str, what: &str) -> roxmltree::Document<'x> {
    roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{what} is not well-formed XML: {e}"))
}

#[test]
fn control_characters_in_a_document_and_site_toml_are_refused_with_their_lines() {
    // site.toml is read first, and alone when it is unusable.
    let site = broken(|s| {
        s.edit("site.toml", |t| {
            t.replace("title = \"Mini\"", "title = \"Mini\\u000B\"")
        })
    });
    assert_rejected(
        &site,
        &[expect(
            "site.toml",
            Some(1),
            &["`title`", "U+000B", "control character"],
        )],
    );

    let site = broken(|s| {
        s.edit(DOC, |t| {
            t.replace("title = \"Doc\"", "title = \"Doc\\b\"")
                .replace("Intro.", "Intro\u{0}.")
                .replace("New.", "New\u{fffe}.")
        });
    });
    let doc = site.read(DOC);
    assert_rejected(
        &site,
        &[
            expect(DOC, Some(2), &["`title`", "U+0008", "delete it"]),
            expect(DOC, Some(line_no(&doc, "Intro")), &["U+0000", "feed"]),
            expect(DOC, Some(line_no(&doc, "New")), &["U+FFFE", "noncharacter"]),
        ],
    );
}

#[test]
fn forbidden_characters_in_published_revisions_are_reported_and_kept_out_of_the_feeds() {
    let site = Site::minimal();
    let body = MINI_V3.replace("New.", "New\u{0}, and \u{1b}revised.");
    site.publish(
        "doc",
        &Publish::new("2021-06-01", "Revised\u{8} the third article", &body).change(
            "third",
            None,
            "we revised \u{fffe}it",
        ),
    );
    // The working copy is clean: only the published revision holds them.
    site.write(DOC, MINI_V3);
    let rev = "history/doc/2021-06-01.md";
    let text = site.read(rev);

    let check = site.check();
    check.assert_success();
    for (line, says) in [
        (line_no(&text, "summary = "), "U+0008"),
        (line_no(&text, "note = "), "U+FFFE"),
        (line_no(&text, "New"), "U+0000"),
    ] {
        let prefix = format!("{}:{line}: warning: ", site.shown(rev));
        let message = check
            .diagnostic(&prefix)
            .unwrap_or_else(|| panic!("no `{prefix}…` in:\n{}", check.stderr));
        assert!(message.contains(says), "{message}");
        assert!(message.contains("publish a corrected revision"), "{message}");
    }
    // The published bytes keep their hash: no tampering is reported.
    assert!(!check.stderr.contains("sha256"), "{}", check.stderr);

    site.build_ok(&[]);
    let out = site.public();
    for feed in ["/atom.xml", "/doc/atom.xml"] {
        let xml = out.text(feed);
        strict_xml(&xml, feed);
        assert!(xml.contains("Revised\u{fffd} the third article"), "{feed}");
        assert!(!xml.contains(['\u{0}', '\u{8}', '\u{1b}', '\u{fffe}']), "{feed}");
    }
    let page = out.text("/doc/revisions/2021-06-01/");
    assert!(
        !page.contains(['\u{0}', '\u{8}', '\u{1b}', '\u{fffe}']),
        "the revision's page"
    );
    assert!(page.contains("New\u{fffd}, and \u{fffd}revised."));
    let json: serde_json::Value = serde_json::from_str(&out.text("/feed.json")).expect("feed.json parses");
    assert_eq!(json["items"][0]["summary"], "Revised\u{fffd} the third article");
}

#[test]
fn revise_refuses_a_summary_or_note_of_two_lines_or_with_a_control_character() {
    let site = Site::minimal();
    site.edit(DOC, |t| t.replace("New.", "New, and longer."));
    let before = tree(site.root());
    for (args, says) in [
        (vec!["--summary", "Two\nlines"], "one line"),
        (vec!["--summary", "Carriage\rreturn"], "one line"),
        (vec!["--summary", "Bell\u{7}"], "U+0007"),
        (vec!["--summary", "Fine", "--change", "third=we\nadded"], "one line"),
        (vec!["--summary", "Fine", "--change", "third=we\u{1}added"], "U+0001"),
    ] {
        let mut cmd = site.command("revise");
        cmd.args(["doc", "--date", "2026-11-29"]).args(&args);
        let run = Run::of(&mut cmd);
        run.assert_failure();
        assert!(run.stderr.contains(says), "{args:?}: {}", run.stderr);
        assert_same_tree(&before, &tree(site.root()), "the site after a refused revise");
    }
}

/// Text that is unusual but valid everywhere: markup characters, a CDATA
/// end, emoji, right-to-left scripts, combining marks, a tab.
const UNUSUAL: &str = "Tea & <cake> \"quoted\" 'single' ]]> 🚲🧾 שלום مرحبا e\u{301}te\u{301} n\u{303}\tend";

#[test]
fn unusual_but_valid_text_builds_into_well_formed_feeds() {
    let site = Site::example();
    let body = format!(
        "+++\ntitle = {}\ndescription = {}\n+++\n{UNUSUAL}\n\n## Rules {{#rules}}\n\n{UNUSUAL}\n",
        toml_string(&format!("House rules {UNUSUAL}")),
        toml_string(UNUSUAL)
    );
    site.publish("house-rules", &Publish::new("2026-01-05", UNUSUAL, &body));
    site.check().assert_success();
    site.build_ok(&[]);
    let out = site.public();

    for path in ["/atom.xml", "/house-rules/atom.xml"] {
        let xml = out.text(path);
        let doc = strict_xml(&xml, path);
        let titles: Vec<String> = doc
            .descendants()
            .filter(|n| n.has_tag_name("title"))
            .filter_map(|n| n.text().map(str::to_string))
            .collect();
        assert!(titles.iter().any(|t| t.contains(UNUSUAL)), "{path}: {titles:?}");
        let feed = feed_rs::parser::parse(xml.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(
            feed.entries
                .iter()
                .any(|e| e.title.as_ref().is_some_and(|t| t.content.contains(UNUSUAL))),
            "{path}"
        );
    }
    let json: serde_json::Value = serde_json::from_str(&out.text("/feed.json")).expect("feed.json parses");
    let items = json["items"].as_array().expect("items");
    assert!(items.iter().any(|i| i["summary"] == UNUSUAL), "{json}");
    let page = out.page("/house-rules/");
    // A page's text shows the tab as the space it is rendered as.
    let shown = UNUSUAL.replace('\t', " ");
    assert!(main_text(&page).contains(&shown), "{}", main_text(&page));
}
