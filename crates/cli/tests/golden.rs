//! Golden cases: every `tests/golden/NAME.json` through the real `xinyong check` binary must
//! print exactly `NAME.report.json`. `XINYONG_BLESS=1` rewrites the expected reports.

use std::path::PathBuf;
use std::process::Command;

fn golden_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden")
}

#[test]
fn golden_reports_match() {
    let bless = std::env::var_os("XINYONG_BLESS").is_some();
    let mut inputs: Vec<PathBuf> = std::fs::read_dir(golden_dir())
        .expect("tests/golden exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "json")
                && !p.to_string_lossy().ends_with(".report.json")
        })
        .collect();
    inputs.sort();
    assert!(
        inputs.len() >= 30,
        "at least 30 golden cases, found {}",
        inputs.len()
    );
    let mut failures = Vec::new();
    for input in &inputs {
        let out = Command::new(env!("CARGO_BIN_EXE_xinyong"))
            .arg("check")
            .arg(input)
            .output()
            .expect("xinyong runs");
        let name = input.file_stem().unwrap().to_string_lossy().to_string();
        assert!(
            out.status.success(),
            "{name}: exit {:?}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        );
        let got = String::from_utf8(out.stdout).expect("utf-8 report");
        let expected_path = input.with_file_name(format!("{name}.report.json"));
        if bless {
            std::fs::write(&expected_path, &got).expect("write golden");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path)
            .unwrap_or_else(|_| panic!("{name}: missing {}", expected_path.display()));
        if got != expected {
            failures.push(format!(
                "{name}: report differs from {}",
                expected_path.display()
            ));
        }
        let full_id =
            serde_json::from_str::<serde_json::Value>(&std::fs::read_to_string(input).unwrap())
                .unwrap()["subject"]["id"]
                .as_str()
                .unwrap()
                .to_string();
        assert!(
            !got.contains(&full_id),
            "{name}: the full subject id leaked into the report"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
