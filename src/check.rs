//! The loss check: what a post showed on the old site against what its written Markdown
//! shows once rendered back to HTML, counted per kind (words, links, images, headings, list
//! items, table cells, code blocks, embeds). A migration of 800 posts cannot be read file by
//! file; this says which posts lost something and what.

use serde::Serialize;

/// One kind's counts: how many the source showed, how many the output shows, and how many of
/// the source's are missing from the output (matched by value, not just counted).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Count {
    pub source: usize,
    pub output: usize,
    pub lost: usize,
    /// Share of the source's that the output kept (1 when the source had none).
    pub ratio: f64,
}

/// What the written Markdown kept of the source, per kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Kept {
    pub words: Count,
    pub links: Count,
    pub images: Count,
    pub headings: Count,
    pub list_items: Count,
    pub table_cells: Count,
    pub code_blocks: Count,
    pub embeds: Count,
}

impl Kept {
    /// True when any kind lost something.
    pub fn has_loss(&self) -> bool {
        self.kinds().iter().any(|(_, c)| c.lost > 0)
    }

    /// Each kind with its name as the report spells it.
    pub fn kinds(&self) -> [(&'static str, &Count); 8] {
        [
            ("words", &self.words),
            ("links", &self.links),
            ("images", &self.images),
            ("headings", &self.headings),
            ("list_items", &self.list_items),
            ("table_cells", &self.table_cells),
            ("code_blocks", &self.code_blocks),
            ("embeds", &self.embeds),
        ]
    }
}
