package io.dbwarden.monitor;

import io.dbwarden.monitor.PostgrestSelect.Embed;
import io.dbwarden.monitor.PostgrestSelect.Field;
import io.dbwarden.monitor.PostgrestSelect.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PostgrestSelectTest {

    @Test
    void wildcardAndPlainColumns() {
        PostgrestSelect s = ok("*");
        assertThat(s.items()).containsExactly(new Field(null, "*", null, null, null, 0));
        assertThat(((Field) s.items().get(0)).readsColumn()).isFalse();

        assertThat(columns(ok("id, email,full_name"))).containsExactly("id", "email", "full_name");
    }

    @Test
    void aliasesCastsAndJsonPaths() {
        PostgrestSelect s = ok("name:full_name, cost:purchase_cost::text, id::text, data->a->>b, kind:payload->>kind, arr->0");
        assertThat(s.items()).extracting(i -> ((Field) i).column())
                .containsExactly("full_name", "purchase_cost", "id", "data", "payload", "arr");
        Field cost = (Field) s.items().get(1);
        assertThat(cost.alias()).isEqualTo("cost");
        assertThat(cost.cast()).isEqualTo("text");
        Field json = (Field) s.items().get(3);
        assertThat(json.jsonPath()).isEqualTo("->a->>b");
        assertThat(((Field) s.items().get(4)).alias()).isEqualTo("kind");
    }

    @Test
    void aggregatesReadTheirColumnButCountReadsNone() {
        PostgrestSelect s = ok("count(), count, total:amount.sum(), amount.avg()::int, n:count()");
        List<Field> f = s.items().stream().map(Field.class::cast).toList();
        assertThat(f.get(0).column()).isNull();
        assertThat(f.get(0).aggregate()).isEqualTo("count");
        assertThat(f.get(1).readsColumn()).isFalse();
        assertThat(f.get(2).column()).isEqualTo("amount");
        assertThat(f.get(2).aggregate()).isEqualTo("sum");
        assertThat(f.get(2).alias()).isEqualTo("total");
        assertThat(f.get(3).aggregate()).isEqualTo("avg");
        assertThat(f.get(3).cast()).isEqualTo("int");
        assertThat(f.get(4).alias()).isEqualTo("n");
        assertThat(f.get(4).readsColumn()).isFalse();
    }

    @Test
    void embeddedResourcesWithAliasesHintsAndJoinTypes() {
        PostgrestSelect s = ok("id, crews(name, region), lead:users!lead_user_id(full_name), "
                + "members:crew_members!inner(role), p:projects!left(code), c:users!work_orders_created_by_fkey!inner(email), "
                + "x:users!fk!left(id)");
        List<Embed> embeds = embeds(s.items());
        assertThat(embeds).extracting(Embed::name).containsExactly("crews", "users", "crew_members", "projects", "users", "users");
        assertThat(embeds).extracting(Embed::alias).containsExactly(null, "lead", "members", "p", "c", "x");
        assertThat(embeds).extracting(Embed::hint).containsExactly(null, "lead_user_id", null, null, "work_orders_created_by_fkey", "fk");
        assertThat(embeds).extracting(Embed::joinType).containsExactly(null, null, "inner", "left", "inner", "left");
        assertThat(embeds.get(1).label()).isEqualTo("lead");
        assertThat(columns(embeds.get(0).items())).containsExactly("name", "region");
    }

    @Test
    void spreadAndNestedEmbeddingToAnyDepth() {
        PostgrestSelect s = ok("id, ...projects(project_code:code, ...users(owner:full_name)), "
                + "a(b(c(d(e(deepest)))))");
        Embed projects = embeds(s.items()).get(0);
        assertThat(projects.spread()).isTrue();
        Embed users = embeds(projects.items()).get(0);
        assertThat(users.spread()).isTrue();
        assertThat(columns(users.items())).containsExactly("full_name");

        Embed e = embeds(s.items()).get(1);
        List<String> path = new ArrayList<>();
        while (true) {
            path.add(e.name());
            List<Embed> inner = embeds(e.items());
            if (inner.isEmpty()) break;
            e = inner.get(0);
        }
        assertThat(path).containsExactly("a", "b", "c", "d", "e");
        assertThat(columns(e.items())).containsExactly("deepest");
    }

    @Test
    void whitespaceNewlinesEmptyEmbedsAndQuotedNames() {
        PostgrestSelect s = ok("""
                  id,
                  project : projects ( code ,
                                       name ),
                  crews!inner ( ),
                  "Display Name",
                  work_orders(*)
                """);
        assertThat(columns(s.items())).containsExactly("id", "Display Name");
        List<Embed> embeds = embeds(s.items());
        assertThat(embeds.get(0).alias()).isEqualTo("project");
        assertThat(columns(embeds.get(0).items())).containsExactly("code", "name");
        assertThat(embeds.get(1).items()).isEmpty();
        assertThat(((Field) embeds.get(2).items().get(0)).isWildcard()).isTrue();
    }

    @Test
    void offsetsPointAtEachItem() {
        String text = "id,\n  crews(name)";
        PostgrestSelect s = ok(text);
        assertThat(s.items().get(1).offset()).isEqualTo(text.indexOf("crews"));
        assertThat(((Embed) s.items().get(1)).items().get(0).offset()).isEqualTo(text.indexOf("name"));
    }

    @Test
    void emptyStringSelectsNothing() {
        assertThat(ok("").items()).isEmpty();
        assertThat(ok("   ").items()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,,b", "a,", ",a", "rel(a", "rel(a, b(c)", "a)", "a b", "!x", "...a", "a.foo()", "a.sum(",
            "alias:", "\"unterminated", "rel!", "a:b:c", "x!inner", "a->", "*x", "al:*"})
    void malformedStringsComeBackAsErrors(String text) {
        PostgrestSelect s = PostgrestSelect.parse(text);
        assertThat(s.ok()).as(text).isFalse();
        assertThat(s.error()).startsWith("malformed select string");
        assertThat(s.items()).isEmpty();
    }

    @Test
    void pathologicalInputNeverThrows() {
        assertThat(PostgrestSelect.parse(null).ok()).isFalse();
        assertThat(PostgrestSelect.parse("a(".repeat(10_000)).ok()).isFalse();
        assertThat(PostgrestSelect.parse("a(".repeat(50) + "b" + ")".repeat(50)).ok()).isTrue();
        assertThat(PostgrestSelect.parse("\u0000\uffff").ok()).isFalse();
    }

    private static PostgrestSelect ok(String text) {
        PostgrestSelect s = PostgrestSelect.parse(text);
        assertThat(s.error()).as(text).isNull();
        return s;
    }

    private static List<String> columns(PostgrestSelect s) {
        return columns(s.items());
    }

    private static List<String> columns(List<Item> items) {
        return items.stream().filter(i -> i instanceof Field f && f.readsColumn()).map(i -> ((Field) i).column()).toList();
    }

    private static List<Embed> embeds(List<Item> items) {
        return items.stream().filter(Embed.class::isInstance).map(Embed.class::cast).toList();
    }
}
