//! Loading a trust store from files, folders or bytes: DER/PEM CSCA certificates, CRLs and
//! CSCA master lists, told apart by their content, never by their file names.

use super::InspectError;
use crate::pki::TrustStore;
use std::path::{Path, PathBuf};

/// What one piece of trust data turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustItem {
    /// DER or PEM certificates; how many were new.
    Certificates(usize),
    /// A CRL.
    Crl,
    /// A master list verified by a CSCA already in the store; how many certificates it held.
    MasterList(usize),
}

impl TrustStore {
    /// Adds `bytes` — a DER or PEM certificate (or several PEM blocks), a CRL, or a CSCA
    /// master list (ICAO 9303-12 §9) whose signer chains to a CSCA already in the store at
    /// `time` (seconds since the Unix epoch) — recognised by content.
    pub fn add_trust_bytes(&mut self, bytes: &[u8], time: i64) -> Result<TrustItem, String> {
        if let Ok(n) = self.add_certificates(bytes) {
            return Ok(TrustItem::Certificates(n));
        }
        if self.add_crl(bytes).is_ok() {
            return Ok(TrustItem::Crl);
        }
        let roots = self.cscas().to_vec();
        self.add_master_list(bytes, &roots, time)
            .map(|list| TrustItem::MasterList(list.certificates.len()))
            .map_err(|e| e.to_string())
    }

    /// Adds a file, or every file of a folder (not recursive): certificates and CRLs first,
    /// then master lists, so that a folder holding a master list and the CSCA that signed
    /// its signer loads in one call. Returns what each file was.
    pub fn add_trust_path(
        &mut self,
        path: &Path,
        time: i64,
    ) -> Result<Vec<(PathBuf, TrustItem)>, InspectError> {
        let io = |p: &Path, e: std::io::Error| InspectError::Io {
            path: p.display().to_string(),
            reason: e.to_string(),
        };
        let files = if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| io(path, e))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file())
                .collect();
            files.sort();
            files
        } else {
            vec![path.to_path_buf()]
        };
        let mut later = Vec::new();
        let mut out = Vec::new();
        for file in files {
            let bytes = std::fs::read(&file).map_err(|e| io(&file, e))?;
            if let Ok(n) = self.add_certificates(&bytes) {
                out.push((file, TrustItem::Certificates(n)));
            } else if self.add_crl(&bytes).is_ok() {
                out.push((file, TrustItem::Crl));
            } else {
                later.push((file, bytes));
            }
        }
        for (file, bytes) in later {
            let item =
                self.add_trust_bytes(&bytes, time)
                    .map_err(|reason| InspectError::TrustData {
                        what: file.display().to_string(),
                        reason,
                    })?;
            out.push((file, item));
        }
        Ok(out)
    }
}

/// A trust store from files and folders (see [`TrustStore::add_trust_path`]), in order.
pub fn load_trust<P: AsRef<Path>>(paths: &[P], time: i64) -> Result<TrustStore, InspectError> {
    let mut store = TrustStore::new();
    for p in paths {
        store.add_trust_path(p.as_ref(), time)?;
    }
    Ok(store)
}
