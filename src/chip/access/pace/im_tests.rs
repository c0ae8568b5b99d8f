//! The Integrated Mapping beyond the ICAO worked examples: the pseudo-random function for
//! AES-192 and AES-256 against values computed with OpenSSL's AES, and the refusal of P-224.

use super::keys::pseudo_random;
use super::params::{DomainParameters, Mapping, PaceChoice, supported_choices};
use crate::crypto::curves::NamedCurve;
use crate::crypto::symmetric::Cipher;
use crate::lds::{SecurityInfo, SecurityInfos};

/// s (32 bytes, l = 256) and t as in testdata/pace/im_prf_openssl.sh.
const S: &str = "2923BE84E16CD6AE529049F1F1BBE9EBB3A6DB3C870C3E99245E0D1C06B747DE";
const T: &str = "5DD4CBFC96F5453B130D890A1CDBAE32209A2FF2ABEE7E1FFEDCBA9876543210";

#[test]
fn im_prf_aes_192_256_match_openssl() {
    // Recorded from testdata/pace/im_prf_openssl.sh (`openssl enc -aes-{192,256}-cbc`), a
    // computation that shares no code with the library; 256-bit p: 2 rounds of 256 bits.
    let cases = [
        (
            Cipher::Aes192,
            "DA401A33238904830A0E1F189560DDC31F989DFC77D1421C1E9A576802120A51\
             26C8DE17F3EE74551D1306CA6946D972769BE022371B7190DDDBEACC80C2BF87",
        ),
        (
            Cipher::Aes256,
            "7363F092CFAACF69B2E4CD861D0C2C65C2C16F2BBEE88F4C56D94E6EE81AF210\
             400BD25130F1014F4BBB398C5B6FC56AD41BB4DBE6412DD45951B107AFED7C1B",
        ),
    ];
    let s = hex::decode(S).unwrap();
    let t_full = hex::decode(T).unwrap();
    for (cipher, expected) in cases {
        let t = &t_full[..cipher.key_len()];
        let r = pseudo_random(cipher, &s, t, 256).unwrap();
        assert_eq!(hex::encode_upper(&*r), expected, "{cipher:?}");
        // One more bit of p needs no more output; 193 more bits need a third block.
        assert_eq!(pseudo_random(cipher, &s, t, 192).unwrap().len(), 32);
        assert_eq!(pseudo_random(cipher, &s, t, 449).unwrap().len(), 96);
        // A t of the wrong length is refused.
        assert!(pseudo_random(cipher, &s, &t_full[..16], 256).is_err());
    }
}

#[test]
fn integrated_mapping_on_p224_is_unsupported_everywhere() {
    // BSI TR-03110-3 §A.2.1.1, Table 4: P-224 "cannot be used with the integrated mapping".
    let g = DomainParameters::Curve(NamedCurve::P224).group().unwrap();
    let e = g.map_integrated(&[7u8; 40]).unwrap_err();
    assert!(
        matches!(e, crate::crypto::agreement::GroupError::Unsupported(ref m) if m.contains("P-224") || m.contains("224")),
        "{e:?}"
    );
    // Every other curve maps (p ≡ 3 mod 4) onto a valid point.
    for curve in NamedCurve::ALL {
        if curve == NamedCurve::P224 {
            continue;
        }
        let g = DomainParameters::Curve(curve).group().unwrap();
        let point = g.map_integrated(&[0x42u8; 80]).unwrap();
        g.check_public(&point).unwrap();
    }
    // A chip offering IM on id 10 next to GM on id 10: only GM is chosen.
    let infos = SecurityInfos {
        infos: ["0.4.0.127.0.7.2.2.4.4.2", "0.4.0.127.0.7.2.2.4.2.2"]
            .into_iter()
            .map(|oid| SecurityInfo::Pace {
                protocol: oid.into(),
                version: 2,
                parameter_id: Some(10),
            })
            .collect(),
    };
    let choices = supported_choices(&infos);
    assert_eq!(choices.len(), 1);
    assert_eq!(choices[0].protocol.mapping, Mapping::Generic);
    // Asked for directly, the run stops before the first APDU with `unsupported`.
    let choice = PaceChoice::standardized("0.4.0.127.0.7.2.2.4.4.2", 10).unwrap();
    let mut session =
        crate::chip::ChipSession::new(crate::chip::transport::replay::ReplayChannel::new(vec![]));
    let e = session
        .run_pace(
            &choice,
            &super::PacePassword::Can(b"123456".to_vec()),
            &mut crate::chip::transport::replay::RecordedRandoms::new(vec![1; 64]),
        )
        .unwrap_err();
    assert!(
        matches!(
            e,
            crate::chip::ChipError::Pace(super::PaceError::Unsupported(_))
        ),
        "{e:?}"
    );
    assert_eq!(session.channel().position(), 0, "no APDU was sent");
}
