//! WordPress-only content → plain HTML: shortcodes, block attributes, auto-embeds, footnotes,
//! reusable blocks, and share widgets pasted into posts.
//!
//! An export stores a post the way WordPress keeps it in the database, not the way it shows it:
//! `[gallery ids="1,2"]`, `[caption]…[/caption]`, `[sourcecode lang="php"]…`, a bare YouTube URL
//! on its own line, `<!-- wp:image {"id":12} -->`, `<!-- wp:block {"ref":7} /-->`. The HTML →
//! Markdown converter knows none of that, so this stage turns it into the plain HTML WordPress
//! would have printed (`<figure>`, `<iframe>`, `<video>`/`<audio>` with `<source>`,
//! `<pre><code class="language-x">`, `<a>`), using only what the export holds — it never
//! fetches anything.
//!
//! Order, as in WordPress's `the_content` filters:
//! 1. Block content: delimiters are read (attributes used: code language, embed URL, image id,
//!    gallery ids, cover image, footnotes, reusable refs, dynamic blocks) and removed; never
//!    autop'd. Classic content: code shortcodes become `<pre>` first (as the SyntaxHighlighter
//!    plugin does, so wpautop cannot put `<br />` into code), `[embed]` and URLs alone on a line
//!    become embeds (WordPress runs those before wpautop too), then wpautop.
//! 2. All other shortcodes, expanded like `do_shortcode` (an explicit stack, no recursion).
//! 3. `$latex …$`, URLs alone in a `<p>`, YouTube/Vimeo iframes given their canonical `src`,
//!    and share/like/related-posts widgets removed.
//!
//! Policies, where WordPress itself gives no answer or a lossy one:
//! - Unknown shortcodes lose their tag and keep their content, with a warning naming them
//!   (`keep_unknown` keeps them verbatim); a lone one that names a URL keeps it as a link.
//!   WordPress only runs registered names, so an unregistered `[word]` is a shortcode here only
//!   with a closing tag, a `/]`, a `name=value` attribute, or a well-known plugin name: `[sic]`,
//!   `array[i]`, `[a-z]` and `C:\Users\[your-name]` stay text.
//! - Text inside `<pre>`/`<code>` is code: shortcodes there are left as written (escaped
//!   `[[x]]` still prints `[x]`), except a code shortcode, which yields only its `<code>`.
//! - Code shortcode content is kept byte for byte; when it holds no raw `<` or `>` it was
//!   encoded by the visual editor and its entities are decoded first (SyntaxHighlighter's
//!   rule). After wpautop, `<br />` and `<p>` inside it are undone.
//! - Math (`[latex]`, `$latex …$`) becomes `<code class="language-math">TeX</code>`: the TeX
//!   is kept exactly and a renderer can write `$…$` where the target supports math.
//! - A shortcode that takes everything from its attributes (`[youtube URL]`, `[video mp4=…]`)
//!   never encloses non-blank text up to a later closer of its name: WordPress would, and the
//!   text would vanish.
//! - Embeds: YouTube → `https://www.youtube.com/embed/ID[?start=S]`, Vimeo →
//!   `https://player.vimeo.com/video/ID`, Dailymotion, Spotify, TED, SoundCloud, VideoPress and
//!   Google Maps embed URLs to `<iframe>`; every other provider → a link with its name as text.
//! - Dynamic blocks have no content in an export: dropped with a warning naming them. Plugin
//!   blocks that keep content in attributes give a gallery (`ids`) or a link (`text` + link).

use super::embed::{self, escape_html};
use super::shortcode::{Accept, Attrs, Candidate, Scanner, Shortcode, parse_attrs};
use crate::read::wxr::Item;
use std::collections::HashMap;
use std::ops::Range;

/// An attachment as the export describes it. One is kept per attachment for the whole run,
/// so the three strings share one allocation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attachment {
    text: Box<str>,
    /// Lengths of the URL and the alt text; the caption is the rest.
    lens: [u32; 2],
}

impl Attachment {
    pub fn new(url: &str, alt: &str, caption: &str) -> Attachment {
        let len = |s: &str| u32::try_from(s.len()).unwrap_or(u32::MAX);
        Attachment {
            text: [url, alt, caption].concat().into_boxed_str(),
            lens: [len(url), len(alt)],
        }
    }

    pub fn url(&self) -> &str {
        self.text.get(..self.lens[0] as usize).unwrap_or("")
    }

    /// `_wp_attachment_image_alt`.
    pub fn alt(&self) -> &str {
        let start = self.lens[0] as usize;
        self.text
            .get(start..start + self.lens[1] as usize)
            .unwrap_or("")
    }

    /// The attachment's excerpt, which WordPress shows as its caption.
    pub fn caption(&self) -> &str {
        let start = self.lens[0] as usize + self.lens[1] as usize;
        self.text.get(start..).unwrap_or("")
    }
}

/// Site-wide data the stage needs: attachments, who they are attached to, reusable blocks.
/// Filled from the indexing pass with [`SiteData::add_item`].
#[derive(Debug, Clone, Default)]
pub struct SiteData {
    pub attachments: HashMap<u64, Attachment>,
    /// Attachments by parent post id: `(menu_order, attachment id)`.
    pub children: HashMap<u64, Vec<(i64, u64)>>,
    /// `wp_block` (reusable block / synced pattern) content by post id.
    pub reusable_blocks: HashMap<u64, String>,
}

impl SiteData {
    /// Records what an item contributes (attachments and `wp_block` items); returns whether
    /// it did. The caption needs the attachment's excerpt and a reusable block its content,
    /// so the indexing read must keep those for these two post types.
    pub fn add_item(&mut self, item: &Item) -> bool {
        let Some(id) = item.post_id else {
            return false;
        };
        match item.post_type.as_str() {
            "attachment" => {
                let url = if item.attachment_url.is_empty() {
                    &item.guid
                } else {
                    &item.attachment_url
                };
                if url.is_empty() {
                    return false;
                }
                self.attachments.insert(
                    id,
                    Attachment::new(
                        url,
                        item.meta("_wp_attachment_image_alt").unwrap_or("").trim(),
                        item.excerpt.trim(),
                    ),
                );
                if item.post_parent != 0 {
                    self.children
                        .entry(item.post_parent)
                        .or_default()
                        .push((item.menu_order, id));
                }
                true
            }
            "wp_block" => {
                self.reusable_blocks.insert(id, item.content.clone());
                true
            }
            _ => false,
        }
    }

    /// Image attachments of a post in WordPress's gallery order (`menu_order`, then id).
    pub fn images_of(&self, parent: u64) -> Vec<u64> {
        let mut v = self.children.get(&parent).cloned().unwrap_or_default();
        v.sort();
        v.into_iter()
            .map(|(_, id)| id)
            .filter(|id| {
                self.attachments
                    .get(id)
                    .is_some_and(|a| is_image_url(a.url()))
            })
            .collect()
    }
}

fn is_image_url(url: &str) -> bool {
    let path = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    [
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp", ".tif", ".tiff",
        ".heic", ".ico",
    ]
    .iter()
    .any(|e| path.ends_with(e))
}

/// Everything [`expand`] may consult besides the content itself.
#[derive(Debug, Clone, Copy)]
pub struct ExpandContext<'a> {
    pub site: &'a SiteData,
    /// The post's id, for `[gallery]` without ids (the post's attached images).
    pub post_id: Option<u64>,
    /// The `footnotes` postmeta (JSON `[{"id":…,"content":…}]`) of a block-editor post.
    pub footnotes: Option<&'a str>,
    /// Keep unknown shortcodes verbatim instead of dropping their tags.
    pub keep_unknown: bool,
}

impl<'a> ExpandContext<'a> {
    /// A context with no site data (attachments unknown, no footnotes).
    pub fn new(site: &'a SiteData) -> Self {
        ExpandContext {
            site,
            post_id: None,
            footnotes: None,
            keep_unknown: false,
        }
    }

    /// The context for one WXR item: its id and first non-empty `footnotes` postmeta.
    pub fn for_item(item: &'a Item, site: &'a SiteData) -> Self {
        ExpandContext {
            site,
            post_id: item.post_id,
            footnotes: item
                .postmeta
                .iter()
                .find(|(k, v)| k == "footnotes" && !v.trim().is_empty())
                .map(|(_, v)| v.as_str()),
            keep_unknown: false,
        }
    }
}

/// The stage's result: HTML for the converter and what could not be converted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expanded {
    pub html: String,
    /// Human-readable, one per problem kind and name (deduplicated), without the post id.
    pub warnings: Vec<String>,
    /// What was left out on purpose (blocks WordPress renders from site data), named so the
    /// loss check does not take it for a loss; deduplicated like the warnings.
    pub dropped: Vec<String>,
}

#[derive(Default)]
struct Warnings {
    list: Vec<String>,
    dropped: Vec<String>,
}

impl Warnings {
    fn push(&mut self, w: String) {
        if !self.list.contains(&w) {
            self.list.push(w);
        }
    }

    fn dropped(&mut self, what: String) {
        if !self.dropped.contains(&what) {
            self.dropped.push(what);
        }
    }
}

/// Turns a post's raw content (as stored in the export) into plain HTML; see the module docs.
pub fn expand(raw: &str, ctx: &ExpandContext) -> Expanded {
    let mut w = Warnings::default();
    let blocks = super::blocks::has_blocks(raw);
    let mut html = if blocks {
        let mut refs = Vec::new();
        let s = blocks_pass(raw, ctx, &mut w, &mut refs);
        autoembed_lines(&s)
    } else {
        classic(raw, ctx, &mut w)
    };
    if html.contains('[') {
        html = run_shortcodes(&html, Phase::All, ctx, &mut w);
    }
    if html.contains("$latex") || html.contains("$LATEX") {
        html = latex_inline(&html);
    }
    if html.contains("<p") || html.contains("<P") {
        html = autoembed_paragraphs(&html);
    }
    let (cleaned, widgets) = remove_widgets(&html);
    html = cleaned;
    if widgets > 0 {
        w.dropped(format!(
            "{widgets} share, like or related-posts widget{} removed",
            if widgets == 1 { "" } else { "s" }
        ));
    }
    if html.contains("<iframe") {
        html = canonical_iframes(&html);
    }
    if blocks && html.contains("<!--") {
        html = super::blocks::strip_delimiters(&html);
    }
    Expanded {
        html,
        warnings: w.list,
        dropped: w.dropped,
    }
}

/// WordPress's media shortcodes in a post of another platform, left there by an earlier move
/// from WordPress (Movable Type, Blogger, Ghost and Medium showed `[caption …]` or
/// `[youtube]…[/youtube]` as text, the quotes often made typographic): they become what
/// WordPress made of them, from what the text itself holds, since no attachment is known
/// outside a WordPress export. Only WordPress core's media shortcodes and its common embeds
/// count; other `[brackets]` stay text.
pub fn leftover_shortcodes(html: &str) -> Expanded {
    let mut w = Warnings::default();
    let html = if html.contains('[') && LEFTOVER.iter().any(|n| html.contains(&format!("[{n}"))) {
        let site = SiteData::default();
        run_shortcodes(
            &plain_quotes(html),
            Phase::Leftover,
            &ExpandContext::new(&site),
            &mut w,
        )
    } else {
        html.to_string()
    };
    Expanded {
        html,
        warnings: w.list,
        dropped: w.dropped,
    }
}

/// The shortcodes [`leftover_shortcodes`] reads.
const LEFTOVER: &[&str] = &[
    "caption",
    "wp_caption",
    "gallery",
    "video",
    "audio",
    "playlist",
    "embed",
    "youtube",
    "vimeo",
    "soundcloud",
];

/// Straight quotes in the tags of leftover shortcodes: an editor that typeset the text made
/// `id="x"` into `id=”x”` or `id=&quot;x&quot;`, which no attribute parser reads.
fn plain_quotes(html: &str) -> String {
    const QUOTES: &[&str] = &[
        "&quot;", "&#34;", "&ldquo;", "&rdquo;", "&#8220;", "&#8221;", "&#8243;", "\u{201c}",
        "\u{201d}", "\u{2033}",
    ];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('[') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let named = LEFTOVER.iter().any(|n| {
            tail[1..].starts_with(n) && tail[1 + n.len()..].starts_with([' ', ']', '/', '\t', '\n'])
        });
        match named
            .then(|| head(tail, ATTR_LOOKAHEAD).find(']'))
            .flatten()
        {
            Some(end) => {
                let mut tag = tail[..=end].to_string();
                for q in QUOTES {
                    tag = tag.replace(q, "\"");
                }
                out.push_str(&tag);
                rest = &tail[end + 1..];
            }
            None => {
                out.push('[');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Names of the shortcodes this stage sees in raw content (at any depth, outside code), each
/// once, in order of first appearance, with whether it is converted — for `inspect`.
pub fn shortcodes_in(content: &str) -> Vec<(String, bool)> {
    let mut out: Vec<(String, bool)> = Vec::new();
    let mut sc = Scanner::new(content);
    let mut stack = vec![(0usize, content.len())];
    let mut kind = None;
    while let Some((pos, end)) = stack.pop() {
        let mut accept = |c: &Candidate| {
            kind = classify(c, Phase::All);
            kind.is_some()
        };
        let Some(m) = sc.next_in(pos, end, &mut accept) else {
            continue;
        };
        stack.push((m.range.end, end));
        if m.is_escaped() {
            continue;
        }
        // Code and math content is text, not shortcodes.
        if let Some(c) = &m.content
            && !matches!(kind, Some(Kind::Code | Kind::Math))
        {
            stack.push((c.start, c.end));
        }
        if !out.iter().any(|(n, _)| n == m.name) {
            out.push((m.name.to_string(), is_converted(m.name)));
        }
    }
    out
}

/// WordPress's `strip_shortcodes()`, for excerpts and other plain-text uses: every shortcode
/// this stage recognises is removed with its content; `[[escaped]]` ones become literal text.
pub fn strip_shortcodes(text: &str) -> String {
    if !text.contains('[') {
        return text.to_string();
    }
    let mut sc = Scanner::new(text);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    while let Some(m) = sc.next_in(pos, text.len(), &mut |c| is_shortcode(c)) {
        out.push_str(&text[pos..m.range.start]);
        if m.is_escaped() {
            out.push_str(&text[m.inner_range()]);
        } else {
            if m.extra_open {
                out.push('[');
            }
            if m.extra_close {
                out.push(']');
            }
        }
        pos = m.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// Classic content: code shortcodes and embeds first, then wpautop (see the module docs).
fn classic(raw: &str, ctx: &ExpandContext, w: &mut Warnings) -> String {
    let mut s = if raw.contains('[') {
        run_shortcodes(raw, Phase::BeforeAutop, ctx, w)
    } else {
        raw.to_string()
    };
    if s.contains("http") {
        s = autoembed_lines(&s);
    }
    super::autop::autop(&s)
}

// ---- Shortcodes ------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before wpautop: only code shortcodes and `[embed]`.
    BeforeAutop,
    /// After wpautop / in block content: everything.
    All,
    /// Another platform's HTML: only [`LEFTOVER`] names, never unknown ones.
    Leftover,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Code,
    Math,
    Caption,
    Gallery,
    Audio,
    Video,
    Playlist,
    /// Shortcodes that name one embeddable thing (URL or id).
    Embed,
    Unknown,
}

/// Shortcodes converted here, by name (WordPress core, Jetpack/WordPress.com, highlighters).
fn known(name: &str) -> Option<Kind> {
    Some(match name {
        "caption" | "wp_caption" => Kind::Caption,
        // Jetpack's slideshow shows the same images a gallery would.
        "gallery" | "slideshow" => Kind::Gallery,
        "audio" => Kind::Audio,
        "video" => Kind::Video,
        "playlist" => Kind::Playlist,
        "embed" | "youtube" | "vimeo" | "wpvideo" | "videopress" | "soundcloud" | "gist"
        | "tweet" | "googlemaps" | "dailymotion" | "spotify" | "ted" | "instagram" | "flickr"
        | "slideshare" | "googleapps" => Kind::Embed,
        "code" | "sourcecode" | "source" => Kind::Code,
        "latex" => Kind::Math,
        _ => return None,
    })
}

/// SyntaxHighlighter Evolved registers a shortcode per language alias; those only count with
/// a closing tag (`[php]…[/php]`), so `[c]` or `[text]` in prose stay text.
#[rustfmt::skip]
const CODE_ALIASES: &[&str] = &[
    "as3", "actionscript3", "bash", "shell", "sh", "coldfusion", "cf", "clojure", "clj", "cpp",
    "c", "c-sharp", "csharp", "css", "delphi", "pas", "pascal", "diff", "patch", "erl",
    "erlang", "fsharp", "go", "golang", "groovy", "haskell", "java", "jfx", "javafx", "js",
    "jscript", "javascript", "json", "matlab", "objc", "obj-c", "perl", "pl", "php", "plain",
    "text", "ps", "powershell", "py", "python", "r", "rails", "rb", "ror", "ruby", "rust",
    "scala", "sql", "swift", "tex", "ts", "typescript", "vb", "vbnet", "xml", "xhtml", "xslt",
    "html", "yaml",
];

/// CodeColorer's names: `cc`, then mode letters (`e` escaped, `n`/`N` line numbers, `i`
/// inline, …), then optionally `_language`: `[cc lang="x"]`, `[cce]`, `[cc_php]`,
/// `[ccnLe_php]`.
fn is_codecolorer(name: &str) -> bool {
    let Some(rest) = name.strip_prefix("cc") else {
        return false;
    };
    let (modes, lang) = rest.split_once('_').unwrap_or((rest, "x"));
    modes.len() <= 8 && modes.bytes().all(|b| b.is_ascii_alphabetic()) && !lang.is_empty()
}

/// The language a CodeColorer name carries (`ccnLe_php` → `php`).
fn codecolorer_lang(name: &str) -> Option<&str> {
    is_codecolorer(name)
        .then(|| name.split_once('_').map(|(_, l)| l))
        .flatten()
}

fn classify(c: &Candidate, phase: Phase) -> Option<Kind> {
    if phase == Phase::Leftover {
        // A bare `[video]` in prose is a word in brackets; a bare `[gallery]` never was.
        let bare = c.attrs.trim().is_empty() && !c.enclosing;
        let named =
            LEFTOVER.contains(&c.name) && (!bare || matches!(c.name, "gallery" | "playlist"));
        return (named && !c.in_code).then(|| known(c.name)).flatten();
    }
    if is_codecolorer(c.name) || CODE_ALIASES.contains(&c.name) {
        return c.enclosing.then_some(Kind::Code);
    }
    if let Some(k) = known(c.name) {
        let ok = match k {
            // Code and math need their content; a lone `[code]` is prose.
            Kind::Code | Kind::Math => c.enclosing,
            // Text in <pre>/<code> is code: shortcodes there are examples, not calls —
            // but `[[gallery]]` there still prints as `[gallery]`, as in WordPress.
            _ => !c.in_code || c.escaped,
        };
        return match phase {
            Phase::BeforeAutop => (ok && (k == Kind::Code || c.name == "embed")).then_some(k),
            Phase::All | Phase::Leftover => ok.then_some(k),
        };
    }
    if phase == Phase::BeforeAutop || (c.in_code && !c.escaped) {
        return None;
    }
    looks_like_shortcode(c).then_some(Kind::Unknown)
}

/// Whether this stage converts the shortcode `name` (the others are reported as unknown).
pub fn is_converted(name: &str) -> bool {
    known(name).is_some() || CODE_ALIASES.contains(&name) || is_codecolorer(name)
}

/// Whether this stage treats a candidate as a shortcode at all (converted or unknown).
pub fn is_shortcode(c: &Candidate) -> bool {
    classify(c, Phase::All).is_some()
}

/// Whether an unregistered `[name …]` is a plugin's shortcode rather than bracketed prose.
fn looks_like_shortcode(c: &Candidate) -> bool {
    let b = c.name.as_bytes();
    if !b[0].is_ascii_lowercase()
        || !b
            .iter()
            .all(|&x| x.is_ascii_lowercase() || x.is_ascii_digit() || x == b'_' || x == b'-')
        || !matches!(c.after_name, b']' | b'/' | b' ' | b'\t' | b'\n' | b'\r')
    {
        return false;
    }
    c.enclosing || c.self_closing || has_named_attr(c.attrs) || KNOWN_PLUGIN.contains(&c.name)
}

/// How much of a candidate's attribute text the accept decision reads: candidates that share
/// one `]` (`[a [a [a … ]`) would otherwise each read it all, which is quadratic.
const ATTR_LOOKAHEAD: usize = 1024;

/// The first `n` bytes of `s` (fewer, to end on a character boundary).
fn head(s: &str, n: usize) -> &str {
    if s.len() <= n {
        return s;
    }
    let mut k = n;
    while !s.is_char_boundary(k) {
        k -= 1;
    }
    &s[..k]
}

/// ` name=` near the start of the attribute text (after whitespace, as shortcodes write them).
fn has_named_attr(attrs: &str) -> bool {
    let b = head(attrs, ATTR_LOOKAHEAD).as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i].is_ascii_whitespace() {
            let mut j = i + 1;
            while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'_' || b[j] == b'-') {
                j += 1;
            }
            if j > i + 1 && b.get(j) == Some(&b'=') {
                return true;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

/// Common shortcodes that are left unconverted (reported), recognised even without attributes.
#[rustfmt::skip]
const KNOWN_PLUGIN: &[&str] = &[
    "archives", "contact-form", "polldaddy", "crowdsignal", "recipe", "bandcamp",
    "facebook", "twitter", "sitemap", "subscribe", "donate", "portfolio", "testimonials",
    "columns", "column", "row", "button", "tabs", "tab", "accordion", "toggle", "map",
];

/// Where a shortcode sits: a code shortcode inside `<pre>` yields only its `<code>`, inside
/// `<code>` only its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeCtx {
    None,
    Pre,
    Code,
}

/// A shortcode that takes everything from its attributes (`[youtube URL]`,
/// `[video mp4="…"]`) does not enclose text up to a later closer of the same name unless that
/// text is blank (`[video …][/video]` is how the editor writes it). WordPress would swallow the
/// text — after wpautop, `[youtube A]</p><p>[youtube]B[/youtube]` is one shortcode — and lose it.
fn lone_tag(c: &Candidate, k: Kind) -> bool {
    let Some(content) = c.content else {
        return false;
    };
    if content.trim().is_empty() {
        return false;
    }
    let attrs = parse_attrs(head(c.attrs, ATTR_LOOKAHEAD));
    match k {
        Kind::Gallery | Kind::Playlist => true,
        Kind::Audio | Kind::Video => !attrs.list.is_empty(),
        Kind::Embed => embed_target(c.name, &attrs, "").is_some(),
        _ => false,
    }
}

struct Frame<'a> {
    pos: usize,
    end: usize,
    out: String,
    pending: Option<(Shortcode<'a>, Kind, CodeCtx)>,
}

/// `do_shortcode` with an explicit stack: an enclosing shortcode whose handler wants its
/// content expanded gets a frame; the handler runs when the frame's content is done.
fn run_shortcodes(src: &str, phase: Phase, ctx: &ExpandContext, w: &mut Warnings) -> String {
    let mut sc = Scanner::new(src);
    let mut slot: Option<Kind> = None;
    let mut stack = vec![Frame {
        pos: 0,
        end: src.len(),
        out: String::with_capacity(src.len() + src.len() / 8),
        pending: None,
    }];
    loop {
        let depth = stack.len();
        let Some(top) = stack.last_mut() else {
            return String::new();
        };
        let mut accept = |c: &Candidate| match classify(c, phase) {
            Some(k) => {
                slot = Some(k);
                if lone_tag(c, k) {
                    Accept::Lone
                } else {
                    Accept::Yes
                }
            }
            None => Accept::No,
        };
        match sc.next_with(top.pos, top.end, &mut accept) {
            Some(m) => {
                let kind = slot.take().unwrap_or(Kind::Unknown);
                top.out.push_str(&src[top.pos..m.range.start]);
                top.pos = m.range.end;
                if m.is_escaped() {
                    top.out.push_str(&src[m.inner_range()]);
                    continue;
                }
                if m.extra_open {
                    top.out.push('[');
                }
                let in_pre = if sc.in_pre() {
                    CodeCtx::Pre
                } else if sc.in_code() {
                    CodeCtx::Code
                } else {
                    CodeCtx::None
                };
                let raw_content = matches!(
                    kind,
                    Kind::Code | Kind::Math | Kind::Embed | Kind::Audio | Kind::Video
                ) || depth > 200;
                match (&m.content, raw_content) {
                    (Some(c), false) => {
                        let c = c.clone();
                        stack.push(Frame {
                            pos: c.start,
                            end: c.end,
                            out: String::new(),
                            pending: Some((m, kind, in_pre)),
                        });
                    }
                    _ => {
                        let content = m.content.clone().map(|c| &src[c]);
                        let html = handle(&m, kind, content, src, phase, in_pre, ctx, w);
                        top.out.push_str(&html);
                        if m.extra_close {
                            top.out.push(']');
                        }
                    }
                }
            }
            None => {
                let Some(mut f) = stack.pop() else {
                    return String::new();
                };
                f.out.push_str(&src[f.pos.min(f.end)..f.end]);
                let Some((m, kind, in_pre)) = f.pending else {
                    return f.out;
                };
                let html = handle(&m, kind, Some(&f.out), src, phase, in_pre, ctx, w);
                let Some(parent) = stack.last_mut() else {
                    return html;
                };
                parent.out.push_str(&html);
                if m.extra_close {
                    parent.out.push(']');
                }
            }
        }
    }
}

/// Converts one shortcode. `content` is raw for code/math/embeds and expanded otherwise.
#[allow(clippy::too_many_arguments)]
fn handle(
    m: &Shortcode,
    kind: Kind,
    content: Option<&str>,
    src: &str,
    phase: Phase,
    in_pre: CodeCtx,
    ctx: &ExpandContext,
    w: &mut Warnings,
) -> String {
    let attrs = m.attributes();
    let content_str = content.unwrap_or("");
    let html = convert(m, kind, &attrs, content_str, src, phase, in_pre, ctx, w);
    // Handlers that take everything from their attributes ignore their content, but the
    // content may be real text: wpautop's shortcode_unautop and the first-closer rule make
    // `[youtube A]</p><p>[youtube]B[/youtube]` one shortcode "enclosing" the next. Keep it.
    let self_contained = match kind {
        Kind::Gallery | Kind::Playlist | Kind::Audio | Kind::Video => true,
        Kind::Embed => embed_target(m.name, &attrs, "").is_some(),
        _ => false,
    };
    if !self_contained || content_str.trim().is_empty() {
        return html;
    }
    let rest = if matches!(kind, Kind::Gallery | Kind::Playlist) {
        content_str.to_string()
    } else {
        run_shortcodes(content_str, phase, ctx, w)
    };
    html + &rest
}

#[allow(clippy::too_many_arguments)]
fn convert(
    m: &Shortcode,
    kind: Kind,
    attrs: &Attrs,
    content_str: &str,
    src: &str,
    phase: Phase,
    in_pre: CodeCtx,
    ctx: &ExpandContext,
    w: &mut Warnings,
) -> String {
    match kind {
        Kind::Code => code(m.name, attrs, content_str, phase == Phase::All, in_pre),
        Kind::Math => math(content_str),
        Kind::Caption => caption(attrs, content_str),
        Kind::Gallery => gallery(m.name, attrs, ctx, w),
        Kind::Audio | Kind::Video => media(m.name, attrs, content_str, ctx, w),
        Kind::Playlist => playlist(attrs, ctx, w),
        Kind::Embed => match embed_target(m.name, attrs, content_str) {
            Some(url) => embed::any(&url).to_html(None),
            None => {
                w.push(format!("[{}] without a URL or id: kept as written", m.name));
                src[m.inner_range()].to_string()
            }
        },
        Kind::Unknown => {
            if ctx.keep_unknown {
                w.push(format!("unknown shortcode [{}]: kept as written", m.name));
                let open_end = m.content.as_ref().map_or(m.inner_range().end, |c| c.start);
                let mut s = src[m.inner_range().start..open_end].to_string();
                if m.content.is_some() {
                    s.push_str(content_str);
                    s.push_str("[/");
                    s.push_str(m.name);
                    s.push(']');
                }
                s
            } else {
                w.push(format!(
                    "unknown shortcode [{}]: tag removed, content kept",
                    m.name
                ));
                // A lone tag that names a URL (`[jsfiddle url="…"]`) keeps it as a link.
                let url = ["url", "src", "href", "link"]
                    .iter()
                    .filter_map(|k| attrs.get(k))
                    .map(str::trim)
                    .find(|u| u.starts_with("http://") || u.starts_with("https://"));
                match url {
                    Some(u) if content_str.trim().is_empty() => {
                        format!("<p><a href=\"{0}\">{0}</a></p>", escape_html(u))
                    }
                    _ => content_str.to_string(),
                }
            }
        }
    }
}

/// Escapes code for `<code>`: `[`/`]` too, so later shortcode passes leave it alone.
fn escape_code(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '[' => out.push_str("&#91;"),
            ']' => out.push_str("&#93;"),
            _ => out.push(c),
        }
    }
    out
}

/// Decodes HTML entities (all of HTML's, via the parser) in text that holds no tags.
fn decode_text(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let frag = scraper::Html::parse_fragment(&format!("<pre>\n{s}</pre>"));
    frag.root_element().text().collect()
}

/// Undoes what wpautop (or the editor) put inside a shortcode's code, as SyntaxHighlighter
/// does: `<br />` → newline, `</p><p>` → blank line, a wrapping `<p>`…`</p>` dropped.
fn unautop(s: &str) -> String {
    if !s.contains('<') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    // End of the last non-whitespace byte: a `</p>` at or after it closes the code.
    let content_end = s.trim_end().len();
    let mut started = false;
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'<' {
            let rest = &s[i..];
            let tag_len = ["<br />", "<br/>", "<br>", "<BR />", "<BR>"]
                .iter()
                .find(|t| rest.starts_with(**t))
                .map(|t| t.len());
            if let Some(n) = tag_len {
                i += n;
                if b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                out.push('\n');
                continue;
            }
            if let Some(n) = ["</p>\n<p>", "</p><p>"]
                .iter()
                .find(|t| rest.starts_with(**t))
                .map(|t| t.len())
            {
                i += n;
                out.push_str("\n\n");
                continue;
            }
            if rest.starts_with("<p>") && !started {
                i += 3;
                continue;
            }
            if rest.starts_with("</p>") && i + 4 >= content_end {
                i += 4;
                continue;
            }
        }
        let ch = s[i..].chars().next().unwrap_or('\u{fffd}');
        started |= !ch.is_whitespace();
        out.push(ch);
        i += ch.len_utf8().max(1);
    }
    out
}

fn clean_lang(l: &str) -> Option<String> {
    let l = l
        .trim()
        .trim_start_matches('=')
        .trim_matches(['"', '\'', '\u{201c}', '\u{201d}'])
        .to_ascii_lowercase();
    if l.is_empty()
        || l.len() > 30
        || !l
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'#' | b'-' | b'_' | b'.'))
    {
        return None;
    }
    Some(match l.as_str() {
        "plain" | "plaintext" | "none" => "text".into(),
        "c-sharp" | "c#" => "csharp".into(),
        "jscript" => "javascript".into(),
        "obj-c" => "objc".into(),
        _ => l,
    })
}

/// `[code]`, `[sourcecode]`, `[source]`, `[php]`…: a code block with its language.
fn code(name: &str, attrs: &Attrs, content: &str, after_autop: bool, in_pre: CodeCtx) -> String {
    let lang = attrs
        .first_of(&["language", "lang", "brush"])
        .and_then(clean_lang)
        .or_else(|| {
            attrs
                .positional(0)
                .filter(|p| !p.contains('='))
                .and_then(clean_lang)
        })
        .or_else(|| {
            if is_codecolorer(name) {
                return codecolorer_lang(name).and_then(clean_lang);
            }
            (!matches!(name, "code" | "sourcecode" | "source"))
                .then(|| clean_lang(name))
                .flatten()
        });
    let mut text = if after_autop {
        unautop(content)
    } else {
        content.to_string()
    };
    // The visual editor stores code HTML-encoded; raw `<`/`>` mean it was typed as is.
    if !text.contains(['<', '>']) {
        text = decode_text(&text);
    }
    let text = text.strip_prefix("\r\n").unwrap_or(&text);
    let text = text.strip_prefix('\n').unwrap_or(text);
    let text = text.trim_end_matches(['\n', '\r', ' ', '\t']);
    let class = lang
        .map(|l| format!(" class=\"language-{}\"", escape_html(&l)))
        .unwrap_or_default();
    let code = format!("<code{class}>{}</code>", escape_code(text));
    match in_pre {
        CodeCtx::Pre => code,
        CodeCtx::Code => escape_code(text),
        CodeCtx::None => format!("<pre>{code}</pre>"),
    }
}

/// `[latex]…[/latex]`: TeX kept exactly, marked as math.
fn math(content: &str) -> String {
    let tex = decode_text(&unautop(content));
    format!(
        "<code class=\"language-math\">{}</code>",
        escape_code(tex.trim())
    )
}

/// `[caption]<img …> Caption text[/caption]` → `<figure>` with `<figcaption>`.
fn caption(attrs: &Attrs, content: &str) -> String {
    let (media, text) = match attrs.get("caption") {
        Some(c) => (content.to_string(), c.to_string()),
        None => split_caption(content),
    };
    let text = strip_leading_breaks(text.trim());
    if text.is_empty() {
        return content.to_string();
    }
    format!(
        "<figure class=\"wp-caption\">{}<figcaption>{}</figcaption></figure>",
        media.trim(),
        text
    )
}

/// Caption text without the paragraph and line breaks wpautop put around it (a blank line
/// between image and text becomes `</p><p>`); breaks inside become `<br />`.
fn strip_leading_breaks(mut s: &str) -> String {
    const BREAKS: [&str; 5] = ["<br />", "<br/>", "<br>", "</p>", "<p>"];
    loop {
        let t = s.trim_start();
        match BREAKS.iter().find_map(|b| t.strip_prefix(b)) {
            Some(r) => s = r,
            None => {
                s = t;
                break;
            }
        }
    }
    loop {
        let t = s.trim_end();
        match BREAKS.iter().find_map(|b| t.strip_suffix(b)) {
            Some(r) => s = r,
            None => {
                s = t;
                break;
            }
        }
    }
    s.replace("</p>\n<p>", "<br />")
        .replace("</p><p>", "<br />")
}

fn find_ci(hay: &str, needle: &str, from: usize) -> Option<usize> {
    let h = hay.as_bytes();
    let n = needle.as_bytes();
    if n.is_empty() || from > h.len() {
        return None;
    }
    (from..h.len().saturating_sub(n.len() - 1)).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// WordPress's `#((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)#is`: the image (with its
/// link) and the caption text after it. Text before the image stays with the image.
fn split_caption(content: &str) -> (String, String) {
    let Some(img) = find_ci(content, "<img ", 0) else {
        return (content.to_string(), String::new());
    };
    let Some(gt) = content[img..].find('>').map(|p| img + p + 1) else {
        return (content.to_string(), String::new());
    };
    let mut end = gt;
    let after = &content[gt..];
    let trimmed = after.trim_start();
    if trimmed.len() >= 4 && trimmed.as_bytes()[..4].eq_ignore_ascii_case(b"</a>") {
        end = gt + (after.len() - trimmed.len()) + 4;
    }
    (content[..end].to_string(), content[end..].to_string())
}

/// Attachment ids from `ids="1,2, 3"` (also with the curly quotes a texturized post has).
fn ids_list(s: &str) -> Vec<u64> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter_map(|x| x.parse().ok())
        .collect()
}

fn image_figure(a: &Attachment, caption: bool) -> String {
    let mut s = format!(
        "<figure><img src=\"{}\" alt=\"{}\">",
        escape_html(a.url()),
        escape_html(a.alt())
    );
    if caption && !a.caption().is_empty() {
        s.push_str("<figcaption>");
        s.push_str(a.caption());
        s.push_str("</figcaption>");
    }
    s.push_str("</figure>");
    s
}

/// `[gallery ids="…"]` / `include` / the post's attached images → figures, in order.
fn gallery(name: &str, attrs: &Attrs, ctx: &ExpandContext, w: &mut Warnings) -> String {
    let mut ids = match attrs.first_of(&["ids", "include"]) {
        Some(list) => ids_list(list),
        None => match attrs
            .get("id")
            .and_then(|v| v.trim().parse().ok())
            .or(ctx.post_id)
        {
            Some(parent) => ctx.site.images_of(parent),
            None => Vec::new(),
        },
    };
    if let Some(ex) = attrs.get("exclude") {
        let ex = ids_list(ex);
        ids.retain(|i| !ex.contains(i));
    }
    if attrs
        .get("order")
        .is_some_and(|o| o.eq_ignore_ascii_case("desc"))
    {
        ids.reverse();
    }
    let mut out = String::from("<div class=\"gallery\">");
    let mut n = 0;
    for id in &ids {
        match ctx.site.attachments.get(id) {
            Some(a) => {
                out.push_str(&image_figure(a, true));
                n += 1;
            }
            None => w.push(format!("[{name}]: attachment {id} is not in the export")),
        }
    }
    if n == 0 {
        w.push(format!("[{name}]: no images found in the export"));
        return String::new();
    }
    out.push_str("</div>");
    out
}

const AUDIO_EXT: &[&str] = &[
    "mp3", "ogg", "oga", "m4a", "wav", "wma", "flac", "aac", "opus",
];
const VIDEO_EXT: &[&str] = &[
    "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mov", "mkv", "3gp",
];

/// `[audio]` / `[video]`: `src` or per-format attributes → `<audio>`/`<video>` with sources.
fn media(
    name: &str,
    attrs: &Attrs,
    content: &str,
    ctx: &ExpandContext,
    w: &mut Warnings,
) -> String {
    let exts = if name == "audio" {
        AUDIO_EXT
    } else {
        VIDEO_EXT
    };
    let mut sources: Vec<String> = Vec::new();
    let add = |sources: &mut Vec<String>, u: &str| {
        let u = u.trim().split('|').next().unwrap_or("").trim();
        // The editor may have encoded `&` in the URL; it is escaped again on output.
        let u = u.replace("&amp;", "&").replace("&#038;", "&");
        if !u.is_empty() && !sources.contains(&u) {
            sources.push(u);
        }
    };
    if let Some(s) = attrs.get("src") {
        add(&mut sources, s);
    }
    for e in exts {
        if let Some(s) = attrs.get(e) {
            add(&mut sources, s);
        }
    }
    if sources.is_empty()
        && let Some(p) = attrs.positional(0)
    {
        add(&mut sources, p.trim_start_matches('='));
    }
    if sources.is_empty() {
        let c = content.trim();
        if c.starts_with("http") && !c.contains(char::is_whitespace) {
            add(&mut sources, c);
        }
    }
    if sources.is_empty() {
        // WordPress plays the post's first attached file of the kind.
        if let Some(a) = attached_media(ctx, exts).first() {
            add(&mut sources, a.url());
        }
    }
    let Some(first) = sources.first() else {
        w.push(format!("[{name}] without a source: dropped"));
        return String::new();
    };
    if name == "video"
        && let Some(e) = embed::recognize(first)
        && e.iframe.is_some()
    {
        return e.to_html(None);
    }
    let mut s = format!("<figure><{name} controls");
    if name == "video"
        && let Some(p) = attrs.get("poster").filter(|p| !p.is_empty())
    {
        s.push_str(&format!(" poster=\"{}\"", escape_html(p)));
    }
    s.push('>');
    for src in &sources {
        s.push_str(&format!("<source src=\"{}\">", escape_html(src)));
    }
    s.push_str(&format!("</{name}></figure>"));
    s
}

/// The post's attachments whose file has one of `exts`, in attachment order.
fn attached_media<'s>(ctx: &ExpandContext<'s>, exts: &[&str]) -> Vec<&'s Attachment> {
    let Some(parent) = ctx.post_id else {
        return Vec::new();
    };
    let mut v = ctx.site.children.get(&parent).cloned().unwrap_or_default();
    v.sort();
    v.into_iter()
        .filter_map(|(_, id)| ctx.site.attachments.get(&id))
        .filter(|a| {
            let u = a
                .url()
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            exts.iter().any(|e| u.ends_with(&format!(".{e}")))
        })
        .collect()
}

/// `[playlist ids="…" type="audio|video"]` → one player per attachment.
fn playlist(attrs: &Attrs, ctx: &ExpandContext, w: &mut Warnings) -> String {
    let kind = if attrs.get("type") == Some("video") {
        "video"
    } else {
        "audio"
    };
    let ids = match attrs.first_of(&["ids", "include"]) {
        Some(l) => ids_list(l),
        None => {
            let parent = attrs
                .get("id")
                .and_then(|v| v.trim().parse().ok())
                .or(ctx.post_id);
            let exts = if kind == "audio" {
                AUDIO_EXT
            } else {
                VIDEO_EXT
            };
            let mut v = parent
                .and_then(|p| ctx.site.children.get(&p).cloned())
                .unwrap_or_default();
            v.sort();
            v.into_iter()
                .map(|(_, id)| id)
                .filter(|id| {
                    ctx.site.attachments.get(id).is_some_and(|a| {
                        let u = a.url().to_ascii_lowercase();
                        exts.iter().any(|e| u.ends_with(&format!(".{e}")))
                    })
                })
                .collect()
        }
    };
    let mut out = String::new();
    for id in ids {
        match ctx.site.attachments.get(&id) {
            Some(a) => {
                out.push_str(&format!(
                    "<figure><{kind} controls><source src=\"{}\"></{kind}>",
                    escape_html(a.url())
                ));
                if !a.caption().is_empty() {
                    out.push_str(&format!("<figcaption>{}</figcaption>", a.caption()));
                }
                out.push_str("</figure>");
            }
            None => w.push(format!("[playlist]: attachment {id} is not in the export")),
        }
    }
    if out.is_empty() {
        w.push("[playlist]: no media found in the export".into());
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The URL an embed-like shortcode points at (`[youtube=URL]`, `[vimeo 123]`, `[gist id]`,
/// `[embed]URL[/embed]`, `[tweet 123]`, `[wpvideo GUID]`).
fn embed_target(name: &str, attrs: &Attrs, content: &str) -> Option<String> {
    if name == "googleapps" {
        // Jetpack: `[googleapps domain="docs" dir="document/d/ID/pub"]`.
        let domain = attrs.get("domain").unwrap_or("docs").trim();
        let dir = attrs.get("dir")?.trim().trim_start_matches('/');
        let ok = |s: &str| !s.is_empty() && !s.contains(['"', '<', '>', ' ']);
        return (ok(domain)
            && ok(dir)
            && domain
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then(|| format!("https://{domain}.google.com/{dir}"));
    }
    let from_content = {
        let c = strip_tags(content).replace("&amp;", "&");
        let c = c.trim().to_string();
        (!c.is_empty()).then_some(c)
    };
    let raw = attrs
        .first_of(&["url", "src", "tweet", "id", "video", "gist"])
        .map(str::to_string)
        .or_else(|| {
            attrs
                .positional(0)
                .map(|p| p.trim_start_matches('=').to_string())
        })
        .or(from_content)?;
    let raw = raw.trim().replace("&amp;", "&").replace("&#038;", "&");
    if raw.is_empty() {
        return None;
    }
    if raw.starts_with("http://") || raw.starts_with("https://") || raw.starts_with("//") {
        let raw = if raw.starts_with("//") {
            format!("https:{raw}")
        } else {
            raw
        };
        // Jetpack appends its own `&w=640&h=390` to `[youtube=…]`; harmless, left in place.
        return Some(raw);
    }
    let id = raw.trim_matches(['"', '\'']);
    // `[slideshare id=123&w=425&h=355]`: display parameters follow the id.
    let id = id.split('&').next().unwrap_or(id);
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'/' | b':'))
    };
    if !ok(id) {
        return None;
    }
    Some(match name {
        "youtube" => format!("https://www.youtube.com/watch?v={id}"),
        "vimeo" => format!("https://vimeo.com/{id}"),
        "wpvideo" | "videopress" => format!("https://videopress.com/v/{id}"),
        "dailymotion" => format!("https://www.dailymotion.com/video/{id}"),
        "tweet" => format!("https://twitter.com/i/status/{id}"),
        "gist" => {
            // Jetpack's `file=` picks one file of the gist; GitHub's anchor shows it.
            let file = attrs
                .get("file")
                .map(|f| {
                    f.trim()
                        .chars()
                        .map(|c| {
                            if c.is_ascii_alphanumeric() {
                                c.to_ascii_lowercase()
                            } else {
                                '-'
                            }
                        })
                        .collect::<String>()
                })
                .filter(|f| !f.is_empty())
                .map(|f| format!("#file-{f}"))
                .unwrap_or_default();
            format!("https://gist.github.com/{id}{file}")
        }
        "ted" => format!("https://www.ted.com/talks/{id}"),
        "instagram" => format!("https://www.instagram.com/p/{id}/"),
        "slideshare" => format!("https://www.slideshare.net/slideshow/embed_code/{id}"),
        "spotify" => {
            // `spotify:track:ID`
            let parts: Vec<&str> = id.split(':').collect();
            match parts.as_slice() {
                ["spotify", kind, id] => format!("https://open.spotify.com/{kind}/{id}"),
                _ => return None,
            }
        }
        "soundcloud" if id.bytes().all(|b| b.is_ascii_digit()) => {
            format!("https://api.soundcloud.com/tracks/{id}")
        }
        _ => return None,
    })
}

// ---- Auto-embeds and inline math --------------------------------------------------------------

/// Byte ranges that later text passes must not touch: tags, comments, and the contents of
/// `pre`, `code`, `script`, `style`, `textarea`. Sorted, non-overlapping.
fn protected_ranges(s: &str) -> Vec<Range<usize>> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let p = i + off;
        if b[p..].starts_with(b"<!--") {
            let e = s[p + 4..].find("-->").map_or(b.len(), |e| p + 4 + e + 3);
            out.push(p..e);
            i = e;
            continue;
        }
        let next = b.get(p + 1).copied().unwrap_or(0);
        if !(next.is_ascii_alphabetic() || next == b'/' || next == b'!' || next == b'?') {
            i = p + 1;
            continue;
        }
        let Some(gt) = b[p..].iter().position(|&c| c == b'>').map(|g| p + g + 1) else {
            out.push(p..b.len());
            break;
        };
        let name: String = b[p + 1..gt]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .map(|c| c.to_ascii_lowercase() as char)
            .collect();
        if matches!(
            name.as_str(),
            "pre" | "code" | "script" | "style" | "textarea"
        ) {
            let close = format!("</{name}");
            let e = find_ci(s, &close, gt).map_or(b.len(), |c| {
                b[c..]
                    .iter()
                    .position(|&x| x == b'>')
                    .map_or(b.len(), |g| c + g + 1)
            });
            out.push(p..e);
            i = e;
        } else {
            out.push(p..gt);
            i = gt;
        }
    }
    out
}

fn is_protected(ranges: &[Range<usize>], at: usize) -> bool {
    let k = ranges.partition_point(|r| r.end <= at);
    ranges.get(k).is_some_and(|r| r.start <= at)
}

fn is_url_byte(b: u8) -> bool {
    !(b.is_ascii_whitespace() || b == b'<' || b == b'>' || b == b'"')
}

/// `|^(\s*)(https?://[^\s<>"]+)(\s*)$|im`: an embeddable URL alone on a line becomes an embed.
fn autoembed_lines(s: &str) -> String {
    if !s.contains("http") {
        return s.to_string();
    }
    let ranges = protected_ranges(s);
    let mut out = String::with_capacity(s.len());
    let mut start = 0;
    for line in s.split_inclusive('\n') {
        let at = start;
        start += line.len();
        let t = line.trim();
        if (t.starts_with("http://") || t.starts_with("https://"))
            && t.bytes().all(is_url_byte)
            && !is_protected(&ranges, at + (line.len() - line.trim_start().len()))
            && let Some(e) = embed::recognize(t)
        {
            out.push_str(&e.to_html(None));
            if line.ends_with('\n') {
                out.push('\n');
            }
            continue;
        }
        out.push_str(line);
    }
    out
}

/// `(<p(?: [^>]*)?>\s*)(https?://[^\s<>"]+)(\s*</p>)`: a URL alone in a paragraph.
fn autoembed_paragraphs(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(p) = find_ci(s, "<p", i) {
        i = p + 2;
        let Some(&c) = b.get(p + 2) else { break };
        if c != b'>' && c != b' ' {
            continue;
        }
        let Some(gt) = b[p..].iter().position(|&x| x == b'>').map(|g| p + g + 1) else {
            break;
        };
        i = gt;
        let mut j = gt;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let url_start = j;
        if !(s[j..].starts_with("http://") || s[j..].starts_with("https://")) {
            continue;
        }
        while j < b.len() && is_url_byte(b[j]) {
            j += 1;
        }
        let url_end = j;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if !(b.len() >= j + 4 && b[j..j + 4].eq_ignore_ascii_case(b"</p>")) {
            continue;
        }
        let url = s[url_start..url_end].replace("&amp;", "&");
        if let Some(e) = embed::recognize(&url) {
            out.push_str(&s[copied..p]);
            out.push_str(&e.to_html(None));
            copied = j + 4;
            i = copied;
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// Jetpack's `$latex …$` (`#\$latex[= ](.*?[^\\])\$#i`, one line), with its `&bg=`, `&fg=`,
/// `&s=` display parameters dropped.
fn latex_inline(s: &str) -> String {
    let ranges = protected_ranges(s);
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    // A failed search for the closing `$` ran to here: candidates before it fail too.
    let mut dead_until = 0;
    while let Some(p) = find_ci(s, "$latex", i) {
        i = p + 6;
        let b = s.as_bytes();
        if p < dead_until || !matches!(b.get(p + 6), Some(b' ' | b'=')) || is_protected(&ranges, p)
        {
            continue;
        }
        let body = p + 7;
        let mut j = body + 1;
        let mut end = None;
        while j < b.len() && b[j] != b'\n' {
            if b[j] == b'$' && b[j - 1] != b'\\' {
                end = Some(j);
                break;
            }
            j += 1;
        }
        let Some(e) = end else {
            dead_until = j;
            continue;
        };
        let mut tex = &s[body..e];
        for param in ["&bg=", "&fg=", "&s=", "&amp;bg=", "&amp;fg=", "&amp;s="] {
            if let Some(k) = tex.find(param) {
                tex = &tex[..k];
            }
        }
        out.push_str(&s[copied..p]);
        out.push_str(&format!(
            "<code class=\"language-math\">{}</code>",
            escape_code(decode_text(tex).trim())
        ));
        copied = e + 1;
        i = copied;
    }
    out.push_str(&s[copied..]);
    out
}

/// YouTube and Vimeo iframes pasted into posts get the same canonical `src` as generated
/// embeds (`https://www.youtube.com/embed/ID`), so later stages recognise them alike.
fn canonical_iframes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(p) = find_ci(s, "<iframe", i) {
        let Some(gt) = s[p..].find('>').map(|g| p + g + 1) else {
            break;
        };
        i = gt;
        let tag = &s[p..gt];
        let Some((_, src)) = tag_attr(tag, "src") else {
            continue;
        };
        let src = src.replace("&amp;", "&");
        let Some(e) = embed::recognize(&src) else {
            continue;
        };
        let Some(canon) = e
            .iframe
            .filter(|_| matches!(e.provider, "YouTube" | "Vimeo"))
        else {
            continue;
        };
        if canon != src {
            out.push_str(&s[copied..p]);
            out.push_str(&set_attr(tag, "src", &canon));
            copied = gt;
        }
    }
    out.push_str(&s[copied..]);
    out
}

// ---- Share widgets -------------------------------------------------------------------------

/// Class names (prefixes) of share, like and related-posts widgets pasted into content.
const WIDGET_CLASSES: &[&str] = &[
    "sharedaddy",
    "sd-sharing",
    "sd-like",
    "sd-block",
    "sd-social",
    "jp-relatedposts",
    "jetpack-likes-widget",
    "wp-block-jetpack-sharing-buttons",
    "wp-block-jetpack-like",
    "a2a_kit",
    "a2a_button",
    "a2a_dd",
    "addtoany_share",
    "addtoany_content",
    "addtoany_list",
    "sharethis",
    "st_sharethis",
    "st-custom-button",
    "shariff",
];
const WIDGET_IDS: &[&str] = &["jp-post-flair", "jp-relatedposts", "sharing_email"];

/// An attribute's value in one start tag (`<div class="a b">`), case-insensitive name.
pub(crate) fn tag_attr<'t>(tag: &'t str, name: &str) -> Option<(Range<usize>, &'t str)> {
    let b = tag.as_bytes();
    let mut i = 1;
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() || b[i] == b'>' {
            return None;
        }
        let ns = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>' | b'/') {
            i += 1;
        }
        let n = &tag[ns..i];
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = i..i;
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < b.len() && (b[i] == b'"' || b[i] == b'\'') {
                let q = b[i];
                let vs = i + 1;
                let ve = b[vs..]
                    .iter()
                    .position(|&c| c == q)
                    .map_or(b.len(), |p| vs + p);
                value = vs..ve;
                i = (ve + 1).min(b.len());
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                    i += 1;
                }
                value = vs..i;
            }
        }
        if n.eq_ignore_ascii_case(name) {
            return Some((value.clone(), &tag[value]));
        }
        if ns == i {
            i += 1;
        }
    }
}

/// Sets an attribute in a start tag, replacing its value or adding it before the `>`.
pub(crate) fn set_attr(tag: &str, name: &str, value: &str) -> String {
    let v = escape_html(value);
    match tag_attr(tag, name) {
        Some((r, _)) if r.start > 0 && matches!(tag.as_bytes()[r.start - 1], b'"' | b'\'') => {
            format!("{}{}{}", &tag[..r.start], v, &tag[r.end..])
        }
        Some((r, _)) if !r.is_empty() => {
            format!("{}\"{}\"{}", &tag[..r.start], v, &tag[r.end..])
        }
        _ => {
            let cut = if tag.ends_with("/>") {
                tag.len() - 2
            } else if tag.ends_with('>') {
                tag.len() - 1
            } else {
                tag.len()
            };
            let head = tag[..cut].trim_end();
            format!("{head} {name}=\"{v}\"{}", &tag[cut..])
        }
    }
}

fn tag_name(tag: &str) -> String {
    tag[1..]
        .bytes()
        .take_while(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase() as char)
        .collect()
}

fn is_widget(tag: &str) -> bool {
    if let Some((_, class)) = tag_attr(tag, "class")
        && class
            .split_ascii_whitespace()
            .any(|c| WIDGET_CLASSES.iter().any(|w| c.starts_with(w)))
    {
        return true;
    }
    tag_attr(tag, "id").is_some_and(|(_, id)| WIDGET_IDS.contains(&id.trim()))
}

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Removes share/like/related-posts widgets (the element and everything inside it); says
/// how many.
fn remove_widgets(s: &str) -> (String, usize) {
    let lower_has = |n: &str| s.contains(n);
    if !(WIDGET_CLASSES.iter().any(|c| lower_has(c)) || WIDGET_IDS.iter().any(|c| lower_has(c))) {
        return (s.to_string(), 0);
    }
    let mut removed = 0;
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let p = i + off;
        let Some(gt) = b[p..].iter().position(|&c| c == b'>').map(|g| p + g + 1) else {
            break;
        };
        let tag = &s[p..gt];
        if !b.get(p + 1).is_some_and(|c| c.is_ascii_alphabetic()) || !is_widget(tag) {
            i = gt;
            continue;
        }
        let name = tag_name(tag);
        // Without its end tag only the start tag goes: never the rest of the post.
        let end = if VOID.contains(&name.as_str()) || tag.ends_with("/>") {
            gt
        } else {
            matching_close(s, &name, gt).unwrap_or(gt)
        };
        out.push_str(&s[copied..p]);
        copied = end;
        i = end;
        removed += 1;
    }
    out.push_str(&s[copied..]);
    (out, removed)
}

/// End of the element whose start tag ends at `from`, counting nested same-name elements.
fn matching_close(s: &str, name: &str, from: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 1usize;
    let mut i = from;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        let p = i + off;
        let closing = b.get(p + 1) == Some(&b'/');
        let ns = p + 1 + usize::from(closing);
        let matches_name = b.len() >= ns + name.len()
            && b[ns..ns + name.len()].eq_ignore_ascii_case(name.as_bytes())
            && b.get(ns + name.len())
                .is_some_and(|&c| c.is_ascii_whitespace() || c == b'>' || c == b'/');
        let gt = b[p..].iter().position(|&c| c == b'>').map(|g| p + g + 1)?;
        if matches_name {
            if closing {
                depth -= 1;
                if depth == 0 {
                    return Some(gt);
                }
            } else if !s[p..gt].ends_with("/>") {
                depth += 1;
            }
        }
        i = gt;
    }
    None
}

// ---- Blocks --------------------------------------------------------------------------------

/// Blocks WordPress renders when a page is shown, from data that is not in the post: they
/// carry no HTML (or only a template) in the export. Their content is dropped, with a warning.
#[rustfmt::skip]
const DYNAMIC: &[&str] = &[
    "core/latest-posts", "core/archives", "core/categories", "core/calendar", "core/search",
    "core/tag-cloud", "core/rss", "core/query", "core/latest-comments", "core/page-list",
    "core/loginout", "core/navigation", "core/comments", "core/comments-query-loop",
    "core/post-comments", "core/post-comments-form", "core/query-loop", "core/template-part",
    "core/post-content", "core/legacy-widget", "core/widget-group", "core/home-link",
    "jetpack/contact-form", "jetpack/subscriptions", "jetpack/related-posts",
    "jetpack/blog-stats", "jetpack/top-posts", "jetpack/blogging-prompt",
];

/// Whether a block renders from data outside the post (so the export holds no content for it).
pub fn is_dynamic_block(name: &str) -> bool {
    DYNAMIC.contains(&name)
}

struct OpenBlock {
    name: String,
    attrs: Option<serde_json::Value>,
    start: usize,
    dynamic: bool,
    /// Inside a `core/shortcode` block, whose wpautop will cover this block's content too.
    in_shortcode: bool,
}

const MAX_REF_DEPTH: usize = 16;
const MAX_FINISH_DEPTH: usize = 64;

/// Reads block attributes and removes the delimiters, one pass over the parser's tokens.
fn blocks_pass(raw: &str, ctx: &ExpandContext, w: &mut Warnings, refs: &mut Vec<u64>) -> String {
    let toks = super::blocks::parse(raw);
    let mut out = String::with_capacity(raw.len());
    let mut stack: Vec<OpenBlock> = Vec::new();
    let mut dynamic_depth = 0usize;
    let mut pos = 0;
    let mut footnotes_done = false;
    for tok in &toks {
        out.push_str(&raw[pos..tok.range.start]);
        pos = tok.range.end;
        if out.is_empty() || out.ends_with('\n') {
            if raw[pos..].starts_with("\r\n") {
                pos += 2;
            } else if raw[pos..].starts_with('\n') {
                pos += 1;
            }
        }
        let name = tok.full_name();
        match tok.kind {
            super::blocks::DelimiterKind::Opener => {
                let dynamic = DYNAMIC.contains(&name.as_str());
                if dynamic {
                    if dynamic_depth == 0 {
                        w.dropped(dynamic_warning(&name));
                    }
                    dynamic_depth += 1;
                }
                let in_shortcode = stack
                    .last()
                    .is_some_and(|p| p.in_shortcode || p.name == "core/shortcode");
                stack.push(OpenBlock {
                    attrs: if needs_attrs(&name) {
                        tok.attrs_json()
                    } else {
                        None
                    },
                    name,
                    start: out.len(),
                    dynamic,
                    in_shortcode,
                });
            }
            super::blocks::DelimiterKind::Void => {
                if dynamic_depth > 0 {
                    continue;
                }
                let html = void_block(&name, tok.attrs_json(), ctx, w, refs, &mut footnotes_done);
                out.push_str(&html);
            }
            super::blocks::DelimiterKind::Closer => {
                let Some(k) = stack.iter().rposition(|o| o.name == name) else {
                    continue;
                };
                while stack.len() > k + 1 {
                    if stack.pop().is_some_and(|o| o.dynamic) {
                        dynamic_depth -= 1;
                    }
                }
                let Some(o) = stack.pop() else { continue };
                if o.dynamic {
                    dynamic_depth -= 1;
                    out.truncate(o.start);
                    continue;
                }
                // Past MAX_FINISH_DEPTH open blocks, attributes are not applied: each finish
                // copies its inner HTML, and hostile nesting would make that quadratic.
                // The editor never nests shortcode blocks; in broken content the outermost one
                // expands and autops everything inside once, instead of a full pass per level.
                let nested_shortcode = o.in_shortcode && o.name == "core/shortcode";
                if dynamic_depth > 0
                    || stack.len() >= MAX_FINISH_DEPTH
                    || nested_shortcode
                    || !needs_finish(&o)
                {
                    continue;
                }
                let inner = out.split_off(o.start);
                let html = finish_block(&o, inner, ctx, w);
                out.push_str(&html);
            }
        }
    }
    out.push_str(&raw[pos..]);
    // Footnotes exist but the post has no footnotes block: keep them at the end anyway.
    if !footnotes_done && refs.is_empty() && ctx.footnotes.is_some() && out.contains("data-fn=") {
        out.push_str(&footnotes_html(ctx, w));
    }
    out
}

fn dynamic_warning(name: &str) -> String {
    format!(
        "block '{name}' is rendered by WordPress from site data that is not in the post: dropped"
    )
}

fn needs_attrs(name: &str) -> bool {
    !matches!(
        name,
        "core/paragraph" | "core/heading" | "core/list" | "core/list-item" | "core/column"
    )
}

fn needs_finish(o: &OpenBlock) -> bool {
    let lang = o
        .attrs
        .as_ref()
        .and_then(|a| a.get("language"))
        .is_some_and(|l| l.is_string());
    lang || matches!(
        o.name.as_str(),
        "core/embed"
            | "core/image"
            | "core/gallery"
            | "core/shortcode"
            | "core/footnotes"
            | "core/cover"
    ) || o.name.starts_with("core-embed/")
        || o.name.starts_with("core/embed")
}

fn attr_str<'v>(attrs: &'v Option<serde_json::Value>, key: &str) -> Option<&'v str> {
    attrs.as_ref()?.get(key)?.as_str()
}

fn attr_u64(attrs: &Option<serde_json::Value>, key: &str) -> Option<u64> {
    let v = attrs.as_ref()?.get(key)?;
    v.as_u64().or_else(|| v.as_str()?.trim().parse().ok())
}

/// A self-closing block: footnotes, reusable blocks, social links, dynamic blocks.
fn void_block(
    name: &str,
    attrs: Option<serde_json::Value>,
    ctx: &ExpandContext,
    w: &mut Warnings,
    refs: &mut Vec<u64>,
    footnotes_done: &mut bool,
) -> String {
    match name {
        "core/footnotes" => {
            *footnotes_done = true;
            footnotes_html(ctx, w)
        }
        "core/block" => {
            let Some(id) = attr_u64(&attrs, "ref") else {
                w.push("reusable block without a ref: dropped".into());
                return String::new();
            };
            if refs.contains(&id) || refs.len() >= MAX_REF_DEPTH {
                w.push(format!("reusable block {id} includes itself: not repeated"));
                return String::new();
            }
            let Some(content) = ctx.site.reusable_blocks.get(&id) else {
                w.push(format!("reusable block {id} is not in the export: dropped"));
                return String::new();
            };
            refs.push(id);
            let html = if super::blocks::has_blocks(content) {
                blocks_pass(content, ctx, w, refs)
            } else {
                content.clone()
            };
            refs.pop();
            html
        }
        "core/social-link" => match attr_str(&attrs, "url").filter(|u| u.trim().contains("://")) {
            Some(url) => {
                let label = attr_str(&attrs, "label")
                    .or_else(|| attr_str(&attrs, "service"))
                    .unwrap_or(url);
                format!(
                    "<li><a href=\"{}\">{}</a></li>",
                    escape_html(url.trim()),
                    escape_html(label)
                )
            }
            None => String::new(),
        },
        // Empty blocks that print nothing in WordPress either.
        "core/more" | "core/nextpage" | "core/spacer" | "core/separator" | "core/shortcode"
        | "core/paragraph" | "core/html" | "core/freeform" => String::new(),
        _ => {
            // Plugin blocks that keep their content in attributes: an image list (`ids`, as
            // kadence/advancedgallery) or a button (`text` and a link).
            if let Some(html) = gallery_from_ids(&attrs, ctx, w) {
                return html;
            }
            let text = attr_str(&attrs, "text").filter(|t| !t.trim().is_empty());
            let link = ["link", "url", "href"]
                .iter()
                .find_map(|k| attr_str(&attrs, k))
                .filter(|l| !l.trim().is_empty());
            if let (Some(text), Some(link)) = (text, link) {
                return format!(
                    "<p><a href=\"{}\">{}</a></p>",
                    escape_html(link.trim()),
                    escape_html(text.trim())
                );
            }
            w.dropped(dynamic_warning(name));
            String::new()
        }
    }
}

/// Figures for a block's `ids` attribute (attachment ids), when there is one.
fn gallery_from_ids(
    attrs: &Option<serde_json::Value>,
    ctx: &ExpandContext,
    w: &mut Warnings,
) -> Option<String> {
    let ids = attrs.as_ref()?.get("ids")?.as_array()?;
    let mut s = String::from("<div class=\"gallery\">");
    let mut n = 0;
    for id in ids {
        let Some(id) = id.as_u64().or_else(|| id.as_str()?.trim().parse().ok()) else {
            continue;
        };
        match ctx.site.attachments.get(&id) {
            Some(a) => {
                s.push_str(&image_figure(a, true));
                n += 1;
            }
            None => w.push(format!(
                "gallery block: attachment {id} is not in the export"
            )),
        }
    }
    s.push_str("</div>");
    (n > 0).then_some(s)
}

/// The `footnotes` postmeta as WordPress's footnotes block prints it.
fn footnotes_html(ctx: &ExpandContext, w: &mut Warnings) -> String {
    let Some(json) = ctx.footnotes else {
        w.push("footnotes block without footnotes data in the export".into());
        return String::new();
    };
    let Ok(serde_json::Value::Array(notes)) = serde_json::from_str::<serde_json::Value>(json)
    else {
        w.push("footnotes data is not valid JSON: footnotes dropped".into());
        return String::new();
    };
    let mut s = String::from("<ol class=\"wp-block-footnotes\">");
    for n in &notes {
        let id = n.get("id").and_then(|v| v.as_str()).unwrap_or("");
        let content = n.get("content").and_then(|v| v.as_str()).unwrap_or("");
        if id.is_empty() {
            continue;
        }
        let id = escape_html(id);
        s.push_str(&format!(
            "<li id=\"{id}\">{content} <a href=\"#{id}-link\">↩︎</a></li>"
        ));
    }
    s.push_str("</ol>");
    s
}

/// First start tag `<name …>` in `html` (case-insensitive), as a byte range.
fn find_tag(html: &str, name: &str, from: usize) -> Option<Range<usize>> {
    let b = html.as_bytes();
    let mut i = from;
    loop {
        let p = find_ci(html, &format!("<{name}"), i)?;
        let after = b.get(p + 1 + name.len()).copied().unwrap_or(b'>');
        if after.is_ascii_whitespace() || after == b'>' || after == b'/' {
            let gt = b[p..].iter().position(|&c| c == b'>')?;
            return Some(p..p + gt + 1);
        }
        i = p + 1;
    }
}

fn replace_range(s: &mut String, r: Range<usize>, with: &str) {
    s.replace_range(r, with);
}

/// A block's inner HTML made plain using its attributes.
fn finish_block(o: &OpenBlock, mut inner: String, ctx: &ExpandContext, w: &mut Warnings) -> String {
    let name = o.name.as_str();
    if name == "core/embed" || name.starts_with("core-embed/") || name.starts_with("core/embed") {
        let url = attr_str(&o.attrs, "url").map(str::to_string).or_else(|| {
            strip_tags(&inner)
                .split_whitespace()
                .find(|t| t.starts_with("http://") || t.starts_with("https://"))
                .map(|t| t.replace("&amp;", "&"))
        });
        let Some(url) = url else {
            return inner;
        };
        let caption = find_ci(&inner, "<figcaption", 0).and_then(|p| {
            let gt = inner[p..].find('>')? + p + 1;
            let end = find_ci(&inner, "</figcaption>", gt)?;
            Some(inner[gt..end].to_string())
        });
        return embed::any(&url).to_html(caption.as_deref());
    }
    match name {
        "core/shortcode" => {
            let s = run_shortcodes(&inner, Phase::BeforeAutop, ctx, w);
            return super::autop::autop(&s);
        }
        "core/image" => {
            if let Some(id) = attr_u64(&o.attrs, "id")
                && let Some(a) = ctx.site.attachments.get(&id)
                && let Some(r) = find_tag(&inner, "img", 0)
            {
                let mut tag = inner[r.clone()].to_string();
                if tag_attr(&tag, "src").is_none_or(|(_, v)| v.trim().is_empty()) {
                    tag = set_attr(&tag, "src", a.url());
                }
                if !a.alt().is_empty() && tag_attr(&tag, "alt").is_none_or(|(_, v)| v.is_empty()) {
                    tag = set_attr(&tag, "alt", a.alt());
                }
                replace_range(&mut inner, r, &tag);
            }
            return inner;
        }
        "core/cover" => {
            // Older covers hold their image only as a CSS background: make it an image.
            let url = attr_str(&o.attrs, "url").filter(|u| !u.trim().is_empty());
            if let Some(url) = url
                && find_tag(&inner, "img", 0).is_none()
                && find_tag(&inner, "video", 0).is_none()
            {
                let alt = attr_str(&o.attrs, "alt")
                    .map(str::to_string)
                    .or_else(|| {
                        let id = attr_u64(&o.attrs, "id")?;
                        Some(ctx.site.attachments.get(&id)?.alt().to_string())
                    })
                    .unwrap_or_default();
                let media = if attr_str(&o.attrs, "backgroundType") == Some("video") {
                    format!(
                        "<video controls src=\"{}\"></video>",
                        escape_html(url.trim())
                    )
                } else {
                    format!(
                        "<img src=\"{}\" alt=\"{}\">",
                        escape_html(url.trim()),
                        escape_html(&alt)
                    )
                };
                return format!("{media}\n{inner}");
            }
            return inner;
        }
        "core/gallery" => {
            if find_tag(&inner, "img", 0).is_none()
                && let Some(html) = gallery_from_ids(&o.attrs, ctx, w)
            {
                return html;
            }
            return inner;
        }
        _ => {}
    }
    if let Some(lang) = attr_str(&o.attrs, "language").and_then(clean_lang) {
        let r = find_tag(&inner, "code", 0).or_else(|| find_tag(&inner, "pre", 0));
        if let Some(r) = r {
            let tag = &inner[r.clone()];
            let class = tag_attr(tag, "class").map(|(_, c)| c.to_string());
            let has_lang = class.as_deref().is_some_and(|c| {
                c.split_ascii_whitespace()
                    .any(|w| w.starts_with("language-") || w.starts_with("lang-"))
            });
            if !has_lang {
                let new_class = match class.filter(|c| !c.trim().is_empty()) {
                    Some(c) => format!("{c} language-{lang}"),
                    None => format!("language-{lang}"),
                };
                let tag = set_attr(tag, "class", &new_class);
                replace_range(&mut inner, r, &tag);
            }
        }
    }
    inner
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(s: &str) -> String {
        let site = SiteData::default();
        expand(s, &ExpandContext::new(&site)).html
    }

    #[test]
    fn code_is_exact() {
        let h = run("[code lang=\"php\"]if ($a < $b && $c) { echo \"x\"; }[/code]");
        assert!(h.contains("language-php"), "{h}");
        assert!(
            h.contains("$a &lt; $b &amp;&amp; $c") || h.contains("&#36;a &lt;"),
            "{h}"
        );
    }

    #[test]
    fn lists_shortcodes() {
        let v = shortcodes_in("[note a=1][code][quote]x[/quote][/code][/note] [[gallery]] [sic]");
        assert_eq!(
            v,
            vec![("note".to_string(), false), ("code".to_string(), true)]
        );
    }

    #[test]
    fn strips_shortcodes() {
        assert_eq!(
            strip_shortcodes("a [caption id=1]<img> c[/caption] b [[gallery]] [sic]"),
            "a  b [gallery] [sic]"
        );
    }

    #[test]
    fn set_attr_works() {
        assert_eq!(set_attr("<img src=\"\">", "src", "a"), "<img src=\"a\">");
        assert_eq!(set_attr("<img />", "alt", "x"), "<img alt=\"x\"/>");
    }

    #[test]
    fn widgets_removed() {
        let h = remove_widgets(
            "<p>a</p><div class=\"sharedaddy sd-sharing-enabled\"><div><h3>Share</h3></div></div><p>b</p>",
        );
        assert_eq!(h, ("<p>a</p><p>b</p>".to_string(), 1));
    }
}

#[cfg(test)]
mod leftover_tests {
    use super::leftover_shortcodes;

    #[test]
    fn wordpress_media_shortcodes_left_in_another_platform_become_what_wordpress_showed() {
        // As Ghost's HTML shows them (quotes as entities), and typeset (curly quotes).
        assert_eq!(
            leftover_shortcodes(
                "<p>[caption id=&quot;attachment_21&quot; align=&quot;aligncenter&quot; \
                 caption=&quot;Me, myself&quot;]<img src=\"a.jpg\" />[/caption]</p>"
            )
            .html,
            "<p><figure class=\"wp-caption\"><img src=\"a.jpg\" /><figcaption>Me, myself\
             </figcaption></figure></p>"
        );
        assert_eq!(
            leftover_shortcodes(
                "[caption id=\u{201d}x\u{201d} width=\u{201d}614\u{2033}]<img src=\"b.png\"> \
                 Text.[/caption] and [captions]"
            )
            .html,
            "<figure class=\"wp-caption\"><img src=\"b.png\"><figcaption>Text.</figcaption>\
             </figure> and [captions]"
        );
        let e = leftover_shortcodes("<p>[youtube]YzhJXQLxxZs[/youtube]</p><p>[gallery]</p>");
        assert!(
            e.html
                .contains("<iframe src=\"https://www.youtube.com/embed/YzhJXQLxxZs\""),
            "{}",
            e.html
        );
        assert!(!e.html.contains("[gallery"), "{}", e.html);
        assert_eq!(e.warnings, ["[gallery]: no images found in the export"]);
    }

    #[test]
    fn other_brackets_stay_text() {
        for text in [
            "[caption",
            "[captioned] x [/caption]",
            "[code]x[/code] [foo bar=\"1\"]x[/foo]",
            "<pre>[youtube]x[/youtube]</pre>",
            "see [video] below",
        ] {
            assert_eq!(leftover_shortcodes(text).html, text);
        }
    }
}
