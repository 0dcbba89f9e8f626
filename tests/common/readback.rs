//! Front matter read back into one comparable form (JSON values), shared by the structure
//! property test and the front matter fuzz target (`tests/fuzz`), which include this file.

use serde_json::{Map, Value as J};
use unpress::render::fields::{Fields, Value};

/// The data a reader should see, as JSON (dates as their RFC 3339 text).
pub fn expected(v: &Value) -> J {
    match v {
        Value::Str(s) => J::String(s.clone()),
        Value::Bool(b) => J::Bool(*b),
        Value::Int(n) => J::from(*n),
        Value::Date(d) => J::String(d.to_string()),
        Value::List(items) => J::Array(items.iter().map(expected).collect()),
        Value::Table(t) => expected_table(t),
    }
}

pub fn expected_table(t: &Fields) -> J {
    J::Object(
        t.0.iter()
            .map(|(k, v)| (k.clone(), expected(v)))
            .collect::<Map<_, _>>(),
    )
}

pub fn from_yaml(y: &yaml_rust2::Yaml) -> J {
    use yaml_rust2::Yaml;
    match y {
        // yaml-rust2 does not resolve timestamps: they stay strings, as `expected` writes them.
        Yaml::String(s) | Yaml::Real(s) => J::String(s.clone()),
        Yaml::Boolean(b) => J::Bool(*b),
        Yaml::Integer(n) => J::from(*n),
        Yaml::Array(a) => J::Array(a.iter().map(from_yaml).collect()),
        Yaml::Hash(h) => J::Object(
            h.iter()
                .map(|(k, v)| {
                    (
                        k.as_str().unwrap_or("<non-string key>").to_string(),
                        from_yaml(v),
                    )
                })
                .collect(),
        ),
        other => J::String(format!("<unexpected {other:?}>")),
    }
}

pub fn from_toml(t: &toml::Value) -> J {
    match t {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Integer(n) => J::from(*n),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Float(f) => J::String(format!("<float {f}>")),
        toml::Value::Array(a) => J::Array(a.iter().map(from_toml).collect()),
        toml::Value::Table(t) => {
            J::Object(t.iter().map(|(k, v)| (k.clone(), from_toml(v))).collect())
        }
    }
}
