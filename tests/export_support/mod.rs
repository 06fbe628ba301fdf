//! Projects the export tests share: the demo with finished verdicts, and a hostile project
//! whose article and source try to inject markup, scripts and `javascript:` links.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use crate::common::{claims_json, demo_project, fd, ok};

/// A source id whose title contains `needle`.
pub fn source_id(dir: &Path, needle: &str) -> String {
    let r = ok(fd(dir, &["source", "ls", "--json"]));
    let v: Vec<serde_json::Value> = serde_json::from_str(&r.stdout).unwrap();
    v.iter()
        .find(|s| s["title"].as_str().unwrap_or("").contains(needle))
        .unwrap_or_else(|| panic!("no source titled {needle:?}: {}", r.stdout))["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The id of the first active claim whose text contains `needle`.
pub fn claim_id(dir: &Path, needle: &str) -> String {
    claims_json(dir)
        .iter()
        .find(|c| c["text"].as_str().unwrap_or("").contains(needle))
        .unwrap_or_else(|| panic!("no claim containing {needle:?}"))["id"]
        .to_string()
}

/// Give claim `id` a complete, publishable verdict.
pub fn finish(dir: &Path, id: &str, rating: &str, claimant: &str, explanation: &str) {
    ok(fd(dir, &["claim", "keep", id]));
    ok(fd(dir, &["claim", "edit", id, "--claimant", claimant]));
    ok(fd(
        dir,
        &[
            "verdict",
            "set",
            id,
            "--rating",
            rating,
            "--explanation",
            explanation,
            "--status",
            "done",
        ],
    ));
}

/// The demo project with two finished claims: one rated on the numeric part of the scale
/// (Richtig = 5 of 1..5) with evidence, one with a label that has no number (Unbelegt).
pub struct Demo {
    pub _tmp: tempfile::TempDir,
    pub dir: PathBuf,
    pub rated: Vec<(String, String)>,
}

pub fn finished_demo() -> Demo {
    let (tmp, dir) = demo_project();
    let first = claim_id(&dir, "Peskow");
    finish(
        &dir,
        &first,
        "Richtig",
        "Dmitri Peskow",
        "Peskow sagte das am 17.10.2023 in Peking, laut TASS.",
    );
    let tass = source_id(&dir, "Peskow");
    ok(fd(
        &dir,
        &[
            "evidence",
            "add",
            &first,
            "--source",
            &tass,
            "--quote",
            "Kremlsprecher Dmitri Peskow begleitete Präsident Wladimir Putin",
            "--stance",
            "supports",
        ],
    ));
    let second = claims_json(&dir)
        .iter()
        .map(|c| c["id"].to_string())
        .find(|id| *id != first)
        .unwrap();
    finish(
        &dir,
        &second,
        "Unbelegt",
        "Weißes Haus",
        "Dafür gibt es bisher keinen öffentlichen Beleg.",
    );
    Demo {
        _tmp: tmp,
        dir,
        rated: vec![(first, "Richtig".into()), (second, "Unbelegt".into())],
    }
}

pub const HOSTILE_TXT: &str = "Die Regierung sagte am Montag, die Inflation liege bei 2 Prozent.\n\n\
Der Minister schrieb <script>document.title='pwned'</script> auf seiner Website.\n\n\
Mehr unter <img src=x onerror=\"document.title='img-pwned'\"> und <a href=\"javascript:alert(1)\">hier</a> klicken.\n\n\
Der Sprecher erklärte \u{202E}ttelps\u{202C} alles sei in Ordnung.\n";

pub const HOSTILE_HTML: &str = "<!DOCTYPE html><html><head><title>Hostile</title>\
<script>document.title='pwned-html'</script></head><body>\
<p>Die Opposition behauptet, die Arbeitslosigkeit sei um 5 Prozent gestiegen.</p>\
<p>Klicken Sie <a href=\"javascript:alert(2)\">hier</a> oder sehen Sie <img src=x onerror=\"document.title='pwned-img'\">.</p>\
<p>Ein Zitat: &lt;script&gt;document.title='pwned-escaped'&lt;/script&gt; stand im Artikel.</p>\
</body></html>";

pub const HOSTILE_SOURCE: &str =
    "---\ntitle: \"<script>document.title='pwned-source'</script> Statistik\"\n\
publisher: Amt <b>fett</b>\nurl: javascript:alert(3)\ndate: 2024-01-02\nlanguage: de\n---\n\
Die Inflation lag laut Amt im Jahresmittel bei 2,1 Prozent.\n";

/// A project whose articles (as .txt and as .html) and source are hostile; claims with
/// markup in them are finished so they appear in every report.
pub struct Hostile {
    pub _tmp: tempfile::TempDir,
    pub dir: PathBuf,
    /// (claim text, rating) of every finished claim.
    pub claims: Vec<(String, String)>,
}

pub fn hostile_project() -> Hostile {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("hostile");
    let files = tmp.path().join("in");
    std::fs::create_dir_all(&files).unwrap();
    ok(crate::common::fd_plain(&[
        "init",
        dir.to_str().unwrap(),
        "--name",
        "Hostile <b>test</b>",
        "--language",
        "de",
        "--org-name",
        "Prüfdesk",
        "--org-url",
        "https://pruefdesk.example/",
    ]));
    let txt = files.join("hostile.txt");
    std::fs::write(&txt, HOSTILE_TXT).unwrap();
    ok(fd(
        &dir,
        &[
            "article",
            "add",
            txt.to_str().unwrap(),
            "--title",
            "<script>document.title='pwned-title'</script>Artikel",
            "--url",
            "javascript:alert(4)",
        ],
    ));
    let html = files.join("hostile.html");
    std::fs::write(&html, HOSTILE_HTML).unwrap();
    ok(fd(
        &dir,
        &[
            "article",
            "add",
            html.to_str().unwrap(),
            "--url",
            "https://news.example/a?x=1&y=\"2\"",
        ],
    ));
    let src = files.join("amt.md");
    std::fs::write(&src, HOSTILE_SOURCE).unwrap();
    ok(fd(&dir, &["source", "add", src.to_str().unwrap()]));
    let source = source_id(&dir, "Statistik");

    let mut claims = Vec::new();
    let all = claims_json(&dir);
    for (needle, rating) in [
        ("Inflation", "Größtenteils richtig"),
        ("<script>", "Manipuliert"),
        ("onerror", "Falsch"),
        ("Arbeitslosigkeit", "Teilweise falsch"),
        ("pwned-escaped", "Fehlender Kontext"),
    ] {
        let c = all
            .iter()
            .find(|c| c["text"].as_str().unwrap_or("").contains(needle))
            .unwrap_or_else(|| panic!("no claim containing {needle:?}: {all:?}"));
        let id = c["id"].to_string();
        finish(
            &dir,
            &id,
            rating,
            "<i>Sprecher</i>",
            "Begründung mit <script>alert('x')</script> und [Link](javascript:alert(5)).",
        );
        claims.push((c["text"].as_str().unwrap().to_string(), rating.to_string()));
    }
    let first = claim_id(&dir, "Inflation");
    ok(fd(
        &dir,
        &[
            "evidence",
            "add",
            &first,
            "--source",
            &source,
            "--quote",
            "Die Inflation lag laut Amt im Jahresmittel bei 2,1 Prozent.",
            "--stance",
            "supports",
            "--note",
            "<img src=x onerror=alert(6)>",
        ],
    ));
    Hostile {
        _tmp: tmp,
        dir,
        claims,
    }
}
