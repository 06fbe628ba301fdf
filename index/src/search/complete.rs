//! The word being typed, completed from the index's own vocabulary.
//!
//! A prefix query (`body:/pesk.*/`) finds every word that starts with what was typed, but
//! scores every match the same: while a word is half typed, results came back in index
//! order. The most frequent completions, searched as ordinary terms beside the prefix query,
//! give those matches their BM25 score, so the passage that says "Peskow" five times comes
//! before the one that mentions him once (Lucene's "top terms" rewrite does the same).

use std::collections::HashMap;

use tantivy::schema::Field;
use tantivy::Searcher;

/// Terms looked at per segment at most: a two- or three-letter prefix can open a large part
/// of the dictionary, and a keystroke must stay cheap.
const MAX_SCANNED: usize = 20_000;

/// The `limit` most frequent words of `field` that start with `prefix` (lowercased, as the
/// exact fields index them), most frequent first; ties in dictionary order.
pub fn frequent_completions(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    limit: usize,
) -> Vec<String> {
    let mut upper = prefix.as_bytes().to_vec();
    // 0xFF never occurs in UTF-8, so it sorts after every continuation of the prefix.
    upper.push(0xFF);
    let mut doc_freq: HashMap<Vec<u8>, u64> = HashMap::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut terms) = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .lt(&upper)
            .into_stream()
        else {
            continue;
        };
        let mut scanned = 0;
        while scanned < MAX_SCANNED && terms.advance() {
            scanned += 1;
            *doc_freq.entry(terms.key().to_vec()).or_default() += u64::from(terms.value().doc_freq);
        }
    }
    let mut ranked: Vec<(Vec<u8>, u64)> = doc_freq.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked
        .into_iter()
        .filter_map(|(term, _)| String::from_utf8(term).ok())
        .take(limit)
        .collect()
}
