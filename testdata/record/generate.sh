#!/bin/sh
# Generates the seal keys and certificates of idverify's verification-record tests: a test
# seal CA of a fictitious office, an EC P-256 and an RSA-3072 seal certificate it issued (with
# their PKCS#8 keys), and a self-signed seal certificate nobody trusts. Run from this folder:
# sh generate.sh (needs `openssl`). Keys are random; certificates are valid for ten years from
# the day they were made (the tests seal at 2027-01-15).
set -eu
subj() { printf '/C=DE/O=Migrationsamt Musterstadt (TEST)/CN=%s' "$1"; }
pk8() { openssl pkcs8 -topk8 -nocrypt -outform DER -out "$1"; }
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 | pk8 seal_ca.pk8
openssl req -x509 -new -key seal_ca.pk8 -keyform DER -subj "$(subj 'Test-Siegel-CA')" \
    -days 3650 -sha256 -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign,cRLSign -outform DER -out seal_ca.der
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 | pk8 seal_ec.pk8
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:3072 2>/dev/null | pk8 seal_rsa.pk8
cat > leaf.ext <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,nonRepudiation
EXT
serial=1
for kind in ec rsa; do
    openssl req -new -key seal_$kind.pk8 -keyform DER -subj "$(subj "Behördensiegel $kind")" \
        -utf8 -out seal_$kind.csr
    openssl x509 -req -in seal_$kind.csr -CA seal_ca.der -CAform DER -CAkey seal_ca.pk8 \
        -CAkeyform DER -set_serial $((serial = serial + 1)) -days 3650 -sha256 \
        -extfile leaf.ext -outform DER -out seal_$kind.der
    rm seal_$kind.csr
done
openssl x509 -inform DER -in seal_ec.der -out seal_ec.pem
openssl x509 -inform DER -in seal_ca.der -out seal_ca.pem
# PEM copies of the keys for softhsm2-util --import.
for kind in ec rsa; do
    openssl pkcs8 -topk8 -nocrypt -inform DER -in seal_$kind.pk8 -out seal_${kind}_key.pem
done
openssl req -x509 -new -key seal_ec.pk8 -keyform DER -subj "$(subj 'Fremdes Siegel')" -days 3650 \
    -sha256 -outform DER -out untrusted_seal.der
rm leaf.ext
