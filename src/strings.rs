//! The words of the generated site: page titles, feed text, diff labels and
//! the templates' words, looked up by key in a strings table.
//!
//! The built-in table is `themes/default/strings/en.toml`; it is also the
//! schema: a site's strings file may set only its keys, with values of the
//! same kind, using only the placeholders the English value uses. This
//! module is at the bottom of the crate, below `render` and `diff`, which
//! both take their words from here; it imports nothing of the crate.
//!
//! A value is a pattern: text with `{name}` placeholders, `{{` and `}}` for
//! literal braces. A value shown with a count may be a table
//! `{ one = "…", other = "…" }`; `one` is used when the `count` argument is
//! `1`. That is the only plural rule for now.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use rustc_hash::FxHashMap as HashMap;
use toml::de::{DeTable, DeValue};

/// The built-in English table, the schema of every other.
pub const BUILTIN: &str = include_str!("../themes/default/strings/en.toml");

/// Where the built-in table lives in the theme, and where a site's goes.
pub const DIR: &str = "strings";

/// A strings table: every key of the built-in one, some maybe replaced.
#[derive(Debug, Clone)]
pub struct Strings {
    texts: HashMap<String, Text>,
}

/// One key's value.
#[derive(Debug, Clone, PartialEq)]
enum Text {
    Plain(Pattern),
    Plural { one: Pattern, other: Pattern },
}

/// A value cut into literal text and placeholders.
#[derive(Debug, Clone, PartialEq, Default)]
struct Pattern(Vec<Piece>);

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Arg(String),
}

/// A problem in a strings file: the line (1-based) and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: Option<usize>,
    pub message: String,
}

impl Strings {
    /// The built-in English table.
    pub fn builtin() -> &'static Strings {
        static BUILT_IN: OnceLock<Strings> = OnceLock::new();
        BUILT_IN.get_or_init(|| {
            let mut texts = HashMap::default();
            let problems = read(BUILTIN, None, &mut texts);
            assert!(problems.is_empty(), "the built-in en.toml: {problems:?}");
            Strings { texts }
        })
    }

    /// The built-in table with the keys of `text`, a site's strings file,
    /// put over it key by key. Every problem of the file is reported.
    pub fn merged(text: &str) -> Result<Strings, Vec<Problem>> {
        let builtin = Strings::builtin();
        let mut texts = builtin.texts.clone();
        let problems = read(text, Some(builtin), &mut texts);
        match problems.is_empty() {
            true => Ok(Strings { texts }),
            false => Err(problems),
        }
    }

    /// Whether `key` ("group.name") is a key of the table.
    pub fn has(&self, key: &str) -> bool {
        self.texts.contains_key(key)
    }

    /// The value of `key` with `args` in its placeholders. A placeholder
    /// without an argument stays as written; an unknown key gives the key,
    /// which a test of every key the code uses rules out.
    pub fn get(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut out = String::new();
        self.write(&mut out, key, args, &mut |out, text| out.push_str(text));
        out
    }

    /// [`Strings::get`] for HTML: the value's own text escaped, the
    /// arguments written as they are (the caller escapes or builds them).
    pub fn html(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut out = String::new();
        self.html_into(&mut out, key, args);
        out
    }

    /// [`Strings::html`], appended to `out`.
    pub fn html_into(&self, out: &mut String, key: &str, args: &[(&str, &str)]) {
        self.write(out, key, args, &mut |out, text| crate::html::escape_into(out, text));
    }

    /// Writes `key` into `out`: its literal text through `text`, each
    /// argument as it is. The `count` argument picks a plural's form.
    pub fn write(&self, out: &mut String, key: &str, args: &[(&str, &str)], text: &mut dyn FnMut(&mut String, &str)) {
        let count = args.iter().find(|(n, _)| *n == "count").map(|(_, c)| *c);
        let mut arg = |out: &mut String, name: &str| {
            let value = args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
            value.inspect(|v| out.push_str(v)).is_some()
        };
        if !self.write_with(out, key, count, text, &mut arg) {
            out.push_str(key);
        }
    }

    /// [`Strings::write`] with the arguments written by `arg`, which
    /// returns false for a name it does not have; `count`, the count shown,
    /// picks a plural's form. False, and nothing written, for an unknown key.
    pub fn write_with(
        &self,
        out: &mut String,
        key: &str,
        count: Option<&str>,
        text: &mut dyn FnMut(&mut String, &str),
        arg: &mut dyn FnMut(&mut String, &str) -> bool,
    ) -> bool {
        let Some(value) = self.texts.get(key) else {
            return false;
        };
        let pattern = match value {
            Text::Plain(p) => p,
            Text::Plural { one, .. } if count == Some("1") => one,
            Text::Plural { other, .. } => other,
        };
        for piece in &pattern.0 {
            match piece {
                Piece::Text(t) => text(out, t),
                Piece::Arg(name) => {
                    if !arg(out, name) {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
            }
        }
        true
    }

    /// Every key, sorted: for tests and docs.
    pub fn keys(&self) -> Vec<&str> {
        let mut keys: Vec<&str> = self.texts.keys().map(String::as_str).collect();
        keys.sort_unstable();
        keys
    }
}

impl Text {
    fn placeholders(&self) -> BTreeSet<&str> {
        match self {
            Text::Plain(p) => p.args().collect(),
            Text::Plural { one, other } => one.args().chain(other.args()).chain(["count"]).collect(),
        }
    }
}

impl Pattern {
    fn args(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|p| match p {
            Piece::Arg(a) => Some(a.as_str()),
            Piece::Text(_) => None,
        })
    }

    /// Cuts `s` into text and placeholders.
    fn parse(s: &str) -> Result<Pattern, String> {
        let mut pieces = Vec::new();
        let mut text = String::new();
        let mut rest = s;
        while let Some(i) = rest.find(['{', '}']) {
            text.push_str(&rest[..i]);
            let after = &rest[i + 1..];
            if rest[i..].starts_with("{{") || rest[i..].starts_with("}}") {
                text.push_str(&rest[i..i + 1]);
                rest = &after[1..];
                continue;
            }
            let name = after.find('}').map(|end| &after[..end]);
            match name.filter(|n| rest[i..].starts_with('{') && is_name(n)) {
                Some(name) => {
                    if !text.is_empty() {
                        pieces.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    pieces.push(Piece::Arg(name.to_string()));
                    rest = &after[name.len() + 1..];
                }
                None => {
                    return Err(format!(
                        "a lone `{}`: write a placeholder as `{{name}}`, and a literal brace as `{{{{` or `}}}}`",
                        &rest[i..i + 1]
                    ));
                }
            }
        }
        text.push_str(rest);
        if !text.is_empty() {
            pieces.push(Piece::Text(text));
        }
        Ok(Pattern(pieces))
    }
}

fn is_name(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Reads the strings file `text` into `texts`. Without `schema` it is the
/// built-in table, which defines the keys; with one, every key, kind and
/// placeholder is checked against it.
fn read(text: &str, schema: Option<&Strings>, texts: &mut HashMap<String, Text>) -> Vec<Problem> {
    let line = |at: usize| Some(text[..at.min(text.len())].matches('\n').count() + 1);
    let table = match DeTable::parse(text) {
        Ok(t) => t.into_inner(),
        Err(e) => {
            return vec![Problem {
                line: e.span().and_then(|s| line(s.start)),
                message: format!("this is not valid TOML: {}: fix the line", first_line(e.message())),
            }];
        }
    };
    let mut problems = Vec::new();
    let mut visit = |key: String, at: usize, value: &DeValue<'_>| {
        let problem = |message: String| Problem {
            line: line(at),
            message,
        };
        match to_text(value) {
            Err(message) => problems.push(problem(format!("`{key}`: {message}"))),
            Ok(text) => match schema {
                None => {
                    texts.insert(key, text);
                }
                Some(schema) => match check(schema, &key, &text) {
                    Ok(()) => {
                        texts.insert(key, text);
                    }
                    Err(message) => problems.push(problem(message)),
                },
            },
        }
    };
    for (group, value) in table.iter() {
        let name = group.get_ref().to_string();
        match value.get_ref() {
            DeValue::Table(keys) if !is_plural_table(keys) => {
                for (key, value) in keys.iter() {
                    visit(format!("{name}.{}", key.get_ref()), key.span().start, value.get_ref());
                }
            }
            other => visit(name, group.span().start, other),
        }
    }
    problems.sort_by_key(|p| p.line);
    problems
}

/// A table of `one` and `other` is a plural value, not a group of keys.
fn is_plural_table(t: &DeTable<'_>) -> bool {
    !t.is_empty() && t.keys().all(|k| matches!(k.get_ref().as_ref(), "one" | "other"))
}

fn to_text(value: &DeValue<'_>) -> Result<Text, String> {
    match value {
        DeValue::String(s) => Pattern::parse(s).map(Text::Plain),
        DeValue::Table(t) if is_plural_table(t) => {
            let form = |name: &str| match t.iter().find(|(k, _)| k.get_ref() == name).map(|(_, v)| v.get_ref()) {
                Some(DeValue::String(s)) => Pattern::parse(s),
                Some(_) => Err(format!("`{name}` is not a string: write it in quotes")),
                None => Err(format!("a plural value needs `{name}` as well")),
            };
            Ok(Text::Plural {
                one: form("one")?,
                other: form("other")?,
            })
        }
        DeValue::Table(_) => Err("this is a group of keys, where a string is expected: \
             a group is a `[name]` table at the top of the file, and a value is a string (or a \
             plural table `{ one = \"…\", other = \"…\" }`)"
            .into()),
        _ => Err("this is not a string: write the words in quotes".into()),
    }
}

/// Whether `text` may stand for `key` in a site's file.
fn check(schema: &Strings, key: &str, text: &Text) -> Result<(), String> {
    let Some(builtin) = schema.texts.get(key) else {
        let (group, _) = key.split_once('.').unwrap_or((key, ""));
        let hint = if schema.texts.keys().any(|k| k.starts_with(&format!("{group}."))) {
            "check its spelling against the built-in en.toml (`charter init --theme` writes a copy of it; docs/themes.md says more), or remove the line"
        } else {
            "keys are grouped in tables such as `[title]`: check the group and the key against the \
             built-in en.toml (`charter init --theme` writes a copy of it; docs/themes.md says more), or remove the line"
        };
        return Err(format!("`{key}` is not a key of charter's strings: {hint}"));
    };
    let allowed = builtin.placeholders();
    if matches!(text, Text::Plural { .. }) && !allowed.contains("count") {
        return Err(format!(
            "`{key}` is not shown with a count, so its value is one string, not a table of `one` and `other`"
        ));
    }
    let used = text.placeholders();
    let unknown: Vec<&str> = used.iter().filter(|p| !allowed.contains(*p)).copied().collect();
    if let Some(first) = unknown.first() {
        let given = match allowed.is_empty() {
            true => "it has no placeholders".to_string(),
            false => format!(
                "it has {}",
                allowed
                    .iter()
                    .map(|p| format!("{{{p}}}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        return Err(format!(
            "`{{{first}}}` is not a placeholder of `{key}`: {given}; use those, or write `{{{{` and `}}}}` for literal braces"
        ));
    }
    Ok(())
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}

/// The strings files to try for the language `tag` (BCP 47), most specific
/// first: `en-GB.toml`, then `en.toml`.
pub fn candidates(tag: &str) -> Vec<String> {
    let mut out = vec![format!("{tag}.toml")];
    if let Some((primary, _)) = tag.split_once('-') {
        out.push(format!("{primary}.toml"));
    }
    out
}

/// Whether the language `tag` is English, which the built-in table covers.
pub fn is_english(tag: &str) -> bool {
    tag.split('-').next().is_some_and(|p| p.eq_ignore_ascii_case("en"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_table_reads() {
        let s = Strings::builtin();
        assert_eq!(
            s.get("title.changes", &[("date", "2024-01-01"), ("title", "Terms")]),
            "What changed on 2024-01-01: Terms"
        );
        assert!(s.keys().len() > 50);
        assert_eq!(s.get("no.such", &[]), "no.such");
    }

    #[test]
    fn braces_plurals_and_escaping() {
        let s = Strings::merged(
            "[title]\nnot_found = \"{{x}} <&> {{\"\n[revision_info]\nprevious = { one = \"one {revision}\", other = \"{count} of {revision}\" }\n",
        )
        .map_err(|p| format!("{p:?}"));
        assert!(s.is_err(), "previous has no count, so no plural: {s:?}");
        let s = Strings::merged("[title]\nnot_found = \"{{x}} <&> {{\"\n").expect("reads");
        assert_eq!(s.get("title.not_found", &[]), "{x} <&> {");
        assert_eq!(s.html("title.not_found", &[]), "{x} &lt;&amp;&gt; {");
        assert_eq!(
            s.html("title.draft", &[("title", "<b>")]),
            "Draft: <b>",
            "arguments are written as given"
        );
        assert_eq!(s.get("title.draft", &[]), "Draft: {title}");
    }

    #[test]
    fn plural_forms_follow_the_count() {
        let mut s = Strings::builtin().clone();
        s.texts.insert(
            "x.n".into(),
            Text::Plural {
                one: Pattern::parse("one thing").unwrap(),
                other: Pattern::parse("{count} things").unwrap(),
            },
        );
        assert_eq!(s.get("x.n", &[("count", "1")]), "one thing");
        assert_eq!(s.get("x.n", &[("count", "3")]), "3 things");
        assert_eq!(s.get("x.n", &[("count", "0")]), "0 things");
    }

    fn problems(text: &str) -> Vec<Problem> {
        Strings::merged(text).err().unwrap_or_default()
    }

    #[test]
    fn bad_files_are_reported_with_their_lines() {
        let p = problems("[title]\ndraft = \"ok {title}\"\nnot_fuond = \"x\"\n");
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].line, Some(3));
        assert!(
            p[0].message.contains("`title.not_fuond` is not a key"),
            "{}",
            p[0].message
        );

        let p = problems("[title]\n\ndraft = 3\n");
        assert_eq!(p[0].line, Some(3));
        assert!(p[0].message.contains("not a string"), "{}", p[0].message);

        let p = problems("[title]\ndraft = \"Draft: {name}\"\n");
        assert_eq!(p[0].line, Some(2));
        assert!(
            p[0].message
                .contains("`{name}` is not a placeholder of `title.draft`: it has {title}"),
            "{}",
            p[0].message
        );

        let p = problems("[title]\ndraft = \"Draft { title\"\n");
        assert!(p[0].message.contains("lone `{`"), "{}", p[0].message);

        let p = problems("title = \"x\"\n");
        assert!(p[0].message.contains("`title` is not a key"), "{}", p[0].message);

        let p = problems("[title]\ndraft = [\n");
        assert!(p[0].message.contains("not valid TOML") && p[0].line.is_some(), "{p:?}");
    }

    #[test]
    fn languages_fall_back_to_their_primary_subtag() {
        assert_eq!(candidates("en-GB"), ["en-GB.toml", "en.toml"]);
        assert_eq!(candidates("fr"), ["fr.toml"]);
        assert!(is_english("en-US") && is_english("EN") && !is_english("fr-CA"));
    }
}
