//! A BERT encoder (the architecture of multilingual-e5-small) on candle's CPU tensors, with
//! mean pooling and L2 normalisation.
//!
//! Written out here rather than taken from `candle_transformers::models::bert` because the
//! word-embedding matrix (250,037 x 384) is not turned into a tensor: as f32 it alone would
//! be 384 MB of memory. Rows are read on demand from the mapped weight file instead (4-bit
//! blocks or the safetensors data), so the resident model is the 21 M encoder weights.

use std::sync::Arc;

use candle_core::{DType, Device, Module, Tensor};
use candle_nn::LayerNorm;
use memmap2::Mmap;

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

/// A dense layer with its weight stored transposed (`[in, out]`, contiguous), applied to
/// the batch flattened to rows: one plain matrix product, the fast path of candle's gemm
/// (a broadcast batched product with a transposed weight ran about ten times slower here).
pub struct Linear {
    weight_t: Tensor,
    bias: Tensor,
}

impl Linear {
    fn new(weight: Tensor, bias: Tensor) -> Result<Linear> {
        Ok(Linear {
            weight_t: weight.t()?.contiguous()?,
            bias,
        })
    }

    fn forward(&self, x: &Tensor) -> Result<Tensor> {
        let (b, t, inp) = x.dims3()?;
        let out = self.weight_t.dim(1)?;
        Ok(x.reshape((b * t, inp))?
            .matmul(&self.weight_t)?
            .broadcast_add(&self.bias)?
            .reshape((b, t, out))?)
    }
}

/// One transformer layer.
pub struct Layer {
    pub query: Linear,
    pub key: Linear,
    pub value: Linear,
    pub attention_out: Linear,
    pub attention_norm: LayerNorm,
    pub intermediate: Linear,
    pub output: Linear,
    pub output_norm: LayerNorm,
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
    positions: Tensor,
    token_type: Tensor,
    embedding_norm: LayerNorm,
    layers: Vec<Layer>,
}

fn tensor(src: &dyn TensorSource, name: &str, shape: &[usize]) -> Result<Tensor> {
    let len = shape.iter().product();
    let data = src.tensor(name, len)?;
    Ok(Tensor::from_vec(data, shape, &Device::Cpu)?)
}

fn linear(src: &dyn TensorSource, name: &str, out: usize, inp: usize) -> Result<Linear> {
    let w = tensor(src, &format!("{name}.w"), &[out, inp])?;
    let b = tensor(src, &format!("{name}.b"), &[out])?;
    Linear::new(w, b)
}

fn norm(src: &dyn TensorSource, name: &str, dims: usize, eps: f64) -> Result<LayerNorm> {
    let w = tensor(src, &format!("{name}.w"), &[dims])?;
    let b = tensor(src, &format!("{name}.b"), &[dims])?;
    Ok(LayerNorm::new(w, b, eps))
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
                query: linear(src, &l("q"), h, h)?,
                key: linear(src, &l("k"), h, h)?,
                value: linear(src, &l("v"), h, h)?,
                attention_out: linear(src, &l("ao"), h, h)?,
                attention_norm: norm(src, &l("aln"), h, eps)?,
                intermediate: linear(src, &l("fi"), f, h)?,
                output: linear(src, &l("fo"), h, f)?,
                output_norm: norm(src, &l("oln"), h, eps)?,
            });
        }
        Ok(Bert {
            positions: tensor(src, "emb.pos", &[config.max_positions, h])?,
            token_type: tensor(src, "emb.type", &[config.type_vocab, h])?.get(0)?,
            embedding_norm: norm(src, "emb.ln", h, eps)?,
            words,
            layers,
            config,
        })
    }

    /// Mean-pooled, L2-normalised embeddings of a batch of token id sequences (each at most
    /// `max_positions` long, none empty).
    pub fn embed(&self, batch: &[Vec<u32>]) -> Result<Vec<Vec<f32>>> {
        let h = self.config.hidden;
        let b = batch.len();
        let t = batch.iter().map(Vec::len).max().unwrap_or(0);
        if b == 0 || t == 0 {
            return Ok(vec![Vec::new(); b]);
        }
        if t > self.config.max_positions {
            return err(format!(
                "a text of {t} tokens is longer than the model's {} positions",
                self.config.max_positions
            ));
        }
        let mut words = vec![0f32; b * t * h];
        let mut mask = vec![0f32; b * t];
        for (i, ids) in batch.iter().enumerate() {
            for (j, &id) in ids.iter().enumerate() {
                let at = (i * t + j) * h;
                self.words.row(id as usize, &mut words[at..at + h]);
                mask[i * t + j] = 1.0;
            }
        }
        let dev = Device::Cpu;
        let x = Tensor::from_vec(words, (b, t, h), &dev)?
            .broadcast_add(&self.positions.narrow(0, 0, t)?)?
            .broadcast_add(&self.token_type)?;
        let mut x = self.embedding_norm.forward(&x)?;
        let mask = Tensor::from_vec(mask, (b, t), &dev)?;
        // 0 for real tokens, a large negative number for padding, added to attention scores.
        let additive = ((mask.clone() - 1.0)? * 1e4)?.reshape((b, 1, 1, t))?;
        for layer in &self.layers {
            x = self.layer(layer, &x, &additive)?;
        }
        let mask3 = mask.unsqueeze(2)?;
        let summed = x.broadcast_mul(&mask3)?.sum(1)?;
        let counts = mask3.sum(1)?;
        let mean = summed.broadcast_div(&counts)?;
        let norms = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12, f64::MAX)?;
        let unit = mean.broadcast_div(&norms)?.to_dtype(DType::F32)?;
        Ok(unit.to_vec2::<f32>()?)
    }

    fn layer(&self, l: &Layer, x: &Tensor, additive: &Tensor) -> Result<Tensor> {
        let (b, t, h) = x.dims3()?;
        let heads = self.config.heads;
        let hd = h / heads;
        let split = |y: Tensor| -> Result<Tensor> {
            Ok(y.reshape((b, t, heads, hd))?
                .transpose(1, 2)?
                .contiguous()?)
        };
        let q = split(l.query.forward(x)?)?;
        let k = split(l.key.forward(x)?)?;
        let v = split(l.value.forward(x)?)?;
        let scores = (q.matmul(&k.t()?)? / (hd as f64).sqrt())?.broadcast_add(additive)?;
        let probs = candle_nn::ops::softmax_last_dim(&scores)?;
        let context = probs
            .matmul(&v)?
            .transpose(1, 2)?
            .contiguous()?
            .reshape((b, t, h))?;
        let attended = l
            .attention_norm
            .forward(&(l.attention_out.forward(&context)? + x)?)?;
        let inner = l.intermediate.forward(&attended)?.gelu_erf()?;
        let out = l.output.forward(&inner)?;
        Ok(l.output_norm.forward(&(out + attended)?)?)
    }
}
