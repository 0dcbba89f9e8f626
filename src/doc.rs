//! The document model every stage shares: readers produce it, transforms rewrite it, renderers
//! print it. Keeping one model means a WXR item and a scraped page end up in the same Markdown.

use std::fmt;

/// One post or page, from any source, ready to be rendered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Post {
    pub meta: Meta,
    pub body: Vec<Block>,
}

/// Everything that becomes front matter or decides where the file goes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    /// WordPress post id, when the source has one.
    pub id: Option<u64>,
    /// `post`, `page` or a custom post type name.
    pub post_type: String,
    pub title: String,
    /// Decoded slug (percent-decoding already applied); may be empty for drafts.
    pub slug: String,
    pub date: Option<DateTime>,
    pub updated: Option<DateTime>,
    pub draft: bool,
    /// Display name of the author.
    pub author: Option<String>,
    /// Display names, in the order the source lists them.
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub excerpt: Option<String>,
    pub featured_image: Option<String>,
    /// The post's public URL on the old site.
    pub original_url: Option<String>,
    /// Old paths that should redirect to the new location.
    pub aliases: Vec<String>,
    /// Slugs of the ancestor pages, outermost first, so pages keep their hierarchy.
    pub parents: Vec<String>,
}

/// A calendar date and wall-clock time with an optional UTC offset.
///
/// Hand-rolled instead of pulling in a date crate: WordPress dates are always
/// `YYYY-MM-DD HH:MM:SS`, and the only arithmetic we need is the local-minus-UTC offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Minutes east of UTC; `None` when the source gives only a local time.
    pub offset_minutes: Option<i32>,
}

impl DateTime {
    /// Parses `YYYY-MM-DD HH:MM:SS` (or with `T`), rejecting WordPress's zero date and
    /// impossible calendar values so they are never written as dates.
    pub fn parse_wp(s: &str) -> Option<DateTime> {
        let s = s.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let num = |r: std::ops::Range<usize>| -> Option<u32> {
            let part = s.get(r)?;
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().ok()
            } else {
                None
            }
        };
        let year = num(0..4)? as i32;
        let month = num(5..7)? as u8;
        let day = num(8..10)? as u8;
        let (hour, minute, second) = if b.len() >= 19 && (b[10] == b' ' || b[10] == b'T') {
            (num(11..13)? as u8, num(14..16)? as u8, num(17..19)? as u8)
        } else if b.len() == 10 {
            (0, 0, 0)
        } else {
            return None;
        };
        let dt = DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            offset_minutes: None,
        };
        dt.is_valid().then_some(dt)
    }

    fn is_valid(&self) -> bool {
        self.year >= 1
            && (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour < 24
            && self.minute < 60
            && self.second < 61
    }

    /// Seconds since 1970-01-01 of the wall-clock reading, ignoring the offset.
    pub fn wall_seconds(&self) -> i64 {
        let days = days_from_civil(self.year, self.month, self.day);
        days * 86_400 + i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second)
    }

    /// Sets the offset to `local - utc`, rounded to the quarter hour that real time zones use;
    /// offsets beyond ±18 h are nonsense from a broken export and are left unset.
    pub fn with_offset_from_utc(mut self, utc: &DateTime) -> DateTime {
        let diff = self.wall_seconds() - utc.wall_seconds();
        let minutes = ((diff as f64 / 60.0) / 15.0).round() as i64 * 15;
        if minutes.abs() <= 18 * 60 {
            self.offset_minutes = Some(minutes as i32);
        }
        self
    }

    /// `YYYY-MM-DD`, as Jekyll file names need.
    pub fn ymd(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// RFC 3339; a date without a known offset is written without one (a local date-time).
impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}T{:02}:{:02}:{:02}",
            self.ymd(),
            self.hour,
            self.minute,
            self.second
        )?;
        match self.offset_minutes {
            None => Ok(()),
            Some(0) => f.write_str("Z"),
            Some(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                write!(f, "{}{:02}:{:02}", sign, m.abs() / 60, m.abs() % 60)
            }
        }
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i32, m: u8) -> u8 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Howard Hinnant's days-from-civil algorithm.
fn days_from_civil(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ---- Body model -------------------------------------------------------------------------------

/// A block-level element of the post body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    /// HTML that has no Markdown equivalent, kept verbatim rather than dropped.
    Html(String),
}

/// An inline element inside a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
}
