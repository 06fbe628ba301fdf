//! The desk's own model as saved in the user's data directory, and the scorer that uses it
//! (or the built-in features when there is none). Training is in `train.rs`.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};

use super::context::{self, Sentence, N_CONTEXT};
use super::dense::{embedding_name, ExtraBlock, SentenceEncoder};
use super::encode::{fnv1a, sigmoid, Encoded, EncodedSentence, Encoder};
use super::features::{self, Triage, ALL, NOTHING_TO_CHECK, N_FEATURES};
use super::train::mix;

pub const FORMAT: &str = "factdesk-checkworthiness";
pub const VERSION: u32 = 1;

/// A trained check-worthiness model; small enough to keep in the user's
/// data directory.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
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
    /// Names of the built-in features the weights in `dense` belong to; a model saved
    /// with fewer features loads with weight 0 for the new ones.
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
    /// Standardised inputs: context features, then embeddings when trained with an
    /// encoder. Absent in models saved before context features existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extra: Option<ExtraBlock>,
    #[serde(skip)]
    pub(crate) table: Vec<f32>,
    #[serde(skip)]
    pub(crate) idf_table: Vec<f32>,
}

/// Reading of the embedding's pull on a score, raising and lowering.
const EMBEDDING_RAISES: &str = "meaning close to check-worthy sentences";
const EMBEDDING_LOWERS: &str = "meaning close to sentences not worth checking";

impl Model {
    pub(crate) fn build_tables(&mut self) {
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

    /// The encoder id whose embeddings this model was trained with, if any.
    pub fn encoder_id(&self) -> Option<&str> {
        self.extra.as_ref().and_then(|x| x.encoder.as_deref())
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
            context: self.extra.is_some(),
            standardiser: self.extra.as_ref().map(|x| &x.standardiser),
        }
    }

    fn extra_weights(&self) -> &[f32] {
        self.extra.as_ref().map_or(&[], |x| x.weights.as_slice())
    }

    fn logit(&self, e: &Encoded) -> f32 {
        let mut z = self.bias + self.prior_weight * e.prior;
        for (v, w) in e.dense.iter().zip(self.dense.iter()) {
            z += v * w;
        }
        // Inputs the scorer could not compute (no encoder installed) are missing from
        // `e.extra`: they count as the training mean, i.e. not at all.
        for (v, w) in e.extra.iter().zip(self.extra_weights()) {
            z += v * w;
        }
        for &(i, v) in &e.sparse {
            z += self.table.get(i as usize).copied().unwrap_or(0.0) * v;
        }
        z
    }

    fn probability(&self, e: &Encoded) -> f32 {
        mix(sigmoid(self.logit(e)), sigmoid(e.prior), self.blend)
    }

    /// Check-worthiness probability of one sentence on its own (language as trained).
    pub fn score(&self, sentence: &str) -> f32 {
        self.score_lang(sentence, "auto")
    }

    pub fn score_lang(&self, sentence: &str, lang: &str) -> f32 {
        self.probabilities(&[Sentence::new(sentence)], lang, None)[0]
    }

    /// Probabilities of every sentence of a text; `embeddings` as the model's encoder gave
    /// them (None: scored without them).
    pub fn probabilities(
        &self,
        doc: &[Sentence],
        lang: &str,
        embeddings: Option<&[Vec<f32>]>,
    ) -> Vec<f32> {
        self.encoder(lang)
            .encode_doc(doc, embeddings)
            .iter()
            .map(|e| self.probability(&e.enc))
            .collect()
    }

    /// Score plus reasons for every sentence of a text: the built-in reasons, the context
    /// and embedding inputs that moved the score, and the learnt word that pushed it up most.
    pub fn explain_doc(
        &self,
        doc: &[Sentence],
        lang: &str,
        embeddings: Option<&[Vec<f32>]>,
    ) -> Vec<Triage> {
        let enc = self.encoder(lang);
        enc.encode_doc(doc, embeddings)
            .iter()
            .map(|e| self.explain_one(e, enc.mask))
            .collect()
    }

    /// Score plus reasons of one sentence on its own.
    pub fn explain(&self, sentence: &str, lang: &str) -> Triage {
        self.explain_doc(&[Sentence::new(sentence)], lang, None)
            .swap_remove(0)
    }

    fn explain_one(&self, e: &EncodedSentence, mask: u64) -> Triage {
        let mut items = features::contributions(&e.extracted);
        let w = self.extra_weights();
        let z = &e.enc.extra;
        let at = |j: usize| z.get(j).copied().unwrap_or(0.0) * w.get(j).copied().unwrap_or(0.0);
        let moved: [f32; N_CONTEXT] = std::array::from_fn(at);
        let values: [f32; N_CONTEXT] = std::array::from_fn(|j| z.get(j).copied().unwrap_or(0.0));
        items.extend(context::reasons(&values, &moved));
        let embedding: f32 = (N_CONTEXT..z.len().min(w.len())).map(at).sum();
        if embedding.abs() > 0.3 {
            let r = if embedding > 0.0 {
                EMBEDDING_RAISES
            } else {
                EMBEDDING_LOWERS
            };
            items.push((embedding, r.to_string()));
        }
        let best_word = e
            .words
            .iter()
            .map(|w| {
                let i = (fnv1a(1, &[w]) & mask) as usize;
                (self.table.get(i).copied().unwrap_or(0.0), w)
            })
            .filter(|(v, _)| *v > 0.5)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        if let Some((v, w)) = best_word {
            items.push((v, format!("learnt from the desk: \"{w}\"")));
        }
        let score = self.probability(&e.enc);
        let fallback = if score >= self.threshold {
            "learnt from the desk: the wording as a whole"
        } else {
            NOTHING_TO_CHECK
        };
        Triage {
            score,
            reasons: features::order_reasons(items, fallback),
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
        m.align_dense()
            .with_context(|| format!("{}: retrain with `factdesk triage train`", path.display()))?;
        if let Some(x) = &m.extra {
            check_extra(x).with_context(|| format!("{}: broken model", path.display()))?;
        }
        if !(10..=24).contains(&m.hash_bits) {
            bail!("{}: invalid hash size 2^{}", path.display(), m.hash_bits);
        }
        m.build_tables();
        Ok(m)
    }

    /// Puts the saved built-in weights in the current feature order by name: features added
    /// since the model was saved get weight 0, a feature this version does not know is an
    /// error.
    fn align_dense(&mut self) -> anyhow::Result<()> {
        if self.dense_names.len() != self.dense.len() {
            bail!(
                "{} built-in feature names for {} weights",
                self.dense_names.len(),
                self.dense.len()
            );
        }
        let mut aligned = [0.0f32; N_FEATURES];
        for (name, w) in self.dense_names.iter().zip(&self.dense) {
            let Some(i) = ALL.iter().position(|f| f.name() == name) else {
                bail!(
                    "the model was trained with a built-in feature this version lacks ({name:?})"
                );
            };
            aligned[i] = *w;
        }
        self.dense = aligned.to_vec();
        self.dense_names = ALL.iter().map(|f| f.name().to_string()).collect();
        Ok(())
    }
}

fn check_extra(x: &ExtraBlock) -> anyhow::Result<()> {
    let context: Vec<String> = context::names().collect();
    let n = x.names.len();
    if n < N_CONTEXT || x.names[..N_CONTEXT] != context[..] {
        bail!(
            "its context features are not this version's ({:?})",
            x.names
        );
    }
    let embedded = n - N_CONTEXT;
    if embedded > 0 && x.encoder.is_none() {
        bail!("{embedded} embedding inputs but no encoder named");
    }
    if (0..embedded).any(|j| x.names[N_CONTEXT + j] != embedding_name(j)) {
        bail!("embedding inputs are misnamed");
    }
    if x.weights.len() != n || x.standardiser.mean.len() != n || x.standardiser.inv_std.len() != n {
        bail!("{n} standardised inputs but weights or statistics of another length");
    }
    Ok(())
}

/// Scores sentences with the desk's model when there is one, else with the
/// built-in features; both give reasons. With an encoder installed, a model trained with
/// its embeddings uses them.
#[derive(Clone, Default)]
pub struct Scorer {
    pub model: Option<Model>,
    encoder: Option<Arc<dyn SentenceEncoder>>,
}

impl std::fmt::Debug for Scorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scorer")
            .field("model", &self.model.as_ref().map(|m| m.trained_on))
            .field(
                "encoder",
                &self.encoder.as_ref().map(|e| e.id().to_string()),
            )
            .finish()
    }
}

impl Scorer {
    pub fn builtin() -> Self {
        Scorer::default()
    }

    pub fn with_model(model: Model) -> Self {
        Scorer {
            model: Some(model),
            encoder: None,
        }
    }

    /// Adds the sentence encoder (the model uses it only if trained with the same one).
    pub fn with_encoder(mut self, encoder: Arc<dyn SentenceEncoder>) -> Self {
        self.encoder = Some(encoder);
        self
    }

    /// Whether the model wants embeddings that no installed encoder provides: it then
    /// scores without them (as if each sentence's embedding were the training average).
    pub fn missing_encoder(&self) -> Option<&str> {
        let wanted = self.model.as_ref()?.encoder_id()?;
        match &self.encoder {
            Some(e) if e.id() == wanted => None,
            _ => Some(wanted),
        }
    }

    /// The encoder whose embeddings the scores use: the model's, when it is installed.
    pub fn embedding_encoder(&self) -> Option<&str> {
        let wanted = self.model.as_ref()?.encoder_id()?;
        self.missing_encoder().is_none().then_some(wanted)
    }

    /// Embeddings of every sentence of `docs`, per document, when the model wants them and
    /// its encoder is here; all texts go to the encoder in one call (it batches them).
    fn embeddings(&self, docs: &[&[Sentence]]) -> Option<Vec<Vec<Vec<f32>>>> {
        let wanted = self.model.as_ref()?.encoder_id()?;
        let enc = self.encoder.as_ref().filter(|e| e.id() == wanted)?;
        match super::train::embed_docs(enc.as_ref(), docs) {
            Ok(v) => Some(v),
            Err(e) => {
                // An encoder failure scores without embeddings rather than not at all.
                static SAID: std::sync::Once = std::sync::Once::new();
                SAID.call_once(|| {
                    eprintln!(
                        "factdesk: sentence encoder {} failed ({}); scoring without embeddings",
                        enc.id(),
                        crate::error::one_line(&e)
                    )
                });
                None
            }
        }
    }

    /// `with_model` on each text with its embeddings (all embedded together), or `builtin`
    /// on each without a model.
    fn per_doc<T>(
        &self,
        docs: &[&[Sentence]],
        builtin: impl Fn(&[Sentence]) -> Vec<T>,
        with_model: impl Fn(&Model, &[Sentence], Option<&[Vec<f32>]>) -> Vec<T>,
    ) -> Vec<Vec<T>> {
        let Some(m) = &self.model else {
            return docs.iter().map(|d| builtin(d)).collect();
        };
        let emb = self.embeddings(docs);
        docs.iter()
            .enumerate()
            .map(|(i, d)| with_model(m, d, emb.as_ref().map(|e| e[i].as_slice())))
            .collect()
    }

    /// Score and reasons of every sentence of each text (embedded together).
    pub fn score_docs(&self, docs: &[&[Sentence]], lang: &str) -> Vec<Vec<Triage>> {
        self.per_doc(
            docs,
            |d| features::score_builtin_doc(d, lang),
            |m, d, e| m.explain_doc(d, lang, e),
        )
    }

    /// Probabilities of every sentence of each text (embedded together): the fast path of
    /// import, re-scoring and evaluation.
    pub fn probabilities_docs(&self, docs: &[&[Sentence]], lang: &str) -> Vec<Vec<f32>> {
        let builtin = |d: &[Sentence]| {
            features::score_builtin_doc(d, lang)
                .into_iter()
                .map(|t| t.score)
                .collect()
        };
        self.per_doc(docs, builtin, |m, d, e| m.probabilities(d, lang, e))
    }

    /// Score and reasons of one sentence on its own.
    pub fn score(&self, sentence: &str, lang: &str) -> Triage {
        self.score_doc(&[Sentence::new(sentence)], lang)
            .swap_remove(0)
    }

    /// Probability only, without building reasons: the fast path for ranking.
    pub fn probability(&self, sentence: &str, lang: &str) -> f32 {
        self.probabilities_doc(&[Sentence::new(sentence)], lang)[0]
    }

    /// Score and reasons of every sentence of a text, each in its context.
    pub fn score_doc(&self, doc: &[Sentence], lang: &str) -> Vec<Triage> {
        self.score_docs(&[doc], lang).swap_remove(0)
    }

    /// Probabilities of every sentence of a text, each in its context.
    pub fn probabilities_doc(&self, doc: &[Sentence], lang: &str) -> Vec<f32> {
        self.probabilities_docs(&[doc], lang).swap_remove(0)
    }

    /// Score from which a sentence counts as check-worthy.
    pub fn threshold(&self, lang: &str) -> f32 {
        self.model
            .as_ref()
            .map_or_else(|| super::weights::threshold(lang), |m| m.threshold)
    }
}
