//! The driver against a real PKCS#11 module: a private SoftHSM2 token holding the P-256 and
//! RSA test keys of testdata/terminal. Fails (never skips) when SoftHSM2 is not installed.

use idverify_pkcs11::testing::{SoftHsm, run_isolated};
use idverify_pkcs11::{
    KeySelector, Pin, Pkcs11Error, PssHash, PublicKeyInfo, SignMechanism, Token, TokenSelector,
};
use std::path::{Path, PathBuf};

const TOKEN: &str = "desk-1";
const PIN: &str = "4711";

fn key_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/terminal")
        .join(name)
}

/// A token with the P-256 key ("ta-p256", id 01) and the RSA key ("ta-rsa", id 02).
fn setup(hsm: &SoftHsm) {
    hsm.init_token(TOKEN, "12345678", PIN).unwrap();
    hsm.import_key(TOKEN, PIN, &key_file("ec_prime256v1.pem"), "ta-p256", &[1])
        .unwrap();
    hsm.import_key(TOKEN, PIN, &key_file("rsa_2048.pem"), "ta-rsa", &[2])
        .unwrap();
}

fn open(hsm: &SoftHsm, pin: Option<&str>) -> Result<Token, Pkcs11Error> {
    let selector = TokenSelector {
        label: Some(TOKEN.into()),
        serial: None,
    };
    Token::open(hsm.module(), &selector, pin.map(Pin::new).as_ref())
}

fn by_label(label: &str) -> KeySelector {
    KeySelector {
        label: Some(label.into()),
        id: None,
    }
}

#[test]
fn keys_are_found_read_and_sign() {
    run_isolated("keys_are_found_read_and_sign", |hsm| {
        setup(hsm);
        let token = open(hsm, Some(PIN)).unwrap();
        assert_eq!(token.label(), TOKEN);
        let ec = token.find_key(&by_label("ta-p256")).unwrap();
        assert_eq!(ec.id, [1]);
        let PublicKeyInfo::Ec { params, point } = &ec.public else {
            panic!("not EC: {:?}", ec.public);
        };
        // The named-curve OID of P-256 and an uncompressed point.
        assert_eq!(params, &[6, 8, 0x2a, 0x86, 0x48, 0xce, 0x3d, 3, 1, 7]);
        assert_eq!((point.len(), point[0]), (65, 4));
        let sig = token.sign(&ec, &SignMechanism::Ecdsa, &[0x5a; 32]).unwrap();
        assert_eq!(sig.len(), 64);

        let by_id = KeySelector {
            label: None,
            id: Some(vec![2]),
        };
        let rsa = token.find_key(&by_id).unwrap();
        assert_eq!(rsa.label, "ta-rsa");
        let PublicKeyInfo::Rsa { modulus, exponent } = &rsa.public else {
            panic!("not RSA");
        };
        assert_eq!((modulus.len(), exponent.as_slice()), (256, &[1, 0, 1][..]));
        let pss = SignMechanism::RsaPss {
            hash: PssHash::Sha256,
            salt_len: 32,
        };
        assert_eq!(token.sign(&rsa, &pss, &[7; 32]).unwrap().len(), 256);
        // An RSA key cannot do CKM_ECDSA: the module's refusal comes back as an error.
        assert!(token.sign(&rsa, &SignMechanism::Ecdsa, &[7; 32]).is_err());
    })
    .unwrap();
}

#[test]
fn one_token_signs_from_several_threads() {
    run_isolated("one_token_signs_from_several_threads", |hsm| {
        setup(hsm);
        let token = open(hsm, Some(PIN)).unwrap();
        let key = token.find_key(&by_label("ta-p256")).unwrap();
        std::thread::scope(|s| {
            for t in 0..4u8 {
                let (token, key) = (&token, &key);
                s.spawn(move || {
                    for _ in 0..5 {
                        let sig = token.sign(key, &SignMechanism::Ecdsa, &[t; 32]).unwrap();
                        assert_eq!(sig.len(), 64);
                    }
                });
            }
        });
    })
    .unwrap();
}

#[test]
fn pin_token_key_and_module_errors_are_clear() {
    run_isolated("pin_token_key_and_module_errors_are_clear", |hsm| {
        setup(hsm);
        assert_eq!(
            open(hsm, Some("0000")).unwrap_err(),
            Pkcs11Error::PinIncorrect
        );
        // Without login the private key is invisible; the error says why that may be.
        let anonymous = open(hsm, None).unwrap();
        let err = anonymous.find_key(&by_label("ta-p256")).unwrap_err();
        assert!(
            matches!(&err, Pkcs11Error::Key(m) if m.contains("PIN")),
            "{err}"
        );

        let token = open(hsm, Some(PIN)).unwrap();
        // The login holds process-wide: a second one, right or wrong, is refused.
        assert_eq!(
            open(hsm, Some("0000")).unwrap_err(),
            Pkcs11Error::AlreadyLoggedIn
        );
        assert_eq!(
            open(hsm, Some(PIN)).unwrap_err(),
            Pkcs11Error::AlreadyLoggedIn
        );
        let err = token.find_key(&by_label("no-such-key")).unwrap_err();
        assert!(
            matches!(&err, Pkcs11Error::Key(m) if m.contains("not found")),
            "{err}"
        );
        // Both keys match an empty selector.
        let err = token.find_key(&KeySelector::default()).unwrap_err();
        assert!(
            matches!(&err, Pkcs11Error::Key(m) if m.contains("ambiguous")),
            "{err}"
        );

        let wrong = TokenSelector {
            label: Some("desk-9".into()),
            serial: None,
        };
        let err = Token::open(hsm.module(), &wrong, None).unwrap_err();
        assert!(
            matches!(&err, Pkcs11Error::TokenNotFound { present, .. } if present == "\"desk-1\""),
            "{err}"
        );
        let err = Token::open(Path::new("/nonexistent/libpkcs11.so"), &wrong, None).unwrap_err();
        assert!(matches!(&err, Pkcs11Error::Module { reason, .. } if reason == "no such file"));
        // A file that is no shared library.
        let err = Token::open(&key_file("rsa_2048.pem"), &wrong, None).unwrap_err();
        assert!(matches!(err, Pkcs11Error::Module { .. }), "{err}");
    })
    .unwrap();
}
