//! Loading a trust store from files, folders or bytes: DER/PEM CSCA certificates, CRLs and
//! CSCA master lists, told apart by their content, never by their file names. Master lists are
//! trusted only through master-list roots configured beforehand, never through the CSCAs.

use super::InspectError;
use crate::local_file::read_required_file;
use crate::pki::{PkiError, TrustStore};
use std::path::{Path, PathBuf};

/// The largest trust file read (a CSCA master list of every State is a few MiB). Like a
/// dumped file, a trust file must be a regular file: a FIFO or a device never stalls start-up
/// or fills the memory.
pub const MAX_TRUST_FILE_LEN: usize = 64 << 20;

/// The bytes of the trust file at `path` (regular, at most [`MAX_TRUST_FILE_LEN`] bytes).
fn read_trust_file(path: &Path) -> Result<Vec<u8>, InspectError> {
    read_required_file(path, MAX_TRUST_FILE_LEN).map_err(|e| InspectError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    })
}

/// What one piece of trust data turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustItem {
    /// DER or PEM certificates; how many were new.
    Certificates(usize),
    /// A CRL.
    Crl,
    /// A master list verified through a configured master-list root; how many certificates it
    /// held.
    MasterList(usize),
    /// A trust snapshot (its manifest checked); how many CSCAs it held.
    Snapshot(usize),
    /// A deviation list (ICAO 9303-12) verified through a configured master-list root; how
    /// many deviations it lists.
    DeviationList(usize),
}

impl TrustStore {
    /// Adds `bytes` — a DER or PEM certificate (or several PEM blocks), a CRL, or a CSCA
    /// master list (ICAO 9303-12 §8) — recognised by content. A master list must verify
    /// through a configured master-list root ([`TrustStore::add_master_list_root`]) at `time`
    /// (seconds since the Unix epoch); without one it is refused
    /// ([`PkiError::NoMasterListRoot`]): the CSCAs already loaded never vouch for one, or any
    /// of them could add trust anchors for every country. A delta CRL is refused
    /// ([`PkiError::CrlRefused`]).
    pub fn add_trust_bytes(&mut self, bytes: &[u8], time: i64) -> Result<TrustItem, PkiError> {
        match self.add_certificates_or_crl(bytes)? {
            Some(item) => Ok(item),
            None => self.add_master_list_item(bytes, time),
        }
    }

    /// Adds `bytes` when they are certificates or a CRL; `Ok(None)` when they are neither (a
    /// master list, or nothing we know), so that a folder's master lists can come last. A
    /// refused CRL (delta) is an error.
    fn add_certificates_or_crl(&mut self, bytes: &[u8]) -> Result<Option<TrustItem>, PkiError> {
        if let Ok(n) = self.add_certificates(bytes) {
            return Ok(Some(TrustItem::Certificates(n)));
        }
        match self.add_crl(bytes) {
            Ok(()) => Ok(Some(TrustItem::Crl)),
            Err(e @ PkiError::CrlRefused(_)) => Err(e),
            Err(_) => Ok(None),
        }
    }

    /// Adds `bytes` as a master list or a deviation list (by its CMS content type), verified
    /// through the configured master-list roots.
    fn add_master_list_item(&mut self, bytes: &[u8], time: i64) -> Result<TrustItem, PkiError> {
        let is_deviation_list = crate::pki::cms::parse_content_info(bytes)
            .is_ok_and(|sd| sd.content_type == crate::pki::deviation::ID_DEVIATION_LIST);
        if is_deviation_list {
            return self
                .add_rooted_deviation_list(bytes, time)
                .map(TrustItem::DeviationList);
        }
        self.add_rooted_master_list(bytes, time)
            .map(|list| TrustItem::MasterList(list.certificates.len()))
    }

    /// Configures the certificates of a file (DER, or PEM with one or more) as master-list
    /// roots; returns how many were new.
    pub fn add_master_list_root_path(&mut self, path: &Path) -> Result<usize, InspectError> {
        let bytes = read_trust_file(path)?;
        self.add_master_list_roots(&bytes)
            .map_err(|reason| InspectError::TrustData {
                what: path.display().to_string(),
                reason,
            })
    }

    /// Adds a trust snapshot folder (see [`super::snapshot`]), a file, or every file of a
    /// folder (not recursive): certificates and CRLs first,
    /// then master lists (each verified through the configured master-list roots). Returns
    /// what each file was. A master list without a configured root is an error naming the
    /// file ([`InspectError::NoMasterListRoot`]).
    pub fn add_trust_path(
        &mut self,
        path: &Path,
        time: i64,
    ) -> Result<Vec<(PathBuf, TrustItem)>, InspectError> {
        if path.is_dir() && super::snapshot::is_snapshot(path) {
            let (store, manifest) = super::snapshot::load_snapshot(path)?;
            self.merge(store);
            let n = manifest.counts.cscas;
            return Ok(vec![(path.to_path_buf(), TrustItem::Snapshot(n))]);
        }
        let files = files_of(path)?;
        let refused = |file: &Path, reason: PkiError| match reason {
            PkiError::NoMasterListRoot => InspectError::NoMasterListRoot {
                what: file.display().to_string(),
            },
            reason => InspectError::TrustData {
                what: file.display().to_string(),
                reason,
            },
        };
        let mut later = Vec::new();
        let mut out = Vec::new();
        for file in files {
            let bytes = read_trust_file(&file)?;
            let sources = self.anchor_sources().len();
            let result = self.add_certificates_or_crl(&bytes);
            self.name_anchor_sources(sources, &source_name(&file));
            match result {
                Ok(Some(item)) => out.push((file, item)),
                Ok(None) => later.push((file, bytes)),
                Err(reason) => return Err(refused(&file, reason)),
            }
        }
        // Master lists last, tried as nothing else: they were neither certificates nor CRLs.
        for (file, bytes) in later {
            let sources = self.anchor_sources().len();
            let item = self
                .add_master_list_item(&bytes, time)
                .map_err(|reason| refused(&file, reason))?;
            self.name_anchor_sources(sources, &source_name(&file));
            out.push((file, item));
        }
        Ok(out)
    }
}

/// How a trust file is named as a CSCA's source: its file name (the folder is desk
/// configuration, not part of the record).
pub(crate) fn source_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// The files of `path`: itself, or a folder's regular files (not recursive) in name order.
pub(crate) fn files_of(path: &Path) -> Result<Vec<PathBuf>, InspectError> {
    if !path.is_dir() {
        return Ok(vec![path.to_path_buf()]);
    }
    let io = |e: std::io::Error| InspectError::Io {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(io)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// A trust store from files and folders (see [`TrustStore::add_trust_path`]), in order, with
/// no master-list root: a master list among them is refused.
pub fn load_trust<P: AsRef<Path>>(paths: &[P], time: i64) -> Result<TrustStore, InspectError> {
    load_trust_with_roots::<P, P>(&[], paths, time)
}

/// A trust store whose master-list roots are the certificates of `ml_roots` (files), then the
/// trust files and folders of `paths` in order (see [`TrustStore::add_trust_path`]).
pub fn load_trust_with_roots<R: AsRef<Path>, P: AsRef<Path>>(
    ml_roots: &[R],
    paths: &[P],
    time: i64,
) -> Result<TrustStore, InspectError> {
    let mut store = TrustStore::new();
    for r in ml_roots {
        store.add_master_list_root_path(r.as_ref())?;
    }
    for p in paths {
        store.add_trust_path(p.as_ref(), time)?;
    }
    Ok(store)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A FIFO or a device given as a trust file is refused at once, never read.
    #[test]
    fn only_regular_files_are_read_as_trust_data() {
        let dir = std::env::temp_dir().join(format!("idverify-trust-fifo-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let fifo = dir.join("csca.der");
        let made = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(made.success());
        let mut store = TrustStore::new();
        for path in [fifo.as_path(), Path::new("/dev/zero")] {
            let e = store.add_trust_path(path, 0).unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{e}");
            let e = store.add_master_list_root_path(path).unwrap_err();
            assert!(e.to_string().contains("not a regular file"), "{e}");
        }
        // In a folder a FIFO is skipped, like any other entry that is not a file.
        assert!(store.add_trust_path(&dir, 0).unwrap().is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
