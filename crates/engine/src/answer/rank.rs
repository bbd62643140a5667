//! Ranking passages for an analysed question on the evidence a reader would use.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use super::fitted::{shares, ConfidenceInputs, Parameters};
use super::question::{Analysis, Expected};
use super::read::{term_hash, terms_of, Passages, ReadPassage, Terms};
use crate::catalog::{Catalog, Record};
use crate::index::{IndexError, SearchIndex, StoredPassage, KIND_ARTICLE, KIND_PASSAGE};
use crate::semantic::{cosine, dot, Semantic};
use quarry_text::terms::{is_concept, Term};
use quarry_text::words::is_statement;
use quarry_text::words::FastHash;
use quarry_text::Knowledge;
use quarry_text::{word_key, word_spans};

/// A passage with the evidence that ranked it.
#[derive(Debug, Clone)]
pub struct Ranked {
    pub passage: Arc<StoredPassage>,
    pub score: f32,
    /// The estimated probability that this passage answers the question (fitted, see
    /// `answer::fitted`); 0 beyond the best candidates `rank` was asked to weigh.
    pub confidence: f32,
    /// Share of the question's content, weighted by rarity, that the passage holds.
    pub coverage: f32,
    /// The same share for the passage together with the sentences beside it.
    pub window: f32,
    /// Share of the question's content units the corpus knows, each counted once, that the
    /// passage or the sentences beside it hold.
    pub matched: f32,
    /// Whether the passage holds the kind of thing asked for (a figure, a date, a name).
    pub holds_type: bool,
    /// Every piece of evidence, by name, for a fitted ranker and for the probe that fits it.
    pub features: Features,
}

/// The evidence about one candidate passage, each value in 0..1 (cosines in -1..1).
#[derive(Debug, Clone, Copy, Default, serde::Serialize, serde::Deserialize)]
pub struct Features {
    /// The passage's BM25 score over the best candidate's.
    pub bm25: f32,
    /// Its article's BM25 score over the best article's (0 outside the top articles).
    pub article: f32,
    /// Rarity-weighted share of the question the sentence holds.
    pub coverage: f32,
    /// The same share for the sentence with its neighbours.
    pub window: f32,
    /// Adjacent question words standing near each other in the sentence.
    pub phrase: f32,
    /// Rarity-weighted share of the question the article's title holds.
    pub title: f32,
    /// The kind of answer asked for (figure, date, name) stands in the sentence, beside what is
    /// counted or listed.
    pub expected: f32,
    /// The question asks for a particular kind of answer (not "anything").
    pub typed: f32,
    /// "What is X?" and the sentence defines X.
    pub defines: f32,
    /// A heading, a question or the repeated headline.
    pub echo: f32,
    /// Share of the corpus-known question units in the sentence or beside it.
    pub matched: f32,
    /// Cosine of question and sentence in the static sentence model.
    pub sem_sentence: f32,
    /// Cosine of question and the sentence read with its neighbouring candidates.
    pub sem_window: f32,
    /// Cosine of question and the article's title with its opening sentence.
    pub sem_article: f32,
    /// The question asks for a figure, a share, money or a date and the sentence holds none.
    /// Rows written before it was measured read as 0.
    #[serde(default)]
    pub lacks_kind: f32,
    /// Share of the question's content units the corpus never uses (the same for every
    /// candidate of a question). Rows written before it was measured read as 0.
    #[serde(default)]
    pub unknown_share: f32,
    /// The question asks "why" and the sentence gives a cause or a purpose. Rows written before
    /// it was measured read as 0.
    #[serde(default)]
    pub gives_reason: f32,
}

impl Features {
    /// The names a ranker's weights are given under, in the order of [`Features::values`].
    pub const NAMES: [&'static str; 17] = [
        "bm25",
        "article",
        "coverage",
        "window",
        "phrase",
        "title",
        "expected",
        "typed",
        "defines",
        "echo",
        "matched",
        "sem_sentence",
        "sem_window",
        "sem_article",
        "lacks_kind",
        "unknown_share",
        "gives_reason",
    ];

    pub fn values(&self) -> [f32; 17] {
        [
            self.bm25,
            self.article,
            self.coverage,
            self.window,
            self.phrase,
            self.title,
            self.expected,
            self.typed,
            self.defines,
            self.echo,
            self.matched,
            self.sem_sentence,
            self.sem_window,
            self.sem_article,
            self.lacks_kind,
            self.unknown_share,
            self.gives_reason,
        ]
    }
}

const ARTICLE_CANDIDATES: usize = 20;

/// How many candidates `rank` weighs, and how many of the best of them get a confidence.
#[derive(Debug, Clone, Copy)]
pub struct Depth {
    /// Passages, best by BM25.
    pub candidates: usize,
    /// The best candidates, once ranked, that get their confidence; the others keep 0.
    pub confidence_for: usize,
}

/// Whether the passage holds the kind of thing asked for, beyond the question's own words.
fn holds_expected(expected: Expected, text: &str, question_keys: &HashSet<String>) -> bool {
    let types = &Knowledge::get().answer_types;
    match expected {
        Expected::Quantity => types.money.is_match(text) || !numbers(text).is_empty(),
        Expected::Number => !numbers(text).is_empty(),
        Expected::Share => types.share.is_match(text),
        Expected::Money => types.money.is_match(text),
        Expected::Date => types.date.is_match(text),
        Expected::List => types.list.is_match(text),
        Expected::Person | Expected::Place | Expected::Name => names_in(text)
            .iter()
            .any(|name| !question_keys.contains(name)),
        Expected::Anything => true,
    }
}

/// [`holds_expected`] for a candidate, from what earlier questions found in it.
fn candidate_holds(
    expected: Expected,
    read: &ReadPassage,
    question_keys: &HashSet<String>,
) -> bool {
    let text = read.passage.sentence();
    match expected {
        Expected::Person | Expected::Place | Expected::Name => read
            .names
            .get_or_init(|| names_in(text))
            .iter()
            .any(|name| !question_keys.contains(name)),
        Expected::Anything => true,
        _ => match candidate_answers(expected, read) {
            Some(answers) => !answers.is_empty(),
            None => figure_slot(expected).map_or_else(
                || holds_expected(expected, text, question_keys),
                |slot| {
                    *read.holds[slot].get_or_init(|| holds_expected(expected, text, question_keys))
                },
            ),
        },
    }
}

/// Whether the candidate's sentence gives a cause or a purpose, worked out once.
fn gives_reason(read: &ReadPassage) -> bool {
    *read.holds[REASON_SLOT].get_or_init(|| {
        Knowledge::get()
            .answer_types
            .reason
            .is_match(read.passage.sentence())
    })
}

/// Where [`ReadPassage::holds`] keeps whether the sentence gives a reason.
const REASON_SLOT: usize = 4;

/// Where [`ReadPassage::holds`] keeps the answer for a kind of figure (numbers and lists are
/// held when [`ReadPassage::answers`] finds any).
fn figure_slot(expected: Expected) -> Option<usize> {
    match expected {
        Expected::Quantity => Some(0),
        Expected::Share => Some(1),
        Expected::Money => Some(2),
        Expected::Date => Some(3),
        _ => None,
    }
}

/// The keys of the names a sentence gives: capitalised words, not opening the sentence, and not
/// a month or a weekday ("in January").
fn names_in(text: &str) -> Vec<String> {
    let types = &Knowledge::get().answer_types;
    word_spans(text)
        .iter()
        .skip(1)
        .map(|span| span.of(text))
        .filter(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && word.len() > 1
                && !types.date.is_match(word)
        })
        .map(word_key)
        .collect()
}

/// Byte ranges of the figures and number words in `text`, years left out.
fn numbers(text: &str) -> Vec<std::ops::Range<usize>> {
    let types = &Knowledge::get().answer_types;
    types
        .number
        .find_iter(text)
        .filter(|m| !types.year.is_match(m.as_str()))
        .map(|m| m.range())
        .collect()
}

/// How many bytes may stand between a number or a list and what it names ("50 countries",
/// "dozens of countries", "minerals, including chromium, manganese, and zinc").
const REACH: usize = 30;

/// Whether the answer to a "how many X" or "which Xs" question stands beside a word of the stem
/// `asked_for` (or one of its synonyms) in the candidate's sentence: a number before
/// "countries", a list after "minerals". What the sentence holds is worked out once.
fn candidate_beside(expected: Expected, read: &ReadPassage, asked_for: &str) -> bool {
    let Some(answers) = candidate_answers(expected, read) else {
        return true;
    };
    // No answer in the sentence: nothing can stand beside what is asked for.
    if answers.is_empty() {
        return false;
    }
    let terms = read
        .sentence_terms
        .get_or_init(|| quarry_text::terms::terms(read.passage.sentence()));
    beside(answers, terms, asked_for)
}

/// The places of the numbers or lists in the candidate's sentence, for a question after one
/// (`None` for other questions), found the first time a question asks.
fn candidate_answers(expected: Expected, read: &ReadPassage) -> Option<&[Range<usize>]> {
    let slot = answer_slot(expected)?;
    Some(read.answers[slot].get_or_init(|| answers_in(expected, read.passage.sentence())))
}

/// Where [`ReadPassage::answers`] keeps the places of a sentence's numbers or lists.
fn answer_slot(expected: Expected) -> Option<usize> {
    match expected {
        Expected::Number => Some(0),
        Expected::List => Some(1),
        _ => None,
    }
}

/// Byte ranges of what answers a "how many" (numbers) or a "which Xs" (lists) question.
fn answers_in(expected: Expected, text: &str) -> Vec<Range<usize>> {
    match expected {
        Expected::Number => numbers(text),
        Expected::List => Knowledge::get()
            .answer_types
            .list
            .find_iter(text)
            .map(|m| m.range())
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether one of `answers` stands within [`REACH`] of a term of the stem `asked_for` or of
/// one of its synonyms.
fn beside(answers: &[Range<usize>], terms: &[Term], asked_for: &str) -> bool {
    let same = Knowledge::get().synonyms.get(asked_for);
    let spans: Vec<_> = terms
        .iter()
        .filter(|t| t.text == asked_for || same.is_some_and(|s| s.contains(&t.text)))
        .map(|t| t.span)
        .collect();
    answers.iter().any(|answer| {
        spans.iter().any(|span| {
            span.start.saturating_sub(answer.end) <= REACH
                && answer.start.saturating_sub(span.end) <= REACH
        })
    })
}

/// The `limit` best hits of `kind`, best first. Hits tied with the last one kept are chosen by
/// `key` (article id, position) rather than by where the index stored them, so two builds of one
/// corpus weigh the same candidates.
fn top_stable(
    index: &SearchIndex,
    searcher: &tantivy::Searcher,
    kind: &str,
    groups: &[Vec<String>],
    limit: usize,
    key: impl Fn(tantivy::DocAddress) -> Result<(String, u32), IndexError>,
) -> Result<Vec<(f32, tantivy::DocAddress)>, IndexError> {
    let mut fetch = limit + 1;
    loop {
        let mut hits = index.top(searcher, kind, groups, fetch)?;
        if hits.len() <= limit || limit == 0 {
            return Ok(hits);
        }
        let cut = hits[limit - 1].0;
        if hits.len() == fetch && hits[fetch - 1].0 == cut {
            // The tie may run on past what was fetched.
            fetch *= 2;
            continue;
        }
        if hits[limit].0 != cut {
            hits.truncate(limit);
            return Ok(hits);
        }
        let first_tied = hits.iter().position(|(s, _)| *s == cut).unwrap_or(limit);
        let mut tied = hits[first_tied..]
            .iter()
            .take_while(|(s, _)| *s == cut)
            .map(|hit| Ok((key(hit.1)?, *hit)))
            .collect::<Result<Vec<_>, IndexError>>()?;
        tied.sort_by(|a, b| a.0.cmp(&b.0));
        hits.truncate(first_tied);
        hits.extend(
            tied.into_iter()
                .take(limit - first_tied)
                .map(|(_, hit)| hit),
        );
        return Ok(hits);
    }
}

/// Ranks passages for an analysed question, best first, by the fitted ranker's score of their
/// evidence (`answer::fitted`), as deep as `depth` says.
pub fn rank(
    analysis: &Analysis,
    index: &SearchIndex,
    passages_read: &Passages,
    searcher: &tantivy::Searcher,
    catalog: &Catalog,
    question: &str,
    depth: Depth,
) -> Result<Vec<Ranked>, IndexError> {
    let groups: Vec<Vec<String>> = analysis
        .units
        .iter()
        .map(|u| u.alternatives.clone())
        .collect();
    let articles = top_stable(
        index,
        searcher,
        KIND_ARTICLE,
        &groups,
        ARTICLE_CANDIDATES,
        |address| {
            Ok((
                passages_read
                    .article_id(index, searcher, address)?
                    .to_string(),
                0,
            ))
        },
    )?;
    let best_article = articles.first().map_or(1.0, |(s, _)| s.max(f32::EPSILON));
    let article_score = articles
        .iter()
        .map(|(score, address)| {
            let id = passages_read.article_id(index, searcher, *address)?;
            Ok((id, score / best_article))
        })
        .collect::<Result<HashMap<Arc<String>, f32, FastHash>, IndexError>>()?;
    let passages = top_stable(
        index,
        searcher,
        KIND_PASSAGE,
        &groups,
        depth.candidates,
        |address| {
            let read = passages_read.read(index, searcher, address)?;
            Ok((read.passage.doc.clone(), read.passage.position))
        },
    )?;
    let best_passage = passages.first().map_or(1.0, |(s, _)| s.max(f32::EPSILON));
    let total_weight: f32 = analysis
        .units
        .iter()
        .map(|u| u.weight)
        .sum::<f32>()
        .max(f32::EPSILON);

    let sought = Sought::of(analysis);
    let candidates = passages
        .iter()
        .map(|(bm25, address)| {
            let read = passages_read.read(index, searcher, *address)?;
            let evidence = Evidence::of(&read.passage.quote, &read.terms, analysis, &sought);
            Ok((*bm25, read, evidence))
        })
        .collect::<Result<Vec<(f32, Arc<ReadPassage>, Evidence)>, IndexError>>()?;
    // Units matched by each candidate, to credit what the neighbouring sentences cover: a
    // sentence that does not name its topic ("in the region") often follows one that does.
    let matched_at: HashMap<(&str, u32), &[bool], FastHash> = candidates
        .iter()
        .map(|(_, r, e)| {
            let p = &r.passage;
            ((p.doc.as_str(), p.position), e.matched.as_slice())
        })
        .collect();
    // Title evidence once per article, not once per candidate passage of it.
    let mut title_of: HashMap<&str, (Option<&Record>, f32), FastHash> = HashMap::default();
    for (_, read, _) in &candidates {
        let doc = read.passage.doc.as_str();
        title_of
            .entry(doc)
            .or_insert_with(|| match catalog.articles.get(doc) {
                Some(record) => {
                    let title =
                        Evidence::of(&record.title, &terms_of(&record.title), analysis, &sought);
                    (Some(record), title.weight / total_weight)
                }
                None => (None, 0.0),
            });
    }
    let unknown_share = analysis.units.iter().filter(|u| u.doc_freq == 0).count() as f32
        / analysis.units.len().max(1) as f32;
    let mut ranked: Vec<Ranked> = candidates
        .iter()
        .map(|(bm25, read, evidence)| {
            let passage = &read.passage;
            let coverage = evidence.weight / total_weight;
            let neighbours = [passage.position.wrapping_sub(1), passage.position + 1]
                .map(|p| matched_at.get(&(passage.doc.as_str(), p)).copied());
            let in_window: Vec<bool> = (0..analysis.units.len())
                .map(|i| evidence.matched[i] || neighbours.iter().flatten().any(|m| m[i]))
                .collect();
            let window = weight_of(analysis, &in_window) / total_weight;
            let (record, title) = title_of
                .get(passage.doc.as_str())
                .copied()
                .unwrap_or((None, 0.0));
            let holds_type = candidate_holds(analysis.expected, read, &analysis.keys);
            let expected = holds_type
                && analysis
                    .asked_for
                    .as_deref()
                    .is_none_or(|asked_for| candidate_beside(analysis.expected, read, asked_for));
            // Questions (FAQ headings), headings, list items and the repeated headline name
            // things without saying anything about them; the title already counts as article
            // evidence.
            let sentence = passage.sentence().trim();
            let echo =
                !is_statement(sentence) || record.is_some_and(|r| r.title.trim() == sentence);
            let defines = evidence.defines;
            let article = article_score.get(&passage.doc).copied().unwrap_or(0.0);
            // Words the corpus never uses cannot be matched anywhere, so they are not counted.
            let known = analysis.units.iter().filter(|u| u.doc_freq > 0).count();
            let matched = in_window.iter().filter(|m| **m).count() as f32 / known.max(1) as f32;
            let features = Features {
                bm25: bm25 / best_passage,
                article,
                coverage,
                window,
                phrase: evidence.phrase,
                title,
                expected: f32::from(u8::from(expected)),
                typed: f32::from(u8::from(analysis.expected != Expected::Anything)),
                defines: f32::from(u8::from(defines)),
                echo: f32::from(u8::from(echo)),
                matched,
                lacks_kind: f32::from(u8::from(analysis.expected.wants_figure() && !holds_type)),
                unknown_share,
                gives_reason: f32::from(u8::from(analysis.why && gives_reason(read))),
                ..Features::default()
            };
            Ranked {
                passage: Arc::clone(passage),
                score: 0.0,
                confidence: 0.0,
                coverage,
                window,
                matched,
                holds_type,
                features,
            }
        })
        .collect();
    let reads: Vec<&ReadPassage> = candidates
        .iter()
        .map(|(_, read, _)| read.as_ref())
        .collect();
    add_meaning(&mut ranked, &reads, question, catalog)?;
    let parameters = Parameters::get()?;
    let features: Vec<Features> = ranked.iter().map(|r| r.features).collect();
    for (r, score) in ranked.iter_mut().zip(parameters.scores(&features)) {
        r.score = score;
        tracing::debug!(
            doc = %r.passage.doc, position = r.passage.position, score, features = ?r.features,
            "ranked passage"
        );
    }
    // Exact ties (the same sentence in duplicate articles) are broken on the passage itself,
    // never on where the index happened to store it: two builds of one corpus answer alike.
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.passage.position.cmp(&b.passage.position))
            .then_with(|| a.passage.doc.cmp(&b.passage.doc))
    });
    let unknown_name = analysis.names_unknown();
    let upto = depth.confidence_for.min(ranked.len());
    if upto == 0 {
        return Ok(ranked);
    }
    let scores: Vec<f32> = ranked.iter().map(|r| r.score).collect();
    let probabilities = shares(&scores);
    for i in 0..upto {
        let next = ranked.get(i + 1).map(|r| r.score);
        let r = &ranked[i];
        let inputs =
            ConfidenceInputs::of(&r.features, r.score, next, probabilities[i], unknown_name);
        ranked[i].confidence = parameters.confidence(&inputs);
    }
    Ok(ranked)
}

/// Meaning beyond shared words, for every candidate (`reads[i]` is `ranked[i]`'s passage): the
/// question against the sentence, against the sentence read with its neighbouring candidates,
/// and against its article's title and opening sentence. Each text is encoded once.
fn add_meaning(
    ranked: &mut [Ranked],
    reads: &[&ReadPassage],
    question: &str,
    catalog: &Catalog,
) -> Result<(), IndexError> {
    let semantic = Semantic::get()?;
    let asked = semantic.encode(question);
    let vectors: Vec<&[f32]> = reads
        .iter()
        .map(|read| {
            read.vector
                .get_or_init(|| semantic.encode(read.passage.sentence()))
                .as_slice()
        })
        .collect();
    let at: HashMap<(&str, u32), usize, FastHash> = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| ((r.passage.doc.as_str(), r.passage.position), i))
        .collect();
    // Each sentence's cosine with the question (both unit length, or zero), and its squared
    // length (1, or 0 for a sentence with no known word piece).
    let along: Vec<f32> = vectors.iter().map(|v| dot(&asked, v)).collect();
    let squared: Vec<f32> = vectors.iter().map(|v| dot(v, v)).collect();
    let mut articles: HashMap<&str, f32, FastHash> = HashMap::default();
    let mut meaning = Vec::with_capacity(ranked.len());
    for (i, r) in ranked.iter().enumerate() {
        let passage = &r.passage;
        let together: Vec<usize> = std::iter::once(i)
            .chain(
                [passage.position.wrapping_sub(1), passage.position + 1]
                    .into_iter()
                    .filter_map(|p| at.get(&(passage.doc.as_str(), p)).copied()),
            )
            .collect();
        // The cosine of the question with the sum of the sentences read together, from the
        // sentences' own cosines and the dot products of each pair: no sum is built.
        let toward: f32 = together.iter().map(|&j| along[j]).sum();
        let mut length: f32 = together.iter().map(|&j| squared[j]).sum();
        for (k, &a) in together.iter().enumerate() {
            for &b in &together[k + 1..] {
                length += 2.0 * dot(vectors[a], vectors[b]);
            }
        }
        let window = if length > 0.0 {
            toward / length.sqrt()
        } else {
            0.0
        };
        let article = *articles.entry(passage.doc.as_str()).or_insert_with(|| {
            catalog.articles.get(&passage.doc).map_or(0.0, |record| {
                let text = format!("{}. {}", record.title, record.lead);
                cosine(&asked, &semantic.encode_shared(&text))
            })
        });
        meaning.push((along[i], window, article));
    }
    for (r, (sentence, window, article)) in ranked.iter_mut().zip(meaning) {
        r.features.sem_sentence = sentence;
        r.features.sem_window = window;
        r.features.sem_article = article;
    }
    Ok(())
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
    /// "What is X?" and the matched words are followed by a copula ("X is a") or preceded by
    /// "known as"/"called" (only worked out for such a question).
    defines: bool,
}

/// The question's units by the terms that stand for them, to read a text's terms once.
struct Sought<'a> {
    /// Each term of the question with its [`term_hash`] and the units it stands for. A question
    /// has a few dozen at most, so a scan comparing hashes beats hashing each text term.
    terms: Vec<(u64, &'a str, Vec<usize>)>,
}

impl<'a> Sought<'a> {
    fn of(analysis: &'a Analysis) -> Sought<'a> {
        let mut terms: Vec<(u64, &str, Vec<usize>)> = Vec::new();
        for (i, unit) in analysis.units.iter().enumerate() {
            for alternative in &unit.alternatives {
                let at = match terms.iter().position(|(_, t, _)| t == alternative) {
                    Some(at) => at,
                    None => {
                        terms.push((term_hash(alternative), alternative, Vec::new()));
                        terms.len() - 1
                    }
                };
                let of = &mut terms[at].2;
                if !of.contains(&i) {
                    of.push(i);
                }
            }
        }
        Sought { terms }
    }

    /// The units (by index) that `term`, whose [`term_hash`] is `hash`, stands for.
    fn units_of(&self, hash: u64, term: &str) -> &[usize] {
        self.terms
            .iter()
            .find(|(h, t, _)| *h == hash && *t == term)
            .map_or(&[], |(_, _, units)| units.as_slice())
    }
}

impl Evidence {
    fn of(text: &str, terms: &Terms, analysis: &Analysis, sought: &Sought) -> Evidence {
        let found = &terms.list;
        let mut at: Vec<Vec<u32>> = vec![Vec::new(); analysis.units.len()];
        for (term, &hash) in found.iter().zip(&terms.hashes) {
            for &unit in sought.units_of(hash, &term.text) {
                at[unit].push(term.position);
            }
        }
        let matched: Vec<(usize, Vec<u32>)> = at
            .into_iter()
            .enumerate()
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
        let defines = analysis.definition && defines(text, found, &matched);
        Evidence {
            matched: matched_units,
            weight,
            phrase: near / pairs,
            defines,
        }
    }
}

/// Whether the matched words (`matched`: positions by unit) are followed by a copula ("X is
/// a") or preceded by "known as"/"called".
fn defines(text: &str, found: &[Term], matched: &[(usize, Vec<u32>)]) -> bool {
    let matched_positions: Vec<u32> = matched
        .iter()
        .flat_map(|(_, p)| p.iter().copied())
        .collect();
    match (
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
            let types = &Knowledge::get().answer_types;
            after.is_some_and(|w| types.copulas.contains(&w))
                || before.is_some_and(|w| types.naming.contains(&w))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quarry_text::stem;

    fn beside_asked_for(expected: Expected, text: &str, asked_for: &str) -> bool {
        beside(
            &answers_in(expected, text),
            &quarry_text::terms::terms(text),
            asked_for,
        )
    }

    #[test]
    fn years_decades_centuries_and_seasons_are_dates() {
        let is_date = |text| holds_expected(Expected::Date, text, &HashSet::new());
        assert!(is_date("Montreal was captured in 1760."));
        assert!(is_date("It was built in the 1740s."));
        assert!(is_date("Physics moved on in the 17th century."));
        assert!(is_date("The first record dates from Athens in 430 BC."));
        assert!(is_date("The city fell in the autumn."));
        assert!(!is_date("The treaty was signed by 12 states."));
    }

    #[test]
    fn a_cause_or_a_purpose_answers_why() {
        let reason = &Knowledge::get().answer_types.reason;
        assert!(reason.is_match("Santini has resigned for \"personal reasons\"."));
        assert!(reason.is_match("The match was called off because of snow."));
        assert!(reason.is_match("The firm cut prices to avoid losing customers."));
        assert!(!reason.is_match("Santini has resigned as Tottenham manager."));
    }

    #[test]
    fn a_year_is_not_a_count() {
        assert!(numbers("Japan reinforced its system in 2020.").is_empty());
        assert_eq!(numbers("It employed 268 people in 2004.").len(), 1);
        assert!(!numbers("seven versions are known").is_empty());
        assert!(!numbers("Polonia has won the cup twice.").is_empty());
        assert!(!numbers("There are several lakes in the city.").is_empty());
    }

    #[test]
    fn the_number_must_stand_beside_what_is_counted() {
        let countries = stem("countries");
        let counts = |text| beside_asked_for(Expected::Number, text, &countries);
        assert!(counts("Ministers from more than 50 countries met."));
        assert!(counts("delegations from dozens of countries"));
        assert!(!counts(
            "Countries met on Wednesday to discuss a plan that had been drafted over 18 months."
        ));
    }

    #[test]
    fn the_list_must_name_what_is_asked_for() {
        let minerals = stem("minerals");
        let lists = |text| beside_asked_for(Expected::List, text, &minerals);
        assert!(lists(
            "Central Asia boasts reserves of critical minerals, including rare earth elements, chromium, manganese, and zinc."
        ));
        assert!(!lists(
            "It keeps a reserve of critical minerals, while the union adopted a plan to secure supplies and build a centre."
        ));
        assert!(!lists(
            "With large reserves of these minerals, the region is emerging as a key player in plans to secure what is needed for technology, economic development, and national security."
        ));
    }

    #[test]
    fn a_name_answers_only_if_the_question_does_not_give_it() {
        let keys: HashSet<String> = ["which", "judge", "set", "balco"].map(String::from).into();
        assert!(holds_expected(
            Expected::Name,
            "US district judge Susan Illston rejected it.",
            &keys
        ));
        assert!(!holds_expected(
            Expected::Name,
            "A judge has set a date for the Balco case.",
            &keys
        ));
        assert!(!holds_expected(
            Expected::Person,
            "The first convictions were handed out in January.",
            &keys
        ));
    }
}
