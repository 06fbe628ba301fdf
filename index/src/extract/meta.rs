//! Document metadata as found in files, before sanitising.

use crate::source::Lang;

/// Metadata an extractor found; all optional, all raw (sanitised later).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Meta {
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub author: Option<String>,
    pub url: Option<String>,
    /// Any date format [`normalize_date`] understands.
    pub date: Option<String>,
    /// Language stated by the file; trusted over detection.
    pub lang: Option<Lang>,
}

impl Meta {
    /// Fills the fields that are still empty from `other`.
    pub fn fill_from(&mut self, other: Meta) {
        self.title = self.title.take().or(other.title);
        self.publisher = self.publisher.take().or(other.publisher);
        self.author = self.author.take().or(other.author);
        self.url = self.url.take().or(other.url);
        self.date = self.date.take().or(other.date);
        self.lang = self.lang.or(other.lang);
    }

    /// Sets a field from a `key: value` pair of front matter or a meta tag; unknown keys are
    /// ignored. Earlier values win, so callers feed the preferred source first.
    pub fn set(&mut self, key: &str, value: &str) {
        let value = value.trim();
        if value.is_empty() {
            return;
        }
        let slot = match key.trim().to_ascii_lowercase().as_str() {
            "title" => &mut self.title,
            "publisher" | "site" | "site_name" | "source_name" | "outlet" => &mut self.publisher,
            "author" | "authors" | "by" => &mut self.author,
            "url" | "source" | "link" | "canonical" => &mut self.url,
            "date" | "published" | "published_at" | "pubdate" => &mut self.date,
            "language" | "lang" => {
                if self.lang.is_none() {
                    self.lang = lang_from_tag(value);
                }
                return;
            }
            _ => return,
        };
        if slot.is_none() {
            *slot = Some(value.to_owned());
        }
    }
}

/// `de`, `de-DE`, `en_US`, `German` -> a language; anything else is `None` so detection runs.
pub fn lang_from_tag(tag: &str) -> Option<Lang> {
    let primary = tag.trim().split(['-', '_']).next().unwrap_or("");
    match Lang::from_code(primary) {
        Lang::Other if primary.is_empty() => None,
        l => Some(l),
    }
}

/// Normalises a date to `YYYY-MM-DD`. Understands ISO dates and timestamps
/// (`2024-03-05`, `2024-03-05T10:00:00+01:00`), `2024/03/05`, German `5.3.2024`, and dates
/// with English or German month names (`5 March 2024`, `5. März 2024`, `March 5, 2024`).
/// Only days that exist: `2023-02-30` is `None`.
pub fn normalize_date(s: &str) -> Option<String> {
    check_date(s).ok()
}

/// [`normalize_date`], or why `s` is not a date, in words that follow `--date "…": `.
pub fn check_date(s: &str) -> Result<String, String> {
    let (y, m, d) = date_parts(s).ok_or_else(|| "use YYYY-MM-DD".to_owned())?;
    if !(1000..=9999).contains(&y) || !(1..=12).contains(&m) || d == 0 {
        return Err("use YYYY-MM-DD".to_owned());
    }
    let last = crate::search::dates::days_in_month(i64::from(y), m);
    if d > last {
        return Err(format!(
            "there is no such day ({} {y} has {last} days); use YYYY-MM-DD",
            MONTH_NAMES[m as usize - 1]
        ));
    }
    Ok(format!("{y:04}-{m:02}-{d:02}"))
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Year, month and day as written, not yet checked against the calendar.
fn date_parts(s: &str) -> Option<(u32, u32, u32)> {
    let s = s.trim();
    let nums: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(3)
        .collect();
    let num = |p: &str| p.parse::<u32>().ok();
    if let Some(m) = month_by_name(s) {
        let year = nums.iter().find(|n| n.len() == 4)?;
        let day = nums.iter().find(|n| n.len() <= 2)?;
        return Some((num(year)?, m, num(day)?));
    }
    if nums.len() < 3 {
        return None;
    }
    if nums[0].len() == 4 && s.starts_with(nums[0]) {
        Some((num(nums[0])?, num(nums[1])?, num(nums[2])?))
    } else if nums[2].len() == 4 && s.contains('.') {
        Some((num(nums[2])?, num(nums[1])?, num(nums[0])?))
    } else {
        None
    }
}

/// The month named in `s` (English or German, full or abbreviated), if exactly one word
/// looks like a month.
fn month_by_name(s: &str) -> Option<u32> {
    const MONTHS: [&[&str]; 12] = [
        &["jan", "januar", "january", "jänner"],
        &["feb", "februar", "february"],
        &["mar", "mär", "märz", "march", "maerz"],
        &["apr", "april"],
        &["may", "mai"],
        &["jun", "juni", "june"],
        &["jul", "juli", "july"],
        &["aug", "august"],
        &["sep", "sept", "september"],
        &["oct", "okt", "oktober", "october"],
        &["nov", "november"],
        &["dec", "dez", "dezember", "december"],
    ];
    let mut found = None;
    for word in s
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_lowercase();
        if let Some(i) = MONTHS.iter().position(|names| names.contains(&w.as_str())) {
            if found.is_some() {
                return None;
            }
            found = Some(i as u32 + 1);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(normalize_date("2024-03-05").as_deref(), Some("2024-03-05"));
        assert_eq!(
            normalize_date("2024-03-05T10:00:00+01:00").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(normalize_date("2024/3/5").as_deref(), Some("2024-03-05"));
        assert_eq!(normalize_date("5.3.2024").as_deref(), Some("2024-03-05"));
        assert_eq!(normalize_date("yesterday"), None);
        for not_a_day in [
            "2023-02-30",
            "2023-02-29",
            "2023-04-31",
            "31.6.2024",
            "30 Feb 2024",
        ] {
            assert_eq!(normalize_date(not_a_day), None, "{not_a_day}");
        }
        assert_eq!(normalize_date("2024-02-29").as_deref(), Some("2024-02-29"));
        assert_eq!(
            check_date("2023-02-30").unwrap_err(),
            "there is no such day (February 2023 has 28 days); use YYYY-MM-DD"
        );
        assert_eq!(check_date("2023-13-01").unwrap_err(), "use YYYY-MM-DD");
        assert_eq!(normalize_date("17 Oct 2023").as_deref(), Some("2023-10-17"));
        assert_eq!(
            normalize_date("5. März 2024").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            normalize_date("March 5, 2024").as_deref(),
            Some("2024-03-05")
        );
        assert_eq!(
            normalize_date("Tue, 17 Oct 2023 08:00:00 GMT").as_deref(),
            Some("2023-10-17")
        );
        assert_eq!(normalize_date("2024-13-01"), None);
    }

    #[test]
    fn language_tags() {
        assert_eq!(lang_from_tag("de-DE"), Some(Lang::De));
        assert_eq!(lang_from_tag("en_US"), Some(Lang::En));
        assert_eq!(lang_from_tag("fr"), Some(Lang::Other));
        assert_eq!(lang_from_tag(""), None);
    }
}
