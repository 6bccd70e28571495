//! The theme: templates and static files, built into the binary and
//! overridable file by file from the site's `themes/<name>/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rust_embed::RustEmbed;
use serde::Serialize;
use tera::Tera;

use super::scan::Reads;
use crate::diagnostic::Diagnostic;
use crate::load::Root;

/// The default theme, compiled in so that a site needs no `themes/` folder.
#[derive(RustEmbed)]
#[folder = "themes/default/"]
struct DefaultTheme;

pub const THEMES_DIR: &str = "themes";

/// The built-in theme's files: `templates/…` and `static/…`, sorted.
pub fn builtin_files() -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = DefaultTheme::iter()
        .filter_map(|path| DefaultTheme::get(&path).map(|f| (path.to_string(), f.data.into_owned())))
        .collect();
    files.sort();
    files
}

/// Where one theme file came from, for messages.
#[derive(Debug, Clone)]
enum Origin {
    BuiltIn,
    Site(PathBuf),
}

/// A loaded theme, ready to render.
pub struct Theme {
    tera: Tera,
    /// `static/` files by path relative to `static/`.
    pub static_files: BTreeMap<String, Vec<u8>>,
    origins: BTreeMap<String, Origin>,
    /// What the templates read of a page's context.
    reads: Reads,
}

impl Theme {
    /// Loads the built-in theme with the site's `themes/<name>/` files over it.
    pub fn load(root: &Root, name: &str) -> Result<Theme, Vec<Diagnostic>> {
        let mut files: BTreeMap<String, (Vec<u8>, Origin)> = builtin_files()
            .into_iter()
            .map(|(path, bytes)| (path, (bytes, Origin::BuiltIn)))
            .collect();
        let theme_rel = Path::new(THEMES_DIR).join(name);
        let theme_dir = root.dir.join(&theme_rel);
        if theme_dir.is_dir() {
            let mut found = Vec::new();
            walk(&theme_dir, Path::new(""), &mut found).map_err(|e| {
                vec![Diagnostic::error(
                    root.shown(&theme_rel),
                    None,
                    format!("cannot read the theme: {e}"),
                )]
            })?;
            for rel in found {
                let key = rel.to_string_lossy().replace('\\', "/");
                let shown = root.shown(theme_rel.join(&rel));
                let bytes = std::fs::read(theme_dir.join(&rel))
                    .map_err(|e| vec![Diagnostic::error(&shown, None, format!("cannot read: {e}"))])?;
                files.insert(key, (bytes, Origin::Site(shown)));
            }
        } else if name != "default" {
            return Err(vec![Diagnostic::error(
                root.shown("site.toml"),
                None,
                format!(
                    "theme `{name}` not found: create {} or remove `theme` from [build] to use the built-in theme",
                    root.shown(&theme_rel).display()
                ),
            )]);
        }

        let mut templates = Vec::new();
        let mut static_files = BTreeMap::new();
        let mut origins = BTreeMap::new();
        let mut problems = Vec::new();
        for (key, (bytes, origin)) in files {
            if let Some(name) = key.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => {
                        origins.insert(name.to_string(), origin);
                        templates.push((name.to_string(), text));
                    }
                    Err(_) => problems.push(origin_diagnostic(&origin, &key, "the template is not valid UTF-8")),
                }
            } else if let Some(rel) = key.strip_prefix("static/") {
                static_files.insert(rel.to_string(), bytes);
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }

        if let Some(cycle) = include_cycle(&templates) {
            let first = &cycle[0];
            let message = format!(
                "templates include, extend or import one another in a loop ({}): rendering them would never \
                 end; remove one of these tags",
                cycle.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(" → ")
            );
            let mut d = match origins.get(&first.name) {
                Some(origin) => origin_diagnostic(origin, &format!("templates/{}", first.name), &message),
                None => Diagnostic::error(root.shown(&theme_rel), None, message),
            };
            d.line = Some(first.line);
            return Err(vec![d]);
        }
        let reads = Reads::of(templates.iter().map(|(_, text)| text.as_str()));
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape);
        // A page must depend on the site alone: two builds of the same input
        // are byte-identical, whatever the environment.
        tera.register_function("get_env", |_: &std::collections::HashMap<String, tera::Value>| {
            Err(tera::Error::msg(
                "get_env is not available: pages must not depend on the environment; use [extra] in site.toml",
            ))
        });
        // Tera names the template it failed on; point at that file.
        if let Err(e) = tera.add_raw_templates(templates) {
            let text = error_chain(&e);
            let culprit = origins.iter().find(|(name, _)| text.contains(&format!("'{name}'")));
            let d = match culprit {
                Some((name, origin)) => origin_diagnostic(origin, &format!("templates/{name}"), &text),
                None => Diagnostic::error(root.shown(&theme_rel), None, text),
            };
            return Err(vec![d]);
        }
        Ok(Theme {
            tera,
            static_files,
            origins,
            reads,
        })
    }

    /// What the templates read of a page's context: see [`Reads`].
    pub(crate) fn reads(&self) -> Reads {
        self.reads
    }

    /// Renders `template` with `context`; an error names the template's file.
    /// `capacity`: about how long the page will be.
    pub fn render<T: Serialize>(&self, template: &str, context: &T, capacity: usize) -> Result<Vec<u8>, Diagnostic> {
        let fail = |text: String| match self.origins.get(template) {
            Some(origin) => origin_diagnostic(origin, &format!("templates/{template}"), &text),
            None => Diagnostic::error(format!("templates/{template}"), None, text),
        };
        let ctx = tera::Context::from_serialize(context).map_err(|e| fail(error_chain(&e)))?;
        // Bytes, not a String: the page goes to a file as it is, so checking
        // that it is UTF-8 (Tera's `render` does) would only cost a pass over it.
        let mut page = Vec::with_capacity(capacity);
        self.tera
            .render_to(template, &ctx, &mut page)
            .map_err(|e| fail(error_chain(&e)))?;
        Ok(page)
    }
}

fn origin_diagnostic(origin: &Origin, key: &str, message: &str) -> Diagnostic {
    let line = template_line(message);
    match origin {
        Origin::Site(path) => Diagnostic::error(
            path,
            line,
            format!("{message}; fix the template, or delete it to use the built-in one"),
        ),
        Origin::BuiltIn => Diagnostic::error(format!("(built-in theme)/{key}"), line, message.to_string()),
    }
}

/// Tera writes a parse error's place as `--> 3:6`.
fn template_line(message: &str) -> Option<usize> {
    let at = message.find("--> ")? + 4;
    let digits: String = message[at..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// Tera hides the useful part (line, column, what was expected) in the error's sources.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts
        .join(": ")
        .replace("\n", " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A template's tag naming another: `{% include "x" %}`, `{% extends "x" %}`
/// or `{% import "x" as y %}`, and the line it stands on.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Reference {
    name: String,
    line: usize,
}

/// Templates that include, extend or import one another in a loop: Tera 1
/// catches a loop of `extends` alone, and an `include` of itself recurses
/// until the stack overflows, which kills the process without a word. The
/// loop as a list of tags: each names the template the next one stands in,
/// the last names the template of the first.
fn include_cycle(templates: &[(String, String)]) -> Option<Vec<Reference>> {
    let refs: BTreeMap<&str, Vec<Reference>> = templates
        .iter()
        .map(|(name, text)| (name.as_str(), references(text)))
        .collect();
    let mut done: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for start in refs.keys() {
        // Depth first; `path` holds (template, tag followed out of it).
        let mut path: Vec<(&str, usize)> = vec![(start, 0)];
        while let Some(&mut (name, ref mut next)) = path.last_mut() {
            let Some(r) = refs.get(name).and_then(|r| r.get(*next)) else {
                done.insert(name);
                path.pop();
                continue;
            };
            *next += 1;
            let target = r.name.as_str();
            if let Some(at) = path.iter().position(|&(n, _)| n == target) {
                let cycle = path[at..].iter().map(|&(n, k)| Reference {
                    name: n.to_string(),
                    line: refs[n][k - 1].line,
                });
                return Some(cycle.collect());
            }
            if let Some((&known, _)) = refs.get_key_value(target)
                && !done.contains(known)
            {
                path.push((known, 0));
            }
        }
    }
    None
}

/// The templates a template's tags name, in order; comments are skipped.
fn references(text: &str) -> Vec<Reference> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = text[at..].find("{%").map(|o| at + o) {
        if let Some(comment) = text[at..open].find("{#") {
            // A tag inside a comment is no tag: go past the comment.
            match text[at + comment..].find("#}") {
                Some(end) => at += comment + end + 2,
                None => break,
            }
            continue;
        }
        let Some(close) = text[open..].find("%}").map(|c| open + c) else {
            break;
        };
        let tag = text[open + 2..close].trim_matches(|c: char| c == '-' || c.is_whitespace());
        let (keyword, args) = tag.split_once(char::is_whitespace).unwrap_or((tag, ""));
        let names = match keyword {
            "include" => quoted(args),
            "extends" | "import" => quoted(args).into_iter().take(1).collect(),
            _ => Vec::new(),
        };
        let line = text[..open].matches('\n').count() + 1;
        out.extend(names.into_iter().map(|name| Reference { name, line }));
        at = close + 2;
    }
    out
}

/// The strings quoted in a tag's arguments, with any of Tera's quotes.
fn quoted(args: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = args;
    while let Some(start) = rest.find(['"', '\'', '`']) {
        let quote = rest[start..].chars().next().unwrap_or('"');
        let Some(len) = rest[start + 1..].find(quote) else {
            break;
        };
        out.push(rest[start + 1..start + 1 + len].to_string());
        rest = &rest[start + len + 2..];
    }
    out
}

fn walk(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        if path.is_dir() {
            walk(&path, &rel.join(&name), out)?;
        } else {
            out.push(rel.join(&name));
        }
    }
    Ok(())
}

/// HTML escaping without Tera 1's `/` → `&#x2F;`, which mangles every URL.
pub(crate) fn escape(s: &str) -> String {
    super::markdown::escape(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cycle(templates: &[(&str, &str)]) -> Option<Vec<(String, usize)>> {
        let owned: Vec<(String, String)> = templates.iter().map(|(n, t)| (n.to_string(), t.to_string())).collect();
        include_cycle(&owned).map(|c| c.into_iter().map(|r| (r.name, r.line)).collect())
    }

    #[test]
    fn loops_of_includes_extends_and_imports_are_found() {
        assert_eq!(
            cycle(&[("a.html", "x\n{% include \"a.html\" %}")]),
            Some(vec![("a.html".into(), 2)])
        );
        let found = cycle(&[
            ("a.html", "{%- include ['b.html', \"c.html\"] ignore missing -%}"),
            ("b.html", "fine"),
            ("c.html", "{% import \"d.html\" as d %}"),
            ("d.html", "\n\n{% extends \"a.html\" %}"),
        ]);
        assert_eq!(
            found,
            Some(vec![("a.html".into(), 1), ("c.html".into(), 1), ("d.html".into(), 3)])
        );
    }

    #[test]
    fn no_loop_no_report() {
        assert_eq!(
            cycle(&[
                ("a.html", "{% include \"b.html\" %}{% include \"b.html\" %}"),
                ("b.html", "{% include \"missing.html\" %}")
            ]),
            None
        );
        // A tag in a comment is not followed.
        assert_eq!(
            cycle(&[("a.html", "{# {% include \"a.html\" %} #}{% if x %}{% endif %}")]),
            None
        );
        let builtin: Vec<(String, String)> = builtin_files()
            .into_iter()
            .filter_map(|(p, b)| Some((p.strip_prefix("templates/")?.to_string(), String::from_utf8(b).ok()?)))
            .collect();
        assert!(!builtin.is_empty());
        assert_eq!(include_cycle(&builtin), None);
    }

    /// `changes` writes out `change` for each item rather than calling it
    /// (a macro call per item was a tenth of a page's rendering): the two
    /// must say the same.
    #[test]
    fn the_changes_list_says_what_change_says() {
        let macros = super::builtin_files()
            .into_iter()
            .find(|(p, _)| p == "templates/macros.html")
            .map(|(_, b)| String::from_utf8(b).expect("UTF-8"))
            .expect("macros.html");
        let mut tera = tera::Tera::default();
        tera.add_raw_templates([
            ("macros.html", macros.as_str()),
            (
                "t.html",
                "{% import \"macros.html\" as m %}{% for local in [true, false] %}\
                 {% for c in r.changes %}<li>{{ m::change(c=c, local=local) }}</li>{% endfor %}|\
                 {{ m::changes(r=r, local=local) }}§{% endfor %}",
            ),
        ])
        .expect("templates parse");
        let change = |section: Option<&str>| {
            serde_json::json!({
                "article_id": "cookies", "article_label": "Article 11", "article_title": "Cookies & <more>",
                "section_id": section.map(|_| "performance"), "section_title": section,
                "note": "we added a \"bot\" check", "anchor": "performance", "url": "https://x.example/p/#performance",
            })
        };
        let ctx = serde_json::json!({ "r": { "changes": [change(Some("Performance")), change(None)] } });
        let out = tera
            .render("t.html", &tera::Context::from_value(ctx).expect("an object"))
            .expect("renders");
        let parts: Vec<&str> = out.split_terminator('§').collect();
        assert_eq!(parts.len(), 2, "{out}");
        for line in parts {
            let (items, list) = line.split_once('|').expect("items|list");
            assert!(items.contains("href") && items.contains("&lt;more&gt;"), "{items}");
            let listed: String = list.lines().filter(|l| l.starts_with("<li>")).collect();
            assert_eq!(list.matches("<li>").count(), 2, "{list}");
            assert_eq!(listed, items, "{line}");
        }
    }
}
