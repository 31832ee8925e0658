package io.dbwarden.monitor;

import io.dbwarden.monitor.CodeScanner.Lexer;
import io.dbwarden.monitor.CodeScanner.Lexer.Kind;
import io.dbwarden.monitor.CodeScanner.Lexer.Token;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a committed {@code supabase gen types typescript} file says the database looks like: per schema, the Row
 * columns of each table and view with their TypeScript type text, the functions with their argument names, and the
 * enums. {@link CodeDrift#checkTypesFile} compares it with the live catalog. The file is read as TypeScript tokens,
 * so reformatting, quoted keys, trailing separators and comments do not matter.
 */
public record TypesFile(Map<String, Schema> schemas) {

    public TypesFile {
        schemas = Collections.unmodifiableMap(new LinkedHashMap<>(schemas));
    }

    /** One schema of the Database type. Maps keep the file's order. */
    public record Schema(String name, Map<String, Relation> tables, Map<String, Relation> views,
                         Map<String, List<List<String>>> functions, Map<String, List<String>> enums) {
    }

    /** A table or view: its Row columns, each with its type text as written, for example {@code string | null}. */
    public record Relation(String name, boolean view, Map<String, String> columns) {
        public boolean nullable(String column) {
            String type = columns.get(column);
            return type != null && unionMembers(type).contains("null");
        }
    }

    public static TypesFile read(Path file) throws IOException {
        return parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
    }

    /**
     * Parses the text of a generated types file.
     *
     * @throws IllegalArgumentException when the text has no {@code Database} type to read
     */
    public static TypesFile parse(String source) {
        List<Token> tokens = Lexer.tokenize(source);
        int open = databaseBody(tokens);
        if (open < 0) {
            throw new IllegalArgumentException("no 'export type Database = { ... }' found; is this a file written by "
                    + "'supabase gen types typescript' (or 'dbwarden types')?");
        }
        Map<String, Value> database = new TypeParser(tokens).object(open);
        Map<String, Schema> schemas = new LinkedHashMap<>();
        database.forEach((name, value) -> {
            Map<String, Value> body = value.single();
            if (body == null || !(body.containsKey("Tables") || body.containsKey("Views") || body.containsKey("Functions")
                    || body.containsKey("Enums"))) {
                return; // __InternalSupabase and the like
            }
            schemas.put(name, schema(name, body));
        });
        return new TypesFile(schemas);
    }

    private static Schema schema(String name, Map<String, Value> body) {
        Map<String, Relation> tables = relations(body.get("Tables"), false);
        Map<String, Relation> views = relations(body.get("Views"), true);
        Map<String, List<List<String>>> functions = new LinkedHashMap<>();
        Value fns = body.get("Functions");
        if (fns != null && fns.single() != null) {
            fns.single().forEach((fn, v) -> {
                List<List<String>> overloads = new ArrayList<>();
                // Overloads come as a union of { Args; Returns } objects, or as one object whose Args is a union.
                for (Map<String, Value> alternative : v.objects()) {
                    Value args = alternative.get("Args");
                    if (args == null) continue;
                    if (args.objects().isEmpty()) overloads.add(List.of()); // never, Record<PropertyKey, never>
                    for (Map<String, Value> a : args.objects()) overloads.add(List.copyOf(a.keySet()));
                }
                functions.put(fn, List.copyOf(overloads));
            });
        }
        Map<String, List<String>> enums = new LinkedHashMap<>();
        Value en = body.get("Enums");
        if (en != null && en.single() != null) {
            en.single().forEach((e, v) -> enums.put(e, stringLiterals(v.tokens())));
        }
        return new Schema(name, Collections.unmodifiableMap(tables), Collections.unmodifiableMap(views),
                Collections.unmodifiableMap(functions), Collections.unmodifiableMap(enums));
    }

    private static Map<String, Relation> relations(Value section, boolean view) {
        Map<String, Relation> out = new LinkedHashMap<>();
        if (section == null || section.single() == null) return out;
        section.single().forEach((name, v) -> {
            Map<String, Value> body = v.single();
            Value row = body == null ? null : body.get("Row");
            if (row == null || row.single() == null) return;
            Map<String, String> columns = new LinkedHashMap<>();
            row.single().forEach((col, type) -> columns.put(col, type.text()));
            out.put(name, new Relation(name, view, Collections.unmodifiableMap(columns)));
        });
        return out;
    }

    /** The top-level members of a union type text, for example {@code [string, null]}. */
    static List<String> unionMembers(String type) {
        List<String> out = new ArrayList<>();
        int nesting = 0;
        int start = 0;
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '(' || c == '[' || c == '{' || c == '<') nesting++;
            else if (c == ')' || c == ']' || c == '}' || c == '>') nesting--;
            else if (c == '|' && nesting == 0) {
                out.add(type.substring(start, i).strip());
                start = i + 1;
            }
        }
        out.add(type.substring(start).strip());
        out.removeIf(String::isEmpty);
        return out;
    }

    private static List<String> stringLiterals(List<Token> tokens) {
        List<String> out = new ArrayList<>();
        for (Token t : tokens) if (t.kind() == Kind.STRING && t.value() != null) out.add(t.value());
        return List.copyOf(out);
    }

    /** The index of the '{' that opens {@code type Database = {} or {@code interface Database {}, or -1. */
    private static int databaseBody(List<Token> t) {
        for (int i = 0; i + 2 < t.size(); i++) {
            boolean typeAlias = t.get(i).isWord("type") && t.get(i + 1).isWord("Database") && t.get(i + 2).is("=");
            boolean iface = t.get(i).isWord("interface") && t.get(i + 1).isWord("Database");
            if (!typeAlias && !iface) continue;
            int k = i + (typeAlias ? 3 : 2);
            if (k < t.size() && t.get(k).is("{")) return k;
        }
        return -1;
    }

    /**
     * A member's type: its tokens and text, and the object literals at the top level of the type (one for
     * {@code { ... }}, several for a union of objects, none for {@code string | null}).
     */
    private record Value(String text, List<Token> tokens, List<Map<String, Value>> objects) {
        Map<String, Value> single() {
            return objects.size() == 1 ? objects.get(0) : null;
        }
    }

    /** Reads TypeScript object type literals into nested maps; tolerant of anything it does not understand. */
    private static final class TypeParser {
        private static final Set<String> MODIFIERS = Set.of("readonly");
        private final List<Token> t;
        private int pos;
        private int level;

        TypeParser(List<Token> tokens) {
            this.t = tokens;
        }

        /** Parses the object type whose '{' is at open; leaves pos after its '}'. */
        Map<String, Value> object(int open) {
            pos = open + 1;
            Map<String, Value> members = new LinkedHashMap<>();
            if (++level > 64) {
                pos = skipBalanced(open);
                level--;
                return members;
            }
            while (pos < t.size()) {
                Token tok = t.get(pos);
                if (tok.is("}")) {
                    pos++;
                    break;
                }
                if (tok.is(";") || tok.is(",")) {
                    pos++;
                    continue;
                }
                String key = null;
                if (tok.kind() == Kind.IDENT && MODIFIERS.contains(tok.text()) && pos + 1 < t.size()
                        && !t.get(pos + 1).is(":") && !t.get(pos + 1).is("?")) {
                    pos++;
                    tok = t.get(pos);
                }
                if (tok.kind() == Kind.IDENT || tok.kind() == Kind.NUMBER) {
                    key = tok.text();
                    pos++;
                } else if (tok.kind() == Kind.STRING && tok.value() != null) {
                    key = tok.value();
                    pos++;
                } else if (tok.is("[")) {
                    pos = skipBalanced(pos); // index signature such as [_ in never]
                } else {
                    pos++; // something this reader does not need
                    continue;
                }
                if (pos < t.size() && t.get(pos).is("?")) pos++;
                if (pos >= t.size() || !t.get(pos).is(":")) continue;
                pos++;
                Value v = value();
                if (key != null) members.put(key, v);
            }
            level--;
            return members;
        }

        /** A member's type, up to the separator that ends it: ; , } or a new line that starts the next member. */
        private Value value() {
            int start = pos;
            List<Map<String, Value>> objects = new ArrayList<>();
            StringBuilder text = new StringBuilder();
            int nesting = 0;
            while (pos < t.size()) {
                Token tok = t.get(pos);
                if (nesting == 0) {
                    if (tok.is(";") || tok.is(",") || tok.is("}")) break;
                    if (pos > start && tok.lineStart() && startsMember(pos)) break;
                }
                if (tok.is("{")) {
                    boolean topLevel = nesting == 0;
                    Map<String, Value> obj = object(pos);
                    if (topLevel) objects.add(obj);
                    append(text, "{...}");
                    continue;
                }
                if (tok.is("(") || tok.is("[") || tok.is("<")) nesting++;
                else if ((tok.is(")") || tok.is("]") || tok.is(">")) && nesting > 0) nesting--;
                append(text, tok.text());
                pos++;
            }
            String s = text.toString().strip();
            if (s.startsWith("|")) s = s.substring(1).strip(); // prettier puts a leading | on multi-line unions
            return new Value(s, List.copyOf(t.subList(start, pos)), List.copyOf(objects));
        }

        private boolean startsMember(int k) {
            Token tok = t.get(k);
            if (tok.is("[")) return true;
            if (tok.kind() != Kind.IDENT && tok.kind() != Kind.STRING) return false;
            int next = k + 1;
            if (tok.kind() == Kind.IDENT && MODIFIERS.contains(tok.text()) && next < t.size()
                    && (t.get(next).kind() == Kind.IDENT || t.get(next).kind() == Kind.STRING)) {
                next++;
            }
            if (next < t.size() && t.get(next).is("?")) next++;
            return next < t.size() && t.get(next).is(":");
        }

        private int skipBalanced(int open) {
            int nesting = 0;
            for (int k = open; k < t.size(); k++) {
                Token tok = t.get(k);
                if (tok.is("(") || tok.is("[") || tok.is("{")) nesting++;
                else if ((tok.is(")") || tok.is("]") || tok.is("}")) && --nesting == 0) return k + 1;
            }
            return t.size();
        }

        /** Joins type tokens the way people write them: {@code string | null}, {@code Database["public"]["Enums"]}. */
        private static void append(StringBuilder text, String token) {
            if (text.length() > 0) {
                char last = text.charAt(text.length() - 1);
                boolean tight = token.equals("[") || token.equals("]") || token.equals(")") || token.equals(">")
                        || token.equals(",") || token.equals(".") || token.equals("<") || token.equals("?")
                        || last == '[' || last == '(' || last == '<' || last == '.';
                if (token.equals("(") && last == ' ') tight = false;
                if (!tight) text.append(' ');
            }
            text.append(token);
        }
    }
}
