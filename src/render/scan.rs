//! Whether a theme's templates read a changes page's diff structure, found
//! by scanning their tags. The test errs towards "it reads it", which only
//! costs time.

use crate::one_line::one_line;

/// What the templates of a theme read, all of them together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reads {
    /// Some template reads more of a changes page's `diff` than whether
    /// there is one. The built-in theme shows `diff_html` and only tests
    /// `diff`, so with it the structure is left out: turning every diff
    /// into template data (Tera 2.4's `Context::from_serialize`, once for
    /// each of its two pages) made a build take 1.26× to 1.46× the CPU time
    /// and 21 % to 23 % more instructions (the site-policy history and the
    /// synthetic corpus of `bench/run.sh`, on a RAM disk, 2026-12-07; see
    /// bench/README.md).
    pub diff: bool,
}

impl Reads {
    pub fn of<'s>(sources: impl IntoIterator<Item = &'s str>) -> Reads {
        Reads {
            diff: sources.into_iter().any(reads_diff),
        }
    }
}

/// The text between `{{` and `}}`, and between `{%` and `%}`, of each tag,
/// without the whitespace and `-` trims around it; an unclosed one runs to
/// the end of the source.
fn tags(source: &str) -> impl Iterator<Item = &str> {
    let mut rest = source;
    std::iter::from_fn(move || {
        loop {
            let at = rest.find('{')?;
            rest = &rest[at + 1..];
            let close = match rest.as_bytes().first() {
                Some(b'{') => "}}",
                Some(b'%') => "%}",
                _ => continue,
            };
            let tag = match rest.find(close) {
                Some(end) => {
                    let tag = &rest[1..end];
                    rest = &rest[end + 2..];
                    tag
                }
                None => std::mem::take(&mut rest).get(1..).unwrap_or_default(),
            };
            return Some(tag.trim_matches(|c: char| c == '-' || c.is_whitespace()));
        }
    })
}

/// True when a template mentions the variable `diff` anywhere but in a bare
/// `{% if diff %}` (or `elif`, `if not`). Errs towards true: `diff.title`,
/// `diff | json_encode`, a component given `diff`, even `page.diff`.
fn reads_diff(source: &str) -> bool {
    let bare_test = ["if diff", "elif diff", "if not diff", "elif not diff"];
    tags(source).any(|tag| mentions(tag, "diff") && !bare_test.contains(&one_line(tag).as_ref()))
}

/// The word `word` stands in `text`: not `diff_html` or `undiff` for `diff`.
fn mentions(text: &str, word: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        !text[..i].chars().next_back().is_some_and(is_word)
            && !text[i + word.len()..].chars().next().is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn builtin() -> Vec<String> {
        crate::render::theme::builtin_files()
            .into_iter()
            .filter(|(p, _)| p.starts_with("templates/"))
            .map(|(_, bytes)| String::from_utf8(bytes).expect("UTF-8"))
            .collect()
    }

    #[test]
    fn the_builtin_theme_does_not_read_the_diff() {
        let sources = builtin();
        assert_eq!(Reads::of(sources.iter().map(String::as_str)), Reads { diff: false });
    }

    #[test]
    fn only_a_bare_test_of_diff_leaves_its_structure_out() {
        for bare in [
            "{% if diff %}x{% endif %}",
            "{%- elif  not diff -%}",
            "{{ diff_html | safe }}",
            "class=\"diff diff-{{ view }}\"",
        ] {
            assert!(!reads_diff(bare), "{bare}");
        }
        for reading in [
            "{{ diff.stats.added }}",
            "{% for a in diff.articles %}",
            "{{ diff | json_encode }}",
            "{{ <show d={diff} /> }}",
            "{% if diff and diff.coarse %}",
            "{% set d = diff %}",
            "{{ diff",
        ] {
            assert!(reads_diff(reading), "{reading}");
        }
    }
}
