//! `charter check`: load and validate everything, write nothing.

use crate::cli::SiteArgs;
use crate::model::Date;

pub fn run(args: &SiteArgs) -> anyhow::Result<()> {
    let report = crate::site::check(&args.root, Date::today_utc())?;
    for w in &report.warnings {
        crate::ui::warn(w);
    }
    crate::note!(
        "checked {} and {}: no problems",
        crate::ui::count(report.documents, "document"),
        crate::ui::count(report.revisions, "revision")
    );
    Ok(())
}
