//! Model → model passes, run in this order on every post body before rendering:
//! 1. [`resolve::resolve_relative`] — relative addresses made absolute against the post's
//!    original URL (exports and single pages; a mirror maps its own references instead).
//! 2. [`urls::Rewriter::rewrite`] — internal links to their new paths, uploaded files to one original
//!    (or to their copied location).
//!
//! Passes work on the model, never on Markdown text, so a URL is rewritten exactly where it
//! is a URL and nowhere else.

pub mod resolve;
pub mod urls;
