//! The few browser services the widget uses: the local date, downloads, opt-in storage,
//! printing, timing marks, reading dropped files. Each fails softly with a message, because a
//! portal page may run with storage disabled or inside a sandboxed frame.

use chrono::NaiveDate;
use wasm_bindgen::{JsCast, JsValue};

/// Today in China (UTC+8) from the browser's clock, as the headless API, the staff module and
/// the CLI take it: the rules count Chinese calendar days, and a clerk checking from abroad
/// (or a browser set to another zone) must see the same dates as one in Xiamen.
pub fn today() -> NaiveDate {
    xinyong_core::dates::china_day(js_sys::Date::now())
}

/// A `performance.mark`, read by the end-to-end run to report time to interactive form and
/// to first report. Timing never gates behaviour.
pub fn mark(name: &str) {
    if let Some(p) = web_sys::window().and_then(|w| w.performance()) {
        let _ = p.mark(name);
    }
}

/// What a browser exception says (an `Error`'s message, or a thrown string), for a message
/// beside our own words.
pub fn js_text(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|x| String::from(x.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "?".into())
}

/// Offer `text` as a file download; nothing leaves the machine.
pub fn download(filename: &str, text: &str, mime: &str) -> Result<(), String> {
    let err = js_text;
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(err)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(err)?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(err)?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn storage_get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Err when the browser refuses (private mode, quota, policy).
pub fn storage_set(key: &str, value: &str) -> Result<(), ()> {
    storage().ok_or(())?.set_item(key, value).map_err(|_| ())
}

pub fn storage_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

pub fn print() {
    if let Some(w) = web_sys::window() {
        let _ = w.print();
    }
}

/// The host page's print sheet while "打印报告" prints the widget alone: everything that is not
/// the widget or one of its ancestors is hidden, and the ancestors (a portal's grid or columns)
/// are made plain blocks, so no column squeezes the report. Adopted only for the print and
/// removed after it, so the page's own printing (Ctrl+P) is untouched.
const PRINT_ALONE_CSS: &str = "@media print{\
html:has([data-xy-printing]) body :not(:has([data-xy-printing])):not([data-xy-printing]):not([data-xy-printing] *){display:none!important}\
html:has([data-xy-printing]) :has([data-xy-printing]){display:block!important;position:static!important;float:none!important;width:auto!important;max-width:none!important;min-width:0!important;height:auto!important;margin:0!important;padding:0!important;border:0!important;columns:auto!important;transform:none!important;overflow:visible!important;box-shadow:none!important}\
[data-xy-printing]{display:block!important;position:static!important;float:none!important;width:auto!important;max-width:none!important;margin:0!important}}";

/// Print the widget alone (the report button): the host element is marked, a print sheet is
/// adopted by the page, every collapsed `<details>` of the widget is opened; all undone after.
/// `window.print()` returns when the dialog closes.
pub fn print_alone(root: &web_sys::Element) {
    use js_sys::{Array, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    let Some(w) = web_sys::window() else { return };
    let Some(doc) = w.document() else { return };
    // The shadow host when the widget lives in <xinyong-check>, else the widget's own root.
    let node: &web_sys::Node = root.as_ref();
    let host = Reflect::get(&node.get_root_node(), &JsValue::from_str("host"))
        .ok()
        .and_then(|h| h.dyn_into::<web_sys::Element>().ok())
        .unwrap_or_else(|| root.clone());
    let _ = host.set_attribute("data-xy-printing", "");
    // A constructed sheet: no <style> element, so a strict style-src CSP still holds.
    let sheet = Reflect::get(&w, &JsValue::from_str("CSSStyleSheet"))
        .ok()
        .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
        .and_then(|c| Reflect::construct(&c, &Array::new()).ok());
    let key = JsValue::from_str("adoptedStyleSheets");
    // A copy: the property is a live (observable) array, which would change with it.
    let before = Reflect::get(&doc, &key).ok().map(|v| Array::from(&v));
    if let (Some(sheet), Some(before)) = (&sheet, &before) {
        let replace = Reflect::get(sheet, &JsValue::from_str("replaceSync"))
            .ok()
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        if let Some(f) = replace {
            if f.call1(sheet, &JsValue::from_str(PRINT_ALONE_CSS)).is_ok() {
                let list = before.slice(0, before.length());
                list.push(sheet);
                let _ = Reflect::set(&doc, &key, &list);
            }
        }
    }
    let opened = open_all_details(root);
    let _ = w.print();
    for d in opened {
        let _ = d.remove_attribute("open");
    }
    if let Some(before) = before {
        let _ = Reflect::set(&doc, &key, &before);
    }
    let _ = host.remove_attribute("data-xy-printing");
}

/// Open every collapsed `<details>` under `root` (the report prints its basis and scope open);
/// returns them, to close again.
fn open_all_details(root: &web_sys::Element) -> Vec<web_sys::Element> {
    let mut out = Vec::new();
    if let Ok(list) = root.query_selector_all("details:not([open]):not(.xy-ids)") {
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
            {
                let _ = el.set_attribute("open", "");
                out.push(el);
            }
        }
    }
    out
}

/// The text of a user-chosen file.
pub async fn read_text(file: web_sys::File) -> Result<String, String> {
    let promise = file.text();
    let v = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .map_err(js_text)?;
    v.as_string().ok_or_else(|| "not text".into())
}

/// `xinyong-result` with the report as a plain object (the contract's JSON, read by the page's
/// `JSON.parse`: no serde in the self-check).
pub fn announce_report(el: &web_sys::EventTarget, report: &xinyong_model::Report) {
    let json = xinyong_core::json_write::to_json(report);
    announce_js(
        el,
        "xinyong-result",
        &js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL),
    );
}

/// Dispatch `name` on `el` (bubbling, crossing shadow roots) with `detail` as a plain object.
#[cfg(feature = "staff")]
pub fn announce<T: serde::Serialize>(el: &web_sys::EventTarget, name: &str, detail: &T) {
    let Ok(json) = serde_json::to_string(detail) else {
        return;
    };
    announce_js(
        el,
        name,
        &js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL),
    );
}

/// `{ code, zh, en }`, the shape `xinyong-error` events (and `mount`'s errors) carry.
pub fn error_detail(code: &str, zh: &str, en: &str) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in [("code", code), ("zh", zh), ("en", en)] {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o.into()
}

/// Dispatch `name` on `el` (bubbling, crossing shadow roots) with a ready JS `detail`.
pub fn announce_js(el: &web_sys::EventTarget, name: &str, detail: &JsValue) {
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(ev) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = el.dispatch_event(&ev);
    }
}

/// A `blob:` URL for bytes the staff worker wrote (an ArrayBuffer, not copied into wasm).
#[cfg(feature = "staff")]
pub fn object_url(bytes: &JsValue, mime: &str) -> Result<String, String> {
    let err = js_text;
    let parts = js_sys::Array::of1(bytes);
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let blob =
        web_sys::Blob::new_with_buffer_source_sequence_and_options(&parts, &opts).map_err(err)?;
    web_sys::Url::create_object_url_with_blob(&blob).map_err(err)
}

/// Start the download of an object URL as `filename`.
#[cfg(feature = "staff")]
pub fn download_url(filename: &str, url: &str) -> Result<(), String> {
    let doc = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = doc
        .create_element("a")
        .map_err(js_text)?
        .dyn_into()
        .map_err(|_| "no anchor")?;
    a.set_href(url);
    a.set_download(filename);
    a.click();
    Ok(())
}

#[cfg(feature = "staff")]
pub fn revoke_url(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}

/// The bytes of a user-chosen file, as an ArrayBuffer to hand to the worker.
#[cfg(feature = "staff")]
pub async fn read_bytes(file: &web_sys::File) -> Result<JsValue, String> {
    wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(js_text)
}

/// Move keyboard focus (e.g. to a report that just opened, or back to its row).
#[cfg(feature = "staff")]
pub fn focus(el: Option<web_sys::Element>) {
    if let Some(h) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = h.focus();
    }
}
