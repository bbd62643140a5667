//! The one citation type every surface shows: a verbatim quote and the article it comes from.

use serde::Serialize;

/// One numbered source of an answer: a verbatim quote and where it comes from.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Citation {
    pub n: usize,
    pub doc: String,
    pub title: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub published: Option<chrono::NaiveDate>,
    pub quote: String,
    pub score: f32,
    /// Other outlets that carried the same story ("also reported by").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub also: Vec<String>,
}
