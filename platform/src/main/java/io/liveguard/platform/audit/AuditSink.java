package io.liveguard.platform.audit;

/**
 * Receives every audit entry right after it joins the chain, inside the same transaction. The
 * evidence log plugs in here so that the trail is itself appended to the evidence log.
 */
public interface AuditSink {
  void appended(AuditTrail.Entry entry);
}
