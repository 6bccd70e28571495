//! Dates as revision blocks write them: `2019/4/18`, `2019-04-18`,
//! `2019年4月18日`, `April 18, 2019`, `18 April 2019`.

use crate::model::Date;

const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Reads a text that is only a date, perhaps after a label (`Last updated: …`)
/// and with a final full stop. `None` for anything else or an impossible day.
pub fn parse(text: &str) -> Option<Date> {
    let text = ascii_digits(text.trim())
        .trim_end_matches(['.', '。'])
        .trim()
        .to_string();
    whole(&text).or_else(|| {
        let (_, after) = text.rsplit_once([':', '：'])?;
        whole(after.trim())
    })
}

fn whole(s: &str) -> Option<Date> {
    numeric(s).or_else(|| japanese(s)).or_else(|| english(s))
}

/// `2019-04-18`, `2019/4/18`, `2019.4.18`.
fn numeric(s: &str) -> Option<Date> {
    let sep = s.chars().find(|c| !c.is_ascii_digit())?;
    if !matches!(sep, '-' | '/' | '.') {
        return None;
    }
    let parts: Vec<&str> = s.split(sep).collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => ymd(y, m, d),
        _ => None,
    }
}

/// `2019年4月18日`, spaces allowed.
fn japanese(s: &str) -> Option<Date> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (y, rest) = s.split_once('年')?;
    let (m, rest) = rest.split_once('月')?;
    let d = rest.strip_suffix('日')?;
    (y.len() == 4).then(|| ymd(y, m, d))?
}

/// `April 18, 2019`, `Apr. 18 2019`, `18 April 2019`.
fn english(s: &str) -> Option<Date> {
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let (month, day, year) = match words.as_slice() {
        [m, d, y] if month(m).is_some() => (month(m)?, *d, *y),
        [d, m, y] if month(m).is_some() => (month(m)?, *d, *y),
        _ => return None,
    };
    let day = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| day.strip_suffix(suffix))
        .unwrap_or(day);
    (year.len() == 4).then(|| ymd(year, &month.to_string(), day))?
}

fn month(word: &str) -> Option<usize> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    let w = if w == "sept" { "sep".to_string() } else { w };
    MONTHS.iter().position(|m| m.starts_with(&w)).map(|i| i + 1)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<Date> {
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) || m.len() > 2 || d.len() > 2 {
        return None;
    }
    Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Full-width digits (`２０１９`) as ASCII.
fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '／' => '/',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<String> {
        parse(s).map(|d| d.to_string())
    }

    #[test]
    fn accepted_forms() {
        for s in [
            "2019/4/18",
            "2019-04-18",
            "2019-4-18",
            "2019.04.18",
            "2019年4月18日",
            "２０１９年４月１８日",
            "2019 年 4 月 18 日",
            "April 18, 2019",
            "Apr. 18, 2019",
            "april 18 2019",
            "18 April 2019",
            "18th April 2019",
            "Last updated: April 18, 2019",
            "Revised: 2019/4/18.",
        ] {
            assert_eq!(d(s).as_deref(), Some("2019-04-18"), "{s}");
        }
        assert_eq!(d("Sept 3, 2021").as_deref(), Some("2021-09-03"));
    }

    #[test]
    fn rejected_forms() {
        for s in [
            "2019/2/30",
            "19/4/18",
            "18/04/2019",
            "2019-04",
            "Updated the cookie section",
            "April 2019",
            "Privacy Policy revision information",
            "2019/4/18 and 2019/5/1",
            "Ma 18, 2019",
        ] {
            assert_eq!(d(s), None, "{s}");
        }
    }
}
