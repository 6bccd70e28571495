//! The best one-line summary a commit gives of what it did to a policy.
//! A merge commit's subject names a pull request by number and branch
//! ("Merge pull request #12 from org/branch"), and a web edit's subject
//! only names the file ("Update terms.md"): both say nothing a reader of
//! the policy's history can use. The pull request's title (the first line
//! of a GitHub merge commit's body), the commit's body, or the subject of
//! the commit a merge brought in say more.

use git2::Commit;

use crate::one_line::one_line;

/// The commit's summary on one line: its subject unless that says nothing
/// (see the module doc), then the first line of its body, then (for a
/// merge) the summary of the commit it merged. Empty when none says more.
pub fn summary(c: &Commit<'_>) -> String {
    summary_at(c, 0)
}

fn summary_at(c: &Commit<'_>, depth: usize) -> String {
    let subject = one_line(c.summary().ok().flatten().unwrap_or("")).into_owned();
    if !says_nothing(&subject) {
        return subject;
    }
    let body = c.body().ok().flatten().unwrap_or("");
    // A squashed pull request lists its commits as `* …` lines.
    let said = body
        .lines()
        .map(|l| one_line(l.trim_start().trim_start_matches(['*', '-']).trim_start()).into_owned())
        .find(|l| !l.is_empty() && !is_trailer(l) && !says_nothing(l));
    if let Some(line) = said {
        return line;
    }
    // A merge of a web edit: the edited commit may say more.
    if depth == 0
        && let Ok(merged) = c.parent(1)
    {
        return summary_at(&merged, depth + 1);
    }
    String::new()
}

/// True for a subject that names no change: a merge ("Merge pull request
/// #1 from …", "Merge branch 'x'"), or an edit of a file by name only
/// ("Update terms.md", "Create privacy.md").
fn says_nothing(subject: &str) -> bool {
    let s = subject.trim();
    // A squash merge's pull request number: "Update terms.md (#12)".
    let s = match s.rsplit_once(" (#") {
        Some((before, number))
            if number
                .strip_suffix(')')
                .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())) =>
        {
            before
        }
        _ => s,
    };
    let lower = s.to_ascii_lowercase();
    if s.is_empty() || lower.starts_with("merge pull request") || lower.starts_with("merge branch") {
        return true;
    }
    let mut words = s.split_whitespace();
    let (Some(verb), Some(name), None) = (words.next(), words.next(), words.next()) else {
        return false;
    };
    const VERBS: &[&str] = &[
        "update", "updated", "updates", "create", "created", "add", "added", "edit", "edited", "delete", "deleted",
        "rename", "renamed",
    ];
    let file_name = name.rsplit_once('.').is_some_and(|(stem, ext)| {
        !stem.is_empty()
            && matches!(
                ext.to_ascii_lowercase().as_str(),
                "md" | "markdown" | "txt" | "html" | "htm"
            )
    });
    VERBS.contains(&verb.to_ascii_lowercase().as_str()) && file_name
}

/// A git trailer: `Co-authored-by: …`, `Signed-off-by: …`.
fn is_trailer(line: &str) -> bool {
    line.split_once(": ").is_some_and(|(key, _)| {
        !key.is_empty() && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') && key.contains('-')
    })
}

#[cfg(test)]
mod tests {
    use super::{is_trailer, says_nothing};

    #[test]
    fn subjects_that_name_no_change() {
        for s in [
            "Merge pull request #1138 from example/branch",
            "Merge branch 'main' into fix",
            "Update Privacy-Policy.md",
            "Create terms.md",
            "Update terms.md (#911)",
            "",
        ] {
            assert!(says_nothing(s), "{s}");
        }
        for s in [
            "Update the refund period",
            "Clarify fees (#12)",
            "Update terms.md and faq.md",
        ] {
            assert!(!says_nothing(s), "{s}");
        }
        assert!(is_trailer("Co-authored-by: A Person <a@example.com>"));
        assert!(!is_trailer("Fees: now per hour"));
    }
}
