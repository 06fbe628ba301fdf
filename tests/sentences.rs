//! Sentence splitting on real German and English news cases: each case is the text and the
//! sentences it must split into.

use factdesk::text::sentences::split_str;

const CASES: &[(&str, &[&str])] = &[
    // --- German: dates and ordinals
    ("Der Kreml erklärte heute (17.10.2023), dass es keine Beweise gebe. Das sagte Peskow.",
     &["Der Kreml erklärte heute (17.10.2023), dass es keine Beweise gebe.", "Das sagte Peskow."]),
    ("Die Vereinigten Staaten behaupteten am 13., Nordkorea habe Container geschickt.",
     &["Die Vereinigten Staaten behaupteten am 13., Nordkorea habe Container geschickt."]),
    ("Am 13. Oktober gab es Neuigkeiten. Dann nicht mehr.",
     &["Am 13. Oktober gab es Neuigkeiten.", "Dann nicht mehr."]),
    ("Zwischen dem 7. September und dem 1. Oktober wurden Container transportiert.",
     &["Zwischen dem 7. September und dem 1. Oktober wurden Container transportiert."]),
    ("Die Sitzung endete am 17.10.2023. Danach sprach niemand.",
     &["Die Sitzung endete am 17.10.2023.", "Danach sprach niemand."]),
    ("Das Gesetz gilt seit dem 1.1.2024 und bleibt.", &["Das Gesetz gilt seit dem 1.1.2024 und bleibt."]),
    ("Vom 17.10. bis zum 20.10. war er in Peking.", &["Vom 17.10. bis zum 20.10. war er in Peking."]),
    ("Er kam am 3. Die anderen später.", &["Er kam am 3. Die anderen später."]),
    ("Das war im Jahr 2023. Die Zahlen stiegen.", &["Das war im Jahr 2023.", "Die Zahlen stiegen."]),
    ("Er belegte Platz 3. Das freute ihn.", &["Er belegte Platz 3.", "Das freute ihn."]),
    ("Am 3. und 4. März wird gestreikt.", &["Am 3. und 4. März wird gestreikt."]),
    ("Die 2. Bundesliga startet. Der 1. FC Köln spielt.", &["Die 2. Bundesliga startet.", "Der 1. FC Köln spielt."]),
    ("Im 19. Jahrhundert war das anders.", &["Im 19. Jahrhundert war das anders."]),
    ("Wilhelm II. war deutscher Kaiser.", &["Wilhelm II. war deutscher Kaiser."]),
    // --- German: abbreviations
    ("Viele Länder, z. B. Deutschland, stimmten zu. Andere nicht.",
     &["Viele Länder, z. B. Deutschland, stimmten zu.", "Andere nicht."]),
    ("Viele Länder, z.B. Frankreich, stimmten zu.", &["Viele Länder, z.B. Frankreich, stimmten zu."]),
    ("Dr. Müller sagte das. Prof. Schmidt widersprach.", &["Dr. Müller sagte das.", "Prof. Schmidt widersprach."]),
    ("Die Kosten liegen bei 3,5 Mio. Euro pro Jahr.", &["Die Kosten liegen bei 3,5 Mio. Euro pro Jahr."]),
    ("Der Schaden betrug 2 Mrd. Dollar. Das ist viel.", &["Der Schaden betrug 2 Mrd. Dollar.", "Das ist viel."]),
    ("Das gilt bzw. galt bis gestern.", &["Das gilt bzw. galt bis gestern."]),
    ("Es kamen ca. 300 Container an.", &["Es kamen ca. 300 Container an."]),
    ("Siehe Nr. 5 der Liste.", &["Siehe Nr. 5 der Liste."]),
    ("Das steht in Art. 5 GG. Es schützt die Presse.", &["Das steht in Art. 5 GG.", "Es schützt die Presse."]),
    ("Äpfel, Birnen usw. Die Liste ist lang.", &["Äpfel, Birnen usw.", "Die Liste ist lang."]),
    ("Äpfel, Birnen usw. wurden geliefert.", &["Äpfel, Birnen usw. wurden geliefert."]),
    ("Das heißt, d. h. im Klartext: nein.", &["Das heißt, d. h. im Klartext: nein."]),
    ("Er wohnt in der Hauptstr. 5 in Berlin.", &["Er wohnt in der Hauptstr. 5 in Berlin."]),
    ("Sie kommt ggf. später. Er nicht.", &["Sie kommt ggf. später.", "Er nicht."]),
    ("Die Firma XY GmbH meldete Gewinne. Die Aktie stieg.", &["Die Firma XY GmbH meldete Gewinne.", "Die Aktie stieg."]),
    // --- German: quotations
    ("Geheimdienste „berichten dies ständig, ohne irgendwelche Beweise zu liefern“, sagte Peskow in Peking.",
     &["Geheimdienste „berichten dies ständig, ohne irgendwelche Beweise zu liefern“, sagte Peskow in Peking."]),
    ("„Wir werden diese Beziehungen ausbauen. Das ist unser Recht“, sagte er.",
     &["„Wir werden diese Beziehungen ausbauen. Das ist unser Recht“, sagte er."]),
    ("Er sagte: „Das ist falsch.“ Dann ging er.", &["Er sagte: „Das ist falsch.“", "Dann ging er."]),
    ("„Stimmt das?“, fragte sie.", &["„Stimmt das?“, fragte sie."]),
    ("„Nein!“ rief er. Alle schwiegen.", &["„Nein!“ rief er.", "Alle schwiegen."]),
    ("»Das ist gelogen«, sagte der Minister. Er blieb dabei.",
     &["»Das ist gelogen«, sagte der Minister.", "Er blieb dabei."]),
    ("»Erstens. Zweitens. Drittens«, zählte sie auf.", &["»Erstens. Zweitens. Drittens«, zählte sie auf."]),
    ("Er nannte es „Unsinn“. Die Opposition widersprach.", &["Er nannte es „Unsinn“.", "Die Opposition widersprach."]),
    ("Das Urteil (Az. 1 BvR 123/20) ist rechtskräftig.", &["Das Urteil (Az. 1 BvR 123/20) ist rechtskräftig."]),
    ("Die Zahl stieg (siehe oben. Das ist belegt) deutlich.", &["Die Zahl stieg (siehe oben. Das ist belegt) deutlich."]),
    // --- German: other punctuation
    ("Ist das wahr? Niemand weiß es.", &["Ist das wahr?", "Niemand weiß es."]),
    ("Unglaublich! So etwas gab es nie.", &["Unglaublich!", "So etwas gab es nie."]),
    ("Er zögerte … dann sprach er.", &["Er zögerte … dann sprach er."]),
    ("Er zögerte... Dann sprach er.", &["Er zögerte...", "Dann sprach er."]),
    ("Wirklich?! Das glaube ich nicht.", &["Wirklich?!", "Das glaube ich nicht."]),
    ("Die Quote lag bei 3.5 Prozent.", &["Die Quote lag bei 3.5 Prozent."]),
    ("Die Grenze ist etwa 290 km entfernt. Das ist nah.", &["Die Grenze ist etwa 290 km entfernt.", "Das ist nah."]),
    ("Überschrift ohne Punkt\nDer Text beginnt hier.", &["Überschrift ohne Punkt", "Der Text beginnt hier."]),
    ("Erster Absatz.\n\nZweiter Absatz.", &["Erster Absatz.", "Zweiter Absatz."]),
    ("Quelle: Agenturen", &["Quelle: Agenturen"]),
    ("Ölpreis steigt. Übermorgen fällt er.", &["Ölpreis steigt.", "Übermorgen fällt er."]),
    // --- English
    ("The U.S. government denied it. Officials declined to comment.",
     &["The U.S. government denied it.", "Officials declined to comment."]),
    ("The shells came from the U.S. The report said so.", &["The shells came from the U.S.", "The report said so."]),
    ("On Oct. 17 the Kremlin denied the claims.", &["On Oct. 17 the Kremlin denied the claims."]),
    ("Mr. Kirby said on Friday that more than 1,000 containers were sent. He showed images.",
     &["Mr. Kirby said on Friday that more than 1,000 containers were sent.", "He showed images."]),
    ("Dr. Smith, Ph.D., disagreed.", &["Dr. Smith, Ph.D., disagreed."]),
    ("John F. Kennedy was president.", &["John F. Kennedy was president."]),
    ("It rose by 3.5 percent. Analysts were surprised.", &["It rose by 3.5 percent.", "Analysts were surprised."]),
    ("Prices, e.g. for bread, rose. Wages did not.", &["Prices, e.g. for bread, rose.", "Wages did not."]),
    ("He said, i.e. implied, that it was over.", &["He said, i.e. implied, that it was over."]),
    ("Apple Inc. reported profits. The stock rose.", &["Apple Inc. reported profits.", "The stock rose."]),
    ("Apple Inc. Chief Executive Tim Cook spoke.", &["Apple Inc. Chief Executive Tim Cook spoke."]),
    ("\"We will not comment.\" The spokesman left.", &["\"We will not comment.\"", "The spokesman left."]),
    ("\"It is false. Completely false,\" she said.", &["\"It is false. Completely false,\" she said."]),
    ("Why now? Nobody knows.", &["Why now?", "Nobody knows."]),
    ("The meeting was at 5 p.m. on Monday.", &["The meeting was at 5 p.m. on Monday."]),
    ("Smith et al. found no effect. The study was small.", &["Smith et al. found no effect.", "The study was small."]),
    ("It was signed on Sept. 4, 2023.", &["It was signed on Sept. 4, 2023."]),
    ("See No. 7 on the list.", &["See No. 7 on the list."]),
    ("“This is a lie,” he said. “Nobody believes it.”", &["“This is a lie,” he said.", "“Nobody believes it.”"]),
    ("The vote was 52-48. The bill passed.", &["The vote was 52-48.", "The bill passed."]),
    ("He won in 2020. Then he lost.", &["He won in 2020.", "Then he lost."]),
    // --- robustness
    ("", &[]),
    ("   \n\n  ", &[]),
    ("...", &["..."]),
    ("Ein Satz ohne Ende", &["Ein Satz ohne Ende"]),
    ("„Unbalanciert. Zitat ohne Ende. Noch ein Satz.", &["„Unbalanciert.", "Zitat ohne Ende.", "Noch ein Satz."]),
    ("x. Y. z.", &["x. Y. z."]),
];

#[test]
fn splits_tricky_german_and_english_cases() {
    let mut failures = Vec::new();
    for (input, expected) in CASES {
        let got = split_str(input);
        if got != *expected {
            failures.push(format!(
                "input:    {input:?}\nexpected: {expected:?}\ngot:      {got:?}"
            ));
        }
    }
    assert!(
        CASES.len() >= 60,
        "keep at least 60 cases, have {}",
        CASES.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_non_blank_character_is_in_exactly_one_sentence() {
    let seed = include_str!("../src/demo/article.txt");
    let sentences = factdesk::text::sentences::split(seed);
    let mut covered = vec![false; seed.len()];
    let mut last_end = 0;
    for s in &sentences {
        assert!(s.start >= last_end, "sentences overlap or are out of order");
        last_end = s.end;
        for c in covered.iter_mut().take(s.end).skip(s.start) {
            *c = true;
        }
    }
    for (i, ch) in seed.char_indices() {
        if !ch.is_whitespace() {
            assert!(covered[i], "character {ch:?} at byte {i} is in no sentence");
        }
    }
}

#[test]
fn seed_article_keeps_dates_and_ordinals_inside_sentences() {
    let seed = include_str!("../src/demo/article.txt");
    let sentences = split_str(seed);
    for s in &sentences {
        assert!(!s.ends_with("(17.10.2023"), "cut at the date: {s}");
        assert!(!s.ends_with("am 13."), "cut at the ordinal: {s}");
        assert!(!s.ends_with("dem 7."), "cut at the ordinal: {s}");
    }
    assert!(sentences.iter().any(|s| s.starts_with(
        "Die Vereinigten Staaten behaupteten am 13., Nordkorea habe mehr als tausend Container"
    )));
    assert!(sentences.contains(&"Quelle: Agenturen"));
    assert_eq!(sentences.len(), 14, "{sentences:#?}");
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        "\u{0}.\u{202e}. A",
        "„“„“. „",
        "((((.)))) X",
        "1. 2. 3. 4.",
        ". . . A. b",
        "é.É. Ö. ö",
        "\"\"\". X",
        "'. A'. b",
    ];
    for s in odd {
        let _ = split_str(s);
    }
}

/// Nesting and many short brackets were quadratic (a line of 32 000 `[` took 12 s, and
/// 100 000 did not finish in a minute). Each input here is 100-400 times that work for a
/// quadratic splitter; linear, they take milliseconds. The bound only catches a relapse.
#[test]
fn deep_nesting_and_many_brackets_stay_linear() {
    let t = "Der Minister sagte, es gebe viele Straßen.";
    let cases = [
        format!("{}{t}{}", "[".repeat(200_000), "]".repeat(200_000)),
        format!("{}{t}{}", "(".repeat(200_000), "]".repeat(200_000)),
        format!("{}{t}{}", "„".repeat(100_000), "“".repeat(100_000)),
        format!("{}{t}", "«(„[\"".repeat(50_000)),
        "(x) Er kam. ".repeat(50_000),
        "„Er kam.“ Sie ging. ".repeat(30_000),
    ];
    let started = std::time::Instant::now();
    for (i, text) in cases.iter().enumerate() {
        let sents = split_str(text);
        assert!(!sents.is_empty(), "case {i}");
        let chars: usize = sents
            .iter()
            .map(|s| s.chars().filter(|c| !c.is_whitespace()).count())
            .sum();
        let want = text.chars().filter(|c| !c.is_whitespace()).count();
        assert_eq!(chars, want, "case {i}: every character in one sentence");
    }
    let took = started.elapsed();
    assert!(took.as_secs() < 60, "the splitter took {took:?}");
    eprintln!("six pathological lines split in {took:?}");
}
