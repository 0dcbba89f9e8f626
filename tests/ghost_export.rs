//! Ghost JSON exports, every version (`tests/ghost/`: 0.x with integer ids and Markdown, 4.x
//! with mobiledoc, 5.x with Lexical, and a file made for Ghost's importer): told by their
//! content, read into the same pipeline as WordPress exports, and damaged ones read up to
//! the damage.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use unpress::report::{Outcome, Report};
use unpress::{Options, Source};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/ghost")
        .join(name)
}

fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn convert(source: Source, out: &Path) -> Report {
    unpress::convert_wxr(&source, out, &Options::default())
}

fn bytes(json: &str) -> Source {
    Source::Bytes {
        name: "export.json".into(),
        data: std::sync::Arc::new(json.as_bytes().to_vec()),
    }
}

/// Every file under `dir`, concatenated: what the conversion wrote.
fn everything(dir: &Path) -> String {
    common::files(dir)
        .iter()
        .map(|f| std::fs::read_to_string(dir.join(f)).unwrap_or_default())
        .collect()
}

fn has(text: &str, wants: &[&str]) {
    for want in wants {
        assert!(text.contains(want), "{want:?} in\n{text}");
    }
}

#[test]
fn every_version_converts_like_a_wordpress_export() {
    for (name, items, written, drafts) in [
        ("v0.json", 4, 4, 1),
        ("v4-mobiledoc.json", 7, 7, 4),
        ("v5-lexical.json", 7, 7, 3),
        ("import.json", 2, 2, 0),
    ] {
        let out = tempfile::tempdir().expect("tempdir");
        let report = convert(Source::File(fixture(name)), out.path());
        assert!(
            report.errors.is_empty() && report.problems.is_empty(),
            "{name}: {:?} {:?}",
            report.errors,
            report.problems
        );
        let s = &report.summary;
        assert_eq!(
            (s.items, s.written, s.drafts),
            (items, written, drafts),
            "{name}"
        );
        for row in &report.items {
            assert_eq!(row.outcome, Outcome::Written, "{name}: {}", row.title);
            assert_eq!(row.id, None, "{name}: Ghost ids are not WordPress ids");
            let kept = row.kept.as_ref().expect("checked");
            assert!(
                !kept.has_loss(),
                "{name}: {}: {:?}",
                row.title,
                row.warnings
            );
        }
        // Emails, password hashes, the private site's password, members and newsletters'
        // senders are never read.
        let all = everything(out.path());
        for private in ["mail.example", "$2a$10$", "hunter2"] {
            assert!(!all.contains(private), "{name}: {private} leaked");
        }
    }
}

#[test]
fn ghost_0x_integer_ids_permalinks_and_markdown() {
    let out = tempfile::tempdir().expect("tempdir");
    let report = convert(Source::File(fixture("v0.json")), out.path());
    let first = read(out.path(), "content/posts/starting-again.md");
    has(
        &first,
        &[
            "title: \"Starting Again\"",
            "date: 2013-12-18T21:20:43Z",
            "lastmod: 2013-12-18T22:15:57Z",
            "author: \"Paul Davis\"",
            // In the order the export links them.
            "tags: [\"Freelance\", \"Life\"]",
            // `image`, 0.x's feature image.
            "images: [\"/content/images/2015/01/bike.jpg\"]",
            // The site's permalink setting, `/:year/:month/:day/:slug/`.
            "aliases: [\"/2013/12/18/starting-again/\"]",
            "See [the old blog](http://old.example.com).",
        ],
    );
    // `page: 1`; its link to the old permalink points at the new path.
    let about = read(out.path(), "content/about-me.md");
    has(
        &about,
        &["Start with [the first post](/posts/starting-again/)."],
    );
    // A draft with only Markdown, rendered as Ghost rendered it (line breaks kept), dated
    // when it was created (milliseconds since 1970).
    let draft = read(out.path(), "content/posts/half-written.md");
    has(
        &draft,
        &[
            "draft: true",
            "date: 2014-12-08T00:53:20Z",
            "First line\\\nsecond line",
            "# A heading the old way",
        ],
    );
    // Titles are text: `<things>` is not a tag. Internal tags (`#hidden`) are not terms.
    let tagged = read(out.path(), "content/posts/tags-and-things.md");
    has(
        &tagged,
        &[
            "title: \"Tags & <things>\"",
            "tags: [\"Life\"]",
            "date: 2015-02-20T11:00:00Z",
        ],
    );
    assert!(!tagged.contains("hidden"), "{tagged}");
    assert_eq!(report.items[0].line, 19, "a post is named by its line");
}

#[test]
fn ghost_4_mobiledoc_statuses_visibility_and_cards() {
    let out = tempfile::tempdir().expect("tempdir");
    let report = convert(Source::File(fixture("v4-mobiledoc.json")), out.path());
    let cards = read(out.path(), "content/posts/every-card.md");
    has(
        &cards,
        &[
            "author: \"Ann Archer, Bob Baker\"",
            "tags: [\"Electronics\", \"Rust & C\"]",
            "summary: \"All of Ghost's cards in one post.\"",
            // `__GHOST_URL__`: the site's address is not in the export, but the About page's
            // links to the posts show it.
            "images: [\"https://tinkering.example/content/images/2022/01/cover.jpg\"]",
            "original_url: \"https://tinkering.example/every-card/\"",
            "**Intro** with [a link home](https://tinkering.example/).",
            "![A harbour](https://tinkering.example/content/images/2022/01/harbour.jpg)\n\nAt dawn",
            "![A](https://tinkering.example/content/images/2022/01/a.jpg)\n\n![](https://tinkering.example/content/images/2022/01/b.jpg)\n\nTwo views",
            "> [He Warned Apple About the Risks in China](https://www.nytimes.com/2021/06/17/technology/apple-china.html)\\\n\
             > Doug Guthrie rang the alarm.\\\n> The New York Times · Jack Nicas",
            "{{< youtube dQw4w9WgXcQ >}}\n\nThe song",
            "```rust\nfn main() {\n    println!(\"hi\");\n}\n```\n\nHello",
            "Line one\\\nline two[^1]",
            "[^1]: A footnote.",
            "> 💡 Remember the **backups**.",
            "#### Is it free?\n\nYes.",
            "## Part two\n\n### In which things happen",
            "<audio src=\"https://tinkering.example/content/media/2022/01/episode.mp3\" controls preload=\"metadata\"></audio>\n\nEpisode one",
            "poster=\"https://tinkering.example/content/images/2022/01/clip_thumb.jpg\"></video>\n\nA clip",
            "[Annual report](https://tinkering.example/content/files/2022/01/report.pdf)\n\nAll the numbers",
            "#### The LP\n\n★★★☆☆\n\nOn vinyl.\n\n[Buy](https://shop.example/lp)",
            "| Year | Runs |",
            "After the paywall.",
        ],
    );
    // The email-only card never showed on the site.
    assert!(!cards.contains("email only"), "{cards}");
    let row = |title: &str| {
        report
            .items
            .iter()
            .find(|r| r.title == title)
            .unwrap_or_else(|| panic!("{title} in the report"))
    };
    assert_eq!(
        row("Every card, from the old editor").by_design,
        ["2 Ghost bookmark card pictures removed"]
    );
    assert!(
        row("Every card, from the old editor").warnings[0]
            .starts_with("Ghost code injection (head) not carried over")
    );
    for (title, status, warning) in [
        (
            "For members",
            "draft",
            Some("members-only in Ghost: written as a draft"),
        ),
        (
            "For paying members",
            "draft",
            Some("for paid members only in Ghost: written as a draft"),
        ),
        ("Coming soon", "future", None),
        ("Work in progress", "draft", None),
        (
            "Also on Medium",
            "publish",
            Some("Ghost canonical URL https://medium.com/@ann/also-on-medium-123 not written"),
        ),
    ] {
        let r = row(title);
        assert_eq!(r.status, status, "{title}");
        assert_eq!(r.draft, status != "publish", "{title}");
        match warning {
            Some(w) => assert!(
                r.warnings.iter().any(|x| x.starts_with(w)),
                "{title}: {:?}",
                r.warnings
            ),
            None => assert!(r.warnings.is_empty(), "{title}: {:?}", r.warnings),
        }
    }
    // A draft saved without a slug gets one from its title.
    assert!(
        out.path()
            .join("content/posts/work-in-progress.md")
            .is_file()
    );
    let about = read(out.path(), "content/about.md");
    has(
        &about,
        &[
            "author: \"Bob Baker\"",
            "[cards](/posts/every-card/)",
            "[every card](/posts/every-card/)",
            // A link to a post written as a draft keeps its old address.
            "[the members' post](https://tinkering.example/for-members/)",
            "[the one on Medium](/posts/also-on-medium/)",
        ],
    );
}

#[test]
fn ghost_5_lexical_emails_tiers_and_ghosts_own_html() {
    let out = tempfile::tempdir().expect("tempdir");
    let report = convert(Source::File(fixture("v5-lexical.json")), out.path());
    let lexical = read(out.path(), "content/posts/everything-newer.md");
    has(
        &lexical,
        &[
            "author: \"Ann Archer\"",
            "tags: [\"Making\"]",
            "**Bold _and italic_**, `code`, <mark>marked</mark> and a [link to the about page](/about-us/)\\\nnext line.",
            "1. one\n   - one.a\n2. two",
            "> A quote.\n\n> A pull quote.",
            "> ⚠️ Mind the gap.",
            "> [An essay](https://example.org/essay)",
            "```sql\nSELECT 1;\n```",
            "> Shipped it.",
            "loop muted playsinline poster=\"https://tinkering.example/content/images/2024/03/demo_thumb.jpg\"",
            "[slides.pdf](https://tinkering.example/content/files/2024/03/slides.pdf)",
            // Its links show the posts were served under /blog/ (a custom route).
            "aliases: [\"/blog/everything-newer/\"]",
            "#### A kit\n\nSolder it yourself.\n\n[Order](https://shop.example/kit)",
            "## Meetup\n\nEvery Thursday\n\n[Register](https://example.com/event)",
            "[Read the docs](https://docs.example/)",
            "Enjoying this? Share it.\n\n[Share](https://share.example/)",
            "A **markdown** card\\\nwith a break.",
            "For members.",
        ],
    );
    for gone in ["Sign up for Tinkering", "Email only.", "Check your inbox"] {
        assert!(!lexical.contains(gone), "{gone} in\n{lexical}");
    }
    // Ghost's own rendering: the same cards, the player's controls and the form dropped.
    let html = read(out.path(), "content/posts/rendered-by-ghost.md");
    has(
        &html,
        &[
            "> [An essay](https://example.org/essay)\\\n> Worth your time.\\\n> Example Org · E. Sayer",
            "<audio src=\"https://tinkering.example/content/media/2024/03/talk.mp3\" controls preload=\"metadata\"></audio>\n\nThe talk",
            "See [everything](/posts/everything-newer/), [the tiered post](https://tinkering.example/blog/for-some-tiers/)",
            "and [everything again](/posts/everything-newer/).",
        ],
    );
    let body = html.rsplit("---\n").next().unwrap_or_default();
    for gone in ["0:00", "Email sent!", "No spam", "1×"] {
        assert!(!body.contains(gone), "{gone} in\n{body}");
    }
    let row = |title: &str| {
        report
            .items
            .iter()
            .find(|r| r.title == title)
            .unwrap_or_else(|| panic!("{title} in the report"))
    };
    assert_eq!(
        row("Rendered by Ghost").by_design,
        [
            "2 Ghost bookmark card pictures removed",
            "1 Ghost membership signup form removed"
        ]
    );
    for title in ["Newsletter only", "Email only, by its metadata"] {
        let r = row(title);
        assert!(r.draft, "{title}");
        assert_eq!(
            r.warnings,
            [
                "sent as an email newsletter only, never published on the Ghost site: written as a draft"
            ]
        );
    }
    assert!(row("For some tiers").draft);
    let broken = row("Broken document");
    assert!(
        broken
            .warnings
            .iter()
            .any(|w| w.starts_with("db[0].data.posts[5]: its lexical document cannot be read")),
        "{:?}",
        broken.warnings
    );
    assert!(
        broken
            .warnings
            .iter()
            .any(|w| w.starts_with("Ghost code injection (foot)")),
        "{:?}",
        broken.warnings
    );
}

#[test]
fn without_links_to_itself_the_site_is_root_relative() {
    let json = r#"{"db":[{"meta":{"version":"5.0.0"},"data":{"posts":[
        {"id":"a","title":"One","slug":"one","status":"published","feature_image":"__GHOST_URL__/content/images/x.jpg",
         "html":"<p><img src=\"__GHOST_URL__/content/images/y.jpg\" alt=\"y\"> <a href=\"__GHOST_URL__/two/\">two</a> <a href=\"__GHOST_URL__\">home</a></p>"},
        {"id":"b","title":"Two","slug":"two","status":"published","html":"<p>2</p>"}]}}]}"#;
    let out = tempfile::tempdir().expect("tempdir");
    let report = convert(bytes(json), out.path());
    assert_eq!(report.summary.written, 2);
    let one = read(out.path(), "content/posts/one.md");
    has(
        &one,
        &[
            "images: [\"/content/images/x.jpg\"]",
            "aliases: [\"/one/\"]",
            "![y](/content/images/y.jpg) [two](/posts/two/) [home](/)",
        ],
    );
    // Those images point at nothing on the new site: the row says so, and how to fix it.
    let row = &report.items[0];
    assert!(
        row.warnings
            .iter()
            .any(|w| w.starts_with("2 uploads are on the old site") && w.contains("--site-url")),
        "{:?}",
        row.warnings
    );
    // And the run's summary counts such posts once, for a batch of hundreds.
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.starts_with("1 post shows uploads from the old site")),
        "{:?}",
        report.notes
    );
}

#[test]
fn media_copy_takes_the_images_from_the_content_folder_beside_the_export() {
    // A Ghost backup: the JSON and the site's `content` folder side by side.
    let tmp = tempfile::tempdir().expect("tempdir");
    let backup = tmp.path().join("backup");
    std::fs::create_dir_all(backup.join("content/images/2024/03")).expect("folders");
    std::fs::write(backup.join("content/images/2024/03/x.jpg"), b"x").expect("image");
    std::fs::write(
        backup.join("export.json"),
        r#"{"db":[{"meta":{"version":"5.0.0"},"data":{"posts":[
        {"id":"a","title":"One","slug":"one","status":"published","feature_image":"__GHOST_URL__/content/images/2024/03/x.jpg",
         "html":"<p><img src=\"__GHOST_URL__/content/images/size/w600/2024/03/x.jpg\" alt=\"x\"></p>"}]}}]}"#,
    )
    .expect("export");
    let out = tmp.path().join("out");
    let run = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .arg("convert")
        .arg(&backup)
        .arg("-o")
        .arg(&out)
        .args(["--media", "copy", "-q"])
        .output()
        .expect("runs");
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    // Hugo: in the post's page bundle, every size of it one file.
    assert_eq!(
        std::fs::read(out.join("content/posts/one/x.jpg")).expect("copied"),
        b"x"
    );
    has(
        &read(&out, "content/posts/one/index.md"),
        &["images: [\"x.jpg\"]", "![x](x.jpg)"],
    );
    // A file names no folder to search: --uploads is asked for.
    let run = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .arg("convert")
        .arg(backup.join("export.json"))
        .arg("-o")
        .arg(tmp.path().join("out2"))
        .args(["--media", "copy"])
        .output()
        .expect("runs");
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("--uploads"));
}

#[test]
fn the_site_url_given_places_root_relative_addresses_on_the_old_site() {
    let json = r#"{"db":[{"meta":{"version":"5.0.0"},"data":{"posts":[
        {"id":"a","title":"One","slug":"one","status":"published","feature_image":"__GHOST_URL__/content/images/x.jpg",
         "html":"<p><img src=\"__GHOST_URL__/content/images/y.jpg\" alt=\"y\"> <a href=\"__GHOST_URL__/two/\">two</a> <a href=\"https://blog.example/two/\">again</a></p>"},
        {"id":"b","title":"Two","slug":"two","status":"published","html":"<p>2</p>"},
        {"id":"c","title":"Later","slug":"later","status":"draft","html":"<p><img src=\"__GHOST_URL__/content/images/z.jpg\" alt=\"z\"></p>"}]}}]}"#;
    let out = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        site_url: Some("https://blog.example".into()),
        ..Options::default()
    };
    let report = unpress::convert_wxr(&bytes(json), out.path(), &opts);
    assert_eq!(report.summary.written, 3);
    has(
        &read(out.path(), "content/posts/one.md"),
        &[
            "images: [\"https://blog.example/content/images/x.jpg\"]",
            "aliases: [\"/one/\"]",
            "![y](https://blog.example/content/images/y.jpg) [two](/posts/two/) [again](/posts/two/)",
        ],
    );
    // A draft has no address, but its images are still the old site's.
    has(
        &read(out.path(), "content/posts/later.md"),
        &["![z](https://blog.example/content/images/z.jpg)"],
    );
    for row in &report.items {
        assert!(row.warnings.is_empty(), "{}: {:?}", row.title, row.warnings);
    }
}

#[test]
fn an_import_file_with_tags_and_authors_inside_its_posts() {
    let out = tempfile::tempdir().expect("tempdir");
    convert(Source::File(fixture("import.json")), out.path());
    let post = read(out.path(), "content/posts/un-plugin.md");
    has(
        &post,
        &[
            "author: \"Jonathan F.\"",
            "tags: [\"php\", \"web dev\"]",
            // Seconds since 1970.
            "date: 2006-12-13T08:53:20Z",
        ],
    );
    assert!(!post.contains("import"), "{post}");
    assert!(out.path().join("content/a-propos.md").is_file());
}

#[test]
fn jekyll_gets_dated_files_and_drafts_unpublished() {
    let out = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        target: unpress::Target::Jekyll,
        ..Options::default()
    };
    let report = unpress::convert_wxr(
        &Source::File(fixture("v4-mobiledoc.json")),
        out.path(),
        &opts,
    );
    assert_eq!(report.summary.written, 7);
    let members = read(out.path(), "_posts/2022-01-11-for-members.md");
    has(&members, &["published: false"]);
    let cards = read(out.path(), "_posts/2022-01-11-every-card.md");
    has(
        &cards,
        &[
            "redirect_from: [\"/every-card/\"]",
            "image: \"https://tinkering.example/content/images/2022/01/cover.jpg\"",
        ],
    );
}

#[test]
fn the_command_line_sniffs_it_and_from_ghost_forces_it() {
    for name in [
        "v0.json",
        "v4-mobiledoc.json",
        "v5-lexical.json",
        "import.json",
    ] {
        for extra in [&[][..], &["--from", "ghost"][..]] {
            let out = tempfile::tempdir().expect("tempdir");
            let status = Command::new(env!("CARGO_BIN_EXE_unpress"))
                .arg("convert")
                .arg(fixture(name))
                .arg("-o")
                .arg(out.path())
                .arg("-q")
                .args(extra)
                .status()
                .expect("runs");
            assert_eq!(status.code(), Some(0), "{name} {extra:?}");
        }
    }
    // An address without a scheme or host is a usage error, before anything is read.
    for bad in ["blog.example", "https://", "ftp://blog.example"] {
        let out = Command::new(env!("CARGO_BIN_EXE_unpress"))
            .arg("convert")
            .arg(fixture("v0.json"))
            .args(["--site-url", bad, "--dry-run"])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{bad}: {err}");
        assert!(err.contains("--site-url"), "{err}");
    }
    // JSON that is no Ghost export: one line, exit 2, forced or not.
    let dir = tempfile::tempdir().expect("tempdir");
    let other = dir.path().join("api.json");
    std::fs::write(
        &other,
        r#"[{"url": "https://x.example/1", "data": {"slug": "1"}}]"#,
    )
    .expect("written");
    for extra in [&[][..], &["--from", "ghost"][..]] {
        let out = Command::new(env!("CARGO_BIN_EXE_unpress"))
            .arg("convert")
            .arg(&other)
            .arg("-o")
            .arg(dir.path().join("out"))
            .args(extra)
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {err}");
        assert!(
            err.contains("not a") || err.contains("not an export"),
            "{err}"
        );
    }
}

#[test]
fn inspect_reads_it_as_what_it_is() {
    let out = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .arg("inspect")
        .arg(fixture("v4-mobiledoc.json"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    has(
        &text,
        &[
            ": Ghost, site https://tinkering.example, 7 items",
            "Problems\n  none",
        ],
    );
}

#[test]
fn a_cut_export_keeps_every_post_before_the_cut_and_says_where() {
    let text = std::fs::read_to_string(fixture("v4-mobiledoc.json")).expect("fixture");
    let cut = &text[..text.find("\"For paying members\"").expect("in the fixture") + 40];
    let out = tempfile::tempdir().expect("tempdir");
    let report = convert(bytes(cut), out.path());
    assert_eq!(report.summary.written, 2);
    assert_eq!(report.summary.failed, 1);
    let error = &report.errors[0];
    assert!(
        error
            .message
            .starts_with("the export is truncated in db[0].data.posts[2]."),
        "{error:?}"
    );
    assert_eq!(error.line, Some(81));
    let failed = report.items.last().expect("a row for the cut post");
    assert_eq!((failed.outcome, failed.line), (Outcome::Failed, 77));
    // The tags and authors come after the posts: the posts say so.
    assert_eq!(
        report.problems[0].message,
        "the export is damaged before the end of its tags, posts_tags, users, posts_authors \
         tables: posts are written without the tags and authors they hold"
    );
}

#[test]
fn a_cut_in_the_tables_after_the_posts_keeps_every_post_and_says_what_is_missing() {
    let text = std::fs::read_to_string(fixture("v4-mobiledoc.json")).expect("fixture");
    let cut = &text[..text.find("\"posts_tags\"").expect("in the fixture") + 60];
    let out = tempfile::tempdir().expect("tempdir");
    let report = convert(bytes(cut), out.path());
    assert_eq!((report.summary.written, report.summary.failed), (7, 0));
    assert!(
        report.errors[0]
            .message
            .starts_with("the export is truncated in db[0].data.posts_tags"),
        "{:?}",
        report.errors
    );
    assert!(
        report.problems[0]
            .message
            .contains("before the end of its tags, posts_tags, users tables"),
        "{:?}",
        report.problems
    );
    // Ghost lists the users after the damage too: the post is written without its
    // authors and tags, and everything else.
    let cards = read(out.path(), "content/posts/every-card.md");
    has(
        &cards,
        &["title: \"Every card, from the old editor\"", "## Part two"],
    );
    assert!(
        !cards.contains("tags:") && !cards.contains("author:"),
        "{cards}"
    );
}

#[test]
fn hostile_exports_never_panic() {
    let deep = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    let huge = "x".repeat(4 << 20);
    let cases: Vec<(String, usize)> = vec![
        // Wrong types everywhere: numbers for strings, objects for scalars, a post that is a
        // string, tables that are not lists.
        (
            r#"{"db":[{"data":{"posts":[{"title":42,"slug":{"a":1},"status":["published"],"html":7,"page":"1","published_at":true},"not a post",null,{"title":"fine","status":"published","html":"<p>ok</p>","visibility":{"x":1}}],"tags":"none","posts_tags":{"a":1},"users":[1,2,[3]]}}]}"#.into(),
            2,
        ),
        // Deep nesting: passed over where a scalar belongs, a note where it is an editor's
        // document (deeper than the parser allows).
        (
            format!(
                r#"{{"data":{{"posts":[{{"title":{deep},"html":"<p>a</p>"}},{{"title":"deep","x":{deep},"tags":{deep},"lexical":"{}"}}]}}}}"#,
                deep.replace('1', "{}")
            ),
            2,
        ),
        // A huge title and body.
        (
            format!(r#"{{"data":{{"posts":[{{"title":"{huge}","slug":"big","html":"<p>{huge}</p>"}}]}}}}"#),
            1,
        ),
        // Slugs that try to leave the output folder.
        (
            r#"{"data":{"posts":[{"title":"a","slug":"../../etc/passwd","status":"published","html":"<p>a</p>"},{"title":"b","slug":"/abs/path","status":"published"},{"title":"c","slug":"..\\..\\win","status":"published"}]}}"#.into(),
            3,
        ),
        // Ids of every kind, a relation to nothing, a tag without a name, a user without
        // anything.
        (
            r#"{"data":{"posts":[{"id":-1,"title":"neg"},{"id":1.5,"title":"float"},{"id":"","title":"empty"}],"posts_tags":[{"post_id":-1,"tag_id":99},{"post_id":1.5,"tag_id":"t"}],"tags":[{"id":"t"}],"users":[{}],"posts_authors":[{"post_id":"","author_id":""}]}}"#.into(),
            3,
        ),
        // Garbage editor documents.
        (
            r#"{"data":{"posts":[{"title":"l","lexical":"{\"root\":{\"children\":[{\"type\":\"list\",\"children\":[{\"children\":[{\"type\":\"list\"}]}]},7,\"x\"]}}"},{"title":"m","mobiledoc":"{\"version\":\"0.3.1\",\"sections\":[[10,-1],[1,\"p\",[[0,[5,6],9,\"x\"]]],[3,\"ul\",7]],\"cards\":[[\"image\",{\"src\":7}]]}"},{"title":"n","mobiledoc":"[[[["}]}}"#.into(),
            3,
        ),
        // Not an export at all, or an empty one.
        ("{}".into(), 0),
        ("[]".into(), 0),
        (r#"{"db":[]}"#.into(), 0),
        (r#"{"db":[{"data":{}}]}"#.into(), 0),
        ("\u{feff}{\"data\":{\"posts\":[]}}   \n".into(), 0),
    ];
    for (json, written) in cases {
        let out = tempfile::tempdir().expect("tempdir");
        let opts = Options {
            export: Some(unpress::read::ExportFormat::Ghost),
            ..Options::default()
        };
        let report = unpress::convert_wxr(&bytes(&json), out.path(), &opts);
        let shown: String = json.chars().take(80).collect();
        assert_eq!(report.summary.written, written, "{shown}: {report:?}");
        for f in common::files(out.path()) {
            assert!(
                !f.components().any(|c| c.as_os_str() == ".."),
                "{f:?} escapes"
            );
        }
    }
}

#[test]
fn bytes_that_are_not_utf8_are_an_error_with_a_place() {
    let mut json = br#"{"data":{"posts":[{"title":"ok","html":"<p>a</p>"},{"title":"caf"#.to_vec();
    json.extend_from_slice(b"\xe9\"}]}}");
    let source = Source::Bytes {
        name: "latin1.json".into(),
        data: std::sync::Arc::new(json),
    };
    let out = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        export: Some(unpress::read::ExportFormat::Ghost),
        ..Options::default()
    };
    let report = unpress::convert_wxr(&source, out.path(), &opts);
    assert_eq!(report.summary.written, 1);
    assert!(
        report.errors[0].message.contains("db") || report.errors[0].message.contains("posts[1]"),
        "{:?}",
        report.errors
    );
}

mod cuts {
    use proptest::prelude::*;
    use unpress::Source;
    use unpress::read::wxr::ReadMode;

    fn titles(bytes: &[u8]) -> (Vec<String>, bool) {
        let source = Source::Bytes {
            name: "x.json".into(),
            data: std::sync::Arc::new(bytes.to_vec()),
        };
        let mut titles = Vec::new();
        let ok = unpress::read::ghost::read_source(&source, ReadMode::Full, |_, item| {
            titles.push(item.title);
            true
        })
        .is_ok();
        (titles, ok)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// An export cut anywhere, or with a byte changed, reads without panicking; a cut one
        /// gives the posts before the cut, in order.
        #[test]
        fn any_cut_keeps_the_posts_before_it(cut in 0usize..100_000, flip in 0usize..100_000, byte in any::<u8>()) {
            let full = std::fs::read(super::fixture("v5-lexical.json")).expect("fixture");
            let (all, ok) = titles(&full);
            prop_assert!(ok);
            let cut = cut % full.len();
            let (some, _) = titles(&full[..cut]);
            prop_assert!(some.len() <= all.len());
            prop_assert_eq!(&all[..some.len()], &some[..]);
            let mut changed = full.clone();
            let at = flip % changed.len();
            changed[at] = byte;
            let _ = titles(&changed);
        }

        /// Any text in a post's body and slug reads without panicking (the first pass scans
        /// bodies for links to the site itself).
        #[test]
        fn any_body_reads(body in "(\\PC|://|https?://[a-z./]{0,12}){0,40}", slug in "\\PC{0,12}") {
            let post = serde_json::json!({"slug": slug, "title": "t", "html": body, "lexical": body});
            let doc = serde_json::json!({"data": {"posts": [post.clone(), post]}}).to_string();
            let (titles, ok) = titles(doc.as_bytes());
            prop_assert!(ok);
            prop_assert_eq!(titles.len(), 2);
        }
    }
}
