//! A German claim meets English sources through a bilingual dictionary in Ding's format (the
//! one Debian's trans-de-en installs), read from the system at run time: with it the English
//! note is found by meaning, without it only names and numbers can match, and the user is
//! told how to install one.

mod common;
use common::*;
use std::fs;
use std::path::Path;

const DING: &str = "\
# a few lines of Ding's German-English list, in its format
Pflegegeld {n} [adm.] :: nursing care allowance
Erhöhung {f}; Erhöhungen {pl} :: increase; raise | increases; raises
Autobahn {f} | Autobahnen {pl} :: motorway [Br.]; freeway [Am.] | motorways; freeways
Privatisierung {f} :: privatization; privatisation
Bundesregierung {f} [pol.] :: Federal Government
";

/// factdesk with `FACTDESK_DICTIONARY` set to `dict` (empty: none) and its own cache folder.
fn fd_dict(dir: &Path, cache: &Path, dict: &str, args: &[&str]) -> Run {
    let env = [
        ("FACTDESK_DICTIONARY", std::ffi::OsStr::new(dict)),
        ("XDG_CACHE_HOME", cache.as_os_str()),
    ];
    fd_env(dir, &env, args)
}

fn titles(r: &Run) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn a_german_claim_finds_english_evidence_with_the_dictionary_and_says_how_without() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("p");
    ok(fd_plain(&["init", dir.to_str().unwrap()]));
    let notes = tmp.path().join("notes");
    fs::create_dir(&notes).unwrap();
    fs::write(
        notes.join("allowance.md"),
        "# Care allowance\n\nThe government announced that the nursing care allowance will \
         rise by five percent next year.\n",
    )
    .unwrap();
    fs::write(
        notes.join("motorways.md"),
        "# Motorway privatisation\n\nCritics warned that the privatisation of motorways \
         would raise costs for drivers.\n",
    )
    .unwrap();
    fs::write(
        notes.join("weather.md"),
        "# Weather\n\nRain is expected on the coast, with storms in the north.\n",
    )
    .unwrap();
    let cache = tmp.path().join("cache");
    let dict = tmp.path().join("de-en");
    fs::write(&dict, DING).unwrap();
    let dict = dict.to_str().unwrap();
    ok(fd_dict(
        &dir,
        &cache,
        dict,
        &["source", "add", notes.to_str().unwrap()],
    ));
    let claim = |text: &str, d: &str| {
        let args = ["search", "--claim", text, "--json", "--lexical"];
        ok(fd_dict(&dir, &cache, d, &args))
    };
    // With the dictionary: the English note, by the translations of "Pflegegeld".
    let r = claim(
        "Die Bundesregierung kündigte eine Erhöhung des Pflegegeldes an.",
        dict,
    );
    assert_eq!(
        titles(&r).first().map(String::as_str),
        Some("Care allowance"),
        "{}",
        r.stdout
    );
    assert!(!r.stderr.contains("trans-de-en"), "{}", r.stderr);
    // A compound the dictionary lacks is translated by its parts.
    let r = claim("Die Autobahnprivatisierung wird teuer.", dict);
    assert_eq!(
        titles(&r).first().map(String::as_str),
        Some("Motorway privatisation"),
        "{}",
        r.stdout
    );
    // The parsed dictionary is cached, and the cache is used by the next run.
    let cached: Vec<_> = fs::read_dir(cache.join("factdesk")).unwrap().collect();
    assert_eq!(cached.len(), 1, "{cached:?}");
    // Without a dictionary: nothing of the German words meets the English notes, and the
    // user is told what to install.
    let r = claim(
        "Die Bundesregierung kündigte eine Erhöhung des Pflegegeldes an.",
        "",
    );
    assert!(
        !titles(&r).contains(&"Care allowance".to_string()),
        "{}",
        r.stdout
    );
    assert!(
        r.stderr.contains("apt-get install trans-de-en"),
        "{}",
        r.stderr
    );
    // An English claim needs no dictionary and gets no hint.
    let r = claim("The nursing care allowance will rise.", "");
    assert_eq!(
        titles(&r).first().map(String::as_str),
        Some("Care allowance"),
        "{}",
        r.stdout
    );
    assert!(!r.stderr.contains("trans-de-en"), "{}", r.stderr);
}
