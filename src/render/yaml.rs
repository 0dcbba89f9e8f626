//! YAML front matter emitter.
//!
//! Our own, because the serde YAML writers emit strings such as `No`, `12:30` or `2011-01-23`
//! plain, and YAML 1.1 readers (Jekyll's Psych, PyYAML) read those back as a bool, a number or
//! a date. Here every string is double-quoted with escapes, which every YAML 1.1 and 1.2
//! reader takes back verbatim; dates are the only unquoted scalars that look like text.

use super::fields::{Fields, Value, date_is_rfc3339};
use std::fmt::Write as _;

/// Emits the fields as YAML lines (without the `---` fences).
///
/// Scalar lists are written in flow style (`tags: ["a", "b"]`), tables as indented block maps,
/// lists of tables as block sequences. The output ends with a newline unless it is empty.
pub fn emit(fields: &Fields) -> String {
    let mut out = String::new();
    emit_map(&mut out, fields, 0);
    out
}

/// Writes `s` as a double-quoted YAML scalar that reads back as exactly `s` in YAML 1.1 and 1.2.
///
/// Public so that other writers (e.g. a Jekyll `_config.yml` snippet) quote the same way.
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
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            // Everything else that is not plainly visible text goes out as a numeric escape:
            // `\xNN`/`\uNNNN` are understood by every YAML reader, unlike the rarer named
            // escapes (`\e`, `\N`, `\L`, …).
            c if is_yaml_printable(c) && !is_invisible(c) => out.push(c),
            c => {
                let n = c as u32;
                // Infallible: writing to a String cannot fail.
                let _ = if n <= 0xFF {
                    write!(out, "\\x{n:02X}")
                } else if n <= 0xFFFF {
                    write!(out, "\\u{n:04X}")
                } else {
                    write!(out, "\\U{n:08X}")
                };
            }
        }
    }
    out.push('"');
}

/// The characters YAML allows raw in a stream (its `c-printable`), minus the byte order mark,
/// which some readers strip or reject wherever it appears. Everything else is escaped.
fn is_yaml_printable(c: char) -> bool {
    matches!(c as u32,
        0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFEFE | 0xFF00..=0xFFFD | 0x1_0000..=0x10_FFFF)
}

/// Line and paragraph separators (which YAML 1.1 readers treat as line breaks) and invisible
/// format and bidi control characters: escaping them keeps values intact and keeps the front
/// matter honest to a human reader (no hidden text direction overrides).
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0xAD | 0x200B..=0x200F | 0x2028 | 0x2029 | 0x202A..=0x202E | 0x2060..=0x2064 | 0x2066..=0x206F
        | 0xFFF9..=0xFFFB)
}

/// Keys are written plain only when they cannot be read as anything but a string.
fn push_key(out: &mut String, key: &str) {
    if key_is_plain(key) {
        out.push_str(key);
    } else {
        push_quoted(out, key);
    }
}

fn key_is_plain(key: &str) -> bool {
    let mut bytes = key.bytes();
    let first_ok = matches!(bytes.next(), Some(b'A'..=b'Z' | b'a'..=b'z' | b'_'));
    // YAML 1.1 reads these as bools or null even as keys.
    const RESERVED: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];
    first_ok
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !RESERVED.iter().any(|r| key.eq_ignore_ascii_case(r))
}

fn indent(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

fn emit_map(out: &mut String, fields: &Fields, ind: usize) {
    for (i, (key, value)) in fields.0.iter().enumerate() {
        // The first key of a map inside a block sequence shares the `- ` line.
        if i > 0 || ind == 0 || !out.ends_with("- ") {
            indent(out, ind);
        }
        push_key(out, key);
        out.push(':');
        emit_value_after_key(out, value, ind);
    }
}

/// Writes what follows `key:`: ` scalar\n`, or a newline and an indented block.
fn emit_value_after_key(out: &mut String, value: &Value, ind: usize) {
    match value {
        Value::Table(t) if !t.is_empty() => {
            out.push('\n');
            emit_map(out, t, ind + 2);
        }
        Value::List(items) if value.contains_table() => {
            out.push('\n');
            emit_seq(out, items, ind + 2);
        }
        _ => {
            out.push(' ');
            push_flow(out, value);
            out.push('\n');
        }
    }
}

fn emit_seq(out: &mut String, items: &[Value], ind: usize) {
    for item in items {
        indent(out, ind);
        out.push_str("- ");
        match item {
            Value::Table(t) if !t.is_empty() => emit_map(out, t, ind + 2),
            Value::List(inner) if item.contains_table() => {
                // A nested block sequence starts on the same line as its parent's dash.
                out.truncate(out.len() - 1);
                out.push('\n');
                emit_seq(out, inner, ind + 2);
            }
            _ => {
                push_flow(out, item);
                out.push('\n');
            }
        }
    }
}

/// A value on one line: scalars, flow lists `["a", "b"]` and flow maps `{a: "b"}`.
fn push_flow(out: &mut String, value: &Value) {
    match value {
        Value::Str(s) => push_quoted(out, s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) => {
            let _ = write!(out, "{n}");
        }
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
                push_flow(out, item);
            }
            out.push(']');
        }
        Value::Table(t) => {
            out.push('{');
            for (i, (k, v)) in t.0.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                push_key(out, k);
                out.push_str(": ");
                push_flow(out, v);
            }
            out.push('}');
        }
    }
}
