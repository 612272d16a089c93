package org.sluice.expr;

import java.util.List;
import java.util.regex.Matcher;

/**
 * An expression of httpd's expression language ({@code ap_expr}), parsed once at
 * configuration time and evaluated per request:
 *
 * <pre>{@code
 * Expression<Request> condition = Expression.parseCondition(
 *         "%{REQUEST_URI} =~ m#^/api/(v\\d+)/# && -R '10.0.0.0/8'", vocabulary);
 * Evaluation<Request> evaluation = new Evaluation<>(request);
 * if (condition.test(evaluation)) {
 *     String version = evaluation.group(1);
 * }
 * }</pre>
 *
 * A condition is a boolean expression ({@code <If "...">}, {@code Require expr}); a string
 * expression is text with {@code %{VAR}}, {@code %{func:arg}} and {@code $N} in it
 * ({@code Header set X "expr=..."}).
 *
 * <p>Evaluation never throws: a failure (a function that fails, a string that grows too long,
 * an exception from the vocabulary) is recorded in the {@link Evaluation} and makes a
 * condition false and a string empty, as httpd treats an expression it cannot evaluate.
 * Regular expressions are Java's; a pattern that backtracks badly on a long input is as slow
 * here as it would be in any other use of {@link java.util.regex.Pattern}.
 *
 * @param <C> what the expression is evaluated against
 */
public final class Expression<C> {

    /** The longest string an evaluation makes; longer fails it. */
    static final int MAX_LENGTH = 256 * 1024;

    private final String text;
    private final Node root;
    private final Vocabulary<Object> vocabulary;

    @SuppressWarnings("unchecked")
    private Expression(String text, Node root, Vocabulary<C> vocabulary) {
        this.text = text;
        this.root = root;
        this.vocabulary = (Vocabulary<Object>) vocabulary;
    }

    /**
     * Parses a boolean expression.
     *
     * @throws ExpressionException in httpd's words, e.g. {@code syntax error, unexpected $end}
     */
    public static <C> Expression<C> parseCondition(String text, Vocabulary<C> vocabulary) throws ExpressionException {
        return new Expression<>(text, new Parser(text, vocabulary).condition(), vocabulary);
    }

    /** Parses a string expression: text with {@code %{VAR}}, {@code %{func:arg}} and {@code $N} in it. */
    public static <C> Expression<C> parseString(String text, Vocabulary<C> vocabulary) throws ExpressionException {
        return new Expression<>(text, new Parser(text, vocabulary).string(), vocabulary);
    }

    /** The expression as written. */
    public String text() {
        return text;
    }

    /** Whether this is a boolean expression. */
    public boolean isCondition() {
        return root instanceof Node.Condition;
    }

    /** A condition's value for {@code context}; false when evaluation fails. */
    public boolean test(C context) {
        return test(new Evaluation<>(context));
    }

    /**
     * A condition's value; false when evaluation fails ({@link Evaluation#failure()} says why).
     * The groups of its last matching regular expression with groups stay in {@code evaluation}.
     */
    @SuppressWarnings("unchecked")
    public boolean test(Evaluation<C> evaluation) {
        if (!(root instanceof Node.Condition condition)) {
            throw new IllegalStateException("not a condition: " + text);
        }
        Evaluation<Object> e = (Evaluation<Object>) evaluation;
        try {
            boolean result = test(condition, e);
            return e.failure() == null && result;
        } catch (RuntimeException failure) {
            e.fail(String.valueOf(failure.getMessage()));
            return false;
        } catch (StackOverflowError failure) {
            // Java's regex engine recurses per repetition of a group: a long subject can exhaust the stack
            e.fail("Regular expression too complex for the input");
            return false;
        }
    }

    /** A string expression's value (a condition's: "true" or "false"); "" when evaluation fails. */
    @SuppressWarnings("unchecked")
    public String evaluate(Evaluation<C> evaluation) {
        if (root instanceof Node.Condition) {
            return Boolean.toString(test(evaluation));
        }
        Evaluation<Object> e = (Evaluation<Object>) evaluation;
        try {
            String result = value((Node.Word) root, e);
            return e.failure() == null ? result : "";
        } catch (RuntimeException failure) {
            e.fail(String.valueOf(failure.getMessage()));
            return "";
        } catch (StackOverflowError failure) {
            e.fail("Regular expression too complex for the input");
            return "";
        }
    }

    private boolean test(Node.Condition node, Evaluation<Object> e) {
        switch (node) {
            case Node.Constant constant -> {
                return constant.value();
            }
            case Node.Not not -> {
                return !test(not.operand(), e);
            }
            case Node.And and -> {
                for (Node.Condition operand : and.operands()) {
                    if (!test(operand, e)) {
                        return false;
                    }
                }
                return true;
            }
            case Node.Or or -> {
                for (Node.Condition operand : or.operands()) {
                    if (test(operand, e)) {
                        return true;
                    }
                }
                return false;
            }
            case Node.Compare compare -> {
                return compare(compare.op(), value(compare.left(), e), value(compare.right(), e));
            }
            case Node.In in -> {
                String needle = value(in.needle(), e);
                for (Node.Word candidate : in.haystack()) {
                    if (needle.equals(value(candidate, e))) {
                        return true;
                    }
                }
                return false;
            }
            case Node.Match match -> {
                String subject = value(match.subject(), e);
                Matcher m = match.pattern().matcher(subject);
                boolean found = m.find();
                // $0..$9 are kept from an earlier match unless this pattern has groups, as httpd keeps them
                if (m.groupCount() > 0) {
                    e.matched(found ? subject : null, found ? m.toMatchResult() : null);
                }
                return found != match.negated();
            }
            case Node.Test test -> {
                String left = value(test.left(), e);
                String right = test.right() == null ? null : value(test.right(), e);
                return test.operator().test(e, vocabulary, left, right);
            }
        }
    }

    private static boolean compare(Node.Comparison op, String left, String right) {
        return switch (op) {
            case STR_EQ -> left.equals(right);
            case STR_NE -> !left.equals(right);
            case STR_LT -> compareBytes(left, right) < 0;
            case STR_LE -> compareBytes(left, right) <= 0;
            case STR_GT -> compareBytes(left, right) > 0;
            case STR_GE -> compareBytes(left, right) >= 0;
            case EQ -> Long.compare(leadingInteger(left), leadingInteger(right)) == 0;
            case NE -> Long.compare(leadingInteger(left), leadingInteger(right)) != 0;
            case LT -> Long.compare(leadingInteger(left), leadingInteger(right)) < 0;
            case LE -> Long.compare(leadingInteger(left), leadingInteger(right)) <= 0;
            case GT -> Long.compare(leadingInteger(left), leadingInteger(right)) > 0;
            case GE -> Long.compare(leadingInteger(left), leadingInteger(right)) >= 0;
        };
    }

    /** strcmp's order: by UTF-8 bytes, unsigned. */
    private static int compareBytes(String left, String right) {
        return java.util.Arrays.compareUnsigned(left.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                right.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * The integer {@code text} starts with, as {@code apr_atoi64} reads it: spaces, a sign, then
     * digits up to the first other character; 0 when there are none; clamped on overflow.
     */
    static long leadingInteger(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        boolean negative = false;
        if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
            negative = text.charAt(i) == '-';
            i++;
        }
        long value = 0;
        for (; i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9'; i++) {
            int digit = text.charAt(i) - '0';
            if (value > (Long.MAX_VALUE - digit) / 10) {
                return negative ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private String value(Node.Word node, Evaluation<Object> e) {
        String result = switch (node) {
            case Node.Literal literal -> literal.text();
            case Node.Variable variable -> variable.lookup().value(e.context(), e);
            case Node.Call call -> call.function().apply(e.context(), e, value(call.argument(), e));
            case Node.BackReference reference -> e.group(reference.group());
            case Node.Concat concat -> concatenate(concat.parts(), e);
        };
        if (result == null) {
            return "";
        }
        if (result.length() > MAX_LENGTH) {
            e.fail("String too long (more than " + MAX_LENGTH + " characters)");
            return "";
        }
        return result;
    }

    private String concatenate(List<Node.Word> parts, Evaluation<Object> e) {
        StringBuilder out = new StringBuilder();
        for (Node.Word part : parts) {
            out.append(value(part, e));
            if (out.length() > MAX_LENGTH) {
                e.fail("String too long (more than " + MAX_LENGTH + " characters)");
                return "";
            }
        }
        return out.toString();
    }

    /** Whether a string expression is a constant, worth computing once: its text then. */
    public String constant() {
        return root instanceof Node.Literal literal ? literal.text() : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
