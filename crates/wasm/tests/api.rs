//! The headless API in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use xinyong_wasm::{evaluate, lint_pack, packs, validate_subject_id};

wasm_bindgen_test_configure!(run_in_browser);

const EXAMPLE: &str = r#"{"as_of":"2026-11-22","subject":{"kind":"enterprise","id":"91350200MA2Y4K7N0A","name":"甲","industry":"highway_construction"},
"records":[{"id":"p1","type":"administrative_penalty","date":"2026-05-06","penalty":"fine","severity":"general","fulfilled_on":"2026-05-20"}]}"#;

fn get(v: &JsValue, path: &[&str]) -> JsValue {
    let mut cur = v.clone();
    for k in path {
        cur = if let Ok(i) = k.parse::<u32>() {
            js_sys::Reflect::get_u32(&cur, i).unwrap()
        } else {
            js_sys::Reflect::get(&cur, &JsValue::from_str(k)).unwrap()
        };
    }
    cur
}

#[wasm_bindgen_test]
fn evaluate_from_text_and_object() {
    let opts = js_sys::JSON::parse(r#"{"pack":"national","today":"2026-11-23"}"#).unwrap();
    let r = evaluate(JsValue::from_str(EXAMPLE), opts.clone()).unwrap();
    assert_eq!(
        get(&r, &["repairs", "0", "publicity_min_end"])
            .as_string()
            .unwrap(),
        "2026-08-06"
    );
    assert_eq!(
        get(&r, &["repairs", "0", "publicity_max_end"])
            .as_string()
            .unwrap(),
        "2027-05-06"
    );
    assert_eq!(
        get(&r, &["subject", "id_masked"]).as_string().unwrap(),
        "9135************0A"
    );
    let obj = js_sys::JSON::parse(EXAMPLE).unwrap();
    let r2 = evaluate(obj, opts).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&r).unwrap(),
        js_sys::JSON::stringify(&r2).unwrap()
    );
    assert!(!js_sys::JSON::stringify(&r)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("91350200MA2Y4K7N0A"));
}

#[wasm_bindgen_test]
fn bad_input_throws_bilingual_problems() {
    let bad = EXAMPLE.replace("2026-05-06", "2026-02-30");
    let e = evaluate(JsValue::from_str(&bad), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get(&e, &["code"]).as_string().unwrap(), "invalid_input");
    assert_eq!(
        get(&e, &["problems", "0", "path"]).as_string().unwrap(),
        "records[0].date"
    );
    assert!(get(&e, &["zh"])
        .as_string()
        .unwrap()
        .contains("不存在的日期"));
    let e = evaluate(
        JsValue::from_str(EXAMPLE),
        js_sys::JSON::parse(r#"{"asof":"2026-01-01"}"#).unwrap(),
    )
    .unwrap_err();
    assert_eq!(get(&e, &["code"]).as_string().unwrap(), "invalid_options");
}

#[wasm_bindgen_test]
fn subject_ids() {
    assert!(
        get(&validate_subject_id("91350200MA2Y4K7N0A", None), &["valid"])
            .as_bool()
            .unwrap()
    );
    let bad = validate_subject_id("91350200MA2Y4K7N0B", None);
    assert!(!get(&bad, &["valid"]).as_bool().unwrap());
    assert!(get(&bad, &["zh"]).as_string().unwrap().contains("校验位"));
    assert_eq!(
        get(&validate_subject_id("11010519491231002X", None), &["kind"])
            .as_string()
            .unwrap(),
        "person"
    );
}

#[wasm_bindgen_test]
fn pack_list_and_lint() {
    let list = packs().unwrap();
    assert!(js_sys::JSON::stringify(&list)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("\"national\""));
    let l = lint_pack(
        r#"{"pack":{"id":"Bad","version":"1","zh":"x","en":"x","base":"national","effective_from":"2020-01-01","basis":""}}"#,
    );
    assert!(!get(&l, &["valid"]).as_bool().unwrap());
    assert!(js_sys::JSON::stringify(&l)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("pack.basis"));
}
