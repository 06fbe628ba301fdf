//! The embedding head: a logistic regression of its own over the standardised sentence
//! embeddings, with its L2 penalty chosen by cross-validation inside the training data, and
//! stacked with the n-gram model on out-of-fold scores.
//!
//! Learnt in the n-gram model's lightly penalised SGD, 384 embedding inputs overfit the 132
//! check-worthy sentences of a CheckThat! tune part (design D3 in docs/benchmarks.md). Here
//! they get the penalty the data asks for, and how much the head counts beside the n-grams
//! is learnt from scores neither model saw its examples for. Both are linear, so the result
//! folds back into one linear model: the saved file and its scoring stay as they were.

use super::eval::average_precision;
use super::train::XorShift;

/// Penalties tried, per example (the loss is a mean): from a near-constant head to a
/// lightly held one. Warm-started from the strongest down.
const LAMBDAS: [f32; 6] = [1.0, 0.3, 0.1, 0.03, 0.01, 0.003];
const FOLDS: usize = 5;
const STEPS: usize = 150;

/// z = w . x + b over standardised inputs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Head {
    pub w: Vec<f32>,
    pub b: f32,
}

impl Head {
    pub fn logit(&self, x: &[f32]) -> f32 {
        self.b + dot(&self.w, x)
    }
}

fn dot(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn sigmoid(z: f32) -> f32 {
    1.0 / (1.0 + (-z).exp())
}

/// Largest eigenvalue of X^T X / n (power iteration), for a safe gradient step.
fn curvature(rows: &[&[f32]], dim: usize) -> f32 {
    let mut v = vec![1.0f32 / (dim.max(1) as f32).sqrt(); dim];
    let mut eig = 1.0f32;
    for _ in 0..20 {
        let mut next = vec![0.0f32; dim];
        for r in rows {
            let p = dot(r, &v);
            for (n, x) in next.iter_mut().zip(r.iter()) {
                *n += p * x;
            }
        }
        let norm = next.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm <= 0.0 || !norm.is_finite() {
            break;
        }
        eig = norm / rows.len().max(1) as f32;
        v = next.into_iter().map(|x| x / norm).collect();
    }
    eig
}

/// Minimises the mean log loss + lambda/2 |w|^2 (the bias unpenalised) by Nesterov's
/// accelerated gradient from `start`. Convex and smooth, so a fixed step of 1/L converges.
pub fn fit(rows: &[&[f32]], labels: &[bool], lambda: f32, start: &Head, eig: f32) -> Head {
    let dim = rows.first().map_or(0, |r| r.len());
    let n = rows.len().max(1) as f32;
    let step = 1.0 / (0.25 * (eig + 1.0) + lambda);
    let mut x = if start.w.len() == dim {
        start.clone()
    } else {
        Head {
            w: vec![0.0; dim],
            b: 0.0,
        }
    };
    let mut prev = x.clone();
    let mut grad = vec![0.0f32; dim];
    for t in 1..=STEPS {
        let momentum = (t as f32 - 1.0) / (t as f32 + 2.0);
        let y = Head {
            w: x.w
                .iter()
                .zip(&prev.w)
                .map(|(a, p)| a + momentum * (a - p))
                .collect(),
            b: x.b + momentum * (x.b - prev.b),
        };
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut gb = 0.0f32;
        for (r, &l) in rows.iter().zip(labels) {
            let e = sigmoid(y.logit(r)) - if l { 1.0 } else { 0.0 };
            gb += e;
            for (g, v) in grad.iter_mut().zip(r.iter()) {
                *g += e * v;
            }
        }
        prev = x;
        x = Head {
            w: y.w
                .iter()
                .zip(&grad)
                .map(|(w, g)| w - step * (g / n + lambda * w))
                .collect(),
            b: y.b - step * gb / n,
        };
    }
    x
}

/// The head the training data asks for: the penalty whose out-of-fold ranking has the best
/// average precision, the head refitted on all rows with it, and every row's out-of-fold
/// logit under that penalty (what the stacking learns from). `None` when a class is too
/// small to cross-validate.
pub fn choose(rows: &[&[f32]], labels: &[bool], seed: u64) -> Option<(f32, Head, Vec<f32>)> {
    let pos = labels.iter().filter(|y| **y).count();
    if pos < FOLDS || labels.len() - pos < FOLDS || rows.is_empty() {
        return None;
    }
    let dim = rows[0].len();
    let mut order: Vec<usize> = (0..rows.len()).collect();
    XorShift(seed.wrapping_add(313).max(1)).shuffle(&mut order);
    let mut fold_of = vec![0usize; rows.len()];
    for (rank, &i) in order.iter().enumerate() {
        fold_of[i] = rank % FOLDS;
    }
    let mut oof = vec![vec![0.0f32; rows.len()]; LAMBDAS.len()];
    for f in 0..FOLDS {
        let (train_rows, train_labels): (Vec<&[f32]>, Vec<bool>) = rows
            .iter()
            .zip(labels)
            .enumerate()
            .filter(|(i, _)| fold_of[*i] != f)
            .map(|(_, (r, l))| (*r, *l))
            .unzip();
        let eig = curvature(&train_rows, dim);
        let mut head = Head::default();
        for (k, &lambda) in LAMBDAS.iter().enumerate() {
            head = fit(&train_rows, &train_labels, lambda, &head, eig);
            for (i, r) in rows.iter().enumerate() {
                if fold_of[i] == f {
                    oof[k][i] = head.logit(r);
                }
            }
        }
    }
    let (best, _) = oof
        .iter()
        .enumerate()
        .map(|(k, s)| (k, average_precision(s, labels)))
        .fold((0, f64::MIN), |acc, x| if x.1 > acc.1 { x } else { acc });
    let eig = curvature(rows, dim);
    let mut head = Head::default();
    for &lambda in &LAMBDAS[..=best] {
        head = fit(rows, labels, lambda, &head, eig);
    }
    Some((LAMBDAS[best], head, oof.swap_remove(best)))
}

/// (a, b, c) of z = a * model + b * head + c, a small-penalty logistic regression on the
/// two out-of-fold logits (Newton's method on three unknowns).
pub fn stack(model: &[f32], head: &[f32], labels: &[bool]) -> [f32; 3] {
    let mut p = [1.0f64, 0.0, 0.0];
    let n = labels.len().max(1) as f64;
    let ridge = 1e-3;
    for _ in 0..25 {
        let mut g = [0.0f64; 3];
        let mut h = [[0.0f64; 3]; 3];
        for ((&m, &e), &l) in model.iter().zip(head).zip(labels) {
            let x = [m as f64, e as f64, 1.0];
            let z = p[0] * x[0] + p[1] * x[1] + p[2];
            let s = 1.0 / (1.0 + (-z).exp());
            let r = s - if l { 1.0 } else { 0.0 };
            let q = s * (1.0 - s);
            for i in 0..3 {
                g[i] += r * x[i] / n;
                for j in 0..3 {
                    h[i][j] += q * x[i] * x[j] / n;
                }
            }
        }
        for i in 0..2 {
            g[i] += ridge * p[i];
            h[i][i] += ridge;
        }
        h[2][2] += 1e-9;
        let Some(d) = solve3(h, g) else { break };
        for i in 0..3 {
            p[i] -= d[i];
        }
        if d.iter().map(|x| x.abs()).fold(0.0, f64::max) < 1e-7 {
            break;
        }
    }
    [p[0] as f32, p[1] as f32, p[2] as f32]
}

/// Solves h d = g by Cramer's rule; `None` when h is singular.
fn solve3(h: [[f64; 3]; 3], g: [f64; 3]) -> Option<[f64; 3]> {
    let det = |m: [[f64; 3]; 3]| {
        m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
            - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
            + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
    };
    let d = det(h);
    if d.abs() < 1e-18 || !d.is_finite() {
        return None;
    }
    let mut out = [0.0; 3];
    for (k, o) in out.iter_mut().enumerate() {
        let mut m = h;
        for i in 0..3 {
            m[i][k] = g[i];
        }
        *o = det(m) / d;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows where input 0 carries the label and the rest is noise.
    fn data(n: usize) -> (Vec<Vec<f32>>, Vec<bool>) {
        let mut rng = XorShift(11);
        let mut rows = Vec::new();
        let mut labels = Vec::new();
        let mut noise = || (rng.next() % 2001) as f32 / 1000.0 - 1.0;
        for i in 0..n {
            let y = i % 3 == 0;
            let mut r: Vec<f32> = (0..20).map(|_| noise()).collect();
            r[0] += if y { 1.5 } else { -0.5 };
            rows.push(r);
            labels.push(y);
        }
        (rows, labels)
    }

    #[test]
    fn the_head_finds_the_signal_and_its_penalty_from_the_data() {
        let (rows, labels) = data(300);
        let refs: Vec<&[f32]> = rows.iter().map(|r| r.as_slice()).collect();
        let (lambda, head, oof) = choose(&refs, &labels, 7).expect("both classes");
        assert!(LAMBDAS.contains(&lambda));
        assert!(head.w[0] > 0.5, "{:?}", head.w);
        assert!(head.w[1..].iter().all(|w| w.abs() < head.w[0] / 2.0));
        assert!(average_precision(&oof, &labels) > 0.8);
        // A stronger penalty shrinks the weights.
        let eig = curvature(&refs, 20);
        let strong = fit(&refs, &labels, 1.0, &Head::default(), eig);
        let weak = fit(&refs, &labels, 0.003, &Head::default(), eig);
        assert!(strong.w[0].abs() < weak.w[0].abs());
    }

    #[test]
    fn stacking_weighs_the_score_that_ranks() {
        let labels: Vec<bool> = (0..200).map(|i| i % 4 == 0).collect();
        let good: Vec<f32> = labels
            .iter()
            .enumerate()
            .map(|(i, y)| if *y { 1.0 } else { -1.0 } + (i % 7) as f32 * 0.3 - 0.9)
            .collect();
        let noise: Vec<f32> = (0..200)
            .map(|i| ((i * 37) % 11) as f32 / 5.0 - 1.0)
            .collect();
        let [a, b, _] = stack(&noise, &good, &labels);
        assert!(b > 1.0 && b.abs() > 3.0 * a.abs(), "a {a} b {b}");
        let [a, b, _] = stack(&good, &noise, &labels);
        assert!(a > 1.0 && a.abs() > 3.0 * b.abs(), "a {a} b {b}");
    }

    #[test]
    fn one_class_gives_no_head() {
        let rows = vec![vec![1.0f32, 2.0]; 20];
        let refs: Vec<&[f32]> = rows.iter().map(|r| r.as_slice()).collect();
        assert!(choose(&refs, &[false; 20], 1).is_none());
    }
}
