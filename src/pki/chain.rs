//! The document signer's chain (ICAO 9303-12 §5, §7.1): DSC validity, key usage and critical
//! extensions at the check time, the CSCA (self-signed or link) whose key signed it, that
//! CSCA's validity and key usage, the countries, and revocation by a CSCA-signed CRL.

use super::anchor_source::AnchorSource;
use super::cert::{
    Certificate, KEY_USAGE_CRL_SIGN, KEY_USAGE_DIGITAL_SIGNATURE, KEY_USAGE_KEY_CERT_SIGN,
};
use super::check::{Check, Status, format_time};
use super::country::certificate_country;
use super::crl::Crl;
use super::store::TrustStore;
use crate::crypto::signature::SignatureError;

/// The CSCA found (if any) and the chain checks.
#[derive(Debug, Clone)]
pub struct ChainOutcome {
    /// The CSCA whose key verified the DSC (preferring one valid at the check time).
    pub csca: Option<Certificate>,
    /// `dsc.validity`, `dsc.key_usage`, `dsc.extensions`, `chain.csca`, `csca.validity`,
    /// `csca.key_usage`, `chain.country`, `dsc.revocation`.
    pub checks: Vec<Check>,
}

/// Checks `dsc` against the CSCAs and CRLs of `store` at `time` (seconds since the Unix
/// epoch). `issuing_state` is the document's issuer as in the MRZ (e.g. `DEU`), if known.
pub fn verify_dsc(
    dsc: &Certificate,
    store: &TrustStore,
    time: i64,
    issuing_state: Option<&str>,
) -> ChainOutcome {
    let mut checks = vec![
        validity("dsc.validity", "document signer", dsc, time),
        key_usage(
            "dsc.key_usage",
            dsc,
            KEY_USAGE_DIGITAL_SIGNATURE,
            "digitalSignature",
        ),
        extensions("dsc.extensions", dsc),
    ];

    let mut verifying = Vec::new();
    let mut unsupported = None;
    for c in store.issuers_of(dsc) {
        match dsc.verify_signed_by(&c.public_key) {
            Ok(()) => verifying.push(c),
            Err(SignatureError::Unsupported(why)) => unsupported = Some(why),
            Err(_) => {}
        }
    }
    // Prefer a CSCA valid now, then a self-signed one over a link certificate.
    verifying.sort_by_key(|c| {
        (
            !c.valid_at(time),
            c.verify_signed_by(&c.public_key).is_err(),
        )
    });
    let Some(csca) = verifying.first().map(|c| (*c).clone()) else {
        checks.push(no_verifying_csca(dsc, store, unsupported));
        return ChainOutcome { csca: None, checks };
    };
    let alg = dsc
        .signature_algorithm
        .as_ref()
        .map(|a| a.describe())
        .unwrap_or_default();
    checks.push(
        Check::new(
            "chain.csca",
            Status::Passed,
            "document signer signed by a trusted CSCA",
        )
        .with("cscaSubject", csca.subject.display())
        .with("cscaSerial", csca.serial_hex())
        .with("cscaKey", csca.public_key.describe())
        .with(
            "cscaKeyId",
            csca.subject_key_id
                .as_deref()
                .map(super::signed::hex)
                .unwrap_or_default(),
        )
        .with("signatureAlgorithm", alg)
        .with("candidates", verifying.len().to_string()),
    );
    if let Some(c) = checks.last_mut() {
        add_source(c, store.source_of(&csca));
    }
    checks.push(validity("csca.validity", "CSCA", &csca, time));
    checks.push(key_usage(
        "csca.key_usage",
        &csca,
        KEY_USAGE_KEY_CERT_SIGN,
        "keyCertSign",
    ));
    checks.push(country(dsc, &csca, issuing_state));
    checks.push(revocation(
        "dsc.revocation",
        "document signer",
        dsc,
        &csca,
        store,
        time,
    ));
    if let Some(check) = link_revocation(&csca, store, time) {
        checks.push(check);
    }
    ChainOutcome {
        csca: Some(csca),
        checks,
    }
}

/// Why no CSCA of the store verified `dsc`, told apart for the desk: the store holds no CSCA
/// of the document signer's country at all (trust material missing, not a forgery), it holds
/// CSCAs of that country but none is the one named as issuer, or the named one's key does not
/// verify the signature. `evidence.reason` carries which (`no_csca_for_country`,
/// `no_matching_csca`, `signature`), `unsupported` an algorithm that could not be checked.
fn no_verifying_csca(dsc: &Certificate, store: &TrustStore, unsupported: Option<String>) -> Check {
    let id = "chain.csca";
    let country = dsc.issuer.country();
    let named = store.issuers_of(dsc).len();
    let (status, reason, message) = if let Some(why) = unsupported {
        (
            Status::Unsupported,
            "unsupported",
            format!("CSCA signature not checkable: {why}"),
        )
    } else if let Some(cc) = country
        .as_deref()
        .filter(|cc| store.cscas_of_country(cc) == 0)
    {
        (
            Status::Failed,
            NO_CSCA_FOR_COUNTRY,
            format!("no CSCA for country {cc} in the trust store"),
        )
    } else if named > 0 {
        (
            Status::Failed,
            "signature",
            "the document signer's signature verifies with no CSCA of the trust store".to_string(),
        )
    } else {
        (
            Status::Failed,
            "no_matching_csca",
            "no trusted CSCA signed the document signer".to_string(),
        )
    };
    let mut check = Check::new(id, status, message)
        .with("dscIssuer", dsc.issuer.display())
        .with("reason", reason)
        .with("candidates", named.to_string());
    if let Some(cc) = country {
        check = check.with("dscIssuerCountry", cc);
    }
    check
}

/// `chain.csca`'s `reason` when the store holds no CSCA of the document signer's country.
pub const NO_CSCA_FOR_COUNTRY: &str = "no_csca_for_country";

/// When the CSCA that verified the DSC is a link certificate (ICAO 9303-12, CSCA link
/// certificates: the new CSCA key certified by the previous one), whether the previous CSCA's
/// CRLs revoke the link: `csca.revocation`. `None` for a self-signed CSCA.
fn link_revocation(link: &Certificate, store: &TrustStore, time: i64) -> Option<Check> {
    if link.verify_signed_by(&link.public_key).is_ok() {
        return None;
    }
    let id = "csca.revocation";
    let issuer = store
        .issuers_of(link)
        .into_iter()
        .find(|c| c.der != link.der && link.verify_signed_by(&c.public_key).is_ok());
    Some(match issuer {
        Some(issuer) => revocation(id, "link", link, issuer, store, time),
        None => Check::new(
            id,
            Status::NotChecked,
            "the CSCA that issued the link certificate is not in the trust store",
        )
        .with("linkIssuer", link.issuer.display()),
    })
}

fn validity(id: &str, what: &str, cert: &Certificate, time: i64) -> Check {
    let (status, msg) = if cert.valid_at(time) {
        (
            Status::Passed,
            format!("{what} certificate valid at the check time"),
        )
    } else if time < cert.not_before {
        (Status::Failed, format!("{what} certificate not yet valid"))
    } else {
        (Status::Failed, format!("{what} certificate expired"))
    };
    Check::new(id, status, msg)
        .with("subject", cert.subject.display())
        .with("notBefore", format_time(cert.not_before))
        .with("notAfter", format_time(cert.not_after))
        .with("checkTime", format_time(time))
}

fn key_usage(id: &str, cert: &Certificate, bit: u16, name: &str) -> Check {
    match cert.key_usage {
        None => Check::new(
            id,
            Status::Warning,
            format!("no key usage extension (expected {name})"),
        ),
        Some(ku) if ku & bit != 0 => {
            Check::new(id, Status::Passed, format!("key usage allows {name}"))
        }
        Some(ku) => Check::new(
            id,
            Status::Failed,
            format!("key usage does not allow {name}"),
        )
        .with("keyUsage", format!("{ku:#06x}")),
    }
}

fn extensions(id: &str, cert: &Certificate) -> Check {
    if cert.unknown_critical.is_empty() {
        Check::new(id, Status::Passed, "no unknown critical extension")
    } else {
        Check::new(id, Status::Failed, "unknown critical extension")
            .with("oids", cert.unknown_critical.join(","))
    }
}

fn country(dsc: &Certificate, csca: &Certificate, issuing_state: Option<&str>) -> Check {
    let id = "chain.country";
    let dsc_c = dsc.subject.country();
    let dsc_issuer_c = dsc.issuer.country();
    let csca_c = csca.subject.country();
    let mut check = Check::new(id, Status::Passed, "countries agree");
    if let Some(c) = &dsc_c {
        check = check.with("dscCountry", c.clone());
    }
    if let Some(c) = &csca_c {
        check = check.with("cscaCountry", c.clone());
    }
    if dsc_c.is_none() || csca_c.is_none() {
        check.status = Status::Warning;
        check.message = "a certificate has no country".into();
        return check;
    }
    if dsc_c != csca_c || dsc_issuer_c != csca_c {
        check.status = Status::Failed;
        check.message = "document signer and CSCA countries differ".into();
        return check;
    }
    if let Some(state) = issuing_state {
        check = check.with("issuingState", state);
        match certificate_country(state) {
            Some(cc) if Some(cc) == csca_c.as_deref() => {}
            Some(_) => {
                check.status = Status::Failed;
                check.message = "CSCA country differs from the document's issuing state".into();
            }
            None => {
                check.status = Status::Warning;
                check.message = "issuing state code unknown".into();
            }
        }
    }
    check
}

/// Revocation of the document signer by the CRLs of its CSCA (RFC 5280 §6.3, ICAO 9303-12
/// §7.1.4). A CRL is *usable* when it is the CSCA's (same issuer name and, when the CRL names
/// its key, the same key), the CSCA's key usage allows cRLSign, its signature verifies with the
/// CSCA's key, it is a complete CRL (not a delta, §5.2.4) and it has no critical extension this
/// library does not process (§5.2, §5.3).
///
/// A DSC listed in any usable CRL is revoked, whatever the order of the CRLs and whether a
/// newer CRL still lists it: an entry stays on CRLs until the certificate expires (§3.3), so a
/// newer CRL never takes back a revocation and an older one never hides a newer. Otherwise the
/// newest usable CRL (by thisUpdate) that is still current says "not revoked"; when every
/// usable CRL is out of date (nextUpdate passed, §5.1.2.5) revocation is unknown: a warning.
/// `what` names the certificate in messages ("document signer", "link"); `dsc` is
/// the certificate checked, `csca` its issuer.
fn revocation(
    id: &str,
    what: &str,
    dsc: &Certificate,
    csca: &Certificate,
    store: &TrustStore,
    time: i64,
) -> Check {
    // The CSCA's own CRLs: same issuer name and, when the CRL names its key, the same key
    // (a CSCA's older key under the same name has CRLs of its own).
    let own: Vec<&Crl> = store
        .crls()
        .iter()
        .filter(|c| {
            c.issuer.same_as(&csca.subject)
                && (c.authority_key_id.is_none()
                    || csca.subject_key_id.is_none()
                    || c.authority_key_id == csca.subject_key_id)
        })
        .collect();
    if own.is_empty() {
        return Check::new(id, Status::NotChecked, "no CRL for this CSCA");
    }
    let mut unusable = Vec::new();
    let mut usable = Vec::new();
    for crl in own {
        let why = if !csca.allows(KEY_USAGE_CRL_SIGN) {
            Some("CSCA key usage does not allow cRLSign".to_string())
        } else if crl.delta {
            Some("delta CRL".to_string())
        } else if !crl.unknown_critical.is_empty() {
            Some(format!(
                "unprocessed critical extension {}",
                crl.unknown_critical.join(",")
            ))
        } else {
            crl.verify_signed_by(&csca.public_key)
                .err()
                .map(|e| format!("CRL signature: {e}"))
        };
        match why {
            Some(why) => unusable.push(format!("{} ({why})", describe(crl))),
            None => usable.push(crl),
        }
    }
    let with_evidence = |check: Check, crl: &Crl| {
        let mut check = check
            .with("crlIssuer", crl.issuer.display())
            .with("crlThisUpdate", format_time(crl.this_update))
            .with("serial", dsc.serial_hex())
            .with("crls", usable.len().to_string());
        if let Some(next) = crl.next_update {
            check = check.with("crlNextUpdate", format_time(next));
        }
        if let Some(n) = &crl.crl_number {
            check = check.with("crlNumber", n.clone());
        }
        if !unusable.is_empty() {
            check = check.with("crlsUnusable", unusable.join("; "));
        }
        check
    };
    if let Some(crl) = usable
        .iter()
        .filter(|c| c.is_revoked(&dsc.serial))
        .max_by_key(|c| c.this_update)
    {
        let check = Check::new(
            id,
            Status::Failed,
            format!("{what} certificate revoked by {}", describe(crl)),
        );
        return with_evidence(check, crl);
    }
    let newest_current = usable
        .iter()
        .filter(|c| !c.expired_at(time))
        .max_by_key(|c| c.this_update);
    if let Some(crl) = newest_current {
        let check = Check::new(
            id,
            Status::Passed,
            format!("not listed in the CSCA's CRLs (newest: {})", describe(crl)),
        );
        return with_evidence(check, crl);
    }
    if let Some(crl) = usable.iter().max_by_key(|c| c.this_update) {
        let check = Check::new(
            id,
            Status::Warning,
            format!(
                "not listed, but the CRL is out of date ({}): revocation unknown",
                describe(crl)
            ),
        );
        return with_evidence(check, crl);
    }
    Check::new(
        id,
        Status::Failed,
        format!("CRL not usable: {}", unusable.join("; ")),
    )
}

/// A CRL named for messages: issuer, thisUpdate and cRLNumber.
fn describe(crl: &Crl) -> String {
    let mut s = format!(
        "the CRL of {} of {}",
        crl.issuer.display(),
        format_time(crl.this_update)
    );
    if let Some(n) = &crl.crl_number {
        s.push_str(&format!(", number {n}"));
    }
    s
}

/// Adds the evidence naming where the CSCA that decided the chain came from (the trust
/// store's [`AnchorSource`]); none when the store did not record it.
fn add_source(check: &mut Check, source: Option<&AnchorSource>) {
    let Some(source) = source else { return };
    let mut put = |k: &str, v: String| {
        check.evidence.insert(k.to_string(), v);
    };
    put("cscaSource", source.describe());
    put("cscaSourceKind", source.kind().to_string());
    if let Some(file) = source.file() {
        put("cscaSourceFile", file.to_string());
    }
    if let Some(date) = source.issue_date() {
        put("cscaSourceIssued", date);
    }
    if let AnchorSource::MasterList { signer, .. } = source {
        put("cscaSourceSigner", signer.clone());
    }
}
