//! wpautop spec files: `tests/spec/autop/NAME.input` is run through `autop` and compared
//! byte for byte with `NAME.expected`. The cases are modelled on what WordPress's own
//! `wpautop()` + `shortcode_unautop()` print. `UPDATE_SPEC=1 cargo test --test autop_spec`
//! writes the current output as the expected files (review the diff before committing).

mod common;

use unpress::wp::autop::autop;

#[test]
fn autop_spec_files() {
    common::check_spec_dir("autop", autop);
}
