//! `quarry-bench fit`: fits the answer ranker and the answer confidence (logistic regressions)
//! on the rows `quarry-bench features` wrote, reports cross-validated figures and writes the
//! parameters with those figures to `crates/engine/ranker.toml`.
//!
//! Ranker: one logistic regression over candidate passages, the positive being a sentence that
//! holds the answer. Folds: one Wikipedia article each for SQuAD; the chat set is split by
//! question (even indexes fitted, odd held out and never fitted on).
//! Confidence: one logistic regression over questions, on the fitted ranker's top passage: its
//! score, the margin to the next candidate, whether the question names something the corpus
//! never mentions, and its coverage; the positive is a top quote that holds the answer.

use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

use quarry_engine::answer::Features;

#[derive(Deserialize)]
pub struct Row {
    pub set: String,
    pub group: String,
    pub id: String,
    pub answerable: bool,
    pub unknown_name: bool,
    pub candidates: Vec<Candidate>,
}

#[derive(Deserialize)]
pub struct Candidate {
    /// Today's hand-set score: the order the candidates come in.
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

fn values(f: &Features) -> Vec<f64> {
    f.values().iter().map(|v| f64::from(*v)).collect()
}

fn score(weights: &[f64], f: &Features) -> f64 {
    weights[0] + dot(&weights[1..], &values(f))
}

/// Whether a question's row is fitted on or held out: the chat set's odd questions are never
/// fitted on.
fn held_out(row: &Row) -> bool {
    row.set == "news"
        && row
            .id
            .strip_prefix("news-")
            .and_then(|i| i.parse::<usize>().ok())
            .is_some_and(|i| i % 2 == 1)
}

/// How much a chat question counts against an encyclopedia question: chat questions are what
/// quarry is asked, but there are a hundred times fewer of them.
const CHAT_WEIGHT: f64 = 20.0;

fn importance(row: &Row) -> f64 {
    if row.set == "news" {
        CHAT_WEIGHT
    } else {
        1.0
    }
}

fn ranker_fit(rows: &[&Row]) -> Vec<f64> {
    let mut x = Vec::new();
    let mut y = Vec::new();
    let mut weight = Vec::new();
    for row in rows {
        if row.candidates.iter().any(|c| c.positive) {
            for c in &row.candidates {
                x.push(values(&c.features));
                y.push(c.positive);
                weight.push(importance(row));
            }
        }
    }
    logistic(&x, &y, &weight)
}

/// hit@1 of the fitted and of today's ranking on questions with a positive among the
/// candidates, and how many such questions.
fn hits(rows: &[&Row], weights: &[f64]) -> (f64, f64, usize) {
    let mut fitted = 0usize;
    let mut today = 0usize;
    let mut n = 0usize;
    for row in rows.iter().filter(|r| r.answerable) {
        n += 1;
        let best = row
            .candidates
            .iter()
            .max_by(|a, b| score(weights, &a.features).total_cmp(&score(weights, &b.features)));
        fitted += usize::from(best.is_some_and(|c| c.quote_positive));
        today += usize::from(row.candidates.first().is_some_and(|c| c.quote_positive));
    }
    let n_f = n.max(1) as f64;
    (fitted as f64 / n_f, today as f64 / n_f, n)
}

/// The confidence inputs of a question under the ranking that answers (today's hand-set
/// order, the order the candidates come in): top score, margin to the next, unknown name, the
/// top passage's coverage in its window, the share of question units it matches, and its
/// semantic similarity; and whether the top quote answers.
fn confidence_inputs(row: &Row) -> Option<(Vec<f64>, bool)> {
    let best = row.candidates.first()?;
    let top = f64::from(best.score);
    let next = row.candidates.get(1).map_or(0.0, |c| f64::from(c.score));
    Some((
        vec![
            top,
            top - next,
            f64::from(u8::from(row.unknown_name)),
            f64::from(best.features.window),
            f64::from(best.features.matched),
            f64::from(best.features.sem_sentence),
        ],
        best.quote_positive && row.answerable,
    ))
}

pub const CONFIDENCE_INPUTS: [&str; 6] = [
    "score",
    "margin",
    "unknown_name",
    "window",
    "matched",
    "sem_sentence",
];

fn confidence_fit(rows: &[&Row]) -> Vec<f64> {
    let mut x = Vec::new();
    let mut y = Vec::new();
    let mut weight = Vec::new();
    for row in rows {
        if let Some((inputs, answers)) = confidence_inputs(row) {
            x.push(inputs);
            y.push(answers);
            weight.push(importance(row));
        }
    }
    logistic(&x, &y, &weight)
}

/// Brier score, and precision and share answered when answering at p ≥ 0.5.
fn calibration(rows: &[&Row], confidence: &[f64]) -> (f64, f64, f64) {
    let mut brier = 0.0;
    let mut answered = 0usize;
    let mut right = 0usize;
    let mut n = 0usize;
    for (x, y) in rows.iter().filter_map(|r| confidence_inputs(r)) {
        let p = sigmoid(confidence[0] + dot(&confidence[1..], &x));
        brier += (p - f64::from(u8::from(y))).powi(2);
        n += 1;
        if p >= 0.5 {
            answered += 1;
            right += usize::from(y);
        }
    }
    let n_f = n.max(1) as f64;
    (
        brier / n_f,
        right as f64 / answered.max(1) as f64,
        answered as f64 / n_f,
    )
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

/// Fits on `rows`, prints the figures, writes the parameters and the figures to `out`.
pub fn run(rows: &[Row], out: &Path) -> Result<String> {
    let fitted: Vec<&Row> = rows.iter().filter(|r| !held_out(r)).collect();
    if fitted.is_empty() {
        bail!("no feature rows to fit on");
    }
    let groups: BTreeMap<&str, ()> = rows
        .iter()
        .filter(|r| r.set == "squad")
        .map(|r| (r.group.as_str(), ()))
        .collect();
    // Cross-validation by Wikipedia article: fit on the others (and the chat set's fitted half),
    // score the article left out.
    let (mut cv_fitted, mut cv_today, mut cv_n) = (0.0, 0.0, 0usize);
    let (mut cv_brier, mut cv_precision, mut cv_answered, mut cv_folds) = (0.0, 0.0, 0.0, 0);
    for group in groups.keys() {
        let train: Vec<&Row> = fitted
            .iter()
            .copied()
            .filter(|r| r.group != *group)
            .collect();
        let test: Vec<&Row> = rows
            .iter()
            .filter(|r| r.group == *group && r.set != "news")
            .collect();
        let weights = ranker_fit(&train);
        let (f, t, n) = hits(&test, &weights);
        cv_fitted += f * n as f64;
        cv_today += t * n as f64;
        cv_n += n;
        let confidence = confidence_fit(&train);
        let (b, p, a) = calibration(&test, &confidence);
        cv_brier += b;
        cv_precision += p;
        cv_answered += a;
        cv_folds += 1;
    }
    let weights = ranker_fit(&fitted);
    let confidence = confidence_fit(&fitted);
    let news_of = |odd: bool| -> Vec<&Row> {
        rows.iter()
            .filter(|r| r.set == "news" && held_out(r) == odd)
            .collect()
    };
    let (fit_half, today_fit_half, n_fit) = hits(&news_of(false), &weights);
    let (held_half, today_held_half, n_held) = hits(&news_of(true), &weights);
    let (brier_held, precision_held, answered_held) = calibration(&news_of(true), &confidence);
    let folds = cv_folds.max(1) as f64;
    let cv_n_f = cv_n.max(1) as f64;
    let mut figures = String::new();
    use std::fmt::Write as _;
    writeln!(
        figures,
        "# hit@1 on the candidates (top {} of the first stage), fitted ranker vs today's hand-set score:",
        crate::features::KEPT
    )?;
    writeln!(
        figures,
        "# SQuAD, {} folds by article ({cv_n} questions): {:.3} vs {:.3}",
        cv_folds,
        cv_fitted / cv_n_f,
        cv_today / cv_n_f
    )?;
    writeln!(
        figures,
        "# chat set, fitted half ({n_fit}): {fit_half:.3} vs {today_fit_half:.3}; held-out half ({n_held}): {held_half:.3} vs {today_held_half:.3}"
    )?;
    writeln!(
        figures,
        "# confidence, SQuAD folds (with unanswerable and cross-corpus questions): Brier {:.3}, precision at p>=0.5 {:.3}, answered {:.3}",
        cv_brier / folds,
        cv_precision / folds,
        cv_answered / folds
    )?;
    writeln!(
        figures,
        "# confidence, chat held-out half: Brier {brier_held:.3}, precision at p>=0.5 {precision_held:.3}, answered {answered_held:.3}"
    )?;
    let mut text = String::from(
        "# Written by `quarry-bench fit` (tools/fit/README.md); do not edit by hand.\n",
    );
    text.push_str(&figures);
    writeln!(
        text,
        "\n[ranker]\nbias = {:.6}\n\n[ranker.weights]",
        weights[0]
    )?;
    for (name, w) in Features::NAMES.iter().zip(&weights[1..]) {
        writeln!(text, "{name} = {w:.6}")?;
    }
    writeln!(
        text,
        "\n[confidence]\nbias = {:.6}\n\n[confidence.weights]",
        confidence[0]
    )?;
    for (name, w) in CONFIDENCE_INPUTS.iter().zip(&confidence[1..]) {
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
        let ranker = parsed["ranker"]["weights"].as_table().expect("weights");
        assert_eq!(ranker.len(), Features::NAMES.len());
        // Coverage of the question is evidence for, never against, a passage.
        assert!(ranker["window"].as_float().expect("number") > 0.0);
    }
}
