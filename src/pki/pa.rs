//! Passive authentication (ICAO 9303-11 §5.1): EF.SOD's signature, the document signer's
//! chain to a trusted CSCA, and every data group read against the hash the issuer signed.

use super::chain::verify_dsc;
use super::check::{Check, Status, worst};
use super::cms::parse_content_info;
use super::signed::{SOD_CONTENT_TYPES, hex, verify_signer};
use super::store::TrustStore;
use crate::crypto::hash::HashAlgorithm;
use crate::lds::{LdsSecurityObject, unwrap_ef_sod};
use subtle::ConstantTimeEq;

/// What passive authentication checks.
#[derive(Debug, Clone, Copy)]
pub struct PaInput<'a> {
    /// EF.SOD as read (with its 0x77 tag).
    pub sod: &'a [u8],
    /// Data groups read from the chip: (number, whole file bytes).
    pub data_groups: &'a [(u8, &'a [u8])],
    /// Data groups the chip refused to the reader's access rights (e.g. 6982 after access
    /// control), as the caller's reader established. A data group EF.SOD lists that is
    /// neither given nor refused keeps the data-group status from passing; DG3 and DG4 are
    /// always excused (ICAO 9303-11 §7: readable only after extended access control), DG1
    /// and DG2 never.
    pub refused: &'a [u8],
    /// The time to check certificates at, seconds since the Unix epoch.
    pub time: i64,
    /// The document's issuing state as in the MRZ (e.g. `D<<`, `NLD`), if known.
    pub issuing_state: Option<&'a str>,
}

/// The result of passive authentication.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PassiveAuthentication {
    /// The worst of the three statuses below.
    pub status: Status,
    /// Status of EF.SOD's CMS signature (content type, digest, signature).
    pub sod_signature: Status,
    /// Status of the document signer's chain to a CSCA.
    pub chain: Status,
    /// Status of the data-group hashes: `passed` only when DG1 and every data group EF.SOD
    /// lists were given (or refused by access control) and every one given matches.
    pub data_groups: Status,
    /// The signed LDSSecurityObject, when EF.SOD could be parsed.
    pub lds_security_object: Option<LdsSecurityObject>,
    /// Every check with its evidence.
    pub checks: Vec<Check>,
}

impl PassiveAuthentication {
    /// True only when the SOD signature and chain verify, DG1 and every other data group
    /// EF.SOD lists was given (or excused as refused) and every data group given matches.
    pub fn genuine(&self) -> bool {
        self.sod_signature == Status::Passed
            && matches!(
                self.chain,
                Status::Passed | Status::Warning | Status::NotChecked
            )
            && self.chain_core_passed()
            && self.data_groups == Status::Passed
    }

    fn chain_core_passed(&self) -> bool {
        ["chain.csca", "dsc.validity", "csca.validity"]
            .iter()
            .all(|id| {
                self.checks
                    .iter()
                    .any(|c| c.id == *id && c.status == Status::Passed)
            })
    }

    /// The data groups given whose bytes match the hash a valid EF.SOD signature covers (not
    /// those excused as unread): only their contents are signed data.
    pub fn signed_data_groups(&self) -> Vec<u8> {
        if self.sod_signature != Status::Passed {
            return Vec::new();
        }
        self.checks
            .iter()
            .filter(|c| c.status == Status::Passed && c.message == HASH_MATCHES)
            .filter_map(|c| c.id.strip_prefix("dg.")?.parse().ok())
            .collect()
    }

    /// The first check with this id.
    pub fn check(&self, id: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.id == id)
    }
}

/// The message of a data group whose hash matches EF.SOD's.
const HASH_MATCHES: &str = "hash matches EF.SOD";

/// Runs passive authentication against `store`.
pub fn passive_authentication(input: &PaInput<'_>, store: &TrustStore) -> PassiveAuthentication {
    let mut checks = Vec::new();
    let parsed = unwrap_ef_sod(input.sod)
        .map_err(|e| e.to_string())
        .and_then(|ci| parse_content_info(ci).map_err(|e| e.to_string()));
    let sd = match parsed {
        Ok(sd) => sd,
        Err(e) => {
            checks.push(Check::new(
                "sod.parse",
                Status::Failed,
                format!("EF.SOD unreadable: {e}"),
            ));
            return finish(
                None,
                checks,
                Status::Failed,
                Status::NotChecked,
                Status::NotChecked,
            );
        }
    };
    let lds = match sd.content.as_deref().map(LdsSecurityObject::parse) {
        Some(Ok(lds)) => Some(lds),
        Some(Err(e)) => {
            checks.push(Check::new(
                "sod.parse",
                Status::Failed,
                format!("LDSSecurityObject unreadable: {e}"),
            ));
            None
        }
        None => {
            checks.push(Check::new(
                "sod.parse",
                Status::Failed,
                "EF.SOD has no content",
            ));
            None
        }
    };
    if lds.is_some() {
        checks.push(Check::new("sod.parse", Status::Passed, "EF.SOD parsed"));
    }

    let signer = verify_signer(&sd, store.document_signers(), SOD_CONTENT_TYPES);
    let sod_status = worst(&signer.checks);
    checks.extend(signer.checks);
    let chain_status = match &signer.signer {
        Some(dsc) => {
            let chain = verify_dsc(dsc, store, input.time, input.issuing_state);
            // A check that could not run (no CRL) does not lower the chain's status.
            let ran: Vec<Check> = chain
                .checks
                .iter()
                .filter(|c| c.status != Status::NotChecked)
                .cloned()
                .collect();
            let s = worst(&ran);
            checks.extend(chain.checks);
            s
        }
        None => {
            checks.push(Check::new(
                "chain.csca",
                Status::NotChecked,
                "no document signer certificate",
            ));
            Status::NotChecked
        }
    };
    let (dg_checks, dg_status) = match &lds {
        Some(lds) => {
            let given = data_group_checks(lds, input.data_groups);
            let missing = missing_data_groups(lds, input);
            // Excused absences (refused, EAC) are reported but do not lower the status.
            let counted: Vec<Check> = given
                .iter()
                .chain(missing.iter().filter(|c| c.status != Status::Passed))
                .cloned()
                .collect();
            let status = worst(&counted);
            (given.into_iter().chain(missing).collect(), status)
        }
        None => (
            vec![Check::new("dg", Status::NotChecked, "no LDSSecurityObject")],
            Status::NotChecked,
        ),
    };
    checks.extend(dg_checks);
    let sod_status = if lds.is_none() {
        Status::Failed
    } else {
        sod_status
    };
    finish(lds, checks, sod_status, chain_status, dg_status)
}

fn finish(
    lds: Option<LdsSecurityObject>,
    checks: Vec<Check>,
    sod_signature: Status,
    chain: Status,
    data_groups: Status,
) -> PassiveAuthentication {
    PassiveAuthentication {
        status: sod_signature.max(chain).max(data_groups),
        sod_signature,
        chain,
        data_groups,
        lds_security_object: lds,
        checks,
    }
}

/// The data groups that were not given: DG1 always counts (the MRZ the document's data and
/// its access key come from), and so does every data group EF.SOD lists, unless it is DG3 or
/// DG4, which only extended access control opens (ICAO 9303-11 §7), or the caller's reader
/// was refused it — except DG2, the face, which like DG1 is mandatory (ICAO 9303-10 §4.7)
/// and which staff compare with the holder. A counted absence is `not_checked`; an excused
/// one is `passed` with the reason, so that the report shows it.
fn missing_data_groups(lds: &LdsSecurityObject, input: &PaInput<'_>) -> Vec<Check> {
    let given = |n: u8| input.data_groups.iter().any(|(g, _)| *g == n);
    let mut listed: Vec<u8> = lds.data_group_hashes.iter().map(|d| d.number).collect();
    if !listed.contains(&1) {
        listed.push(1);
    }
    listed.sort_unstable();
    let mut out = Vec::new();
    for n in listed.into_iter().filter(|n| !given(*n)) {
        let id = format!("dg.{n}");
        let check = if n == 1 {
            let message = if lds.hash_of(1).is_some() {
                "DG1 not read: the document's data is not proven by EF.SOD"
            } else {
                "EF.SOD has no hash of DG1 and DG1 was not read"
            };
            Check::new(id, Status::NotChecked, message)
        } else if n != 2 && input.refused.contains(&n) {
            Check::new(
                id,
                Status::Passed,
                "listed in EF.SOD; the chip refused it to the reader's access rights",
            )
        } else if n == 3 || n == 4 {
            Check::new(
                id,
                Status::Passed,
                "listed in EF.SOD; readable only after extended access control",
            )
        } else {
            Check::new(id, Status::NotChecked, "listed in EF.SOD but not read")
        };
        out.push(check.with("listedInSod", lds.hash_of(n).is_some().to_string()));
    }
    out
}

/// ICAO 9303-10 §4.6.2: each data group's hash over its whole file must equal the signed one.
fn data_group_checks(lds: &LdsSecurityObject, dgs: &[(u8, &[u8])]) -> Vec<Check> {
    let mut out = Vec::new();
    let Some(hash) = HashAlgorithm::from_oid(&lds.hash_algorithm_oid) else {
        out.push(
            Check::new(
                "sod.hash_algorithm",
                Status::Unsupported,
                "LDS hash algorithm not supported",
            )
            .with("oid", &lds.hash_algorithm_oid),
        );
        return out;
    };
    let wrong: Vec<String> = lds
        .data_group_hashes
        .iter()
        .filter(|d| d.hash.len() != hash.output_len())
        .map(|d| format!("DG{}", d.number))
        .collect();
    out.push(if wrong.is_empty() {
        Check::new(
            "sod.hash_algorithm",
            Status::Passed,
            "signed hashes have the declared algorithm's length",
        )
        .with("hashAlgorithm", hash.name())
    } else {
        Check::new(
            "sod.hash_algorithm",
            Status::Failed,
            "signed hashes do not fit the declared hash algorithm",
        )
        .with("hashAlgorithm", hash.name())
        .with("dataGroups", wrong.join(","))
    });
    for &(number, bytes) in dgs {
        let id = format!("dg.{number}");
        let actual = hash.digest(bytes);
        let check = match lds.hash_of(number) {
            None => Check::new(id, Status::Warning, "data group present but not in EF.SOD"),
            Some(signed) if bool::from(signed.ct_eq(actual.as_slice())) => {
                Check::new(id, Status::Passed, HASH_MATCHES).with("hash", hex(&actual))
            }
            Some(signed) => Check::new(id, Status::Failed, "hash differs from EF.SOD")
                .with("signed", hex(signed))
                .with("actual", hex(&actual)),
        };
        out.push(check.with("hashAlgorithm", hash.name()));
    }
    out
}

/// The fuzz target's property: any bytes as EF.SOD give a result, never a panic.
#[doc(hidden)]
pub fn fuzz_check(data: &[u8]) {
    let store = TrustStore::new();
    let dg: &[u8] = b"\x61\x03\x5f\x1f\x00";
    let input = PaInput {
        sod: data,
        data_groups: &[(1, dg)],
        refused: &[],
        time: 0,
        issuing_state: Some("UTO"),
    };
    let result = passive_authentication(&input, &store);
    assert!(!result.genuine());
}
