//! HTML made safe to show inside the review page: the page promises no network and no
//! scripts, and post HTML comes from an old site nobody audited. The frames that show it are
//! sandboxed without scripts as well; this is the second wall, and it also keeps the frames
//! quiet (a blocked image load is a console error in every frame).
//!
//! The HTML is tokenized and written out again rather than filtered as text, so nothing the
//! browser would read differently from this code (broken quotes, odd casing, entities in
//! `javascript:`) can slip through: every tag in the output is one written here, with its
//! attributes quoted and all text escaped. The tree is left to the frame's own parser:
//! building one here would cost a second parse per post for nothing the output needs.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts,
};
use std::cell::RefCell;
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
    "portal",
];

/// A document's own wrappers: the tags are not written (the frame has its own), what is
/// inside them is.
const WRAPPERS: &[&str] = &["html", "head", "body"];

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
    let writer = Writer {
        out: RefCell::new(String::with_capacity(html.len() + html.len() / 8)),
        skipping: RefCell::new(None),
    };
    let tokenizer = Tokenizer::new(writer, TokenizerOpts::default());
    let queue = BufferQueue::default();
    queue.push_back(StrTendril::from_slice(html));
    let _ = tokenizer.feed(&queue);
    tokenizer.end();
    tokenizer.sink.out.take()
}

/// Writes the safe tokens.
struct Writer {
    out: RefCell<String>,
    /// The element being dropped with its content, and how deep in itself.
    skipping: RefCell<Option<(String, usize)>>,
}

impl TokenSink for Writer {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        match token {
            Token::CharacterTokens(text) if self.skipping.borrow().is_none() => {
                escape_text(&mut self.out.borrow_mut(), &text);
            }
            Token::TagToken(tag) => {
                self.tag(&tag);
                // Raw text is read as the browser reads it, dropped or not, so that no tag
                // inside a script or a style is taken for markup.
                if tag.kind == TagKind::StartTag {
                    return match &*tag.name {
                        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
                        "style" | "xmp" | "iframe" | "noembed" | "noframes" => {
                            TokenSinkResult::RawData(RawKind::Rawtext)
                        }
                        "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
                        "plaintext" => TokenSinkResult::Plaintext,
                        _ => TokenSinkResult::Continue,
                    };
                }
            }
            _ => {}
        }
        TokenSinkResult::Continue
    }
}

impl Writer {
    fn tag(&self, tag: &Tag) {
        let name: &str = &tag.name;
        let start = tag.kind == TagKind::StartTag;
        let mut skipping = self.skipping.borrow_mut();
        if let Some((dropped, depth)) = skipping.as_mut() {
            if name == dropped.as_str() {
                if start {
                    *depth += 1;
                } else {
                    *depth -= 1;
                    if *depth == 0 {
                        *skipping = None;
                    }
                }
            }
            return;
        }
        if is_in(WRAPPERS, name) || !safe_name(name) {
            return;
        }
        let void = is_in(VOID, name);
        let out = &mut *self.out.borrow_mut();
        if is_in(DROPPED, name) || is_in(FRAMES, name) {
            if start && is_in(FRAMES, name) {
                out.push_str("<p data-unpress=\"embed\">[embedded frame");
                if let Some(src) = tag.attrs.iter().find(|a| &*a.name.local == "src") {
                    out.push_str(": ");
                    escape_text(out, &src.value);
                }
                out.push_str("]</p>");
            }
            if start && !void && !matches!(name, "base" | "link" | "meta" | "frame") {
                *skipping = Some((name.to_string(), 1));
            }
            return;
        }
        if start {
            let attrs = tag.attrs.iter().map(|a| (&*a.name.local, &*a.value));
            open_tag(out, name, attrs);
            // `<use/>` in SVG closes itself; written as a pair it means the same anywhere.
            if tag.self_closing && !void {
                let _ = write!(out, "</{name}>");
            }
        } else if !void {
            let _ = write!(out, "</{name}>");
        }
    }
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
            "<img data-src=\"https://old.example/a.jpg\" data-srcset=\"a.jpg 2x\" alt=\"A cat\">\
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
    fn dropped_elements_take_their_content_and_only_theirs() {
        assert_eq!(
            sanitize(
                "<html><head><title>t</title><style>p{}</style></head><body>\
                 <object><object></object><p>in</p></object><p>out</p></body></html>"
            ),
            "<p>out</p>"
        );
        assert_eq!(
            sanitize("<textarea><p>x</p></textarea>"),
            "<textarea>&lt;p&gt;x&lt;/p&gt;</textarea>"
        );
        assert_eq!(sanitize("<p>a</p><script>if (a </p> b) {"), "<p>a</p>");
        assert_eq!(
            sanitize("<noscript><img src=x onerror=alert(1)></noscript>ok"),
            "ok"
        );
    }

    #[test]
    fn deep_nesting_stays_cheap() {
        let html = "<div>".repeat(50_000) + "deep";
        let out = sanitize(&html);
        assert!(out.contains("deep"));
    }
}
