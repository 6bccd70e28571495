//! The theme: templates and static files, built into the binary and
//! overridable file by file from the site's `themes/<name>/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rust_embed::RustEmbed;
use serde::Serialize;
use tera::Tera;

use super::scan::Reads;
use super::words::Languages;
use crate::diagnostic::Diagnostic;
use crate::load::{Root, input};
use crate::one_line::one_line;
use crate::strings::Strings;

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
    /// The theme's words, by language.
    pub words: Arc<Languages>,
    /// Problems that do not stop a build (a language without words).
    pub warnings: Vec<Diagnostic>,
}

impl Theme {
    /// Loads the built-in theme with the site's `themes/<name>/` files over
    /// it, its words in `language` (site.toml's `language`).
    pub fn load(root: &Root, name: &str, language: &str) -> Result<Theme, Vec<Diagnostic>> {
        let theme_rel = Path::new(THEMES_DIR).join(name);
        let Sorted {
            templates,
            static_files,
            origins,
            strings,
        } = sort(theme_files(root, name, &theme_rel)?)?;
        let (words, warnings) = Languages::read(
            strings,
            language,
            (root.shown("site.toml"), root.shown(theme_rel.join(crate::strings::DIR))),
        )?;
        let words = Arc::new(words);

        let reads = Reads::of(templates.iter().map(|(_, text)| text.as_str()));
        // Tera 2 has no `get_env` or clock functions, so a page depends on the
        // site alone: two builds of the same input are byte-identical.
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.set_escape_fn(crate::html::escape_to);
        tera.register_function("t", words.clone().function());
        tera.register_filter("date_long", super::dates::filter(words.clone()));
        tera.register_filter("safe", safe);
        let sources: BTreeMap<String, String> = templates.iter().cloned().collect();
        if let Err(e) = tera.add_raw_templates(templates) {
            let mut e = TemplateError::of(&e);
            if let (Some(name), Some(next)) = (&e.template, &e.next) {
                e.line = sources.get(name).and_then(|text| tag_line(text, next));
            }
            let d = match e.template.as_deref().and_then(|name| origins.get_key_value(name)) {
                Some((name, origin)) => origin_diagnostic(origin, name, e.line, &e.message),
                None => Diagnostic::error(root.shown(&theme_rel), None, e.message),
            };
            return Err(vec![d]);
        }
        Ok(Theme {
            tera,
            static_files,
            origins,
            reads,
            words,
            warnings,
        })
    }

    /// What the templates read of a page's context: see [`Reads`].
    pub(crate) fn reads(&self) -> Reads {
        self.reads
    }

    /// Renders `template` with `context`; an error names the template's file.
    /// `capacity`: about how long the page will be.
    pub fn render<T: Serialize>(&self, template: &str, context: &T, capacity: usize) -> Result<Vec<u8>, Diagnostic> {
        // An error inside an included or extended template names that one.
        let fail = |e: &tera::Error| {
            let e = TemplateError::of(e);
            let name = e
                .template
                .as_deref()
                .filter(|n| self.origins.contains_key(*n))
                .unwrap_or(template);
            match self.origins.get(name) {
                Some(origin) => origin_diagnostic(origin, name, e.line, &e.message),
                None => Diagnostic::error(format!("templates/{name}"), None, e.message),
            }
        };
        let ctx = super::shared::for_template(|| tera::Context::from_serialize(context)).map_err(|e| fail(&e))?;
        // Bytes, not a String: the page goes to a file as it is, so checking
        // that it is UTF-8 (Tera's `render` does) would only cost a pass over it.
        let mut page = Vec::with_capacity(capacity);
        self.tera.render_to(template, &ctx, &mut page).map_err(|e| fail(&e))?;
        Ok(page)
    }
}

/// Tera's `safe` filter without its copy: a string is marked safe as it is.
/// A page's diff and text (hundreds of kilobytes on a long policy) go
/// through `| safe`, and the built-in filter copies each into a new string.
fn safe(value: tera::Value, _: tera::Kwargs, _: &tera::State) -> tera::Value {
    if value.as_str().is_some() {
        value.mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// The words of a site's theme in `language`, without loading its
/// templates: for output that uses the theme's words outside a page
/// (`charter diff --format html`).
pub fn site_words(root: &Root, name: &str, language: &str) -> Result<Arc<Strings>, Vec<Diagnostic>> {
    let theme_rel = Path::new(THEMES_DIR).join(name);
    let strings = sort(theme_files(root, name, &theme_rel)?)?.strings;
    let shown = (root.shown("site.toml"), root.shown(theme_rel.join(crate::strings::DIR)));
    Ok(Arc::clone(Languages::read(strings, language, shown)?.0.site()))
}

/// A theme's files by path, with where each came from.
type Files = BTreeMap<String, (Vec<u8>, Origin)>;

/// Every file of the theme by path (`templates/…`, `static/…`,
/// `strings/…`): the built-in ones, with those of the site's
/// `themes/<name>/` (`theme_rel`) over them.
fn theme_files(root: &Root, name: &str, theme_rel: &Path) -> Result<Files, Vec<Diagnostic>> {
    let mut files: Files = builtin_files()
        .into_iter()
        .map(|(path, bytes)| (path, (bytes, Origin::BuiltIn)))
        .collect();
    let theme_dir = root.dir.join(theme_rel);
    if !theme_folder(root, theme_rel)? {
        if name == "default" {
            return Ok(files);
        }
        return Err(vec![Diagnostic::error(
            root.shown("site.toml"),
            None,
            format!(
                "theme `{name}` not found: create {} or remove `theme` from [build] to use the built-in theme",
                root.shown(theme_rel).display()
            ),
        )]);
    }
    let mut found = Vec::new();
    let mut refused = Vec::new();
    walk(&theme_dir, Path::new(""), &mut found, &mut refused).map_err(|e| {
        vec![Diagnostic::error(
            root.shown(theme_rel),
            None,
            format!("cannot read the theme: {e}"),
        )]
    })?;
    let mut problems: Vec<Diagnostic> = refused
        .into_iter()
        .map(|(rel, why)| Diagnostic::error(root.shown(theme_rel.join(rel)), None, why))
        .collect();
    for rel in found {
        let key = rel.to_string_lossy().replace('\\', "/");
        let shown = root.shown(theme_rel.join(&rel));
        let limit = if key.starts_with("static/") {
            input::STATIC_LIMIT
        } else {
            input::TEXT_LIMIT
        };
        match input::read_regular(&theme_dir.join(&rel), limit) {
            Ok(bytes) => {
                files.insert(key, (bytes, Origin::Site(shown)));
            }
            Err(why) => problems.push(Diagnostic::error(&shown, None, why)),
        }
    }
    match problems.is_empty() {
        true => Ok(files),
        false => Err(problems),
    }
}

/// A theme's files by kind.
struct Sorted {
    /// (name under `templates/`, text).
    templates: Vec<(String, String)>,
    static_files: BTreeMap<String, Vec<u8>>,
    /// Where each template came from.
    origins: BTreeMap<String, Origin>,
    /// The site's strings files: (path under `strings/`, text, path shown).
    strings: Vec<(String, String, PathBuf)>,
}

/// Sorts the theme's `files` by kind; templates and strings must be UTF-8.
/// The built-in `strings/en.toml` is left out: it is the base of every
/// table, read in [`crate::strings`].
fn sort(files: Files) -> Result<Sorted, Vec<Diagnostic>> {
    let mut sorted = Sorted {
        templates: Vec::new(),
        static_files: BTreeMap::new(),
        origins: BTreeMap::new(),
        strings: Vec::new(),
    };
    let mut problems = Vec::new();
    for (key, (bytes, origin)) in files {
        if let Some(name) = key.strip_prefix("templates/") {
            match String::from_utf8(bytes) {
                Ok(text) => {
                    sorted.origins.insert(name.to_string(), origin);
                    sorted.templates.push((name.to_string(), text));
                }
                Err(_) => problems.push(origin_diagnostic(
                    &origin,
                    name,
                    None,
                    "the template is not valid UTF-8",
                )),
            }
        } else if let Some(rel) = key.strip_prefix("static/") {
            sorted.static_files.insert(rel.to_string(), bytes);
        } else if let (Some(rel), Origin::Site(shown)) = (key.strip_prefix("strings/"), &origin) {
            match String::from_utf8(bytes) {
                Ok(text) => sorted.strings.push((rel.to_string(), text, shown.clone())),
                Err(_) => problems.push(Diagnostic::error(shown, None, "the file is not valid UTF-8")),
            }
        }
    }
    match problems.is_empty() {
        true => Ok(sorted),
        false => Err(problems),
    }
}

fn origin_diagnostic(origin: &Origin, name: &str, line: Option<usize>, message: &str) -> Diagnostic {
    match origin {
        Origin::Site(path) => Diagnostic::error(
            path,
            line,
            format!(
                "{}; fix the template, or delete it to use the built-in one",
                message.trim_end_matches('.')
            ),
        ),
        Origin::BuiltIn => Diagnostic::error(format!("(built-in theme)/templates/{name}"), line, message.to_string()),
    }
}

/// A Tera error as one line of text, with the template and line it names.
struct TemplateError {
    template: Option<String>,
    line: Option<usize>,
    message: String,
    /// In a loop of includes or extends: the template `template` names next.
    next: Option<String>,
}

/// The line of the first tag in `text` that names the template `name`
/// (`{% include "name" %}`, `{% extends "name" %}`), for a loop's report.
fn tag_line(text: &str, name: &str) -> Option<usize> {
    let quoted = ['"', '\'', '`'].map(|q| format!("{q}{name}{q}"));
    let at = text.match_indices("{%").find_map(|(open, _)| {
        let tag = &text[open..open + text[open..].find("%}")?];
        let names = tag.contains("include") || tag.contains("extends");
        (names && quoted.iter().any(|q| tag.contains(q.as_str()))).then_some(open)
    })?;
    Some(text[..at].matches('\n').count() + 1)
}

impl TemplateError {
    fn of(e: &tera::Error) -> TemplateError {
        use tera::ErrorKind as K;
        let (template, line, message) = match e.kind() {
            K::SyntaxError(r) | K::RenderingError(r) => {
                let span = r.span();
                let source = source_line(e, span.start_line).unwrap_or_default();
                let mut message = format!("{} (column {}", r.message(), span.start_col + 1);
                if !source.trim().is_empty() {
                    message.push_str(&format!(", near `{}`", source.trim()));
                }
                message.push(')');
                if TERA1.iter().any(|old| source.contains(old)) {
                    message.push_str(TERA1_HINT);
                }
                (Some(r.filename().to_string()), Some(span.start_line), message)
            }
            K::CircularExtend {
                tpl,
                inheritance_chain: chain,
            }
            | K::CircularInclude {
                tpl,
                include_chain: chain,
            } => {
                let verb = if matches!(e.kind(), K::CircularExtend { .. }) {
                    "extend"
                } else {
                    "include"
                };
                let message = format!(
                    "templates {verb} each other in a loop: {}; rendering them would never end: remove one of these tags",
                    chain.join(" → ")
                );
                let next = chain.iter().skip_while(|n| *n != tpl).nth(1).or(chain.get(1)).cloned();
                return TemplateError {
                    template: Some(tpl.clone()),
                    line: None,
                    message,
                    next,
                };
            }
            K::MissingParent { current, parent } => (
                Some(current.clone()),
                None,
                format!("it extends `{parent}`, which is not a template of the theme"),
            ),
            _ => (None, None, error_chain(e)),
        };
        TemplateError {
            template,
            line,
            message: one_line(&message).into_owned(),
            next: None,
        }
    }
}

/// Tera 1 syntax that Tera 2 does not know: themes written before the move.
const TERA1: &[&str] = &["{% import", "{%- import", "{% macro", "{%- macro", "::"];
const TERA1_HINT: &str = ". This is Tera 1 syntax: macros are now components \
     (`{% component %}`, called as `{{<name arg={value} />}}`); docs/themes.md says how to move a theme";

/// Line `line` of the source Tera quotes in its report (`3 | {% if %}`).
fn source_line(e: &tera::Error, line: usize) -> Option<String> {
    let report = e.to_string();
    let prefix = format!("{line} |");
    report
        .lines()
        .find_map(|l| l.trim_start().strip_prefix(&prefix).map(str::to_string))
}

/// Tera hides the useful part of some errors in their sources.
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut source = e.source();
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    parts.join(": ")
}

/// Whether the site has the theme folder `theme_rel` (`themes/<name>`):
/// neither it nor `themes/` may be a link.
fn theme_folder(root: &Root, theme_rel: &Path) -> Result<bool, Vec<Diagnostic>> {
    for rel in [Path::new(THEMES_DIR), theme_rel] {
        match input::kind(&root.dir.join(rel)) {
            Ok(Some(input::Kind::Dir)) => {}
            Ok(None) => return Ok(false),
            Ok(Some(kind)) => {
                let why = kind
                    .refusal()
                    .unwrap_or_else(|| "this is a file: a theme is a folder; move it or rename it".to_string());
                return Err(vec![Diagnostic::error(root.shown(rel), None, why)]);
            }
            Err(e) => {
                return Err(vec![Diagnostic::error(
                    root.shown(rel),
                    None,
                    format!("cannot read the theme: {e}"),
                )]);
            }
        }
    }
    Ok(true)
}

/// The theme's files under `dir`, by path relative to the theme; links and
/// special files go to `refused` with the reason, and are not followed.
fn walk(dir: &Path, rel: &Path, out: &mut Vec<PathBuf>, refused: &mut Vec<(PathBuf, String)>) -> std::io::Result<()> {
    for entry in input::list(dir)? {
        if entry.name.starts_with('.') {
            continue;
        }
        let entry_rel = rel.join(&entry.name);
        if !entry.utf8 {
            refused.push((entry_rel, "the file name is not valid UTF-8: rename it".to_string()));
            continue;
        }
        match entry.kind {
            input::Kind::Dir => walk(&dir.join(&entry.name), &entry_rel, out, refused)?,
            input::Kind::File => out.push(entry_rel),
            kind => refused.push((entry_rel, kind.refusal().unwrap_or_default())),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    /// `changes` writes out `change` for each item rather than calling it
    /// (a component call per item costs as much as the item): the two must
    /// say the same.
    #[test]
    fn the_changes_list_says_what_change_says() {
        let components = super::builtin_files()
            .into_iter()
            .find(|(p, _)| p == "templates/components.html")
            .map(|(_, b)| String::from_utf8(b).expect("UTF-8"))
            .expect("components.html");
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.set_escape_fn(crate::html::escape_to);
        let words = super::Languages::read(Vec::new(), "en", ("site.toml".into(), "strings".into()))
            .expect("English")
            .0;
        let words = std::sync::Arc::new(words);
        tera.register_function("t", words.clone().function());
        tera.register_filter("date_long", crate::render::dates::filter(words));
        tera.add_raw_templates([
            ("components.html", components.as_str()),
            (
                "t.html",
                "{% for local in [true, false] %}\
                 {% for c in r.changes %}<li>{{<change c={c} local={local} />}}</li>{% endfor %}|\
                 {{<changes r={r} local={local} />}}§{% endfor %}",
            ),
        ])
        .expect("templates parse");
        let change = |section: Option<&str>| {
            serde_json::json!({
                "article_id": "cookies", "article_label": "Article 11", "article_title": "Cookies & <more>",
                "section_id": section.map(|_| "performance"), "section_title": section,
                "place": format!("Article 11 “Cookies & <more>”{}", section.map_or(String::new(), |s| format!(" › “{s}”"))),
                "note": "we added a \"bot\" check", "anchor": "performance", "url": "https://x.example/p/#performance",
            })
        };
        let ctx = serde_json::json!({ "r": { "changes": [change(Some("Performance")), change(None)] } });
        let out = tera
            .render("t.html", &tera::Context::from_serialize(&ctx).expect("an object"))
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
