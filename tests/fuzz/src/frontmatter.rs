//! Front matter: arbitrary field trees and post metadata through the YAML, TOML and JSON
//! emitters, each read back by a real parser and compared with what was written.
//!
//! The expected data follows `tests/frontmatter_structure.rs`: dates compare as their RFC 3339
//! text (yaml-rust2 leaves timestamps as strings), every other value as itself.

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use serde_json::{Map, Value as J};
use unpress::doc::{Comment, DateTime, Meta};
use unpress::render::fields::{Fields, Value};
use unpress::render::{frontmatter, json, toml as toml_fm, yaml};
use unpress::{FrontMatterFormat, Target};

#[path = "../../common/readback.rs"]
mod readback;
use readback::{expected_table, from_toml, from_yaml};

/// Deeper trees add nothing the emitters treat differently, and real front matter is at most
/// three levels deep; deeper inputs are cut to a string.
const MAX_DEPTH: usize = 6;

#[derive(Debug, Arbitrary)]
pub struct Date {
    year: i32,
    month: u8,
    day: u8,
    hour: u8,
    minute: u8,
    second: u8,
    offset_minutes: Option<i32>,
}

impl Date {
    fn get(&self) -> DateTime {
        DateTime {
            year: self.year,
            month: self.month,
            day: self.day,
            hour: self.hour,
            minute: self.minute,
            second: self.second,
            offset_minutes: self.offset_minutes,
        }
    }
}

#[derive(Debug, Arbitrary)]
pub enum Node {
    Str(String),
    Bool(bool),
    Int(i64),
    Date(Date),
    List(Vec<Node>),
    Table(Vec<(String, Node)>),
}

/// What the front matter target is given: a field tree, one string for the quoting
/// functions, and post metadata for the real field builder.
#[derive(Debug, Arbitrary)]
pub struct Input {
    pub fields: Vec<(String, Node)>,
    pub text: String,
    pub post: Post,
}

#[derive(Debug, Arbitrary)]
pub struct Post {
    title: String,
    slug: String,
    date: Option<Date>,
    updated: Option<Date>,
    draft: bool,
    author: Option<String>,
    categories: Vec<String>,
    tags: Vec<String>,
    excerpt: Option<String>,
    featured_image: Option<String>,
    original_url: Option<String>,
    aliases: Vec<String>,
    parents: Vec<String>,
    comment: Option<(String, String)>,
}

fn value(n: &Node, depth: usize) -> Value {
    match n {
        Node::Str(s) => Value::Str(s.clone()),
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(i) => Value::Int(*i),
        Node::Date(d) => Value::Date(d.get()),
        _ if depth >= MAX_DEPTH => Value::Str(String::new()),
        Node::List(items) => Value::List(items.iter().map(|i| value(i, depth + 1)).collect()),
        Node::Table(pairs) => Value::Table(table(pairs, depth + 1)),
    }
}

/// YAML reads an implicit (`key: value`) key of at most 1024 characters. Front matter keys
/// are names unpress chooses (`title`, `date`, …), so the emitters assume short keys.
const MAX_KEY: usize = 256;

/// Keys are unique within a table in every format, so later duplicates are dropped.
fn table(pairs: &[(String, Node)], depth: usize) -> Fields {
    let mut f = Fields::new();
    for (k, v) in pairs {
        if k.len() <= MAX_KEY && f.get(k).is_none() {
            f.push(k, value(v, depth));
        }
    }
    f
}

pub fn read_yaml(doc: &str) -> Result<J, String> {
    let docs = yaml_rust2::YamlLoader::load_from_str(doc).map_err(|e| e.to_string())?;
    Ok(docs.first().map(from_yaml).unwrap_or(J::Object(Map::new())))
}

/// Reads TOML front matter back as JSON data.
pub fn read_toml(doc: &str) -> Result<J, String> {
    let t = toml::from_str::<toml::Table>(doc).map_err(|e| e.to_string())?;
    Ok(from_toml(&toml::Value::Table(t)))
}

/// Reads JSON front matter back.
pub fn read_json(doc: &str) -> Result<J, String> {
    serde_json::from_str(doc).map_err(|e| e.to_string())
}

/// Every emitter reads back as exactly the data it was given.
pub fn check_fields(fields: &Fields) {
    let want = expected_table(fields);
    let doc = yaml::emit(fields);
    assert_eq!(read_yaml(&doc), Ok(want.clone()), "YAML was:\n{doc}");
    let doc = toml_fm::emit(fields);
    assert_eq!(read_toml(&doc), Ok(want.clone()), "TOML was:\n{doc}");
    let doc = json::emit(fields);
    assert_eq!(read_json(&doc), Ok(want), "JSON was:\n{doc}");
}

/// A quoted string reads back as itself, as a value and (when short enough, see [`MAX_KEY`])
/// as a key, in YAML and TOML.
pub fn check_quote(s: &str) {
    if s.len() > MAX_KEY || s == "k" {
        return check_quoted_value(s);
    }
    let q = yaml::quote(s);
    let doc = format!("k: {q}\n{q}: v\n");
    let mut want = Map::new();
    want.insert("k".into(), J::String(s.to_string()));
    want.insert(s.to_string(), J::String("v".into()));
    assert_eq!(
        read_yaml(&doc),
        Ok(J::Object(want.clone())),
        "YAML was:\n{doc}"
    );
    let q = toml_fm::quote(s);
    let doc = format!("k = {q}\n{q} = \"v\"\n");
    assert_eq!(read_toml(&doc), Ok(J::Object(want)), "TOML was:\n{doc}");
}

/// A quoted string of any length reads back as itself as a value, in YAML and TOML.
fn check_quoted_value(s: &str) {
    let mut want = Map::new();
    want.insert("k".into(), J::String(s.to_string()));
    let doc = format!("k: {}\n", yaml::quote(s));
    assert_eq!(
        read_yaml(&doc),
        Ok(J::Object(want.clone())),
        "YAML was:\n{doc}"
    );
    let doc = format!("k = {}\n", toml_fm::quote(s));
    assert_eq!(read_toml(&doc), Ok(J::Object(want)), "TOML was:\n{doc}");
}

/// The real field builder for every target, rendered in every format the target reads.
pub fn check_post(p: &Post) {
    let meta = Meta {
        id: Some(1),
        post_type: if p.parents.is_empty() { "post" } else { "page" }.into(),
        title: p.title.clone(),
        slug: p.slug.clone(),
        date: p.date.as_ref().map(Date::get),
        updated: p.updated.as_ref().map(Date::get),
        draft: p.draft,
        author: p.author.clone(),
        categories: p.categories.clone(),
        tags: p.tags.clone(),
        excerpt: p.excerpt.clone(),
        featured_image: p.featured_image.clone(),
        original_url: p.original_url.clone(),
        aliases: p.aliases.clone(),
        parents: p.parents.clone(),
        comments: p
            .comment
            .iter()
            .map(|(author, body)| Comment {
                id: 2,
                author: author.clone(),
                body: body.clone(),
                date: p.date.as_ref().map(Date::get),
                ..Comment::default()
            })
            .collect(),
    };
    let builders = [frontmatter::fields, frontmatter::section_fields];
    for (target, build) in Target::ALL
        .into_iter()
        .flat_map(|t| builders.map(|b| (t, b)))
    {
        let fields = build(&meta, &p.slug, target);
        for format in [
            FrontMatterFormat::Yaml,
            FrontMatterFormat::Toml,
            FrontMatterFormat::Json,
        ] {
            if target.supports(format) {
                let _ = frontmatter::render(&fields, format);
            }
        }
        check_fields(&fields);
    }
}

/// The whole front matter check for one input.
pub fn check(input: &Input) {
    check_fields(&table(&input.fields, 0));
    check_quote(&input.text);
    check_post(&input.post);
}
