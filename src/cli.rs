//! Flags → [`Options`], once; then the library does the work. `run` returns the exit code so
//! `main` stays a few lines and every error path is testable.

use crate::item::DraftPolicy;
use crate::pipeline::{CommentMode, Options, Source};
use crate::report::Outcome;
use crate::target::{FrontMatterFormat, Target};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::io::{self, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

/// Get blogs out of WordPress: WXR exports to clean Markdown with front matter.
#[derive(Debug, Parser)]
#[command(name = "unpress", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Convert a WordPress export (or an HTML fragment) to Markdown.
    ///
    /// Exit codes: 0 everything converted; 1 finished, but some items failed; 2 usage error
    /// or nothing could be read.
    Convert(ConvertArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum From {
    /// Sniff the input: XML with <rss> is an export, <html> a page, anything else text.
    Auto,
    /// A WordPress export (WXR 1.0–1.2).
    Wxr,
    /// A saved HTML page (with --fragment: a bare fragment, converted to a Markdown body).
    Html,
    /// Text scraped from a blog post: title on the first line, byline and comment-form
    /// lines removed.
    Text,
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

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Input file, or '-' for standard input.
    pub input: String,

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

    /// Worker threads (default: one per core). Output is identical for any value.
    #[arg(short, long, default_value_t = 0, value_name = "N")]
    pub jobs: usize,

    /// No summary on stderr (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
}

fn parse_target(s: &str) -> Result<Target, String> {
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
    }
}

/// What the first bytes say the input is.
#[derive(Debug, PartialEq, Eq)]
enum Sniffed {
    Empty,
    Binary,
    Xml,
    Html,
    Text,
}

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
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let t = text.trim_start();
    if t.starts_with("<!doctype html") || t.starts_with("<html") || text.contains("<html") {
        Sniffed::Html
    } else if t.starts_with("<?xml") || t.starts_with("<rss") || t.starts_with('<') {
        Sniffed::Xml
    } else {
        Sniffed::Text
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
    let mut spool = SpoolGuard(None);
    let source = if args.input == "-" {
        match stdin_source(&args, &mut spool) {
            Ok(s) => s,
            Err(e) => return fail(e),
        }
    } else {
        let path = PathBuf::from(&args.input);
        if path.is_dir() {
            return fail(format_args!(
                "{}: is a folder; give an export file (mirrors of scraped pages are not supported yet)",
                args.input
            ));
        }
        Source::File(path)
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
        (_, Sniffed::Binary) => {
            return fail(format_args!(
                "{name}: binary data, not an export, page or text"
            ));
        }
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
    let opts = match options(&args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let report = crate::pipeline::convert_wxr(&source, &out, &opts);
    finish(&args, &report)
}

/// Validated options from the flags, or the exit code of a usage error.
fn options(args: &ConvertArgs) -> Result<Options, i32> {
    if let Some(format) = args.format
        && !args.target.supports(format)
    {
        return Err(fail(format_args!(
            "{} does not read {format:?} front matter",
            args.target
        )));
    }
    Ok(Options {
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
        comments: match args.comments {
            Comments::None => CommentMode::None,
            Comments::Data => CommentMode::Data,
            Comments::FrontMatter => CommentMode::FrontMatter,
        },
    })
}

/// Prints the plan, writes the report and the summary; returns the exit code.
fn finish(args: &ConvertArgs, report: &crate::report::Report) -> i32 {
    if args.dry_run {
        let mut stdout = io::stdout().lock();
        for row in report
            .items
            .iter()
            .filter(|r| r.outcome == Outcome::WouldWrite)
        {
            if let Some(path) = &row.output
                && writeln!(stdout, "would write {path}").is_err()
            {
                break;
            }
        }
    }
    if let Some(path) = &args.report
        && let Err(e) = std::fs::write(path, report.to_json() + "\n")
    {
        eprintln!("unpress: cannot write report {}: {e}", path.display());
        return 2;
    }
    if report.items.is_empty() && !report.errors.is_empty() {
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
    let text = match read_decoded(source) {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let post = match kind {
        Single::Page => crate::read::html::read_page(&text).map_err(|e| e.to_string()),
        Single::Text => crate::read::text::read_text(&text)
            .map(|(post, _)| post)
            .ok_or_else(|| "no text found".to_string()),
    };
    let post = match post {
        Ok(p) => p,
        Err(e) => {
            eprintln!("unpress: {name}: {e}; nothing written");
            return 1;
        }
    };
    let opts = match options(args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let Some(out) = &args.output else {
        let slug = if post.meta.slug.is_empty() {
            "post"
        } else {
            &post.meta.slug
        };
        let doc = crate::render::document(
            &post.meta,
            slug,
            &post.body,
            opts.target,
            opts.front_matter_format(),
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
    let report = crate::pipeline::write_document(&post, &name, out, &opts);
    finish(args, &report)
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
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><rss>"), Sniffed::Xml);
        assert_eq!(sniff(b"\xef\xbb\xbf<rss>"), Sniffed::Xml);
        assert_eq!(sniff(b"<!DOCTYPE html><html>"), Sniffed::Html);
        assert_eq!(sniff(b"Victory! A title\n\nText."), Sniffed::Text);
    }
}
