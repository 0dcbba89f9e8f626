//! Shortcodes (`[gallery ids="1,2"]`, `[caption]…[/caption]`), found by WordPress's rules.
//!
//! WordPress finds shortcodes with the regular expression built by `get_shortcode_regex()` and
//! reads their attributes with `shortcode_parse_atts()` (wp-includes/shortcodes.php). This is a
//! hand-written scanner with the same results for the cases that matter:
//!
//! - `[name attrs]`, `[name attrs /]` (self-closing) and `[name attrs]content[/name]`
//!   (enclosing: the content runs to the *first* `[/name]`, so the same name never nests, exactly
//!   as in WordPress); a name is followed by something that is not a word character or `-`;
//! - `[[name …]]` is escaped: it stands for the literal text `[name …]`;
//! - attributes: `a="x"`, `a='x'`, `a=x`, and positional `"x"`, `'x'`, `x`, with PHP's
//!   `stripcslashes` applied and values holding unclosed HTML emptied, as WordPress does.
//!
//! Which names count is the caller's decision (WordPress only matches registered names), made
//! by the `accept` callback. Content between an opener and its closer is not parsed here: the
//! caller decides whether to look inside (as a WordPress handler calling `do_shortcode` does),
//! so nesting is handled by the caller's explicit stack, never by recursion.
//!
//! Scanning skips HTML tags and comments (a `[` inside `<a title="[x]">` is not a shortcode;
//! WordPress has extra rules for those that are not worth porting) and keeps count of open
//! `<pre>` elements so callers can tell code context. Every search is memoised or indexed, so
//! a scan costs O(n log n) whatever the input, and nothing here can panic on any `&str`.

use std::collections::HashMap;
use std::ops::Range;

/// One shortcode occurrence found by [`Scanner::next_in`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortcode<'a> {
    /// The name as written (`gallery`, `wp_caption`, `contact-form-7`).
    pub name: &'a str,
    /// Raw attribute text between the name and the closing `]` (or `/]`).
    pub attrs: &'a str,
    /// Byte range of the enclosed content for `[x]…[/x]`; `None` for a lone tag.
    pub content: Option<Range<usize>>,
    /// Byte range of the whole occurrence, escape brackets included.
    pub range: Range<usize>,
    /// Written `[x …/]`.
    pub self_closing: bool,
    /// An extra `[` before the tag was consumed (`[[x]`).
    pub extra_open: bool,
    /// An extra `]` after the tag was consumed (`[x]]`).
    pub extra_close: bool,
}

impl Shortcode<'_> {
    /// `[[x]]`: WordPress prints the tag itself, without the outer brackets.
    pub fn is_escaped(&self) -> bool {
        self.extra_open && self.extra_close
    }

    /// The tag without escape brackets: `range` minus the extra `[` and `]`.
    pub fn inner_range(&self) -> Range<usize> {
        let start = self.range.start + usize::from(self.extra_open);
        let end = self.range.end - usize::from(self.extra_close);
        start..end
    }

    /// The parsed attributes.
    pub fn attributes(&self) -> Attrs {
        parse_attrs(self.attrs)
    }
}

/// What the `accept` callback knows about a candidate.
#[derive(Debug, Clone, Copy)]
pub struct Candidate<'a> {
    pub name: &'a str,
    pub attrs: &'a str,
    /// A matching `[/name]` follows within the scanned range.
    pub enclosing: bool,
    pub self_closing: bool,
    /// The byte right after the name (`]`, `/`, whitespace, `=`, …).
    pub after_name: u8,
    /// Inside a `<pre>` or `<code>` element (as far as the tags skipped so far tell).
    pub in_code: bool,
    /// The content up to the first `[/name]`, when `enclosing`.
    pub content: Option<&'a str>,
    /// Written `[[name …]]`: it will print as the literal tag.
    pub escaped: bool,
}

/// An `accept` callback's answer for [`Scanner::next_with`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    /// Not a shortcode here: keep scanning.
    No,
    /// A shortcode, enclosing when a closer follows (WordPress's rule).
    Yes,
    /// A shortcode, but a lone tag even if a closer follows.
    Lone,
}

/// Shortcode attributes in written order; positional ones have no name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attrs {
    pub list: Vec<(Option<String>, String)>,
}

impl Attrs {
    /// The value of a named attribute (names are lower-cased, as WordPress does).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.list
            .iter()
            .find(|(k, _)| k.as_deref() == Some(name))
            .map(|(_, v)| v.as_str())
    }

    /// The first of several names that is present and not blank.
    pub fn first_of(&self, names: &[&str]) -> Option<&str> {
        names
            .iter()
            .find_map(|n| self.get(n).filter(|v| !v.trim().is_empty()))
    }

    /// The `i`-th positional (unnamed) attribute.
    pub fn positional(&self, i: usize) -> Option<&str> {
        self.list
            .iter()
            .filter(|(k, _)| k.is_none())
            .nth(i)
            .map(|(_, v)| v.as_str())
    }
}

fn is_word(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_name_byte(b: u8) -> bool {
    is_word(b) || b == b'-'
}

/// PCRE `\s` (no `u` flag).
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0B' | b'\x0C')
}

/// Next occurrence of one byte, remembering the last answer so forward queries from many
/// positions cost linear time in total.
#[derive(Default)]
struct ByteFinder {
    last: Option<(usize, Option<usize>)>,
    /// Bytes examined by fresh searches (for the linear-time tests).
    work: usize,
}

impl ByteFinder {
    fn find(&mut self, s: &[u8], from: usize, b: u8) -> Option<usize> {
        if let Some((qf, res)) = self.last
            && from >= qf
            && res.is_none_or(|r| from <= r)
        {
            return res;
        }
        let res = s
            .get(from..)
            .and_then(|t| t.iter().position(|&c| c == b))
            .map(|p| p + from);
        self.work += res.map_or(s.len().saturating_sub(from), |r| r - from + 1);
        self.last = Some((from, res));
        res
    }
}

/// Finds shortcodes in one source string. Make one per string and call [`Scanner::next_in`]
/// with non-decreasing positions for linear behaviour (other orders are correct, only slower).
pub struct Scanner<'a> {
    src: &'a str,
    /// Start offsets of every `[/name]`, by name, ascending.
    closers: HashMap<&'a str, Vec<usize>>,
    rbracket: ByteFinder,
    gt: ByteFinder,
    comment_end: Option<(usize, Option<usize>)>,
    pre_depth: usize,
    code_depth: usize,
    work: usize,
    /// Whether HTML tags and comments are skipped (true by default).
    pub skip_html: bool,
}

impl<'a> Scanner<'a> {
    pub fn new(src: &'a str) -> Scanner<'a> {
        let s = src.as_bytes();
        let mut closers: HashMap<&'a str, Vec<usize>> = HashMap::new();
        let mut i = 0;
        while let Some(p) = s
            .get(i..)
            .and_then(|t| t.windows(2).position(|w| w == b"[/"))
        {
            let at = i + p;
            let mut j = at + 2;
            while j < s.len() && s[j] != b']' && !is_ws(s[j]) && s[j] != b'[' && j - at < 200 {
                j += 1;
            }
            if j < s.len()
                && s[j] == b']'
                && j > at + 2
                && let Some(name) = src.get(at + 2..j)
            {
                closers.entry(name).or_default().push(at);
            }
            i = at + 2;
        }
        Scanner {
            src,
            closers,
            rbracket: ByteFinder::default(),
            gt: ByteFinder::default(),
            comment_end: None,
            pre_depth: 0,
            code_depth: 0,
            work: s.len(),
            skip_html: true,
        }
    }

    pub fn source(&self) -> &'a str {
        self.src
    }

    /// Bytes examined so far, counting every fresh search: a measure of the work done, so
    /// tests can check that scanning stays linear without timing anything.
    pub fn work(&self) -> usize {
        self.work + self.rbracket.work + self.gt.work
    }

    /// Whether the last scan position is inside a `<pre>` element (tags skipped so far).
    pub fn in_pre(&self) -> bool {
        self.pre_depth > 0
    }

    /// Whether the last scan position is inside a `<code>` element.
    pub fn in_code(&self) -> bool {
        self.code_depth > 0
    }

    fn find_comment_end(&mut self, from: usize) -> Option<usize> {
        if let Some((qf, res)) = self.comment_end
            && from >= qf
            && res.is_none_or(|r| from <= r)
        {
            return res;
        }
        let s = self.src.as_bytes();
        let res = s
            .get(from..)
            .and_then(|t| t.windows(3).position(|w| w == b"-->"))
            .map(|p| p + from);
        self.work += res.map_or(s.len().saturating_sub(from), |r| r - from + 1);
        self.comment_end = Some((from, res));
        res
    }

    /// The first closer `[/name]` starting at or after `from` and ending by `end`.
    fn closer(&self, name: &str, from: usize, end: usize) -> Option<usize> {
        let list = self.closers.get(name)?;
        let k = list.partition_point(|&p| p < from);
        let p = *list.get(k)?;
        (p + name.len() + 3 <= end).then_some(p)
    }

    /// The next shortcode in `from..end` that `accept` takes, scanning left to right as
    /// WordPress's regular expression does.
    pub fn next_in(
        &mut self,
        from: usize,
        end: usize,
        accept: &mut dyn FnMut(&Candidate) -> bool,
    ) -> Option<Shortcode<'a>> {
        self.next_with(from, end, &mut |c| {
            if accept(c) { Accept::Yes } else { Accept::No }
        })
    }

    /// [`Scanner::next_in`] with a callback that may also refuse a candidate its content.
    pub fn next_with(
        &mut self,
        from: usize,
        end: usize,
        accept: &mut dyn FnMut(&Candidate) -> Accept,
    ) -> Option<Shortcode<'a>> {
        let s = self.src.as_bytes();
        let end = end.min(s.len());
        let mut i = from;
        while i < end {
            let found = s[i..end].iter().position(|&b| b == b'[' || b == b'<');
            self.work += found.map_or(end - i, |o| o + 1);
            let p = i + found?;
            if s[p] == b'<' {
                i = self.skip_markup(p, end);
                continue;
            }
            if let Some(sc) = self.match_at(p, end, accept) {
                return Some(sc);
            }
            i = p + 1;
        }
        None
    }

    /// Steps over a tag or comment starting at `p` (tracking `<pre>`); returns where to go on.
    fn skip_markup(&mut self, p: usize, end: usize) -> usize {
        let s = self.src.as_bytes();
        if !self.skip_html {
            return p + 1;
        }
        if s[p..end].starts_with(b"<!--") {
            return match self.find_comment_end(p + 4) {
                Some(e) if e + 3 <= end => e + 3,
                _ => p + 1,
            };
        }
        let next = s.get(p + 1).copied().unwrap_or(0);
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
            return p + 1;
        }
        let Some(gt) = self.gt.find(s, p + 1, b'>') else {
            return p + 1;
        };
        if gt >= end {
            return p + 1;
        }
        let closing = next == b'/';
        let name_at = p + 1 + usize::from(closing);
        for (tag, depth) in [
            (&b"pre"[..], &mut self.pre_depth),
            (&b"code"[..], &mut self.code_depth),
        ] {
            let n = tag.len();
            if s.len() >= name_at + n
                && s[name_at..name_at + n].eq_ignore_ascii_case(tag)
                && s.get(name_at + n)
                    .is_some_and(|&b| is_ws(b) || b == b'>' || b == b'/')
            {
                if closing {
                    *depth = depth.saturating_sub(1);
                } else {
                    *depth += 1;
                }
            }
        }
        gt + 1
    }

    fn match_at(
        &mut self,
        p: usize,
        end: usize,
        accept: &mut dyn FnMut(&Candidate) -> Accept,
    ) -> Option<Shortcode<'a>> {
        let s = self.src.as_bytes();
        let extra_open = s.get(p + 1) == Some(&b'[');
        let name_start = p + 1 + usize::from(extra_open);
        let mut j = name_start;
        while j < end && is_name_byte(s[j]) {
            j += 1;
        }
        self.work += j - name_start + 1;
        if j == name_start || j >= end {
            return None;
        }
        let name = self.src.get(name_start..j)?;
        let after_name = s[j];
        let rb = self.rbracket.find(s, j, b']')?;
        if rb >= end {
            return None;
        }
        let self_closing = rb > j && s[rb - 1] == b'/';
        let attrs = self.src.get(j..if self_closing { rb - 1 } else { rb })?;
        let mut tag_end = rb + 1;
        let mut content = None;
        if !self_closing && let Some(c) = self.closer(name, tag_end, end) {
            content = Some(tag_end..c);
            tag_end = c + name.len() + 3;
        }
        let cand = Candidate {
            name,
            attrs,
            enclosing: content.is_some(),
            self_closing,
            after_name,
            in_code: self.pre_depth > 0 || self.code_depth > 0,
            content: content.clone().and_then(|c| self.src.get(c)),
            escaped: extra_open && tag_end < end && s[tag_end] == b']',
        };
        match accept(&cand) {
            Accept::No => return None,
            Accept::Yes => {}
            Accept::Lone => {
                content = None;
                tag_end = rb + 1;
            }
        }
        let extra_close = tag_end < end && s[tag_end] == b']';
        Some(Shortcode {
            name,
            attrs,
            content,
            range: p..tag_end + usize::from(extra_close),
            self_closing,
            extra_open,
            extra_close,
        })
    }
}

/// Every top-level shortcode `accept` takes, in order (content is not searched).
pub fn find_all<'a>(
    src: &'a str,
    accept: &mut dyn FnMut(&Candidate) -> bool,
) -> Vec<Shortcode<'a>> {
    let mut sc = Scanner::new(src);
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(m) = sc.next_in(i, src.len(), accept) {
        i = m.range.end;
        out.push(m);
    }
    out
}

/// Every shortcode `accept` takes at any depth (inside enclosing content too), in document
/// order; an explicit stack, no recursion.
pub fn find_nested<'a>(
    src: &'a str,
    accept: &mut dyn FnMut(&Candidate) -> bool,
) -> Vec<Shortcode<'a>> {
    let mut sc = Scanner::new(src);
    let mut out = Vec::new();
    // (next position, end of the range being scanned)
    let mut stack = vec![(0usize, src.len())];
    while let Some((pos, end)) = stack.pop() {
        if let Some(m) = sc.next_in(pos, end, accept) {
            stack.push((m.range.end, end));
            if let Some(c) = &m.content
                && !m.is_escaped()
            {
                stack.push((c.start, c.end));
            }
            out.push(m);
        }
    }
    out
}

// ---- Attributes ------------------------------------------------------------------------------

/// `shortcode_parse_atts()`: named (lower-cased) and positional attributes.
pub fn parse_attrs(text: &str) -> Attrs {
    // WordPress turns NBSP and zero-width spaces into plain spaces first.
    let text: String = text
        .chars()
        .map(|c| {
            if c == '\u{a0}' || c == '\u{200b}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let s = text.as_bytes();
    let mut list = Vec::new();
    let mut dq = ByteFinder::default();
    let mut sq = ByteFinder::default();
    let mut i = 0;
    while i < s.len() {
        if is_ws(s[i]) {
            i += 1;
            continue;
        }
        let (item, next) = attr_at(&text, i, &mut dq, &mut sq);
        list.push(item);
        i = next.max(i + 1);
    }
    for (_, v) in &mut list {
        if v.contains('<') && !balanced_tags(v) {
            v.clear();
        }
    }
    Attrs { list }
}

/// Whether a value only holds complete tags (`^[^<]*+(?:<[^>]*+>[^<]*+)*+$`).
fn balanced_tags(v: &str) -> bool {
    let mut open = false;
    for b in v.bytes() {
        match (open, b) {
            (false, b'<') => open = true,
            (true, b'>') => open = false,
            (true, b'<') => return false,
            _ => {}
        }
    }
    !open
}

/// `(?:\s|$)` at `i`: returns the position after it.
fn end_at(s: &[u8], i: usize) -> Option<usize> {
    if i == s.len() {
        Some(i)
    } else if is_ws(s[i]) {
        Some(i + 1)
    } else {
        None
    }
}

/// One attribute at `i` (not whitespace), trying WordPress's alternatives in order.
fn attr_at(
    text: &str,
    i: usize,
    dq: &mut ByteFinder,
    sq: &mut ByteFinder,
) -> ((Option<String>, String), usize) {
    let s = text.as_bytes();
    // Alternatives 1–3: [\w-]+ \s* = \s* ( "…" | '…' | [^\s'"]+ ) (?:\s|$)
    let mut j = i;
    while j < s.len() && is_name_byte(s[j]) {
        j += 1;
    }
    if j > i {
        let name_end = j;
        let mut k = j;
        while k < s.len() && is_ws(s[k]) {
            k += 1;
        }
        if k < s.len() && s[k] == b'=' {
            k += 1;
            while k < s.len() && is_ws(s[k]) {
                k += 1;
            }
            let name = text[i..name_end].to_ascii_lowercase();
            if k < s.len() && (s[k] == b'"' || s[k] == b'\'') {
                let finder = if s[k] == b'"' { &mut *dq } else { &mut *sq };
                if let Some(q) = finder.find(s, k + 1, s[k])
                    && let Some(after) = end_at(s, q + 1)
                {
                    return ((Some(name), stripcslashes(&text[k + 1..q])), after);
                }
            } else {
                let mut v = k;
                while v < s.len() && !is_ws(s[v]) && s[v] != b'\'' && s[v] != b'"' {
                    v += 1;
                }
                if v > k
                    && let Some(after) = end_at(s, v)
                {
                    return ((Some(name), stripcslashes(&text[k..v])), after);
                }
            }
        }
    }
    // Alternatives 4–5: "…" or '…' (?:\s|$)
    if s[i] == b'"' || s[i] == b'\'' {
        let finder = if s[i] == b'"' { &mut *dq } else { &mut *sq };
        if let Some(q) = finder.find(s, i + 1, s[i])
            && let Some(after) = end_at(s, q + 1)
        {
            return ((None, stripcslashes(&text[i + 1..q])), after);
        }
    }
    // Alternative 6: \S+ (?:\s|$) — always matches.
    let mut v = i;
    while v < s.len() && !is_ws(s[v]) {
        v += 1;
    }
    let after = end_at(s, v).unwrap_or(v);
    ((None, stripcslashes(&text[i..v])), after)
}

/// PHP's `stripcslashes`: C escapes (`\n`, `\x41`, `\101`) decoded, other backslashes dropped.
pub fn stripcslashes(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'\\' || i + 1 >= b.len() {
            out.push(b[i]);
            i += 1;
            continue;
        }
        let c = b[i + 1];
        i += 2;
        match c {
            b'n' => out.push(b'\n'),
            b't' => out.push(b'\t'),
            b'r' => out.push(b'\r'),
            b'a' => out.push(0x07),
            b'v' => out.push(0x0B),
            b'b' => out.push(0x08),
            b'f' => out.push(0x0C),
            b'x' if i < b.len() && b[i].is_ascii_hexdigit() => {
                let mut v: u32 = 0;
                let mut n = 0;
                while n < 2 && i < b.len() && b[i].is_ascii_hexdigit() {
                    v = v * 16 + (b[i] as char).to_digit(16).unwrap_or(0);
                    i += 1;
                    n += 1;
                }
                out.push(v as u8);
            }
            b'0'..=b'7' => {
                let mut v: u32 = u32::from(c - b'0');
                let mut n = 1;
                while n < 3 && i < b.len() && (b'0'..=b'7').contains(&b[i]) {
                    v = v * 8 + u32::from(b[i] - b'0');
                    i += 1;
                    n += 1;
                }
                out.push((v & 0xFF) as u8);
            }
            other => out.push(other),
        }
    }
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(src: &str) -> Vec<Shortcode<'_>> {
        find_all(src, &mut |_| true)
    }

    #[test]
    fn forms() {
        let v = all("a [b x=1] c [d/] e [f]g[/f] h");
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].name, "b");
        assert!(v[1].self_closing);
        assert_eq!(v[2].content, Some(22..23));
    }

    #[test]
    fn escaped() {
        let v = all("[[gallery]]");
        assert!(v[0].is_escaped());
        assert_eq!(v[0].inner_range(), 1..10);
    }

    #[test]
    fn attrs() {
        let a = parse_attrs(r#" a="x y" B='z' c=w "pos" 'p2' bare"#);
        assert_eq!(a.get("a"), Some("x y"));
        assert_eq!(a.get("b"), Some("z"));
        assert_eq!(a.get("c"), Some("w"));
        assert_eq!(a.positional(0), Some("pos"));
        assert_eq!(a.positional(1), Some("p2"));
        assert_eq!(a.positional(2), Some("bare"));
    }
}
