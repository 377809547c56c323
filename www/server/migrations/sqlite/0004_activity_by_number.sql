-- A reader of the log gets the entries of the numbers whose log they may
-- read, and the account-wide ones (no number): each read newest first
-- from this index, a page at most, so that an admin of a quiet number
-- does not read through the busy numbers' entries (`activity_by_account`
-- alone would).
CREATE INDEX activity_by_number ON activity (account, number, seq DESC);
