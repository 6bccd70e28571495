//! The site's settings, as `site.toml` writes them: plain data that the
//! rest of the pipeline reads. Reading and checking the file is
//! [`crate::load::config`]'s job.

use std::path::PathBuf;

use serde::Deserialize;

use super::Date;

/// The site's settings, as written in `site.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    /// The absolute URL the site is published at, without a trailing slash.
    pub base_url: String,
    /// BCP 47 language tag of the site's pages, such as `en` or `ja-JP`.
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default)]
    pub description: String,
    /// The days of notice the policies promise before a revision takes
    /// effect: a revision that is not editorial must take effect at least
    /// this many days after its publication date.
    #[serde(default, deserialize_with = "notice_days")]
    pub notice_days: Option<u32>,
    /// Revisions published before this day are not held to `notice_days`:
    /// the day the promise was made. Published history never changes, so a
    /// revision cut before it could never be put right.
    #[serde(default)]
    pub notice_since: Option<Date>,
    #[serde(default)]
    pub build: BuildConfig,
    #[serde(default)]
    pub feeds: FeedsConfig,
    #[serde(default)]
    pub announcements: AnnouncementsConfig,
    /// Free-form variables for themes, passed to templates as `site.extra`.
    #[serde(default)]
    pub extra: toml::Table,
}

impl Config {
    /// The earliest day a revision published on `date` may take effect
    /// under the notice the site promises, with the days promised; None
    /// when it is held to no notice (none promised, or published before
    /// `notice_since`). Editorial revisions are exempt: the caller asks
    /// only for the others.
    pub fn notice(&self, date: Date) -> Option<(Date, u32)> {
        let days = self.notice_days.filter(|d| *d > 0)?;
        if self.notice_since.is_some_and(|since| date < since) {
            return None;
        }
        Some((date.plus_days(days), days))
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuildConfig {
    #[serde(default = "default_output")]
    pub output: PathBuf,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// When true, raw HTML in content is kept after sanitising; otherwise it is shown as text.
    #[serde(default)]
    pub allow_html: bool,
}

impl Default for BuildConfig {
    fn default() -> Self {
        BuildConfig {
            output: default_output(),
            theme: default_theme(),
            allow_html: false,
        }
    }
}

/// `[feeds]`: the Atom and JSON feeds of announcements.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedsConfig {
    /// Write `/atom.xml`, `/feed.json` and `/<doc>/atom.xml`.
    #[serde(default = "yes")]
    pub enabled: bool,
    /// The newest entries each feed holds.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
    /// The feeds' author; the site's title when unset.
    #[serde(default)]
    pub author: Option<String>,
}

impl Default for FeedsConfig {
    fn default() -> Self {
        FeedsConfig {
            enabled: true,
            limit: default_feed_limit(),
            author: None,
        }
    }
}

/// `[announcements]`: the `/announcements/` pages.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnouncementsConfig {
    /// Announcements per page before the list is split into pages.
    #[serde(default = "default_per_page")]
    pub per_page: usize,
    /// Announce editorial revisions too (typing and formatting corrections),
    /// on these pages and in the feeds. Off: they are only listed with the
    /// document's past revisions.
    #[serde(default)]
    pub editorial: bool,
}

impl Default for AnnouncementsConfig {
    fn default() -> Self {
        AnnouncementsConfig {
            per_page: default_per_page(),
            editorial: false,
        }
    }
}

/// Ten years: a longer notice is a typing mistake.
pub const MAX_NOTICE_DAYS: u32 = 3650;

/// `notice_days`: a whole number of days, at most [`MAX_NOTICE_DAYS`].
fn notice_days<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    use serde::de::Error;
    let what = || {
        format!(
            "`notice_days` is the days of notice your policies promise: a whole number from 0 to {MAX_NOTICE_DAYS}, such as 30"
        )
    };
    let days = i64::deserialize(d).map_err(|_| D::Error::custom(format!("not a whole number: {}", what())))?;
    u32::try_from(days)
        .ok()
        .filter(|d| *d <= MAX_NOTICE_DAYS)
        .map(Some)
        .ok_or_else(|| D::Error::custom(format!("{days} days: {}", what())))
}

fn yes() -> bool {
    true
}
fn default_feed_limit() -> usize {
    20
}
fn default_per_page() -> usize {
    20
}

fn default_language() -> String {
    "en".into()
}
fn default_output() -> PathBuf {
    "public".into()
}
fn default_theme() -> String {
    "default".into()
}
