//! `quarry-bench fit`: fits the answer ranker and the answer confidence on the rows
//! `quarry-bench features` wrote, reports cross-validated figures and writes the parameters with
//! those figures to `crates/engine/ranker.toml`, which the engine compiles in.
//!
//! Ranker: a conditional logit (softmax over one question's candidates) on the inputs
//! `answer::fitted::derive` makes of the evidence, the positive being a sentence that holds the
//! answer; only differences between one question's candidates are fitted, so nothing depends on
//! how high a corpus's scores run. Folds: six of SQuAD's articles and of the chat set's fitting
//! half; its held-back half is never fitted on.
//! Confidence: a logistic regression over questions on the fitted ranker's top passage
//! (`answer::fitted::ConfidenceInputs`); the positive is a top quote that holds the answer;
//! negatives include unanswerable and cross-corpus questions. Its threshold is the one that
//! handles the most of the chat set's fitting-half questions right, behind the engine's gates
//! (an unknown name, the kind asked for not held), which abstain whatever the confidence.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use quarry_engine::answer::fitted::{derive, input_names, shares, ConfidenceInputs};
use quarry_engine::answer::Features;

#[derive(Clone, Deserialize)]
pub struct Row {
    pub set: String,
    pub group: String,
    pub answerable: bool,
    pub unknown_name: bool,
    pub candidates: Vec<Candidate>,
}

#[derive(Clone, Deserialize)]
pub struct Candidate {
    /// The engine's score: the order the candidates were written in.
    pub score: f32,
    pub positive: bool,
    pub quote_positive: bool,
    pub features: Features,
}

/// L2 penalty on the standardised weights (not on the bias).
const PENALTY: f64 = 1.0;

/// Fits `p(y) = σ(b + w·x)` by Newton's method on standardised columns; returns the weights on
/// the original scale, bias first.
pub fn logistic(x: &[Vec<f64>], y: &[bool], weight: &[f64]) -> Vec<f64> {
    let d = x.first().map_or(0, Vec::len);
    let n = x.len().max(1) as f64;
    let mean: Vec<f64> = (0..d)
        .map(|j| x.iter().map(|r| r[j]).sum::<f64>() / n)
        .collect();
    let sd: Vec<f64> = (0..d)
        .map(|j| {
            let v = x.iter().map(|r| (r[j] - mean[j]).powi(2)).sum::<f64>() / n;
            if v > 1e-12 {
                v.sqrt()
            } else {
                1.0
            }
        })
        .collect();
    let z: Vec<Vec<f64>> = x
        .iter()
        .map(|r| {
            std::iter::once(1.0)
                .chain((0..d).map(|j| (r[j] - mean[j]) / sd[j]))
                .collect()
        })
        .collect();
    let k = d + 1;
    let mut w = vec![0.0; k];
    for _ in 0..50 {
        let mut gradient = vec![0.0; k];
        let mut hessian = vec![vec![0.0; k]; k];
        for ((row, &label), &importance) in z.iter().zip(y).zip(weight) {
            let p = sigmoid(dot(&w, row));
            let err = importance * (p - f64::from(u8::from(label)));
            let curvature = importance * (p * (1.0 - p)).max(1e-9);
            for a in 0..k {
                gradient[a] += err * row[a];
                for b in 0..=a {
                    hessian[a][b] += curvature * row[a] * row[b];
                }
            }
        }
        // Only the lower triangle was summed; mirror it.
        let lower = hessian.clone();
        for (a, row) in hessian.iter_mut().enumerate() {
            for (b, cell) in row.iter_mut().enumerate().skip(a + 1) {
                *cell = lower[b][a];
            }
        }
        for a in 0..k {
            if a > 0 {
                gradient[a] += PENALTY * w[a];
                hessian[a][a] += PENALTY;
            }
        }
        let step = solve(hessian, gradient);
        let size: f64 = step.iter().map(|s| s.abs()).sum();
        for (wa, sa) in w.iter_mut().zip(&step) {
            *wa -= sa;
        }
        if size < 1e-9 {
            break;
        }
    }
    let mut out = vec![0.0; k];
    out[0] = w[0];
    for j in 0..d {
        out[j + 1] = w[j + 1] / sd[j];
        out[0] -= w[j + 1] * mean[j] / sd[j];
    }
    out
}

pub fn sigmoid(t: f64) -> f64 {
    1.0 / (1.0 + (-t).exp())
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Gaussian elimination with partial pivoting; the matrix is positive definite here.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let diagonal = if a[col][col].abs() < 1e-12 {
            1e-12
        } else {
            a[col][col]
        };
        for row in col + 1..n {
            let factor = a[row][col] / diagonal;
            let pivot_row = a[col].clone();
            for (cell, above) in a[row].iter_mut().zip(&pivot_row).skip(col) {
                *cell -= factor * above;
            }
            b[row] -= factor * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let rest: f64 = (row + 1..n).map(|c| a[row][c] * x[c]).sum();
        x[row] = (b[row] - rest) / a[row][row].abs().max(1e-12).copysign(a[row][row]);
    }
    x
}

/// A question's candidates as the ranker's inputs.
struct Question<'a> {
    row: &'a Row,
    inputs: Vec<Vec<f64>>,
}

fn questions(rows: &[Row]) -> Vec<Question<'_>> {
    rows.iter()
        .map(|row| {
            let features: Vec<Features> = row.candidates.iter().map(|c| c.features).collect();
            let inputs = derive(&features)
                .into_iter()
                .map(|x| x.into_iter().map(f64::from).collect())
                .collect();
            Question { row, inputs }
        })
        .collect()
}

/// How much a chat question counts against an encyclopedia question: chat questions are what
/// quarry is asked, but there are a hundred times fewer of them.
const CHAT_WEIGHT: f64 = 20.0;

fn importance(row: &Row) -> f64 {
    if row.set == "news" || row.set == "seed" {
        CHAT_WEIGHT
    } else {
        1.0
    }
}

/// The chat set's held-back half: scored, never fitted on.
fn held_back(row: &Row) -> bool {
    row.set == "news" && row.group == "held"
}

/// Softmax of `t`, shifted for stability.
fn softmax(t: &[f64]) -> Vec<f64> {
    let top = t.iter().copied().fold(f64::MIN, f64::max);
    let e: Vec<f64> = t.iter().map(|v| (v - top).exp()).collect();
    let sum: f64 = e.iter().sum();
    e.into_iter().map(|v| v / sum).collect()
}

/// Fits the ranker: maximises, over questions with a positive candidate, the softmax
/// probability of the positives among each question's candidates (L2 penalty on standardised
/// weights), by Newton's method with step halving. Returns the weights on the original scale.
fn ranker_fit(train: &[&Question]) -> Vec<f64> {
    let fitted: Vec<&Question> = train
        .iter()
        .copied()
        .filter(|q| q.row.candidates.iter().any(|c| c.positive))
        .collect();
    let d = input_names().len();
    let n = fitted.iter().map(|q| q.inputs.len()).sum::<usize>().max(1) as f64;
    let mut mean = vec![0.0; d];
    let mut sd = vec![0.0; d];
    for x in fitted.iter().flat_map(|q| &q.inputs) {
        for j in 0..d {
            mean[j] += x[j] / n;
        }
    }
    for x in fitted.iter().flat_map(|q| &q.inputs) {
        for j in 0..d {
            sd[j] += (x[j] - mean[j]).powi(2) / n;
        }
    }
    for v in &mut sd {
        *v = if *v > 1e-12 { v.sqrt() } else { 1.0 };
    }
    let data: Vec<(Vec<Vec<f64>>, Vec<f64>, f64)> = fitted
        .iter()
        .map(|q| {
            let z = q
                .inputs
                .iter()
                .map(|x| (0..d).map(|j| (x[j] - mean[j]) / sd[j]).collect())
                .collect();
            let positives = q.row.candidates.iter().filter(|c| c.positive).count() as f64;
            let y = q
                .row
                .candidates
                .iter()
                .map(|c| if c.positive { 1.0 / positives } else { 0.0 })
                .collect();
            (z, y, importance(q.row))
        })
        .collect();
    let loss = |w: &[f64]| -> f64 {
        let mut total = 0.5 * PENALTY * dot(w, w);
        for (z, y, importance) in &data {
            let t: Vec<f64> = z.iter().map(|x| dot(w, x)).collect();
            let top = t.iter().copied().fold(f64::MIN, f64::max);
            let log_sum = top + t.iter().map(|v| (v - top).exp()).sum::<f64>().ln();
            total += importance * (log_sum - dot(y, &t));
        }
        total
    };
    let mut w = vec![0.0; d];
    let mut current = loss(&w);
    for _ in 0..40 {
        let mut gradient: Vec<f64> = w.iter().map(|v| PENALTY * v).collect();
        let mut hessian = vec![vec![0.0; d]; d];
        for (a, row) in hessian.iter_mut().enumerate() {
            row[a] = PENALTY;
        }
        for (z, y, importance) in &data {
            let t: Vec<f64> = z.iter().map(|x| dot(&w, x)).collect();
            let p = softmax(&t);
            let m: Vec<f64> = (0..d)
                .map(|j| z.iter().zip(&p).map(|(x, p)| p * x[j]).sum())
                .collect();
            for (x, (p, y)) in z.iter().zip(p.iter().zip(y)) {
                for a in 0..d {
                    gradient[a] += importance * (p - y) * x[a];
                    for b in 0..=a {
                        hessian[a][b] += importance * p * x[a] * x[b];
                    }
                }
            }
            for a in 0..d {
                for b in 0..=a {
                    hessian[a][b] -= importance * m[a] * m[b];
                }
            }
        }
        let lower = hessian.clone();
        for (a, row) in hessian.iter_mut().enumerate() {
            for (b, cell) in row.iter_mut().enumerate().skip(a + 1) {
                *cell = lower[b][a];
            }
        }
        let step = solve(hessian, gradient);
        let mut size = 1.0;
        let mut next = w.clone();
        let mut next_loss = current;
        while size > 1e-4 {
            next = w.iter().zip(&step).map(|(w, s)| w - size * s).collect();
            next_loss = loss(&next);
            if next_loss <= current {
                break;
            }
            size /= 2.0;
        }
        if next_loss > current {
            break;
        }
        w = next;
        let gain = current - next_loss;
        current = next_loss;
        if gain < 1e-7 {
            break;
        }
    }
    w.iter().zip(&sd).map(|(w, sd)| w / sd).collect()
}

fn scores(question: &Question, weights: &[f64]) -> Vec<f64> {
    question.inputs.iter().map(|x| dot(weights, x)).collect()
}

/// The fitted ranker's best candidate.
fn top(question: &Question, weights: &[f64]) -> Option<usize> {
    let s = scores(question, weights);
    (0..s.len()).max_by(|a, b| s[*a].total_cmp(&s[*b]).then(b.cmp(a)))
}

/// Whether the fitted ranker's top quote answers the question.
fn hit(question: &Question, weights: &[f64]) -> bool {
    question.row.answerable
        && top(question, weights).is_some_and(|i| question.row.candidates[i].quote_positive)
}

/// hit@1 of the fitted ranking and of the order the rows were written in, over answerable
/// questions.
fn hits(test: &[&Question], weights: &[f64]) -> (f64, f64, usize) {
    let answerable: Vec<&&Question> = test.iter().filter(|q| q.row.answerable).collect();
    let n = answerable.len();
    let fitted = answerable.iter().filter(|q| hit(q, weights)).count();
    let written = answerable
        .iter()
        .filter(|q| q.row.candidates.first().is_some_and(|c| c.quote_positive))
        .count();
    let n_f = n.max(1) as f64;
    (fitted as f64 / n_f, written as f64 / n_f, n)
}

/// The confidence inputs of a question's top passage in the engine's ranking (the order the
/// rows were written in), and whether its quote answers.
fn confidence_inputs(row: &Row) -> Option<(Vec<f64>, bool)> {
    let best = row.candidates.first()?;
    let next = row.candidates.get(1).map(|c| c.score);
    let scores: Vec<f32> = row.candidates.iter().map(|c| c.score).collect();
    let share = shares(&scores)[0];
    let inputs = ConfidenceInputs::of(&best.features, best.score, next, share, row.unknown_name);
    Some((
        inputs.values().iter().map(|v| f64::from(*v)).collect(),
        row.answerable && best.quote_positive,
    ))
}

/// How much a question counts in the confidence fit. The chat set and the cross-corpus
/// questions are what quarry must abstain on; SQuAD's questions, all answerable over their own
/// article, would otherwise teach it that every question has an answer. Chosen by
/// cross-validation on the fitting half (tools/fit/README.md).
const SQUAD_CONFIDENCE_WEIGHT: f64 = 0.02;

fn confidence_importance(row: &Row) -> f64 {
    match row.set.as_str() {
        "squad" => SQUAD_CONFIDENCE_WEIGHT,
        _ => CHAT_WEIGHT,
    }
}

fn confidence_fit(train: &[&Question]) -> Vec<f64> {
    let mut x = Vec::new();
    let mut y = Vec::new();
    let mut importances = Vec::new();
    for q in train {
        if let Some((inputs, answers)) = confidence_inputs(q.row) {
            x.push(inputs);
            y.push(answers);
            importances.push(confidence_importance(q.row));
        }
    }
    logistic(&x, &y, &importances)
}

fn confidence_of(q: &Question, confidence: &[f64]) -> Option<(f64, bool)> {
    let (inputs, answers) = confidence_inputs(q.row)?;
    Some((
        sigmoid(confidence[0] + dot(&confidence[1..], &inputs)),
        answers,
    ))
}

/// Whether the engine's gates, which hold whatever the confidence, let the question be
/// answered: every name and number it gives is in the corpus, the corpus uses most of its
/// words, and the top passage holds the kind of thing it asks for (`answer::compose`).
fn passes_gates(row: &Row) -> bool {
    !row.unknown_name
        && row
            .candidates
            .first()
            .is_some_and(|c| c.features.lacks_kind < 0.5 && c.features.unknown_share <= 0.5)
}

/// What a user sees at a threshold: hit@1 over answerable questions (an abstention is a miss)
/// and the share of questions the corpus cannot answer that are abstained on.
fn answered_figures(test: &[&Question], confidence: &[f64], threshold: f64) -> (f64, f64) {
    let (mut right, mut answerable, mut abstained, mut unanswerable) = (0, 0, 0, 0);
    for q in test {
        let (p, answers) = confidence_of(q, confidence).unwrap_or((0.0, false));
        let answered = passes_gates(q.row) && p >= threshold;
        if q.row.answerable {
            answerable += 1;
            right += usize::from(answered && answers);
        } else {
            unanswerable += 1;
            abstained += usize::from(!answered);
        }
    }
    (
        right as f64 / answerable.max(1) as f64,
        abstained as f64 / unanswerable.max(1) as f64,
    )
}

/// The share of `test` handled right at a threshold: a right top quote where there is an
/// answer, an abstention where there is none.
fn handled_right(test: &[&Question], confidence: &[f64], threshold: f64) -> f64 {
    let answerable = test.iter().filter(|q| q.row.answerable).count() as f64;
    let unanswerable = test.len() as f64 - answerable;
    let (hit1, abstain) = answered_figures(test, confidence, threshold);
    (hit1 * answerable + abstain * unanswerable) / test.len().max(1) as f64
}

/// The threshold (in hundredths) that handles the largest share of each set right, the sets
/// counting alike (a chat set's few dozen questions weigh as much as SQuAD's thousands, whose
/// answers abstaining only loses): the middle of the first best run.
fn best_threshold(sets: &[Vec<&Question>], confidence: &[f64]) -> f64 {
    let value: Vec<f64> = (0..=100)
        .map(|t| {
            sets.iter()
                .map(|set| handled_right(set, confidence, f64::from(t) / 100.0))
                .sum()
        })
        .collect();
    let best = value.iter().copied().fold(f64::MIN, f64::max);
    let first = value.iter().position(|v| *v >= best - 1e-12).unwrap_or(50);
    let last = first
        + value[first..]
            .iter()
            .take_while(|v| **v >= best - 1e-12)
            .count()
        - 1;
    (first + last) as f64 / 200.0
}

/// Brier score of the confidence.
fn brier(test: &[&Question], confidence: &[f64]) -> f64 {
    let total: f64 = test
        .iter()
        .filter_map(|q| confidence_of(q, confidence))
        .map(|(p, answers)| (p - f64::from(u8::from(answers))).powi(2))
        .sum();
    total / test.len().max(1) as f64
}

pub fn read(path: &Path) -> Result<Vec<Row>> {
    let file = std::fs::File::open(path).with_context(|| format!("open {}", path.display()))?;
    std::io::BufReader::new(file)
        .lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(&line?)
                .with_context(|| format!("{}:{}: not a feature row", path.display(), i + 1))
        })
        .collect()
}

const FOLDS: usize = 6;

/// Thresholds whose figures are written beside the chosen one: SQuAD's questions all have an
/// answer, and every abstention there is a miss, so the figures show what more abstention on
/// the chat set would cost.
const TRADE_OFF: [f64; 6] = [0.01, 0.05, 0.1, 0.2, 0.3, 0.4];

/// The sets a threshold is chosen on: the chat, SQuAD and seed questions.
fn by_set<'a>(questions: &[&'a Question<'a>]) -> Vec<Vec<&'a Question<'a>>> {
    ["news", "squad", "seed"]
        .iter()
        .map(|set| {
            questions
                .iter()
                .copied()
                .filter(|q| q.row.set == *set)
                .collect()
        })
        .collect()
}

/// Fits on `rows`, prints the figures, writes the parameters and the figures to `out`.
/// The fold of each fitting question: SQuAD's by article, the chat set's fitting half and every
/// other row's by position.
fn folds(fitting: &[&Question]) -> Vec<usize> {
    let articles: BTreeMap<&str, usize> = fitting
        .iter()
        .filter(|q| q.row.set == "squad")
        .map(|q| q.row.group.as_str())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .enumerate()
        .map(|(i, g)| (g, i % FOLDS))
        .collect();
    fitting
        .iter()
        .enumerate()
        .map(|(i, q)| {
            if q.row.set == "squad" {
                articles.get(q.row.group.as_str()).copied().unwrap_or(0)
            } else {
                i % FOLDS
            }
        })
        .collect()
}

/// Cross-validated hit@1 of the ranker on one set, and of the order the rows were written in.
#[derive(Default, Clone, Copy)]
struct Tally {
    fitted_hits: f64,
    written_hits: f64,
    n: usize,
}

impl Tally {
    fn add(&mut self, (fitted, written, n): (f64, f64, usize)) {
        self.fitted_hits += fitted * n as f64;
        self.written_hits += written * n as f64;
        self.n += n;
    }

    fn fitted(&self) -> f64 {
        self.fitted_hits / self.n.max(1) as f64
    }

    fn written(&self) -> f64 {
        self.written_hits / self.n.max(1) as f64
    }
}

/// The fitting questions of every fold but `held_out` (to fit on), and of `held_out` (to test
/// on).
fn split<'a, 'r>(
    fitting: &[&'a Question<'r>],
    fold: &[usize],
    held_out: usize,
) -> (Vec<&'a Question<'r>>, Vec<&'a Question<'r>>) {
    let (test, train): (Vec<_>, Vec<_>) =
        fitting.iter().zip(fold).partition(|(_, f)| **f == held_out);
    let questions =
        |pairs: Vec<(&&'a Question<'r>, &usize)>| pairs.into_iter().map(|(q, _)| *q).collect();
    (questions(train), questions(test))
}

/// The ranker's cross-validated hit@1 on SQuAD, the chat set's fitting half and the seed set.
fn ranker_cv(fitting: &[&Question], fold: &[usize]) -> [Tally; 3] {
    let mut tallies = [Tally::default(); 3];
    for held_out in 0..FOLDS {
        let (train, test) = split(fitting, fold, held_out);
        let weights = ranker_fit(&train);
        for (tally, set) in tallies.iter_mut().zip(["squad", "news", "seed"]) {
            let in_set: Vec<&Question> =
                test.iter().copied().filter(|q| q.row.set == set).collect();
            tally.add(hits(&in_set, &weights));
        }
    }
    tallies
}

/// The cross-validated hit@1 of the three sets pooled, each question counted as the fit counts it.
fn pooled([squad, news, seed]: &[Tally; 3]) -> f64 {
    let weight = |t: &Tally, w: f64| t.n as f64 * w;
    let total = weight(squad, 1.0) + weight(news, CHAT_WEIGHT) + weight(seed, CHAT_WEIGHT);
    (squad.fitted_hits + CHAT_WEIGHT * (news.fitted_hits + seed.fitted_hits)) / total.max(1.0)
}

/// How many passages, best by BM25, the fit may have a question weigh: the counts tried, up to
/// as many as `quarry-bench features` wrote.
const CANDIDATE_COUNTS: [usize; 7] = [10, 15, 20, 30, 40, 60, 80];

/// A count whose pooled cross-validated hit@1 is within this of the best count's ranks as well:
/// one question in 500.
const AS_WELL: f64 = 0.002;

/// The rows with only each question's `n` candidates of highest BM25, in the order written.
fn first_by_bm25(rows: &[Row], n: usize) -> Vec<Row> {
    rows.iter()
        .map(|row| {
            let mut by_bm25: Vec<usize> = (0..row.candidates.len()).collect();
            by_bm25.sort_by(|&a, &b| {
                let bm25 = |i: usize| row.candidates[i].features.bm25;
                bm25(b).total_cmp(&bm25(a))
            });
            let mut kept: Vec<usize> = by_bm25.into_iter().take(n).collect();
            kept.sort_unstable();
            Row {
                candidates: kept.iter().map(|&i| row.candidates[i].clone()).collect(),
                ..row.clone()
            }
        })
        .collect()
}

pub fn run(rows: &[Row], out: &Path) -> Result<String> {
    let most = rows.iter().map(|r| r.candidates.len()).max().unwrap_or(0);
    let counts: Vec<usize> = CANDIDATE_COUNTS
        .iter()
        .copied()
        .filter(|&n| n < most)
        .chain(std::iter::once(most))
        .collect();
    let mut sweep = Vec::new();
    for &n in &counts {
        let kept = first_by_bm25(rows, n);
        let all = questions(&kept);
        let fitting: Vec<&Question> = all.iter().filter(|q| !held_back(q.row)).collect();
        let tallies = ranker_cv(&fitting, &folds(&fitting));
        sweep.push((n, tallies, pooled(&tallies)));
    }
    let best = sweep.iter().map(|s| s.2).fold(f64::MIN, f64::max);
    let (candidates, [squad_tally, news_tally, seed_tally], _) = sweep
        .iter()
        .find(|s| s.2 >= best - AS_WELL)
        .copied()
        .context("no feature rows to fit on")?;
    let rows = first_by_bm25(rows, candidates);
    let all = questions(&rows);
    let fitting: Vec<&Question> = all.iter().filter(|q| !held_back(q.row)).collect();
    let held: Vec<&Question> = all.iter().filter(|q| held_back(q.row)).collect();
    if !fitting
        .iter()
        .any(|q| q.row.candidates.iter().any(|c| c.positive))
    {
        bail!("no feature row with an answer among its candidates to fit on");
    }
    let fold = folds(&fitting);
    let weights = ranker_fit(&fitting);
    let news_fit: Vec<&Question> = fitting
        .iter()
        .copied()
        .filter(|q| q.row.set == "news")
        .collect();
    let (fit_hit, fit_written, n_fit) = hits(&news_fit, &weights);
    let (held_hit, held_written, n_held) = hits(&held, &weights);
    // The confidence: cross-validated on the chat set's fitting half (its threshold chosen
    // within each fold), then fitted on all fitting rows, its threshold chosen on that half.
    let (mut cv_right, mut cv_abstained, mut cv_answerable, mut cv_unanswerable) =
        (0.0, 0.0, 0usize, 0usize);
    for held_out in 0..FOLDS {
        let (train, mut test) = split(&fitting, &fold, held_out);
        test.retain(|q| q.row.set == "news");
        let confidence = confidence_fit(&train);
        let threshold = best_threshold(&by_set(&train), &confidence);
        let (hit1, abstain) = answered_figures(&test, &confidence, threshold);
        let answerable = test.iter().filter(|q| q.row.answerable).count();
        let unanswerable = test.len() - answerable;
        cv_right += hit1 * answerable as f64;
        cv_abstained += abstain * unanswerable as f64;
        cv_answerable += answerable;
        cv_unanswerable += unanswerable;
    }
    let confidence = confidence_fit(&fitting);
    let threshold = best_threshold(&by_set(&fitting), &confidence);
    let squad: Vec<&Question> = fitting
        .iter()
        .copied()
        .filter(|q| q.row.set == "squad")
        .collect();
    let (squad_answered, _) = answered_figures(&squad, &confidence, threshold);
    let (fit_answered, fit_abstain) = answered_figures(&news_fit, &confidence, threshold);
    let (held_answered, held_abstain) = answered_figures(&held, &confidence, threshold);
    let mut figures = String::new();
    use std::fmt::Write as _;
    writeln!(
        figures,
        "# Candidates a question weighs, best by BM25: {candidates}, the fewest whose pooled CV hit@1 is within {AS_WELL} of the best (count: SQuAD / chat fitting half / seed / pooled):"
    )?;
    for (n, [squad, news, seed], pooled) in &sweep {
        writeln!(
            figures,
            "#   {n}: {:.3} / {:.3} / {:.3} / {pooled:.4}",
            squad.fitted(),
            news.fitted(),
            seed.fitted()
        )?;
    }
    writeln!(
        figures,
        "# Ranker, hit@1 among the first stage's candidates (fitted vs the order the rows were written in):"
    )?;
    writeln!(
        figures,
        "#   SQuAD half A, {FOLDS}-fold CV by article ({} questions): {:.3} vs {:.3}",
        squad_tally.n,
        squad_tally.fitted(),
        squad_tally.written()
    )?;
    writeln!(
        figures,
        "#   chat set fitting half, {FOLDS}-fold CV ({}): {:.3} vs {:.3}; fitted on all of it: {fit_hit:.3} vs {fit_written:.3}",
        news_tally.n,
        news_tally.fitted(),
        news_tally.written()
    )?;
    writeln!(
        figures,
        "#   chat set held-back half ({n_held}), never fitted on: {held_hit:.3} vs {held_written:.3}"
    )?;
    if seed_tally.n > 0 {
        writeln!(
            figures,
            "#   seed set, {FOLDS}-fold CV ({}): {:.3} vs {:.3}",
            seed_tally.n,
            seed_tally.fitted(),
            seed_tally.written()
        )?;
    }
    writeln!(
        figures,
        "# Confidence of the engine's top passage, abstaining below {threshold:.3} (hit@1, abstentions counted as misses / share of unanswerable abstained on):"
    )?;
    writeln!(
        figures,
        "#   chat set fitting half, {FOLDS}-fold CV: {:.3} / {:.3}; fitted on all of it ({n_fit}): {fit_answered:.3} / {fit_abstain:.3}",
        cv_right / cv_answerable.max(1) as f64,
        cv_abstained / cv_unanswerable.max(1) as f64
    )?;
    writeln!(
        figures,
        "#   chat set held-back half: {held_answered:.3} / {held_abstain:.3}"
    )?;
    writeln!(
        figures,
        "#   SQuAD half A, fitted on all of it: {squad_answered:.3} (hit@1)"
    )?;
    writeln!(
        figures,
        "#   Brier score, fitting rows {:.3}, held-back half {:.3}",
        brier(&fitting, &confidence),
        brier(&held, &confidence)
    )?;
    writeln!(
        figures,
        "# What other thresholds would trade (hit@1, abstentions counted as misses / share of unanswerable abstained on): SQuAD half A; chat fitting half; held-back half:"
    )?;
    for threshold in TRADE_OFF {
        let (squad_hit, _) = answered_figures(&squad, &confidence, threshold);
        let (fit_hit, fit_abstain) = answered_figures(&news_fit, &confidence, threshold);
        let (held_hit, held_abstain) = answered_figures(&held, &confidence, threshold);
        writeln!(
            figures,
            "#   {threshold:.2}: {squad_hit:.3}; {fit_hit:.3} / {fit_abstain:.3}; {held_hit:.3} / {held_abstain:.3}"
        )?;
    }
    let mut text = String::from(
        "# Written by `quarry-bench fit` (tools/fit/README.md); do not edit by hand.\n",
    );
    text.push_str(&figures);
    writeln!(
        text,
        "\n[ranker]\ncandidates = {candidates}\n\n[ranker.weights]"
    )?;
    for (name, w) in input_names().iter().zip(&weights) {
        writeln!(text, "{name} = {w:.6}")?;
    }
    writeln!(
        text,
        "\n[confidence]\nbias = {:.6}\nthreshold = {threshold:.3}\n\n[confidence.weights]",
        confidence[0]
    )?;
    for (name, w) in ConfidenceInputs::NAMES.iter().zip(&confidence[1..]) {
        writeln!(text, "{name} = {w:.6}")?;
    }
    std::fs::write(out, &text).with_context(|| format!("write {}", out.display()))?;
    Ok(figures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_regression_recovers_a_known_direction() {
        // y depends on the first column only.
        let x: Vec<Vec<f64>> = (0..400)
            .map(|i| vec![f64::from(i % 20) / 20.0, f64::from((i * 7) % 13) / 13.0])
            .collect();
        let y: Vec<bool> = x.iter().map(|r| r[0] > 0.5).collect();
        let w = logistic(&x, &y, &vec![1.0; y.len()]);
        assert!(w[1] > 5.0, "weights {w:?}");
        assert!(w[2].abs() < w[1] / 5.0, "weights {w:?}");
        assert!(sigmoid(w[0] + w[1] * 0.9) > 0.9);
        assert!(sigmoid(w[0] + w[1] * 0.1) < 0.1);
    }

    #[test]
    fn the_fit_runs_on_the_fixture_and_writes_every_weight() {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/features.jsonl");
        let rows = read(&fixture).expect("fixture reads");
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("ranker.toml");
        run(&rows, &out).expect("fit");
        let written = std::fs::read_to_string(&out).expect("written");
        let parsed: toml::Table = toml::from_str(&written).expect("toml");
        quarry_engine::answer::fitted::Parameters::parse(&written).expect("the engine reads it");
        let ranker = parsed["ranker"]["weights"].as_table().expect("weights");
        assert_eq!(ranker.len(), input_names().len());
        let most = rows.iter().map(|r| r.candidates.len()).max().expect("rows");
        let candidates = parsed["ranker"]["candidates"]
            .as_integer()
            .expect("a count");
        assert!(
            (1..=most as i64).contains(&candidates),
            "{candidates} candidates of {most}"
        );
        // The fitted ranker puts an answering sentence first on most of the questions it was
        // fitted on (the order the fixture was written in does so on 20 of 30).
        let all = questions(&rows);
        let squad: Vec<&Question> = all.iter().filter(|q| q.row.set == "squad").collect();
        let weights = ranker_fit(&squad);
        let (fitted, _, n) = hits(&squad, &weights);
        assert_eq!(n, 30);
        assert!(fitted >= 0.6, "hit@1 {fitted}");
    }
}
