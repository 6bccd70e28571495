use std::process::ExitCode;

use clap::Parser;

use charter::cli::{Cli, Command};
use charter::cmd;
use charter::diagnostic::Diagnostics;

/// A build allocates millions of short strings from every core at once
/// (diff spans, template values); glibc's allocator spends a fifth of the
/// build's time on them, mimalloc far less.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    charter::ui::set_level(match (cli.quiet, cli.verbose) {
        (true, _) => charter::ui::Level::Quiet,
        (_, true) => charter::ui::Level::Verbose,
        _ => charter::ui::Level::Normal,
    });
    let result = match &cli.command {
        Command::Diff(args) => {
            // Like diff(1): 0 same, 1 different, 2 trouble.
            return match cmd::diff::run(args) {
                Ok(changed) => ExitCode::from(u8::from(changed)),
                Err(e) => {
                    report(&e, false);
                    ExitCode::from(2)
                }
            };
        }
        Command::Build(args) => cmd::build::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Serve(args) => cmd::serve::run(args),
        Command::Announce(args) => cmd::announce::run(args),
        Command::Log(args) => cmd::log::run(args),
        Command::Record(args) => cmd::record::run(args),
        Command::Show(args) => cmd::show::run(args),
        Command::Revise(args) => cmd::revise::run(args),
        Command::Review(args) => cmd::review::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Init(args) => cmd::init::run(args),
        Command::Keygen(args) => cmd::keygen::run(args),
        Command::Verify(args) => cmd::verify::run(args),
        Command::Completions { shell } => cmd::completions::completions(*shell),
        Command::Man { command } => cmd::completions::man(command.as_deref()),
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
        let found = Diagnostics::count_words(charter::ui::problems(problems));
        let outer = e.to_string();
        if outer != problems.to_string() {
            eprintln!("error: {outer}");
        }
        if building {
            eprintln!("error: {found} found; nothing was built, and the previous output is as it was");
        } else {
            eprintln!("error: {found} found");
        }
    } else {
        eprintln!("error: {e:#}");
    }
}
