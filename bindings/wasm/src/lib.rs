//! The wasm of the npm entry `teamgate`: [`WasmGate`]'s decisions (from
//! `bindings/wasm-gate`) plus what needs the whole engine: gates from
//! documents, presets and snapshots (with "did you mean" hints), snapshots,
//! the document, dehydrated decisions, and edits. Functions, not methods:
//! `WasmGate` belongs to the shared crate. `js/src/index.js` wraps them.

use serde::Serialize;
use teamgate::{EditError, Gate, Json, Policy, PolicyError, Problem, ReasonParams, Viewer};
use teamgate_wasm_gate::{js, thrown, WasmGate};
use wasm_bindgen::prelude::*;

/// An [`EditError`] as JS sees it (the wrapper makes it an `EditError`).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EditErrorWire<'a> {
    kind: &'static str,
    code: &'static str,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    hint: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    feature: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upgrade_to: Option<&'a str>,
    /// A denial's named values (what its message was written from).
    #[serde(skip_serializing_if = "Option::is_none")]
    params: Option<&'a ReasonParams>,
    problems: &'a [Problem],
}

fn edit_thrown(e: &EditError) -> JsValue {
    let d = e.denial();
    js(&EditErrorWire {
        kind: "EditError",
        code: e.code(),
        message: d.map_or_else(|| e.to_string(), |d| d.message.clone()),
        hint: d.and_then(|d| d.hint.as_deref()),
        feature: d.and_then(|d| d.feature.as_deref()),
        upgrade_to: d.and_then(|d| d.upgrade_to.as_deref()),
        params: d.map(|d| &*d.params),
        problems: e.policy_error().map_or(&[], PolicyError::problems),
    })
}

fn built(gate: Result<Gate, PolicyError>) -> Result<WasmGate, JsValue> {
    gate.map(|g| WasmGate::from(g.into_core()))
        .map_err(|e| thrown(&e))
}

fn edited(gate: Result<Gate, EditError>) -> Result<WasmGate, JsValue> {
    gate.map(|g| WasmGate::from(g.into_core()))
        .map_err(|e| edit_thrown(&e))
}

/// The gate of a [`WasmGate`], as this crate's (for edits).
fn full(gate: &WasmGate) -> Gate {
    Gate::from(gate.gate().clone())
}

/// A gate from a policy document's JSON text, as UTF-8 bytes: JS encodes
/// it with `TextEncoder` (natively), where wasm-bindgen would copy a
/// string into wasm one UTF-16 unit at a time in a JS loop (about 12 ms
/// for a 1.7 MB document, against 2; docs/benchmarks.md).
#[wasm_bindgen(js_name = fromJson)]
pub fn from_json(text: &[u8]) -> Result<WasmGate, JsValue> {
    match std::str::from_utf8(text) {
        Ok(text) => built(Gate::from_json(text)),
        Err(e) => Err(thrown(&PolicyError::json_syntax(e))),
    }
}

/// A gate of an embedded preset.
#[wasm_bindgen(js_name = fromPreset)]
pub fn from_preset(name: &str) -> Result<WasmGate, JsValue> {
    built(Gate::preset(name))
}

/// A gate from snapshot bytes (see `Gate::from_snapshot`).
#[wasm_bindgen(js_name = fromSnapshot)]
pub fn from_snapshot(bytes: &[u8]) -> Result<WasmGate, JsValue> {
    built(Gate::from_snapshot(bytes))
}

/// The names of the embedded presets.
#[wasm_bindgen(js_name = presetNames)]
pub fn preset_names() -> JsValue {
    js(&teamgate::presets::names().collect::<Vec<_>>())
}

/// A preset's JSON text.
#[wasm_bindgen(js_name = presetSource)]
pub fn preset_source(name: &str) -> Result<String, JsValue> {
    teamgate::presets::source(name)
        .map(str::to_owned)
        .map_err(|e| thrown(&e))
}

/// The compiled policy as snapshot bytes (see `Gate::snapshot`).
#[wasm_bindgen(js_name = snapshotOf)]
pub fn snapshot_of(gate: &WasmGate) -> Vec<u8> {
    gate.gate().snapshot()
}

/// The policy document, as a plain object.
#[wasm_bindgen(js_name = policyOf)]
pub fn policy_of(gate: &WasmGate) -> JsValue {
    js(gate.gate().policy())
}

/// See `Gate::dehydrate`: a member's decisions in `number` when `member` is
/// given (the wrapper checks that `number` is), else `role`'s.
#[wasm_bindgen]
pub fn dehydrate(
    gate: &WasmGate,
    role: Option<String>,
    number: Option<String>,
    member: Option<String>,
    actions: Option<Vec<String>>,
) -> JsValue {
    let viewer = match (&member, &number) {
        (Some(member), Some(number)) => Viewer::Member { member, number },
        _ => Viewer::Role {
            role: role.as_deref().unwrap_or(""),
            number: number.as_deref(),
        },
    };
    let actions: Option<Vec<&str>> = actions
        .as_ref()
        .map(|a| a.iter().map(String::as_str).collect());
    js(&gate.gate().dehydrate(viewer, actions.as_deref()))
}

/// See `Gate::with_team_permission`.
#[wasm_bindgen(js_name = withTeamPermission)]
pub fn with_team_permission(
    gate: &WasmGate,
    editor: &str,
    number: &str,
    target: &str,
    action: &str,
    scopes: Vec<String>,
) -> Result<WasmGate, JsValue> {
    let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
    edited(full(gate).with_team_permission(editor, number, target, action, &scopes))
}

/// See `Gate::with_custom_role`; `role` is the JSON text of a role object.
#[wasm_bindgen(js_name = withCustomRole)]
pub fn with_custom_role(gate: &WasmGate, editor: &str, role: &str) -> Result<WasmGate, JsValue> {
    let role = PolicyError::check_text_size(role)
        .and_then(|()| Json::parse(role))
        .and_then(|j| Policy::role_from_json_value(&j))
        .map_err(|e| thrown(&e))?;
    edited(full(gate).with_custom_role(editor, role))
}

/// See `Gate::with_member_role`.
#[wasm_bindgen(js_name = withMemberRole)]
pub fn with_member_role(
    gate: &WasmGate,
    editor: &str,
    member: &str,
    number: &str,
    role: &str,
) -> Result<WasmGate, JsValue> {
    edited(full(gate).with_member_role(editor, member, number, role))
}

/// See `Gate::with_plan`.
#[wasm_bindgen(js_name = withPlan)]
pub fn with_plan(gate: &WasmGate, plan: &str) -> Result<WasmGate, JsValue> {
    edited(full(gate).with_plan(plan))
}
