//! Prints the commitments of every article of a corpus folder as JSON Lines in the format of
//! `score_commitments.py`, without building an index: the quick loop for fitting extraction
//! (`tools/eval/fit_salience.py`).
//! `cargo run --release -p quarry-engine --example commitments_jsonl -- CORPUS_DIR`

use std::io::Write;

fn main() -> std::io::Result<()> {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: commitments_jsonl CORPUS_DIR");
        std::process::exit(2);
    };
    let scan = match quarry_engine::corpus::scan(std::path::Path::new(&dir), 5_000_000) {
        Ok(scan) => scan,
        Err(problem) => {
            eprintln!("{problem}");
            std::process::exit(1);
        }
    };
    let mut out = std::io::stdout().lock();
    for article in &scan.articles {
        for c in quarry_engine::commitments::extract(&article.id, &article.body) {
            let line = serde_json::json!({
                "doc": c.doc,
                "actor": c.actor,
                "action": c.action,
                "amount": c.amount.map(|a| a.text).unwrap_or_default(),
                "status": c.stage.as_str(),
                "quote": c.quote,
            });
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}
