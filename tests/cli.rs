//! The command line as a user meets it: exit codes, stdin, --dry-run, the report, --help.

mod common;

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn unpress(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("binary runs");
    if let Some(mut pipe) = child.stdin.take()
        && let Some(bytes) = stdin
    {
        pipe.write_all(bytes).expect("stdin");
    }
    child.wait_with_output().expect("finishes")
}

fn sample() -> String {
    common::samples().join("export.xml").display().to_string()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn converts_the_sample_with_exit_0_and_a_summary() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let o = unpress(
        &["convert", &sample(), "-o", out.to_str().expect("utf8")],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("27 items: 16 written"),
        "{}",
        stderr(&o)
    );
    assert!(out.join("content/posts/no.md").is_file());
}

#[test]
fn report_rows_reconcile_with_the_input() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = tmp.path().join("r.json");
    let o = unpress(
        &[
            "convert",
            &sample(),
            "-o",
            tmp.path().join("site").to_str().expect("utf8"),
            "--report",
            report.to_str().expect("utf8"),
            "-q",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(o.stderr.is_empty(), "-q is quiet: {}", stderr(&o));
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(&report).expect("report")).expect("json");
    let rows = json["items"].as_array().expect("rows");
    assert_eq!(rows.len(), 27);
    for row in rows {
        for key in [
            "id", "type", "status", "title", "url", "output", "outcome", "reason", "warnings",
            "line", "file",
        ] {
            assert!(row.get(key).is_some(), "row lacks {key}: {row}");
        }
        // A written post's loss check: both sides' counts and the share kept, per kind.
        if row["outcome"] == "written" {
            let kept = row["kept"].as_object().expect("a written row has kept");
            let kinds: std::collections::BTreeSet<&str> = kept.keys().map(String::as_str).collect();
            let want = [
                "words",
                "links",
                "images",
                "headings",
                "list_items",
                "table_cells",
                "code_blocks",
                "embeds",
            ];
            assert_eq!(kinds, want.into_iter().collect());
            for count in kept.values() {
                let (source, lost) = (count["source"].as_u64(), count["lost"].as_u64());
                assert!(source.is_some() && count["output"].is_u64(), "{count}");
                assert_eq!(lost, Some(0), "the sample loses nothing: {row}");
                assert_eq!(count["ratio"].as_f64(), Some(1.0));
            }
        } else {
            assert!(
                row.get("kept").is_none(),
                "only written rows are checked: {row}"
            );
        }
    }
    let s = &json["summary"];
    assert_eq!(
        s["items"].as_u64(),
        Some(
            s["written"].as_u64().unwrap_or(0)
                + s["skipped"].as_u64().unwrap_or(0)
                + s["failed"].as_u64().unwrap_or(0)
        )
    );
}

#[test]
fn reads_stdin_with_dash() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let bytes = std::fs::read(sample()).expect("sample");
    let o = unpress(
        &["convert", "-", "-o", out.to_str().expect("utf8")],
        Some(&bytes),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(common::files(&out).len(), 16);
}

#[test]
fn dry_run_writes_nothing_and_prints_the_plan() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let o = unpress(
        &[
            "convert",
            &sample(),
            "-o",
            out.to_str().expect("utf8"),
            "--dry-run",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!out.exists(), "dry run created the output folder");
    let plan = String::from_utf8_lossy(&o.stdout);
    assert_eq!(
        plan.lines()
            .filter(|l| l.starts_with("would write "))
            .count(),
        16
    );
    assert!(plan.contains("would write content/posts/no.md"));
}

#[test]
fn truncated_export_exits_1_naming_the_line() {
    let full = std::fs::read_to_string(sample()).expect("sample");
    let cut = &full[..full.len() / 2];
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = unpress(
        &[
            "convert",
            "-",
            "-o",
            tmp.path().join("s").to_str().expect("utf8"),
        ],
        Some(cut.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("truncated") && err.contains("<stdin>:"),
        "{err}"
    );
    assert!(
        !common::files(&tmp.path().join("s")).is_empty(),
        "items before the cut are kept"
    );
}

#[test]
fn bad_inputs_get_one_line_errors_and_exit_2() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    // The first block of a tar archive (Google Takeout's .tgz, unzipped): a name, then `ustar`.
    let mut tar_header = [0u8; 512];
    tar_header[..8].copy_from_slice(b"Takeout/");
    tar_header[257..263].copy_from_slice(b"ustar\0");
    let cases: &[(&[&str], &[u8], &str)] = &[
        (&[], b"", "empty"),
        (
            &[],
            b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
            "binary",
        ),
        (
            &[],
            b"<?xml version=\"1.0\"?><feed><entry/></feed>",
            "not a WordPress export",
        ),
        (
            &["--from", "wxr"],
            b"<!DOCTYPE html><html><body><p>hi</p></body></html>",
            "not a WordPress export",
        ),
        (
            &["--from", "wxr"],
            b"Just some notes",
            "not a WordPress export",
        ),
        (
            &[],
            b"{\"version\": 2, \"items\": [{\"id\": 1}]}",
            "not an export unpress reads",
        ),
        (&[], &tar_header, "a tar archive"),
    ];
    for (extra, input, needle) in cases {
        let mut args = vec!["convert", "-", "-o", out.to_str().expect("utf8")];
        args.extend_from_slice(extra);
        let o = unpress(&args, Some(input));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{needle}: {err}");
        assert!(err.contains(needle), "{needle}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    }
    assert!(
        common::files(&out).is_empty(),
        "nothing written for bad input"
    );
}

#[test]
fn scraped_text_and_pages_print_markdown_with_front_matter() {
    let o = unpress(
        &["convert", "--from", "text", "-"],
        Some(b"A Title\n\nFirst paragraph.\n\nLeave a Reply\n"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.starts_with("---\ntitle: \"A Title\"\n"), "{md}");
    assert!(
        md.contains("First paragraph.") && !md.contains("Leave a Reply"),
        "{md}"
    );
    let page = common::samples().join("scraped-post.html");
    let o = unpress(&["convert", page.to_str().expect("utf8")], None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(String::from_utf8_lossy(&o.stdout).starts_with("---\ntitle: "));
}

#[test]
fn usage_errors_exit_2() {
    let o = unpress(&["convert", &sample()], None);
    assert_eq!(o.status.code(), Some(2), "an export needs -o");
    assert!(stderr(&o).contains("-o DIR"));
    let o = unpress(
        &["convert", &sample(), "-o", "x", "--target", "wordpress"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let o = unpress(
        &[
            "convert",
            &sample(),
            "-o",
            "x",
            "--target",
            "jekyll",
            "--format",
            "toml",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let o = unpress(&["convert", "/nonexistent/export.xml", "-o", "x"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/nonexistent/export.xml"));
}

#[test]
fn help_documents_every_flag() {
    let o = unpress(&["convert", "--help"], None);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    for flag in [
        "--output",
        "--from",
        "--fragment",
        "--target",
        "--format",
        "--drafts",
        "--ascii-slugs",
        "--force",
        "--dry-run",
        "--report",
        "--jobs",
        "--quiet",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
    assert!(help.contains("Exit codes"));
}

#[test]
fn fragment_mode_reads_stdin_and_prints_markdown() {
    let o = unpress(
        &["convert", "--from", "html", "--fragment", "-"],
        Some(b"<p>Hello <em>there</em></p>"),
    );
    assert_eq!(o.status.code(), Some(0));
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(md.contains("Hello") && md.contains("there"), "{md}");
    assert!(!md.contains("---"), "no front matter in fragment mode");
}

#[test]
fn inspect_summarises_without_writing() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let o = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .args(["inspect", &sample()])
        .current_dir(tmp.path())
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    for needle in [
        "27 items",
        "recipe",
        "[caption]",
        "[gallery]",
        "core/paragraph",
        "spam (never written)",
        "share the slug 'hello-again'",
    ] {
        assert!(text.contains(needle), "{needle}:\n{text}");
    }
    assert!(
        common::files(tmp.path()).is_empty(),
        "inspect writes nothing"
    );
    let o = unpress(&["inspect", "--json", &sample()], None);
    let json: Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(json["items"], 27);
    assert_eq!(json["by_type"]["post"]["publish"], 10);
    let o = unpress(&["inspect", "-"], Some(b"<html></html>"));
    assert_eq!(o.status.code(), Some(2));
}

/// A binary built without the `download` feature says so instead of doing something else.
#[cfg(not(feature = "download"))]
#[test]
fn media_download_without_the_feature_is_a_usage_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let o = unpress(
        &[
            "convert",
            &sample(),
            "-o",
            out.to_str().expect("utf8"),
            "--media",
            "download",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("built without the `download` feature"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_rerun_without_force_changes_nothing_and_names_what_it_left_alone() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("site");
    let out_s = out.to_str().expect("utf8");
    let first = unpress(&["convert", &sample(), "-o", out_s, "-q"], None);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = common::files(&out)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(out.join(&f)).expect("read");
            (f, bytes)
        })
        .collect();
    let second = unpress(&["convert", &sample(), "-o", out_s], None);
    assert_eq!(second.status.code(), Some(0));
    let err = stderr(&second);
    assert!(err.contains("0 written"), "{err}");
    assert!(err.contains("left alone: content/posts/no.md"), "{err}");
    assert!(err.contains("… and 6 more"), "{err}");
    for (f, bytes) in &before {
        assert_eq!(
            &std::fs::read(out.join(f)).expect("read"),
            bytes,
            "{}",
            f.display()
        );
    }
}

/// A saved page's relative addresses are resolved against its canonical URL: written
/// anywhere else they would point at nothing.
#[test]
fn a_page_resolves_relative_addresses_against_its_canonical_url() {
    let page = br##"<!DOCTYPE html><html><head><title>Lantern</title>
<link rel="canonical" href="https://lanternbooks.example/2024/03/02/first-light/">
</head><body><article class="post"><h1 class="entry-title">Lantern</h1>
<div class="entry-content"><p>See <a href="../night-walk/">the walk</a> and <a href="#notes">notes</a>.</p>
<p><img src="images/lamp.png" alt="lamp"></p></div></article></body></html>"##;
    let o = unpress(&["convert", "--from", "html", "-"], Some(page));
    assert!(o.status.success(), "{}", stderr(&o));
    let md = String::from_utf8_lossy(&o.stdout);
    for want in [
        "[the walk](https://lanternbooks.example/2024/03/02/night-walk/)",
        "[notes](#notes)",
        "![lamp](https://lanternbooks.example/2024/03/02/first-light/images/lamp.png)",
    ] {
        assert!(md.contains(want), "{want} missing:\n{md}");
    }
}
