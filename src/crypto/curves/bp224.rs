//! brainpoolP224r1 (RFC 5639 §3.2) with full arithmetic, built from its domain parameters by
//! [`prime_curve!`](super::custom): ECDSA verification now, ECDH and point mapping for PACE.

#[cfg(target_pointer_width = "64")]
type Uint = elliptic_curve::bigint::U256;
#[cfg(not(target_pointer_width = "64"))]
type Uint = elliptic_curve::bigint::U224;

// The 224-bit moduli, padded to the width of `Uint` (4 limbs of 64 bits, or 7 of 32).
#[cfg(target_pointer_width = "64")]
const P_HEX: &str = "00000000d7c134aa264366862a18302575d1d787b09f075797da89f57ec8c0ff";
#[cfg(not(target_pointer_width = "64"))]
const P_HEX: &str = "d7c134aa264366862a18302575d1d787b09f075797da89f57ec8c0ff";
#[cfg(target_pointer_width = "64")]
const N_HEX: &str = "00000000d7c134aa264366862a18302575d0fb98d116bc4b6ddebca3a5a7939f";
#[cfg(not(target_pointer_width = "64"))]
const N_HEX: &str = "d7c134aa264366862a18302575d0fb98d116bc4b6ddebca3a5a7939f";

super::custom::prime_curve! {
    curve: BrainpoolP224r1,
    name: "brainpoolP224r1",
    uint: Uint,
    field_bytes: elliptic_curve::consts::U28,
    p: P_HEX,
    p_generator: 3,
    n: N_HEX,
    n_generator: 3,
    a: "68a5e62ca9ce6c1c299803a6c1530b514e182ad8b0042a59cad29f43",
    b: "2580f63ccfe44138870713b1a92369e33e2135d266dbb372386c400b",
    gx: "0d9029ad2c7e5cf4340823b2a87dc68c9e4ce3174c1e6efdee12c07d",
    gy: "58aa56f772c0726f24c6b89e4ecdac24354b9e99caa3f6d3761402cd",
}
