//! The wasm-bindgen binding: conversions between JS values and the core's
//! types, nothing else. `js/src/index.js` wraps [`WasmGate`] into the public
//! JS `Gate` (string interning, updates, listeners).

use crate::{Gate, Json, Policy, PolicyError, MAX_DEPTH, MAX_JSON_NODES};
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

/// A JS value as a JSON tree, refusing documents that are too large or deep.
fn json_from_js(v: &JsValue, depth: usize, budget: &mut usize) -> Result<Json, PolicyError> {
    if *budget == 0 || depth > MAX_DEPTH {
        return Err(PolicyError::too_large(format!(
            "more than {MAX_JSON_NODES} values or {MAX_DEPTH} levels"
        )));
    }
    *budget -= 1;
    if let Some(b) = v.as_bool() {
        return Ok(Json::Bool(b));
    }
    if let Some(n) = v.as_f64() {
        return Ok(Json::Number(n));
    }
    if let Some(s) = v.as_string() {
        return Ok(Json::String(s));
    }
    if Array::is_array(v) {
        let a = Array::from(v);
        return a
            .iter()
            .map(|x| json_from_js(&x, depth + 1, budget))
            .collect::<Result<_, _>>()
            .map(Json::Array);
    }
    if v.is_object() && !v.is_function() {
        let mut out = Vec::new();
        for entry in Object::entries(&Object::from(v.clone())).iter() {
            let pair = Array::from(&entry);
            let key = pair.get(0).as_string().unwrap_or_default();
            out.push((key, json_from_js(&pair.get(1), depth + 1, budget)?));
        }
        return Ok(Json::Object(out));
    }
    Ok(Json::Null)
}

fn json_to_js(j: &Json) -> JsValue {
    match j {
        Json::Null => JsValue::NULL,
        Json::Bool(b) => JsValue::from_bool(*b),
        Json::Number(n) => JsValue::from_f64(*n),
        Json::String(s) => JsValue::from_str(s),
        Json::Array(a) => a.iter().map(json_to_js).collect::<Array>().into(),
        Json::Object(o) => {
            let obj = Object::new();
            for (k, v) in o {
                let _ = Reflect::set(&obj, &JsValue::from_str(k), &json_to_js(v));
            }
            obj.into()
        }
    }
}

fn policy_error(e: &PolicyError) -> JsValue {
    json_to_js(&e.to_json_value())
}

fn edit_error(e: &crate::EditError) -> JsValue {
    json_to_js(&e.to_json_value())
}

/// A document given as JSON text or as a JS object.
fn tree(value: &JsValue) -> Result<Json, JsValue> {
    let parsed;
    let value = match value.as_string() {
        Some(text) => {
            PolicyError::check_text_size(&text).map_err(|e| policy_error(&e))?;
            parsed = js_sys::JSON::parse(&text).map_err(|e| {
                policy_error(&PolicyError::json_syntax(String::from(
                    js_sys::Error::from(e).message(),
                )))
            })?;
            &parsed
        }
        None => value,
    };
    let mut budget = MAX_JSON_NODES;
    json_from_js(value, 0, &mut budget).map_err(|e| policy_error(&e))
}

/// A compiled policy (see [`Gate`]).
#[wasm_bindgen]
pub struct WasmGate(Gate);

#[wasm_bindgen]
impl WasmGate {
    /// Builds a gate from a policy document: a JS object or JSON text.
    #[wasm_bindgen(js_name = fromPolicy)]
    pub fn from_policy(value: JsValue) -> Result<WasmGate, JsValue> {
        let policy = Policy::from_json_value(&tree(&value)?).map_err(|e| policy_error(&e))?;
        Gate::new(policy)
            .map(WasmGate)
            .map_err(|e| policy_error(&e))
    }

    /// Builds a gate from an embedded preset.
    #[wasm_bindgen(js_name = fromPreset)]
    pub fn from_preset(name: &str) -> Result<WasmGate, JsValue> {
        let source = crate::presets::source(name).map_err(|e| policy_error(&e))?;
        WasmGate::from_policy(JsValue::from_str(source))
    }

    /// The policy document as a plain object.
    pub fn policy(&self) -> JsValue {
        json_to_js(&self.0.policy().to_json_value())
    }

    /// Role ids in index order.
    pub fn roles(&self) -> Vec<String> {
        self.0.roles().map(str::to_owned).collect()
    }
    /// Action ids in index order.
    pub fn actions(&self) -> Vec<String> {
        self.0.actions().map(str::to_owned).collect()
    }
    /// Declared scope ids; scope `i` has the bit `1 << i`.
    pub fn scopes(&self) -> Vec<String> {
        self.0.scopes().map(str::to_owned).collect()
    }
    /// Number ids; number `i` is context `i + 1`.
    pub fn numbers(&self) -> Vec<String> {
        self.0.numbers().map(str::to_owned).collect()
    }
    /// The current plan.
    pub fn plan(&self) -> Option<String> {
        self.0.plan().map(str::to_owned)
    }

    /// The id-based decision (see [`Gate::can_indices`]).
    #[wasm_bindgen(js_name = canIds)]
    pub fn can_ids(&self, ctx: u32, role: u32, action: u32, scope: u32) -> bool {
        self.0.can_indices(ctx, role, action, scope)
    }

    /// Many id-based decisions: (ctx, role, action, scope) quadruples in, one
    /// 0/1 byte per quadruple out.
    #[wasm_bindgen(js_name = canMany)]
    pub fn can_many(&self, queries: &[u32]) -> Vec<u8> {
        queries
            .chunks_exact(4)
            .map(|q| match q {
                [c, r, a, s] => u8::from(self.0.can_indices(*c, *r, *a, *s)),
                _ => 0,
            })
            .collect()
    }

    /// See [`Gate::explain_in`]; `number` may be absent.
    pub fn explain(
        &self,
        role: &str,
        action: &str,
        scope: Option<String>,
        number: Option<String>,
    ) -> JsValue {
        let e = match number {
            Some(n) => self.0.explain_in(&n, role, action, scope.as_deref()),
            None => self.0.explain(role, action, scope.as_deref()),
        };
        json_to_js(&e.to_json_value())
    }

    /// See [`Gate::can_member`].
    #[wasm_bindgen(js_name = canMember)]
    pub fn can_member(
        &self,
        member: &str,
        number: &str,
        action: &str,
        scope: Option<String>,
    ) -> bool {
        self.0.can_member(member, number, action, scope.as_deref())
    }

    /// See [`Gate::explain_member`].
    #[wasm_bindgen(js_name = explainMember)]
    pub fn explain_member(
        &self,
        member: &str,
        number: &str,
        action: &str,
        scope: Option<String>,
    ) -> JsValue {
        json_to_js(
            &self
                .0
                .explain_member(member, number, action, scope.as_deref())
                .to_json_value(),
        )
    }

    /// See [`Gate::check_limit`].
    #[wasm_bindgen(js_name = checkLimit)]
    pub fn check_limit(&self, limit: &str, used: u32) -> JsValue {
        json_to_js(&self.0.check_limit(limit, used).to_json_value())
    }

    /// See [`Gate::explain_edit_permissions`].
    #[wasm_bindgen(js_name = explainEditPermissions)]
    pub fn explain_edit_permissions(&self, editor: &str, target: &str) -> JsValue {
        json_to_js(
            &self
                .0
                .explain_edit_permissions(editor, target)
                .to_json_value(),
        )
    }

    /// See [`Gate::explain_assign_role`].
    #[wasm_bindgen(js_name = explainAssignRole)]
    pub fn explain_assign_role(&self, editor: &str, role: &str) -> JsValue {
        json_to_js(&self.0.explain_assign_role(editor, role).to_json_value())
    }

    /// See [`Gate::capabilities`]; `null` for an unknown role or number.
    pub fn capabilities(&self, role: &str, number: Option<String>) -> JsValue {
        self.0
            .capabilities(role, number.as_deref())
            .map_or(JsValue::NULL, |c| json_to_js(&c.to_json_value()))
    }

    /// See [`Gate::team_warnings`].
    #[wasm_bindgen(js_name = teamWarnings)]
    pub fn team_warnings(&self) -> JsValue {
        json_to_js(&Json::Array(
            self.0
                .team_warnings()
                .iter()
                .map(|w| w.to_json_value())
                .collect(),
        ))
    }

    /// See [`Gate::members_with_role`].
    #[wasm_bindgen(js_name = membersWithRole)]
    pub fn members_with_role(&self, role: &str, number: Option<String>) -> Vec<String> {
        self.0
            .members_with_role(role, number.as_deref())
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// See [`Gate::member_role`].
    #[wasm_bindgen(js_name = memberRole)]
    pub fn member_role(&self, member: &str, number: &str) -> Option<String> {
        self.0.member_role(member, number).map(str::to_owned)
    }

    /// See [`Gate::with_team_permission`].
    #[wasm_bindgen(js_name = withTeamPermission)]
    pub fn with_team_permission(
        &self,
        editor: &str,
        number: &str,
        target: &str,
        action: &str,
        scopes: Vec<String>,
    ) -> Result<WasmGate, JsValue> {
        let scopes: Vec<&str> = scopes.iter().map(String::as_str).collect();
        self.0
            .with_team_permission(editor, number, target, action, &scopes)
            .map(WasmGate)
            .map_err(|e| edit_error(&e))
    }

    /// See [`Gate::with_custom_role`]; `role` is a role object of the format.
    #[wasm_bindgen(js_name = withCustomRole)]
    pub fn with_custom_role(&self, editor: &str, role: JsValue) -> Result<WasmGate, JsValue> {
        let role = Policy::role_from_json_value(&tree(&role)?).map_err(|e| policy_error(&e))?;
        self.0
            .with_custom_role(editor, role)
            .map(WasmGate)
            .map_err(|e| edit_error(&e))
    }

    /// See [`Gate::with_member_role`].
    #[wasm_bindgen(js_name = withMemberRole)]
    pub fn with_member_role(
        &self,
        editor: &str,
        member: &str,
        number: &str,
        role: &str,
    ) -> Result<WasmGate, JsValue> {
        self.0
            .with_member_role(editor, member, number, role)
            .map(WasmGate)
            .map_err(|e| edit_error(&e))
    }

    /// See [`Gate::with_plan`].
    #[wasm_bindgen(js_name = withPlan)]
    pub fn with_plan(&self, plan: &str) -> Result<WasmGate, JsValue> {
        self.0
            .with_plan(plan)
            .map(WasmGate)
            .map_err(|e| edit_error(&e))
    }
}

/// The names of the embedded presets.
#[wasm_bindgen(js_name = presetNames)]
pub fn preset_names() -> Vec<String> {
    crate::presets::names().map(str::to_owned).collect()
}

/// A preset's document as a plain object.
#[wasm_bindgen(js_name = presetDocument)]
pub fn preset_document(name: &str) -> Result<JsValue, JsValue> {
    let source = crate::presets::source(name).map_err(|e| policy_error(&e))?;
    js_sys::JSON::parse(source)
        .map_err(|_| policy_error(&PolicyError::json_syntax("embedded preset")))
}
