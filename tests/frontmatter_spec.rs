//! Exact emitted text for a representative post, one spec file per format under
//! `tests/spec/frontmatter/`. `UPDATE_SPEC=1 cargo test --test frontmatter_spec` rewrites them
//! (review the diff!). Each expected file is also parsed back, so a spec can't enshrine junk.

use std::path::PathBuf;
use unpress::doc::DateTime;
use unpress::render::fields::{Fields, Value};
use unpress::render::{json, toml as toml_fm, yaml};

fn spec_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/spec/frontmatter")
        .join(name)
}

fn check(name: &str, actual: &str) {
    let path = spec_path(name);
    if std::env::var_os("UPDATE_SPEC").is_some() {
        std::fs::write(&path, actual).expect("write spec");
        return;
    }
    let expected = std::fs::read_to_string(&path).expect("read spec file");
    assert_eq!(
        actual, expected,
        "{name} differs (UPDATE_SPEC=1 to rewrite)"
    );
}

/// The post "No" from DESIGN.md §4, plus everything else front matter needs to carry.
fn representative() -> Fields {
    let date = DateTime {
        year: 2014,
        month: 6,
        day: 1,
        hour: 9,
        minute: 30,
        second: 0,
        offset_minutes: Some(-7 * 60),
    };
    let updated = DateTime {
        day: 2,
        offset_minutes: Some(0),
        ..date
    };
    Fields::new()
        .with("title", Value::str("No"))
        .with("date", Value::Date(date))
        .with("lastmod", Value::Date(updated))
        .with("draft", Value::Bool(false))
        .with("slug", Value::str("no"))
        .with("weight", Value::Int(-3))
        .with("tags", Value::str_list(["Yes", "on", "C#"]))
        .with("aliases", Value::str_list(["/2014/06/01/no/", "/?p=42"]))
        .with("series", Value::List(vec![]))
        .with(
            "taxonomies",
            Value::Table(
                Fields::new()
                    .with("categories", Value::str_list(["Notes: \"quoted\""]))
                    .with("tags", Value::str_list(["Yes"])),
            ),
        )
        .with(
            "extra",
            Value::Table(
                Fields::new()
                    .with("wordpress_id", Value::Int(42))
                    .with(
                        "original_url",
                        Value::str("https://example.com/2014/06/01/no/"),
                    )
                    .with("summary", Value::str("Line one\nline \"two\"\ttabbed\\"))
                    .with(
                        "image",
                        Value::Table(
                            Fields::new()
                                .with("src", Value::str("/img/a.jpg"))
                                .with("alt", Value::str("")),
                        ),
                    )
                    .with("empty", Value::Table(Fields::new())),
            ),
        )
        .with(
            "comments",
            Value::List(vec![
                Value::Table(
                    Fields::new()
                        .with("author", Value::str("Ann"))
                        .with("date", Value::Date(updated))
                        .with("body", Value::str("Off!")),
                ),
                Value::Table(Fields::new().with("author", Value::str("~"))),
            ]),
        )
}

#[test]
fn yaml_spec() {
    let out = yaml::emit(&representative());
    check("representative.yaml", &out);
    let docs = yaml_rust2::YamlLoader::load_from_str(&out).expect("valid YAML");
    assert_eq!(docs[0]["title"].as_str(), Some("No"));
    assert_eq!(
        docs[0]["extra"]["image"]["src"].as_str(),
        Some("/img/a.jpg")
    );
    assert_eq!(docs[0]["comments"][1]["author"].as_str(), Some("~"));
}

#[test]
fn toml_spec() {
    let out = toml_fm::emit(&representative());
    check("representative.toml", &out);
    let t: toml::Table = toml::from_str(&out).expect("valid TOML");
    assert_eq!(t["title"].as_str(), Some("No"));
    assert_eq!(t["taxonomies"]["tags"][0].as_str(), Some("Yes"));
    assert_eq!(t["extra"]["image"]["alt"].as_str(), Some(""));
    assert_eq!(t["comments"][0]["body"].as_str(), Some("Off!"));
    assert_eq!(t["comments"].as_array().map(Vec::len), Some(2));
}

#[test]
fn json_spec() {
    let out = json::emit(&representative());
    check("representative.json", &out);
    let v: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(v["date"], "2014-06-01T09:30:00-07:00");
    assert_eq!(v["lastmod"], "2014-06-02T09:30:00Z");
    assert_eq!(v["series"], serde_json::json!([]));
}

#[test]
fn design_example_is_exact() {
    // DESIGN.md §4: the Hugo front matter for the post "No".
    let fields = Fields::new()
        .with("title", Value::str("No"))
        .with(
            "date",
            Value::Date(DateTime {
                year: 2014,
                month: 6,
                day: 1,
                hour: 9,
                minute: 30,
                second: 0,
                offset_minutes: Some(-420),
            }),
        )
        .with("slug", Value::str("no"))
        .with("tags", Value::str_list(["Yes"]))
        .with("aliases", Value::str_list(["/2014/06/01/no/"]));
    assert_eq!(
        yaml::emit(&fields),
        "title: \"No\"\ndate: 2014-06-01T09:30:00-07:00\nslug: \"no\"\ntags: [\"Yes\"]\naliases: [\"/2014/06/01/no/\"]\n"
    );
    assert_eq!(
        toml_fm::emit(&fields),
        "title = \"No\"\ndate = 2014-06-01T09:30:00-07:00\nslug = \"no\"\ntags = [\"Yes\"]\naliases = [\"/2014/06/01/no/\"]\n"
    );
}

#[test]
fn empty_fields_emit_nothing_or_an_empty_object() {
    assert_eq!(yaml::emit(&Fields::new()), "");
    assert_eq!(toml_fm::emit(&Fields::new()), "");
    assert_eq!(json::emit(&Fields::new()), "{}\n");
}

#[test]
fn exact_string_escapes() {
    let s = "a\"b\\c\td\ne\rf\u{0}\u{7}\u{1b}\u{7f}\u{85}\u{a0}\u{2028}\u{2029}\u{200b}\u{feff}\u{fffe}é🎉";
    assert_eq!(
        yaml::quote(s),
        "\"a\\\"b\\\\c\\td\\ne\\rf\\x00\\x07\\x1B\\x7F\\x85\u{a0}\\u2028\\u2029\\u200B\\uFEFF\\uFFFEé🎉\""
    );
    assert_eq!(
        toml_fm::quote(s),
        "\"a\\\"b\\\\c\\td\\ne\\rf\\u0000\\u0007\\u001B\\u007F\\u0085\u{a0}\\u2028\\u2029\u{200b}\\uFEFF\u{fffe}é🎉\""
    );
}

#[test]
fn keys_that_yaml_1_1_reads_as_bools_are_quoted() {
    let fields = Fields::new()
        .with("on", Value::Bool(true))
        .with("No", Value::Int(1))
        .with("y", Value::str("x"))
        .with("draft", Value::Bool(false))
        .with("_private-key2", Value::Int(2))
        .with("2col", Value::Int(3));
    assert_eq!(
        yaml::emit(&fields),
        "\"on\": true\n\"No\": 1\n\"y\": \"x\"\ndraft: false\n_private-key2: 2\n\"2col\": 3\n"
    );
}

#[test]
fn set_replaces_in_place_and_remove_drops() {
    let mut f = Fields::new()
        .with("title", Value::str("a"))
        .with("draft", Value::Bool(true));
    f.set("title", Value::str("b"));
    f.set("slug", Value::str("c"));
    assert_eq!(yaml::emit(&f), "title: \"b\"\ndraft: true\nslug: \"c\"\n");
    assert_eq!(f.remove("draft"), Some(Value::Bool(true)));
    assert_eq!(f.remove("draft"), None);
    assert_eq!(toml_fm::emit(&f), "title = \"b\"\nslug = \"c\"\n");
}
