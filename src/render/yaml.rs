//! YAML front matter emitter.

use super::fields::Fields;

/// Emits the fields as YAML lines (without the `---` fences).
pub fn emit(_fields: &Fields) -> String {
    String::new()
}
