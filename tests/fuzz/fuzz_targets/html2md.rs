//! HTML → body model → Markdown (and a rendered file around it).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| unpress_fuzz::html_to_markdown(&unpress_fuzz::text(data)));
