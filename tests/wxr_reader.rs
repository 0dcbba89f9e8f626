//! Spec-style tests for the streaming WXR reader: versions, namespaces, text assembly,
//! encodings and broken input.

mod common;

use unpress::read::wxr::{self, Item, ReadMode};

fn read_all(doc: &[u8]) -> Result<(wxr::Channel, Vec<Item>), wxr::WxrError> {
    let mut items = Vec::new();
    let channel = wxr::read(doc, ReadMode::Full, |_, item| {
        items.push(item);
        true
    })?;
    Ok((channel, items))
}

fn versioned(version: &str, scheme: &str) -> String {
    format!(
        r#"<?xml version="1.0"?><rss xmlns:wp="{scheme}://wordpress.org/export/{version}/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:excerpt="{scheme}://wordpress.org/export/{version}/excerpt/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><wp:wxr_version>{version}</wp:wxr_version><item><title>T</title><content:encoded><![CDATA[Body]]></content:encoded><excerpt:encoded><![CDATA[Ex]]></excerpt:encoded><wp:post_id>7</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status></item></channel></rss>"#
    )
}

#[test]
fn every_wxr_version_and_namespace_scheme_reads_the_same() {
    for version in ["1.0", "1.1", "1.2"] {
        for scheme in ["http", "https"] {
            let (channel, items) = read_all(versioned(version, scheme).as_bytes())
                .unwrap_or_else(|e| panic!("{version} {scheme}: {e}"));
            assert_eq!(channel.wxr_version.as_deref(), Some(version));
            assert_eq!(items.len(), 1);
            assert_eq!(items[0].content, "Body", "{version} {scheme}");
            assert_eq!(
                items[0].excerpt, "Ex",
                "excerpt must not be mistaken for content"
            );
            assert_eq!(items[0].post_id, Some(7));
        }
    }
}

#[test]
fn split_cdata_entities_and_bare_ampersands_are_concatenated() {
    let doc = common::wxr(
        "<item><title>Tom &amp; Jerry &lt;3 &#8220;x&#x201D; R&D</title>\
         <content:encoded><![CDATA[ends with ]]]]><![CDATA[> here]]></content:encoded>\
         <wp:post_id>1</wp:post_id></item>",
    );
    let (_, items) = read_all(doc.as_bytes()).expect("valid export");
    assert_eq!(items[0].title, "Tom & Jerry <3 \u{201c}x\u{201d} R&D");
    assert_eq!(items[0].content, "ends with ]]> here");
}

#[test]
fn unknown_entities_stay_literal_and_dtd_entities_are_never_expanded() {
    let doc = r#"<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lollollollollol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><item><title>&lol2; &xxe; &nbsp;</title><wp:post_id>1</wp:post_id></item></channel></rss>"#;
    let (_, items) = read_all(doc.as_bytes()).expect("entities are inert, not errors");
    assert_eq!(items[0].title, "&lol2; &xxe; &nbsp;");
}

#[test]
fn control_characters_do_not_abort_the_file() {
    let doc = common::wxr(
        "<item><title>bell\u{7} and nul-free</title><content:encoded><![CDATA[a\u{1}b\u{b}c]]></content:encoded><wp:post_id>1</wp:post_id></item>",
    );
    let (_, items) = read_all(doc.as_bytes()).expect("control characters are tolerated");
    assert_eq!(items[0].title, "bell and nul-free");
    assert_eq!(items[0].content, "abc");
}

#[test]
fn declared_latin1_is_decoded() {
    let mut doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><item><title>Gr\xfc\xdfe</title><wp:post_id>1</wp:post_id></item></channel></rss>".to_vec();
    doc.extend_from_slice(b"\n");
    let (_, items) = read_all(&doc).expect("latin-1 export");
    assert_eq!(items[0].title, "Grüße");
}

#[test]
fn invalid_utf8_costs_one_character_not_the_export() {
    let doc = b"<rss><channel><item><title>a\xffb</title><wp:post_id>1</wp:post_id></item></channel></rss>";
    let (_, items) = read_all(doc).expect("invalid bytes are replaced");
    assert_eq!(items[0].title, "a\u{fffd}b");
}

#[test]
fn both_author_spellings_are_read_and_emails_are_not() {
    let doc = r#"<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:author><wp:author_login>a</wp:author_login><wp:author_email>a@example.com</wp:author_email><wp:author_display_name>Ann</wp:author_display_name></wp:author>
<wp:wp_author><wp:author_login>b</wp:author_login><wp:author_display_name>Bob</wp:author_display_name></wp:wp_author>
</channel></rss>"#;
    let (channel, _) = read_all(doc.as_bytes()).expect("valid");
    assert_eq!(channel.display_name("a"), "Ann");
    assert_eq!(channel.display_name("b"), "Bob");
    assert_eq!(channel.display_name("zed"), "zed");
    assert!(!format!("{channel:?}").contains("a@example.com"));
}

#[test]
fn comments_keep_no_email_or_ip_and_postmeta_and_terms_are_read() {
    let doc = common::wxr(
        r#"<item><title>x</title><wp:post_id>1</wp:post_id>
<category domain="category" nicename="travel"><![CDATA[Travel &amp; Food]]></category>
<category domain="post_tag" nicename="%e5%a4%9c"><![CDATA[夜]]></category>
<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value><![CDATA[10]]></wp:meta_value></wp:postmeta>
<wp:comment><wp:comment_id>5</wp:comment_id><wp:comment_author><![CDATA[Reader]]></wp:comment_author><wp:comment_author_email>reader@example.org</wp:comment_author_email><wp:comment_author_IP>192.0.2.1</wp:comment_author_IP><wp:comment_content><![CDATA[Nice]]></wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>"#,
    );
    let (_, items) = read_all(doc.as_bytes()).expect("valid");
    let it = &items[0];
    assert_eq!(it.meta("_thumbnail_id"), Some("10"));
    assert_eq!(it.terms.len(), 2);
    assert_eq!(it.terms[0].domain, "category");
    assert_eq!(it.terms[0].name, "Travel &amp; Food");
    assert_eq!(it.comments.len(), 1);
    assert_eq!(it.comments[0].content, "Nice");
    let dump = format!("{it:?}");
    assert!(!dump.contains("reader@example.org") && !dump.contains("192.0.2.1"));
}

#[test]
fn index_mode_skips_content() {
    let doc = common::wxr(&common::item(1, "a", "A", "publish", "BIG BODY"));
    let mut got = Vec::new();
    wxr::read(doc.as_bytes(), ReadMode::Index, |_, item| {
        got.push(item);
        true
    })
    .expect("valid");
    assert_eq!(got[0].content, "");
    assert_eq!(got[0].post_name, "a");
}

#[test]
fn truncated_export_yields_complete_items_then_names_the_line() {
    let full = common::wxr(&format!(
        "{}\n{}",
        common::item(1, "one", "One", "publish", "first"),
        common::item(2, "two", "Two", "publish", "second")
    ));
    let cut = &full[..full.find("second").expect("marker")];
    let mut seen = Vec::new();
    let err = wxr::read(cut.as_bytes(), ReadMode::Full, |_, item| {
        seen.push(item.post_id);
        true
    })
    .expect_err("truncated");
    assert_eq!(seen, vec![Some(1)]);
    assert!(err.message.contains("truncated"), "{err}");
    let second_item_line = full[..full.rfind("<item>").expect("item")].lines().count() as u64 + 1;
    assert_eq!(err.item_line, Some(second_item_line));
    assert!(err.line >= second_item_line);
}

#[test]
fn not_an_export_is_an_error() {
    for (doc, needle) in [
        ("<html><body>hi</body></html>", "not a WordPress export"),
        ("", "no XML elements"),
        ("just text", "no XML elements"),
        ("<rss><channel><item><title>x</title></item>", "truncated"),
        ("<rss><channel><item><title a=\"1\" a=\"2\">x", "truncated"),
    ] {
        let err = read_all(doc.as_bytes()).expect_err(doc);
        assert!(err.message.contains(needle), "{doc}: {err}");
    }
}

#[test]
fn deep_nesting_does_not_overflow() {
    let mut doc = String::from("<rss><channel><item><content:encoded>");
    doc.push_str(&"<div>".repeat(100_000));
    doc.push_str(&"</div>".repeat(100_000));
    doc.push_str("</content:encoded><wp:post_id>1</wp:post_id></item></channel></rss>");
    let (_, items) = read_all(doc.as_bytes()).expect("deep but valid");
    assert_eq!(items[0].post_id, Some(1));
}

#[test]
fn mismatched_and_stray_tags_are_recovered_and_reported() {
    let doc = common::wxr(
        "<item><title>one</title><wp:post_id>1</wp:post_id><wp:postmeta><wp:meta_key>k</wp:meta_key></item>\n\
         </wp:bogus>\n\
         <item><title>two</title><content:encoded><![CDATA[a <![CDATA[b]]> c]]></content:encoded><wp:post_id>2</wp:post_id></item>",
    );
    let (channel, items) = read_all(doc.as_bytes()).expect("recovered");
    assert_eq!(
        items.iter().map(|i| i.post_id).collect::<Vec<_>>(),
        [Some(1), Some(2)]
    );
    assert_eq!(items[1].content, "a <![CDATA[b]]> c");
    let messages: Vec<_> = channel
        .problems
        .iter()
        .map(|p| (p.line, p.message.as_str()))
        .collect();
    assert!(
        messages
            .iter()
            .any(|(_, m)| m.contains("<wp:postmeta> not closed")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|(_, m)| m.contains("stray </wp:bogus>")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|(_, m)| m.contains("nested CDATA")),
        "{messages:?}"
    );
    assert!(
        channel.problems.iter().all(|p| p.line > 1),
        "each problem has its line"
    );
}

#[test]
fn missing_or_unknown_versions_are_reported_not_fatal() {
    let doc = "<rss><channel><item><wp:post_id>1</wp:post_id></item></channel></rss>";
    let (channel, items) = read_all(doc.as_bytes()).expect("read");
    assert_eq!(items.len(), 1);
    assert!(channel.problems[0].message.contains("no <wp:wxr_version>"));
    let doc = "<rss><channel><wp:wxr_version>abc</wp:wxr_version><item><wp:post_id>1</wp:post_id></item></channel></rss>";
    let (channel, items) = read_all(doc.as_bytes()).expect("read");
    assert_eq!(items.len(), 1);
    assert!(
        channel.problems[0]
            .message
            .contains("unknown WXR version 'abc'")
    );
}

#[test]
fn channel_categories_tags_and_terms_keep_their_parents() {
    let doc = r#"<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>
<wp:category><wp:term_id>3</wp:term_id><wp:category_nicename><![CDATA[japan]]></wp:category_nicename><wp:category_parent><![CDATA[travel]]></wp:category_parent><wp:cat_name><![CDATA[Japan 日本]]></wp:cat_name></wp:category>
<wp:tag><wp:term_id>9</wp:term_id><wp:tag_slug><![CDATA[%e5%a4%9c]]></wp:tag_slug><wp:tag_name><![CDATA[夜]]></wp:tag_name></wp:tag>
<wp:term><wp:term_id>11</wp:term_id><wp:term_taxonomy><![CDATA[nav_menu]]></wp:term_taxonomy><wp:term_slug><![CDATA[main]]></wp:term_slug><wp:term_name><![CDATA[Main]]></wp:term_name></wp:term>
<item><category domain="category" nicename="japan"><![CDATA[Japan 日本]]></category><wp:post_id>1</wp:post_id></item>
</channel></rss>"#;
    let (channel, items) = read_all(doc.as_bytes()).expect("valid");
    assert_eq!(channel.terms.len(), 3);
    let japan = &channel.terms[0];
    assert_eq!(
        (
            japan.taxonomy.as_str(),
            japan.slug.as_str(),
            japan.name.as_str(),
            japan.parent.as_str(),
            japan.id
        ),
        ("category", "japan", "Japan 日本", "travel", Some(3))
    );
    assert_eq!(channel.terms[1].taxonomy, "post_tag");
    assert_eq!(channel.terms[2].taxonomy, "nav_menu");
    assert_eq!(
        items[0].terms.len(),
        1,
        "an item's <category> is not a channel term"
    );
}
