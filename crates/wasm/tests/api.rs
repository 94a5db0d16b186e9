//! The headless API in a real browser (wasm-bindgen-test in headless Chromium).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use xinyong_wasm::{evaluate, evaluate_json, lint_pack, packs, validate_subject_id};

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

/// The report object (built from the engine's JSON text by one `JSON.parse`) is exactly the
/// report serde writes (both `JSON.stringify`ed: the same keys, order and values), on golden inputs.
#[wasm_bindgen_test]
fn the_report_object_is_the_report_serde_writes() {
    let opts = js_sys::JSON::parse(r#"{"today":"2026-11-23"}"#).unwrap();
    for input in [
        EXAMPLE,
        include_str!("../../../tests/golden/12-license-revocation-serious-direct-d.json"),
        include_str!("../../../tests/golden/07-fine-unpaid-conditions-unmet.json"),
    ] {
        let got = evaluate(JsValue::from_str(input), opts.clone()).unwrap();
        let native = xinyong_core::evaluate_json(
            input,
            &xinyong_core::Options::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        )
        .unwrap();
        // Both through JSON.stringify: JS writes the number 95.0 as `95`, serde as `95.0`.
        let serde = js_sys::JSON::parse(&serde_json::to_string(&native).unwrap()).unwrap();
        assert_eq!(
            js_sys::JSON::stringify(&got).unwrap().as_string().unwrap(),
            js_sys::JSON::stringify(&serde)
                .unwrap()
                .as_string()
                .unwrap()
        );
    }
}

/// `evaluateJson` returns the text the CLI writes (serde_json's bytes) and, parsed, the object
/// `evaluate` returns, on golden inputs; its errors are `evaluate`'s.
#[wasm_bindgen_test]
fn evaluate_json_is_the_report_text() {
    let opts = js_sys::JSON::parse(r#"{"today":"2026-11-23"}"#).unwrap();
    for input in [
        EXAMPLE,
        include_str!("../../../tests/golden/12-license-revocation-serious-direct-d.json"),
        include_str!("../../../tests/golden/07-fine-unpaid-conditions-unmet.json"),
        include_str!("../../../tests/golden/89-lianyungang-first-minor-history.json"),
    ] {
        let text = evaluate_json(JsValue::from_str(input), opts.clone()).unwrap();
        let native = xinyong_core::evaluate_json(
            input,
            &xinyong_core::Options::new(chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()),
        )
        .unwrap();
        assert_eq!(text, serde_json::to_string(&native).unwrap());
        let object = evaluate(JsValue::from_str(input), opts.clone()).unwrap();
        assert_eq!(
            js_sys::JSON::stringify(&js_sys::JSON::parse(&text).unwrap()).unwrap(),
            js_sys::JSON::stringify(&object).unwrap()
        );
    }
    for bad in [JsValue::from_f64(5.0), JsValue::from_str("{\"subject\":1}")] {
        let a = thrown(evaluate(bad.clone(), JsValue::UNDEFINED));
        let b = thrown(evaluate_json(bad, JsValue::UNDEFINED).map(JsValue::from));
        assert_eq!(a, b);
    }
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
    let check = |id: &str| validate_subject_id(id.into(), JsValue::UNDEFINED).unwrap();
    assert!(get(&check("91350200MA2Y4K7N0A"), &["valid"])
        .as_bool()
        .unwrap());
    let bad = check("91350200MA2Y4K7N0B");
    assert!(!get(&bad, &["valid"]).as_bool().unwrap());
    assert!(get(&bad, &["zh"]).as_string().unwrap().contains("校验位"));
    assert_eq!(
        get(&check("11010519491231002X"), &["kind"])
            .as_string()
            .unwrap(),
        "person"
    );
    let person = validate_subject_id("11010519491231002X".into(), "person".into()).unwrap();
    assert!(get(&person, &["valid"]).as_bool().unwrap());
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
        r#"{"pack":{"id":"Bad","version":"1","zh":"x","en":"x","base":"national","effective_from":"2020-01-01","basis":""}}"#.into(),
    )
    .unwrap();
    assert!(!get(&l, &["valid"]).as_bool().unwrap());
    assert!(js_sys::JSON::stringify(&l)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("pack.basis"));
}

/// A valid pack's lint lists the defaults it relies on and the national rules it loosens, as
/// `xinyong pack lint` prints them: the peers' generic rule set leaves three optional parts out
/// (crates/core/tests/pack_defaults.rs); a built-in overlay that loosens nothing lists none.
#[wasm_bindgen_test]
fn lint_lists_defaults_and_loosened_rules() {
    let toml: toml::Value =
        toml::from_str(include_str!("../../../bench/peers/xinyong/peers-pack.toml")).unwrap();
    let json = serde_json::to_string(&toml).unwrap();
    let l = lint_pack(json.into()).unwrap();
    let text = js_sys::JSON::stringify(&l).unwrap().as_string().unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["valid"], true, "{text}");
    let paths: Vec<&str> = v["defaults"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "regimes[0].tiers.minor",
            "regimes[0].default_tier",
            "regimes[0].channels"
        ],
        "{text}"
    );
    for d in v["defaults"].as_array().unwrap() {
        assert!(
            !d["zh"].as_str().unwrap().is_empty() && !d["en"].as_str().unwrap().is_empty(),
            "{d}"
        );
    }
    // The peers' rule set states that its regime and two catalogue entries loosen the
    // national rules (a benchmark, not a regional document): each listed with that authority.
    let regime = toml["regimes"][0]["id"].as_str().unwrap();
    let loosens = v["loosens"].as_array().unwrap();
    assert_eq!(loosens.len(), 3, "{text}");
    assert!(loosens.iter().any(|l| l["rule"] == regime), "{text}");
    for l in loosens {
        assert!(
            l["authority"]
                .as_str()
                .unwrap()
                .starts_with("peers/README.md"),
            "{l}"
        );
    }
    // A bad pack: no defaults, no loosened rules, only its problems.
    let bad = lint_pack("{}".to_string().into()).unwrap();
    let v: serde_json::Value =
        serde_json::from_str(&js_sys::JSON::stringify(&bad).unwrap().as_string().unwrap()).unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["defaults"], serde_json::json!([]));
    assert_eq!(v["loosens"], serde_json::json!([]));
}

/// `(code, path, value)` of what a call threw; the message must be bilingual and say what is
/// wrong (not the parser's "EOF at line 1, column 0" of an empty text).
fn thrown(r: Result<JsValue, JsValue>) -> (String, String, Option<String>) {
    let e = r.expect_err("throws");
    let zh = get(&e, &["zh"]).as_string().unwrap();
    let en = get(&e, &["en"]).as_string().unwrap();
    assert!(
        zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) && !en.is_empty(),
        "{zh} / {en}"
    );
    assert!(!en.contains("EOF") && !en.contains("column 0"), "{en}");
    (
        get(&e, &["code"]).as_string().unwrap(),
        get(&e, &["problems", "0", "path"]).as_string().unwrap(),
        get(&e, &["problems", "0", "value"]).as_string(),
    )
}

fn example() -> JsValue {
    js_sys::JSON::parse(EXAMPLE).unwrap()
}

fn set(o: &JsValue, path: &[&str], v: &JsValue) {
    let (last, head) = path.split_last().unwrap();
    js_sys::Reflect::set(&get(o, head), &JsValue::from_str(last), v).unwrap();
}

/// Wrong JS types are refused with `invalid_argument`, the parameter and the type received.
/// (Through the shipped glue these trapped with "memory access out of bounds"; that path is
/// tested on the built bundle in tests/e2e/api.test.mjs.)
#[wasm_bindgen_test]
fn wrong_argument_types() {
    let n = JsValue::from_f64(123.0);
    let obj: JsValue = js_sys::Object::new().into();
    let id: JsValue = "91350200MA2Y4K7N0A".into();
    let cases = [
        (
            validate_subject_id(n.clone(), JsValue::UNDEFINED),
            "id",
            "number",
        ),
        (
            validate_subject_id(obj.clone(), JsValue::UNDEFINED),
            "id",
            "object",
        ),
        (
            validate_subject_id(JsValue::UNDEFINED, JsValue::UNDEFINED),
            "id",
            "undefined",
        ),
        (
            validate_subject_id(id.clone(), JsValue::from_f64(5.0)),
            "kind",
            "number",
        ),
        (
            validate_subject_id(id.clone(), "alien".into()),
            "kind",
            "\"alien\"",
        ),
        (lint_pack(n.clone()), "json", "number"),
        (lint_pack(obj.clone()), "json", "object"),
        (lint_pack(JsValue::UNDEFINED), "json", "undefined"),
        (evaluate(n.clone(), JsValue::UNDEFINED), "input", "number"),
        (
            evaluate(JsValue::UNDEFINED, JsValue::UNDEFINED),
            "input",
            "undefined",
        ),
        (
            evaluate(js_sys::Array::new().into(), JsValue::UNDEFINED),
            "input",
            "array",
        ),
        (evaluate(example(), "national".into()), "options", "string"),
    ];
    for (r, path, value) in cases {
        assert_eq!(
            thrown(r),
            ("invalid_argument".into(), path.into(), Some(value.into()))
        );
    }
    // A person id passed as a number is not echoed.
    let (_, _, v) = thrown(validate_subject_id(
        JsValue::from_f64(110105199902310021.0),
        JsValue::UNDEFINED,
    ));
    assert_eq!(v.as_deref(), Some("number"));
    assert!(
        get(&validate_subject_id(id, JsValue::NULL).unwrap(), &["valid"])
            .as_bool()
            .unwrap()
    );
}

/// What JSON.stringify could not write (or wrote wrong) is named at its path.
#[wasm_bindgen_test]
fn objects_json_cannot_carry() {
    let opts = || js_sys::JSON::parse(r#"{"today":"2026-11-23"}"#).unwrap();
    // A cycle.
    let o = example();
    set(&o, &["records", "0", "self"], &get(&o, &["records"]));
    let (code, path, _) = thrown(evaluate(o, opts()));
    assert_eq!(
        (code.as_str(), path.as_str()),
        ("invalid_input", "records[0].self")
    );
    // A BigInt.
    let o = example();
    set(
        &o,
        &["records", "0", "amount"],
        &js_sys::BigInt::from(5000u32).into(),
    );
    assert_eq!(
        thrown(evaluate(o, opts())),
        (
            "invalid_input".into(),
            "records[0].amount".into(),
            Some("bigint".into())
        )
    );
    // NaN (JSON.stringify wrote null: the amount silently vanished).
    let o = example();
    set(
        &o,
        &["records", "0", "amount"],
        &JsValue::from_f64(f64::NAN),
    );
    assert_eq!(
        thrown(evaluate(o, opts())),
        (
            "invalid_input".into(),
            "records[0].amount".into(),
            Some("NaN".into())
        )
    );
    let bad_opts = js_sys::Object::new();
    js_sys::Reflect::set(&bad_opts, &"asOf".into(), &JsValue::from_f64(f64::INFINITY)).unwrap();
    assert_eq!(
        thrown(evaluate(example(), bad_opts.into())),
        (
            "invalid_options".into(),
            "options.asOf".into(),
            Some("Infinity".into())
        )
    );
    // A getter that throws: its message is passed on.
    let o = example();
    let desc = js_sys::Object::new();
    let getter = js_sys::Function::new_no_args("throw new Error('getter says no')");
    js_sys::Reflect::set(&desc, &"get".into(), &getter).unwrap();
    js_sys::Reflect::set(&desc, &"enumerable".into(), &JsValue::TRUE).unwrap();
    js_sys::Object::define_property(&get(&o, &["subject"]).into(), &"name".into(), &desc);
    let e = evaluate(o, opts()).unwrap_err();
    assert_eq!(
        get(&e, &["problems", "0", "path"]).as_string().unwrap(),
        "subject.name"
    );
    assert!(get(&e, &["en"])
        .as_string()
        .unwrap()
        .contains("getter says no"));
    // 10,000 levels deep.
    let o = example();
    let mut d = get(&o, &["records", "0"]);
    for _ in 0..10_000 {
        let next: JsValue = js_sys::Object::new().into();
        js_sys::Reflect::set(&d, &"note".into(), &next).unwrap();
        d = next;
    }
    let e = evaluate(o, opts()).unwrap_err();
    assert!(get(&e, &["en"])
        .as_string()
        .unwrap()
        .contains("nested more than 128 levels"));
    // A function where a value belongs (JSON.stringify dropped it silently).
    let o = example();
    set(
        &o,
        &["records", "0", "date"],
        &js_sys::Function::new_no_args("").into(),
    );
    assert_eq!(
        thrown(evaluate(o, opts())),
        (
            "invalid_input".into(),
            "records[0].date".into(),
            Some("function".into())
        )
    );
    // undefined properties are absent, as in JSON; a Date gives its ISO text through toJSON.
    let o = example();
    set(&o, &["records", "0", "authority"], &JsValue::UNDEFINED);
    assert!(evaluate(o, opts()).is_ok());
    let o = example();
    set(
        &o,
        &["as_of"],
        &js_sys::Date::new(&"2026-11-22T00:00:00Z".into()).into(),
    );
    let (_, path, _) = thrown(evaluate(o, opts()));
    assert_eq!(path, "as_of");
}

/// `pack` and `packJson` together are refused, as the CLI refuses --pack with --pack-file.
#[wasm_bindgen_test]
fn pack_and_pack_json_together() {
    let opts = js_sys::JSON::parse(r#"{"pack":"national","packJson":"{}"}"#).unwrap();
    assert_eq!(
        thrown(evaluate(example(), opts)),
        ("invalid_options".into(), "options.packJson".into(), None)
    );
}
