//! Which revision of a document is in effect on a date, and for how long each was.

use serde::Serialize;

use std::borrow::Cow;

use crate::model::{Date, DocumentEntry, Revision};

/// A revision's standing on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// In effect now.
    Current,
    /// Was in effect, replaced since.
    Past,
    /// Published, takes effect later.
    Upcoming,
    /// Replaced by a later revision before it ever took effect.
    Superseded,
}

/// One revision's place in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub status: Status,
    pub from: Date,
    /// The day the next revision took over, for a past revision.
    pub until: Option<Date>,
}

/// `doc` as the public knows it on `today`: without the revisions whose
/// publication date is still to come (scheduled ones), which are returned
/// apart. Borrowed, and free, in the usual case of no scheduled revision.
pub fn published_by(doc: &DocumentEntry, today: Date) -> (Cow<'_, DocumentEntry>, &[Revision]) {
    let published = doc.revisions.iter().take_while(|r| r.meta.date <= today).count();
    if published == doc.revisions.len() {
        return (Cow::Borrowed(doc), &[]);
    }
    let mut visible = doc.clone();
    visible.revisions.truncate(published);
    (Cow::Owned(visible), &doc.revisions[published..])
}

/// The standing of each revision of `doc` (same order) on `today`, and the
/// index of the current one.
pub fn of_document(doc: &DocumentEntry, today: Date) -> (Vec<Period>, Option<usize>) {
    let effective: Vec<Date> = doc.revisions.iter().map(|r| r.meta.effective).collect();
    periods(&effective, today)
}

/// The same over the effective dates of revisions in publication order, which
/// `check` guarantees never decrease.
pub fn periods(effective: &[Date], today: Date) -> (Vec<Period>, Option<usize>) {
    let current = effective.iter().rposition(|&e| e <= today);
    let periods = effective
        .iter()
        .enumerate()
        .map(|(i, &from)| {
            let next = effective.get(i + 1).copied();
            let status = match current {
                Some(c) if i == c => Status::Current,
                // The next revision took effect the same day: this one never did.
                Some(c) if i < c && next.is_some_and(|n| n <= from) => Status::Superseded,
                Some(c) if i < c => Status::Past,
                _ => Status::Upcoming,
            };
            let until = (status == Status::Past).then_some(next).flatten();
            Period { status, from, until }
        })
        .collect();
    (periods, current)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn statuses(effective: &[&str], today: &str) -> (Vec<Status>, Option<usize>) {
        let dates: Vec<Date> = effective.iter().map(|s| d(s)).collect();
        let (p, c) = periods(&dates, d(today));
        (p.iter().map(|p| p.status).collect(), c)
    }

    #[test]
    fn current_is_the_latest_in_effect() {
        use Status::*;
        let revs = ["2017-06-01", "2019-04-18", "2021-03-15"];
        assert_eq!(statuses(&revs, "2026-01-01"), (vec![Past, Past, Current], Some(2)));
        assert_eq!(statuses(&revs, "2021-03-14"), (vec![Past, Current, Upcoming], Some(1)));
        assert_eq!(statuses(&revs, "2021-03-15"), (vec![Past, Past, Current], Some(2)));
        assert_eq!(
            statuses(&revs, "2017-05-31"),
            (vec![Upcoming, Upcoming, Upcoming], None)
        );
    }

    #[test]
    fn past_revisions_end_when_the_next_takes_effect() {
        let dates = [d("2017-06-01"), d("2021-03-15")];
        let (p, _) = periods(&dates, d("2026-01-01"));
        assert_eq!(p[0].until, Some(d("2021-03-15")));
        assert_eq!(p[1].until, None);
    }

    #[test]
    fn same_day_replacement_never_took_effect() {
        use Status::*;
        let revs = ["2020-01-01", "2020-01-01"];
        assert_eq!(statuses(&revs, "2020-06-01"), (vec![Superseded, Current], Some(1)));
    }
}
