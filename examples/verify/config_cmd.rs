//! The verifier's configuration on the command line: `--config FILE` (a JSON document,
//! schema/verifier-config.schema.json) for the commands that verify, and `verify config`,
//! which checks a configuration and prints the effective one (`--print`).

use idverify::verify::{
    FaceExport, MAX_CONFIG_JSON_BYTES, VerifierConfig, config_from_json_over, config_sha256,
    config_to_json_text,
};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `--config FILE`, flattened into each command that verifies.
#[derive(clap::Args, Debug, Default)]
pub struct ConfigFileArg {
    /// The verifier's configuration: a JSON document (schema/verifier-config.schema.json;
    /// `verify config --print` shows the defaults). What it leaves out keeps its default.
    #[arg(long = "config", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

impl ConfigFileArg {
    /// The configuration: the file's over the defaults; `face` (a command's own option)
    /// exports the face image whatever the file says.
    pub fn load(&self, face: bool) -> Result<VerifierConfig, String> {
        let mut config = match &self.config {
            Some(path) => read_config(path)?,
            None => VerifierConfig::default(),
        };
        if face {
            config.face = FaceExport::JpegOrPng;
        }
        Ok(config)
    }
}

/// Reads and checks a configuration file (at most `MAX_CONFIG_JSON_BYTES`).
fn read_config(path: &Path) -> Result<VerifierConfig, String> {
    let shown = path.display();
    let file = std::fs::File::open(path).map_err(|e| format!("--config {shown}: {e}"))?;
    let mut text = String::new();
    let limit = u64::try_from(MAX_CONFIG_JSON_BYTES).unwrap_or(u64::MAX) + 1;
    file.take(limit)
        .read_to_string(&mut text)
        .map_err(|e| format!("--config {shown}: {e}"))?;
    config_from_json_over(&text, VerifierConfig::default())
        .map_err(|e| format!("--config {shown}: {e}"))
}

/// `verify config`: checks a configuration; `--print` prints the effective one.
#[derive(clap::Args, Debug)]
pub struct ConfigArgs {
    #[command(flatten)]
    file: ConfigFileArg,
    /// Print the effective configuration (every field, every rule) as JSON.
    #[arg(long)]
    print: bool,
}

/// Runs the subcommand: 0 valid, 2 refused (the reason names the JSON path).
pub fn run(args: &ConfigArgs) -> ExitCode {
    match args.file.load(false) {
        Ok(config) if args.print => {
            println!("{}", config_to_json_text(&config));
            ExitCode::SUCCESS
        }
        Ok(config) => {
            println!("configuration valid, sha256 {}", config_sha256(&config));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("config: {e}");
            ExitCode::from(2)
        }
    }
}
