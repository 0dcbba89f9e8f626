//! Caps element nesting before parsing, and drops comments.
//!
//! The HTML tree builder checks "is a `<p>` in button scope?" for every block start tag by
//! walking the stack of open elements, so `"<div>" * 100_000` costs time quadratic in the
//! depth (24 s measured), and sloppy markup that never closes its `<div>`s slows every later
//! tag down. A linear pre-scan therefore unwraps presentational wrappers (`div`, `span`, …)
//! nested deeper than [`WRAPPER_DEPTH`] (a block wrapper leaves a space so words never glue),
//! and any element deeper than [`MAX_DEPTH`]; the text inside always stays. Comments
//! (Gutenberg's `<!-- wp:… -->` delimiters are everywhere) are removed at the same time: the
//! converter ignores them (all but the summary divider, `<!--more-->`) and the parser would
//! build a node for each. Input without comments and within the caps is passed through
//! untouched.

use std::borrow::Cow;

/// Deeper elements are unwrapped (their content kept).
pub const MAX_DEPTH: usize = 64;
/// Deeper presentational wrappers are unwrapped (their content kept).
pub const WRAPPER_DEPTH: usize = 24;

/// Wrappers that only separate blocks: unwrapping one leaves a space.
const BLOCK_WRAPPERS: &[&str] = &[
    "div", "section", "article", "main", "header", "footer", "aside", "nav", "center", "address",
    "hgroup", "details", "summary", "fieldset", "form", "figure",
];
/// Wrappers with no meaning for the converter: unwrapping one leaves nothing.
const INLINE_WRAPPERS: &[&str] = &[
    "span", "font", "small", "big", "u", "ins", "abbr", "acronym", "cite", "q", "time", "label",
    "bdi", "bdo", "data", "var", "dfn",
];

/// Elements that never hold content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
];

/// Elements whose end tag is optional or implied often enough that counting them would
/// overstate the depth (`<p>` after `<p>`, `<li>` after `<li>`, `<a>` after `<a>`): the parser
/// closes an open one whatever lies between, or ignores them outside a table.
const LOOSE: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "colgroup", "caption", "a",
    "html", "head", "body", "nobr", "button", "form",
];

/// Elements that the parser closes only when one of the same group is the current node
/// (`<h1>a<h2>` ends the `<h1>`, but `<h1><b><h2>` nests, and so does `<optgroup>` after
/// `<optgroup>`, or `<rt>` after `<rt>` outside `<ruby>`): counted, replacing the top of the
/// stack when it is of the same group.
const CLOSE_CURRENT: &[&[&str]] = &[&["h1", "h2", "h3", "h4", "h5", "h6"], &["option"]];

/// Elements whose `<x/>` really ends them: MathML and SVG. In HTML the slash is ignored and a
/// non-void element stays open, so `<x/>` nests like `<x>`.
const FOREIGN: &[&str] = &["svg", "math"];
/// Elements inside MathML or SVG whose content is HTML again.
const HTML_INSIDE_FOREIGN: &[&str] = &[
    "foreignobject",
    "desc",
    "mi",
    "mo",
    "mn",
    "ms",
    "mtext",
    "annotation-xml",
];

/// Elements whose content is raw text: no tags inside.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];

struct Tag<'a> {
    /// A comment (`name` is empty).
    comment: bool,
    /// As written; compare with `eq_ignore_ascii_case`.
    name: &'a str,
    end: bool,
    self_closing: bool,
    /// Byte range of the whole tag in the input.
    range: std::ops::Range<usize>,
}

fn is_in(list: &[&str], name: &str) -> bool {
    list.iter().any(|l| l.eq_ignore_ascii_case(name))
}

/// Returns the input with comments removed and over-deep elements unwrapped (see the module
/// documentation); borrowed when nothing needed to change.
pub fn cap_depth(html: &str, max: usize) -> Cow<'_, str> {
    cap_depths(html, WRAPPER_DEPTH.min(max), max)
}

/// Whole pages: their templates nest far deeper than a post body (a block theme's wrappers
/// inside wrappers), and the extractor needs their class names, so only nesting no real page
/// reaches is unwrapped — enough to keep the tree builder and every walk over the tree
/// linear on a hostile page.
pub fn cap_page_depth(html: &str) -> Cow<'_, str> {
    cap_depths(html, PAGE_WRAPPER_DEPTH, PAGE_MAX_DEPTH)
}

/// Page nesting caps (see [`cap_page_depth`]).
const PAGE_WRAPPER_DEPTH: usize = 160;
const PAGE_MAX_DEPTH: usize = 256;

/// [`cap_depth`] with its two caps given.
fn cap_depths(html: &str, wrapper_max: usize, max: usize) -> Cow<'_, str> {
    if !needs_rewrite(html, wrapper_max) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut stack: Vec<&str> = Vec::new();
    // Unwrapped start tags per name, so their end tags are unwrapped too.
    let mut dropped: Vec<(&str, usize)> = Vec::new();
    let mut last = 0;
    // End of the last `<pre>`/`<listing>` start tag: a comment right after one must stay, or
    // the newline after the comment would become the newline the parser drops.
    let mut pre_end = usize::MAX;
    scan(html, |t| {
        let replacement = if t.comment {
            // The summary divider is the one comment the converter reads.
            let divider = html
                .get(t.range.clone())
                .and_then(|c| c.strip_prefix("<!--")?.strip_suffix("-->"))
                .is_some_and(super::convert::is_summary_divider);
            (t.range.start != pre_end && !divider).then_some("")
        } else if t.end {
            match dropped
                .iter_mut()
                .find(|(n, c)| *c > 0 && n.eq_ignore_ascii_case(t.name))
            {
                Some((_, c)) => {
                    *c -= 1;
                    Some(if is_in(BLOCK_WRAPPERS, t.name) {
                        " "
                    } else {
                        ""
                    })
                }
                None => {
                    close(&mut stack, t.name);
                    None
                }
            }
        } else if counts(&t, &stack) {
            let block = is_in(BLOCK_WRAPPERS, t.name);
            let wrapper = block || is_in(INLINE_WRAPPERS, t.name);
            // An element that replaces the current node adds no depth.
            let replaces = closes_top(&stack, t.name);
            if !replaces && (stack.len() >= max || (wrapper && stack.len() >= wrapper_max)) {
                match dropped
                    .iter_mut()
                    .find(|(n, _)| n.eq_ignore_ascii_case(t.name))
                {
                    Some((_, c)) => *c += 1,
                    None => dropped.push((t.name, 1)),
                }
                Some(if block { " " } else { "" })
            } else {
                open(&mut stack, t.name);
                None
            }
        } else {
            None
        };
        if !t.end && !t.comment && is_in(&["pre", "listing"], t.name) {
            pre_end = t.range.end;
        }
        if let Some(r) = replacement {
            out.push_str(&html[last..t.range.start]);
            // A literal `<` right before a removed tag would otherwise meet the text after it
            // and open a tag nobody wrote (`<<i>b` → `<b`), one this scan never counted.
            if r.is_empty() && out.ends_with('<') {
                out.pop();
                out.push_str("&lt;");
            }
            out.push_str(r);
            last = t.range.end;
        }
    });
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

/// Whether a start tag opens an element that nests, given the elements open around it.
fn counts(t: &Tag<'_>, stack: &[&str]) -> bool {
    let closed = t.self_closing && (is_in(FOREIGN, t.name) || in_foreign(stack));
    !closed && !is_in(VOID, t.name) && !is_in(LOOSE, t.name)
}

/// Whether the innermost open element that decides it makes this MathML or SVG content.
fn in_foreign(stack: &[&str]) -> bool {
    stack
        .iter()
        .rev()
        .find_map(|n| {
            if is_in(FOREIGN, n) {
                Some(true)
            } else {
                is_in(HTML_INSIDE_FOREIGN, n).then_some(false)
            }
        })
        .unwrap_or(false)
}

/// Whether the parser closes the current node before opening `name` (see [`CLOSE_CURRENT`];
/// `<optgroup>` also ends a current `<option>`).
fn closes_top(stack: &[&str], name: &str) -> bool {
    stack.last().is_some_and(|top| {
        CLOSE_CURRENT
            .iter()
            .any(|group| is_in(group, top) && is_in(group, name))
            || (top.eq_ignore_ascii_case("option") && name.eq_ignore_ascii_case("optgroup"))
    })
}

/// Opens a counted element, closing the current node first when the parser would.
fn open<'a>(stack: &mut Vec<&'a str>, name: &'a str) {
    if closes_top(stack, name) {
        stack.pop();
    }
    stack.push(name);
}

/// Pops up to the innermost open element of that name; a stray end tag changes nothing.
fn close(stack: &mut Vec<&str>, name: &str) {
    if let Some(i) = stack.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
        stack.truncate(i);
    }
}

/// Cheap first pass: any comment, or a counted depth beyond `max`?
fn needs_rewrite(html: &str, max: usize) -> bool {
    let mut stack: Vec<&str> = Vec::new();
    let mut found = false;
    scan(html, |t| {
        if found {
            return;
        }
        if t.comment {
            found = true;
        } else if t.end {
            close(&mut stack, t.name);
        } else if counts(&t, &stack) {
            open(&mut stack, t.name);
            found = stack.len() > max;
        }
    });
    found
}

/// Calls `f` for every start tag, end tag and comment, skipping doctypes and raw-text content.
fn scan<'a>(html: &'a str, mut f: impl FnMut(Tag<'a>)) {
    let b = html.as_bytes();
    let n = b.len();
    let mut i = 0;
    while i < n {
        let Some(off) = memchr_lt(&b[i..]) else { break };
        let start = i + off;
        i = start + 1;
        if i >= n {
            break;
        }
        if b[i..].starts_with(b"!--") {
            // An unterminated comment runs to the end, as in a browser.
            // `<!-->` and `<!--->` are complete (empty) comments; `--!>` also closes one.
            let body = i + 3;
            let end = if b[body..].starts_with(b">") {
                body + 1
            } else if b[body..].starts_with(b"->") {
                body + 2
            } else {
                let mut p = body;
                loop {
                    match find(b, p, b"--") {
                        Some(d) if b[d + 2..].starts_with(b">") => break d + 3,
                        Some(d) if b[d + 2..].starts_with(b"!>") => break d + 4,
                        Some(d) => p = d + 1,
                        None => break n,
                    }
                }
            };
            f(Tag {
                comment: true,
                name: "",
                end: false,
                self_closing: false,
                range: start..end,
            });
            i = end;
            continue;
        }
        if b[i] == b'!' || b[i] == b'?' {
            i = find(b, i, b">").map_or(n, |e| e + 1);
            continue;
        }
        let end = b[i] == b'/';
        let name_start = if end { i + 1 } else { i };
        if name_start >= n || !b[name_start].is_ascii_alphabetic() {
            continue;
        }
        let mut j = name_start;
        while j < n && !matches!(b[j], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>') {
            j += 1;
        }
        let name = &html[name_start..j];
        let (k, self_closing) = tag_rest(b, j);
        let tag_end = (k + 1).min(n);
        i = tag_end;
        let raw = !end && is_in(RAW, name);
        f(Tag {
            comment: false,
            name,
            end,
            self_closing,
            range: start..tag_end,
        });
        if raw {
            // Skip to the matching end tag (case-insensitively).
            let mut p = i;
            loop {
                match find(b, p, b"</") {
                    Some(e)
                        if b.len() >= e + 2 + name.len()
                            && b[e + 2..e + 2 + name.len()]
                                .eq_ignore_ascii_case(name.as_bytes()) =>
                    {
                        i = e;
                        break;
                    }
                    Some(e) => p = e + 2,
                    None => {
                        i = n;
                        break;
                    }
                }
            }
        }
    }
}

/// Where the tokenizer is among a tag's attributes (the HTML spec's states).
#[derive(Clone, Copy)]
enum Attr {
    BeforeName,
    Name,
    AfterName,
    BeforeValue,
    Quoted(u8),
    Unquoted,
}

/// Follows a tag's attributes from `from` (just after its name) as the HTML tokenizer does:
/// returns where its `>` is (or the input's end) and whether it ends in `/>`. A quote only
/// opens a value right after `=`; anywhere else it is part of a name or value, so
/// `a"b` or `a=b"c` do not hide the `>` that ends the tag.
fn tag_rest(b: &[u8], from: usize) -> (usize, bool) {
    let mut state = Attr::BeforeName;
    // The previous byte was a `/` between attributes: `/>` ends a self-closing tag.
    let mut slash = false;
    let mut k = from;
    while k < b.len() {
        let c = b[k];
        let ws = matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        let after_slash = std::mem::take(&mut slash);
        state = match state {
            Attr::Quoted(q) if c == q => Attr::BeforeName,
            Attr::Quoted(q) => Attr::Quoted(q),
            _ if c == b'>' => return (k, after_slash),
            Attr::BeforeValue if c == b'"' || c == b'\'' => Attr::Quoted(c),
            Attr::BeforeValue if ws => Attr::BeforeValue,
            Attr::BeforeValue => Attr::Unquoted,
            Attr::Unquoted if ws => Attr::BeforeName,
            Attr::Unquoted => Attr::Unquoted,
            _ if c == b'/' => {
                slash = true;
                Attr::BeforeName
            }
            Attr::Name | Attr::AfterName if c == b'=' => Attr::BeforeValue,
            Attr::Name | Attr::AfterName if ws => Attr::AfterName,
            Attr::BeforeName if ws => Attr::BeforeName,
            _ => Attr::Name,
        };
        k += 1;
    }
    (k, false)
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..]
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| p + from)
}

#[cfg(test)]
mod tests {
    use super::cap_depth;

    #[test]
    fn shallow_input_is_untouched() {
        let s = "<div><p>a<div>b</div></p></div>";
        assert!(matches!(cap_depth(s, 3), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn deep_tags_are_dropped_with_their_end_tags() {
        let s = "<em><em><em><em>x</em></em></em></em><p>after</p>";
        assert_eq!(cap_depth(s, 2), "<em><em>x</em></em><p>after</p>");
    }

    #[test]
    fn deep_wrappers_leave_a_space() {
        let s = format!(
            "{}<div>a</div><div>b</div>",
            "<div>".repeat(super::WRAPPER_DEPTH)
        );
        let out = cap_depth(&s, 100);
        assert!(out.ends_with(" a  b "), "{out}");
    }

    #[test]
    fn comments_are_removed() {
        assert_eq!(cap_depth("a<!-- wp:p -->b<!--x", 10), "ab");
        assert_eq!(cap_depth("a<!-->b<!--->c<!-- x --!>d", 10), "abcd");
        // The parser drops a newline right after `<pre>`, not one after a comment.
        assert_eq!(
            cap_depth("<pre><!-- c -->\nx</pre><!-- d -->", 10),
            "<pre><!-- c -->\nx</pre>"
        );
    }

    #[test]
    fn raw_text_and_attributes_are_not_tags() {
        let s = "<div title='a>b'><script>'<div><div><div>'</script></div>";
        assert!(matches!(cap_depth(s, 2), std::borrow::Cow::Borrowed(_)));
    }
}
