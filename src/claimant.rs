//! Who made each claim, read from the attribution in the sentence and the article: ", sagte
//! der russische Präsidentensprecher Dmitri Peskow", "Die Vereinigten Staaten behaupteten",
//! "laut …", "nach Angaben von …", "… zufolge", "according to …", "X said". A short name
//! ("Peskow") or a role ("der Kreml-Sprecher") is resolved to the full name the article used
//! earlier; a sentence that is only a quote keeps the speaker of the sentence before it.
//! Import stores the result as *detected* until a person confirms or edits it.

use crate::project::claim::ClaimantKind;
use crate::triage::actors::{institution_at, is_institution_word};
use crate::triage::lexicon::{is_attribution_word, is_place_word, role_suffix};
use crate::triage::tokens::{resolve_lang, tokenize, Token};

/// A claimant found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detected {
    pub name: String,
    pub kind: ClaimantKind,
}

/// Attribution verbs that report evidence rather than a speaker ("die Bilder zeigen").
const NOT_SPEECH: &[&str] = &[
    "laut", "zufolge", "zeigt", "zeigen", "belegt", "belegen", "gab", "found", "shows", "showed",
];
/// Verbs by which someone puts a claim out without saying it ("veröffentlichte das Weiße
/// Haus Bilder, die … zeigen").
const PUBLISHING_VERBS: &[&str] = &[
    "veröffentlichte",
    "veröffentlichten",
    "präsentierte",
    "präsentierten",
    "published",
    "released",
];
/// Pronouns name nobody by themselves.
const PRONOUNS: &[&str] = &[
    "he", "she", "they", "we", "i", "it", "you", "er", "sie", "es", "wir", "ich", "man", "du",
    "ihr",
];
/// Plain nouns that start English sentences before "said" without naming anyone.
const GENERIC_SUBJECTS: &[&str] = &[
    "officials",
    "experts",
    "critics",
    "analysts",
    "people",
    "others",
    "many",
    "some",
    "sources",
    "reports",
    "witnesses",
    "residents",
    "scientists",
    "researchers",
];
const DETERMINERS: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "ein", "eine", "einer", "eines", "the", "a", "an",
];
/// Words that make a run of capitalised words an organisation (newspapers, agencies).
const ORGANISATION_WORDS: &[&str] = &[
    "times",
    "post",
    "zeitung",
    "news",
    "agentur",
    "agency",
    "institut",
    "institute",
    "press",
    "tass",
    "reuters",
    "dpa",
    "afp",
    "bbc",
    "cnn",
    "journal",
    "tribune",
    "guardian",
    "spiegel",
    "welt",
    "bild",
    "tagesschau",
    "ministerium",
    "regierung",
    "partei",
    "gmbh",
    "ag",
    "inc",
];
/// German noun phrases that name who reports in general before the actual source
/// ("Medien wie der New York Times").
const GENERIC_SOURCES: &[&str] = &[
    "medien",
    "augenzeugen",
    "zeugen",
    "experten",
    "beobachtern",
    "insidern",
    "sicherheitskreisen",
    "berichten",
    "kreisen",
    "informationen",
    "quellen",
    "media",
    "reports",
    "sources",
];

fn is_speech_verb(t: &Token, lang: &str) -> bool {
    let w = t.lower.as_str();
    (is_attribution_word(lang, w) && !NOT_SPEECH.contains(&w)) || PUBLISHING_VERBS.contains(&w)
}

fn is_name_token(t: &Token) -> bool {
    t.capitalised()
        && t.text.chars().any(char::is_alphabetic)
        && !PRONOUNS.contains(&t.lower.as_str())
}

/// Canonical (nominative) names of inflected two-word institutions.
fn canonical(name: &str) -> String {
    const FORMS: &[(&str, &str)] = &[
        ("vereinigten staaten", "Vereinigte Staaten"),
        ("vereinigte staaten", "Vereinigte Staaten"),
        ("weißen haus", "Weißes Haus"),
        ("weiße haus", "Weißes Haus"),
        ("vereinigte königreich", "Vereinigtes Königreich"),
        ("vereinigten königreich", "Vereinigtes Königreich"),
        ("europäischen union", "Europäische Union"),
        ("vereinten nationen", "Vereinte Nationen"),
    ];
    let lower = name.to_lowercase();
    FORMS
        .iter()
        .find(|(f, _)| *f == lower)
        .map_or_else(|| name.to_string(), |(_, c)| c.to_string())
}

/// Person or organisation, from the words of a name.
pub fn kind_of_name(name: &str) -> ClaimantKind {
    let tokens = tokenize(name);
    let org = (0..tokens.len()).any(|i| institution_at(&tokens, i).is_some())
        || tokens.iter().any(|t| {
            is_place_word(&t.lower)
                || t.acronym()
                || ORGANISATION_WORDS.contains(&t.lower.as_str())
                || is_institution_word(t)
        });
    if org {
        ClaimantKind::Organization
    } else {
        ClaimantKind::Person
    }
}

/// A mention: a name, or a role word ("Kreml-Sprecher") standing for a person.
#[derive(Debug, Clone, PartialEq)]
enum Mention {
    Name {
        name: String,
        /// The role it was introduced with ("sprecher" in "Präsidentensprecher Dmitri Peskow").
        role: Option<&'static str>,
    },
    Role(&'static str),
    /// A capitalised word that may be a name or, in German, any noun ("Experten"): kept
    /// only when it is the short form of a name the article used before.
    MaybeName(String),
}

/// The noun phrase starting at `i`: determiners and up to two lower-case adjectives, a
/// role, then up to four capitalised name words (or a two-word institution). The flag says
/// whether a determiner or role introduced it ("das Weiße Haus", "Senator Warren").
fn phrase_after(tokens: &[Token], i: usize, lang: &str) -> Option<(Mention, bool)> {
    let m = phrase_at(tokens, i, lang)?;
    let introduced = tokens
        .get(i)
        .is_some_and(|t| DETERMINERS.contains(&t.lower.as_str()) || role_suffix(lang, t).is_some());
    Some((m, introduced))
}

fn phrase_at(tokens: &[Token], mut i: usize, lang: &str) -> Option<Mention> {
    let start = i;
    // ", sagte X" names X; "sagte, dass X" does not.
    if tokens.get(start)?.break_before {
        return None;
    }
    let mut role = None;
    let mut adjectives = 0;
    while let Some(t) = tokens.get(i) {
        if i > start && t.break_before {
            return None;
        }
        let w = t.lower.as_str();
        if DETERMINERS.contains(&w) {
            i += 1;
        } else if !t.capitalised()
            && adjectives < 2
            && lang == "de"
            && w.ends_with(['e', 'n', 'r', 's'])
        {
            adjectives += 1;
            i += 1;
        } else {
            break;
        }
    }
    if let Some(len) = institution_at(tokens, i).filter(|l| *l == 2) {
        let words: Vec<&str> = tokens[i..i + len].iter().map(|t| t.text.as_str()).collect();
        return Some(Mention::Name {
            name: canonical(&words.join(" ")),
            role: None,
        });
    }
    if let Some(t) = tokens.get(i) {
        if let Some(r) = role_suffix(lang, t) {
            role = Some(r);
            i += 1;
        }
    }
    let first = i;
    while let Some(t) = tokens.get(i) {
        let stops = (i > first && t.break_before) || !is_name_token(t) || i - first == 4;
        if stops || (i > start && is_speech_verb(t, lang)) {
            break;
        }
        // A generic source word ("Medien wie der New York Times") gives way to the one named.
        if i == first && GENERIC_SOURCES.contains(&t.lower.as_str()) {
            if tokens
                .get(i + 1)
                .is_some_and(|n| n.lower == "wie" || n.lower == "like")
            {
                return phrase_at(tokens, i + 2, lang);
            }
            return None;
        }
        i += 1;
    }
    if i > first {
        let words: Vec<&str> = tokens[first..i].iter().map(|t| t.text.as_str()).collect();
        return Some(Mention::Name {
            name: canonical(&words.join(" ")),
            role,
        });
    }
    role.map(Mention::Role)
}

/// The noun phrase that ends right before `end` (the subject of "X sagte", "X said").
fn phrase_before(tokens: &[Token], end: usize, lang: &str) -> Option<Mention> {
    if end == 0 {
        return None;
    }
    if end >= 2 && institution_at(tokens, end - 2) == Some(2) {
        let words: Vec<&str> = tokens[end - 2..end]
            .iter()
            .map(|t| t.text.as_str())
            .collect();
        return Some(Mention::Name {
            name: canonical(&words.join(" ")),
            role: None,
        });
    }
    let last = &tokens[end - 1];
    if let Some(r) = role_suffix(lang, last) {
        return Some(Mention::Role(r));
    }
    if DETERMINERS.contains(&last.lower.as_str()) {
        return None;
    }
    let mut i = end;
    while i > 0 && end - i < 4 {
        let t = &tokens[i - 1];
        let det = DETERMINERS.contains(&t.lower.as_str());
        if det || !is_name_token(t) || (i < end && tokens[i].break_before) {
            break;
        }
        i -= 1;
    }
    if i == end {
        return None;
    }
    let words = &tokens[i..end];
    let role = i.checked_sub(1).and_then(|j| role_suffix(lang, &tokens[j]));
    let text: Vec<&str> = words.iter().map(|t| t.text.as_str()).collect();
    let name = canonical(&text.join(" "));
    let organisation = words.iter().any(|t| {
        is_institution_word(t)
            || is_place_word(&t.lower)
            || t.acronym()
            || ORGANISATION_WORDS.contains(&t.lower.as_str())
    });
    let starts = words[0].sentence_start;
    // German capitalises every noun, English the first word of a sentence: a lone word
    // there may be a plain noun.
    let trusted = organisation
        || role.is_some()
        || (words.len() >= 2 && !starts)
        || (lang == "en"
            && (!starts || !GENERIC_SUBJECTS.contains(&words[0].lower.as_str()))
            && !words[0].lower.ends_with('s'));
    Some(if trusted {
        Mention::Name { name, role }
    } else {
        Mention::MaybeName(name)
    })
}

/// The claimant mention of one sentence, strongest pattern first: a quote tag after the
/// verb (", sagte X"), then "laut X" / "nach Angaben von X" / "X zufolge" / "according to
/// X", then a subject before the verb ("X sagte", "X said").
fn mention_in(tokens: &[Token], lang: &str) -> Option<Mention> {
    let joined: Vec<&str> = tokens.iter().map(|t| t.lower.as_str()).collect();
    for (v, t) in tokens.iter().enumerate() {
        if is_speech_verb(t, lang) && v > 0 {
            if let Some((m, introduced)) = phrase_after(tokens, v + 1, lang) {
                // A quote tag (", sagte X", ", said X"), or German word order with the
                // subject after the verb ("verurteilte das Vereinigte Königreich"); not an
                // object ("sagt Regen voraus").
                if t.break_before || (lang == "de" && introduced) {
                    return Some(m);
                }
            }
        }
    }
    for (i, w) in joined.iter().enumerate() {
        let after = match *w {
            "laut" => Some(i + 1),
            "angaben" if i > 0 && joined[i - 1] == "nach" => {
                Some(if joined.get(i + 1) == Some(&"von") {
                    i + 2
                } else {
                    i + 1
                })
            }
            "to" if i > 0 && joined[i - 1] == "according" => Some(i + 1),
            "zufolge" => return phrase_before(tokens, i, lang),
            _ => None,
        };
        if let Some(m) = after.and_then(|a| phrase_at(tokens, a, lang)) {
            return Some(m);
        }
    }
    for (v, t) in tokens.iter().enumerate() {
        if is_speech_verb(t, lang) {
            if let Some(m) = phrase_before(tokens, v, lang) {
                return Some(m);
            }
        }
    }
    None
}

/// A sentence that is one quotation and nothing else: its speaker is the previous one's.
fn is_bare_quote(sentence: &str) -> bool {
    let s = sentence.trim();
    s.starts_with(['„', '"', '“', '«', '»'])
        && s.trim_end_matches(['.', '!', '?', ' '])
            .ends_with(['“', '"', '”', '«', '»'])
}

/// Resolves mentions across an article: a person's full name is remembered with its role;
/// a later one-word name matching its last word, or the same role, gets the full name.
#[derive(Default)]
struct Article {
    people: Vec<(String, Option<&'static str>)>,
}

impl Article {
    fn resolve(&mut self, m: Mention) -> Option<Detected> {
        match m {
            Mention::MaybeName(short) => self
                .people
                .iter()
                .rev()
                .find(|(n, _)| n.rsplit(' ').next() == Some(short.as_str()))
                .map(|(n, _)| Detected {
                    name: n.clone(),
                    kind: ClaimantKind::Person,
                }),
            Mention::Role(r) => self
                .people
                .iter()
                .rev()
                .find(|(_, role)| *role == Some(r))
                .map(|(n, _)| Detected {
                    name: n.clone(),
                    kind: ClaimantKind::Person,
                }),
            Mention::Name { name, role } => {
                let kind = kind_of_name(&name);
                if kind == ClaimantKind::Organization {
                    return Some(Detected { name, kind });
                }
                let full = if name.contains(' ') {
                    name
                } else {
                    self.people
                        .iter()
                        .rev()
                        .find(|(n, _)| n.rsplit(' ').next() == Some(name.as_str()))
                        .map_or(name, |(n, _)| n.clone())
                };
                if full.contains(' ') || role.is_some() {
                    let known = self.people.iter().position(|(n, _)| n == &full);
                    let old_role = known.and_then(|i| self.people.remove(i).1);
                    self.people.push((full.clone(), role.or(old_role)));
                }
                Some(Detected { name: full, kind })
            }
        }
    }
}

/// The claimant of each sentence of an article, in order (`None` where none is found).
/// `lang` is "de", "en" or anything else to guess per sentence.
pub fn detect(sentences: &[&str], lang: &str) -> Vec<Option<Detected>> {
    let mut article = Article::default();
    let mut previous: Option<Detected> = None;
    sentences
        .iter()
        .map(|s| {
            let tokens = tokenize(s);
            let l = resolve_lang(lang, &tokens);
            let found = mention_in(&tokens, l).and_then(|m| article.resolve(m));
            let found = match found {
                Some(d) => Some(d),
                None if is_bare_quote(s) => previous.clone(),
                None => None,
            };
            previous = found.clone();
            found
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(s: &str, lang: &str) -> Option<(String, ClaimantKind)> {
        detect(&[s], lang).remove(0).map(|d| (d.name, d.kind))
    }

    #[test]
    fn kinds_of_names() {
        assert_eq!(kind_of_name("Dmitri Peskow"), ClaimantKind::Person);
        assert_eq!(
            kind_of_name("Vereinigte Staaten"),
            ClaimantKind::Organization
        );
        assert_eq!(kind_of_name("New York Times"), ClaimantKind::Organization);
        assert_eq!(kind_of_name("Bundesregierung"), ClaimantKind::Organization);
        assert_eq!(kind_of_name("the CBO"), ClaimantKind::Organization);
        assert_eq!(kind_of_name("Moskau"), ClaimantKind::Organization);
    }

    #[test]
    fn bare_quotes() {
        assert!(is_bare_quote("„Wir werden das ausbauen“."));
        assert!(!is_bare_quote("„Wir werden das ausbauen“, sagte er."));
        assert_eq!(one("Das Wetter war schön.", "de"), None);
    }
}
