//! Measures verdict-library matching on hand-written paraphrase pairs
//! (tests/fixtures/library_pairs.tsv): every original and every distractor is filed in a
//! real library; each reworded claim is the query. Reports precision of the top match and
//! the share of queries whose right answer clears the same-claim threshold.

use factdesk_index::library::{LibraryEntry, VerdictLibrary, SAME_CLAIM};
use factdesk_index::Lang;

struct Pair {
    lang: Lang,
    original: String,
    paraphrase: String,
}

fn load() -> (Vec<Pair>, Vec<(Lang, String)>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/library_pairs.tsv"
    );
    let text = std::fs::read_to_string(path).expect("fixture readable");
    let mut pairs = Vec::new();
    let mut distractors = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let lang = Lang::from_code(cols[1]);
        match (cols[0], cols.len()) {
            ("pair", 4) => pairs.push(Pair {
                lang,
                original: cols[2].to_string(),
                paraphrase: cols[3].to_string(),
            }),
            ("distractor", 3) => distractors.push((lang, cols[2].to_string())),
            _ => panic!("bad fixture line: {line}"),
        }
    }
    (pairs, distractors)
}

fn entry(origin: String, claim: &str, lang: Lang) -> LibraryEntry {
    LibraryEntry {
        origin,
        claim: claim.to_string(),
        rating: "False".into(),
        explanation: String::new(),
        date: "2023-10-17".into(),
        url: String::new(),
        publisher: "test desk".into(),
        claimant: String::new(),
        lang,
    }
}

/// A library in `dir` holding every original (`pair:N`) and distractor (`distractor:N`).
fn filed(dir: &std::path::Path, pairs: &[Pair], distractors: &[(Lang, String)]) -> VerdictLibrary {
    let mut lib = VerdictLibrary::open_or_create(dir.join("library")).unwrap();
    for (i, p) in pairs.iter().enumerate() {
        lib.upsert(&entry(format!("pair:{i}"), &p.original, p.lang))
            .unwrap();
    }
    for (i, (lang, d)) in distractors.iter().enumerate() {
        lib.upsert(&entry(format!("distractor:{i}"), d, *lang))
            .unwrap();
    }
    lib.commit().unwrap();
    lib
}

#[test]
fn paraphrases_find_their_original() {
    let (pairs, distractors) = load();
    assert!(pairs.len() >= 40, "need at least 40 pairs");
    let tmp = tempfile::tempdir().unwrap();
    let lib = filed(tmp.path(), &pairs, &distractors);

    let mut top1 = 0;
    let mut above = 0;
    let mut wrong_above = 0;
    let mut sims = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        let found = lib.find_similar(&p.paraphrase, p.lang, 5, None).unwrap();
        let want = format!("pair:{i}");
        let first = found.first();
        if first.is_some_and(|m| m.entry.origin == want) {
            top1 += 1;
        } else {
            println!(
                "MISS [{}] {:?} -> {:?}",
                p.lang.code(),
                p.paraphrase,
                first.map(|m| (&m.entry.claim, m.similarity))
            );
        }
        if let Some(m) = found.iter().find(|m| m.entry.origin == want) {
            sims.push(m.similarity);
            if m.similarity >= SAME_CLAIM {
                above += 1;
            } else {
                println!(
                    "BELOW [{}] {:.2} {:?} ~ {:?}",
                    p.lang.code(),
                    m.similarity,
                    p.paraphrase,
                    p.original
                );
            }
        }
        // A wrong entry above the threshold is a false "same claim" offered for reuse.
        wrong_above += found
            .iter()
            .filter(|m| m.entry.origin != want && m.is_same_claim())
            .count()
            .min(1);
    }
    let n = pairs.len() as f32;
    sims.sort_by(f32::total_cmp);
    let median = sims.get(sims.len() / 2).copied().unwrap_or(0.0);
    println!(
        "pairs {} distractors {}: precision@1 {:.3}, right match >= {SAME_CLAIM} {:.3}, queries with a wrong match >= {SAME_CLAIM} {:.3}, median similarity {:.2}",
        pairs.len(),
        distractors.len(),
        top1 as f32 / n,
        above as f32 / n,
        wrong_above as f32 / n,
        median
    );
    assert!(top1 as f32 / n >= 0.9, "precision@1 fell below 0.9");
    assert!(
        above as f32 / n >= 0.7,
        "too few paraphrases clear the threshold"
    );
    // Measured 2026-11-27 at 0.55: 2 of 44 queries also show a nearby-topic distractor
    // (0.045; 9 of 44 at the former 0.5). A regression guard: see docs/verdict-library.md.
    assert!(
        wrong_above as f32 / n <= 0.1,
        "too many false same-claim matches"
    );
}

#[test]
fn distractors_alone_are_not_the_same_claim() {
    // Queries whose original is not filed: whatever tops the list must stay below the
    // threshold, or the workstation would offer a wrong verdict for reuse.
    let (pairs, distractors) = load();
    let tmp = tempfile::tempdir().unwrap();
    let mut lib = VerdictLibrary::open_or_create(tmp.path()).unwrap();
    for (i, (lang, d)) in distractors.iter().enumerate() {
        lib.upsert(&entry(format!("distractor:{i}"), d, *lang))
            .unwrap();
    }
    lib.commit().unwrap();
    let mut false_same = 0;
    for p in &pairs {
        let found = lib.find_similar(&p.paraphrase, p.lang, 1, None).unwrap();
        if let Some(m) = found.first().filter(|m| m.is_same_claim()) {
            println!(
                "FALSE SAME {:.2} {:?} ~ {:?}",
                m.similarity, p.paraphrase, m.entry.claim
            );
            false_same += 1;
        }
    }
    println!(
        "false same-claim rate without the original filed: {:.3} ({false_same}/{})",
        false_same as f32 / pairs.len() as f32,
        pairs.len()
    );
    // Measured 2026-11-27 at 0.55: 0.045 (0.205 at the former 0.5); guard against worse.
    assert!(false_same as f32 / pairs.len() as f32 <= 0.1);
}

/// Precision and recall of the matches the workstation would show, per threshold: every
/// match in the top 5 with similarity >= t is shown. Recall: queries whose original is
/// shown. Precision: shown matches that are the original. Also the share of queries that
/// show at least one wrong match, with the original filed and without it.
#[test]
fn threshold_sweep() {
    let (pairs, distractors) = load();
    let tmp = tempfile::tempdir().unwrap();
    let lib = filed(tmp.path(), &pairs, &distractors);
    // (right?, similarity) of the top 5 of each query; the right one removed for "without".
    let mut with: Vec<Vec<(bool, f32)>> = Vec::new();
    for (i, p) in pairs.iter().enumerate() {
        let want = format!("pair:{i}");
        let found = lib.find_similar(&p.paraphrase, p.lang, 6, None).unwrap();
        with.push(
            found
                .iter()
                .map(|m| (m.entry.origin == want, m.similarity))
                .collect(),
        );
    }
    let n = pairs.len() as f32;
    let mut chosen = None;
    println!("threshold  precision  recall  queries-with-a-wrong-match  without-original");
    for step in 0..=9 {
        let t = 0.40 + 0.05 * step as f32;
        let (mut right, mut shown, mut wrong_q, mut wrong_alone) = (0, 0, 0, 0);
        for q in &with {
            let top5: Vec<&(bool, f32)> = q.iter().take(5).collect();
            let vis: Vec<&&(bool, f32)> = top5.iter().filter(|(_, s)| *s >= t).collect();
            shown += vis.len();
            right += vis.iter().filter(|(r, _)| *r).count();
            wrong_q += usize::from(vis.iter().any(|(r, _)| !*r));
            // Without the original filed, the next candidates move up.
            let alone: Vec<&(bool, f32)> = q.iter().filter(|(r, _)| !*r).take(5).collect();
            wrong_alone += usize::from(alone.iter().any(|(_, s)| *s >= t));
        }
        let precision = right as f32 / shown.max(1) as f32;
        let recall = right as f32 / n;
        println!(
            "{t:.2}       {precision:.3}      {recall:.3}   {:.3} ({wrong_q})                 {:.3} ({wrong_alone})",
            wrong_q as f32 / n,
            wrong_alone as f32 / n
        );
        if (t - SAME_CLAIM).abs() < 1e-4 {
            chosen = Some((precision, recall, wrong_q));
        }
    }
    let (precision, recall, _wrong) = chosen.expect("SAME_CLAIM is on the sweep's grid");
    println!("at SAME_CLAIM {SAME_CLAIM}: precision {precision:.3}, recall {recall:.3}");
    // Measured 2026-11-27 at 0.55: precision 0.955, recall 0.955 (chosen on these pairs).
    assert!(precision >= 0.9 && recall >= 0.9);
}
