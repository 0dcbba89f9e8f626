//! Flags → [`Options`], once; then the library does the work. `run` returns the exit code so
//! `main` stays a few lines and every error path is testable.

use crate::item::DraftPolicy;
use crate::media::MediaMode;
use crate::pipeline::{CommentMode, Options, Source};
use crate::redirects::RedirectFormat;
use crate::report::{ContentHook, Outcome, RowHook};
use crate::target::{FrontMatterFormat, Target};
use crate::write::Claims;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Get blogs out of WordPress: WXR exports to clean Markdown with front matter.
#[derive(Debug, Parser)]
#[command(name = "unpress", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert WordPress exports, saved blog pages or scraped text to Markdown with front matter.
    ///
    /// Exit codes: 0 everything converted; 1 finished, but some items failed (or warned, with
    /// --strict); 2 usage error or nothing could be read.
    Convert(ConvertArgs),
    /// Pre-flight: what an export holds (items by type and status, shortcodes, blocks, media
    /// hosts, plugins, comments) and what will need a human. Writes nothing.
    Inspect(InspectArgs),
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// Export file, a folder of saved pages (a mirror), or '-' for standard input.
    pub input: String,

    /// Print the findings as JSON instead of text.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum From {
    /// Tell the input by its content: WordPress's, Blogger's, Ghost's, Medium's, Substack's
    /// and Movable Type's exports, <html> a page, anything else text.
    Auto,
    /// A WordPress export (WXR 1.0–1.2).
    Wxr,
    /// A Movable Type / TypePad export (the MT import/export text format).
    Mt,
    /// A Blogger backup (blog-MM-DD-YYYY.xml), Google Takeout's Blogger feed.atom, or a
    /// blog's public Atom feed.
    Blogger,
    /// A Medium export: the zip from Medium's "Download your information", or its folder.
    Medium,
    /// A Substack export: the zip from Substack's "Export", or its folder.
    Substack,
    /// A Ghost JSON export (Ghost 0.x to 6, or a file made for Ghost's importer).
    Ghost,
    /// A saved HTML page (with --fragment: a bare fragment, converted to a Markdown body).
    Html,
    /// Text scraped from a blog post: title on the first line, byline and comment-form
    /// lines removed.
    Text,
}

impl From {
    /// The export format this choice forces, if it names one.
    fn export(self) -> Option<crate::read::ExportFormat> {
        use crate::read::ExportFormat;
        match self {
            From::Wxr => Some(ExportFormat::Wxr),
            From::Mt => Some(ExportFormat::MovableType),
            From::Blogger => Some(ExportFormat::Blogger),
            From::Medium => Some(ExportFormat::Medium),
            From::Substack => Some(ExportFormat::Substack),
            From::Ghost => Some(ExportFormat::Ghost),
            From::Auto | From::Html | From::Text => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Drafts {
    /// Write drafts, pending and scheduled posts in the target's draft convention.
    Include,
    /// Leave them out (each is counted in the report).
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Comments {
    /// Leave comments out (the report counts them).
    None,
    /// One JSON file per post in the target's data folder (data/comments/<post path>.json).
    Data,
    /// A `comments` list in each post's front matter.
    FrontMatter,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Media {
    /// Keep the URLs (mapped to the original of each size variant).
    Keep,
    /// Copy files from --uploads DIR into the generator's static folder.
    Copy,
    /// Download files from the old host into the generator's static folder (files already
    /// there are kept, so a re-run resumes; failures keep the old URL and are reported).
    Download,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Input files or folders, or '-' for standard input. Several exports (also `.xml.gz`,
    /// `.zip` archives, and WordPress.com split sets `name.000.xml`, `name.001.xml`, … read as
    /// one site) or a folder of them are converted into one output folder in one run.
    #[arg(required = true, num_args = 1.., value_name = "INPUT")]
    pub inputs: Vec<String>,

    /// Output folder (required for an export). Existing files are never overwritten without --force.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,

    /// What the input is.
    #[arg(long, value_enum, default_value_t = From::Auto)]
    pub from: From,

    /// Treat the input as a bare HTML fragment and print only the Markdown body on stdout.
    #[arg(long)]
    pub fragment: bool,

    /// Static site generator the output is for (file layout, draft convention, field names).
    #[arg(short, long, default_value = "hugo", value_parser = parse_target)]
    pub target: Target,

    /// Front matter format (default: the target's own; Zola needs toml, Jekyll/Eleventy/Astro yaml).
    #[arg(long, value_parser = parse_format)]
    pub format: Option<FrontMatterFormat>,

    /// What to do with drafts, pending and scheduled posts.
    #[arg(long, value_enum, default_value_t = Drafts::Include)]
    pub drafts: Drafts,

    /// Where approved comments go (spam, trash, unapproved comments, emails and IPs never do).
    #[arg(long, value_enum, default_value_t = Comments::None)]
    pub comments: Comments,

    /// Write redirects from every old URL (permalink, ?p=ID, ?page_id=ID, attachment pages)
    /// to the new paths: netlify (_redirects), nginx, apache (.htaccess rules) or csv.
    /// Repeat or separate with commas for several.
    #[arg(long, value_name = "FORMAT", value_delimiter = ',', value_parser = parse_redirects)]
    pub redirects: Vec<RedirectFormat>,

    /// Never write raw HTML: embeds become links, sub/sup/mark plain text (Hugo then builds
    /// without `unsafe = true`).
    #[arg(long)]
    pub no_html: bool,

    /// Uploaded files: keep pointing at the old host (size variants still map to the
    /// original), copy them from a local uploads backup (--uploads) into the output, or
    /// download them from the old host into the output.
    #[arg(long, value_enum, default_value_t = Media::Keep)]
    pub media: Media,

    /// The local copy of wp-content/uploads, for --media copy. Without it, a folder given as
    /// the input is searched: its `wp-content/uploads`, Ghost's `content`, or the folder itself
    /// (Takeout's albums).
    #[arg(long, value_name = "DIR")]
    pub uploads: Option<PathBuf>,

    /// The old site's address (https://blog.example), for exports that do not hold it
    /// (Ghost's, Blogger's Takeout) or that name another: root-relative images and links
    /// resolve against it (kept pointing there, or downloaded from there), and links to it
    /// map to the new posts.
    #[arg(long, value_name = "URL", value_parser = site_url)]
    pub site_url: Option<String>,

    /// Fail (exit 1) on warnings and on damage the reader recovered from, instead of only
    /// reporting them.
    #[arg(long)]
    pub strict: bool,

    /// Keep shortcodes that unpress does not convert verbatim (default: keep their inner
    /// text, drop the tag, and name them in the report).
    #[arg(long)]
    pub keep_unknown_shortcodes: bool,

    /// Transliterate slugs to ASCII (東京の夜 → dong-jing-noye) instead of keeping Unicode.
    #[arg(long)]
    pub ascii_slugs: bool,

    /// Overwrite files that already exist in the output folder.
    #[arg(long)]
    pub force: bool,

    /// Convert everything but write nothing; print the planned paths on stdout.
    #[arg(long)]
    pub dry_run: bool,

    /// Write a JSON report with one row per input item to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,

    /// Write a review page to FILE (.html): a summary, charts, and every item in a sortable,
    /// filterable table whose rows open the original and the converted post side by side.
    /// One self-contained file that loads nothing from the network.
    #[arg(long, value_name = "FILE")]
    pub review: Option<PathBuf>,

    /// Worker threads (default: one per core). Output is identical for any value.
    #[arg(short, long, default_value_t = 0, value_name = "N")]
    pub jobs: usize,

    /// No summary and no progress bar on stderr (errors are still printed). The progress bar
    /// only ever appears when stderr is a terminal.
    #[arg(short, long)]
    pub quiet: bool,
}

fn parse_target(s: &str) -> Result<Target, String> {
    s.parse()
}

fn parse_redirects(s: &str) -> Result<RedirectFormat, String> {
    s.parse()
}

fn parse_format(s: &str) -> Result<FrontMatterFormat, String> {
    s.parse()
}

/// A one-line usage or input error; exit code 2.
fn fail(msg: impl std::fmt::Display) -> i32 {
    eprintln!("unpress: {msg}");
    2
}

/// Parses the command line and runs it; returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Convert(args) => convert(args),
        Command::Inspect(args) => inspect(args),
    }
}

fn inspect(args: InspectArgs) -> i32 {
    let path = PathBuf::from(&args.input);
    if args.input != "-" && path.is_dir() && crate::read::archive::format(&path).is_none() {
        return inspect_folder(&args, &path);
    }
    let source = if args.input == "-" {
        let mut data = Vec::new();
        if let Err(e) = io::stdin().lock().read_to_end(&mut data) {
            return fail(format_args!("cannot read standard input: {e}"));
        }
        Source::Bytes {
            name: "<stdin>".into(),
            data: Arc::new(data),
        }
    } else {
        Source::File(path)
    };
    let name = source.name();
    let ins = crate::inspect::inspect(&source);
    if ins.items == 0 && !ins.problems.is_empty() {
        return fail(format_args!("{name}: {}", ins.problems.join("; ")));
    }
    print_findings(args.json, &ins, || ins.to_text())
}

/// Prints `inspect`'s findings, as JSON or as text; a closed pipe is not an error.
fn print_findings(json: bool, data: &impl serde::Serialize, text: impl Fn() -> String) -> i32 {
    let text = if json {
        serde_json::to_string_pretty(data).unwrap_or_default() + "\n"
    } else {
        text()
    };
    let mut stdout = io::stdout().lock();
    match stdout.write_all(text.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
            fail(format_args!("cannot write to standard output: {e}"))
        }
        _ => 0,
    }
}

/// `inspect` on a folder of saved pages: the site's learned template and each page's reading.
fn inspect_folder(args: &InspectArgs, path: &Path) -> i32 {
    let folder = match crate::read::mirror::walk(path) {
        Ok(f) => f,
        Err(e) => return fail(format_args!("{}: cannot read folder: {e}", args.input)),
    };
    if folder.documents.is_empty() {
        let exports: Vec<String> = folder
            .exports
            .iter()
            .chain(folder.archives.iter().map(|(p, _)| p))
            .map(|p| p.display().to_string())
            .collect();
        if !exports.is_empty() {
            return fail(format_args!(
                "{}: no saved pages in this folder, but exports: inspect each of {}",
                args.input,
                exports.join(", ")
            ));
        }
        return fail(format_args!(
            "{}: no saved pages (.html) in this folder",
            args.input
        ));
    }
    let opts = Options {
        progress: false,
        ..Options::default()
    };
    let ins = crate::mirror::inspect_mirror(path, &folder.documents, &opts);
    print_findings(args.json, &ins, || ins.to_text())
}

/// What the first bytes say the input is.
#[derive(Debug, PartialEq, Eq)]
enum Sniffed {
    Empty,
    Binary,
    Xml,
    /// Another platform's export, told by its content.
    Export(crate::read::ExportFormat),
    Html,
    /// JSON that is no export this tool reads.
    Json,
    Text,
}

/// The one-line error for JSON that is no known export.
const UNKNOWN_JSON: &str = "JSON, but not an export unpress reads (--from text reads it as text)";

fn sniff(head: &[u8]) -> Sniffed {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head);
    if head.iter().all(u8::is_ascii_whitespace) {
        return Sniffed::Empty;
    }
    if head.starts_with(b"\xff\xfe") || head.starts_with(b"\xfe\xff") {
        return Sniffed::Xml;
    }
    if head.contains(&0) {
        return Sniffed::Binary;
    }
    if let Some(format) = crate::read::export_format(head) {
        return Sniffed::Export(format);
    }
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let t = text.trim_start();
    if t.starts_with("<!doctype html") || t.starts_with("<html") || text.contains("<html") {
        Sniffed::Html
    } else if t.starts_with("<?xml") || t.starts_with("<rss") || t.starts_with('<') {
        Sniffed::Xml
    } else if t.starts_with('{') || t.starts_with('[') {
        Sniffed::Json
    } else {
        Sniffed::Text
    }
}

/// Why binary input is refused. A tar archive (Google Takeout's `.tgz`, gzip already undone
/// by the reader) is named, with what to do instead.
fn binary(head: &[u8]) -> &'static str {
    if head.get(257..262) == Some(b"ustar") {
        "a tar archive, which unpress does not open: unpack it and give the folder (or export \
         a .zip, which unpress reads as it is)"
    } else {
        "binary data, not an export, page or text"
    }
}

fn read_head(source: &Source) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(4096);
    source.open()?.take(4096).read_to_end(&mut head)?;
    Ok(head)
}

/// Deletes the spooled copy of standard input however `convert` returns.
struct SpoolGuard(Option<PathBuf>);

impl Drop for SpoolGuard {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Reads standard input. An export bound for an output folder is spooled to a hidden file
/// inside that folder (removed afterwards), so a huge export piped in is not held in memory
/// and nothing is written outside the output folder; anything else is read into memory.
/// Whether a path is a zip archive (by its magic bytes, not its name).
fn is_zip(path: &str) -> bool {
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == *b"PK\x03\x04"
}

/// Several inputs, or a folder: exports (split sets grouped into one site), pages and texts,
/// all into one output folder with one report.
fn batch(args: &ConvertArgs) -> i32 {
    if args.fragment {
        return fail("--fragment converts one input");
    }
    if args.inputs.iter().any(|i| i == "-") {
        return fail("'-' (standard input) cannot be part of a batch");
    }
    let Some(out) = &args.output else {
        return fail("several inputs need an output folder: -o DIR");
    };
    let (opts, stream) = match options(args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let mut exports = Vec::new();
    let mut zipped: Vec<Vec<Source>> = Vec::new();
    let mut singles = Vec::new();
    let mut mirrors = Vec::new();
    // Exports made of many files (Medium's, Substack's), each one site.
    let mut archives = Vec::new();
    for input in &args.inputs {
        let path = PathBuf::from(input);
        if path.is_dir() || is_zip(input) {
            let format = match args.from.export() {
                Some(
                    f @ (crate::read::ExportFormat::Medium | crate::read::ExportFormat::Substack),
                ) => Some(f),
                _ if args.from == From::Auto => crate::read::archive::format(&path),
                _ => None,
            };
            if let Some(format) = format {
                archives.push((Source::File(path), format));
                continue;
            }
        }
        if is_zip(input) {
            let names = match crate::pipeline::zip_exports(&path) {
                Ok(n) => n,
                Err(e) => return fail(format_args!("{input}: cannot read the zip archive: {e}")),
            };
            if names.is_empty() {
                return fail(format_args!(
                    "{input}: no exports (.xml) in this zip archive"
                ));
            }
            let grouped =
                crate::pipeline::group_split_sets(names.into_iter().map(PathBuf::from).collect());
            for site in grouped {
                zipped.push(
                    site.into_iter()
                        .map(|entry| Source::ZipEntry {
                            archive: path.clone(),
                            entry: entry.to_string_lossy().into_owned(),
                        })
                        .collect(),
                );
            }
            continue;
        }
        if path.is_dir() {
            let mut folder = match crate::read::mirror::walk(&path) {
                Ok(f) => f,
                Err(e) => return fail(format_args!("{input}: cannot read folder: {e}")),
            };
            match args.from {
                From::Html => {
                    folder.exports.clear();
                    folder.archives.clear();
                }
                From::Text => {
                    return fail(format_args!(
                        "{input}: --from text reads files, not folders; list the files"
                    ));
                }
                From::Auto => {}
                // An export format: the folder's exports, each read as that format.
                _ => folder.documents.clear(),
            }
            if folder.exports.is_empty()
                && folder.documents.is_empty()
                && folder.archives.is_empty()
            {
                return fail(format_args!(
                    "{input}: no exports or saved pages (.html) in this folder"
                ));
            }
            exports.append(&mut folder.exports);
            archives.extend(
                folder
                    .archives
                    .drain(..)
                    .map(|(path, format)| (Source::File(path), format)),
            );
            if !folder.documents.is_empty() {
                mirrors.push((path, folder));
            }
            continue;
        }
        let source = Source::File(path.clone());
        let head = match read_head(&source) {
            Ok(h) => h,
            Err(e) => return fail(format_args!("{input}: cannot read: {e}")),
        };
        let gz = head.starts_with(&[0x1f, 0x8b]);
        match (args.from, if gz { Sniffed::Xml } else { sniff(&head) }) {
            (_, Sniffed::Empty) => return fail(format_args!("{input}: the input is empty")),
            (_, Sniffed::Binary) => return fail(format_args!("{input}: {}", binary(&head))),
            (From::Auto, Sniffed::Json) => return fail(format_args!("{input}: {UNKNOWN_JSON}")),
            (From::Html, _) | (From::Auto, Sniffed::Html) => singles.push((source, Single::Page)),
            (From::Text, _) | (From::Auto, Sniffed::Text) => singles.push((source, Single::Text)),
            _ => exports.push(path),
        }
    }
    let mut claims = Claims::default();
    let mut report: Option<crate::report::Report> = None;
    let mut add = |r: crate::report::Report| match report.as_mut() {
        Some(all) => all.merge(r),
        None => report = Some(r),
    };
    let sites = crate::pipeline::group_split_sets(exports)
        .into_iter()
        .map(|site| site.into_iter().map(Source::File).collect::<Vec<_>>())
        .chain(zipped);
    for sources in sites {
        add(crate::pipeline::convert_site(
            &sources,
            out,
            &opts,
            &mut claims,
        ));
    }
    for (source, format) in archives {
        let site_opts = Options {
            export: Some(format),
            ..opts.clone()
        };
        add(crate::pipeline::convert_site(
            std::slice::from_ref(&source),
            out,
            &site_opts,
            &mut claims,
        ));
    }
    for (root, folder) in mirrors {
        add(crate::mirror::convert_mirror(
            &root,
            &folder.documents,
            &folder.assets,
            out,
            &opts,
            &mut claims,
        ));
    }
    for (source, kind) in singles {
        match read_single(&source, kind) {
            Ok(post) => add(crate::pipeline::write_document(
                &post,
                &source.name(),
                out,
                &opts,
                &mut claims,
            )),
            Err(e) => add(crate::report::Report {
                errors: vec![crate::report::InputError {
                    file: source.name(),
                    line: None,
                    post_id: None,
                    message: e,
                }],
                ..crate::report::Report::default()
            }),
        }
    }
    let Some(mut report) = report else {
        return fail("nothing to convert");
    };
    report.target = opts.target.name().into();
    report.dry_run = opts.dry_run;
    report.strict = opts.strict;
    report.finish();
    finish(args, &report, &stream)
}

/// Reads one page or text into a post. Pages are decoded by the page reader itself, which
/// looks for a charset anywhere in the head and guesses undeclared encodings.
fn read_single(source: &Source, kind: Single) -> Result<crate::doc::Post, String> {
    match kind {
        Single::Page => {
            let mut bytes = Vec::new();
            source
                .open()
                .and_then(|mut r| r.read_to_end(&mut bytes))
                .map_err(|e| format!("{}: cannot read: {e}", source.name()))?;
            crate::read::html::read_page_bytes(&bytes).map_err(|e| e.to_string())
        }
        Single::Text => crate::read::text::read_text(&read_decoded(source)?)
            .map(|(post, _)| post)
            .ok_or_else(|| "no text found".to_string()),
    }
}

fn stdin_source(args: &ConvertArgs, guard: &mut SpoolGuard) -> Result<Source, String> {
    let name = "<stdin>".to_string();
    let mut stdin = io::stdin().lock();
    let mut head = Vec::with_capacity(4096);
    (&mut stdin)
        .take(4096)
        .read_to_end(&mut head)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    let spool_dir = args
        .output
        .as_ref()
        .filter(|_| !args.fragment && !args.dry_run && sniff(&head) == Sniffed::Xml);
    if let Some(dir) = spool_dir
        && std::fs::create_dir_all(dir).is_ok()
    {
        let path = dir.join(format!(".unpress-stdin.{}.tmp", std::process::id()));
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            guard.0 = Some(path.clone());
            file.write_all(&head)
                .and_then(|()| io::copy(&mut stdin, &mut file).map(|_| ()))
                .map_err(|e| format!("cannot spool standard input: {e}"))?;
            return Ok(Source::Spool { path, name });
        }
    }
    let mut data = head;
    stdin
        .read_to_end(&mut data)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    Ok(Source::Bytes {
        name,
        data: Arc::new(data),
    })
}

fn convert(args: ConvertArgs) -> i32 {
    if args.review.is_some() && (args.output.is_none() || args.fragment) {
        return fail("--review describes written files: give an output folder with -o DIR");
    }
    if args.inputs.len() > 1 || Path::new(&args.inputs[0]).is_dir() || is_zip(&args.inputs[0]) {
        return batch(&args);
    }
    let input = args.inputs[0].clone();
    let mut spool = SpoolGuard(None);
    let source = if input == "-" {
        match stdin_source(&args, &mut spool) {
            Ok(s) => s,
            Err(e) => return fail(e),
        }
    } else {
        Source::File(PathBuf::from(&input))
    };
    let name = source.name();

    if args.fragment {
        if !matches!(args.from, From::Html | From::Auto) {
            return fail("--fragment reads HTML; it cannot be combined with --from wxr");
        }
        return fragment(&source);
    }

    let head = match read_head(&source) {
        Ok(h) => h,
        Err(e) => return fail(format_args!("{name}: cannot read: {e}")),
    };
    let kind = sniff(&head);
    match (args.from, kind) {
        (_, Sniffed::Empty) => return fail(format_args!("{name}: the input is empty")),
        (_, Sniffed::Binary) => return fail(format_args!("{name}: {}", binary(&head))),
        (From::Auto, Sniffed::Json) => return fail(format_args!("{name}: {UNKNOWN_JSON}")),
        (From::Html, _) | (From::Auto, Sniffed::Html) => {
            return single(&args, &source, Single::Page);
        }
        (From::Text, _) | (From::Auto, Sniffed::Text) => {
            return single(&args, &source, Single::Text);
        }
        _ => {}
    }
    let Some(out) = args.output.clone() else {
        return fail("an export holds many posts: give an output folder with -o DIR");
    };
    let (opts, stream) = match options(&args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let report = crate::pipeline::convert_wxr(&source, &out, &opts);
    finish(&args, &report, &stream)
}

/// Where finished rows go while a run is under way: the dry-run plan on stdout, the
/// `--report` rows into a file beside the report, and the `--review` page's rows and content
/// beside the page, so no run holds all its rows in memory.
struct RowStream {
    plan: bool,
    rows: Option<Mutex<(io::BufWriter<std::fs::File>, bool)>>,
    tmp: Option<PathBuf>,
    review: Option<Arc<crate::review::Review>>,
}

impl RowStream {
    fn new(args: &ConvertArgs) -> io::Result<RowStream> {
        let (rows, tmp) = match &args.report {
            Some(path) => {
                let mut name = path.file_name().unwrap_or_default().to_os_string();
                name.push(".rows.tmp");
                let tmp = path.with_file_name(name);
                let file = std::fs::File::create(&tmp)?;
                (
                    Some(Mutex::new((io::BufWriter::new(file), true))),
                    Some(tmp),
                )
            }
            None => (None, None),
        };
        let review = match &args.review {
            Some(path) => Some(Arc::new(crate::review::Review::new(path)?)),
            None => None,
        };
        Ok(RowStream {
            plan: args.dry_run,
            rows,
            tmp,
            review,
        })
    }

    fn row(&self, row: &crate::report::Row) {
        if self.plan
            && row.outcome == Outcome::WouldWrite
            && let Some(path) = &row.output
        {
            let _ = writeln!(io::stdout().lock(), "would write {path}");
        }
        if let Some(review) = &self.review {
            review.row(row);
        }
        if let Some(rows) = &self.rows
            && let Ok(mut guard) = rows.lock()
        {
            let (out, first) = &mut *guard;
            let sep = if *first { "" } else { ",\n" };
            *first = false;
            let json = serde_json::to_string(row).unwrap_or_default();
            let _ = write!(out, "{sep}{json}");
        }
    }

    /// Writes the report: its summary and lists, with the streamed rows as `items`.
    fn write_report(&self, report: &crate::report::Report, path: &Path) -> io::Result<()> {
        let (Some(rows), Some(tmp)) = (&self.rows, &self.tmp) else {
            return Ok(());
        };
        if let Ok(mut guard) = rows.lock() {
            guard.0.flush()?;
        }
        let mut value = serde_json::to_value(report).map_err(io::Error::other)?;
        if let Some(map) = value.as_object_mut() {
            map.remove("items");
        }
        let head = serde_json::to_string_pretty(&value).map_err(io::Error::other)?;
        let head = head.trim_end().trim_end_matches('}').trim_end();
        let mut out = io::BufWriter::new(std::fs::File::create(path)?);
        write!(out, "{head},\n  \"items\": [\n")?;
        io::copy(&mut std::fs::File::open(tmp)?, &mut out)?;
        out.write_all(b"\n  ]\n}\n")?;
        out.flush()
    }
}

impl Drop for RowStream {
    fn drop(&mut self) {
        if let Some(tmp) = &self.tmp {
            let _ = std::fs::remove_file(tmp);
        }
    }
}

/// Where `--media copy` finds uploads when `--uploads` is not given: the one input folder's
/// own — WordPress's `wp-content/uploads` in a backup, Ghost's `content` (its `images`,
/// `media`, `files`) beside the JSON, else the folder itself, where platform images are
/// found by name (Takeout's `Blogger/Albums`). A file or several inputs name no folder.
fn own_uploads(inputs: &[String]) -> Option<PathBuf> {
    let [input] = inputs else {
        return None;
    };
    let dir = Path::new(input);
    if !dir.is_dir() {
        return None;
    }
    let wordpress = dir.join("wp-content/uploads");
    let ghost = dir.join("content");
    Some(if wordpress.is_dir() {
        wordpress
    } else if ["images", "media", "files"]
        .iter()
        .any(|d| ghost.join(d).is_dir())
    {
        ghost
    } else {
        dir.to_path_buf()
    })
}

/// `--site-url`: an http(s) address with a host, kept without its trailing slash, query or
/// fragment.
fn site_url(s: &str) -> Result<String, String> {
    let s = s.trim();
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or("give the address with its scheme, as https://blog.example")?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '\\') {
        return Err("no host in it: give it as https://blog.example".into());
    }
    let end = s.find(['?', '#']).unwrap_or(s.len());
    Ok(s[..end].trim_end_matches('/').to_string())
}

/// Validated options from the flags (rows streamed through `stream`), or the exit code of a
/// usage error.
fn options(args: &ConvertArgs) -> Result<(Options, Arc<RowStream>), i32> {
    if let Some(format) = args.format
        && !args.target.supports(format)
    {
        return Err(fail(format_args!(
            "{} does not read {format:?} front matter",
            args.target
        )));
    }
    let media = match (args.media, &args.uploads) {
        (Media::Keep, None) => MediaMode::Keep,
        (Media::Copy, Some(dir)) => MediaMode::Copy(dir.clone()),
        (Media::Copy, None) => match own_uploads(&args.inputs) {
            Some(dir) => MediaMode::Copy(dir),
            None => {
                return Err(fail(
                    "--media copy needs --uploads DIR (the input is no folder holding its uploads)",
                ));
            }
        },
        (Media::Keep | Media::Download, Some(_)) => {
            return Err(fail("--uploads is only used with --media copy"));
        }
        #[cfg(feature = "download")]
        (Media::Download, None) => MediaMode::Download(Default::default()),
        #[cfg(not(feature = "download"))]
        (Media::Download, None) => {
            return Err(fail(
                "--media download: this unpress was built without the `download` feature \
                 (rebuild with `--features download`, or use --media copy --uploads DIR)",
            ));
        }
    };
    let stream = match RowStream::new(args) {
        Ok(s) => Arc::new(s),
        Err(e) => {
            return Err(fail(format_args!(
                "cannot write the report or review page: {e}"
            )));
        }
    };
    let hook_stream = Arc::clone(&stream);
    let content_hook = stream.review.as_ref().map(|review| {
        let review = Arc::clone(review);
        ContentHook(Arc::new(move |row, sides| review.content(row, sides)))
    });
    let opts = Options {
        row_hook: Some(RowHook(Arc::new(move |row| hook_stream.row(row)))),
        keep_rows: false,
        media,
        strict: args.strict,
        keep_unknown_shortcodes: args.keep_unknown_shortcodes,
        progress: !args.quiet && io::stderr().is_terminal(),
        target: args.target,
        format: args.format,
        drafts: match args.drafts {
            Drafts::Include => DraftPolicy::Include,
            Drafts::Skip => DraftPolicy::Skip,
        },
        ascii_slugs: args.ascii_slugs,
        force: args.force,
        dry_run: args.dry_run,
        jobs: args.jobs,
        redirects: args.redirects.clone(),
        no_html: args.no_html,
        comments: match args.comments {
            Comments::None => CommentMode::None,
            Comments::Data => CommentMode::Data,
            Comments::FrontMatter => CommentMode::FrontMatter,
        },
        content_hook,
        export: args.from.export(),
        site_url: args.site_url.clone(),
    };
    Ok((opts, stream))
}

/// Prints the plan, writes the report and the summary; returns the exit code.
fn finish(args: &ConvertArgs, report: &crate::report::Report, stream: &RowStream) -> i32 {
    if let Some(path) = &args.report
        && let Err(e) = stream.write_report(report, path)
    {
        eprintln!("unpress: cannot write report {}: {e}", path.display());
        return 2;
    }
    if let (Some(path), Some(review)) = (&args.review, &stream.review)
        && let Err(e) = review.finish(report)
    {
        eprintln!("unpress: cannot write review page {}: {e}", path.display());
        return 2;
    }
    if report.summary.items == 0 && !report.errors.is_empty() {
        // Nothing was read: the error alone says it all, one line per input.
        for e in &report.errors {
            let line = e.line.map(|l| format!(":{l}")).unwrap_or_default();
            eprintln!("unpress: {}{line}: {}", e.file, e.message);
        }
    } else if !args.quiet || report.exit_code() != 0 {
        eprint!("{}", report.human_summary());
    }
    report.exit_code()
}

/// The kinds of single document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Single {
    Page,
    Text,
}

/// Reads a whole input as text in its declared or sniffed encoding.
fn read_decoded(source: &Source) -> Result<String, String> {
    let mut bytes = Vec::new();
    source
        .open()
        .and_then(|mut r| r.read_to_end(&mut bytes))
        .map_err(|e| format!("{}: cannot read: {e}", source.name()))?;
    let enc = crate::read::decode::sniff_encoding(&bytes);
    Ok(enc.decode(&bytes).0.into_owned())
}

/// One page or one text: Markdown with front matter on stdout, or into `-o DIR` like an
/// export's post.
fn single(args: &ConvertArgs, source: &Source, kind: Single) -> i32 {
    let name = source.name();
    let post = match read_single(source, kind) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("unpress: {name}: {e}; nothing written");
            return 1;
        }
    };
    let (opts, stream) = match options(args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let Some(out) = &args.output else {
        let slug = if post.meta.slug.is_empty() {
            "post"
        } else {
            &post.meta.slug
        };
        let mut body = post.body.clone();
        crate::transform::resolve::resolve_relative(&mut body, post.meta.original_url.as_deref());
        let doc = crate::render::document(
            &post.meta,
            slug,
            body,
            opts.target,
            opts.front_matter_format(),
            &opts.markdown(),
            false,
        );
        let mut stdout = io::stdout().lock();
        return match stdout
            .write_all(doc.into_text().as_bytes())
            .and_then(|()| stdout.flush())
        {
            Ok(()) => 0,
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
            Err(e) => fail(format_args!("cannot write to standard output: {e}")),
        };
    };
    let report = crate::pipeline::write_document(&post, &name, out, &opts, &mut Claims::default());
    finish(args, &report, &stream)
}

fn fragment(source: &Source) -> i32 {
    let mut bytes = Vec::new();
    let read = source.open().and_then(|mut r| r.read_to_end(&mut bytes));
    if let Err(e) = read {
        return fail(format_args!("{}: cannot read: {e}", source.name()));
    }
    let enc = crate::read::decode::sniff_encoding(&bytes);
    let (html, _, _) = enc.decode(&bytes);
    let md = crate::html_fragment_to_markdown(&html);
    let mut stdout = io::stdout().lock();
    match stdout
        .write_all(md.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => 0,
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => fail(format_args!("cannot write to standard output: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing_tells_inputs_apart() {
        assert_eq!(sniff(b""), Sniffed::Empty);
        assert_eq!(sniff(b"  \n"), Sniffed::Empty);
        assert_eq!(sniff(b"\x7fELF\x02\x01\x00\x00"), Sniffed::Binary);
        assert_eq!(sniff(b"  {\"posts\": []}"), Sniffed::Json);
        assert_eq!(sniff(b"[1, 2]"), Sniffed::Json);
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><rss>"), Sniffed::Xml);
        assert_eq!(sniff(b"\xef\xbb\xbf<rss>"), Sniffed::Xml);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Sniffed::Html);
        assert_eq!(sniff(b"Victory! A title\n\nText."), Sniffed::Text);
    }
}
