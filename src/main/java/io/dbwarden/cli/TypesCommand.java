package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.codegen.CodeGenerator;
import io.dbwarden.codegen.CodegenOptions;
import io.dbwarden.codegen.GeneratedFile;
import io.dbwarden.codegen.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code dbwarden types}: the Supabase-style TypeScript file, to stdout or to --out, like supabase gen types typescript. */
@Command(name = "types", description = "Print the Supabase-style TypeScript types of the live schema, or write them to --out.")
final class TypesCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Mixin
    CodegenCliOptions codegen;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            CodegenOptions options = codegen.apply(CodegenOptions.from(warden.config()));
            if (codegen.out == null) {
                List<GeneratedFile> files = warden.codegen(null).generate(options, List.of(Target.TYPES));
                System.out.print(files.get(0).content());
                return 0;
            }
            CodeGenerator.Result r = warden.codegen(null).run(options, List.of(Target.TYPES), false);
            r.files().forEach(f -> System.err.printf("%s %s (%,d bytes)%n", f.status(), f.path(), f.bytes()));
            return 0;
        }
    }
}
