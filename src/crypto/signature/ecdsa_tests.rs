//! ECDSA known-answer tests on every curve: keys and SHA-256 signatures over "idverify" made
//! with the OpenSSL 3.0 command line (`openssl ecparam -genkey`, `openssl dgst -sha256 -sign`).

use super::{PublicKey, SignatureAlgorithm, SignatureError, ecdsa_signature_scalars, verify};
use crate::crypto::curves::NamedCurve;
use crate::crypto::hash::HashAlgorithm;

const VECTORS: &[(NamedCurve, &str, &str)] = &[
    (
        NamedCurve::P192,
        "0432357361eb47c5089e73f0942458a15dc94f23374e24338db3ef43815aa15fb8889dbb5be76e9ead4f05c3690ac7d560",
        "303502183c1a208019640cdfdbbcba5680338a6629940937281acd72021900b9eab70d4b1c745200bd259d8298daf9ee956f0af1d32ce5",
    ),
    (
        NamedCurve::P224,
        "045e2765668fe8da187533d3528944a8e7358766bc965db239f45d777a556892077a7cf47c2172bb362b6d32a9e333d1e85f3fd83080a57dca",
        "303e021d00da7f391a6afc4c91ba02a864e200139567bb0dac72bb79b10b1b96de021d00ec2336d931f0c19787075658ae04f9f5cb4f5085ee4372fe73a6e863",
    ),
    (
        NamedCurve::P256,
        "04154ee93debc6ac0b84ee84f28f742a18d702926b69976f41ea8b36008585cb09c9737de2677dda335fbbfffd969d356a662f254f3067ba304d2103ee33bd62d9",
        "304502210080b71e22d4c298478d1eb902fe9ee5f90ae28bc34f546271d8da28a26af8e64f022010bf7080dd0e0a2eda986a686b2f1cccea68e8acace5d908f483c6cb743e711a",
    ),
    (
        NamedCurve::P384,
        "04d1728a8a8ef631bb86051d72698c33144b993468c4c3b37e3e4b4711399e5096d80bdb2e5ffef7affe920a0961a64cdf9ce3a0e7da97c84618db810b650248b585da3747a9adc1941285c5f1e063d81aa43de85e808cbf4c571f7791e6686c72",
        "3066023100f37860012500240417412c2c38faf8db4d8b053fbf8eee2017cb7a67ba373e378078d07a45fcc5470d29afb97679121d023100e83b58746d219e0a792e90eaf94c1bef52c1164a25ddb0bc4a69f846fb8af025039cad1296d3300d8a1e48948ee7358a",
    ),
    (
        NamedCurve::P521,
        "0401fbe4f21b70504d4d2faa31bcc65bb4378a950b35f7273647847cec09904daa72ccc4dcda7060d7feb3f9925d5f1a4422e0362f23d398d3b1e7c0b9026bb92fdc36005056379be72ca958126acb39feaececb03a8e656a3e54fa9ec16477d42811e9202e6ad4bf77812204429ca67edd04993b5314908f72e4547302b595f22f7361571",
        "308187024200d56e03fffdc6a03881948cc75973e9a68f2ccb28a27ff7970d52f57ee2cc626a85e91fc9dfa91b655864b5c93b64f25ff287ebd1b8449782811573c1b0023045320241693b78c66b15e676c03d2f9fc1b58457cd0ec5bd2d545c903900b5f9a38a8864e5ee6c27b65d22c3ed6a0a2a181ed7ef02ee7302dd320597ee859e738c2d807365",
    ),
    (
        NamedCurve::BrainpoolP192r1,
        "0467c15c259af7cf9d479372591a29c5bd0d40bc9bde9a82cb3977dada0b3628f98b9cc121a5394d3c2a2d4ac5ab762a9d",
        "3035021828e620a0e9563cf06c69f9db2dbdea84816220b121e1ad1f02190096cf0f2331dbdd08bcb3b63981e7d14d980bb30dc9b0c7dc",
    ),
    (
        NamedCurve::BrainpoolP224r1,
        "046d2b0273f82a8cf98e475cd4e8014080a455a90798f1ebcf6a7f001247d7b2ed0e1f55efb67f3b284d8a2786e72bcadac566b7e567c7700c",
        "303d021d008c1510ad685ba88c68bfa2dcbdd9c73291a54eb7392adbf24a39afe3021c61493b8bbf38df4ac95edbc1153871b8ce4142bfc946b8d7439d4f3a",
    ),
    (
        NamedCurve::BrainpoolP256r1,
        "04267bf3b700b4c2ff2d4d1f31dc0a37d924d52c5dce367235549303a83c3fd26782c21524a6e2ac7bd15ed62d8e556d7f07c1cb6ef45c593e01d77670ab4b9e12",
        "3044022003ee475428cc9669c74ba4111dc23ab2e53ae6bd7e22f1920f0f2efae6201500022079ba69c1e67092f25e96ede14758c8e3fac729931b4ef1d5ccabc52f5362725c",
    ),
    (
        NamedCurve::BrainpoolP320r1,
        "04276a035525c9f437bd21b466b4156c111c1ade21ac1ccf3d53f7b41046683530be47cc8f438a8a1b3c8de45a9ffc0d6dec7fd5d8de26400d388fe46ad4e9b3f313e55d57d4c85c09cc412748bcd29920",
        "3055022900c7f152d6ff51fa97273cde81d3de388151ff237500c79b46ccccafd0009ffe7606268a6e94ac4430022839964c45592372b4bfc07e2a63e891c04c20744ede6f2b9a05b6c5f023f6696beb8a84bdae4ff2e0",
    ),
    (
        NamedCurve::BrainpoolP384r1,
        "047c78f14e8d2635e7b7f38ecfa87e9755e99c4b93f7b21a984fb13d39f13f71f7efb1457d44d6a6ae7800ad90acafe1663957f0947ca4290a84c027b73cef25972675c4b08f8d498c1c65ae267fbfb7b3fe2d99b318ae7e9e6f6ac6840190fc5a",
        "306402304b18fda82ff12b8cf3d3ba9a3ae04910acef69921199c10e8ec3ff99ccaad3abace8b71a51bde9111e9ae621d310eb3b0230701d85c62f5e68d6dea695a7db61c6779328d00e0eda28bcf42beb4035f7b7dbc6ed8badca82a3fa512e1c4dbf6cf38e",
    ),
    (
        NamedCurve::BrainpoolP512r1,
        "04904bf3647b937398f850674159fa928f54bd22e8d4a58612b14eb1a0949748c2b9aa25880a274f1e02c533a0a18f278de65ad373084e313f8b6a263c93bb00df33aa8178cadb6753e79918c6c7cb3b828073cadef8c76a1b105716b5cea1397ffcb8413ec9dca8f0ecfc5dfa6ef8c95d4267d2dc35cda87cafe539fa610c92c6",
        "30818402401b11df7ccad261704e6dbb2dfb866fac01235b8ae9b12837a8ac610c9aeba0e1bdf803b457bd2add401bda00968ad978636bc822e0783f90c60cc40ddc2286db02401916610817ad4149d6fe758c65ea343fa6a5d85050724df24cc2984acd0004618fd552f7f223d7f173248117e12ae3f79d184430f193b28a7921061106766fa5",
    ),
];

const ALG: SignatureAlgorithm = SignatureAlgorithm::Ecdsa {
    hash: HashAlgorithm::Sha256,
};

#[test]
fn openssl_signatures_verify_on_every_curve_der_and_plain() {
    assert_eq!(VECTORS.len(), NamedCurve::ALL.len());
    for &(curve, point, sig) in VECTORS {
        let key = PublicKey::Ec {
            curve,
            point: hex::decode(point).unwrap(),
        };
        let der = hex::decode(sig).unwrap();
        assert_eq!(
            verify(&key, &ALG, b"idverify", &der),
            Ok(()),
            "{curve:?} DER"
        );
        let (r, s) = ecdsa_signature_scalars(&der, curve.field_len()).unwrap();
        let plain = [r, s].concat();
        assert_eq!(
            verify(&key, &ALG, b"idverify", &plain),
            Ok(()),
            "{curve:?} plain"
        );
        assert_eq!(
            verify(&key, &ALG, b"idverifz", &der),
            Err(SignatureError::Invalid),
            "{curve:?} other message"
        );
        let mut bad = plain.clone();
        bad[3] ^= 0x40;
        assert_eq!(
            verify(&key, &ALG, b"idverify", &bad),
            Err(SignatureError::Invalid)
        );
        // A point moved off the curve is refused as a key.
        let mut off = hex::decode(point).unwrap();
        let last = off.len() - 1;
        off[last] ^= 1;
        let off = PublicKey::Ec { curve, point: off };
        assert!(matches!(
            verify(&off, &ALG, b"idverify", &der),
            Err(SignatureError::BadKey(_))
        ));
    }
}

#[test]
fn ecdsa_on_an_rsa_key_is_a_mismatch_and_short_input_is_invalid() {
    let rsa = PublicKey::Rsa {
        n: vec![0xC5; 128],
        e: vec![1, 0, 1],
    };
    assert!(matches!(
        verify(&rsa, &ALG, b"x", &[0x30, 0x00]),
        Err(SignatureError::KeyMismatch { .. })
    ));
    assert!(ecdsa_signature_scalars(&[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01], 32).is_err());
    assert!(ecdsa_signature_scalars(&[1, 2, 3], 32).is_err());
}
