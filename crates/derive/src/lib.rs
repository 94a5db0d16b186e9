//! `#[derive(FromJson, ToJson)]` for `xinyong-json`.
//!
//! The derives read the type's own `#[serde(...)]` attributes — the ones serde's derives read —
//! so a type is declared once and both readings follow the same declaration:
//! - container: `deny_unknown_fields` (else unknown keys are ignored, as serde does),
//!   `rename_all = "snake_case" | "camelCase"`;
//! - field: `rename = "…"`, `default` or `default = "path"` (absent → that value; an `Option`
//!   field is `None` when absent, as with serde), anything else is required;
//!   `skip_serializing_if = "path"` (the writer leaves the field out when `path(&field)`);
//! - unit enum variant: `rename = "…"`.
//!
//! Every field of a struct is read and written: there is no list to forget a field in.

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::quote;
use syn::{parse_macro_input, Data, DeriveInput, Fields, LitStr, Type};

#[derive(Default)]
struct SerdeAttrs {
    rename: Option<String>,
    rename_all: Option<String>,
    deny_unknown_fields: bool,
    /// `Some(None)`: `default`; `Some(Some(path))`: `default = "path"`.
    default: Option<Option<syn::Path>>,
    skip_serializing_if: Option<syn::Path>,
}

fn serde_attrs(attrs: &[syn::Attribute]) -> syn::Result<SerdeAttrs> {
    let mut out = SerdeAttrs::default();
    for a in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        a.parse_nested_meta(|m| {
            let s = |m: &syn::meta::ParseNestedMeta| lit_str(m);
            if m.path.is_ident("rename") {
                out.rename = Some(s(&m)?.value());
            } else if m.path.is_ident("rename_all") {
                out.rename_all = Some(s(&m)?.value());
            } else if m.path.is_ident("deny_unknown_fields") {
                out.deny_unknown_fields = true;
            } else if m.path.is_ident("default") {
                out.default = Some(if m.input.peek(syn::Token![=]) {
                    Some(s(&m)?.parse()?)
                } else {
                    None
                });
            } else if m.path.is_ident("skip_serializing_if") {
                out.skip_serializing_if = Some(s(&m)?.parse()?);
            } else {
                return Err(m.error(
                    "xinyong-derive does not know this serde attribute: teach it, or the JSON layer would read the type differently from serde",
                ));
            }
            Ok(())
        })?;
    }
    Ok(out)
}

/// A string after `=`, also when a `macro_rules!` substituted it (an invisible group).
fn lit_str(m: &syn::meta::ParseNestedMeta) -> syn::Result<LitStr> {
    let mut e: syn::Expr = m.value()?.parse()?;
    while let syn::Expr::Group(g) = e {
        e = *g.expr;
    }
    match e {
        syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(s),
            ..
        }) => Ok(s),
        other => Err(syn::Error::new_spanned(other, "expected a string literal")),
    }
}

fn snake_case(ident: &str) -> String {
    let mut s = String::new();
    for (i, c) in ident.chars().enumerate() {
        if c.is_uppercase() {
            if i > 0 {
                s.push('_');
            }
            s.extend(c.to_lowercase());
        } else {
            s.push(c);
        }
    }
    s
}

fn camel_case(snake: &str) -> String {
    let mut s = String::new();
    let mut up = false;
    for c in snake.chars() {
        if c == '_' {
            up = true;
        } else if up {
            s.extend(c.to_uppercase());
            up = false;
        } else {
            s.push(c);
        }
    }
    s
}

fn renamed(
    ident: &str,
    own: &Option<String>,
    all: &Option<String>,
    variant: bool,
) -> syn::Result<String> {
    if let Some(r) = own {
        return Ok(r.clone());
    }
    Ok(match all.as_deref() {
        None => ident.to_string(),
        Some("snake_case") if variant => snake_case(ident),
        Some("camelCase") if !variant => camel_case(ident),
        Some(other) => {
            return Err(syn::Error::new(
                proc_macro2::Span::call_site(),
                format!("xinyong-derive: rename_all = \"{other}\" is not supported here"),
            ))
        }
    })
}

fn is_option(t: &Type) -> bool {
    matches!(t, Type::Path(p) if p.qself.is_none()
        && p.path.segments.last().is_some_and(|s| s.ident == "Option"))
}

struct Field {
    ident: syn::Ident,
    key: String,
    ty: Type,
    attrs: SerdeAttrs,
}

fn fields(input: &DeriveInput, container: &SerdeAttrs) -> syn::Result<Vec<Field>> {
    let Data::Struct(s) = &input.data else {
        unreachable!()
    };
    let Fields::Named(named) = &s.fields else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "xinyong-derive: only structs with named fields",
        ));
    };
    named
        .named
        .iter()
        .map(|f| {
            let attrs = serde_attrs(&f.attrs)?;
            let ident = f.ident.clone().expect("named");
            let key = renamed(
                &ident.to_string(),
                &attrs.rename,
                &container.rename_all,
                false,
            )?;
            Ok(Field {
                ident,
                key,
                ty: f.ty.clone(),
                attrs,
            })
        })
        .collect()
}

/// Unit variants and their spellings.
fn variants(input: &DeriveInput, container: &SerdeAttrs) -> syn::Result<Vec<(syn::Ident, String)>> {
    let Data::Enum(e) = &input.data else {
        unreachable!()
    };
    e.variants
        .iter()
        .map(|v| {
            if !matches!(v.fields, Fields::Unit) {
                return Err(syn::Error::new_spanned(
                    v,
                    "xinyong-derive: only unit variants (a vocabulary written as strings)",
                ));
            }
            let a = serde_attrs(&v.attrs)?;
            let name = renamed(&v.ident.to_string(), &a.rename, &container.rename_all, true)?;
            Ok((v.ident.clone(), name))
        })
        .collect()
}

/// `#[derive(FromJson)]`: also derives `Blank` (the value the reader builds the struct on).
#[proc_macro_derive(FromJson, attributes(serde))]
pub fn derive_from_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    from_json(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn from_json(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let container = serde_attrs(&input.attrs)?;
    let j = quote!(::xinyong_json);
    match &input.data {
        Data::Struct(_) => {
            let fields = fields(input, &container)?;
            let keys: Vec<&String> = fields.iter().map(|f| &f.key).collect();
            let open = !container.deny_unknown_fields;
            let expecting = format!("struct {name}");
            let mut starts = Vec::new();
            let mut reads = Vec::new();
            if fields.len() > 48 {
                return Err(syn::Error::new_spanned(
                    name,
                    "xinyong-derive: more fields than xinyong_json::MAX_FIELDS",
                ));
            }
            for (i, f) in fields.iter().enumerate() {
                let (ident, key) = (&f.ident, &f.key);
                let start = match &f.attrs.default {
                    Some(Some(path)) => quote!(#path()),
                    Some(None) => quote!(::core::default::Default::default()),
                    None if is_option(&f.ty) => quote!(::core::option::Option::None),
                    None => quote!(#j::Blank::blank()),
                };
                starts.push(quote!(#ident: #start));
                let how = if f.attrs.default.is_some() || is_option(&f.ty) {
                    quote!(opt)
                } else {
                    quote!(req)
                };
                reads.push(quote!(o.#how(#i, #key, &mut t.#ident)?;));
            }
            Ok(quote! {
                impl #impl_g #j::Blank for #name #ty_g #where_g {
                    fn blank() -> Self {
                        #name { #(#starts),* }
                    }
                }
                impl #impl_g #j::FromJson for #name #ty_g #where_g {
                    fn from_json(v: &#j::Json, at: &#j::At) -> ::core::result::Result<Self, #j::Located> {
                        const FIELDS: &[&str] = &[#(#keys),*];
                        let o = #j::Obj::new(v, at, #expecting, FIELDS, #open)?;
                        let mut t = <Self as #j::Blank>::blank();
                        #(#reads)*
                        ::core::result::Result::Ok(t)
                    }
                }
            })
        }
        Data::Enum(_) => {
            let vs = variants(input, &container)?;
            let first = &vs
                .first()
                .ok_or_else(|| syn::Error::new_spanned(name, "xinyong-derive: an empty enum"))?
                .0;
            let last = &vs.last().expect("not empty").0;
            let idents = vs[..vs.len() - 1].iter().map(|v| &v.0);
            let idx = 0..vs.len() - 1;
            let names: Vec<&String> = vs.iter().map(|v| &v.1).collect();
            Ok(quote! {
                impl #j::Blank for #name {
                    fn blank() -> Self {
                        #name::#first
                    }
                }
                impl #j::FromJson for #name {
                    fn from_json(v: &#j::Json, at: &#j::At) -> ::core::result::Result<Self, #j::Located> {
                        const NAMES: &[&str] = &[#(#names),*];
                        // The name looked up by one shared function, then its index matched:
                        // no chain of string comparisons per enum (docs/size.md, session 9).
                        ::core::result::Result::Ok(match #j::variant(v, at, NAMES)? {
                            #(#idx => #name::#idents,)*
                            _ => #name::#last,
                        })
                    }
                }
            })
        }
        Data::Union(_) => Err(syn::Error::new_spanned(name, "xinyong-derive: no unions")),
    }
}

/// `#[derive(ToJson)]`: fields in declaration order, as serde_json writes them.
#[proc_macro_derive(ToJson, attributes(serde))]
pub fn derive_to_json(input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    to_json(&input)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

fn to_json(input: &DeriveInput) -> syn::Result<Tokens> {
    let name = &input.ident;
    let (impl_g, ty_g, where_g) = input.generics.split_for_impl();
    let container = serde_attrs(&input.attrs)?;
    let j = quote!(::xinyong_json);
    match &input.data {
        Data::Struct(_) => {
            let writes = fields(input, &container)?.into_iter().map(|f| {
                let (ident, key) = (&f.ident, &f.key);
                let skip = f
                    .attrs
                    .skip_serializing_if
                    .as_ref()
                    .map(|p| quote!(#p).to_string().replace(' ', ""));
                match skip.as_deref() {
                    None => quote!(w.field(#key, &self.#ident);),
                    // The writer's non-generic helpers for the common cases (size).
                    Some("Option::is_none") => quote!(w.field_some(#key, &self.#ident);),
                    Some("Vec::is_empty") => quote!(w.field_nonempty(#key, &self.#ident);),
                    Some("std::ops::Not::not") => quote!(w.field_true(#key, self.#ident);),
                    Some(_) => {
                        let p = f.attrs.skip_serializing_if.as_ref();
                        quote!(if !#p(&self.#ident) { w.field(#key, &self.#ident); })
                    }
                }
            });
            Ok(quote! {
                impl #impl_g #j::ToJson for #name #ty_g #where_g {
                    fn write_json(&self, w: &mut #j::Writer) {
                        w.begin_object();
                        #(#writes)*
                        w.end_object();
                    }
                }
            })
        }
        Data::Enum(_) => {
            let vs = variants(input, &container)?;
            let idents = vs.iter().map(|v| &v.0);
            let names = vs.iter().map(|v| &v.1);
            Ok(quote! {
                impl #j::ToJson for #name {
                    fn write_json(&self, w: &mut #j::Writer) {
                        w.string(match self { #(#name::#idents => #names,)* });
                    }
                }
            })
        }
        Data::Union(_) => Err(syn::Error::new_spanned(name, "xinyong-derive: no unions")),
    }
}
