//! Superlinear time in HTML → Markdown, wpautop, shortcodes, expansion and the WXR reader.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unpress_fuzz::superlinear::check(data));
