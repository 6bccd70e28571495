//! A deterministic synthetic corpus for benchmarks: a complete charter site
//! with many documents, each with a long published history.
//!
//! ```text
//! cargo run --release --example corpus -- --out DIR [--documents 50] [--revisions 40] [--words 6000] [--seed 1]
//! ```
//!
//! writes `DIR/site.toml`, `DIR/content/<doc>.md` (the latest revision's
//! body, so there is no draft) and `DIR/history/<doc>/<rev>.md`. The same
//! arguments always give the same bytes: a small xorshift generator picks
//! every word, and each document has its own generator seeded from `--seed`
//! and its index, so documents can be written in parallel.
//!
//! Each document has 10 to 20 articles with `{#id}` ids, some `###` sections,
//! paragraphs of legal-sounding sentences, numbered and bulleted lists, a table
//! now and then, and links. Each revision rewords a few sentences and inserts
//! or deletes list items, and now and then adds, removes, moves or retitles an
//! article. Revisions come about every 60 days from 2010-01-01 (closer
//! together when there are many, so that all are published by 2025), and some
//! take effect a few weeks after they are published. Each revision's `changes`
//! are proposed from charter's own diff, so `charter check` passes.
//!
//! Two more modes edit an existing corpus, for the rebuild benchmarks:
//!
//! ```text
//! corpus --out DIR --edit-word DOC      # changes one word of content/DOC.md (a draft)
//! corpus --out DIR --add-revision DOC   # cuts content/DOC.md (edited first if needed) as a new revision
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use charter::diff;
use charter::load::history::{NewRecord, compose};
use charter::model::{Date, Document};
use rayon::prelude::*;

struct Args {
    out: PathBuf,
    documents: usize,
    revisions: usize,
    words: usize,
    seed: u64,
    edit_word: Option<String>,
    add_revision: Option<String>,
}

const USAGE: &str = "usage: corpus --out DIR [--documents 50] [--revisions 40] [--words 6000] [--seed 1]\n       \
                     corpus --out DIR --edit-word DOC\n       corpus --out DIR --add-revision DOC";

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        out: PathBuf::new(),
        documents: 50,
        revisions: 40,
        words: 6000,
        seed: 1,
        edit_word: None,
        add_revision: None,
    };
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        if flag == "-h" || flag == "--help" {
            return Err(USAGE.to_string());
        }
        let value = it.next().ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
        let number = || {
            value
                .parse::<u64>()
                .map_err(|_| format!("{flag}: `{value}` is not a number"))
        };
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(&value)),
            "--documents" => args.documents = number()? as usize,
            "--revisions" => args.revisions = number()? as usize,
            "--words" => args.words = number()? as usize,
            "--seed" => args.seed = number()?,
            "--edit-word" => args.edit_word = Some(value),
            "--add-revision" => args.add_revision = Some(value),
            _ => return Err(format!("unknown argument `{flag}`\n{USAGE}")),
        }
    }
    args.out = out.ok_or_else(|| format!("--out is required\n{USAGE}"))?;
    if args.documents == 0 || args.revisions == 0 || args.words < 200 {
        return Err("--documents and --revisions must be at least 1, --words at least 200".to_string());
    }
    Ok(args)
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let result = if let Some(doc) = &args.edit_word {
        edit_word(&args.out, doc).map(|(old, new)| {
            eprintln!("content/{doc}.md: replaced `{old}` with `{new}`");
        })
    } else if let Some(doc) = &args.add_revision {
        add_revision(&args.out, doc, args.seed).map(|rel| eprintln!("wrote {rel}"))
    } else {
        generate(&args)
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

// ---------------------------------------------------------------------------
// Randomness

/// xorshift64*: tiny, fixed, and plenty for picking words.
struct Rng(u64);

impl Rng {
    fn new(seed: u64, stream: u64) -> Rng {
        // SplitMix64 of (seed, stream), so nearby seeds give unrelated streams.
        let mut z = seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(stream.wrapping_mul(0xBF58_476D_1CE4_E5B9))
            .wrapping_add(0x94D0_49BB_1331_11EB);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

// ---------------------------------------------------------------------------
// Word lists

const DOCUMENTS: &[(&str, &str)] = &[
    ("privacy", "Privacy Policy"),
    ("terms", "Terms of Service"),
    ("cookies", "Cookie Policy"),
    ("acceptable-use", "Acceptable Use Policy"),
    ("data-processing", "Data Processing Agreement"),
    ("refunds", "Refund Policy"),
    ("community", "Community Guidelines"),
    ("copyright", "Copyright Policy"),
    ("security", "Security Statement"),
    ("accessibility", "Accessibility Statement"),
    ("subscriptions", "Subscription Terms"),
    ("partners", "Partner Programme Terms"),
    ("children", "Children's Privacy Notice"),
    ("retention", "Data Retention Schedule"),
    ("api-terms", "API Terms of Use"),
    ("marketplace", "Marketplace Seller Terms"),
];

const ARTICLE_TITLES: &[&str] = &[
    "Definitions",
    "Scope of this policy",
    "Information we collect",
    "Purposes of processing",
    "Legal bases",
    "Limits on use",
    "How we obtain information",
    "Notice of purpose",
    "Managing personal information",
    "Outsourcing",
    "Sharing with third parties",
    "International transfers",
    "Retention",
    "Security measures",
    "Disclosure requests",
    "Correction and deletion",
    "Objection and restriction",
    "Cookies and similar technologies",
    "Children",
    "Payments and billing",
    "Termination",
    "Limitation of liability",
    "Indemnity",
    "Governing law",
    "Dispute resolution",
    "Intellectual property",
    "User content",
    "Prohibited conduct",
    "Suspension of accounts",
    "Warranties",
    "Force majeure",
    "Notices",
    "Assignment",
    "Severability",
    "Entire agreement",
    "Inquiries",
    "Revising this policy",
    "Automated decisions",
    "Marketing communications",
    "Incident response",
];

const SECTION_TITLES: &[&str] = &[
    "General",
    "Exceptions",
    "Procedure",
    "Time limits",
    "Fees",
    "Your choices",
    "Records",
    "Third-party providers",
    "Transitional provisions",
    "Contact points",
];

const SUBJECTS: &[&str] = &[
    "We",
    "The Company",
    "Our service providers",
    "Each user",
    "The data protection officer",
    "Any affiliate of the Company",
    "You",
    "Authorised personnel",
    "The account holder",
    "Third parties acting on our behalf",
    "The Controller",
    "Each party",
];

const MODALS: &[&str] = &[
    "may",
    "shall",
    "will",
    "must",
    "shall not",
    "may only",
    "will promptly",
    "**must not**",
    "should",
    "may at any time",
];

const VERBS: &[&str] = &[
    "process",
    "retain",
    "disclose",
    "collect",
    "transfer",
    "review",
    "delete",
    "anonymise",
    "update",
    "restrict access to",
    "share",
    "store",
    "verify",
    "record",
    "rectify",
    "encrypt",
];

const OBJECTS: &[&str] = &[
    "personal information",
    "account records",
    "payment details",
    "usage data",
    "the contents of support requests",
    "device identifiers",
    "billing information",
    "information about your transactions",
    "contact details",
    "server log files",
    "approximate location data",
    "communications with our staff",
    "any information provided under this Agreement",
    "the data described in this Article",
];

const QUALIFIERS: &[&str] = &[
    "where the law requires it",
    "for no longer than is reasonably necessary",
    "unless you have given your prior written consent",
    "in accordance with applicable data protection law",
    "subject to the limitations set out in this policy",
    "to the extent needed for the purposes of use",
    "within thirty (30) days of a valid request",
    "in order to prevent fraud, spam and abuse",
    "save as otherwise provided herein",
    "notwithstanding any other provision of these terms",
    "for the duration of the contractual relationship",
    "upon termination of your account",
    "when a competent authority so requests",
    "as reasonably determined by the Company",
    "in a manner that ensures appropriate security",
    "on the basis of our legitimate interests",
];

const PROVISOS: &[&str] = &[
    "provided that such processing is proportionate to its purpose",
    "provided that you are notified in advance",
    "and such obligations shall survive the termination of this Agreement",
    "except where a longer period is required by law",
    "unless doing so would prejudice an ongoing investigation",
    "and any failure to do so shall not constitute a waiver",
    "to the fullest extent permitted by applicable law",
    "in each case without undue delay",
];

const PERIODS: &[&str] = &[
    "30 days",
    "90 days",
    "6 months",
    "1 year",
    "2 years",
    "5 years",
    "7 years",
    "until the account is closed",
    "for the term of the contract",
];

const LINKS: &[(&str, &str)] = &[
    ("help centre", "https://help.example.com/articles/"),
    ("privacy settings", "https://example.com/settings/privacy#"),
    ("contact form", "https://example.com/contact?topic="),
    ("supervisory authority", "https://authority.example.org/complaints/"),
    ("list of subprocessors", "https://example.com/legal/subprocessors#"),
];

// ---------------------------------------------------------------------------
// Text generation

fn sentence(rng: &mut Rng) -> String {
    let mut s = format!(
        "{} {} {} {} {}",
        rng.pick(SUBJECTS),
        rng.pick(MODALS),
        rng.pick(VERBS),
        rng.pick(OBJECTS),
        rng.pick(QUALIFIERS)
    );
    if rng.chance(35) {
        s += ", ";
        s += rng.pick(PROVISOS);
    }
    if rng.chance(8) {
        let (text, url) = LINKS[rng.below(LINKS.len())];
        let _ = write!(s, ", as explained on our [{text}]({url}{})", rng.range(100, 999));
    }
    s.push('.');
    s
}

/// A list item: a lowercase clause; its ending is chosen when it is written.
fn item(rng: &mut Rng) -> String {
    let mut s = format!("to {} {} {}", rng.pick(VERBS), rng.pick(OBJECTS), rng.pick(QUALIFIERS));
    if rng.chance(20) {
        s += ", ";
        s += rng.pick(PROVISOS);
    }
    s
}

fn table_row(rng: &mut Rng) -> [String; 3] {
    let object = rng.pick(OBJECTS);
    let mut c = object.chars();
    let category = c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
    [
        category,
        format!("to {} it {}", rng.pick(VERBS), rng.pick(QUALIFIERS)),
        rng.pick(PERIODS).to_string(),
    ]
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

#[derive(Clone)]
enum Block {
    Para(Vec<String>),
    Ordered(Vec<String>),
    Bullets(Vec<String>),
    Table(Vec<[String; 3]>),
    Section { id: String, title: String },
}

impl Block {
    fn words(&self) -> usize {
        match self {
            Block::Para(v) | Block::Ordered(v) | Block::Bullets(v) => v.iter().map(|s| words(s)).sum(),
            Block::Table(rows) => rows.iter().flatten().map(|s| words(s)).sum(),
            Block::Section { title, .. } => words(title),
        }
    }
}

#[derive(Clone)]
struct Article {
    id: String,
    title: String,
    blocks: Vec<Block>,
}

struct Doc {
    id: String,
    title: String,
    description: String,
    numbering: Option<&'static str>,
    /// One line per paragraph, or wrapped at 80 columns.
    wrap: bool,
    preamble: Vec<String>,
    articles: Vec<Article>,
    /// Every id ever used, so that a new heading never reuses one.
    used: std::collections::HashSet<String>,
    /// Words per article, to size new ones.
    article_words: usize,
}

fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Doc {
    fn fresh_id(&mut self, base: &str) -> String {
        let base = slug(base);
        let mut id = base.clone();
        let mut n = 2;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    fn new_article(&mut self, rng: &mut Rng) -> Article {
        let title = rng.pick(ARTICLE_TITLES).to_string();
        let id = self.fresh_id(&title);
        // Blocks are ~90 words: stop half a block short of the target, and aim
        // a little low, as documents grow over their history.
        let target = (self.article_words * rng.range(60, 120) / 100).saturating_sub(45);
        let mut blocks = vec![Block::Para((0..rng.range(2, 5)).map(|_| sentence(rng)).collect())];
        let mut total = blocks[0].words();
        let mut sections = 0;
        while total < target {
            let block = match rng.below(100) {
                0..=54 => Block::Para((0..rng.range(3, 6)).map(|_| sentence(rng)).collect()),
                55..=67 => Block::Ordered((0..rng.range(3, 7)).map(|_| item(rng)).collect()),
                68..=80 => Block::Bullets((0..rng.range(3, 6)).map(|_| item(rng)).collect()),
                81..=86 => Block::Table((0..rng.range(3, 6)).map(|_| table_row(rng)).collect()),
                _ if sections < 3 && !matches!(blocks.last(), Some(Block::Section { .. })) => {
                    sections += 1;
                    let title = rng.pick(SECTION_TITLES).to_string();
                    let id = self.fresh_id(&format!("{id} {title}"));
                    Block::Section { id, title }
                }
                _ => Block::Para((0..rng.range(2, 4)).map(|_| sentence(rng)).collect()),
            };
            // Two lists of the same kind in a row would make one Markdown list.
            let same_list = matches!(
                (blocks.last(), &block),
                (Some(Block::Ordered(_)), Block::Ordered(_)) | (Some(Block::Bullets(_)), Block::Bullets(_))
            );
            if same_list {
                continue;
            }
            total += block.words();
            blocks.push(block);
        }
        if matches!(blocks.last(), Some(Block::Section { .. })) {
            blocks.push(Block::Para(vec![sentence(rng), sentence(rng)]));
        }
        Article { id, title, blocks }
    }

    fn new(rng: &mut Rng, index: usize, target_words: usize) -> Doc {
        let (base, title) = DOCUMENTS[index % DOCUMENTS.len()];
        let round = index / DOCUMENTS.len();
        let (id, title) = if round == 0 {
            (base.to_string(), title.to_string())
        } else {
            (format!("{base}-{}", round + 1), format!("{title} ({})", round + 1))
        };
        let n_articles = rng.range(10, 20);
        let preamble: Vec<String> = (0..rng.range(2, 4)).map(|_| sentence(rng)).collect();
        let preamble_words: usize = preamble.iter().map(|s| words(s)).sum();
        let article_words = (target_words.saturating_sub(preamble_words) / n_articles).max(20);
        let mut doc = Doc {
            id,
            description: format!("The {} of Example Services Ltd., with every past revision.", title),
            title,
            numbering: match rng.below(6) {
                0 => Some("Clause {n}"),
                1 => Some("§{n}"),
                _ => None,
            },
            wrap: rng.chance(50),
            preamble,
            articles: Vec::new(),
            used: std::collections::HashSet::new(),
            article_words,
        };
        for _ in 0..n_articles {
            let a = doc.new_article(rng);
            doc.articles.push(a);
        }
        doc
    }

    /// The document file, front matter included.
    fn text(&self) -> String {
        let q = |s: &str| toml::Value::String(s.to_string()).to_string();
        let mut out = format!(
            "+++\ntitle = {}\ndescription = {}\n",
            q(&self.title),
            q(&self.description)
        );
        if let Some(n) = self.numbering {
            let _ = writeln!(out, "numbering = {}", q(n));
        }
        out += "+++\n";
        out += &self.paragraph(&self.preamble);
        out += "\n";
        for a in &self.articles {
            let _ = write!(out, "\n## {} {{#{}}}\n", a.title, a.id);
            for b in &a.blocks {
                out.push('\n');
                match b {
                    Block::Para(s) => out += &self.paragraph(s),
                    Block::Ordered(items) | Block::Bullets(items) => {
                        for (i, it) in items.iter().enumerate() {
                            let marker = if matches!(b, Block::Ordered(_)) {
                                format!("{}.", i + 1)
                            } else {
                                "-".to_string()
                            };
                            let end = if i + 1 == items.len() { "." } else { ";" };
                            let _ = writeln!(out, "{marker} {it}{end}");
                        }
                        continue;
                    }
                    Block::Table(rows) => {
                        out += "| Category | Purpose | Retention period |\n|---|---|---|\n";
                        for r in rows {
                            let _ = writeln!(out, "| {} | {} | {} |", r[0], r[1], r[2]);
                        }
                        continue;
                    }
                    Block::Section { id, title } => {
                        let _ = writeln!(out, "### {title} {{#{id}}}");
                        continue;
                    }
                }
                out.push('\n');
            }
        }
        out
    }

    /// Sentences joined into one paragraph, without its final newline.
    fn paragraph(&self, sentences: &[String]) -> String {
        let text = sentences.join(" ");
        if !self.wrap {
            return text;
        }
        let mut out = String::with_capacity(text.len() + text.len() / 80);
        let mut col = 0;
        for w in text.split(' ') {
            if col > 0 && col + 1 + w.len() > 80 {
                out.push('\n');
                col = 0;
            } else if col > 0 {
                out.push(' ');
                col += 1;
            }
            out += w;
            col += w.len();
        }
        out
    }

    /// Edits a few paragraphs and lists, and now and then the article list.
    /// Returns what was done, for the summary.
    fn revise(&mut self, rng: &mut Rng) -> Vec<String> {
        let mut done = Vec::new();
        for _ in 0..rng.range(1, 4) {
            let a = rng.below(self.articles.len());
            let article = &mut self.articles[a];
            let editable: Vec<usize> = (0..article.blocks.len())
                .filter(|&i| !matches!(article.blocks[i], Block::Section { .. }))
                .collect();
            let b = editable[rng.below(editable.len())];
            let what = match &mut article.blocks[b] {
                Block::Para(s) => match rng.below(4) {
                    0 if s.len() > 2 => {
                        s.remove(rng.below(s.len()));
                        "removed a sentence from"
                    }
                    1 => {
                        let at = rng.below(s.len() + 1);
                        s.insert(at, sentence(rng));
                        "added a sentence to"
                    }
                    _ => {
                        let at = rng.below(s.len());
                        s[at] = sentence(rng);
                        "reworded"
                    }
                },
                Block::Ordered(items) | Block::Bullets(items) => match rng.below(10) {
                    0..=3 => {
                        let at = rng.below(items.len() + 1);
                        items.insert(at, item(rng));
                        "added a list item to"
                    }
                    4..=6 if items.len() > 2 => {
                        items.remove(rng.below(items.len()));
                        "removed a list item from"
                    }
                    _ => {
                        let at = rng.below(items.len());
                        items[at] = item(rng);
                        "reworded a list item in"
                    }
                },
                Block::Table(rows) => {
                    if rng.chance(50) {
                        rows.push(table_row(rng));
                        "added a row to the table in"
                    } else {
                        let r = rng.below(rows.len());
                        rows[r][2] = rng.pick(PERIODS).to_string();
                        "changed a retention period in"
                    }
                }
                Block::Section { .. } => unreachable!("sections are not picked"),
            };
            done.push(format!("{what} the article on {}", article.title.to_lowercase()));
        }
        if rng.chance(10) {
            let a = rng.below(self.articles.len());
            let para = Block::Para((0..rng.range(2, 5)).map(|_| sentence(rng)).collect());
            let at = rng.range(1, self.articles[a].blocks.len());
            self.articles[a].blocks.insert(at, para);
            done.push(format!(
                "added a paragraph to the article on {}",
                self.articles[a].title.to_lowercase()
            ));
        }
        if rng.chance(5) {
            let at = rng.below(self.preamble.len());
            self.preamble[at] = sentence(rng);
            done.push("reworded the introduction".to_string());
        }
        if rng.chance(12) && self.articles.len() < 20 {
            let new = self.new_article(rng);
            done.push(format!("added an article on {}", new.title.to_lowercase()));
            let at = rng.below(self.articles.len() + 1);
            self.articles.insert(at, new);
        }
        if rng.chance(8) && self.articles.len() > 10 {
            let gone = self.articles.remove(rng.below(self.articles.len()));
            done.push(format!("removed the article on {}", gone.title.to_lowercase()));
        }
        if rng.chance(8) && self.articles.len() > 2 {
            let moved = self.articles.remove(rng.below(self.articles.len()));
            done.push(format!("moved the article on {}", moved.title.to_lowercase()));
            let at = rng.below(self.articles.len() + 1);
            self.articles.insert(at, moved);
        }
        if rng.chance(4) {
            let a = rng.below(self.articles.len());
            let old = std::mem::replace(&mut self.articles[a].title, rng.pick(ARTICLE_TITLES).to_string());
            done.push(format!("retitled the article on {}", old.to_lowercase()));
        }
        done
    }
}

fn summary(done: &[String]) -> String {
    let mut s = match done {
        [] => "Editorial corrections".to_string(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [a, b, rest @ ..] => format!("{a}, {b} and {} other edits", rest.len()),
    };
    if let Some(first) = s.get(..1) {
        s = first.to_uppercase() + &s[1..];
    }
    s
}

// ---------------------------------------------------------------------------
// Writing the site

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn parse_document(text: &str, what: &str) -> Result<Document, String> {
    charter::load::document::parse(text, Path::new(what), 1).map_err(|problems| {
        let list: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        format!("generated {what} does not parse:\n{}", list.join("\n"))
    })
}

fn date_after(start: jiff::civil::Date, days: usize) -> Date {
    Date(
        start
            .checked_add(jiff::Span::new().days(days as i64))
            .expect("date in range"),
    )
}

/// The `changes` of a revision from `old` to `new`, as charter's diff sees them.
fn changes(old: Option<&Document>, new: &Document) -> Vec<(String, Option<String>, String)> {
    let Some(old) = old else { return Vec::new() };
    let d = diff::documents(old, new, &charter::derive::history::options());
    charter::derive::changes::propose(&d, new)
        .into_iter()
        .map(|p| (p.article, p.section, p.note))
        .collect()
}

/// Writes one document's history and working copy; returns its word count
/// (latest revision) and bytes written.
fn write_document(args: &Args, index: usize) -> Result<(usize, usize), String> {
    let mut rng = Rng::new(args.seed, index as u64);
    let mut doc = Doc::new(&mut rng, index, args.words);
    // All revisions published by about 2025, one every ~60 days.
    let gap = (5400 / args.revisions).clamp(2, 60);
    let start = jiff::civil::date(2010, 1, 1);
    let mut day = rng.below(gap);
    let mut previous: Option<(String, Document, Date)> = None;
    let mut bytes = 0;
    let mut text = doc.text();
    for n in 0..args.revisions {
        let mut done = Vec::new();
        if n > 0 {
            day += rng.range(gap - gap / 4, gap + gap / 4).max(1);
            loop {
                done.extend(doc.revise(&mut rng));
                let t = doc.text();
                if t != text {
                    text = t;
                    break;
                }
            }
        }
        let date = date_after(start, day);
        let mut effective = if rng.chance(30) {
            date_after(start, day + rng.range(14, 45))
        } else {
            date
        };
        if let Some((_, _, prev_effective)) = &previous
            && effective < *prev_effective
        {
            effective = *prev_effective;
        }
        let rel = format!("history/{}/{}.md", doc.id, date);
        let document = parse_document(&text, &rel)?;
        let summary = if n == 0 {
            format!("First publication of the {}", doc.title)
        } else {
            summary(&done)
        };
        let record = NewRecord {
            date,
            effective,
            summary: &summary,
            changes: changes(previous.as_ref().map(|p| &p.1), &document),
            previous: previous.as_ref().map(|p| p.0.as_str()),
            commit: None,
        };
        let file = compose(&record, &text);
        bytes += file.len();
        write(&args.out.join(&rel), &file)?;
        previous = Some((charter::load::history::sha256_hex(text.as_bytes()), document, effective));
    }
    write(&args.out.join(format!("content/{}.md", doc.id)), &text)?;
    bytes += text.len();
    Ok((words(&text), bytes))
}

fn generate(args: &Args) -> Result<(), String> {
    let out = &args.out;
    if out.exists()
        && std::fs::read_dir(out)
            .map_err(|e| format!("cannot read {}: {e}", out.display()))?
            .next()
            .is_some()
    {
        return Err(format!("{} is not empty: give a new folder", out.display()));
    }
    write(
        &out.join("site.toml"),
        "# A synthetic corpus for benchmarks, written by examples/corpus.rs.\n\
         title = \"Example Services policies\"\n\
         base_url = \"https://policies.example.com\"\n\
         language = \"en\"\n\
         description = \"Every policy of Example Services Ltd., with every past revision.\"\n\n\
         [build]\noutput = \"public\"\n",
    )?;
    let started = std::time::Instant::now();
    let results: Vec<Result<(usize, usize), String>> = (0..args.documents)
        .into_par_iter()
        .map(|i| write_document(args, i))
        .collect();
    let mut words = 0;
    let mut bytes = 0;
    for r in results {
        let (w, b) = r?;
        words += w;
        bytes += b;
    }
    eprintln!(
        "wrote {} documents x {} revisions (~{} words per document, {:.1} MB) into {} in {:.1} s",
        args.documents,
        args.revisions,
        words / args.documents,
        bytes as f64 / 1e6,
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Editing an existing corpus

/// Replaces the first `shall` (or else `may`, `will`) of the body of
/// `content/DOC.md` with another modal, in place.
fn edit_word(root: &Path, doc: &str) -> Result<(&'static str, &'static str), String> {
    let path = root.join(format!("content/{doc}.md"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    // Skip the front matter: the body starts after the second `+++` line.
    let body_start = text
        .match_indices("+++\n")
        .nth(1)
        .map(|(i, _)| i + 4)
        .ok_or_else(|| format!("{}: no front matter", path.display()))?;
    for (old, new) in [(" shall ", " must "), (" may ", " might "), (" will ", " shall ")] {
        if let Some(at) = text[body_start..].find(old) {
            let at = body_start + at;
            let edited = format!("{}{new}{}", &text[..at], &text[at + old.len()..]);
            write(&path, &edited)?;
            return Ok((old.trim(), new.trim()));
        }
    }
    Err(format!("{}: no word to edit", path.display()))
}

/// Cuts `content/DOC.md` as a new revision 30 days after the latest one,
/// first editing it (a reworded sentence and a new article) when it has no
/// unpublished edit. Returns the new file's path, relative to `root`.
fn add_revision(root: &Path, doc_id: &str, seed: u64) -> Result<String, String> {
    let (site, problems) = charter::load::site(root);
    let site = site.ok_or_else(|| format!("cannot load the site: {problems}"))?;
    let entry = site
        .documents
        .iter()
        .find(|d| d.id == doc_id)
        .ok_or_else(|| format!("no document `{doc_id}`"))?;
    let latest = entry.latest().ok_or_else(|| format!("`{doc_id}` has no revision"))?;
    let content = root.join(format!("content/{doc_id}.md"));
    let mut text = std::fs::read_to_string(&content).map_err(|e| format!("cannot read {}: {e}", content.display()))?;
    let mut rng = Rng::new(seed, 1_000_000 + latest.meta.date.0.day() as u64);
    if !entry.has_draft() {
        edit_word(root, doc_id)?;
        text = std::fs::read_to_string(&content).map_err(|e| format!("cannot read {}: {e}", content.display()))?;
    }
    let mut id = "additional-provisions".to_string();
    let mut n = 2;
    let working = parse_document(&text, "content")?;
    while working
        .articles
        .iter()
        .any(|a| a.id == id || a.sections.iter().any(|s| s.id == id))
    {
        id = format!("additional-provisions-{n}");
        n += 1;
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let _ = write!(
        text,
        "\n## Additional provisions {{#{id}}}\n\n{} {} {}\n",
        sentence(&mut rng),
        sentence(&mut rng),
        sentence(&mut rng)
    );
    let date = Date(
        latest
            .meta
            .date
            .0
            .checked_add(jiff::Span::new().days(30))
            .map_err(|e| e.to_string())?,
    );
    let effective = std::cmp::max(date, latest.meta.effective);
    let rel = format!("history/{doc_id}/{date}.md");
    let new = parse_document(&text, &rel)?;
    let record = NewRecord {
        date,
        effective,
        summary: "Added additional provisions and reworded a sentence",
        changes: changes(Some(&latest.document), &new),
        previous: Some(&latest.sha256),
        commit: None,
    };
    write(&root.join(&rel), &compose(&record, &text))?;
    write(&content, &text)?;
    Ok(rel)
}
