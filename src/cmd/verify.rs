//! `charter verify DIR --key KEY`: an outsider's check of a built site.

use anyhow::Context;

use crate::cli::VerifyArgs;
use crate::records::note::Verifier;
use crate::records::verify::{self, NOT_PROVED};

pub fn run(args: &VerifyArgs) -> anyhow::Result<()> {
    let key_text = match std::fs::read_to_string(&args.key) {
        Ok(text) => text,
        Err(_) if !args.key.contains('/') || args.key.contains('+') => args.key.clone(),
        Err(e) => return Err(e).with_context(|| format!("cannot read the key {}", args.key)),
    };
    let key =
        Verifier::parse(&key_text).map_err(|why| anyhow::anyhow!("--key {}: not a public key: {why}", args.key))?;
    let previous = match &args.previous {
        Some(path) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            Some((path.display().to_string(), text))
        }
        None => None,
    };
    let report = verify::verify(
        &args.dir,
        &key,
        previous.as_ref().map(|(f, t)| (f.as_str(), t.as_str())),
    );
    let mut out = format!("{}:\n", args.dir.display());
    for p in &report.proved {
        out += &format!("  proved: {p}\n");
    }
    for n in NOT_PROVED {
        out += &format!("  not proved: {n}\n");
    }
    super::print(&out)?;
    if report.failed.is_empty() {
        return Ok(());
    }
    for f in &report.failed {
        eprintln!("{}: {f}", args.dir.display());
    }
    anyhow::bail!(
        "{} of {} failed: do not rely on its record",
        crate::ui::count(report.failed.len(), "check"),
        args.dir.display()
    )
}
