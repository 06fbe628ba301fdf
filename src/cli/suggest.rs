//! Suggest evidence from the command line (`search --claim`) and the fused ranking behind
//! `search --queries`.

use anyhow::Result;
use factdesk_index::eval::{self, BeirQuery, EvalOptions};
use factdesk_index::extract::detect_lang_or;
use factdesk_index::sanitize::sanitize_text;
use factdesk_index::{Lang, PassageHit, SearchIndex};

use crate::error::user_error;
use crate::semantic::{self, Semantic};

/// Claims embedded per call: large enough for full batches, small enough to keep memory low.
const CLAIM_BATCH: usize = 64;

/// Ranks every query as a claim with lexical and semantic ranks fused; the lexical side
/// analyses each in its own detected language, `options.language` when its words do not
/// decide it (as the lexical run does).
pub fn fused_run(
    index: &SearchIndex,
    sem: &mut Semantic,
    qs: &[BeirQuery],
    options: &EvalOptions,
) -> Result<eval::Run> {
    let mut run = eval::Run::new();
    for chunk in qs.chunks(CLAIM_BATCH) {
        let texts: Vec<&str> = chunk.iter().map(|q| q.text.as_str()).collect();
        let langs: Vec<Lang> = texts
            .iter()
            .map(|t| detect_lang_or(t, options.language))
            .collect();
        let claims: Vec<(&str, Lang)> = texts.iter().copied().zip(langs.iter().copied()).collect();
        sem.cover(index, &claims)?;
        let queries = sem.queries(&texts)?;
        for ((q, sq), &lang) in chunk.iter().zip(&queries).zip(&langs) {
            let ranked = index
                .rank_sources_fused(
                    &q.text,
                    lang,
                    options.depth,
                    &options.weights,
                    sq,
                    &sem.weights,
                )
                .map_err(|e| user_error(format!("search failed: {e}")))?;
            run.insert(q.id.clone(), ranked);
        }
    }
    Ok(run)
}

/// `factdesk search --claim TEXT`: the passages suggest evidence offers for a claim, analysed
/// in its own detected language (`lang`, the project's, when its words do not decide it).
pub fn run(
    index: &SearchIndex,
    claim: &str,
    lang: Lang,
    limit: usize,
    json: bool,
    lexical_only: bool,
) -> Result<()> {
    let lang = detect_lang_or(claim, lang);
    if lang == Lang::De && crate::search::lacks_dictionary_for(claim) {
        eprintln!(
            "factdesk: note: {}",
            factdesk_index::search::translate::INSTALL_HINT
        );
    }
    let (mut sem, notice) = if lexical_only {
        (None, None)
    } else {
        semantic::open(index)
    };
    if let Some(n) = notice {
        eprintln!("factdesk: {n}");
    }
    let hits = match sem.as_mut() {
        Some(s) => s.suggest(index, claim, lang, limit),
        None => index.suggest_evidence(claim, lang, limit),
    }
    .map_err(|e| user_error(format!("suggest evidence: {e}")))?;
    if json {
        let list: Vec<_> = hits.iter().map(hit_json).collect();
        println!("{}", serde_json::to_string_pretty(&list)?);
        return Ok(());
    }
    if hits.is_empty() {
        println!("no passages found");
    }
    for h in &hits {
        println!(
            "{}  {:.3}  {}  [{}..{}]",
            &h.source.id[..12.min(h.source.id.len())],
            h.score,
            sanitize_text(&h.source.title),
            h.chars.start,
            h.chars.end
        );
        println!("    {}", sanitize_text(&h.snippet.text));
    }
    Ok(())
}

fn hit_json(h: &PassageHit) -> serde_json::Value {
    serde_json::json!({
        "source": h.source.id,
        "original_id": h.source.original_id,
        "title": h.source.title,
        "language": h.source.language.code(),
        "passage": h.passage,
        "score": h.score,
        "chars": [h.chars.start, h.chars.end],
        "snippet": h.snippet.text,
    })
}
