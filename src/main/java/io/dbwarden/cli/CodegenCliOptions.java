package io.dbwarden.cli;

import io.dbwarden.codegen.CodegenOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** Options that generate and types share: the schemas and the types file. */
final class CodegenCliOptions {
    @Option(names = "--schema", split = ",", paramLabel = "SCHEMA", description = "Schemas to include (default: codegen.schemas, public).")
    List<String> schemas = new ArrayList<>();
    @Option(names = "--out", paramLabel = "FILE", description = "The Supabase-style types file, relative to the project "
            + "(default: monitor.types_file, src/types/database.ts).")
    String out;

    CodegenOptions apply(CodegenOptions options) {
        CodegenOptions o = schemas.isEmpty() ? options : options.withSchemas(schemas.stream().map(String::strip).distinct().toList());
        return out == null ? o : o.withTypesPath(out);
    }
}
