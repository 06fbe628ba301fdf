//! The search index against real tantivy indexes in temporary folders.

use factdesk_index::search::SearchIndex;
use factdesk_index::{Lang, SearchRequest, SourceDoc};

fn doc(id: &str, lang: Lang, title: &str, date: Option<&str>, text: &str) -> SourceDoc {
    SourceDoc {
        id: format!("{id:0>64}"),
        original_id: Some(id.to_string()),
        title: title.to_string(),
        publisher: if lang == Lang::De {
            "Tagesschau"
        } else {
            "Reuters"
        }
        .to_string(),
        author: String::new(),
        url: format!("https://example.org/{id}"),
        date: date.map(str::to_string),
        language: lang,
        text: text.to_string(),
        capture: None,
    }
}

fn corpus() -> Vec<SourceDoc> {
    vec![
        doc("a1", Lang::De, "Wohnungsmarkt in Berlin", Some("2023-10-17"),
            "Die Häuser in Berlin werden teurer.\n\nMüllers Haus steht leer, sagte ein Sprecher am 17.10.2023."),
        doc("a2", Lang::De, "Ein Bericht über Herrn Müller", Some("2022-05-01"),
            "Herr Müller wohnt in Hamburg. Sein Haus ist alt."),
        doc("a3", Lang::En, "Missile test", Some("2023-09-13"),
            "North Korea launched a missile that flew 290 km on 13 September."),
        doc("a4", Lang::De, "Nordkorea", Some("2021-01-01"),
            "Nordkorea testete eine Rakete. Die Rakete flog 290 Kilometer weit."),
        doc("a5", Lang::Other, "Mixed", None, "Gemischte Sprache: houses and Häuser."),
    ]
}

fn open_with(docs: &[SourceDoc]) -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    for d in docs {
        index.add(d).unwrap();
    }
    index.commit().unwrap();
    (dir, index)
}

fn open_with_corpus() -> (tempfile::TempDir, SearchIndex) {
    open_with(&corpus())
}

fn ids(index: &SearchIndex, request: &SearchRequest) -> Vec<String> {
    index
        .search(request)
        .unwrap()
        .sources
        .into_iter()
        .map(|s| s.source.original_id.unwrap())
        .collect()
}

fn q(index: &SearchIndex, query: &str) -> Vec<String> {
    ids(index, &SearchRequest::new(query))
}

#[test]
fn german_stemming_and_umlauts() {
    let (_dir, index) = open_with_corpus();
    let found = q(&index, "Häuser");
    for id in ["a1", "a2", "a5"] {
        assert!(found.contains(&id.to_string()), "{id} not in {found:?}");
    }
    // Folded umlauts: "Hauser" stems like "Häuser".
    assert!(q(&index, "hauser").contains(&"a1".to_string()));
}

#[test]
fn exact_form_ranks_above_stemmed() {
    let (_dir, index) = open_with_corpus();
    let found = q(&index, "Müller");
    assert_eq!(found.first().map(String::as_str), Some("a2"), "{found:?}");
    assert!(
        found.contains(&"a1".to_string()),
        "Müllers found via stem: {found:?}"
    );
}

#[test]
fn phrases_numbers_and_dates() {
    let (_dir, index) = open_with_corpus();
    assert_eq!(q(&index, "\"Rakete flog\""), vec!["a4"]);
    assert!(q(&index, "\"flog Rakete\"").is_empty());
    let found = q(&index, "290");
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(q(&index, "17.10.2023"), vec!["a1"]);
    assert_eq!(q(&index, "\"17.10.2023\""), vec!["a1"]);
}

#[test]
fn boolean_operators() {
    let (_dir, index) = open_with_corpus();
    assert_eq!(q(&index, "Rakete AND 290"), vec!["a4"]);
    let mut any = q(&index, "Hamburg OR Missile");
    any.sort();
    assert_eq!(any, vec!["a2", "a3"]);
    assert_eq!(q(&index, "290 -Rakete"), vec!["a3"]);
    assert_eq!(q(&index, "290 NOT Missile"), vec!["a4"]);
    // With the German word list, a word excludes the compounds holding it too
    // ("Nordkorea"), as it finds them.
    let without_korea = q(&index, "290 NOT Korea");
    if index.splits_compounds() {
        assert!(without_korea.is_empty(), "{without_korea:?}");
    } else {
        assert_eq!(without_korea, vec!["a4"]);
    }
    assert_eq!(q(&index, "+Haus +Hamburg"), vec!["a2"]);
    // Default: all words must match.
    assert_eq!(q(&index, "Haus Hamburg"), vec!["a2"]);
}

#[test]
fn relaxes_to_any_word_when_all_words_find_nothing() {
    let (_dir, index) = open_with_corpus();
    let results = index
        .search(&SearchRequest::new("Hamburg Pjöngjang"))
        .unwrap();
    assert!(results.relaxed);
    assert_eq!(results.sources.len(), 1);
}

#[test]
fn field_filters() {
    let (_dir, index) = open_with_corpus();
    assert_eq!(q(&index, "title:Müller"), vec!["a2"]);
    // title: is stemmed too.
    assert_eq!(q(&index, "title:Berichte"), vec!["a2"]);
    let mut reuters = q(&index, "publisher:reuters");
    reuters.sort();
    assert_eq!(reuters, vec!["a3", "a5"]);
    assert_eq!(q(&index, "Haus publisher:tagesschau lang:de").len(), 2);
    // A word followed by a colon that names no field is searched as text.
    assert_eq!(q(&index, "Sprache:houses"), vec!["a5"]);
}

#[test]
fn date_filters() {
    let (_dir, index) = open_with_corpus();
    assert_eq!(q(&index, "290 date:[2023-01-01 TO 2023-12-31]"), vec!["a3"]);
    assert_eq!(q(&index, "290 date:2021"), vec!["a4"]);
    assert_eq!(q(&index, "Haus after:2023-10-17"), vec!["a1"]);
    assert_eq!(q(&index, "Haus before:2022-05"), vec!["a2"]);
    let mut r = SearchRequest::new("Haus OR 290");
    r.after = Some("2022-05-01".into());
    r.before = Some("2023-09-13".into());
    let mut found = ids(&index, &r);
    found.sort();
    assert_eq!(found, vec!["a2", "a3"]);
    r.after = Some("gestern".into());
    assert!(index.search(&r).is_err());
}

#[test]
fn snippet_ranges_are_char_and_byte_exact() {
    let (_dir, index) = open_with_corpus();
    let results = index.search(&SearchRequest::new("Häuser")).unwrap();
    let a1 = results
        .sources
        .iter()
        .find(|s| s.source.original_id.as_deref() == Some("a1"))
        .unwrap();
    assert_eq!(a1.source.title, "Wohnungsmarkt in Berlin");
    assert_eq!(a1.source.date.as_deref(), Some("2023-10-17"));
    let source_text = &corpus()[0].text;
    let p = &a1.passages[0];
    assert_eq!(&source_text[p.bytes.clone()], p.text);
    let by_chars: String = source_text
        .chars()
        .skip(p.chars.start)
        .take(p.chars.len())
        .collect();
    assert_eq!(by_chars, p.text);
    let s = &p.snippet;
    assert_eq!(&source_text[s.source_bytes.clone()], s.text);
    let mut words = Vec::new();
    for h in &s.highlights {
        let by_bytes = &s.text[h.bytes.clone()];
        let by_chars: String = s
            .text
            .chars()
            .skip(h.chars.start)
            .take(h.chars.len())
            .collect();
        assert_eq!(by_bytes, by_chars);
        words.push(by_bytes.to_string());
    }
    assert_eq!(words, vec!["Häuser", "Haus"]);
}

#[test]
fn fuzzy_search_highlights_near_words() {
    let (_dir, index) = open_with_corpus();
    assert!(q(&index, "Nordkorae").is_empty());
    let mut r = SearchRequest::new("Nordkorae");
    r.fuzzy = true;
    let results = index.search(&r).unwrap();
    let p = &results.sources[0].passages[0];
    let marked: Vec<&str> = p
        .snippet
        .highlights
        .iter()
        .map(|h| &p.snippet.text[h.bytes.clone()])
        .collect();
    assert_eq!(marked, vec!["Nordkorea"]);
}

#[test]
fn malformed_queries_are_errors_or_lenient() {
    let (_dir, index) = open_with_corpus();
    for bad in [
        "\"Rakete",
        "(Haus",
        "date:[2023 TO",
        "date:gestern",
        "-Haus",
    ] {
        let err = index.search(&SearchRequest::new(bad));
        assert!(err.is_err(), "{bad} should fail");
        assert!(!err.unwrap_err().message.is_empty());
        let mut lenient = SearchRequest::new(bad);
        lenient.lenient = true;
        assert!(
            index.search(&lenient).is_ok(),
            "{bad} should be accepted leniently"
        );
    }
    // `word:*` on anything but the date failed at search time, lenient or not (found by
    // tests/reliability_fuzz.rs): a text field always has a value, another word is a prefix.
    for q in [
        "aus:*",
        "au\u{fffd}s:*",
        "title:*",
        "publisher:*",
        "-url:*",
        "after:2023-10 before:2024 lang:de H T23-23-23-O au\u{fffd}s:*",
    ] {
        let mut r = SearchRequest::new(q);
        r.lenient = true;
        let got = index.search(&r);
        assert!(got.is_ok(), "{q:?} failed leniently: {:?}", got.err());
        // Strict: a word prefix may be refused like `word*` is, but never for a missing
        // field or an exists query.
        if let Err(e) = index.search(&SearchRequest::new(q)) {
            assert!(
                !e.message.contains("does not exist") && !e.message.contains("fast field"),
                "{q:?}: {}",
                e.message
            );
        }
    }
    let mut typing = SearchRequest::new("\"Rakete fl");
    typing.lenient = true;
    assert!(index.search(&typing).is_ok());
    assert!(index
        .search(&SearchRequest::new("   "))
        .unwrap()
        .sources
        .is_empty());
}

#[test]
fn remove_and_replace() {
    let (_dir, mut index) = open_with_corpus();
    let a4 = format!("{:0>64}", "a4");
    index.remove(&a4).unwrap();
    index.commit().unwrap();
    assert_eq!(q(&index, "290"), vec!["a3"]);
    // Adding a source again replaces it instead of duplicating passages.
    let before = index.num_passages();
    index.add(&corpus()[0]).unwrap();
    index.commit().unwrap();
    assert_eq!(index.num_passages(), before);
}

#[test]
fn rebuild_replaces_contents_and_reopens() {
    let (dir, mut index) = open_with_corpus();
    let only = [corpus()[2].clone()];
    let passages = index.rebuild(only.iter()).unwrap();
    assert_eq!(passages, 1);
    assert_eq!(q(&index, "290"), vec!["a3"]);
    drop(index);
    let reopened = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    assert_eq!(q(&reopened, "290"), vec!["a3"]);
    let gens = std::fs::read_dir(dir.path().join("index"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("gen-")
        })
        .count();
    assert_eq!(gens, 1, "old generation removed");
}

#[test]
fn evidence_for_a_claim() {
    let (_dir, index) = open_with_corpus();
    let hits = index
        .suggest_evidence(
            "Nordkoreas Rakete flog am 13. September 290 Kilometer weit.",
            Lang::De,
            3,
        )
        .unwrap();
    assert!(!hits.is_empty());
    assert_eq!(hits[0].source.original_id.as_deref(), Some("a4"));
    let en = index
        .suggest_evidence(
            "On 13 September North Korea fired a missile 290 km.",
            Lang::En,
            3,
        )
        .unwrap();
    assert_eq!(en[0].source.original_id.as_deref(), Some("a3"));
}

/// Sources ranked for a claim (what suggest evidence and `search --queries` rank by).
fn claim_ranking(index: &SearchIndex, claim: &str, lang: Lang) -> Vec<(String, f32)> {
    index
        .rank_sources_for_claim(claim, lang, 10, &Default::default())
        .unwrap()
}

#[test]
fn a_claim_meets_a_sources_title_in_its_first_passage_only() {
    let long_text = |topic: &str| {
        (0..8)
            .map(|n| format!("Paragraph {n} on {topic}, long enough to stand alone as a passage of the source, with its own words and more words to fill the required length of five hundred characters, which takes a while to reach when every sentence is about the same {topic} and nothing else at all. It goes on and on, sentence after sentence, until the paragraph is long enough."))
            .collect::<Vec<_>>()
            .join("\n\n")
    };
    let (_dir, index) = open_with(&[
        // The claim's rare word only in the title, in English and in German.
        doc(
            "titled",
            Lang::En,
            "Tamoxifen metabolism in breast cancer",
            None,
            &long_text("patients"),
        ),
        doc("plain", Lang::En, "Patients", None, &long_text("patients")),
        doc(
            "de",
            Lang::De,
            "Mietpreisbremse verlängert",
            None,
            "Der Bundestag stimmte am Donnerstag ab.",
        ),
        // A source with a title and no text at all.
        doc("bare", Lang::En, "Oxaliplatin primes CD8 T cells", None, ""),
    ]);
    let ranked = claim_ranking(
        &index,
        "Tamoxifen metabolism predicts the outcome of patients.",
        Lang::En,
    );
    assert_eq!(
        ranked.first().map(|r| r.0.as_str()),
        Some("titled"),
        "{ranked:?}"
    );
    assert_eq!(
        claim_ranking(&index, "Die Mietpreisbremse wird verlängert.", Lang::De)[0].0,
        "de"
    );
    assert_eq!(
        claim_ranking(&index, "Oxaliplatin primes T cells.", Lang::En)[0].0,
        "bare"
    );
    // The title counts once per source: on the first passage, whose text stays the passage's.
    let hits = index
        .suggest_evidence("Tamoxifen metabolism", Lang::En, 10)
        .unwrap();
    let titled: Vec<_> = hits
        .iter()
        .filter(|h| h.source.original_id.as_deref() == Some("titled"))
        .collect();
    assert_eq!(titled.len(), 1, "{hits:?}");
    assert_eq!(titled[0].passage, 0);
    assert!(
        titled[0].text.starts_with("Paragraph 0 on patients"),
        "{}",
        titled[0].text
    );
    assert!(!titled[0].text.contains("Tamoxifen"));
    // Plain search: the title's words still find the source once.
    assert_eq!(q(&index, "tamoxifen"), vec!["titled"]);
}

#[test]
fn a_claim_word_counts_once_however_it_is_written() {
    let (_dir, index) = open_with(&[
        doc(
            "x",
            Lang::En,
            "",
            None,
            "KRAS ablation impairs growth of lung tumours in mice.",
        ),
        doc(
            "y",
            Lang::En,
            "",
            None,
            "Acute growth impairment follows the ablation of the gene.",
        ),
        doc(
            "z",
            Lang::En,
            "",
            None,
            "Kras mutations drive cancers; Growth is severe.",
        ),
    ]);
    // A capitalised word (a name) and a word's other forms weigh as the word itself: the
    // claim written either way ranks and scores the sources alike.
    let a = claim_ranking(
        &index,
        "Acute ablation of KRAS causes severe growth impairment.",
        Lang::En,
    );
    let b = claim_ranking(
        &index,
        "acute ablations of kras cause severe growth impairments",
        Lang::En,
    );
    assert_eq!(a.len(), 3, "{a:?}");
    assert_eq!(a, b);
}

#[test]
fn title_filters_and_phrases_reach_every_passage_of_a_long_source() {
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    let filler = "Der Ausschuss beriet lange über die Vorlage und vertagte sich. ".repeat(12);
    let text = format!(
        "{filler}\n\n{filler}\n\nZuletzt stimmte der Bundesrat der Mietpreisbremse zu.\n\n{filler}"
    );
    index
        .add(&doc(
            "long",
            Lang::De,
            "Bericht aus dem Bundesrat",
            None,
            &text,
        ))
        .unwrap();
    index.add(&corpus()[1]).unwrap();
    index.commit().unwrap();
    let results = index
        .search(&SearchRequest::new("title:Bundesrat Mietpreisbremse"))
        .unwrap();
    let hit = &results.sources[0];
    assert_eq!(hit.source.original_id.as_deref(), Some("long"));
    assert!(
        hit.passages.iter().any(|p| p.passage > 0),
        "the matching passage is not the first one"
    );
    // Phrases: in the title, in the body; stems and words share the field's positions.
    assert_eq!(q(&index, "title:\"aus dem Bundesrat\""), vec!["long"]);
    assert_eq!(q(&index, "\"der Mietpreisbremse zu\""), vec!["long"]);
    assert_eq!(q(&index, "Mietpreisbremsen"), vec!["long"]);
    assert_eq!(
        q(&index, "body:\"Bundesrat der Mietpreisbremse\""),
        vec!["long"]
    );
    // The stemmed fields of the old layout are gone: their names are text now.
    assert!(index
        .search(&SearchRequest::new("body_de:\"Bundesrat der\""))
        .is_ok());
}

#[test]
fn stored_passages_read_back_as_written_in_every_language() {
    // What the embedder reads: the text as written, never the marker that picks its stems.
    let (_dir, index) = open_with_corpus();
    let corpus = corpus();
    let mut seen = std::collections::HashSet::new();
    index
        .for_each_passage(&mut |p| {
            let d = corpus.iter().find(|d| d.id == p.source_id).unwrap();
            assert!(
                !p.text.is_empty() && d.text.contains(&p.text),
                "{:?} is not a part of {:?}",
                p.text,
                d.text
            );
            assert_eq!((p.title.as_str(), p.lang), (d.title.as_str(), d.language));
            seen.insert(p.source_id);
            true
        })
        .unwrap();
    assert_eq!(seen.len(), corpus.len());
}
