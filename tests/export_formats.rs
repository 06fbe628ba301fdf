//! Every export format through the real binary, on the demo project with finished verdicts
//! and on a hostile project.

mod common;
#[path = "export_support/mod.rs"]
mod support;

use common::{fd, ok, snapshot};
use serde_json::Value;
use support::{finished_demo, hostile_project};

fn export_stdout(dir: &std::path::Path, format: &str) -> String {
    ok(fd(dir, &["export", "--format", format, "--out", "-"])).stdout
}

/// The properties the search-engine profile of ClaimReview requires and recommends, for
/// the review `r` of the demo's `claim` rated `rating`.
fn check_review(r: &Value, claim: &Value, rating: &str) {
    let id = &claim["id"];
    // Required by the search-engine profile.
    assert_eq!(r["@context"], "https://schema.org");
    assert_eq!(r["@type"], "ClaimReview");
    assert_eq!(r["claimReviewed"], claim["text"]);
    assert_eq!(r["reviewRating"]["@type"], "Rating");
    assert_eq!(r["reviewRating"]["alternateName"], rating);
    let url = r["url"].as_str().unwrap();
    assert!(
        url.starts_with("https://factdesk.example/demo-kreml-")
            && url.ends_with(&format!("#claim-{id}")),
        "{url}"
    );
    // Recommended.
    let date = r["datePublished"].as_str().unwrap();
    assert!(
        date.len() == 10 && date.as_bytes()[4] == b'-' && date.as_bytes()[7] == b'-',
        "{date}"
    );
    assert_eq!(r["author"]["@type"], "Organization");
    assert_eq!(r["author"]["name"], "factdesk Demo-Redaktion");
    assert_eq!(r["author"]["url"], "https://factdesk.example/");
    let item = &r["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert_eq!(item["author"]["name"], claim["claimant"]);
    let kind = if claim["claimant_kind"] == "organization" {
        "Organization"
    } else {
        "Person"
    };
    assert_eq!(item["author"]["@type"], kind, "{item}");
    assert_eq!(item["datePublished"], "2023-10-17");
    assert_eq!(
        item["appearance"]["url"],
        "https://factdesk.example/artikel/kreml-nordkorea"
    );
}

fn review_of<'a>(reviews: &'a [Value], id: &str) -> &'a Value {
    reviews
        .iter()
        .find(|r| {
            r["url"]
                .as_str()
                .unwrap()
                .ends_with(&format!("#claim-{id}"))
        })
        .unwrap_or_else(|| panic!("no review of claim {id}: {reviews:?}"))
}

#[test]
fn claimreview_has_required_and_recommended_properties() {
    let demo = finished_demo();
    let text = export_stdout(&demo.dir, "claimreview");
    let reviews: Vec<Value> = serde_json::from_str(&text).expect("JSON-LD array");
    assert_eq!(reviews.len(), 2, "{text}");
    let claims = common::claims_json(&demo.dir);
    for (id, rating) in &demo.rated {
        let claim = claims
            .iter()
            .find(|c| c["id"].as_u64() == id.parse().ok())
            .unwrap();
        check_review(review_of(&reviews, id), claim, rating);
    }
    let by_rating = |label: &str| {
        reviews
            .iter()
            .find(|r| r["reviewRating"]["alternateName"] == label)
            .unwrap()
    };
    let numeric = &by_rating("Richtig")["reviewRating"];
    assert_eq!(
        (
            &numeric["ratingValue"],
            &numeric["bestRating"],
            &numeric["worstRating"]
        ),
        (&Value::from(5), &Value::from(5), &Value::from(1))
    );
    let label_only = &by_rating("Unbelegt")["reviewRating"];
    assert!(
        label_only.get("ratingValue").is_none(),
        "Unbelegt has no number on the scale: {label_only}"
    );
    assert_eq!(
        by_rating("Richtig")["itemReviewed"]["author"]["name"],
        "Dmitri Peskow"
    );
    // "Weißes Haus" was typed as the claimant: an organisation, read from the name.
    let org = &by_rating("Unbelegt")["itemReviewed"]["author"];
    assert_eq!(org["@type"], "Organization", "{org}");
}

#[test]
fn claimreview_writes_the_reviewed_claim_of_the_demo_with_its_detected_claimant() {
    let (_tmp, dir) = common::demo_project();
    let id = support::claim_id(&dir, "Die Vereinigten Staaten behaupteten");
    // Rated and done, the claimant left as detected.
    ok(fd(
        &dir,
        &[
            "verdict", "set", &id, "--rating", "Richtig", "--status", "done",
        ],
    ));
    let r = fd(&dir, &["export", "--format", "claimreview", "--out", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let reviews: Vec<Value> = serde_json::from_str(&r.stdout).expect("JSON-LD array");
    assert_eq!(reviews.len(), 1, "{}", r.stdout);
    let claims = common::claims_json(&dir);
    let claim = claims
        .iter()
        .find(|c| c["id"].as_u64() == id.parse().ok())
        .unwrap();
    check_review(&reviews[0], claim, "Richtig");
    assert_eq!(
        reviews[0]["itemReviewed"]["author"]["name"],
        "Vereinigte Staaten"
    );
    // Every other claim is named on stderr with the reason it was left out, and the
    // unconfirmed claimant is pointed out.
    for c in &claims {
        let other = c["id"].to_string();
        if other != id {
            assert!(
                r.stderr
                    .contains(&format!("claim {other} left out: no rating")),
                "claim {other} not listed: {}",
                r.stderr
            );
        }
    }
    assert!(
        r.stderr.contains(&format!("claim confirm-claimant {id}")),
        "{}",
        r.stderr
    );
    // The file export writes the same and reports the same on stderr.
    let w = fd(&dir, &["export", "--format", "claimreview"]);
    assert_eq!(w.code, 0, "{}", w.stderr);
    assert!(w.stderr.contains("left out"), "{}", w.stderr);
    let written = std::fs::read_to_string(dir.join("exports/claimreview.jsonld")).unwrap();
    assert_eq!(written, r.stdout);
}

#[test]
fn claimreview_leaves_out_unfinished_claims_and_refuses_a_reviewed_one_with_gaps() {
    let demo = finished_demo();
    let dir = &demo.dir;
    let claims = common::claims_json(dir);
    let unrated = claims
        .iter()
        .map(|c| c["id"].to_string())
        .find(|id| demo.rated.iter().all(|(r, _)| r != id))
        .unwrap();
    ok(fd(dir, &["claim", "keep", &unrated]));
    let half = &demo.rated[1].0;
    ok(fd(
        dir,
        &["verdict", "set", half, "--status", "needs review"],
    ));
    let r = fd(dir, &["export", "--format", "claimreview", "--out", "-"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let reviews: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(reviews.len(), 1, "only the done claim: {}", r.stdout);
    review_of(&reviews, &demo.rated[0].0);
    for want in [
        format!("claim {unrated} left out: no rating; status is \"open\", not done"),
        format!("claim {half} left out: status is \"needs review\", not done"),
    ] {
        assert!(r.stderr.contains(&want), "missing {want:?} in {}", r.stderr);
    }

    // A reviewed claim without a claimant cannot be written: nothing is.
    let done = &demo.rated[0].0;
    ok(fd(dir, &["claim", "edit", done, "--claimant", ""]));
    let before = snapshot(dir);
    let r = fd(dir, &["export", "--format", "claimreview"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains(&format!("claim {done}: no claimant")),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains(&format!("claim {half}:")),
        "{}",
        r.stderr
    );
    assert_eq!(snapshot(dir), before, "nothing was written");
}

#[test]
fn claimreview_needs_the_organisation() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    let art = tmp.path().join("a.txt");
    std::fs::write(&art, "Der Himmel ist grün.\n").unwrap();
    ok(common::fd_plain(&["init", dir.to_str().unwrap()]));
    ok(fd(&dir, &["article", "add", art.to_str().unwrap()]));
    support::finish(&dir, "1", "Falsch", "Jemand", "Er ist blau.");
    let r = fd(&dir, &["export", "--format", "claimreview", "--out", "-"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no organisation name"), "{}", r.stderr);
    assert!(r.stderr.contains("no organisation URL"), "{}", r.stderr);
    assert!(r.stderr.contains("claim 1: article"), "{}", r.stderr);
    assert!(r.stdout.is_empty());
}

/// A small RFC 4180 reader, strict about quoting, to check what spreadsheets will see.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        if quoted {
            if c == '"' {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    cell.push('"');
                } else {
                    quoted = false;
                }
            } else {
                cell.push(c);
            }
            continue;
        }
        match c {
            '"' => {
                assert!(cell.is_empty(), "quote inside an unquoted cell: {cell:?}");
                quoted = true;
            }
            ',' => row.push(std::mem::take(&mut cell)),
            '\r' => {
                assert_eq!(chars.next(), Some('\n'), "CR without LF");
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            '\n' => panic!("bare LF outside quotes"),
            c => cell.push(c),
        }
    }
    assert!(
        !quoted && cell.is_empty() && row.is_empty(),
        "last row ends with CRLF"
    );
    rows
}

#[test]
fn csv_is_rfc4180_and_defuses_formulas() {
    let demo = finished_demo();
    let dir = &demo.dir;
    let id = &demo.rated[0].0;
    ok(fd(
        dir,
        &[
            "verdict",
            "set",
            id,
            "--explanation",
            "=HYPERLINK(\"https://evil.example\",\"click\"), with \"quotes\"\nand a second line",
            "--notes",
            "n",
        ],
    ));
    ok(fd(dir, &["claim", "edit", id, "--claimant", "@SUM(A1:A9)"]));
    let text = export_stdout(dir, "csv");
    let body = text
        .strip_prefix('\u{feff}')
        .expect("UTF-8 BOM for spreadsheets");
    let rows = parse_csv(body);
    let header = &rows[0];
    assert_eq!(header[0], "claim_id");
    assert!(rows.iter().all(|r| r.len() == header.len()));
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows.iter().find(|r| r[0] == *id).unwrap();
    assert_eq!(
        row[col("explanation")],
        "'=HYPERLINK(\"https://evil.example\",\"click\"), with \"quotes\"\nand a second line"
    );
    assert_eq!(row[col("claimant")], "'@SUM(A1:A9)");
    assert_eq!(row[col("rating")], "Richtig");
    assert_eq!(row[col("rating_value")], "5");
    assert_eq!(row[col("status")], "done");
    assert!(row[col("evidence")].contains("https://tass.ru/"), "{row:?}");
    // Every active claim is a row: the spreadsheet is the desk's working list.
    assert_eq!(rows.len() - 1, common::claims_json(dir).len());
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "formula trigger in {cell:?}"
            );
        }
    }
}

#[test]
fn markdown_report_marks_claims_and_links_evidence() {
    let demo = finished_demo();
    let md = export_stdout(&demo.dir, "md");
    assert!(md.contains("**Bewertung:** **Richtig**"), "{md}");
    assert!(md.contains("**Bewertung:** **Unbelegt**"), "{md}");
    assert!(md.contains("**Begründung:**"));
    assert!(
        md.contains("](<https://tass.ru/politika/19034653>)"),
        "{md}"
    );
    assert!(
        md.contains("> Kremlsprecher Dmitri Peskow begleitete"),
        "{md}"
    );
    for (id, _) in &demo.rated {
        assert!(md.contains(&format!("<a id=\"claim-{id}\"></a>")));
        assert!(
            md.contains(&format!("(#claim-{id})")),
            "claim {id} marked in the text"
        );
    }
}

#[test]
fn hostile_input_stays_text_in_markdown_and_html() {
    let h = hostile_project();
    let md = export_stdout(&h.dir, "md");
    // `\<` is an escaped, literal angle bracket in Markdown.
    assert!(md.contains("\\<script"), "{md}");
    assert!(!md.replace("\\<", "").contains("<script"), "{md}");
    assert!(!md.contains("](javascript"), "{md}");
    assert!(!md.contains("(<javascript"), "{md}");

    let html = export_stdout(&h.dir, "html");
    let lower = html.to_lowercase();
    assert!(!lower.contains("<script"), "no script element");
    assert!(!lower.contains("<img"), "no img element");
    assert!(!lower.contains("<i>") && !lower.contains("<b>"));
    assert!(lower.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;"));
    assert!(html.contains("Content-Security-Policy"));
    assert!(html.contains("content=\"default-src &#39;none&#39;; style-src"));
    assert!(
        !html.contains('\u{202E}'),
        "bidi override shown, not applied"
    );
    assert!(html.contains("@media print"));
    // The attribute context: the quote in the article URL cannot end the href.
    assert!(
        html.contains("href=\"https://news.example/a?x=1&amp;y=&quot;2&quot;\""),
        "{html}"
    );
    // Every link element is ours: an in-page anchor or an http(s) URL. The article's own
    // `<a href="javascript:...">` is text (`&lt;a href=...`).
    assert!(lower.contains("&lt;a href=\"javascript:alert(1)\"&gt;"));
    for (i, _) in html.match_indices("href=\"") {
        let value = &html[i + 6..];
        assert!(
            html[..i].ends_with("&lt;a ")
                || value.starts_with('#')
                || value.starts_with("https://")
                || value.starts_with("http://"),
            "unexpected href: {}",
            &value[..value.len().min(60)]
        );
    }
    for (text, rating) in &h.claims {
        assert!(html.contains(rating.as_str()), "{rating}");
        let first_words: String = text.chars().take(20).collect();
        let escaped = first_words
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(html.contains(&escaped), "{escaped}");
    }
}

#[test]
fn every_format_exports_to_the_project_and_never_overwrites_without_force() {
    let demo = finished_demo();
    let dir = &demo.dir;
    for (format, file) in [
        ("claimreview", "claimreview.jsonld"),
        ("md", "report.md"),
        ("html", "report.html"),
        ("csv", "claims.csv"),
        ("json", "report.json"),
    ] {
        let r = ok(fd(dir, &["export", "--format", format]));
        let path = dir.join("exports").join(file);
        assert!(
            r.stdout.contains(&path.display().to_string()),
            "{}",
            r.stdout
        );
        let first = std::fs::read(&path).unwrap();
        assert!(!first.is_empty());
        std::fs::write(&path, b"kept").unwrap();
        let again = fd(dir, &["export", "--format", format]);
        assert_eq!(again.code, 1, "{format}");
        assert!(again.stderr.contains("--force"), "{}", again.stderr);
        assert_eq!(std::fs::read(&path).unwrap(), b"kept");
        ok(fd(dir, &["export", "--format", format, "--force"]));
        assert_eq!(std::fs::read(&path).unwrap(), first);
    }
    let json: Value =
        serde_json::from_str(&export_stdout(dir, "json")).expect("JSON export parses");
    let src = json["sources"].as_object().unwrap();
    assert_eq!(src.len(), 1);
    assert!(src.values().next().unwrap()["url"]
        .as_str()
        .unwrap()
        .contains("tass.ru"));
}

#[test]
fn explicit_out_outside_the_project_and_missing_directory() {
    let demo = finished_demo();
    let out = demo._tmp.path().join("elsewhere.html");
    ok(fd(
        &demo.dir,
        &["export", "--format", "html", "--out", out.to_str().unwrap()],
    ));
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("<!DOCTYPE html>"));
    let missing = demo._tmp.path().join("no/such/dir/x.html");
    let r = fd(
        &demo.dir,
        &[
            "export",
            "--format",
            "html",
            "--out",
            missing.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no such directory"), "{}", r.stderr);
}

/// `--out PATH --force` replaces only a regular file: a device, a FIFO or a symlink is left as
/// it is (the rename would have replaced the node itself, as root /dev/full for the whole
/// machine), and so is every file of a factdesk project; each refusal names the file.
#[test]
fn force_never_replaces_a_device_a_fifo_a_symlink_or_a_project_file() {
    use std::os::unix::fs::FileTypeExt;
    let demo = finished_demo();
    let dir = demo.dir.clone();
    let scratch = tempfile::tempdir().unwrap();
    let fifo = scratch.path().join("pipe");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let target = scratch.path().join("target.txt");
    std::fs::write(&target, "unberührt").unwrap();
    let link = scratch.path().join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let other = tempfile::tempdir().unwrap();
    let other_project = other.path().join("p");
    ok(common::fd_plain(&["init", other_project.to_str().unwrap()]));
    let manifest_before = std::fs::read(other_project.join("factdesk.toml")).unwrap();
    let claim = dir.join("claims/0001.toml");
    let claim_before = std::fs::read(&claim).unwrap();
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (fifo.clone(), "named pipe"),
        (link.clone(), "symbolic link"),
        ("/dev/null".into(), "device"),
        (claim.clone(), "a claim file"),
        (other_project.join("factdesk.toml"), "the manifest"),
    ];
    for (path, why) in &cases {
        let r = fd(
            &dir,
            &[
                "export",
                "--format",
                "csv",
                "--out",
                path.to_str().unwrap(),
                "--force",
            ],
        );
        assert_eq!(r.code, 1, "{path:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(path.to_str().unwrap()) && r.stderr.contains(why),
            "{path:?}: {}",
            r.stderr
        );
    }
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "unberührt");
    assert_eq!(std::fs::read(&claim).unwrap(), claim_before);
    assert_eq!(
        std::fs::read(other_project.join("factdesk.toml")).unwrap(),
        manifest_before
    );
    // A regular file outside any project is still replaced with --force, and `-` prints.
    ok(fd(
        &dir,
        &[
            "export",
            "--format",
            "csv",
            "--out",
            target.to_str().unwrap(),
            "--force",
        ],
    ));
    assert!(std::fs::read_to_string(&target).unwrap().contains("claim"));
}
