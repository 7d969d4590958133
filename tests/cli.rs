//! The `extract` command: one test per flag, and its errors.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

const SEED: &str = "seeds/000_7f48c9e5c63e1f81.txt";

/// `extract ARGS` started with its three streams piped.
fn spawn(args: &[&str]) -> std::process::Child {
    Command::new(env!("CARGO_BIN_EXE_extract"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

fn extract(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = spawn(args);
    let mut pipe = child.stdin.take().unwrap();
    if let Some(bytes) = stdin {
        pipe.write_all(bytes).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert!(out.status.success(), "stderr: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("isnad-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn file_argument() {
    let doc = json(&extract(&[SEED], None));
    assert_eq!(doc["schema"], "isnad.v1");
    assert_eq!(doc["meta"]["date"], "2025-11-28");
    assert!(doc["mentions"].as_array().unwrap().len() > 100);
}

#[test]
fn stdin_when_no_file() {
    let doc = json(&extract(&[], Some("زار ماكرون الصين".as_bytes())));
    assert_eq!(doc["mentions"][doc["mentions"].as_array().unwrap().len() - 1]["entity"], "china");
}

#[test]
fn dash_reads_stdin() {
    let doc = json(&extract(&["-"], Some("وByteDance".as_bytes())));
    assert_eq!(doc["mentions"][0]["text"], "ByteDance");
}

#[test]
fn several_files_give_json_lines_with_ids() {
    let a = tmp("a.txt");
    std::fs::write(&a, "الصين").unwrap();
    let out = extract(&[a.to_str().unwrap(), SEED], None);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], a.to_str().unwrap());
    assert_eq!(lines[1]["id"], SEED);
    assert_eq!(lines[0]["mentions"][0]["entity"], "china");
}

#[test]
fn output_flag_writes_the_file() {
    let path = tmp("out.json");
    let out = extract(&["-o", path.to_str().unwrap(), SEED], None);
    assert!(out.status.success() && out.stdout.is_empty());
    let doc: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    assert_eq!(doc["schema"], "isnad.v1");
}

#[test]
fn output_flag_leaves_the_old_file_on_error() {
    let path = tmp("kept.json");
    std::fs::write(&path, "old").unwrap();
    let out = extract(&["--output", path.to_str().unwrap(), "no/such/file.txt"], None);
    assert!(!out.status.success());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
}

#[test]
fn pretty_flag_indents() {
    let out = extract(&["--pretty"], Some("الصين".as_bytes()));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("{\n  \"schema\": \"isnad.v1\""));
}

#[test]
fn help_and_version() {
    let help = extract(&["--help"], None);
    assert!(help.status.success() && String::from_utf8_lossy(&help.stdout).contains("--gazetteer"));
    let version = extract(&["--version"], None);
    assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("extract {}", env!("CARGO_PKG_VERSION")));
}

#[test]
fn gazetteer_flag_adds_entities() {
    let g = tmp("mine.tsv");
    std::fs::write(&g, "acme\tORG\tcompany\tAcme\tأكمي\t-\t-\tmine\n").unwrap();
    let doc = json(&extract(&["-g", g.to_str().unwrap()], Some("قالت شركة أكمي".as_bytes())));
    assert_eq!(doc["entities"][0]["id"], "acme");
}

#[test]
fn bad_gazetteer_names_path_and_line() {
    let g = tmp("bad.tsv");
    std::fs::write(&g, "# ok\nacme\tORG\n").unwrap();
    let out = extract(&["--gazetteer", g.to_str().unwrap(), SEED], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(stderr(&out).trim(), format!("extract: {}:2: expected 8 TAB-separated fields, found 2", g.display()));
}

#[test]
fn no_builtin_flag() {
    let doc = json(&extract(&["--no-builtin"], Some("الصين".as_bytes())));
    assert_eq!(doc["mentions"].as_array().unwrap().len(), 0);
}

#[test]
fn max_bytes_flag() {
    let out = extract(&["--max-bytes", "10", SEED], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("more than the limit of 10 bytes"), "{}", stderr(&out));
}

#[test]
fn schema_flag_prints_the_json_schema() {
    let schema = json(&extract(&["--schema"], None));
    assert_eq!(schema["title"], "isnad.v1");
}

#[test]
fn invalid_utf8_names_file_and_byte() {
    let path = tmp("bad.txt");
    std::fs::write(&path, b"line one\nline \xc3\x28 two").unwrap();
    let out = extract(&[path.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(stderr(&out).trim(), format!("extract: {}: invalid UTF-8 at byte 14 (line 2)", path.display()));
}

#[test]
fn missing_file_is_an_error_not_a_panic() {
    let out = extract(&["no/such/file.txt"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.starts_with("extract: no/such/file.txt: ") && !err.contains("panicked"), "{err}");
}

#[test]
fn closed_stdout_ends_quietly() {
    let big = "قال الرئيس إن الصين والولايات المتحدة. ".repeat(20_000);
    let mut child = Command::new(env!("CARGO_BIN_EXE_extract"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(big.as_bytes()).unwrap();
    drop(stdin);
    drop(child.stdout.take()); // the reader goes away
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "status {:?}", out.status);
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
}

#[test]
fn unknown_flag_is_a_usage_error() {
    let out = extract(&["--frobnicate"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--frobnicate"));
}

fn lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

#[test]
fn jsonl_flag_gives_one_result_a_line_in_order() {
    let input = "{\"id\": 7, \"text\": \"زار ماكرون الصين\", \"url\": \"http://x\", \"n\": 1.50}\n{\"id\": \"b\", \"text\": \"وByteDance\"}\n";
    let out = extract(&["--jsonl", "-j", "2"], Some(input.as_bytes()));
    assert!(out.status.success(), "{}", stderr(&out));
    let recs = lines(&out);
    assert_eq!(recs.len(), 2);
    assert_eq!(recs[0]["id"], 7);
    assert_eq!(recs[0]["schema"], "isnad.v1");
    // Other fields pass through untouched, in order, numbers as written.
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.lines().next().unwrap().ends_with("\"fields\":{\"url\":\"http://x\",\"n\":1.50}}"), "{text}");
    assert_eq!(recs[1]["id"], "b");
    assert_eq!(recs[1]["mentions"][0]["entity"], "bytedance");
    assert_eq!(stderr(&out).trim(), "extract: 2 lines, 0 failed");
}

#[test]
fn jsonl_bad_lines_become_error_records_and_the_run_goes_on() {
    let mut input = Vec::new();
    input.extend_from_slice(b"{\"id\": 1, \"text\": \"\xd8\xa7\"}\n");
    input.extend_from_slice(b"not json\n");
    input.extend_from_slice(b"{\"id\": 3}\n");
    input.extend_from_slice(b"{\"id\": 4, \"text\": 5}\n");
    input.extend_from_slice(b"{\"id\": 5, \"text\": \"\xff\"}\n");
    input.extend_from_slice(b"{\"id\": 6, \"text\": \"ok\"}\n");
    let out = extract(&["--jsonl"], Some(&input));
    assert_eq!(out.status.code(), Some(1));
    let recs = lines(&out);
    assert_eq!(recs.len(), 6, "one output line per input line");
    assert_eq!(recs[0]["id"], 1);
    assert!(recs[0].get("error").is_none());
    assert_eq!(recs[1]["line"], 2);
    assert!(recs[1]["error"].as_str().unwrap().starts_with("invalid JSON object"));
    assert_eq!(
        (recs[2]["id"].clone(), recs[2]["error"].clone()),
        (serde_json::json!(3), serde_json::json!("no \"text\" field"))
    );
    assert_eq!(recs[3]["error"], "the \"text\" field is not a string");
    assert_eq!(recs[4]["error"], "invalid UTF-8 at byte 19 of the line");
    assert_eq!(recs[4]["file"], "<stdin>");
    assert_eq!(recs[5]["id"], 6);
    assert_eq!(stderr(&out).trim(), "extract: 6 lines, 4 failed");
}

#[test]
fn jsonl_field_names_are_configurable() {
    let out = extract(
        &["--jsonl", "--id-field", "doc", "--text-field", "body"],
        Some("{\"doc\": \"x\", \"body\": \"الصين\"}\n".as_bytes()),
    );
    let recs = lines(&out);
    assert_eq!(recs[0]["id"], "x");
    assert_eq!(recs[0]["mentions"][0]["entity"], "china");
}

#[test]
fn jsonl_jobs_flag_does_not_change_the_output() {
    // Enough lines for many batches, out of order across the workers.
    let input: String =
        (0..3000).map(|i| format!("{{\"id\": {i}, \"text\": \"قال الوزير إن الصين {i}\"}}\n")).collect();
    // A file: `extract` writes all of stdin before it reads the output.
    let path = tmp("many.jsonl");
    std::fs::write(&path, input).unwrap();
    let one = extract(&["--jsonl", "-j", "1", path.to_str().unwrap()], None);
    let two = extract(&["--jsonl", "--jobs", "3", path.to_str().unwrap()], None);
    assert!(one.status.success() && two.status.success());
    assert_eq!(one.stdout, two.stdout);
    let recs = lines(&one);
    assert_eq!(recs.len(), 3000);
    assert!(recs.iter().enumerate().all(|(i, r)| r["id"] == i));
}

#[test]
fn jsonl_streams_each_result_before_the_input_ends() {
    let mut child = spawn(&["--jsonl", "--quiet", "-j", "2"]);
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufRead::lines(std::io::BufReader::new(stdout)) {
            let _ = tx.send(line.unwrap());
        }
    });
    for i in 0..3 {
        writeln!(stdin, "{{\"id\": {i}, \"text\": \"الصين\"}}").unwrap();
        stdin.flush().unwrap();
        let line = rx.recv_timeout(std::time::Duration::from_secs(20));
        if line.is_err() {
            let _ = child.kill();
        }
        let rec: serde_json::Value = serde_json::from_str(&line.expect("a result while stdin is open")).unwrap();
        assert_eq!(rec["id"], i);
    }
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(rx.recv().is_err(), "one line out per line in");
}

#[test]
fn jsonl_reads_directories_and_quiet_flag_silences_stderr() {
    let dir = tmp("corpus");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("b.jsonl"), "{\"id\": \"b\", \"text\": \"ب\"}\n").unwrap();
    std::fs::write(dir.join("sub/a.jsonl"), "{\"id\": \"a\", \"text\": \"أ\"}\n").unwrap();
    std::fs::write(dir.join("notes.txt"), "not read").unwrap();
    let out = extract(&["--jsonl", "--quiet", dir.to_str().unwrap()], None);
    assert!(out.status.success());
    assert!(out.stderr.is_empty());
    let ids: Vec<String> = lines(&out).iter().map(|r| r["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids, ["b", "a"]);
}

#[test]
fn lossy_flag_repairs_invalid_utf8() {
    let mut input = vec![0xff];
    input.extend_from_slice("الصين".as_bytes());
    let out = extract(&["--lossy"], Some(&input));
    let doc = json(&out);
    assert_eq!(doc["mentions"][0]["text"], "الصين");
    assert_eq!(doc["mentions"][0]["start"], 1, "offsets count in the repaired text");
}

#[test]
fn jsonl_duplicate_keys_keep_their_first_place_and_last_value() {
    let out = extract(&["--jsonl"], Some(b"{\"a\":1,\"id\":1,\"text\":\"x\",\"b\":2,\"a\":{\"c\":3},\"id\":7}\n"));
    assert!(out.status.success());
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(line.starts_with("{\"id\":7,"), "{line}");
    assert!(line.ends_with(",\"fields\":{\"a\":{\"c\":3},\"b\":2}}\n"), "{line}");
}

#[test]
fn jsonl_escaped_texts_one_after_another_are_each_their_own() {
    // The unescaped texts share a buffer: a shorter one must not keep the
    // end of the one before.
    let input = "{\"id\": 1, \"text\": \"x \\u0627\\u0644\\u0635\\u064a\\u0646\\n\"}\n\
                 {\"id\": 2, \"text\": \"\\u0078\\n\"}\n\
                 {\"id\": 3, \"text\": 7}\n\
                 {\"id\": 4, \"text\": \"y\\tالصين\"}\n";
    let out = extract(&["--jsonl", "-j1"], Some(input.as_bytes()));
    let recs = lines(&out);
    assert_eq!(recs.len(), 4);
    assert_eq!(recs[0]["mentions"][0]["entity"], "china");
    assert_eq!(recs[0]["mentions"][0]["byte_start"], 2);
    assert_eq!(recs[1]["mentions"], serde_json::json!([]));
    assert_eq!(recs[2]["error"], "the \"text\" field is not a string");
    assert_eq!(recs[3]["mentions"][0]["byte_start"], 2);
}

#[test]
fn jsonl_keys_with_escapes_are_read_unescaped() {
    // `t\u0065xt` is `text`, `\u0069d` is `id`, `a\u0062` is `ab`.
    let input =
        "{\"\\u0069d\":1,\"t\\u0065xt\":\"\u{0627}\u{0644}\u{0635}\u{064a}\u{0646}\",\"ab\":1,\"a\\u0062\":2}\n";
    let out = extract(&["--jsonl"], Some(input.as_bytes()));
    let recs = lines(&out);
    assert_eq!(recs[0]["id"], 1, "{}", recs[0]);
    assert_eq!(recs[0]["mentions"][0]["entity"], "china");
    assert_eq!(recs[0]["fields"], serde_json::json!({"ab": 2}));
}

#[test]
fn jsonl_text_field_escaped_nested_or_shared_with_the_id() {
    let input = "{\"text\": {\"a\": [1, \"x\"]}, \"id\": 1}\n\
                 {\"id\": 2, \"text\": \"\\u0627\\u0644\\u0635\\u064a\\u0646\\n\"}\n\
                 {\"id\": 3, \"text\": \"x\"} trailing\n\
                 {\"text\": \"الصين\"}\n";
    let out = extract(&["--jsonl"], Some(input.as_bytes()));
    let recs = lines(&out);
    assert_eq!(recs.len(), 4);
    assert_eq!(
        (recs[0]["id"].clone(), recs[0]["error"].clone()),
        (1.into(), "the \"text\" field is not a string".into())
    );
    assert_eq!(recs[1]["mentions"][0]["text"], "الصين");
    assert_eq!(recs[1]["mentions"][0]["end"], 5);
    assert!(recs[2]["error"].as_str().unwrap().contains("trailing characters"), "{}", recs[2]);
    assert_eq!(recs[3]["mentions"][0]["entity"], "china");
    // One field for both: the text is kept as written for the id, and read.
    let same = extract(&["--jsonl", "--id-field", "text"], Some("{\"text\": \"الصين\"}\n".as_bytes()));
    let rec = &lines(&same)[0];
    assert_eq!(rec["id"], "الصين");
    assert_eq!(rec["mentions"][0]["entity"], "china");
}
