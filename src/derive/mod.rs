//! What follows from the model on a given build date: which revision is in
//! effect, which are upcoming, and when each was in force. Pure functions.

pub mod timeline;
