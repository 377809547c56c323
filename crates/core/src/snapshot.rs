//! Snapshots: a compiled gate as compact bytes ([`Gate::snapshot`],
//! [`Gate::from_snapshot`]). A server builds and validates the policy once
//! and keeps or sends the snapshot; loading it skips reading and validating
//! the document. It is also the only way into a gate for those that link
//! this crate alone (no JSON reader, no validation, no editing): the
//! browser's `teamgate/lite`.
//!
//! A snapshot is never misread: a CRC-32 over every byte refuses damaged
//! ones (every single-bit flip, every burst up to 32 bits, truncation and
//! extension), and it holds only what takes validating to know (what each
//! role holds, each member's extra grants), checked against the policy on
//! load; every other table is derived from the policy again
//! ([`Tables::derive`], what validation ends with), so an accepted
//! snapshot decides exactly as the gate that wrote it and `can` never
//! disagrees with `explain`. It is not a signature: whoever can write a
//! snapshot can write one that says anything, so a server loads only
//! snapshots it made, never ones a browser sends.
//!
//! Format: the magic `TGS`, a format byte, the policy document, the roles'
//! held masks (roles × actions) and the members' grant masks, in field order
//! (integers LEB128, strings length-prefixed UTF-8), then the CRC-32
//! (ISO-HDLC) of everything before it, little-endian.

use crate::gate::Gate;
use teamgate_format::{
    ActionDef, Limit, Management, Map, MemberDef, NumberDef, PlanDef, Policy, RoleDef, Unlimited,
};
use teamgate_format::{ErrorCode, PolicyError, Problem};

const MAGIC: &[u8; 3] = b"TGS";
/// The snapshot format; a reader refuses any other.
pub const SNAPSHOT_FORMAT: u8 = 2;

/// CRC-32 computed bit by bit: no lookup table in the browser's wasm.
const CRC: crc::Crc<u32, crc::NoTable> = crc::Crc::<u32, crc::NoTable>::new(&crc::CRC_32_ISO_HDLC);

/// Writes and reads one value. Reading never stops half-way: a damaged
/// value reads as a default and marks the reader `bad`, which
/// [`Gate::from_snapshot`] checks once at the end. (Returning early from
/// every nested read would cost the browser build kilobytes of clean-up code
/// for half-built values.)
trait Codec: Sized {
    fn put(&self, w: &mut Vec<u8>);
    fn get(r: &mut ByteReader<'_>) -> Self;
}

struct ByteReader<'a> {
    bytes: &'a [u8],
    bad: bool,
}

impl ByteReader<'_> {
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
        match self.bytes.split_at_checked(n) {
            Some((head, rest)) => {
                self.bytes = rest;
                head
            }
            None => self.fail(&[]),
        }
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
    fn get(r: &mut ByteReader<'_>) -> u32 {
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
    fn get(r: &mut ByteReader<'_>) -> usize {
        u32::get(r) as usize
    }
}

impl Codec for bool {
    fn put(&self, w: &mut Vec<u8>) {
        w.push(u8::from(*self));
    }
    fn get(r: &mut ByteReader<'_>) -> bool {
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
    fn get(r: &mut ByteReader<'_>) -> String {
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
    fn get(r: &mut ByteReader<'_>) -> Option<T> {
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
    fn get(r: &mut ByteReader<'_>) -> Vec<T> {
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
    fn get(r: &mut ByteReader<'_>) -> (A, B) {
        let a = A::get(r);
        (a, B::get(r))
    }
}

impl<V: Codec> Codec for Map<V> {
    fn put(&self, w: &mut Vec<u8>) {
        self.0.put(w);
    }
    fn get(r: &mut ByteReader<'_>) -> Map<V> {
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
    fn get(r: &mut ByteReader<'_>) -> Limit {
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
            fn get(r: &mut ByteReader<'_>) -> $t {
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
/// The policy of a snapshot, as a function of its own: a function that
/// does all of loading is one V8 compiles whole with its optimising tier
/// (20 ms and 5.7 MB of compile memory in the browser's wasm, for a load that
/// runs once; `bench/run.mjs` measures the memory). See
/// `scripts/wasm-flags.sh`.
#[inline(never)]
fn read_policy(r: &mut ByteReader<'_>) -> Policy {
    Policy::get(r)
}

impl Gate {
    /// The gate as compact bytes for [`Gate::from_snapshot`]: the policy,
    /// the masks only validating gives, and a checksum.
    pub fn snapshot(&self) -> Vec<u8> {
        let mut w = Vec::new();
        w.extend_from_slice(MAGIC);
        w.push(SNAPSHOT_FORMAT);
        self.policy.put(&mut w);
        self.tables.held.put(&mut w);
        // The members' grant masks, encoded as a `Vec<Vec<u32>>`.
        self.tables.members.len().put(&mut w);
        for m in &self.tables.members {
            m.grants.put(&mut w);
        }
        let sum = CRC.checksum(&w);
        w.extend_from_slice(&sum.to_le_bytes());
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
                    "send the bytes of `Gate::snapshot()` / `gate.snapshot()` unchanged, from a teamgate of this format",
                ),
            )
        };
        let Some(rest) = bytes.strip_prefix(MAGIC.as_slice()) else {
            return Err(refuse("not a teamgate snapshot"));
        };
        if rest.first() != Some(&SNAPSHOT_FORMAT) {
            return Err(refuse("snapshot of another format version"));
        }
        let checked = bytes
            .len()
            .checked_sub(4)
            .and_then(|n| bytes.split_at_checked(n))
            .filter(|(body, sum)| *sum == CRC.checksum(body).to_le_bytes().as_slice());
        let Some((body, _)) = checked else {
            return Err(refuse("damaged snapshot: its checksum does not match"));
        };
        let mut r = ByteReader {
            // After the magic and the format byte, both checked above.
            bytes: body.get(MAGIC.len() + 1..).unwrap_or_default(),
            bad: false,
        };
        let policy = read_policy(&mut r);
        let held = Codec::get(&mut r);
        let member_grants = Codec::get(&mut r);
        (!r.bad && r.bytes.is_empty())
            .then(|| Gate::from_tables(policy, held, member_grants))
            .flatten()
            .ok_or_else(|| refuse("truncated or damaged snapshot"))
    }
}
