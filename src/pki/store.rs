//! The trust store: CSCA certificates (from master lists, single DER/PEM certificates) and
//! CRLs, indexed by subject key identifier and by subject name, and the master-list roots
//! configured to vouch for master lists. Takes bytes; reading files and folders is the
//! caller's job.

use super::anchor_source::AnchorSource;
use super::cert::Certificate;
use super::cms::{ID_CSCA_MASTER_LIST, parse_content_info};
use super::crl::Crl;
use super::deviation::{DeviationList, parse_deviation_list};
use super::error::PkiError;
use super::masterlist::{MasterList, parse_master_list};
use std::collections::HashMap;

/// Trusted CSCA certificates (self-signed and link certificates alike) and CRLs.
#[derive(Debug, Default, Clone)]
pub struct TrustStore {
    cscas: Vec<Certificate>,
    by_key_id: HashMap<Vec<u8>, Vec<usize>>,
    by_subject: HashMap<Vec<(String, String)>, Vec<usize>>,
    /// Indices of `cscas` by a hash of their signature value, to drop duplicates without
    /// hashing or copying whole certificates (equal DER compared on a hit).
    seen: HashMap<u64, Vec<usize>>,
    crls: Vec<Crl>,
    ml_roots: Vec<Certificate>,
    document_signers: Vec<Certificate>,
    /// Indices of `document_signers` by a hash of their DER, to drop duplicates in O(1).
    document_signer_index: HashMap<u64, Vec<usize>>,
    deviation_lists: Vec<DeviationList>,
    /// Where the CSCAs came from, in the order the sources were added.
    anchor_sources: Vec<AnchorSource>,
    /// Per CSCA (same index as `cscas`): its index in `anchor_sources`, the first source that
    /// brought it (`None` for a CSCA added without one).
    csca_source: Vec<Option<usize>>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one CSCA certificate without naming its source; returns false if the same
    /// certificate is already there.
    pub fn add_csca(&mut self, cert: Certificate) -> bool {
        self.add_csca_from(cert, None)
    }

    /// Adds one CSCA certificate brought by `source` (an index of
    /// [`TrustStore::anchor_sources`]); returns false if the same certificate is already
    /// there, which keeps the source it came from first.
    pub fn add_csca_from(&mut self, cert: Certificate, source: Option<usize>) -> bool {
        let i = self.cscas.len();
        let slot = self.seen.entry(der_key(&cert.signature)).or_default();
        if slot
            .iter()
            .any(|&j| self.cscas.get(j).is_some_and(|c| c.der == cert.der))
        {
            return false;
        }
        slot.push(i);
        if let Some(ski) = &cert.subject_key_id {
            self.by_key_id.entry(ski.clone()).or_default().push(i);
        }
        self.by_subject
            .entry(cert.subject.key().to_vec())
            .or_default()
            .push(i);
        self.cscas.push(cert);
        self.csca_source
            .push(source.filter(|&s| s < self.anchor_sources.len()));
        true
    }

    /// Records a source of CSCAs; returns its index for [`TrustStore::add_csca_from`].
    pub fn add_anchor_source(&mut self, source: AnchorSource) -> usize {
        self.anchor_sources.push(source);
        self.anchor_sources.len() - 1
    }

    /// The sources of the CSCAs, in the order they were added.
    pub fn anchor_sources(&self) -> &[AnchorSource] {
        &self.anchor_sources
    }

    /// The source index of the CSCA at `index` of [`TrustStore::cscas`], if recorded.
    pub fn csca_source_index(&self, index: usize) -> Option<usize> {
        self.csca_source.get(index).copied().flatten()
    }

    /// Where `csca` (a certificate of this store) came from, if recorded.
    pub fn source_of(&self, csca: &Certificate) -> Option<&AnchorSource> {
        let i = self
            .seen
            .get(&der_key(&csca.signature))?
            .iter()
            .copied()
            .find(|&i| self.cscas.get(i).is_some_and(|c| c.der == csca.der))?;
        self.anchor_sources.get(self.csca_source_index(i)?)
    }

    /// Names the PKD entry (its DN) the last recorded source was read from.
    pub(crate) fn set_last_anchor_source_entry(&mut self, dn: &str) {
        if let Some(AnchorSource::MasterList { entry, .. }) = self.anchor_sources.last_mut() {
            *entry = Some(dn.to_string());
        }
    }

    /// Names the file of the sources recorded from index `from` on that name none yet (the
    /// caller knows the file; the store only sees bytes).
    pub fn name_anchor_sources(&mut self, from: usize, file: &str) {
        for s in self.anchor_sources.iter_mut().skip(from) {
            s.set_file(file);
        }
    }

    /// Adds the certificates of a DER certificate or a PEM file (one or more
    /// `CERTIFICATE` blocks); returns how many were new.
    /// Nothing is added unless every certificate parses.
    pub fn add_certificates(&mut self, bytes: &[u8]) -> Result<usize, PkiError> {
        let certificates = parse_all(bytes)?;
        let source = self.add_anchor_source(AnchorSource::CertificateFile { file: None });
        let added: usize = certificates
            .into_iter()
            .map(|c| usize::from(self.add_csca_from(c, Some(source))))
            .sum();
        if added == 0 {
            self.anchor_sources.pop();
        }
        Ok(added)
    }

    /// Verifies a CSCA master list against `roots` at `time` and adds its certificates.
    /// Returns the parsed list (signer, counts, checks).
    pub fn add_master_list(
        &mut self,
        bytes: &[u8],
        roots: &[Certificate],
        time: i64,
    ) -> Result<MasterList, PkiError> {
        let list = parse_master_list(bytes, roots, time)?;
        let source = self.add_anchor_source(AnchorSource::MasterList {
            country: list.signer.subject.country(),
            signer: list.signer.subject.display().to_string(),
            signed: list.signing_time,
            file: None,
            entry: None,
        });
        for c in &list.certificates {
            self.add_csca_from(c.clone(), Some(source));
        }
        Ok(list)
    }

    /// Configures `cert` as a master-list root: a master list is trusted when its signer was
    /// issued by a configured root of the signer's own country (see
    /// [`TrustStore::add_rooted_master_list`]). A root is not a CSCA of the store unless added
    /// as one too. Returns false if it was already configured.
    pub fn add_master_list_root(&mut self, cert: Certificate) -> bool {
        if self.ml_roots.iter().any(|r| r.der == cert.der) {
            return false;
        }
        self.ml_roots.push(cert);
        true
    }

    /// [`TrustStore::add_master_list_root`] for a DER certificate or a PEM file of one or
    /// more; returns how many were new. Nothing is added unless every certificate parses.
    pub fn add_master_list_roots(&mut self, bytes: &[u8]) -> Result<usize, PkiError> {
        Ok(parse_all(bytes)?
            .into_iter()
            .map(|c| usize::from(self.add_master_list_root(c)))
            .sum())
    }

    /// The configured master-list roots.
    pub fn master_list_roots(&self) -> &[Certificate] {
        &self.ml_roots
    }

    /// Verifies a CSCA master list against the configured master-list roots at `time` and
    /// adds its certificates. Without a configured root a master list is refused
    /// ([`PkiError::NoMasterListRoot`]); bytes that are no master list give the parse error.
    pub fn add_rooted_master_list(
        &mut self,
        bytes: &[u8],
        time: i64,
    ) -> Result<MasterList, PkiError> {
        if self.ml_roots.is_empty() {
            let sd = parse_content_info(bytes)?;
            if sd.content_type != ID_CSCA_MASTER_LIST {
                return Err(PkiError::ContentType {
                    found: sd.content_type.clone(),
                    expected: "id-icao-cscaMasterList",
                });
            }
            return Err(PkiError::NoMasterListRoot);
        }
        let roots = self.ml_roots.clone();
        self.add_master_list(bytes, &roots, time)
    }

    /// Adds a CRL (DER or PEM `X509 CRL`). Its signature is checked when it is used, against
    /// the CSCA of the certificate in question. Delta CRLs (RFC 5280 §5.2.4) are refused
    /// ([`PkiError::CrlRefused`]): revocation here is decided on complete CRLs only.
    pub fn add_crl(&mut self, bytes: &[u8]) -> Result<(), PkiError> {
        let der = match pem_blocks(bytes, "X509 CRL") {
            Some(mut blocks) if !blocks.is_empty() => blocks.swap_remove(0),
            _ => bytes.to_vec(),
        };
        let crl = Crl::from_der(&der)?;
        if crl.delta {
            return Err(PkiError::CrlRefused(format!(
                "delta CRL of {} (deltaCRLIndicator, RFC 5280 §5.2.4) not supported; load the complete CRL",
                crl.issuer.display()
            )));
        }
        self.crls.push(crl);
        Ok(())
    }

    /// Adds everything `other` holds: CSCAs, CRLs, master-list roots and cached document
    /// signers (duplicates of certificates dropped).
    pub fn merge(&mut self, other: TrustStore) {
        let offset = self.anchor_sources.len();
        self.anchor_sources.extend(other.anchor_sources);
        for (c, source) in other.cscas.into_iter().zip(other.csca_source) {
            self.add_csca_from(c, source.map(|s| s + offset));
        }
        for c in other.ml_roots {
            self.add_master_list_root(c);
        }
        for c in other.document_signers {
            self.add_document_signer(c);
        }
        self.crls.extend(other.crls);
        self.deviation_lists.extend(other.deviation_lists);
    }

    /// Verifies a deviation list (ICAO 9303-12, id-icao-DeviationList) against the configured
    /// master-list roots at `time`, as a master list is verified (its signer must carry
    /// id-icao-DeviationListSigningKey), and keeps it. Without a root it is refused
    /// ([`PkiError::NoMasterListRoot`]). Returns how many deviations it lists.
    pub fn add_rooted_deviation_list(
        &mut self,
        bytes: &[u8],
        time: i64,
    ) -> Result<usize, PkiError> {
        if self.ml_roots.is_empty() {
            return Err(PkiError::NoMasterListRoot);
        }
        let list = parse_deviation_list(bytes, &self.ml_roots, time)?;
        Ok(self.add_deviation_list(list))
    }

    /// Keeps a deviation list verified before (e.g. from a trust snapshot); returns how many
    /// deviations it lists.
    pub fn add_deviation_list(&mut self, list: DeviationList) -> usize {
        let n = list.deviations.len();
        self.deviation_lists.push(list);
        n
    }

    /// The deviation lists kept.
    pub fn deviation_lists(&self) -> &[DeviationList] {
        &self.deviation_lists
    }

    /// Keeps a document signer certificate (e.g. from the PKD's LDIF) to find the signer of
    /// an EF.SOD that does not embed its own. Only a cache: it is never a trust anchor and
    /// must still chain to a CSCA of the store. Returns false if it was already kept.
    pub fn add_document_signer(&mut self, cert: Certificate) -> bool {
        let slot = self
            .document_signer_index
            .entry(der_key(&cert.signature))
            .or_default();
        if slot.iter().any(|&i| {
            self.document_signers
                .get(i)
                .is_some_and(|c| c.der == cert.der)
        }) {
            return false;
        }
        slot.push(self.document_signers.len());
        self.document_signers.push(cert);
        true
    }

    /// The cached document signer certificates.
    pub fn document_signers(&self) -> &[Certificate] {
        &self.document_signers
    }

    /// How many CSCAs of `country` (ISO 3166 alpha-2 as in certificates, any case) the store
    /// holds, by their subject's country.
    pub fn cscas_of_country(&self, country: &str) -> usize {
        self.cscas
            .iter()
            .filter(|c| {
                c.subject
                    .country()
                    .is_some_and(|cc| cc.eq_ignore_ascii_case(country))
            })
            .count()
    }

    /// Every CSCA in the store.
    pub fn cscas(&self) -> &[Certificate] {
        &self.cscas
    }

    /// How many CSCAs the store holds.
    pub fn len(&self) -> usize {
        self.cscas.len()
    }

    /// Whether the store holds no CSCA.
    pub fn is_empty(&self) -> bool {
        self.cscas.is_empty()
    }

    /// The CRLs in the store.
    pub fn crls(&self) -> &[Crl] {
        &self.crls
    }

    /// Candidate issuers of `cert`: those whose subject key identifier equals its authority
    /// key identifier, then those whose subject equals its issuer (order-insensitive).
    pub fn issuers_of(&self, cert: &Certificate) -> Vec<&Certificate> {
        let mut idx: Vec<usize> = Vec::new();
        if let Some(aki) = &cert.authority_key_id {
            idx.extend(self.by_key_id.get(aki).into_iter().flatten());
        }
        for i in self.by_subject.get(cert.issuer.key()).into_iter().flatten() {
            if !idx.contains(i) {
                idx.push(*i);
            }
        }
        idx.into_iter().filter_map(|i| self.cscas.get(i)).collect()
    }
}

/// The index key of a certificate: a hash of its signature value (a few hundred bytes that
/// differ between any two certificates in practice; equality is still decided on the DER).
fn der_key(signature: &[u8]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    signature.hash(&mut h);
    h.finish()
}

/// The DER certificates in `bytes`: PEM blocks if it is PEM, else the bytes as one DER.
pub fn certificates_in(bytes: &[u8]) -> Result<Vec<Vec<u8>>, PkiError> {
    match pem_blocks(bytes, "CERTIFICATE") {
        Some(blocks) if blocks.is_empty() => Err(PkiError::Certificate(
            "PEM without a CERTIFICATE block".into(),
        )),
        Some(blocks) => Ok(blocks),
        None => Ok(vec![bytes.to_vec()]),
    }
}

/// The decoded PEM blocks with `label`, or `None` if `bytes` is not PEM.
fn pem_blocks(bytes: &[u8], label: &str) -> Option<Vec<Vec<u8>>> {
    let text = std::str::from_utf8(bytes).ok()?;
    if !text.contains("-----BEGIN ") {
        return None;
    }
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(&begin) {
        let body = rest.get(start + begin.len()..)?;
        let stop = body.find(&end)?;
        out.push(base64_decode(body.get(..stop)?)?);
        rest = body.get(stop + end.len()..)?;
    }
    Some(out)
}

/// Standard base64 (RFC 4648 §4), ignoring whitespace.
pub(crate) fn base64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0u32;
    for c in s.bytes().filter(|c| !c.is_ascii_whitespace()) {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// Every certificate of a DER certificate or a PEM file of one or more, or the first error:
/// all or nothing.
pub fn parse_certificates(bytes: &[u8]) -> Result<Vec<Certificate>, PkiError> {
    parse_all(bytes)
}

/// Standard base64 (RFC 4648 §4) as LDIF carries it (RFC 2849): whitespace ignored, every
/// other character from the alphabet, padding only at the end, whole quanta only.
pub(crate) fn base64_decode_strict(s: &str) -> Option<Vec<u8>> {
    let body: Vec<u8> = s.bytes().filter(|c| !c.is_ascii_whitespace()).collect();
    if !body.len().is_multiple_of(4) {
        return None;
    }
    let pad = body.iter().rev().take_while(|&&c| c == b'=').count();
    let data = body.get(..body.len() - pad)?;
    if pad > 2 || data.contains(&b'=') {
        return None;
    }
    // Only alphabet characters reach the lenient decoder, which then cannot stop early.
    let text = std::str::from_utf8(data).ok()?;
    base64_decode(text)
}

/// Every certificate of a DER certificate or a PEM file, or the first error: all or nothing.
fn parse_all(bytes: &[u8]) -> Result<Vec<Certificate>, PkiError> {
    certificates_in(bytes)?
        .iter()
        .map(|der| Certificate::from_der(der))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_and_pem() {
        assert_eq!(base64_decode("aWR2ZXJpZnk=").unwrap(), b"idverify");
        assert_eq!(base64_decode("aWR2\nZXJp ZnlY").unwrap(), b"idverifyX");
        assert!(base64_decode("a*b").is_none());
        let pem = b"junk\n-----BEGIN CERTIFICATE-----\naWR2ZXJpZnk=\n-----END CERTIFICATE-----\n";
        assert_eq!(certificates_in(pem).unwrap(), vec![b"idverify".to_vec()]);
        assert!(certificates_in(b"-----BEGIN X509 CRL-----\n-----END X509 CRL-----").is_err());
        assert_eq!(
            certificates_in(&[0x30, 0x00]).unwrap(),
            vec![vec![0x30, 0x00]]
        );
    }
}
