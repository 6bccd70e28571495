//! Announcement feeds: Atom 1.0 (written by atom_syndication) and JSON Feed 1.1.
//!
//! An entry's id is derived from the document and revision ids alone, so it
//! never changes: not on rebuilds, not when newer revisions arrive, not when
//! the site moves to another URL. Feed readers therefore never show a
//! revision twice.

use atom_syndication as atom;
use serde::Serialize;

use super::announcement::{Format, first_publication, message};
use super::context::Announcement;
use crate::model::Consent;
use crate::strings::Strings;

/// What a feed is about.
pub struct FeedMeta<'a> {
    pub title: String,
    /// The page the feed belongs to.
    pub home_url: &'a str,
    /// The feed's own URL.
    pub self_url: String,
    pub author: &'a str,
    pub language: &'a str,
    pub generator: &'a str,
}

/// `urn:uuid:` from the document and revision ids: stable forever.
pub fn entry_id(document: &str, revision: &str) -> String {
    let hash = crate::load::history::sha256_hex(format!("charter:{document}:{revision}").as_bytes());
    let mut hex: Vec<char> = hash[..32].chars().collect();
    hex[12] = '8'; // version 8: custom
    hex[16] = ['8', '9', 'a', 'b'][(hex[16].to_digit(16).unwrap_or(0) & 3) as usize]; // RFC 4122 variant
    let h: String = hex.into_iter().collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The entry's title: the document and the revision's summary.
pub fn entry_title(a: &Announcement) -> String {
    format!("{}: {}", a.document.title, a.revision.summary)
}

fn datetime(date: &str) -> atom::FixedDateTime {
    atom::FixedDateTime::parse_from_rfc3339(&format!("{date}T00:00:00+00:00")).unwrap_or_default()
}

/// The scheme of the Atom category that says what a revision asks of
/// users: its term is `required` or `notify`, as in versions.json.
pub const CONSENT_SCHEME: &str = "urn:charter:consent";

/// An entry's consent, as an Atom category; none for an editorial revision
/// (announced only when site.toml says so), which asks nothing.
fn consent_category(s: &Strings, consent: Consent) -> Option<atom::Category> {
    let label = match consent {
        Consent::Required => "consent.feed_required",
        Consent::Notify => "consent.feed_notify",
        Consent::None => return None,
    };
    Some(atom::Category {
        term: consent.to_string(),
        scheme: Some(CONSENT_SCHEME.to_string()),
        label: Some(s.get(label, &[])),
    })
}

/// An Atom 1.0 feed of `entries` (newest first).
pub fn atom(s: &Strings, meta: &FeedMeta<'_>, entries: &[Announcement]) -> String {
    let link = |href: &str, rel: &str, mime: Option<&str>| atom::Link {
        href: href.to_string(),
        rel: rel.to_string(),
        mime_type: mime.map(str::to_string),
        ..Default::default()
    };
    let author = atom::Person {
        name: meta.author.to_string(),
        ..Default::default()
    };
    let items = entries
        .iter()
        .map(|a| {
            let r = &a.revision;
            atom::Entry {
                id: entry_id(&a.document.id, &r.id),
                title: atom::Text::plain(entry_title(a)),
                updated: datetime(&r.date),
                published: Some(datetime(&r.date)),
                links: match first_publication(r) {
                    true => vec![link(&r.url, "alternate", Some("text/html"))],
                    false => vec![
                        link(&r.changes_url, "alternate", Some("text/html")),
                        link(&r.url, "related", Some("text/html")),
                    ],
                },
                categories: std::iter::once(atom::Category {
                    term: a.document.id.clone(),
                    label: Some(a.document.title.clone()),
                    ..Default::default()
                })
                .chain(consent_category(s, r.consent))
                .collect(),
                summary: Some(atom::Text::plain(r.summary.clone())),
                content: Some(atom::Content {
                    value: Some(message(s, a, Format::Html, false)),
                    content_type: Some("html".to_string()),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect::<Vec<_>>();
    let updated = entries
        .first()
        .map_or_else(|| datetime("1970-01-01"), |a| datetime(&a.revision.date));
    let feed = atom::Feed {
        title: atom::Text::plain(meta.title.clone()),
        id: meta.self_url.clone(),
        updated,
        authors: vec![author],
        links: vec![
            link(&meta.self_url, "self", Some("application/atom+xml")),
            link(meta.home_url, "alternate", Some("text/html")),
        ],
        generator: Some(atom::Generator {
            value: meta.generator.to_string(),
            ..Default::default()
        }),
        lang: Some(meta.language.to_string()),
        entries: items,
        ..Default::default()
    };
    let config = atom::WriteConfig {
        write_document_declaration: true,
        indent_size: Some(2),
    };
    let bytes = feed.write_with_config(Vec::new(), config).unwrap_or_default();
    let mut text = String::from_utf8(bytes).unwrap_or_default();
    text.push('\n');
    text
}

#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    home_page_url: &'a str,
    feed_url: &'a str,
    language: &'a str,
    authors: Vec<JsonAuthor<'a>>,
    items: Vec<JsonItem>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct JsonItem {
    id: String,
    url: String,
    external_url: String,
    title: String,
    summary: String,
    content_html: String,
    content_text: String,
    date_published: String,
    tags: Vec<String>,
    /// charter's extension (JSON Feed's `_` keys): what the revision asks of users.
    _charter: JsonExtension,
}

#[derive(Serialize)]
struct JsonExtension {
    /// `required`, `notify` or `none`, as in versions.json.
    consent: Consent,
}

/// A JSON Feed 1.1 of `entries` (newest first).
pub fn json(s: &Strings, meta: &FeedMeta<'_>, entries: &[Announcement]) -> String {
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title: &meta.title,
        home_page_url: meta.home_url,
        feed_url: &meta.self_url,
        language: meta.language,
        authors: vec![JsonAuthor { name: meta.author }],
        items: entries
            .iter()
            .map(|a| {
                let r = &a.revision;
                JsonItem {
                    id: entry_id(&a.document.id, &r.id),
                    url: match first_publication(r) {
                        true => r.url.clone(),
                        false => r.changes_url.clone(),
                    },
                    external_url: r.url.clone(),
                    title: entry_title(a),
                    summary: r.summary.clone(),
                    content_html: message(s, a, Format::Html, false),
                    content_text: message(s, a, Format::Text, false),
                    date_published: format!("{}T00:00:00+00:00", r.date),
                    tags: vec![a.document.id.clone()],
                    _charter: JsonExtension { consent: r.consent },
                }
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&feed).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_ids_are_stable_uuids() {
        let id = entry_id("privacy", "2019-04-18");
        assert_eq!(id, entry_id("privacy", "2019-04-18"));
        assert_ne!(id, entry_id("privacy", "2019-04-18-2"));
        assert_ne!(id, entry_id("terms", "2019-04-18"));
        let uuid = id.strip_prefix("urn:uuid:").unwrap();
        let parts: Vec<_> = uuid.split('-').map(str::len).collect();
        assert_eq!(parts, vec![8, 4, 4, 4, 12]);
        assert_eq!(&uuid[14..15], "8");
        assert!("89ab".contains(&uuid[19..20]));
    }
}
