//! The text of the synthetic corpus: documents of legal-sounding articles,
//! and the edits each revision makes, from a seeded generator. Pure text, no
//! charter types, so that the diff benchmark (`benches/diff.rs`) generates
//! its history with the same code as `bench/run.sh`'s corpus.

use std::fmt::Write as _;
// ---------------------------------------------------------------------------
// Randomness

/// xorshift64*: tiny, fixed, and plenty for picking words.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64, stream: u64) -> Rng {
        // SplitMix64 of (seed, stream), so nearby seeds give unrelated streams.
        let mut z = seed
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(stream.wrapping_mul(0xBF58_476D_1CE4_E5B9))
            .wrapping_add(0x94D0_49BB_1331_11EB);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.below(list.len())]
    }
}

// ---------------------------------------------------------------------------
// Word lists

pub const DOCUMENTS: &[(&str, &str)] = &[
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

pub const ARTICLE_TITLES: &[&str] = &[
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

pub const SECTION_TITLES: &[&str] = &[
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

pub const SUBJECTS: &[&str] = &[
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

pub const MODALS: &[&str] = &[
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

pub const VERBS: &[&str] = &[
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

pub const OBJECTS: &[&str] = &[
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

pub const QUALIFIERS: &[&str] = &[
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

pub const PROVISOS: &[&str] = &[
    "provided that such processing is proportionate to its purpose",
    "provided that you are notified in advance",
    "and such obligations shall survive the termination of this Agreement",
    "except where a longer period is required by law",
    "unless doing so would prejudice an ongoing investigation",
    "and any failure to do so shall not constitute a waiver",
    "to the fullest extent permitted by applicable law",
    "in each case without undue delay",
];

pub const PERIODS: &[&str] = &[
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

pub const LINKS: &[(&str, &str)] = &[
    ("help centre", "https://help.example.com/articles/"),
    ("privacy settings", "https://example.com/settings/privacy#"),
    ("contact form", "https://example.com/contact?topic="),
    ("supervisory authority", "https://authority.example.org/complaints/"),
    ("list of subprocessors", "https://example.com/legal/subprocessors#"),
];

// ---------------------------------------------------------------------------
// Text generation

pub fn sentence(rng: &mut Rng) -> String {
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
pub fn item(rng: &mut Rng) -> String {
    let mut s = format!("to {} {} {}", rng.pick(VERBS), rng.pick(OBJECTS), rng.pick(QUALIFIERS));
    if rng.chance(20) {
        s += ", ";
        s += rng.pick(PROVISOS);
    }
    s
}

pub fn table_row(rng: &mut Rng) -> [String; 3] {
    let object = rng.pick(OBJECTS);
    let mut c = object.chars();
    let category = c.next().map_or(String::new(), |f| f.to_uppercase().chain(c).collect());
    [
        category,
        format!("to {} it {}", rng.pick(VERBS), rng.pick(QUALIFIERS)),
        rng.pick(PERIODS).to_string(),
    ]
}

pub fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

#[derive(Clone)]
pub enum Block {
    Para(Vec<String>),
    Ordered(Vec<String>),
    Bullets(Vec<String>),
    Table(Vec<[String; 3]>),
    Section { id: String, title: String },
}

impl Block {
    pub fn words(&self) -> usize {
        match self {
            Block::Para(v) | Block::Ordered(v) | Block::Bullets(v) => v.iter().map(|s| words(s)).sum(),
            Block::Table(rows) => rows.iter().flatten().map(|s| words(s)).sum(),
            Block::Section { title, .. } => words(title),
        }
    }
}

#[derive(Clone)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

pub struct Doc {
    pub id: String,
    pub title: String,
    pub description: String,
    pub numbering: Option<&'static str>,
    /// One line per paragraph, or wrapped at 80 columns.
    pub wrap: bool,
    pub preamble: Vec<String>,
    pub articles: Vec<Article>,
    /// Every id ever used, so that a new heading never reuses one.
    pub used: std::collections::HashSet<String>,
    /// Words per article, to size new ones.
    pub article_words: usize,
}

pub fn slug(s: &str) -> String {
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
    pub fn fresh_id(&mut self, base: &str) -> String {
        let base = slug(base);
        let mut id = base.clone();
        let mut n = 2;
        while !self.used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }

    pub fn new_article(&mut self, rng: &mut Rng) -> Article {
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

    pub fn new(rng: &mut Rng, index: usize, target_words: usize) -> Doc {
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
    pub fn text(&self) -> String {
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
    pub fn paragraph(&self, sentences: &[String]) -> String {
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
    pub fn revise(&mut self, rng: &mut Rng) -> Vec<String> {
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
