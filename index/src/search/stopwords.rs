//! Stopword lists (dropped from claim queries) and month names (dates in claims).

/// English function words.
#[rustfmt::skip]
pub const EN_STOP: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an", "and", "any",
    "are", "as", "at", "be", "because", "been", "before", "being", "below", "between", "both",
    "but", "by", "can", "could", "did", "do", "does", "doing", "down", "during", "each", "few",
    "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its",
    "itself", "just", "may", "me", "might", "more", "most", "must", "my", "myself", "no", "nor",
    "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves",
    "out", "over", "own", "s", "said", "same", "she", "should", "so", "some", "such", "t",
    "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these",
    "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was",
    "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will",
    "with", "would", "you", "your", "yours", "yourself", "yourselves",
];

/// German function words.
#[rustfmt::skip]
pub const DE_STOP: &[&str] = &[
    "aber", "alle", "allem", "allen", "aller", "alles", "als", "also", "am", "an", "ander",
    "andere", "anderem", "anderen", "anderer", "anderes", "auch", "auf", "aus", "bei", "bin",
    "bis", "bist", "da", "damit", "dann", "das", "dass", "daß", "dem", "den", "denn", "der",
    "des", "dessen", "die", "dies", "diese", "diesem", "diesen", "dieser", "dieses", "doch",
    "dort", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es",
    "etwa", "euch", "für", "gegen", "habe", "haben", "hat", "hatte", "hätte", "ich", "ihm",
    "ihn", "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "im", "in", "ist", "jede",
    "jedem", "jeden", "jeder", "jedes", "jetzt", "kann", "kein", "keine", "man", "mit", "muss",
    "nach", "nicht", "noch", "nun", "nur", "ob", "oder", "ohne", "sehr", "sei", "sein", "seine",
    "seinem", "seinen", "seiner", "seit", "sich", "sie", "sind", "so", "soll", "sollen", "über",
    "um", "und", "uns", "unser", "unter", "vom", "von", "vor", "war", "waren", "was", "weil",
    "welche", "wenn", "werden", "wie", "wieder", "will", "wir", "wird", "wo", "wurde", "wurden",
    "zu", "zum", "zur", "zwischen",
];

/// German and English month names and abbreviations, lowercased.
#[rustfmt::skip]
pub const MONTHS: &[&str] = &[
    "januar", "jan", "january", "februar", "feb", "february", "märz", "mär", "mrz", "march",
    "mar", "april", "apr", "mai", "may", "juni", "jun", "june", "juli", "jul", "july", "august",
    "aug", "september", "sep", "sept", "oktober", "okt", "october", "oct", "november", "nov",
    "dezember", "dez", "december", "dec",
];
