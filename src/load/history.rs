//! Reading published revisions: `history/<doc>/<rev>.md`.

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::body::BodyReader;
use super::{document, front_matter};
use crate::diagnostic::Diagnostic;
use crate::model::{Change, Consent, Date, MetaLines, Revision, RevisionId, RevisionMeta};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeta {
    date: Spanned<Date>,
    effective: Option<Spanned<Date>>,
    summary: String,
    #[serde(default)]
    changes: Vec<RawChange>,
    sha256: Spanned<String>,
    previous: Option<Spanned<String>>,
    commit: Option<Spanned<String>>,
    editorial: Option<Spanned<bool>>,
    consent: Option<Spanned<String>>,
    summary_proposed: Option<Spanned<bool>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChange {
    article: Spanned<String>,
    section: Option<Spanned<String>>,
    note: String,
    proposed: Option<Spanned<bool>>,
}

/// SHA-256 of `bytes` in lowercase hex, as `sha256sum` prints it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Parses one revision file. `id` comes from its name; `text` is its content.
pub fn parse(id: RevisionId, text: &str, path: &Path) -> Result<Revision, Vec<Diagnostic>> {
    parse_read::<()>(id, text, path, None).map(|(revision, _)| revision)
}

/// [`parse`], the body's events handed to `read` (see [`document::parse_read`]).
pub fn parse_read<T>(
    id: RevisionId,
    text: &str,
    path: &Path,
    read: Option<&BodyReader<'_, T>>,
) -> Result<(Revision, Option<T>), Vec<Diagnostic>> {
    let split = front_matter::split(text, path, 1).map_err(|d| vec![d])?;
    let raw: RawMeta = front_matter::parse(&split, path).map_err(|mut d| {
        // `editorial`, `proposed` and `summary_proposed` are the record's only booleans.
        if d.message.ends_with("expected a boolean") {
            d.message += ": write `true` or `false`, without quotes";
        }
        let on_consent = d.line.and_then(|l| text.lines().nth(l.saturating_sub(1)));
        if on_consent.is_some_and(|l| l.trim_start().starts_with("consent")) {
            d.message += ": write `consent = \"required\"` or `consent = \"notify\"`";
        }
        vec![d]
    })?;
    let line = |span: std::ops::Range<usize>| front_matter::span_line(&split, span);
    let mut problems = record_problems(&raw, split.front_line, path, &line);
    let meta = meta(raw, &line);
    let sha256 = sha256_hex(split.body.as_bytes());
    let read = read.filter(|_| problems.is_empty());
    let document = document::parse_read(split.body, path, split.body_line, read);
    match document {
        Ok((document, read)) if problems.is_empty() => Ok((
            Revision {
                id,
                path: path.to_path_buf(),
                meta,
                sha256,
                document,
            },
            read,
        )),
        Ok(_) => Err(problems),
        Err(more) => {
            problems.extend(more);
            Err(problems)
        }
    }
}

/// The problems of a record's fields that its types let through: an empty
/// `summary` (reported on `front_line`, where the record starts), hashes
/// and a commit id that are not hexadecimal of the right length.
fn record_problems(
    raw: &RawMeta,
    front_line: usize,
    path: &Path,
    line: &dyn Fn(std::ops::Range<usize>) -> usize,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if raw.summary.trim().is_empty() {
        problems.push(Diagnostic::error(
            path,
            Some(front_line),
            "`summary` is empty: say in one line what this revision changed",
        ));
    }
    for (name, field) in [("sha256", Some(&raw.sha256)), ("previous", raw.previous.as_ref())] {
        if let Some(field) = field
            && !is_sha256(field.get_ref())
        {
            problems.push(Diagnostic::error(
                path,
                Some(line(field.span())),
                format!("`{name}` is not a SHA-256: write 64 lowercase hexadecimal digits"),
            ));
        }
    }
    problems.extend(consent_problem(raw, path, line));
    if let Some(commit) = &raw.commit {
        let c = commit.get_ref();
        if !(4..=64).contains(&c.len()) || !c.bytes().all(|b| b.is_ascii_hexdigit()) {
            problems.push(Diagnostic::error(
                path,
                Some(line(commit.span())),
                format!("`commit` `{c}` is not a git commit id: write its hexadecimal hash, or remove the line"),
            ));
        }
    }
    problems
}

/// A `consent` that is not one of the values there are, or on an
/// editorial revision, which changes no meaning and so asks nothing of
/// anyone.
fn consent_problem(raw: &RawMeta, path: &Path, line: &dyn Fn(std::ops::Range<usize>) -> usize) -> Option<Diagnostic> {
    let consent = raw.consent.as_ref()?;
    let at = Some(line(consent.span()));
    let valid = Consent::WRITTEN.map(|v| format!("`\"{v}\"`")).join(" or ");
    if Consent::parse(consent.get_ref()).is_none() {
        return Some(Diagnostic::error(
            path,
            at,
            format!(
                "`consent = {}` is not a consent this revision can ask for: write {valid} (users must accept \
                 it again, or are only told of it), or remove the line for `\"notify\"`",
                toml::Value::String(consent.get_ref().clone())
            ),
        ));
    }
    raw.editorial.as_ref().filter(|e| *e.get_ref()).map(|_| {
        Diagnostic::error(
            path,
            at,
            "`consent` is set on an editorial revision (`editorial = true`), which changes no meaning and so asks \
             nothing of users: remove `consent`, or remove `editorial = true` if the revision does change what \
             the policy says",
        )
    })
}

/// The record as the model holds it, with the lines of its fields; its
/// texts read as [`super::text::clean`] makes them.
fn meta(raw: RawMeta, line: &dyn Fn(std::ops::Range<usize>) -> usize) -> RevisionMeta {
    let changes = raw
        .changes
        .into_iter()
        .map(|c| Change {
            line: line(c.article.span()),
            section_line: c.section.as_ref().map(|s| line(s.span())),
            article: c.article.into_inner(),
            section: c.section.map(Spanned::into_inner),
            note: crate::forbidden::clean(&c.note).into_owned(),
            proposed: marked(c.proposed.as_ref(), line),
        })
        .collect();
    RevisionMeta {
        lines: MetaLines {
            date: line(raw.date.span()),
            effective: raw.effective.as_ref().map(|e| line(e.span())),
            sha256: line(raw.sha256.span()),
            previous: raw.previous.as_ref().map(|p| line(p.span())),
            editorial: raw.editorial.as_ref().map(|e| line(e.span())),
            consent: raw.consent.as_ref().map(|c| line(c.span())),
            summary_proposed: marked(raw.summary_proposed.as_ref(), line),
        },
        editorial: raw.editorial.as_ref().is_some_and(|e| *e.get_ref()),
        consent: Consent::of(
            raw.consent.as_ref().and_then(|c| Consent::parse(c.get_ref())),
            raw.editorial.as_ref().is_some_and(|e| *e.get_ref()),
        ),
        summary_proposed: raw.summary_proposed.as_ref().is_some_and(|p| *p.get_ref()),
        date: *raw.date.get_ref(),
        effective: raw.effective.map_or(*raw.date.get_ref(), |e| e.into_inner()),
        summary: crate::forbidden::clean(&raw.summary).into_owned(),
        changes,
        sha256: raw.sha256.into_inner(),
        previous: raw.previous.map(Spanned::into_inner),
        commit: raw.commit.map(Spanned::into_inner),
    }
}

/// The line of a proposal marker that is set to true.
fn marked(flag: Option<&Spanned<bool>>, line: &dyn Fn(std::ops::Range<usize>) -> usize) -> Option<usize> {
    flag.filter(|f| *f.get_ref()).map(|f| line(f.span()))
}

/// A new revision's record, to be written as its front matter.
#[derive(Debug, Clone)]
pub struct NewRecord<'a> {
    pub date: Date,
    pub effective: Date,
    pub summary: &'a str,
    /// `(article, section, note)`.
    pub changes: Vec<(String, Option<String>, String)>,
    pub previous: Option<&'a str>,
    pub commit: Option<&'a str>,
    /// Written as `consent = "…"` when set; left out, the record means
    /// `notify` (or nothing, for an editorial revision).
    pub consent: Option<Consent>,
}

/// What a new record says of itself beyond its fields: whether it is an
/// editorial revision, and which of its words charter proposed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
    /// Write `editorial = true`.
    pub editorial: bool,
    /// Write `summary_proposed = true`: charter wrote the summary.
    pub summary_proposed: bool,
    /// Write `proposed = true` under every change: charter wrote the notes.
    pub notes_proposed: bool,
}

/// The text of a revision file: the record as front matter, then `body`
/// (the document file exactly as published). The inverse of [`parse`].
pub fn compose(record: &NewRecord<'_>, body: &str) -> String {
    compose_marked(record, Marks::default(), body)
}

/// [`compose`], with the record's `marks`. Each marker is a line of its
/// own, right under what it marks, so that a person who rewrites a note
/// deletes the line under it, and `charter review` removes them all.
pub fn compose_marked(record: &NewRecord<'_>, marks: Marks, body: &str) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::from("+++\n");
    out += &format!("date = {}\n", record.date);
    out += &format!("effective = {}\n", record.effective);
    out += &format!("summary = {}\n", q(record.summary));
    if marks.summary_proposed {
        out += "summary_proposed = true\n";
    }
    if marks.editorial {
        out += "editorial = true\n";
    }
    if let Some(consent) = record.consent {
        out += &format!("consent = \"{consent}\"\n");
    }
    out += &format!("sha256 = \"{}\"\n", sha256_hex(body.as_bytes()));
    if let Some(p) = record.previous {
        out += &format!("previous = \"{p}\"\n");
    }
    if let Some(c) = record.commit {
        out += &format!("commit = \"{c}\"\n");
    }
    for (article, section, note) in &record.changes {
        out += &format!("\n[[changes]]\narticle = {}\n", q(article));
        if let Some(section) = section {
            out += &format!("section = {}\n", q(section));
        }
        out += &format!("note = {}\n", q(note));
        if marks.notes_proposed {
            out += "proposed = true\n";
        }
    }
    out += "+++\n";
    out += body;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "+++\ntitle = \"T\"\n+++\n## A {#a}\n\nText.\n";

    fn revision(front: &str) -> Result<Revision, Vec<Diagnostic>> {
        let text = format!("+++\n{front}+++\n{BODY}");
        parse(
            "2019-04-18".parse().unwrap(),
            &text,
            Path::new("history/d/2019-04-18.md"),
        )
    }

    #[test]
    fn reads_record_and_body() {
        let sha = sha256_hex(BODY.as_bytes());
        let r = revision(&format!(
            "date = 2019-04-18\nsummary = \"S\"\nsha256 = \"{sha}\"\n[[changes]]\narticle = \"a\"\nnote = \"n\"\n"
        ))
        .unwrap();
        assert_eq!(r.meta.effective, r.meta.date);
        assert_eq!(r.sha256, sha);
        assert_eq!(r.meta.changes[0].line, 6);
        assert_eq!(r.document.articles[0].line, 12);
    }

    #[test]
    fn bad_fields() {
        let e = revision("date = \"2019-4-18\"\nsummary = \"S\"\nsha256 = \"x\"\n").unwrap_err();
        assert_eq!(e[0].line, Some(2));
        assert!(e[0].message.contains("YYYY-MM-DD"));
        let e = revision("date = 2019-04-18\nsummary = \"\"\nsha256 = \"abc\"\n").unwrap_err();
        assert_eq!(e.len(), 2);
        let e = revision("date = 2019-04-18\nsha256 = \"abc\"\n").unwrap_err();
        assert!(e[0].message.contains("summary"), "{}", e[0]);
    }

    #[test]
    fn compose_then_parse_round_trips() {
        let record = NewRecord {
            date: "2019-04-18".parse().unwrap(),
            effective: "2019-05-01".parse().unwrap(),
            summary: "Quotes \" and \\ and 日本語",
            changes: vec![("a".into(), None, "we said \"hi\"".into())],
            previous: None,
            commit: Some("0123abcd"),
            consent: Some(Consent::Required),
        };
        let text = compose(&record, BODY);
        let r = parse("2019-04-18".parse().unwrap(), &text, Path::new("x.md")).unwrap();
        assert_eq!(r.meta.summary, record.summary);
        assert_eq!(r.meta.effective.to_string(), "2019-05-01");
        assert_eq!(r.meta.changes[0].note, "we said \"hi\"");
        assert_eq!(r.meta.commit.as_deref(), Some("0123abcd"));
        assert_eq!(r.meta.consent, Consent::Required);
        assert_eq!(r.sha256, r.meta.sha256);
    }

    #[test]
    fn marks_round_trip_with_their_lines() {
        let record = NewRecord {
            date: "2019-04-18".parse().unwrap(),
            effective: "2019-04-18".parse().unwrap(),
            summary: "S",
            changes: vec![("a".into(), None, "we changed this article".into())],
            previous: None,
            commit: None,
            consent: None,
        };
        let marks = Marks {
            editorial: true,
            summary_proposed: true,
            notes_proposed: true,
        };
        let text = compose_marked(&record, marks, BODY);
        let r = parse("2019-04-18".parse().unwrap(), &text, Path::new("x.md")).unwrap();
        assert!(r.meta.editorial && r.meta.summary_proposed);
        let line = |s: &str| text.lines().position(|l| l == s).unwrap() + 1;
        assert_eq!(
            r.meta.proposal_lines(),
            vec![line("summary_proposed = true"), line("proposed = true")]
        );
        let plain = parse(
            "2019-04-18".parse().unwrap(),
            &compose(&record, BODY),
            Path::new("x.md"),
        )
        .unwrap();
        assert!(!plain.meta.editorial && plain.meta.proposal_lines().is_empty());
        let e = revision("date = 2019-04-18\nsummary = \"S\"\neditorial = \"yes\"\nsha256 = \"x\"\n").unwrap_err();
        assert_eq!(e[0].line, Some(4));
        assert!(e[0].message.contains("`true` or `false`"), "{}", e[0]);
    }

    #[test]
    fn consent_values() {
        let sha = "a".repeat(64);
        let r = |front: &str| {
            revision(&format!(
                "date = 2019-04-18\nsummary = \"S\"\n{front}sha256 = \"{sha}\"\n"
            ))
        };
        assert_eq!(r("").unwrap().meta.consent, Consent::Notify);
        assert_eq!(r("editorial = true\n").unwrap().meta.consent, Consent::None);
        assert_eq!(r("consent = \"required\"\n").unwrap().meta.consent, Consent::Required);
        assert_eq!(r("consent = \"notify\"\n").unwrap().meta.consent, Consent::Notify);
        let e = r("consent = \"always\"\n").unwrap_err();
        assert_eq!(e[0].line, Some(4));
        assert!(e[0].message.contains("\"required\"` or `\"notify\""), "{}", e[0]);
        let e = r("editorial = true\nconsent = \"required\"\n").unwrap_err();
        assert_eq!(e[0].line, Some(5));
        assert!(e[0].message.contains("editorial"), "{}", e[0]);
        let e = r("consent = true\n").unwrap_err();
        assert_eq!(e[0].line, Some(4));
    }

    #[test]
    fn hash_matches_sha256sum() {
        // `printf 'abc' | sha256sum`
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
