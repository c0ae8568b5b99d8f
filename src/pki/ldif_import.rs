//! Importing an ICAO PKD download file (LDIF, ICAO 9303-12 §9) into a trust store, one entry
//! at a time: master lists verified through the configured master-list roots, CRLs, and
//! document signers kept only as a cache for finding an EF.SOD's signer.

use super::cert::Certificate;
use super::error::PkiError;
use super::ldif::{LdifEntry, LdifReader};
use super::store::TrustStore;
use std::io::BufRead;

/// `pkdMasterListContent`: a CSCA master list (CMS, ICAO 9303-12 §8) in the PKD's master-list
/// download.
pub const ATTR_MASTER_LIST: &str = "pkdMasterListContent";
/// `userCertificate;binary`: a document signer certificate in the PKD's DSC/CRL download.
pub const ATTR_DSC: &str = "userCertificate;binary";
/// `certificateRevocationList;binary`: a CSCA's CRL in the PKD's DSC/CRL download.
pub const ATTR_CRL: &str = "certificateRevocationList;binary";

/// What an LDIF import added.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LdifImport {
    /// Entries read.
    pub entries: usize,
    /// Master lists verified and added.
    pub master_lists: usize,
    /// CSCA certificates new to the store (from the master lists).
    pub cscas: usize,
    /// Document signer certificates new to the cache.
    pub document_signers: usize,
    /// Document signer values that are no certificate x509 accepts: skipped, since the cache
    /// only helps find a signer (DNs of the first few in `skipped_dns`).
    pub document_signers_skipped: usize,
    /// CRLs added.
    pub crls: usize,
    /// Entries with none of the attributes above (e.g. deviation lists, not imported).
    pub ignored: usize,
    /// The DNs of up to 10 skipped document signers.
    pub skipped_dns: Vec<String>,
    /// The newest date of issue seen (certificate notBefore, CRL thisUpdate), seconds since
    /// the Unix epoch.
    pub newest_issue: Option<i64>,
}

impl TrustStore {
    /// Imports an LDIF file of the ICAO PKD read from `reader`, entry by entry (never the whole
    /// file in memory). Each master list must verify through the configured master-list roots
    /// at `time` and each CRL must load (a delta CRL is refused): the first that does not is
    /// the error, naming the entry's DN and line, and the store may then hold part of the
    /// file — callers building a snapshot discard it. A document signer that does not parse is
    /// skipped and counted.
    pub fn import_ldif<R: BufRead>(
        &mut self,
        reader: R,
        time: i64,
    ) -> Result<LdifImport, PkiError> {
        let mut out = LdifImport::default();
        for entry in LdifReader::new(reader) {
            let entry = entry.map_err(|e| PkiError::Ldif(e.to_string()))?;
            out.entries += 1;
            self.import_entry(&entry, time, &mut out)
                .map_err(|reason| PkiError::LdifEntry {
                    dn: entry.dn.clone(),
                    line: entry.line,
                    reason: reason.to_string(),
                })?;
        }
        Ok(out)
    }

    fn import_entry(
        &mut self,
        entry: &LdifEntry,
        time: i64,
        out: &mut LdifImport,
    ) -> Result<(), PkiError> {
        let mut known = false;
        let mut newest = |t: i64| out.newest_issue = out.newest_issue.max(Some(t));
        for ml in entry.values(ATTR_MASTER_LIST) {
            known = true;
            let before = self.len();
            let list = self.add_rooted_master_list(ml, time)?;
            list.certificates.iter().for_each(|c| newest(c.not_before));
            out.master_lists += 1;
            out.cscas += self.len() - before;
        }
        for crl in entry.values(ATTR_CRL) {
            known = true;
            self.add_crl(crl)?;
            if let Some(c) = self.crls().last() {
                newest(c.this_update);
            }
            out.crls += 1;
        }
        for dsc in entry.values(ATTR_DSC) {
            known = true;
            match Certificate::from_der(dsc) {
                Ok(cert) => {
                    newest(cert.not_before);
                    out.document_signers += usize::from(self.add_document_signer(cert));
                }
                Err(_) => {
                    out.document_signers_skipped += 1;
                    if out.skipped_dns.len() < 10 {
                        out.skipped_dns.push(entry.dn.clone());
                    }
                }
            }
        }
        out.ignored += usize::from(!known);
        Ok(())
    }
}

/// The fuzz target's property: importing any bytes as LDIF into a store with a master-list
/// root ends in a summary or an error, never a panic, and adds no CSCA unless a master list
/// verified.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8], root: &[u8]) {
    let mut store = TrustStore::new();
    let _ = store.add_master_list_roots(root);
    if let Ok(summary) = store.import_ldif(data, 1_780_272_000) {
        assert!(summary.master_lists > 0 || store.is_empty());
    }
}
