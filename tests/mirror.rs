//! Mirrors: a folder of saved pages converts to one site — posts and pages written, listings,
//! feeds and duplicates counted and left out, links between converted pages and to saved
//! images rewritten.

mod common;

use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn unpress(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unpress"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn sample_mirror() -> PathBuf {
    common::samples().join("mirror")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// Converts `input` into `out` with extra flags; returns the exit code and the JSON report.
fn convert(input: &Path, out: &Path, extra: &[&str]) -> (i32, Value) {
    let report = out.with_extension("report.json");
    let mut args = vec![
        "convert",
        s(input),
        "-o",
        s(out),
        "--report",
        s(&report),
        "-q",
    ];
    args.extend_from_slice(extra);
    let o = unpress(&args);
    let text = std::fs::read_to_string(&report).expect("report written");
    (
        o.status.code().unwrap_or(-1),
        serde_json::from_str(&text).expect("report is JSON"),
    )
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// Skip codes by the file name's path below the mirror's host folder.
fn outcomes(report: &Value) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for row in report["items"].as_array().expect("items") {
        let file = row["file"].as_str().expect("file");
        let rel = file
            .split("lanternbooks.example/")
            .nth(1)
            .unwrap_or(file)
            .to_string();
        let what = match row["outcome"].as_str() {
            Some("written") => "written".to_string(),
            _ => row["code"].as_str().unwrap_or("?").to_string(),
        };
        map.insert(rel, what);
    }
    map
}

#[test]
fn sample_mirror_keeps_posts_and_pages_and_counts_the_rest() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let (code, report) = convert(&sample_mirror(), &out, &[]);
    assert_eq!(code, 0);
    let want: BTreeMap<String, String> = [
        ("index.html", "listing"),
        ("index.html?s=lantern.html", "search-page"),
        ("page/2/index.html", "pagination"),
        ("feed/index.html", "feed"),
        ("tag/night/index.html", "tag-listing"),
        ("category/walks/index.html", "category-listing"),
        ("author/mara/index.html", "author-listing"),
        ("2024/03/index.html", "date-archive"),
        (
            "2024/03/02/first-light/attachment/lantern/index.html",
            "attachment-page",
        ),
        (
            "2024/03/02/first-light/index.html?replytocom=3.html",
            "comment-page",
        ),
        ("2024/03/02/first-light/index.html", "written"),
        ("2024/03/09/night-walk/index.html", "written"),
        ("about/index.html", "written"),
        ("about/team/index.html", "written"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(outcomes(&report), want);
    let summary = &report["summary"];
    assert_eq!(summary["items"], 14);
    assert_eq!(summary["written"], 4);
    assert_eq!(summary["skipped"], 10);

    let files: Vec<String> = common::files(&out)
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(
        files,
        [
            "content/about/_index.md",
            "content/about/team.md",
            "content/posts/first-light.md",
            "content/posts/night-walk.md",
            "static/uploads/2024/03/lantern.png",
        ]
    );
    assert_eq!(
        std::fs::read(out.join("static/uploads/2024/03/lantern.png")).expect("copied"),
        std::fs::read(
            sample_mirror().join("lanternbooks.example/wp-content/uploads/2024/03/lantern.png")
        )
        .expect("original")
    );

    let first = read(&out.join("content/posts/first-light.md"));
    // Relative links (wget --convert-links) to converted pages, a tag listing and an image.
    assert!(first.contains("](/posts/night-walk/)"), "{first}");
    assert!(first.contains("](/about/)"), "{first}");
    assert!(first.contains("[night](/tags/night/)"), "{first}");
    assert!(first.contains("](/uploads/2024/03/lantern.png)"), "{first}");
    assert!(first.contains("date: 2024-03-02T08:15:00+01:00"), "{first}");
    assert!(first.contains("tags: [\"lamps\", \"night\"]"), "{first}");
    assert!(
        first.contains("aliases: [\"/2024/03/02/first-light/\"]"),
        "{first}"
    );
    // Absolute links into the old site, fragment kept; external links untouched.
    let second = read(&out.join("content/posts/night-walk.md"));
    assert!(
        second.contains("](/posts/first-light/#comments)"),
        "{second}"
    );
    assert!(
        second.contains("](/uploads/2024/03/lantern.png)"),
        "{second}"
    );
    assert!(
        second.contains("(https://www.openstreetmap.org/)"),
        "{second}"
    );
    let team = read(&out.join("content/about/team.md"));
    assert!(team.contains("[About](/about/)"), "{team}");

    for f in common::files(&out) {
        if f.extension().is_some_and(|e| e == "md") {
            let text = read(&out.join(&f));
            for chrome in [
                "SIDEBAR-ONLY",
                "COMMENT-ONLY",
                "Leave a Reply",
                "Share this:",
                "Like this:",
                "Recent Posts",
                "index.html",
                "../",
            ] {
                assert!(
                    !text.contains(chrome),
                    "{chrome:?} in {}:\n{text}",
                    f.display()
                );
            }
        }
    }
}

#[test]
fn targets_without_term_pages_link_listings_to_the_old_site() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let (code, _) = convert(&sample_mirror(), &out, &["-t", "jekyll"]);
    assert_eq!(code, 0);
    let first = read(&out.join("_posts/2024-03-02-first-light.md"));
    assert!(
        first.contains("[night](https://lanternbooks.example/tag/night/)"),
        "{first}"
    );
    assert!(
        first.contains("](/assets/uploads/2024/03/lantern.png)"),
        "{first}"
    );
    assert!(out.join("assets/uploads/2024/03/lantern.png").is_file());
    assert!(out.join("about/index.md").is_file());
    assert!(out.join("about/team.md").is_file());
}

#[test]
fn redirects_map_old_paths_of_converted_pages() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let (code, report) = convert(&sample_mirror(), &out, &["--redirects", "csv"]);
    assert_eq!(code, 0);
    assert_eq!(report["outputs"][0], "redirects.csv");
    let csv = read(&out.join("redirects.csv"));
    assert!(
        csv.contains("/2024/03/02/first-light/,/posts/first-light/,301"),
        "{csv}"
    );
    assert!(
        csv.contains("/2024/03/09/night-walk/,/posts/night-walk/,301"),
        "{csv}"
    );
}

#[test]
fn mirror_output_is_deterministic_across_job_counts() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("a");
    let b = tmp.path().join("b");
    convert(&sample_mirror(), &a, &["-j", "1"]);
    convert(&sample_mirror(), &b, &["-j", "4"]);
    let (fa, fb) = (common::files(&a), common::files(&b));
    assert_eq!(fa, fb);
    for f in fa {
        assert_eq!(
            std::fs::read(a.join(&f)).expect("a"),
            std::fs::read(b.join(&f)).expect("b"),
            "{}",
            f.display()
        );
    }
}

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, bytes).expect("write");
}

fn article(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html><head><title>{title} | Plain Site</title></head><body>\
         <header><a href=\"../index.html\">Plain Site</a></header>\
         <main><article><h1>{title}</h1>{body}</article></main>\
         <footer>Made by hand. <a href=\"../index.html\">Home</a></footer></body></html>"
    )
}

fn prose(topic: &str) -> String {
    (0..4)
        .map(|i| {
            format!(
                "<p>Paragraph {i} about {topic}: the river rose slowly through the night, and \
                 by morning the lower meadow had become a shallow lake full of reflected sky.</p>"
            )
        })
        .collect()
}

/// A hand-made site without WordPress's body classes, saved without a host folder
/// (`wget -nH`): its listing is recognised by shape, its posts by elimination.
#[test]
fn any_engine_mirror_by_shape_and_path() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("mirror");
    let teaser = |slug: &str, title: &str| {
        format!(
            "<article><h2><a href=\"{slug}/index.html\">{title}</a></h2>\
             <p>A short teaser for {title}, with a few words.</p></article>"
        )
    };
    write(
        &root,
        "index.html",
        format!(
            "<html><body><main>{}{}{}</main></body></html>",
            teaser("flood", "The flood"),
            teaser("drought", "The drought"),
            teaser("frost", "The frost")
        )
        .as_bytes(),
    );
    write(
        &root,
        "flood/index.html",
        article(
            "The flood",
            &format!(
                "{}<p>See <a href=\"../drought/index.html#after\">the drought</a> and \
                 <img src=\"../img/river.jpg\" alt=\"River\"> and \
                 <img src=\"../img/missing.jpg\" alt=\"Gone\">.</p>",
                prose("floods")
            ),
        )
        .as_bytes(),
    );
    write(
        &root,
        "drought/index.html",
        article("The drought", &prose("droughts")).as_bytes(),
    );
    write(
        &root,
        "frost/index.html",
        article("The frost", &prose("frost")).as_bytes(),
    );
    write(&root, "tags/weather/index.html", b"<html><body><ul><li><a href=\"../../flood/index.html\">The flood</a></li></ul></body></html>");
    write(
        &root,
        "img/river.jpg",
        b"\xff\xd8\xff\xe0 not really a jpeg",
    );
    let out = tmp.path().join("site");
    let (code, report) = convert(&root, &out, &[]);
    assert_eq!(code, 0, "{report}");
    let by_file: BTreeMap<String, String> = outcomes(&report)
        .into_iter()
        .map(|(k, v)| (k.rsplit("mirror/").next().unwrap_or(&k).to_string(), v))
        .collect();
    assert_eq!(by_file["index.html"], "listing");
    assert_eq!(by_file["tags/weather/index.html"], "tag-listing");
    assert_eq!(by_file["flood/index.html"], "written");
    assert_eq!(by_file["drought/index.html"], "written");
    assert_eq!(by_file["frost/index.html"], "written");
    let flood = read(&out.join("content/posts/flood.md"));
    assert!(flood.contains("title: \"The flood\""), "{flood}");
    assert!(flood.contains("aliases: [\"/flood/\"]"), "{flood}");
    assert!(flood.contains("](/posts/drought/#after)"), "{flood}");
    assert!(
        flood.contains("![River](/uploads/img/river.jpg)"),
        "{flood}"
    );
    assert!(out.join("static/uploads/img/river.jpg").is_file());
    // The missing image keeps its reference and the row says so.
    assert!(flood.contains("../img/missing.jpg"), "{flood}");
    let row = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|r| {
            r["file"]
                .as_str()
                .is_some_and(|f| f.ends_with("flood/index.html"))
        })
        .expect("flood row");
    assert!(
        row["warnings"][0]
            .as_str()
            .is_some_and(|w| w.contains("1 image(s)")),
        "{row}"
    );
}

/// Bad documents fail alone, with their file named; references that climb out of the mirror,
/// and symbolic links inside it, are never followed.
#[test]
fn hostile_mirror_documents_fail_alone_and_nothing_leaves_the_folders() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("mirror");
    let secret = tmp.path().join("secret.jpg");
    std::fs::write(&secret, b"SECRET-OUTSIDE").expect("secret");
    write(
        &root,
        "good/index.html",
        article(
            "Good",
            &format!(
                "{}<p><img src=\"../../secret.jpg\" alt=\"a\"><img src=\"../linked.jpg\" alt=\"b\"></p>",
                prose("safety")
            ),
        )
        .as_bytes(),
    );
    write(&root, "binary.html", b"\x00\x01\x02\x03PNG\x00\x00");
    write(
        &root,
        "empty/index.html",
        b"<html><body><nav><a href=\"/\">Home</a></nav></body></html>",
    );
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, root.join("linked.jpg")).expect("symlink");
        std::os::unix::fs::symlink(tmp.path(), root.join("loop")).expect("symlink");
    }
    let out = tmp.path().join("site");
    let (code, report) = convert(&root, &out, &[]);
    assert_eq!(code, 1, "failed documents make exit code 1: {report}");
    let rows = report["items"].as_array().expect("items");
    let code_of = |suffix: &str| {
        rows.iter()
            .find(|r| r["file"].as_str().is_some_and(|f| f.ends_with(suffix)))
            .and_then(|r| r["code"].as_str().map(String::from))
    };
    assert_eq!(code_of("binary.html").as_deref(), Some("binary"));
    assert_eq!(code_of("empty/index.html").as_deref(), Some("no-content"));
    assert_eq!(report["summary"]["written"], 1);
    assert_eq!(report["summary"]["failed"], 2);
    for f in common::files(&out) {
        let bytes = std::fs::read(out.join(&f)).expect("read");
        assert!(
            !String::from_utf8_lossy(&bytes).contains("SECRET-OUTSIDE"),
            "{}",
            f.display()
        );
    }
    assert_eq!(
        std::fs::read_dir(tmp.path()).expect("tmp").count(),
        4,
        "only mirror, secret, site and the report"
    );
}

#[test]
fn a_folder_with_exports_and_pages_converts_both() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("mixed");
    write(
        &root,
        "export.xml",
        common::wxr(&common::item(
            7,
            "from-export",
            "From the export",
            "publish",
            "<p>Exported.</p>",
        ))
        .as_bytes(),
    );
    write(
        &root,
        "saved/page.html",
        article("Saved by hand", &prose("saving")).as_bytes(),
    );
    let out = tmp.path().join("site");
    let (code, report) = convert(&root, &out, &[]);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["summary"]["written"], 2);
    assert!(out.join("content/posts/from-export.md").is_file());
    assert!(out.join("content/posts/page.md").is_file());

    let (code, _) = convert(&root, &tmp.path().join("only-pages"), &["--from", "html"]);
    assert_eq!(code, 0);
    assert!(
        !tmp.path()
            .join("only-pages/content/posts/from-export.md")
            .exists()
    );
}

#[test]
fn a_folder_with_nothing_to_convert_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "in/a.css", b"body{}");
    let o = unpress(&[
        "convert",
        s(&tmp.path().join("in")),
        "-o",
        s(&tmp.path().join("out")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("no exports") && err.contains("saved pages"),
        "{err}"
    );
}
