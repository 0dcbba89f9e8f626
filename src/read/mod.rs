//! Source → items: each reader turns one kind of input into items the pipeline converts.

pub mod dates;
pub mod decode;
pub mod feed;
pub mod html;
pub mod mirror;
pub mod mt;
pub mod page_meta;
pub mod site;
pub mod text;
pub mod wxr;

use std::io::{BufRead, BufReader, Read};
use wxr::ReadMode;

/// The formats of exports read into items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// WordPress's WXR.
    Wxr,
    /// Movable Type / TypePad export text.
    MovableType,
}

/// Reads an export's items in `format`, or in the format its first bytes show.
pub fn read_export<R: Read>(
    src: R,
    format: Option<ExportFormat>,
    mode: ReadMode,
    on_item: impl FnMut(&wxr::Channel, wxr::Item) -> bool,
) -> Result<wxr::Channel, wxr::WxrError> {
    let mut src = BufReader::with_capacity(64 << 10, src);
    let format = format.unwrap_or_else(|| match src.fill_buf() {
        Ok(head) if mt::looks_like_mt(head) => ExportFormat::MovableType,
        _ => ExportFormat::Wxr,
    });
    match format {
        ExportFormat::Wxr => wxr::read(src, mode, on_item),
        ExportFormat::MovableType => mt::read(src, mode, on_item),
    }
}
