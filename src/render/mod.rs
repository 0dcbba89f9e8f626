//! Model → text: the Markdown body and the front matter.

pub mod fields;
pub mod frontmatter;
pub mod json;
pub mod markdown;
pub mod toml;
pub mod yaml;
