//! What a theme's templates read of a page's context, found by scanning
//! their tags. Two costly parts of a context are left out, or filled in
//! after rendering, when no template can tell the difference; every test
//! here errs towards "it reads it", which only costs time.

use crate::one_line::one_line;

/// What the templates of a theme read, all of them together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reads {
    /// Some template reads more of a changes page's `diff` than whether
    /// there is one. Turning a whole diff into template data takes longer
    /// than rendering the page; the built-in theme shows `diff_html` and only
    /// tests `diff`, so with it the structure is left out.
    pub diff: bool,
    /// Some template does more with `diff_html` than output it as it is.
    pub diff_html: bool,
    /// Some template does more with `body.html` than output it as it is
    /// (or reads `body` other than through `body.html`, `body.toc` and
    /// `body.toc_html`).
    pub body_html: bool,
}

impl Reads {
    pub fn of<'s>(sources: impl IntoIterator<Item = &'s str>) -> Reads {
        let mut reads = Reads {
            diff: false,
            diff_html: false,
            body_html: false,
        };
        for source in sources {
            reads.diff |= reads_diff(source);
            // A filter over rendered output would change the placeholder too.
            let filtered = filters_output(source);
            reads.diff_html |= filtered || !only_output(source, "diff_html", "diff_html|safe", &[]);
            reads.body_html |=
                filtered || !only_output(source, "body", "body.html|safe", &["body.toc_html", "body.toc"]);
        }
        reads
    }
}

/// True when a template may filter or keep text that other tags rendered:
/// a `{% filter %}` block, a `{% set x %}…{% endset %}` capture that holds
/// a component call, an include, a block or the large parts themselves, a
/// component call that is filtered (`{{ <x/> | upper }}`), kept in a
/// variable (`{% set l = <x/> %}`) or given a body (`{% <x> %}…`), which
/// the component may filter. A component or block that outputs `diff_html`
/// would hand the filter the placeholder, not the HTML. A capture of plain
/// values (a link or a date for a sentence of the strings) is harmless.
fn filters_output(source: &str) -> bool {
    let mut capture = false;
    tags(source).any(|tag| {
        let mut words = tag.split_whitespace();
        let first = words.next();
        let calls = tag.contains('<') && !tag.starts_with("</");
        if capture {
            if first == Some("endset") {
                capture = false;
                return false;
            }
            let large = ["diff_html", "body", "super"].iter().any(|w| mentions(tag, w));
            if calls || large || matches!(first, Some("include" | "block")) {
                return true;
            }
        }
        match first {
            Some("filter") => true,
            Some("set" | "set_global") if !tag.contains('=') => {
                capture = true;
                false
            }
            Some("set" | "set_global") => calls,
            _ => calls && (tag.contains('|') || (tag.starts_with('<') && !tag.ends_with("/>"))),
        }
    })
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

/// True when every tag that mentions `word` outputs it as `output` (written
/// without spaces, as `body.html|safe`), or mentions it only as one of
/// `harmless` (`body.toc`); and no tag dumps the whole context.
fn only_output(source: &str, word: &str, output: &str, harmless: &[&str]) -> bool {
    tags(source).all(|tag| {
        if tag.contains("__tera_context") {
            return false;
        }
        let squeezed: String = tag.chars().filter(|c| !c.is_whitespace()).collect();
        if squeezed == output {
            return true;
        }
        let mut rest = tag.to_string();
        for h in harmless {
            rest = rest.replace(h, " ");
        }
        !mentions(&rest, word)
    })
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
    fn the_builtin_theme_reads_neither_the_diff_nor_the_large_html() {
        let sources = builtin();
        let reads = Reads::of(sources.iter().map(String::as_str));
        assert_eq!(
            reads,
            Reads {
                diff: false,
                diff_html: false,
                body_html: false
            }
        );
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

    #[test]
    fn large_html_output_as_it_is_can_be_filled_in_later() {
        let outputs = |s: &str| only_output(s, "diff_html", "diff_html|safe", &[]);
        for plain in [
            "<div>{{ diff_html | safe }}</div>",
            "{{- diff_html|safe -}}",
            "{% for i in [1, 2] %}{{ diff_html | safe }}{% endfor %}",
            "{{ diff | safe }} {% if diff %}{% endif %} {{ page.diff_htmlx }}",
        ] {
            assert!(outputs(plain), "{plain}");
        }
        for reading in [
            "{{ diff_html }}",
            "{{ diff_html | safe | upper }}",
            "{{ diff_html | length }}",
            "{% if diff_html %}",
            "{% set d = diff_html %}",
            "{{<show html={diff_html} />}}",
            "{{ __tera_context }}",
            "{{ diff_html",
        ] {
            assert!(!outputs(reading), "{reading}");
        }
        let reads = |s: &str| Reads::of([s]);
        for filtered in [
            "{% filter upper %}{{ diff_html | safe }}{% endfilter %}",
            "{%- filter  trim -%}x{% endfilter %}",
            "{{ <list r={revision} /> | upper }}",
            "{% set list = <list r={revision} /> %}",
            "{% set list %}{{ diff_html | safe }}{% endset %}{{ list | upper }}",
            "{% set list | upper %}{{ diff_html | safe }}{% endset %}",
            "{% <box> %}{{ diff_html | safe }}{% </box> %}",
            "{% set l %}{{<list r={revision} />}}{% endset %}{{ l | upper }}",
            "{% set l %}{% include \"x.html\" %}{% endset %}{{ l | upper }}",
        ] {
            let r = reads(filtered);
            assert!(r.diff_html && r.body_html, "{filtered}");
        }
        let r = reads("{{<list r={revision} />}} {{ page.title | upper }} {% set n = 1 %} {{ diff_html | safe }}");
        assert!(!r.diff_html && !r.body_html);
        // A capture of plain values, for a sentence of the strings, keeps nothing rendered.
        let r = reads(
            "{% set to %}<a href=\"{{ to.url }}\">{{ to.id }}</a>{% endset %}{{ t(key=\"k\", to=to) }} {{ diff_html | safe }}",
        );
        assert!(!r.diff_html && !r.body_html);
        let body = |s: &str| only_output(s, "body", "body.html|safe", &["body.toc"]);
        assert!(body("<body>{{ body.html | safe }}{{<toc toc={body.toc} />}}</body>"));
        for reading in [
            "{{ body.html | striptags }}",
            "{{ body | json_encode }}",
            "{% set b = body %}",
            "{{ <show b={body} /> }}",
            "{% for a in body.toc %}{{ body.html | truncate(length=5) }}{% endfor %}",
        ] {
            assert!(!body(reading), "{reading}");
        }
    }
}
