//! End-to-end conversion of exports through the library: the sample export reconciles with its
//! written expectations, private data never leaks, output is deterministic and safe.

mod common;

use serde_json::Value;
use std::fs;
use std::path::Path;
use unpress::item::DraftPolicy;
use unpress::report::Outcome;
use unpress::{Options, Report, Source, Target, convert_wxr};

fn run(src: &Path, out: &Path, opts: &Options) -> Report {
    convert_wxr(&Source::File(src.to_path_buf()), out, opts)
}

fn run_bytes(doc: &str, out: &Path, opts: &Options) -> Report {
    let source = Source::Bytes {
        name: "test.xml".into(),
        data: std::sync::Arc::new(doc.as_bytes().to_vec()),
    };
    convert_wxr(&source, out, opts)
}

fn all_text(dir: &Path) -> String {
    common::files(dir)
        .iter()
        .map(|f| fs::read_to_string(dir.join(f)).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn sample_export_reconciles_with_its_expectations() {
    let expected: Value = serde_json::from_str(
        &fs::read_to_string(common::samples().join("export.expected.json")).expect("expectations"),
    )
    .expect("valid JSON");
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = run(
        &common::samples().join("export.xml"),
        tmp.path(),
        &Options::default(),
    );
    let counts = &expected["counts"];
    let s = &report.summary;
    assert_eq!(s.items as u64, counts["items"].as_u64().expect("items"));
    assert_eq!(
        s.written as u64,
        counts["written"].as_u64().expect("written")
    );
    assert_eq!(s.drafts as u64, counts["drafts"].as_u64().expect("drafts"));
    assert_eq!(
        s.skipped as u64,
        counts["skipped"].as_u64().expect("skipped")
    );
    assert_eq!(s.failed, 0);
    assert_eq!(
        s.items,
        s.written + s.skipped + s.failed,
        "counts reconcile"
    );
    for (reason, n) in counts["skipped_by_reason"].as_object().expect("reasons") {
        assert_eq!(
            s.skipped_by_reason.get(reason).copied().unwrap_or(0) as u64,
            n.as_u64().expect("count"),
            "skipped for {reason}"
        );
    }
    for want in expected["items"].as_array().expect("items") {
        let id = want["id"].as_u64().expect("id");
        let row = report
            .items
            .iter()
            .find(|r| r.id == Some(id))
            .unwrap_or_else(|| panic!("no report row for {id}"));
        match want["outcome"].as_str().expect("outcome") {
            "skipped" => {
                assert_eq!(row.outcome, Outcome::Skipped, "{id}");
                assert_eq!(row.code.as_deref(), want["reason"].as_str(), "{id}");
            }
            "written" => assert!(row.outcome == Outcome::Written && !row.draft, "{id}"),
            "draft" => assert!(row.outcome == Outcome::Written && row.draft, "{id}"),
            other => panic!("unknown outcome {other}"),
        }
        if let Some(title) = want["title"].as_str() {
            assert_eq!(row.title, title, "{id}");
        }
        if let (Some(date), Some(out)) = (want["date"].as_str(), row.output.as_deref()) {
            let text = fs::read_to_string(tmp.path().join(out)).expect("written file");
            assert!(text.contains(&format!("date: {date}\n")), "{id}: {text}");
        }
    }
    let text = all_text(tmp.path());
    for secret in expected["never_in_output"].as_array().expect("secrets") {
        let secret = secret.as_str().expect("string");
        assert!(!text.contains(secret), "{secret} leaked into the output");
    }
}

#[test]
fn sample_layout_per_target() {
    let cases: &[(Target, &[&str])] = &[
        (
            Target::Hugo,
            &[
                "content/posts/東京の夜.md",
                "content/posts/hello-again.md",
                "content/posts/hello-again-2.md",
                "content/about/_index.md",
                "content/about/team.md",
                "content/recipe/matcha-latte.md",
            ],
        ),
        (
            Target::Jekyll,
            &[
                "_posts/2014-06-01-no.md",
                "_drafts/half-written-thoughts.md",
                "about/index.md",
                "about/team.md",
                "_recipe/matcha-latte.md",
            ],
        ),
        (
            Target::Zola,
            &["content/blog/no.md", "content/about/_index.md"],
        ),
        (Target::Eleventy, &["blog/no.md", "about/team.md"]),
        (
            Target::Astro,
            &["src/content/blog/no.md", "src/content/pages/about/team.md"],
        ),
    ];
    for (target, paths) in cases {
        let tmp = tempfile::tempdir().expect("tempdir");
        let opts = Options {
            target: *target,
            ..Options::default()
        };
        let report = run(&common::samples().join("export.xml"), tmp.path(), &opts);
        assert_eq!(report.summary.failed, 0, "{target}");
        for p in *paths {
            assert!(tmp.path().join(p).is_file(), "{target}: missing {p}");
        }
    }
}

/// Zola refuses to build a site whose `_index.md` carries page keys such as `date` or `slug`.
#[test]
fn zola_sections_carry_only_section_keys() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        target: Target::Zola,
        ..Options::default()
    };
    let report = run(&common::samples().join("export.xml"), tmp.path(), &opts);
    assert_eq!(report.summary.failed, 0);
    let text = fs::read_to_string(tmp.path().join("content/about/_index.md")).expect("section");
    let toml_text = text
        .strip_prefix("+++\n")
        .and_then(|t| t.split_once("+++\n"))
        .map(|(fm, _)| fm)
        .expect("TOML front matter");
    let fm: toml::Table = toml_text.parse().expect("front matter parses");
    let mut keys: Vec<&str> = fm.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["extra", "title"], "{text}");
    let extra = fm["extra"].as_table().expect("[extra] table");
    assert_eq!(extra["slug"].as_str(), Some("about"));
    assert!(extra["date"].is_datetime(), "{text}");
}

#[test]
fn drafts_skip_leaves_them_out_and_counts_them() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        drafts: DraftPolicy::Skip,
        ..Options::default()
    };
    let report = run(&common::samples().join("export.xml"), tmp.path(), &opts);
    assert_eq!(report.summary.drafts, 0);
    assert_eq!(report.summary.skipped_by_reason.get("draft"), Some(&4));
    assert!(
        !tmp.path()
            .join("content/posts/half-written-thoughts.md")
            .exists()
    );
}

#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let a = tempfile::tempdir().expect("tempdir");
    let b = tempfile::tempdir().expect("tempdir");
    let src = common::samples().join("export.xml");
    run(
        &src,
        a.path(),
        &Options {
            jobs: 1,
            ..Options::default()
        },
    );
    run(
        &src,
        b.path(),
        &Options {
            jobs: 4,
            ..Options::default()
        },
    );
    let fa = common::files(a.path());
    assert_eq!(fa, common::files(b.path()));
    assert!(!fa.is_empty());
    for f in &fa {
        assert_eq!(
            fs::read(a.path().join(f)).expect("a"),
            fs::read(b.path().join(f)).expect("b"),
            "{}",
            f.display()
        );
    }
}

#[test]
fn existing_files_are_never_overwritten_without_force() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = common::samples().join("export.xml");
    let first = run(&src, tmp.path(), &Options::default());
    let victim = tmp.path().join("content/posts/no.md");
    fs::write(&victim, "my edits").expect("edit");
    let second = run(&src, tmp.path(), &Options::default());
    assert_eq!(fs::read_to_string(&victim).expect("kept"), "my edits");
    assert_eq!(second.summary.written, 0);
    assert_eq!(
        second.summary.skipped_by_reason.get("exists").copied(),
        Some(first.summary.written)
    );
    let forced = run(
        &src,
        tmp.path(),
        &Options {
            force: true,
            ..Options::default()
        },
    );
    assert_eq!(forced.summary.written, first.summary.written);
    assert_ne!(fs::read_to_string(&victim).expect("rewritten"), "my edits");
    assert!(
        !common::files(tmp.path())
            .iter()
            .any(|f| f.to_string_lossy().contains("unpress-tmp")),
        "no temporary files are left behind"
    );
}

#[test]
fn hostile_slugs_stay_inside_the_output_folder() {
    let items = [
        common::item(1, "../../etc/passwd", "Escape", "publish", "x"),
        common::item(2, "..", "Dots", "publish", "x"),
        common::item(3, "%2e%2e%2f%2e%2e%2fevil", "Encoded", "publish", "x"),
        common::item(4, "/abs/path", "Absolute", "publish", "x"),
        common::item(5, "a\\b", "Backslash", "publish", "x"),
    ]
    .join("\n");
    let outer = tempfile::tempdir().expect("tempdir");
    let out = outer.path().join("site");
    let report = run_bytes(&common::wxr(&items), &out, &Options::default());
    assert_eq!(report.summary.written, 5);
    let outside: Vec<_> = common::files(outer.path())
        .into_iter()
        .filter(|f| !f.starts_with("site"))
        .collect();
    assert!(outside.is_empty(), "wrote outside: {outside:?}");
    for row in &report.items {
        let path = row.output.as_deref().expect("written");
        assert!(
            path.starts_with("content/posts/") && !path.contains(".."),
            "{path}"
        );
    }
}

#[test]
fn posts_sharing_a_slug_both_survive() {
    let items = [
        common::item(1, "same", "First", "publish", "one"),
        common::item(2, "same", "Second", "publish", "two"),
        common::item(2, "same", "Duplicate id", "publish", "three"),
    ]
    .join("\n");
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = run_bytes(&common::wxr(&items), tmp.path(), &Options::default());
    let outputs: Vec<_> = report
        .items
        .iter()
        .filter_map(|r| r.output.clone())
        .collect();
    assert_eq!(
        outputs,
        [
            "content/posts/same.md",
            "content/posts/same-2.md",
            "content/posts/same-3.md"
        ]
    );
    assert!(
        fs::read_to_string(tmp.path().join(&outputs[1]))
            .expect("file")
            .contains("two")
    );
}

#[test]
fn dates_carry_the_real_offset_and_zero_dates_are_never_written() {
    let draft = common::item(2, "", "Draft", "draft", "d")
        .replace("2020-01-02 03:04:05", "0000-00-00 00:00:00")
        .replace("2020-01-02 11:04:05", "0000-00-00 00:00:00");
    let half = common::item(3, "half", "Half", "pending", "p")
        .replace("2020-01-02 11:04:05", "0000-00-00 00:00:00");
    let items = [common::item(1, "p", "P", "publish", "x"), draft, half].join("\n");
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = run_bytes(&common::wxr(&items), tmp.path(), &Options::default());
    let read = |i: usize| {
        fs::read_to_string(
            tmp.path()
                .join(report.items[i].output.as_deref().expect("out")),
        )
        .expect("file")
    };
    assert!(
        read(0).contains("date: 2020-01-02T03:04:05-08:00\n"),
        "{}",
        read(0)
    );
    let d = read(1);
    assert!(
        !d.contains("date:") && !d.contains("0000") && d.contains("draft: true"),
        "{d}"
    );
    assert!(report.items[1].output.as_deref() == Some("content/posts/draft.md"));
    let h = read(2);
    assert!(
        h.contains("date: 2020-01-02T03:04:05\n"),
        "local date without invented offset: {h}"
    );
}

#[test]
fn ascii_slugs_transliterate() {
    let items = common::item(
        1,
        "%e6%9d%b1%e4%ba%ac%e3%81%ae%e5%a4%9c",
        "東京の夜",
        "publish",
        "x",
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let unicode = run_bytes(&common::wxr(&items), tmp.path(), &Options::default());
    assert_eq!(
        unicode.items[0].output.as_deref(),
        Some("content/posts/東京の夜.md")
    );
    let tmp2 = tempfile::tempdir().expect("tempdir");
    let ascii = run_bytes(
        &common::wxr(&items),
        tmp2.path(),
        &Options {
            ascii_slugs: true,
            ..Options::default()
        },
    );
    assert_eq!(
        ascii.items[0].output.as_deref(),
        Some("content/posts/dong-jing-noye.md")
    );
}

#[test]
fn truncated_export_keeps_what_came_before_and_reports_the_rest() {
    let full = common::wxr(&format!(
        "{}\n{}",
        common::item(1, "one", "One", "publish", "first"),
        common::item(2, "two", "Two", "publish", "second")
    ));
    let cut = &full[..full.find("second").expect("marker")];
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = run_bytes(cut, tmp.path(), &Options::default());
    assert_eq!(report.summary.written, 1);
    assert_eq!(report.summary.failed, 1);
    // The cut comes before <wp:post_id>, so only the item's line can name it.
    let item_line = cut[..cut.rfind("<item>").expect("item")].lines().count() as u64 + 1;
    assert_eq!(report.items[1].line, item_line);
    assert!(
        report.items[1]
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("truncated")
    );
    assert_eq!(report.exit_code(), 1);
    assert!(tmp.path().join("content/posts/one.md").is_file());
    assert!(!tmp.path().join("content/posts/two.md").exists());
}

#[test]
fn symlinks_inside_the_output_folder_are_not_followed() {
    #[cfg(unix)]
    {
        let outer = tempfile::tempdir().expect("tempdir");
        let elsewhere = outer.path().join("elsewhere");
        let out = outer.path().join("site");
        fs::create_dir_all(&elsewhere).expect("dir");
        fs::create_dir_all(out.join("content")).expect("dir");
        std::os::unix::fs::symlink(&elsewhere, out.join("content/posts")).expect("symlink");
        let report = run_bytes(
            &common::wxr(&common::item(1, "a", "A", "publish", "x")),
            &out,
            &Options::default(),
        );
        assert_eq!(report.summary.failed, 1);
        assert!(
            report.items[0]
                .reason
                .as_deref()
                .unwrap_or("")
                .contains("symlink")
        );
        assert!(common::files(&elsewhere).is_empty());
    }
}

#[test]
fn an_output_path_that_is_a_file_is_an_input_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("taken");
    fs::write(&file, "x").expect("file");
    let report = run(
        &common::samples().join("export.xml"),
        &file,
        &Options::default(),
    );
    assert_eq!(report.exit_code(), 2);
    assert!(report.errors[0].message.contains("not a folder"));
}

#[test]
fn corpus_exports_convert_without_panics() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("corpus/wxr");
    let mut n = 0;
    for f in common::files(&dir) {
        if f.extension().and_then(|e| e.to_str()) != Some("xml") {
            continue;
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        let report = run(&dir.join(&f), tmp.path(), &Options::default());
        let s = &report.summary;
        assert_eq!(s.items, s.written + s.skipped + s.failed, "{}", f.display());
        assert_eq!(
            s.written,
            common::files(tmp.path()).len(),
            "{}",
            f.display()
        );
        n += 1;
    }
    assert!(n >= 60, "expected the whole corpus, saw {n} files");
}

/// The values of every `<wp:TAG>` element in a raw export, CDATA unwrapped.
fn element_values(xml: &str, tag: &str) -> Vec<String> {
    let open = format!("<wp:{tag}>");
    let close = format!("</wp:{tag}>");
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        let Some(j) = rest.find(&close) else { break };
        let v = rest[..j]
            .trim()
            .trim_start_matches("<![CDATA[")
            .trim_end_matches("]]>")
            .trim();
        if !v.is_empty() {
            out.push(v.to_string());
        }
        rest = &rest[j..];
    }
    out
}

/// With comments exported into front matter, no commenter's email or IP from any corpus
/// export reaches the output (values the export also shows elsewhere, say in a post about
/// `127.0.0.1`, are not private and are not checked).
#[test]
fn corpus_commenter_emails_and_ips_never_reach_the_output() {
    let Some(shared) = common::shared() else {
        return;
    };
    let dir = shared.join("corpus/wxr");
    let mut checked = 0;
    for f in common::files(&dir) {
        if f.extension().and_then(|e| e.to_str()) != Some("xml") {
            continue;
        }
        let Ok(xml) = fs::read_to_string(dir.join(&f)) else {
            continue;
        };
        let mut private: Vec<String> = element_values(&xml, "comment_author_email");
        private.extend(element_values(&xml, "comment_author_IP"));
        private.sort();
        private.dedup();
        private.retain(|v| {
            let tagged =
                xml.matches(&format!(">{v}<")).count() + xml.matches(&format!("[{v}]")).count();
            xml.matches(v.as_str()).count() <= tagged
        });
        if private.is_empty() {
            continue;
        }
        let tmp = tempfile::tempdir().expect("tempdir");
        let opts = Options {
            comments: unpress::pipeline::CommentMode::FrontMatter,
            ..Options::default()
        };
        run(&dir.join(&f), tmp.path(), &opts);
        let text = all_text(tmp.path());
        for v in &private {
            assert!(!text.contains(v.as_str()), "{v:?} from {}", f.display());
        }
        checked += private.len();
    }
    eprintln!("{checked} commenter emails and IPs checked");
    assert!(checked > 0, "the corpus has commenters");
}

#[test]
fn theme_unit_test_data_writes_each_published_post_and_page_once() {
    let Some(shared) = common::shared() else {
        return;
    };
    let src = shared.join("corpus/wxr/theme-unit-test-data.wordpress.xml");
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = run(&src, tmp.path(), &Options::default());
    let published: Vec<_> = report
        .items
        .iter()
        .filter(|r| r.status == "publish" && (r.post_type == "post" || r.post_type == "page"))
        .collect();
    assert_eq!(
        published.iter().filter(|r| r.post_type == "post").count(),
        56
    );
    for row in &published {
        assert_eq!(row.outcome, Outcome::Written, "{:?}", row.id);
    }
    let mut outputs: Vec<_> = published.iter().filter_map(|r| r.output.clone()).collect();
    outputs.sort();
    outputs.dedup();
    assert_eq!(outputs.len(), published.len(), "one distinct file each");
}

#[test]
fn comments_keep_only_approved_threaded_and_private_data_never_leaks() {
    use unpress::pipeline::CommentMode;
    for (mode, target) in [
        (CommentMode::Data, Target::Hugo),
        (CommentMode::FrontMatter, Target::Hugo),
        (CommentMode::FrontMatter, Target::Zola),
        (CommentMode::Data, Target::Jekyll),
    ] {
        let tmp = tempfile::tempdir().expect("tempdir");
        let opts = Options {
            comments: mode,
            target,
            ..Options::default()
        };
        let report = run(&common::samples().join("export.xml"), tmp.path(), &opts);
        assert_eq!(report.summary.comments, 2, "{mode:?}");
        let text = all_text(tmp.path());
        let first = text
            .find("Die Weißwurst-Regel")
            .expect("approved comment kept");
        let reply = text
            .find("Ha, I learned that the hard way")
            .expect("reply kept");
        assert!(first < reply, "a reply follows its parent");
        for secret in [
            "SECRET-SPAM-TEXT",
            "SECRET-UNAPPROVED-TEXT",
            "commenter@example.com",
            "203.0.113.7",
            "198.51.100.23",
            "192.0.2.66",
            "203.0.113.99",
        ] {
            assert!(!text.contains(secret), "{mode:?} {target}: {secret} leaked");
        }
        if mode == CommentMode::Data {
            let data = common::files(tmp.path())
                .into_iter()
                .filter(|f| f.to_string_lossy().contains("comments/"))
                .count();
            assert_eq!(data, 1, "one comments file for the one post with comments");
        }
    }
}

#[test]
fn redirects_cover_every_old_url_form_of_published_items() {
    use unpress::redirects::RedirectFormat;
    let tmp = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        redirects: vec![RedirectFormat::Csv, RedirectFormat::Netlify],
        ..Options::default()
    };
    let report = run(&common::samples().join("export.xml"), tmp.path(), &opts);
    assert_eq!(report.outputs, ["redirects.csv", "static/_redirects"]);
    let csv = fs::read_to_string(tmp.path().join("redirects.csv")).expect("csv");
    for row in report
        .items
        .iter()
        .filter(|r| r.outcome == Outcome::Written)
    {
        let id = row.id.expect("id");
        let p = format!("/?p={id},");
        assert_eq!(
            csv.contains(&p),
            !row.draft,
            "{id}: drafts get no redirect\n{csv}"
        );
    }
    assert!(csv.contains("/2014/06/01/no/,/posts/no/,301\n"), "{csv}");
    assert!(csv.contains("/?page_id=202,/about/team/,301\n"), "{csv}");
    let netlify = fs::read_to_string(tmp.path().join("static/_redirects")).expect("netlify");
    assert!(netlify.contains("/2014/06/01/no/  /posts/no/  301\n"));
}

#[test]
fn internal_links_and_upload_variants_are_rewritten() {
    let linking = common::item(
        1,
        "linking",
        "Linking",
        "publish",
        "<p><a href=\"https://example.blog/2020/01/02/target/\">pretty</a> \
         <a href=\"http://www.example.blog/?p=2#more\">plain</a> \
         <a href=\"/category/travel/\">archive</a> \
         <a href=\"https://example.blog/2020/01/02/target/photo/\">attachment page</a> \
         <a href=\"https://example.blog/gone/\">gone</a> \
         <a href=\"https://elsewhere.example/2020/01/02/target/\">external</a></p>\
         <p><img src=\"https://example.blog/wp-content/uploads/2020/01/photo-300x200.jpg\" alt=\"p\"></p>",
    )
    .replace(
        "<wp:post_password>",
        "<category domain=\"category\" nicename=\"travel\"><![CDATA[Travel Notes]]></category><wp:post_password>",
    );
    let target = common::item(2, "target", "Target", "publish", "x");
    let attachment = r#"<item><title>photo</title><link>https://example.blog/2020/01/02/target/photo/</link>
<wp:post_id>3</wp:post_id><wp:post_parent>2</wp:post_parent><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status>
<wp:attachment_url>https://example.blog/wp-content/uploads/2020/01/photo.jpg</wp:attachment_url></item>"#;
    let doc = common::wxr(&[linking, target, attachment.to_string()].join("\n"));
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = run_bytes(&doc, tmp.path(), &Options::default());
    let text = fs::read_to_string(tmp.path().join("content/posts/linking.md")).expect("file");
    for want in [
        "[pretty](/posts/target/)",
        "[plain](/posts/target/#more)",
        "[archive](/categories/travel-notes/)",
        "[attachment page](https://example.blog/wp-content/uploads/2020/01/photo.jpg)",
        "[gone](https://example.blog/gone/)",
        "[external](https://elsewhere.example/2020/01/02/target/)",
        "![p](https://example.blog/wp-content/uploads/2020/01/photo.jpg)",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
    assert!(
        report.items[0]
            .warnings
            .iter()
            .any(|w| w.starts_with("1 links into the old site")
                && w.ends_with("(https://example.blog/gone/)")),
        "{:?}",
        report.items[0].warnings
    );
}

/// Relative addresses worked on the old site because the browser resolved them against the
/// post's URL; resolved the same way, links to other posts then map to their new paths.
#[test]
fn relative_addresses_resolve_against_the_post_url() {
    let relative = common::item(
        1,
        "relative",
        "Relative",
        "publish",
        "<p><a href=\"../target/\">sibling</a> <a href=\"/2020/01/02/target/#c\">rooted</a> \
         <a href=\"#top\">here</a> <a href=\"?p=2\">by id</a> <a href=\"mailto:a@example.blog\">mail</a></p>\
         <p><img src=\"images/a.png\" alt=\"a\"> <img src=\"//cdn.example/b.png\" alt=\"b\"> \
         <img src=\"/wp-content/uploads/2020/01/c.jpg\" alt=\"c\"></p>",
    );
    let target = common::item(2, "target", "Target", "publish", "x");
    let doc = common::wxr(&[relative, target].join("\n"));
    let tmp = tempfile::tempdir().expect("tempdir");
    let report = run_bytes(&doc, tmp.path(), &Options::default());
    assert_eq!(report.summary.failed, 0);
    let text = fs::read_to_string(tmp.path().join("content/posts/relative.md")).expect("file");
    for want in [
        "[sibling](/posts/target/)",
        "[rooted](/posts/target/#c)",
        "[here](#top)",
        "[by id](/posts/target/)",
        "[mail](mailto:a@example.blog)",
        "![a](https://example.blog/2020/01/02/relative/images/a.png)",
        "![b](https://cdn.example/b.png)",
        "![c](https://example.blog/wp-content/uploads/2020/01/c.jpg)",
    ] {
        assert!(text.contains(want), "{want} missing:\n{text}");
    }
}

#[test]
fn embeds_and_template_syntax_per_target() {
    let content = "<p>Watch:</p><iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ\"></iframe>\
                   <p>Hugo: <code>{{&lt; figure &gt;}}</code> Liquid: {{ page.title }} {% include x %}</p>";
    let doc = common::wxr(&common::item(1, "tpl", "Templates", "publish", content));
    let read = |target: Target, no_html: bool| {
        let tmp = tempfile::tempdir().expect("tempdir");
        let opts = Options {
            target,
            no_html,
            ..Options::default()
        };
        let report = run_bytes(&doc, tmp.path(), &opts);
        let out = report.items[0].output.clone().expect("written");
        fs::read_to_string(tmp.path().join(out)).expect("file")
    };
    let hugo = read(Target::Hugo, false);
    assert!(hugo.contains("{{< youtube dQw4w9WgXcQ >}}"), "{hugo}");
    assert!(hugo.contains("{{</* figure */>}}"), "{hugo}");
    assert!(!hugo.contains("<iframe"), "{hugo}");
    let jekyll = read(Target::Jekyll, false);
    assert!(
        jekyll.contains("{% raw %}Hugo:") && jekyll.trim_end().ends_with("{% endraw %}"),
        "{jekyll}"
    );
    assert!(
        jekyll.contains("<iframe"),
        "Jekyll keeps raw HTML: {jekyll}"
    );
    let plain = read(Target::Jekyll, true);
    assert!(
        !plain.contains("<iframe") && plain.contains("https://www.youtube.com/embed/dQw4w9WgXcQ"),
        "{plain}"
    );
}

#[test]
fn media_copy_brings_uploads_along_and_points_every_variant_at_the_copy() {
    use unpress::media::MediaMode;
    let backup = tempfile::tempdir().expect("tempdir");
    let put = |rel: &str, bytes: &[u8]| {
        let p = backup.path().join(rel);
        fs::create_dir_all(p.parent().expect("parent")).expect("dirs");
        fs::write(p, bytes).expect("file");
    };
    put("2019/01/tokyo-night.jpg", b"JPEG-tokyo");
    put("2020/02/ferris.png", b"PNG-ferris");
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().expect("tempdir");
        fs::write(outside.path().join("secret.jpg"), b"SECRET").expect("file");
        fs::create_dir_all(backup.path().join("2019/07")).expect("dirs");
        std::os::unix::fs::symlink(
            outside.path().join("secret.jpg"),
            backup.path().join("2019/07/biergarten.jpg"),
        )
        .expect("symlink");
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        media: MediaMode::Copy(backup.path().to_path_buf()),
        ..Options::default()
    };
    let report = run(&common::samples().join("export.xml"), tmp.path(), &opts);
    assert_eq!(report.summary.failed, 0);
    // Hugo: page bundles, each post's uploads beside its index.md.
    let bundle = tmp.path().join("content/posts/東京の夜");
    assert_eq!(
        fs::read(bundle.join("tokyo-night.jpg")).expect("copied"),
        b"JPEG-tokyo"
    );
    let files: Vec<String> = common::files(tmp.path())
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        files.iter().any(|f| f.ends_with("/ferris.png")),
        "{files:?}"
    );
    assert!(
        !files.iter().any(|f| f.contains("biergarten")),
        "symlink out of the backup refused: {files:?}"
    );
    assert!(!tmp.path().join("static/uploads").exists(), "{files:?}");
    let tokyo = fs::read_to_string(bundle.join("index.md")).expect("post");
    assert!(
        tokyo.contains("(tokyo-night.jpg)"),
        "variant -> copy: {tokyo}"
    );
    assert!(
        tokyo.contains("images: [\"tokyo-night.jpg\"]"),
        "featured image: {tokyo}"
    );
    assert!(!tokyo.contains("tokyo-night-300x200"), "{tokyo}");
    // Jekyll has no bundles: one shared folder it publishes as-is.
    let jekyll = tempfile::tempdir().expect("tempdir");
    let opts_jekyll = Options {
        target: unpress::Target::Jekyll,
        ..opts.clone()
    };
    run(
        &common::samples().join("export.xml"),
        jekyll.path(),
        &opts_jekyll,
    );
    assert_eq!(
        fs::read(jekyll.path().join("assets/uploads/2019/01/tokyo-night.jpg")).expect("copied"),
        b"JPEG-tokyo"
    );
    let post = fs::read_to_string(jekyll.path().join("_posts/2019-01-15-東京の夜.md"))
        .expect("jekyll post");
    assert!(
        post.contains("(/assets/uploads/2019/01/tokyo-night.jpg)"),
        "{post}"
    );
    let munich = report
        .items
        .iter()
        .find(|r| r.id == Some(102))
        .expect("row");
    assert!(
        munich
            .warnings
            .iter()
            .any(|w| w.contains("uploads not found")),
        "{:?}",
        munich.warnings
    );
}
