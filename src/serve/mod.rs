//! `charter serve`: a live preview. The site is built with its drafts into
//! memory (never into its output folder), served over HTTP, rebuilt when an
//! input changes, and open pages reload themselves.
//!
//! Threads: one runs the HTTP server's event loop, which answers every
//! request from the latest [`build::Snapshot`] and streams live-reload
//! events to open pages; one watcher thread debounces file events and
//! rebuilds. The main thread waits for Ctrl-C and then stops them both.

pub mod build;
pub mod host;
pub mod http;
pub mod path;
pub mod reload;
pub mod server;
pub mod watch;

use std::io::Write;
use std::net::{IpAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};

use anyhow::{Context, bail};

use build::{Builder, Files, Scope, Snapshot};
use reload::Hub;

/// What to serve, and where.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The site's folder.
    pub root: PathBuf,
    /// The address to listen on.
    pub interface: String,
    /// 0: any free port.
    pub port: u16,
    /// What pages link to, when not the address served.
    pub base_url: Option<String>,
    /// Open the site in a browser once it is served.
    pub open: bool,
}

/// What is served now, and the pages listening for the next build.
pub struct Live {
    snapshot: RwLock<Arc<Snapshot>>,
    hub: Hub,
}

impl Live {
    fn new(generation: u64) -> Live {
        Live {
            snapshot: RwLock::new(Arc::new(Snapshot {
                generation,
                files: Arc::default(),
                error_page: None,
            })),
            hub: Hub::new(generation),
        }
    }

    /// What to answer requests from.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Serves a new build (or the error page of a failed one), and tells the
    /// open pages to reload.
    fn publish(&self, files: Arc<Files>, error_page: Option<Arc<str>>) {
        let mut slot = self.snapshot.write().unwrap_or_else(|e| e.into_inner());
        let generation = slot.generation + 1;
        *slot = Arc::new(Snapshot {
            generation,
            files,
            error_page,
        });
        drop(slot);
        self.hub.publish(generation);
    }
}

/// Serves the site until Ctrl-C.
pub fn run(settings: &Settings) -> anyhow::Result<()> {
    let root = &settings.root;
    if !root.join(crate::load::config::FILE).is_file() {
        bail!(
            "{} has no {}: run charter serve in a site's folder, or pass --root DIR",
            root.display(),
            crate::load::config::FILE
        );
    }
    let (stop_tx, stop_rx) = std::sync::mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = stop_tx.send(());
    })
    .context("cannot handle Ctrl-C")?;

    let listener = TcpListener::bind((settings.interface.as_str(), settings.port)).with_context(|| {
        format!(
            "cannot listen on {}:{} (try another --port, or --port 0 for any free one)",
            settings.interface, settings.port
        )
    })?;
    let port = listener.local_addr()?.port();
    let served = base_url(&settings.interface, port);
    let base_url = match &settings.base_url {
        Some(url) => url.trim_end_matches('/').to_string(),
        None => served.clone(),
    };
    if settings.base_url.is_none() && unspecified(&settings.interface) {
        crate::note!(
            "note: listening on every address of this computer; pages link to {served}: to preview from \
             another device, also pass --base-url http://<this computer's address>:{port}"
        );
    }
    let hosts = host::Allowed::new(&settings.interface, port, settings.base_url.as_deref(), &served);

    // Watch before the first build, so that a change made during it is not missed.
    let watch = watch::Watch::new(root)?;
    let live = Arc::new(Live::new(clock_generation()));
    let mut builder = Builder::new(root.clone(), base_url.clone());
    rebuild(&mut builder, &live, &Scope::Site, true);

    let server = server::Server::start(listener, Arc::clone(&live), hosts).context("cannot start the server")?;
    let watcher = {
        let live = Arc::clone(&live);
        watch
            .spawn(move |scope| rebuild(&mut builder, &live, &scope, false))
            .context("cannot start the watcher")?
    };

    println!("Serving {served} (Ctrl-C to stop)");
    let _ = std::io::stdout().flush();
    if settings.open {
        open_browser(&served);
    }

    let _ = stop_rx.recv();
    crate::note!("stopping");
    watcher.stop();
    live.hub.close();
    server.stop();
    Ok(())
}

/// Builds what `scope` needs, reports it in one line (or every problem), and
/// serves the result: the new build, or the last good one with an error page.
fn rebuild(builder: &mut Builder, live: &Live, scope: &Scope, first: bool) {
    match builder.build(scope) {
        Ok(built) => {
            for w in built.warnings.iter().chain(&built.summary.warnings) {
                crate::ui::warn(w);
            }
            let ms = built.elapsed.as_millis();
            if first {
                for note in &built.summary.notes {
                    crate::note!("note: {note}");
                }
                let s = &built.summary;
                crate::note!(
                    "built {}, {}, {} with drafts in {ms} ms",
                    crate::ui::count(s.documents, "document"),
                    crate::ui::count(s.revisions, "revision"),
                    crate::ui::count(s.pages, "page")
                );
            } else {
                crate::note!("rebuilt {} in {ms} ms", built.what);
            }
            live.publish(built.files, None);
        }
        Err(problems) => {
            let found = crate::diagnostic::Diagnostics::count_words(crate::ui::problems(&problems));
            eprintln!("error: {found} found; pages show them until they are fixed");
            live.publish(builder.files(), Some(Arc::from(build::error_page(&problems))));
        }
    }
}

/// `http://<interface>:<port>`, with an IPv6 address in brackets. An
/// address that stands for all of them (`0.0.0.0`, `::`) is not one a
/// browser can open: its loopback address stands in for it.
pub fn base_url(interface: &str, port: u16) -> String {
    match interface.parse::<IpAddr>() {
        Ok(IpAddr::V4(ip)) if ip.is_unspecified() => format!("http://127.0.0.1:{port}"),
        Ok(IpAddr::V6(ip)) if ip.is_unspecified() => format!("http://[::1]:{port}"),
        Ok(IpAddr::V6(ip)) => format!("http://[{ip}]:{port}"),
        _ => format!("http://{interface}:{port}"),
    }
}

/// True for an address that listens on every address (`0.0.0.0`, `::`).
fn unspecified(interface: &str) -> bool {
    interface.parse::<IpAddr>().is_ok_and(|ip| ip.is_unspecified())
}

/// The first generation: the clock, so that pages left open by a previous
/// run of the server reload when they reconnect to this one.
fn clock_generation() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}

/// Opens `url` with the desktop's opener. A crate would only wrap the same
/// three commands.
fn open_browser(url: &str) {
    use std::process::{Command, Stdio};
    let mut command = if cfg!(target_os = "macos") {
        Command::new("open")
    } else if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        Command::new("xdg-open")
    };
    command
        .arg(url)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    match command.spawn() {
        // Reap it when it is done, without holding anything up.
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(e) => crate::ui::warning(format_args!("cannot open a browser ({e}): open {url} yourself")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(base_url("127.0.0.1", 1111), "http://127.0.0.1:1111");
        assert_eq!(base_url("localhost", 8000), "http://localhost:8000");
        assert_eq!(base_url("::1", 1111), "http://[::1]:1111");
        assert_eq!(base_url("0.0.0.0", 1111), "http://127.0.0.1:1111");
        assert_eq!(base_url("::", 8000), "http://[::1]:8000");
        assert!(unspecified("0.0.0.0") && unspecified("::") && !unspecified("127.0.0.1") && !unspecified("localhost"));
    }
}
