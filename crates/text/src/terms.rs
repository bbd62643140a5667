//! Text → index terms, the same way for articles and questions: word stems plus one concept term
//! for every alias name found ("U.S.", "Washington" → `~united_states`).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;

use crate::knowledge::Knowledge;
use crate::words::{word_key, word_spans, FastHash, Span};

/// One term at a word position. Concept terms share the position of the alias's first word.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub text: String,
    pub position: u32,
    pub span: Span,
    /// How many words the term covers: 1 for a stem, the name's length for a concept.
    pub words: u32,
}

/// The terms of `text`, in order of position.
pub fn terms(text: &str) -> Vec<Term> {
    let knowledge = Knowledge::get();
    let words = word_spans(text);
    let keys: Vec<String> = words.iter().map(|s| word_key(s.of(text))).collect();
    let mut out = Vec::with_capacity(words.len() + 4);
    for (i, (span, key)) in words.iter().zip(&keys).enumerate() {
        let position = i as u32;
        if let Some((concept, words)) = alias_at(text, &words, &keys, i, knowledge) {
            out.push(Term {
                text: concept,
                position,
                span: *span,
                words,
            });
        }
        if !key.is_empty() {
            out.push(Term {
                text: stem_cached(key),
                position,
                span: *span,
                words: 1,
            });
        }
    }
    out
}

/// The concept term of the longest alias name that starts at word `i`, if any.
fn alias_at(
    text: &str,
    words: &[Span],
    keys: &[String],
    i: usize,
    knowledge: &Knowledge,
) -> Option<(String, u32)> {
    let names = knowledge.aliases.get(&keys[i])?;
    names.iter().find_map(|(name, concept)| {
        let n = name.keys.len();
        let matches = keys
            .get(i..i + n)
            .is_some_and(|window| window == name.keys.as_slice())
            && name
                .exact
                .as_ref()
                .is_none_or(|exact| words[i].of(text) == exact);
        matches.then(|| (concept.clone(), n as u32))
    })
}

/// English (Porter 2) stem of a word key, with the checked-in irregular verbs ("won" → "win");
/// words with digits are kept as they are.
pub fn stem(key: &str) -> Cow<'_, str> {
    Knowledge::get().stemmer.stem(key)
}

/// Stems remembered per thread: a corpus repeats a few thousand words most of the time, and a
/// lookup costs far less than Porter 2. Bounded; cleared when full.
const STEM_CACHE_LIMIT: usize = 1 << 16;

/// [`stem`] as an owned string, from a per-thread cache of recent words.
pub fn stem_cached(key: &str) -> String {
    thread_local! {
        static CACHE: RefCell<HashMap<Box<str>, Box<str>, FastHash>> =
            RefCell::new(HashMap::with_hasher(FastHash::default()));
    }
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some(hit) = cache.get(key) {
            return String::from(&**hit);
        }
        let stemmed = stem(key).into_owned();
        if cache.len() >= STEM_CACHE_LIMIT {
            cache.clear();
        }
        cache.insert(key.into(), stemmed.as_str().into());
        stemmed
    })
}

/// Whether a term is a concept (alias group) rather than a word stem.
pub fn is_concept(term: &str) -> bool {
    term.starts_with('~')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|t| t.text).collect()
    }

    #[test]
    fn alias_names_add_their_concept_beside_the_stems() {
        let us = crate::knowledge::concept_token("United States");
        assert!(texts("The U.S. plans").contains(&us));
        assert!(texts("the United States wants").contains(&us));
        assert!(texts("Washington is hosting").contains(&us));
        assert!(texts("US Looks to Draw").contains(&us));
    }

    #[test]
    fn acronyms_match_only_as_written() {
        let us = crate::knowledge::concept_token("United States");
        assert!(!texts("explain to us why").contains(&us));
    }

    #[test]
    fn stems_are_shared_across_inflections() {
        assert_eq!(texts("minerals hosted"), texts("mineral hosting"));
    }

    #[test]
    fn cached_stems_are_the_stems() {
        for word in ["minerals", "hosting", "running", "2020", "minerals"] {
            assert_eq!(stem_cached(word), stem(word));
        }
    }

    #[test]
    fn stems_fold_inflections_but_keep_numbers() {
        assert_eq!(stem("minerals"), stem("mineral"));
        assert_eq!(stem("hosted"), stem("hosting"));
        assert_eq!(stem("2020"), "2020");
    }

    #[test]
    fn irregular_past_forms_stem_as_their_verb() {
        assert_eq!(stem("won"), stem("win"));
        assert_eq!(stem("led"), stem("leads"));
        assert_eq!(stem("sold"), stem("selling"));
        // Left out on purpose: as often a direction as the past of "leave".
        assert_ne!(stem("left"), stem("leave"));
    }
}
