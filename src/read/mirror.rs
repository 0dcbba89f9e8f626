//! A folder of saved pages — a wget or HTTrack mirror, or pages saved one by one — into the
//! documents worth converting.
//!
//! A mirror holds every URL the crawler reached: besides the posts and pages, the blog's
//! front page, date archives, tag, category and author listings, their pagination, feeds,
//! attachment and search pages, and copies of each post under `?replytocom=` or `/amp/`.
//! Converting those would put excerpts and duplicates on the new site, so each document is
//! classified first. WordPress (and Ghost) say what a page is in the `<body>` class; other
//! engines are judged by the URL path and by the page's shape (several entries sharing the
//! text, none holding most of it, is a listing).

use scraper::{ElementRef, Html, Selector};
use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// What a folder holds, in path order.
#[derive(Debug, Default)]
pub struct Folder {
    /// Exports: WordPress's (`.xml`, `.xml.gz`) and other platforms' that say what they are.
    pub exports: Vec<PathBuf>,
    /// Exports made of many files — a Medium or Substack export's folder or zip — found
    /// inside: each is read whole as its platform's export, not as saved pages.
    pub archives: Vec<(PathBuf, super::ExportFormat)>,
    /// HTML documents (and feeds saved under document names), relative to the folder.
    pub documents: Vec<MirrorFile>,
    /// Every other file, relative to the folder with `/` separators: images and files a
    /// converted page may link to.
    pub assets: HashSet<String>,
}

/// One file of a mirror.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MirrorFile {
    pub path: PathBuf,
    /// The path below the mirror's root, `/`-separated (`blog.example/2020/01/x/index.html`).
    pub rel: String,
}

/// Folders crawlers keep their own state in.
const CRAWLER_DIRS: &[&str] = &["hts-cache", "hts-tmp"];

/// Lists a folder: exports, documents and assets. Hidden entries, crawler state and symbolic
/// links are passed over (a link could lead outside the folder or round in a loop).
pub fn walk(root: &Path) -> io::Result<Folder> {
    let mut folder = Folder::default();
    walk_into(root, "", &mut folder)?;
    Ok(folder)
}

fn walk_into(dir: &Path, prefix: &str, folder: &mut Folder) -> io::Result<()> {
    let mut entries: Vec<(String, PathBuf, std::fs::FileType)> = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let Ok(name) = entry.file_name().into_string() else {
            continue;
        };
        entries.push((name, entry.path(), entry.file_type()?));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, path, kind) in entries {
        if name.starts_with('.') || kind.is_symlink() {
            continue;
        }
        let rel = format!("{prefix}{name}");
        if kind.is_dir() {
            if CRAWLER_DIRS.contains(&name.as_str()) {
                continue;
            }
            // Two stats before the look inside: a mirror has thousands of folders.
            let may_be_export = path.join("posts.csv").is_file() || path.join("posts").is_dir();
            match may_be_export
                .then(|| super::archive::format(&path))
                .flatten()
            {
                Some(format) => folder.archives.push((path, format)),
                None => walk_into(&path, &format!("{rel}/"), folder)?,
            }
            continue;
        }
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".zip")
            && let Some(format) = super::archive::format(&path)
        {
            folder.archives.push((path, format));
            continue;
        }
        let file = MirrorFile { path, rel };
        match kind_of_file(&lower, &file.path) {
            FileKind::Export => folder.exports.push(file.path),
            FileKind::Document => folder.documents.push(file),
            FileKind::Asset => {
                folder.assets.insert(file.rel);
            }
        }
    }
    Ok(())
}

/// What a file of a folder is to the converter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    /// A WordPress export: converted as one.
    Export,
    /// A saved page, or a feed or sitemap (read only to be counted as such).
    Document,
    /// Anything else: copied when a converted page references it, otherwise ignored.
    Asset,
}

/// Sorts a file by its name and, where the name cannot tell, by its first bytes: a folder of
/// saved pages holds feeds (`feed/index.xml`, `rss.xml`) and sitemaps beside any export, and
/// a crawler saves `CNAME` or `/feed` without an extension. An export declares itself: a WXR
/// WordPress's export namespace, another platform's export its own marks (see
/// [`super::export_format`]); a feed or a sitemap does neither.
fn kind_of_file(lower: &str, path: &Path) -> FileKind {
    let xml_name = [".xml", ".xml.gz", ".rss", ".atom", ".rdf"]
        .iter()
        .any(|ext| lower.ends_with(ext));
    let export_name = [".json", ".txt"].iter().any(|ext| lower.ends_with(ext));
    if xml_name || export_name {
        let head = read_head(path, lower.ends_with(".gz"));
        // A blog's public Blogger feed is evidence, not an export: only a backup is one.
        let export = match super::export_format(&head) {
            Some(super::ExportFormat::Blogger) => super::blogger::is_backup(&head),
            Some(_) => true,
            None => is_wxr(&head),
        };
        return if export {
            FileKind::Export
        } else if xml_name && (is_feed(&head) || is_sitemap(&head)) {
            FileKind::Document
        } else {
            FileKind::Asset
        };
    }
    if !is_document_name(lower) {
        return FileKind::Asset;
    }
    let base = lower.split('?').next().unwrap_or(lower);
    if base.contains('.') {
        return FileKind::Document;
    }
    // No extension: a page only if it reads like markup (not `CNAME`, `LICENSE`, `_headers`).
    let head = read_head(path, false);
    let text = String::from_utf8_lossy(&head);
    if text.trim_start().starts_with('<') || text.to_ascii_lowercase().contains("<html") {
        FileKind::Document
    } else {
        FileKind::Asset
    }
}

/// The first 8 KiB of a file (decompressed for `.gz`); empty when it cannot be read.
fn read_head(path: &Path, gz: bool) -> Vec<u8> {
    use std::io::Read;
    let mut head = Vec::with_capacity(8192);
    if let Ok(file) = std::fs::File::open(path) {
        let _ = if gz {
            flate2::read::GzDecoder::new(file)
                .take(8192)
                .read_to_end(&mut head)
        } else {
            file.take(8192).read_to_end(&mut head)
        };
    }
    head
}

/// A WordPress export names its namespace (`xmlns:wp="http://wordpress.org/export/1.2/"`) on
/// its root element, or at worst says `<wp:wxr_version>` in its channel header.
fn is_wxr(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    text.contains("wordpress.org/export/") || text.contains("<wp:wxr_version")
}

/// A sitemap (`<urlset>`) or sitemap index.
pub fn is_sitemap(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
    (head.contains("<urlset") || head.contains("<sitemapindex")) && !head.contains("<html")
}

/// Whether a file name is a saved web document: an HTML extension, a server-side script's
/// extension, or no extension at all (wget without `--adjust-extension` saves `/about/` as
/// `about/index.html` but `/about` as `about`, and `?p=12` as `index.html?p=12`).
fn is_document_name(lower: &str) -> bool {
    let name = lower.strip_suffix(".gz").unwrap_or(lower);
    let base = name.split('?').next().unwrap_or(name);
    if name.contains('?') && base.ends_with(".html") || base.ends_with(".php") {
        return true;
    }
    match base.rsplit_once('.') {
        Some((_, ext)) => matches!(
            ext,
            "html" | "htm" | "xhtml" | "shtml" | "php" | "asp" | "aspx" | "jsp"
        ),
        None => true,
    }
}

/// What one document of a mirror is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageKind {
    /// A single post: converted.
    Post,
    /// A standalone page (about, contact): converted, in the target's page layout.
    Page,
    /// Not content of its own: counted in the report with this code and reason.
    Skip(&'static str, &'static str),
}

const FEED: PageKind = PageKind::Skip("feed", "a feed, not a page");
const DATE_ARCHIVE: PageKind = PageKind::Skip("date-archive", "a date archive listing posts");
const CATEGORY: PageKind = PageKind::Skip("category-listing", "a category listing");
const TAG: PageKind = PageKind::Skip("tag-listing", "a tag listing");
const AUTHOR: PageKind = PageKind::Skip("author-listing", "an author's listing");
const LISTING: PageKind = PageKind::Skip("listing", "a listing of posts (front page or archive)");
const PAGINATION: PageKind = PageKind::Skip("pagination", "page 2 or later of a listing");
const ATTACHMENT: PageKind = PageKind::Skip("attachment-page", "an attachment page");
const SEARCH: PageKind = PageKind::Skip("search-page", "a search results page");
const COMMENT_PAGE: PageKind = PageKind::Skip(
    "comment-page",
    "a copy of a post for its comments (replytocom, comment-page-N)",
);
const SHARE: PageKind = PageKind::Skip(
    "share-link",
    "what a share button's link saved (`?share=x`): another site's page or a redirect",
);
const EMBED: PageKind = PageKind::Skip(
    "embed-page",
    "a post's embeddable card (`/embed/`), not the post",
);
/// Views of a post under another address, decided by the address whatever the markup says.
const COPIES: &[PageKind] = &[COMMENT_PAGE, SHARE, EMBED, FEED];
const NOT_FOUND: PageKind = PageKind::Skip("not-found-page", "a \"page not found\" page");
const SYSTEM: PageKind =
    PageKind::Skip("system-page", "a WordPress system page (login, admin, API)");
const REDIRECT: PageKind = PageKind::Skip("redirect-stub", "a redirect to another page");

/// Whether saved bytes are a feed rather than a page (crawlers save `/feed/` as
/// `feed/index.html`).
pub fn is_feed(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(2048)];
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let t = text.trim_start();
    let root = ["<rss", "<feed", "<rdf:rdf"]
        .iter()
        .any(|r| text.contains(r));
    (t.starts_with("<?xml") || t.starts_with("<rss") || t.starts_with("<feed"))
        && root
        && !text.contains("<html")
}

/// What a document is, from its path in the mirror, the URL it was saved from (`origin`,
/// `host/path?query` as HTTrack records it), its canonical URL and its markup.
pub fn classify(rel: &str, origin: Option<&str>, doc: &Html) -> PageKind {
    // A copy of a post made for another view of it (`?replytocom=`, `?share=x`, `/embed/`,
    // `/feed/`) carries the post's own body classes: its address decides first.
    let origin_path = origin.map(|o| o.split_once('/').map_or("/", |(_, p)| p));
    for path in std::iter::once(rel).chain(origin_path) {
        if let Some(kind) = by_path(path).filter(|k| COPIES.contains(k)) {
            return kind;
        }
    }
    if let Some(kind) = by_body_class(doc) {
        return kind;
    }
    let canonical = doc
        .select(&CANONICAL)
        .filter_map(|l| l.value().attr("href").or_else(|| l.value().attr("content")))
        .find(|h| h.trim().starts_with("http"));
    let canonical_path = canonical.map(|c| crate::read::page_meta::url_path(c.trim()));
    for path in std::iter::once(rel)
        .chain(origin_path)
        .chain(canonical_path)
    {
        match by_path(path) {
            // `/archives/1999` is post 1999 as often as the year 1999: a bare year is an
            // archive only when the page reads like one.
            Some(DATE_ARCHIVE)
                if ends_in_year(path) && entry_count(doc) < 2 && !is_listing(doc) => {}
            Some(kind) => return kind,
            None => {}
        }
    }
    if is_redirect_stub(doc) {
        return REDIRECT;
    }
    // Blogger keeps its static pages under `/p/` (`/p/about.html`).
    let segs: Vec<&str> = rel.split('/').filter(|s| !s.is_empty()).collect();
    if let [.., "p", last] = segs.as_slice()
        && last.ends_with(".html")
    {
        return PageKind::Page;
    }
    if is_listing(doc) {
        return LISTING;
    }
    PageKind::Post
}

static BODY: LazyLock<Selector> = LazyLock::new(|| sel("body[class]"));
static CANONICAL: LazyLock<Selector> =
    LazyLock::new(|| sel(r#"link[rel~="canonical" i][href], meta[property="og:url" i][content]"#));

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad built-in selector {css:?}: {e:?}"))
}

/// WordPress's `body_class()` and Ghost's `body_class` name the template that drew the page.
fn by_body_class(doc: &Html) -> Option<PageKind> {
    let body = doc.select(&BODY).next()?;
    let classes: HashSet<&str> = body.value().classes().collect();
    let has = |c: &str| classes.contains(c);
    let prefixed = |p: &str| classes.iter().any(|c| c.starts_with(p));
    let kind = if has("error404") {
        NOT_FOUND
    } else if has("search-results") || has("search-no-results") {
        SEARCH
    } else if has("attachment") && (has("single") || prefixed("attachmentid-")) {
        ATTACHMENT
    } else if has("paged") {
        PAGINATION
    } else if has("archive") && has("category") || has("category-template") {
        CATEGORY
    } else if has("archive") && has("tag") || has("tag-template") {
        TAG
    } else if has("archive") && has("author") || has("author-template") {
        AUTHOR
    } else if has("archive") && has("date") {
        DATE_ARCHIVE
    } else if has("archive") || has("home-template") || has("blog") && !has("single") {
        LISTING
    } else if prefixed("page-id-") || has("page-template") {
        PageKind::Page
    } else if has("single") || prefixed("postid-") || has("post-template") {
        PageKind::Post
    } else {
        return None;
    };
    Some(kind)
}

/// Whether a path is shaped like a listing or system URL (see [`by_path`]): of two copies of
/// one page, the one saved there is the crawler's detour.
pub fn listing_path(path: &str) -> bool {
    by_path(path).is_some()
}

/// Listing and system URLs, as WordPress, Blogger, Ghost and the static generators shape
/// them. `path` is a mirror path or a URL path.
fn by_path(path: &str) -> Option<PageKind> {
    let (path, query) = path.split_once('?').unwrap_or((path, ""));
    let query = query
        .trim_end_matches(".html")
        .trim_end_matches(".htm")
        .to_ascii_lowercase();
    let params: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .collect();
    if params.contains(&"replytocom") {
        return Some(COMMENT_PAGE);
    }
    if params.contains(&"share") {
        return Some(SHARE);
    }
    if params.contains(&"s") {
        return Some(SEARCH);
    }
    if params.contains(&"attachment_id") {
        return Some(ATTACHMENT);
    }
    if params.contains(&"feed") {
        return Some(FEED);
    }
    if params.contains(&"paged") {
        return Some(PAGINATION);
    }
    if params.contains(&"cat") {
        return Some(CATEGORY);
    }
    if params.contains(&"tag") {
        return Some(TAG);
    }
    if params.contains(&"author") {
        return Some(AUTHOR);
    }
    let lower = path.to_ascii_lowercase();
    let mut segs: Vec<&str> = lower.split('/').filter(|s| !s.is_empty()).collect();
    if matches!(
        segs.last(),
        Some(&("index.html" | "index.htm" | "index.php" | "index"))
    ) {
        segs.pop();
    }
    if let Some(last) = segs.last_mut() {
        *last = last
            .trim_end_matches(".html")
            .trim_end_matches(".htm")
            .trim_end_matches(".php");
        // wget saves `/2005/07` as `2005/07.1.html` when the folder `2005/07/` exists.
        if let Some((stem, n)) = last.rsplit_once('.')
            && !stem.is_empty()
            && stem.bytes().all(|b| b.is_ascii_digit())
            && n.bytes().all(|b| b.is_ascii_digit())
        {
            *last = stem;
        }
    }
    if segs.iter().any(|s| {
        matches!(
            *s,
            "wp-admin" | "wp-login" | "wp-json" | "xmlrpc" | "wp-includes" | "wp-signup"
        )
    }) {
        return Some(SYSTEM);
    }
    let n = segs.len();
    let last = segs.last().copied().unwrap_or("");
    if matches!(last, "feed" | "rss" | "rss2" | "atom" | "rdf")
        || n >= 2 && segs[n - 2] == "feed"
        || last.ends_with(".rss")
        || last.ends_with(".atom")
    {
        return Some(FEED);
    }
    if last.starts_with("comment-page-") {
        return Some(COMMENT_PAGE);
    }
    if n >= 2 && last == "embed" {
        return Some(EMBED);
    }
    // `/page/2/`, and jekyll-paginate's `/page2/`.
    let paged = last
        .strip_prefix("page")
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()));
    if paged || n >= 2 && segs[n - 2] == "page" && last.bytes().all(|b| b.is_ascii_digit()) {
        return Some(PAGINATION);
    }
    if let Some(i) = segs.iter().position(|s| *s == "search") {
        // `/search/term/`, `/search/label/x` (Blogger); a bare `/search/` only at the root
        // (or below the mirror's host folder), where a post slug would not be.
        if (2..=3).contains(&(n - i)) || n - i == 1 && i <= 1 {
            return Some(SEARCH);
        }
    }
    if n >= 2 && segs[n - 2] == "attachment" {
        return Some(ATTACHMENT);
    }
    // A taxonomy base followed by one to three term slugs (nested categories).
    for (i, s) in segs.iter().enumerate() {
        let kind = match *s {
            "category" | "categories" => CATEGORY,
            "tag" | "tags" | "label" | "tagged" => TAG,
            "author" | "authors" => AUTHOR,
            _ => continue,
        };
        let rest = n - i - 1;
        if (1..=3).contains(&rest) && !segs[i + 1..].iter().any(|s| is_year(s)) {
            return Some(kind);
        }
    }
    if is_date_archive(&segs) {
        return Some(DATE_ARCHIVE);
    }
    None
}

/// Whether a path's last segment (before `index.html`) is a bare year.
fn ends_in_year(path: &str) -> bool {
    let path = path.split('?').next().unwrap_or(path);
    let mut segs = path.split('/').filter(|s| !s.is_empty()).rev();
    let mut last = segs.next().unwrap_or("");
    if last.starts_with("index.") {
        last = segs.next().unwrap_or("");
    }
    let stem = last.split('.').next().unwrap_or(last);
    is_year(stem)
}

/// The URL a page was saved from, as HTTrack notes it at the top of every page it saves:
/// `<!-- Mirrored from blog.example/archives/12?replytocom=3 by HTTrack Website Copier/3.x`.
/// HTTrack names query URLs with a hash (`archives/10423af1.html`); this says what they were.
pub fn saved_from(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let text = String::from_utf8_lossy(head);
    let start = text.find("<!-- Mirrored from ")? + "<!-- Mirrored from ".len();
    let rest = &text[start..];
    let end = rest.find(" by HTTrack")?;
    let url = rest[..end].trim();
    (!url.is_empty() && !url.contains(char::is_whitespace)).then(|| url.to_string())
}

fn is_year(s: &str) -> bool {
    s.len() == 4
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s.starts_with("19") || s.starts_with("20"))
}

fn is_two_digit(s: &str, max: u32) -> bool {
    s.len() <= 2 && s.parse::<u32>().is_ok_and(|v| (1..=max).contains(&v))
}

/// `/2011/`, `/2011/01/`, `/2011/01/23/`: nothing after the date.
fn is_date_archive(segs: &[&str]) -> bool {
    let Some(y) = segs.iter().rposition(|s| is_year(s)) else {
        return false;
    };
    match &segs[y + 1..] {
        [] => true,
        [m] => is_two_digit(m, 12),
        [m, d] => is_two_digit(m, 12) && is_two_digit(d, 31),
        _ => false,
    }
}

static REFRESH: LazyLock<Selector> =
    LazyLock::new(|| sel(r#"meta[http-equiv="refresh" i][content]"#));
static BODY_ANY: LazyLock<Selector> = LazyLock::new(|| sel("body"));

/// Where a redirect stub forwards to (`<meta http-equiv=refresh content="0; url=…">`).
pub fn refresh_target(doc: &Html) -> Option<String> {
    doc.select(&REFRESH).find_map(|m| {
        let content = m.value().attr("content")?;
        let at = content.to_ascii_lowercase().find("url=")? + 4;
        let url = content[at..].trim().trim_matches(['\'', '"']).trim();
        (!url.is_empty()).then(|| url.to_string())
    })
}

/// HTTrack and wget leave small pages that only forward to the real one.
fn is_redirect_stub(doc: &Html) -> bool {
    let forwards = doc.select(&REFRESH).any(|m| {
        m.value()
            .attr("content")
            .is_some_and(|c| c.to_ascii_lowercase().contains("url="))
    });
    forwards
        && doc.select(&BODY_ANY).next().is_none_or(|b| {
            crate::read::page_meta::collapse(&b.text().collect::<String>())
                .chars()
                .count()
                < 200
        })
}

static ENTRY: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        "article, .hentry, .type-post, .h-entry, [itemtype*=BlogPosting], .post-outer, \
         .post-preview, .post-card, .post-item, .post-list > li, .posts > li",
    )
});
static ENTRY_HEADING_LINK: LazyLock<Selector> =
    LazyLock::new(|| sel("h1 a[href], h2 a[href], h3 a[href], a[href] h2, a[href] h3"));
static NEXT_PAGE: LazyLock<Selector> =
    LazyLock::new(|| sel(r#"link[rel~="next" i][href], a[rel~="next" i][href]"#));

/// Any engine: a page whose entries (each with a linked heading) share the text, none holding
/// most of it, and hold most of the page's text, lists posts — unless the post the extractor
/// would take lies inside one entry (a post, or an article page, with teasers around it).
/// A `rel=next` to `/page/2` says the same.
fn is_listing(doc: &Html) -> bool {
    let paged = doc.select(&NEXT_PAGE).any(|a| {
        a.value()
            .attr("href")
            .is_some_and(|h| by_path(h) == Some(PAGINATION))
    });
    if paged {
        return true;
    }
    let entries = entries(doc);
    let sizes: Vec<usize> = entries.iter().map(|e| text_len(*e)).collect();
    let total: usize = sizes.iter().sum();
    let largest = sizes.iter().copied().max().unwrap_or(0);
    let page = doc.select(&BODY_ANY).next().map_or(0, text_len);
    let shared = entries.len() >= 2 && total > 0 && largest * 10 < total * 6;
    if !shared || total * 2 < page {
        return false;
    }
    let Some(root) = crate::read::html::content_root(doc).and_then(|id| doc.tree.get(id)) else {
        return true;
    };
    let in_one_entry = entries
        .iter()
        .any(|e| e.id() == root.id() || root.ancestors().any(|a| a.id() == e.id()));
    !in_one_entry
}

/// The page's entries: outermost post elements (`article`, `.hentry`, Blogger's
/// `.post-outer`, …) with a linked heading, as listings show them.
fn entries(doc: &Html) -> Vec<ElementRef<'_>> {
    let mut entries: Vec<ElementRef<'_>> = Vec::new();
    let mut seen: Vec<ElementRef<'_>> = Vec::new();
    for e in doc.select(&ENTRY) {
        // Only outermost entries: an `article.hentry` or an entry inside an entry is one.
        if e.ancestors().any(|a| seen.iter().any(|s| s.id() == a.id())) {
            continue;
        }
        seen.push(e);
        if e.select(&ENTRY_HEADING_LINK).next().is_some() {
            entries.push(e);
        }
    }
    entries
}

/// How many entries the page shows (see [`entries`]): a post shows one (or none), a
/// listing several — the front page, a year's archive — even when each holds a whole post.
pub fn entry_count(doc: &Html) -> usize {
    entries(doc).len()
}

fn text_len(e: ElementRef<'_>) -> usize {
    e.text().map(|t| t.trim().len()).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_names() {
        for name in [
            "index.html",
            "about.htm",
            "index.html?p=12",
            "post.php",
            "about",
            "x.html.gz",
        ] {
            assert!(is_document_name(name), "{name}");
        }
        for name in ["a.jpg", "style.css", "app.js", "robots.txt", "a.pdf"] {
            assert!(!is_document_name(name), "{name}");
        }
    }

    #[test]
    fn listing_paths() {
        let cases = [
            ("blog.example/tag/rust/index.html", Some("tag-listing")),
            (
                "blog.example/category/news/local/index.html",
                Some("category-listing"),
            ),
            ("author/ann/index.html", Some("author-listing")),
            ("page/2/index.html", Some("pagination")),
            ("category/news/page/3/index.html", Some("pagination")),
            ("2011/index.html", Some("date-archive")),
            ("blog.example/2011/01/index.html", Some("date-archive")),
            ("2011/01/23/index.html", Some("date-archive")),
            ("feed/index.html", Some("feed")),
            ("2011/01/23/victory/feed/index.html", Some("feed")),
            ("index.html?s=query.html", Some("search-page")),
            ("search/label/travel.html", Some("search-page")),
            (
                "2011/01/23/victory/attachment/photo/index.html",
                Some("attachment-page"),
            ),
            ("index.html?attachment_id=5", Some("attachment-page")),
            (
                "2011/01/23/victory/index.html?replytocom=4.html",
                Some("comment-page"),
            ),
            (
                "2011/01/23/victory/comment-page-2/index.html",
                Some("comment-page"),
            ),
            ("wp-login.php", Some("system-page")),
            (
                "2005/01/29/linking/index.html?share=facebook.html",
                Some("share-link"),
            ),
            ("2022/05/06/ribelli/embed/index.html", Some("embed-page")),
            ("blog/page2/index.html", Some("pagination")),
            ("tagged/travel/index.html", Some("tag-listing")),
            ("2016/05/page-one-of-my-diary/index.html", None),
            ("2011/01/23/victory/index.html", None),
            ("2005/07.1.html", Some("date-archive")),
            ("page/3.1.html", Some("pagination")),
            ("2011/01/tagged-and-bagged.html", None),
            ("about/index.html", None),
            ("category-theory-for-programmers/index.html", None),
            ("index.html", None),
        ];
        for (path, want) in cases {
            let got = by_path(path).map(|k| match k {
                PageKind::Skip(code, _) => code,
                _ => "convert",
            });
            assert_eq!(got, want, "{path}");
        }
    }

    fn kind(html: &str) -> PageKind {
        classify("x/index.html", None, &Html::parse_document(html))
    }

    #[test]
    fn wordpress_body_classes() {
        let cases = [
            ("home blog", LISTING),
            ("archive category category-news", CATEGORY),
            ("archive tag tag-rust tag-12", TAG),
            ("archive author author-ann", AUTHOR),
            ("archive date", DATE_ARCHIVE),
            ("search search-results", SEARCH),
            ("error404", NOT_FOUND),
            ("home blog paged paged-2", PAGINATION),
            ("attachment single single-attachment postid-9", ATTACHMENT),
            ("page-template-default page page-id-2", PageKind::Page),
            (
                "post-template-default single single-post postid-7",
                PageKind::Post,
            ),
            ("post-template tag-rust", PageKind::Post),
        ];
        for (class, want) in cases {
            let html = format!("<html><body class=\"{class}\"><p>x</p></body></html>");
            assert_eq!(kind(&html), want, "{class}");
        }
    }

    fn entry(title: &str, words: usize) -> String {
        format!(
            "<article><h2><a href=\"/{title}/\">{title}</a></h2><p>{}</p></article>",
            "word ".repeat(words)
        )
    }

    #[test]
    fn listings_by_shape() {
        let listing = format!(
            "<html><body><main>{}{}{}</main></body></html>",
            entry("a", 60),
            entry("b", 50),
            entry("c", 70)
        );
        assert_eq!(kind(&listing), LISTING);
        let post_with_teasers = format!(
            "<html><body>{}<aside>{}{}</aside></body></html>",
            entry("main", 800),
            entry("related-1", 20),
            entry("related-2", 20)
        );
        assert_eq!(kind(&post_with_teasers), PageKind::Post);
        let paged = "<html><head><link rel=next href=\"https://x.example/page/2/\"></head>\
                     <body><p>x</p></body></html>";
        assert_eq!(kind(paged), LISTING);
        let stub = "<html><head><meta http-equiv=refresh content=\"0; url=../a/index.html\">\
                    </head><body>Moved</body></html>";
        assert_eq!(kind(stub), REDIRECT);
    }

    #[test]
    fn feeds_saved_as_pages() {
        assert!(is_feed(b"<?xml version=\"1.0\"?><rss version=\"2.0\">"));
        assert!(is_feed(
            b"\xef\xbb\xbf<feed xmlns=\"http://www.w3.org/2005/Atom\">"
        ));
        assert!(!is_feed(b"<!DOCTYPE html><html><body>"));
        assert!(!is_feed(
            b"<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">"
        ));
    }
}
