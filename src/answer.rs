//! Questions → cited answers. Two stages: articles that match the question as a whole, then the
//! passages within reach, re-ranked on the evidence a reader would use. Question text is never
//! parsed as query syntax; it only ever becomes a list of terms.

use std::collections::{HashMap, HashSet};

use regex::Regex;
use serde::Serialize;

use crate::catalog::Catalog;
use crate::index::{SearchIndex, StoredPassage, KIND_ARTICLE, KIND_PASSAGE};
use crate::lexicon::Lexicon;
use crate::terms::{is_concept, terms};
use crate::text::{is_statement, word_key, word_spans};

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
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Answer {
    pub question: String,
    pub answered: bool,
    /// The answer in a sentence or two, with `[n]` markers, or why quarry abstains.
    pub answer: String,
    /// A short extractive summary for broad questions; empty otherwise.
    pub summary: String,
    pub citations: Vec<Citation>,
}

/// The kind of thing a question asks for, read from its opening words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    Person,
    Date,
    Money,
    Number,
    Place,
    /// "Which minerals ...?": several things, named in a list.
    List,
    Anything,
}

/// A content unit of the question: a word (with its synonyms) or a named concept.
#[derive(Debug, Clone)]
pub struct Unit {
    pub alternatives: Vec<String>,
    pub weight: f32,
    /// Position among the question's words, for phrase evidence.
    pub position: u32,
    /// A proper name, a concept or a number: what grounds the question in the corpus.
    pub name: bool,
    /// How many index documents hold any alternative.
    pub doc_freq: u64,
}

#[derive(Debug, Clone)]
pub struct Analysis {
    pub units: Vec<Unit>,
    pub expected: Expected,
    pub broad: bool,
    /// "What is X?": a sentence that defines X ("X is a ...", "... known as X") answers best.
    pub definition: bool,
    /// Word keys of the question, so a name it already gives is not taken for the answer.
    pub keys: HashSet<String>,
}

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

pub struct Settings {
    pub citations: usize,
    pub min_coverage: f32,
    pub summary_sentences: usize,
}

const ARTICLE_CANDIDATES: usize = 20;
const PASSAGE_CANDIDATES: usize = 80;

/// Reads the question: content units weighted by rarity, what kind of answer it wants.
pub fn analyze(question: &str, index: &SearchIndex, searcher: &tantivy::Searcher) -> Analysis {
    let lexicon = Lexicon::get();
    let all = terms(question);
    let question_keys: Vec<String> = word_spans(question)
        .iter()
        .map(|s| word_key(s.of(question)))
        .collect();
    let mut covered: HashSet<u32> = HashSet::new();
    let mut units: Vec<Unit> = Vec::new();
    for term in all.iter().filter(|t| is_concept(&t.text)) {
        if (term.position..term.position + term.words).any(|p| covered.contains(&p)) {
            continue;
        }
        covered.extend(term.position..term.position + term.words);
        units.push(Unit {
            alternatives: with_members(&term.text, &question_keys, term.position + term.words),
            weight: 0.0,
            position: term.position,
            name: true,
            doc_freq: 0,
        });
    }
    let mut seen: HashSet<String> = HashSet::new();
    for term in all
        .iter()
        .filter(|t| !is_concept(&t.text) && !covered.contains(&t.position))
    {
        let key = word_key(term.span.of(question));
        if lexicon.stopwords.contains(&key) || !seen.insert(term.text.clone()) {
            continue;
        }
        let mut alternatives = vec![term.text.clone()];
        if let Some(same) = lexicon.synonyms.get(&term.text) {
            alternatives.extend(same.iter().cloned());
        }
        let name = is_name(question, term.span);
        units.push(Unit {
            alternatives,
            weight: 0.0,
            position: term.position,
            name,
            doc_freq: 0,
        });
    }
    let total = searcher.num_docs().max(1) as f32;
    for unit in &mut units {
        unit.doc_freq = unit
            .alternatives
            .iter()
            .map(|t| index.doc_freq(searcher, t))
            .max()
            .unwrap_or(0);
        let df = unit.doc_freq as f32;
        unit.weight = (1.0 + (total - df + 0.5) / (df + 0.5)).ln();
    }
    // A common word the corpus never uses ("sent", "handle") cannot tell passages apart; it
    // counts as an average word, so paraphrased questions are not abstained on. Unknown names
    // keep their full weight (and make `compose` abstain).
    let seen: Vec<f32> = units
        .iter()
        .filter(|u| u.doc_freq > 0)
        .map(|u| u.weight)
        .collect();
    if !seen.is_empty() {
        let average = seen.iter().sum::<f32>() / seen.len() as f32;
        for unit in units.iter_mut().filter(|u| u.doc_freq == 0 && !u.name) {
            unit.weight = average;
        }
    }
    units.sort_by_key(|u| u.position);
    tracing::debug!(
        units = ?units.iter().map(|u| (&u.alternatives[0], u.weight, u.doc_freq, u.name)).collect::<Vec<_>>(),
        "question units"
    );
    let expected = expected_kind(question);
    let broad = expected == Expected::Anything && (units.len() <= 2 || is_broad_opening(question));
    let keys = question_keys.into_iter().collect();
    let lower = question.trim_start().to_lowercase();
    let definition = ["what is ", "what are ", "what's ", "what was "]
        .iter()
        .any(|o| lower.starts_with(o));
    Analysis {
        units,
        expected,
        broad,
        definition,
        keys,
    }
}

/// A concept, plus the members of the group it names when the question asks for one of them
/// ("Which Central Asian country": a passage naming Kazakhstan speaks of Central Asia).
fn with_members(concept: &str, question_keys: &[String], next_word: u32) -> Vec<String> {
    let regions = &Lexicon::get().regions;
    let mut alternatives = vec![concept.to_string()];
    let asks_for_member = question_keys
        .get(next_word as usize)
        .is_some_and(|key| regions.member_words.contains(key));
    if let Some(members) = regions.members.get(concept).filter(|_| asks_for_member) {
        alternatives.extend(members.iter().cloned());
    }
    alternatives
}

/// A capitalised word after the first ("Chile", "World Cup") or a number ("2022").
fn is_name(question: &str, span: crate::text::Span) -> bool {
    let word = span.of(question);
    let opening = question[..span.start]
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .is_empty();
    word.chars().any(|c| c.is_ascii_digit())
        || (!opening && word.chars().next().is_some_and(char::is_uppercase))
}

fn expected_kind(question: &str) -> Expected {
    let lower = question.trim().to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let first_two = (
        words.first().copied().unwrap_or(""),
        words.get(1).copied().unwrap_or(""),
    );
    match first_two {
        ("how", "much") | ("how", "large") | ("how", "big") => Expected::Money,
        ("how", "many") => Expected::Number,
        ("who", _) | ("whom", _) => Expected::Person,
        ("when", _) | ("what", "year") | ("which", "year") => Expected::Date,
        ("where", _) => Expected::Place,
        ("which" | "what", _) if asks_for_plural(&words[1..]) => Expected::List,
        _ => Expected::Anything,
    }
}

/// Whether the words before the question's verb hold a plural noun ("which critical minerals
/// does", "what steps have").
fn asks_for_plural(words: &[&str]) -> bool {
    const VERBS: &[&str] = &[
        "do", "does", "did", "is", "are", "was", "were", "have", "has", "had", "can", "could",
        "will", "would",
    ];
    words.iter().take_while(|w| !VERBS.contains(w)).any(|w| {
        w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && !w.ends_with("is")
    })
}

fn is_broad_opening(question: &str) -> bool {
    let lower = question.trim().to_lowercase();
    [
        "what is ",
        "what are ",
        "what's ",
        "why ",
        "tell me",
        "explain",
        "summar",
        "describe",
        "overview",
    ]
    .iter()
    .any(|opening| lower.starts_with(opening))
}

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
            let score = 0.40 * coverage
                + 0.10 * window
                + 0.20 * (bm25 / best_passage)
                + 0.15 * article_score.get(&passage.doc).copied().unwrap_or(0.0)
                + 0.10 * evidence.phrase
                + 0.05 * title
                + if expected { 0.10 } else { 0.0 }
                + if defines { 0.10 } else { 0.0 }
                - if echo { 0.15 } else { 0.0 };
            tracing::debug!(
                doc = %passage.doc, position = passage.position, score, coverage, window,
                bm25 = bm25 / best_passage, phrase = evidence.phrase, expected, defines, echo,
                "ranked passage"
            );
            let matched =
                in_window.iter().filter(|m| **m).count() as f32 / in_window.len().max(1) as f32;
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

/// Builds the answer from ranked passages: citations, answer text, summary or abstention.
pub fn compose(
    question: &str,
    analysis: &Analysis,
    ranked: &[Ranked],
    catalog: &Catalog,
    settings: &Settings,
) -> Answer {
    // A name or number the corpus never mentions means the corpus cannot answer the question.
    let unknown_name = analysis.units.iter().any(|u| u.name && u.doc_freq == 0);
    tracing::debug!(
        question,
        unknown_name,
        coverage = ranked.first().map(|r| r.coverage),
        "answer decision"
    );
    let confident = !unknown_name
        && !analysis.units.is_empty()
        && ranked
            .first()
            .is_some_and(|r| r.coverage > settings.min_coverage && r.matched > 0.5);
    if !confident {
        return abstain(question, ranked, catalog);
    }
    let mut chosen: Vec<&Ranked> = Vec::new();
    for candidate in ranked {
        if chosen.len() == settings.citations {
            break;
        }
        let overlaps = chosen.iter().any(|c| {
            c.passage.doc == candidate.passage.doc
                && (c.passage.quote.contains(candidate.passage.sentence())
                    || candidate.passage.quote.contains(c.passage.sentence()))
        });
        if !overlaps {
            chosen.push(candidate);
        }
    }
    let citations: Vec<Citation> = chosen
        .iter()
        .enumerate()
        .map(|(i, r)| citation(i + 1, r, catalog))
        .collect();
    let answer = format!("{} [1]", one_line(ranked[0].passage.sentence()));
    let summary = if analysis.broad {
        summarize(&chosen, settings)
    } else {
        String::new()
    };
    Answer {
        question: question.to_string(),
        answered: true,
        answer,
        summary,
        citations,
    }
}

/// Up to `summary_sentences` relevant sentences from the citations, different articles first,
/// no repeats.
fn summarize(chosen: &[&Ranked], settings: &Settings) -> String {
    let limit = settings.summary_sentences;
    let mut lines: Vec<String> = Vec::new();
    let mut docs: HashSet<&str> = HashSet::new();
    let mut seen: Vec<HashSet<String>> = Vec::new();
    let ordered = chosen
        .iter()
        .enumerate()
        .filter(|(_, r)| docs.insert(&r.passage.doc))
        .chain(chosen.iter().enumerate());
    let mut used: HashSet<usize> = HashSet::new();
    for (i, ranked) in ordered {
        if lines.len() == limit || ranked.coverage <= settings.min_coverage || !used.insert(i) {
            continue;
        }
        let words: HashSet<String> = terms(ranked.passage.sentence())
            .into_iter()
            .map(|t| t.text)
            .collect();
        let repeats = seen
            .iter()
            .any(|s| s.intersection(&words).count() * 10 >= words.len().min(s.len()) * 7);
        if !repeats {
            lines.push(format!(
                "{} [{}]",
                one_line(ranked.passage.sentence()),
                i + 1
            ));
            seen.push(words);
        }
    }
    lines.join(" ")
}

fn abstain(question: &str, ranked: &[Ranked], catalog: &Catalog) -> Answer {
    let mut nearest: Vec<String> = Vec::new();
    for r in ranked {
        if nearest.len() == 3 {
            break;
        }
        if let Some(record) = catalog.articles.get(&r.passage.doc) {
            let name = format!("\u{201c}{}\u{201d} ({})", record.title, r.passage.doc);
            if !nearest.contains(&name) {
                nearest.push(name);
            }
        }
    }
    let answer = if nearest.is_empty() {
        "Not in the corpus: no article matches this question.".to_string()
    } else {
        format!(
            "Not in the corpus: no article answers this question. Closest articles: {}.",
            nearest.join("; ")
        )
    };
    Answer {
        question: question.to_string(),
        answered: false,
        answer,
        summary: String::new(),
        citations: Vec::new(),
    }
}

fn citation(n: usize, ranked: &Ranked, catalog: &Catalog) -> Citation {
    let record = catalog.articles.get(&ranked.passage.doc);
    Citation {
        n,
        doc: ranked.passage.doc.clone(),
        title: record.map(|r| r.title.clone()).unwrap_or_default(),
        source: record.and_then(|r| r.meta.source.clone()),
        url: record.and_then(|r| r.meta.url.clone()),
        published: record.and_then(|r| r.meta.published),
        quote: ranked.passage.quote.clone(),
        score: (ranked.score * 1000.0).round() / 1000.0,
    }
}

/// Collapses line breaks inside a sentence for one-line display.
pub fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
