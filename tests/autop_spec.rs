//! wpautop spec files: `tests/spec/autop/NAME.input` is run through `autop` and compared
//! byte for byte with `NAME.expected`. The cases are modelled on what WordPress's own
//! `wpautop()` + `shortcode_unautop()` print. `UPDATE_SPEC=1 cargo test --test autop_spec`
//! writes the current output as the expected files (review the diff before committing).

use std::path::PathBuf;
use unpress::wp::autop::autop;

fn spec_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/spec/autop")
}

#[test]
fn autop_spec_files() {
    let mut names: Vec<PathBuf> = std::fs::read_dir(spec_dir())
        .expect("spec dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "input"))
        .collect();
    names.sort();
    assert!(!names.is_empty(), "no spec files found");
    let update = std::env::var_os("UPDATE_SPEC").is_some();
    let mut failures = Vec::new();
    for input_path in &names {
        let input = std::fs::read_to_string(input_path).expect("read input");
        let expected_path = input_path.with_extension("expected");
        let actual = autop(&input);
        if update {
            std::fs::write(&expected_path, &actual).expect("write expected");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "--- {}\n=== expected:\n{expected}\n=== actual:\n{actual}",
                input_path.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} spec(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
