//! A Hugging Face BERT folder: `config.json` and `model.safetensors` (f32, f16 or bf16).
//!
//! The safetensors file is mapped and read directly (an 8-byte header length, a JSON
//! header of `name -> {dtype, shape, data_offsets}`, then the data), so the word-embedding
//! matrix is never copied into memory.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use memmap2::Mmap;
use serde::Deserialize;

use super::bert::{Bert, BertConfig, RowFormat, TensorSource, WordTable};
use super::{err, EmbedError, Result};

#[derive(Debug, Deserialize)]
struct ConfigJson {
    hidden_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    intermediate_size: usize,
    vocab_size: usize,
    max_position_embeddings: usize,
    #[serde(default = "two")]
    type_vocab_size: usize,
    #[serde(default = "eps")]
    layer_norm_eps: f64,
    #[serde(default = "gelu")]
    hidden_act: String,
    #[serde(default)]
    model_type: String,
}

fn two() -> usize {
    2
}
fn eps() -> f64 {
    1e-12
}
fn gelu() -> String {
    "gelu".into()
}

/// Reads `config.json` into the encoder's shape; only BERT with exact GELU is accepted.
pub fn read_config(path: &Path) -> Result<BertConfig> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| EmbedError(format!("{}: {e}", path.display())))?;
    let c: ConfigJson = serde_json::from_str(&text)
        .map_err(|e| EmbedError(format!("{}: not a model config: {e}", path.display())))?;
    if !c.model_type.is_empty() && c.model_type != "bert" {
        return err(format!(
            "{}: model type {:?}, only \"bert\" models are supported",
            path.display(),
            c.model_type
        ));
    }
    if c.hidden_act != "gelu" {
        return err(format!(
            "{}: activation {:?}, only \"gelu\" is supported",
            path.display(),
            c.hidden_act
        ));
    }
    let config = BertConfig {
        hidden: c.hidden_size,
        layers: c.num_hidden_layers,
        heads: c.num_attention_heads,
        ffn: c.intermediate_size,
        vocab: c.vocab_size,
        max_positions: c.max_position_embeddings,
        type_vocab: c.type_vocab_size,
        eps: c.layer_norm_eps,
    };
    config
        .check()
        .map_err(|e| EmbedError(format!("{}: {e}", path.display())))?;
    Ok(config)
}

#[derive(Debug, Deserialize)]
struct TensorInfo {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [usize; 2],
}

/// The tensors of a mapped safetensors file, under their Hugging Face names.
struct Safetensors {
    map: Arc<Mmap>,
    data_start: usize,
    tensors: HashMap<String, TensorInfo>,
    /// `bert.` when the names carry the prefix of a `BertForX` checkpoint.
    prefix: String,
}

fn format_of(dtype: &str) -> Result<RowFormat> {
    match dtype {
        "F32" => Ok(RowFormat::F32),
        "F16" => Ok(RowFormat::F16),
        "BF16" => Ok(RowFormat::BF16),
        other => err(format!("tensor type {other} is not supported")),
    }
}

impl Safetensors {
    fn open(path: &Path) -> Result<Safetensors> {
        let file = std::fs::File::open(path)?;
        // SAFETY: factdesk's installed copy, not written while mapped; offsets are checked.
        let map = Arc::new(unsafe { Mmap::map(&file)? });
        if map.len() < 8 {
            return err("not a safetensors file (too short)");
        }
        let mut len = [0u8; 8];
        len.copy_from_slice(&map[..8]);
        let header_len = u64::from_le_bytes(len) as usize;
        let data_start = 8usize
            .checked_add(header_len)
            .filter(|&e| e <= map.len())
            .ok_or_else(|| EmbedError("not a safetensors file (bad header length)".into()))?;
        let mut raw: HashMap<String, serde_json::Value> =
            serde_json::from_slice(&map[8..data_start])
                .map_err(|e| EmbedError(format!("not a safetensors file: {e}")))?;
        raw.remove("__metadata__");
        let mut tensors = HashMap::with_capacity(raw.len());
        for (name, v) in raw {
            let info: TensorInfo =
                serde_json::from_value(v).map_err(|e| EmbedError(format!("tensor {name}: {e}")))?;
            let [a, b] = info.data_offsets;
            if a > b || data_start.checked_add(b).is_none_or(|e| e > map.len()) {
                return err(format!("tensor {name}: data outside the file"));
            }
            tensors.insert(name, info);
        }
        let prefix = if tensors.contains_key("bert.embeddings.word_embeddings.weight") {
            "bert."
        } else {
            ""
        };
        Ok(Safetensors {
            map,
            data_start,
            tensors,
            prefix: prefix.into(),
        })
    }

    fn info(&self, hf_name: &str) -> Result<&TensorInfo> {
        let full = format!("{}{hf_name}", self.prefix);
        self.tensors
            .get(&full)
            .ok_or_else(|| EmbedError(format!("tensor {full} is missing")))
    }

    /// A LayerNorm's weight is `weight` or, in older checkpoints, `gamma` (bias: `beta`).
    fn norm_info(&self, base: &str, new: &str, old: &str) -> Result<(String, &TensorInfo)> {
        let name = format!("{base}.{new}");
        if let Ok(i) = self.info(&name) {
            return Ok((name, i));
        }
        let name = format!("{base}.{old}");
        let i = self.info(&name)?;
        Ok((name, i))
    }

    fn values(&self, name: &str, info: &TensorInfo, len: usize) -> Result<Vec<f32>> {
        let n: usize = info.shape.iter().product();
        if n != len {
            return err(format!("tensor {name} has {n} values, expected {len}"));
        }
        let format = format_of(&info.dtype)?;
        let width = if format == RowFormat::F32 { 4 } else { 2 };
        let [a, b] = info.data_offsets;
        if b - a != n * width {
            return err(format!("tensor {name}: data size does not match its shape"));
        }
        let bytes = &self.map[self.data_start + a..self.data_start + b];
        Ok(match format {
            RowFormat::F32 => bytes
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
            RowFormat::F16 => bytes
                .chunks_exact(2)
                .map(|c| half::f16::from_le_bytes([c[0], c[1]]).to_f32())
                .collect(),
            _ => bytes
                .chunks_exact(2)
                .map(|c| half::bf16::from_le_bytes([c[0], c[1]]).to_f32())
                .collect(),
        })
    }
}

/// The Hugging Face name of a tensor named as in the 4-bit file.
fn hf_name(short: &str) -> Option<(String, Option<(&'static str, &'static str)>)> {
    let norm = Some(("weight", "gamma"));
    let bias = Some(("bias", "beta"));
    match short {
        "emb.pos" => return Some(("embeddings.position_embeddings.weight".into(), None)),
        "emb.type" => return Some(("embeddings.token_type_embeddings.weight".into(), None)),
        _ => {}
    }
    let (base, end) = short.rsplit_once('.')?;
    let plain = |s: &str| {
        Some((
            format!("{s}.{}", if end == "w" { "weight" } else { "bias" }),
            None,
        ))
    };
    let ln = |s: &str| Some((s.to_string(), if end == "w" { norm } else { bias }));
    match base {
        "emb.ln" => ln("embeddings.LayerNorm"),
        _ => {
            let (layer, part) = base.split_once('.')?;
            let n: usize = layer.strip_prefix('l')?.parse().ok()?;
            let l = format!("encoder.layer.{n}");
            match part {
                "q" => plain(&format!("{l}.attention.self.query")),
                "k" => plain(&format!("{l}.attention.self.key")),
                "v" => plain(&format!("{l}.attention.self.value")),
                "ao" => plain(&format!("{l}.attention.output.dense")),
                "aln" => ln(&format!("{l}.attention.output.LayerNorm")),
                "fi" => plain(&format!("{l}.intermediate.dense")),
                "fo" => plain(&format!("{l}.output.dense")),
                "oln" => ln(&format!("{l}.output.LayerNorm")),
                _ => None,
            }
        }
    }
}

impl TensorSource for Safetensors {
    fn tensor(&self, name: &str, len: usize) -> Result<Vec<f32>> {
        let Some((hf, norm)) = hf_name(name) else {
            return err(format!("no Hugging Face name for {name}"));
        };
        let (full, info) = match norm {
            Some((new, old)) => self.norm_info(&hf, new, old)?,
            None => (hf.clone(), self.info(&hf)?),
        };
        self.values(&full, info, len)
    }
}

/// Loads the encoder from a Hugging Face folder's `config.json` and `model.safetensors`.
pub fn load(config_path: &Path, weights_path: &Path) -> Result<Bert> {
    let config = read_config(config_path)?;
    let in_file = |e: EmbedError| EmbedError(format!("{}: {e}", weights_path.display()));
    let st = Safetensors::open(weights_path).map_err(in_file)?;
    let info = st
        .info("embeddings.word_embeddings.weight")
        .map_err(in_file)?;
    let format = format_of(&info.dtype).map_err(in_file)?;
    if info.shape != [config.vocab, config.hidden] {
        return Err(in_file(EmbedError(format!(
            "word embeddings of shape {:?}, config.json says [{}, {}]",
            info.shape, config.vocab, config.hidden
        ))));
    }
    let words = WordTable {
        map: st.map.clone(),
        offset: st.data_start + info.data_offsets[0],
        format,
        rows: config.vocab,
        dims: config.hidden,
    };
    Bert::load(config, words, &st).map_err(in_file)
}
