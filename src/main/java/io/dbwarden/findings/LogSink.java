package io.dbwarden.findings;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Writes each finding that opens, reopens or resolves to the log (stderr). Findings seen again are not news. */
public final class LogSink implements FindingSink {
    private static final Logger LOG = LoggerFactory.getLogger("dbwarden.findings");

    @Override
    public void accept(List<Transition> transitions) {
        for (Transition t : transitions) {
            if (t.kind() == Transition.Kind.SEEN) continue;
            LOG.info("{} {} [{}] {}", t.kind().id(), t.finding().severity().id(), t.finding().ruleId(), t.finding().title());
        }
    }
}
