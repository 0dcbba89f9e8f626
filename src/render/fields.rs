//! The ordered, format-neutral front matter that the YAML, TOML and JSON emitters print.
//! Building fields once and printing them three ways keeps the formats from drifting apart.

use crate::doc::DateTime;

/// A front matter value.
///
/// Deliberately small: every static site generator we target understands exactly these kinds,
/// and each emitter knows how to write each one safely in its own syntax.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text; always written quoted so no reader can mistake it for a bool, number or date.
    Str(String),
    /// `true` / `false`, e.g. `draft`.
    Bool(bool),
    /// A whole number, e.g. `weight` or a WordPress id.
    Int(i64),
    /// A timestamp, written as a native date (unquoted RFC 3339 in YAML, TOML datetime).
    Date(DateTime),
    /// An ordered sequence, e.g. `tags`; lists of tables become TOML `[[…]]` sections.
    List(Vec<Value>),
    /// A nested map, e.g. Zola's `[taxonomies]` or `extra`.
    Table(Fields),
}

/// Keys in the order they are written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(pub Vec<(String, Value)>);

impl Fields {
    /// An empty set of fields, so callers can build front matter key by key.
    pub fn new() -> Fields {
        Fields(Vec::new())
    }

    /// Appends a key; order is kept because readers of front matter expect `title` first.
    /// The emitters write duplicates as given, which most readers reject: see [`Fields::set`].
    pub fn push(&mut self, key: &str, value: Value) {
        self.0.push((key.to_string(), value));
    }

    /// Replaces the value under `key` in place (keeping its position), or appends it.
    /// Keys must be unique in every front matter format; targets that adjust fields after
    /// building them should use this rather than [`Fields::push`].
    pub fn set(&mut self, key: &str, value: Value) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some((_, v)) => *v = value,
            None => self.push(key, value),
        }
    }

    /// Removes `key` and returns its value, e.g. to drop a field a target does not support.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let pos = self.0.iter().position(|(k, _)| k == key)?;
        Some(self.0.remove(pos).1)
    }

    /// Builder form of [`Fields::push`], handy for tests and per-target tables.
    pub fn with(mut self, key: &str, value: Value) -> Fields {
        self.push(key, value);
        self
    }

    /// The first value stored under `key`, so targets can adjust fields after building them.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether there are no fields at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Value {
    /// Shorthand for a string value.
    pub fn str(s: impl Into<String>) -> Value {
        Value::Str(s.into())
    }

    /// Shorthand for a list of strings, the most common list in front matter (tags, aliases).
    pub fn str_list<I, S>(items: I) -> Value
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Value::List(items.into_iter().map(|s| Value::Str(s.into())).collect())
    }

    /// Whether this is a table (nested map); emitters lay tables out differently from scalars.
    pub fn is_table(&self) -> bool {
        matches!(self, Value::Table(_))
    }

    /// Whether this is a non-empty list whose every item is a table (TOML's array of tables).
    pub fn is_table_list(&self) -> bool {
        matches!(self, Value::List(items) if !items.is_empty() && items.iter().all(Value::is_table))
    }

    /// Whether a list or table holds a table anywhere inside, which rules out flow style in YAML.
    pub fn contains_table(&self) -> bool {
        match self {
            Value::Table(_) => true,
            Value::List(items) => items.iter().any(Value::contains_table),
            _ => false,
        }
    }
}

/// Whether a date can be written as an RFC 3339 timestamp: four-digit year, sane offset.
/// Anything else (hand-built values) is written as a quoted string instead of invalid syntax.
pub(crate) fn date_is_rfc3339(d: &DateTime) -> bool {
    (0..=9999).contains(&d.year)
        && (1..=12).contains(&d.month)
        && (1..=31).contains(&d.day)
        && d.hour < 24
        && d.minute < 60
        && d.second < 60
        && d.offset_minutes.is_none_or(|m| m.abs() < 24 * 60)
}
