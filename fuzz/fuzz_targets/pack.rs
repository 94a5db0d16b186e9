//! The pack loader, the lint and the evaluation: any text as a portal's own pack, read as JSON
//! when it starts with `{` and as TOML otherwise, is either refused with bilingual problems or
//! loaded (overlays on the built-in base they name, lint included) and then judges fixed
//! subjects without a panic, with every answer cited and a report that reads back as itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinyong_core::input::parse_input;
use xinyong_core::model::Input;
use xinyong_core::pack::{load_custom, Format};
use xinyong_core::{evaluate, PackChoice};
use xinyong_fuzz::{bilingual, opts, sound_report};

/// An enterprise with a penalty, a list entry, a broken commitment and a deduction, and a driver
/// with a violation: between them they reach grades, repairs, commitments and counters.
fn subjects() -> &'static [Input] {
    static S: std::sync::OnceLock<Vec<Input>> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        [
            include_str!("../../tests/golden/01-contract-example.json"),
            include_str!("../../tests/golden/42-driver-20-B.json"),
        ]
        .iter()
        .map(|t| parse_input(t).expect("golden subject"))
        .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // JSON when it starts like JSON, else TOML (a TOML document cannot start with `{`). Why not
    // both, as until 2026-11-30: the TOML reader recovers from errors and reads on to the end, so
    // every JSON input (up to the 57 KB of a whole base pack) was also lexed as TOML for nothing,
    // half of each execution; JSON reading stops at the first byte of a TOML text.
    let format = match text.trim_start().as_bytes().first() {
        Some(b'{') => Format::Json,
        _ => Format::Toml,
    };
    match load_custom(text, format) {
        Ok(pack) => {
            for s in subjects() {
                match evaluate(s, &opts(PackChoice::Custom(&pack))) {
                    Ok(r) => sound_report(s, &r),
                    Err(e) => bilingual(&e),
                }
            }
        }
        Err(e) => bilingual(&e),
    }
});
