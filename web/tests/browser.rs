//! Component tests in a real (headless) browser: `cargo xtask test` runs them in Chromium
//! through wasm-bindgen-test-runner and chromedriver.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mount a fresh widget into a fresh element, with a fixed "today".
fn mount(lang: &str) -> (Element, xinyong_web::Widget) {
    let root = doc().create_element("div").unwrap();
    doc().body().unwrap().append_child(&root).unwrap();
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"today".into(), &"2026-11-22".into()).unwrap();
    js_sys::Reflect::set(&opts, &"lang".into(), &lang.into()).unwrap();
    // A per-test key: tests must not see each other's remembered data.
    let key = format!("xinyong.test.{}", js_sys::Math::random());
    js_sys::Reflect::set(&opts, &"storageKey".into(), &key.into()).unwrap();
    let w = xinyong_web::mount(root.clone(), opts.into()).unwrap();
    (root, w)
}

/// Let Yew's scheduler render (it runs after the current task).
async fn tick() {
    for _ in 0..3 {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
}

fn q(root: &Element, sel: &str) -> Element {
    root.query_selector(sel)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {sel}"))
}

fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let e = Event::new_with_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&e).unwrap();
}

fn type_into(el: &Element, value: &str) {
    el.unchecked_ref::<HtmlInputElement>().set_value(value);
    fire(el, "input");
}

fn choose(el: &Element, value: &str) {
    el.unchecked_ref::<HtmlSelectElement>().set_value(value);
    fire(el, "change");
}

fn click(el: &Element) {
    el.unchecked_ref::<HtmlElement>().click();
}

/// The control labelled `text` (by a <label for=…>), searched in `root`.
fn by_label(root: &Element, text: &str) -> Element {
    let labels = root.query_selector_all("label").unwrap();
    for i in 0..labels.length() {
        let l: Element = labels.item(i).unwrap().unchecked_into();
        if l.text_content().unwrap_or_default().contains(text) {
            if let Some(f) = l.get_attribute("for") {
                return q(root, &format!("[id='{f}']"));
            }
        }
    }
    panic!("no label containing {text}");
}

fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn every_control_has_a_label() {
    let (root, _w) = mount("zh");
    tick().await;
    click(&q(&root, ".xy-btn-primary")); // open the record form too
    tick().await;
    let controls = root.query_selector_all("input, select").unwrap();
    assert!(
        controls.length() > 10,
        "only {} controls",
        controls.length()
    );
    for i in 0..controls.length() {
        let c: Element = controls.item(i).unwrap().unchecked_into();
        let labelled = js_sys::Reflect::get(&c, &"labels".into())
            .ok()
            .and_then(|l| js_sys::Reflect::get(&l, &"length".into()).ok())
            .and_then(|n| n.as_f64())
            .unwrap_or(0.0)
            > 0.0
            || c.has_attribute("aria-label");
        assert!(labelled, "unlabelled control: {}", c.outer_html());
    }
}

#[wasm_bindgen_test]
async fn check_digit_errors_are_shown_inline_in_plain_words() {
    let (root, _w) = mount("zh");
    tick().await;
    let id = by_label(&root, "统一社会信用代码");
    type_into(&id, "91350200776049653B");
    tick().await;
    assert_eq!(id.get_attribute("aria-invalid").as_deref(), Some("true"));
    let msg = q(
        &root,
        &format!("[id='{}']", id.get_attribute("aria-describedby").unwrap()),
    );
    let m = msg.text_content().unwrap();
    assert!(m.contains("校验位不符") && !m.contains("“A”"), "{m}");

    type_into(&id, "91350200776049653A");
    tick().await;
    assert_eq!(id.get_attribute("aria-invalid").as_deref(), Some("false"));
    assert!(msg.text_content().unwrap().contains("✓"));

    // A person's ID: the label and the check follow the subject kind.
    let person = q(&root, "input[type=radio][value=person]");
    click(&person);
    tick().await;
    let id = by_label(&root, "居民身份证号码");
    type_into(&id, "110105194912310021");
    tick().await;
    let msg = q(
        &root,
        &format!("[id='{}']", id.get_attribute("aria-describedby").unwrap()),
    );
    // The check character is wrong: said in words, the expected one not given away.
    let m = text(&msg);
    assert!(m.contains("校验位不符") && !m.contains("“X”"), "{m}");
}

#[wasm_bindgen_test]
async fn record_form_follows_the_catalogue_and_reports_missing_fields() {
    let (root, _w) = mount("zh");
    tick().await;
    click(&q(&root, ".xy-btn-primary"));
    tick().await;
    let form = q(&root, "form.xy-recform");
    // A penalty needs a date and a penalty kind (pack catalogue), and offers the fine fields.
    assert!(text(&form).contains("处罚种类"));
    assert!(text(&form).contains("履行完毕日期"));
    assert!(!text(&form).contains("名单名称"));
    click(&q(&form, "button[type=submit]"));
    tick().await;
    assert!(text(&form).contains("此项必填"), "{}", text(&form));

    // Switching to a list entry shows the list name instead.
    choose(&by_label(&form, "记录类型"), "serious_dishonesty_list");
    tick().await;
    assert!(text(&form).contains("名单名称"));
    assert!(!text(&form).contains("处罚种类"));
}

#[wasm_bindgen_test]
async fn entering_a_penalty_renders_the_engine_report() {
    let (root, _w) = mount("zh");
    tick().await;
    choose(&by_label(&root, "行业"), "highway_construction");
    type_into(&by_label(&root, "统一社会信用代码"), "91350200776049653A");
    type_into(&by_label(&root, "查询日期"), "2026-11-22");
    tick().await;
    assert!(text(&root).contains("公路施工企业信用评价"));
    assert!(text(&root).contains("没有需要修复的不良记录"));

    click(&q(&root, ".xy-btn-primary"));
    tick().await;
    let form = q(&root, "form.xy-recform");
    type_into(&by_label(&form, "决定 / 认定日期"), "2026-05-06");
    click(&q(&form, "input[type=checkbox][value=fine]"));
    tick().await;
    click(&q(&form, "button[type=submit]"));
    tick().await;
    assert!(
        root.query_selector("form.xy-recform").unwrap().is_none(),
        "form stays open: {}",
        text(&root)
    );

    let repair = q(&root, ".xy-repair[data-record=p1]");
    let t = text(&repair);
    // Order No. 36, general tier (derived from the fine): min 3 months, max 1 year.
    assert!(t.contains("2026-08-06"), "{t}");
    assert!(t.contains("2027-05-06"), "{t}");
    assert!(t.contains("按处罚种类推定"), "{t}");
    assert!(repair.query_selector("svg.xy-timeline").unwrap().is_some());
    let grade = text(&q(&root, ".xy-grades"));
    assert!(
        grade.contains("p1"),
        "the penalty appears in the breakdown: {grade}"
    );
    let summary = q(&root, "[aria-live=polite].xy-summary");
    assert!(text(&summary).contains("信用等级"), "{}", text(&summary));
}

#[wasm_bindgen_test]
async fn english_toggle_switches_the_whole_widget() {
    let (root, _w) = mount("zh");
    tick().await;
    assert!(text(&root).contains("交通运输信用自查"));
    let toggle = root
        .query_selector_all(".xy-head-actions button")
        .unwrap()
        .item(0)
        .unwrap();
    toggle.unchecked_ref::<HtmlElement>().click();
    tick().await;
    assert!(text(&root).contains("Transport credit self-check"));
    assert_eq!(q(&root, ".xy").get_attribute("lang").as_deref(), Some("en"));
    assert!(!text(&root).contains("信用主体"));
}

#[wasm_bindgen_test]
async fn styles_are_scoped_to_the_widget() {
    let (root, _w) = mount("zh");
    tick().await;
    let css = q(&root, "style").text_content().unwrap();
    // Drop comments, then every selector before a `{` (at-rules aside) must be under .xy.
    let mut plain = String::new();
    let mut rest = css.as_str();
    while let Some(i) = rest.find("/*") {
        plain.push_str(&rest[..i]);
        rest = rest[i..].split_once("*/").map(|(_, r)| r).unwrap_or("");
    }
    plain.push_str(rest);
    let mut checked = 0;
    for block in plain.split('}') {
        let parts: Vec<&str> = block.split('{').collect();
        for sel in &parts[..parts.len().saturating_sub(1)] {
            let sel = sel.trim();
            if sel.is_empty() || sel.starts_with('@') {
                continue;
            }
            for s in sel.split(',') {
                assert!(
                    s.trim().starts_with(".xy"),
                    "unscoped selector `{}`",
                    s.trim()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 50, "only {checked} selectors seen");
}

#[wasm_bindgen_test]
async fn unmount_empties_the_root() {
    let (root, mut w) = mount("en");
    tick().await;
    assert!(root.child_element_count() > 0);
    w.unmount();
    tick().await;
    assert_eq!(root.child_element_count(), 0);
}

/// Mount with extra options (`mode`, `workerUrl`, `datasetSrc` …).
#[cfg(feature = "staff")]
fn mount_with(
    extra: &[(&str, &str)],
) -> Result<(Element, xinyong_web::Widget), wasm_bindgen::JsValue> {
    let root = doc().create_element("div").unwrap();
    doc().body().unwrap().append_child(&root).unwrap();
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"today".into(), &"2026-11-22".into()).unwrap();
    let key = format!("xinyong.test.{}", js_sys::Math::random());
    js_sys::Reflect::set(&opts, &"storageKey".into(), &key.into()).unwrap();
    for (k, v) in extra {
        js_sys::Reflect::set(&opts, &(*k).into(), &(*v).into()).unwrap();
    }
    let w = xinyong_web::mount(root.clone(), opts.into())?;
    Ok((root, w))
}

// The staff screens are in the full build only (web feature `staff`).
#[cfg(feature = "staff")]
#[wasm_bindgen_test]
async fn staff_mode_without_a_worker_says_so_and_fires_xinyong_error() {
    let (root, mut w) = mount_with(&[("mode", "staff"), ("lang", "en")]).unwrap();
    tick().await;
    assert!(text(&root).contains("Transport credit pre-screening (staff)"));
    // The self-check is hidden, not gone: switching back keeps it.
    assert!(q(&root, ".xy-cols").has_attribute("hidden"));
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
    let log = seen.clone();
    let on = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::CustomEvent)>::new(
        move |e: web_sys::CustomEvent| {
            let code = js_sys::Reflect::get(&e.detail(), &"code".into()).unwrap();
            log.borrow_mut().push(code.as_string().unwrap_or_default());
        },
    );
    root.add_event_listener_with_callback("xinyong-error", on.as_ref().unchecked_ref())
        .unwrap();
    click(&q(&root, ".xy-template-csv"));
    tick().await;
    let msg = q(&root, ".xy-staff-note .xy-msg-err")
        .text_content()
        .unwrap();
    assert!(msg.contains("workerUrl"), "{msg}");
    assert_eq!(*seen.borrow(), vec!["worker_missing".to_string()]);

    // Live switch to self mode and back: the staff view (and its message) survives.
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"mode".into(), &"self".into()).unwrap();
    js_sys::Reflect::set(&opts, &"lang".into(), &"en".into()).unwrap();
    w.update(opts.clone().into()).unwrap();
    tick().await;
    assert!(!q(&root, ".xy-cols").has_attribute("hidden"));
    assert!(q(&root, ".xy-staff-mode").has_attribute("hidden"));
    js_sys::Reflect::set(&opts, &"mode".into(), &"staff".into()).unwrap();
    w.update(opts.into()).unwrap();
    tick().await;
    assert!(!q(&root, ".xy-staff-mode").has_attribute("hidden"));
    assert!(root
        .query_selector(".xy-staff-note .xy-msg-err")
        .unwrap()
        .is_some());
}

// The staff screens are in the full build only (web feature `staff`).
#[cfg(feature = "staff")]
#[wasm_bindgen_test]
async fn a_dataset_src_that_is_not_http_is_refused_with_a_bilingual_error() {
    let err = mount_with(&[("datasetSrc", "javascript:alert(1)")])
        .err()
        .expect("refused");
    let code = js_sys::Reflect::get(&err, &"code".into()).unwrap();
    assert_eq!(code.as_string().as_deref(), Some("dataset_url"));
    let zh = js_sys::Reflect::get(&err, &"zh".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(zh.contains("http(s)"), "{zh}");
}
