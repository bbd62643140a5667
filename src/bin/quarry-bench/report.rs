//! The figures of one run and the markdown table they make.

use serde::Deserialize;

use crate::probe::{Build, Serve};

pub struct Sync {
    pub open_ms: f64,
    pub noop_ms: f64,
    pub one_ms: f64,
    pub add_ms: f64,
    pub noop_cpu_ms: f64,
    pub one_cpu_ms: f64,
    pub add_cpu_ms: f64,
}

/// What `bench/peer_bm25s.py` prints.
#[derive(Deserialize)]
pub struct Peer {
    pub passages: usize,
    pub build_s: f64,
    pub build_cpu_s: f64,
    pub latencies_ms: Vec<f64>,
    pub cpu_ms: Vec<f64>,
    pub top3_source_hits: usize,
    pub peak_rss_mb: f64,
}

pub struct Row {
    pub size: usize,
    pub articles: usize,
    pub mb: f64,
    pub passages: usize,
    pub questions: usize,
    pub build: Build,
    pub sync: Sync,
    pub serve: Serve,
    pub startup_ms: f64,
    pub startup_cpu_ms: f64,
    pub extract_mb_s: f64,
    pub peer: Option<Peer>,
}

pub fn median(values: &mut [f64]) -> f64 {
    percentile(values, 50.0)
}

/// Nearest-rank percentile.
pub fn percentile(values: &mut [f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * values.len() as f64).ceil() as usize;
    values[rank.clamp(1, values.len()) - 1]
}

fn size_name(row: &Row) -> String {
    match row.size {
        s if s < row.articles => format!("{} (real)", row.articles),
        s if s % 1000 == 0 => format!("{}k", s / 1000),
        s => s.to_string(),
    }
}

pub fn markdown(label: &str, rows: &[Row]) -> String {
    let mut lines: Vec<(String, String, Vec<String>)> = Vec::new();
    let mut add = |name: &str, target: &str, f: &dyn Fn(&Row) -> String| {
        lines.push((
            name.to_string(),
            target.to_string(),
            rows.iter().map(f).collect(),
        ));
    };
    let pct = |values: &[f64], p: f64| percentile(&mut values.to_vec(), p);
    let ask = |r: &Row, p: f64| (pct(&r.serve.latencies_ms, p), pct(&r.serve.cpu_ms, p));
    let peer_q = |r: &Row, p: f64| {
        r.peer
            .as_ref()
            .map(|peer| (pct(&peer.latencies_ms, p), pct(&peer.cpu_ms, p)))
    };
    let peer_build = |r: &Row| r.peer.as_ref().map(|p| (p.build_s, p.build_cpu_s));
    // "wall (cpu …)": the wall clock counts other processes' work on a shared machine, CPU does not.
    let pair =
        |(wall, cpu): (f64, f64), digits: usize| format!("{wall:.digits$} (cpu {cpu:.digits$})");
    let ratio = |q: (f64, f64), peer: Option<(f64, f64)>| {
        peer.map_or("–".into(), |p| {
            format!("{:.3} (cpu {:.3})", q.0 / p.0, q.1 / p.1)
        })
    };

    add("articles / passages / questions", "", &|r| {
        format!("{} / {} / {}", r.articles, r.passages, r.questions)
    });
    add("corpus size (MB)", "", &|r| format!("{:.1}", r.mb));
    add("full build (s)", "", &|r| {
        pair((r.build.secs, r.build.cpu_s), 2)
    });
    add("full build (MB/s; per CPU-second)", "≥ 20", &|r| {
        pair((r.mb / r.build.secs, r.mb / r.build.cpu_s), 2)
    });
    add("full build (articles/s)", "", &|r| {
        format!("{:.0}", r.articles as f64 / r.build.secs)
    });
    add("full build peak RSS (MB)", "", &|r| {
        format!("{:.0}", r.build.peak_rss_mb)
    });
    add("peer build (s)", "", &|r| {
        peer_build(r).map_or("–".into(), |b| pair(b, 2))
    });
    add("build time quarry/peer", "", &|r| {
        ratio((r.build.secs, r.build.cpu_s), peer_build(r))
    });
    add("open (ms)", "", &|r| format!("{:.1}", r.sync.open_ms));
    add("sync, nothing changed (ms)", "", &|r| {
        pair((r.sync.noop_ms, r.sync.noop_cpu_ms), 1)
    });
    add("sync, one file changed (ms)", "≤ 200", &|r| {
        pair((r.sync.one_ms, r.sync.one_cpu_ms), 1)
    });
    add("sync, 100 files added (ms)", "", &|r| {
        pair((r.sync.add_ms, r.sync.add_cpu_ms), 1)
    });
    add("ask p50 (ms, in-process)", "", &|r| pair(ask(r, 50.0), 3));
    add("ask p99 (ms, in-process)", "≤ 5", &|r| {
        pair(ask(r, 99.0), 3)
    });
    add("ledger question p50 / p99 (ms, in-process)", "", &|r| {
        format!(
            "{:.3} / {:.3}",
            pct(&r.serve.ledger_latencies_ms, 50.0),
            pct(&r.serve.ledger_latencies_ms, 99.0)
        )
    });
    add("peer query p50 (ms)", "", &|r| {
        peer_q(r, 50.0).map_or("–".into(), |q| pair(q, 3))
    });
    add("peer query p99 (ms)", "", &|r| {
        peer_q(r, 99.0).map_or("–".into(), |q| pair(q, 3))
    });
    add("query p50 quarry/peer", "", &|r| {
        ratio(ask(r, 50.0), peer_q(r, 50.0))
    });
    add("query p99 quarry/peer", "≤ 0.1", &|r| {
        ratio(ask(r, 99.0), peer_q(r, 99.0))
    });
    add("source sentence in top 3: quarry / peer", "", &|r| {
        let peer = r
            .peer
            .as_ref()
            .map_or("–".into(), |p| p.top3_source_hits.to_string());
        format!("{} / {peer} of {}", r.serve.top3_source_hits, r.questions)
    });
    add("questions answered (not abstained)", "", &|r| {
        format!("{} of {}", r.serve.answered, r.questions)
    });
    add("commitments extraction (MB/s)", "", &|r| {
        format!("{:.0}", r.extract_mb_s)
    });
    add("serve RSS after open + sync (MB)", "≤ 300", &|r| {
        format!("{:.0} (anon {:.0})", r.serve.rss_mb, r.serve.anon_mb)
    });
    add("serve RSS after the questions (MB)", "", &|r| {
        format!("{:.0}", r.serve.rss_after_mb)
    });
    add("serve open / sync at start (ms)", "", &|r| {
        format!("{:.0} / {:.0}", r.serve.open_ms, r.serve.sync_ms)
    });
    add("`quarry ask` fresh process, median (ms)", "≤ 100", &|r| {
        pair((r.startup_ms, r.startup_cpu_ms), 0)
    });
    add("peer peak RSS (MB)", "", &|r| {
        r.peer
            .as_ref()
            .map_or("–".into(), |p| format!("{:.0}", p.peak_rss_mb))
    });
    add("peer passages (same as quarry)", "", &|r| {
        r.peer
            .as_ref()
            .map_or("–".into(), |p| (p.passages == r.passages).to_string())
    });

    let mut out = String::new();
    let title = if label.is_empty() {
        String::new()
    } else {
        format!(" — {label}")
    };
    out.push_str(&format!("## quarry-bench{title}\n\n"));
    out.push_str(&format!(
        "{} cores, load average {} at the end; quarry {}; peer: bm25s (Python), same passages and questions.\n\n",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg").unwrap_or_default().split(' ').take(3).collect::<Vec<_>>().join(" "),
        env!("CARGO_PKG_VERSION")
    ));
    out.push_str("| measure | ");
    out.push_str(&rows.iter().map(size_name).collect::<Vec<_>>().join(" | "));
    out.push_str(" | target |\n|---|");
    out.push_str(&"---:|".repeat(rows.len()));
    out.push_str("---|\n");
    for (name, target, cells) in lines {
        out.push_str(&format!("| {name} | {} | {target} |\n", cells.join(" | ")));
    }
    out
}
