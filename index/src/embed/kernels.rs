//! The arithmetic of the encoder on plain f32 slices: matrix products through `gemm` (the
//! engine under candle's CPU matmul), and the element-wise steps fused into single passes
//! that write in place.
//!
//! Why not candle's tensor ops: measured on SciFact passages, they spent about two thirds of
//! the time outside the matrix products: a fresh buffer (and page faults) for every
//! intermediate, a broadcast pass per bias and residual, GELU through a scalar libm `erf`, and
//! barrier waits between the two cores for every small op (see docs/benchmarks.md).

use gemm::{gemm, Parallelism};

/// A read-only matrix inside a slice: element (r, c) is `data[r * row_stride + c * col_stride]`.
#[derive(Clone, Copy)]
pub struct View<'a> {
    pub data: &'a [f32],
    pub rows: usize,
    pub cols: usize,
    pub row_stride: usize,
    pub col_stride: usize,
}

impl<'a> View<'a> {
    /// A contiguous row-major matrix.
    pub fn rows(data: &'a [f32], rows: usize, cols: usize) -> View<'a> {
        View {
            data,
            rows,
            cols,
            row_stride: cols,
            col_stride: 1,
        }
    }

    /// The same elements read as the transposed matrix (no copy).
    pub fn t(self) -> View<'a> {
        View {
            rows: self.cols,
            cols: self.rows,
            row_stride: self.col_stride,
            col_stride: self.row_stride,
            ..self
        }
    }

    fn fits(&self) -> bool {
        self.rows == 0
            || self.cols == 0
            || (self.rows - 1) * self.row_stride + (self.cols - 1) * self.col_stride
                < self.data.len()
    }
}

/// `dst += scale * a * b`, where `dst` is `a.rows x b.cols` with rows `dst_stride` apart.
/// Callers prefill `dst` with the bias (and the residual), which the product then adds to.
pub fn matmul_add(
    dst: &mut [f32],
    dst_stride: usize,
    a: View,
    b: View,
    scale: f32,
    threads: usize,
) {
    let (m, k, n) = (a.rows, a.cols, b.cols);
    assert!(a.fits() && b.fits() && b.rows == k && dst_stride >= n);
    assert!(m == 0 || n == 0 || (m - 1) * dst_stride + n <= dst.len());
    if m == 0 || n == 0 || k == 0 {
        return;
    }
    let parallelism = if threads > 1 {
        Parallelism::Rayon(threads)
    } else {
        Parallelism::None
    };
    // SAFETY: the asserts above keep every element gemm reads or writes inside the slices,
    // and `dst` is borrowed mutably, so it overlaps neither input.
    unsafe {
        gemm(
            m,
            n,
            k,
            dst.as_mut_ptr(),
            1,
            dst_stride as isize,
            true,
            a.data.as_ptr(),
            a.col_stride as isize,
            a.row_stride as isize,
            b.data.as_ptr(),
            b.col_stride as isize,
            b.row_stride as isize,
            1.0,
            scale,
            false,
            false,
            false,
            parallelism,
        );
    }
}

/// Fills each row of `dst` (as wide as `row`) with `row`.
pub fn fill_rows(dst: &mut [f32], row: &[f32]) {
    for chunk in dst.chunks_exact_mut(row.len()) {
        chunk.copy_from_slice(row);
    }
}

/// Fills each row of `dst` with the same row of `base` plus `bias`.
pub fn fill_sum(dst: &mut [f32], base: &[f32], bias: &[f32]) {
    for (d, s) in dst
        .chunks_exact_mut(bias.len())
        .zip(base.chunks_exact(bias.len()))
    {
        for ((d, s), b) in d.iter_mut().zip(s).zip(bias) {
            *d = s + b;
        }
    }
}

/// LayerNorm of each row in place (mean and variance over the row, then scale and shift).
pub fn layer_norm(x: &mut [f32], weight: &[f32], bias: &[f32], eps: f32) {
    let n = weight.len() as f32;
    for row in x.chunks_exact_mut(weight.len()) {
        let mean = sum(row) / n;
        for v in row.iter_mut() {
            *v -= mean;
        }
        let var = lanes(row, 0.0, |acc, v| acc + v * v, |a, b| a + b) / n;
        let inv = 1.0 / (var + eps).sqrt();
        for ((v, w), b) in row.iter_mut().zip(weight).zip(bias) {
            *v = *v * inv * w + b;
        }
    }
}

/// Softmax of each `width`-wide row in place.
pub fn softmax_rows(x: &mut [f32], width: usize) {
    wide(x, width, softmax_rows_portable, |x, width| {
        // SAFETY: `wide` calls this only on a CPU with AVX2.
        #[cfg(target_arch = "x86_64")]
        unsafe {
            softmax_rows_avx2(x, width)
        }
    });
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn softmax_rows_avx2(x: &mut [f32], width: usize) {
    softmax_rows_portable(x, width);
}

#[inline(always)]
fn softmax_rows_portable(x: &mut [f32], width: usize) {
    for row in x.chunks_exact_mut(width) {
        let max = lanes(row, f32::NEG_INFINITY, |m, v| m.max(v), f32::max);
        for v in row.iter_mut() {
            *v = exp(*v - max);
        }
        let inv = 1.0 / sum(row);
        for v in row.iter_mut() {
            *v *= inv;
        }
    }
}

/// Runs `avx2` where the CPU has it (eight floats per instruction instead of the four of
/// the x86-64 baseline the crate is built for), `portable` elsewhere: the exp-heavy loops
/// of softmax and GELU were a tenth of the encoder's time at four.
#[inline(always)]
fn wide(x: &mut [f32], width: usize, portable: fn(&mut [f32], usize), avx2: fn(&mut [f32], usize)) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        return avx2(x, width);
    }
    let _ = avx2;
    portable(x, width)
}

fn sum(xs: &[f32]) -> f32 {
    lanes(xs, 0.0, |acc, v| acc + v, |a, b| a + b)
}

/// A reduction over eight interleaved accumulators, which the compiler keeps in vector
/// registers (a single running float cannot be vectorised: its order of additions is fixed).
#[inline(always)]
fn lanes(xs: &[f32], init: f32, step: impl Fn(f32, f32) -> f32, join: fn(f32, f32) -> f32) -> f32 {
    let mut acc = [init; 8];
    let chunks = xs.chunks_exact(8);
    let rest = chunks.remainder();
    for c in chunks {
        for (a, &v) in acc.iter_mut().zip(c) {
            *a = step(*a, v);
        }
    }
    let mut total = acc.into_iter().fold(init, join);
    for &v in rest {
        total = step(total, v);
    }
    total
}

/// GELU (the exact, erf form BERT uses) in place.
pub fn gelu(x: &mut [f32]) {
    wide(x, 0, gelu_portable, |x, width| {
        // SAFETY: `wide` calls this only on a CPU with AVX2.
        #[cfg(target_arch = "x86_64")]
        unsafe {
            gelu_avx2(x, width)
        }
    });
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn gelu_avx2(x: &mut [f32], width: usize) {
    gelu_portable(x, width);
}

#[inline(always)]
fn gelu_portable(x: &mut [f32], _: usize) {
    for v in x.iter_mut() {
        *v = 0.5 * *v * (1.0 + erf(*v * std::f32::consts::FRAC_1_SQRT_2));
    }
}

/// `e^x` to about 1 ulp (Cephes' expf), written without branches so the loops above
/// vectorise: a scalar libm call per element cost more than the matrix products around it.
#[inline(always)]
pub fn exp(x: f32) -> f32 {
    let x = x.clamp(-87.0, 88.0);
    // Round to nearest by adding 1.5 * 2^23: the sum's low mantissa bits are then the
    // integer itself, which also gives 2^n without a float-to-int conversion.
    const MAGIC: f32 = 12_582_912.0;
    let shifted = x * std::f32::consts::LOG2_E + MAGIC;
    let n = shifted - MAGIC;
    let r = x - n * 0.693_359_4 - n * -2.121_944_4e-4;
    let mut p = 1.987_569_1e-4;
    p = p * r + 1.398_199_9e-3;
    p = p * r + 8.333_452e-3;
    p = p * r + 4.166_579_6e-2;
    p = p * r + 1.666_666_5e-1;
    p = p * r + 0.5;
    let e = p * r * r + r + 1.0;
    let power = shifted
        .to_bits()
        .wrapping_sub(MAGIC.to_bits())
        .wrapping_add(127)
        << 23;
    e * f32::from_bits(power)
}

/// The error function to within 1e-6 (Abramowitz and Stegun 7.1.26 in f32), branch-free.
#[inline(always)]
pub fn erf(x: f32) -> f32 {
    let a = x.abs();
    let t = 1.0 / (1.0 + 0.327_591_1 * a);
    let poly = t
        * (0.254_829_6
            + t * (-0.284_496_74 + t * (1.421_413_7 + t * (-1.453_152_1 + t * 1.061_405_4))));
    (1.0 - poly * exp(-a * a)).copysign(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_and_erf_match_the_standard_library() {
        let mut worst_exp = 0f32;
        let mut worst_erf = 0f32;
        for i in -8000..=8000 {
            let x = i as f32 / 100.0;
            if x > -80.0 {
                let want = x.exp();
                worst_exp = worst_exp.max(((exp(x) - want) / want).abs());
            }
            let y = x / 20.0;
            let want = taylor_erf(f64::from(y));
            worst_erf = worst_erf.max((f64::from(erf(y)) - want).abs() as f32);
        }
        assert!(worst_exp < 4e-7, "exp relative error {worst_exp}");
        assert!(worst_erf < 1e-6, "erf error {worst_erf}");
    }

    /// erf by its Taylor series, exact in f64 to about 1e-12 for |x| <= 4.
    fn taylor_erf(x: f64) -> f64 {
        let (mut term, mut sum, mut n) = (x, x, 0.0);
        while term.abs() > 1e-17 {
            n += 1.0;
            term *= -x * x / n;
            sum += term / (2.0 * n + 1.0);
        }
        sum * 2.0 / std::f64::consts::PI.sqrt()
    }

    #[test]
    fn matmul_adds_to_the_destination_and_reads_transposed_views() {
        // a = [[1, 2], [3, 4]], b = [[5, 6], [7, 8]] stored transposed.
        let a = [1.0, 2.0, 3.0, 4.0];
        let b_t = [5.0, 7.0, 6.0, 8.0];
        let mut dst = vec![1.0, 1.0, 0.0, 1.0, 1.0, 0.0];
        let b = View::rows(&b_t, 2, 2).t();
        matmul_add(&mut dst, 3, View::rows(&a, 2, 2), b, 0.5, 1);
        assert_eq!(dst, vec![10.5, 12.0, 0.0, 22.5, 26.0, 0.0]);
    }

    #[test]
    fn softmax_rows_sum_to_one_and_keep_order() {
        let mut x = vec![1.0, 2.0, 3.0, -1e4, 0.0, 1e4];
        softmax_rows(&mut x, 3);
        assert!((x[..3].iter().sum::<f32>() - 1.0).abs() < 1e-6);
        assert!(x[0] < x[1] && x[1] < x[2]);
        assert!(x[3] < 1e-30 && x[4] < 1e-30 && x[5] == 1.0, "{x:?}");
    }
}
