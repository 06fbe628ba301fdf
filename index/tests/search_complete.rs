//! Search as you type: the word being typed also matches as a prefix
//! (`SearchRequest::complete_last_word`), against a real tantivy index in a temp folder.

use factdesk_index::search::SearchIndex;
use factdesk_index::{Lang, SearchRequest, SourceDoc};

fn doc(id: &str, title: &str, text: &str) -> SourceDoc {
    SourceDoc {
        id: format!("{id:0>64}"),
        original_id: Some(id.to_string()),
        title: title.to_string(),
        publisher: "Tagesschau".to_string(),
        author: String::new(),
        url: format!("https://example.org/{id}"),
        date: Some("2023-10-17".to_string()),
        language: Lang::De,
        text: text.to_string(),
        capture: None,
    }
}

fn open() -> (tempfile::TempDir, SearchIndex) {
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    for d in [
        doc(
            "c1",
            "Hafen",
            "Im Hamburger Hafen stehen Container aus Asien.",
        ),
        doc("c2", "Containerschiffe", "Der Hafen wächst."),
        doc("c3", "Bahn", "Die Bahn fährt Containerzüge nach Duisburg."),
        doc(
            "c4",
            "Rakete",
            "Nordkorea testete eine Rakete. Die Rakete flog weit.",
        ),
    ] {
        index.add(&d).unwrap();
    }
    index.commit().unwrap();
    (dir, index)
}

fn typing(query: &str) -> SearchRequest {
    let mut r = SearchRequest::new(query);
    r.lenient = true;
    r.complete_last_word = true;
    r
}

fn ids(index: &SearchIndex, request: &SearchRequest) -> Vec<String> {
    let mut ids: Vec<String> = index
        .search(request)
        .unwrap()
        .sources
        .into_iter()
        .map(|s| s.source.original_id.unwrap())
        .collect();
    ids.sort();
    ids
}

fn marked(index: &SearchIndex, request: &SearchRequest) -> Vec<String> {
    let results = index.search(request).unwrap();
    let mut words: Vec<String> = results
        .sources
        .iter()
        .flat_map(|s| &s.passages)
        .flat_map(|p| {
            p.snippet
                .highlights
                .iter()
                .map(|h| p.snippet.text[h.bytes.clone()].to_string())
        })
        .collect();
    words.sort();
    words.dedup();
    words
}

#[test]
fn the_word_being_typed_matches_as_a_prefix_in_body_and_title() {
    let (_dir, index) = open();
    assert_eq!(ids(&index, &typing("Contai")), ["c1", "c2", "c3"]);
    // Off by default: the CLI and evaluations search whole words only.
    assert!(ids(&index, &SearchRequest::new("Contai")).is_empty());
    // Snippets are body text: c2 matched by its title ("Containerschiffe") only.
    assert_eq!(
        marked(&index, &typing("Contai")),
        ["Container", "Containerzüge"]
    );
}

#[test]
fn only_the_last_word_is_completed_and_others_still_must_match() {
    let (_dir, index) = open();
    assert_eq!(ids(&index, &typing("Hamburger Contai")), ["c1"]);
    // "Contai" is complete (followed by a space): no prefix, and the relaxed retry finds
    // only the other word.
    assert_eq!(ids(&index, &typing("Contai Hamburger")), ["c1"]);
    assert!(ids(&index, &typing("Contai ")).is_empty());
    // The exact word still matches through its stems.
    assert_eq!(ids(&index, &typing("Raketen")), ["c4"]);
}

#[test]
fn quotes_fields_exclusions_and_short_words_are_not_completed() {
    let (_dir, index) = open();
    assert!(ids(&index, &typing("\"Contai\"")).is_empty());
    assert!(ids(&index, &typing("title:Contai")).is_empty());
    assert!(ids(&index, &typing("Co")).is_empty());
    // An excluded word is not widened: "-Contai" excludes nothing that holds "Container".
    assert_eq!(ids(&index, &typing("Hafen -Contai")), ["c1", "c2"]);
    // Regex characters in what is typed are taken literally.
    assert!(ids(&index, &typing("Con.ai")).is_empty());
    assert!(index.search(&typing("a.* Cont(")).is_ok());
}

#[test]
fn completions_are_ranked_by_how_well_they_match_not_index_order() {
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    // Indexed first: mentions Peskow once in a long passage. Then a short passage that is all
    // about him. A prefix query alone scores both the same and returns index order.
    let long_once = format!(
        "{} Peskow war auch dabei. {}",
        "Die Delegation reiste am Morgen an und besprach Handel, Energie und Verkehr. ".repeat(6),
        "Am Abend flogen alle zurück nach Moskau. ".repeat(4)
    );
    for d in [
        doc("once", "Reise", &long_once),
        doc(
            "about",
            "Sprecher",
            "Peskow sagte, Peskow habe keine Beweise gesehen; Peskow bestritt alles.",
        ),
        doc("other", "Wetter", "In Peking regnete es."),
    ] {
        index.add(&d).unwrap();
    }
    index.commit().unwrap();
    let order: Vec<String> = index
        .search(&typing("Pesk"))
        .unwrap()
        .sources
        .into_iter()
        .map(|s| s.source.original_id.unwrap())
        .collect();
    assert_eq!(order, ["about", "once"]);
    // The rarer completion in a title is found too, through the prefix query.
    let mut index = index;
    index
        .add(&doc(
            "title",
            "Peskows Sprecherbüro",
            "Eine Meldung ohne den Namen.",
        ))
        .unwrap();
    index.commit().unwrap();
    let found = ids(&index, &typing("Pesk"));
    assert_eq!(found, ["about", "once", "title"]);
}

#[test]
fn a_star_after_one_word_searches_it_as_a_prefix_strict_or_lenient() {
    let (_dir, index) = open();
    for lenient in [false, true] {
        for query in ["Contai*", "\"Contai\"*", "Contai:*"] {
            let mut r = SearchRequest::new(query);
            r.lenient = lenient;
            assert_eq!(
                ids(&index, &r),
                ["c1", "c2", "c3"],
                "{query} lenient={lenient}"
            );
        }
        // In a field: the title only.
        let mut r = SearchRequest::new("title:Contai*");
        r.lenient = lenient;
        assert_eq!(ids(&index, &r), ["c2"], "lenient={lenient}");
    }
    // The prefix is marked in the snippets, as when it is typed.
    assert_eq!(
        marked(&index, &SearchRequest::new("Contai*")),
        ["Container", "Containerzüge"]
    );
}
