//! One file per subcommand.

pub mod build;
pub mod check;
