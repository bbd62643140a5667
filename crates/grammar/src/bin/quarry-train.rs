//! Trains the English grammar model from UD treebank files and reports its accuracy.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use grammar::train::{evaluate, train, Scores, TrainOptions};
use grammar::{parse_conllu, Grammar, TreebankSentence};

const USAGE: &str = "usage: quarry-train --train <conllu> --dev <conllu> --test <conllu> \
--out <model> [--seed N] [--epochs N] [--tagger-epochs N] [--folds N] [--min-weight N] [--min-updates N]";

struct Args {
    train: PathBuf,
    dev: Option<PathBuf>,
    test: Option<PathBuf>,
    out: PathBuf,
    opts: TrainOptions,
}

fn parse_args() -> Result<Args> {
    let mut train = None;
    let mut dev = None;
    let mut test = None;
    let mut out = None;
    let mut opts = TrainOptions::default();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .with_context(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--train" => train = Some(PathBuf::from(value()?)),
            "--dev" => dev = Some(PathBuf::from(value()?)),
            "--test" => test = Some(PathBuf::from(value()?)),
            "--out" => out = Some(PathBuf::from(value()?)),
            "--seed" => opts.seed = value()?.parse().context("--seed")?,
            "--epochs" => opts.parser_epochs = value()?.parse().context("--epochs")?,
            "--tagger-epochs" => {
                opts.tagger_epochs = value()?.parse().context("--tagger-epochs")?
            }
            "--folds" => opts.jackknife_folds = value()?.parse().context("--folds")?,
            "--min-weight" => opts.min_weight = value()?.parse().context("--min-weight")?,
            "--min-updates" => opts.min_updates = value()?.parse().context("--min-updates")?,
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    Ok(Args {
        train: train.context(USAGE)?,
        dev,
        test,
        out: out.context(USAGE)?,
        opts,
    })
}

fn read(path: &PathBuf) -> Result<Vec<TreebankSentence>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    parse_conllu(&text).with_context(|| format!("parsing {}", path.display()))
}

fn report(name: &str, s: &Scores) {
    println!("{name}: {s}");
}

fn main() -> Result<()> {
    let args = parse_args()?;
    let train_set = read(&args.train)?;
    println!(
        "training on {} sentences with {:?}",
        train_set.len(),
        args.opts
    );
    let started = Instant::now();
    let model = train(&train_set, &args.opts)?;
    let bytes = model.to_bytes();
    println!("trained in {:.1} s", started.elapsed().as_secs_f64());
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    let (tagger, parser) = model.weight_counts();
    println!(
        "model: {} bytes ({tagger} tagger weights, {parser} parser weights) -> {}",
        bytes.len(),
        args.out.display()
    );
    // Score the model as it will be loaded, so the figures describe the shipped bytes.
    let model = Grammar::from_bytes(&bytes)?;
    for (name, path) in [("dev", &args.dev), ("test", &args.test)] {
        if let Some(path) = path {
            report(name, &evaluate(&model, &read(path)?));
        }
    }
    Ok(())
}
