//! Where the installed vpcd driver listens: the port in its reader.conf entry
//! (`DEVICENAME /dev/null:0x8C7B`, one port per slot counting up) and the reader name.

use std::path::Path;

/// The vpcd driver's default port for slot 0 (0x8C7B).
pub const DEFAULT_PORT: u16 = 35963;

/// The installed vpcd reader configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcdConfig {
    /// The reader's friendly name (pcscd appends ` 00 00`, ` 00 01` per slot).
    pub friendly_name: String,
    /// The TCP port of slot 0; slot `n` listens on `port + n`.
    pub port: u16,
    /// The driver library the entry loads.
    pub library: String,
}

impl VpcdConfig {
    /// Reads the vpcd entry from `/etc/reader.conf.d/`; `None` when there is none.
    pub fn installed() -> Option<Self> {
        Self::from_dir(Path::new("/etc/reader.conf.d"))
    }

    /// Reads the vpcd entry from the reader.conf files in `dir`.
    pub fn from_dir(dir: &Path) -> Option<Self> {
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .find_map(|text| Self::parse(&text))
    }

    /// Parses a reader.conf text; `None` unless it loads the vpcd driver.
    pub fn parse(text: &str) -> Option<Self> {
        let mut friendly_name = None;
        let mut device = None;
        let mut library = None;
        for line in text.lines().map(str::trim) {
            if line.starts_with('#') {
                continue;
            }
            let Some((key, value)) = line.split_once(char::is_whitespace) else {
                continue;
            };
            let value = value.trim().trim_matches('"').to_owned();
            match key {
                "FRIENDLYNAME" => friendly_name = Some(value),
                "DEVICENAME" => device = Some(value),
                "LIBPATH" => library = Some(value),
                _ => {}
            }
        }
        let library = library.filter(|l| l.contains("vpcd"))?;
        let port = device
            .as_deref()
            .and_then(|d| d.rsplit_once(':'))
            .and_then(|(_, p)| parse_port(p))
            .unwrap_or(DEFAULT_PORT);
        Some(VpcdConfig {
            friendly_name: friendly_name.unwrap_or_else(|| "Virtual PCD".to_owned()),
            port,
            library,
        })
    }

    /// The PC/SC reader name pcscd gives slot `slot` of the first vpcd reader.
    pub fn reader_name(&self, slot: u8) -> String {
        format!("{} 00 {slot:02X}", self.friendly_name)
    }

    /// The TCP port of `slot`.
    pub fn slot_port(&self, slot: u8) -> u16 {
        self.port.saturating_add(u16::from(slot))
    }
}

impl Default for VpcdConfig {
    fn default() -> Self {
        VpcdConfig {
            friendly_name: "Virtual PCD".to_owned(),
            port: DEFAULT_PORT,
            library: "/usr/lib/pcsc/drivers/serial/libifdvpcd.so".to_owned(),
        }
    }
}

fn parse_port(text: &str) -> Option<u16> {
    match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(hex) => u16::from_str_radix(hex, 16).ok(),
        None => text.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debian_entry() {
        let text = "# comment\nFRIENDLYNAME \"Virtual PCD\"\nDEVICENAME   /dev/null:0x8C7B\n\
                    LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so\nCHANNELID    0x8C7B\n";
        let c = VpcdConfig::parse(text).unwrap();
        assert_eq!(c.port, 35963);
        assert_eq!(c.slot_port(1), 35964);
        assert_eq!(c.reader_name(0), "Virtual PCD 00 00");
        assert_eq!(c.reader_name(1), "Virtual PCD 00 01");
    }

    #[test]
    fn other_drivers_and_decimal_ports() {
        assert_eq!(
            VpcdConfig::parse("FRIENDLYNAME x\nLIBPATH /usr/lib/libccidtwin.so\n"),
            None
        );
        let c = VpcdConfig::parse("DEVICENAME /dev/null:40000\nLIBPATH libifdvpcd.so\n").unwrap();
        assert_eq!(c.port, 40000);
        assert_eq!(c.friendly_name, "Virtual PCD");
    }
}
