//! Front matter: reading what the imported text has (`---` YAML or `+++`
//! TOML), and writing charter's `+++` TOML.

use super::ImportError;

/// The front matter of the imported text, and the body after it.
#[derive(Debug, Default)]
pub struct Front<'a> {
    pub title: Option<String>,
    pub description: Option<String>,
    pub numbering: Option<String>,
    pub body: &'a str,
    /// Line (in the text) on which `body` starts.
    pub body_line: usize,
    /// The front matter was `+++` TOML, as in a charter document.
    pub toml: bool,
}

/// Cuts the front matter off `text` (already with `\n` line endings).
pub fn split<'a>(text: &'a str, notes: &mut Vec<String>) -> Result<Front<'a>, ImportError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    let kind = match first.trim_end() {
        "+++" => "+++",
        "---" if lines.clone().next().is_some_and(looks_like_yaml_key) => "---",
        _ => return Ok(no_front(text)),
    };
    let mut offset = first.len();
    let mut inner = Vec::new();
    for line in lines {
        let bare = line.trim_end();
        if bare == kind || (kind == "---" && bare == "...") {
            let body = &text[(offset + line.len()).min(text.len())..];
            let body_line = inner.len() + 3;
            let mut front = match kind {
                "+++" => toml_front(&inner, notes)?,
                // A rule, a paragraph such as "Note: …", and another rule.
                _ if !inner.iter().all(|l| is_yaml_line(l)) => return Ok(no_front(text)),
                _ => yaml_front(&inner, notes),
            };
            front.body = body;
            front.body_line = body_line;
            front.toml = kind == "+++";
            return Ok(front);
        }
        inner.push(line.trim_end_matches('\n'));
        offset += line.len();
    }
    if kind == "---" {
        // A rule at the very start, not front matter.
        return Ok(no_front(text));
    }
    Err(ImportError {
        line: 1,
        message: format!("the front matter opened here is never closed: add a line holding only `{kind}` after it"),
    })
}

/// A line of the simple YAML this reads: `key: value`, an indented line
/// under a key, a comment or a blank line.
fn is_yaml_line(line: &str) -> bool {
    line.trim().is_empty() || line.starts_with([' ', '\t', '#']) || looks_like_yaml_key(line)
}

/// A text without front matter.
fn no_front(text: &str) -> Front<'_> {
    Front {
        body: text,
        body_line: 1,
        ..Front::default()
    }
}

fn looks_like_yaml_key(line: &str) -> bool {
    let Some((key, _)) = line.split_once(':') else {
        return false;
    };
    !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// `+++` front matter: keeps `title`, `description` and `numbering`.
fn toml_front<'a>(lines: &[&str], notes: &mut Vec<String>) -> Result<Front<'a>, ImportError> {
    let table: toml::Table = lines.join("\n").parse().map_err(|e: toml::de::Error| ImportError {
        line: e
            .span()
            .map_or(2, |s| 2 + lines.join("\n")[..s.start].matches('\n').count()),
        message: format!(
            "the `+++` front matter is not valid TOML ({}): fix it, or remove it and pass `--title`",
            e.message()
        ),
    })?;
    let mut front = Front::default();
    let mut dropped = Vec::new();
    for (key, value) in table {
        let slot = match key.as_str() {
            "title" => &mut front.title,
            "description" => &mut front.description,
            "numbering" => &mut front.numbering,
            _ => {
                dropped.push(format!("`{key}`"));
                continue;
            }
        };
        match value {
            toml::Value::String(s) if !s.trim().is_empty() => *slot = Some(s),
            toml::Value::String(_) => {}
            other => {
                return Err(ImportError {
                    line: 2 + lines
                        .iter()
                        .position(|l| l.trim_start().starts_with(key.as_str()))
                        .unwrap_or(0),
                    message: format!(
                        "`{key}` in the front matter is a {}: write it as a quoted string",
                        other.type_str()
                    ),
                });
            }
        }
    }
    if let Some(n) = front.numbering.take_if(|n| !n.contains("{n}")) {
        notes.push(format!(
            "dropped `numbering = \"{n}\"` from the front matter: it has no `{{n}}`"
        ));
    }
    if !dropped.is_empty() {
        notes.push(format!(
            "dropped front matter keys charter does not use: {}",
            dropped.join(", ")
        ));
    }
    Ok(front)
}

/// `---` YAML front matter, read line by line: `key: value` pairs with plain,
/// quoted or block (`|`, `>`) values. Keys other than `title` and
/// `description` are dropped.
fn yaml_front<'a>(lines: &[&str], notes: &mut Vec<String>) -> Front<'a> {
    let mut front = Front::default();
    let mut dropped = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') || line.starts_with(char::is_whitespace) {
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim());
        // The lines indented under the key belong to its value.
        let mut more = Vec::new();
        while i < lines.len() && (lines[i].starts_with(char::is_whitespace) || lines[i].trim().is_empty()) {
            more.push(lines[i].trim());
            i += 1;
        }
        while more.last().is_some_and(|l| l.is_empty()) {
            more.pop();
        }
        let slot = match key {
            "title" => &mut front.title,
            "description" => &mut front.description,
            _ => {
                dropped.push(format!("`{key}`"));
                continue;
            }
        };
        *slot = Some(yaml_value(value, &more)).filter(|v| !v.trim().is_empty());
    }
    notes.push("converted the YAML front matter (`---`) to TOML (`+++`)".to_string());
    if !dropped.is_empty() {
        notes.push(format!(
            "dropped front matter keys charter does not use: {}",
            dropped.join(", ")
        ));
    }
    front
}

fn yaml_value(value: &str, more: &[&str]) -> String {
    let fold = |lines: &[&str]| {
        lines
            .split(|l| l.is_empty())
            .map(|p| p.join(" "))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if value.starts_with('|') {
        return more.join("\n");
    }
    if value.starts_with('>') {
        return fold(more);
    }
    let mut all = vec![value];
    all.extend_from_slice(more);
    let joined = fold(&all);
    if let Some(inner) = joined.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        return unescape_double(inner);
    }
    if let Some(inner) = joined.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return inner.replace("''", "'");
    }
    // A plain value ends at a ` #` comment.
    joined.split(" #").next().unwrap_or_default().trim().to_string()
}

fn unescape_double(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let hex: String = chars.by_ref().take(4).collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// charter's `+++` front matter.
pub fn write(title: &str, description: Option<&str>, numbering: Option<&str>) -> String {
    let mut out = format!("+++\ntitle = {}\n", toml_string(title));
    if let Some(d) = description {
        out.push_str(&format!("description = {}\n", toml_string(d)));
    }
    if let Some(n) = numbering {
        out.push_str(&format!("numbering = {}\n", toml_string(n)));
    }
    out.push_str("+++\n");
    out
}

/// A TOML basic string.
fn toml_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_is_read() {
        let mut notes = Vec::new();
        let text = "---\ntitle: \"Terms of \\\"Use\\\"\"\nlayout: page\ndescription: >\n  One line\n  and more.\ntags:\n  - a\n---\nBody\n";
        let f = split(text, &mut notes).unwrap();
        assert_eq!(f.title.as_deref(), Some("Terms of \"Use\""));
        assert_eq!(f.description.as_deref(), Some("One line and more."));
        assert_eq!((f.body, f.body_line), ("Body\n", 10));
        assert!(notes[1].contains("`layout`, `tags`"), "{notes:?}");
    }

    #[test]
    fn plain_and_single_quoted_yaml() {
        let mut notes = Vec::new();
        let f = split(
            "---\ntitle: It's fine # a comment\ndescription: 'Don''t'\n...\n",
            &mut notes,
        )
        .unwrap();
        assert_eq!(f.title.as_deref(), Some("It's fine"));
        assert_eq!(f.description.as_deref(), Some("Don't"));
        assert_eq!(f.body, "");
    }

    #[test]
    fn a_rule_is_not_yaml() {
        let f = split("---\n\nText\n", &mut Vec::new()).unwrap();
        assert_eq!((f.body, f.title), ("---\n\nText\n", None));
        let text = "---\nNote: this is a note.\n";
        assert_eq!(split(text, &mut Vec::new()).unwrap().body, text);
        let text = "---\nNote: this is a note.\nIt runs on.\n---\nMore\n";
        let f = split(text, &mut Vec::new()).unwrap();
        assert_eq!((f.body, f.title), (text, None));
        let f = split("+++  \ntitle = \"T\"\n+++\nBody\n", &mut Vec::new()).unwrap();
        assert_eq!((f.body, f.body_line), ("Body\n", 4));
    }

    #[test]
    fn toml_is_read() {
        let f = split(
            "+++\ntitle = \"T\"\nnumbering = \"§{n}\"\nweight = 3\n+++\n## A\n",
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!((f.title.as_deref(), f.numbering.as_deref()), (Some("T"), Some("§{n}")));
        assert_eq!((f.body, f.body_line), ("## A\n", 6));
        let e = split("+++\ntitle = 3\n+++\n", &mut Vec::new()).unwrap_err();
        assert_eq!(e.line, 2);
        let e = split("+++\ntitle = \"T\"\n", &mut Vec::new()).unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn written_toml_parses() {
        let out = write("A \"quoted\" \\ title", Some("Line\nbreak"), None);
        let inner = out.trim_start_matches("+++\n").trim_end_matches("+++\n");
        let t: toml::Table = inner.parse().unwrap();
        assert_eq!(t["title"].as_str(), Some("A \"quoted\" \\ title"));
        assert_eq!(t["description"].as_str(), Some("Line\nbreak"));
    }
}
