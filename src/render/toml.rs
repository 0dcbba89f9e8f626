//! TOML front matter emitter.

use super::fields::Fields;

/// Emits the fields as TOML (without the `+++` fences).
pub fn emit(_fields: &Fields) -> String {
    String::new()
}
