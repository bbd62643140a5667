//! Hostile input: arbitrary bytes through the HTML, PDF and feed paths never panic, and anything
//! they accept is text the corpus can hold.

use proptest::prelude::*;
use quarry_ingest::document::{self, Kind};
use quarry_ingest::feeds;

/// Bytes that look a little like markup, so the parsers get past their first checks.
fn markupish() -> impl Strategy<Value = Vec<u8>> {
    let piece = prop_oneof![
        Just("<html>".to_string()),
        Just("<p>".to_string()),
        Just("</p>".to_string()),
        Just("<article class=\"share related\">".to_string()),
        Just("<meta charset=\"iso-8859-1\">".to_string()),
        Just("<script type=\"application/ld+json\">{\"headline\":".to_string()),
        Just("<rss version=\"2.0\"><channel><item><title>".to_string()),
        Just("<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry>".to_string()),
        Just("{\"version\":\"https://jsonfeed.org/version/1.1\",\"items\":[".to_string()),
        Just("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj".to_string()),
        "[a-zA-Z ,.]{0,80}",
        ".{0,20}",
    ];
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..2000),
        proptest::collection::vec(piece, 0..40).prop_map(|p| p.concat().into_bytes()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn pages_and_files_never_panic_and_yield_corpus_text(bytes in markupish()) {
        for kind in [Kind::Html, Kind::Pdf, Kind::Text] {
            if let Ok(article) = document::read(kind, &bytes, "input", None, Some("https://example.org/a")) {
                prop_assert!(!article.text.trim().is_empty());
                prop_assert!(!article.text.contains('\0') || kind == Kind::Pdf);
            }
        }
    }

    #[test]
    fn feeds_never_panic(bytes in markupish()) {
        if let Ok(items) = feeds::parse(&bytes, "https://example.org/feed") {
            prop_assert!(!items.is_empty());
        }
    }
}
