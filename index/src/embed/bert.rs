//! A BERT encoder (the architecture of multilingual-e5-small) with mean pooling and L2
//! normalisation, one text at a time on each core (see [`Bert::embed`]).
//!
//! Written out here rather than taken from `candle_transformers::models::bert` because the
//! word-embedding matrix (250,037 x 384) is not turned into a tensor: as f32 it alone would
//! be 384 MB of memory. Rows are read on demand from the mapped weight file instead (4-bit
//! blocks or the safetensors data), so the resident model is the 21 M encoder weights.
//! The arithmetic is in [`super::kernels`].

use std::sync::Arc;

use memmap2::Mmap;
use rayon::prelude::*;

use super::kernels::{self, View};
use super::{err, Result};

/// The shape of a BERT encoder.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BertConfig {
    pub hidden: usize,
    pub layers: usize,
    pub heads: usize,
    pub ffn: usize,
    pub vocab: usize,
    pub max_positions: usize,
    pub type_vocab: usize,
    pub eps: f64,
}

impl BertConfig {
    /// Rejects shapes the encoder cannot run (a damaged or foreign file).
    pub fn check(&self) -> Result<()> {
        let sane = |n: usize| n > 0 && n < 1 << 24;
        if ![
            self.hidden,
            self.layers,
            self.heads,
            self.ffn,
            self.vocab,
            self.max_positions,
            self.type_vocab,
        ]
        .into_iter()
        .all(sane)
            || self.hidden % self.heads != 0
            || self.layers > 64
        {
            return err(format!("unusable model shape {self:?}"));
        }
        Ok(())
    }
}

/// How the rows of the word-embedding matrix are stored in the mapped file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowFormat {
    /// ggml Q4_0 blocks of 32 weights (f16 scale, 16 bytes of nibbles).
    Q4_0,
    F32,
    F16,
    BF16,
}

/// The word-embedding matrix, read row by row from a mapped file.
pub struct WordTable {
    pub map: Arc<Mmap>,
    /// Byte offset of row 0.
    pub offset: usize,
    pub format: RowFormat,
    pub rows: usize,
    pub dims: usize,
}

impl WordTable {
    fn row_bytes(&self) -> usize {
        match self.format {
            RowFormat::Q4_0 => self.dims / 32 * 18,
            RowFormat::F32 => self.dims * 4,
            RowFormat::F16 | RowFormat::BF16 => self.dims * 2,
        }
    }

    /// Checks the table fits in the file (called once when loading).
    pub fn check(&self) -> Result<()> {
        let end = self
            .row_bytes()
            .checked_mul(self.rows)
            .and_then(|n| n.checked_add(self.offset));
        if self.format == RowFormat::Q4_0 && self.dims % 32 != 0 {
            return err("4-bit word embeddings need a width divisible by 32");
        }
        match end {
            Some(end) if end <= self.map.len() => Ok(()),
            _ => err("the word-embedding matrix runs past the end of the file"),
        }
    }

    /// Writes row `id` into `out` (`dims` values).
    pub fn row(&self, id: usize, out: &mut [f32]) {
        let id = id.min(self.rows - 1);
        let start = self.offset + id * self.row_bytes();
        let bytes = &self.map[start..start + self.row_bytes()];
        match self.format {
            RowFormat::Q4_0 => dequantize_q4_0(bytes, out),
            RowFormat::F32 => {
                for (o, c) in out.iter_mut().zip(bytes.chunks_exact(4)) {
                    *o = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
                }
            }
            RowFormat::F16 => {
                for (o, c) in out.iter_mut().zip(bytes.chunks_exact(2)) {
                    *o = half::f16::from_le_bytes([c[0], c[1]]).to_f32();
                }
            }
            RowFormat::BF16 => {
                for (o, c) in out.iter_mut().zip(bytes.chunks_exact(2)) {
                    *o = half::bf16::from_le_bytes([c[0], c[1]]).to_f32();
                }
            }
        }
    }
}

/// ggml Q4_0: per block of 32, an f16 scale `d` then 16 bytes; weight j (< 16) is the low
/// nibble of byte j, weight j + 16 its high nibble; the value is `(q - 8) * d`.
pub fn dequantize_q4_0(bytes: &[u8], out: &mut [f32]) {
    for (block, o) in bytes.chunks_exact(18).zip(out.chunks_exact_mut(32)) {
        let d = half::f16::from_le_bytes([block[0], block[1]]).to_f32();
        for j in 0..16 {
            let b = block[2 + j];
            o[j] = (f32::from(b & 0x0f) - 8.0) * d;
            o[j + 16] = (f32::from(b >> 4) - 8.0) * d;
        }
    }
}

/// A dense layer with its weight stored transposed (`[in, out]`, row-major).
pub struct Linear {
    weight_t: Vec<f32>,
    bias: Vec<f32>,
    inp: usize,
    out: usize,
}

impl Linear {
    fn view(&self) -> View<'_> {
        View::rows(&self.weight_t, self.inp, self.out)
    }

    /// `dst` (prefilled with the bias and any residual) += `x * W^T`.
    fn apply(&self, x: &[f32], rows: usize, dst: &mut [f32], threads: usize) {
        let x = View::rows(x, rows, self.inp);
        kernels::matmul_add(dst, self.out, x, self.view(), 1.0, threads);
    }
}

/// LayerNorm weights.
pub struct Norm {
    weight: Vec<f32>,
    bias: Vec<f32>,
    eps: f32,
}

impl Norm {
    fn apply(&self, x: &mut [f32]) {
        kernels::layer_norm(x, &self.weight, &self.bias, self.eps);
    }
}

/// One transformer layer; query, key and value are one `[hidden, 3 x hidden]` product.
pub struct Layer {
    pub qkv: Linear,
    pub attention_out: Linear,
    pub attention_norm: Norm,
    pub intermediate: Linear,
    pub output: Linear,
    pub output_norm: Norm,
}

/// Where a loader gets the encoder's dense tensors, by the short names of the 4-bit file
/// (`emb.pos`, `l3.q.w`, ...; see `docs/architecture.md`).
pub trait TensorSource {
    /// The tensor's values as f32, row-major, and its element count must be `len`.
    fn tensor(&self, name: &str, len: usize) -> Result<Vec<f32>>;
}

/// The encoder.
pub struct Bert {
    pub config: BertConfig,
    words: WordTable,
    /// `[max_positions, hidden]`.
    positions: Vec<f32>,
    /// Row 0 of the token-type embeddings (every token is of type 0).
    token_type: Vec<f32>,
    embedding_norm: Norm,
    layers: Vec<Layer>,
}

/// Dense layers stacked along their outputs (`[out, in]` weights, so rows append), stored
/// transposed.
fn linear(src: &dyn TensorSource, names: &[String], out: usize, inp: usize) -> Result<Linear> {
    let (mut weight, mut bias) = (Vec::new(), Vec::new());
    for name in names {
        weight.extend(src.tensor(&format!("{name}.w"), out * inp)?);
        bias.extend(src.tensor(&format!("{name}.b"), out)?);
    }
    let out = bias.len();
    let mut weight_t = vec![0f32; weight.len()];
    for (o, row) in weight.chunks_exact(inp).enumerate() {
        for (i, &w) in row.iter().enumerate() {
            weight_t[i * out + o] = w;
        }
    }
    Ok(Linear {
        weight_t,
        bias,
        inp,
        out,
    })
}

fn norm(src: &dyn TensorSource, name: &str, dims: usize, eps: f64) -> Result<Norm> {
    Ok(Norm {
        weight: src.tensor(&format!("{name}.w"), dims)?,
        bias: src.tensor(&format!("{name}.b"), dims)?,
        eps: eps as f32,
    })
}

/// The working buffers of one text's forward pass, reused by every layer.
struct Scratch {
    qkv: Vec<f32>,
    scores: Vec<f32>,
    context: Vec<f32>,
    attended: Vec<f32>,
    inner: Vec<f32>,
}

impl Bert {
    /// Builds the encoder from its tensors and word table.
    pub fn load(config: BertConfig, words: WordTable, src: &dyn TensorSource) -> Result<Bert> {
        config.check()?;
        words.check()?;
        if words.dims != config.hidden || words.rows != config.vocab {
            return err("the word embeddings do not match the model's shape");
        }
        let (h, f, eps) = (config.hidden, config.ffn, config.eps);
        let mut layers = Vec::with_capacity(config.layers);
        for n in 0..config.layers {
            let l = |s: &str| format!("l{n}.{s}");
            layers.push(Layer {
                qkv: linear(src, &[l("q"), l("k"), l("v")], h, h)?,
                attention_out: linear(src, &[l("ao")], h, h)?,
                attention_norm: norm(src, &l("aln"), h, eps)?,
                intermediate: linear(src, &[l("fi")], f, h)?,
                output: linear(src, &[l("fo")], h, f)?,
                output_norm: norm(src, &l("oln"), h, eps)?,
            });
        }
        let mut token_type = src.tensor("emb.type", config.type_vocab * h)?;
        token_type.truncate(h);
        Ok(Bert {
            positions: src.tensor("emb.pos", config.max_positions * h)?,
            token_type,
            embedding_norm: norm(src, "emb.ln", h, eps)?,
            words,
            layers,
            config,
        })
    }

    /// Mean-pooled, L2-normalised embeddings of a batch of token id sequences (each at most
    /// `max_positions` long; an empty one gives an empty vector).
    ///
    /// Each text runs on its own, so no padding is computed and the cores never wait for each
    /// other within a text: with as many texts as cores, every core takes whole texts; fewer
    /// texts (a search) split each matrix product across the cores instead.
    pub fn embed(&self, batch: &[Vec<u32>]) -> Result<Vec<Vec<f32>>> {
        let max = self.config.max_positions;
        if let Some(long) = batch.iter().find(|ids| ids.len() > max) {
            return err(format!(
                "a text of {} tokens is longer than the model's {max} positions",
                long.len()
            ));
        }
        let threads = rayon::current_num_threads();
        if batch.len() >= threads {
            Ok(batch.par_iter().map(|ids| self.forward(ids, 1)).collect())
        } else {
            Ok(batch.iter().map(|ids| self.forward(ids, threads)).collect())
        }
    }

    fn forward(&self, ids: &[u32], threads: usize) -> Vec<f32> {
        let (t, h, f) = (ids.len(), self.config.hidden, self.config.ffn);
        if t == 0 {
            return Vec::new();
        }
        let mut x = vec![0f32; t * h];
        for ((j, &id), row) in ids.iter().enumerate().zip(x.chunks_exact_mut(h)) {
            self.words.row(id as usize, row);
            let position = &self.positions[j * h..(j + 1) * h];
            for ((v, p), k) in row.iter_mut().zip(position).zip(&self.token_type) {
                *v += p + k;
            }
        }
        self.embedding_norm.apply(&mut x);
        let mut s = Scratch {
            qkv: vec![0f32; t * 3 * h],
            scores: vec![0f32; t * t],
            context: vec![0f32; t * h],
            attended: vec![0f32; t * h],
            inner: vec![0f32; t * f],
        };
        for layer in &self.layers {
            self.layer(layer, &mut x, &mut s, threads);
        }
        let mut mean = vec![0f32; h];
        for row in x.chunks_exact(h) {
            for (m, v) in mean.iter_mut().zip(row) {
                *m += v;
            }
        }
        let norm = mean.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-12);
        // The 1/t of the mean cancels in the normalisation.
        mean.iter().map(|v| v / norm).collect()
    }

    fn layer(&self, l: &Layer, x: &mut [f32], s: &mut Scratch, threads: usize) {
        let h = self.config.hidden;
        let t = x.len() / h;
        let hd = h / self.config.heads;
        kernels::fill_rows(&mut s.qkv, &l.qkv.bias);
        l.qkv.apply(x, t, &mut s.qkv, threads);
        s.context.fill(0.0);
        let scale = 1.0 / (hd as f32).sqrt();
        for head in 0..self.config.heads {
            // Columns [head*hd, +hd) of the query, key and value thirds of each qkv row.
            let part = |third: usize| View {
                data: &s.qkv[third * h + head * hd..],
                rows: t,
                cols: hd,
                row_stride: 3 * h,
                col_stride: 1,
            };
            s.scores.fill(0.0);
            kernels::matmul_add(&mut s.scores, t, part(0), part(1).t(), scale, threads);
            kernels::softmax_rows(&mut s.scores, t);
            let probs = View::rows(&s.scores, t, t);
            let context = &mut s.context[head * hd..];
            kernels::matmul_add(context, h, probs, part(2), 1.0, threads);
        }
        kernels::fill_sum(&mut s.attended, x, &l.attention_out.bias);
        l.attention_out
            .apply(&s.context, t, &mut s.attended, threads);
        l.attention_norm.apply(&mut s.attended);
        kernels::fill_rows(&mut s.inner, &l.intermediate.bias);
        l.intermediate.apply(&s.attended, t, &mut s.inner, threads);
        kernels::gelu(&mut s.inner);
        kernels::fill_sum(x, &s.attended, &l.output.bias);
        l.output.apply(&s.inner, t, x, threads);
        l.output_norm.apply(x);
    }
}
