//! Meaning beyond shared words: the static sentence model in `models/minilm-static`, embedded in
//! the binary so a fresh clone answers with it and nothing is fetched. A text's vector is the
//! mean of its word pieces' rows, normalised, so encoding is a table look-up (~8 µs a sentence).

use std::sync::{Arc, OnceLock};

use model2vec_rs::model::StaticModel;

use quarry_text::memo::Memo;

const TOKENIZER: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/minilm-static/tokenizer.json"
));
const WEIGHTS: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/minilm-static/model.safetensors"
));
const CONFIG: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../models/minilm-static/config.json"
));

#[derive(Debug, thiserror::Error)]
#[error("the embedded sentence model (models/minilm-static) does not load: {0}; rebuild from a clean checkout")]
pub struct SemanticError(String);

/// The sentence model, loaded once per process.
pub struct Semantic {
    model: StaticModel,
}

impl Semantic {
    /// The model embedded in the binary; the first call loads it (~30 ms).
    pub fn get() -> Result<&'static Semantic, SemanticError> {
        static MODEL: OnceLock<Result<Semantic, String>> = OnceLock::new();
        MODEL
            .get_or_init(|| {
                StaticModel::from_bytes(TOKENIZER, WEIGHTS, CONFIG, Some(true))
                    .map(|model| Semantic { model })
                    .map_err(|e| e.to_string())
            })
            .as_ref()
            .map_err(|e| SemanticError(e.clone()))
    }

    /// The unit-length vector of a text (all zeros when no word piece is known).
    pub fn encode(&self, text: &str) -> Vec<f32> {
        self.model.encode_single(text)
    }

    /// [`Semantic::encode`] for a text that comes back often (a corpus sentence, an article's
    /// opening): encoded once and shared. Bounded at ~25 MB of vectors.
    pub fn encode_shared(&self, text: &str) -> Arc<Vec<f32>> {
        static VECTORS: Memo<String, Vec<f32>> = Memo::new(16_384);
        VECTORS.get(text, |text| self.encode(text))
    }

    pub fn dim(&self) -> usize {
        self.model.dim()
    }
}

/// The dot product of two vectors: their cosine when both are unit length, as
/// [`Semantic::encode`] makes them (0 when either is all zeros).
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight running sums let the compiler use vector instructions.
    let mut sums = [0.0f32; 8];
    let (chunks_a, chunks_b) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = chunks_a
        .remainder()
        .iter()
        .zip(chunks_b.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in chunks_a.zip(chunks_b) {
        for k in 0..8 {
            sums[k] += x[k] * y[k];
        }
    }
    sums.iter().sum::<f32>() + tail
}

/// Cosine of two vectors; 0 when either is all zeros.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (aa, bb) = (dot(a, a), dot(b, b));
    if aa == 0.0 || bb == 0.0 {
        0.0
    } else {
        dot(a, b) / (aa.sqrt() * bb.sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sha2::{Digest, Sha256};

    fn hex(bytes: &[u8]) -> String {
        Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    #[test]
    fn the_embedded_model_is_the_one_the_model_card_describes() {
        let card = include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../models/minilm-static/README.md"
        ));
        for (name, bytes) in [
            ("model.safetensors", WEIGHTS),
            ("tokenizer.json", TOKENIZER),
            ("config.json", CONFIG),
        ] {
            let row = card
                .lines()
                .find(|l| l.starts_with(&format!("| {name} |")))
                .unwrap_or_else(|| panic!("the model card lists {name}"));
            assert!(row.contains(&hex(bytes)), "{name}: hash differs from {row}");
        }
        let model = Semantic::get().expect("model loads");
        assert_eq!(model.dim(), 384);
    }

    #[test]
    fn cosine_measures_the_angle_whatever_the_length() {
        let a: Vec<f32> = (0..19).map(|i| (i as f32).sin()).collect();
        let doubled: Vec<f32> = a.iter().map(|x| 2.0 * x).collect();
        let opposite: Vec<f32> = a.iter().map(|x| -x).collect();
        assert!((cosine(&a, &doubled) - 1.0).abs() < 1e-5);
        assert!((cosine(&a, &opposite) + 1.0).abs() < 1e-5);
        assert_eq!(cosine(&a, &[0.0; 19]), 0.0);
        let mut right_angle = vec![0.0f32; 19];
        right_angle[0] = 1.0;
        let mut other = vec![0.0f32; 19];
        other[18] = 3.0;
        assert_eq!(cosine(&right_angle, &other), 0.0);
        let model = Semantic::get().expect("model loads");
        let (u, v) = (model.encode("jobless"), model.encode("unemployed"));
        assert!((dot(&u, &v) - cosine(&u, &v)).abs() < 1e-5);
    }

    #[test]
    fn encoding_is_deterministic_and_unit_length() {
        let model = Semantic::get().expect("model loads");
        let text = "The carmaker cut 3,000 jobs in Detroit.";
        let a = model.encode(text);
        assert_eq!(a, model.encode(text));
        let norm: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
    }

    /// A question in other words than its sentence still finds it among unrelated sentences.
    #[test]
    fn a_question_in_other_words_finds_its_sentence() {
        let model = Semantic::get().expect("model loads");
        let sentences = [
            "The number of unemployed people rose to 1.5 million in March.",
            "The car manufacturer will build a new plant in Slovakia.",
            "The band's third album topped the charts in Britain.",
            "The striker scored twice in the second half.",
        ];
        let vectors: Vec<Vec<f32>> = sentences.iter().map(|s| model.encode(s)).collect();
        let best = |question: &str| {
            let q = model.encode(question);
            (0..sentences.len())
                .max_by(|&a, &b| cosine(&q, &vectors[a]).total_cmp(&cosine(&q, &vectors[b])))
                .expect("sentences")
        };
        assert_eq!(best("How many jobless were there?"), 0);
        assert_eq!(best("Where will the carmaker open a factory?"), 1);
    }
}
