//! The theme's words: its strings tables, one per language, and the `t`
//! function through which templates read them.
//!
//! A site's `themes/<name>/strings/<lang>.toml` is put over the built-in
//! English table key by key ([`crate::strings::Strings::merged`]). A page's
//! language picks the table: `<tag>.toml`, then the primary subtag's
//! (`en-GB` -> `en`), then English (the site's `en.toml` over the built-in
//! one).

use std::collections::HashMap;
use std::fmt::Write;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::strings::{self, Strings};

/// Every strings table of a theme, by the file's name without `.toml`.
#[derive(Debug, Clone)]
pub struct Languages {
    tables: HashMap<String, Arc<Strings>>,
    /// The site's language, for pages that name none.
    default: String,
    /// Its table, resolved once: nearly every lookup is for it.
    site: Arc<Strings>,
    /// Every language gets the site's table: no page's language need be read.
    single: bool,
}

impl Languages {
    /// Reads the site's strings `files` (path under `strings/`, text, path
    /// to show) for a site in `language`, whose `site.toml` and theme's
    /// `strings/` folder are shown as `site_toml` and `strings_dir`. A
    /// warning says when the language is not English and no file covers it.
    pub fn read(
        files: Vec<(String, String, PathBuf)>,
        language: &str,
        (site_toml, strings_dir): (PathBuf, PathBuf),
    ) -> Result<(Languages, Vec<Diagnostic>), Vec<Diagnostic>> {
        let mut tables = HashMap::new();
        let mut problems = Vec::new();
        for (rel, text, shown) in files {
            let Some(stem) = rel.strip_suffix(".toml").filter(|s| !s.contains('/')) else {
                continue;
            };
            match Strings::merged(&text) {
                Ok(s) => {
                    tables.insert(stem.to_string(), Arc::new(s));
                }
                Err(found) => problems.extend(found.into_iter().map(|p| Diagnostic::error(&shown, p.line, p.message))),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let site = resolve(&tables, language).clone();
        let single = tables.is_empty() || (tables.len() == 1 && tables.contains_key("en"));
        let languages = Languages {
            tables,
            default: language.to_string(),
            site,
            single,
        };
        let covered = strings::candidates(language)
            .iter()
            .any(|f| languages.tables.contains_key(f.trim_end_matches(".toml")));
        let mut warnings = Vec::new();
        if !covered && !strings::is_english(language) {
            warnings.push(Diagnostic::warning(
                site_toml,
                None,
                format!(
                    "the site's language is `{language}`, but the theme has no words in it: the pages use English \
                     words until you add {} (its keys are those of the built-in en.toml; see docs/themes.md)",
                    strings_dir.join(format!("{language}.toml")).display()
                ),
            ));
        }
        Ok((languages, warnings))
    }

    /// The table for the language `tag`.
    pub fn get(&self, tag: &str) -> &Arc<Strings> {
        match tag == self.default {
            true => &self.site,
            false => resolve(&self.tables, tag),
        }
    }

    /// The table for the site's language.
    pub fn site(&self) -> &Arc<Strings> {
        &self.site
    }

    /// The table of the page being rendered: `page.language`'s, else the
    /// site's (the sitemap has no `page`).
    pub fn for_state(&self, state: &tera::State) -> tera::TeraResult<&Arc<Strings>> {
        if self.single {
            return Ok(self.site());
        }
        // The page's language: one per site for now, but a translated page
        // will name its own.
        let page: Option<tera::Value> = state.get("page")?;
        let language = page.as_ref().and_then(|p| p.get_from_path("language"));
        Ok(match language.and_then(|l| l.as_str()) {
            Some(l) => self.get(l),
            None => self.site(),
        })
    }

    /// `t(key="group.name", name=value…)`: the words of `key` in the
    /// language of the page (`page.language`, else the site's), with the
    /// other arguments in its placeholders. On a page that is escaped, the
    /// words are escaped and so is each argument, unless it is safe (a `{%
    /// set %}` block, or `| safe`): a placeholder can hold a link.
    pub fn function(self: Arc<Self>) -> impl Fn(tera::Kwargs, &tera::State) -> tera::TeraResult<tera::Value> {
        move |kwargs, state| {
            let key: &str = kwargs.must_get("key")?;
            let table = self.for_state(state)?;
            let escape = state.autoescaping_enabled();
            let mut text = |out: &mut String, text: &str| match escape {
                true => crate::html::escape_into(out, text),
                false => out.push_str(text),
            };
            // Each argument written straight into the words, escaped unless safe.
            let mut arg = |out: &mut String, name: &str| {
                let Some((_, value)) = kwargs.iter().find(|(k, _)| k.as_str() == Some(name)) else {
                    return false;
                };
                match value.as_str() {
                    Some(s) if escape && !value.is_safe() => crate::html::escape_into(out, s),
                    Some(s) => out.push_str(s),
                    None if escape => crate::html::escape_into(out, &value.to_string()),
                    None => {
                        let _ = write!(out, "{value}");
                    }
                }
                true
            };
            let count = kwargs
                .iter()
                .find(|(k, _)| k.as_str() == Some("count"))
                .map(|(_, v)| v.to_string());
            let mut out = String::with_capacity(64);
            if !table.write_with(&mut out, key, count.as_deref(), &mut text, &mut arg) {
                return Err(tera::Error::message(format!(
                    "`{key}` is not a key of the strings: see the built-in en.toml for every key"
                )));
            }
            Ok(match escape {
                true => tera::Value::safe_string(&out),
                false => tera::Value::from(out),
            })
        }
    }
}

/// The table for the language `tag` among `tables`: `<tag>`, its primary
/// subtag, `en`, else the built-in English.
fn resolve<'t>(tables: &'t HashMap<String, Arc<Strings>>, tag: &str) -> &'t Arc<Strings> {
    static BUILT_IN: std::sync::OnceLock<Arc<Strings>> = std::sync::OnceLock::new();
    strings::candidates(tag)
        .iter()
        .map(|f| f.trim_end_matches(".toml"))
        .chain(["en"])
        .find_map(|stem| tables.get(stem))
        .unwrap_or_else(|| BUILT_IN.get_or_init(|| Arc::new(Strings::builtin().clone())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(languages: Languages, template: &str, ctx: serde_json::Value) -> String {
        let mut tera = tera::Tera::new();
        tera.autoescape_on([".html"]);
        tera.set_escape_fn(crate::html::escape_to);
        tera.register_function("t", Arc::new(languages).function());
        tera.add_raw_template("p.html", template).expect("parses");
        let ctx = tera::Context::from_serialize(&ctx).expect("an object");
        tera.render("p.html", &ctx).unwrap_or_else(|e| format!("error: {e:?}"))
    }

    fn languages(site: &str) -> Languages {
        let fr = (
            "fr.toml".into(),
            "[revisions]\npublished = \"Publiée\"\n".into(),
            PathBuf::from("fr.toml"),
        );
        Languages::read(vec![fr], site, ("site.toml".into(), "strings".into()))
            .expect("reads")
            .0
    }

    #[test]
    fn t_speaks_the_language_of_the_page() {
        let t = "{{ t(key=\"revisions.published\") }}";
        let page = |lang: &str| serde_json::json!({ "page": { "language": lang } });
        assert_eq!(render(languages("en"), t, page("fr-CA")), "Publiée");
        assert_eq!(render(languages("en"), t, page("en")), "Published");
        assert_eq!(
            render(languages("fr"), t, serde_json::json!({})),
            "Publiée",
            "no page: the site's"
        );
    }

    #[test]
    fn t_escapes_words_and_plain_arguments_but_not_safe_ones() {
        let t = "{% set link %}<a href=\"x\">{{ id }}</a>{% endset %}\
                 {{ t(key=\"changes.comparing\", from=link, to=id) }}";
        let out = render(languages("en"), t, serde_json::json!({ "id": "<b>" }));
        assert_eq!(out, "Comparing <a href=\"x\">&lt;b&gt;</a> with &lt;b&gt;.");
        let out = render(languages("en"), "{{ t(key=\"no.such\") }}", serde_json::json!({}));
        assert!(out.contains("`no.such` is not a key"), "{out}");
    }
}
