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
    /// The revision (an index in the same list) that took over from this
    /// one, or will: the last of those taking effect on the next effective
    /// date, since of revisions taking effect the same day only the last is
    /// ever in force. None for the latest.
    pub replaced_by: Option<usize>,
    /// The day `replaced_by` takes over: for a past revision `until`, for
    /// the current one the day an upcoming revision takes effect, for a
    /// superseded one `from` (it never was in force).
    pub replaced_on: Option<Date>,
}

impl Period {
    /// Whether the revision was, is or will be in force at all: not when
    /// a later one took effect the same day.
    pub fn ever_in_force(&self) -> bool {
        self.replaced_on != Some(self.from)
    }
}

/// The index of the revision in force on `date`, of revisions in
/// publication order with their effective dates; None before the first
/// takes effect. Of revisions taking effect the same day, the last.
pub fn in_force_on(effective: &[Date], date: Date) -> Option<usize> {
    effective.iter().rposition(|&e| e <= date)
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
    let current = in_force_on(effective, today);
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
            let replaced_by = next.and_then(|n| in_force_on(effective, n));
            Period {
                status,
                from,
                until,
                replaced_by,
                replaced_on: next,
            }
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

    fn periods_of(effective: &[&str], today: &str) -> Vec<Period> {
        let dates: Vec<Date> = effective.iter().map(|s| d(s)).collect();
        periods(&dates, d(today)).0
    }

    #[test]
    fn an_upcoming_revision_ends_the_current_period_on_its_effective_date() {
        let p = periods_of(&["2019-04-18", "2027-01-01"], "2026-12-01");
        assert_eq!((p[0].status, p[1].status), (Status::Current, Status::Upcoming));
        // Not past yet, so no `until`, but its end is known.
        assert_eq!(p[0].until, None);
        assert_eq!((p[0].replaced_by, p[0].replaced_on), (Some(1), Some(d("2027-01-01"))));
        assert_eq!((p[1].replaced_by, p[1].replaced_on), (None, None));
        assert!(p[0].ever_in_force() && p[1].ever_in_force());
    }

    #[test]
    fn a_revision_replaced_before_it_took_effect_never_is_in_force() {
        // Published twice for the same day: the second replaced the first.
        let p = periods_of(&["2018-01-10", "2020-09-01", "2020-09-01"], "2026-12-01");
        assert_eq!(p[1].status, Status::Superseded);
        assert!(!p[1].ever_in_force());
        assert_eq!((p[1].replaced_by, p[1].replaced_on), (Some(2), Some(d("2020-09-01"))));
        // The revision before is replaced by the one actually in force.
        assert_eq!((p[0].replaced_by, p[0].until), (Some(2), Some(d("2020-09-01"))));
        assert_eq!(
            in_force_on(&[d("2018-01-10"), d("2020-09-01"), d("2020-09-01")], d("2020-09-01")),
            Some(2)
        );
    }

    #[test]
    fn same_day_revisions_upcoming_leave_the_first_out_too() {
        let p = periods_of(&["2018-01-10", "2027-03-01", "2027-03-01"], "2026-12-01");
        assert_eq!(p[1].status, Status::Upcoming);
        assert!(!p[1].ever_in_force());
        assert_eq!(p[0].replaced_by, Some(2));
    }

    #[test]
    fn in_force_on_a_date_is_the_last_revision_in_effect_by_then() {
        let dates = [d("2017-06-01"), d("2019-04-18"), d("2021-03-15")];
        assert_eq!(in_force_on(&dates, d("2017-05-31")), None);
        assert_eq!(in_force_on(&dates, d("2017-06-01")), Some(0));
        assert_eq!(in_force_on(&dates, d("2019-04-17")), Some(0));
        assert_eq!(in_force_on(&dates, d("2019-04-18")), Some(1));
        assert_eq!(in_force_on(&dates, d("2030-01-01")), Some(2));
    }

    fn entry(revisions: &[(&str, &str)]) -> DocumentEntry {
        let document = crate::model::Document {
            meta: crate::model::DocumentMeta {
                title: "Terms".into(),
                description: None,
                numbering: None,
            },
            body: String::new(),
            body_line: 1,
            preamble: 0..0,
            articles: Vec::new(),
        };
        DocumentEntry {
            id: "terms".into(),
            path: "content/terms.md".into(),
            working: None,
            working_sha256: String::new(),
            revisions: revisions
                .iter()
                .map(|(date, effective)| Revision {
                    id: date.parse().unwrap(),
                    path: format!("history/terms/{date}.md").into(),
                    meta: crate::model::RevisionMeta {
                        date: d(date),
                        effective: d(effective),
                        summary: String::new(),
                        changes: Vec::new(),
                        sha256: String::new(),
                        previous: None,
                        commit: None,
                        editorial: false,
                        consent: crate::model::Consent::Notify,
                        summary_proposed: false,
                        lines: Default::default(),
                    },
                    sha256: String::new(),
                    document: document.clone(),
                })
                .collect(),
            history_incomplete: false,
        }
    }

    /// A revision published after the build date is not known yet: the
    /// current period stays open, and nothing points at the scheduled one.
    #[test]
    fn a_scheduled_revision_beyond_the_build_date_does_not_end_the_current_period() {
        let doc = entry(&[("2018-01-10", "2018-01-10"), ("2027-02-01", "2027-03-01")]);
        let (published, scheduled) = published_by(&doc, d("2026-12-01"));
        assert_eq!(scheduled.len(), 1);
        let (p, current) = of_document(&published, d("2026-12-01"));
        assert_eq!((p.len(), current), (1, Some(0)));
        assert_eq!((p[0].replaced_by, p[0].replaced_on), (None, None));
        // Once published, it is upcoming and ends the current period.
        let (p, _) = of_document(&doc, d("2027-02-01"));
        assert_eq!((p[0].replaced_by, p[0].replaced_on), (Some(1), Some(d("2027-03-01"))));
        assert_eq!(p[1].status, Status::Upcoming);
    }

    #[test]
    fn same_day_replacement_never_took_effect() {
        use Status::*;
        let revs = ["2020-01-01", "2020-01-01"];
        assert_eq!(statuses(&revs, "2020-06-01"), (vec![Superseded, Current], Some(1)));
    }
}
