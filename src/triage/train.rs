//! Fitting the desk's model: a logistic regression over hashed n-grams (naive-Bayes
//! scaled), the built-in features, their score (as one input starting at weight 1, so a
//! handful of labels refine the built-in score rather than replace it) and the standardised
//! inputs, trained with Adagrad; the F1 threshold and the built-in blend are picked by
//! internal cross-validation on the training data.

use super::context::{Sentence, N_CONTEXT};
use super::dense::{embedding_name, ExtraBlock, SentenceEncoder, Standardiser};
use super::encode::{sigmoid, Encoded, Encoder};
use super::features::{ALL, N_FEATURES};
use super::model::{Model, FORMAT, VERSION};

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
    /// Learn from each sentence's place in its text (position, neighbours, speaker turns).
    pub context: bool,
    /// Give sentence embeddings a regression of their own, stacked with the rest
    /// (`head`); off, they are inputs of the one SGD like the context features (design D3
    /// in docs/benchmarks.md, kept for comparison).
    pub embedding_head: bool,
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
            context: true,
            embedding_head: true,
        }
    }
}

/// A labelled text: its sentences in order (an article, a debate; a lone sentence is a
/// text of one) and whether each is check-worthy; `None` for a sentence nobody judged,
/// which gives its neighbours context but is not learnt from.
#[derive(Debug, Clone)]
pub struct LabelledDoc<'a> {
    pub sentences: Vec<Sentence<'a>>,
    pub labels: Vec<Option<bool>>,
}

/// Deterministic shuffling without a rand dependency.
pub(crate) struct XorShift(pub u64);
impl XorShift {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

pub(crate) struct Weights {
    /// Per-bucket input scale (naive-Bayes ratios); empty = 1 everywhere.
    pub scale: Vec<f32>,
    pub bias: f32,
    pub prior: f32,
    pub dense: [f32; N_FEATURES],
    pub hashed: Vec<f32>,
    /// Weights of the standardised inputs (`Encoded::extra`).
    pub extra: Vec<f32>,
}

impl Weights {
    /// Folds the stacking `[a, b, c]` of this model with the embedding head `h` into one
    /// linear model: a * this + b * head + c, the head's weights following the context ones.
    pub fn stack_head(&mut self, [a, b, c]: [f32; 3], h: &super::head::Head) {
        self.bias = a * self.bias + b * h.b + c;
        self.prior *= a;
        self.dense.iter_mut().for_each(|v| *v *= a);
        self.hashed.iter_mut().for_each(|v| *v *= a);
        self.extra.iter_mut().for_each(|v| *v *= a);
        self.extra.resize(N_CONTEXT, 0.0);
        self.extra.extend(h.w.iter().map(|v| b * v));
    }

    pub fn logit(&self, e: &Encoded) -> f32 {
        let mut z = self.bias + self.prior * e.prior;
        for (v, w) in e.dense.iter().zip(self.dense.iter()) {
            z += v * w;
        }
        for (v, w) in e.extra.iter().zip(self.extra.iter()) {
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
    pub fn folded(mut self) -> Self {
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
pub(crate) fn nb_scale(data: &[(&Encoded, bool)], dim: usize, share: f32) -> Vec<f32> {
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

/// Adagrad state: summed squared gradients per weight.
struct Adagrad {
    hashed: Vec<f32>,
    dense: [f32; N_FEATURES],
    extra: Vec<f32>,
    bias: f32,
    prior: f32,
}

fn step(w: &mut f32, g2: &mut f32, g: f32, lr: f32) {
    *g2 += g * g;
    *w -= lr * g / g2.sqrt();
}

fn fit_one(data: &[(&Encoded, bool)], opts: &TrainOptions, seed: u64, scale: &[f32]) -> Weights {
    let dim = 1usize << opts.hash_bits;
    let n_extra = data.first().map_or(0, |(e, _)| e.extra.len());
    let mut w = Weights {
        scale: scale.to_vec(),
        bias: 0.0,
        prior: 1.0,
        dense: [0.0; N_FEATURES],
        hashed: vec![0.0; dim],
        extra: vec![0.0; n_extra],
    };
    let mut g2 = Adagrad {
        hashed: vec![1e-6f32; dim],
        dense: [1e-6f32; N_FEATURES],
        extra: vec![1e-6f32; n_extra],
        bias: 1e-6,
        prior: 1e-6,
    };
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
    let (lr, l2) = (opts.learning_rate, opts.l2);
    for _ in 0..opts.epochs {
        rng.shuffle(&mut order);
        for &k in &order {
            let (e, y) = data[k];
            let p = sigmoid(w.logit(e));
            let g = (p - if y { 1.0 } else { 0.0 }) * if y { w_pos } else { w_neg };
            step(&mut w.bias, &mut g2.bias, g, lr);
            step(&mut w.prior, &mut g2.prior, g * e.prior, lr);
            for (j, v) in e.dense.iter().enumerate() {
                if *v != 0.0 {
                    let gd = g * v + l2 * w.dense[j];
                    step(&mut w.dense[j], &mut g2.dense[j], gd, lr);
                }
            }
            for (j, v) in e.extra.iter().enumerate().take(n_extra) {
                if *v != 0.0 {
                    let gd = g * v + l2 * w.extra[j];
                    step(&mut w.extra[j], &mut g2.extra[j], gd, lr);
                }
            }
            for &(i, v) in &e.sparse {
                let v = v * w.scale_of(i);
                let i = i as usize;
                // Lazy L2: only touched weights are shrunk, which keeps an
                // update proportional to the sentence, not the table.
                let gh = g * v + l2 * w.hashed[i];
                step(&mut w.hashed[i], &mut g2.hashed[i], gh, lr);
            }
        }
    }
    w
}

/// Averages `opts.ensemble` fits over different example orders: a linear
/// model's average is one linear model, so scoring costs the same, and the
/// order-dependence of SGD averages out.
pub(crate) fn fit(data: &[(&Encoded, bool)], opts: &TrainOptions) -> Weights {
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
        for (a, b) in avg.extra.iter_mut().zip(w.extra.iter()) {
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
    avg.extra.iter_mut().for_each(|v| *v *= inv);
    avg.hashed.iter_mut().for_each(|v| *v *= inv);
    avg
}

/// Built-in shares tried for the blend; the learnt weight of the built-in logit inside the
/// model does not capture all it adds where positives are few (CheckThat! debates).
const BLENDS: [f32; 4] = [0.0, 0.1, 0.2, 0.3];

pub(crate) fn mix(model: f32, builtin: f32, blend: f32) -> f32 {
    (1.0 - blend) * model + blend * builtin
}

/// The blend whose out-of-fold ranking has the best average precision.
pub(crate) fn best_blend(scored: &[(f32, f32, bool)]) -> f32 {
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

/// What the internal cross-validation picks: the F1 threshold, the built-in blend and, with
/// an embedding head, how it is stacked with the model.
struct Picked {
    threshold: f32,
    blend: f32,
    /// (a, b, c): final logit = a * model + b * head + c.
    stack: Option<[f32; 3]>,
}

/// Threshold, blend and stacking from `folds`-fold cross-validation inside the training
/// data, or (0.5, 0, none) when a class is too small to cross-validate. `head_oof` holds the
/// embedding head's out-of-fold logit of every labelled example.
fn pick_threshold_and_blend(
    labelled: &[(&Encoded, bool)],
    opts: &TrainOptions,
    head_oof: Option<&[f32]>,
) -> Picked {
    let pos = labelled.iter().filter(|(_, y)| *y).count();
    let folds = opts.threshold_folds;
    if folds < 2 || pos < folds || labelled.len() - pos < folds {
        return Picked {
            threshold: 0.5,
            blend: 0.0,
            stack: None,
        };
    }
    let mut order: Vec<usize> = (0..labelled.len()).collect();
    XorShift(opts.seed.wrapping_add(99).max(1)).shuffle(&mut order);
    let mut fold_of = vec![0usize; labelled.len()];
    for (rank, &i) in order.iter().enumerate() {
        fold_of[i] = rank % folds;
    }
    // Model logit of every example, out of fold.
    let mut model_oof = vec![0.0f32; labelled.len()];
    for f in 0..folds {
        let train_part: Vec<(&Encoded, bool)> = labelled
            .iter()
            .enumerate()
            .filter(|(i, _)| fold_of[*i] != f)
            .map(|(_, x)| *x)
            .collect();
        let w = fit(&train_part, opts);
        for (i, (e, _)) in labelled.iter().enumerate() {
            if fold_of[i] == f {
                model_oof[i] = w.logit(e);
            }
        }
    }
    let labels: Vec<bool> = labelled.iter().map(|(_, y)| *y).collect();
    let stack = head_oof.map(|h| super::head::stack(&model_oof, h, &labels));
    let scored: Vec<(f32, f32, bool)> = labelled
        .iter()
        .enumerate()
        .map(|(i, (e, y))| {
            let z = match (stack, head_oof) {
                (Some([a, b, c]), Some(h)) => a * model_oof[i] + b * h[i] + c,
                _ => model_oof[i],
            };
            (sigmoid(z), sigmoid(e.prior), *y)
        })
        .collect();
    let blend = best_blend(&scored);
    let mut mixed: Vec<(f32, bool)> = scored
        .iter()
        .map(|(m, b, y)| (mix(*m, *b, blend), *y))
        .collect();
    Picked {
        threshold: best_f1_threshold(&mut mixed),
        blend,
        stack,
    }
}

/// Smoothed idf as in common TF-IDF, ln((1 + n) / (1 + df)) + 1, per bucket; and the idf
/// of an unseen bucket.
fn idf_table(encoded: &[Encoded], hash_bits: u32) -> (f32, Vec<f32>) {
    let mut df = vec![0u32; 1usize << hash_bits];
    for e in encoded {
        for &(i, _) in &e.sparse {
            df[i as usize] += 1;
        }
    }
    let n = encoded.len() as f32;
    let table = df
        .iter()
        .map(|d| ((1.0 + n) / (1.0 + *d as f32)).ln() + 1.0)
        .collect();
    ((1.0 + n).ln() + 1.0, table)
}

/// Trains a model on (sentence, check-worthy) pairs, each sentence on its own. Never
/// fails: with no data or a single class the model falls back on the built-in features.
pub fn train(examples: &[(String, bool)], opts: &TrainOptions) -> Model {
    let docs: Vec<LabelledDoc> = examples
        .iter()
        .map(|(s, y)| LabelledDoc {
            sentences: vec![Sentence::new(s)],
            labels: vec![Some(*y)],
        })
        .collect();
    train_encoded(&docs, opts, None)
}

/// Trains a model on labelled texts, learning from each sentence's place in its text as
/// well. With `encoder`, its sentence embeddings join the inputs (standardised); the
/// model then remembers the encoder's id. Fails only when the encoder fails.
pub fn train_docs(
    docs: &[LabelledDoc],
    opts: &TrainOptions,
    encoder: Option<&dyn SentenceEncoder>,
) -> anyhow::Result<Model> {
    let embedded = match encoder {
        Some(enc) => {
            let texts: Vec<&[Sentence]> = docs.iter().map(|d| d.sentences.as_slice()).collect();
            Some((enc.id().to_string(), enc.dim(), embed_docs(enc, &texts)?))
        }
        None => None,
    };
    Ok(train_encoded(docs, opts, embedded.as_ref()))
}

/// The embeddings of every sentence of `docs`, per document: one call for all of them, so
/// the encoder can batch across short texts and report progress over the whole set.
pub(crate) fn embed_docs(
    enc: &dyn SentenceEncoder,
    docs: &[&[Sentence]],
) -> anyhow::Result<Vec<Vec<Vec<f32>>>> {
    let texts: Vec<&str> = docs.iter().flat_map(|d| d.iter().map(|s| s.text)).collect();
    let mut vectors = enc.encode(&texts)?.into_iter();
    if vectors.len() != texts.len() || vectors.as_slice().iter().any(|v| v.len() != enc.dim()) {
        anyhow::bail!(
            "sentence encoder {} returned vectors of the wrong number or length",
            enc.id()
        );
    }
    Ok(docs
        .iter()
        .map(|d| vectors.by_ref().take(d.len()).collect())
        .collect())
}

fn encode_all(enc: &Encoder, docs: &[LabelledDoc], emb: Option<&Embedded>) -> Vec<Encoded> {
    docs.iter()
        .enumerate()
        .flat_map(|(i, d)| {
            let e = emb.map(|(_, _, v)| v[i].as_slice());
            enc.encode_doc(&d.sentences, e)
        })
        .map(|e| e.enc)
        .collect()
}

/// (encoder id, dimension, embeddings per document and sentence).
type Embedded = (String, usize, Vec<Vec<Vec<f32>>>);

fn train_encoded(docs: &[LabelledDoc], opts: &TrainOptions, emb: Option<&Embedded>) -> Model {
    let hash_bits = opts.hash_bits.clamp(10, 24);
    let opts = TrainOptions {
        hash_bits,
        ..opts.clone()
    };
    let mut enc = Encoder {
        mask: (1u64 << hash_bits) - 1,
        idf: None,
        char_ngrams: opts.char_ngrams,
        char_weight: opts.char_weight,
        word_bigrams: opts.word_bigrams,
        lang: opts.lang.clone(),
        context: opts.context,
        standardiser: None,
    };
    let mut encoded = encode_all(&enc, docs, emb);
    let (idf_default, idf) = if opts.idf {
        idf_table(&encoded, hash_bits)
    } else {
        (1.0, Vec::new())
    };
    if opts.idf {
        enc.idf = Some(&idf);
        encoded = encode_all(&enc, docs, emb);
    }
    let uses_extra = opts.context || emb.is_some();
    let standardiser = Standardiser::fit(encoded.iter().map(|e| e.extra.as_slice()));
    for e in encoded.iter_mut() {
        if uses_extra {
            standardiser.apply(&mut e.extra);
        } else {
            e.extra.clear();
        }
    }
    // One label per sentence, whatever the caller passed: a missing label is no label.
    let labels: Vec<Option<bool>> = docs
        .iter()
        .flat_map(|d| (0..d.sentences.len()).map(|i| d.labels.get(i).copied().flatten()))
        .collect();
    // The embeddings get a head of their own (`head`); the n-gram model learns from the
    // context features only, and the two are stacked on out-of-fold scores.
    let separate = emb.is_some() && opts.embedding_head;
    let head = emb.filter(|_| separate).and_then(|_| {
        let (rows, ys): (Vec<&[f32]>, Vec<bool>) = encoded
            .iter()
            .zip(&labels)
            .filter_map(|(e, y)| y.map(|y| (e.extra.get(N_CONTEXT..).unwrap_or(&[]), y)))
            .unzip();
        super::head::choose(&rows, &ys, opts.seed)
    });
    if separate {
        for e in encoded.iter_mut() {
            e.extra.truncate(N_CONTEXT);
        }
    }
    let labelled: Vec<(&Encoded, bool)> = encoded
        .iter()
        .zip(labels)
        .filter_map(|(e, y)| y.map(|y| (e, y)))
        .collect();
    let picked = pick_threshold_and_blend(
        &labelled,
        &opts,
        head.as_ref().map(|(_, _, oof)| oof.as_slice()),
    );
    let (threshold, blend) = (picked.threshold, picked.blend);
    let mut w = fit(&labelled, &opts).folded();
    if let (Some((_, h, _)), Some(stack)) = (&head, picked.stack) {
        w.stack_head(stack, h);
    }
    let extra = uses_extra.then(|| {
        let mut names: Vec<String> = super::context::names().collect();
        let encoder = emb.map(|(id, dim, _)| {
            names.extend((0..*dim).map(embedding_name));
            id.clone()
        });
        debug_assert!(names.len() >= N_CONTEXT);
        ExtraBlock {
            weights: w
                .extra
                .iter()
                .copied()
                .chain(std::iter::repeat(0.0))
                .take(names.len())
                .collect(),
            names,
            standardiser,
            encoder,
        }
    });
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
        hashed: w
            .hashed
            .iter()
            .enumerate()
            .filter(|(_, v)| v.abs() > 1e-4)
            .map(|(i, v)| (i as u32, *v))
            .collect(),
        threshold,
        trained_on: labelled.len(),
        idf: idf
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != idf_default)
            .map(|(i, v)| (i as u32, *v))
            .collect(),
        idf_default,
        blend,
        extra,
        ..Model::default()
    };
    model.build_tables();
    model
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
            extra: Vec::new(),
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
