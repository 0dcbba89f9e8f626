//! HTML made safe to show inside the review page: the page promises no network and no
//! scripts, and post HTML comes from an old site nobody audited. The frames that show it are
//! sandboxed without scripts as well; this is the second wall, and it also keeps the frames
//! quiet (a blocked image load is a console error in every frame).
//!
//! The HTML is parsed and written out again rather than filtered as text, so nothing the
//! browser would read differently from this code (broken quotes, odd casing, entities in
//! `javascript:`) can slip through.

use ego_tree::iter::Edge;
use scraper::{Html, Node};
use std::fmt::Write as _;

/// Elements dropped with everything inside them: they run code, load things, restyle the
/// review page, or hold raw text that would not survive being written out again.
const DROPPED: &[&str] = &[
    "script",
    "style",
    "object",
    "embed",
    "applet",
    "frameset",
    "frame",
    "base",
    "link",
    "meta",
    "noscript",
    "template",
    "xmp",
    "plaintext",
    "noembed",
    "noframes",
    "title",
    "head",
    "portal",
];

/// Frames become a line naming what they showed: embeds are one of the things a reviewer
/// checks, and the frame itself would load its page from the network.
const FRAMES: &[&str] = &["iframe"];

/// Attributes that load a resource when the element is shown; kept under a `data-` name so
/// the reviewer can still read them.
const LOADS: &[&str] = &[
    "src",
    "srcset",
    "poster",
    "background",
    "lowsrc",
    "dynsrc",
    "data",
    "codebase",
    "ping",
    "imagesrcset",
    "formaction",
    "action",
];

const VOID: &[&str] = &[
    "area", "br", "col", "embed", "hr", "img", "input", "keygen", "param", "source", "track", "wbr",
];

/// Returns `html` (a fragment) with scripts, styles, frames, event handlers, script URLs and
/// resource loads removed; the text and the rest of the markup are kept.
pub fn sanitize(html: &str) -> String {
    let capped = crate::html::depth::cap_depth(html, crate::html::depth::MAX_DEPTH);
    let doc = Html::parse_fragment(&capped);
    let mut out = String::with_capacity(html.len());
    // Subtree being dropped: its root's id, so everything until its close is skipped.
    let mut skipping = None;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => escape_text(&mut out, t),
                    Node::Element(el) => {
                        let name = el.name();
                        if is_in(DROPPED, name) {
                            skipping = Some(node.id());
                        } else if is_in(FRAMES, name) {
                            skipping = Some(node.id());
                            out.push_str("<p data-unpress=\"embed\">[embedded frame");
                            if let Some(src) = el.attr("src") {
                                out.push_str(": ");
                                escape_text(&mut out, src);
                            }
                            out.push_str("]</p>");
                        } else if name != "html" && safe_name(name) {
                            open_tag(&mut out, name, el.attrs());
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Node::Element(el) = node.value() {
                    let name = el.name();
                    if name != "html" && safe_name(name) && !is_in(VOID, name) {
                        let _ = write!(out, "</{name}>");
                    }
                }
            }
        }
    }
    out
}

fn open_tag<'a>(out: &mut String, name: &str, attrs: impl Iterator<Item = (&'a str, &'a str)>) {
    out.push('<');
    out.push_str(name);
    for (attr, value) in attrs {
        let Some(attr) = keep_attr(name, attr, value) else {
            continue;
        };
        out.push(' ');
        out.push_str(attr);
        out.push_str("=\"");
        escape_attr(out, value);
        out.push('"');
    }
    out.push('>');
}

/// The name an attribute is written under, or None to drop it.
fn keep_attr<'a>(element: &str, attr: &'a str, value: &str) -> Option<&'a str> {
    let lower = attr.to_ascii_lowercase();
    if !safe_name(attr) || lower.starts_with("on") || lower == "http-equiv" {
        return None;
    }
    // Inline images are the one thing the page may show (its policy allows `data:` images).
    if element == "img" && lower == "src" && squeezed(value, 11) == "data:image/" {
        return Some(attr);
    }
    if runs_script(value) {
        return None;
    }
    if lower == "style"
        && ["url(", "expression", "@import", "\\", "image-set("]
            .iter()
            .any(|s| squeezed(value, usize::MAX).contains(s))
    {
        return None;
    }
    // Links only navigate when clicked; on anything else (svg `<use>`, `<image>`) a
    // reference loads.
    let loads = is_in(LOADS, &lower)
        || ((lower == "href" || lower == "xlink:href") && !matches!(element, "a" | "area"));
    if loads {
        return Some(match lower.as_str() {
            "src" => "data-src",
            "srcset" => "data-srcset",
            "href" | "xlink:href" => "data-href",
            _ => "data-load",
        });
    }
    Some(attr)
}

/// The first `len` characters of an attribute value as a browser reads it for a URL scheme
/// or a style: lowercased, without the whitespace and control characters it skips.
fn squeezed(value: &str, len: usize) -> String {
    value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .take(len)
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether a URL (entities already decoded) would run or show code of its own when followed.
pub(super) fn runs_script(url: &str) -> bool {
    let scheme = squeezed(url, 11);
    ["javascript:", "vbscript:", "data:", "livescript:"]
        .iter()
        .any(|s| scheme.starts_with(s))
}

/// Tag and attribute names that can be written back verbatim.
fn safe_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
}

fn is_in(list: &[&str], name: &str) -> bool {
    list.iter().any(|l| l.eq_ignore_ascii_case(name))
}

fn escape_text(out: &mut String, text: &str) {
    escape(out, text, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'\0' => Some(""),
        _ => None,
    });
}

pub(super) fn escape_attr(out: &mut String, text: &str) {
    escape(out, text, |b| match b {
        b'&' => Some("&amp;"),
        b'"' => Some("&quot;"),
        b'<' => Some("&lt;"),
        b'\0' => Some(""),
        _ => None,
    });
}

/// Appends `text` with the ASCII bytes `replace` names replaced, copying the runs between
/// them whole (post HTML is megabytes; a push per character is measurable).
pub(super) fn escape(out: &mut String, text: &str, replace: impl Fn(u8) -> Option<&'static str>) {
    let mut done = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(with) = replace(b) {
            out.push_str(&text[done..i]);
            out.push_str(with);
            done = i + 1;
        }
    }
    out.push_str(&text[done..]);
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn scripts_styles_and_handlers_are_gone_text_stays() {
        let out = sanitize(
            "<p onclick=\"steal()\" class=x>Hello <b>world</b></p>\
             <script>alert(1)</script><style>body{display:none}</style>\
             <SCRIPT SRC=//evil.example/x.js></SCRIPT><p>after</p>",
        );
        assert_eq!(out, "<p class=\"x\">Hello <b>world</b></p><p>after</p>");
    }

    #[test]
    fn script_urls_are_dropped_however_spelled() {
        for href in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "&#106;avascript:alert(1)",
            "jav&#x09;ascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
        ] {
            let out = sanitize(&format!("<a href=\"{href}\">x</a>"));
            assert_eq!(out, "<a>x</a>", "{href}");
        }
        assert_eq!(
            sanitize("<a href=\"https://example.com/a?b=1&amp;c\">x</a>"),
            "<a href=\"https://example.com/a?b=1&amp;c\">x</a>"
        );
    }

    #[test]
    fn resource_loads_are_kept_readable_but_inert() {
        let out = sanitize(
            "<img src=\"https://old.example/a.jpg\" srcset=\"a.jpg 2x\" alt=\"A cat\">\
             <img src=\"data:image/png;base64,AAAA\">\
             <iframe src=\"https://www.youtube.com/embed/xyz\"><p>inside</p></iframe>\
             <svg><use href=\"#icon\"/></svg>\
             <p style=\"background:url(https://t.example/p.gif)\">tracked</p>\
             <p style=\"color: red\">red</p>",
        );
        assert_eq!(
            out,
            "<img alt=\"A cat\" data-src=\"https://old.example/a.jpg\" data-srcset=\"a.jpg 2x\">\
             <img src=\"data:image/png;base64,AAAA\">\
             <p data-unpress=\"embed\">[embedded frame: https://www.youtube.com/embed/xyz]</p>\
             <svg><use data-href=\"#icon\"></use></svg>\
             <p>tracked</p><p style=\"color: red\">red</p>"
        );
    }

    #[test]
    fn markup_that_would_reparse_differently_is_written_escaped() {
        let out = sanitize("<p title='a\"><script>x</script>'>t &lt;script&gt;</p><!-- c -->");
        assert_eq!(
            out,
            "<p title=\"a&quot;>&lt;script>x&lt;/script>\">t &lt;script&gt;</p>"
        );
        assert!(!sanitize("<p>a</p></div></body><script>x</script>").contains("<script"));
    }

    #[test]
    fn deep_nesting_stays_cheap() {
        let html = "<div>".repeat(50_000) + "deep";
        let out = sanitize(&html);
        assert!(out.contains("deep"));
    }
}
