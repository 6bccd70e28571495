//! `charter keygen PATH`: a new private key for signing checkpoints.

use crate::cli::KeygenArgs;
use crate::load::{Root, config};

pub fn run(args: &KeygenArgs) -> anyhow::Result<()> {
    let name = match &args.name {
        Some(name) => name.clone(),
        None => {
            let root = Root::new(&args.site.root);
            let config = config::load(&args.site.root, &root.shown(config::FILE)).map_err(|_| {
                anyhow::anyhow!(
                    "no usable site.toml in {} to name the key after: give it a name with --name",
                    args.site.root.display()
                )
            })?;
            crate::records::note::origin(&config.base_url)
        }
    };
    if let Ok(site) = std::fs::canonicalize(&args.site.root)
        && let Some(parent) = args.path.parent()
        && let Ok(dir) = std::fs::canonicalize(if parent.as_os_str().is_empty() {
            ".".as_ref()
        } else {
            parent
        })
        && dir.starts_with(&site)
    {
        anyhow::bail!(
            "{} is inside the site folder: a key there could be committed or published; write it outside, \
             for example in ~/.config/charter/",
            args.path.display()
        );
    }
    let signer = crate::records::key::generate(&args.path, &name)?;
    crate::note!(
        "wrote the private key {} (readable by you only): keep it secret and backed up, and point {} at it \
         when you build. Its public key, which readers check the site with:",
        args.path.display(),
        crate::records::key::KEY_ENV
    );
    super::print(&format!("{}\n", signer.verifier().text()))
}
