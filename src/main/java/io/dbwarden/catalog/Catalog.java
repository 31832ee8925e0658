package io.dbwarden.catalog;

import java.util.List;
import java.util.Optional;

/**
 * An immutable snapshot of one database's schema. {@link CatalogReader} fills it with a fixed number of set-based
 * queries; {@link CatalogJson} writes it as canonical JSON (the snapshot format); {@link SchemaDiff} compares two.
 * Every list is sorted by name so that equal schemas give equal snapshots.
 */
public record Catalog(
        String database,
        int serverVersionNum,
        List<Schema> schemas,
        List<Extension> extensions,
        List<Table> tables,
        List<View> views,
        List<Function> functions,
        List<EnumType> enums,
        List<CompositeType> compositeTypes,
        List<Domain> domains,
        List<Sequence> sequences) {

    public record Schema(String name, String owner, String comment) {
    }

    public record Extension(String name, String version, String schema) {
    }

    /** kind: table, partitioned_table or foreign_table. Row and size figures are estimates that drift; diffs ignore them. */
    public record Table(String schema, String name, String kind, String owner, String comment, boolean rlsEnabled,
                        boolean rlsForced, List<Column> columns, List<Constraint> constraints, List<Index> indexes,
                        List<Policy> policies, List<Trigger> triggers, List<Grant> grants, Stats stats) {
        public String qualifiedName() {
            return schema + "." + name;
        }

        public Optional<Column> column(String columnName) {
            return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
        }
    }

    /**
     * type is format_type's text (for example {@code character varying(20)} or {@code integer[]}); typeSchema and
     * typeName name the element type, so generators can map enums, domains and composites.
     */
    public record Column(String name, int position, String type, String typeSchema, String typeName, int arrayDims,
                         boolean notNull, String defaultValue, String identity, String generated, String comment) {
    }

    /** type: primary_key, unique, foreign_key, check or exclusion. */
    public record Constraint(String name, String type, List<String> columns, String definition, boolean validated,
                             boolean deferrable, String refSchema, String refTable, List<String> refColumns,
                             String onUpdate, String onDelete) {
    }

    public record Index(String name, List<String> columns, String definition, String method, boolean unique,
                        boolean primary, boolean valid, String predicate, long sizeBytes) {
    }

    public record Policy(String name, String command, boolean permissive, List<String> roles, String using,
                         String withCheck) {
    }

    public record Trigger(String name, String timing, List<String> events, String level, String function,
                          String enabled, String definition) {
    }

    /** Privileges of one grantee on one table; PUBLIC is spelt "public". */
    public record Grant(String grantee, List<String> privileges) {
    }

    public record Stats(long rowEstimate, long totalBytes) {
    }

    public record View(String schema, String name, boolean materialized, String owner, String comment,
                       String definition, List<Column> columns, List<Index> indexes, List<Grant> grants) {
        public String qualifiedName() {
            return schema + "." + name;
        }
    }

    public record Argument(String name, String type, String mode, boolean hasDefault) {
    }

    /** kind: function, procedure, aggregate or window. volatility: immutable, stable or volatile. */
    public record Function(String schema, String name, String identityArguments, String kind, List<Argument> arguments,
                           String returnType, boolean returnsSet, String language, String volatility,
                           boolean securityDefiner, List<String> config, String owner, String comment) {
        public String signature() {
            return schema + "." + name + "(" + identityArguments + ")";
        }
    }

    public record EnumType(String schema, String name, List<String> labels, String comment) {
    }

    public record Attribute(String name, String type) {
    }

    public record CompositeType(String schema, String name, List<Attribute> attributes, String comment) {
    }

    public record Domain(String schema, String name, String baseType, boolean notNull, String defaultValue,
                         List<String> checks, String comment) {
    }

    public record Sequence(String schema, String name, String dataType, long maxValue, String ownedBy) {
    }

    /**
     * The same schema with row, size and index-size estimates zeroed: what stays equal while only the data changes,
     * for fingerprints that must not move when autovacuum updates statistics.
     */
    public Catalog withoutStatistics() {
        List<Table> t = tables.stream().map(x -> new Table(x.schema(), x.name(), x.kind(), x.owner(), x.comment(), x.rlsEnabled(),
                x.rlsForced(), x.columns(), x.constraints(), noSizes(x.indexes()), x.policies(), x.triggers(), x.grants(),
                new Stats(0, 0))).toList();
        List<View> v = views.stream().map(x -> new View(x.schema(), x.name(), x.materialized(), x.owner(), x.comment(), x.definition(),
                x.columns(), noSizes(x.indexes()), x.grants())).toList();
        return new Catalog(database, serverVersionNum, schemas, extensions, t, v, functions, enums, compositeTypes, domains, sequences);
    }

    private static List<Index> noSizes(List<Index> indexes) {
        return indexes.stream().map(i -> new Index(i.name(), i.columns(), i.definition(), i.method(), i.unique(), i.primary(), i.valid(),
                i.predicate(), 0)).toList();
    }

    public Optional<Table> table(String schema, String name) {
        return tables.stream().filter(t -> t.schema().equals(schema) && t.name().equals(name)).findFirst();
    }

    public Optional<View> view(String schema, String name) {
        return views.stream().filter(v -> v.schema().equals(schema) && v.name().equals(name)).findFirst();
    }
}
