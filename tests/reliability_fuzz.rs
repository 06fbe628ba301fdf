//! A bounded fuzz harness that runs in CI: mutated inputs seeded from the hostile corpus go to
//! the importers (sources and articles), the sanitiser, the sentence splitter, the claim and
//! manifest parsers, the whole project loader (every project file mutated on disk), the query
//! front end and the workstation's view. Nothing may panic and everything shown must be
//! terminal-safe.
//!
//! `FACTDESK_FUZZ_ITERS` (default 2000 per target) and `FACTDESK_FUZZ_SEED` make longer or
//! different runs: `FACTDESK_FUZZ_ITERS=50000 cargo test --release --test reliability_fuzz -- --nocapture`.
//! A failing input is written to `target/fuzz-failures/` and printed, to become a regression test.

mod common;
use common::{first_article, hidden_or_c1};
use factdesk::project::claim::Claim;
use factdesk::project::manifest::Manifest;
use factdesk::text::sentences;
use factdesk_index::extract::extract_file;
use factdesk_index::sanitize::{is_terminal_safe, sanitize_text};
use factdesk_index::search::SearchIndex;
use factdesk_index::{Lang, SearchRequest, SourceDoc};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/hostile");

fn iters() -> usize {
    std::env::var("FACTDESK_FUZZ_ITERS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000)
}

/// xorshift64*: deterministic, so a failure reproduces from the printed seed.
struct Rng(u64);
impl Rng {
    fn new(salt: u64) -> Rng {
        let seed: u64 = std::env::var("FACTDESK_FUZZ_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0x5eed_fac7_de5c);
        Rng((seed ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// Byte strings that hit the interesting paths: escapes, bidi, markup, TOML/JSON syntax.
const TOKENS: &[&[u8]] = &[
    b"\x1b[",
    b"\x1b]52;c;",
    b"\x1b]8;;",
    b"\x1b]0;",
    b"\x07",
    b"\x1b\\",
    b"\xc2\x9b",
    b"\x9b",
    b"\xe2\x80\xae",
    b"\xe2\x80\x8b",
    b"\xe2\x81\xa6",
    b"\xef\xbb\xbf",
    b"\0",
    b"\r",
    b"\r\n",
    b"\xff",
    b"\xc3",
    b"\xf0\x9f",
    b"<div>",
    b"</div>",
    b"<p>",
    b"<script>",
    b"<!--",
    b"&#27;",
    b"&#x9b;",
    b"&",
    b"\"",
    b"'",
    b"{",
    b"}",
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"=",
    b"\n",
    b"\\u001b",
    b"\\",
    b":",
    b"---\n",
    b"# ",
    b"title:",
    b"AND",
    b"OR",
    b"NOT",
    b"+",
    b"-",
    b"(",
    b")",
    b"*",
    b"~",
    b"^",
    b"date:[",
    b" TO ",
    b"after:",
    b"before:",
    b"lang:",
    b"url:",
    b"\"\"",
    b"stream",
    b"endstream",
    b"obj",
    b"xref",
    b"trailer",
    b"/Length 99999",
    b"1e999",
    b"-9999999999999999999",
    b"\xcc\x81",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xe2\x80\xa8",
    b"\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &[u8]) -> Vec<u8> {
    let mut v = input.to_vec();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(v.len() + 1);
        match rng.below(7) {
            0 if !v.is_empty() => {
                let i = rng.below(v.len());
                v[i] ^= 1 << rng.below(8);
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())];
                v.splice(at..at, t.iter().copied());
            }
            2 if !v.is_empty() => {
                let end = (at + rng.below(64)).min(v.len());
                v.drain(at..end);
            }
            3 if !v.is_empty() => {
                // Repeat a slice: long lines, deep nesting, many fields.
                let start = rng.below(v.len());
                let end = (start + 1 + rng.below(16)).min(v.len());
                let piece = v[start..end].to_vec();
                for _ in 0..rng.below(200) {
                    v.splice(at..at, piece.iter().copied());
                }
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let s = rng.below(other.len() + 1);
                let e = (s + rng.below(256)).min(other.len());
                v.splice(at..at, other[s..e].iter().copied());
            }
            5 => v.splice(at..at, [rng.next() as u8]).for_each(drop),
            _ => v.truncate(at),
        }
    }
    v.truncate(256 * 1024);
    v
}

fn seeds() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(FIXTURES)
        .unwrap()
        .flatten()
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    out.sort();
    out.push(("valid-claim.toml".into(), VALID_CLAIM.as_bytes().to_vec()));
    out.push(("factdesk.toml".into(), VALID_MANIFEST.as_bytes().to_vec()));
    out
}

const VALID_CLAIM: &str = r#"id = 2
article = "9f5c829d"
span = [226, 455]
text = "Britische Geheimdienste „berichten dies ständig“, sagte Peskow."
claimant = "Peskow"
triage = "kept"
created = "2026-11-27T21:08:35Z"
updated = "2026-11-27T21:08:35Z"

[verdict]
rating = "Falsch"
status = "in-progress"
explanation = "Es gibt Belege."
notes = ""
reviewer = ""

[[verdict.evidence]]
source = "fc88c1597a1dc5da0284263c92b41101fc07b03bff2c4350652fcd4a62e47310"
range = [10, 40]
quote = "Ein Zitat"
stance = "refutes"
note = ""
added = "2026-11-27T21:08:35Z"
"#;

const VALID_MANIFEST: &str = r#"format = 1
name = "Demo"
language = "de"

[organisation]
name = "factdesk Demo-Redaktion"
url = "https://factdesk.example/"

[scale]
preset = "correctiv"
"#;

/// Runs `f` on `input`; a panic saves the input and fails with a reproducible report.
fn guard(target: &str, n: usize, input: &[u8], f: impl FnOnce()) {
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/fuzz-failures");
        std::fs::create_dir_all(&dir).ok();
        let file = dir.join(format!("{target}-{n}.bin"));
        std::fs::write(&file, input).ok();
        panic!(
            "{target}: input {n} panicked; saved to {}: {:?}",
            file.display(),
            String::from_utf8_lossy(&input[..input.len().min(400)])
        );
    }
}

fn assert_doc_safe(target: &str, d: &SourceDoc, input: &[u8]) {
    for v in [&d.title, &d.publisher, &d.author, &d.url, &d.text] {
        assert!(
            is_terminal_safe(v),
            "{target}: unsafe output {v:?} from {:?}",
            String::from_utf8_lossy(input)
        );
    }
}

/// A gzip member with stored (uncompressed) deflate blocks: valid gzip without a compressor.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
    let mut chunks = data.chunks(0xffff).peekable();
    if data.is_empty() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(c) = chunks.next() {
        out.push(u8::from(chunks.peek().is_none()));
        let len = c.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(c);
    }
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    out.extend_from_slice(&(!crc).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

struct Report {
    target: &'static str,
    inputs: usize,
    slowest: Duration,
}

#[test]
fn fuzz_extractors() {
    let seeds = seeds();
    let seed_bytes: Vec<Vec<u8>> = seeds.iter().map(|s| s.1.clone()).collect();
    let mut rng = Rng::new(1);
    let n = iters();
    let mut report = Report {
        target: "extract_file",
        inputs: 0,
        slowest: Duration::ZERO,
    };
    let exts = [
        "txt", "md", "html", "htm", "jsonl", "gz", "pdf", "json", "xml", "",
    ];
    for i in 0..n {
        let (name, base) = &seeds[rng.below(seeds.len())];
        let mut bytes = mutate(&mut rng, &seed_bytes, base);
        let ext = if rng.below(3) == 0 {
            exts[rng.below(exts.len())]
        } else {
            name.rsplit('.').next().unwrap_or("")
        };
        if ext == "pdf" && i % 4 != 0 {
            continue; // PDF parsing is the slow one; a quarter of the PDF draws is plenty in CI.
        }
        if ext == "gz" {
            let mut gz = gzip_stored(&bytes);
            // Sometimes corrupt the compressed stream itself.
            if rng.below(2) == 0 && gz.len() > 20 {
                let at = 10 + rng.below(gz.len() - 10);
                gz[at] ^= 0x55;
            }
            bytes = gz;
        }
        let path = PathBuf::from(format!("eingabe.{ext}"));
        let start = Instant::now();
        guard("extract_file", i, &bytes, || {
            if let Ok(x) = extract_file(&path, &bytes) {
                for d in &x.docs {
                    assert_doc_safe("extract_file", d, &bytes);
                }
            }
        });
        report.slowest = report.slowest.max(start.elapsed());
        report.inputs += 1;
    }
    print_report(&report);
}

#[test]
fn fuzz_sanitiser_and_sentences() {
    let seeds: Vec<Vec<u8>> = seeds().into_iter().map(|s| s.1).collect();
    let mut rng = Rng::new(2);
    let n = iters() * 3;
    let mut report = Report {
        target: "sanitize_text+sentences::split",
        inputs: 0,
        slowest: Duration::ZERO,
    };
    for i in 0..n {
        let pick = rng.below(seeds.len());
        let bytes = mutate(&mut rng, &seeds, &seeds[pick]);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let start = Instant::now();
        guard("sanitize_text", i, &bytes, || {
            let clean = sanitize_text(&text);
            assert!(
                is_terminal_safe(&clean),
                "not safe: {clean:?} from {text:?}"
            );
            assert_eq!(sanitize_text(&clean), clean, "not idempotent on {text:?}");
            for s in sentences::split(&clean) {
                assert!(
                    s.start <= s.end && s.end <= clean.len(),
                    "{s:?} out of {clean:?}"
                );
                let _ = s.text(&clean);
            }
            // The splitter also sees raw (unsanitised) text in tools.
            for s in sentences::split(&text) {
                let _ = s.text(&text);
            }
        });
        report.slowest = report.slowest.max(start.elapsed());
        report.inputs += 1;
    }
    print_report(&report);
}

#[test]
fn fuzz_claim_and_manifest_loaders() {
    let seeds: Vec<Vec<u8>> = seeds().into_iter().map(|s| s.1).collect();
    let tomls = [VALID_CLAIM.as_bytes(), VALID_MANIFEST.as_bytes()];
    let mut rng = Rng::new(3);
    let n = iters() * 3;
    let mut parsed = 0;
    let mut report = Report {
        target: "Claim::parse+Manifest::parse",
        inputs: 0,
        slowest: Duration::ZERO,
    };
    for i in 0..n {
        let base = tomls[rng.below(2)];
        let bytes = mutate(&mut rng, &seeds, base);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let start = Instant::now();
        guard("loaders", i, &bytes, || {
            if let Ok(c) = Claim::parse(&text) {
                parsed += 1;
                // What loads must save and load again unchanged.
                let again = Claim::parse(&c.to_toml())
                    .unwrap_or_else(|e| panic!("round trip failed: {e} for {text:?}"));
                assert_eq!(again.to_toml(), c.to_toml());
            }
            let _ = Manifest::parse(&text);
        });
        report.slowest = report.slowest.max(start.elapsed());
        report.inputs += 1;
    }
    print_report(&report);
    eprintln!("  ({parsed} mutated claim files still parsed and round-tripped)");
}

#[test]
fn fuzz_query_front_end() {
    let tmp = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open_or_create(tmp.path().join("index")).unwrap();
    let texts = [
        (
            "Wohnungsmarkt \u{202e}Berlin",
            "Die Häuser in Berlin werden teurer. Müllers Haus steht leer.",
        ),
        (
            "Container in Tichorezk",
            "Tausend Container mit Munition kamen am 17.10.2023 an.",
        ),
        (
            "Reuters report",
            "North Korea shipped containers of artillery shells to Russia.",
        ),
    ];
    for (i, (title, text)) in texts.iter().enumerate() {
        index
            .add(&SourceDoc {
                id: format!("{i:0>64}"),
                original_id: None,
                title: title.to_string(),
                publisher: "Agentur".into(),
                author: String::new(),
                url: format!("https://example.org/{i}"),
                date: Some(format!("2023-10-1{i}")),
                language: if i == 2 { Lang::En } else { Lang::De },
                text: text.to_string(),
                capture: None,
            })
            .unwrap();
    }
    index.commit().unwrap();
    let qseeds: Vec<Vec<u8>> = [
        "Häuser Berlin",
        "\"tausend Container\"",
        "title:(Berlin OR Reuters) -Haus",
        "date:[2023-01-01 TO 2023-12-31] Container",
        "after:2023-10 before:2024 lang:de Haus*",
        "+North -Korea~2 url:example",
        "(((((",
        "\"unclosed",
        "NOT",
        "a AND OR NOT b",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    let mut rng = Rng::new(4);
    let n = iters();
    let mut errors = 0;
    let mut report = Report {
        target: "SearchIndex::search",
        inputs: 0,
        slowest: Duration::ZERO,
    };
    for i in 0..n {
        let pick = rng.below(qseeds.len());
        let bytes = mutate(&mut rng, &qseeds, &qseeds[pick]);
        let mut q: String = String::from_utf8_lossy(&bytes).chars().take(300).collect();
        if q.is_empty() {
            q.push('x');
        }
        let start = Instant::now();
        guard("search", i, q.as_bytes(), || {
            for lenient in [true, false] {
                let mut req = SearchRequest::new(q.clone());
                req.lenient = lenient;
                req.fuzzy = i % 2 == 0;
                req.all_words = i % 3 != 0;
                match index.search(&req) {
                    Ok(r) => {
                        for s in &r.sources {
                            for p in &s.passages {
                                assert!(is_terminal_safe(&p.snippet.text), "{q:?}");
                            }
                        }
                        for w in &r.warnings {
                            assert!(is_terminal_safe(w), "warning {w:?}");
                        }
                    }
                    Err(e) => {
                        assert!(!lenient, "lenient search failed on {q:?}: {e:?}");
                        errors += 1;
                    }
                }
            }
        });
        report.slowest = report.slowest.max(start.elapsed());
        report.inputs += 1;
    }
    print_report(&report);
    eprintln!("  ({errors} strict queries refused with a QueryError)");
}

/// Every project file the loaders read, mutated on disk one at a time, then the project is
/// opened and loaded the way the CLI and the workstation do it.
#[test]
fn fuzz_project_loader() {
    use factdesk::project::{changelog, lock, Access, Project};
    let seeds: Vec<Vec<u8>> = seeds().into_iter().map(|s| s.1).collect();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("demo");
    factdesk::demo::ensure(&root).unwrap();
    let art = first_article(&root);
    let lock_file = b"user = \"anna\"\nhost = \"factcheck-01\"\npid = 41872\npid_start = 88412345\nstarted = \"2026-11-27T09:12:44Z\"\n".to_vec();
    let files: Vec<(PathBuf, Vec<u8>)> = [
        "factdesk.toml".to_string(),
        "claims/0001.toml".into(),
        "claims/0002.toml".into(),
        "changes.jsonl".into(),
        format!("articles/{art}/article.toml"),
        format!("articles/{art}/text.txt"),
    ]
    .into_iter()
    .map(|f| {
        let p = root.join(f);
        let b = std::fs::read(&p).unwrap();
        (p, b)
    })
    .chain([(root.join("factdesk.lock"), lock_file)])
    .collect();
    let mut rng = Rng::new(5);
    let n = iters();
    let (mut opened, mut loaded) = (0, 0);
    let mut report = Report {
        target: "Project::open+load (files on disk)",
        inputs: 0,
        slowest: Duration::ZERO,
    };
    for i in 0..n {
        let (path, base) = &files[rng.below(files.len())];
        let bytes = mutate(&mut rng, &seeds, base);
        std::fs::write(path, &bytes).unwrap();
        let start = Instant::now();
        guard("project_loader", i, &bytes, || {
            let _ = lock::holder(&root);
            let _ = changelog::read(&root);
            let Ok(p) = Project::open(&root, Access::ReadOnly) else {
                return;
            };
            opened += 1;
            let _ = p.history(1);
            if let Ok((metas, _)) = p.articles() {
                for m in metas {
                    let _ = p.article(&m.id);
                }
            }
            if p.load_claims().is_ok() {
                let _ = p.claims_by_article();
                // The workstation's loader, and its first frame at 80x24.
                if let Ok(mut s) = factdesk::tui::run::load_state(&p) {
                    loaded += 1;
                    assert_screen_safe(&mut s, 80, 24, &[]);
                }
            }
        });
        report.slowest = report.slowest.max(start.elapsed());
        report.inputs += 1;
        if path.ends_with("factdesk.lock") {
            std::fs::remove_file(path).unwrap();
        } else {
            std::fs::write(path, base).unwrap();
        }
    }
    print_report(&report);
    eprintln!("  ({opened} mutated projects opened, {loaded} loaded into the workstation)");
}

/// `factdesk article add` without the binary: mutated articles into one project.
#[test]
fn fuzz_article_importer() {
    use factdesk::import::{import_article, ArticleInput};
    use factdesk::project::{Access, Project};
    let seeds = seeds();
    let seed_bytes: Vec<Vec<u8>> = seeds.iter().map(|s| s.1.clone()).collect();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("demo");
    factdesk::demo::ensure(&root).unwrap();
    let mut p = Project::open(&root, Access::Write).unwrap();
    let mut rng = Rng::new(6);
    // Every import writes and fsyncs an article and its claims: a tenth of the budget.
    let n = (iters() / 10).max(20);
    let mut imported = 0;
    let mut report = Report {
        target: "import_article",
        inputs: 0,
        slowest: Duration::ZERO,
    };
    let exts = ["txt", "md", "html", "htm", "pdf", ""];
    for i in 0..n {
        let (name, base) = &seeds[rng.below(seeds.len())];
        let bytes = mutate(&mut rng, &seed_bytes, base);
        let ext = if rng.below(4) == 0 {
            exts[rng.below(exts.len())]
        } else {
            name.rsplit('.').next().unwrap_or("")
        };
        let start = Instant::now();
        guard("import_article", i, &bytes, || {
            let input = ArticleInput {
                path: PathBuf::from(format!("artikel.{ext}")),
                bytes: bytes.clone(),
                fields: Default::default(),
                candidates: true,
            };
            if let Ok(r) = import_article(&mut p, input) {
                imported += 1;
                assert!(
                    is_terminal_safe(&r.article.text),
                    "unsafe article text from {:?}",
                    String::from_utf8_lossy(&bytes)
                );
            }
        });
        report.slowest = report.slowest.max(start.elapsed());
        report.inputs += 1;
    }
    drop(p);
    let p = Project::open(&root, Access::ReadOnly).unwrap();
    let claims = p.load_claims().unwrap();
    for c in &claims.claims {
        assert!(is_terminal_safe(&c.text), "unsafe claim text {:?}", c.text);
    }
    print_report(&report);
    eprintln!("  ({imported} mutated articles imported)");
}

/// Draws `s` at `w`x`h` and checks that no cell holds a control, C1 or hidden character.
fn assert_screen_safe(s: &mut factdesk::tui::state::State, w: u16, h: u16, input: &[u8]) {
    use factdesk::tui::msg::Msg;
    use factdesk::tui::update::update;
    use ratatui::backend::TestBackend;
    use ratatui::Terminal;
    update(s, Msg::Resize(w, h), Instant::now());
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| factdesk::tui::view::draw(f, s)).unwrap();
    let buf = t.backend().buffer();
    for y in 0..h {
        for x in 0..w {
            let sym = buf[(x, y)].symbol();
            let chars: Vec<char> = sym.chars().collect();
            // A joiner between two emoji is what the author wrote (👨‍👩‍👧), and hides nothing.
            let joins = |i: usize| {
                chars[i] == '\u{200d}'
                    && i > 0
                    && factdesk_index::sanitize::joins_emoji(
                        Some(chars[i - 1]),
                        chars.get(i + 1).copied(),
                    )
            };
            assert!(
                (0..chars.len())
                    .all(|i| joins(i) || (!chars[i].is_control() && !hidden_or_c1(chars[i]))),
                "cell {x},{y} holds {sym:?} (input {:?})",
                String::from_utf8_lossy(&input[..input.len().min(300)])
            );
        }
    }
}

/// The workstation's view over a hostile article and hand-edited claims (spans anywhere,
/// escapes in every field), at random sizes and after random keys.
#[test]
fn fuzz_workstation_view() {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use factdesk::project::{Access, Project};
    use factdesk::tui::msg::Msg;
    use factdesk::tui::state::{ArticleView, State};
    use factdesk::tui::update::update;
    let seeds: Vec<Vec<u8>> = seeds().into_iter().map(|s| s.1).collect();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("demo");
    factdesk::demo::ensure(&root).unwrap();
    let p = Project::open(&root, Access::ReadOnly).unwrap();
    let (metas, _) = p.articles().unwrap();
    let article = p.article(&metas[0].id).unwrap();
    let claims = p.load_claims().unwrap().claims;
    let keys = [
        KeyCode::Char('j'),
        KeyCode::Char('k'),
        KeyCode::Char(']'),
        KeyCode::Char('['),
        KeyCode::Char('G'),
        KeyCode::Char('g'),
        KeyCode::Char('v'),
        KeyCode::Char('V'),
        KeyCode::Char('l'),
        KeyCode::Char('e'),
        KeyCode::Char('?'),
        KeyCode::Char('C'),
        KeyCode::Char('2'),
        KeyCode::Char('3'),
        KeyCode::Tab,
        KeyCode::Esc,
        KeyCode::PageDown,
        KeyCode::End,
        KeyCode::Enter,
    ];
    let mut rng = Rng::new(7);
    let n = iters();
    let mut report = Report {
        target: "workstation view",
        inputs: 0,
        slowest: Duration::ZERO,
    };
    for i in 0..n {
        let bytes = mutate(&mut rng, &seeds, article.text.as_bytes());
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let len = text.chars().count();
        let mut cs = claims.clone();
        for c in cs.iter_mut() {
            match rng.below(4) {
                0 => c.span = [rng.below(len + 10), rng.below(len + 10)],
                1 => {
                    let pick = &seeds[rng.below(seeds.len())];
                    let m = mutate(&mut rng, &seeds, pick);
                    let m = String::from_utf8_lossy(&m[..m.len().min(400)]).into_owned();
                    c.text = m.clone();
                    c.claimant = m.clone();
                    c.verdict.explanation = m.clone();
                    c.verdict.notes = m.clone();
                    c.verdict.rating = m;
                }
                _ => {}
            }
        }
        let (w, h) = match rng.below(5) {
            0 => (1 + rng.below(30) as u16, 1 + rng.below(10) as u16),
            1 => (80, 24),
            2 => (160, 48),
            _ => (20 + rng.below(200) as u16, 5 + rng.below(60) as u16),
        };
        let start = Instant::now();
        guard("workstation_view", i, &bytes, || {
            let mut s = State::new(
                "Projekt \u{1b}]0;x\u{7}".into(),
                p.scale().clone(),
                vec![ArticleView {
                    meta: article.meta.clone(),
                    layout: factdesk::tui::text_layout::TextLayout::new(text.clone()),
                }],
                cs,
            );
            for _ in 0..rng.below(6) {
                let k = keys[rng.below(keys.len())];
                update(
                    &mut s,
                    Msg::Key(KeyEvent::new(k, KeyModifiers::NONE)),
                    Instant::now(),
                );
            }
            assert_screen_safe(&mut s, w, h, &bytes);
        });
        report.slowest = report.slowest.max(start.elapsed());
        report.inputs += 1;
    }
    print_report(&report);
}

fn print_report(r: &Report) {
    eprintln!(
        "fuzz {}: {} inputs, no panic, all output terminal-safe; slowest input {:?}",
        r.target, r.inputs, r.slowest
    );
}

/// The loader fuzz is only as good as its seeds: they must be valid files of today's format
/// (a claim seed with an old triage value once made every mutation a parse error).
#[test]
fn seeds_of_the_loaders_parse() {
    let c = Claim::parse(VALID_CLAIM).expect("VALID_CLAIM parses");
    assert_eq!(c.verdict.evidence.len(), 1, "the evidence seed is read");
    Manifest::parse(VALID_MANIFEST).expect("VALID_MANIFEST parses");
}
