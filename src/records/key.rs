//! The site's signing key: read from the file `CHARTER_SIGNING_KEY` names,
//! and refused where it could leak (inside the site folder, tracked by git,
//! readable by other users), since whoever holds it can sign a forged
//! history in the site's name.

use std::path::Path;

use anyhow::{Context, bail};

use super::note::Signer;

/// The environment variable that names the private key file.
pub const KEY_ENV: &str = "CHARTER_SIGNING_KEY";

/// The signer named by `CHARTER_SIGNING_KEY`, or `None` when it is unset
/// or empty (the build is unsigned).
pub fn from_env(site_root: &Path) -> anyhow::Result<Option<Signer>> {
    match std::env::var_os(KEY_ENV) {
        Some(path) if !path.is_empty() => load(Path::new(&path), site_root).map(Some),
        _ => Ok(None),
    }
}

/// Reads the private key at `path`, after checking it is kept safe.
pub fn load(path: &Path, site_root: &Path) -> anyhow::Result<Signer> {
    let shown = path.display();
    let real = std::fs::canonicalize(path).with_context(|| format!("{KEY_ENV} names {shown}, which cannot be read"))?;
    if let Ok(site) = std::fs::canonicalize(site_root)
        && real.starts_with(&site)
    {
        bail!(
            "{KEY_ENV}: {shown} is inside the site folder {}, where it could be committed or published with the \
             site: move it outside (for example to ~/.config/charter/), and make a new key if it was ever committed",
            site_root.display()
        );
    }
    if let Some(repo) = crate::git::tracking(&real) {
        bail!(
            "{KEY_ENV}: {shown} is tracked by the git repository {}: anyone with the repository can sign in the \
             site's name. Make a new key outside any repository (charter keygen), and remove this one from git",
            repo.display()
        );
    }
    refuse_shared(&real, path)?;
    let text = std::fs::read_to_string(&real).with_context(|| format!("cannot read the key {shown}"))?;
    Signer::parse(&text).map_err(|why| anyhow::anyhow!("{KEY_ENV}: {shown} is not a signing key: {why}"))
}

/// A key that users other than its owner can read (or write) is refused,
/// as ssh refuses one.
#[cfg(unix)]
fn refuse_shared(real: &Path, shown: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(real)
        .with_context(|| format!("cannot read the key {}", shown.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        bail!(
            "{KEY_ENV}: {} can be read by other users (mode {:o}): make it private with `chmod 600 {}`",
            shown.display(),
            mode & 0o777,
            shown.display()
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn refuse_shared(_: &Path, _: &Path) -> anyhow::Result<()> {
    Ok(())
}

/// Writes a new private key for `name` at `path` (mode 0600, never over
/// an existing file) and returns it.
pub fn generate(path: &Path, name: &str) -> anyhow::Result<Signer> {
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed).map_err(|e| anyhow::anyhow!("cannot get random bytes for a key: {e}"))?;
    let signer = Signer::from_seed(name, seed).map_err(|why| anyhow::anyhow!("--name {why}"))?;
    write_private(path, format!("{}\n", signer.text()).as_bytes())?;
    Ok(signer)
}

/// Creates `path` readable by its owner only, refusing to replace a file.
fn write_private(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            anyhow::anyhow!("{} already exists: charter never overwrites a key", path.display())
        } else {
            anyhow::Error::new(e).context(format!("cannot write {}", path.display()))
        }
    })?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
