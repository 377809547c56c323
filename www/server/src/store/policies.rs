//! Policy versions: every version of an account's policy is kept (who,
//! when, the whole document); versions only grow, and a version is taken
//! by inserting it, so of two editors (or two processes on one PostgreSQL)
//! saving on top of the same version exactly one succeeds.

use super::{now_ms, Store, StoreError, Tx};
use sqlx::Row;
use std::sync::{Arc, PoisonError};
use teamgate::Gate;

/// The account's newest version (`$1`: the account).
pub const CURRENT_VERSION: &str =
    "SELECT version FROM policy_versions WHERE account = $1 ORDER BY version DESC LIMIT 1";

impl Store {
    /// The account's current version (`None` for an account that does not exist).
    pub async fn version(&self, account: &str) -> Result<Option<i64>, StoreError> {
        let version = self
            .again(|| {
                sqlx::query(CURRENT_VERSION)
                    .bind(account)
                    .fetch_optional(self.reader())
            })
            .await?
            .map(|r| r.try_get("version"))
            .transpose()?;
        Ok(version)
    }

    /// The account's current version and its compiled gate (compiled once
    /// per version and process; the most recently used accounts' are kept).
    /// `None` for an account that does not exist.
    pub async fn current(&self, account: &str) -> Result<Option<(i64, Arc<Gate>)>, StoreError> {
        let Some(version) = self.version(account).await? else {
            return Ok(None);
        };
        let cached = self
            .gates
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(account)
            .filter(|(v, _)| *v == version)
            .map(|(_, g)| g.clone());
        if let Some(gate) = cached {
            return Ok(Some((version, gate)));
        }
        let document: String = self
            .again(|| {
                sqlx::query(
                    "SELECT document FROM policy_versions WHERE account = $1 AND version = $2",
                )
                .bind(account)
                .bind(version)
                .fetch_one(self.reader())
            })
            .await?
            .try_get("document")?;
        let gate = Arc::new(Gate::from_json(&document).map_err(|e| {
            StoreError::msg(format!("stored policy of `{account}` v{version}: {e}"))
        })?);
        self.gates
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .put(account.to_owned(), (version, gate.clone()));
        Ok(Some((version, gate)))
    }

    /// Saves `gate` as the version after `base`, in `tx`; `false` when
    /// `base` is no longer the newest (another editor saved first): then
    /// nothing was written.
    pub async fn save_version(
        tx: &mut Tx,
        account: &str,
        base: i64,
        author: &str,
        gate: &Gate,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("INSERT INTO policy_versions (account, version, author, created_ms, document) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING")
            .bind(account)
            .bind(base + 1)
            .bind(author)
            .bind(now_ms())
            .bind(gate.policy().to_json())
            .execute(&mut **tx)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    /// The caller's UI snapshot for this version (made once per member and
    /// version, then kept with the gates).
    pub fn snapshot_of(
        &self,
        account: &str,
        version: i64,
        member: &str,
        make: impl FnOnce() -> Result<Vec<u8>, String>,
    ) -> Result<Arc<Vec<u8>>, StoreError> {
        let key: super::SnapshotKey = (account.to_owned(), version, member.to_owned());
        if let Some(s) = self
            .snapshots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key)
        {
            return Ok(s.clone());
        }
        let bytes = Arc::new(make().map_err(StoreError::msg)?);
        self.snapshots
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .put(key, bytes.clone());
        Ok(bytes)
    }
}
