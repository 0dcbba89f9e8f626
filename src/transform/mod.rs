//! Model → model passes, run in this order on every post body before rendering:
//! 1. [`urls::rewrite`] — internal links to their new paths, uploaded files to one original
//!    (or to their copied location).
//!
//! Passes work on the model, never on Markdown text, so a URL is rewritten exactly where it
//! is a URL and nowhere else.

pub mod urls;
