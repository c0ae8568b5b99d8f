#!/usr/bin/env python3
"""Builds the trust-material test data of idverify: an LDIF in the layout of the ICAO PKD's
download files (RFC 2849 LDIF) from the shared German and Dutch master lists plus
Utopia's generated master list, document signers and CRLs, and the CRLs and EF.SOD the
revocation and DSC-cache tests need.

Run from this folder:  python3 generate.py   (needs what ../pki/generate.py needs; it reuses
that script's encoders and Utopia's deterministic keys, so its outputs stay valid for the
certificates in ../pki).

Outputs:
  pkd.ldif              master lists (pkdMasterListContent): DE and NL from ../../../shared/vectors,
                        Utopia's ../pki/masterlist.ml; document signers (userCertificate;binary):
                        Utopia's RSA, P-256 and bp512 DSCs; CRLs (certificateRevocationList;binary):
                        ../pki/crl.der (revokes serial 202) and ../pki/crl2.der; a deviation
                        list (o=dl branch): deviation_list.dvl below
  crl_link_revoked.der  CSCA 1's CRL of 2026-02-01 revoking the link certificate (serial 3)
                        to CSCA 2, and DSC 202
  deviation_list.dvl    a deviation list (ICAO 9303-12, id-icao-DeviationList 2.23.136.1.1.7)
                        of Utopia, signed by a deviation-list signer (extended key usage
                        id-icao-DeviationListSigningKey 2.23.136.1.1.8) issued by CSCA 1: the
                        documents signed by ../pki/dsc_rsa-pkcs1.der (IssuerAndSerialNumber)
                        have a wrong DG2 hash (id-Deviation-LDS-DGHashWrong, Datagroup 2); passports ("P<")
                        signed by ../pki/dsc_ecdsa-p256-named.der (subjectKeyIdentifier) and
                        numbered L898902C3 have a wrong MRZ check digit (MRZField
                        documentNumber)
  deviation_list_by_dsc.dvl  the same content signed by the RSA document signer (no such
                        extended key usage): to be refused
  deviation_list_more.dvl  Utopia's second deviation list, same signer, DSCs named by
                        certificate digest: ../pki/dsc_rogue.der's signature is wrong
                        (id-Deviation-CertOrKey-DSSignature); ../pki/dsc_ecdsa-p256-named.der's
                        documents may have a compromised active authentication key
                        (id-Deviation-CertOrKey-AAKeyCompromised)
  deviation_list_by_issuer.dvl  the rogue DSC's wrong signature, the DSC named by issuer and
                        serial number only
  sod_without_dsc.bin   EF.SOD over ../pki's dg1.bin and dg2.bin signed by the P-256 DSC of
                        ../pki/dsc_ecdsa-p256-named.der without embedding it (found only
                        through the DSC cache)
"""

import base64
import datetime
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PKI = os.path.join(HERE, "..", "pki")
VECTORS = os.path.join(HERE, "..", "..", "..", "shared", "vectors")
sys.path.insert(0, PKI)
import generate as g  # noqa: E402  (../pki/generate.py)

BASE_DN = "dc=data,dc=download,dc=pkd,dc=icao,dc=int"


def read(*parts):
    with open(os.path.join(*parts), "rb") as f:
        return f.read()


def ldif_attr(name, data):
    """One attribute as `name:: base64`, folded at 76 columns (RFC 2849 note 2: a continuation
    line starts with one space)."""
    line = f"{name}:: {base64.b64encode(data).decode()}"
    out = [line[:76]]
    rest = line[76:]
    while rest:
        out.append(" " + rest[:75])
        rest = rest[75:]
    return "\n".join(out)


def entry(kind, country, data, attr, object_class):
    cn = hashlib.sha1(data).hexdigest()
    return "\n".join([
        f"dn: cn={cn},o={kind},c={country},{BASE_DN}",
        f"objectClass: {object_class}",
        "objectClass: pkdDownload",
        f"cn: {cn}",
        "pkdVersion: 1",
        ldif_attr(attr, data),
    ])


def ldif(master_lists, dscs, crls, deviation_lists):
    parts = ["version: 1", "# idverify test LDIF in the layout of the ICAO PKD download files"]
    body = []
    for country, data in master_lists:
        body.append(entry("ml", country, data, "pkdMasterListContent", "pkdMasterList"))
    for country, data in dscs:
        body.append(entry("dsc", country, data, "userCertificate;binary", "inetOrgPerson"))
    for country, data in crls:
        body.append(entry("crl", country, data, "certificateRevocationList;binary",
                          "cRLDistributionPoint"))
    # The PKD's deviation-list branch (o=dl). ICAO 9303-12 does not name its attribute; the
    # importer takes a value by content (a SignedData of id-icao-DeviationList), so the name
    # here only follows the master lists' pattern.
    for country, data in deviation_lists:
        body.append(entry("dl", country, data, "pkdDeviationListContent", "pkdDeviationList"))
    return "\n".join(parts) + "\n\n" + "\n\n".join(body) + "\n"


def sod_without_certificates(content, dsc_der, dsc_key, h):
    """EF.SOD (ICAO 9303-10 §4.6.2) whose SignedData carries no certificates field."""
    dsc_issuer, dsc_serial = g.issuer_and_serial(dsc_der)
    md = g.digest(g.HASHES[h][0], content)
    signed_attrs = g.set_of(g.seq(g.oid("1.2.840.113549.1.9.3"), g.set_of(g.oid("2.23.136.1.1.1"))),
                            g.seq(g.oid("1.2.840.113549.1.9.4"), g.set_of(g.octets(md))))
    alg, sig = dsc_key.sign(signed_attrs, h, "pkcs1")
    signer_info = g.seq(g.integer(1), g.seq(dsc_issuer, g.integer(dsc_serial)),
                        g.seq(g.oid(g.HASHES[h][1]), g.NULL),
                        g.tlv(0xA0, g.strip_header(signed_attrs)), alg, g.octets(sig))
    signed_data = g.seq(g.integer(3), g.set_of(g.seq(g.oid(g.HASHES[h][1]), g.NULL)),
                        g.seq(g.oid("2.23.136.1.1.1"), g.explicit(0, g.octets(content))),
                        g.set_of(signer_info))
    return g.tlv(0x77, g.seq(g.oid("1.2.840.113549.1.7.2"), g.explicit(0, signed_data)))


ID_DEVIATION_LIST = "2.23.136.1.1.7"
DL_SIGNER_EKU = g.ext("2.5.29.37", g.seq(g.oid("2.23.136.1.1.8")), critical=True)


def deviation_list(rsa_dsc, p256_key):
    """DeviationList (ICAO 9303-12, DEFINITIONS IMPLICIT TAGS): version 0, no digest
    algorithm, two deviations."""
    issuer, serial = g.issuer_and_serial(rsa_dsc)
    by_issuer_serial = g.seq(
        g.tlv(0xA1, issuer + g.integer(serial)),  # dscIdentifier [1] IssuerAndSerialNumber
    )
    dg_hash = g.seq(g.printable("DG2 hash computed over the wrong bytes"),
                    g.oid(ID_DEVIATION_LIST + ".2.2"),  # id-Deviation-LDS-DGHashWrong
                    g.explicit(0, g.integer(2)))  # parameters [0] Datagroup dg2
    by_ski = g.seq(
        g.tlv(0x80, b"P<"),  # documentType [0]
        g.tlv(0x82, g.ski(p256_key)),  # dscIdentifier [2] SubjectKeyIdentifier
        g.tlv(0xA5, g.printable("L898902C3")),  # documentNumbers [5]
    )
    mrz = g.seq(g.oid(ID_DEVIATION_LIST + ".3.2"),  # id-Deviation-MRZ-WrongCheckDigit
                g.explicit(0, g.integer(4)))  # parameters [0] MRZField documentNumber
    deviations = g.set_of(g.seq(by_issuer_serial, g.set_of(dg_hash)),
                          g.seq(by_ski, g.set_of(mrz)))
    return g.seq(g.integer(0), deviations)


def signer_by_digest(dsc):
    """dscIdentifier [3] certificateDigest: SHA-256 of the DSC (the list names no
    digestAlgorithm, so the reader's default, SHA-256)."""
    return g.tlv(0x83, hashlib.sha256(dsc).digest())


def deviation_list_more(rogue_dsc, p256_dsc):
    """Two deviations named by certificate digest: the rogue DSC's signature is wrong
    (id-Deviation-CertOrKey-DSSignature), and the P-256 DSC's documents have an active
    authentication key that may be compromised (id-Deviation-CertOrKey-AAKeyCompromised)."""
    ds_signature = g.seq(g.printable("CSCA signature over the DSC computed wrongly"),
                         g.oid(ID_DEVIATION_LIST + ".1.1"))
    aa_compromised = g.seq(g.oid(ID_DEVIATION_LIST + ".1.4"))
    deviations = g.set_of(g.seq(g.seq(signer_by_digest(rogue_dsc)), g.set_of(ds_signature)),
                          g.seq(g.seq(signer_by_digest(p256_dsc)), g.set_of(aa_compromised)))
    return g.seq(g.integer(0), deviations)


def deviation_list_by_issuer(rogue_dsc):
    """The rogue DSC's wrong signature again, the DSC named by issuer and serial number only
    (which anyone can copy into a certificate of their own)."""
    issuer, serial = g.issuer_and_serial(rogue_dsc)
    ds_signature = g.seq(g.oid(ID_DEVIATION_LIST + ".1.1"))
    deviations = g.set_of(g.seq(g.seq(g.tlv(0xA1, issuer + g.integer(serial))),
                                g.set_of(ds_signature)))
    return g.seq(g.integer(0), deviations)


def main():
    d = datetime.datetime
    os.chdir(HERE)
    csca_name = g.name("CSCA Utopia")
    csca1 = g.rsa_key(3072, "idverify csca 1")
    g.write("crl_link_revoked.der",
            g.crl(csca_name, csca1, [(3, d(2026, 1, 15)), (202, d(2025, 6, 1))],
                  d(2026, 2, 1), d(2036, 1, 1)))

    dgs = {1: read(PKI, "dg1.bin"), 2: read(PKI, "dg2.bin")}
    p256 = g.ec_key("p256", 0x1111)
    rsa_dsc = read(PKI, "dsc_rsa-pkcs1.der")
    content = deviation_list(rsa_dsc, p256)
    dl_key = g.ec_key("p256", 0xD1D1)
    dl_signer = g.certificate(g.name("Deviation List Signer", "1"), csca_name, 300, dl_key, csca1,
                              d(2025, 1, 1), d(2030, 1, 1), "sha256", False,
                              extra_exts=[DL_SIGNER_EKU])
    g.write("deviation_list.dvl", g.sod(content, dl_signer, dl_key, "sha256",
                                        content_type=ID_DEVIATION_LIST, wrap=False))
    rogue = read(PKI, "dsc_rogue.der")
    p256_dsc_der = read(PKI, "dsc_ecdsa-p256-named.der")
    g.write("deviation_list_more.dvl",
            g.sod(deviation_list_more(rogue, p256_dsc_der), dl_signer, dl_key, "sha256",
                  content_type=ID_DEVIATION_LIST, wrap=False))
    g.write("deviation_list_by_issuer.dvl",
            g.sod(deviation_list_by_issuer(rogue), dl_signer, dl_key, "sha256",
                  content_type=ID_DEVIATION_LIST, wrap=False))
    rsa_key = g.rsa_key(2048, "dsc rsa")
    g.write("deviation_list_by_dsc.dvl", g.sod(content, rsa_dsc, rsa_key, "sha256",
                                               content_type=ID_DEVIATION_LIST, wrap=False))
    p256_dsc = read(PKI, "dsc_ecdsa-p256-named.der")
    g.write("sod_without_dsc.bin",
            sod_without_certificates(g.lds_object(dgs, "sha256"), p256_dsc, p256, "sha256"))

    de = read(VECTORS, "masterlists", "DE_ML_2026-05-28-08-28-45.ml")
    nl = read(VECTORS, "masterlists", "NL_ML_2026-07-22.ml")
    uto = read(PKI, "masterlist.ml")
    dscs = [("UT", read(PKI, f)) for f in
            ("dsc_rsa-pkcs1.der", "dsc_ecdsa-p256-named.der", "dsc_ecdsa-bp512-explicit.der")]
    crls = [("UT", read(PKI, "crl.der")), ("UT", read(PKI, "crl2.der"))]
    with open("pkd.ldif", "w") as f:
        f.write(ldif([("DE", de), ("NL", nl), ("UT", uto)], dscs, crls,
                     [("UT", read(HERE, "deviation_list.dvl"))]))


if __name__ == "__main__":
    main()
