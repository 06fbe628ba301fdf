//! Dense inputs of the desk's model beside the hashed n-grams: the context features and,
//! when a sentence encoder is installed, sentence embeddings. Both are standardised with
//! the training data's mean and spread. The context features are learnt with the n-grams;
//! the embeddings get a regression of their own, stacked with the rest (`head`), and both
//! end up as weights of this one block.

use serde::{Deserialize, Serialize};

/// A sentence encoder whose vectors can join the model's inputs (multilingual-e5-small in
/// `factdesk-index`'s embedding module, once it is wired in). Without one the model uses
/// the other features alone.
pub trait SentenceEncoder: Send + Sync {
    /// Stable name saved in the model, e.g. "multilingual-e5-small": a model trained with
    /// one encoder is only scored with embeddings from the same one.
    fn id(&self) -> &str;
    /// Length of every vector `encode` returns.
    fn dim(&self) -> usize;
    /// One vector per text, in order. Check-worthiness passes sentences as they appear;
    /// the encoder adds any prefix its model needs ("query: ").
    fn encode(&self, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>>;
}

/// Per-input mean and inverse standard deviation of the training data. An input that
/// never varied in training has inverse deviation 0: it carries no weight.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Standardiser {
    pub mean: Vec<f32>,
    pub inv_std: Vec<f32>,
}

impl Standardiser {
    /// Statistics over `rows` (all of one length).
    pub fn fit<'a>(rows: impl Iterator<Item = &'a [f32]>) -> Standardiser {
        let mut n = 0f64;
        let mut sum: Vec<f64> = Vec::new();
        let mut sq: Vec<f64> = Vec::new();
        for r in rows {
            if sum.is_empty() {
                sum = vec![0.0; r.len()];
                sq = vec![0.0; r.len()];
            }
            n += 1.0;
            for (j, v) in r.iter().enumerate().take(sum.len()) {
                sum[j] += *v as f64;
                sq[j] += (*v as f64) * (*v as f64);
            }
        }
        let n = n.max(1.0);
        let mean: Vec<f32> = sum.iter().map(|s| (s / n) as f32).collect();
        let inv_std = sum
            .iter()
            .zip(&sq)
            .map(|(s, q)| {
                let var = (q / n - (s / n) * (s / n)).max(0.0);
                if var > 1e-10 {
                    (1.0 / var.sqrt()) as f32
                } else {
                    0.0
                }
            })
            .collect();
        Standardiser { mean, inv_std }
    }

    /// Standardises `row` in place; inputs beyond the statistics are zeroed (no weight).
    pub fn apply(&self, row: &mut [f32]) {
        for (j, v) in row.iter_mut().enumerate() {
            *v = match (self.mean.get(j), self.inv_std.get(j)) {
                (Some(m), Some(s)) => (*v - m) * s,
                _ => 0.0,
            };
        }
    }

    pub fn len(&self) -> usize {
        self.mean.len()
    }

    pub fn is_empty(&self) -> bool {
        self.mean.is_empty()
    }
}

/// The standardised inputs of a saved model: their names (context features first, then
/// "embedding 0".. when an encoder was used), statistics and learnt weights.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExtraBlock {
    pub names: Vec<String>,
    pub standardiser: Standardiser,
    pub weights: Vec<f32>,
    /// `SentenceEncoder::id` of the encoder whose embeddings follow the context features.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoder: Option<String>,
}

/// Name of embedding input `j` in model files.
pub fn embedding_name(j: usize) -> String {
    format!("embedding {j}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardises_and_silences_constant_inputs() {
        let rows = [vec![1.0f32, 5.0], vec![3.0, 5.0]];
        let s = Standardiser::fit(rows.iter().map(|r| r.as_slice()));
        assert_eq!(s.mean, vec![2.0, 5.0]);
        assert_eq!(s.inv_std, vec![1.0, 0.0]);
        let mut r = vec![3.0, 9.0, 7.0];
        s.apply(&mut r);
        assert_eq!(r, vec![1.0, 0.0, 0.0]);
    }
}
