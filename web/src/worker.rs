//! The widget's side of the staff worker protocol (issue #7): a module Web Worker running the
//! `xinyong-staff` wasm, which holds the spreadsheet readers/writers and the inquiry index so
//! this (size-budgeted) wasm does not.
//!
//! The worker starts on the first request only, so a self-check without a dataset fetches
//! nothing extra. Every request carries an `id`; every reply carries it back; `progress`
//! replies leave the request open, any other reply closes it.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

/// One message from the worker for a request.
#[derive(Clone, Debug)]
pub struct Reply {
    /// `type` of the message (`progress`, `screened`, `error`, …).
    pub kind: String,
    pub data: JsValue,
}

/// `{code, zh, en, problems}` of an `error` reply (or of a worker that could not start): the
/// one error shape (crates/protocol).
pub use xinyong_protocol::Error as WorkerError;
/// `{phase, done, total}` of a `progress` reply.
pub use xinyong_protocol::Progress;

impl Reply {
    pub fn is(&self, kind: &str) -> bool {
        self.kind == kind
    }

    /// The whole message as `T` (through JSON: the messages are plain data, and serde_json is
    /// already in this wasm). Through a `Value` rather than straight from the text: each `T`
    /// then costs a visitor over `Value`, measured ≈ 4 KB gzip smaller in total than one per
    /// `T` over the streaming parser.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, WorkerError> {
        let text = js_sys::JSON::stringify(&self.data)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| WorkerError::protocol(&self.kind, "not JSON"))?;
        let v: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| WorkerError::protocol(&self.kind, e))?;
        T::deserialize(v).map_err(|e| WorkerError::protocol(&self.kind, e))
    }

    /// The reply as an error, when it is one.
    pub fn error(&self) -> Option<WorkerError> {
        self.is("error").then(|| {
            self.json::<WorkerError>().unwrap_or_else(|e| WorkerError {
                code: "worker_error".into(),
                ..e
            })
        })
    }

    pub fn get(&self, key: &str) -> JsValue {
        js_sys::Reflect::get(&self.data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    }
}

type Pending = Rc<RefCell<HashMap<u32, Callback<Reply>>>>;

struct Running {
    worker: web_sys::Worker,
    /// Set by `error`: the module did not load or threw, so the next request starts afresh.
    dead: Rc<std::cell::Cell<bool>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

/// One worker per widget, shared by staff screening and inquiry.
pub struct StaffWorker {
    url: Option<String>,
    next: u32,
    pending: Pending,
    running: Option<Running>,
}

/// A handle components share (compared by identity, so passing it never re-renders).
#[derive(Clone)]
pub struct WorkerRef(pub Rc<RefCell<StaffWorker>>);

impl PartialEq for WorkerRef {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl WorkerRef {
    pub fn new(url: Option<String>) -> Self {
        WorkerRef(Rc::new(RefCell::new(StaffWorker {
            url,
            next: 0,
            pending: Rc::default(),
            running: None,
        })))
    }

    /// Start the worker now (e.g. when staff mode shows, so its wasm loads while staff pick a
    /// file). Errors surface on the next request.
    #[cfg(feature = "staff")]
    pub fn warm(&self) {
        let _ = self.0.borrow_mut().ensure();
    }

    /// Send `{id, type, …fields}`; `transfer` lists ArrayBuffers handed over (not copied).
    /// `on_reply` gets every reply for this request, the last one being anything but
    /// `progress`. Returns the request id.
    pub fn request(
        &self,
        kind: &str,
        fields: &[(&str, JsValue)],
        transfer: &[JsValue],
        on_reply: Callback<Reply>,
    ) -> u32 {
        let mut me = self.0.borrow_mut();
        me.next += 1;
        let id = me.next;
        let fail = |e: WorkerError| {
            let data = serde_json::to_string(&e)
                .ok()
                .and_then(|t| js_sys::JSON::parse(&t).ok())
                .unwrap_or(JsValue::NULL);
            on_reply.emit(Reply {
                kind: "error".into(),
                data,
            });
        };
        let worker = match me.ensure() {
            Ok(w) => w,
            Err(e) => {
                drop(me);
                fail(e);
                return id;
            }
        };
        let msg = js_sys::Object::new();
        let set = |k: &str, v: &JsValue| {
            let _ = js_sys::Reflect::set(&msg, &JsValue::from_str(k), v);
        };
        set("id", &JsValue::from(id));
        set("type", &JsValue::from_str(kind));
        for (k, v) in fields {
            set(k, v);
        }
        let list = js_sys::Array::new();
        for t in transfer {
            list.push(t);
        }
        me.pending.borrow_mut().insert(id, on_reply.clone());
        if let Err(e) = worker.post_message_with_transfer(&msg, &list) {
            me.pending.borrow_mut().remove(&id);
            drop(me);
            fail(WorkerError::new(
                "worker_failed",
                format!("无法向预审模块发送请求：{}", describe(&e)),
                format!(
                    "Could not send the request to the staff module: {}",
                    describe(&e)
                ),
            ));
        }
        id
    }

    /// Forget a request's replies (a newer search replaced it).
    pub fn forget(&self, id: u32) {
        self.0.borrow().pending.borrow_mut().remove(&id);
    }

    /// Stop the worker (the widget was unmounted); its memory goes with it.
    pub fn terminate(&self) {
        let mut me = self.0.borrow_mut();
        if let Some(r) = me.running.take() {
            r.worker.terminate();
        }
        me.pending.borrow_mut().clear();
    }
}

fn describe(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}

impl StaffWorker {
    fn ensure(&mut self) -> Result<web_sys::Worker, WorkerError> {
        if let Some(r) = &self.running {
            if !r.dead.get() {
                return Ok(r.worker.clone());
            }
            r.worker.terminate();
            self.running = None;
        }
        let Some(url) = self.url.clone() else {
            return Err(WorkerError::new(
                "worker_missing",
                "未提供预审模块地址（workerUrl），无法使用工作人员模式和公开信息查询",
                "No staff module URL (workerUrl) was given, so staff mode and inquiry are unavailable",
            ));
        };
        let opts = web_sys::WorkerOptions::new();
        opts.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options(&url, &opts).map_err(|e| {
            WorkerError::new(
                "worker_failed",
                format!("预审模块无法启动：{}", describe(&e)),
                format!("The staff module could not start: {}", describe(&e)),
            )
        })?;
        let pending = self.pending.clone();
        let on_message =
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                let data = e.data();
                let id = js_sys::Reflect::get(&data, &"id".into())
                    .ok()
                    .and_then(|v| v.as_f64())
                    .map(|v| v as u32);
                let kind = js_sys::Reflect::get(&data, &"type".into())
                    .ok()
                    .and_then(|v| v.as_string())
                    .unwrap_or_default();
                let Some(id) = id else { return };
                let cb = {
                    let mut p = pending.borrow_mut();
                    if kind == "progress" {
                        p.get(&id).cloned()
                    } else {
                        p.remove(&id)
                    }
                };
                if let Some(cb) = cb {
                    cb.emit(Reply { kind, data });
                }
            });
        let pending = self.pending.clone();
        let dead = Rc::new(std::cell::Cell::new(false));
        let dead_flag = dead.clone();
        // A module that fails to load or throws at the top level ends every open request;
        // the next request starts a new worker.
        let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |e: web_sys::Event| {
            e.prevent_default();
            dead_flag.set(true);
            let why = e
                .dyn_ref::<web_sys::ErrorEvent>()
                .map(|e| e.message())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "load error".into());
            let err = WorkerError::new(
                "worker_failed",
                format!("预审模块加载或运行失败，请刷新页面重试（{why}）"),
                format!(
                    "The staff module failed to load or run; reload the page and try again ({why})"
                ),
            );
            let data = serde_json::to_string(&err)
                .ok()
                .and_then(|t| js_sys::JSON::parse(&t).ok())
                .unwrap_or(JsValue::NULL);
            let open: Vec<Callback<Reply>> = pending.borrow_mut().drain().map(|(_, c)| c).collect();
            for cb in open {
                cb.emit(Reply {
                    kind: "error".into(),
                    data: data.clone(),
                });
            }
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        self.running = Some(Running {
            worker: worker.clone(),
            dead,
            _on_message: on_message,
            _on_error: on_error,
        });
        Ok(worker)
    }
}
