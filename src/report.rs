//! The account of a run: one row per input item, so that every item is provably written,
//! skipped with a reason, or failed with a reason and a location. Warnings are data here,
//! never log lines, so scripts can act on them.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What happened to one input item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Written,
    /// `--dry-run`: it would have been written.
    WouldWrite,
    Skipped,
    Failed,
}

/// How many files left alone the human summary names.
const LEFT_ALONE_SHOWN: usize = 10;

/// One input item.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub file: String,
    pub line: u64,
    pub id: Option<u64>,
    #[serde(rename = "type")]
    pub post_type: String,
    pub status: String,
    /// Written in the target's draft convention (draft, pending, future or password-protected).
    pub draft: bool,
    pub title: String,
    pub url: Option<String>,
    pub output: Option<String>,
    pub outcome: Outcome,
    /// Stable machine-readable reason (`attachment`, `private`, `exists`, …) for skips and failures.
    pub code: Option<String>,
    /// The same reason for people.
    pub reason: Option<String>,
    pub warnings: Vec<String>,
    /// Approved comments exported with this item (0 unless `--comments` asks for them).
    pub comments: usize,
    /// Written items: what the Markdown kept of what the source showed (see [`crate::check`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kept: Option<crate::check::Kept>,
    /// Differences from the source the conversion makes on purpose (share widgets removed,
    /// dynamic blocks dropped, editor placeholders dropped), named so they are not taken for
    /// losses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub by_design: Vec<String>,
}

/// A problem with a whole input rather than one item (unreadable, truncated, not an export).
#[derive(Debug, Clone, Serialize)]
pub struct InputError {
    pub file: String,
    pub line: Option<u64>,
    pub post_id: Option<u64>,
    pub message: String,
}

/// Totals that must reconcile: `items == written + skipped + failed`.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Summary {
    pub items: usize,
    pub written: usize,
    pub drafts: usize,
    pub skipped: usize,
    pub failed: usize,
    pub warnings: usize,
    /// Approved comments on written items (exported only with `--comments`).
    pub comments: usize,
    pub skipped_by_reason: BTreeMap<String, usize>,
    pub input_errors: usize,
}

/// The whole run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Report {
    pub target: String,
    pub dry_run: bool,
    pub summary: Summary,
    pub items: Vec<Row>,
    pub errors: Vec<InputError>,
    /// Damage in an input that was recovered from (unclosed tags, nested CDATA): the items
    /// were read, but a human may want to look. Failures under `--strict`.
    pub problems: Vec<InputError>,
    /// `--strict`: warnings and recovered problems make the run fail (exit 1).
    pub strict: bool,
    /// Files written that are not posts (redirect maps), relative to the output folder.
    pub outputs: Vec<String>,
    /// Settings the user must add to the generator's config for the output to build as intended.
    pub notes: Vec<String>,
    /// An example reason per skip code, for the human summary.
    #[serde(skip)]
    pub reasons: BTreeMap<String, String>,
    /// Skip codes whose rows give different reasons (each duplicate names the page kept):
    /// the summary shows the first as an example, not as every row's.
    #[serde(skip)]
    pub varied: std::collections::BTreeSet<String>,
    /// The first few files left alone because they exist, for the human summary (the report's
    /// rows name them all).
    #[serde(skip)]
    pub left_alone: Vec<String>,
    /// Called with every row as it is finished.
    #[serde(skip)]
    pub hook: Option<RowHook>,
    /// Keep only failed rows in `items` (the hook sees them all): bounded memory for huge
    /// exports.
    #[serde(skip)]
    pub drop_rows: bool,
}

/// Receives every row as it is finished, in document order (for streaming a report file or
/// a dry-run plan without holding all rows).
#[derive(Clone)]
pub struct RowHook(pub std::sync::Arc<dyn Fn(&Row) + Send + Sync>);

/// Both sides of a written post, for a review page: the source HTML as the old site showed
/// it and the written file (front matter and Markdown).
pub struct Sides<'a> {
    pub source_html: &'a str,
    pub markdown: &'a str,
}

/// Receives every written row with both sides of its post, from worker threads and in no
/// particular order (rows are matched by their `output`).
#[derive(Clone)]
pub struct ContentHook(pub std::sync::Arc<ContentFn>);

/// What a [`ContentHook`] calls.
pub type ContentFn = dyn Fn(&Row, &Sides<'_>) + Send + Sync;

impl std::fmt::Debug for ContentHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ContentHook")
    }
}

impl std::fmt::Debug for RowHook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RowHook")
    }
}

impl Report {
    /// Counts a finished row, hands it to the hook, and keeps it when rows are retained
    /// (failed rows are always kept: the summary names them).
    pub fn push(&mut self, row: Row) {
        let s = &mut self.summary;
        s.items += 1;
        s.warnings += row.warnings.len();
        s.comments += row.comments;
        match row.outcome {
            Outcome::Written | Outcome::WouldWrite => {
                s.written += 1;
                if row.draft {
                    s.drafts += 1;
                }
            }
            Outcome::Skipped => {
                s.skipped += 1;
                let key = row.code.clone().unwrap_or_default();
                *s.skipped_by_reason.entry(key.clone()).or_default() += 1;
                if key == "exists"
                    && self.left_alone.len() < LEFT_ALONE_SHOWN
                    && let Some(output) = &row.output
                {
                    self.left_alone.push(output.clone());
                }
                if let Some(reason) = &row.reason {
                    let first = self
                        .reasons
                        .entry(key.clone())
                        .or_insert_with(|| reason.clone());
                    if first != reason {
                        self.varied.insert(key);
                    }
                }
            }
            Outcome::Failed => s.failed += 1,
        }
        if let Some(hook) = &self.hook {
            (hook.0)(&row);
        }
        if !self.drop_rows || row.outcome == Outcome::Failed {
            self.items.push(row);
        }
    }

    pub fn note(&mut self, note: impl Into<String>) {
        let note = note.into();
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Adds another input's account to this one (a batch reports as one run). Rows already
    /// went through this report's hook when `other` shares it.
    pub fn merge(&mut self, other: Report) {
        let (a, b) = (&mut self.summary, other.summary);
        a.items += b.items;
        a.written += b.written;
        a.drafts += b.drafts;
        a.skipped += b.skipped;
        a.failed += b.failed;
        a.warnings += b.warnings;
        a.comments += b.comments;
        for (k, n) in b.skipped_by_reason {
            *a.skipped_by_reason.entry(k).or_default() += n;
        }
        for (k, r) in other.reasons {
            let first = self.reasons.entry(k.clone()).or_insert_with(|| r.clone());
            if *first != r {
                self.varied.insert(k);
            }
        }
        self.varied.extend(other.varied);
        let room = LEFT_ALONE_SHOWN.saturating_sub(self.left_alone.len());
        self.left_alone
            .extend(other.left_alone.into_iter().take(room));
        self.items.extend(other.items);
        self.errors.extend(other.errors);
        self.problems.extend(other.problems);
        self.outputs.extend(other.outputs);
        for n in other.notes {
            self.note(n);
        }
    }

    /// Settles the totals that are not counted row by row.
    pub fn finish(&mut self) {
        self.summary.input_errors = self.errors.len();
    }

    /// 0: everything converted; 1: finished but something failed; 2: nothing could be read.
    pub fn exit_code(&self) -> i32 {
        if !self.errors.is_empty() && self.summary.items == 0 {
            2
        } else if self.summary.failed > 0
            || !self.errors.is_empty()
            || (self.strict && (self.summary.warnings > 0 || !self.problems.is_empty()))
        {
            1
        } else {
            0
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The one-screen summary for stderr.
    pub fn human_summary(&self) -> String {
        let s = &self.summary;
        let mut out = String::new();
        let verb = if self.dry_run {
            "would write"
        } else {
            "written"
        };
        let _ = writeln!(
            out,
            "{} items: {} {verb} ({} drafts), {} skipped, {} failed, {} warnings",
            s.items, s.written, s.drafts, s.skipped, s.failed, s.warnings
        );
        for (code, n) in &s.skipped_by_reason {
            let example = self.reasons.get(code).map_or(code.as_str(), String::as_str);
            if self.varied.contains(code) {
                let _ = writeln!(out, "  skipped {n:>5}  {code}, e.g. {example}");
            } else {
                let _ = writeln!(out, "  skipped {n:>5}  {example}");
            }
            if code == "exists" {
                for path in &self.left_alone {
                    let _ = writeln!(out, "                left alone: {path}");
                }
                if *n > self.left_alone.len() {
                    let _ = writeln!(
                        out,
                        "                … and {} more (--report lists them all)",
                        n - self.left_alone.len()
                    );
                }
            }
        }
        for row in self.items.iter().filter(|r| r.outcome == Outcome::Failed) {
            let _ = writeln!(
                out,
                "  failed: {}:{}{}: {}",
                row.file,
                row.line,
                row.id.map(|i| format!(" (post {i})")).unwrap_or_default(),
                row.reason.as_deref().unwrap_or("unknown error")
            );
        }
        for e in &self.errors {
            let _ = writeln!(
                out,
                "  error: {}{}: {}",
                e.file,
                e.line.map(|l| format!(":{l}")).unwrap_or_default(),
                e.message
            );
        }
        for p in &self.problems {
            let _ = writeln!(
                out,
                "  recovered: {}{}: {}",
                p.file,
                p.line.map(|l| format!(":{l}")).unwrap_or_default(),
                p.message
            );
        }
        for n in &self.notes {
            let _ = writeln!(out, "  note: {n}");
        }
        out
    }
}
