//! Dates as people write them in bylines ("January 23, 2011 at 11:22 am", "23. Januar 2011",
//! "13 августа 2020 г.", "2020年8月13日 下午2:05", "2011-01-23T11:22:00+01:00"), for scraped
//! pages and text where no export gives a clean one.
//!
//! `find_date` runs on many short strings per page, so the text is read as a stream of tokens
//! (digit runs, letter runs, single CJK characters, single punctuation marks) by a lexer that is
//! cheap to copy: each token may start a date, a copy looks a few tokens ahead, and nothing is
//! allocated, which keeps the scan linear in the input.

use std::ops::RangeInclusive;

use crate::doc::DateTime;

/// Full month names and English abbreviations, lower-case, with Turkish dotless ı written as i
/// (see [`folded_eq`]); the index is the month number minus one. These may stand on either side
/// of the day: "August 13" is English, "agosto 13" is how some Latin American sites write it.
#[rustfmt::skip]
const MONTHS: [&[&str]; 12] = [
    &["january", "jan", "januar", "jänner", "janvier", "janv", "enero", "gennaio", "janeiro",
        "januari", "styczeń", "styczen", "stycznia", "январь", "января", "ocak"],
    &["february", "feb", "februar", "février", "fevrier", "févr", "fevr", "febrero", "febbraio",
        "fevereiro", "februari", "luty", "lutego", "февраль", "февраля", "şubat", "subat"],
    &["march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maart", "marzec",
        "marca", "март", "марта", "mart"],
    &["april", "apr", "avril", "abril", "aprile", "kwiecień", "kwiecien", "kwietnia", "апрель",
        "апреля", "nisan"],
    &["may", "mai", "mayo", "maggio", "maio", "mei", "maj", "maja", "май", "мая", "mayis"],
    &["june", "jun", "juni", "juin", "junio", "giugno", "junho", "czerwiec", "czerwca", "июнь",
        "июня", "haziran"],
    &["july", "jul", "juli", "juillet", "juil", "julio", "luglio", "julho", "lipiec", "lipca",
        "июль", "июля", "temmuz"],
    &["august", "aug", "août", "aout", "agosto", "augustus", "sierpień", "sierpien", "sierpnia",
        "август", "августа", "ağustos", "agustos"],
    &["september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "setembro",
        "wrzesień", "wrzesien", "września", "wrzesnia", "сентябрь", "сентября", "eylül", "eylul"],
    &["october", "oct", "oktober", "octobre", "octubre", "ottobre", "outubro", "październik",
        "pazdziernik", "października", "pazdziernika", "октябрь", "октября", "ekim"],
    &["november", "nov", "novembre", "noviembre", "novembro", "listopad", "listopada", "ноябрь",
        "ноября", "kasim"],
    &["december", "dec", "dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro",
        "grudzień", "grudzien", "grudnia", "декабрь", "декабря", "aralik"],
];

/// Abbreviations other languages print ("13 set 2020", "13 sie 2020"). Many are also words
/// ("set", "out", "ago", "sie"), so they count only between a day and a year.
const SHORT: [&[&str]; 12] = [
    &["gen", "ene", "sty", "янв", "oca"],
    &["fév", "fev", "lut", "фев", "şub", "sub"],
    &["mär", "mrz", "mrt", "мар"],
    &["avr", "abr", "kwi", "апр", "nis"],
    &["mag"],
    &["giu", "cze", "июн", "haz"],
    &["lug", "lip", "июл", "tem"],
    &["ago", "sie", "авг", "ağu", "agu"],
    &["set", "wrz", "сен", "сент", "eyl"],
    &["okt", "ott", "out", "paź", "paz", "окт", "eki"],
    &["lis", "ноя", "нояб", "kas"],
    &["dez", "déc", "dic", "gru", "дек", "ara"],
];

/// Suffixes of a day number: "3rd", "1er", "1º".
const ORDINALS: &[&str] = &["st", "nd", "rd", "th", "er", "re", "º", "ª"];

/// Words written before a time that make it afternoon or morning ("下午2:05", "오후 2:05").
const PM_BEFORE: &[&str] = &["下午", "午後", "오후", "晚上"];
const AM_BEFORE: &[&str] = &["上午", "午前", "오전", "早上"];

const COMMAS: &[char] = &[',', '，'];

/// The month a word names, and whether it may also come before the day ("August 13").
fn month_of(word: &str) -> Option<(u8, bool)> {
    // No name is longer than 24 bytes; the bound keeps a long run of letters from being folded.
    if word.len() > 24 {
        return None;
    }
    let find = |table: &[&[&str]; 12]| {
        (1..=12)
            .zip(table)
            .find_map(|(m, names)| names.iter().any(|n| folded_eq(word, n)).then_some(m))
    };
    find(&MONTHS)
        .map(|m| (m, true))
        .or_else(|| find(&SHORT).map(|m| (m, false)))
}

/// Case-insensitive comparison with a table name, without allocating. Turkish has a dotless ı
/// ("Mayıs") and a capital İ that lowers to i plus a combining dot ("NİSAN"); both compare as
/// plain i, so the table holds one spelling that also matches "MAYIS" typed in ASCII.
fn folded_eq(word: &str, name: &str) -> bool {
    word.chars()
        .flat_map(char::to_lowercase)
        .filter(|c| *c != '\u{307}')
        .map(|c| if c == 'ı' { 'i' } else { c })
        .eq(name.chars())
}

/// A wall-clock reading as WordPress writes `post_date`: `YYYY-MM-DD HH:MM:SS`.
pub fn wp_local(dt: &DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second
    )
}

/// The UTC instant of a reading with an offset, as WordPress writes `post_date_gmt`; a
/// reading without an offset is taken as UTC.
pub fn wp_utc(dt: &DateTime) -> Option<String> {
    wp_from_epoch(dt.wall_seconds() - i64::from(dt.offset_minutes.unwrap_or(0)) * 60)
}

/// Seconds since 1970 as `YYYY-MM-DD HH:MM:SS` (UTC), for years 1–9999 (Howard Hinnant's
/// civil-from-days).
pub fn wp_from_epoch(secs: i64) -> Option<String> {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (1..=9999).contains(&year).then(|| {
        format!(
            "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    })
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

/// Finds the first human-written date in `text`, in the orders and languages bylines use:
/// "January 23, 2011", "23. Januar 2011", "23 de enero de 2011", "23 января 2011 г.",
/// "2011年1月23日", "2011. 1. 23.", "2011-01-23", "23.01.2011". Slashed dates need a day over
/// 12 to tell the order, and a date needs a year from 1990 to 2100, so "10 March", "05/06/2011"
/// and version numbers are not dates. A following time ("at 11:22 am", "um 11:22 Uhr",
/// "à 14h05", "下午2:05") and UTC offset ("+02:00", "GMT+2") are used when present.
pub fn find_date(text: &str) -> Option<DateTime> {
    let mut lx = Lexer::new(text);
    let mut prev = None;
    while let Some(tok) = lx.next() {
        if let Some((date, rest)) = date_at(prev, tok, &lx) {
            return Some(with_time(date, rest));
        }
        prev = Some(tok);
    }
    None
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// Digits (ASCII or full-width); `len` tells a year from a day and "16.04" from a date.
    Num {
        value: u32,
        len: usize,
    },
    /// Letters of a script that puts spaces between words.
    Word,
    /// One ideograph, kana or Hangul syllable: these scripts glue date parts together
    /// ("2020年8月13日"), so each character stands alone.
    Cjk(char),
    Punct(char),
}

#[derive(Clone, Copy, Debug)]
struct Tok {
    kind: Kind,
    start: usize,
    end: usize,
    /// Whitespace before it: "2020.08.13" is one run, "2020. 8. 13." is Korean spacing.
    spaced: bool,
}

/// Whether a token may follow whitespace or must touch the one before it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Gap {
    Tight,
    Loose,
}

/// A position in the text; copying it is how a pattern looks ahead without committing.
#[derive(Clone)]
struct Lexer<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Iterator for Lexer<'a> {
    type Item = Tok;

    fn next(&mut self) -> Option<Tok> {
        let rest = self.text.get(self.pos..)?;
        let body = rest.trim_start();
        let start = self.pos + (rest.len() - body.len());
        let first = body.chars().next()?;
        let (kind, len) = if digit(first).is_some() {
            let len = body.find(|c| digit(c).is_none()).unwrap_or(body.len());
            let digits = body[..len].chars().filter_map(digit);
            let value = digits
                .clone()
                .fold(0u32, |v, d| v.saturating_mul(10).saturating_add(d));
            let count = digits.count();
            (Kind::Num { value, len: count }, len)
        } else if is_cjk(first) {
            (Kind::Cjk(first), first.len_utf8())
        } else if is_letter(first) {
            let len = body.find(|c| !is_letter(c)).unwrap_or(body.len());
            (Kind::Word, len)
        } else {
            (Kind::Punct(first), first.len_utf8())
        };
        let spaced = start > self.pos;
        self.pos = start + len;
        Some(Tok {
            kind,
            start,
            end: self.pos,
            spaced,
        })
    }
}

impl<'a> Lexer<'a> {
    fn new(text: &'a str) -> Self {
        Lexer { text, pos: 0 }
    }

    fn peek(&self) -> Option<Tok> {
        self.clone().next()
    }

    /// Runs `f` on a copy and keeps its progress only when it matches: an optional group.
    fn attempt<T>(&mut self, f: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let mut probe = self.clone();
        let found = f(&mut probe)?;
        *self = probe;
        Some(found)
    }

    /// Consumes the next token when `f` accepts it.
    fn next_map<T>(&mut self, gap: Gap, f: impl FnOnce(Tok, &'a str) -> Option<T>) -> Option<T> {
        let text = self.text;
        self.attempt(|l| {
            let tok = l.next().filter(|t| gap == Gap::Loose || !t.spaced)?;
            f(tok, &text[tok.start..tok.end])
        })
    }

    fn num(&mut self, gap: Gap, digits: RangeInclusive<usize>) -> Option<u32> {
        self.next_map(gap, |t, _| match t.kind {
            Kind::Num { value, len } if digits.contains(&len) => Some(value),
            _ => None,
        })
    }

    fn punct(&mut self, gap: Gap, set: &[char]) -> Option<char> {
        self.next_map(gap, |t, _| match t.kind {
            Kind::Punct(c) if set.contains(&c) => Some(c),
            _ => None,
        })
    }

    fn cjk(&mut self, gap: Gap, set: &[char]) -> Option<char> {
        self.next_map(gap, |t, _| match t.kind {
            Kind::Cjk(c) if set.contains(&c) => Some(c),
            _ => None,
        })
    }

    /// One of `set`, ASCII case-insensitive; returns its index.
    fn word(&mut self, gap: Gap, set: &[&str]) -> Option<usize> {
        self.next_map(gap, |t, s| {
            (t.kind == Kind::Word)
                .then(|| set.iter().position(|w| s.eq_ignore_ascii_case(w)))
                .flatten()
        })
    }

    fn month(&mut self, gap: Gap) -> Option<(u8, bool)> {
        self.next_map(gap, |t, s| {
            (t.kind == Kind::Word).then(|| month_of(s)).flatten()
        })
    }

    /// Skips a day's ordinal suffix ("3rd", "1er", "1°").
    fn ordinal(&mut self) {
        self.next_map(Gap::Tight, |t, s| match t.kind {
            Kind::Word => ORDINALS
                .iter()
                .any(|o| s.eq_ignore_ascii_case(o))
                .then_some(()),
            Kind::Punct('°') => Some(()),
            _ => None,
        });
    }

    /// Whether the number just read goes on as a longer dotted or dashed run: an IP address,
    /// a version ("1.2.2020.4") or a slug is no date.
    fn runs_on(&self) -> bool {
        let mut probe = self.clone();
        probe.punct(Gap::Tight, &['.', '-', '/']).is_some()
            && probe.num(Gap::Tight, 1..=usize::MAX).is_some()
    }
}

/// ASCII and full-width digits: Japanese and Chinese pages write dates in either.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7AF}'
        | '\u{F900}'..='\u{FAFF}')
}

fn is_letter(c: char) -> bool {
    c.is_alphabetic() && !is_cjk(c)
}

/// A number glued to a word or to a dotted or dashed run is part of something else: "v2",
/// "3.11.7", a path "/2020/08/13/".
fn starts_cleanly(prev: Option<Tok>, tok: Tok) -> bool {
    match prev {
        Some(p) if !tok.spaced => !matches!(
            p.kind,
            Kind::Word | Kind::Punct('.' | '-' | '/' | '+' | '_')
        ),
        _ => true,
    }
}

/// The date that starts at `tok`, and the lexer just after it.
fn date_at<'a>(prev: Option<Tok>, tok: Tok, after: &Lexer<'a>) -> Option<(DateTime, Lexer<'a>)> {
    let mut lx = after.clone();
    let date = match tok.kind {
        Kind::Word => month_day_year(&after.text[tok.start..tok.end], &mut lx)?,
        Kind::Num { .. } if !starts_cleanly(prev, tok) => return None,
        Kind::Num { value, len: 4 } => lx
            .attempt(|l| cjk_year_first(value, l))
            .or_else(|| lx.attempt(|l| numeric_year_first(value, l)))?,
        Kind::Num { value, len: 1 | 2 } => lx
            .attempt(|l| numeric_day_first(value, l))
            .or_else(|| lx.attempt(|l| cjk_month_first(value, l)))
            .or_else(|| lx.attempt(|l| day_month_year(value, l)))?,
        _ => return None,
    };
    Some((date, lx))
}

/// "August 13, 2020", "Aug. 13th 2020", and "Jul.09, 2012" as one WordPress theme glues it.
fn month_day_year(word: &str, lx: &mut Lexer) -> Option<DateTime> {
    lx.punct(Gap::Tight, &['.']);
    let day = lx.num(Gap::Loose, 1..=2)?;
    let (month, before_day) = month_of(word)?;
    if !before_day {
        return None;
    }
    lx.ordinal();
    lx.punct(Gap::Loose, COMMAS);
    let year = lx.num(Gap::Loose, 4..=4)?;
    calendar(year, month.into(), day)
}

/// "13 August 2020", "13. August 2020", "13 de agosto de 2020", "1er août 2020",
/// "13th of August, 2020", "13-Aug-2020", "13/Aug/2020" (web server logs).
fn day_month_year(day: u32, lx: &mut Lexer) -> Option<DateTime> {
    lx.ordinal();
    lx.punct(Gap::Tight, &['.', '-', '/']);
    lx.word(Gap::Loose, &["de", "of"]);
    let (month, _) = lx.month(Gap::Loose)?;
    lx.punct(Gap::Tight, &['.']);
    lx.punct(Gap::Loose, &[',', '，', '-', '/']);
    lx.word(Gap::Loose, &["de", "del"]);
    let year = lx.num(Gap::Loose, 4..=4)?;
    calendar(year, month.into(), day)
}

/// "13/08/2020", "08/13/2020", "13-08-2020", "13.08.2020". With slashes and dashes the order
/// is known only when one number is over 12; dots are written day first.
fn numeric_day_first(first: u32, lx: &mut Lexer) -> Option<DateTime> {
    let sep = lx.punct(Gap::Tight, &['/', '-', '.'])?;
    let second = lx.num(Gap::Tight, 1..=2)?;
    lx.punct(Gap::Tight, &[sep])?;
    let year = lx.num(Gap::Tight, 4..=4)?;
    if lx.runs_on() {
        return None;
    }
    let (day, month) = match sep {
        '.' => (first, second),
        _ if first > 12 && second <= 12 => (first, second),
        _ if second > 12 && first <= 12 => (second, first),
        _ => return None,
    };
    calendar(year, month, day)
}

/// "2020-08-13", "2020/08/13", "2020.08.13", and Korean "2020. 8. 13.", whose spacing needs
/// the closing dot to tell it from a sentence that ends in a year.
fn numeric_year_first(year: u32, lx: &mut Lexer) -> Option<DateTime> {
    let sep = lx.punct(Gap::Tight, &['-', '/', '.'])?;
    let gap = if sep == '.' { Gap::Loose } else { Gap::Tight };
    let mut spaced = lx.peek().is_some_and(|t| t.spaced);
    let month = lx.num(gap, 1..=2)?;
    lx.punct(Gap::Tight, &[sep])?;
    spaced |= lx.peek().is_some_and(|t| t.spaced);
    let day = lx.num(gap, 1..=2)?;
    if spaced {
        lx.punct(Gap::Tight, &['.'])?;
    } else if lx.runs_on() {
        return None;
    }
    calendar(year, month, day)
}

/// "2020年8月13日", "2020년 8월 13일".
fn cjk_year_first(year: u32, lx: &mut Lexer) -> Option<DateTime> {
    lx.cjk(Gap::Loose, &['年', '년'])?;
    let month = lx.num(Gap::Loose, 1..=2)?;
    lx.cjk(Gap::Loose, &['月', '월'])?;
    let day = lx.num(Gap::Loose, 1..=2)?;
    lx.cjk(Gap::Loose, &['日', '일', '号', '號']);
    calendar(year, month, day)
}

/// "8月 13, 2020": WordPress's default "F j, Y" in Japanese and Chinese.
fn cjk_month_first(month: u32, lx: &mut Lexer) -> Option<DateTime> {
    lx.cjk(Gap::Loose, &['月', '월'])?;
    let day = lx.num(Gap::Loose, 1..=2)?;
    lx.cjk(Gap::Loose, &['日', '일']);
    lx.punct(Gap::Loose, COMMAS);
    let year = lx.num(Gap::Loose, 4..=4)?;
    calendar(year, month, day)
}

/// The date when it is a real one from the years blogs were written: "31 February" and
/// "13 August 1066" are not bylines.
fn calendar(year: u32, month: u32, day: u32) -> Option<DateTime> {
    if !(1990..=2100).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    // parse_wp owns the calendar rules; a stack buffer hands it the date without allocating.
    let mut buf = *b"0000-00-00";
    for (at, width, mut v) in [(0, 4, year), (5, 2, month), (8, 2, day)] {
        for b in buf[at..at + width].iter_mut().rev() {
            *b = b'0' + (v % 10) as u8;
            v /= 10;
        }
    }
    DateTime::parse_wp(std::str::from_utf8(&buf).ok()?)
}

/// Adds the time of day from the few tokens after a date. Anything else there (a comment
/// count, another date) leaves the date at midnight.
fn with_time(mut date: DateTime, mut lx: Lexer) -> DateTime {
    for _ in 0..6 {
        let Some(tok) = lx.next() else { break };
        if !matches!(tok.kind, Kind::Num { .. }) {
            continue;
        }
        if let Some((hour, minute, second, offset)) = time_of_day(tok, &mut lx) {
            date.hour = hour;
            date.minute = minute;
            date.second = second;
            date.offset_minutes = offset;
        }
        break;
    }
    date
}

/// "11:22", "14:05:33", "9:05 pm", "14h05", "14時05分", "11.22 Uhr", with an offset after.
fn time_of_day(hour_tok: Tok, lx: &mut Lexer) -> Option<(u8, u8, u8, Option<i32>)> {
    let Kind::Num {
        value: hour,
        len: 1..=2,
    } = hour_tok.kind
    else {
        return None;
    };
    let (minute, second) = lx
        .attempt(|l| {
            l.punct(Gap::Tight, &[':'])?;
            let minute = l.num(Gap::Tight, 2..=2)?;
            let second = l
                .attempt(|l| {
                    l.punct(Gap::Tight, &[':'])?;
                    l.num(Gap::Tight, 2..=2)
                })
                .unwrap_or(0);
            l.attempt(|l| {
                l.punct(Gap::Tight, &['.', ','])?;
                l.num(Gap::Tight, 1..=usize::MAX)
            });
            Some((minute, second))
        })
        .or_else(|| {
            lx.attempt(|l| {
                l.word(Gap::Tight, &["h"])?;
                Some((l.num(Gap::Tight, 2..=2)?, 0))
            })
        })
        .or_else(|| {
            lx.attempt(|l| {
                l.cjk(Gap::Tight, &['時', '时', '시', '点'])?;
                let minute = l.num(Gap::Loose, 1..=2)?;
                l.cjk(Gap::Tight, &['分', '분']);
                Some((minute, 0))
            })
        })
        .or_else(|| {
            lx.attempt(|l| {
                l.punct(Gap::Tight, &['.'])?;
                let minute = l.num(Gap::Tight, 2..=2)?;
                l.word(Gap::Loose, &["uhr"])?;
                Some((minute, 0))
            })
        })?;
    let before = lx.text[..hour_tok.start].trim_end();
    let pm = meridiem_after(lx).or_else(|| {
        if PM_BEFORE.iter().any(|w| before.ends_with(w)) {
            Some(true)
        } else if AM_BEFORE.iter().any(|w| before.ends_with(w)) {
            Some(false)
        } else {
            None
        }
    });
    let hour = match pm {
        Some(true) if hour < 12 => hour + 12,
        Some(false) if hour == 12 => 0,
        _ => hour,
    };
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let offset = utc_offset(lx);
    Some((hour as u8, minute as u8, second as u8, offset))
}

/// "pm", "PM", "p.m." after a time: `Some(true)` for afternoon.
fn meridiem_after(lx: &mut Lexer) -> Option<bool> {
    lx.word(Gap::Loose, &["am", "pm"])
        .or_else(|| {
            lx.attempt(|l| {
                let half = l.word(Gap::Loose, &["a", "p"])?;
                l.punct(Gap::Tight, &['.'])?;
                l.word(Gap::Tight, &["m"])?;
                l.punct(Gap::Tight, &['.']);
                Some(half)
            })
        })
        .map(|half| half == 1)
}

/// "+02:00", "+0200", "Z", "GMT+2", "(UTC)": minutes east of UTC. A bare sign needs four
/// digits or hh:mm unless it touches the time, so "9:05 pm - 3 comments" has no offset.
fn utc_offset(lx: &mut Lexer) -> Option<i32> {
    if lx.word(Gap::Tight, &["z"]).is_some() {
        return Some(0);
    }
    let named = lx
        .attempt(|l| {
            l.punct(Gap::Loose, &['(']);
            l.word(Gap::Loose, &["utc", "gmt", "ut"])
        })
        .is_some();
    let signed = lx.attempt(|l| {
        let touching = l.peek().is_some_and(|t| !t.spaced);
        let gap = if named { Gap::Tight } else { Gap::Loose };
        let sign = if l.punct(gap, &['+', '-', '−'])? == '+' {
            1
        } else {
            -1
        };
        let (h, m) = l
            .attempt(|l| l.num(Gap::Tight, 4..=4).map(|hm| (hm / 100, hm % 100)))
            .or_else(|| {
                l.attempt(|l| {
                    let h = l.num(Gap::Tight, 1..=2)?;
                    l.punct(Gap::Tight, &[':'])?;
                    Some((h, l.num(Gap::Tight, 2..=2)?))
                })
            })
            .or_else(|| {
                (named || touching)
                    .then(|| l.num(Gap::Tight, 1..=2).map(|h| (h, 0)))
                    .flatten()
            })?;
        (h <= 18 && m < 60).then(|| sign * (h * 60 + m) as i32)
    });
    signed.or(named.then_some(0))
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

    #[test]
    fn month_names_fold_case_and_turkish_i() {
        assert_eq!(month_of("MAYIS"), Some((5, true)));
        assert_eq!(month_of("NİSAN"), Some((4, true)));
        assert_eq!(month_of("Августа"), Some((8, true)));
        assert_eq!(month_of("Août"), Some((8, true)));
        assert_eq!(month_of("sie"), Some((8, false)));
        assert_eq!(month_of("question"), None);
    }

    #[test]
    fn other_languages_abbreviations_only_between_day_and_year() {
        assert!(find_date("set 13, 2020").is_none());
        assert_eq!(
            find_date("13 set 2020").map(|d| d.ymd()).as_deref(),
            Some("2020-09-13")
        );
    }

    #[test]
    fn lexer_splits_scripts_and_keeps_spacing() {
        let kinds: Vec<(Kind, bool)> = Lexer::new("2020年8月 Jul.09")
            .map(|t| (t.kind, t.spaced))
            .collect();
        assert_eq!(
            kinds,
            [
                (
                    Kind::Num {
                        value: 2020,
                        len: 4
                    },
                    false
                ),
                (Kind::Cjk('年'), false),
                (Kind::Num { value: 8, len: 1 }, false),
                (Kind::Cjk('月'), false),
                (Kind::Word, true),
                (Kind::Punct('.'), false),
                (Kind::Num { value: 9, len: 2 }, false),
            ]
        );
    }

    #[test]
    fn long_runs_are_no_dates() {
        for s in [
            "1.".repeat(20_000),
            "9".repeat(20_000),
            "a".repeat(20_000),
            "年".repeat(20_000),
            "12/".repeat(20_000),
        ] {
            assert!(find_date(&s).is_none());
        }
        let mut tail = "word ".repeat(20_000);
        tail.push_str("13 August 2020");
        assert_eq!(
            find_date(&tail).map(|d| d.ymd()).as_deref(),
            Some("2020-08-13")
        );
    }
}
