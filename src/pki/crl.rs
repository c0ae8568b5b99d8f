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
    /// The whole CRL as given, DER.
    pub der: Vec<u8>,
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
    /// cRLNumber (RFC 5280 §5.2.3) as upper-case hex, if present.
    pub crl_number: Option<String>,
    /// Whether it is a delta CRL (deltaCRLIndicator, RFC 5280 §5.2.4).
    pub delta: bool,
    /// OIDs of critical CRL or CRL entry extensions this library does not process; such a
    /// CRL must not decide revocation (RFC 5280 §5.2, §5.3).
    pub unknown_critical: Vec<String>,
}

/// CRL extensions processed or safely ignored here (RFC 5280 §5.2): authorityKeyIdentifier,
/// issuerAltName, cRLNumber, deltaCRLIndicator (refused separately), and CRL entry
/// extensions (§5.3) reasonCode, invalidityDate, holdInstructionCode. issuingDistributionPoint
/// (a partitioned or indirect CRL) and certificateIssuer are not processed.
const KNOWN_CRL_EXTENSIONS: &[&str] = &[
    "2.5.29.35", // authorityKeyIdentifier
    "2.5.29.18", // issuerAltName
    "2.5.29.20", // cRLNumber
    "2.5.29.27", // deltaCRLIndicator
    "2.5.29.21", // reasonCode
    "2.5.29.24", // invalidityDate
    "2.5.29.23", // holdInstructionCode
];

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
        let mut crl_number = None;
        let mut delta = false;
        let mut unknown_critical = Vec::new();
        let mut note_critical = |ext: &X509Extension<'_>| {
            let oid = ext.oid.to_id_string();
            if ext.critical && !KNOWN_CRL_EXTENSIONS.contains(&oid.as_str()) {
                unknown_critical.push(oid);
            }
        };
        for ext in crl.extensions() {
            match ext.parsed_extension() {
                ParsedExtension::AuthorityKeyIdentifier(a) => {
                    authority_key_id = a.key_identifier.as_ref().map(|k| k.0.to_vec());
                }
                ParsedExtension::CRLNumber(n) => crl_number = Some(format!("{n:X}")),
                _ => {}
            }
            delta |= ext.oid.to_id_string() == "2.5.29.27";
            note_critical(ext);
        }
        for entry in crl.iter_revoked_certificates() {
            for ext in entry.extensions() {
                note_critical(ext);
            }
        }
        Ok(Crl {
            der: der.to_vec(),
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
            crl_number,
            delta,
            unknown_critical,
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

    /// Whether the CRL is out of date at `time`: its nextUpdate has passed (RFC 5280 §5.1.2.5).
    /// A CRL without nextUpdate never goes out of date here (ICAO 9303-12 requires the field).
    pub fn expired_at(&self, time: i64) -> bool {
        self.next_update.is_some_and(|n| n < time)
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
