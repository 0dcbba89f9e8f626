//! Text → files, safely: nothing outside the output folder, no half-written files, no silent
//! overwrites, no two items in one file.
//!
//! Every path is built from segments that [`crate::slug::component`] already made safe; this
//! module additionally refuses to follow symlinks inside the output folder, writes each file
//! to a temporary name and renames it into place — with `RENAME_NOREPLACE` (or a hard link
//! where that is missing) for the no-overwrite case, so an existing file can never be replaced
//! by a race.

use std::collections::HashSet;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What happened when a file was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WriteOutcome {
    Written,
    /// The file existed and `force` was off: left alone.
    Exists,
}

/// The output folder. Shared by the writer threads; path reservation is separate
/// ([`Claims`]) because it must happen in document order.
#[derive(Debug)]
pub struct OutDir {
    root: PathBuf,
    force: bool,
    dry_run: bool,
    /// Folders this run created or checked (not a symlink, not a file): thousands of posts
    /// share a handful of folders, and each check is a system call.
    verified: Mutex<HashSet<PathBuf>>,
}

/// Relative paths already given to an item in this run.
///
/// Paths are kept as 64-bit hashes (one per written post lives for the whole run): a
/// collision could only give a post a `-2` suffix it did not need, never overwrite a file.
#[derive(Debug, Default)]
pub struct Claims(HashSet<u64>);

impl Claims {
    /// Reserves a relative path. Returns false if another item already has it (compared
    /// case-insensitively, since macOS and Windows file systems are).
    pub fn claim(&mut self, segments: &[String]) -> bool {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        for s in segments {
            s.to_lowercase().hash(&mut h);
        }
        self.0.insert(h.finish())
    }
}

impl OutDir {
    /// Opens (creating unless dry-run) the output folder. Fails if it is a file.
    pub fn new(root: &Path, force: bool, dry_run: bool) -> io::Result<OutDir> {
        match fs::metadata(root) {
            Ok(m) if !m.is_dir() => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("output path {} exists and is not a folder", root.display()),
                ));
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if !dry_run {
                    fs::create_dir_all(root)?;
                }
            }
            Err(e) => return Err(e),
        }
        Ok(OutDir {
            root: root.to_path_buf(),
            force,
            dry_run,
            verified: Mutex::new(HashSet::new()),
        })
    }

    /// Writes `content` at the relative path atomically.
    pub fn write(&self, segments: &[String], content: &str) -> io::Result<WriteOutcome> {
        self.write_bytes(segments, content.as_bytes())
    }

    /// Writes `bytes` at the relative path atomically (see [`OutDir::write`]).
    pub fn write_bytes(&self, segments: &[String], bytes: &[u8]) -> io::Result<WriteOutcome> {
        let (file_name, dirs) = segments
            .split_last()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "empty output path"))?;
        for seg in segments {
            if seg.is_empty() || seg == "." || seg == ".." || seg.contains(['/', '\\', '\0']) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("unsafe path segment {seg:?}"),
                ));
            }
        }
        let mut dir = self.root.clone();
        for seg in dirs {
            dir.push(seg);
            if !self.dry_run {
                self.ensure_dir_cached(&dir)?;
            }
        }
        let target = dir.join(file_name);
        if self.dry_run {
            return Ok(match fs::symlink_metadata(&target) {
                Ok(_) if !self.force => WriteOutcome::Exists,
                _ => WriteOutcome::Written,
            });
        }
        // Without --force the no-replace rename below leaves any existing entry alone; with
        // it, a symlink or folder in the way is still never replaced.
        if self.force
            && let Ok(m) = fs::symlink_metadata(&target)
            && (m.file_type().is_symlink() || m.is_dir())
        {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!(
                    "{} is a symlink or folder; not replacing it",
                    target.display()
                ),
            ));
        }
        let tmp = dir.join(format!(".{file_name}.{}.unpress-tmp", std::process::id()));
        let result = write_new(&tmp, bytes).and_then(|()| {
            if self.force {
                fs::rename(&tmp, &target).map(|()| WriteOutcome::Written)
            } else {
                rename_noreplace(&tmp, &target)
            }
        });
        if !matches!(result, Ok(WriteOutcome::Written)) {
            let _ = fs::remove_file(&tmp);
        }
        result
    }
}

impl OutDir {
    fn ensure_dir_cached(&self, dir: &Path) -> io::Result<()> {
        if let Ok(seen) = self.verified.lock()
            && seen.contains(dir)
        {
            return Ok(());
        }
        ensure_dir(dir)?;
        if let Ok(mut seen) = self.verified.lock() {
            seen.insert(dir.to_path_buf());
        }
        Ok(())
    }
}

/// Moves `tmp` to `target` unless `target` exists, atomically where the OS allows.
fn rename_noreplace(tmp: &Path, target: &Path) -> io::Result<WriteOutcome> {
    #[cfg(target_os = "linux")]
    {
        use std::ffi::CString;
        use std::os::unix::ffi::OsStrExt;
        let from = CString::new(tmp.as_os_str().as_bytes())?;
        let to = CString::new(target.as_os_str().as_bytes())?;
        // SAFETY: both pointers are valid NUL-terminated strings that outlive the call.
        let rc = unsafe {
            libc::renameat2(
                libc::AT_FDCWD,
                from.as_ptr(),
                libc::AT_FDCWD,
                to.as_ptr(),
                libc::RENAME_NOREPLACE,
            )
        };
        if rc == 0 {
            return Ok(WriteOutcome::Written);
        }
        let err = io::Error::last_os_error();
        match err.raw_os_error() {
            Some(libc::EEXIST) => return Ok(WriteOutcome::Exists),
            // Kernels or file systems without renameat2 support fall through to hard links.
            Some(libc::EINVAL | libc::ENOSYS) => {}
            _ => return Err(err),
        }
    }
    match fs::hard_link(tmp, target) {
        Ok(()) => {
            let _ = fs::remove_file(tmp);
            Ok(WriteOutcome::Written)
        }
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(WriteOutcome::Exists),
        // File systems without hard links: check, then rename.
        Err(_) if fs::symlink_metadata(target).is_err() => {
            fs::rename(tmp, target).map(|()| WriteOutcome::Written)
        }
        Err(_) => Ok(WriteOutcome::Exists),
    }
}

fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// Creates a folder inside the output tree, refusing to pass through a symlink (which could
/// point anywhere) or a file.
fn ensure_dir(dir: &Path) -> io::Result<()> {
    match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            format!(
                "{} is a symlink; refusing to write through it",
                dir.display()
            ),
        )),
        Ok(m) if m.is_dir() => Ok(()),
        Ok(_) => Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!("{} exists and is not a folder", dir.display()),
        )),
        Err(e) if e.kind() == io::ErrorKind::NotFound => match fs::create_dir(dir) {
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => ensure_dir(dir),
            other => other,
        },
        Err(e) => Err(e),
    }
}
