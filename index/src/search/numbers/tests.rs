use super::*;

/// The terms of every expression of `text`.
fn terms(text: &str, lang: NumLang) -> Vec<String> {
    scan(text, lang)
        .into_iter()
        .flat_map(|(_, f)| f.terms)
        .map(|t| {
            t.replace(NUMBER, "#")
                .replace(DATE, "@")
                .replace(QUANTITY, "q ")
        })
        .collect()
}

/// The quantity terms of `text`.
fn quantities(text: &str, lang: NumLang) -> Vec<String> {
    terms(text, lang)
        .into_iter()
        .filter(|t| t.starts_with("q "))
        .collect()
}

#[test]
fn numbers_in_each_language() {
    use NumLang::*;
    assert_eq!(terms("1.000 Soldaten", De), ["#1000"]);
    assert_eq!(terms("1,000 troops", En), ["#1000"]);
    assert_eq!(terms("a thousand troops", En), ["#1000"]);
    assert_eq!(terms("tausend Soldaten", De), ["#1000"]);
    assert_eq!(terms("1.000 troops", En), ["#1"]);
    assert!(terms("1.000 troops", Any).is_empty());
    assert_eq!(terms("2,5 Millionen", De), ["#2500000"]);
    assert_eq!(terms("2.5 million", En), ["#2500000"]);
    assert_eq!(terms("zwei Milliarden", De), ["#2000000000"]);
    assert_eq!(terms("two billion", En), ["#2000000000"]);
    assert_eq!(terms("zwei Billionen", De), ["#2000000000000"]);
    assert!(terms("two billion", Any).iter().all(|t| t != "#2000000000"));
    assert_eq!(terms("zwölf Apostel", De), ["#12"]);
    // A number written as its own digits is its word too.
    assert_eq!(terms("1000 Soldaten", De), ["#1000"]);
    assert!(scan("1000 Soldaten", De)[0].1.written_as_is);
    assert!(!scan("1.000 Soldaten", De)[0].1.written_as_is);
    // Articles are no numbers; "a thousand" is a thousand by its second word.
    assert!(terms("a man and ein Haus", Any).is_empty());
    assert_eq!(terms("eine Million", De), ["#1000000"]);
}

#[test]
fn years_sections_versions_and_phones_give_no_numbers() {
    use NumLang::*;
    assert!(terms("Im Jahr 2025 wurde gewählt", De).is_empty());
    assert_eq!(scan("in 2025", En)[0].1.number, None);
    assert!(terms("nach § 3.1 und §§ 12", De).is_empty());
    assert!(terms("Version 2.0.1", Any).is_empty());
    assert!(terms("Tel. +49 30 1234567 oder 030 123456", De).is_empty());
    assert!(terms("the 13th man", En).is_empty());
    assert!(terms("Version 2.0 and v3.1", En).is_empty());
    assert!(terms("Art. 5 Abs. 3 und Nr. 12", De).is_empty());
    assert!(terms("call +49 30 1234567 or Tel. 4711", En).is_empty());
    assert_eq!(terms("+49 30 1234567 und zwölf", De), ["#12"]);
    assert!(terms("Es ist 2025.", De).is_empty());
}

#[test]
fn quantities_meet_across_units() {
    use NumLang::*;
    let km = terms("Die Strecke ist 290 Kilometer lang", De);
    assert_eq!(km, ["#290", "q m:29e4"]);
    assert_eq!(quantities("a distance of 180 miles", En), ["q m:29e4"]);
    assert_eq!(terms("290km", De), km);
    assert_eq!(quantities("100 Fuß", De), ["q m:30e0"]);
    assert_eq!(quantities("30 Meter", De), ["q m:30e0"]);
    assert_eq!(quantities("50 kg", De), quantities("110 pounds", En));
    assert_eq!(quantities("20 °C", De), quantities("68 °F", En));
    assert_eq!(quantities("20 Grad Celsius", De), ["q c:20e0"]);
    assert_eq!(quantities("-5 °C", De), ["q c:-50e-1"]);
    assert_eq!(terms("2,5 Prozent", De), terms("2.5 %", En));
    assert_eq!(terms("2.5 per cent", En), ["#2.5", "q %:2.5"]);
    assert_eq!(terms("50%", En), ["#50", "q %:50"]);
    assert_eq!(
        terms("2,5 Millionen Euro", De),
        ["#2500000", "q eur:2500000"]
    );
    assert_eq!(terms("€2.5 million", En), terms("2,5 Millionen Euro", De));
    assert_eq!(terms("$5bn", En), ["#5000000000", "q usd:5000000000"]);
    assert_eq!(terms("$180", En), ["#180", "q usd:180"]);
    // Currencies are not converted.
    assert_ne!(quantities("5 Euro", De), quantities("5 dollars", En));
    assert_eq!(terms("ten miles", En), ["#10", "q m:16e3"]);
    // A year is a quantity only with a unit.
    assert_eq!(quantities("2025 Meter", De), ["q m:20e2"]);
}

#[test]
fn dates_in_each_language() {
    use NumLang::*;
    let full = ["@2025-10-13", "@--10-13", "@2025-10"];
    assert_eq!(terms("am 13. Oktober 2025", De), full);
    assert_eq!(terms("on Oct. 13, 2025", En), full);
    assert_eq!(terms("October 13, 2025", En), full);
    assert_eq!(terms("13 October 2025", En), full);
    assert_eq!(terms("13.10.2025", De), full);
    assert_eq!(terms("2025-10-13", Any), full);
    assert_eq!(terms("October 13th", En), ["@--10-13"]);
    assert_eq!(terms("am 13. Oktober kam", De), ["@--10-13"]);
    assert_eq!(terms("am 13.10. kam", De), ["@--10-13"]);
    assert_eq!(terms("im Oktober 2025", De), ["@2025-10"]);
    assert!(!terms("31. Februar", De).iter().any(|t| t.starts_with('@')));
    assert_eq!(terms("29 Feb", En), ["@--02-29"]);
    assert!(terms("you may go", En).is_empty());
    // Slashed dates: the part over 12 is the day; otherwise German reads the day first and
    // English text gets both readings.
    assert_eq!(terms("on 10/13/2025", En), full);
    assert_eq!(terms("am 13/10/2025", De), full);
    assert_eq!(terms("13/10/2025", En), full);
    assert_eq!(
        terms("03/04/2025", De),
        ["@2025-04-03", "@--04-03", "@2025-04"]
    );
    assert_eq!(
        terms("03/04/2025", En),
        [
            "@2025-03-04",
            "@--03-04",
            "@2025-03",
            "@2025-04-03",
            "@--04-03",
            "@2025-04"
        ]
    );
    assert!(!terms("13/13/2025", En).iter().any(|t| t.starts_with('@')));
    // Two-digit years, as short numeric dates write them.
    assert_eq!(terms("on 10/13/25", En), full);
    assert_eq!(terms("am 13.10.25 kam", De), full);
    assert_eq!(terms("am 13/10/25", De), full);
    assert_eq!(
        terms("31.12.99", De),
        ["@1999-12-31", "@--12-31", "@1999-12"]
    );
    assert!(!terms("13.13.25", De).iter().any(|t| t.starts_with('@')));
    // A German thousands separator is no date.
    assert!(!terms("1.500.000 Euro", De)
        .iter()
        .any(|t| t.starts_with('@')));
    assert!(!terms("1/2 of them", En).iter().any(|t| t.starts_with('@')));
}

#[test]
fn compound_number_words_teens_and_one_before_a_unit() {
    use NumLang::*;
    assert_eq!(terms("fünfundzwanzig Soldaten", De), ["#25"]);
    assert_eq!(terms("einundzwanzig", De), ["#21"]);
    assert_eq!(terms("dreihundert Panzer", De), ["#300"]);
    assert_eq!(terms("dreihundertfünfzig", De), ["#350"]);
    assert_eq!(terms("zweitausendfünfhundert Menschen", De), ["#2500"]);
    assert_eq!(terms("hunderttausend", De), ["#100000"]);
    assert_eq!(terms("siebzehn Tage", De), ["#17"]);
    assert_eq!(terms("seventeen days", En), ["#17"]);
    assert_eq!(terms("twenty-five soldiers", En), ["#25"]);
    assert_eq!(terms("forty one", En), ["#41"]);
    assert_eq!(terms("twenty-five hundred", En), ["#2500"]);
    // German compounds meet the digits of an English source.
    assert_eq!(terms("fünfundzwanzig Kilometer", De), terms("25 km", En));
    // "ein", "one" are a number only before a unit.
    assert_eq!(quantities("ein Kilometer", De), quantities("1 km", En));
    assert_eq!(quantities("eine Meile", De), quantities("one mile", En));
    assert_eq!(terms("ein Prozent", De), ["#1", "q %:1"]);
    assert!(terms("ein Haus, eine Frau und one of them", Any).is_empty());
    assert_eq!(terms("eine Million", De), ["#1000000"]);
    // Only whole numerals: words that begin like one stay words.
    assert!(terms("Achtung, Hundertschaft, tausendmal, Einheit, Neunziger", De).is_empty());
    assert!(terms("eins", De).is_empty());
}
