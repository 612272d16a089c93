package org.sluice.http;

import java.net.InetAddress;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.config.ConfigException;
import org.sluice.config.ConfigLocation;
import org.sluice.config.DirectiveCall;
import org.sluice.expr.Evaluation;
import org.sluice.expr.Expression;
import org.sluice.expr.ExpressionException;
import org.sluice.expr.Vocabulary;

/**
 * What httpd's expressions ({@code <If>}, {@code Require expr}, {@code Header ... expr=},
 * {@code SetEnvIfExpr}) see of an HTTP request: the {@link ServerVariables} and the functions
 * {@code req}/{@code http} (a request header, noted for {@code Vary}), {@code req_novary},
 * {@code resp}, {@code reqenv}, {@code note} and {@code env}.
 */
final class HttpExpressions implements Vocabulary<Request> {

    static final HttpExpressions VOCABULARY = new HttpExpressions();

    private static final Logger LOG = LoggerFactory.getLogger(HttpExpressions.class);

    private HttpExpressions() {
    }

    @Override
    public Variable<Request> variable(String name) {
        ServerVariables.Variable variable = ServerVariables.forExpressions(name);
        if (variable == null) {
            return null;
        }
        return (r, evaluation) -> variable.value(r, header -> header(r, evaluation, header));
    }

    @Override
    public Function<Request> function(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "req", "http" -> HttpExpressions::header;
            case "req_novary" -> (r, evaluation, header) -> r.headersIn().get(header);
            case "resp" -> (r, evaluation, header) -> {
                String value = r.headersOut().get(header);
                return value != null ? value : r.errorHeadersOut().get(header);
            };
            case "reqenv" -> (r, evaluation, variable) -> r.env(variable);
            case "note" -> (r, evaluation, note) -> r.note(note);
            // notes, then the request's variables, then the process's, as httpd looks
            case "env" -> (r, evaluation, variable) -> {
                String value = r.note(variable);
                if (value == null) {
                    value = r.env(variable);
                }
                return value != null ? value : System.getenv(variable);
            };
            default -> null;
        };
    }

    @Override
    public InetAddress client(Request r) {
        return r.clientAddress();
    }

    private static String header(Request r, Evaluation<Request> evaluation, String name) {
        evaluation.vary(name);
        return r.headersIn().get(name);
    }

    /**
     * {@code text} parsed as a condition, or the configuration error {@code prefix} followed by
     * httpd's words for what is wrong.
     */
    static Expression<Request> condition(DirectiveCall c, String text, String prefix) throws ConfigException {
        try {
            return Expression.parseCondition(text, VOCABULARY);
        } catch (ExpressionException e) {
            throw c.error(prefix + e.getMessage());
        }
    }

    /** {@code text} parsed as a string expression, as {@link #condition}. */
    static Expression<Request> string(DirectiveCall c, String text, String prefix) throws ConfigException {
        try {
            return Expression.parseString(text, VOCABULARY);
        } catch (ExpressionException e) {
            throw c.error(prefix + e.getMessage());
        }
    }

    /**
     * Evaluates a condition for {@code r}: the request headers it read go into the response's
     * {@code Vary}, and a failure is logged (as httpd's "Evaluation of expression from file:line
     * failed") and returned as -1; else 1 or 0.
     */
    static int test(Expression<Request> condition, Evaluation<Request> evaluation, ConfigLocation where) {
        return test(condition, evaluation, where, evaluation.context().headersOut());
    }

    /** {@link #test(Expression, Evaluation, ConfigLocation)}, {@code Vary} going into {@code response}. */
    static int test(Expression<Request> condition, Evaluation<Request> evaluation, ConfigLocation where,
                    HttpHeaders.Builder response) {
        boolean result = condition.test(evaluation);
        Request r = evaluation.context();
        if (evaluation.failure() != null) {
            LOG.error("{}: Evaluation of expression{} failed: {}", r, where == null ? "" : " from " + where,
                    evaluation.failure());
            return -1;
        }
        String vary = evaluation.varyHeaders();
        if (vary != null) {
            addVary(response, vary);
        }
        return result ? 1 : 0;
    }

    /** Adds the names in {@code names} to the response's {@code Vary}, each once (httpd drops repeats when it sends). */
    private static void addVary(HttpHeaders.Builder response, String names) {
        String existing = response.get("Vary");
        StringBuilder vary = existing == null ? new StringBuilder() : new StringBuilder(existing);
        for (String name : names.split(", ")) {
            if (!hasToken(vary, name)) {
                vary.append(vary.isEmpty() ? "" : ", ").append(name);
            }
        }
        response.set("Vary", vary.toString());
    }

    private static boolean hasToken(CharSequence list, String token) {
        for (String element : list.toString().split(",")) {
            if (element.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }
}
