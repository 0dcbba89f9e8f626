//! A saved HTML page → post: find the article, drop the page around it, read the metadata.
//!
//! One parse per page. The document is measured once ([`clean::measure`]): text, link text,
//! commas and paragraphs per element. The post container is then chosen — the containers
//! WordPress themes use first (`.entry-content`, `.wp-block-post-content`, …), a
//! readability-style score of text blocks and link density for any other engine — metadata is
//! read from the untouched tree, boilerplate inside the container is detached
//! ([`clean::clean`]), and what is left goes to the HTML → Markdown converter.

use crate::doc::{Meta, Post};
use crate::html::clean::{self, CleanOptions, Measure, NodeId, Stats};
use crate::read::page_meta::{self, PageMeta};
use scraper::{ElementRef, Html, Node, Selector};
use std::collections::HashMap;
use std::sync::LazyLock;

/// Why a page gave no post.
#[derive(Debug, Clone, PartialEq)]
pub enum PageError {
    /// No element holds anything that reads like an article.
    NoContent,
    /// The input is not text (NUL bytes, an image, an archive).
    Binary,
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::NoContent => f.write_str("no article content found"),
            PageError::Binary => f.write_str("input is binary, not an HTML page"),
        }
    }
}

impl std::error::Error for PageError {}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad built-in selector {css:?}: {e:?}"))
}

/// Post body containers of WordPress themes (classic, block, WordPress.com) and of the other
/// engines that copied the names, most specific first.
static POST_BODY: LazyLock<Vec<Selector>> = LazyLock::new(|| {
    [
        ".entry-content",
        ".wp-block-post-content",
        ".post-content",
        ".post-entry",
        ".entry-body",
        ".post-body",
        ".article-content",
        ".article-body",
        ".article__body",
        ".story-body",
        "[itemprop~=articleBody]",
        ".post_content",
        ".single-content",
        ".blog-post-content",
        ".gh-content",
        ".e-content",
    ]
    .iter()
    .map(|c| sel(c))
    .collect()
});
/// Wider post containers, used when no body container is found.
static POST_WRAPPER: LazyLock<Selector> =
    LazyLock::new(|| sel("article.post, .hentry, .type-post, article"));
static BODY: LazyLock<Selector> = LazyLock::new(|| sel("body"));

/// Reads one page: the post body as blocks and its metadata.
pub fn read_page(html: &str) -> Result<Post, PageError> {
    if looks_binary(html.as_bytes()) {
        return Err(PageError::Binary);
    }
    let mut doc = Html::parse_document(html);
    let stats = clean::measure(&doc);
    let root = find_content(&doc, &stats).ok_or(PageError::NoContent)?;
    let meta = {
        let el = doc.tree.get(root).and_then(ElementRef::wrap);
        page_meta::read_meta(&doc, el)
    };
    let opts = CleanOptions {
        title: meta.title.clone(),
    };
    clean::clean(&mut doc, root, &stats, &opts);
    let body_html = doc
        .tree
        .get(root)
        .and_then(ElementRef::wrap)
        .map(|e| e.inner_html())
        .unwrap_or_default();
    let body = crate::html::convert::to_blocks(&body_html);
    if body.is_empty() {
        return Err(PageError::NoContent);
    }
    Ok(Post {
        meta: to_meta(meta),
        body,
    })
}

/// Decodes a page's bytes: BOM, then a declared charset (`<meta charset>`, `http-equiv`) in
/// the first 64 KiB, then UTF-8 if the bytes are valid UTF-8, else windows-1252 (what browsers
/// assume for undeclared Western pages). Binary input is refused.
pub fn decode_page(bytes: &[u8]) -> Result<String, PageError> {
    if looks_binary(bytes) {
        return Err(PageError::Binary);
    }
    if let Some((enc, _)) = encoding_rs::Encoding::for_bom(bytes) {
        return Ok(enc.decode_with_bom_removal(bytes).0.into_owned());
    }
    let head = &bytes[..bytes.len().min(64 * 1024)];
    if let Some(enc) = declared_charset(head) {
        return Ok(enc.decode_without_bom_handling(bytes).0.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(_) => Ok(encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()),
    }
}

fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(at) = text[from..].find("charset") {
        let start = from + at + "charset".len();
        from = start;
        // Only inside a <meta …> tag.
        let tag_open = text[..start].rfind('<');
        let tag_close = text[..start].rfind('>');
        let in_meta = match (tag_open, tag_close) {
            (Some(o), c) => c.is_none_or(|c| c < o) && text[o..].starts_with("<meta"),
            _ => false,
        };
        if !in_meta {
            continue;
        }
        let rest = text[start..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start().trim_start_matches(['"', '\'']);
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':')))
            .unwrap_or(rest.len());
        if let Some(enc) = encoding_rs::Encoding::for_label(&rest.as_bytes()[..end]) {
            // A page declaring UTF-16 was read as ASCII here, so the declaration is wrong.
            return Some(if enc.is_ascii_compatible() {
                enc
            } else {
                encoding_rs::UTF_8
            });
        }
    }
    None
}

/// NUL bytes or a known binary signature in the first kilobyte.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        return false; // UTF-16 with BOM: NULs are expected.
    }
    const MAGIC: &[&[u8]] = &[
        b"\x89PNG",
        b"GIF8",
        b"\xff\xd8\xff",
        b"PK\x03\x04",
        b"%PDF",
        b"\x1f\x8b",
        b"BZh",
    ];
    MAGIC.iter().any(|m| head.starts_with(m)) || head.contains(&0)
}

fn to_meta(m: PageMeta) -> Meta {
    let title = m.title.unwrap_or_default();
    let path = m.url.as_deref().map(page_meta::url_path).map(String::from);
    let slug = path
        .as_deref()
        .and_then(|p| {
            let last = p.trim_end_matches('/').rsplit('/').next()?;
            let last = last
                .trim_end_matches(".html")
                .trim_end_matches(".htm")
                .trim_end_matches(".php");
            let last = crate::slug::percent_decode(last);
            last.chars()
                .any(char::is_alphabetic)
                .then(|| crate::slug::slugify(&last, false))
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| crate::slug::slugify(&title, false));
    Meta {
        post_type: "post".into(),
        slug,
        title,
        date: m.date,
        updated: m.updated.filter(|u| Some(*u) != m.date),
        author: m.author,
        categories: m.categories,
        tags: m.tags,
        excerpt: m.description,
        featured_image: m.image,
        aliases: path.into_iter().filter(|p| p != "/").collect(),
        original_url: m.url,
        ..Meta::default()
    }
}

/// The element holding the post body.
fn find_content(doc: &Html, stats: &Measure) -> Option<NodeId> {
    let get = |id: NodeId| stats.get(&id).copied().unwrap_or_default();
    let generic = score_candidates(doc, stats);
    let generic_text = generic.map(|g| get(g).text).unwrap_or(0);

    // Known containers: the one with most text wins (archive and related-post lists repeat
    // them), provided it holds a real share of what the generic scorer found.
    for s in POST_BODY.iter() {
        let best = doc
            .select(s)
            .filter(|e| !inside_furniture(*e))
            .max_by_key(|e| get(e.id()).text);
        if let Some(b) = best {
            let t = get(b.id()).text;
            if t >= 80 && (t as f32 >= 0.3 * generic_text as f32 || contains(b, generic)) {
                return Some(b.id());
            }
        }
    }
    if let Some(g) = generic {
        return Some(g);
    }
    doc.select(&POST_WRAPPER)
        .max_by_key(|e| get(e.id()).text)
        .filter(|e| get(e.id()).text > 0)
        .or_else(|| doc.select(&BODY).next())
        .map(|e| e.id())
}

fn contains(outer: ElementRef<'_>, inner: Option<NodeId>) -> bool {
    let Some(inner) = inner else { return false };
    let mut n = outer.tree().get(inner);
    while let Some(x) = n {
        if x.id() == outer.id() {
            return true;
        }
        n = x.parent();
    }
    false
}

/// Whether an element sits in a sidebar, widget area or comment section.
fn inside_furniture(e: ElementRef<'_>) -> bool {
    e.ancestors().filter_map(ElementRef::wrap).any(|a| {
        let h = clean::hint_of(a.value());
        ["sidebar", "widget", "comment", "related", "footer"]
            .iter()
            .any(|w| h.contains(w))
    })
}

fn tag_base(name: &str) -> f32 {
    match name {
        "div" | "article" | "section" | "main" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    }
}

/// Readability-style scoring: every text block of 25+ characters scores by its commas and
/// length, passed on to its ancestors (less with each level), then scaled down by link
/// density; the best container is widened to its parent or merged with siblings when they
/// hold comparable text.
fn score_candidates(doc: &Html, stats: &Measure) -> Option<NodeId> {
    let mut scores: HashMap<NodeId, f32> = HashMap::new();
    for node in doc.tree.root().descendants() {
        let Node::Element(e) = node.value() else {
            continue;
        };
        let name = e.name();
        if !matches!(
            name,
            "p" | "pre"
                | "td"
                | "blockquote"
                | "div"
                | "section"
                | "article"
                | "span"
                | "font"
                | "center"
                | "main"
                | "dd"
                | "li"
        ) {
            continue;
        }
        let Some(st) = stats.get(&node.id()) else {
            continue;
        };
        let own = if matches!(name, "p" | "pre") {
            st.text
        } else {
            st.own_text
        };
        if own < 25 {
            continue;
        }
        let own_link = if matches!(name, "p" | "pre") {
            st.link
        } else {
            st.own_link
        };
        if own_link as f32 > 0.6 * own as f32 {
            continue;
        }
        if name == "li" && own < 100 {
            continue;
        }
        if unlikely(node) {
            continue;
        }
        let commas = if matches!(name, "p" | "pre") {
            st.commas
        } else {
            st.own_commas
        };
        let score = 1.0 + commas as f32 + (own as f32 / 100.0).min(3.0);
        // Text that is a block itself (a div with direct text) scores for itself too.
        let mut level = 0usize;
        let start = if matches!(name, "p" | "pre" | "li" | "dd" | "td") {
            node.parent()
        } else {
            Some(node)
        };
        let mut anc = start;
        while let Some(a) = anc {
            let Some(ae) = a.value().as_element() else {
                break;
            };
            if matches!(ae.name(), "body" | "html") {
                break;
            }
            let entry = scores
                .entry(a.id())
                .or_insert_with(|| tag_base(ae.name()) + clean::class_weight(ae) as f32);
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            *entry += score / div;
            level += 1;
            if level >= 5 {
                break;
            }
            anc = a.parent();
        }
    }
    let final_score = |id: NodeId, raw: f32| {
        let st = stats.get(&id).copied().unwrap_or_default();
        raw * (1.0 - st.link_density())
    };
    let mut ranked: Vec<(NodeId, f32)> = scores
        .iter()
        .map(|(id, s)| (*id, final_score(*id, *s)))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    let (mut top, mut top_score) = *ranked.first()?;
    let finals: HashMap<NodeId, f32> = ranked.iter().copied().collect();

    // Several strong candidates under one ancestor: the ancestor is the article.
    let strong: Vec<NodeId> = ranked
        .iter()
        .skip(1)
        .take(4)
        .filter(|(_, s)| *s >= 0.75 * top_score)
        .map(|(id, _)| *id)
        .collect();
    if strong.len() >= 2 {
        let mut anc = doc.tree.get(top).and_then(|n| n.parent());
        while let Some(a) = anc {
            if a.value().as_element().is_some_and(|e| e.name() == "body") {
                break;
            }
            let holds = strong
                .iter()
                .filter(|s| {
                    doc.tree
                        .get(**s)
                        .is_some_and(|n| n.ancestors().any(|x| x.id() == a.id()))
                })
                .count();
            if holds >= 2 {
                top = a.id();
                top_score = finals.get(&top).copied().unwrap_or(top_score);
                break;
            }
            anc = a.parent();
        }
    }

    // Walk up while the parent scores comparably (the article is split in sections).
    let mut last = top_score;
    let threshold = top_score / 3.0;
    let mut parent = doc.tree.get(top).and_then(|n| n.parent());
    while let Some(p) = parent {
        if p.value()
            .as_element()
            .is_none_or(|e| matches!(e.name(), "body" | "html"))
        {
            break;
        }
        let Some(ps) = finals.get(&p.id()).copied() else {
            parent = p.parent();
            continue;
        };
        if ps < threshold {
            break;
        }
        if ps > last {
            top = p.id();
            break;
        }
        last = ps;
        parent = p.parent();
    }
    // A lone child is its parent.
    while let Some(p) = doc.tree.get(top).and_then(|n| n.parent()) {
        if p.value()
            .as_element()
            .is_none_or(|e| matches!(e.name(), "body" | "html"))
        {
            break;
        }
        let element_children = p.children().filter(|c| c.value().is_element()).count();
        if element_children != 1 {
            break;
        }
        top = p.id();
    }
    Some(top)
}

/// Readability's "unlikely candidate" test on a text block's ancestors.
fn unlikely(node: ego_tree::NodeRef<'_, Node>) -> bool {
    for a in node.ancestors().take(12) {
        let Some(e) = a.value().as_element() else {
            continue;
        };
        if matches!(e.name(), "body" | "html") {
            break;
        }
        if matches!(e.name(), "aside" | "nav" | "footer" | "form") {
            return true;
        }
        let h = clean::hint_of(e);
        if h.is_empty() {
            continue;
        }
        let bad = [
            "comment",
            "sidebar",
            "widget",
            "related",
            "footer",
            "menu",
            "share",
            "sharing",
            "social",
            "cookie",
            "newsletter",
            "subscribe",
            "popup",
            "breadcrumb",
            "disqus",
            "masthead",
            "banner",
            "sponsor",
            "promo",
            "outbrain",
            "taboola",
        ]
        .iter()
        .any(|w| h.contains(w));
        let ok = [
            "article", "content", "main", "body", "entry", "post", "story", "text",
        ]
        .iter()
        .any(|w| h.contains(w));
        if bad && !ok {
            return true;
        }
    }
    false
}

#[allow(dead_code)]
fn stats_of(stats: &Measure, id: NodeId) -> Stats {
    stats.get(&id).copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_input_is_refused() {
        assert_eq!(read_page("\u{0}\u{0}PNG").err(), Some(PageError::Binary));
        assert_eq!(
            decode_page(b"\x89PNG\r\n\x1a\n\0\0").err(),
            Some(PageError::Binary)
        );
    }

    #[test]
    fn late_meta_charset_and_undeclared_latin1_decode() {
        let mut page = b"<html><head><script>".to_vec();
        page.extend(std::iter::repeat_n(b' ', 3000));
        page.extend_from_slice(b"</script><meta charset=\"iso-8859-1\"></head><p>caf\xe9</p>");
        assert!(decode_page(&page).expect("text").contains("caf\u{e9}"));
        let plain = b"<p>na\xefve</p>";
        assert!(decode_page(plain).expect("text").contains("na\u{ef}ve"));
        assert!(
            decode_page("<p>東京</p>".as_bytes())
                .expect("text")
                .contains("東京")
        );
    }

    #[test]
    fn empty_page_has_no_content() {
        assert_eq!(
            read_page("<html><body></body></html>").err(),
            Some(PageError::NoContent)
        );
    }
}
