package org.sluice.expr;

import java.net.InetAddress;

/**
 * The variables and functions a protocol module gives its expressions (httpd's
 * {@code ap_expr_lookup} hook): the framework knows the grammar, the operators and the
 * functions that need nothing but their argument ({@code tolower}, {@code md5}, ...); the
 * module knows what {@code %{REQUEST_URI}} or {@code req('Host')} means for a request.
 *
 * <p>Names are looked up when an expression is parsed, at configuration time: an unknown one
 * is refused there, and evaluation never looks anything up by name.
 *
 * <pre>{@code
 * Vocabulary<Request> http = new Vocabulary<>() {
 *     public Variable<Request> variable(String name) {
 *         return name.equalsIgnoreCase("REQUEST_METHOD") ? (r, e) -> r.method() : null;
 *     }
 *     public Function<Request> function(String name) {
 *         return null;
 *     }
 * };
 * Expression<Request> expr = Expression.parseCondition("%{REQUEST_METHOD} == 'GET'", http);
 * }</pre>
 *
 * @param <C> what an expression is evaluated against, e.g. an HTTP request
 */
public interface Vocabulary<C> {

    /** The variable {@code %{name}} (names are case-insensitive), or null if there is none. */
    Variable<C> variable(String name);

    /**
     * The function {@code name(arg)} or {@code %{name:arg}} (case-insensitive) beyond the
     * framework's own, or null if there is none.
     */
    Function<C> function(String name);

    /** The client's address, for {@code -R}; null when the context has none. */
    default InetAddress client(C context) {
        return null;
    }

    /** A variable's value in one evaluation; null for an unset one (it reads as ""). */
    @FunctionalInterface
    interface Variable<C> {
        String value(C context, Evaluation<C> evaluation);
    }

    /** A function of one string; null for no value (it reads as ""). */
    @FunctionalInterface
    interface Function<C> {
        String apply(C context, Evaluation<C> evaluation, String argument);
    }
}
