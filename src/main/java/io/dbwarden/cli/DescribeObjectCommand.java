package io.dbwarden.cli;

import io.dbwarden.Warden;
import io.dbwarden.catalog.SchemaBrowser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

/** {@code dbwarden describe-object NAME}: the CLI twin of the describe_object tool. */
@Command(name = "describe-object", description = "Describe one table, view, function or type.")
final class DescribeObjectCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;
    @Parameters(paramLabel = "NAME", description = "Object name, optionally schema-qualified.")
    String name;

    @Override
    public Integer call() {
        try (Warden warden = new Warden(common.config())) {
            var description = new SchemaBrowser().describe(warden.forConnection(null).catalog().current(), name);
            if (common.json) Render.json(System.out, description);
            else Render.tree(System.out, description, "");
            return 0;
        }
    }
}
