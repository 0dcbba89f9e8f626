//! Model → model passes, run in this order on every post body before rendering:
//! 1. [`resolve::resolve_relative`] — relative addresses made absolute against the post's
//!    original URL (exports and single pages; a mirror maps its own references instead).
//! 2. [`urls::Rewriter::rewrite`] — internal links to their new paths, uploaded files to one original
//!    (or to their copied location).
//! 3. [`fragments::unlink_dead_for_zola`] — for Zola only, when the post is rendered: links to
//!    places on the page that it does not have are written as their text.
//!
//! Passes work on the model, never on Markdown text, so a URL is rewritten exactly where it
//! is a URL and nowhere else.

pub mod fragments;
pub mod resolve;
pub mod urls;
