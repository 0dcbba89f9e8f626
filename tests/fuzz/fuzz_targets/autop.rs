//! wpautop and shortcode_unautop, with and without `<br />` for single newlines.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unpress_fuzz::autop_both(&unpress_fuzz::text(data)));
