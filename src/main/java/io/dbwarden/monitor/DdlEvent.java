package io.dbwarden.monitor;

import java.time.Instant;

/** One DDL command or dropped object, as the event triggers recorded it in dbwarden.ddl_event. */
public record DdlEvent(long id, Instant occurredAt, String event, String commandTag, String objectType, String schemaName,
                       String objectIdentity, String roleName) {
}
