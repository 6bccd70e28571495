//! `charter completions <shell>` and `charter man`: shell completions and a
//! man page, generated from the same clap definition as the parser itself.

use clap::CommandFactory;

use crate::cli::Cli;

pub fn completions(shell: clap_complete::Shell) -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "charter", &mut out);
    super::print(&String::from_utf8_lossy(&out))
}

/// The man page of charter, or of one of its commands (`charter-build(1)`,
/// as git names its commands' pages).
pub fn man(command: Option<&str>) -> anyhow::Result<()> {
    let mut root = Cli::command().disable_help_subcommand(true);
    // Building gives each command its full name, `charter-build`.
    root.build();
    let page = match command {
        None => root,
        Some(name) => match root.find_subcommand(name) {
            Some(sub) => sub.clone(),
            None => {
                let names: Vec<&str> = root.get_subcommands().map(|c| c.get_name()).collect();
                anyhow::bail!("no command `{name}`: choose one of {}", names.join(", "));
            }
        },
    };
    let mut out = Vec::new();
    clap_mangen::Man::new(page)
        .source(format!("charter {}", env!("CARGO_PKG_VERSION")))
        .render(&mut out)?;
    super::print(&String::from_utf8_lossy(&out))
}
