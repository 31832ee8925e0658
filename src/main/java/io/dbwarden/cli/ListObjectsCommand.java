package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.catalog.SchemaBrowser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code dbwarden list-objects}: the CLI twin of the list_objects tool. */
@Command(name = "list-objects", description = "List schemas, tables, views, functions and types.")
final class ListObjectsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Option(names = "--kind", split = ",", description = "Kinds: schema, table, view, materialized_view, function, enum, composite_type, domain, sequence, extension.")
    List<String> kinds = new ArrayList<>();
    @Option(names = "--schema", description = "Only this schema.")
    String schema;
    @Option(names = "--name", description = "Name filter: substring, or pattern with *.")
    String name;
    @Option(names = "--limit", defaultValue = "1000")
    int limit;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            var catalog = warden.forConnection(null).catalog().current();
            SchemaBrowser.Page page = new SchemaBrowser().list(catalog, new LinkedHashSet<>(kinds), schema, name, limit, 0);
            if (common.json) {
                Render.json(System.out, Map.of("total", page.total(), "truncated", page.truncated(), "objects", page.items()));
                return 0;
            }
            List<List<Object>> rows = new ArrayList<>();
            for (Map<String, Object> m : page.items()) {
                StringBuilder detail = new StringBuilder();
                m.forEach((k, v) -> {
                    if (!k.equals("kind") && !k.equals("name")) detail.append(detail.length() > 0 ? ", " : "").append(k).append('=').append(v);
                });
                rows.add(List.of(m.get("kind"), m.get("name"), detail.toString()));
            }
            Render.table(System.out, List.of("kind", "name", "detail"), rows);
            if (page.truncated()) System.out.println("(" + page.total() + " in all; raise --limit to see more)");
            return 0;
        }
    }
}
