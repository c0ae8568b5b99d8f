//! The specimens' personal and document data and how it fills each data group. All values
//! are invented; 'UTO' is ICAO's test state, the German documents follow the published
//! specimen conventions (Erika Mustermann) without copying any real document.

use super::{
    AccessData, FaceVariant, Specimen, SpecimenKind,
    keys::{self, unhex},
    mrz_text::{self, MrzData},
};
use crate::lds::{
    BDB, BiometricDg, BiometricGroup, BiometricHeader, BiometricRecord, BiometricTemplate, Com,
    Dg1, Dg2, Dg11, Dg12, Dg13, Dg14, Dg15, Dg16, DisplayedImages, DisplayedKind, EncodedImage,
    FaceInfo, FaceRecord, FaceTemplate, FeaturePoint, FingerRecord, FingerView, IrisEye,
    IrisRecord, PartialDate, PersonToNotify, PublicKey, PublicKeyInfo, SecurityInfo, SecurityInfos,
    Timestamp,
};

const FACE_JPEG: &[u8] = include_bytes!("../../../testdata/faces/face.jpg");
const FACE_JP2: &[u8] = include_bytes!("../../../testdata/faces/face.jp2");
const PORTRAIT_J2K: &[u8] = include_bytes!("../../../testdata/faces/face.j2k");
const SIGNATURE: &[u8] = include_bytes!("../../../testdata/faces/signature.jpg");
const DOCUMENT: &[u8] = include_bytes!("../../../testdata/faces/document.jpg");

/// brainpoolP256r1 (RFC 5639).
const BRAINPOOL_P256R1: &str = "1.3.36.3.3.2.8.1.1.7";
/// secp256r1 / NIST P-256.
const P256: &str = "1.2.840.10045.3.1.7";
/// id-PK-ECDH.
const PK_ECDH: &str = "0.4.0.127.0.7.2.2.1.2";
/// id-CA-ECDH-AES-CBC-CMAC-128.
const CA_ECDH_AES128: &str = "0.4.0.127.0.7.2.2.3.2.2";
/// id-PACE-ECDH-GM-AES-CBC-CMAC-128.
const PACE_ECDH_GM_AES128: &str = "0.4.0.127.0.7.2.2.4.2.2";
/// id-TA.
const TA: &str = "0.4.0.127.0.7.2.2.2";
/// id-AA.
const AA: &str = "2.23.136.1.1.5";
/// ecdsa-plain-SHA256 (BSI TR-03111 §5.2.1).
const ECDSA_PLAIN_SHA256: &str = "0.4.0.127.0.7.1.1.4.1.3";

/// The facts that differ between the specimens.
struct Person {
    mrz: String,
    access: AccessData,
    full_name: &'static str,
    other_names: Vec<String>,
    personal_number: Option<&'static str>,
    birth: &'static str,
    place_of_birth: &'static str,
    address: &'static str,
    profession: &'static str,
    authority: &'static str,
    issued: &'static str,
    gender: u8,
    ca_public: &'static str,
    ca_key_id: Option<u64>,
}

fn person(kind: SpecimenKind) -> Person {
    match kind {
        SpecimenKind::PassportUto => {
            let mrz = mrz_text::td3(&MrzData {
                code: "P<",
                issuer: "UTO",
                name: "ERIKSSON<<ANNA<MARIA",
                number: "L898902C3",
                nationality: "UTO",
                birth: "740812",
                sex: "F",
                expiry: "340415",
                optional: "ZE184226B",
            });
            Person {
                mrz,
                access: access("L898902C3", "740812", "340415", "314159"),
                full_name: "ERIKSSON<<ANNA<MARIA",
                other_names: vec!["ERIKSDOTTIR<<ANNA".into()],
                personal_number: Some("ZE184226B"),
                birth: "19740812",
                place_of_birth: "ZENITH<UTOPIA",
                address: "1 SPECIMEN ROAD<ZENITH<UTOPIA",
                profession: "CARTOGRAPHER",
                authority: "PASSPORT OFFICE ZENITH",
                issued: "20240416",
                gender: 2,
                ca_public: keys::PASSPORT_UTO_CA_PUBLIC,
                ca_key_id: None,
            }
        }
        SpecimenKind::IdCardDe => {
            let mrz = mrz_text::td1(&MrzData {
                code: "ID",
                issuer: "D<<",
                name: "MUSTERMANN<<ERIKA",
                number: "T22000129",
                nationality: "D<<",
                birth: "640812",
                sex: "F",
                expiry: "310731",
                optional: "",
            });
            Person {
                mrz,
                access: access("T22000129", "640812", "310731", "123456"),
                full_name: "MUSTERMANN<<ERIKA",
                other_names: vec!["GABLER<<ERIKA".into()],
                personal_number: None,
                birth: "19640812",
                place_of_birth: "BERLIN",
                address: "HEIDESTRASSE 17<KÖLN<51147<D",
                profession: "INGENIEURIN",
                authority: "STADT KÖLN",
                issued: "20210802",
                gender: 2,
                ca_public: keys::ID_CARD_DE_CA_PUBLIC,
                ca_key_id: Some(1),
            }
        }
        SpecimenKind::ResidencePermitDe => {
            let mrz = mrz_text::td1(&MrzData {
                code: "AR",
                issuer: "D<<",
                name: "SPECIMEN<<JOHN<PAUL",
                number: "YA0000017",
                nationality: "UTO",
                birth: "881130",
                sex: "M",
                expiry: "290630",
                optional: "",
            });
            Person {
                mrz,
                access: access("YA0000017", "881130", "290630", "654321"),
                full_name: "SPECIMEN<<JOHN<PAUL",
                other_names: vec![],
                personal_number: None,
                birth: "19881100",
                place_of_birth: "ZENITH<UTOPIA",
                address: "MUSTERWEG 4<BERLIN<10115<D",
                profession: "PFLEGEFACHMANN",
                authority: "LANDESAMT FÜR EINWANDERUNG BERLIN",
                issued: "20240701",
                gender: 1,
                ca_public: keys::RESIDENCE_PERMIT_DE_CA_PUBLIC,
                ca_key_id: Some(1),
            }
        }
    }
}

fn access(number: &str, birth: &str, expiry: &str, can: &str) -> AccessData {
    AccessData {
        document_number: number.into(),
        date_of_birth: birth.into(),
        date_of_expiry: expiry.into(),
        can: can.into(),
    }
}

pub(super) fn build(kind: SpecimenKind, face: FaceVariant) -> Specimen {
    let p = person(kind);
    let tags = vec![
        0x61, 0x75, 0x63, 0x76, 0x65, 0x67, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70,
    ];
    let com = Com {
        lds_version: Some("0108".into()),
        unicode_version: Some("040000".into()),
        tags,
        unknown: vec![],
    };
    let image = match face {
        FaceVariant::Jpeg => FACE_JPEG,
        FaceVariant::Jpeg2000 => FACE_JP2,
    };
    let dg2 = Dg2 {
        declared_count: Some(1),
        templates: vec![FaceTemplate {
            header: BiometricHeader {
                creation_date: Some(vec![0x20, 0x24, 0x04, 0x16, 0x12, 0x00, 0x00]),
                ..BiometricHeader::iso19794(0x02, 0x0008)
            },
            record: FaceRecord::Iso19794 {
                version: "010".into(),
                faces: vec![face_info(image, face, p.gender)],
            },
        }],
    };
    let dg3 = secondary(SpecimenKindBio::Finger);
    let dg4 = secondary(SpecimenKindBio::Iris);
    let dg5 = DisplayedImages {
        kind: DisplayedKind::Portrait,
        declared_count: Some(1),
        images: vec![EncodedImage::new(PORTRAIT_J2K.to_vec())],
    };
    let dg7 = DisplayedImages {
        kind: DisplayedKind::Signature,
        declared_count: Some(1),
        images: vec![EncodedImage::new(SIGNATURE.to_vec())],
    };
    let mut dg11 = Dg11 {
        tag_list: vec![],
        full_name: Some(p.full_name.into()),
        other_names: p.other_names.clone(),
        personal_number: p.personal_number.map(Into::into),
        full_date_of_birth: Some(PartialDate::ascii(p.birth)),
        place_of_birth: Some(p.place_of_birth.into()),
        address: Some(p.address.into()),
        telephone: Some("+49 30 0000000".into()),
        profession: Some(p.profession.into()),
        title: Some("DR.".into()),
        personal_summary: Some("SPECIMEN DOCUMENT<NOT VALID".into()),
        proof_of_citizenship: Some(EncodedImage::new(DOCUMENT.to_vec())),
        other_td_numbers: Some("C01X00T47".into()),
        custody_information: Some("NONE".into()),
        unknown: vec![],
    };
    let mut dg12 = Dg12 {
        tag_list: vec![],
        issuing_authority: Some(p.authority.into()),
        date_of_issue: Some(if kind == SpecimenKind::PassportUto {
            PartialDate::ascii(p.issued)
        } else {
            PartialDate::bcd(p.issued)
        }),
        other_persons: vec!["SPECIMEN<<CHILD".into()],
        endorsements: Some("SPECIMEN".into()),
        tax_exit_requirements: Some("NONE".into()),
        image_front: Some(EncodedImage::new(DOCUMENT.to_vec())),
        image_rear: Some(EncodedImage::new(DOCUMENT.to_vec())),
        personalization_time: Some(Timestamp::parse(format!("{}093000", p.issued).as_bytes())),
        personalization_device: Some("PERSO-0042".into()),
        unknown: vec![],
    };
    // Real DG11 and DG12 declare their tag list (ICAO 9303-10 §4.7.11, §4.7.12).
    dg11.tag_list = dg11.present_tags();
    dg12.tag_list = dg12.present_tags();
    let dg13 = Dg13 {
        value: [&[0x5F, 0x0F, 0x08][..], b"SPECIMEN"].concat(),
    };
    let ca_key = PublicKeyInfo::build(
        PK_ECDH,
        PublicKey::Ec {
            parameters: crate::lds::EcParameters::Named {
                oid: BRAINPOOL_P256R1.into(),
            },
            point: unhex(p.ca_public),
        },
    );
    let pace = SecurityInfo::Pace {
        protocol: PACE_ECDH_GM_AES128.into(),
        version: 2,
        parameter_id: Some(13),
    };
    let mut infos = vec![
        SecurityInfo::ChipAuthentication {
            protocol: CA_ECDH_AES128.into(),
            version: if p.ca_key_id.is_some() { 2 } else { 1 },
            key_id: p.ca_key_id,
        },
        SecurityInfo::ChipAuthenticationPublicKey {
            protocol: PK_ECDH.into(),
            public_key: ca_key,
            key_id: p.ca_key_id,
        },
        pace.clone(),
    ];
    let dg15 = match kind {
        SpecimenKind::PassportUto => Dg15 {
            public_key: PublicKeyInfo::rsa(
                unhex(keys::PASSPORT_UTO_AA_RSA_MODULUS),
                vec![0x01, 0x00, 0x01],
            ),
        },
        SpecimenKind::IdCardDe | SpecimenKind::ResidencePermitDe => {
            infos.push(SecurityInfo::TerminalAuthentication {
                protocol: TA.into(),
                version: 2,
                ef_cvca: None,
            });
            infos.push(SecurityInfo::ActiveAuthentication {
                protocol: AA.into(),
                version: 1,
                signature_algorithm: ECDSA_PLAIN_SHA256.into(),
            });
            let aa_public = if kind == SpecimenKind::IdCardDe {
                keys::ID_CARD_DE_AA_PUBLIC
            } else {
                keys::RESIDENCE_PERMIT_DE_AA_PUBLIC
            };
            Dg15 {
                public_key: PublicKeyInfo::ec_named(P256, unhex(aa_public)),
            }
        }
    };
    let dg14 = Dg14 {
        security_infos: SecurityInfos { infos }.der_sorted(),
    };
    let dg16 = Dg16 {
        declared_count: Some(2),
        persons: vec![
            PersonToNotify {
                date_recorded: Some(PartialDate::ascii(p.issued)),
                name: Some("SPECIMEN<<PETER".into()),
                telephone: Some("+49 30 1111111".into()),
                address: Some("MUSTERWEG 5<BERLIN<10115<D".into()),
                unknown: vec![],
            },
            PersonToNotify {
                date_recorded: Some(PartialDate::ascii(p.issued)),
                name: Some("SPECIMEN<<PAULA".into()),
                telephone: Some("+49 30 2222222".into()),
                address: Some("MUSTERWEG 6<BERLIN<10115<D".into()),
                unknown: vec![],
            },
        ],
    };
    Specimen {
        kind,
        access: p.access,
        com,
        dg1: Dg1::new(p.mrz),
        dg2,
        dg3,
        dg4,
        dg5,
        dg7,
        dg11,
        dg12,
        dg13,
        dg14,
        dg15,
        dg16,
        card_access: card_access(kind, pace, p.ca_key_id),
    }
}

/// id-CA-ECDH (BSI TR-03110-3 §A.1.1.2), the protocol of a ChipAuthenticationDomainParameterInfo.
const CA_ECDH: &str = "0.4.0.127.0.7.2.2.3.2";

/// EF.CardAccess: the PACEInfo; on the German cards also, as theirs do (BSI TR-03110-3
/// §A.1.2.1), Chip Authentication version 2 with its domain parameters (standardized id 13,
/// brainpoolP256r1) and Terminal Authentication version 2.
fn card_access(kind: SpecimenKind, pace: SecurityInfo, ca_key_id: Option<u64>) -> SecurityInfos {
    let mut infos = vec![pace];
    if kind != SpecimenKind::PassportUto {
        infos.extend([
            SecurityInfo::ChipAuthentication {
                protocol: CA_ECDH_AES128.into(),
                version: 2,
                key_id: ca_key_id,
            },
            SecurityInfo::ChipAuthenticationDomainParameter {
                protocol: CA_ECDH.into(),
                domain_parameter: crate::lds::AlgorithmIdentifier {
                    algorithm: crate::lds::spki::STANDARDIZED_DOMAIN_PARAMETERS.into(),
                    parameters: Some(vec![0x02, 0x01, 13]),
                },
                key_id: ca_key_id,
            },
            SecurityInfo::TerminalAuthentication {
                protocol: TA.into(),
                version: 2,
                ef_cvca: None,
            },
        ]);
    }
    SecurityInfos { infos }.der_sorted()
}

fn face_info(image: &[u8], face: FaceVariant, gender: u8) -> FaceInfo {
    FaceInfo {
        gender,
        eye_colour: 4,
        hair_colour: 5,
        feature_mask: 0x000001,
        expression: 1,
        pose_angle: [0, 0, 0],
        pose_angle_uncertainty: [0, 0, 0],
        feature_points: vec![
            FeaturePoint {
                kind: 1,
                code: 0x31,
                x: 98,
                y: 131,
            },
            FeaturePoint {
                kind: 1,
                code: 0x32,
                x: 142,
                y: 131,
            },
        ],
        face_image_type: 1,
        image_data_type: match face {
            FaceVariant::Jpeg => 0,
            FaceVariant::Jpeg2000 => 1,
        },
        width: 240,
        height: 320,
        colour_space: 1,
        source_type: 2,
        device_type: 0,
        quality: 0,
        image: EncodedImage::new(image.to_vec()),
    }
}

enum SpecimenKindBio {
    Finger,
    Iris,
}

/// A small synthetic image body: the format's start marker, then a filler (structure only;
/// no real biometric).
fn synthetic_image(marker: &[u8], seed: u8) -> Vec<u8> {
    let mut image = marker.to_vec();
    image.extend((0u8..48).map(|b| b.wrapping_mul(seed).wrapping_add(0x5A)));
    image
}

/// DG3 with the right and left index finger (one ISO/IEC 19794-4 record each: WSQ, 500 ppi),
/// DG4 with the right and left eye (one ISO/IEC 19794-6 record each: mono JPEG 2000). The
/// CBEFF subtypes follow ISO/IEC 7816-11: 01 right / 02 left, plus 08 for the index finger.
fn secondary(which: SpecimenKindBio) -> BiometricDg {
    let (kind, btype, format) = match which {
        SpecimenKindBio::Finger => (crate::lds::SecondaryBiometric::Fingerprint, 0x08, 0x0007),
        SpecimenKindBio::Iris => (crate::lds::SecondaryBiometric::Iris, 0x10, 0x0009),
    };
    let records: Vec<BiometricRecord> = (1u8..=2)
        .map(|i| match which {
            SpecimenKindBio::Finger => BiometricRecord::Finger(finger(i)),
            SpecimenKindBio::Iris => BiometricRecord::Iris(iris(i)),
        })
        .collect();
    let templates = records
        .iter()
        .zip(1u8..)
        .map(|(record, i)| {
            let (subtype, data) = match record {
                BiometricRecord::Finger(f) => (0x08 | i, f.encode()),
                BiometricRecord::Iris(r) => (i, r.encode()),
                BiometricRecord::Iso39794 => (i, Vec::new()),
            };
            BiometricTemplate {
                header: BiometricHeader {
                    subtype: Some(vec![subtype]),
                    ..BiometricHeader::iso19794(btype, format)
                },
                data_tag: BDB,
                data,
            }
        })
        .collect();
    BiometricDg {
        kind,
        group: BiometricGroup {
            declared_count: Some(2),
            templates,
        },
        records,
    }
}

/// Hand `i` (1 right, 2 left): its index finger (position 2 or 7), one plain live-scan view.
fn finger(i: u8) -> FingerRecord {
    let position = if i == 1 { 2 } else { 7 };
    // WSQ starts with its SOI marker FFA0.
    let image = synthetic_image(&[0xFF, 0xA0], i);
    FingerRecord::new(
        2,
        500,
        vec![FingerView::plain(position, 400, 500, 60 + i, image)],
    )
}

/// Eye `i` (1 right, 2 left): one mono JPEG 2000 image, 640 × 480.
fn iris(i: u8) -> IrisRecord {
    // A JPEG 2000 codestream starts with SOC FF4F and SIZ FF51.
    let image = synthetic_image(&[0xFF, 0x4F, 0xFF, 0x51], i);
    IrisRecord::new(14, 640, 480, 210, vec![IrisEye::single(i, 70 + i, image)])
}
