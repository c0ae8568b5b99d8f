//! PACE speed: a whole run (MSE:Set AT, four GENERAL AUTHENTICATE steps, both sides' crypto)
//! against the in-process chip per domain parameter and mapping; and the terminal's point
//! operations of Generic Mapping (five scalar multiplications and one addition, and the
//! encodings of the two public keys it sends and of the shared point) next to OpenSSL doing
//! the same operations on the same curve in the same run.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use idverify::chip::ChipSession;
use idverify::chip::access::pace::{
    DomainParameters, GroupOps, Mapping, PaceChoice, PacePassword, group_for,
};
use idverify::crypto::curves::NamedCurve;
use idverify::emulator::{ChipConfig, EmulatedChip, SeededRng};
use openssl::bn::{BigNum, BigNumContext};
use openssl::ec::{EcGroup, EcPoint, PointConversionForm};
use openssl::nid::Nid;
use rand_core::TryRng;
use std::hint::black_box;
use std::time::Duration;

const CAN: &[u8] = b"123456";

fn label(m: Mapping) -> &'static str {
    match m {
        Mapping::Generic => "GM",
        Mapping::Integrated => "IM",
        Mapping::ChipAuthentication => "CAM",
    }
}

/// Every standardized id with each mapping it allows, AES-128.
fn choices() -> Vec<PaceChoice> {
    let mut out = Vec::new();
    for id in DomainParameters::IDS {
        let ec = DomainParameters::standardized(id).is_some_and(DomainParameters::is_ec);
        let kinds: &[&str] = if ec { &["2", "4", "6"] } else { &["1", "3"] };
        for kind in kinds {
            if let Ok(c) = PaceChoice::standardized(&format!("0.4.0.127.0.7.2.2.4.{kind}.2"), id)
                && !(c.protocol.mapping == Mapping::Integrated && id == 10)
            {
                out.push(c);
            }
        }
    }
    out
}

fn whole_run(c: &mut Criterion) {
    let mut g = c.benchmark_group("pace run");
    g.sample_size(10).measurement_time(Duration::from_secs(2));
    for choice in choices() {
        let name = format!(
            "{} id {}",
            label(choice.protocol.mapping),
            choice.parameter_id.unwrap_or(0)
        );
        let mut seed = 1u64;
        g.bench_function(&name, |b| {
            b.iter_batched(
                || {
                    EmulatedChip::new(ChipConfig::default(), [7; 32])
                        .with_pace(choice.clone(), vec![PacePassword::Can(CAN.to_vec())])
                },
                |chip| {
                    seed += 1;
                    let mut s = ChipSession::new(chip);
                    s.run_pace(
                        &choice,
                        &PacePassword::Can(CAN.to_vec()),
                        &mut SeededRng::from_u64(seed),
                    )
                    .map(drop)
                },
                BatchSize::SmallInput,
            )
        });
    }
    g.finish();
}

/// OpenSSL's id of a curve, from the curve's OID.
fn nid(curve: NamedCurve) -> Nid {
    openssl::asn1::Asn1Object::from_str(curve.params().oid).map_or(Nid::UNDEF, |o| o.nid())
}

/// The terminal's Generic Mapping point operations with this crate's group code.
fn ours(g: &dyn GroupOps, k1: &[u8], k2: &[u8], s: &[u8], q1: &[u8], q2: &[u8]) -> Vec<u8> {
    let run = || -> Result<Vec<u8>, idverify::chip::access::pace::PaceError> {
        let _pk_map = g.mul(&g.generator(), k1)?;
        let h = g.mul(q1, k1)?;
        let mapped = g.map_generic(s, &h)?;
        let _pk = g.mul(&mapped, k2)?;
        g.mul(q2, k2)
    };
    run().unwrap_or_default()
}

/// The same operations with OpenSSL, which also encodes what the terminal has to send or
/// use: the mapping public key, the ephemeral public key and the shared point (whose
/// x-coordinate is K). Returns the shared point's encoding.
fn theirs(
    group: &EcGroup,
    ctx: &mut BigNumContext,
    k: (&BigNum, &BigNum, &BigNum),
    q1: &EcPoint,
    q2: &EcPoint,
) -> Option<Vec<u8>> {
    let (k1, k2, s) = k;
    let form = PointConversionForm::UNCOMPRESSED;
    let mut pk_map = EcPoint::new(group).ok()?;
    pk_map.mul_generator2(group, k1, ctx).ok()?;
    black_box(pk_map.to_bytes(group, form, ctx).ok()?);
    let mut h = EcPoint::new(group).ok()?;
    h.mul2(group, q1, k1, ctx).ok()?;
    let mut sg = EcPoint::new(group).ok()?;
    sg.mul_generator2(group, s, ctx).ok()?;
    let mut mapped = EcPoint::new(group).ok()?;
    mapped.add(group, &sg, &h, ctx).ok()?;
    let mut pk = EcPoint::new(group).ok()?;
    pk.mul2(group, &mapped, k2, ctx).ok()?;
    black_box(pk.to_bytes(group, form, ctx).ok()?);
    let mut k = EcPoint::new(group).ok()?;
    k.mul2(group, q2, k2, ctx).ok()?;
    k.to_bytes(group, form, ctx).ok()
}

fn terminal_vs_openssl(c: &mut Criterion) {
    let mut g = c.benchmark_group("terminal GM point ops");
    g.sample_size(20).measurement_time(Duration::from_secs(2));
    for curve in NamedCurve::ALL {
        let Ok(ops) = group_for(DomainParameters::Curve(curve)) else {
            continue;
        };
        let mut rng = SeededRng::from_u64(9);
        let mut fill = |b: &mut [u8]| rng.try_fill_bytes(b).unwrap_or(());
        let (Ok(k1), Ok(k2), Ok(c1), Ok(c2)) = (
            ops.random_private(&mut fill),
            ops.random_private(&mut fill),
            ops.random_private(&mut fill),
            ops.random_private(&mut fill),
        ) else {
            continue;
        };
        let s = [0x5Au8; 16];
        let (Ok(q1), Ok(q2)) = (
            ops.mul(&ops.generator(), &c1),
            ops.mul(&ops.generator(), &c2),
        ) else {
            continue;
        };
        // Both implementations must compute the same shared point.
        let Ok(group) = EcGroup::from_curve_name(nid(curve)) else {
            continue;
        };
        let Ok(mut ctx) = BigNumContext::new() else {
            continue;
        };
        let (Ok(bk1), Ok(bk2), Ok(bs)) = (
            BigNum::from_slice(&k1),
            BigNum::from_slice(&k2),
            BigNum::from_slice(&s),
        ) else {
            continue;
        };
        let (Ok(p1), Ok(p2)) = (
            EcPoint::from_bytes(&group, &q1, &mut ctx),
            EcPoint::from_bytes(&group, &q2, &mut ctx),
        ) else {
            continue;
        };
        let mine = ours(ops.as_ref(), &k1, &k2, &s, &q1, &q2);
        let other = theirs(&group, &mut ctx, (&bk1, &bk2, &bs), &p1, &p2);
        assert_eq!(Some(mine), other, "{}", curve.name());
        g.bench_function(format!("{} ours", curve.name()), |b| {
            b.iter(|| ours(ops.as_ref(), black_box(&k1), &k2, &s, &q1, &q2))
        });
        g.bench_function(format!("{} openssl", curve.name()), |b| {
            b.iter(|| theirs(&group, &mut ctx, (black_box(&bk1), &bk2, &bs), &p1, &p2))
        });
    }
    g.finish();
}

criterion_group!(benches, terminal_vs_openssl, whole_run);
criterion_main!(benches);
