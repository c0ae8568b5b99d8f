//! Deviation lists (ICAO 9303-12, eighth edition §10 "Deviation List Structure", ASN.1 module DeviationList, id-icao-DeviationList
//! 2.23.136.1.1.7): a State's signed list of document series with known defects, verified like
//! a master list (signer issued by a configured root of its country, with the extended key
//! usage id-icao-DeviationListSigningKey 2.23.136.1.1.8), and matched against a document.
//!
//! ```text
//! DeviationList ::= SEQUENCE { version INTEGER {v0(0)},
//!     digestAlgorithm AlgorithmIdentifier OPTIONAL, deviations SET OF Deviation }
//! Deviation ::= SEQUENCE { documents DeviationDocuments,
//!     descriptions SET OF DeviationDescription }
//! DeviationDescription ::= SEQUENCE { description PrintableString OPTIONAL,
//!     deviationType OBJECT IDENTIFIER, parameters [0] ANY OPTIONAL, nationalUse [1] ANY OPTIONAL }
//! DeviationDocuments ::= SEQUENCE { documentType [0] PrintableString (SIZE(2)) OPTIONAL,
//!     dscIdentifier DocumentSignerIdentifier OPTIONAL, issuingDate [4] IssuancePeriod OPTIONAL,
//!     documentNumbers [5] SET OF PrintableString OPTIONAL }
//! DocumentSignerIdentifier ::= CHOICE { issuerAndSerialNumber [1] IssuerAndSerialNumber,
//!     subjectKeyIdentifier [2] SubjectKeyIdentifier, certificateDigest [3] Digest }
//! IssuancePeriod ::= SEQUENCE { firstIssued GeneralizedTime, lastIssued GeneralizedTime }
//! Datagroup ::= INTEGER { dg1(1) .. dg16(16), sod(20), com(21) }
//! MRZField ::= INTEGER { generic(0), documentCode(1), issuingState(2), personName(3),
//!     documentNumber(4), nationality(5), dateOfBirth(6), sex(7), dateOfExpiry(8), optionalData(9) }
//! CertField ::= CHOICE { body CertificateBodyField (INTEGER), extension OBJECT IDENTIFIER }
//! ```
//! (implicit tags throughout; `parameters [0] ANY` is explicit, as every tag on an open type
//! is, X.680 §31.2.7). The parameters are read for the types that define them: a Datagroup for
//! id-Deviation-LDS-DGMalformed/-DGHashWrong, an MRZField for id-Deviation-MRZ-*, a CertField
//! for id-Deviation-CertOrKey-DSEncoding/-CSCAEncoding. The fields of DeviationDocuments and
//! DeviationDescription must come in the module's order, each at most once.

use super::asn1::{self, OID, SEQUENCE, SET};
use super::cert::Certificate;
use super::check::{Check, date_to_time};
use super::cms::parse_content_info;
use super::error::{PkiError, malformed};
use super::masterlist::{ListKind, verify_list_signer};
use super::name::Name;
use crate::crypto::hash::HashAlgorithm;
use crate::tlv::Tlv;

/// id-icao-DeviationList.
pub const ID_DEVIATION_LIST: &str = "2.23.136.1.1.7";
/// id-icao-DeviationListSigningKey, the deviation-list signer's extended key usage.
pub const EKU_DEVIATION_LIST_SIGNER: &str = "2.23.136.1.1.8";

const LIST_KIND: ListKind = ListKind {
    content_type: ID_DEVIATION_LIST,
    prefix: "deviationlist",
    eku: EKU_DEVIATION_LIST_SIGNER,
    signer_name: "deviation-list signer",
};

/// A verified deviation list.
#[derive(Debug, Clone)]
pub struct DeviationList {
    /// The DeviationList content (DER as signed), kept for the trust snapshot.
    pub content: Vec<u8>,
    /// The deviations.
    pub deviations: Vec<Deviation>,
    /// The country of the list's signer (and root), upper case.
    pub country: Option<String>,
    /// The signer certificate (absent for a list loaded from a snapshot).
    pub signer: Option<Certificate>,
    /// The checks made when it was verified.
    pub checks: Vec<Check>,
}

/// One deviation: which documents, and what is wrong with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation {
    /// The documents affected.
    pub documents: DeviationDocuments,
    /// What deviates.
    pub descriptions: Vec<DeviationDescription>,
}

/// The documents a deviation concerns; every criterion given must hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviationDocuments {
    /// The first two MRZ characters (e.g. `P<`), if restricted.
    pub document_type: Option<String>,
    /// The document signer, if restricted.
    pub signer: Option<SignerIdentifier>,
    /// First and last date of issue (seconds since the Unix epoch), if restricted.
    pub issued: Option<(i64, i64)>,
    /// Document numbers, if restricted.
    pub document_numbers: Vec<String>,
}

/// How a deviation names its document signer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignerIdentifier {
    /// Issuer and serial number.
    IssuerAndSerial {
        /// The issuer.
        issuer: Name,
        /// The serial (big-endian).
        serial: Vec<u8>,
    },
    /// The subject key identifier.
    SubjectKeyId(Vec<u8>),
    /// A digest of the certificate (with the list's digestAlgorithm).
    CertificateDigest(Vec<u8>),
}

/// One deviation's description.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviationDescription {
    /// The issuing State's words, if any.
    pub description: Option<String>,
    /// The deviationType OID.
    pub deviation_type: String,
    /// The `parameters` the deviation type defines, when given.
    pub parameter: DeviationParameter,
}

/// What a deviation's `parameters` name (ICAO 9303-12 §10.2: Datagroup, MRZField, CertField).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviationParameter {
    /// No parameters.
    None,
    /// A Datagroup: 1..=16 for DG1..DG16, 20 for EF.SOD, 21 for EF.COM.
    DataGroup(u8),
    /// An MRZField (0 generic, 1 document code … 9 optional data).
    MrzField(u8),
    /// A CertField naming a field of the certificate body (0 generic, 1 version … 9).
    CertBodyField(u8),
    /// A CertField naming an extension by its OID.
    CertExtension(String),
    /// Parameters of a type that defines none we interpret (kept as their tag).
    Other(u32),
}

impl DeviationParameter {
    /// The parameter in words for the report, when there is one.
    pub fn name(&self) -> Option<String> {
        const MRZ: [&str; 10] = [
            "generic",
            "document code",
            "issuing state",
            "name",
            "document number",
            "nationality",
            "date of birth",
            "sex",
            "date of expiry",
            "optional data",
        ];
        const CERT: [&str; 10] = [
            "generic",
            "version",
            "serialNumber",
            "signature",
            "issuer",
            "validity",
            "subject",
            "subjectPublicKeyInfo",
            "issuerUniqueID",
            "subjectUniqueID",
        ];
        match self {
            DeviationParameter::None | DeviationParameter::Other(_) => None,
            DeviationParameter::DataGroup(20) => Some("EF.SOD".into()),
            DeviationParameter::DataGroup(21) => Some("EF.COM".into()),
            DeviationParameter::DataGroup(n) => Some(format!("DG{n}")),
            DeviationParameter::MrzField(n) => {
                MRZ.get(usize::from(*n)).map(|f| format!("MRZ field {f}"))
            }
            DeviationParameter::CertBodyField(n) => CERT
                .get(usize::from(*n))
                .map(|f| format!("certificate field {f}")),
            DeviationParameter::CertExtension(oid) => Some(format!("certificate extension {oid}")),
        }
    }
}

impl DeviationDescription {
    /// The deviation type in words (ICAO 9303-12, the id-Deviation-* object identifiers).
    pub fn type_name(&self) -> &'static str {
        self.type_names().0
    }

    /// The same in German.
    pub fn type_name_de(&self) -> &'static str {
        self.type_names().1
    }

    fn type_names(&self) -> (&'static str, &'static str) {
        let arc = self
            .deviation_type
            .strip_prefix(ID_DEVIATION_LIST)
            .unwrap_or_default();
        match arc {
            ".1.1" => (
                "document signer signature wrong",
                "Signatur des DS-Zertifikats falsch",
            ),
            ".1.2" => (
                "document signer certificate encoding wrong",
                "DS-Zertifikat fehlerhaft kodiert",
            ),
            ".1.3" => (
                "CSCA certificate encoding wrong",
                "CSCA-Zertifikat fehlerhaft kodiert",
            ),
            ".1.4" => (
                "active authentication key compromised",
                "Schlüssel der Active Authentication möglicherweise kompromittiert",
            ),
            ".2.1" => ("data group malformed", "Datengruppe fehlerhaft kodiert"),
            ".2.2" => ("data group hash wrong", "Hashwert einer Datengruppe falsch"),
            ".2.3" => ("EF.SOD signature wrong", "Signatur des EF.SOD falsch"),
            ".2.4" => ("EF.COM inconsistent", "EF.COM widerspricht EF.SOD"),
            ".3.1" => ("MRZ data wrong", "MRZ-Daten falsch"),
            ".3.2" => ("MRZ check digit wrong", "MRZ-Prüfziffer falsch"),
            ".5" => ("national use", "nationale Abweichung"),
            a if a.starts_with(".1") => (
                "certificate or key deviation",
                "Abweichung bei Zertifikat oder Schlüssel",
            ),
            a if a.starts_with(".2") => ("LDS deviation", "Abweichung der Chipdaten (LDS)"),
            a if a.starts_with(".3") => ("MRZ deviation", "Abweichung der MRZ"),
            a if a.starts_with(".4") => ("chip deviation", "Abweichung des Chips"),
            _ => ("deviation of unknown type", "Abweichung unbekannter Art"),
        }
    }
}

/// A document as a deviation is matched against.
#[derive(Debug, Clone, Copy)]
pub struct DocumentFacts<'a> {
    /// The document signer certificate.
    pub dsc: &'a Certificate,
    /// The MRZ's first two characters.
    pub document_type: Option<&'a str>,
    /// The document number (fillers removed).
    pub document_number: Option<&'a str>,
    /// The date of issue, seconds since the Unix epoch, if known (DG12).
    pub issued: Option<i64>,
}

impl Deviation {
    /// Whether the deviation concerns the document: every criterion it gives holds. A
    /// restriction to a period of issue holds only when the date of issue is known.
    pub fn applies_to(&self, doc: &DocumentFacts<'_>, digest: Option<HashAlgorithm>) -> bool {
        let d = &self.documents;
        let signer = match &d.signer {
            None => true,
            Some(SignerIdentifier::IssuerAndSerial { issuer, serial }) => {
                doc.dsc.issuer.same_as(issuer) && doc.dsc.serial_eq(serial)
            }
            Some(SignerIdentifier::SubjectKeyId(ski)) => {
                doc.dsc.subject_key_id.as_deref() == Some(ski.as_slice())
            }
            Some(SignerIdentifier::CertificateDigest(h)) => digest
                .or(HashAlgorithm::from_oid("2.16.840.1.101.3.4.2.1"))
                .is_some_and(|alg| alg.digest(&doc.dsc.der) == *h),
        };
        let doc_type = d
            .document_type
            .as_deref()
            .is_none_or(|t| doc.document_type == Some(t));
        let number = d.document_numbers.is_empty()
            || doc
                .document_number
                .is_some_and(|n| d.document_numbers.iter().any(|x| x == n));
        let period = d
            .issued
            .is_none_or(|(first, last)| doc.issued.is_some_and(|t| first <= t && t <= last));
        signer && doc_type && number && period
    }
}

/// Parses a deviation list and verifies its signature and signer against `roots` at `time`
/// (see [`crate::pki::masterlist::parse_master_list`] for what a root must be).
pub fn parse_deviation_list(
    bytes: &[u8],
    roots: &[Certificate],
    time: i64,
) -> Result<DeviationList, PkiError> {
    let sd = parse_content_info(bytes)?;
    if sd.content_type != ID_DEVIATION_LIST {
        return Err(PkiError::ContentType {
            found: sd.content_type.clone(),
            expected: "id-icao-DeviationList",
        });
    }
    let signed = verify_list_signer(&sd, &LIST_KIND, roots, time)
        .map_err(PkiError::DeviationListUntrusted)?;
    let content = sd
        .content
        .as_deref()
        .ok_or_else(|| malformed("DeviationList", "no content"))?;
    let mut list = parse_deviation_content(content)?;
    list.country = signed.root.subject.country();
    list.signer = Some(signed.signer);
    list.checks = signed.checks;
    Ok(list)
}

/// The deviations of a DeviationList's content (already verified), with its digest algorithm.
pub fn parse_deviation_content(content: &[u8]) -> Result<DeviationList, PkiError> {
    let list = asn1::one(content, SEQUENCE, "DeviationList", false)?;
    let mut it = list.children();
    let version = asn1::expect(
        it.next().transpose()?,
        asn1::INTEGER,
        "DeviationList version",
    )?;
    if asn1::small_uint(&version, "DeviationList version")? != 0 {
        return Err(malformed("DeviationList", "version is not v0"));
    }
    let mut next = it.next().transpose()?;
    if next.as_ref().is_some_and(|t| t.tag == SEQUENCE) {
        // digestAlgorithm: only what a certificateDigest identifier needs; kept as the OID.
        next = it.next().transpose()?;
    }
    let set = asn1::expect(next, SET, "deviations")?;
    let mut deviations = Vec::new();
    for d in set.children() {
        deviations.push(deviation(&d?)?);
    }
    if it.next().is_some() {
        return Err(malformed("DeviationList", "fields after deviations"));
    }
    Ok(DeviationList {
        content: content.to_vec(),
        deviations,
        country: None,
        signer: None,
        checks: Vec::new(),
    })
}

/// The digest algorithm a list names (for certificateDigest identifiers), if any.
pub fn digest_algorithm(content: &[u8]) -> Option<HashAlgorithm> {
    let list = asn1::one(content, SEQUENCE, "DeviationList", false).ok()?;
    let alg = list.children().nth(1)?.ok()?;
    if alg.tag != SEQUENCE {
        return None;
    }
    let oid = asn1::oid(alg.children().next()?.ok(), "digestAlgorithm").ok()?;
    HashAlgorithm::from_oid(&oid)
}

fn deviation(t: &Tlv<'_>) -> Result<Deviation, PkiError> {
    if t.tag != SEQUENCE {
        return Err(malformed("Deviation", "not a SEQUENCE"));
    }
    let mut it = t.children();
    let docs = asn1::expect(it.next().transpose()?, SEQUENCE, "DeviationDocuments")?;
    let descs = asn1::expect(it.next().transpose()?, SET, "descriptions")?;
    let mut descriptions = Vec::new();
    for d in descs.children() {
        descriptions.push(description(&d?)?);
    }
    if descriptions.is_empty() {
        return Err(malformed("Deviation", "no description"));
    }
    Ok(Deviation {
        documents: documents(&docs)?,
        descriptions,
    })
}

fn printable(value: &[u8], what: &'static str) -> Result<String, PkiError> {
    std::str::from_utf8(value)
        .map(str::to_string)
        .map_err(|_| malformed(what, "not text"))
}

fn documents(t: &Tlv<'_>) -> Result<DeviationDocuments, PkiError> {
    let mut out = DeviationDocuments::default();
    // The fields in the module's order, each once: [0], one of [1]/[2]/[3], [4], [5].
    let mut last_rank = 0u8;
    for field in t.children() {
        let field = field?;
        let rank = match field.tag {
            0x80 => 1,
            0xA1 | 0x82 | 0x83 => 2,
            0xA4 => 3,
            0xA5 => 4,
            _ => 0,
        };
        if rank != 0 && rank <= last_rank {
            return Err(malformed(
                "DeviationDocuments",
                format!("field {:02X} out of order or repeated", field.tag),
            ));
        }
        last_rank = rank;
        match field.tag {
            0x80 => {
                if field.value.len() != 2 {
                    return Err(malformed("documentType", "not two characters"));
                }
                out.document_type = Some(printable(field.value, "documentType")?);
            }
            0xA1 => {
                let parts = asn1::children(&field)?;
                let (Some(issuer), Some(serial), None) =
                    (parts.first(), parts.get(1), parts.get(2))
                else {
                    return Err(malformed("IssuerAndSerialNumber", "two fields expected"));
                };
                if issuer.tag != SEQUENCE || serial.tag != asn1::INTEGER {
                    return Err(malformed("IssuerAndSerialNumber", "unexpected tags"));
                }
                out.signer = Some(SignerIdentifier::IssuerAndSerial {
                    issuer: Name::from_der(issuer.raw)?,
                    serial: serial.value.to_vec(),
                });
            }
            0x82 => out.signer = Some(SignerIdentifier::SubjectKeyId(field.value.to_vec())),
            0x83 => out.signer = Some(SignerIdentifier::CertificateDigest(field.value.to_vec())),
            0xA4 => {
                let parts = asn1::children(&field)?;
                let (Some(first), Some(last), None) = (parts.first(), parts.get(1), parts.get(2))
                else {
                    return Err(malformed("IssuancePeriod", "two dates expected"));
                };
                out.issued = Some((generalized_date(first)?, generalized_date(last)?));
            }
            0xA5 => {
                for n in field.children() {
                    out.document_numbers
                        .push(printable(n?.value, "documentNumbers")?);
                }
            }
            other => {
                return Err(malformed(
                    "DeviationDocuments",
                    format!("unexpected tag {other:02X}"),
                ));
            }
        }
    }
    Ok(out)
}

/// The day of a GeneralizedTime (`YYYYMMDD…`), at 00:00 UTC.
fn generalized_date(t: &Tlv<'_>) -> Result<i64, PkiError> {
    let bad = || malformed("IssuancePeriod", "bad GeneralizedTime");
    if t.tag != 0x18 {
        return Err(bad());
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        std::str::from_utf8(t.value.get(r)?).ok()?.parse().ok()
    };
    let (y, m, d) = (digits(0..4), digits(4..6), digits(6..8));
    match (y, m, d) {
        (Some(y), Some(m), Some(d)) => date_to_time(i64::from(y), m, d).ok_or_else(bad),
        _ => Err(bad()),
    }
}

fn description(t: &Tlv<'_>) -> Result<DeviationDescription, PkiError> {
    if t.tag != SEQUENCE {
        return Err(malformed("DeviationDescription", "not a SEQUENCE"));
    }
    let mut it = t.children();
    let mut first = it.next().transpose()?;
    let mut description = None;
    // PrintableString as the module says; a UTF8String is read too (lenient parse).
    if first
        .as_ref()
        .is_some_and(|f| f.tag == 0x13 || f.tag == 0x0C)
    {
        description = first
            .as_ref()
            .map(|f| printable(f.value, "description"))
            .transpose()?;
        first = it.next().transpose()?;
    }
    let oid = asn1::expect(first, OID, "deviationType")?;
    let deviation_type = asn1::oid_string(oid.value)?;
    let mut parameter = DeviationParameter::None;
    let mut next = it.next().transpose()?;
    if let Some(p) = next.as_ref().filter(|p| p.tag == 0xA0) {
        parameter = parameters(&deviation_type, p)?;
        next = it.next().transpose()?;
    }
    // nationalUse [1]: the issuing State's own, not interpreted.
    if next.as_ref().is_some_and(|n| n.tag == 0xA1) {
        next = it.next().transpose()?;
    }
    if let Some(extra) = next {
        return Err(malformed(
            "DeviationDescription",
            format!("unexpected field {:02X} after deviationType", extra.tag),
        ));
    }
    Ok(DeviationDescription {
        description,
        deviation_type,
        parameter,
    })
}

/// `parameters [0] ANY DEFINED BY deviationType`: one value inside the explicit tag.
fn parameters(deviation_type: &str, p: &Tlv<'_>) -> Result<DeviationParameter, PkiError> {
    let parts = asn1::children(p)?;
    let (Some(value), None) = (parts.first(), parts.get(1)) else {
        return Err(malformed("parameters", "one value expected"));
    };
    let arc = deviation_type
        .strip_prefix(ID_DEVIATION_LIST)
        .unwrap_or_default();
    let small = |what: &'static str| -> Result<u8, PkiError> {
        if value.tag != asn1::INTEGER {
            return Err(malformed(what, "not an INTEGER"));
        }
        u8::try_from(asn1::small_uint(value, what)?).map_err(|_| malformed(what, "out of range"))
    };
    Ok(match arc {
        ".2.1" | ".2.2" => {
            let dg = small("Datagroup")?;
            if !matches!(dg, 1..=16 | 20 | 21) {
                return Err(malformed("Datagroup", format!("unknown value {dg}")));
            }
            DeviationParameter::DataGroup(dg)
        }
        ".3.1" | ".3.2" => {
            let field = small("MRZField")?;
            if field > 9 {
                return Err(malformed("MRZField", format!("unknown value {field}")));
            }
            DeviationParameter::MrzField(field)
        }
        ".1.2" | ".1.3" if value.tag == OID => {
            DeviationParameter::CertExtension(asn1::oid_string(value.value)?)
        }
        ".1.2" | ".1.3" => {
            let field = small("CertificateBodyField")?;
            if field > 9 {
                return Err(malformed(
                    "CertificateBodyField",
                    format!("unknown value {field}"),
                ));
            }
            DeviationParameter::CertBodyField(field)
        }
        _ => DeviationParameter::Other(value.tag),
    })
}

/// The fuzz target's property (`deviation_list`): any bytes as a deviation list or its content
/// parse or fail, never panic; nothing verifies without a root.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    assert!(parse_deviation_list(data, &[], 0).is_err());
    if let Ok(list) = parse_deviation_content(data) {
        let _ = digest_algorithm(&list.content);
        for d in &list.deviations {
            assert!(!d.descriptions.is_empty());
            assert!(d.descriptions.iter().all(|x| !x.type_name().is_empty()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::tlv::tlv;

    /// The content of testdata/trust/deviation_list.dvl (see its generator).
    const CONTENT: &[u8] = include_bytes!("../../fuzz/corpus/deviation_list/seed_content.der");

    #[test]
    fn the_test_list_parses_and_broken_ones_are_refused() {
        let list = parse_deviation_content(CONTENT).unwrap();
        assert_eq!(list.deviations.len(), 2);
        let by_ski = list
            .deviations
            .iter()
            .find(|d| matches!(d.documents.signer, Some(SignerIdentifier::SubjectKeyId(_))))
            .unwrap();
        assert_eq!(by_ski.documents.document_type.as_deref(), Some("P<"));
        assert_eq!(by_ski.documents.document_numbers, ["L898902C3"]);
        assert_eq!(by_ski.descriptions[0].type_name(), "MRZ check digit wrong");
        assert_eq!(
            by_ski.descriptions[0].parameter,
            DeviationParameter::MrzField(4)
        );
        let by_issuer = list.deviations.iter().find(|d| d != &by_ski).unwrap();
        assert_eq!(
            by_issuer.descriptions[0].parameter,
            DeviationParameter::DataGroup(2)
        );
        assert_eq!(
            by_issuer.descriptions[0].parameter.name().as_deref(),
            Some("DG2")
        );
        assert_eq!(digest_algorithm(CONTENT), None);
        fuzz_check(CONTENT);

        // Version 1, a truncated list, a deviation without a description, an unknown field,
        // a three-letter document type, documentNumbers before documentType, Datagroup 17,
        // a field after nationalUse.
        let doc = |docs: &[u8], desc: &[u8]| -> Vec<u8> {
            let deviation = tlv(
                SEQUENCE,
                &[tlv(SEQUENCE, docs), tlv(SET, &tlv(SEQUENCE, desc))].concat(),
            );
            tlv(
                SEQUENCE,
                &[tlv(asn1::INTEGER, &[0]), tlv(SET, &deviation)].concat(),
            )
        };
        let dg_hash = [
            tlv(OID, &[0x67, 0x81, 0x08, 0x01, 0x01, 0x07, 0x02, 0x02]),
            tlv(0xA0, &tlv(asn1::INTEGER, &[2])),
        ]
        .concat();
        assert!(parse_deviation_content(&doc(&[], &dg_hash)).is_ok());
        let number = tlv(0xA5, &tlv(0x13, b"X1"));
        let bad_docs = [
            doc(&tlv(0x80, b"P<<"), &dg_hash),
            doc(&[number.clone(), tlv(0x80, b"P<")].concat(), &dg_hash),
            doc(&[number.clone(), number].concat(), &dg_hash),
            doc(&[], &[&dg_hash[..dg_hash.len() - 1], &[17]].concat()),
            doc(
                &[],
                &[dg_hash.clone(), tlv(0xA1, &[]), tlv(0xA0, &[])].concat(),
            ),
        ];
        for bad in &bad_docs {
            assert!(parse_deviation_content(bad).is_err(), "{bad:02X?}");
            fuzz_check(bad);
        }
        let mut v1 = CONTENT.to_vec();
        let at = CONTENT
            .windows(3)
            .position(|w| w == [0x02, 0x01, 0x00])
            .unwrap();
        v1[at + 2] = 1;
        for bad in [
            v1.as_slice(),
            &CONTENT[..CONTENT.len() - 1],
            &[
                0x30, 0x09, 0x02, 0x01, 0x00, 0x31, 0x04, 0x30, 0x02, 0x30, 0x00,
            ][..],
            &[
                0x30, 0x0D, 0x02, 0x01, 0x00, 0x31, 0x08, 0x30, 0x06, 0x30, 0x02, 0x99, 0x00, 0x31,
                0x00,
            ][..],
        ] {
            assert!(parse_deviation_content(bad).is_err(), "{bad:02X?}");
            fuzz_check(bad);
        }
    }
}
