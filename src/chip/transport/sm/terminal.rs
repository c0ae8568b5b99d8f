//! The terminal side of secure messaging (ICAO 9303-11 §9.8.4–§9.8.5): protecting command
//! APDUs with DO'85'/'87', DO'97' and DO'8E', and unprotecting responses with DO'87'/'85',
//! DO'99' and DO'8E', the MAC checked in constant time before any byte is used.

use super::keys::{MAC_LEN, SessionKeys, Ssc, padded_header};
use crate::chip::transport::apdu::{CommandApdu, EXTENDED_NE_MAX, Ne, ResponseApdu, SHORT_NE_MAX};
use crate::chip::{ChipError, StatusWord};
use crate::crypto::symmetric::{padded_len, unpad_iso7816};
use crate::tlv::{self, TlvError};

/// An established secure-messaging session on the terminal side.
#[derive(Debug, Clone)]
pub struct SecureMessaging {
    keys: SessionKeys,
    ssc: Ssc,
}

/// The value of DO'97' (ISO/IEC 7816-4 §10.3.1: Le as in a short or extended Le field):
/// one byte up to 256 (00 = 256), two bytes above (0000 = 65536). [`Ne::Max`] is `00` in a
/// short protected command and `00 00` in an extended one, as it would be unprotected.
fn le_bytes(ne: Ne, extended: bool) -> Vec<u8> {
    match ne.bytes(extended) {
        le if le <= SHORT_NE_MAX => vec![(le % SHORT_NE_MAX) as u8],
        le => ((le % EXTENDED_NE_MAX) as u16).to_be_bytes().to_vec(),
    }
}

impl SecureMessaging {
    /// Starts SM with `keys` and the counter value before the first command.
    pub fn new(keys: SessionKeys, ssc: Ssc) -> Result<Self, ChipError> {
        if ssc.as_bytes().len() != keys.cipher().block_len() {
            return Err(ChipError::SmMalformed(
                "SSC length differs from the cipher block",
            ));
        }
        Ok(SecureMessaging { keys, ssc })
    }

    /// The current send sequence counter.
    pub fn ssc(&self) -> &Ssc {
        &self.ssc
    }

    /// The session keys.
    pub fn keys(&self) -> &SessionKeys {
        &self.keys
    }

    /// Protects `cmd` in short length fields where they suffice (see
    /// [`SecureMessaging::protect_for`]).
    pub fn protect(&mut self, cmd: &CommandApdu) -> Result<CommandApdu, ChipError> {
        self.protect_for(cmd, false)
    }

    /// The length of the protected answer that carries `plain` answer bytes at most: DO'87'
    /// (padding indicator and padded cryptogram), DO'99' and DO'8E'.
    fn protected_answer_len(&self, plain: usize) -> usize {
        let value = 1 + padded_len(plain, self.keys.cipher().block_len());
        let mut len = Vec::new();
        tlv::encode_length(value, &mut len);
        1 + len.len() + value + 4 + 2 + MAC_LEN
    }

    /// Protects `cmd`: increments the SSC, encrypts the data into DO'87' (DO'85' for an odd
    /// INS), puts Le into DO'97' and appends DO'8E' over pad(SSC ‖ pad(header) ‖ DOs).
    ///
    /// The protected command is extended when the plain one is, when its objects do not fit
    /// a short Lc, or — with `extended_ok`, a chip known to take extended length — when the
    /// protected answer to the Ne asked for may be longer than the 256 bytes a short Le
    /// allows (a 256-byte RSA signature comes back in 291). Otherwise a long protected
    /// answer follows by GET RESPONSE (ISO/IEC 7816-4 61XX).
    pub fn protect_for(
        &mut self,
        cmd: &CommandApdu,
        extended_ok: bool,
    ) -> Result<CommandApdu, ChipError> {
        self.ssc.increment();
        let block = self.keys.cipher().block_len();
        let cla = cmd.cla | 0x0C;
        let header = padded_header([cla, cmd.ins, cmd.p1, cmd.p2], block);
        let mut body = Vec::with_capacity(cmd.data.len() + 48);
        if !cmd.data.is_empty() {
            let odd = cmd.ins & 1 == 1;
            let mut value = Vec::with_capacity(cmd.data.len() + block + 1);
            if !odd {
                value.push(0x01); // padding-content indicator
            }
            let start = value.len();
            value.extend_from_slice(&cmd.data);
            let mut enc = value.split_off(start);
            self.keys.encrypt_padded(&self.ssc, &mut enc)?;
            value.extend_from_slice(&enc);
            tlv::write_tlv(if odd { 0x85 } else { 0x87 }, &value, &mut body);
        }
        // The protected command is extended when the plain one is or when its objects (with
        // a one-byte DO'97' and DO'8E') do not fit a short Lc; Ne::Max in DO'97' then takes
        // the extended form too.
        let short_len = body.len() + cmd.le.map_or(0, |_| 3) + 2 + MAC_LEN;
        let long_answer = cmd
            .le
            .is_some_and(|ne| self.protected_answer_len(ne.bytes(false)) > SHORT_NE_MAX);
        let extended = cmd.needs_extended() || short_len > 255 || (extended_ok && long_answer);
        if let Some(ne) = cmd.le {
            tlv::write_tlv(0x97, &le_bytes(ne, extended), &mut body);
        }
        let mac = self.keys.mac(&self.ssc, &[&header, &body])?;
        tlv::write_tlv(0x8E, &mac, &mut body);
        Ok(CommandApdu {
            cla,
            ins: cmd.ins,
            p1: cmd.p1,
            p2: cmd.p2,
            data: body,
            // The protected answer's length is the chip's business: as much as the encoding
            // allows (00 short; 00 00 extended, which the Ne forces).
            le: Some(if extended {
                Ne::UpTo(EXTENDED_NE_MAX)
            } else {
                Ne::Max
            }),
        })
    }

    /// Unprotects a raw response: increments the SSC, verifies DO'8E' in constant time, and
    /// only then decrypts DO'87'/'85' and takes the status word from DO'99'.
    pub fn unprotect(&mut self, raw: Vec<u8>) -> Result<ResponseApdu, ChipError> {
        self.ssc.increment();
        let total = raw.len();
        let outer = ResponseApdu::parse(raw)?;
        if outer.data.is_empty() {
            return Err(ChipError::SmPlainResponse { sw: outer.sw });
        }
        let parts = split_objects(&outer.data, total)?;
        let mac_start = parts.mac_start.ok_or(ChipError::SmMissingObject(0x8E))?;
        let mac = parts.mac.ok_or(ChipError::SmMissingObject(0x8E))?;
        let covered = outer
            .data
            .get(..mac_start)
            .ok_or(ChipError::SmMalformed("DO'8E' position"))?;
        if mac.len() != MAC_LEN || !self.keys.verify_mac(&self.ssc, &[covered], mac)? {
            return Err(ChipError::SmMacMismatch);
        }
        let sw = match parts.status {
            Some(&[sw1, sw2]) => StatusWord::new(sw1, sw2),
            Some(_) => return Err(ChipError::SmMalformed("DO'99' is not two bytes")),
            None => return Err(ChipError::SmMissingObject(0x99)),
        };
        let data = match parts.cryptogram {
            None => Vec::new(),
            Some((tag, value)) => {
                let enc = if tag == 0x87 {
                    match value.split_first() {
                        Some((0x01, rest)) => rest,
                        _ => {
                            return Err(ChipError::SmMalformed(
                                "DO'87' padding indicator is not 01",
                            ));
                        }
                    }
                } else {
                    value
                };
                let block = self.keys.cipher().block_len();
                if enc.is_empty() || !enc.len().is_multiple_of(block) {
                    return Err(ChipError::SmMalformed("cryptogram is not whole blocks"));
                }
                let mut buf = enc.to_vec();
                self.keys.decrypt_in_place(&self.ssc, &mut buf)?;
                let plain_len = unpad_iso7816(&buf)
                    .map_err(|_| ChipError::SmMalformed("decrypted data has no valid padding"))?
                    .len();
                buf.truncate(plain_len);
                buf
            }
        };
        Ok(ResponseApdu { data, sw })
    }
}

/// The data objects of a protected response, borrowed.
struct ResponseObjects<'a> {
    cryptogram: Option<(u32, &'a [u8])>,
    status: Option<&'a [u8]>,
    mac: Option<&'a [u8]>,
    mac_start: Option<usize>,
}

/// Splits the response data into DO'87'/'85', DO'99' and DO'8E' (which must come last).
fn split_objects(data: &[u8], total: usize) -> Result<ResponseObjects<'_>, ChipError> {
    let mut objs = ResponseObjects {
        cryptogram: None,
        status: None,
        mac: None,
        mac_start: None,
    };
    let mut pos = 0usize;
    while let Some(rest) = data.get(pos..).filter(|r| !r.is_empty()) {
        if objs.mac.is_some() {
            return Err(ChipError::SmMalformed("data after DO'8E'"));
        }
        let (obj, after) = tlv::parse_one(rest).map_err(|e| match e {
            TlvError::Truncated { .. } => ChipError::ResponseTruncated { len: total },
            _ => ChipError::SmMalformed("response data is not BER-TLV"),
        })?;
        match obj.tag {
            0x87 | 0x85 if objs.cryptogram.is_none() => {
                objs.cryptogram = Some((obj.tag, obj.value))
            }
            0x99 if objs.status.is_none() => objs.status = Some(obj.value),
            0x8E => {
                objs.mac = Some(obj.value);
                objs.mac_start = Some(pos);
            }
            _ => return Err(ChipError::SmMalformed("unexpected or repeated data object")),
        }
        pos = data.len() - after.len();
    }
    Ok(objs)
}
