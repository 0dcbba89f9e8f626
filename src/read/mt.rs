//! Movable Type / TypePad export text → the same [`Item`]s a WordPress export gives, so one
//! pipeline converts both.
//!
//! The format (Movable Type's "Import / Export Format"): entries separated by a line of eight
//! dashes; in each, one-line `KEY: value` fields (`AUTHOR`, `TITLE`, `BASENAME`, `STATUS`,
//! `CONVERT BREAKS`, `DATE`, `PRIMARY CATEGORY`, `CATEGORY` (repeated), `TAGS`, …), then
//! sections separated by a line of five dashes, each opening with its name alone on a line
//! (`BODY:`, `EXTENDED BODY:`, `EXCERPT:`, `KEYWORDS:`, `COMMENT:`, `PING:`); a comment or
//! ping section starts with its own fields (`AUTHOR:`, `EMAIL:`, `IP:`, `URL:`, `DATE:`).
//!
//! Read line by line, one entry held at a time: a huge export costs one entry's memory.
//! Commenters' email and IP addresses are never stored. Bytes that are not UTF-8 are read as
//! Windows-1252 (older exports are Latin-1), and the reader says so once.

use super::Source;
use super::wxr::{Channel, Comment, ContentFormat, Item, ItemTerm, Problem, ReadMode, WxrError};
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader, Read};

const ENTRY_END: &str = "--------";
const SECTION_END: &str = "-----";

/// Whether the first bytes of an input look like a Movable Type export: its first line is
/// one of the entry fields, and a section line follows.
pub fn looks_like_mt(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let mut lines = text.lines().map(|l| l.trim_end_matches('\r'));
    let Some(first) = lines.by_ref().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let key = first.split_once(':').map(|(k, _)| k);
    key.is_some_and(|k| FIELDS.contains(&k)) && lines.any(|l| l == SECTION_END || l == ENTRY_END)
}

/// The one-line fields of an entry that this reader knows.
const FIELDS: &[&str] = &[
    "AUTHOR",
    "TITLE",
    "BASENAME",
    "STATUS",
    "ALLOW COMMENTS",
    "ALLOW PINGS",
    "CONVERT BREAKS",
    "DATE",
    "PRIMARY CATEGORY",
    "CATEGORY",
    "TAGS",
    "NO ENTRY",
    "UNIQUE URL",
    "IMAGE",
];

/// The report's reason for a `NO ENTRY` record whose comments went to their entry.
const NO_ENTRY: &str = "comments and pings for another entry (NO ENTRY): written with it";

/// Reads the export in `source` as [`read`] does, and gives the comments and pings of each
/// `NO ENTRY` record to the entry of the same title, wherever in the export it is (found by
/// a first scan, made only when such a record exists).
pub fn read_source(
    source: &Source,
    mode: ReadMode,
    mut on_item: impl FnMut(&Channel, Item) -> bool,
) -> Result<Channel, WxrError> {
    let cannot = |e: std::io::Error| WxrError {
        line: 0,
        post_id: None,
        item_line: None,
        problems: Vec::new(),
        message: format!("cannot read: {e}"),
    };
    let mut orphans: HashMap<String, Vec<Comment>> = HashMap::new();
    let mut titles = HashSet::new();
    if mode == ReadMode::Full && has_no_entry_records(source.open().map_err(cannot)?) {
        // Errors are met again, and reported, by the reading proper.
        let _ = read(source.open().map_err(cannot)?, ReadMode::Full, |_, item| {
            if item.not_a_post.is_some() {
                orphans.entry(item.title).or_default().extend(item.comments);
            } else {
                titles.insert(item.title);
            }
            true
        });
    }
    read(source.open().map_err(cannot)?, mode, |channel, mut item| {
        if item.not_a_post.is_some() {
            item.comments.clear();
            if !titles.contains(&item.title) && mode == ReadMode::Full {
                item.not_a_post = Some(
                    "comments and pings for another entry (NO ENTRY), which is not in this \
                     export: not written"
                        .into(),
                );
            }
        } else if let Some(comments) = orphans.remove(&item.title) {
            item.comments.extend(comments);
        }
        on_item(channel, item)
    })
}

/// Whether any line is `NO ENTRY: 1`.
fn has_no_entry_records<R: Read>(src: R) -> bool {
    BufReader::new(src)
        .split(b'\n')
        .map_while(Result::ok)
        .any(|l| l.trim_ascii() == b"NO ENTRY: 1")
}

/// Reads an export, calling `on_item` with each entry in order (stop early by returning
/// false). The channel has no site data (the format carries none) but the problems met.
pub fn read<R: Read>(
    src: R,
    mode: ReadMode,
    mut on_item: impl FnMut(&Channel, Item) -> bool,
) -> Result<Channel, WxrError> {
    let mut channel = Channel::default();
    let mut src = BufReader::new(src);
    let mut raw = Vec::new();
    let mut entry = Entry::default();
    let mut line_no = 0u64;
    let mut recoded = false;
    // A line of eight dashes met inside a section's text, held back (with the count of blank
    // lines after it) until the next line says whether it ends the entry.
    let mut held: Option<usize> = None;
    loop {
        raw.clear();
        let n = src.read_until(b'\n', &mut raw).map_err(|e| WxrError {
            line: line_no + 1,
            post_id: None,
            item_line: (!entry.is_empty()).then_some(entry.line),
            problems: channel.problems.clone(),
            message: format!("cannot read: {e}"),
        })?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let line = match std::str::from_utf8(&raw) {
            Ok(s) => std::borrow::Cow::Borrowed(s),
            Err(_) => {
                if !recoded {
                    recoded = true;
                    channel.problems.push(Problem {
                        line: line_no,
                        post_id: None,
                        message: "bytes that are not UTF-8: read as Windows-1252".into(),
                    });
                }
                encoding_rs::WINDOWS_1252.decode(&raw).0
            }
        };
        let mut line = line.trim_end_matches(['\n', '\r']);
        if line_no == 1 {
            line = line.trim_start_matches('\u{feff}');
        }
        // A line of eight dashes inside a section's text may be the text's own (a Markdown
        // rule): it ends the entry only where the next line that is not blank starts an
        // entry, or the export ends.
        if let Some(blanks) = held.as_mut() {
            if line.trim().is_empty() {
                *blanks += 1;
                continue;
            }
            let blanks = held.take().unwrap_or_default();
            if !starts_entry(line) {
                entry.push(ENTRY_END, line_no);
                for _ in 0..blanks {
                    entry.push("", line_no);
                }
                if line == ENTRY_END {
                    held = Some(0);
                } else {
                    entry.push(line, line_no);
                }
                continue;
            }
            if !on_item(&channel, std::mem::take(&mut entry).finish(mode)) {
                return Ok(channel);
            }
        }
        if line == ENTRY_END {
            if entry.in_text() {
                held = Some(0);
                continue;
            }
            if !entry.is_empty() && !on_item(&channel, entry.finish(mode)) {
                return Ok(channel);
            }
            entry = Entry::default();
            continue;
        }
        entry.push(line, line_no);
    }
    if held.is_some() {
        on_item(&channel, entry.finish(mode));
        return Ok(channel);
    }
    if !entry.is_empty() {
        channel.problems.push(Problem {
            line: entry.line,
            post_id: None,
            message: "the export ends inside this entry (no closing line of dashes): its text \
                      may be cut short"
                .into(),
        });
        on_item(&channel, entry.finish(mode));
    }
    Ok(channel)
}

/// Where in an entry the next line goes.
#[derive(Default, PartialEq)]
enum Part {
    /// The entry's own fields.
    #[default]
    Fields,
    /// A section whose name line has not come yet (just after `-----`).
    Between,
    Body,
    Extended,
    Excerpt,
    Keywords,
    /// A comment or a ping: its fields first, then its text.
    Comment {
        fields_done: bool,
    },
    /// A section this reader does not know: skipped.
    Other,
}

#[derive(Default)]
struct Entry {
    line: u64,
    part: Part,
    item: Item,
    body: String,
    extended: String,
    excerpt: String,
    keywords: String,
    tags: Vec<String>,
    comment: Option<Comment>,
    /// `NO ENTRY: 1`: the record only carries comments and pings for the entry of the same
    /// title.
    no_entry: bool,
}

/// Whether a line opens an entry: one of the entry fields (`TITLE: …`, `AUTHOR: …`).
fn starts_entry(line: &str) -> bool {
    line.split_once(':')
        .is_some_and(|(k, _)| FIELDS.contains(&k.trim_end()))
}

impl Entry {
    fn is_empty(&self) -> bool {
        self.line == 0
    }

    /// Whether the entry is inside a section's text (a body, an excerpt, a comment's words),
    /// where a line may read like a separator and be text.
    fn in_text(&self) -> bool {
        !matches!(
            self.part,
            Part::Fields | Part::Between | Part::Other | Part::Comment { fields_done: false }
        )
    }

    fn push(&mut self, line: &str, no: u64) {
        if self.line == 0 {
            if line.trim().is_empty() {
                return;
            }
            self.line = no;
            self.item.line = no;
        }
        if line == SECTION_END {
            self.end_comment();
            self.part = Part::Between;
            return;
        }
        match &mut self.part {
            Part::Fields => self.field(line),
            Part::Between => {
                self.part = match line.trim_end() {
                    "BODY:" => Part::Body,
                    "EXTENDED BODY:" => Part::Extended,
                    "EXCERPT:" => Part::Excerpt,
                    "KEYWORDS:" => Part::Keywords,
                    "COMMENT:" | "PING:" => {
                        self.comment = Some(Comment {
                            id: self.item.comments.len() as u64 + 1,
                            approved: "1".into(),
                            comment_type: if line.starts_with("PING") {
                                "trackback".into()
                            } else {
                                String::new()
                            },
                            ..Comment::default()
                        });
                        Part::Comment { fields_done: false }
                    }
                    "" => Part::Between,
                    _ => Part::Other,
                }
            }
            Part::Body => push_line(&mut self.body, line),
            Part::Extended => push_line(&mut self.extended, line),
            Part::Excerpt => push_line(&mut self.excerpt, line),
            Part::Keywords => push_line(&mut self.keywords, line),
            Part::Comment { fields_done } => {
                let Some(c) = self.comment.as_mut() else {
                    return;
                };
                if !*fields_done {
                    if let Some((key, value)) = line.split_once(':') {
                        let value = value.trim();
                        match key {
                            "AUTHOR" | "BLOG NAME" if c.author.is_empty() => {
                                c.author = value.into()
                            }
                            "URL" => c.author_url = value.into(),
                            "DATE" => c.date = wp_date(value).unwrap_or_default(),
                            // Private: read past, never kept.
                            "EMAIL" | "IP" | "TITLE" => {}
                            _ => {
                                *fields_done = true;
                                push_line(&mut c.content, line);
                            }
                        }
                        return;
                    }
                    *fields_done = true;
                }
                push_line(&mut c.content, line);
            }
            Part::Other => {}
        }
    }

    fn field(&mut self, line: &str) {
        let Some((key, value)) = line.split_once(':') else {
            return;
        };
        let value = value.trim();
        let item = &mut self.item;
        match key {
            "AUTHOR" => item.creator = value.into(),
            "TITLE" => item.title = value.into(),
            "BASENAME" => item.post_name = value.into(),
            "UNIQUE URL" => item.link = value.into(),
            "NO ENTRY" => self.no_entry = value == "1",
            // Hatena Blog's eyecatch.
            "IMAGE" => item.featured_image = value.into(),
            "STATUS" => item.status = value.to_ascii_lowercase(),
            "DATE" => item.post_date = wp_date(value).unwrap_or_default(),
            "CONVERT BREAKS" => {
                item.format = match value {
                    // The rich-text editors (TypePad's `wysiwyg`) save HTML.
                    "0" | "wysiwyg" | "richtext" => ContentFormat::Html,
                    v if v.starts_with("markdown") => ContentFormat::Markdown,
                    _ => ContentFormat::Breaks,
                }
            }
            "PRIMARY CATEGORY" | "CATEGORY"
                if !value.is_empty() && !item.terms.iter().any(|t| t.name == value) =>
            {
                item.terms.push(term("category", value));
            }
            "TAGS" => self.tags.extend(split_tags(value)),
            _ => {}
        }
    }

    fn end_comment(&mut self) {
        if let Some(mut c) = self.comment.take() {
            c.content = c.content.trim().to_string();
            self.item.comments.push(c);
        }
    }

    fn finish(mut self, mode: ReadMode) -> Item {
        self.end_comment();
        let mut item = self.item;
        if item.status.is_empty() {
            item.status = "publish".into();
        }
        item.post_type = "post".into();
        if self.no_entry {
            item.not_a_post = Some(NO_ENTRY.into());
        }
        if item.format == ContentFormat::WordPress {
            // `CONVERT BREAKS` defaults to on.
            item.format = ContentFormat::Breaks;
        }
        // Keywords are Movable Type's free-form tags where an entry has no `TAGS` field.
        if self.tags.is_empty() {
            self.tags = split_tags(&self.keywords.replace('\n', ","));
        }
        for t in self.tags {
            if !item
                .terms
                .iter()
                .any(|x| x.domain == "post_tag" && x.name == t)
            {
                item.terms.push(term("post_tag", &t));
            }
        }
        if mode == ReadMode::Full {
            let body = self.body.trim_end();
            let extended = self.extended.trim();
            item.content = if extended.is_empty() {
                body.to_string()
            } else {
                format!("{body}\n<!--more-->\n{extended}")
            };
            item.excerpt = self.excerpt.trim().to_string();
        } else {
            item.comments.clear();
        }
        item
    }
}

fn push_line(s: &mut String, line: &str) {
    s.push_str(line);
    s.push('\n');
}

fn term(domain: &str, name: &str) -> ItemTerm {
    ItemTerm {
        domain: domain.into(),
        nicename: crate::slug::slugify(name, false),
        name: name.into(),
    }
}

/// `TAGS: a, "two words", b` → the tags, quotes off.
fn split_tags(value: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in value.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => tags.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    tags.push(cur);
    tags.into_iter()
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// `MM/DD/YYYY hh:mm:ss AM|PM` (or 24-hour, seconds optional) → `YYYY-MM-DD HH:MM:SS`, the
/// site-local time WordPress exports carry; Movable Type gives no offset.
fn wp_date(value: &str) -> Option<String> {
    let mut parts = value.split_whitespace();
    let date = parts.next()?;
    let time = parts.next().unwrap_or("00:00:00");
    let meridiem = parts.next().map(str::to_ascii_uppercase);
    let mut d = date.split('/').map(|p| p.parse::<u32>().ok());
    let (month, day, year) = (d.next()??, d.next()??, d.next()??);
    let mut t = time.split(':').map(|p| p.parse::<u32>().ok());
    let (mut hour, minute) = (t.next()??, t.next()??);
    let second = t.next().flatten().unwrap_or(0);
    match meridiem.as_deref() {
        Some("PM") if hour < 12 => hour += 12,
        Some("AM") if hour == 12 => hour = 0,
        _ => {}
    }
    let valid = (1..=12).contains(&month)
        && (1..=31).contains(&day)
        && (1000..=9999).contains(&year)
        && hour < 24
        && minute < 60
        && second < 61;
    valid.then(|| format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> (Vec<Item>, Channel) {
        let mut out = Vec::new();
        let channel = read(text.as_bytes(), ReadMode::Full, |_, i| {
            out.push(i);
            true
        })
        .expect("readable");
        (out, channel)
    }

    const EXPORT: &str = "AUTHOR: Melody
TITLE: A \"quoted\" title
BASENAME: a_quoted_title
STATUS: Publish
ALLOW COMMENTS: 1
CONVERT BREAKS: 1
PRIMARY CATEGORY: Travel
CATEGORY: Travel
CATEGORY: Food
TAGS: rome, \"street food\",pasta
DATE: 01/31/2005 10:15:00 PM
-----
BODY:
First paragraph.

Second, with a
line break.
-----
EXTENDED BODY:
The rest of the story.
-----
EXCERPT:
Short.
-----
KEYWORDS:
ignored when TAGS is there
-----
COMMENT:
AUTHOR: Ben
EMAIL: ben@example.com
IP: 10.0.0.1
URL: https://ben.example/
DATE: 02/01/2005 09:00:00 AM
Lovely post.
Really.
-----
PING:
TITLE: A reply
URL: https://other.example/reply
IP: 10.0.0.2
BLOG NAME: Other blog
DATE: 02/02/2005 12:30:00 PM
Excerpt of the reply.
-----
--------
AUTHOR: Melody
TITLE: Draft in Markdown
STATUS: Draft
CONVERT BREAKS: markdown
DATE: 12/24/2006 00:05:00
-----
BODY:
*Soon*.
-----
--------
";

    #[test]
    fn entries_read_into_items() {
        let (items, channel) = items(EXPORT);
        assert!(channel.problems.is_empty(), "{:?}", channel.problems);
        assert_eq!(items.len(), 2);
        let a = &items[0];
        assert_eq!((a.line, a.title.as_str()), (1, "A \"quoted\" title"));
        assert_eq!(
            (a.creator.as_str(), a.post_name.as_str()),
            ("Melody", "a_quoted_title")
        );
        assert_eq!(
            (a.status.as_str(), a.post_type.as_str()),
            ("publish", "post")
        );
        assert_eq!(a.post_date, "2005-01-31 22:15:00");
        assert_eq!(a.format, ContentFormat::Breaks);
        assert_eq!(
            a.content,
            "First paragraph.\n\nSecond, with a\nline break.\n<!--more-->\nThe rest of the story."
        );
        assert_eq!(a.excerpt, "Short.");
        let terms: Vec<(&str, &str)> = a
            .terms
            .iter()
            .map(|t| (t.domain.as_str(), t.name.as_str()))
            .collect();
        assert_eq!(
            terms,
            [
                ("category", "Travel"),
                ("category", "Food"),
                ("post_tag", "rome"),
                ("post_tag", "street food"),
                ("post_tag", "pasta"),
            ]
        );
        let b = &items[1];
        assert_eq!(
            (b.status.as_str(), b.format),
            ("draft", ContentFormat::Markdown)
        );
        assert_eq!(b.post_date, "2006-12-24 00:05:00");
    }

    #[test]
    fn comments_and_pings_keep_no_private_data() {
        let (items, _) = items(EXPORT);
        let c = &items[0].comments;
        assert_eq!(c.len(), 2);
        assert_eq!(
            (c[0].author.as_str(), c[0].author_url.as_str()),
            ("Ben", "https://ben.example/")
        );
        assert_eq!(
            (c[0].date.as_str(), c[0].content.as_str()),
            ("2005-02-01 09:00:00", "Lovely post.\nReally.")
        );
        assert_eq!(
            (c[1].comment_type.as_str(), c[1].author.as_str()),
            ("trackback", "Other blog")
        );
        assert_eq!(c[1].content, "Excerpt of the reply.");
        let all = format!("{:?}", items[0]);
        assert!(
            !all.contains("ben@example.com") && !all.contains("10.0.0."),
            "{all}"
        );
    }

    #[test]
    fn a_cut_export_keeps_its_last_entry_and_says_so() {
        let cut = &EXPORT[..EXPORT.find("*Soon*").expect("in the export")];
        let (items, channel) = items(cut);
        assert_eq!(items.len(), 2);
        assert_eq!(channel.problems.len(), 1);
        assert_eq!(channel.problems[0].line, items[1].line);
    }

    #[test]
    fn a_byte_order_mark_and_blank_lines_among_the_fields_are_passed_over() {
        let (items, _) = items(
            "\u{feff}AUTHOR: Fred \nTITLE: T\n\nCONVERT BREAKS: wysiwyg\nCATEGORY: a: b\n-----\n\
             BODY:\n<p>x</p>\n-----\n\nCOMMENT: \nDATE: 01/02/2003 04:05:06 PM\nIP: 1.2.3.4\n\
             AUTHOR: Ann\nHi.\n\n-----\n--------\n",
        );
        let a = &items[0];
        assert_eq!((a.creator.as_str(), a.title.as_str()), ("Fred", "T"));
        assert_eq!(
            (a.format, a.terms[0].name.as_str()),
            (ContentFormat::Html, "a: b")
        );
        let c = &a.comments[0];
        assert_eq!((c.author.as_str(), c.content.as_str()), ("Ann", "Hi."));
        assert_eq!(c.date, "2003-01-02 16:05:06");
    }

    #[test]
    fn a_line_of_dashes_in_a_body_is_text_unless_an_entry_follows() {
        // A Markdown rule in a body; then an exporter that ends a body without `-----`.
        let (items, channel) = items(
            "TITLE: A\nCONVERT BREAKS: markdown\n-----\nBODY:\nup\n--------\n\ndown\n\
             --------\n--------\nend\n-----\n--------\nTITLE: B\n-----\nBODY:\nb\n--------\n\n\
             AUTHOR: C\nTITLE: C\n-----\nBODY:\nc\n--------\n",
        );
        assert!(channel.problems.is_empty(), "{:?}", channel.problems);
        let bodies: Vec<(&str, &str)> = items
            .iter()
            .map(|i| (i.title.as_str(), i.content.as_str()))
            .collect();
        assert_eq!(
            bodies,
            [
                ("A", "up\n--------\n\ndown\n--------\n--------\nend"),
                ("B", "b"),
                ("C", "c")
            ]
        );
    }

    #[test]
    fn latin1_bytes_are_read_and_reported() {
        let (items, channel) = {
            let bytes = b"TITLE: Caf\xe9\n-----\nBODY:\nx\n-----\n--------\n";
            let mut out = Vec::new();
            let channel = read(&bytes[..], ReadMode::Full, |_, i| {
                out.push(i);
                true
            })
            .expect("readable");
            (out, channel)
        };
        assert_eq!(items[0].title, "Café");
        assert_eq!(channel.problems.len(), 1);
    }

    #[test]
    fn dates_in_every_spelling() {
        assert_eq!(
            wp_date("01/31/2005 10:15:00 PM").as_deref(),
            Some("2005-01-31 22:15:00")
        );
        assert_eq!(
            wp_date("01/31/2005 12:05:00 AM").as_deref(),
            Some("2005-01-31 00:05:00")
        );
        assert_eq!(
            wp_date("7/4/2010 12:30 PM").as_deref(),
            Some("2010-07-04 12:30:00")
        );
        assert_eq!(
            wp_date("12/24/2006 23:59:59").as_deref(),
            Some("2006-12-24 23:59:59")
        );
        assert_eq!(wp_date("31/12/2006 10:00:00"), None);
        assert_eq!(wp_date("soon"), None);
    }

    #[test]
    fn sniffs_by_content() {
        assert!(looks_like_mt(EXPORT.as_bytes()));
        assert!(looks_like_mt(
            b"\n\nTITLE: x\nSTATUS: Draft\n-----\nBODY:\n"
        ));
        assert!(!looks_like_mt(b"Title: my notes\nsome text\n"));
        assert!(!looks_like_mt(b"<?xml version=\"1.0\"?><rss/>"));
    }
}
