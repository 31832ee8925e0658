package io.dbwarden.db;

import io.dbwarden.db.SqlLexer.Kind;
import io.dbwarden.db.SqlLexer.LexException;
import io.dbwarden.db.SqlLexer.Token;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlLexerTest {

    private static List<Token> lex(String sql) {
        return SqlLexer.tokenize(sql);
    }

    private static Token only(String sql) {
        List<Token> tokens = lex(sql);
        assertThat(tokens).as("tokens of %s", sql).hasSize(1);
        return tokens.get(0);
    }

    private static List<Kind> kinds(String sql) {
        return lex(sql).stream().map(Token::kind).toList();
    }

    private static List<String> texts(String sql) {
        return lex(sql).stream().map(Token::text).toList();
    }

    private static int statements(String sql) {
        return SqlLexer.splitStatements(sql).size();
    }

    // --- whitespace and comments

    @Test
    void whitespaceAndCommentsAreTriviaAndDroppedByTokenize() {
        List<Token> all = SqlLexer.tokenizeWithTrivia("select\t1 -- one\n/* two */\u000B\f2", true);
        assertThat(all).extracting(Token::kind).containsExactly(
                Kind.IDENTIFIER, Kind.WHITESPACE, Kind.NUMBER, Kind.WHITESPACE, Kind.LINE_COMMENT,
                Kind.WHITESPACE, Kind.BLOCK_COMMENT, Kind.WHITESPACE, Kind.NUMBER);
        assertThat(all.get(4).text()).isEqualTo("-- one");
        assertThat(kinds("select\t1 -- one\n/* two */ 2")).containsExactly(Kind.IDENTIFIER, Kind.NUMBER, Kind.NUMBER);
    }

    @Test
    void lineCommentRunsToEndOfInputWithoutNewline() {
        assertThat(texts("select 1 -- ; drop table t")).containsExactly("select", "1");
        assertThat(statements("select 1 -- ; drop table t")).isEqualTo(1);
    }

    @Test
    void lineCommentEndsAtCarriageReturnToo() {
        assertThat(statements("select 1 -- c\r; select 2")).isEqualTo(2);
    }

    @Test
    void blockCommentsNest() {
        assertThat(statements("select 1 /* nested /* ; */ still comment */; select 2")).isEqualTo(2);
        assertThat(texts("select 1 /* a /* b */ c */ + 2")).containsExactly("select", "1", "+", "2");
    }

    @Test
    void nestedCommentHidesWhatANonNestingLexerWouldSeeAsCode() {
        assertThat(statements("select 1 /* /* */ ; drop table users; -- */")).isEqualTo(1);
        assertThat(statements("select 1 /* /* */ ' */ ; drop table users; --'")).isEqualTo(2);
    }

    @Test
    void slashStarInsideLineCommentOpensNothing() {
        assertThat(statements("select 1 -- /*\n; drop table users; -- */")).isEqualTo(2);
    }

    @Test
    void unterminatedBlockCommentIsAnErrorWithItsLine() {
        assertThatThrownBy(() -> lex("select 1\n/* /* */ ; drop table t"))
                .isInstanceOf(LexException.class)
                .hasMessageContaining("unterminated /* comment")
                .hasMessageContaining("line 2")
                .satisfies(e -> assertThat(((LexException) e).line()).isEqualTo(2));
    }

    // --- strings

    @Test
    void standardStringDoublesQuotesAndKeepsBackslashes() {
        Token t = only("'it''s \\n'");
        assertThat(t.kind()).isEqualTo(Kind.STRING);
        assertThat(t.value()).isEqualTo("it's \\n");
        assertThat(statements("select 'a'';'")).isEqualTo(1);
    }

    @Test
    void backslashDoesNotEscapeInStandardStrings() {
        assertThat(statements("select '\\'; drop table users; --'")).isEqualTo(2);
    }

    @Test
    void escapeStringBackslashQuoteDoesNotEndTheString() {
        assertThat(statements("select E'\\';' ")).isEqualTo(1);
        assertThat(statements("select e'\\''; select 2")).isEqualTo(2);
        Token t = only("E'a\\'b\\\\c''d'");
        assertThat(t.kind()).isEqualTo(Kind.ESCAPE_STRING);
        assertThat(t.value()).isEqualTo("a'b\\c'd");
    }

    @Test
    void escapeStringDecodesEscapes() {
        assertThat(only("E'\\b\\f\\n\\r\\t\\q'").value()).isEqualTo("\b\f\n\r\tq");
        assertThat(only("E'\\101\\x41\\u0041\\U00000041'").value()).isEqualTo("AAAA");
        assertThat(only("E'\\303\\251'").value()).isEqualTo("é");
        assertThat(only("E'\\uD83D\\uDE00'").value()).isEqualTo("😀");
        assertThat(only("E'\\xZ'").value()).isEqualTo("xZ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"E'\\u12'", "E'\\U0001'", "E'\\uD83D'", "E'\\uDE00'", "E'\\u0000'", "E'abc\\"})
    void badEscapeStringsAreErrors(String sql) {
        assertThatThrownBy(() -> lex(sql)).isInstanceOf(LexException.class);
    }

    @Test
    void escapeSmugglingWithDoubledBackslashEndsTheString() {
        assertThat(statements("select E'\\\\'; drop table users; --'")).isEqualTo(2);
    }

    @Test
    void unterminatedStringIsAnError() {
        assertThatThrownBy(() -> lex("select 'abc"))
                .isInstanceOf(LexException.class)
                .hasMessage("unterminated quoted string at line 1");
        assertThatThrownBy(() -> lex("select E'abc\\'"))
                .isInstanceOf(LexException.class)
                .hasMessageContaining("unterminated quoted string");
    }

    @Test
    void stringsSeparatedByANewlineContinue() {
        Token t = only("'foo'\n  'bar'");
        assertThat(t.kind()).isEqualTo(Kind.STRING);
        assertThat(t.value()).isEqualTo("foobar");
        assertThat(only("'a' -- note\n -- more\n'b'").value()).isEqualTo("ab");
        assertThat(kinds("'foo' 'bar'")).containsExactly(Kind.STRING, Kind.STRING);
        assertThat(kinds("'foo' /* c */\n'bar'")).containsExactly(Kind.STRING, Kind.STRING);
    }

    @Test
    void continuationKeepsTheEscapeModeOfTheFirstPart() {
        Token t = only("E'a'\n'\\'; select 2; --'");
        assertThat(t.kind()).isEqualTo(Kind.ESCAPE_STRING);
        assertThat(t.value()).isEqualTo("a'; select 2; --");
    }

    @Test
    void nationalBitAndHexStrings() {
        Token n = only("N'abc'");
        assertThat(n.kind()).isEqualTo(Kind.NATIONAL_STRING);
        assertThat(n.value()).isEqualTo("abc");
        Token b = only("B'1010'");
        assertThat(b.kind()).isEqualTo(Kind.BIT_STRING);
        assertThat(b.value()).isEqualTo("1010");
        Token x = only("x'1F'");
        assertThat(x.kind()).isEqualTo(Kind.HEX_STRING);
        assertThat(x.value()).isEqualTo("1F");
        assertThat(kinds("B'01''10'")).containsExactly(Kind.BIT_STRING, Kind.STRING);
        assertThatThrownBy(() -> lex("select b'01")).hasMessageContaining("unterminated bit string literal");
        assertThatThrownBy(() -> lex("select X'01")).hasMessageContaining("unterminated hexadecimal string literal");
    }

    @Test
    void prefixLettersOnlyCountAtTheStartOfAToken() {
        assertThat(kinds("ab'x'")).containsExactly(Kind.IDENTIFIER, Kind.STRING);
        assertThat(kinds("selecte'x'")).containsExactly(Kind.IDENTIFIER, Kind.STRING);
        assertThat(kinds("u &'x'")).containsExactly(Kind.IDENTIFIER, Kind.OPERATOR, Kind.STRING);
    }

    @Test
    void unicodeStrings() {
        Token t = only("U&'d\\0061t\\+000061'");
        assertThat(t.kind()).isEqualTo(Kind.UNICODE_STRING);
        assertThat(t.value()).isEqualTo("data");
        assertThat(only("u&'\\\\'").value()).isEqualTo("\\");
        assertThat(only("U&'\\D83D\\DE00'").value()).isEqualTo("😀");
    }

    @Test
    void unicodeEscapeClauseIsFoldedIntoTheToken() {
        Token t = only("U&'d!0061t!+000061' /* c */ UESCAPE\n'!'");
        assertThat(t.kind()).isEqualTo(Kind.UNICODE_STRING);
        assertThat(t.value()).isEqualTo("data");
        assertThat(t.text()).endsWith("'!'");
        assertThat(only("U&\"!0070g_read_file\" uescape '!'").value()).isEqualTo("pg_read_file");
    }

    @ParameterizedTest
    @ValueSource(strings = {"U&'x' UESCAPE 'ab'", "U&'x' UESCAPE 'a'", "U&'x' UESCAPE '+'", "U&'x' UESCAPE ' '",
            "U&'x' UESCAPE x", "U&'x' UESCAPE U&'!'", "U&'\\12'", "U&'\\+12'", "U&'\\0000'", "U&'\\D83D'",
            "U&'\\DE00'", "U&\"\\zz\""})
    void badUnicodeEscapesAreErrors(String sql) {
        assertThatThrownBy(() -> lex(sql)).isInstanceOf(LexException.class);
    }

    @Test
    void unicodeStringsNeedStandardConformingStrings() {
        assertThatThrownBy(() -> SqlLexer.tokenize("select U&'x'", false))
                .isInstanceOf(LexException.class)
                .hasMessageContaining("unsafe use of string constant with Unicode escapes");
    }

    @Test
    void withStandardConformingStringsOffPlainStringsTakeBackslashEscapes() {
        List<Token> off = SqlLexer.tokenize("select 'a\\'b'", false);
        assertThat(off).extracting(Token::value).containsExactly("select", "a'b");
        assertThat(SqlLexer.splitStatements(SqlLexer.tokenize("select 'C:\\' as p, ' ; drop table t; --'", false)))
                .hasSize(2);
        assertThat(statements("select 'C:\\' as p, ' ; drop table t; --'")).isEqualTo(1);
    }

    // --- dollar quoting and parameters

    @Test
    void dollarQuotes() {
        Token t = only("$$it's ; here$$");
        assertThat(t.kind()).isEqualTo(Kind.DOLLAR_STRING);
        assertThat(t.value()).isEqualTo("it's ; here");
        assertThat(only("$body$ $$ x $body$").value()).isEqualTo(" $$ x ");
        assertThat(only("$_x1$a$_x1$").value()).isEqualTo("a");
        assertThat(only("$ü$a$ü$").value()).isEqualTo("a");
        assertThat(statements("select $$;$$")).isEqualTo(1);
        assertThat(statements("select $a$ $b$ ; $b$ $a$")).isEqualTo(1);
        assertThat(only("$a$x$ba$a$").value()).isEqualTo("x$ba");
    }

    @Test
    void dollarQuoteSmugglingEndsWhereTheServerEndsIt() {
        assertThat(statements("select $$ $$; drop table users; --")).isEqualTo(2);
    }

    @Test
    void unterminatedDollarQuoteIsAnError() {
        assertThatThrownBy(() -> lex("select $q$ abc $Q$"))
                .isInstanceOf(LexException.class)
                .hasMessageContaining("unterminated dollar-quoted string");
    }

    @Test
    void positionalParameters() {
        Token t = only("$12");
        assertThat(t.kind()).isEqualTo(Kind.PARAM);
        assertThat(t.value()).isEqualTo("12");
        assertThat(kinds("select $1")).containsExactly(Kind.IDENTIFIER, Kind.PARAM);
        assertThat(kinds("$1$")).containsExactly(Kind.PARAM, Kind.OTHER);
        assertThatThrownBy(() -> lex("select $1abc")).hasMessageContaining("trailing junk after parameter");
        assertThatThrownBy(() -> lex("select $99999999999")).hasMessageContaining("parameter number too large");
    }

    @Test
    void dollarSignsInsideIdentifiersDoNotOpenQuotes() {
        Token t = only("a$$b");
        assertThat(t.kind()).isEqualTo(Kind.IDENTIFIER);
        assertThat(statements("select 1 as a$$ ; drop table users; select 2 as b$$")).isEqualTo(3);
    }

    @Test
    void loneDollarIsAnOtherToken() {
        assertThat(kinds("$ x")).containsExactly(Kind.OTHER, Kind.IDENTIFIER);
        assertThat(kinds("$abc x")).containsExactly(Kind.OTHER, Kind.IDENTIFIER, Kind.IDENTIFIER);
    }

    // --- identifiers

    @Test
    void unquotedIdentifiersFoldAsciiOnly() {
        assertThat(only("SeLeCt").value()).isEqualTo("select");
        assertThat(only("ÜBER").value()).isEqualTo("Über");
        assertThat(only("_a$1").value()).isEqualTo("_a$1");
        Token nbsp = only("select\u00A0pg_read_file");
        assertThat(nbsp.kind()).isEqualTo(Kind.IDENTIFIER);
    }

    @Test
    void quotedIdentifiers() {
        Token t = only("\"My \"\"Table\"\"\"");
        assertThat(t.kind()).isEqualTo(Kind.QUOTED_IDENTIFIER);
        assertThat(t.value()).isEqualTo("My \"Table\"");
        assertThat(statements("select \"a;b\" from t")).isEqualTo(1);
        assertThatThrownBy(() -> lex("select \"\"")).hasMessageContaining("zero-length delimited identifier");
        assertThatThrownBy(() -> lex("select \"abc")).hasMessageContaining("unterminated quoted identifier");
    }

    @Test
    void unicodeIdentifierDecodesToTheRealName() {
        List<Token> tokens = lex("select U&\"\\0070g_read_file\"('x')");
        assertThat(tokens.get(1).kind()).isEqualTo(Kind.UNICODE_IDENTIFIER);
        assertThat(tokens.get(1).value()).isEqualTo("pg_read_file");
        assertThat(tokens.get(2).isPunctuation("(")).isTrue();
    }

    @Test
    void longIdentifiersAreTruncatedTo63Bytes() {
        String name = "a".repeat(70);
        assertThat(only(name).value()).hasSize(63);
        assertThat(only("\"" + name + "\"").value()).hasSize(63);
        assertThat(only("é".repeat(40)).value()).hasSize(31);
    }

    // --- numbers

    @ParameterizedTest
    @CsvSource({"42,42", "1.5e10,1.5e10", ".5,.5", "5.,5.", "1.e3,1.e3", "1e-3,1e-3", "0x1F,0x1F", "0o17,0o17",
            "0b101,0b101", "1_000,1000", "0x_FF,0xFF", "1_000.000_1,1000.0001"})
    void numbers(String sql, String value) {
        Token t = only(sql);
        assertThat(t.kind()).isEqualTo(Kind.NUMBER);
        assertThat(t.text()).isEqualTo(sql);
        assertThat(t.value()).isEqualTo(value);
    }

    @Test
    void rangeDotsSplitNumbers() {
        assertThat(texts("1..10")).containsExactly("1", "..", "10");
        assertThat(texts("1.2..3")).containsExactly("1.2", "..", "3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"123abc", "0x", "0xg", "0b2", "1e", "1e+", "1.5e", "1_", "1__0", "0x1F_", "3.x"})
    void malformedNumbersAreErrors(String sql) {
        assertThatThrownBy(() -> lex(sql)).isInstanceOf(LexException.class);
    }

    /** Found by differential fuzzing against PostgreSQL 17: junk may start at any valid prefix of the number. */
    @ParameterizedTest
    @ValueSource(strings = {"1_0$", "1_000$1", "1e3$", "1.5e3$", "0x1F$", "1.5_0$", "1e1_0x", "1_0x..5"})
    void junkRulesMatchFromAnyPrefixOfTheNumber(String sql) {
        assertThatThrownBy(() -> lex("select " + sql)).hasMessageContaining("trailing junk after numeric literal");
    }

    @Test
    void dollarAfterAPlainNumberIsNotJunk() {
        assertThat(kinds("10$")).containsExactly(Kind.NUMBER, Kind.OTHER);
        assertThat(kinds("1.5$")).containsExactly(Kind.NUMBER, Kind.OTHER);
        assertThat(kinds("1.$")).containsExactly(Kind.NUMBER, Kind.OTHER);
        assertThat(texts("1_0..5")).containsExactly("1_0", "..", "5");
        assertThat(texts("1.e5")).containsExactly("1.e5");
    }

    // --- operators and punctuation

    @Test
    void multiCharacterOperators() {
        assertThat(texts("a::int <= b ->> 'k' @> c != d <> e || f")).containsExactly(
                "a", "::", "int", "<=", "b", "->>", "'k'", "@>", "c", "!=", "d", "<>", "e", "||", "f");
        assertThat(lex("a ->> b").get(1).kind()).isEqualTo(Kind.OPERATOR);
    }

    @Test
    void operatorsStopWhereACommentStarts() {
        assertThat(texts("1--2")).containsExactly("1");
        assertThat(texts("1 <-- comment\n2")).containsExactly("1", "<", "2");
        assertThat(texts("a +/* c */ b")).containsExactly("a", "+", "b");
        assertThat(texts("a @-- c\n b")).containsExactly("a", "@", "b");
    }

    @Test
    void trailingPlusOrMinusIsSplitOffUnlessTheOperatorIsUnusual() {
        assertThat(texts("a=-1")).containsExactly("a", "=", "-", "1");
        assertThat(texts("a<>-1")).containsExactly("a", "<>", "-", "1");
        assertThat(texts("a ?- b")).containsExactly("a", "?-", "b");
        assertThat(texts("a @+ b")).containsExactly("a", "@+", "b");
        assertThat(texts("a *-+ b")).containsExactly("a", "*", "-", "+", "b");
    }

    @Test
    void punctuation() {
        assertThat(lex("( ) [ ] , ; : . :: := ..")).allSatisfy(t -> assertThat(t.kind()).isEqualTo(Kind.PUNCTUATION));
        assertThat(texts("a:=b")).containsExactly("a", ":=", "b");
        assertThat(texts("t.c")).containsExactly("t", ".", "c");
    }

    @Test
    void backslashAndBracesAreOtherTokens() {
        assertThat(kinds("select 1 \\g")).containsExactly(Kind.IDENTIFIER, Kind.NUMBER, Kind.OTHER, Kind.IDENTIFIER);
        assertThat(kinds("{fn x}")).startsWith(Kind.OTHER);
    }

    @Test
    void nulCharacterIsRejected() {
        assertThatThrownBy(() -> lex("select 1 /* \0 */; drop table t"))
                .isInstanceOf(LexException.class)
                .hasMessageContaining("NUL");
    }

    // --- positions and statements

    @Test
    void tokensCarryStartOffsetAndLine() {
        List<Token> tokens = lex("select\n  a,\r\n  'x\ny'\r  b");
        assertThat(tokens).extracting(Token::line).containsExactly(1, 2, 2, 3, 5);
        assertThat(tokens.get(1).start()).isEqualTo(9);
        assertThat(tokens.get(3).end()).isEqualTo(tokens.get(3).start() + 5);
    }

    @Test
    void statementsSplitOnEverySemicolonAndDropEmptyOnes() {
        assertThat(statements(";;select 1;; ;select 2;")).isEqualTo(2);
        assertThat(statements("select (1; 2)")).isEqualTo(2);
        assertThat(statements("")).isZero();
        assertThat(statements(" -- only a comment\n;")).isZero();
        List<List<Token>> split = SqlLexer.splitStatements("select 1; select 'a;b'");
        assertThat(split.get(1)).extracting(Token::value).containsExactly("select", "a;b");
    }

    @Test
    void quotedSemicolonsDoNotSplit() {
        assertThat(statements("select 'a;b', \"c;d\", $$e;f$$, E'g\\';h', U&'i;j' /* ; */ -- ;")).isEqualTo(1);
    }
}
