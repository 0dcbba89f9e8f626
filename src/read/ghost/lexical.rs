//! Lexical, the document Ghost 5+'s editor saves (`posts.lexical`), → the HTML Ghost renders
//! from it, for posts exported without their `html`.
//!
//! The document is a tree: `{"root": {"children": [nodes]}}`. Element nodes (`paragraph`,
//! `heading`/`extended-heading` with a `tag`, `quote`, `aside`, `list` with `listType` and
//! `start` holding `listitem`s, `link` with a `url`) hold children; text nodes (`text`,
//! `extended-text`, `tk`) carry a `format` bit set (1 bold, 2 italic, 4 strikethrough,
//! 8 underline, 16 code, 32 subscript, 64 superscript, 128 highlight); `linebreak` is a
//! `<br>`; every other node at the top level is a card, its payload the node itself (see
//! [`super::cards`]).

use super::cards;
use crate::wp::embed::escape_html as esc;
use serde_json::Value;

/// Text formats in the order Ghost nests their tags.
const FORMATS: [(u64, &str); 8] = [
    (1, "strong"),
    (2, "em"),
    (4, "s"),
    (8, "u"),
    (16, "code"),
    (32, "sub"),
    (64, "sup"),
    (128, "mark"),
];

/// Renders a Lexical document; errors say why it cannot be read. Cards this renderer does
/// not know are left out and named in the second value.
pub fn render(doc: &str) -> Result<(String, Vec<String>), String> {
    let doc: Value = serde_json::from_str(doc).map_err(|e| e.to_string())?;
    let children = doc
        .get("root")
        .and_then(|r| r.get("children"))
        .and_then(Value::as_array)
        .ok_or("no root node")?;
    let mut out = String::new();
    let mut unknown = Vec::new();
    for node in children {
        let ty = node.get("type").and_then(Value::as_str).unwrap_or("");
        match ty {
            "paragraph" | "heading" | "extended-heading" | "quote" | "extended-quote" | "aside"
            | "list" => block(node, &mut out),
            _ => {
                if !cards::render(ty, node, &mut out) && !unknown.iter().any(|u| u == ty) {
                    unknown.push(ty.to_string());
                }
            }
        }
    }
    Ok((out, unknown))
}

fn children(node: &Value) -> &[Value] {
    node.get("children")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// A block node. Recursion (nested lists, links) is bounded by serde_json's nesting limit on
/// the document.
fn block(node: &Value, out: &mut String) {
    let ty = node.get("type").and_then(Value::as_str).unwrap_or("");
    match ty {
        "paragraph" => {
            let inner = inline(children(node));
            if !inner.trim().is_empty() {
                out.push_str(&format!("<p>{inner}</p>"));
            }
        }
        "heading" | "extended-heading" => {
            let tag = node
                .get("tag")
                .and_then(Value::as_str)
                .filter(|t| matches!(*t, "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
                .unwrap_or("h2");
            out.push_str(&format!("<{tag}>{}</{tag}>", inline(children(node))));
        }
        "quote" | "extended-quote" => {
            out.push_str(&format!(
                "<blockquote>{}</blockquote>",
                inline(children(node))
            ));
        }
        "aside" => out.push_str(&format!(
            "<blockquote class=\"kg-blockquote-alt\">{}</blockquote>",
            inline(children(node))
        )),
        "list" => {
            let tag = match (
                node.get("tag").and_then(Value::as_str),
                node.get("listType").and_then(Value::as_str),
            ) {
                (Some("ol"), _) | (None, Some("number")) => "ol",
                _ => "ul",
            };
            let start = node.get("start").and_then(Value::as_i64).unwrap_or(1);
            if tag == "ol" && start != 1 {
                out.push_str(&format!("<ol start=\"{start}\">"));
            } else {
                out.push_str(&format!("<{tag}>"));
            }
            // A nested list is a list item of its own whose first child is the list: it
            // belongs inside the item before it.
            let mut li_open = false;
            for item in children(node) {
                let kids = children(item);
                let nested = kids
                    .first()
                    .is_some_and(|k| k.get("type").and_then(Value::as_str) == Some("list"));
                if nested {
                    block(&kids[0], out);
                } else {
                    if li_open {
                        out.push_str("</li>");
                    }
                    out.push_str("<li>");
                    out.push_str(&inline(kids));
                    li_open = true;
                }
            }
            if li_open {
                out.push_str("</li>");
            }
            out.push_str(&format!("</{tag}>"));
        }
        _ => out.push_str(&inline(children(node))),
    }
}

/// Inline children: runs of text share their format tags (`<strong>a <em>b</em></strong>`
/// rather than a tag per node), links are islands of their own.
fn inline(nodes: &[Value]) -> String {
    let mut out = String::new();
    let mut open: Vec<u64> = Vec::new();
    let close_all = |out: &mut String, open: &mut Vec<u64>| {
        while let Some(bit) = open.pop() {
            out.push_str(&format!("</{}>", tag_of(bit)));
        }
    };
    for node in nodes {
        match node.get("type").and_then(Value::as_str).unwrap_or("") {
            "text" | "extended-text" | "tk" | "hashtag" | "emoji" | "at-link-search" => {
                let format = node.get("format").and_then(Value::as_u64).unwrap_or(0);
                // Close from the innermost out until only formats this text has stay open.
                while let Some(pos) = open.iter().position(|b| format & b == 0) {
                    while open.len() > pos {
                        if let Some(bit) = open.pop() {
                            out.push_str(&format!("</{}>", tag_of(bit)));
                        }
                    }
                }
                for (bit, tag) in FORMATS {
                    if format & bit != 0 && !open.contains(&bit) {
                        out.push_str(&format!("<{tag}>"));
                        open.push(bit);
                    }
                }
                let text = node.get("text").and_then(Value::as_str).unwrap_or("");
                out.push_str(&esc(text));
            }
            "linebreak" => out.push_str("<br>"),
            "link" | "autolink" => {
                close_all(&mut out, &mut open);
                let url = node.get("url").and_then(Value::as_str).unwrap_or("");
                out.push_str("<a");
                if !url.is_empty() {
                    out.push_str(&format!(" href=\"{}\"", esc(url)));
                }
                if let Some(rel) = node.get("rel").and_then(Value::as_str) {
                    out.push_str(&format!(" rel=\"{}\"", esc(rel)));
                }
                out.push('>');
                out.push_str(&inline(children(node)));
                out.push_str("</a>");
            }
            _ => {
                close_all(&mut out, &mut open);
                out.push_str(&inline(children(node)));
            }
        }
    }
    close_all(&mut out, &mut open);
    out
}

fn tag_of(bit: u64) -> &'static str {
    FORMATS
        .iter()
        .find(|(b, _)| *b == bit)
        .map_or("span", |(_, t)| *t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(children: &str) -> String {
        format!(r#"{{"root":{{"type":"root","children":[{children}]}}}}"#)
    }

    #[test]
    fn text_formats_share_their_tags() {
        let (html, _) = render(&doc(
            r#"{"type":"paragraph","children":[
                {"type":"extended-text","text":"a ","format":1},
                {"type":"extended-text","text":"b","format":3},
                {"type":"extended-text","text":" c","format":0},
                {"type":"link","url":"https://x.example/?q=1&r","children":[{"type":"text","text":"l<","format":16}]},
                {"type":"linebreak"},{"type":"text","text":"d","format":128}]}"#,
        ))
        .expect("readable");
        assert_eq!(
            html,
            "<p><strong>a <em>b</em></strong> c<a href=\"https://x.example/?q=1&amp;r\"><code>l&lt;</code></a><br><mark>d</mark></p>"
        );
    }

    #[test]
    fn lists_nest_inside_the_item_before_them() {
        let (html, _) = render(&doc(
            r#"{"type":"list","listType":"number","start":3,"tag":"ol","children":[
                {"type":"listitem","children":[{"type":"text","text":"one"}]},
                {"type":"listitem","children":[{"type":"list","listType":"bullet","tag":"ul","children":[
                    {"type":"listitem","children":[{"type":"text","text":"one.a"}]}]}]},
                {"type":"listitem","children":[{"type":"text","text":"two"}]}]}"#,
        ))
        .expect("readable");
        assert_eq!(
            html,
            "<ol start=\"3\"><li>one<ul><li>one.a</li></ul></li><li>two</li></ol>"
        );
    }

    #[test]
    fn headings_quotes_and_cards() {
        let (html, unknown) = render(&doc(
            r#"{"type":"extended-heading","tag":"h3","children":[{"type":"text","text":"H"}]},
               {"type":"aside","children":[{"type":"text","text":"pull"}]},
               {"type":"horizontalrule"},{"type":"paragraph","children":[]},
               {"type":"collection","collection":"latest"}"#,
        ))
        .expect("readable");
        assert_eq!(
            html,
            "<h3>H</h3><blockquote class=\"kg-blockquote-alt\">pull</blockquote><hr>"
        );
        assert_eq!(unknown, ["collection"]);
    }

    #[test]
    fn broken_documents_are_errors_or_nothing_never_panics() {
        assert!(render("{\"root\":").is_err());
        assert!(render("{}").is_err());
        assert!(
            render(&doc(
                r#"1,"x",{"type":7},{"type":"list","children":[1,{"children":"x"}]}"#
            ))
            .is_ok()
        );
        let deep = format!(
            "{}{}",
            r#"{"type":"list","children":[{"type":"listitem","children":["#.repeat(40),
            "]}]}".repeat(40)
        );
        assert!(
            render(&doc(&deep)).is_err(),
            "deeper than serde_json's limit"
        );
    }
}
