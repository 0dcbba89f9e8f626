//! Per-target front matter fields.
