//! Rating scales: the presets fact-checking desks publish with, and custom scales.

use serde::{Deserialize, Serialize};

/// How a rating reads, independent of its wording: drives the colour of claim marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    True,
    Mixed,
    False,
    Unproven,
    #[default]
    Other,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rating {
    pub label: String,
    /// Position on the scale when the scale is ordinal (ClaimReview `ratingValue`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<i32>,
    #[serde(default)]
    pub tone: Tone,
}

/// A rating scale. `ratings` is empty for a written-conclusion scale (Full Fact style), where a
/// verdict's rating is free text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub best: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub worst: Option<i32>,
    #[serde(default)]
    pub ratings: Vec<Rating>,
}

pub const PRESETS: &[&str] = &["politifact", "snopes", "correctiv", "dpa", "fullfact"];

fn r(label: &str, value: Option<i32>, tone: Tone) -> Rating {
    Rating {
        label: label.to_string(),
        value,
        tone,
    }
}

impl Scale {
    pub fn preset(name: &str) -> Option<Scale> {
        use Tone::*;
        let (best, worst, ratings) = match name {
            "politifact" => (
                Some(6),
                Some(1),
                vec![
                    r("True", Some(6), True),
                    r("Mostly True", Some(5), True),
                    r("Half True", Some(4), Mixed),
                    r("Mostly False", Some(3), False),
                    r("False", Some(2), False),
                    r("Pants on Fire", Some(1), False),
                ],
            ),
            "snopes" => (
                Some(5),
                Some(1),
                vec![
                    r("True", Some(5), True),
                    r("Mostly True", Some(4), True),
                    r("Mixture", Some(3), Mixed),
                    r("Mostly False", Some(2), False),
                    r("False", Some(1), False),
                    r("Unproven", None, Unproven),
                    r("Unfounded", None, Unproven),
                    r("Outdated", None, Other),
                    r("Miscaptioned", None, Mixed),
                    r("Correct Attribution", None, True),
                    r("Misattributed", None, False),
                    r("Scam", None, False),
                    r("Legend", None, Other),
                    r("Labeled Satire", None, Other),
                ],
            ),
            "correctiv" => (
                Some(5),
                Some(1),
                vec![
                    r("Richtig", Some(5), True),
                    r("Größtenteils richtig", Some(4), True),
                    r("Unbelegt", None, Unproven),
                    r("Teilweise falsch", Some(3), Mixed),
                    r("Fehlender Kontext", None, Mixed),
                    r("Manipuliert", None, False),
                    r("Größtenteils falsch", Some(2), False),
                    r("Falsch", Some(1), False),
                ],
            ),
            "dpa" => (
                Some(4),
                Some(1),
                vec![
                    r("stimmt", Some(4), True),
                    r("stimmt überwiegend", Some(3), True),
                    r("stimmt überwiegend nicht", Some(2), False),
                    r("stimmt nicht", Some(1), False),
                ],
            ),
            "fullfact" => (None, None, vec![]),
            _ => return None,
        };
        Some(Scale {
            name: name.to_string(),
            best,
            worst,
            ratings,
        })
    }

    /// A scale with no labels: the verdict is a written conclusion.
    pub fn is_free_text(&self) -> bool {
        self.ratings.is_empty()
    }

    /// Find a rating by its label, ignoring case and surrounding space.
    pub fn find(&self, label: &str) -> Option<&Rating> {
        let want = label.trim().to_lowercase();
        self.ratings.iter().find(|r| r.label.to_lowercase() == want)
    }

    /// Why `label` cannot be a rating on this scale (a hand-edited claim file, or one merged
    /// from a project with another scale); `None` when it can, or when it is empty.
    pub fn off_scale(&self, label: &str) -> Option<String> {
        if self.is_free_text() || label.trim().is_empty() || self.find(label).is_some() {
            return None;
        }
        Some(format!(
            "rating {:?} is not on the {} scale ({})",
            label.trim(),
            self.name,
            self.labels().join(", ")
        ))
    }

    pub fn labels(&self) -> Vec<&str> {
        self.ratings.iter().map(|r| r.label.as_str()).collect()
    }

    /// Check a custom scale read from a manifest; returns a message naming the problem.
    pub fn validate(&self) -> Result<(), String> {
        let mut seen = std::collections::HashSet::new();
        for r in &self.ratings {
            if r.label.trim().is_empty() {
                return Err("a rating has an empty label".into());
            }
            if !seen.insert(r.label.to_lowercase()) {
                return Err(format!("rating {:?} appears twice", r.label));
            }
            if let (Some(v), Some(b), Some(w)) = (r.value, self.best, self.worst) {
                let (lo, hi) = if b >= w { (w, b) } else { (b, w) };
                if v < lo || v > hi {
                    return Err(format!(
                        "rating {:?} has value {v} outside worst {w} .. best {b}",
                        r.label
                    ));
                }
            }
        }
        if self.ratings.iter().any(|r| r.value.is_some())
            && (self.best.is_none() || self.worst.is_none())
        {
            return Err("numeric ratings need `best` and `worst` bounds".into());
        }
        Ok(())
    }

    /// The tone a verdict with this rating label shows in, `Other` for unknown or free text.
    pub fn tone_of(&self, label: &str) -> Tone {
        self.find(label).map(|r| r.tone).unwrap_or(Tone::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_is_valid() {
        for name in PRESETS {
            let s = Scale::preset(name).unwrap();
            s.validate().unwrap();
        }
        assert!(Scale::preset("fullfact").unwrap().is_free_text());
        assert_eq!(Scale::preset("politifact").unwrap().ratings.len(), 6);
        assert_eq!(Scale::preset("correctiv").unwrap().ratings.len(), 8);
        assert_eq!(Scale::preset("dpa").unwrap().ratings.len(), 4);
    }

    #[test]
    fn find_ignores_case() {
        let s = Scale::preset("correctiv").unwrap();
        assert_eq!(s.find("größtenteils FALSCH").unwrap().value, Some(2));
        assert!(s.find("maybe").is_none());
    }

    #[test]
    fn validate_names_the_problem() {
        let mut s = Scale::preset("dpa").unwrap();
        s.ratings[0].value = Some(9);
        assert!(s.validate().unwrap_err().contains("stimmt"));
    }
}
