-- Evidence is sealed through the evidence module's EvidenceVault (docs/evidence.md) instead of the
-- interim log. The evidence row keeps the platform's draft (manifest column: what the finding rests
-- on, blobs by SHA-256 in evidence_blob); once sealed, vault_id is the vault's evidence id (SHA-256
-- of the sealed manifest) and vault_index its entry in the vault's Merkle log. log_index (V3)
-- remains the entry in the interim log, for data directories that had one.
ALTER TABLE evidence ADD COLUMN vault_id VARCHAR(64);
ALTER TABLE evidence ADD COLUMN vault_index BIGINT;
ALTER TABLE evidence ADD COLUMN sealed_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX evidence_vault_id ON evidence (vault_id);

-- Evidence committed with its finding but not yet sealed into the vault: written in the finding's
-- transaction, deleted in the transaction that records the seal. The sealer works through it in
-- any commit order (no high-water mark), and catches up after a restart.
CREATE TABLE evidence_pending (
  evidence_id BIGINT PRIMARY KEY REFERENCES evidence (id)
);
INSERT INTO evidence_pending (evidence_id) SELECT id FROM evidence;

-- The audit trail's entries in the vault's Merkle log (null: not yet appended).
ALTER TABLE audit_entry ADD COLUMN vault_index BIGINT;
