//! A saved site read as a whole: the pages of one blog share a template, and the template is
//! stronger evidence than anything one page says about itself.
//!
//! A first pass keeps a small [`Fingerprint`] per page — the page's own reading of its
//! metadata, and where on the page (its [`Slot`]) each candidate title, date and author sits —
//! and never the page itself, so memory does not grow with page size. [`Template::learn`]
//! then finds what the site as a whole shows:
//! - the site names: the heads or tails of the pages' `<title>`s that many share (`Post –
//!   Site`, `Site: Post`, `Blog » Archive » Post`), a series name left to its posts;
//! - the title slot: the element that, page after page, says what the page's `<title>`
//!   (minus the site name), `og:title`, JSON-LD or a saved feed say, once per page — a hero
//!   band's heading, a theme's `h2.posttitle`; a link to another page counts only where
//!   those signals confirm it (the permalink saved under another name);
//! - the date and author slots: the byline elements that hold one date (one name) per page,
//!   agreeing with the machine-written date, the URL's date or the metadata's author where
//!   pages have them;
//! - the content slots: the containers the article extractor chose on most pages that have
//!   them (a blog's and its forum's), so a short post whose comments outweigh it is read from
//!   the same place;
//! - the blocks that repeat across a sample of pages (menus, sidebars, share rows).
//!
//! [`Template::resolve`] reads one page's fields against that: each field is the value most
//! independent signals agree on, and a disagreement is reported rather than guessed away.

use crate::doc::DateTime;
use crate::read::page_meta::{PageMeta, clean_author, collapse, norm, strip_site, text_of};
use scraper::{ElementRef, Html};
use std::collections::{HashMap, HashSet};

/// Where an element sits in its page's template: a hash of its own and its parent's tag,
/// classes and id, and the tags and ids of its further ancestors. Classes that name the post
/// rather than the place are left out: any with a digit (`post-509`, `tie-cat-27`), and the
/// post's terms and format as themes print them on the post's wrapper (`category-linux`,
/// `format-aside`); further up, the wrapper's and `<body>`'s classes are all about the post.
/// The same place on two pages of one theme has the same slot.
pub type Slot = u64;

/// A value found on a page, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub slot: Slot,
    pub value: T,
}

/// What the first pass keeps of one page.
#[derive(Debug, Clone, Default)]
pub struct Fingerprint {
    /// The page read on its own (the single-page method).
    pub meta: PageMeta,
    /// Headings and title-like elements that do not link to another page, in page order.
    pub headings: Vec<Found<String>>,
    /// Those that do: another post's title, usually (post navigation, related posts), but
    /// also this post's own when its permalink was saved under another name (wget's
    /// `index.html?p=12`), so one counts only where other signals say the same.
    pub linked: Vec<Found<String>>,
    /// Dates shown on the page (bylines, `<time>`), in page order.
    pub dates: Vec<Found<DateTime>>,
    /// Author names shown on the page (author links, bylines), in page order.
    pub authors: Vec<Found<String>>,
    /// Where the extractor found the post body.
    pub content: Option<Slot>,
    /// Hashes of the page's blocks (slot and text), to find what repeats across pages; kept
    /// for a sample of the site's pages only (see [`fingerprint`]).
    pub blocks: Vec<u64>,
    /// A sketch of the post body's text (see [`sketch`]): two saves of one post under
    /// different paths (with the comment form moved, say) have nearly the same one.
    pub sketch: Vec<u64>,
    /// Places of elements named like a post body (`content`, `entry`, `post`, `article`…):
    /// where the content slot could be on this page, whether or not the extractor chose it.
    pub landmarks: Vec<Slot>,
    /// The date in the page's URL or saved path (`/2014/06/01/slug/`), set by the caller.
    pub path_date: Option<DateTime>,
    /// The slot of `<body>`: the extractor's last resort, never a template's content slot.
    pub body_slot: Slot,
    /// How many post entries the page shows, set by the caller: several make a listing
    /// when the `<title>` names no post.
    pub entries: usize,
}

/// Candidates kept per kind per page: far more than a template has, and a bound on what a
/// hostile page can make us hold.
const MAX_FOUND: usize = 40;
const MAX_BLOCKS: usize = 400;

/// Reads a page's fingerprint. `content` is the element the extractor chose for the post
/// body; `is_self` tells whether a link's `href` leads to this very page (a theme links the
/// post title to the post's permalink). `with_blocks` keeps the page's block hashes: the
/// template's furniture is on most pages, so a sample of a few hundred finds it, and the
/// other pages' fingerprints stay small.
pub fn fingerprint(
    doc: &Html,
    content: Option<ElementRef<'_>>,
    mut meta: PageMeta,
    is_self: &dyn Fn(&str) -> bool,
    with_blocks: bool,
) -> Fingerprint {
    meta.article_body = None;
    let mut fp = Fingerprint {
        meta,
        // Only a container can be a template's body slot: on pages where the extractor
        // settled for one paragraph or one table, it found no body to learn from.
        content: content
            .filter(|c| {
                matches!(
                    c.value().name(),
                    "div" | "article" | "section" | "main" | "td"
                )
            })
            .map(slot_of),
        // A page whose body the extractor could not place (a forum index) is compared whole.
        sketch: content
            .map(sketch)
            .filter(|s| !s.is_empty())
            .or_else(|| body_of(doc).map(sketch))
            .unwrap_or_default(),
        body_slot: body_slot_of(doc),
        ..Fingerprint::default()
    };
    let mut seen_dates: HashSet<ego_tree::NodeId> = HashSet::new();
    let root = doc.root_element();
    for node in root.descendants() {
        if let Some(text) = node.value().as_text() {
            // A date or a "Written by …" in a short line: the line's element is its slot.
            // A comment's "By Ann on 3 March" sits in the same place on every page too, but
            // names a commenter.
            let dated = text.bytes().any(|b| b.is_ascii_digit());
            if (dated || is_byline_start(text))
                && fp.dates.len() < MAX_FOUND
                && text.len() < 400
                && let Some(parent) = node.parent().and_then(ElementRef::wrap)
                && !seen_dates.contains(&parent.id())
                && !crate::read::page_meta::in_comments(parent, root)
            {
                seen_dates.insert(parent.id());
                if let Some(line) = short_text(parent, 200) {
                    let date = crate::read::dates::find_date(&line);
                    if fp.authors.len() < MAX_FOUND
                        && (date.is_some() || is_byline_start(&line))
                        && let Some(a) = byline_author(&line)
                    {
                        fp.authors.push(Found {
                            slot: slot_of(parent),
                            value: a,
                        });
                    }
                    if let Some(d) = date {
                        fp.dates.push(Found {
                            slot: slot_of(parent),
                            value: d,
                        });
                    }
                }
            }
            continue;
        }
        let Some(e) = ElementRef::wrap(node) else {
            continue;
        };
        let el = e.value();
        let name = el.name();
        if matches!(name, "script" | "style" | "noscript" | "template") {
            continue;
        }
        if fp.landmarks.len() < MAX_FOUND && is_landmark(el) {
            let slot = slot_of(e);
            if !fp.landmarks.contains(&slot) {
                fp.landmarks.push(slot);
            }
        }
        if with_blocks
            && fp.blocks.len() < MAX_BLOCKS
            && is_block(name)
            && let Some(text) = short_text(e, 4000)
            && !text.is_empty()
        {
            fp.blocks.push(block_hash(slot_of(e), &text));
        }
        if fp.headings.len() + fp.linked.len() < MAX_FOUND && is_title_like(e) {
            let text = short_text(e, 1200).unwrap_or_default();
            if !text.is_empty() && text.chars().count() <= 300 {
                let found = Found {
                    slot: slot_of(e),
                    value: text,
                };
                if links_elsewhere(e, is_self) {
                    fp.linked.push(found);
                } else {
                    fp.headings.push(found);
                }
            }
        }
        if name == "time"
            && fp.dates.len() < MAX_FOUND
            && let Some(d) = el
                .attr("datetime")
                .and_then(crate::read::page_meta::date_value)
        {
            seen_dates.insert(e.id());
            fp.dates.push(Found {
                slot: slot_of(e),
                value: d,
            });
        }
        if fp.authors.len() < MAX_FOUND
            && is_author_like(e)
            && let Some(a) = author_text(e)
        {
            fp.authors.push(Found {
                slot: slot_of(e),
                value: a,
            });
        }
    }
    // Kept for the whole run: no spare capacity.
    fp.headings.shrink_to_fit();
    fp.linked.shrink_to_fit();
    fp.dates.shrink_to_fit();
    fp.authors.shrink_to_fit();
    fp.blocks.shrink_to_fit();
    fp.landmarks.shrink_to_fit();
    fp
}

fn body_of(doc: &Html) -> Option<ElementRef<'_>> {
    doc.root_element()
        .children()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "body")
}

/// The slot of the page's `<body>`.
fn body_slot_of(doc: &Html) -> Slot {
    body_of(doc).map_or(0, slot_of)
}

/// Older themes' names for text kept for screen readers and hidden from the eye
/// (`<span class="author noscreen">` inside a title heading).
fn offscreen(el: &scraper::node::Element) -> bool {
    el.classes().any(|c| {
        let c = c.to_ascii_lowercase();
        [
            "noscreen",
            "offscreen",
            "visuallyhidden",
            "assistive-text",
            "screen-reader",
        ]
        .iter()
        .any(|w| c.contains(w))
    })
}

/// Whether an element is named like a post body's container.
fn is_landmark(el: &scraper::node::Element) -> bool {
    let hint = format!(
        "{} {}",
        el.attr("class").unwrap_or(""),
        el.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    [
        "content", "entry", "post", "article", "body", "text", "main", "story",
    ]
    .iter()
    .any(|w| hint.contains(w))
}

/// An element's text, whitespace collapsed, if it is at most `max` bytes before collapsing:
/// the walk stops at the bound, so asking every block of a page stays linear in practice.
fn short_text(e: ElementRef<'_>, max: usize) -> Option<String> {
    use ego_tree::iter::Edge;
    let mut raw = String::new();
    // Depth inside a subtree that readers never see (script, style, a hidden span).
    let mut hidden = 0usize;
    for edge in e.traverse() {
        match edge {
            Edge::Open(n) => {
                if let Some(el) = n.value().as_element() {
                    let unseen = matches!(el.name(), "script" | "style" | "noscript" | "template")
                        || crate::html::clean::is_hidden(el)
                        || crate::html::clean::is_class_hidden(el)
                        || offscreen(el);
                    if hidden > 0 || unseen {
                        hidden += 1;
                    }
                } else if let Some(t) = n.value().as_text()
                    && hidden == 0
                {
                    raw.push_str(t);
                    if raw.len() > max {
                        return None;
                    }
                }
            }
            Edge::Close(n) => {
                if n.value().is_element() && hidden > 0 {
                    hidden -= 1;
                }
            }
        }
    }
    Some(collapse(&raw))
}

/// The units the template's furniture is found in: containers and text blocks, but not
/// list items, cells or rows, which would crowd a long page's footer out of the sample.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "div"
            | "section"
            | "aside"
            | "nav"
            | "header"
            | "footer"
            | "ul"
            | "ol"
            | "form"
            | "table"
            | "p"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
    )
}

/// Headings, and elements a theme names as a title (`span.post-title`), not their wrappers.
fn is_title_like(e: ElementRef<'_>) -> bool {
    let el = e.value();
    if matches!(el.name(), "h1" | "h2" | "h3" | "h4") {
        return true;
    }
    let named = el.attr("class").is_some_and(|c| {
        let c = c.to_ascii_lowercase();
        (c.contains("title") || c.contains("headline"))
            && !c.contains("subtitle")
            && !c.contains("widget")
    });
    named
        && !matches!(el.name(), "body" | "html" | "a" | "img" | "meta")
        && !e.descendants().skip(1).any(|d| {
            d.value()
                .as_element()
                .is_some_and(|x| matches!(x.name(), "h1" | "h2" | "h3" | "h4" | "p" | "div"))
        })
}

/// A heading that is (or holds) a link to another page is that page's title, not ours:
/// post navigation, related posts, teasers.
fn links_elsewhere(e: ElementRef<'_>, is_self: &dyn Fn(&str) -> bool) -> bool {
    let own = std::iter::once(e)
        .chain(e.ancestors().filter_map(ElementRef::wrap).take(3))
        .chain(e.descendants().filter_map(ElementRef::wrap));
    for a in own {
        if a.value().name() == "a"
            && let Some(href) = a.value().attr("href")
        {
            let href = href.trim();
            if !href.is_empty() && !href.starts_with('#') && !is_self(href) {
                return true;
            }
        }
    }
    e.ancestors().filter_map(ElementRef::wrap).take(6).any(|a| {
        a.value()
            .attr("rel")
            .is_some_and(|r| r.contains("prev") || r.contains("next"))
    })
}

fn is_author_like(e: ElementRef<'_>) -> bool {
    let el = e.value();
    if el
        .attr("rel")
        .is_some_and(|r| r.split_ascii_whitespace().any(|x| x == "author"))
    {
        return true;
    }
    if el.name() == "a"
        && el
            .attr("href")
            .is_some_and(|h| h.contains("/author/") || h.contains("/authors/"))
    {
        return true;
    }
    let hint = el.attr("class").unwrap_or("").to_ascii_lowercase();
    (hint.contains("author") || hint.contains("byline"))
        && !hint.contains("avatar")
        && !hint.contains("bio")
        && !hint.contains("box")
        && !hint.contains("comment")
}

/// A line that opens a byline: "By Ann", "Written by Ann", "Von Ann", "Autor: Ann".
fn is_byline_start(text: &str) -> bool {
    let t = text.trim_start().to_lowercase();
    BYLINE_STARTS.iter().any(|w| t.starts_with(w))
}

/// How bylines begin, in the languages dates are read in.
const BYLINE_STARTS: &[&str] = &[
    "by ",
    "written by ",
    "posted by ",
    "published by ",
    "von ",
    "geschrieben von ",
    "veröffentlicht von ",
    "par ",
    "écrit par ",
    "publié par ",
    "por ",
    "escrito por ",
    "publicado por ",
    "di ",
    "scritto da ",
    "pubblicato da ",
    "door ",
    "geschreven door ",
    "geplaatst door ",
    "av ",
    "przez ",
    "opublikowane przez ",
    "autor: ",
    "author: ",
    "auteur : ",
    "autore: ",
    "автор: ",
];

/// The word before a name inside a byline ("Posted by Ann", "Veröffentlicht von Ann").
const BYLINE_WORDS: &[&str] = &[
    " by ",
    " von ",
    " par ",
    " por ",
    " door ",
    " di ",
    " da ",
    " av ",
    " przez ",
    "autor: ",
    "author: ",
    "autore: ",
    "автор: ",
];

/// The name in a dated byline, "Posted by Ann Whitlock on 3 March 2015": the capitalised
/// words after "by" (or its equivalent in the site's language).
fn byline_author(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let at = BYLINE_WORDS
        .iter()
        .find_map(|w| lower.find(w).map(|i| i + w.len()))
        .or_else(|| {
            BYLINE_STARTS
                .iter()
                .find(|w| lower.starts_with(*w))
                .map(|w| w.len())
        })?;
    let name: Vec<&str> = line
        .get(at..)?
        .split_whitespace()
        .take_while(|w| {
            w.chars().next().is_some_and(char::is_uppercase)
                && !w.chars().any(|c| c.is_ascii_digit())
        })
        .take(4)
        .collect();
    let name = name.join(" ");
    let name = name.trim_end_matches([',', '.', '|', ';', ':']);
    (!name.is_empty() && crate::read::dates::find_date(name).is_none()).then(|| name.to_string())
}

/// The name an author element shows, without "by", when it is short enough to be a name.
fn author_text(e: ElementRef<'_>) -> Option<String> {
    let a = clean_author(&short_text(e, 300)?);
    let words = a.split_whitespace().count();
    // A label beside the name ("Posted by", "Author:") is not a name.
    let lower = a.to_lowercase();
    let label = lower.ends_with(':')
        || [
            " by", " von", " par", " por", " door", " di", " da", " av", " przez",
        ]
        .iter()
        .any(|w| lower.ends_with(w))
        || matches!(
            lower.as_str(),
            "by" | "author" | "autor" | "auteur" | "posted" | "written"
        );
    let ok = !a.is_empty() && a.chars().count() <= 60 && words <= 6 && !a.contains("://");
    (ok && !label).then_some(a)
}

/// The element's [`Slot`].
pub fn slot_of(e: ElementRef<'_>) -> Slot {
    let mut h = Fnv::new();
    let chain = std::iter::once(*e)
        .chain(e.ancestors())
        .filter_map(|n| n.value().as_element());
    for (depth, el) in chain.enumerate() {
        h.write(el.name().as_bytes());
        if depth < 2 && !matches!(el.name(), "body" | "html") {
            let mut classes: Vec<&str> = el.classes().filter(|c| place_class(c)).collect();
            classes.sort_unstable();
            for c in classes {
                h.write(b".");
                h.write(c.as_bytes());
            }
        }
        if let Some(id) = el.id().filter(|i| stable_name(i)) {
            h.write(b"#");
            h.write(id.as_bytes());
        }
        h.write(b">");
    }
    h.finish()
}

/// A class or id that names a place in the template, not a post (`post-509`).
fn stable_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 40 && !s.bytes().any(|b| b.is_ascii_digit())
}

/// A class that names a place, not the post's terms, format or status.
fn place_class(c: &str) -> bool {
    const POST_PREFIXES: &[&str] = &[
        "category-",
        "tag-",
        "format-",
        "status-",
        "type-",
        "author-",
        "post_tag-",
        "tax-",
        "term-",
        "has-",
        "post-format-",
        "sticky",
    ];
    stable_name(c) && !POST_PREFIXES.iter().any(|p| c.starts_with(p))
}

/// A readable path of a slot's element (`body > div#main > h1.page-title`), for `inspect`.
pub fn describe(e: ElementRef<'_>) -> String {
    let mut parts: Vec<String> = std::iter::once(*e)
        .chain(e.ancestors())
        .filter_map(|n| n.value().as_element())
        .take_while(|el| el.name() != "html")
        .enumerate()
        .map(|(depth, el)| {
            let mut s = el.name().to_string();
            if let Some(id) = el.id().filter(|i| stable_name(i)) {
                s.push('#');
                s.push_str(id);
            }
            if depth < 2 && el.name() != "body" {
                for c in el.classes().filter(|c| place_class(c)).take(3) {
                    s.push('.');
                    s.push_str(c);
                }
            }
            s
        })
        .collect();
    parts.reverse();
    if parts.len() > 5 {
        let tail = parts.split_off(parts.len() - 4);
        parts = vec![parts[0].clone(), "…".into()];
        parts.extend(tail);
    }
    parts.join(" > ")
}

/// The one element of `doc` in `slot` (none when the page has several: the slot does not
/// say which is meant), for reading a page against its template.
pub fn find_only(doc: &Html, slot: Slot) -> Option<ego_tree::NodeId> {
    let mut found = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| slot_of(*e) == slot);
    let first = found.next()?;
    found.next().is_none().then_some(first.id())
}

/// The template's furniture inside a page's post body: blocks that repeat, same place and
/// same text, across the site's pages (a share row, a subscription box, an author box, a
/// banner) — by evidence, whatever their class names. Prose elements (paragraphs,
/// headings, quotes, code) stay even when they repeat: a sign-off line is the author's.
pub fn repeated_inside(
    doc: &Html,
    root: ego_tree::NodeId,
    template: &Template,
) -> Vec<ego_tree::NodeId> {
    let Some(root) = doc.tree.get(root).and_then(ElementRef::wrap) else {
        return Vec::new();
    };
    if template.repeated.is_empty() {
        return Vec::new();
    }
    let mut found: Vec<ego_tree::NodeId> = Vec::new();
    for e in root.descendants().skip(1).filter_map(ElementRef::wrap) {
        let name = e.value().name();
        let furniture = matches!(
            name,
            "div" | "section" | "aside" | "nav" | "header" | "footer" | "ul" | "ol" | "form"
        );
        if !furniture || found.iter().any(|f| e.ancestors().any(|a| a.id() == *f)) {
            continue;
        }
        if let Some(text) = short_text(e, 4000)
            && !text.is_empty()
            && template.repeated.contains(&block_hash(slot_of(e), &text))
        {
            found.push(e.id());
        }
    }
    found
}

/// The template's repeated blocks as one page shows them (outermost first, at most `max`),
/// each as its element path and the start of its text: what `inspect` shows.
pub fn repeated_blocks(doc: &Html, template: &Template, max: usize) -> Vec<(String, String)> {
    let mut found: Vec<ElementRef<'_>> = Vec::new();
    for e in doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
    {
        if found.len() >= max {
            break;
        }
        if !is_block(e.value().name())
            || found
                .iter()
                .any(|f| e.ancestors().any(|a| a.id() == f.id()))
        {
            continue;
        }
        if let Some(text) = short_text(e, 4000)
            && !text.is_empty()
            && template.repeated.contains(&block_hash(slot_of(e), &text))
        {
            found.push(e);
        }
    }
    found
        .into_iter()
        .map(|e| {
            let text = short_text(e, 4000).unwrap_or_default();
            let excerpt: String = text.chars().take(60).collect();
            let more = if text.chars().count() > 60 { "…" } else { "" };
            (describe(e), format!("{excerpt}{more}"))
        })
        .collect()
}

fn block_hash(slot: Slot, text: &str) -> u64 {
    let mut h = Fnv::new();
    h.write(&slot.to_le_bytes());
    h.write(norm(text).as_bytes());
    h.finish()
}

/// How many of its text hashes a body's sketch keeps: the smallest ones, so two sketches
/// compare like the whole sets would (a bottom-k MinHash), in a few hundred bytes a page.
const SKETCH: usize = 32;

/// A sketch of a body's text for finding copies: hashes of every run of eight words
/// (shingles), order-free, the [`SKETCH`] smallest. Two saves of one post that differ in a
/// session id or a counter still share nearly all of it.
fn sketch(content: ElementRef<'_>) -> Vec<u64> {
    let text = norm(&text_of(content));
    let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
    if words.len() < 3 {
        return Vec::new();
    }
    let mut hashes: Vec<u64> = words
        .windows(8.min(words.len()))
        .map(|w| {
            let mut h = Fnv::new();
            for x in w {
                h.write(x.as_bytes());
                h.write(b" ");
            }
            h.finish()
        })
        .collect();
    hashes.sort_unstable();
    hashes.dedup();
    hashes.truncate(SKETCH);
    hashes.shrink_to_fit();
    hashes
}

/// How alike two bodies are by their sketches (0 to 1): the share of the smallest hashes of
/// both that each has.
pub fn resemblance(a: &[u64], b: &[u64]) -> f32 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut seen, mut both) = (0, 0, 0, 0);
    while seen < SKETCH && (i < a.len() || j < b.len()) {
        match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) if x == y => {
                both += 1;
                i += 1;
                j += 1;
            }
            (Some(x), Some(y)) if x < y => i += 1,
            (Some(_), None) => i += 1,
            _ => j += 1,
        }
        seen += 1;
    }
    both as f32 / seen as f32
}

/// FNV-1a: a hash that is the same on every run and every machine, so that nothing learned
/// depends on a random seed.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A learned slot and how many pages vouched for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Learned {
    pub slot: Slot,
    pub pages: usize,
}

/// What the site as a whole shows (see the module documentation).
#[derive(Debug, Clone, Default)]
pub struct Template {
    /// Pages learned from.
    pub pages: usize,
    /// The site's names: what the `<title>`s share, and `og:site_name`.
    pub site_names: Vec<String>,
    /// The title slot of posts, and of standalone pages (which often have their own).
    pub title: [Option<Learned>; 2],
    pub date: Option<Learned>,
    pub author: Option<Learned>,
    /// Where the post body is, for posts and for pages: every container the extractor chose
    /// on most pages that have it, most used first.
    pub content: [Vec<Learned>; 2],
    /// Blocks (slot and text) on at least a third of the sampled pages: the template's own
    /// furniture.
    pub repeated: HashSet<u64>,
    /// A list of several terms that nearly every page shows alike: a tag cloud or category
    /// menu inside the post's markup, not the post's own terms.
    pub constant_terms: Option<String>,
}

/// Pages, of all read, a finding needs before it counts as the template's: a tenth, and at
/// least two (one page is no evidence of a template). A tenth, because a site may hold a
/// forum or a shop beside its blog, in templates of their own; a slot only ever applies to
/// pages that have it, and each finding is also checked against the pages' own signals.
fn quorum(pages: usize) -> usize {
    (pages / 10).max(2)
}

impl Template {
    /// Learns the template from every page's fingerprint; `is_page[i]` tells a standalone
    /// page from a post.
    pub fn learn(fps: &[&Fingerprint], is_page: &[bool]) -> Template {
        let mut t = Template {
            pages: fps.len(),
            ..Template::default()
        };
        t.site_names = site_names(fps);
        t.title = [false, true].map(|page| {
            let mut votes: HashMap<Slot, usize> = HashMap::new();
            let mut order: Vec<Slot> = Vec::new();
            let mut n = 0;
            for (fp, _) in fps.iter().zip(is_page).filter(|(_, p)| **p == page) {
                n += 1;
                let wanted: Vec<String> =
                    t.title_signals(fp).into_iter().map(|s| norm(&s)).collect();
                let all = || fp.headings.iter().chain(&fp.linked);
                for slot in once_per_page(all()) {
                    let agrees = all().any(|h| h.slot == slot && wanted.contains(&norm(&h.value)));
                    if agrees {
                        vote(&mut votes, &mut order, slot);
                    }
                }
            }
            best(&votes, &order, quorum(fps.len()).min(n.max(1)))
        });
        if t.title[0].is_none() {
            t.title[0] = t.title[1];
        }
        if t.title[1].is_none() {
            t.title[1] = t.title[0];
        }
        t.date = learn_dated(
            fps,
            |fp| &fp.dates,
            |fp, d| {
                [fp.meta.signals.date, fp.path_date, fp.meta.date]
                    .iter()
                    .any(|m| agrees_date(m.as_ref(), d))
            },
            |fp| fp.meta.signals.date.is_some() || fp.path_date.is_some(),
        );
        t.author = learn_dated(
            fps,
            |fp| &fp.authors,
            |fp, a| {
                [&fp.meta.signals.author, &fp.meta.author]
                    .into_iter()
                    .flatten()
                    .any(|m| norm(m) == norm(a))
            },
            |fp| fp.meta.signals.author.is_some(),
        );
        t.content = [false, true].map(|page| {
            let mut votes: HashMap<Slot, usize> = HashMap::new();
            let mut present: HashMap<Slot, usize> = HashMap::new();
            let mut order = Vec::new();
            for (fp, _) in fps.iter().zip(is_page).filter(|(_, p)| **p == page) {
                if let Some(s) = fp.content.filter(|s| *s != fp.body_slot) {
                    vote(&mut votes, &mut order, s);
                    if !fp.landmarks.contains(&s) {
                        *present.entry(s).or_default() += 1;
                    }
                }
                for l in &fp.landmarks {
                    *present.entry(*l).or_default() += 1;
                }
            }
            // The extractor's choice on most pages that have the element: a container it
            // passes over on other pages (an excerpt box, a wrapper) is not the body.
            let mut order: Vec<Slot> = order;
            let need = quorum(fps.len());
            order.retain(|s| {
                let v = votes.get(s).copied().unwrap_or(0);
                v >= need && v * 2 > present.get(s).copied().unwrap_or(v)
            });
            // Every such container, most used first: a blog and its forum each have one.
            let mut all: Vec<Learned> = order
                .iter()
                .map(|s| Learned {
                    slot: *s,
                    pages: votes.get(s).copied().unwrap_or(0),
                })
                .collect();
            all.sort_by_key(|l| std::cmp::Reverse(l.pages));
            all
        });
        if t.content[1].is_empty() {
            t.content[1] = t.content[0].clone();
        }
        t.constant_terms = constant_terms(fps);
        let mut counts: HashMap<u64, usize> = HashMap::new();
        let mut sampled = 0;
        for fp in fps.iter().filter(|fp| !fp.blocks.is_empty()) {
            sampled += 1;
            let mut own: Vec<u64> = fp.blocks.clone();
            own.sort_unstable();
            own.dedup();
            for b in own {
                *counts.entry(b).or_default() += 1;
            }
        }
        let need = (sampled / 3).max(3);
        t.repeated = counts
            .into_iter()
            .filter(|(_, c)| *c >= need)
            .map(|(b, _)| b)
            .collect();
        t
    }

    /// What a page's head says its title is: `<title>` without the site name, `og:title`
    /// likewise, JSON-LD's headline.
    fn title_signals(&self, fp: &Fingerprint) -> Vec<String> {
        let s = &fp.meta.signals;
        let mut v = Vec::new();
        for t in [&s.page_title, &s.og_title].into_iter().flatten() {
            let stripped = strip_site(t, &self.site_names, &[]);
            if !stripped.is_empty() && !self.is_site_name(&stripped) {
                v.push(stripped);
            }
        }
        v.extend(s.ld_title.iter().cloned());
        v.extend(s.feed_title.iter().cloned());
        v
    }

    /// Whether `s` is one of the site's names (compared as words).
    pub fn is_site_name(&self, s: &str) -> bool {
        let n = norm(s);
        self.site_names.iter().any(|x| norm(x) == n)
    }

    /// Whether a page the first pass took for a post is a listing: it shows several entries
    /// and its `<title>` is the site's name alone, or with a year or a page number
    /// ("Blog: 2010") — a front page or an archive whose entries each hold a whole post.
    pub fn is_listing(&self, fp: &Fingerprint) -> bool {
        if fp.entries < 2 {
            return false;
        }
        let Some(t) = fp.meta.signals.page_title.as_deref() else {
            return false;
        };
        let rest = strip_site(t, &self.site_names, &[]);
        self.is_site_name(t) || self.is_site_name(&rest) || !rest.chars().any(char::is_alphabetic)
    }

    /// Reads one page's title, date and author against the template.
    pub fn resolve(&self, fp: &Fingerprint, is_page: bool) -> Resolved {
        let mut r = Resolved::default();
        // Title: each signal votes for its value; the template's slot, where the page has
        // it, breaks ties, then JSON-LD, og:title, <title>, a heading, the page's own pick.
        let learned = self.title[usize::from(is_page)];
        // The slot's text on this page: its one element, or, where the theme's title slot
        // also matches headings inside the body (`div.post > h2`), the one other signals
        // confirm; a link there (the permalink saved under another name) likewise.
        let in_slot: Vec<(&Found<String>, bool)> = learned
            .map(|l| {
                fp.headings
                    .iter()
                    .map(|h| (h, false))
                    .chain(fp.linked.iter().map(|h| (h, true)))
                    .filter(|(h, _)| h.slot == l.slot)
                    .collect()
            })
            .unwrap_or_default();
        let (slot, slot_linked) = match in_slot.as_slice() {
            [(h, false)] => (Some(h.value.clone()), None),
            [(h, true)] => (None, Some(h.value.clone())),
            _ => (None, None),
        };
        let confirmable: Vec<String> = if in_slot.len() > 1 {
            in_slot.iter().map(|(h, _)| h.value.clone()).collect()
        } else {
            slot_linked.into_iter().collect()
        };
        let s = &fp.meta.signals;
        let strip = |t: &String| {
            let x = strip_site(t, &self.site_names, &[]);
            (!x.is_empty() && !self.is_site_name(&x)).then_some(x)
        };
        let mut signals: Vec<(&'static str, String)> = Vec::new();
        if let Some(v) = slot.clone() {
            signals.push(("template title slot", v));
        }
        if let Some(v) = s.feed_title.clone() {
            signals.push(("feed", v));
        }
        if let Some(v) = s.ld_title.clone() {
            signals.push(("JSON-LD headline", v));
        }
        if let Some(v) = s.og_title.as_ref().and_then(strip) {
            signals.push(("og:title", v));
        }
        if let Some(v) = s.page_title.as_ref().and_then(strip) {
            signals.push(("<title>", v));
        }
        // A heading saying what the head says is one more voice where the template has no
        // title slot on this page; where it has, that heading is the slot already.
        let heads: Vec<String> = signals.iter().map(|(_, v)| norm(v)).collect();
        if slot.is_none()
            && let Some(h) = fp
                .headings
                .iter()
                .find(|h| heads.contains(&norm(&h.value)) && !self.is_site_name(&h.value))
        {
            signals.push(("page heading", h.value.clone()));
        }
        if let Some(v) = fp.meta.title.clone().filter(|t| !self.is_site_name(t)) {
            signals.push(("page's own reading", v));
        }
        if slot.is_none()
            && let Some(v) = confirmable
                .into_iter()
                .find(|v| signals.iter().any(|(_, x)| norm(x) == norm(v)))
        {
            signals.insert(0, ("template title slot", v));
        }
        if let Some((from, value, agreeing)) = agreed(&signals) {
            if agreeing == 1 && distinct(&signals) > 1 {
                r.warnings.push(format!(
                    "title signals disagree; took the {from}: {}",
                    signals
                        .iter()
                        .map(|(k, v)| format!("{k} {v:?}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            r.title = Some((from, value));
        }

        // Date: the machine-written one (it has the time and offset) where the page has it,
        // else the template's byline slot, else the URL's, else what the page alone gave.
        let slot_date = self.date.and_then(|l| {
            let mut it = fp.dates.iter().filter(|d| d.slot == l.slot);
            let first = it.next()?;
            it.all(|d| d.value.ymd() == first.value.ymd())
                .then_some(first.value)
        });
        let url_date = fp.path_date;
        r.date = match (s.date, slot_date) {
            (Some(m), Some(v)) if !agrees_date(Some(&m), &v) => {
                r.warnings.push(format!(
                    "date signals disagree: the page's metadata says {m}, its byline {v}; took the metadata"
                ));
                Some(("metadata", m))
            }
            (Some(m), _) => Some(("metadata", m)),
            // A byline often shows the day only; the page's own reading (a `<time
            // datetime>`) may have the time and offset of the same day.
            (None, Some(v)) => Some(match fp.meta.date {
                Some(p) if agrees_date(Some(&p), &v) && precision(&p) > precision(&v) => {
                    ("template date slot, timed by the page", p)
                }
                _ => ("template date slot", v),
            }),
            (None, None) => match (url_date, fp.meta.date) {
                (Some(u), Some(p)) if agrees_date(Some(&p), &u) => Some(("URL and page", p)),
                (Some(u), _) => Some(("URL", u)),
                (None, p) => p.map(|d| ("page's own reading", d)),
            },
        };

        if let Some(k) = &self.constant_terms
            && terms_key(&fp.meta) == *k
        {
            r.drop_terms = true;
            r.warnings.push(
                "the terms on this page are the same list on nearly every page (a tag cloud \
                 or menu): not taken as the post's"
                    .into(),
            );
        }
        // Author: the byline readers saw, the feed, the metadata and (where the metadata
        // said nothing) the page's own reading each vote; the byline breaks ties. A plugin's
        // co-author box and a JSON-LD naming the post's owner disagree: two voices beat one.
        let slot_author = self.author.and_then(|l| {
            fp.authors
                .iter()
                .find(|a| a.slot == l.slot)
                .map(|a| a.value.clone())
        });
        let mut authors: Vec<(&'static str, String)> = Vec::new();
        authors.extend(slot_author.map(|a| ("template author slot", a)));
        authors.extend(s.feed_author.clone().map(|a| ("feed", a)));
        authors.extend(s.author.clone().map(|a| ("metadata", a)));
        if s.author.is_none() {
            authors.extend(fp.meta.author.clone().map(|a| ("page's own reading", a)));
        }
        r.author = agreed(&authors).map(|(from, a, _)| (from, a));
        r
    }
}

/// A page's fields as read against the template, each with the signal it came from.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    pub title: Option<(&'static str, String)>,
    pub date: Option<(&'static str, DateTime)>,
    pub author: Option<(&'static str, String)>,
    /// The terms the page showed are the site's constant list (see
    /// [`Template::constant_terms`]), not its own.
    pub drop_terms: bool,
    pub warnings: Vec<String>,
}

/// The key a page's terms are compared by.
fn terms_key(m: &PageMeta) -> String {
    let mut all: Vec<String> = m
        .categories
        .iter()
        .chain(&m.tags)
        .map(|t| norm(t))
        .collect();
    all.sort();
    all.dedup();
    all.join("\u{1f}")
}

/// The term list nearly every page (four in five, and five at least) shows alike, when it
/// has three terms or more: one shared term ("Uncategorized") is a real post's.
fn constant_terms(fps: &[&Fingerprint]) -> Option<String> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for fp in fps {
        if fp.meta.categories.len() + fp.meta.tags.len() >= 3 {
            *counts.entry(terms_key(&fp.meta)).or_default() += 1;
        }
    }
    let (key, n) = counts
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))?;
    (n >= 5 && n * 5 >= fps.len() * 4).then_some(key)
}

/// The value most signals agree on (compared as words, case-free), the earliest signal
/// among equals; with how many agreed.
fn agreed(signals: &[(&'static str, String)]) -> Option<(&'static str, String, usize)> {
    let mut best: Option<(&'static str, String, usize)> = None;
    for (from, v) in signals {
        let n = norm(v);
        if n.is_empty() {
            continue;
        }
        let count = signals.iter().filter(|(_, w)| norm(w) == n).count();
        if best.as_ref().is_none_or(|b| count > b.2) {
            best = Some((from, v.clone(), count));
        }
    }
    best
}

fn distinct(signals: &[(&'static str, String)]) -> usize {
    let mut seen: Vec<String> = signals.iter().map(|(_, v)| norm(v)).collect();
    seen.sort();
    seen.dedup();
    seen.len()
}

/// How much of a moment a date gives: a day, a time, a time with its offset.
fn precision(d: &DateTime) -> u8 {
    let timed = d.hour != 0 || d.minute != 0 || d.second != 0;
    u8::from(timed) + u8::from(d.offset_minutes.is_some())
}

/// Two dates of one post: the same day, give or take the offset between local and UTC.
fn agrees_date(a: Option<&DateTime>, b: &DateTime) -> bool {
    let Some(a) = a else { return false };
    (a.wall_seconds().div_euclid(86_400) - b.wall_seconds().div_euclid(86_400)).abs() <= 1
}

/// The slots that hold exactly one candidate on this page: a title, date or author slot
/// has one per page; a list of recent posts or of comments has many.
fn once_per_page<'a, T: 'a>(found: impl IntoIterator<Item = &'a Found<T>>) -> Vec<Slot> {
    let mut counts: Vec<(Slot, usize)> = Vec::new();
    for f in found {
        match counts.iter_mut().find(|(s, _)| *s == f.slot) {
            Some(c) => c.1 += 1,
            None => counts.push((f.slot, 1)),
        }
    }
    counts
        .into_iter()
        .filter(|(_, c)| *c == 1)
        .map(|(s, _)| s)
        .collect()
}

fn vote(votes: &mut HashMap<Slot, usize>, order: &mut Vec<Slot>, slot: Slot) {
    let v = votes.entry(slot).or_default();
    if *v == 0 {
        order.push(slot);
    }
    *v += 1;
}

/// The slot with most votes (the first seen among equals), if it has `need` of them.
fn best(votes: &HashMap<Slot, usize>, order: &[Slot], need: usize) -> Option<Learned> {
    let mut top: Option<Learned> = None;
    for s in order {
        let pages = votes.get(s).copied().unwrap_or(0);
        if top.is_none_or(|t| pages > t.pages) {
            top = Some(Learned { slot: *s, pages });
        }
    }
    top.filter(|t| t.pages >= need)
}

/// Learns a byline slot (date or author): among slots that hold one value per page, the one
/// that agrees with the page's machine-written value most often; where pages have none,
/// the one on most pages.
fn learn_dated<T>(
    fps: &[&Fingerprint],
    found: impl Fn(&Fingerprint) -> &Vec<Found<T>>,
    agrees: impl Fn(&Fingerprint, &T) -> bool,
    evidence: impl Fn(&Fingerprint) -> bool,
) -> Option<Learned> {
    let mut agreeing: HashMap<Slot, usize> = HashMap::new();
    let mut present: HashMap<Slot, usize> = HashMap::new();
    let (mut order_a, mut order_p) = (Vec::new(), Vec::new());
    let evidenced = fps.iter().filter(|fp| evidence(fp)).count();
    for fp in fps {
        let f = found(fp);
        for slot in once_per_page(f) {
            vote(&mut present, &mut order_p, slot);
            if f.iter().any(|x| x.slot == slot && agrees(fp, &x.value)) {
                vote(&mut agreeing, &mut order_a, slot);
            }
        }
    }
    let need = quorum(fps.len());
    // Where the pages say what the value is (a machine-written date, a dated URL), only a
    // slot that agrees counts: the one on most pages may be a comment's.
    if evidenced >= need {
        return best(&agreeing, &order_a, need);
    }
    best(&agreeing, &order_a, need).or_else(|| best(&present, &order_p, need))
}

/// The site's names: a `<title>`'s head or tail (up to a separator) shared by many pages,
/// and `og:site_name`.
fn site_names(fps: &[&Fingerprint]) -> Vec<String> {
    let mut counts: HashMap<String, (usize, String)> = HashMap::new();
    let mut colon: HashMap<String, (usize, String)> = HashMap::new();
    let mut order: Vec<String> = Vec::new();
    let mut titled = 0;
    // Each distinct `<title>` once: copies of one post must not make its title a name.
    let mut seen: HashSet<&str> = HashSet::new();
    for fp in fps {
        let Some(t) = fp.meta.signals.page_title.as_deref() else {
            continue;
        };
        if !seen.insert(t) {
            continue;
        }
        titled += 1;
        let mut own: Vec<String> = Vec::new();
        // Every head and tail at a separator: "Blog » Archive » Post" offers "Blog",
        // "Blog » Archive", "Archive » Post" and "Post".
        for sep in crate::read::page_meta::SEPARATORS {
            if *sep == ": " {
                continue;
            }
            for (at, _) in t.match_indices(sep).take(8) {
                own.push(collapse(&t[..at]));
                own.push(collapse(&t[at + sep.len()..]));
            }
        }
        // Blogger's "Blog: Post": a colon also ends many a title's first part ("Tutorial
        // 3: Loops"), so a head before it must be on a third of the pages to be a name.
        if let Some((head, _)) = t.split_once(": ") {
            let key = norm(head);
            if !key.is_empty() {
                colon.entry(key).or_insert_with(|| (0, collapse(head))).0 += 1;
            }
        }
        if let Some(n) = &fp.meta.site_name {
            own.push(collapse(n));
        }
        own.sort();
        own.dedup();
        for part in own {
            let key = norm(&part);
            if key.is_empty() {
                continue;
            }
            let e = counts.entry(key.clone()).or_insert_with(|| {
                order.push(key.clone());
                (0, part.clone())
            });
            e.0 += 1;
        }
    }
    // A site name is on most pages, but a site with a forum or a shop beside the blog
    // titles those its own way: a tenth of the pages (and three) suffice, where a part
    // shared by chance (a series name) rarely reaches.
    let need = if titled < 6 {
        (titled / 2 + 1).max(2)
    } else {
        (titled / 10).max(3)
    };
    let mut named: Vec<(usize, String)> = order
        .into_iter()
        .filter_map(|k| counts.remove(&k))
        .filter(|(c, _)| *c >= need)
        .collect();
    let mut heads: Vec<(usize, String)> = colon
        .into_values()
        .filter(|(c, _)| *c >= need.max(titled / 3))
        .collect();
    heads.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for h in heads {
        if !named.iter().any(|(_, n)| norm(n) == norm(&h.1)) {
            named.push(h);
        }
    }
    // "Blog » Archive » Series" on a series' posts extends "Blog » Archive", which clearly
    // more pages share: the series name is part of those posts' titles, not of the site's.
    // (A name that extends another on nearly all of its pages is the longer form of it.)
    named
        .iter()
        .filter(|(c, name)| {
            let n = norm(name);
            !named.iter().any(|(c2, other)| {
                let o = norm(other);
                c * 10 < c2 * 9 && o.len() < n.len() && (n.starts_with(&o) || n.ends_with(&o))
            })
        })
        .map(|(_, name)| name.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_give_names() {
        assert_eq!(
            byline_author("Posted by Ann Whitlock on 3 March 2015").as_deref(),
            Some("Ann Whitlock")
        );
        assert_eq!(
            byline_author("Written by Carlo Felice Dalla Pasqua").as_deref(),
            Some("Carlo Felice Dalla Pasqua")
        );
        assert_eq!(
            byline_author("Veröffentlicht von Jörg Müller am 13. August 2020").as_deref(),
            Some("Jörg Müller")
        );
        assert_eq!(
            byline_author("Автор: Иван Петров").as_deref(),
            Some("Иван Петров")
        );
        assert_eq!(byline_author("by the way, it rained"), None);
        assert!(is_byline_start("Written by Ann"));
        assert!(!is_byline_start("Bypass the cache"));
    }

    #[test]
    fn sketches_compare_like_the_texts() {
        let a: Vec<u64> = (0..32).collect();
        let mut b = a.clone();
        b[31] = 100;
        assert!(resemblance(&a, &a) > 0.99);
        assert!(resemblance(&a, &b) > 0.9);
        let c: Vec<u64> = (1000..1032).collect();
        assert!(resemblance(&a, &c) < 0.01);
        assert_eq!(resemblance(&a, &[]), 0.0);
    }

    fn titled(t: &str) -> Fingerprint {
        let mut fp = Fingerprint::default();
        fp.meta.signals.page_title = Some(t.to_string());
        fp
    }

    #[test]
    fn site_names_leave_series_names_to_their_posts() {
        let mut titles: Vec<String> = (0..8)
            .map(|i| format!("Monkey Blog » Blog Archive » Post {i}"))
            .collect();
        titles.push("Monkey Blog » Blog Archive » Chart II – tooltips".into());
        titles.push("Monkey Blog » Blog Archive » Chart II – graphs".into());
        titles.push("Monkey Blog".into());
        let fps: Vec<Fingerprint> = titles.iter().map(|t| titled(t)).collect();
        let refs: Vec<&Fingerprint> = fps.iter().collect();
        let names = site_names(&refs);
        assert!(names.contains(&"Monkey Blog".to_string()), "{names:?}");
        assert!(
            names.contains(&"Monkey Blog » Blog Archive".to_string()),
            "{names:?}"
        );
        assert!(
            !names.iter().any(|n| n.contains("Chart II")),
            "a series is not the site: {names:?}"
        );
        let copies: Vec<Fingerprint> = (0..4).map(|_| titled("Same post | Blog")).collect();
        let refs: Vec<&Fingerprint> = copies.iter().collect();
        assert!(
            !site_names(&refs).contains(&"Same post".to_string()),
            "copies of one post do not make its title a site name"
        );
    }
}
