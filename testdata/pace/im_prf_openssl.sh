#!/bin/sh
# Computes the Integrated Mapping pseudo-random function R(s, t) (ICAO 9303-11 §4.4.3.3.2)
# for AES-192 and AES-256 with OpenSSL's AES, independently of the library, for the values
# recorded in src/chip/pace/tests.rs (`im_prf_aes_192_256_match_openssl`).
# key_0 = E(t, s)[:k]; x_i = E(key_i, c1); key_{i+1} = E(key_i, c0)[:k]; E = AES-CBC, IV 0.
set -eu
C0=D463D65234124EF7897054986DCA0A174E28DF758CBAA03F240616414D5A1676
C1=54BD7255F0AAF831BEC3423FCF39D69B6CBF066677D0FAAE5AADD99DF8E53517
S=2923BE84E16CD6AE529049F1F1BBE9EBB3A6DB3C870C3E99245E0D1C06B747DE
enc() { # cipher key data-hex
  printf '%s' "$3" | xxd -r -p | openssl enc "-$1" -K "$2" -iv 00000000000000000000000000000000 -nopad | xxd -p -c 256 | tr a-f A-F
}
for bits in 192 256; do
  k=$((bits / 4))                # hex digits of the key
  T=$(printf '%s' 5DD4CBFC96F5453B130D890A1CDBAE32209A2FF2ABEE7E1F | cut -c1-$k)
  [ $bits = 256 ] && T=${T}FEDCBA9876543210
  key=$(enc aes-$bits-cbc "$T" "$S" | cut -c1-$k)
  out=""
  # 2 rounds: log2(p) + 64 = 320 bits for a 256-bit p, 256 bits a round.
  for _ in 1 2; do
    out="$out$(enc aes-$bits-cbc "$key" "$C1")"
    key=$(enc aes-$bits-cbc "$key" "$C0" | cut -c1-$k)
  done
  echo "AES-$bits t=$T R=$out"
done
