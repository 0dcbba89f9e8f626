//! The WXR reader and every item's conversion, in memory (see `convert_export`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unpress_fuzz::convert_export(data));
