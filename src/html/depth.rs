//! Caps element nesting before parsing.
//!
//! The HTML tree builder checks "is a `<p>` in button scope?" for every block start tag by
//! walking the stack of open elements, so `"<div>" * 100_000` costs time quadratic in the
//! depth (24 s measured). Real posts never nest hundreds of elements deep, so a linear
//! pre-scan drops start tags (and their end tags) beyond [`MAX_DEPTH`]; their text stays.
//! Documents within the cap are passed through untouched.

use std::borrow::Cow;

/// Deeper elements are unwrapped (their content kept).
pub const MAX_DEPTH: usize = 64;

/// Elements that never hold content.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound", "image",
];

/// Elements whose end tag is optional or implied often enough that counting them would
/// overstate the depth (`<p>` after `<p>`, `<li>` after `<li>`, `<a>` after `<a>`).
const LOOSE: &[&str] = &[
    "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot",
    "colgroup", "caption", "rt", "rp", "rb", "rtc", "a", "html", "head", "body", "h1", "h2", "h3",
    "h4", "h5", "h6", "nobr", "button", "form",
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

/// Returns the input with start tags nested deeper than `max` (and their end tags) removed.
pub fn cap_depth(html: &str, max: usize) -> Cow<'_, str> {
    if !exceeds(html, max) {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut stack: Vec<&str> = Vec::new();
    let mut dropped: Vec<(&str, usize)> = Vec::new();
    let mut last = 0;
    scan(html, |t| {
        let keep = if t.end {
            match dropped
                .iter_mut()
                .find(|(n, c)| *c > 0 && n.eq_ignore_ascii_case(t.name))
            {
                Some((_, c)) => {
                    *c -= 1;
                    false
                }
                None => {
                    close(&mut stack, t.name);
                    true
                }
            }
        } else if counts(&t) {
            if stack.len() >= max {
                match dropped
                    .iter_mut()
                    .find(|(n, _)| n.eq_ignore_ascii_case(t.name))
                {
                    Some((_, c)) => *c += 1,
                    None => dropped.push((t.name, 1)),
                }
                false
            } else {
                stack.push(t.name);
                true
            }
        } else {
            true
        };
        if !keep {
            out.push_str(&html[last..t.range.start]);
            last = t.range.end;
        }
    });
    out.push_str(&html[last..]);
    Cow::Owned(out)
}

fn counts(t: &Tag<'_>) -> bool {
    !t.self_closing && !is_in(VOID, t.name) && !is_in(LOOSE, t.name)
}

/// Pops up to the innermost open element of that name; a stray end tag changes nothing.
fn close(stack: &mut Vec<&str>, name: &str) {
    if let Some(i) = stack.iter().rposition(|n| n.eq_ignore_ascii_case(name)) {
        stack.truncate(i);
    }
}

/// Cheap first pass: does the counted depth ever exceed `max`?
fn exceeds(html: &str, max: usize) -> bool {
    let mut stack: Vec<&str> = Vec::new();
    let mut over = false;
    scan(html, |t| {
        if over {
            return;
        }
        if t.end {
            close(&mut stack, t.name);
        } else if counts(&t) {
            stack.push(t.name);
            over = stack.len() > max;
        }
    });
    over
}

/// Calls `f` for every start and end tag, skipping comments, doctypes and raw-text content.
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
            i = find(b, i + 3, b"-->").map_or(n, |e| e + 3);
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
        // Attributes: skip quoted values so a `>` inside them does not end the tag.
        let mut quote: Option<u8> = None;
        let mut k = j;
        while k < n {
            let c = b[k];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if c == b'>' => break,
                None => {}
            }
            k += 1;
        }
        let tag_end = (k + 1).min(n);
        let self_closing = k > 0 && k < n && b[k - 1] == b'/';
        i = tag_end;
        let raw = !end && is_in(RAW, name);
        f(Tag {
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
        let s = "<div><div><div><div>x</div></div></div></div><p>after</p>";
        assert_eq!(cap_depth(s, 2), "<div><div>x</div></div><p>after</p>");
    }

    #[test]
    fn raw_text_and_attributes_are_not_tags() {
        let s = "<div title='a>b'><script>'<div><div><div>'</script></div>";
        assert!(matches!(cap_depth(s, 2), std::borrow::Cow::Borrowed(_)));
    }
}
