//! The dev set of "who committed to what" (tests/fixtures/commitments.toml, a copy of the gold
//! in the eval folder) scored through the library on the repo's corpus/ folder.

use std::path::Path;

use quarry_engine::commitments::{amounts, extract, Commitment, Stage};

#[derive(serde::Deserialize)]
struct Gold {
    commitment: Vec<GoldCommitment>,
    non_commitment: Vec<NonCommitment>,
}

#[derive(serde::Deserialize)]
struct GoldCommitment {
    doc: String,
    actor: String,
    #[serde(default)]
    actor_aliases: Vec<String>,
    #[serde(default)]
    amount: String,
    status: Stage,
    sentence: String,
    #[serde(default)]
    optional: bool,
}

#[derive(serde::Deserialize)]
struct NonCommitment {
    doc: String,
    sentence: String,
}

/// Folded quotes and dashes, collapsed whitespace, lower case.
fn norm(text: &str) -> String {
    let folded = quarry_text::fold(text).replace('"', " ");
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn same_sentence(quote: &str, gold: &str) -> bool {
    let (q, g) = (norm(quote), norm(gold));
    !q.is_empty() && (q == g || q.contains(&g) || g.contains(&q))
}

fn actor_key(name: &str) -> String {
    let n = norm(name).replace('.', "");
    n.strip_prefix("the ").unwrap_or(&n).to_string()
}

fn same_actor(predicted: &str, gold: &GoldCommitment) -> bool {
    let p = actor_key(predicted);
    std::iter::once(&gold.actor)
        .chain(&gold.actor_aliases)
        .any(|name| actor_key(name) == p)
}

fn doc_id(doc: &str) -> &str {
    doc.trim_end_matches(".txt").trim_end_matches(".md")
}

#[test]
fn dev_set_scores_and_no_non_commitment_is_extracted() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(root.join("tests/fixtures/commitments.toml"))
        .expect("gold fixture");
    let gold: Gold = toml::from_str(&text).expect("gold parses");
    let scan = quarry_engine::corpus::scan(&root.join("corpus"), 5_000_000).expect("corpus folder");
    let predicted: Vec<Commitment> = scan
        .articles
        .iter()
        .flat_map(|a| extract(&a.id, &a.body))
        .collect();

    for p in &predicted {
        let hit = gold
            .non_commitment
            .iter()
            .find(|n| doc_id(&n.doc) == p.doc && same_sentence(&p.quote, &n.sentence));
        assert!(
            hit.is_none(),
            "non-commitment extracted: {} | {}",
            p.actor,
            p.quote
        );
    }

    let mut used = vec![false; gold.commitment.len()];
    let (mut tp, mut fp, mut stage_ok, mut amount_pairs, mut amount_ok) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for p in &predicted {
        let matched = gold.commitment.iter().enumerate().find(|(i, g)| {
            !used[*i]
                && doc_id(&g.doc) == p.doc
                && same_sentence(&p.quote, &g.sentence)
                && same_actor(&p.actor, g)
        });
        let Some((i, g)) = matched else {
            fp += 1;
            eprintln!("false positive: {} | {}", p.actor, p.quote);
            continue;
        };
        used[i] = true;
        if g.optional {
            continue;
        }
        tp += 1;
        stage_ok += usize::from(p.stage == g.status);
        if !g.amount.is_empty() {
            amount_pairs += 1;
            let want = amounts(&g.amount).into_iter().next().map(|(_, a)| a.value);
            amount_ok += usize::from(p.amount.as_ref().map(|a| a.value) == want);
        }
    }
    let required = gold.commitment.iter().filter(|g| !g.optional).count();
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / required.max(1) as f64;
    let f1 = 2.0 * precision * recall / (precision + recall).max(f64::EPSILON);
    eprintln!("F1 {f1:.3} P {precision:.3} R {recall:.3}");
    assert!(f1 >= 0.85, "F1 {f1:.3} (P {precision:.3}, R {recall:.3})");
    assert!(
        stage_ok as f64 >= 0.8 * tp as f64,
        "stage accuracy {stage_ok}/{tp}"
    );
    assert!(
        amount_ok as f64 >= 0.9 * amount_pairs as f64,
        "amount accuracy {amount_ok}/{amount_pairs}"
    );
}
