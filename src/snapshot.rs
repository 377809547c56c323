//! Snapshots: a compiled gate as compact bytes ([`Gate::snapshot`],
//! [`Gate::from_snapshot`]). A server builds and validates the policy once
//! and keeps or sends the snapshot; loading it skips reading and validating
//! the document. It is also what the decision-only build of the crate
//! (`--no-default-features`: no JSON reader, no validation, no editing)
//! loads, the groundwork for a smaller `teamgate/lite` entry. Reading a snapshot trusts its content to be the
//! output of [`Gate::snapshot`] of the same format: it checks the framing,
//! the lengths and the table dimensions, not the policy's rules.
//!
//! Format: the magic `TGS`, a format byte, then the policy and its tables in
//! field order; integers are LEB128, strings are length-prefixed UTF-8.

use crate::compile::{ActionInfo, Compiled, IdIndex, MemberInfo, RoleInfo};
use crate::error::{ErrorCode, PolicyError, Problem};
use crate::gate::Gate;
use crate::model::{
    ActionDef, Limit, Management, Map, MemberDef, NumberDef, PlanDef, Policy, RoleDef, Unlimited,
};

const MAGIC: &[u8; 3] = b"TGS";
/// The snapshot format; a reader refuses any other.
pub const SNAPSHOT_FORMAT: u8 = 1;

/// Writes and reads one value. Reading never stops half-way: a damaged
/// value reads as a default and marks the reader `bad`, which
/// [`Gate::from_snapshot`] checks once at the end. (Returning early from
/// every nested read would cost the browser build kilobytes of clean-up code
/// for half-built values.)
trait Codec: Sized {
    fn put(&self, w: &mut Vec<u8>);
    fn get(r: &mut Reader<'_>) -> Self;
}

struct Reader<'a> {
    bytes: &'a [u8],
    bad: bool,
}

impl Reader<'_> {
    fn byte(&mut self) -> u8 {
        match self.bytes.split_first() {
            Some((&b, rest)) => {
                self.bytes = rest;
                b
            }
            None => self.fail(0),
        }
    }
    fn take(&mut self, n: usize) -> &[u8] {
        if n > self.bytes.len() {
            return self.fail(&[]);
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        head
    }
    /// Marks the snapshot damaged and reads `value` instead.
    fn fail<T>(&mut self, value: T) -> T {
        self.bad = true;
        value
    }
}

impl Codec for u32 {
    fn put(&self, w: &mut Vec<u8>) {
        let mut v = *self;
        while v >= 0x80 {
            w.push((v as u8) | 0x80);
            v >>= 7;
        }
        w.push(v as u8);
    }
    fn get(r: &mut Reader<'_>) -> u32 {
        let mut v: u32 = 0;
        for shift in [0, 7, 14, 21, 28] {
            let b = r.byte();
            v |= u32::from(b & 0x7f) << shift;
            if b < 0x80 {
                // The fifth byte holds the top 4 bits only.
                return if shift == 28 && b > 0x0f {
                    r.fail(0)
                } else {
                    v
                };
            }
        }
        r.fail(0)
    }
}

impl Codec for usize {
    fn put(&self, w: &mut Vec<u8>) {
        u32::try_from(*self).unwrap_or(u32::MAX).put(w);
    }
    fn get(r: &mut Reader<'_>) -> usize {
        u32::get(r) as usize
    }
}

impl Codec for bool {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(u8::from(*self));
    }
    fn get(r: &mut Reader<'_>) -> bool {
        match r.byte() {
            0 => false,
            1 => true,
            _ => r.fail(false),
        }
    }
}

impl Codec for String {
    fn put(&self, w: &mut Vec<u8>) {
        self.len().put(w);
        w.extend_from_slice(self.as_bytes());
    }
    fn get(r: &mut Reader<'_>) -> String {
        let n = usize::get(r);
        match std::str::from_utf8(r.take(n)) {
            Ok(s) => s.to_owned(),
            Err(_) => r.fail(String::new()),
        }
    }
}

impl<T: Codec> Codec for Option<T> {
    fn put(&self, w: &mut Vec<u8>) {
        match self {
            None => w.push(0),
            Some(v) => {
                w.push(1);
                v.put(w);
            }
        }
    }
    fn get(r: &mut Reader<'_>) -> Option<T> {
        match r.byte() {
            0 => None,
            1 => Some(T::get(r)),
            _ => r.fail(None),
        }
    }
}

impl<T: Codec> Codec for Vec<T> {
    fn put(&self, w: &mut Vec<u8>) {
        self.len().put(w);
        for v in self {
            v.put(w);
        }
    }
    fn get(r: &mut Reader<'_>) -> Vec<T> {
        let mut n = usize::get(r);
        // Every value takes at least one byte: no allocation beyond the input.
        if n > r.bytes.len() {
            n = r.fail(0);
        }
        let mut out = Vec::with_capacity(n);
        for _ in 0..n {
            out.push(T::get(r));
        }
        out
    }
}

impl<A: Codec, B: Codec> Codec for (A, B) {
    fn put(&self, w: &mut Vec<u8>) {
        self.0.put(w);
        self.1.put(w);
    }
    fn get(r: &mut Reader<'_>) -> (A, B) {
        let a = A::get(r);
        (a, B::get(r))
    }
}

impl<V: Codec> Codec for Map<V> {
    fn put(&self, w: &mut Vec<u8>) {
        self.0.put(w);
    }
    fn get(r: &mut Reader<'_>) -> Map<V> {
        Map(Vec::get(r))
    }
}

impl Codec for Limit {
    fn put(&self, w: &mut Vec<u8>) {
        match self {
            Limit::Unlimited(_) => None,
            Limit::Count(n) => Some(*n),
        }
        .put(w);
    }
    fn get(r: &mut Reader<'_>) -> Limit {
        match Option::<u32>::get(r) {
            None => Limit::Unlimited(Unlimited::Unlimited),
            Some(n) => Limit::Count(n),
        }
    }
}

/// `Codec` for a struct, field by field in the order given.
macro_rules! codec {
    ($t:ident { $($f:ident),* $(,)? }) => {
        impl Codec for $t {
            fn put(&self, w: &mut Vec<u8>) {
                $(self.$f.put(w);)*
            }
            fn get(r: &mut Reader<'_>) -> $t {
                $t { $($f: Codec::get(r),)* }
            }
        }
    };
}

codec!(ActionDef {
    id,
    scoped,
    feature,
    description
});
codec!(RoleDef {
    id,
    name,
    rank,
    builtin,
    owner,
    inherits,
    grants,
    except
});
codec!(PlanDef {
    id,
    name,
    features,
    limits
});
codec!(Management {
    edit_permissions,
    manage_roles,
    assign_roles,
    keep_one_of
});
codec!(NumberDef {
    id,
    name,
    team_permissions
});
codec!(MemberDef {
    id,
    name,
    roles,
    grants
});
codec!(Policy {
    version,
    id,
    description,
    scopes,
    features,
    actions,
    roles,
    plans,
    plan,
    management,
    numbers,
    members,
});
codec!(RoleInfo { id, rank, owner });
codec!(ActionInfo {
    id,
    scoped,
    feature,
    on
});
codec!(MemberInfo { id, roles, grants });

fn index<'a>(ids: impl Iterator<Item = &'a String>) -> IdIndex {
    ids.enumerate().map(|(i, id)| (id.clone(), i)).collect()
}

fn tables(r: &mut Reader<'_>) -> Compiled {
    let roles: Vec<RoleInfo> = Codec::get(r);
    let actions: Vec<ActionInfo> = Codec::get(r);
    let scopes: Vec<String> = Codec::get(r);
    let features: Vec<String> = Codec::get(r);
    let full_scopes = Codec::get(r);
    let plan = Codec::get(r);
    let held: Vec<u32> = Codec::get(r);
    let table: Vec<u32> = Codec::get(r);
    let numbers: Vec<String> = Codec::get(r);
    let team_enforced = Codec::get(r);
    let members: Vec<MemberInfo> = Codec::get(r);
    let edit_action = Codec::get(r);
    let manage_roles_action = Codec::get(r);
    let assign_actions = Codec::get(r);
    let keep_one_of = Codec::get(r);
    // The dimensions every lookup relies on.
    let cells = roles.len().checked_mul(actions.len());
    let consistent = held.len() == cells.unwrap_or(usize::MAX)
        && Some(table.len()) == cells.and_then(|c| c.checked_mul(numbers.len() + 1))
        && members
            .iter()
            .all(|m| m.roles.len() == numbers.len() && m.grants.len() == actions.len());
    if !consistent {
        r.bad = true;
    }
    Compiled {
        role_index: index(roles.iter().map(|x| &x.id)),
        action_index: index(actions.iter().map(|x| &x.id)),
        number_index: index(numbers.iter()),
        member_index: index(members.iter().map(|x| &x.id)),
        roles,
        actions,
        scopes,
        features,
        full_scopes,
        plan,
        held,
        table,
        numbers,
        team_enforced,
        members,
        edit_action,
        manage_roles_action,
        assign_actions,
        keep_one_of,
    }
}

impl Gate {
    /// The gate as compact bytes for [`Gate::from_snapshot`]: the policy and
    /// its compiled tables.
    pub fn snapshot(&self) -> Vec<u8> {
        let mut w = Vec::new();
        w.extend_from_slice(MAGIC);
        w.push(SNAPSHOT_FORMAT);
        self.policy.put(&mut w);
        let c = &self.c;
        c.roles.put(&mut w);
        c.actions.put(&mut w);
        c.scopes.put(&mut w);
        c.features.put(&mut w);
        c.full_scopes.put(&mut w);
        c.plan.put(&mut w);
        c.held.put(&mut w);
        c.table.put(&mut w);
        c.numbers.put(&mut w);
        c.team_enforced.put(&mut w);
        c.members.put(&mut w);
        c.edit_action.put(&mut w);
        c.manage_roles_action.put(&mut w);
        c.assign_actions.put(&mut w);
        c.keep_one_of.put(&mut w);
        w
    }

    /// A gate from [`Gate::snapshot`] bytes, without validating the policy
    /// again (it was validated when the snapshot was made).
    ///
    /// # Errors
    /// `invalid_snapshot` for bytes that are not a snapshot of this format.
    pub fn from_snapshot(bytes: &[u8]) -> Result<Gate, PolicyError> {
        let refuse = |message: &str| {
            PolicyError::one(
                Problem::new(ErrorCode::InvalidSnapshot, "$", message.to_owned()).hint(
                    "send the bytes of `Gate::snapshot()` / `gate.snapshot()` unchanged, made by the same teamgate version",
                ),
            )
        };
        let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
            return Err(refuse("not a teamgate snapshot"));
        };
        let mut r = Reader {
            bytes: rest,
            bad: false,
        };
        if r.byte() != SNAPSHOT_FORMAT {
            return Err(refuse("snapshot of another format version"));
        }
        let policy = Policy::get(&mut r);
        let c = tables(&mut r);
        if r.bad || !r.bytes.is_empty() {
            return Err(refuse("truncated or damaged snapshot"));
        }
        Ok(Gate {
            policy,
            c,
            log: None,
        })
    }
}
