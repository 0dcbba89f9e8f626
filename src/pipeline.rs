//! One whole input → files + report. The stages run in order — read, model, transform,
//! render, write — with items converted on worker threads and written by one thread in
//! document order, so the output is byte-identical whatever the thread count.
//!
//! An export is read twice: a cheap first pass builds the small site indexes (authors,
//! attachments, page parents) so that an item can refer to things that come after it; the
//! second pass streams items through the converters. Memory stays bounded by the largest item
//! times the queue depth, never by the export.

use crate::item::{self, DraftPolicy, SiteIndex};
use crate::plan::{Pending, SitePlan};
use crate::read::wxr::{self, Item, ReadMode, WxrError};
use crate::report::{InputError, Outcome, Report, Row};
use crate::target::{FrontMatterFormat, Target};
use crate::write::{OutDir, WriteOutcome};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read};
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
        }
    }
}

impl Options {
    pub fn front_matter_format(&self) -> FrontMatterFormat {
        self.format.unwrap_or_else(|| self.target.default_format())
    }

    fn workers(&self) -> usize {
        if self.jobs > 0 {
            self.jobs
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    }
}

/// Where input bytes come from. An export is read twice, and a pipe only once, so standard
/// input is either spooled to a file ([`Source::Spool`]) or held in memory ([`Source::Bytes`]).
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    /// A file standing in for another input (standard input spooled to disk), shown as `name`.
    Spool {
        path: PathBuf,
        name: String,
    },
    Bytes {
        name: String,
        data: Arc<Vec<u8>>,
    },
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Spool { name, .. } | Source::Bytes { name, .. } => name.clone(),
        }
    }

    pub fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        Ok(match self {
            Source::File(path) | Source::Spool { path, .. } => {
                Box::new(BufReader::with_capacity(256 * 1024, File::open(path)?))
            }
            Source::Bytes { data, .. } => Box::new(io::Cursor::new(ArcBytes(Arc::clone(data)))),
        })
    }
}

struct ArcBytes(Arc<Vec<u8>>);

impl AsRef<[u8]> for ArcBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// One item on its way through the workers: its report row so far and, if it is to be
/// written, its metadata and final path (decided in document order by the reader thread).
struct Job {
    item: Item,
    row: Row,
    plan: Option<Plan>,
}

struct Plan {
    meta: crate::doc::Meta,
    slug: String,
    segments: Vec<String>,
}

/// Converts a WXR export into `out`, returning the report (never panics on bad input; every
/// problem ends up in the report).
pub fn convert_wxr(source: &Source, out: &Path, opts: &Options) -> Report {
    let mut report = Report {
        target: opts.target.name().into(),
        dry_run: opts.dry_run,
        ..Report::default()
    };
    let file = source.name();
    let input_error = |report: &mut Report, line: Option<u64>, post_id, message: String| {
        report.errors.push(InputError {
            file: file.clone(),
            line,
            post_id,
            message,
        });
    };

    // Pass 1: indexes. An error here is reported by pass 2, which meets it again after
    // converting everything before it; only "nothing readable at all" stops us now.
    let mut index = SiteIndex::default();
    let reader = match source.open() {
        Ok(r) => r,
        Err(e) => {
            input_error(&mut report, None, None, format!("cannot read: {e}"));
            report.finish();
            return report;
        }
    };
    let mut indexed = 0usize;
    let mut pending = Vec::new();
    let pass1 = wxr::read(reader, ReadMode::Index, |_, item| {
        index.add(&item, opts.ascii_slugs);
        if let Ok(draft) = item::classify(&item, opts.drafts) {
            pending.push(Pending {
                seq: indexed,
                id: item.post_id,
                parent: item.post_parent,
                post_type: item::post_type(&item),
                slug: item::base_slug(&item, opts.ascii_slugs),
                date: item::post_date(&item),
                link: if draft { String::new() } else { item.link },
            });
        }
        indexed += 1;
        true
    });
    match pass1 {
        Ok(channel) => index.channel = channel,
        Err(e) if indexed == 0 && e.item_line.is_none() => {
            input_error(&mut report, Some(e.line), e.post_id, e.message);
            report.finish();
            return report;
        }
        Err(_) => {}
    }

    let site = [
        index.channel.link.as_str(),
        index.channel.base_site_url.as_str(),
        index.channel.base_blog_url.as_str(),
    ];
    let plan = SitePlan::build(pending, &index, opts.target, &site);

    let outdir = match OutDir::new(out, opts.force, opts.dry_run) {
        Ok(d) => d,
        Err(e) => {
            input_error(&mut report, None, None, format!("output folder: {e}"));
            report.finish();
            return report;
        }
    };

    // Pass 2: the reader thread classifies each item and fixes its path in document order;
    // workers convert and write in parallel; rows are collected back in document order.
    let workers = opts.workers();
    let index = Arc::new(index);
    // Items travel in batches: one channel hop per item costs more in futex wake-ups than
    // converting a small post.
    let (job_tx, job_rx) = sync_channel::<Vec<(usize, Job)>>(workers * 2);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (row_tx, row_rx) = sync_channel::<Vec<(usize, Row)>>(workers * 2);
    let pass2 = std::thread::scope(|scope| {
        let reader = {
            let index = Arc::clone(&index);
            let file = file.clone();
            let plan = &plan;
            scope.spawn(move || -> Result<(), WxrError> {
                let src = source.open().map_err(|e| WxrError {
                    line: 0,
                    post_id: None,
                    item_line: None,
                    message: format!("cannot read: {e}"),
                })?;
                let mut seq = 0usize;
                let mut batch = Vec::new();
                let mut batch_bytes = 0usize;
                let result = wxr::read(src, ReadMode::Full, |_, item| {
                    batch_bytes += item.content.len() + 512;
                    batch.push((seq, plan_item(item, seq, &index, plan, opts, &file)));
                    seq += 1;
                    if batch.len() >= BATCH_ITEMS || batch_bytes >= BATCH_BYTES {
                        batch_bytes = 0;
                        return job_tx.send(std::mem::take(&mut batch)).is_ok();
                    }
                    true
                });
                if !batch.is_empty() {
                    let _ = job_tx.send(batch);
                }
                result.map(|_| ())
            })
        };
        for _ in 0..workers {
            let rx = Arc::clone(&job_rx);
            let tx = row_tx.clone();
            let outdir = &outdir;
            scope.spawn(move || worker(&rx, &tx, outdir, opts));
        }
        drop(row_tx);
        let mut pending: BTreeMap<usize, Row> = BTreeMap::new();
        let mut next = 0usize;
        for rows in row_rx {
            pending.extend(rows);
            while let Some(row) = pending.remove(&next) {
                report.push(row);
                next += 1;
            }
        }
        reader.join().unwrap_or_else(|_| {
            Err(WxrError {
                line: 0,
                post_id: None,
                item_line: None,
                message: "internal error: reader thread panicked".into(),
            })
        })
    });
    if let Err(e) = pass2 {
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
            });
        }
        input_error(&mut report, Some(e.line), e.post_id, e.message);
    }
    if opts.target == Target::Hugo
        && report
            .items
            .iter()
            .any(|r| r.warnings.iter().any(|w| w.starts_with(RAW_HTML)))
    {
        report.note(
            "some posts keep raw HTML: set markup.goldmark.renderer.unsafe = true in Hugo's config",
        );
    }
    let comments: usize = report.items.iter().map(|r| r.comments).sum();
    if opts.comments == CommentMode::None && comments > 0 {
        report.note(format!(
            "{comments} approved comments were not exported (use --comments data or front-matter)"
        ));
    }
    if opts.target == Target::Zola {
        report.note("declare the taxonomies in config.toml: taxonomies = [{name = \"categories\"}, {name = \"tags\"}]");
    }
    report.finish();
    report
}

const RAW_HTML: &str = "raw HTML kept";

/// Items per batch, and content bytes per batch, whichever comes first: small enough to
/// keep both cores busy and memory bounded, large enough to amortise the hand-offs.
const BATCH_ITEMS: usize = 64;
const BATCH_BYTES: usize = 4 << 20;

fn worker(
    rx: &Mutex<Receiver<Vec<(usize, Job)>>>,
    tx: &SyncSender<Vec<(usize, Row)>>,
    outdir: &OutDir,
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
            .map(|(seq, job)| (seq, execute(job, outdir, opts)))
            .collect();
        if tx.send(rows).is_err() {
            return;
        }
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
        file: file.to_string(),
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
        warnings: Vec::new(),
        comments: 0,
    };
    let draft = match item::classify(&item, opts.drafts) {
        Ok(d) => d,
        Err(skip) => {
            row.code = Some(skip.key().into());
            row.reason = Some(skip.reason());
            return Job {
                item,
                row,
                plan: None,
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
            plan: None,
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
    if let Some(base) = &planned.renamed_from {
        row.warnings.push(format!(
            "slug '{base}' already used: written as '{}'",
            planned.slug
        ));
    }
    meta.slug = planned.slug.clone();
    meta.aliases = planned.old_path.iter().cloned().collect();
    row.output = Some(planned.segments.join("/"));
    Job {
        item,
        row,
        plan: Some(Plan {
            meta,
            slug: planned.slug.clone(),
            segments: planned.segments.clone(),
        }),
    }
}

/// Converts the body, renders the file and writes it; returns the finished row.
fn execute(job: Job, outdir: &OutDir, opts: &Options) -> Row {
    let Job {
        item,
        mut row,
        plan,
    } = job;
    let Some(Plan {
        mut meta,
        slug,
        segments,
    }) = plan
    else {
        return row;
    };
    let comments = match opts.comments {
        CommentMode::None => Vec::new(),
        _ => item::approved_comments(&item, &opts.target.markdown_options()),
    };
    row.comments = item
        .comments
        .iter()
        .filter(|c| c.approved.trim() == "1")
        .count();
    let body = item::to_body(&item);
    drop(item);
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
    let doc = crate::render::document(&meta, &slug, &body, opts.target, opts.front_matter_format());
    if crate::render::rawhtml::contains_raw_html(&doc.body) {
        row.warnings.push(format!(
            "{RAW_HTML}: some content has no Markdown equivalent"
        ));
    }
    let text = doc.into_text();
    let rel = segments.join("/");
    match outdir.write(&segments, &text) {
        Ok(WriteOutcome::Written) => {
            row.outcome = if opts.dry_run {
                Outcome::WouldWrite
            } else {
                Outcome::Written
            };
        }
        Ok(WriteOutcome::Exists) => {
            row.outcome = Outcome::Skipped;
            row.code = Some("exists".into());
            row.reason = Some("output file exists (use --force to overwrite)".into());
        }
        Err(e) => {
            row.outcome = Outcome::Failed;
            row.code = Some("write-error".into());
            row.reason = Some(format!("cannot write {rel}: {e}"));
        }
    }
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

/// Writes one already-read document (a scraped page or text) into the output folder with
/// the same layout, safety and report as an export's posts.
pub fn write_document(post: &crate::doc::Post, name: &str, out: &Path, opts: &Options) -> Report {
    let mut report = Report {
        target: opts.target.name().into(),
        dry_run: opts.dry_run,
        ..Report::default()
    };
    let mut row = Row {
        file: name.to_string(),
        line: 1,
        id: None,
        post_type: post.meta.post_type.clone(),
        status: if post.meta.draft { "draft" } else { "publish" }.into(),
        draft: post.meta.draft,
        title: post.meta.title.clone(),
        url: post.meta.original_url.clone(),
        output: None,
        outcome: Outcome::Failed,
        code: None,
        reason: None,
        warnings: Vec::new(),
        comments: 0,
    };
    let outdir = match OutDir::new(out, opts.force, opts.dry_run) {
        Ok(d) => d,
        Err(e) => {
            report.errors.push(InputError {
                file: name.to_string(),
                line: None,
                post_id: None,
                message: format!("output folder: {e}"),
            });
            report.finish();
            return report;
        }
    };
    let slug = crate::slug::component(&post.meta.slug, opts.ascii_slugs)
        .or_else(|| {
            crate::slug::component(
                &crate::slug::slugify(&post.meta.title, opts.ascii_slugs),
                opts.ascii_slugs,
            )
        })
        .unwrap_or_else(|| "post".into());
    let segments = opts.target.path(&post.meta, &slug, false);
    let doc = crate::render::document(
        &post.meta,
        &slug,
        &post.body,
        opts.target,
        opts.front_matter_format(),
    );
    if crate::render::rawhtml::contains_raw_html(&doc.body) {
        row.warnings.push(format!(
            "{RAW_HTML}: some content has no Markdown equivalent"
        ));
    }
    let rel = segments.join("/");
    match outdir.write(&segments, &doc.into_text()) {
        Ok(WriteOutcome::Written) => {
            row.outcome = if opts.dry_run {
                Outcome::WouldWrite
            } else {
                Outcome::Written
            };
        }
        Ok(WriteOutcome::Exists) => {
            row.outcome = Outcome::Skipped;
            row.code = Some("exists".into());
            row.reason = Some("output file exists (use --force to overwrite)".into());
        }
        Err(e) => {
            row.code = Some("write-error".into());
            row.reason = Some(format!("cannot write {rel}: {e}"));
        }
    }
    row.output = Some(rel);
    report.push(row);
    report.finish();
    report
}
