package org.sluice.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionTest {

    /** A request reduced to a map of variables and one of headers. */
    record Fake(Map<String, String> variables, Map<String, String> headers, InetAddress client) {
    }

    static final Vocabulary<Fake> VOCABULARY = new Vocabulary<>() {
        @Override
        public Variable<Fake> variable(String name) {
            return switch (name.toUpperCase(java.util.Locale.ROOT)) {
                case "REQUEST_URI", "QUERY_STRING", "HTTP_HOST", "EMPTY" -> (c, e) -> c.variables().get(name.toUpperCase());
                default -> null;
            };
        }

        @Override
        public Function<Fake> function(String name) {
            if (name.equalsIgnoreCase("req")) {
                return (c, e, header) -> {
                    e.vary(header);
                    return c.headers().get(header);
                };
            }
            if (name.equalsIgnoreCase("boom")) {
                return (c, e, arg) -> {
                    throw new IllegalStateException("boom");
                };
            }
            return null;
        }

        @Override
        public InetAddress client(Fake context) {
            return context.client();
        }
    };

    static final Fake REQUEST = new Fake(Map.of("REQUEST_URI", "/api/v2/items", "QUERY_STRING", "a=1",
            "HTTP_HOST", "www.example.com"), Map.of("User-Agent", "curl/8.0", "Accept", "text/html"),
            InetAddress.getLoopbackAddress());

    private static boolean test(String expression) throws ExpressionException {
        return Expression.parseCondition(expression, VOCABULARY).test(REQUEST);
    }

    private static String parseError(String expression) {
        try {
            Expression.parseCondition(expression, VOCABULARY);
        } catch (ExpressionException e) {
            return e.getMessage();
        }
        throw new AssertionError("parsed: " + expression);
    }

    @Test
    void constantsAndLogic() throws Exception {
        assertThat(test("true")).isTrue();
        assertThat(test("false")).isFalse();
        assertThat(test("!false && (false || true)")).isTrue();
        assertThat(test("not true or true and false")).isFalse();
        assertThat(test("!true || true")).isTrue();
    }

    @Test
    void stringComparisonsInterpolateVariables() throws Exception {
        assertThat(test("%{HTTP_HOST} == 'www.example.com'")).isTrue();
        assertThat(test("%{HTTP_HOST} != \"www.%{HTTP_HOST}\"")).isTrue();
        assertThat(test("'abc' < 'abd' && 'b' > 'abc' && 'a' <= 'a' && 'a' >= 'a'")).isTrue();
        assertThat(test("%{http_host} = 'www.example.com'")).isTrue();
    }

    @Test
    void integerComparisonsReadLeadingDigitsAsAtoi() throws Exception {
        assertThat(test("10 -gt 9")).isTrue();
        assertThat(test("'12abc' -eq 12 && -3 -lt 0 && 'x' -eq 0 && 5 -ge 5 && 4 -le 5 && 4 -ne 5")).isTrue();
        assertThat(test("10 gt 9 && 9 lt 10 && 1 eq 1")).isTrue();
    }

    @Test
    void regularExpressionsSetBackReferences() throws Exception {
        Expression<Fake> e = Expression.parseCondition("%{REQUEST_URI} =~ m#^/api/(v\\d+)/# && $1 == 'v2'", VOCABULARY);
        Evaluation<Fake> evaluation = new Evaluation<>(REQUEST);
        assertThat(e.test(evaluation)).isTrue();
        assertThat(evaluation.group(1)).isEqualTo("v2");
        assertThat(evaluation.group(0)).isEqualTo("/api/v2/");
        assertThat(test("%{REQUEST_URI} =~ /API/i")).isTrue();
        assertThat(test("%{REQUEST_URI} =~ /API/")).isFalse();
        assertThat(test("%{REQUEST_URI} !~ m#^/static#")).isTrue();
        assertThat(test("'x' =~ /(y)/ || $1 == ''")).isTrue();
    }

    @Test
    void inListConcatenationAndFunctions() throws Exception {
        assertThat(test("%{QUERY_STRING} -in {'b=2', 'a=' . 1}")).isTrue();
        assertThat(test("tolower('AbC') . toupper('x') == 'abcX'")).isTrue();
        assertThat(test("%{tolower:ABC} == 'abc'")).isTrue();
        assertThat(test("base64('Hello') == 'SGVsbG8=' && unbase64('SGVsbG8=') == 'Hello'")).isTrue();
        assertThat(test("md5('a') == '0cc175b9c0f1b6a831c399e269772661'")).isTrue();
        assertThat(Expression.parseString("%{sha1:a}", VOCABULARY).evaluate(new Evaluation<>(REQUEST)))
                .isEqualTo("86f7e437faa5a7fce15d1ddcb9eaeaea377667b8");
        assertThat(Expression.parseString("%{escape:a b/\u00fc}", VOCABULARY).evaluate(new Evaluation<>(REQUEST)))
                .isEqualTo("a%20b/%c3%bc");
        assertThat(test("unescape('a%20b%2f') == 'a b%2f'")).isTrue();
        assertThat(test("req('User-Agent') =~ /^curl/")).isTrue();
    }

    @Test
    void unaryAndBinaryTests() throws Exception {
        assertThat(test("-n %{HTTP_HOST} && -z %{EMPTY} && -z req('X-None')")).isTrue();
        assertThat(test("-T 'on' && !-T 'Off' && !-T '0' && !-T 'no' && !-T ''")).isTrue();
        assertThat(test("-R '127.0.0.0/8' && !-R '10.0.0.0/8'")).isTrue();
        assertThat(test("'10.1.2.3' -ipmatch '10.1.0.0/16' && !('192.168.1.1' -ipmatch '10.1.0.0/16')")).isTrue();
        assertThat(test("'a/b.html' -strmatch '*.html' && !('a/b.html' -fnmatch '*.html')")).isTrue();
        assertThat(test("'a/b.html' -fnmatch '*/*.html' && 'A.HTML' -strcmatch '*.html'")).isTrue();
    }

    @Test
    void readingHeadersIsRecordedForVary() throws Exception {
        Evaluation<Fake> evaluation = new Evaluation<>(REQUEST);
        Expression.parseCondition("req('Accept') == 'x' || req('Host') == 'y'", VOCABULARY).test(evaluation);
        assertThat(evaluation.varyHeaders()).isEqualTo("Accept");
    }

    @Test
    void stringExpressionsInterpolate() throws Exception {
        Expression<Fake> e = Expression.parseString("host=%{HTTP_HOST}; ua=%{req:User-Agent} 100%", VOCABULARY);
        assertThat(e.evaluate(new Evaluation<>(REQUEST))).isEqualTo("host=www.example.com; ua=curl/8.0 100%");
        assertThat(Expression.parseString("plain", VOCABULARY).constant()).isEqualTo("plain");
    }

    @Test
    void aFailingFunctionMakesTheConditionFalseAndSaysWhy() throws Exception {
        Evaluation<Fake> evaluation = new Evaluation<>(REQUEST);
        assertThat(Expression.parseCondition("boom('x') == '' || true", VOCABULARY).test(evaluation)).isFalse();
        assertThat(evaluation.failure()).isEqualTo("boom");
    }

    @Test
    void anOverlongStringFailsTheEvaluation() throws Exception {
        String big = "'" + "x".repeat(70_000) + "'";
        Evaluation<Fake> evaluation = new Evaluation<>(REQUEST);
        String expression = "base64(base64(base64(" + big + " . " + big + " . " + big + "))) == ''";
        assertThat(Expression.parseCondition(expression, VOCABULARY).test(evaluation)).isFalse();
        assertThat(evaluation.failure()).startsWith("String too long");
    }

    @Test
    void aRegexThatExhaustsTheStackFailsTheEvaluationInsteadOfThrowing() throws Exception {
        Fake request = new Fake(Map.of("QUERY_STRING", "ab".repeat(60_000)), Map.of(), null);
        Evaluation<Fake> evaluation = new Evaluation<>(request);
        assertThat(Expression.parseCondition("%{QUERY_STRING} =~ /^(a|b)*$/", VOCABULARY).test(evaluation)).isFalse();
        assertThat(evaluation.failure()).contains("too complex");
    }

    @Test
    void syntaxErrorsAreReportedInHttpdsWords() {
        assertThat(parseError("%{FOO} == 1")).isEqualTo("Variable 'FOO' does not exist");
        assertThat(parseError("%{HTTP_HOST} ==")).isEqualTo("syntax error, unexpected $end");
        assertThat(parseError("%{HTTP_HOST} == \"a")).isEqualTo("Unterminated string or variable");
        assertThat(parseError("foo == 1")).isEqualTo("syntax error, unexpected T_OP_STR_EQ, expecting '('");
        assertThat(parseError("tolowr('a') == 1")).isEqualTo("Function 'tolowr' does not exist");
        assertThat(parseError("-Q 1")).isEqualTo("Unary operator '-Q' does not exist");
        assertThat(parseError("1 -foo 2")).isEqualTo("Binary operator '-foo' does not exist");
        assertThat(parseError("'a' =~ /(/")).isEqualTo("Failed to compile regular expression");
        assertThat(parseError("-R 'x/y'")).isEqualTo("parsing of subnet/netmask failed");
        assertThat(parseError("(1 == 1")).isEqualTo("syntax error, unexpected $end, expecting T_OP_OR or T_OP_AND or ')'");
        assertThat(parseError("true false")).isEqualTo("syntax error, unexpected T_FALSE, expecting $end");
        assertThat(parseError("'a' -in { 'a', }")).isEqualTo("syntax error, unexpected '}'");
        assertThat(parseError("'\\777' == 1")).isEqualTo("Escape sequence out of bound");
        assertThat(parseError("1 # 1")).isEqualTo("Parse error near '#'");
        assertThat(parseError("file('/etc/passwd') == ''")).startsWith("Function 'file' is not supported");
    }

    @Test
    void longChainsEvaluateWithoutDeepRecursion() throws Exception {
        assertThat(test("false || ".repeat(50_000) + "true")).isTrue();
        assertThat(test("true && ".repeat(50_000) + "false")).isFalse();
    }

    @Test
    void deepNestingIsRefusedNotOverflowed() {
        String deep = "(".repeat(10_000) + "true" + ")".repeat(10_000);
        assertThatThrownBy(() -> Expression.parseCondition(deep, VOCABULARY))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("nested too deeply");
        String nots = "!".repeat(10_000) + "true";
        assertThatThrownBy(() -> Expression.parseCondition(nots, VOCABULARY))
                .isInstanceOf(ExpressionException.class).hasMessageContaining("nested too deeply");
    }
}
