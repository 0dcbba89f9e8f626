//! Spec for dates in bylines (`tests/spec/dates.txt`): each line is `input<TAB>expected`, where
//! expected is what `find_date` gives as RFC 3339 text, or `-` for no date. One line per case
//! keeps a hundred languages and rejections readable side by side, and every failing line is
//! reported at once so a change to the scanner shows its whole effect.

use std::path::Path;

use unpress::read::dates::find_date;

#[test]
fn dates_spec_file() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/spec/dates.txt");
    let spec = std::fs::read_to_string(&path).expect("read tests/spec/dates.txt");
    let mut cases = 0;
    let mut failures = Vec::new();
    for (n, line) in spec.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        cases += 1;
        let Some((input, expected)) = line.split_once('\t') else {
            failures.push(format!("line {}: no tab between input and expected", n + 1));
            continue;
        };
        let actual = find_date(input).map_or_else(|| "-".to_string(), |d| d.to_string());
        if actual != expected {
            failures.push(format!(
                "line {}: {input:?}\n    expected {expected}\n    actual   {actual}",
                n + 1
            ));
        }
    }
    assert!(cases >= 60, "only {cases} cases in {}", path.display());
    assert!(
        failures.is_empty(),
        "{} of {cases} date case(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
