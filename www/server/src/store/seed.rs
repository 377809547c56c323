//! The demo accounts, seeded on first start and reset on request: each in
//! one transaction, so a crash or a second process never leaves half an
//! account.

use super::{Store, StoreError, Tx};
use crate::demo;

impl Store {
    /// Seeds `account` if it does not exist yet (several processes may
    /// start together: the first to insert the account seeds it).
    pub async fn seed(&self, account: &str) -> Result<(), StoreError> {
        let (gate, chats) = demo::seed(account).map_err(StoreError::msg)?;
        let mut tx = self.begin().await?;
        let new = sqlx::query(
            "INSERT INTO accounts (id, next_chat) VALUES ($1, 1) ON CONFLICT DO NOTHING",
        )
        .bind(account)
        .execute(&mut *tx)
        .await?
        .rows_affected()
            == 1;
        if new {
            if !Self::save_version(&mut tx, account, 0, "seed", &gate).await? {
                return Err(StoreError::msg(format!(
                    "account `{account}` had a policy before it existed"
                )));
            }
            Self::insert_chats(&mut tx, account, &chats).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn insert_chats(
        tx: &mut Tx,
        account: &str,
        chats: &[demo::SeedChat],
    ) -> Result<(), StoreError> {
        for c in chats {
            Self::insert_chat(
                tx,
                account,
                c.number,
                Some(c.customer),
                c.assignee,
                Some(&format!("Hello, this is {}", c.customer)),
            )
            .await?;
        }
        Ok(())
    }

    /// The account's data as seeded, as the version after `base`, in `tx`
    /// (with the caller's activity entry): `false` when `base` is stale.
    pub async fn reset(
        tx: &mut Tx,
        account: &str,
        base: i64,
        author: &str,
    ) -> Result<bool, StoreError> {
        let (gate, chats) = demo::seed(account).map_err(StoreError::msg)?;
        if !Self::save_version(tx, account, base, author, &gate).await? {
            return Ok(false);
        }
        sqlx::query("DELETE FROM chats WHERE account = $1")
            .bind(account)
            .execute(&mut **tx)
            .await?;
        sqlx::query("UPDATE accounts SET next_chat = 1 WHERE id = $1")
            .bind(account)
            .execute(&mut **tx)
            .await?;
        Self::insert_chats(tx, account, &chats).await?;
        Ok(true)
    }
}
