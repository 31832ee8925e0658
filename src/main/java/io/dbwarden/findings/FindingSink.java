package io.dbwarden.findings;

import java.util.List;

/**
 * Somewhere lifecycle transitions go: the log, connected MCP clients, a webhook, TaskMaster. A sink must not block
 * the check that produced the transitions; slow work belongs on its own thread.
 */
@FunctionalInterface
public interface FindingSink {
    void accept(List<Transition> transitions);
}
