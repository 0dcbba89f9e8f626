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
