//! The desk's own model: a class-weighted, L2-regularised logistic regression
//! over hashed word uni/bi-grams, character n-grams and the built-in
//! features, trained with Adagrad. It starts from the built-in score (as one
//! input with weight 1) so a handful of labels refine it rather than replace
//! it.

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

use super::features::{self, builtin_logit, Extracted, Triage, ALL, N_FEATURES};
use super::tokens::{resolve_lang, tokenize};

pub const FORMAT: &str = "factdesk-checkworthiness";
pub const VERSION: u32 = 1;

#[derive(Debug, Clone)]
pub struct TrainOptions {
    pub epochs: usize,
    /// Adagrad base learning rate.
    pub learning_rate: f32,
    /// L2 penalty per example on the hashed weights.
    pub l2: f32,
    /// 2^hash_bits buckets for the hashed n-grams.
    pub hash_bits: u32,
    /// Character n-gram lengths (inclusive); (0, 0) turns them off.
    pub char_ngrams: (usize, usize),
    /// Scale of the character n-gram group against the word groups.
    pub char_weight: f32,
    pub word_bigrams: bool,
    /// Weigh classes inversely to their frequency: check-worthy sentences are
    /// usually the minority.
    pub balance_classes: bool,
    /// Folds of internal cross-validation used to pick the F1 threshold.
    pub threshold_folds: usize,
    /// "de", "en", or "auto" to guess per sentence.
    pub lang: String,
    pub seed: u64,
    /// Fits averaged into the final weights.
    pub ensemble: usize,
    /// Weigh n-grams by inverse document frequency (TF-IDF).
    pub idf: bool,
    /// Share of naive-Bayes scaling of the hashed features (0 = off, 1 = full):
    /// each bucket is scaled by `1 - nb + nb * |r|`, r being its log-count ratio
    /// between the classes in the training data (NB-LR, Wang & Manning 2012).
    pub nb: f32,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 3,
            learning_rate: 0.05,
            l2: 1e-6,
            // 2^20: with naive-Bayes scaling fewer collisions pay (GermEval
            // CV F1 0.684 against 0.674 at 2^18); the saved model keeps only
            // the non-zero buckets.
            hash_bits: 20,
            char_ngrams: (3, 5),
            char_weight: 1.0,
            word_bigrams: true,
            balance_classes: false,
            threshold_folds: 3,
            lang: "auto".to_string(),
            seed: 7,
            ensemble: 3,
            idf: true,
            // GermEval CV F1 0.662 -> 0.684 (mean of 5 seeds), ClaimBuster
            // and CheckThat! slightly better: see docs/benchmarks.md.
            nb: 1.0,
        }
    }
}

/// A trained check-worthiness model; small enough to keep in the user's
/// data directory.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    pub format: String,
    pub version: u32,
    pub lang: String,
    pub hash_bits: u32,
    pub char_ngrams: (usize, usize),
    pub char_weight: f32,
    pub word_bigrams: bool,
    pub bias: f32,
    /// Weight of the built-in score's logit.
    pub prior_weight: f32,
    /// Names of the built-in features, to refuse a model trained on a
    /// different feature set.
    pub dense_names: Vec<String>,
    pub dense: Vec<f32>,
    /// Non-zero hashed weights as (bucket, weight).
    pub hashed: Vec<(u32, f32)>,
    /// Probability above which a sentence counts as check-worthy, chosen for
    /// F1 by cross-validation on the training data.
    pub threshold: f32,
    pub trained_on: usize,
    /// Idf of buckets seen in training whose idf differs from
    /// `idf_default` (the idf of an unseen bucket); empty without idf.
    #[serde(default)]
    pub idf: Vec<(u32, f32)>,
    #[serde(default)]
    pub idf_default: f32,
    /// Share of the built-in probability mixed into the model's (0 = model alone), picked
    /// by internal cross-validation; 0 for models saved before it existed.
    #[serde(default)]
    pub blend: f32,
    #[serde(skip)]
    table: Vec<f32>,
    #[serde(skip)]
    idf_table: Vec<f32>,
}

/// One sentence turned into model inputs.
struct Encoded {
    sparse: Vec<(u32, f32)>,
    dense: [f32; N_FEATURES],
    prior: f32,
}

fn fnv1a(group: u8, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ group as u64;
    h = h.wrapping_mul(0x0100_0000_01b3);
    for (i, p) in parts.iter().enumerate() {
        if i > 0 {
            h ^= 0x1f;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        for b in p.bytes() {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

struct Encoder<'a> {
    mask: u64,
    /// Inverse document frequency per bucket, from the training sentences.
    idf: Option<&'a [f32]>,
    char_ngrams: (usize, usize),
    char_weight: f32,
    word_bigrams: bool,
    lang: String,
}

impl Encoder<'_> {
    fn encode(&self, sentence: &str) -> (Encoded, Extracted, Vec<String>) {
        let tokens = tokenize(sentence);
        let lang = resolve_lang(&self.lang, &tokens);
        let extracted = features::extract_tokens(sentence, &tokens, lang);
        let mut groups: [Vec<u32>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        let mut words = Vec::with_capacity(tokens.len());
        // Digits are folded so "290" and "310" share a feature.
        for t in &tokens {
            let w: String = t
                .lower
                .chars()
                .map(|c| if c.is_ascii_digit() { '0' } else { c })
                .collect();
            words.push(w);
        }
        for w in &words {
            groups[0].push((fnv1a(1, &[w]) & self.mask) as u32);
        }
        if self.word_bigrams {
            let mut prev = "<s>";
            for w in words
                .iter()
                .map(String::as_str)
                .chain(std::iter::once("</s>"))
            {
                groups[1].push((fnv1a(2, &[prev, w]) & self.mask) as u32);
                prev = w;
            }
        }
        let (lo, hi) = self.char_ngrams;
        if lo > 0 && hi >= lo {
            // Hash byte slices between char boundaries: no String per n-gram.
            let mut padded = String::with_capacity(32);
            let mut bounds: Vec<usize> = Vec::with_capacity(32);
            for w in &words {
                padded.clear();
                padded.push(' ');
                padded.push_str(w);
                padded.push(' ');
                bounds.clear();
                bounds.extend(padded.char_indices().map(|(i, _)| i));
                bounds.push(padded.len());
                let chars = bounds.len() - 1;
                for n in lo..=hi.min(chars) {
                    for start in 0..=(chars - n) {
                        let gram = &padded[bounds[start]..bounds[start + n]];
                        groups[2].push((fnv1a(3, &[gram]) & self.mask) as u32);
                    }
                }
            }
        }
        let mut sparse = Vec::with_capacity(groups.iter().map(Vec::len).sum());
        for (k, g) in groups.iter_mut().enumerate() {
            let scale = if k == 2 { self.char_weight } else { 1.0 };
            if g.is_empty() || scale == 0.0 {
                continue;
            }
            // Each group gets unit L2 norm so long sentences and many char
            // n-grams do not drown the word features.
            g.sort_unstable();
            let mut counted: Vec<(u32, f32)> = Vec::with_capacity(g.len());
            for &i in g.iter() {
                match counted.last_mut() {
                    Some((j, c)) if *j == i => *c += 1.0,
                    _ => counted.push((i, 1.0)),
                }
            }
            if let Some(idf) = self.idf {
                for (i, c) in counted.iter_mut() {
                    *c *= idf.get(*i as usize).copied().unwrap_or(1.0);
                }
            }
            let norm = counted.iter().map(|(_, c)| c * c).sum::<f32>().sqrt();
            sparse.extend(counted.into_iter().map(|(i, c)| (i, scale * c / norm)));
        }
        let prior = builtin_logit(&extracted);
        let dense = extracted.values;
        (
            Encoded {
                sparse,
                dense,
                prior,
            },
            extracted,
            words,
        )
    }
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Deterministic shuffling without a rand dependency.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

struct Weights {
    /// Per-bucket input scale (naive-Bayes ratios); empty = 1 everywhere.
    scale: Vec<f32>,
    bias: f32,
    prior: f32,
    dense: [f32; N_FEATURES],
    hashed: Vec<f32>,
}

impl Weights {
    fn logit(&self, e: &Encoded) -> f32 {
        let mut z = self.bias + self.prior * e.prior;
        for (v, w) in e.dense.iter().zip(self.dense.iter()) {
            z += v * w;
        }
        for &(i, v) in &e.sparse {
            z += self.hashed[i as usize] * v * self.scale_of(i);
        }
        z
    }

    fn scale_of(&self, i: u32) -> f32 {
        self.scale.get(i as usize).copied().unwrap_or(1.0)
    }

    /// The scale folded into the hashed weights, so a saved model scores
    /// without it.
    fn folded(mut self) -> Self {
        for (w, s) in self.hashed.iter_mut().zip(self.scale.iter()) {
            *w *= s;
        }
        self.scale = Vec::new();
        self
    }
}

/// Additive smoothing of the naive-Bayes counts: 0.5 beat 1 (Wang & Manning's
/// value), 0.25 and 2 on all three check-worthiness sets in cross-validation.
const NB_ALPHA: f64 = 0.5;

/// Naive-Bayes input scale per bucket: `1 - share + share * |r|` with r the
/// log ratio of the bucket's smoothed (`NB_ALPHA`) presence counts in positive
/// and negative sentences, each normalised over the buckets seen. The sign of
/// r does not matter to an L2-regularised linear model, only its size.
fn nb_scale(data: &[(&Encoded, bool)], dim: usize, share: f32) -> Vec<f32> {
    let mut pos = vec![0u32; dim];
    let mut neg = vec![0u32; dim];
    for (e, y) in data {
        let counts = if *y { &mut pos } else { &mut neg };
        for &(i, _) in &e.sparse {
            counts[i as usize] += 1;
        }
    }
    let (mut p_sum, mut q_sum) = (0f64, 0f64);
    for (p, q) in pos.iter().zip(&neg) {
        if p + q > 0 {
            p_sum += NB_ALPHA + *p as f64;
            q_sum += NB_ALPHA + *q as f64;
        }
    }
    if p_sum == 0.0 {
        return Vec::new();
    }
    pos.iter()
        .zip(&neg)
        .map(|(p, q)| {
            let r = (((NB_ALPHA + *p as f64) / p_sum) / ((NB_ALPHA + *q as f64) / q_sum)).ln();
            1.0 - share + share * r.abs() as f32
        })
        .collect()
}

fn fit_one(data: &[(&Encoded, bool)], opts: &TrainOptions, seed: u64, scale: &[f32]) -> Weights {
    let dim = 1usize << opts.hash_bits;
    let mut w = Weights {
        scale: scale.to_vec(),
        bias: 0.0,
        prior: 1.0,
        dense: [0.0; N_FEATURES],
        hashed: vec![0.0; dim],
    };
    let mut g2_hashed = vec![1e-6f32; dim];
    let mut g2_dense = [1e-6f32; N_FEATURES];
    let mut g2_bias = 1e-6f32;
    let mut g2_prior = 1e-6f32;
    let n = data.len().max(1) as f32;
    let pos = data.iter().filter(|(_, y)| *y).count() as f32;
    let neg = data.len() as f32 - pos;
    let (w_pos, w_neg) = if opts.balance_classes && pos > 0.0 && neg > 0.0 {
        (n / (2.0 * pos), n / (2.0 * neg))
    } else {
        (1.0, 1.0)
    };
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = XorShift(seed.max(1));
    let lr = opts.learning_rate;
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let (e, y) = data[k];
            let p = sigmoid(w.logit(e));
            let g = (p - if y { 1.0 } else { 0.0 }) * if y { w_pos } else { w_neg };
            g2_bias += g * g;
            w.bias -= lr * g / g2_bias.sqrt();
            let gp = g * e.prior;
            g2_prior += gp * gp;
            w.prior -= lr * gp / g2_prior.sqrt();
            for (j, v) in e.dense.iter().enumerate() {
                if *v != 0.0 {
                    let gd = g * v + opts.l2 * w.dense[j];
                    g2_dense[j] += gd * gd;
                    w.dense[j] -= lr * gd / g2_dense[j].sqrt();
                }
            }
            for &(i, v) in &e.sparse {
                let v = v * w.scale_of(i);
                let i = i as usize;
                // Lazy L2: only touched weights are shrunk, which keeps an
                // update proportional to the sentence, not the table.
                let gh = g * v + opts.l2 * w.hashed[i];
                g2_hashed[i] += gh * gh;
                w.hashed[i] -= lr * gh / g2_hashed[i].sqrt();
            }
        }
    }
    w
}

/// Averages `opts.ensemble` fits over different example orders: a linear
/// model's average is one linear model, so scoring costs the same, and the
/// order-dependence of SGD averages out.
fn fit(data: &[(&Encoded, bool)], opts: &TrainOptions) -> Weights {
    let k = opts.ensemble.max(1);
    let scale = if opts.nb > 0.0 {
        nb_scale(data, 1usize << opts.hash_bits, opts.nb)
    } else {
        Vec::new()
    };
    let mut avg = fit_one(data, opts, opts.seed, &scale);
    for m in 1..k {
        let w = fit_one(data, opts, opts.seed.wrapping_add(1000 * m as u64), &scale);
        avg.bias += w.bias;
        avg.prior += w.prior;
        for (a, b) in avg.dense.iter_mut().zip(w.dense.iter()) {
            *a += b;
        }
        for (a, b) in avg.hashed.iter_mut().zip(w.hashed.iter()) {
            *a += b;
        }
    }
    let inv = 1.0 / k as f32;
    avg.bias *= inv;
    avg.prior *= inv;
    avg.dense.iter_mut().for_each(|v| *v *= inv);
    avg.hashed.iter_mut().for_each(|v| *v *= inv);
    avg
}

/// Built-in shares tried for the blend; the learnt weight of the built-in logit inside the
/// model does not capture all it adds where positives are few (CheckThat! debates).
const BLENDS: [f32; 4] = [0.0, 0.1, 0.2, 0.3];

fn mix(model: f32, builtin: f32, blend: f32) -> f32 {
    (1.0 - blend) * model + blend * builtin
}

/// The blend whose out-of-fold ranking has the best average precision; a larger blend
/// must beat a smaller one by a margin, so noise keeps the model alone.
fn best_blend(scored: &[(f32, f32, bool)]) -> f32 {
    let labels: Vec<bool> = scored.iter().map(|s| s.2).collect();
    let mut best = (f64::MIN, 0.0f32);
    for b in BLENDS {
        let mixed: Vec<f32> = scored.iter().map(|(m, p, _)| mix(*m, *p, b)).collect();
        let ap = crate::triage::eval::average_precision(&mixed, &labels);
        if ap > best.0 {
            best = (ap, b);
        }
    }
    best.1
}

/// The threshold that maximises F1 over (score, label) pairs.
pub fn best_f1_threshold(scored: &mut [(f32, bool)]) -> f32 {
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let total_pos = scored.iter().filter(|(_, y)| *y).count() as f32;
    if total_pos == 0.0 {
        return 0.5;
    }
    let (mut tp, mut best_f1, mut best_t) = (0.0f32, -1.0f32, 0.5f32);
    for i in 0..scored.len() {
        if scored[i].1 {
            tp += 1.0;
        }
        // Only cut between distinct scores.
        if i + 1 < scored.len() && scored[i + 1].0 == scored[i].0 {
            continue;
        }
        let predicted = (i + 1) as f32;
        let f1 = 2.0 * tp / (predicted + total_pos);
        if f1 > best_f1 {
            best_f1 = f1;
            best_t = match scored.get(i + 1) {
                Some(next) => (scored[i].0 + next.0) / 2.0,
                None => scored[i].0,
            };
        }
    }
    best_t
}

/// Trains a model on (sentence, check-worthy) pairs. Never fails: with no
/// data or a single class the model falls back on the built-in features.
pub fn train(examples: &[(String, bool)], opts: &TrainOptions) -> Model {
    let hash_bits = opts.hash_bits.clamp(10, 24);
    let mut enc = Encoder {
        mask: (1u64 << hash_bits) - 1,
        idf: None,
        char_ngrams: opts.char_ngrams,
        char_weight: opts.char_weight,
        word_bigrams: opts.word_bigrams,
        lang: opts.lang.clone(),
    };
    let opts = TrainOptions {
        hash_bits,
        ..opts.clone()
    };
    let mut encoded: Vec<Encoded> = examples.iter().map(|(s, _)| enc.encode(s).0).collect();
    let (idf_default, idf_table) = if opts.idf {
        // Smoothed idf as in common TF-IDF: ln((1 + n) / (1 + df)) + 1.
        let mut df = vec![0u32; 1usize << hash_bits];
        for e in &encoded {
            for &(i, _) in &e.sparse {
                df[i as usize] += 1;
            }
        }
        let n = examples.len() as f32;
        let table: Vec<f32> = df
            .iter()
            .map(|d| ((1.0 + n) / (1.0 + *d as f32)).ln() + 1.0)
            .collect();
        ((1.0 + n).ln() + 1.0, table)
    } else {
        (1.0, Vec::new())
    };
    if opts.idf {
        enc.idf = Some(&idf_table);
        encoded = examples.iter().map(|(s, _)| enc.encode(s).0).collect();
    }
    let labelled: Vec<(&Encoded, bool)> = encoded
        .iter()
        .zip(examples.iter())
        .map(|(e, (_, y))| (e, *y))
        .collect();

    let pos = examples.iter().filter(|(_, y)| *y).count();
    let folds = opts.threshold_folds;
    let (threshold, blend) = if folds >= 2 && pos >= folds && examples.len() - pos >= folds {
        let mut order: Vec<usize> = (0..labelled.len()).collect();
        XorShift(opts.seed.wrapping_add(99).max(1)).shuffle(&mut order);
        let mut fold_of = vec![0usize; labelled.len()];
        for (rank, &i) in order.iter().enumerate() {
            fold_of[i] = rank % folds;
        }
        // (model probability, built-in probability, label) of every example, out of fold.
        let mut scored: Vec<(f32, f32, bool)> = Vec::with_capacity(labelled.len());
        for f in 0..folds {
            let train_part: Vec<(&Encoded, bool)> = labelled
                .iter()
                .enumerate()
                .filter(|(i, _)| fold_of[*i] != f)
                .map(|(_, x)| *x)
                .collect();
            let w = fit(&train_part, &opts);
            for (i, (e, y)) in labelled.iter().enumerate() {
                if fold_of[i] == f {
                    scored.push((sigmoid(w.logit(e)), sigmoid(e.prior), *y));
                }
            }
        }
        let blend = best_blend(&scored);
        let mut mixed: Vec<(f32, bool)> = scored
            .iter()
            .map(|(m, b, y)| (mix(*m, *b, blend), *y))
            .collect();
        (best_f1_threshold(&mut mixed), blend)
    } else {
        (0.5, 0.0)
    };

    let w = fit(&labelled, &opts).folded();
    let hashed = w
        .hashed
        .iter()
        .enumerate()
        .filter(|(_, v)| v.abs() > 1e-4)
        .map(|(i, v)| (i as u32, *v))
        .collect();
    let mut model = Model {
        format: FORMAT.to_string(),
        version: VERSION,
        lang: opts.lang.clone(),
        hash_bits,
        char_ngrams: opts.char_ngrams,
        char_weight: opts.char_weight,
        word_bigrams: opts.word_bigrams,
        bias: w.bias,
        prior_weight: w.prior,
        dense_names: ALL.iter().map(|f| f.name().to_string()).collect(),
        dense: w.dense.to_vec(),
        hashed,
        threshold,
        trained_on: examples.len(),
        idf: idf_table
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != idf_default)
            .map(|(i, v)| (i as u32, *v))
            .collect(),
        idf_default,
        blend,
        table: Vec::new(),
        idf_table: Vec::new(),
    };
    model.build_table();
    model
}

impl Model {
    fn build_table(&mut self) {
        let mut table = vec![0.0f32; 1usize << self.hash_bits];
        for &(i, v) in &self.hashed {
            if let Some(slot) = table.get_mut(i as usize) {
                *slot = v;
            }
        }
        self.table = table;
        self.idf_table = if self.idf.is_empty() {
            Vec::new()
        } else {
            let mut idf = vec![self.idf_default; 1usize << self.hash_bits];
            for &(i, v) in &self.idf {
                if let Some(slot) = idf.get_mut(i as usize) {
                    *slot = v;
                }
            }
            idf
        };
    }

    fn encoder(&self, lang: &str) -> Encoder<'_> {
        let lang = if lang.is_empty() || lang == "auto" {
            self.lang.clone()
        } else {
            lang.to_string()
        };
        Encoder {
            mask: (1u64 << self.hash_bits) - 1,
            idf: (!self.idf_table.is_empty()).then_some(self.idf_table.as_slice()),
            char_ngrams: self.char_ngrams,
            char_weight: self.char_weight,
            word_bigrams: self.word_bigrams,
            lang,
        }
    }

    fn logit(&self, e: &Encoded) -> f32 {
        let mut z = self.bias + self.prior_weight * e.prior;
        for (v, w) in e.dense.iter().zip(self.dense.iter()) {
            z += v * w;
        }
        for &(i, v) in &e.sparse {
            z += self.table.get(i as usize).copied().unwrap_or(0.0) * v;
        }
        z
    }

    /// Check-worthiness probability of one sentence (language as trained).
    pub fn score(&self, sentence: &str) -> f32 {
        self.score_lang(sentence, "auto")
    }

    pub fn score_lang(&self, sentence: &str, lang: &str) -> f32 {
        let (e, _, _) = self.encoder(lang).encode(sentence);
        self.probability(&e)
    }

    fn probability(&self, e: &Encoded) -> f32 {
        mix(sigmoid(self.logit(e)), sigmoid(e.prior), self.blend)
    }

    /// Score plus the built-in reasons and the learnt words that pushed the
    /// score up most.
    pub fn explain(&self, sentence: &str, lang: &str) -> Triage {
        let enc = self.encoder(lang);
        let (e, extracted, words) = enc.encode(sentence);
        let mut reasons = features::reasons(&extracted);
        let mut best: Option<(f32, &str)> = None;
        for w in &words {
            let i = (fnv1a(1, &[w]) & enc.mask) as usize;
            let v = self.table.get(i).copied().unwrap_or(0.0);
            if v > 0.5 && best.is_none_or(|(b, _)| v > b) {
                best = Some((v, w));
            }
        }
        if let Some((_, w)) = best {
            let at = reasons
                .iter()
                .position(|r| r.starts_with("against: "))
                .unwrap_or(reasons.len());
            reasons.insert(at, format!("learnt from the desk: \"{w}\""));
        }
        Triage {
            score: self.probability(&e),
            reasons,
        }
    }

    /// Writes the model atomically as JSON.
    pub fn save(&self, path: &Path) -> anyhow::Result<()> {
        let json = serde_json::to_vec(self).context("serialising the check-worthiness model")?;
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        atomicwrites::AtomicFile::new(path, atomicwrites::OverwriteBehavior::AllowOverwrite)
            .write(|f| f.write_all(&json))
            .with_context(|| format!("writing model {}", path.display()))?;
        Ok(())
    }

    pub fn load(path: &Path) -> anyhow::Result<Model> {
        let bytes =
            std::fs::read(path).with_context(|| format!("reading model {}", path.display()))?;
        let mut m: Model = serde_json::from_slice(&bytes)
            .with_context(|| format!("{} is not a check-worthiness model", path.display()))?;
        if m.format != FORMAT {
            bail!(
                "{}: not a check-worthiness model (format {:?})",
                path.display(),
                m.format
            );
        }
        if m.version != VERSION {
            bail!(
                "{}: model version {} is not supported (expected {VERSION}); retrain with `factdesk triage train`",
                path.display(),
                m.version
            );
        }
        let names: Vec<&str> = ALL.iter().map(|f| f.name()).collect();
        if m.dense_names != names || m.dense.len() != N_FEATURES {
            bail!(
                "{}: model was trained with other built-in features; retrain with `factdesk triage train`",
                path.display()
            );
        }
        if !(10..=24).contains(&m.hash_bits) {
            bail!("{}: invalid hash size 2^{}", path.display(), m.hash_bits);
        }
        m.build_table();
        Ok(m)
    }
}

/// Scores sentences with the desk's model when there is one, else with the
/// built-in features; both give reasons.
#[derive(Debug, Clone, Default)]
pub struct Scorer {
    pub model: Option<Model>,
}

impl Scorer {
    pub fn builtin() -> Self {
        Scorer { model: None }
    }

    pub fn with_model(model: Model) -> Self {
        Scorer { model: Some(model) }
    }

    pub fn score(&self, sentence: &str, lang: &str) -> Triage {
        match &self.model {
            Some(m) => m.explain(sentence, lang),
            None => features::score_builtin(sentence, lang),
        }
    }

    /// Probability only, without building reasons: the fast path for ranking.
    pub fn probability(&self, sentence: &str, lang: &str) -> f32 {
        match &self.model {
            Some(m) => m.score_lang(sentence, lang),
            None => features::score_builtin(sentence, lang).score,
        }
    }

    /// Score from which a sentence counts as check-worthy.
    pub fn threshold(&self, lang: &str) -> f32 {
        self.model
            .as_ref()
            .map_or_else(|| super::weights::threshold(lang), |m| m.threshold)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blend_takes_the_builtin_only_when_it_ranks_better() {
        // The model ranks perfectly: nothing to gain from the built-in.
        let perfect = [(0.9, 0.1, true), (0.8, 0.9, false), (0.1, 0.5, false)];
        assert_eq!(best_blend(&perfect), 0.0);
        // The model puts a negative first; a little built-in fixes the order.
        let helped = [(0.55, 0.1, false), (0.5, 0.9, true), (0.1, 0.2, false)];
        assert!(best_blend(&helped) > 0.0);
        // Models saved before the blend existed read as the model alone.
        let m = train(&toy(), &TrainOptions::default());
        let mut json = serde_json::to_value(&m).unwrap();
        json.as_object_mut().unwrap().remove("blend");
        let old: Model = serde_json::from_value(json).unwrap();
        assert_eq!(old.blend, 0.0);
    }

    fn toy() -> Vec<(String, bool)> {
        let mut v = Vec::new();
        for i in 0..40 {
            v.push((
                format!("Taxes rose by {i} percent in 2010 under the senator."),
                true,
            ));
            v.push((
                format!("The deficit was {} billion dollars last year.", i + 3),
                true,
            ));
            v.push((
                "Thank you very much, it is great to be here tonight.".to_string(),
                false,
            ));
            v.push((
                format!("What would you do about question number {i}?"),
                false,
            ));
        }
        v
    }

    #[test]
    fn learns_a_separable_toy_set() {
        let m = train(&toy(), &TrainOptions::default());
        let hi = m.score("Spending rose by 12 percent in 2014.");
        let lo = m.score("Thank you, it is great to be here.");
        assert!(
            hi > m.threshold && lo < m.threshold,
            "hi {hi} lo {lo} t {}",
            m.threshold
        );
        let t = m.explain("Spending rose by 12 percent in 2014.", "en");
        assert!(t.reasons.iter().any(|r| r == "number"), "{:?}", t.reasons);
    }

    #[test]
    fn nb_scale_favours_buckets_that_separate_the_classes() {
        let sparse = |b: &[u32]| Encoded {
            sparse: b.iter().map(|&i| (i, 1.0)).collect(),
            dense: [0.0; N_FEATURES],
            prior: 0.0,
        };
        // Bucket 1 only in positives, bucket 2 in both alike, bucket 3 only
        // in negatives.
        let (p, n) = (sparse(&[1, 2]), sparse(&[2, 3]));
        let data: Vec<(&Encoded, bool)> = vec![(&p, true), (&p, true), (&n, false), (&n, false)];
        let s = nb_scale(&data, 8, 1.0);
        assert!(s[1] > 0.5 && s[3] > 0.5, "{s:?}");
        assert!(
            s[2] < 1e-6,
            "a bucket in both classes alike carries nothing: {s:?}"
        );
        assert!(
            (s[1] - s[3]).abs() < 1e-6,
            "only the size of the ratio counts"
        );
        // Half the share keeps half of the plain input.
        let half = nb_scale(&data, 8, 0.5);
        assert!((half[2] - 0.5).abs() < 1e-6 && (half[1] - (0.5 + s[1] / 2.0)).abs() < 1e-6);
        // Folding the scale into the weights leaves every logit as it was.
        let opts = TrainOptions {
            hash_bits: 10,
            ..TrainOptions::default()
        };
        let w = fit(&data, &opts);
        assert!(!w.scale.is_empty());
        let before = (w.logit(&p), w.logit(&n));
        let folded = w.folded();
        assert!(folded.scale.is_empty());
        assert!((folded.logit(&p) - before.0).abs() < 1e-5);
        assert!((folded.logit(&n) - before.1).abs() < 1e-5);
        assert!(before.0 > before.1);
    }

    #[test]
    fn best_threshold_is_between_classes() {
        let mut s = vec![(0.9, true), (0.8, true), (0.3, false), (0.1, false)];
        let t = best_f1_threshold(&mut s);
        assert!(t > 0.3 && t < 0.8, "{t}");
    }

    #[test]
    fn degenerate_training_sets_do_not_panic() {
        let m = train(&[], &TrainOptions::default());
        assert!(m.score("anything at all").is_finite());
        let one = vec![("Only one class here.".to_string(), true)];
        assert!(train(&one, &TrainOptions::default()).score("x").is_finite());
    }
}
