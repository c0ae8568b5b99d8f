//! Importing an ICAO PKD download file (LDIF) into a trust store, one entry at a time: master
//! lists verified through the configured master-list roots, CRLs, and document signers kept
//! only as a cache for finding an EF.SOD's signer, and deviation lists (ICAO 9303-12 §10)
//! verified like master lists.

use super::cert::Certificate;
use super::cms::parse_content_info;
use super::deviation::ID_DEVIATION_LIST;
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
    /// Deviation lists verified and added (entries of the PKD's deviation-list branch `o=dl`,
    /// told apart by content: a CMS SignedData of id-icao-DeviationList).
    pub deviation_lists: usize,
    /// Entries with none of the above.
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
            self.set_last_anchor_source_entry(&entry.dn);
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
        if !known {
            // The PKD publishes deviation lists in their own branch (o=dl); ICAO 9303-12 does
            // not name the attribute, so a value is taken by what it is: a SignedData whose
            // eContentType is id-icao-DeviationList, verified through the master-list roots
            // like any deviation list (one that does not verify fails the import).
            for (_, value) in &entry.attributes {
                let is_deviation_list = value.first() == Some(&0x30)
                    && parse_content_info(value)
                        .is_ok_and(|sd| sd.content_type == ID_DEVIATION_LIST);
                if is_deviation_list {
                    known = true;
                    self.add_rooted_deviation_list(value, time)?;
                    out.deviation_lists += 1;
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

#[cfg(all(test, feature = "emulator"))]
mod tests {
    use super::*;
    use crate::emulator::test_pki;

    /// Standard base64 with a line folded as RFC 2849 folds it.
    fn folded(attr: &str, der: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut b64 = String::new();
        for chunk in der.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                b64.push(if i <= chunk.len() {
                    char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize])
                } else {
                    '='
                });
            }
        }
        let line = format!("{attr}:: {b64}");
        let mut out = String::new();
        for (i, piece) in line.as_bytes().chunks(76).enumerate() {
            if i > 0 {
                out.push_str("\n ");
            }
            out.push_str(std::str::from_utf8(piece).unwrap());
        }
        out
    }

    const MASTER_LIST: &[u8] = include_bytes!("../../testdata/pki/masterlist.ml");
    const DEVIATION_LIST: &[u8] = include_bytes!("../../testdata/trust/deviation_list.dvl");

    /// Utopia's master list, its CRL, a DSC, an entry with nothing to import and a deviation
    /// list in the PKD's o=dl branch: what each adds is counted; the files are the `ldif` fuzz
    /// target's seeds.
    #[test]
    fn an_ldif_of_the_test_pki_imports_and_seeds_the_fuzz_target() {
        let ldif = format!(
            "version: 1\n\ndn: cn=ml,o=ml,c=UT\n{}\n\ndn: cn=crl,o=crl,c=UT\r\n{}\r\n\r\ndn: cn=dsc,o=dsc,c=UT\n{}\n\ndn: cn=x,o=other,c=UT\nsomethingElse:: AAAA\n\ndn: cn=dl,o=dl,c=UT\n{}\n",
            folded(ATTR_MASTER_LIST, MASTER_LIST),
            folded(ATTR_CRL, test_pki::CRL),
            folded(ATTR_DSC, test_pki::DSC),
            folded("pkdDeviationListContent", DEVIATION_LIST)
        );
        let mut store = TrustStore::new();
        store.add_master_list_roots(test_pki::CSCA).unwrap();
        let summary = store.import_ldif(ldif.as_bytes(), 1_780_272_000).unwrap();
        assert_eq!(
            (
                summary.entries,
                summary.master_lists,
                summary.crls,
                summary.document_signers
            ),
            (5, 1, 1, 1)
        );
        assert_eq!(
            (summary.cscas, summary.deviation_lists, summary.ignored),
            (3, 1, 1)
        );
        assert_eq!(store.len(), 3);
        assert_eq!(store.deviation_lists()[0].country.as_deref(), Some("UT"));
        // The master list's CSCAs name their source with the PKD entry.
        let source = store.source_of(&store.cscas()[0]).unwrap();
        assert!(
            source.describe().contains("entry cn=ml,o=ml,c=UT"),
            "{}",
            source.describe()
        );
        fuzz_check(ldif.as_bytes(), test_pki::CSCA);
        crate::write_fuzz_seed("ldif", "seed_test_pki.ldif", ldif.as_bytes());

        // Without a root the master list is refused, naming its entry.
        let e = TrustStore::new()
            .import_ldif(ldif.as_bytes(), 1_780_272_000)
            .unwrap_err();
        assert!(
            e.to_string().contains("cn=ml,o=ml,c=UT") && e.to_string().contains("line 3"),
            "{e}"
        );
        // A deviation list that does not verify (here: no root) fails the import, naming its
        // entry.
        let dl_only = format!(
            "dn: cn=dl,o=dl,c=UT\n{}\n",
            folded("pkdDeviationListContent", DEVIATION_LIST)
        );
        let e = TrustStore::new()
            .import_ldif(dl_only.as_bytes(), 1_780_272_000)
            .unwrap_err();
        assert!(e.to_string().contains("cn=dl,o=dl,c=UT"), "{e}");
        // A DSC that is no certificate is skipped and counted.
        let junk = "dn: cn=junk,o=dsc,c=UT\nuserCertificate;binary:: MAA=\n";
        let summary = TrustStore::new().import_ldif(junk.as_bytes(), 0).unwrap();
        assert_eq!(summary.document_signers_skipped, 1);
        assert_eq!(summary.skipped_dns, ["cn=junk,o=dsc,c=UT"]);
        crate::write_fuzz_seed("ldif", "seed_junk_dsc.ldif", junk.as_bytes());
        let delta = "dn: cn=x,o=dsc,c=UT\nchangetype: delete\n";
        assert!(TrustStore::new().import_ldif(delta.as_bytes(), 0).is_err());
        crate::write_fuzz_seed("ldif", "seed_delta.ldif", delta.as_bytes());
    }
}
