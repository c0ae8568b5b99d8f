//! P-192 (FIPS 186-4 §D.1.2.1) with full arithmetic, built from its domain parameters by
//! [`prime_curve!`](super::custom): ECDSA verification now, ECDH and point mapping for PACE.

type Uint = elliptic_curve::bigint::U192;

super::custom::prime_curve! {
    curve: NistP192,
    name: "P-192",
    uint: Uint,
    field_bytes: elliptic_curve::consts::U24,
    p: "fffffffffffffffffffffffffffffffeffffffffffffffff",
    p_generator: 11,
    n: "ffffffffffffffffffffffff99def836146bc9b1b4d22831",
    n_generator: 3,
    a: "fffffffffffffffffffffffffffffffefffffffffffffffc",
    b: "64210519e59c80e70fa7e9ab72243049feb8deecc146b9b1",
    gx: "188da80eb03090f67cbf20eb43a18800f4ff0afd82ff1012",
    gy: "07192b95ffc8da78631011ed6b24cdd573f977a11e794811",
}
