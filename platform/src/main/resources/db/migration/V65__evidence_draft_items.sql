-- One authoritative copy of each evidence item. A draft's items no longer go into evidence_blob (a
-- second copy of what the vault's blob store keeps once sealed): the items the platform composes
-- for the finding (the text its offsets refer to, the listing snapshot, the price history, the
-- media reference) wait in the draft's evidence_pending row, written in the finding's transaction
-- and deleted in the transaction that records the seal; the source event and the finding are read
-- from the event and finding tables. After sealing, the vault's store holds the items.
-- evidence_blob stays readable for drafts recorded before this change.
ALTER TABLE evidence_pending ADD COLUMN item_text VARCHAR(1100000);
ALTER TABLE evidence_pending ADD COLUMN item_listing VARCHAR(1100000);
ALTER TABLE evidence_pending ADD COLUMN item_prices VARCHAR(1100000);
ALTER TABLE evidence_pending ADD COLUMN item_media VARCHAR(1000);
