//! unpress: gets blogs out of WordPress.
//!
//! The pipeline reads top to bottom: read → model → transform → render → write.
//! [`pipeline::convert_wxr`] runs all of it for one export; the stages are public for callers
//! who want only a part (say, [`html_fragment_to_markdown`]).

pub mod check;
#[cfg(feature = "cli")]
pub mod cli;
pub mod doc;
pub mod hash;
pub mod html;
pub mod inspect;
pub mod item;
pub mod media;
pub mod mirror;
pub mod pipeline;
pub mod plan;
pub mod read;
pub mod redirects;
pub mod render;
pub mod report;
pub mod review;
pub mod slug;
pub mod target;
pub mod transform;
pub mod wp;
pub mod write;

pub use pipeline::{Options, Source, convert_wxr};
pub use report::Report;
pub use target::{FrontMatterFormat, Target};

/// Converts one HTML fragment to a Markdown body: no extraction, no front matter.
pub fn html_fragment_to_markdown(html: &str) -> String {
    let blocks = html::convert::to_blocks(html);
    render::markdown::render(&blocks, &render::markdown::MarkdownOptions::default())
}
