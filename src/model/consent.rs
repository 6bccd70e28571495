//! What a revision asks of the people who accepted the policy before it:
//! `consent = "required"` or `"notify"` in its record.

use serde::Serialize;

/// Whether users must accept a revision again, or are only told of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Consent {
    /// Users must accept it again before it applies to them.
    Required,
    /// Users are told of it; nothing is asked of them. The default for a
    /// revision that is not editorial.
    Notify,
    /// Nothing to tell or ask: an editorial revision.
    None,
}

impl Consent {
    /// The values a record may write, as they are written.
    pub const WRITTEN: [&'static str; 2] = ["required", "notify"];

    /// A value as a record writes it, or None if it is not one.
    pub fn parse(s: &str) -> Option<Consent> {
        match s {
            "required" => Some(Consent::Required),
            "notify" => Some(Consent::Notify),
            _ => None,
        }
    }

    /// The consent of a revision whose record says `written` (None: it
    /// says nothing): an editorial revision asks nothing.
    pub fn of(written: Option<Consent>, editorial: bool) -> Consent {
        match (written, editorial) {
            (Some(c), _) => c,
            (None, true) => Consent::None,
            (None, false) => Consent::Notify,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Consent::Required => "required",
            Consent::Notify => "notify",
            Consent::None => "none",
        }
    }
}

impl std::fmt::Display for Consent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_values_and_defaults() {
        for w in Consent::WRITTEN {
            assert_eq!(Consent::parse(w).unwrap().as_str(), w);
        }
        assert_eq!(Consent::parse("none"), None);
        assert_eq!(Consent::parse("Required"), None);
        assert_eq!(Consent::of(None, false), Consent::Notify);
        assert_eq!(Consent::of(None, true), Consent::None);
        assert_eq!(Consent::of(Some(Consent::Required), false), Consent::Required);
    }
}
