//! Sources from the web, end to end: `factdesk source add URL...` and `article add URL`
//! against a real HTTP server on 127.0.0.1 (tests/web/server.py), every WARC written checked
//! by an independent reader (`warcio check`, `warcio index`), and the import of a WARC that
//! warcio wrote. Nothing here contacts an address outside the loopback: the DNS failure uses
//! a name under `.invalid`, which factdesk refuses without asking a resolver (RFC 6761).

mod common;
#[path = "web/support.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::ok;
use serde_json::Value;
use support::{fd, pdf_fixture, Server, MANIFEST_DIR};

fn new_project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    ok(common::fd_plain(&["init", dir.to_str().unwrap()]));
    (tmp, dir)
}

fn sources_json(dir: &Path) -> Vec<Value> {
    let r = ok(fd(dir, &["source", "ls", "--json"]));
    serde_json::from_str(&r.stdout).unwrap()
}

fn search_titles(dir: &Path, query: &str) -> Vec<String> {
    let r = ok(fd(dir, &["search", query, "--json"]));
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    v["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap_or("").to_owned())
        .collect()
}

fn warc_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir.join("sources"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    out.sort();
    out
}

/// Runs warcio's command line (through python3, so no script needs to be on the PATH).
fn warcio(args: &[&str], files: &[PathBuf]) -> std::process::Output {
    let out = Command::new("python3")
        .arg("-c")
        .arg("import sys; from warcio.cli import main; sys.exit(main())")
        .args(args)
        .args(files)
        .output()
        .expect("python3 runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("No module named"),
        "warcio is not installed (pip install warcio; .ci/run does it): {err}"
    );
    out
}

/// `warcio check -v` passes every file, and checked the digests of every record that has them.
fn warcio_check(files: &[PathBuf]) {
    assert!(!files.is_empty());
    let out = warcio(&["check", "-v"], files);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "warcio check failed:\n{text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!text.contains("digest failed"), "{text}");
    assert!(
        text.matches("digest pass").count() >= 4 * files.len(),
        "every record's digests are checked:\n{text}"
    );
}

/// The target URIs of the records `warcio index` lists.
fn warcio_index(file: &Path) -> Vec<(String, String)> {
    let out = warcio(&["index"], &[file.to_owned()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["warc-type"].as_str().unwrap_or("").to_owned(),
                v["warc-target-uri"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// Runs tests/web/make_warc.py (warcio writes the WARC, as other tools do) with `args`.
fn make_warc(args: &[&Path]) {
    let made = Command::new("python3")
        .arg(Path::new(MANIFEST_DIR).join("tests/web/make_warc.py"))
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
}

fn by_url<'a>(sources: &'a [Value], url: &str) -> &'a Value {
    sources
        .iter()
        .find(|s| s["url"] == url)
        .unwrap_or_else(|| panic!("no source with url {url}: {sources:#?}"))
}

fn no_leftovers(dir: &Path) {
    for e in std::fs::read_dir(dir.join("sources")).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            !name.ends_with(".partial"),
            "half-written file left: {name}"
        );
    }
}

#[test]
fn source_add_captures_urls_and_files_and_names_every_failure() {
    let server = Server::start();
    let (tmp, dir) = new_project();
    let note = tmp.path().join("notiz.md");
    std::fs::write(
        &note,
        "# Notiz\n\nEine Datei neben den Adressen, Wort Dateiprobe.\n",
    )
    .unwrap();
    // A port nobody listens on: bound, then closed again.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let refused = format!("http://127.0.0.1:{}/", closed.local_addr().unwrap().port());
    drop(closed);
    let good = [
        "/page",
        "/moved",
        "/cp1252",
        "/gzip",
        "/chunked",
        "/report.pdf",
        "/data.json",
    ];
    let failing = [
        (server.url("/missing"), "HTTP 404"),
        (server.url("/broken"), "HTTP 500"),
        (server.url("/loop-a"), "redirect loop"),
        (server.url("/slow"), "timeout"),
        (server.url("/endless"), "size limit"),
        (
            server.url("/image.png"),
            "unsupported content type image/png",
        ),
        ("http://no-such-host.invalid/x".to_owned(), "DNS failure"),
        (refused.clone(), "connection refused"),
        (
            format!("https://127.0.0.1:{}/page", server.port),
            "TLS error",
        ),
        ("ftp://127.0.0.1/file".to_owned(), "only http and https"),
    ];
    let mut args: Vec<String> = vec!["source".into(), "add".into()];
    args.extend(good.iter().map(|p| server.url(p)));
    args.push(note.to_str().unwrap().to_owned());
    args.extend(failing.iter().map(|(u, _)| u.clone()));
    args.extend(["--timeout", "2", "--max-size", "1MB"].map(String::from));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = fd(&dir, &args);

    // Exit 1 because some failed; each failure is one line naming its URL and the reason.
    assert_eq!(r.code, 1, "stdout: {}\nstderr: {}", r.stdout, r.stderr);
    for (url, reason) in &failing {
        let prefix = format!("factdesk: {url}: ");
        let lines: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| l.starts_with(&prefix))
            .collect();
        assert_eq!(lines.len(), 1, "one line for {url}:\n{}", r.stderr);
        assert!(lines[0].contains(reason), "{url}: {reason}?\n{}", lines[0]);
    }
    assert!(r.stdout.contains("8 added"), "{}", r.stdout);
    assert!(
        r.stdout.contains("1 file and 17 URLs looked at"),
        "{}",
        r.stdout
    );
    no_leftovers(&dir);

    // Provenance of each capture.
    let sources = sources_json(&dir);
    assert_eq!(sources.len(), 8, "{sources:#?}");
    let moved = by_url(&sources, &server.url("/moved"));
    assert_eq!(moved["final_url"], server.url("/page"));
    assert_eq!(moved["http_status"], 200);
    let page = by_url(&sources, &server.url("/page"));
    assert_eq!(page["title"], "Hafenbericht Rason");
    assert_eq!(page["publisher"], "Testzeitung");
    assert_eq!(page["date"], "2023-10-20");
    // The same payload, fetched twice (directly and through the redirect).
    assert_eq!(page["sha256"], moved["sha256"]);
    for s in sources.iter().filter(|s| s["captured_at"].is_string()) {
        let at = s["captured_at"].as_str().unwrap();
        assert!(at.len() == 20 && at.ends_with('Z'), "RFC 3339 UTC: {at}");
        let warc = s["warc"].as_str().unwrap();
        assert_eq!(
            warc,
            format!("sources/{}.warc.gz", s["id"].as_str().unwrap())
        );
        assert!(dir.join(warc).is_file());
        assert_eq!(s["sha256"].as_str().unwrap().len(), 64);
    }
    assert!(
        by_url(&sources, "").get("captured_at").is_none(),
        "the file is no capture"
    );

    // Every archive passes an independent reader; the redirect is kept as its own response.
    let files = warc_files(&dir);
    assert_eq!(files.len(), 7);
    warcio_check(&files);
    let moved_file = dir.join(moved["warc"].as_str().unwrap());
    let records = warcio_index(&moved_file);
    let kinds: Vec<&str> = records.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        kinds,
        ["warcinfo", "request", "response", "request", "response", "metadata"]
    );
    assert_eq!(records[2].1, server.url("/moved"));
    assert_eq!(records[4].1, server.url("/page"));

    // Indexed: the main content, not menus or footers; umlauts of the Windows-1252 page; the
    // gzip page decoded; the chunked answer; the PDF's text; the JSON's values.
    assert_eq!(
        search_titles(&dir, "Wladiwostok").len(),
        2,
        "page and redirect"
    );
    assert!(search_titles(&dir, "Fusszeilentext").is_empty());
    assert!(search_titles(&dir, "Menuepunkt").is_empty());
    assert_eq!(search_titles(&dir, "Bürgermeister"), ["Straßenbericht"]);
    // What the index returns per source carries the capture (the workstation shows it).
    let r = ok(fd(&dir, &["search", "Bürgermeister", "--json"]));
    let hit: Value = serde_json::from_str(&r.stdout).unwrap();
    let capture = &hit["sources"][0]["capture"];
    let cp = by_url(&sources, &server.url("/cp1252"));
    for field in [
        "url",
        "final_url",
        "captured_at",
        "http_status",
        "sha256",
        "warc",
    ] {
        assert_eq!(capture[field], cp[field], "{field}: {capture}");
    }
    assert_eq!(search_titles(&dir, "Kompressionsprobe"), ["Gepackte Seite"]);
    assert_eq!(search_titles(&dir, "Stueckwort").len(), 1);
    assert_eq!(search_titles(&dir, "Statistikamt").len(), 1);
    assert_eq!(search_titles(&dir, "Dateiprobe"), ["Notiz"]);
    assert_eq!(search_titles(&dir, "\"Erde ist rund\""), ["report"]);

    // The archives alone rebuild the same index (offline: the server is gone).
    drop(server);
    ok(fd(&dir, &["reindex"]));
    assert_eq!(search_titles(&dir, "Bürgermeister"), ["Straßenbericht"]);
    assert_eq!(search_titles(&dir, "Wladiwostok").len(), 2);
}

#[test]
fn a_capture_of_the_same_content_is_unchanged_and_new_content_is_a_new_version() {
    let server = Server::start();
    let (_tmp, dir) = new_project();
    ok(fd(
        &dir,
        &[
            "source",
            "add",
            &server.url("/same"),
            &server.url("/counter"),
        ],
    ));
    let r = ok(fd(
        &dir,
        &[
            "source",
            "add",
            &server.url("/same"),
            &server.url("/counter"),
        ],
    ));
    assert!(
        r.stdout.contains("1 added") && r.stdout.contains("1 unchanged"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("same content as its capture at"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("a new version"), "{}", r.stdout);
    let sources = sources_json(&dir);
    let counters: Vec<&Value> = sources
        .iter()
        .filter(|s| s["url"] == server.url("/counter"))
        .collect();
    assert_eq!(counters.len(), 2, "both versions are kept");
    assert_ne!(counters[0]["sha256"], counters[1]["sha256"]);
    assert_eq!(search_titles(&dir, "Zaehlerstand").len(), 2);
    warcio_check(&warc_files(&dir));
}

#[test]
fn the_user_agent_names_factdesk_and_its_version() {
    let server = Server::start();
    let (_tmp, dir) = new_project();
    ok(fd(&dir, &["source", "add", &server.url("/ua")]));
    let v = env!("CARGO_PKG_VERSION");
    let sources = sources_json(&dir);
    let id = sources[0]["id"].as_str().unwrap();
    let doc = factdesk_index::store::SourceStore::open(&dir)
        .unwrap()
        .load_doc(id)
        .unwrap();
    assert!(
        doc.text
            .contains(&format!("User-Agent was: factdesk/{v} (")),
        "{}",
        doc.text
    );
}

#[test]
fn article_add_url_captures_the_page_and_its_sentences() {
    let server = Server::start();
    let (_tmp, dir) = new_project();
    let r = ok(fd(&dir, &["article", "add", &server.url("/moved")]));
    assert!(r.stdout.contains("candidate claims"), "{}", r.stdout);
    let r = ok(fd(&dir, &["article", "ls", "--json"]));
    let articles: Vec<Value> = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(articles.len(), 1);
    let a = &articles[0];
    assert_eq!(a["url"], server.url("/moved"));
    assert_eq!(a["title"], "Hafenbericht Rason");
    assert!(a["captured_at"].as_str().unwrap().ends_with('Z'));
    let id = a["id"].as_str().unwrap();
    let folder = dir.join("articles").join(id);
    let original = folder.join("original.warc.gz");
    assert!(original.is_file(), "the capture is the article's original");
    warcio_check(&[original]);
    let text = std::fs::read_to_string(folder.join("text.txt")).unwrap();
    assert!(text.contains("300 Container verladen"), "{text}");
    assert!(
        !text.contains("Fusszeilentext") && !text.contains("Menuepunkt"),
        "{text}"
    );
    let claims = common::claims_json(&dir);
    assert!(claims
        .iter()
        .any(|c| c["text"].as_str().unwrap().contains("Wladiwostok")));

    // A failing URL is one clear error and leaves no article behind.
    let r = fd(&dir, &["article", "add", &server.url("/missing")]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("/missing: HTTP 404"), "{}", r.stderr);
    assert_eq!(std::fs::read_dir(dir.join("articles")).unwrap().count(), 1);
}

#[test]
fn a_warc_written_by_warcio_imports_its_pages_with_their_urls() {
    let (tmp, dir) = new_project();
    let warc = tmp.path().join("crawl.warc.gz");
    make_warc(&[&warc, &pdf_fixture()]);
    let r = ok(fd(&dir, &["source", "add", warc.to_str().unwrap()]));
    assert!(r.stdout.contains("3 added"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("3 pages read, 3 other responses left out"),
        "{}",
        r.stdout
    );
    let sources = sources_json(&dir);
    let urls: Vec<&str> = sources.iter().map(|s| s["url"].as_str().unwrap()).collect();
    for url in [
        "http://archiv.example/artikel",
        "http://archiv.example/notiz.txt",
        "http://archiv.example/bericht.pdf",
    ] {
        assert!(urls.contains(&url), "{url} in {urls:?}");
    }
    let article = by_url(&sources, "http://archiv.example/artikel");
    assert_eq!(article["captured_at"], "2024-03-04T10:11:12Z");
    assert_eq!(article["http_status"], 200);
    assert_eq!(
        search_titles(&dir, "Wasserstraszenamt"),
        ["Archivierter Artikel"]
    );
    assert!(search_titles(&dir, "Navigation").is_empty());
    assert_eq!(search_titles(&dir, "Niedrigwasser").len(), 1);
    assert_eq!(search_titles(&dir, "\"Erde ist rund\""), ["bericht"]);
    // Each page's archive holds the original records, still valid.
    warcio_check_loose(&warc_files(&dir));
    // A second import changes nothing.
    let r = ok(fd(&dir, &["source", "add", warc.to_str().unwrap()]));
    assert!(
        r.stdout.contains("0 added") && r.stdout.contains("3 unchanged"),
        "{}",
        r.stdout
    );
}

/// `warcio check` on archives of other tools' records (whose warcinfo may carry no digest).
fn warcio_check_loose(files: &[PathBuf]) {
    let out = warcio(&["check"], files);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

#[test]
fn broken_and_hostile_warc_files_fail_alone_with_a_reason() {
    let (tmp, dir) = new_project();
    let cases: [(&str, &[u8]); 4] = [
        (
            "empty-ish.warc",
            b"WARC/1.1\r\nContent-Length: 999999\r\n\r\nshort",
        ),
        ("not-a.warc", b"hello, this is not an archive"),
        ("bad.warc.gz", b"\x1f\x8b\x08\x00garbage"),
        (
            "nopage.warc",
            b"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 2\r\n\r\nhi\r\n\r\n",
        ),
    ];
    let mut args = vec!["source".to_owned(), "add".to_owned()];
    for (name, bytes) in cases {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        args.push(p.to_str().unwrap().to_owned());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = fd(&dir, &args);
    assert_eq!(r.code, 1, "{}", r.stderr);
    for (name, reason) in [
        ("empty-ish.warc", "cut short"),
        ("not-a.warc", "not a WARC file"),
        ("bad.warc.gz", "corrupt gzip data"),
        ("nopage.warc", "no HTML, text, JSON or PDF page"),
    ] {
        assert!(
            r.stderr
                .lines()
                .any(|l| l.contains(name) && l.contains(reason)),
            "{name}: {reason}?\n{}",
            r.stderr
        );
    }
    assert!(sources_json(&dir).is_empty());
}

#[test]
fn failure_lines_carry_no_terminal_escapes_from_urls_or_names() {
    let server = Server::start();
    let (tmp, dir) = new_project();
    // A missing file whose name holds escape sequences, and URLs (parsing or not) that hold
    // them.
    let hostile_file = tmp.path().join("bad\x1b[2Jname\x07.txt");
    let args = [
        "source".to_owned(),
        "add".to_owned(),
        server.url("/missing\x1b]0;title\x07"),
        "http://no\x1b[31m-host.invalid/".to_owned(),
        "ht\x1b[1mtp://x/".to_owned(),
        "ftp://127.0.0.1/\x1b[5m".to_owned(),
        hostile_file.to_str().unwrap().to_owned(),
    ];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = fd(&dir, &args);
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    for out in [&r.stdout, &r.stderr] {
        assert!(
            !out.chars().any(|c| c.is_control() && c != '\n'),
            "a control character reached the terminal: {out:?}"
        );
    }
    let failures: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("factdesk: ") && !l.contains("could not be imported"))
        .collect();
    assert_eq!(failures.len(), 5, "one line per input:\n{}", r.stderr);
    assert!(
        failures.iter().any(|l| l.contains("HTTP 404")),
        "{}",
        r.stderr
    );
    no_leftovers(&dir);
}

#[test]
fn every_content_encoding_and_a_charset_named_only_by_the_page_are_decoded() {
    let server = Server::start();
    let (_tmp, dir) = new_project();
    let paths = ["/deflate", "/raw-deflate", "/brotli", "/cp1252-meta"];
    let mut args = vec!["source".to_owned(), "add".to_owned()];
    args.extend(paths.iter().map(|p| server.url(p)));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = ok(fd(&dir, &args));
    assert!(r.stdout.contains("4 added"), "{}", r.stdout);
    assert_eq!(search_titles(&dir, "Zlibprobe"), ["Zlibprobe"]);
    assert_eq!(search_titles(&dir, "Rohdeflateprobe"), ["Rohdeflateprobe"]);
    assert_eq!(search_titles(&dir, "Brotliprobe"), ["Brotliprobe"]);
    assert_eq!(search_titles(&dir, "Straßenbahnmünze"), ["Grüße aus Köln"]);
    // The archive keeps the bodies as sent (still compressed) and passes warcio.
    let sources = sources_json(&dir);
    let stored = |path: &str| {
        let warc = by_url(&sources, &server.url(path))["warc"]
            .as_str()
            .unwrap()
            .to_owned();
        let out = Command::new("python3")
            .args([
                "-c",
                "import gzip,sys; sys.stdout.buffer.write(gzip.open(sys.argv[1]).read())",
            ])
            .arg(dir.join(warc))
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).to_ascii_lowercase()
    };
    let deflate = stored("/deflate");
    assert!(deflate.contains("content-encoding: deflate"), "{deflate}");
    assert!(
        !deflate.contains("kodiert mit dem wort"),
        "stored decoded: {deflate}"
    );
    assert!(stored("/brotli").contains("content-encoding: br"));
    warcio_check(&warc_files(&dir));
}

#[test]
fn a_body_that_stalls_midway_and_a_declared_oversize_body_fail_cleanly() {
    let server = Server::start();
    let (_tmp, dir) = new_project();
    let r = fd(
        &dir,
        &[
            "source",
            "add",
            &server.url("/stall"),
            &server.url("/big-declared"),
            &server.url("/same"),
            "--timeout",
            "2",
            "--max-size",
            "1MB",
        ],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let line = |path: &str| -> String {
        let prefix = format!("factdesk: {}: ", server.url(path));
        let lines: Vec<&str> = r
            .stderr
            .lines()
            .filter(|l| l.starts_with(&prefix))
            .collect();
        assert_eq!(lines.len(), 1, "{}", r.stderr);
        lines[0].to_owned()
    };
    assert!(line("/stall").contains("timeout"), "{}", r.stderr);
    assert!(line("/big-declared").contains("size limit"), "{}", r.stderr);
    assert!(r.stdout.contains("1 added"), "{}", r.stdout);
    assert_eq!(sources_json(&dir).len(), 1);
    assert_eq!(warc_files(&dir).len(), 1);
    no_leftovers(&dir);
}

#[test]
fn a_wacz_collection_imports_the_pages_of_its_warcs() {
    let (tmp, dir) = new_project();
    let warc = tmp.path().join("crawl.warc.gz");
    let wacz = tmp.path().join("Sammlung.wacz");
    make_warc(&[&warc, &pdf_fixture(), &wacz]);
    // A WACZ whose WARC is cut off fails alone, naming the WARC inside it.
    let broken = tmp.path().join("kaputt.wacz");
    let bytes = std::fs::read(&warc).unwrap();
    let zipped = Command::new("python3")
        .args([
            "-c",
            "import sys,zipfile; z=zipfile.ZipFile(sys.argv[1],'w'); \
             z.writestr('archive/cut.warc.gz', open(sys.argv[2],'rb').read()[:int(sys.argv[3])]); z.close()",
        ])
        .arg(&broken)
        .arg(&warc)
        .arg((bytes.len() / 2).to_string())
        .output()
        .unwrap();
    assert!(zipped.status.success());
    let r = fd(
        &dir,
        &[
            "source",
            "add",
            wacz.to_str().unwrap(),
            broken.to_str().unwrap(),
        ],
    );
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("3 added"), "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .lines()
            .any(|l| l.contains("kaputt.wacz") && l.contains("archive/cut.warc.gz")),
        "{}",
        r.stderr
    );
    let sources = sources_json(&dir);
    assert_eq!(sources.len(), 3, "{sources:#?}");
    let article = by_url(&sources, "http://archiv.example/artikel");
    assert_eq!(article["captured_at"], "2024-03-04T10:11:12Z");
    assert_eq!(
        search_titles(&dir, "Wasserstraszenamt"),
        ["Archivierter Artikel"]
    );
    assert_eq!(search_titles(&dir, "Niedrigwasser").len(), 1);
    warcio_check_loose(&warc_files(&dir));
}

/// A server on 127.0.0.1 that answers at once, then sends two bytes every 0.2 s for ever (its
/// thread ends when the client goes away). Returns the URL of its only page.
fn trickling_server(headers_too: bool) -> String {
    use std::io::Write;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            std::thread::spawn(move || {
                let mut request = [0u8; 4096];
                let _ = std::io::Read::read(&mut conn, &mut request);
                let head: &[u8] = if headers_too {
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                } else {
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
                };
                if conn.write_all(head).is_err() {
                    return;
                }
                let drip: &[u8] = if headers_too { b"X-" } else { b"ab" };
                while conn.write_all(drip).and_then(|()| conn.flush()).is_ok() {
                    std::thread::sleep(std::time::Duration::from_millis(200));
                }
            });
        }
    });
    format!("http://127.0.0.1:{port}/drip")
}

#[test]
fn a_server_that_trickles_is_stopped_at_the_fetch_deadline_and_said_so() {
    let (_tmp, dir) = new_project();
    for headers_too in [false, true] {
        let url = trickling_server(headers_too);
        let started = std::time::Instant::now();
        let r = fd(&dir, &["source", "add", &url, "--timeout", "1"]);
        let took = started.elapsed();
        assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
        // The deadline is 4 × --timeout; the old limit was 20 ×. Generous for a loaded machine.
        assert!(took.as_secs() < 15, "took {took:?}: {}", r.stderr);
        assert!(
            took.as_secs() >= 3,
            "{headers_too}: stopped too early ({took:?}): {}",
            r.stderr
        );
        let line = format!(
            "factdesk: {url}: the server was still sending after 4 s; stopped \
             (a fetch may take 4 × --timeout in all)"
        );
        assert!(r.stderr.contains(&line), "{}", r.stderr);
        assert!(!r.stderr.contains("no answer"), "{}", r.stderr);
        assert!(sources_json(&dir).is_empty());
        no_leftovers(&dir);
    }
}
