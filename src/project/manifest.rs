//! `factdesk.toml`: what a project is, which scale it rates on and who publishes it.

use serde::{Deserialize, Serialize};

use super::scale::Scale;

pub const MANIFEST_FILE: &str = "factdesk.toml";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Organisation {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub url: String,
}

/// How the manifest names its scale: a preset by name, or a custom scale spelled out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScaleSpec {
    Preset { preset: String },
    Custom(Scale),
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct TriageSettings {
    /// Candidates scoring below this are hidden from the claim list by default.
    #[serde(default)]
    pub threshold: f32,
}

/// How the project takes part in the desk's verdict library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LibrarySettings {
    /// Whether this project's verdicts are filed into the library (earlier verdicts are
    /// shown either way). The demo project sets it to false, so trying the demo out leaves
    /// nothing in a desk's real library.
    #[serde(default = "yes")]
    pub file: bool,
}

fn yes() -> bool {
    true
}

impl Default for LibrarySettings {
    fn default() -> Self {
        LibrarySettings { file: true }
    }
}

impl LibrarySettings {
    fn is_default(&self) -> bool {
        *self == LibrarySettings::default()
    }
}

/// How verdicts are signed off. With `two_person`, only a second person's
/// `factdesk review approve` moves a claim to done (the four-eyes rule of agency desks).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ReviewSettings {
    #[serde(default)]
    pub two_person: bool,
}

impl ReviewSettings {
    fn is_default(&self) -> bool {
        *self == ReviewSettings::default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub name: String,
    /// Default language of articles and sources: `de` or `en`.
    pub language: String,
    /// The workstation's theme for this project, unless `--theme` or the user's config.toml
    /// names one (a personal choice wins: the project's may not suit their terminal).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theme: Option<String>,
    #[serde(default)]
    pub organisation: Organisation,
    pub scale: ScaleSpec,
    #[serde(default)]
    pub triage: TriageSettings,
    #[serde(default, skip_serializing_if = "LibrarySettings::is_default")]
    pub library: LibrarySettings,
    #[serde(default, skip_serializing_if = "ReviewSettings::is_default")]
    pub review: ReviewSettings,
}

impl Manifest {
    pub fn new(name: &str, language: &str, scale_preset: &str) -> Manifest {
        Manifest {
            format: FORMAT_VERSION,
            name: name.to_string(),
            language: language.to_string(),
            theme: None,
            organisation: Organisation::default(),
            scale: ScaleSpec::Preset {
                preset: scale_preset.to_string(),
            },
            triage: TriageSettings::default(),
            library: LibrarySettings::default(),
            review: ReviewSettings::default(),
        }
    }

    /// Parse and check a manifest; errors are one line without the file name (callers add it).
    pub fn parse(text: &str) -> Result<Manifest, String> {
        // Read the version first so a newer format is reported as such rather than as
        // whatever field it happens to have changed.
        #[derive(Deserialize)]
        struct VersionOnly {
            format: Option<u32>,
        }
        let v: VersionOnly = toml::from_str(text).map_err(|e| toml_error(&e, text))?;
        match v.format {
            None => return Err("no `format` version".into()),
            Some(f) if f > FORMAT_VERSION => {
                return Err(format!(
                    "format version {f} is newer than this factdesk understands ({FORMAT_VERSION}); upgrade factdesk"
                ))
            }
            Some(0) => return Err("format version 0 is not valid".into()),
            Some(_) => {}
        }
        let m: Manifest = toml::from_str(text).map_err(|e| toml_error(&e, text))?;
        m.scale()?.validate()?;
        Ok(m)
    }

    pub fn to_toml(&self) -> String {
        toml::to_string_pretty(self).expect("manifest serialises")
    }

    pub fn scale(&self) -> Result<Scale, String> {
        match &self.scale {
            ScaleSpec::Preset { preset } => Scale::preset(preset).ok_or_else(|| {
                format!(
                    "unknown rating scale preset {preset:?} (known: {})",
                    super::scale::PRESETS.join(", ")
                )
            }),
            ScaleSpec::Custom(s) => Ok(s.clone()),
        }
    }
}

/// A TOML error as one line, led by its line number in `text`.
pub fn toml_error(e: &toml::de::Error, text: &str) -> String {
    let msg = e.message().trim().replace('\n', " ");
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {msg}")
        }
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let m = Manifest::new("Demo", "de", "correctiv");
        assert_eq!(Manifest::parse(&m.to_toml()).unwrap(), m);
    }

    #[test]
    fn newer_format_is_named() {
        let err = Manifest::parse("format = 7\nname='x'\nlanguage='de'\n[scale]\npreset='dpa'\n")
            .unwrap_err();
        assert!(err.contains("newer"), "{err}");
    }

    #[test]
    fn custom_scale() {
        let text = r#"
format = 1
name = "x"
language = "en"
[scale]
name = "traffic light"
best = 3
worst = 1
[[scale.ratings]]
label = "Green"
value = 3
tone = "true"
[[scale.ratings]]
label = "Red"
value = 1
tone = "false"
"#;
        let m = Manifest::parse(text).unwrap();
        assert_eq!(m.scale().unwrap().labels(), vec!["Green", "Red"]);
    }
}
