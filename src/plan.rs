//! Where every item goes, decided before any item is converted.
//!
//! Paths depend on document order (the second post with a slug gets `-2`) and on other items
//! (a page lives under its parent, which may come later in the file), and every body needs
//! the complete old-URL → new-URL map to rewrite its internal links. So the first pass
//! collects one small [`Pending`] per item to be written, and [`SitePlan::build`] fixes all
//! paths at once; the second pass only looks them up.

use crate::doc::{DateTime, Meta};
use crate::item::SiteIndex;
use crate::slug::percent_decode;
use crate::target::Target;
use crate::write::Claims;

/// What the plan needs to know about an item that will be written.
#[derive(Debug, Clone)]
pub struct Pending {
    pub seq: usize,
    pub id: Option<u64>,
    pub parent: u64,
    pub post_type: String,
    pub slug: String,
    pub date: Option<DateTime>,
    /// Public URL on the old site (empty for drafts).
    pub link: String,
    pub draft: bool,
}

/// The [`Pending`] items of a site, kept compact while the first pass runs (one per written
/// item, so this is the largest thing the first pass holds): the strings share one
/// allocation, and fixed-size chunks avoid a doubling vector's slack.
#[derive(Debug, Default)]
pub struct PendingList {
    chunks: Vec<Vec<Packed>>,
}

#[derive(Debug)]
struct Packed {
    seq: usize,
    id: Option<u64>,
    parent: u64,
    date: Option<DateTime>,
    draft: bool,
    /// Post type, slug and link, one after the other.
    text: Box<str>,
    lens: [u32; 2],
}

const CHUNK: usize = 4096;

impl PendingList {
    pub fn push(&mut self, p: Pending) {
        if self.chunks.last().is_none_or(|c| c.len() == CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        let len = |s: &str| u32::try_from(s.len()).unwrap_or(u32::MAX);
        let packed = Packed {
            seq: p.seq,
            id: p.id,
            parent: p.parent,
            date: p.date,
            draft: p.draft,
            lens: [len(&p.post_type), len(&p.slug)],
            text: [p.post_type, p.slug, p.link].concat().into_boxed_str(),
        };
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.push(packed);
        }
    }

    /// The items in the order pushed, each unpacked as it is reached.
    fn into_items(self) -> impl Iterator<Item = Pending> {
        self.chunks.into_iter().flatten().map(|p| {
            let (ty, slug) = (p.lens[0] as usize, p.lens[1] as usize);
            let part = |from: usize, to: usize| p.text.get(from..to).unwrap_or("").to_string();
            Pending {
                seq: p.seq,
                id: p.id,
                parent: p.parent,
                post_type: part(0, ty),
                slug: part(ty, ty + slug),
                date: p.date,
                link: part(ty + slug, p.text.len()),
                draft: p.draft,
            }
        })
    }
}

impl FromIterator<Pending> for PendingList {
    fn from_iter<I: IntoIterator<Item = Pending>>(iter: I) -> PendingList {
        let mut list = PendingList::default();
        for p in iter {
            list.push(p);
        }
        list
    }
}

/// An item's place in the new site. Kept compact (one per written item lives until the end
/// of the run): the strings share one allocation, the URL is derived on demand.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub id: Option<u64>,
    /// Drafts get a path but no redirects: their new URL is not published.
    pub draft: bool,
    pub is_page: bool,
    /// Slug, output path, old path and original slug, one after the other.
    text: Box<str>,
    /// Lengths of the first three parts of `text`; the original slug is the rest.
    lens: [u32; 3],
}

impl Planned {
    fn new(
        id: Option<u64>,
        draft: bool,
        is_page: bool,
        slug: &str,
        rel: &str,
        old_path: Option<&str>,
        renamed_from: Option<&str>,
    ) -> Planned {
        let old = old_path.unwrap_or("");
        let text = [slug, rel, old, renamed_from.unwrap_or("")].concat();
        let len = |s: &str| u32::try_from(s.len()).unwrap_or(u32::MAX);
        Planned {
            id,
            draft,
            is_page,
            text: text.into_boxed_str(),
            lens: [len(slug), len(rel), len(old)],
        }
    }

    fn part(&self, n: usize) -> &str {
        let start: usize = self.lens[..n].iter().map(|&l| l as usize).sum();
        let end = self
            .lens
            .get(n)
            .map_or(self.text.len(), |&l| start + l as usize);
        self.text.get(start..end).unwrap_or("")
    }

    pub fn slug(&self) -> &str {
        self.part(0)
    }

    /// The output path, segments joined by `/`.
    pub fn rel(&self) -> &str {
        self.part(1)
    }

    /// The old URL path, when it differs from the new one (for aliases and redirects).
    pub fn old_path(&self) -> Option<&str> {
        Some(self.part(2)).filter(|p| !p.is_empty())
    }

    /// The slug it would have had, when another item took it first.
    pub fn renamed_from(&self) -> Option<&str> {
        Some(self.part(3)).filter(|p| !p.is_empty())
    }

    /// The output path as segments.
    pub fn segments(&self) -> Vec<String> {
        self.rel().split('/').map(str::to_string).collect()
    }
}

/// All planned items plus the lookups that link rewriting and redirects need. The lookups
/// are sorted vectors of 64-bit keys (a hash map would take twice the memory), filled while
/// planning and sorted once.
#[derive(Debug, Default)]
pub struct SitePlan {
    target: Target,
    /// In document order.
    plans: Vec<(usize, Planned)>,
    /// Hash of [`path_key`] → item, first one wins.
    by_path: Vec<(u64, usize)>,
    /// Hash of host and [`path_key`] of each old address on a host that is not the site's
    /// own → item: a story on a shared host (medium.com) is found by its whole address,
    /// while other addresses on that host stay external.
    by_link: Vec<(u64, usize)>,
    by_id: Vec<(u64, usize)>,
    /// Hosts of the old site (lowercase, without `www.`), to recognise absolute links.
    hosts: Vec<String>,
}

/// Sorts a lookup by key, keeping the first entry pushed for each key.
fn seal(v: &mut Vec<(u64, usize)>) {
    v.sort_by_key(|(k, _)| *k);
    v.dedup_by_key(|(k, _)| *k);
    v.shrink_to_fit();
}

fn find(v: &[(u64, usize)], key: u64) -> Option<usize> {
    v.binary_search_by_key(&key, |(k, _)| *k)
        .ok()
        .map(|i| v[i].1)
}

/// Path of an absolute or root-relative URL, and its query.
fn split_url(url: &str) -> (Option<&str>, &str, &str) {
    let url = url.trim();
    let url = url.split('#').next().unwrap_or(url);
    let (host, rest) = match url.split_once("://") {
        Some((_, after)) => match after.find(['/', '?']) {
            Some(i) => (Some(&after[..i]), &after[i..]),
            None => (Some(after), "/"),
        },
        None if url.starts_with("//") => {
            let after = &url[2..];
            match after.find(['/', '?']) {
                Some(i) => (Some(&after[..i]), &after[i..]),
                None => (Some(after), "/"),
            }
        }
        None => (None, url),
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    (host, if path.is_empty() { "/" } else { path }, query)
}

/// A host as links compare it: lowercase, without user, port or `www.`.
pub fn host_key(host: &str) -> String {
    let h = host.to_ascii_lowercase();
    let h = h.rsplit('@').next().unwrap_or(&h).to_string();
    let h = h.split(':').next().unwrap_or(&h).to_string();
    h.strip_prefix("www.").map(str::to_string).unwrap_or(h)
}

/// The path part of a URL.
pub fn path_of(url: &str) -> String {
    split_url(url).1.to_string()
}

fn key_hash(path: &str) -> u64 {
    hash_str(&path_key(path))
}

fn link_hash(host: &str, path: &str) -> u64 {
    hash_str(&format!("{}{}", host_key(host), path_key(path)))
}

/// `new` with the `#fragment` of `old`, if it has one.
fn with_fragment(new: String, old: &str) -> String {
    match old.split_once('#') {
        Some((_, f)) => format!("{new}#{f}"),
        None => new,
    }
}

/// A 64-bit hash of a string, the same in every run (SipHash with fixed keys): indexes keyed
/// by it cost 8 bytes a key instead of the string.
pub fn hash_str(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

/// Comparable form of a URL path: percent-decoded, lowercase, with one trailing slash.
pub fn path_key(path: &str) -> String {
    let mut p = percent_decode(path).to_lowercase();
    if !p.starts_with('/') {
        p.insert(0, '/');
    }
    if !p.ends_with('/') {
        p.push('/');
    }
    p
}

impl SitePlan {
    /// Fixes every path in document order (the order items were pushed). `site_urls` are the
    /// channel's URLs, whose hosts make absolute links recognisable as internal.
    pub fn build(
        pending: PendingList,
        index: &SiteIndex,
        target: Target,
        bundles: bool,
        site_urls: &[&str],
        claims: &mut Claims,
    ) -> SitePlan {
        let mut plan = SitePlan {
            target,
            ..SitePlan::default()
        };
        for u in site_urls {
            if let (Some(h), _, _) = split_url(u) {
                let key = host_key(h);
                if !key.is_empty() && !plan.hosts.contains(&key) {
                    plan.hosts.push(key);
                }
            }
        }
        for p in pending.into_items() {
            let meta = Meta {
                id: p.id,
                post_type: p.post_type.clone(),
                date: p.date,
                parents: if p.post_type == "page" {
                    index.ancestors(p.parent)
                } else {
                    Vec::new()
                },
                ..Meta::default()
            };
            let has_children = index.has_children(p.id);
            let base = target.page_slug(&p.slug);
            let mut n = 1;
            let (slug, segments) = loop {
                let slug = if n == 1 {
                    base.clone()
                } else {
                    format!("{base}-{n}")
                };
                let segs = target.path(&meta, &slug, has_children);
                let segs = if bundles {
                    target.bundle_path(segs)
                } else {
                    segs
                };
                if claims.claim(&segs) {
                    break (slug, segs);
                }
                n += 1;
            };
            let url = target.url(&segments);
            // Exports that do not know their site's address (Blogger's Takeout, Ghost's) give
            // root-relative links.
            if let (Some(h), path, "") = split_url(&p.link)
                && !plan.hosts.contains(&host_key(h))
            {
                plan.by_link.push((link_hash(h, path), p.seq));
            }
            let old_path = match split_url(&p.link) {
                (Some(_), path, "") if path != "/" => Some(path.to_string()),
                (None, path, "") if path != "/" && p.link.starts_with('/') => {
                    Some(path.to_string())
                }
                _ => None,
            }
            .filter(|old| path_key(old) != path_key(&url));
            if let Some(old) = &old_path {
                plan.by_path.push((key_hash(old), p.seq));
            }
            plan.by_path.push((key_hash(&url), p.seq));
            if let Some(id) = p.id {
                plan.by_id.push((id, p.seq));
            }
            plan.plans.push((
                p.seq,
                Planned::new(
                    p.id,
                    p.draft,
                    p.post_type == "page",
                    &slug,
                    &segments.join("/"),
                    old_path.as_deref(),
                    (n > 1).then_some(p.slug.as_str()),
                ),
            ));
        }
        seal(&mut plan.by_path);
        seal(&mut plan.by_link);
        seal(&mut plan.by_id);
        plan.plans.shrink_to_fit();
        plan
    }

    /// The URL path the generator serves a planned file at.
    pub fn url(&self, p: &Planned) -> String {
        self.target.url(&p.segments())
    }

    pub fn get(&self, seq: usize) -> Option<&Planned> {
        let i = self.plans.binary_search_by_key(&seq, |(s, _)| *s).ok()?;
        Some(&self.plans[i].1)
    }

    /// All plans in document order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Planned)> {
        self.plans.iter().map(|(k, v)| (*k, v))
    }

    pub fn by_id(&self, id: u64) -> Option<&Planned> {
        self.get(find(&self.by_id, id)?)
    }

    /// Whether a URL points into the old site (its host, or a root-relative path).
    pub fn is_internal(&self, url: &str) -> bool {
        match split_url(url) {
            (Some(h), _, _) => self.hosts.contains(&host_key(h)),
            (None, _, _) => url.trim_start().starts_with('/'),
        }
    }

    /// The new URL for a link into the old site, keeping its `#fragment`; `None` for
    /// external links and for internal links to things that were not written.
    pub fn rewrite(&self, url: &str) -> Option<String> {
        let (host, path, query) = split_url(url);
        if let Some(h) = host {
            if !self.hosts.contains(&host_key(h)) {
                let target = self.get(find(&self.by_link, link_hash(h, path))?)?;
                return Some(with_fragment(self.url(target), url));
            }
        } else if !url.trim_start().starts_with('/') && !url.trim_start().starts_with('?') {
            return None;
        }
        let target = if !query.is_empty() && (path == "/" || path.ends_with("/index.php")) {
            let id = query.split('&').find_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                matches!(k, "p" | "page_id" | "attachment_id").then(|| v.parse::<u64>().ok())?
            })?;
            self.by_id(id)?
        } else {
            self.get(find(&self.by_path, key_hash(path))?)?
        };
        Some(with_fragment(self.url(target), url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pending(seq: usize, id: u64, slug: &str, link: &str) -> Pending {
        Pending {
            seq,
            id: Some(id),
            parent: 0,
            post_type: "post".into(),
            slug: slug.into(),
            date: DateTime::parse_wp("2014-06-01 09:30:00"),
            link: link.into(),
            draft: false,
        }
    }

    #[test]
    fn no_post_is_named_for_its_folder() {
        for target in [Target::Hugo, Target::Zola, Target::Jekyll, Target::Eleventy] {
            let mut page = pending(1, 8, "_Index", "https://example.blog/_index/");
            page.post_type = "page".into();
            let plan = SitePlan::build(
                [
                    pending(0, 7, "index", "https://example.blog/2025/05/index.html"),
                    page,
                ]
                .into_iter()
                .collect(),
                &SiteIndex::default(),
                target,
                target.bundles(),
                &["https://example.blog"],
                &mut Claims::default(),
            );
            assert_eq!(plan.get(0).map(Planned::slug), Some("index-2"), "{target}");
            // Zola serves `_Index` as `index`.
            let page = if target == Target::Zola {
                "index-2"
            } else {
                "_Index-2"
            };
            assert_eq!(plan.get(1).map(Planned::slug), Some(page), "{target}");
        }
    }

    #[test]
    fn zola_slugs_are_the_addresses_zola_serves() {
        // Blogger numbers a second post of one name `name_15`; Zola would serve both files
        // at `name-15/` and refuse to build.
        let build = |target| {
            SitePlan::build(
                [
                    pending(0, 7, "meet_15", "https://example.blog/2021/04/meet_15.html"),
                    pending(1, 8, "meet-15", "https://example.blog/2021/05/meet-15.html"),
                    pending(2, 9, "日本語", "https://example.blog/2021/05/x.html"),
                ]
                .into_iter()
                .collect(),
                &SiteIndex::default(),
                target,
                false,
                &["https://example.blog"],
                &mut Claims::default(),
            )
        };
        let zola = build(Target::Zola);
        let slugs: Vec<_> = (0..3)
            .filter_map(|i| zola.get(i).map(Planned::slug))
            .collect();
        assert_eq!(slugs, ["meet-15", "meet-15-2", "ri-ben-yu"]);
        let hugo = build(Target::Hugo);
        let slugs: Vec<_> = (0..3)
            .filter_map(|i| hugo.get(i).map(Planned::slug))
            .collect();
        assert_eq!(slugs, ["meet_15", "meet-15", "日本語"]);
    }

    #[test]
    fn links_in_every_form_find_the_new_url() {
        let plan = SitePlan::build(
            [
                pending(0, 7, "no", "https://example.blog/2014/06/01/no/"),
                pending(1, 8, "no", "https://example.blog/?p=8"),
            ]
            .into_iter()
            .collect(),
            &SiteIndex::default(),
            Target::Hugo,
            false,
            &["https://example.blog"],
            &mut Claims::default(),
        );
        assert_eq!(plan.get(1).map(Planned::slug), Some("no-2"));
        for link in [
            "https://example.blog/2014/06/01/no/",
            "http://www.example.blog/2014/06/01/no",
            "/2014/06/01/no/",
            "https://example.blog/?p=7",
            "//example.blog/2014/06/01/NO/",
        ] {
            assert_eq!(plan.rewrite(link).as_deref(), Some("/posts/no/"), "{link}");
        }
        assert_eq!(
            plan.rewrite("https://example.blog/?p=8#c").as_deref(),
            Some("/posts/no-2/#c")
        );
        assert_eq!(plan.rewrite("https://other.example/2014/06/01/no/"), None);
        assert_eq!(plan.rewrite("https://example.blog/unknown/"), None);
        assert_eq!(plan.rewrite("relative/page"), None);
    }

    #[test]
    fn a_post_on_a_shared_host_is_found_by_its_whole_address() {
        let plan = SitePlan::build(
            [pending(
                0,
                7,
                "story",
                "https://medium.com/@ann/story-1a2b3c4d5e6f",
            )]
            .into_iter()
            .collect(),
            &SiteIndex::default(),
            Target::Hugo,
            false,
            &[""],
            &mut Claims::default(),
        );
        for (link, new) in [
            (
                "https://medium.com/@ann/story-1a2b3c4d5e6f",
                "/posts/story/",
            ),
            (
                "https://medium.com/@ann/story-1a2b3c4d5e6f/?source=x#p",
                "/posts/story/#p",
            ),
        ] {
            assert_eq!(plan.rewrite(link).as_deref(), Some(new), "{link}");
        }
        // The host is not the site's: its other pages stay external, not broken links.
        assert!(!plan.is_internal("https://medium.com/@ann/story-1a2b3c4d5e6f"));
        assert_eq!(
            plan.rewrite("https://medium.com/@bob/other-2b3c4d5e6f7a"),
            None
        );
    }
}
