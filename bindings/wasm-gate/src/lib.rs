//! The JS boundary both npm entries share: [`WasmGate`], a core gate with
//! its decisions, and the conversions. Nothing but conversions: answers and
//! errors cross to JS as plain objects made by serde-wasm-bindgen from their
//! serde derives, decisions as integers. `js/src/gate.js` wraps
//! [`WasmGate`] into the public JS `Gate` (string interning, the decision
//! cache, updates, listeners). The entries' own crates (`bindings/wasm`,
//! `bindings/wasm-lite`) add how gates are made.

use serde::Serialize;
use teamgate_core::format::{PolicyError, Problem, ALL_SCOPES};
use teamgate_core::{Gate, ScopeSet};
use wasm_bindgen::prelude::*;

/// A value as a plain JS object: objects for maps, `null` for `None`
/// (fields that are skipped when `None` stay absent).
pub fn js<T: Serialize + ?Sized>(value: &T) -> JsValue {
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

/// A [`PolicyError`] as the value JS catches.
pub fn thrown(e: &PolicyError) -> JsValue {
    js(&PolicyErrorWire {
        kind: "PolicyError",
        problems: e.problems(),
    })
}

/// The ids of a gate in index order, the scope of each scope position JS
/// passes (`""`: no scope, never an id), and the number of each context
/// index (`""`: the role defaults).
#[derive(Serialize)]
struct Ids<'a> {
    roles: Vec<&'a str>,
    actions: Vec<&'a str>,
    scopes: Vec<&'a str>,
    positions: Vec<&'a str>,
    contexts: Vec<&'a str>,
}

/// The scope positions, defined here once (JS reads them from
/// [`WasmGate::ids`]): no scope (`""`, never an id), the declared scopes,
/// then `all`.
fn scope_positions(gate: &Gate) -> Vec<&str> {
    let mut positions = vec![""];
    positions.extend(gate.scopes());
    positions.push(ALL_SCOPES);
    positions
}

/// A compiled policy (see [`Gate`]).
#[wasm_bindgen]
pub struct WasmGate {
    gate: Gate,
    /// The scope set of each scope position ([`scope_positions`]: the
    /// binding's own encoding; the engine's `ScopeSet` stays inside).
    scope_sets: Vec<ScopeSet>,
}

impl From<Gate> for WasmGate {
    fn from(gate: Gate) -> WasmGate {
        let scope_sets = scope_positions(&gate)
            .into_iter()
            .map(|s| {
                gate.scope_set(Some(s).filter(|s| !s.is_empty()))
                    .unwrap_or(ScopeSet::NONE)
            })
            .collect();
        WasmGate { gate, scope_sets }
    }
}

impl WasmGate {
    /// The gate (for the entries' own crates).
    pub fn gate(&self) -> &Gate {
        &self.gate
    }
}

#[wasm_bindgen]
impl WasmGate {
    /// `{ roles, actions, scopes, positions, contexts }`: the ids in index
    /// order, the scope of each scope position (`""`: no scope) and the
    /// number of each context index (`""`: the role defaults).
    pub fn ids(&self) -> JsValue {
        js(&Ids {
            roles: self.gate.roles().collect(),
            actions: self.gate.actions().collect(),
            scopes: self.gate.scopes().collect(),
            positions: scope_positions(&self.gate),
            contexts: (0..=self.gate.numbers().count() as u32)
                .map(|i| self.gate.context_number(i).unwrap_or_default())
                .collect(),
        })
    }

    /// The current plan.
    pub fn plan(&self) -> Option<String> {
        self.gate.plan().map(str::to_owned)
    }

    /// The id-based decision: `ctx` as [`teamgate_core::Context::index`], `role` and
    /// `action` as positions in the id lists ([`WasmGate::ids`]), `scope` a
    /// scope position (`positions` there). Anything out of range is denied.
    pub fn decide(&self, ctx: u32, role: u32, action: u32, scope: u32) -> bool {
        let g = &self.gate;
        match (
            g.context_at(ctx),
            g.role_at(role),
            g.action_at(action),
            self.scope_sets.get(scope as usize),
        ) {
            (Some(c), Some(r), Some(a), Some(&s)) => g.can_ids(c, r, a, s),
            _ => false,
        }
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
