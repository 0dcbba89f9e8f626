//! One whole input → files + report. The stages run in order — read, model, transform,
//! render, write — with items converted on worker threads and written by one thread in
//! document order, so the output is byte-identical whatever the thread count.
//!
//! An export is read twice: a cheap first pass builds the small site indexes (authors,
//! attachments, page parents) so that an item can refer to things that come after it; the
//! second pass streams items through the converters. Memory stays bounded by the largest item
//! times the queue depth, never by the export.

use crate::doc::Post;
use crate::item::{self, DraftPolicy, SiteIndex};
use crate::read::wxr::{self, Item, ReadMode, WxrError};
use crate::render::{frontmatter, markdown};
use crate::report::{InputError, Outcome, Report, Row};
use crate::target::{FrontMatterFormat, Target};
use crate::write::{OutDir, WriteOutcome};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, sync_channel};
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

/// Where input bytes come from. Stdin is read into memory once, since an export needs two
/// passes and a pipe can only be read once.
#[derive(Debug, Clone)]
pub enum Source {
    File(PathBuf),
    Bytes { name: String, data: Arc<Vec<u8>> },
}

impl Source {
    pub fn name(&self) -> String {
        match self {
            Source::File(p) => p.display().to_string(),
            Source::Bytes { name, .. } => name.clone(),
        }
    }

    pub fn open(&self) -> io::Result<Box<dyn Read + Send>> {
        Ok(match self {
            Source::File(p) => Box::new(BufReader::with_capacity(256 * 1024, File::open(p)?)),
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

/// The converted item before it gets its final path.
struct Converted {
    row: Row,
    post: Option<(Post, String)>,
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
    let pass1 = wxr::read(reader, ReadMode::Index, |_, item| {
        index.add(&item, opts.ascii_slugs);
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

    let mut outdir = match OutDir::new(out, opts.force, opts.dry_run) {
        Ok(d) => d,
        Err(e) => {
            input_error(&mut report, None, None, format!("output folder: {e}"));
            report.finish();
            return report;
        }
    };

    // Pass 2: stream items to workers; write results in document order.
    let workers = opts.workers();
    let index = Arc::new(index);
    let (item_tx, item_rx) = sync_channel::<(usize, Item)>(workers * 4);
    let item_rx = Arc::new(Mutex::new(item_rx));
    let (done_tx, done_rx) = sync_channel::<(usize, Converted)>(workers * 4);
    let pass2 = std::thread::scope(|scope| {
        let reader = scope.spawn(|| -> Result<(), WxrError> {
            let src = source.open().map_err(|e| WxrError {
                line: 0,
                post_id: None,
                item_line: None,
                message: format!("cannot read: {e}"),
            })?;
            let mut seq = 0usize;
            let item_tx = item_tx;
            wxr::read(src, ReadMode::Full, |_, item| {
                seq += 1;
                item_tx.send((seq - 1, item)).is_ok()
            })
            .map(|_| ())
        });
        for _ in 0..workers {
            let rx = Arc::clone(&item_rx);
            let tx = done_tx.clone();
            let index = Arc::clone(&index);
            let file = file.clone();
            scope.spawn(move || worker(&rx, &tx, &index, opts, &file));
        }
        drop(done_tx);
        let mut pending: BTreeMap<usize, Converted> = BTreeMap::new();
        let mut next = 0usize;
        for (seq, conv) in done_rx {
            pending.insert(seq, conv);
            while let Some(conv) = pending.remove(&next) {
                finish_item(conv, &mut outdir, &index, opts, &mut report);
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
    if opts.target == Target::Zola {
        report.note("declare the taxonomies in config.toml: taxonomies = [{name = \"categories\"}, {name = \"tags\"}]");
    }
    report.finish();
    report
}

const RAW_HTML: &str = "raw HTML kept";

fn worker(
    rx: &Mutex<Receiver<(usize, Item)>>,
    tx: &std::sync::mpsc::SyncSender<(usize, Converted)>,
    index: &SiteIndex,
    opts: &Options,
    file: &str,
) {
    loop {
        let next = match rx.lock() {
            Ok(guard) => guard.recv(),
            Err(_) => return,
        };
        let Ok((seq, item)) = next else { return };
        let converted = convert_item(&item, index, opts, file);
        if tx.send((seq, converted)).is_err() {
            return;
        }
    }
}

fn convert_item(item: &Item, index: &SiteIndex, opts: &Options, file: &str) -> Converted {
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
    };
    let draft = match item::classify(item, opts.drafts) {
        Ok(d) => d,
        Err(skip) => {
            row.code = Some(skip.key().into());
            row.reason = Some(skip.reason());
            return Converted { row, post: None };
        }
    };
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
    row.draft = draft;
    let post = item::to_post(item, draft, index, opts.ascii_slugs);
    if post.meta.title.is_empty() {
        row.warnings.push("no title".into());
    }
    let body = markdown::render(&post.body, &markdown::MarkdownOptions::default());
    if post
        .body
        .iter()
        .any(|b| matches!(b, crate::doc::Block::Html(_)))
    {
        row.warnings.push(format!(
            "{RAW_HTML}: some content has no Markdown equivalent"
        ));
    }
    Converted {
        row,
        post: Some((post, body)),
    }
}

/// URL path a generator gives to a file, to drop aliases that would point at the page itself.
fn served_path(segments: &[String]) -> String {
    let mut parts: Vec<&str> = segments.iter().map(String::as_str).collect();
    if matches!(parts.first(), Some(&"content")) {
        parts.remove(0);
    }
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".md");
        if stem != "_index" && stem != "index" {
            parts.push(stem);
        }
    }
    format!("/{}/", parts.join("/"))
}

fn finish_item(
    conv: Converted,
    outdir: &mut OutDir,
    index: &SiteIndex,
    opts: &Options,
    report: &mut Report,
) {
    let Converted { mut row, post } = conv;
    let Some((mut post, body)) = post else {
        report.push(row);
        return;
    };
    let has_children = index.has_children(post.meta.id);
    let base = post.meta.slug.clone();
    let mut n = 1;
    let (slug, segments) = loop {
        let slug = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let segs = opts.target.path(&post.meta, &slug, has_children);
        if outdir.claim(&segs) {
            break (slug, segs);
        }
        n += 1;
    };
    if n > 1 {
        row.warnings
            .push(format!("slug '{base}' already used: written as '{slug}'"));
    }
    let served = crate::slug::percent_decode(&served_path(&segments)).to_lowercase();
    post.meta
        .aliases
        .retain(|a| crate::slug::percent_decode(a).to_lowercase() != served);
    let fields = frontmatter::fields(&post.meta, &slug, opts.target);
    let mut text = frontmatter::render(&fields, opts.front_matter_format());
    if !body.is_empty() {
        text.push('\n');
        text.push_str(&body);
    }
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
    row.output = Some(rel);
    report.push(row);
}
