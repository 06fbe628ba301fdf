//! German compounds split into their parts ("Altersgutachten" -> "alter" + "gutachten").
//!
//! The algorithm is the dictionary decompounding of Lucene's DictionaryCompoundWordTokenFilter,
//! kept to whole decompositions: a word of at least [`MIN_WORD`] letters is cut where its right
//! part (the head) is a word of the list and its left part is a word too, or, after dropping
//! a linking element (Fugen-s, -es, -n, -en, -er: "Alter-s-gutachten", "Bund-es-regierung"),
//! or itself such a compound. Every part has at least [`MIN_PART`] letters, so "Bundesrat"
//! (Rat), "Erdbeere" (Erd) and most names stay whole. Of several decompositions the one with
//! the fewest parts wins, then the longest head.
//!
//! The word list is read from the system at run time, never shipped: Debian's `wngerman`
//! (`/usr/share/dict/ngerman`, GPL), or the file named by `FACTDESK_GERMAN_WORDLIST`. Its
//! words are kept in an FST saved beside the index, with a fingerprint, so documents and
//! queries are always split alike and an index is rebuilt when the list changes.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};
use tantivy_fst::Map;

/// Where Debian's `wngerman` puts its list.
pub const SYSTEM_WORDLIST: &str = "/usr/share/dict/ngerman";
/// Environment variable naming another word list (one word per line, UTF-8).
pub const WORDLIST_ENV: &str = "FACTDESK_GERMAN_WORDLIST";
/// Shortest word that is split.
pub const MIN_WORD: usize = 8;
/// Shortest part.
pub const MIN_PART: usize = 4;
/// At most this many parts (long chains are rare and cost lookups).
/// (`MAX_PARTS` bounds the recursion of modifiers that are not listed.)
const MAX_PARTS: usize = 4;
/// Linking elements between a modifier and the rest, longest first.
const LINKS: [&str; 5] = ["es", "en", "er", "s", "n"];
/// Bumped whenever the algorithm changes what it splits: part of the fingerprint.
const ALGORITHM: &str = "factdesk-compounds-1";

/// The word list a new index would be built with: the environment's choice, else the system
/// list, if it exists.
pub fn configured_wordlist() -> Option<PathBuf> {
    match std::env::var_os(WORDLIST_ENV) {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => Some(PathBuf::from(SYSTEM_WORDLIST)),
    }
    .filter(|p| p.is_file())
}

/// A compound splitter over a word list.
pub struct Splitter {
    words: Map<Vec<u8>>,
    fingerprint: String,
}

impl std::fmt::Debug for Splitter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Splitter")
            .field("words", &self.words.len())
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl Splitter {
    /// Builds a splitter from the text of a word list (one word per line; case, hyphenated
    /// and short entries do not matter).
    pub fn from_wordlist(text: &str) -> Splitter {
        let mut words: Vec<String> = text
            .lines()
            .map(str::trim)
            .filter(|w| w.chars().count() >= MIN_PART && w.chars().all(char::is_alphabetic))
            .map(str::to_lowercase)
            .collect();
        words.sort();
        words.dedup();
        let mut hash = Sha256::new();
        hash.update(ALGORITHM.as_bytes());
        for w in &words {
            hash.update(w.as_bytes());
            hash.update(b"\n");
        }
        let digest = hash.finalize();
        let fingerprint = format!(
            "{ALGORITHM}:{}",
            digest[..8]
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        let words = Map::from_iter(words.iter().map(|w| (w.as_bytes(), 0u64)))
            .expect("sorted, deduplicated keys");
        Splitter { words, fingerprint }
    }

    /// Reads a word list file.
    pub fn from_file(path: &Path) -> std::io::Result<Splitter> {
        let bytes = std::fs::read(path)?;
        Ok(Splitter::from_wordlist(&String::from_utf8_lossy(&bytes)))
    }

    /// The splitter as saved beside an index: fingerprint line, then the FST.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.fingerprint.as_bytes().to_vec();
        out.push(b'\n');
        out.extend_from_slice(&self.words.as_fst().to_vec());
        out
    }

    /// Reads what [`Splitter::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Option<Splitter> {
        let newline = bytes.iter().position(|&b| b == b'\n')?;
        let fingerprint = std::str::from_utf8(&bytes[..newline]).ok()?.to_string();
        let words = Map::from_bytes(bytes[newline + 1..].to_vec()).ok()?;
        Some(Splitter { words, fingerprint })
    }

    /// Names the word list and the algorithm: equal fingerprints split alike.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn is_word(&self, w: &str) -> bool {
        w.chars().count() >= MIN_PART && self.words.contains_key(w)
    }

    /// The parts of a lowercased word, or `None` when it is no compound of the list's words.
    /// A listed word is split too (most compounds are listed); inside it, a listed modifier
    /// stays whole ("Autobahnprivatisierung" -> autobahn + privatisierung).
    pub fn split(&self, word: &str) -> Option<Vec<String>> {
        if word.chars().count() < MIN_WORD || !word.chars().all(char::is_alphabetic) {
            return None;
        }
        self.best_cut(word, MAX_PARTS)
    }

    /// A modifier: whole if listed, else its best decomposition.
    fn modifier_parts(&self, word: &str, budget: usize) -> Option<Vec<String>> {
        if self.is_word(word) {
            return Some(vec![word.to_string()]);
        }
        if budget < 2 {
            return None;
        }
        self.best_cut(word, budget)
    }

    /// The decomposition of `word` into 2..=`budget` parts with the fewest parts, then the
    /// longest head.
    fn best_cut(&self, word: &str, budget: usize) -> Option<Vec<String>> {
        let mut best: Option<Vec<String>> = None;
        // Longest head first: the first decomposition found at a given part count wins.
        for (cut, _) in word.char_indices().skip(MIN_PART) {
            let (left, head) = word.split_at(cut);
            if !self.is_word(head) || SUFFIX_HEADS.contains(&head) {
                continue;
            }
            for modifier in modifiers(left) {
                if modifier.chars().count() < MIN_PART || PARTICLES.contains(&modifier) {
                    continue;
                }
                let Some(mut parts) = self.modifier_parts(modifier, budget - 1) else {
                    continue;
                };
                parts.push(head.to_string());
                if best.as_ref().is_none_or(|b| parts.len() < b.len()) {
                    best = Some(parts);
                }
                break;
            }
            if best.as_ref().is_some_and(|b| b.len() == 2) {
                break;
            }
        }
        best
    }
}

/// Words of the list that end words as suffixes, not as heads ("Wirt-schaft",
/// "Wissen-schaft").
const SUFFIX_HEADS: [&str; 2] = ["schaft", "schaften"];
/// Words of the list that begin words as particles, not as modifiers ("Unter-suchung").
const PARTICLES: [&str; 4] = ["unter", "hinter", "wider", "gegen"];

/// The left part of a cut as written and without each linking element it may end in.
fn modifiers(left: &str) -> impl Iterator<Item = &str> {
    std::iter::once(left).chain(LINKS.iter().filter_map(move |l| left.strip_suffix(l)))
}

/// The splitter file in an index generation (absent: built without splitting).
const FILE: &str = "compounds";
/// Path, size and modification time of the word list it was made from.
const STAMP: &str = "compounds.source";

fn stamp(path: &Path) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    let mtime = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_nanos();
    Some(format!("{}\n{}\n{mtime}", path.display(), meta.len()))
}

/// The last word list read by this process, so tests and rebuilds read it once.
static LOADED: Mutex<Option<(String, Arc<Splitter>)>> = Mutex::new(None);

/// The splitter of the configured word list (see [`configured_wordlist`]), if there is one.
pub fn configured() -> Option<(Arc<Splitter>, String)> {
    let path = configured_wordlist()?;
    let stamp = stamp(&path)?;
    let mut loaded = LOADED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((s, splitter)) = loaded.as_ref() {
        if *s == stamp {
            return Some((splitter.clone(), stamp));
        }
    }
    let splitter = Arc::new(Splitter::from_file(&path).ok()?);
    *loaded = Some((stamp.clone(), splitter.clone()));
    Some((splitter, stamp))
}

/// Records in a new generation folder what it is built with.
/// Synced, so a generation made current after a power cut has them whole (a torn one would
/// only cost a rebuild: an unreadable splitter counts as another word list).
pub fn save(generation: &Path, splitter: Option<&(Arc<Splitter>, String)>) -> std::io::Result<()> {
    if let Some((splitter, stamp)) = splitter {
        write_synced(&generation.join(FILE), &splitter.to_bytes())?;
        write_synced(&generation.join(STAMP), stamp.as_bytes())?;
    }
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::File::create(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// The splitter a generation was built with; `Err` (why, after "the index") when the configured word list is no
/// longer the one it was built with (installed, removed or changed): the index must be
/// rebuilt so documents and queries are split alike.
pub fn load_checked(generation: &Path) -> Result<Option<Arc<Splitter>>, String> {
    let saved = match std::fs::read(generation.join(FILE)) {
        Ok(bytes) => Some(
            Splitter::from_bytes(&bytes)
                .ok_or_else(|| "has an unreadable German word list".to_string())?,
        ),
        Err(_) => None,
    };
    let current = configured_wordlist();
    match (saved, current) {
        (None, None) => Ok(None),
        (Some(_), None) => Err("was built with a German word list that is gone".into()),
        (None, Some(_)) => Err("was built without the German word list".into()),
        (Some(saved), Some(path)) => {
            let recorded = std::fs::read_to_string(generation.join(STAMP)).unwrap_or_default();
            if stamp(&path).is_some_and(|s| s == recorded) {
                return Ok(Some(Arc::new(saved)));
            }
            match configured() {
                Some((now, _)) if now.fingerprint() == saved.fingerprint() => {
                    Ok(Some(Arc::new(saved)))
                }
                _ => Err("was built with another German word list".into()),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Splitter {
        Splitter::from_wordlist(
            "Alter\nGutachten\nAutobahn\nAuto\nBahn\nPrivatisierung\nBund\nRat\nRegierung\nErde\nBeere\nHaus\nTür\nSchlüssel\nHaustür\n",
        )
    }

    #[test]
    fn splits_with_linking_elements_and_keeps_short_parts_whole() {
        let s = small();
        assert_eq!(
            s.split("altersgutachten"),
            Some(vec!["alter".into(), "gutachten".into()])
        );
        assert_eq!(
            s.split("autobahnprivatisierung"),
            Some(vec!["autobahn".into(), "privatisierung".into()])
        );
        assert_eq!(
            s.split("bundesregierung"),
            Some(vec!["bund".into(), "regierung".into()])
        );
        assert_eq!(s.split("bundesrat"), None);
        assert_eq!(s.split("erdbeere"), None);
        assert_eq!(s.split("gutachten"), None);
        // A listed compound is split too; a listed modifier stays whole.
        assert_eq!(
            s.split("haustürschlüssel"),
            Some(vec!["haustür".into(), "schlüssel".into()])
        );
    }

    #[test]
    fn saved_splitter_reads_back_with_its_fingerprint() {
        let s = small();
        let back = Splitter::from_bytes(&s.to_bytes()).unwrap();
        assert_eq!(back.fingerprint(), s.fingerprint());
        assert_eq!(back.split("altersgutachten"), s.split("altersgutachten"));
        let other = Splitter::from_wordlist("Alter\nGutachten\n");
        assert_ne!(other.fingerprint(), s.fingerprint());
        assert!(Splitter::from_bytes(b"no newline").is_none());
    }
}
