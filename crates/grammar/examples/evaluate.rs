//! Scores the shipped model on a CoNLL-U treebank (gold tokens), without training:
//! `cargo run --release -p quarry-grammar --example evaluate -- en_ewt-ud-test.conllu`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: evaluate TREEBANK.conllu");
        std::process::exit(2);
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("reading {path}: {e}"))?;
    let sentences = grammar::parse_conllu(&text).map_err(|e| format!("parsing {path}: {e}"))?;
    let s = grammar::train::evaluate(grammar::Grammar::english(), &sentences);
    println!("{path}: {s}");
    Ok(())
}
