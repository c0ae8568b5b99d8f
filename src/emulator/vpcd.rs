//! The software chip as a vpcd virtual card: any PC/SC program then sees it in pcscd's
//! "Virtual PCD" reader (see examples/virtual-card.rs and tests/pcsc_e2e.rs).

use crate::emulator::EmulatedChip;
use idverify_vpcd::VirtualCard;

impl VirtualCard for EmulatedChip {
    fn atr(&self) -> Vec<u8> {
        EmulatedChip::atr(self)
    }

    fn power_off(&mut self) {
        EmulatedChip::reset(self);
    }

    fn reset(&mut self) {
        EmulatedChip::reset(self);
    }

    fn transmit(&mut self, apdu: &[u8]) -> Vec<u8> {
        self.process_apdu(apdu)
    }

    fn is_present(&self) -> bool {
        EmulatedChip::is_present(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chip::FileId;
    use crate::chip::transport::sm::{SessionKeys, Ssc};
    use crate::crypto::symmetric::Cipher;
    use crate::emulator::{ChipConfig, Misbehaviour};

    #[test]
    fn power_cycle_ends_the_session_and_removal_is_reported() {
        let mut chip = EmulatedChip::new(ChipConfig::default(), [1; 32])
            .with_file(FileId::Com, vec![0x60, 0x00]);
        let select = [
            0x00, 0xA4, 0x04, 0x0C, 0x07, 0xA0, 0, 0, 0x02, 0x47, 0x10, 0x01,
        ];
        assert_eq!(VirtualCard::transmit(&mut chip, &select), vec![0x90, 0x00]);
        assert_eq!(VirtualCard::atr(&chip), EmulatedChip::atr(&chip));
        chip.start_secure_messaging(SessionKeys::derive(Cipher::Tdes, &[7; 16]), Ssc::zero(8));
        VirtualCard::power_off(&mut chip);
        assert!(!chip.secure_messaging_active());
        chip.start_secure_messaging(SessionKeys::derive(Cipher::Tdes, &[7; 16]), Ssc::zero(8));
        VirtualCard::reset(&mut chip);
        assert!(!chip.secure_messaging_active());

        chip.config_mut().misbehaviour = Some(Misbehaviour::RemovedAfter(chip.apdu_count()));
        assert!(VirtualCard::is_present(&chip));
        assert!(VirtualCard::transmit(&mut chip, &select).is_empty());
        assert!(!VirtualCard::is_present(&chip));
    }
}
