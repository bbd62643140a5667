use thiserror::Error;

/// Everything that can go wrong when reading treebanks or models, or training.
#[derive(Debug, Error)]
pub enum GrammarError {
    #[error("CoNLL-U line {line}: {reason}")]
    Conllu { line: usize, reason: String },
    #[error("model file: {0}")]
    Model(String),
    #[error("no training sentences")]
    NoData,
}
