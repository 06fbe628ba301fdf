//! Quotes you can trust: `evidence add --quote` finds the quote in the source (whitespace and
//! quotation marks normalised) and stores its range; a quote that is not there is refused
//! with the closest passage suggested; `--unverified` keeps it, marked in the claim file and
//! in every export. Also: evidence from a web capture keeps the capture's time, and reports
//! cite the capture.

mod common;
#[path = "web/support.rs"]
mod support;

use std::path::Path;

use common::{demo_project, ok, Run};
use serde_json::Value;
use support::{fd, pdf_fixture, Server};

fn source_id(dir: &Path, field: &str, value: &str) -> String {
    let r = ok(fd(dir, &["source", "ls", "--json"]));
    let v: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    v.iter()
        .find(|s| s[field].as_str().is_some_and(|t| t.contains(value)))
        .unwrap_or_else(|| panic!("no source with {field} {value}: {}", r.stdout))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

fn attach(dir: &Path, claim: &str, source: &str, quote: &str, extra: &[&str]) -> Run {
    let mut args = vec![
        "evidence", "add", claim, "--source", source, "--quote", quote, "--stance", "refutes",
    ];
    args.extend_from_slice(extra);
    fd(dir, &args)
}

fn evidence(dir: &Path, claim: &str) -> Vec<Value> {
    let claims = common::claims_json(dir);
    claims
        .iter()
        .find(|c| c["id"] == claim.parse::<u64>().unwrap())
        .unwrap()["evidence"]
        .as_array()
        .unwrap()
        .clone()
}

/// The demo project plus a note, a PDF and a web capture as sources.
fn project_with_sources(server: &Server) -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = demo_project();
    let note = tmp.path().join("zitate.txt");
    std::fs::write(
        &note,
        "Zitate\n\nDer Sprecher sagte: „Wir haben keine Kenntnis\nvon solchen Lieferungen.“ \
         Danach endete die Pressekonferenz.\n",
    )
    .unwrap();
    ok(fd(
        &dir,
        &[
            "source",
            "add",
            note.to_str().unwrap(),
            pdf_fixture().to_str().unwrap(),
            &server.url("/page"),
        ],
    ));
    (tmp, dir)
}

#[test]
fn quotes_are_checked_against_their_source() {
    let server = Server::start();
    let (_tmp, dir) = project_with_sources(&server);
    let note = source_id(&dir, "title", "Zitate");
    let claim = "2";

    // Present, verbatim.
    ok(attach(
        &dir,
        claim,
        &note,
        "Danach endete die Pressekonferenz.",
        &[],
    ));
    // Other whitespace and other quotation marks, across the line break of the source.
    ok(attach(
        &dir,
        claim,
        &note,
        "\"Wir haben keine   Kenntnis von solchen Lieferungen.\"",
        &[],
    ));
    let ev = evidence(&dir, claim);
    let text = factdesk_index::store::SourceStore::open(&dir)
        .unwrap()
        .load_doc(&note)
        .unwrap()
        .text;
    let text_of = |range: &Value| -> String {
        let start = range[0].as_u64().unwrap() as usize;
        let end = range[1].as_u64().unwrap() as usize;
        text.chars().skip(start).take(end - start).collect()
    };
    let n = ev.len();
    assert_eq!(
        text_of(&ev[n - 2]["range"]),
        "Danach endete die Pressekonferenz."
    );
    assert_eq!(
        text_of(&ev[n - 1]["range"]),
        "„Wir haben keine Kenntnis\nvon solchen Lieferungen.“"
    );
    assert!(ev[n - 1].get("unverified").is_none());

    // Absent: refused, nothing saved, the closest passage suggested.
    let r = attach(
        &dir,
        claim,
        &note,
        "Wir haben volle Kenntnis von solchen Lieferungen.",
        &[],
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr.contains("does not appear in source"),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("closest passage") && r.stderr.contains("von solchen Lieferungen"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--unverified"), "{}", r.stderr);
    assert_eq!(evidence(&dir, claim).len(), n);
    // A range that does not hold the quote is refused too, naming where it is.
    let r = attach(
        &dir,
        claim,
        &note,
        "Danach endete die Pressekonferenz.",
        &["--range", "0:5"],
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("is not at 0:5"), "{}", r.stderr);

    // In a PDF source.
    let pdf = source_id(&dir, "title", "valid");
    ok(attach(&dir, claim, &pdf, "Die Erde ist rund", &[]));
    assert!(!evidence(&dir, claim).last().unwrap()["range"].is_null());
    let r = attach(&dir, claim, &pdf, "Die Erde ist eine Scheibe", &[]);
    assert_eq!(r.code, 1);

    // In a capture: the evidence keeps the capture's time.
    let page = source_id(&dir, "url", "/page");
    ok(attach(
        &dir,
        claim,
        &page,
        "„Die Schiffe fuhren nach Wladiwostok.“",
        &[],
    ));
    let last = evidence(&dir, claim).last().unwrap().clone();
    let captured = last["captured_at"].as_str().unwrap().to_owned();
    assert!(captured.ends_with('Z'), "{last}");
    let r = attach(&dir, claim, &page, "Die Schiffe fuhren nach Moskau.", &[]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("Wladiwostok"), "{}", r.stderr);
}

#[test]
fn an_unverified_quote_is_kept_only_when_asked_and_marked_everywhere() {
    let server = Server::start();
    let (_tmp, dir) = project_with_sources(&server);
    let page = source_id(&dir, "url", "/page");
    // Demo claim 2 is reviewed once it has a verdict; finish it so ClaimReview lists it.
    let claim = "2";
    ok(fd(
        &dir,
        &["claim", "edit", claim, "--claimant", "Dmitri Peskow"],
    ));
    ok(fd(&dir, &["claim", "keep", claim]));
    ok(fd(
        &dir,
        &[
            "verdict",
            "set",
            claim,
            "--rating",
            "Unbelegt",
            "--status",
            "done",
            "--explanation",
            "Es gibt keinen Beleg.",
        ],
    ));
    ok(attach(&dir, claim, &page, "300 Container verladen", &[]));
    let invented = "Der Hafenmeister bestritt jede Lieferung.";
    let r = ok(attach(&dir, claim, &page, invented, &["--unverified"]));
    assert!(r.stdout.contains("unverified"), "{}", r.stdout);
    let file =
        std::fs::read_to_string(dir.join("claims").join(format!("{:0>4}.toml", claim))).unwrap();
    assert!(file.contains("unverified = true"), "{file}");
    assert_eq!(file.matches("unverified = true").count(), 1, "{file}");

    let export = |format: &str| ok(fd(&dir, &["export", "--format", format, "--out", "-"])).stdout;
    let json: Value = serde_json::from_str(&export("json")).unwrap();
    let all_evidence: Vec<Value> = json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["claims"].as_array().unwrap().clone())
        .flat_map(|c| c["evidence"].as_array().unwrap().clone())
        .collect();
    let marked: Vec<&Value> = all_evidence
        .iter()
        .filter(|e| e["unverified"] == true)
        .collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(marked[0]["quote"], invented);
    let src = &json["sources"][&page];
    assert_eq!(src["url"], server.url("/page"));
    assert_eq!(src["sha256"].as_str().unwrap().len(), 64);

    let reviews: Vec<Value> = serde_json::from_str(&export("claimreview")).unwrap();
    let citations: Vec<&Value> = reviews
        .iter()
        .flat_map(|r| r["citation"].as_array().into_iter().flatten())
        .collect();
    let unverified: Vec<&&Value> = citations
        .iter()
        .filter(|c| c["creativeWorkStatus"] == "unverified")
        .collect();
    assert_eq!(unverified.len(), 1, "{citations:#?}");
    assert_eq!(unverified[0]["text"], invented);
    assert_eq!(unverified[0]["@type"], "Quotation");
    assert!(citations
        .iter()
        .any(|c| c["text"] == "300 Container verladen"
            && c.get("creativeWorkStatus").is_none()
            && c["isBasedOn"]["url"] == server.url("/page")));

    let sha = &src["sha256"].as_str().unwrap()[..12];
    let day = &src["captured_at"].as_str().unwrap()[..10];
    let html = export("html");
    assert_eq!(html.matches("ungeprüftes Zitat").count(), 1, "{html}");
    assert!(html.contains("<blockquote class=\"unverified\">"), "{html}");
    assert!(
        html.contains(&format!("archiviert {day}, sha256 {sha}")),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"{}\"", server.url("/page"))));
    let md = export("md");
    assert_eq!(md.matches("ungeprüftes Zitat").count(), 1, "{md}");
    assert!(
        md.contains(&format!("archiviert {day}, sha256 {sha}")),
        "{md}"
    );
    let csv = export("csv");
    assert!(
        csv.contains(&format!("{invented}\"\" [unverified]")),
        "{csv}"
    );
    assert!(
        csv.contains(&format!("captured {day}, sha256 {sha}")),
        "{csv}"
    );
}
