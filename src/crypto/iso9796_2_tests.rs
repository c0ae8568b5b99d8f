//! Tests of ISO/IEC 9796-2 scheme 1: the recorded Active Authentication signature of a real
//! passport (RSA-1792, SHA-256, trailer 34CC) and round trips with the specimen test key.

use super::*;
use crate::chip::transport::replay::Transcript;
use crate::lds::{Dg15, PublicKey as LdsKey};

fn aa_transcript() -> Transcript {
    let path = crate::test_vectors_dir().join("transcripts/aa_rsa_active_authentication.json");
    Transcript::from_json(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn dg15_rsa(t: &Transcript) -> (Vec<u8>, Vec<u8>) {
    let dg15 = Dg15::parse(&t.hex_at("/inputs/DG15").unwrap()).unwrap();
    match dg15.public_key.key {
        LdsKey::Rsa { modulus, exponent } => (modulus, exponent),
        other => panic!("not RSA: {other:?}"),
    }
}

#[cfg(feature = "emulator")]
fn specimen() -> Iso9796Signer {
    let der = hex::decode(crate::emulator::specimen::keys::PASSPORT_UTO_AA_RSA_PKCS1).unwrap();
    Iso9796Signer::from_pkcs1_der(&der).unwrap()
}

/// Blinding draws until it finds an invertible value, so the RNG must not run dry.
#[cfg(feature = "emulator")]
fn rng() -> rand_core::UnwrapErr<getrandom::SysRng> {
    rand_core::UnwrapErr(getrandom::SysRng)
}

#[test]
fn recorded_passport_signature_opens_to_the_recorded_representative() {
    let t = aa_transcript();
    let (n, e) = dg15_rsa(&t);
    assert_eq!(modulus_bits(&n), 1792);
    let sig = t.hex_at("/expected/signature").unwrap();
    let f = open(&n, &e, &sig).unwrap();
    assert_eq!(f, t.hex_at("/expected/signature_opened_F").unwrap());
    let challenge = t.hex_at("/inputs/RND_IFD_challenge").unwrap();
    let r = verify(&n, &e, &sig, &challenge).unwrap();
    assert!(r.partial && r.explicit_trailer);
    assert_eq!(r.hash, HashAlgorithm::Sha256);
    assert_eq!(r.m1, t.hex_at("/expected/M1_recoverable_part").unwrap());
    assert_eq!(
        r.digest,
        t.hex_at("/expected/D_hash_of_M1_RND_IFD").unwrap()
    );
    // Another challenge, or a flipped signature bit, does not verify.
    let mut other = challenge.clone();
    other[7] ^= 1;
    assert_eq!(
        verify(&n, &e, &sig, &other),
        Err(Iso9796Error::HashMismatch)
    );
    let mut bad = sig.clone();
    bad[100] ^= 0x10;
    assert!(verify(&n, &e, &bad, &challenge).is_err());
}

#[cfg(feature = "emulator")]
#[test]
fn specimen_key_round_trips_every_trailer() {
    let signer = specimen();
    let (n, e) = (signer.modulus(), signer.exponent());
    let challenge = [1u8, 2, 3, 4, 5, 6, 7, 8];
    let mut rng = rng();
    for (hash, explicit) in [
        (HashAlgorithm::Sha1, false),
        (HashAlgorithm::Sha1, true),
        (HashAlgorithm::Sha224, true),
        (HashAlgorithm::Sha256, true),
        (HashAlgorithm::Sha384, true),
        (HashAlgorithm::Sha512, true),
    ] {
        let sig = signer
            .sign(&mut rng, hash, explicit, b"chip nonce", &challenge)
            .unwrap();
        let r = verify(&n, &e, &sig, &challenge).unwrap();
        assert_eq!((r.hash, r.explicit_trailer), (hash, explicit));
        assert!(r.m1.starts_with(b"chip nonce"));
        assert_eq!(
            verify(&n, &e, &sig, &[0u8; 8]),
            Err(Iso9796Error::HashMismatch)
        );
    }
    // SHA-2 needs the explicit trailer.
    assert!(
        signer
            .sign(&mut rng, HashAlgorithm::Sha256, false, b"", &challenge)
            .is_err()
    );
}

#[cfg(feature = "emulator")]
#[test]
fn hostile_signatures_and_representatives_are_refused() {
    let signer = specimen();
    let (n, e) = (signer.modulus(), signer.exponent());
    assert_eq!(open(&n, &e, &[]), Err(Iso9796Error::OutOfRange));
    assert_eq!(open(&n, &e, &[0u8; 300]), Err(Iso9796Error::OutOfRange));
    assert_eq!(open(&n, &e, &n), Err(Iso9796Error::OutOfRange));
    assert_eq!(
        open(&n, &e, &vec![0xFF; n.len() + 1]),
        Err(Iso9796Error::OutOfRange)
    );
    assert!(matches!(
        open(&[0x03], &e, &[1]),
        Err(Iso9796Error::BadKey(_))
    ));
    // Garbage that opens to something random is no representative.
    assert!(verify(&n, &e, &[0x42; 64], &[0; 8]).is_err());
    for f in [
        &[][..],
        &[0xBC],
        &[0x6A, 0xBC],
        &[0x5A, 0, 0xBC],
        &[0x6B, 0xBA, 0xBC],
        &[0x6A, 0x99, 0xCC],
        &[0x6A, 1, 2, 3],
    ] {
        assert!(parse_representative(f).is_err(), "{f:02X?}");
    }
    // Total recovery with padding parses, and is refused for a challenge.
    let mut f = vec![0x4B, 0xBB, 0xBA, 9, 9];
    f.extend_from_slice(&[7u8; 20]);
    f.push(0xBC);
    let r = parse_representative(&f).unwrap();
    assert!(!r.partial);
    assert_eq!(r.m1, vec![9, 9]);
}

/// Published vector: Bouncy Castle's ISO9796Test `doTest13` (bcgit/bc-java,
/// core/src/test/java/org/bouncycastle/crypto/test/ISO9796Test.java, MIT licence), an
/// eMRTD-style INTERNAL AUTHENTICATE response under an RSA-1024 key over the all-zero
/// challenge, SHA-1 with the implicit trailer. Numbers only; opened independently (Python
/// `pow`) before inclusion: 6A ‖ M1 (106 bytes) ‖ SHA-1(M1 ‖ 00×8) ‖ BC.
#[test]
fn bouncy_castle_internal_authenticate_vector_verifies() {
    let n = hex::decode(
        "CDCBDABBF93BE8E8294E32B055256BBD0397735189BF75816341BB0D488D05D627991221DF7D5983\
         5C76A4BB4808ADEEB779E7794504E956ADC2A661B46904CDC71337DD29DDDD454124EF79CFDD7BC2\
         C21952573CEFBA485CC38C6BD2428809B5A31A898A6B5648CAA4ED678D9743B589134B7187478996\
         300EDBA16271A861",
    )
    .unwrap();
    let sig = hex::decode(
        "482E20D1EDDED34359C38F5E7C01203F9D6B2641CDCA5C404D49ADAEDE034C7481D781D043722587\
         761C90468DE69C6585A1E8B9C322F90E1B580EEDAB3F6007D0C366CF92B4DB8B41C8314929DCE2BE\
         889C0129123484D2FD3D12763D2EBFD12AC8E51D7061AFCA1A53DEDEC7B9A617472A78C952CCC724\
         67AE008E5F132994",
    )
    .unwrap();
    let e = [0x01, 0x00, 0x01];
    assert_eq!(modulus_bits(&n), 1024);
    let r = verify(&n, &e, &sig, &[0u8; 8]).unwrap();
    assert!(r.partial && !r.explicit_trailer);
    assert_eq!(r.hash, HashAlgorithm::Sha1);
    assert_eq!(r.m1.len(), 106);
    assert_eq!(r.m1[..4], [0x53, 0x9B, 0xB2, 0x92]);
    assert_eq!(
        verify(&n, &e, &sig, &[0, 0, 0, 0, 0, 0, 0, 1]),
        Err(Iso9796Error::HashMismatch)
    );
}

/// Independent vectors made with OpenSSL (testdata/clone/generate.py): every trailer, one
/// signature published as n − s; no published vectors with SHA-2 trailers were found.
#[test]
fn openssl_made_signatures_open_and_verify() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/clone/iso9796_2.json");
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let h = |v: &serde_json::Value, k: &str| hex::decode(v[k].as_str().unwrap()).unwrap();
    let (n, e) = (h(&v, "modulus"), h(&v, "exponent"));
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 7);
    for case in cases {
        let name = case["hash"].as_str().unwrap();
        let sig = h(case, "signature");
        assert_eq!(
            open(&n, &e, &sig).unwrap(),
            h(case, "representative"),
            "{name}"
        );
        let r = verify(&n, &e, &sig, &h(case, "challenge")).unwrap();
        assert_eq!(r.hash.name(), name);
        assert_eq!(
            r.explicit_trailer,
            case["explicit_trailer"].as_bool().unwrap()
        );
        assert_eq!(r.m1, h(case, "m1"), "{name}");
        assert_eq!(
            verify(&n, &e, &sig, &[0xEE; 8]),
            Err(Iso9796Error::HashMismatch),
            "{name}"
        );
    }
}
