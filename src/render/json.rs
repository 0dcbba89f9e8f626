//! JSON front matter emitter.

use super::fields::Fields;

/// Emits the fields as one JSON object.
pub fn emit(_fields: &Fields) -> String {
    String::new()
}
