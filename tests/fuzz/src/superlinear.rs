//! A check for superlinear time, in the style of pulldown-cmark's dos-fuzzer: the fuzz input
//! is a pattern, blown up to two sizes four times apart, and each stage is timed on both.
//! Linear code takes about 4× as long on the larger text; a quadratic one about 16×. A ratio
//! above [`RATIO`] that survives re-measuring is reported as a crash.
//!
//! Input layout: byte 0 picks the stage, bytes 1 and 2 cut the rest into prefix, middle and
//! suffix. The text at repetition `n` is `prefix×n middle×n suffix×n` (so both long runs and
//! deep nesting such as `<div>×n x </div>×n` are reached); for the WXR reader it is
//! `prefix middle×n suffix` with the middle running from the first `<item>` to the end of the
//! last `</item>` when there are any, so a header, many items and a footer stay an export.

use std::time::{Duration, Instant};

/// Bytes in the smaller text; the larger is [`GROWTH`] times that.
const SMALL: usize = 8 * 1024;
const GROWTH: usize = 4;
/// Time ratio that counts as superlinear for a [`GROWTH`]× larger input (linear is ~4).
const RATIO: u32 = 10;
/// Below this on the larger text nothing is reported: timer and scheduler noise dominate.
const MIN_TIME: Duration = Duration::from_millis(10);

#[derive(Debug, Clone, Copy)]
enum Stage {
    Html,
    Autop,
    Shortcode,
    Expand,
    Wxr,
}

const STAGES: [Stage; 5] = [
    Stage::Html,
    Stage::Autop,
    Stage::Shortcode,
    Stage::Expand,
    Stage::Wxr,
];

fn run(stage: Stage, text: &str) {
    match stage {
        Stage::Html => {
            let blocks = unpress::html::convert::to_blocks(text);
            let _ = unpress::render::markdown::render(
                &blocks,
                &unpress::render::markdown::MarkdownOptions::default(),
            );
        }
        Stage::Autop => {
            let _ = unpress::wp::autop::autop(text);
        }
        Stage::Shortcode => {
            let _ = unpress::wp::shortcode::find_nested(text, &mut |_| true);
            let _ = unpress::wp::shortcode::parse_attrs(text);
        }
        Stage::Expand => {
            let _ = crate::expand_content(text, None);
        }
        Stage::Wxr => crate::convert_export(text.as_bytes()),
    }
}

fn build(stage: Stage, parts: &[&str; 3], n: usize) -> String {
    let [prefix, middle, suffix] = parts;
    match stage {
        Stage::Wxr => [*prefix, &middle.repeat(n), *suffix].concat(),
        _ => [prefix.repeat(n), middle.repeat(n), suffix.repeat(n)].concat(),
    }
}

fn time(stage: Stage, text: &str, runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            run(stage, text);
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Times one input at both sizes; panics when the larger one is clearly superlinear.
pub fn check(data: &[u8]) {
    let [pick, a, b, rest @ ..] = data else {
        return;
    };
    let stage = STAGES[usize::from(*pick) % STAGES.len()];
    let cut = |x: &u8| usize::from(*x) * rest.len() / 256;
    let (a, b) = (cut(a).min(cut(b)), cut(a).max(cut(b)));
    let text = crate::text(rest);
    // Cuts are moved to character boundaries of the (lossily decoded) text.
    let bound = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let (a, b) = match (stage, text.find("<item"), text.rfind("</item>")) {
        (Stage::Wxr, Some(a), Some(b)) if a < b => (a, b + "</item>".len()),
        _ => (bound(a), bound(b)),
    };
    let parts = [&text[..a], &text[a..b], &text[b..]];
    let unit = match stage {
        Stage::Wxr => parts[1].len(),
        _ => text.len(),
    };
    if unit == 0 {
        return;
    }
    let n = SMALL.div_ceil(unit);
    let small = build(stage, &parts, n);
    let large = build(stage, &parts, n * GROWTH);
    run(stage, &small);
    let mut t_small = time(stage, &small, 2);
    let mut t_large = time(stage, &large, 1);
    if t_large < MIN_TIME || t_large < t_small * RATIO {
        return;
    }
    // Confirm with the best of several runs, so a busy machine does not raise a false alarm.
    t_small = time(stage, &small, 3);
    t_large = time(stage, &large, 3);
    assert!(
        t_large < MIN_TIME || t_large < t_small * RATIO,
        "superlinear {stage:?}: {} bytes in {t_small:?}, {} bytes in {t_large:?}",
        small.len(),
        large.len()
    );
}
