package io.dbwarden.migrate;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.ConnectionUrl;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The migration corpus: each case is a setup, optional data, a migration and the verdict the whole validator must
 * give on a real PostgreSQL, with rules that must and must not be reported. Written from the hazards, not from the
 * rules' code.
 */
class MigrationCorpusTest {
    @TempDir
    static Path project;

    @TestFactory
    Stream<DynamicTest> everyCaseGetsItsVerdict() {
        List<StaticRulesTest.CorpusCase> cases = StaticRulesTest.CorpusCase.all();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    private void run(StaticRulesTest.CorpusCase c) {
        String url = TestDatabase.freshDatabase("case");
        try {
            TestDatabase.exec(url, c.setup());
            // Cases analyze (or fake statistics) themselves: size-based rules read what the case set up.
            if (!c.data().isBlank()) TestDatabase.exec(url, c.data());
            MigrationReport r;
            try (Warden warden = new Warden(TestDatabase.config(url, project))) {
                r = warden.validator(null).validate(List.of(new MigrationSource(c.name() + ".sql", c.migration())),
                        new MigrationValidator.Options(c.mode(), true, true, true));
            }
            Set<String> reported = new TreeSet<>();
            r.files().forEach(f -> f.issues().forEach(i -> reported.add(i.ruleId())));
            String report = ReportFormats.text(r);
            assertThat(r.verdict()).as("verdict of %s%n%s", c.name(), report).isEqualTo(c.expect());
            assertThat(reported).as("rules of %s%n%s", c.name(), report).containsAll(c.rules());
            if (!c.absent().isEmpty()) {
                assertThat(reported).as("rules that must not be reported for %s%n%s", c.name(), report).doesNotContainAnyElementsOf(c.absent());
            }
            List<String> notes = new ArrayList<>(r.notes());
            r.files().forEach(f -> notes.addAll(f.notes()));
            // A probe whose query errors on the target is a probe built wrongly, never a finding.
            assertThat(notes).as("notes of %s%n%s", c.name(), report).noneMatch(n -> n.contains("probe could not finish"));
            if (c.notChecked()) {
                assertThat(notes).as("notes of %s%n%s", c.name(), report).anyMatch(n -> n.contains("was not checked against the data"));
            }
        } finally {
            TestDatabase.exec(TestDatabase.serverUrl(), "drop database if exists " + ConnectionUrl.parse(url).database() + " with (force)");
        }
    }
}
