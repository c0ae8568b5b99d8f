//! The elliptic curves of ICAO 9303 and BSI TR-03110: names, OIDs and domain parameters, and
//! matching explicit parameters (p, a, b, G, n) back to the named curve they describe.

mod custom;
mod params;

pub mod bp192;
pub mod bp224;
pub mod bp320;
pub mod bp512;
pub mod p192;

pub use params::CurveParams;

/// A named prime curve: those of ICAO 9303-11 §9.5.1 (PACE standardized domain parameters) and
/// the NIST and brainpool curves used by document signers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum NamedCurve {
    /// NIST P-192 (secp192r1).
    P192,
    /// NIST P-224 (secp224r1).
    P224,
    /// NIST P-256 (secp256r1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
    /// NIST P-521 (secp521r1).
    P521,
    /// brainpoolP192r1 (RFC 5639).
    BrainpoolP192r1,
    /// brainpoolP224r1.
    BrainpoolP224r1,
    /// brainpoolP256r1.
    BrainpoolP256r1,
    /// brainpoolP320r1.
    BrainpoolP320r1,
    /// brainpoolP384r1.
    BrainpoolP384r1,
    /// brainpoolP512r1.
    BrainpoolP512r1,
}

impl NamedCurve {
    /// Every curve this module knows.
    pub const ALL: [NamedCurve; 11] = [
        Self::P192,
        Self::P224,
        Self::P256,
        Self::P384,
        Self::P521,
        Self::BrainpoolP192r1,
        Self::BrainpoolP224r1,
        Self::BrainpoolP256r1,
        Self::BrainpoolP320r1,
        Self::BrainpoolP384r1,
        Self::BrainpoolP512r1,
    ];

    /// The curve for a dotted named-curve OID (RFC 5480, RFC 5639).
    pub fn from_oid(oid: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.params().oid == oid)
    }

    /// The curve whose domain parameters are exactly these (big-endian integers; leading zero
    /// bytes ignored). `g` is the base point as an uncompressed or compressed SEC1 point.
    pub fn from_explicit(p: &[u8], a: &[u8], b: &[u8], g: &[u8], n: &[u8]) -> Option<Self> {
        let lead = p.iter().take_while(|&&x| x == 0).count();
        let p_len = p.len().saturating_sub(lead);
        Self::ALL
            .into_iter()
            .filter(|c| c.field_len() == p_len)
            .find(|c| c.params().matches(p, a, b, g, n))
    }

    /// The curve's domain parameters.
    pub fn params(self) -> &'static CurveParams {
        params::params(self)
    }

    /// The curve's common name, e.g. `brainpoolP256r1`.
    pub fn name(self) -> &'static str {
        self.params().name
    }

    /// Length in bytes of a field element (and of r and s in a plain signature).
    pub fn field_len(self) -> usize {
        self.params().p.len() / 2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unhex(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    #[test]
    fn explicit_parameters_map_to_their_named_curve() {
        for c in NamedCurve::ALL {
            let p = c.params();
            let mut g = vec![4u8];
            g.extend(unhex(p.gx));
            g.extend(unhex(p.gy));
            let a = unhex(p.a);
            // An encoder may drop leading zeros or add a sign byte: both still match.
            let mut b = vec![0u8];
            b.extend(unhex(p.b));
            let found = NamedCurve::from_explicit(&unhex(p.p), &a, &b, &g, &unhex(p.n)).unwrap();
            assert_eq!(found, c);
            assert_eq!(NamedCurve::from_oid(p.oid), Some(c));
            // A changed base point is no known curve.
            let last = g.len() - 1;
            g[last] ^= 1;
            assert_eq!(
                NamedCurve::from_explicit(&unhex(p.p), &a, &b, &g, &unhex(p.n)),
                None
            );
        }
        assert_eq!(NamedCurve::P521.field_len(), 66);
        assert_eq!(NamedCurve::BrainpoolP320r1.field_len(), 40);
    }
}
