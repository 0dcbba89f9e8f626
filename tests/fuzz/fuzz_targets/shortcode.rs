//! The shortcode scanner and attribute parser, and the blocks/shortcode expansion stage.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unpress_fuzz::shortcodes(&unpress_fuzz::text(data)));
