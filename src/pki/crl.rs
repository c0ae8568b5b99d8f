//! Certificate revocation lists of CSCAs (RFC 5280 §5, ICAO 9303-12 §7.1.4): issuer, dates,
//! revoked serial numbers and the signature, checked against the issuing CSCA when used.

use super::algorithms::AlgorithmResult;
use super::asn1;
use super::cert::outer_signature_algorithm;
use super::error::{PkiError, malformed};
use super::name::Name;
use crate::crypto::signature::{self, PublicKey, SignatureError};
use x509_parser::prelude::*;

/// An owned summary of one CRL.
#[derive(Debug, Clone)]
pub struct Crl {
    /// The signed part (TBSCertList), DER.
    pub tbs: Vec<u8>,
    /// The signature algorithm, or why it is unsupported.
    pub signature_algorithm: AlgorithmResult,
    /// The signature value.
    pub signature: Vec<u8>,
    /// Issuer name.
    pub issuer: Name,
    /// authorityKeyIdentifier keyIdentifier, if present.
    pub authority_key_id: Option<Vec<u8>>,
    /// thisUpdate, seconds since the Unix epoch.
    pub this_update: i64,
    /// nextUpdate, if present.
    pub next_update: Option<i64>,
    /// Revoked serial numbers (big-endian, leading zeros stripped).
    pub revoked: Vec<Vec<u8>>,
}

impl Crl {
    /// Parses a DER CRL.
    pub fn from_der(der: &[u8]) -> Result<Self, PkiError> {
        let (_, crl) = CertificateRevocationList::from_der(der)
            .map_err(|e| PkiError::Certificate(format!("CRL: {e}")))?;
        let outer = asn1::one(der, asn1::SEQUENCE, "CertificateList", true)?;
        let mut parts = outer.children();
        let tbs = parts
            .next()
            .transpose()?
            .ok_or_else(|| malformed("CertificateList", "no tbsCertList"))?;
        let _alg = parts.next();
        let sig = asn1::expect(parts.next().transpose()?, asn1::BIT_STRING, "CRL signature")?;
        let signature = match sig.value.split_first() {
            Some((0, s)) => s.to_vec(),
            _ => return Err(malformed("CRL signature", "unused bits")),
        };
        let mut authority_key_id = None;
        for ext in crl.extensions() {
            if let ParsedExtension::AuthorityKeyIdentifier(a) = ext.parsed_extension() {
                authority_key_id = a.key_identifier.as_ref().map(|k| k.0.to_vec());
            }
        }
        Ok(Crl {
            tbs: tbs.raw.to_vec(),
            signature_algorithm: outer_signature_algorithm(der)?,
            signature,
            issuer: Name::from_x509(crl.issuer()),
            authority_key_id,
            this_update: crl.last_update().timestamp(),
            next_update: crl.next_update().map(|t| t.timestamp()),
            revoked: crl
                .iter_revoked_certificates()
                .map(|r| strip(r.raw_serial()).to_vec())
                .collect(),
        })
    }

    /// Checks that `issuer_key` signed this CRL.
    pub fn verify_signed_by(&self, issuer_key: &PublicKey) -> Result<(), SignatureError> {
        let alg = self
            .signature_algorithm
            .as_ref()
            .map_err(|e| SignatureError::Unsupported(e.clone()))?;
        signature::verify(issuer_key, alg, &self.tbs, &self.signature)
    }

    /// Whether a certificate serial number is listed.
    pub fn is_revoked(&self, serial: &[u8]) -> bool {
        let s = strip(serial);
        self.revoked.iter().any(|r| r == s)
    }
}

fn strip(b: &[u8]) -> &[u8] {
    let n = b.iter().take_while(|&&x| x == 0).count();
    b.get(n..).unwrap_or_default()
}
