//! TOML front matter emitter (Zola's `+++` front matter, Hugo's optional one).
//!
//! TOML is strict about layout: a table's plain keys must come before its sub-tables, so this
//! writes scalars first, then `[table]` and `[[array.of.tables]]` sections, recursively.

use super::fields::{Fields, Value, date_is_rfc3339};
use std::fmt::Write as _;

/// Emits the fields as TOML (without the `+++` fences).
///
/// Strings are basic strings with escapes, dates native offset (or local) date-times, nested
/// tables `[a.b]` sections and lists of tables `[[a]]` sections. Ends with a newline unless empty.
pub fn emit(fields: &Fields) -> String {
    let mut out = String::new();
    emit_table(&mut out, fields, &[]);
    out
}

/// Writes `s` as a TOML basic string that reads back as exactly `s`.
///
/// Public so the config snippets unpress writes for the user quote the same way.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    push_quoted(&mut out, s);
    out
}

fn push_quoted(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            // Control characters must be escaped; line and paragraph separators and the BOM
            // are escaped too so no editor or reader can trip over them.
            c if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FEFF}') => {
                let n = c as u32;
                let _ = write!(out, "\\u{n:04X}");
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn push_key(out: &mut String, key: &str) {
    if !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        out.push_str(key);
    } else {
        push_quoted(out, key);
    }
}

fn push_path(out: &mut String, path: &[&str]) {
    for (i, k) in path.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        push_key(out, k);
    }
}

/// Whether a value goes in its own `[section]` / `[[section]]` rather than on a `key = ` line.
fn is_section(value: &Value) -> bool {
    value.is_table() || value.is_table_list()
}

fn emit_table(out: &mut String, fields: &Fields, path: &[&str]) {
    for (key, value) in &fields.0 {
        if !is_section(value) {
            push_key(out, key);
            out.push_str(" = ");
            push_inline(out, value);
            out.push('\n');
        }
    }
    for (key, value) in &fields.0 {
        let mut sub: Vec<&str> = path.to_vec();
        sub.push(key);
        match value {
            Value::Table(t) => {
                if !out.is_empty() {
                    out.push('\n');
                }
                out.push('[');
                push_path(out, &sub);
                out.push_str("]\n");
                emit_table(out, t, &sub);
            }
            Value::List(items) if value.is_table_list() => {
                for item in items {
                    if let Value::Table(t) = item {
                        if !out.is_empty() {
                            out.push('\n');
                        }
                        out.push_str("[[");
                        push_path(out, &sub);
                        out.push_str("]]\n");
                        emit_table(out, t, &sub);
                    }
                }
            }
            _ => {}
        }
    }
}

/// A value on one line: scalars, arrays and (inside arrays) inline tables.
fn push_inline(out: &mut String, value: &Value) {
    match value {
        Value::Str(s) => push_quoted(out, s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
        // `DateTime` displays as an RFC 3339 offset date-time, or a local date-time without
        // an offset: both are native TOML values.
        Value::Date(d) if date_is_rfc3339(d) => {
            let _ = write!(out, "{d}");
        }
        Value::Date(d) => push_quoted(out, &d.to_string()),
        Value::List(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_inline(out, item);
            }
            out.push(']');
        }
        Value::Table(t) => {
            out.push('{');
            for (i, (k, v)) in t.0.iter().enumerate() {
                out.push_str(if i > 0 { ", " } else { " " });
                push_key(out, k);
                out.push_str(" = ");
                push_inline(out, v);
            }
            out.push_str(if t.is_empty() { "}" } else { " }" });
        }
    }
}
