//! Weights of the built-in features, one vector per language, in the order
//! of `features::ALL`. Fitted by `examples/cw_fit_builtin.rs` (a logistic
//! regression over the built-in features only) on the public training
//! splits, then adjusted by hand where the training text is unlike news:
//! - English from ClaimBuster (debates); boilerplate and exclamations hardly
//!   occur there, so their weights are set by hand.
//! - German from GermEval 2021 (Facebook comments), where "Quelle:" marks a
//!   comment that cites a source and attribution or number words are rare;
//!   for news those weights follow the English fit instead.

use super::features::N_FEATURES;

pub const EN_BIAS: f32 = -3.262;
pub const EN: [f32; N_FEATURES] = [
    1.600,  // number
    1.475,  // quantity
    0.595,  // date (counts up to two dates)
    0.666,  // attributed statement
    0.630,  // named person
    0.656,  // named entity
    0.807,  // comparison
    0.612,  // superlative
    0.188,  // causal claim
    1.047,  // change or trend
    -0.329, // direct quote
    0.636,  // cites a source
    0.871,  // past tense
    -1.209, // question
    -1.163, // opinion
    -1.010, // future or modal
    -0.808, // first person
    -0.098, // first person plural
    -0.430, // addresses someone
    -0.453, // social phrase
    -3.000, // boilerplate (hand)
    -0.300, // exclamation (hand)
    -0.054, // very short
    0.479,  // length
];

pub const DE_BIAS: f32 = -3.5;
pub const DE: [f32; N_FEATURES] = [
    1.200,  // number
    0.800,  // quantity (hand: GermEval 0.03)
    0.600,  // date
    0.500,  // attributed statement (hand: GermEval 0.14)
    0.500,  // named person (hand)
    0.400,  // named entity
    0.600,  // comparison
    0.450,  // superlative
    0.150,  // causal claim
    0.850,  // change or trend
    0.000,  // direct quote
    1.500,  // cites a source
    0.400,  // past tense
    -0.600, // question
    -0.600, // opinion
    -0.500, // future or modal
    -0.600, // first person
    -0.050, // first person plural
    -0.250, // addresses someone
    -0.300, // social phrase
    -3.000, // boilerplate (hand: GermEval +1.4, see above)
    0.000,  // exclamation
    -0.050, // very short
    0.700,  // length
];

pub fn for_lang(lang: &str) -> (f32, &'static [f32; N_FEATURES]) {
    if lang == "de" {
        (DE_BIAS, &DE)
    } else {
        (EN_BIAS, &EN)
    }
}

/// Built-in probability above which a sentence counts as check-worthy: the
/// F1-best cut on each language's training split.
pub fn threshold(lang: &str) -> f32 {
    if lang == "de" {
        0.30
    } else {
        0.32
    }
}
