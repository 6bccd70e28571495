//! `charter check`: load and validate everything, write nothing.

use crate::cli::SiteArgs;
use crate::model::Date;

pub fn run(args: &SiteArgs) -> anyhow::Result<()> {
    let report = crate::site::check(&args.root, Date::today_utc())?;
    for w in &report.warnings {
        crate::ui::warn(w);
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    crate::note!(
        "checked {} and {}: no problems",
        plural(report.documents, "document"),
        plural(report.revisions, "revision")
    );
    Ok(())
}
