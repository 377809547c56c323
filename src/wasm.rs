//! The wasm-bindgen binding: nothing but conversions. Answers and errors
//! cross to JS as plain objects made by serde-wasm-bindgen from their serde
//! derives; documents cross as JSON text (JS's native `JSON.stringify`, then
//! serde_json here); decisions as integers. `js/src/gate.js` wraps
//! [`WasmGate`] into the public JS `Gate` (string interning, the decision
//! cache, updates, listeners).

use crate::{ActionId, Context, Gate, PolicyError, Problem, RoleId, ScopeSet};
#[cfg(feature = "full")]
use crate::{Json, Policy};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// The decision-only build allocates little (a gate, its answers) and ships
/// to browsers, where every byte counts: a free-list allocator of about 1 KB
/// instead of the standard library's dlmalloc (7 KB).
#[cfg(not(feature = "full"))]
#[global_allocator]
static ALLOCATOR: lol_alloc::LockedAllocator<lol_alloc::FreeListAllocator> =
    lol_alloc::LockedAllocator::new(lol_alloc::FreeListAllocator::new());

/// A value as a plain JS object: objects for maps, `null` for `None`
/// (fields that are skipped when `None` stay absent).
fn js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// A [`PolicyError`] as JS sees it (the wrapper makes it a `PolicyError`).
#[derive(Serialize)]
struct PolicyErrorWire<'a> {
    kind: &'static str,
    problems: &'a [Problem],
}

fn thrown(e: &PolicyError) -> JsValue {
    js(&PolicyErrorWire {
        kind: "PolicyError",
        problems: e.problems(),
    })
}

/// An [`crate::EditError`] as JS sees it (the wrapper makes it an `EditError`).
#[cfg(feature = "full")]
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
    problems: &'a [Problem],
}

#[cfg(feature = "full")]
fn edit_thrown(e: &crate::EditError) -> JsValue {
    let d = e.denial();
    js(&EditErrorWire {
        kind: "EditError",
        code: e.code(),
        message: d.map_or_else(|| e.to_string(), |d| d.message.clone()),
        hint: d.and_then(|d| d.hint.as_deref()),
        feature: d.and_then(|d| d.feature.as_deref()),
        upgrade_to: d.and_then(|d| d.upgrade_to.as_deref()),
        problems: e.policy_error().map_or(&[], PolicyError::problems),
    })
}

/// The ids of a gate in index order (scope `i` has the bit `1 << i`;
/// number `i` is context `i + 1`).
#[derive(Serialize)]
struct Ids<'a> {
    roles: Vec<&'a str>,
    actions: Vec<&'a str>,
    scopes: Vec<&'a str>,
    numbers: Vec<&'a str>,
}

/// A compiled policy (see [`Gate`]).
#[wasm_bindgen]
pub struct WasmGate {
    gate: Gate,
    /// The scope sets of the scope positions JS passes: 0 no scope, 1 to n
    /// the declared scopes, n + 1 `all` (the binding's own encoding: the
    /// engine's `ScopeSet` stays inside).
    scope_sets: Vec<ScopeSet>,
}

impl From<Gate> for WasmGate {
    fn from(gate: Gate) -> WasmGate {
        let tables = &gate.tables;
        let mut scope_sets = vec![ScopeSet::NONE];
        scope_sets.extend((0..tables.scopes.len()).map(|i| ScopeSet(1 << i | ScopeSet::GIVEN)));
        scope_sets.push(ScopeSet(tables.full_scopes | ScopeSet::GIVEN));
        WasmGate { gate, scope_sets }
    }
}

#[wasm_bindgen]
impl WasmGate {
    /// Builds a gate from snapshot bytes (see [`Gate::from_snapshot`]).
    #[wasm_bindgen(js_name = fromSnapshot)]
    pub fn from_snapshot(bytes: &[u8]) -> Result<WasmGate, JsValue> {
        Gate::from_snapshot(bytes)
            .map(WasmGate::from)
            .map_err(|e| thrown(&e))
    }

    /// The compiled policy as snapshot bytes (see [`Gate::snapshot`]).
    #[cfg(feature = "full")]
    pub fn snapshot(&self) -> Vec<u8> {
        self.gate.snapshot()
    }

    /// The policy document, as a plain object.
    #[cfg(feature = "full")]
    pub fn policy(&self) -> JsValue {
        js(self.gate.policy())
    }

    /// See [`Gate::dehydrate`]: a member's decisions in `number` when
    /// `member` is given (the wrapper checks that `number` is), else `role`'s.
    #[cfg(feature = "full")]
    pub fn dehydrate(
        &self,
        role: Option<String>,
        number: Option<String>,
        member: Option<String>,
        actions: Option<Vec<String>>,
    ) -> JsValue {
        let viewer = match (&member, &number) {
            (Some(member), Some(number)) => crate::Viewer::Member { member, number },
            _ => crate::Viewer::Role {
                role: role.as_deref().unwrap_or(""),
                number: number.as_deref(),
            },
        };
        let actions: Option<Vec<&str>> = actions
            .as_ref()
            .map(|a| a.iter().map(String::as_str).collect());
        js(&self.gate.dehydrate(viewer, actions.as_deref()))
    }

    /// `{ roles, actions, scopes, numbers }`: the ids in index order (see [`Ids`]).
    pub fn ids(&self) -> JsValue {
        js(&Ids {
            roles: self.gate.roles().collect(),
            actions: self.gate.actions().collect(),
            scopes: self.gate.scopes().collect(),
            numbers: self.gate.numbers().collect(),
        })
    }

    /// The current plan.
    pub fn plan(&self) -> Option<String> {
        self.gate.plan().map(str::to_owned)
    }

    /// The id-based decision: `ctx` as [`Context::index`], `role` and
    /// `action` as positions in the id lists ([`WasmGate::ids`]), `scope` a
    /// scope position. Anything out of range is denied.
    pub fn decide(&self, ctx: u32, role: u32, action: u32, scope: u32) -> bool {
        let tables = &self.gate.tables;
        let Some(&scope) = self.scope_sets.get(scope as usize) else {
            return false;
        };
        role < tables.roles.len() as u32
            && ctx <= tables.numbers.len() as u32
            && self
                .gate
                .can_ids(Context(ctx), RoleId(role), ActionId(action), scope)
    }

    /// Every scope position's decision for (ctx, role, action) at once: bit
    /// k is the answer for scope position k. What JS caches per
    /// (number, role, action).
    pub fn cell(&self, ctx: u32, role: u32, action: u32) -> u32 {
        let mut bits = 0;
        for k in 0..self.scope_sets.len() as u32 {
            if self.decide(ctx, role, action, k) {
                bits |= 1 << k;
            }
        }
        bits
    }

    /// Many id-based decisions: (ctx, role, action, scope) quadruples in, one
    /// 0/1 byte per quadruple out.
    #[wasm_bindgen(js_name = decideMany)]
    pub fn decide_many(&self, queries: &[u32]) -> Vec<u8> {
        queries
            .chunks_exact(4)
            .map(|q| match q {
                [c, r, a, s] => u8::from(self.decide(*c, *r, *a, *s)),
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
        js(&match number {
            Some(n) => self.gate.explain_in(&n, role, action, scope.as_deref()),
            None => self.gate.explain(role, action, scope.as_deref()),
        })
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
        self.gate
            .can_member(member, number, action, scope.as_deref())
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
        js(&self
            .gate
            .explain_member(member, number, action, scope.as_deref()))
    }

    /// See [`Gate::check_limit`].
    #[wasm_bindgen(js_name = checkLimit)]
    pub fn check_limit(&self, limit: &str, used: u32) -> JsValue {
        js(&self.gate.check_limit(limit, used))
    }

    /// See [`Gate::explain_edit_permissions`].
    #[wasm_bindgen(js_name = explainEditPermissions)]
    pub fn explain_edit_permissions(&self, editor: &str, target: &str) -> JsValue {
        js(&self.gate.explain_edit_permissions(editor, target))
    }

    /// See [`Gate::explain_assign_role`].
    #[wasm_bindgen(js_name = explainAssignRole)]
    pub fn explain_assign_role(&self, editor: &str, role: &str) -> JsValue {
        js(&self.gate.explain_assign_role(editor, role))
    }

    /// See [`Gate::capabilities`]; `null` for an unknown role or number.
    pub fn capabilities(&self, role: &str, number: Option<String>) -> JsValue {
        js(&self.gate.capabilities(role, number.as_deref()))
    }

    /// See [`Gate::team_warnings`].
    #[wasm_bindgen(js_name = teamWarnings)]
    pub fn team_warnings(&self) -> JsValue {
        js(&self.gate.team_warnings())
    }

    /// See [`Gate::members_with_role`].
    #[wasm_bindgen(js_name = membersWithRole)]
    pub fn members_with_role(&self, role: &str, number: Option<String>) -> JsValue {
        js(&self.gate.members_with_role(role, number.as_deref()))
    }

    /// See [`Gate::member_role`].
    #[wasm_bindgen(js_name = memberRole)]
    pub fn member_role(&self, member: &str, number: &str) -> Option<String> {
        self.gate.member_role(member, number).map(str::to_owned)
    }
}

/// Loading documents and editing: the full engine only.
#[cfg(feature = "full")]
#[wasm_bindgen]
impl WasmGate {
    /// Builds a gate from a policy document's JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(text: &str) -> Result<WasmGate, JsValue> {
        Gate::from_json(text)
            .map(WasmGate::from)
            .map_err(|e| thrown(&e))
    }

    /// Builds a gate from an embedded preset.
    #[wasm_bindgen(js_name = fromPreset)]
    pub fn from_preset(name: &str) -> Result<WasmGate, JsValue> {
        Gate::preset(name)
            .map(WasmGate::from)
            .map_err(|e| thrown(&e))
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
        self.gate
            .with_team_permission(editor, number, target, action, &scopes)
            .map(WasmGate::from)
            .map_err(|e| edit_thrown(&e))
    }

    /// See [`Gate::with_custom_role`]; `role` is the JSON text of a role object.
    #[wasm_bindgen(js_name = withCustomRole)]
    pub fn with_custom_role(&self, editor: &str, role: &str) -> Result<WasmGate, JsValue> {
        let role = PolicyError::check_text_size(role)
            .and_then(|()| Json::parse(role))
            .and_then(|j| Policy::role_from_json_value(&j))
            .map_err(|e| thrown(&e))?;
        self.gate
            .with_custom_role(editor, role)
            .map(WasmGate::from)
            .map_err(|e| edit_thrown(&e))
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
        self.gate
            .with_member_role(editor, member, number, role)
            .map(WasmGate::from)
            .map_err(|e| edit_thrown(&e))
    }

    /// See [`Gate::with_plan`].
    #[wasm_bindgen(js_name = withPlan)]
    pub fn with_plan(&self, plan: &str) -> Result<WasmGate, JsValue> {
        self.gate
            .with_plan(plan)
            .map(WasmGate::from)
            .map_err(|e| edit_thrown(&e))
    }
}

/// The names of the embedded presets.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = presetNames)]
pub fn preset_names() -> JsValue {
    js(&crate::presets::names().collect::<Vec<_>>())
}

/// A preset's JSON text.
#[cfg(feature = "full")]
#[wasm_bindgen(js_name = presetSource)]
pub fn preset_source(name: &str) -> Result<String, JsValue> {
    crate::presets::source(name)
        .map(str::to_owned)
        .map_err(|e| thrown(&e))
}

/// The decision-only build (`--no-default-features`, the wasm of
/// `teamgate/lite`): gates come from snapshots, and the default preset is
/// embedded as one, not as JSON.
#[cfg(not(feature = "full"))]
#[wasm_bindgen]
impl WasmGate {
    /// A gate of the default preset (`team-inbox`).
    #[wasm_bindgen(js_name = defaultPreset)]
    pub fn default_preset() -> Result<WasmGate, JsValue> {
        WasmGate::from_snapshot(DEFAULT_SNAPSHOT)
    }
}

/// `presets/team-inbox.snapshot`, written from the JSON preset by
/// `TEAMGATE_BLESS=1 cargo test` and checked by `tests/vectors.rs`.
#[cfg(not(feature = "full"))]
const DEFAULT_SNAPSHOT: &[u8] = include_bytes!("../presets/team-inbox.snapshot");
