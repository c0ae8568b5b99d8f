//! The curve groups' scalar multiplication against OpenSSL: the generator's table path and the
//! variable-base path, on every named curve, with edge scalars (1, 2, 16, sparse ones, digits
//! of ±8, n − 16, n − 2, n − 1, all ones below the order's top bit) and pseudo-random ones.

use super::super::{Group, unhex};
use super::group;
use crate::crypto::curves::NamedCurve;
use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcGroup, EcPoint, PointConversionForm};
use openssl::nid::Nid;

/// OpenSSL's id of a curve, from the curve's OID.
fn nid(curve: NamedCurve) -> Nid {
    openssl::asn1::Asn1Object::from_str(curve.params().oid).map_or(Nid::UNDEF, |o| o.nid())
}

/// Big-endian `order − d`, as long as the order.
fn order_minus(order: &[u8], d: u8) -> Vec<u8> {
    let mut out = order.to_vec();
    let mut borrow = d;
    for b in out.iter_mut().rev() {
        let (v, under) = b.overflowing_sub(borrow);
        *b = v;
        borrow = u8::from(under);
    }
    out
}

fn scalars(g: &dyn Group, order: &[u8]) -> Vec<Vec<u8>> {
    let len = g.private_len();
    let mut one = vec![0u8; len];
    one[len - 1] = 1;
    let mut two = vec![0u8; len];
    two[len - 1] = 2;
    let mut ones = vec![0xFFu8; len];
    assert!(g.accept_private(&mut ones) || ones.as_slice() >= order);
    // Sparse and carry-heavy scalars: long runs of zero digits, digits of ±8.
    let mut sixteen = vec![0u8; len];
    sixteen[len - 1] = 0x10;
    let mut middle = vec![0u8; len];
    middle[len / 2] = 0x08;
    let mut eights = vec![0x88u8; len];
    eights[0] = 0x08;
    let mut out = vec![
        one,
        two,
        sixteen,
        middle,
        eights,
        order_minus(order, 1),
        order_minus(order, 2),
        order_minus(order, 16),
    ];
    if ones.as_slice() < order {
        out.push(ones);
    }
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..2 {
        let mut k = vec![0u8; len];
        loop {
            for b in k.iter_mut() {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                *b = x as u8;
            }
            if g.accept_private(&mut k) {
                break;
            }
        }
        out.push(k);
    }
    out
}

fn openssl_mul(group: &EcGroup, base: Option<&[u8]>, k: &[u8]) -> Vec<u8> {
    let mut ctx = BigNumContext::new().unwrap();
    let k = BigNum::from_slice(k).unwrap();
    let mut r = EcPoint::new(group).unwrap();
    match base {
        None => r.mul_generator2(group, &k, &mut ctx).unwrap(),
        Some(b) => {
            let p = EcPoint::from_bytes(group, b, &mut ctx).unwrap();
            r.mul2(group, &p, &k, &mut ctx).unwrap()
        }
    }
    r.to_bytes(group, PointConversionForm::UNCOMPRESSED, &mut ctx)
        .unwrap()
}

#[test]
fn generator_table_and_variable_base_agree_with_openssl_on_every_curve() {
    for curve in NamedCurve::ALL {
        let g = group(curve);
        let order = unhex(curve.params().n);
        let theirs = EcGroup::from_curve_name(nid(curve)).unwrap();
        let other_base = openssl_mul(&theirs, None, &[0x01, 0x23, 0x45, 0x67, 0x89]);
        for k in scalars(g.as_ref(), &order) {
            let name = curve.name();
            assert_eq!(
                g.mul(&g.generator(), &k).unwrap(),
                openssl_mul(&theirs, None, &k),
                "k·G on {name}"
            );
            assert_eq!(
                g.mul(&other_base, &k).unwrap(),
                openssl_mul(&theirs, Some(&other_base), &k),
                "k·P on {name}"
            );
            let mapped = g.map_generic(&k, &other_base).unwrap();
            let sg = openssl_mul(&theirs, None, &k);
            let mut ctx = BigNumContext::new().unwrap();
            let mut sum = EcPoint::new(&theirs).unwrap();
            let a = EcPoint::from_bytes(&theirs, &sg, &mut ctx).unwrap();
            let b = EcPoint::from_bytes(&theirs, &other_base, &mut ctx).unwrap();
            sum.add(&theirs, &a, &b, &mut ctx).unwrap();
            let sum = sum
                .to_bytes(&theirs, PointConversionForm::UNCOMPRESSED, &mut ctx)
                .unwrap();
            assert_eq!(mapped, sum, "s·G + H on {name}");
        }
    }
}
