package io.dbwarden.monitor;

import io.dbwarden.monitor.CodeReference.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the tables, columns, embedded resources and rpc functions that JavaScript and TypeScript code names through
 * supabase-js, so {@link CodeDrift} can tell which of them the database no longer has. It tokenizes each file (so
 * comments and strings that merely mention {@code .from('x')} do not count) and walks {@code .from(...)} and
 * {@code .rpc(...)} call chains. Only string literals are read: a name held in a variable is skipped, never guessed.
 */
public final class CodeScanner {
    private static final Logger LOG = LoggerFactory.getLogger(CodeScanner.class);

    /** Where a Next.js project keeps its code: the src tree and the App Router's app directory. */
    public static final List<String> DEFAULT_GLOBS = List.of("src/**/*.{ts,tsx,js}", "app/**");

    /** Whatever the globs say, only these are parsed; app/** would otherwise pull in CSS, images and JSON. */
    static final Set<String> SOURCE_EXTENSIONS = Set.of("ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts");

    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("node_modules", ".next", "dist", "build", ".git");

    /** Bigger files are bundles or generated data, not code someone maintains against the schema. */
    private static final long MAX_FILE_BYTES = 2_000_000;

    /** Most files never call the builder; this avoids tokenizing them at all. */
    private static final Pattern MAY_CALL_BUILDER = Pattern.compile("\\.\\s*(?:from|rpc)\\s*[(<]");

    /** A name PostgREST can address without surprises; anything else (a date, base64, a URL) is not a table. */
    private static final Pattern DB_NAME = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_$ -]*");

    private static final Set<String> FILTERS_ON_FIRST_ARGUMENT = Set.of("eq", "neq", "gt", "gte", "lt", "lte", "like",
            "ilike", "likeAllOf", "likeAnyOf", "ilikeAllOf", "ilikeAnyOf", "is", "isDistinct", "in", "contains",
            "containedBy", "rangeGt", "rangeGte", "rangeLt", "rangeLte", "rangeAdjacent", "overlaps", "textSearch",
            "filter", "not", "regexMatch", "regexIMatch");

    private static final Set<String> WRITES = Set.of("insert", "update", "upsert");
    private static final Set<String> OPERATIONS = Set.of("select", "insert", "update", "upsert", "delete");

    /** Methods only the Storage bucket API has: a chain with one of them is {@code storage.from('bucket')}. */
    private static final Set<String> STORAGE_METHODS = Set.of("upload", "download", "getPublicUrl", "createSignedUrl",
            "createSignedUrls", "createSignedUploadUrl", "uploadToSignedUrl", "list", "remove", "move", "copy", "info",
            "exists");

    /** Promise methods end the builder chain. */
    private static final Set<String> CHAIN_END = Set.of("then", "catch", "finally");

    /** PostgREST operators, which end the column part of a logic-tree condition such as {@code a.not.eq.1}. */
    private static final Set<String> OPERATORS = Set.of("eq", "neq", "gt", "gte", "lt", "lte", "like", "ilike", "match",
            "imatch", "in", "is", "isdistinct", "fts", "plfts", "phfts", "wfts", "cs", "cd", "ov", "sl", "sr", "nxr",
            "nxl", "adj", "not");

    private static final Pattern ORDER_ON_EMBED = Pattern.compile("\\s*([^()\\s]+)\\s*\\(\\s*([^()\\s]+)\\s*\\)\\s*");

    /** Scans with {@link #DEFAULT_GLOBS}. */
    public List<CodeReference> scan(Path projectRoot) {
        return scan(projectRoot, DEFAULT_GLOBS);
    }

    /**
     * Every reference in the source files under projectRoot that match one of the globs (project-relative, '/'
     * separated; {@code **}{@code /} also matches no directory at all), ordered by file and line. Unreadable files are
     * skipped.
     */
    public List<CodeReference> scan(Path projectRoot, List<String> globs) {
        if (!Files.isDirectory(projectRoot)) {
            throw new IllegalArgumentException("project root " + projectRoot + " is not a directory; pass the directory "
                    + "that holds the application's src/ or app/.");
        }
        Path root = projectRoot.toAbsolutePath().normalize();
        List<String> patterns = globs == null || globs.isEmpty() ? DEFAULT_GLOBS : globs;
        List<Path> files = matchingFiles(root, patterns);
        return files.parallelStream().flatMap(f -> scanFile(root, f).stream()).toList();
    }

    /** The references in one file's source; file is the project-relative path to report. */
    public List<CodeReference> scanSource(String file, String source) {
        if (!MAY_CALL_BUILDER.matcher(source).find()) return List.of();
        FileScan scan = new FileScan(file.replace('\\', '/'), source);
        scan.run();
        List<CodeReference> out = new ArrayList<>(scan.out);
        out.sort(Comparator.comparingInt(CodeReference::line));
        return out;
    }

    private List<CodeReference> scanFile(Path root, Path file) {
        String rel = relative(root, file);
        try {
            // Decoding replaces malformed bytes instead of failing: one odd byte must not hide a whole file.
            return scanSource(rel, new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("code scan skipped {}: {}", rel, e.getMessage());
            return List.of();
        } catch (RuntimeException e) {
            // A scanner bug on one odd file must not cost the references of every other file.
            LOG.warn("code scan skipped {}: cannot parse it ({})", rel, e.toString());
            return List.of();
        }
    }

    static List<Path> matchingFiles(Path root, List<String> globs) {
        List<PathMatcher> matchers = new ArrayList<>();
        for (String g : globs) {
            for (String variant : globVariants(g.replace('\\', '/'))) {
                matchers.add(FileSystems.getDefault().getPathMatcher("glob:" + variant));
            }
        }
        List<Path> out = new ArrayList<>();
        for (Path start : walkRoots(root, globs)) {
            if (!Files.isDirectory(start)) continue;
            try {
                Files.walkFileTree(start, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        Path name = dir.getFileName();
                        if (!dir.equals(start) && name != null && SKIPPED_DIRECTORIES.contains(name.toString())) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (!attrs.isRegularFile() || attrs.size() > MAX_FILE_BYTES || !isSource(file)) return FileVisitResult.CONTINUE;
                        Path rel = root.relativize(file);
                        for (PathMatcher m : matchers) {
                            if (m.matches(rel)) {
                                out.add(file);
                                break;
                            }
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + start + ": " + e.getMessage(), e);
            }
        }
        out.sort(Comparator.comparing(p -> relative(root, p)));
        return out;
    }

    /** Only the literal directories the globs start with are walked, so a glob on src/ never visits the whole repo. */
    private static List<Path> walkRoots(Path root, List<String> globs) {
        TreeSet<String> prefixes = new TreeSet<>();
        for (String g : globs) {
            String glob = g.replace('\\', '/');
            int wild = glob.length();
            for (char c : new char[]{'*', '?', '[', '{'}) {
                int i = glob.indexOf(c);
                if (i >= 0) wild = Math.min(wild, i);
            }
            int slash = glob.lastIndexOf('/', wild - 1);
            prefixes.add(slash < 0 ? "" : glob.substring(0, slash + 1));
        }
        List<Path> out = new ArrayList<>();
        String previous = null;
        for (String p : prefixes) {
            if (previous != null && p.startsWith(previous)) continue; // already inside a walked root
            out.add(p.isEmpty() ? root : root.resolve(p));
            previous = p;
        }
        return out;
    }

    /** Java's glob needs a directory for each '**' + '/', but people mean "any depth, including none". */
    static List<String> globVariants(String glob) {
        Set<String> out = new LinkedHashSet<>();
        expand(glob, 0, out);
        return List.copyOf(out);
    }

    private static void expand(String glob, int from, Set<String> out) {
        int i = glob.indexOf("**/", from);
        if (i < 0 || out.size() > 32) {
            out.add(glob);
            return;
        }
        expand(glob, i + 3, out);
        expand(glob.substring(0, i) + glob.substring(i + 3), i, out);
    }

    private static boolean isSource(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && SOURCE_EXTENSIONS.contains(name.substring(dot + 1));
    }

    private static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** What a builder variable stands for: the client's schema, and for a query builder its table and select. */
    private static final class Chain {
        final String schema;
        final String table;
        PostgrestSelect select;

        Chain(String schema, String table) {
            this.schema = schema;
            this.table = table;
        }
    }

    /** A variable bound to a client (chain null) or a query builder, valid until the block that declared it closes. */
    private record Binding(int depth, String schema, Chain chain) {
    }

    private record Call(String name, int nameIndex, List<int[]> args, int close) {
    }

    private record Key(String name, int tokenIndex) {
    }

    /** Marks a schema the code computes at run time: such chains cannot be checked. */
    private static final String UNKNOWN_SCHEMA = "\u0000unknown";

    /** The state of one file's scan; discarded afterwards, so scans of different files share nothing. */
    private static final class FileScan {
        private final String file;
        private final String source;
        private final List<Lexer.Token> t;
        private final int[] lineStarts;
        private final List<CodeReference> out = new ArrayList<>();
        private final Map<String, Binding> bindings = new HashMap<>();
        private int depth;

        FileScan(String file, String source) {
            this.file = file;
            this.source = source;
            this.t = Lexer.tokenize(source);
            this.lineStarts = lineStarts(source);
        }

        void run() {
            for (int i = 0; i < t.size(); i++) {
                Lexer.Token tok = t.get(i);
                if (tok.kind() == Lexer.Kind.PUNCT) {
                    if (tok.is("{")) {
                        depth++;
                    } else if (tok.is("}")) {
                        depth--;
                        bindings.values().removeIf(b -> b.depth() > depth);
                    }
                    continue;
                }
                if (tok.kind() != Lexer.Kind.IDENT) continue;
                String word = tok.text();
                boolean member = i > 0 && isDot(t.get(i - 1));
                if (member && (word.equals("from") || word.equals("rpc"))) {
                    startChain(i);
                } else if (!member && (word.equals("const") || word.equals("let") || word.equals("var"))) {
                    clientDeclaration(i);
                } else if (!member && bindings.containsKey(word)) {
                    useOfBinding(i);
                }
            }
        }

        // ---- chains ---------------------------------------------------------------------------------------------

        private void startChain(int nameIndex) {
            Call first = parseCall(nameIndex);
            if (first == null) return;
            int dot = nameIndex - 1;
            if (dot == 0) return;
            Lexer.Token receiver = t.get(dot - 1);
            // storage.from('bucket') is Storage; Array.from, Buffer.from, Temporal.PlainDate.from are classes.
            if (receiver.kind() == Lexer.Kind.IDENT
                    && (receiver.text().equals("storage") || Character.isUpperCase(receiver.text().charAt(0)))) {
                return;
            }
            String schema = schemaOfReceiver(dot);
            if (UNKNOWN_SCHEMA.equals(schema)) return;
            boolean rpc = first.name().equals("rpc");
            int maxArgs = rpc ? 3 : 1;
            if (first.args().isEmpty() || first.args().size() > maxArgs) return;
            int[] nameArg = first.args().get(0);
            String name = literal(nameArg);
            if (name == null || !DB_NAME.matcher(name).matches()) return;
            int nameLine = t.get(nameArg[0]).line();
            List<Call> calls = callsAfter(first.close());
            if (rpc) {
                rpcReferences(schema, name, nameLine, first);
                return;
            }
            for (Call c : calls) {
                if (STORAGE_METHODS.contains(c.name())) return;
                if (CHAIN_END.contains(c.name())) break;
            }
            String operation = "select";
            for (Call c : calls) {
                if (CHAIN_END.contains(c.name())) break;
                if (OPERATIONS.contains(c.name())) {
                    operation = c.name();
                    break;
                }
            }
            emit(Kind.TABLE, nameLine, schema, name, null, null, null, operation);
            Chain chain = new Chain(schema, name);
            interpret(chain, calls);
            bindIfAssigned(receiverStart(dot), chain);
        }

        private void rpcReferences(String schema, String function, int line, Call call) {
            emit(Kind.FUNCTION, line, schema, null, null, null, function, "rpc");
            if (call.args().size() < 2) return;
            List<Key> keys = objectKeys(call.args().get(1));
            if (keys == null) return;
            for (Key k : keys) emit(Kind.FUNCTION_ARGUMENT, t.get(k.tokenIndex()).line(), schema, null, k.name(), null, function, "rpc");
        }

        /** {@code q.eq(...)} or {@code q = q.order(...)} where q holds a query builder from earlier in the block. */
        private void useOfBinding(int i) {
            Binding b = bindings.get(t.get(i).text());
            // The name in its own declaration: clientDeclaration has just bound it.
            if (i > 0 && (t.get(i - 1).isWord("const") || t.get(i - 1).isWord("let") || t.get(i - 1).isWord("var"))) return;
            if (i + 1 < t.size() && t.get(i + 1).is("=") && !(i + 2 < t.size() && (t.get(i + 2).is("=") || t.get(i + 2).is(">")))) {
                // Reassigned: keep the binding only if the new value continues the same builder (q = q.eq(...)).
                int k = i + 2;
                if (k < t.size() && t.get(k).isWord("await")) k++;
                if (k >= t.size() || !t.get(k).isWord(t.get(i).text())) bindings.remove(t.get(i).text());
                return;
            }
            if (b.chain() == null || i + 2 >= t.size() || !isDot(t.get(i + 1)) || t.get(i + 2).kind() != Lexer.Kind.IDENT) return;
            interpret(b.chain(), callsAfter(i));
        }

        private void interpret(Chain chain, List<Call> calls) {
            for (Call c : calls) {
                if (CHAIN_END.contains(c.name())) return;
                List<int[]> args = c.args();
                String method = c.name();
                if (method.equals("select")) {
                    select(chain, c);
                } else if (WRITES.contains(method)) {
                    if (args.isEmpty()) continue;
                    List<Key> keys = objectKeys(args.get(0));
                    if (keys != null) {
                        for (Key k : keys) columnOnTable(chain, k.name(), t.get(k.tokenIndex()).line(), method);
                    }
                    if (args.size() > 1) {
                        int[] onConflict = property(args.get(1), "onConflict");
                        String cols = onConflict == null ? null : literal(onConflict);
                        if (cols != null) {
                            for (String col : cols.split(",")) columnOnTable(chain, col.strip(), t.get(onConflict[0]).line(), method);
                        }
                    }
                } else if (method.equals("match")) {
                    List<Key> keys = args.isEmpty() ? null : objectKeys(args.get(0));
                    if (keys != null) {
                        for (Key k : keys) filterColumn(chain, List.of(), k.name(), t.get(k.tokenIndex()).line(), "filter");
                    }
                } else if (FILTERS_ON_FIRST_ARGUMENT.contains(method)) {
                    String col = args.isEmpty() ? null : literal(args.get(0));
                    if (col != null) filterColumn(chain, List.of(), col, t.get(args.get(0)[0]).line(), "filter");
                } else if (method.equals("or") || method.equals("and")) {
                    String logic = args.isEmpty() ? null : literal(args.get(0));
                    if (logic == null) continue;
                    List<String> embed = referencedTable(args);
                    if (embed == null) continue;
                    int line = t.get(args.get(0)[0]).line();
                    for (List<String> condition : LogicTree.columns(logic)) {
                        List<String> labels = new ArrayList<>(embed);
                        labels.addAll(condition.subList(0, condition.size() - 1));
                        filterColumn(chain, labels, condition.get(condition.size() - 1), line, "filter");
                    }
                } else if (method.equals("order")) {
                    String col = args.isEmpty() ? null : literal(args.get(0));
                    if (col == null) continue;
                    List<String> embed = referencedTable(args);
                    if (embed == null) continue;
                    int line = t.get(args.get(0)[0]).line();
                    Matcher m = ORDER_ON_EMBED.matcher(col);
                    List<String> labels = new ArrayList<>(embed);
                    if (m.matches()) {
                        labels.addAll(List.of(m.group(1).split("\\.")));
                        col = m.group(2);
                    }
                    filterColumn(chain, labels, col, line, "order");
                }
            }
        }

        /** The {@code foreignTable} / {@code referencedTable} option as label steps; null when not a literal. */
        private List<String> referencedTable(List<int[]> args) {
            if (args.size() < 2) return List.of();
            int[] v = property(args.get(1), "referencedTable");
            if (v == null) v = property(args.get(1), "foreignTable");
            if (v == null) return List.of();
            String rel = literal(v);
            return rel == null ? null : List.of(rel.split("\\."));
        }

        private void select(Chain chain, Call c) {
            if (c.args().isEmpty()) {
                chain.select = PostgrestSelect.parse("*");
                return;
            }
            int[] arg = c.args().get(0);
            String text = literal(arg);
            chain.select = text == null ? null : PostgrestSelect.parse(text);
            if (chain.select == null || !chain.select.ok()) {
                chain.select = null;
                return;
            }
            // Only a template literal spans lines; a '\n' escape in a quoted string is no line break in the file.
            boolean template = t.get(arg[0]).kind() == Lexer.Kind.TEMPLATE;
            selectItems(chain, chain.select.items(), null, t.get(arg[0]).line(), template ? text : "");
        }

        private void selectItems(Chain chain, List<PostgrestSelect.Item> items, String path, int baseLine, String text) {
            for (PostgrestSelect.Item item : items) {
                int line = baseLine + newlinesBefore(text, item.offset());
                if (item instanceof PostgrestSelect.Field f) {
                    if (f.readsColumn()) emit(Kind.COLUMN, line, chain.schema, chain.table, f.column(), path, null, "select");
                } else if (item instanceof PostgrestSelect.Embed e) {
                    String step = e.hint() == null ? e.name() : e.name() + "!" + e.hint();
                    String embedPath = path == null ? step : path + "." + step;
                    emit(Kind.RELATIONSHIP, line, chain.schema, chain.table, null, embedPath, null, "select");
                    selectItems(chain, e.items(), embedPath, baseLine, text);
                }
            }
        }

        private void columnOnTable(Chain chain, String column, int line, String operation) {
            if (!column.isEmpty() && DB_NAME.matcher(column).matches()) {
                emit(Kind.COLUMN, line, chain.schema, chain.table, column, null, null, operation);
            }
        }

        /**
         * A filter or order column, possibly through embedded resources ({@code crews.name}, or labels from the
         * referencedTable option). Labels resolve through the chain's select; when they do not, the reference is
         * skipped rather than guessed.
         */
        private void filterColumn(Chain chain, List<String> labels, String column, int line, String operation) {
            String col = column.strip();
            int arrow = col.indexOf("->");
            if (arrow >= 0) col = col.substring(0, arrow);
            int cast = col.indexOf("::");
            if (cast >= 0) col = col.substring(0, cast);
            List<String> steps = new ArrayList<>(labels);
            String[] parts = col.split("\\.", -1);
            for (int i = 0; i < parts.length - 1; i++) steps.add(parts[i].strip());
            col = parts[parts.length - 1].strip();
            if (col.length() > 1 && col.startsWith("\"") && col.endsWith("\"")) col = col.substring(1, col.length() - 1);
            if (col.isEmpty() || !DB_NAME.matcher(col).matches()) return;
            String path = null;
            if (!steps.isEmpty()) {
                path = embedPath(chain.select, steps);
                if (path == null) return;
            }
            emit(Kind.COLUMN, line, chain.schema, chain.table, col, path, null, operation);
        }

        /** Resolves filter labels (alias or name) to embedding steps of the select; null when they do not match. */
        private static String embedPath(PostgrestSelect select, List<String> labels) {
            if (select == null) return null;
            List<PostgrestSelect.Item> items = select.items();
            StringBuilder path = new StringBuilder();
            for (String label : labels) {
                PostgrestSelect.Embed found = null;
                for (PostgrestSelect.Item item : items) {
                    if (item instanceof PostgrestSelect.Embed e && label.equals(e.label())) {
                        found = e;
                        break;
                    }
                }
                if (found == null) {
                    for (PostgrestSelect.Item item : items) {
                        if (item instanceof PostgrestSelect.Embed e && label.equals(e.name())) {
                            found = e;
                            break;
                        }
                    }
                }
                if (found == null) return null;
                if (path.length() > 0) path.append('.');
                path.append(found.name());
                if (found.hint() != null) path.append('!').append(found.hint());
                items = found.items();
            }
            return path.toString();
        }

        // ---- variables ------------------------------------------------------------------------------------------

        /** {@code const q = supabase.from(...)...}: later {@code q.eq(...)} continues the same builder. */
        private void bindIfAssigned(int start, Chain chain) {
            int j = start;
            while (j > 0 && t.get(j - 1).is("(")) j--;
            // An awaited builder is a response ({ data, error }), not something filters can continue.
            if (j < 2 || !t.get(j - 1).is("=")) return;
            Lexer.Token name = t.get(j - 2);
            if (name.kind() != Lexer.Kind.IDENT) return;
            if (j >= 3) {
                Lexer.Token before = t.get(j - 3);
                if (isDot(before) || before.is("=") || before.is("!") || before.is("<") || before.is(">") || before.is(":")) return;
            }
            Binding old = bindings.get(name.text());
            boolean declared = j >= 3 && (t.get(j - 3).isWord("const") || t.get(j - 3).isWord("let") || t.get(j - 3).isWord("var"));
            int bindingDepth = !declared && old != null ? old.depth() : depth;
            bindings.put(name.text(), new Binding(bindingDepth, chain.schema, chain));
        }

        /** {@code const admin = supabase.schema('ops')} or a client created with {@code db: { schema: 'ops' }}. */
        private void clientDeclaration(int i) {
            if (i + 3 >= t.size() || t.get(i + 1).kind() != Lexer.Kind.IDENT || !t.get(i + 2).is("=")) return;
            String name = t.get(i + 1).text();
            int start = i + 3;
            int end = expressionEnd(start);
            String schema = null;
            for (int k = start; k < end; k++) {
                Lexer.Token tok = t.get(k);
                if (tok.isWord("schema") && k > start && isDot(t.get(k - 1)) && k + 1 < end && t.get(k + 1).is("(")) {
                    int close = matchForward(k + 1);
                    if (close == end - 1) {
                        List<int[]> args = splitArgs(k + 2, close);
                        String s = args.size() == 1 ? literal(args.get(0)) : null;
                        schema = s == null ? UNKNOWN_SCHEMA : s;
                    }
                } else if (tok.isWord("db") && k + 2 < end && t.get(k + 1).is(":") && t.get(k + 2).is("{")) {
                    int close = matchForward(k + 2);
                    if (close < 0) continue;
                    int[] v = property(new int[]{k + 2, close + 1}, "schema");
                    if (v != null) {
                        String s = literal(v);
                        schema = s == null ? UNKNOWN_SCHEMA : s;
                    }
                }
            }
            if (schema != null) bindings.put(name, new Binding(depth, schema, null));
        }

        /** The schema a {@code .from}/{@code .rpc} receiver selected, null for the default, or UNKNOWN_SCHEMA. */
        private String schemaOfReceiver(int dot) {
            Lexer.Token p = t.get(dot - 1);
            if (p.is(")")) {
                int open = matchBackward(dot - 1);
                if (open >= 2 && t.get(open - 1).isWord("schema") && isDot(t.get(open - 2))) {
                    List<int[]> args = splitArgs(open + 1, dot - 1);
                    String s = args.size() == 1 ? literal(args.get(0)) : null;
                    return s == null ? UNKNOWN_SCHEMA : s;
                }
                return null;
            }
            if (p.kind() == Lexer.Kind.IDENT && (dot < 2 || !isDot(t.get(dot - 2)))) {
                Binding b = bindings.get(p.text());
                if (b != null && b.chain() == null) return b.schema();
            }
            return null;
        }

        private int receiverStart(int dot) {
            int j = dot;
            while (j > 0) {
                Lexer.Token p = t.get(j - 1);
                if (p.kind() == Lexer.Kind.IDENT) {
                    j--;
                    if (j > 0 && isDot(t.get(j - 1))) {
                        j--;
                        continue;
                    }
                    break;
                }
                if (p.is(")") || p.is("]")) {
                    int open = matchBackward(j - 1);
                    if (open < 0) break;
                    j = open;
                    continue;
                }
                if (p.is("!") && j < t.size() && isDot(t.get(j))) {
                    j--;
                    continue;
                }
                break;
            }
            return j;
        }

        // ---- token helpers --------------------------------------------------------------------------------------

        /** The {@code .method(args)} calls that continue the expression ending at token index last. */
        private List<Call> callsAfter(int last) {
            List<Call> calls = new ArrayList<>();
            int k = last + 1;
            while (k < t.size()) {
                while (k < t.size() && t.get(k).is("!")) k++; // TypeScript non-null assertion
                if (k + 1 < t.size() && isDot(t.get(k)) && t.get(k + 1).kind() == Lexer.Kind.IDENT) {
                    Call c = parseCall(k + 1);
                    if (c == null) break;
                    calls.add(c);
                    k = c.close() + 1;
                } else {
                    break;
                }
            }
            return calls;
        }

        /** {@code name<TypeArgs>(args)} at nameIndex, or null when it is not a call. */
        private Call parseCall(int nameIndex) {
            int k = nameIndex + 1;
            if (k < t.size() && t.get(k).is("<")) k = skipTypeArguments(k);
            if (k < 0 || k >= t.size() || !t.get(k).is("(")) return null;
            int close = matchForward(k);
            if (close < 0) return null;
            return new Call(t.get(nameIndex).text(), nameIndex, splitArgs(k + 1, close), close);
        }

        private int skipTypeArguments(int open) {
            int angle = 0;
            int nesting = 0;
            for (int k = open; k < t.size() && k < open + 400; k++) {
                Lexer.Token tok = t.get(k);
                if (tok.is("(") || tok.is("[") || tok.is("{")) nesting++;
                else if (tok.is(")") || tok.is("]") || tok.is("}")) {
                    if (--nesting < 0) return -1;
                } else if (nesting == 0 && tok.is(";")) return -1;
                else if (nesting == 0 && tok.is("<")) angle++;
                else if (nesting == 0 && tok.is(">") && --angle == 0) return k + 1;
            }
            return -1;
        }

        private List<int[]> splitArgs(int from, int to) {
            List<int[]> args = new ArrayList<>();
            int nesting = 0;
            int start = from;
            for (int k = from; k < to; k++) {
                Lexer.Token tok = t.get(k);
                if (tok.is("(") || tok.is("[") || tok.is("{")) nesting++;
                else if (tok.is(")") || tok.is("]") || tok.is("}")) nesting--;
                else if (nesting == 0 && tok.is(",")) {
                    if (k > start) args.add(new int[]{start, k});
                    start = k + 1;
                }
            }
            if (to > start) args.add(new int[]{start, to});
            return args;
        }

        private int matchForward(int open) {
            int nesting = 0;
            for (int k = open; k < t.size(); k++) {
                Lexer.Token tok = t.get(k);
                if (tok.kind() != Lexer.Kind.PUNCT) continue;
                if (tok.is("(") || tok.is("[") || tok.is("{")) nesting++;
                else if ((tok.is(")") || tok.is("]") || tok.is("}")) && --nesting == 0) return k;
            }
            return -1;
        }

        private int matchBackward(int close) {
            int nesting = 0;
            for (int k = close; k >= 0; k--) {
                Lexer.Token tok = t.get(k);
                if (tok.kind() != Lexer.Kind.PUNCT) continue;
                if (tok.is(")") || tok.is("]") || tok.is("}")) nesting++;
                else if ((tok.is("(") || tok.is("[") || tok.is("{")) && --nesting == 0) return k;
            }
            return -1;
        }

        /** Where an expression starting at start ends: a top-level ; or , , an unmatched closer, or a new statement line. */
        private int expressionEnd(int start) {
            int nesting = 0;
            for (int k = start; k < t.size(); k++) {
                Lexer.Token tok = t.get(k);
                if (tok.is("(") || tok.is("[") || tok.is("{")) nesting++;
                else if (tok.is(")") || tok.is("]") || tok.is("}")) {
                    if (nesting == 0) return k;
                    nesting--;
                } else if (nesting == 0 && (tok.is(";") || tok.is(","))) {
                    return k;
                } else if (nesting == 0 && k > start && tok.lineStart() && !isDot(tok)
                        && !(t.get(k - 1).kind() == Lexer.Kind.PUNCT && !t.get(k - 1).is(")") && !t.get(k - 1).is("]"))) {
                    return k;
                }
            }
            return t.size();
        }

        /** The string value of an argument that is a single literal (optionally {@code as const}); else null. */
        private String literal(int[] range) {
            int end = withoutTypeAssertion(range);
            if (end - range[0] != 1) return null;
            Lexer.Token tok = t.get(range[0]);
            return tok.kind() == Lexer.Kind.STRING || tok.kind() == Lexer.Kind.TEMPLATE ? tok.value() : null;
        }

        private int withoutTypeAssertion(int[] range) {
            int nesting = 0;
            for (int k = range[0]; k < range[1]; k++) {
                Lexer.Token tok = t.get(k);
                if (tok.is("(") || tok.is("[") || tok.is("{")) nesting++;
                else if (tok.is(")") || tok.is("]") || tok.is("}")) nesting--;
                else if (nesting == 0 && k > range[0] && (tok.isWord("as") || tok.isWord("satisfies"))) return k;
            }
            return range[1];
        }

        /**
         * The keys of an object literal, or the union of keys of an array of object literals. Spread and computed keys
         * are skipped (they are unknown, not wrong); null when the argument is not a literal at all.
         */
        private List<Key> objectKeys(int[] range) {
            int from = range[0];
            int to = withoutTypeAssertion(range);
            if (from >= to) return null;
            if (t.get(from).is("{") && matchForward(from) == to - 1) return members(from, to - 1);
            if (t.get(from).is("[") && matchForward(from) == to - 1) {
                List<Key> keys = new ArrayList<>();
                for (int[] element : splitArgs(from + 1, to - 1)) {
                    int e = withoutTypeAssertion(element);
                    if (t.get(element[0]).is("{") && matchForward(element[0]) == e - 1) keys.addAll(members(element[0], e - 1));
                }
                return keys;
            }
            return null;
        }

        private List<Key> members(int open, int close) {
            List<Key> keys = new ArrayList<>();
            for (int[] m : splitArgs(open + 1, close)) {
                Lexer.Token first = t.get(m[0]);
                boolean single = m[1] - m[0] == 1;
                boolean colon = m[1] - m[0] > 1 && t.get(m[0] + 1).is(":");
                if (first.kind() == Lexer.Kind.IDENT && (single || colon)) {
                    keys.add(new Key(first.text(), m[0]));
                } else if ((first.kind() == Lexer.Kind.STRING || first.kind() == Lexer.Kind.TEMPLATE) && colon && first.value() != null) {
                    keys.add(new Key(first.value(), m[0]));
                }
            }
            return keys;
        }

        /** The value range of property name in an object-literal argument, or null. */
        private int[] property(int[] range, String name) {
            int to = withoutTypeAssertion(range);
            if (!t.get(range[0]).is("{") || matchForward(range[0]) != to - 1) return null;
            for (int[] m : splitArgs(range[0] + 1, to - 1)) {
                Lexer.Token first = t.get(m[0]);
                boolean named = first.kind() == Lexer.Kind.IDENT ? first.text().equals(name) : name.equals(first.value());
                if (named && m[1] - m[0] > 2 && t.get(m[0] + 1).is(":")) return new int[]{m[0] + 2, m[1]};
            }
            return null;
        }

        private static boolean isDot(Lexer.Token tok) {
            return tok.kind() == Lexer.Kind.PUNCT && (tok.text().equals(".") || tok.text().equals("?."));
        }

        private void emit(Kind kind, int line, String schema, String table, String column, String relation, String function,
                          String operation) {
            out.add(new CodeReference(file, line, kind, schema, table, column, relation, function, operation, lineText(line)));
        }

        private String lineText(int line) {
            int start = lineStarts[Math.min(line, lineStarts.length) - 1];
            int end = line < lineStarts.length ? lineStarts[line] : source.length();
            return source.substring(start, end).strip();
        }

        private static int[] lineStarts(String s) {
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '\n') starts.add(i + 1);
            return starts.stream().mapToInt(Integer::intValue).toArray();
        }

        private static int newlinesBefore(String text, int offset) {
            int n = 0;
            for (int i = 0; i < offset && i < text.length(); i++) if (text.charAt(i) == '\n') n++;
            return n;
        }
    }

    /**
     * The columns a PostgREST logic tree ({@code .or('a.eq.1,and(b.gt.2,c.is.null)')}) filters on. Each condition
     * gives its dot-separated name steps before the operator: {@code [a]}, or {@code [crews, name]} for an embedded
     * column. Conditions that do not parse are left out.
     */
    static final class LogicTree {
        private LogicTree() {
        }

        static List<List<String>> columns(String logic) {
            List<List<String>> out = new ArrayList<>();
            walk(logic, out, 0);
            return out;
        }

        private static void walk(String s, List<List<String>> out, int level) {
            if (level > 32) return;
            for (String item : splitTopLevel(s)) {
                String it = item.strip();
                String lower = it.startsWith("not.") ? it.substring(4) : it;
                if ((lower.startsWith("and(") || lower.startsWith("or(")) && lower.endsWith(")")) {
                    walk(lower.substring(lower.indexOf('(') + 1, lower.length() - 1), out, level + 1);
                    continue;
                }
                String[] parts = it.split("\\.", -1);
                for (int i = 1; i < parts.length && i < 5; i++) {
                    String op = parts[i];
                    int paren = op.indexOf('(');
                    if (paren >= 0) op = op.substring(0, paren);
                    if (OPERATORS.contains(op)) {
                        List<String> steps = new ArrayList<>();
                        for (int k = 0; k < i; k++) steps.add(parts[k].strip());
                        out.add(steps);
                        break;
                    }
                }
            }
        }

        /** Splits at commas outside parentheses and double quotes, as PostgREST does. */
        private static List<String> splitTopLevel(String s) {
            List<String> items = new ArrayList<>();
            int nesting = 0;
            boolean quoted = false;
            int start = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (quoted) {
                    if (c == '\\') i++;
                    else if (c == '"') quoted = false;
                } else if (c == '"') {
                    quoted = true;
                } else if (c == '(') {
                    nesting++;
                } else if (c == ')') {
                    nesting--;
                } else if (c == ',' && nesting == 0) {
                    items.add(s.substring(start, i));
                    start = i + 1;
                }
            }
            items.add(s.substring(start));
            return items;
        }
    }

    /**
     * A JavaScript/TypeScript tokenizer just good enough to find call chains: strings and template literals (with
     * their escapes), comments, regex literals, identifiers, numbers and punctuation. Comments are dropped. A quote
     * that does not close on its line ends at the line, so an apostrophe in JSX text derails at most one line.
     */
    static final class Lexer {
        enum Kind {IDENT, STRING, TEMPLATE, NUMBER, PUNCT, REGEX}

        /**
         * value is the decoded text of a string, or of a template literal without substitutions; null for a template
         * with {@code ${}} or a string that does not close. lineStart is true for the first token on its line.
         */
        record Token(Kind kind, String text, String value, int start, int line, boolean lineStart) {
            boolean is(String punct) {
                return kind == Kind.PUNCT && text.equals(punct);
            }

            boolean isWord(String word) {
                return kind == Kind.IDENT && text.equals(word);
            }
        }

        private static final Set<String> REGEX_AFTER_WORDS = Set.of("return", "typeof", "instanceof", "in", "of", "new",
                "delete", "void", "throw", "case", "do", "else", "yield", "await");

        /** Deeper template-in-substitution nesting is read as text; it only exists to exhaust a recursive reader. */
        private static final int MAX_TEMPLATE_NESTING = 64;

        private final String s;
        private final int n;
        private int pos;
        private int templateDepth;
        private int line = 1;
        private boolean newline = true;
        private Token previous;

        private Lexer(String s) {
            this.s = s;
            this.n = s.length();
        }

        static List<Token> tokenize(String source) {
            Lexer lexer = new Lexer(source);
            if (source.startsWith("#!")) {
                while (lexer.pos < lexer.n && source.charAt(lexer.pos) != '\n') lexer.pos++;
            }
            List<Token> out = new ArrayList<>(source.length() / 4);
            lexer.run(out, false);
            return out;
        }

        /** Lexes to the end, or for a template substitution to its closing brace (tokens then go nowhere). */
        private void run(List<Token> out, boolean substitution) {
            int braces = 0;
            while (true) {
                skipTrivia();
                if (pos >= n) return;
                char c = s.charAt(pos);
                if (substitution) {
                    if (c == '{') {
                        braces++;
                    } else if (c == '}') {
                        if (braces == 0) {
                            pos++;
                            return;
                        }
                        braces--;
                    }
                }
                Token tok = next();
                newline = false;
                previous = tok;
                if (out != null) out.add(tok);
            }
        }

        private void skipTrivia() {
            while (pos < n) {
                char c = s.charAt(pos);
                if (c == '\n') {
                    line++;
                    newline = true;
                    pos++;
                } else if (Character.isWhitespace(c) || c == '\u00a0' || c == '\ufeff') {
                    pos++;
                } else if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '/') {
                    while (pos < n && s.charAt(pos) != '\n') pos++;
                } else if (c == '/' && pos + 1 < n && s.charAt(pos + 1) == '*') {
                    int end = s.indexOf("*/", pos + 2);
                    int stop = end < 0 ? n : end + 2;
                    for (int i = pos; i < stop; i++) {
                        if (s.charAt(i) == '\n') {
                            line++;
                            newline = true;
                        }
                    }
                    pos = stop;
                } else {
                    return;
                }
            }
        }

        private Token next() {
            int start = pos;
            int startLine = line;
            boolean first = newline;
            char c = s.charAt(pos);
            if (c == '\'' || c == '"') {
                String value = quoted(c);
                return new Token(Kind.STRING, s.substring(start, pos), value, start, startLine, first);
            }
            if (c == '`') {
                String value = template();
                return new Token(Kind.TEMPLATE, s.substring(start, pos), value, start, startLine, first);
            }
            if (Character.isJavaIdentifierStart(c)) {
                pos++;
                while (pos < n && Character.isJavaIdentifierPart(s.charAt(pos))) pos++;
                return new Token(Kind.IDENT, s.substring(start, pos), null, start, startLine, first);
            }
            if (Character.isDigit(c) || (c == '.' && pos + 1 < n && Character.isDigit(s.charAt(pos + 1)))) {
                pos++;
                while (pos < n) {
                    char d = s.charAt(pos);
                    if (Character.isLetterOrDigit(d) || d == '_' || (d == '.' && pos + 1 < n && Character.isDigit(s.charAt(pos + 1)))) {
                        pos++;
                    } else if ((d == '+' || d == '-') && (s.charAt(pos - 1) == 'e' || s.charAt(pos - 1) == 'E')
                            && !s.startsWith("0x", start) && !s.startsWith("0X", start)) {
                        pos++;
                    } else {
                        break;
                    }
                }
                return new Token(Kind.NUMBER, s.substring(start, pos), null, start, startLine, first);
            }
            if (c == '/' && regexAllowed()) {
                int end = regexEnd(pos);
                if (end > 0) {
                    pos = end;
                    return new Token(Kind.REGEX, s.substring(start, pos), null, start, startLine, first);
                }
            }
            String punct;
            if (s.startsWith("...", pos)) punct = "...";
            else if (s.startsWith("?.", pos) && !(pos + 2 < n && Character.isDigit(s.charAt(pos + 2)))) punct = "?.";
            else if (s.startsWith("=>", pos)) punct = "=>";
            else punct = String.valueOf(c);
            pos += punct.length();
            return new Token(Kind.PUNCT, punct, null, start, startLine, first);
        }

        /** Reads a '...' or "..." string; returns its value, or null when it runs into the end of its line. */
        private String quoted(char quote) {
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < n) {
                char c = s.charAt(pos);
                if (c == quote) {
                    pos++;
                    return value.toString();
                }
                if (c == '\n') return null;
                if (c == '\\') {
                    escape(value);
                } else {
                    value.append(c);
                    pos++;
                }
            }
            return null;
        }

        /** Reads a template literal; returns its value when it has no substitution, else null. */
        private String template() {
            StringBuilder value = new StringBuilder();
            boolean substituted = false;
            pos++;
            while (pos < n) {
                char c = s.charAt(pos);
                if (c == '`') {
                    pos++;
                    return substituted ? null : value.toString();
                }
                if (c == '\\') {
                    escape(value);
                } else if (c == '$' && pos + 1 < n && s.charAt(pos + 1) == '{') {
                    substituted = true;
                    pos += 2;
                    if (templateDepth >= MAX_TEMPLATE_NESTING) continue;
                    templateDepth++;
                    Token saved = previous;
                    boolean savedNewline = newline;
                    previous = null;
                    run(null, true);
                    templateDepth--;
                    previous = saved;
                    newline = savedNewline;
                } else {
                    if (c == '\n') line++;
                    value.append(c);
                    pos++;
                }
            }
            return null;
        }

        private void escape(StringBuilder value) {
            pos++; // the backslash
            if (pos >= n) return;
            char e = s.charAt(pos++);
            switch (e) {
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'v' -> value.append('\u000b');
                case '0' -> value.append('\0');
                case '\r' -> {
                    if (pos < n && s.charAt(pos) == '\n') pos++;
                    line++;
                }
                case '\n' -> line++;
                case 'x' -> value.append((char) hex(2));
                case 'u' -> {
                    if (pos < n && s.charAt(pos) == '{') {
                        int close = s.indexOf('}', pos);
                        try {
                            value.appendCodePoint(Integer.parseInt(s.substring(pos + 1, close), 16));
                        } catch (RuntimeException bad) {
                            value.append('\ufffd');
                        }
                        pos = close < 0 ? n : close + 1;
                    } else {
                        value.append((char) hex(4));
                    }
                }
                default -> value.append(e);
            }
        }

        private int hex(int digits) {
            int v = 0;
            for (int i = 0; i < digits && pos < n; i++) {
                int d = Character.digit(s.charAt(pos), 16);
                if (d < 0) return 0xfffd;
                v = v * 16 + d;
                pos++;
            }
            return v;
        }

        /** A '/' starts a regex where an operand is expected: at the start, after an operator or a keyword. */
        private boolean regexAllowed() {
            if (previous == null) return true;
            return switch (previous.kind()) {
                case NUMBER, STRING, TEMPLATE, REGEX -> false;
                case IDENT -> REGEX_AFTER_WORDS.contains(previous.text());
                case PUNCT -> !(previous.is(")") || previous.is("]") || previous.is("}"));
            };
        }

        /** The end of a regex literal starting at start, or -1 when the line ends first (then it was division). */
        private int regexEnd(int start) {
            boolean inClass = false;
            for (int i = start + 1; i < n; i++) {
                char c = s.charAt(i);
                if (c == '\n') return -1;
                if (c == '\\') {
                    i++;
                } else if (c == '[') {
                    inClass = true;
                } else if (c == ']') {
                    inClass = false;
                } else if (c == '/' && !inClass) {
                    int end = i + 1;
                    while (end < n && Character.isLetter(s.charAt(end))) end++;
                    return end;
                }
            }
            return -1;
        }
    }
}
