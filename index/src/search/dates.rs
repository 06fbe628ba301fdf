//! Calendar dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) as tantivy dates at midnight UTC.

use tantivy::DateTime;

const SECS_PER_DAY: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

/// Days in month `m` (1-12) of year `y`, leap years counted.
pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A period named by a (partial) date: first and last day, as days since the epoch.
pub fn parse_period(text: &str) -> Option<(i64, i64)> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let num = |s: &str, len: usize| -> Option<i64> {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let y = num(parts.first()?, 4)?;
    match parts.len() {
        1 => Some((days_from_civil(y, 1, 1), days_from_civil(y, 12, 31))),
        2 | 3 => {
            let m = u32::try_from(num(parts[1], 2)?)
                .ok()
                .filter(|m| (1..=12).contains(m))?;
            if parts.len() == 2 {
                return Some((
                    days_from_civil(y, m, 1),
                    days_from_civil(y, m, days_in_month(y, m)),
                ));
            }
            let d = u32::try_from(num(parts[2], 2)?).ok()?;
            (1..=days_in_month(y, m)).contains(&d).then(|| {
                let day = days_from_civil(y, m, d);
                (day, day)
            })
        }
        _ => None,
    }
}

/// A day as a tantivy date.
pub fn day_to_datetime(day: i64) -> DateTime {
    DateTime::from_timestamp_secs(day * SECS_PER_DAY)
}

/// A day in the RFC 3339 form the query grammar accepts.
pub fn day_to_rfc3339(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}T00:00:00Z")
}

/// The `YYYY-MM-DD` form of a stored date.
pub fn datetime_to_ymd(date: DateTime) -> String {
    let day = date.into_timestamp_secs().div_euclid(SECS_PER_DAY);
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods() {
        let (a, b) = parse_period("2023-10-17").unwrap();
        assert_eq!(a, b);
        assert_eq!(datetime_to_ymd(day_to_datetime(a)), "2023-10-17");
        let (a, b) = parse_period("2024-02").unwrap();
        assert_eq!(b - a, 28);
        let (a, b) = parse_period("2023").unwrap();
        assert_eq!(day_to_rfc3339(a), "2023-01-01T00:00:00Z");
        assert_eq!(day_to_rfc3339(b), "2023-12-31T00:00:00Z");
        assert_eq!(parse_period("1970-01-01"), Some((0, 0)));
        for bad in ["2023-13", "2023-02-30", "23", "2023/01/01", "", "x"] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }
}
