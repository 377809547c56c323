//! The activity log (S003.3), read: for members who may change members'
//! roles (admins and the owner, S000.2) in one of their numbers; each reads
//! the entries of the numbers where their role may, and the account-wide
//! ones (a plan change, a new role, a sign-in), which name no member but
//! the one who acted: those of members who hold a role in one of those
//! numbers (a member only in other numbers is not named to the reader).

use crate::answers::ActivityPage;
use crate::error::ApiError;
use crate::input::{self, OlderQuery};
use crate::session::Caller;
use crate::store::Entry;
use crate::AppState;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::Json;

/// Who may read the activity log: the permission to change members' roles.
pub const ACTIVITY_PERMISSION: &str = "team.change_roles";

/// `GET /api/activity?limit=&before=`: the account's activity log, newest
/// first: `{ entries, older }` (`older`: the `before` of the next page).
pub async fn activity(
    State(s): State<AppState>,
    who: Caller,
    page: Result<Query<OlderQuery>, QueryRejection>,
) -> Result<Json<ActivityPage>, ApiError> {
    let Query(page) = page?;
    let limit = input::limit(page.limit)?;
    let (number, e) = who.account_wide(ACTIVITY_PERMISSION);
    if !e.allowed {
        s.store
            .log(&Entry {
                account: &who.account,
                member: &who.member,
                action: "activity.read",
                number: number.as_deref(),
                chat: None,
                code: e.code.as_str(),
                allowed: false,
                version: who.version,
                detail: Some(e.message.clone()),
            })
            .await?;
        return Err(ApiError::denied(&e));
    }
    let numbers = who.numbers_allowing(ACTIVITY_PERMISSION);
    let actors = who.members_in(&numbers);
    let page = s
        .store
        .activity(
            &who.account,
            &numbers,
            actors.as_deref(),
            page.before,
            limit,
        )
        .await?;
    let entries = page.rows.iter().map(Into::into).collect();
    Ok(Json(ActivityPage {
        entries,
        older: page.older,
    }))
}
