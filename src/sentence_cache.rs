//! Sentence embeddings kept beside the installed model, so training and evaluating the
//! check-worthiness model embeds each sentence once: a training file of 16,000 debate
//! sentences takes about 14 minutes to embed on two cores and a second of reading here.
//!
//! One append-only file per model (`query-embeddings.cache` in the model's folder, removed
//! with it): a header naming the vector length, then records of a 16-byte key (SHA-256 of
//! the text, cut) and the vector as little-endian f32. Each batch is appended with one write
//! after it is embedded, so a run that is killed keeps what it finished; a torn last record
//! is ignored on reading. A file with another header is not read and is replaced on the
//! next append.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

const MAGIC: &[u8; 8] = b"fdqcache";
const HEADER: usize = MAGIC.len() + 4;

pub type Key = [u8; 16];

pub fn key(text: &str) -> Key {
    let digest = Sha256::digest(text.as_bytes());
    let mut k = [0u8; 16];
    k.copy_from_slice(&digest[..16]);
    k
}

pub struct SentenceCache {
    path: PathBuf,
    dim: usize,
    vectors: HashMap<Key, Vec<f32>>,
}

impl SentenceCache {
    /// The cache at `path` for vectors of length `dim`; empty when the file is missing,
    /// unreadable or made for another length (said on stderr, never fatal).
    pub fn open(path: &Path, dim: usize) -> SentenceCache {
        let mut cache = SentenceCache {
            path: path.to_path_buf(),
            dim,
            vectors: HashMap::new(),
        };
        let mut bytes = Vec::new();
        match File::open(path).and_then(|mut f| f.read_to_end(&mut bytes)) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return cache,
            Err(e) => {
                eprintln!(
                    "factdesk: {}: {e}; sentences are embedded again",
                    path.display()
                );
                return cache;
            }
        }
        if bytes.len() < HEADER
            || &bytes[..MAGIC.len()] != MAGIC
            || u32::from_le_bytes(bytes[MAGIC.len()..HEADER].try_into().expect("4 bytes")) as usize
                != dim
        {
            eprintln!(
                "factdesk: {}: not a cache of {dim}-number vectors; it is replaced",
                path.display()
            );
            return cache;
        }
        let record = 16 + 4 * dim;
        // A torn last record (a run killed mid-write, or one writing now) is not read; the
        // next append cuts it off under the lock.
        let whole = (bytes.len() - HEADER) / record * record;
        for r in bytes[HEADER..HEADER + whole].chunks_exact(record) {
            let k: Key = r[..16].try_into().expect("16 bytes");
            let v = r[16..]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes(b.try_into().expect("4 bytes")))
                .collect();
            cache.vectors.insert(k, v);
        }
        cache
    }

    pub fn get(&self, k: &Key) -> Option<&[f32]> {
        self.vectors.get(k).map(|v| v.as_slice())
    }

    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }

    /// Keeps `entries` in memory and appends them to the file in one write, under an
    /// exclusive lock so that runs embedding at the same time (two benchmarks, a training
    /// and a triage) interleave whole records. A failure to write is returned for the
    /// caller to mention; the vectors stay usable in this run.
    pub fn append(&mut self, entries: Vec<(Key, Vec<f32>)>) -> std::io::Result<()> {
        let fresh: Vec<(Key, Vec<f32>)> = entries
            .into_iter()
            .filter(|(k, v)| v.len() == self.dim && !self.vectors.contains_key(k))
            .collect();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&self.path)?;
        // Released when `file` closes at the end of this call.
        factdesk_index::flock::lock_exclusive(&file)?;
        let len = file.metadata()?.len() as usize;
        let mut header = [0u8; HEADER];
        let ours = len >= HEADER
            && file.read_exact(&mut header).is_ok()
            && header[..MAGIC.len()] == MAGIC[..]
            && u32::from_le_bytes(header[MAGIC.len()..].try_into().expect("4 bytes")) as usize
                == self.dim;
        let mut buf = Vec::new();
        if ours {
            let record = 16 + 4 * self.dim;
            file.set_len((HEADER + (len - HEADER) / record * record) as u64)?;
        } else {
            file.set_len(0)?;
            buf.extend_from_slice(MAGIC);
            buf.extend_from_slice(&(self.dim as u32).to_le_bytes());
            for (k, v) in &self.vectors {
                push_record(&mut buf, k, v);
            }
        }
        for (k, v) in &fresh {
            push_record(&mut buf, k, v);
        }
        self.vectors.extend(fresh);
        file.seek(SeekFrom::End(0))?;
        file.write_all(&buf)
    }
}

fn push_record(buf: &mut Vec<u8>, k: &Key, v: &[f32]) {
    buf.extend_from_slice(k);
    for x in v {
        buf.extend_from_slice(&x.to_le_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("fd-sentcache-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("query-embeddings.cache")
    }

    #[test]
    fn vectors_survive_reopening_and_a_torn_last_record() {
        let path = temp("torn");
        let _ = std::fs::remove_file(&path);
        let mut c = SentenceCache::open(&path, 3);
        assert!(c.is_empty());
        c.append(vec![(key("a"), vec![1.0, 2.0, 3.0])]).unwrap();
        c.append(vec![(key("b"), vec![4.0, 5.0, 6.0])]).unwrap();
        // A run killed in the middle of its write leaves part of a record.
        OpenOptions::new()
            .append(true)
            .open(&path)
            .unwrap()
            .write_all(&[7u8; 20])
            .unwrap();
        let mut c = SentenceCache::open(&path, 3);
        assert_eq!(c.len(), 2);
        assert_eq!(c.get(&key("b")), Some(&[4.0f32, 5.0, 6.0][..]));
        assert_eq!(c.get(&key("c")), None);
        // What is appended after the torn record reads back whole.
        c.append(vec![(key("c"), vec![7.0, 8.0, 9.0])]).unwrap();
        let c = SentenceCache::open(&path, 3);
        assert_eq!(c.len(), 3);
        assert_eq!(c.get(&key("c")), Some(&[7.0f32, 8.0, 9.0][..]));
        assert_eq!(c.get(&key("a")), Some(&[1.0f32, 2.0, 3.0][..]));
    }

    #[test]
    fn two_writers_at_once_keep_every_record_whole() {
        let path = temp("two");
        let _ = std::fs::remove_file(&path);
        // Both open before the file exists, as two runs started together do.
        let writers: Vec<SentenceCache> = (0..2).map(|_| SentenceCache::open(&path, 64)).collect();
        let threads: Vec<_> = writers
            .into_iter()
            .enumerate()
            .map(|(w, mut c)| {
                std::thread::spawn(move || {
                    for batch in 0..50 {
                        let entries = (0..8)
                            .map(|i| {
                                let text = format!("{w}-{batch}-{i}");
                                (key(&text), vec![(w * 1000 + batch * 10 + i) as f32; 64])
                            })
                            .collect();
                        c.append(entries).unwrap();
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        let c = SentenceCache::open(&path, 64);
        assert_eq!(c.len(), 2 * 50 * 8);
        for w in 0..2 {
            let v = c.get(&key(&format!("{w}-49-7"))).unwrap();
            assert!(v.iter().all(|x| *x == (w * 1000 + 497) as f32));
        }
    }

    #[test]
    fn a_cache_of_another_length_is_replaced_not_misread() {
        let path = temp("dim");
        let _ = std::fs::remove_file(&path);
        let mut c = SentenceCache::open(&path, 2);
        c.append(vec![(key("a"), vec![1.0, 2.0])]).unwrap();
        let mut c = SentenceCache::open(&path, 4);
        assert!(c.is_empty());
        c.append(vec![(key("a"), vec![1.0, 2.0, 3.0, 4.0])])
            .unwrap();
        let c = SentenceCache::open(&path, 4);
        assert_eq!(c.get(&key("a")), Some(&[1.0f32, 2.0, 3.0, 4.0][..]));
    }
}
