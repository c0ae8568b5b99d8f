//! The demo documents: the specimen passport of Utopia, the German ID card specimen and the
//! German residence permit specimen with EF.SOD signed by the test PKI, and software chips
//! serving them — the passport with BAC, chip authentication v1, active authentication and
//! DG3/DG4 behind Terminal Authentication v1; the ID card and the residence permit with
//! PACE, Terminal Authentication v2, chip authentication v2 and the eID application.

use crate::chip::FileId;
use crate::chip::access::pace::{PaceChoice, PacePassword};
use crate::crypto::curves::NamedCurve;
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::iso9796_2::Iso9796Signer;
use crate::crypto::symmetric::Cipher;
use crate::emulator::specimen::{FaceVariant, Specimen, SpecimenKind, keys};
use crate::emulator::test_pki::{self, TestSigner};
use crate::emulator::{ChipConfig, EmulatedChip, TaSetup};
use crate::lds::Dg14;
use crate::lds::PartialDate;
use crate::pki::cvc::testing;
use std::collections::BTreeMap;

/// The specimen passport, dated as issued on 2025-01-15 so that the test PKI's document
/// signer (valid from 2025-01-01) can have signed it, and its files with EF.SOD signed by
/// that signer over every data group.
pub fn specimen_passport() -> (Specimen, BTreeMap<FileId, Vec<u8>>) {
    let specimen = dated(SpecimenKind::PassportUto);
    let files = test_pki::with_signed_sod(specimen.chip_files());
    (specimen, files)
}

/// The specimen `kind` with a JPEG face, dated as issued on 2025-01-15 (DG12).
fn dated(kind: SpecimenKind) -> Specimen {
    let mut specimen = Specimen::build(kind, FaceVariant::Jpeg);
    specimen.dg12.date_of_issue = Some(PartialDate::ascii("20250115"));
    specimen
}

/// The chip's current date for certificate checks: the specimens' date of issue.
const CHIP_DATE: &str = "2025-01-15";

/// What the specimen chips trust for Terminal Authentication: the test CVCAs
/// ([`testing::chip_anchors`]); ID_PICC for version 1 is the document number with its check
/// digit, the first ten bytes of the MRZ information.
fn ta_setup(mrz_information: &[u8], protect_all_data_groups: bool) -> TaSetup {
    TaSetup {
        anchors: testing::chip_anchors(),
        chip_date: testing::date(CHIP_DATE),
        document_number: mrz_information.get(..10).unwrap_or_default().to_vec(),
        protect_all_data_groups,
    }
}

/// A chip serving `files` with BAC for `mrz_information`, chip authentication with the
/// specimen passport's DG14 key (brainpoolP256r1, AES-128), active authentication with
/// its DG15 RSA key, and DG3/DG4 only after Terminal Authentication version 1 by an
/// inspection system of the test CVCA (6982 otherwise); `cloned` gives it other private
/// keys, as a copied chip would have.
pub fn specimen_passport_chip(
    files: &BTreeMap<FileId, Vec<u8>>,
    mrz_information: &[u8],
    cloned: bool,
    seed: [u8; 32],
) -> EmulatedChip {
    let mut chip = EmulatedChip::new(ChipConfig::default(), seed)
        .with_files(files.clone())
        .with_bac(mrz_information)
        .with_terminal_authentication(ta_setup(mrz_information, false))
        .with_chip_authentication(
            NamedCurve::BrainpoolP256r1,
            &keys::unhex(keys::PASSPORT_UTO_CA_PRIVATE),
            Cipher::Aes128,
        );
    if let Ok(signer) = Iso9796Signer::from_pkcs1_der(&keys::unhex(keys::PASSPORT_UTO_AA_RSA_PKCS1))
    {
        chip = chip.with_active_authentication(signer, HashAlgorithm::Sha256);
    }
    chip.set_cloned(cloned);
    chip
}

/// The German ID card specimen dated as issued on 2025-01-15 (see [`specimen_passport`]), its
/// files with EF.SOD signed by the German test document signer, and EF.CardSecurity signed by
/// the same signer over DG14's SecurityInfos (PACE, Chip Authentication version 2 and its
/// key, BSI TR-03110-3 §A.1.2).
pub fn specimen_id_card() -> (Specimen, BTreeMap<FileId, Vec<u8>>) {
    eid_card(SpecimenKind::IdCardDe)
}

/// The German residence permit specimen, prepared as [`specimen_id_card`] is.
pub fn specimen_residence_permit() -> (Specimen, BTreeMap<FileId, Vec<u8>>) {
    eid_card(SpecimenKind::ResidencePermitDe)
}

/// A card with the eID application: dated, EF.SOD and EF.CardSecurity signed, with its
/// EF.CardAccess.
fn eid_card(kind: SpecimenKind) -> (Specimen, BTreeMap<FileId, Vec<u8>>) {
    let specimen = dated(kind);
    let mut files = test_pki::with_signed_sod_by(TestSigner::Germany, specimen.chip_files());
    if let Some(dg14) = files.get(&FileId::Dg14).and_then(|b| Dg14::parse(b).ok()) {
        files.insert(
            FileId::CardSecurity,
            test_pki::sign_card_security_by(TestSigner::Germany, &dg14.security_infos),
        );
    }
    files.insert(FileId::CardAccess, specimen.card_access_bytes());
    (specimen, files)
}

/// A chip serving the ID card `files` with PACE (generic mapping, brainpoolP256r1, AES-128)
/// for the `can` and the MRZ information, every data group behind Terminal Authentication
/// version 2 (test CVCAs), Chip Authentication version 2 and ECDSA active authentication
/// with the specimen's keys, and the eID application with the specimen's data groups (each
/// only for an authentication terminal granted it);
/// `cloned` gives it another private key, as a copied chip would have.
pub fn specimen_id_card_chip(
    files: &BTreeMap<FileId, Vec<u8>>,
    can: &[u8],
    mrz_information: &[u8],
    cloned: bool,
    seed: [u8; 32],
) -> EmulatedChip {
    EidCard::of(SpecimenKind::IdCardDe).chip(files, can, mrz_information, cloned, seed)
}

/// A chip serving the residence permit `files` as [`specimen_id_card_chip`] serves the ID
/// card's, with the residence permit's keys and eID data groups (both residence-permit
/// texts: DG19 plain, DG20 DEFLATE-compressed).
pub fn specimen_residence_permit_chip(
    files: &BTreeMap<FileId, Vec<u8>>,
    can: &[u8],
    mrz_information: &[u8],
    cloned: bool,
    seed: [u8; 32],
) -> EmulatedChip {
    EidCard::of(SpecimenKind::ResidencePermitDe).chip(files, can, mrz_information, cloned, seed)
}

/// What tells the two German eID cards' chips apart.
struct EidCard {
    eid_files: BTreeMap<u8, Vec<u8>>,
    /// The chip authentication key (brainpoolP256r1), hex.
    ca_private: &'static str,
    /// The active authentication key (P-256), hex.
    aa_private: &'static str,
}

impl EidCard {
    /// The ID card's, or else the residence permit's.
    fn of(kind: SpecimenKind) -> Self {
        if kind == SpecimenKind::IdCardDe {
            EidCard {
                eid_files: crate::emulator::specimen::id_card_eid_files(),
                ca_private: keys::ID_CARD_DE_CA_PRIVATE,
                aa_private: keys::ID_CARD_DE_AA_PRIVATE,
            }
        } else {
            EidCard {
                eid_files: crate::emulator::specimen::residence_permit_eid_files(),
                ca_private: keys::RESIDENCE_PERMIT_DE_CA_PRIVATE,
                aa_private: keys::RESIDENCE_PERMIT_DE_AA_PRIVATE,
            }
        }
    }

    fn chip(
        self,
        files: &BTreeMap<FileId, Vec<u8>>,
        can: &[u8],
        mrz_information: &[u8],
        cloned: bool,
        seed: [u8; 32],
    ) -> EmulatedChip {
        let passwords = vec![
            PacePassword::Can(can.to_vec()),
            PacePassword::Mrz(mrz_information.to_vec()),
        ];
        let mut chip = EmulatedChip::new(ChipConfig::default(), seed)
            .with_files(files.clone())
            .with_eid_files(self.eid_files);
        if let Ok(choice) = PaceChoice::standardized(PACE_ECDH_GM_AES128, 13) {
            chip = chip.with_pace(choice, passwords);
        }
        // The card's own EF.CardAccess (PACE, CA and TA version 2), not only the PACEInfo
        // `with_pace` serves.
        if let Some(card_access) = files.get(&FileId::CardAccess) {
            chip.set_file(FileId::CardAccess, card_access.clone());
        }
        let mut chip = chip
            .with_terminal_authentication(ta_setup(mrz_information, true))
            .with_chip_authentication_v2(
                NamedCurve::BrainpoolP256r1,
                &keys::unhex(self.ca_private),
                Cipher::Aes128,
            )
            .with_ecdsa_active_authentication(
                NamedCurve::P256,
                &keys::unhex(self.aa_private),
                HashAlgorithm::Sha256,
            );
        chip.set_cloned(cloned);
        chip
    }
}

/// id-PACE-ECDH-GM-AES-CBC-CMAC-128 (BSI TR-03110-3 §A.1.1.1).
const PACE_ECDH_GM_AES128: &str = "0.4.0.127.0.7.2.2.4.2.2";
