//! The staff module (`xinyong-staff.js` + `xinyong-staff_bg.wasm`): batch pre-screening and
//! inquiry in a published dataset, run inside the module Web Worker `xinyong-staff-worker.js`.
//!
//! A separate wasm from the self-check widget because calamine, rust_xlsxwriter and the inquiry
//! index would blow the widget's size budget; a portal page fetches this module only when staff
//! mode or inquiry is used. This crate is glue: reading, screening, writing, indexing and
//! searching live in `xinyong-batch` and `xinyong-inquiry`, where native tests cover them.
//!
//! Failures are thrown in the one error shape of every JS surface (crates/glue,
//! `xinyong_protocol::Error`): `{ code, zh, en, problems: [{ path, value, zh, en }] }`, the
//! worker protocol's `error` reply minus the request id.
//!
//! Memory: wasm memory never shrinks, so a screening keeps no report (`held.rs`): per subject
//! its summary row and its input, compact; `report` and `export` evaluate again.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use xinyong_batch::{Format, Lang};
use xinyong_core::pack;
use xinyong_glue::{fail, problem, text_arg, to_js, to_js_json};
use xinyong_inquiry::{Dataset, HitRow, Index};
use xinyong_protocol::ScreenOptions;

pub mod held;

use held::{Held, Judge, Run};

/// The `report` reply's payload.
#[derive(Serialize)]
struct ReportReply<'a> {
    report: &'a xinyong_model::Report,
    input: &'a xinyong_model::Input,
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
    last: Option<Held>,
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
    bytes: Chunks,
}

/// A written file on its way to JS: filled in wasm memory up to 1 MiB, then handed to JS as a
/// chunk, so an export of 100,000 subjects never holds the whole file in wasm memory (which
/// would keep that size for the life of the worker).
#[derive(Default)]
struct Chunks {
    buf: Vec<u8>,
    parts: Vec<js_sys::Uint8Array>,
    len: usize,
}

const CHUNK: usize = 1 << 20;

impl std::io::Write for Chunks {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.flush()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if !self.buf.is_empty() {
            self.len += self.buf.len();
            self.parts
                .push(js_sys::Uint8Array::from(self.buf.as_slice()));
            self.buf.clear();
        }
        Ok(())
    }
}

impl Chunks {
    fn from_vec(bytes: Vec<u8>) -> Chunks {
        let mut c = Chunks::default();
        let _ = std::io::Write::write_all(&mut c, &bytes);
        c
    }

    /// The whole file as one ArrayBuffer (in JS memory).
    fn into_buffer(mut self) -> js_sys::ArrayBuffer {
        let _ = std::io::Write::flush(&mut self);
        let out = js_sys::Uint8Array::new_with_length(self.len as u32);
        let mut at = 0;
        for p in &self.parts {
            out.set(p, at);
            at += p.length();
        }
        out.buffer()
    }
}

/// `[{ name, mime, bytes: ArrayBuffer }]`: ArrayBuffers so the worker can transfer them.
fn files_to_js(files: Vec<FileOut>) -> JsValue {
    let arr = js_sys::Array::new();
    for f in files {
        let o = to_js(&f);
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str("bytes"), &f.bytes.into_buffer());
        arr.push(&o);
    }
    arr.into()
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
    /// "screen". Returns the `screened` payload and keeps the screening for `report`/`export`
    /// (compact: see `held.rs`). `bytes` is taken over and dropped once read.
    pub fn screen(
        &mut self,
        bytes: Vec<u8>,
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
        bytes: Vec<u8>,
        name: &str,
        options: JsValue,
        progress: &js_sys::Function,
    ) -> Result<(), JsValue> {
        // A new request forgets the old result first, so a failed run never leaves a stale
        // screening behind for `report` or `export`.
        self.last = None;
        let format = format_of(name, "name")?;
        let opts: ScreenOptions = xinyong_glue::options(&options, "ScreenOptions")?;
        let as_of = xinyong_glue::as_of(opts.as_of.as_deref())?;
        let today = xinyong_glue::today_or(opts.today.as_deref())?;
        let judge = match (&opts.pack_json, opts.region) {
            (Some(j), _) => Judge::Custom(Box::new(
                pack::load_custom(j, pack::Format::Json).map_err(|p| fail("invalid_pack", &p))?,
            )),
            (None, Some(id)) => {
                // Checked once here: otherwise every subject would be refused with the same
                // problem.
                pack::builtin(&id).map_err(|mut p| {
                    for x in &mut p.0 {
                        x.path = "options.region".into();
                    }
                    fail("invalid_options", &p)
                })?;
                Judge::Builtin(id)
            }
            (None, None) => Judge::FromSubject,
        };
        let mut read_tick = Throttle::new(progress, "read");
        let mut screen_tick = Throttle::new(progress, "screen");
        let held = Held::screen(
            bytes,
            format,
            Run {
                as_of,
                today,
                judge,
            },
            &mut |done, total| read_tick.tick(done, total),
            &mut |done, total| screen_tick.tick(done, total),
        )
        .map_err(|p| fail("invalid_file", &p))?;
        self.last = Some(held);
        Ok(())
    }

    /// The last screening's payload again, serialized with `method` ("json": serde_json text
    /// then `JSON.parse`; "swb": serde-wasm-bindgen objects). For the benchmark page.
    #[wasm_bindgen(js_name = encodeLast)]
    pub fn encode_last(&self, method: JsValue) -> Result<JsValue, JsValue> {
        self.encode(&text_arg(&method, "method")?)
    }

    fn encode(&self, method: &str) -> Result<JsValue, JsValue> {
        let payload = self.screening()?.screened();
        match method {
            "swb" => {
                // The rows are held as JSON text; serde-wasm-bindgen builds objects from
                // values, so they are read back first.
                let rows: Result<Vec<xinyong_protocol::Row>, _> = payload
                    .rows
                    .iter()
                    .map(|r| serde_json::from_str(r.get()))
                    .collect();
                let rows = rows.map_err(|e| {
                    fail(
                        "internal",
                        &problem(
                            "",
                            None,
                            format!("内部错误：{e}"),
                            format!("internal error: {e}"),
                        ),
                    )
                })?;
                Ok(to_js(&xinyong_protocol::Screened {
                    counts: payload.counts,
                    schemes: payload.schemes,
                    levels: payload.levels,
                    rows,
                    rejected: payload.rejected,
                    notes: payload.notes,
                    sheet: payload.sheet,
                }))
            }
            _ => to_js_json(&payload),
        }
    }

    fn screening(&self) -> Result<&Held, JsValue> {
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

    /// What this module holds (the `memory` request; diagnostics for tests and the benchmark
    /// page): `{ wasm_bytes, subjects, reports, held_bytes }`.
    pub fn memory(&self) -> JsValue {
        let size = self.last.as_ref().map(Held::size);
        let wasm_bytes = wasm_bindgen::memory()
            .dyn_into::<js_sys::WebAssembly::Memory>()
            .map(|m| {
                m.buffer()
                    .unchecked_into::<js_sys::ArrayBuffer>()
                    .byte_length()
            })
            .unwrap_or(0);
        to_js(&xinyong_protocol::Memory {
            wasm_bytes: wasm_bytes as f64,
            subjects: size.map_or(0, |s| s.subjects),
            reports: size.map_or(0, |s| s.reports),
            held_bytes: size.map_or(0, |s| s.bytes),
        })
    }

    /// The contract report of the subject at `index` of the last screening's rows, with the
    /// subject document it came from (`input`, id masked as in every output): the report
    /// names records by id only, and the widget shows their decision dates and timelines.
    /// Evaluated again from the input kept: the same report the screening computed.
    pub fn report(&self, index: usize) -> Result<JsValue, JsValue> {
        let held = self.screening()?;
        let mut r = held
            .result(index)
            .ok_or_else(|| bad_index(index, held.len()))?
            .map_err(|p| fail("internal", &p))?;
        r.input.subject.id = xinyong_core::ids::mask(&r.input.subject.id);
        to_js_json(&ReportReply {
            report: &r.report,
            input: &r.input,
        })
    }

    /// The result files exactly as `xinyong batch --out STEM.FORMAT --lang LANG` writes them:
    /// `lang` is the page's language, "zh" or "en" (the values written: industries, yes / no,
    /// supervision classes, "unverified"); absent means "zh", the CLI's default. Each subject is
    /// evaluated again as it is written.
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
        let held = self.screening()?;
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
        let files = held
            .export::<Chunks>(f, lang)
            .map_err(|e| write_failed(&e))?;
        Ok(files_to_js(
            files
                .into_iter()
                .map(|(suffix, bytes)| FileOut {
                    name: xinyong_batch::view::file_name(stem, f, suffix),
                    mime: xinyong_batch::view::mime(f),
                    bytes,
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
            bytes: Chunks::from_vec(bytes),
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
        let out = to_js(&xinyong_protocol::Loaded {
            meta: xinyong_protocol::Meta {
                id: m.id.clone(),
                publisher: m.publisher.clone(),
                published_on: m.published_on.map(|d| d.to_string()),
                basis: m.basis.clone(),
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
            .map(|v| xinyong_glue::parse_date("asOf", v))
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
