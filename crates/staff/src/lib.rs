//! The staff module (`xinyong-staff.js` + `xinyong-staff_bg.wasm`): batch pre-screening and
//! inquiry in a published dataset, run inside the module Web Worker `xinyong-staff-worker.js`.
//!
//! A separate wasm from the self-check widget because calamine, rust_xlsxwriter and the inquiry
//! index would blow the widget's size budget; a portal page fetches this module only when staff
//! mode or inquiry is used. This crate is glue: reading, screening, writing, indexing and
//! searching live in `xinyong-batch` and `xinyong-inquiry`, where native tests cover them.
//!
//! Failures are thrown as `{ code, zh, en, details: [{ zh, en }] }`, the worker protocol's
//! error shape minus the request id.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use xinyong_batch::{Counts, Format, Lang, Note, RejectedRow, SchemeInfo, Screening, SummaryRow};
use xinyong_core::pack::{self, Pack};
use xinyong_core::{Options, PackChoice, Problem, Problems};
use xinyong_inquiry::{Dataset, HitRow, Index};
use xinyong_model::Date;

/// Thrown on failure.
#[derive(Serialize)]
struct StaffError {
    code: &'static str,
    zh: String,
    en: String,
    details: Vec<Detail>,
}

#[derive(Serialize)]
struct Detail {
    zh: String,
    en: String,
}

fn with_path(path: &str, msg: &str, sep: &str) -> String {
    if path.is_empty() {
        msg.to_string()
    } else {
        format!("{path}{sep}{msg}")
    }
}

/// A string argument from JS. wasm-bindgen's `&str` glue does not check the type: a number or
/// object reaches `__wbindgen_realloc` with a dangling pointer and traps ("memory access out of
/// bounds"), so every string parameter is taken as a `JsValue` and checked here.
fn text_arg(v: &JsValue, name: &str) -> Result<String, JsValue> {
    v.as_string().ok_or_else(|| {
        let kind = if v.is_undefined() {
            "undefined".to_string()
        } else if v.is_null() {
            "null".to_string()
        } else {
            v.js_typeof().as_string().unwrap_or_default()
        };
        fail(
            "invalid_argument",
            &Problems::one(Problem::new(
                name,
                None,
                format!("应为字符串，实际为 {kind}"),
                format!("expected a string, got {kind}"),
            )),
        )
    })
}

fn fail(code: &'static str, p: &Problems) -> JsValue {
    let details: Vec<Detail> =
        p.0.iter()
            .map(|x| Detail {
                zh: with_path(&x.path, &x.zh, "："),
                en: with_path(&x.path, &x.en, ": "),
            })
            .collect();
    let (zh, en) = match details.first() {
        Some(d) if details.len() == 1 => (d.zh.clone(), d.en.clone()),
        Some(d) => (
            format!("{}（共 {} 个问题）", d.zh, details.len()),
            format!("{} ({} problems in all)", d.en, details.len()),
        ),
        None => (String::new(), String::new()),
    };
    to_js(&StaffError {
        code,
        zh,
        en,
        details,
    })
}

fn problem(field: &str, value: Option<String>, zh: String, en: String) -> Problems {
    Problems::one(Problem::new(field, value, zh, en))
}

fn serializer() -> serde_wasm_bindgen::Serializer {
    // Plain objects (not Maps) and `null` for absent values, as JSON would give.
    serde_wasm_bindgen::Serializer::json_compatible()
}

fn to_js<T: Serialize>(v: &T) -> JsValue {
    v.serialize(&serializer())
        .unwrap_or_else(|e| JsValue::from_str(&e.to_string()))
}

/// Large payloads cross as one JSON string parsed by the engine's native `JSON.parse`: for the
/// 20,000-row screening this is faster than building the objects property by property through
/// serde-wasm-bindgen (measured by the benchmark page, `encode` figures).
/// The `report` reply's payload.
#[derive(Serialize)]
struct ReportReply<'a> {
    report: &'a xinyong_model::Report,
    input: &'a xinyong_model::Input,
}

fn to_js_json<T: Serialize>(v: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(v).map_err(|e| {
        fail(
            "internal",
            &problem(
                "",
                None,
                format!("结果无法序列化：{e}"),
                format!("cannot serialize the result: {e}"),
            ),
        )
    })?;
    js_sys::JSON::parse(&text)
}

/// Today in China (UTC+8) from the browser's clock; the rules count Chinese calendar days.
fn today_in_china() -> NaiveDate {
    xinyong_core::dates::china_day(js_sys::Date::now())
}

fn parse_date(field: &str, v: &str) -> Result<Date, Problems> {
    Date::parse(v).map_err(|m| problem(field, Some(format!("\"{v}\"")), m.zh, m.en))
}

/// Options of `screen`, as the worker passes them from the request.
#[derive(Default, xinyong_json::FromJson)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ScreenOptions {
    /// Check date `YYYY-MM-DD`; default: each row's `as_of`, then today in China.
    as_of: Option<String>,
    /// Built-in pack id that judges every subject (the CLI's `--pack`).
    region: Option<String>,
    /// A portal's own pack as JSON text.
    pack_json: Option<String>,
    /// "Today" override `YYYY-MM-DD` (tests, reproducible runs).
    today: Option<String>,
}

fn js_options<T: Default + xinyong_json::FromJson>(v: &JsValue) -> Result<T, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    // Through JSON text so an unknown property (a typo) is an error naming it, not ignored.
    let text = js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .unwrap_or_default();
    xinyong_core::input::from_json_str::<T>(&text).map_err(|mut p| {
        p.path = format!("options.{}", p.path);
        fail("invalid_options", &Problems::one(p))
    })
}

fn format_of(name: &str, field: &str) -> Result<Format, JsValue> {
    Format::from_name(name).ok_or_else(|| {
        fail(
            "unsupported_format",
            &problem(
                field,
                Some(format!("\"{name}\"")),
                "文件扩展名应为 .xlsx、.csv 或 .jsonl".into(),
                "the file name must end in .xlsx, .csv or .jsonl".into(),
            ),
        )
    })
}

fn format_named(v: &str, field: &str, allowed: &[Format]) -> Result<Format, JsValue> {
    let f = match v {
        "xlsx" => Some(Format::Xlsx),
        "csv" => Some(Format::Csv),
        "jsonl" => Some(Format::Jsonl),
        _ => None,
    };
    let names: Vec<&str> = allowed
        .iter()
        .map(|f| xinyong_batch::view::extension(*f))
        .collect();
    f.filter(|f| allowed.contains(f)).ok_or_else(|| {
        fail(
            "invalid_options",
            &problem(
                field,
                Some(format!("\"{v}\"")),
                format!("格式应为 {} 之一", names.join("、")),
                format!("the format must be one of {}", names.join(", ")),
            ),
        )
    })
}

/// A summary row plus its position for `report`.
#[derive(Serialize)]
struct Row<'a> {
    index: usize,
    #[serde(flatten)]
    summary: SummaryRow,
    /// The subject's rejected rows (absent when none): the report view says which rows the
    /// result lacks.
    #[serde(skip_serializing_if = "<[usize]>::is_empty")]
    rejected_rows: &'a [usize],
}

/// The `screened` reply's payload.
#[derive(Serialize)]
struct Screened<'a> {
    counts: Counts,
    schemes: Vec<SchemeInfo>,
    levels: BTreeMap<String, Vec<String>>,
    rows: Vec<Row<'a>>,
    /// Columns named as the written rejected-rows file names them (the clerk's header).
    rejected: Vec<RejectedRow>,
    /// What the reader did that staff should know about (sheet read, title rows skipped,
    /// columns ignored, subject cells carried down), as `xinyong batch` prints it.
    notes: &'a [Note],
    /// The workbook sheet read (`None` for CSV and JSONL).
    sheet: Option<&'a str>,
}

fn screened<'a>(s: &'a Screening, custom: Option<&Pack>) -> Screened<'a> {
    Screened {
        counts: s.counts,
        schemes: xinyong_batch::commitment_schemes(s),
        levels: xinyong_batch::grade_levels(s, custom),
        rows: s
            .results
            .iter()
            .enumerate()
            .map(|(index, r)| Row {
                index,
                summary: xinyong_batch::write::summary(&r.report, r.row, &r.rejected_rows),
                rejected_rows: &r.rejected_rows,
            })
            .collect(),
        rejected: s
            .rejected
            .iter()
            .map(|r| RejectedRow {
                column: xinyong_batch::write::column_label(&r.column, &s.headers),
                ..r.clone()
            })
            .collect(),
        notes: &s.notes,
        sheet: s.sheet.as_deref(),
    }
}

/// Calls `progress(phase, done, total)` at most about 100 times per phase: crossing into JS for
/// each of 20,000 subjects would cost more than the messages are worth.
struct Throttle<'a> {
    f: &'a js_sys::Function,
    phase: JsValue,
    last: Option<usize>,
}

impl<'a> Throttle<'a> {
    fn new(f: &'a js_sys::Function, phase: &str) -> Self {
        Throttle {
            f,
            phase: JsValue::from_str(phase),
            last: None,
        }
    }

    fn tick(&mut self, done: usize, total: usize) {
        let step = (total / 100).max(1);
        let bucket = done / step;
        if done == total || self.last.is_none_or(|l| bucket > l) {
            self.last = Some(bucket);
            let _ = self.f.call3(
                &JsValue::NULL,
                &self.phase,
                &JsValue::from_f64(done as f64),
                &JsValue::from_f64(total as f64),
            );
        }
    }
}

/// Largest batch file `screen` accepts (bytes): the worker refuses bigger files before copying
/// them into wasm memory.
#[wasm_bindgen(js_name = maxBatchBytes)]
pub fn max_batch_bytes() -> f64 {
    xinyong_batch::MAX_BATCH_BYTES as f64
}

/// Largest dataset `loadDataset` accepts (bytes): the worker's download cap.
#[wasm_bindgen(js_name = maxDatasetBytes)]
pub fn max_dataset_bytes() -> f64 {
    xinyong_inquiry::MAX_DATASET_BYTES as f64
}

/// What `readOnly` returns: the cost of parsing alone, for the benchmark.
#[derive(Serialize)]
struct ReadCounts {
    rows_read: usize,
    subjects: usize,
    rejected: usize,
}

/// Parse a batch file without screening it (the benchmark's read-only figure).
#[wasm_bindgen(js_name = readOnly)]
pub fn read_only(bytes: &[u8], name: JsValue) -> Result<JsValue, JsValue> {
    let name = text_arg(&name, "name")?;
    let format = format_of(&name, "name")?;
    let b = xinyong_batch::read(bytes, format).map_err(|p| fail("invalid_file", &p))?;
    Ok(to_js(&ReadCounts {
        rows_read: b.rows_read,
        subjects: b.subjects.len(),
        rejected: b.rejected.len(),
    }))
}

/// The last screening (for `report` and `export`) and the loaded dataset (for `search` and
/// `pick`). One per worker.
#[wasm_bindgen]
pub struct Staff {
    last: Option<(Screening, Option<Pack>)>,
    dataset: Option<(Dataset, Index)>,
}

impl Default for Staff {
    fn default() -> Self {
        Staff::new()
    }
}

#[derive(Serialize)]
struct FileOut {
    name: String,
    mime: &'static str,
    #[serde(skip)]
    bytes: Vec<u8>,
}

/// `[{ name, mime, bytes: ArrayBuffer }]`: ArrayBuffers so the worker can transfer them.
fn files_to_js(files: Vec<FileOut>) -> JsValue {
    let arr = js_sys::Array::new();
    for f in files {
        let o = to_js(&f);
        let buf = js_sys::Uint8Array::from(f.bytes.as_slice()).buffer();
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str("bytes"), &buf);
        arr.push(&o);
    }
    arr.into()
}

#[derive(Serialize)]
struct MetaOut<'a> {
    id: &'a str,
    publisher: &'a str,
    published_on: Option<String>,
    basis: &'a str,
}

#[derive(Serialize)]
struct DatasetOut<'a> {
    meta: MetaOut<'a>,
    /// Subjects indexed.
    subjects: usize,
    /// Rows of a CSV dataset that could not be used.
    rejected: usize,
}

#[wasm_bindgen]
impl Staff {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Staff {
        Staff {
            last: None,
            dataset: None,
        }
    }

    /// Read and screen a batch file; `progress(phase, done, total)` with phase "read" or
    /// "screen". Returns the `screened` payload and keeps the screening for `report`/`export`.
    pub fn screen(
        &mut self,
        bytes: &[u8],
        name: JsValue,
        options: JsValue,
        progress: &js_sys::Function,
    ) -> Result<JsValue, JsValue> {
        let name = text_arg(&name, "name")?;
        self.run_screen(bytes, &name, options, progress)?;
        self.encode("json")
    }

    fn run_screen(
        &mut self,
        bytes: &[u8],
        name: &str,
        options: JsValue,
        progress: &js_sys::Function,
    ) -> Result<(), JsValue> {
        // A new request forgets the old result first, so a failed run never leaves a stale
        // screening behind for `report` or `export`.
        self.last = None;
        let format = format_of(name, "name")?;
        let opts: ScreenOptions = js_options(&options)?;
        let as_of = opts
            .as_of
            .as_deref()
            .map(|v| parse_date("options.asOf", v))
            .transpose()
            .map_err(|p| fail("invalid_options", &p))?;
        let today = match opts.today.as_deref() {
            Some(v) => {
                parse_date("options.today", v)
                    .map_err(|p| fail("invalid_options", &p))?
                    .0
            }
            None => today_in_china(),
        };
        let custom = match &opts.pack_json {
            Some(j) => Some(
                pack::load_custom(j, pack::Format::Json).map_err(|p| fail("invalid_pack", &p))?,
            ),
            None => None,
        };
        if let (None, Some(id)) = (&custom, &opts.region) {
            // Checked once here: otherwise every subject would be refused with the same problem.
            pack::builtin(id).map_err(|mut p| {
                for x in &mut p.0 {
                    x.path = "options.region".into();
                }
                fail("invalid_options", &p)
            })?;
        }
        let choice = match (&custom, &opts.region) {
            (Some(p), _) => PackChoice::Custom(p),
            (None, Some(id)) => PackChoice::Builtin(id),
            (None, None) => PackChoice::FromSubject,
        };
        let mut read_tick = Throttle::new(progress, "read");
        read_tick.tick(0, 1);
        let batch = xinyong_batch::read(bytes, format).map_err(|p| fail("invalid_file", &p))?;
        read_tick.tick(1, 1);
        let mut screen_tick = Throttle::new(progress, "screen");
        let s = xinyong_batch::screen(
            batch,
            &Options {
                as_of,
                today,
                pack: choice,
            },
            &mut |done, total| screen_tick.tick(done, total),
        );
        self.last = Some((s, custom));
        Ok(())
    }

    /// The last screening's payload again, serialized with `method` ("json": serde_json text
    /// then `JSON.parse`; "swb": serde-wasm-bindgen objects). For the benchmark page.
    #[wasm_bindgen(js_name = encodeLast)]
    pub fn encode_last(&self, method: JsValue) -> Result<JsValue, JsValue> {
        self.encode(&text_arg(&method, "method")?)
    }

    fn encode(&self, method: &str) -> Result<JsValue, JsValue> {
        let (s, custom) = self.screening()?;
        let payload = screened(s, custom.as_ref());
        match method {
            "swb" => Ok(to_js(&payload)),
            _ => to_js_json(&payload),
        }
    }

    fn screening(&self) -> Result<&(Screening, Option<Pack>), JsValue> {
        self.last.as_ref().ok_or_else(|| {
            fail(
                "no_screening",
                &problem(
                    "",
                    None,
                    "还没有预审结果：请先选择批量文件".into(),
                    "nothing screened yet: choose a batch file first".into(),
                ),
            )
        })
    }

    /// The contract report of the subject at `index` of the last screening's rows, with the
    /// subject document it came from (`input`, id masked as in every output): the report
    /// names records by id only, and the widget shows their decision dates and timelines.
    pub fn report(&self, index: usize) -> Result<JsValue, JsValue> {
        let (s, _) = self.screening()?;
        let r = s
            .results
            .get(index)
            .ok_or_else(|| bad_index(index, s.results.len()))?;
        let mut input = r.input.clone();
        input.subject.id = xinyong_core::ids::mask(&input.subject.id);
        to_js_json(&ReportReply {
            report: &r.report,
            input: &input,
        })
    }

    /// The result files exactly as `xinyong batch --out STEM.FORMAT --lang LANG` writes them:
    /// `lang` is the page's language, "zh" or "en" (the values written: industries, yes / no,
    /// supervision classes, "unverified"); absent means "zh", the CLI's default.
    pub fn export(
        &self,
        format: JsValue,
        stem: JsValue,
        lang: JsValue,
    ) -> Result<JsValue, JsValue> {
        let (format, stem) = (text_arg(&format, "format")?, text_arg(&stem, "stem")?);
        let (format, stem) = (format.as_str(), stem.as_str());
        let lang = if lang.is_undefined() || lang.is_null() {
            Lang::Zh
        } else {
            lang_named(&text_arg(&lang, "lang")?)?
        };
        let (s, _) = self.screening()?;
        let f = format_named(
            format,
            "format",
            &[Format::Xlsx, Format::Csv, Format::Jsonl],
        )?;
        let stem = if stem.trim().is_empty() {
            "xinyong-batch"
        } else {
            stem
        };
        let files = xinyong_batch::write_in(s, f, lang).map_err(|e| write_failed(&e))?;
        Ok(files_to_js(
            files
                .into_iter()
                .map(|o| FileOut {
                    name: xinyong_batch::view::file_name(stem, f, o.suffix),
                    mime: xinyong_batch::view::mime(f),
                    bytes: o.bytes,
                })
                .collect(),
        ))
    }

    /// The input template (documented columns, examples; XLSX adds a help sheet).
    pub fn template(&self, format: JsValue) -> Result<JsValue, JsValue> {
        let format = text_arg(&format, "format")?;
        let f = format_named(&format, "format", &[Format::Xlsx, Format::Csv])?;
        let bytes = xinyong_batch::template(f).map_err(|e| write_failed(&e))?;
        Ok(files_to_js(vec![FileOut {
            name: xinyong_batch::view::file_name("xinyong-batch-template", f, ""),
            mime: xinyong_batch::view::mime(f),
            bytes,
        }]))
    }

    /// Load and index a published dataset (JSON, or CSV in the batch layout).
    #[wasm_bindgen(js_name = loadDataset)]
    pub fn load_dataset(&mut self, bytes: &[u8], is_csv: bool) -> Result<JsValue, JsValue> {
        self.dataset = None;
        let loaded =
            xinyong_inquiry::load(bytes, is_csv).map_err(|p| fail("invalid_dataset", &p))?;
        let index = Index::build(&loaded.dataset.subjects);
        let m = &loaded.dataset.dataset;
        let out = to_js(&DatasetOut {
            meta: MetaOut {
                id: &m.id,
                publisher: &m.publisher,
                published_on: m.published_on.map(|d| d.to_string()),
                basis: &m.basis,
            },
            subjects: index.len(),
            rejected: loaded.rejected.len(),
        });
        self.dataset = Some((loaded.dataset, index));
        Ok(out)
    }

    /// Build the loaded dataset's index again, discarding the result: the benchmark's index
    /// build figure without the JSON parse `loadDataset` also does.
    #[wasm_bindgen(js_name = rebuildIndex)]
    pub fn rebuild_index(&self) -> Result<usize, JsValue> {
        let (ds, _) = self.dataset()?;
        Ok(Index::build(&ds.subjects).len())
    }

    fn dataset(&self) -> Result<&(Dataset, Index), JsValue> {
        self.dataset.as_ref().ok_or_else(|| {
            fail(
                "no_dataset",
                &problem(
                    "",
                    None,
                    "还没有加载数据集".into(),
                    "no dataset has been loaded".into(),
                ),
            )
        })
    }

    /// Up to `limit` hits, best first: by code prefix or by name (fuzzy). Ids are masked.
    pub fn search(&self, query: JsValue, limit: usize) -> Result<JsValue, JsValue> {
        let query = text_arg(&query, "query")?;
        let (ds, idx) = self.dataset()?;
        let hits: Vec<HitRow> = xinyong_inquiry::hit_rows(ds, &idx.search(&query, limit.max(1)));
        Ok(to_js(&hits))
    }

    /// The contract Input of the dataset subject at `index` (full id: it is the published data
    /// the user asked for), to fill the self-check form.
    pub fn pick(&self, index: usize, as_of: JsValue) -> Result<JsValue, JsValue> {
        let as_of = if as_of.is_undefined() || as_of.is_null() {
            None
        } else {
            Some(text_arg(&as_of, "asOf")?)
        };
        let (ds, _) = self.dataset()?;
        let s = ds
            .subjects
            .get(index)
            .ok_or_else(|| bad_index(index, ds.subjects.len()))?;
        let as_of = as_of
            .as_deref()
            .filter(|v| !v.is_empty())
            .map(|v| parse_date("asOf", v))
            .transpose()
            .map_err(|p| fail("invalid_options", &p))?;
        to_js_json(&xinyong_inquiry::to_input(s, as_of))
    }
}

/// The export language: "zh" or "en", as the CLI's `--lang`.
fn lang_named(v: &str) -> Result<Lang, JsValue> {
    match v {
        "zh" => Ok(Lang::Zh),
        "en" => Ok(Lang::En),
        _ => Err(fail(
            "invalid_options",
            &problem(
                "lang",
                Some(format!("\"{v}\"")),
                "语言应为 zh 或 en".into(),
                "the language must be zh or en".into(),
            ),
        )),
    }
}

fn bad_index(index: usize, len: usize) -> JsValue {
    fail(
        "bad_index",
        &problem(
            "index",
            Some(index.to_string()),
            format!("序号超出范围：应为 0 到 {}", len.saturating_sub(1)),
            format!(
                "index out of range: expected 0 to {}",
                len.saturating_sub(1)
            ),
        ),
    )
}

fn write_failed(e: &str) -> JsValue {
    let (zh, en) = e.split_once(" / ").unwrap_or((e, e));
    fail(
        "write_failed",
        &problem(
            "",
            None,
            format!("无法写出文件：{zh}"),
            format!("cannot write the file: {en}"),
        ),
    )
}
