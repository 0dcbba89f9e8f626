//! Front matter emitters: whatever they are given reads back identically (YAML, TOML, JSON).
#![no_main]

use libfuzzer_sys::fuzz_target;
use unpress_fuzz::frontmatter::{Input, check};

fuzz_target!(|input: Input| check(&input));
