package io.dbwarden.db;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Splits SQL text into tokens exactly as PostgreSQL's scanner (src/backend/parser/scan.l) does, so the execute_sql
 * guard sees the same statement boundaries, literals and names the server will. A client lexer that disagrees with
 * the server is how read-only guards get bypassed, which is why the rules below follow scan.l and not intuition.
 */
public final class SqlLexer {

    /** NAMEDATALEN - 1: the server silently truncates longer identifiers, so lookups must use the truncated name. */
    static final int MAX_IDENTIFIER_BYTES = 63;

    public enum Kind {
        WHITESPACE, LINE_COMMENT, BLOCK_COMMENT,
        /** Unquoted word, keyword or name; {@code value} is ASCII-folded to lower case, as the server does. */
        IDENTIFIER,
        /** "..." identifier; {@code value} has "" unescaped and is never folded. */
        QUOTED_IDENTIFIER,
        /** U&"..." identifier; {@code value} has its Unicode escapes (and any UESCAPE clause) applied. */
        UNICODE_IDENTIFIER,
        STRING, ESCAPE_STRING, UNICODE_STRING, NATIONAL_STRING, BIT_STRING, HEX_STRING, DOLLAR_STRING,
        NUMBER, PARAM, OPERATOR,
        /** ( ) [ ] , ; : . and the two-character :: := .. */
        PUNCTUATION,
        /** A character the server's grammar never accepts at top level (backslash, braces, a lone $...). */
        OTHER;

        public boolean isTrivia() {
            return this == WHITESPACE || this == LINE_COMMENT || this == BLOCK_COMMENT;
        }

        public boolean isName() {
            return this == IDENTIFIER || this == QUOTED_IDENTIFIER || this == UNICODE_IDENTIFIER;
        }

        public boolean isString() {
            return compareTo(STRING) >= 0 && compareTo(DOLLAR_STRING) <= 0;
        }
    }

    /**
     * One token. {@code text} is the raw source, {@code value} the meaning: normalised name for identifiers,
     * decoded content for strings, digits for parameters, text for everything else.
     */
    public record Token(Kind kind, String text, String value, int start, int line) {
        public Token {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(value, "value");
        }

        public int end() {
            return start + text.length();
        }

        /** An unquoted word spelled {@code lowerCaseWord}; keywords only ever arrive this way. */
        public boolean isWord(String lowerCaseWord) {
            return kind == Kind.IDENTIFIER && value.equals(lowerCaseWord);
        }

        public boolean isPunctuation(String p) {
            return kind == Kind.PUNCTUATION && text.equals(p);
        }
    }

    /** Text the server would reject while scanning; carries the line so the caller can point at it. */
    public static final class LexException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        private final String problem;
        private final int offset;
        private final int line;

        LexException(String problem, int offset, int line) {
            super(problem + " at line " + line);
            this.problem = problem;
            this.offset = offset;
            this.line = line;
        }

        public String problem() {
            return problem;
        }

        public int offset() {
            return offset;
        }

        public int line() {
            return line;
        }
    }

    private SqlLexer() {
    }

    /** Significant tokens (no whitespace or comments), read with standard_conforming_strings on, the default. */
    public static List<Token> tokenize(String sql) {
        return tokenize(sql, true);
    }

    /** Significant tokens; {@code standardConformingStrings} off makes '...' strings take backslash escapes. */
    public static List<Token> tokenize(String sql, boolean standardConformingStrings) {
        List<Token> all = tokenizeWithTrivia(sql, standardConformingStrings);
        List<Token> out = new ArrayList<>(all.size());
        for (Token t : all) {
            if (!t.kind().isTrivia()) out.add(t);
        }
        return Collections.unmodifiableList(out);
    }

    /** Every token including whitespace and comments; a UESCAPE clause is folded into its U& token. */
    public static List<Token> tokenizeWithTrivia(String sql, boolean standardConformingStrings) {
        Objects.requireNonNull(sql, "sql");
        return Collections.unmodifiableList(new Scanner(sql, standardConformingStrings).run());
    }

    /**
     * Statements separated by {@code ;} tokens, empty ones dropped. Every {@code ;} outside a literal or comment
     * counts, whatever the parenthesis depth, because the server's grammar ends a statement at each one.
     */
    public static List<List<Token>> splitStatements(List<Token> tokens) {
        List<List<Token>> out = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (Token t : tokens) {
            if (t.kind().isTrivia()) continue;
            if (t.isPunctuation(";")) {
                if (!current.isEmpty()) out.add(List.copyOf(current));
                current.clear();
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) out.add(List.copyOf(current));
        return List.copyOf(out);
    }

    /** Convenience: tokenize (standard_conforming_strings on) and split. */
    public static List<List<Token>> splitStatements(String sql) {
        return splitStatements(tokenize(sql));
    }

    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\u000B';
    }

    /** ident_start: the scanner works on bytes, and every byte of a non-ASCII UTF-8 character is >= 0x80. */
    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentCont(char c) {
        return isIdentStart(c) || isDigit(c) || c == '$';
    }

    private static boolean isDolqCont(char c) {
        return isIdentStart(c) || isDigit(c);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isOpChar(char c) {
        return "~!@#^&|`?+-*/%<>=".indexOf(c) >= 0;
    }

    /** downcase_identifier in a multibyte encoding folds ASCII only; Java's toLowerCase would fold far more. */
    static String foldAscii(String s) {
        char[] cs = s.toCharArray();
        for (int i = 0; i < cs.length; i++) {
            if (cs[i] >= 'A' && cs[i] <= 'Z') cs[i] = (char) (cs[i] + ('a' - 'A'));
        }
        return new String(cs);
    }

    /** truncate_identifier: cut to 63 UTF-8 bytes on a character boundary. */
    static String truncateIdentifier(String id) {
        int bytes = 0;
        for (int i = 0; i < id.length(); ) {
            int cp = id.codePointAt(i);
            int len = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + len > MAX_IDENTIFIER_BYTES) return id.substring(0, i);
            bytes += len;
            i += Character.charCount(cp);
        }
        return id;
    }

    private enum Mode { STANDARD, ESCAPE, BITS }

    private static final class Scanner {
        private final String s;
        private final int n;
        private final boolean scs;
        private final int[] lineStarts;
        private int pos;

        Scanner(String s, boolean scs) {
            this.s = s;
            this.n = s.length();
            this.scs = scs;
            List<Integer> starts = new ArrayList<>();
            starts.add(0);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c == '\n' || (c == '\r' && (i + 1 >= n || s.charAt(i + 1) != '\n'))) starts.add(i + 1);
            }
            this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
        }

        List<Token> run() {
            int nul = s.indexOf('\0');
            // The wire protocol ends the query at a NUL, so the server would see a different (shorter) text.
            if (nul >= 0) throw error("NUL character in the text (PostgreSQL cannot receive it)", nul);
            List<Token> out = new ArrayList<>();
            while (pos < n) out.add(next());
            return out;
        }

        private char peek(int k) {
            int i = pos + k;
            return i < n ? s.charAt(i) : '\0';
        }

        private char at(int i) {
            return i < n ? s.charAt(i) : '\0';
        }

        int lineOf(int offset) {
            int lo = 0;
            int hi = lineStarts.length - 1;
            while (lo < hi) {
                int mid = (lo + hi + 1) >>> 1;
                if (lineStarts[mid] <= offset) lo = mid;
                else hi = mid - 1;
            }
            return lo + 1;
        }

        private LexException error(String problem, int offset) {
            return new LexException(problem, offset, lineOf(offset));
        }

        private Token token(Kind kind, int start, String value) {
            String text = s.substring(start, pos);
            return new Token(kind, text, value == null ? text : value, start, lineOf(start));
        }

        private Token next() {
            int start = pos;
            char c = s.charAt(pos);
            if (isSpace(c)) {
                while (pos < n && isSpace(s.charAt(pos))) pos++;
                return token(Kind.WHITESPACE, start, null);
            }
            if (c == '-' && peek(1) == '-') {
                pos = lineEnd(pos);
                return token(Kind.LINE_COMMENT, start, null);
            }
            if (c == '/' && peek(1) == '*') {
                pos = blockCommentEnd(pos);
                return token(Kind.BLOCK_COMMENT, start, null);
            }
            if (c == '\'') return quoted(start, pos, scs ? Mode.STANDARD : Mode.ESCAPE, Kind.STRING);
            if (c == '"') return quotedIdentifier(start, pos, Kind.QUOTED_IDENTIFIER);
            if (c == '$') return dollar(start);
            if (isDigit(c) || (c == '.' && isDigit(peek(1)))) return number(start);
            if (isIdentStart(c)) return word(start);
            if (c == ':') {
                pos += (peek(1) == ':' || peek(1) == '=') ? 2 : 1;
                return token(Kind.PUNCTUATION, start, null);
            }
            if (c == '.') {
                pos += peek(1) == '.' ? 2 : 1;
                return token(Kind.PUNCTUATION, start, null);
            }
            if (",()[];".indexOf(c) >= 0) {
                pos++;
                return token(Kind.PUNCTUATION, start, null);
            }
            if (isOpChar(c)) return operator(start);
            pos++;
            return token(Kind.OTHER, start, null);
        }

        private int lineEnd(int i) {
            while (i < n && s.charAt(i) != '\n' && s.charAt(i) != '\r') i++;
            return i;
        }

        /** Block comments nest in PostgreSQL (unlike C); a lexer that stops at the first star-slash is fooled. */
        private int blockCommentEnd(int start) {
            int depth = 0;
            int i = start + 2;
            while (true) {
                if (i >= n) throw error("unterminated /* comment", start);
                char c = s.charAt(i);
                if (c == '/' && at(i + 1) == '*') {
                    depth++;
                    i += 2;
                } else if (c == '*' && at(i + 1) == '/') {
                    i += 2;
                    if (depth == 0) return i;
                    depth--;
                } else {
                    i++;
                }
            }
        }

        private Token word(int start) {
            char c = s.charAt(pos);
            char c1 = peek(1);
            if (c1 == '\'') {
                switch (c) {
                    case 'b', 'B' -> {
                        return quoted(start, pos + 1, Mode.BITS, Kind.BIT_STRING);
                    }
                    case 'x', 'X' -> {
                        return quoted(start, pos + 1, Mode.BITS, Kind.HEX_STRING);
                    }
                    case 'e', 'E' -> {
                        return quoted(start, pos + 1, Mode.ESCAPE, Kind.ESCAPE_STRING);
                    }
                    case 'n', 'N' -> {
                        return quoted(start, pos + 1, scs ? Mode.STANDARD : Mode.ESCAPE, Kind.NATIONAL_STRING);
                    }
                    default -> {
                    }
                }
            }
            if ((c == 'u' || c == 'U') && c1 == '&') {
                char c2 = peek(2);
                if (c2 == '\'') {
                    if (!scs) {
                        throw error("unsafe use of string constant with Unicode escapes"
                                + " (standard_conforming_strings is off)", start);
                    }
                    return unicodeEscapes(quoted(start, pos + 2, Mode.STANDARD, Kind.UNICODE_STRING), false);
                }
                if (c2 == '"') {
                    return unicodeEscapes(quotedIdentifier(start, pos + 2, Kind.UNICODE_IDENTIFIER), true);
                }
            }
            pos++;
            while (pos < n && isIdentCont(s.charAt(pos))) pos++;
            String text = s.substring(start, pos);
            return new Token(Kind.IDENTIFIER, text, truncateIdentifier(foldAscii(text)), start, lineOf(start));
        }

        /**
         * A '...' literal of any flavour. {@code ''} is a quote except in B'' and X'' strings, and a literal
         * separated from the next '...' by whitespace holding a newline continues into it, keeping its mode.
         */
        private Token quoted(int start, int quotePos, Mode mode, Kind kind) {
            Literal lit = new Literal();
            int i = quotePos + 1;
            while (true) {
                if (i >= n) throw error(unterminated(kind), start);
                char c = s.charAt(i);
                if (c == '\'') {
                    if (mode != Mode.BITS && at(i + 1) == '\'') {
                        lit.addChar('\'');
                        i += 2;
                        continue;
                    }
                    int next = continuation(i + 1);
                    if (next >= 0) {
                        i = next + 1;
                        continue;
                    }
                    pos = i + 1;
                    break;
                }
                if (mode == Mode.ESCAPE && c == '\\') {
                    i = escape(i, lit, start);
                    continue;
                }
                lit.addChar(c);
                i++;
            }
            return new Token(kind, s.substring(start, pos), lit.value(), start, lineOf(start));
        }

        private static String unterminated(Kind kind) {
            return switch (kind) {
                case BIT_STRING -> "unterminated bit string literal";
                case HEX_STRING -> "unterminated hexadecimal string literal";
                default -> "unterminated quoted string";
            };
        }

        /** {whitespace_with_newline}{quote}: returns the continuing quote's index, or -1. */
        private int continuation(int i) {
            boolean newline = false;
            while (i < n) {
                char c = s.charAt(i);
                if (c == '\n' || c == '\r') {
                    newline = true;
                    i++;
                } else if (c == ' ' || c == '\t' || c == '\f' || c == '\u000B') {
                    i++;
                } else if (c == '-' && at(i + 1) == '-') {
                    i = lineEnd(i);
                    if (i >= n) return -1;
                } else {
                    return c == '\'' && newline ? i : -1;
                }
            }
            return -1;
        }

        /** One backslash escape in an E'' string; returns the index after it. */
        private int escape(int i, Literal lit, int start) {
            if (i + 1 >= n) throw error("unterminated quoted string", start);
            char d = s.charAt(i + 1);
            if (d >= '0' && d <= '7') {
                int j = i + 1;
                int v = 0;
                for (int k = 0; k < 3 && j < n && s.charAt(j) >= '0' && s.charAt(j) <= '7'; k++, j++) {
                    v = v * 8 + (s.charAt(j) - '0');
                }
                lit.addByte(v & 0xFF);
                return j;
            }
            if (d == 'x' && isHex(at(i + 2))) {
                int j = i + 2;
                int v = Character.digit(s.charAt(j++), 16);
                if (isHex(at(j))) v = v * 16 + Character.digit(s.charAt(j++), 16);
                lit.addByte(v);
                return j;
            }
            if (d == 'u' || d == 'U') {
                int digits = d == 'u' ? 4 : 8;
                int cp = hexValue(i + 2, digits);
                if (cp < 0) throw error("invalid Unicode escape (write \\uXXXX or \\UXXXXXXXX)", i);
                int j = i + 2 + digits;
                if (Character.isHighSurrogate((char) cp) && cp <= 0xFFFF) {
                    char u = at(j + 1);
                    int digits2 = u == 'u' ? 4 : u == 'U' ? 8 : 0;
                    int low = at(j) == '\\' && digits2 > 0 ? hexValue(j + 2, digits2) : -1;
                    if (at(j) == '\\' && digits2 > 0 && low < 0) {
                        throw error("invalid Unicode escape (write \\uXXXX or \\UXXXXXXXX)", j);
                    }
                    if (low < 0 || low > 0xFFFF || !Character.isLowSurrogate((char) low)) {
                        throw error("invalid Unicode surrogate pair", j);
                    }
                    cp = Character.toCodePoint((char) cp, (char) low);
                    j += 2 + digits2;
                } else if (cp <= 0xFFFF && Character.isLowSurrogate((char) cp)) {
                    throw error("invalid Unicode surrogate pair", i);
                }
                if (cp == 0 || cp > Character.MAX_CODE_POINT) throw error("invalid Unicode escape value", i);
                lit.addCodePoint(cp);
                return j;
            }
            lit.addChar(switch (d) {
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                default -> d;
            });
            return i + 2;
        }

        /** Exactly {@code digits} hex digits at {@code i}, or -1. */
        private int hexValue(int i, int digits) {
            if (i + digits > n) return -1;
            long v = 0;
            for (int k = 0; k < digits; k++) {
                char c = s.charAt(i + k);
                if (!isHex(c)) return -1;
                v = v * 16 + Character.digit(c, 16);
            }
            return v > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) v;
        }

        private Token quotedIdentifier(int start, int quotePos, Kind kind) {
            StringBuilder v = new StringBuilder();
            int i = quotePos + 1;
            while (true) {
                if (i >= n) throw error("unterminated quoted identifier", start);
                char c = s.charAt(i);
                if (c == '"') {
                    if (at(i + 1) == '"') {
                        v.append('"');
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                v.append(c);
                i++;
            }
            if (v.length() == 0) throw error("zero-length delimited identifier", start);
            pos = i;
            String value = kind == Kind.QUOTED_IDENTIFIER ? truncateIdentifier(v.toString()) : v.toString();
            return new Token(kind, s.substring(start, pos), value, start, lineOf(start));
        }

        /**
         * Applies U& escapes. Like the server's parser, looks past whitespace and comments for UESCAPE 'c'
         * and, if present, folds that clause into the token.
         */
        private Token unicodeEscapes(Token body, boolean identifier) {
            char escape = '\\';
            int end = body.end();
            int k = skipTrivia(end);
            if (k < n && isIdentStart(s.charAt(k))) {
                int e = k + 1;
                while (e < n && isIdentCont(s.charAt(e))) e++;
                if (foldAscii(s.substring(k, e)).equals("uescape")) {
                    pos = skipTrivia(e);
                    char c = at(pos);
                    // Only a plain, E or dollar string may follow; checking first keeps a chain of U& literals
                    // from recursing through this method.
                    boolean simple = c == '\'' || c == '$' || ((c == 'e' || c == 'E') && at(pos + 1) == '\'');
                    Token str = simple ? next() : null;
                    if (str == null || (str.kind() != Kind.STRING && str.kind() != Kind.ESCAPE_STRING
                            && str.kind() != Kind.DOLLAR_STRING)) {
                        throw error("UESCAPE must be followed by a simple string literal", k);
                    }
                    String esc = str.value();
                    if (esc.length() != 1 || !validUescape(esc.charAt(0))) {
                        throw error("invalid Unicode escape character", str.start());
                    }
                    escape = esc.charAt(0);
                    end = str.end();
                }
            }
            pos = end;
            String decoded = decodeUnicode(body.value(), escape, body.start());
            if (identifier) decoded = truncateIdentifier(decoded);
            return new Token(body.kind(), s.substring(body.start(), end), decoded, body.start(), body.line());
        }

        private int skipTrivia(int i) {
            while (i < n) {
                char c = s.charAt(i);
                if (isSpace(c)) i++;
                else if (c == '-' && at(i + 1) == '-') i = lineEnd(i);
                else if (c == '/' && at(i + 1) == '*') i = blockCommentEnd(i);
                else break;
            }
            return i;
        }

        private static boolean validUescape(char c) {
            return c < 0x80 && !isHex(c) && c != '+' && c != '\'' && c != '"' && !isSpace(c);
        }

        private String decodeUnicode(String in, char esc, int at) {
            StringBuilder out = new StringBuilder(in.length());
            int pairFirst = 0;
            int i = 0;
            while (i < in.length()) {
                char c = in.charAt(i);
                if (c != esc) {
                    if (pairFirst != 0) throw error("invalid Unicode surrogate pair", at);
                    out.append(c);
                    i++;
                    continue;
                }
                if (i + 1 < in.length() && in.charAt(i + 1) == esc) {
                    if (pairFirst != 0) throw error("invalid Unicode surrogate pair", at);
                    out.append(esc);
                    i += 2;
                    continue;
                }
                int cp;
                if (hexAt(in, i + 1, 4)) {
                    cp = Integer.parseInt(in.substring(i + 1, i + 5), 16);
                    i += 5;
                } else if (i + 1 < in.length() && in.charAt(i + 1) == '+' && hexAt(in, i + 2, 6)) {
                    cp = Integer.parseInt(in.substring(i + 2, i + 8), 16);
                    i += 8;
                } else {
                    throw error("invalid Unicode escape (write " + esc + "XXXX or " + esc + "+XXXXXX)", at);
                }
                if (cp == 0 || cp > Character.MAX_CODE_POINT) throw error("invalid Unicode escape value", at);
                boolean high = cp <= 0xFFFF && Character.isHighSurrogate((char) cp);
                boolean low = cp <= 0xFFFF && Character.isLowSurrogate((char) cp);
                if (pairFirst != 0) {
                    if (!low) throw error("invalid Unicode surrogate pair", at);
                    out.appendCodePoint(Character.toCodePoint((char) pairFirst, (char) cp));
                    pairFirst = 0;
                } else if (low) {
                    throw error("invalid Unicode surrogate pair", at);
                } else if (high) {
                    pairFirst = cp;
                } else {
                    out.appendCodePoint(cp);
                }
            }
            if (pairFirst != 0) throw error("invalid Unicode surrogate pair", at);
            return out.toString();
        }

        private static boolean hexAt(String in, int i, int digits) {
            if (i + digits > in.length()) return false;
            for (int k = i; k < i + digits; k++) {
                if (!isHex(in.charAt(k))) return false;
            }
            return true;
        }

        /**
         * $n is a parameter; $tag$ opens a dollar quote closed by the same $tag$; any other $ is a lone
         * character the grammar rejects. A $ inside a word (a$$b) never gets here: identifiers may contain $.
         */
        private Token dollar(int start) {
            char c1 = peek(1);
            if (isDigit(c1)) {
                int j = pos + 1;
                while (j < n && isDigit(s.charAt(j))) j++;
                if (j < n && isIdentStart(s.charAt(j))) throw error("trailing junk after parameter", start);
                String digits = s.substring(pos + 1, j);
                String significant = digits.replaceFirst("^0+(?=.)", "");
                if (significant.length() > 10 || Long.parseLong(significant) > Integer.MAX_VALUE) {
                    throw error("parameter number too large", start);
                }
                pos = j;
                return token(Kind.PARAM, start, digits);
            }
            int tagEnd = -1;
            if (c1 == '$') {
                tagEnd = pos + 1;
            } else if (isIdentStart(c1)) {
                int j = pos + 2;
                while (j < n && isDolqCont(s.charAt(j))) j++;
                if (j < n && s.charAt(j) == '$') tagEnd = j;
            }
            if (tagEnd < 0) {
                pos++;
                return token(Kind.OTHER, start, null);
            }
            String tag = s.substring(start, tagEnd + 1);
            int close = s.indexOf(tag, tagEnd + 1);
            if (close < 0) throw error("unterminated dollar-quoted string", start);
            pos = close + tag.length();
            return token(Kind.DOLLAR_STRING, start, s.substring(tagEnd + 1, close));
        }

        /** PostgreSQL 16 number syntax; digits run straight into letters is an error there, so it is here. */
        private Token number(int start) {
            int i = pos;
            char c1 = at(i + 1);
            if (s.charAt(i) == '0' && "xXoObB".indexOf(c1) >= 0 && c1 != '\0') {
                int radix = switch (Character.toLowerCase(c1)) {
                    case 'x' -> 16;
                    case 'o' -> 8;
                    default -> 2;
                };
                int j = i + 2;
                boolean any = false;
                while (true) {
                    int k = at(j) == '_' ? j + 1 : j;
                    if (k < n && Character.digit(s.charAt(k), radix) >= 0 && s.charAt(k) < 0x80) {
                        j = k + 1;
                        any = true;
                    } else {
                        break;
                    }
                }
                if (!any) {
                    throw error(switch (radix) {
                        case 16 -> "invalid hexadecimal integer";
                        case 8 -> "invalid octal integer";
                        default -> "invalid binary integer";
                    }, start);
                }
                if (j < n && isIdentCont(s.charAt(j))) throw error("trailing junk after numeric literal", start);
                pos = j;
                return token(Kind.NUMBER, start, s.substring(start, pos).replace("_", ""));
            }
            // Decimal forms. Flex takes the longest match over all rules, and the junk rules
            // ({decinteger}{identifier}, {numeric}{identifier}, {real}{identifier}) may start their identifier at
            // any valid prefix: "1_0$" is "1" plus identifier "_0$", longer than "1_0", so it is an error.
            boolean integerPart = isDigit(s.charAt(i));
            int integerEnd = integerPart ? decimalDigits(i) : i;
            int best = integerEnd;                 // decinteger
            int tokenEnd = integerEnd;
            int junk = integerPart ? junkFrom(firstUnderscoreOr(i, integerEnd)) : -1;
            int fail = -1;
            int base = integerEnd;
            if (at(integerEnd) == '.') {
                if (integerPart && at(integerEnd + 1) == '.') {
                    best = integerEnd + 2;         // numericfail: the number ends before ".."
                } else {
                    int fraction = integerEnd + 1;
                    int numericEnd = isDigit(at(fraction)) ? decimalDigits(fraction) : fraction;
                    best = numericEnd;
                    tokenEnd = numericEnd;
                    base = numericEnd;
                    junk = Math.max(junk, junkFrom(numericEnd > fraction ? firstUnderscoreOr(fraction, numericEnd)
                            : fraction));
                }
            }
            if (tokenEnd == base && (at(base) == 'e' || at(base) == 'E')) {
                int digits = isDigit(at(base + 1)) ? base + 1
                        : (at(base + 1) == '+' || at(base + 1) == '-') && isDigit(at(base + 2)) ? base + 2 : -1;
                if (digits > 0) {
                    int realEnd = decimalDigits(digits);
                    best = realEnd;
                    tokenEnd = realEnd;
                    junk = Math.max(junk, junkFrom(firstUnderscoreOr(digits, realEnd)));
                } else if (at(base + 1) == '+' || at(base + 1) == '-') {
                    fail = base + 2;               // realfail
                }
            }
            if (junk > best || fail > best) throw error("trailing junk after numeric literal", start);
            pos = tokenEnd;
            return token(Kind.NUMBER, start, s.substring(start, pos).replace("_", ""));
        }

        /** The first '_' in [from, to), or {@code to}: where an identifier can first start inside a digit run. */
        private int firstUnderscoreOr(int from, int to) {
            for (int k = from; k < to; k++) {
                if (s.charAt(k) == '_') return k;
            }
            return to;
        }

        /** End offset of {number-prefix}{identifier} with the identifier starting at p, or -1 if none starts there. */
        private int junkFrom(int p) {
            if (p >= n || !isIdentStart(s.charAt(p))) return -1;
            int k = p + 1;
            while (k < n && isIdentCont(s.charAt(k))) k++;
            return k;
        }

        /** {decinteger}: digits with single underscores between them. */
        private int decimalDigits(int i) {
            i++;
            while (true) {
                if (isDigit(at(i))) i++;
                else if (at(i) == '_' && isDigit(at(i + 1))) i += 2;
                else return i;
            }
        }

        /**
         * An operator stops where a comment starts, and drops trailing + or - unless it holds a character that
         * SQL's own operators never use, so "=-1" is "=" then "-" and "<--x" is "<" then a comment.
         */
        private Token operator(int start) {
            int j = pos;
            while (j < n && isOpChar(s.charAt(j))) j++;
            String run = s.substring(pos, j);
            int len = run.length();
            int slashStar = run.indexOf("/*");
            int dashDash = run.indexOf("--");
            int cut = slashStar < 0 ? dashDash : dashDash < 0 ? slashStar : Math.min(slashStar, dashDash);
            if (cut > 0) len = cut;
            if (len > 1 && (run.charAt(len - 1) == '+' || run.charAt(len - 1) == '-')) {
                boolean unusual = false;
                for (int k = len - 2; k >= 0; k--) {
                    if ("~!@#^&|`?%".indexOf(run.charAt(k)) >= 0) {
                        unusual = true;
                        break;
                    }
                }
                if (!unusual) {
                    do {
                        len--;
                    } while (len > 1 && (run.charAt(len - 1) == '+' || run.charAt(len - 1) == '-'));
                }
            }
            if (len >= MAX_IDENTIFIER_BYTES + 1) throw error("operator too long", start);
            pos += len;
            return token(Kind.OPERATOR, start, null);
        }
    }

    /** Literal content as UTF-8 bytes, because octal and hex escapes in E'' strings produce bytes, not characters. */
    private static final class Literal {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private char pendingHigh;

        void addChar(char c) {
            if (pendingHigh != 0) {
                char high = pendingHigh;
                pendingHigh = 0;
                if (Character.isLowSurrogate(c)) {
                    addCodePoint(Character.toCodePoint(high, c));
                    return;
                }
                addCodePoint(0xFFFD);
            }
            if (Character.isHighSurrogate(c)) {
                pendingHigh = c;
            } else {
                addCodePoint(Character.isLowSurrogate(c) ? 0xFFFD : c);
            }
        }

        void addByte(int b) {
            flush();
            out.write(b & 0xFF);
        }

        void addCodePoint(int cp) {
            flush();
            out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }

        private void flush() {
            if (pendingHigh != 0) {
                pendingHigh = 0;
                out.writeBytes("\uFFFD".getBytes(StandardCharsets.UTF_8));
            }
        }

        String value() {
            flush();
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
