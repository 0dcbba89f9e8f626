//! Medium exports (the zip, or its folder): told by their content, read as one site.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use unpress::report::Outcome;
use unpress::{Options, Source, Target};

fn export() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/medium/medium-export")
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// Zips `dir` under `prefix`, plus `extra` entries (name, bytes) written as given.
fn zip_of(dir: &Path, prefix: &str, extra: &[(&str, &[u8])], to: &Path) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(to).expect("zip file"));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for rel in common::files(dir) {
        let name = format!("{prefix}{}", rel.to_string_lossy().replace('\\', "/"));
        zip.start_file(name, opts).expect("entry");
        zip.write_all(&std::fs::read(dir.join(&rel)).expect("fixture"))
            .expect("written");
    }
    for (name, bytes) in extra {
        zip.start_file(*name, opts).expect("entry");
        zip.write_all(bytes).expect("written");
    }
    zip.finish().expect("zip closed");
}

fn unpress(args: &[&std::ffi::OsStr]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_unpress"))
        .args(args)
        .output()
        .expect("runs")
}

#[test]
fn an_export_folder_converts_as_one_site() {
    let out = tempfile::tempdir().expect("tempdir");
    let report = unpress::convert_wxr(&Source::File(export()), out.path(), &Options::default());
    assert!(
        report.errors.is_empty() && report.problems.is_empty(),
        "{report:?}"
    );
    let s = &report.summary;
    assert_eq!(
        (s.items, s.written, s.drafts, s.skipped, s.failed),
        (5, 4, 1, 1, 0)
    );
    let response = report
        .items
        .iter()
        .find(|r| r.outcome == Outcome::Skipped)
        .expect("a skipped row");
    assert_eq!(response.code.as_deref(), Some("not-a-post"));
    assert!(response.title.starts_with("Great point about hydration"));
    for row in report
        .items
        .iter()
        .filter(|r| r.outcome == Outcome::Written)
    {
        let kept = row.kept.as_ref().expect("checked");
        assert!(!kept.has_loss(), "{}: {:?}", row.title, row.warnings);
    }

    let story = read(out.path(), "content/posts/slow-bread-fast-code.md");
    for want in [
        "title: \"Slow bread, fast code\"",
        "date: 2019-05-04T10:20:30Z\n",
        "author: \"Ann Example\"",
        "summary: \"What a sourdough starter taught me about shipping\"",
        "images: [\"https://cdn-images-1.medium.com/max/800/1*AbC-dE_fGh.jpeg\"]",
        "original_url: \"https://medium.com/@annex/slow-bread-fast-code-1a2b3c4d5e6f\"",
        // The drop cap is a letter of its word.
        "Every morning I feed the starter",
        "[Ben Baker](https://medium.com/u/0a1b2c3d4e5f)",
        "The starter, day three (photo by [Ann](https://photos.example/ann))",
        "{{< youtube dQw4w9WgXcQ >}}\n\nHow to fold dough",
        // Embedly's proxy gives way to the video it shows.
        "{{< vimeo 76979871 >}}",
        // Consecutive code paragraphs are one block.
        "```python\ndef feed(starter):\n    starter.flour += 50\n    starter.water += 50\n    return starter\n```",
        "> Patience is a feature.",
        "[GitHub Gist](https://gist.github.com/annex/0123456789abcdef0123456789abcdef)",
        "[Twitter](https://mobile.twitter.com/annex/status/1253885783305568256)",
        // A second section opens with a break.
        "\n---\n\n### Further reading",
        "[**The long rise**](https://bakers.example/the-long-rise-3c4d5e6f7a8b)\\\nWhy cold proofing works\\\nbakers.example",
        "![](https://miro.medium.com/max/1400/1*Right.png)\n\nBefore and after",
    ] {
        assert!(story.contains(want), "{want:?} in\n{story}");
    }
    // The title and subtitle the body repeats are not written twice.
    assert!(!story.contains("### Slow bread"), "{story}");
    assert!(!story.contains("#### What a sourdough"), "{story}");
    assert!(
        !story.contains("graf") && !story.contains("aspectRatio"),
        "{story}"
    );

    // No title heading, but a line of its own for a title: a story, not a response.
    let notes = read(out.path(), "content/posts/notes-from-the-market.md");
    assert!(notes.contains("I bought rye."), "{notes}");
    // Links to another of the export's stories, in any form Medium gives them, point at its
    // new page; a response (not written) and someone else's story keep their address.
    assert!(
        notes.contains(
            "As in [my bread story](/posts/slow-bread-fast-code/) ([its middle](/posts/slow-bread-fast-code/#d1e2), \
             [short link](/posts/slow-bread-fast-code/)), not \
             [my reply](https://medium.com/@annex/great-point-about-hydration-but-i-think-3c4d5e6f7a8b) \
             or [Ben's story](https://medium.com/@ben/slow-bread-fast-code-9f8e7d6c5b4a)."
        ),
        "{notes}"
    );

    let draft = read(out.path(), "content/posts/rye-slowly.md");
    assert!(
        draft.contains("draft: true") && !draft.contains("date:"),
        "{draft}"
    );
    assert!(
        draft.contains("Not ready yet.") && !draft.contains("### Rye"),
        "{draft}"
    );

    // Nothing from the profile, the IP history or the response.
    for rel in common::files(out.path()) {
        let text = read(out.path(), &rel.to_string_lossy());
        assert!(
            !text.contains("ann.private@example.com")
                && !text.contains("203.0.113.77")
                && !text.contains("flour matters more"),
            "{}",
            rel.display()
        );
    }
}

#[test]
fn what_an_import_into_medium_left_as_text_is_read_as_meant() {
    let out = tempfile::tempdir().expect("tempdir");
    let report = unpress::convert_wxr(&Source::File(export()), out.path(), &Options::default());
    let post = read(out.path(), "content/posts/bakery-opening.md");
    assert!(
        post.contains("![](https://cdn-images-1.medium.com/max/800/0*Oven.jpg)\n\nThe new oven"),
        "{post}"
    );
    assert!(
        post.contains(
            "<video src=\"http://bakery.example/wp-content/uploads/2012/03/opening.mp4\" controls></video>"
        ),
        "{post}"
    );
    assert!(post.contains("More photos:"), "{post}");
    for tag in ["[caption", "[/caption", "[video", "[gallery"] {
        assert!(!post.contains(tag), "{tag} in {post}");
    }
    let row = report
        .items
        .iter()
        .find(|r| r.title == "Bakery opening")
        .expect("row");
    assert_eq!(
        row.by_design,
        ["3 WordPress shortcodes left as text by an import into Medium removed"]
    );
}

#[test]
fn the_zip_gives_what_its_folder_gives() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = dir.path().join("medium-export-0a1b.zip");
    // Medium's zip holds the export at its top; a re-zipped folder nests it one level down.
    zip_of(&export(), "medium-export/", &[], &zip);
    let from_folder = dir.path().join("folder");
    let from_zip = dir.path().join("zip");
    for (input, out) in [(export(), &from_folder), (zip.clone(), &from_zip)] {
        let o = unpress(&[
            "convert".as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "-q".as_ref(),
        ]);
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let files = common::files(&from_folder);
    assert_eq!(files.len(), 4);
    assert_eq!(files, common::files(&from_zip));
    for f in &files {
        let rel = f.to_string_lossy();
        assert_eq!(read(&from_folder, &rel), read(&from_zip, &rel), "{rel}");
    }
    // --from medium forces the reading; inspect names the platform.
    let forced = dir.path().join("forced");
    let o = unpress(&[
        "convert".as_ref(),
        zip.as_os_str(),
        "--from".as_ref(),
        "medium".as_ref(),
        "-o".as_ref(),
        forced.as_os_str(),
        "--target".as_ref(),
        "jekyll".as_ref(),
        "-q".as_ref(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        forced
            .join("_posts/2019-05-04-slow-bread-fast-code.md")
            .is_file()
    );
    let o = unpress(&["inspect".as_ref(), zip.as_os_str()]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains(": Medium, site ?, 5 items"), "{text}");
    assert!(text.contains("Problems\n  none"), "{text}");
}

#[test]
fn hostile_entries_fail_their_own_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = dir.path().join("hostile.zip");
    // Compresses to a few kilobytes, unpacks past the limit of one post.
    let huge = vec![b' '; 65 << 20];
    let deep = format!(
        "<html><body><article class=\"h-entry\"><h1 class=\"p-name\">Deep</h1>\
         <section data-field=\"body\">{}x</section></article></body></html>",
        "<div><blockquote>".repeat(20_000)
    );
    zip_of(
        &export(),
        "",
        &[
            ("../posts/escape.html", b"<html></html>"),
            ("posts/2020-01-01_Huge-0a0a0a0a0a0a.html", &huge),
            ("posts/2020-01-02_Deep-0b0b0b0b0b0b.html", deep.as_bytes()),
            (
                "posts/2020-01-03_Binary-0c0c0c0c0c0c.html",
                &[0u8, 159, 146, 150, 0, 1],
            ),
        ],
        &zip,
    );
    let report = unpress::convert_wxr(
        &Source::File(zip),
        &dir.path().join("out"),
        &Options::default(),
    );
    let failed: Vec<&str> = report
        .items
        .iter()
        .filter(|r| r.outcome == Outcome::Failed)
        .filter_map(|r| r.reason.as_deref())
        .collect();
    assert_eq!(failed.len(), 3, "{failed:?}");
    // Each row names the file it was read from, inside the zip.
    let huge_row = report
        .items
        .iter()
        .find(|r| r.reason.as_deref().is_some_and(|w| w.contains("64 MB")));
    assert!(
        huge_row.is_some_and(|r| r
            .file
            .ends_with("hostile.zip/posts/2020-01-01_Huge-0a0a0a0a0a0a.html")),
        "{huge_row:?}"
    );
    assert!(
        failed[0].contains("../posts/escape.html") && failed[0].contains("outside the archive")
    );
    assert!(failed[1].contains("larger than 64 MB"), "{failed:?}");
    assert!(
        failed[2].contains("Binary") && failed[2].contains("no body section"),
        "{failed:?}"
    );
    // The rest is read on: the fixture's four, and the deeply nested story.
    assert_eq!(report.summary.written, 5, "{:?}", report.summary);
    assert!(!dir.path().join("escape.html").exists());
    assert!(!dir.path().join("posts").exists());
}

#[test]
fn a_zip_of_other_files_is_a_one_line_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = dir.path().join("photos.zip");
    let mut w = zip::ZipWriter::new(std::fs::File::create(&zip).expect("zip"));
    for name in ["a.txt", "posts/notes.txt", "b.png"] {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        w.write_all(b"hello").expect("written");
    }
    w.finish().expect("closed");
    for extra in [&[][..], &["--from", "medium"][..]] {
        let out = dir.path().join("out");
        let mut args: Vec<&std::ffi::OsStr> = vec![
            "convert".as_ref(),
            zip.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ];
        args.extend(extra.iter().map(|a| std::ffi::OsStr::new(*a)));
        let o = unpress(&args);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with("unpress: "), "{err}");
        assert!(!out.join("content").exists());
    }
}

#[test]
fn a_batch_mixes_platforms() {
    let dir = tempfile::tempdir().expect("tempdir");
    let zip = dir.path().join("medium.zip");
    zip_of(&export(), "", &[], &zip);
    let substack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/substack/substack-export");
    let out = dir.path().join("site");
    let o = unpress(&[
        "convert".as_ref(),
        common::samples().join("export.xml").as_os_str(),
        zip.as_os_str(),
        substack.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for rel in [
        "content/posts/slow-bread-fast-code.md",
        "content/posts/first-letter.md",
        "content/posts/baking-brezn.md",
    ] {
        assert!(out.join(rel).is_file(), "{rel}");
    }
}

#[test]
fn every_target_keeps_every_post() {
    for target in [
        Target::Hugo,
        Target::Jekyll,
        Target::Zola,
        Target::Eleventy,
        Target::Astro,
    ] {
        let out = tempfile::tempdir().expect("tempdir");
        let opts = Options {
            target,
            ..Options::default()
        };
        let report = unpress::convert_wxr(&Source::File(export()), out.path(), &opts);
        assert_eq!(report.summary.written, 4, "{target:?}");
        for row in &report.items {
            if let Some(kept) = &row.kept {
                assert!(
                    !kept.has_loss(),
                    "{target:?} {}: {:?}",
                    row.title,
                    row.warnings
                );
            }
        }
    }
}

#[test]
fn exports_inside_a_folder_are_read_as_exports_not_as_saved_pages() {
    // A folder of everything the user downloaded: a Medium zip, a Substack export's folder
    // one level down, a WordPress export. Each is read as its own platform's export.
    let dir = tempfile::tempdir().expect("tempdir");
    let all = dir.path().join("downloads");
    std::fs::create_dir_all(all.join("newsletter")).expect("folders");
    zip_of(&export(), "", &[], &all.join("medium.zip"));
    let substack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/substack/substack-export");
    for rel in common::files(&substack) {
        let to = all.join("newsletter/substack-export").join(&rel);
        std::fs::create_dir_all(to.parent().expect("parent")).expect("folder");
        std::fs::copy(substack.join(&rel), to).expect("copied");
    }
    std::fs::copy(common::samples().join("export.xml"), all.join("export.xml")).expect("copied");
    let out = dir.path().join("site");
    let report = dir.path().join("report.json");
    let o = unpress(&[
        "convert".as_ref(),
        all.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "-q".as_ref(),
        "--report".as_ref(),
        report.as_os_str(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let report: serde_json::Value =
        serde_json::from_str(&read(dir.path(), "report.json")).expect("json report");
    let rows = report["items"].as_array().expect("rows");
    let from = |part: &'static str| {
        rows.iter()
            .filter(move |r| r["file"].as_str().is_some_and(|f| f.contains(part)))
    };
    // The Medium response is skipped as one, its draft is a draft: the export was read as
    // Medium's, and nothing in it was taken for a saved page.
    let medium: Vec<_> = from("medium.zip").collect();
    assert_eq!(medium.len(), 5, "{medium:?}");
    assert_eq!(
        medium.iter().filter(|r| r["code"] == "not-a-post").count(),
        1
    );
    // The Substack export's unpublished posts are drafts, as its posts.csv says.
    assert!(from("substack-export").any(|r| r["draft"] == true));
    assert!(from("substack-export").all(|r| r["outcome"] != "failed"));
    for rel in [
        "content/posts/slow-bread-fast-code.md",
        "content/posts/first-letter.md",
        "content/posts/baking-brezn.md",
    ] {
        assert!(out.join(rel).is_file(), "{rel}");
    }
    // `inspect` reads one export at a time, and names those the folder holds.
    let o = unpress(&["inspect".as_ref(), all.as_os_str()]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("medium.zip") && err.contains("substack-export") && err.contains("export.xml"),
        "{err}"
    );
}

#[test]
fn its_posts_folder_alone_is_the_same_export() {
    // Users point at the folder that holds the stories: it is read as Medium's export (its
    // drafts drafts, its responses skipped), not as a folder of saved pages.
    let whole = tempfile::tempdir().expect("tempdir");
    let alone = tempfile::tempdir().expect("tempdir");
    let a = unpress::convert_wxr(&Source::File(export()), whole.path(), &Options::default());
    let b = unpress::convert_wxr(
        &Source::File(export().join("posts")),
        alone.path(),
        &Options::default(),
    );
    let (sa, sb) = (&a.summary, &b.summary);
    assert_eq!(
        (sb.items, sb.written, sb.drafts, sb.skipped, sb.failed),
        (sa.items, sa.written, sa.drafts, sa.skipped, sa.failed)
    );
    let files = common::files(whole.path());
    assert_eq!(common::files(alone.path()), files);
    for rel in files {
        assert_eq!(
            std::fs::read(alone.path().join(&rel)).expect("written"),
            std::fs::read(whole.path().join(&rel)).expect("written"),
            "{}",
            rel.display()
        );
    }
}
