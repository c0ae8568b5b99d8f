//! The light a scanned image was taken under (white, near infrared, ultraviolet, coaxial)
//! and how a scanner's source name maps to it; the name the capture manifest and reports use.

use serde::{Deserialize, Serialize};

/// The light an image was taken under.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Light {
    /// Visible white light: what a flatbed scanner takes.
    White,
    /// Near infrared (about 900 nm, ICAO 9303-3's B900 band), where the MRZ must stay dark.
    Ir,
    /// Ultraviolet (UV-A, 365 nm), where the substrate must stay dull.
    Uv,
    /// Coaxial (retro-reflective) light, for laminate security features.
    Coaxial,
}

impl Light {
    /// The light a scanner source name stands for: a source called "Infrared", "IR" or
    /// "NIR" gives [`Light::Ir`], "Ultraviolet" or "UV" gives [`Light::Uv`], "coaxial" gives
    /// [`Light::Coaxial`], anything else (Flatbed, ADF, …) [`Light::White`].
    pub fn from_source_name(source: &str) -> Light {
        let lower = source.to_ascii_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let has = |names: &[&str]| words.iter().any(|w| names.contains(w));
        if lower.contains("infrared") || has(&["ir", "nir"]) {
            Light::Ir
        } else if lower.contains("ultraviolet") || has(&["uv", "uva"]) {
            Light::Uv
        } else if lower.contains("coaxial") {
            Light::Coaxial
        } else {
            Light::White
        }
    }

    /// The name the manifest uses.
    pub fn as_str(self) -> &'static str {
        match self {
            Light::White => "white",
            Light::Ir => "ir",
            Light::Uv => "uv",
            Light::Coaxial => "coaxial",
        }
    }
}
