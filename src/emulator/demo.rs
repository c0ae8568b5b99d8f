//! The demo document: the specimen passport of Utopia with EF.SOD signed by the test PKI,
//! and a software chip serving it with BAC, chip authentication and active authentication.

use super::specimen::{FaceVariant, Specimen, SpecimenKind, keys};
use super::{ChipConfig, EmulatedChip, test_pki};
use crate::chip::FileId;
use crate::crypto::curves::NamedCurve;
use crate::crypto::hash::HashAlgorithm;
use crate::crypto::iso9796_2::Iso9796Signer;
use crate::crypto::symmetric::Cipher;
use crate::lds::PartialDate;
use std::collections::BTreeMap;

/// The specimen passport, dated as issued on 2025-01-15 so that the test PKI's document
/// signer (valid from 2025-01-01) can have signed it, and its files with EF.SOD signed by
/// that signer over every data group.
pub fn specimen_passport() -> (Specimen, BTreeMap<FileId, Vec<u8>>) {
    let mut specimen = Specimen::build(SpecimenKind::PassportUto, FaceVariant::Jpeg);
    specimen.dg12.date_of_issue = Some(PartialDate::ascii("20250115"));
    let files = test_pki::with_signed_sod(specimen.chip_files());
    (specimen, files)
}

/// A chip serving `files` with BAC for `mrz_information`, chip authentication with the
/// specimen passport's DG14 key (brainpoolP256r1, AES-128) and active authentication with
/// its DG15 RSA key; `cloned` gives it other private keys, as a copied chip would have.
pub fn specimen_passport_chip(
    files: &BTreeMap<FileId, Vec<u8>>,
    mrz_information: &[u8],
    cloned: bool,
    seed: [u8; 32],
) -> EmulatedChip {
    let mut chip = EmulatedChip::new(ChipConfig::default(), seed)
        .with_files(files.clone())
        .with_bac(mrz_information)
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
