//! Finding the article level of the imported text and rewriting its headings
//! as charter's `##` articles and `###` sections, each with an explicit id.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use super::blocks::{Heading, Scan};
use super::heading::{bold, slug_of, strip_number, unique};
use super::number::{self, Letters, Style};
use super::{Article, repeats_title};
use crate::load::document::{RESERVED_IDS, is_valid_id};

/// What rewriting the headings decided.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Replacements for heading source ranges.
    pub edits: Vec<(Range<usize>, String)>,
    /// A title taken from a heading (which is dropped from the text), and
    /// the heading's block.
    pub title: Option<(String, usize)>,
    pub articles: Vec<Article>,
    /// `numbering` that writes numbers the way the text did, if not the default.
    pub numbering: Option<&'static str>,
    /// What was decided, for the other versions of a history to follow.
    pub plan: Plan,
    /// How the headings' letters read in this text.
    pub letters: Letters,
}

/// The decisions about a text's structure that every version of an
/// imported history shares, so that consecutive versions compare: how many
/// levels below the shallowest heading (after the title) the articles are,
/// so that a version whose headings all moved a level keeps its articles,
/// and whether headings are lettered `A.`, `B.`, `C.`… (then no letter is a
/// Roman numeral). None: decided from the text itself.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Plan {
    pub article_depth: Option<u8>,
    pub letters: Option<bool>,
}

/// What becomes of one heading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Article,
    Section,
    /// A `####`–`######` heading.
    Plain(u8),
    /// A heading above the article level: bold text.
    Bold,
}

/// The text being rewritten, and how to name its lines in notes.
struct Input<'a> {
    body: &'a str,
    scan: &'a Scan,
    line: &'a dyn Fn(usize) -> usize,
    /// Single letters are a list's letters, not Roman numerals.
    letters: bool,
}

impl Input<'_> {
    fn heading(&self, i: usize) -> &Heading {
        &self.scan.headings[i]
    }

    fn numbered(&self, h: &Heading) -> bool {
        number::strip_in(&h.text, self.letters).is_some()
    }
}

/// Rewrites the headings of `scan` that stand in blocks not yet `dropped`,
/// dropping (in `dropped`) the blocks of headings that only repeat the title.
/// `front_title` comes from the front matter, `given_title` from `--title`;
/// `charter` is true when the text has charter's own `+++` front matter;
/// `plan` holds what a history decided for all its versions.
#[allow(clippy::too_many_arguments)]
pub fn rewrite(
    body: &str,
    scan: &Scan,
    dropped: &mut [bool],
    front_title: Option<&str>,
    given_title: Option<&str>,
    charter: bool,
    plan: Plan,
    line: &dyn Fn(usize) -> usize,
    notes: &mut Vec<String>,
) -> Outcome {
    let mut letters = Letters::default();
    for h in scan.headings.iter().filter(|h| !dropped[h.block]) {
        letters.add(&h.text);
    }
    let lettered = plan.letters.unwrap_or_else(|| letters.lettered());
    let input = Input {
        body,
        scan,
        line,
        letters: lettered,
    };
    let mut out = Outcome {
        letters,
        ..Outcome::default()
    };
    out.plan.letters = Some(lettered);
    let live = drop_empty(&input, dropped, &mut out, notes);
    let rest = leading_title(&input, &live, dropped, front_title, &mut out);
    let Some(levels) = levels(&input, rest, charter, plan.article_depth, notes) else {
        return out;
    };
    out.plan.article_depth = Some(levels.depth);
    if lettered && levels.lettered_articles > 0 {
        notes.push(format!(
            "kept the letters of {} lettered headings (`A.`, `B.`, `C.`…) in their text: charter numbers articles 1, 2, 3…",
            levels.lettered_articles
        ));
    }
    let roles = roles(
        &input,
        rest,
        &levels,
        dropped,
        front_title,
        given_title,
        &mut out,
        notes,
    );
    let (mut used, claimed) = claim_ids(&input, &roles);
    let mut tally = Tally::default();
    for &(i, role) in &roles {
        let ids = Ids {
            claimed: &claimed,
            used: &mut used,
        };
        rewrite_heading(&input, i, role, &levels, ids, &mut tally, &mut out, notes);
    }
    summary_notes(&tally, &mut out, !roles.is_empty(), notes);
    out
}

/// Removes the headings with no text (a top-level one with its block, one in
/// a quote or list by its line) and returns the indexes of the others.
fn drop_empty(input: &Input<'_>, dropped: &mut [bool], out: &mut Outcome, notes: &mut Vec<String>) -> Vec<usize> {
    let mut live = Vec::new();
    for (i, h) in input.scan.headings.iter().enumerate() {
        if dropped[h.block] {
            continue;
        }
        if h.text.is_empty() {
            if h.top {
                dropped[h.block] = true;
            } else {
                // The newline stays, so that the lines around do not run together.
                let newline = if input.body[..h.range.end].ends_with('\n') {
                    "\n"
                } else {
                    ""
                };
                out.edits.push((h.range.clone(), newline.to_string()));
            }
            notes.push(format!(
                "removed an empty heading on line {}",
                (input.line)(h.range.start)
            ));
        } else {
            live.push(i);
        }
    }
    live
}

/// An unnumbered `#` heading first of all is the document's title: it is
/// dropped into `out.title`, and the headings after it are returned.
fn leading_title<'a>(
    input: &Input<'_>,
    live: &'a [usize],
    dropped: &mut [bool],
    front_title: Option<&str>,
    out: &mut Outcome,
) -> &'a [usize] {
    if let Some((&first, after)) = live.split_first() {
        let h = input.heading(first);
        if h.top && h.level == 1 && !input.numbered(h) && front_title.is_none_or(|t| repeats_title(t, &h.text)) {
            dropped[h.block] = true;
            out.title = Some((h.text.clone(), h.block));
            return after;
        }
    }
    live
}

/// The heading level that becomes the articles, and whether the article and
/// section headings carry manual numbers to strip.
struct Levels {
    article: u8,
    /// Levels between the shallowest heading and the articles.
    depth: u8,
    strip_article: bool,
    strip_section: bool,
    /// Article headings that start with a list's letter (`C.`).
    lettered_articles: usize,
}

/// Finds the article level among the headings `rest`: `forced` levels
/// below the shallowest when a heading has that level; none when there are
/// no headings.
fn levels(
    input: &Input<'_>,
    rest: &[usize],
    charter: bool,
    forced: Option<u8>,
    notes: &mut Vec<String>,
) -> Option<Levels> {
    let numbered = |h: &Heading| input.numbered(h);
    let count = |level: u8, only_numbered: bool| {
        rest.iter()
            .map(|&i| input.heading(i))
            .filter(|h| h.level == level && (!only_numbered || numbered(h)))
            .count()
    };
    // A level whose headings carry numbers: two of them, or all of them.
    let numbered_level = |level: u8| {
        let n = count(level, true);
        n >= 2 || (n >= 1 && n == count(level, false))
    };
    // The articles are the shallowest numbered level, as long as the
    // shallower headings all stand before its first heading (a heading that
    // repeats the title, an "Overview"): else its numbers are sub-numbers.
    // A text that is already a charter document keeps its `##` articles.
    let first_at = |level: u8| rest.iter().copied().find(|&i| input.heading(i).level == level);
    let heads_only = |level: u8| {
        let first = first_at(level).unwrap_or(usize::MAX);
        rest.iter().all(|&i| input.heading(i).level >= level || i < first)
    };
    let shallowest = rest.iter().map(|&i| input.heading(i).level).min()?;
    let article_level = forced
        .map(|d| shallowest.saturating_add(d))
        .filter(|&l| first_at(l).is_some())
        .or_else(|| (charter && first_at(2).is_some()).then_some(2))
        .or_else(|| (1..=6).find(|&l| numbered_level(l) && heads_only(l)))
        .or_else(|| below_a_lone_heading(input, rest))
        .or_else(|| rest.iter().map(|&i| input.heading(i).level).min())?;
    let lettered_articles = if input.letters {
        let mut l = Letters::default();
        for h in rest
            .iter()
            .map(|&i| input.heading(i))
            .filter(|h| h.level == article_level)
        {
            l.add(&h.text);
        }
        l.letters + l.big + l.romans
    } else {
        0
    };
    let strip_article = numbered_level(article_level);
    // Sections are the headings one level deeper after the first article.
    let sections: Vec<&Heading> = rest
        .iter()
        .filter(|&&i| i > first_at(article_level).unwrap_or(usize::MAX))
        .map(|&i| input.heading(i))
        .filter(|h| h.level == article_level + 1)
        .collect();
    let numbered_sections = sections.iter().filter(|h| numbered(h)).count();
    let strip_section = numbered_sections >= 2 || (numbered_sections >= 1 && numbered_sections == sections.len());
    if article_level != 2 {
        notes.push(format!(
            "made `##` articles of the `{}` headings and `###` sections of the `{}` headings",
            "#".repeat(article_level.into()),
            "#".repeat((article_level + 1).into())
        ));
    }
    Some(Levels {
        article: article_level,
        depth: article_level.saturating_sub(shallowest),
        strip_article,
        strip_section,
        lettered_articles,
    })
}

/// The level of the headings under a lone first heading: when the
/// shallowest level holds one heading only, the first, and deeper headings
/// follow, that heading names the document (a setext `Privacy Policy` over
/// `----`), and the articles are the next level down.
fn below_a_lone_heading(input: &Input<'_>, rest: &[usize]) -> Option<u8> {
    let (&first, after) = rest.split_first()?;
    let top = input.heading(first).level;
    if after.iter().any(|&i| input.heading(i).level <= top) {
        return None;
    }
    after.iter().map(|&i| input.heading(i).level).min()
}

/// The role of each heading of `rest` by its level, dropping (into
/// `out.title`, or away) the headings above the first article that give or
/// repeat the title.
#[allow(clippy::too_many_arguments)]
fn roles(
    input: &Input<'_>,
    rest: &[usize],
    levels: &Levels,
    dropped: &mut [bool],
    front_title: Option<&str>,
    given_title: Option<&str>,
    out: &mut Outcome,
    notes: &mut Vec<String>,
) -> Vec<(usize, Role)> {
    let line = input.line;
    let article_level = levels.article;
    let mut detected: Vec<String> = front_title
        .map(str::to_string)
        .into_iter()
        .chain(out.title.clone().map(|t| t.0))
        .collect();
    let mut roles: Vec<(usize, Role)> = Vec::new();
    let mut seen_article = false;
    // The manual numbers of the last article and of its last section.
    let (mut article_number, mut section_number): (Option<u32>, Option<u32>) = (None, None);
    let number_of = |h: &Heading| {
        levels
            .strip_article
            .then(|| number::strip_in(&h.text, input.letters))
            .flatten()
            .map(|(n, _)| n.value)
    };
    for &i in rest {
        let h = input.heading(i);
        let role = if h.level < article_level {
            let Some(role) = above_articles(input, i, !seen_article, &mut detected, given_title, dropped, out, notes)
            else {
                continue;
            };
            role
        } else if h.level == article_level {
            seen_article = true;
            (article_number, section_number) = (number_of(h), None);
            Role::Article
        } else if h.level == article_level + 1 && seen_article {
            let n = number_of(h);
            // `## 3. Conduct` then `### 4. Spam`: a slip of the heading
            // level, since sections of 3 would not start at 4.
            if let (Some(n), Some(a)) = (n, article_number)
                && n == a + 1
                && section_number.is_none_or(|s| s + 1 != n)
            {
                notes.push(format!(
                    "made the heading “{}” (line {}) an article: its number {n} follows the article numbered {a}",
                    h.text,
                    line(h.range.start)
                ));
                (article_number, section_number) = (Some(n), None);
                roles.push((i, Role::Article));
                continue;
            }
            section_number = n;
            Role::Section
        } else if h.level == article_level + 1 {
            notes.push(format!(
                "made the heading “{}” (line {}) a plain `####` heading: it comes before the first article",
                h.text,
                line(h.range.start)
            ));
            Role::Plain(4)
        } else {
            Role::Plain((h.level - article_level + 2).min(6))
        };
        roles.push((i, role));
    }
    roles
}

/// The role of heading `i`, above the article level: None when it gives or
/// repeats the title before the first article (`first`), and is dropped
/// (into `out.title` when no title was `detected` yet).
#[allow(clippy::too_many_arguments)]
fn above_articles(
    input: &Input<'_>,
    i: usize,
    first: bool,
    detected: &mut Vec<String>,
    given_title: Option<&str>,
    dropped: &mut [bool],
    out: &mut Outcome,
    notes: &mut Vec<String>,
) -> Option<Role> {
    let (h, line) = (input.heading(i), input.line);
    if first && h.top && !input.numbered(h) {
        if detected.is_empty() {
            dropped[h.block] = true;
            out.title = Some((h.text.clone(), h.block));
            detected.push(h.text.clone());
            return None;
        }
        if detected
            .iter()
            .map(String::as_str)
            .chain(given_title)
            .any(|t| repeats_title(t, &h.text))
        {
            dropped[h.block] = true;
            notes.push(format!(
                "dropped the heading “{}” (line {}): it repeats the title",
                h.text,
                line(h.range.start)
            ));
            return None;
        }
    }
    if !h.top {
        // In a quote or list, bold text could not be kept apart from the lines after it.
        notes.push(format!(
            "made the heading “{}” (line {}) a plain `####` heading: it stands above the article headings",
            h.text,
            line(h.range.start)
        ));
        return Some(Role::Plain(4));
    }
    notes.push(format!(
        "made the heading “{}” (line {}) bold text: it stands above the article headings",
        h.text,
        line(h.range.start)
    ));
    Some(Role::Bold)
}

/// Explicit ids are kept; the first heading to use one claims it. Returns
/// the ids used so far and the headings that keep theirs.
fn claim_ids(input: &Input<'_>, roles: &[(usize, Role)]) -> (HashSet<String>, HashSet<usize>) {
    let mut used: HashSet<String> = HashSet::new();
    let mut claimed: HashSet<usize> = HashSet::new();
    for &(i, role) in roles {
        if role == Role::Bold {
            continue;
        }
        if let Some(id) = &input.heading(i).id
            && is_valid_id(id)
            && !RESERVED_IDS.contains(&id.as_str())
            && used.insert(id.clone())
        {
            claimed.insert(i);
        }
    }
    (used, claimed)
}

/// What the rewrite of every heading counted, for the notes at the end.
#[derive(Default)]
struct Tally {
    stripped_articles: usize,
    stripped_sections: usize,
    /// The underlined headings, by what they became.
    setext: BTreeMap<&'static str, usize>,
    /// The number style of each stripped article number.
    styles: Vec<Style>,
    plain_count: usize,
}

/// The ids taken: those [`claim_ids`] kept, and every id given so far.
struct Ids<'a> {
    claimed: &'a HashSet<usize>,
    used: &'a mut HashSet<String>,
}

/// Rewrites heading `i` as its `role`: an edit to its source, and for an
/// article or a section, its entry in `out.articles`.
#[allow(clippy::too_many_arguments)]
fn rewrite_heading(
    input: &Input<'_>,
    i: usize,
    role: Role,
    levels: &Levels,
    ids: Ids<'_>,
    tally: &mut Tally,
    out: &mut Outcome,
    notes: &mut Vec<String>,
) {
    let (body, h) = (input.body, input.heading(i));
    if h.setext {
        *tally.setext.entry(setext_became(role)).or_default() += 1;
    }
    let (number, source, text) = numbered(input, i, role, levels, tally);
    let level = match role {
        Role::Article => 2,
        Role::Section => 3,
        Role::Plain(l) => l,
        Role::Bold => {
            out.edits.push((h.range.clone(), bold(body, h, &source)));
            return;
        }
    };
    let fallback = fallback_id(role, out, tally);
    let id = heading_id(input, i, &text, fallback, ids, notes);
    let mut attrs = format!("#{id}");
    for class in &h.classes {
        attrs.push_str(&format!(" .{class}"));
    }
    let newline = if h.range.end > h.range.start && body[..h.range.end].ends_with('\n') {
        "\n"
    } else {
        ""
    };
    out.edits.push((
        h.range.clone(),
        format!("{} {source} {{{attrs}}}{newline}", "#".repeat(level.into())),
    ));
    match role {
        Role::Article => out.articles.push(Article {
            id,
            title: text,
            number,
            sections: Vec::new(),
        }),
        Role::Section => {
            if let Some(a) = out.articles.last_mut() {
                a.sections.push((id, text));
            }
        }
        _ => {}
    }
}

/// What a setext heading became, for the closing note.
fn setext_became(role: Role) -> &'static str {
    match role {
        Role::Article => "`##` headings",
        Role::Section => "`###` headings",
        Role::Plain(4) => "`####` headings",
        Role::Plain(5) => "`#####` headings",
        Role::Plain(_) => "`######` headings",
        Role::Bold => "bold text",
    }
}

/// Heading `i`'s manual number, when its role's level writes numbers and it
/// has one, with its source and text without it; else its source and text.
fn numbered(
    input: &Input<'_>,
    i: usize,
    role: Role,
    levels: &Levels,
    tally: &mut Tally,
) -> (Option<u32>, String, String) {
    let h = input.heading(i);
    let strip = match role {
        Role::Article => levels.strip_article,
        Role::Section => levels.strip_section,
        _ => false,
    };
    match strip.then(|| strip_number(h, input.letters)).flatten() {
        Some((n, source, text)) => {
            if role == Role::Article {
                tally.stripped_articles += 1;
                tally.styles.push(n.style);
            } else {
                tally.stripped_sections += 1;
            }
            (Some(n.value), source, text)
        }
        None => (None, h.source.clone(), h.text.clone()),
    }
}

/// The id a heading gets when its text makes none: its place in the document.
fn fallback_id(role: Role, out: &Outcome, tally: &mut Tally) -> String {
    match role {
        Role::Article => format!("article-{}", out.articles.len() + 1),
        Role::Section => format!(
            "section-{}-{}",
            out.articles.len(),
            out.articles.last().map_or(0, |a| a.sections.len()) + 1
        ),
        _ => {
            tally.plain_count += 1;
            format!("heading-{}", tally.plain_count)
        }
    }
}

/// The id of heading `i`, whose text is `text`: its own when it claimed it,
/// else one made from its text (or `fallback`), with a note when its own
/// id had to change.
fn heading_id(
    input: &Input<'_>,
    i: usize,
    text: &str,
    fallback: String,
    ids: Ids<'_>,
    notes: &mut Vec<String>,
) -> String {
    let h = input.heading(i);
    match &h.id {
        Some(id) if ids.claimed.contains(&i) => id.clone(),
        Some(id) => {
            let duplicate = is_valid_id(id) && !RESERVED_IDS.contains(&id.as_str());
            let slug = slug_of(text);
            let base = if duplicate {
                id.clone()
            } else if slug.is_empty() {
                fallback
            } else {
                slug
            };
            let new = unique(&base, ids.used);
            let why = if duplicate {
                "an earlier heading has it"
            } else if RESERVED_IDS.contains(&id.as_str()) {
                "the page layout uses it"
            } else {
                "an id may hold only letters, digits, `-` and `_`"
            };
            notes.push(format!(
                "changed the id `{id}` of the heading “{text}” (line {}) to `{new}`: {why}",
                (input.line)(h.range.start)
            ));
            new
        }
        None => {
            let slug = slug_of(text);
            unique(if slug.is_empty() { &fallback } else { &slug }, ids.used)
        }
    }
}

/// The notes on what the rewrite did to numbers, underlines and ids, and the
/// `numbering` that writes the article numbers as the text did.
fn summary_notes(tally: &Tally, out: &mut Outcome, any_heading: bool, notes: &mut Vec<String>) {
    if tally.stripped_articles > 0 {
        notes.push(format!(
            "removed the manual numbers of {} article headings",
            tally.stripped_articles
        ));
        let numbers: Vec<Option<u32>> = out.articles.iter().map(|a| a.number).collect();
        let in_order = numbers
            .iter()
            .enumerate()
            .all(|(k, n)| n.is_none_or(|n| n as usize == k + 1));
        if !in_order {
            notes.push(
                "the manual article numbers did not run 1, 2, 3, …: charter numbers articles by their position, \
                 so check references to article numbers in the text"
                    .to_string(),
            );
        }
        if let Some(&style) = tally.styles.first()
            && tally.styles.iter().all(|&s| s == style)
        {
            out.numbering = style.numbering();
        }
    }
    if tally.stripped_sections > 0 {
        notes.push(format!(
            "removed the manual numbers of {} section headings",
            tally.stripped_sections
        ));
    }
    let setext: usize = tally.setext.values().sum();
    if setext > 0 {
        let parts: Vec<String> = tally.setext.iter().map(|(as_, n)| format!("{n} as {as_}")).collect();
        notes.push(match parts.as_slice() {
            [_] => format!(
                "rewrote {setext} underlined (setext) headings as {}",
                tally.setext.keys().next().copied().unwrap_or_default()
            ),
            _ => format!("rewrote {setext} underlined (setext) headings: {}", parts.join(", ")),
        });
    }
    if any_heading {
        notes.push("gave every heading an explicit `{#id}`".to_string());
    }
}
