//! The bottom layer of quarry: text and knowledge. Byte spans of sentences and words, keys,
//! stems and index terms, and everything quarry knows about words and names
//! ([`knowledge::Knowledge`], from `lexicon/*.toml`). No index, no I/O, no async.

pub mod knowledge;
pub mod memo;
pub mod phrases;
pub mod sentences;
pub mod stem;
pub mod terms;
pub mod words;

pub use knowledge::{Knowledge, KnowledgeError, Stage};
pub use sentences::split_sentences;
pub use terms::{stem, stem_cached, terms, Term};
pub use words::{fold, one_line, word_key, word_spans, Span};

/// The code of this crate that decides how text becomes sentences, words and terms: the engine
/// rebuilds its index when it changes.
pub const SHAPING_CODE: &[&str] = &[
    include_str!("sentences.rs"),
    include_str!("words.rs"),
    include_str!("phrases.rs"),
    include_str!("stem.rs"),
    include_str!("terms.rs"),
];
