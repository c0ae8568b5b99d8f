//! brainpoolP192r1 (RFC 5639 §3.1) with full arithmetic, built from its domain parameters by
//! [`prime_curve!`](super::custom): ECDSA verification now, ECDH and point mapping for PACE.

type Uint = elliptic_curve::bigint::U192;

super::custom::prime_curve! {
    curve: BrainpoolP192r1,
    name: "brainpoolP192r1",
    uint: Uint,
    field_bytes: elliptic_curve::consts::U24,
    p: "c302f41d932a36cda7a3463093d18db78fce476de1a86297",
    p_generator: 3,
    n: "c302f41d932a36cda7a3462f9e9e916b5be8f1029ac4acc1",
    n_generator: 7,
    a: "6a91174076b1e0e19c39c031fe8685c1cae040e5c69a28ef",
    b: "469a28ef7c28cca3dc721d044f4496bcca7ef4146fbf25c9",
    gx: "c0a0647eaab6a48753b033c56cb0f0900a2f5c4853375fd6",
    gy: "14b690866abd5bb88b5f4828c1490002e6773fa2fa299b8f",
}
