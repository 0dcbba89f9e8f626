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

/// The format an export's first bytes show.
pub fn export_format(head: &[u8]) -> ExportFormat {
    if mt::looks_like_mt(head) {
        ExportFormat::MovableType
    } else {
        ExportFormat::Wxr
    }
}

/// Reads an export's items in `format`, or in the format its first bytes show.
pub fn read_export<R: Read>(
    src: R,
    format: Option<ExportFormat>,
    mode: ReadMode,
    on_item: impl FnMut(&wxr::Channel, wxr::Item) -> bool,
) -> Result<wxr::Channel, wxr::WxrError> {
    let mut src = BufReader::with_capacity(64 << 10, src);
    let format = format.unwrap_or_else(|| src.fill_buf().map_or(ExportFormat::Wxr, export_format));
    match format {
        ExportFormat::Wxr => wxr::read(src, mode, on_item),
        ExportFormat::MovableType => mt::read(src, mode, on_item),
    }
}
