//! The ordered, format-neutral front matter that the YAML, TOML and JSON emitters print.
//! Building fields once and printing them three ways keeps the formats from drifting apart.

use crate::doc::DateTime;

/// A front matter value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Str(String),
    Bool(bool),
    Int(i64),
    Date(DateTime),
    List(Vec<Value>),
    Table(Fields),
}

/// Keys in the order they are written.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(pub Vec<(String, Value)>);

impl Fields {
    pub fn push(&mut self, key: &str, value: Value) {
        self.0.push((key.to_string(), value));
    }
}
