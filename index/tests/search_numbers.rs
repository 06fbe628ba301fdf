//! Numbers, dates and quantities across German and English, through the public search of a
//! real index: hand-checked pairs of a claim and a source that must meet, and pairs that must
//! not (a year and an amount, "1.000" read in each language, sections, versions, telephone
//! numbers). The words of each pair are chosen to share nothing but what is normalised, so a
//! pair meets only through the numbers' canonical terms.

use factdesk_index::{Lang, SearchIndex, SourceDoc};

use Lang::{De, En};

/// (claim, its language, source text, the source's language).
type Pair = (&'static str, Lang, &'static str, Lang);

#[rustfmt::skip]
const MUST_MEET: &[Pair] = &[
    ("Die Strecke ist 290 Kilometer lang.", De, "The route covers 180 miles.", En),
    ("The route covers 180 miles.", En, "Die Strecke ist 290 Kilometer lang.", De),
    ("Am 13. Oktober 2025 begann der Prozess.", De, "The trial opened on Oct. 13, 2025.", En),
    ("Am 13. Oktober 2025 begann der Prozess.", De, "It opened on October 13 after delays.", En),
    ("The trial opened on Oct. 13, 2025.", En, "Der Prozess begann am 13. Oktober 2025.", De),
    ("It happened on October 13.", En, "Stand: 13.10.2025, Berlin", De),
    ("Es waren 1.000 Soldaten.", De, "Some 1,000 troops were sent.", En),
    ("Es waren 1.000 Soldaten.", De, "A thousand troops were sent.", En),
    ("Es waren 1.000 Soldaten.", De, "About 1000 troops were sent.", En),
    ("Tausend Soldaten marschierten.", De, "Some 1,000 troops were sent.", En),
    ("Betroffen sind 2,5 Millionen Menschen.", De, "It affects 2.5 million people.", En),
    ("It affects 2.5 million people.", En, "Betroffen sind 2,5 Millionen Menschen.", De),
    ("Zwölf Staaten stimmten zu.", De, "12 states agreed.", En),
    ("Twelve states agreed.", En, "12 Staaten stimmten zu.", De),
    ("Das kostet zwei Milliarden Euro.", De, "That costs 2 billion euros.", En),
    ("Die Schulden betragen eine Billion.", De, "Debt reached one trillion.", En),
    ("Es war 20 Grad Celsius warm.", De, "It was 68 °F outside.", En),
    ("Der Koffer wiegt 50 Kilogramm.", De, "The case weighed 110 pounds.", En),
    ("Der Turm ist 30 Meter hoch.", De, "The tower is 98 feet tall.", En),
    ("Die Inflation lag bei 2,5 Prozent.", De, "Inflation stood at 2.5 percent.", En),
    ("Die Quote stieg um 5 %.", De, "The rate rose by 5 per cent.", En),
    ("The deal is worth $5bn.", En, "It is worth 5 billion dollars.", En),
    ("Der Schaden beträgt 2,5 Mio. €.", De, "Damage came to €2.5 million.", En),
    ("Die Stadt hat 1.000.000 Einwohner.", De, "The city has one million residents.", En),
    ("The city has 1,000,000 residents.", En, "Die Stadt hat eine Million Einwohner.", De),
    ("It was signed 2025-10-13.", En, "Unterzeichnet am 13. Okt. 2025.", De),
    ("Die Wahl war im Oktober 2025.", De, "The vote was held in October 2025.", En),
    ("Der Lauf ging über 100 Meilen.", De, "The race covered 161 km.", En),
    ("Nachts waren es -5 °C.", De, "At night it was 23 °F.", En),
    ("The walk is 3 miles.", En, "Der Weg ist 4,8 km lang.", De),
    ("Das Fest ist am 5. Mai.", De, "The fair is on May 5th.", En),
    ("Am 29. Februar 2024 fiel Schnee.", De, "Snow fell on Feb. 29, 2024.", En),
];

#[rustfmt::skip]
const MUST_NOT_MEET: &[Pair] = &[
    // A year is no amount.
    ("Im Jahr 2025 sank die Zahl.", De, "Some 2,025 troops were sent.", En),
    ("Im Jahr 2025 sank die Zahl.", De, "Es kamen 2.025 Gäste.", De),
    // "1.000" is one in English, a thousand in German; "1,000" the other way round.
    ("Exactly 1.000 units shipped.", En, "Es waren 1.000 Soldaten.", De),
    ("Es waren 1.000 Soldaten.", De, "The scale read 1.000 exactly.", En),
    ("Es waren 1,000 Liter.", De, "Some 1,000 troops were sent.", En),
    // A German Billion is an English trillion.
    ("Die Schulden betragen zwei Billionen.", De, "Debt reached two thousand million.", En),
    // Sections, versions and telephone numbers are no amounts.
    ("Nach § 12 gilt das.", De, "Twelve states agreed.", En),
    ("Version 2.0 shipped.", En, "Es gab zwei Äpfel.", De),
    ("Ruf an: +49 30 1234567", De, "Es dauerte dreißig Tage.", De),
];

fn doc(id: &str, language: Lang, text: &str) -> SourceDoc {
    SourceDoc {
        id: id.to_string(),
        original_id: Some(id.to_string()),
        title: String::new(),
        language,
        text: text.to_string(),
        ..SourceDoc::default()
    }
}

/// Whether the claim finds the source in an index holding only that source.
fn meets(claim: &str, claim_lang: Lang, source: &str, source_lang: Lang) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    index.add(&doc("s", source_lang, source)).unwrap();
    index.commit().unwrap();
    !index
        .suggest_evidence(claim, claim_lang, 5)
        .unwrap()
        .is_empty()
}

/// The dictionary would translate the words of a German claim ("Soldaten" -> "soldier"): these
/// pairs test numbers alone.
fn without_dictionary() {
    // SAFETY: set before any thread of this test binary reads the environment, to the same
    // value by every test.
    unsafe { std::env::set_var("FACTDESK_DICTIONARY", "") };
}

#[test]
fn hand_checked_pairs_meet_and_the_others_do_not() {
    without_dictionary();
    let mut wrong = Vec::new();
    for &(claim, cl, source, sl) in MUST_MEET {
        if !meets(claim, cl, source, sl) {
            wrong.push(format!(
                "should meet: {claim:?} ({cl:?}) / {source:?} ({sl:?})"
            ));
        }
    }
    for &(claim, cl, source, sl) in MUST_NOT_MEET {
        if meets(claim, cl, source, sl) {
            wrong.push(format!(
                "should not meet: {claim:?} ({cl:?}) / {source:?} ({sl:?})"
            ));
        }
    }
    assert!(MUST_MEET.len() + MUST_NOT_MEET.len() >= 30);
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Among sources that all hold numbers, the one that means the claim's comes first.
#[test]
fn the_source_that_means_the_same_ranks_first() {
    without_dictionary();
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    for (id, lang, text) in [
        ("miles", En, "The pipeline runs 180 miles to the coast."),
        ("feet", En, "The pipeline runs 180 feet under the sea."),
        ("thousand", En, "A thousand troops crossed the border."),
        ("one", En, "The reading was 1.000 on the scale."),
        ("date", En, "The border was closed on Oct. 13, 2025."),
        ("other-date", En, "The border was closed on Oct. 31, 2025."),
        // Currencies are not converted: the amount alone meets, the amount in euros more.
        ("dollars", En, "That costs two billion dollars."),
        ("euros", En, "That costs two billion euros."),
    ] {
        index.add(&doc(id, lang, text)).unwrap();
    }
    index.commit().unwrap();
    let first = |claim: &str| {
        let hits = index.suggest_evidence(claim, De, 5).unwrap();
        hits.first()
            .and_then(|h| h.source.original_id.clone())
            .unwrap_or_default()
    };
    assert_eq!(first("Die Leitung ist 290 Kilometer lang."), "miles");
    assert_eq!(first("Es waren 1.000 Soldaten."), "thousand");
    assert_eq!(first("Am 13. Oktober 2025 wurde geschlossen."), "date");
    assert_eq!(first("Das kostet zwei Milliarden Euro."), "euros");
    // The evidence marks what it matched: "180 miles" for "290 Kilometer".
    let hits = index
        .suggest_evidence("Die Leitung ist 290 Kilometer lang.", De, 1)
        .unwrap();
    let snippet = &hits[0].snippet;
    let marked: Vec<&str> = snippet
        .highlights
        .iter()
        .map(|h| &snippet.text[h.bytes.clone()])
        .collect();
    assert_eq!(marked, ["180 miles"], "{snippet:?}");
}
