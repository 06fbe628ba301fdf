//! German compound splitting with the system word list (Debian `wngerman`, installed by
//! .ci/run): hand-checked splits and words that must stay whole, and search that finds a
//! word inside compounds and a compound's parts apart.

use std::path::Path;

use factdesk_index::search::compounds::{Splitter, SYSTEM_WORDLIST};
use factdesk_index::{Lang, SearchIndex, SearchRequest, SourceDoc};

fn splitter() -> Option<Splitter> {
    let path = Path::new(SYSTEM_WORDLIST);
    if !path.is_file() {
        eprintln!("skipped: {SYSTEM_WORDLIST} is absent (apt-get install wngerman)");
        return None;
    }
    Some(Splitter::from_file(path).unwrap())
}

/// Compounds and the parts they split into, each checked by hand. A part is the word of the
/// list as it occurs, linking element dropped only when the written form is not a word of
/// its own ("alters" is: the genitive of Alter; the index stems every part, so "alters" and
/// "alter" are the same part).
#[rustfmt::skip]
const SPLITS: &[(&str, &[&str])] = &[
    ("Altersgutachten", &["alters", "gutachten"]),
    ("Autobahnprivatisierung", &["autobahn", "privatisierung"]),
    ("Pflegegeld", &["pflege", "geld"]),
    ("Bundesregierung", &["bundes", "regierung"]),
    ("Wasserstoff", &["wasser", "stoff"]),
    ("Kindergarten", &["kinder", "garten"]),
    ("Haustürschlüssel", &["haustür", "schlüssel"]),
    ("Krankenhaus", &["kranken", "haus"]),
    ("Krankenversicherung", &["kranken", "versicherung"]),
    ("Arbeitsmarkt", &["arbeit", "markt"]),
    ("Arbeitszeit", &["arbeit", "zeit"]),
    ("Steuererhöhung", &["steuer", "erhöhung"]),
    ("Mehrwertsteuer", &["mehrwert", "steuer"]),
    ("Einkommensteuer", &["einkommen", "steuer"]),
    ("Gesundheitsministerium", &["gesundheit", "ministerium"]),
    ("Verteidigungsminister", &["verteidigung", "minister"]),
    ("Außenminister", &["außen", "minister"]),
    ("Bundeskanzler", &["bundes", "kanzler"]),
    ("Klimawandel", &["klima", "wandel"]),
    ("Klimaschutz", &["klima", "schutz"]),
    ("Umweltschutz", &["umwelt", "schutz"]),
    ("Datenschutz", &["daten", "schutz"]),
    ("Flüchtlingspolitik", &["flüchtlings", "politik"]),
    ("Mietpreisbremse", &["mietpreis", "bremse"]),
    ("Strompreis", &["strom", "preis"]),
    ("Energiewende", &["energie", "wende"]),
    ("Atomkraftwerk", &["atom", "kraftwerk"]),
    ("Kohlekraftwerk", &["kohle", "kraftwerk"]),
    ("Windkraft", &["wind", "kraft"]),
    ("Lastwagen", &["last", "wagen"]),
    ("Eisenbahn", &["eisen", "bahn"]),
    ("Straßenbahn", &["straßen", "bahn"]),
    ("Flughafen", &["flug", "hafen"]),
    ("Wahlkampf", &["wahl", "kampf"]),
    ("Wahlergebnis", &["wahl", "ergebnis"]),
    ("Bürgermeister", &["bürger", "meister"]),
    ("Landesregierung", &["landes", "regierung"]),
    ("Staatsanwaltschaft", &["staats", "anwaltschaft"]),
    ("Gerichtsverfahren", &["gerichts", "verfahren"]),
    ("Verfassungsgericht", &["verfassung", "gericht"]),
    ("Grundgesetz", &["grund", "gesetz"]),
    ("Gesetzentwurf", &["gesetz", "entwurf"]),
    ("Haushaltsplan", &["haushalts", "plan"]),
    ("Schuldenbremse", &["schulden", "bremse"]),
    ("Rentenversicherung", &["renten", "versicherung"]),
    ("Kindergeld", &["kinder", "geld"]),
    ("Elterngeld", &["eltern", "geld"]),
    ("Gesundheitssystem", &["gesundheit", "system"]),
    ("Krankenkasse", &["kranken", "kasse"]),
    ("Pflegeheim", &["pflege", "heim"]),
    ("Pflegekraft", &["pflege", "kraft"]),
    ("Altenpflege", &["alten", "pflege"]),
    ("Lebensmittel", &["lebens", "mittel"]),
    ("Nahrungsmittel", &["nahrung", "mittel"]),
    ("Trinkwasser", &["trink", "wasser"]),
    ("Grundwasser", &["grund", "wasser"]),
    ("Hochwasser", &["hoch", "wasser"]),
    ("Waldbrand", &["wald", "brand"]),
    ("Raketenangriff", &["raketen", "angriff"]),
    ("Waffenlieferung", &["waffen", "lieferung"]),
    ("Containerschiff", &["container", "schiff"]),
    ("Zeitenwende", &["zeiten", "wende"]),
    ("Landwirtschaft", &["land", "wirtschaft"]),
    ("Nordkorea", &["nord", "korea"]),
    ("Bundeswehr", &["bundes", "wehr"]),
    ("Polizeibeamter", &["polizei", "beamter"]),
    ("Feuerwehr", &["feuer", "wehr"]),
    ("Sozialhilfe", &["sozial", "hilfe"]),
    ("Vorstandsvorsitzender", &["vorstand", "vorsitzender"]),
    ("Unternehmenssteuer", &["unternehmens", "steuer"]),
    ("Fahrzeug", &["fahr", "zeug"]),
    ("Flugzeug", &["flug", "zeug"]),
    ("Spielzeug", &["spiel", "zeug"]),
    ("Kühlschrank", &["kühl", "schrank"]),
    ("Waschmaschine", &["wasch", "maschine"]),
    ("Handschuh", &["hand", "schuh"]),
    ("Taschenlampe", &["taschen", "lampe"]),
    ("Zahnarzt", &["zahn", "arzt"]),
    ("Kinderarzt", &["kinder", "arzt"]),
    ("Hausarzt", &["haus", "arzt"]),
    ("Grundschule", &["grund", "schule"]),
    ("Hochschule", &["hoch", "schule"]),
    ("Universitätsklinik", &["universität", "klinik"]),
    ("Lehrerzimmer", &["lehrer", "zimmer"]),
    ("Klassenzimmer", &["klassen", "zimmer"]),
    ("Schlafzimmer", &["schlaf", "zimmer"]),
    ("Badezimmer", &["bade", "zimmer"]),
    ("Wohnzimmer", &["wohn", "zimmer"]),
    ("Jahreszeit", &["jahres", "zeit"]),
    ("Tageszeitung", &["tages", "zeitung"]),
    ("Wochenende", &["wochen", "ende"]),
    ("Abendessen", &["abend", "essen"]),
    ("Mittagessen", &["mittag", "essen"]),
];

/// Words that must stay whole: simple words (some end in a listed word), derivations whose
/// "head" is a suffix or whose "modifier" is a particle, institutions whose last part is
/// shorter than four letters (Bundesrat, Stadtrat: "Rat" alone must not find them; parts
/// have at least four letters), lexicalised words (Erdbeere is no kind of earth), and names.
#[rustfmt::skip]
const WHOLE: &[&str] = &[
    "Bundesrat", "Bundestag", "Stadtrat", "Gemeinderat", "Aufsichtsrat", "Erdbeere",
    "Verantwortung", "Wirtschaft", "Wissenschaft", "Gesellschaft", "Untersuchung", "Regierung",
    "Privatisierung", "Gutachten", "Zeitung", "Nachricht", "Mitteilung", "Entscheidung",
    "Bedeutung", "Forschung", "Sicherheit", "Freiheit", "Gerechtigkeit", "Bevölkerung",
    "Geburtstag", "Feiertag", "Sonntag", "Schokolade", "Scholz", "Peskow", "Tichorezk",
    "Merkel", "Schwarzenegger", "Hamburg", "Mercedes", "Olaf", "Container", "Tausend",
];

#[test]
fn hand_checked_compounds_split_into_their_parts() {
    let Some(s) = splitter() else { return };
    assert!(SPLITS.len() + WHOLE.len() >= 100);
    let mut wrong = Vec::new();
    for (word, parts) in SPLITS {
        let got = s.split(&word.to_lowercase());
        let want: Vec<String> = parts.iter().map(|p| p.to_string()).collect();
        if got.as_ref() != Some(&want) {
            wrong.push(format!("{word}: {got:?}, expected {want:?}"));
        }
    }
    for word in WHOLE {
        if let Some(parts) = s.split(&word.to_lowercase()) {
            wrong.push(format!("{word} must stay whole, got {parts:?}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn doc(id: &str, language: Lang, title: &str, text: &str) -> SourceDoc {
    SourceDoc {
        id: id.to_string(),
        original_id: Some(id.to_string()),
        title: title.to_string(),
        language,
        text: text.to_string(),
        ..SourceDoc::default()
    }
}

fn ids(index: &SearchIndex, q: &str) -> Vec<String> {
    index
        .search(&SearchRequest::new(q))
        .unwrap()
        .sources
        .into_iter()
        .map(|h| h.source.original_id.unwrap_or_default())
        .collect()
}

#[test]
fn words_find_compounds_and_compounds_find_their_parts() {
    if splitter().is_none() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    assert!(index.splits_compounds());
    for d in [
        doc(
            "alter",
            Lang::De,
            "Rente",
            "Das Altersgutachten der Kommission liegt vor.",
        ),
        doc(
            "gutachten",
            Lang::De,
            "Bericht",
            "Das Gutachten der Kommission liegt vor.",
        ),
        doc(
            "autobahn",
            Lang::De,
            "Verkehr",
            "Die Privatisierung der Autobahnen ist umstritten.",
        ),
        doc("bahn", Lang::De, "Verkehr", "Die Autobahnen sind voll."),
        doc("rat", Lang::De, "Politik", "Der Bundesrat stimmte zu."),
    ] {
        index.add(&d).unwrap();
    }
    index.commit().unwrap();
    // The whole word first, the compound holding it after.
    assert_eq!(ids(&index, "Gutachten"), vec!["gutachten", "alter"]);
    assert_eq!(ids(&index, "Altersgutachten")[0], "alter");
    // A compound finds its parts apart, all of them (the passage with only one part not).
    assert_eq!(ids(&index, "Autobahnprivatisierung"), vec!["autobahn"]);
    // Bundesrat stays whole: "Rat" does not find it.
    assert!(ids(&index, "Rat").is_empty());
    // Suggest evidence: a German claim finds the part too.
    let hits = index
        .suggest_evidence("Ein Gutachten liegt vor.", Lang::De, 5)
        .unwrap();
    let found: Vec<&str> = hits
        .iter()
        .filter_map(|h| h.source.original_id.as_deref())
        .collect();
    assert!(found.contains(&"alter"), "{found:?}");
    // The compound is highlighted where its part matched.
    let r = index.search(&SearchRequest::new("Gutachten")).unwrap();
    let alter = r
        .sources
        .iter()
        .find(|h| h.source.original_id.as_deref() == Some("alter"))
        .unwrap();
    let snippet = &alter.passages[0].snippet;
    let marked: Vec<&str> = snippet
        .highlights
        .iter()
        .map(|h| &snippet.text[h.bytes.clone()])
        .collect();
    assert!(marked.contains(&"Altersgutachten"), "{marked:?}");
}

/// A German desk writes "Kreml-Sprecher" and "Kremlsprecher": each finds the other, with or
/// without the word list, while a quoted phrase stays the words as written.
#[test]
fn hyphenated_and_joined_compounds_find_each_other_and_phrases_stay_exact() {
    let dir = tempfile::tempdir().unwrap();
    let mut index = SearchIndex::open_or_create(dir.path().join("index")).unwrap();
    for d in [
        doc(
            "hyphen",
            Lang::De,
            "TASS",
            "Der Kreml-Sprecher sagte am Dienstag nichts.",
        ),
        doc(
            "joined",
            Lang::De,
            "dpa",
            "Der Kremlsprecher äußerte sich am Mittwoch.",
        ),
        doc(
            "soft",
            Lang::De,
            "AFP",
            "Der Kreml\u{ad}sprecher schwieg am Donnerstag.",
        ),
        doc(
            "apart",
            Lang::De,
            "Reuters",
            "Ein Sprecher widersprach, der Kreml nicht.",
        ),
        doc("other", Lang::De, "ARD", "Der Regierungssprecher schwieg."),
        doc(
            "three",
            Lang::De,
            "ZDF",
            "Die CDU-Bundestags-Abgeordnete stimmte dagegen.",
        ),
        doc("mail", Lang::En, "BBC", "The e-mail arrived on Monday."),
    ] {
        index.add(&d).unwrap();
    }
    index.commit().unwrap();
    let found = |q: &str| {
        let mut v = ids(&index, q);
        v.truncate(3);
        v.sort();
        v
    };
    let both = ["hyphen", "joined", "soft"];
    assert_eq!(
        found("Kreml-Sprecher"),
        both,
        "{:?}",
        ids(&index, "Kreml-Sprecher")
    );
    assert_eq!(
        found("Kremlsprecher"),
        both,
        "{:?}",
        ids(&index, "Kremlsprecher")
    );
    // Inflected, and with a non-breaking hyphen (U+2011).
    assert_eq!(found("Kremlsprechers"), both);
    assert_eq!(found("Kreml\u{2011}Sprecher"), both);
    // The parts apart count, but less than either spelling.
    let all = ids(&index, "Kreml-Sprecher");
    assert_eq!(all.last().map(String::as_str), Some("apart"), "{all:?}");
    assert!(!all.contains(&"other".to_owned()), "{all:?}");
    // Quoted: exactly the words as written, also in a longer phrase.
    assert_eq!(ids(&index, "\"Kreml-Sprecher\""), ["hyphen"]);
    assert_eq!(ids(&index, "\"Kreml-Sprecher sagte\""), ["hyphen"]);
    assert_eq!(ids(&index, "\"Kremlsprecher sagte\""), ["hyphen"]);
    // Excluded, every spelling is.
    let rest = ids(&index, "Der -Kreml-Sprecher");
    assert!(
        rest.iter().all(|id| !both.contains(&id.as_str())),
        "{rest:?}"
    );
    // Longer chains join their last parts too; English words as well.
    assert!(ids(&index, "Bundestagsabgeordnete").contains(&"three".to_owned()));
    assert_eq!(ids(&index, "CDU-Bundestagsabgeordnete"), ["three"]);
    assert_eq!(ids(&index, "email"), ["mail"]);
}
