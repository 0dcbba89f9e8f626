//! In-post tables of contents: boxes of links to the post's own headings.
//!
//! TOC plugins (Easy Table of Contents, LuckyWP, Rank Math, Yoast, Table of Contents Plus, Joli
//! TOC and their kin) put such a box at the top of a post, either when the page is shown
//! (scraped pages) or as a block saved in the post itself (exports). In Markdown the box is
//! dead weight: the headings are all still there, static site generators give them their own
//! ids (so the box's `#fragment` links would point nowhere) and build their own TOC when asked.
//! The converter drops the box and keeps the headings.
//!
//! A plugin's box is known by its class or id. A box of no known plugin counts only when the
//! evidence agrees: a title that says "Contents" in one of the languages blogs are written in
//! (or a `toc` class name), links that all go to headings of the same post, and little text
//! besides the links. A list of links written by hand — to other pages, to footnotes, or
//! without such a title — stays.

use super::code_widgets::nearest_element;
use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{ElementRef, Node};
use std::collections::HashSet;

/// Ids that a heading of the post can be reached by: the heading's own, those of anchors
/// inside it (Easy TOC and TOC+ put a `<span id>` there), and of an empty anchor right before it.
#[derive(Debug, Default)]
pub struct HeadingIds {
    ids: HashSet<String>,
}

impl HeadingIds {
    /// One pass over the fragment.
    pub fn scan(root: ElementRef<'_>) -> HeadingIds {
        let mut ids = HashSet::new();
        let mut in_heading = 0usize;
        for edge in root.traverse() {
            match edge {
                Edge::Open(n) => {
                    let Some(e) = n.value().as_element() else {
                        continue;
                    };
                    let heading = is_heading(e.name());
                    if heading {
                        in_heading += 1;
                    }
                    let target = in_heading > 0
                        || (matches!(e.name(), "a" | "span")
                            && n.first_child().is_none()
                            && nearest_element(n.next_siblings())
                                .is_some_and(|s| is_heading(s.value().name())));
                    if target {
                        ids.extend(e.id().map(str::to_string));
                        ids.extend(e.attr("name").map(str::to_string));
                    }
                }
                Edge::Close(n) => {
                    if n.value().as_element().is_some_and(|e| is_heading(e.name())) {
                        in_heading = in_heading.saturating_sub(1);
                    }
                }
            }
        }
        HeadingIds { ids }
    }

    fn contains(&self, fragment: &str) -> bool {
        self.ids.contains(fragment) || self.ids.contains(&percent_decode(fragment))
    }
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Whether `el` is a table of contents to leave out, or the title or list of one written
/// without a box (`<p><strong>Contents</strong></p><ul>…</ul>`).
pub fn is_toc(el: ElementRef<'_>, headings: &HeadingIds) -> bool {
    let e = el.value();
    if is_plugin_box(e) {
        return true;
    }
    match e.name() {
        "div" | "nav" | "section" | "aside" | "details" => {
            (has_toc_name(e) || first_text(el).is_some_and(|t| is_title(&t)))
                && links_to_headings(el, headings, true)
        }
        "ul" | "ol" => {
            nearest_element(el.prev_siblings()).is_some_and(|t| is_title_element(t))
                && links_to_headings(el, headings, false)
        }
        "p" | "h2" | "h3" | "h4" | "h5" | "h6" | "strong" | "b" => {
            is_title_element(el)
                && nearest_element(el.next_siblings()).is_some_and(|l| {
                    matches!(l.value().name(), "ul" | "ol") && links_to_headings(l, headings, false)
                })
        }
        _ => false,
    }
}

/// Class words and ids of the TOC plugins' outer boxes (never their parts: Easy TOC's
/// `span.ez-toc-section` anchors sit inside the headings that stay).
fn is_plugin_box(e: &Element) -> bool {
    const CLASSES: &[&str] = &[
        "ez-toc-container",
        "ez-toc-widget-container",
        "lwptoc",
        "wp-block-rank-math-toc-block",
        "rank-math-toc",
        "yoast-table-of-contents",
        "wp-block-yoast-seo-table-of-contents",
        "toc_container",
        "wpj-jtoc",
        "joli-toc",
        "ftwp-container",
        "wp-block-uagb-table-of-contents",
        "uagb-toc__wrap",
        "wp-block-kadence-tableofcontents",
        "kb-table-of-content-nav",
        "simpletoc",
        "wp-block-simpletoc-toc",
        "elementor-toc",
        "elementor-widget-table-of-contents",
        "wp-block-table-of-contents",
    ];
    const IDS: &[&str] = &[
        "ez-toc-container",
        "toc_container",
        "rank-math-toc",
        "wpj-jtoc",
        "ftwp-container",
    ];
    e.id().is_some_and(|id| IDS.contains(&id))
        || e.classes().any(|c| {
            CLASSES.contains(&c)
                // Easy TOC's version class: `ez-toc-v2_0_17`.
                || c.strip_prefix("ez-toc-v").is_some_and(|v| v.starts_with(|ch: char| ch.is_ascii_digit()))
        })
}

/// A class or id that calls the box a table of contents (`toc`, `post-toc`,
/// `table-of-contents`).
fn has_toc_name(e: &Element) -> bool {
    e.classes().chain(e.id()).any(|w| {
        let w = w.to_ascii_lowercase();
        w.contains("table-of-contents")
            || w.contains("table_of_contents")
            || w.contains("tableofcontents")
            || w.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|s| s == "toc")
    })
}

/// "Contents" and its kin in the languages blogs are written in, lower-cased.
const TITLES: &[&str] = &[
    "contents",
    "content",
    "table of contents",
    "table of content",
    "toc",
    "in this article",
    "in this post",
    "on this page",
    "jump to",
    "jump to section",
    "inhalt",
    "inhaltsverzeichnis",
    "inhaltsübersicht",
    "sommaire",
    "table des matières",
    "índice",
    "indice",
    "índice de contenidos",
    "contenido",
    "contenidos",
    "tabla de contenidos",
    "tabla de contenido",
    "indice dei contenuti",
    "sommario",
    "inhoud",
    "inhoudsopgave",
    "spis treści",
    "obsah",
    "sisällys",
    "sisällysluettelo",
    "innehåll",
    "innehållsförteckning",
    "indholdsfortegnelse",
    "innhold",
    "innholdsfortegnelse",
    "içindekiler",
    "содержание",
    "оглавление",
    "зміст",
    "sumário",
    "conteúdo",
    "índice de conteúdo",
    "目次",
    "目录",
    "目錄",
    "목차",
    "mục lục",
    "สารบัญ",
    "فهرست",
    "المحتويات",
    "תוכן עניינים",
    "πίνακας περιεχομένων",
    "cuprins",
    "tartalomjegyzék",
    "sadržaj",
    "kazalo",
    "daftar isi",
];

/// Whether a title reads as a TOC title, allowing a colon and the show/hide toggle some
/// plugins print after it ("Contents [hide]").
fn is_title(text: &str) -> bool {
    let mut t = text.trim().to_lowercase();
    for toggle in ["[hide]", "[show]", "[toggle]", "hide", "show", "toggle"] {
        if let Some(rest) = t.strip_suffix(toggle) {
            t = rest.trim_end().to_string();
        }
    }
    let t = t.trim_end_matches([':', '：', ' ', '\u{a0}']).trim();
    TITLES.contains(&t)
}

/// An element whose whole (short) text is a TOC title.
fn is_title_element(el: ElementRef<'_>) -> bool {
    if !matches!(
        el.value().name(),
        "p" | "h2" | "h3" | "h4" | "h5" | "h6" | "strong" | "b" | "div" | "span"
    ) {
        return false;
    }
    let mut text = String::new();
    for (i, n) in el.descendants().enumerate() {
        if i > 20 || text.len() > 80 {
            return false;
        }
        if let Some(t) = n.value().as_text() {
            text.push_str(t);
        }
    }
    is_title(&text)
}

/// The first non-blank text below `el`, looking no further than a few dozen nodes.
fn first_text(el: ElementRef<'_>) -> Option<String> {
    el.descendants()
        .take(50)
        .filter_map(|n| n.value().as_text())
        .map(|t| t.trim())
        .find(|t| !t.is_empty())
        .map(str::to_string)
}

/// Largest box looked into: a table of contents is small, and a bound keeps asking every
/// `<div>` of a deeply nested page linear.
const MAX_NODES: usize = 5000;

/// Whether the links below `el` all go to headings of the post (toggle links `href="#"`
/// aside), there are at least two, and links are most of the text. With `titled`, the first
/// text (the title) does not count as text.
fn links_to_headings(el: ElementRef<'_>, headings: &HeadingIds, titled: bool) -> bool {
    let mut targets = 0usize;
    let (mut text, mut link_text) = (0usize, 0usize);
    let mut in_link = 0usize;
    let mut title_pending = titled;
    for (i, edge) in el.traverse().enumerate() {
        if i > 2 * MAX_NODES {
            return false;
        }
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) if e.name() == "a" => {
                    in_link += 1;
                    let Some(href) = e.attr("href").map(str::trim) else {
                        continue;
                    };
                    if href.is_empty() || href == "#" || href.starts_with("javascript:") {
                        continue;
                    }
                    match href.strip_prefix('#') {
                        Some(frag) if headings.contains(frag) => targets += 1,
                        _ => return false,
                    }
                }
                Node::Text(t) => {
                    let n = t.chars().filter(|c| !c.is_whitespace()).count();
                    if n == 0 {
                        continue;
                    }
                    if title_pending && in_link == 0 {
                        title_pending = false;
                        continue;
                    }
                    title_pending = false;
                    text += n;
                    if in_link > 0 {
                        link_text += n;
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if n.value().as_element().is_some_and(|e| e.name() == "a") {
                    in_link = in_link.saturating_sub(1);
                }
            }
        }
    }
    targets >= 2 && link_text * 5 >= text * 3
}

/// `%E7%9B%AE` → `目`: fragment links to non-ASCII ids are often percent-encoded.
fn percent_decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_many_languages() {
        assert!(is_title("Table of Contents"));
        assert!(is_title("Contents [hide]"));
        assert!(is_title("Inhaltsverzeichnis:"));
        assert!(is_title("目次"));
        assert!(!is_title("Contents of my fridge"));
    }

    #[test]
    fn percent_encoded_fragments() {
        assert_eq!(percent_decode("%E7%9B%AE%E6%AC%A1"), "目次");
        assert_eq!(percent_decode("a%2"), "a%2");
        assert_eq!(percent_decode("plain"), "plain");
    }
}
