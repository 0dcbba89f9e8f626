//! JSON front matter emitter (Hugo accepts a JSON object at the top of a file).
//!
//! Written by hand rather than through `serde_json::Value` so keys keep their order
//! (serde_json's map sorts keys unless a crate-wide feature is switched on); string escaping
//! is still serde_json's.

use super::fields::{Fields, Value};
use std::fmt::Write as _;

/// Emits the fields as one pretty-printed JSON object (two-space indent, trailing newline).
/// Dates become RFC 3339 strings, since JSON has no date type.
pub fn emit(fields: &Fields) -> String {
    let mut out = String::new();
    push_object(&mut out, fields, 0);
    out.push('\n');
    out
}

fn push_string(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        // U+2028/U+2029 are valid JSON but end lines in older JavaScript: escape them.
        Ok(q) => out.push_str(
            &q.replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029"),
        ),
        // Serializing a &str cannot fail; keep a valid document if it ever did.
        Err(_) => out.push_str("\"\""),
    }
}

fn newline_indent(out: &mut String, n: usize) {
    out.push('\n');
    out.extend(std::iter::repeat_n(' ', n));
}

fn push_object(out: &mut String, fields: &Fields, ind: usize) {
    if fields.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push('{');
    for (i, (k, v)) in fields.0.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        newline_indent(out, ind + 2);
        push_string(out, k);
        out.push_str(": ");
        push_value(out, v, ind + 2);
    }
    newline_indent(out, ind);
    out.push('}');
}

fn push_value(out: &mut String, value: &Value, ind: usize) {
    match value {
        Value::Str(s) => push_string(out, s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        Value::Date(d) => push_string(out, &d.to_string()),
        Value::List(items) if items.is_empty() => out.push_str("[]"),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline_indent(out, ind + 2);
                push_value(out, item, ind + 2);
            }
            newline_indent(out, ind);
            out.push(']');
        }
        Value::Table(t) => push_object(out, t, ind),
    }
}
