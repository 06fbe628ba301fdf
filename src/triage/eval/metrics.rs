//! Ranking and classification metrics for the check-worthy class.

use std::collections::BTreeMap;

/// Precision, recall and F1 of the positive class; 0 where undefined.
pub fn precision_recall_f1(predicted: &[bool], labels: &[bool]) -> (f64, f64, f64) {
    let mut tp = 0.0;
    let mut fp = 0.0;
    let mut fn_ = 0.0;
    for (p, y) in predicted.iter().zip(labels) {
        match (p, y) {
            (true, true) => tp += 1.0,
            (true, false) => fp += 1.0,
            (false, true) => fn_ += 1.0,
            (false, false) => {}
        }
    }
    let precision = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
    let recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

/// Average precision of a ranking by descending score: the mean over the
/// positives of the precision at each positive's rank (as in the CheckThat!
/// scorer). Ties keep input order. 0 when there are no positives.
pub fn average_precision(scores: &[f32], labels: &[bool]) -> f64 {
    let mut order: Vec<usize> = (0..scores.len().min(labels.len())).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]));
    let mut hits = 0.0;
    let mut sum = 0.0;
    for (rank, &i) in order.iter().enumerate() {
        if labels[i] {
            hits += 1.0;
            sum += hits / (rank + 1) as f64;
        }
    }
    if hits > 0.0 {
        sum / hits
    } else {
        0.0
    }
}

/// CLEF CheckThat! MAP: average precision per group (debate), then the mean
/// over groups. Groups without a check-worthy sentence have no defined AP
/// and are left out.
pub fn mean_average_precision(scores: &[f32], labels: &[bool], groups: &[String]) -> f64 {
    let mut by_group: BTreeMap<&str, (Vec<f32>, Vec<bool>)> = BTreeMap::new();
    for ((s, y), g) in scores.iter().zip(labels).zip(groups) {
        let e = by_group.entry(g.as_str()).or_default();
        e.0.push(*s);
        e.1.push(*y);
    }
    let aps: Vec<f64> = by_group
        .values()
        .filter(|(_, y)| y.iter().any(|v| *v))
        .map(|(s, y)| average_precision(s, y))
        .collect();
    if aps.is_empty() {
        0.0
    } else {
        aps.iter().sum::<f64>() / aps.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn prf_by_hand() {
        // tp=2, fp=1, fn=1
        let (p, r, f) = precision_recall_f1(
            &[true, true, true, false, false],
            &[true, true, false, true, false],
        );
        assert!(close(p, 2.0 / 3.0) && close(r, 2.0 / 3.0) && close(f, 2.0 / 3.0));
        assert_eq!(
            precision_recall_f1(&[false, false], &[false, false]),
            (0.0, 0.0, 0.0)
        );
    }

    #[test]
    fn ap_by_hand() {
        // Ranking: + - + -  -> (1/1 + 2/3) / 2
        let ap = average_precision(&[0.9, 0.8, 0.7, 0.1], &[true, false, true, false]);
        assert!(close(ap, (1.0 + 2.0 / 3.0) / 2.0), "{ap}");
        assert!(close(average_precision(&[0.5, 0.4], &[false, false]), 0.0));
        // Order in the input does not matter, only scores.
        let ap2 = average_precision(&[0.1, 0.7, 0.8, 0.9], &[false, true, false, true]);
        assert!(close(ap2, ap));
    }

    #[test]
    fn map_by_hand() {
        let scores = [0.9, 0.1, 0.8, 0.2, 0.3, 0.5];
        let labels = [true, false, false, true, false, false];
        let groups: Vec<String> = ["a", "a", "b", "b", "c", "c"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        // a: AP 1; b: positive at rank 2 -> 0.5; c: no positive, left out.
        let map = mean_average_precision(&scores, &labels, &groups);
        assert!(close(map, 0.75), "{map}");
    }
}
