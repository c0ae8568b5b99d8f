//! Where a verification's optical MRZ comes from — typed by the clerk, sent by a serial MRZ
//! reader, or read from a scanned image — and, for an image read, how sure the read is:
//! what the MRZ rules weigh and what the report tells staff.

use super::scan_reads::{ScanRead, scan_with_mrz};
use crate::optical::{Light, OpticalMrz, Uncertain, UncertainReason};
use serde::Serialize;

/// Where an MRZ given as text came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MrzTextSource {
    /// Typed by the clerk (or given on the command line).
    #[default]
    Typed,
    /// Sent as text by a serial MRZ reader.
    SerialReader,
}

/// Where the optical MRZ came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OpticalSource {
    /// Typed by the clerk.
    Typed,
    /// Sent by a serial MRZ reader.
    SerialReader,
    /// Read from a scanned image by the optical layer.
    Image,
}

/// A read's confidence, 0 to 1 (the normalised correlation of the weakest character).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Confidence(pub f32);

// Confidences come from a minimum over finite scores and start at 1.0: never NaN.
impl Eq for Confidence {}

impl Serialize for Confidence {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64((f64::from(self.0) * 1000.0).round() / 1000.0)
    }
}

/// The report's account of the optical MRZ: its source and, for an image, which image and
/// how sure the read is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpticalMrzOrigin {
    /// `typed`, `serial_reader` or `image`.
    pub source: OpticalSource,
    /// For an image: the light it was taken under.
    pub light: Option<Light>,
    /// For an image: its page (or card side), from 1.
    pub page: Option<u32>,
    /// For an image: its SHA-256 (as in the report's `files`).
    pub image_sha256: Option<String>,
    /// For an image read: no uncertain position and every check digit passing.
    pub certain: Option<bool>,
    /// For an image read: the lowest confidence of any character.
    pub min_confidence: Option<Confidence>,
    /// For an image read: every position that stays open and why (lines and columns from 1).
    pub uncertain: Vec<Uncertain>,
    /// Images were given but no MRZ was read from them: why (e.g. `no MRZ found`).
    pub error: Option<String>,
}

impl OpticalMrzOrigin {
    fn text(source: MrzTextSource) -> Self {
        OpticalMrzOrigin {
            source: match source {
                MrzTextSource::Typed => OpticalSource::Typed,
                MrzTextSource::SerialReader => OpticalSource::SerialReader,
            },
            light: None,
            page: None,
            image_sha256: None,
            certain: None,
            min_confidence: None,
            uncertain: Vec::new(),
            error: None,
        }
    }

    fn image(scan: &ScanRead<'_>) -> Self {
        let mut origin = Self::text(MrzTextSource::Typed);
        origin.source = OpticalSource::Image;
        origin.light = Some(scan.image.light);
        origin.page = Some(scan.image.page);
        origin.image_sha256 = Some(scan.sha256.clone());
        match (&scan.grey, &scan.mrz) {
            (_, Some(Ok(read))) => {
                origin.certain = Some(read.is_certain());
                origin.min_confidence = Some(Confidence(read.min_confidence()));
                origin.uncertain = uncertain_positions(read);
            }
            (_, Some(Err(e))) | (Err(e), None) => origin.error = Some(e.clone()),
            (Ok(_), None) => origin.error = Some("no MRZ read under this light".into()),
        }
        origin
    }

    /// Whether this is an image read that is not certain: the MRZ rules then give no
    /// `passed` on its strength.
    pub fn is_uncertain_image_read(&self) -> bool {
        self.source == OpticalSource::Image && self.certain == Some(false)
    }

    /// Whether every open position is only a clearly read glyph whose check digit fails
    /// (the document printed so), not a glyph the reader could not decide.
    pub fn only_failing_check_digits(&self) -> bool {
        self.uncertain
            .iter()
            .all(|u| u.reason == UncertainReason::CheckDigitFails)
    }

    /// Whether (line, column), from 1, is an open position of the read.
    pub fn is_open(&self, line: usize, column: usize) -> bool {
        self.uncertain
            .iter()
            .any(|u| u.line == line && u.column == column)
    }

    /// The open positions in words, e.g. `line 1 column 12 (ambiguous_glyph)`.
    pub fn open_positions(&self) -> String {
        self.uncertain
            .iter()
            .map(|u| {
                let reason = serde_json::to_value(u.reason)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                format!("line {} column {} ({reason})", u.line, u.column)
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A short description for check evidence: `typed`, `image white page 1`…
    pub fn describe(&self) -> String {
        match (self.source, self.light, self.page) {
            (OpticalSource::Image, Some(light), Some(page)) => {
                format!("image {} page {page}", light.as_str())
            }
            (OpticalSource::Typed, ..) => "typed".into(),
            (OpticalSource::SerialReader, ..) => "serial_reader".into(),
            (OpticalSource::Image, ..) => "image".into(),
        }
    }
}

/// The read's open positions, each once (a position can be open for more than one reason;
/// the first is kept).
fn uncertain_positions(read: &OpticalMrz) -> Vec<Uncertain> {
    let mut out: Vec<Uncertain> = Vec::new();
    for u in &read.uncertain {
        if !out.iter().any(|o| o.line == u.line && o.column == u.column) {
            out.push(*u);
        }
    }
    out
}

/// The optical MRZ text and its origin: the text given (typed or from a serial reader),
/// else the white image's read, else the infrared image's. With images but no read, the
/// origin says why and there is no text.
pub(crate) fn choose(
    text: Option<&str>,
    text_source: MrzTextSource,
    scans: &[ScanRead<'_>],
) -> (Option<String>, Option<OpticalMrzOrigin>) {
    if let Some(text) = text {
        return (
            Some(text.to_string()),
            Some(OpticalMrzOrigin::text(text_source)),
        );
    }
    let read = [Light::White, Light::Ir]
        .into_iter()
        .filter_map(|light| scan_with_mrz(scans, light))
        .find(|s| matches!(s.mrz, Some(Ok(_))));
    if let Some(scan) = read {
        let text = match &scan.mrz {
            Some(Ok(m)) => Some(m.text()),
            _ => None,
        };
        return (text, Some(OpticalMrzOrigin::image(scan)));
    }
    let tried = [Light::White, Light::Ir]
        .into_iter()
        .find_map(|light| scan_with_mrz(scans, light));
    (None, tried.map(OpticalMrzOrigin::image))
}
