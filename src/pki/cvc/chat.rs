//! The certificate holder authorization template DO'7F4C' (BSI TR-03110-3 §C.1.5 and §C.4):
//! terminal type, role and the relative authorization bits of inspection systems,
//! authentication terminals and signature terminals.

use super::CvcError;
use crate::tlv;

/// The terminal type a CHAT's OID names (BSI TR-03110-3 §C.4: id-roles 0.4.0.127.0.7.3.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum TerminalType {
    /// id-IS: inspection system (ePassport application, DG3/DG4), §C.4.1.
    InspectionSystem,
    /// id-AT: authentication terminal (eID application), §C.4.2.
    AuthenticationTerminal,
    /// id-ST: signature terminal (eSign application), §C.4.3.
    SignatureTerminal,
}

impl TerminalType {
    /// The dotted OID.
    pub fn oid(self) -> &'static str {
        match self {
            Self::InspectionSystem => "0.4.0.127.0.7.3.1.2.1",
            Self::AuthenticationTerminal => "0.4.0.127.0.7.3.1.2.2",
            Self::SignatureTerminal => "0.4.0.127.0.7.3.1.2.3",
        }
    }

    /// The terminal type for a dotted OID.
    pub fn from_oid(oid: &str) -> Option<Self> {
        [
            Self::InspectionSystem,
            Self::AuthenticationTerminal,
            Self::SignatureTerminal,
        ]
        .into_iter()
        .find(|t| t.oid() == oid)
    }

    /// Length of the discretionary data DO'53': 5 bytes for authentication terminals, 1 else.
    pub fn rights_len(self) -> usize {
        match self {
            Self::AuthenticationTerminal => 5,
            _ => 1,
        }
    }

    fn role_shift(self) -> u32 {
        u32::try_from(self.rights_len() * 8 - 2).unwrap_or(6)
    }
}

/// The role, the two most significant bits of the authorization (BSI TR-03110-3 §C.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Role {
    /// 11: the country verifying CA.
    Cvca,
    /// 10: a domestic (official domestic) document verifier.
    DvDomestic,
    /// 01: a foreign (non-official or foreign) document verifier.
    DvForeign,
    /// 00: a terminal.
    Terminal,
}

impl Role {
    fn bits(self) -> u64 {
        match self {
            Role::Cvca => 0b11,
            Role::DvDomestic => 0b10,
            Role::DvForeign => 0b01,
            Role::Terminal => 0b00,
        }
    }

    fn from_bits(bits: u64) -> Self {
        match bits & 0b11 {
            0b11 => Role::Cvca,
            0b10 => Role::DvDomestic,
            0b01 => Role::DvForeign,
            _ => Role::Terminal,
        }
    }

    /// A short name for reports.
    pub fn name(self) -> &'static str {
        match self {
            Role::Cvca => "CVCA",
            Role::DvDomestic => "DV (domestic)",
            Role::DvForeign => "DV (foreign)",
            Role::Terminal => "terminal",
        }
    }
}

/// One access right a CHAT can grant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum AccessRight {
    /// Inspection system: read DG3 (fingerprints), §C.4.1.
    ReadDg3,
    /// Inspection system: read DG4 (iris), §C.4.1.
    ReadDg4,
    /// Authentication terminal: read eID data group 1–22, §C.4.2.
    ReadEidDg(u8),
    /// Authentication terminal: write eID data group 17–22.
    WriteEidDg(u8),
    /// Authentication terminal: age verification.
    AgeVerification,
    /// Authentication terminal: community ID verification.
    CommunityIdVerification,
    /// Authentication terminal: restricted identification.
    RestrictedIdentification,
    /// Authentication terminal: privileged terminal.
    PrivilegedTerminal,
    /// Authentication terminal: CAN allowed.
    CanAllowed,
    /// Authentication terminal: PIN management.
    PinManagement,
    /// Authentication terminal: install certificate.
    InstallCertificate,
    /// Authentication terminal: install qualified certificate.
    InstallQualifiedCertificate,
    /// Signature terminal: generate electronic signature, §C.4.3.
    GenerateSignature,
    /// Signature terminal: generate qualified electronic signature.
    GenerateQualifiedSignature,
}

impl AccessRight {
    /// The rights held in the low bits of DO'53' for `terminal_type`, bit 0 first (BSI
    /// TR-03110-3 §C.4.1–C.4.3; the authentication terminal's special functions).
    fn low_bits(terminal_type: TerminalType) -> &'static [AccessRight] {
        use AccessRight::*;
        match terminal_type {
            TerminalType::InspectionSystem => &[ReadDg3, ReadDg4],
            TerminalType::SignatureTerminal => &[GenerateSignature, GenerateQualifiedSignature],
            TerminalType::AuthenticationTerminal => &[
                AgeVerification,
                CommunityIdVerification,
                RestrictedIdentification,
                PrivilegedTerminal,
                CanAllowed,
                PinManagement,
                InstallCertificate,
                InstallQualifiedCertificate,
            ],
        }
    }

    /// The bit (0 = least significant of DO'53') that grants this right for `terminal_type`.
    pub fn bit(self, terminal_type: TerminalType) -> Option<u32> {
        use AccessRight::*;
        match (terminal_type, self) {
            (TerminalType::AuthenticationTerminal, ReadEidDg(n @ 1..=22)) => Some(7 + u32::from(n)),
            (TerminalType::AuthenticationTerminal, WriteEidDg(n @ 17..=22)) => {
                Some(54 - u32::from(n))
            }
            _ => Self::low_bits(terminal_type)
                .iter()
                .position(|&r| r == self)
                .and_then(|i| u32::try_from(i).ok()),
        }
    }

    /// Every right a terminal type defines.
    pub fn all(terminal_type: TerminalType) -> Vec<AccessRight> {
        let mut v = Self::low_bits(terminal_type).to_vec();
        if terminal_type == TerminalType::AuthenticationTerminal {
            v.extend((1..=22).map(AccessRight::ReadEidDg));
            v.extend((17..=22).map(AccessRight::WriteEidDg));
        }
        v
    }

    /// A short English name, e.g. `read DG3` or `read eID DG4`.
    pub fn name(self) -> String {
        use AccessRight::*;
        match self {
            ReadDg3 => "read DG3".into(),
            ReadDg4 => "read DG4".into(),
            ReadEidDg(n) => format!("read eID DG{n}"),
            WriteEidDg(n) => format!("write eID DG{n}"),
            AgeVerification => "age verification".into(),
            CommunityIdVerification => "community ID verification".into(),
            RestrictedIdentification => "restricted identification".into(),
            PrivilegedTerminal => "privileged terminal".into(),
            CanAllowed => "CAN allowed".into(),
            PinManagement => "PIN management".into(),
            InstallCertificate => "install certificate".into(),
            InstallQualifiedCertificate => "install qualified certificate".into(),
            GenerateSignature => "generate signature".into(),
            GenerateQualifiedSignature => "generate qualified signature".into(),
        }
    }
}

/// A certificate holder authorization template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Chat {
    /// Which kind of terminal (and which rights table applies).
    pub terminal_type: TerminalType,
    /// The holder's role.
    pub role: Role,
    /// The relative authorization bits below the role (bit 0 = least significant).
    pub rights: u64,
}

impl Chat {
    /// A CHAT granting exactly `rights` (rights of another terminal type are ignored).
    pub fn new(terminal_type: TerminalType, role: Role, rights: &[AccessRight]) -> Self {
        let bits = rights
            .iter()
            .filter_map(|r| r.bit(terminal_type))
            .fold(0u64, |acc, b| acc | (1u64 << b));
        Chat {
            terminal_type,
            role,
            rights: bits,
        }
    }

    /// Parses the value of DO'7F4C': 06 OID, 53 discretionary data.
    pub fn parse(value: &[u8]) -> Result<Self, CvcError> {
        let mut oid = None;
        let mut bits = None;
        for obj in tlv::TlvIter::new(value) {
            let obj = obj?;
            match obj.tag {
                0x06 => oid = Some(obj.value),
                0x53 => bits = Some(obj.value),
                _ => {}
            }
        }
        let oid = oid.ok_or(CvcError::Missing("CHAT terminal type (06)"))?;
        let oid = crate::lds::der::oid_to_string(oid, "CHAT")
            .map_err(|e| CvcError::bad("CHAT terminal type", e.to_string()))?;
        let terminal_type = TerminalType::from_oid(&oid)
            .ok_or_else(|| CvcError::bad("CHAT terminal type", format!("unknown OID {oid}")))?;
        let bits = bits.ok_or(CvcError::Missing("CHAT discretionary data (53)"))?;
        if bits.len() != terminal_type.rights_len() {
            return Err(CvcError::bad(
                "CHAT discretionary data",
                format!(
                    "{} bytes, {} expected for this terminal type",
                    bits.len(),
                    terminal_type.rights_len()
                ),
            ));
        }
        let all = bits.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b));
        let shift = terminal_type.role_shift();
        Ok(Chat {
            terminal_type,
            role: Role::from_bits(all >> shift),
            rights: all & ((1u64 << shift) - 1),
        })
    }

    /// The encoded DO'7F4C'.
    pub fn encode(&self) -> Vec<u8> {
        let shift = self.terminal_type.role_shift();
        let all = (self.role.bits() << shift) | (self.rights & ((1u64 << shift) - 1));
        let n = self.terminal_type.rights_len();
        let bytes = all.to_be_bytes();
        let bits = bytes.get(8 - n..).unwrap_or_default();
        let mut value = crate::lds::der::oid_tlv(self.terminal_type.oid());
        value.extend(tlv::tlv(0x53, bits));
        tlv::tlv(0x7F4C, &value)
    }

    /// Whether this CHAT grants `right`.
    pub fn grants(&self, right: AccessRight) -> bool {
        right
            .bit(self.terminal_type)
            .is_some_and(|b| self.rights & (1u64 << b) != 0)
    }

    /// Whether this CHAT lets its holder read eID data group `n`: an inspection system may read
    /// all of them (BSI TR-03110-4 §2.2.2), an authentication terminal those its rights name.
    pub fn reads_eid_dg(&self, n: u8) -> bool {
        match self.terminal_type {
            TerminalType::InspectionSystem => (1..=22).contains(&n),
            TerminalType::AuthenticationTerminal => self.grants(AccessRight::ReadEidDg(n)),
            TerminalType::SignatureTerminal => false,
        }
    }

    /// The rights granted, in bit order.
    pub fn granted(&self) -> Vec<AccessRight> {
        AccessRight::all(self.terminal_type)
            .into_iter()
            .filter(|r| self.grants(*r))
            .collect()
    }

    /// The rights both grant (the role and type are this CHAT's).
    pub fn intersect(&self, other: &Chat) -> Chat {
        Chat {
            rights: self.rights & other.rights,
            ..*self
        }
    }
}
