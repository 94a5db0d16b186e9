//! The JSON writer (`json_write`): any text that reads as a subject file or as a report is
//! written (compact and pretty), read back and compared — the same document, and byte for byte
//! what serde_json writes. A subject that evaluates also has its report written and read back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinyong_core::input::{parse_input, report_from_json};
use xinyong_core::json_write::{to_json, to_json_pretty, ToJson};
use xinyong_core::model::Input;
use xinyong_core::{evaluate, PackChoice};
use xinyong_fuzz::{assert_same, opts, round_trip};

/// Written by us = written by serde_json, compact and pretty.
fn as_serde<T: ToJson + serde::Serialize>(v: &T) {
    assert_eq!(
        to_json(v),
        serde_json::to_string(v).expect("serde_json writes it")
    );
    assert_eq!(
        to_json_pretty(v),
        serde_json::to_string_pretty(v).expect("serde_json writes it")
    );
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(input) = parse_input(text) {
        as_serde(&input);
        let writers: [fn(&Input) -> String; 2] = [to_json, to_json_pretty];
        for write in writers {
            let written = write(&input);
            match parse_input(&written) {
                Ok(back) => assert_same(&back, &input, &written, write),
                Err(e) => panic!("a subject we wrote does not read back: {e:?}\n{written}"),
            }
        }
        if let Ok(r) = evaluate(&input, &opts(PackChoice::FromSubject)) {
            as_serde(&r);
            round_trip(&r);
        }
    }
    if let Ok(r) = report_from_json(text) {
        as_serde(&r);
        round_trip(&r);
        let pretty = to_json_pretty(&r);
        match report_from_json(&pretty) {
            Ok(back) => assert_same(&back, &r, &pretty, to_json_pretty),
            Err(e) => panic!("a pretty report we wrote does not read back: {e:?}\n{pretty}"),
        }
    }
});
