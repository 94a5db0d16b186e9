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
pub mod i18n;
mod records;
mod report;
mod subject;

use std::cell::RefCell;

use wasm_bindgen::prelude::*;

pub use app::{App, AppProps};

thread_local! {
    /// Roots of mounted widgets, so a panic can replace each with a readable error box. The
    /// panic hook is process-wide by nature; this list is the one piece of shared state, and
    /// it holds nothing but the elements.
    static ROOTS: RefCell<Vec<web_sys::Element>> = const { RefCell::new(Vec::new()) };
}

const PANIC_BOX: &str = r#"<div role="alert" style="border:2px solid #b00020;background:#fff4f4;color:#5f0010;padding:1em;font:16px/1.5 system-ui,sans-serif;border-radius:6px"><strong>信用自查工具出错了，请刷新页面重试。</strong><br>The credit self-check hit an internal error; please reload the page.<br><small>"#;

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
}

#[wasm_bindgen]
impl Widget {
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

/// Mount the widget into `root`, replacing its content (e.g. a loading message).
///
/// `options` (all optional): `lang` (`"zh"` | `"en"`), `region` (pack id), `storageKey`
/// (localStorage key used only after the user opts in), `today` (`YYYY-MM-DD`, for tests).
#[wasm_bindgen]
pub fn mount(root: web_sys::Element, options: JsValue) -> Result<Widget, JsValue> {
    install_panic_hook();
    let lang = i18n::Lang::from_code(&opt_str(&options, "lang").unwrap_or_default());
    let today = match opt_str(&options, "today") {
        Some(t) => Some(
            xinyong_model::Date::parse(&t)
                .map_err(|e| JsValue::from_str(&e))?
                .0,
        ),
        None => None,
    };
    // Ids must differ between widgets in one document; in a shadow root they are scoped anyway.
    let uid = format!("xy{}", (js_sys::Math::random() * 1e9) as u64);
    let props = AppProps {
        lang,
        region: opt_str(&options, "region").map(Into::into),
        storage_key: opt_str(&options, "storageKey")
            .unwrap_or_else(|| "xinyong.draft.v1".into())
            .into(),
        today,
        uid: uid.into(),
    };
    root.set_inner_html("");
    ROOTS.with(|r| r.borrow_mut().push(root.clone()));
    let handle = yew::Renderer::<App>::with_root_and_props(root.clone(), props).render();
    Ok(Widget {
        handle: Some(handle),
        root,
    })
}
