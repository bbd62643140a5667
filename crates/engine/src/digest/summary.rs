//! The one-line summary of an article: its most central sentence, verbatim.

use std::collections::HashMap;

use quarry_text::split_sentences;
use quarry_text::terms;
use quarry_text::words::{is_statement, word_key};
use quarry_text::Knowledge;

/// The index of the most central sentence: the one with the highest average cosine similarity
/// (TF-IDF over the article's own sentences, stop words left out) to the other sentences.
/// Headlines repeated in the body, questions, headings and fragments under six words are passed over when anything
/// longer exists. Ties go to the earlier sentence. `None` only when there are no sentences.
pub fn central_sentence(sentences: &[String], title: &str) -> Option<usize> {
    let stopwords = &Knowledge::get().stopwords;
    let vectors: Vec<HashMap<String, f32>> = sentences
        .iter()
        .map(|s| {
            let mut tf = HashMap::new();
            for term in terms(s) {
                if term.words == 1 && stopwords.contains(&word_key(term.span.of(s))) {
                    continue;
                }
                *tf.entry(term.text).or_insert(0.0) += 1.0;
            }
            tf
        })
        .collect();
    let mut df: HashMap<&str, f32> = HashMap::new();
    for v in &vectors {
        for term in v.keys() {
            *df.entry(term.as_str()).or_insert(0.0) += 1.0;
        }
    }
    let n = sentences.len() as f32;
    let weighted: Vec<HashMap<&str, f32>> = vectors
        .iter()
        .map(|v| {
            v.iter()
                .map(|(t, tf)| (t.as_str(), tf * (1.0 + n / df[t.as_str()]).ln()))
                .collect()
        })
        .collect();
    let norms: Vec<f32> = weighted
        .iter()
        .map(|v| v.values().map(|w| w * w).sum::<f32>().sqrt())
        .collect();
    let cosine = |i: usize, j: usize| {
        if norms[i] == 0.0 || norms[j] == 0.0 {
            return 0.0;
        }
        let dot: f32 = weighted[i]
            .iter()
            .filter_map(|(t, w)| weighted[j].get(t).map(|x| w * x))
            .sum();
        dot / (norms[i] * norms[j])
    };
    let substantial = |i: &usize| {
        let s = &sentences[*i];
        s.trim() != title.trim() && is_statement(s) && s.split_whitespace().count() >= 6
    };
    let mut candidates: Vec<usize> = (0..sentences.len()).filter(substantial).collect();
    if candidates.is_empty() {
        candidates = (0..sentences.len()).collect();
    }
    let score = |i: usize| {
        let others = sentences.len().saturating_sub(1).max(1) as f32;
        (0..sentences.len())
            .filter(|&j| j != i)
            .map(|j| cosine(i, j))
            .sum::<f32>()
            / others
    };
    let mut best: Option<(usize, f32)> = None;
    for i in candidates {
        let s = score(i);
        if best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

/// The most central sentence of a body of text, verbatim.
pub fn summary_of(body: &str, title: &str) -> Option<String> {
    let sentences: Vec<String> = split_sentences(body)
        .iter()
        .map(|s| s.of(body).to_string())
        .collect();
    central_sentence(&sentences, title).map(|i| sentences[i].clone())
}
