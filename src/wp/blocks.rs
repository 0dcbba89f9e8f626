//! Gutenberg block delimiters (`<!-- wp:… -->`).
//!
//! The block editor stores a post as ordinary HTML framed by comments such as
//! `<!-- wp:image {"id":12} -->` … `<!-- /wp:image -->` or a self-closing
//! `<!-- wp:latest-posts /-->`. Those comments must not reach the Markdown, and their JSON
//! attributes (code language, embed URL, image id, reusable block ref) are worth reading.
//!
//! The grammar is WordPress's block parser's, with one deliberate tightening: a delimiter
//! ends at the first `-->` (WordPress's regular expression can run past it when the JSON is
//! malformed; a browser never would). Well-formed attributes never contain `-->`, because
//! WordPress serializes `-` `<` `>` as `\u002d` `\u003c` `\u003e`.
//!
//! ```text
//! "<!--" WS+ "/"? "wp:" (NAME "/")? NAME WS+ ( "{" ANY* "}" WS+ )? "/"? "-->"
//! NAME = [a-z][a-z0-9_-]*     WS = space, \t, \n, \r, \v, \f
//! ```

use std::ops::Range;
use std::rc::Rc;

/// Whether content was written by the block editor (and so must not be autop'd).
pub fn has_blocks(content: &str) -> bool {
    content.contains("<!-- wp:")
}

/// Which of the three delimiter shapes a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DelimiterKind {
    /// `<!-- wp:name {…} -->`: a block with inner HTML starts.
    Opener,
    /// `<!-- /wp:name -->`: the block ends.
    Closer,
    /// `<!-- wp:name {…} /-->`: a block with no inner HTML (dynamic blocks, reusable refs).
    Void,
}

/// One block delimiter comment found by [`parse`], borrowing from the content.
///
/// Exists so later stages can use block attributes — `wp:code`'s language, `wp:embed`'s URL,
/// `wp:image`'s id, `wp:block {"ref":N}` — without re-parsing the comments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockToken<'a> {
    /// Opener, closer or self-closing.
    pub kind: DelimiterKind,
    /// The block name as written: `paragraph`, `jetpack/slideshow` (core blocks carry no
    /// namespace; see [`BlockToken::full_name`]).
    pub name: &'a str,
    /// The raw JSON attribute object, `{` to `}`, exactly as stored (may be malformed).
    pub attrs: Option<&'a str>,
    /// Byte range of the whole comment, `<!--` through `-->`.
    pub range: Range<usize>,
}

impl BlockToken<'_> {
    /// The namespaced name, `core/paragraph` for `paragraph`, so names compare reliably.
    pub fn full_name(&self) -> String {
        if self.name.contains('/') {
            self.name.to_string()
        } else {
            format!("core/{}", self.name)
        }
    }

    /// The attributes parsed as JSON; `None` when there are none or they are malformed.
    pub fn attrs_json(&self) -> Option<serde_json::Value> {
        serde_json::from_str(self.attrs?).ok()
    }
}

/// PCRE's `\s`, which WordPress's block parser uses for whitespace.
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0B' | b'\x0C')
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_lowercase()
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-'
}

/// Position of `needle` in `hay` at or after `from`.
pub(crate) fn find_from(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    if from > hay.len() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Next-occurrence search that remembers its last answer, so forward queries from many
/// candidate positions cost linear time in total.
struct Finder<'n> {
    needle: &'n [u8],
    last: Option<(usize, Option<usize>)>,
}

impl<'n> Finder<'n> {
    fn find(&mut self, hay: &[u8], from: usize) -> Option<usize> {
        if let Some((qf, res)) = self.last
            && from >= qf
            && res.is_none_or(|r| from <= r)
        {
            return res;
        }
        let res = find_from(hay, from, self.needle);
        self.last = Some((from, res));
        res
    }
}

/// Lists every block delimiter in `content`, in order, with its name, raw attributes and
/// byte range. Comments that do not fit the grammar are not delimiters and are skipped.
pub fn parse(content: &str) -> Vec<BlockToken<'_>> {
    let s = content.as_bytes();
    let mut open = Finder {
        needle: b"<!--",
        last: None,
    };
    let mut close = Finder {
        needle: b"-->",
        last: None,
    };
    // Candidates that share one `-->` share the whitespace before it: scan it once.
    let mut tail_memo: Option<(usize, usize)> = None;
    let mut tokens = Vec::new();
    let mut i = 0;
    while let Some(start) = open.find(s, i) {
        let Some(end) = close.find(s, start + 4) else {
            break;
        };
        match delimiter(content, start, end, &mut tail_memo) {
            Some(tok) => {
                i = tok.range.end;
                tokens.push(tok);
            }
            None => i = start + 1,
        }
    }
    tokens
}

/// Checks the comment `content[start..end + 3]` (`end` is where its first `-->` begins)
/// against the delimiter grammar.
fn delimiter<'a>(
    content: &'a str,
    start: usize,
    end: usize,
    tail_memo: &mut Option<(usize, usize)>,
) -> Option<BlockToken<'a>> {
    let s = content.as_bytes();
    let mut i = start + 4;
    let ws_start = i;
    while i < end && is_ws(s[i]) {
        i += 1;
    }
    if i == ws_start {
        return None;
    }
    let closer = s.get(i) == Some(&b'/');
    if closer {
        i += 1;
    }
    if !s[i.min(end)..end].starts_with(b"wp:") {
        return None;
    }
    i += 3;
    let name_start = i;
    let mut segments = 0;
    loop {
        if i >= end || !is_name_start(s[i]) {
            return None;
        }
        while i < end && is_name_char(s[i]) {
            i += 1;
        }
        segments += 1;
        if i < end && s[i] == b'/' && segments == 1 {
            i += 1;
            continue;
        }
        break;
    }
    let name = content.get(name_start..i)?;
    let ws_start = i;
    while i < end && is_ws(s[i]) {
        i += 1;
    }
    if i == ws_start {
        return None;
    }
    let rest = &s[i..end];
    let (attrs, void) = if rest.is_empty() {
        (None, false)
    } else if rest == b"/" {
        (None, true)
    } else if rest[0] == b'{' {
        let mut j = end;
        let void = s[j - 1] == b'/';
        if void {
            j -= 1;
        }
        let k = match *tail_memo {
            Some((from, to)) if from == j => to,
            _ => {
                let mut k = j;
                while k > i && is_ws(s[k - 1]) {
                    k -= 1;
                }
                *tail_memo = Some((j, k));
                k
            }
        };
        if k == j || k <= i + 1 || s[k - 1] != b'}' {
            return None;
        }
        (Some(content.get(i..k)?), void)
    } else {
        return None;
    };
    let kind = if closer {
        DelimiterKind::Closer
    } else if void {
        DelimiterKind::Void
    } else {
        DelimiterKind::Opener
    };
    Some(BlockToken {
        kind,
        name,
        attrs,
        range: start..end + 3,
    })
}

// ---- Stripping -------------------------------------------------------------------------------

/// Where a candidate delimiter is in the grammar (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum St {
    /// `<`, `<!`, `<!-`: the opening `<!--` is still being read.
    Lt,
    Bang,
    Dash1,
    /// `<!--` read; whitespace must follow.
    Open,
    Ws1,
    Slash,
    W,
    P,
    Colon,
    Name,
    NsSlash,
    Name2,
    /// Whitespace after the name: `{`, `/` or `-->` may follow.
    Ws2,
    /// `/` of a self-closing delimiter; only `-->` may follow.
    Void,
    /// Dashes after `Ws2`/`Void`, hoping for `-->`.
    Dash,
    /// Inside the JSON attributes, tracking whether they end in `}` WS+ `/`?.
    Json(JsonTail),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JsonTail {
    Other,
    Brace,
    BraceWs,
    BraceWsSlash,
}

/// The delimiter grammar as a byte-at-a-time automaton, so stripping can run in one pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dfa {
    st: St,
    /// Consecutive `-` just read (saturating at 3), for spotting the terminating `-->`.
    dashes: u8,
    /// The state before the current run of dashes (equal to `st` when there is none).
    run_start: St,
}

enum Step {
    Continue,
    Dead,
    Accept,
}

impl Dfa {
    fn new() -> Dfa {
        Dfa {
            st: St::Lt,
            dashes: 0,
            run_start: St::Lt,
        }
    }

    fn step(&mut self, b: u8) -> Step {
        let in_opener = matches!(self.st, St::Lt | St::Bang | St::Dash1);
        if !in_opener && b == b'>' && self.dashes >= 2 {
            // The first `-->`: the comment ends here either way.
            let ok = self.dashes == 2
                && matches!(
                    self.run_start,
                    St::Ws2 | St::Void | St::Json(JsonTail::BraceWs | JsonTail::BraceWsSlash)
                );
            return if ok { Step::Accept } else { Step::Dead };
        }
        let Some(next) = transition(self.st, b) else {
            return Step::Dead;
        };
        if in_opener {
            self.dashes = 0;
        } else if b == b'-' {
            if self.dashes == 0 {
                self.run_start = self.st;
            }
            self.dashes = (self.dashes + 1).min(3);
        } else {
            self.dashes = 0;
        }
        self.st = next;
        if self.dashes == 0 {
            self.run_start = next;
        }
        Step::Continue
    }
}

fn transition(st: St, b: u8) -> Option<St> {
    use St::*;
    Some(match (st, b) {
        (Lt, b'!') => Bang,
        (Bang, b'-') => Dash1,
        (Dash1, b'-') => Open,
        (Open | Ws1, b) if is_ws(b) => Ws1,
        (Ws1, b'/') => Slash,
        (Ws1 | Slash, b'w') => W,
        (W, b'p') => P,
        (P, b':') => Colon,
        (Colon, b) if is_name_start(b) => Name,
        (Name, b) if is_name_char(b) => Name,
        (Name, b'/') => NsSlash,
        (NsSlash, b) if is_name_start(b) => Name2,
        (Name2, b) if is_name_char(b) => Name2,
        (Name | Name2 | Ws2, b) if is_ws(b) => Ws2,
        (Ws2, b'{') => Json(JsonTail::Other),
        (Ws2, b'/') => Void,
        (Ws2 | Void | Dash, b'-') => Dash,
        (Json(tail), b) => Json(match (tail, b) {
            (_, b'}') => JsonTail::Brace,
            (JsonTail::Brace | JsonTail::BraceWs, b) if is_ws(b) => JsonTail::BraceWs,
            (JsonTail::BraceWs, b'/') => JsonTail::BraceWsSlash,
            _ => JsonTail::Other,
        }),
        _ => return None,
    })
}

/// A possible delimiter that starts at `start` in the output.
#[derive(Clone)]
struct Candidate {
    start: usize,
    dfa: Dfa,
    /// The candidates alive just before this one's `<`, to resume them if this one is removed.
    /// `None` only while being dropped.
    before: Option<Rc<Vec<Candidate>>>,
}

/// Snapshots can chain as deep as the input is long (`<!-- wp:a <!-- wp:a …`); drop them
/// with a loop instead of recursion so a hostile post cannot overflow the stack.
impl Drop for Candidate {
    fn drop(&mut self) {
        let mut stack: Vec<Rc<Vec<Candidate>>> = self.before.take().into_iter().collect();
        while let Some(rc) = stack.pop() {
            if let Ok(mut list) = Rc::try_unwrap(rc) {
                stack.extend(list.iter_mut().filter_map(|c| c.before.take()));
            }
        }
    }
}

/// Removes block delimiter comments, keeping the HTML they wrap. A delimiter alone at the
/// start of a line also takes its line break with it, so no blank lines pile up.
///
/// One pass, linear time, never panics; text that only looks like a delimiter (bad name,
/// missing `-->`, junk before `-->`) is left as is. The result contains no delimiter, even
/// when removing one joins text into a new one (`<!-<!-- wp:a -->- wp:b -->`), so stripping
/// twice changes nothing.
pub fn strip_delimiters(content: &str) -> String {
    if !content.contains("<!--") {
        return content.to_string();
    }
    let s = content.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(s.len());
    // Candidates in increasing start order, at most one per automaton state (the leftmost:
    // two candidates in the same state behave the same from here on, and the leftmost wins).
    let mut live: Vec<Candidate> = Vec::new();
    let mut skip_newline = false;
    let mut scratch: Vec<Candidate> = Vec::new();
    let no_candidates: Rc<Vec<Candidate>> = Rc::new(Vec::new());
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if skip_newline {
            skip_newline = false;
            if b == b'\n' {
                i += 1;
                continue;
            }
            if b == b'\r' && s.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
        }
        if live.is_empty() && b != b'<' {
            // Nothing pending: copy up to the next `<` in one go.
            let run = s[i..]
                .iter()
                .position(|&c| c == b'<')
                .unwrap_or(s.len() - i);
            out.extend_from_slice(&s[i..i + run]);
            i += run;
            continue;
        }
        i += 1;
        let before = (b == b'<').then(|| {
            if live.is_empty() {
                Rc::clone(&no_candidates)
            } else {
                Rc::new(live.clone())
            }
        });
        out.push(b);
        let mut accepted: Option<Candidate> = None;
        scratch.clear();
        for mut c in live.drain(..) {
            match c.dfa.step(b) {
                Step::Continue => scratch.push(c),
                Step::Dead => {}
                Step::Accept => {
                    if accepted.as_ref().is_none_or(|a| c.start < a.start) {
                        accepted = Some(c);
                    }
                }
            }
        }
        if let Some(c) = accepted {
            out.truncate(c.start);
            scratch.clear();
            live = c.before.as_deref().cloned().unwrap_or_default();
            skip_newline = out.is_empty() || out.last() == Some(&b'\n');
            continue;
        }
        if let Some(before) = before {
            scratch.push(Candidate {
                start: out.len() - 1,
                dfa: Dfa::new(),
                before: Some(before),
            });
        }
        // Keep the leftmost candidate per state; `scratch` is in increasing start order.
        let mut kept = 0;
        for k in 0..scratch.len() {
            if !scratch[..kept].iter().any(|c| c.dfa == scratch[k].dfa) {
                scratch.swap(kept, k);
                kept += 1;
            }
        }
        scratch.truncate(kept);
        std::mem::swap(&mut live, &mut scratch);
    }
    match String::from_utf8(out) {
        Ok(s) => s,
        // Cuts happen only at ASCII `<` and after ASCII `>`, so this cannot happen.
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    }
}
