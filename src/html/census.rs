//! Counts what an HTML fragment shows a reader — the source side of the loss check
//! ([`crate::check`]). It walks the same parsed tree the converter walks but keeps none of
//! the converter's state, so a converter bug cannot hide itself here. Where the converter
//! leaves something out on purpose (tables of contents, highlighter gutters, scripts and form
//! widgets, editor placeholders) this walk applies the same rule through the same predicate,
//! and counts what that rule took so the report can name it.

use super::clean::is_block_tag;
use super::code_widgets::{self, Widget};
use super::convert::{
    DROP, collapse_url, embed, gist_script, image_src, is_picture_table, text_of,
};
use super::toc::{self, HeadingIds};
use crate::check::Census;
use crate::doc::Inline;
use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::{ElementRef, Node};

/// Adds what `root`'s content shows to `census`; `headings` are `root`'s (to tell a table of
/// contents as the converter does).
pub fn count(root: ElementRef<'_>, headings: &HeadingIds, census: &mut Census) {
    // The element whose subtree is being passed over, if any.
    let mut skip: Option<NodeId> = None;
    // Open headings' text, innermost last.
    let mut heading: Vec<(NodeId, String)> = Vec::new();
    // Open table cells: a table inside one is flattened into it by the converter.
    let mut cells = 0usize;
    // Open links: Markdown has no heading inside a link, so one is written as link text.
    let mut links = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(n) => {
                if skip.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Text(t) => {
                        census.add_text(&t.text);
                        if let Some((_, h)) = heading.last_mut() {
                            h.push_str(&t.text);
                        }
                    }
                    Node::Element(e) if n.id() != root.id() => {
                        let Some(el) = ElementRef::wrap(n) else {
                            continue;
                        };
                        if breaks_text(e.name()) {
                            census.gap();
                            if let Some((_, h)) = heading.last_mut() {
                                h.push(' ');
                            }
                        }
                        if !open(el, headings, cells, !heading.is_empty(), census) {
                            skip = Some(n.id());
                        } else if matches!(e.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                            // A cell holds one line: a heading in one is written as its text.
                            && cells == 0
                        {
                            if links == 0 {
                                heading.push((n.id(), String::new()));
                            } else {
                                census.by_design_linked_headings += 1;
                            }
                        } else if matches!(e.name(), "td" | "th") {
                            cells += 1;
                        } else if e.name() == "a" {
                            links += 1;
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(n) => {
                if n.value()
                    .as_element()
                    .is_some_and(|e| breaks_text(e.name()))
                {
                    census.gap();
                    if let Some((_, h)) = heading.last_mut() {
                        h.push(' ');
                    }
                }
                if skip == Some(n.id()) {
                    skip = None;
                } else if skip.is_some() {
                } else if n
                    .value()
                    .as_element()
                    .is_some_and(|e| matches!(e.name(), "td" | "th"))
                {
                    cells = cells.saturating_sub(1);
                } else if n.value().as_element().is_some_and(|e| e.name() == "a") {
                    links = links.saturating_sub(1);
                } else if heading.last().is_some_and(|(id, _)| *id == n.id())
                    && let Some((_, text)) = heading.pop()
                {
                    census.add_heading(&text);
                    if let Some((_, outer)) = heading.last_mut() {
                        outer.push_str(&text);
                    }
                }
            }
        }
    }
    census.settle();
}

/// Whether the text on either side of an element reads as separate words: blocks, breaks,
/// and superscripts and subscripts, which hold footnote numbers (written `[^1]` or `\[1\]`,
/// apart from the word before them) and exponents.
pub(crate) fn breaks_text(name: &str) -> bool {
    matches!(name, "br" | "sup" | "sub") || is_block_tag(name)
}

/// Counts one element; false when its subtree is read whole (or left out) here. A heading
/// is one line: lists and tables inside one (an editor's markup, seen in Blogger posts) are
/// written as its text, so their items and cells are not counted apart.
fn open(
    el: ElementRef<'_>,
    headings: &HeadingIds,
    cells: usize,
    in_heading: bool,
    census: &mut Census,
) -> bool {
    let e = el.value();
    let name = e.name();
    if let Some(w) = code_widgets::detect(el) {
        if let Widget::Code(codes) = w {
            for c in codes {
                census.add_code(&c.text);
            }
        }
        return false;
    }
    if toc::is_toc(el, headings) {
        census.by_design_toc += 1;
        return false;
    }
    if matches!(name, "svg" | "math") {
        census.add_left_out(if name == "svg" {
            "inline SVG graphic"
        } else {
            "MathML formula"
        });
        return false;
    }
    if let Some(url) = (name == "script").then(|| gist_script(e)).flatten() {
        census.add_link(&url);
        return false;
    }
    if DROP.contains(&name) {
        return false;
    }
    match name {
        "img" => {
            let src = image_src(e);
            if let Some(kind) =
                super::artefacts::editor_artefact(&src, e.attr("class").unwrap_or(""))
            {
                census.add_artefact(kind);
            } else if !src.is_empty() {
                census.add_image(&src);
            }
            false
        }
        "a" => {
            // A link around nothing shows nothing to follow; the converter leaves it out.
            if let Some(href) = e.attr("href")
                && shows_something(el)
            {
                census.add_link(&collapse_url(href));
            }
            true
        }
        "li" => {
            if !in_heading {
                census.list_items += 1;
            }
            true
        }
        "td" | "th" => {
            // A table that only holds a picture is written as that picture.
            let table = el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .find(|a| a.value().name() == "table");
            if cells == 0 && !in_heading && !table.is_some_and(is_picture_table) {
                census.table_cells += 1;
            }
            true
        }
        "table" if cells > 0 => {
            census.by_design_nested_tables += 1;
            true
        }
        "pre" | "listing" | "xmp" | "plaintext" if cells > 0 => {
            census.by_design_cell_code += 1;
            false
        }
        "pre" | "listing" | "xmp" | "plaintext" => {
            census.add_code(&text_of(el, "\n"));
            // Links and pictures show inside preformatted text too.
            for d in el.descendent_elements() {
                let e = d.value();
                match e.name() {
                    "img" if !image_src(e).is_empty() => census.add_image(&image_src(e)),
                    "a" if shows_something(d) => {
                        if let Some(href) = e.attr("href") {
                            census.add_link(&collapse_url(href));
                        }
                    }
                    _ => {}
                }
            }
            false
        }
        "iframe" | "video" | "audio" | "embed" | "object" => {
            match embed(e, el) {
                Inline::Embed { url, .. } => census.add_embed(&url),
                // A link card is written as a link to the page it previews, titled.
                Inline::Link { url, content, .. } => {
                    census.gap();
                    census.add_link(&url);
                    for part in content {
                        if let Inline::Text(t) = part {
                            census.add_text(&t);
                        }
                    }
                    census.gap();
                }
                _ => {}
            }
            false
        }
        _ => true,
    }
}

/// Whether an element shows text or an image (scripts, `<noscript>` fallbacks and the other
/// dropped elements do not count).
fn shows_something(el: ElementRef<'_>) -> bool {
    let mut skip: Option<NodeId> = None;
    for edge in el.traverse() {
        match edge {
            Edge::Open(n) if skip.is_none() => match n.value() {
                Node::Text(t) if !t.trim().is_empty() => return true,
                Node::Element(e) if e.name() == "img" => return true,
                Node::Element(e) if DROP.contains(&e.name()) => skip = Some(n.id()),
                _ => {}
            },
            Edge::Close(n) if skip == Some(n.id()) => skip = None,
            _ => {}
        }
    }
    false
}
