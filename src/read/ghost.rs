//! Ghost's JSON export (Settings → Labs/Advanced → Export, Ghost 0.x to 6) → the same
//! [`Item`]s a WordPress export gives, so one pipeline converts both.
//!
//! Every version writes one JSON document: `{"db": [{"meta": {…}, "data": {"posts": […],
//! "tags": […], "posts_tags": […], "users": […], "posts_authors": […], "posts_meta": […],
//! "settings": […], …}}]}`; files made by migration tools for Ghost's importer drop `db`
//! (`{"meta": …, "data": …}`) or even `meta`, and may list a post's tags and authors inside
//! it. A post's body is its `html` as Ghost rendered it; where that is missing it is rendered
//! here from the editor's own document: `lexical` (Ghost 5+), `mobiledoc` (1–4) or
//! `markdown` (0.x), see [`lexical`] and [`mobiledoc`]. Ghost's cards (`kg-*-card`) become
//! plain HTML in [`crate::html::ghost`], for Ghost's own HTML and ours alike.
//!
//! The document is streamed, never held: serde_json reads it through visitors that walk
//! `db → [i] → data → posts` and hand each post on as soon as its object closes, so memory is
//! bounded by the largest post. Tags, authors and the post metadata are tables of their own,
//! usually after the posts, so the source is read twice: first for those small tables, then
//! for the posts.
//!
//! The export does not hold the site's own address (Ghost 4+ writes `__GHOST_URL__` in its
//! place) nor, since Ghost 2, where posts were served (`routes.yaml`). The first reading also
//! scans the posts' bodies for their links to each other, which show both when a site links
//! to itself enough ([`SelfLinks`]); otherwise old addresses and `__GHOST_URL__` become
//! root-relative and posts are taken to have been at Ghost's default `/slug/`.
//!
//! Private data never enters the model: of a user only the name and slug are read (never the
//! email, password hash or social accounts); of the settings only the site title and the old
//! permalink pattern; members, newsletters, sessions and the rest are passed over unread.

pub mod cards;
pub mod lexical;
pub mod mobiledoc;

use super::source::Source;
use super::wxr::{Channel, ContentFormat, Item, ItemTerm, Problem, ReadMode, WxrError};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{self, BufReader, Read};
use std::rc::Rc;

/// Whether the first bytes of an input look like a Ghost export: a JSON object opening with
/// `"db"` and its `"meta"`, or with `"meta"`/`"data"` as Ghost's importer takes them.
pub fn looks_like_ghost(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let text = String::from_utf8_lossy(head);
    let t = text.trim_start();
    if !t.starts_with('{') {
        return false;
    }
    let has = |k: &str| t.contains(k);
    // Ghost's own shape, `{"db": [{"data": …` (its keys sorted, `meta` comes last).
    let shape: String = t.chars().filter(|c| !c.is_whitespace()).take(16).collect();
    shape.starts_with("{\"db\":[{\"data\":")
        || (has("\"db\"") && (has("\"meta\"") || has("\"exported_on\"")))
        || (has("\"exported_on\"") && has("\"data\""))
        || (has("\"data\"")
            && has("\"posts\"")
            && [
                "\"html\"",
                "\"mobiledoc\"",
                "\"lexical\"",
                "\"markdown\"",
                "\"slug\"",
            ]
            .iter()
            .any(|k| has(k)))
}

/// Reads a Ghost export, calling `on_item` with each post and page in document order (stop
/// early by returning false). A damaged file keeps every post before the damage; the error
/// names the JSON path and line where reading stopped.
pub fn read_source(
    source: &Source,
    mode: ReadMode,
    mut on_item: impl FnMut(&Channel, Item) -> bool,
) -> Result<Channel, WxrError> {
    let cannot = |e: io::Error| WxrError {
        line: 0,
        post_id: None,
        item_line: None,
        problems: Vec::new(),
        message: format!("cannot read: {e}"),
    };
    let mut site = Site::default();
    let mut tables = Walk::new(Pass::Tables, mode, &mut site, None);
    // Damage is met again, and reported, by the reading of the posts.
    let damage = tables.run(source.open().map_err(cannot)?).err();
    let unread: Vec<&str> = ["tags", "posts_tags", "users", "posts_authors"]
        .into_iter()
        .filter(|t| !tables.read_whole.iter().any(|r| r == t))
        .collect();
    drop(tables);
    site.url = site.links.site_url(&site.slugs).unwrap_or_default();
    let host = crate::plan::host_key(site.url.split_once("://").map_or("", |(_, h)| h));
    site.route = site
        .links
        .route(&host, &site.post_slugs)
        .unwrap_or_default();
    let mut posts = Walk::new(Pass::Posts, mode, &mut site, Some(&mut on_item));
    if let Some(e) = damage.filter(|_| !unread.is_empty()) {
        posts.problem(
            e.line,
            format!(
                "the export is damaged before the end of its {} tables: posts are written \
                 without the tags and authors they hold",
                unread.join(", ")
            ),
        );
    }
    posts.run(source.open().map_err(cannot)?)?;
    Ok(posts.channel)
}

/// The tables read in the first pass: all small (one row per tag, author or link), none
/// holding content.
#[derive(Default)]
struct Site {
    title: String,
    /// The site's own address (`https://blog.example`), which the export does not hold but
    /// its posts' links to each other show (see [`SelfLinks`]); empty when they do not.
    url: String,
    /// Where posts (not pages) were served when the posts' links show a route other than
    /// `/:slug/` (see [`SelfLinks::route`]); empty when they do not.
    route: String,
    /// Hashes of the slugs of posts and pages, of posts only, and the links in their bodies:
    /// the evidence for `url` and `route`.
    slugs: HashSet<u64>,
    post_slugs: HashSet<u64>,
    links: SelfLinks,
    /// The post permalink pattern of Ghost 0.x and 1.x (`/:year/:month/:day/:slug/`); later
    /// versions route posts in `routes.yaml`, which is not in the export (default `/:slug/`).
    permalinks: String,
    tags: HashMap<u64, Tag>,
    /// Post id → (sort order, tag id).
    post_tags: HashMap<u64, Vec<(i64, u64)>>,
    users: HashMap<u64, User>,
    /// Post id → (sort order, user id).
    post_authors: HashMap<u64, Vec<(i64, u64)>>,
    /// Posts that were only ever sent as a newsletter (`posts_meta.email_only`).
    email_only: HashSet<u64>,
}

struct Tag {
    name: String,
    slug: String,
    /// Ghost's internal tags (`#name`, visibility `internal`) organise themes, not readers.
    internal: bool,
}

struct User {
    name: String,
    slug: String,
}

/// Which pass a walk is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    /// The relation tables and settings, and the posts' slugs and links (see
    /// [`SelfLinks`]); the rest of the posts passed over.
    Tables,
    /// The posts; the tables passed over.
    Posts,
}

/// Where in the document the walk is, for error messages (a minified export is one line, so
/// the line alone would not say which post).
#[derive(Default, Clone)]
struct Path {
    db: Option<usize>,
    table: Option<String>,
    index: Option<usize>,
    field: Option<String>,
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(i) = self.db {
            parts.push(format!("db[{i}]"));
        }
        if let Some(t) = &self.table {
            parts.push(format!("data.{t}"));
        }
        let mut s = parts.join(".");
        if let Some(i) = self.index {
            s.push_str(&format!("[{i}]"));
        }
        if let Some(k) = &self.field {
            s.push('.');
            s.push_str(k);
        }
        if s.is_empty() {
            s.push_str("the top level");
        }
        f.write_str(&s)
    }
}

type OnItem<'f> = &'f mut dyn FnMut(&Channel, Item) -> bool;

/// One reading of the document.
struct Walk<'s, 'f> {
    pass: Pass,
    mode: ReadMode,
    site: &'s mut Site,
    on_item: Option<OnItem<'f>>,
    channel: Channel,
    /// Newlines the parser has consumed (see [`Lines`]).
    line: Rc<Cell<u64>>,
    path: Path,
    /// Line where the post being read starts.
    post_line: Option<u64>,
    /// The tables read to their end.
    read_whole: Vec<String>,
    saw_data: bool,
    /// `on_item` asked to stop: the walk unwinds with an error that is not one.
    stopped: bool,
}

/// The error a walk unwinds with when `on_item` asks it to stop.
const STOP: &str = "unpress: reading stopped";

impl<'s, 'f> Walk<'s, 'f> {
    fn new(pass: Pass, mode: ReadMode, site: &'s mut Site, on_item: Option<OnItem<'f>>) -> Self {
        let channel = Channel {
            title: site.title.clone(),
            link: site.url.clone(),
            ..Channel::default()
        };
        Walk {
            pass,
            mode,
            site,
            on_item,
            channel,
            line: Rc::new(Cell::new(1)),
            path: Path::default(),
            post_line: None,
            read_whole: Vec::new(),
            saw_data: false,
            stopped: false,
        }
    }

    fn problem(&mut self, line: u64, message: String) {
        self.channel.problems.push(Problem {
            line,
            post_id: None,
            message,
        });
    }

    fn run(&mut self, src: Box<dyn Read + Send>) -> Result<(), WxrError> {
        let reader = Lines {
            inner: BufReader::with_capacity(256 << 10, src),
            line: Rc::clone(&self.line),
        };
        let mut de = serde_json::Deserializer::from_reader(reader);
        let result = de
            .deserialize_any(RootVisitor(self))
            .and_then(|()| de.end());
        match result {
            Ok(()) if self.saw_data => Ok(()),
            Ok(()) => Err(self.error(
                1,
                "not a Ghost export: no \"db\" or \"data\" with posts at the top level".into(),
            )),
            Err(_) if self.stopped => Ok(()),
            Err(e) => {
                let line = e.line() as u64;
                let what = if e.is_eof() {
                    "the export is truncated"
                } else if e.is_io() {
                    "cannot read the export"
                } else {
                    "malformed JSON"
                };
                let message = format!("{what} in {}: {e}", self.path);
                Err(self.error(line, message))
            }
        }
    }

    fn error(&self, line: u64, message: String) -> WxrError {
        WxrError {
            line,
            post_id: None,
            item_line: self.post_line,
            problems: self.channel.problems.clone(),
            message,
        }
    }

    fn stop<E: de::Error>(&mut self) -> E {
        self.stopped = true;
        E::custom(STOP)
    }
}

/// Counts the newlines the JSON parser consumes. serde_json reads its input a byte at a
/// time, so the count is exact when a visitor asks (a post is named by the line its `{` is
/// on).
struct Lines<R> {
    inner: R,
    line: Rc<Cell<u64>>,
}

impl<R: Read> Read for Lines<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let newlines = buf[..n].iter().filter(|&&b| b == b'\n').count() as u64;
        if newlines > 0 {
            self.line.set(self.line.get() + newlines);
        }
        Ok(n)
    }
}

/// A JSON value read for what it says, whatever its type: files from migration tools put
/// numbers where Ghost writes strings (ids, dates) and a wrong type must not cost a post.
#[derive(Debug, Clone, Default, PartialEq)]
enum Loose {
    #[default]
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    /// An array or object where a scalar was expected: passed over.
    Other,
}

impl Loose {
    fn text(&self) -> String {
        match self {
            Loose::Str(s) => s.clone(),
            Loose::Int(i) => i.to_string(),
            Loose::Float(f) if f.is_finite() => f.to_string(),
            _ => String::new(),
        }
    }

    fn into_text(self) -> String {
        match self {
            Loose::Str(s) => s,
            other => other.text(),
        }
    }

    fn truthy(&self) -> bool {
        match self {
            Loose::Bool(b) => *b,
            Loose::Int(i) => *i != 0,
            Loose::Float(f) => *f != 0.0,
            Loose::Str(s) => matches!(s.trim(), "true" | "1"),
            _ => false,
        }
    }

    fn int(&self) -> i64 {
        match self {
            Loose::Int(i) => i64::try_from(*i).unwrap_or(0),
            Loose::Float(f) if f.is_finite() => *f as i64,
            Loose::Str(s) => s.trim().parse().unwrap_or(0),
            _ => 0,
        }
    }
}

impl<'de> de::Deserialize<'de> for Loose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Loose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any JSON value")
            }
            fn visit_bool<E>(self, v: bool) -> Result<Loose, E> {
                Ok(Loose::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Loose, E> {
                Ok(Loose::Int(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Loose, E> {
                Ok(Loose::Int(v.into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Loose, E> {
                Ok(Loose::Float(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<Loose, E> {
                Ok(Loose::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Loose, E> {
                Ok(Loose::Str(v))
            }
            fn visit_unit<E>(self) -> Result<Loose, E> {
                Ok(Loose::Null)
            }
            fn visit_none<E>(self) -> Result<Loose, E> {
                Ok(Loose::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Loose, D::Error> {
                de::Deserialize::deserialize(d)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Loose, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Loose, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Loose::Other)
            }
        }
        d.deserialize_any(V)
    }
}

/// The key an id is filed under: ids are 24-hex strings (Ghost 1+), integers (0.x) or
/// anything a migration tool made up, and relation tables may spell one as the other.
fn id_key(id: &Loose) -> Option<u64> {
    let s = id.text();
    let s = s.trim();
    (!s.is_empty()).then(|| crate::plan::hash_str(s))
}

/// A table row as the fields `N` names, in that order (anything else in the row passed over
/// unread); a row that is not an object gives nulls.
struct Row<const N: usize>(&'static [&'static str; N]);

impl<'de, const N: usize> DeserializeSeed<'de> for Row<N> {
    type Value = [Loose; N];
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for Row<N> {
    type Value = [Loose; N];
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a table row")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out: [Loose; N] = std::array::from_fn(|_| Loose::Null);
        while let Some(key) = map.next_key::<String>()? {
            match self.0.iter().position(|k| *k == key) {
                Some(i) => out[i] = map.next_value()?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(out)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(std::array::from_fn(|_| Loose::Null))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(std::array::from_fn(|_| Loose::Null))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(std::array::from_fn(|_| Loose::Null))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(std::array::from_fn(|_| Loose::Null))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(std::array::from_fn(|_| Loose::Null))
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(std::array::from_fn(|_| Loose::Null))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(std::array::from_fn(|_| Loose::Null))
    }
}

/// A post's inline `tags` or `authors` (import files): names, or objects with a name and a
/// slug (an author's email is passed over unread).
#[derive(Default)]
struct Names(Vec<(String, String)>);

impl<'de> de::Deserialize<'de> for Names {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Names;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of names")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Names, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = seq.next_element_seed(Row(&["name", "slug"]))? {
                    let [name, slug] = entry;
                    if !name.text().trim().is_empty() {
                        out.push((name.text().trim().to_string(), slug.text()));
                    }
                }
                Ok(Names(out))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Names, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Names::default())
            }
            fn visit_bool<E>(self, _: bool) -> Result<Names, E> {
                Ok(Names::default())
            }
            fn visit_i64<E>(self, _: i64) -> Result<Names, E> {
                Ok(Names::default())
            }
            fn visit_u64<E>(self, _: u64) -> Result<Names, E> {
                Ok(Names::default())
            }
            fn visit_f64<E>(self, _: f64) -> Result<Names, E> {
                Ok(Names::default())
            }
            fn visit_str<E>(self, _: &str) -> Result<Names, E> {
                Ok(Names::default())
            }
            fn visit_unit<E>(self) -> Result<Names, E> {
                Ok(Names::default())
            }
        }
        d.deserialize_any(V)
    }
}

/// The document: an object with `db` (or `data`); anything else is read through and found
/// to be no Ghost export.
struct RootVisitor<'w, 's, 'f>(&'w mut Walk<'s, 'f>);

impl<'de> Visitor<'de> for RootVisitor<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a Ghost export (a JSON object with \"db\" or \"data\")")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let walk = self.0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "db" => map.next_value_seed(DbSeed(&mut *walk))?,
                "data" => map.next_value_seed(DataSeed(&mut *walk))?,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// A seed that is its own visitor: it takes whatever JSON value comes and walks it. Every
/// level of the export's tree is one, so the walk streams without building the document.
macro_rules! seed_is_its_visitor {
    ($t:ty) => {
        impl<'de> DeserializeSeed<'de> for $t {
            type Value = ();
            fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
                d.deserialize_any(self)
            }
        }
    };
}

struct DbSeed<'w, 's, 'f>(&'w mut Walk<'s, 'f>);

seed_is_its_visitor!(DbSeed<'_, '_, '_>);

impl<'de> Visitor<'de> for DbSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the list of databases")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let walk = self.0;
        let mut i = 0;
        loop {
            walk.path = Path {
                db: Some(i),
                ..Path::default()
            };
            if seq.next_element_seed(DbEntrySeed(&mut *walk))?.is_none() {
                break;
            }
            i += 1;
        }
        walk.path = Path::default();
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        // `"db": {"meta": …, "data": …}` without the list: read it the same.
        self.0.path.db = Some(0);
        DbEntrySeed(self.0).visit_map(map)
    }
}

struct DbEntrySeed<'w, 's, 'f>(&'w mut Walk<'s, 'f>);

seed_is_its_visitor!(DbEntrySeed<'_, '_, '_>);

impl<'de> Visitor<'de> for DbEntrySeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object with \"meta\" and \"data\"")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let walk = self.0;
        while let Some(key) = map.next_key::<String>()? {
            if key == "data" {
                map.next_value_seed(DataSeed(&mut *walk))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

struct DataSeed<'w, 's, 'f>(&'w mut Walk<'s, 'f>);

seed_is_its_visitor!(DataSeed<'_, '_, '_>);

impl<'de> Visitor<'de> for DataSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the export's tables")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let walk = self.0;
        walk.saw_data = true;
        while let Some(key) = map.next_key::<String>()? {
            walk.path.table = Some(key.clone());
            walk.path.index = None;
            walk.path.field = None;
            let table = match (walk.pass, key.as_str()) {
                (_, "posts") => Some(Table::Posts),
                (Pass::Tables, "tags") => Some(Table::Tags),
                (Pass::Tables, "posts_tags") => Some(Table::PostsTags),
                (Pass::Tables, "users") => Some(Table::Users),
                (Pass::Tables, "posts_authors") => Some(Table::PostsAuthors),
                (Pass::Tables, "posts_meta") => Some(Table::PostsMeta),
                (Pass::Tables, "settings") => Some(Table::Settings),
                _ => None,
            };
            match table {
                Some(t) => map.next_value_seed(TableSeed(&mut *walk, t))?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            walk.read_whole.push(key);
        }
        walk.path.table = None;
        walk.path.index = None;
        walk.path.field = None;
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Posts,
    Tags,
    PostsTags,
    Users,
    PostsAuthors,
    PostsMeta,
    Settings,
}

struct TableSeed<'w, 's, 'f>(&'w mut Walk<'s, 'f>, Table);

seed_is_its_visitor!(TableSeed<'_, '_, '_>);

impl<'de> Visitor<'de> for TableSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a table (a list of rows)")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let TableSeed(walk, table) = self;
        let mut i = 0usize;
        loop {
            walk.path.index = Some(i);
            walk.path.field = None;
            let more = match table {
                Table::Posts if walk.pass == Pass::Tables => {
                    seq.next_element_seed(ScanSeed(&mut *walk.site))?.is_some()
                }
                Table::Posts => seq.next_element_seed(PostSeed(&mut *walk))?.is_some(),
                Table::Tags => {
                    match seq.next_element_seed(Row(&["id", "name", "slug", "visibility"]))? {
                        Some([id, name, slug, visibility]) => {
                            if let Some(key) = id_key(&id) {
                                let name = name.into_text().trim().to_string();
                                let internal =
                                    name.starts_with('#') || visibility.text() == "internal";
                                let slug = slug.into_text();
                                walk.site.tags.insert(
                                    key,
                                    Tag {
                                        name,
                                        slug,
                                        internal,
                                    },
                                );
                            }
                            true
                        }
                        None => false,
                    }
                }
                Table::PostsTags | Table::PostsAuthors => {
                    let fields: &'static [&'static str; 3] = if table == Table::PostsTags {
                        &["post_id", "tag_id", "sort_order"]
                    } else {
                        &["post_id", "author_id", "sort_order"]
                    };
                    match seq.next_element_seed(Row(fields))? {
                        Some([post, target, order]) => {
                            if let (Some(p), Some(t)) = (id_key(&post), id_key(&target)) {
                                let map = if table == Table::PostsTags {
                                    &mut walk.site.post_tags
                                } else {
                                    &mut walk.site.post_authors
                                };
                                map.entry(p).or_default().push((order.int(), t));
                            }
                            true
                        }
                        None => false,
                    }
                }
                Table::Users => match seq.next_element_seed(Row(&["id", "name", "slug"]))? {
                    Some([id, name, slug]) => {
                        if let Some(key) = id_key(&id) {
                            let user = User {
                                name: name.into_text().trim().to_string(),
                                slug: slug.into_text().trim().to_string(),
                            };
                            walk.site.users.insert(key, user);
                        }
                        true
                    }
                    None => false,
                },
                Table::PostsMeta => match seq.next_element_seed(Row(&["post_id", "email_only"]))? {
                    Some([post, email_only]) => {
                        if let Some(p) = id_key(&post)
                            && email_only.truthy()
                        {
                            walk.site.email_only.insert(p);
                        }
                        true
                    }
                    None => false,
                },
                Table::Settings => match seq.next_element_seed(Row(&["key", "value"]))? {
                    Some([key, value]) => {
                        match key.text().as_str() {
                            "title" => walk.site.title = value.into_text().trim().to_string(),
                            "permalinks" => walk.site.permalinks = value.into_text(),
                            _ => {}
                        }
                        true
                    }
                    None => false,
                },
            };
            if !more {
                break;
            }
            i += 1;
        }
        walk.path.index = None;
        walk.path.field = None;
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let line = self.0.line.get();
        let path = self.0.path.clone();
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        if self.1 == Table::Posts {
            self.0.problem(
                line,
                format!("{path} is an object, not a list of posts: passed over"),
            );
        }
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
}

/// Links in the posts' bodies, by the host they point at (none for `__GHOST_URL__`, which is
/// the site itself), the path before their last segment, and that segment:
/// `https://blog.example/2019/05/a-post/` → `blog.example`, `/2019/05/`, `a-post`.
#[derive(Default)]
struct SelfLinks {
    /// (host without `www.`, path prefix, hash of the last path segment) → links.
    seen: HashMap<(String, String, u64), u32>,
    /// Host without `www.` → each `scheme://host` spelling seen → links.
    spellings: HashMap<String, HashMap<String, u32>>,
}

/// Distinct links kept as evidence: enough to see a site's links to itself, bounded however
/// many links a huge export holds.
const MAX_LINK_KEYS: usize = 100_000;

/// The stand-in Ghost 4+ writes for the site's own address.
const PLACEHOLDER: &str = "__GHOST_URL__";

impl SelfLinks {
    fn scan(&mut self, text: &str) {
        let mut rest = text;
        loop {
            let url_at = rest.find("://");
            let own_at = rest.find(PLACEHOLDER);
            let (at, own) = match (url_at, own_at) {
                (Some(u), Some(o)) if o < u => (o, true),
                (Some(u), _) => (u, false),
                (None, Some(o)) => (o, true),
                (None, None) => return,
            };
            let skip = if own { PLACEHOLDER.len() } else { 3 };
            let after = &rest[at + skip..];
            let end = after
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | '\\')
                })
                .unwrap_or(after.len());
            let url = &after[..end];
            // The letters before `://`, counted in bytes: ASCII letters are one byte each,
            // so this lands on a character boundary whatever comes before them.
            let scheme_at = at
                - rest.as_bytes()[..at]
                    .iter()
                    .rev()
                    .take_while(|b| b.is_ascii_alphabetic())
                    .count();
            let scheme = rest[scheme_at..at].to_ascii_lowercase();
            rest = &after[end..];
            if own {
                self.record("", None, url);
                continue;
            }
            if scheme != "http" && scheme != "https" {
                continue;
            }
            let (host, path) = url.split_once('/').unwrap_or((url, ""));
            let host = host.to_ascii_lowercase();
            let plausible = host.contains('.')
                && host
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:".contains(c));
            if plausible {
                let spelling = format!("{scheme}://{host}");
                self.record(
                    &crate::plan::host_key(&host),
                    Some(spelling),
                    &format!("/{path}"),
                );
            }
        }
    }

    fn record(&mut self, host: &str, spelling: Option<String>, path: &str) {
        let path = path.split(['?', '#']).next().unwrap_or("");
        let Some(segment) = path.split('/').rfind(|s| !s.is_empty()) else {
            return;
        };
        let prefix = &path[..path.rfind(segment).unwrap_or(0)];
        let slot = (
            host.to_string(),
            prefix.to_string(),
            crate::plan::hash_str(segment),
        );
        if self.seen.len() >= MAX_LINK_KEYS && !self.seen.contains_key(&slot) {
            return;
        }
        *self.seen.entry(slot).or_default() += 1;
        if let Some(s) = spelling {
            *self
                .spellings
                .entry(host.to_string())
                .or_default()
                .entry(s)
                .or_default() += 1;
        }
    }

    /// The site's address, if the posts link to it clearly: one host whose links end in the
    /// slugs of this export's posts at least three times, to at least two of them, and twice
    /// as often as any other host's do.
    fn site_url(&self, slugs: &HashSet<u64>) -> Option<String> {
        let mut by_host: HashMap<&str, (u32, HashSet<u64>)> = HashMap::new();
        for ((host, _, segment), n) in &self.seen {
            if !host.is_empty() && slugs.contains(segment) {
                let e = by_host.entry(host.as_str()).or_default();
                e.0 += n;
                e.1.insert(*segment);
            }
        }
        let mut ranked: Vec<(&str, u32, usize)> = by_host
            .into_iter()
            .map(|(h, (n, s))| (h, n, s.len()))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let (host, links, slugs_hit) = *ranked.first()?;
        let runner_up = ranked.get(1).map_or(0, |r| r.1);
        if links < 3 || slugs_hit < 2 || links < 2 * runner_up {
            return None;
        }
        let mut spellings: Vec<(&String, &u32)> = self.spellings.get(host)?.iter().collect();
        // The most used spelling; on a tie, https and the shorter host.
        spellings.sort_by(|a, b| {
            b.1.cmp(a.1)
                .then(b.0.starts_with("https").cmp(&a.0.starts_with("https")))
                .then(a.0.len().cmp(&b.0.len()))
                .then(a.0.cmp(b.0))
        });
        spellings.first().map(|(s, _)| (*s).clone())
    }

    /// Where the site served its posts, when its own links show a route other than Ghost's
    /// default `/:slug/` (a `routes.yaml` of `/blog/{slug}/`, say, which the export does
    /// not hold): a permalink pattern, from the links to the site (`__GHOST_URL__` or
    /// `site`, its host without `www.`) that end in a post's slug, if one prefix holds at
    /// least three of them, to at least two posts, and two thirds of all. Number segments
    /// are the date (`/2019/05/` → `/:year/:month/`).
    fn route(&self, site: &str, posts: &HashSet<u64>) -> Option<String> {
        let mut by_prefix: HashMap<String, (u32, HashSet<u64>)> = HashMap::new();
        let mut total = 0;
        for ((host, prefix, segment), n) in &self.seen {
            if (host.is_empty() || host == site) && posts.contains(segment) {
                let Some(pattern) = date_pattern(prefix) else {
                    continue;
                };
                let e = by_prefix.entry(pattern).or_default();
                e.0 += n;
                e.1.insert(*segment);
                total += n;
            }
        }
        let mut ranked: Vec<(String, u32, usize)> = by_prefix
            .into_iter()
            .map(|(p, (n, s))| (p, n, s.len()))
            .collect();
        ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let (prefix, links, posts_hit) = ranked.into_iter().next()?;
        (links >= 3 && posts_hit >= 2 && links * 3 >= total * 2 && prefix != "/")
            .then(|| format!("{prefix}:slug/"))
    }
}

/// A path prefix with its number segments read as a date: `/2019/05/` → `/:year/:month/`,
/// `/blog/` as it is; `None` for more than three number segments.
fn date_pattern(prefix: &str) -> Option<String> {
    let names = [":year", ":month", ":day"];
    let mut n = 0;
    let mut out = String::from("/");
    for seg in prefix.split('/').filter(|s| !s.is_empty()) {
        if seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(names.get(n)?);
            n += 1;
        } else {
            out.push_str(seg);
        }
        out.push('/');
    }
    Some(out)
}

/// A post as the first pass reads it: its slug and the links in its body, nothing kept.
struct ScanSeed<'a>(&'a mut Site);

seed_is_its_visitor!(ScanSeed<'_>);

impl<'de> Visitor<'de> for ScanSeed<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a post")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let site = self.0;
        let (mut slug, mut kind, mut page) = (Loose::Null, Loose::Null, Loose::Null);
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "slug" => slug = map.next_value()?,
                "type" => kind = map.next_value()?,
                "page" => page = map.next_value()?,
                "html" | "lexical" | "mobiledoc" | "markdown" => {
                    map.next_value_seed(Scan(&mut site.links))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let slug = slug.text();
        if !slug.trim().is_empty() {
            let key = crate::plan::hash_str(slug.trim());
            site.slugs.insert(key);
            let kind = kind.text();
            if kind == "post" || kind.is_empty() && !page.truthy() {
                site.post_slugs.insert(key);
            }
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// A body read for its links, nothing kept.
struct Scan<'a>(&'a mut SelfLinks);

seed_is_its_visitor!(Scan<'_>);

impl<'de> Visitor<'de> for Scan<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a post body")
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        if v.contains("://") {
            self.0.scan(v);
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
}

/// One post as the export has it, before it becomes an [`Item`].
#[derive(Default)]
struct Raw {
    id: Loose,
    title: Loose,
    slug: Loose,
    kind: Loose,
    page: Loose,
    status: Loose,
    visibility: Loose,
    html: Loose,
    lexical: Loose,
    mobiledoc: Loose,
    markdown: Loose,
    feature_image: Loose,
    /// `image`: Ghost 0.x's name for the feature image.
    image: Loose,
    custom_excerpt: Loose,
    canonical_url: Loose,
    codeinjection_head: Loose,
    codeinjection_foot: Loose,
    author_id: Loose,
    created_at: Loose,
    updated_at: Loose,
    published_at: Loose,
    tags: Names,
    authors: Names,
}

struct PostSeed<'w, 's, 'f>(&'w mut Walk<'s, 'f>);

seed_is_its_visitor!(PostSeed<'_, '_, '_>);

impl PostSeed<'_, '_, '_> {
    fn not_a_post<E>(self, what: &str) -> Result<(), E> {
        let line = self.0.line.get();
        let path = self.0.path.clone();
        self.0
            .problem(line, format!("{path} is {what}, not a post: passed over"));
        Ok(())
    }
}

impl<'de> Visitor<'de> for PostSeed<'_, '_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a post")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let walk = self.0;
        let line = walk.line.get();
        walk.post_line = Some(line);
        let full = walk.mode == ReadMode::Full;
        let mut raw = Raw::default();
        while let Some(key) = map.next_key::<String>()? {
            let slot = match key.as_str() {
                "id" => Some(&mut raw.id),
                "title" => Some(&mut raw.title),
                "slug" => Some(&mut raw.slug),
                "type" => Some(&mut raw.kind),
                "page" => Some(&mut raw.page),
                "status" => Some(&mut raw.status),
                "visibility" => Some(&mut raw.visibility),
                "html" if full => Some(&mut raw.html),
                "lexical" if full => Some(&mut raw.lexical),
                "mobiledoc" if full => Some(&mut raw.mobiledoc),
                "markdown" if full => Some(&mut raw.markdown),
                "feature_image" => Some(&mut raw.feature_image),
                "image" => Some(&mut raw.image),
                "custom_excerpt" => Some(&mut raw.custom_excerpt),
                "canonical_url" => Some(&mut raw.canonical_url),
                "codeinjection_head" => Some(&mut raw.codeinjection_head),
                "codeinjection_foot" => Some(&mut raw.codeinjection_foot),
                "author_id" => Some(&mut raw.author_id),
                "created_at" => Some(&mut raw.created_at),
                "updated_at" => Some(&mut raw.updated_at),
                "published_at" => Some(&mut raw.published_at),
                _ => None,
            };
            walk.path.field = Some(key.clone());
            match slot {
                Some(slot) => *slot = map.next_value()?,
                None if key == "tags" => raw.tags = map.next_value()?,
                None if key == "authors" => raw.authors = map.next_value()?,
                None => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        walk.path.field = None;
        let index = walk.path.index.unwrap_or(0);
        let item = walk.item(raw, line, index);
        walk.post_line = None;
        let keep_going = match walk.on_item.as_mut() {
            Some(f) => f(&walk.channel, item),
            None => true,
        };
        if keep_going { Ok(()) } else { Err(walk.stop()) }
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.not_a_post("a list")
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        self.not_a_post("a string")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        self.not_a_post("a boolean")
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        self.not_a_post("a number")
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        self.not_a_post("a number")
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        self.not_a_post("a number")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.not_a_post("null")
    }
}

impl Walk<'_, '_> {
    /// The item for one post: its fields, its tables' tags and authors, its body.
    fn item(&mut self, raw: Raw, line: u64, index: usize) -> Item {
        let id = raw.id.text().trim().to_string();
        let key = id_key(&raw.id);
        // Ghost's titles, excerpts and tag names are plain text, where WordPress's (which the
        // rest of the pipeline reads) are HTML: `<` and `&` are escaped so they stay text.
        let mut item = Item {
            line,
            title: plain(raw.title.text().trim()),
            guid: id,
            post_name: raw.slug.text().trim().to_string(),
            format: ContentFormat::Html,
            ..Item::default()
        };
        let kind = raw.kind.text().trim().to_ascii_lowercase();
        item.post_type = match kind.as_str() {
            "" if raw.page.truthy() => "page".into(),
            "" => "post".into(),
            _ => kind,
        };

        let raw_status = raw.status.text().trim().to_ascii_lowercase();
        let email_only = key.is_some_and(|k| self.site.email_only.contains(&k));
        item.status = match raw_status.as_str() {
            "published" if email_only => "sent".into(),
            "published" => "publish".into(),
            // Ghost's own default for a post saved without one.
            "" | "draft" => "draft".into(),
            "scheduled" => "future".into(),
            other => other.to_string(),
        };
        if item.status == "sent" {
            item.status = "draft".into();
            item.notes.push(
                "sent as an email newsletter only, never published on the Ghost site: written \
                 as a draft"
                    .into(),
            );
        }
        let visibility = raw.visibility.text().trim().to_ascii_lowercase();
        if !matches!(visibility.as_str(), "" | "public") {
            let who = match visibility.as_str() {
                "members" => "members-only".to_string(),
                "paid" => "for paid members only".to_string(),
                "tiers" => "for some membership tiers only".to_string(),
                other => format!("visible to '{other}' only"),
            };
            if item.status == "publish" {
                item.status = "draft".into();
                item.notes.push(format!(
                    "{who} in Ghost: written as a draft, to publish by choice"
                ));
            } else {
                item.notes.push(format!("{who} in Ghost"));
            }
        }

        let published = utc(&raw.published_at);
        let created = utc(&raw.created_at);
        if let Some(date) = published.as_ref().or(created.as_ref()) {
            item.post_date = date.clone();
            item.post_date_gmt = date.clone();
        }
        if let Some(date) = utc(&raw.updated_at) {
            item.post_modified = date.clone();
            item.post_modified_gmt = date;
        }

        for (name, slug) in self.tags_of(key, raw.tags) {
            item.terms.push(ItemTerm {
                domain: "post_tag".into(),
                nicename: if slug.is_empty() {
                    crate::slug::slugify(&name, false)
                } else {
                    slug
                },
                name: plain(&name),
            });
        }
        let authors = self.authors_of(key, &raw.author_id, raw.authors);
        item.creator = authors
            .iter()
            .map(|u| u.0.as_str())
            .collect::<Vec<_>>()
            .join(", ");

        if item.status == "publish" && !item.post_name.is_empty() {
            item.link = if item.post_type == "post" {
                self.permalink(&item, published.as_deref(), authors.first())
            } else {
                format!("{}/{}/", self.site.url, item.post_name)
            };
        }
        item.featured_image = [raw.feature_image, raw.image]
            .into_iter()
            .map(|v| resolve(v.text().trim(), &self.site.url))
            .find(|u| !u.is_empty())
            .unwrap_or_default();
        item.excerpt = plain(raw.custom_excerpt.text().trim());

        let canonical = resolve(raw.canonical_url.text().trim(), &self.site.url);
        if !canonical.is_empty() {
            item.notes.push(format!(
                "Ghost canonical URL {canonical} not written (the front matter has no field for \
                 it)"
            ));
        }
        let injected: Vec<&str> = [
            ("head", &raw.codeinjection_head),
            ("foot", &raw.codeinjection_foot),
        ]
        .into_iter()
        .filter(|(_, v)| !v.text().trim().is_empty())
        .map(|(w, _)| w)
        .collect();
        if !injected.is_empty() {
            item.notes.push(format!(
                "Ghost code injection ({}) not carried over: scripts and styles the post added \
                 to its page",
                injected.join(", ")
            ));
        }

        if self.mode == ReadMode::Full {
            let (content, note) = body(
                raw.html,
                raw.lexical,
                raw.mobiledoc,
                raw.markdown,
                &self.site.url,
            );
            item.content = content;
            if let Some(n) = note {
                let path = Path {
                    index: Some(index),
                    ..self.path.clone()
                };
                item.notes.push(format!("{path}: {n}"));
            }
        }
        item
    }

    /// The post's public tags by name and slug, in Ghost's order (the first is the primary
    /// tag); internal tags (`#name`) are left out.
    fn tags_of(&self, post: Option<u64>, inline: Names) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut push = |name: &str, slug: &str| {
            if !name.is_empty() && !name.starts_with('#') && !out.iter().any(|(n, _)| n == name) {
                out.push((name.to_string(), slug.to_string()));
            }
        };
        if let Some(links) = post.and_then(|p| self.site.post_tags.get(&p)) {
            let mut links = links.clone();
            links.sort_by_key(|(order, _)| *order);
            for (_, tag) in links {
                if let Some(t) = self.site.tags.get(&tag).filter(|t| !t.internal) {
                    push(&t.name, &t.slug);
                }
            }
        }
        for (name, slug) in &inline.0 {
            push(name, slug);
        }
        out
    }

    /// The post's authors as (name, slug), primary first: `posts_authors` (Ghost 1+), else
    /// the post's `author_id` (0.x), else the post's inline `authors`.
    fn authors_of(
        &self,
        post: Option<u64>,
        author_id: &Loose,
        inline: Names,
    ) -> Vec<(String, String)> {
        let user = |id: u64| {
            self.site.users.get(&id).map(|u| {
                let name = if u.name.is_empty() { &u.slug } else { &u.name };
                (name.clone(), u.slug.clone())
            })
        };
        let mut out: Vec<(String, String)> = Vec::new();
        if let Some(links) = post.and_then(|p| self.site.post_authors.get(&p)) {
            let mut links = links.clone();
            links.sort_by_key(|(order, _)| *order);
            for (_, id) in links {
                if let Some(u) = user(id).filter(|u| !out.contains(u)) {
                    out.push(u);
                }
            }
        }
        if out.is_empty()
            && let Some(u) = id_key(author_id).and_then(user)
        {
            out.push(u);
        }
        if out.is_empty() {
            out = inline.0;
        }
        out.retain(|(name, _)| !name.is_empty());
        out
    }

    /// The post's old address: Ghost 0.x and 1.x's permalink setting, else the route the
    /// posts' links show, else `/slug/`; under the site's address when the posts show it
    /// (root-relative when they do not).
    fn permalink(
        &self,
        item: &Item,
        published: Option<&str>,
        author: Option<&(String, String)>,
    ) -> String {
        let pattern = match self.site.permalinks.trim() {
            "" => self.site.route.as_str(),
            set => set,
        };
        if pattern.is_empty() || !pattern.contains(":slug") && !pattern.contains(":id") {
            return format!("{}/{}/", self.site.url, item.post_name);
        }
        let date = published.unwrap_or(&item.post_date);
        let part = |r: std::ops::Range<usize>| date.get(r).unwrap_or("").to_string();
        let tag = item
            .terms
            .first()
            .map(|t| t.nicename.clone())
            .unwrap_or_else(|| "all".into());
        let author = author.map(|a| a.1.clone()).unwrap_or_default();
        let mut path = pattern.to_string();
        for (token, value) in [
            (":slug", item.post_name.clone()),
            (":year", part(0..4)),
            (":month", part(5..7)),
            (":day", part(8..10)),
            (":id", item.guid.clone()),
            (":primary_author", author.clone()),
            (":author", author),
            (":primary_tag", tag),
        ] {
            path = path.replace(token, &value);
        }
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        format!("{}{path}", self.site.url)
    }
}

/// Plain text as the HTML that shows it.
fn plain(text: &str) -> String {
    crate::wp::embed::escape_html(text)
}

/// `__GHOST_URL__`, Ghost 4+'s stand-in for the site's own address, as `site` (the address
/// the posts' links show); without one, links and images under it become root-relative
/// (`/content/images/…`), as older exports write them anyway.
fn resolve(s: &str, site: &str) -> String {
    if !s.contains("__GHOST_URL__") {
        return s.to_string();
    }
    if site.is_empty() {
        s.replace("__GHOST_URL__/", "/")
            .replace("__GHOST_URL__", "/")
    } else {
        s.replace("__GHOST_URL__", site)
    }
}

/// The post's HTML, and a note on what could not be rendered.
fn body(
    html: Loose,
    lexical: Loose,
    mobiledoc: Loose,
    markdown: Loose,
    site: &str,
) -> (String, Option<String>) {
    rendered(html, lexical, mobiledoc, markdown, site)
}

/// Ghost's `html`, else the first editor document that can be read, rendered.
fn rendered(
    html: Loose,
    lexical: Loose,
    mobiledoc: Loose,
    markdown: Loose,
    site: &str,
) -> (String, Option<String>) {
    let html = html.into_text();
    if !html.trim().is_empty() {
        return (resolve(&html, site), None);
    }
    type Render = fn(&str) -> Result<(String, Vec<String>), String>;
    let mut notes = Vec::new();
    for (name, doc, render) in [
        ("lexical", lexical.into_text(), lexical::render as Render),
        ("mobiledoc", mobiledoc.into_text(), mobiledoc::render),
    ] {
        if doc.trim().is_empty() {
            continue;
        }
        match render(&resolve(&doc, site)) {
            Ok((html, unknown)) => {
                let note = (!unknown.is_empty()).then(|| {
                    format!(
                        "rendered from its {name} document, whose cards {} unpress does not \
                         know (left out)",
                        unknown.join(", ")
                    )
                });
                return (html, note);
            }
            Err(e) => notes.push(format!("its {name} document cannot be read ({e})")),
        }
    }
    let note = (!notes.is_empty()).then(|| notes.join("; "));
    let markdown = markdown.into_text();
    if markdown.trim().is_empty() {
        return (String::new(), note);
    }
    (cards::markdown(&resolve(&markdown, site)), note)
}

/// A Ghost timestamp as `YYYY-MM-DD HH:MM:SS` in UTC: ISO 8601 strings (`…Z`, what Ghost
/// writes), SQL-style `YYYY-MM-DD HH:MM:SS` (UTC in Ghost's database), or milliseconds since
/// 1970 (0.x and import files; small numbers are read as seconds).
fn utc(v: &Loose) -> Option<String> {
    let seconds = match v {
        Loose::Int(n) => Some(*n),
        Loose::Float(f) if f.is_finite() => Some(*f as i128),
        Loose::Str(s) if !s.trim().is_empty() && s.trim().bytes().all(|b| b.is_ascii_digit()) => {
            s.trim().parse::<i128>().ok()
        }
        _ => None,
    };
    if let Some(n) = seconds {
        let secs = if n.abs() >= 100_000_000_000 {
            n / 1000
        } else {
            n
        };
        let secs = i64::try_from(secs).ok()?;
        return super::dates::wp_from_epoch(secs);
    }
    super::dates::wp_utc(&super::dates::parse_iso(&v.text())?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn read(json: &str, mode: ReadMode) -> (Vec<Item>, Result<Channel, WxrError>) {
        let source = Source::Bytes {
            name: "export.json".into(),
            data: Arc::new(json.as_bytes().to_vec()),
        };
        let mut items = Vec::new();
        let result = read_source(&source, mode, |_, i| {
            items.push(i);
            true
        });
        (items, result)
    }

    #[test]
    fn timestamps_in_every_spelling_are_utc() {
        let s = |v: &str| utc(&Loose::Str(v.into()));
        assert_eq!(
            s("2013-12-18T21:20:43.000Z").as_deref(),
            Some("2013-12-18 21:20:43")
        );
        assert_eq!(
            s("2026-01-13 00:00:00").as_deref(),
            Some("2026-01-13 00:00:00")
        );
        assert_eq!(
            s("2020-03-01T01:30:00+02:00").as_deref(),
            Some("2020-02-29 23:30:00")
        );
        assert_eq!(
            utc(&Loose::Int(1_078_860_208_000)).as_deref(),
            Some("2004-03-09 19:23:28")
        );
        assert_eq!(
            utc(&Loose::Int(1_468_438_082)).as_deref(),
            Some("2016-07-13 19:28:02")
        );
        assert_eq!(s("1448966400000").as_deref(), Some("2015-12-01 10:40:00"));
        assert_eq!(s("soon"), None);
        assert_eq!(utc(&Loose::Null), None);
        assert_eq!(utc(&Loose::Int(i128::MAX)), None);
    }

    #[test]
    fn sniffs_by_content() {
        assert!(looks_like_ghost(
            br#"{"db":[{"meta":{"exported_on":1445284748186,"version":"004"},"data":{"#
        ));
        assert!(looks_like_ghost(
            b"\xef\xbb\xbf{\n  \"meta\": {\"exported_on\": 1, \"version\": \"5.0.0\"},\n  \"data\": {"
        ));
        assert!(looks_like_ghost(
            br#"{"data":{"posts":[{"id":1,"title":"x","slug":"x","html":"<p>x</p>"}]}}"#
        ));
        // Keys in sorted order, as 0.x wrote them: `meta` only after every table.
        assert!(looks_like_ghost(
            b"{\n    \"db\": [\n        {\n            \"data\": {\n                \"app_fields\": []"
        ));
        assert!(!looks_like_ghost(br#"{"data":{"items":[1,2]}}"#));
        assert!(!looks_like_ghost(br#"[{"url":"x","data":{"slug":"1"}}]"#));
        assert!(!looks_like_ghost(b"TITLE: x\n-----\n"));
    }

    #[test]
    fn the_index_pass_reads_what_the_full_pass_reads_without_bodies() {
        let json = r#"{"db":[{"meta":{},"data":{"posts":[
            {"id":"a1","title":"One","slug":"one","status":"published","html":"<p>x</p>"},
            {"id":"a2","title":"Two","slug":"two","status":"draft","visibility":"paid","html":"<p>y</p>"}
        ]}}]}"#;
        let (full, _) = read(json, ReadMode::Full);
        let (index, _) = read(json, ReadMode::Index);
        assert_eq!(full.len(), 2);
        assert_eq!(index.len(), 2);
        for (f, i) in full.iter().zip(&index) {
            assert_eq!(
                (&f.title, &f.status, &f.post_type, &f.link, f.line),
                (&i.title, &i.status, &i.post_type, &i.link, i.line)
            );
        }
        assert_eq!(full[0].content, "<p>x</p>");
        assert!(index[0].content.is_empty());
    }

    #[test]
    fn the_site_is_where_the_posts_link_to_each_other() {
        let mut links = SelfLinks::default();
        links.scan(
            "從https://blog.example/a-post/ and http://www.blog.example/2019/05/b-post/ \
             <a href=\"https://blog.example/a-post/#x\">, ftp://blog.example/a-post/, \
             https://other.example/a-post/ ok://x/y",
        );
        let slugs = ["a-post", "b-post"]
            .iter()
            .map(|s| crate::plan::hash_str(s))
            .collect();
        assert_eq!(
            links.site_url(&slugs).as_deref(),
            Some("https://blog.example")
        );
        // Two links are not enough; neither is one slug however often.
        let mut few = SelfLinks::default();
        few.scan("https://blog.example/a-post/ https://blog.example/b-post/");
        assert_eq!(few.site_url(&slugs), None);
        let mut one = SelfLinks::default();
        one.scan(&"https://blog.example/a-post/ ".repeat(5));
        assert_eq!(one.site_url(&slugs), None);
    }

    #[test]
    fn the_route_is_where_the_posts_link_to_each_other() {
        let posts: HashSet<u64> = ["a", "b", "c"]
            .iter()
            .map(|s| crate::plan::hash_str(s))
            .collect();
        let route = |text: &str| {
            let mut links = SelfLinks::default();
            links.scan(text);
            links.route("blog.example", &posts)
        };
        assert_eq!(
            route("__GHOST_URL__/blog/a/ __GHOST_URL__/blog/b/ https://www.blog.example/blog/c/?x"),
            Some("/blog/:slug/".into())
        );
        assert_eq!(
            route("__GHOST_URL__/2019/05/a/ __GHOST_URL__/2020/01/b/ __GHOST_URL__/2020/02/c/"),
            Some("/:year/:month/:slug/".into())
        );
        // Ghost's default, too little evidence, or no one prefix.
        assert_eq!(
            route("__GHOST_URL__/a/ __GHOST_URL__/b/ __GHOST_URL__/c/"),
            None
        );
        assert_eq!(
            route("__GHOST_URL__/blog/a/ __GHOST_URL__/blog/a/ __GHOST_URL__/blog/a/"),
            None
        );
        assert_eq!(
            route(
                "__GHOST_URL__/blog/a/ __GHOST_URL__/x/b/ __GHOST_URL__/y/c/ https://other.example/blog/b/"
            ),
            None
        );
        assert_eq!(date_pattern("/1/2/3/4/"), None);
    }

    #[test]
    fn stopping_early_is_not_an_error() {
        let json = r#"{"data":{"posts":[{"title":"a"},{"title":"b"},{"title":"c"}]}}"#;
        let source = Source::Bytes {
            name: "x.json".into(),
            data: Arc::new(json.as_bytes().to_vec()),
        };
        let mut n = 0;
        let result = read_source(&source, ReadMode::Full, |_, _| {
            n += 1;
            n < 2
        });
        assert!(result.is_ok());
        assert_eq!(n, 2);
    }

    #[test]
    fn a_post_is_named_by_the_line_it_starts_on() {
        let json = "{\"data\": {\"posts\": [\n  {\"title\": \"a\"},\n\n  {\"title\": \"b\"}\n]}}";
        let (items, _) = read(json, ReadMode::Full);
        assert_eq!(items.iter().map(|i| i.line).collect::<Vec<_>>(), [2, 4]);
    }
}
