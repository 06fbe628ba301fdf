//! Where a sentence stands in its text: its position in the article or debate, how
//! check-worthy its neighbours look, and, where the text names speakers, how much of it the
//! speaker holds and how long their turn is. A sentence scored on its own has all of these
//! at zero.

use std::collections::HashMap;

/// One sentence of a document (an article, a debate) as the scorer sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sentence<'a> {
    pub text: &'a str,
    /// Who says it, where the text names speakers (debates); `None` in articles.
    pub speaker: Option<&'a str>,
}

impl<'a> Sentence<'a> {
    pub fn new(text: &'a str) -> Self {
        Sentence {
            text,
            speaker: None,
        }
    }
}

pub const N_CONTEXT: usize = 8;

/// The context features, in order, as (name, reading when above the usual, reading when
/// below). The readings are the reasons a fact-checker sees.
pub const CONTEXT: [(&str, &str, &str); N_CONTEXT] = [
    (
        "in a text",
        "part of a longer text",
        "a sentence on its own",
    ),
    ("position", "late in the text", "early in the text"),
    (
        "first third",
        "in the first third of the text",
        "after the first third of the text",
    ),
    (
        "previous sentence",
        "follows a check-worthy sentence",
        "follows a sentence with little to check",
    ),
    (
        "next sentence",
        "precedes a check-worthy sentence",
        "precedes a sentence with little to check",
    ),
    ("speaker share", "a main speaker", "a minor speaker"),
    ("turn length", "a long turn", "a short turn"),
    (
        "turn start",
        "the first sentence of a turn",
        "inside a speaker's turn",
    ),
];

pub const IN_TEXT: usize = 0;
pub const POSITION: usize = 1;
pub const FIRST_THIRD: usize = 2;

/// Names of the context features as saved in model files ("context: position").
pub fn names() -> impl Iterator<Item = String> {
    CONTEXT.iter().map(|(n, _, _)| format!("context: {n}"))
}

/// The context features of every sentence of `doc`; `builtin_prob[i]` is the built-in
/// check-worthiness of sentence `i` (what "a check-worthy neighbour" means).
pub fn features(doc: &[Sentence], builtin_prob: &[f32]) -> Vec<[f32; N_CONTEXT]> {
    let n = doc.len();
    if n < 2 {
        return vec![[0.0; N_CONTEXT]; n];
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for who in doc.iter().filter_map(|s| s.speaker) {
        *counts.entry(who).or_default() += 1;
    }
    let spoken: usize = counts.values().sum();
    let turns = turns(doc);
    let prob = |i: usize| builtin_prob.get(i).copied().unwrap_or(0.0);
    (0..n)
        .map(|i| {
            let mut f = [0.0f32; N_CONTEXT];
            f[IN_TEXT] = 1.0;
            f[POSITION] = i as f32 / (n - 1) as f32;
            f[FIRST_THIRD] = if i * 3 < n { 1.0 } else { 0.0 };
            f[3] = if i > 0 { prob(i - 1) } else { 0.0 };
            f[4] = prob(i + 1);
            if let Some(who) = doc[i].speaker {
                f[5] = counts[who] as f32 / spoken as f32;
                let (len, at) = turns[i];
                f[6] = (1.0 + len as f32).ln();
                f[7] = if at == 0 { 1.0 } else { 0.0 };
            }
            f
        })
        .collect()
}

/// (contribution, reason) of the context features that moved the score noticeably:
/// `moved[j]` is feature j's contribution to the logit, `values[j]` (standardised, or raw
/// where the weights are set by hand) says which reading applies.
pub fn reasons(values: &[f32; N_CONTEXT], moved: &[f32; N_CONTEXT]) -> Vec<(f32, String)> {
    (0..N_CONTEXT)
        .filter(|&j| j != IN_TEXT && moved[j].abs() > 0.1 && values[j] != 0.0)
        .map(|j| {
            let (_, high, low) = CONTEXT[j];
            (
                moved[j],
                if values[j] > 0.0 { high } else { low }.to_string(),
            )
        })
        .collect()
}

/// (length of the speaker's turn, index within it) of each sentence: a turn is a run of
/// sentences by the same named speaker; a sentence without a speaker is a turn of its own.
fn turns(doc: &[Sentence]) -> Vec<(usize, usize)> {
    let mut out = Vec::with_capacity(doc.len());
    let mut start = 0;
    while start < doc.len() {
        let who = doc[start].speaker;
        let len = match who {
            Some(_) => doc[start..].iter().take_while(|s| s.speaker == who).count(),
            None => 1,
        };
        out.extend((0..len).map(|k| (len, k)));
        start += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_neighbours_and_turns() {
        let doc = [
            Sentence {
                text: "a",
                speaker: Some("HOST"),
            },
            Sentence {
                text: "b",
                speaker: Some("X"),
            },
            Sentence {
                text: "c",
                speaker: Some("X"),
            },
            Sentence {
                text: "d",
                speaker: Some("X"),
            },
        ];
        let f = features(&doc, &[0.1, 0.2, 0.9, 0.4]);
        assert_eq!(f[0][POSITION], 0.0);
        assert_eq!(f[3][POSITION], 1.0);
        assert_eq!(f[1][FIRST_THIRD], 1.0);
        assert_eq!(f[2][FIRST_THIRD], 0.0);
        assert_eq!((f[1][3], f[1][4]), (0.1, 0.9));
        assert_eq!(
            (f[0][3], f[3][4]),
            (0.0, 0.0),
            "no neighbour outside the text"
        );
        assert_eq!((f[0][5], f[2][5]), (0.25, 0.75));
        assert!((f[2][6] - 4f32.ln()).abs() < 1e-6 && f[0][6] == 2f32.ln());
        assert_eq!((f[1][7], f[2][7]), (1.0, 0.0));
        // Articles name no speakers: no speaker features.
        let art = [Sentence::new("a"), Sentence::new("b"), Sentence::new("c")];
        assert!(features(&art, &[0.5; 3]).iter().all(|f| f[5..] == [0.0; 3]));
        // A sentence on its own has no context at all.
        assert_eq!(
            features(&[Sentence::new("a")], &[0.5]),
            vec![[0.0; N_CONTEXT]]
        );
    }
}
