//! The `quarry` binary: JSON contracts, exit codes, and crash safety of `quarry index`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

fn quarry(corpus: &Path, data: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_quarry"));
    command.arg("--corpus").arg(corpus).arg("--data").arg(data);
    // No config.toml in the working folder: defaults apply.
    command.current_dir(data);
    command
}

fn repo_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

fn run(command: &mut Command) -> Output {
    command.output().expect("quarry runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn ask_json_prints_the_contract_object() {
    let data = tempfile::tempdir().expect("data");
    let output =
        run(quarry(&repo_corpus(), data.path()).args(["ask", "--json", "What is Project Vault?"]));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answer: serde_json::Value = serde_json::from_str(&stdout(&output)).expect("JSON");
    for key in ["question", "answered", "answer", "summary", "citations"] {
        assert!(answer.get(key).is_some(), "missing {key}: {answer}");
    }
    let citation = &answer["citations"][0];
    for key in ["n", "doc", "title", "source", "url", "quote", "score"] {
        assert!(
            citation.get(key).is_some(),
            "missing citations[].{key}: {citation}"
        );
    }
    assert_eq!(citation["n"], 1);
    assert!(citation["quote"]
        .as_str()
        .is_some_and(|q| q.contains("Project Vault")));
}

#[test]
fn ask_stdin_answers_one_json_line_per_question_in_order() {
    let data = tempfile::tempdir().expect("data");
    let mut child = quarry(&repo_corpus(), data.path())
        .args(["ask", "--json", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn");
    let questions = [
        "What is Project Vault?",
        "What is the capital of France?",
        "Where was the second B5+1 Business Forum held?",
    ];
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(questions.repeat(10).join("\n").as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("wait");
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    // Answered on every core, written in the order asked.
    assert_eq!(lines.len(), 30);
    for (line, question) in lines.iter().zip(questions.iter().cycle()) {
        assert_eq!(line["question"], *question);
    }
    assert_eq!(lines[1]["answered"], false);
    assert_eq!(lines[2]["answered"], true);
    assert_eq!(lines[29]["answered"], true);
}

#[test]
fn ask_stdin_names_an_unreadable_line_and_keeps_the_answers_before_it() {
    let data = tempfile::tempdir().expect("data");
    let mut child = quarry(&repo_corpus(), data.path())
        .args(["ask", "--json", "--stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut input = b"What is Project Vault?\nWhat is the capital of France?\n".to_vec();
    input.extend_from_slice(b"Who \xff\xfe signed?\n");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&input)
        .expect("write");
    let output = child.wait_with_output().expect("wait");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("line 3"));
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["question"], "What is Project Vault?");
}

#[test]
fn index_and_check_exit_non_zero_when_a_file_is_skipped() {
    let corpus = tempfile::tempdir().expect("corpus");
    let data = tempfile::tempdir().expect("data");
    std::fs::write(
        corpus.path().join("good.md"),
        "Lithium output in Chile rose.",
    )
    .expect("write");
    std::fs::write(corpus.path().join("bad.md"), "+++\ntitle = \"T\"\n").expect("write");
    let index = run(quarry(corpus.path(), data.path()).arg("index"));
    assert_eq!(index.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&index.stderr).contains("bad.md"));
    assert!(stdout(&index).contains("1 added"), "{}", stdout(&index));
    let check = run(quarry(corpus.path(), data.path()).arg("check"));
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("bad.md"));
    let ask =
        run(quarry(corpus.path(), data.path()).args(["ask", "Where did lithium output rise?"]));
    assert!(ask.status.success(), "other commands warn and carry on");
    assert!(String::from_utf8_lossy(&ask.stderr).contains("warning: skipped"));
}

#[test]
fn a_malformed_config_is_an_error_naming_file_line_and_key() {
    let data = tempfile::tempdir().expect("data");
    let config = data.path().join("quarry.toml");
    std::fs::write(&config, "[answer]\ncitatons = 3\n").expect("write");
    let output = run(quarry(&repo_corpus(), data.path())
        .arg("--config")
        .arg(&config)
        .arg("sources"));
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("quarry.toml:2:") && stderr.contains("citatons"),
        "{stderr}"
    );
}

#[test]
fn killing_index_at_any_moment_leaves_an_index_the_next_run_repairs() {
    let corpus = tempfile::tempdir().expect("corpus");
    let words = [
        "lithium", "cobalt", "nickel", "graphite", "copper", "output", "rose", "fell", "mine",
        "port",
    ];
    for i in 0..1500 {
        let body: Vec<String> = (0..40)
            .map(|j| format!("{} {} {}.", words[(i + j) % 10], words[(i * 7 + j) % 10], i))
            .collect();
        std::fs::write(corpus.path().join(format!("a{i:04}.md")), body.join(" ")).expect("write");
    }
    for delay_ms in [20, 100, 250, 450, 650] {
        let data = tempfile::tempdir().expect("data");
        let mut child = quarry(corpus.path(), data.path())
            .arg("index")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(Duration::from_millis(delay_ms));
        child.kill().expect("kill -9");
        child.wait().expect("reap");
        let repaired = run(quarry(corpus.path(), data.path()).arg("index"));
        assert!(
            repaired.status.success(),
            "after kill at {delay_ms} ms: {}",
            String::from_utf8_lossy(&repaired.stderr)
        );
        let sources = run(quarry(corpus.path(), data.path()).args(["sources", "--json"]));
        assert_eq!(
            stdout(&sources).lines().count(),
            1500,
            "after kill at {delay_ms} ms"
        );
        let again = run(quarry(corpus.path(), data.path()).arg("index"));
        assert!(
            stdout(&again).contains("0 added, 0 updated, 0 removed, 1500 unchanged"),
            "{}",
            stdout(&again)
        );
    }
}

#[test]
fn a_blank_question_or_search_is_an_error_not_an_answer() {
    let data = tempfile::tempdir().expect("data");
    for (args, told) in [
        (["ask", "  "], "give a question"),
        (["search", ""], "give words to search for"),
    ] {
        let output = run(quarry(&repo_corpus(), data.path()).args(args));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?}: {}", stdout(&output));
        assert!(stdout(&output).is_empty(), "{args:?}");
        assert!(stderr.contains(told), "{args:?}: {stderr}");
    }
}

#[test]
fn an_error_names_the_folder_and_its_cause_once() {
    let folder = tempfile::tempdir().expect("folder");
    let data = folder.path().join("data");
    std::fs::write(&data, "a file where the data folder should be").expect("file");
    let output = run(quarry(&repo_corpus(), &data)
        .current_dir(folder.path())
        .args(["ask", "What is Project Vault?"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(stderr.contains(&*data.to_string_lossy()), "{stderr}");
    assert_eq!(stderr.matches("Not a directory").count(), 1, "{stderr}");
}

#[test]
fn a_damaged_index_is_an_error_the_user_sees_not_an_empty_answer() {
    let data = tempfile::tempdir().expect("data");
    let built = run(quarry(&repo_corpus(), data.path()).arg("index"));
    assert!(built.status.success());
    // Stored passages garbled on disk, as a failing disk or a stray editor would leave them.
    for entry in std::fs::read_dir(data.path().join("index")).expect("index folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_some_and(|e| e == "store") {
            // Every compressed block, whatever the order the merge stacked them in; the last
            // bytes (the store's block index and footer) are kept, so the index opens and a
            // passage fails to read. The user is told, never answered "Not in the corpus".
            let mut bytes = std::fs::read(&path).expect("read");
            let blocks_end = bytes.len().saturating_sub(512);
            bytes[..blocks_end].fill(0x5a);
            std::fs::write(&path, bytes).expect("garble");
        }
    }
    let output = run(quarry(&repo_corpus(), data.path()).args(["ask", "What is Project Vault?"]));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "answered from a damaged index");
    assert!(!stdout(&output).contains("Not in the corpus"));
    assert!(stderr.contains("quarry index"), "{stderr}");
}
