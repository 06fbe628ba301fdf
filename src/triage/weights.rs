//! Weights of the built-in features, one vector per language, in the order
//! of `features::ALL`. Fitted by `examples/cw_fit_builtin.rs` (a logistic
//! regression over the built-in features only) on the tune parts of the public
//! training splits (bench/splits; the dev parts never), then adjusted by hand
//! where the training text is unlike news:
//! - English from ClaimBuster (debates); boilerplate and exclamations hardly
//!   occur there, so their weights are set by hand.
//! - German from GermEval 2021 (Facebook comments), where "Quelle:" marks a
//!   comment that cites a source and attribution or number words are rare;
//!   for news those weights follow the English fit instead.

use super::context::N_CONTEXT;
use super::features::N_FEATURES;

pub const EN_BIAS: f32 = -3.333;
pub const EN: [f32; N_FEATURES] = [
    1.726,  // number
    1.461,  // quantity
    0.639,  // date (counts up to two dates)
    0.802,  // attributed statement
    0.656,  // named person
    0.610,  // named entity
    0.831,  // comparison
    0.413,  // superlative
    0.358,  // causal claim
    1.051,  // change or trend
    -0.381, // direct quote
    0.446,  // cites a source
    0.803,  // past tense
    -1.073, // question
    -1.193, // opinion
    -1.029, // future or modal
    -0.719, // first person
    0.005,  // first person plural
    -0.554, // addresses someone
    -0.403, // social phrase
    -3.000, // boilerplate (hand)
    -0.300, // exclamation (hand)
    -0.074, // very short
    0.491,  // length
    0.171,  // institution acted
    0.442,  // comparison with a reference
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
    0.800, // institution acted (hand: the causal claims about institutions news checks; GermEval 0.40)
    0.500, // comparison with a reference (hand; GermEval comments -0.44, news checks these)
];

/// Built-in weights of the context features (`context::CONTEXT` order), both languages:
/// only the first third of a text counts, by hand. In news the claims a desk checks sit
/// towards the top (../shared/design/MODELS.md: position was about as strong as any model),
/// and in the CheckThat! tuning debates the first fifth holds 3.9 % check-worthy sentences
/// against 1.3 % in the last fifth.
pub const CONTEXT: [f32; N_CONTEXT] = [0.0, 0.0, 0.300, 0.0, 0.0, 0.0, 0.0, 0.0];

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
        0.33
    }
}
