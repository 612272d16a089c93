package org.sluice.expr;

/** An expression that cannot be parsed; the message is httpd's wording for the mistake. */
public final class ExpressionException extends Exception {

    public ExpressionException(String message) {
        super(message, null, false, false);
    }
}
