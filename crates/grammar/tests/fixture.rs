//! Training on a tiny treebank and parsing it back.

use grammar::train::{evaluate, train, TrainOptions};
use grammar::{parse_conllu, Grammar, TreebankSentence};

const FIXTURE: &str = include_str!("fixtures/ewt_sample.conllu");

fn sentences() -> Vec<TreebankSentence> {
    parse_conllu(FIXTURE).expect("fixture is valid CoNLL-U")
}

fn options() -> TrainOptions {
    TrainOptions {
        seed: 7,
        tagger_epochs: 10,
        parser_epochs: 10,
        jackknife_folds: 0,
        // Twelve sentences give few repeated features: keep them all.
        min_weight: 1,
        min_updates: 1,
    }
}

#[test]
fn learns_its_training_sentences() {
    let data = sentences();
    assert_eq!(data.len(), 12);
    let model = train(&data, &options()).expect("training succeeds");
    let scores = evaluate(&model, &data);
    assert!(scores.upos >= 0.98, "UPOS {}", scores.upos);
    assert!(scores.uas >= 0.95, "UAS {}", scores.uas);
    assert!(scores.las >= 0.95, "LAS {}", scores.las);
    assert!(scores.lemma >= 0.98, "lemma {}", scores.lemma);

    let words = model.parse_tokens(&[
        "The",
        "Commission",
        "said",
        "it",
        "had",
        "no",
        "legal",
        "grounds",
        "for",
        "such",
        "an",
        "exclusion",
        ".",
    ]);
    let said = words.iter().position(|w| w.text == "said").expect("said");
    let commission = &words[1];
    assert_eq!(commission.head, Some(said));
    assert_eq!(commission.deprel, "nsubj");
    assert_eq!(words[said].head, None);
    assert_eq!(words[said].deprel, "root");
}

#[test]
fn training_is_deterministic_and_models_round_trip() {
    let data = sentences();
    let a = train(&data, &options())
        .expect("training succeeds")
        .to_bytes();
    let b = train(&data, &options())
        .expect("training succeeds")
        .to_bytes();
    assert_eq!(a, b);
    let reloaded = Grammar::from_bytes(&a).expect("model loads");
    assert_eq!(reloaded.to_bytes(), a);
}

#[test]
fn jackknifed_training_works_on_small_data() {
    let data = sentences();
    let opts = TrainOptions {
        jackknife_folds: 3,
        ..options()
    };
    let model = train(&data, &opts).expect("training succeeds");
    // Jackknifed taggers each see two thirds of twelve sentences, so the parser trains
    // on noisy tags: it should still get most attachments.
    let uas = evaluate(&model, &data).uas;
    assert!(uas >= 0.8, "UAS {uas}");
}

#[test]
fn bad_models_are_errors() {
    assert!(Grammar::from_bytes(b"").is_err());
    assert!(Grammar::from_bytes(b"QGRM\x01\x00\x00\x00\xff").is_err());
    let model = train(&sentences(), &options())
        .expect("training succeeds")
        .to_bytes();
    for cut in [5, model.len() / 2, model.len() - 1] {
        assert!(Grammar::from_bytes(&model[..cut]).is_err());
    }
    assert!(train(&[], &options()).is_err());
}
