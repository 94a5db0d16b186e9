//! The staff module in a real browser (wasm-bindgen-test in headless Chromium): screening XLSX
//! and CSV batches, errors, exports identical to `xinyong_batch::write`, dataset inquiry.
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use xinyong_batch::Format;
use xinyong_staff::{read_only, Staff};

wasm_bindgen_test_configure!(run_in_browser);

const CSV: &str = "\
subject_kind,subject_id,subject_name,industry,record_id,record_type,date,penalty,severity,amount,fulfilled_on,status,scheme
enterprise,91350200MA2Y4K7N0A,甲,road_freight,p1,administrative_penalty,2026-05-06,fine,general,5000,2026-05-20,,
enterprise,91350200MA2Y4K7N0A,甲,road_freight,c1,commitment,2026-06-01,,,,,broken,certification_notice
enterprise,91350203MA31XQ8E2A,乙,highway_construction,,,,,,,,,
enterprise,91350200MA2Y4K7N0B,丙,road_freight,,,,,,,,,
";

fn xlsx(csv_text: &str) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, line) in csv_text.lines().enumerate() {
        for (c, cell) in line.split(',').enumerate() {
            if cell.is_empty() {
                continue;
            }
            match cell.parse::<f64>() {
                Ok(n) if c == 9 => ws.write_number(r as u32, c as u16, n),
                _ => ws.write_string(r as u32, c as u16, cell),
            }
            .unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

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

fn num(v: &JsValue, path: &[&str]) -> f64 {
    get(v, path)
        .as_f64()
        .unwrap_or_else(|| panic!("{path:?} is not a number"))
}

fn text(v: &JsValue, path: &[&str]) -> String {
    get(v, path)
        .as_string()
        .unwrap_or_else(|| panic!("{path:?} is not a string"))
}

fn len(v: &JsValue) -> u32 {
    js_sys::Array::from(v).length()
}

fn opts() -> JsValue {
    js_sys::JSON::parse(r#"{"asOf":"2026-11-22","today":"2026-11-23"}"#).unwrap()
}

/// A progress callback that records its calls on `globalThis.__progress`.
fn recorder() -> js_sys::Function {
    js_sys::Function::new_with_args("p,d,t", "(globalThis.__progress ||= []).push([p, d, t]);")
}

fn recorded() -> js_sys::Array {
    let g = js_sys::global();
    let v = js_sys::Reflect::get(&g, &"__progress".into()).unwrap();
    let _ = js_sys::Reflect::delete_property(&g, &"__progress".into());
    js_sys::Array::from(&v)
}

fn native(bytes: &[u8], f: Format) -> xinyong_batch::Screening {
    let mut o = xinyong_core::Options::new(NaiveDate::from_ymd_opt(2026, 11, 23).unwrap());
    o.as_of = Some(xinyong_model::Date(
        NaiveDate::from_ymd_opt(2026, 11, 22).unwrap(),
    ));
    xinyong_batch::screen(xinyong_batch::read(bytes, f).unwrap(), &o, &mut |_, _| {})
}

#[wasm_bindgen_test]
fn screens_csv_and_xlsx_alike() {
    let mut staff = Staff::new();
    let a = staff
        .screen(
            CSV.as_bytes().to_vec(),
            "batch.csv".into(),
            opts(),
            &recorder(),
        )
        .unwrap();
    let calls = recorded();
    assert_eq!(num(&a, &["counts", "rows_read"]), 4.0);
    // 丙's code has a wrong check character: its row is rejected, with the reason.
    assert_eq!(num(&a, &["counts", "subjects"]), 2.0);
    assert_eq!(num(&a, &["counts", "rows_rejected"]), 1.0);
    assert_eq!(num(&a, &["rejected", "0", "row"]), 5.0);
    // The column as the written rejected-rows file names it: letter and the file's header.
    assert_eq!(text(&a, &["rejected", "0", "column"]), "B subject_id");
    assert!(!text(&a, &["rejected", "0", "zh"]).is_empty());
    assert!(!text(&a, &["rejected", "0", "en"]).is_empty());
    assert_eq!(
        num(&a, &["counts", "rows_read"]),
        num(&a, &["counts", "rows_used"]) + num(&a, &["counts", "rows_rejected"])
    );
    let rows = get(&a, &["rows"]);
    assert_eq!(len(&rows), 2);
    for i in 0..2 {
        assert_eq!(num(&rows, &[&i.to_string(), "index"]), f64::from(i));
    }
    assert_eq!(text(&rows, &["0", "name"]), "甲");
    assert!(text(&rows, &["0", "id_masked"]).contains('*'));
    // Commitments as [scheme, eligible] pairs, schemes with both languages.
    assert_eq!(
        text(&rows, &["0", "commitments", "0", "0"]),
        text(&a, &["schemes", "0", "id"])
    );
    assert!(!text(&a, &["schemes", "0", "en"]).is_empty());
    // Every level shown is one of its scheme's levels.
    let scheme = text(&rows, &["0", "grade_scheme"]);
    let levels = js_sys::Array::from(&get(&a, &["levels", &scheme]));
    assert!(levels.includes(&get(&rows, &["0", "level"]), 0));
    // Progress: read then screen, ending at total (every subject gathered from the file).
    let last = calls.get(calls.length() - 1);
    assert_eq!(text(&last, &["0"]), "screen");
    assert_eq!(num(&last, &["1"]), 3.0);
    assert_eq!(num(&last, &["2"]), 3.0);
    assert_eq!(text(&calls.get(0), &["0"]), "read");

    let b = staff
        .screen(xlsx(CSV), "batch.XLSX".into(), opts(), &recorder())
        .unwrap();
    recorded();
    for k in ["counts", "schemes", "levels", "rows", "rejected"] {
        assert_eq!(
            js_sys::JSON::stringify(&get(&a, &[k])).unwrap(),
            js_sys::JSON::stringify(&get(&b, &[k])).unwrap(),
            "{k}"
        );
    }
    // The reader's notes come along: which sheet of the workbook was read.
    assert!(get(&a, &["sheet"]).is_null());
    assert_eq!(text(&b, &["sheet"]), "Sheet1");
    assert!(
        text(&b, &["notes", "0", "zh"]).contains("Sheet1"),
        "{}",
        text(&b, &["notes", "0", "zh"])
    );
    let reply = staff.report(0).unwrap();
    assert_eq!(text(&reply, &["report", "subject", "name"]), "甲");
    assert_eq!(text(&reply, &["report", "as_of"]), "2026-11-22");
    // The subject document comes along for the records' dates, with the id masked.
    assert_eq!(
        text(&reply, &["input", "subject", "id"]),
        "9135************0A"
    );
    assert_eq!(
        text(&reply, &["input", "records", "0", "date"]),
        "2026-05-06"
    );
    assert!(!js_sys::JSON::stringify(&reply)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("91350200MA2Y4K7N0A"));
    let r = read_only(&xlsx(CSV), "a.xlsx".into()).unwrap();
    assert_eq!(num(&r, &["rows_read"]), 4.0);
    assert_eq!(num(&r, &["subjects"]), 3.0);
    assert_eq!(num(&r, &["rejected"]), 0.0);
}

#[wasm_bindgen_test]
fn both_serializations_agree() {
    let mut staff = Staff::new();
    staff
        .screen(CSV.as_bytes().to_vec(), "b.csv".into(), opts(), &recorder())
        .unwrap();
    recorded();
    let a = staff.encode_last("json".into()).unwrap();
    let b = staff.encode_last("swb".into()).unwrap();
    assert_eq!(
        js_sys::JSON::stringify(&a).unwrap(),
        js_sys::JSON::stringify(&b).unwrap()
    );
}

/// A screening keeps no report (wasm memory never shrinks): `memory` says what it holds, and a
/// report is evaluated again when it is asked for.
#[wasm_bindgen_test]
fn a_screening_holds_no_report() {
    let mut staff = Staff::new();
    let m = staff.memory();
    assert_eq!(num(&m, &["subjects"]), 0.0);
    assert!(num(&m, &["wasm_bytes"]) > 0.0);
    let a = staff
        .screen(CSV.as_bytes().to_vec(), "b.csv".into(), opts(), &recorder())
        .unwrap();
    recorded();
    let m = staff.memory();
    assert_eq!(num(&m, &["subjects"]), len(&get(&a, &["rows"])) as f64);
    assert_eq!(num(&m, &["reports"]), 0.0);
    assert!(num(&m, &["held_bytes"]) > 0.0);
    let r = staff.report(0).unwrap();
    assert_eq!(
        text(&r, &["report", "subject", "id_masked"]),
        text(&a, &["rows", "0", "id_masked"])
    );
}

fn error_of(r: Result<JsValue, JsValue>) -> JsValue {
    match r {
        Ok(v) => panic!("expected an error, got {:?}", js_sys::JSON::stringify(&v)),
        Err(e) => e,
    }
}

/// A non-string where a string is expected is a bilingual `invalid_argument`, never a trap in
/// wasm-bindgen's string glue (which passes a number's undefined `length` on to realloc).
#[wasm_bindgen_test]
fn wrong_argument_types_are_invalid_argument() {
    let mut staff = Staff::new();
    let n = JsValue::from_f64(5.0);
    for e in [
        error_of(read_only(b"x", n.clone())),
        error_of(staff.screen(b"x".to_vec(), JsValue::UNDEFINED, opts(), &recorder())),
        error_of(staff.encode_last(n.clone())),
        error_of(staff.export(n.clone(), "out".into(), JsValue::UNDEFINED)),
        error_of(staff.export(
            "csv".into(),
            js_sys::Object::new().into(),
            JsValue::UNDEFINED,
        )),
        error_of(staff.export("csv".into(), "out".into(), n.clone())),
        error_of(staff.template(JsValue::NULL)),
        error_of(staff.search(n.clone(), 5)),
        error_of(staff.pick(0, n.clone())),
    ] {
        assert_eq!(text(&e, &["code"]), "invalid_argument");
        assert!(
            text(&e, &["zh"]).contains("应为字符串"),
            "{}",
            text(&e, &["zh"])
        );
        assert!(
            text(&e, &["en"]).contains("expected a string"),
            "{}",
            text(&e, &["en"])
        );
    }
}

#[wasm_bindgen_test]
fn bad_files_and_requests_are_bilingual_errors() {
    let mut staff = Staff::new();
    let e = error_of(staff.export("csv".into(), "out".into(), JsValue::UNDEFINED));
    assert_eq!(text(&e, &["code"]), "no_screening");

    let e = error_of(staff.screen(b"x".to_vec(), "batch.txt".into(), opts(), &recorder()));
    assert_eq!(text(&e, &["code"]), "unsupported_format");
    assert!(text(&e, &["zh"]).contains(".xlsx"));
    assert!(text(&e, &["en"]).contains("batch.txt") || text(&e, &["en"]).contains("name"));

    let e = error_of(staff.screen(
        b"not a zip".to_vec(),
        "batch.xlsx".into(),
        opts(),
        &recorder(),
    ));
    assert_eq!(text(&e, &["code"]), "invalid_file");
    assert!(text(&e, &["zh"]).contains("XLSX"), "{}", text(&e, &["zh"]));
    assert!(!text(&e, &["en"]).is_empty());
    assert!(len(&get(&e, &["problems"])) >= 1);

    let bad = js_sys::JSON::parse(r#"{"asof":"2026-11-22"}"#).unwrap();
    let e = error_of(staff.screen(CSV.as_bytes().to_vec(), "b.csv".into(), bad, &recorder()));
    assert_eq!(text(&e, &["code"]), "invalid_options");
    assert!(text(&e, &["en"]).contains("asof"), "{}", text(&e, &["en"]));

    let bad = js_sys::JSON::parse(r#"{"region":"atlantis"}"#).unwrap();
    let e = error_of(staff.screen(CSV.as_bytes().to_vec(), "b.csv".into(), bad, &recorder()));
    assert_eq!(text(&e, &["code"]), "invalid_options");
    assert!(text(&e, &["zh"]).contains("options.region"));

    let bad = js_sys::JSON::parse(r#"{"packJson":"{"}"#).unwrap();
    let e = error_of(staff.screen(CSV.as_bytes().to_vec(), "b.csv".into(), bad, &recorder()));
    assert_eq!(text(&e, &["code"]), "invalid_pack");
    recorded();

    staff
        .screen(CSV.as_bytes().to_vec(), "b.csv".into(), opts(), &recorder())
        .unwrap();
    recorded();
    let e = error_of(staff.report(99));
    assert_eq!(text(&e, &["code"]), "bad_index");
    let e = error_of(staff.export("pdf".into(), "out".into(), JsValue::UNDEFINED));
    assert!(text(&e, &["zh"]).contains("xlsx"));
    let e = error_of(staff.template("jsonl".into()));
    assert_eq!(text(&e, &["code"]), "invalid_options");
    let e = error_of(staff.search("甲".into(), 5));
    assert_eq!(text(&e, &["code"]), "no_dataset");
    let e = error_of(staff.load_dataset(b"{\"dataset\":{}}", false));
    assert_eq!(text(&e, &["code"]), "invalid_dataset");

    // A failed screening forgets the previous one: nothing stale to export.
    staff
        .export("csv".into(), "out".into(), JsValue::UNDEFINED)
        .unwrap();
    let e = error_of(staff.screen(Vec::new(), "b.jsonx".into(), opts(), &recorder()));
    assert_eq!(text(&e, &["code"]), "unsupported_format");
    let e = error_of(staff.export("csv".into(), "out".into(), JsValue::UNDEFINED));
    assert_eq!(text(&e, &["code"]), "no_screening");
}

fn bytes_of(v: &JsValue) -> Vec<u8> {
    js_sys::Uint8Array::new(v).to_vec()
}

#[wasm_bindgen_test]
fn exports_are_the_batch_writers_bytes() {
    let mut staff = Staff::new();
    let input = xlsx(CSV);
    staff
        .screen(input.clone(), "in.xlsx".into(), opts(), &recorder())
        .unwrap();
    recorded();
    let expected = native(&input, Format::Xlsx);
    for (fmt, f, names) in [
        ("xlsx", Format::Xlsx, vec!["预审.xlsx"]),
        (
            "csv",
            Format::Csv,
            vec!["预审.csv", "预审.details.csv", "预审.rejected.csv"],
        ),
        (
            "jsonl",
            Format::Jsonl,
            vec!["预审.jsonl", "预审.rejected.jsonl"],
        ),
    ] {
        let files = staff
            .export(fmt.into(), "预审".into(), JsValue::UNDEFINED)
            .unwrap();
        let want = xinyong_batch::write(&expected, f).unwrap();
        assert_eq!(len(&files) as usize, want.len());
        for (i, w) in want.iter().enumerate() {
            let file = get(&files, &[&i.to_string()]);
            assert_eq!(text(&file, &["name"]), names[i]);
            assert!(get(&file, &["bytes"]).is_instance_of::<js_sys::ArrayBuffer>());
            assert!(bytes_of(&get(&file, &["bytes"])) == w.bytes, "{}", names[i]);
        }
    }
    // In the page's language: English values, as `xinyong batch --lang en` writes them.
    for (lang, l) in [
        ("en", xinyong_batch::Lang::En),
        ("zh", xinyong_batch::Lang::Zh),
    ] {
        let files = staff
            .export("csv".into(), "预审".into(), lang.into())
            .unwrap();
        let want = xinyong_batch::write_in(&expected, Format::Csv, l).unwrap();
        assert!(
            bytes_of(&get(&files, &["0", "bytes"])) == want[0].bytes,
            "{lang}"
        );
    }
    let en = String::from_utf8(bytes_of(&get(
        &staff.export("csv".into(), "x".into(), "en".into()).unwrap(),
        &["0", "bytes"],
    )))
    .unwrap();
    assert!(en.contains("Road freight transport"), "{en}");
    let e = error_of(staff.export("csv".into(), "x".into(), "fr".into()));
    assert_eq!(text(&e, &["code"]), "invalid_options");
    assert!(text(&e, &["en"]).contains("zh or en"));
    let t = staff.template("xlsx".into()).unwrap();
    assert_eq!(
        bytes_of(&get(&t, &["0", "bytes"])),
        xinyong_batch::template(Format::Xlsx).unwrap()
    );
    assert!(text(&t, &["0", "mime"]).contains("spreadsheetml"));
    // The template reads back as a batch with its example subjects.
    let r = read_only(&bytes_of(&get(&t, &["0", "bytes"])), "t.xlsx".into()).unwrap();
    assert!(num(&r, &["subjects"]) >= 2.0);
}

#[wasm_bindgen_test]
fn dataset_search_and_pick() {
    let ds =
        xinyong_inquiry::synthetic::generate(400, 5, NaiveDate::from_ymd_opt(2026, 11, 1).unwrap());
    let json = serde_json::to_vec(&ds).unwrap();
    let mut staff = Staff::new();
    let meta = staff.load_dataset(&json, false).unwrap();
    assert_eq!(num(&meta, &["subjects"]), 400.0);
    assert_eq!(num(&meta, &["rejected"]), 0.0);
    assert_eq!(text(&meta, &["meta", "id"]), ds.dataset.id);
    assert_eq!(text(&meta, &["meta", "published_on"]), "2026-11-01");

    let target = &ds.subjects[77];
    let hits = staff.search(target.subject.id.as_str().into(), 5).unwrap();
    assert_eq!(num(&hits, &["0", "index"]), 77.0);
    assert_eq!(text(&hits, &["0", "match"]), "code");
    assert_eq!(num(&hits, &["0", "records"]), target.records.len() as f64);
    assert_ne!(text(&hits, &["0", "id_masked"]), target.subject.id);
    let hits = staff
        .search(target.subject.name.as_str().into(), 50)
        .unwrap();
    let found = js_sys::Array::from(&hits)
        .iter()
        .any(|h| num(&h, &["index"]) == 77.0 && text(&h, &["match"]) == "name");
    assert!(found, "{}", target.subject.name);

    let input = staff.pick(77, "2026-11-20".into()).unwrap();
    assert_eq!(text(&input, &["subject", "id"]), target.subject.id);
    assert_eq!(text(&input, &["as_of"]), "2026-11-20");
    assert_eq!(
        len(&get(&input, &["records"])) as usize,
        target.records.len()
    );
    let e = error_of(staff.pick(400, JsValue::UNDEFINED));
    assert_eq!(text(&e, &["code"]), "bad_index");
    let e = error_of(staff.pick(1, "2026-13-01".into()));
    assert_eq!(text(&e, &["code"]), "invalid_options");
}
