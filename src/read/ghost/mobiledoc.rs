//! Mobiledoc, the document Ghost 1–4's editor saves (`posts.mobiledoc`), → the HTML Ghost
//! renders from it, for posts exported without their `html`.
//!
//! A document (format 0.3; 0.2 is read too) lists `markups` (`["a", ["href", url]]`),
//! `atoms` (`["soft-return", "", {}]`), `cards` (`["image", {payload}]`) and `sections`:
//! `[1, "p", markers]` a paragraph, heading or quote; `[2, src]` an image; `[3, "ul",
//! [markers…]]` a list; `[10, card index]` a card (0.2 writes `[10, name, payload]`). A
//! marker `[0, open markups, closed count, text]` is text (0.2 leaves out the leading 0),
//! `[1, …, atom index]` an atom.

use super::cards;
use crate::wp::embed::escape_html as esc;
use serde_json::Value;

/// Renders a mobiledoc document; errors say why it cannot be read. Cards this renderer does
/// not know are left out and named in the second value.
pub fn render(doc: &str) -> Result<(String, Vec<String>), String> {
    let doc: Value = serde_json::from_str(doc).map_err(|e| e.to_string())?;
    let version = doc.get("version").and_then(Value::as_str).unwrap_or("");
    let empty = Vec::new();
    let (markups, sections, atoms, cards) = if version.starts_with("0.2") {
        let parts = doc
            .get("sections")
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        let markups = parts.first().and_then(Value::as_array).unwrap_or(&empty);
        let sections = parts.get(1).and_then(Value::as_array).unwrap_or(&empty);
        (markups, sections, &empty, &empty)
    } else {
        let list = |k: &str| doc.get(k).and_then(Value::as_array).unwrap_or(&empty);
        (
            list("markups"),
            list("sections"),
            list("atoms"),
            list("cards"),
        )
    };
    if !doc.is_object() {
        return Err("not a mobiledoc document".into());
    }
    let ctx = Ctx {
        markups,
        atoms,
        old: version.starts_with("0.2"),
    };
    let mut out = String::new();
    let mut unknown = Vec::new();
    for section in sections {
        let Some(s) = section.as_array() else {
            continue;
        };
        match s.first().and_then(Value::as_u64) {
            Some(1) => {
                let tag = s
                    .get(1)
                    .and_then(Value::as_str)
                    .unwrap_or("p")
                    .to_ascii_lowercase();
                let (open, close) = match tag.as_str() {
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "blockquote" | "p" => {
                        (format!("<{tag}>"), format!("</{tag}>"))
                    }
                    "aside" | "pull-quote" => (
                        "<blockquote class=\"kg-blockquote-alt\">".to_string(),
                        "</blockquote>".to_string(),
                    ),
                    _ => ("<p>".to_string(), "</p>".to_string()),
                };
                let inner = ctx.markers(s.get(2));
                if !inner.is_empty() {
                    out.push_str(&open);
                    out.push_str(&inner);
                    out.push_str(&close);
                }
            }
            Some(2) => {
                if let Some(src) = s.get(1).and_then(Value::as_str) {
                    out.push_str(&format!("<img src=\"{}\">", esc(src)));
                }
            }
            Some(3) => {
                let tag = match s.get(1).and_then(Value::as_str) {
                    Some("ol") => "ol",
                    _ => "ul",
                };
                out.push_str(&format!("<{tag}>"));
                for item in s.get(2).and_then(Value::as_array).unwrap_or(&empty) {
                    out.push_str("<li>");
                    out.push_str(&ctx.markers(Some(item)));
                    out.push_str("</li>");
                }
                out.push_str(&format!("</{tag}>"));
            }
            Some(10) => {
                let (name, payload) = if ctx.old {
                    (
                        s.get(1).and_then(Value::as_str).unwrap_or(""),
                        s.get(2).unwrap_or(&Value::Null),
                    )
                } else {
                    let card = s
                        .get(1)
                        .and_then(Value::as_u64)
                        .and_then(|i| cards.get(usize::try_from(i).ok()?));
                    (
                        card.and_then(|c| c.get(0))
                            .and_then(Value::as_str)
                            .unwrap_or(""),
                        card.and_then(|c| c.get(1)).unwrap_or(&Value::Null),
                    )
                };
                if !cards::render(name, payload, &mut out) && !unknown.iter().any(|u| u == name) {
                    unknown.push(name.to_string());
                }
            }
            _ => {}
        }
    }
    Ok((out, unknown))
}

struct Ctx<'a> {
    markups: &'a [Value],
    atoms: &'a [Value],
    /// Format 0.2: markers have no type.
    old: bool,
}

impl Ctx<'_> {
    /// A section's markers as inline HTML: markups open and close as the markers say, each
    /// closing the innermost open ones.
    fn markers(&self, markers: Option<&Value>) -> String {
        let mut out = String::new();
        let mut open: Vec<String> = Vec::new();
        for m in markers.and_then(Value::as_array).into_iter().flatten() {
            let Some(m) = m.as_array() else {
                continue;
            };
            let offset = usize::from(!self.old);
            let kind = if self.old {
                0
            } else {
                m.first().and_then(Value::as_u64).unwrap_or(0)
            };
            for i in m
                .get(offset)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_u64)
            {
                let Some(markup) = usize::try_from(i).ok().and_then(|i| self.markups.get(i)) else {
                    continue;
                };
                let (open_tag, tag) = markup_tag(markup);
                out.push_str(&open_tag);
                open.push(tag);
            }
            match (kind, m.get(offset + 2)) {
                (1, Some(v)) => {
                    let atom = v
                        .as_u64()
                        .and_then(|i| self.atoms.get(usize::try_from(i).ok()?));
                    match atom.and_then(|a| a.get(0)).and_then(Value::as_str) {
                        Some("soft-return") => out.push_str("<br>"),
                        _ => {
                            let text = atom.and_then(|a| a.get(1)).and_then(Value::as_str);
                            out.push_str(&esc(text.unwrap_or("")));
                        }
                    }
                }
                (_, Some(Value::String(t))) => out.push_str(&spaces(&esc(t))),
                _ => {}
            }
            let closed = m
                .get(offset + 1)
                .and_then(Value::as_u64)
                .unwrap_or(0)
                .min(open.len() as u64);
            for _ in 0..closed {
                if let Some(tag) = open.pop() {
                    out.push_str(&format!("</{tag}>"));
                }
            }
        }
        while let Some(tag) = open.pop() {
            out.push_str(&format!("</{tag}>"));
        }
        out
    }
}

/// Runs of spaces as Ghost renders them, the first a space and the rest no-break spaces,
/// so they show as typed.
fn spaces(text: &str) -> String {
    if !text.contains("  ") {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut prev_space = false;
    for c in text.chars() {
        if c == ' ' && prev_space {
            out.push('\u{a0}');
        } else {
            out.push(c);
            prev_space = c == ' ';
        }
    }
    out
}

/// A markup's opening tag and its name: `["a", ["href", url, "rel", …]]`.
fn markup_tag(markup: &Value) -> (String, String) {
    let name = markup
        .get(0)
        .and_then(Value::as_str)
        .unwrap_or("span")
        .to_ascii_lowercase();
    let name = match name.as_str() {
        "a" | "b" | "strong" | "i" | "em" | "u" | "s" | "del" | "code" | "sub" | "sup" | "mark"
        | "span" => name,
        _ => "span".into(),
    };
    let mut open = format!("<{name}");
    if let Some(attrs) = markup.get(1).and_then(Value::as_array) {
        for pair in attrs.chunks(2) {
            if let [Value::String(k), Value::String(v)] = pair
                && matches!(k.as_str(), "href" | "rel" | "title" | "target")
            {
                open.push_str(&format!(" {k}=\"{}\"", esc(v)));
            }
        }
    }
    open.push('>');
    (open, name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_markups_and_atoms() {
        let doc = r#"{"version":"0.3.1","atoms":[["soft-return","",{}]],"cards":[["hr",{}]],
            "markups":[["a",["href","https://x.example/?a=1&b=2"]],["strong"]],
            "sections":[[1,"h2",[[0,[],0,"Title"]]],
                        [1,"p",[[0,[1],0,"bold "],[0,[0],2,"link"],[1,[],0,0],[0,[],0,"<after>"]]],
                        [3,"ol",[[[0,[],0,"one"]],[[0,[],0,"two"]]]],
                        [10,0],[1,"aside",[[0,[],0,"pull"]]],[1,"p",[]]]}"#;
        let (html, unknown) = render(doc).expect("readable");
        assert_eq!(
            html,
            "<h2>Title</h2><p><strong>bold <a href=\"https://x.example/?a=1&amp;b=2\">link</a></strong><br>&lt;after&gt;</p>\
             <ol><li>one</li><li>two</li></ol><hr><blockquote class=\"kg-blockquote-alt\">pull</blockquote>"
        );
        assert!(unknown.is_empty());
    }

    #[test]
    fn version_0_2_and_unknown_cards() {
        let doc = r#"{"version":"0.2.0","sections":[[["em"]],[[1,"p",[[[0],1,"x"]]],[10,"mystery",{}]]]}"#;
        let (html, unknown) = render(doc).expect("readable");
        assert_eq!(html, "<p><em>x</em></p>");
        assert_eq!(unknown, ["mystery"]);
    }

    #[test]
    fn broken_documents_are_errors_or_nothing_never_panics() {
        assert!(render("{").is_err());
        assert!(render("[1,2]").is_err());
        for doc in [
            r#"{"sections":[[1],[3,"ul",[[1]]],[10,99],[10,"x"],[1,"p",[[0,[99],5,7]]]]}"#,
            r#"{"version":"0.3.1","markups":7,"sections":{"a":1}}"#,
        ] {
            assert!(render(doc).is_ok(), "{doc}");
        }
    }
}
