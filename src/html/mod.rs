//! HTML → model: the DOM walk that turns post HTML into [`crate::doc::Block`]s.

pub mod anchors;
pub mod artefacts;
pub mod census;
pub mod clean;
pub mod code_widgets;
pub mod convert;
pub mod depth;
pub mod ghost;
pub mod lang;
pub mod liquid;
pub mod toc;
