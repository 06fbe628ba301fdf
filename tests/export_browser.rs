//! The HTML report in a real headless browser (Chromium from the distribution): the rendered
//! page holds every claim and rating, and the scripts injected through a hostile article and
//! source did not run. Skips with a message when Chromium is missing, unless CI is set.

mod common;
#[path = "export_support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use common::{fd, ok};

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        let found = std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|p| p.join(name))
                .find(|p| p.is_file())
        });
        if found.is_some() {
            return found;
        }
    }
    None
}

fn browser_or_skip() -> Option<PathBuf> {
    match chromium() {
        Some(b) => Some(b),
        None if std::env::var_os("CI").is_some() => {
            panic!("chromium is not installed, and CI is set: .ci/run installs it with apt-get")
        }
        None => {
            eprintln!(
                "SKIP: chromium not found on PATH (apt-get install chromium); browser test skipped"
            );
            None
        }
    }
}

/// Run headless Chromium on `html` with `extra` arguments; returns stdout. Killed after 90 s so
/// a hung browser fails the test instead of blocking it.
fn run_chromium(browser: &Path, profile: &Path, html: &Path, extra: &[&str]) -> String {
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--virtual-time-budget=3000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", html.display()))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text a reader sees: tags removed, the entities a DOM dump uses decoded, spaces folded.
fn visible_text(dom: &str) -> String {
    let body = dom.split("<body").nth(1).unwrap_or(dom);
    let mut text = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn title(dom: &str) -> String {
    dom.split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .unwrap_or("")
        .to_string()
}

#[test]
fn html_report_renders_claims_and_runs_no_injected_script() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let h = support::hostile_project();
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("report.html");
    ok(fd(
        &h.dir,
        &[
            "export",
            "--format",
            "html",
            "--out",
            html.to_str().unwrap(),
        ],
    ));
    let profile = tmp.path().join("profile");
    let dom = run_chromium(&browser, &profile, &html, &["--dump-dom"]);
    assert!(dom.contains("<body"), "no DOM dumped: {dom}");

    // The injected scripts would have changed the title; the hostile title is text.
    assert_eq!(
        title(&dom),
        "Hostile &lt;b&gt;test&lt;/b&gt;",
        "title changed"
    );
    let lower = dom.to_lowercase();
    assert!(!lower.contains("pwned</title>"));
    assert!(
        !lower.contains("<script"),
        "a script element exists in the DOM"
    );
    assert!(!lower.contains("<img"), "an img element exists in the DOM");
    // Every link element points into the page or to http(s); the article's `javascript:`
    // link is only text (`&lt;a href="javascript:...`).
    for (i, _) in lower.match_indices("href=\"") {
        let value = &lower[i + 6..];
        let as_text = lower[..i].ends_with("&lt;a ");
        assert!(
            as_text || value.starts_with('#') || value.starts_with("http"),
            "link element to {}",
            &value[..value.len().min(40)]
        );
    }

    let text = visible_text(&dom);
    assert!(
        text.contains("<script>document.title='pwned'</script>"),
        "the script shows as text: {text}"
    );
    for (claim, rating) in &h.claims {
        let claim = claim.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains(&claim),
            "claim {claim:?} not rendered in {text}"
        );
        assert!(
            text.contains(rating.as_str()),
            "rating {rating:?} not rendered"
        );
    }
    assert!(
        text.contains("Bewertung") && text.contains("Belege"),
        "German labels"
    );
}

#[test]
fn html_report_prints_to_pdf() {
    let Some(browser) = browser_or_skip() else {
        return;
    };
    let demo = support::finished_demo();
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("report.html");
    ok(fd(
        &demo.dir,
        &[
            "export",
            "--format",
            "html",
            "--out",
            html.to_str().unwrap(),
        ],
    ));
    let pdf = tmp.path().join("report.pdf");
    run_chromium(
        &browser,
        &tmp.path().join("profile"),
        &html,
        &[
            &format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer",
        ],
    );
    let bytes = std::fs::read(&pdf).expect("PDF written");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    assert!(bytes.len() > 2000, "PDF is only {} bytes", bytes.len());
}
