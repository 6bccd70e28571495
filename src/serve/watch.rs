//! Watching the site's inputs, and turning bursts of file events into one
//! rebuild each.
//!
//! The site's folder is watched on its own (for `site.toml`, which editors
//! often replace rather than rewrite, and for input folders that appear or
//! disappear), and `content/`, `history/` and `themes/` recursively. Events
//! are debounced here rather than by a debouncer crate: notify reports every
//! file the build itself opens, and only here, with the event's kind at
//! hand, can those be told from real changes, or each build would start the
//! next.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use anyhow::Context;
use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use super::build::Scope;
use crate::load::is_safe_name;

/// The input folders, watched recursively when they exist.
const INPUT_DIRS: [&str; 3] = ["content", "history", "themes"];

/// A burst ends after this long without a change…
const QUIET: Duration = Duration::from_millis(150);
/// …or this long after it started, so that a steady stream of writes still
/// shows up in the browser.
const MAX_WAIT: Duration = Duration::from_secs(2);

enum Message {
    Fs(notify::Result<Event>),
    Stop,
}

/// The watcher, registered and collecting events, not yet acting on them.
pub struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    watched: BTreeSet<&'static str>,
    sender: Sender<Message>,
    events: Receiver<Message>,
}

/// The running watcher thread.
pub struct Handle {
    stop: Sender<Message>,
    thread: JoinHandle<()>,
}

impl Handle {
    /// Stops watching, and waits for a rebuild in progress to end.
    pub fn stop(self) {
        let _ = self.stop.send(Message::Stop);
        let _ = self.thread.join();
    }
}

impl Watch {
    /// Starts watching `root`'s inputs. Events are kept until [`Watch::spawn`].
    pub fn new(root: &Path) -> anyhow::Result<Watch> {
        let root = std::fs::canonicalize(root).with_context(|| format!("cannot open {}", root.display()))?;
        let (sender, events) = mpsc::channel();
        let tx = sender.clone();
        let mut watcher = notify::recommended_watcher(move |event| {
            let _ = tx.send(Message::Fs(event));
        })
        .context("cannot watch the site for changes")?;
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .with_context(|| format!("cannot watch {}", root.display()))?;
        let mut watch = Watch {
            root,
            watcher,
            watched: BTreeSet::new(),
            sender,
            events,
        };
        watch.rewatch(&BTreeSet::new());
        Ok(watch)
    }

    /// Watches the input folders that exist, again for those in `touched`
    /// (created, removed or replaced since), and forgets those gone.
    fn rewatch(&mut self, touched: &BTreeSet<&'static str>) {
        for dir in INPUT_DIRS {
            let path = self.root.join(dir);
            let exists = path.is_dir();
            if self.watched.contains(dir) && (!exists || touched.contains(dir)) {
                let _ = self.watcher.unwatch(&path);
                self.watched.remove(dir);
            }
            if exists && !self.watched.contains(dir) {
                match self.watcher.watch(&path, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => crate::ui::warning(format_args!("cannot watch {} for changes: {e}", path.display())),
                }
            }
        }
    }

    /// Calls `on_change` in a thread of its own after each burst of changes.
    pub fn spawn(self, mut on_change: impl FnMut(Scope) + Send + 'static) -> std::io::Result<Handle> {
        let stop = self.sender.clone();
        let thread = std::thread::Builder::new()
            .name("charter-watch".into())
            .spawn(move || self.run(&mut on_change))?;
        Ok(Handle { stop, thread })
    }

    fn run(mut self, on_change: &mut dyn FnMut(Scope)) {
        let mut burst = Burst::default();
        loop {
            let message = match burst.deadline() {
                None => self.events.recv().ok(),
                Some(deadline) => match self
                    .events
                    .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                {
                    Ok(m) => Some(m),
                    Err(RecvTimeoutError::Timeout) => {
                        let done = std::mem::take(&mut burst);
                        self.rewatch(&done.touched_dirs());
                        if let Some(scope) = done.scope(&self.root) {
                            on_change(scope);
                        }
                        continue;
                    }
                    Err(RecvTimeoutError::Disconnected) => None,
                },
            };
            match message {
                None | Some(Message::Stop) => return,
                Some(Message::Fs(Ok(event))) => burst.add(&self.root, &event),
                Some(Message::Fs(Err(e))) => crate::ui::warning(format_args!("watching the site: {e}")),
            }
        }
    }
}

/// The changes seen since the first one of a burst.
#[derive(Default)]
struct Burst {
    /// Changed inputs, relative to the site's folder.
    paths: Vec<PathBuf>,
    /// The watcher lost events: rebuild everything.
    rescan: bool,
    first: Option<Instant>,
    last: Option<Instant>,
}

impl Burst {
    fn add(&mut self, root: &Path, event: &Event) {
        if !is_change(&event.kind) && !event.need_rescan() {
            return;
        }
        let before = self.paths.len();
        self.paths
            .extend(event.paths.iter().filter_map(|p| input_path(root, p)));
        self.rescan |= event.need_rescan();
        if self.paths.len() > before || event.need_rescan() {
            let now = Instant::now();
            self.first.get_or_insert(now);
            self.last = Some(now);
        }
    }

    fn deadline(&self) -> Option<Instant> {
        Some((self.last? + QUIET).min(self.first? + MAX_WAIT))
    }

    /// Input folders that were themselves created, removed or moved.
    fn touched_dirs(&self) -> BTreeSet<&'static str> {
        INPUT_DIRS
            .into_iter()
            .filter(|dir| self.paths.iter().any(|p| p == Path::new(dir)))
            .collect()
    }

    fn scope(&self, root: &Path) -> Option<Scope> {
        if self.rescan {
            return Some(Scope::Site);
        }
        classify(&self.paths, |rel| root.join(rel).exists())
    }
}

/// Whether an event can change a file: not a mere open or read (the build
/// opens every input), but a write finishing is.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        _ => true,
    }
}

/// `path` relative to the site, when it is an input: `site.toml`, or inside
/// an input folder. Hidden files (editors' swap files, which charter ignores
/// too) and `~` backups are not inputs.
fn input_path(root: &Path, path: &Path) -> Option<PathBuf> {
    let rel = path.strip_prefix(root).ok()?;
    let names: Vec<String> = rel
        .components()
        .map(|c| match c {
            Component::Normal(n) => n.to_string_lossy().into_owned(),
            _ => String::from("."),
        })
        .collect();
    let first = names.first()?;
    let input = (first == "site.toml" && names.len() == 1) || INPUT_DIRS.contains(&first.as_str());
    let ignored = names.iter().any(|n| n.starts_with('.') || n.ends_with('~'));
    (input && !ignored).then(|| rel.to_path_buf())
}

/// What to rebuild after these inputs changed: one document when they all
/// belong to it, else the whole site. None when nothing changed.
///
/// A file in `content/` that is not a document and is gone already (an
/// editor's or `sed -i`'s temporary file, renamed over the document) changed
/// nothing: `exists` tells, for a path relative to the site.
pub fn classify(paths: &[PathBuf], exists: impl Fn(&Path) -> bool) -> Option<Scope> {
    let mut document: Option<String> = None;
    for path in paths {
        let names: Vec<String> = path.iter().map(|n| n.to_string_lossy().into_owned()).collect();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let id = match names.as_slice() {
            ["content", file] => match file.strip_suffix(".md").filter(|id| is_safe_name(id)) {
                None if !exists(path) => continue,
                id => id,
            },
            ["history", id, _, ..] if is_safe_name(id) => Some(*id),
            _ => None,
        };
        match (id, &document) {
            (None, _) => return Some(Scope::Site),
            (Some(id), Some(seen)) if id != seen => return Some(Scope::Site),
            (Some(id), _) => document = Some(id.to_string()),
        }
    }
    document.map(Scope::Document)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paths(list: &[&str]) -> Vec<PathBuf> {
        list.iter().map(PathBuf::from).collect()
    }

    #[test]
    fn one_document_or_the_site() {
        let doc = |id: &str| Some(Scope::Document(id.to_string()));
        let classify = |list: &[PathBuf]| classify(list, |_| true);
        assert_eq!(classify(&paths(&[])), None);
        assert_eq!(classify(&paths(&["content/privacy.md"])), doc("privacy"));
        assert_eq!(
            classify(&paths(&["content/privacy.md", "history/privacy/2024-01-01.md"])),
            doc("privacy")
        );
        for site in [
            &["site.toml"][..],
            &["content/privacy.md", "content/terms.md"],
            &["content/privacy.md", "history/terms/2020-09-01.md"],
            &["themes/default/templates/document.html"],
            &["content"],
            &["history/privacy"],
            &["content/notes.txt"],
            &["content/Bad Name.md"],
        ] {
            assert_eq!(classify(&paths(site)), Some(Scope::Site), "{site:?}");
        }
    }

    #[test]
    fn temporary_files_renamed_over_a_document_change_only_it() {
        let gone = |p: &Path| p != Path::new("content/sedAb12Cd");
        assert_eq!(
            super::classify(&paths(&["content/sedAb12Cd", "content/privacy.md"]), gone),
            Some(Scope::Document("privacy".into()))
        );
        assert_eq!(super::classify(&paths(&["content/sedAb12Cd"]), gone), None);
        // A deleted document is a change, and so is a new non-document file.
        assert_eq!(
            super::classify(&paths(&["content/terms.md"]), |_| false),
            Some(Scope::Document("terms".into()))
        );
        assert_eq!(
            super::classify(&paths(&["content/notes.txt"]), |_| true),
            Some(Scope::Site)
        );
    }

    #[test]
    fn inputs_only() {
        let root = Path::new("/site");
        let input = |p: &str| input_path(root, &root.join(p)).map(|p| p.to_string_lossy().into_owned());
        assert_eq!(input("site.toml").as_deref(), Some("site.toml"));
        assert_eq!(input("content/privacy.md").as_deref(), Some("content/privacy.md"));
        assert_eq!(
            input("history/privacy/2019-04-18.md").as_deref(),
            Some("history/privacy/2019-04-18.md")
        );
        assert_eq!(input("themes").as_deref(), Some("themes"));
        for ignored in [
            "public/index.html",
            "README.md",
            ".git/index",
            "site.toml~",
            "content/.privacy.md.swp",
            "content/privacy.md~",
            "themes/default/.DS_Store",
            "static/site.toml",
        ] {
            assert_eq!(input(ignored), None, "{ignored}");
        }
        assert_eq!(input_path(root, Path::new("/elsewhere/site.toml")), None);
    }

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(AccessMode::Read))));
        assert!(!is_change(&EventKind::Access(AccessKind::Read)));
        assert!(is_change(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Any)));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
        assert!(is_change(&EventKind::Remove(RemoveKind::Any)));
    }

    #[test]
    fn a_burst_waits_for_quiet() {
        let root = Path::new("/site");
        let mut burst = Burst::default();
        assert!(burst.deadline().is_none());
        let read = Event::new(EventKind::Access(AccessKind::Open(AccessMode::Any))).add_path(root.join("site.toml"));
        burst.add(root, &read);
        assert!(burst.deadline().is_none(), "an open is not a change");
        let write = Event::new(EventKind::Any).add_path(root.join("content/privacy.md"));
        burst.add(root, &write);
        assert!(burst.deadline().is_some());
        assert_eq!(burst.scope(root), Some(Scope::Document("privacy".into())));
        burst.add(root, &Event::new(EventKind::Any).add_path(root.join("content")));
        assert_eq!(burst.touched_dirs(), BTreeSet::from(["content"]));
        assert_eq!(burst.scope(root), Some(Scope::Site));
    }
}
