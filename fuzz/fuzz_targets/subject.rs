//! The subject parser and the evaluation: any text as a subject file (contract v1 JSON) is
//! either refused with bilingual problems or evaluated to a sound report, with the pack its
//! region names, with `national`, and with a regional overlay.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinyong_core::{evaluate, evaluate_json, input::parse_input, PackChoice};
use xinyong_fuzz::{bilingual, opts, sound_report, PACKS};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let input = match parse_input(text) {
        Ok(i) => i,
        Err(e) => {
            bilingual(&e);
            // The one-call entry point refuses it the same way.
            assert_eq!(
                evaluate_json(text, &opts(PackChoice::FromSubject)).unwrap_err(),
                e
            );
            return;
        }
    };
    // The pack the subject names (or national), then national and one overlay chosen by the
    // input's length, so every built-in pack sees fuzzed subjects.
    let overlay = PACKS[1 + data.len() % (PACKS.len() - 1)];
    for choice in [
        PackChoice::FromSubject,
        PackChoice::Builtin("national"),
        PackChoice::Builtin(overlay),
    ] {
        match evaluate(&input, &opts(choice)) {
            Ok(r) => sound_report(&input, &r),
            Err(e) => bilingual(&e),
        }
    }
});
