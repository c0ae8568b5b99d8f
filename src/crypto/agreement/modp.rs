//! The key-agreement group in a prime-order subgroup of a MODP group: the RFC 5114 §2.1–2.3
//! groups (standardized domain parameters 0–2 of ICAO 9303-11 §9.5.1) or explicit p, g, q
//! (X9.42 DomainParameters), with crypto-bigint's constant-time Montgomery exponentiation.

use super::{Group, GroupError, accept_below, bit_len, unhex};
use crypto_bigint::modular::{BoxedMontyForm, BoxedMontyParams};
use crypto_bigint::{BoxedUint, NonZero, Odd, Resize};
use zeroize::Zeroizing;

/// A MODP group's p, g and q as hex.
struct DhParams {
    p: &'static str,
    g: &'static str,
    q: &'static str,
}

/// RFC 5114 §2.1: p, g, q (standardized PACE domain parameter 0).
const MODP_1024_160: DhParams = DhParams {
    p: "B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B61\
     6073E28675A23D189838EF1E2EE652C013ECB4AEA906112324975C3CD49B83BF\
     ACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4FF55BCCC0\
     A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371",
    g: "A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31\
     266FEA1E5C41564B777E690F5504F213160217B4B01B886A5E91547F9E2749F4\
     D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F531DBF0A0169B6A28A\
     D662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5",
    q: "F518AA8781A8DF278ABA4E7D64B7CB9D49462353",
};

/// RFC 5114 §2.2: p, g, q (standardized PACE domain parameter 1).
const MODP_2048_224: DhParams = DhParams {
    p: "AD107E1E9123A9D0D660FAA79559C51FA20D64E5683B9FD1B54B1597B61D0A75\
     E6FA141DF95A56DBAF9A3C407BA1DF15EB3D688A309C180E1DE6B85A1274A0A6\
     6D3F8152AD6AC2129037C9EDEFDA4DF8D91E8FEF55B7394B7AD5B7D0B6C12207\
     C9F98D11ED34DBF6C6BA0B2C8BBC27BE6A00E0A0B9C49708B3BF8A3170918836\
     81286130BC8985DB1602E714415D9330278273C7DE31EFDC7310F7121FD5A074\
     15987D9ADC0A486DCDF93ACC44328387315D75E198C641A480CD86A1B9E587E8\
     BE60E69CC928B2B9C52172E413042E9B23F10B0E16E79763C9B53DCF4BA80A29\
     E3FB73C16B8E75B97EF363E2FFA31F71CF9DE5384E71B81C0AC4DFFE0C10E64F",
    g: "AC4032EF4F2D9AE39DF30B5C8FFDAC506CDEBE7B89998CAF74866A08CFE4FFE3\
     A6824A4E10B9A6F0DD921F01A70C4AFAAB739D7700C29F52C57DB17C620A8652\
     BE5E9001A8D66AD7C17669101999024AF4D027275AC1348BB8A762D0521BC98A\
     E247150422EA1ED409939D54DA7460CDB5F6C6B250717CBEF180EB34118E98D1\
     19529A45D6F834566E3025E316A330EFBB77A86F0C1AB15B051AE3D428C8F8AC\
     B70A8137150B8EEB10E183EDD19963DDD9E263E4770589EF6AA21E7F5F2FF381\
     B539CCE3409D13CD566AFBB48D6C019181E1BCFE94B30269EDFE72FE9B6AA4BD\
     7B5A0F1C71CFFF4C19C418E1F6EC017981BC087F2A7065B384B890D3191F2BFA",
    q: "801C0D34C58D93FE997177101F80535A4738CEBCBF389A99B36371EB",
};

/// RFC 5114 §2.3: p, g, q (standardized PACE domain parameter 2).
const MODP_2048_256: DhParams = DhParams {
    p: "87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4435E3B00\
     E00DF8F1D61957D4FAF7DF4561B2AA3016C3D91134096FAA3BF4296D830E9A7C\
     209E0C6497517ABD5A8A9D306BCF67ED91F9E6725B4758C022E0B1EF4275BF7B\
     6C5BFC11D45F9088B941F54EB1E59BB8BC39A0BF12307F5C4FDB70C581B23F76\
     B63ACAE1CAA6B7902D52526735488A0EF13C6D9A51BFA4AB3AD8347796524D8E\
     F6A167B5A41825D967E144E5140564251CCACB83E6B486F6B3CA3F7971506026\
     C0B857F689962856DED4010ABD0BE621C3A3960A54E710C375F26375D7014103\
     A4B54330C198AF126116D2276E11715F693877FAD7EF09CADB094AE91E1A1597",
    g: "3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A1A0BA125\
     10DBC15077BE463FFF4FED4AAC0BB555BE3A6C1B0C6B47B1BC3773BF7E8C6F62\
     901228F8C28CBB18A55AE31341000A650196F931C77A57F2DDF463E5E9EC144B\
     777DE62AAAB8A8628AC376D282D6ED3864E67982428EBC831D14348F6F2F9193\
     B5045AF2767164E1DFC967C1FB3F2E55A4BD1BFFE83B9C80D052B985D182EA0A\
     DB2A3B7313D3FE14C8484B1E052588B9B7D2BBD2DF016199ECD06E1557CD0915\
     B3353BBB64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D1DB246C3\
     2F63078490F00EF8D647D148D47954515E2327CFEF98C582664B4C0F6CC41659",
    q: "8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3",
};

/// The standardized MODP groups (ICAO 9303-11 §9.5.1, ids 0–2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModpId {
    /// RFC 5114 §2.1, 1024-bit p with a 160-bit q (id 0).
    Modp1024_160,
    /// RFC 5114 §2.2, 2048-bit p with a 224-bit q (id 1).
    Modp2048_224,
    /// RFC 5114 §2.3, 2048-bit p with a 256-bit q (id 2).
    Modp2048_256,
}

impl ModpId {
    /// Every standardized MODP group.
    pub const ALL: [ModpId; 3] = [
        ModpId::Modp1024_160,
        ModpId::Modp2048_224,
        ModpId::Modp2048_256,
    ];

    fn params(self) -> &'static DhParams {
        match self {
            ModpId::Modp1024_160 => &MODP_1024_160,
            ModpId::Modp2048_224 => &MODP_2048_224,
            ModpId::Modp2048_256 => &MODP_2048_256,
        }
    }

    /// The standardized id (0, 1 or 2).
    pub fn id(self) -> u8 {
        match self {
            ModpId::Modp1024_160 => 0,
            ModpId::Modp2048_224 => 1,
            ModpId::Modp2048_256 => 2,
        }
    }

    /// The group with standardized id `id`.
    pub fn from_id(id: u64) -> Option<Self> {
        ModpId::ALL.into_iter().find(|m| u64::from(m.id()) == id)
    }

    /// p, g and q, big-endian.
    pub fn values(self) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
        let d = self.params();
        (unhex(d.p), unhex(d.g), unhex(d.q))
    }

    /// The standardized group with exactly these p, g and q (big-endian, leading zeros
    /// ignored), as explicit domain parameters name it (BSI TR-03110-3 §A.2.1.2).
    pub fn matching(p: &[u8], g: &[u8], q: &[u8]) -> Option<Self> {
        let strip = |v: &[u8]| -> Vec<u8> { v.iter().copied().skip_while(|&b| b == 0).collect() };
        ModpId::ALL.into_iter().find(|m| {
            let d = m.params();
            strip(&unhex(d.p)) == strip(p)
                && strip(&unhex(d.g)) == strip(g)
                && strip(&unhex(d.q)) == strip(q)
        })
    }
}

/// A prime-order subgroup of a MODP group.
pub struct DhGroup {
    p: Vec<u8>,
    g: Vec<u8>,
    q: Vec<u8>,
    bits: u32,
    params: BoxedMontyParams,
}

impl DhGroup {
    /// A standardized group.
    pub fn standard(id: ModpId) -> Result<Self, GroupError> {
        let d = id.params();
        Self::new(&unhex(d.p), &unhex(d.g), &unhex(d.q))
    }

    /// The group with p, g and q as given (big-endian). The values are public and only checked
    /// for shape (p odd, 1 < g < p, 1 < q < p); p's and q's primality are the issuer's claim.
    pub fn new(p: &[u8], g: &[u8], q: &[u8]) -> Result<Self, GroupError> {
        let strip = |v: &[u8]| -> Vec<u8> { v.iter().copied().skip_while(|&b| b == 0).collect() };
        let (p, g, q) = (strip(p), strip(g), strip(q));
        if p.len() < 64 || p.len() > 1024 || q.is_empty() || q.len() > p.len() {
            return Err(GroupError::Unsupported(format!(
                "DH parameters with a {}-byte p and a {}-byte q",
                p.len(),
                q.len()
            )));
        }
        let bits = u32::try_from(p.len() * 8).map_err(|_| GroupError::Failed("p"))?;
        let pu = BoxedUint::from_be_slice(&p, bits).map_err(|_| GroupError::Failed("p"))?;
        let odd = Option::<Odd<BoxedUint>>::from(Odd::new(pu)).ok_or(GroupError::Unsupported(
            "DH parameters with an even p".into(),
        ))?;
        let below_p = |v: &[u8]| v.len() < p.len() || (v.len() == p.len() && v < p.as_slice());
        if bit_len(&g) < 2 || !below_p(&g) || bit_len(&q) < 2 || !below_p(&q) {
            return Err(GroupError::Unsupported(
                "DH parameters with g or q out of range".into(),
            ));
        }
        let group = DhGroup {
            g,
            q,
            p,
            bits,
            params: BoxedMontyParams::new_vartime(odd),
        };
        // q must divide p − 1 for a subgroup of order q to exist (X9.42 DomainParameters).
        let one = BoxedUint::one_with_precision(bits);
        let q_nz = Option::<NonZero<BoxedUint>>::from(NonZero::new(group.int(&group.q)?))
            .ok_or(GroupError::Failed("q"))?;
        let p_minus_1 = group.int(&group.p)?.wrapping_sub(&one);
        if !bool::from(p_minus_1.rem(&q_nz).is_zero()) {
            return Err(GroupError::Unsupported(
                "DH parameters whose q does not divide p − 1".into(),
            ));
        }
        Ok(group)
    }

    fn int(&self, bytes: &[u8]) -> Result<BoxedUint, GroupError> {
        let lead = bytes.iter().take_while(|&&b| b == 0).count();
        BoxedUint::from_be_slice(bytes.get(lead..).unwrap_or_default(), self.bits)
            .map_err(|_| GroupError::BadPublicKey("a DH value longer than p"))
    }

    /// A value reduced modulo p, in Montgomery form.
    fn monty(&self, bytes: &[u8]) -> Result<BoxedMontyForm, GroupError> {
        let wide_bits = self
            .bits
            .max(u32::try_from(bytes.len() * 8).unwrap_or(u32::MAX));
        let lead = bytes.iter().take_while(|&&b| b == 0).count();
        let v = BoxedUint::from_be_slice(bytes.get(lead..).unwrap_or_default(), wide_bits)
            .map_err(|_| GroupError::Failed("value too long"))?;
        let p =
            BoxedUint::from_be_slice(&self.p, wide_bits).map_err(|_| GroupError::Failed("p"))?;
        let nz =
            Option::<NonZero<BoxedUint>>::from(NonZero::new(p)).ok_or(GroupError::Failed("p"))?;
        let rem = v.rem(&nz);
        let reduced = if wide_bits > self.bits {
            rem.resize(self.bits)
        } else {
            rem
        };
        Ok(BoxedMontyForm::new(reduced, &self.params))
    }

    fn encode(&self, v: &BoxedMontyForm) -> Vec<u8> {
        let be = v.retrieve().to_be_bytes();
        let skip = be.len().saturating_sub(self.p.len());
        be.get(skip..).unwrap_or_default().to_vec()
    }

    fn exponent(&self, bytes: &[u8]) -> Result<Zeroizing<BoxedUint>, GroupError> {
        let bits = u32::try_from(bytes.len().max(1) * 8).map_err(|_| GroupError::Failed("e"))?;
        BoxedUint::from_be_slice(bytes, bits)
            .map(Zeroizing::new)
            .map_err(|_| GroupError::Failed("exponent"))
    }
}

impl Group for DhGroup {
    fn private_len(&self) -> usize {
        self.q.len()
    }

    fn accept_private(&self, candidate: &mut [u8]) -> bool {
        accept_below(&self.q, candidate)
    }

    fn generator(&self) -> Vec<u8> {
        let mut g = vec![0u8; self.p.len().saturating_sub(self.g.len())];
        g.extend_from_slice(&self.g);
        g
    }

    fn mul(&self, base: &[u8], private: &[u8]) -> Result<Vec<u8>, GroupError> {
        let b = self.monty(base)?;
        let e = self.exponent(private)?;
        Ok(self.encode(&b.pow(&e)))
    }

    fn check_public(&self, public: &[u8]) -> Result<(), GroupError> {
        // 1 < y < p − 1 and y^q = 1 (BSI TR-03111 §4.3.1 public key validation).
        if public.len() > self.p.len() {
            return Err(GroupError::BadPublicKey("a DH value longer than p"));
        }
        let y = self.int(public)?;
        let p = self.int(&self.p)?;
        let one = BoxedUint::one_with_precision(self.bits);
        let p_minus_1 = p.wrapping_sub(&one);
        if y <= one || y >= p_minus_1 {
            return Err(GroupError::BadPublicKey("a DH value out of range"));
        }
        let q = self.exponent(&self.q)?;
        let r = self.monty(public)?.pow(&q).retrieve();
        if r != one {
            return Err(GroupError::BadPublicKey("a DH value outside the subgroup"));
        }
        Ok(())
    }

    fn map_generic(&self, nonce: &[u8], shared: &[u8]) -> Result<Vec<u8>, GroupError> {
        let g = self.monty(&self.g)?;
        let s = self.exponent(nonce)?;
        let h = Zeroizing::new(self.monty(shared)?);
        let mapped = Zeroizing::new(g.pow(&s) * &*h);
        Ok(self.encode(&mapped))
    }

    fn map_integrated(&self, random: &[u8]) -> Result<Vec<u8>, GroupError> {
        // g~ = R_p^((p−1)/q) mod p (ICAO 9303-11 §4.4.3.3.2); (p−1)/q is public.
        let p = self.int(&self.p)?;
        let one = BoxedUint::one_with_precision(self.bits);
        let q = self.int(&self.q)?;
        let nz =
            Option::<NonZero<BoxedUint>>::from(NonZero::new(q)).ok_or(GroupError::Failed("q"))?;
        let cofactor = p.wrapping_sub(&one).wrapping_div(&nz);
        let r = self.monty(random)?;
        let g = r.pow(&cofactor);
        if g.retrieve() <= one {
            return Err(GroupError::Failed("the mapped generator is trivial"));
        }
        Ok(self.encode(&g))
    }

    fn shared_secret(&self, element: &[u8]) -> Vec<u8> {
        element.to_vec()
    }

    fn modulus_bits(&self) -> usize {
        bit_len(&self.p)
    }

    fn public_tag(&self) -> u8 {
        0x84
    }
}
