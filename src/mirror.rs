//! A mirror of a blog (wget, HTTrack, or a folder of saved pages) → one site: every document
//! is read and classified ([`crate::read::mirror`]), listings and duplicates are counted and
//! left out, each post and page gets its path, and then links between converted pages and
//! to images saved in the mirror are rewritten so the new site stands on its own.
//!
//! Documents are read in parallel (parsing is nearly all of the cost); paths are claimed and
//! files written in path order, so the output does not depend on timing.

use crate::doc::Post;
use crate::pipeline::{Options, Progress, claim_path, write_claimed};
use crate::plan::host_key;
use crate::read::html::PageError;
use crate::read::mirror::{MirrorFile, PageKind};
use crate::report::{Outcome, Report, Row};
use crate::transform::urls::{UrlKind, for_each_url};
use crate::write::{Claims, OutDir, WriteOutcome};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Largest document read (after decompression): far above any real page, and a bound on
/// what a hostile `.html.gz` can make us hold.
const MAX_DOCUMENT: u64 = 256 * 1024 * 1024;

/// What reading one document gave.
enum Reading {
    Post(Box<Post>),
    Skip(&'static str, String),
    Fail(&'static str, String),
}

/// Converts the documents of a mirror rooted at `root` into `out`. `assets` are the mirror's
/// other files (relative paths), which converted pages may reference.
pub fn convert_mirror(
    root: &Path,
    documents: &[MirrorFile],
    assets: &HashSet<String>,
    out: &Path,
    opts: &Options,
    claims: &mut Claims,
) -> Report {
    let mut report = opts.new_report();
    let Some(outdir) =
        crate::pipeline::open_outdir(out, opts, &root.display().to_string(), &mut report)
    else {
        return report;
    };
    let mut read = read_all(documents, opts);
    let hosts = site_hosts(documents, &read);
    let duplicates = dedupe(documents, &mut read);

    for (doc, r) in documents.iter().zip(read.iter_mut()) {
        if let Reading::Post(post) = r {
            fill_meta(post, &doc.rel, &hosts);
        }
    }
    let sections = sections(&read);

    // Paths, in document order, and every key a link may use for each document.
    let mut links: HashMap<String, usize> = HashMap::new();
    let mut urls: Vec<Option<String>> = vec![None; documents.len()];
    let mut skipped: HashMap<String, (usize, &'static str)> = HashMap::new();
    let planned: Vec<Planned> = read
        .into_iter()
        .enumerate()
        .map(|(i, r)| match r {
            Reading::Post(post) => {
                let rel = &documents[i].rel;
                let has_children = sections.contains(&page_path(&post));
                let (slug, segments) = claim_path(&post.meta, has_children, opts, claims);
                for key in keys_of(rel, post.meta.original_url.as_deref(), &hosts) {
                    links.entry(key).or_insert(i);
                }
                urls[i] = Some(opts.target.url(&segments));
                Planned::Ready(post, slug, segments)
            }
            Reading::Skip(code, reason) => {
                for key in keys_of(&documents[i].rel, None, &hosts) {
                    skipped.entry(key).or_insert((i, code));
                }
                Planned::Row(Outcome::Skipped, code, reason)
            }
            Reading::Fail(code, reason) => Planned::Row(Outcome::Failed, code, reason),
        })
        .collect();
    for (dup, kept) in &duplicates {
        for key in keys_of(&documents[*dup].rel, None, &hosts) {
            links.entry(key).or_insert(*kept);
        }
    }
    let mut site = Site {
        root,
        assets,
        hosts: &hosts,
        links: &links,
        skipped: &skipped,
        documents,
        urls: &urls,
        outdir: &outdir,
        opts,
        copied: HashMap::new(),
    };
    let mut redirects = Vec::new();
    let mut raw_html = false;
    for (doc, plan) in documents.iter().zip(planned) {
        let name = doc.path.display().to_string();
        let row = match plan {
            Planned::Ready(mut post, slug, segments) => {
                let mut warnings = site.rewrite(&doc.rel, &mut post);
                let mut row = write_claimed(&post, &name, &slug, &segments, &outdir, opts);
                row.warnings.append(&mut warnings);
                let to = opts.target.url(&segments);
                redirects.extend(post.meta.aliases.iter().filter(|a| **a != to).map(|from| {
                    crate::redirects::Redirect {
                        from: crate::redirects::encode_path(from),
                        query: None,
                        to: crate::redirects::encode_path(&to),
                    }
                }));
                raw_html |= crate::pipeline::keeps_raw_html(&row);
                row
            }
            Planned::Row(outcome, code, reason) => bare_row(&name, outcome, code, reason),
        };
        report.push(row);
    }
    crate::pipeline::note_raw_html(&mut report, opts, raw_html);
    if !opts.redirects.is_empty() {
        crate::pipeline::write_redirects(
            &redirects,
            &outdir,
            opts,
            &mut report,
            &root.display().to_string(),
        );
    }
    report.finish();
    report
}

/// A document with its output path claimed, or its row already decided.
enum Planned {
    Ready(Box<Post>, String, Vec<String>),
    Row(Outcome, &'static str, String),
}

fn bare_row(name: &str, outcome: Outcome, code: &str, reason: String) -> Row {
    Row {
        file: name.to_string(),
        line: 1,
        id: None,
        post_type: "document".into(),
        status: String::new(),
        draft: false,
        title: String::new(),
        url: None,
        output: None,
        outcome,
        code: Some(code.into()),
        reason: Some(reason),
        warnings: Vec::new(),
        comments: 0,
    }
}

/// Reads and classifies every document on the worker threads; results in document order.
fn read_all(documents: &[MirrorFile], opts: &Options) -> Vec<Reading> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let workers = opts.workers().min(documents.len()).max(1);
    let mut results: Vec<(usize, Reading)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(doc) = documents.get(i) else {
                            break;
                        };
                        // A page that trips a bug fails alone; the mirror goes on.
                        let reading =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                                read_one(doc)
                            }))
                            .unwrap_or_else(|_| {
                                Reading::Fail("internal-error", "internal error (a bug)".into())
                            });
                        mine.push((i, reading));
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    mine
                })
            })
            .collect();
        let mut progress = opts.progress.then(|| Progress::new(documents.len()));
        while handles.iter().any(|h| !h.is_finished()) {
            if let Some(p) = progress.as_mut() {
                p.update(done.load(Ordering::Relaxed));
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        if let Some(p) = progress {
            p.done();
        }
        handles
            .into_iter()
            .flat_map(|h| match h.join() {
                Ok(v) => v,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

fn read_one(doc: &MirrorFile) -> Reading {
    let bytes = match read_bytes(doc) {
        Ok(b) => b,
        Err(e) => return Reading::Fail("unreadable", format!("cannot read: {e}")),
    };
    if crate::read::mirror::is_feed(&bytes) {
        return Reading::Skip("feed", "a feed, not a page".into());
    }
    let parsed = crate::read::html::decode_page(&bytes)
        .and_then(|html| crate::read::html::parse_page(&html));
    let page = match parsed {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let kind = crate::read::mirror::classify(&doc.rel, &page);
    let is_page = match kind {
        PageKind::Skip(code, reason) => return Reading::Skip(code, reason.into()),
        PageKind::Page => true,
        PageKind::Post => false,
    };
    match crate::read::html::read_parsed(page) {
        Ok(mut post) => {
            if is_page {
                post.meta.post_type = "page".into();
            }
            Reading::Post(Box::new(post))
        }
        Err(e) => fail(e),
    }
}

fn fail(e: PageError) -> Reading {
    let code = match e {
        PageError::NoContent => "no-content",
        PageError::Binary => "binary",
    };
    Reading::Fail(code, e.to_string())
}

fn read_bytes(doc: &MirrorFile) -> std::io::Result<Vec<u8>> {
    let file = std::fs::File::open(&doc.path)?;
    let mut bytes = Vec::new();
    if doc.rel.to_ascii_lowercase().ends_with(".gz") {
        flate2::read::GzDecoder::new(file)
            .take(MAX_DOCUMENT)
            .read_to_end(&mut bytes)?;
    } else {
        file.take(MAX_DOCUMENT).read_to_end(&mut bytes)?;
    }
    Ok(bytes)
}

/// The hosts the mirrored site lived on, without `www.`, each with its scheme and host as
/// the old site spelled them (`https://www.blog.example`): those of its canonical URLs, and
/// the host folder a crawler saved it under (`blog.example/…`).
fn site_hosts(documents: &[MirrorFile], read: &[Reading]) -> HashMap<String, String> {
    let mut hosts = HashMap::new();
    for r in read {
        if let Reading::Post(p) = r
            && let Some(url) = p.meta.original_url.as_deref()
            && let Some(h) = url_host(url)
        {
            let scheme = url.trim().split_once("//").map_or("https:", |(s, _)| s);
            let scheme = if scheme.is_empty() { "https:" } else { scheme };
            hosts
                .entry(host_key(h))
                .or_insert_with(|| format!("{scheme}//{h}"));
        }
    }
    for doc in documents {
        if let Some(h) = host_folder(&doc.rel) {
            hosts
                .entry(host_key(h))
                .or_insert_with(|| format!("https://{h}"));
        }
    }
    hosts
}

/// The first segment of a mirror path when a crawler named it after the host
/// (`blog.example.com`, `localhost:8080`).
fn host_folder(rel: &str) -> Option<&str> {
    let (first, rest) = rel.split_once('/')?;
    let looks_like_host = (first.contains('.') || first.contains(':'))
        && !first.starts_with('.')
        && !rest.is_empty()
        && first
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:_".contains(&b));
    looks_like_host.then_some(first)
}

fn url_host(url: &str) -> Option<&str> {
    let rest = url.trim().split_once("//")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then_some(host)
}

/// Skips every converted document whose canonical URL an earlier (or better placed) one
/// already has: crawlers save a post again under `?replytocom=`, `/amp/` or a second path.
/// The copy kept is the one saved at its canonical path, else the first in path order.
/// Returns (duplicate, kept) pairs, so links to a duplicate can go to the kept copy.
fn dedupe(documents: &[MirrorFile], read: &mut [Reading]) -> Vec<(usize, usize)> {
    let mut by_canonical: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, r) in read.iter().enumerate() {
        if let Reading::Post(p) = r
            && let Some(url) = &p.meta.original_url
        {
            by_canonical.entry(url_key(url)).or_default().push(i);
        }
    }
    let mut pairs = Vec::new();
    let mut groups: Vec<(String, Vec<usize>)> = by_canonical
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .collect();
    groups.sort_by_key(|(_, v)| v[0]);
    for (canonical, members) in groups {
        let at_home = members
            .iter()
            .copied()
            .find(|&i| {
                let path = path_key(strip_host(&documents[i].rel));
                !path.is_empty() && (canonical == path || canonical.ends_with(&format!("/{path}")))
            })
            .unwrap_or(members[0]);
        for &i in &members {
            if i != at_home {
                read[i] = Reading::Skip(
                    "duplicate",
                    format!(
                        "the same page as {} (same canonical URL)",
                        documents[at_home].path.display()
                    ),
                );
                pairs.push((i, at_home));
            }
        }
    }
    pairs
}

/// A mirror path without the crawler's host folder: the URL path it was saved from.
fn strip_host(rel: &str) -> &str {
    match host_folder(rel) {
        Some(h) => &rel[h.len() + 1..],
        None => rel,
    }
}

/// The URL path a mirror file was saved from, as far as its name tells: `/2011/01/x/` for
/// `host/2011/01/x/index.html`, `/about.html` for `about.html`.
fn saved_path(rel: &str) -> String {
    let saved = strip_host(rel).split('?').next().unwrap_or("");
    let dir = ["index.html", "index.htm", "index.php"]
        .iter()
        .find_map(|i| {
            saved
                .strip_suffix(i)
                .filter(|d| d.is_empty() || d.ends_with('/'))
        })
        .unwrap_or(saved);
    format!("/{dir}")
}

/// A path or URL path in the one form links and files are compared in: percent-decoded,
/// without `index.html`, an `.html` extension, fragment or slashes at the ends, lowercased.
fn path_key(path: &str) -> String {
    let path = path.split('#').next().unwrap_or(path);
    let decoded = crate::slug::percent_decode(path).to_lowercase();
    let mut p = decoded.trim_matches('/');
    for suffix in ["index.html", "index.htm", "index.php"] {
        if let Some(s) = p.strip_suffix(suffix)
            && (s.is_empty() || s.ends_with('/'))
        {
            p = s;
        }
    }
    let p = p.trim_end_matches('/');
    let p = p
        .strip_suffix(".html")
        .or_else(|| p.strip_suffix(".htm"))
        .unwrap_or(p);
    p.to_string()
}

/// An absolute URL's key: host (without `www.`) and path key.
fn url_key(url: &str) -> String {
    match url_host(url) {
        Some(h) => {
            let rest = url.trim().split_once("//").map_or("", |(_, r)| r);
            let path = &rest[h.len()..];
            let path = path.split(['?', '#']).next().unwrap_or(path);
            format!("{}/{}", host_key(h), path_key(path))
        }
        None => path_key(url),
    }
}

/// The keys a link to this document may arrive by: its place in the mirror (with and without
/// the host folder) and its canonical URL.
fn keys_of(rel: &str, canonical: Option<&str>, hosts: &HashMap<String, String>) -> Vec<String> {
    let mut keys = vec![path_key(rel), path_key(strip_host(rel))];
    if let Some(h) = host_folder(rel) {
        keys.push(format!("{}/{}", host_key(h), path_key(strip_host(rel))));
    }
    if let Some(url) = canonical {
        keys.push(url_key(url));
        if url_host(url).is_some_and(|h| hosts.contains_key(&host_key(h))) {
            keys.push(path_key(crate::read::page_meta::url_path(url)));
        }
    }
    keys.dedup();
    keys
}

/// A page's place in the site's page tree (`["about", "team"]`).
fn page_path(post: &Post) -> Vec<String> {
    let mut p = post.meta.parents.clone();
    p.push(post.meta.slug.clone());
    p
}

/// Pages that other pages sit below: they become sections so their children can live in them.
fn sections(read: &[Reading]) -> HashSet<Vec<String>> {
    let mut set = HashSet::new();
    for r in read {
        if let Reading::Post(p) = r
            && p.meta.post_type == "page"
        {
            for n in 1..=p.meta.parents.len() {
                set.insert(p.meta.parents[..n].to_vec());
            }
        }
    }
    set
}

/// Gives a post read from a mirror what its page did not say: a slug, old path and parents
/// from where it was saved, when it had no canonical URL.
fn fill_meta(post: &mut Post, rel: &str, hosts: &HashMap<String, String>) {
    let meta = &mut post.meta;
    let path = match &meta.original_url {
        Some(url) => crate::read::page_meta::url_path(url).to_string(),
        None => saved_path(rel),
    };
    let segs: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    if meta.original_url.is_none()
        && let Some(last) = segs.last()
        && last.chars().any(char::is_alphabetic)
    {
        let stem = [
            ".html", ".htm", ".php", ".shtml", ".xhtml", ".aspx", ".asp", ".jsp",
        ]
        .iter()
        .find_map(|ext| last.strip_suffix(ext))
        .unwrap_or(last);
        meta.slug = crate::slug::slugify(&crate::slug::percent_decode(stem), false);
        if let Some(base) = host_folder(rel).and_then(|h| hosts.get(&host_key(h))) {
            meta.original_url = Some(format!("{base}{}", crate::redirects::encode_path(&path)));
        }
        meta.aliases = vec![path.clone()];
    }
    if meta.post_type == "page" && meta.parents.is_empty() && segs.len() > 1 {
        meta.parents = segs[..segs.len() - 1]
            .iter()
            .filter_map(|s| crate::slug::component(s, false))
            .collect();
    }
}

/// What link rewriting needs to know about the whole mirror.
struct Site<'a> {
    root: &'a Path,
    assets: &'a HashSet<String>,
    /// The old site's hosts, with their scheme and spelling (see [`site_hosts`]).
    hosts: &'a HashMap<String, String>,
    links: &'a HashMap<String, usize>,
    /// Documents not converted (listings, feeds), by the same keys, with their skip code.
    skipped: &'a HashMap<String, (usize, &'static str)>,
    documents: &'a [MirrorFile],
    urls: &'a [Option<String>],
    outdir: &'a OutDir,
    opts: &'a Options,
    /// Assets already copied (mirror path → new URL, `None` when the copy failed).
    copied: HashMap<String, Option<String>>,
}

impl Site<'_> {
    /// Points links to converted pages at their new paths and references to files saved in
    /// the mirror at copies in the output; returns warnings for references that stay broken.
    fn rewrite(&mut self, rel: &str, post: &mut Post) -> Vec<String> {
        let mut missing = 0usize;
        let mut body = std::mem::take(&mut post.body);
        for_each_url(&mut body, &mut |kind, url| {
            if let Some(new) = self.resolve(rel, url, kind) {
                *url = new;
            } else if kind == UrlKind::Image && is_local_reference(url) {
                missing += 1;
            }
        });
        post.body = body;
        if let Some(img) = post.meta.featured_image.clone()
            && let Some(new) = self.resolve(rel, &img, UrlKind::Image)
        {
            post.meta.featured_image = Some(new);
        }
        let mut warnings = Vec::new();
        if missing > 0 {
            warnings.push(format!(
                "{missing} image(s) with a relative address not saved in the mirror: broken links"
            ));
        }
        warnings
    }

    fn resolve(&mut self, rel: &str, url: &str, kind: UrlKind) -> Option<String> {
        let (target, fragment) = match url.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (url, None),
        };
        if target.is_empty() {
            return None;
        }
        let candidates = self.candidates(rel, target)?;
        if kind != UrlKind::Image {
            let page = candidates.iter().find_map(|c| {
                let key = path_key(c);
                let plain = path_key(c.split('?').next().unwrap_or(c));
                self.links.get(&key).or_else(|| self.links.get(&plain))
            });
            if let Some(&i) = page
                && let Some(Some(new)) = self.urls.get(i)
            {
                return Some(match fragment {
                    Some(f) => format!("{new}#{f}"),
                    None => new.clone(),
                });
            }
        }
        if kind != UrlKind::Image
            && let Some(new) = self.skipped_page(&candidates)
        {
            return Some(match fragment {
                Some(f) => format!("{new}#{f}"),
                None => new,
            });
        }
        let asset = candidates.iter().find_map(|c| {
            let exact = crate::slug::percent_decode(c.split(['?', '#']).next().unwrap_or(c));
            self.assets.contains(&exact).then_some(exact)
        })?;
        self.copy(&asset)
    }

    /// Where a link to a page that was not converted goes: a tag or category listing to the
    /// new site's term page (where the target has them); anything else to its address on the
    /// old site, which a relative link into the mirror no longer reaches.
    fn skipped_page(&self, candidates: &[String]) -> Option<String> {
        let &(i, code) = candidates.iter().find_map(|c| {
            let plain = path_key(c.split('?').next().unwrap_or(c));
            self.skipped
                .get(&path_key(c))
                .or_else(|| self.skipped.get(&plain))
        })?;
        let rel = &self.documents[i].rel;
        let path = path_key(strip_host(rel).split('?').next().unwrap_or(""));
        if let Some((cat_base, tag_base)) = self.opts.target.taxonomy_urls() {
            let segs: Vec<&str> = path.split('/').collect();
            let base = match code {
                "category-listing" => Some(cat_base),
                "tag-listing" => Some(tag_base),
                _ => None,
            };
            if let (Some(base), Some(term)) = (base, segs.last()) {
                return Some(format!("{base}{}/", crate::slug::slugify(term, false)));
            }
        }
        let base = self.hosts.get(&host_key(host_folder(rel)?))?;
        Some(format!(
            "{base}{}",
            crate::redirects::encode_path(&saved_path(rel))
        ))
    }

    /// The mirror paths a reference may name, most specific first; `None` for references
    /// that cannot be in the mirror (other sites, `mailto:`, data).
    fn candidates(&self, rel: &str, url: &str) -> Option<Vec<String>> {
        let url = url.trim();
        if let Some(host) = url_host(url) {
            if !url.starts_with("//") && !url.starts_with("http") {
                return None;
            }
            let key = host_key(host);
            if !self.hosts.contains_key(&key) {
                return None;
            }
            let rest = url.split_once("//").map_or("", |(_, r)| r);
            let path = rest[host.len()..].trim_start_matches('/');
            return Some(vec![
                format!("{host}/{path}"),
                format!("{key}/{path}"),
                format!("www.{key}/{path}"),
                path.to_string(),
            ]);
        }
        if url.contains(':') && url.split(':').next().is_some_and(|s| !s.contains('/')) {
            return None;
        }
        if let Some(path) = url.strip_prefix('/') {
            let mut v = Vec::new();
            if let Some(h) = host_folder(rel) {
                v.push(format!("{h}/{path}"));
            }
            v.push(path.to_string());
            return Some(v);
        }
        let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
        Some(vec![normalize(&format!("{dir}/{url}"))?])
    }

    /// Copies a mirror file into the target's media folder (once) and returns its URL there.
    fn copy(&mut self, asset: &str) -> Option<String> {
        if let Some(done) = self.copied.get(asset) {
            return done.clone();
        }
        let result = self.copy_once(asset);
        self.copied.insert(asset.to_string(), result.clone());
        result
    }

    fn copy_once(&self, asset: &str) -> Option<String> {
        let segs: Vec<String> = crate::media::upload_segments(asset)
            .unwrap_or_else(|| strip_host(asset).split('/').map(str::to_string).collect());
        let bytes = std::fs::read(self.root.join(asset)).ok()?;
        let (mut dest, prefix) = self.opts.target.media_dir();
        dest.extend(segs.iter().cloned());
        match self.outdir.write_bytes(&dest, &bytes) {
            Ok(WriteOutcome::Written | WriteOutcome::Exists) => {
                let path: Vec<String> = segs
                    .iter()
                    .map(|s| crate::redirects::encode_path(s))
                    .collect();
                Some(format!("{prefix}{}", path.join("/")))
            }
            Err(_) => None,
        }
    }
}

/// A relative or root-relative reference: it only worked on the old site, so if the mirror
/// does not have its file it is broken on the new one.
fn is_local_reference(url: &str) -> bool {
    let url = url.trim();
    !url.is_empty()
        && !url.starts_with("//")
        && !url.starts_with('#')
        && !url
            .split(['/', '?', '#'])
            .next()
            .is_some_and(|s| s.contains(':'))
}

/// Resolves `.` and `..` in a relative path; `None` when it climbs above the mirror's root.
fn normalize(path: &str) -> Option<String> {
    let mut out: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop()?;
            }
            s => out.push(s),
        }
    }
    Some(out.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_compare_in_one_form() {
        assert_eq!(
            path_key("blog.example/2011/01/x/index.html"),
            "blog.example/2011/01/x"
        );
        assert_eq!(path_key("/2011/01/x/"), "2011/01/x");
        assert_eq!(path_key("about.html"), "about");
        assert_eq!(path_key("/%C3%BCber/#top"), "über");
        assert_eq!(path_key("index.html"), "");
        assert_eq!(
            url_key("https://www.Blog.example/2011/01/x/?amp=1"),
            "blog.example/2011/01/x"
        );
    }

    #[test]
    fn host_folders() {
        assert_eq!(
            host_folder("blog.example.com/2011/x.html"),
            Some("blog.example.com")
        );
        assert_eq!(
            host_folder("localhost:8080/a/index.html"),
            Some("localhost:8080")
        );
        assert_eq!(host_folder("about.html"), None);
        assert_eq!(host_folder("2011/01/x/index.html"), None);
    }

    #[test]
    fn relative_paths_stay_inside() {
        assert_eq!(normalize("a/b/../c/./d.jpg").as_deref(), Some("a/c/d.jpg"));
        assert_eq!(normalize("a/../../etc/passwd"), None);
    }
}
