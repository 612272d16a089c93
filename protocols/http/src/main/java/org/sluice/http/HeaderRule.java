package org.sluice.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.config.ConfigException;
import org.sluice.config.DirectiveCall;
import org.sluice.config.Scope;
import org.sluice.expr.Evaluation;
import org.sluice.expr.Expression;

/**
 * One {@code Header} or {@code RequestHeader} line (mod_headers), parsed once:
 *
 * <pre>
 * Header [always|onsuccess] add|append|echo|edit|edit*|merge|set|setifempty|unset|note header [value [replacement]] [early]
 * RequestHeader             add|append|edit|edit*|merge|set|setifempty|unset header [value [replacement]] [early]
 * </pre>
 *
 * Values are httpd's format strings ({@link HeaderFormat}). {@code edit} replaces the first
 * match of a regular expression in each value ({@code edit*} every match), {@code $1} naming
 * a group.
 *
 * <p>{@code early} rules run in post_read_request, before any section applies, so they are
 * allowed only in the server's and virtual hosts' configuration, and ignore {@code env=}, as in
 * httpd. {@code env=[!]VAR} makes a rule depend on the request's environment
 * ({@link Request#env()}), {@code expr=...} on an expression ({@link HttpExpressions}); a
 * value written {@code expr=...} is a string expression, evaluated for each response.
 *
 * @param request true for {@code RequestHeader}
 * @param always {@code Header always}: on every response, errors too
 * @param condition {@code env=VAR}'s variable, which the request must have set ({@code !VAR}:
 *     must not), or null
 * @param when {@code expr=}'s condition, or null
 * @param valueExpression the value given as {@code expr=...} (then {@code value} is null), or null
 */
record HeaderRule(boolean request, boolean always, Action action, String name, HeaderFormat value, Pattern regex,
                  boolean early, String condition, Expression<Request> when, Expression<Request> valueExpression) {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderRule.class);

    /** What a rule does to the fields named {@link #name()}. */
    enum Action {
        SET("set"), SETIFEMPTY("setifempty"), ADD("add"), APPEND("append"), MERGE("merge"), UNSET("unset"),
        ECHO("echo"), EDIT("edit"), EDIT_ALL("edit*"), NOTE("note");

        private final String word;

        Action(String word) {
            this.word = word;
        }

        static Action of(String word) {
            for (Action action : values()) {
                if (action.word.equalsIgnoreCase(word)) {
                    return action;
                }
            }
            return null;
        }
    }

    /**
     * Parses a {@code Header} ({@code request} false) or {@code RequestHeader} line, with
     * httpd's messages for its mistakes.
     */
    static HeaderRule parse(DirectiveCall c, boolean request) throws ConfigException {
        List<String> words = c.args();
        int i = 0;
        boolean always = false;
        if (!request && !words.isEmpty()
                && (words.get(0).equalsIgnoreCase("always") || words.get(0).equalsIgnoreCase("onsuccess"))) {
            always = words.get(0).equalsIgnoreCase("always");
            i++;
        }
        Action action = Action.of(i < words.size() ? words.get(i) : "");
        if (action == null) {
            throw c.error("first argument must be 'add', 'set', 'setifempty', 'append', 'merge', 'unset', 'echo',"
                    + " 'note', 'edit', or 'edit*'.");
        }
        String name = i + 1 < words.size() ? words.get(i + 1) : "";
        String value = i + 2 < words.size() ? words.get(i + 2) : null;
        String substitution = i + 3 < words.size() ? words.get(i + 3) : null;
        String condition = i + 4 < words.size() ? words.get(i + 4) : null;
        if (i + 5 < words.size()) {
            throw c.error(c.name() + " has too many arguments");
        }
        Pattern regex = null;
        if (action == Action.EDIT || action == Action.EDIT_ALL) {
            if (substitution == null) {
                throw c.error("Header edit requires a match and a substitution");
            }
            regex = compile(c, value, "Header edit regex could not be compiled");
            value = substitution;
        } else {
            if (condition != null) {
                throw c.error("Too many arguments to directive");
            }
            condition = substitution;
            if (action == Action.UNSET || action == Action.ECHO) {
                if (value != null) {
                    if (condition != null) {
                        throw c.error(action == Action.UNSET ? "header unset takes two arguments"
                                : "Header echo takes two arguments");
                    }
                    condition = value;
                    value = null;
                }
                if (action == Action.ECHO) {
                    if (request) {
                        throw c.error("Header echo only valid on Header directives");
                    }
                    regex = compile(c, name, "Header echo regex could not be compiled");
                }
            } else if (value == null) {
                throw c.error("Header requires three arguments");
            }
        }
        boolean early = false;
        String variable = null;
        Expression<Request> when = null;
        if (condition != null) {
            String lower = condition.toLowerCase(Locale.ROOT);
            if (lower.equals("early")) {
                if (c.scope() != Scope.SERVER && c.scope() != Scope.VIRTUAL_HOST) {
                    throw c.error(c.name() + " ... early is allowed only in the server's and virtual hosts'"
                            + " configuration: it runs before any section applies");
                }
                early = true;
            } else if (lower.startsWith("env=")) {
                variable = condition.substring(4);
                if (variable.isEmpty() || variable.equals("!")) {
                    throw c.error("error: missing environment variable name. envclause should be in the form"
                            + " env=envar ");
                }
            } else if (lower.startsWith("expr=")) {
                when = HttpExpressions.condition(c, condition.substring(5), "Can't parse envclause/expression: ");
            } else {
                throw c.error("Unknown parameter: " + condition);
            }
        }
        int colon = name.indexOf(':');
        if (colon >= 0) {
            name = name.substring(0, colon);
        }
        if (name.isEmpty() && action != Action.ECHO) {
            throw c.error(c.name() + " " + action.word + " needs a header name");
        }
        HeaderFormat parsed = null;
        Expression<Request> valueExpression = null;
        // as httpd, only a lower-case expr= makes the value an expression
        if (value != null && value.startsWith("expr=")) {
            valueExpression = HttpExpressions.string(c, value.substring(5), "Can't parse value expression : ");
        } else if (value != null) {
            try {
                parsed = HeaderFormat.parse(value);
            } catch (IllegalArgumentException e) {
                throw c.error(e.getMessage());
            }
        }
        return new HeaderRule(request, always, action, name, parsed, regex, early, variable, when, valueExpression);
    }

    private static Pattern compile(DirectiveCall c, String regex, String message) throws ConfigException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw c.error(message + ": " + e.getDescription());
        }
    }

    /**
     * Whether the rule's {@code env=} or {@code expr=} condition holds for {@code r} (true
     * without one). An expression that cannot be evaluated is logged and ignored: the rule
     * applies, as in httpd. The request headers an expression reads go into the {@code Vary}
     * of {@code response}, the response fields being made.
     */
    boolean holds(Request r, HttpHeaders.Builder response) {
        if (when != null) {
            Evaluation<Request> evaluation = new Evaluation<>(r);
            int result = HttpExpressions.test(when, evaluation, null, response);
            if (result < 0) {
                LOG.error("{}: Failed to evaluate expression ({}) - ignoring", r, evaluation.failure());
            }
            return result != 0;
        }
        if (condition == null) {
            return true;
        }
        boolean negated = condition.charAt(0) == '!';
        return (r.env(negated ? condition.substring(1) : condition) != null) != negated;
    }

    /**
     * Applies the rule to {@code fields}: the response's (or for {@code RequestHeader} the
     * request's) fields of {@code r}.
     */
    void apply(Request r, HttpHeaders.Builder fields) {
        switch (action) {
            case SET -> fields.set(name, format(r));
            case SETIFEMPTY -> {
                if (!fields.contains(name)) {
                    fields.set(name, format(r));
                }
            }
            case ADD -> fields.add(name, format(r));
            case APPEND -> appendToFirst(fields, format(r));
            case MERGE -> {
                String added = format(r);
                String first = fields.get(name);
                if (first == null || !hasToken(first, added)) {
                    appendToFirst(fields, added);
                }
            }
            case UNSET -> fields.remove(name);
            case ECHO -> {
                for (HttpHeaders.Field field : r.headersIn()) {
                    if (regex.matcher(field.name()).find()) {
                        fields.add(field.name(), field.value());
                    }
                }
            }
            case EDIT, EDIT_ALL -> edit(r, fields);
            case NOTE -> {
                String first = fields.get(name);
                if (first != null) {
                    r.notes().put(format(r), first);
                }
            }
        }
    }

    /** The value for {@code r}: the format's, or the expression's ("" when it fails, as httpd logs and sends). */
    private String format(Request r) {
        if (valueExpression == null) {
            return value.format(r);
        }
        String constant = valueExpression.constant();
        if (constant != null) {
            return constant;
        }
        Evaluation<Request> evaluation = new Evaluation<>(r);
        String result = valueExpression.evaluate(evaluation);
        if (evaluation.failure() != null) {
            LOG.error("{}: Can't evaluate value expression: {}", r, evaluation.failure());
        }
        return result;
    }

    /** Joins {@code added} to the first field named {@link #name()}, or adds one (httpd's table merge). */
    private void appendToFirst(HttpHeaders.Builder fields, String added) {
        List<HttpHeaders.Field> all = List.copyOf(fields.fields());
        int first = -1;
        for (int k = 0; k < all.size() && first < 0; k++) {
            if (all.get(k).is(name)) {
                first = k;
            }
        }
        if (first < 0) {
            fields.add(name, added);
            return;
        }
        fields.clear();
        for (int k = 0; k < all.size(); k++) {
            HttpHeaders.Field field = all.get(k);
            fields.add(field.name(), k == first ? field.value() + ", " + added : field.value());
        }
    }

    /** Whether {@code list}'s comma-separated elements (quoted strings kept whole) include {@code token} exactly. */
    private static boolean hasToken(String list, String token) {
        int i = 0;
        int n = list.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(list.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && list.charAt(i) != ',') {
                if (list.charAt(i++) == '"') {
                    while (i < n && list.charAt(i++) != '"') {
                        // inside a quoted string a comma is no separator
                    }
                }
            }
            if (list.substring(start, i).equals(token)) {
                return true;
            }
            i++;
        }
        return false;
    }

    private void edit(Request r, HttpHeaders.Builder fields) {
        if (!fields.contains(name)) {
            return;
        }
        String substitution = format(r);
        List<String> edited = new ArrayList<>();
        for (HttpHeaders.Field field : fields.fields()) {
            if (field.is(name)) {
                edited.add(replace(field.value(), substitution));
            }
        }
        fields.remove(name);
        for (String v : edited) {
            fields.add(name, v);
        }
    }

    /** The first match in {@code input} (every match for edit*) replaced as httpd's {@code ap_pregsub} does. */
    private String replace(String input, String substitution) {
        Matcher m = regex.matcher(input);
        StringBuilder out = new StringBuilder();
        int position = 0;
        // after an empty match, find() looks again one character on, as Perl's /g does
        while (m.find()) {
            out.append(input, position, m.start());
            substitute(m, substitution, out);
            position = m.end();
            if (action != Action.EDIT_ALL) {
                break;
            }
        }
        return out.append(input, position, input.length()).toString();
    }

    /**
     * Appends {@code substitution} for match {@code m} as httpd's {@code ap_pregsub}:
     * {@code $0}..{@code $9} are groups; a backslash makes the next character literal.
     */
    static void substitute(Matcher m, String substitution, StringBuilder out) {
        for (int i = 0; i < substitution.length(); i++) {
            char c = substitution.charAt(i);
            if (c == '$' && i + 1 < substitution.length() && Character.isDigit(substitution.charAt(i + 1))) {
                int group = substitution.charAt(++i) - '0';
                if (group <= m.groupCount() && m.group(group) != null) {
                    out.append(m.group(group));
                }
            } else if (c == '\\' && i + 1 < substitution.length()) {
                out.append(substitution.charAt(++i));
            } else {
                out.append(c);
            }
        }
    }
}
