//! A mirror of a blog (wget, HTTrack, or a folder of saved pages) → one site, in two passes
//! over its documents.
//!
//! 1. Every document is read and classified ([`crate::read::mirror`]); listings, feeds and
//!    sitemaps are counted and left out. Each page leaves a small fingerprint
//!    ([`crate::read::site`]) and nothing else, so memory grows with the number of pages,
//!    not their size.
//! 2. The site's template is learned from all fingerprints, and each page's title, date and
//!    author are read against it. Copies of one post (a second path, a `?replytocom=` save,
//!    the same paragraphs under another name) are skipped, naming the one kept; every post
//!    and page gets its path.
//! 3. Pages are read again, a bounded batch at a time, for their bodies — from the template's
//!    content slot where the page has it — and links between converted pages and to images
//!    saved in the mirror are rewritten so the new site stands on its own.
//!
//! Documents are read in parallel (parsing is nearly all of the cost); paths are claimed and
//! files written in document order, so the output does not depend on timing.

use crate::doc::{Meta, Post};
use crate::pipeline::{Options, Progress, claim_path, write_claimed};
use crate::plan::host_key;
use crate::read::feed::FeedEntry;
use crate::read::html::PageError;
use crate::read::mirror::{MirrorFile, PageKind};
use crate::read::page_meta::norm;
use crate::read::site::{Fingerprint, Template};
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

/// Documents that keep their block hashes for finding the template's furniture: the first
/// ones, then one in so many, spread over the site (a few hundred pages of a big site).
const BLOCK_SAMPLE_FIRST: usize = 128;
const BLOCK_SAMPLE_EVERY: usize = 32;

/// Pages whose bodies are read and held at once in the second pass, per worker.
const BATCH_PER_WORKER: usize = 16;

/// What the first pass gave for one document.
enum Scan {
    Page(Box<Scanned>),
    /// A feed: not converted, but what it says of each post is evidence.
    Feed(Vec<FeedEntry>),
    /// A redirect stub, with where it forwards: its path is an old address of that page.
    Redirect(String),
    Skip(&'static str, String),
    Fail(&'static str, String),
    /// A post or page saved as an empty file (its address, as [`page_url`] makes it): the
    /// crawler saved nothing, but a feed may still say what the post was.
    Empty(Option<String>),
    /// An empty file whose post a saved feed lists: written with what the feed says.
    EmptyInFeed(Option<String>, FeedEntry),
}

/// Why an empty file that no feed vouches for is not written.
const EMPTY: &str = "the saved file is empty: the crawler saved nothing for this page";

/// A page of the site, as the first pass saw it.
struct Scanned {
    fp: Fingerprint,
    is_page: bool,
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
    let (scans, template) = learn(documents, opts);
    let mut read = resolve(scans, &template);
    let hosts = site_hosts(documents, &read);
    let duplicates = dedupe(documents, &mut read);

    for (doc, r) in documents.iter().zip(read.iter_mut()) {
        if let Reading::Post(page) = r {
            fill_meta(&mut page.meta, &doc.rel, &hosts);
        }
    }
    for (_, kept, old) in &duplicates {
        if let Reading::Post(page) = &mut read[*kept] {
            for path in old {
                if path != "/" && !page.meta.aliases.contains(path) {
                    page.meta.aliases.push(path.clone());
                }
            }
        }
    }
    let sections = sections(&read);

    // Paths, in document order, and every key a link may use for each document.
    let mut links: HashMap<String, usize> = HashMap::new();
    let mut urls: Vec<Option<String>> = vec![None; documents.len()];
    let mut skipped: HashMap<String, (usize, &'static str)> = HashMap::new();
    let mut stubs: Vec<(usize, String)> = Vec::new();
    let mut planned: Vec<Planned> = read
        .into_iter()
        .enumerate()
        .map(|(i, r)| match r {
            Reading::Post(page) => {
                let rel = &documents[i].rel;
                let has_children = sections.contains(&page_path(&page.meta));
                let (slug, segments) = claim_path(&page.meta, has_children, opts, claims);
                for key in keys_of(rel, page.meta.original_url.as_deref(), &hosts) {
                    links.entry(key).or_insert(i);
                }
                urls[i] = Some(opts.target.url(&segments));
                Planned::Ready(page, slug, segments)
            }
            Reading::Skip(code, reason) => {
                for key in keys_of(&documents[i].rel, None, &hosts) {
                    skipped.entry(key).or_insert((i, code));
                }
                Planned::Row(Outcome::Skipped, code, reason)
            }
            Reading::Redirect(target) => {
                for key in keys_of(&documents[i].rel, None, &hosts) {
                    skipped.entry(key).or_insert((i, "redirect-stub"));
                }
                stubs.push((i, target));
                Planned::Row(
                    Outcome::Skipped,
                    "redirect-stub",
                    "a redirect to another page".into(),
                )
            }
            Reading::Fail(code, reason) => Planned::Row(Outcome::Failed, code, reason),
        })
        .collect();
    for (dup, kept, _) in &duplicates {
        for key in keys_of(&documents[*dup].rel, None, &hosts) {
            links.entry(key).or_insert(*kept);
        }
    }
    // A stub's path was an address of the page it forwards to: keep it as an old path there
    // (and links to the stub lead to that page).
    for (stub, target) in stubs {
        let rel = &documents[stub].rel;
        let Some(to) = link_keys(rel, &target)
            .iter()
            .find_map(|k| links.get(k).copied())
        else {
            continue;
        };
        for key in keys_of(rel, None, &hosts) {
            links.entry(key).or_insert(to);
        }
        let old = saved_path(rel);
        if let Some(Planned::Ready(page, ..)) = planned.get_mut(to)
            && old != "/"
            && !page.meta.aliases.contains(&old)
        {
            page.meta.aliases.push(old);
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
    let batch = opts.workers() * BATCH_PER_WORKER;
    let mut planned = planned.into_iter().enumerate().peekable();
    while planned.peek().is_some() {
        let chunk: Vec<(usize, Planned)> = planned.by_ref().take(batch).collect();
        let bodies = read_bodies(documents, &chunk, &template, opts);
        for ((i, plan), body) in chunk.into_iter().zip(bodies) {
            let doc = &documents[i];
            let name = doc.path.display().to_string();
            let row = match (plan, body) {
                (Planned::Ready(page, slug, segments), Some(Ok(((body, original), empty)))) => {
                    let ReadPage {
                        meta, mut warnings, ..
                    } = *page;
                    warnings.extend(empty);
                    let mut post = Post {
                        meta,
                        body,
                        original: Some(Box::new(original)),
                    };
                    let before = crate::check::urls(&mut post.body);
                    warnings.append(&mut site.rewrite(&doc.rel, &mut post));
                    let renamed = crate::check::renamed(before, crate::check::urls(&mut post.body));
                    let mut row =
                        write_claimed(&post, &renamed, &name, &slug, &segments, &outdir, opts);
                    row.warnings.append(&mut warnings);
                    let to = opts.target.url(&segments);
                    redirects.extend(post.meta.aliases.iter().filter(|a| **a != to).map(|from| {
                        crate::redirects::Redirect {
                            from: crate::slug::encode_path(from),
                            query: None,
                            to: crate::slug::encode_path(&to),
                        }
                    }));
                    raw_html |= crate::pipeline::keeps_raw_html(&row);
                    row
                }
                (Planned::Ready(..), Some(Err((code, reason)))) => {
                    bare_row(&name, Outcome::Failed, code, reason)
                }
                (Planned::Ready(..), None) => bare_row(
                    &name,
                    Outcome::Failed,
                    "internal-error",
                    "internal error (a bug)".into(),
                ),
                (Planned::Row(outcome, code, reason), _) => bare_row(&name, outcome, code, reason),
            };
            report.push(row);
        }
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

/// A page to write: its metadata as read against the template, and what that reading
/// found worth a warning.
struct ReadPage {
    meta: Meta,
    warnings: Vec<String>,
    /// The body's text sketch and the `<title>`, to find one post saved twice.
    body_key: Option<(Vec<u64>, String)>,
    /// The blog engine's number for the post, when the page shows it.
    post_id: Option<u64>,
    /// Whether its title sits in the template's title slot: a post of the site's, even
    /// when no body text can be found.
    in_template: bool,
}

/// What the second pass does with a document: read and write it, or report it.
enum Reading {
    Post(Box<ReadPage>),
    /// A redirect stub and where it forwards.
    Redirect(String),
    Skip(&'static str, String),
    Fail(&'static str, String),
}

/// A document with its output path claimed, or its row already decided.
enum Planned {
    Ready(Box<ReadPage>, String, Vec<String>),
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
        kept: None,
        by_design: Vec::new(),
    }
}

/// The first pass: every document scanned (in parallel, results in document order), and the
/// template learned from the pages among them.
fn learn(documents: &[MirrorFile], opts: &Options) -> (Vec<Scan>, Template) {
    let mut scans = parallel(documents.len(), opts, |i| {
        scan_one(
            &documents[i],
            i < BLOCK_SAMPLE_FIRST || i % BLOCK_SAMPLE_EVERY == 0,
        )
    })
    .into_iter()
    .map(|r| r.unwrap_or_else(|| Scan::Fail("internal-error", "internal error (a bug)".into())))
    .collect::<Vec<_>>();
    let feeds = FeedIndex::new(&scans);
    for (doc, scan) in documents.iter().zip(scans.iter_mut()) {
        match scan {
            Scan::Page(p) => {
                if let Some(entry) = feeds.find(&doc.rel, p.fp.meta.url.as_deref()) {
                    apply_feed(&mut p.fp, entry);
                }
            }
            Scan::Empty(url) => {
                *scan = match feeds.find(&doc.rel, url.as_deref()) {
                    Some(entry) => Scan::EmptyInFeed(url.take(), entry.clone()),
                    None => Scan::Fail("empty", EMPTY.into()),
                };
            }
            _ => {}
        }
    }
    let pages: Vec<(&Fingerprint, bool)> = scans
        .iter()
        .filter_map(|s| match s {
            Scan::Page(p) => Some((&p.fp, p.is_page)),
            _ => None,
        })
        .collect();
    let fps: Vec<&Fingerprint> = pages.iter().map(|(f, _)| *f).collect();
    let kinds: Vec<bool> = pages.iter().map(|(_, k)| *k).collect();
    let template = Template::learn(&fps, &kinds);
    (scans, template)
}

/// The entries of every feed saved in the mirror, by every key a page may match them by:
/// the path of the entry's address, and its tails of two segments or more (a static export
/// drops a base path such as `/blog/` that the feeds still name). A tail two entries share
/// names neither.
struct FeedIndex {
    entries: Vec<FeedEntry>,
    keys: HashMap<String, Option<usize>>,
}

impl FeedIndex {
    fn new(scans: &[Scan]) -> FeedIndex {
        let mut index = FeedIndex {
            entries: Vec::new(),
            keys: HashMap::new(),
        };
        let mut by_url: HashMap<String, usize> = HashMap::new();
        for scan in scans {
            let Scan::Feed(entries) = scan else { continue };
            for e in entries {
                let key = path_key(crate::read::page_meta::url_path(&e.url));
                if key.is_empty() {
                    continue;
                }
                match by_url.get(&key) {
                    // One post in several feeds (the main feed, its category's, its
                    // comments'): each fills in what the others lack.
                    Some(&i) => {
                        let have = &mut index.entries[i];
                        have.title = have.title.take().or_else(|| e.title.clone());
                        have.date = have.date.or(e.date);
                        have.author = have.author.take().or_else(|| e.author.clone());
                        for t in &e.terms {
                            if !have.terms.contains(t) {
                                have.terms.push(t.clone());
                            }
                        }
                    }
                    None => {
                        by_url.insert(key, index.entries.len());
                        index.entries.push(e.clone());
                    }
                }
            }
        }
        let mut keys: Vec<(String, usize)> = by_url.into_iter().collect();
        keys.sort();
        for (key, i) in keys {
            let segs: Vec<&str> = key.split('/').collect();
            for start in 0..segs.len() {
                if start > 0 && segs.len() - start < 2 {
                    break;
                }
                let tail = segs[start..].join("/");
                let exact = start == 0;
                match index.keys.get(&tail) {
                    Some(Some(j)) if *j != i && !exact => {
                        index.keys.insert(tail, None);
                    }
                    Some(_) if !exact => {}
                    _ => {
                        index.keys.insert(tail, Some(i));
                    }
                }
            }
        }
        index
    }

    /// The entry for a page saved at `rel` with the address `url`.
    fn find(&self, rel: &str, url: Option<&str>) -> Option<&FeedEntry> {
        own_keys(rel, url)
            .iter()
            .find_map(|k| self.keys.get(k).copied().flatten())
            .map(|i| &self.entries[i])
    }
}

/// What a feed says of a page joins the page's own signals: its title and author as one
/// more voice each, its date where the page's markup had none, its terms where the page
/// shows none (a theme that prints no tags).
fn apply_feed(fp: &mut Fingerprint, entry: &FeedEntry) {
    let s = &mut fp.meta.signals;
    s.feed_title = entry.title.clone();
    s.feed_author = entry.author.clone();
    s.date = s.date.or(entry.date);
    if fp.meta.categories.is_empty() && fp.meta.tags.is_empty() {
        fp.meta.tags = entry.terms.clone();
    }
}

/// What `unpress inspect` shows of a mirror: what the site learning decided, so a user can
/// see why a page was read as it was.
#[derive(Debug, Default, serde::Serialize)]
pub struct SiteInspection {
    pub folder: String,
    pub documents: usize,
    /// Skip and failure codes with their counts; `page` and `post` for the pages read.
    pub kinds: std::collections::BTreeMap<String, usize>,
    pub site_names: Vec<String>,
    /// Learned slots, as element paths, with how many pages vouched for each.
    pub slots: Vec<InspectedSlot>,
    /// Blocks repeated across the sampled pages: the template's furniture (how many, and
    /// those of the first page read, as element path and the start of their text).
    pub repeated_blocks: usize,
    pub repeated_examples: Vec<(String, String)>,
    /// Each page read: where its title, date and author came from.
    pub pages: Vec<InspectedPage>,
}

#[derive(Debug, serde::Serialize)]
pub struct InspectedSlot {
    pub field: String,
    pub element: String,
    pub pages: usize,
}

#[derive(Debug, serde::Serialize)]
pub struct InspectedPage {
    pub file: String,
    pub kind: &'static str,
    pub title: Option<String>,
    pub title_from: Option<&'static str>,
    pub date: Option<String>,
    pub date_from: Option<&'static str>,
    pub author: Option<String>,
    pub author_from: Option<&'static str>,
    pub warnings: Vec<String>,
}

/// Learns a mirror's template and reads each page against it, writing nothing.
pub fn inspect_mirror(root: &Path, documents: &[MirrorFile], opts: &Options) -> SiteInspection {
    let (scans, template) = learn(documents, opts);
    let mut ins = SiteInspection {
        folder: root.display().to_string(),
        documents: documents.len(),
        site_names: template.site_names.clone(),
        repeated_blocks: template.repeated.len(),
        ..SiteInspection::default()
    };
    let t = &template;
    let mut learned: Vec<(String, Option<crate::read::site::Learned>)> = [
        ("title (posts)", t.title[0]),
        ("title (pages)", t.title[1]),
        ("date", t.date),
        ("author", t.author),
    ]
    .into_iter()
    .map(|(f, l)| (f.to_string(), l))
    .collect();
    for (k, field) in ["content (posts)", "content (pages)"].iter().enumerate() {
        learned.extend(t.content[k].iter().map(|l| (field.to_string(), Some(*l))));
    }
    let mut described: HashMap<u64, String> = HashMap::new();
    for (doc, scan) in documents.iter().zip(&scans) {
        if !matches!(scan, Scan::Page(_))
            || learned
                .iter()
                .filter_map(|(_, l)| *l)
                .all(|l| described.contains_key(&l.slot))
        {
            continue;
        }
        let Ok(bytes) = read_bytes(doc) else { continue };
        let Ok(page) = crate::read::html::decode_page(&bytes)
            .and_then(|html| crate::read::html::parse_page(&html))
        else {
            continue;
        };
        if ins.repeated_examples.is_empty() {
            ins.repeated_examples = crate::read::site::repeated_blocks(&page, &template, 12);
        }
        for (_, l) in &learned {
            if let Some(l) = l
                && !described.contains_key(&l.slot)
                && let Some(e) = page
                    .root_element()
                    .descendants()
                    .filter_map(scraper::ElementRef::wrap)
                    .find(|e| crate::read::site::slot_of(*e) == l.slot)
            {
                described.insert(l.slot, crate::read::site::describe(e));
            }
        }
    }
    for (field, l) in learned {
        if let Some(l) = l {
            ins.slots.push(InspectedSlot {
                field,
                element: described.get(&l.slot).cloned().unwrap_or_default(),
                pages: l.pages,
            });
        }
    }
    for (doc, scan) in documents.iter().zip(&scans) {
        let kind = match scan {
            Scan::Page(p) => {
                let r = template.resolve(&p.fp, p.is_page);
                let kind = if p.is_page { "page" } else { "post" };
                ins.pages.push(InspectedPage {
                    file: doc.rel.clone(),
                    kind,
                    title: r.title.as_ref().map(|(_, t)| t.clone()),
                    title_from: r.title.as_ref().map(|(f, _)| *f),
                    date: r.date.as_ref().map(|(_, d)| d.to_string()),
                    date_from: r.date.as_ref().map(|(f, _)| *f),
                    author: r.author.as_ref().map(|(_, a)| a.clone()),
                    author_from: r.author.as_ref().map(|(f, _)| *f),
                    warnings: r.warnings,
                });
                kind
            }
            Scan::Feed(_) => "feed",
            Scan::Redirect(_) => "redirect-stub",
            Scan::Empty(_) => "empty",
            Scan::EmptyInFeed(..) => "empty-in-feed",
            Scan::Skip(code, _) | Scan::Fail(code, _) => code,
        };
        *ins.kinds.entry(kind.to_string()).or_default() += 1;
    }
    ins
}

impl SiteInspection {
    /// The human-readable form: the template, then one line per page read.
    pub fn to_text(&self) -> String {
        use std::fmt::Write as _;
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{}: a saved site, {} documents",
            self.folder, self.documents
        );
        for (k, n) in &self.kinds {
            let _ = writeln!(out, "  {k:<18} {n}");
        }
        let _ = writeln!(out, "site name: {}", self.site_names.join(" / "));
        let _ = writeln!(out, "template (learned from the pages):");
        for s in &self.slots {
            let _ = writeln!(out, "  {:<16} {} ({} pages)", s.field, s.element, s.pages);
        }
        let _ = writeln!(out, "  repeated blocks  {}", self.repeated_blocks);
        for (element, text) in &self.repeated_examples {
            let _ = writeln!(out, "    {element}: {text:?}");
        }
        let _ = writeln!(out, "pages:");
        for p in &self.pages {
            let _ = writeln!(
                out,
                "  {} [{}]\n    title  {:?} ({})\n    date   {} ({})\n    author {} ({})",
                p.file,
                p.kind,
                p.title.as_deref().unwrap_or(""),
                p.title_from.unwrap_or("none"),
                p.date.as_deref().unwrap_or("-"),
                p.date_from.unwrap_or("none"),
                p.author.as_deref().unwrap_or("-"),
                p.author_from.unwrap_or("none"),
            );
            for w in &p.warnings {
                let _ = writeln!(out, "    warning: {w}");
            }
        }
        out
    }
}

/// Each page's metadata read against the template; the fingerprints are dropped here.
fn resolve(scans: Vec<Scan>, template: &Template) -> Vec<Reading> {
    scans
        .into_iter()
        .map(|s| match s {
            Scan::Page(p) if !p.is_page && template.is_listing(&p.fp) => Reading::Skip(
                "listing",
                "a listing of posts (its title names the site, not a post)".into(),
            ),
            Scan::Page(p) => {
                let Scanned { fp, is_page } = *p;
                let r = template.resolve(&fp, is_page);
                let title_key = fp.meta.signals.page_title.as_deref().map(norm);
                let body_key = Some(fp.sketch).filter(|s| !s.is_empty()).zip(title_key);
                let post_id = fp.meta.signals.post_id;
                let mut pm = fp.meta;
                let in_template = r
                    .title
                    .as_ref()
                    .is_some_and(|(from, _)| from.starts_with("template"));
                match r.title {
                    Some((_, t)) => pm.title = Some(t),
                    // An untitled post's `<title>` is the blog's name: no title at all.
                    None if pm
                        .title
                        .as_deref()
                        .is_some_and(|t| template.is_site_name(t)) =>
                    {
                        pm.title = None;
                    }
                    None => {}
                }
                if let Some((_, d)) = r.date {
                    pm.date = Some(d);
                }
                if let Some((_, a)) = r.author {
                    pm.author = Some(a);
                }
                if r.drop_terms {
                    pm.categories.clear();
                    pm.tags.clear();
                }
                let mut meta = crate::read::html::to_meta(pm);
                if is_page {
                    meta.post_type = "page".into();
                }
                Reading::Post(Box::new(ReadPage {
                    meta,
                    warnings: r.warnings,
                    body_key,
                    post_id,
                    in_template,
                }))
            }
            Scan::EmptyInFeed(url, entry) => Reading::Post(Box::new(ReadPage {
                meta: crate::read::html::to_meta(crate::read::page_meta::PageMeta {
                    title: entry.title,
                    date: entry.date,
                    author: entry.author,
                    tags: entry.terms,
                    url,
                    ..Default::default()
                }),
                warnings: vec![
                    "the saved page is empty: its title, date, author and terms come from the \
                     site's feed"
                        .into(),
                ],
                body_key: None,
                post_id: None,
                // Written with its metadata alone, like a template's post with no body.
                in_template: true,
            })),
            Scan::Empty(_) => Reading::Fail("empty", EMPTY.into()),
            Scan::Feed(_) => Reading::Skip("feed", "a feed, not a page".into()),
            Scan::Redirect(target) => Reading::Redirect(target),
            Scan::Skip(c, r) => Reading::Skip(c, r),
            Scan::Fail(c, r) => Reading::Fail(c, r),
        })
        .collect()
}

/// Runs `f` over `0..n` on the worker threads, with the progress bar; results in index
/// order. A call that panics (a bug) gives `None` for its index alone.
fn parallel<T: Send>(n: usize, opts: &Options, f: impl Fn(usize) -> T + Sync) -> Vec<Option<T>> {
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let workers = opts.workers().min(n).max(1);
    let mut results: Vec<(usize, Option<T>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(i)));
                        mine.push((i, r.ok()));
                        done.fetch_add(1, Ordering::Relaxed);
                    }
                    mine
                })
            })
            .collect();
        let mut progress = (opts.progress && n > BATCH_PER_WORKER).then(|| Progress::new(n));
        while handles.iter().any(|h| !h.is_finished()) {
            if let Some(p) = progress.as_mut() {
                p.update(done.load(Ordering::Relaxed));
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
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

/// The first pass over one document; `sampled` keeps its blocks for finding the template's
/// furniture.
fn scan_one(doc: &MirrorFile, sampled: bool) -> Scan {
    let bytes = match read_bytes(doc) {
        Ok(b) => b,
        Err(e) => return Scan::Fail("unreadable", format!("cannot read: {e}")),
    };
    if crate::read::mirror::is_feed(&bytes) {
        return Scan::Feed(crate::read::feed::read_feed(&bytes));
    }
    if crate::read::mirror::is_sitemap(&bytes) {
        return Scan::Skip("sitemap", "a sitemap, not a page".into());
    }
    let origin = crate::read::mirror::saved_from(&bytes);
    let page = match crate::read::html::decode_page(&bytes)
        .and_then(|html| crate::read::html::parse_page(&html))
    {
        Ok(p) => p,
        Err(e) => return fail(e),
    };
    let is_page = match crate::read::mirror::classify(&doc.rel, origin.as_deref(), &page) {
        PageKind::Skip("redirect-stub", reason) => {
            return match crate::read::mirror::refresh_target(&page) {
                Some(target) => Scan::Redirect(target),
                None => Scan::Skip("redirect-stub", reason.into()),
            };
        }
        PageKind::Skip(code, reason) => return Scan::Skip(code, reason.into()),
        _ if bytes.trim_ascii().is_empty() => {
            return Scan::Empty(page_url(&doc.rel, None, None, origin.as_deref()));
        }
        PageKind::Page => true,
        PageKind::Post => false,
    };
    let root = crate::read::html::content_root(&page)
        .and_then(|id| page.tree.get(id))
        .and_then(scraper::ElementRef::wrap);
    let mut meta = crate::read::page_meta::read_meta(&page, root);
    let canonical = canonical_href(&page);
    meta.url = page_url(
        &doc.rel,
        meta.url.take(),
        canonical.as_deref(),
        origin.as_deref(),
    );
    let own = own_keys(&doc.rel, meta.url.as_deref());
    let is_self = |href: &str| {
        link_keys(&doc.rel, href)
            .iter()
            .any(|k| own.iter().any(|o| o == k))
    };
    let mut fp = crate::read::site::fingerprint(&page, root, meta, &is_self, sampled);
    fp.entries = crate::read::mirror::entry_count(&page);
    fp.path_date = fp
        .meta
        .url
        .as_deref()
        .and_then(crate::read::page_meta::url_date)
        .or_else(|| crate::read::page_meta::url_date(&saved_path(&doc.rel)));
    Scan::Page(Box::new(Scanned { fp, is_page }))
}

/// The page's `<link rel=canonical>` as written, relative or not.
fn canonical_href(page: &scraper::Html) -> Option<String> {
    static CANONICAL: std::sync::LazyLock<scraper::Selector> = std::sync::LazyLock::new(|| {
        scraper::Selector::parse(r#"link[rel~="canonical" i][href]"#)
            .unwrap_or_else(|e| panic!("bad built-in selector: {e:?}"))
    });
    page.select(&CANONICAL)
        .filter_map(|l| l.value().attr("href"))
        .map(str::trim)
        .find(|h| !h.is_empty())
        .map(String::from)
}

/// The page's address on the old site: its absolute canonical URL; else, for a page
/// HTTrack saved, the address it was saved from — or the canonical link HTTrack made
/// relative, resolved against that address when it names another path (a `?replytocom=`
/// copy points at the post).
fn page_url(
    rel: &str,
    absolute: Option<String>,
    canonical: Option<&str>,
    origin: Option<&str>,
) -> Option<String> {
    if absolute.is_some() {
        return absolute;
    }
    let origin = origin?;
    let base = if origin.contains("://") {
        origin.to_string()
    } else {
        format!("http://{origin}")
    };
    let plain = base.split(['?', '#']).next().unwrap_or(&base).to_string();
    let Some(canonical) = canonical.filter(|c| !c.contains(':')) else {
        return Some(plain);
    };
    // HTTrack rewrote the link against the saved file; compare it there.
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    let saved = normalize(&format!("{dir}/{canonical}"))?;
    if path_key(&saved) == path_key(rel) && !origin.contains('?') {
        return Some(plain);
    }
    let (scheme_host, path) = match plain.split_once("://") {
        Some((scheme, rest)) => {
            let host = rest.split('/').next().unwrap_or(rest);
            (
                format!("{scheme}://{host}"),
                crate::read::page_meta::url_path(&plain).to_string(),
            )
        }
        None => return Some(plain),
    };
    let url_dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    let resolved = normalize(&format!("{url_dir}/{canonical}"))?;
    // HTTrack names `/post/` `post/index.html` and `/post` `post.html`.
    let resolved = if resolved == "index.html" || resolved.ends_with("/index.html") {
        format!(
            "{}/",
            resolved
                .trim_end_matches("index.html")
                .trim_end_matches('/')
        )
    } else if path.ends_with(".html") {
        resolved
    } else {
        resolved
            .strip_suffix(".html")
            .unwrap_or(&resolved)
            .to_string()
    };
    let resolved = resolved.trim_start_matches('/');
    Some(format!("{scheme_host}/{resolved}"))
}

/// The keys this page is known by (its place in the mirror, its URL's path).
fn own_keys(rel: &str, url: Option<&str>) -> Vec<String> {
    let mut keys = vec![path_key(rel), path_key(strip_host(rel))];
    if let Some(u) = url {
        keys.push(path_key(crate::read::page_meta::url_path(u)));
    }
    keys
}

/// The keys a link written on the page at `rel` may lead to.
fn link_keys(rel: &str, href: &str) -> Vec<String> {
    let href = href.trim();
    let target = href.split(['#']).next().unwrap_or(href);
    if target.is_empty() {
        return own_keys(rel, None);
    }
    if url_host(target).is_some() {
        return vec![path_key(crate::read::page_meta::url_path(target))];
    }
    if let Some(path) = target.strip_prefix('/') {
        return vec![path_key(path)];
    }
    let dir = rel.rsplit_once('/').map_or("", |(d, _)| d);
    match normalize(&format!("{dir}/{target}")) {
        Some(p) => vec![path_key(&p), path_key(strip_host(&p))],
        None => Vec::new(),
    }
}

/// The second pass over a batch: each page to write is read again for its body, from the
/// template's content slot where the page has exactly one such element.
fn read_bodies(
    documents: &[MirrorFile],
    chunk: &[(usize, Planned)],
    template: &Template,
    opts: &Options,
) -> Vec<Option<BodyReading>> {
    let quiet = Options {
        progress: false,
        ..opts.clone()
    };
    parallel(chunk.len(), &quiet, |k| {
        let (i, Planned::Ready(page, ..)) = &chunk[k] else {
            return Err(("", String::new()));
        };
        let bytes =
            read_bytes(&documents[*i]).map_err(|e| ("unreadable", format!("cannot read: {e}")))?;
        let html = crate::read::html::decode_page(&bytes).map_err(fail_reason)?;
        let title = Some(page.meta.title.clone());
        let slots = &template.content[usize::from(page.meta.post_type == "page")];
        let parse = || crate::read::html::parse_page(&html).map_err(fail_reason);
        let doc = parse()?;
        let in_slot = slots
            .iter()
            .find_map(|l| crate::read::site::find_only(&doc, l.slot));
        let prune = |doc: &mut scraper::Html, root| {
            for id in crate::read::site::repeated_inside(doc, root, template) {
                if let Some(mut n) = doc.tree.get_mut(id) {
                    n.detach();
                }
            }
        };
        match crate::read::html::read_body(doc, in_slot, title.clone(), prune) {
            Ok(body) => Ok((body, None)),
            // The template's body element is there but holds no text (a photo post whose
            // image sits outside it, a post left empty), or the template's title slot says
            // this is a post: the extractor may find the body elsewhere; failing that the
            // post is still a post, written with its metadata.
            Err(PageError::NoContent) if in_slot.is_some() || page.in_template => {
                match crate::read::html::read_body(parse()?, None, title, |_, _| {}) {
                    Ok(body) => Ok((body, None)),
                    Err(_) => Ok((
                        (Vec::new(), crate::check::Original::default()),
                        Some("no body text found: written with its metadata only".to_string()),
                    )),
                }
            }
            Err(e) => Err(fail_reason(e)),
        }
    })
}

/// A page's body (with a warning when it has to be empty), or why it has none (a report
/// code and reason).
type BodyReading = Result<
    (
        (Vec<crate::doc::Block>, crate::check::Original),
        Option<String>,
    ),
    (&'static str, String),
>;

fn fail_reason(e: PageError) -> (&'static str, String) {
    let code = match e {
        PageError::NoContent => "no-content",
        PageError::Binary => "binary",
    };
    (code, e.to_string())
}

fn fail(e: PageError) -> Scan {
    let (code, reason) = fail_reason(e);
    Scan::Fail(code, reason)
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

/// How alike two bodies' texts must be (see [`crate::read::site::resemblance`]) for two
/// pages of one title to be one page saved twice.
const SAME_TEXT: f32 = 0.8;

/// Skips every page that another already stands for: the same canonical URL (crawlers save
/// a post again under `?replytocom=`, `/amp/` or a second path), or the same `<title>` and
/// date over nearly the same text — even where both pages name their own address, unless
/// the blog engine numbers them as two posts (a post published twice is listed twice by the
/// site itself, so both are written). Which copy is kept is said
/// below. Returns (duplicate, kept, the duplicate's old paths) triples, so links to a
/// duplicate go to the kept copy and its old addresses redirect there.
fn dedupe(documents: &[MirrorFile], read: &mut [Reading]) -> Vec<(usize, usize, Vec<String>)> {
    let mut by_canonical: HashMap<String, Vec<usize>> = HashMap::new();
    let mut by_title: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, r) in read.iter().enumerate() {
        if let Reading::Post(p) = r {
            if let Some(url) = &p.meta.original_url {
                by_canonical.entry(url_key(url)).or_default().push(i);
            }
            if let Some((_, title)) = &p.body_key {
                by_title.entry(title.as_str()).or_default().push(i);
            }
        }
    }
    // Among pages of one `<title>`, those whose text is nearly the same (the first of a
    // cluster stands for it).
    let sketch = |i: usize| match &read[i] {
        Reading::Post(p) => p.body_key.as_ref().map_or(&[][..], |(s, _)| &s[..]),
        _ => &[],
    };
    let date = |i: usize| match &read[i] {
        Reading::Post(p) => p.meta.date,
        _ => None,
    };
    let id = |i: usize| match &read[i] {
        Reading::Post(p) => p.post_id,
        _ => None,
    };
    let mut by_body: Vec<Vec<usize>> = Vec::new();
    for members in by_title.into_values().filter(|v| v.len() > 1) {
        let mut clusters: Vec<Vec<usize>> = Vec::new();
        for i in members {
            match clusters.iter_mut().find(|c| {
                // Dated differently, two alike pages are two posts (a weekly post that
                // repeats itself); a copy whose date is unknown matches any.
                // Numbered differently by the blog engine, they are two posts (one
                // published twice: the site lists both).
                date(c[0]).zip(date(i)).is_none_or(|(a, b)| a == b)
                    && id(c[0]).zip(id(i)).is_none_or(|(a, b)| a == b)
                    && crate::read::site::resemblance(sketch(c[0]), sketch(i)) >= SAME_TEXT
            }) {
                Some(c) => c.push(i),
                None => clusters.push(vec![i]),
            }
        }
        by_body.extend(clusters.into_iter().filter(|c| c.len() > 1));
    }
    let mut pairs = Vec::new();
    let mut groups: Vec<(Option<String>, Vec<usize>)> = by_canonical
        .into_iter()
        .filter(|(_, v)| v.len() > 1)
        .map(|(k, v)| (Some(k), v))
        .collect();
    groups.sort_by_key(|(_, v)| v[0]);
    let mut bodies = by_body;
    bodies.sort_by_key(|v| v[0]);
    groups.extend(bodies.into_iter().map(|v| (None, v)));
    for (canonical, members) in groups {
        let members: Vec<usize> = members
            .into_iter()
            .filter(|&i| matches!(read[i], Reading::Post(_)))
            .collect();
        if members.len() < 2 {
            continue;
        }
        let home = |i: usize| {
            let canonical = match &canonical {
                Some(c) => c.clone(),
                None => match &read[i] {
                    Reading::Post(p) => p
                        .meta
                        .original_url
                        .as_deref()
                        .map(url_key)
                        .unwrap_or_default(),
                    _ => String::new(),
                },
            };
            let path = path_key(strip_host(&documents[i].rel));
            !path.is_empty() && (canonical == path || canonical.ends_with(&format!("/{path}")))
        };
        // Else the copy whose name is its title's slug: a post renamed keeps its old path
        // too (`got-a-real-mountai-bike/` beside `got-a-real-mountain-bike/`).
        let named = |i: usize| match &read[i] {
            Reading::Post(p) => {
                let slug = crate::slug::slugify(&p.meta.title, false);
                let path = path_key(strip_host(&documents[i].rel));
                !slug.is_empty() && path.rsplit('/').next() == Some(slug.as_str())
            }
            _ => false,
        };
        // Else the one at the plainest address: not a listing's path nor a query's
        // (`index.html?p=343`), fewest folders deep (a home page saved again under
        // `/author/x/` stays at the root).
        let plainest = members
            .iter()
            .copied()
            .min_by_key(|&i| {
                let rel = strip_host(&documents[i].rel);
                let detour = crate::read::mirror::listing_path(rel)
                    || rel.contains('?')
                    || rel.to_ascii_lowercase().contains("%3f");
                (detour, path_key(rel).matches('/').count(), i)
            })
            .unwrap_or(members[0]);
        let at_home = members
            .iter()
            .copied()
            .find(|&i| home(i))
            .or_else(|| members.iter().copied().find(|&i| named(i)))
            .unwrap_or(plainest);
        let why = if canonical.is_some() {
            "same canonical URL"
        } else {
            "same title and text"
        };
        for &i in &members {
            if i != at_home {
                // The copy's addresses stay reachable: the path it was saved from (and its
                // canonical one) become old paths of the kept page.
                let mut old = vec![saved_path(&documents[i].rel)];
                if let Reading::Post(p) = &read[i]
                    && let Some(u) = p.meta.original_url.as_deref()
                {
                    old.push(crate::read::page_meta::url_path(u).to_string());
                }
                read[i] = Reading::Skip(
                    "duplicate",
                    format!(
                        "the same page as {} ({why})",
                        documents[at_home].path.display()
                    ),
                );
                pairs.push((i, at_home, old));
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
fn page_path(meta: &Meta) -> Vec<String> {
    let mut p = meta.parents.clone();
    p.push(meta.slug.clone());
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
fn fill_meta(meta: &mut Meta, rel: &str, hosts: &HashMap<String, String>) {
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
            meta.original_url = Some(format!("{base}{}", crate::slug::encode_path(&path)));
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
        let original = post.meta.original_url.clone();
        for_each_url(&mut body, &mut |kind, url| {
            if let Some(new) = self.resolve(rel, url, kind) {
                *url = new;
            } else if is_local_reference(url) {
                // Not saved in the mirror: point it at the old site, where it was, rather
                // than at a path the new site does not have.
                if kind == UrlKind::Image {
                    missing += 1;
                }
                if let Some(old) = original.as_deref().and_then(|o| on_old_site(rel, o, url)) {
                    *url = old;
                }
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
            let where_ = if original.is_some() {
                "they point at the old site"
            } else {
                "broken links"
            };
            warnings.push(format!(
                "{missing} image(s) with a relative address not saved in the mirror: {where_}"
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
            crate::slug::encode_path(&saved_path(rel))
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
                let path: Vec<String> = segs.iter().map(|s| crate::slug::encode_path(s)).collect();
                Some(format!("{prefix}{}", path.join("/")))
            }
            Err(_) => None,
        }
    }
}

/// The old site's address of a relative reference written in the page saved at `rel`, whose
/// own address was `original`: the reference is resolved in the mirror, then the mirror path
/// is placed under the old site's base path (what `original` has before the part the saved
/// path repeats: `/blog/` for `archives/12.html` saved from `/blog/archives/12`).
fn on_old_site(rel: &str, original: &str, url: &str) -> Option<String> {
    let (scheme, rest) = original.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    let (target, suffix) = match url.find(['?', '#']) {
        Some(i) => (&url[..i], &url[i..]),
        None => (url, ""),
    };
    let in_mirror = match target.strip_prefix('/') {
        Some(root) => root.to_string(),
        None => {
            let dir = strip_host(rel).rsplit_once('/').map_or("", |(d, _)| d);
            normalize(&format!("{dir}/{target}"))?
        }
    };
    let base = if target.starts_with('/') {
        String::new()
    } else {
        let page: Vec<String> = crate::read::page_meta::url_path(original)
            .split('/')
            .filter(|s| !s.is_empty())
            .map(path_key)
            .collect();
        let saved: Vec<String> = path_key(strip_host(rel))
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let shared = page
            .iter()
            .rev()
            .zip(saved.iter().rev())
            .take_while(|(a, b)| a == b)
            .count();
        page[..page.len() - shared]
            .iter()
            .map(|s| format!("{s}/"))
            .collect()
    };
    Some(format!("{scheme}://{host}/{base}{in_mirror}{suffix}"))
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
    fn references_not_saved_point_at_the_old_site() {
        let page = "http://rnd.example/blog/archives/1042";
        assert_eq!(
            on_old_site("archives/1042.html", page, "../wp-includes/smile.gif").as_deref(),
            Some("http://rnd.example/blog/wp-includes/smile.gif")
        );
        assert_eq!(
            on_old_site("archives/1042.html", page, "/favicon.ico?v=2").as_deref(),
            Some("http://rnd.example/favicon.ico?v=2")
        );
        assert_eq!(
            on_old_site(
                "2016/12/05/x/index.html",
                "https://w.example/2016/12/05/x/",
                "img/a.png"
            )
            .as_deref(),
            Some("https://w.example/2016/12/05/x/img/a.png")
        );
    }

    #[test]
    fn relative_paths_stay_inside() {
        assert_eq!(normalize("a/b/../c/./d.jpg").as_deref(), Some("a/c/d.jpg"));
        assert_eq!(normalize("a/../../etc/passwd"), None);
    }
}
