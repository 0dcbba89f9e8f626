//! Substack's export (the zip from Settings → Export, or its folder) → the same [`Item`]s a
//! WordPress export gives.
//!
//! `posts.csv` lists every post, one record each (`post_id` as `<number>.<slug>`, `post_date`
//! in UTC, `is_published`, `type` — newsletter, podcast, thread or page —, `audience` —
//! everyone, only_free, only_paid, founding —, `title`, `subtitle`, `podcast_url`); the body of
//! each is the HTML fragment `posts/<post_id>.html`. Only those two are read: the export's
//! subscriber list (`email_list.*.csv`) and the per-post `*.opens.csv` / `*.delivers.csv`
//! (who opened which email) are never opened. The records are streamed, one body read at a
//! time, so a large export costs one post's memory.
//!
//! Statuses follow the other platforms' rules: an unpublished post is a draft, and a post
//! only subscribers could read (`only_free`, `only_paid`, `founding`) is written as a draft
//! with a note, so a build does not publish it. A podcast's or a thread's type becomes its
//! category (`Podcast`, `Thread`), and a podcast's audio file a player at the top of its body.
//!
//! The export does not name the publication's address. Its posts do, in the publication's own
//! widgets (subscribe boxes and buttons link `https://<host>/subscribe`, share buttons
//! `https://<host>/p/<slug>?action=share`, images carry `https://<host>/i/<post id>`): the host
//! most of them name is the publication's, and each published post's old address is
//! `https://<host>/p/<slug>`, Substack's only form.
//!
//! Substack's markup becomes plain HTML: image containers (`captioned-image-container`, a
//! `picture` with its sizes) one image with its caption, galleries their images, embeds
//! (YouTube, Vimeo, Spotify, SoundCloud, tweets, other posts) the same embeds, links and
//! quotes a WordPress post would have, footnotes Markdown footnotes, pull quotes quotes.
//! Subscribe boxes and buttons, share and comment buttons are the newsletter's furniture:
//! removed, and named in the row's `by_design`. A button to anywhere else is kept as a link.

use super::Source;
use super::archive::{self, Action, Archive};
use super::wxr::{Channel, ContentFormat, Item, ItemTerm, Problem, ReadMode, WxrError};
use scraper::{ElementRef, Html};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};

fn error(line: u64, item_line: Option<u64>, message: String) -> WxrError {
    WxrError {
        line,
        post_id: None,
        item_line,
        problems: Vec::new(),
        message,
    }
}

/// The longest record `posts.csv` may have: titles and subtitles are short, so a longer one
/// is a quote that never closed.
const MAX_RECORD: usize = 1 << 20;

/// Reads an export, calling `on_item` with each post in `posts.csv` order (stop early by
/// returning false). An item's `line` is its record's line in `posts.csv`.
pub fn read_source(
    source: &Source,
    mode: ReadMode,
    mut on_item: impl FnMut(&Channel, Item) -> bool,
) -> Result<Channel, WxrError> {
    let Source::File(path) = source else {
        return Err(error(
            0,
            None,
            "a Substack export is a zip archive or a folder: give its path".into(),
        ));
    };
    // `posts.csv` given alone stands for the export around it.
    let path = match path.parent() {
        Some(dir) if path.is_file() && path.file_name().is_some_and(|n| n == "posts.csv") => dir,
        _ => path.as_path(),
    };
    let open = || {
        Archive::open(path)
            .map_err(|e| error(0, None, format!("cannot open it as a Substack export: {e}")))
    };
    let mut list = open()?;
    if !list.has("posts.csv") {
        return Err(error(
            0,
            None,
            "no posts.csv in it: not a Substack export".into(),
        ));
    }
    let mut bodies = open()?;
    let base = publication_url(&mut bodies);
    let mut channel = Channel {
        link: base.clone().unwrap_or_default(),
        ..Channel::default()
    };
    let csv = list
        .open_entry("posts.csv")
        .map_err(|e| error(0, None, format!("cannot read posts.csv: {e}")))?;
    let mut records = Csv::new(BufReader::new(csv));
    let header = match records.next() {
        Ok(Some((_, h))) => h,
        Ok(None) => return Err(error(1, None, "posts.csv is empty".into())),
        Err(e) => return Err(error(e.line, None, format!("posts.csv: {}", e.message))),
    };
    let columns = Columns::new(&header)
        .ok_or_else(|| error(1, None, "posts.csv has no post_id column".into()))?;
    loop {
        let (line, record) = match records.next() {
            Ok(Some(r)) => r,
            Ok(None) => break,
            Err(e) => {
                let mut err = error(e.line, Some(e.line), format!("posts.csv: {}", e.message));
                err.problems = std::mem::take(&mut channel.problems);
                return Err(err);
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if records.recoded && !channel.problems.iter().any(|p| p.message.contains("UTF-8")) {
            channel.problems.push(Problem {
                line,
                post_id: None,
                message: "bytes that are not UTF-8 in posts.csv: read as Windows-1252".into(),
            });
        }
        let mut item = columns.item(&record, header.len(), base.as_deref());
        item.line = line;
        if item.unreadable.is_none() {
            let name = format!("posts/{}.html", item.guid);
            match bodies.read(&name, archive::MAX_ENTRY) {
                Ok(bytes) if mode == ReadMode::Full => {
                    let body = Body::clean(&String::from_utf8_lossy(&bytes));
                    item.content = format!("{}{}", item.content, body.html);
                    item.dropped = body.dropped;
                }
                Ok(_) => {}
                Err(_) if !bodies.has(&name) => {
                    item.unreadable = Some(format!("its body file {name} is not in the export"));
                }
                Err(why) => item.unreadable = Some(why),
            }
        }
        if !on_item(&channel, item) {
            break;
        }
    }
    Ok(channel)
}

/// Whether the first bytes of a file are Substack's `posts.csv`: its header names the
/// `post_id` and `is_published` columns.
pub fn looks_like_posts_csv(head: &[u8]) -> bool {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let line = String::from_utf8_lossy(line).to_ascii_lowercase();
    line.starts_with("post_id,") && line.contains(",is_published")
}

/// Where each field is in a record.
struct Columns {
    id: usize,
    date: Option<usize>,
    published: Option<usize>,
    kind: Option<usize>,
    audience: Option<usize>,
    title: Option<usize>,
    subtitle: Option<usize>,
    podcast: Option<usize>,
}

impl Columns {
    fn new(header: &[String]) -> Option<Columns> {
        let at = |name: &str| {
            header.iter().position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(name)
            })
        };
        Some(Columns {
            id: at("post_id")?,
            date: at("post_date"),
            published: at("is_published"),
            kind: at("type"),
            audience: at("audience"),
            title: at("title"),
            subtitle: at("subtitle"),
            podcast: at("podcast_url"),
        })
    }

    /// The item a record describes, its body not yet read (`guid` is the post id, which names
    /// the body file).
    fn item(&self, record: &[String], width: usize, base: Option<&str>) -> Item {
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).map_or("", |s| s.trim());
        let mut item = Item {
            post_type: "post".into(),
            format: ContentFormat::Html,
            ..Item::default()
        };
        let id = get(Some(self.id));
        let Some(slug) = post_slug(id) else {
            item.unreadable = Some(format!(
                "post_id {:?} is not a Substack post id (number.slug)",
                id.chars().take(80).collect::<String>()
            ));
            return item;
        };
        if record.len() != width {
            item.unreadable = Some(format!(
                "this record has {} fields and the header {width}: its quoting is broken",
                record.len()
            ));
            return item;
        }
        item.guid = id.to_string();
        item.post_name = slug.to_string();
        item.title = get(self.title).to_string();
        item.excerpt = get(self.subtitle).to_string();
        if let Some((local, gmt)) = archive::wp_dates(get(self.date)) {
            item.post_date = local;
            item.post_date_gmt = gmt;
        }
        let published = matches!(
            get(self.published).to_ascii_lowercase().as_str(),
            "true" | "t" | "1" | "yes"
        );
        item.status = if published { "publish" } else { "draft" }.into();
        if published && let Some(base) = base {
            item.link = format!("{base}/p/{slug}");
        }
        match get(self.audience).to_ascii_lowercase().as_str() {
            "" | "everyone" => {}
            audience if published => {
                item.status = "draft".into();
                item.notes.push(format!(
                    "for subscribers only on Substack (audience {audience}): written as a draft"
                ));
            }
            _ => {}
        }
        let kind = get(self.kind).to_ascii_lowercase();
        match kind.as_str() {
            "page" => item.post_type = "page".into(),
            "podcast" | "thread" => {
                let name = if kind == "podcast" {
                    "Podcast"
                } else {
                    "Thread"
                };
                item.terms.push(ItemTerm {
                    domain: "category".into(),
                    nicename: kind.clone(),
                    name: name.into(),
                });
            }
            _ => {}
        }
        if !kind.is_empty() {
            item.postmeta.push(("substack_type".into(), kind));
        }
        let podcast = get(self.podcast);
        if podcast.starts_with("http") {
            item.postmeta.push(("podcast_url".into(), podcast.into()));
            item.content = format!(
                "<figure><audio controls src=\"{}\"></audio></figure>",
                archive::esc(podcast)
            );
        }
        item
    }
}

/// The slug part of a `post_id` (`123.my-post` → `my-post`), if the id is one: a number,
/// then a slug that names no other folder.
fn post_slug(id: &str) -> Option<&str> {
    let (num, slug) = id.split_once('.').unwrap_or((id, ""));
    let ok = !num.is_empty()
        && num.bytes().all(|b| b.is_ascii_digit())
        && !slug.starts_with('.')
        && !slug.contains(['/', '\\', '\0'])
        && !slug.contains("..");
    ok.then_some(slug)
}

/// The publication's address, from what its own widgets link to (see the module docs).
fn publication_url(archive: &mut Archive) -> Option<String> {
    let names: Vec<String> = archive
        .names()
        .iter()
        .filter(|n| n.starts_with("posts/") && n.ends_with(".html"))
        .cloned()
        .collect();
    let mut votes: BTreeMap<String, usize> = BTreeMap::new();
    for name in names {
        let Ok(bytes) = archive.read(&name, archive::MAX_ENTRY) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes)
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        for (at, _) in text.match_indices("https://") {
            let rest = &text[at + 8..];
            let end = rest
                .find(|c: char| c == '"' || c == '\'' || c.is_whitespace() || c == '<')
                .unwrap_or(rest.len());
            let url = &rest[..end];
            let Some((host, path)) = url.split_once('/') else {
                continue;
            };
            let own = path.starts_with("subscribe")
                || (path.starts_with("i/") && path[2..].starts_with(|c: char| c.is_ascii_digit()))
                || (path.starts_with("p/") && url.contains("action=share"));
            let plain = host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-');
            if own && plain && host.contains('.') && !host.eq_ignore_ascii_case("substack.com") {
                *votes.entry(host.to_ascii_lowercase()).or_default() += 1;
            }
        }
        if votes.values().any(|&n| n >= 5) {
            break;
        }
    }
    let best = votes.values().copied().max()?;
    let host = votes.into_iter().find(|(_, n)| *n == best)?.0;
    Some(format!("https://{host}"))
}

/// A `posts.csv` problem that ends the reading: where, and what.
#[derive(Debug)]
struct CsvError {
    line: u64,
    message: String,
}

/// RFC 4180 records, streamed: fields split at commas, quoted fields may hold commas, newlines
/// and doubled quotes. Each record comes with the line it starts on.
struct Csv<R> {
    src: R,
    line: u64,
    raw: Vec<u8>,
    /// Whether some bytes were not UTF-8 (read as Windows-1252).
    recoded: bool,
}

impl<R: BufRead> Csv<R> {
    fn new(src: R) -> Self {
        Csv {
            src,
            line: 0,
            raw: Vec::new(),
            recoded: false,
        }
    }

    fn next(&mut self) -> Result<Option<(u64, Vec<String>)>, CsvError> {
        let start = self.line + 1;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut at_start = true;
        let mut size = 0usize;
        loop {
            self.raw.clear();
            let n = self
                .src
                .read_until(b'\n', &mut self.raw)
                .map_err(|e| CsvError {
                    line: self.line + 1,
                    message: format!("cannot read: {e}"),
                })?;
            if n == 0 {
                if quoted {
                    return Err(CsvError {
                        line: start,
                        message: "a quoted field that opens on this line never closes".into(),
                    });
                }
                if fields.is_empty() && field.is_empty() && at_start {
                    return Ok(None);
                }
                fields.push(field);
                return Ok(Some((start, fields)));
            }
            self.line += 1;
            size += n;
            if size > MAX_RECORD {
                return Err(CsvError {
                    line: start,
                    message: "a record longer than 1 MB (a quote that never closes?)".into(),
                });
            }
            let text = match std::str::from_utf8(&self.raw) {
                Ok(s) => std::borrow::Cow::Borrowed(s),
                Err(_) => {
                    self.recoded = true;
                    encoding_rs::WINDOWS_1252.decode(&self.raw).0
                }
            };
            let text = if self.line == 1 {
                text.trim_start_matches('\u{feff}')
            } else {
                &text
            };
            let mut chars = text.chars().peekable();
            while let Some(c) = chars.next() {
                if quoted {
                    match c {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            field.push('"');
                        }
                        '"' => quoted = false,
                        '\r' if chars.peek() == Some(&'\n') => {}
                        _ => field.push(c),
                    }
                    continue;
                }
                match c {
                    '"' if at_start => {
                        quoted = true;
                        at_start = false;
                    }
                    ',' => {
                        fields.push(std::mem::take(&mut field));
                        at_start = true;
                    }
                    '\r' | '\n' => {}
                    _ => {
                        field.push(c);
                        at_start = false;
                    }
                }
            }
            if !quoted {
                fields.push(field);
                return Ok(Some((start, fields)));
            }
        }
    }
}

/// A post's body made plain (see the module docs).
struct Body {
    html: String,
    dropped: Vec<String>,
}

/// Whether a button's address is the newsletter's own furniture: subscribing, sharing,
/// commenting, gifting, the app, or a placeholder Substack fills in when it sends.
fn is_furniture(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    if u.is_empty() || u.contains("%%") {
        return true;
    }
    let Some(parts) = crate::wp::embed::split_url(&u) else {
        return false;
    };
    let path = parts.path;
    const OWN: &[&str] = &[
        "/subscribe",
        "/account",
        "/gift",
        "/leaderboard",
        "/recommendations",
        "/app",
        "/refer",
        "/share",
        "/chat",
        "/notes",
    ];
    OWN.iter().any(|p| path.starts_with(p))
        || path.ends_with("/comments")
        || path.contains("/comment/")
        || parts.query.contains("action=share")
        || parts.query.contains("utm_content=share")
        || parts.query.contains("utm_content=comment")
        || (parts.host == "substack.com"
            && !path.starts_with("/@")
            && !path.starts_with("/home/post"))
}

/// `data-attrs` of a Substack component, as JSON.
fn attrs(el: ElementRef<'_>) -> serde_json::Value {
    el.value()
        .attr("data-attrs")
        .and_then(|a| serde_json::from_str(a).ok())
        .unwrap_or(serde_json::Value::Null)
}

fn str_attr<'a>(v: &'a serde_json::Value, key: &str) -> Option<&'a str> {
    v.get(key)
        .and_then(serde_json::Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn is_image_url(url: &str) -> bool {
    let u = url.to_ascii_lowercase();
    u.contains("substackcdn.com/image/")
        || u.contains("substack-post-media.s3.amazonaws.com")
        || (u.contains("bucketeer-") && u.contains(".s3.amazonaws.com"))
}

impl Body {
    fn clean(html: &str) -> Body {
        let doc = Html::parse_fragment(&crate::html::depth::cap_page_depth(html));
        let mut furniture = 0usize;
        let mut notes: Vec<(String, String)> = Vec::new();
        let mut html = archive::rewrite(doc.root_element(), &mut |el| {
            decide(el, &mut furniture, &mut notes)
        });
        if !notes.is_empty() {
            html.push_str("<ol class=\"footnotes\">");
            for (id, content) in &notes {
                html.push_str(&format!("<li id=\"{}\">{content}</li>", archive::esc(id)));
            }
            html.push_str("</ol>");
        }
        let mut dropped = Vec::new();
        if furniture > 0 {
            dropped.push(format!(
                "{furniture} Substack subscribe, share or comment button{} removed",
                if furniture == 1 { "" } else { "s" }
            ));
        }
        Body { html, dropped }
    }
}

/// What becomes of one element of a Substack body; footnote texts are collected in `notes`.
fn decide(el: ElementRef<'_>, furniture: &mut usize, notes: &mut Vec<(String, String)>) -> Action {
    let e = el.value();
    let class = |c: &str| archive::has_class(el, c);
    let component = e.attr("data-component-name").unwrap_or("");
    match e.name() {
        "script" | "style" | "svg" | "button" | "form" | "input" | "noscript" => {
            return Action::Drop;
        }
        "a" if class("footnote-anchor") => {
            let href = e.attr("href").unwrap_or("");
            let id = e.attr("id").unwrap_or("");
            return Action::Replace(format!(
                "<sup><a href=\"{}\" id=\"{}\">{}</a></sup>",
                archive::esc(href),
                archive::esc(id),
                archive::esc(&archive::text_of(el))
            ));
        }
        _ => {}
    }
    if class("footnote") && e.name() == "div" {
        let id = el
            .descendent_elements()
            .find(|d| archive::has_class(*d, "footnote-number"))
            .and_then(|a| a.value().attr("id"))
            .unwrap_or("")
            .to_string();
        let content = el
            .descendent_elements()
            .find(|d| archive::has_class(*d, "footnote-content"))
            .map(|c| archive::rewrite(c, &mut |x| decide(x, furniture, notes)))
            .unwrap_or_default();
        if id.is_empty() {
            return Action::Replace(content);
        }
        notes.push((id, content));
        return Action::Drop;
    }
    if class("subscription-widget-wrap")
        || class("subscription-widget-wrap-editor")
        || class("subscription-widget")
        || class("subscribe-widget")
        || class("install-substack-app-embed")
        || component == "SubscribeWidgetToDOM"
    {
        *furniture += 1;
        return Action::Drop;
    }
    if class("paywall-jump") || component == "PaywallToDOM" {
        return Action::Drop;
    }
    if class("captioned-button-wrap") || class("button-wrapper") {
        let (url, text) = button(el);
        if is_furniture(&url) {
            *furniture += 1;
            return Action::Drop;
        }
        if class("button-wrapper") {
            let text = if text.is_empty() { url.clone() } else { text };
            return Action::Replace(format!(
                "<p><a href=\"{}\">{}</a></p>",
                archive::esc(&url),
                archive::esc(&text)
            ));
        }
        return Action::Unwrap;
    }
    if class("captioned-image-container") || class("image-link") && e.name() == "a" {
        return Action::Replace(image(el, furniture, notes));
    }
    if class("image-gallery-embed") {
        return Action::Replace(gallery(el));
    }
    if class("pullquote") {
        return Action::Wrap("blockquote");
    }
    if class("tweet") || component == "Twitter2ToDOM" {
        return Action::Replace(tweet(el));
    }
    if class("latex-rendered")
        && let Some(tex) = str_attr(&attrs(el), "persistentExpression")
    {
        return Action::Replace(format!(
            "<p><code class=\"language-math\">{}</code></p>",
            archive::esc(tex)
        ));
    }
    if class("mention-wrap") || component == "MentionToDOM" {
        // The name is only in the component's data.
        let data = attrs(el);
        let name = str_attr(&data, "name")
            .map(str::to_string)
            .unwrap_or_else(|| archive::text_of(el));
        return Action::Replace(
            match str_attr(&data, "url").filter(|u| u.starts_with("http")) {
                Some(url) => format!(
                    "<a href=\"{}\">{}</a>",
                    archive::esc(url),
                    archive::esc(&name)
                ),
                None => archive::esc(&name),
            },
        );
    }
    if let Some(card) = post_card(el, component) {
        return Action::Replace(card);
    }
    if let Some(url) = embed_url(el, component) {
        return Action::Replace(crate::wp::embed::any(&url).to_html(None));
    }
    match e.name() {
        "div" | "span" | "picture" => Action::Unwrap,
        _ => Action::Keep,
    }
}

/// A button's address and label.
fn button(el: ElementRef<'_>) -> (String, String) {
    let a = el
        .descendent_elements()
        .find(|d| d.value().name() == "a" && d.value().attr("href").is_some());
    let data = attrs(el);
    let url = a
        .and_then(|a| a.value().attr("href"))
        .map(str::to_string)
        .or_else(|| str_attr(&data, "url").map(str::to_string))
        .unwrap_or_default();
    let text = a
        .map(archive::text_of)
        .filter(|t| !t.is_empty())
        .or_else(|| str_attr(&data, "text").map(str::to_string))
        .unwrap_or_default();
    (url.trim().to_string(), text)
}

/// An image container as one image with its caption; linked only when the link goes
/// somewhere other than the image itself.
fn image(el: ElementRef<'_>, furniture: &mut usize, notes: &mut Vec<(String, String)>) -> String {
    let Some(img) = el.descendent_elements().find(|d| d.value().name() == "img") else {
        return String::new();
    };
    let i = img.value();
    let src = i
        .attr("src")
        .map(str::trim)
        .filter(|s| !s.is_empty() && !s.starts_with("data:"))
        .map(str::to_string)
        .or_else(|| largest_in_srcset(i.attr("srcset").unwrap_or("")))
        .unwrap_or_default();
    if src.is_empty() {
        return String::new();
    }
    let link = std::iter::once(el)
        .chain(el.descendent_elements())
        .find(|d| d.value().name() == "a")
        .and_then(|a| a.value().attr("href"))
        .map(str::trim)
        .filter(|h| !h.is_empty());
    // Browsers other than Safari show no HEIC: Substack serves such an upload through its
    // CDN in a format they show (`f_auto`), which is what the image links to, or else the
    // largest of the sizes the page offers.
    let lower = src.to_ascii_lowercase();
    let src = if lower.ends_with(".heic") || lower.ends_with(".heif") {
        let cdn = |u: &String| u.contains("substackcdn.com/image/fetch/");
        link.map(str::to_string)
            .filter(cdn)
            .or_else(|| largest_in_srcset(i.attr("srcset").unwrap_or("")).filter(cdn))
            .unwrap_or(src)
    } else {
        src
    };
    let mut tag = format!("<img src=\"{}\"", archive::esc(&src));
    for key in ["alt", "title"] {
        if let Some(v) = i.attr(key).map(str::trim).filter(|v| !v.is_empty()) {
            tag.push_str(&format!(" {key}=\"{}\"", archive::esc(v)));
        }
    }
    tag.push('>');
    if let Some(href) = link.filter(|h| !is_image_url(h)) {
        tag = format!("<a href=\"{}\">{tag}</a>", archive::esc(href));
    }
    let caption = el
        .descendent_elements()
        .find(|d| d.value().name() == "figcaption")
        .map(|c| archive::rewrite(c, &mut |x| decide(x, furniture, notes)))
        .filter(|c| !c.trim().is_empty());
    match caption {
        Some(c) => format!("<figure>{tag}<figcaption>{c}</figcaption></figure>"),
        None => format!("<figure>{tag}</figure>"),
    }
}

fn largest_in_srcset(srcset: &str) -> Option<String> {
    srcset
        .split(", ")
        .filter_map(|c| {
            let mut parts = c.split_whitespace();
            let url = parts.next()?;
            let w: u32 = parts
                .next()
                .and_then(|w| w.trim_end_matches('w').parse().ok())
                .unwrap_or(0);
            Some((w, url.to_string()))
        })
        .max_by_key(|(w, _)| *w)
        .map(|(_, u)| u)
}

/// A gallery's images, listed only in its `data-attrs`, with its caption.
fn gallery(el: ElementRef<'_>) -> String {
    let data = attrs(el);
    let g = data.get("gallery").unwrap_or(&data);
    let alt = str_attr(g, "alt").unwrap_or("");
    let mut out = String::from("<figure>");
    for img in g
        .get("images")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(src) = str_attr(img, "src") {
            out.push_str(&format!(
                "<img src=\"{}\" alt=\"{}\">",
                archive::esc(src),
                archive::esc(alt)
            ));
        }
    }
    if let Some(c) = str_attr(g, "caption") {
        out.push_str(&format!("<figcaption>{}</figcaption>", archive::esc(c)));
    }
    out.push_str("</figure>");
    if out == "<figure></figure>" {
        String::new()
    } else {
        out
    }
}

/// A tweet as a quote: its text, its author and a link to it (the avatar and the like counts
/// are the widget's).
fn tweet(el: ElementRef<'_>) -> String {
    let data = attrs(el);
    let find = |c: &str| {
        el.descendent_elements()
            .find(|d| archive::has_class(*d, c))
            .map(archive::text_of)
            .filter(|t| !t.is_empty())
    };
    let url = str_attr(&data, "url")
        .map(str::to_string)
        .or_else(|| {
            el.descendent_elements()
                .find_map(|a| a.value().attr("href"))
                .map(str::to_string)
        })
        .unwrap_or_default();
    let text = find("tweet-text")
        .or_else(|| str_attr(&data, "full_text").map(str::to_string))
        .unwrap_or_default();
    let name = find("tweet-author-name").or_else(|| str_attr(&data, "name").map(str::to_string));
    let handle = find("tweet-author-handle")
        .or_else(|| str_attr(&data, "username").map(|u| format!("@{u}")));
    let date = find("tweet-date").unwrap_or_else(|| "on X".into());
    let mut out = format!("<blockquote><p>{}</p><p>—", archive::esc(&text));
    for part in [name, handle.map(|h| format!("({h})"))]
        .into_iter()
        .flatten()
    {
        out.push(' ');
        out.push_str(&archive::esc(&part));
    }
    out.push_str(&format!(
        " <a href=\"{}\">{}</a></p>",
        archive::esc(&url),
        archive::esc(&date)
    ));
    for img in el
        .descendent_elements()
        .filter(|d| d.value().name() == "img" && !archive::has_class(*d, "tweet-header-avatar"))
        .filter_map(|i| i.value().attr("src"))
    {
        out.push_str(&format!("<p><img src=\"{}\"></p>", archive::esc(img)));
    }
    out.push_str("</blockquote>");
    out
}

/// The page an embed component shows: YouTube by its video id (with its start), others by
/// their `url` or their iframe's source.
fn embed_url(el: ElementRef<'_>, component: &str) -> Option<String> {
    let e = el.value();
    let embed_like = component.ends_with("ToDOM")
        && !matches!(
            component,
            "Image2ToDOM" | "FootnoteToDOM" | "FootnoteAnchorToDOM"
        )
        || e.classes()
            .any(|c| c.ends_with("-wrap") && c != "captioned-button-wrap")
        || e.name() == "iframe";
    if !embed_like {
        return None;
    }
    let data = attrs(el);
    if (component.starts_with("Youtube") || archive::has_class(el, "youtube-wrap"))
        && let Some(id) = str_attr(&data, "videoId")
    {
        let start = data
            .get("startTime")
            .and_then(serde_json::Value::as_u64)
            .map(|s| format!("&t={s}"))
            .unwrap_or_default();
        return Some(format!("https://www.youtube.com/watch?v={id}{start}"));
    }
    let iframe = std::iter::once(el)
        .chain(el.descendent_elements())
        .find(|d| d.value().name() == "iframe")
        .and_then(|f| f.value().attr("src"))
        .map(str::trim)
        .filter(|s| s.starts_with("http"))
        .map(|s| s.replace("youtube-nocookie.com", "youtube.com"));
    if let Some(id) = str_attr(&data, "instagram_id") {
        return Some(format!("https://www.instagram.com/p/{id}/"));
    }
    if component.starts_with("Youtube") || component.starts_with("Vimeo") {
        return iframe.or_else(|| str_attr(&data, "url").map(str::to_string));
    }
    str_attr(&data, "url")
        .filter(|u| u.starts_with("http"))
        .map(str::to_string)
        .or(iframe)
}

/// A card for another post (`embedded-post`, `digest-post-embed`): its title linked, with its
/// publication and a line of its text.
fn post_card(el: ElementRef<'_>, component: &str) -> Option<String> {
    let card = component.contains("Post") && component.ends_with("ToDOM")
        || el
            .value()
            .classes()
            .any(|c| c.starts_with("embedded-post") || c.starts_with("digest-post"));
    if !card {
        return None;
    }
    let data = attrs(el);
    let url = str_attr(&data, "url").or_else(|| {
        el.descendent_elements()
            .find_map(|a| a.value().attr("href"))
            .map(str::trim)
    })?;
    let title = str_attr(&data, "title")
        .map(str::to_string)
        .unwrap_or_else(|| archive::text_of(el));
    let mut out = format!(
        "<p><a href=\"{}\"><strong>{}</strong></a>",
        archive::esc(url),
        archive::esc(if title.is_empty() { url } else { &title })
    );
    for key in ["publication_name", "truncated_body_text"] {
        if let Some(v) = str_attr(&data, key) {
            out.push_str(&format!("<br>{}", archive::esc(v)));
        }
    }
    out.push_str("</p>");
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &str) -> Result<Vec<(u64, Vec<String>)>, CsvError> {
        let mut csv = Csv::new(text.as_bytes());
        let mut out = Vec::new();
        while let Some(r) = csv.next()? {
            out.push(r);
        }
        Ok(out)
    }

    #[test]
    fn csv_reads_quotes_commas_and_newlines() {
        let r = records("\u{feff}a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\n")
            .expect("valid");
        assert_eq!(r[0], (1, vec!["a".into(), "b".into(), "c".into()]));
        assert_eq!(
            r[1],
            (2, vec!["1".into(), "x, y".into(), "say \"hi\"".into()])
        );
        assert_eq!(
            r[2],
            (3, vec!["2".into(), "two\nlines".into(), String::new()])
        );
        assert_eq!(r.len(), 3);
    }

    #[test]
    fn csv_names_the_line_of_a_quote_that_never_closes() {
        let mut csv = Csv::new("a,b\n1,ok\n2,\"never\nclosed\n".as_bytes());
        assert!(csv.next().expect("header").is_some());
        assert!(csv.next().expect("row").is_some());
        let e = csv.next().expect_err("broken");
        assert_eq!(e.line, 3);
    }

    proptest::proptest! {
        #[test]
        fn csv_reads_back_what_was_written(
            rows in proptest::collection::vec(
                proptest::collection::vec("[a-z ,\"\n\r\u{e9}]{0,12}", 1..5), 1..6)
        ) {
            let mut text = String::new();
            for row in &rows {
                let fields: Vec<String> = row
                    .iter()
                    .map(|f| format!("\"{}\"", f.replace('"', "\"\"")))
                    .collect();
                text.push_str(&fields.join(","));
                text.push('\n');
            }
            let read = records(&text).expect("valid");
            let got: Vec<Vec<String>> = read.into_iter().map(|(_, r)| r).collect();
            // Inside quotes a CR before LF is a line end, read as LF.
            let want: Vec<Vec<String>> = rows
                .iter()
                .map(|r| r.iter().map(|f| f.replace("\r\n", "\n")).collect())
                .collect();
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn any_bytes_read_without_panicking(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400)) {
            let mut csv = Csv::new(&bytes[..]);
            for _ in 0..500 {
                match csv.next() {
                    Ok(Some(_)) => {}
                    _ => break,
                }
            }
            let _ = Body::clean(&String::from_utf8_lossy(&bytes));
        }
    }

    #[test]
    fn post_ids_name_no_other_folder() {
        assert_eq!(post_slug("123.my-post"), Some("my-post"));
        assert_eq!(post_slug("123"), Some(""));
        assert_eq!(post_slug("123.../../x"), None);
        assert_eq!(post_slug("../123"), None);
        assert_eq!(post_slug("abc.x"), None);
    }

    #[test]
    fn furniture_is_told_from_real_links() {
        for u in [
            "https://x.substack.com/subscribe?",
            "https://x.com/p/y?utm_source=substack&utm_content=share&action=share",
            "https://x.substack.com/p/y/comments",
            "%%checkout_url%%",
            "https://substack.com/app",
        ] {
            assert!(is_furniture(u), "{u}");
        }
        assert!(!is_furniture("https://shop.example/book"));
        assert!(!is_furniture("https://x.substack.com/p/another-post"));
    }

    #[test]
    fn bodies_become_plain_html() {
        let b = Body::clean(
            "<p>Text<a class=\"footnote-anchor\" id=\"footnote-anchor-1\" href=\"#footnote-1\">1</a>.</p>\
             <div class=\"subscription-widget-wrap-editor\"><div class=\"preamble\"><p>Subscribe!</p></div></div>\
             <p class=\"button-wrapper\"><a class=\"button primary\" href=\"https://shop.example/\"><span>Buy</span></a></p>\
             <div class=\"pullquote\"><p>Quoted by <span class=\"mention-wrap\" data-attrs=\"{&quot;name&quot;:&quot;Ann Lee&quot;,&quot;id&quot;:1,&quot;url&quot;:null}\" data-component-name=\"MentionToDOM\"></span></p></div>\
             <div class=\"footnote\"><a id=\"footnote-1\" href=\"#footnote-anchor-1\" class=\"footnote-number\">1</a><div class=\"footnote-content\"><p>Note.</p></div></div>",
        );
        assert_eq!(
            b.html,
            "<p>Text<sup><a href=\"#footnote-1\" id=\"footnote-anchor-1\">1</a></sup>.</p>\
             <p><a href=\"https://shop.example/\">Buy</a></p><blockquote><p>Quoted by Ann Lee</p></blockquote>\
             <ol class=\"footnotes\"><li id=\"footnote-1\"><p>Note.</p></li></ol>"
        );
        assert_eq!(
            b.dropped,
            ["1 Substack subscribe, share or comment button removed"]
        );
    }
}
