//! A WXR item becomes a [`Post`] — or a reason why it is not content.
//!
//! This is where WordPress's own rules live: which statuses are published, which post types are
//! internal, how dates carry their offset, how classic content gets its paragraphs, and which
//! page is whose parent. The site-wide facts an item needs (authors, attachments, parents) come
//! from the [`SiteIndex`] built in a first, cheap pass, so items can be converted in any order.

use crate::doc::{Comment, DateTime, Meta, Post};
use crate::read::wxr::{Channel, ContentFormat, Item};
use crate::slug;
use std::collections::{HashMap, HashSet};

/// Whether drafts are written (in the target's draft convention) or left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DraftPolicy {
    #[default]
    Include,
    Skip,
}

/// Why an item is not written. The strings are stable: they appear in the JSON report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    Attachment,
    Revision,
    NavMenuItem,
    Internal(String),
    Private,
    Trash,
    AutoDraft,
    Inherit,
    DraftSkipped,
    /// Something another platform exports that is not a post of the blog (its reader says
    /// what: Blogger's settings, Medium's responses…).
    NotAPost(String),
    /// An entry the reader could not read (see [`Item::unreadable`]): its row fails.
    Unreadable(String),
}

impl Skip {
    pub fn reason(&self) -> String {
        match self {
            Skip::Attachment => "attachment (media, not content)".into(),
            Skip::Revision => "revision".into(),
            Skip::NavMenuItem => "nav menu item".into(),
            Skip::Internal(t) => format!("WordPress internal type '{t}'"),
            Skip::Private => "private".into(),
            Skip::Trash => "trash".into(),
            Skip::AutoDraft => "auto-draft".into(),
            Skip::Inherit => "inherit (belongs to another item)".into(),
            Skip::DraftSkipped => "draft (--drafts skip)".into(),
            Skip::NotAPost(what) => what.clone(),
            Skip::Unreadable(why) => why.clone(),
        }
    }

    /// A short key for grouping in summaries.
    pub fn key(&self) -> &'static str {
        match self {
            Skip::Attachment => "attachment",
            Skip::Revision => "revision",
            Skip::NavMenuItem => "nav_menu_item",
            Skip::Internal(_) => "internal",
            Skip::Private => "private",
            Skip::Trash => "trash",
            Skip::AutoDraft => "auto-draft",
            Skip::Inherit => "inherit",
            Skip::DraftSkipped => "draft",
            Skip::NotAPost(_) => "not-a-post",
            Skip::Unreadable(_) => "unreadable",
        }
    }
}

/// Post types that hold site machinery or private data (form submissions, orders), never posts.
const INTERNAL_TYPES: &[&str] = &[
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
    "feedback",
    "shop_order",
    "shop_order_refund",
    "shop_coupon",
    "shop_webhook",
    "acf-field",
    "acf-field-group",
    "wpcf7_contact_form",
    "jp_pay_order",
    "jp_pay_product",
    "scheduled-action",
];

/// Decides what happens to an item; `Ok(draft)` means it is written.
pub fn classify(item: &Item, drafts: DraftPolicy) -> Result<bool, Skip> {
    if let Some(why) = &item.unreadable {
        return Err(Skip::Unreadable(why.clone()));
    }
    if let Some(what) = &item.not_a_post {
        return Err(Skip::NotAPost(what.clone()));
    }
    let ty = item.post_type.as_str();
    match ty {
        "attachment" => return Err(Skip::Attachment),
        "revision" => return Err(Skip::Revision),
        "nav_menu_item" => return Err(Skip::NavMenuItem),
        t if t.starts_with("wp_") || INTERNAL_TYPES.contains(&t) => {
            return Err(Skip::Internal(t.to_string()));
        }
        _ => {}
    }
    let draft = match item.status.as_str() {
        "publish" => false,
        "private" => return Err(Skip::Private),
        "trash" => return Err(Skip::Trash),
        "auto-draft" => return Err(Skip::AutoDraft),
        "inherit" => return Err(Skip::Inherit),
        // draft, pending, future, and anything unknown: not public, but not lost either.
        _ => true,
    };
    // A password-protected post is public in name only: it is kept, but as a draft, so its
    // content is not published by a build the user did not review.
    let draft = draft || item.has_password;
    if draft && drafts == DraftPolicy::Skip {
        return Err(Skip::DraftSkipped);
    }
    Ok(draft)
}

#[derive(Debug, Clone)]
struct Node {
    slug: String,
    parent: u64,
}

/// Small site-wide indexes from the first pass: nothing here grows with content size.
#[derive(Debug, Default)]
pub struct SiteIndex {
    pub channel: Channel,
    nodes: HashMap<u64, Node>,
    /// Attachments (URL, alt, caption, parent) and reusable blocks, for [`content_html_for`].
    pub site: crate::wp::expand::SiteData,
    /// Category and tag archive slugs → display names, for rewriting archive links.
    pub terms: Terms,
    /// Attachment pages (`link`, parent post id, attachment id), which old links and search
    /// engines know.
    attachment_pages: Vec<(Box<str>, u64, u64)>,
    parents_with_children: HashSet<u64>,
}

impl SiteIndex {
    /// Takes a file's channel data; the files of a split set each repeat the header, and
    /// their authors add up.
    pub fn merge_channel(&mut self, channel: Channel) {
        let c = &mut self.channel;
        for (mine, theirs) in [
            (&mut c.title, channel.title),
            (&mut c.link, channel.link),
            (&mut c.base_site_url, channel.base_site_url),
            (&mut c.base_blog_url, channel.base_blog_url),
        ] {
            if mine.is_empty() {
                *mine = theirs;
            }
        }
        if c.wxr_version.is_none() {
            c.wxr_version = channel.wxr_version;
        }
        for a in channel.authors {
            if !c.authors.iter().any(|x| x.login == a.login) {
                c.authors.push(a);
            }
        }
        // Archive links may name a category or tag no post of this file uses.
        for t in &channel.terms {
            let map = match t.taxonomy.as_str() {
                "category" => &mut self.terms.categories,
                "post_tag" => &mut self.terms.tags,
                _ => continue,
            };
            let key = slug::percent_decode(&t.slug).to_lowercase();
            if !key.is_empty() && !t.name.is_empty() {
                map.entry(key).or_insert_with(|| decode_entities(&t.name));
            }
        }
        c.terms.extend(channel.terms);
    }

    /// Records one item from the indexing pass.
    pub fn add(&mut self, item: &Item, ascii: bool) {
        for t in &item.terms {
            let map = match t.domain.as_str() {
                "category" => &mut self.terms.categories,
                "post_tag" | "tag" => &mut self.terms.tags,
                _ => continue,
            };
            if !t.nicename.is_empty() && !map.contains_key(&t.nicename) {
                let key = slug::percent_decode(&t.nicename).to_lowercase();
                map.insert(key, decode_entities(&t.name));
            }
        }
        let Some(id) = item.post_id else { return };
        let was_attachment = self.site.add_item(item);
        if was_attachment && item.post_type == "attachment" && !item.link.is_empty() {
            self.attachment_pages
                .push((item.link.as_str().into(), item.post_parent, id));
        }
        if was_attachment || matches!(item.post_type.as_str(), "attachment" | "wp_block") {
            return;
        }
        if item.post_type == "page" {
            if item.post_parent != 0 && item.post_parent != id {
                self.parents_with_children.insert(item.post_parent);
            }
            self.nodes.insert(
                id,
                Node {
                    slug: base_slug(item, ascii),
                    parent: item.post_parent,
                },
            );
        }
    }

    /// Whether a page has child pages (and so becomes a section).
    pub fn has_children(&self, id: Option<u64>) -> bool {
        id.is_some_and(|id| self.parents_with_children.contains(&id))
    }

    /// Slugs of a page's ancestors, outermost first; stops at cycles and unknown parents.
    pub fn ancestors(&self, mut parent: u64) -> Vec<String> {
        let mut chain = Vec::new();
        let mut seen = HashSet::new();
        while parent != 0 && seen.insert(parent) && chain.len() < 32 {
            let Some(node) = self.nodes.get(&parent) else {
                break;
            };
            chain.push(node.slug.clone());
            parent = node.parent;
        }
        chain.reverse();
        chain
    }

    /// Attachment pages with their parent post id (0 when unattached) and attachment id, in
    /// document order.
    pub fn attachment_pages(&self) -> &[(Box<str>, u64, u64)] {
        &self.attachment_pages
    }

    pub fn attachment_url(&self, id: &str) -> Option<&str> {
        let id: u64 = id.trim().parse().ok()?;
        self.site.attachments.get(&id).map(|a| a.url())
    }
}

/// The slug an item would have before collision handling: the stored slug, else the title,
/// else the type and id.
pub fn base_slug(item: &Item, ascii: bool) -> String {
    slug::component(&item.post_name, ascii)
        .or_else(|| slug::component(&slug::slugify(&decode_entities(&item.title), ascii), ascii))
        .unwrap_or_else(|| match item.post_id {
            Some(id) => format!(
                "{}-{id}",
                slug::component(&item.post_type, true).unwrap_or_else(|| "post".into())
            ),
            None => format!("untitled-{}", item.line),
        })
}

/// Plain text of a snippet of HTML (titles and excerpts carry entities and sometimes tags).
pub fn decode_entities(s: &str) -> String {
    if !s.contains(['&', '<']) {
        return s.trim().to_string();
    }
    let frag = scraper::Html::parse_fragment(s);
    let text: String = frag.root_element().text().collect();
    collapse_ws(&text)
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The item's publication date with its offset.
pub fn post_date(item: &Item) -> Option<DateTime> {
    date_pair(&item.post_date, &item.post_date_gmt)
}

/// The post type as a safe folder name (`post` when missing).
pub fn post_type(item: &Item) -> String {
    if item.post_type.is_empty() {
        "post".into()
    } else {
        slug::component(&item.post_type, true).unwrap_or_else(|| "post".into())
    }
}

/// Local date with the offset learned from the GMT twin, if both are real dates.
fn date_pair(local: &str, gmt: &str) -> Option<DateTime> {
    let local = DateTime::parse_wp(local)?;
    Some(match DateTime::parse_wp(gmt) {
        Some(utc) => local.with_offset_from_utc(&utc),
        None => local,
    })
}

/// The post's HTML as its platform would show it. WordPress content: block delimiters
/// removed from block-editor content, automatic paragraphs added to classic content (never to
/// both), shortcodes, embeds and block attributes expanded with the site's attachments and
/// reusable blocks and the item's footnotes (see [`crate::wp::expand`]), plus the warnings
/// (unknown shortcodes, missing attachments) and what was dropped on purpose for the report.
/// Other platforms' content by its own rule ([`crate::read::wxr::ContentFormat`]): no
/// shortcodes there, so `[brackets]` stay text, except WordPress's media shortcodes that an
/// earlier move from WordPress left ([`crate::wp::expand::leftover_shortcodes`]). On every
/// platform, code tags left from an
/// earlier Jekyll site are read as the code they marked ([`crate::html::liquid`]).
pub fn content_html_for(
    item: &Item,
    index: &SiteIndex,
    keep_unknown: bool,
) -> crate::wp::expand::Expanded {
    let mut e = platform_html(item, index, keep_unknown);
    if item.format != crate::read::wxr::ContentFormat::WordPress {
        let left = crate::wp::expand::leftover_shortcodes(&e.html);
        e.html = left.html;
        e.warnings.extend(left.warnings);
        e.dropped.extend(left.dropped);
    }
    if let Some((html, n)) = crate::html::liquid::code_tags(&e.html) {
        e.html = html;
        e.dropped.push(format!(
            "{n} Jekyll code tags ({{% highlight %}} and the like) read as the code they marked"
        ));
    }
    e
}

fn platform_html(
    item: &Item,
    index: &SiteIndex,
    keep_unknown: bool,
) -> crate::wp::expand::Expanded {
    use crate::read::wxr::ContentFormat;
    let html = match item.format {
        ContentFormat::WordPress => {
            let mut ctx = crate::wp::expand::ExpandContext::for_item(item, &index.site);
            ctx.keep_unknown = keep_unknown;
            return crate::wp::expand::expand(&item.content, &ctx);
        }
        ContentFormat::Html => item.content.clone(),
        ContentFormat::Breaks => crate::wp::autop::autop(&item.content),
        ContentFormat::Markdown => {
            let mut html = String::new();
            let opts = pulldown_cmark::Options::ENABLE_TABLES
                | pulldown_cmark::Options::ENABLE_FOOTNOTES
                | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
            pulldown_cmark::html::push_html(
                &mut html,
                pulldown_cmark::Parser::new_ext(&item.content, opts),
            );
            html
        }
    };
    crate::wp::expand::Expanded {
        html,
        warnings: Vec::new(),
        dropped: item.dropped.clone(),
    }
}

/// Path of an absolute URL (`https://host/a/b/` → `/a/b/`), or a root-relative one as some
/// exports give it, if it has no query string.
fn url_path(url: &str) -> Option<String> {
    let path = match url.split_once("://") {
        Some((_, rest)) => &rest[rest.find('/')?..],
        None if url.starts_with('/') && !url.starts_with("//") => url,
        None => return None,
    };
    if path.contains('?') || path == "/" {
        return None;
    }
    Some(path.split('#').next().unwrap_or(path).to_string())
}

/// Builds the post: metadata plus converted body. `draft` comes from [`classify`].
pub fn to_post(item: &Item, draft: bool, index: &SiteIndex, ascii: bool) -> Post {
    let (body, original, _) = to_body_checked(item, index, false);
    Post {
        meta: to_meta(item, draft, index, ascii),
        body,
        original: Some(Box::new(original)),
    }
}

/// [`to_body_with`], plus the source side for the loss check, counted from the same parse.
pub fn to_body_checked(
    item: &Item,
    index: &SiteIndex,
    keep_unknown: bool,
) -> (Vec<crate::doc::Block>, crate::check::Original, Vec<String>) {
    let e = content_html_for(item, index, keep_unknown);
    let (body, census) = crate::html::convert::to_blocks_checked(&e.html);
    let original = crate::check::Original {
        html: e.html,
        census,
        by_design: e.dropped,
    };
    (body, original, e.warnings)
}

/// The body model of an item's content using the site index, plus the expansion warnings.
pub fn to_body_with(
    item: &Item,
    index: &SiteIndex,
    keep_unknown: bool,
) -> (Vec<crate::doc::Block>, Vec<String>) {
    let e = content_html_for(item, index, keep_unknown);
    (crate::html::convert::to_blocks(&e.html), e.warnings)
}

/// Everything about an item except its body: cheap, so it can be decided in document order
/// before the expensive body conversion runs in parallel.
pub fn to_meta(item: &Item, draft: bool, index: &SiteIndex, ascii: bool) -> Meta {
    let mut categories = Vec::new();
    let mut tags = Vec::new();
    // WXR 1.0 repeats each category without a domain next to the proper one; those bare
    // entries only count when an export has nothing better.
    let has_domains = item.terms.iter().any(|t| !t.domain.is_empty());
    for t in &item.terms {
        let name = decode_entities(&t.name);
        let list = match t.domain.as_str() {
            "category" => &mut categories,
            "" if !has_domains => &mut categories,
            "post_tag" | "tag" => &mut tags,
            _ => continue,
        };
        if !name.is_empty() && !list.contains(&name) {
            list.push(name);
        }
    }
    let excerpt = Some(decode_entities(&item.excerpt)).filter(|e| !e.is_empty());
    let featured_image = item
        .meta("_thumbnail_id")
        .and_then(|id| index.attachment_url(id))
        .or(Some(item.featured_image.as_str()).filter(|u| !u.is_empty()))
        .map(str::to_string);
    let published_url = (!draft && !item.link.is_empty()).then(|| item.link.clone());
    let aliases = published_url
        .as_deref()
        .and_then(url_path)
        .into_iter()
        .collect();
    let author =
        (!item.creator.is_empty()).then(|| index.channel.display_name(&item.creator).to_string());
    let parents = if item.post_type == "page" {
        index.ancestors(item.post_parent)
    } else {
        Vec::new()
    };
    Meta {
        // Written as `wordpress_id`: another platform's id (Blogger's 19 digits) is not one.
        id: item
            .post_id
            .filter(|_| item.format == ContentFormat::WordPress),
        post_type: post_type(item),
        title: decode_entities(&item.title),
        slug: base_slug(item, ascii),
        date: post_date(item),
        updated: date_pair(&item.post_modified, &item.post_modified_gmt),
        draft,
        author,
        categories,
        tags,
        excerpt,
        featured_image,
        original_url: published_url,
        aliases,
        parents,
        comments: Vec::new(),
    }
}

/// The item's approved comments in thread order, their text converted to Markdown in the
/// target's dialect. Spam, trashed and unapproved comments are never returned.
pub fn approved_comments(
    item: &Item,
    md: &crate::render::markdown::MarkdownOptions,
) -> Vec<Comment> {
    let approved: Vec<&crate::read::wxr::Comment> = item
        .comments
        .iter()
        .filter(|c| c.approved.trim() == "1")
        .collect();
    let ids: HashSet<u64> = approved.iter().map(|c| c.id).collect();
    // Depth-first from the roots so each reply follows its parent; a reply whose parent is
    // not published is promoted to the top level rather than lost.
    let parent_of = |c: &crate::read::wxr::Comment| {
        if c.parent != 0 && c.parent != c.id && ids.contains(&c.parent) {
            c.parent
        } else {
            0
        }
    };
    let mut children: HashMap<u64, Vec<usize>> = HashMap::new();
    for (i, c) in approved.iter().enumerate() {
        children.entry(parent_of(c)).or_default().push(i);
    }
    let mut order = Vec::with_capacity(approved.len());
    let mut stack: Vec<usize> = children
        .get(&0)
        .map(|v| v.iter().rev().copied().collect())
        .unwrap_or_default();
    let mut seen = vec![false; approved.len()];
    while let Some(i) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        order.push(approved[i]);
        if let Some(kids) = children.get(&approved[i].id) {
            stack.extend(kids.iter().rev());
        }
    }
    // Replies caught in a parent cycle never reach a root: keep them, in document order.
    order.extend(
        approved
            .iter()
            .zip(&seen)
            .filter(|(_, s)| !**s)
            .map(|(c, _)| *c),
    );
    let mut out = Vec::with_capacity(order.len());
    for c in order {
        let html = crate::wp::autop::autop(&c.content);
        let blocks = crate::html::convert::to_blocks(&html);
        let body = crate::render::markdown::render(&blocks, md)
            .trim_end()
            .to_string();
        out.push(Comment {
            id: c.id,
            parent: parent_of(c),
            author: decode_entities(&c.author),
            author_url: Some(c.author_url.trim().to_string()).filter(|u| !u.is_empty()),
            date: date_pair(&c.date, &c.date_gmt),
            kind: if c.comment_type.is_empty() {
                "comment".into()
            } else {
                c.comment_type.clone()
            },
            body,
        });
    }
    out
}

/// Term archive URLs of the old site (`/category/news/`, `/tag/rust/`) → display names: read
/// with the export's items, used when links to those archives are rewritten.
#[derive(Debug, Default)]
pub struct Terms {
    pub categories: std::collections::HashMap<String, String>,
    pub tags: std::collections::HashMap<String, String>,
}
