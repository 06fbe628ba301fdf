//! Sentences of a document turned into the inputs of the desk's linear model: hashed word
//! uni/bi-grams and character n-grams (sparse), the built-in features and their score
//! (dense), and the standardised inputs: context features and, when an encoder is
//! installed, sentence embeddings.

use super::context::{self, Sentence, N_CONTEXT};
use super::dense::Standardiser;
use super::features::{self, builtin_logit, Extracted, N_FEATURES};
use super::tokens::{resolve_lang, tokenize};

/// One sentence turned into model inputs.
pub(crate) struct Encoded {
    pub sparse: Vec<(u32, f32)>,
    pub dense: [f32; N_FEATURES],
    /// The built-in logit.
    pub prior: f32,
    /// Context features, then the embedding if any: raw, or standardised once the
    /// encoder has a standardiser.
    pub extra: Vec<f32>,
}

/// What explaining a score needs beyond the inputs.
pub(crate) struct EncodedSentence {
    pub enc: Encoded,
    pub extracted: Extracted,
    pub words: Vec<String>,
    /// Raw context features (what the reasons read).
    pub context: [f32; N_CONTEXT],
}

pub(crate) fn fnv1a(group: u8, parts: &[&str]) -> u64 {
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

pub(crate) struct Encoder<'a> {
    pub mask: u64,
    /// Inverse document frequency per bucket, from the training sentences.
    pub idf: Option<&'a [f32]>,
    pub char_ngrams: (usize, usize),
    pub char_weight: f32,
    pub word_bigrams: bool,
    pub lang: String,
    /// Whether the context features are inputs (zero otherwise).
    pub context: bool,
    /// Standardises `Encoded::extra`; `None` leaves it raw (while the training statistics
    /// are being gathered).
    pub standardiser: Option<&'a Standardiser>,
}

impl Encoder<'_> {
    /// Encodes every sentence of a document; `embeddings[i]`, when given, is sentence i's
    /// embedding (an empty vector where the encoder had none).
    pub fn encode_doc(
        &self,
        doc: &[Sentence],
        embeddings: Option<&[Vec<f32>]>,
    ) -> Vec<EncodedSentence> {
        let mut out: Vec<EncodedSentence> = doc.iter().map(|s| self.encode_one(s.text)).collect();
        let probs: Vec<f32> = out.iter().map(|e| sigmoid(e.enc.prior)).collect();
        let ctx = if self.context {
            context::features(doc, &probs)
        } else {
            vec![[0.0; N_CONTEXT]; doc.len()]
        };
        for (i, (e, c)) in out.iter_mut().zip(ctx).enumerate() {
            e.context = c;
            e.enc.extra.extend_from_slice(&c);
            if let Some(emb) = embeddings.and_then(|v| v.get(i)) {
                e.enc.extra.extend_from_slice(emb);
            }
            if let Some(s) = self.standardiser {
                s.apply(&mut e.enc.extra);
            }
        }
        out
    }

    fn encode_one(&self, sentence: &str) -> EncodedSentence {
        let tokens = tokenize(sentence);
        let lang = resolve_lang(&self.lang, &tokens);
        let extracted = features::extract_tokens(sentence, &tokens, lang);
        // Digits are folded so "290" and "310" share a feature.
        let words: Vec<String> = tokens
            .iter()
            .map(|t| {
                t.lower
                    .chars()
                    .map(|c| if c.is_ascii_digit() { '0' } else { c })
                    .collect()
            })
            .collect();
        let sparse = self.sparse(&words);
        let prior = builtin_logit(&extracted);
        EncodedSentence {
            enc: Encoded {
                sparse,
                dense: extracted.values,
                prior,
                extra: Vec::new(),
            },
            extracted,
            words,
            context: [0.0; N_CONTEXT],
        }
    }

    fn sparse(&self, words: &[String]) -> Vec<(u32, f32)> {
        let mut groups: [Vec<u32>; 3] = [Vec::new(), Vec::new(), Vec::new()];
        for w in words {
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
            for w in words {
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
        sparse
    }
}

pub(crate) fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}
