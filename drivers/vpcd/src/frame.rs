//! The vpcd wire format (vsmartcard `vpcd` protocol): every message is a 2-byte big-endian
//! length and that many bytes; a 1-byte message is a control code, anything longer an APDU.

use crate::error::VpcdError;
use std::io::{Read, Write};

/// Control code: power the card off (no answer).
pub const CTRL_OFF: u8 = 0x00;
/// Control code: power the card on (no answer).
pub const CTRL_ON: u8 = 0x01;
/// Control code: reset the card (no answer).
pub const CTRL_RESET: u8 = 0x02;
/// Control code: send the ATR (answered with one frame holding the ATR).
pub const CTRL_ATR: u8 = 0x04;

/// One message from the vpcd driver to the card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// Power off.
    PowerOff,
    /// Power on.
    PowerOn,
    /// Warm reset.
    Reset,
    /// ATR request.
    GetAtr,
    /// A control code this client does not know (ignored, no answer).
    UnknownControl(u8),
    /// A command APDU.
    Apdu(Vec<u8>),
}

/// Reads one message; `Ok(None)` when the driver closed the connection between messages.
pub fn read_message(reader: &mut impl Read) -> Result<Option<Message>, VpcdError> {
    match read_length(reader)? {
        Some(len) => read_payload(reader, len).map(Some),
        None => Ok(None),
    }
}

/// Reads a frame's 2-byte big-endian length; `Ok(None)` on a clean close before it.
pub fn read_length(reader: &mut impl Read) -> Result<Option<usize>, VpcdError> {
    let mut len = [0u8; 2];
    // A clean close is only one that happens before the first length byte.
    let first = loop {
        match reader.read(&mut len[..1]) {
            Ok(n) => break n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e.into()),
        }
    };
    if first == 0 {
        return Ok(None);
    }
    reader.read_exact(&mut len[1..])?;
    Ok(Some(usize::from(u16::from_be_bytes(len))))
}

/// Reads the `len` bytes of a frame and classifies them.
pub fn read_payload(reader: &mut impl Read, len: usize) -> Result<Message, VpcdError> {
    let mut payload = vec![0u8; len];
    reader.read_exact(&mut payload)?;
    Ok(match payload.as_slice() {
        [CTRL_OFF] => Message::PowerOff,
        [CTRL_ON] => Message::PowerOn,
        [CTRL_RESET] => Message::Reset,
        [CTRL_ATR] => Message::GetAtr,
        [other] => Message::UnknownControl(*other),
        _ => Message::Apdu(payload),
    })
}

/// Writes `payload` as one frame (length prefix and bytes in a single write).
pub fn write_frame(writer: &mut impl Write, payload: &[u8]) -> Result<(), VpcdError> {
    let len = u16::try_from(payload.len()).map_err(|_| VpcdError::FrameTooLong(payload.len()))?;
    let mut frame = Vec::with_capacity(payload.len().saturating_add(2));
    frame.extend_from_slice(&len.to_be_bytes());
    frame.extend_from_slice(payload);
    writer.write_all(&frame)?;
    writer.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_codes_and_apdus() {
        let wire = [
            0, 1, 0x01, 0, 1, 0x04, 0, 1, 0x02, 0, 1, 0x00, 0, 1, 0x09, 0, 4, 0x00, 0xA4, 0x04,
            0x0C,
        ];
        let mut r = &wire[..];
        let got: Vec<Message> = std::iter::from_fn(|| read_message(&mut r).unwrap()).collect();
        assert_eq!(
            got,
            vec![
                Message::PowerOn,
                Message::GetAtr,
                Message::Reset,
                Message::PowerOff,
                Message::UnknownControl(9),
                Message::Apdu(vec![0x00, 0xA4, 0x04, 0x0C]),
            ]
        );
    }

    #[test]
    fn truncated_frame_is_an_error_not_a_hang() {
        let mut r: &[u8] = &[0x01, 0x00, 0xAA];
        assert!(matches!(read_message(&mut r), Err(VpcdError::Io(_))));
        let mut r: &[u8] = &[0x01];
        assert!(matches!(read_message(&mut r), Err(VpcdError::Io(_))));
    }

    #[test]
    fn frames_carry_big_endian_length() {
        let mut out = Vec::new();
        write_frame(&mut out, &[0x90, 0x00]).unwrap();
        assert_eq!(out, [0x00, 0x02, 0x90, 0x00]);
        let big = vec![0x55; 1000];
        out.clear();
        write_frame(&mut out, &big).unwrap();
        assert_eq!(&out[..2], &[0x03, 0xE8]);
        assert_eq!(out.len(), 1002);
        assert!(matches!(
            write_frame(&mut Vec::new(), &vec![0; 65536]),
            Err(VpcdError::FrameTooLong(65536))
        ));
    }
}
