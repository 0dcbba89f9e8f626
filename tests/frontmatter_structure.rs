//! Whole front matter structures — nested tables, lists of tables, dates, odd keys — must read
//! back as the same data through YAML (yaml-rust2), TOML and JSON, whatever their shape.

use proptest::prelude::*;
use serde_json::{Map, Value as J};
use unpress::doc::DateTime;
use unpress::render::fields::{Fields, Value};
use unpress::render::{json, toml as toml_fm, yaml};

#[path = "common/readback.rs"]
mod readback;
use readback::{expected_table, from_toml, from_yaml};

fn date() -> impl Strategy<Value = DateTime> + Clone {
    (
        1900i32..2100,
        1u8..=12,
        1u8..=28,
        0u8..24,
        0u8..60,
        0u8..60,
        prop::option::of(-14 * 4..=14 * 4i32),
    )
        .prop_map(|(year, month, day, hour, minute, second, q)| DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            offset_minutes: q.map(|q| q * 15),
        })
}

fn text() -> impl Strategy<Value = String> + Clone {
    prop_oneof![
        "[a-zA-Z0-9 :#'\"\\\\-]{0,8}",
        any::<String>(),
        prop::sample::select(vec![
            "No",
            "on",
            "~",
            "null",
            "2011-01-23",
            "12:30",
            "<<",
            "- x",
            "\u{2028}",
            "\u{FEFF}"
        ])
        .prop_map(String::from),
    ]
}

fn key() -> impl Strategy<Value = String> + Clone {
    prop_oneof!["[a-z_][a-z0-9_-]{0,6}", text()]
}

fn scalar() -> impl Strategy<Value = Value> + Clone {
    prop_oneof![
        text().prop_map(Value::Str),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::Int),
        date().prop_map(Value::Date),
    ]
}

fn table_of(inner: impl Strategy<Value = Value> + Clone) -> impl Strategy<Value = Fields> {
    prop::collection::vec((key(), inner), 0..5).prop_map(|pairs| {
        // Keys are unique within a table in every format.
        let mut f = Fields::new();
        for (k, v) in pairs {
            if f.get(&k).is_none() {
                f.push(&k, v);
            }
        }
        f
    })
}

fn value() -> impl Strategy<Value = Value> + Clone {
    scalar().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::List),
            table_of(inner).prop_map(Value::Table),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn yaml_reads_back_the_same_data(fields in table_of(value())) {
        let doc = yaml::emit(&fields);
        let docs = yaml_rust2::YamlLoader::load_from_str(&doc);
        prop_assert!(docs.is_ok(), "invalid YAML:\n{}", doc);
        let docs = docs.unwrap_or_default();
        // An empty document reads as nothing at all.
        let got = docs.first().map(from_yaml).unwrap_or(J::Object(Map::new()));
        prop_assert_eq!(got, expected_table(&fields), "YAML was:\n{}", doc);
    }

    #[test]
    fn toml_reads_back_the_same_data(fields in table_of(value())) {
        let doc = toml_fm::emit(&fields);
        let parsed = toml::from_str::<toml::Table>(&doc);
        prop_assert!(parsed.is_ok(), "invalid TOML: {:?}\n{}", parsed.err(), doc);
        let got = parsed.map(|t| from_toml(&toml::Value::Table(t))).unwrap_or(J::Null);
        prop_assert_eq!(got, expected_table(&fields), "TOML was:\n{}", doc);
    }

    #[test]
    fn json_reads_back_the_same_data(fields in table_of(value())) {
        let doc = json::emit(&fields);
        let got: Result<J, _> = serde_json::from_str(&doc);
        prop_assert!(got.is_ok(), "invalid JSON:\n{}", doc);
        prop_assert_eq!(got.unwrap_or(J::Null), expected_table(&fields));
    }
}

/// Loads YAML documents with PyYAML (YAML 1.1, as Jekyll's Psych reads them) in one python3
/// run, dates as RFC 3339 text. `None` when python3 or its yaml module is missing.
fn pyyaml_load_all(docs: &[String]) -> Option<Vec<J>> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    const SCRIPT: &str = r#"
import json, sys, datetime
try:
    import yaml
except ImportError:
    sys.exit(3)
def plain(v):
    if isinstance(v, datetime.datetime):
        s = v.isoformat()
        return s[:-6] + "Z" if s.endswith("+00:00") else s
    if isinstance(v, dict):
        return {(k if isinstance(k, str) else "<%r>" % (k,)): plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    if v is None or isinstance(v, (str, bool, int)):
        return v
    return "<%r>" % (v,)
out = []
for doc in json.load(sys.stdin):
    try:
        v = yaml.safe_load(doc)
        out.append(plain(v if v is not None else {}))
    except Exception as e:
        out.append("<error %s>" % e)
sys.stdout.write(json.dumps(out, ensure_ascii=True))
"#;
    let Ok(mut child) = Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
    else {
        eprintln!("note: python3 not found; skipping the PyYAML check");
        return None;
    };
    let input = serde_json::to_string(docs).ok()?;
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    if output.status.code() == Some(3) {
        eprintln!("note: python3 has no yaml module; skipping the PyYAML check");
        return None;
    }
    serde_json::from_slice(&output.stdout).ok()
}

#[test]
fn pyyaml_reads_back_the_same_data() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = table_of(value());
    let samples: Vec<Fields> = (0..400)
        .filter_map(|_| strategy.new_tree(&mut runner).ok().map(|t| t.current()))
        .collect();
    let docs: Vec<String> = samples.iter().map(yaml::emit).collect();
    let Some(loaded) = pyyaml_load_all(&docs) else {
        return;
    };
    assert_eq!(loaded.len(), samples.len());
    for ((fields, doc), got) in samples.iter().zip(&docs).zip(&loaded) {
        assert_eq!(got, &expected_table(fields), "YAML was:\n{doc}");
    }
}
