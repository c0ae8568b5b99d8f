//! The chip side of secure messaging (ICAO 9303-11 §9.8): verifying and decrypting protected
//! commands, protecting responses. Any SM error is answered in plain (6987/6988) and ends SM.

use crate::chip::transport::sm::{MAC_LEN, SessionKeys, Ssc, padded_header};
use crate::chip::{CommandApdu, Ne, StatusWord};
use crate::crypto::symmetric::{padded_len, unpad_iso7816};
use crate::tlv;

/// An SM session on the chip side.
#[derive(Debug, Clone)]
pub(crate) struct ChipSm {
    keys: SessionKeys,
    ssc: Ssc,
}

/// Bytes of a TLV with a value of `len` bytes.
fn tlv_len(len: usize) -> usize {
    let mut l = Vec::new();
    tlv::encode_length(len, &mut l);
    1 + l.len() + len
}

impl ChipSm {
    pub(crate) fn new(keys: SessionKeys, ssc: Ssc) -> Self {
        ChipSm { keys, ssc }
    }

    /// The length of a protected response (without SW) carrying `plain` data bytes.
    pub(crate) fn wrapped_len(&self, plain: usize, odd: bool) -> usize {
        let mut n = 4 + 2 + MAC_LEN; // DO'99' and DO'8E'
        if plain > 0 {
            let value = padded_len(plain, self.keys.cipher().block_len()) + usize::from(!odd);
            n += tlv_len(value);
        }
        n
    }

    /// Verifies and decrypts a protected command (the counter moves first).
    pub(crate) fn unwrap_command(&mut self, cmd: &CommandApdu) -> Result<CommandApdu, StatusWord> {
        self.ssc.increment();
        let mut crypto = None;
        let mut le = None;
        let mut mac = None;
        let mut mac_pos = None;
        let mut pos = 0;
        while let Some(rest) = cmd.data.get(pos..).filter(|r| !r.is_empty()) {
            if mac.is_some() {
                return Err(StatusWord::SM_OBJECTS_INCORRECT);
            }
            let (obj, after) =
                tlv::parse_one(rest).map_err(|_| StatusWord::SM_OBJECTS_INCORRECT)?;
            match obj.tag {
                0x87 | 0x85 if crypto.is_none() => crypto = Some((obj.tag, obj.value)),
                0x97 if le.is_none() => le = Some(obj.value),
                0x8E => {
                    mac = Some(obj.value);
                    mac_pos = Some(pos);
                }
                _ => return Err(StatusWord::SM_OBJECTS_INCORRECT),
            }
            pos = cmd.data.len() - after.len();
        }
        let (Some(mac), Some(mac_pos)) = (mac, mac_pos) else {
            return Err(StatusWord::SM_OBJECTS_MISSING);
        };
        let block = self.keys.cipher().block_len();
        let header = padded_header([cmd.cla, cmd.ins, cmd.p1, cmd.p2], block);
        let covered = cmd.data.get(..mac_pos).unwrap_or_default();
        if !self
            .keys
            .verify_mac(&self.ssc, &[&header, covered], mac)
            .unwrap_or(false)
        {
            return Err(StatusWord::SM_OBJECTS_INCORRECT);
        }
        let data = match crypto {
            None => Vec::new(),
            Some((tag, value)) => {
                let enc = if tag == 0x87 {
                    match value.split_first() {
                        Some((0x01, rest)) => rest,
                        _ => return Err(StatusWord::SM_OBJECTS_INCORRECT),
                    }
                } else {
                    value
                };
                if enc.is_empty() || !enc.len().is_multiple_of(block) {
                    return Err(StatusWord::SM_OBJECTS_INCORRECT);
                }
                let mut buf = enc.to_vec();
                self.keys
                    .decrypt_in_place(&self.ssc, &mut buf)
                    .map_err(|_| StatusWord::SM_OBJECTS_INCORRECT)?;
                let n = unpad_iso7816(&buf)
                    .map_err(|_| StatusWord::SM_OBJECTS_INCORRECT)?
                    .len();
                buf.truncate(n);
                buf
            }
        };
        // DO'97' carries Le as a short (one byte, 00 = 256) or extended (two bytes,
        // 0000 = 65536) Le field (ISO/IEC 7816-4 §10.3.1): the inner Ne as a number.
        let le = match le {
            None => None,
            Some([0]) => Some(Ne::UpTo(256)),
            Some([b]) => Some(Ne::UpTo(usize::from(*b))),
            Some([0, 0]) => Some(Ne::UpTo(65536)),
            Some([a, b]) => Some(Ne::UpTo(usize::from(u16::from_be_bytes([*a, *b])))),
            Some(_) => return Err(StatusWord::SM_OBJECTS_INCORRECT),
        };
        Ok(CommandApdu {
            cla: cmd.cla & !0x0C,
            ins: cmd.ins,
            p1: cmd.p1,
            p2: cmd.p2,
            data,
            le,
        })
    }

    /// Protects a response (the counter moves first): DO'87' (DO'85' for odd INS), DO'99',
    /// DO'8E', then the status word; built in one buffer, encrypted in place.
    pub(crate) fn wrap_response(&mut self, data: &[u8], sw: StatusWord, odd: bool) -> Vec<u8> {
        self.ssc.increment();
        let block = self.keys.cipher().block_len();
        let mut out = Vec::with_capacity(self.wrapped_len(data.len(), odd) + 2);
        if !data.is_empty() {
            let value_len = padded_len(data.len(), block) + usize::from(!odd);
            tlv::encode_tag(if odd { 0x85 } else { 0x87 }, &mut out);
            tlv::encode_length(value_len, &mut out);
            if !odd {
                out.push(0x01);
            }
            let start = out.len();
            out.extend_from_slice(data);
            out.push(0x80);
            out.resize(start + padded_len(data.len(), block), 0);
            if let Some(region) = out.get_mut(start..)
                && self.keys.encrypt_in_place(&self.ssc, region).is_err()
            {
                return StatusWord(0x6F00).to_bytes().to_vec();
            }
        }
        tlv::write_tlv(0x99, &sw.to_bytes(), &mut out);
        match self.keys.mac(&self.ssc, &[&out]) {
            Ok(mac) => tlv::write_tlv(0x8E, &mac, &mut out),
            Err(_) => return StatusWord(0x6F00).to_bytes().to_vec(),
        }
        out.extend_from_slice(&sw.to_bytes());
        out
    }
}
