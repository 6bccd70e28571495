//! What follows from the model: which revision is in effect on a date, and
//! the diffs between revisions. Pure functions of the model.

pub mod changes;
pub mod article_history;
pub mod history;
pub mod timeline;
