//! One whole input → files + report. The stages run in order — read, model, transform,
//! render, write — with items converted on worker threads and written by one thread in
//! document order, so the output is byte-identical whatever the thread count.
//!
//! An export is read twice: a cheap first pass builds the small site indexes (authors,
//! attachments, page parents) so that an item can refer to things that come after it; the
//! second pass streams items through the converters. Memory stays bounded by the largest item
//! times the queue depth, never by the export.

use crate::item::{self, DraftPolicy, SiteIndex};
use crate::media::{LocalMedia, MediaMode};
use crate::plan::{Pending, PendingList, SitePlan};
pub use crate::read::source::Source;
use crate::read::wxr::{Item, ReadMode, WxrError};
use crate::redirects::RedirectFormat;
use crate::report::{ContentHook, InputError, Outcome, Report, Row, RowHook};
use crate::target::{FrontMatterFormat, Target};
use crate::transform::urls::{MediaMap, Rewriter};
use crate::write::{Claims, OutDir, WriteOutcome};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};

/// Everything a conversion needs to know, validated once (the CLI builds it from flags).
#[derive(Debug, Clone)]
pub struct Options {
    pub target: Target,
    /// Front matter format; `None` means the target's default.
    pub format: Option<FrontMatterFormat>,
    pub drafts: DraftPolicy,
    pub ascii_slugs: bool,
    pub force: bool,
    pub dry_run: bool,
    /// Worker threads; 0 means one per core.
    pub jobs: usize,
    /// Where approved comments go.
    pub comments: CommentMode,
    /// Redirect files to write for the old URLs.
    pub redirects: Vec<RedirectFormat>,
    /// Never write raw HTML: embeds become links, the rest plain text.
    pub no_html: bool,
    /// What happens to uploaded files.
    pub media: MediaMode,
    /// Warnings and recovered damage fail the run (exit 1).
    pub strict: bool,
    /// Draw a progress line on stderr (the CLI sets this only when stderr is a terminal).
    pub progress: bool,
    /// Keep shortcodes unpress does not convert verbatim instead of dropping their tags.
    pub keep_unknown_shortcodes: bool,
    /// Called with every report row as it is finished, in document order.
    pub row_hook: Option<RowHook>,
    /// Keep every row in [`Report::items`] (failed rows are always kept). Off, memory stays
    /// bounded however large the export; the hook still sees every row.
    pub keep_rows: bool,
    /// Called with every written row and both sides of its post (for `--review`).
    pub content_hook: Option<ContentHook>,
    /// The exports' format; `None` tells each by its content.
    pub export: Option<crate::read::ExportFormat>,
    /// The old site's address (`https://blog.example`), for exports that do not hold it
    /// (Ghost's, Takeout's) or hold another: root-relative addresses resolve against it and
    /// links to it are internal.
    pub site_url: Option<String>,
}

/// Where approved comments go: nowhere (counted in the report), one JSON data file per post
/// beside the content (`data/comments/…` in the target's data folder), or the front matter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CommentMode {
    #[default]
    None,
    Data,
    FrontMatter,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            target: Target::Hugo,
            format: None,
            drafts: DraftPolicy::Include,
            ascii_slugs: false,
            force: false,
            dry_run: false,
            jobs: 0,
            comments: CommentMode::None,
            redirects: Vec::new(),
            no_html: false,
            media: MediaMode::Keep,
            strict: false,
            progress: false,
            keep_unknown_shortcodes: false,
            row_hook: None,
            keep_rows: true,
            content_hook: None,
            export: None,
            site_url: None,
        }
    }
}

impl Options {
    pub fn front_matter_format(&self) -> FrontMatterFormat {
        self.format.unwrap_or_else(|| self.target.default_format())
    }

    /// An empty report for a run with these options.
    pub fn new_report(&self) -> Report {
        Report {
            target: self.target.name().into(),
            dry_run: self.dry_run,
            strict: self.strict,
            hook: self.row_hook.clone(),
            drop_rows: !self.keep_rows,
            ..Report::default()
        }
    }

    /// The Markdown dialect: the target's, without raw HTML under `--no-html`.
    pub fn markdown(&self) -> crate::render::markdown::MarkdownOptions {
        let mut md = self.target.markdown_options();
        if self.no_html {
            md.raw_html = false;
        }
        md
    }

    /// Posts become page bundles when their uploads come along and the target has bundles.
    pub(crate) fn bundles(&self) -> bool {
        self.media != MediaMode::Keep && self.target.bundles()
    }

    pub(crate) fn workers(&self) -> usize {
        if self.jobs > 0 {
            self.jobs
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    }
}

/// One item on its way through the workers: its report row so far and, if it is to be
/// written, its metadata and final path (looked up in document order by the reader thread).
struct Job {
    item: Item,
    row: Row,
    dest: Option<Destination>,
}

/// Where and as what a job's post is written.
struct Destination {
    meta: crate::doc::Meta,
    slug: String,
    segments: Vec<String>,
}

/// Converts a WXR export into `out`, returning the report (never panics on bad input; every
/// problem ends up in the report).
pub fn convert_wxr(source: &Source, out: &Path, opts: &Options) -> Report {
    convert_site(
        std::slice::from_ref(source),
        out,
        opts,
        &mut Claims::default(),
    )
}

/// Converts one site — an export, or the files of a WordPress.com split set read as one —
/// into `out`. `claims` holds the paths earlier sites of the same run already took, so a
/// batch of exports never writes two posts to one file.
pub fn convert_site(sources: &[Source], out: &Path, opts: &Options, claims: &mut Claims) -> Report {
    let mut report = opts.new_report();
    let input_error =
        |report: &mut Report, file: &str, line: Option<u64>, post_id, message: String| {
            report.errors.push(InputError {
                file: file.to_string(),
                line,
                post_id,
                message,
            });
        };

    // Pass 1: indexes. An error here is reported by pass 2, which meets it again after
    // converting everything before it; only "nothing readable at all" stops a file now.
    let mut index = SiteIndex::default();
    let mut readable = vec![false; sources.len()];
    let mut seq = 0usize;
    let mut pending = PendingList::default();
    for (k, source) in sources.iter().enumerate() {
        let file = source.name();
        let before = seq;
        let pass1 =
            crate::read::read_export(source, opts.export, ReadMode::Index, |_, mut item| {
                place_on_site(&mut item, opts.site_url.as_deref());
                index.add(&item, opts.ascii_slugs);
                if let Ok(draft) = item::classify(&item, opts.drafts) {
                    pending.push(Pending {
                        seq,
                        id: item.post_id,
                        parent: item.post_parent,
                        post_type: item::post_type(&item),
                        slug: item::base_slug(&item, opts.ascii_slugs),
                        date: item::post_date(&item),
                        link: if draft { String::new() } else { item.link },
                        draft,
                    });
                }
                seq += 1;
                true
            });
        let problems = match &pass1 {
            Ok(channel) => channel.problems.clone(),
            Err(e) => e.problems.clone(),
        };
        for p in problems {
            report.problems.push(InputError {
                file: file.clone(),
                line: Some(p.line),
                post_id: p.post_id,
                message: p.message,
            });
        }
        match pass1 {
            Ok(channel) => {
                index.merge_channel(channel);
                readable[k] = true;
            }
            Err(e) if seq == before && e.item_line.is_none() => {
                let line = Some(e.line).filter(|&l| l > 0);
                input_error(&mut report, &file, line, e.post_id, e.message);
            }
            Err(_) => readable[k] = true,
        }
    }
    if !readable.contains(&true) {
        report.finish();
        return report;
    }

    let site = [
        opts.site_url.as_deref().unwrap_or(""),
        index.channel.link.as_str(),
        index.channel.base_site_url.as_str(),
        index.channel.base_blog_url.as_str(),
    ];
    let plan = SitePlan::build(pending, &index, opts.target, opts.bundles(), &site, claims);
    let media = MediaMap::from_index(&index);
    let first = sources.first().map(Source::name).unwrap_or_default();

    let outdir = match OutDir::new(out, opts.force, opts.dry_run) {
        Ok(d) => d,
        Err(e) => {
            input_error(
                &mut report,
                &first,
                None,
                None,
                format!("output folder: {e}"),
            );
            report.finish();
            return report;
        }
    };
    let local = match &opts.media {
        MediaMode::Keep => None,
        MediaMode::Copy(dir) => {
            if !dir.is_dir() {
                let message = format!("uploads folder {} not found", dir.display());
                input_error(&mut report, &first, None, None, message);
                report.finish();
                return report;
            }
            let (segments, prefix) = opts.target.media_dir();
            Some(LocalMedia::new(dir, &outdir, segments, prefix.to_string()))
        }
        #[cfg(feature = "download")]
        MediaMode::Download(download) => {
            let (segments, prefix) = opts.target.media_dir();
            let base = site.iter().copied().find(|s| !s.is_empty()).unwrap_or("");
            let dry_run = opts.dry_run;
            match LocalMedia::download(out, segments, prefix.into(), base, download, dry_run) {
                Ok(local) => Some(local),
                Err(e) => {
                    input_error(&mut report, &first, None, None, format!("downloads: {e}"));
                    report.finish();
                    return report;
                }
            }
        }
    };
    let rewriter = Rewriter {
        plan: &plan,
        media: &media,
        terms: &index.terms,
        taxonomy_urls: opts.target.taxonomy_urls(),
        local: local.as_ref(),
    };

    // Pass 2: the reader thread classifies each item and looks up its planned path in
    // document order; workers convert and write in parallel; rows are collected back in
    // document order. Items travel in batches: one channel hop per item costs more in futex
    // wake-ups than converting a small post.
    let workers = opts.workers();
    let (job_tx, job_rx) = sync_channel::<Vec<(usize, Job)>>(workers * 2);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (row_tx, row_rx) = sync_channel::<Vec<(usize, Row)>>(workers * 2);
    let (failures, raw_html, stranded) = std::thread::scope(|scope| {
        let reader = {
            let index = &index;
            let plan = &plan;
            let readable = &readable;
            scope.spawn(move || -> Vec<(String, WxrError)> {
                let mut failures = Vec::new();
                let mut seq = 0usize;
                let mut batch = Vec::new();
                let mut batch_bytes = 0usize;
                for (k, source) in sources.iter().enumerate() {
                    if !readable[k] {
                        continue;
                    }
                    let file = source.name();
                    let result = crate::read::read_export(
                        source,
                        opts.export,
                        ReadMode::Full,
                        |_, mut item| {
                            place_on_site(&mut item, opts.site_url.as_deref());
                            batch_bytes += item.content.len() + 512;
                            batch.push((seq, plan_item(item, seq, index, plan, opts, &file)));
                            seq += 1;
                            if batch.len() >= BATCH_ITEMS || batch_bytes >= BATCH_BYTES {
                                batch_bytes = 0;
                                return job_tx.send(std::mem::take(&mut batch)).is_ok();
                            }
                            true
                        },
                    );
                    if let Err(e) = result {
                        failures.push((file, e));
                    }
                }
                if !batch.is_empty() {
                    let _ = job_tx.send(batch);
                }
                failures
            })
        };
        for _ in 0..workers {
            let rx = Arc::clone(&job_rx);
            let tx = row_tx.clone();
            let outdir = &outdir;
            let rewriter = &rewriter;
            let index = &index;
            scope.spawn(move || worker(&rx, &tx, outdir, rewriter, index, opts));
        }
        drop(row_tx);
        let mut pending: BTreeMap<usize, Row> = BTreeMap::new();
        let mut next = 0usize;
        let mut raw_html = false;
        let mut stranded = 0usize;
        let mut progress = opts.progress.then(|| Progress::new(seq));
        for rows in row_rx {
            pending.extend(rows);
            while let Some(row) = pending.remove(&next) {
                raw_html |= keeps_raw_html(&row);
                stranded += usize::from(strands_uploads(&row));
                report.push(row);
                next += 1;
            }
            if let Some(p) = progress.as_mut() {
                p.update(next);
            }
        }
        if let Some(p) = progress {
            p.done();
        }
        let failures = reader.join().unwrap_or_else(|_| {
            vec![(
                first.clone(),
                WxrError {
                    line: 0,
                    post_id: None,
                    item_line: None,
                    problems: Vec::new(),
                    message: "internal error: reader thread panicked".into(),
                },
            )]
        });
        (failures, raw_html, stranded)
    });
    for (file, e) in failures {
        if let Some(item_line) = e.item_line {
            report.push(Row {
                file: file.clone(),
                line: item_line,
                id: e.post_id,
                post_type: String::new(),
                status: String::new(),
                draft: false,
                title: String::new(),
                url: None,
                output: None,
                outcome: Outcome::Failed,
                code: Some("unreadable".into()),
                reason: Some(format!("unreadable item: {e}")),
                warnings: Vec::new(),
                comments: 0,
                kept: None,
                by_design: Vec::new(),
            });
        }
        input_error(&mut report, &file, Some(e.line), e.post_id, e.message);
    }
    if let Some(line) = local.as_ref().and_then(LocalMedia::summary) {
        report.note(line);
    }
    note_raw_html(&mut report, opts, raw_html);
    if stranded > 0 {
        report.note(format!(
            "{stranded} {} uploads from the old site, whose address the export does not \
             hold: give it with --site-url URL, or bring the files with --media copy --uploads \
             DIR",
            if stranded == 1 {
                "post shows"
            } else {
                "posts show"
            }
        ));
    }
    if !opts.redirects.is_empty() {
        let redirects = crate::redirects::collect(&plan, &index);
        write_redirects(&redirects, &outdir, opts, &mut report, &first);
    }
    let comments = report.summary.comments;
    if opts.comments == CommentMode::None && comments > 0 {
        report.note(format!(
            "{comments} approved {} not exported (use --comments data or front-matter)",
            if comments == 1 {
                "comment was"
            } else {
                "comments were"
            }
        ));
    }
    if opts.target == Target::Zola {
        report.note("declare the taxonomies in config.toml: taxonomies = [{name = \"categories\"}, {name = \"tags\"}]");
    }
    report.finish();
    report
}

const RAW_HTML: &str = "raw HTML kept";

/// Whether a row says its post keeps raw HTML.
pub(crate) fn keeps_raw_html(row: &Row) -> bool {
    row.warnings.iter().any(|w| w.starts_with(RAW_HTML))
}

/// The warning of a post whose uploads are addressed from the root of a site no one named.
const STRANDED: &str = "on the old site, whose address the export does not hold";

fn strands_uploads(row: &Row) -> bool {
    row.warnings.iter().any(|w| w.contains(STRANDED))
}

/// Hugo drops raw HTML unless told otherwise: say how, when some post keeps it.
pub(crate) fn note_raw_html(report: &mut Report, opts: &Options, raw_html: bool) {
    if opts.target == Target::Hugo && raw_html {
        report.note(
            "some posts keep raw HTML: set markup.goldmark.renderer.unsafe = true in Hugo's config",
        );
    }
}

/// Items per batch, and content bytes per batch, whichever comes first: small enough to
/// keep both cores busy and memory bounded, large enough to amortise the hand-offs.
const BATCH_ITEMS: usize = 64;
const BATCH_BYTES: usize = 4 << 20;

fn worker(
    rx: &Mutex<Receiver<Vec<(usize, Job)>>>,
    tx: &SyncSender<Vec<(usize, Row)>>,
    outdir: &OutDir,
    rewriter: &Rewriter,
    index: &SiteIndex,
    opts: &Options,
) {
    loop {
        let next = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        let Ok(batch) = next else { return };
        let rows = batch
            .into_iter()
            .map(|(seq, job)| (seq, execute(job, outdir, rewriter, index, opts)))
            .collect();
        if tx.send(rows).is_err() {
            return;
        }
    }
}

/// Uploads still addressed from the root of a site no one named: the reader had only
/// root-relative addresses (Ghost's `__GHOST_URL__`, Takeout's), and on the new site they
/// point at nothing.
fn stranded_uploads(body: &mut [crate::doc::Block], featured: Option<&str>) -> usize {
    let stranded = |url: &str| {
        url.starts_with('/') && !url.starts_with("//") && crate::transform::urls::is_upload(url)
    };
    let mut n = usize::from(featured.is_some_and(stranded));
    crate::transform::urls::for_each_url(body, &mut |_, url| n += usize::from(stranded(url)));
    n
}

/// Gives an item the old site's address (`--site-url`) where its reader could only give a
/// root-relative one, so its old URL, and the addresses in it resolved against that URL,
/// point at the old site rather than at nothing on the new one.
fn place_on_site(item: &mut Item, site: Option<&str>) {
    if let Some(site) = site
        && item.link.starts_with('/')
        && !item.link.starts_with("//")
    {
        item.link = format!("{}{}", site.trim_end_matches('/'), item.link);
    }
}

/// Classifies an item and, if it is written, fixes its metadata and collision-free path.
fn plan_item(
    item: Item,
    seq: usize,
    index: &SiteIndex,
    plan: &SitePlan,
    opts: &Options,
    file: &str,
) -> Job {
    let mut row = Row {
        file: match &item.entry {
            Some(entry) => format!("{}/{entry}", file.trim_end_matches(['/', '\\'])),
            None => file.to_string(),
        },
        line: item.line,
        id: item.post_id,
        post_type: item.post_type.clone(),
        status: item.status.clone(),
        draft: false,
        title: item::decode_entities(&item.title),
        url: (!item.link.is_empty()).then(|| item.link.clone()),
        output: None,
        outcome: Outcome::Skipped,
        code: None,
        reason: None,
        warnings: item.notes.clone(),
        comments: 0,
        kept: None,
        by_design: Vec::new(),
    };
    let draft = match item::classify(&item, opts.drafts) {
        Ok(d) => d,
        Err(skip) => {
            if matches!(skip, item::Skip::Unreadable(_)) {
                row.outcome = Outcome::Failed;
            }
            row.code = Some(skip.key().into());
            row.reason = Some(skip.reason());
            return Job {
                item,
                row,
                dest: None,
            };
        }
    };
    let Some(planned) = plan.get(seq) else {
        // Both passes read the same bytes, so this means the file changed between them.
        row.outcome = Outcome::Failed;
        row.code = Some("changed".into());
        row.reason = Some("the input changed while it was being read".into());
        return Job {
            item,
            row,
            dest: None,
        };
    };
    row.draft = draft;
    if !matches!(
        item.status.as_str(),
        "publish" | "draft" | "pending" | "future"
    ) {
        row.warnings.push(format!(
            "unknown status '{}': written as a draft",
            item.status
        ));
    }
    if item.has_password {
        row.warnings.push(
            "password-protected in WordPress: written as a draft (the password is not kept)".into(),
        );
    }
    let mut meta = item::to_meta(&item, draft, index, opts.ascii_slugs);
    if meta.title.is_empty() {
        row.warnings.push("no title".into());
    }
    if let Some(base) = planned.renamed_from() {
        row.warnings.push(format!(
            "slug '{base}' already used: written as '{}'",
            planned.slug()
        ));
    }
    meta.slug = planned.slug().to_string();
    meta.aliases = planned.old_path().iter().map(|p| p.to_string()).collect();
    row.output = Some(planned.rel().to_string());
    Job {
        item,
        row,
        dest: Some(Destination {
            meta,
            slug: planned.slug().to_string(),
            segments: planned.segments(),
        }),
    }
}

/// Converts the body, renders the file and writes it; returns the finished row.
fn execute(
    job: Job,
    outdir: &OutDir,
    rewriter: &Rewriter,
    index: &SiteIndex,
    opts: &Options,
) -> Row {
    let Job {
        item,
        mut row,
        dest,
    } = job;
    let Some(Destination {
        mut meta,
        slug,
        segments,
    }) = dest
    else {
        return row;
    };
    let comments = match opts.comments {
        CommentMode::None => Vec::new(),
        _ => item::approved_comments(&item, &opts.markdown()),
    };
    row.comments = item
        .comments
        .iter()
        .filter(|c| c.approved.trim() == "1")
        .count();
    let (mut body, original, expand_warnings) =
        item::to_body_checked(&item, index, opts.keep_unknown_shortcodes);
    row.warnings.extend(expand_warnings);
    drop(item);
    let before = crate::check::urls(&mut body);
    // A draft has no address of its own; its root-relative references are still the site's.
    let base = meta.original_url.as_deref().or(opts.site_url.as_deref());
    crate::transform::resolve::resolve_relative(&mut body, base);
    if let Some(img) = meta.featured_image.as_mut() {
        crate::transform::resolve::resolve_one(img, base);
    }
    // A bundle's uploads sit in the post's own folder.
    let bundle = opts
        .bundles()
        .then(|| &segments[..segments.len().saturating_sub(1)]);
    let unresolved = rewriter.rewrite(&mut body, &mut meta.featured_image, bundle);
    let renamed = crate::check::renamed(before, crate::check::urls(&mut body));
    if !unresolved.links.is_empty() {
        let mut seen = std::collections::HashSet::new();
        let distinct: Vec<&str> = (unresolved.links.iter().map(String::as_str))
            .filter(|l| seen.insert(*l))
            .collect();
        row.warnings.push(format!(
            "{} links into the old site point at nothing that was converted ({})",
            unresolved.links.len(),
            crate::check::listed(&distinct)
        ));
    }
    if let Some(local) = rewriter.local {
        row.warnings.extend(local.warnings(&unresolved.media));
    } else {
        let stranded = stranded_uploads(&mut body, meta.featured_image.as_deref());
        if stranded > 0 {
            row.warnings.push(format!(
                "{stranded} {} {STRANDED}: not shown until --site-url gives it (or \
                 --media copy --uploads DIR brings the files)",
                if stranded == 1 {
                    "upload is"
                } else {
                    "uploads are"
                }
            ));
        }
    }
    let mut data_file = None;
    match opts.comments {
        CommentMode::FrontMatter => meta.comments = comments,
        CommentMode::Data if !comments.is_empty() => {
            let mut fields = crate::render::fields::Fields::default();
            fields.push(
                "comments",
                crate::render::fields::Value::List(
                    comments
                        .iter()
                        .map(crate::render::frontmatter::comment_fields)
                        .map(crate::render::fields::Value::Table)
                        .collect(),
                ),
            );
            let mut json = crate::render::json::emit(&fields);
            if !json.ends_with('\n') {
                json.push('\n');
            }
            data_file = Some((opts.target.comments_path(&segments), json));
        }
        _ => {}
    }
    let doc = crate::render::document(
        &meta,
        &slug,
        body,
        opts.target,
        opts.front_matter_format(),
        &opts.markdown(),
        Target::is_section(&segments),
    );
    check_and_write(
        doc,
        Some(&original),
        &renamed,
        &segments,
        outdir,
        opts,
        &mut row,
    );
    if let Some((data_segments, json)) = data_file
        && row.outcome != Outcome::Failed
    {
        match outdir.write(&data_segments, &json) {
            Ok(WriteOutcome::Written) => {}
            Ok(WriteOutcome::Exists) => row.warnings.push(format!(
                "comments file {} exists (use --force to overwrite)",
                data_segments.join("/")
            )),
            Err(e) => row.warnings.push(format!(
                "cannot write comments file {}: {e}",
                data_segments.join("/")
            )),
        }
    }
    row
}

/// Checks a rendered post against its source, writes it, and records the outcome, the loss
/// check and a raw-HTML warning in its row; a written post goes to the content hook with its
/// source.
fn check_and_write(
    doc: crate::render::Rendered,
    original: Option<&crate::check::Original>,
    renamed: &std::collections::HashMap<String, String>,
    segments: &[String],
    outdir: &OutDir,
    opts: &Options,
    row: &mut Row,
) {
    if crate::render::rawhtml::contains_raw_html(&doc.body) {
        row.warnings.push(format!(
            "{RAW_HTML}: some content has no Markdown equivalent"
        ));
    }
    if let Some(original) = original {
        let (kept, losses, by_design) =
            crate::check::run(original, &doc.body, opts.target, &opts.markdown(), renamed);
        row.kept = Some(kept);
        row.warnings.extend(losses);
        row.by_design = by_design;
    }
    row.by_design.extend(doc.by_design.iter().cloned());
    let text = doc.into_text();
    match outdir.write(segments, &text) {
        Ok(WriteOutcome::Written) => {
            row.outcome = if opts.dry_run {
                Outcome::WouldWrite
            } else {
                Outcome::Written
            };
            if let Some(hook) = &opts.content_hook {
                let sides = crate::report::Sides {
                    source_html: original.map_or("", |o| o.html.as_str()),
                    markdown: &text,
                };
                (hook.0)(row, &sides);
            }
        }
        Ok(WriteOutcome::Exists) => {
            row.outcome = Outcome::Skipped;
            row.code = Some("exists".into());
            row.reason = Some("output file exists (use --force to overwrite)".into());
        }
        Err(e) => {
            row.outcome = Outcome::Failed;
            row.code = Some("write-error".into());
            row.reason = Some(format!("cannot write {}: {e}", segments.join("/")));
        }
    }
}

/// Writes the redirect files `--redirects` asks for; each is a report output, or a note when
/// it exists already.
pub(crate) fn write_redirects(
    redirects: &[crate::redirects::Redirect],
    outdir: &OutDir,
    opts: &Options,
    report: &mut Report,
    input: &str,
) {
    for format in &opts.redirects {
        let segments = crate::redirects::file_path(*format, opts.target);
        let rel = segments.join("/");
        match outdir.write(&segments, &crate::redirects::render(redirects, *format)) {
            Ok(WriteOutcome::Written) => report.outputs.push(rel.clone()),
            Ok(WriteOutcome::Exists) => report.note(format!(
                "{rel} exists: left alone (use --force to overwrite)"
            )),
            Err(e) => report.errors.push(InputError {
                file: input.to_string(),
                line: None,
                post_id: None,
                message: format!("cannot write {rel}: {e}"),
            }),
        }
        if *format == RedirectFormat::Netlify {
            match opts.target {
                Target::Jekyll => report.note("add `include: [_redirects]` to _config.yml so Jekyll publishes _redirects"),
                Target::Eleventy => report.note("add eleventyConfig.addPassthroughCopy(\"_redirects\") so Eleventy publishes _redirects"),
                _ => {}
            }
        }
    }
}

/// Writes one already-read document (a scraped page or text) into the output folder with
/// the same layout, safety and report as an export's posts.
pub fn write_document(
    post: &crate::doc::Post,
    name: &str,
    out: &Path,
    opts: &Options,
    claims: &mut Claims,
) -> Report {
    let mut report = opts.new_report();
    let Some(outdir) = open_outdir(out, opts, name, &mut report) else {
        return report;
    };
    let (slug, segments) = claim_path(&post.meta, false, opts, claims);
    let mut post = post.clone();
    let before = crate::check::urls(&mut post.body);
    crate::transform::resolve::resolve_relative(&mut post.body, post.meta.original_url.as_deref());
    let renamed = crate::check::renamed(before, crate::check::urls(&mut post.body));
    report.push(write_claimed(
        &post, &renamed, name, &slug, &segments, &outdir, opts,
    ));
    report.finish();
    report
}

/// The output folder for a document or a mirror; `None` (with the error in the finished
/// `report`, against `input`) when it cannot be used.
pub(crate) fn open_outdir(
    out: &Path,
    opts: &Options,
    input: &str,
    report: &mut Report,
) -> Option<OutDir> {
    match OutDir::new(out, opts.force, opts.dry_run) {
        Ok(d) => Some(d),
        Err(e) => {
            report.errors.push(InputError {
                file: input.to_string(),
                line: None,
                post_id: None,
                message: format!("output folder: {e}"),
            });
            report.finish();
            None
        }
    }
}

/// A free output path for a read document: its slug (or its title's), numbered on a clash.
/// `has_children` makes a page a section (see [`Target::path`]).
pub(crate) fn claim_path(
    meta: &crate::doc::Meta,
    has_children: bool,
    opts: &Options,
    claims: &mut Claims,
) -> (String, Vec<String>) {
    let slug = crate::slug::component(&meta.slug, opts.ascii_slugs)
        .or_else(|| {
            crate::slug::component(
                &crate::slug::slugify(&meta.title, opts.ascii_slugs),
                opts.ascii_slugs,
            )
        })
        .unwrap_or_else(|| "post".into());
    let slug = opts.target.page_slug(&slug);
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            slug.clone()
        } else {
            format!("{slug}-{n}")
        };
        let segs = opts.target.path(meta, &candidate, has_children);
        if claims.claim(&segs) {
            return (candidate, segs);
        }
        n += 1;
    }
}

/// Renders a read document and writes it at a path from [`claim_path`]; its report row.
/// `renamed` maps the addresses the caller rewrote to what they became (see
/// [`crate::check::renamed`]).
pub(crate) fn write_claimed(
    post: &crate::doc::Post,
    renamed: &std::collections::HashMap<String, String>,
    name: &str,
    slug: &str,
    segments: &[String],
    outdir: &OutDir,
    opts: &Options,
) -> Row {
    let mut row = Row {
        file: name.to_string(),
        line: 1,
        id: None,
        post_type: post.meta.post_type.clone(),
        status: if post.meta.draft { "draft" } else { "publish" }.into(),
        draft: post.meta.draft,
        title: post.meta.title.clone(),
        url: post.meta.original_url.clone(),
        output: Some(segments.join("/")),
        outcome: Outcome::Failed,
        code: None,
        reason: None,
        warnings: Vec::new(),
        comments: 0,
        kept: None,
        by_design: Vec::new(),
    };
    let doc = crate::render::document(
        &post.meta,
        slug,
        post.body.clone(),
        opts.target,
        opts.front_matter_format(),
        &opts.markdown(),
        Target::is_section(segments),
    );
    check_and_write(
        doc,
        post.original.as_deref(),
        renamed,
        segments,
        outdir,
        opts,
        &mut row,
    );
    row
}

/// The export entries (`.xml`) of a zip archive, in archive order.
pub fn zip_exports(archive: &Path) -> io::Result<Vec<String>> {
    let zip =
        zip::ZipArchive::new(BufReader::new(File::open(archive)?)).map_err(io::Error::other)?;
    Ok(zip
        .file_names()
        .filter(|n| {
            let n = n.to_ascii_lowercase();
            // Google Takeout's Blogger export: `Takeout/Blogger/Blogs/<blog>/feed.atom`.
            n.ends_with(".xml") || n.contains("blogger/blogs/") && n.ends_with("/feed.atom")
        })
        .map(str::to_string)
        .collect())
}

/// Groups batch inputs into sites: the files of a WordPress.com split set
/// (`name.000.xml`, `name.001.xml`, … optionally `.gz`) form one site, read in number order;
/// every other file is a site of its own. Order is otherwise kept.
pub fn group_split_sets(paths: Vec<PathBuf>) -> Vec<Vec<PathBuf>> {
    fn set_key(p: &Path) -> Option<(String, u32)> {
        let name = p.file_name()?.to_str()?;
        let stem = name
            .strip_suffix(".gz")
            .unwrap_or(name)
            .strip_suffix(".xml")?;
        let (prefix, num) = stem.rsplit_once('.')?;
        (num.len() == 3 && num.bytes().all(|c| c.is_ascii_digit())).then(|| {
            (
                p.with_file_name(prefix).display().to_string(),
                num.parse().unwrap_or(0),
            )
        })
    }
    /// A split set's common prefix (none for a lone file) and its numbered members.
    type Group = (Option<String>, Vec<(u32, PathBuf)>);
    let mut groups: Vec<Group> = Vec::new();
    for p in paths {
        match set_key(&p) {
            Some((key, n)) => match groups.iter_mut().find(|(k, _)| k.as_deref() == Some(&key)) {
                Some((_, members)) => members.push((n, p)),
                None => groups.push((Some(key), vec![(n, p)])),
            },
            None => groups.push((None, vec![(0, p)])),
        }
    }
    groups
        .into_iter()
        .map(|(_, mut members)| {
            members.sort_by_key(|(n, _)| *n);
            members.into_iter().map(|(_, p)| p).collect()
        })
        .collect()
}

/// A one-line progress display on stderr, redrawn at most ten times a second.
pub(crate) struct Progress {
    total: usize,
    start: std::time::Instant,
    last: std::time::Instant,
}

impl Progress {
    pub(crate) fn new(total: usize) -> Progress {
        let now = std::time::Instant::now();
        Progress {
            total,
            start: now,
            last: now,
        }
    }

    pub(crate) fn update(&mut self, done: usize) {
        if self.last.elapsed().as_millis() < 100 {
            return;
        }
        self.last = std::time::Instant::now();
        let width = 30;
        let filled = (done * width)
            .checked_div(self.total)
            .unwrap_or(width)
            .min(width);
        let rate = done as f64 / self.start.elapsed().as_secs_f64().max(0.001);
        eprint!(
            "\r[{}{}] {done}/{} items, {rate:.0}/s ",
            "#".repeat(filled),
            " ".repeat(width - filled),
            self.total
        );
    }

    pub(crate) fn done(self) {
        if self.start.elapsed().as_millis() >= 100 {
            eprint!("\r{}\r", " ".repeat(70));
        }
    }
}
