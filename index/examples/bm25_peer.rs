//! The peer the lexical targets are judged against: plain tantivy BM25, English stemmer, title
//! and text in one field, the claim as a disjunction of its words, no tuning. Not a product
//! figure (product figures come from `factdesk eval beir`); it scores the same splits.
//!
//! `cargo run --release -p factdesk-index --example bm25_peer -- CORPUS QUERIES QRELS [IDS [RUN]]`
//! (RUN: the TREC run is written there, to compare with `factdesk eval beir --run` per query)

use std::collections::HashSet;
use std::path::Path;

use factdesk_index::eval;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Schema, Value, STORED, STRING, TEXT};
use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
};
use tantivy::{Index, TantivyDocument, Term};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 {
        eprintln!("usage: bm25_peer CORPUS QUERIES QRELS [IDS [RUN]]");
        std::process::exit(2);
    }
    let corpus = eval::load_corpus(Path::new(&args[0]))?;
    let qrels = eval::load_qrels(Path::new(&args[2]))?;
    let ids: Option<HashSet<String>> = args.get(3).map(|p| {
        std::fs::read_to_string(p)
            .unwrap_or_default()
            .lines()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    });
    let queries: Vec<_> = eval::load_queries(Path::new(&args[1]))?
        .into_iter()
        .filter(|q| qrels.contains_key(&q.id))
        .filter(|q| ids.as_ref().is_none_or(|ids| ids.contains(&q.id)))
        .collect();
    let mut b = Schema::builder();
    let id = b.add_text_field("id", STRING | STORED);
    let text = b.add_text_field(
        "text",
        TEXT.set_indexing_options(
            tantivy::schema::TextFieldIndexing::default()
                .set_tokenizer("en")
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        ),
    );
    let index = Index::create_in_ram(b.build());
    let analyzer = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(Stemmer::new(Language::English))
            .build()
    };
    index.tokenizers().register("en", analyzer());
    let mut writer = index.writer(100 << 20)?;
    for d in &corpus {
        let mut doc = TantivyDocument::default();
        doc.add_text(id, &d.id);
        doc.add_text(text, format!("{} {}", d.title, d.text));
        writer.add_document(doc)?;
    }
    writer.commit()?;
    let searcher = index.reader()?.searcher();
    let mut a = analyzer();
    let mut run = eval::Run::new();
    for q in &queries {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut stream = a.token_stream(&q.text);
        while let Some(t) = stream.next() {
            clauses.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(text, &t.text),
                    IndexRecordOption::WithFreqs,
                )),
            ));
        }
        let top = searcher.search(
            &BooleanQuery::new(clauses),
            &TopDocs::with_limit(100).order_by_score(),
        )?;
        let mut ranked = Vec::new();
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let doc_id = doc.get_first(id).and_then(|v| v.as_str()).unwrap_or("");
            ranked.push((doc_id.to_string(), score));
        }
        run.insert(q.id.clone(), ranked);
    }
    if let Some(path) = args.get(4) {
        let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
        eval::write_trec_run(&mut out, &run, "bm25_peer")?;
        std::io::Write::flush(&mut out)?;
    }
    let mut judged = qrels;
    judged.retain(|q, _| queries.iter().any(|x| &x.id == q));
    let s = eval::score_run(&run, &judged);
    println!(
        "nDCG@10 {:.4}  R@100 {:.4}  ({} queries)",
        s.ndcg_at_10, s.recall_at_100, s.queries
    );
    Ok(())
}
