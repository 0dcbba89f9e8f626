//! The indexing pass feeds the expansion stage: attachments with their alt text and caption,
//! who they are attached to, and reusable blocks' content — which `ReadMode::Index` keeps for
//! `wp_block` items and attachments only.

use unpress::item::{SiteIndex, to_body_with};
use unpress::read::wxr::{self, Item, ReadMode};

const WXR: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<item><title>Photo</title><content:encoded><![CDATA[]]></content:encoded>
  <excerpt:encoded><![CDATA[A caption]]></excerpt:encoded>
  <wp:post_id>10</wp:post_id><wp:post_parent>1</wp:post_parent><wp:post_type>attachment</wp:post_type>
  <wp:attachment_url>https://ex.com/photo.jpg</wp:attachment_url>
  <wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Alt text</wp:meta_value></wp:postmeta>
</item>
<item><title>Reusable</title>
  <content:encoded><![CDATA[<!-- wp:paragraph --><p>Shared words</p><!-- /wp:paragraph -->]]></content:encoded>
  <excerpt:encoded><![CDATA[]]></excerpt:encoded>
  <wp:post_id>20</wp:post_id><wp:post_type>wp_block</wp:post_type><wp:status>publish</wp:status>
</item>
<item><title>Post</title>
  <content:encoded><![CDATA[<!-- wp:block {"ref":20} /-->

<!-- wp:shortcode -->
[gallery]
<!-- /wp:shortcode -->

<!-- wp:paragraph --><p>Note<sup data-fn="n1" class="fn"><a href="#n1" id="n1-link">1</a></sup></p><!-- /wp:paragraph -->
<!-- wp:footnotes /-->]]></content:encoded>
  <excerpt:encoded><![CDATA[An excerpt]]></excerpt:encoded>
  <wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
  <wp:postmeta><wp:meta_key>footnotes</wp:meta_key><wp:meta_value><![CDATA[[{"id":"n1","content":"The note."}]]]></wp:meta_value></wp:postmeta>
</item>
</channel></rss>"##;

fn items(mode: ReadMode) -> Vec<Item> {
    let mut v = Vec::new();
    wxr::read(WXR.as_bytes(), mode, |_, item| {
        v.push(item);
        true
    })
    .expect("read");
    v
}

#[test]
fn index_mode_keeps_only_what_expansion_needs() {
    let v = items(ReadMode::Index);
    assert_eq!(v[0].excerpt, "A caption", "attachment caption kept");
    assert!(
        v[1].content.contains("Shared words"),
        "wp_block content kept"
    );
    assert!(v[2].content.is_empty(), "post content skipped");
    assert!(v[2].excerpt.is_empty(), "post excerpt skipped");
}

#[test]
fn site_index_feeds_expansion() {
    let mut index = SiteIndex::default();
    for item in items(ReadMode::Index) {
        index.add(&item, false);
    }
    let a = &index.site.attachments[&10];
    assert_eq!((a.alt(), a.caption()), ("Alt text", "A caption"));
    assert_eq!(index.attachment_url("10"), Some("https://ex.com/photo.jpg"));
    let post = items(ReadMode::Full).remove(2);
    let e = unpress::item::content_html_for(&post, &index, false);
    assert!(e.html.contains("<p>Shared words</p>"), "{}", e.html);
    assert!(
        e.html
            .contains(r#"<img src="https://ex.com/photo.jpg" alt="Alt text">"#),
        "{}",
        e.html
    );
    assert!(
        e.html.contains("<figcaption>A caption</figcaption>"),
        "{}",
        e.html
    );
    assert!(e.html.contains(r#"<li id="n1">The note."#), "{}", e.html);
    assert!(e.warnings.is_empty(), "{:?}", e.warnings);
    let (body, warnings) = to_body_with(&post, &index, false);
    assert!(warnings.is_empty());
    let md = unpress::render::markdown::render(&body, &Default::default());
    assert!(md.contains("[^1]: The note."), "{md}");
    assert!(md.contains("![Alt text](https://ex.com/photo.jpg)"), "{md}");
}
