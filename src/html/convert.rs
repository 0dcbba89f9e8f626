//! Walks a parsed HTML fragment and builds the body model.
//!
//! The walk is a single pass over the DOM with an explicit stack (no recursion), so input nested
//! 100,000 levels deep costs memory proportional to the depth and never overflows the call
//! stack. The model's own nesting is capped ([`MAX_BLOCK_DEPTH`], [`MAX_INLINE_DEPTH`]): deeper
//! containers are flattened into their parent, which keeps every later recursive walk of the
//! model safe.
//!
//! Whitespace follows the browser: runs of ASCII whitespace collapse to one space across element
//! boundaries, spaces at the inside edges of inline elements move outside (so `<em> a </em>`
//! becomes ` *a* `), whitespace-only inline elements leave a single space, and block boundaries
//! separate words. `&nbsp;` policy: a non-breaking space is kept as the U+00A0 character inside
//! text (it was put there on purpose and Markdown has no other spelling that survives every
//! renderer), but it counts as whitespace at the edges of blocks and inline elements, where it
//! is trimmed like a space; paragraphs holding nothing but NBSPs (WordPress spacer paragraphs)
//! are dropped. Two or more `<br>` in a row end a paragraph outside list items, cells and
//! emphasis: posts written as text and breaks get the paragraphs they show.
//!
//! Some elements are read whole as the walk meets them, without descending: highlighter
//! widgets become code blocks ([`super::code_widgets`]) and in-post tables of contents are left
//! out ([`super::toc`]). Both exports and scraped pages come through here, so both get this.

use super::anchors::Anchors;
use super::artefacts::editor_artefact;
use super::code_widgets::{self, Widget};
use super::lang::lang_of;
use super::toc::{self, HeadingIds};
use crate::doc::{Align, Block, DefinitionItem, EmbedKind, Inline, ListItem};
use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{ElementRef, Html, Node};
use std::collections::HashSet;

/// Block containers (quotes, lists, items) nested deeper than this are flattened.
pub const MAX_BLOCK_DEPTH: usize = 24;
/// Inline wrappers (emphasis, links, …) nested deeper than this are flattened.
pub const MAX_INLINE_DEPTH: usize = 12;

/// Converts an HTML fragment into body blocks.
pub fn to_blocks(html: &str) -> Vec<Block> {
    let (doc, _) = parse(html);
    let headings = HeadingIds::scan(doc.root_element());
    blocks_of(&doc, headings)
}

/// Converts an HTML fragment into body blocks, and counts what it shows for the loss check
/// from the same parse.
pub fn to_blocks_checked(html: &str) -> (Vec<Block>, crate::check::Census) {
    let (doc, removed) = parse(html);
    let headings = HeadingIds::scan(doc.root_element());
    let mut census = crate::check::Census::default();
    census.removed_widgets = removed;
    super::census::count(doc.root_element(), &headings, &mut census);
    (blocks_of(&doc, headings), census)
}

/// What an HTML fragment shows, for the loss check.
pub fn census_of(html: &str) -> crate::check::Census {
    let (doc, _) = parse(html);
    let root = doc.root_element();
    let mut census = crate::check::Census::default();
    super::census::count(root, &HeadingIds::scan(root), &mut census);
    census
}

/// Parses a fragment, Ghost's cards made plain HTML (see [`super::ghost`]); also says what
/// that left out.
fn parse(html: &str) -> (Html, super::ghost::Removed) {
    // A byte-order mark is encoding debris, never content.
    let html = html.strip_prefix('\u{feff}').unwrap_or(html);
    let capped = super::depth::cap_depth(html, super::depth::MAX_DEPTH);
    let mut doc = Html::parse_fragment(&capped);
    let removed = super::ghost::rewrite(&mut doc, html);
    (doc, removed)
}

fn blocks_of(doc: &Html, headings: HeadingIds) -> Vec<Block> {
    let root = doc.root_element();
    let notes = Footnotes::scan(root);
    let anchors = Anchors::scan(
        root,
        |el| toc::is_toc(el, &headings),
        |id| notes.ids.contains(id) || notes.ref_ids.contains(id),
    );
    let mut w = Walker {
        anchors,
        stack: vec![Frame::new(Kind::Flow)],
        actions: Vec::new(),
        last_space: true,
        notes,
        headings,
        block_depth: 0,
        inline_depth: 0,
    };
    // Iterative pre-order walk: `open` says whether to descend, `close` runs on the way up.
    let mut node = *root;
    'walk: loop {
        let descend = w.open(node.value(), ElementRef::wrap(node));
        if descend && let Some(c) = node.first_child() {
            node = c;
            continue;
        }
        loop {
            w.close();
            if node == *root {
                break 'walk;
            }
            if let Some(s) = node.next_sibling() {
                node = s;
                break;
            }
            match node.parent() {
                Some(p) => node = p,
                None => break 'walk,
            }
        }
    }
    let mut root_frame = w.stack.pop().unwrap_or_else(|| Frame::new(Kind::Flow));
    // Unclosed frames cannot happen (every open has a close) but never lose content.
    while let Some(mut f) = w.stack.pop() {
        f.flush_para();
        root_frame.blocks.append(&mut f.blocks);
    }
    root_frame.flush_para();
    root_frame.blocks
}

/// What the walker does when an element closes; one entry per element open, so the action
/// stack mirrors the DOM depth.
enum Action {
    /// Nothing to undo (text, transparent inline wrappers, skipped subtrees).
    Nothing,
    /// A block wrapper that only separates paragraphs (`div`, `p`, `section`…).
    Boundary,
    /// A block element met in an inline context: words on either side stay apart.
    Space,
    /// A frame was pushed and is finished on close.
    Pop,
    /// An item outside any list pushed a list and its item; both finish on close.
    PopItemAndList,
    /// `<thead>` closed: rows after it are body rows.
    EndHead,
    /// A list element inside a table cell closes: its end tag is kept as inline HTML.
    CellTag(&'static str),
}

#[derive(Debug)]
enum Kind {
    /// A container of blocks: the fragment root, list items, quotes, definitions, footnotes.
    Flow,
    Quote,
    Item {
        task: Option<bool>,
    },
    List {
        ordered: bool,
        start: u64,
        items: Vec<ListItem>,
    },
    DefList {
        items: Vec<DefinitionItem>,
    },
    DefTerm,
    DefDesc,
    Footnote {
        label: String,
    },
    Figure {
        caption: Option<Vec<Inline>>,
    },
    Caption,
    Heading(u8),
    Table(Box<TableAcc>),
    Row {
        cells: Vec<Cell>,
        head: bool,
    },
    Cell {
        header: bool,
        colspan: usize,
        rowspan: usize,
        align: Align,
    },
    Inline(Wrap),
}

#[derive(Debug, Clone)]
enum Wrap {
    Em,
    Strong,
    Del,
    Sub,
    Sup,
    Mark,
    Link { url: String, title: Option<String> },
}

#[derive(Debug, Default)]
struct TableAcc {
    rows: Vec<(Vec<Cell>, bool)>,
    caption: Option<Vec<Inline>>,
    in_head: bool,
    /// The table only holds a picture ([`is_picture_table`]).
    picture: bool,
}

#[derive(Debug)]
struct Cell {
    content: Vec<Inline>,
    header: bool,
    colspan: usize,
    rowspan: usize,
    align: Align,
}

#[derive(Debug)]
struct Frame {
    kind: Kind,
    /// Finished blocks (flow frames only).
    blocks: Vec<Block>,
    /// Inline content: children of an inline frame, or the pending paragraph of a flow frame.
    inl: Vec<Inline>,
}

impl Frame {
    fn new(kind: Kind) -> Frame {
        Frame {
            kind,
            blocks: Vec::new(),
            inl: Vec::new(),
        }
    }

    /// Whether block children become blocks here (rather than being flattened to inline).
    fn is_flow(&self) -> bool {
        matches!(
            self.kind,
            Kind::Flow
                | Kind::Quote
                | Kind::Item { .. }
                | Kind::List { .. }
                | Kind::DefList { .. }
                | Kind::DefDesc
                | Kind::Footnote { .. }
                | Kind::Figure { .. }
        )
    }

    /// Ends the pending inline run as a paragraph.
    fn flush_para(&mut self) {
        if self.inl.is_empty() {
            return;
        }
        let inl = std::mem::take(&mut self.inl);
        let inl = trim_block_inlines(inl);
        if !inl.is_empty() {
            self.blocks.push(Block::Paragraph(inl));
        }
    }

    /// Flushes and hands over everything this flow frame collected.
    fn take_blocks(&mut self) -> Vec<Block> {
        self.flush_para();
        std::mem::take(&mut self.blocks)
    }
}

struct Walker {
    stack: Vec<Frame>,
    actions: Vec<Action>,
    /// Whether the last inline content emitted ended in whitespace (or a block just started):
    /// the browser's whitespace-collapsing state, shared across element boundaries.
    last_space: bool,
    notes: Footnotes,
    /// Targets of in-post links, to tell a table of contents from other link lists.
    headings: HeadingIds,
    /// The places in-post links lead to, marked as the walk meets them.
    anchors: Anchors,
    block_depth: usize,
    inline_depth: usize,
}

fn is_ws(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c')
}

/// ASCII whitespace and NBSP: what is trimmed at the edges of blocks and inline elements.
fn is_edge_ws(c: char) -> bool {
    is_ws(c) || c == '\u{a0}'
}

fn attr<'a>(el: &'a Element, name: &str) -> Option<&'a str> {
    el.attrs().find(|(k, _)| *k == name).map(|(_, v)| v)
}

fn has_class_part(el: &Element, part: &str) -> bool {
    attr(el, "class").is_some_and(|c| c.contains(part))
}

/// Elements whose content is not post text (scripts, metadata, form widgets, graphics).
pub(super) const DROP: &[&str] = &[
    "script", "style", "template", "noscript", "head", "meta", "link", "title", "svg", "math",
    "canvas", "select", "option", "textarea", "button", "base", "map", "area", "track", "param",
    "wbr", "datalist", "frame", "frameset", "noframes",
];

/// Block wrappers that only separate paragraphs (the browser shows their content as blocks).
const BOUNDARY: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "aside",
    "nav",
    "center",
    "address",
    "details",
    "summary",
    "hgroup",
    "form",
    "fieldset",
    "legend",
    "html",
    "body",
    "search",
    "picture",
    "multicol",
    "figcaption_",
    "optgroup",
    "dialog",
];

impl Walker {
    fn top(&mut self) -> &mut Frame {
        self.stack.last_mut().expect("root frame")
    }

    fn in_flow(&self) -> bool {
        self.stack.last().is_some_and(Frame::is_flow)
    }

    /// The frame inline content goes to; tables and rows take none (browsers move stray text
    /// out of tables, so only whitespace can be here).
    fn sink(&mut self) -> Option<&mut Vec<Inline>> {
        let f = self.stack.last_mut()?;
        match f.kind {
            Kind::Table(_) | Kind::Row { .. } => None,
            _ => Some(&mut f.inl),
        }
    }

    fn push_text(&mut self, s: &str) {
        let mut space = self.last_space;
        if space && s.bytes().all(|c| is_ws(c as char)) {
            return;
        }
        let Some(sink) = self.sink() else { return };
        if !matches!(sink.last(), Some(Inline::Text(_))) {
            sink.push(Inline::Text(String::with_capacity(s.len())));
        }
        let Some(Inline::Text(buf)) = sink.last_mut() else {
            unreachable!()
        };
        // Copy runs of non-whitespace in bulk; whitespace is ASCII so byte splits are safe.
        let b = s.as_bytes();
        let mut run = 0;
        for (i, &c) in b.iter().enumerate() {
            if is_ws(c as char) {
                if run < i {
                    buf.push_str(&s[run..i]);
                    space = false;
                }
                if !space {
                    buf.push(' ');
                    space = true;
                }
                run = i + 1;
            }
        }
        if run < b.len() {
            buf.push_str(&s[run..]);
            space = false;
        }
        if s.contains('\0') {
            *buf = buf.replace('\0', "\u{fffd}");
        }
        self.last_space = space;
    }

    /// A collapsible space (from a block boundary in inline context, or a hoisted edge space).
    fn push_space(&mut self) {
        if !self.last_space {
            self.push_text(" ");
        }
    }

    fn push_inline(&mut self, i: Inline) {
        let breaks = matches!(i, Inline::LineBreak);
        if let Some(sink) = self.sink() {
            sink.push(i);
            self.last_space = breaks;
        }
    }

    /// Invisible inline markup: it changes nothing about the whitespace around it.
    fn push_mark(&mut self, html: String) {
        let space = self.last_space;
        self.push_inline(Inline::Html(html));
        self.last_space = space;
    }

    fn push_frame(&mut self, kind: Kind) -> Action {
        self.stack.push(Frame::new(kind));
        Action::Pop
    }

    /// A block-level element starts: in flow it ends the paragraph, elsewhere it is a space.
    fn boundary(&mut self) -> Action {
        if self.in_cell() {
            // Paragraphs in a cell: a line break (trimmed at the cell's edges).
            self.cell_break();
            return Action::CellTag("");
        }
        if self.in_flow() {
            self.top().flush_para();
            self.last_space = true;
            Action::Boundary
        } else {
            self.push_space();
            Action::Space
        }
    }

    fn open(&mut self, node: &Node, el: Option<ElementRef<'_>>) -> bool {
        match node {
            Node::Text(t) => {
                self.push_text(&t.text);
                self.actions.push(Action::Nothing);
                false
            }
            Node::Element(e) => {
                let el = el.expect("element node");
                // A linked-to place is marked where its element begins: before it, so a
                // heading's anchor stays out of the heading's text, except where only the
                // element itself (a list's item, a table's cell) can hold inline content.
                let anchor = self.anchors.take(el);
                let outside = matches!(
                    self.stack.last().map(|f| &f.kind),
                    Some(
                        Kind::List { .. }
                            | Kind::DefList { .. }
                            | Kind::Table(_)
                            | Kind::Row { .. }
                    )
                );
                if let Some(a) = anchor.clone().filter(|_| !outside) {
                    self.push_mark(a);
                }
                let (action, descend) = self.open_element(e, el);
                if let Some(a) = anchor.filter(|_| outside) {
                    self.push_mark(a);
                }
                self.actions.push(action);
                descend
            }
            Node::Fragment | Node::Document => {
                self.actions.push(Action::Nothing);
                true
            }
            // Only between top-level blocks can a divider split a post in two.
            Node::Comment(c) if self.stack.len() == 1 && is_summary_divider(&c.comment) => {
                self.top().flush_para();
                if !matches!(self.top().blocks.last(), None | Some(Block::SummaryBreak)) {
                    self.top().blocks.push(Block::SummaryBreak);
                }
                self.last_space = true;
                self.actions.push(Action::Nothing);
                false
            }
            _ => {
                self.actions.push(Action::Nothing);
                false
            }
        }
    }

    fn open_element(&mut self, e: &Element, el: ElementRef<'_>) -> (Action, bool) {
        let name = e.name();
        let flow = self.in_flow();
        if let Some(w) = code_widgets::detect(el) {
            return self.widget(w);
        }
        if toc::is_toc(el, &self.headings) {
            return (self.boundary(), false);
        }
        match name {
            "br" => {
                match self.stack.last().map(|f| &f.kind) {
                    Some(Kind::Heading(_) | Kind::DefTerm | Kind::Caption) => self.push_space(),
                    Some(Kind::Flow | Kind::Quote) if self.after_break() => {
                        // A second break in a row ends the paragraph: text written with
                        // `<br><br>` between paragraphs (old Blogger and WordPress posts) reads
                        // as paragraphs, and a `<p>` is no exception, since WordPress shows
                        // `<br><br>` in one as the same gap. List items and cells keep their
                        // breaks (a paragraph would loosen the whole list; a cell has none).
                        if let Some(sink) = self.sink() {
                            trim_end_text(sink);
                            sink.pop();
                        }
                        self.top().flush_para();
                        self.last_space = true;
                    }
                    _ => {
                        // Spaces before a break are invisible in a browser.
                        if let Some(sink) = self.sink() {
                            trim_end_text(sink);
                        }
                        self.push_inline(Inline::LineBreak);
                    }
                }
                (Action::Nothing, false)
            }
            "img" => {
                let src = image_src(e);
                // An editor's placeholder or a file on the author's disk was never a picture
                // on the site: written out it would only be a broken image.
                if editor_artefact(&src, attr(e, "class").unwrap_or("")).is_none() {
                    let alt = collapse(attr(e, "alt").unwrap_or(""));
                    let title = attr(e, "title").map(collapse).filter(|t| !t.is_empty());
                    self.push_inline(Inline::Image {
                        url: src,
                        alt,
                        title,
                    });
                }
                (Action::Nothing, false)
            }
            "input" => {
                if attr(e, "type").is_some_and(|t| t.eq_ignore_ascii_case("checkbox")) {
                    let checked = attr(e, "checked").is_some();
                    let at_item_start = matches!(
                        self.stack.last(),
                        Some(f) if matches!(f.kind, Kind::Item { task: None }) && f.blocks.is_empty()
                            && f.inl.iter().all(|i| matches!(i, Inline::Text(t) if t.trim().is_empty()))
                    );
                    if at_item_start {
                        let f = self.top();
                        f.kind = Kind::Item {
                            task: Some(checked),
                        };
                        f.inl.clear();
                        self.last_space = true;
                    } else {
                        self.push_text(if checked { "[x]" } else { "[ ]" });
                    }
                }
                (Action::Nothing, false)
            }
            "iframe" | "video" | "audio" | "embed" | "object" => {
                let inline = embed(e, el);
                // A link card is a block of its own: what follows starts a new line.
                let card = matches!(inline, Inline::Link { .. });
                self.push_inline(inline);
                if card {
                    self.push_inline(Inline::LineBreak);
                }
                (Action::Nothing, false)
            }
            // `<code><pre>…</pre></code>` (old posts wrap preformatted code so), or markup
            // pasted into `<code>` unescaped: the browser shows the blocks and players inside
            // as such (a `<pre>` with its lines, a table with its cells, a video), so they are
            // read as such.
            "code" | "kbd" | "samp" | "tt"
                if el.descendent_elements().any(|d| {
                    let n = d.value().name();
                    super::clean::is_block_tag(n)
                        || matches!(
                            n,
                            "listing" | "xmp" | "iframe" | "video" | "audio" | "embed" | "object"
                        )
                }) =>
            {
                (Action::Nothing, true)
            }
            // Links inside code: a code span cannot hold a link, but a link can hold a code
            // span, so code that is one link is written so; other code with links in it keeps
            // the links and loses the monospace.
            "code" | "kbd" | "samp" | "tt"
                if el
                    .descendent_elements()
                    .any(|d| d.value().name() == "a" && attr(d.value(), "href").is_some()) =>
            {
                let raw = text_of(el, " ");
                let text = collapse(&raw);
                let mut links = el
                    .descendent_elements()
                    .filter(|d| d.value().name() == "a" && attr(d.value(), "href").is_some());
                if let (Some(a), None) = (links.next(), links.next())
                    && collapse(&text_of(a, " ")) == text
                    && !text.is_empty()
                {
                    // As for plain code: spaces at the inside edges stay between the words.
                    if raw.starts_with(is_edge_ws) {
                        self.push_space();
                    }
                    self.push_inline(Inline::Link {
                        url: collapse_url(attr(a.value(), "href").unwrap_or("")),
                        title: attr(a.value(), "title")
                            .map(collapse)
                            .filter(|t| !t.is_empty()),
                        content: vec![Inline::Code(text)],
                    });
                    if raw.ends_with(is_edge_ws) {
                        self.push_space();
                    }
                    return (Action::Nothing, false);
                }
                (Action::Nothing, true)
            }
            "code" | "kbd" | "samp" | "tt" => {
                let raw = text_of(el, " ");
                let text = collapse(&raw);
                if !text.is_empty() {
                    // Spaces at the span's inside edges separate it from the words around
                    // it (`<code>a </code>and`): they move outside, as for other inlines.
                    if raw.starts_with(is_edge_ws) {
                        self.push_space();
                    }
                    if name == "kbd" {
                        self.push_inline(Inline::Kbd(text));
                    } else {
                        self.push_inline(Inline::Code(text));
                    }
                    if raw.ends_with(is_edge_ws) {
                        self.push_space();
                    }
                }
                (Action::Nothing, false)
            }
            "pre" | "listing" | "xmp" | "plaintext" => {
                let code = text_of(el, "\n");
                // A code block has no links or pictures: a `<pre>` that shows them is kept as
                // a `<pre>` (CommonMark passes one through whole, blank lines and all).
                let linked = el.descendent_elements().any(|d| {
                    let n = d.value();
                    (n.name() == "img" && !image_src(n).is_empty())
                        || (n.name() == "a" && attr(n, "href").is_some_and(|h| !h.starts_with('#')))
                });
                if flow && linked {
                    self.top().flush_para();
                    let inner = pre_content(el, "\n", true);
                    let inner = inner.strip_suffix('\n').unwrap_or(&inner);
                    self.top()
                        .blocks
                        .push(Block::Html(format!("<pre>{inner}</pre>")));
                    self.last_space = true;
                } else if flow {
                    self.top().flush_para();
                    let lang = code_lang(e, el);
                    let code = code.strip_suffix('\n').unwrap_or(&code).to_string();
                    self.top().blocks.push(Block::CodeBlock { lang, code });
                    self.last_space = true;
                } else {
                    let text = collapse(&code);
                    self.push_space();
                    if !text.is_empty() {
                        self.push_inline(Inline::Code(text));
                    }
                    self.push_space();
                }
                (Action::Nothing, false)
            }
            "hr" => {
                if flow {
                    self.top().flush_para();
                    self.top().blocks.push(Block::Rule);
                    self.last_space = true;
                } else {
                    self.push_space();
                }
                (Action::Nothing, false)
            }
            "a" => {
                let Some(href) = attr(e, "href") else {
                    return (Action::Nothing, true);
                };
                let href = href.trim();
                if let Some(label) = self.notes.ref_label(e, href, el) {
                    self.push_inline(Inline::FootnoteRef(label));
                    return (Action::Nothing, false);
                }
                if self.in_footnote() && self.notes.is_backref(e, href, el) {
                    return (Action::Nothing, false);
                }
                let url = collapse_url(href);
                let title = attr(e, "title").map(collapse).filter(|t| !t.is_empty());
                (self.inline_frame(Wrap::Link { url, title }), true)
            }
            // Emphasis around blocks (an unclosed `<strong>` the parser carries over the
            // paragraphs after it): the browser shows the blocks as blocks, so they are read
            // as such and the emphasis, which Markdown cannot put around blocks, goes.
            "em" | "i" | "strong" | "b" | "del" | "s" | "strike" | "mark" | "u"
                if flow && holds_blocks(el) =>
            {
                (Action::Nothing, true)
            }
            "em" | "i" => (self.inline_frame(Wrap::Em), true),
            "strong" | "b" => (self.inline_frame(Wrap::Strong), true),
            "del" | "s" | "strike" => (self.inline_frame(Wrap::Del), true),
            "sub" => (self.inline_frame(Wrap::Sub), true),
            "sup" => (self.inline_frame(Wrap::Sup), true),
            "mark" => (self.inline_frame(Wrap::Mark), true),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if !flow {
                    return (self.boundary(), true);
                }
                self.top().flush_para();
                self.last_space = true;
                let level = name.as_bytes()[1] - b'0';
                (self.push_frame(Kind::Heading(level)), true)
            }
            "blockquote" => self.block_container(Kind::Quote),
            "ul" | "ol" | "menu" | "dir" if self.in_cell() => {
                // GFM cells are one line: a list stays a list as inline HTML around Markdown.
                let (open, close) = if name == "ol" {
                    ("<ol>", "</ol>")
                } else {
                    ("<ul>", "</ul>")
                };
                self.cell_tag(open);
                (Action::CellTag(close), true)
            }
            "li" if self.in_cell() => {
                self.cell_tag("<li>");
                (Action::CellTag("</li>"), true)
            }
            "ul" | "ol" | "menu" | "dir" => {
                if self.notes.lists.contains(&node_key(el)) && flow {
                    // A footnotes list: its items become footnote definitions.
                    self.top().flush_para();
                    self.last_space = true;
                    return (Action::Boundary, true);
                }
                let ordered = name == "ol";
                let start = if ordered {
                    attr(e, "start")
                        .and_then(|s| s.trim().parse::<i64>().ok())
                        .map_or(1, |n| n.clamp(0, 999_999_999) as u64)
                } else {
                    1
                };
                self.block_container(Kind::List {
                    ordered,
                    start,
                    items: Vec::new(),
                })
            }
            "li" => {
                if let Some(label) = self.notes.def_label(el)
                    && flow
                {
                    self.top().flush_para();
                    self.last_space = true;
                    return (self.push_frame(Kind::Footnote { label }), true);
                }
                if matches!(self.stack.last().map(|f| &f.kind), Some(Kind::List { .. })) {
                    self.flush_stray_item();
                    self.last_space = true;
                    (self.push_frame(Kind::Item { task: None }), true)
                } else if flow && self.block_depth < MAX_BLOCK_DEPTH {
                    // An item outside any list still shows as a bulleted item; items in a row
                    // make one list.
                    self.top().flush_para();
                    let items = match self.top().blocks.pop() {
                        Some(Block::List {
                            ordered: false,
                            items,
                            ..
                        }) => items,
                        other => {
                            self.top().blocks.extend(other);
                            Vec::new()
                        }
                    };
                    self.block_container(Kind::List {
                        ordered: false,
                        start: 1,
                        items,
                    });
                    self.push_frame(Kind::Item { task: None });
                    (Action::PopItemAndList, true)
                } else {
                    (self.boundary(), true)
                }
            }
            "dl" => self.block_container(Kind::DefList { items: Vec::new() }),
            "dt" | "dd" => {
                if matches!(
                    self.stack.last().map(|f| &f.kind),
                    Some(Kind::DefList { .. })
                ) {
                    self.flush_stray_item();
                    self.last_space = true;
                    let k = if name == "dt" {
                        Kind::DefTerm
                    } else {
                        Kind::DefDesc
                    };
                    (self.push_frame(k), true)
                } else {
                    (self.boundary(), true)
                }
            }
            "figure" => {
                if !flow {
                    return (self.boundary(), true);
                }
                self.top().flush_para();
                self.last_space = true;
                (self.push_frame(Kind::Figure { caption: None }), true)
            }
            // A caption is one line under the picture: one that holds a table or a list (an
            // editor's slip, seen in Blogger posts) is written as those blocks.
            "figcaption" => {
                if flow && !holds_blocks(el) {
                    self.top().flush_para();
                    self.last_space = true;
                    (self.push_frame(Kind::Caption), true)
                } else {
                    (self.boundary(), true)
                }
            }
            "table" => {
                if !flow {
                    return (self.boundary(), true);
                }
                self.top().flush_para();
                self.last_space = true;
                let table = TableAcc {
                    picture: is_picture_table(el),
                    ..TableAcc::default()
                };
                (self.push_frame(Kind::Table(Box::new(table))), true)
            }
            "caption" => {
                if matches!(self.stack.last().map(|f| &f.kind), Some(Kind::Table(_))) {
                    self.last_space = true;
                    (self.push_frame(Kind::Caption), true)
                } else {
                    (self.boundary(), true)
                }
            }
            "thead" => {
                if let Some(Kind::Table(t)) = self.stack.last_mut().map(|f| &mut f.kind) {
                    t.in_head = true;
                    return (Action::EndHead, true);
                }
                (Action::Nothing, true)
            }
            "tr" => {
                let head = match self.stack.last().map(|f| &f.kind) {
                    Some(Kind::Table(t)) => t.in_head,
                    _ => return (self.boundary(), true),
                };
                (
                    self.push_frame(Kind::Row {
                        cells: Vec::new(),
                        head,
                    }),
                    true,
                )
            }
            "td" | "th" => {
                if !matches!(self.stack.last().map(|f| &f.kind), Some(Kind::Row { .. })) {
                    return (self.boundary(), true);
                }
                let span = |a: &str, max: usize| {
                    attr(e, a)
                        .and_then(|s| s.trim().parse::<usize>().ok())
                        .map_or(1, |n| n.clamp(1, max))
                };
                self.last_space = true;
                let kind = Kind::Cell {
                    header: name == "th",
                    colspan: span("colspan", 1000),
                    rowspan: span("rowspan", 65_534),
                    align: cell_align(e),
                };
                (self.push_frame(kind), true)
            }
            "tbody" | "tfoot" | "colgroup" | "col" => (Action::Nothing, name != "col"),
            // GitHub draws the gist as a block of its own.
            "script" if let Some(url) = gist_script(e) => {
                let action = self.boundary();
                self.push_inline(Inline::Link {
                    content: vec![Inline::Text(url.clone())],
                    url,
                    title: None,
                });
                (action, false)
            }
            _ if DROP.contains(&name) => (Action::Nothing, false),
            _ if BOUNDARY.contains(&name) => (self.boundary(), true),
            _ => (Action::Nothing, true),
        }
    }

    /// Whether the pending inline content ends in a line break (whitespace after it aside).
    fn after_break(&self) -> bool {
        let Some(f) = self.stack.last() else {
            return false;
        };
        let ws = |t: &str| t.chars().all(is_edge_ws);
        matches!(
            f.inl
                .iter()
                .rfind(|i| !matches!(i, Inline::Text(t) if ws(t))),
            Some(Inline::LineBreak)
        )
    }

    /// Emits what a highlighter widget or its furniture stands for; its subtree is not walked.
    fn widget(&mut self, w: Widget) -> (Action, bool) {
        let Widget::Code(codes) = w else {
            return (self.boundary(), false);
        };
        if self.in_flow() {
            self.top().flush_para();
            for c in codes {
                self.top().blocks.push(Block::CodeBlock {
                    lang: c.lang,
                    code: c.text,
                });
            }
            self.last_space = true;
            return (Action::Boundary, false);
        }
        self.push_space();
        for c in codes {
            let text = collapse(&c.text);
            if !text.is_empty() {
                self.push_inline(Inline::Code(text));
                self.push_space();
            }
        }
        (Action::Nothing, false)
    }

    fn in_cell(&self) -> bool {
        matches!(self.stack.last().map(|f| &f.kind), Some(Kind::Cell { .. }))
    }

    /// Inline HTML for list structure inside a cell; a space before an opening tag and after
    /// a closing one keeps words apart even where the HTML is not rendered.
    fn cell_tag(&mut self, tag: &'static str) {
        let Some(sink) = self.sink() else { return };
        trim_end_text(sink);
        if tag.starts_with("</") {
            sink.push(Inline::Html(tag.to_string()));
            sink.push(Inline::Text(" ".into()));
        } else {
            if !matches!(sink.last(), Some(Inline::Html(t)) if !t.starts_with("</")) {
                push_space_to(sink);
            }
            sink.push(Inline::Html(tag.to_string()));
        }
        self.last_space = true;
    }

    fn cell_break(&mut self) {
        let Some(sink) = self.sink() else { return };
        trim_end_text(sink);
        if !sink.is_empty() && !matches!(sink.last(), Some(Inline::LineBreak)) {
            sink.push(Inline::LineBreak);
        }
        self.last_space = true;
    }

    fn in_footnote(&self) -> bool {
        self.stack
            .iter()
            .rev()
            .any(|f| matches!(f.kind, Kind::Footnote { .. }))
    }

    fn inline_frame(&mut self, w: Wrap) -> Action {
        if self.inline_depth >= MAX_INLINE_DEPTH || self.sink().is_none() {
            return Action::Nothing;
        }
        // Bold inside bold shows as bold: where editors nest `<strong>` dozens deep, the
        // repeats count no more, so the depth cap is left for what nesting changes, links above
        // all. Shallow repeats stay, as written (`<em><em>x</em></em>` is `**x**`-like to a
        // reader of the Markdown, and round-trips so).
        let repeats = self.inline_depth >= 4
            && matches!(w, Wrap::Em | Wrap::Strong | Wrap::Del | Wrap::Mark)
            && self
                .stack
                .iter()
                .rev()
                .map_while(|f| match &f.kind {
                    Kind::Inline(x) => Some(x),
                    _ => None,
                })
                .any(|x| std::mem::discriminant(x) == std::mem::discriminant(&w));
        if repeats {
            return Action::Nothing;
        }
        self.inline_depth += 1;
        self.push_frame(Kind::Inline(w))
    }

    fn block_container(&mut self, kind: Kind) -> (Action, bool) {
        if !self.in_flow() || self.block_depth >= MAX_BLOCK_DEPTH {
            return (self.boundary(), true);
        }
        self.top().flush_para();
        self.last_space = true;
        self.block_depth += 1;
        (self.push_frame(kind), true)
    }

    /// Content placed directly in a `<ul>`/`<dl>` (invalid but common) becomes an item of its
    /// own, so it keeps its place instead of floating out of the list.
    fn flush_stray_item(&mut self) {
        let f = self.top();
        let blocks = f.take_blocks();
        if blocks.is_empty() {
            return;
        }
        match &mut f.kind {
            Kind::List { items, .. } => {
                // `ul > ul`: a nested list right after an item belongs to that item.
                if let (true, Some(last)) = (
                    blocks.iter().all(|b| matches!(b, Block::List { .. })),
                    items.last_mut(),
                ) {
                    last.content.extend(blocks);
                } else {
                    items.push(ListItem {
                        task: None,
                        content: blocks,
                    });
                }
            }
            Kind::DefList { items } => {
                if items.is_empty() {
                    items.push(DefinitionItem::default());
                }
                items.last_mut().expect("item").definitions.push(blocks);
            }
            _ => {}
        }
    }

    /// Undoes what the matching `open` did; every node is closed exactly once.
    fn close(&mut self) {
        let Some(action) = self.actions.pop() else {
            return;
        };
        match action {
            Action::Nothing => {}
            Action::Space => self.push_space(),
            Action::Boundary => {
                if self.in_flow() {
                    self.top().flush_para();
                }
                self.last_space = true;
            }
            Action::CellTag(tag) => {
                if tag.is_empty() {
                    self.cell_break();
                } else {
                    self.cell_tag(tag);
                }
            }
            Action::EndHead => {
                if let Some(Kind::Table(t)) = self.stack.last_mut().map(|f| &mut f.kind) {
                    t.in_head = false;
                }
            }
            Action::Pop => self.pop_frame(),
            Action::PopItemAndList => {
                self.pop_frame();
                self.pop_frame();
            }
        }
    }

    fn pop_frame(&mut self) {
        if self.stack.len() <= 1 {
            return;
        }
        let mut f = self.stack.pop().expect("frame");
        match f.kind {
            Kind::Inline(w) => {
                self.inline_depth -= 1;
                self.finish_inline(w, f.inl);
            }
            Kind::Heading(level) => {
                let content = trim_block_inlines(f.inl);
                if !content.is_empty() {
                    self.top().blocks.push(Block::Heading { level, content });
                }
                self.last_space = true;
            }
            Kind::Quote => {
                self.block_depth -= 1;
                let blocks = f.take_blocks();
                self.top().blocks.push(Block::BlockQuote(blocks));
                self.last_space = true;
            }
            Kind::List { .. } | Kind::DefList { .. } => {
                self.block_depth -= 1;
                // Stray trailing content becomes a last item.
                self.stack.push(f);
                self.flush_stray_item();
                let f = self.stack.pop().expect("frame");
                let block = match f.kind {
                    Kind::List {
                        ordered,
                        start,
                        items,
                    } => (!items.is_empty()).then_some(Block::List {
                        ordered,
                        start,
                        tight: true,
                        items,
                    }),
                    Kind::DefList { items } => {
                        (!items.is_empty()).then_some(Block::DefinitionList(items))
                    }
                    _ => None,
                };
                if let Some(b) = block {
                    self.top().blocks.push(b);
                }
                self.last_space = true;
            }
            Kind::Item { task } => {
                let content = f.take_blocks();
                if let Some(Kind::List { items, .. }) = self.stack.last_mut().map(|p| &mut p.kind) {
                    items.push(ListItem { task, content });
                }
                self.last_space = true;
            }
            Kind::DefTerm => {
                let term = trim_block_inlines(f.inl);
                if let Some(Kind::DefList { items }) = self.stack.last_mut().map(|p| &mut p.kind) {
                    if items.last().is_none_or(|i| !i.definitions.is_empty()) {
                        items.push(DefinitionItem::default());
                    }
                    items.last_mut().expect("item").terms.push(term);
                }
                self.last_space = true;
            }
            Kind::DefDesc => {
                let blocks = f.take_blocks();
                if let Some(Kind::DefList { items }) = self.stack.last_mut().map(|p| &mut p.kind) {
                    if items.is_empty() {
                        items.push(DefinitionItem::default());
                    }
                    items.last_mut().expect("item").definitions.push(blocks);
                }
                self.last_space = true;
            }
            Kind::Footnote { ref label } => {
                let label = label.clone();
                let content = f.take_blocks();
                self.top()
                    .blocks
                    .push(Block::FootnoteDefinition { label, content });
                self.last_space = true;
            }
            Kind::Figure { .. } => {
                let content = f.take_blocks();
                let caption = match f.kind {
                    Kind::Figure { caption } => caption,
                    _ => None,
                };
                let parent = self.top();
                match caption {
                    Some(c) if !c.is_empty() => parent.blocks.push(Block::Figure {
                        content,
                        caption: Some(c),
                    }),
                    _ => parent.blocks.extend(content),
                }
                self.last_space = true;
            }
            Kind::Caption => {
                let cap = trim_block_inlines(f.inl);
                let parent = self.top();
                match &mut parent.kind {
                    // A caption before any content stays where it was, as a paragraph.
                    Kind::Figure { caption }
                        if caption.is_none()
                            && !(parent.blocks.is_empty() && parent.inl.is_empty()) =>
                    {
                        *caption = Some(cap)
                    }
                    Kind::Table(t) if t.caption.is_none() => t.caption = Some(cap),
                    _ => {
                        parent.flush_para();
                        if !cap.is_empty() {
                            parent.blocks.push(Block::Paragraph(cap));
                        }
                    }
                }
                self.last_space = true;
            }
            Kind::Table(t) => {
                for b in build_table(*t) {
                    self.top().blocks.push(b);
                }
                self.last_space = true;
            }
            Kind::Row { cells, head } => {
                if let Some(Kind::Table(t)) = self.stack.last_mut().map(|p| &mut p.kind) {
                    t.rows.push((cells, head));
                }
            }
            Kind::Cell {
                header,
                colspan,
                rowspan,
                align,
            } => {
                let content = trim_block_inlines(f.inl);
                if let Some(Kind::Row { cells, .. }) = self.stack.last_mut().map(|p| &mut p.kind) {
                    cells.push(Cell {
                        content,
                        header,
                        colspan,
                        rowspan,
                        align,
                    });
                }
                self.last_space = true;
            }
            Kind::Flow => {
                let blocks = f.take_blocks();
                self.top().blocks.extend(blocks);
            }
        }
    }

    /// Closes an inline wrapper: edge spaces move outside, empty wrappers vanish, and
    /// `<em><em>x</em></em>` collapses to one emphasis.
    fn finish_inline(&mut self, w: Wrap, mut kids: Vec<Inline>) {
        let lead = trim_start_text(&mut kids);
        let trail = trim_end_text(&mut kids);
        let is_link = matches!(w, Wrap::Link { .. });
        // Line breaks at the end of emphasis move outside too (`**a**\` is valid, `**a\**`
        // is not), and so do those at the end of a link's text, which Markdown cannot end
        // with (`<a>url<br></a>Next` shows "Next" on its own line). A link around nothing but
        // breaks shows only the breaks: they stay, the link goes.
        let only_breaks = kids.iter().all(|k| matches!(k, Inline::LineBreak));
        let mut breaks_after = 0;
        while matches!(kids.last(), Some(Inline::LineBreak))
            && (!is_link || kids.len() > 1 || only_breaks)
        {
            kids.pop();
            breaks_after += 1;
        }
        trim_end_text(&mut kids);
        // Those at the start move out before it (`<em><br>Next</em>` starts a line).
        let mut breaks_before = 0;
        while matches!(kids.first(), Some(Inline::LineBreak)) && kids.len() > 1 {
            kids.remove(0);
            breaks_before += 1;
        }
        if breaks_before > 0 {
            trim_start_text(&mut kids);
        }
        let Some(sink) = self.sink() else { return };
        for _ in 0..breaks_before {
            trim_end_text(sink);
            sink.push(Inline::LineBreak);
        }
        if lead {
            if sink.is_empty() {
                // First in its parent: the space moves on out when the parent (an inline
                // wrapper) finishes, or is trimmed at the start of a block.
                sink.push(Inline::Text(" ".into()));
            } else {
                push_space_to(sink);
            }
        }
        let has_content = !kids.is_empty();
        if has_content {
            let same = |k: &Inline| {
                matches!(
                    (&w, k),
                    (Wrap::Em, Inline::Emphasis(_))
                        | (Wrap::Strong, Inline::Strong(_))
                        | (Wrap::Del, Inline::Strikethrough(_))
                )
            };
            if kids.len() == 1 && same(&kids[0]) {
                match kids.pop() {
                    Some(Inline::Emphasis(k) | Inline::Strong(k) | Inline::Strikethrough(k)) => {
                        kids = k
                    }
                    _ => unreachable!(),
                }
            }
            let inline = match w {
                Wrap::Em => Inline::Emphasis(kids),
                Wrap::Strong => Inline::Strong(kids),
                Wrap::Del => Inline::Strikethrough(kids),
                Wrap::Sub => Inline::Subscript(kids),
                Wrap::Sup => {
                    // A WordPress footnote reference sits in a <sup>; the ref says enough.
                    if kids.len() == 1 && matches!(kids[0], Inline::FootnoteRef(_)) {
                        kids.pop().expect("ref")
                    } else {
                        Inline::Superscript(kids)
                    }
                }
                Wrap::Mark => Inline::Mark(kids),
                Wrap::Link { url, title } => Inline::Link {
                    url,
                    title,
                    content: kids,
                },
            };
            sink.push(inline);
        }
        for _ in 0..breaks_after {
            trim_end_text(sink);
            sink.push(Inline::LineBreak);
        }
        if trail && breaks_after == 0 {
            push_space_to(sink);
            self.last_space = true;
        } else if breaks_after > 0 {
            self.last_space = true;
        } else if has_content {
            self.last_space = false;
        }
    }
}

fn push_space_to(sink: &mut Vec<Inline>) {
    match sink.last_mut() {
        Some(Inline::Text(t)) => {
            if !t.ends_with(is_edge_ws) {
                t.push(' ');
            }
        }
        Some(Inline::LineBreak) | None => {}
        _ => sink.push(Inline::Text(" ".into())),
    }
}

/// Removes leading whitespace of the first text child; true if any was removed.
fn trim_start_text(v: &mut Vec<Inline>) -> bool {
    let mut removed = false;
    while let Some(Inline::Text(t)) = v.first_mut() {
        let n = t.trim_start_matches(is_edge_ws).len();
        if n == t.len() {
            break;
        }
        removed = true;
        if n == 0 {
            v.remove(0);
        } else {
            *t = t[t.len() - n..].to_string();
            break;
        }
    }
    removed
}

/// Removes trailing whitespace of the last text child; true if any was removed.
fn trim_end_text(v: &mut Vec<Inline>) -> bool {
    let mut removed = false;
    while let Some(Inline::Text(t)) = v.last_mut() {
        let n = t.trim_end_matches(is_edge_ws).len();
        if n == t.len() {
            break;
        }
        removed = true;
        if n == 0 {
            v.pop();
        } else {
            t.truncate(n);
            break;
        }
    }
    removed
}

/// Final shape of a block's inline content: no edge whitespace or edge line breaks, and no
/// spaces next to a line break. Linear: a paragraph of 200,000 `<br>`s is common enough in
/// broken exports that quadratic `remove(0)` loops are not an option.
fn trim_block_inlines(mut v: Vec<Inline>) -> Vec<Inline> {
    let mut start = 0;
    while start < v.len() {
        match &mut v[start] {
            Inline::LineBreak => start += 1,
            Inline::Text(t) => {
                let n = t.trim_start_matches(is_edge_ws).len();
                if n == 0 {
                    start += 1;
                } else {
                    if n != t.len() {
                        *t = t[t.len() - n..].to_string();
                    }
                    break;
                }
            }
            _ => break,
        }
    }
    v.drain(..start);
    loop {
        match v.last_mut() {
            Some(Inline::LineBreak) => {
                v.pop();
            }
            Some(Inline::Text(t)) => {
                let n = t.trim_end_matches(is_edge_ws).len();
                if n == 0 {
                    v.pop();
                } else {
                    t.truncate(n);
                    break;
                }
            }
            _ => break,
        }
    }
    // Spaces right after a break would only indent the next line.
    let mut out = Vec::with_capacity(v.len());
    let mut after_break = false;
    for i in v {
        match i {
            Inline::LineBreak => {
                after_break = true;
                out.push(i);
            }
            Inline::Text(t) if after_break => {
                let rest = t.trim_start_matches(is_edge_ws);
                if !rest.is_empty() {
                    out.push(if rest.len() == t.len() {
                        Inline::Text(t)
                    } else {
                        Inline::Text(rest.to_string())
                    });
                    after_break = false;
                }
            }
            other => {
                after_break = false;
                out.push(other);
            }
        }
    }
    out
}

/// Collapses whitespace runs (including NBSP) to one space and trims: for attributes and code
/// spans, where the browser shows no difference.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split(|c: char| is_edge_ws(c)).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// URLs lose surrounding whitespace, and inner newlines (never meaningful) become spaces.
pub(super) fn collapse_url(s: &str) -> String {
    let s = s.trim_matches(is_ws);
    if s.contains(['\n', '\r', '\t']) {
        s.split(['\n', '\r', '\t'])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("")
    } else {
        s.to_string()
    }
}

/// Descendant text of an element with `<br>` as `br` (an exact copy for `<pre>`), leaving out
/// scripts, styles and what a highlighter draws into a `<pre>` (Prism's line numbers). A
/// `<div>` or `<p>` inside (a line each, as some editors save code) starts a line, as the
/// browser shows it.
pub(super) fn text_of(el: ElementRef<'_>, br: &str) -> String {
    pre_content(el, br, false)
}

/// [`text_of`], or with `html` the same text HTML-escaped with its links and images kept as
/// clean `<a href>` and `<img src alt>` tags (nothing else of the source's markup), for a
/// `<pre>` that a code block would lose them from.
fn pre_content(el: ElementRef<'_>, br: &str, html: bool) -> String {
    let mut out = String::new();
    let mut hidden = 0usize;
    // Whether the text so far (tags aside) is empty or ends a line.
    let mut at_line_start = true;
    let line = |out: &mut String, at_line_start: &mut bool| {
        if !*at_line_start {
            out.push_str(br);
            *at_line_start = true;
        }
    };
    for edge in el.traverse() {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    if hidden > 0
                        || matches!(e.name(), "script" | "style" | "template")
                        || code_widgets::is_pre_decoration(e)
                    {
                        hidden += 1;
                    } else if e.name() == "br" {
                        out.push_str(br);
                        at_line_start = true;
                    } else if n.id() != el.id() && matches!(e.name(), "div" | "p") {
                        line(&mut out, &mut at_line_start);
                    } else if html && e.name() == "a" {
                        match attr(e, "href") {
                            Some(h) => out.push_str(&format!(
                                "<a href=\"{}\">",
                                escape_html(&collapse_url(h))
                            )),
                            None => out.push_str("<a>"),
                        }
                    } else if html && e.name() == "img" {
                        out.push_str(&format!(
                            "<img src=\"{}\" alt=\"{}\">",
                            escape_html(&image_src(e)),
                            escape_html(attr(e, "alt").unwrap_or(""))
                        ));
                    }
                }
                Node::Text(t) if hidden == 0 => {
                    if !t.text.is_empty() {
                        at_line_start = t.text.ends_with(br);
                    }
                    if html {
                        out.push_str(&escape_html(&t.text));
                    } else {
                        out.push_str(&t.text);
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if hidden > 0 && n.value().is_element() {
                    hidden -= 1;
                } else if let Some(e) = n.value().as_element() {
                    if n.id() != el.id() && matches!(e.name(), "div" | "p") {
                        line(&mut out, &mut at_line_start);
                    } else if html && e.name() == "a" {
                        out.push_str("</a>");
                    }
                }
            }
        }
    }
    out.replace("\r\n", "\n").replace('\0', "\u{fffd}")
}

/// Whether an inline element holds blocks that a single paragraph would merge: two or more,
/// or one that is more than a paragraph (code, a list, a table, a heading, a quote).
fn holds_blocks(el: ElementRef<'_>) -> bool {
    let mut paragraphs = 0;
    for d in el.descendent_elements().skip(1) {
        match d.value().name() {
            "pre" | "ul" | "ol" | "li" | "table" | "blockquote" | "h1" | "h2" | "h3" | "h4"
            | "h5" | "h6" => return true,
            "p" | "div" => {
                paragraphs += 1;
                if paragraphs > 1 {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Text for HTML: `&`, `<`, `>` and `"` as references.
pub(super) fn escape_html(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The `src` to use: lazy-loading plugins leave a placeholder in `src` and the real URL in
/// `data-src` / `data-lazy-src`.
pub(super) fn image_src(e: &Element) -> String {
    let src = attr(e, "src").map(str::trim).unwrap_or("");
    if src.is_empty() || src.starts_with("data:") {
        for a in ["data-src", "data-lazy-src", "data-original"] {
            if let Some(v) = attr(e, a).map(str::trim).filter(|v| !v.is_empty()) {
                return collapse_url(v);
            }
        }
    }
    collapse_url(src)
}

/// The gist a `<script src="https://gist.github.com/….js">` shows: the one script that is
/// content (the gist's code, drawn by GitHub), kept as a link to the gist.
pub(crate) fn gist_script(e: &Element) -> Option<String> {
    let src = attr(e, "src")?.trim();
    let rest = src
        .strip_prefix("https://")
        .or_else(|| src.strip_prefix("http://"))
        .or_else(|| src.strip_prefix("//"))?;
    let path = rest.strip_prefix("gist.github.com/")?;
    let path = path.split(['?', '#']).next()?.strip_suffix(".js")?;
    let valid = !path.is_empty()
        && path.split('/').count() <= 2
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/-_".contains(&b));
    valid.then(|| format!("https://gist.github.com/{path}"))
}

pub(super) fn embed(e: &Element, el: ElementRef<'_>) -> Inline {
    let kind = match e.name() {
        "iframe" => EmbedKind::Iframe,
        "video" => EmbedKind::Video,
        "audio" => EmbedKind::Audio,
        _ => EmbedKind::Object,
    };
    let mut url = attr(e, "src")
        .or_else(|| attr(e, "data"))
        .or_else(|| attr(e, "data-src"))
        .map(collapse_url)
        .unwrap_or_default();
    if url.is_empty() {
        for d in el.descendent_elements() {
            if d.value().name() == "source"
                && let Some(s) = attr(d.value(), "src")
            {
                url = collapse_url(s);
                break;
            }
        }
    }
    const KEEP: &[&str] = &[
        "width",
        "height",
        "allow",
        "allowfullscreen",
        "frameborder",
        "loading",
        "referrerpolicy",
        "controls",
        "poster",
        "autoplay",
        "loop",
        "muted",
        "preload",
        "playsinline",
        "type",
        "sandbox",
    ];
    let attrs = e
        .attrs()
        .filter(|(k, _)| KEEP.contains(k))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let title = attr(e, "title").map(collapse).filter(|t| !t.is_empty());
    if let Some(page) = link_card(&url) {
        return Inline::Link {
            content: vec![Inline::Text(title.unwrap_or_else(|| page.clone()))],
            url: page,
            title: None,
        };
    }
    Inline::Embed {
        kind,
        url,
        title,
        attrs,
    }
}

/// The page a link card shows: Hatena's `hatenablog-parts.com/embed?url=…` frames draw a
/// preview of one page, which the converted post links to (titled by the frame's `title`)
/// instead of loading a frame from the old platform.
fn link_card(src: &str) -> Option<String> {
    let rest = src.split_once("//")?.1;
    let (host, query) = rest.split_once("/embed?")?;
    if !host.eq_ignore_ascii_case("hatenablog-parts.com") {
        return None;
    }
    let page = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("url="))
        .map(crate::slug::percent_decode)?;
    (page.starts_with("https://") || page.starts_with("http://")).then_some(page)
}

/// Language of a `<pre>`: on the element, on its first `<code>`, or on a wrapper up to two
/// levels out (GitHub's `div.highlight-source-x`, theme wrappers).
fn code_lang(e: &Element, el: ElementRef<'_>) -> Option<String> {
    if let Some(l) = lang_of(e) {
        return Some(l);
    }
    if let Some(code) = el
        .descendent_elements()
        .find(|d| d.value().name() == "code")
        && let Some(l) = lang_of(code.value())
    {
        return Some(l);
    }
    el.ancestors()
        .take(2)
        .filter_map(|a| a.value().as_element())
        .filter(|ae| ae.name() != "html")
        .find_map(super::lang::lang_of_wrapper)
}

fn cell_align(e: &Element) -> Align {
    let from = |v: &str| match v.trim().to_ascii_lowercase().as_str() {
        "left" | "start" => Align::Left,
        "center" | "middle" => Align::Center,
        "right" | "end" => Align::Right,
        _ => Align::None,
    };
    if let Some(a) = attr(e, "align") {
        return from(a);
    }
    if let Some(style) = attr(e, "style") {
        for decl in style.split(';') {
            if let Some((k, v)) = decl.split_once(':')
                && k.trim().eq_ignore_ascii_case("text-align")
            {
                return from(v);
            }
        }
    }
    if let Some(c) = attr(e, "class") {
        for (cls, a) in [
            ("has-text-align-center", Align::Center),
            ("has-text-align-right", Align::Right),
            ("has-text-align-left", Align::Left),
        ] {
            if c.contains(cls) {
                return a;
            }
        }
    }
    Align::None
}

/// Widest table built: colspans are clipped so that `<td colspan=1000>` repeated cannot make
/// every row of a long table a million cells wide.
const MAX_COLUMNS: usize = 256;

/// Expands spans into a rectangular grid and decides the header row.
/// Whether a table is laid out only to hold a picture (and its caption), and so is that
/// picture: Blogger's editor puts every captioned image in a `table.tr-caption-container` of
/// two one-cell rows, the picture and its caption; as a Markdown table it would read as
/// data. One or two rows of one cell each, no `<caption>`: one cell holds one image (linked
/// or not) and no text, the other (if any) no image. The loss check's census reads tables by
/// this same rule.
pub(super) fn is_picture_table(table: ElementRef<'_>) -> bool {
    let mut rows = Vec::new();
    for child in table.children().filter_map(ElementRef::wrap) {
        match child.value().name() {
            "tr" => rows.push(child),
            "thead" | "tbody" | "tfoot" => rows.extend(
                child
                    .children()
                    .filter_map(ElementRef::wrap)
                    .filter(|r| r.value().name() == "tr")
                    .take(3),
            ),
            "caption" => return false,
            _ => {}
        }
        // A data table is told at its third row, however long it is.
        if rows.len() > 2 {
            return false;
        }
    }
    if rows.is_empty() {
        return false;
    }
    let mut cells = Vec::new();
    for row in &rows {
        let mut own = row
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"));
        match (own.next(), own.next()) {
            (Some(cell), None) => cells.push(cell),
            _ => return false,
        }
    }
    let images = |cell: ElementRef<'_>| {
        cell.descendent_elements()
            .filter(|d| d.value().name() == "img" && !image_src(d.value()).is_empty())
            .count()
    };
    let plain = |cell: ElementRef<'_>| {
        !cell.descendent_elements().any(|d| {
            matches!(
                d.value().name(),
                "table" | "iframe" | "video" | "audio" | "embed" | "object" | "pre" | "svg"
            )
        })
    };
    let picture = |cell: ElementRef<'_>| {
        images(cell) == 1 && plain(cell) && text_of(cell, " ").trim().is_empty()
    };
    match cells.as_slice() {
        [one] => picture(*one),
        [a, b] => {
            (picture(*a) && images(*b) == 0 && plain(*b))
                || (picture(*b) && images(*a) == 0 && plain(*a))
        }
        _ => false,
    }
}

/// The picture (and caption) a table [`is_picture_table`] holds, if the cells converted
/// as that rule read them.
fn picture_table(t: &mut TableAcc) -> Option<Block> {
    if !t.picture {
        return None;
    }
    let is_picture = |c: &[Inline]| {
        let mut parts = c.iter().filter(|i| {
            !matches!(i, Inline::Text(t) if t.trim().is_empty()) && !matches!(i, Inline::LineBreak)
        });
        let one = parts.next();
        parts.next().is_none()
            && match one {
                Some(Inline::Image { .. }) => true,
                Some(Inline::Link { content, .. }) => {
                    matches!(content.as_slice(), [Inline::Image { .. }])
                }
                _ => false,
            }
    };
    let has_picture = |c: &[Inline]| {
        c.iter().any(|i| {
            matches!(i, Inline::Image { .. })
                || matches!(i, Inline::Link { content, .. } if content.iter().any(|k| matches!(k, Inline::Image { .. })))
        })
    };
    if t.caption.is_some()
        || t.rows.is_empty()
        || t.rows.len() > 2
        || t.rows.iter().any(|(cells, _)| cells.len() != 1)
    {
        return None;
    }
    let at = t
        .rows
        .iter()
        .position(|(cells, _)| is_picture(&cells[0].content))?;
    let caption = match t.rows.len() {
        1 => None,
        _ => {
            let text = &t.rows[1 - at].0[0].content;
            if has_picture(text) {
                return None;
            }
            Some(text.clone()).filter(|c| !c.is_empty())
        }
    };
    let picture = std::mem::take(&mut t.rows[at].0[0].content);
    let picture = trim_block_inlines(picture);
    Some(match caption {
        Some(caption) => Block::Figure {
            content: vec![Block::Paragraph(picture)],
            caption: Some(caption),
        },
        None => Block::Paragraph(picture),
    })
}

fn build_table(mut t: TableAcc) -> Vec<Block> {
    if let Some(picture) = picture_table(&mut t) {
        return vec![picture];
    }
    let mut out = Vec::new();
    let caption = t.caption.filter(|c| !c.is_empty());
    let mut grid: Vec<(Vec<Vec<Inline>>, bool, bool)> = Vec::new(); // cells, head, all-th
    let mut aligns: Vec<Align> = Vec::new();
    let mut pending: Vec<usize> = Vec::new(); // remaining rowspan per column
    for (cells, head) in t.rows {
        let mut row: Vec<Vec<Inline>> = Vec::new();
        let all_th = !cells.is_empty() && cells.iter().all(|c| c.header);
        let first = grid.is_empty();
        let mut col = 0;
        let fill_spans = |row: &mut Vec<Vec<Inline>>, col: &mut usize, pending: &mut Vec<usize>| {
            while *col < pending.len() && pending[*col] > 0 {
                pending[*col] -= 1;
                row.push(Vec::new());
                *col += 1;
            }
        };
        for mut c in cells {
            fill_spans(&mut row, &mut col, &mut pending);
            if col >= MAX_COLUMNS {
                // Past the cap, content joins the last column instead of widening every row.
                if let Some(last) = row.last_mut()
                    && !c.content.is_empty()
                {
                    last.push(Inline::Text(" ".into()));
                    last.append(&mut c.content);
                }
                continue;
            }
            c.colspan = c.colspan.min(MAX_COLUMNS - col);
            if first {
                while aligns.len() < col {
                    aligns.push(Align::None);
                }
                for _ in 0..c.colspan {
                    aligns.push(c.align);
                }
            }
            row.push(c.content);
            for _ in 1..c.colspan {
                row.push(Vec::new());
            }
            if pending.len() < col + c.colspan {
                pending.resize(col + c.colspan, 0);
            }
            for p in &mut pending[col..col + c.colspan] {
                *p = c.rowspan - 1;
            }
            col += c.colspan;
        }
        fill_spans(&mut row, &mut col, &mut pending);
        grid.push((row, head, all_th));
    }
    let width = grid.iter().map(|r| r.0.len()).max().unwrap_or(0);
    if width == 0 {
        if let Some(c) = caption {
            out.push(Block::Paragraph(c));
        }
        return out;
    }
    aligns.resize(width, Align::None);
    for r in &mut grid {
        r.0.resize_with(width, Vec::new);
    }
    let has_header = grid.first().is_some_and(|r| r.1 || r.2);
    let mut rows = grid.into_iter().map(|r| r.0);
    let header = if has_header { rows.next() } else { None };
    out.push(Block::Table {
        align: aligns,
        header,
        rows: rows.collect(),
        caption,
    });
    out
}

/// A stable identity for an element: its address in the tree, which lives as long as the walk.
pub(super) fn node_key(el: ElementRef<'_>) -> usize {
    el.value() as *const Element as usize
}

/// WordPress footnotes (and the common `.footnotes` list markup), found before the walk so
/// references can be recognised wherever they come first.
#[derive(Default)]
struct Footnotes {
    /// Element keys of the lists that hold footnote texts.
    lists: HashSet<usize>,
    /// `id`s of the footnote items.
    ids: HashSet<String>,
    /// `id`s of reference anchors (targets of back-links).
    ref_ids: HashSet<String>,
}

impl Footnotes {
    fn scan(root: ElementRef<'_>) -> Footnotes {
        let mut f = Footnotes::default();
        let mut candidates: Vec<(usize, Vec<String>)> = Vec::new();
        for el in root.descendent_elements() {
            let e = el.value();
            if !matches!(e.name(), "ol" | "ul") {
                continue;
            }
            let own = has_class_part(e, "footnotes");
            let parent = el
                .parent()
                .and_then(ElementRef::wrap)
                .is_some_and(|p| has_class_part(p.value(), "footnotes"));
            if !(own || parent) {
                continue;
            }
            let ids: Vec<String> = el
                .child_elements()
                .filter(|li| li.value().name() == "li")
                .filter_map(|li| attr(li.value(), "id").map(str::to_string))
                .collect();
            if !ids.is_empty() {
                f.lists.insert(node_key(el));
                f.ids.extend(ids.iter().cloned());
                candidates.push((node_key(el), ids));
            }
        }
        if f.ids.is_empty() {
            return f;
        }
        let mut referenced: HashSet<String> = HashSet::new();
        for el in root.descendent_elements() {
            let e = el.value();
            if e.name() == "a"
                && let Some(target) = attr(e, "href").and_then(|h| h.trim().strip_prefix('#'))
                && f.ids.contains(target)
            {
                if f.ref_label(e, &format!("#{target}"), el).is_some() {
                    referenced.insert(target.to_string());
                }
                if let Some(id) = attr(e, "id") {
                    f.ref_ids.insert(id.to_string());
                }
                if let Some(p) = el.parent().and_then(ElementRef::wrap)
                    && let Some(id) = attr(p.value(), "id")
                {
                    f.ref_ids.insert(id.to_string());
                }
            }
        }
        // A footnote nobody references would vanish from rendered Markdown (renderers drop
        // unreferenced definitions), so such a list stays an ordinary list.
        f.lists.clear();
        f.ids.clear();
        for (key, ids) in candidates {
            if ids.iter().all(|id| referenced.contains(id)) {
                f.lists.insert(key);
                f.ids.extend(ids);
            }
        }
        f
    }

    /// The label when this anchor is a footnote reference (not inside the footnote list).
    fn ref_label(&self, e: &Element, href: &str, el: ElementRef<'_>) -> Option<String> {
        let target = href.strip_prefix('#')?;
        if !self.ids.contains(target) {
            return None;
        }
        let in_sup = el
            .parent()
            .and_then(ElementRef::wrap)
            .is_some_and(|p| p.value().name() == "sup");
        let marked = has_class_part(e, "footnote") || has_class_part(e, "fn");
        // `<a href="#fn1"><sup>1</sup></a>`, the other common nesting.
        let wraps_sup = el
            .child_elements()
            .next()
            .is_some_and(|c| c.value().name() == "sup")
            && el.text().all(|t| t.trim().len() < 8);
        // A reference is a marker (`1`, `[12]`, `*`): a link with words in it (`No uses ==`)
        // points at a note but says something of its own, which a marker would lose.
        let short = el.text().map(|t| t.trim().chars().count()).sum::<usize>() <= 8;
        if !(in_sup || marked || wraps_sup) || !short {
            return None;
        }
        if el
            .ancestors()
            .filter_map(ElementRef::wrap)
            .any(|a| self.lists.contains(&node_key(a)))
        {
            return None;
        }
        Some(label(target))
    }

    fn def_label(&self, el: ElementRef<'_>) -> Option<String> {
        let parent = el.parent().and_then(ElementRef::wrap)?;
        if !self.lists.contains(&node_key(parent)) {
            return None;
        }
        attr(el.value(), "id").map(label)
    }

    /// Back-links from a footnote to its reference are navigation, not content.
    fn is_backref(&self, e: &Element, href: &str, el: ElementRef<'_>) -> bool {
        let target = href.strip_prefix('#').unwrap_or("");
        self.ref_ids.contains(target)
            || has_class_part(e, "backref")
            || el
                .text()
                .all(|t| t.trim().chars().all(|c| "↩︎↑^ \u{fe0e}".contains(c)))
                && href.starts_with('#')
    }
}

/// A footnote label Markdown accepts: no whitespace or brackets.
fn label(id: &str) -> String {
    let l: String = id
        .chars()
        .map(|c| {
            if c.is_whitespace() || matches!(c, '[' | ']' | '^' | '\\') {
                '-'
            } else {
                c
            }
        })
        .collect();
    if l.is_empty() { "fn".into() } else { l }
}
/// `<!--more-->`, also with WordPress's custom link text (`<!--more Keep reading-->`).
pub(super) fn is_summary_divider(comment: &str) -> bool {
    let c = comment.trim();
    c.strip_prefix("more")
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(char::is_whitespace))
}
