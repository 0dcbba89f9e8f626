//! `--media download`: uploads fetched from the old host into the output folder.
//!
//! A small pool of threads does the fetching, so conversion workers only wait for the files
//! their own post needs, and a post's uploads come in side by side (the rewriter asks for them
//! all before it waits for the first). Each URL is fetched once per run, however many posts
//! use it. Rules:
//!
//! - Only `http` and `https`, redirects included (followed here, not by the client, so that
//!   a `Location: file:///…` is refused rather than tried).
//! - Connection errors, timeouts, 5xx and 429 are retried with a doubling pause; other
//!   statuses (404, 403, …) fail at once. A file larger than the cap fails.
//! - The destination comes from [`super::upload_segments`] and is written through [`OutDir`]:
//!   never outside the output folder, never through a symlink, never half a file, never over
//!   an existing file.
//! - A file already in the output folder before this run is reused without a request (a
//!   re-run resumes where the last one stopped); delete it to fetch it again.
//! - A failed file leaves its references at the old URL; the posts that use it are warned.

use crate::write::OutDir;
use std::collections::{HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How downloads behave. The defaults suit a live WordPress host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadOptions {
    /// Files fetched at once: enough to hide latency, few enough not to look like an attack
    /// on the old host.
    pub threads: usize,
    /// Attempts after the first, for connection errors, timeouts, 5xx and 429.
    pub retries: u32,
    /// The pause before the first retry, doubled for each next one (a longer `Retry-After`
    /// from the server wins, up to 30 seconds).
    pub backoff: Duration,
    /// Longest wait for a connection (TLS handshake included).
    pub connect_timeout: Duration,
    /// Longest wait for the response headers once the request is sent.
    pub response_timeout: Duration,
    /// Longest time for a whole response body.
    pub body_timeout: Duration,
    /// Largest file accepted: each file is held in memory once before it is written.
    pub max_bytes: u64,
}

impl Default for DownloadOptions {
    fn default() -> Self {
        DownloadOptions {
            threads: 6,
            retries: 3,
            backoff: Duration::from_millis(500),
            connect_timeout: Duration::from_secs(10),
            response_timeout: Duration::from_secs(30),
            body_timeout: Duration::from_secs(300),
            max_bytes: 256 << 20,
        }
    }
}

/// The longest `Retry-After` honoured: a server asking for more is given up on sooner.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// Redirects followed per file.
const MAX_REDIRECTS: usize = 5;

/// The fetching pool. Dropping it stops the threads (after the file each one is on).
pub(super) struct Downloader {
    shared: Arc<Shared>,
    pool: Vec<JoinHandle<()>>,
}

struct Shared {
    agent: ureq::Agent,
    /// Its own handle on the output folder: downloads never overwrite, whatever `--force`
    /// says for posts.
    outdir: OutDir,
    root: PathBuf,
    /// The old site's address, for upload URLs without a host.
    site: String,
    opts: DownloadOptions,
    dry_run: bool,
    state: Mutex<State>,
    /// A file finished.
    finished: Condvar,
    /// A job was queued, or the pool is closing.
    queued: Condvar,
}

#[derive(Default)]
struct State {
    /// By source URL (query and fragment removed): `None` while queued or running, then
    /// where in the output folder the file is, or why it is not.
    files: HashMap<String, Option<Result<Vec<String>, String>>>,
    queue: VecDeque<Job>,
    /// Destinations this run is writing or wrote, so they are not taken for files that were
    /// there before the run (which would make the outcome depend on timing when two URLs
    /// share a file name).
    claimed: HashSet<Vec<String>>,
    closing: bool,
    downloaded: usize,
    reused: usize,
    failed: usize,
}

struct Job {
    key: String,
    url: String,
    dest: Vec<String>,
}

/// How one attempt went wrong.
enum Attempt {
    /// Worth another try, after at least this long (the server's `Retry-After`).
    Transient(String, Duration),
    Fatal(String),
}

impl Downloader {
    pub(super) fn start(
        root: &Path,
        site: &str,
        opts: &DownloadOptions,
        dry_run: bool,
    ) -> std::io::Result<Downloader> {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(concat!("unpress/", env!("CARGO_PKG_VERSION")))
            .timeout_connect(Some(opts.connect_timeout))
            .timeout_recv_response(Some(opts.response_timeout))
            .timeout_recv_body(Some(opts.body_timeout))
            .build()
            .new_agent();
        let shared = Arc::new(Shared {
            agent,
            outdir: OutDir::new(root, false, dry_run)?,
            root: root.to_path_buf(),
            site: site.trim_end_matches('/').to_string(),
            opts: opts.clone(),
            dry_run,
            state: Mutex::new(State::default()),
            finished: Condvar::new(),
            queued: Condvar::new(),
        });
        let mut downloader = Downloader {
            shared,
            pool: Vec::new(),
        };
        if !dry_run {
            for _ in 0..opts.threads.max(1) {
                let shared = Arc::clone(&downloader.shared);
                // On an error, dropping `downloader` stops the threads already started.
                downloader.pool.push(
                    std::thread::Builder::new()
                        .name("unpress-download".into())
                        .spawn(move || shared.work())?,
                );
            }
        }
        Ok(downloader)
    }

    /// Queues `original` for `dest` (inside the output folder) unless it is known already.
    pub(super) fn request(&self, original: &str, dest: Vec<String>) {
        let key = strip_query(original);
        let mut st = self.shared.lock();
        if st.files.contains_key(key) {
            return;
        }
        if self.shared.dry_run {
            st.files.insert(key.to_string(), Some(Ok(dest)));
            return;
        }
        match absolute_url(key, &self.shared.site) {
            Ok(url) => {
                st.files.insert(key.to_string(), None);
                st.queue.push_back(Job {
                    key: key.to_string(),
                    url,
                    dest,
                });
                self.shared.queued.notify_one();
            }
            Err(why) => {
                st.failed += 1;
                st.files.insert(key.to_string(), Some(Err(why)));
            }
        }
    }

    /// Where in the output folder `original` is — `dest`, or where an earlier request for
    /// it put it — fetching it if needed; waits while another thread has it in hand.
    pub(super) fn fetch(&self, original: &str, dest: Vec<String>) -> Result<Vec<String>, String> {
        self.request(original, dest);
        let key = strip_query(original);
        let mut st = self.shared.lock();
        loop {
            if let Some(Some(result)) = st.files.get(key) {
                return result.clone();
            }
            st = self
                .shared
                .finished
                .wait(st)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Copies a fetched file from `from` to `to` inside the output folder (a second post's
    /// bundle), never over an existing file; whether the file is at `to` now.
    pub(super) fn copy_within(&self, from: &[String], to: &[String]) -> bool {
        if self.shared.dry_run {
            return true;
        }
        if !present(&self.shared.root, from) {
            return false;
        }
        let mut path = self.shared.root.clone();
        path.extend(from);
        std::fs::read(path).is_ok_and(|bytes| {
            matches!(
                self.shared.outdir.write_bytes(to, &bytes),
                Ok(crate::write::WriteOutcome::Written | crate::write::WriteOutcome::Exists)
            )
        })
    }

    /// Why `original` could not be fetched, if it was tried and failed.
    pub(super) fn failure(&self, original: &str) -> Option<String> {
        match self.shared.lock().files.get(strip_query(original)) {
            Some(Some(Err(why))) => Some(why.clone()),
            _ => None,
        }
    }

    /// What the run fetched, for the report's notes.
    pub(super) fn summary(&self) -> Option<String> {
        let st = self.shared.lock();
        (st.downloaded + st.reused + st.failed > 0).then(|| {
            format!(
                "media: {} uploads downloaded, {} already in the output folder, {} failed",
                st.downloaded, st.reused, st.failed
            )
        })
    }
}

impl Drop for Downloader {
    fn drop(&mut self) {
        self.shared.lock().closing = true;
        self.shared.queued.notify_all();
        for handle in self.pool.drain(..) {
            let _ = handle.join();
        }
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A pool thread: takes jobs until the pool closes.
    fn work(&self) {
        while let Some(job) = self.next_job() {
            let reuse = {
                let mut st = self.lock();
                // Under the lock, so no other job can claim the file between look and claim.
                let reuse = !st.claimed.contains(&job.dest) && present(&self.root, &job.dest);
                if !reuse {
                    st.claimed.insert(job.dest.clone());
                }
                reuse
            };
            let result = if reuse {
                Ok(())
            } else {
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.download(&job)))
                    .unwrap_or_else(|_| Err("internal error while downloading".into()))
            };
            let mut st = self.lock();
            match (&result, reuse) {
                (Ok(()), true) => st.reused += 1,
                (Ok(()), false) => st.downloaded += 1,
                (Err(_), _) => st.failed += 1,
            }
            st.files.insert(job.key, Some(result.map(|()| job.dest)));
            self.finished.notify_all();
        }
    }

    fn next_job(&self) -> Option<Job> {
        let mut st = self.lock();
        loop {
            if st.closing {
                return None;
            }
            if let Some(job) = st.queue.pop_front() {
                return Some(job);
            }
            st = self.queued.wait(st).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Fetches (with retries) and writes one file.
    fn download(&self, job: &Job) -> Result<(), String> {
        let mut pause = self.opts.backoff;
        let mut attempt = 0;
        let bytes = loop {
            match self.get(&job.url) {
                Ok(bytes) => break bytes,
                Err(Attempt::Transient(_, wait)) if attempt < self.opts.retries => {
                    std::thread::sleep(pause.max(wait));
                    pause = pause.saturating_mul(2);
                    attempt += 1;
                }
                Err(Attempt::Transient(why, _)) => {
                    return Err(format!("{why}, {} attempts", attempt + 1));
                }
                Err(Attempt::Fatal(why)) => return Err(why),
            }
        };
        // `Exists` means the file appeared meanwhile (another URL for the same name): the
        // file is there either way, and it was not overwritten.
        self.outdir
            .write_bytes(&job.dest, &bytes)
            .map(|_| ())
            .map_err(|e| format!("cannot write it: {e}"))
    }

    /// One attempt: the body of `url`, following up to [`MAX_REDIRECTS`] http(s) redirects.
    fn get(&self, url: &str) -> Result<Vec<u8>, Attempt> {
        let mut url = url.to_string();
        for _ in 0..=MAX_REDIRECTS {
            let mut response = self.agent.get(encode_url(&url)).call().map_err(classify)?;
            let status = response.status().as_u16();
            match status {
                200 => {
                    let body = response.body_mut();
                    if body
                        .content_length()
                        .is_some_and(|n| n > self.opts.max_bytes)
                    {
                        return Err(self.too_large());
                    }
                    return body
                        .with_config()
                        .limit(self.opts.max_bytes)
                        .read_to_vec()
                        .map_err(|e| match e {
                            ureq::Error::BodyExceedsLimit(_) => self.too_large(),
                            e => classify(e),
                        });
                }
                301 | 302 | 303 | 307 | 308 => {
                    let location = response
                        .headers()
                        .get("location")
                        .and_then(|v| v.to_str().ok())
                        .ok_or_else(|| Attempt::Fatal(format!("HTTP {status} without Location")))?;
                    url = resolve(&url, location).map_err(Attempt::Fatal)?;
                }
                429 | 500..=599 => {
                    let wait = response
                        .headers()
                        .get("retry-after")
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| v.trim().parse::<u64>().ok())
                        .map_or(Duration::ZERO, |s| {
                            Duration::from_secs(s).min(MAX_RETRY_AFTER)
                        });
                    return Err(Attempt::Transient(format!("HTTP {status}"), wait));
                }
                _ => return Err(Attempt::Fatal(format!("HTTP {status}"))),
            }
        }
        Err(Attempt::Fatal(format!(
            "more than {MAX_REDIRECTS} redirects"
        )))
    }

    fn too_large(&self) -> Attempt {
        Attempt::Fatal(format!(
            "larger than the limit of {} bytes",
            self.opts.max_bytes
        ))
    }
}

/// Connection trouble is worth a retry; a name that does not resolve, a bad URL or a TLS
/// failure is not.
fn classify(e: ureq::Error) -> Attempt {
    match e {
        ureq::Error::Io(_)
        | ureq::Error::Timeout(_)
        | ureq::Error::ConnectionFailed
        | ureq::Error::Protocol(_) => Attempt::Transient(e.to_string(), Duration::ZERO),
        e => Attempt::Fatal(e.to_string()),
    }
}

/// Whether a regular file is at `dest` below `root`, reached through real folders only (a
/// symlink on the way is not the output folder's).
fn present(root: &Path, dest: &[String]) -> bool {
    let mut path = root.to_path_buf();
    for (i, seg) in dest.iter().enumerate() {
        path.push(seg);
        match std::fs::symlink_metadata(&path) {
            Ok(m) if i + 1 == dest.len() => return m.is_file(),
            Ok(m) if m.is_dir() => {}
            _ => return false,
        }
    }
    false
}

/// The URL without its query (`?w=604` asks WordPress.com for a resized copy, not the
/// upload) and fragment.
fn strip_query(url: &str) -> &str {
    url.split(['?', '#']).next().unwrap_or(url)
}

/// `url` as an absolute http(s) URL: scheme-relative ones get https, host-relative ones the
/// old site's address; any other scheme is refused.
fn absolute_url(url: &str, site: &str) -> Result<String, String> {
    let url = url.trim();
    if is_http(url) {
        Ok(url.to_string())
    } else if let Some(rest) = url.strip_prefix("//") {
        Ok(format!("https://{rest}"))
    } else if url.starts_with('/') && is_http(site) {
        Ok(format!("{site}{url}"))
    } else {
        Err(format!("not an http(s) URL: {url}"))
    }
}

fn is_http(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The target of a redirect from `base`, refusing anything but http(s).
fn resolve(base: &str, location: &str) -> Result<String, String> {
    let location = location.trim();
    let has_scheme = location.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if has_scheme {
        return if is_http(location) {
            Ok(location.to_string())
        } else {
            Err(format!("redirected to a non-http URL: {location}"))
        };
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    Ok(if let Some(net) = location.strip_prefix("//") {
        format!("{scheme}://{net}")
    } else if location.starts_with('/') {
        format!("{origin}{location}")
    } else {
        let path = strip_query(&rest[authority_end..]);
        let dir = path.rfind('/').map_or("/", |i| &path[..=i]);
        format!("{origin}{dir}{location}")
    })
}

/// Percent-encodes what a URL in post HTML may hold but an HTTP request line may not
/// (spaces, non-ASCII file names); existing escapes are kept.
fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for b in url.bytes() {
        if b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirects_resolve_and_only_to_http() {
        let base = "https://old.blog/wp-content/uploads/2020/01/a.jpg?x=1";
        assert_eq!(
            resolve(base, "b.jpg").as_deref(),
            Ok("https://old.blog/wp-content/uploads/2020/01/b.jpg")
        );
        assert_eq!(
            resolve(base, "/x/c.jpg").as_deref(),
            Ok("https://old.blog/x/c.jpg")
        );
        assert_eq!(
            resolve(base, "//cdn.blog/c.jpg").as_deref(),
            Ok("https://cdn.blog/c.jpg")
        );
        assert_eq!(
            resolve(base, "HTTP://cdn.blog/c.jpg").as_deref(),
            Ok("HTTP://cdn.blog/c.jpg")
        );
        assert!(resolve(base, "file:///etc/passwd").is_err());
        assert!(resolve(base, "ftp://old.blog/a.jpg").is_err());
        assert!(resolve(base, "javascript:alert(1)").is_err());
    }

    #[test]
    fn only_http_urls_are_fetched() {
        let site = "https://old.blog";
        assert_eq!(
            absolute_url("/wp-content/uploads/a.jpg", site).as_deref(),
            Ok("https://old.blog/wp-content/uploads/a.jpg")
        );
        assert_eq!(
            absolute_url("//old.blog/wp-content/uploads/a.jpg", site).as_deref(),
            Ok("https://old.blog/wp-content/uploads/a.jpg")
        );
        assert!(absolute_url("file:///wp-content/uploads/a.jpg", site).is_err());
        assert!(absolute_url("/wp-content/uploads/a.jpg", "").is_err());
    }

    #[test]
    fn request_lines_are_ascii() {
        assert_eq!(
            encode_url("https://old.blog/wp-content/uploads/東京 1.jpg"),
            "https://old.blog/wp-content/uploads/%E6%9D%B1%E4%BA%AC%201.jpg"
        );
        assert_eq!(encode_url("https://a.b/x%20y.jpg"), "https://a.b/x%20y.jpg");
    }
}
