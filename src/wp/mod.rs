//! WordPress text → HTML: what WordPress does to post content before it shows it.

pub mod autop;
pub mod blocks;
