//! ARCHITECTURE.md stays true: every crate and source file it names exists.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn files(dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if p.is_dir() {
            if !matches!(name.as_str(), "target" | "node_modules" | ".git" | "dist") {
                files(&p, out);
            }
        } else {
            out.push(p.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn every_crate_and_file_architecture_md_names_exists() {
    let text = std::fs::read_to_string(root().join("ARCHITECTURE.md")).unwrap();
    let mut all = Vec::new();
    files(&root(), &mut all);
    let mut checked = 0;
    for name in text.split('`').skip(1).step_by(2) {
        if name.ends_with(".rs") && !name.contains(' ') {
            assert!(
                all.iter().any(|f| f.ends_with(&format!("/{name}"))),
                "ARCHITECTURE.md names `{name}`, which no file in the repository is"
            );
            checked += 1;
        } else if let Some(dir) = name.strip_prefix("crates/") {
            let (what, path) = match dir.contains('/') {
                false => ("crate", root().join(name).join("Cargo.toml")),
                true => ("path", root().join(name)),
            };
            assert!(
                path.exists(),
                "ARCHITECTURE.md names {what} `{name}`, which does not exist"
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} names checked");
    // Crates it names as dependencies must be in the lock file.
    let lock = std::fs::read_to_string(root().join("Cargo.lock")).unwrap();
    for dep in [
        "serde_path_to_error",
        "calamine",
        "rust_xlsxwriter",
        "serde-wasm-bindgen",
    ] {
        if text.contains(dep) {
            assert!(
                lock.contains(&format!("name = \"{dep}\"")),
                "ARCHITECTURE.md names `{dep}`, which no crate depends on"
            );
        }
    }
}
