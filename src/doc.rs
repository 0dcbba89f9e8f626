//! The document model every stage shares: readers produce it, transforms rewrite it, renderers
//! print it. Keeping one model means a WXR item and a scraped page end up in the same Markdown.

use std::fmt;

/// One post or page, from any source, ready to be rendered.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Post {
    pub meta: Meta,
    pub body: Vec<Block>,
    /// The source the body was converted from, for the loss check (none for scraped text,
    /// which has no markup to compare with).
    pub original: Option<Box<crate::check::Original>>,
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
    /// Approved comments in thread order (a reply follows its parent), when the user asked
    /// for them in front matter.
    pub comments: Vec<Comment>,
}

/// A published comment. Only what a site shows: never an email or an IP address.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comment {
    pub id: u64,
    /// Id of the comment this one replies to; 0 for a top-level comment.
    pub parent: u64,
    pub author: String,
    pub author_url: Option<String>,
    pub date: Option<DateTime>,
    /// `comment`, `pingback` or `trackback`.
    pub kind: String,
    /// The comment text as Markdown.
    pub body: String,
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
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
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
//
// The body model sits between HTML and Markdown so that both ends stay simple: the HTML walker
// only has to decide *what* something is, and the renderer alone knows Markdown's escaping and
// indentation rules. Later passes (link and media rewriting) walk it, so every URL lives in an
// explicit field of a `Link`, `Image` or `Embed` and never inside a string of markup.
//
// Invariants the converter keeps (the renderer copes without them, but output is nicer):
// text is whitespace-collapsed, inline elements never start or end with a space, empty inline
// elements are removed, and nesting depth is capped, so recursive walks are safe.

/// A block-level element of the post body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A run of inline content; the unit Markdown separates with blank lines.
    Paragraph(Vec<Inline>),
    /// Section titles keep their level (1–6) so the outline survives; always ATX on output
    /// because setext cannot express levels 3–6 and is fragile next to lists.
    Heading { level: u8, content: Vec<Inline> },
    /// Preformatted text kept byte for byte; `lang` is the highlighter language found in any
    /// of the conventions WordPress plugins use, lower-cased, so fences get an info string.
    CodeBlock { lang: Option<String>, code: String },
    /// Quoted material; holds blocks because quotes contain lists, code and other quotes.
    BlockQuote(Vec<Block>),
    /// Bulleted or numbered list. `start` matters only when `ordered`; `tight` records whether
    /// items are rendered without blank lines (HTML has no such notion, so the converter picks
    /// tight whenever the items allow it).
    List {
        ordered: bool,
        start: u64,
        tight: bool,
        items: Vec<ListItem>,
    },
    /// A thematic break (`<hr>`): a scene change the author marked on purpose.
    Rule,
    /// A table whose cells hold only inline content, as GFM pipe tables require: block
    /// content in a cell is flattened (paragraph breaks become [`Inline::LineBreak`], lists
    /// become [`Inline::Html`] tags around their items) so the table stays a pipe table.
    /// Spans are already expanded into empty cells so every row has `align.len()` cells;
    /// `header` is `None` when the source had no header row (the renderer then invents an
    /// empty one).
    Table {
        align: Vec<Align>,
        header: Option<Vec<Vec<Inline>>>,
        rows: Vec<Vec<Vec<Inline>>>,
        /// The table's `<caption>`, rendered as a paragraph before it.
        caption: Option<Vec<Inline>>,
    },
    /// `<dl>`: no Markdown core syntax exists, so it is its own variant and the renderer picks
    /// an extension syntax or an HTML wrapper by dialect.
    DefinitionList(Vec<DefinitionItem>),
    /// An image (or other content) with a caption, as WordPress's `<figure>` produces; kept
    /// together so a renderer or later pass can treat the caption as belonging to the media.
    Figure {
        content: Vec<Block>,
        caption: Option<Vec<Inline>>,
    },
    /// The text of one footnote (WordPress footnotes block or `.footnotes` list); `label` is
    /// the identifier references use.
    FootnoteDefinition { label: String, content: Vec<Block> },
    /// HTML that has no Markdown equivalent, kept verbatim rather than dropped.
    Html(String),
    /// The summary divider the author placed (WordPress's and Movable Type's `<!--more-->`,
    /// Blogger's jump break): what comes before it is the post's summary on index pages.
    /// Hugo and Zola read `<!--more-->` in the Markdown as the same divider.
    SummaryBreak,
}

/// One entry of a [`Block::List`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ListItem {
    /// `Some` for GFM task items (a leading checkbox), with its checked state.
    pub task: Option<bool>,
    /// The item's content; items hold paragraphs, nested lists and code like any container.
    pub content: Vec<Block>,
}

/// One group of a definition list: the terms that share the following definitions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DefinitionItem {
    /// Several `<dt>` may share definitions; each term is one line of inline content.
    pub terms: Vec<Vec<Inline>>,
    /// Each `<dd>` holds blocks (paragraphs, lists) like any container.
    pub definitions: Vec<Vec<Block>>,
}

/// Column alignment of a table, from `align=` or `text-align` on the first row's cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// No stated alignment: the renderer writes `---` and the site's CSS decides.
    #[default]
    None,
    /// `:--`.
    Left,
    /// `:-:`.
    Center,
    /// `--:`, typical for numbers.
    Right,
}

/// The media kind of an embed; decides the fallback text when raw HTML is not allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EmbedKind {
    /// Third-party players (YouTube, Vimeo, maps): the usual target of an SSG shortcode.
    Iframe,
    /// Self-hosted video; its URL is media a later pass may copy.
    Video,
    /// Self-hosted audio (podcasts), likewise.
    Audio,
    /// `<embed>` / `<object>` plugin content (Flash era): kept so it is visibly missing.
    Object,
}

/// An inline element inside a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    /// Literal text, unescaped; escaping is the renderer's job because it depends on context.
    Text(String),
    /// Stress emphasis (`<em>`, `<i>`).
    Emphasis(Vec<Inline>),
    /// Strong importance (`<strong>`, `<b>`).
    Strong(Vec<Inline>),
    /// Deleted text (`<del>`, `<s>`, `<strike>`): GFM strikethrough.
    Strikethrough(Vec<Inline>),
    /// Inline code; whitespace already collapsed as the browser shows it.
    Code(String),
    /// Keyboard input; Markdown has no syntax of its own so it renders as code unless raw
    /// HTML is preferred, but the distinction is kept for dialects that have one.
    Kbd(String),
    /// A hyperlink. `url` is the `href` exactly as the source wrote it (entity-decoded), so a
    /// later pass can rewrite internal links before rendering.
    Link {
        url: String,
        title: Option<String>,
        content: Vec<Inline>,
    },
    /// An image; `alt` is plain text because Markdown alt text is flattened to text anyway.
    Image {
        url: String,
        alt: String,
        title: Option<String>,
    },
    /// A forced line break (`<br>`).
    LineBreak,
    /// A reference to a [`Block::FootnoteDefinition`] with the same label.
    FootnoteRef(String),
    /// `<sub>`: chemical formulas and indices lose meaning as plain text.
    Subscript(Vec<Inline>),
    /// `<sup>`: exponents, ordinals.
    Superscript(Vec<Inline>),
    /// `<mark>`: highlighted text.
    Mark(Vec<Inline>),
    /// An `<iframe>`, `<video>`, `<audio>` or `<embed>`: kept as a unit with its URL so it is
    /// never dropped silently and never fetched; rendered as HTML or as a link by dialect.
    Embed {
        kind: EmbedKind,
        url: String,
        title: Option<String>,
        /// Attributes worth keeping when the embed is written back as HTML (`width`,
        /// `allowfullscreen`, …), in source order. `src` is not repeated here.
        attrs: Vec<(String, String)>,
    },
    /// Inline HTML with no Markdown equivalent, kept verbatim.
    Html(String),
}

impl Inline {
    /// The inlines this one wraps (a link's text, emphasis's words), for passes that walk
    /// the tree.
    pub fn children(&self) -> Option<&Vec<Inline>> {
        match self {
            Inline::Link { content: c, .. }
            | Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Subscript(c)
            | Inline::Superscript(c)
            | Inline::Mark(c) => Some(c),
            _ => None,
        }
    }

    /// [`Inline::children`], to change.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Link { content: c, .. }
            | Inline::Emphasis(c)
            | Inline::Strong(c)
            | Inline::Strikethrough(c)
            | Inline::Subscript(c)
            | Inline::Superscript(c)
            | Inline::Mark(c) => Some(c),
            _ => None,
        }
    }
}
