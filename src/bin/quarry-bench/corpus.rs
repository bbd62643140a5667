//! Benchmark corpora, built once under `target/bench/` and reused: the real articles as they are,
//! and larger corpora made by drawing real paragraphs with a seeded generator. Beside each corpus,
//! the passages (one per sentence, split by quarry itself) and the questions both engines answer.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use quarry_text::{split_sentences, word_key, word_spans};

const SEED: u64 = 0x0005_eed0_f9a4_47e5;
const MARKER: &str = ".complete";

/// A small, seeded generator (SplitMix64): the same corpus on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// One real article: its section, file stem, headline and paragraphs after the headline.
struct Real {
    section: String,
    name: String,
    text: String,
    headline: String,
    paragraphs: Vec<String>,
}

fn load_real(source: &Path) -> Result<Vec<Real>> {
    let mut out = Vec::new();
    for section in ["sport", "tech", "entertainment"] {
        let dir = source.join(section);
        let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect();
        names.sort();
        for path in names {
            let bytes =
                std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            // One file (sport/199.txt) is not UTF-8: its bad bytes become U+FFFD.
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let mut blocks = text.split("\n\n").map(str::trim).filter(|b| !b.is_empty());
            let headline = blocks.next().unwrap_or_default().to_string();
            let paragraphs: Vec<String> = blocks.map(str::to_string).collect();
            let name = path
                .file_stem()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            out.push(Real {
                section: section.into(),
                name,
                text,
                headline,
                paragraphs,
            });
        }
    }
    anyhow::ensure!(!out.is_empty(), "no articles under {}", source.display());
    Ok(out)
}

/// How many articles the real corpus has (what size "1000" stands for).
pub fn real_count(source: &Path) -> Result<usize> {
    Ok(load_real(source)?.len())
}

/// The corpus folder for `size` articles, written on first use. Sizes up to the number of real
/// articles mean the real corpus as it is.
pub fn ensure(source: &Path, work: &Path, size: usize) -> Result<PathBuf> {
    let real = load_real(source)?;
    let synthetic = size > real.len();
    let dir = if synthetic {
        work.join(format!("corpus-{size}"))
    } else {
        work.join("corpus-real")
    };
    if dir.join(MARKER).exists() {
        return Ok(dir);
    }
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    eprintln!("writing corpus {} ...", dir.display());
    if synthetic {
        write_synthetic(&real, &dir, size)?;
    } else {
        for r in &real {
            let path = dir.join(&r.section).join(format!("{}.md", r.name));
            write_file(&path, &r.text)?;
        }
    }
    std::fs::write(dir.join(MARKER), "")?;
    Ok(dir)
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Article `i`: a real article's section, paragraph count and headline (with a variant suffix),
/// filled with paragraphs drawn at random from that section's real paragraphs.
fn write_synthetic(real: &[Real], dir: &Path, size: usize) -> Result<()> {
    let mut pools: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in real {
        pools
            .entry(r.section.as_str())
            .or_default()
            .extend(r.paragraphs.iter().map(String::as_str));
    }
    let mut rng = Rng::new(SEED ^ size as u64);
    for i in 0..size {
        let model = &real[rng.below(real.len())];
        let pool = &pools[model.section.as_str()];
        let count = model.paragraphs.len().max(1);
        let body: Vec<&str> = (0..count).map(|_| pool[rng.below(pool.len())]).collect();
        let variant = [
            "update", "analysis", "reaction", "latest", "report", "in depth",
        ][rng.below(6)];
        let title = format!("{} ({variant} {i})", model.headline);
        let id = format!("{:06}_{:08x}", i, rng.next() as u32);
        let path = dir
            .join(&model.section)
            .join(format!("{:03}", i / 1000))
            .join(format!("{id}.md"));
        write_file(&path, &format!("{title}\n\n{}\n", body.join("\n\n")))?;
    }
    Ok(())
}

#[derive(Serialize, Deserialize)]
pub struct Passage {
    pub doc: String,
    pub text: String,
}

#[derive(Serialize, Deserialize, Clone)]
pub struct Question {
    pub question: String,
    /// The article the question was drawn from, and its sentence.
    pub doc: String,
    pub sentence: String,
}

/// What the engines are given beside the corpus folder.
pub struct Exported {
    pub passages_path: PathBuf,
    pub questions_path: PathBuf,
    pub questions: Vec<Question>,
    pub articles: usize,
    pub bytes: u64,
    pub passages: usize,
    /// Every article body, for the extraction benchmark.
    pub bodies: Vec<(String, String)>,
}

/// Reads the corpus as quarry does, writes its passages (quarry's own sentence split) and
/// `count` questions, each made of the rarer words of one sentence, in sentence order.
pub fn export(corpus: &Path, work: &Path, count: usize) -> Result<Exported> {
    let scan = quarry_engine::corpus::scan(corpus, u64::MAX).map_err(|p| anyhow::anyhow!("{p}"))?;
    let name = corpus
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .replace("corpus-", "");
    let passages_path = work.join(format!("passages-{name}.jsonl"));
    let questions_path = work.join(format!("questions-{name}.jsonl"));
    let mut sentences: Vec<(usize, String)> = Vec::new();
    let mut bytes = 0u64;
    for (a, article) in scan.articles.iter().enumerate() {
        bytes += std::fs::metadata(&article.path).map_or(0, |m| m.len());
        for span in split_sentences(&article.body) {
            sentences.push((a, span.of(&article.body).to_string()));
        }
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&passages_path)?);
    for (a, text) in &sentences {
        serde_json::to_writer(
            &mut out,
            &Passage {
                doc: scan.articles[*a].id.clone(),
                text: text.clone(),
            },
        )?;
        out.write_all(b"\n")?;
    }
    out.flush()?;

    let keys =
        |s: &str| -> Vec<String> { word_spans(s).iter().map(|w| word_key(w.of(s))).collect() };
    let mut df: HashMap<String, u32> = HashMap::new();
    for (_, s) in &sentences {
        let mut ks = keys(s);
        ks.sort();
        ks.dedup();
        for k in ks {
            *df.entry(k).or_default() += 1;
        }
    }
    let mut rng = Rng::new(SEED);
    let mut questions = Vec::new();
    let mut tries = 0;
    while questions.len() < count && tries < count * 100 {
        tries += 1;
        let (a, s) = &sentences[rng.below(sentences.len())];
        let words: Vec<String> = word_spans(s)
            .iter()
            .map(|w| w.of(s).to_string())
            .filter(|w| w.chars().count() >= 4 && w.chars().all(char::is_alphabetic))
            .collect();
        if words.len() < 6 {
            continue;
        }
        let mut by_rarity: Vec<(u32, usize)> = words
            .iter()
            .enumerate()
            .map(|(i, w)| (df[&word_key(w)], i))
            .collect();
        by_rarity.sort();
        let mut chosen: Vec<usize> = by_rarity.iter().take(4).map(|&(_, i)| i).collect();
        chosen.sort();
        let text = chosen
            .iter()
            .map(|&i| words[i].as_str())
            .collect::<Vec<_>>()
            .join(" ");
        questions.push(Question {
            question: format!("What about {text}?"),
            doc: scan.articles[*a].id.clone(),
            sentence: s.clone(),
        });
    }
    let mut out = std::io::BufWriter::new(std::fs::File::create(&questions_path)?);
    for q in &questions {
        serde_json::to_writer(&mut out, q)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    let bodies = scan
        .articles
        .iter()
        .map(|a| (a.id.clone(), a.body.clone()))
        .collect();
    Ok(Exported {
        passages_path,
        questions_path,
        questions,
        articles: scan.articles.len(),
        bytes,
        passages: sentences.len(),
        bodies,
    })
}
