//! Revision ids: the publication date, `-2`, `-3`… for more revisions that day.

use std::fmt;
use std::str::FromStr;

use super::Date;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RevisionId {
    pub date: Date,
    /// 1 for the first revision of a day (written without a suffix).
    pub seq: u32,
}

impl fmt::Display for RevisionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.seq > 1 {
            write!(f, "{}-{}", self.date, self.seq)
        } else {
            write!(f, "{}", self.date)
        }
    }
}

impl FromStr for RevisionId {
    type Err = String;

    fn from_str(s: &str) -> Result<RevisionId, String> {
        let bad = || {
            format!(
                "`{s}` is not a revision id: name revision files by their date, \
                 `YYYY-MM-DD.md`, with `-2`, `-3`… for a second or third revision that day"
            )
        };
        let (date, seq) = match (s.get(..10), s.get(10..)) {
            (Some(d), Some("")) => (d, 1),
            (Some(d), Some(rest)) => {
                let n = rest.strip_prefix('-').ok_or_else(bad)?;
                if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) || n.starts_with('0') {
                    return Err(bad());
                }
                let seq: u32 = n.parse().map_err(|_| bad())?;
                if seq < 2 {
                    return Err(bad());
                }
                (d, seq)
            }
            _ => return Err(bad()),
        };
        let date: Date = date.parse().map_err(|e| format!("{}: {e}", bad()))?;
        Ok(RevisionId { date, seq })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_orders() {
        let a: RevisionId = "2019-04-18".parse().unwrap();
        let b: RevisionId = "2019-04-18-2".parse().unwrap();
        let c: RevisionId = "2019-04-19".parse().unwrap();
        assert!(a < b && b < c);
        assert_eq!(b.to_string(), "2019-04-18-2");
    }

    #[test]
    fn rejects_other_names() {
        for bad in [
            "../x",
            "2019-4-18",
            "2019-04-18-1",
            "2019-04-18-02",
            "2019-04-18x",
            "v1",
            "",
        ] {
            assert!(bad.parse::<RevisionId>().is_err(), "{bad}");
        }
    }
}
