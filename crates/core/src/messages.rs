//! The English catalog: for each reason, the template its `message` is
//! written from, and its hint's (in the language of [`crate::template`]).
//! The one copy: the engine writes every explanation, limit check and edit
//! denial from it, and `teamgate/messages`' `en` catalog is generated from
//! it ([`full_message`], [`full_hint`]).
//!
//! Questions' templates ([`message`], [`hint`]) and the edits' own wording
//! ([`EDITS`]) are apart so that `teamgate/lite`, which answers questions
//! and makes no edits, does not carry the edits' sentences.

use crate::decision::{Explanation, LimitCheck, Reason};
use crate::manage::{TASK_CREATE, TASK_EDIT, TASK_REASSIGN};
use crate::template::fill;

/// The management task in words ("assign", "edit the permissions of", ...).
macro_rules! verb {
    () => {
        "{task=assign_role?assign|edit the permissions of}"
    };
}

/// An escalation's action and scopes: "`chats.read` for `mine`, `others`".
macro_rules! held {
    () => {
        "`{action}`{scopes? for {scopes}}"
    };
}

/// The template of `code`'s message, as questions write it.
pub fn message(code: Reason) -> &'static str {
    match code {
        Reason::Owner => concat!(
            "{task?role `{role}` may ",
            verb!(),
            " `{target}`|role `{role}` is the owner and holds every permission}"
        ),
        Reason::GrantedByRole => concat!(
            "{task?role `{role}` may ",
            verb!(),
            " `{target}`|role `{role}` holds `{action}`{scope=all? for every scope}}"
        ),
        Reason::GrantedToMember => {
            "`{action}` is granted to member `{member}` on top of role `{role}`"
        }
        Reason::WithinLimit => concat!(
            "{plan?{max?{used} of {max} `{limit}` used on plan `{plan}`",
            "|plan `{plan}` has no limit on `{limit}`}|no plans: `{limit}` is not limited}"
        ),
        Reason::UnknownRole => "unknown role `{id}`",
        Reason::UnknownAction => "unknown action `{id}`",
        Reason::UnknownScope => "unknown scope `{id}`",
        Reason::UnknownNumber => "unknown number `{id}`",
        Reason::UnknownMember => "unknown member `{id}`",
        Reason::UnknownLimit => "unknown limit `{id}`{suggestion? (did you mean `{suggestion}`?)}",
        Reason::NotInNumber => "member `{member}` holds no role in number `{number}`",
        Reason::ScopeRequired => "`{action}` is a chat action and needs a scope",
        Reason::ScopeNotApplicable => "`{action}` takes no scope, but `{scope}` was given",
        Reason::PlanLacksFeature => {
            "`{action}` needs the `{feature?{feature}|?}` feature, which plan `{plan}` lacks"
        }
        Reason::RoleLacksAction => concat!(
            "{task?role `{role}` lacks {actions} and cannot ",
            verb!(),
            " other roles|role `{role}` lacks `{action}`}"
        ),
        Reason::ScopeNotGranted => {
            "role `{role}` holds `{action}` only for {scopes}, not `{scope}`"
        }
        Reason::RestrictedInNumber => concat!(
            "team permissions of number `{number}` restrict `{action}` for role `{role}` ",
            "to {scopes?{scopes}|no chats}"
        ),
        Reason::NotSubordinate => concat!(
            "role `{role}` can only ",
            verb!(),
            " roles ranked below it, and `{target}` is not"
        ),
        Reason::OwnerNotEditable => concat!("nobody can ", verb!(), " the owner role `{target}`"),
        Reason::NotATeamPermission => "`{action}` is not a chat action",
        Reason::Escalation => concat!(
            "role `{target}` holds ",
            held!(),
            ", which `{role}` does not"
        ),
        Reason::LimitReached => concat!(
            "plan `{plan}` allows {max} `{limit}`, {used} used",
            "{upgradeTo?; plan `{upgradeTo}` allows more}"
        ),
        Reason::NotConfigured => {
            concat!(
                "this policy names no action that lets a role ",
                verb!(),
                " a role"
            )
        }
    }
}

/// The template of `code`'s hint as questions write it, if it has one (a
/// hint written empty is none).
pub fn hint(code: Reason) -> Option<&'static str> {
    Some(match code {
        Reason::UnknownRole
        | Reason::UnknownAction
        | Reason::UnknownScope
        | Reason::UnknownNumber
        | Reason::UnknownMember => "{suggestion?did you mean `{suggestion}`?}",
        Reason::NotInNumber => "assign the member a role in this number first",
        Reason::ScopeRequired => "pass one of {scopes}",
        Reason::ScopeNotApplicable => "pass no scope for console actions",
        Reason::PlanLacksFeature => "{upgradeTo?upgrade to plan `{upgradeTo}`}",
        Reason::RestrictedInNumber => {
            "a role ranked above it can change this on the number's permissions page"
        }
        Reason::NotSubordinate => "ask someone ranked above it",
        Reason::OwnerNotEditable => "the owner always holds every permission",
        Reason::Escalation => "nobody can hand out more than they hold",
        Reason::NotConfigured => "set it under `management` in the policy",
        _ => return None,
    })
}

/// Where an edit's denial says more than a question's: its code, the
/// edit's `task` param, and its own message and hint templates (`None`:
/// the question's; a hint written empty is none).
pub struct EditWording {
    /// The reason.
    pub code: Reason,
    /// The edit (`task` param) this wording is for.
    pub task: &'static str,
    /// Its message template, if not the question's.
    pub message: Option<&'static str>,
    /// Its hint template, if not the question's.
    pub hint: Option<&'static str>,
}

/// The edits' own wording (see [`EditWording`]).
pub const EDITS: &[EditWording] = &[
    EditWording {
        code: Reason::NotATeamPermission,
        task: TASK_EDIT,
        message: None,
        hint: Some("team permissions cover chat actions only; console access follows the role"),
    },
    EditWording {
        code: Reason::RoleLacksAction,
        task: TASK_REASSIGN,
        message: Some(
            "role `{role}` lacks {actions} and cannot reassign a member holding other roles",
        ),
        hint: None,
    },
    EditWording {
        code: Reason::NotSubordinate,
        task: TASK_REASSIGN,
        message: Some(concat!(
            "role `{role}` can only reassign a member holding roles ranked below it, ",
            "and `{target}` is not"
        )),
        hint: None,
    },
    EditWording {
        code: Reason::OwnerNotEditable,
        task: TASK_REASSIGN,
        message: Some("nobody can reassign a member holding the owner role `{target}`"),
        hint: None,
    },
    EditWording {
        code: Reason::Escalation,
        task: TASK_EDIT,
        message: Some(concat!(
            "role `{role}` cannot grant ",
            held!(),
            " in number `{number}`: it does not hold that itself"
        )),
        hint: Some("grant only scopes the editor holds"),
    },
    EditWording {
        code: Reason::Escalation,
        task: TASK_CREATE,
        message: Some(concat!(
            "the new role `{target}` would hold ",
            held!(),
            "{number? in number `{number}`}, which `{role}` does not hold there"
        )),
        hint: None,
    },
    EditWording {
        code: Reason::OwnerNotEditable,
        task: TASK_CREATE,
        message: Some("a custom role cannot be the owner"),
        hint: Some(""),
    },
    EditWording {
        code: Reason::NotSubordinate,
        task: TASK_CREATE,
        message: Some(concat!(
            "role `{role}` (rank {rank}) can only create roles ranked below it, ",
            "not rank {targetRank}"
        )),
        hint: Some("use a rank below {rank}"),
    },
    EditWording {
        code: Reason::NotConfigured,
        task: TASK_CREATE,
        message: Some("this policy names no action that lets a role create roles"),
        hint: Some("set `management.manage_roles` in the policy"),
    },
    EditWording {
        code: Reason::LimitReached,
        task: TASK_CREATE,
        message: None,
        hint: Some("{upgradeTo?upgrade to plan `{upgradeTo}`}"),
    },
];

/// The edits' wording of `code`, each as a choice on `task` around `base`.
fn around(
    code: Reason,
    base: Option<&str>,
    pick: fn(&EditWording) -> Option<&str>,
) -> Option<String> {
    let own: Vec<(&str, &str)> = EDITS
        .iter()
        .filter(|w| w.code == code)
        .filter_map(|w| Some((w.task, pick(w)?)))
        .collect();
    if own.is_empty() {
        return base.map(str::to_owned);
    }
    let mut t = String::new();
    for (task, template) in &own {
        t.push_str(&format!("{{task={task}?{template}|"));
    }
    t.push_str(base.unwrap_or_default());
    t.push_str(&"}".repeat(own.len()));
    Some(t)
}

/// The one template of `code`'s message that writes both what questions
/// and what edits say (a choice on `task` where edits say more): the
/// template of `teamgate/messages`' `en`.
pub fn full_message(code: Reason) -> String {
    around(code, Some(message(code)), |w| w.message).unwrap_or_default()
}

/// The one template of `code`'s hint, for questions and edits (see
/// [`full_message`]).
pub fn full_hint(code: Reason) -> Option<String> {
    around(code, hint(code), |w| w.hint)
}

impl Explanation {
    /// `message` and `hint` written from the catalog and the params: the
    /// last step of every question (each adds its params first).
    pub(crate) fn written(self) -> Self {
        self.written_as(None)
    }

    /// An edit's denial written: [`Explanation::written`], in the edit's
    /// own words where [`EDITS`] has them (its `task` param says which).
    pub(crate) fn edit_written(self) -> Self {
        let task = self.params.task.as_deref();
        let own = EDITS
            .iter()
            .find(|w| w.code == self.code && Some(w.task) == task);
        self.written_as(own)
    }

    /// Written from `own`'s templates where it has them, else the questions'.
    fn written_as(mut self, own: Option<&EditWording>) -> Self {
        let m = own.and_then(|w| w.message).unwrap_or(message(self.code));
        let h = own.and_then(|w| w.hint).or(hint(self.code));
        self.message = fill(m, &self.params);
        self.hint = h.map(|h| fill(h, &self.params)).filter(|h| !h.is_empty());
        self
    }
}

impl LimitCheck {
    /// `message` written from the catalog and the params.
    pub(crate) fn written(mut self) -> Self {
        self.message = fill(message(self.code), &self.params);
        self
    }
}
