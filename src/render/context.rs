//! What templates receive: plain serializable structs, one per page kind.
//!
//! These are the theme's API; `docs/themes.md` documents every field, and a
//! change here is a change for every theme author. Dates are `YYYY-MM-DD`
//! strings and URLs are absolute, so templates need no helper functions.

use crate::render::shared::Shared;
use std::sync::Arc;

use serde::Serialize;

use crate::derive::timeline::Status;
use crate::diff::DocumentDiff;

/// The site, on every page as `site`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SiteInfo {
    pub title: String,
    pub description: String,
    /// BCP 47 tag for `<html lang>`.
    pub language: String,
    /// Absolute, without a trailing slash.
    pub base_url: String,
    /// The home page: `base_url` with a trailing slash.
    pub home_url: String,
    pub stylesheet_url: String,
    /// The first page of `/announcements/`.
    pub announcements_url: String,
    /// The date the site was built for (`--date`, default today in UTC).
    pub build_date: String,
    /// `charter <version>`.
    pub generator: String,
    /// `[extra]` from site.toml.
    #[cfg_attr(test, schemars(with = "serde_json::Map<String, serde_json::Value>"))]
    pub extra: toml::Table,
}

/// The page being rendered, on every page as `page`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct PageInfo {
    /// For `<title>`.
    pub title: String,
    pub description: String,
    /// This page's canonical, absolute URL.
    pub url: String,
    /// Language of the page's content.
    pub language: String,
    /// True for pages search engines should skip (drafts, 404).
    pub noindex: bool,
    /// Feeds to advertise in `<head>`: the site's, and the document's on its pages.
    pub feeds: Arc<[FeedLink]>,
}

/// A feed a page advertises with `<link rel="alternate">`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct FeedLink {
    pub title: String,
    pub url: String,
    /// `application/atom+xml` or `application/feed+json`.
    pub mime: String,
}

/// A document, as shown in lists and page headers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DocumentInfo {
    pub id: String,
    pub title: String,
    pub description: String,
    pub language: String,
    /// The current public page, or the draft for a document never published.
    pub url: String,
    pub revisions_url: String,
    /// Which revision was in force when: `/<doc>/in-force/`; absent when
    /// nothing is published.
    pub in_force_url: Option<String>,
    /// Set when a draft page was built (`--drafts` with unpublished edits).
    pub draft_url: Option<String>,
    /// The draft's changes against the latest revision, when both exist.
    pub draft_changes_url: Option<String>,
}

/// One published revision and its record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RevisionInfo {
    pub id: String,
    /// The document's title in this revision's text.
    pub title: String,
    pub date: String,
    pub effective: String,
    pub summary: String,
    pub status: Status,
    /// When it was in effect: from `effective` until the next revision took over.
    pub in_effect_from: String,
    pub in_effect_until: Option<String>,
    /// The revision that took over from this one, or will (a published
    /// upcoming one); absent for the latest. Of revisions taking effect the
    /// same day, the last, which is the one in force.
    pub replaced_by: Option<RevisionLink>,
    /// The day `replaced_by` took or takes effect: where this revision's
    /// period in force ends (the day itself is the next one's).
    pub replaced_on: Option<String>,
    /// Replaced before it took effect (a later revision takes effect the
    /// same day): it has no period in force.
    pub never_in_force: bool,
    /// The archived full text.
    pub url: String,
    /// What this revision changed against the previous one.
    pub changes_url: String,
    /// What changed from this revision to the current one; absent for the
    /// current revision and upcoming ones.
    pub to_current_url: Option<String>,
    /// SHA-256 of the published text, as recorded.
    pub sha256: String,
    /// The previous revision's `sha256`, as recorded.
    pub previous_sha256: Option<String>,
    pub changes: Vec<ChangeInfo>,
    /// An editorial revision: a correction of typing or formatting, with no
    /// change in meaning. Not announced unless site.toml says so.
    pub editorial: bool,
    /// What it asks of users who accepted an earlier revision: `required`
    /// (they must accept it again), `notify` (they are told of it) or
    /// `none` (an editorial revision).
    pub consent: crate::model::Consent,
}

impl RevisionInfo {
    /// A link to this revision, for the pages around it.
    pub fn link(&self) -> RevisionLink {
        RevisionLink {
            id: self.id.clone(),
            date: self.date.clone(),
            url: self.url.clone(),
        }
    }
}

/// A main change, resolved in its revision's own text: "In Article 11 'Cookie policy', …".
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ChangeInfo {
    pub article_id: String,
    /// "Article 11", as the document numbers it in that revision.
    pub article_label: String,
    pub article_title: String,
    pub section_id: Option<String>,
    pub section_title: Option<String>,
    /// The article, and the section if named, in the words of the strings
    /// (`change.article`, `change.section`): "Article 11 “Cookie policy” › “Performance cookies”".
    pub place: String,
    pub note: String,
    /// The anchor in the text: the section's if named, else the article's.
    pub anchor: String,
    /// The anchor in the revision's archived text, absolute.
    pub url: String,
    /// The article in the revision's changes page (`#diff-<article id>`),
    /// absolute; absent for a document's first revision, which has no diff.
    pub diff_url: Option<String>,
}

/// A document text rendered for a page.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Body {
    /// Rendered and sanitised HTML: output it with `| safe`.
    pub html: String,
    pub toc: Vec<TocArticle>,
    /// `toc` as nested `<ol>` lists, for themes that show it as it is: a
    /// Tera loop over a long contents list cost more than the rest of the
    /// page. Empty when there are no articles. Output it with `| safe`.
    pub toc_html: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TocArticle {
    pub id: String,
    pub label: String,
    pub title: String,
    pub sections: Vec<TocSection>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct TocSection {
    pub id: String,
    pub title: String,
}

/// A link to a neighbouring revision.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RevisionLink {
    pub id: String,
    pub date: String,
    pub url: String,
}

/// `index.html`: the home page.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct IndexPage {
    pub site: Shared<SiteInfo>,
    pub page: PageInfo,
    pub documents: Vec<DocumentCard>,
    /// The five newest announcements.
    pub announcements: Vec<Announcement>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DocumentCard {
    pub document: Shared<DocumentInfo>,
    /// The latest published revision, if any.
    pub latest: Option<Shared<RevisionInfo>>,
    /// True when only a draft exists (built with `--drafts`).
    pub draft_only: bool,
}

/// `document.html`: a document's current text (or, with `draft`, its working copy).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct DocumentPage {
    pub site: Shared<SiteInfo>,
    pub page: PageInfo,
    pub document: Shared<DocumentInfo>,
    /// The revision shown, which the revision-information block describes:
    /// the current one; for a draft, the latest published one, if any.
    pub revision: Option<Shared<RevisionInfo>>,
    pub body: Body,
    /// True on the draft page: unpublished edits from `content/`.
    pub draft: bool,
    /// The next revision, published but not yet in effect ("This policy changes on …").
    pub upcoming: Option<Shared<RevisionInfo>>,
}

/// Which comparison a changes page shows; templates see the strings
/// "changes", "to-current" and "draft".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ChangesKind {
    /// What a revision changed against the one before.
    Changes,
    /// Everything that changed from a revision to the current one.
    ToCurrent,
    /// The unpublished working copy against the latest revision.
    Draft,
}

/// How a changes page lays out its diff; templates see "inline" and "side-by-side".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum ChangesView {
    Inline,
    SideBySide,
}

/// `changes.html`: what a revision changed (`kind` "changes"), or everything
/// that changed from it to the current version (`kind` "to-current").
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ChangesPage {
    pub site: Shared<SiteInfo>,
    pub page: PageInfo,
    pub document: Shared<DocumentInfo>,
    /// The revision this page belongs to.
    pub revision: Shared<RevisionInfo>,
    /// "changes", "to-current", or "draft" (unpublished edits against the latest revision).
    pub kind: ChangesKind,
    /// "inline" or "side-by-side".
    pub view: ChangesView,
    /// The older text compared; absent on the first revision's changes page.
    pub from: Option<RevisionLink>,
    /// The newer text compared.
    pub to: RevisionLink,
    /// On `changes` pages, the revision published after this one, so that a
    /// reader can go on to what it changed; absent on the latest revision's.
    pub next: Option<Shared<RevisionInfo>>,
    /// On `to-current` pages, the revisions after this one up to the current
    /// one, oldest first: what a reader who accepted this one has missed,
    /// each with its own changes page. Empty on other kinds.
    pub between: Vec<Shared<RevisionInfo>>,
    pub inline_url: String,
    pub side_by_side_url: String,
    /// The diff's structure, for themes that lay it out themselves; absent
    /// when there is nothing to compare (the first revision).
    #[cfg_attr(test, schemars(with = "Option<serde_json::Value>"))]
    pub diff: Option<DiffField>,
    /// The diff rendered for `view`: output it with `| safe`.
    pub diff_html: String,
}

/// A changes page's `diff`: its whole structure when a template reads it
/// (`Reads::diff`, found by `render/scan.rs`), else only `true`, which is
/// all a bare `{% if diff %}` can see. The inline and side-by-side pages share one.
#[derive(Debug, Clone)]
pub enum DiffField {
    Full(Arc<DocumentDiff>),
    Present,
}

impl Serialize for DiffField {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            DiffField::Full(d) => d.serialize(s),
            DiffField::Present => s.serialize_bool(true),
        }
    }
}

/// `announcements.html`: every announced revision of every document, newest first, one page of them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct AnnouncementsPage {
    pub site: Shared<SiteInfo>,
    pub page: PageInfo,
    pub announcements: Vec<Announcement>,
    pub pagination: Pagination,
}

/// One revision as announced.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Announcement {
    pub document: Shared<DocumentInfo>,
    pub revision: Shared<RevisionInfo>,
}

/// Where a page stands in a paginated list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct Pagination {
    /// 1-based.
    pub current: usize,
    pub total: usize,
    pub previous_url: Option<String>,
    pub next_url: Option<String>,
    /// Every page's URL, first page first.
    pub pages: Vec<String>,
    /// The numbered links worth showing: the first and last pages and two
    /// on each side of this one, so that a long list stays a short line.
    pub window: Vec<PageLink>,
}

/// A numbered link to a page of a paginated list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct PageLink {
    /// 1-based.
    pub number: usize,
    pub url: String,
    /// The link to the page it is on.
    pub current: bool,
    /// Pages are left out between the link before and this one.
    pub after_gap: bool,
}

/// `revisions.html`: Past revisions, newest first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RevisionsPage {
    pub site: Shared<SiteInfo>,
    pub page: PageInfo,
    pub document: Shared<DocumentInfo>,
    pub revisions: Vec<Shared<RevisionInfo>>,
    /// `revisions` grouped by the year they were published, newest year
    /// first: a long history stays a list a reader can scan.
    pub years: Vec<RevisionYear>,
}

/// The revisions published in one year, newest first.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RevisionYear {
    /// `YYYY`.
    pub year: String,
    pub revisions: Vec<Shared<RevisionInfo>>,
}

/// `in-force.html`: which revision was in force on which days, as a table
/// that answers "what did it say on that date" without JavaScript.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct InForcePage {
    pub site: Shared<SiteInfo>,
    pub page: PageInfo,
    pub document: Shared<DocumentInfo>,
    /// The revisions with a period in force (past, current, upcoming),
    /// newest first; each runs from `in_effect_from` to `replaced_on`.
    pub periods: Vec<Shared<RevisionInfo>>,
    /// Revisions replaced before they took effect, oldest first.
    pub never_in_force: Vec<Shared<RevisionInfo>>,
    /// The document's `versions.json`, which the date form reads.
    pub versions_url: String,
    /// The theme's script for the date form (`in-force.js`).
    pub script_url: String,
}

/// `revision.html`: one revision's archived text.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RevisionPage {
    pub site: Shared<SiteInfo>,
    pub page: PageInfo,
    pub document: Shared<DocumentInfo>,
    pub revision: Shared<RevisionInfo>,
    pub body: Body,
    pub previous: Option<RevisionLink>,
    pub next: Option<RevisionLink>,
    /// The revision in effect on the build date, if any.
    pub current: Option<RevisionLink>,
}

/// `404.html`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct NotFoundPage {
    pub site: Shared<SiteInfo>,
    pub page: PageInfo,
    pub documents: Vec<Shared<DocumentInfo>>,
}

/// `sitemap.xml`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SitemapPage {
    pub site: Shared<SiteInfo>,
    pub entries: Vec<SitemapEntry>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct SitemapEntry {
    pub url: String,
    pub lastmod: Option<String>,
}

/// `robots.txt`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct RobotsPage {
    pub site: Shared<SiteInfo>,
    pub sitemap_url: String,
}

/// `article.html`: one article's history, `/<doc>/articles/<id>/`.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ArticlePage {
    pub site: Shared<SiteInfo>,
    pub page: PageInfo,
    pub document: Shared<DocumentInfo>,
    pub article: ArticleInfo,
    /// Its versions, newest first, and its removal as an entry of its own
    /// (`status` "removed") where it was removed.
    pub versions: Vec<ArticleVersion>,
}

/// The article a history page is about, as it last stood.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ArticleInfo {
    /// Its id in the last revision that had it: the page's `<id>`.
    pub id: String,
    /// "Article 5", as last numbered.
    pub label: String,
    pub title: String,
    /// The article in the current text; absent when the current text does not hold it.
    pub current_url: Option<String>,
    /// The revision that removed it, when the latest revision no longer has it.
    pub removed_in: Option<RevisionLink>,
}

/// One version of an article: the text it had from one revision until the
/// next change, or (`status` "removed") the revision that removed it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ArticleVersion {
    /// How this version came: "first" (in the document's first revision),
    /// "added", "changed", "moved" (its place among the articles changed),
    /// "renumbered", or "removed".
    pub status: String,
    /// The revision that made it.
    pub from: RevisionLink,
    /// The last revision that still had this text; the same as `from` for a
    /// version of one revision and for a removal.
    pub until: RevisionLink,
    /// How many revisions had this version.
    pub revisions: usize,
    /// The version in the current revision.
    pub current: bool,
    /// "Article 5", as this version numbers it (before, for a removal).
    pub label: String,
    pub title: String,
    /// Its number before, for "moved" and "renumbered": "Article 4".
    pub previous_label: Option<String>,
    /// The article in `from`'s archived text; absent for a removal.
    pub text_url: Option<String>,
    /// The article on `from`'s changes page; absent for "first".
    pub changes_url: Option<String>,
    /// The main changes `from`'s record names in this article.
    pub notes: Vec<ChangeInfo>,
    /// Articles some of its text came from in this step (an article split
    /// off another shows that one here).
    pub moved_from: Vec<ArticlePlace>,
    /// Articles some of its text went to in this step.
    pub moved_to: Vec<ArticlePlace>,
    /// This article's part of what `from` changed, rendered (`| safe`):
    /// empty for "first".
    pub diff_html: String,
}

/// Another article, where text moved to or from.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
pub struct ArticlePlace {
    pub id: String,
    /// "Article 3".
    pub label: String,
    pub title: String,
    /// Its history page.
    pub url: String,
}
