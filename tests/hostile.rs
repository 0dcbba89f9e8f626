//! Hostile input: each case gets a clear outcome — converted, or a clear error — never a
//! panic, and nothing is written outside the output folder.

mod common;

use std::fs;
use unpress::report::Outcome;
use unpress::{Options, Source, convert_wxr};

fn run(doc: Vec<u8>, out: &std::path::Path) -> unpress::Report {
    let source = Source::Bytes {
        name: "hostile.xml".into(),
        data: std::sync::Arc::new(doc),
    };
    convert_wxr(&source, out, &Options::default())
}

#[test]
fn billion_laughs_and_external_entities_are_inert() {
    let mut doc = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
    for i in 1..10 {
        doc.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">\n",
            format!(
                "&lol{};",
                if i == 1 {
                    String::new()
                } else {
                    (i - 1).to_string()
                }
            )
            .repeat(10)
        ));
    }
    doc.push_str("<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n");
    let doc = doc.replace("&lol1;", "&lol;");
    let items = common::item(1, "laughs", "Laughs", "publish", "x")
        .replace("<title>Laughs</title>", "<title>&lol9; &xxe;</title>");
    let full = format!(
        "{doc}{}",
        &common::wxr(&items)[common::wxr("").find("<rss").expect("rss")..]
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = run(full.into_bytes(), tmp.path());
    assert_eq!(report.summary.written, 1, "{:?}", report.errors);
    let text = fs::read_to_string(tmp.path().join("content/posts/laughs.md")).expect("file");
    assert!(text.len() < 10_000, "entities were not expanded");
    assert!(!text.contains("root:"), "no external entity was read");
}

#[test]
fn a_50_mb_post_and_a_1_mb_attribute_convert() {
    let para = "<p>Lorem ipsum dolor sit amet, <em>consectetur</em> adipiscing elit.</p>\n";
    let big = para.repeat(50 * 1024 * 1024 / para.len());
    let attr = format!(
        "<p><a href=\"https://example.com/{}\">long</a></p>",
        "a".repeat(1 << 20)
    );
    let items = [
        common::item(1, "big", "Big", "publish", &big),
        common::item(2, "attr", "Attr", "publish", &attr),
    ]
    .join("\n");
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = run(common::wxr(&items).into_bytes(), tmp.path());
    assert_eq!(report.summary.written, 2, "{:?}", report.errors);
    let size = fs::metadata(tmp.path().join("content/posts/big.md"))
        .expect("file")
        .len();
    assert!(size > 40 * 1024 * 1024, "{size}");
}

#[test]
fn nul_bytes_and_invalid_utf8_do_not_stop_the_export() {
    let mut doc = common::wxr(&common::item(
        1,
        "nul",
        "N\u{0}U\u{0}L",
        "publish",
        "a\u{0}b",
    ))
    .into_bytes();
    let at = doc.windows(3).position(|w| w == b"a\0b").expect("content");
    doc[at + 1] = 0xff;
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = run(doc, tmp.path());
    assert_eq!(report.summary.written, 1);
    let text =
        fs::read_to_string(tmp.path().join("content/posts/nul.md")).expect("valid UTF-8 file");
    assert!(text.contains("title: \"NUL\""), "{text}");
    assert!(!text.contains('\0'));
}

#[test]
fn a_read_only_output_folder_fails_each_item_clearly() {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("ro");
        fs::create_dir(&out).expect("dir");
        fs::set_permissions(&out, fs::Permissions::from_mode(0o555)).expect("chmod");
        if fs::write(out.join("probe"), "x").is_ok() {
            eprintln!("skipping: running as root, permissions are not enforced");
            return;
        }
        let report = run(
            common::wxr(&common::item(1, "a", "A", "publish", "x")).into_bytes(),
            &out,
        );
        assert_eq!(report.summary.failed, 1);
        assert_eq!(report.items[0].outcome, Outcome::Failed);
        assert!(
            report.items[0]
                .reason
                .as_deref()
                .unwrap_or("")
                .contains("cannot write")
        );
        assert_eq!(report.exit_code(), 1);
    }
}

#[test]
fn an_output_folder_that_cannot_exist_is_one_clear_error() {
    let report = run(
        common::wxr(&common::item(1, "a", "A", "publish", "x")).into_bytes(),
        std::path::Path::new("/proc/self/unpress-cannot-be-here"),
    );
    assert_eq!(report.exit_code(), 2);
    assert!(
        report.errors[0].message.starts_with("output folder:"),
        "{:?}",
        report.errors
    );
}
