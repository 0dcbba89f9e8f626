//! Exports that are many files — Medium's and Substack's — as a zip archive or the folder it
//! unpacks to, plus what their readers share: turning a platform's post markup into plain
//! HTML, and their UTC timestamps into WordPress's date pair.
//!
//! Nothing is extracted to disk. Entries are listed, and read one at a time up to a size limit,
//! so a zip bomb costs bounded memory; an entry whose name points outside the archive
//! (`../x`, `/etc/x`) is listed apart and never read. A folder is read only where an export
//! keeps its posts (`posts/`, `posts.csv`, beside them `README.html`), never through a symbolic
//! link, so the private files such exports also hold (subscriber lists, IP addresses) are not
//! even listed.

use super::ExportFormat;
use scraper::{ElementRef, Node};
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

/// The most one post's file may hold (its HTML; images are links, not bytes).
pub const MAX_ENTRY: u64 = 64 << 20;

/// An export's files: a zip archive or a folder, seen from the export's root (the folder
/// holding `posts/`, which a zip may nest one level down; a folder is the export itself, so
/// a folder that holds exports among other things is read as such, not as one of them).
pub struct Archive {
    store: Store,
    /// The root inside a zip (`""` or `name/`).
    root: String,
    /// Entry names below the root, `/`-separated, sorted.
    names: Vec<String>,
    /// Zip entries named outside the archive, as written, sorted.
    unsafe_names: Vec<String>,
}

enum Store {
    Zip(Box<zip::ZipArchive<BufReader<File>>>),
    /// The export's folder, and where its `posts/` entries are (its `posts` folder, or the
    /// folder itself when that is what the user gave).
    Folder {
        root: PathBuf,
        posts: PathBuf,
    },
}

/// Whether a file starts like a zip archive.
pub fn is_zip_file(path: &Path) -> bool {
    let mut head = [0u8; 4];
    File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == *b"PK\x03\x04"
}

/// Whether a zip entry's name stays inside the archive: relative, no `..` step, no drive.
fn safe_name(name: &str) -> bool {
    !name.starts_with(['/', '\\'])
        && !name.contains('\0')
        && !name.split(['/', '\\']).any(|c| c == "..")
        && !name
            .split(['/', '\\'])
            .next()
            .is_some_and(|c| c.contains(':'))
}

/// Whether `name` is one of the files an export keeps its posts in.
fn is_export_file(name: &str) -> bool {
    name == "posts.csv" || name == "README.html" || name.starts_with("posts/")
}

impl Archive {
    /// Opens a zip archive (told by its first bytes) or a folder.
    pub fn open(path: &Path) -> io::Result<Archive> {
        if path.is_dir() {
            return Archive::open_folder(path);
        }
        if !is_zip_file(path) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "neither a folder nor a zip archive",
            ));
        }
        let zip = zip::ZipArchive::new(BufReader::new(File::open(path)?))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        let mut safe = Vec::new();
        let mut unsafe_names = Vec::new();
        for name in zip.file_names() {
            if name.ends_with('/') {
                continue;
            }
            if safe_name(name) {
                safe.push(name.replace('\\', "/"));
            } else {
                unsafe_names.push(name.to_string());
            }
        }
        // The root is where `posts/` or `posts.csv` is, at the top or one folder down.
        let root = ["".to_string()]
            .into_iter()
            .chain(safe.iter().filter_map(|n| {
                let (top, rest) = n.split_once('/')?;
                (!rest.contains('/') || rest.starts_with("posts/")).then(|| format!("{top}/"))
            }))
            .find(|r| {
                safe.iter().any(|n| {
                    n.strip_prefix(r.as_str())
                        .is_some_and(|rest| rest == "posts.csv" || rest.starts_with("posts/"))
                })
            })
            .unwrap_or_default();
        let mut names: Vec<String> = safe
            .iter()
            .filter_map(|n| n.strip_prefix(root.as_str()))
            .filter(|n| is_export_file(n))
            .map(str::to_string)
            .collect();
        names.sort();
        names.dedup();
        unsafe_names.sort();
        Ok(Archive {
            store: Store::Zip(Box::new(zip)),
            root,
            names,
            unsafe_names,
        })
    }

    fn open_folder(path: &Path) -> io::Result<Archive> {
        let root = path.to_path_buf();
        let mut names = Vec::new();
        for top in ["posts.csv", "README.html"] {
            if plain_file(&root.join(top)) {
                names.push(top.to_string());
            }
        }
        // Medium's export may be given as its `posts/` folder alone: the folder is then the
        // posts (whether they are Medium's is for [`format`] to tell).
        let posts = if names.is_empty() && !root.join("posts").is_dir() {
            root.clone()
        } else {
            root.join("posts")
        };
        if let Ok(entries) = std::fs::read_dir(&posts) {
            for e in entries.flatten() {
                if !e.file_type().is_ok_and(|t| t.is_file()) {
                    continue;
                }
                if let Some(name) = e.file_name().to_str() {
                    names.push(format!("posts/{name}"));
                }
            }
        }
        names.sort();
        Ok(Archive {
            store: Store::Folder { root, posts },
            root: String::new(),
            names,
            unsafe_names: Vec::new(),
        })
    }

    /// The export's files, below its root, sorted: `posts.csv`, `README.html`, `posts/…`.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// Zip entries whose names point outside the archive (never read).
    pub fn unsafe_names(&self) -> &[String] {
        &self.unsafe_names
    }

    pub fn has(&self, name: &str) -> bool {
        self.names
            .binary_search_by(|n| n.as_str().cmp(name))
            .is_ok()
    }

    /// Streams one entry.
    pub fn open_entry(&mut self, name: &str) -> io::Result<Box<dyn Read + '_>> {
        if !self.has(name) {
            return Err(io::Error::new(io::ErrorKind::NotFound, "not in the export"));
        }
        match &mut self.store {
            Store::Zip(zip) => {
                let full = format!("{}{name}", self.root);
                let entry = match zip.index_for_name(&full) {
                    Some(i) => zip.by_index(i),
                    // Written with backslashes, listed with slashes.
                    None => zip.by_name(&full.replace('/', "\\")),
                };
                Ok(Box::new(entry.map_err(io::Error::other)?))
            }
            Store::Folder { root, posts } => {
                let file = match name.strip_prefix("posts/") {
                    Some(post) => posts.join(post),
                    None => root.join(name),
                };
                Ok(Box::new(BufReader::new(File::open(file)?)))
            }
        }
    }

    /// One entry's bytes, or why they cannot be had: missing, unreadable, or larger than
    /// `limit` (read no further than that).
    pub fn read(&mut self, name: &str, limit: u64) -> Result<Vec<u8>, String> {
        let mut bytes = Vec::new();
        let mut reader = self
            .open_entry(name)
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        reader
            .by_ref()
            .take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("cannot read {name}: {e}"))?;
        if bytes.len() as u64 > limit {
            return Err(format!(
                "{name} is larger than {} MB: not read",
                limit >> 20
            ));
        }
        Ok(bytes)
    }
}

/// A regular file, not a symbolic link to one.
fn plain_file(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// The platform a zip archive or folder is an export of, told by its content: Substack's
/// `posts.csv` (with its `post_id` and `is_published` columns), or Medium's `posts/*.html`
/// written by its exporter (an `h-entry` article with a `body` field).
pub fn format(path: &Path) -> Option<ExportFormat> {
    if !path.is_dir() && !is_zip_file(path) {
        return None;
    }
    let mut archive = Archive::open(path).ok()?;
    if archive.has("posts.csv") {
        let mut head = Vec::new();
        let _ = archive
            .open_entry("posts.csv")
            .ok()?
            .take(4096)
            .read_to_end(&mut head);
        let first = String::from_utf8_lossy(&head);
        let header = first.lines().next().unwrap_or("").to_ascii_lowercase();
        if header.contains("post_id") && header.contains("is_published") {
            return Some(ExportFormat::Substack);
        }
    }
    let posts: Vec<String> = archive
        .names()
        .iter()
        .filter(|n| n.starts_with("posts/") && n.to_ascii_lowercase().ends_with(".html"))
        .take(3)
        .cloned()
        .collect();
    for name in posts {
        let mut head = Vec::new();
        if let Ok(r) = archive.open_entry(&name) {
            let _ = r.take(64 << 10).read_to_end(&mut head);
        }
        let text = String::from_utf8_lossy(&head);
        if text.contains("h-entry") && text.contains("data-field=\"body\"") {
            return Some(ExportFormat::Medium);
        }
    }
    None
}

/// `2016-01-21T14:13:08.356Z` (or with an offset) → WordPress's `post_date` (local) and
/// `post_date_gmt` (UTC), both `YYYY-MM-DD HH:MM:SS`.
pub fn wp_dates(iso: &str) -> Option<(String, String)> {
    let dt = super::dates::parse_iso(iso)?;
    Some((super::dates::wp_local(&dt), super::dates::wp_utc(&dt)?))
}

/// What [`rewrite`] does with an element.
pub enum Action {
    /// Write it with its attributes, then its children.
    Keep,
    /// Write its children only.
    Unwrap,
    /// Write nothing.
    Drop,
    /// Write this HTML instead.
    Replace(String),
    /// Write its children inside this element instead (no attributes).
    Wrap(&'static str),
}

/// Elements without an end tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// Attributes that only serve the platform's own scripts and styles.
const NOISE_ATTRS: &[&str] = &["style", "data-attrs", "srcset", "sizes", "contenteditable"];

/// Writes `root`'s children as HTML, asking `decide` what to do with each element. The walk
/// keeps its own stack, so deeply nested input cannot overflow the thread's.
pub fn rewrite(root: ElementRef<'_>, decide: &mut dyn FnMut(ElementRef<'_>) -> Action) -> String {
    enum Step<'a> {
        Enter(ego_tree::NodeRef<'a, Node>),
        Close(&'a str),
    }
    let mut out = String::new();
    let mut stack: Vec<Step<'_>> = root.children().rev().map(Step::Enter).collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Close(name) => {
                out.push_str("</");
                out.push_str(name);
                out.push('>');
                continue;
            }
            Step::Enter(node) => node,
        };
        if let Node::Text(t) = node.value() {
            escape_text(&t.text, &mut out);
            continue;
        }
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        match decide(el) {
            Action::Drop => {}
            Action::Replace(html) => out.push_str(&html),
            Action::Unwrap => stack.extend(node.children().rev().map(Step::Enter)),
            Action::Wrap(name) => {
                out.push('<');
                out.push_str(name);
                out.push('>');
                stack.push(Step::Close(name));
                stack.extend(node.children().rev().map(Step::Enter));
            }
            Action::Keep => {
                let name = el.value().name();
                out.push('<');
                out.push_str(name);
                for (k, v) in el.value().attrs() {
                    if NOISE_ATTRS.contains(&k) {
                        continue;
                    }
                    out.push(' ');
                    out.push_str(k);
                    out.push_str("=\"");
                    escape_attr(v, &mut out);
                    out.push('"');
                }
                out.push('>');
                if !VOID.contains(&name) {
                    stack.push(Step::Close(name));
                    stack.extend(node.children().rev().map(Step::Enter));
                }
            }
        }
    }
    out
}

pub fn escape_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

pub fn escape_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
}

/// Text with HTML escapes, as a new string.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_attr(s, &mut out);
    out
}

/// An element's text, whitespace collapsed.
pub fn text_of(el: ElementRef<'_>) -> String {
    el.text()
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether an element's `class` holds `name`.
pub fn has_class(el: ElementRef<'_>, name: &str) -> bool {
    el.value().classes().any(|c| c == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rw(html: &str, decide: &mut dyn FnMut(ElementRef<'_>) -> Action) -> String {
        let doc = scraper::Html::parse_fragment(html);
        rewrite(doc.root_element(), decide)
    }

    #[test]
    fn rewriting_keeps_structure_and_applies_decisions() {
        let out = rw(
            "<p class=\"a\" style=\"x\">One &amp; <b>two</b><br>three</p><div class=\"drop\">x</div>\
             <section><p>in</p></section><span class=\"swap\">y</span><img src=\"a.png\"><p></p>",
            &mut |el| match el.value().name() {
                "div" => Action::Drop,
                "section" => Action::Unwrap,
                "span" => Action::Replace("<em>z</em>".into()),
                _ => Action::Keep,
            },
        );
        assert_eq!(
            out,
            "<p class=\"a\">One &amp; <b>two</b><br>three</p><p>in</p><em>z</em><img src=\"a.png\"><p></p>"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let html = "<div>".repeat(50_000) + "x";
        let out = rw(&html, &mut |_| Action::Unwrap);
        assert_eq!(out, "x");
    }

    #[test]
    fn dates_keep_their_instant() {
        assert_eq!(
            wp_dates("2016-01-21T14:13:08.356Z"),
            Some((
                "2016-01-21 14:13:08".to_string(),
                "2016-01-21 14:13:08".to_string()
            ))
        );
        assert_eq!(
            wp_dates("2020-03-01T00:30:00+02:00"),
            Some((
                "2020-03-01 00:30:00".to_string(),
                "2020-02-29 22:30:00".to_string()
            ))
        );
        assert_eq!(wp_dates("soon"), None);
    }

    #[test]
    fn names_outside_the_archive_are_unsafe() {
        for bad in [
            "../x.html",
            "posts/../../x",
            "/etc/passwd",
            "C:\\x",
            "a\\..\\b",
        ] {
            assert!(!safe_name(bad), "{bad}");
        }
        assert!(safe_name("medium-export/posts/2020-01-01_a-b.html"));
    }
}
