//! Speed benchmark driver for `bench/laws.sh` (German federal laws, one Markdown file each).
//!
//! ```text
//! laws_bench index  MD_DIR INDEX_DIR          build the index, print {"docs","passages","bytes","secs"}
//! laws_bench query  INDEX_DIR QUERIES ROUNDS  warm latency with snippets, print {"p50_ms","p99_ms",...}
//! laws_bench cold   INDEX_DIR QUERY           open the index and run one query (timed by the caller)
//! laws_bench typing INDEX_DIR QUERIES         every prefix of every query as typed key by key
//!                                             (search as you type), print {"p50_ms","p99_ms",...}
//! laws_bench floor  MD_DIR INDEX_DIR          the least tantivy can do with this corpus: one
//!                                             document per law, title and body with tantivy's
//!                                             default tokenizer (no stemming), positions, nothing
//!                                             stored, all cores; print {"secs"}
//! laws_bench analyze JSONL_GZ ROUNDS          the body and the numbers analyzer alone over every
//!                                             record's text (German), best of ROUNDS, print
//!                                             {"fd_text3": {"mb_per_s",...}, "fd_num1": ...}
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use factdesk_index::search::IndexConfig;
use factdesk_index::{Lang, SearchIndex, SearchRequest, SourceDoc};

fn markdown_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    files.sort();
    Ok(files)
}

fn to_source(path: &Path) -> std::io::Result<SourceDoc> {
    let text = fs::read_to_string(path)?;
    let name = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .unwrap_or(&name)
        .trim()
        .to_string();
    Ok(SourceDoc {
        id: name.clone(),
        original_id: Some(name),
        title,
        publisher: "Bundesministerium der Justiz".into(),
        language: Lang::De,
        text,
        ..SourceDoc::default()
    })
}

/// A bare tantivy index of the laws, built the cheapest way tantivy offers (the same writer
/// budget as factdesk's), as a floor for any layout factdesk could choose. `FLOOR` adds
/// factdesk's costs one at a time, to see which of them the build's time goes to:
/// `text` (factdesk's body analyzer, German stems and compound parts), `passages` (one
/// document per passage instead of per law), `stored` (the passage text stored, zstd),
/// `nomark` (with `text`: words only, no stems).
fn floor_build(files: &[PathBuf], dir: &Path) -> Result<(), Box<dyn std::error::Error>> {
    use factdesk_index::search::analyzers::{self, Stems};
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    let wanted = std::env::var("FLOOR").unwrap_or_default();
    let has = |what: &str| wanted.split(',').any(|w| w == what);
    let tokenizer = if has("text") {
        analyzers::TEXT
    } else {
        "default"
    };
    let mut options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    if has("stored") {
        options = options.set_stored();
    }
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", options.clone());
    let body = builder.add_text_field("body", options);
    fs::create_dir_all(dir)?;
    let mut index = tantivy::Index::create_in_dir(dir, builder.build())?;
    if has("stored") {
        index.settings_mut().docstore_compression =
            tantivy::store::Compressor::Zstd(tantivy::store::ZstdCompressor::default());
    }
    let splitter = factdesk_index::search::compounds::configured().map(|(s, _)| s);
    analyzers::register(index.tokenizers(), splitter);
    let mut writer: tantivy::IndexWriter = index.writer(96_000_000)?;
    let config = factdesk_index::search::PassageConfig::default();
    let mark = |t: &str| {
        if has("text") && !has("nomark") {
            analyzers::marked(Stems::De, t)
        } else {
            t.to_string()
        }
    };
    for source in files.iter().filter_map(|f| to_source(f).ok()) {
        let (heading, text) = (mark(&source.title), source.text);
        if has("passages") {
            for span in factdesk_index::search::split_passages(&text, config) {
                let passage = mark(&text[span.bytes.clone()]);
                writer.add_document(tantivy::doc!(title => heading.clone(), body => passage))?;
            }
        } else {
            writer.add_document(tantivy::doc!(title => heading, body => mark(&text)))?;
        }
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(())
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        limit: 10,
        passages_per_source: 2,
        ..SearchRequest::new(query)
    }
}

fn read_queries(path: &str) -> std::io::Result<Vec<String>> {
    Ok(fs::read_to_string(path)?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// `"p50_ms": .., "p99_ms": .., "max_ms": ..` of the timings (sorted in place).
fn latency_fields(times: &mut [f64]) -> String {
    times.sort_by(f64::total_cmp);
    format!(
        "\"p50_ms\": {:.3}, \"p99_ms\": {:.3}, \"max_ms\": {:.3}",
        percentile(times, 50.0),
        percentile(times, 99.0),
        times.last().copied().unwrap_or(0.0)
    )
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("index") if args.len() == 3 => {
            let files = markdown_files(Path::new(&args[1]))?;
            let bytes: u64 = files
                .iter()
                .map(|f| fs::metadata(f).map(|m| m.len()).unwrap_or(0))
                .sum();
            let started = Instant::now();
            // Read lazily: only the writer's buffers, not the corpus, sit in memory.
            let docs = files.iter().filter_map(|f| to_source(f).ok());
            let (index, passages) =
                SearchIndex::rebuild_in(&args[2], IndexConfig::default(), docs)?;
            let secs = started.elapsed().as_secs_f64();
            drop(index);
            println!(
                "{{\"docs\": {}, \"passages\": {passages}, \"bytes\": {bytes}, \"secs\": {secs:.3}}}",
                files.len()
            );
        }
        Some("floor") if args.len() == 3 => {
            let files = markdown_files(Path::new(&args[1]))?;
            let started = Instant::now();
            floor_build(&files, Path::new(&args[2]))?;
            println!("{{\"secs\": {:.3}}}", started.elapsed().as_secs_f64());
        }
        Some("query") if args.len() == 4 => {
            let index = SearchIndex::open_or_create(&args[1])?;
            let queries = read_queries(&args[2])?;
            let rounds: usize = args[3].parse()?;
            let mut times = Vec::new();
            let mut hits = 0usize;
            let mut snippets = 0usize;
            for round in 0..=rounds {
                for q in &queries {
                    let started = Instant::now();
                    let results = index.search(&request(q))?;
                    let ms = started.elapsed().as_secs_f64() * 1000.0;
                    // Round 0 warms the page cache and the doc store cache.
                    if round > 0 {
                        times.push(ms);
                        hits += results.sources.len();
                        snippets += results
                            .sources
                            .iter()
                            .flat_map(|s| &s.passages)
                            .filter(|p| !p.snippet.highlights.is_empty())
                            .count();
                    }
                }
            }
            println!(
                "{{{}, \"queries\": {}, \"mean_sources\": {:.1}, \"highlighted_passages\": {}}}",
                latency_fields(&mut times),
                times.len(),
                hits as f64 / times.len().max(1) as f64,
                snippets
            );
        }
        Some("typing") if args.len() == 3 => {
            let index = SearchIndex::open_or_create(&args[1])?;
            let queries = read_queries(&args[2])?;
            let mut times = Vec::new();
            for round in 0..2 {
                for q in &queries {
                    let typed: Vec<char> = q.chars().collect();
                    for n in 1..=typed.len() {
                        let mut r = request(&typed[..n].iter().collect::<String>());
                        r.lenient = true;
                        r.complete_last_word = true;
                        let started = Instant::now();
                        index.search(&r)?;
                        if round > 0 {
                            times.push(started.elapsed().as_secs_f64() * 1000.0);
                        }
                    }
                }
            }
            println!(
                "{{{}, \"keystrokes\": {}}}",
                latency_fields(&mut times),
                times.len()
            );
        }
        Some("cold") if args.len() == 3 => {
            let started = Instant::now();
            let index = SearchIndex::open_or_create(&args[1])?;
            let results = index.search(&request(&args[2]))?;
            println!(
                "{{\"in_process_ms\": {:.3}, \"sources\": {}}}",
                started.elapsed().as_secs_f64() * 1000.0,
                results.sources.len()
            );
        }
        Some("analyze") if args.len() == 3 => analyze(&args[1], args[2].parse()?)?,
        _ => {
            eprintln!("usage: laws_bench index MD_DIR INDEX_DIR | query INDEX_DIR QUERIES ROUNDS | typing INDEX_DIR QUERIES | cold INDEX_DIR QUERY | analyze JSONL_GZ ROUNDS");
            std::process::exit(2);
        }
    }
    Ok(())
}

/// The cost of the body analyzer and of the numbers analyzer alone (no index): what a token
/// filter or a second analysed field costs on the laws corpus, measured without tantivy's
/// writer threads around it.
fn analyze(corpus: &str, rounds: usize) -> Result<(), Box<dyn std::error::Error>> {
    use factdesk_index::search::analyzers::{self, Stems};
    use std::io::Read;
    use tantivy::tokenizer::TokenStream;
    let mut raw = String::new();
    flate2::read::GzDecoder::new(fs::File::open(corpus)?).read_to_string(&mut raw)?;
    let texts: Vec<String> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| {
            v.get("text")?
                .as_str()
                .map(|t| analyzers::marked(Stems::De, t))
        })
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut fields = Vec::new();
    for name in [analyzers::TEXT, analyzers::NUM] {
        let mut analyzer = analyzers::analyzer(name);
        let (mut best, mut tokens) = (f64::MAX, 0usize);
        for _ in 0..rounds.max(1) {
            let started = Instant::now();
            tokens = 0;
            for t in &texts {
                let mut stream = analyzer.token_stream(t);
                while stream.next().is_some() {
                    tokens += 1;
                }
            }
            best = best.min(started.elapsed().as_secs_f64());
        }
        fields.push(format!(
            "\"{name}\": {{\"tokens\": {tokens}, \"best_secs\": {best:.3}, \"mb_per_s\": {:.1}}}",
            bytes as f64 / best / 1e6
        ));
    }
    println!("{{\"bytes\": {bytes}, {}}}", fields.join(", "));
    Ok(())
}
