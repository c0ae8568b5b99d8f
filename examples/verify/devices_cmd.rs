//! `verify devices`: the scanners SANE finds (the names `verify scan --device` takes), with
//! their resolution, mode and source choices.

use idverify_sane::{Constraint, Sane};
use std::process::ExitCode;

/// Lists the scanners SANE finds.
pub fn run() -> ExitCode {
    match list() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("devices: {e}");
            ExitCode::from(2)
        }
    }
}

fn list() -> Result<(), idverify_sane::SaneError> {
    let sane = Sane::init()?;
    let devices = sane.devices()?;
    if devices.is_empty() {
        println!("no scanner found (SANE lists none; check `scanimage -L` and dll.conf)");
    }
    for info in devices {
        println!(
            "{}\t{} {} ({})",
            info.name, info.vendor, info.model, info.kind
        );
        let Ok(device) = sane.open(&info.name) else {
            println!("  (cannot be opened now)");
            continue;
        };
        for option in device.options()? {
            if !["resolution", "mode", "source"].contains(&option.name.as_str()) {
                continue;
            }
            let choices = match &option.constraint {
                Constraint::Range { min, max, .. } => format!("{min}..{max}"),
                Constraint::Numbers(n) => {
                    n.iter().map(f64::to_string).collect::<Vec<_>>().join("|")
                }
                Constraint::Strings(s) => s.join("|"),
                Constraint::None => String::new(),
            };
            let current = device
                .get(&option.name)
                .map(|v| v.to_string())
                .unwrap_or_default();
            println!("  --{} {choices} [{current}]", option.name);
        }
    }
    Ok(())
}
