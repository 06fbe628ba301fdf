//! German -> English query translation from a bilingual dictionary, so that a German claim
//! finds English evidence by its meaning, not only by shared names and numbers.
//!
//! The dictionary is read from the system at run time, never shipped: Ding's German-English
//! list as Debian's `trans-de-en` installs it (`/usr/share/trans/de-en`, GPL), or the file
//! named by `FACTDESK_DICTIONARY`. Its lines read `Deutsch {n}; Varianten | Beispiel ::
//! English; variants | example`: senses are parallel on both sides (split at ` | `), and
//! synonyms inside a sense are split at `; `. Only senses whose German side is one word are
//! used; phrases and example sentences are left out.
//!
//! The translations of one German word are searched as one term (structured query
//! translation, Pirkola 1998): their English stems form a synonym query, so a word with eight
//! translations weighs as much as a word with one, and the rarer translations do not drown the
//! claim's other words.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tantivy_fst::Map;

use super::analyzers::{Analyzers, Words};
use super::stopwords::{DE_STOP, EN_STOP};

/// Where Debian's `trans-de-en` puts Ding's list.
pub const SYSTEM_DICTIONARY: &str = "/usr/share/trans/de-en";
/// Environment variable naming another dictionary in Ding's format (empty: none).
pub const DICTIONARY_ENV: &str = "FACTDESK_DICTIONARY";
/// What to tell a user whose German claims meet English sources without a dictionary.
pub const INSTALL_HINT: &str = "German claims find English sources by names and numbers only: \
     install a German-English dictionary (Debian/Ubuntu: apt-get install trans-de-en)";
/// English stems kept per German word: the first senses are the common ones, and a long
/// tail of rare translations only adds noise.
const MAX_STEMS: usize = 6;
/// English synonyms read per sense.
const MAX_SYNONYMS: usize = 3;
/// Words of an English translation read (`delivery of arms` is three).
const MAX_WORDS: usize = 3;
/// Bumped whenever parsing changes what a dictionary gives: part of the cache's name.
const ALGORITHM: &str = "factdesk-dictionary-2";

/// German stems to the English stems of their translations, as an FST over the
/// keys and one block of stem lists: loading a saved one costs a read, not a parse.
pub struct Dictionary {
    keys: Map<Vec<u8>>,
    /// Space-separated English stems per entry, each entry ended by a newline.
    english: Vec<u8>,
}

impl std::fmt::Debug for Dictionary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dictionary")
            .field("keys", &self.keys.len())
            .finish()
    }
}

impl Dictionary {
    /// Parse a dictionary in Ding's format; lines it cannot read are skipped.
    pub fn parse(text: &str) -> Dictionary {
        let mut entries: HashMap<Box<str>, Vec<(Box<str>, u32)>> = HashMap::new();
        let mut analyzers = Analyzers::default();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let Some((de, en)) = line.split_once(" :: ") else {
                continue;
            };
            for (de_sense, en_sense) in de.split(" | ").zip(en.split(" | ")) {
                add_sense(&mut entries, &mut analyzers, de_sense, en_sense);
            }
        }
        let sorted: BTreeMap<_, _> = entries.into_iter().collect();
        let mut english = Vec::new();
        let keys = Map::from_iter(sorted.into_iter().map(|(k, mut stems)| {
            // The translations most entries give first (a stable sort keeps the file's
            // order among equals): "Alter" is "age" more often than slang's "dude".
            stems.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
            let at = english.len() as u64;
            let list: Vec<&str> = stems.iter().take(MAX_STEMS).map(|(s, _)| &**s).collect();
            english.extend_from_slice(list.join(" ").as_bytes());
            english.push(b'\n');
            (k.into_string().into_bytes(), at)
        }))
        .expect("sorted, deduplicated keys");
        Dictionary { keys, english }
    }

    /// The English stems of the translations of a German stem, the commonest first.
    pub fn english(&self, stem: &str) -> Vec<&str> {
        self.lookup(stem)
            .map_or_else(Vec::new, |s| s.split(' ').collect())
    }

    fn lookup(&self, stem: &str) -> Option<&str> {
        let at = self.keys.get(stem)? as usize;
        let rest = self.english.get(at..)?;
        let end = rest.iter().position(|&b| b == b'\n')?;
        std::str::from_utf8(&rest[..end]).ok()
    }

    /// How many words and stems it translates.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The dictionary as cached: the length of the stem block, the block, then the FST.
    pub fn to_bytes(&self) -> Vec<u8> {
        let fst = self.keys.as_fst().to_vec();
        let mut out = Vec::with_capacity(8 + self.english.len() + fst.len());
        out.extend_from_slice(&(self.english.len() as u64).to_le_bytes());
        out.extend_from_slice(&self.english);
        out.extend_from_slice(&fst);
        out
    }

    /// Reads what [`Dictionary::to_bytes`] wrote; None for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<Dictionary> {
        let len = u64::from_le_bytes(bytes.get(..8)?.try_into().ok()?) as usize;
        let english = bytes.get(8..8usize.checked_add(len)?)?.to_vec();
        let keys = Map::from_bytes(bytes.get(8 + len..)?.to_vec()).ok()?;
        Some(Dictionary { keys, english })
    }
}

/// The lowercased words of a text, as the index cuts them.
fn words(text: &str) -> Vec<String> {
    let mut cut = Words::new(text);
    let mut word = String::new();
    let mut out = Vec::new();
    while cut.next_into(&mut word).is_some() {
        if !word.is_empty() {
            out.push(word.clone());
        }
    }
    out
}

/// One sense: each of its one-word German synonyms gets the English stems of its first
/// translations, counted once per sense.
fn add_sense(
    entries: &mut HashMap<Box<str>, Vec<(Box<str>, u32)>>,
    analyzers: &mut Analyzers,
    de: &str,
    en: &str,
) {
    let mut stems: Vec<String> = Vec::new();
    for synonym in en.split("; ").take(MAX_SYNONYMS) {
        let ws = words(&strip_notes(synonym));
        if ws.len() > MAX_WORDS {
            continue;
        }
        for w in ws.iter().filter(|w| !is_filler(w)) {
            let stem = analyzers.stem(false, w);
            if !stems.contains(&stem) {
                stems.push(stem);
            }
        }
    }
    if stems.is_empty() {
        return;
    }
    for german in de.split("; ") {
        let ws = words(&strip_notes(german));
        let [word] = ws.as_slice() else {
            continue;
        };
        if DE_STOP.contains(&word.as_str()) {
            continue;
        }
        let known = entries
            .entry(analyzers.stem(true, word).into_boxed_str())
            .or_default();
        for s in &stems {
            match known.iter_mut().find(|(k, _)| **k == **s) {
                Some((_, n)) => *n += 1,
                None => known.push((s.clone().into_boxed_str(), 1)),
            }
        }
    }
}

/// A translation's words that carry no meaning of their own: function words and Ding's
/// placeholders (`sth.`, `sb.`, `to` of infinitives).
fn is_filler(word: &str) -> bool {
    EN_STOP.contains(&word) || matches!(word, "sth" | "sb" | "sb's" | "etw" | "jdn" | "jdm")
}

/// A dictionary entry without its notes: `{m}`, `[jur.]`, `(für etw.)`, `/Abk./`, `<...>`.
fn strip_notes(entry: &str) -> String {
    let mut out = String::with_capacity(entry.len());
    let mut depth = 0usize;
    let mut in_slash = false;
    for c in entry.chars() {
        match c {
            '{' | '[' | '(' | '<' => depth += 1,
            '}' | ']' | ')' | '>' => depth = depth.saturating_sub(1),
            '/' if depth == 0 => in_slash = !in_slash,
            c if depth == 0 && !in_slash => out.push(c),
            _ => {}
        }
    }
    out
}

/// The dictionary a German claim is translated with: the environment's choice, else the
/// system's, if it exists.
pub fn configured_path() -> Option<PathBuf> {
    match std::env::var_os(DICTIONARY_ENV) {
        Some(p) if p.is_empty() => None,
        Some(p) => Some(PathBuf::from(p)),
        None => Some(PathBuf::from(SYSTEM_DICTIONARY)),
    }
    .filter(|p| p.is_file())
}

/// The configured dictionary, read once per process and file. Parsing Ding's list takes
/// seconds, so the parsed form is kept in the user's cache folder, named after the file's
/// path, size and time, and read from there in milliseconds.
pub fn configured() -> Option<Arc<Dictionary>> {
    static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<Dictionary>>>> = OnceLock::new();
    let path = configured_path()?;
    let loaded = LOADED.get_or_init(Default::default);
    let mut loaded = loaded.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(d) = loaded.get(&path) {
        return Some(d.clone());
    }
    let d = Arc::new(load(&path, cache_dir().as_deref())?);
    loaded.insert(path, d.clone());
    Some(d)
}

fn cache_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("org", "factdesk", "factdesk")
        .map(|d| d.cache_dir().to_path_buf())
}

/// The cache file of a dictionary file: a new file, or a changed one, gets a new name.
fn cache_name(path: &Path, meta: &std::fs::Metadata) -> String {
    use sha2::{Digest, Sha256};
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    let mut h = Sha256::new();
    h.update(format!(
        "{ALGORITHM}\n{}\n{}\n{mtime}",
        path.display(),
        meta.len()
    ));
    let digest = h.finalize();
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("dictionary-{hex}.bin")
}

/// A dictionary from its cache, else parsed from the file (and cached when the cache folder
/// can be written; a read-only home only costs the parse again next time).
pub fn load(path: &Path, cache: Option<&Path>) -> Option<Dictionary> {
    let meta = std::fs::metadata(path).ok()?;
    let cached = cache.map(|c| c.join(cache_name(path, &meta)));
    if let Some(d) = cached
        .as_ref()
        .and_then(|c| std::fs::read(c).ok())
        .and_then(|b| Dictionary::from_bytes(&b))
    {
        return Some(d);
    }
    let bytes = crate::bounded::read_bounded(path, 512 << 20, None).ok()?;
    let d = Dictionary::parse(&String::from_utf8_lossy(&bytes));
    if let Some(c) = cached {
        let _ = save(&c, &d);
    }
    Some(d)
}

/// Written to a temporary file and renamed, so a reader never sees half a cache.
fn save(file: &Path, d: &Dictionary) -> std::io::Result<()> {
    let dir = file.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = file.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, d.to_bytes())?;
    std::fs::rename(&tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DING: &str = "\
# Version :: test
Beweis {m}; Beweise {pl} (für etw.) | In einem Kriminalfall braucht man stichhaltige Beweise. :: proof (of sth.) | In a criminal case you need to have proof beyond a reasonable doubt.
Waffenlieferung {f} [mil.] | Waffenlieferungen {pl} :: delivery of arms; arms delivery; weapons delivery | deliveries of arms
Pflegegeld {n} [adm.] :: nursing care allowance
Lieferung ans Haus; Lieferung an die Haustür [transp.] :: doorstep delivery
";

    #[test]
    fn senses_of_one_word_give_english_stems_and_phrases_are_left_out() {
        let d = Dictionary::parse(DING);
        let mut a = Analyzers::default();
        let got = |a: &mut Analyzers, w: &str| -> Vec<String> {
            let stem = a.stem(true, w);
            d.english(&stem).iter().map(|s| s.to_string()).collect()
        };
        assert_eq!(got(&mut a, "beweis"), ["proof"]);
        // The plural is listed as a synonym of the same sense.
        assert_eq!(got(&mut a, "beweise"), ["proof"]);
        // "of" is a function word; "arms" and "weapons" are stemmed.
        assert_eq!(
            got(&mut a, "waffenlieferung"),
            ["deliveri", "arm", "weapon"]
        );
        assert_eq!(got(&mut a, "pflegegeld"), ["nurs", "care", "allow"]);
        // "Lieferung ans Haus" is a phrase: not an entry for "lieferung".
        assert!(got(&mut a, "lieferung").is_empty());
        // An inflected form not listed is found by its stem.
        assert_eq!(got(&mut a, "beweisen"), ["proof"]);
        // The translation more senses give comes first.
        let alter = "Alter! :: Dude!\nAlter {n} :: age\nLebensalter {n}; Alter {n} :: age\n";
        let d2 = Dictionary::parse(alter);
        assert_eq!(d2.english(&a.stem(true, "alter")), ["age", "dude"]);
        assert_eq!(strip_notes("Abk. /ABC/ {f} [ugs.] (alt)"), "Abk.    ");
        // What is cached reads back the same.
        let back = Dictionary::from_bytes(&d.to_bytes()).unwrap();
        assert_eq!(back.len(), d.len());
        assert_eq!(back.english("pflegegeld"), ["nurs", "care", "allow"]);
        assert!(Dictionary::from_bytes(b"garbage").is_none());
    }

    #[test]
    fn a_parsed_dictionary_is_cached_and_a_changed_file_is_parsed_again() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("de-en");
        let cache = dir.path().join("cache");
        std::fs::write(&file, DING).unwrap();
        let d = load(&file, Some(&cache)).unwrap();
        assert_eq!(d.english("beweis"), ["proof"]);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 1);
        // A changed file (another size) gets its own cache file and its new entries.
        std::fs::write(&file, format!("{DING}Gutachten {{n}} :: expert opinion\n")).unwrap();
        let d = load(&file, Some(&cache)).unwrap();
        assert_eq!(d.english("gutacht"), ["expert", "opinion"]);
        assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 2);
        // A broken cache file is parsed anew.
        for f in std::fs::read_dir(&cache).unwrap() {
            std::fs::write(f.unwrap().path(), b"broken").unwrap();
        }
        let d = load(&file, Some(&cache)).unwrap();
        assert_eq!(d.english("gutacht"), ["expert", "opinion"]);
    }
}
