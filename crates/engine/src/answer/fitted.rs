//! Fitted functions of a candidate's evidence, linear in named inputs, their weights in
//! `crates/engine/ranker.toml` (written with the figures of the fit by `quarry-bench fit`,
//! tools/fit/README.md; nothing here is a hand-set weight):
//! - the ranker: a score for each candidate of one question, linear in the inputs [`derive`]
//!   makes of their evidence; `rank` orders the candidates by it;
//! - the confidence that a passage answers the question, which `ask --json` reports.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::rank::Features;

const PARAMETERS: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/ranker.toml"));

/// Evidence that is compared across the candidates of one question.
const COMPARED: [&str; 10] = [
    "bm25",
    "article",
    "coverage",
    "window",
    "phrase",
    "title",
    "matched",
    "sem_sentence",
    "sem_window",
    "sem_article",
];

/// Evidence whose place among the candidates counts, beside its distance to the best.
const RANKED: [&str; 3] = ["bm25", "sem_sentence", "window"];

/// The names of the ranker's inputs, in the order of [`derive`]: the evidence itself, each
/// compared value's distance below the best candidate's (`gap_*`), and the reciprocal rank of a
/// few (`rank_*`). Distances and ranks mean the same on any corpus and for any question, where
/// raw scores do not: a sentence cosine of 0.6 is the best on one question and the tenth on
/// another.
pub fn input_names() -> Vec<String> {
    Features::NAMES
        .iter()
        .map(|n| (*n).to_string())
        .chain(COMPARED.iter().map(|n| format!("gap_{n}")))
        .chain(RANKED.iter().map(|n| format!("rank_{n}")))
        .collect()
}

fn column(name: &str) -> usize {
    Features::NAMES
        .iter()
        .position(|n| *n == name)
        .unwrap_or_default()
}

/// The ranker's inputs for every candidate of one question, in the order of [`input_names`].
pub fn derive(candidates: &[Features]) -> Vec<Vec<f32>> {
    let values: Vec<[f32; 17]> = candidates.iter().map(Features::values).collect();
    let compared = COMPARED.map(column);
    let best = compared.map(|c| values.iter().map(|v| v[c]).fold(f32::MIN, f32::max));
    // Each ranked column's values, highest first: a candidate's rank is how many stand above it.
    let descending = RANKED.map(column).map(|c| {
        let mut column: Vec<f32> = values.iter().map(|v| v[c]).collect();
        column.sort_by(|a, b| b.total_cmp(a));
        (c, column)
    });
    values
        .iter()
        .map(|v| {
            let gaps = compared.iter().zip(&best).map(|(&c, best)| v[c] - best);
            let ranks = descending.iter().map(|(c, column)| {
                let above = column.partition_point(|o| *o > v[*c]);
                1.0 / (1.0 + above as f32)
            });
            v.iter().copied().chain(gaps).chain(ranks).collect()
        })
        .collect()
}

/// The softmax of one question's candidate scores: the ranker's probability, for each, that it
/// is the one that answers.
pub fn shares(scores: &[f32]) -> Vec<f32> {
    let top = scores.iter().copied().fold(f32::MIN, f32::max);
    let raised: Vec<f32> = scores.iter().map(|s| (s - top).exp()).collect();
    let sum: f32 = raised.iter().sum();
    raised.into_iter().map(|r| r / sum).collect()
}

/// What the confidence is computed from: the passage's score in the engine's ranking, its
/// margin to the next candidate, whether the question names something the corpus never mentions, and the
/// passage's own evidence.
#[derive(Debug, Clone, Copy, Default)]
pub struct ConfidenceInputs {
    pub score: f32,
    pub margin: f32,
    /// The ranker's probability that this candidate, of all the question's, is the answer
    /// (the softmax of the scores it was fitted with).
    pub share: f32,
    pub unknown_name: bool,
    pub window: f32,
    pub matched: f32,
    pub sem_sentence: f32,
    pub expected: f32,
    pub typed: f32,
    pub lacks_kind: f32,
    pub unknown_share: f32,
}

impl ConfidenceInputs {
    /// The inputs of a passage with this evidence and score; `next` is the score of the
    /// candidate ranked right below it, if any.
    pub fn of(
        features: &Features,
        score: f32,
        next: Option<f32>,
        share: f32,
        unknown_name: bool,
    ) -> ConfidenceInputs {
        ConfidenceInputs {
            score,
            share,
            // A lone candidate has no rival to be ahead of: no evidence either way.
            margin: next.map_or(0.0, |next| score - next),
            unknown_name,
            window: features.window,
            matched: features.matched,
            sem_sentence: features.sem_sentence,
            expected: features.expected,
            typed: features.typed,
            lacks_kind: features.lacks_kind,
            unknown_share: features.unknown_share,
        }
    }

    pub const NAMES: [&'static str; 11] = [
        "score",
        "margin",
        "share",
        "unknown_name",
        "window",
        "matched",
        "sem_sentence",
        "expected",
        "typed",
        "lacks_kind",
        "unknown_share",
    ];

    pub fn values(&self) -> [f32; 11] {
        [
            self.score,
            self.margin,
            self.share,
            f32::from(u8::from(self.unknown_name)),
            self.window,
            self.matched,
            self.sem_sentence,
            self.expected,
            self.typed,
            self.lacks_kind,
            self.unknown_share,
        ]
    }
}

#[derive(Debug, thiserror::Error)]
#[error(
    "crates/engine/ranker.toml {0}; rerun `quarry-bench fit` (tools/fit/README.md) and rebuild"
)]
pub struct ParameterError(String);

#[derive(Deserialize)]
struct File {
    ranker: Ranker,
    confidence: Confidence,
}

#[derive(Deserialize)]
struct Ranker {
    candidates: usize,
    weights: BTreeMap<String, f32>,
}

#[derive(Deserialize)]
struct Confidence {
    bias: f32,
    threshold: f32,
    weights: BTreeMap<String, f32>,
}

/// The fitted ranker, its weights in the order of [`input_names`], and the fitted confidence,
/// its weights in the order of [`ConfidenceInputs::NAMES`].
#[derive(Debug)]
pub struct Parameters {
    /// How many passages, best by BM25, the ranker weighs: the fewest with which it ranked as
    /// well, cross-validated, as with any more the fit was given.
    pub candidates: usize,
    pub ranker: Vec<f32>,
    pub confidence_bias: f32,
    pub confidence: [f32; 11],
    /// The confidence below which quarry abstains unless `answer.min_confidence` says
    /// otherwise: the one that handled the most of the chat set's fitting half right.
    pub threshold: f32,
}

impl Parameters {
    /// The parameters compiled into the binary, read once.
    pub fn get() -> Result<&'static Parameters, ParameterError> {
        static PARSED: OnceLock<Result<Parameters, String>> = OnceLock::new();
        PARSED
            .get_or_init(|| Parameters::parse(PARAMETERS).map_err(|e| e.0))
            .as_ref()
            .map_err(|e| ParameterError(e.clone()))
    }

    pub fn parse(text: &str) -> Result<Parameters, ParameterError> {
        let file: File = toml::from_str(text).map_err(|e| ParameterError(e.to_string()))?;
        let ranker = input_names()
            .iter()
            .map(|name| {
                file.ranker
                    .weights
                    .get(name)
                    .copied()
                    .ok_or_else(|| ParameterError(format!("has no [ranker.weights] {name}")))
            })
            .collect::<Result<Vec<f32>, ParameterError>>()?;
        let mut confidence = [0.0; 11];
        for (weight, name) in confidence.iter_mut().zip(ConfidenceInputs::NAMES) {
            *weight = file
                .confidence
                .weights
                .get(name)
                .copied()
                .ok_or_else(|| ParameterError(format!("has no [confidence.weights] {name}")))?;
        }
        if file.ranker.candidates == 0 {
            return Err(ParameterError("has [ranker] candidates = 0".into()));
        }
        Ok(Parameters {
            candidates: file.ranker.candidates,
            ranker,
            confidence_bias: file.confidence.bias,
            confidence,
            threshold: file.confidence.threshold,
        })
    }

    /// The fitted ranker's score of each of one question's candidates.
    pub fn scores(&self, candidates: &[Features]) -> Vec<f32> {
        derive(candidates)
            .iter()
            .map(|inputs| inputs.iter().zip(&self.ranker).map(|(x, w)| x * w).sum())
            .collect()
    }

    /// The estimated probability that a passage with this evidence answers the question.
    pub fn confidence(&self, inputs: &ConfidenceInputs) -> f32 {
        let t: f32 = self.confidence_bias
            + inputs
                .values()
                .iter()
                .zip(&self.confidence)
                .map(|(x, w)| x * w)
                .sum::<f32>();
        1.0 / (1.0 + (-t).exp())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_parameters_load() {
        Parameters::get().expect("ranker.toml parses");
    }

    #[test]
    fn confidence_grows_with_the_evidence_for_the_passage() {
        let parameters = Parameters::get().expect("ranker.toml parses");
        let base = ConfidenceInputs {
            score: 0.8,
            margin: 0.5,
            share: 0.5,
            unknown_name: false,
            window: 0.5,
            matched: 0.5,
            sem_sentence: 0.5,
            expected: 1.0,
            typed: 1.0,
            lacks_kind: 0.0,
            unknown_share: 0.0,
        };
        let p = |i: &ConfidenceInputs| parameters.confidence(i);
        let mut last = 0.0;
        for step in 0..=10 {
            let more = f32::from(step as u8) / 10.0;
            let stronger = ConfidenceInputs {
                margin: base.margin + more,
                share: base.share + more / 2.0,
                window: more,
                matched: more,
                ..base
            };
            assert!(p(&stronger) >= last, "confidence fell as evidence grew");
            last = p(&stronger);
        }
        let unknown = ConfidenceInputs {
            unknown_name: true,
            ..base
        };
        assert!(
            p(&unknown) < p(&base),
            "an unknown name must lower confidence"
        );
    }

    #[test]
    fn a_parameter_file_without_a_weight_is_refused_with_the_fix() {
        let error = Parameters::parse(
            "[ranker]\ncandidates = 20\n[ranker.weights]\nbm25 = 1.0\n[confidence]\nbias = 1.0\nthreshold = 0.5\n[confidence.weights]\nscore = 1.0\n",
        )
        .expect_err("incomplete");
        assert!(error.to_string().contains("quarry-bench fit"), "{error}");
    }

    #[test]
    fn distances_and_ranks_are_measured_against_the_question_s_best_candidate() {
        let a = Features {
            bm25: 1.0,
            sem_sentence: 0.4,
            ..Features::default()
        };
        let b = Features {
            bm25: 0.5,
            sem_sentence: 0.7,
            ..Features::default()
        };
        let x = derive(&[a, b]);
        let names = input_names();
        let at = |n: &str| names.iter().position(|m| m == n).expect("named");
        assert_eq!(x[0][at("gap_bm25")], 0.0);
        assert_eq!(x[1][at("gap_bm25")], -0.5);
        assert!((x[0][at("gap_sem_sentence")] + 0.3).abs() < 1e-6);
        assert_eq!(x[1][at("rank_sem_sentence")], 1.0);
        assert_eq!(x[0][at("rank_sem_sentence")], 0.5);
    }
}
