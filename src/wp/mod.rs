//! WordPress text → HTML: what WordPress does to post content before it shows it.

pub mod autop;
pub mod blocks;
pub mod embed;
pub mod expand;
pub mod shortcode;
