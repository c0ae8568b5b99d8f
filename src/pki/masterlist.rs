//! CSCA master lists (ICAO 9303-12 §8): CMS SignedData with eContentType
//! id-icao-cscaMasterList over `CscaMasterList ::= SEQUENCE { version, certList SET OF
//! Certificate }`, whose signer certificate must chain to a configured master-list root of the
//! signer's own country and carry the master-list signer extended key usage.

use super::asn1::{self, SEQUENCE, SET};
use super::cert::{Certificate, EKU_MASTER_LIST_SIGNER, KEY_USAGE_KEY_CERT_SIGN};
use super::check::{Check, Status, format_time, worst};
use super::cms::{ATTR_SIGNING_TIME, ID_CSCA_MASTER_LIST, SignedData, parse_content_info};
use super::error::{PkiError, malformed};
use super::signed::verify_signer;

/// A verified master list.
#[derive(Debug, Clone)]
pub struct MasterList {
    /// CscaMasterList version.
    pub version: u64,
    /// The CSCA (and link) certificates in the list.
    pub certificates: Vec<Certificate>,
    /// Entries that could not be parsed as certificates (skipped).
    pub skipped: usize,
    /// The master-list signer certificate.
    pub signer: Certificate,
    /// The root that signed the signer certificate.
    pub root: Certificate,
    /// The checks made (CMS signature, signer chain and validity).
    pub checks: Vec<Check>,
    /// The list's signing time (signed attribute signingTime, RFC 5652 §11.3), seconds since
    /// the Unix epoch: the date the State issued it (CscaMasterList itself carries none).
    pub signing_time: Option<i64>,
}

/// Parses a master list and verifies its signature and its signer's chain to one of `roots`
/// at `time`; any failed or unsupported check makes it [`PkiError::MasterListUntrusted`].
///
/// `roots` must be the master-list roots the caller configured for this purpose (e.g. the
/// issuing State's CSCA named by the desk's configuration), never every CSCA it trusts: any
/// CSCA could otherwise vouch for trust anchors of every country. The signer must also carry
/// the master-list signer extended key usage and name the root's country.
pub fn parse_master_list(
    bytes: &[u8],
    roots: &[Certificate],
    time: i64,
) -> Result<MasterList, PkiError> {
    let sd = parse_content_info(bytes)?;
    if sd.content_type != ID_CSCA_MASTER_LIST {
        return Err(PkiError::ContentType {
            found: sd.content_type.clone(),
            expected: "id-icao-cscaMasterList",
        });
    }
    let ListSigner {
        signer,
        root,
        checks,
    } = verify_list_signer(&sd, &LIST_KIND, roots, time).map_err(PkiError::MasterListUntrusted)?;

    let signing_time = sd
        .signer_infos
        .first()
        .and_then(|si| si.attribute(ATTR_SIGNING_TIME))
        .and_then(Result::ok)
        .and_then(|t| super::der_time(&t));
    let content = sd
        .content
        .as_deref()
        .ok_or_else(|| malformed("CscaMasterList", "no content"))?;
    let list = asn1::one(content, SEQUENCE, "CscaMasterList", false)?;
    let mut it = list.children();
    let version_t = it
        .next()
        .transpose()?
        .ok_or_else(|| malformed("CscaMasterList", "empty"))?;
    let version = asn1::small_uint(&version_t, "CscaMasterList version")?;
    let set = asn1::expect(it.next().transpose()?, SET, "certList")?;
    let mut certificates = Vec::new();
    let mut skipped = 0;
    for c in set.children() {
        match Certificate::from_der(c?.raw) {
            Ok(cert) => certificates.push(cert),
            Err(_) => skipped += 1,
        }
    }
    Ok(MasterList {
        version,
        certificates,
        skipped,
        signer,
        root,
        checks,
        signing_time,
    })
}

/// What kind of signed list is verified: its content type, the check ids' prefix and the
/// extended key usage its signer must carry.
pub(crate) struct ListKind {
    /// The eContentType.
    pub content_type: &'static str,
    /// The prefix of the check ids (`masterlist`, `deviationlist`).
    pub prefix: &'static str,
    /// The signer's required extended key usage (OID).
    pub eku: &'static str,
    /// What the signer is called in messages.
    pub signer_name: &'static str,
}

const LIST_KIND: ListKind = ListKind {
    content_type: ID_CSCA_MASTER_LIST,
    prefix: "masterlist",
    eku: EKU_MASTER_LIST_SIGNER,
    signer_name: "master-list signer",
};

/// The signer of a verified list, the root that issued it and the checks made.
pub(crate) struct ListSigner {
    /// The signer certificate.
    pub signer: Certificate,
    /// The root that signed it.
    pub root: Certificate,
    /// The checks (CMS signature, signer validity, chain, EKU, country).
    pub checks: Vec<Check>,
}

/// Verifies a signed list's CMS signature and its signer: valid at `time`, issued by one of
/// `roots` (of the signer's own country) and carrying the list kind's extended key usage.
/// The error lists every check that did not pass.
pub(crate) fn verify_list_signer(
    sd: &SignedData<'_>,
    kind: &ListKind,
    roots: &[Certificate],
    time: i64,
) -> Result<ListSigner, String> {
    let id = |name: &str| format!("{}.{name}", kind.prefix);
    let outcome = verify_signer(sd, &[], &[kind.content_type]);
    let mut checks = outcome.checks;
    let signer = outcome
        .signer
        .ok_or_else(|| "signer certificate not found".to_string())?;
    checks.push(
        if signer.valid_at(time) {
            Check::new(
                id("signer_validity"),
                Status::Passed,
                "signer valid at the check time",
            )
        } else {
            Check::new(
                id("signer_validity"),
                Status::Failed,
                "signer not valid at the check time",
            )
        }
        .with("notBefore", format_time(signer.not_before))
        .with("notAfter", format_time(signer.not_after)),
    );
    let root = roots
        .iter()
        .filter(|r| r.subject.same_as(&signer.issuer) && r.allows(KEY_USAGE_KEY_CERT_SIGN))
        .find(|r| signer.verify_signed_by(&r.public_key).is_ok())
        .cloned();
    let Some(root) = root else {
        return Err(format!(
            "signer {} not signed by a configured root",
            signer.subject.display()
        ));
    };
    checks.push(
        Check::new(
            id("signer_chain"),
            Status::Passed,
            "signer certificate signed by the root",
        )
        .with("root", root.subject.display())
        .with("rootSerial", root.serial_hex()),
    );
    // ICAO 9303-12 §7.1.1 (certificate profile, ExtKeyUsage of the Master List Signer and the
    // Deviation List Signer, mandatory): only a key certified for the list's purpose signs it,
    // not a document signer or any other key the root issued.
    checks.push(
        if signer.has_ext_key_usage(kind.eku) {
            Check::new(
                id("signer_eku"),
                Status::Passed,
                format!(
                    "signer certificate is a {} (extended key usage)",
                    kind.signer_name
                ),
            )
        } else {
            Check::new(
                id("signer_eku"),
                Status::Failed,
                format!(
                    "signer certificate lacks the {} extended key usage {}",
                    kind.signer_name, kind.eku
                ),
            )
        }
        .with("signer", signer.subject.display()),
    );
    checks.push(signer_country(&id("signer_country"), &signer, &root));
    if worst(&checks) != Status::Passed {
        let bad: Vec<String> = checks
            .iter()
            .filter(|c| c.status != Status::Passed)
            .map(|c| format!("{}: {}", c.id, c.message))
            .collect();
        return Err(bad.join("; "));
    }
    Ok(ListSigner {
        signer,
        root,
        checks,
    })
}

/// The signer, its issuer and the root name one country (ICAO 9303-12 §8: a State's master
/// list is signed under its own CSCA; §7.1.1: the country attribute in issuer and subject).
fn signer_country(id: &str, signer: &Certificate, root: &Certificate) -> Check {
    let root_c = root.subject.country();
    let signer_c = signer.subject.country();
    let issuer_c = signer.issuer.country();
    let same = root_c.is_some() && signer_c == root_c && issuer_c == root_c;
    let mut check = if same {
        Check::new(id, Status::Passed, "signer and root of one country")
    } else {
        Check::new(
            id,
            Status::Failed,
            "signer country differs from the root's (or is missing)",
        )
    };
    for (k, v) in [
        ("rootCountry", root_c),
        ("signerCountry", signer_c),
        ("signerIssuerCountry", issuer_c),
    ] {
        check = check.with(k, v.unwrap_or_else(|| "-".into()));
    }
    check
}

/// The fuzz target's property: parsing any bytes as a master list never panics.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let _ = parse_master_list(data, &[], 0);
    if let Ok(sd) = parse_content_info(data) {
        let _ = verify_signer(&sd, &[], &[ID_CSCA_MASTER_LIST]);
    }
}
