package io.dbwarden.migrate;

import io.dbwarden.TestDatabase;
import io.dbwarden.Warden;
import io.dbwarden.config.ConnectionUrl;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

    record Case(String name, Verdict expect, Set<String> rules, Set<String> absent, RunnerMode mode, String setup, String data,
                String migration) {
    }

    @TestFactory
    Stream<DynamicTest> everyCaseGetsItsVerdict() throws Exception {
        List<Case> cases = load();
        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> run(c)));
    }

    private void run(Case c) {
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
        } finally {
            TestDatabase.exec(TestDatabase.serverUrl(), "drop database if exists " + ConnectionUrl.parse(url).database() + " with (force)");
        }
    }

    static List<Case> load() throws IOException, URISyntaxException {
        Path dir = Path.of(MigrationCorpusTest.class.getResource("cases").toURI());
        List<Case> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".sql")).sorted().toList()) out.add(parse(f));
        }
        return out;
    }

    private static Case parse(Path file) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, StringBuilder> sections = new LinkedHashMap<>();
        StringBuilder current = null;
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (t.equals("-- setup:") || t.equals("-- data:") || t.equals("-- migration:")) {
                current = new StringBuilder();
                sections.put(t.substring(3, t.length() - 1), current);
            } else if (current == null && t.startsWith("-- ") && t.contains(":")) {
                int colon = t.indexOf(':');
                headers.put(t.substring(3, colon).strip(), t.substring(colon + 1).strip());
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        String name = file.getFileName().toString().replaceFirst("\\.sql$", "");
        return new Case(name, Verdict.valueOf(headers.get("expect").toUpperCase(Locale.ROOT)), list(headers.get("rules")),
                list(headers.get("absent")), RunnerMode.valueOf(headers.getOrDefault("mode", "autocommit").toUpperCase(Locale.ROOT)),
                section(sections, "setup"), section(sections, "data"), section(sections, "migration"));
    }

    private static String section(Map<String, StringBuilder> sections, String name) {
        StringBuilder b = sections.get(name);
        return b == null ? "" : b.toString();
    }

    private static Set<String> list(String csv) {
        Set<String> out = new TreeSet<>();
        if (csv == null || csv.isBlank() || csv.equals("none")) return out;
        for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }
}
