//! Text → index terms, the same way for articles and questions: word stems plus one concept term
//! for every alias name found ("U.S.", "Washington" → `~united_states`).

use crate::lexicon::Lexicon;
use crate::text::{stem_cached, word_key, word_spans, Span};

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
    let lexicon = Lexicon::get();
    let words = word_spans(text);
    let keys: Vec<String> = words.iter().map(|s| word_key(s.of(text))).collect();
    let mut out = Vec::with_capacity(words.len() + 4);
    for (i, (span, key)) in words.iter().zip(&keys).enumerate() {
        let position = i as u32;
        if let Some((concept, words)) = alias_at(text, &words, &keys, i, lexicon) {
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
    lexicon: &Lexicon,
) -> Option<(String, u32)> {
    let names = lexicon.aliases.get(&keys[i])?;
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
        let us = crate::lexicon::concept_token("United States");
        assert!(texts("The U.S. plans").contains(&us));
        assert!(texts("the United States wants").contains(&us));
        assert!(texts("Washington is hosting").contains(&us));
        assert!(texts("US Looks to Draw").contains(&us));
    }

    #[test]
    fn acronyms_match_only_as_written() {
        let us = crate::lexicon::concept_token("United States");
        assert!(!texts("explain to us why").contains(&us));
    }

    #[test]
    fn stems_are_shared_across_inflections() {
        assert_eq!(texts("minerals hosted"), texts("mineral hosting"));
    }
}
