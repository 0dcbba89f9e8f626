//! Source → items: each reader turns one kind of input into items the pipeline converts.

pub mod decode;
pub mod wxr;
