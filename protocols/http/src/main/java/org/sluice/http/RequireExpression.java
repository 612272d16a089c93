package org.sluice.http;

import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.access.AccessRequest;
import org.sluice.access.AuthzProvider;
import org.sluice.access.AuthzResult;
import org.sluice.expr.Evaluation;
import org.sluice.expr.Expression;
import org.sluice.expr.ExpressionException;

/**
 * mod_authz_core's {@code Require expr "..."}: granted when the expression holds. One that
 * names {@code %{REMOTE_USER}} asks for credentials when it does not hold, as httpd's does;
 * one that cannot be evaluated fails the request with a server error.
 */
final class RequireExpression implements AuthzProvider {

    private static final Logger LOG = LoggerFactory.getLogger(RequireExpression.class);
    private static final Pattern REMOTE_USER = Pattern.compile("%\\{REMOTE_USER}", Pattern.CASE_INSENSITIVE);

    @Override
    public String name() {
        return "expr";
    }

    @Override
    public Check parse(String arguments) {
        String text = arguments;
        // as httpd: quotes around the whole expression are dropped
        if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
            text = text.substring(1, text.length() - 1);
        }
        Expression<Request> condition;
        try {
            condition = Expression.parseCondition(text, HttpExpressions.VOCABULARY);
        } catch (ExpressionException e) {
            throw new IllegalArgumentException("Cannot parse expression in require line: " + e.getMessage());
        }
        boolean wantsUser = REMOTE_USER.matcher(text).find();
        return (request, user) -> check(condition, wantsUser, request, user);
    }

    private static AuthzResult check(Expression<Request> condition, boolean wantsUser, AccessRequest request,
                                     String user) {
        if (!(request.subject() instanceof Request r)) {
            return AuthzResult.DENIED;
        }
        if (user != null) {
            // authenticated before authorization, as httpd's r->user
            r.user(user);
        }
        Evaluation<Request> evaluation = new Evaluation<>(r);
        int result = HttpExpressions.test(condition, evaluation, null);
        if (result < 0) {
            LOG.error("{}: Error evaluating expression in 'Require expr': {}", r, evaluation.failure());
            return AuthzResult.GENERAL_ERROR;
        }
        if (result == 0) {
            return wantsUser ? AuthzResult.DENIED_NO_USER : AuthzResult.DENIED;
        }
        return AuthzResult.GRANTED;
    }
}
