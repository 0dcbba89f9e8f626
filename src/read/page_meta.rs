//! The front matter of a scraped page: title, dates, author, taxonomy, URL and image, read from
//! the places blogs publish them, most trusted first (JSON-LD, `article:*`/OpenGraph meta, the
//! theme's own markup, the URL, visible bylines).
//!
//! Reading happens on the untouched DOM, before boilerplate removal, because the entry meta and
//! entry footer that the cleaner drops are exactly where themes print date, author and terms.

use crate::doc::DateTime;
use crate::html::clean;
use crate::read::dates::{find_date, parse_iso};
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use std::sync::LazyLock;

/// Metadata found on a page; every field optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageMeta {
    pub title: Option<String>,
    pub date: Option<DateTime>,
    pub updated: Option<DateTime>,
    pub author: Option<String>,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub description: Option<String>,
    pub image: Option<String>,
    pub url: Option<String>,
    pub site_name: Option<String>,
    /// `articleBody` from JSON-LD, when the page carries one: a hint for finding the container.
    pub article_body: Option<String>,
    /// The signals behind `title`, `date` and `author`, kept apart so that a reader who sees
    /// the whole site can weigh them against the site's template: the `<title>` as written,
    /// `og:title` (or `twitter:title`), JSON-LD's headline, the machine-written publication
    /// date (JSON-LD, `article:published_time` and kin) and author (JSON-LD, `<meta>`).
    pub signals: Signals,
}

/// What a page's head and structured data say, each on its own (see [`PageMeta::signals`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Signals {
    pub page_title: Option<String>,
    /// The title and author a feed saved beside the page gives it (set by a mirror's
    /// reader).
    pub feed_title: Option<String>,
    pub feed_author: Option<String>,
    pub og_title: Option<String>,
    pub ld_title: Option<String>,
    pub date: Option<DateTime>,
    pub author: Option<String>,
    /// The blog engine's own number for the post: WordPress's `postid-N` (`page-id-N`) body
    /// class or `?p=N` shortlink. Two pages with different numbers are two posts, however
    /// alike they read.
    pub post_id: Option<u64>,
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad built-in selector {css:?}: {e:?}"))
}

static LD_JSON: LazyLock<Selector> =
    LazyLock::new(|| sel(r#"script[type="application/ld+json" i]"#));
static CANONICAL: LazyLock<Selector> = LazyLock::new(|| sel(r#"link[rel~="canonical" i][href]"#));
const ENTRY_TITLE_CSS: &[&str] = &[
    "h1.entry-title",
    "h1.post-title",
    "h1.wp-block-post-title",
    "h1[itemprop~=headline]",
    "h2.entry-title",
    "h2.post-title",
    ".entry-title",
    ".post-title",
    ".wp-block-post-title",
    "[itemprop~=headline]",
    "h1.article-title",
    "h1.headline",
];
static ENTRY_TITLE: LazyLock<Vec<Selector>> =
    LazyLock::new(|| ENTRY_TITLE_CSS.iter().map(|c| sel(c)).collect());
/// Any of [`ENTRY_TITLE_CSS`], to find them all in one walk.
static ENTRY_TITLE_ANY: LazyLock<Selector> = LazyLock::new(|| sel(&ENTRY_TITLE_CSS.join(", ")));
static HEADING: LazyLock<Selector> = LazyLock::new(|| sel("h1, h2, h3"));
static H1: LazyLock<Selector> = LazyLock::new(|| sel("h1"));
static TIME: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        "time.entry-date, time.published, .entry-date time, .posted-on time, \
         time[itemprop~=datePublished], .wp-block-post-date time, abbr.published, \
         time[pubdate], time.dt-published",
    )
});
static ANY_TIME: LazyLock<Selector> = LazyLock::new(|| sel("time[datetime]"));
static UPDATED: LazyLock<Selector> =
    LazyLock::new(|| sel("time.updated[datetime], time[itemprop~=dateModified][datetime]"));
static PUBLISHED_TEXT: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        ".published, .entry-date, .post-date, .date, .posted-on, .entry-meta, .byline, \
         .post-meta, .meta, .postmetadata, .date-header, .dateline, .timestamp",
    )
});
const AUTHOR_CSS: &[&str] = &[
    ".author .fn",
    ".author.vcard a",
    ".vcard .fn",
    ".byline .author a",
    ".entry-author-name",
    ".author-name",
    "[itemprop~=author] [itemprop~=name]",
    ".wp-block-post-author__name",
    ".wp-block-post-author-name",
    ".p-author",
    "a[rel~=author]",
    "[itemprop~=author]",
    ".byline .author",
    ".byline a",
    ".by-author a",
    ".post-author a",
    ".author a",
    ".post-author",
    ".byline",
];
static AUTHOR: LazyLock<Vec<Selector>> =
    LazyLock::new(|| AUTHOR_CSS.iter().map(|c| sel(c)).collect());
/// Any of [`AUTHOR_CSS`], to find them all in one walk.
static AUTHOR_ANY: LazyLock<Selector> = LazyLock::new(|| sel(&AUTHOR_CSS.join(", ")));
static TERM_BOX: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        ".taxonomy-category, .taxonomy-post_tag, .cat-links, .tags-links, .tag-links, \
         .post-categories, .post-tags, .entry-categories, .entry-tags",
    )
});
static TERM_LINK: LazyLock<Selector> = LazyLock::new(|| sel("a[rel], a[href]"));
static POST_SCOPE: LazyLock<Selector> = LazyLock::new(|| {
    sel(
        "article, .hentry, .type-post, .post, .h-entry, [itemtype*=BlogPosting], \
         [itemtype*=Article]",
    )
});

/// Reads everything the page says about itself. `content` is the element the extractor chose
/// as the post body (or `None`), used to tell the post's own terms from a sidebar's.
pub fn read_meta(doc: &Html, content: Option<ElementRef<'_>>) -> PageMeta {
    let scan = Scan::new(doc);
    let ld = JsonLd::read(&scan.ld);
    let metas = MetaTags::read(&scan.metas);
    let mut m = PageMeta {
        site_name: metas
            .first(&["og:site_name", "application-name"])
            .or_else(|| ld.site_name.clone()),
        ..PageMeta::default()
    };

    let scope = content.and_then(post_scope);

    // Title.
    // The theme's title element inside the post (by priority, not document order); with no
    // post element around the body, the first one on the page outside comments and widgets.
    let title_root = scope.unwrap_or_else(|| doc.root_element());
    let candidates: Vec<ElementRef<'_>> = title_root
        .select(&ENTRY_TITLE_ANY)
        .filter(|e| !in_widget(*e, title_root))
        .collect();
    let entry_title = ENTRY_TITLE.iter().find_map(|s| {
        candidates
            .iter()
            .filter(|e| s.matches(e))
            // A wrapper named like a title (`<header class="post-title">`) holds the heading.
            .map(|e| e.select(&HEADING).next().unwrap_or(*e))
            .map(|e| collapse(&text_of(e)))
            .find(|t| !t.is_empty() && t.chars().count() < 300)
    });
    let scope_h1 = scope
        .and_then(|s| first_text(s, &H1))
        .or_else(|| scope.and_then(|s| first_text(s, &HEADING)));
    let h1s: Vec<String> = scan
        .h1s
        .iter()
        .map(|h| collapse(&text_of(*h)))
        .filter(|t| !t.is_empty())
        .take(8)
        .collect();
    let page_title = scan.title.map(|t| collapse(&text_of(t)));
    let og_title = metas.first(&["og:title", "twitter:title", "title", "dc.title", "headline"]);
    let mut sites: Vec<String> = m.site_name.iter().cloned().collect();
    sites.extend(ld.site_name.iter().cloned());
    // The site's own title: a heading or logo that links home.
    sites.extend(scan.home_titles.iter().cloned());
    m.signals.post_id = scan.post_id;
    m.signals.page_title = page_title.clone().filter(|t| !t.is_empty());
    m.signals.og_title = og_title.clone();
    m.signals.ld_title = ld.headline.clone();
    m.title = choose_title(
        ld.headline.as_deref(),
        og_title.as_deref(),
        entry_title.as_deref(),
        scope_h1.as_deref(),
        &h1s,
        page_title.as_deref(),
        &sites,
    );

    // A visible "Published by Ann on 3 March 2015" line near the top of the post.
    let byline = scope
        .and_then(visible_byline)
        .or_else(|| content.and_then(visible_byline));

    // Dates.
    m.signals.date = ld.published.as_deref().and_then(date_value).or_else(|| {
        metas
            .all(&[
                "article:published_time",
                "og:article:published_time",
                "datepublished",
                "date",
                "dc.date",
                "dc.date.issued",
                "dcterms.created",
                "pubdate",
                "publishdate",
                "publish-date",
                "parsely-pub-date",
                "sailthru.date",
                "article.published",
                "published_time",
            ])
            .find_map(|v| date_value(&v))
    });
    m.date = m
        .signals
        .date
        .or_else(|| time_in(scope, doc, &TIME))
        .or_else(|| time_in(scope, doc, &ANY_TIME))
        .or_else(|| {
            scope
                .into_iter()
                .flat_map(|s| s.select(&PUBLISHED_TEXT))
                .chain(doc.select(&PUBLISHED_TEXT))
                .take(12)
                .find_map(|e| find_date(&collapse(&text_of(e))))
        })
        .or_else(|| byline.as_ref().and_then(|(_, d)| *d));
    m.updated = ld
        .modified
        .as_deref()
        .and_then(date_value)
        .or_else(|| {
            metas
                .all(&["article:modified_time", "og:updated_time", "datemodified"])
                .find_map(|v| date_value(&v))
        })
        .or_else(|| time_in(scope, doc, &UPDATED));

    // Author.
    m.signals.author = ld.author.clone().or_else(|| {
        metas
            .all(&[
                "author",
                "article:author",
                "parsely-author",
                "dc.creator",
                "byl",
            ])
            .map(|a| clean_author(&a))
            .find(|a| !a.is_empty() && !a.contains("://"))
    });
    m.author = m
        .signals
        .author
        .clone()
        .or_else(|| {
            let roots = [scope, Some(doc.root_element())];
            roots.iter().flatten().find_map(|root| {
                let found: Vec<ElementRef<'_>> = root
                    .select(&AUTHOR_ANY)
                    .filter(|e| !in_widget(*e, *root))
                    .collect();
                AUTHOR.iter().find_map(|s| {
                    found
                        .iter()
                        .filter(|e| s.matches(e))
                        .map(|e| clean_author(&text_of(*e)))
                        .find(|a| !a.is_empty() && a.chars().count() <= 80)
                })
            })
        })
        .or_else(|| byline.as_ref().and_then(|(a, _)| a.clone()));

    // Canonical URL.
    m.url = scan
        .canonical
        .iter()
        .filter_map(|l| l.value().attr("href"))
        .map(str::trim)
        .find(|h| h.starts_with("http"))
        .map(String::from)
        .or_else(|| metas.first(&["og:url"]).filter(|u| u.starts_with("http")))
        .or_else(|| ld.url.clone());
    if m.date.is_none() {
        m.date = m.url.as_deref().and_then(url_date);
    }

    // Terms: links the theme marks as the post's own, inside the post (or, for block themes
    // that have no post element, in the page outside widgets).
    let (cats, tags) = terms_in(scope.unwrap_or_else(|| doc.root_element()));
    m.categories = cats;
    m.tags = tags;
    if m.categories.is_empty() {
        m.categories = dedup(metas.all(&["article:section"]).collect());
        if m.categories.is_empty() {
            m.categories = dedup(ld.sections.clone());
        }
    }
    if m.tags.is_empty() {
        m.tags = dedup(metas.all(&["article:tag"]).collect());
    }

    m.description = metas
        .first(&["og:description", "description", "twitter:description"])
        .or_else(|| ld.description.clone())
        .filter(|d| !d.is_empty());
    // A site icon or avatar stands in for posts without an image; it is not the post's.
    let icon = |u: &str| {
        [
            "blavatar",
            "gravatar.com",
            "favicon",
            "apple-touch-icon",
            "site-icon",
        ]
        .iter()
        .any(|w| u.contains(w))
    };
    m.image = metas
        .all(&[
            "og:image",
            "og:image:url",
            "og:image:secure_url",
            "twitter:image",
        ])
        .chain(ld.image.clone())
        .find(|i| !i.is_empty() && !icon(i));
    m.article_body = ld.body;
    m
}

/// The element standing for the whole post (title, meta, body, footer) around `content`.
pub fn post_scope(content: ElementRef<'_>) -> Option<ElementRef<'_>> {
    let mut node = Some(content);
    let mut depth = 0;
    while let Some(e) = node {
        if depth > 0 && POST_SCOPE.matches(&e) && e.value().name() != "body" {
            return Some(e);
        }
        depth += 1;
        node = e.parent().and_then(ElementRef::wrap);
    }
    // The extractor may have taken the post element itself (a Blogger `.hentry` whose body
    // is too short to stand alone).
    (POST_SCOPE.matches(&content) && content.value().name() != "body").then_some(content)
}

/// Categories (`rel~=category`) and tags (`rel~=tag` without `category`) linked inside `scope`.
fn terms_in(scope: ElementRef<'_>) -> (Vec<String>, Vec<String>) {
    let mut cats = Vec::new();
    let mut tags = Vec::new();
    for a in scope.select(&TERM_LINK) {
        let rel = a.value().attr("rel").unwrap_or("").to_ascii_lowercase();
        let mut rels: Vec<&str> = rel.split_ascii_whitespace().collect();
        if !rels.contains(&"category") && !rels.contains(&"tag") {
            // A theme's own term list without `rel`: links to term archives in a box named
            // for terms ("Categories: Agenda, News" in `div.post-cat-holder`).
            match a.value().attr("href").and_then(taxonomy_of) {
                Some(kind) if in_term_box(a, scope) => rels.push(kind),
                _ => continue,
            }
        }
        if in_widget(a, scope) {
            continue;
        }
        let name = collapse(&text_of(a));
        if name.is_empty() || name.chars().count() > 100 {
            continue;
        }
        // Block themes mark both taxonomies `rel=tag`; the box around says which.
        let boxed = a
            .ancestors()
            .filter_map(ElementRef::wrap)
            .take(4)
            .find(|b| TERM_BOX.matches(b))
            .map(|b| clean::hint_of(b.value()));
        match boxed {
            Some(h) if h.contains("categor") || h.contains("cat-links") => cats.push(name),
            Some(h) if h.contains("tag") => tags.push(name),
            _ if rels.contains(&"category") => cats.push(name),
            _ => tags.push(name),
        }
    }
    (dedup(cats), dedup(tags))
}

/// Which term archive a link leads to, by its address: `category` for `/category/x/`
/// (`/categories/x`, `?cat=`), `tag` for `/tag/x/` (`/tags/x`, Blogger's `/label/x`, `?tag=`).
fn taxonomy_of(href: &str) -> Option<&'static str> {
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    for kv in query.split('&') {
        match kv.split('=').next() {
            Some("cat") => return Some("category"),
            Some("tag") => return Some("tag"),
            _ => {}
        }
    }
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    segs.windows(2).find_map(|w| match w[0] {
        "category" | "categories" => Some("category"),
        "tag" | "tags" | "label" => Some("tag"),
        _ => None,
    })
}

/// Whether a link sits in a box named for terms, up to three levels up, below `scope`.
fn in_term_box(a: ElementRef<'_>, scope: ElementRef<'_>) -> bool {
    a.ancestors()
        .filter_map(ElementRef::wrap)
        .take_while(|p| p.id() != scope.id())
        .take(3)
        .any(|p| {
            let h = clean::hint_of(p.value());
            ["cat", "tag", "term", "taxonom", "label", "topic"]
                .iter()
                .any(|w| h.contains(w))
        })
}

/// Whether `e` sits in a widget, menu, related-posts box or comment below `scope`.
fn in_widget(e: ElementRef<'_>, scope: ElementRef<'_>) -> bool {
    let mut node = e.parent().and_then(ElementRef::wrap);
    while let Some(p) = node {
        if p.id() == scope.id() {
            return false;
        }
        let el = p.value();
        let hint = format!(
            "{} {}",
            el.attr("class").unwrap_or(""),
            el.attr("id").unwrap_or("")
        )
        .to_ascii_lowercase();
        // Not `tagcloud`: themes style the post's own tag list with the cloud's class
        // (`<div class="tagcloud">` under "Tagged with"); a real cloud sits in a widget.
        // Menus link every category the site has, on every page.
        if ["widget", "related", "sidebar", "comment", "menu", "nav"]
            .iter()
            .any(|w| hint.contains(w))
            || matches!(el.name(), "nav" | "aside")
        {
            return true;
        }
        node = p.parent().and_then(ElementRef::wrap);
    }
    false
}

fn time_in(scope: Option<ElementRef<'_>>, doc: &Html, s: &Selector) -> Option<DateTime> {
    let from = |e: ElementRef<'_>| {
        e.value()
            .attr("datetime")
            .or_else(|| e.value().attr("title"))
            .or_else(|| e.value().attr("content"))
            .and_then(date_value)
            .or_else(|| find_date(&collapse(&text_of(e))))
    };
    if let Some(scope) = scope
        && let Some(d) = scope.select(s).find_map(from)
    {
        return Some(d);
    }
    doc.select(s).take(5).find_map(from)
}

/// A machine-written date: ISO 8601 first, then anything [`find_date`] reads.
pub(crate) fn date_value(s: &str) -> Option<DateTime> {
    let s = s.trim();
    parse_iso(s)
        .or_else(|| parse_compact(s))
        .or_else(|| find_date(s))
}

/// `20200218T103500Z`-style or `2020/02/18` dates.
fn parse_compact(s: &str) -> Option<DateTime> {
    let b = s.as_bytes();
    if b.len() >= 10 && b[4] == b'/' && b[7] == b'/' {
        return parse_iso(&s[..10].replace('/', "-"));
    }
    if b.len() >= 8 && b[..8].iter().all(u8::is_ascii_digit) {
        return parse_iso(&format!("{}-{}-{}", &s[..4], &s[4..6], &s[6..8]));
    }
    None
}

/// `/2014/06/01/slug/` in a permalink.
pub fn url_date(url: &str) -> Option<DateTime> {
    let path = url_path(url);
    let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    parts.windows(3).find_map(|w| {
        let ok = |s: &str, n: usize| s.len() == n && s.bytes().all(|c| c.is_ascii_digit());
        if ok(w[0], 4) && ok(w[1], 2) && ok(w[2], 2) {
            DateTime::parse_wp(&format!("{}-{}-{}", w[0], w[1], w[2]))
        } else {
            None
        }
    })
}

/// The path of an absolute URL (`/2014/06/01/no/`), without query or fragment.
pub fn url_path(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    path.split(['?', '#']).next().unwrap_or(path)
}

/// "Published by Ann Whitlock on 3 March 2015": author and date from a short line at the
/// top of the post body. A short post's first lines may be its comments ("By Ann on 3 March
/// 2015 | Reply"): those are passed over.
fn visible_byline(content: ElementRef<'_>) -> Option<(Option<String>, Option<DateTime>)> {
    for e in content
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|e| {
            matches!(
                e.value().name(),
                "p" | "div" | "span" | "small" | "em" | "i"
            ) && !in_comments(*e, content)
        })
        .take(12)
    {
        let t = collapse(&text_of(e));
        if t.is_empty() || t.chars().count() > 150 {
            continue;
        }
        let lower = t.to_lowercase();
        let date = find_date(&t);
        let author = ["by ", "von ", "par ", "por ", "door ", "di ", "da "]
            .iter()
            .find_map(|w| {
                let at = lower.find(w)?;
                let start = at + w.len();
                let name: Vec<&str> = t
                    .get(start..)?
                    .split_whitespace()
                    .take_while(|x| {
                        x.chars().next().is_some_and(char::is_uppercase)
                            && !x.chars().any(|c| c.is_ascii_digit())
                    })
                    .take(4)
                    .collect();
                (!name.is_empty()).then(|| {
                    name.join(" ")
                        .trim_end_matches([',', '.', '|', ';'])
                        .to_string()
                })
            });
        if date.is_some() && (author.is_some() || lower.contains("publi") || lower.contains("post"))
        {
            return Some((author, date));
        }
    }
    None
}

/// Whether `e` (or an ancestor up to `scope`) is a comment or the comment list.
pub(crate) fn in_comments(e: ElementRef<'_>, scope: ElementRef<'_>) -> bool {
    std::iter::once(e)
        .chain(e.ancestors().filter_map(ElementRef::wrap))
        .take_while(|a| a.id() != scope.id())
        .any(|a| {
            let v = a.value();
            v.id().is_some_and(|id| id.starts_with("comment"))
                || v.classes().any(|c| c.starts_with("comment"))
        })
}

pub(crate) fn clean_author(s: &str) -> String {
    let s = collapse(s);
    let mut t = s.as_str();
    for prefix in [
        "Posted by ",
        "posted by ",
        "Written by ",
        "written by ",
        "Published by ",
        "Publié par ",
        "Publicado por ",
        "Veröffentlicht von ",
        "Geschrieben von ",
    ] {
        if let Some(r) = t.strip_prefix(prefix) {
            t = r;
        }
    }
    for prefix in [
        "by ", "By ", "BY ", "von ", "Von ", "par ", "Par ", "por ", "Por ", "di ", "door ",
    ] {
        if let Some(r) = t.strip_prefix(prefix) {
            t = r;
        }
    }
    t.trim_matches(|c: char| c.is_whitespace() || c == ',' || c == '|' || c == '·')
        .to_string()
}

/// Picks the post title among what the page offers, stripping the site name that `<title>` and
/// often `og:title` append.
fn choose_title(
    ld: Option<&str>,
    og: Option<&str>,
    entry: Option<&str>,
    scope_h1: Option<&str>,
    h1s: &[String],
    page: Option<&str>,
    sites: &[String],
) -> Option<String> {
    let good = |s: &&str| !s.trim().is_empty();
    // A theme's own heading is the literal title; trust it when another source agrees or
    // when it is all there is.
    let strip = |t: &str| strip_site(t, sites, h1s);
    // The theme's title heading inside the post is what readers saw; `og:title` and even
    // JSON-LD are often an SEO rewrite of it. It loses only to a source that extends it.
    if let Some(e) = entry.filter(good)
        && !sites.iter().any(|s| norm(s) == norm(e))
    {
        return Some(e.to_string());
    }
    // A plain `h1` in the post is trusted when another source agrees with it.
    if let Some(h) = scope_h1.filter(good) {
        let agrees = [ld, og, page]
            .iter()
            .flatten()
            .any(|t| norm(&strip(t)) == norm(h) || norm(t).starts_with(&norm(h)));
        if agrees || (ld.is_none() && og.is_none()) {
            return Some(h.to_string());
        }
    }
    if let Some(t) = ld.filter(good) {
        return Some(strip(t));
    }
    if let Some(t) = og.filter(good) {
        return Some(strip(t));
    }
    if let Some(e) = entry.filter(good) {
        return Some(e.to_string());
    }
    if let Some(p) = page.filter(good) {
        // "Site: Post title" with a heading that repeats the post title.
        let pn = norm(p);
        if let Some(h) = h1s.iter().find(|h| {
            let hn = norm(h);
            hn.len() * 5 >= pn.len() * 2 && (pn.ends_with(&hn) || pn.starts_with(&hn))
        }) {
            return Some(h.clone());
        }
        let stripped = strip(p);
        if let Some(h) = h1s.iter().find(|h| norm(h) == norm(&stripped)) {
            return Some(h.clone());
        }
        return Some(stripped);
    }
    h1s.first().cloned()
}

pub(crate) const SEPARATORS: &[&str] = &[
    " | ", " - ", " – ", " — ", " · ", " » ", " « ", " › ", " ‹ ", " > ", " :: ", " // ", " / ",
    " ~ ", " • ", ": ",
];

/// Removes a site-name part from a title: the part equal to a known site name, or, failing
/// that, keeps the part a page heading repeats.
pub(crate) fn strip_site(title: &str, sites: &[String], h1s: &[String]) -> String {
    let title = collapse(title);
    if h1s.iter().any(|h| norm(h) == norm(&title)) {
        return title;
    }
    for sep in SEPARATORS {
        if !title.contains(sep) {
            continue;
        }
        let parts: Vec<&str> = title.split(sep).collect();
        let is_site = |p: &str| {
            let n = norm(p);
            !n.is_empty()
                && sites
                    .iter()
                    .any(|s| norm(s) == n || (norm(s).contains(&n) && n.len() > 3))
        };
        let kept: Vec<&str> = parts.iter().copied().filter(|p| !is_site(p)).collect();
        if kept.len() < parts.len() && !kept.is_empty() {
            return kept.join(sep);
        }
        // No known site name: a heading that equals one side decides.
        for n in (1..parts.len()).rev() {
            let head = parts[..n].join(sep);
            if h1s.iter().any(|h| norm(h) == norm(&head)) {
                return head;
            }
        }
    }
    title
}

/// Lower-cased words, for comparing titles across punctuation and spacing.
pub(crate) fn norm(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

fn dedup(items: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(items.len());
    for i in items {
        let i = collapse(&i);
        if !i.is_empty() && !out.iter().any(|o| o == &i) {
            out.push(i);
        }
    }
    out
}

fn first_text(scope: ElementRef<'_>, s: &Selector) -> Option<String> {
    scope
        .select(s)
        .map(|e| collapse(&text_of(e)))
        .find(|t| !t.is_empty() && t.chars().count() < 400)
}

/// Text of an element, skipping script and style.
pub fn text_of(e: ElementRef<'_>) -> String {
    let mut out = String::new();
    for n in e.descendants() {
        if let Some(t) = n.value().as_text() {
            let hidden = n.ancestors().take(4).any(|a| {
                a.value()
                    .as_element()
                    .is_some_and(|el| matches!(el.name(), "script" | "style" | "noscript"))
            });
            if !hidden {
                out.push_str(t);
            }
        }
    }
    out
}

/// Whitespace collapsed to single spaces, trimmed.
pub fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The elements metadata is read from, collected in one walk over the document.
struct Scan<'a> {
    ld: Vec<ElementRef<'a>>,
    metas: Vec<ElementRef<'a>>,
    canonical: Vec<ElementRef<'a>>,
    title: Option<ElementRef<'a>>,
    h1s: Vec<ElementRef<'a>>,
    /// Text of headings and links that lead to the site's home page.
    home_titles: Vec<String>,
    post_id: Option<u64>,
}

/// WordPress's number for the post a page shows, from `<body class="… postid-N">` (or
/// `page-id-N`) or `<link rel="shortlink" href="…?p=N">`.
fn wordpress_post_id(e: ElementRef<'_>) -> Option<u64> {
    let v = e.value();
    match v.name() {
        "body" => v.attr("class")?.split_whitespace().find_map(|c| {
            c.strip_prefix("postid-")
                .or_else(|| c.strip_prefix("page-id-"))?
                .parse()
                .ok()
        }),
        "link"
            if v.attr("rel")?
                .split_whitespace()
                .any(|r| r.eq_ignore_ascii_case("shortlink")) =>
        {
            let query = v.attr("href")?.split_once('?')?.1;
            query.split('&').find_map(|kv| match kv.split_once('=')? {
                ("p" | "page_id", n) => n.parse().ok(),
                _ => None,
            })
        }
        _ => None,
    }
}

/// A heading whose only link goes to the site root (`/`, `https://host/`): the site title.
fn links_home(h: ElementRef<'_>) -> bool {
    h.descendants().filter_map(ElementRef::wrap).any(|a| {
        a.value().name() == "a"
            && a.value().attr("href").is_some_and(|href| {
                let rest = href.split_once("://").map_or(href, |(_, r)| r);
                href == "/"
                    || (href.contains("://") && rest.trim_end_matches('/').find('/').is_none())
            })
    })
}

impl<'a> Scan<'a> {
    fn new(doc: &'a Html) -> Scan<'a> {
        let mut s = Scan {
            ld: Vec::new(),
            metas: Vec::new(),
            canonical: Vec::new(),
            title: None,
            h1s: Vec::new(),
            home_titles: Vec::new(),
            post_id: None,
        };
        for n in doc.tree.root().descendants() {
            let Some(e) = ElementRef::wrap(n) else {
                continue;
            };
            if s.post_id.is_none() && matches!(e.value().name(), "body" | "link") {
                s.post_id = wordpress_post_id(e);
            }
            match e.value().name() {
                "script" if LD_JSON.matches(&e) => s.ld.push(e),
                "meta" if e.value().attr("content").is_some() => s.metas.push(e),
                "link" if CANONICAL.matches(&e) => s.canonical.push(e),
                "title" if s.title.is_none() => s.title = Some(e),
                "h1" => {
                    if links_home(e) {
                        s.home_titles.push(collapse(&text_of(e)));
                    } else {
                        s.h1s.push(e);
                    }
                }
                "a" if e.value().attr("rel").is_some_and(|r| r.contains("home")) => {
                    let t = collapse(&text_of(e));
                    if !t.is_empty() {
                        s.home_titles.push(t);
                    }
                }
                _ => {}
            }
        }
        s
    }
}

/// `<meta name|property=… content=…>` by lower-cased key, in document order.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(metas: &[ElementRef<'_>]) -> MetaTags {
        let mut v = Vec::new();
        for m in metas {
            let e = m.value();
            let Some(content) = e.attr("content") else {
                continue;
            };
            for key in [e.attr("property"), e.attr("name"), e.attr("itemprop")]
                .into_iter()
                .flatten()
            {
                v.push((key.trim().to_ascii_lowercase(), collapse(content)));
            }
        }
        MetaTags(v)
    }

    fn all<'a>(&'a self, keys: &'a [&str]) -> impl Iterator<Item = String> + 'a {
        keys.iter().flat_map(move |k| {
            self.0
                .iter()
                .filter(move |(n, v)| n == k && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    }

    fn first(&self, keys: &[&str]) -> Option<String> {
        self.all(keys).next()
    }
}

/// What JSON-LD says about the article.
#[derive(Default)]
struct JsonLd {
    headline: Option<String>,
    published: Option<String>,
    modified: Option<String>,
    author: Option<String>,
    description: Option<String>,
    image: Option<String>,
    url: Option<String>,
    sections: Vec<String>,
    site_name: Option<String>,
    body: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "article",
    "blogposting",
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "techarticle",
    "scholarlyarticle",
    "socialmediaposting",
    "liveblogposting",
    "report",
    "posting",
];

impl JsonLd {
    fn read(scripts: &[ElementRef<'_>]) -> JsonLd {
        let mut values: Vec<Value> = Vec::new();
        for s in scripts {
            let raw: String = s.text().collect();
            let raw = raw.trim();
            let raw = raw
                .trim_start_matches("<!--")
                .trim_start_matches("//<![CDATA[")
                .trim_end_matches("-->")
                .trim_end_matches("//]]>")
                .trim()
                .trim_end_matches(';');
            let v: Value = match serde_json::from_str(raw) {
                Ok(v) => v,
                Err(_) => {
                    // Raw newlines and tabs inside strings are common and invalid JSON.
                    let fixed: String = raw
                        .chars()
                        .map(|c| if c.is_control() { ' ' } else { c })
                        .collect();
                    match serde_json::from_str(&fixed) {
                        Ok(v) => v,
                        Err(_) => continue,
                    }
                }
            };
            values.push(v);
        }
        let mut nodes = Vec::new();
        for v in &values {
            flatten(v, &mut nodes, 0);
        }
        let mut ld = JsonLd::default();
        let people: Vec<(&str, String)> = nodes
            .iter()
            .filter_map(|n| {
                let id = n.get("@id")?.as_str()?;
                let name = n.get("name").and_then(string_of)?;
                Some((id, name))
            })
            .collect();
        for n in &nodes {
            if has_type(n, &["website"]) && ld.site_name.is_none() {
                ld.site_name = n.get("name").and_then(string_of);
            }
        }
        let article = nodes
            .iter()
            .find(|n| has_type(n, ARTICLE_TYPES))
            .or_else(|| nodes.iter().find(|n| has_type(n, &["webpage", "itempage"])));
        let Some(a) = article else {
            return ld;
        };
        let is_article = has_type(a, ARTICLE_TYPES);
        ld.headline = a
            .get("headline")
            .and_then(string_of)
            .or_else(|| a.get("name").and_then(string_of))
            .map(|t| collapse(&t));
        ld.published = a.get("datePublished").and_then(string_of);
        ld.modified = a.get("dateModified").and_then(string_of);
        ld.author = a.get("author").and_then(|v| author_names(v, &people));
        ld.description = a.get("description").and_then(string_of);
        ld.image = a.get("image").and_then(url_of);
        ld.url = a
            .get("url")
            .and_then(string_of)
            .or_else(|| a.get("mainEntityOfPage").and_then(url_of));
        if is_article {
            ld.sections = match a.get("articleSection") {
                Some(Value::Array(xs)) => xs.iter().filter_map(string_of).collect(),
                Some(v) => string_of(v).into_iter().collect(),
                None => Vec::new(),
            };
            ld.body = a.get("articleBody").and_then(string_of);
        }
        if !is_article {
            // A WebPage's name is usually "Title – Site"; keep it as a last resort only.
            ld.headline = None;
        }
        if let Some(p) = a
            .get("publisher")
            .and_then(|p| p.get("name"))
            .and_then(string_of)
            && ld.site_name.is_none()
        {
            ld.site_name = Some(p);
        }
        ld
    }
}

fn flatten<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 6 {
        return;
    }
    match v {
        Value::Array(xs) => xs.iter().for_each(|x| flatten(x, out, depth + 1)),
        Value::Object(o) => {
            out.push(v);
            if let Some(g) = o.get("@graph") {
                flatten(g, out, depth + 1);
            }
            if let Some(m) = o.get("mainEntity") {
                flatten(m, out, depth + 1);
            }
        }
        _ => {}
    }
}

fn has_type(v: &Value, types: &[&str]) -> bool {
    let matches = |t: &Value| {
        t.as_str().is_some_and(|s| {
            let s = s.rsplit('/').next().unwrap_or(s).to_ascii_lowercase();
            types.contains(&s.as_str())
        })
    };
    match v.get("@type") {
        Some(Value::Array(ts)) => ts.iter().any(matches),
        Some(t) => matches(t),
        None => false,
    }
}

fn string_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(html_unescape(s.trim())).filter(|s| !s.is_empty()),
        Value::Array(xs) => xs.iter().find_map(string_of),
        Value::Object(o) => o.get("@value").and_then(string_of),
        _ => None,
    }
}

fn url_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
        Value::Array(xs) => xs.iter().find_map(url_of),
        Value::Object(o) => o
            .get("url")
            .or_else(|| o.get("@id"))
            .or_else(|| o.get("contentUrl"))
            .and_then(url_of),
        _ => None,
    }
}

fn author_names(v: &Value, people: &[(&str, String)]) -> Option<String> {
    let one = |x: &Value| -> Option<String> {
        match x {
            Value::String(s) => Some(clean_author(s)).filter(|s| !s.contains("://")),
            Value::Object(o) => o
                .get("name")
                .and_then(string_of)
                .map(|n| clean_author(&n))
                .or_else(|| {
                    let id = o.get("@id")?.as_str()?;
                    people
                        .iter()
                        .find(|(i, _)| *i == id)
                        .map(|(_, n)| n.clone())
                }),
            _ => None,
        }
    };
    let names: Vec<String> = match v {
        Value::Array(xs) => xs.iter().filter_map(one).collect(),
        x => one(x).into_iter().collect(),
    };
    let names = dedup(names);
    (!names.is_empty()).then(|| names.join(", "))
}

/// The few entities that show up in JSON-LD strings written by HTML-minded plugins.
fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let frag = Html::parse_fragment(s);
    frag.root_element().text().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_name_is_stripped_from_titles() {
        let sites = vec!["Solder & Sawdust".to_string()];
        assert_eq!(
            strip_site("Repairing a Radio – Solder & Sawdust", &sites, &[]),
            "Repairing a Radio"
        );
        assert_eq!(
            strip_site(
                "Repairing a Radio | Blog",
                &[],
                &["Repairing a Radio".into()]
            ),
            "Repairing a Radio"
        );
        assert_eq!(strip_site("A - B", &[], &[]), "A - B");
    }

    #[test]
    fn url_dates_and_paths() {
        let u = "https://example.org/2014/06/01/no/?x=1";
        assert_eq!(url_date(u).map(|d| d.ymd()).as_deref(), Some("2014-06-01"));
        assert_eq!(url_path(u), "/2014/06/01/no/");
        assert!(url_date("https://example.org/2014/99/01/no/").is_none());
    }
}
