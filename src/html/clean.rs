//! Boilerplate removal on the DOM: what a blog engine, theme or plugin puts in and around a
//! post that is not the post (sharing and like buttons, related posts, comment lists and forms,
//! entry meta and footers, post navigation, author boxes, widgets, cookie and subscription
//! notices).
//!
//! Decisions use three kinds of evidence, all engine-neutral: class and id names (the
//! vocabulary themes and plugins share — `sharedaddy`, `comment-respond`, `widget`), the
//! short labels such boxes start with in many languages ("Share this:", "Teilen mit:",
//! "Schreibe einen Kommentar"), and the shape of the text (link density, text length, forms).
//! The same measurements ([`measure`]) serve the extractor that picks the post container.

use scraper::{ElementRef, Html, Node};
use std::collections::{HashMap, HashSet};

pub use ego_tree::NodeId;

/// `UNPRESS_DEBUG=1` prints the extractor's choices (chosen container, removed nodes) on
/// stderr: the quickest way to see why a page came out wrong.
pub static DEBUG: std::sync::LazyLock<bool> =
    std::sync::LazyLock::new(|| std::env::var_os("UNPRESS_DEBUG").is_some());

/// Text measurements of one element's subtree (whitespace not counted).
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    /// Characters of visible text.
    pub text: u32,
    /// Characters of text inside links.
    pub link: u32,
    pub commas: u32,
    /// Text directly owned by this block (not inside a nested block element).
    pub own_text: u32,
    pub own_link: u32,
    pub own_commas: u32,
    /// Text of `<p>`/`<pre>` elements inside.
    pub para_text: u32,
    pub paras: u32,
    pub imgs: u32,
    pub lis: u32,
    pub inputs: u32,
    pub embeds: u32,
    pub headings: u32,
    /// Characters of prose: paragraphs and text blocks of some length, mostly not links,
    /// outside comment sections, sidebars and other furniture.
    pub good: u32,
    /// Characters of everything else that is text: link text, short fragments, furniture.
    pub bad: u32,
    /// Link text inside sub-headings (`h2`–`h6`).
    pub hlink: u32,
    /// Teaser items inside (see [`measure`]).
    pub teasers: u32,
    /// The element is page furniture by name (its prose was counted as `bad`).
    pub furniture: bool,
    /// Own text carries a copyright notice (`©`, "Copyright", "All rights reserved").
    pub copyright: bool,
}

impl Stats {
    /// Share of the text that is link text.
    pub fn link_density(&self) -> f32 {
        if self.text == 0 {
            0.0
        } else {
            self.link as f32 / self.text as f32
        }
    }

    fn add(&mut self, o: &Stats) {
        self.text += o.text;
        self.link += o.link;
        self.commas += o.commas;
        self.para_text += o.para_text;
        self.paras += o.paras;
        self.imgs += o.imgs;
        self.lis += o.lis;
        self.inputs += o.inputs;
        self.embeds += o.embeds;
        self.headings += o.headings;
        self.good += o.good;
        self.bad += o.bad;
        self.hlink += o.hlink;
        self.teasers += o.teasers;
    }
}

/// Measurements for every element of a document, by node.
pub type Measure = HashMap<NodeId, Stats>;

/// Elements whose content is never visible text.
pub fn is_invisible_tag(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "head"
            | "svg"
            | "math"
            | "canvas"
            | "select"
            | "option"
            | "textarea"
            | "iframe"
            | "object"
    )
}

/// Block-level elements: text belongs to the nearest one of these.
pub fn is_block_tag(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "td"
            | "th"
            | "li"
            | "dd"
            | "dt"
            | "dl"
            | "blockquote"
            | "pre"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "figure"
            | "figcaption"
            | "header"
            | "footer"
            | "aside"
            | "nav"
            | "ul"
            | "ol"
            | "table"
            | "tr"
            | "tbody"
            | "thead"
            | "form"
            | "body"
            | "center"
            | "address"
            | "details"
            | "summary"
            | "fieldset"
            | "html"
    )
}

/// Whether an element is hidden by attribute or inline style. A lazy-loaded image is not:
/// plugins (Crazy Lazy, for one) hide the placeholder until their script swaps the real
/// address in from `data-src`, and a reader always saw the picture.
pub fn is_hidden(e: &scraper::node::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    if e.name() == "img"
        && ["data-src", "data-lazy-src", "data-original"]
            .iter()
            .any(|a| e.attr(a).is_some_and(|v| !v.trim().is_empty()))
    {
        return false;
    }
    if let Some(style) = e.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// Whether utility classes hide an element on every screen (`d-none`, `hidden`, `sr-only`)
/// without a responsive class showing it again (`d-md-block`, `md:block`).
pub fn is_class_hidden(e: &scraper::node::Element) -> bool {
    let mut hidden = false;
    for c in e.classes() {
        match c {
            "d-none" | "hidden" | "hide" | "is-hidden" | "visually-hidden" | "sr-only"
            | "screen-reader-text" | "screen-reader-only" | "invisible" | "print-only" => {
                hidden = true
            }
            _ => {
                let shows = ["block", "flex", "inline", "inline-block", "grid", "table"]
                    .iter()
                    .any(|d| c.ends_with(d) && (c.starts_with("d-") || c.contains(':')));
                if shows && !c.starts_with("d-print") {
                    return false;
                }
            }
        }
    }
    hidden
}

/// Measures every element in one pass over the document.
pub fn measure(doc: &Html) -> Measure {
    struct Frame {
        id: NodeId,
        stats: Stats,
        block: bool,
        tag: &'static str,
        /// Whether the first text inside is link text: 0 unknown, 1 link, 2 plain.
        first: u8,
    }
    let mut map = Measure::with_capacity(4096);
    let mut stack: Vec<Frame> = Vec::with_capacity(64);
    let mut skip = 0usize;
    let mut in_link = 0usize;
    let mut in_heading = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Element(e) => {
                    let name = e.name();
                    if skip > 0 || is_invisible_tag(name) || is_hidden(e) {
                        skip += 1;
                        if let Some(top) = stack.last_mut()
                            && matches!(name, "iframe" | "object")
                        {
                            top.stats.embeds += 1;
                        }
                        continue;
                    }
                    if name == "a" && e.attr("href").is_some_and(|h| !h.starts_with('#')) {
                        in_link += 1;
                    }
                    let tag = intern(name);
                    if matches!(tag, "h2" | "h3" | "h4" | "h5" | "h6") {
                        in_heading += 1;
                    }
                    let mut stats = Stats::default();
                    match name {
                        "img" | "picture" => stats.imgs = 1,
                        "li" => stats.lis = 1,
                        "input" | "button" => stats.inputs = 1,
                        "video" | "audio" | "embed" => stats.embeds = 1,
                        _ => {}
                    }
                    stack.push(Frame {
                        id: node.id(),
                        stats,
                        block: is_block_tag(name),
                        tag,
                        first: 0,
                    });
                }
                Node::Text(t) if skip == 0 => {
                    let mut n = 0u32;
                    let mut commas = 0u32;
                    for c in t.chars() {
                        if !c.is_whitespace() {
                            n += 1;
                            if matches!(c, ',' | '，' | '、' | '،') {
                                commas += 1;
                            }
                        }
                    }
                    if n == 0 {
                        continue;
                    }
                    let link = if in_link > 0 { n } else { 0 };
                    if let Some(top) = stack.last_mut() {
                        top.stats.text += n;
                        top.stats.link += link;
                        top.stats.commas += commas;
                        if in_heading > 0 {
                            top.stats.hlink += link;
                        }
                    }
                    let notice = t.contains('©')
                        || t.contains("opyright")
                        || t.contains("OPYRIGHT")
                        || t.contains("ights reserved");
                    if let Some(owner) = stack.iter_mut().rev().find(|f| f.block) {
                        owner.stats.own_text += n;
                        owner.stats.own_link += link;
                        owner.stats.own_commas += commas;
                        owner.stats.copyright |= notice;
                    }
                    let first = if in_link > 0 { 1 } else { 2 };
                    for f in stack.iter_mut().rev() {
                        if f.first != 0 {
                            break;
                        }
                        f.first = first;
                    }
                }
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                let Node::Element(e) = node.value() else {
                    continue;
                };
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let name = e.name();
                if name == "a" && e.attr("href").is_some_and(|h| !h.starts_with('#')) {
                    in_link = in_link.saturating_sub(1);
                }
                let Some(mut f) = stack.pop() else { continue };
                match f.tag {
                    "p" | "pre" if f.stats.text > 0 => {
                        f.stats.paras += 1;
                        f.stats.para_text = f.stats.text;
                    }
                    "h1" => f.stats.headings += 1,
                    "h2" | "h3" | "h4" | "h5" | "h6" => {
                        f.stats.headings += 1;
                        in_heading = in_heading.saturating_sub(1);
                    }
                    _ => {}
                }
                if f.block {
                    let (good, bad) = judge(name, &f.stats);
                    f.stats.good += good;
                    f.stats.bad += bad;
                }
                // A teaser: a list item that opens with a headline link, or a box whose
                // sub-heading is a link, above a short summary.
                let st = &mut f.stats;
                let teaser = match name {
                    "li" => f.first == 1 && st.link >= 15 && st.text < 1000,
                    "article" | "div" | "section" => {
                        st.hlink >= 15 && st.good < 600 && st.text < 1200 && st.teasers == 0
                    }
                    _ => false,
                };
                if teaser {
                    st.teasers += 1;
                    st.bad += st.good;
                    st.good = 0;
                }
                if let Some(strength) = furniture_of(name, e) {
                    let convert = match strength {
                        Strength::Strong => true,
                        Strength::Weak => st.good <= 1000 || st.bad > st.good,
                    };
                    if convert {
                        st.bad += st.good;
                        st.good = 0;
                        st.furniture = true;
                    }
                }
                if let Some(parent) = stack.last_mut() {
                    parent.stats.add(&f.stats);
                }
                map.insert(f.id, f.stats);
            }
        }
    }
    map
}

/// Splits a block's own text into prose (`good`) and page furniture (`bad`); headings,
/// captions, table cells and short list items are neither.
fn judge(name: &str, st: &Stats) -> (u32, u32) {
    let own = st.own_text;
    if own == 0 {
        return (0, 0);
    }
    let link = st.own_link;
    let plain = own - link.min(own);
    let linky = link * 2 > own;
    if st.copyright && own < 300 {
        return (0, own);
    }
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "figcaption" | "th" | "dt" | "summary" => {
            if plain > 200 {
                (plain, link)
            } else {
                (0, link)
            }
        }
        "p" | "pre" | "blockquote" | "dd" => {
            if !linky && plain >= 10 {
                (plain, link)
            } else {
                (0, own)
            }
        }
        "li" | "td" => {
            if !linky && plain >= 40 {
                (plain, link)
            } else if link > 0 {
                (0, own)
            } else {
                (0, 0)
            }
        }
        _ => {
            if !linky && plain >= 60 {
                (plain, link)
            } else {
                (0, own)
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// Never holds the post (comments, sharing, navigation).
    Strong,
    /// Usually furniture, but some themes wrap the post in it ("sticky-sidebar" wrappers,
    /// page-wide forms): furniture only when it holds little prose.
    Weak,
}

/// Elements whose tag or class/id say page furniture.
fn furniture_of(name: &str, e: &scraper::node::Element) -> Option<Strength> {
    match name {
        "nav" | "footer" | "dialog" => return Some(Strength::Strong),
        "aside" | "form" => return Some(Strength::Weak),
        // Body classes describe the page ("comments-open"), not a part of it.
        "body" | "html" | "main" => return None,
        _ => {}
    }
    if e.attr("role").is_some_and(|r| {
        matches!(
            r,
            "navigation" | "complementary" | "contentinfo" | "banner" | "dialog"
        )
    }) {
        return Some(Strength::Weak);
    }
    let h = hint_of(e);
    if h.is_empty() {
        return None;
    }
    let ok = segments(&h).any(|s| {
        matches!(
            s,
            "article" | "body" | "column" | "content" | "main" | "entry" | "container"
        )
    });
    if FURNITURE_STRONG.iter().any(|w| h.contains(w)) || segments(&h).any(|s| s == "respond") {
        return Some(if ok { Strength::Weak } else { Strength::Strong });
    }
    let bad = FURNITURE_SUB.iter().any(|w| h.contains(w))
        || segments(&h).any(|s| FURNITURE_SEG.contains(&s));
    (bad && !ok).then_some(Strength::Weak)
}

const FURNITURE_STRONG: &[&str] = &["comment", "disqus", "sharedaddy", "relatedposts"];
const FURNITURE_SUB: &[&str] = &[
    "sidebar",
    "widget",
    "related",
    "share",
    "sharing",
    "social",
    "cookie",
    "newsletter",
    "subscribe",
    "popup",
    "modal",
    "breadcrumb",
    "sponsor",
    "promo",
    "outbrain",
    "taboola",
    "masthead",
    "footer",
    "menu",
    "banner",
    "gdpr",
    "consent",
];
const FURNITURE_SEG: &[&str] = &["nav", "navbar", "ad", "ads", "advert", "header"];

fn intern(name: &str) -> &'static str {
    match name {
        "p" => "p",
        "pre" => "pre",
        "h1" => "h1",
        "h2" => "h2",
        "h3" => "h3",
        "h4" => "h4",
        "h5" => "h5",
        "h6" => "h6",
        _ => "",
    }
}

/// Lower-cased `class` and `id` of an element, space separated (class names starting with
/// `tag-`/`category-`, which WordPress derives from term slugs, are left out: a tag named
/// "related" must not make a post look like a related-posts box).
pub fn hint_of(e: &scraper::node::Element) -> String {
    let mut s = String::new();
    for c in e.classes() {
        let starts = |p: &str| {
            c.len() >= p.len() && c.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
        };
        let numbered = ["format-", "status-", "type-", "postid-", "post-"]
            .iter()
            .any(|p| starts(p) && c[p.len()..].bytes().all(|b| b.is_ascii_digit()));
        // Term slugs, and a page builder that calls every box, the post body included, a
        // widget.
        if numbered || starts("tag-") || starts("category-") || starts("elementor") {
            continue;
        }
        s.extend(c.chars().map(|ch| ch.to_ascii_lowercase()));
        s.push(' ');
    }
    if let Some(id) = e.attr("id") {
        s.extend(id.chars().map(|ch| ch.to_ascii_lowercase()));
    }
    s
}

/// Splits a hint string into name segments (`sd-sharing_enabled` → `sd`, `sharing`, `enabled`).
fn segments(hint: &str) -> impl Iterator<Item = &str> {
    hint.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|s| !s.is_empty())
}

const POSITIVE: &[&str] = &[
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog",
    "story", "prose", "markdown",
];
const NEGATIVE_SUB: &[&str] = &[
    "comment",
    "sidebar",
    "widget",
    "footer",
    "masthead",
    "related",
    "share",
    "sharing",
    "social",
    "sponsor",
    "outbrain",
    "taboola",
    "promo",
    "shoutbox",
    "skyscraper",
    "advert",
    "newsletter",
    "subscribe",
    "cookie",
    "breadcrumb",
    "pagination",
    "popup",
    "byline",
];
const NEGATIVE_SEG: &[&str] = &[
    "ad",
    "ads",
    "meta",
    "nav",
    "menu",
    "tags",
    "tool",
    "tools",
    "banner",
    "hidden",
    "foot",
    "header",
    "contact",
    "combx",
    "recommended",
    "more",
    "author",
    "caption",
    "credit",
];

/// Readability-style weight of an element's class and id: positive for names of content,
/// negative for names of page furniture.
pub fn class_weight(e: &scraper::node::Element) -> i32 {
    let hint = hint_of(e);
    if hint.is_empty() {
        return 0;
    }
    let mut w = 0;
    let neg = NEGATIVE_SUB.iter().any(|n| hint.contains(n))
        || segments(&hint).any(|s| NEGATIVE_SEG.contains(&s));
    if neg {
        w -= 25;
    }
    if segments(&hint).any(|s| POSITIVE.contains(&s)) {
        w += 25;
    }
    w
}

/// Class/id fragments of page furniture that is never part of a post, whatever its size.
const STRONG_SUB: &[&str] = &[
    "sharedaddy",
    "sd-sharing",
    "sd-social",
    "sd-block",
    "sd-like",
    "sd-rating",
    "jp-relatedposts",
    "jp-sharing",
    "wpl-likebox",
    "wpl-button",
    "jetpack-likes",
    "likes-widget",
    "addtoany",
    "a2a_kit",
    "a2a-kit",
    "sharethis",
    "shariff",
    "share-buttons",
    "sharing-buttons",
    "social-share",
    "share-links",
    "share-bar",
    "social-links",
    "social-icons",
    "comment-respond",
    "comments-area",
    "comment-list",
    "commentlist",
    "comments-link",
    "comment-form",
    "commentform",
    "comments-title",
    "comment-reply",
    "post-navigation",
    "posts-navigation",
    "post-nav",
    "nav-links",
    "nav-previous",
    "nav-next",
    "navigation",
    "author-box",
    "author-bio",
    // Recipe-card plugins' jump, print and pin buttons and star ratings.
    "jump-to-recipe",
    "recipe-jump",
    "recipe-snippet",
    "recipe-card-buttons",
    "recipe-print",
    "recipe-pin",
    "print-button",
    "recipe-rating",
    "star-rating",
    "post-ratings",
    // Author-box plugins (Starbox, Simple Author Box, Molongui, Fancier Author Box, …).
    "abh_",
    "saboxplugin",
    "molongui",
    "multiple-authors",
    "ts-fab",
    "m-a-box",
    "authorbox",
    "about-author",
    "author-info",
    "entry-meta",
    "entry-footer",
    "entry-utility",
    "postmetadata",
    "post-meta",
    "article-meta",
    "widget",
    "sidebar",
    "cookie",
    "gdpr",
    "newsletter",
    "subscribe",
    "subscription",
    "related-posts",
    "relatedposts",
    "related-articles",
    "related_posts",
    "yarpp",
    "crp_related",
    "rp4wp",
    "screen-reader-text",
    "sr-only",
    "visually-hidden",
    "skip-link",
    "breadcrumb",
    "pagination",
    "wp-block-comments",
    "wp-block-post-navigation",
    "wp-block-post-terms",
    "wp-block-post-author",
    "wp-block-post-date",
    "wp-block-post-title",
    "highlander",
    "cat-links",
    "tags-links",
    "tag-links",
    "edit-link",
    "post-edit-link",
    "printfriendly-button",
    "pf-button",
    "advert",
    "adsbygoogle",
    "outbrain",
    "taboola",
    "popup",
    "modal",
    "disqus",
    "trackback",
    "slideshow",
    "carousel",
    "toolbar",
];
/// Whole segments that mark furniture.
const STRONG_SEG: &[&str] = &[
    "comments",
    "respond",
    "share",
    "social",
    "related",
    "sharing",
    "ad",
    "ads",
    "nav",
    "menu",
    "sidebar",
    "footer",
    "byline",
    "dateline",
    "tags",
    "categories",
    "promo",
    "sponsored",
    "control",
    "controls",
];

/// Words of meta lines ("Posted by … in …", "Publicado por", "Veröffentlicht von").
const BYLINE_WORDS: &[&str] = &[
    "by ",
    "posted",
    "published",
    "updated",
    "written",
    "author",
    "publicado",
    "escrito",
    "veröffentlicht",
    "von ",
    "publié",
    "par ",
    "pubblicato",
    "categor",
    "tags:",
];

/// `05/10/2018`, `5.10.2018`: day and month order unknown, but certainly a date.
fn has_numeric_date(t: &str) -> bool {
    t.split(|c: char| c.is_whitespace() || c == ',' || c == '-' || c == '|')
        .any(|w| {
            let parts: Vec<&str> = w.split(['/', '.']).collect();
            parts.len() == 3
                && parts[0].len() <= 2
                && parts[1].len() <= 2
                && parts[2].len() == 4
                && parts
                    .iter()
                    .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
        })
}

/// Class segments of datelines, bylines and credits.
const DATELINE_SEG: &[&str] = &[
    "date",
    "time",
    "timestamp",
    "datetime",
    "published",
    "updated",
    "pubdate",
    "byline",
    "dateline",
    "author",
    "authors",
    "credit",
    "credits",
    "posted",
];

/// Labels that open sharing, like, related, comment and meta boxes, in the languages blogs use.
/// Matched at the start of a short block's text, case-insensitively.
const LABELS: &[&str] = &[
    "share this",
    "share on",
    "share:",
    "share article",
    "share the article",
    "like this:",
    "like loading",
    "click to share",
    "click to email",
    "click to print",
    "teilen mit:",
    "teilen:",
    "diesen beitrag teilen",
    "beitrag teilen",
    "gefällt mir:",
    "gefällt mir",
    "partager :",
    "partager:",
    "partager cet article",
    "j'aime :",
    "j’aime :",
    "j'aime ce",
    "j’aime ce",
    "compartir:",
    "compartir esto:",
    "me gusta:",
    "condividi:",
    "condividi questo",
    "mi piace:",
    "delen:",
    "vind ik leuk:",
    "compartilhe:",
    "compartilhe isso:",
    "curtir isso:",
    "related",
    "ähnliche beiträge",
    "ähnliche artikel",
    "verwandte beiträge",
    "verwandte artikel",
    "das könnte dich auch interessieren",
    "das könnte sie auch interessieren",
    "articles similaires",
    "articles connexes",
    "sur le même thème",
    "sur le même sujet",
    "à lire aussi",
    "artículos relacionados",
    "entradas relacionadas",
    "relacionado",
    "articoli correlati",
    "gerelateerd",
    "you may also like",
    "you might also like",
    "more from",
    "recent posts",
    "popular posts",
    "leave a reply",
    "leave a comment",
    "schreibe einen kommentar",
    "hinterlasse einen kommentar",
    "kommentar verfassen",
    "kommentar schreiben",
    "laisser un commentaire",
    "laisser une réponse",
    "deja un comentario",
    "deja una respuesta",
    "lascia un commento",
    "laat een reactie achter",
    "deixe um comentário",
    "comments are closed",
    "comments closed",
    "both comments and pings",
    "you can follow any responses",
    "you can leave a response",
    "die kommentarfunktion ist geschlossen",
    "kommentare sind geschlossen",
    "les commentaires sont fermés",
    "los comentarios están cerrados",
    "trackback",
    "rss feed for comments",
    "posted in",
    "filed under",
    "tagged with",
    "tagged:",
    "tags:",
    "schlagwörter:",
    "schlagworte:",
    "kategorien:",
    "categories:",
    "category:",
    "veröffentlicht in",
    "abgelegt unter",
    "publié dans",
    "catégories :",
    "étiquettes :",
    "about the author",
    "über den autor",
    "über die autorin",
    "à propos de l'auteur",
    "sobre el autor",
    "sign up for",
    "subscribe to",
    "follow us",
    "folge mir",
    "folgt uns",
    "advertisement",
    "anzeige",
    "werbung",
    "publicité",
    "publicidad",
    "loading...",
    "bloggen auf wordpress.com",
    "erstelle eine website",
    "create a free website",
    "blog at wordpress.com",
    "advert",
    "comments",
    "kommentare",
    "commentaires",
    "comentarios",
    "like this story",
    "share this story",
    "also on",
    "reporting by",
    "additional reporting by",
    "latest posts by",
    "more posts by",
    "weitere beiträge von",
    "top stories",
    "don't miss",
    "don’t miss",
    "partner news",
    "more stories",
    "most read",
    "most popular",
    "trending now",
    "read more:",
    "see also:",
    "also read",
    "read also",
    "recommended for you",
    "editor's picks",
    "latest news",
    "previous post",
    "next post",
    "vorheriger beitrag",
    "nächster beitrag",
    "article précédent",
    "article suivant",
];

/// Labels that are furniture only as the whole text of a box ("Tags", "Schlagwörter").
const EXACT_LABELS: &[&str] = &[
    "tags",
    "schlagwörter",
    "schlagworte",
    "kategorien",
    "kategorie",
    "categories",
    "category",
    "labels",
    "étiquettes",
    "catégories",
    "etiquetas",
    "categorías",
    "share",
    "teilen",
    "partager",
    "compartir",
    "print",
    "drucken",
    "imprimer",
    "email",
    "jump to recipe",
    "print recipe",
    "pin recipe",
    "rezept drucken",
    "zum rezept springen",
];

fn label_match(text: &str) -> bool {
    let t = text.trim().to_lowercase();
    let bare = t.trim_end_matches([':', ' ', '\u{a0}']);
    if EXACT_LABELS.contains(&bare) {
        return true;
    }
    LABELS.iter().any(|l| {
        t.starts_with(l)
            && (t.len() == l.len()
                || l.ends_with(':')
                || l.ends_with(' ')
                || !t[l.len()..].starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// Text of an element for label checks: the first 200 characters of visible text.
///
/// Looks at no more than a few hundred nodes, so asking every element of a deeply nested page
/// stays linear.
fn head_text(e: ElementRef<'_>) -> String {
    let mut out = String::new();
    for n in e.descendants().take(300) {
        if let Some(t) = n.value().as_text() {
            out.push_str(t);
            if out.len() > 200 {
                break;
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the cleaner needs to know besides the DOM.
#[derive(Debug, Default, Clone)]
pub struct CleanOptions {
    /// The post title: a heading repeating it at the top of the body is dropped.
    pub title: Option<String>,
    /// The container is a theme's post body (`.entry-content` and kin), not a guess: link
    /// lists and short lines in it are the author's, so only named furniture is removed.
    pub trusted: bool,
}

/// Removes boilerplate below `root` (never `root` itself).
pub fn clean(doc: &mut Html, root: NodeId, stats: &Measure, opts: &CleanOptions) {
    let doomed = find_boilerplate(doc, root, stats, opts);
    for id in doomed {
        if let Some(mut n) = doc.tree.get_mut(id) {
            n.detach();
        }
    }
}

/// The nodes [`clean`] would remove, outermost only.
pub fn find_boilerplate(
    doc: &Html,
    root: NodeId,
    stats: &Measure,
    opts: &CleanOptions,
) -> Vec<NodeId> {
    let Some(root_ref) = doc.tree.get(root) else {
        return Vec::new();
    };
    let root_stats = stats.get(&root).copied().unwrap_or_default();
    let mut doomed = Vec::new();
    let mut doomed_set: HashSet<NodeId> = HashSet::new();
    let mut walk = Walk {
        root: root_stats,
        trusted: opts.trusted,
        title_done: opts.title.is_none(),
        title_norm: opts.title.as_deref().map(norm_words).unwrap_or_default(),
        seen_text: 0,
    };

    // Pre-order walk with subtree skipping.
    let mut next = root_ref.first_child();
    while let Some(node) = next {
        let mut descend = true;
        if let Node::Element(e) = node.value() {
            let st = stats.get(&node.id()).copied().unwrap_or_default();
            let el = ElementRef::wrap(node);
            if super::code_widgets::is_container(e) {
                // A highlighter widget is read whole by the converter: its toolbar names the
                // language, its gutter is not a list of links.
                descend = false;
                walk.seen_text += st.text;
            } else if let Some(el) = el
                && walk.should_remove(el, e, &st)
            {
                doomed.push(node.id());
                doomed_set.insert(node.id());
                descend = false;
                if *DEBUG {
                    let t = head_text(el);
                    eprintln!(
                        "drop <{} {}> text={} good={} bad={} {:?}",
                        e.name(),
                        hint_of(e),
                        st.text,
                        st.good,
                        st.bad,
                        t.chars().take(80).collect::<String>()
                    );
                }
                // A furniture heading takes its list or box with it.
                if matches!(
                    e.name(),
                    "h2" | "h3" | "h4" | "h5" | "h6" | "p" | "span" | "strong"
                ) && label_match(&head_text(el))
                {
                    let mut sib = node.next_sibling();
                    while let Some(s) = sib {
                        if let Some(se) = s.value().as_element() {
                            let ss = stats.get(&s.id()).copied().unwrap_or_default();
                            let listy = matches!(se.name(), "ul" | "ol" | "div" | "section" | "p")
                                && (ss.link_density() > 0.4 || ss.text == 0)
                                && ss.text < 1500;
                            if listy {
                                doomed.push(s.id());
                                doomed_set.insert(s.id());
                            }
                            break;
                        } else if s.value().as_text().is_some_and(|t| !t.trim().is_empty()) {
                            break;
                        }
                        sib = s.next_sibling();
                    }
                }
            } else if is_block_tag(e.name()) && st.own_text > 0 {
                walk.seen_text += st.own_text;
            }
        }
        // Next node in pre-order, staying inside root.
        next = if descend && !doomed_set.contains(&node.id()) {
            node.first_child()
        } else {
            None
        };
        if next.is_none() {
            let mut cur = Some(node);
            while let Some(c) = cur {
                if c.id() == root {
                    break;
                }
                if let Some(s) = c.next_sibling() {
                    next = Some(s);
                    break;
                }
                cur = c.parent();
                if cur.is_some_and(|p| p.id() == root) {
                    break;
                }
            }
        }
    }
    doomed
}

/// State of the cleaner's walk through the post container.
struct Walk {
    root: Stats,
    trusted: bool,
    title_done: bool,
    title_norm: String,
    /// Prose seen so far: datelines and title headings only count near the top.
    seen_text: u32,
}

impl Walk {
    fn should_remove(
        &mut self,
        el: ElementRef<'_>,
        e: &scraper::node::Element,
        st: &Stats,
    ) -> bool {
        let root = &self.root;
        let seen_text = self.seen_text;
        let name = e.name();
        if is_invisible_tag(name)
            && name != "iframe"
            && name != "object"
            && name != "noscript"
            && super::convert::gist_script(e).is_none()
        {
            return true;
        }
        if is_hidden(e) || is_class_hidden(e) {
            return true;
        }
        // Holds most of the post's prose: never furniture, whatever it is called.
        let core = root.good > 0 && st.good * 2 >= root.good;
        if matches!(
            name,
            "form" | "button" | "input" | "nav" | "aside" | "dialog"
        ) {
            // A form wrapping the whole post (some page builders do) is kept.
            return !core;
        }
        if st.furniture && !core && name != "li" {
            return true;
        }
        // Outside a theme's post body, image carousels and galleries are the page's lead media
        // with their slider controls, not the article.
        if !self.trusted && !core && st.imgs >= 2 {
            let hint = hint_of(e);
            if ["gallery", "slideshow", "carousel", "slider"]
                .iter()
                .any(|w| hint.contains(w))
            {
                return true;
            }
        }
        // A list of nothing (icon buttons whose icons are gone) would print as bare bullets.
        if matches!(name, "ul" | "ol") && st.text == 0 && st.imgs == 0 && st.embeds == 0 {
            return true;
        }
        // The post's header (title, byline, date) is front matter now.
        if name == "header" && !core {
            return true;
        }
        // Datelines and bylines: short boxes named for dates and authors, or holding only a date.
        if st.text < 120 && !core && st.imgs == 0 {
            let hint = hint_of(e);
            // In a blog engine's own body only at the top: a signed-off last line ("— Ann",
            // class "author") is the author's.
            if (!self.trusted || seen_text < 150)
                && segments(&hint).any(|s| DATELINE_SEG.contains(&s))
            {
                return true;
            }
            if (is_block_tag(name) || matches!(name, "time" | "span"))
                && seen_text < 150
                && st.text < 60
                && st.link == 0
            {
                let t = head_text(el);
                if crate::read::dates::find_date(&t).is_some() && t.split_whitespace().count() <= 10
                {
                    return true;
                }
            }
        }
        // A meta line at the top: a date and a byline word ("05/10/2018 - Publicado por: …").
        if seen_text < 150
            && st.text < 200
            && !core
            && st.imgs == 0
            && (is_block_tag(name) || matches!(name, "small" | "span"))
        {
            let t = head_text(el);
            let lower = t.to_lowercase();
            let dated = crate::read::dates::find_date(&t).is_some() || has_numeric_date(&t);
            if dated && BYLINE_WORDS.iter().any(|w| lower.contains(w)) {
                return true;
            }
        }
        if st.teasers >= 2 && st.good < 200 && !core && (st.imgs >= 2 || st.hlink > 0) {
            return true;
        }
        // Outside a theme's post body, a list whose every item opens with a headline link is
        // a "more stories" list.
        if !self.trusted
            && !core
            && matches!(name, "ul" | "ol")
            && st.lis >= 3
            && st.teasers >= st.lis
        {
            return true;
        }
        // The title heading repeated at the top of the body.
        if !self.title_done && matches!(name, "h1" | "h2" | "h3") {
            self.title_done = true;
            if norm_words(&head_text(el)) == self.title_norm && seen_text < 400 {
                return true;
            }
        }
        // Or a title written as a styled paragraph.
        if !self.title_done
            && seen_text < 400
            && st.text < 300
            && matches!(name, "p" | "div" | "h4" | "strong" | "b" | "span")
            && !self.title_norm.is_empty()
            && norm_words(&head_text(el)) == self.title_norm
        {
            self.title_done = true;
            return true;
        }
        if e.attr("role")
            .is_some_and(|r| matches!(r, "navigation" | "complementary" | "contentinfo" | "banner"))
        {
            return st.text * 2 < root.text;
        }
        let keep_media = matches!(
            name,
            "img" | "picture" | "figure" | "video" | "audio" | "iframe" | "table" | "pre" | "code"
        );
        let hint = hint_of(e);
        let big =
            core || (st.text > 0 && st.text as f32 >= 0.8 * root.text as f32 && root.text > 200);
        if !hint.is_empty()
            && !keep_media
            && !big
            && (STRONG_SUB.iter().any(|s| hint.contains(s))
                || segments(&hint).any(|s| STRONG_SEG.contains(&s)))
        {
            return true;
        }
        // Short boxes that open with a furniture label.
        if is_block_tag(name) && st.text < 300 && !keep_media && label_match(&head_text(el)) {
            // "Related: <a>…</a>" lines count, but a paragraph that merely starts with the word
            // (more than a few words of own text) is prose.
            let head = head_text(el);
            let words = head.split_whitespace().count();
            let colon = head.split_whitespace().take(4).any(|w| w.ends_with(':'));
            if words <= 6 || (colon && words <= 12) || st.link_density() > 0.3 {
                return true;
            }
        }
        // Conditional cleaning of containers that read like lists of links or widgets.
        if matches!(
            name,
            "div" | "section" | "ul" | "ol" | "table" | "header" | "footer" | "dl"
        ) && !big
        {
            // Inside a theme's own post container, link lists are the author's; only named
            // furniture goes.
            return if self.trusted {
                class_weight(e) < 0 && low_value(name, e, st)
            } else {
                low_value(name, e, st)
            };
        }
        false
    }
}

/// Readability's conditional cleaning: a container with few commas that is mostly links, or
/// mostly list items around nothing, or more inputs than text, is furniture.
fn low_value(name: &str, e: &scraper::node::Element, st: &Stats) -> bool {
    if st.commas >= 10 {
        return false;
    }
    let weight = class_weight(e);
    let ld = st.link_density();
    let text = st.text;
    if weight < 0 && text < 200 && st.imgs == 0 && st.embeds == 0 {
        return true;
    }
    if st.embeds > 0 && text < 75 {
        return false; // a video or map embed with a caption
    }
    if st.imgs > 0 && text < 25 {
        return false; // an image wrapper
    }
    if text == 0 {
        return false;
    }
    let lists = matches!(name, "ul" | "ol");
    if st.inputs > 0 && st.inputs * 3 > st.paras.max(1) {
        return true;
    }
    if (weight < 25 && ld > 0.5 && text < 2000)
        || (weight >= 25 && ld > 0.7)
        || (!lists && st.lis > 0 && st.lis > st.paras * 2 + 3 && ld > 0.3)
    {
        return true;
    }
    false
}

/// Lower-cased words joined by spaces.
pub fn norm_words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lazy_placeholder_is_not_hidden_a_hidden_element_is() {
        let doc = Html::parse_fragment(
            r#"<img style="display:none" src="data:image/gif;base64,R0l" data-src="/a.jpg">
               <img style="display: none" src="/b.jpg"><div hidden>x</div>"#,
        );
        let hidden: Vec<bool> = doc
            .root_element()
            .descendent_elements()
            .skip(1)
            .map(|e| is_hidden(e.value()))
            .collect();
        assert_eq!(hidden, [false, true, true]);
    }

    #[test]
    fn labels_match_whole_words_only() {
        assert!(label_match("Teilen mit:"));
        assert!(label_match("Share this: Twitter Facebook"));
        assert!(label_match("Related"));
        assert!(!label_match("Relatedness is a measure of kinship."));
        assert!(label_match("Gefällt mir: Gefällt mir Lade …"));
    }

    #[test]
    fn term_slug_classes_are_ignored() {
        let doc = Html::parse_fragment(r#"<div class="post tag-related category-social x">"#);
        let div = doc
            .root_element()
            .descendants()
            .find_map(|n| {
                n.value()
                    .as_element()
                    .filter(|e| e.name() == "div")
                    .cloned()
            })
            .expect("div");
        assert_eq!(hint_of(&div).trim(), "post x");
    }
}
