//! Ranking passages for an analysed question on the evidence a reader would use.

use std::collections::{HashMap, HashSet};

use regex::Regex;

use super::question::{Analysis, Expected, Unit};
use crate::catalog::Catalog;
use crate::index::{SearchIndex, StoredPassage, KIND_ARTICLE, KIND_PASSAGE};
use crate::lexicon::Lexicon;
use crate::terms::{is_concept, terms};
use crate::text::{is_statement, word_key, word_spans};

/// A passage with the evidence that ranked it.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub passage: StoredPassage,
    pub score: f32,
    /// Share of the question's content, weighted by rarity, that the passage holds.
    pub coverage: f32,
    /// Share of the question's content units, each counted once, that the passage or the
    /// sentences beside it hold.
    pub matched: f32,
}

const ARTICLE_CANDIDATES: usize = 20;
const PASSAGE_CANDIDATES: usize = 80;

fn patterns(expected: Expected) -> Option<&'static Regex> {
    let types = &Lexicon::get().answer_types;
    match expected {
        Expected::Money => Some(&types.money),
        Expected::Number => Some(&types.number),
        Expected::Date => Some(&types.date),
        Expected::List => Some(&types.list),
        _ => None,
    }
}

/// Whether the passage holds the kind of thing asked for, beyond the question's own words.
fn holds_expected(expected: Expected, text: &str, question_keys: &HashSet<String>) -> bool {
    if let Some(pattern) = patterns(expected) {
        return pattern.is_match(text);
    }
    match expected {
        Expected::Person | Expected::Place => {
            // A capitalised word the question does not already name, not opening the sentence.
            word_spans(text).iter().skip(1).any(|span| {
                let word = span.of(text);
                word.chars().next().is_some_and(char::is_uppercase)
                    && !question_keys.contains(&word_key(word))
            })
        }
        _ => true,
    }
}

/// Ranks passages for an analysed question, best first.
pub fn rank(
    analysis: &Analysis,
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
    catalog: &Catalog,
) -> Vec<Ranked> {
    let groups: Vec<Vec<String>> = analysis
        .units
        .iter()
        .map(|u| u.alternatives.clone())
        .collect();
    let articles = index.top(searcher, KIND_ARTICLE, &groups, ARTICLE_CANDIDATES);
    let best_article = articles.first().map_or(1.0, |(s, _)| s.max(f32::EPSILON));
    let article_score: HashMap<String, f32> = articles
        .iter()
        .filter_map(|(score, address)| {
            Some((index.doc_id(searcher, *address)?, score / best_article))
        })
        .collect();
    let passages = index.top(searcher, KIND_PASSAGE, &groups, PASSAGE_CANDIDATES);
    let best_passage = passages.first().map_or(1.0, |(s, _)| s.max(f32::EPSILON));
    let total_weight: f32 = analysis
        .units
        .iter()
        .map(|u| u.weight)
        .sum::<f32>()
        .max(f32::EPSILON);

    let candidates: Vec<(f32, StoredPassage, Evidence)> = passages
        .iter()
        .filter_map(|(bm25, address)| {
            let passage = index.passage(searcher, *address)?;
            let evidence = Evidence::of(&passage.quote, analysis);
            Some((*bm25, passage, evidence))
        })
        .collect();
    // Units matched by each candidate, to credit what the neighbouring sentences cover: a
    // sentence that does not name its topic ("in the region") often follows one that does.
    let matched_at: HashMap<(&str, u32), &[bool]> = candidates
        .iter()
        .map(|(_, p, e)| ((p.doc.as_str(), p.position), e.matched.as_slice()))
        .collect();
    // Title evidence once per article, not once per candidate passage of it.
    let mut title_of: HashMap<&str, f32> = HashMap::new();
    for (_, passage, _) in &candidates {
        if let Some(record) = catalog.articles.get(&passage.doc) {
            title_of
                .entry(passage.doc.as_str())
                .or_insert_with(|| Evidence::of(&record.title, analysis).weight / total_weight);
        }
    }
    let mut ranked: Vec<Ranked> = candidates
        .iter()
        .map(|(bm25, passage, evidence)| {
            let coverage = evidence.weight / total_weight;
            let neighbours = [passage.position.wrapping_sub(1), passage.position + 1]
                .map(|p| matched_at.get(&(passage.doc.as_str(), p)).copied());
            let in_window: Vec<bool> = (0..analysis.units.len())
                .map(|i| evidence.matched[i] || neighbours.iter().flatten().any(|m| m[i]))
                .collect();
            let window = weight_of(analysis, &in_window) / total_weight;
            let record = catalog.articles.get(&passage.doc);
            let title = title_of.get(passage.doc.as_str()).copied().unwrap_or(0.0);
            let expected = holds_expected(analysis.expected, passage.sentence(), &analysis.keys);
            // Questions (FAQ headings), headings, list items and the repeated headline name
            // things without saying anything about them; the title already counts as article
            // evidence.
            let sentence = passage.sentence().trim();
            let echo =
                !is_statement(sentence) || record.is_some_and(|r| r.title.trim() == sentence);
            let defines = analysis.definition && evidence.defines;
            let article = article_score.get(&passage.doc).copied().unwrap_or(0.0);
            let matched =
                in_window.iter().filter(|m| **m).count() as f32 / in_window.len().max(1) as f32;
            let score = 0.40 * coverage
                + 0.10 * window
                + 0.20 * (bm25 / best_passage)
                + 0.15 * article
                + 0.10 * evidence.phrase
                + 0.05 * title
                + if expected { 0.10 } else { 0.0 }
                + if defines { 0.10 } else { 0.0 }
                - if echo { 0.15 } else { 0.0 };
            tracing::debug!(
                doc = %passage.doc, position = passage.position, score, coverage, window,
                bm25 = bm25 / best_passage, phrase = evidence.phrase, expected, defines, echo,
                article, title, matched, "ranked passage"
            );
            Ranked {
                passage: passage.clone(),
                score,
                coverage,
                matched,
            }
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.passage.position.cmp(&b.passage.position))
    });
    ranked
}

fn weight_of(analysis: &Analysis, matched: &[bool]) -> f32 {
    analysis
        .units
        .iter()
        .zip(matched)
        .filter(|(_, m)| **m)
        .map(|(u, _)| u.weight)
        .sum()
}

/// How much of the question a text covers, and how much of it in question order.
struct Evidence {
    /// Which of the question's units the text holds, by unit index.
    matched: Vec<bool>,
    weight: f32,
    phrase: f32,
    /// The matched words are followed by a copula ("X is a") or preceded by "known as"/"called".
    defines: bool,
}

const COPULAS: &[&str] = &["is", "are", "was", "were", "refers", "means"];
const NAMING: &[&str] = &["as", "called", "named", "dubbed"];

impl Evidence {
    fn of(text: &str, analysis: &Analysis) -> Evidence {
        let mut positions: HashMap<&str, Vec<u32>> = HashMap::new();
        let found = terms(text);
        for term in &found {
            positions
                .entry(term.text.as_str())
                .or_default()
                .push(term.position);
        }
        let at = |unit: &Unit| -> Vec<u32> {
            unit.alternatives
                .iter()
                .flat_map(|a| positions.get(a.as_str()).cloned().unwrap_or_default())
                .collect()
        };
        let matched: Vec<(usize, Vec<u32>)> = analysis
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (i, at(u)))
            .filter(|(_, p)| !p.is_empty())
            .collect();
        let weight = matched.iter().map(|(i, _)| analysis.units[*i].weight).sum();
        let mut matched_units = vec![false; analysis.units.len()];
        for (i, _) in &matched {
            matched_units[*i] = true;
        }
        // Adjacent question units that also stand near each other (within 3 words) in the text.
        let pairs = analysis.units.len().saturating_sub(1).max(1) as f32;
        let near = matched
            .windows(2)
            .filter(|w| {
                w[0].0 + 1 == w[1].0
                    && w[0]
                        .1
                        .iter()
                        .any(|a| w[1].1.iter().any(|b| a.abs_diff(*b) <= 3))
            })
            .count() as f32;
        let matched_positions: Vec<u32> = matched
            .iter()
            .flat_map(|(_, p)| p.iter().copied())
            .collect();
        let defines = match (
            matched_positions.iter().min(),
            matched_positions.iter().max(),
        ) {
            (Some(&first), Some(&last)) => {
                let word_at = |p: u32| {
                    found
                        .iter()
                        .find(|t| t.position == p && !is_concept(&t.text))
                        .map(|t| word_key(t.span.of(text)))
                };
                let concept_len = found
                    .iter()
                    .filter(|t| t.position == last)
                    .map(|t| t.words)
                    .max()
                    .unwrap_or(1);
                let after = word_at(last + concept_len);
                let before = first.checked_sub(1).and_then(word_at);
                after.is_some_and(|w| COPULAS.contains(&w.as_str()))
                    || before.is_some_and(|w| NAMING.contains(&w.as_str()))
            }
            _ => false,
        };
        Evidence {
            matched: matched_units,
            weight,
            phrase: near / pairs,
            defines,
        }
    }
}
