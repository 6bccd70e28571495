//! `charter check`: load and validate everything, write nothing.

use crate::cli::CheckArgs;
use crate::model::Date;

pub fn run(args: &CheckArgs) -> anyhow::Result<()> {
    let report = crate::site::check(&args.site.root, Date::today_utc())?;
    for w in &report.warnings {
        crate::ui::warn(w);
    }
    let warnings = report.warnings.len();
    if args.strict && warnings > 0 {
        anyhow::bail!(
            "--strict: {} found: fix {}, or check without --strict",
            crate::ui::count(warnings, "warning"),
            if warnings == 1 { "it" } else { "them" }
        );
    }
    crate::note!(
        "checked {} and {}: no problems",
        crate::ui::count(report.documents, "document"),
        crate::ui::count(report.revisions, "revision")
    );
    Ok(())
}
