//! Batches: many inputs in one call, `.xml.gz`, WordPress.com split sets read as one site.

mod common;

use std::fs;
use std::io::Write;
use std::process::Command;

fn unpress(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_unpress"))
        .args(args)
        .output()
        .expect("runs")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}

#[test]
fn a_split_set_is_one_site_and_gz_is_read_transparently() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The post is in .000, its featured image and its parent page's slug in .001.
    let post = common::item(1, "child", "Child", "publish", "body")
        .replace("<wp:post_type><![CDATA[post]]></wp:post_type>", "<wp:post_type><![CDATA[page]]></wp:post_type>")
        .replace("<wp:post_parent>0</wp:post_parent>", "<wp:post_parent>2</wp:post_parent>")
        .replace(
            "<wp:post_password>",
            "<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>3</wp:meta_value></wp:postmeta><wp:post_password>",
        );
    let parent = common::item(2, "parent", "Parent", "publish", "p").replace(
        "<wp:post_type><![CDATA[post]]></wp:post_type>",
        "<wp:post_type><![CDATA[page]]></wp:post_type>",
    );
    let attachment = "<item><title>img</title><wp:post_id>3</wp:post_id><wp:post_type>attachment</wp:post_type>\
        <wp:status>inherit</wp:status><wp:attachment_url>https://example.blog/wp-content/uploads/x.jpg</wp:attachment_url></item>";
    fs::write(
        dir.path().join("site.wordpress.2020-01-01.000.xml"),
        common::wxr(&post),
    )
    .expect("000");
    fs::write(
        dir.path().join("site.wordpress.2020-01-01.001.xml.gz"),
        gzip(common::wxr(&format!("{parent}\n{attachment}")).as_bytes()),
    )
    .expect("001");
    let out = dir.path().join("out");
    let report = dir.path().join("r.json");
    let o = unpress(&[
        "convert",
        dir.path().to_str().expect("utf8"),
        "-o",
        out.to_str().expect("utf8"),
        "--report",
        report.to_str().expect("utf8"),
        "-q",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let child =
        fs::read_to_string(out.join("content/parent/child.md")).expect("child under its parent");
    assert!(
        child.contains("images: [\"https://example.blog/wp-content/uploads/x.jpg\"]"),
        "{child}"
    );
    assert!(out.join("content/parent/_index.md").is_file());
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(report).expect("report")).expect("json");
    assert_eq!(json["summary"]["items"], 3);
}

#[test]
fn separate_exports_never_share_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = dir.path().join("a.xml");
    let b = dir.path().join("b.xml");
    fs::write(
        &a,
        common::wxr(&common::item(1, "same", "From A", "publish", "a")),
    )
    .expect("a");
    fs::write(
        &b,
        common::wxr(&common::item(1, "same", "From B", "publish", "b")),
    )
    .expect("b");
    let out = dir.path().join("out");
    for _ in 0..2 {
        let o = unpress(&[
            "convert",
            a.to_str().expect("utf8"),
            b.to_str().expect("utf8"),
            "-o",
            out.to_str().expect("utf8"),
            "--force",
            "-q",
        ]);
        assert_eq!(o.status.code(), Some(0));
    }
    let first = fs::read_to_string(out.join("content/posts/same.md")).expect("a");
    let second = fs::read_to_string(out.join("content/posts/same-2.md")).expect("b");
    assert!(first.contains("From A") && second.contains("From B"));
}

#[test]
fn a_folder_of_exports_from_several_platforms_is_one_batch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let exports = dir.path().join("exports");
    fs::create_dir(&exports).expect("mkdir");
    fs::write(
        exports.join("wordpress.xml"),
        common::wxr(&common::item(
            1,
            "from-wp",
            "From WordPress",
            "publish",
            "w",
        )),
    )
    .expect("wxr");
    fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mt/blog.txt"),
        exports.join("typepad.txt"),
    )
    .expect("mt");
    // Text that is no export, and a feed, are not converted as exports.
    fs::write(exports.join("notes.txt"), "Remember the milk.\n").expect("txt");
    fs::write(exports.join("data.json"), "{\"a\": 1}").expect("json");
    let out = dir.path().join("out");
    let report = dir.path().join("report.json");
    let o = unpress(&[
        "convert",
        exports.to_str().expect("utf8"),
        "-o",
        out.to_str().expect("utf8"),
        "--report",
        report.to_str().expect("utf8"),
        "-q",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(&report).expect("report")).expect("json");
    assert_eq!(report["summary"]["items"], 4, "{}", report["summary"]);
    assert_eq!(report["summary"]["written"], 4, "{}", report["summary"]);
    let posts = common::files(&out.join("content/posts"));
    assert!(posts.iter().any(|p| p.ends_with("from-wp.md")), "{posts:?}");
    assert!(
        posts.iter().any(|p| p.ends_with("roman_holiday.md")),
        "{posts:?}"
    );
}

#[test]
fn batches_refuse_stdin_and_need_an_output_folder() {
    let sample = common::samples().join("export.xml");
    let s = sample.to_str().expect("utf8");
    assert_eq!(unpress(&["convert", s, s]).status.code(), Some(2));
    assert_eq!(
        unpress(&["convert", s, "-", "-o", "x"]).status.code(),
        Some(2)
    );
}

#[test]
fn a_zip_is_read_entry_by_entry_and_never_extracted() {
    let dir = tempfile::tempdir().expect("tempdir");
    let archive = dir.path().join("export.zip");
    {
        let file = fs::File::create(&archive).expect("zip");
        let mut zip = zip::ZipWriter::new(file);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("site.wordpress.2020-01-01.000.xml", opts)
            .expect("entry");
        zip.write_all(common::wxr(&common::item(1, "first", "First", "publish", "a")).as_bytes())
            .expect("write");
        zip.start_file("../../evil.xml", opts).expect("entry");
        zip.write_all(common::wxr(&common::item(2, "evil", "Evil", "publish", "b")).as_bytes())
            .expect("write");
        zip.start_file("readme.txt", opts).expect("entry");
        zip.write_all(b"not an export").expect("write");
        zip.finish().expect("finish");
    }
    let out = dir.path().join("site");
    let report = dir.path().join("r.json");
    let o = unpress(&[
        "convert",
        archive.to_str().expect("utf8"),
        "-o",
        out.to_str().expect("utf8"),
        "--report",
        report.to_str().expect("utf8"),
        "-q",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(out.join("content/posts/first.md").is_file());
    assert!(
        out.join("content/posts/evil.md").is_file(),
        "the entry's name never becomes a path"
    );
    let outside: Vec<_> = common::files(dir.path())
        .into_iter()
        .filter(|f| {
            !f.starts_with("site") && f.extension().is_some_and(|e| e == "md" || e == "xml")
        })
        .collect();
    assert!(outside.is_empty(), "{outside:?}");
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(report).expect("report")).expect("json");
    assert_eq!(json["summary"]["items"], 2);
    assert!(
        json["items"][0]["file"]
            .as_str()
            .unwrap_or("")
            .ends_with("export.zip:site.wordpress.2020-01-01.000.xml")
    );
}
