//! Small things a desk session tripped over, on the command line: `article edit`,
//! `history --json`, the legend of `claims`, CSV for German spreadsheets, one spelling of
//! statuses in machine-readable output, the change log with long texts, UTF-16 files without
//! a byte-order mark, and `open` without a terminal.

mod common;
use common::*;
use serde_json::Value;
use std::fs;

#[test]
fn article_edit_corrects_the_metadata_and_logs_each_field() {
    let (_tmp, dir) = demo_project();
    let r = ok(fd(
        &dir,
        &[
            "article",
            "edit",
            "--title",
            "Neuer Titel",
            "--url",
            "https://factdesk.example/neu",
            "--publisher",
            "dpa",
            "--date",
            "2023-10-18",
            "--author",
            "A. Autorin",
        ],
    ));
    assert!(r.stdout.contains("Neuer Titel"), "{}", r.stdout);
    let v: Value =
        serde_json::from_str(&ok(fd(&dir, &["article", "ls", "--json"])).stdout).unwrap();
    let a = &v[0];
    assert_eq!(
        (
            a["title"].as_str(),
            a["url"].as_str(),
            a["publisher"].as_str()
        ),
        (
            Some("Neuer Titel"),
            Some("https://factdesk.example/neu"),
            Some("dpa")
        )
    );
    assert_eq!(
        (a["date"].as_str(), a["author"].as_str()),
        (Some("2023-10-18"), Some("A. Autorin"))
    );
    let id = a["id"].as_str().unwrap().to_string();
    let log: Vec<Value> =
        serde_json::from_str(&ok(fd(&dir, &["history", "--json"])).stdout).unwrap();
    let actions: Vec<&str> = log
        .iter()
        .filter(|e| e["article"] == id.as_str())
        .filter_map(|e| e["action"].as_str())
        .collect();
    for f in ["title", "url", "publisher", "date", "author"] {
        assert!(
            actions.contains(&format!("article.{f}").as_str()),
            "{actions:?}"
        );
    }
    // By id prefix too; a bad date and nothing to change are user errors that change nothing.
    ok(fd(&dir, &["article", "edit", &id[..4], "--language", "en"]));
    let before = snapshot(&dir);
    let r = fd(&dir, &["article", "edit", "--date", "gestern"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("YYYY-MM-DD"), "{}", r.stderr);
    assert_eq!(fd(&dir, &["article", "edit"]).code, 1);
    assert!(snapshot(&dir) == before);
}

#[test]
fn history_json_and_the_claims_legend() {
    let (_tmp, dir) = demo_project();
    ok(fd(
        &dir,
        &["verdict", "set", "3", "--status", "needs review"],
    ));
    let all: Vec<Value> =
        serde_json::from_str(&ok(fd(&dir, &["history", "--json"])).stdout).unwrap();
    let three: Vec<Value> =
        serde_json::from_str(&ok(fd(&dir, &["history", "3", "--json"])).stdout).unwrap();
    assert!(all.len() > three.len() && !three.is_empty());
    assert!(three.iter().all(|e| e["claim"] == 3));
    // A claim that never was is named, not an empty history with exit 0.
    let missing = fd(&dir, &["history", "42"]);
    assert_eq!(missing.code, 1, "{}", missing.stderr);
    assert!(missing.stderr.contains("no claim 42"), "{}", missing.stderr);
    let last = three.last().unwrap();
    assert_eq!(
        (
            last["action"].as_str(),
            last["from"].as_str(),
            last["to"].as_str()
        ),
        (Some("verdict.status"), Some("open"), Some("needs-review"))
    );
    let r = ok(fd(&dir, &["claims"]));
    let legend = r.stderr.lines().last().unwrap();
    assert!(
        r.stdout.lines().all(|l| !l.starts_with('(')),
        "the legend is not part of the list: {}",
        r.stdout
    );
    assert!(
        legend.contains("? candidate") && legend.contains("* kept") && legend.contains("score"),
        "{legend}"
    );
}

#[test]
fn statuses_have_one_spelling_in_machine_readable_output() {
    let (tmp, dir) = demo_project();
    ok(fd(
        &dir,
        &["verdict", "set", "3", "--status", "needs review"],
    ));
    ok(fd(
        &dir,
        &["verdict", "set", "4", "--status", "in-progress"],
    ));
    let toml = fs::read_to_string(dir.join("claims/0003.toml")).unwrap();
    assert!(toml.contains("status = \"needs-review\""));
    let status = |c: &Value| c["status"].as_str().unwrap().to_string();
    let claims = claims_json(&dir);
    let by = |id: u64| claims.iter().find(|c| c["id"] == id).unwrap();
    assert_eq!(
        (status(by(3)), status(by(4))),
        ("needs-review".into(), "in-progress".into())
    );
    let show: Value =
        serde_json::from_str(&ok(fd(&dir, &["claim", "show", "3", "--json"])).stdout).unwrap();
    assert_eq!(status(&show), "needs-review");
    let export: Value =
        serde_json::from_str(&ok(fd(&dir, &["export", "--format", "json", "--out", "-"])).stdout)
            .unwrap();
    let spelled: Vec<String> = export["articles"][0]["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(status)
        .collect();
    assert!(
        spelled.contains(&"needs-review".to_string()) && !spelled.iter().any(|s| s.contains(' '))
    );
    let csv = ok(fd(&dir, &["export", "--format", "csv", "--out", "-"])).stdout;
    assert!(csv.contains(",needs-review,") && !csv.contains("needs review"));
    // People still read words.
    assert!(ok(fd(&dir, &["claim", "show", "3"]))
        .stdout
        .contains("status:      needs review"));
    assert!(ok(fd(&dir, &["claims", "--all"]))
        .stdout
        .contains("needs review"));
    drop(tmp);
}

fn csv_with_semicolons(dir: &std::path::Path, out: &str) -> Run {
    ok(fd(
        dir,
        &[
            "export",
            "--format",
            "csv",
            "--delimiter",
            ";",
            "--out",
            out,
        ],
    ))
}

#[test]
fn csv_takes_a_delimiter_and_has_the_score() {
    let (tmp, dir) = demo_project();
    let out = tmp.path().join("claims.csv");
    csv_with_semicolons(&dir, out.to_str().unwrap());
    let text = fs::read_to_string(&out).unwrap();
    let mut lines = text.trim_start_matches('\u{feff}').split("\r\n");
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    let score = header
        .iter()
        .position(|h| *h == "score")
        .expect("a score column");
    assert_eq!(header[score - 1], "triage");
    let claims = claims_json(&dir);
    let first = claims.iter().find(|c| c["id"] == 1).unwrap();
    let row: Vec<&str> = lines.next().unwrap().split(';').collect();
    assert_eq!(row[0], "1");
    let want = first["score"].as_f64().unwrap();
    assert!(
        (row[score].parse::<f64>().unwrap() - want).abs() < 1e-3,
        "{row:?}"
    );
    // A cell holding the delimiter is quoted.
    ok(fd(
        &dir,
        &["verdict", "set", "1", "--explanation", "eins; zwei"],
    ));
    let text = csv_with_semicolons(&dir, "-").stdout;
    assert!(text.contains("\"eins; zwei\""), "{text}");
    for bad in [["--format", "md"], ["--format", "csv"]] {
        let delimiter = if bad[1] == "md" { ";" } else { "x" };
        let r = fd(
            &dir,
            &[
                "export",
                bad[0],
                bad[1],
                "--delimiter",
                delimiter,
                "--out",
                "-",
            ],
        );
        assert_eq!(r.code, 1, "{bad:?}: {}", r.stderr);
        assert!(r.stderr.contains("--delimiter"), "{}", r.stderr);
    }
}

#[test]
fn long_texts_do_not_bloat_the_change_log() {
    let (_tmp, dir) = demo_project();
    let log = dir.join("changes.jsonl");
    let before = fs::metadata(&log).unwrap().len();
    // A 1 MB paste, then two more saves as typing goes on.
    let mut text = "Eingefügter Text aus einer Quelle. ".repeat(30_000);
    for extra in ["", " und mehr", " und noch mehr"] {
        text.push_str(extra);
        let mut child = std::process::Command::new(bin())
            .arg("--project")
            .arg(&dir)
            .args(["verdict", "set", "2", "--explanation", "-"])
            .env("FACTDESK_USER", "tester")
            .env("FACTDESK_DATA_DIR", test_data_dir())
            .stdin(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        std::io::Write::write_all(&mut child.stdin.take().unwrap(), text.as_bytes()).unwrap();
        assert!(child.wait().unwrap().success());
    }
    let grown = fs::metadata(&log).unwrap().len() - before;
    assert!(
        grown < 16_000,
        "the log grew by {grown} bytes for three saves"
    );
    let h = ok(fd(&dir, &["history", "2"])).stdout;
    assert!(
        h.contains("und noch mehr") && h.contains("characters"),
        "{h}"
    );
}

#[test]
fn utf16_without_a_byte_order_mark_is_read_not_refused() {
    let (tmp, dir) = demo_project();
    let text = "Die Straße nach Rason führt über die Brücke.\nZweiter Satz über Müller.\n";
    for (name, bytes) in [
        (
            "le.txt",
            text.encode_utf16()
                .flat_map(|u| u.to_le_bytes())
                .collect::<Vec<u8>>(),
        ),
        (
            "be.txt",
            text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect(),
        ),
    ] {
        let p = tmp.path().join(name);
        fs::write(&p, bytes).unwrap();
        let r = ok(fd(&dir, &["source", "add", p.to_str().unwrap()]));
        assert!(r.stdout.contains("UTF-16"), "{name}: {}", r.stdout);
    }
    let r = ok(fd(&dir, &["search", "Müller", "--json"]));
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(!v["sources"].as_array().unwrap().is_empty());
    let p = tmp.path().join("artikel16.txt");
    fs::write(
        &p,
        text.encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect::<Vec<u8>>(),
    )
    .unwrap();
    ok(fd(&dir, &["article", "add", p.to_str().unwrap()]));
}

#[test]
fn open_without_a_terminal_says_it_needs_one() {
    let (tmp, dir) = demo_project();
    let another = tmp.path().join("demo2");
    // `fd` runs with pipes for standard input and output.
    for args in [&["open"][..], &["demo", another.to_str().unwrap()]] {
        let r = fd(&dir, args);
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains("needs a terminal"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("os error"), "{}", r.stderr);
    }
}
