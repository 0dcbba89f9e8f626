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
use std::collections::HashMap;

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

/// An item's place in the new site. Kept compact (one per written item lives until the end
/// of the run): the path is stored joined, the URL derived on demand.
#[derive(Debug, Clone, PartialEq)]
pub struct Planned {
    pub id: Option<u64>,
    /// Drafts get a path but no redirects: their new URL is not published.
    pub draft: bool,
    pub is_page: bool,
    pub slug: Box<str>,
    /// The output path, segments joined by `/`.
    pub rel: Box<str>,
    /// The slug it would have had, when another item took it first.
    pub renamed_from: Option<Box<str>>,
    /// The old URL path, when it differs from the new one (for aliases and redirects).
    pub old_path: Option<Box<str>>,
}

impl Planned {
    /// The output path as segments.
    pub fn segments(&self) -> Vec<String> {
        self.rel.split('/').map(str::to_string).collect()
    }
}

/// All planned items plus the lookups that link rewriting and redirects need.
#[derive(Debug, Default)]
pub struct SitePlan {
    target: Target,
    plans: HashMap<usize, Planned>,
    /// Hash of [`path_key`] → item; a 64-bit hash instead of the string halves the index.
    by_path: HashMap<u64, usize>,
    by_id: HashMap<u64, usize>,
    /// Hosts of the old site (lowercase, without `www.`), to recognise absolute links.
    hosts: Vec<String>,
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

fn host_key(host: &str) -> String {
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
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    path_key(path).hash(&mut h);
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
    /// Fixes every path in document order. `site_urls` are the channel's URLs, whose hosts
    /// make absolute links recognisable as internal.
    pub fn build(
        mut pending: Vec<Pending>,
        index: &SiteIndex,
        target: Target,
        site_urls: &[&str],
        claims: &mut Claims,
    ) -> SitePlan {
        pending.sort_by_key(|p| p.seq);
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
        for p in pending {
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
            let mut n = 1;
            let (slug, segments) = loop {
                let slug = if n == 1 {
                    p.slug.clone()
                } else {
                    format!("{}-{n}", p.slug)
                };
                let segs = target.path(&meta, &slug, has_children);
                if claims.claim(&segs) {
                    break (slug, segs);
                }
                n += 1;
            };
            let url = target.url(&segments);
            let old_path = match split_url(&p.link) {
                (Some(_), path, "") if path != "/" => Some(path.to_string()),
                _ => None,
            }
            .filter(|old| path_key(old) != path_key(&url));
            if let Some(old) = &old_path {
                plan.by_path.entry(key_hash(old)).or_insert(p.seq);
            }
            plan.by_path.entry(key_hash(&url)).or_insert(p.seq);
            if let Some(id) = p.id {
                plan.by_id.entry(id).or_insert(p.seq);
            }
            plan.plans.insert(
                p.seq,
                Planned {
                    id: p.id,
                    draft: p.draft,
                    is_page: p.post_type == "page",
                    renamed_from: (n > 1).then(|| p.slug.clone().into_boxed_str()),
                    slug: slug.into_boxed_str(),
                    rel: segments.join("/").into_boxed_str(),
                    old_path: old_path.map(String::into_boxed_str),
                },
            );
        }
        plan
    }

    /// The URL path the generator serves a planned file at.
    pub fn url(&self, p: &Planned) -> String {
        self.target.url(&p.segments())
    }

    pub fn get(&self, seq: usize) -> Option<&Planned> {
        self.plans.get(&seq)
    }

    /// All plans in document order.
    pub fn iter(&self) -> impl Iterator<Item = (usize, &Planned)> {
        let mut v: Vec<_> = self.plans.iter().map(|(k, v)| (*k, v)).collect();
        v.sort_by_key(|(k, _)| *k);
        v.into_iter()
    }

    pub fn by_id(&self, id: u64) -> Option<&Planned> {
        self.by_id.get(&id).and_then(|s| self.plans.get(s))
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
                return None;
            }
        } else if !url.trim_start().starts_with('/') && !url.trim_start().starts_with('?') {
            return None;
        }
        let fragment = url.split_once('#').map(|(_, f)| f);
        let target = if !query.is_empty() && (path == "/" || path.ends_with("/index.php")) {
            let id = query.split('&').find_map(|kv| {
                let (k, v) = kv.split_once('=')?;
                matches!(k, "p" | "page_id" | "attachment_id").then(|| v.parse::<u64>().ok())?
            })?;
            self.by_id(id)?
        } else {
            let seq = self.by_path.get(&key_hash(path))?;
            self.plans.get(seq)?
        };
        let url = self.url(target);
        Some(match fragment {
            Some(f) => format!("{url}#{f}"),
            None => url,
        })
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
    fn links_in_every_form_find_the_new_url() {
        let plan = SitePlan::build(
            vec![
                pending(0, 7, "no", "https://example.blog/2014/06/01/no/"),
                pending(1, 8, "no", "https://example.blog/?p=8"),
            ],
            &SiteIndex::default(),
            Target::Hugo,
            &["https://example.blog"],
            &mut Claims::default(),
        );
        assert_eq!(plan.get(1).map(|p| &*p.slug), Some("no-2"));
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
}
