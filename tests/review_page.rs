//! The review page in a real browser: headless Chromium, driven over the DevTools protocol on
//! `--remote-debugging-pipe`, loads the page of the sample export and of a generated
//! 10,000-item export, filters and sorts the table, scrolls it, opens a post side by side,
//! shows posts' both sides in their sandboxed frames, and must see no console error and no
//! exception, in the page or in any frame. Prints the 10,000-item page's size and
//! time to first paint. Skips (and says why) when no Chromium is installed; set
//! `UNPRESS_CHROMIUM` to pick a binary, and `UNPRESS_REVIEW_PAGE=FILE.html` to put a page of
//! your own (say, of a 100,000-item export) through the same checks and timing.
#![cfg(target_os = "linux")]

mod common;

use serde_json::{Value, json};
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::FromRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

fn chromium() -> Option<PathBuf> {
    if let Some(bin) = std::env::var_os("UNPRESS_CHROMIUM") {
        return Some(PathBuf::from(bin));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome", "chrome"] {
            let bin = dir.join(name);
            if bin.is_file() {
                return Some(bin);
            }
        }
    }
    None
}

/// One headless browser and one page in it.
struct Browser {
    child: Child,
    to: File,
    from: Receiver<Value>,
    next: u64,
    session: String,
    /// Console errors, exceptions and error log entries seen so far.
    errors: Vec<String>,
    _profile: tempfile::TempDir,
}

/// A pipe whose ends are both at fd 10 or above and closed on exec, so that placing them at
/// 3 and 4 in the child can clobber neither.
fn pipe() -> (i32, i32) {
    let mut fds = [0; 2];
    // SAFETY: `fds` has room for the two descriptors pipe2 writes.
    assert_eq!(unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    let high = fds.map(|fd| {
        // SAFETY: `fd` is a descriptor this process just opened and owns.
        let moved = unsafe { libc::fcntl(fd, libc::F_DUPFD_CLOEXEC, 10) };
        assert!(moved >= 10);
        // SAFETY: as above; the duplicate keeps the pipe open.
        unsafe { libc::close(fd) };
        moved
    });
    (high[0], high[1])
}

impl Browser {
    fn launch(bin: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let (child_reads, we_write) = pipe();
        let (we_read, child_writes) = pipe();
        let mut cmd = Command::new(bin);
        cmd.args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--remote-debugging-pipe",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--window-size=1280,900",
            "about:blank",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        // SAFETY: only async-signal-safe calls (dup2) between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                if libc::dup2(child_reads, 3) < 0 || libc::dup2(child_writes, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        let child = cmd.spawn().expect("chromium starts");
        // SAFETY: the child has its copies; ours of its ends are closed, ours are owned here.
        let (to, from) = unsafe {
            libc::close(child_reads);
            libc::close(child_writes);
            (File::from_raw_fd(we_write), File::from_raw_fd(we_read))
        };
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut from = BufReader::new(from);
            let mut buf = Vec::new();
            while from.read_until(0, &mut buf).is_ok_and(|n| n > 0) {
                if buf.last() == Some(&0) {
                    buf.pop();
                }
                if let Ok(v) = serde_json::from_slice(&buf)
                    && tx.send(v).is_err()
                {
                    break;
                }
                buf.clear();
            }
        });
        let mut b = Browser {
            child,
            to,
            from: rx,
            next: 0,
            session: String::new(),
            errors: Vec::new(),
            _profile: profile,
        };
        let target = b.call_browser("Target.createTarget", json!({"url": "about:blank"}));
        let target = target["targetId"].as_str().unwrap().to_string();
        let attached = b.call_browser(
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        );
        b.session = attached["sessionId"].as_str().unwrap().to_string();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            b.call(domain, json!({}));
        }
        // Sandboxed frames run in processes of their own: their console is only heard
        // through sessions of their own.
        b.call(
            "Target.setAutoAttach",
            json!({"autoAttach": true, "waitForDebuggerOnStart": false, "flatten": true}),
        );
        b
    }

    fn send(&mut self, session: bool, method: &str, params: Value) -> u64 {
        let session = session.then(|| self.session.clone());
        self.send_to(session.as_deref(), method, params)
    }

    fn send_to(&mut self, session: Option<&str>, method: &str, params: Value) -> u64 {
        self.next += 1;
        let mut msg = json!({"id": self.next, "method": method, "params": params});
        if let Some(session) = session {
            msg["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&msg).unwrap();
        bytes.push(0);
        self.to
            .write_all(&bytes)
            .expect("the browser reads commands");
        self.next
    }

    /// The next message, noting the errors the page reports.
    fn recv(&mut self, until: Instant) -> Option<Value> {
        let left = until.saturating_duration_since(Instant::now());
        let msg = match self.from.recv_timeout(left) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => panic!("the browser went away"),
        };
        let params = &msg["params"];
        match msg["method"].as_str() {
            Some("Runtime.exceptionThrown") => {
                self.errors
                    .push(format!("exception: {}", params["exceptionDetails"]));
            }
            Some("Runtime.consoleAPICalled")
                if matches!(params["type"].as_str(), Some("error" | "assert")) =>
            {
                self.errors.push(format!("console: {}", params["args"]));
            }
            Some("Log.entryAdded") if params["entry"]["level"] == "error" => {
                self.errors
                    .push(format!("log: {}", params["entry"]["text"]));
            }
            Some("Target.attachedToTarget") => {
                if let Some(frame) = params["sessionId"].as_str().map(str::to_string) {
                    for domain in ["Runtime.enable", "Log.enable"] {
                        self.send_to(Some(&frame), domain, json!({}));
                    }
                }
            }
            _ => {}
        }
        Some(msg)
    }

    fn wait_reply(&mut self, id: u64, method: &str) -> Value {
        let until = Instant::now() + Duration::from_secs(300);
        while let Some(msg) = self.recv(until) {
            if msg["id"] == id {
                assert!(msg.get("error").is_none(), "{method}: {}", msg["error"]);
                return msg["result"].clone();
            }
        }
        panic!("{method}: no answer in 300 s");
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Value {
        let id = self.send(false, method, params);
        self.wait_reply(id, method)
    }

    fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.send(true, method, params);
        self.wait_reply(id, method)
    }

    fn wait_event(&mut self, method: &str, secs: u64) {
        let until = Instant::now() + Duration::from_secs(secs);
        while let Some(msg) = self.recv(until) {
            if msg["method"] == method {
                return;
            }
        }
        panic!("no {method} in {secs} s");
    }

    /// The value of a script run in the page.
    fn eval(&mut self, expr: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expr, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            r.get("exceptionDetails").is_none(),
            "{expr}: {}",
            r["exceptionDetails"]
        );
        r["result"]["value"].clone()
    }

    /// Polls `expr` until it is true (the page filters after a short pause in typing).
    fn wait_for(&mut self, expr: &str) {
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if self.eval(expr) == json!(true) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("never true: {expr}");
    }

    /// Loads a page; returns the time to its first contentful paint in milliseconds.
    fn open(&mut self, page: &Path) -> f64 {
        self.call(
            "Page.navigate",
            json!({"url": format!("file://{}", page.display())}),
        );
        self.wait_event("Page.loadEventFired", 120);
        self.wait_for("performance.getEntriesByName('first-contentful-paint').length > 0");
        self.eval("performance.getEntriesByName('first-contentful-paint')[0].startTime")
            .as_f64()
            .unwrap()
    }

    fn text(&mut self, selector: &str) -> String {
        let expr = format!("document.querySelector({selector:?})?.textContent ?? ''");
        self.eval(&expr).as_str().unwrap_or_default().to_string()
    }

    fn set(&mut self, selector: &str, value: &str, event: &str) {
        self.eval(&format!(
            "(() => {{ const f = document.querySelector({selector:?}); f.value = {value:?}; \
             f.dispatchEvent(new Event({event:?})); }})()"
        ));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.send(false, "Browser.close", json!({}));
        let until = Instant::now() + Duration::from_secs(5);
        while Instant::now() < until {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn convert(input: &Path, dir: &Path, args: &[&str]) -> PathBuf {
    let page = dir.join("review.html");
    let out = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .arg("convert")
        .arg(input)
        .args(args)
        .arg("-o")
        .arg(dir.join("out"))
        .arg("--review")
        .arg(&page)
        .arg("-q")
        .output()
        .expect("unpress runs");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    page
}

/// Shown rows' numbers (1-based, as the first column shows them) and titles.
fn visible(b: &mut Browser) -> Vec<(u64, String)> {
    let v = b.eval(
        "[...document.querySelectorAll('#spacer .row')].map(r => \
         [+r.firstChild.textContent, r.querySelector('.title').textContent])",
    );
    serde_json::from_value(v).unwrap()
}

/// Shows the first `limit` embedded posts' both sides in sandboxed frames, as the detail view
/// does, a batch at a time, so that anything the sanitizer let through that loads or runs
/// is reported; returns how many posts were shown.
fn show_posts(b: &mut Browser, limit: usize) -> u64 {
    let shown = b.eval(&format!(
        "(async () => {{
          const ids = [...document.querySelectorAll('script[id^=\"c\"]')].map(s => s.id)
            .slice(0, {limit});
          for (let k = 0; k < ids.length; k += 32) {{
            const frames = ids.slice(k, k + 32).flatMap(id => {{
              const p = JSON.parse(document.getElementById(id).textContent);
              return [p[0], p[3]];
            }}).map(html => {{
              const f = document.createElement('iframe');
              f.setAttribute('sandbox', '');
              f.srcdoc = html;
              document.body.appendChild(f);
              return f;
            }});
            await Promise.all(frames.map(f => new Promise(r => {{
              f.onload = r;
              setTimeout(r, 5000);
            }})));
            await new Promise(r => setTimeout(r, 50));
            frames.forEach(f => f.remove());
          }}
          return ids.length;
        }})()"
    ));
    // Frames report from processes of their own: let their last messages arrive.
    let until = Instant::now() + Duration::from_millis(500);
    while b.recv(until).is_some() {}
    shown.as_u64().unwrap()
}

/// Filters, sorts, scrolls and opens rows; every page gets the same checks.
fn exercise(b: &mut Browser, total: usize) {
    let all = format!("{total} of {total} items");
    assert_eq!(b.text("#count"), all);
    let first = visible(b);
    assert!(!first.is_empty(), "the table shows rows");
    assert!(
        first.len() < 200,
        "only rows in view are drawn: {}",
        first.len()
    );

    // Free text: a title that names one post.
    let (_, title) = first
        .iter()
        .rev()
        .find(|(_, t)| !t.is_empty() && t != "(no title)")
        .cloned()
        .unwrap();
    b.set("#f-text", &title, "input");
    b.wait_for(&format!(
        "document.getElementById('count').textContent !== {all:?}"
    ));
    let found = visible(b);
    assert!(!found.is_empty() && found.len() < total);
    assert!(found.iter().any(|(_, t)| *t == title), "{title}: {found:?}");
    b.set("#f-text", "", "input");
    b.wait_for(&format!(
        "document.getElementById('count').textContent === {all:?}"
    ));

    // Outcome: skipped rows only.
    b.set("#f-outcome", "2", "change");
    let skipped = b.eval(
        "[...document.querySelectorAll('#spacer .row span:nth-child(2)')].map(s => s.textContent)",
    );
    let skipped: Vec<String> = serde_json::from_value(skipped).unwrap();
    assert!(
        !skipped.is_empty() && skipped.iter().all(|s| s == "skipped"),
        "{skipped:?}"
    );
    b.set("#f-outcome", "", "change");

    // Warning text: every shown row has a warning with that text.
    b.set("#f-warning", "draft", "input");
    b.wait_for(&format!(
        "document.getElementById('count').textContent !== {all:?}"
    ));
    let warned = b
        .eval("[...document.querySelectorAll('#spacer .row span:nth-child(6)')].map(s => s.title)");
    let warned: Vec<String> = serde_json::from_value(warned).unwrap();
    assert!(warned.iter().all(|w| w.contains("draft")), "{warned:?}");
    b.set("#f-warning", "", "input");
    b.wait_for(&format!(
        "document.getElementById('count').textContent === {all:?}"
    ));

    // A warning kind in the summary filters the table to the items with that warning.
    let kind = b.eval(
        "(() => { const r = document.querySelector('tr.pick'); if (!r) return ''; r.click(); \
         return document.getElementById('f-warning').value; })()",
    );
    let kind = kind.as_str().unwrap_or_default().to_lowercase();
    assert!(!kind.is_empty(), "the summary lists warning kinds to pick");
    let warned = b
        .eval("[...document.querySelectorAll('#spacer .row span:nth-child(6)')].map(s => s.title)");
    let warned: Vec<String> = serde_json::from_value(warned).unwrap();
    assert!(
        !warned.is_empty() && warned.iter().all(|w| w.to_lowercase().contains(&kind)),
        "{kind}: {warned:?}"
    );
    b.set("#f-warning", "", "input");
    b.wait_for(&format!(
        "document.getElementById('count').textContent === {all:?}"
    ));

    // Sort by title, twice: ascending, then descending.
    b.eval("document.querySelector('#thead [data-col=\"3\"]').click()");
    let asc: Vec<String> = visible(b)
        .into_iter()
        .map(|(_, t)| t.to_lowercase())
        .collect();
    assert!(asc.windows(2).all(|w| w[0] <= w[1]), "{asc:?}");
    b.eval("document.querySelector('#thead [data-col=\"3\"]').click()");
    let desc: Vec<String> = visible(b)
        .into_iter()
        .map(|(_, t)| t.to_lowercase())
        .collect();
    assert!(desc.windows(2).all(|w| w[0] >= w[1]), "{desc:?}");
    b.eval("document.querySelector('#thead [data-col=\"0\"]').click()");
    assert_eq!(visible(b).first().map(|r| r.0), Some(1));

    // Scrolling draws the rows that come into view.
    let middle = total / 2;
    b.eval(&format!(
        "document.getElementById('scroller').scrollTop = {} * 26",
        middle
    ));
    b.wait_for(&format!(
        "[...document.querySelectorAll('#spacer .row')].some(r => +r.firstChild.textContent === {})",
        middle + 1
    ));
    b.eval("document.getElementById('scroller').scrollTop = 0");

    // A written post with content opens side by side.
    b.set("#f-outcome", "0", "change");
    let title = b.text("#spacer .row .title");
    b.eval("document.querySelector('#spacer .row').click()");
    assert_eq!(
        b.eval("document.getElementById('detail').hidden"),
        json!(false)
    );
    assert!(b.text("#d-title").ends_with(&title), "{title}");
    let frames = b.eval(
        "[...document.querySelectorAll('#detail iframe')].map(f => \
         [f.getAttribute('sandbox'), f.srcdoc.length])",
    );
    let frames: Vec<(String, usize)> = serde_json::from_value(frames).unwrap();
    assert_eq!(frames.len(), 2, "original and converted");
    assert!(
        frames
            .iter()
            .all(|(sandbox, len)| sandbox.is_empty() && *len > 0)
    );
    b.eval("document.getElementById('d-raw').click()");
    assert_eq!(
        b.eval("document.querySelector('#detail pre.md').hidden"),
        json!(false)
    );
    b.eval("document.getElementById('d-next').click()");
    assert!(!b.text("#d-title").ends_with(&title));
    b.eval("document.getElementById('d-close').click()");
    assert_eq!(
        b.eval("document.getElementById('detail').hidden"),
        json!(true)
    );
    b.set("#f-outcome", "", "change");
}

/// A WXR export of `n` items: posts with lists, tables, code, embeds and scripts (and `pad`
/// more words each), every tenth an attachment, every ninth a draft.
fn generated_export(n: usize, pad: usize) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" \
         xmlns:excerpt=\"http://wordpress.org/export/1.2/excerpt/\" \
         xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:wp=\"http://wordpress.org/export/1.2/\">\n<channel>\n<title>Generated</title>\n\
         <link>https://gen.example</link>\n<wp:wxr_version>1.2</wp:wxr_version>\n\
         <wp:base_site_url>https://gen.example</wp:base_site_url>\n\
         <wp:base_blog_url>https://gen.example</wp:base_blog_url>\n",
    );
    let words = [
        "river", "lantern", "copper", "meadow", "harbor", "violet", "summit",
    ];
    for i in 1..=n {
        let w = words[i % words.len()];
        let (kind, status) = match i {
            _ if i % 10 == 0 => ("attachment", "inherit"),
            _ if i % 9 == 0 => ("post", "draft"),
            _ => ("post", "publish"),
        };
        let body = match i % 4 {
            0 => format!(
                "<p>The {w} of post {i}.</p><ul><li>one</li><li>two {w}</li></ul>\
                 <script>console.error('never runs')</script>"
            ),
            1 => format!(
                "<p>Post {i} has a table.</p><table><tr><th>a</th><th>b</th></tr>\
                 <tr><td>{w}</td><td>{i}</td></tr></table>"
            ),
            2 => format!(
                "<p onclick=\"alert(1)\">Code for {w}:</p><pre><code>let x = {i};</code></pre>\
                 <iframe src=\"https://video.example/{i}\"></iframe>"
            ),
            _ => format!(
                "<h2>{w} {i}</h2><p>Words about the {w}, <a href=\"https://ext.example/{i}\">\
                 a link</a> and <img src=\"https://gen.example/wp-content/uploads/{i}.jpg\" \
                 alt=\"{w}\"></p>"
            ),
        };
        let body = format!("{body}<p>{}</p>", format!("{w} ").repeat(pad));
        x.push_str(&format!(
            "<item><title><![CDATA[{w} number {i}]]></title>\
             <link>https://gen.example/{i}/</link>\
             <dc:creator><![CDATA[alice]]></dc:creator>\
             <guid isPermaLink=\"false\">https://gen.example/?p={i}</guid>\
             <content:encoded><![CDATA[{body}]]></content:encoded>\
             <excerpt:encoded><![CDATA[]]></excerpt:encoded>\
             <wp:post_id>{i}</wp:post_id>\
             <wp:post_date><![CDATA[2020-01-01 10:00:00]]></wp:post_date>\
             <wp:post_date_gmt><![CDATA[2020-01-01 10:00:00]]></wp:post_date_gmt>\
             <wp:post_name><![CDATA[{w}-{i}]]></wp:post_name>\
             <wp:status><![CDATA[{status}]]></wp:status>\
             <wp:post_parent>0</wp:post_parent>\
             <wp:post_type><![CDATA[{kind}]]></wp:post_type></item>\n"
        ));
    }
    x.push_str("</channel>\n</rss>\n");
    x
}

#[test]
fn review_pages_work_in_a_browser() {
    let Some(bin) = chromium() else {
        eprintln!(
            "skipping: no chromium found (install Debian's `chromium`, or set UNPRESS_CHROMIUM)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let small = dir.path().join("sample");
    std::fs::create_dir_all(&small).unwrap();
    let small_page = convert(&common::samples().join("export.xml"), &small, &[]);
    let big = dir.path().join("big");
    std::fs::create_dir_all(&big).unwrap();
    let export = big.join("export.xml");
    std::fs::write(&export, generated_export(10_000, 0)).unwrap();
    let big_page = convert(&export, &big, &[]);

    let mut b = Browser::launch(&bin);
    b.open(&small_page);
    exercise(&mut b, 27);
    assert_eq!(show_posts(&mut b, usize::MAX), 16);
    let first_paint = b.open(&big_page);
    exercise(&mut b, 10_000);
    assert_eq!(show_posts(&mut b, 400), 400);
    let size = std::fs::metadata(&big_page).unwrap().len();
    let embedded = b.eval("JSON.parse(document.getElementById('meta').textContent).embedded");
    eprintln!(
        "review page of 10,000 items: {size} bytes ({} per item, {embedded} posts' content \
         embedded), first contentful paint {first_paint:.0} ms",
        size / 10_000
    );
    if let Some(page) = std::env::var_os("UNPRESS_REVIEW_PAGE") {
        let page = std::fs::canonicalize(page).unwrap();
        let first_paint = b.open(&page);
        let items = b.eval("JSON.parse(document.getElementById('meta').textContent).rows");
        let items = items.as_u64().unwrap() as usize;
        exercise(&mut b, items);
        show_posts(&mut b, usize::MAX);
        let size = std::fs::metadata(&page).unwrap().len();
        eprintln!(
            "{}: {items} items, {size} bytes, first contentful paint {first_paint:.0} ms",
            page.display()
        );
    }
    assert!(b.errors.is_empty(), "{:#?}", b.errors);
}

#[test]
fn the_page_is_the_same_for_any_number_of_workers() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export.xml");
    // Posts of about 2 KB: they outrun the content budget halfway.
    std::fs::write(&export, generated_export(3_000, 300)).unwrap();
    let pages: Vec<Vec<u8>> = ["1", "2"]
        .iter()
        .map(|jobs| {
            let run = dir.path().join(format!("j{jobs}"));
            std::fs::create_dir_all(&run).unwrap();
            let page = convert(&export, &run, &["-j", jobs]);
            let mut left: Vec<_> = std::fs::read_dir(&run)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            left.sort();
            assert_eq!(left, ["out", "review.html"], "no temporary file is left");
            std::fs::read(page).unwrap()
        })
        .collect();
    assert!(pages[0] == pages[1], "-j 1 and -j 2 pages differ");
    let page = String::from_utf8(pages[0].clone()).unwrap();
    let embedded = page
        .matches("<script type=\"application/json\" id=\"c")
        .count();
    let written = 3_000 - 300;
    assert!(
        embedded > 0 && embedded < written,
        "{embedded} of {written} posts embedded"
    );
}

#[test]
fn a_review_needs_an_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("review.html");
    let out = Command::new(env!("CARGO_BIN_EXE_unpress"))
        .arg("convert")
        .arg(common::samples().join("scraped-post.html"))
        .arg("--review")
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o DIR"));
    assert!(!page.exists());
}
