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

pub fn man() -> anyhow::Result<()> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut out)?;
    super::print(&String::from_utf8_lossy(&out))
}
