//! Training from a treebank and scoring against one.

use std::collections::BTreeSet;
use std::time::Instant;

use crate::conllu::TreebankSentence;
use crate::error::GrammarError;
use crate::hash::fnv_str;
use crate::lemma::Lemmatizer;
use crate::parser::{Parser, ParserExample, ParserOptions, ParserWord};
use crate::tagger::{inventory, tag_index, Tagger, TaggerOptions};
use crate::upos::Upos;
use crate::Grammar;

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub seed: u64,
    pub tagger_epochs: usize,
    pub parser_epochs: usize,
    /// The parser trains on tags predicted by taggers that did not see the sentence
    /// (k-fold jackknifing), so it learns from the kind of tags it gets at run time.
    /// Below 2, it trains on the final tagger's own (too good) tags.
    pub jackknife_folds: usize,
    /// Quantised parser weights (at most 127 in magnitude) smaller than this are left
    /// out of the model. With `min_updates`, this trades size for accuracy: on EWT dev,
    /// 2 and 3 shrink the model from 21 MB to 7 MB for 0.2 points of LAS. The tagger
    /// keeps all its weights: it is small, and pruning it cost accuracy.
    pub min_weight: i32,
    /// Parser features updated fewer times than this in training are left out of the
    /// model.
    pub min_updates: u32,
}

impl Default for TrainOptions {
    fn default() -> TrainOptions {
        TrainOptions {
            seed: 1,
            tagger_epochs: 8,
            parser_epochs: 20,
            jackknife_folds: 5,
            min_weight: 2,
            min_updates: 3,
        }
    }
}

pub fn train(sentences: &[TreebankSentence], opts: &TrainOptions) -> Result<Grammar, GrammarError> {
    if sentences.is_empty() {
        return Err(GrammarError::NoData);
    }
    let tags = inventory(sentences);
    let tagger_opts = |seed: u64| TaggerOptions {
        epochs: opts.tagger_epochs,
        seed,
    };

    let folds = opts.jackknife_folds;
    let mut predicted: Vec<Vec<u8>> = vec![Vec::new(); sentences.len()];
    if folds >= 2 && sentences.len() >= folds {
        for k in 0..folds {
            let held_out = |i: usize| i % folds == k;
            let rest: Vec<TreebankSentence> = sentences
                .iter()
                .enumerate()
                .filter(|(i, _)| !held_out(*i))
                .map(|(_, s)| s.clone())
                .collect();
            let tagger = Tagger::train(&rest, &tags, &tagger_opts(opts.seed + 1 + k as u64))?;
            for (i, s) in sentences.iter().enumerate().filter(|(i, _)| held_out(*i)) {
                predicted[i] = tagger.tag(&forms(s), false);
            }
            tracing::info!(fold = k, "jackknife tagger trained");
        }
    }
    let tagger = Tagger::train(sentences, &tags, &tagger_opts(opts.seed))?;
    tracing::info!(weights = tagger.n_weights(), "tagger trained");
    if folds < 2 || sentences.len() < folds {
        for (p, s) in predicted.iter_mut().zip(sentences) {
            *p = tagger.tag(&forms(s), false);
        }
    }

    let index = tag_index(&tags);
    let gold_tags: Vec<Vec<u8>> = sentences
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| index.get(&(w.upos, w.xpos.as_str())).copied().unwrap_or(0))
                .collect()
        })
        .collect();
    let lemmatizer = Lemmatizer::train(sentences, &gold_tags);

    let mut labels: BTreeSet<String> = sentences
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.deprel.clone()))
        .collect();
    labels.insert("root".to_string());
    let labels: Vec<String> = labels.into_iter().collect();
    let examples: Vec<ParserExample> = sentences
        .iter()
        .zip(&predicted)
        .map(|(s, tags)| {
            let n = s.words.len();
            ParserExample {
                words: parser_words(&forms(s), tags, &lemmas(&lemmatizer, &tagger, s, tags)),
                heads: s
                    .words
                    .iter()
                    .map(|w| if w.head == 0 { n } else { w.head - 1 })
                    .collect(),
                labels: s
                    .words
                    .iter()
                    .map(|w| labels.iter().position(|l| *l == w.deprel).unwrap_or(0) as u8)
                    .collect(),
            }
        })
        .collect();
    let parser = Parser::train(
        &examples,
        labels,
        &ParserOptions {
            epochs: opts.parser_epochs,
            seed: opts.seed,
            min_weight: opts.min_weight,
            min_updates: opts.min_updates,
            explore_after: 1,
            explore_rate: 0.9,
        },
    )?;
    tracing::info!(weights = parser.n_weights(), "parser trained");
    Ok(Grammar::new(tagger, lemmatizer, parser))
}

fn lemmas(
    lemmatizer: &Lemmatizer,
    tagger: &Tagger,
    s: &TreebankSentence,
    tags: &[u8],
) -> Vec<String> {
    s.words
        .iter()
        .zip(tags)
        .map(|(w, &t)| {
            let upos = tagger
                .tags
                .get(usize::from(t))
                .map_or(Upos::X, |tag| tag.upos);
            lemmatizer.lemma(&w.form, t, upos)
        })
        .collect()
}

pub(crate) fn parser_words(forms: &[&str], tags: &[u8], lemmas: &[String]) -> Vec<ParserWord> {
    forms
        .iter()
        .zip(tags)
        .zip(lemmas)
        .map(|((f, &tag), lemma)| ParserWord {
            form: fnv_str(&f.to_lowercase()),
            lemma: fnv_str(&lemma.to_lowercase()),
            tag,
        })
        .collect()
}

fn forms(s: &TreebankSentence) -> Vec<&str> {
    s.words.iter().map(|w| w.form.as_str()).collect()
}

/// Accuracy on a treebank with gold tokenisation and predicted tags. Attachment
/// scores count every word, punctuation included (as in the CoNLL 2018 shared task).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    pub sentences: usize,
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub lemma: f64,
    pub uas: f64,
    /// Labelled attachment with full labels, subtypes included (`nsubj:pass`).
    pub las: f64,
    /// Labelled attachment on the universal part of labels only (`nsubj`).
    pub las_universal: f64,
    /// Wall time spent tagging, lemmatising and parsing.
    pub seconds: f64,
}

impl Scores {
    pub fn sentences_per_second(&self) -> f64 {
        self.sentences as f64 / self.seconds.max(1e-9)
    }
}

/// One line a person reads: counts, accuracies and speed.
impl std::fmt::Display for Scores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} sentences, {} words | UPOS {:.4} XPOS {:.4} lemma {:.4} | UAS {:.4} LAS {:.4} \
             (universal labels {:.4}) | {:.0} sentences/s",
            self.sentences,
            self.words,
            self.upos,
            self.xpos,
            self.lemma,
            self.uas,
            self.las,
            self.las_universal,
            self.sentences_per_second()
        )
    }
}

pub fn evaluate(grammar: &Grammar, sentences: &[TreebankSentence]) -> Scores {
    let mut counts = [0usize; 6];
    let mut words = 0;
    let mut seconds = 0f64;
    for s in sentences {
        let forms = forms(s);
        let started = Instant::now();
        let parsed = grammar.parse_tokens(&forms);
        seconds += started.elapsed().as_secs_f64();
        for (gold, got) in s.words.iter().zip(&parsed) {
            words += 1;
            let head = got.head.map_or(0, |h| h + 1);
            let universal = |l: &str| l.split(':').next().unwrap_or("").to_string();
            let hits = [
                gold.upos == got.upos,
                gold.xpos == got.xpos,
                gold.lemma == got.lemma,
                gold.head == head,
                gold.head == head && gold.deprel == got.deprel,
                gold.head == head && universal(&gold.deprel) == universal(&got.deprel),
            ];
            for (c, hit) in counts.iter_mut().zip(hits) {
                *c += usize::from(hit);
            }
        }
    }
    let rate = |c: usize| c as f64 / words.max(1) as f64;
    Scores {
        sentences: sentences.len(),
        words,
        upos: rate(counts[0]),
        xpos: rate(counts[1]),
        lemma: rate(counts[2]),
        uas: rate(counts[3]),
        las: rate(counts[4]),
        las_universal: rate(counts[5]),
        seconds,
    }
}
