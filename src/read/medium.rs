//! Medium's export (the zip from Settings → Download your information, or its folder) → the
//! same [`Item`]s a WordPress export gives.
//!
//! Only `posts/*.html` is read: one file per story, draft (`draft_…`) or response. Each is a
//! page Medium's exporter writes alike: `<h1 class="p-name">` the title, `<section
//! data-field="subtitle">` the subtitle, `<section data-field="body">` the story, and a footer
//! with the author (`a.p-author`), the publication time (`time.dt-published`, UTC) and the
//! story's address (`a.p-canonical`); a draft has neither time nor address. The export's other
//! folders (`profile/` with the account's email, `ips/`, `sessions/`, claps, bookmarks…) are
//! never opened.
//!
//! Medium's markup becomes plain HTML here: the title and subtitle the body repeats at its top
//! are dropped, section breaks become rules, embeds (`figure.graf--iframe` with a YouTube or
//! Vimeo iframe, an Embedly proxy, a gist's script, a tweet's blockquote) become the same
//! embeds a WordPress `[embed]` gives, link cards (`graf--mixtapeEmbed`) become a linked title
//! with its description, and consecutive code paragraphs become one code block.
//!
//! Responses — comments on other people's stories, which the export files as stories — are
//! not posts of the blog and are skipped with their reason. The export does not mark them; what
//! tells them apart is how Medium's editor writes them: a story opens with a title heading
//! (`graf--title`), while a response is plain paragraphs whose first words Medium used as its
//! title. So a published entry is a response when its body has no title, subtitle, heading,
//! picture or embed, and its title is the start of its first paragraph (cut short, or the
//! paragraph alone, or ending a sentence). A story written without a title heading but with
//! a line of its own for a title keeps being a story.

use super::Source;
use super::archive::{self, Action, Archive};
use super::wxr::{Channel, ContentFormat, Item, ReadMode, WxrError};
use scraper::{ElementRef, Html, Selector};
use std::sync::LazyLock;

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad built-in selector {css:?}: {e:?}"))
}

static TITLE: LazyLock<Selector> = LazyLock::new(|| sel("h1.p-name"));
static HEAD_TITLE: LazyLock<Selector> = LazyLock::new(|| sel("title"));
static SUBTITLE: LazyLock<Selector> = LazyLock::new(|| sel("section[data-field=\"subtitle\"]"));
static BODY: LazyLock<Selector> = LazyLock::new(|| sel("section[data-field=\"body\"]"));
static AUTHOR: LazyLock<Selector> = LazyLock::new(|| sel("footer a.p-author"));
static PUBLISHED: LazyLock<Selector> = LazyLock::new(|| sel("footer time.dt-published"));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| sel("footer a.p-canonical"));
static FOOTER_LINK: LazyLock<Selector> = LazyLock::new(|| sel("footer a[href]"));
static GRAFS: LazyLock<Selector> = LazyLock::new(|| sel(".graf"));
static FEATURED: LazyLock<Selector> = LazyLock::new(|| sel("img[data-is-featured=\"true\"]"));

fn error(message: String) -> WxrError {
    WxrError {
        line: 0,
        post_id: None,
        item_line: None,
        problems: Vec::new(),
        message,
    }
}

/// Whether an archive entry is one of the export's stories.
fn is_post(name: &str) -> bool {
    let name = name.replace('\\', "/");
    name.contains("posts/") && name.to_ascii_lowercase().ends_with(".html")
}

/// Reads an export, calling `on_item` with each story in file-name order (stop early by
/// returning false). Each item names its file (its `entry`); its `line` is the file's first.
pub fn read_source(
    source: &Source,
    mode: ReadMode,
    mut on_item: impl FnMut(&Channel, Item) -> bool,
) -> Result<Channel, WxrError> {
    let Source::File(path) = source else {
        return Err(error(
            "a Medium export is a zip archive or a folder: give its path".into(),
        ));
    };
    let mut archive = Archive::open(path)
        .map_err(|e| error(format!("cannot open it as a Medium export: {e}")))?;
    let mut entries: Vec<(String, bool)> = archive
        .names()
        .iter()
        .filter(|n| n.starts_with("posts/") && is_post(n))
        .map(|n| (n.clone(), true))
        .chain(
            archive
                .unsafe_names()
                .iter()
                .filter(|n| is_post(n))
                .map(|n| (n.clone(), false)),
        )
        .collect();
    entries.sort();
    if entries.is_empty() {
        return Err(error("no posts/*.html in it: not a Medium export".into()));
    }
    let channel = Channel::default();
    let stories = match mode {
        ReadMode::Full => own_stories(&mut archive, &entries),
        ReadMode::Index => Stories::default(),
    };
    for (name, safe) in &entries {
        let mut item = if !safe {
            unreadable(format!(
                "the archive names this entry {}, outside the archive: not read",
                name.escape_debug()
            ))
        } else {
            match archive.read(name, archive::MAX_ENTRY) {
                Ok(bytes) if stories.is_empty() => read_post(&bytes, name, mode),
                Ok(bytes) => {
                    let html = String::from_utf8_lossy(&bytes);
                    read_post(stories.relink(&html).as_bytes(), name, mode)
                }
                Err(why) => unreadable(why),
            }
        };
        item.line = 1;
        item.entry = Some(name.clone());
        if !on_item(&channel, item) {
            break;
        }
    }
    Ok(channel)
}

/// The export's published stories by Medium id → their canonical address. A story links to
/// another in whatever form the reader copied (`medium.com/p/<id>`, the publication's path,
/// the author's subdomain, with `?source=` tracking); only the id is stable, and only the
/// canonical address is the story's old URL that the new site maps.
#[derive(Default)]
struct Stories(std::collections::HashMap<String, String>);

/// A first pass over the stories' footers (a byte search, no parsing): which ids are ours.
fn own_stories(archive: &mut Archive, entries: &[(String, bool)]) -> Stories {
    const MARK: &str = "class=\"p-canonical\"";
    let mut stories = Stories::default();
    for (name, _) in entries.iter().filter(|(_, safe)| *safe) {
        let Ok(bytes) = archive.read(name, archive::MAX_ENTRY) else {
            continue;
        };
        let html = String::from_utf8_lossy(&bytes);
        let Some(at) = html.rfind(MARK) else {
            continue;
        };
        // The footer's `<a href="…" class="p-canonical">`: the href just before the class.
        let Some(href) = html[..at].rfind("href=\"").map(|h| &html[h + 6..at]) else {
            continue;
        };
        let url = href.trim_end().trim_end_matches('"').trim();
        if let Some(id) = story_id(url) {
            stories.0.insert(id.to_string(), url.to_string());
        }
    }
    stories
}

/// The Medium id a story's address ends with (`…/my-story-1a2b3c4d5e6f`, `/p/1a2b3c4d5e6f`).
fn story_id(url: &str) -> Option<&str> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let id = last.rsplit_once('-').map_or(last, |(_, id)| id);
    is_medium_id(id).then_some(id)
}

impl Stories {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `html` with every link to one of the export's stories pointing at its canonical
    /// address (and the same place in it). Medium's exporter writes every attribute in double quotes.
    fn relink(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(at) = rest.find("href=\"") {
            let start = at + 6;
            let Some(len) = rest[start..].find('"') else {
                break;
            };
            let href = &rest[start..start + len];
            out.push_str(&rest[..start]);
            match self.canonical(href) {
                Some(c) => {
                    out.push_str(c);
                    out.push_str(href.find('#').map_or("", |f| &href[f..]));
                }
                None => out.push_str(href),
            }
            rest = &rest[start + len..];
        }
        out.push_str(rest);
        out
    }

    /// The canonical address of the story `href` links to, if it is one of ours and on
    /// Medium or on the host our stories live on (a custom domain). Both stay as the page
    /// writes them, attribute-escaped.
    fn canonical(&self, href: &str) -> Option<&str> {
        let host = href.split_once("://")?.1.split(['/', '?', '#']).next()?;
        let host = host.to_ascii_lowercase();
        let canonical = self.0.get(story_id(href)?)?;
        let home = canonical
            .split_once("://")
            .and_then(|(_, r)| r.split('/').next())
            .unwrap_or("");
        (host == "medium.com" || host.ends_with(".medium.com") || host.eq_ignore_ascii_case(home))
            .then_some(canonical.as_str())
    }
}

fn unreadable(why: String) -> Item {
    Item {
        post_type: "post".into(),
        status: "publish".into(),
        format: ContentFormat::Html,
        unreadable: Some(why),
        ..Item::default()
    }
}

/// The 10–12 hex digits Medium ends every story's file name and address with.
fn is_medium_id(s: &str) -> bool {
    (10..=12).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The slug of a story's address (`…/my-story-1a2b3c4d5e6f` → `my-story`); empty when the
/// address is only the id.
fn slug_of(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let last = path.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    match last.rsplit_once('-') {
        Some((slug, id)) if is_medium_id(id) => slug.to_string(),
        _ if is_medium_id(last) => String::new(),
        _ => last.to_string(),
    }
}

/// Reads one story's page.
pub fn read_post(bytes: &[u8], name: &str, mode: ReadMode) -> Item {
    let encoding = super::decode::sniff_encoding(bytes);
    let (text, _, _) = encoding.decode(bytes);
    let doc = Html::parse_document(&crate::html::depth::cap_page_depth(&text));
    let first_text = |s: &Selector| doc.select(s).next().map(archive::text_of);
    let title = first_text(&TITLE)
        .filter(|t| !t.is_empty())
        .or_else(|| first_text(&HEAD_TITLE))
        .unwrap_or_default();
    let subtitle = first_text(&SUBTITLE).unwrap_or_default();
    let canonical = doc
        .select(&CANONICAL)
        .next()
        .and_then(|a| a.value().attr("href"))
        .map(|h| h.trim().to_string())
        .unwrap_or_default();
    let published = doc
        .select(&PUBLISHED)
        .next()
        .and_then(|t| t.value().attr("datetime"))
        .and_then(archive::wp_dates);
    let file = name.rsplit('/').next().unwrap_or(name);
    let draft = file.starts_with("draft_") || published.is_none();
    let mut item = Item {
        title: title.clone(),
        creator: first_text(&AUTHOR).unwrap_or_default(),
        excerpt: subtitle.clone(),
        post_type: "post".into(),
        status: if draft { "draft" } else { "publish" }.into(),
        format: ContentFormat::Html,
        ..Item::default()
    };
    // The story's own address: its canonical link, or for a draft the `/p/<id>` link Medium
    // gives to open it in the editor.
    item.guid = if canonical.is_empty() {
        doc.select(&FOOTER_LINK)
            .filter_map(|a| a.value().attr("href"))
            .find(|h| h.starts_with("https://medium.com/p/"))
            .unwrap_or("")
            .to_string()
    } else {
        canonical.clone()
    };
    if !draft {
        item.link = canonical.clone();
        item.post_name = slug_of(&canonical);
    }
    if let Some((local, gmt)) = published {
        item.post_date = local;
        item.post_date_gmt = gmt;
    }
    item.featured_image = doc
        .select(&FEATURED)
        .next()
        .and_then(|i| i.value().attr("src"))
        .unwrap_or("")
        .to_string();
    let Some(body) = doc.select(&BODY).next() else {
        item.unreadable = Some(format!(
            "{name} is not a story as Medium's exporter writes them (no body section)"
        ));
        return item;
    };
    if !draft && is_response(body, &title) {
        item.not_a_post = Some(
            "a response (Medium's comment on a story), which the export files as a story".into(),
        );
    }
    if mode == ReadMode::Full {
        (item.content, item.dropped) = body_html(body, &title, &subtitle);
    }
    item
}

/// Whether a published entry is a response rather than a story (see the module docs).
fn is_response(body: ElementRef<'_>, title: &str) -> bool {
    let mut grafs = body
        .select(&GRAFS)
        .filter(|g| !archive::has_class(*g, "graf--empty"));
    let story_marks = [
        "graf--title",
        "graf--subtitle",
        "graf--figure",
        "graf--iframe",
        "graf--mixtapeEmbed",
        "graf--h2",
        "graf--h3",
        "graf--h4",
    ];
    if body.select(&GRAFS).any(|g| {
        story_marks.iter().any(|m| archive::has_class(g, m))
            || matches!(g.value().name(), "h1" | "h2" | "h3" | "h4" | "figure")
    }) {
        return false;
    }
    let Some(first) = grafs.next() else {
        return false;
    };
    let first_text: String = first.text().collect::<String>();
    let first_text = first_text.split_whitespace().collect::<Vec<_>>().join(" ");
    let stem = title.trim_end_matches('…').trim_end();
    if stem.is_empty() || !first_text.starts_with(stem) {
        return false;
    }
    let alone = grafs.next().is_none();
    first_text.len() > title.len() || alone || title.ends_with(['.', ',', '!', '?', ':', ';', '…'])
}

/// The story's body as plain HTML (see the module docs).
fn body_html(body: ElementRef<'_>, title: &str, subtitle: &str) -> (String, Vec<String>) {
    let same = |el: ElementRef<'_>, text: &str| !text.is_empty() && archive::text_of(el) == text;
    // The title and subtitle Medium repeats as the body's first headings.
    let mut leading = Vec::new();
    for g in body
        .select(&GRAFS)
        .filter(|g| !archive::has_class(*g, "graf--empty"))
        .take(3)
    {
        let heading = matches!(g.value().name(), "h1" | "h2" | "h3" | "h4");
        if !heading {
            break;
        }
        if (leading.is_empty() && same(g, title)) || (!leading.is_empty() && same(g, subtitle)) {
            leading.push(g.id());
        } else {
            break;
        }
    }
    let mut skip_pre = std::collections::HashSet::new();
    let mut caption: Option<String> = None;
    let mut leftovers = 0usize;
    let html = archive::rewrite(body, &mut |el| {
        let e = el.value();
        let class = |c: &str| archive::has_class(el, c);
        if leading.contains(&el.id()) || skip_pre.contains(&el.id()) {
            return Action::Drop;
        }
        if e.name() == "p"
            && let Some(tags) = shortcode_paragraph(&archive::text_of(el))
        {
            let mut out = String::new();
            for tag in tags {
                match tag {
                    Leftover::Caption(c) => caption = Some(c),
                    Leftover::Text(t) => out.push_str(&format!("<p>{}</p>", archive::esc(&t))),
                    Leftover::Player(html) => out.push_str(&html),
                    Leftover::Nothing => leftovers += 1,
                }
            }
            return Action::Replace(out);
        }
        if e.name() == "p" && archive::text_of(el).ends_with(']') {
            let inner = archive::rewrite(el, &mut |x| match x.value().name() {
                "span" => Action::Unwrap,
                _ => Action::Keep,
            });
            if let Some(kept) = without_trailing_shortcode(&inner) {
                leftovers += 1;
                return Action::Replace(format!("<p>{kept}</p>"));
            }
        }
        if e.name() == "figure"
            && !is_embed(el)
            && let Some(c) = caption.take()
            && !el
                .descendent_elements()
                .any(|d| d.value().name() == "figcaption")
        {
            let inner = archive::rewrite(el, &mut |x| match x.value().name() {
                "img" | "a" => Action::Keep,
                "div" if archive::has_class(x, "aspectRatioPlaceholder-fill") => Action::Drop,
                _ => Action::Unwrap,
            });
            return Action::Replace(format!(
                "<figure>{inner}<figcaption>{}</figcaption></figure>",
                archive::esc(&c)
            ));
        }
        match e.name() {
            "script" | "style" | "noscript" | "canvas" | "svg" | "button" => Action::Drop,
            "section" => Action::Unwrap,
            "div" if class("section-divider") => {
                let first = el
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .find(|a| a.value().name() == "section" && archive::has_class(*a, "section"))
                    .is_none_or(|s| archive::has_class(s, "section--first"));
                if first {
                    Action::Drop
                } else {
                    Action::Replace("<hr>".into())
                }
            }
            "div" if class("section-backgroundImage") => match e.attr("style").and_then(css_url) {
                Some(url) => Action::Replace(format!(
                    "<figure><img src=\"{}\"></figure>",
                    archive::esc(&url)
                )),
                None => Action::Drop,
            },
            "div" if class("aspectRatioPlaceholder-fill") || class("progressiveMedia-canvas") => {
                Action::Drop
            }
            "div" if class("graf--mixtapeEmbed") => Action::Replace(mixtape(el)),
            "img" if class("progressiveMedia-thumbnail") => Action::Drop,
            "figure" if is_embed(el) => Action::Replace(embed(el)),
            "pre" => {
                let (html, merged) = code_block(el);
                skip_pre.extend(merged);
                Action::Replace(html)
            }
            "span" | "div" => Action::Unwrap,
            _ => Action::Keep,
        }
    });
    let mut dropped = Vec::new();
    if leftovers > 0 {
        dropped.push(format!(
            "{leftovers} WordPress shortcode{} left as text by an import into Medium removed",
            if leftovers == 1 { "" } else { "s" }
        ));
    }
    (html, dropped)
}

/// What a paragraph of WordPress shortcodes, left as text when a post was imported into
/// Medium, stands for.
enum Leftover {
    /// `[caption … caption="…"]`: the next picture's caption.
    Caption(String),
    /// Text before a closing `[/caption]`: the caption, written out.
    Text(String),
    /// `[video mp4="…"]`, `[audio mp3="…"]`, `[embed]URL[/embed]`, `[youtube URL]`.
    Player(String),
    /// A tag that shows nothing by itself (`[/caption]`, a `[gallery]` whose pictures were
    /// not imported).
    Nothing,
}

/// Shortcodes WordPress's importers leave behind.
const IMPORT_SHORTCODES: &[&str] = &[
    "caption",
    "wp_caption",
    "gallery",
    "embed",
    "video",
    "audio",
    "playlist",
    "youtube",
    "vimeo",
    "soundcloud",
];

/// A paragraph's HTML without the import shortcode that ends it (a `[gallery]` after a line
/// break), if it ends with one.
fn without_trailing_shortcode(html: &str) -> Option<String> {
    let trimmed = html.trim_end();
    let open = trimmed.rfind('[')?;
    let tag = &trimmed[open..];
    if tag.contains('<') || !tag.ends_with(']') {
        return None;
    }
    let name: String = tag[1..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if !IMPORT_SHORTCODES.contains(&name.to_ascii_lowercase().as_str()) {
        return None;
    }
    let mut kept = trimmed[..open].trim_end();
    while let Some(k) = kept.strip_suffix("<br>") {
        kept = k.trim_end();
    }
    Some(kept.to_string())
}

/// The shortcodes a paragraph consists of (with typographic quotes read as plain ones), or
/// `None` when it holds anything else.
fn shortcode_paragraph(text: &str) -> Option<Vec<Leftover>> {
    let text: String = text
        .chars()
        .map(|c| match c {
            '\u{201c}' | '\u{201d}' | '\u{2033}' => '"',
            '\u{2018}' | '\u{2019}' => '\'',
            c => c,
        })
        .collect();
    let mut rest = text.trim();
    if !rest.contains('[') {
        return None;
    }
    let mut out = Vec::new();
    while !rest.is_empty() {
        let open = rest.find('[')?;
        let before = rest[..open].trim();
        let close = open + rest[open..].find(']')?;
        let tag = &rest[open + 1..close];
        let closing = tag.starts_with('/');
        let tag = tag.trim_start_matches('/');
        let name_end = tag
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(tag.len());
        let name = tag[..name_end].to_ascii_lowercase();
        if !IMPORT_SHORTCODES.contains(&name.as_str()) {
            return None;
        }
        if !before.is_empty() {
            // Only a caption's own text may come before its closing tag.
            if !(closing && name.contains("caption")) {
                if let Some(url) = before.strip_prefix("http").map(|_| before) {
                    out.push(Leftover::Player(crate::wp::embed::any(url).to_html(None)));
                } else {
                    return None;
                }
            } else {
                out.push(Leftover::Text(before.to_string()));
            }
        }
        let attrs = crate::wp::shortcode::parse_attrs(&tag[name_end..]);
        let media = [
            "src", "mp4", "m4v", "webm", "ogv", "mp3", "m4a", "ogg", "wav", "url",
        ]
        .iter()
        .find_map(|k| attrs.get(k))
        .or_else(|| attrs.positional(0).filter(|p| p.starts_with("http")))
        .map(|u| u.trim().trim_start_matches('=').to_string());
        out.push(match (closing, name.as_str(), media) {
            (false, "caption" | "wp_caption", _) => match attrs.get("caption") {
                Some(c) if !c.trim().is_empty() => Leftover::Caption(c.trim().to_string()),
                _ => Leftover::Nothing,
            },
            (false, "video" | "audio", Some(url)) if url.starts_with("http") => {
                let kind = if name == "audio" { "audio" } else { "video" };
                Leftover::Player(format!(
                    "<figure><{kind} controls src=\"{}\"></{kind}></figure>",
                    archive::esc(&url)
                ))
            }
            (false, _, Some(url)) if url.starts_with("http") && name != "gallery" => {
                Leftover::Player(crate::wp::embed::any(&url).to_html(None))
            }
            _ => Leftover::Nothing,
        });
        rest = rest[close + 1..].trim_start();
    }
    Some(out)
}

/// `background-image: url("…")` → the URL.
fn css_url(style: &str) -> Option<String> {
    let rest = &style[style.find("url(")? + 4..];
    let inner = &rest[..rest.find(')')?];
    let url = inner.trim().trim_matches(['"', '\'']).trim();
    (!url.is_empty()).then(|| url.to_string())
}

fn is_embed(fig: ElementRef<'_>) -> bool {
    archive::has_class(fig, "graf--iframe")
        || fig
            .descendent_elements()
            .any(|d| matches!(d.value().name(), "iframe" | "script"))
}

/// The page an embed shows: an iframe's source (Embedly's proxy gives the original in its
/// `url` or `src` parameter; Medium's own `/media/…` proxy is made absolute), a gist's page
/// for its script, a tweet's address for its blockquote.
fn embed_url(fig: ElementRef<'_>) -> Option<String> {
    for d in fig.descendent_elements() {
        let e = d.value();
        match e.name() {
            "iframe" => {
                let src = e.attr("src").or_else(|| e.attr("data-src"))?.trim();
                return Some(proxied(src));
            }
            "script" => {
                if let Some(src) = e.attr("src")
                    && src.contains("gist.github.com/")
                {
                    return Some(src.trim().trim_end_matches(".js").to_string());
                }
            }
            "blockquote" if archive::has_class(d, "twitter-tweet") => {
                if let Some(a) = d
                    .descendent_elements()
                    .filter_map(|a| a.value().attr("href"))
                    .filter(|h| h.contains("/status/"))
                    .last()
                {
                    return Some(a.trim().to_string());
                }
            }
            _ => {}
        }
    }
    None
}

/// An iframe source without its proxy.
fn proxied(src: &str) -> String {
    let src = src.replace("&amp;", "&");
    if let Some(parts) = crate::wp::embed::split_url(&src)
        && parts.host.ends_with("embedly.com")
    {
        for key in ["url", "src"] {
            if let Some(v) = crate::wp::embed::query_param(parts.query, key) {
                let original = crate::slug::percent_decode(v);
                if original.starts_with("http") {
                    return original;
                }
            }
        }
    }
    if src.starts_with("//") {
        return format!("https:{src}");
    }
    if src.starts_with('/') {
        return format!("https://medium.com{src}");
    }
    src
}

/// An embed figure as the embed WordPress's `[embed]` would give, its caption kept.
fn embed(fig: ElementRef<'_>) -> String {
    let caption = fig
        .descendent_elements()
        .find(|d| d.value().name() == "figcaption")
        .map(|c| archive::rewrite(c, &mut |_| Action::Keep));
    match embed_url(fig) {
        Some(url) => crate::wp::embed::any(&url).to_html(caption.as_deref()),
        None => caption.map(|c| format!("<p>{c}</p>")).unwrap_or_default(),
    }
}

/// A link card: its title linked, its description and the site's name after it.
fn mixtape(card: ElementRef<'_>) -> String {
    let Some(a) = card
        .descendent_elements()
        .find(|d| d.value().name() == "a" && !archive::has_class(*d, "mixtapeImage"))
    else {
        return String::new();
    };
    let href = a.value().attr("href").unwrap_or("").trim();
    let mut title = String::new();
    let mut desc = String::new();
    let mut site = String::new();
    for child in a.children() {
        match child.value() {
            scraper::Node::Text(t) => site.push_str(&t.text),
            scraper::Node::Element(e) => {
                let text = ElementRef::wrap(child)
                    .map(archive::text_of)
                    .unwrap_or_default();
                match e.name() {
                    "strong" | "b" => title.push_str(&text),
                    "em" | "i" => desc.push_str(&text),
                    "br" => {}
                    _ => site.push_str(&text),
                }
            }
            _ => {}
        }
    }
    let (title, desc, site) = (title.trim(), desc.trim(), site.trim());
    let mut out = format!(
        "<p><a href=\"{}\"><strong>{}</strong></a>",
        archive::esc(href),
        archive::esc(if title.is_empty() { href } else { title })
    );
    for part in [desc, site] {
        if !part.is_empty() {
            out.push_str("<br>");
            out.push_str(&archive::esc(part));
        }
    }
    out.push_str("</p>");
    out
}

/// A code paragraph and the ones right after it, as one block; the language from
/// `data-code-block-lang`. Also returns the following paragraphs it took in.
fn code_block(pre: ElementRef<'_>) -> (String, Vec<ego_tree::NodeId>) {
    let lang = ["data-code-block-lang", "code-block-lang"]
        .iter()
        .find_map(|a| pre.value().attr(a))
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && l.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"+#-_".contains(&b))
        });
    let inner = |p: ElementRef<'_>| {
        archive::rewrite(p, &mut |el| match el.value().name() {
            "br" => Action::Replace("\n".into()),
            "span" | "code" => Action::Unwrap,
            _ => Action::Keep,
        })
    };
    let mut parts = vec![inner(pre)];
    let mut merged = Vec::new();
    let mut next = pre.next_sibling();
    while let Some(node) = next {
        match node.value() {
            scraper::Node::Text(t) if t.trim().is_empty() => {}
            scraper::Node::Element(e) if e.name() == "pre" => {
                if let Some(p) = ElementRef::wrap(node) {
                    parts.push(inner(p));
                    merged.push(node.id());
                }
            }
            _ => break,
        }
        next = node.next_sibling();
    }
    let body = parts.join("\n");
    let html = match lang {
        Some(l) => format!("<pre><code class=\"language-{l}\">{body}</code></pre>"),
        None => format!("<pre>{body}</pre>"),
    };
    (html, merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(title: &str, body: &str, footer: &str) -> String {
        format!(
            "<!DOCTYPE html><html><head><title>{title}</title></head><body><article class=\"h-entry\">\
             <header><h1 class=\"p-name\">{title}</h1></header>\
             <section data-field=\"body\" class=\"e-content\"><section name=\"a\" class=\"section section--body section--first\">\
             <div class=\"section-divider\"><hr class=\"section-divider\"></div><div class=\"section-content\">\
             <div class=\"section-inner sectionLayout--insetColumn\">{body}</div></div></section></section>\
             <footer>{footer}</footer></article></body></html>"
        )
    }

    const FOOTER: &str = "<p>By <a href=\"https://medium.com/@ann\" class=\"p-author h-card\">Ann Lee</a> on \
        <a href=\"https://medium.com/p/1a2b3c4d5e6f\"><time class=\"dt-published\" datetime=\"2019-05-04T10:20:30.123Z\">May 4, 2019</time></a>.</p>\
        <p><a href=\"https://medium.com/@ann/a-story-1a2b3c4d5e6f\" class=\"p-canonical\">Canonical link</a></p>";

    #[test]
    fn a_story_reads_its_fields() {
        let html = page(
            "A story",
            "<h3 class=\"graf graf--h3 graf--leading graf--title\">A story</h3><p class=\"graf graf--p\">Text.</p>",
            FOOTER,
        );
        let item = read_post(
            html.as_bytes(),
            "posts/2019-05-04_A-story-1a2b3c4d5e6f.html",
            ReadMode::Full,
        );
        assert_eq!(item.title, "A story");
        assert_eq!(item.creator, "Ann Lee");
        assert_eq!(
            (item.post_date.as_str(), item.post_date_gmt.as_str()),
            ("2019-05-04 10:20:30", "2019-05-04 10:20:30")
        );
        assert_eq!(item.link, "https://medium.com/@ann/a-story-1a2b3c4d5e6f");
        assert_eq!(
            (item.post_name.as_str(), item.status.as_str()),
            ("a-story", "publish")
        );
        assert!(item.not_a_post.is_none());
        assert_eq!(item.content, "<p class=\"graf graf--p\">Text.</p>");
    }

    #[test]
    fn responses_are_told_from_untitled_stories() {
        let response = |title: &str, body: &str| {
            let html = page(title, body, FOOTER);
            read_post(html.as_bytes(), "posts/x.html", ReadMode::Index)
                .not_a_post
                .is_some()
        };
        assert!(response(
            "Right on.",
            "<p class=\"graf graf--p graf--leading\">Right on.</p><p class=\"graf graf--p\">More.</p>"
        ));
        assert!(response(
            "I think this is wrong, because…",
            "<p class=\"graf graf--p graf--leading\">I think this is wrong, because the numbers say otherwise.</p>"
        ));
        assert!(response(
            "Thanks",
            "<p class=\"graf graf--p graf--leading\">Thanks</p>"
        ));
        // A title line of its own, then the story.
        assert!(!response(
            "Bot capitalism will fail",
            "<p class=\"graf graf--p graf--leading\">Bot capitalism will fail</p><p class=\"graf graf--p\">Why.</p>"
        ));
        // Pictures make a story.
        assert!(!response(
            "Hello.",
            "<p class=\"graf graf--p graf--leading\">Hello.</p><figure class=\"graf graf--figure\"><img src=\"x.png\"></figure>"
        ));
        // A title the first paragraph does not start with.
        assert!(!response(
            "Untitled",
            "<p class=\"graf graf--p graf--empty graf--leading\"><br></p>"
        ));
    }

    proptest::proptest! {
        #[test]
        fn any_markup_reads_without_panicking(
            parts in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::Just("<section data-field=\"body\">".to_string()),
                proptest::prelude::Just("<pre class=\"graf graf--pre\">".to_string()),
                proptest::prelude::Just("<figure class=\"graf graf--figure graf--iframe\">".to_string()),
                proptest::prelude::Just("<div class=\"graf graf--mixtapeEmbed\"><a href=\"x\">".to_string()),
                proptest::prelude::Just("<p class=\"graf graf--p\">[caption caption=\"c\"]".to_string()),
                proptest::prelude::Just("<h3 class=\"graf graf--title\">".to_string()),
                proptest::prelude::Just("<iframe src=\"/media/x\"></iframe>".to_string()),
                proptest::prelude::Just("</section></div></p></figure>".to_string()),
                "[a-zA-Z \\[\\]<>\"=/]{0,20}",
            ], 0..30)
        ) {
            let html = format!("<article class=\"h-entry\"><h1 class=\"p-name\">T</h1>{}</article>", parts.concat());
            let _ = read_post(html.as_bytes(), "posts/x.html", ReadMode::Full);
        }
    }

    #[test]
    fn slugs_drop_the_id() {
        assert_eq!(
            slug_of("https://medium.com/@ann/a-story-1a2b3c4d5e6f"),
            "a-story"
        );
        assert_eq!(slug_of("https://blog.example/x/a-b-2764b64d0b5"), "a-b");
        assert_eq!(slug_of("https://medium.com/p/1a2b3c4d5e6f"), "");
        assert_eq!(slug_of("https://medium.com/@ann/plain"), "plain");
    }

    #[test]
    fn embeds_lose_their_proxy() {
        assert_eq!(
            proxied(
                "https://cdn.embedly.com/widgets/media.html?src=https%3A%2F%2Fwww.youtube.com%2Fembed%2Fabc&url=https%3A%2F%2Fwww.youtube.com%2Fwatch%3Fv%3Dabc&type=text%2Fhtml"
            ),
            "https://www.youtube.com/watch?v=abc"
        );
        assert_eq!(proxied("/media/0a1b2c"), "https://medium.com/media/0a1b2c");
    }
}
