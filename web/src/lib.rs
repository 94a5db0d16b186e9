//! xinyong-web: the credit self-check widget.
//!
//! A Yew app that links `xinyong-core` directly and renders its report; it computes nothing
//! itself. It mounts into any element it is given (a page `<div>`, or later a custom
//! element's shadow root), keeps its styles scoped to that element and holds no state outside
//! its own component tree, so several widgets can live on one page.
//!
//! JS API (wasm-bindgen):
//! ```js
//! import init, { mount } from "./xinyong_web.js";
//! await init();
//! const widget = mount(document.querySelector("#root"), { lang: "zh", region: "national" });
//! widget.unmount();
//! ```

pub mod app;
pub mod csv;
mod dom;
pub mod draft;
mod drop;
pub mod i18n;
#[cfg(feature = "staff")]
mod inquiry;
mod packs;
#[cfg(feature = "staff")]
mod progress;
mod records;
mod report;
// Everything that talks to the staff worker (staff mode and the dataset inquiry) is a build
// of its own (`xinyong_web_staff.js`, the default features): the self-check bundle a portal's
// public page loads is built with `--no-default-features` and carries none of it (measured:
// staff screens ≈ 60 KB gzip, inquiry with the worker messages ≈ 27 KB).
#[cfg(feature = "staff")]
mod staff;
#[cfg(feature = "staff")]
pub mod staff_table;
mod subject;
#[cfg(feature = "staff")]
mod worker;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use yew::AttrValue;

// Safety: a browser build runs on one thread (the staff worker is its own instance).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::TalckWasm = unsafe { talc::TalckWasm::new_global() };

pub use app::{App, AppProps};

thread_local! {
    /// Roots of mounted widgets, so a panic can replace each with a readable error box. The
    /// panic hook is process-wide by nature; this list is the one piece of shared state, and
    /// it holds nothing but the elements.
    static ROOTS: RefCell<Vec<web_sys::Element>> = const { RefCell::new(Vec::new()) };
}

/// Styled through the CSSOM, not a `style` attribute, which a strict `style-src` CSP refuses.
const PANIC_STYLE: &[(&str, &str)] = &[
    ("border", "2px solid #b00020"),
    ("background", "#fff4f4"),
    ("color", "#5f0010"),
    ("padding", "1em"),
    ("font", "16px/1.5 system-ui,sans-serif"),
    ("border-radius", "6px"),
];

const PANIC_BOX: &str = r#"<div role="alert"><strong>信用自查工具出错了，请刷新页面重试。</strong><br>The credit self-check hit an internal error; please reload the page.<br><small>"#;

fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let msg = info.to_string();
        let escaped = msg
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        ROOTS.with(|r| {
            for root in r.borrow().iter() {
                root.set_inner_html(&format!("{PANIC_BOX}{escaped}</small></div>"));
                if let Some(b) = root
                    .first_element_child()
                    .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
                {
                    let st = b.style();
                    for (k, v) in PANIC_STYLE {
                        let _ = st.set_property(k, v);
                    }
                }
            }
        });
    }));
}

/// A mounted widget; `unmount()` removes it (e.g. from a custom element's
/// `disconnectedCallback`).
#[wasm_bindgen]
pub struct Widget {
    handle: Option<yew::AppHandle<App>>,
    root: web_sys::Element,
    uid: AttrValue,
}

#[wasm_bindgen]
impl Widget {
    /// Apply new options (e.g. a custom element's changed attributes) to the mounted widget.
    /// What the user entered stays; `lang`, `region`, `industry`, `asOf`, `mode`, `datasetSrc`
    /// and the custom pack take effect at once. Throws `{ code, zh, en }` for a bad option.
    pub fn update(&mut self, options: JsValue) -> Result<(), JsValue> {
        let props = props_from(&options, self.uid.clone())?;
        if let Some(h) = self.handle.as_mut() {
            h.update(props);
        }
        Ok(())
    }

    pub fn unmount(&mut self) {
        if let Some(h) = self.handle.take() {
            h.destroy();
        }
        let root = self.root.clone();
        ROOTS.with(|r| r.borrow_mut().retain(|e| *e != root));
    }
}

fn opt_str(options: &JsValue, key: &str) -> Option<String> {
    if !options.is_object() {
        return None;
    }
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_string())
        .filter(|s| !s.trim().is_empty())
}

/// The widget's style sheet, for hosts that adopt it as a constructed `CSSStyleSheet` (the
/// custom element does, so a strict `style-src 'self'` CSP needs no inline `<style>`).
#[wasm_bindgen(js_name = widgetCss)]
pub fn widget_css() -> String {
    app::CSS.to_string()
}

/// Parse and merge the embedded packs now (they are otherwise read during the first render).
/// The element calls it in a task of its own between instantiating the module and mounting,
/// so start-up is two shorter tasks instead of one long one (Lighthouse's total blocking
/// time). Calling it again, or never, changes nothing: the packs are loaded once per page.
#[wasm_bindgen(js_name = preparePacks)]
pub fn prepare_packs() {
    let _ = xinyong_core::pack::builtin_packs();
}

use dom::error_detail as js_error;

fn opt_bool(options: &JsValue, key: &str) -> Option<bool> {
    if !options.is_object() {
        return None;
    }
    js_sys::Reflect::get(options, &JsValue::from_str(key))
        .ok()
        .and_then(|v| v.as_bool())
}

#[cfg(feature = "custom-pack")]
thread_local! {
    /// Portal packs already parsed, by their JSON text: a pack lives as long as the page (the
    /// components hold `&'static` packs), so the same text is parsed and kept only once.
    static CUSTOM_PACKS: RefCell<Vec<(String, &'static xinyong_core::pack::Pack)>> =
        const { RefCell::new(Vec::new()) };
}

#[cfg(feature = "custom-pack")]
fn custom_pack(json: &str) -> Result<app::PackRef, JsValue> {
    if let Some(p) =
        CUSTOM_PACKS.with(|c| c.borrow().iter().find(|(t, _)| t == json).map(|(_, p)| *p))
    {
        return Ok(app::PackRef(p));
    }
    let pack =
        xinyong_core::pack::load_custom(json, xinyong_core::pack::Format::Json).map_err(|p| {
            let first = p.0.first();
            let at = first
                .map(|x| x.path.clone())
                .filter(|s| !s.is_empty())
                .map(|s| format!("{s}: "))
                .unwrap_or_default();
            js_error(
                "invalid_pack",
                &format!(
                    "规则包无效：{at}{}",
                    first.map(|x| x.zh.as_str()).unwrap_or("")
                ),
                &format!(
                    "The rule pack is invalid: {at}{}",
                    first.map(|x| x.en.as_str()).unwrap_or("")
                ),
            )
        })?;
    let leaked: &'static xinyong_core::pack::Pack = Box::leak(Box::new(pack));
    CUSTOM_PACKS.with(|c| c.borrow_mut().push((json.to_string(), leaked)));
    Ok(app::PackRef(leaked))
}

/// `packsUrl` as given (the custom element passes the folder beside its module), else `packs/`
/// beside the page; always ending in `/`.
fn packs_url(options: &JsValue) -> AttrValue {
    let given = opt_str(options, "packsUrl").unwrap_or_else(|| "packs/".into());
    let resolved = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|base| web_sys::Url::new_with_base(&given, &base).ok())
        .map(|u| u.href())
        .unwrap_or(given);
    if resolved.ends_with('/') {
        resolved.into()
    } else {
        format!("{resolved}/").into()
    }
}

/// The public self-check reads only shipped packs and carries no pack checker: a portal's own
/// pack needs a build with the `custom-pack` feature (`<xinyong-check pack-src=…>` loads it).
#[cfg(not(feature = "custom-pack"))]
fn custom_pack(_json: &str) -> Result<app::PackRef, JsValue> {
    Err(js_error(
        "custom_pack_build",
        "此文件是信用自查版本，不能载入门户自有规则包；请使用 xinyong_web_pack.js（<xinyong-check pack-src=…> 会自动加载）。",
        "This is the self-check build, which cannot load a portal's own pack; use xinyong_web_pack.js (<xinyong-check pack-src=…> loads it by itself).",
    ))
}

fn props_from(options: &JsValue, uid: AttrValue) -> Result<AppProps, JsValue> {
    let lang = i18n::Lang::from_code(&opt_str(options, "lang").unwrap_or_default());
    let today = match opt_str(options, "today") {
        Some(t) => Some(
            xinyong_model::Date::parse(&t)
                .map_err(|e| js_error("invalid_option", &e.zh, &e.en))?
                .0,
        ),
        None => None,
    };
    let pack_json = opt_str(options, "packJson");
    let pack = match &pack_json {
        Some(j) => Some(custom_pack(j)?),
        None => None,
    };
    let dataset_src = match opt_str(options, "datasetSrc") {
        Some(u) if u.starts_with("https://") || u.starts_with("http://") => Some(u.into()),
        Some(u) => {
            return Err(js_error(
                "dataset_url",
                &format!("dataset-src 只能是 http(s) 网址：{u}"),
                &format!("dataset-src must be an http(s) URL: {u}"),
            ))
        }
        None => None,
    };
    Ok(AppProps {
        lang,
        region: opt_str(options, "region").map(Into::into),
        industry: opt_str(options, "industry").map(Into::into),
        as_of: opt_str(options, "asOf").map(Into::into),
        custom_pack: pack,
        staff_mode: opt_str(options, "mode").as_deref() == Some("staff"),
        pack_json: pack_json.map(Into::into),
        dataset_src,
        worker_url: opt_str(options, "workerUrl").map(Into::into),
        packs_url: packs_url(options),
        inline_css: opt_bool(options, "inlineCss").unwrap_or(true),
        storage_key: opt_str(options, "storageKey")
            .unwrap_or_else(|| "xinyong.draft.v1".into())
            .into(),
        today,
        uid,
    })
}

/// Mount the widget into `root`, replacing its content (e.g. a loading message).
///
/// `options` (all optional): `lang` (`"zh"` | `"en"`), `region` (pack id), `industry`, `asOf`
/// (`YYYY-MM-DD`), `mode` (`"self"` | `"staff"`: batch pre-screening), `packJson` (a portal's
/// own pack, already fetched and checked), `datasetSrc` (absolute http(s) URL of a published
/// dataset: adds the inquiry search to self mode), `workerUrl` (URL of
/// `xinyong-staff-worker.js`, started only when staff mode or inquiry is used), `packsUrl`
/// (folder of the regional `packs/<id>.json` the self-check build fetches when a region is
/// picked; default `packs/` beside the page), `inlineCss`
/// (false when the host adopts `widgetCss()` itself), `storageKey` (localStorage key used only
/// after the user opts in), `today` (`YYYY-MM-DD`, for tests). Each report is announced as a
/// `xinyong-result` event (bubbling, composed) whose `detail` is the report; worker failures
/// (dataset, batch) and a regional pack that cannot be fetched (`pack_load`) as `xinyong-error`
/// with `{ code, zh, en, problems }` (the one error shape, crates/protocol).
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, options: JsValue) -> Result<Widget, JsValue> {
    install_panic_hook();
    // Ids must differ between widgets in one document; in a shadow root they are scoped anyway.
    let uid: AttrValue = format!("xy{}", (js_sys::Math::random() * 1e9) as u64).into();
    let props = props_from(&options, uid.clone())?;
    root.set_inner_html("");
    ROOTS.with(|r| r.borrow_mut().push(root.clone()));
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    Ok(Widget {
        handle: Some(handle),
        root,
        uid,
    })
}
