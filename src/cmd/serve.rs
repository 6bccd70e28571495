//! `charter serve`: a live preview of the site, with its drafts, rebuilt on
//! every save. See [`crate::serve`].

use crate::cli::ServeArgs;
use crate::serve::{self, Settings};

pub fn run(args: &ServeArgs) -> anyhow::Result<()> {
    if let Some(url) = &args.base_url {
        super::check_base_url(url)?;
    }
    serve::run(&Settings {
        root: args.site.root.clone(),
        interface: args.interface.clone(),
        port: args.port,
        base_url: args.base_url.clone(),
        open: args.open,
    })
}
