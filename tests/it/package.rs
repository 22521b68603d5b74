//! The Debian package's one list of what it holds, `[package.metadata.deb]` in Cargo.toml:
//! `cargo deb` reads it with a TOML parser, tools/deb/build (what CI runs) with
//! tools/deb/metadata, line by line. They must read the same; tools/deb/check then proves
//! the package built holds exactly that list.

use std::path::Path;

/// What tools/deb/metadata prints for `what`.
fn metadata(what: &str) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = std::process::Command::new("bash")
        .arg(root.join("tools/deb/metadata"))
        .arg(what)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn the_package_script_reads_the_asset_list_as_cargo_deb_does() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    let manifest: toml::Value = toml::from_str(&text).unwrap();
    let deb = &manifest["package"]["metadata"]["deb"];
    let assets: Vec<String> = deb["assets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let a: Vec<&str> = a.as_array().unwrap().iter().map(|s| s.as_str().unwrap()).collect();
            assert_eq!(a.len(), 3, "[source, dest, mode]: {a:?}");
            a.join("\t")
        })
        .collect();
    assert_eq!(metadata("assets"), assets);
    let conffiles: Vec<String> = deb["conf-files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_string())
        .collect();
    assert_eq!(metadata("conffiles"), conffiles);
    for key in ["maintainer", "section", "priority", "copyright"] {
        assert_eq!(metadata(key), [deb[key].as_str().unwrap()], "{key}");
    }
    // Every conffile is packed, the example configuration among them; the binary is the
    // one cargo builds (`target/release/` is cargo-deb's name for the build's folder).
    let dests: Vec<&str> = assets.iter().map(|a| a.split('\t').nth(1).unwrap()).collect();
    for c in &conffiles {
        assert!(dests.contains(&c.trim_start_matches('/')), "{c} is not an asset");
    }
    assert!(conffiles.contains(&"/etc/kttt/config.toml".to_string()));
    assert_eq!(assets[0], "target/release/kttt\tusr/bin/\t755");
    // Manual pages in both languages and the three shells' completions are listed.
    for dest in [
        "usr/share/man/man1/",
        "usr/share/man/vi/man1/",
        "usr/share/bash-completion/completions/kttt",
        "usr/share/zsh/vendor-completions/_kttt",
        "usr/share/fish/vendor_completions.d/kttt.fish",
        "usr/share/doc/kttt/README.md.gz",
    ] {
        assert!(dests.contains(&dest), "{dest}");
    }
}
