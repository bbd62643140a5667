//! The one citation type every surface shows: a verbatim quote and the article it comes from.

use serde::Serialize;

use crate::catalog::Catalog;

/// One numbered source of an answer, a ledger entry or a digest line: a verbatim quote and where
/// it comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Citation {
    pub n: usize,
    pub doc: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<chrono::NaiveDate>,
    pub quote: String,
    /// How well the passage matched the question; 1 for a ledger or digest citation.
    pub score: f32,
    /// The sentence before the quote, verbatim, when the quote leans on it ("The initiative is
    /// expected to …" after the sentence that names the initiative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

impl Citation {
    /// Citation number `n` of `quote` in article `doc`, with the article's title, source, link
    /// and date from the catalog.
    pub fn in_catalog(n: usize, doc: &str, quote: &str, score: f32, catalog: &Catalog) -> Citation {
        let record = catalog.articles.get(doc);
        Citation {
            n,
            doc: doc.to_string(),
            title: record.map(|r| r.title.clone()).unwrap_or_default(),
            source: record.and_then(|r| r.meta.source.clone()),
            url: record.and_then(|r| r.meta.url.clone()),
            published: record.and_then(|r| r.meta.published),
            quote: quote.to_string(),
            score,
            context: None,
        }
    }

    /// The quote on one line as readers see it, after the sentence it leans on if any.
    pub fn shown(&self) -> String {
        match &self.context {
            Some(context) => quarry_text::one_line(&format!("{context} {}", self.quote)),
            None => quarry_text::one_line(&self.quote),
        }
    }

    /// Where the quote comes from, as readers name it: "Reuters, 2026-11-20"; the article's file
    /// id only when it names no source.
    pub fn origin(&self) -> String {
        origin(&self.doc, self.source.as_deref(), self.published)
    }
}

/// "Reuters, 2026-11-20", "Reuters", or the file id (with the date when there is one) when the
/// article names no source.
pub fn origin(doc: &str, source: Option<&str>, published: Option<chrono::NaiveDate>) -> String {
    let source = source
        .map(quarry_text::one_line)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| doc.to_string());
    match published {
        Some(date) => format!("{source}, {date}"),
        None => source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_is_shown_after_the_sentence_it_leans_on() {
        let mut c = Citation {
            n: 1,
            doc: "d".into(),
            title: "T".into(),
            source: None,
            url: None,
            published: None,
            quote: "The initiative is\nfunded.".into(),
            score: 1.0,
            context: None,
        };
        assert_eq!(c.shown(), "The initiative is funded.");
        c.context = Some("Japan launched a fund.".into());
        assert_eq!(
            c.shown(),
            "Japan launched a fund. The initiative is funded."
        );
    }

    #[test]
    fn the_origin_is_the_source_and_date_and_the_file_only_without_a_source() {
        let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 20);
        assert_eq!(origin("a/1", Some("Reuters"), date), "Reuters, 2026-11-20");
        assert_eq!(origin("a/1", Some("Reuters"), None), "Reuters");
        assert_eq!(origin("a/1", Some(" "), None), "a/1");
        assert_eq!(origin("a/1", None, date), "a/1, 2026-11-20");
    }
}
