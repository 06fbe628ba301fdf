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
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim();
    let nums: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .take(3)
        .collect();
    let named = month_by_name(s);
    let (y, m, d) = if let Some(m) = named {
        let year = nums.iter().find(|n| n.len() == 4)?;
        let day = nums.iter().find(|n| n.len() <= 2)?;
        (year.parse().ok()?, m, day.parse().ok()?)
    } else if nums.len() < 3 {
        return None;
    } else if nums[0].len() == 4 && s.starts_with(nums[0]) {
        (
            nums[0].parse().ok()?,
            nums[1].parse().ok()?,
            nums[2].parse().ok()?,
        )
    } else if nums[2].len() == 4 && s.contains('.') {
        (
            nums[2].parse().ok()?,
            nums[1].parse().ok()?,
            nums[0].parse().ok()?,
        )
    } else {
        return None;
    };
    let (y, m, d): (u32, u32, u32) = (y, m, d);
    let valid = (1000..=9999).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d);
    valid.then(|| format!("{y:04}-{m:02}-{d:02}"))
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
