//! The English catalog: for each reason, the template its `message` is
//! written from, and its hint's (in the language of [`crate::template`]).
//! The one copy: the engine writes every explanation and limit check from
//! it, and `teamgate/messages`' `en` catalog is generated from it.

use crate::decision::{Explanation, LimitCheck, Reason};
use crate::template::fill;

/// "assign" or "edit the permissions of": the management task in words.
macro_rules! verb {
    () => {
        "{task=assign_role?assign|edit the permissions of}"
    };
}

/// The template of `code`'s message.
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
        Reason::Escalation => {
            "role `{target}` holds `{action}`{scopes? for {scopes}}, which `{role}` does not"
        }
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

/// The template of `code`'s hint, if it has one (a hint written empty is none).
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

impl Explanation {
    /// `message` and `hint` written from the catalog and the params: the
    /// last step of every question (each adds its params first).
    pub(crate) fn written(mut self) -> Self {
        self.message = fill(message(self.code), &self.params);
        self.hint = hint(self.code)
            .map(|h| fill(h, &self.params))
            .filter(|h| !h.is_empty());
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
