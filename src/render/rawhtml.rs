//! Does rendered Markdown contain raw HTML? Hugo drops raw HTML unless the site opts in
//! (`markup.goldmark.renderer.unsafe = true`), so the report must say when a post needs it.
//! Scanning the Markdown text, rather than the model, answers for whatever the renderer did.

/// True when `md` has an HTML tag or comment outside code (autolinks and escaped `\<` are not HTML).
pub fn contains_raw_html(md: &str) -> bool {
    let mut fence: Option<(char, usize)> = None;
    for line in md.lines() {
        let trimmed = line.trim_start_matches([' ', '>']).trim_start();
        let marker = trimmed.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = marker {
            let run = trimmed.chars().take_while(|x| *x == c).count();
            if run >= 3 {
                match fence {
                    None => {
                        fence = Some((c, run));
                        continue;
                    }
                    Some((fc, fr)) if fc == c && run >= fr && trimmed[run..].trim().is_empty() => {
                        fence = None;
                        continue;
                    }
                    _ => {}
                }
            }
        }
        // The summary divider is read by Hugo before rendering: it needs no raw HTML.
        if fence.is_none() && line.trim() != "<!--more-->" && line_has_tag(line) {
            return true;
        }
    }
    false
}

fn line_has_tag(line: &str) -> bool {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'`' => {
                let run = b[i..].iter().take_while(|&&c| c == b'`').count();
                let close = "`".repeat(run);
                match line[i + run..].find(&close) {
                    Some(off) => i += run + off + run,
                    None => i += run,
                }
            }
            b'<' => {
                let rest = &line[i + 1..];
                let first = rest.bytes().next().unwrap_or(b' ');
                let is_tag = first.is_ascii_alphabetic()
                    || (first == b'/'
                        && rest
                            .as_bytes()
                            .get(1)
                            .copied()
                            .is_some_and(|c| c.is_ascii_alphabetic()))
                    || rest.starts_with("!--");
                if is_tag {
                    let end = rest.find('>').unwrap_or(rest.len());
                    let inner = &rest[..end];
                    let autolink = inner.contains(':') && !inner.contains(' ')
                        || inner.contains('@') && !inner.contains(' ');
                    if !autolink {
                        return true;
                    }
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::contains_raw_html;

    #[test]
    fn finds_tags_but_not_code_autolinks_or_escapes() {
        assert!(contains_raw_html("text <sup>2</sup>\n"));
        assert!(contains_raw_html("<iframe src=\"x\"></iframe>\n"));
        assert!(contains_raw_html("a <!-- note --> b\n"));
        assert!(!contains_raw_html("`<b>` in code\n"));
        assert!(!contains_raw_html("Summary.\n\n<!--more-->\n\nRest.\n"));
        assert!(!contains_raw_html("```html\n<b>x</b>\n```\n"));
        assert!(!contains_raw_html(
            "see <https://example.com> and <me@example.com>\n"
        ));
        assert!(!contains_raw_html("3 \\< 5 and a < b\n"));
        assert!(!contains_raw_html("plain text\n"));
    }
}
