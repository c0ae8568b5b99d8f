//! Where a trust anchor (CSCA) came from: the master list that vouched for it (the list's
//! signer, its country, its signing time as the list's date of issue, the file or PKD entry
//! it was read from) or a certificate file configured directly. The trust store keeps one per
//! CSCA, the snapshot carries them, and passive authentication names the one behind the CSCA
//! that decided it, for the report and the verification record.

use super::check::format_time;
use serde::{Deserialize, Serialize};

/// The source of a CSCA in the trust store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AnchorSource {
    /// A CSCA master list (ICAO 9303-12 §9), verified through a configured master-list root.
    MasterList {
        /// The country of the list's signer (ISO 3166 alpha-2), if it names one.
        country: Option<String>,
        /// The master-list signer's subject.
        signer: String,
        /// The list's signing time (CMS signingTime, RFC 5652 §11.3), seconds since the Unix
        /// epoch: the date the issuing State issued the list. `None` when the list carries none.
        signed: Option<i64>,
        /// The file it was read from, as the caller named it.
        file: Option<String>,
        /// The PKD entry's DN, for a list imported from an LDIF file.
        entry: Option<String>,
    },
    /// A certificate (DER or PEM) configured as a CSCA directly.
    CertificateFile {
        /// The file it was read from, as the caller named it.
        file: Option<String>,
    },
}

impl AnchorSource {
    /// `master_list` or `certificate_file`.
    pub fn kind(&self) -> &'static str {
        match self {
            AnchorSource::MasterList { .. } => "master_list",
            AnchorSource::CertificateFile { .. } => "certificate_file",
        }
    }

    /// The file it was read from, if named.
    pub fn file(&self) -> Option<&str> {
        match self {
            AnchorSource::MasterList { file, .. } | AnchorSource::CertificateFile { file } => {
                file.as_deref()
            }
        }
    }

    /// Names the file it was read from, unless it is named already.
    pub fn set_file(&mut self, name: &str) {
        match self {
            AnchorSource::MasterList { file, .. } | AnchorSource::CertificateFile { file } => {
                file.get_or_insert_with(|| name.to_string());
            }
        }
    }

    /// The master list's date of issue (`YYYY-MM-DD`), when known.
    pub fn issue_date(&self) -> Option<String> {
        match self {
            AnchorSource::MasterList {
                signed: Some(t), ..
            } => format_time(*t).get(..10).map(str::to_string),
            _ => None,
        }
    }

    /// In words (English, as the report's evidence is): `master list of DE (signer CN=…),
    /// issued 2026-05-28, file DE_ML.ml` or `certificate file csca.der`.
    pub fn describe(&self) -> String {
        match self {
            AnchorSource::MasterList {
                country,
                signer,
                file,
                entry,
                ..
            } => {
                let mut s = format!(
                    "master list of {} (signer {signer})",
                    country.as_deref().unwrap_or("?")
                );
                match self.issue_date() {
                    Some(d) => s.push_str(&format!(", issued {d}")),
                    None => s.push_str(", date of issue not given"),
                }
                if let Some(f) = file {
                    s.push_str(&format!(", file {f}"));
                }
                if let Some(e) = entry {
                    s.push_str(&format!(", entry {e}"));
                }
                s
            }
            AnchorSource::CertificateFile { file } => match file {
                Some(f) => format!("certificate file {f}"),
                None => "certificate file".to_string(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_describe_themselves_and_keep_their_first_file_name() {
        let mut ml = AnchorSource::MasterList {
            country: Some("DE".into()),
            signer: "CN=Master List Signer,C=DE".into(),
            signed: Some(1_779_957_000),
            file: None,
            entry: None,
        };
        ml.set_file("DE_ML.ml");
        ml.set_file("other.ml");
        assert_eq!(ml.kind(), "master_list");
        assert_eq!(ml.issue_date().as_deref(), Some("2026-05-28"));
        assert_eq!(
            ml.describe(),
            "master list of DE (signer CN=Master List Signer,C=DE), issued 2026-05-28, file DE_ML.ml"
        );
        let cert = AnchorSource::CertificateFile { file: None };
        assert_eq!(
            (cert.kind(), cert.describe(), cert.issue_date()),
            ("certificate_file", "certificate file".to_string(), None)
        );
        let json = serde_json::to_string(&ml).unwrap();
        assert_eq!(serde_json::from_str::<AnchorSource>(&json).unwrap(), ml);
    }
}
