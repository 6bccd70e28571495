use std::process::ExitCode;

use clap::Parser;

use charter::cli::{Cli, Command};
use charter::cmd;
use charter::diagnostic::Diagnostics;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Announce(args) => cmd::announce::run(args),
        Command::Log(args) => cmd::log::run(args),
        Command::Init(args) => cmd::init::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e, matches!(cli.command, Command::Build(_)));
            ExitCode::FAILURE
        }
    }
}

/// Prints an error once: every problem of a site, or the error and its causes.
fn report(e: &anyhow::Error, building: bool) {
    if let Some(problems) = e.downcast_ref::<Diagnostics>() {
        for d in &problems.0 {
            eprintln!("{d}");
        }
        let n = problems.errors().count();
        let plural = if n == 1 { "" } else { "s" };
        if building {
            eprintln!("error: {n} problem{plural} found; nothing was built, and the previous output is as it was");
        } else {
            eprintln!("error: {n} problem{plural} found");
        }
    } else {
        eprintln!("error: {e:#}");
    }
}
