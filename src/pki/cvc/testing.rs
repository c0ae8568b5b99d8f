//! Deterministic test PKIs of card-verifiable certificates: CVCAs, DVs and terminals on
//! brainpoolP256r1 with id-TA-ECDSA-SHA-256, keys derived from fixed names, built with the
//! encoder. For tests and the emulator only; never for production keys.

use super::{
    AccessRight, CertificateBody, Chat, CvCertificate, CvcDate, CvcKeyAlgorithm, CvcPublicKey,
    EcDomain, Role, TerminalType,
};
use crate::crypto::curves::NamedCurve;
use crate::crypto::ecdsa_sign::EcdsaPrivateKey;
use crate::crypto::hash::HashAlgorithm;

/// The curve of every test key.
pub const CURVE: NamedCurve = NamedCurve::BrainpoolP256r1;
/// The algorithm of every test key.
pub const ALGORITHM: CvcKeyAlgorithm = CvcKeyAlgorithm::Ecdsa(HashAlgorithm::Sha256);

/// The private key derived from `name`: SHA-256("idverify test EAC key " ‖ name ‖ " 0") with the
/// top bit cleared (so it is below the brainpoolP256r1 order).
pub fn key(name: &str) -> EcdsaPrivateKey {
    let mut counter = 0u32;
    loop {
        if let Ok(k) = EcdsaPrivateKey::from_scalar(CURVE, &candidate(name, counter)) {
            return k;
        }
        counter = counter.wrapping_add(1);
    }
}

fn candidate(name: &str, counter: u32) -> Vec<u8> {
    let label = format!("idverify test EAC key {name} {counter}");
    let mut scalar = HashAlgorithm::Sha256.digest(label.as_bytes());
    if let Some(b) = scalar.first_mut() {
        *b &= 0x7F;
    }
    scalar
}

/// The private key of [`key`] as an unencrypted PKCS#8 PrivateKeyInfo (RFC 5208) with an
/// RFC 5915 ECPrivateKey on brainpoolP256r1, as a terminal key file holds it.
pub fn pkcs8(name: &str) -> Vec<u8> {
    use crate::tlv::tlv;
    let mut counter = 0u32;
    let scalar = loop {
        let c = candidate(name, counter);
        if EcdsaPrivateKey::from_scalar(CURVE, &c).is_ok() {
            break c;
        }
        counter = counter.wrapping_add(1);
    };
    let oid = |dotted: &str| crate::lds::der::oid_tlv(dotted);
    let ec_private_key = tlv(0x30, &[tlv(0x02, &[1]), tlv(0x04, &scalar)].concat());
    let algorithm = tlv(
        0x30,
        &[oid("1.2.840.10045.2.1"), oid(CURVE.params().oid)].concat(),
    );
    tlv(
        0x30,
        &[tlv(0x02, &[0]), algorithm, tlv(0x04, &ec_private_key)].concat(),
    )
}

/// Parses `YYYY-MM-DD` (test literals only).
pub fn date(s: &str) -> CvcDate {
    let n = |r: std::ops::Range<usize>| s.get(r).and_then(|x| x.parse::<u16>().ok()).unwrap_or(0);
    CvcDate::new(n(0..4), n(5..7) as u8, n(8..10) as u8).unwrap_or(CvcDate {
        year: 2000,
        month: 1,
        day: 1,
    })
}

/// What one test certificate should say.
#[derive(Debug, Clone)]
pub struct Spec<'a> {
    /// Holder reference; also names the holder's key.
    pub chr: &'a str,
    /// Terminal type and role.
    pub terminal_type: TerminalType,
    /// Role.
    pub role: Role,
    /// Rights.
    pub rights: &'a [AccessRight],
    /// Effective date `YYYY-MM-DD`.
    pub effective: &'a str,
    /// Expiration date `YYYY-MM-DD`.
    pub expiration: &'a str,
}

/// A certificate for `spec`, signed by `issuer` (the issuer's CHR and key name); a CVCA
/// certificate carries the domain parameters.
pub fn issue(spec: &Spec<'_>, issuer: &str) -> CvCertificate {
    let holder = key(spec.chr);
    let point = holder.public_point().unwrap_or_default();
    let domain = (spec.role == Role::Cvca).then(|| EcDomain::of(CURVE));
    let body = CertificateBody {
        profile: 0,
        car: issuer.to_string(),
        public_key: CvcPublicKey::ec(ALGORITHM, domain, point),
        chr: spec.chr.to_string(),
        chat: Chat::new(spec.terminal_type, spec.role, spec.rights),
        effective: date(spec.effective),
        expiration: date(spec.expiration),
        extensions: None,
    };
    let digest = HashAlgorithm::Sha256.digest(&body.encode());
    let signature = key(issuer).sign_digest(&digest).unwrap_or_default();
    body.signed(signature)
}

/// The inspection-system CVCA of the test PKI (`DETCVCAIS0001`, 2025-01-01..2029-12-31).
pub const CVCA_IS: &str = "DETCVCAIS0001";
/// The authentication-terminal CVCA (`DETCVCAAT0001`).
pub const CVCA_AT: &str = "DETCVCAAT0001";
/// A CVCA no test chip trusts (`UTCVCAIS00001`).
pub const CVCA_FOREIGN: &str = "UTCVCAIS00001";

/// The test chains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestChain {
    /// Inspection system with DG3 and DG4 rights, valid 2026-01-01..2026-12-31.
    Valid,
    /// Inspection system without the DG3/DG4 rights.
    NoBiometrics,
    /// Authentication terminal (eID rights only): no ePassport data groups; eID DG1–DG8.
    AuthenticationTerminal,
    /// Authentication terminal reading every eID data group (DG1–DG22).
    AuthenticationTerminalAllEid,
    /// Inspection system whose certificate expired on 2026-03-31.
    Expired,
    /// Inspection system under a CVCA no test chip trusts.
    Foreign,
    /// [`Self::Valid`]'s terminal behind a link certificate from a new CVCA generation.
    ViaLink,
    /// The example verifier's inspection system: DG3/DG4 rights (and, as an inspection
    /// system, every eID data group), DV and terminal valid 2025-01-01..2029-12-31 like the
    /// CVCA, so that the virtual German cards open on any day of those years.
    Demo,
}

impl TestChain {
    /// Every test chain.
    pub const ALL: [TestChain; 8] = [
        Self::Valid,
        Self::NoBiometrics,
        Self::AuthenticationTerminal,
        Self::AuthenticationTerminalAllEid,
        Self::Expired,
        Self::Foreign,
        Self::ViaLink,
        Self::Demo,
    ];

    /// A short name (directory names in tests).
    pub fn name(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::NoBiometrics => "no-biometrics",
            Self::AuthenticationTerminal => "authentication-terminal",
            Self::AuthenticationTerminalAllEid => "authentication-terminal-all-eid",
            Self::Expired => "expired",
            Self::Foreign => "foreign",
            Self::ViaLink => "via-link",
            Self::Demo => "demo",
        }
    }

    /// The chain from the certificate the CVCA signed to the terminal's, and the name of the
    /// terminal's key ([`key`]).
    pub fn build(self) -> (Vec<CvCertificate>, String) {
        use AccessRight::*;
        let is = TerminalType::InspectionSystem;
        let dv = |cvca: &str, chr: &str, t: TerminalType, rights: &[AccessRight]| {
            dv_from_to(cvca, chr, t, rights, ("2026-01-01", "2027-12-31"))
        };
        let terminal = |dv: &str, chr: &str, t, rights, from, to| {
            issue(
                &Spec {
                    chr,
                    terminal_type: t,
                    role: Role::Terminal,
                    rights,
                    effective: from,
                    expiration: to,
                },
                dv,
            )
        };
        let both = &[ReadDg3, ReadDg4][..];
        let (certs, terminal_chr) = match self {
            Self::Valid => (
                vec![
                    dv(CVCA_IS, "DETDVIS00001", is, both),
                    terminal(
                        "DETDVIS00001",
                        "DETIS0000001",
                        is,
                        both,
                        "2026-01-01",
                        "2026-12-31",
                    ),
                ],
                "DETIS0000001",
            ),
            Self::NoBiometrics => (
                vec![
                    dv(CVCA_IS, "DETDVIS00001", is, both),
                    terminal(
                        "DETDVIS00001",
                        "DETIS0000002",
                        is,
                        &[],
                        "2026-01-01",
                        "2026-12-31",
                    ),
                ],
                "DETIS0000002",
            ),
            Self::AuthenticationTerminal | Self::AuthenticationTerminalAllEid => {
                let at = TerminalType::AuthenticationTerminal;
                let (last, chr) = if self == Self::AuthenticationTerminal {
                    (8, "DETAT0000001")
                } else {
                    (22, "DETAT0000002")
                };
                let eid: Vec<AccessRight> =
                    (1..=last).map(ReadEidDg).chain([AgeVerification]).collect();
                let all_eid: Vec<AccessRight> =
                    (1..=22).map(ReadEidDg).chain([AgeVerification]).collect();
                (
                    vec![
                        dv(CVCA_AT, "DETDVAT00001", at, &all_eid),
                        terminal("DETDVAT00001", chr, at, &eid, "2026-01-01", "2026-12-31"),
                    ],
                    chr,
                )
            }
            Self::Expired => (
                vec![
                    dv(CVCA_IS, "DETDVIS00001", is, both),
                    terminal(
                        "DETDVIS00001",
                        "DETIS0000003",
                        is,
                        both,
                        "2026-01-01",
                        "2026-03-31",
                    ),
                ],
                "DETIS0000003",
            ),
            Self::Foreign => (
                vec![
                    dv(CVCA_FOREIGN, "UTDVIS000001", is, both),
                    terminal(
                        "UTDVIS000001",
                        "UTIS00000001",
                        is,
                        both,
                        "2026-01-01",
                        "2026-12-31",
                    ),
                ],
                "UTIS00000001",
            ),
            Self::ViaLink => (
                vec![
                    link(),
                    dv("DETCVCAIS0002", "DETDVIS00002", is, both),
                    terminal(
                        "DETDVIS00002",
                        "DETIS0000004",
                        is,
                        both,
                        "2026-01-01",
                        "2026-12-31",
                    ),
                ],
                "DETIS0000004",
            ),
            Self::Demo => (
                vec![
                    dv_from_to(
                        CVCA_IS,
                        "DETDVIS00009",
                        is,
                        both,
                        ("2025-01-01", "2029-12-31"),
                    ),
                    terminal(
                        "DETDVIS00009",
                        "DETIS0000009",
                        is,
                        both,
                        "2025-01-01",
                        "2029-12-31",
                    ),
                ],
                "DETIS0000009",
            ),
        };
        (certs, terminal_chr.to_string())
    }
}

/// A domestic DV certificate `chr` under `cvca`, valid from `validity.0` to `validity.1`.
fn dv_from_to(
    cvca: &str,
    chr: &str,
    terminal_type: TerminalType,
    rights: &[AccessRight],
    validity: (&str, &str),
) -> CvCertificate {
    issue(
        &Spec {
            chr,
            terminal_type,
            role: Role::DvDomestic,
            rights,
            effective: validity.0,
            expiration: validity.1,
        },
        cvca,
    )
}

/// A self-signed test CVCA (`CVCA_IS`, `CVCA_AT` or `CVCA_FOREIGN`).
pub fn cvca(chr: &str) -> CvCertificate {
    let terminal_type = if chr == CVCA_AT {
        TerminalType::AuthenticationTerminal
    } else {
        TerminalType::InspectionSystem
    };
    let rights = AccessRight::all(terminal_type);
    issue(
        &Spec {
            chr,
            terminal_type,
            role: Role::Cvca,
            rights: &rights,
            effective: "2025-01-01",
            expiration: "2029-12-31",
        },
        chr,
    )
}

/// The link certificate from `CVCA_IS` to its next generation `DETCVCAIS0002`.
pub fn link() -> CvCertificate {
    let rights = AccessRight::all(TerminalType::InspectionSystem);
    issue(
        &Spec {
            chr: "DETCVCAIS0002",
            terminal_type: TerminalType::InspectionSystem,
            role: Role::Cvca,
            rights: &rights,
            effective: "2025-06-01",
            expiration: "2030-12-31",
        },
        CVCA_IS,
    )
}

/// The trust anchors a test chip holds: the IS and AT CVCAs (not the foreign one).
pub fn chip_anchors() -> Vec<CvCertificate> {
    vec![cvca(CVCA_IS), cvca(CVCA_AT)]
}

/// A terminal key of the test PKI behind [`crate::terminal::TerminalSigner`]: signs with the
/// crate's own ECDSA (SHA-256, plain r‖s).
#[derive(Debug)]
pub struct TestTerminalKey {
    name: String,
    key: EcdsaPrivateKey,
}

impl TestTerminalKey {
    /// The key of the test certificate holder `chr`.
    pub fn new(chr: &str) -> Self {
        TestTerminalKey {
            name: chr.to_string(),
            key: key(chr),
        }
    }
}

impl crate::terminal::TerminalSigner for TestTerminalKey {
    fn algorithm(&self) -> crate::crypto::signature::SignatureAlgorithm {
        ALGORITHM.signature_algorithm()
    }

    fn sign(&self, message: &[u8]) -> Result<Vec<u8>, crate::terminal::SignerError> {
        self.key
            .sign_digest(&HashAlgorithm::Sha256.digest(message))
            .map_err(|e| crate::terminal::SignerError::Failed(e.to_string()))
    }

    fn describe(&self) -> String {
        format!("test key {}", self.name)
    }
}

/// Writes a terminal folder as a desk keeps it into `dir` (created if needed): `chain`'s
/// certificates as `N-CHR.cvcert`, the inspection-system CVCA as `cvca.cvcert` and the
/// terminal's PKCS#8 key as `terminal.pk8`. Returns the certificate files in name order.
pub fn write_terminal_dir(
    chain: TestChain,
    dir: &std::path::Path,
) -> std::io::Result<Vec<std::path::PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let (mut certs, terminal) = chain.build();
    certs.push(cvca(CVCA_IS));
    let mut files = Vec::new();
    for (i, c) in certs.iter().enumerate() {
        let name = if c.is_cvca() && c.body.car == c.body.chr {
            "cvca.cvcert".to_string()
        } else {
            format!("{i}-{}.cvcert", c.body.chr)
        };
        std::fs::write(dir.join(&name), c.to_bytes())?;
        files.push(dir.join(name));
    }
    std::fs::write(dir.join("terminal.pk8"), pkcs8(&terminal))?;
    files.sort();
    Ok(files)
}
