//! Holds `docs/themes.md` to the context structs: every field a template
//! receives is documented, every documented field exists, and the doc says
//! "or null" exactly where the field may be absent. Theme authors write
//! against that page, so a field added, renamed or made optional without
//! it is a breaking change nobody was told about.
//!
//! The structs' shapes come from their JSON schemas (derived in tests
//! only), so the test follows the types themselves, not a sample page
//! that may leave an optional part out.

use std::collections::{BTreeMap, BTreeSet};

use schemars::{JsonSchema, schema_for};
use serde_json::Value;

use super::context::*;

const DOC: &str = include_str!("../../docs/themes.md");

/// One documented or actual field: its name, whether it may be null, and
/// the struct it holds (directly, in an array or behind null), if any.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Field {
    name: String,
    nullable: bool,
    holds: Option<String>,
}

/// Every struct reachable from the page contexts, by name, with its fields.
fn actual() -> BTreeMap<String, BTreeSet<Field>> {
    fn add<T: JsonSchema>(all: &mut BTreeMap<String, Value>) {
        let schema = schema_for!(T).to_value();
        if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
            for (name, def) in defs {
                all.insert(name.clone(), def.clone());
            }
        }
        all.insert(T::schema_name().into_owned(), schema);
    }
    let mut schemas = BTreeMap::new();
    add::<IndexPage>(&mut schemas);
    add::<DocumentPage>(&mut schemas);
    add::<RevisionsPage>(&mut schemas);
    add::<RevisionPage>(&mut schemas);
    add::<InForcePage>(&mut schemas);
    add::<ChangesPage>(&mut schemas);
    add::<ArticlePage>(&mut schemas);
    add::<AnnouncementsPage>(&mut schemas);
    add::<NotFoundPage>(&mut schemas);
    add::<SitemapPage>(&mut schemas);
    add::<RobotsPage>(&mut schemas);
    let structs: BTreeSet<String> = schemas
        .iter()
        .filter(|(_, s)| s.get("properties").is_some())
        .map(|(name, _)| name.clone())
        .collect();
    schemas
        .iter()
        .filter_map(|(name, schema)| {
            let properties = schema.get("properties")?.as_object()?;
            let required: BTreeSet<&str> = schema
                .get("required")
                .and_then(Value::as_array)
                .map(|r| r.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            let fields = properties
                .iter()
                .map(|(field, s)| Field {
                    name: field.clone(),
                    nullable: !required.contains(field.as_str()),
                    holds: referenced(s).filter(|r| structs.contains(r)),
                })
                .collect();
            Some((name.clone(), fields))
        })
        .collect()
}

/// The struct a property's schema refers to (`#/$defs/Name`), wherever it
/// sits in it (an array's items, one side of "or null").
fn referenced(schema: &Value) -> Option<String> {
    match schema {
        Value::Object(map) => map
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/$defs/"))
            .map(str::to_string)
            .or_else(|| map.values().find_map(referenced)),
        Value::Array(items) => items.iter().find_map(referenced),
        _ => None,
    }
}

/// The field tables of docs/themes.md: under each `#### Name` heading, the
/// first table whose header is `| field | type | meaning |`.
fn documented() -> BTreeMap<String, BTreeSet<Field>> {
    let mut out: BTreeMap<String, BTreeSet<Field>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let mut in_table = false;
    let mut done = false;
    for line in DOC.lines() {
        if let Some(name) = line.strip_prefix("#### ") {
            current = Some(name.trim().to_string());
            (in_table, done) = (false, false);
            continue;
        }
        let Some(name) = &current else { continue };
        if line.starts_with("| field | type | meaning |") && !done {
            in_table = true;
            out.entry(name.clone()).or_default();
            continue;
        }
        if !in_table || line.starts_with("|---") {
            continue;
        }
        let cells: Vec<&str> = line.split(" | ").collect();
        let Some(field) = cells
            .first()
            .and_then(|c| c.strip_prefix("| `"))
            .and_then(|c| c.strip_suffix('`'))
        else {
            (in_table, done) = (false, true);
            continue;
        };
        let kind = cells.get(1).copied().unwrap_or_default();
        let holds = kind
            .split_once('[')
            .and_then(|(_, rest)| rest.split_once(']'))
            .map(|(name, _)| name.to_string());
        out.get_mut(name).expect("table started").insert(Field {
            name: field.to_string(),
            nullable: kind.ends_with(" or null"),
            holds,
        });
    }
    out
}

#[test]
fn docs_themes_md_documents_every_context_field_and_nothing_else() {
    let actual = actual();
    let documented = documented();
    let mut problems = Vec::new();
    for (name, fields) in &actual {
        match documented.get(name) {
            None => problems.push(format!("{name}: no `#### {name}` section with a field table")),
            Some(doc) => {
                for f in fields.difference(doc) {
                    problems.push(format!(
                        "{name}: the struct has {f:?}, documented differently or not at all"
                    ));
                }
                for f in doc.difference(fields) {
                    problems.push(format!("{name}: documented {f:?}, which the struct does not have"));
                }
            }
        }
    }
    for name in documented.keys().filter(|n| !actual.contains_key(*n)) {
        problems.push(format!("{name}: documented, but no page context holds such a struct"));
    }
    assert!(
        problems.is_empty(),
        "docs/themes.md and src/render/context.rs disagree:\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_doc_parser_reads_fields_types_and_links() {
    let doc = documented();
    let page = &doc["ChangesPage"];
    assert!(page.contains(&Field {
        name: "from".into(),
        nullable: true,
        holds: Some("RevisionLink".into())
    }));
    assert!(page.contains(&Field {
        name: "kind".into(),
        nullable: false,
        holds: None
    }));
    // The first table of the section lists pages, not fields.
    assert!(!page.iter().any(|f| f.name.starts_with('/')));
    assert!(
        doc["IndexPage"]
            .iter()
            .any(|f| f.holds.as_deref() == Some("DocumentCard"))
    );
}
