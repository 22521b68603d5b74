//! Turns the TOML data files compiled into kttt into JSON, which reads several times faster
//! at start-up. The TOML stays the source (and `Catalog::parse`/`RuleSet::parse` still read
//! TOML); a test checks that both forms give the same catalog and rules.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["catalog", "rules"] {
        let src = format!("assets/{name}.toml");
        println!("cargo:rerun-if-changed={src}");
        let text = std::fs::read_to_string(&src).unwrap_or_else(|e| panic!("{src}: {e}"));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|e| panic!("{src}: {e}"));
        let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{src}: {e}"));
        std::fs::write(out.join(format!("{name}.json")), json).unwrap_or_else(|e| panic!("{name}.json: {e}"));
    }
}
