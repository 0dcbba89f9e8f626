//! `--media download` against a loopback HTTP server that the test runs itself: files land in
//! the output folder, references point at them, failures are warnings that keep the old URL,
//! a re-run fetches nothing it already has, and hostile paths write nothing outside the output.
#![cfg(feature = "download")]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A minimal HTTP/1.1 server on 127.0.0.1: one thread per connection, `Connection: close`,
/// every request path logged. Stops when dropped.
struct Server {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("address");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let (thread_log, thread_stop) = (Arc::clone(&log), Arc::clone(&stop));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if thread_stop.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let log = Arc::clone(&thread_log);
                    std::thread::spawn(move || serve(stream, &log));
                }
            }
        });
        Server { addr, log, stop }
    }

    fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How often each path was asked for.
    fn counts(&self) -> HashMap<String, usize> {
        let mut counts = HashMap::new();
        for path in self.log.lock().expect("log").iter() {
            *counts.entry(path.clone()).or_default() += 1;
        }
        counts
    }

    #[cfg(feature = "cli")]
    fn requests(&self) -> usize {
        self.log.lock().expect("log").len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

const UPLOADS: &str = "/wp-content/uploads/2020/01/";

fn serve(mut stream: TcpStream, log: &Mutex<Vec<String>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut chunk = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&chunk[..n]),
        }
        if head.len() > 16 * 1024 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let path = head.split_whitespace().nth(1).unwrap_or("").to_string();
    let earlier = {
        let mut log = log.lock().expect("log");
        let earlier = log.iter().filter(|p| **p == path).count();
        log.push(path.clone());
        earlier
    };
    let file = path.strip_prefix(UPLOADS).unwrap_or("");
    let (status, extra, body): (&str, String, Vec<u8>) = match (path.as_str(), file) {
        (_, "photo.jpg") => ("200 OK", String::new(), b"JPEG-photo".to_vec()),
        (_, "report.pdf") => ("200 OK", String::new(), b"%PDF-report".to_vec()),
        (_, "%E6%9D%B1%E4%BA%AC.jpg") => ("200 OK", String::new(), b"JPEG-tokyo".to_vec()),
        // Fails once with a 503, then works: the client must retry.
        (_, "flaky.png") if earlier == 0 => {
            ("503 Service Unavailable", String::new(), b"busy".to_vec())
        }
        (_, "flaky.png") => ("200 OK", String::new(), b"PNG-flaky".to_vec()),
        (_, "moved.jpg") => (
            "302 Found",
            "Location: /elsewhere/moved.jpg\r\n".into(),
            Vec::new(),
        ),
        ("/elsewhere/moved.jpg", _) => ("200 OK", String::new(), b"JPEG-moved".to_vec()),
        (_, "to-file.jpg") => (
            "302 Found",
            "Location: file:///etc/passwd\r\n".into(),
            Vec::new(),
        ),
        ("/wp-content/uploads/2021/02/through-link.jpg", _) => {
            ("200 OK", String::new(), b"JPEG-link".to_vec())
        }
        (_, "big.bin") => ("200 OK", String::new(), vec![b'x'; 4096]),
        (_, "always-busy.jpg") => ("503 Service Unavailable", String::new(), Vec::new()),
        _ => ("404 Not Found", String::new(), b"not found".to_vec()),
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n{extra}\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
    let _ = stream.flush();
}

/// A small export of the site at `base`: attachments, and posts using their uploads.
fn export(base: &str) -> String {
    let attachment = |id: u64, file: &str| {
        format!(
            r#"<item>
<title>{file}</title>
<link>{base}/?attachment_id={id}</link>
<guid isPermaLink="false">{base}{UPLOADS}{file}</guid>
<wp:post_id>{id}</wp:post_id>
<wp:post_name><![CDATA[{file}]]></wp:post_name>
<wp:status><![CDATA[inherit]]></wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type><![CDATA[attachment]]></wp:post_type>
<wp:attachment_url><![CDATA[{base}{UPLOADS}{file}]]></wp:attachment_url>
<wp:postmeta><wp:meta_key><![CDATA[_wp_attached_file]]></wp:meta_key><wp:meta_value><![CDATA[2020/01/{file}]]></wp:meta_value></wp:postmeta>
</item>"#
        )
    };
    let post = |id: u64, slug: &str, content: &str, meta: &str| {
        format!(
            r#"<item>
<title>{slug}</title>
<link>{base}/2020/01/02/{slug}/</link>
<dc:creator><![CDATA[alice]]></dc:creator>
<content:encoded><![CDATA[{content}]]></content:encoded>
<wp:post_id>{id}</wp:post_id>
<wp:post_date><![CDATA[2020-01-02 03:04:05]]></wp:post_date>
<wp:post_date_gmt><![CDATA[2020-01-02 03:04:05]]></wp:post_date_gmt>
<wp:post_name><![CDATA[{slug}]]></wp:post_name>
<wp:status><![CDATA[publish]]></wp:status>
<wp:post_parent>0</wp:post_parent>
<wp:post_type><![CDATA[post]]></wp:post_type>
{meta}
</item>"#
        )
    };
    let up = |file: &str| format!("{base}{UPLOADS}{file}");
    let items = [
        attachment(10, "photo.jpg"),
        attachment(11, "flaky.png"),
        attachment(12, "missing.jpg"),
        post(
            101,
            "photos",
            &format!(
                r#"<p><img src="{}" alt="a photo"></p>
<p><img src="{}" alt="flaky"> <a href="{}">the report</a></p>
<p><img src="{}" alt="tokyo"></p>"#,
                up("photo-300x200.jpg"),
                up("flaky.png"),
                up("report.pdf"),
                up("%E6%9D%B1%E4%BA%AC.jpg"),
            ),
            "<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[10]]></wp:meta_value></wp:postmeta>",
        ),
        post(
            102,
            "broken",
            &format!(
                r#"<p><img src="{}" alt="gone"> <img src="{}" alt="again"></p>
<p><img src="{}" alt="moved"> <img src="{}" alt="to a file"></p>"#,
                up("missing.jpg"),
                up("photo.jpg?w=604"),
                up("moved.jpg"),
                up("to-file.jpg"),
            ),
            "",
        ),
        post(
            103,
            "hostile",
            &format!(
                r#"<p><img src="{base}/wp-content/uploads/2020/01/..%2F..%2F..%2F..%2Fescape.jpg" alt="up"></p>
<p><img src="{base}/wp-content/uploads/.hidden/x.jpg" alt="dot"></p>
<p><img src="{base}/wp-content/uploads/2021/02/through-link.jpg" alt="link"></p>"#
            ),
            "",
        ),
    ];
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<title>Loopback</title>
<link>{base}</link>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>{base}</wp:base_site_url>
<wp:base_blog_url>{base}</wp:base_blog_url>
<wp:author><wp:author_login><![CDATA[alice]]></wp:author_login><wp:author_display_name><![CDATA[Alice]]></wp:author_display_name></wp:author>
{}
</channel>
</rss>
"#,
        items.join("\n")
    )
}

/// Runs the binary, killed if it takes longer than a minute; the environment's proxies are
/// removed so requests go straight to the loopback server.
#[cfg(feature = "cli")]
fn unpress(args: &[&str]) -> std::process::Output {
    use std::process::{Command, Stdio};
    use std::time::Instant;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_unpress"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in [
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
    ] {
        cmd.env_remove(var);
    }
    let mut child = cmd.spawn().expect("binary runs");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("unpress did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("output")
}

#[cfg(feature = "cli")]
fn read(path: &std::path::Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[cfg(feature = "cli")]
fn warnings(report: &serde_json::Value, id: u64) -> Vec<String> {
    report["items"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no row {id}"))["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter_map(|w| w.as_str().map(str::to_string))
        .collect()
}

#[cfg(feature = "cli")]
#[test]
fn downloads_uploads_rewrites_references_and_resumes() {
    let server = Server::start();
    let base = server.base();
    let tmp = tempfile::tempdir().expect("tempdir");
    let src = tmp.path().join("export.xml");
    std::fs::write(&src, export(&base)).expect("export");
    let out = tmp.path().join("site");
    let outside = tmp.path().join("outside");
    std::fs::create_dir_all(&outside).expect("outside");
    #[cfg(unix)]
    {
        // A symlink inside the output folder must not be written through.
        std::fs::create_dir_all(out.join("assets/uploads")).expect("uploads");
        std::os::unix::fs::symlink(&outside, out.join("assets/uploads/2021")).expect("symlink");
    }
    let report_path = tmp.path().join("report.json");
    let args = |extra: &[&str]| {
        let mut a = vec![
            "convert".to_string(),
            src.display().to_string(),
            "-o".into(),
            out.display().to_string(),
            "--media".into(),
            "download".into(),
            "-t".into(),
            "jekyll".into(),
            "--report".into(),
            report_path.display().to_string(),
        ];
        a.extend(extra.iter().map(|s| s.to_string()));
        a
    };

    let first = args(&[]);
    let o = unpress(&first.iter().map(String::as_str).collect::<Vec<_>>());
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("media: 5 uploads downloaded, 0 already in the output folder, 3 failed"),
        "{stderr}"
    );

    let media = out.join("assets/uploads/2020/01");
    for (file, bytes) in [
        ("photo.jpg", "JPEG-photo"),
        ("flaky.png", "PNG-flaky"),
        ("report.pdf", "%PDF-report"),
        ("東京.jpg", "JPEG-tokyo"),
        ("moved.jpg", "JPEG-moved"),
    ] {
        assert_eq!(read(&media.join(file)), bytes, "{file}");
    }
    assert!(!media.join("missing.jpg").exists());
    assert!(!media.join("to-file.jpg").exists());

    let photos = read(&out.join("_posts/2020-01-02-photos.md"));
    for local in [
        "(/assets/uploads/2020/01/photo.jpg)",
        "(/assets/uploads/2020/01/flaky.png)",
        "(/assets/uploads/2020/01/report.pdf)",
        "(/assets/uploads/2020/01/%E6%9D%B1%E4%BA%AC.jpg)",
        "image: \"/assets/uploads/2020/01/photo.jpg\"",
    ] {
        assert!(photos.contains(local), "{local} in {photos}");
    }
    assert!(
        !photos.contains(&format!("{base}/wp-content")),
        "no upload left on the old host: {photos}"
    );

    let broken = read(&out.join("_posts/2020-01-02-broken.md"));
    let missing = format!("{base}{UPLOADS}missing.jpg");
    assert!(broken.contains(&format!("({missing})")), "{broken}");
    assert!(
        broken.contains("(/assets/uploads/2020/01/photo.jpg)"),
        "{broken}"
    );
    assert!(
        broken.contains("(/assets/uploads/2020/01/moved.jpg)"),
        "{broken}"
    );
    assert!(
        broken.contains(&format!("({base}{UPLOADS}to-file.jpg)")),
        "{broken}"
    );

    let report: serde_json::Value = serde_json::from_str(&read(&report_path)).expect("json");
    let w102 = warnings(&report, 102);
    assert!(
        w102.iter()
            .any(|w| w.contains("HTTP 404") && w.contains(&missing)),
        "{w102:?}"
    );
    assert!(
        w102.iter()
            .any(|w| w.contains("non-http") && w.contains("to-file.jpg")),
        "{w102:?}"
    );
    assert_eq!(w102.len(), 2, "{w102:?}");
    assert!(warnings(&report, 101).is_empty());
    let w103 = warnings(&report, 103);
    assert!(
        w103.iter().any(|w| w.contains("through-link.jpg")),
        "{w103:?}"
    );

    // Nothing written outside the output folder: not through the symlink, not by `..`.
    assert_eq!(std::fs::read_dir(&outside).expect("outside").count(), 0);
    let mut top: Vec<String> = std::fs::read_dir(tmp.path())
        .expect("tmp")
        .filter_map(|e| e.ok().map(|e| e.file_name().to_string_lossy().into_owned()))
        .collect();
    top.sort();
    assert_eq!(top, ["export.xml", "outside", "report.json", "site"]);

    let counts = server.counts();
    let count = |file: &str| counts.get(&format!("{UPLOADS}{file}")).copied();
    assert_eq!(
        count("photo.jpg"),
        Some(1),
        "one fetch for three references"
    );
    assert_eq!(count("flaky.png"), Some(2), "retried after the 503");
    assert_eq!(count("missing.jpg"), Some(1), "no retry after a 404");
    assert_eq!(
        count("photo-300x200.jpg"),
        None,
        "the original, not the variant"
    );
    assert!(
        counts
            .keys()
            .all(|p| !p.contains("escape") && !p.contains(".hidden") && !p.contains('?')),
        "{counts:?}"
    );

    // A re-run (posts overwritten) fetches only what failed before.
    let before = server.counts();
    let second = args(&["--force"]);
    let o = unpress(&second.iter().map(String::as_str).collect::<Vec<_>>());
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("media: 0 uploads downloaded, 5 already in the output folder, 3 failed"),
        "{stderr}"
    );
    let after = server.counts();
    let new: Vec<&String> = after
        .keys()
        .filter(|p| after.get(*p) != before.get(*p))
        .collect();
    for path in &new {
        assert!(
            ["missing.jpg", "to-file.jpg", "through-link.jpg"]
                .iter()
                .any(|f| path.ends_with(f)),
            "re-fetched {path}"
        );
    }
    assert_eq!(read(&out.join("_posts/2020-01-02-photos.md")), photos);

    // --dry-run asks the network nothing.
    let requests = server.requests();
    let dry = args(&["--dry-run"]);
    let o = unpress(&dry.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(server.requests(), requests);
}

#[test]
fn gives_up_after_the_retries_and_over_the_size_cap() {
    use unpress::media::{DownloadOptions, MediaMode};
    use unpress::{Options, Source, Target, convert_wxr};
    let server = Server::start();
    let base = server.base();
    let doc = export(&base).replace(
        "missing.jpg\" alt=\"gone\"",
        "always-busy.jpg\" alt=\"busy\"> <img src=\"/wp-content/uploads/2020/01/big.bin\"",
    );
    let tmp = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        media: MediaMode::Download(DownloadOptions {
            retries: 2,
            backoff: Duration::from_millis(10),
            max_bytes: 1000,
            ..DownloadOptions::default()
        }),
        target: Target::Jekyll,
        ..Options::default()
    };
    let source = Source::Bytes {
        name: "loopback.xml".into(),
        data: Arc::new(doc.into_bytes()),
    };
    let report = convert_wxr(&source, tmp.path(), &opts);
    let row = report
        .items
        .iter()
        .find(|r| r.id == Some(102))
        .expect("row");
    assert!(
        row.warnings
            .iter()
            .any(|w| w.contains("HTTP 503, 3 attempts") && w.contains("always-busy.jpg")),
        "{:?}",
        row.warnings
    );
    assert!(
        row.warnings
            .iter()
            .any(|w| w.contains("larger than the limit of 1000 bytes") && w.contains("big.bin")),
        "{:?}",
        row.warnings
    );
    let counts = server.counts();
    assert_eq!(counts.get(&format!("{UPLOADS}always-busy.jpg")), Some(&3));
    let uploads = tmp.path().join("assets/uploads/2020/01");
    assert!(!uploads.join("big.bin").exists());
    assert!(!uploads.join("always-busy.jpg").exists());
    assert!(uploads.join("photo.jpg").is_file());
}

#[cfg(feature = "cli")]
#[test]
fn help_names_download_and_uploads_stay_with_copy() {
    let o = unpress(&["convert", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(help.contains("download"), "{help}");
    let o = unpress(&[
        "convert",
        concat!(env!("CARGO_MANIFEST_DIR"), "/samples/export.xml"),
        "-o",
        "x",
        "--media",
        "download",
        "--uploads",
        "y",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("--uploads is only used with --media copy")
    );
}

/// Hugo page bundles: each post's uploads sit beside its `index.md`, referenced by file name;
/// an upload two posts share is fetched once and copied into both bundles.
#[test]
fn bundles_hold_each_posts_own_uploads() {
    use unpress::media::{DownloadOptions, MediaMode};
    use unpress::{Options, Source, convert_wxr};
    let server = Server::start();
    let base = server.base();
    let tmp = tempfile::tempdir().expect("tempdir");
    let opts = Options {
        media: MediaMode::Download(DownloadOptions::default()),
        ..Options::default()
    };
    let source = Source::Bytes {
        name: "loopback.xml".into(),
        data: Arc::new(export(&base).into_bytes()),
    };
    let report = convert_wxr(&source, tmp.path(), &opts);
    assert_eq!(report.summary.failed, 0);
    let photos_dir = tmp.path().join("content/posts/photos");
    let broken_dir = tmp.path().join("content/posts/broken");
    let photos = std::fs::read_to_string(photos_dir.join("index.md")).expect("photos bundle");
    for local in [
        "(photo.jpg)",
        "(flaky.png)",
        "(report.pdf)",
        "(%E6%9D%B1%E4%BA%AC.jpg)",
        "images: [\"photo.jpg\"]",
    ] {
        assert!(photos.contains(local), "{local} in {photos}");
    }
    for (dir, file, bytes) in [
        (&photos_dir, "photo.jpg", "JPEG-photo"),
        (&photos_dir, "東京.jpg", "JPEG-tokyo"),
        (&broken_dir, "photo.jpg", "JPEG-photo"),
        (&broken_dir, "moved.jpg", "JPEG-moved"),
    ] {
        assert_eq!(
            std::fs::read_to_string(dir.join(file)).expect(file),
            bytes,
            "{}",
            dir.display()
        );
    }
    assert!(
        !tmp.path().join("static").exists(),
        "nothing left centrally"
    );
    let broken = std::fs::read_to_string(broken_dir.join("index.md")).expect("broken bundle");
    assert!(broken.contains("(photo.jpg)"), "{broken}");
    assert_eq!(
        server.counts().get(&format!("{UPLOADS}photo.jpg")),
        Some(&1),
        "fetched once, copied into the second bundle"
    );
}
