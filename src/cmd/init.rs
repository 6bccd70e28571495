//! `charter init`: a new site, ready to edit, build and commit.

use std::path::{Path, PathBuf};

use crate::cli::InitArgs;
use crate::output::write_file;
use anyhow::{Context, bail};

const SAMPLE: &str = include_str!("init/privacy.md");

fn site_toml(dir: &Path) -> String {
    let name = dir
        .canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "My".to_string());
    format!(
        "# Settings of this site; every key is described in charter's docs/site-toml.md.\n\
         title = \"{} policies\"\n\
         base_url = \"https://example.com\"\n\
         language = \"en\"\n\
         description = \"Our policies, with every past revision.\"\n\
         \n\
         [build]\n\
         output = \"public\"\n",
        name.replace(['"', '\\'], "")
    )
}

/// Every file `init` writes, relative to the new site.
fn files(dir: &Path, with_theme: bool) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = vec![
        (PathBuf::from("site.toml"), site_toml(dir).into_bytes()),
        (PathBuf::from("content/privacy.md"), SAMPLE.as_bytes().to_vec()),
        // Revisions go in history/<document>/; git keeps no empty folders.
        (PathBuf::from("history/.gitkeep"), Vec::new()),
        (PathBuf::from(".gitignore"), b"/public/\n".to_vec()),
    ];
    if with_theme {
        for (path, bytes) in crate::render::theme::builtin_files() {
            files.push((Path::new("themes/default").join(path), bytes));
        }
    }
    files
}

pub fn run(args: &InitArgs) -> anyhow::Result<()> {
    let dir = &args.dir;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let files = files(dir, args.theme);
    let existing: Vec<String> = files
        .iter()
        .map(|(rel, _)| dir.join(rel))
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect();
    if !existing.is_empty() {
        bail!(
            "refusing to overwrite existing files: {}. Run `charter init` in an empty folder, or move them away",
            existing.join(", ")
        );
    }
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        write_file(&path, bytes, false)?;
        crate::note!("wrote {}", path.display());
    }
    let root = if dir == Path::new(".") {
        String::new()
    } else {
        format!(" --root {}", dir.display())
    };
    crate::note!(
        "\nNext: edit {}, set base_url in {}, publish the first revision with\n  \
         charter revise{root} privacy --summary \"First published version\"\nthen build the site with `charter build{root}`.",
        dir.join("content/privacy.md").display(),
        dir.join("site.toml").display()
    );
    Ok(())
}
