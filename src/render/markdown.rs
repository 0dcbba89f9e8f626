//! Renders body blocks as CommonMark/GFM.
//!
//! Escaping is decided by what the text would parse as in its context, not by blanket
//! backslashes: `*` between spaces, `_` inside words, `]` outside link text and `.` after a
//! word stay bare, while a paragraph line that would start a list (`1986. A great year.`), a
//! heading (`# x`), a quote, a thematic break or a definition (`: x`) gets one backslash at
//! the line start. `http:`
//! and `www.` get one too, because GFM's autolink extension would otherwise turn plain text into
//! links. Emphasis delimiters are chosen per node (`*` or `_`) so adjacent and nested runs never
//! merge (`**a**_b_`, never `**a***b*`).
//!
//! Policies, each the most faithful form the dialect allows:
//! - Hard breaks are a backslash before the newline: trailing spaces are invisible, editors and
//!   `git diff --check` strip them, and the backslash form is CommonMark and GFM.
//! - Emphasis whose delimiters cannot flank at that spot (`<b>Note:</b>text`) gets an empty
//!   comment `<!-- -->` beside the delimiter (raw HTML allowed), else becomes plain text.
//! - Tables are always pipe tables. Paragraphs and `<br>` in a cell become ` <br> `, lists
//!   inline `<ul><li>…</li></ul>` around Markdown (raw HTML allowed), else spaces.
//! - `<iframe>`/`<video>`/`<audio>`/`<embed>` stay HTML (raw HTML allowed) or become a link to
//!   their URL; never dropped, never fetched.
//! - `<sub>`/`<sup>`/`<mark>` stay HTML tags around Markdown content, or plain text; `<kbd>` is
//!   a code span (Markdown's nearest spelling, kept as its own model variant).
//! - `<dl>`: `Term` / `: definition` with [`MarkdownOptions::definition_lists`]; else `<dl>`,
//!   `<dt>`, `<dd>` tags as separate HTML blocks around Markdown content (text survives even
//!   where HTML is stripped); else a bold term paragraph and its definitions.
//! - Footnotes are `[^n]`, numbered in order of appearance; without footnote support the
//!   reference becomes `[n]` and the definitions a numbered list.

use super::templates::raw_html_refs;
use crate::doc::{Align, Block, DefinitionItem, EmbedKind, Inline, ListItem};
use std::collections::HashMap;

/// What the target's Markdown dialect allows.
#[derive(Debug, Clone)]
pub struct MarkdownOptions {
    /// GFM footnotes (`[^label]` and `[^label]: text`). Without them a reference becomes a
    /// bracketed number and the definitions a numbered list.
    pub footnotes: bool,
    /// Raw HTML may be written for what Markdown cannot express (embeds, `<sub>`/`<sup>`/
    /// `<mark>`, definition-list wrappers, emphasis a delimiter cannot express). Without it
    /// embeds become links and the rest degrades to plain text.
    pub raw_html: bool,
    /// The `Term` / `: definition` syntax (PHP Markdown Extra, kramdown, Pandoc, goldmark's
    /// extension as used by Hugo). Without it definition lists use `<dl>` wrappers around
    /// Markdown content when raw HTML is allowed, else a bold term paragraph.
    pub definition_lists: bool,
    /// Image addresses must read with JavaScript's `decodeURI` (Astro reads every one so, and
    /// one that throws takes its page out of the build): a `%` that starts no escape, or
    /// escapes that spell no UTF-8, are written `%25`, the `%` itself.
    pub decodable_images: bool,
}

impl Default for MarkdownOptions {
    /// The full CommonMark + GFM + footnotes dialect with raw HTML allowed.
    fn default() -> Self {
        MarkdownOptions {
            footnotes: true,
            raw_html: true,
            definition_lists: false,
            decodable_images: false,
        }
    }
}

/// Renders blocks to Markdown text ending in one newline (empty for an empty body).
pub fn render(blocks: &[Block], opts: &MarkdownOptions) -> String {
    let mut r = Renderer {
        opts,
        notes: HashMap::new(),
        open: Vec::new(),
    };
    let mut out = r.blocks(blocks, false);
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

struct Renderer<'a> {
    opts: &'a MarkdownOptions,
    /// Footnote label -> number, in order of first reference (for dialects without footnotes).
    notes: HashMap<String, usize>,
    /// Delimiters of the emphasis being rendered around the current position.
    open: Vec<(char, usize)>,
}

/// Sentinel "next character" for an emphasis sibling: punctuation, but never equal to a
/// delimiter we pick (the sibling itself avoids ours).
const DELIM: char = '\u{e000}';

/// Separates Markdown constructs that would otherwise merge or fail to flank.
const EMPTY_COMMENT: &str = "<!-- -->";

#[derive(Clone, Copy, Default)]
struct Ctx {
    /// Inside a GFM table cell: `|` must be escaped everywhere and breaks are spaces.
    table: bool,
    /// Inside a heading: breaks are spaces.
    single_line: bool,
    /// Inside link text or alt text, where a literal `]` would end the text. Elsewhere a `]`
    /// is harmless because every literal `[` is escaped.
    bracket: bool,
}

fn is_md_ws(c: char) -> bool {
    c.is_whitespace()
}

fn is_md_punct(c: char) -> bool {
    c == DELIM
        || c.is_ascii_punctuation()
        || (!c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace())
}

fn left_flanking(prev: char, next: char) -> bool {
    !is_md_ws(next) && (!is_md_punct(next) || is_md_ws(prev) || is_md_punct(prev))
}

fn right_flanking(prev: char, next: char) -> bool {
    !is_md_ws(prev) && (!is_md_punct(prev) || is_md_ws(next) || is_md_punct(next))
}

fn can_open(c: char, prev: char, first: char) -> bool {
    let lf = left_flanking(prev, first);
    if c == '_' {
        lf && (!right_flanking(prev, first) || is_md_punct(prev))
    } else {
        lf
    }
}

fn can_close(c: char, last: char, next: char) -> bool {
    let rf = right_flanking(last, next);
    if c == '_' {
        rf && (!left_flanking(last, next) || is_md_punct(next))
    } else {
        rf
    }
}

impl Renderer<'_> {
    /// Blocks separated by blank lines (or single newlines when `tight`).
    fn blocks(&mut self, blocks: &[Block], tight: bool) -> String {
        // Figures are flattened into the sequence so list-marker alternation sees through them.
        let mut seq: Vec<&Block> = Vec::with_capacity(blocks.len());
        let mut captions: Vec<Block> = Vec::new();
        let has_figure = blocks.iter().any(|b| matches!(b, Block::Figure { .. }));
        if has_figure {
            for b in blocks {
                if let Block::Figure {
                    caption: Some(c), ..
                } = b
                {
                    captions.push(Block::Paragraph(c.clone()));
                }
            }
        }
        let mut cap_iter = captions.iter();
        for b in blocks {
            match b {
                Block::Figure { content, caption } => {
                    seq.extend(content.iter());
                    if caption.is_some() {
                        seq.extend(cap_iter.next());
                    }
                }
                _ => seq.push(b),
            }
        }
        let mut out = String::new();
        let mut prev_list: Option<(bool, bool)> = None; // (ordered, alternate marker)
        for b in seq {
            let mut alt = false;
            if let Block::List { ordered, .. } = b
                && let Some((po, palt)) = prev_list
                && po == *ordered
            {
                // Two lists in a row would merge: switch the marker character.
                alt = !palt;
            }
            let s = self.block(b, alt);
            if s.is_empty() {
                continue;
            }
            prev_list = match b {
                Block::List { ordered, .. } => Some((*ordered, alt)),
                _ => None,
            };
            if !out.is_empty() {
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            out.push_str(&s);
        }
        out
    }

    fn block(&mut self, b: &Block, alt: bool) -> String {
        match b {
            Block::Paragraph(inl) => self.paragraph(inl),
            Block::Heading { level, content } => {
                let ctx = Ctx {
                    single_line: true,
                    ..Ctx::default()
                };
                let mut text = self.inline_str(content, ctx);
                if text.is_empty() {
                    return String::new();
                }
                // A trailing `#` run would be read as a closing sequence.
                if text.ends_with('#') && !text.ends_with("\\#") {
                    let i = text.len() - 1;
                    text.insert(i, '\\');
                }
                format!("{} {}", "#".repeat(usize::from((*level).clamp(1, 6))), text)
            }
            Block::CodeBlock { lang, code } => code_block(lang.as_deref(), code),
            Block::BlockQuote(inner) => {
                let s = self.blocks(inner, false);
                if s.is_empty() {
                    return ">".into();
                }
                prefix_lines(&s, "> ", "> ")
            }
            Block::List {
                ordered,
                start,
                tight,
                items,
            } => self.list(*ordered, *start, *tight, items, alt),
            Block::Rule => "---".into(),
            // A comment: invisible wherever raw HTML is not rendered.
            Block::SummaryBreak => "<!--more-->".into(),
            Block::Table {
                align,
                header,
                rows,
                caption,
            } => self.table(align, header.as_deref(), rows, caption.as_deref()),
            Block::DefinitionList(items) => self.def_list(items),
            Block::Figure { content, caption } => {
                let mut v: Vec<Block> = content.clone();
                if let Some(c) = caption {
                    v.push(Block::Paragraph(c.clone()));
                }
                self.blocks(&v, false)
            }
            Block::FootnoteDefinition { label, content } => {
                let body = self.blocks(content, false);
                if self.opts.footnotes {
                    let n = self.note_number(label);
                    let head = format!("[^{n}]: ");
                    if body.is_empty() {
                        return head.trim_end().to_string();
                    }
                    prefix_lines(&body, &head, "    ")
                } else {
                    let n = self.note_number(label);
                    let head = format!("{n}. ");
                    let indent = " ".repeat(head.len());
                    prefix_lines(&body, &head, &indent)
                }
            }
            Block::Html(h) => {
                if self.opts.raw_html {
                    let h = raw_html_refs(h);
                    if h.starts_with("<pre>") {
                        // A `<pre>` block runs to its end tag, blank lines and all.
                        h.trim_end().to_string()
                    } else {
                        // A blank line would end the HTML block early.
                        h.lines()
                            .filter(|l| !l.trim().is_empty())
                            .collect::<Vec<_>>()
                            .join("\n")
                    }
                } else {
                    code_block(Some("html"), h)
                }
            }
        }
    }

    fn note_number(&mut self, label: &str) -> usize {
        let n = self.notes.len() + 1;
        *self.notes.entry(label.to_string()).or_insert(n)
    }

    fn paragraph(&mut self, inl: &[Inline]) -> String {
        // `<iframe` at a line start opens an HTML block that would swallow the rest of the
        // paragraph as raw HTML, so leading iframes stand alone (a loop: a paragraph may hold
        // thousands of them).
        let mut parts: Vec<String> = Vec::new();
        let mut rest = inl;
        while self.opts.raw_html
            && rest.len() > 1
            && matches!(
                rest.first(),
                Some(Inline::Embed {
                    kind: EmbedKind::Iframe,
                    ..
                })
            )
        {
            parts.push(self.paragraph_lines(&rest[..1]));
            rest = &rest[1..];
            while let Some(Inline::Text(_) | Inline::LineBreak) = rest.first() {
                if matches!(rest.first(), Some(Inline::Text(t)) if !t.trim().is_empty()) {
                    break;
                }
                rest = &rest[1..];
            }
        }
        parts.push(self.paragraph_lines(rest));
        parts.retain(|p| !p.is_empty());
        parts.join("\n\n")
    }

    /// A paragraph's lines, each escaped where it starts.
    fn paragraph_lines(&mut self, inl: &[Inline]) -> String {
        let s = self.inline_str(inl, Ctx::default());
        if s.trim().is_empty() {
            return String::new();
        }
        let mut out = String::with_capacity(s.len() + 4);
        for (i, line) in s.split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            escape_line_start(line.trim_start_matches([' ', '\t']), &mut out);
        }
        out
    }

    fn list(
        &mut self,
        ordered: bool,
        start: u64,
        tight: bool,
        items: &[ListItem],
        alt: bool,
    ) -> String {
        // Tight only when every item is one leading block plus nested lists/code, which
        // Markdown can write without blank lines.
        let tight = tight
            && items.iter().all(|it| {
                it.content
                    .iter()
                    .skip(1)
                    .all(|b| matches!(b, Block::List { .. } | Block::CodeBlock { .. }))
                    && !matches!(
                        it.content.first(),
                        Some(Block::Table { .. } | Block::DefinitionList(_) | Block::Html(_))
                    )
                    // A figure is several blocks (media, caption) once rendered.
                    && !it.content.iter().any(|b| matches!(b, Block::Figure { .. }))
            });
        // CommonMark list numbers have at most nine digits.
        let start =
            start.min(999_999_999u64.saturating_sub((items.len() as u64).saturating_sub(1)));
        let mut out = String::new();
        for (i, it) in items.iter().enumerate() {
            let marker = if ordered {
                format!("{}{}", start + i as u64, if alt { ')' } else { '.' })
            } else if alt {
                "+".to_string()
            } else {
                "-".to_string()
            };
            let mut body = self.blocks(&it.content, tight);
            if body.starts_with("---") && marker == "-" {
                body.replace_range(0..3, "***");
            }
            if let Some(done) = it.task {
                let mark = if done { "[x]" } else { "[ ]" };
                body = if body.is_empty() {
                    mark.to_string()
                } else {
                    format!("{mark} {body}")
                };
            }
            if i > 0 {
                out.push_str(if tight { "\n" } else { "\n\n" });
            }
            if body.is_empty() {
                out.push_str(&marker);
                continue;
            }
            let indent = " ".repeat(marker.len() + 1);
            out.push_str(&prefix_lines(&body, &format!("{marker} "), &indent));
        }
        out
    }

    fn table(
        &mut self,
        align: &[Align],
        header: Option<&[Vec<Inline>]>,
        rows: &[Vec<Vec<Inline>>],
        caption: Option<&[Inline]>,
    ) -> String {
        let width = align
            .len()
            .max(header.map_or(0, <[_]>::len))
            .max(rows.iter().map(Vec::len).max().unwrap_or(0))
            .max(1);
        let ctx = Ctx {
            table: true,
            single_line: true,
            bracket: false,
        };
        let mut out = String::new();
        if let Some(c) = caption {
            let p = self.paragraph(c);
            if !p.is_empty() {
                out.push_str(&p);
                out.push_str("\n\n");
            }
        }
        let row_line = |r: &mut Self, cells: Option<&[Vec<Inline>]>, out: &mut String| {
            out.push('|');
            for i in 0..width {
                let s = cells
                    .and_then(|c| c.get(i))
                    .map(|c| r.inline_str(c, ctx))
                    .unwrap_or_default();
                out.push(' ');
                out.push_str(&s);
                if !s.is_empty() {
                    out.push(' ');
                }
                out.push('|');
            }
            out.push('\n');
        };
        row_line(self, header, &mut out);
        out.push('|');
        for i in 0..width {
            out.push_str(match align.get(i).copied().unwrap_or_default() {
                Align::None => " --- |",
                Align::Left => " :-- |",
                Align::Center => " :-: |",
                Align::Right => " --: |",
            });
        }
        out.push('\n');
        for r in rows {
            row_line(self, Some(r), &mut out);
        }
        out.pop();
        out
    }

    fn def_list(&mut self, items: &[DefinitionItem]) -> String {
        let mut parts: Vec<String> = Vec::new();
        if self.opts.definition_lists {
            for it in items {
                let mut s = String::new();
                for t in &it.terms {
                    if !s.is_empty() {
                        s.push('\n');
                    }
                    s.push_str(&self.paragraph(t));
                }
                for d in &it.definitions {
                    let body = self.blocks(d, false);
                    if !s.is_empty() {
                        s.push('\n');
                    }
                    s.push_str(&prefix_lines(&body, ": ", "  "));
                }
                parts.push(s);
            }
            return parts.join("\n\n");
        }
        if self.opts.raw_html {
            // HTML wrappers around Markdown content: each tag is its own HTML block and the
            // blank lines around the content let it be parsed as Markdown.
            let mut s = String::from("<dl>");
            for it in items {
                for t in &it.terms {
                    s.push_str("\n<dt>\n\n");
                    s.push_str(&self.paragraph(t));
                    s.push_str("\n\n</dt>");
                }
                for d in &it.definitions {
                    let body = self.blocks(d, false);
                    s.push_str("\n<dd>\n\n");
                    s.push_str(&body);
                    s.push_str("\n\n</dd>");
                }
            }
            s.push_str("\n</dl>");
            return s.replace("\n\n\n\n", "\n\n");
        }
        for it in items {
            for t in &it.terms {
                parts.push(self.paragraph(&[Inline::Strong(t.clone())]));
            }
            for d in &it.definitions {
                parts.push(self.blocks(d, false));
            }
        }
        parts.retain(|p| !p.is_empty());
        parts.join("\n\n")
    }

    fn inline_str(&mut self, inl: &[Inline], ctx: Ctx) -> String {
        let mut out = String::new();
        self.inlines(inl, ctx, ' ', ' ', (0, 0), &mut out);
        if ctx.single_line {
            // Spaces from removed breaks must not pile up or sit at the edges.
            let t = out.trim();
            if t.len() != out.len() {
                out = t.to_string();
            }
        }
        out
    }

    /// Renders a sequence; `prev` is the character before it (when `out` is empty), `next`
    /// the one expected after it.
    /// `runs` gives the delimiter run length of an enclosing emphasis whose delimiter is `prev`
    /// / `next` (0 when that character is something else); `usize::MAX` marks an escaped
    /// literal, which can never merge with a delimiter.
    fn inlines(
        &mut self,
        inl: &[Inline],
        ctx: Ctx,
        prev: char,
        next: char,
        runs: (usize, usize),
        out: &mut String,
    ) {
        let start = out.len();
        for (i, node) in inl.iter().enumerate() {
            let p = if out.len() > start {
                out.chars().next_back().unwrap_or(prev)
            } else {
                prev
            };
            let needs_next = matches!(
                node,
                Inline::Emphasis(_)
                    | Inline::Strong(_)
                    | Inline::Strikethrough(_)
                    | Inline::LineBreak
            );
            let n = if !needs_next {
                ' '
            } else if let Some(nx) = inl.get(i + 1) {
                self.first_char(nx, ctx)
            } else {
                next
            };
            let prev_run = if out.len() > start {
                // An escaped delimiter character (`\*`) is a literal, not a run.
                let bs = out[..out.len() - p.len_utf8()]
                    .bytes()
                    .rev()
                    .take_while(|&b| b == b'\\')
                    .count();
                if bs % 2 == 1 { usize::MAX } else { 0 }
            } else {
                runs.0
            };
            let next_run = if i + 1 == inl.len() { runs.1 } else { 0 };
            self.inline(node, ctx, p, n, (prev_run, next_run), out);
            // `!` right before a link would turn it into an image.
            if out.ends_with('!')
                && matches!(node, Inline::Text(_))
                && matches!(inl.get(i + 1), Some(Inline::Link { .. }))
            {
                out.pop();
                out.push_str("\\!");
            }
        }
    }

    /// The first character `node` will render as (close enough for flanking decisions).
    fn first_char(&mut self, node: &Inline, ctx: Ctx) -> char {
        match node {
            Inline::Text(t) => {
                let mut s = String::new();
                let head: String = t.chars().take(8).collect();
                escape_text(&head, ctx, &mut s);
                s.chars().next().unwrap_or(' ')
            }
            Inline::Emphasis(_) | Inline::Strong(_) | Inline::Strikethrough(_) => DELIM,
            Inline::Code(_) | Inline::Kbd(_) => '`',
            Inline::Link { .. } | Inline::FootnoteRef(_) => '[',
            Inline::Image { .. } => '!',
            Inline::LineBreak => {
                if ctx.table && self.opts.raw_html {
                    '<'
                } else if ctx.single_line {
                    ' '
                } else {
                    '\\'
                }
            }
            Inline::Subscript(k) | Inline::Superscript(k) | Inline::Mark(k) => {
                if self.opts.raw_html {
                    '<'
                } else {
                    k.first().map_or(' ', |f| self.first_char(f, ctx))
                }
            }
            Inline::Embed { .. } => {
                if self.opts.raw_html {
                    '<'
                } else {
                    '['
                }
            }
            Inline::Html(h) => h.chars().next().unwrap_or(' '),
        }
    }

    fn inline(
        &mut self,
        node: &Inline,
        ctx: Ctx,
        prev: char,
        next: char,
        runs: (usize, usize),
        out: &mut String,
    ) {
        match node {
            Inline::Text(t) => escape_text(t, ctx, out),
            Inline::Emphasis(k) => {
                self.emphasis(k, &['*', '_'], 1, "em", ctx, (prev, next), runs, out)
            }
            Inline::Strong(k) => {
                self.emphasis(k, &['*', '_'], 2, "strong", ctx, (prev, next), runs, out)
            }
            Inline::Strikethrough(k) => {
                self.emphasis(k, &['~'], 2, "del", ctx, (prev, next), runs, out)
            }
            Inline::Code(c) | Inline::Kbd(c) => code_span(c, ctx, self.opts.raw_html, out),
            Inline::Link {
                url,
                title,
                content,
            } => self.link(url, title.as_deref(), content, ctx, out),
            Inline::Image { url, alt, title } => {
                out.push_str("![");
                let actx = Ctx {
                    bracket: true,
                    ..ctx
                };
                escape_text(&alt.replace(['\n', '\r'], " "), actx, out);
                out.push(']');
                if self.opts.decodable_images {
                    link_tail(&decodable(url), title.as_deref(), ctx, out);
                } else {
                    link_tail(url, title.as_deref(), ctx, out);
                }
            }
            Inline::LineBreak => {
                // A line starting with some tags (`<iframe`) would start an HTML block that
                // takes the rest of the paragraph as raw text: break with HTML instead.
                if (ctx.table || next == '<') && self.opts.raw_html {
                    // A pipe table row is one line; HTML is the only line break it can hold.
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                    out.push_str("<br> ");
                } else if ctx.single_line {
                    if !out.ends_with(' ') {
                        out.push(' ');
                    }
                } else if !out.is_empty() {
                    out.push_str("\\\n");
                }
            }
            Inline::FootnoteRef(label) => {
                if self.opts.footnotes {
                    // Source ids are often UUIDs; numbers in order of appearance read better.
                    let n = self.note_number(label);
                    out.push_str(&format!("[^{n}]"));
                } else {
                    let n = self.note_number(label);
                    out.push_str(&format!("\\[{n}\\]"));
                }
            }
            Inline::Subscript(k) => self.html_wrap("sub", k, ctx, prev, next, out),
            Inline::Superscript(k) => self.html_wrap("sup", k, ctx, prev, next, out),
            Inline::Mark(k) => self.html_wrap("mark", k, ctx, prev, next, out),
            Inline::Embed {
                kind,
                url,
                title,
                attrs,
            } => self.embed(*kind, url, title.as_deref(), attrs, ctx, out),
            Inline::Html(h) => {
                let h = h.replace(['\n', '\r'], " ");
                if self.opts.raw_html {
                    let h = raw_html_refs(&h);
                    if ctx.table {
                        out.push_str(&h.replace('|', "&#124;"));
                    } else {
                        out.push_str(&h);
                    }
                } else {
                    // Without raw HTML only the text between tags survives.
                    let mut text = String::with_capacity(h.len());
                    let mut in_tag = false;
                    for c in h.chars() {
                        match c {
                            '<' => in_tag = true,
                            '>' if in_tag => in_tag = false,
                            _ if !in_tag => text.push(c),
                            _ => {}
                        }
                    }
                    escape_text(&text, ctx, out);
                }
            }
        }
    }

    fn html_wrap(
        &mut self,
        tag: &str,
        kids: &[Inline],
        ctx: Ctx,
        prev: char,
        next: char,
        out: &mut String,
    ) {
        if self.opts.raw_html {
            out.push('<');
            out.push_str(tag);
            out.push('>');
            self.inlines(kids, ctx, '>', '<', (0, 0), out);
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
        } else {
            self.inlines(kids, ctx, prev, next, (0, 0), out);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn emphasis(
        &mut self,
        kids: &[Inline],
        chars: &[char],
        run: usize,
        tag: &str,
        ctx: Ctx,
        (prev, next): (char, char),
        (prev_run, next_run): (usize, usize),
        out: &mut String,
    ) {
        // The content is rendered once per delimiter character tried (its edges depend on
        // the delimiter); deep inside other emphasis only one character is tried, so nested
        // emphasis costs a constant factor, never an exponential one.
        let shallow = self.open.len() < 2;
        let mut cache: Vec<(char, String)> = Vec::with_capacity(2);
        let mut render_inner = |this: &mut Self, c: char| -> String {
            if let Some((_, s)) = cache.iter().find(|(k, _)| *k == c) {
                return s.clone();
            }
            let mut inner = String::new();
            this.open.push((c, run));
            this.inlines(kids, ctx, c, c, (run, run), &mut inner);
            this.open.pop();
            cache.push((c, inner.clone()));
            inner
        };
        let steals = |this: &Self, c: char, p: char, f: char| {
            // A run that can also close must not be able to close an enclosing opener of the
            // same character (CommonMark's rule of three decides).
            right_flanking(p, f)
                && this.open.iter().any(|&(oc, orun)| {
                    oc == c
                        && (!(orun + run).is_multiple_of(3)
                            || (orun.is_multiple_of(3) && run.is_multiple_of(3)))
                })
        };
        let emit = |out: &mut String, c: char, inner: &str, pad: (bool, bool)| {
            if pad.0 {
                out.push_str(EMPTY_COMMENT);
            }
            for _ in 0..run {
                out.push(c);
            }
            out.push_str(inner);
            for _ in 0..run {
                out.push(c);
            }
            if pad.1 {
                out.push_str(EMPTY_COMMENT);
            }
        };
        let candidates: Vec<char> = if shallow {
            chars.to_vec()
        } else {
            let first = chars.iter().copied().find(|&c| c != prev && c != next);
            vec![first.unwrap_or(chars[0])]
        };
        // First choice: a delimiter that touches no other run of its character. Second: one
        // that touches the run of an enclosing emphasis of a different length, which
        // CommonMark still pairs correctly (`*foo**bar***` is em(foo, strong(bar))).
        for relaxed in [false, true] {
            for &c in &candidates {
                let clash = |other: char, other_run: usize| {
                    other == c
                        && other_run != usize::MAX
                        && !(relaxed && other_run != 0 && other_run != run)
                };
                if clash(prev, prev_run) || clash(next, next_run) {
                    continue;
                }
                if relaxed && !(prev == c || next == c) {
                    continue;
                }
                let inner = render_inner(self, c);
                let (Some(f), Some(l)) = (inner.chars().next(), inner.chars().next_back()) else {
                    return;
                };
                if f == c || l == c {
                    continue;
                }
                if !steals(self, c, prev, f) && can_open(c, prev, f) && can_close(c, l, next) {
                    emit(out, c, &inner, (false, false));
                    return;
                }
            }
        }
        // No delimiter works against these neighbours (`a<strong>"b"</strong>c`,
        // `<strong>Note:</strong>text`). An empty comment next to the delimiter is
        // punctuation to the flanking rules and invisible once rendered, so the emphasis stays
        // Markdown even where raw HTML is later dropped.
        if self.opts.raw_html {
            for &c in &candidates {
                let inner = render_inner(self, c);
                let (Some(f), Some(l)) = (inner.chars().next(), inner.chars().next_back()) else {
                    return;
                };
                if f == c || l == c {
                    continue;
                }
                let pad_before = !can_open(c, prev, f) || (prev == c && prev_run != usize::MAX);
                let pad_after = !can_close(c, l, next) || next == c;
                let p = if pad_before { '>' } else { prev };
                let n = if pad_after { '<' } else { next };
                if !steals(self, c, p, f) && can_open(c, p, f) && can_close(c, l, n) {
                    emit(out, c, &inner, (pad_before, pad_after));
                    return;
                }
            }
        }
        // Still nothing (the content itself starts with the delimiter, or an enclosing run
        // would be closed): HTML tags, or plain content without raw HTML.
        let inner = render_inner(self, candidates[0]);
        if self.opts.raw_html {
            out.push('<');
            out.push_str(tag);
            out.push('>');
            out.push_str(&inner);
            out.push_str("</");
            out.push_str(tag);
            out.push('>');
        } else if shallow {
            // The content's own emphasis must flank against the real neighbours.
            self.inlines(kids, ctx, prev, next, (0, 0), out);
        } else {
            out.push_str(&inner);
        }
    }

    fn link(
        &mut self,
        url: &str,
        title: Option<&str>,
        content: &[Inline],
        ctx: Ctx,
        out: &mut String,
    ) {
        if title.is_none()
            && let [Inline::Text(t)] = content
            && let Some(auto) = autolink(url, t, ctx)
        {
            out.push_str(&auto);
            return;
        }
        out.push('[');
        let mut inner = String::new();
        let lctx = Ctx {
            bracket: true,
            ..ctx
        };
        self.inlines(content, lctx, '[', ']', (0, 0), &mut inner);
        // A break at the very start or end of link text would leave a dangling backslash.
        out.push_str(inner.trim_end_matches("\\\n"));
        out.push(']');
        link_tail(url, title, ctx, out);
    }

    fn embed(
        &mut self,
        kind: EmbedKind,
        url: &str,
        title: Option<&str>,
        attrs: &[(String, String)],
        ctx: Ctx,
        out: &mut String,
    ) {
        let tag = match kind {
            EmbedKind::Iframe => "iframe",
            EmbedKind::Video => "video",
            EmbedKind::Audio => "audio",
            EmbedKind::Object => "embed",
        };
        if self.opts.raw_html {
            let mut h = format!("<{tag}");
            if !url.is_empty() {
                h.push_str(&format!(" src=\"{}\"", html_attr(url)));
            }
            if let Some(t) = title {
                h.push_str(&format!(" title=\"{}\"", html_attr(t)));
            }
            for (k, v) in attrs {
                if v.is_empty() {
                    h.push_str(&format!(" {k}"));
                } else {
                    h.push_str(&format!(" {k}=\"{}\"", html_attr(v)));
                }
            }
            if matches!(kind, EmbedKind::Video | EmbedKind::Audio)
                && !attrs.iter().any(|(k, _)| k == "controls")
            {
                h.push_str(" controls");
            }
            h.push('>');
            if kind != EmbedKind::Object {
                h.push_str(&format!("</{tag}>"));
            }
            if ctx.table {
                h = h.replace('|', "&#124;");
            }
            out.push_str(&h);
        } else {
            let label = title.map(str::to_string).unwrap_or_else(|| {
                match kind {
                    EmbedKind::Iframe => "Embedded content",
                    EmbedKind::Video => "Video",
                    EmbedKind::Audio => "Audio",
                    EmbedKind::Object => "Embedded object",
                }
                .to_string()
            });
            if url.is_empty() {
                escape_text(&label, ctx, out);
            } else {
                out.push('[');
                let lctx = Ctx {
                    bracket: true,
                    ..ctx
                };
                escape_text(&label, lctx, out);
                out.push(']');
                link_tail(url, None, ctx, out);
            }
        }
    }
}

/// An attribute value for raw HTML on one line (a newline would be read as a paragraph line).
fn html_attr(s: &str) -> String {
    let quoted = s
        .replace(['\n', '\r', '\t'], " ")
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    raw_html_refs(&quoted).into_owned()
}

/// `<url>` when the text is the URL itself and the autolink syntax can carry it.
fn autolink(url: &str, text: &str, ctx: Ctx) -> Option<String> {
    if url.is_empty()
        || url.contains(|c: char| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
    {
        return None;
    }
    if ctx.table && url.contains('|') {
        return None;
    }
    let scheme_ok = |u: &str| {
        let Some((scheme, _)) = u.split_once(':') else {
            return false;
        };
        (2..=32).contains(&scheme.len())
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
    };
    if text == url && scheme_ok(url) && !url.contains('\\') {
        return Some(format!("<{url}>"));
    }
    if let Some(addr) = url.strip_prefix("mailto:")
        && text == addr
        && is_email(addr)
    {
        return Some(format!("<{addr}>"));
    }
    None
}

fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c))
        && !domain.is_empty()
        && domain.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// `(destination "title")`.
/// `url` with the `%` of every escape `decodeURI` would refuse written as `%25`: a `%` not
/// followed by two hex digits, and escapes whose bytes are no UTF-8 (a file name cut inside a
/// character, or written in Latin-1). Addresses that decode already come back unchanged.
fn decodable(url: &str) -> std::borrow::Cow<'_, str> {
    if !url.contains('%') {
        return std::borrow::Cow::Borrowed(url);
    }
    let b = url.as_bytes();
    let is_escape = |i: usize| {
        b[i] == b'%'
            && b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
    };
    let mut out = String::with_capacity(url.len() + 8);
    let mut i = 0;
    while let Some(at) = url[i..].find('%').map(|p| p + i) {
        out.push_str(&url[i..at]);
        // The run of escapes from here, and the bytes they spell.
        let mut end = at;
        let mut bytes = Vec::new();
        while end < b.len() && is_escape(end) {
            bytes.push(u8::from_str_radix(&url[end + 1..end + 3], 16).unwrap_or(0));
            end += 3;
        }
        if bytes.is_empty() {
            out.push_str("%25");
            i = at + 1;
            continue;
        }
        let mut k = 0;
        while k < bytes.len() {
            let good = match std::str::from_utf8(&bytes[k..]) {
                Ok(_) => bytes.len() - k,
                Err(e) => e.valid_up_to(),
            };
            out.push_str(&url[at + 3 * k..at + 3 * (k + good)]);
            k += good;
            if k < bytes.len() {
                out.push_str("%25");
                out.push_str(&url[at + 3 * k + 1..at + 3 * k + 3]);
                k += 1;
            }
        }
        i = end;
    }
    out.push_str(&url[i..]);
    std::borrow::Cow::Owned(out)
}

fn link_tail(url: &str, title: Option<&str>, ctx: Ctx, out: &mut String) {
    out.push('(');
    let url = if ctx.table {
        url.replace('|', "%7C")
    } else {
        url.to_string()
    };
    let mut depth: i32 = 0;
    let mut balanced = true;
    for c in url.chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth < 0 {
                    balanced = false;
                }
            }
            _ => {}
        }
    }
    let angle = url.is_empty() && title.is_some()
        || depth != 0
        || !balanced
        || url.contains(|c: char| c == ' ' || c.is_control() || c == '<' || c == '>');
    if angle {
        out.push('<');
    }
    for (i, c) in url.char_indices() {
        match c {
            '\\' => out.push_str("\\\\"),
            '<' | '>' if angle => {
                out.push('\\');
                out.push(c);
            }
            '&' if looks_like_entity(&url.as_bytes()[i + 1..]) => out.push_str("\\&"),
            '\n' | '\r' => out.push_str("%0A"),
            // Braces, as browsers send them: `{{%` anywhere, a link's address included, opens
            // a Hugo shortcode (a Jekyll-era `{{ site_url }}` left in a link broke the build).
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            _ => out.push(c),
        }
    }
    if angle {
        out.push('>');
    }
    if let Some(t) = title {
        out.push_str(" \"");
        for c in t.chars() {
            match c {
                '"' | '\\' => {
                    out.push('\\');
                    out.push(c);
                }
                '|' if ctx.table => out.push_str("\\|"),
                '\n' | '\r' => out.push(' '),
                _ => out.push(c),
            }
        }
        out.push('"');
    }
    out.push(')');
}

/// Whether `&` followed by `rest` would be read as a character reference.
fn looks_like_entity(rest: &[u8]) -> bool {
    for (n, &c) in rest.iter().take(40).enumerate() {
        if c == b';' {
            return n > 0;
        }
        if !(c.is_ascii_alphanumeric() || c == b'#') {
            return false;
        }
    }
    false
}

/// A code span whose backtick run differs from every run inside.
fn code_span(code: &str, ctx: Ctx, raw_html: bool, out: &mut String) {
    let code = code.replace(['\n', '\r'], " ");
    if code.is_empty() {
        return;
    }
    if out.ends_with('`') && !out.ends_with("\\`") {
        // Two code spans in a row would merge into one; an empty comment keeps them apart.
        out.push_str(if raw_html { EMPTY_COMMENT } else { " " });
    }
    let mut runs = Vec::new();
    let mut cur = 0usize;
    for c in code.chars() {
        if c == '`' {
            cur += 1;
        } else if cur > 0 {
            runs.push(cur);
            cur = 0;
        }
    }
    if cur > 0 {
        runs.push(cur);
    }
    let mut n = 1;
    while runs.contains(&n) {
        n += 1;
    }
    let fence = "`".repeat(n);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && !code.chars().all(|c| c == ' '));
    out.push_str(&fence);
    if pad {
        out.push(' ');
    }
    if ctx.table {
        out.push_str(&code.replace('|', "\\|"));
    } else {
        out.push_str(&code);
    }
    if pad {
        out.push(' ');
    }
    out.push_str(&fence);
}

/// A fenced block: the fence is longer than any backtick run inside, so content never closes
/// it; tildes when the info string itself holds a backtick.
fn code_block(lang: Option<&str>, code: &str) -> String {
    let lang = lang
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .unwrap_or_default();
    let fence_char = if lang.contains('`') { '~' } else { '`' };
    let mut longest = 0;
    let mut cur = 0;
    for c in code.chars() {
        if c == fence_char {
            cur += 1;
            longest = longest.max(cur);
        } else {
            cur = 0;
        }
    }
    let fence: String = std::iter::repeat_n(fence_char, (longest + 1).max(3)).collect();
    let mut out = String::with_capacity(code.len() + 16);
    out.push_str(&fence);
    out.push_str(&lang);
    out.push('\n');
    out.push_str(code);
    if !code.is_empty() && !code.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(&fence);
    out
}

/// Prefixes every line; blank lines get the prefix without its trailing spaces.
fn prefix_lines(s: &str, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.split('\n').enumerate() {
        let p = if i == 0 { first } else { rest };
        if i > 0 {
            out.push('\n');
        }
        if line.is_empty() {
            out.push_str(p.trim_end());
        } else {
            out.push_str(p);
            out.push_str(line);
        }
    }
    out
}

/// Escapes literal text for an inline position: only what could start or end syntax.
fn escape_text(t: &str, ctx: Ctx, out: &mut String) {
    let b = t.as_bytes();
    let mut last = 0;
    for (i, &c) in b.iter().enumerate() {
        if !matches!(
            c,
            b'\\'
                | b'`'
                | b'['
                | b']'
                | b'*'
                | b'~'
                | b'_'
                | b'<'
                | b'&'
                | b'|'
                | b':'
                | b'.'
                | b'\n'
                | b'\r'
                | b'\t'
                | 0
        ) {
            continue;
        }
        let prev = || t[..i].chars().next_back();
        let next = || t[i + 1..].chars().next();
        let ws = |o: Option<char>| o.is_some_and(char::is_whitespace);
        let alnum = |o: Option<char>| o.is_some_and(char::is_alphanumeric);
        let esc: bool = match c {
            b'\\' => next().is_none_or(|x| x.is_ascii_punctuation()),
            b'`' | b'[' => true,
            b']' => ctx.bracket,
            b'*' | b'~' => !(ws(prev()) && ws(next())),
            b'_' => !((alnum(prev()) && alnum(next())) || (ws(prev()) && ws(next()))),
            // Tags, autolinks and `<user@host>` email autolinks all start right after it.
            b'<' => !ws(next()),
            b'&' => looks_like_entity(&b[i + 1..]),
            b'|' => ctx.table,
            // `http://` would become a link under GFM's autolink extension.
            b':' => b[i + 1..].starts_with(b"//") && i > 0 && b[i - 1].is_ascii_alphabetic(),
            // `www.` likewise.
            b'.' => {
                i >= 3
                    && b[i - 3..i].eq_ignore_ascii_case(b"www")
                    && (i == 3
                        || !t[..i - 3]
                            .chars()
                            .next_back()
                            .is_some_and(char::is_alphanumeric))
            }
            _ => {
                // Newlines and tabs never reach the output as such; NUL is invalid.
                out.push_str(&t[last..i]);
                out.push(if c == 0 { '\u{fffd}' } else { ' ' });
                last = i + 1;
                continue;
            }
        };
        if esc {
            out.push_str(&t[last..i]);
            out.push('\\');
            if c == b'\\' {
                out.push('\\');
                last = i + 1;
            } else {
                last = i;
            }
        }
    }
    out.push_str(&t[last..]);
}

/// Escapes what would start a block at the beginning of a paragraph line (the first line or
/// one after a hard break). Only literal text can produce these characters there.
fn escape_line_start(line: &str, out: &mut String) {
    let b = line.as_bytes();
    let first = b.first().copied();
    let after = |i: usize| b.get(i).is_none_or(|&c| c == b' ' || c == b'\t');
    match first {
        Some(b'#') => {
            let run = b.iter().take_while(|&&c| c == b'#').count();
            if run <= 6 && after(run) {
                out.push('\\');
            }
        }
        Some(b'>') => out.push('\\'),
        Some(b'-' | b'+' | b'*') if after(1) => out.push('\\'),
        // `: text` after a line is a definition where definition lists are read (Hugo's
        // goldmark, kramdown, PHP Markdown Extra), even across a blank line; pulldown-cmark
        // takes `:text` as one too.
        Some(b':') => out.push('\\'),
        Some(b'=' | b'-')
            if line
                .trim_end()
                .bytes()
                .all(|c| c == first.unwrap_or(0) || c == b' ') =>
        {
            out.push('\\')
        }
        Some(b'0'..=b'9') => {
            let run = b.iter().take_while(|c| c.is_ascii_digit()).count();
            if run <= 9 && matches!(b.get(run), Some(b'.' | b')')) && after(run + 1) {
                out.push_str(&line[..run]);
                out.push('\\');
                out.push_str(&line[run..]);
                return;
            }
        }
        _ => {}
    }
    // A line of only pipes, colons, dashes and spaces could be a table delimiter row.
    if line.contains('-')
        && !out.ends_with('\\')
        && line
            .bytes()
            .all(|c| matches!(c, b'|' | b':' | b'-' | b' ' | b'\t'))
    {
        out.push('\\');
    }
    out.push_str(line);
}
