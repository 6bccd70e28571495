//! Calendar dates as policy documents use them: `YYYY-MM-DD`, nothing else.
//!
//! Front matter may write a date bare (`date = 2019-04-18`, a TOML date) or
//! quoted (`date = "2019-04-18"`); both are accepted, but only in the ISO form,
//! so that `2019-4-18` or `18/04/2019` never slip into a legal record.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub jiff::civil::Date);

impl Date {
    pub fn new(year: i16, month: i8, day: i8) -> Option<Date> {
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// The day `days` after this one (the latest day there is, past it).
    pub fn plus_days(self, days: u32) -> Date {
        let later = jiff::Span::new()
            .try_days(i64::from(days))
            .and_then(|span| self.0.checked_add(span));
        Date(later.unwrap_or(jiff::civil::Date::MAX))
    }

    /// Today in UTC: the default build date.
    pub fn today_utc() -> Date {
        Date(jiff::Timestamp::now().to_zoned_datetime(jiff::tz::TimeZone::UTC).date())
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.0.year(), self.0.month(), self.0.day())
    }
}

impl FromStr for Date {
    type Err = String;

    fn from_str(s: &str) -> Result<Date, String> {
        let shape_ok = s.len() == 10
            && s.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(format!(
                "invalid date `{s}`: write dates as YYYY-MM-DD, for example 2019-04-18"
            ));
        }
        let n = |r: std::ops::Range<usize>| s[r].parse::<i16>().unwrap_or(0);
        Date::new(n(0..4), n(5..7) as i8, n(8..10) as i8)
            .ok_or_else(|| format!("invalid date `{s}`: there is no such day in the calendar"))
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        use serde::de::Error;
        match toml::Value::deserialize(d)? {
            toml::Value::String(s) => s.parse().map_err(D::Error::custom),
            toml::Value::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(date), None, None) => Date::new(date.year as i16, date.month as i8, date.day as i8)
                    .ok_or_else(|| D::Error::custom(format!("invalid date `{dt}`"))),
                _ => Err(D::Error::custom(format!(
                    "`{dt}` has a time of day: write a plain date as YYYY-MM-DD"
                ))),
            },
            other => Err(D::Error::custom(format!(
                "expected a date as YYYY-MM-DD, found {}",
                other.type_str()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        d: Date,
    }

    #[test]
    fn plus_days_crosses_months_and_leap_days() {
        let d: Date = "2024-02-15".parse().unwrap();
        assert_eq!(d.plus_days(0), d);
        assert_eq!(d.plus_days(30).to_string(), "2024-03-16");
        assert_eq!(d.plus_days(u32::MAX).0, jiff::civil::Date::MAX);
    }

    #[test]
    fn accepts_bare_and_quoted_dates() {
        let a: T = toml::from_str("d = 2019-04-18").unwrap();
        let b: T = toml::from_str("d = \"2019-04-18\"").unwrap();
        assert_eq!(a.d, b.d);
        assert_eq!(a.d.to_string(), "2019-04-18");
    }

    #[test]
    fn rejects_loose_dates() {
        assert!("2019-4-18".parse::<Date>().unwrap_err().contains("YYYY-MM-DD"));
        assert!("2019-02-30".parse::<Date>().unwrap_err().contains("no such day"));
        let e = toml::from_str::<T>("d = \"18/04/2019\"").err().unwrap();
        assert!(e.to_string().contains("YYYY-MM-DD"), "{e}");
        assert!(toml::from_str::<T>("d = 2019-04-18T10:00:00").is_err());
        assert!(toml::from_str::<T>("d = 5").is_err());
    }
}
