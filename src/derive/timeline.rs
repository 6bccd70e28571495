//! Which revision of a document is in effect on a date, and for how long each was.

use serde::Serialize;

use crate::model::{Date, DocumentEntry};

/// A revision's standing on the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
    /// The day the next revision in effect took over, if one has.
    pub until: Option<Date>,
}

/// The standing of each revision of `doc` (same order) on `today`, and the
/// index of the current one.
pub fn periods(doc: &DocumentEntry, today: Date) -> (Vec<Period>, Option<usize>) {
    let revs = &doc.revisions;
    let current = revs.iter().rposition(|r| r.meta.effective <= today);
    let periods = revs
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let from = r.meta.effective;
            let next = revs.get(i + 1).map(|n| n.meta.effective);
            let status = match current {
                Some(c) if i == c => Status::Current,
                Some(c) if i < c && next.is_some_and(|n| n <= from) => Status::Superseded,
                Some(c) if i < c => Status::Past,
                _ if from > today => Status::Upcoming,
                _ => Status::Superseded,
            };
            let until = match status {
                Status::Past => next,
                _ => None,
            };
            Period {
                status,
                from,
                until,
            }
        })
        .collect();
    (periods, current)
}
