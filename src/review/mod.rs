//! The review page (`--review FILE.html`): one self-contained HTML file to check a migration
//! by eye — a summary, charts of outcomes and of what posts kept, and every item in a
//! sortable, filterable table whose rows open the original and the converted post side by
//! side.
//!
//! Exports reach 100,000 items, so nothing here holds the run: rows are streamed to a
//! temporary file as compact JSON arrays in document order, posts' content to another (in
//! the same document order, whatever order the workers finish in), and the page is assembled
//! from both at the end, into a temporary name renamed into place. Content is embedded for
//! every post that lost something; others only while [`CONTENT_BUDGET`] lasts, so a small
//! export is browsable whole and a huge one stays a sane size.
//!
//! The page loads nothing: its style and script are inline, its policy forbids every fetch,
//! post HTML is sanitized here ([`sanitize`]) and shown in frames sandboxed without scripts.

mod sanitize;

pub use sanitize::sanitize;

use crate::report::{Outcome, Report, Row, Sides};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt::Write as _;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Bytes of content embedded for posts that kept everything, taken in document order:
/// enough to browse a few hundred posts of a small blog whole.
pub const CONTENT_BUDGET: usize = 4 << 20;

/// Rows waiting for their content before the next content decision is forced: the content
/// of a written post arrives from a worker while its row is still in flight, so the wait is
/// short; a row whose content never comes must not hold every later post in memory.
const MAX_WAITING: usize = 4096;

/// Distinct values of a repeated column (type, status, code, file) shared through one table;
/// past this many (a mirror has one file per page) values are written in the row itself.
const MAX_STRINGS: usize = 1024;

const CSS: &str = include_str!("page.css");
const JS: &str = include_str!("page.js");
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                   img-src data:; frame-src 'self' about: data:";

/// A review page being gathered. Hand every row (in document order) to [`Review::row`] and
/// every written post's two sides (in any order, from any thread) to [`Review::content`],
/// then write the page with [`Review::finish`].
pub struct Review {
    path: PathBuf,
    rows_tmp: PathBuf,
    content_tmp: PathBuf,
    /// Set once a post without losses did not fit the budget: later ones are not even
    /// sanitized.
    exhausted: AtomicBool,
    state: Mutex<State>,
}

struct State {
    rows: BufWriter<File>,
    content: BufWriter<File>,
    count: usize,
    /// Prepared content by output path, until its row decides whether it is embedded (None:
    /// the worker already knew it would not be).
    pending: HashMap<String, Option<String>>,
    /// Written rows whose content decision waits for their content, in document order.
    waiting: VecDeque<Waiting>,
    budget: usize,
    embedded: usize,
    strings: Strings,
    tally: Tally,
    /// The first write error: hooks cannot return one, `finish` does.
    error: Option<io::Error>,
}

struct Waiting {
    index: usize,
    output: String,
    must: bool,
}

#[derive(Default)]
struct Strings {
    ids: HashMap<String, usize>,
    list: Vec<String>,
}

/// Counts for the summary that the report's own summary does not have.
#[derive(Default, Serialize)]
struct Tally {
    /// Written rows whose loss check ran.
    checked: usize,
    with_loss: usize,
    /// Posts that lost something of each kind.
    lost: BTreeMap<&'static str, usize>,
    /// Warnings by kind (the text with its particulars taken out).
    warnings: BTreeMap<String, usize>,
    by_design: BTreeMap<String, usize>,
    failed: BTreeMap<String, usize>,
    would_write: usize,
}

impl Review {
    /// Starts a page to be written at `path`; its temporary files go beside it.
    pub fn new(path: &Path) -> io::Result<Review> {
        let name = path
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
            .to_string_lossy()
            .into_owned();
        let tmp =
            |what: &str| path.with_file_name(format!(".{name}.{}.{what}.tmp", std::process::id()));
        let (rows_tmp, content_tmp) = (tmp("rows"), tmp("content"));
        let rows = BufWriter::new(File::create_new(&rows_tmp)?);
        let content = match File::create_new(&content_tmp) {
            Ok(f) => BufWriter::new(f),
            Err(e) => {
                let _ = fs::remove_file(&rows_tmp);
                return Err(e);
            }
        };
        Ok(Review {
            path: path.to_path_buf(),
            rows_tmp,
            content_tmp,
            exhausted: AtomicBool::new(false),
            state: Mutex::new(State {
                rows,
                content,
                count: 0,
                pending: HashMap::new(),
                waiting: VecDeque::new(),
                budget: CONTENT_BUDGET,
                embedded: 0,
                strings: Strings::default(),
                tally: Tally::default(),
                error: None,
            }),
        })
    }

    /// Takes the next row in document order.
    pub fn row(&self, row: &Row) {
        let Ok(mut st) = self.state.lock() else {
            return;
        };
        let st = &mut *st;
        let index = st.count;
        st.count += 1;
        st.tally.count(row);
        let kept = row.kept.as_ref().map(|k| {
            k.kinds()
                .iter()
                .flat_map(|(_, c)| [c.source, c.output, c.lost])
                .collect::<Vec<_>>()
        });
        let line = (
            outcome_code(row.outcome),
            st.strings.id(&row.post_type),
            st.strings.id(&row.status),
            u8::from(row.draft),
            &row.title,
            &row.url,
            &row.output,
            row.code.as_deref().map(|c| st.strings.id(c)),
            &row.reason,
            &row.warnings,
            st.strings.id(&row.file),
            row.line,
            row.id,
            kept,
            &row.by_design,
            row.comments,
        );
        let json = script_safe(serde_json::to_string(&line).unwrap_or_else(|_| "[]".into()));
        let sep = if index == 0 { "" } else { ",\n" };
        let written = write!(st.rows, "{sep}{json}");
        st.keep_error(written);
        // A dry run's page shows its posts too: a review before anything is written.
        if matches!(row.outcome, Outcome::Written | Outcome::WouldWrite)
            && let Some(output) = &row.output
        {
            st.waiting.push_back(Waiting {
                index,
                output: output.clone(),
                must: must_embed(row),
            });
            st.settle(&self.exhausted, false);
        }
    }

    /// Takes both sides of a written post (any thread, any order).
    pub fn content(&self, row: &Row, sides: &Sides<'_>) {
        let (Outcome::Written | Outcome::WouldWrite, Some(output)) = (row.outcome, &row.output)
        else {
            return;
        };
        let prepared =
            (must_embed(row) || !self.exhausted.load(Ordering::Relaxed)).then(|| prepare(sides));
        if let Ok(mut st) = self.state.lock() {
            st.pending.insert(output.clone(), prepared);
            st.settle(&self.exhausted, false);
        }
    }

    /// Writes the page. Nothing is at `path` until it is whole.
    pub fn finish(&self, report: &Report) -> io::Result<()> {
        let mut st = self
            .state
            .lock()
            .map_err(|_| io::Error::other("a review hook panicked"))?;
        st.settle(&self.exhausted, true);
        if let Some(e) = st.error.take() {
            return Err(e);
        }
        st.rows.flush()?;
        st.content.flush()?;
        let meta = Meta {
            target: &report.target,
            dry_run: report.dry_run,
            summary: &report.summary,
            tally: &st.tally,
            kinds: crate::check::Kept::NAMES,
            strings: &st.strings.list,
            rows: st.count,
            embedded: st.embedded,
            budget: CONTENT_BUDGET,
            errors: &report.errors,
            problems: &report.problems,
            notes: &report.notes,
        };
        let meta = script_safe(serde_json::to_string(&meta).map_err(io::Error::other)?);
        let name = self
            .path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let tmp = self
            .path
            .with_file_name(format!(".{name}.{}.unpress-tmp", std::process::id()));
        let written = File::create_new(&tmp).and_then(|file| {
            let mut out = BufWriter::new(file);
            write!(
                out,
                "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
                 <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
                 <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
                 <title>unpress review: {} items</title>\n<style>{CSS}</style>\n</head>\n\
                 <body>\n<script type=\"application/json\" id=\"meta\">{meta}</script>\n\
                 <script type=\"application/json\" id=\"rows\">[",
                report.summary.items
            )?;
            io::copy(&mut File::open(&self.rows_tmp)?, &mut out)?;
            write!(out, "]</script>\n<script>{JS}</script>\n")?;
            io::copy(&mut File::open(&self.content_tmp)?, &mut out)?;
            out.write_all(b"</body></html>\n")?;
            out.flush()
        });
        let result = written.and_then(|()| fs::rename(&tmp, &self.path));
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }
}

impl Drop for Review {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.rows_tmp);
        let _ = fs::remove_file(&self.content_tmp);
    }
}

impl State {
    /// Decides, in document order, which waiting rows get their content embedded.
    fn settle(&mut self, exhausted: &AtomicBool, finishing: bool) {
        while let Some(next) = self.waiting.front() {
            let content = match self.pending.remove(&next.output) {
                Some(c) => c,
                None if finishing || self.waiting.len() > MAX_WAITING => None,
                None => break,
            };
            let Some(next) = self.waiting.pop_front() else {
                break;
            };
            let Some(content) = content else {
                continue;
            };
            let embed =
                next.must || (!exhausted.load(Ordering::Relaxed) && content.len() <= self.budget);
            if !next.must {
                if embed {
                    self.budget -= content.len();
                } else {
                    exhausted.store(true, Ordering::Relaxed);
                }
            }
            if embed {
                self.embedded += 1;
                let written = writeln!(
                    self.content,
                    "<script type=\"application/json\" id=\"c{}\">{content}</script>",
                    next.index
                );
                self.keep_error(written);
            }
        }
    }

    fn keep_error(&mut self, result: io::Result<()>) {
        if let Err(e) = result
            && self.error.is_none()
        {
            self.error = Some(e);
        }
    }
}

impl Strings {
    /// The value's number in the table, or the value itself once the table is full.
    fn id(&mut self, value: &str) -> serde_json::Value {
        if let Some(&id) = self.ids.get(value) {
            return id.into();
        }
        if self.list.len() >= MAX_STRINGS {
            return value.into();
        }
        let id = self.list.len();
        self.list.push(value.to_string());
        self.ids.insert(value.to_string(), id);
        id.into()
    }
}

impl Tally {
    fn count(&mut self, row: &Row) {
        for w in &row.warnings {
            *self.warnings.entry(warning_kind(w)).or_default() += 1;
        }
        for note in &row.by_design {
            *self.by_design.entry(warning_kind(note)).or_default() += 1;
        }
        match row.outcome {
            Outcome::Failed => {
                *self
                    .failed
                    .entry(row.code.clone().unwrap_or_default())
                    .or_default() += 1;
            }
            Outcome::WouldWrite => self.would_write += 1,
            _ => {}
        }
        if let Some(kept) = &row.kept {
            self.checked += 1;
            if kept.has_loss() {
                self.with_loss += 1;
            }
            for (kind, count) in kept.kinds() {
                if count.lost > 0 {
                    *self.lost.entry(kind).or_default() += 1;
                }
            }
        }
    }
}

/// Everything the page's script needs besides the rows.
#[derive(Serialize)]
struct Meta<'a> {
    target: &'a str,
    dry_run: bool,
    summary: &'a crate::report::Summary,
    tally: &'a Tally,
    /// The kinds of a row's `kept` triples (source, output, lost), in order.
    kinds: [&'static str; 8],
    strings: &'a [String],
    rows: usize,
    embedded: usize,
    budget: usize,
    errors: &'a [crate::report::InputError],
    problems: &'a [crate::report::InputError],
    notes: &'a [String],
}

fn outcome_code(outcome: Outcome) -> u8 {
    match outcome {
        Outcome::Written => 0,
        Outcome::WouldWrite => 1,
        Outcome::Skipped => 2,
        Outcome::Failed => 3,
    }
}

/// Posts a reviewer must be able to open whatever the page's size: those that lost
/// something. Warnings alone (raw HTML kept, a slug renamed) are common and say what they
/// need to; those posts take their turn in the budget.
fn must_embed(row: &Row) -> bool {
    row.kept.as_ref().is_some_and(|k| k.has_loss())
}

/// One post's content as the page embeds it: `[source HTML, front matter, Markdown body,
/// Markdown rendered to HTML]`, both HTML sides sanitized.
fn prepare(sides: &Sides<'_>) -> String {
    let (front, body) = split_front_matter(sides.markdown);
    let parts = [
        &sanitize(sides.source_html),
        front,
        body,
        &render_markdown(body),
    ];
    let mut json = String::with_capacity(parts.iter().map(|p| p.len() + 8).sum::<usize>());
    json.push('[');
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        push_json_str(&mut json, part);
    }
    json.push(']');
    json
}

/// The Markdown as a generator would show it, made as safe as [`sanitize`]d HTML.
///
/// Without raw HTML the renderer's own markup is safe but for URLs, which are fixed on the
/// way (that spares most posts a second HTML parse, the bulk of the page's cost); raw HTML
/// sends the whole rendering through the sanitizer.
fn render_markdown(body: &str) -> String {
    use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES;
    let events: Vec<Event<'_>> = Parser::new_ext(body, options).collect();
    let mut html = String::with_capacity(body.len() * 5 / 4);
    if events
        .iter()
        .any(|e| matches!(e, Event::Html(_) | Event::InlineHtml(_)))
    {
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        return sanitize(&html);
    }
    let mut safe = Vec::with_capacity(events.len());
    let mut events = events.into_iter();
    while let Some(event) = events.next() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => safe.push(Event::Start(Tag::Link {
                link_type,
                dest_url: if sanitize::runs_script(&dest_url) {
                    CowStr::Borrowed("")
                } else {
                    dest_url
                },
                title,
                id,
            })),
            // An image is written as the sanitizer writes one: its address kept, not loaded.
            Event::Start(Tag::Image { dest_url, .. }) => {
                let mut alt = String::new();
                let mut depth = 1;
                for inner in events.by_ref() {
                    match inner {
                        Event::Start(Tag::Image { .. }) => depth += 1,
                        Event::End(TagEnd::Image) => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                        _ => {}
                    }
                }
                let mut tag = String::from("<img alt=\"");
                sanitize::escape_attr(&mut tag, &alt);
                let inline = dest_url.starts_with("data:image/");
                tag.push_str(if inline {
                    "\" src=\""
                } else {
                    "\" data-src=\""
                });
                sanitize::escape_attr(&mut tag, &dest_url);
                tag.push_str("\">");
                safe.push(Event::Html(tag.into()));
            }
            other => safe.push(other),
        }
    }
    pulldown_cmark::html::push_html(&mut html, safe.into_iter());
    html
}

/// Splits a written file into its front matter (YAML `---`, TOML `+++` or a JSON object)
/// and its Markdown body.
fn split_front_matter(file: &str) -> (&str, &str) {
    for fence in ["---", "+++"] {
        let Some(rest) = file.strip_prefix(fence) else {
            continue;
        };
        if !rest.starts_with('\n') && !rest.starts_with("\r\n") {
            continue;
        }
        let mut offset = file.len() - rest.len();
        for (i, line) in rest.split_inclusive('\n').enumerate() {
            offset += line.len();
            if i > 0 && line.trim_end() == fence {
                return file.split_at(offset);
            }
        }
    }
    if file.starts_with('{')
        && let Some(end) = file.find("\n}\n")
    {
        return file.split_at(end + 3);
    }
    ("", file)
}

/// `text` as a JSON string that can sit inside a `<script>` element (see [`script_safe`]),
/// in one pass: posts' content is most of a page's bytes.
fn push_json_str(out: &mut String, text: &str) {
    out.push('"');
    let mut done = 0;
    let bytes = text.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let escaped = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            b'<' => "\\u003c",
            0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xA8]) => "\\u2028",
            0xE2 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0xA9]) => "\\u2029",
            0..0x20 => {
                out.push_str(&text[done..i]);
                let _ = write!(out, "\\u{b:04x}");
                done = i + 1;
                continue;
            }
            _ => continue,
        };
        out.push_str(&text[done..i]);
        out.push_str(escaped);
        done = if escaped.len() == 6 && b == 0xE2 {
            i + 3
        } else {
            i + 1
        };
    }
    out.push_str(&text[done..]);
    out.push('"');
}

/// JSON that can sit inside a `<script>` element: no `<` (so no `</script>` or `<!--`) and
/// no line separators that older script parsers end a line at.
fn script_safe(json: String) -> String {
    const LS: &[u8] = "\u{2028}".as_bytes();
    const PS: &[u8] = "\u{2029}".as_bytes();
    let bytes = json.as_bytes();
    // Both separators start with 0xE2; `<` is ASCII: a byte scan finds all three.
    let mut hits = bytes.iter().enumerate().filter(|&(i, &b)| {
        b == b'<' || (b == 0xE2 && matches!(bytes.get(i..i + 3), Some(LS | PS)))
    });
    let Some((first, _)) = hits.next() else {
        return json;
    };
    let mut out = String::with_capacity(json.len() + json.len() / 8);
    let mut done = 0;
    for (i, &b) in std::iter::once((first, &bytes[first])).chain(hits) {
        out.push_str(&json[done..i]);
        let (escaped, len) = match (b, bytes.get(i..i + 3)) {
            (b'<', _) => ("\\u003c", 1),
            (_, Some(LS)) => ("\\u2028", 3),
            _ => ("\\u2029", 3),
        };
        out.push_str(escaped);
        done = i + len;
    }
    out.push_str(&json[done..]);
    out
}

/// A warning with its particulars (quoted names, numbers, the examples it lists in
/// parentheses) taken out, so that warnings of one kind count together: `3 links into the old
/// site … (https://a/x)` and `1 links … (https://b/y)` are one kind.
fn warning_kind(warning: &str) -> String {
    let mut kind = String::new();
    // The quote that closes the one open.
    let mut quoted: Option<char> = None;
    let mut last_digit = false;
    let mut prev = ' ';
    for c in warning.chars() {
        let was = prev;
        prev = c;
        if let Some(close) = quoted {
            if c == close {
                quoted = None;
            }
            continue;
        }
        // An apostrophe inside a word (`doesn't`) opens no quote.
        let close = match c {
            '\'' if !was.is_alphanumeric() => Some('\''),
            '"' => Some('"'),
            '“' => Some('”'),
            '‘' => Some('’'),
            _ => None,
        };
        if let Some(close) = close {
            kind.push(c);
            kind.push('…');
            kind.push(close);
            quoted = Some(close);
            continue;
        }
        if c == '(' {
            kind.push_str("(…)");
            break;
        }
        if c.is_ascii_digit() {
            if !last_digit {
                kind.push('N');
            }
            last_digit = true;
            continue;
        }
        last_digit = false;
        kind.push(c);
        if kind.len() >= 80 {
            kind.push('…');
            break;
        }
    }
    kind
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Count, Kept};

    fn row(n: usize, outcome: Outcome) -> Row {
        Row {
            file: "export.xml".into(),
            line: 10 * n as u64,
            id: Some(n as u64),
            post_type: "post".into(),
            status: "publish".into(),
            draft: false,
            title: format!("Post {n}"),
            url: Some(format!("https://old.example/{n}/")),
            output: (outcome != Outcome::Skipped).then(|| format!("content/posts/p{n}.md")),
            outcome,
            code: (outcome == Outcome::Skipped).then(|| "attachment".into()),
            reason: None,
            warnings: Vec::new(),
            comments: 0,
            kept: None,
            by_design: Vec::new(),
        }
    }

    fn lossy(mut r: Row) -> Row {
        r.kept = Some(Kept {
            words: Count {
                source: 10,
                output: 8,
                lost: 2,
                ratio: 0.8,
            },
            ..Kept::default()
        });
        r
    }

    /// A hook call: a row (document order is the caller's job) or a post's content.
    #[derive(Clone, Copy)]
    enum Ev {
        Row(usize),
        Content(usize),
    }

    /// The page for these rows after these hook calls; post `n`'s source is `bodies[n]`.
    fn page(rows: &[Row], bodies: &[String], events: &[Ev]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("review.html");
        let review = Review::new(&path).unwrap();
        for ev in events {
            match *ev {
                Ev::Row(n) => review.row(&rows[n]),
                Ev::Content(n) => {
                    let markdown = format!("---\ntitle: x\n---\n\n*{}*\n", bodies[n]);
                    let sides = Sides {
                        source_html: &bodies[n],
                        markdown: &markdown,
                    };
                    review.content(&rows[n], &sides);
                }
            }
        }
        assert!(!path.exists(), "nothing at the path before finish");
        let mut report = Report::default();
        for r in rows {
            report.push(r.clone());
        }
        review.finish(&report).unwrap();
        drop(review);
        let left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["review.html"], "temporary files are removed");
        fs::read_to_string(&path).unwrap()
    }

    fn embedded(page: &str) -> Vec<usize> {
        page.match_indices("id=\"c")
            .map(|(at, _)| {
                let digits: String = page[at + 5..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                digits.parse().unwrap()
            })
            .collect()
    }

    #[test]
    fn the_page_does_not_depend_on_the_order_workers_finish_in() {
        let rows: Vec<Row> = (0..6)
            .map(|n| match n {
                2 => row(n, Outcome::Skipped),
                4 => lossy(row(n, Outcome::Written)),
                5 => row(n, Outcome::WouldWrite),
                _ => row(n, Outcome::Written),
            })
            .collect();
        let bodies: Vec<String> = (0..6).map(|n| format!("<p>body {n}</p>")).collect();
        use Ev::{Content as C, Row as R};
        let in_order = [
            C(0),
            R(0),
            C(1),
            R(1),
            R(2),
            C(3),
            R(3),
            C(4),
            R(4),
            C(5),
            R(5),
        ];
        let shuffled = [
            C(1),
            C(4),
            C(0),
            R(0),
            R(1),
            R(2),
            C(5),
            C(3),
            R(3),
            R(4),
            R(5),
        ];
        // Content after its row (a pipeline that reports first) waits for it.
        let late = [
            R(0),
            R(1),
            C(1),
            R(2),
            C(0),
            R(3),
            R(4),
            C(4),
            C(3),
            R(5),
            C(5),
        ];
        let a = page(&rows, &bodies, &in_order);
        assert_eq!(a, page(&rows, &bodies, &shuffled));
        assert_eq!(a, page(&rows, &bodies, &late));
        assert_eq!(embedded(&a), [0, 1, 3, 4, 5]);
        assert!(a.contains("\\u003cp>body 4\\u003c/p>"));
    }

    #[test]
    fn posts_without_losses_are_embedded_only_while_the_budget_lasts() {
        let n = 12;
        let mut rows: Vec<Row> = (0..n).map(|i| row(i, Outcome::Written)).collect();
        rows[9] = lossy(rows[9].clone());
        rows[10].warnings.push("no title".into());
        // Each post is a third of the budget: two fit, the third does not, and nothing after
        // it is embedded unless it lost something (a warning alone is not enough).
        let bodies: Vec<String> = (0..n)
            .map(|i| format!("<p>{i}{}</p>", "x".repeat(CONTENT_BUDGET / 3 / 3)))
            .collect();
        let events: Vec<Ev> = (0..n).flat_map(|i| [Ev::Content(i), Ev::Row(i)]).collect();
        let page = page(&rows, &bodies, &events);
        assert_eq!(embedded(&page), [0, 1, 9]);
        let size = page.len();
        assert!(size < 6 * CONTENT_BUDGET / 3 + 20_000, "{size}");
    }

    #[test]
    fn embedded_data_cannot_end_its_script() {
        let mut r = row(0, Outcome::Written);
        r.title = "</script><script>alert(1)</script> \u{2028}".into();
        r.warnings.push("<!-- x".into());
        let bodies = ["<p>a</p></script><script>alert(2)</script>\u{2029}".to_string()];
        let page = page(&[r], &bodies, &[Ev::Content(0), Ev::Row(0)]);
        assert!(!page.contains("alert(1)</script>"));
        assert!(!page.contains("<script>alert"));
        assert!(!page.contains("<!--"));
        assert!(!page.contains(['\u{2028}', '\u{2029}']));
        // Every script element that opens is one of ours.
        let opened = page.matches("<script").count();
        assert_eq!(opened, page.matches("</script>").count());
        assert_eq!(opened, 4, "meta, rows, the app, one post");
    }

    #[test]
    fn the_page_loads_nothing() {
        let bodies = [
            "<img src=\"https://old.example/a.jpg\"><iframe src=\"https://v.example\"></iframe>"
                .to_string(),
        ];
        let page = page(
            &[row(0, Outcome::Written)],
            &bodies,
            &[Ev::Content(0), Ev::Row(0)],
        );
        assert!(page.contains("http-equiv=\"Content-Security-Policy\""));
        assert!(page.contains("default-src 'none'"));
        let start = page.find("id=\"c0\">").unwrap() + 8;
        let end = start + page[start..].find("</script>").unwrap();
        let parts: Vec<String> = serde_json::from_str(&page[start..end]).unwrap();
        // Both HTML sides are inert; the raw Markdown is only ever shown as text.
        for html in [&parts[0], &parts[3]] {
            assert!(
                html.contains("data-src=\"https://old.example/a.jpg"),
                "{html}"
            );
            assert!(
                !html.contains(" src=") && !html.contains("<iframe"),
                "{html}"
            );
        }
        assert!(!JS.contains("</script") && !CSS.contains("</style"));
        for asset in [CSS, JS] {
            // The one URL is SVG's namespace, a name rather than a load.
            let urls = asset.matches("http").count();
            assert_eq!(urls, asset.matches("http://www.w3.org/2000/svg").count());
        }
    }

    #[test]
    fn rendered_markdown_is_as_safe_as_sanitized_html() {
        assert_eq!(
            render_markdown("[x](javascript:alert(1)) and [y](https://a.example/?q=1&r)"),
            "<p><a href=\"\">x</a> and <a href=\"https://a.example/?q=1&amp;r\">y</a></p>\n"
        );
        assert_eq!(
            render_markdown("![a *b* \"c\"](https://old.example/i.png \"t\")"),
            "<p><img alt=\"a b &quot;c&quot;\" data-src=\"https://old.example/i.png\"></p>\n"
        );
        let raw =
            render_markdown("Text <span onclick=\"x()\">s</span>\n\n<script>alert(1)</script>\n");
        assert_eq!(raw.trim_end(), "<p>Text <span>s</span></p>");
        let embed = render_markdown("<iframe src=\"https://v.example/1\"></iframe>\n");
        assert!(
            embed.contains("[embedded frame: https://v.example/1]"),
            "{embed}"
        );
    }

    #[test]
    fn content_json_reads_back_and_stays_inside_its_script() {
        let text = "a\"b\\c\n\r\t\u{1}\u{7f}</script>\u{2028}\u{2029}ü€\u{1F968}";
        let mut json = String::new();
        push_json_str(&mut json, text);
        assert_eq!(serde_json::from_str::<String>(&json).unwrap(), text);
        assert!(!json.contains('<') && !json.contains(['\u{2028}', '\u{2029}', '\u{1}']));
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        assert_eq!(
            split_front_matter("---\ntitle: a\n---\n\nBody\n"),
            ("---\ntitle: a\n---\n", "\nBody\n")
        );
        assert_eq!(
            split_front_matter("+++\ntitle = 'a'\n+++\nBody"),
            ("+++\ntitle = 'a'\n+++\n", "Body")
        );
        assert_eq!(
            split_front_matter("{\n  \"title\": \"a\"\n}\n\nBody"),
            ("{\n  \"title\": \"a\"\n}\n", "\nBody")
        );
        assert_eq!(split_front_matter("---\nno end"), ("", "---\nno end"));
        assert_eq!(split_front_matter("Just text"), ("", "Just text"));
    }

    #[test]
    fn warnings_count_by_kind() {
        assert_eq!(
            warning_kind("slug 'a-b' already used: written as 'a-b-2'"),
            "slug '…' already used: written as '…'"
        );
        assert_eq!(
            warning_kind("12 links into the old site point at nothing (https://a.example/x)"),
            "N links into the old site point at nothing (…)"
        );
        assert_eq!(warning_kind("doesn't 'x' count"), "doesn't '…' count");
        assert_eq!(
            warning_kind(
                "title signals disagree; took the <title>: \"View topic - 7\", page's own"
            ),
            "title signals disagree; took the <title>: \"…\", page's own"
        );
        assert_eq!(
            warning_kind("3 of 9 words lost (“and”, “libc”)"),
            "N of N words lost (…)"
        );
    }
}
