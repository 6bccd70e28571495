//! What follows from the model: which revision is in effect on a date, and
//! the diffs between revisions. Pure functions of the model.

pub mod article_history;
pub mod changes;
pub mod history;
pub mod timeline;
