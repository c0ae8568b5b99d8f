#!/usr/bin/env python3
"""Generates a German test PKI (certificate country DE) for idverify's specimen ID card and
residence permit, whose issuing state is D: a CSCA, its CRL and a document signer. These are
test certificates of this project only, named "idverify test", and no real German CSCA.

Run from this folder:  python3 generate_de.py   (reuses generate.py's hand-written DER
encoding; needs the `cryptography` package). EC keys come from fixed scalars.

Outputs (DER):
  csca_de.der            CSCA, brainpoolP384r1, self-signed, 2020-01-01..2035-01-01
  crl_de.der             its CRL (no revocations), valid until 2035-01-01
  dsc_de_ecdsa-p256.der  document signer, P-256 with scalar 0xDE11, 2025-01-01..2030-01-01,
                         issued by the CSCA with ECDSA-SHA384 (signs EF.SOD and
                         EF.CardSecurity in idverify::emulator::test_pki)
"""

import datetime

import generate as g


def name(cn, serial=None):
    rdns = [g.set_of(g.seq(g.oid("2.5.4.6"), g.printable("DE"))),
            g.set_of(g.seq(g.oid("2.5.4.10"), g.printable("idverify test PKI")))]
    if serial:
        rdns.append(g.set_of(g.seq(g.oid("2.5.4.5"), g.printable(serial))))
    rdns.append(g.set_of(g.seq(g.oid("2.5.4.3"), g.printable(cn))))
    return g.seq(*rdns)


def main():
    d = datetime.datetime
    csca_name = name("idverify test CSCA Germany")
    csca = g.ec_key("bp384", 0xDE5CA)
    g.write("csca_de.der", g.certificate(csca_name, csca_name, 1, csca, csca,
                                         d(2020, 1, 1), d(2035, 1, 1), "sha384", True))
    g.write("crl_de.der", g.crl(csca_name, csca, [], d(2025, 1, 1), d(2035, 1, 1)))
    dsc = g.ec_key("p256", 0xDE11)
    g.write("dsc_de_ecdsa-p256.der",
            g.certificate(name("idverify test DS Germany", "101"), csca_name, 101, dsc, csca,
                          d(2025, 1, 1), d(2030, 1, 1), "sha384", False))


if __name__ == "__main__":
    main()
