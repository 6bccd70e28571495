//! Dates for people: "15 March 2021" rather than `2021-03-15`, which is hard
//! to read aloud and breaks at its hyphens on a narrow screen.
//!
//! The order and the month names are words of the theme's strings table
//! (`date.long` and `date.january`…), so a site or a language can write its
//! own ("March 15, 2021", "15 mars 2021"). Pages keep the ISO date in
//! `<time datetime>` for machines; only the text shown is formatted.

use std::sync::Arc;

use crate::strings::Strings;

use super::words::Languages;

/// The keys of the month names, January first.
const MONTHS: [&str; 12] = [
    "date.january",
    "date.february",
    "date.march",
    "date.april",
    "date.may",
    "date.june",
    "date.july",
    "date.august",
    "date.september",
    "date.october",
    "date.november",
    "date.december",
];

/// `iso` (`YYYY-MM-DD`) as the strings write a date: "15 March 2021". Any
/// other text comes back as it is, so that a template never fails on it.
pub fn long(s: &Strings, iso: &str) -> String {
    let Some((year, month, day)) = parse(iso) else {
        return iso.to_string();
    };
    let month = s.get(MONTHS[month - 1], &[]);
    s.get(
        "date.long",
        &[("day", &day.to_string()), ("month", &month), ("year", year)],
    )
}

/// Year (as written), month (1–12) and day (1–31) of `YYYY-MM-DD`.
fn parse(iso: &str) -> Option<(&str, usize, u32)> {
    let mut parts = iso.splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    if !digits(year, 4) || !digits(month, 2) || !digits(day, 2) {
        return None;
    }
    let (month, day): (usize, u32) = (month.parse().ok()?, day.parse().ok()?);
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

/// The `date_long` filter: `{{ r.date | date_long }}`, in the language of
/// the page, as `t` picks it.
pub fn filter(
    languages: Arc<Languages>,
) -> impl Fn(&str, tera::Kwargs, &tera::State) -> tera::TeraResult<String> + Send + Sync + 'static {
    move |iso, _, state| Ok(long(languages.for_state(state)?, iso))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_written_with_its_month_in_words() {
        let s = Strings::builtin();
        assert_eq!(long(s, "2021-03-15"), "15 March 2021");
        assert_eq!(long(s, "2020-09-01"), "1 September 2020");
        assert_eq!(long(s, "2020-12-31"), "31 December 2020");
    }

    #[test]
    fn other_text_is_left_as_it_is() {
        let s = Strings::builtin();
        for text in ["", "draft", "2021-13-01", "2021-3-15", "21-03-15"] {
            assert_eq!(long(s, text), text);
        }
    }

    #[test]
    fn a_site_sets_the_order_and_the_names() {
        let s = Strings::merged("[date]\nlong = \"{month} {day}, {year}\"\nmarch = \"Mar.\"\n").expect("valid");
        assert_eq!(long(&s, "2021-03-15"), "Mar. 15, 2021");
    }
}
