//! Dates as people write them in bylines ("January 23, 2011 at 11:22 am", "23. Januar 2011",
//! "2011-01-23T11:22:00+01:00"), for scraped pages and text where no export gives a clean one.

use crate::doc::DateTime;

const MONTHS: &[(&str, u8)] = &[
    ("january", 1),
    ("february", 2),
    ("march", 3),
    ("april", 4),
    ("may", 5),
    ("june", 6),
    ("july", 7),
    ("august", 8),
    ("september", 9),
    ("october", 10),
    ("november", 11),
    ("december", 12),
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
    // German, French, Spanish, Portuguese, Italian, Dutch: the blog languages of the corpus.
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("maerz", 3),
    ("mai", 5),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    ("januari", 1),
    ("februari", 2),
    ("maart", 3),
    ("mei", 5),
    ("augustus", 8),
];

fn month(word: &str) -> Option<u8> {
    let w = word
        .trim_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    MONTHS.iter().find(|(n, _)| *n == w).map(|(_, m)| *m)
}

/// An RFC 3339 / ISO 8601 timestamp with optional offset (`Z`, `+01:00`, `+0100`).
pub fn parse_iso(s: &str) -> Option<DateTime> {
    let s = s.trim();
    let mut dt = DateTime::parse_wp(s.get(..19).unwrap_or(s))
        .or_else(|| DateTime::parse_wp(s.get(..10)?))?;
    let rest = if s.len() > 19
        && s.as_bytes()
            .get(10)
            .is_some_and(|c| *c == b'T' || *c == b' ')
    {
        let r = &s[19..];
        r.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit())
    } else {
        return Some(dt);
    };
    if rest.eq_ignore_ascii_case("z") {
        dt.offset_minutes = Some(0);
    } else if let Some(sign) = rest.chars().next().filter(|c| *c == '+' || *c == '-') {
        let digits: String = rest[1..].chars().filter(char::is_ascii_digit).collect();
        if digits.len() == 4 {
            let h: i32 = digits[..2].parse().ok()?;
            let m: i32 = digits[2..].parse().ok()?;
            let total = h * 60 + m;
            dt.offset_minutes = Some(if sign == '-' { -total } else { total });
        }
    }
    Some(dt)
}

/// Finds the first human-written date in `text`: "January 23, 2011", "23 January 2011",
/// "23. Januar 2011", "2011-01-23", "23/01/2011" is ambiguous and ignored. A following time
/// ("at 11:22 am", "11:22") is used when present.
pub fn find_date(text: &str) -> Option<DateTime> {
    let words: Vec<&str> = text.split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if let Some(dt) = iso_word(w) {
            return Some(dt);
        }
        let Some(m) = month(w) else { continue };
        if w.trim_matches(|c: char| !c.is_alphabetic()).len() < 3 {
            continue;
        }
        // Month Day, Year
        let next = words.get(i + 1).and_then(|d| number(d));
        let after = words.get(i + 2).and_then(|y| number(y));
        if let (Some(d), Some(y)) = (next, after)
            && d <= 31
            && y >= 1990
        {
            return finish(y as i32, m, d as u8, &words[i + 3..]);
        }
        // Day Month Year (also "23. Januar 2011", "23 de enero de 2011")
        let before = i.checked_sub(1).and_then(|j| number(words[j]));
        let before = before.or_else(|| {
            (i >= 2 && words[i - 1].eq_ignore_ascii_case("de"))
                .then(|| number(words[i - 2]))
                .flatten()
        });
        let year = words.get(i + 1).and_then(|y| number(y)).or_else(|| {
            words
                .get(i + 1)
                .filter(|w| w.eq_ignore_ascii_case("de"))
                .and_then(|_| words.get(i + 2))
                .and_then(|y| number(y))
        });
        if let (Some(d), Some(y)) = (before, year)
            && d <= 31
            && y >= 1990
        {
            return finish(y as i32, m, d as u8, &words[(i + 2).min(words.len())..]);
        }
    }
    None
}

fn iso_word(w: &str) -> Option<DateTime> {
    let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
    if w.len() >= 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-' {
        parse_iso(w)
    } else {
        None
    }
}

fn number(w: &str) -> Option<u32> {
    let t = w.trim_matches(|c: char| !c.is_ascii_digit());
    let t = t.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    if t.is_empty() || t.len() > 4 {
        return None;
    }
    // "23rd," "1st" "2011," "23."
    let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn finish(y: i32, m: u8, d: u8, rest: &[&str]) -> Option<DateTime> {
    let mut dt = DateTime::parse_wp(&format!("{y:04}-{m:02}-{d:02}"))?;
    // A time within the next few words: "at 11:22 am", "- 11:22", "um 11:22 Uhr".
    for (k, w) in rest.iter().take(4).enumerate() {
        let Some((h, min)) = w.split_once(':') else {
            continue;
        };
        let (Ok(mut h), Ok(min)) = (h.parse::<u8>(), min.get(..2).unwrap_or(min).parse::<u8>())
        else {
            continue;
        };
        let suffix = w[w.find(':').unwrap_or(0)..].to_ascii_lowercase();
        let meridiem = rest
            .get(k + 1)
            .map(|s| s.to_ascii_lowercase())
            .unwrap_or_default();
        let pm = suffix.contains("pm") || meridiem.starts_with("pm") || meridiem.starts_with("p.m");
        let am = suffix.contains("am") || meridiem.starts_with("am") || meridiem.starts_with("a.m");
        if pm && h < 12 {
            h += 12;
        } else if am && h == 12 {
            h = 0;
        }
        if h < 24 && min < 60 {
            dt.hour = h;
            dt.minute = min;
        }
        break;
    }
    Some(dt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_in_several_forms() {
        let d = find_date("Published in: on January 23, 2011 at 11:22 am  Leave a Comment")
            .expect("date");
        assert_eq!(d.to_string(), "2011-01-23T11:22:00");
        let d = find_date("Posted on March 3rd, 2015 at 9:05 pm by Ann").expect("date");
        assert_eq!(d.to_string(), "2015-03-03T21:05:00");
        let d = find_date("Veröffentlicht am 23. Januar 2011 um 11:22 Uhr").expect("date");
        assert_eq!(d.to_string(), "2011-01-23T11:22:00");
        let d = find_date("publicado el 5 de mayo de 2019").expect("date");
        assert_eq!(d.ymd(), "2019-05-05");
        assert_eq!(
            find_date("2020-02-29T10:00:00+01:00 x")
                .expect("iso")
                .to_string(),
            "2020-02-29T10:00:00+01:00"
        );
        assert!(find_date("May I ask a question?").is_none());
        assert!(find_date("no date here").is_none());
    }
}
