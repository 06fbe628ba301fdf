//! Who acts in a sentence: institutions (governments, ministries, agencies, courts, parties,
//! states named by their country or capital) and the verbs by which they decide, forbid,
//! cause or deliver something. Used by the "institution acted" feature and by claimant
//! detection, which both need to tell an organisation from a person.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::tokens::Token;

/// Institutions named by one word (lower case), both languages.
const INSTITUTIONS: &[&str] = &[
    // German
    "regierung",
    "bundesregierung",
    "landesregierung",
    "staatsregierung",
    "ampel",
    "ampelregierung",
    "kabinett",
    "kanzleramt",
    "ministerium",
    "ministerien",
    "behörde",
    "behörden",
    "polizei",
    "bundespolizei",
    "bundeswehr",
    "armee",
    "militär",
    "streitkräfte",
    "justiz",
    "gericht",
    "staatsanwaltschaft",
    "kommission",
    "parlament",
    "bundestag",
    "bundesrat",
    "landtag",
    "stadtrat",
    "gemeinderat",
    "sicherheitsrat",
    "senat",
    "kongress",
    "kreml",
    "pentagon",
    "geheimdienst",
    "geheimdienste",
    "verfassungsschutz",
    "stadtverwaltung",
    "verwaltung",
    "rathaus",
    "landkreis",
    "konzern",
    "partei",
    "koalition",
    "opposition",
    "gewerkschaft",
    "rki",
    "stiko",
    "bnd",
    "bka",
    "bamf",
    "ezb",
    // English
    "government",
    "administration",
    "ministry",
    "department",
    "agency",
    "agencies",
    "police",
    "army",
    "military",
    "court",
    "commission",
    "parliament",
    "congress",
    "senate",
    "kremlin",
    "treasury",
    "company",
    "corporation",
    "party",
    "democrats",
    "republicans",
    "fbi",
    "cia",
    "nsa",
    "cdc",
    "fda",
    "epa",
    "irs",
    // Both
    "who",
    "eu",
    "un",
    "uno",
    "nato",
    "usa",
    "us",
    "imf",
    "iwf",
];

/// German compound endings that make a capitalised word an institution (Gesundheitsamt,
/// Bundesgesundheitsministerium, Robert-Koch-Institut).
const INSTITUTION_SUFFIXES: &[&str] = &[
    "regierung",
    "ministerium",
    "behörde",
    "behörden",
    "amt",
    "ämter",
    "institut",
    "gericht",
    "kommission",
    "polizei",
    "verwaltung",
    "parlament",
    "konzern",
    "verband",
    "agentur",
    "partei",
    "dienst",
];

/// Two-word institutions, lower case, as they appear in the sentence.
const INSTITUTION_PAIRS: &[(&str, &str)] = &[
    ("weiße", "haus"),
    ("weißen", "haus"),
    ("weisse", "haus"),
    ("weißes", "haus"),
    ("white", "house"),
    ("vereinigten", "staaten"),
    ("vereinigte", "staaten"),
    ("united", "states"),
    ("vereinigte", "königreich"),
    ("vereinigten", "königreich"),
    ("vereinigtes", "königreich"),
    ("europäische", "kommission"),
    ("vereinte", "nationen"),
    ("united", "kingdom"),
    ("europäische", "union"),
    ("europäischen", "union"),
    ("european", "union"),
    ("vereinten", "nationen"),
    ("united", "nations"),
    ("auswärtige", "amt"),
    ("auswärtigen", "amt"),
    ("state", "department"),
];

/// Verbs by which an institution decides, forbids, causes, pays or delivers: what makes
/// "Die Bundesregierung ließ das Festival abbrechen" a claim about the institution.
const ACTION_VERBS: &[&str] = &[
    // German, finite and participle forms
    "ließ",
    "ließen",
    "lässt",
    "verbot",
    "verboten",
    "verbietet",
    "untersagte",
    "untersagt",
    "stoppte",
    "stoppten",
    "gestoppt",
    "beschloss",
    "beschlossen",
    "beschließt",
    "ordnete",
    "ordnet",
    "angeordnet",
    "verordnete",
    "verordnet",
    "verhängte",
    "verhängt",
    "genehmigte",
    "genehmigt",
    "zwang",
    "zwingt",
    "gezwungen",
    "veranlasste",
    "veranlasst",
    "finanzierte",
    "finanziert",
    "finanzieren",
    "zahlte",
    "zahlt",
    "bezahlt",
    "bezahlte",
    "lieferte",
    "lieferten",
    "liefert",
    "geliefert",
    "schickte",
    "schickten",
    "geschickt",
    "veröffentlichte",
    "veröffentlichten",
    "vertuschte",
    "vertuscht",
    "verschwieg",
    "verschweigt",
    "verschwiegen",
    "plante",
    "plant",
    "geplant",
    "eingeführt",
    "führte",
    "abgeschafft",
    "schaffte",
    "kürzte",
    "strich",
    "gestrichen",
    "sperrte",
    "gesperrt",
    "schloss",
    "geschlossen",
    "räumte",
    "geräumt",
    "abgebrochen",
    "brach",
    "aufgelöst",
    "löste",
    "entließ",
    "entlassen",
    "verhaftete",
    "verhaftet",
    "festgenommen",
    "manipulierte",
    "manipuliert",
    "fälschte",
    "gefälscht",
    "überwacht",
    "überwachte",
    "zensiert",
    "zensierte",
    "unterstützte",
    "unterstützt",
    "kaufte",
    "gekauft",
    "verkaufte",
    "verkauft",
    "importierte",
    "exportierte",
    "erlaubte",
    "erlaubt",
    "bestellte",
    "bestellt",
    "vergab",
    "vergeben",
    "verschärfte",
    "verschärft",
    "lockerte",
    "gelockert",
    "transportierte",
    "transportiert",
    "setzte",
    "setzten",
    "eingesetzt",
    // English
    "banned",
    "bans",
    "ordered",
    "orders",
    "approved",
    "blocked",
    "canceled",
    "cancelled",
    "shut",
    "closed",
    "forced",
    "funded",
    "funds",
    "paid",
    "pays",
    "sent",
    "shipped",
    "delivered",
    "released",
    "published",
    "covered",
    "hid",
    "concealed",
    "imposed",
    "arrested",
    "deported",
    "allowed",
    "launched",
    "suspended",
    "halted",
    "stopped",
    "seized",
    "censored",
    "bought",
    "sold",
];

static INSTITUTION_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| INSTITUTIONS.iter().copied().collect());
static ACTION_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| ACTION_VERBS.iter().copied().collect());

/// Whether the lower-cased word is an institution on its own (or by its compound ending,
/// when the word is capitalised as German nouns are).
pub fn is_institution_word(t: &Token) -> bool {
    let w = t.lower.as_str();
    if INSTITUTION_SET.contains(w) {
        // "us", "who" and "un" are institutions only as acronyms (US, WHO, UN).
        return !matches!(w, "us" | "who" | "un") || t.acronym();
    }
    t.capitalised()
        && INSTITUTION_SUFFIXES
            .iter()
            .any(|s| w.len() > s.len() + 2 && w.ends_with(s))
}

/// Length (1 or 2 tokens) of the institution starting at `tokens[i]`, if one starts there.
pub fn institution_at(tokens: &[Token], i: usize) -> Option<usize> {
    let t = tokens.get(i)?;
    if let Some(n) = tokens.get(i + 1) {
        if !n.break_before
            && INSTITUTION_PAIRS
                .iter()
                .any(|(a, b)| *a == t.lower && *b == n.lower)
        {
            return Some(2);
        }
    }
    is_institution_word(t).then_some(1)
}

pub fn is_action_verb(word_lower: &str) -> bool {
    ACTION_SET.contains(word_lower)
}

/// The first (institution, action verb) pair of a sentence: an institution within four
/// words of an action verb, not cut off by a comma or clause break, and not a mere place
/// ("in Berlin"). Returns the cue shown as the reason, e.g. "Bundesregierung … ließ".
pub fn institution_action(tokens: &[Token], is_place: impl Fn(usize) -> bool) -> Option<String> {
    const LOCATIVE: &[&str] = &[
        "in", "im", "nach", "aus", "bei", "an", "auf", "from", "to", "at", "into",
    ];
    for (v, verb) in tokens.iter().enumerate() {
        if !is_action_verb(&verb.lower) {
            continue;
        }
        let lo = v.saturating_sub(4);
        let hi = (v + 5).min(tokens.len());
        for i in lo..hi {
            if i == v {
                continue;
            }
            let Some(len) = institution_at(tokens, i) else {
                continue;
            };
            let locative = i > 0 && LOCATIVE.contains(&tokens[i - 1].lower.as_str());
            if locative && is_place(i) {
                continue;
            }
            // No clause break between the two.
            let (a, b) = if i < v { (i, v) } else { (v, i) };
            if tokens[a + 1..=b].iter().any(|t| t.break_before) {
                continue;
            }
            let name: Vec<&str> = tokens[i..i + len].iter().map(|t| t.text.as_str()).collect();
            let name = name.join(" ");
            return Some(if i < v {
                format!("{name} … {}", verb.lower)
            } else {
                format!("{} … {name}", verb.lower)
            });
        }
    }
    None
}
