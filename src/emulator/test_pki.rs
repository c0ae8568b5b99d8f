//! EF.SOD and EF.CardSecurity for the specimen documents, signed with the test PKIs of
//! `testdata/pki`: Utopia's document signer on P-256 (`dsc_ecdsa-p256-named.der`, key scalar
//! 0x1111 as in `generate.py`) for the passport, and a German test document signer
//! (`dsc_de_ecdsa-p256.der`, scalar 0xDE11, `generate_de.py`) for the ID card and residence
//! permit; both PKIs' CSCAs and CRLs for a trust store. Test and demo data only.

use crate::crypto::hash::HashAlgorithm;
use crate::pki::{Certificate, TrustStore};
use p256::ecdsa::signature::Signer;

/// The document signer certificate (C=UT, valid 2025-01-01 to 2030-01-01).
pub const DSC: &[u8] = include_bytes!("../../testdata/pki/dsc_ecdsa-p256-named.der");
/// The Utopian CSCA that issued [`DSC`].
pub const CSCA: &[u8] = include_bytes!("../../testdata/pki/csca.der");
/// The CSCA's CRL.
pub const CRL: &[u8] = include_bytes!("../../testdata/pki/crl.der");

/// The DSC's private scalar (testdata/pki/generate.py: `ec_key("p256", 0x1111)`).
const DSC_SCALAR: u16 = 0x1111;

/// The German test document signer (C=DE, valid 2025-01-01 to 2030-01-01); no real one.
pub const DSC_DE: &[u8] = include_bytes!("../../testdata/pki/dsc_de_ecdsa-p256.der");
/// The German test CSCA that issued [`DSC_DE`].
pub const CSCA_DE: &[u8] = include_bytes!("../../testdata/pki/csca_de.der");
/// The German test CSCA's CRL.
pub const CRL_DE: &[u8] = include_bytes!("../../testdata/pki/crl_de.der");

/// Its private scalar (testdata/pki/generate_de.py: `ec_key("p256", 0xDE11)`).
const DSC_DE_SCALAR: u16 = 0xDE11;

/// Which test document signer signs: the issuing state's own, so that the country checks
/// (ICAO 9303-12 §7.1.2: the issuer's country in the CSCA and DSC) hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestSigner {
    /// Utopia (UTO, certificate country UT): the passport specimen.
    Utopia,
    /// Germany (D, certificate country DE): the ID card and residence permit specimens.
    Germany,
}

impl TestSigner {
    fn certificate(self) -> &'static [u8] {
        match self {
            TestSigner::Utopia => DSC,
            TestSigner::Germany => DSC_DE,
        }
    }

    fn scalar(self) -> u16 {
        match self {
            TestSigner::Utopia => DSC_SCALAR,
            TestSigner::Germany => DSC_DE_SCALAR,
        }
    }
}

fn tlv(tag: u8, value: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = value.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(value);
    out
}

fn seq(items: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &items.concat())
}

const OID_SHA256: &[u8] = &[
    0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01,
];
const OID_CONTENT_TYPE: &[u8] = &[
    0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x03,
];
const OID_MESSAGE_DIGEST: &[u8] = &[
    0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x04,
];
const OID_LDS_SECURITY_OBJECT: &[u8] = &[0x06, 0x06, 0x67, 0x81, 0x08, 0x01, 0x01, 0x01];
const OID_SIGNED_DATA: &[u8] = &[
    0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x02,
];
const OID_ECDSA_SHA256: &[u8] = &[0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02];

/// EF.SOD over `data_groups` (number, whole file): LDSSecurityObject v0 with SHA-256
/// (ICAO 9303-10 §4.6.2), in CMS SignedData (RFC 5652, ICAO 9303-10 §4.6.2.1) signed by
/// [`DSC`] with ECDSA-SHA256, the signer named by its subject key identifier.
pub fn sign_sod(data_groups: &[(u8, &[u8])]) -> Vec<u8> {
    sign_sod_by(TestSigner::Utopia, data_groups)
}

/// [`sign_sod`] by `signer`.
pub fn sign_sod_by(signer: TestSigner, data_groups: &[(u8, &[u8])]) -> Vec<u8> {
    let mut dgs = data_groups.to_vec();
    dgs.sort_by_key(|(n, _)| *n);
    let hashes: Vec<Vec<u8>> = dgs
        .iter()
        .map(|(n, bytes)| {
            seq(&[
                tlv(0x02, &[*n]),
                tlv(0x04, &HashAlgorithm::Sha256.digest(bytes)),
            ])
        })
        .collect();
    let lds = seq(&[tlv(0x02, &[0]), seq(&[OID_SHA256.to_vec()]), seq(&hashes)]);
    tlv(0x77, &signed_data(signer, OID_LDS_SECURITY_OBJECT, &lds))
}

/// Files by identifier.
type Files = std::collections::BTreeMap<crate::chip::FileId, Vec<u8>>;

/// `files` with EF.SOD added, signed by [`DSC`] over every data group among them.
pub fn with_signed_sod(files: Files) -> Files {
    with_signed_sod_by(TestSigner::Utopia, files)
}

/// [`with_signed_sod`] by `signer`.
pub fn with_signed_sod_by(signer: TestSigner, mut files: Files) -> Files {
    let dgs: Vec<(u8, &[u8])> = files
        .iter()
        .filter_map(|(f, b)| Some((f.data_group_number()?, b.as_slice())))
        .collect();
    let sod = sign_sod_by(signer, &dgs);
    files.insert(crate::chip::FileId::Sod, sod);
    files
}

/// EF.CardSecurity over `infos` (BSI TR-03110-3 §A.1.2: SignedData with eContentType
/// id-SecurityObject), signed by [`DSC`] like [`sign_sod`].
pub fn sign_card_security(infos: &crate::lds::SecurityInfos) -> Vec<u8> {
    sign_card_security_by(TestSigner::Utopia, infos)
}

/// [`sign_card_security`] by `signer`.
pub fn sign_card_security_by(signer: TestSigner, infos: &crate::lds::SecurityInfos) -> Vec<u8> {
    let content_type = crate::lds::der::oid_tlv(crate::lds::ID_SECURITY_OBJECT);
    signed_data(signer, &content_type, &infos.encode())
}

/// A ContentInfo with SignedData over `content` of type `content_type` (its OID TLV), signed
/// by `signer`.
fn signed_data(signer: TestSigner, content_type: &[u8], content: &[u8]) -> Vec<u8> {
    let digest = HashAlgorithm::Sha256.digest(content);
    let attrs = [
        seq(&[OID_CONTENT_TYPE.to_vec(), tlv(0x31, content_type)]),
        seq(&[OID_MESSAGE_DIGEST.to_vec(), tlv(0x31, &tlv(0x04, &digest))]),
    ]
    .concat();
    let mut scalar = [0u8; 32];
    scalar[30..].copy_from_slice(&signer.scalar().to_be_bytes());
    let signature: p256::ecdsa::DerSignature = match p256::ecdsa::SigningKey::from_slice(&scalar) {
        Ok(key) => key.sign(&tlv(0x31, &attrs)),
        Err(_) => return Vec::new(),
    };
    let ski = Certificate::from_der(signer.certificate())
        .ok()
        .and_then(|c| c.subject_key_id)
        .unwrap_or_default();
    let null = vec![0x05, 0x00];
    let signer_info = seq(&[
        tlv(0x02, &[3]),
        tlv(0x80, &ski),
        seq(&[OID_SHA256.to_vec(), null.clone()]),
        tlv(0xA0, &attrs),
        seq(&[OID_ECDSA_SHA256.to_vec()]),
        tlv(0x04, signature.as_bytes()),
    ]);
    let signed_data = seq(&[
        tlv(0x02, &[3]),
        tlv(0x31, &seq(&[OID_SHA256.to_vec(), null])),
        seq(&[content_type.to_vec(), tlv(0xA0, &tlv(0x04, content))]),
        tlv(0xA0, signer.certificate()),
        tlv(0x31, &signer_info),
    ]);
    seq(&[OID_SIGNED_DATA.to_vec(), tlv(0xA0, &signed_data)])
}

/// A trust store with both test PKIs' CSCAs and CRLs (Utopia's and the German test one).
pub fn trust_store() -> TrustStore {
    let mut store = TrustStore::new();
    for (csca, crl) in [(CSCA, CRL), (CSCA_DE, CRL_DE)] {
        let _ = store.add_certificates(csca);
        let _ = store.add_crl(crl);
    }
    store
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{PaInput, passive_authentication};

    #[test]
    fn signed_sod_passes_passive_authentication() {
        let dg1: &[u8] = b"\x61\x03\x5f\x1f\x00";
        let sod = sign_sod(&[(1, dg1)]);
        let input = PaInput {
            sod: &sod,
            data_groups: &[(1, dg1)],
            refused: &[],
            time: 1_795_305_600,
            issuing_state: Some("UTO"),
        };
        let pa = passive_authentication(&input, &trust_store());
        assert!(pa.genuine(), "{:#?}", pa.checks);
        let changed: &[u8] = b"\x61\x03\x5f\x1f\x01";
        let input = PaInput {
            data_groups: &[(1, changed)],
            ..input
        };
        assert!(!passive_authentication(&input, &trust_store()).genuine());
    }

    #[test]
    fn the_german_test_signer_signs_for_germany_only() {
        let dg1: &[u8] = b"\x61\x03\x5f\x1f\x00";
        let sod = sign_sod_by(TestSigner::Germany, &[(1, dg1)]);
        let input = PaInput {
            sod: &sod,
            data_groups: &[(1, dg1)],
            refused: &[],
            time: 1_795_305_600,
            issuing_state: Some("D"),
        };
        let pa = passive_authentication(&input, &trust_store());
        assert!(pa.genuine(), "{:#?}", pa.checks);
        // The same signature presented for a Utopian document: the countries disagree.
        let input = PaInput {
            issuing_state: Some("UTO"),
            ..input
        };
        assert!(!passive_authentication(&input, &trust_store()).genuine());
        // Without the German CSCA in the store there is no chain.
        let mut utopia_only = TrustStore::new();
        let _ = utopia_only.add_certificates(CSCA);
        let input = PaInput {
            issuing_state: Some("D"),
            ..input
        };
        assert!(!passive_authentication(&input, &utopia_only).genuine());
    }
}
