//! Built-in check-worthiness features: what makes a sentence worth checking
//! (numbers, dates, attributions, names, comparisons, causes) and what makes
//! it not (questions, opinion, greetings, boilerplate), each with a reason a
//! fact-checker can read. Works with no training data.

use super::context::{self, Sentence, N_CONTEXT};
use super::lexicon::{lexicon, tag, tags, Lexicon};
use super::tokens::{resolve_lang, tokenize, Token};
use super::{actors, news, weights};

/// The built-in features, in the order of the weight vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feature {
    Number,
    Quantity,
    Date,
    Attribution,
    NamedPerson,
    NamedEntity,
    Comparison,
    Superlative,
    Causal,
    Change,
    Quote,
    Source,
    Past,
    Question,
    Opinion,
    Modal,
    FirstSingular,
    FirstPlural,
    SecondPerson,
    Social,
    Boilerplate,
    Exclamation,
    Short,
    LogLength,
    InstitutionAction,
    ReferenceComparison,
}

pub const N_FEATURES: usize = 26;

pub const ALL: [Feature; N_FEATURES] = [
    Feature::Number,
    Feature::Quantity,
    Feature::Date,
    Feature::Attribution,
    Feature::NamedPerson,
    Feature::NamedEntity,
    Feature::Comparison,
    Feature::Superlative,
    Feature::Causal,
    Feature::Change,
    Feature::Quote,
    Feature::Source,
    Feature::Past,
    Feature::Question,
    Feature::Opinion,
    Feature::Modal,
    Feature::FirstSingular,
    Feature::FirstPlural,
    Feature::SecondPerson,
    Feature::Social,
    Feature::Boilerplate,
    Feature::Exclamation,
    Feature::Short,
    Feature::LogLength,
    Feature::InstitutionAction,
    Feature::ReferenceComparison,
];

impl Feature {
    /// Stable name, used in model files and reports.
    pub fn name(self) -> &'static str {
        match self {
            Feature::Number => "number",
            Feature::Quantity => "quantity",
            Feature::Date => "date",
            Feature::Attribution => "attributed statement",
            Feature::NamedPerson => "named person",
            Feature::NamedEntity => "named entity",
            Feature::Comparison => "comparison",
            Feature::Superlative => "superlative",
            Feature::Causal => "causal claim",
            Feature::Change => "change or trend",
            Feature::Quote => "direct quote",
            Feature::Source => "cites a source",
            Feature::Past => "past tense",
            Feature::Question => "question",
            Feature::Opinion => "opinion",
            Feature::Modal => "future or modal",
            Feature::FirstSingular => "first person",
            Feature::FirstPlural => "first person plural",
            Feature::SecondPerson => "addresses someone",
            Feature::Social => "social phrase",
            Feature::Boilerplate => "boilerplate",
            Feature::Exclamation => "exclamation",
            Feature::Short => "very short",
            Feature::LogLength => "length",
            Feature::InstitutionAction => "institution acted",
            Feature::ReferenceComparison => "comparison with a reference",
        }
    }

    /// Features too weak or too generic to show a fact-checker as a reason.
    fn silent(self) -> bool {
        matches!(
            self,
            Feature::Past | Feature::FirstPlural | Feature::LogLength
        )
    }
}

/// Feature values of one sentence plus, for the features that fired, the
/// words that made them fire.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub lang: &'static str,
    pub values: [f32; N_FEATURES],
    /// The cue that fired each feature (e.g. "sagte" for Attribution).
    pub cues: [Option<String>; N_FEATURES],
}

impl Extracted {
    fn fire(&mut self, f: Feature, amount: f32, cue: &str) {
        let i = f as usize;
        self.values[i] += amount;
        match &mut self.cues[i] {
            None => self.cues[i] = Some(cue.to_string()),
            // Every attribution cue is worth showing: "berichten" inside a
            // quote and "sagte" outside it say different things.
            Some(c) if f == Feature::Attribution && !c.split(", ").any(|x| x == cue) => {
                c.push_str(", ");
                c.push_str(cue);
            }
            Some(_) => {}
        }
    }

    fn has(&self, f: Feature) -> bool {
        self.values[f as usize] > 0.0
    }

    /// The human-readable reasons for one feature: one per attribution cue
    /// ("attributed statement: sagte"), else one.
    pub fn reasons_of(&self, f: Feature) -> Vec<String> {
        let cue = self.cues[f as usize].as_deref().unwrap_or("");
        match f {
            Feature::Attribution | Feature::Opinion if !cue.is_empty() => cue
                .split(", ")
                .map(|c| format!("{}: {c}", f.name()))
                .collect(),
            Feature::InstitutionAction | Feature::ReferenceComparison if !cue.is_empty() => {
                vec![format!("{}: {cue}", f.name())]
            }
            _ => vec![f.name().to_string()],
        }
    }

    /// The first reason of a feature.
    pub fn reason(&self, f: Feature) -> String {
        self.reasons_of(f).swap_remove(0)
    }
}

/// The score and reasons shown to a fact-checker for one sentence.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Triage {
    /// Check-worthiness between 0 and 1.
    pub score: f32,
    /// Why: features that raise the score first (strongest first), then the
    /// ones that lower it, prefixed "against: ".
    pub reasons: Vec<String>,
}

const BOILERPLATE_STARTS: &[&str] = &[
    "quelle:",
    "quellen:",
    "source:",
    "sources:",
    "foto:",
    "fotos:",
    "photo:",
    "bild:",
    "grafik:",
    "copyright",
    "©",
    "(dpa)",
    "lesen sie auch",
    "lesen sie mehr",
    "read more",
    "mehr zum thema",
    "anzeige",
    "advertisement",
    "teilen",
    "share this",
    "click here",
    "klicken sie",
    "newsletter",
    "mit material von",
    "redaktion:",
    "autor:",
    "autorin:",
    "stand:",
    "related:",
    "video:",
];
const BOILERPLATE_ANYWHERE: &[&str] = &[
    "alle rechte vorbehalten",
    "all rights reserved",
    "(applause)",
    "(laughter)",
    "(crosstalk)",
    "[applause]",
    "[laughter]",
];
const SUPERLATIVE_EXCEPTIONS: &[&str] = &[
    "ersten",
    "erste",
    "erster",
    "erstes",
    "letzten",
    "letzte",
    "letzter",
    "letztes",
    "nächsten",
    "nächste",
    "selbst",
    "fast",
    "festen",
    "kosten",
    "westen",
    "osten",
    "interest",
    "request",
    "honest",
    "suggest",
    "protest",
    "forest",
    "latest",
    "test",
    "rest",
    "west",
    "contest",
    "modest",
    "invest",
    "arrest",
    "harvest",
    "guest",
    "chest",
    "digest",
];
const DETERMINERS_DE: &[&str] = &[
    "der", "die", "das", "den", "dem", "des", "am", "seinem", "seinen", "seiner", "ihrem", "ihren",
    "ihrer", "unserem", "einem", "einer",
];

pub(crate) fn is_year(w: &str) -> bool {
    let digits = w.strip_suffix('s').unwrap_or(w);
    digits.len() == 4
        && digits.chars().all(|c| c.is_ascii_digit())
        && (digits.starts_with("19") || digits.starts_with("20"))
}

/// 17.10.2023, 10/17/2023 (two-part forms are decimals or fractions).
fn is_numeric_date(w: &str) -> bool {
    let parts: Vec<&str> = w.split(['.', '/']).collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
        && parts[0].len() <= 2
}

fn month_at(t: &Token, tg: u32, lang: &str) -> bool {
    if tg & tag::MONTH == 0 {
        return false;
    }
    // English month names double as ordinary words (may, march): trust them
    // only when capitalised mid-sentence.
    lang == "de" || (t.capitalised() && (!t.sentence_start || t.lower.len() > 5))
}

fn is_title(t: &Token, tg: u32, lex: &Lexicon) -> bool {
    tg & tag::TITLE != 0
        || lex
            .title_suffixes
            .iter()
            .any(|s| t.lower.len() > s.len() + 2 && t.lower.ends_with(s))
}

/// Extracts the built-in features of one sentence. `lang` is "de", "en" or
/// anything else to guess.
pub fn extract(sentence: &str, lang: &str) -> Extracted {
    let tokens = tokenize(sentence);
    extract_tokens(sentence, &tokens, resolve_lang(lang, &tokens))
}

pub(crate) fn extract_tokens(sentence: &str, tokens: &[Token], lang: &'static str) -> Extracted {
    let lex = lexicon(lang);
    let mut x = Extracted {
        lang,
        values: [0.0; N_FEATURES],
        cues: Default::default(),
    };
    let joined = {
        let mut s = String::with_capacity(sentence.len() + 2);
        s.push(' ');
        for t in tokens {
            s.push_str(&t.lower);
            s.push(' ');
        }
        s
    };
    let phrase = |p: &str| {
        joined
            .match_indices(p)
            .any(|(at, _)| joined[..at].ends_with(' ') && joined[at + p.len()..].starts_with(' '))
    };
    let tag_map = tags(lang);
    let tg: Vec<u32> = tokens.iter().map(|t| tag_map.of(&t.lower)).collect();
    let is_date_token = date_cues(&mut x, tokens, &tg, lang, lex, &phrase);
    let numbers = token_cues(&mut x, tokens, &tg, &is_date_token, lang, lex);
    x.values[Feature::Number as usize] = numbers.min(3.0);
    phrase_cues(&mut x, lex, &phrase);
    sentence_cues(&mut x, sentence, tokens, &tg, &is_date_token, lang);
    x
}

/// Dates: years, numeric dates, "am 13.", month names and date phrases. Returns which tokens
/// are part of a date (numbers in dates are not quantities).
fn date_cues(
    x: &mut Extracted,
    tokens: &[Token],
    tg: &[u32],
    lang: &str,
    lex: &Lexicon,
    phrase: &dyn Fn(&str) -> bool,
) -> Vec<bool> {
    let mut is_date_token = vec![false; tokens.len()];
    for (i, t) in tokens.iter().enumerate() {
        let w = t.lower.as_str();
        let prev = i.checked_sub(1).map(|j| &tokens[j]);
        let next = tokens.get(i + 1);
        let next_is_month = next.is_some_and(|n| month_at(n, tg[i + 1], lang));
        if is_year(w)
            || is_numeric_date(w)
            || (t.ordinal_dot && next_is_month)
            || (t.ordinal_dot
                && prev.is_some_and(|p| {
                    matches!(p.lower.as_str(), "am" | "vom" | "bis" | "zum" | "seit")
                }))
            || (t.has_digit && next_is_month)
            || (t.has_digit && prev.is_some_and(|p| month_at(p, tg[i - 1], lang)))
            || month_at(t, tg[i], lang)
            || tg[i] & tag::DATE_WORD != 0
        {
            is_date_token[i] = true;
            x.fire(Feature::Date, 1.0, &t.text);
        }
    }
    for p in lex.date_phrases {
        if phrase(p) {
            x.fire(Feature::Date, 1.0, p);
        }
    }

    is_date_token
}

/// The cues of single tokens and their neighbours; returns how many numbers there are.
fn token_cues(
    x: &mut Extracted,
    tokens: &[Token],
    tg: &[u32],
    is_date_token: &[bool],
    lang: &str,
    lex: &Lexicon,
) -> f32 {
    let mut numbers = 0.0f32;
    for (i, t) in tokens.iter().enumerate() {
        let w = t.lower.as_str();
        let prev = i.checked_sub(1).map(|j| &tokens[j]);
        if (t.has_digit || t.unit_sign) && !is_date_token[i] {
            numbers += 1.0;
            x.fire(Feature::Number, 0.0, &t.text);
        }
        let after_number = prev.is_some_and(|p| {
            (p.has_digit && !is_date_token[i - 1]) || tg[i - 1] & tag::NUMBER_WORD != 0
        });
        if tg[i] & tag::NUMBER_WORD != 0 || (after_number && tg[i] & tag::UNIT != 0) {
            x.fire(Feature::Quantity, 1.0, &t.text);
        }
        if tg[i] & tag::ATTRIBUTION != 0 {
            x.fire(Feature::Attribution, 1.0, &t.lower);
        }
        if is_title(t, tg[i], lex) {
            if let Some(n) = tokens.get(i + 1) {
                if n.capitalised() && !n.break_before && tg[i + 1] & tag::TITLE == 0 {
                    x.fire(Feature::NamedPerson, 1.0, &n.text);
                }
            }
        }
        let pair_with_prev = prev.is_some_and(|p| {
            p.capitalised() && !p.sentence_start && !t.break_before && !is_title(p, tg[i - 1], lex)
        });
        let single_name = lang == "en"
            && t.capitalised()
            && !t.sentence_start
            && w != "i"
            && !w.starts_with("i'")
            && !is_date_token[i];
        if (t.acronym() && t.text.len() <= 6 && w != "i")
            || (tg[i] & tag::PLACE != 0 && t.capitalised())
            || (t.capitalised() && pair_with_prev && !t.sentence_start)
            || single_name
        {
            x.fire(Feature::NamedEntity, 1.0, &t.text);
        }
        if tg[i] & tag::COMPARISON != 0
            || (lang == "de"
                && w == "als"
                && prev.is_some_and(|p| !p.capitalised() && p.lower.ends_with("er")))
        {
            x.fire(Feature::Comparison, 1.0, &t.lower);
        }
        let superlative_shape = !t.capitalised()
            && !SUPERLATIVE_EXCEPTIONS.contains(&w)
            && prev.is_some_and(|p| {
                (lang == "en"
                    && matches!(p.lower.as_str(), "the" | "most")
                    && w.len() > 5
                    && w.ends_with("est"))
                    || (lang == "de"
                        && DETERMINERS_DE.contains(&p.lower.as_str())
                        && w.len() > 5
                        && (w.ends_with("sten") || w.ends_with("ste")))
            });
        if tg[i] & tag::SUPERLATIVE != 0 || superlative_shape {
            x.fire(Feature::Superlative, 1.0, &t.lower);
        }
        if tg[i] & tag::CAUSAL != 0 {
            x.fire(Feature::Causal, 1.0, &t.lower);
        }
        if tg[i] & tag::CHANGE != 0 {
            x.fire(Feature::Change, 1.0, &t.lower);
        }
        let participle = if lang == "en" {
            w.len() > 4 && w.ends_with("ed")
        } else {
            w.len() > 5
                && w.starts_with("ge")
                && (w.ends_with('t') || w.ends_with("en"))
                && !t.capitalised()
        };
        if tg[i] & tag::PAST != 0 || participle {
            x.fire(Feature::Past, 1.0, &t.lower);
        }
        if tg[i] & tag::OPINION != 0 {
            x.fire(Feature::Opinion, 1.0, &t.lower);
        }
        if tg[i] & tag::MODAL != 0 {
            x.fire(Feature::Modal, 1.0, &t.lower);
        }
        // German "Ihr"/"Sie" at the start of a sentence are too ambiguous.
        if tg[i] & tag::FIRST_SINGULAR != 0 {
            x.fire(Feature::FirstSingular, 1.0, &t.lower);
        }
        if tg[i] & tag::FIRST_PLURAL != 0 {
            x.fire(Feature::FirstPlural, 1.0, &t.lower);
        }
        if tg[i] & tag::SECOND_PERSON != 0 && !(lang == "de" && t.capitalised() && w == "ihr") {
            x.fire(Feature::SecondPerson, 1.0, &t.lower);
        }
        let link = w.starts_with("http")
            || w.starts_with("www.")
            || w.contains(".de/")
            || w.contains(".com/");
        if tg[i] & tag::SOURCE != 0 || link {
            x.fire(Feature::Source, 1.0, &t.lower);
        }
        if tg[i] & tag::SOCIAL != 0 {
            x.fire(Feature::Social, 1.0, &t.lower);
        }
    }
    numbers
}

/// The cues of multi-word phrases of the language's lexicon.
fn phrase_cues(x: &mut Extracted, lex: &Lexicon, phrase: &dyn Fn(&str) -> bool) {
    for p in lex.attribution_phrases {
        if phrase(p) {
            x.fire(Feature::Attribution, 1.0, p);
        }
    }
    for p in lex.opinion_phrases {
        if phrase(p) {
            // The phrase says more than the single word found above.
            x.cues[Feature::Opinion as usize] = Some(p.to_string());
            x.fire(Feature::Opinion, 1.0, p);
        }
    }
    for p in lex.causal_phrases {
        if phrase(p) {
            x.fire(Feature::Causal, 1.0, p);
        }
    }
    for p in lex.comparison_phrases {
        if phrase(p) {
            x.fire(Feature::Comparison, 1.0, p);
        }
    }
    for p in lex.social_phrases {
        if phrase(p) {
            x.fire(Feature::Social, 1.0, p);
        }
    }
}

/// The cues of the sentence as a whole (institutions acting, comparisons with a reference,
/// quotation marks, questions, boilerplate, length), then binary features set to one.
fn sentence_cues(
    x: &mut Extracted,
    sentence: &str,
    tokens: &[Token],
    tg: &[u32],
    is_date_token: &[bool],
    lang: &str,
) {
    let trimmed = sentence.trim();
    let lower_raw = trimmed.to_lowercase();
    if let Some(cue) = actors::institution_action(tokens, |i| tg[i] & tag::PLACE != 0) {
        x.fire(Feature::InstitutionAction, 1.0, &cue);
    }
    if let Some(cue) = news::reference_comparison(tokens, tg, is_date_token, lang) {
        x.fire(Feature::ReferenceComparison, 1.0, &cue);
    }
    if trimmed.contains(['„', '“', '”', '"', '«', '»']) {
        x.fire(Feature::Quote, 1.0, "\"");
    }
    if trimmed.contains('?') {
        x.fire(Feature::Question, 1.0, "?");
    }
    if trimmed.contains('!') {
        x.fire(Feature::Exclamation, 1.0, "!");
    }
    let boiler = BOILERPLATE_STARTS.iter().any(|b| lower_raw.starts_with(b))
        || BOILERPLATE_ANYWHERE.iter().any(|b| lower_raw.contains(b))
        || (tokens.len() <= 4 && trimmed.contains(':'))
        || tokens.is_empty();
    if boiler {
        x.fire(Feature::Boilerplate, 1.0, "");
        // A credit line names where the text came from, not evidence.
        x.values[Feature::Source as usize] = 0.0;
    }
    if tokens.len() < 5 {
        x.fire(Feature::Short, 1.0, "");
    }
    x.values[Feature::LogLength as usize] = (1.0 + tokens.len() as f32).ln();
    // A span "from 7 September to 1 October" is more specific than one date.
    let date_tokens = is_date_token.iter().filter(|d| **d).count() as f32;
    x.values[Feature::Date as usize] = if x.has(Feature::Date) {
        date_tokens.clamp(1.0, 2.0)
    } else {
        0.0
    };

    // Binary features: repeated cues add little beyond the first.
    for f in ALL {
        if !matches!(f, Feature::Number | Feature::Date | Feature::LogLength) && x.has(f) {
            x.values[f as usize] = 1.0;
        }
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// The built-in linear score of extracted features, before the sigmoid.
pub fn builtin_logit(x: &Extracted) -> f32 {
    let (bias, w) = weights::for_lang(x.lang);
    bias + x
        .values
        .iter()
        .zip(w.iter())
        .map(|(v, w)| v * w)
        .sum::<f32>()
}

/// The reason shown when no feature moved the score noticeably: a score always comes with
/// its reasons.
pub const NOTHING_TO_CHECK: &str =
    "against: nothing specific to check (no number, date, name, source or attribution)";

/// (contribution to the logit, reason) of every built-in feature that fired and moved the
/// score noticeably.
pub fn contributions(x: &Extracted) -> Vec<(f32, String)> {
    let (_, w) = weights::for_lang(x.lang);
    ALL.iter()
        .filter(|f| !f.silent() && x.values[**f as usize] > 0.0)
        .map(|f| (x.values[*f as usize] * w[*f as usize], *f))
        .filter(|(c, _)| c.abs() > 0.05)
        .flat_map(|(c, f)| x.reasons_of(f).into_iter().map(move |r| (c, r)))
        .collect()
}

/// Reasons ordered by how much each moved the score: raising ones first (strongest first),
/// then lowering ones (strongest first) prefixed "against: "; `fallback` when there are none.
pub fn order_reasons(mut items: Vec<(f32, String)>, fallback: &str) -> Vec<String> {
    // Stable: the cues of one feature keep their order.
    items.sort_by(|a, b| b.0.abs().total_cmp(&a.0.abs()));
    let mut out: Vec<String> = items
        .iter()
        .filter(|(c, _)| *c > 0.0)
        .map(|(_, r)| r.clone())
        .collect();
    out.extend(
        items
            .iter()
            .filter(|(c, _)| *c < 0.0)
            .map(|(_, r)| format!("against: {r}")),
    );
    if out.is_empty() {
        out.push(fallback.to_string());
    }
    out
}

/// Reasons ordered by how much each feature moved the score: raising ones
/// first, then lowering ones prefixed "against: ". Never empty.
pub fn reasons(x: &Extracted) -> Vec<String> {
    order_reasons(contributions(x), NOTHING_TO_CHECK)
}

/// Check-worthiness of one sentence from the built-in features alone.
pub fn score_builtin(sentence: &str, lang: &str) -> Triage {
    let x = extract(sentence, lang);
    Triage {
        score: sigmoid(builtin_logit(&x)),
        reasons: reasons(&x),
    }
}

/// Check-worthiness of every sentence of a text (an article, a debate) from the built-in
/// features and each sentence's place in the text (`weights::CONTEXT`).
pub fn score_builtin_doc(doc: &[Sentence], lang: &str) -> Vec<Triage> {
    let xs: Vec<Extracted> = doc.iter().map(|s| extract(s.text, lang)).collect();
    let logits: Vec<f32> = xs.iter().map(builtin_logit).collect();
    let probs: Vec<f32> = logits.iter().map(|z| sigmoid(*z)).collect();
    let ctx = context::features(doc, &probs);
    xs.iter()
        .zip(&logits)
        .zip(&ctx)
        .map(|((x, z), c)| {
            let moved: [f32; N_CONTEXT] = std::array::from_fn(|j| c[j] * weights::CONTEXT[j]);
            let mut items = contributions(x);
            items.extend(context::reasons(c, &moved));
            Triage {
                score: sigmoid(z + moved.iter().sum::<f32>()),
                reasons: order_reasons(items, NOTHING_TO_CHECK),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fired(s: &str, lang: &str) -> Vec<&'static str> {
        let x = extract(s, lang);
        ALL.iter()
            .filter(|f| x.values[**f as usize] > 0.0 && **f != Feature::LogLength)
            .map(|f| f.name())
            .collect()
    }

    #[test]
    fn german_cues() {
        let f = fired(
            "Die Vereinigten Staaten behaupteten am 13., Nordkorea habe mehr als tausend Container geschickt.",
            "de",
        );
        for want in [
            "date",
            "quantity",
            "attributed statement",
            "comparison",
            "named entity",
        ] {
            assert!(f.contains(&want), "{want} missing from {f:?}");
        }
        let x = extract(
            "sagte der russische Präsidentensprecher Dmitri Peskow.",
            "de",
        );
        assert_eq!(
            x.reason(Feature::Attribution),
            "attributed statement: sagte"
        );
        assert!(x.values[Feature::NamedPerson as usize] > 0.0);
        assert!(fired("zwischen dem 7. September und dem 1. Oktober", "de").contains(&"date"));
        let km = fired("etwa 290 Kilometer von der Grenze entfernt", "de");
        assert!(km.contains(&"number") && km.contains(&"quantity"), "{km:?}");
        assert!(fired("Quelle: Agenturen", "de").contains(&"boilerplate"));
    }

    #[test]
    fn english_cues() {
        let f = fired(
            "Unemployment rose to 7.8 percent in 2012, the highest since 1982.",
            "en",
        );
        for want in [
            "number",
            "quantity",
            "date",
            "superlative",
            "change or trend",
        ] {
            assert!(f.contains(&want), "{want} missing from {f:?}");
        }
        let q = fired("What do you think about that?", "en");
        assert!(q.contains(&"question") && q.contains(&"opinion"), "{q:?}");
        let x = extract("According to the CBO, the deficit doubled.", "en");
        assert_eq!(
            x.reason(Feature::Attribution),
            "attributed statement: according to"
        );
    }

    #[test]
    fn dates_do_not_count_as_numbers() {
        let x = extract("Am 17.10.2023 im Jahr 2023.", "de");
        assert_eq!(x.values[Feature::Number as usize], 0.0);
        assert_eq!(x.values[Feature::Date as usize], 2.0);
    }

    #[test]
    fn scores_are_probabilities_and_rank_sensibly() {
        let claim = score_builtin(
            "The unemployment rate fell to 4.1 percent last year, the lowest since 2000.",
            "en",
        );
        let question = score_builtin("What would you do about it?", "en");
        let opinion = score_builtin("I think that is a terrible idea.", "en");
        assert!((0.0..=1.0).contains(&claim.score));
        assert!(claim.score > question.score && claim.score > opinion.score);
        assert!(
            claim.reasons.iter().any(|r| r == "number"),
            "{:?}",
            claim.reasons
        );
        assert!(
            question.reasons.iter().any(|r| r == "against: question"),
            "{:?}",
            question.reasons
        );
    }

    #[test]
    fn empty_and_odd_input_do_not_panic() {
        for s in ["", "   ", "?!", "„“", "12.", "…", "\u{202e}abc"] {
            let t = score_builtin(s, "xx");
            assert!(t.score.is_finite());
        }
    }
}
