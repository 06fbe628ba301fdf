//! A project's passage vectors: `<index>/vectors/<model id>/vectors.bin`, append-only.
//!
//! Header (32 bytes): `FDVEC001`, u32 dimensions, 20 zero bytes. Then fixed-size records:
//! a 16-byte key (the first half of the SHA-256 of the text as embedded, so a passage is
//! embedded once whatever reindex or rm does), the source id (64 bytes, zero-padded), the
//! passage number (u32), the source language (1 byte), the scale (f32) and the vector as
//! `dims` signed bytes (value = byte x scale; unit vectors lose nothing measurable).
//!
//! Readers need no lock and ignore a torn last record; the one writer holds `lock` (an OS
//! lock, released when its process dies) and cuts a torn tail before appending.

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{err, EmbedError, Result};
use crate::search::source_key;
use crate::source::Lang;

const MAGIC: &[u8; 8] = b"FDVEC001";
const HEADER: usize = 32;
const ID_BYTES: usize = 64;
const VECTORS_FILE: &str = "vectors.bin";
const LOCK_FILE: &str = "lock";

/// The key of a text as embedded.
pub type Key = [u8; 16];

/// The key of `text` (already carrying its `passage: ` prefix or not: callers decide once).
pub fn key_of(text: &str) -> Key {
    let digest = Sha256::digest(text.as_bytes());
    let mut k = [0u8; 16];
    k.copy_from_slice(&digest[..16]);
    k
}

fn record_len(dims: usize) -> usize {
    16 + ID_BYTES + 4 + 1 + 4 + dims
}

fn lang_byte(l: Lang) -> u8 {
    match l {
        Lang::De => b'd',
        Lang::En => b'e',
        Lang::Other => b'o',
    }
}

fn lang_of(b: u8) -> Lang {
    match b {
        b'd' => Lang::De,
        b'e' => Lang::En,
        _ => Lang::Other,
    }
}

/// A unit vector as signed bytes and a scale.
pub fn quantize(v: &[f32]) -> (f32, Vec<i8>) {
    let max = v.iter().fold(0f32, |m, x| m.max(x.abs()));
    if max == 0.0 {
        return (0.0, vec![0; v.len()]);
    }
    let scale = max / 127.0;
    (scale, v.iter().map(|x| (x / scale).round() as i8).collect())
}

/// The vectors folder of a model inside a project's index folder.
pub fn vectors_dir(index_dir: &Path, model_id: &str) -> PathBuf {
    index_dir.join("vectors").join(model_id)
}

/// One stored passage vector.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub passage: u32,
    pub lang: Lang,
    scale: f32,
}

/// All vectors of a project, in memory, for search.
#[derive(Debug, Default)]
pub struct VectorStore {
    dims: usize,
    keys: HashMap<Key, usize>,
    ids: Vec<String>,
    entries: Vec<Entry>,
    data: Vec<i8>,
    /// Vectors per source, by the source's grouping key (what lexical results carry).
    by_source: HashMap<u64, Vec<usize>>,
}

fn read_header(f: &mut File, path: &Path) -> Result<usize> {
    let mut h = [0u8; HEADER];
    f.read_exact(&mut h)
        .map_err(|_| EmbedError(format!("{}: too short for a vector file", path.display())))?;
    if &h[..8] != MAGIC {
        return err(format!("{}: not a factdesk vector file", path.display()));
    }
    let dims = u32::from_le_bytes([h[8], h[9], h[10], h[11]]) as usize;
    if dims == 0 || dims > 1 << 16 {
        return err(format!("{}: bad vector width {dims}", path.display()));
    }
    Ok(dims)
}

impl VectorStore {
    /// Reads the vectors in `dir`; an empty store when there are none yet.
    pub fn open(dir: &Path) -> Result<VectorStore> {
        let path = dir.join(VECTORS_FILE);
        let mut f = match File::open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(VectorStore::default()),
            Err(e) => return err(format!("{}: {e}", path.display())),
        };
        let dims = read_header(&mut f, &path)?;
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes)?;
        let rl = record_len(dims);
        let n = bytes.len() / rl;
        let mut store = VectorStore {
            dims,
            data: Vec::with_capacity(n * dims),
            ..VectorStore::default()
        };
        for r in bytes.chunks_exact(rl) {
            let mut key = [0u8; 16];
            key.copy_from_slice(&r[..16]);
            if store.keys.contains_key(&key) {
                continue;
            }
            let id_raw = &r[16..16 + ID_BYTES];
            let id_len = id_raw.iter().position(|&b| b == 0).unwrap_or(ID_BYTES);
            let id = String::from_utf8_lossy(&id_raw[..id_len]).into_owned();
            let at = 16 + ID_BYTES;
            let passage = u32::from_le_bytes([r[at], r[at + 1], r[at + 2], r[at + 3]]);
            let lang = lang_of(r[at + 4]);
            let scale = f32::from_le_bytes([r[at + 5], r[at + 6], r[at + 7], r[at + 8]]);
            let values = r[at + 9..].iter().map(|&b| b as i8);
            store.add(
                key,
                id,
                Entry {
                    passage,
                    lang,
                    scale,
                },
                values,
            );
        }
        Ok(store)
    }

    fn add(&mut self, key: Key, id: String, entry: Entry, values: impl Iterator<Item = i8>) {
        let idx = self.entries.len();
        self.keys.insert(key, idx);
        self.by_source.entry(source_key(&id)).or_default().push(idx);
        self.ids.push(id);
        self.entries.push(entry);
        self.data.extend(values);
    }

    /// Adds a vector in memory: one embedded on demand, which this process uses whether or
    /// not it could also be written to the file. A vector of another width is ignored.
    pub fn insert(&mut self, key: &Key, source_id: &str, passage: u32, lang: Lang, v: &[f32]) {
        if self.keys.contains_key(key) {
            return;
        }
        if self.dims == 0 {
            self.dims = v.len();
        }
        if v.len() != self.dims {
            return;
        }
        let (scale, q) = quantize(v);
        let entry = Entry {
            passage,
            lang,
            scale,
        };
        self.add(*key, source_id.to_string(), entry, q.into_iter());
    }

    /// Size of the vector file in `dir` (0 when there is none): a reader that sees it
    /// change knows the vectors did.
    pub fn file_len(dir: &Path) -> u64 {
        fs::metadata(dir.join(VECTORS_FILE)).map_or(0, |m| m.len())
    }

    /// Vectors stored (of live and of removed sources).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no vector is stored.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether the text with this key has a vector.
    pub fn contains(&self, key: &Key) -> bool {
        self.keys.contains_key(key)
    }

    /// The vector width (0 for an empty store).
    pub fn dims(&self) -> usize {
        self.dims
    }

    /// Source id, passage number and language of vector `i`.
    pub fn entry(&self, i: usize) -> (&str, Entry) {
        (&self.ids[i], self.entries[i])
    }

    /// The vectors of a source, by its grouping key.
    pub fn of_source(&self, key: u64) -> &[usize] {
        self.by_source.get(&key).map_or(&[], Vec::as_slice)
    }

    /// Cosine of vector `i` with a query prepared by [`VectorStore::query`].
    pub fn score(&self, i: usize, q: &Query) -> f32 {
        let row = &self.data[i * self.dims..(i + 1) * self.dims];
        dot_i8(row, &q.values) as f32 * self.entries[i].scale * q.scale
    }

    /// A query vector in the store's form.
    pub fn query(&self, v: &[f32]) -> Query {
        let (scale, values) = quantize(v);
        Query { scale, values }
    }

    /// The `k` vectors closest to the query, best first: `(cosine, vector index)`.
    pub fn nearest(&self, q: &Query, k: usize) -> Vec<(f32, usize)> {
        if self.dims != q.values.len() || k == 0 {
            return Vec::new();
        }
        let mut scores: Vec<(f32, usize)> =
            (0..self.len()).map(|i| (self.score(i, q), i)).collect();
        let k = k.min(scores.len());
        if k < scores.len() {
            scores.select_nth_unstable_by(k, |a, b| b.0.total_cmp(&a.0));
            scores.truncate(k);
        }
        scores.sort_by(|a, b| b.0.total_cmp(&a.0));
        scores
    }
}

/// A query vector quantised like the stored ones (so the dot product runs on bytes).
#[derive(Debug, Clone)]
pub struct Query {
    scale: f32,
    values: Vec<i8>,
}

/// Byte dot product in 32-bit sums; written so the compiler vectorises it.
fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    let mut acc = [0i32; 16];
    let chunks = a.len() / 16;
    for c in 0..chunks {
        let (x, y) = (&a[c * 16..c * 16 + 16], &b[c * 16..c * 16 + 16]);
        for j in 0..16 {
            acc[j] += i32::from(x[j]) * i32::from(y[j]);
        }
    }
    let mut sum: i32 = acc.iter().sum();
    for j in chunks * 16..a.len() {
        sum += i32::from(a[j]) * i32::from(b[j]);
    }
    sum
}

/// The one writer of a vector folder (holds its lock until dropped).
pub struct VectorStoreWriter {
    file: File,
    _lock: File,
    dims: usize,
    pending: Vec<u8>,
}

/// Why the writer could not be had.
#[derive(Debug)]
pub enum OpenWriter {
    /// Another process embeds into this folder now.
    Busy,
    Failed(EmbedError),
}

impl VectorStoreWriter {
    /// Takes the folder's lock (without waiting) and opens the file for appending, cutting
    /// a record torn by a kill.
    pub fn open(dir: &Path, dims: usize) -> std::result::Result<VectorStoreWriter, OpenWriter> {
        let failed =
            |e: std::io::Error| OpenWriter::Failed(EmbedError(format!("{}: {e}", dir.display())));
        fs::create_dir_all(dir).map_err(failed)?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(LOCK_FILE))
            .map_err(failed)?;
        // SAFETY: flock on a file descriptor we own; no memory is involved.
        if unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            return Err(OpenWriter::Busy);
        }
        let path = dir.join(VECTORS_FILE);
        let mut file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(failed)?;
        let len = file.metadata().map_err(failed)?.len() as usize;
        if len < HEADER {
            let mut h = [0u8; HEADER];
            h[..8].copy_from_slice(MAGIC);
            h[8..12].copy_from_slice(&(dims as u32).to_le_bytes());
            file.set_len(0).map_err(failed)?;
            file.write_all(&h).map_err(failed)?;
            file.sync_all().map_err(failed)?;
        } else {
            file.seek(SeekFrom::Start(0)).map_err(failed)?;
            let have = read_header(&mut file, &path).map_err(OpenWriter::Failed)?;
            if have != dims {
                return Err(OpenWriter::Failed(EmbedError(format!(
                    "{}: vectors of width {have}, the model makes {dims}",
                    path.display()
                ))));
            }
            let whole = HEADER + (len - HEADER) / record_len(dims) * record_len(dims);
            if whole != len {
                file.set_len(whole as u64).map_err(failed)?;
            }
        }
        file.seek(SeekFrom::End(0)).map_err(failed)?;
        Ok(VectorStoreWriter {
            file,
            _lock: lock,
            dims,
            pending: Vec::new(),
        })
    }

    /// Queues a record (written by [`VectorStoreWriter::flush`]).
    pub fn push(&mut self, key: &Key, source_id: &str, passage: u32, lang: Lang, v: &[f32]) {
        let (scale, q) = quantize(v);
        let mut id = [0u8; ID_BYTES];
        let raw = source_id.as_bytes();
        let n = raw.len().min(ID_BYTES);
        id[..n].copy_from_slice(&raw[..n]);
        self.pending.extend_from_slice(key);
        self.pending.extend_from_slice(&id);
        self.pending.extend_from_slice(&passage.to_le_bytes());
        self.pending.push(lang_byte(lang));
        self.pending.extend_from_slice(&scale.to_le_bytes());
        self.pending
            .extend(q.iter().take(self.dims).map(|&b| b as u8));
    }

    /// Appends the queued records and waits for the disk: what a kill can lose is at most
    /// the batch being embedded.
    pub fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        self.file.write_all(&self.pending)?;
        self.file.sync_data()?;
        self.pending.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(seed: u32, dims: usize) -> Vec<f32> {
        let mut x = u64::from(seed).wrapping_mul(0x9E37_79B9_7F4A_7C15) + 1;
        let v: Vec<f32> = (0..dims)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x % 2001) as f32 - 1000.0
            })
            .collect();
        let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        v.iter().map(|x| x / n).collect()
    }

    #[test]
    fn vectors_inserted_in_memory_are_found_once_and_of_one_width() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = VectorStore::open(dir.path()).unwrap();
        assert!(store.is_empty());
        let dims = 24;
        for i in 0..5u32 {
            let key = key_of(&format!("text {i}"));
            store.insert(&key, &format!("src{i}"), i, Lang::De, &unit(i, dims));
        }
        // The same text again, and a vector of another width, change nothing.
        store.insert(&key_of("text 2"), "other", 9, Lang::En, &unit(7, dims));
        store.insert(&key_of("wide"), "wide", 0, Lang::En, &unit(8, dims + 1));
        assert_eq!(store.len(), 5);
        assert_eq!(store.dims(), dims);
        let q = store.query(&unit(3, dims));
        let best = store.nearest(&q, 1)[0];
        assert_eq!(store.entry(best.1).0, "src3");
        assert!(best.0 > 0.99, "{best:?}");
        assert_eq!(store.of_source(source_key("src3")), &[3]);
        // Nothing reached the file: a fresh reader sees none of them.
        assert_eq!(VectorStore::file_len(dir.path()), 0);
        assert!(VectorStore::open(dir.path()).unwrap().is_empty());
    }

    #[test]
    fn vectors_round_trip_and_torn_tail_is_cut() {
        let dir = tempfile::tempdir().unwrap();
        let dims = 40;
        {
            let mut w = VectorStoreWriter::open(dir.path(), dims).unwrap();
            assert!(matches!(
                VectorStoreWriter::open(dir.path(), dims),
                Err(OpenWriter::Busy)
            ));
            for n in 0..3u32 {
                w.push(&key_of(&n.to_string()), "src", n, Lang::En, &unit(n, dims));
            }
            w.flush().unwrap();
        }
        // A kill in the middle of a record.
        let path = dir.path().join(VECTORS_FILE);
        let mut f = OpenOptions::new().append(true).open(&path).unwrap();
        f.write_all(&[1, 2, 3]).unwrap();
        let s = VectorStore::open(dir.path()).unwrap();
        assert_eq!(s.len(), 3);
        let q = s.query(&unit(1, dims));
        let best = s.nearest(&q, 2);
        assert_eq!(best[0].1, 1);
        assert!((best[0].0 - 1.0).abs() < 0.01, "{}", best[0].0);
        assert_eq!(s.of_source(source_key("src")).len(), 3);
        {
            let mut w = VectorStoreWriter::open(dir.path(), dims).unwrap();
            w.push(&key_of("x"), "other", 0, Lang::De, &unit(9, dims));
            w.flush().unwrap();
        }
        let s = VectorStore::open(dir.path()).unwrap();
        assert_eq!(s.len(), 4);
        assert_eq!(s.entry(3).0, "other");
        assert_eq!(s.entry(3).1.lang, Lang::De);
        assert!(VectorStoreWriter::open(dir.path(), dims + 1).is_err());
    }
}
