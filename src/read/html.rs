//! A saved HTML page → post: find the article, drop the page around it, read the metadata.
//!
//! Steps, in order:
//! 1. Script and style texts are emptied before parsing ([`strip_raw_text`]); the page is
//!    parsed once.
//! 2. One walk measures every element ([`clean::measure`]): text, link text, commas, and how
//!    much of it is prose (paragraphs and text blocks that are not mostly links) versus
//!    furniture (links, short fragments, anything inside comment sections, sidebars, sharing
//!    boxes, teasers).
//! 3. The post container: a blog engine's own body container (`.entry-content`,
//!    `.wp-block-post-content`, Blogger's `.post-body`, …) when it holds most of the prose;
//!    otherwise, for any other engine, the element with the most prose net of furniture,
//!    widened to an ancestor that holds clearly more prose at a comparable net score.
//! 4. Metadata is read from the untouched tree ([`page_meta`]).
//! 5. Boilerplate inside the container is detached ([`clean::clean`]); inside a blog engine's
//!    own container only named furniture goes, elsewhere link-dense boxes too.
//! 6. The container's HTML goes to the HTML → Markdown converter (which parses that fragment
//!    again), and alt texts that repeat a caption or the title are cleared.

use crate::check::{Census, Original};
use crate::doc::{Block, Inline, Meta, Post};
use crate::html::clean::{self, CleanOptions, Measure, NodeId, Stats};
use crate::read::page_meta::{self, PageMeta};
use scraper::{ElementRef, Html, Node, Selector};
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
static POST_BODY: LazyLock<Vec<Selector>> =
    LazyLock::new(|| POST_BODY_CSS.iter().map(|c| sel(c)).collect());
const POST_BODY_CSS: &[&str] = &[
    ".entry-content",
    ".wp-block-post-content",
    ".post-content",
    ".post-entry",
    ".entry-body",
    ".post-body",
    ".post_content",
    ".single-content",
    ".blog-post-content",
    ".gh-content",
    ".e-content",
    // News and magazine systems: a named body, but one that carries galleries, promos and
    // inline teasers of the site's own, so it is cleaned like a guessed container.
    ".article-content",
    ".article-body",
    ".article__body",
    ".story-body",
    "[itemprop~=articleBody]",
];
/// How many of [`POST_BODY_CSS`] are blog-engine post bodies, whose content is the author's.
const TRUSTED_BODIES: usize = 11;
/// Any of [`POST_BODY`], to find them all in one walk.
static POST_BODY_ANY: LazyLock<Selector> = LazyLock::new(|| sel(&POST_BODY_CSS.join(", ")));

/// Wider post containers, used when no body container is found.
static POST_WRAPPER: LazyLock<Selector> =
    LazyLock::new(|| sel("article.post, .hentry, .type-post, article, .post[id^=\"post-\"]"));
static BODY: LazyLock<Selector> = LazyLock::new(|| sel("body"));

/// Reads one page from its raw bytes: [`decode_page`], then [`read_page`]. This is what a
/// caller holding a file or stdin should use, so undeclared encodings are guessed.
pub fn read_page_bytes(bytes: &[u8]) -> Result<Post, PageError> {
    read_page(&decode_page(bytes)?)
}

/// Reads one page: the post body as blocks and its metadata.
pub fn read_page(html: &str) -> Result<Post, PageError> {
    read_parsed(parse_page(html)?)
}

/// Parses a decoded page for [`read_parsed`], so a caller that looks at the page first (the
/// mirror reader decides whether it is a post at all) parses it only once.
pub fn parse_page(html: &str) -> Result<Html, PageError> {
    if looks_binary(html.as_bytes()) {
        return Err(PageError::Binary);
    }
    let text = strip_raw_text(html);
    Ok(Html::parse_document(&crate::html::depth::cap_page_depth(
        &text,
    )))
}

/// The element the post would be read from, for callers that judge a page by where its
/// text is (the mirror reader tells a post with teasers from a listing this way, and learns
/// where a site's template keeps its posts).
pub fn content_root(doc: &Html) -> Option<NodeId> {
    let stats = clean::measure(doc);
    find_content(doc, &stats).map(|(root, _)| root)
}

/// Reads a page parsed by [`parse_page`].
pub fn read_parsed(doc: Html) -> Result<Post, PageError> {
    let stats = clean::measure(&doc);
    let (root, trusted) = find_content(&doc, &stats).ok_or(PageError::NoContent)?;
    if *clean::DEBUG {
        debug_node(&doc, &stats, root, "root");
    }
    let meta = {
        let el = doc.tree.get(root).and_then(ElementRef::wrap);
        page_meta::read_meta(&doc, el)
    };
    let before = page_census(&doc, root);
    let (body, original) = body_of(doc, &stats, root, trusted, meta.title.clone(), before)?;
    Ok(Post {
        meta: to_meta(meta),
        body,
        original: Some(Box::new(original)),
    })
}

/// Reads only the post body of a parsed page, from `root` when the caller knows where the
/// post is (a mirror's learned template), else from where the extractor finds it. `title`
/// is the post's title, so a heading repeating it inside the body is not kept twice.
/// `prune` sees the tree and the root before cleaning, to take out what the caller knows is
/// not the post (a site's repeated blocks).
pub fn read_body(
    mut doc: Html,
    root: Option<NodeId>,
    title: Option<String>,
    prune: impl FnOnce(&mut Html, NodeId),
) -> Result<(Vec<Block>, Original), PageError> {
    let stats = clean::measure(&doc);
    let (root, trusted) = match root {
        Some(r) => {
            let trusted = doc
                .tree
                .get(r)
                .and_then(ElementRef::wrap)
                .is_some_and(|e| POST_BODY[..TRUSTED_BODIES].iter().any(|s| s.matches(&e)));
            (r, trusted)
        }
        None => find_content(&doc, &stats).ok_or(PageError::NoContent)?,
    };
    let before = page_census(&doc, root);
    prune(&mut doc, root);
    body_of(doc, &stats, root, trusted, title, before)
}

/// What the post's element shows before cleaning, to name what cleaning took out.
fn page_census(doc: &Html, root: NodeId) -> Census {
    let mut census = Census::default();
    if let Some(el) = doc.tree.get(root).and_then(ElementRef::wrap) {
        let headings = crate::html::toc::HeadingIds::scan(el);
        crate::html::census::count(el, &headings, &mut census);
    }
    census
}

/// The body under `root`, cleaned of boilerplate and converted.
fn body_of(
    mut doc: Html,
    stats: &Measure,
    root: NodeId,
    trusted: bool,
    title: Option<String>,
    before: Census,
) -> Result<(Vec<Block>, Original), PageError> {
    let meta_title = title.clone();
    let opts = CleanOptions { title, trusted };
    clean::clean(&mut doc, root, stats, &opts);
    let body_html = doc
        .tree
        .get(root)
        .and_then(ElementRef::wrap)
        .map(|e| e.inner_html())
        .unwrap_or_default();
    let (mut body, census) = crate::html::convert::to_blocks_checked(&body_html);
    drop_repeated_alt(&mut body, meta_title.as_deref());
    // Rules that separated the post from what was removed around it.
    while matches!(body.last(), Some(Block::Rule)) {
        body.pop();
    }
    let lead = body.iter().take_while(|b| matches!(b, Block::Rule)).count();
    body.drain(..lead);
    if body.is_empty() {
        return Err(PageError::NoContent);
    }
    let by_design = before
        .removed(
            &census,
            "page parts around the post (title, bylines, sharing, comments, navigation)",
        )
        .into_iter()
        .collect();
    Ok((
        body,
        Original {
            html: body_html,
            census,
            by_design,
        },
    ))
}

/// Empties `<script>` (all but JSON-LD) and `<style>` elements and drops comments before
/// parsing: half the bytes of a typical page, none of them content, and the parser's time is
/// most of ours. The scan follows the tokenizer's rule that raw text ends at the first
/// `</script` / `</style`, so the tree is the same minus those texts.
pub fn strip_raw_text(html: &str) -> String {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut last = 0;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            let Some(end) = crate::wp::blocks::find_from(b, lt + 4, b"-->") else {
                break;
            };
            out.push_str(&html[last..lt]);
            last = end + 3;
            i = last;
            continue;
        }
        let name: &[u8] = if starts_with_ci(rest, b"script") {
            b"script"
        } else if starts_with_ci(rest, b"style") {
            b"style"
        } else {
            i = lt + 1;
            continue;
        };
        let after = rest.get(name.len()).copied();
        if !matches!(
            after,
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>' | b'/')
        ) {
            i = lt + 1;
            continue;
        }
        let Some(gt) = b[lt..].iter().position(|&c| c == b'>').map(|p| lt + p) else {
            break;
        };
        let open = &html[lt..gt];
        let keep = name == b"script" && open.to_ascii_lowercase().contains("ld+json");
        let mut close_pat = Vec::with_capacity(name.len() + 2);
        close_pat.extend_from_slice(b"</");
        close_pat.extend_from_slice(name);
        let Some(close) = find_ci(b, &close_pat, gt + 1) else {
            break;
        };
        if !keep {
            out.push_str(&html[last..gt + 1]);
            last = close;
        }
        i = close + close_pat.len();
    }
    out.push_str(&html[last..]);
    out
}

fn starts_with_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.len() >= needle.len() && hay[..needle.len()].eq_ignore_ascii_case(needle)
}

fn find_ci(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    while i < hay.len() {
        let p = hay[i..].iter().position(|&c| c == b'<')? + i;
        if starts_with_ci(&hay[p..], needle) {
            return Some(p);
        }
        i = p + 1;
    }
    None
}

/// Clears an image's alt text where the caption right under it says the same (news sites and
/// WordPress's media dialog both copy one into the other): the Markdown would read the same
/// sentence twice, and the caption is what readers saw.
fn drop_repeated_alt(blocks: &mut [Block], title: Option<&str>) {
    use crate::html::clean::norm_words;
    fn images(inl: &mut [Inline], f: &mut dyn FnMut(&mut String)) {
        for i in inl {
            match i {
                Inline::Image { alt, .. } => f(alt),
                Inline::Link { content, .. }
                | Inline::Emphasis(content)
                | Inline::Strong(content) => images(content, f),
                _ => {}
            }
        }
    }
    fn text(inl: &[Inline], out: &mut String) {
        for i in inl {
            match i {
                Inline::Text(t) | Inline::Code(t) => {
                    out.push_str(t);
                    out.push(' ');
                }
                Inline::Link { content, .. }
                | Inline::Emphasis(content)
                | Inline::Strong(content)
                | Inline::Strikethrough(content)
                | Inline::Mark(content) => text(content, out),
                _ => {}
            }
        }
    }
    let similar = |alt: &str, caption: &str| {
        let (a, c) = (norm_words(alt), norm_words(caption));
        !a.is_empty() && !c.is_empty() && (c.contains(&a) || a.contains(&c))
    };
    let clear = |inl: &mut [Inline], caption: &str| {
        images(inl, &mut |alt: &mut String| {
            if similar(alt, caption) {
                alt.clear();
            }
        });
    };
    for i in 0..blocks.len() {
        let caption = match blocks.get(i + 1) {
            Some(Block::Paragraph(next)) => {
                let mut t = String::new();
                text(next, &mut t);
                Some(t)
            }
            _ => None,
        };
        // The lead image captioned with the post title says nothing the title does not.
        if let (Some(t), Block::Paragraph(inl)) = (title, &mut blocks[i]) {
            let tn = norm_words(t);
            images(inl, &mut |alt: &mut String| {
                if !tn.is_empty() && norm_words(alt) == tn {
                    alt.clear();
                }
            });
        }
        match &mut blocks[i] {
            Block::Figure { content, caption } => {
                let mut t = String::new();
                if let Some(c) = caption {
                    text(c, &mut t);
                }
                for b in content.iter_mut() {
                    if let Block::Paragraph(inl) = b {
                        clear(inl, &t);
                    }
                }
                drop_repeated_alt(content, title);
            }
            Block::Paragraph(inl) => {
                if let Some(c) = caption {
                    clear(inl, &c);
                }
                // An image with its caption as the text beside it.
                let mut own = String::new();
                text(inl, &mut own);
                clear(inl, &own);
            }
            Block::List { items, .. } => {
                for it in items.iter_mut() {
                    drop_repeated_alt(&mut it.content, title);
                }
            }
            Block::BlockQuote(inner) => drop_repeated_alt(inner, title),
            _ => {}
        }
    }
}

/// Decodes a page's bytes: BOM, then a declared charset (`<meta charset>`, `http-equiv`) in
/// the first 64 KiB, then UTF-8 if the bytes are valid UTF-8, else the encoding `chardetng`
/// (Firefox's detector) guesses. Binary input is refused.
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
        Err(_) => {
            // Undeclared and not UTF-8: guess as Firefox does (windows-1252, ISO-8859-x,
            // Shift_JIS, EUC-KR, GBK, …) from the byte statistics.
            let mut detector = chardetng::EncodingDetector::new();
            detector.feed(bytes, true);
            let enc = detector.guess(None, true);
            Ok(enc.decode_without_bom_handling(bytes).0.into_owned())
        }
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

/// The post metadata a page's reading gives: slug and old path from its URL, else a slug
/// from its title.
pub fn to_meta(m: PageMeta) -> Meta {
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
fn find_content(doc: &Html, stats: &Measure) -> Option<(NodeId, bool)> {
    let get = |id: NodeId| stats.get(&id).copied().unwrap_or_default();
    let generic = score_candidates(doc, stats);
    let generic_good = generic.map(|g| get(g).good).unwrap_or(0);

    // Known containers: the one with most prose wins (archive and related-post lists repeat
    // them), provided it holds most of the prose the generic scorer found.
    // Every name in the list has one of these words: a cheap test before the selectors.
    let matches: Vec<ElementRef<'_>> = doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| {
            let v = e.value();
            v.attr("class")
                .is_some_and(|c| c.contains("content") || c.contains("entry") || c.contains("body"))
                || v.attr("itemprop").is_some()
        })
        .filter(|e| POST_BODY_ANY.matches(e))
        .collect();
    for (i, s) in POST_BODY.iter().enumerate() {
        let best = matches
            .iter()
            .filter(|e| s.matches(e) && !get(e.id()).furniture)
            .max_by_key(|e| get(e.id()).good)
            .copied();
        if let Some(b) = best {
            let st = get(b.id());
            if st.text >= 80
                && (st.good as f32 >= 0.7 * generic_good as f32 || contains(b, generic))
            {
                return Some((b.id(), i < TRUSTED_BODIES));
            }
        }
    }
    if let Some(g) = generic {
        return Some((g, false));
    }
    doc.select(&POST_WRAPPER)
        .max_by_key(|e| get(e.id()).text)
        .filter(|e| get(e.id()).text > 0)
        .or_else(|| doc.select(&BODY).next())
        .map(|e| (e.id(), false))
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

/// How much more a unit of furniture text costs than a unit of prose earns.
const BAD_WEIGHT: f32 = 1.0;

/// The element with the most prose net of furniture: `good − BAD_WEIGHT·bad` over its
/// subtree (see [`clean::measure`]). Going up from the paragraphs' parent adds the rest of the
/// article (sections, figures, split halves) until the next level up would bring more
/// navigation, sidebars and comments than prose. Ties go to the outer element, which keeps
/// headings and figures that sit beside the text.
fn score_candidates(doc: &Html, stats: &Measure) -> Option<NodeId> {
    let mut best: Option<(NodeId, f32)> = None;
    let mut next = Some(doc.tree.root());
    while let Some(node) = next {
        let mut descend = true;
        if let Node::Element(e) = node.value()
            && !matches!(e.name(), "html" | "head")
            && let Some(st) = stats.get(&node.id())
        {
            if st.furniture || st.good == 0 {
                // Nothing inside a comment section or sidebar is the post.
                descend = false;
            } else {
                let mut score = st.good as f32 - BAD_WEIGHT * st.bad as f32;
                if clean::class_weight(e) > 0 {
                    score *= 1.05;
                }
                if best.is_none_or(|(_, b)| score > b) {
                    best = Some((node.id(), score));
                }
            }
        }
        next = if descend { node.first_child() } else { None };
        let mut cur = Some(node);
        while next.is_none() {
            let Some(c) = cur else { break };
            next = c.next_sibling();
            cur = c.parent();
        }
    }
    if *clean::DEBUG
        && let Some((id, s)) = best
    {
        debug_node(doc, stats, id, &format!("best {s:.0}"));
        let mut a = doc.tree.get(id).and_then(|n| n.parent());
        while let Some(p) = a {
            if p.value().is_element() {
                debug_node(doc, stats, p.id(), "  up");
            }
            a = p.parent();
        }
    }
    let (best, best_score) = best.filter(|(_, s)| *s > 0.0)?;
    // The best net score can sit on one part of an article whose other parts carry embeds
    // and link lists: go up to the ancestor holding the most prose while the net score stays
    // within reach (furniture inside is the cleaner's job).
    let mut chosen = best;
    let mut chosen_good = stats.get(&best).map_or(0, |s| s.good);
    let mut a = doc.tree.get(best).and_then(|n| n.parent());
    while let Some(p) = a {
        let Some(st) = stats.get(&p.id()) else { break };
        if p.value()
            .as_element()
            .is_none_or(|e| matches!(e.name(), "body" | "html"))
        {
            break;
        }
        let score = st.good as f32 - BAD_WEIGHT * st.bad as f32;
        if score < CLIMB * best_score {
            break;
        }
        if st.good as f32 > 1.2 * chosen_good as f32 {
            chosen = p.id();
            chosen_good = st.good;
        }
        a = p.parent();
    }
    Some(chosen)
}

/// How far the net score may drop when climbing to an ancestor with more prose.
const CLIMB: f32 = 0.6;

fn debug_node(doc: &Html, stats: &Measure, id: NodeId, what: &str) {
    let n = doc.tree.get(id).and_then(ElementRef::wrap);
    if let Some(e) = n {
        let st = stats_of(stats, id);
        let path: Vec<String> = e
            .ancestors()
            .filter_map(ElementRef::wrap)
            .map(|a| format!("{}.{}", a.value().name(), clean::hint_of(a.value()).trim()))
            .collect();
        eprintln!(
            "{what}: <{} {}> text={} link={} good={} bad={} paras={} path={:?}",
            e.value().name(),
            clean::hint_of(e.value()),
            st.text,
            st.link,
            st.good,
            st.bad,
            st.paras,
            path
        );
    }
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
        let plain = b"<p>Le na\xeff caf\xe9 o\xf9 l'on d\xeene tr\xe8s t\xf4t.</p>";
        let text = decode_page(plain).expect("text");
        assert!(text.contains("na\u{ef}f caf\u{e9}"), "{text}");
        // Undeclared Shift_JIS, as old Japanese blogs were saved.
        let (sjis, _, _) =
            encoding_rs::SHIFT_JIS.encode("<p>今日は東京で桜を見ました。とても綺麗でした。</p>");
        let text = decode_page(&sjis).expect("text");
        assert!(text.contains("東京で桜"), "{text}");
        assert!(
            decode_page("<p>東京</p>".as_bytes())
                .expect("text")
                .contains("東京")
        );
    }

    #[test]
    fn scripts_and_styles_are_emptied_but_json_ld_kept() {
        let page = "<head><SCRIPT>var a='<p>';</Script><style>p{}</style>\
                    <script type=\"application/ld+json\">{\"a\":1}</script><!-- <script> -->\
                    </head><body><scripts>x</scripts><p>text</p></body>";
        let s = strip_raw_text(page);
        assert_eq!(
            s,
            "<head><SCRIPT></Script><style></style>\
             <script type=\"application/ld+json\">{\"a\":1}</script>\
             </head><body><scripts>x</scripts><p>text</p></body>"
        );
        assert_eq!(
            strip_raw_text("<p>a<script>never closed"),
            "<p>a<script>never closed"
        );
    }

    fn body_text(html: &str) -> String {
        let post = read_page(html).expect("a post");
        crate::render::markdown::render(&post.body, &Default::default())
    }

    const PROSE: &str = "This paragraph is long enough to count as prose, with a comma or two, \
                         and it keeps going for a while so that the scorer notices it.";

    #[test]
    fn long_comment_threads_do_not_win_over_a_short_article() {
        let comment = format!("<li class=\"comment\"><p>COMMENT {PROSE} {PROSE}</p></li>");
        let page = format!(
            "<body><div class=\"story\"><p>FIRST {PROSE}</p><p>LAST {PROSE}</p></div>\
             <div id=\"comments\"><ol class=\"commentlist\">{}</ol></div></body>",
            comment.repeat(12)
        );
        let md = body_text(&page);
        assert!(md.contains("FIRST") && md.contains("LAST"), "{md}");
        assert!(!md.contains("COMMENT"), "{md}");
    }

    #[test]
    fn an_article_split_around_an_ad_is_found_whole() {
        let page = format!(
            "<body><nav><a href=/a>One</a> <a href=/b>Two</a> <a href=/c>Three</a></nav>\
             <div class=\"wrap\"><div class=\"part\"><p>FIRST {PROSE}</p><p>{PROSE}</p>\
             <p>{PROSE}</p></div><div class=\"ad\"><a href=/buy>Buy now</a></div>\
             <div class=\"part\"><p>{PROSE}</p><p>LAST {PROSE}</p></div></div>\
             <footer><a href=/privacy>Privacy</a></footer></body>"
        );
        let md = body_text(&page);
        assert!(md.contains("FIRST") && md.contains("LAST"), "{md}");
        for junk in ["Buy now", "Privacy", "Three"] {
            assert!(!md.contains(junk), "{junk}: {md}");
        }
    }

    #[test]
    fn empty_page_has_no_content() {
        assert_eq!(
            read_page("<html><body></body></html>").err(),
            Some(PageError::NoContent)
        );
    }
}
