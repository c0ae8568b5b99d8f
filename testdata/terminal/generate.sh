#!/bin/sh
# Generates the terminal private keys of idverify's Terminal Authentication signer tests:
# one PKCS#8 key per curve the crate supports and an RSA key, in DER and PEM, and the bad
# files the loader must refuse. Run from this folder: sh generate.sh (needs `openssl`).
# Keys are random: regenerating changes them, and the tests only sign and verify.
set -eu
pk8() { # PEM or traditional key on stdin -> unencrypted PKCS#8 DER file $1
    openssl pkcs8 -topk8 -nocrypt -outform DER -out "$1"
}
for curve in prime192v1 secp224r1 prime256v1 secp384r1 secp521r1 \
    brainpoolP192r1 brainpoolP224r1 brainpoolP256r1 brainpoolP320r1 brainpoolP384r1 \
    brainpoolP512r1; do
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:$curve \
        -pkeyopt ec_param_enc:named_curve | pk8 ec_$curve.pk8
done
for curve in prime256v1 brainpoolP256r1; do
    openssl pkcs8 -topk8 -nocrypt -inform DER -in ec_$curve.pk8 -out ec_$curve.pem
done
# The same brainpoolP256r1 key with explicit domain parameters (RFC 3279 ECParameters).
openssl ec -in ec_brainpoolP256r1.pem -param_enc explicit 2>/dev/null \
    | pk8 ec_brainpoolP256r1_explicit.pk8
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null | pk8 rsa_2048.pk8
openssl pkcs8 -topk8 -nocrypt -inform DER -in rsa_2048.pk8 -out rsa_2048.pem
# Bad files: encrypted PKCS#8 (password "idverify"), traditional SEC1 EC keys (PEM, DER),
# a truncated key and an Ed25519 key (a type TA cannot use).
openssl pkcs8 -topk8 -inform DER -in ec_prime256v1.pk8 -v2 aes-256-cbc \
    -passout pass:idverify -outform DER -out encrypted.pk8
openssl pkcs8 -topk8 -inform DER -in ec_prime256v1.pk8 -v2 aes-256-cbc \
    -passout pass:idverify -outform PEM -out encrypted.pem
openssl ec -inform DER -in ec_prime256v1.pk8 -outform PEM -out sec1_prime256v1.pem 2>/dev/null
openssl ec -inform DER -in ec_prime256v1.pk8 -outform DER -out sec1_prime256v1.der 2>/dev/null
head -c 60 ec_prime256v1.pk8 > truncated.pk8
openssl genpkey -algorithm ED25519 | pk8 ed25519.pk8
