package org.sluice.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A recursive-descent parser for httpd's expression grammar (2.4's {@code util_expr_parse.y}
 * and {@code util_expr_scan.l}), scanning as it goes. Its mistakes are reported in httpd's
 * words ({@code syntax error, unexpected T_OP_STR_EQ}, {@code Variable 'X' does not exist}).
 *
 * <pre>
 * cond  := and ( ("||" | "or") and )*
 * and   := not ( ("&amp;&amp;" | "and") not )*
 * not   := ("!" | "not") not | primary
 * primary := "true" | "false" | "(" cond ")" | -unary word
 *          | word ( cmp word | -binary word | "-in" "{" word ("," word)* "}" | ("=~" | "!~") regex )
 * word  := atom ("." atom)*
 * atom  := digits | "string" | %{VAR} | %{func:string} | $N | func "(" word ")"
 * </pre>
 */
final class Parser {

    /** How deeply parentheses, negations, calls and variables may nest. */
    private static final int MAX_DEPTH = 64;
    /** httpd's limit on a regular expression's length. */
    private static final int MAX_REGEX = 8192;
    private static final String REGEX_DELIMITERS = "/#$%^,;:_?|-!.'\"";

    /** Token kinds, with the names bison gives them in httpd's messages. */
    private enum Kind {
        END("$end"), TRUE("T_TRUE"), FALSE("T_FALSE"), DIGIT("T_DIGIT"), ID("T_ID"), STRING("T_STR_BEGIN"),
        VAR("T_VAR_BEGIN"), BACKREF("T_REGEX_BACKREF"), REGEX("T_REGEX"), UNARY("T_OP_UNARY"),
        BINARY("T_OP_BINARY"), CMP(null), REG("T_OP_REG"), NRE("T_OP_NRE"), IN("T_OP_IN"), AND("T_OP_AND"),
        OR("T_OP_OR"), NOT("T_OP_NOT"), CONCAT("T_OP_CONCAT"), LPAREN("'('"), RPAREN("')'"), LBRACE("'{'"),
        RBRACE("'}'"), COMMA("','"), COLON("':'");

        final String display;

        Kind(String display) {
            this.display = display;
        }
    }

    private final String input;
    private final Vocabulary<Object> vocabulary;
    private int position;
    private int depth;
    // the current token
    private Kind kind;
    private String text;
    private Node.Word word;
    private Pattern pattern;
    private Node.Comparison comparison;

    @SuppressWarnings("unchecked")
    Parser(String input, Vocabulary<?> vocabulary) {
        this.input = input;
        this.vocabulary = (Vocabulary<Object>) vocabulary;
    }

    /** A boolean expression, the whole input. */
    Node.Condition condition() throws ExpressionException {
        next();
        Node.Condition result = or();
        if (kind != Kind.END) {
            throw unexpected(", expecting $end");
        }
        return result;
    }

    /** A string expression: the whole input is string contents, {@code %{VAR}} and {@code $N} in text. */
    Node.Word string() throws ExpressionException {
        return stringContents((char) 0, false);
    }

    // ---- grammar ----

    private Node.Condition or() throws ExpressionException {
        Node.Condition first = and();
        if (kind != Kind.OR) {
            return first;
        }
        List<Node.Condition> operands = new ArrayList<>();
        operands.add(first);
        while (kind == Kind.OR) {
            next();
            operands.add(and());
        }
        return new Node.Or(List.copyOf(operands));
    }

    private Node.Condition and() throws ExpressionException {
        Node.Condition first = not();
        if (kind != Kind.AND) {
            return first;
        }
        List<Node.Condition> operands = new ArrayList<>();
        operands.add(first);
        while (kind == Kind.AND) {
            next();
            operands.add(not());
        }
        return new Node.And(List.copyOf(operands));
    }

    private Node.Condition not() throws ExpressionException {
        if (kind == Kind.NOT) {
            enter();
            next();
            Node.Condition operand = not();
            depth--;
            return new Node.Not(operand);
        }
        return primary();
    }

    private Node.Condition primary() throws ExpressionException {
        switch (kind) {
            case TRUE, FALSE -> {
                boolean value = kind == Kind.TRUE;
                next();
                return new Node.Constant(value);
            }
            case LPAREN -> {
                enter();
                next();
                Node.Condition inner = or();
                if (kind != Kind.RPAREN) {
                    throw unexpected(", expecting T_OP_OR or T_OP_AND or ')'");
                }
                next();
                depth--;
                return inner;
            }
            case UNARY -> {
                String name = text;
                next();
                Node.Word operand = word();
                return new Node.Test(Operators.unary(name, operand), operand, null);
            }
            default -> {
                Node.Word left = word();
                return comparison(left);
            }
        }
    }

    private Node.Condition comparison(Node.Word left) throws ExpressionException {
        switch (kind) {
            case CMP -> {
                Node.Comparison op = comparison;
                next();
                return new Node.Compare(op, left, word());
            }
            case BINARY -> {
                String name = text;
                next();
                Node.Word right = word();
                return new Node.Test(Operators.binary(name, right), left, right);
            }
            case REG, NRE -> {
                boolean negated = kind == Kind.NRE;
                next();
                if (kind != Kind.REGEX) {
                    throw unexpected(", expecting T_REGEX or T_REGEX_I");
                }
                Pattern regex = pattern;
                next();
                return new Node.Match(left, regex, negated);
            }
            case IN -> {
                next();
                return new Node.In(left, list());
            }
            default -> throw unexpected("");
        }
    }

    private List<Node.Word> list() throws ExpressionException {
        if (kind == Kind.ID) {
            throw new ExpressionException("List-returning function '" + text + "' does not exist");
        }
        if (kind != Kind.LBRACE) {
            throw unexpected("");
        }
        next();
        List<Node.Word> words = new ArrayList<>();
        words.add(word());
        while (kind == Kind.COMMA) {
            next();
            words.add(word());
        }
        if (kind != Kind.RBRACE) {
            throw unexpected("");
        }
        next();
        return List.copyOf(words);
    }

    private Node.Word word() throws ExpressionException {
        Node.Word first = atom();
        if (kind != Kind.CONCAT) {
            return first;
        }
        List<Node.Word> parts = new ArrayList<>();
        parts.add(first);
        while (kind == Kind.CONCAT) {
            next();
            parts.add(atom());
        }
        return new Node.Concat(List.copyOf(parts));
    }

    private Node.Word atom() throws ExpressionException {
        switch (kind) {
            case DIGIT -> {
                Node.Word digits = new Node.Literal(text);
                next();
                return digits;
            }
            case STRING, VAR, BACKREF -> {
                Node.Word scanned = word;
                next();
                return scanned;
            }
            case ID -> {
                String name = text;
                next();
                if (kind != Kind.LPAREN) {
                    throw unexpected(", expecting '('");
                }
                enter();
                next();
                Node.Word argument = word();
                if (kind != Kind.RPAREN) {
                    throw unexpected(", expecting ')'");
                }
                depth--;
                next();
                return call(name, argument);
            }
            default -> throw unexpected("");
        }
    }

    private Node.Word call(String name, Node.Word argument) throws ExpressionException {
        Vocabulary.Function<Object> function = Functions.of(name.toLowerCase(Locale.ROOT));
        if (function == null) {
            function = vocabulary.function(name);
        }
        if (function == null) {
            throw new ExpressionException("Function '" + name + "' does not exist");
        }
        return new Node.Call(name, function, argument);
    }

    private Node.Word variable(String name) throws ExpressionException {
        Vocabulary.Variable<Object> lookup = vocabulary.variable(name);
        if (lookup == null) {
            throw new ExpressionException("Variable '" + name + "' does not exist");
        }
        return new Node.Variable(name, lookup);
    }

    private void enter() throws ExpressionException {
        if (++depth > MAX_DEPTH) {
            throw new ExpressionException("Expression nested too deeply (more than " + MAX_DEPTH + " levels)");
        }
    }

    private ExpressionException unexpected(String expecting) {
        String name = kind == Kind.CMP ? comparisonToken(comparison) : kind.display;
        return new ExpressionException("syntax error, unexpected " + name + expecting);
    }

    private static String comparisonToken(Node.Comparison op) {
        return "T_OP_" + op.name();
    }

    // ---- scanner ----

    private boolean more() {
        return position < input.length();
    }

    private char peek(int ahead) {
        return position + ahead < input.length() ? input.charAt(position + ahead) : 0;
    }

    /** Scans the next token of a condition. */
    private void next() throws ExpressionException {
        while (more() && (peek(0) == ' ' || peek(0) == '\t' || peek(0) == '\n' || peek(0) == '\r')) {
            position++;
        }
        text = null;
        word = null;
        pattern = null;
        if (!more()) {
            kind = Kind.END;
            return;
        }
        char c = peek(0);
        char d = peek(1);
        switch (c) {
            case '"', '\'' -> {
                position++;
                kind = Kind.STRING;
                word = stringContents(c, false);
                return;
            }
            case '%' -> {
                if (d == '{') {
                    position += 2;
                    kind = Kind.VAR;
                    word = variableContents();
                    return;
                }
            }
            case '$' -> {
                if (isDigit(d)) {
                    position += 2;
                    kind = Kind.BACKREF;
                    word = new Node.BackReference(d - '0');
                    return;
                }
            }
            case '/' -> {
                position++;
                regex('/');
                return;
            }
            case '=' -> {
                if (d == '~') {
                    token(Kind.REG, 2);
                } else {
                    compare(Node.Comparison.STR_EQ, d == '=' ? 2 : 1);
                }
                return;
            }
            case '!' -> {
                if (d == '=') {
                    compare(Node.Comparison.STR_NE, 2);
                } else if (d == '~') {
                    token(Kind.NRE, 2);
                } else {
                    token(Kind.NOT, 1);
                }
                return;
            }
            case '<' -> {
                compare(d == '=' ? Node.Comparison.STR_LE : Node.Comparison.STR_LT, d == '=' ? 2 : 1);
                return;
            }
            case '>' -> {
                compare(d == '=' ? Node.Comparison.STR_GE : Node.Comparison.STR_GT, d == '=' ? 2 : 1);
                return;
            }
            case '&' -> {
                if (d == '&') {
                    token(Kind.AND, 2);
                    return;
                }
            }
            case '|' -> {
                if (d == '|') {
                    token(Kind.OR, 2);
                    return;
                }
            }
            case '.' -> {
                token(Kind.CONCAT, 1);
                return;
            }
            case '(' -> {
                token(Kind.LPAREN, 1);
                return;
            }
            case ')' -> {
                token(Kind.RPAREN, 1);
                return;
            }
            case '{' -> {
                token(Kind.LBRACE, 1);
                return;
            }
            case '}' -> {
                token(Kind.RBRACE, 1);
                return;
            }
            case ',' -> {
                token(Kind.COMMA, 1);
                return;
            }
            case ':' -> {
                token(Kind.COLON, 1);
                return;
            }
            case '-' -> {
                if (isDigit(d)) {
                    digits();
                    return;
                }
                if (isLetter(d) || d == '_') {
                    dashed();
                    return;
                }
            }
            default -> {
                if (isDigit(c)) {
                    digits();
                    return;
                }
                if (isLetter(c)) {
                    identifier();
                    return;
                }
            }
        }
        throw new ExpressionException("Parse error near '" + c + "'");
    }

    private void token(Kind k, int length) {
        kind = k;
        position += length;
    }

    private void compare(Node.Comparison op, int length) {
        kind = Kind.CMP;
        comparison = op;
        position += length;
    }

    private void digits() {
        int start = position;
        if (peek(0) == '-') {
            position++;
        }
        while (isDigit(peek(0))) {
            position++;
        }
        kind = Kind.DIGIT;
        text = input.substring(start, position);
    }

    /** {@code -x} (a unary operator), {@code -name} (a binary one), or one of the comparisons and {@code -in}. */
    private void dashed() {
        int start = ++position;
        while (isLetter(peek(0)) || isDigit(peek(0)) || peek(0) == '_') {
            position++;
        }
        String name = input.substring(start, position);
        Node.Comparison op = integerComparison(name);
        if (op != null) {
            kind = Kind.CMP;
            comparison = op;
        } else if (name.equals("in")) {
            kind = Kind.IN;
        } else {
            kind = name.length() == 1 ? Kind.UNARY : Kind.BINARY;
            text = name;
        }
    }

    private static Node.Comparison integerComparison(String name) {
        return switch (name) {
            case "eq" -> Node.Comparison.EQ;
            case "ne" -> Node.Comparison.NE;
            case "lt" -> Node.Comparison.LT;
            case "le" -> Node.Comparison.LE;
            case "gt" -> Node.Comparison.GT;
            case "ge" -> Node.Comparison.GE;
            default -> null;
        };
    }

    private void identifier() throws ExpressionException {
        int start = position;
        while (isLetter(peek(0)) || isDigit(peek(0)) || peek(0) == '_') {
            position++;
        }
        String name = input.substring(start, position);
        // m#regex#: the regex wins over an identifier of the same length ("m" or "m_")
        int length = position - start;
        if (name.charAt(0) == 'm' && start + 1 < input.length()
                && REGEX_DELIMITERS.indexOf(input.charAt(start + 1)) >= 0
                && (length == 1 || length == 2 && input.charAt(start + 1) == '_')) {
            char delimiter = input.charAt(start + 1);
            position = start + 2;
            regex(delimiter);
            return;
        }
        Node.Comparison op = integerComparison(name);
        if (op != null) {
            kind = Kind.CMP;
            comparison = op;
            return;
        }
        kind = switch (name) {
            case "and" -> Kind.AND;
            case "or" -> Kind.OR;
            case "not" -> Kind.NOT;
            case "in" -> Kind.IN;
            case "true" -> Kind.TRUE;
            case "false" -> Kind.FALSE;
            default -> Kind.ID;
        };
        text = name;
    }

    /** The body of {@code /regex/} or {@code m#regex#} and its {@code i} flag, compiled. */
    private void regex(char delimiter) throws ExpressionException {
        int end = input.indexOf(delimiter, position);
        if (end < 0) {
            position = input.length();
            kind = Kind.END;
            throw unexpected("");
        }
        if (end - position >= MAX_REGEX) {
            throw new ExpressionException("Regexp too long");
        }
        String source = input.substring(position, end);
        position = end + 1;
        int flags = 0;
        if (peek(0) == 'i') {
            flags = Pattern.CASE_INSENSITIVE;
            position++;
        }
        try {
            pattern = Pattern.compile(source, flags);
        } catch (PatternSyntaxException e) {
            throw new ExpressionException("Failed to compile regular expression");
        }
        kind = Kind.REGEX;
    }

    /**
     * A string's contents up to {@code delimiter} (a quote; 0 for a whole string expression;
     * {@code vararg} for the argument of {@code %{func:arg}}, which ends at a {@code }}).
     */
    private Node.Word stringContents(char delimiter, boolean vararg) throws ExpressionException {
        List<Node.Word> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        while (true) {
            if (!more()) {
                if (delimiter == 0 && !vararg) {
                    break;
                }
                throw new ExpressionException("Unterminated string or variable");
            }
            char c = input.charAt(position);
            if (vararg ? c == '}' : c == delimiter && delimiter != 0) {
                position++;
                break;
            }
            if (c == '\n' && (delimiter != 0 || vararg)) {
                throw new ExpressionException("Unterminated string or variable");
            }
            if (c == '\\' && position + 1 < input.length()) {
                position++;
                escape(literal);
                continue;
            }
            if (c == '$' && isDigit(peek(1))) {
                flush(literal, parts);
                parts.add(new Node.BackReference(peek(1) - '0'));
                position += 2;
                continue;
            }
            if (c == '%' && peek(1) == '{') {
                flush(literal, parts);
                position += 2;
                parts.add(variableContents());
                continue;
            }
            literal.append(c);
            position++;
        }
        flush(literal, parts);
        if (vararg && parts.isEmpty()) {
            throw new ExpressionException("syntax error, unexpected T_VAR_END, expecting T_ERROR or T_STRING or"
                    + " T_REGEX_BACKREF or T_VAR_BEGIN");
        }
        return parts.isEmpty() ? new Node.Literal("") : parts.size() == 1 ? parts.get(0)
                : new Node.Concat(List.copyOf(parts));
    }

    private static void flush(StringBuilder literal, List<Node.Word> parts) {
        if (!literal.isEmpty()) {
            parts.add(new Node.Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /** After a backslash: an octal escape, {@code \n \r \t \b \f}, or the next character as it is. */
    private void escape(StringBuilder out) throws ExpressionException {
        char c = input.charAt(position);
        if (c >= '0' && c <= '7') {
            int value = 0;
            int digits = 0;
            while (digits < 3 && peek(0) >= '0' && peek(0) <= '7') {
                value = value * 8 + (peek(0) - '0');
                position++;
                digits++;
            }
            if (value > 0xff) {
                throw new ExpressionException("Escape sequence out of bound");
            }
            out.append((char) value);
            return;
        }
        if (c == '8' || c == '9') {
            throw new ExpressionException("Bad escape sequence");
        }
        out.append(switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'f' -> '\f';
            default -> c;
        });
        position++;
    }

    /** After {@code %{}: {@code NAME}} or {@code func:argument}}. */
    private Node.Word variableContents() throws ExpressionException {
        enter();
        int start = position;
        if (!isLetter(peek(0))) {
            throw new ExpressionException("syntax error, unexpected T_ERROR, expecting T_ID: " + (more()
                    ? "Invalid character in variable name '" + peek(0) + "'" : "Unterminated string or variable"));
        }
        while (isLetter(peek(0)) || isDigit(peek(0)) || peek(0) == '_') {
            position++;
        }
        String name = input.substring(start, position);
        Node.Word result;
        if (!more()) {
            throw new ExpressionException("syntax error, unexpected T_ERROR, expecting T_VAR_END or ':': Unterminated"
                    + " string or variable");
        } else if (peek(0) == '}') {
            position++;
            result = variable(name);
        } else if (peek(0) == ':') {
            position++;
            result = call(name, stringContents((char) 0, true));
        } else {
            throw new ExpressionException("syntax error, unexpected T_ERROR, expecting T_VAR_END or ':': Invalid"
                    + " character in variable name '" + peek(0) + "'");
        }
        depth--;
        return result;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }
}
