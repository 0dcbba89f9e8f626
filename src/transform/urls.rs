//! Links into the old site and references to uploaded files.
//!
//! A post links to other posts by their old permalinks, `?p=ID`, or category and tag archive
//! URLs; after the move those would 404 or point at the dead site. Images come in size
//! variants (`-300x200.jpg`, `?w=604`, `*.files.wordpress.com`) of one uploaded original. This
//! pass maps each to its new home so the site works without the old host.

use crate::doc::{Block, Inline};
use crate::item::Terms;
use crate::media::Bundle;
use crate::plan::SitePlan;
use std::collections::{HashMap, HashSet};

/// What kind of reference a URL is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    Link,
    Image,
    Embed,
}

/// Calls `f` on every inline element in the body (depth first, parents before children).
pub fn for_each_inline(blocks: &mut [Block], f: &mut dyn FnMut(&mut Inline)) {
    for_each_inline_run(blocks, &mut |run| walk_inlines(run, f));
}

/// Calls `f` on every run of inline content a block holds directly (a paragraph's, a
/// heading's, a cell's, a caption's), in document order: a pass that replaces an inline with
/// several works on these.
pub fn for_each_inline_run(blocks: &mut [Block], f: &mut dyn FnMut(&mut Vec<Inline>)) {
    for b in blocks {
        match b {
            Block::Paragraph(c) | Block::Heading { content: c, .. } => f(c),
            Block::BlockQuote(bs) | Block::FootnoteDefinition { content: bs, .. } => {
                for_each_inline_run(bs, f)
            }
            Block::List { items, .. } => {
                for it in items {
                    for_each_inline_run(&mut it.content, f);
                }
            }
            Block::Table {
                header,
                rows,
                caption,
                ..
            } => {
                for cell in header.iter_mut().flatten() {
                    f(cell);
                }
                for cell in rows.iter_mut().flatten() {
                    f(cell);
                }
                if let Some(c) = caption {
                    f(c);
                }
            }
            Block::DefinitionList(items) => {
                for it in items {
                    for t in &mut it.terms {
                        f(t);
                    }
                    for d in &mut it.definitions {
                        for_each_inline_run(d, f);
                    }
                }
            }
            Block::Figure { content, caption } => {
                for_each_inline_run(content, f);
                if let Some(c) = caption {
                    f(c);
                }
            }
            Block::CodeBlock { .. } | Block::Rule | Block::Html(_) | Block::SummaryBreak => {}
        }
    }
}

fn walk_inlines(list: &mut [Inline], f: &mut dyn FnMut(&mut Inline)) {
    for i in list {
        f(i);
        if let Some(c) = i.children_mut() {
            walk_inlines(c, f);
        }
    }
}

/// Calls `f` on every URL in the body: link targets, image sources, embed sources.
pub fn for_each_url(blocks: &mut [Block], f: &mut dyn FnMut(UrlKind, &mut String)) {
    for_each_inline(blocks, &mut |inline| match inline {
        Inline::Link { url, .. } => f(UrlKind::Link, url),
        Inline::Image { url, .. } => f(UrlKind::Image, url),
        Inline::Embed { url, .. } => f(UrlKind::Embed, url),
        _ => {}
    });
}

/// The path of an uploaded file relative to the uploads folder (`2019/01/x.jpg`), with size
/// variants, `-scaled` and edit suffixes and resize queries removed: every form of one upload
/// gives the same key.
pub fn upload_key(url: &str) -> Option<String> {
    let url = url.trim();
    let no_query = url.split(['?', '#']).next().unwrap_or(url);
    let rel = if let Some(i) = no_query.find("/wp-content/uploads/") {
        &no_query[i + "/wp-content/uploads/".len()..]
    } else if let Some(i) = no_query.find(".files.wordpress.com/") {
        &no_query[i + ".files.wordpress.com/".len()..]
    } else if let Some(i) = no_query.find("/files/") {
        // WordPress multisite and old WordPress.com: /files/2009/05/x.jpg
        &no_query[i + "/files/".len()..]
    } else {
        return None;
    };
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let (stem, ext) = file.rsplit_once('.')?;
    let mut stem = stem;
    // -300x200
    if let Some((base, size)) = stem.rsplit_once('-')
        && let Some((w, h)) = size.split_once('x')
        && !w.is_empty()
        && !h.is_empty()
        && w.bytes().all(|c| c.is_ascii_digit())
        && h.bytes().all(|c| c.is_ascii_digit())
    {
        stem = base;
    }
    // -scaled (WordPress 5.3+ big images), -e1600000000 (edited in the media library)
    if let Some(base) = stem.strip_suffix("-scaled") {
        stem = base;
    }
    if let Some((base, edit)) = stem.rsplit_once("-e")
        && edit.len() >= 10
        && edit.bytes().all(|c| c.is_ascii_digit())
    {
        stem = base;
    }
    let key = if dir.is_empty() {
        format!("{stem}.{}", ext.to_ascii_lowercase())
    } else {
        format!("{dir}/{stem}.{}", ext.to_ascii_lowercase())
    };
    Some(crate::slug::percent_decode(&key).to_lowercase())
}

/// Where each upload's references should point. Keys are 64-bit hashes and values attachment
/// ids, so the map costs a few bytes per attachment instead of copies of every URL.
#[derive(Debug)]
pub struct MediaMap<'a> {
    attachments: &'a HashMap<u64, crate::wp::expand::Attachment>,
    /// Hash of the upload key → the attachment every variant is rewritten to.
    targets: HashMap<u64, u64>,
    /// Hash of the attachment page path (see [`crate::plan::path_key`]) → the attachment.
    pages: HashMap<u64, u64>,
}

impl<'a> MediaMap<'a> {
    /// Maps each attachment's variants, and its attachment page, to its original URL. When
    /// several attachments share a file, the lowest id wins, whatever the hash order.
    pub fn from_index(index: &'a crate::item::SiteIndex) -> MediaMap<'a> {
        let attachments = &index.site.attachments;
        let mut ids: Vec<u64> = attachments.keys().copied().collect();
        ids.sort_unstable();
        let mut targets = HashMap::with_capacity(ids.len());
        for id in ids {
            if let Some(key) = attachments.get(&id).and_then(|a| upload_key(a.url())) {
                targets.entry(crate::plan::hash_str(&key)).or_insert(id);
            }
        }
        let mut pages = HashMap::new();
        for (link, _, id) in index.attachment_pages() {
            let path = crate::plan::path_of(link);
            if path != "/" && !link.contains('?') {
                pages
                    .entry(crate::plan::hash_str(&crate::plan::path_key(&path)))
                    .or_insert(*id);
            }
        }
        MediaMap {
            attachments,
            targets,
            pages,
        }
    }

    fn url(&self, id: u64) -> Option<&'a str> {
        self.attachments.get(&id).map(|a| a.url())
    }

    /// The file an attachment page shows.
    pub fn page(&self, url: &str) -> Option<&'a str> {
        let key = crate::plan::path_key(&crate::plan::path_of(url));
        self.url(*self.pages.get(&crate::plan::hash_str(&key))?)
    }

    pub fn lookup(&self, url: &str) -> Option<&'a str> {
        let key = upload_key(url)?;
        self.url(*self.targets.get(&crate::plan::hash_str(&key))?)
    }
}

/// What a rewrite pass needs.
pub struct Rewriter<'a> {
    pub plan: &'a SitePlan,
    pub media: &'a MediaMap<'a>,
    pub terms: &'a Terms,
    /// Taxonomy URL prefix per kind in the new site (`/categories/`), if it has such pages.
    pub taxonomy_urls: Option<(&'a str, &'a str)>,
    /// With `--media copy|download`: where uploads are brought to.
    pub local: Option<&'a crate::media::LocalMedia<'a>>,
}

/// What a rewrite pass could not do, for the report.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// Links into the old site that match nothing converted (once per reference), for the
    /// warning to name.
    pub links: Vec<String>,
    /// Uploads that `--media copy|download` could not bring over (their original URLs, once
    /// per reference), for [`crate::media::LocalMedia::warnings`].
    pub media: Vec<String>,
}

impl Rewriter<'_> {
    /// Rewrites every URL in the body and the featured image; says what could not be mapped
    /// (those references still point at the old host). `bundle_dir` is the folder of the
    /// post's page bundle, where its uploads go when they are brought along.
    pub fn rewrite(
        &self,
        blocks: &mut [Block],
        featured: &mut Option<String>,
        bundle_dir: Option<&[String]>,
    ) -> Unresolved {
        let mut un = Unresolved::default();
        let mut clashes = HashSet::new();
        if let Some(local) = self.local {
            let mut uploads = Vec::new();
            for_each_url(blocks, &mut |kind, url| {
                if (kind != UrlKind::Link || is_upload(url)) && self.is_site_media(url) {
                    uploads.push(self.original(url));
                }
            });
            if let Some(img) = featured.as_deref()
                && self.is_site_media(img)
            {
                uploads.push(self.original(img));
            }
            if bundle_dir.is_some() {
                clashes = name_clashes(&uploads);
            }
            let bundle = bundle_dir.map(|dir| Bundle {
                dir,
                clashes: &clashes,
            });
            // Every upload of the post is asked for before the first is waited on, so
            // downloads run side by side.
            for u in &uploads {
                local.prefetch(u, bundle.as_ref());
            }
        }
        let bundle = bundle_dir.map(|dir| Bundle {
            dir,
            clashes: &clashes,
        });
        let bundle = bundle.as_ref();
        if let Some(img) = featured.as_mut() {
            self.rewrite_media(img, &mut un, bundle);
        }
        for_each_url(blocks, &mut |kind, url| {
            if (kind != UrlKind::Link || is_upload(url)) && self.rewrite_media(url, &mut un, bundle)
            {
                return;
            }
            if kind != UrlKind::Link {
                return;
            }
            if let Some(new) = self.plan.rewrite(url) {
                *url = new;
            } else if self.plan.is_internal(url)
                && let Some(file) = self.media.page(url)
            {
                *url = file.to_string();
            } else if let Some(new) = self.term_url(url) {
                *url = new;
            } else if self.plan.is_internal(url) && !is_feed_or_file(url) {
                un.links.push(url.clone());
            }
        });
        un
    }

    /// Points an upload reference at what [`Rewriter::media_url`] gives; false if there is
    /// nothing (an upload that could not be brought over is noted in `un`).
    pub fn rewrite_media(
        &self,
        url: &mut String,
        un: &mut Unresolved,
        bundle: Option<&Bundle>,
    ) -> bool {
        if let Some(new) = self.media_url(url, bundle) {
            *url = new;
            return true;
        }
        if self.local.is_some() && self.is_site_media(url) && is_upload(url) {
            un.media.push(self.original(url));
        }
        false
    }

    /// The upload a reference is one form of: an attachment's original, a platform's
    /// upload of its resized copies, or the reference itself.
    fn original(&self, url: &str) -> String {
        self.media
            .lookup(url)
            .map(str::to_string)
            .or_else(|| crate::media::platform_original(url))
            .unwrap_or_else(|| url.to_string())
    }

    /// The URL an upload reference should have: the original of its size variants, or its
    /// local file under `--media copy|download`.
    /// `bundle` is the folder of the post's page bundle, where its own uploads go.
    pub fn media_url(&self, url: &str, bundle: Option<&Bundle>) -> Option<String> {
        if !self.is_site_media(url) {
            return None;
        }
        match self.local {
            Some(local) => local.place(&self.original(url), bundle),
            None => self.media.lookup(url).map(str::to_string),
        }
    }

    /// Uploads are only ours on the old host, WordPress.com's file and image CDNs, or the
    /// image CDN of the platform the blog was on.
    fn is_site_media(&self, url: &str) -> bool {
        if self.plan.is_internal(url) || crate::media::cdn::image(url).is_some() {
            return true;
        }
        let host = url
            .split_once("://")
            .map(|(_, r)| r.split(['/', '?', '#']).next().unwrap_or(""))
            .unwrap_or("")
            .to_ascii_lowercase();
        host.ends_with(".files.wordpress.com") || host.ends_with(".wp.com")
    }

    fn term_url(&self, url: &str) -> Option<String> {
        let (cat_base, tag_base) = self.taxonomy_urls?;
        if !self.plan.is_internal(url) {
            return None;
        }
        let path = crate::plan::path_of(url);
        let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let (kind, slug) = match segs.as_slice() {
            ["category", .., last] => ("category", *last),
            ["tag", last] => ("tag", *last),
            _ => return None,
        };
        let slug = crate::slug::percent_decode(slug).to_lowercase();
        let (name, base) = match kind {
            "category" => (self.terms.categories.get(&slug)?, cat_base),
            _ => (self.terms.tags.get(&slug)?, tag_base),
        };
        Some(format!("{base}{}/", crate::slug::slugify(name, false)))
    }
}

/// File names that different uploads of one post share (`2019/01/a.jpg`, `2020/05/a.jpg`):
/// in a bundle, where all of them sit in one folder, these keep their upload path in the name.
fn name_clashes(uploads: &[String]) -> HashSet<String> {
    let mut by_name: HashMap<String, Vec<String>> = HashMap::new();
    for u in uploads {
        if let Some(segs) = crate::media::upload_segments(u)
            && let Some(name) = segs.last()
        {
            let all = by_name.entry(name.clone()).or_default();
            let path = segs.join("/");
            if !all.contains(&path) {
                all.push(path);
            }
        }
    }
    by_name
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .map(|(name, _)| name)
        .collect()
}

/// Whether a URL is a file in an uploads folder.
pub fn is_upload(url: &str) -> bool {
    crate::media::upload_segments(url).is_some()
}

/// Feeds, uploads and admin URLs are not pages a post can be mapped to.
pub fn is_feed_or_file(url: &str) -> bool {
    let p = crate::plan::path_of(url);
    p.contains("/wp-content/")
        || p.contains("/wp-admin")
        || p.contains("/feed")
        || p.ends_with(".php")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_named_uploads_of_one_post_clash() {
        let up = |p: &str| format!("https://example.blog/wp-content/uploads/{p}");
        let clashes = name_clashes(&[
            up("2019/01/a.jpg"),
            up("2020/05/a.jpg"),
            up("2019/01/a.jpg"),
            up("2019/01/b.jpg"),
        ]);
        assert_eq!(clashes, HashSet::from(["a.jpg".to_string()]));
        let dir = vec!["content".to_string(), "posts".into(), "x".into()];
        let bundle = Bundle {
            dir: &dir,
            clashes: &clashes,
        };
        let segs = |p: &str| p.split('/').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(bundle.file_name(&segs("2020/05/a.jpg")), "2020-05-a.jpg");
        assert_eq!(bundle.file_name(&segs("2019/01/b.jpg")), "b.jpg");
    }

    #[test]
    fn size_variants_share_one_key() {
        let original =
            upload_key("https://example.blog/wp-content/uploads/2019/01/tokyo-night.jpg");
        for v in [
            "https://example.blog/wp-content/uploads/2019/01/tokyo-night-300x200.jpg",
            "http://example.blog/wp-content/uploads/2019/01/tokyo-night.jpg?w=604",
            "https://example.files.wordpress.com/2019/01/tokyo-night.jpg?w=300&h=200",
            "https://example.blog/wp-content/uploads/2019/01/tokyo-night-scaled.jpg",
            "https://example.blog/wp-content/uploads/2019/01/tokyo-night-e1600000000123.JPG",
            "/wp-content/uploads/2019/01/tokyo-night-1024x683.jpg",
        ] {
            assert_eq!(upload_key(v), original, "{v}");
        }
        assert_eq!(original.as_deref(), Some("2019/01/tokyo-night.jpg"));
        assert_eq!(upload_key("https://example.com/photo.jpg"), None);
        assert_ne!(
            upload_key("/wp-content/uploads/a-b.jpg"),
            upload_key("/wp-content/uploads/a.jpg")
        );
    }
}
