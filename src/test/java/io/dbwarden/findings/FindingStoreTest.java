package io.dbwarden.findings;

import io.dbwarden.findings.Finding.Category;
import io.dbwarden.findings.Finding.Severity;
import io.dbwarden.findings.Transition.Kind;
import io.dbwarden.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FindingStoreTest {
    @TempDir
    Path dir;
    private StateStore state;
    private FindingStore store;
    private final List<Transition> heard = new ArrayList<>();

    @BeforeEach
    void open() {
        state = StateStore.open("state.db", dir);
        store = new FindingStore(state);
        store.addSink(heard::addAll);
    }

    @AfterEach
    void close() {
        state.close();
    }

    private static Finding finding(String subject, Severity severity) {
        return Finding.of("slow-query", severity, Category.PERFORMANCE, subject, "", "Slow query on " + subject, "detail",
                "create index …", null);
    }

    @Test
    void findingsOpenAreSeenAgainResolveAndReopen() {
        Finding a = finding("public.users", Severity.HIGH);
        Finding b = finding("public.crews", Severity.LOW);

        assertThat(kinds(store.reconcile("db", "query", List.of(a, b)))).containsExactlyInAnyOrder(Kind.OPENED, Kind.OPENED);
        assertThat(kinds(store.reconcile("db", "query", List.of(a, b, a)))).containsExactlyInAnyOrder(Kind.SEEN, Kind.SEEN);
        List<Transition> third = store.reconcile("db", "query", List.of(a));
        assertThat(third).extracting(Transition::kind).containsExactlyInAnyOrder(Kind.SEEN, Kind.RESOLVED);
        assertThat(third).filteredOn(t -> t.kind() == Kind.RESOLVED).extracting(t -> t.finding().fingerprint())
                .containsExactly(b.fingerprint());
        assertThat(kinds(store.reconcile("db", "query", List.of(a, b)))).containsExactlyInAnyOrder(Kind.SEEN, Kind.REOPENED);

        StoredFinding storedB = store.query(new FindingQuery("db", null, null, null, null, "crews")).get(0);
        assertThat(storedB.status()).isEqualTo(StoredFinding.Status.OPEN);
        assertThat(storedB.timesSeen()).isEqualTo(3);
        assertThat(storedB.reopened()).isEqualTo(1);
        assertThat(heard).hasSize(2 + 2 + 2 + 2);
    }

    @Test
    void aCheckResolvesOnlyWhatItCoveredAndOnlyItsOwnScope() {
        Finding users = finding("public.users", Severity.HIGH);
        Finding crews = finding("public.crews", Severity.HIGH);
        store.reconcile("db", "query", List.of(users, crews));
        store.reconcile("db", "other-check", List.of());
        store.reconcile("other-db", "query", List.of());
        // A check of the users table alone that finds nothing resolves the users finding, not the crews one.
        List<Transition> t = store.reconcile("db", "query", s -> s.finding().subject().equals("public.users"), List.of());
        assertThat(t).extracting(x -> x.finding().subject()).containsExactly("public.users");
        assertThat(store.query(FindingQuery.open("db"))).extracting(s -> s.finding().subject()).containsExactly("public.crews");
    }

    @Test
    void queriesFilterByCategorySeverityStatusAndObject() {
        store.reconcile("db", "query", List.of(finding("public.users", Severity.HIGH), finding("public.crews", Severity.LOW),
                Finding.of("rls-disabled", Severity.CRITICAL, Category.SECURITY, "public.secrets", "", "RLS is off", null, null, null)));
        assertThat(store.query(new FindingQuery("db", null, null, Category.SECURITY, null, null))).hasSize(1);
        assertThat(store.query(new FindingQuery("db", null, null, null, Severity.HIGH, null)))
                .extracting(s -> s.finding().severity()).containsExactly(Severity.CRITICAL, Severity.HIGH);
        assertThat(store.query(new FindingQuery("db", null, StoredFinding.Status.RESOLVED, null, null, null))).isEmpty();
        assertThat(store.query(new FindingQuery("db", null, null, null, null, "100%_sure"))).isEmpty();
        assertThat(store.query(new FindingQuery("db", null, null, null, null, "USERS"))).hasSize(1);
    }

    @Test
    void ruleIdsAreKebabCaseAndFingerprintsStable() {
        assertThatThrownBy(() -> Finding.of("Slow_Query", Severity.LOW, Category.PERFORMANCE, "x", "", "t", null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(finding("public.users", Severity.HIGH).fingerprint()).isEqualTo(finding("public.users", Severity.LOW).fingerprint())
                .hasSize(24);
        assertThatThrownBy(() -> Severity.parse("urgent")).hasMessageContaining("critical, high");
    }

    private static List<Kind> kinds(List<Transition> t) {
        return t.stream().map(Transition::kind).toList();
    }
}
