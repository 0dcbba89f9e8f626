//! Source → items: each reader turns one kind of input into items the pipeline converts.

pub mod archive;
pub mod blogger;
pub mod dates;
pub mod decode;
pub mod feed;
pub mod ghost;
pub mod html;
pub mod medium;
pub mod mirror;
pub mod mt;
pub mod page_meta;
pub mod site;
pub mod source;
pub mod substack;
pub mod text;
pub mod wxr;

pub use source::Source;
use std::io::{BufRead, BufReader};
use wxr::ReadMode;

/// The formats of exports read into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// WordPress's WXR.
    Wxr,
    /// Movable Type / TypePad export text.
    MovableType,
    /// Blogger's backup or Google Takeout's `feed.atom` (also a blog's public Atom feed).
    Blogger,
    /// Medium's export: a zip (or its folder) of `posts/*.html`.
    Medium,
    /// Substack's export: a zip (or its folder) of `posts.csv` and `posts/<id>.html`.
    Substack,
    /// Ghost's JSON export.
    Ghost,
}

impl ExportFormat {
    /// The platform's name, as reports and `inspect` show it.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Wxr => "WXR",
            ExportFormat::MovableType => "Movable Type",
            ExportFormat::Blogger => "Blogger",
            ExportFormat::Medium => "Medium",
            ExportFormat::Substack => "Substack",
            ExportFormat::Ghost => "Ghost",
        }
    }
}

/// The export format an input's first bytes show, if they show one. XML that names no
/// other platform is left to the caller (read as WXR, whose damaged files may not say so).
pub fn export_format(head: &[u8]) -> Option<ExportFormat> {
    if mt::looks_like_mt(head) {
        Some(ExportFormat::MovableType)
    } else if blogger::looks_like_blogger(head) {
        Some(ExportFormat::Blogger)
    } else if substack::looks_like_posts_csv(head) {
        Some(ExportFormat::Substack)
    } else if ghost::looks_like_ghost(head) {
        Some(ExportFormat::Ghost)
    } else {
        None
    }
}

/// The export format a source's first bytes show: WXR when they show none.
pub fn format_of(source: &Source) -> std::io::Result<ExportFormat> {
    if let Source::File(path) = source
        && let Some(format) = archive::format(path)
    {
        return Ok(format);
    }
    let mut src = BufReader::with_capacity(64 << 10, source.open()?);
    Ok(export_format(src.fill_buf()?).unwrap_or(ExportFormat::Wxr))
}

/// Reads an export's items in `format`, or in the format its first bytes show, calling
/// `on_item` for each in document order (stop early by returning false). Readers may open
/// the source more than once.
pub fn read_export(
    source: &Source,
    format: Option<ExportFormat>,
    mode: ReadMode,
    on_item: impl FnMut(&wxr::Channel, wxr::Item) -> bool,
) -> Result<wxr::Channel, wxr::WxrError> {
    let cannot_read = |e: std::io::Error| wxr::WxrError {
        line: 0,
        post_id: None,
        item_line: None,
        problems: Vec::new(),
        message: format!("cannot read: {e}"),
    };
    let format = match format {
        Some(f) => f,
        None => format_of(source).map_err(cannot_read)?,
    };
    match format {
        ExportFormat::Wxr => {
            let src = BufReader::with_capacity(64 << 10, source.open().map_err(cannot_read)?);
            wxr::read(src, mode, on_item)
        }
        ExportFormat::MovableType => mt::read_source(source, mode, on_item),
        ExportFormat::Blogger => blogger::read_source(source, mode, on_item),
        ExportFormat::Medium => medium::read_source(source, mode, on_item),
        ExportFormat::Substack => substack::read_source(source, mode, on_item),
        ExportFormat::Ghost => ghost::read_source(source, mode, on_item),
    }
}
