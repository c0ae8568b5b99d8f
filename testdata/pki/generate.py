#!/usr/bin/env python3
"""Generates the test PKI of the specimen issuing state Utopia (UTO, certificate country UT)
and EF.SOD files over fixed data groups, genuine and forged, for idverify's passive
authentication tests.

Run from this folder:  python3 generate.py   (needs the `cryptography` package from PyPI and
the `openssl` command line for explicit EC parameters). Certificates, CRLs and CMS are
encoded by hand below so that every field can be chosen (explicit EC parameters, odd
algorithm identifiers, forged content).

Determinism: EC keys come from fixed scalars and ECDSA signatures use RFC 6979; RSA keys
come from primes found from a fixed seed, and PKCS#1 v1.5 is deterministic. Only RSA-PSS
signatures (random salt) change between runs.

Outputs (all DER/BER bytes):
  csca.der            CSCA 1, RSA-3072, self-signed, 2020-01-01..2035-01-01
  csca2.der           CSCA 2, brainpoolP384r1, self-signed (same name, new key)
  csca2_link.der      link certificate: CSCA 2's key signed by CSCA 1
  csca_unknown.der    a CSCA with the same name but a key nobody trusts (not to be loaded)
  crl.der             CSCA 1's CRL, revoking the DSC of forged_revoked_dsc.bin
  crl2.der            CSCA 2's CRL (empty)
  dg1.bin dg2.bin     the data groups every SOD covers (DG1 = MRZ of the ICAO specimen)
  dg1_changed.bin     DG1 with the name changed
  sod_<alg>.bin       genuine EF.SOD per algorithm and parameter form (see ALGS)
  dsc_<alg>.der       its document signer certificate (also embedded in the SOD)
  forged_*.bin        forged EF.SOD files (see the end of this script)
  masterlist.ml       a CSCA master list of CSCA 1, CSCA 2 and the link, signer issued by CSCA 1
                      (with the master-list signer extended key usage)
  csca_fake_de.der    a fake CSCA with country DE that nobody should trust
  dsc_fake_de.der     a document signer under it; forged_fake_csca_de.bin is an EF.SOD it signed
  masterlist_by_dsc.ml        a master list of the fake CSCA signed by dsc_rsa-pkcs1 (no EKU)
  masterlist_wrong_country.ml the same list signed by a signer with the EKU, issued by CSCA 1,
                      but of country DE
  crl_older.der       CSCA 1's CRL of 2025-03-01 revoking nothing (crl.der of 2026-01-01 is newer)
  crl_expired.der     CSCA 1's CRL whose nextUpdate (2025-12-31) has passed
  crl_delta.der       a delta CRL of CSCA 1 (deltaCRLIndicator), revoking serial 202
"""

import datetime
import hashlib
import random
import subprocess

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa, utils

# ---------------------------------------------------------------------------- DER encoding

def length(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b

def tlv(tag, value):
    return bytes([tag]) + length(len(value)) + value

def seq(*items):
    return tlv(0x30, b"".join(items))

def set_of(*items):
    return tlv(0x31, b"".join(sorted(items)))

def integer(n):
    b = n.to_bytes((n.bit_length() + 8) // 8 or 1, "big")
    return tlv(0x02, b)

def octets(b):
    return tlv(0x04, b)

def bits(b):
    return tlv(0x03, b"\x00" + b)

def oid(dotted):
    parts = [int(p) for p in dotted.split(".")]
    out = bytes([40 * parts[0] + parts[1]])
    for p in parts[2:]:
        enc = [p & 0x7F]
        p >>= 7
        while p:
            enc.append(0x80 | (p & 0x7F))
            p >>= 7
        out += bytes(reversed(enc))
    return tlv(0x06, out)

def printable(s):
    return tlv(0x13, s.encode())

def utc(dt):
    return tlv(0x17, dt.strftime("%y%m%d%H%M%SZ").encode())

def explicit(n, inner):
    return tlv(0xA0 + n, inner)

NULL = b"\x05\x00"

def name(cn, serial=None):
    rdns = [set_of(seq(oid("2.5.4.6"), printable("UT"))),
            set_of(seq(oid("2.5.4.10"), printable("Utopia Passport Office")))]
    if serial:
        rdns.append(set_of(seq(oid("2.5.4.5"), printable(serial))))
    rdns.append(set_of(seq(oid("2.5.4.3"), printable(cn))))
    return seq(*rdns)

def name_de(cn, serial=None):
    """A name with country DE under Utopia's organisation (for the attack files only)."""
    rdns = [set_of(seq(oid("2.5.4.6"), printable("DE"))),
            set_of(seq(oid("2.5.4.10"), printable("Utopia Passport Office")))]
    if serial:
        rdns.append(set_of(seq(oid("2.5.4.5"), printable(serial))))
    rdns.append(set_of(seq(oid("2.5.4.3"), printable(cn))))
    return seq(*rdns)

# ---------------------------------------------------------------------------- algorithms

HASHES = {"sha1": (hashes.SHA1, "1.3.14.3.2.26"), "sha256": (hashes.SHA256, "2.16.840.1.101.3.4.2.1"),
          "sha384": (hashes.SHA384, "2.16.840.1.101.3.4.2.2"), "sha512": (hashes.SHA512, "2.16.840.1.101.3.4.2.3")}
RSA_OIDS = {"sha1": "1.2.840.113549.1.1.5", "sha256": "1.2.840.113549.1.1.11",
            "sha384": "1.2.840.113549.1.1.12", "sha512": "1.2.840.113549.1.1.13"}
ECDSA_OIDS = {"sha1": "1.2.840.10045.4.1", "sha256": "1.2.840.10045.4.3.2",
              "sha384": "1.2.840.10045.4.3.3", "sha512": "1.2.840.10045.4.3.4"}
PLAIN_OIDS = {"sha256": "0.4.0.127.0.7.1.1.4.1.3"}
CURVES = {"p256": (ec.SECP256R1, "prime256v1", "1.2.840.10045.3.1.7"),
          "p384": (ec.SECP384R1, "secp384r1", "1.3.132.0.34"),
          "p521": (ec.SECP521R1, "secp521r1", "1.3.132.0.35"),
          "bp256": (ec.BrainpoolP256R1, "brainpoolP256r1", "1.3.36.3.3.2.8.1.1.7"),
          "bp320": (None, "brainpoolP320r1", "1.3.36.3.3.2.8.1.1.9"),
          "bp384": (ec.BrainpoolP384R1, "brainpoolP384r1", "1.3.36.3.3.2.8.1.1.11"),
          "bp512": (ec.BrainpoolP512R1, "brainpoolP512r1", "1.3.36.3.3.2.8.1.1.13")}

def pss_alg(h="sha256", salt=32):
    halg = seq(oid(HASHES[h][1]), NULL)
    return seq(oid("1.2.840.113549.1.1.10"),
               seq(explicit(0, halg), explicit(1, seq(oid("1.2.840.113549.1.1.8"), halg)),
                   explicit(2, integer(salt))))

class Key:
    """A private key with how it signs and how its public key is encoded."""

    def __init__(self, kind, priv, curve=None):
        self.kind, self.priv, self.curve = kind, priv, curve

    def spki(self, explicit_params=False):
        if self.kind == "rsa":
            n = self.priv.public_key().public_numbers()
            return seq(seq(oid("1.2.840.113549.1.1.1"), NULL), bits(seq(integer(n.n), integer(n.e))))
        point = self.point()
        if explicit_params:
            params = subprocess.run(["openssl", "ecparam", "-name", CURVES[self.curve][1], "-param_enc",
                                     "explicit", "-outform", "DER"], check=True, capture_output=True).stdout
        else:
            params = oid(CURVES[self.curve][2])
        return seq(seq(oid("1.2.840.10045.2.1"), params), bits(point))

    def point(self):
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
        return self.priv.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)

    def sign(self, data, h, scheme="pkcs1"):
        """Returns (AlgorithmIdentifier, signature)."""
        halg = HASHES[h][0]()
        if self.kind == "rsa" and scheme == "pss":
            sig = self.priv.sign(data, padding.PSS(padding.MGF1(HASHES[h][0]()), 32), halg)
            return pss_alg(h, 32), sig
        if self.kind == "rsa":
            return seq(oid(RSA_OIDS[h]), NULL), self.priv.sign(data, padding.PKCS1v15(), halg)
        der = self.priv.sign(data, ec.ECDSA(halg, deterministic_signing=True))
        if scheme == "plain":
            r, s = utils.decode_dss_signature(der)
            size = (self.priv.curve.key_size + 7) // 8
            return seq(oid(PLAIN_OIDS[h])), r.to_bytes(size, "big") + s.to_bytes(size, "big")
        return seq(oid(ECDSA_OIDS[h])), der

def ec_key(curve, scalar):
    if curve == "bp320":
        # cryptography has no brainpoolP320r1: let OpenSSL derive the key from the scalar.
        return openssl_ec_key(scalar)
    return Key("ec", ec.derive_private_key(scalar, CURVES[curve][0]()), curve)

def openssl_ec_key(scalar):
    # ECPrivateKey (RFC 5915) with only the scalar and the named curve; OpenSSL computes the
    # point and signs (cryptography has no brainpoolP320r1). Its ECDSA nonces are random.
    der = seq(integer(1), octets(scalar.to_bytes(40, "big")), explicit(0, oid(CURVES["bp320"][2])))
    pem = subprocess.run(["openssl", "ec", "-inform", "DER", "-outform", "PEM"], input=der, check=True,
                         capture_output=True).stdout
    return OpensslKey(pem)

class OpensslKey(Key):
    """A brainpoolP320r1 key held by the openssl command line."""

    def __init__(self, pem):
        super().__init__("ec", None, "bp320")
        self.pem = pem
        with open("/tmp/idverify-bp320.pem", "wb") as f:
            f.write(pem)

    def point(self):
        spki = subprocess.run(["openssl", "ec", "-pubout", "-outform", "DER"], input=self.pem, check=True,
                              capture_output=True).stdout
        return value(children(spki)[1])[1:]

    def sign(self, data, h, scheme="der"):
        der = subprocess.run(["openssl", "dgst", "-" + h, "-sign", "/tmp/idverify-bp320.pem"], input=data,
                             check=True, capture_output=True).stdout
        return seq(oid(ECDSA_OIDS[h])), der

SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]

def rsa_key(bits_, seed):
    rng = random.Random(seed)

    def prime():
        while True:
            c = rng.getrandbits(bits_ // 2) | (3 << (bits_ // 2 - 2)) | 1
            if any(c % sp == 0 for sp in SMALL_PRIMES):
                continue
            if all(pow(a, c - 1, c) == 1 for a in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)):
                return c

    e = 65537
    while True:
        p, q = prime(), prime()
        if p != q and (p - 1) % e and (q - 1) % e:
            break
    d = pow(e, -1, (p - 1) * (q - 1))
    nums = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p),
                                 rsa.RSAPublicNumbers(e, p * q))
    return Key("rsa", nums.private_key())

# ---------------------------------------------------------------------------- certificates

def ski(key):
    return hashlib.sha1(key.point() if key.kind == "ec" else key.spki()).digest()

def ext(oid_, value, critical=False):
    return seq(oid(oid_), *( [tlv(0x01, b"\xff")] if critical else []), octets(value))

def certificate(subject, issuer, serial, key, issuer_key, not_before, not_after, h, ca,
                explicit_params=False, extra_exts=(), scheme="pkcs1", ku=None):
    ku = ku if ku is not None else (b"\x01\x06" if ca else b"\x07\x80")  # keyCertSign+cRLSign / digitalSignature
    exts = [ext("2.5.29.15", tlv(0x03, ku), critical=True),
            ext("2.5.29.14", octets(ski(key))),
            ext("2.5.29.35", seq(tlv(0x80, ski(issuer_key))))]
    if ca:
        exts.append(ext("2.5.29.19", seq(tlv(0x01, b"\xff"), integer(0)), critical=True))
    exts.extend(extra_exts)
    sig_alg_probe, _ = issuer_key.sign(b"", h, scheme)
    tbs = seq(explicit(0, integer(2)), integer(serial), sig_alg_probe, issuer,
              seq(utc(not_before), utc(not_after)), subject, key.spki(explicit_params),
              explicit(3, seq(*exts)))
    alg, sig = issuer_key.sign(tbs, h, scheme)
    return seq(tbs, alg, bits(sig))

# extKeyUsage (RFC 5280 §4.2.1.12) with id-icao-cscaMasterListSigningKey (ICAO 9303-12 §7.1.1).
ML_SIGNER_EKU = ext("2.5.29.37", seq(oid("2.23.136.1.1.3")), critical=True)

def crl(issuer, issuer_key, revoked, this_update, next_update, extra_exts=()):
    entries = [seq(integer(s), utc(t)) for s, t in revoked]
    h = "sha256" if issuer_key.kind == "rsa" else "sha384"
    probe, _ = issuer_key.sign(b"", h)
    tbs = seq(integer(1), probe, issuer, utc(this_update), utc(next_update), seq(*entries),
              explicit(0, seq(ext("2.5.29.35", seq(tlv(0x80, ski(issuer_key)))), *extra_exts)))
    alg, sig = issuer_key.sign(tbs, h)
    return seq(tbs, alg, bits(sig))

# ---------------------------------------------------------------------------- EF.SOD

def lds_object(dgs, h, declared=None):
    """LDSSecurityObject v0 (ICAO 9303-10 §4.6.2.2); `declared` names another hash than used."""
    used = HASHES[h][0]
    hashes_ = [seq(integer(n), octets(digest(used, data))) for n, data in sorted(dgs.items())]
    return seq(integer(0), seq(oid(HASHES[declared or h][1])), seq(*hashes_))

def digest(halg, data):
    d = hashes.Hash(halg())
    d.update(data)
    return d.finalize()

def sod(content, dsc_der, dsc_key, h, scheme="pkcs1", sid="issuer", sig_alg_override=None,
        digest_h=None, content_type="2.23.136.1.1.1", wrap=True):
    dsc_issuer, dsc_serial = issuer_and_serial(dsc_der)
    md = digest(HASHES[digest_h or h][0], content)
    attrs = [seq(oid("1.2.840.113549.1.9.3"), set_of(oid(content_type))),
             seq(oid("1.2.840.113549.1.9.4"), set_of(octets(md)))]
    signed_attrs = set_of(*attrs)
    alg, sig = dsc_key.sign(signed_attrs, h, scheme)
    if sig_alg_override is not None:
        alg = sig_alg_override
    sid_field = (seq(dsc_issuer, integer(dsc_serial)) if sid == "issuer"
                 else tlv(0x80, ski(dsc_key)))
    signer_info = seq(integer(1 if sid == "issuer" else 3), sid_field, seq(oid(HASHES[h][1]), NULL),
                      tlv(0xA0, signed_attrs[2:] if signed_attrs[1] < 0x80 else strip_header(signed_attrs)),
                      alg, octets(sig))
    signed_data = seq(integer(3), set_of(seq(oid(HASHES[h][1]), NULL)),
                      seq(oid(content_type), explicit(0, octets(content))),
                      tlv(0xA0, dsc_der), set_of(signer_info))
    content_info = seq(oid("1.2.840.113549.1.7.2"), explicit(0, signed_data))
    return tlv(0x77, content_info) if wrap else content_info

def strip_header(der):
    n = der[1] & 0x7F if der[1] & 0x80 else 0
    return der[2 + n:]

def issuer_and_serial(cert_der):
    """(issuer Name DER, serial int) of a certificate encoded above."""
    tbs = children(children(cert_der)[0])
    i = 1 if tbs[0][0] == 0xA0 else 0
    serial = int.from_bytes(value(tbs[i]), "big")
    return tbs[i + 2], serial

def value(der):
    if der[1] < 0x80:
        return der[2:2 + der[1]]
    n = der[1] & 0x7F
    ln = int.from_bytes(der[2:2 + n], "big")
    return der[2 + n:2 + n + ln]

def children(der):
    v, out = value(der), []
    while v:
        if v[1] < 0x80:
            total = 2 + v[1]
        else:
            n = v[1] & 0x7F
            total = 2 + n + int.from_bytes(v[2:2 + n], "big")
        out.append(v[:total])
        v = v[total:]
    return out

# ---------------------------------------------------------------------------- the PKI

def write(name_, data):
    with open(name_, "wb") as f:
        f.write(data)

def main():
    d = datetime.datetime
    csca_name = name("CSCA Utopia")
    csca1 = rsa_key(3072, "idverify csca 1")
    csca2 = ec_key("bp384", 0xC5CA2)
    unknown = rsa_key(2048, "idverify unknown csca")
    write("csca.der", certificate(csca_name, csca_name, 1, csca1, csca1, d(2020, 1, 1), d(2035, 1, 1), "sha256", True))
    write("csca2.der", certificate(csca_name, csca_name, 2, csca2, csca2, d(2025, 1, 1), d(2040, 1, 1), "sha384", True))
    write("csca2_link.der", certificate(csca_name, csca_name, 3, csca2, csca1, d(2025, 1, 1), d(2035, 1, 1), "sha256", True))
    write("csca_unknown.der", certificate(csca_name, csca_name, 4, unknown, unknown, d(2020, 1, 1), d(2035, 1, 1), "sha256", True))

    dg1 = tlv(0x61, bytes([0x5F, 0x1F, 88]) + b"P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10")
    dg2 = tlv(0x75, tlv(0x7F61, b"") if False else b"\x02\x01\x01" + b"specimen face image placeholder")
    write("dg1.bin", dg1)
    write("dg2.bin", dg2)
    write("dg1_changed.bin", dg1.replace(b"ANNA", b"ANNE"))
    dgs = {1: dg1, 2: dg2}

    # (name, DSC key, SOD hash, signing scheme, explicit EC parameters, CSCA key signing the DSC)
    algs = [
        ("rsa-pkcs1", rsa_key(2048, "dsc rsa"), "sha256", "pkcs1", False, csca1),
        ("rsa-pss", rsa_key(2048, "dsc pss"), "sha256", "pss", False, csca1),
        ("rsa-sha1", rsa_key(2048, "dsc rsa sha1"), "sha1", "pkcs1", False, csca1),
    ]
    scalars = {"p256": 0x1111, "p384": 0x2222, "p521": 0x3333, "bp256": 0x4444, "bp320": 0x5555,
               "bp384": 0x6666, "bp512": 0x7777}
    hash_for = {"p256": "sha256", "p384": "sha384", "p521": "sha512", "bp256": "sha256",
                "bp320": "sha384", "bp384": "sha384", "bp512": "sha512"}
    for curve, scalar in scalars.items():
        key = ec_key(curve, scalar)
        # DSCs on bp320 and bp512 hang below CSCA 2, reached through the link certificate.
        issuer = csca2 if curve in ("bp320", "bp512") else csca1
        for form in ("named", "explicit"):
            algs.append((f"ecdsa-{curve}-{form}", key, hash_for[curve], "der", form == "explicit", issuer))
    algs.append(("ecdsa-bp256-plain", ec_key("bp256", 0x4445), "sha256", "plain", True, csca1))

    serial = 100
    keys = {}
    for alg, key, h, scheme, explicit_params, issuer_key in algs:
        serial += 1
        issuer_hash = "sha256" if issuer_key is csca1 else "sha384"
        dsc = certificate(name(f"DS {alg}", str(serial)), csca_name, serial, key, issuer_key,
                          d(2025, 1, 1), d(2030, 1, 1), issuer_hash, False, explicit_params)
        content = lds_object(dgs, h)
        write(f"dsc_{alg}.der", dsc)
        write(f"sod_{alg}.bin", sod(content, dsc, key, h, "pkcs1" if scheme == "der" else scheme,
                                      sid="ski" if alg == "ecdsa-p256-named" else "issuer"))
        keys[alg] = (key, dsc)

    # ------------------------------------------------------------------ forged documents
    rsa_dsc_key, rsa_dsc = keys["rsa-pkcs1"]
    good = lds_object(dgs, "sha256")

    # A changed SOD content: one signed DG hash altered, signature left as it was.
    genuine = sod(good, rsa_dsc, rsa_dsc_key, "sha256")
    pos = genuine.find(digest(hashes.SHA256, dg2))
    forged = bytearray(genuine)
    forged[pos] ^= 0x01
    write("forged_content.bin", bytes(forged))

    # Re-signed by a DSC the trusted CSCAs never issued (issued by the unknown CSCA, same name).
    rogue_key = rsa_key(2048, "rogue dsc")
    rogue = certificate(name("DS rogue", "666"), csca_name, 666, rogue_key, unknown,
                        d(2025, 1, 1), d(2030, 1, 1), "sha256", False)
    write("dsc_rogue.der", rogue)
    write("forged_unknown_dsc.bin", sod(good, rogue, rogue_key, "sha256"))

    # An expired DSC (2020-2021), properly issued by CSCA 1.
    old_key = ec_key("p256", 0x0DD)
    old = certificate(name("DS expired", "201"), csca_name, 201, old_key, csca1,
                      d(2020, 1, 1), d(2021, 1, 1), "sha256", False)
    write("forged_expired_dsc.bin", sod(good, old, old_key, "sha256"))

    # A revoked DSC, listed in CSCA 1's CRL.
    rev_key = ec_key("p256", 0xDEAD)
    rev = certificate(name("DS revoked", "202"), csca_name, 202, rev_key, csca1,
                      d(2025, 1, 1), d(2030, 1, 1), "sha256", False)
    write("forged_revoked_dsc.bin", sod(good, rev, rev_key, "sha256"))
    write("crl.der", crl(csca_name, csca1, [(202, d(2025, 6, 1))], d(2026, 1, 1), d(2036, 1, 1)))
    write("crl2.der", crl(csca_name, csca2, [], d(2026, 1, 1), d(2036, 1, 1)))

    # The declared hash algorithm (SHA-256) differs from the one used for the DG hashes (SHA-1).
    write("forged_hash_algorithm.bin", sod(lds_object(dgs, "sha1", declared="sha256"), rsa_dsc,
                                           rsa_dsc_key, "sha256"))

    # Algorithm confusion: an RSA-PSS signature declared as PKCS#1 v1.5, and an RSA DSC's
    # signature declared as ECDSA.
    pss_key, pss_dsc = keys["rsa-pss"]
    write("forged_alg_pss_as_pkcs1.bin", sod(good, pss_dsc, pss_key, "sha256", "pss",
                                             sig_alg_override=seq(oid(RSA_OIDS["sha256"]), NULL)))
    write("forged_alg_rsa_as_ecdsa.bin", sod(good, rsa_dsc, rsa_dsc_key, "sha256",
                                             sig_alg_override=seq(oid(ECDSA_OIDS["sha256"]))))

    # A small CSCA master list (ICAO 9303-12 §8) of Utopia, signed by a master-list signer
    # that CSCA 1 issued, with the master-list signer extended key usage
    # (id-icao-cscaMasterListSigningKey, ICAO 9303-12 §7.1.1) marked critical as in the real
    # German and Dutch signer certificates.
    mls_key = ec_key("p256", 0x3141)
    mls = certificate(name("Master List Signer", "300"), csca_name, 300, mls_key, csca1,
                      d(2025, 1, 1), d(2030, 1, 1), "sha256", False, extra_exts=[ML_SIGNER_EKU])
    cert_list = seq(integer(0), set_of(*(open(f, "rb").read() for f in ("csca.der", "csca2.der", "csca2_link.der"))))
    write("masterlist.ml", sod(cert_list, mls, mls_key, "sha256", content_type="2.23.136.1.1.2", wrap=False))

    # Attacks on trust loading: a fake German CSCA, a document signer under it and a forged
    # EF.SOD it signed; a master list adding the fake CSCA, signed by Utopia's RSA document
    # signer (issued by CSCA 1, no master-list EKU); and a master list signed by a proper
    # master-list signer (with the EKU, issued by CSCA 1) whose country is DE, not UT.
    fake_name = name_de("Fake CSCA Germany")
    fake_key = ec_key("bp256", 0xFA4E)
    fake_csca = certificate(fake_name, fake_name, 1, fake_key, fake_key, d(2020, 1, 1), d(2035, 1, 1), "sha256", True)
    write("csca_fake_de.der", fake_csca)
    fake_dsc_key = ec_key("p256", 0xFA4F)
    fake_dsc = certificate(name_de("Fake DS Germany", "102"), fake_name, 102, fake_dsc_key, fake_key,
                           d(2025, 1, 1), d(2030, 1, 1), "sha256", False)
    write("dsc_fake_de.der", fake_dsc)
    write("forged_fake_csca_de.bin", sod(good, fake_dsc, fake_dsc_key, "sha256"))
    fake_list = seq(integer(0), set_of(fake_csca))
    write("masterlist_by_dsc.ml", sod(fake_list, rsa_dsc, rsa_dsc_key, "sha256",
                                      content_type="2.23.136.1.1.2", wrap=False))
    de_mls_key = ec_key("p256", 0x3142)
    de_mls = certificate(name_de("Master List Signer", "301"), csca_name, 301, de_mls_key, csca1,
                         d(2025, 1, 1), d(2030, 1, 1), "sha256", False, extra_exts=[ML_SIGNER_EKU])
    write("masterlist_wrong_country.ml", sod(fake_list, de_mls, de_mls_key, "sha256",
                                             content_type="2.23.136.1.1.2", wrap=False))

    # More CRLs of CSCA 1 (RFC 5280 §5): an older one that revokes nothing (crl.der is newer
    # and revokes serial 202), one out of date since 2025-12-31, and a delta CRL
    # (deltaCRLIndicator, §5.2.4, critical) revoking serial 202.
    write("crl_older.der", crl(csca_name, csca1, [], d(2025, 3, 1), d(2036, 1, 1)))
    write("crl_expired.der", crl(csca_name, csca1, [], d(2025, 1, 1), d(2025, 12, 31)))
    write("crl_delta.der", crl(csca_name, csca1, [(202, d(2025, 6, 1))], d(2026, 2, 1), d(2036, 1, 1),
                               extra_exts=[ext("2.5.29.27", integer(1), critical=True)]))

    # A truncated SOD.
    write("forged_truncated.bin", genuine[: len(genuine) // 2])

if __name__ == "__main__":
    main()
