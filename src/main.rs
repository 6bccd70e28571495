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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::FAILURE
        }
    }
}

/// Prints an error once: every problem of a site, or the error and its causes.
fn report(e: &anyhow::Error) {
    if let Some(problems) = e.downcast_ref::<Diagnostics>() {
        for d in &problems.0 {
            eprintln!("{d}");
        }
        let n = problems.errors().count();
        eprintln!(
            "error: {n} problem{} found; nothing was written",
            if n == 1 { "" } else { "s" }
        );
    } else {
        eprintln!("error: {e:#}");
    }
}
