//! Properties over generated texts: the importer never panics, and whatever it
//! imports loads as a charter document whose first revision names only
//! articles and sections it has.

use std::path::Path;

use proptest::prelude::*;

use super::*;
use crate::load::document::parse;

/// Lines that exercise the importer: headings of every kind and level,
/// numbers, ids, revision blocks, rules, quotes, lists and code.
const PIECES: &[&str] = &[
    "# Kite Club Rules",
    "# 1. Numbered title",
    "## 1. Joining",
    "## 2 Fees {#fees}",
    "## Article 3: Safety",
    "## 第4条（連絡）",
    "## 連絡先",
    "## ★",
    "## {#empty}",
    "##",
    "## Fees {#toc}",
    "## Bad id {#a/b}",
    "### 1.1 Deposits",
    "### Helmets {#fees}",
    "### ",
    "#### Notes",
    "##### Deep",
    "Underlined",
    "===",
    "---",
    "* * *",
    "Some text.",
    "*An italic note.*",
    "> *Quoted italic.*",
    "> ## Quoted heading",
    "- ## Listed heading",
    "- In Article 1, we changed the fees.",
    "- In Article 2 \"Fees\", we updated the \"Deposits\" section.",
    "1. Ordinary list",
    "1\\. Escaped number",
    "( 1 ) Bracketed number",
    "## Revision information",
    "## 2020/2/29",
    "2021年1月5日",
    "### Main revisions:",
    "[Past revisions](https://example.com/)",
    "```",
    "    indented code",
    "[ref]: https://example.com/",
    "| a | b |\n| - | - |\n| 1 | 2 |",
    "Text[^n]\n\n[^n]: A footnote.",
    "> Quoted setext\n> ---",
    "- Listed setext\n  ===",
    "### Closing hashes ###",
    "## Article 5",
    "   ## Indented heading",
    "<div>\n## not a heading\n</div>",
    "# Revision history",
    "## Tidewater **Rules** `v2`",
    "## Overview",
    "### Article 1: Scope",
    "### 2. Fees",
    "#### 2.1 Late fees",
    "## Kite Club Rules",
    "Updated the fees.",
    "- In Article 1 \"Scope\", we updated the \"Late fees\" section.",
    "[^n]: A footnote with a heading?\n    ## Inside footnote",
    "",
];

fn text() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((0..PIECES.len(), prop::bool::ANY), 0..40),
        prop::bool::ANY,
        prop::sample::select(vec![
            "",
            "---\ntitle: Yaml Title\nother: x\n---\n",
            "+++\ntitle = \"Toml\"\n+++\n",
        ]),
    )
        .prop_map(|(pieces, crlf, front)| {
            let mut s = front.to_string();
            for (i, blank) in pieces {
                s.push_str(PIECES[i]);
                s.push_str(if blank { "\n\n" } else { "\n" });
            }
            if crlf { s.replace('\n', "\r\n") } else { s }
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn imports_load(text in text(), titled in prop::bool::ANY) {
        let opts = Options { id: "rules".to_string(), title: titled.then(|| "Given Title".to_string()), ..Options::default() };
        match markdown(&text, &opts) {
            Err(e) => {
                // Only a missing title or a revision line that names nothing stop an import.
                prop_assert!(e.message.contains("--title") || e.message.contains("main revision"), "{}", e);
                prop_assert!(e.line >= 1 && e.line <= text.lines().count().max(1));
            }
            Ok(imported) => {
                let doc = parse(&imported.document, Path::new("content/x.md"), 1);
                let doc = match doc {
                    Ok(doc) => doc,
                    Err(p) => {
                        let list: Vec<String> = p.iter().map(|d| d.to_string()).collect();
                        return Err(TestCaseError::fail(format!("{}\n---\n{}", list.join("\n"), imported.document)));
                    }
                };
                let again = markdown(&imported.document, &Options::default()).map(|i| i.document);
                prop_assert_eq!(again.as_ref(), Ok(&imported.document), "not a fixed point");
                for c in imported.revision.iter().flat_map(|r| &r.changes) {
                    let a = doc.article(&c.article);
                    prop_assert!(a.is_some(), "no article {}", c.article);
                    if let Some(s) = &c.section {
                        prop_assert!(a.unwrap().section(s).is_some(), "no section {}", s);
                    }
                }
            }
        }
    }
}
