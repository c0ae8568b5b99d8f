#!/usr/bin/env python3
"""Derives the fixed test keys of the specimen documents (src/emulator/specimen/keys.rs).

TEST KEYS ONLY, published on purpose: they let the emulator answer chip and active
authentication for the specimen documents. Deterministic: EC private keys are SHA-256 of a
label reduced mod n; the RSA key is fixed by two primes found deterministically from
SHA-256 labels. Prints Rust constants; run with `python3 make_keys.py`.
"""
import hashlib

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives import serialization


def scalar(label: str, n: int) -> int:
    return int.from_bytes(hashlib.sha256(label.encode()).digest(), "big") % (n - 1) + 1


def ec_key(label: str, curve, n: int):
    d = scalar(label, n)
    key = ec.derive_private_key(d, curve)
    point = key.public_key().public_bytes(serialization.Encoding.X962,
                                           serialization.PublicFormat.UncompressedPoint)
    return d.to_bytes(32, "big"), point


def is_probable_prime(n: int) -> bool:
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37):
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def prime(label: str, bits: int) -> int:
    counter = 0
    while True:
        material = b"".join(hashlib.sha256(f"{label}/{counter}/{i}".encode()).digest()
                            for i in range(bits // 256 + 1))
        c = int.from_bytes(material, "big") >> (len(material) * 8 - bits)
        c |= (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if is_probable_prime(c) and (c - 1) % 65537 != 0:
            return c
        counter += 1


def hexs(b: bytes) -> str:
    return b.hex().upper()


# The order n of brainpoolP256r1 (RFC 5639 §3.4).
BP256_N = 0xA9FB57DBA1EEA9BC3E660A909D838D718C397AA3B561A6F7901E0E82974856A7
P256_N = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551

for doc in ("PASSPORT_UTO", "ID_CARD_DE", "RESIDENCE_PERMIT_DE"):
    d, q = ec_key(f"idverify specimen {doc} chip authentication", ec.BrainpoolP256R1(), BP256_N)
    print(f"pub const {doc}_CA_PRIVATE: &str = \"{hexs(d)}\";")
    print(f"pub const {doc}_CA_PUBLIC: &str = \"{hexs(q)}\";")
for doc in ("ID_CARD_DE", "RESIDENCE_PERMIT_DE"):
    d, q = ec_key(f"idverify specimen {doc} active authentication", ec.SECP256R1(), P256_N)
    print(f"pub const {doc}_AA_PRIVATE: &str = \"{hexs(d)}\";")
    print(f"pub const {doc}_AA_PUBLIC: &str = \"{hexs(q)}\";")
p = prime("idverify specimen PASSPORT_UTO AA p", 1024)
q = prime("idverify specimen PASSPORT_UTO AA q", 1024)
e = 65537
n = p * q
d = pow(e, -1, (p - 1) * (q - 1))
key = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p),
                            rsa.RSAPublicNumbers(e, n)).private_key()
der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL,
                        serialization.NoEncryption())
print(f"pub const PASSPORT_UTO_AA_RSA_PKCS1: &str = \"{hexs(der)}\";")
print(f"pub const PASSPORT_UTO_AA_RSA_MODULUS: &str = \"{hexs(n.to_bytes(256, 'big'))}\";")
