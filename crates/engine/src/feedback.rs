//! What readers did with answers: every question asked and every 👍 / 👎, one JSON line each in
//! `data_dir/feedback.jsonl`, and the summary `quarry feedback` prints. Plain data; the surfaces
//! that collect it (Discord) only call [`append`].

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// File name of the feedback log inside the data folder.
pub const FILE_NAME: &str = "feedback.jsonl";

/// The feedback log of a data folder.
pub fn path_in(data_dir: &Path) -> PathBuf {
    data_dir.join(FILE_NAME)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    Up,
    Down,
}

/// One line of the log: a question asked (`vote` is `None`, `answered` says whether quarry
/// answered) or a vote on an earlier answer (same `answer_id`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    pub time: DateTime<Utc>,
    /// Who asked or voted (a Discord user id, as text).
    pub user: String,
    pub question: String,
    /// Identifies the answer a vote is about (the id of the interaction or message it answered).
    pub answer_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answered: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vote: Option<Vote>,
}

impl Record {
    pub fn asked(user: &str, question: &str, answer_id: &str, answered: bool) -> Record {
        Record {
            time: Utc::now(),
            user: user.into(),
            question: question.into(),
            answer_id: answer_id.into(),
            answered: Some(answered),
            vote: None,
        }
    }

    pub fn voted(user: &str, question: &str, answer_id: &str, vote: Vote) -> Record {
        Record {
            time: Utc::now(),
            user: user.into(),
            question: question.into(),
            answer_id: answer_id.into(),
            answered: None,
            vote: Some(vote),
        }
    }
}

/// Appends one record as one line (a single write, so concurrent appends do not interleave).
pub fn append(path: &Path, record: &Record) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut line = serde_json::to_string(record).map_err(std::io::Error::other)?;
    line.push('\n');
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)?;
    file.write_all(line.as_bytes())
}

/// Reads the log; a missing file is empty. Lines that do not parse are counted, not fatal.
pub fn load(path: &Path) -> std::io::Result<(Vec<Record>, usize)> {
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((Vec::new(), 0)),
        Err(e) => return Err(e),
    };
    let mut records = Vec::new();
    let mut broken = 0;
    for line in std::io::BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(&line) {
            Ok(record) => records.push(record),
            Err(_) => broken += 1,
        }
    }
    Ok((records, broken))
}

/// A question and how often it was asked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Count {
    pub question: String,
    pub count: usize,
}

/// An answer readers voted on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Voted {
    pub answer_id: String,
    pub question: String,
    pub up: usize,
    pub down: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub questions: usize,
    pub votes: usize,
    /// Most asked first (questions compared case- and space-insensitively).
    pub top_questions: Vec<Count>,
    /// Questions quarry abstained on, most asked first.
    pub unanswered: Vec<Count>,
    /// Answers with more 👎 than 👍, most down-voted first.
    pub down_voted: Vec<Voted>,
}

/// A question as compared with others: case, spacing and closing punctuation do not count.
fn normalise(question: &str) -> String {
    question
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['?', '!', '.', ' '])
        .to_lowercase()
}

/// The questions asked in `(since, until]` (everything up to `until` without `since`) that quarry
/// abstained on, each once as first written: most asked first, then the earliest asked. At most
/// `limit`.
pub fn unanswered_between(
    records: &[Record],
    since: Option<DateTime<Utc>>,
    until: DateTime<Utc>,
    limit: usize,
) -> Vec<String> {
    let mut asked: Vec<(String, String, usize)> = Vec::new();
    let in_window = |t: DateTime<Utc>| since.is_none_or(|s| t > s) && t <= until;
    for record in records {
        let abstained = record.vote.is_none() && record.answered == Some(false);
        if !abstained || !in_window(record.time) || record.question.trim().is_empty() {
            continue;
        }
        let key = normalise(&record.question);
        match asked.iter_mut().find(|(k, _, _)| *k == key) {
            Some((_, _, count)) => *count += 1,
            None => asked.push((key, quarry_text::one_line(&record.question), 1)),
        }
    }
    // Stable: among equally asked questions the earliest stays first.
    asked.sort_by_key(|a| std::cmp::Reverse(a.2));
    asked
        .into_iter()
        .take(limit)
        .map(|(_, question, _)| question)
        .collect()
}

/// Counts questions, abstentions and votes; each list holds at most `limit` entries.
pub fn summarize(records: &[Record], limit: usize) -> Summary {
    let mut asked: HashMap<String, (String, usize)> = HashMap::new();
    let mut unanswered: HashMap<String, (String, usize)> = HashMap::new();
    let mut question_of: HashMap<&str, &str> = HashMap::new();
    let mut votes: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut summary = Summary::default();
    for record in records {
        match record.vote {
            None => {
                summary.questions += 1;
                question_of.insert(&record.answer_id, &record.question);
                let key = normalise(&record.question);
                asked
                    .entry(key.clone())
                    .or_insert_with(|| (record.question.clone(), 0))
                    .1 += 1;
                if record.answered == Some(false) {
                    unanswered
                        .entry(key)
                        .or_insert_with(|| (record.question.clone(), 0))
                        .1 += 1;
                }
            }
            Some(vote) => {
                summary.votes += 1;
                if !record.question.is_empty() {
                    question_of
                        .entry(&record.answer_id)
                        .or_insert(&record.question);
                }
                let tally = votes.entry(&record.answer_id).or_default();
                match vote {
                    Vote::Up => tally.0 += 1,
                    Vote::Down => tally.1 += 1,
                }
            }
        }
    }
    let ranked = |map: HashMap<String, (String, usize)>| {
        let mut counts: Vec<Count> = map
            .into_values()
            .map(|(question, count)| Count { question, count })
            .collect();
        counts.sort_by(|a, b| {
            b.count
                .cmp(&a.count)
                .then_with(|| a.question.cmp(&b.question))
        });
        counts.truncate(limit);
        counts
    };
    summary.top_questions = ranked(asked);
    summary.unanswered = ranked(unanswered);
    let mut down: Vec<Voted> = votes
        .into_iter()
        .filter(|(_, (up, down))| down > up)
        .map(|(id, (up, down))| Voted {
            answer_id: id.to_string(),
            question: question_of
                .get(id)
                .map(|q| q.to_string())
                .unwrap_or_default(),
            up,
            down,
        })
        .collect();
    down.sort_by(|a, b| {
        (b.down - b.up)
            .cmp(&(a.down - a.up))
            .then_with(|| a.answer_id.cmp(&b.answer_id))
    });
    down.truncate(limit);
    summary.down_voted = down;
    summary
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appends_and_summarises() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = path_in(dir.path());
        append(&path, &Record::asked("1", "Who is Rubio?", "a1", true)).expect("append");
        append(&path, &Record::asked("2", "who is  rubio?", "a2", true)).expect("append");
        append(
            &path,
            &Record::asked("2", "Capital of France?", "a3", false),
        )
        .expect("append");
        append(&path, &Record::voted("3", "", "a1", Vote::Down)).expect("append");
        append(&path, &Record::voted("4", "Who is Rubio?", "a2", Vote::Up)).expect("append");
        std::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(b"not json\n"))
            .expect("w");
        let (records, broken) = load(&path).expect("load");
        assert_eq!((records.len(), broken), (5, 1));
        let summary = summarize(&records, 10);
        assert_eq!(summary.questions, 3);
        assert_eq!(summary.votes, 2);
        assert_eq!(
            summary.top_questions[0],
            Count {
                question: "Who is Rubio?".into(),
                count: 2
            }
        );
        assert_eq!(
            summary.unanswered,
            vec![Count {
                question: "Capital of France?".into(),
                count: 1
            }]
        );
        assert_eq!(summary.down_voted.len(), 1);
        assert_eq!(summary.down_voted[0].question, "Who is Rubio?");
        assert_eq!(summary.down_voted[0].answer_id, "a1");
    }

    #[test]
    fn unanswered_questions_of_a_window_are_distinct_most_asked_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = path_in(dir.path());
        let at = |hour: u32| {
            chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 11, 23, hour, 0, 0)
                .single()
                .expect("time")
        };
        let asked = |hour, question: &str, answered| Record {
            time: at(hour),
            ..Record::asked("1", question, &format!("a{hour}"), answered)
        };
        for record in [
            asked(7, "Before the window?", false),
            asked(9, "Who funds the reserve?", false),
            asked(10, "What is Project Vault?", true),
            asked(11, "Is lithium rising?", false),
            asked(12, "who funds the  reserve", false),
            Record::voted("2", "Who pays?", "a13", Vote::Down),
            asked(20, "After the window?", false),
        ] {
            append(&path, &record).expect("append");
        }
        let (records, _) = load(&path).expect("load");
        assert_eq!(
            unanswered_between(&records, Some(at(8)), at(19), 3),
            ["Who funds the reserve?", "Is lithium rising?"]
        );
        assert_eq!(unanswered_between(&records, None, at(19), 1).len(), 1);
        assert!(unanswered_between(&records, Some(at(12)), at(19), 3).is_empty());
    }

    #[test]
    fn missing_log_is_empty() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(load(&path_in(dir.path())).expect("load"), (Vec::new(), 0));
    }
}
