package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.codegen.CodeGenerator;
import io.dbwarden.codegen.CodegenOptions;
import io.dbwarden.codegen.OutputWriter;
import io.dbwarden.codegen.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code dbwarden generate}: writes the chosen generated files from the live schema, or with --check exits 1 and
 * names the committed files that are stale, which is the CI gate against drift between schema and code.
 */
@Command(name = "generate", description = "Generate TypeScript types, interfaces, Zod schemas, Next.js routes, pgTAP tests and docs "
        + "from the live schema; --check exits 1 when committed output is stale.")
final class GenerateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    CodegenCliOptions codegen;
    @Option(names = "--target", split = ",", paramLabel = "TARGET",
            description = "What to generate: types, interfaces, zod, routes, tests, docs, or all (default: types).")
    List<String> targets = new ArrayList<>();
    @Option(names = "--interface-prefix", paramLabel = "PREFIX", description = "Prefix of the interface names (default: codegen.interface_prefix, DB).")
    String interfacePrefix;
    @Option(names = "--no-relations", description = "Leave the foreign-key relations out of the interfaces.")
    boolean noRelations;
    @Option(names = "--tables", split = ",", paramLabel = "TABLE", description = "Only these tables for routes, tests and docs (default: all).")
    List<String> tables = new ArrayList<>();
    @Option(names = "--check", description = "Write nothing; exit 1 and name the files whose committed output is stale.")
    boolean check;

    @Override
    public Integer call() {
        List<Target> chosen = targets.stream().anyMatch(t -> t.equalsIgnoreCase("all")) ? List.of(Target.values()) : Target.parseAll(targets);
        try (Warden warden = new Warden(common.config())) {
            CodegenOptions options = codegen.apply(CodegenOptions.from(warden.config()));
            if (interfacePrefix != null || noRelations) {
                options = options.withInterfaces(interfacePrefix == null ? options.interfacePrefix() : interfacePrefix,
                        options.includeRelations() && !noRelations);
            }
            if (!tables.isEmpty()) options = options.withTables(Set.copyOf(tables));
            CodeGenerator.Result r = warden.codegen(null).run(options, chosen, check);
            if (common.json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("check", check);
                out.put("stale", r.stale());
                out.put("files", r.files());
                out.put("millis", r.millis());
                Render.json(System.out, out);
            } else {
                for (OutputWriter.Outcome f : r.files()) {
                    System.out.printf("%-9s %s (%,d bytes)%n", f.status(), f.path(), f.bytes());
                }
                if (check) {
                    System.out.println(r.stale().isEmpty() ? "Generated files are current."
                            : r.stale().size() + " generated file(s) are stale: run `dbwarden generate --target "
                            + String.join(",", chosen.stream().map(Target::id).toList()) + "` and commit the result.");
                }
            }
            return r.stale().isEmpty() ? 0 : 1;
        }
    }
}
