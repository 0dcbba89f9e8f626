//! Every string the emitters write must read back identically in the readers static site
//! generators use: a YAML 1.2 reader, a YAML 1.1 reader (PyYAML, which behaves like Jekyll's
//! Psych), TOML and JSON. The tricky titles come from the shared corpus (DESIGN.md §4).

mod common;

use proptest::prelude::*;
use std::io::Write;
use std::process::{Command, Stdio};
use unpress::doc::DateTime;
use unpress::render::fields::{Fields, Value};
use unpress::render::{json, toml as toml_fm, yaml};

/// The shared titles, or `None` (with a note) when the shared corpus is not mounted.
fn tricky_titles() -> Option<Vec<String>> {
    let titles = common::shared()?.join("corpus/yaml/tricky-titles.json");
    let text = std::fs::read_to_string(titles).expect("read tricky titles");
    Some(serde_json::from_str(&text).expect("tricky titles are a JSON list of strings"))
}

/// Titles worth checking even without the shared corpus.
fn local_titles() -> Vec<String> {
    [
        "No",
        "yes",
        "Off",
        "~",
        "null",
        "2011-01-23",
        "12:30",
        "1_000",
        "0x1F",
        ".inf",
        "<<",
        "",
        " lead",
        "trail ",
        "a: b",
        "#x",
        "- x",
        "\"q\"",
        "'s'",
        "back\\slash",
        "line1\nline2\n",
        "tab\there",
        "\u{FEFF}bom",
        "\u{85}nel",
        "\u{2028}ls\u{2029}ps",
        "\u{7}\u{1b}\u{7f}\u{9f}",
        "\u{FFFE}\u{FFFF}",
        "\0nul",
        "\r\n",
        "日本語 🎉",
        "\u{a0}nbsp\u{a0}",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

fn all_titles() -> Vec<String> {
    let mut titles = local_titles();
    titles.extend(tricky_titles().unwrap_or_default());
    titles
}

fn title_fields(title: &str) -> Fields {
    Fields::new().with("title", Value::str(title))
}

fn yaml12_title(doc: &str) -> Option<String> {
    let docs = yaml_rust2::YamlLoader::load_from_str(doc).ok()?;
    docs.first()?["title"].as_str().map(str::to_string)
}

fn toml_title(doc: &str) -> Option<String> {
    let table: toml::Table = toml::from_str(doc).ok()?;
    table.get("title")?.as_str().map(str::to_string)
}

#[test]
fn tricky_titles_read_back_in_yaml_1_2() {
    for title in all_titles() {
        let doc = yaml::emit(&title_fields(&title));
        assert_eq!(
            yaml12_title(&doc).as_deref(),
            Some(title.as_str()),
            "YAML was:\n{doc}"
        );
    }
}

#[test]
fn tricky_titles_read_back_in_toml() {
    for title in all_titles() {
        let doc = toml_fm::emit(&title_fields(&title));
        assert_eq!(
            toml_title(&doc).as_deref(),
            Some(title.as_str()),
            "TOML was:\n{doc}"
        );
    }
}

#[test]
fn tricky_titles_read_back_in_json() {
    for title in all_titles() {
        let doc = json::emit(&title_fields(&title));
        let v: serde_json::Value = serde_json::from_str(&doc).expect("valid JSON");
        assert_eq!(
            v["title"].as_str(),
            Some(title.as_str()),
            "JSON was:\n{doc}"
        );
    }
}

/// Loads every YAML document with PyYAML in one python3 run (JSON in, JSON out).
/// `None` when python3 or its yaml module is missing.
fn pyyaml_load_all(docs: &[String]) -> Option<Vec<serde_json::Value>> {
    const SCRIPT: &str = r#"
import json, sys, datetime
try:
    import yaml
except ImportError:
    sys.exit(3)
def plain(v):
    if isinstance(v, (datetime.date, datetime.datetime)):
        return {"__date__": v.isoformat()}
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [plain(x) for x in v]
    return v
out = []
for doc in json.load(sys.stdin):
    try:
        out.append(plain(yaml.safe_load(doc)))
    except Exception as e:
        out.append({"__error__": str(e)})
sys.stdout.write(json.dumps(out, ensure_ascii=True))
"#;
    let mut child = match Command::new("python3")
        .args(["-c", SCRIPT])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(_) => {
            eprintln!("note: python3 not found; skipping the PyYAML check");
            return None;
        }
    };
    let input = serde_json::to_string(docs).expect("serialize docs");
    child.stdin.take()?.write_all(input.as_bytes()).ok()?;
    let output = child.wait_with_output().ok()?;
    if output.status.code() == Some(3) {
        eprintln!("note: python3 has no yaml module; skipping the PyYAML check");
        return None;
    }
    assert!(
        output.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(serde_json::from_slice(&output.stdout).expect("python printed JSON"))
}

#[test]
fn tricky_titles_read_back_in_pyyaml() {
    let titles = all_titles();
    let docs: Vec<String> = titles
        .iter()
        .map(|t| yaml::emit(&title_fields(t)))
        .collect();
    let Some(loaded) = pyyaml_load_all(&docs) else {
        return;
    };
    assert_eq!(loaded.len(), titles.len());
    for ((title, doc), got) in titles.iter().zip(&docs).zip(&loaded) {
        assert_eq!(
            got["title"].as_str(),
            Some(title.as_str()),
            "YAML was:\n{doc}\nPyYAML: {got}"
        );
    }
}

fn sample_date() -> DateTime {
    DateTime {
        year: 2011,
        month: 1,
        day: 23,
        hour: 11,
        minute: 22,
        second: 41,
        offset_minutes: Some(-8 * 60),
    }
}

#[test]
fn dates_are_native_timestamps_everywhere() {
    let local = DateTime {
        offset_minutes: None,
        ..sample_date()
    };
    let fields = Fields::new()
        .with("date", Value::Date(sample_date()))
        .with("lastmod", Value::Date(local));
    let t: toml::Table = toml::from_str(&toml_fm::emit(&fields)).expect("valid TOML");
    let date = t["date"].as_datetime().expect("TOML datetime");
    assert_eq!(date.to_string(), "2011-01-23T11:22:41-08:00");
    let lastmod = t["lastmod"].as_datetime().expect("TOML local datetime");
    assert!(lastmod.offset.is_none());
    assert_eq!(lastmod.to_string(), "2011-01-23T11:22:41");

    let yaml_doc = yaml::emit(&fields);
    if let Some(loaded) = pyyaml_load_all(std::slice::from_ref(&yaml_doc)) {
        // PyYAML turns the offset date into a timezone-aware datetime.
        assert_eq!(
            loaded[0]["date"]["__date__"], "2011-01-23T11:22:41-08:00",
            "{yaml_doc}"
        );
        assert_eq!(
            loaded[0]["lastmod"]["__date__"], "2011-01-23T11:22:41",
            "{yaml_doc}"
        );
    }
    let j: serde_json::Value = serde_json::from_str(&json::emit(&fields)).expect("valid JSON");
    assert_eq!(j["date"], "2011-01-23T11:22:41-08:00");
}

#[test]
fn odd_keys_are_quoted_and_read_back() {
    let keys = [
        "no",
        "Yes",
        "on",
        "1abc",
        "with space",
        "a:b",
        "",
        "ключ",
        "a.b",
        "-x",
    ];
    let mut fields = Fields::new();
    for k in keys {
        fields.push(k, Value::str(k));
    }
    let doc = yaml::emit(&fields);
    let y = yaml_rust2::YamlLoader::load_from_str(&doc).expect("valid YAML");
    let t: toml::Table = toml::from_str(&toml_fm::emit(&fields)).expect("valid TOML");
    for k in keys {
        assert_eq!(y[0][k].as_str(), Some(k), "{doc}");
        assert_eq!(t[k].as_str(), Some(k));
    }
    if let Some(loaded) = pyyaml_load_all(std::slice::from_ref(&doc)) {
        for k in keys {
            assert_eq!(loaded[0][k].as_str(), Some(k), "{doc}");
        }
    }
}

/// Strings biased towards what breaks emitters: controls, quotes, separators, BOM, NEL.
fn nasty_string() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        any::<char>().prop_map(String::from),
        (0u32..0x20).prop_map(|n| char::from_u32(n).map(String::from).unwrap_or_default()),
        Just("\"".to_string()),
        Just("\\".to_string()),
        Just("'".to_string()),
        Just("\u{2028}".to_string()),
        Just("\u{2029}".to_string()),
        Just("\u{85}".to_string()),
        Just("\u{FEFF}".to_string()),
        Just("\u{7f}".to_string()),
        Just(": ".to_string()),
        Just(" #".to_string()),
        Just("\r\n".to_string()),
        Just(" ".to_string()),
        "[a-zA-Z0-9]{0,4}",
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_string_round_trips_through_yaml(s in nasty_string()) {
        let doc = yaml::emit(&title_fields(&s));
        prop_assert_eq!(yaml12_title(&doc), Some(s), "YAML was:\n{}", doc);
    }

    #[test]
    fn any_string_round_trips_through_toml(s in nasty_string()) {
        let doc = toml_fm::emit(&title_fields(&s));
        prop_assert_eq!(toml_title(&doc), Some(s), "TOML was:\n{}", doc);
    }

    #[test]
    fn any_string_list_round_trips_through_yaml_and_toml(v in prop::collection::vec(nasty_string(), 0..4)) {
        let fields = Fields::new().with("tags", Value::str_list(v.clone()));
        let y = yaml_rust2::YamlLoader::load_from_str(&yaml::emit(&fields)).expect("valid YAML");
        let got: Vec<String> = y[0]["tags"].as_vec().expect("a list").iter()
            .map(|x| x.as_str().unwrap_or("<not a string>").to_string()).collect();
        prop_assert_eq!(&got, &v);
        let t: toml::Table = toml::from_str(&toml_fm::emit(&fields)).expect("valid TOML");
        let got: Vec<String> = t["tags"].as_array().expect("an array").iter()
            .map(|x| x.as_str().unwrap_or("<not a string>").to_string()).collect();
        prop_assert_eq!(&got, &v);
    }
}
