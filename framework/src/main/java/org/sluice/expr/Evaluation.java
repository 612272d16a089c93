package org.sluice.expr;

import java.util.regex.MatchResult;

/**
 * One evaluation of an {@link Expression} against a context: what the functions it calls may
 * record (the request headers it read, for {@code Vary}), the groups of the last regular
 * expression with groups that matched ({@code $0}..{@code $9}), and the error that made it fail.
 * Not shared between threads; an evaluation can carry back-references from one expression to
 * the next, as a list of conditions does.
 */
public final class Evaluation<C> {

    private final C context;
    private String failure;
    private StringBuilder vary;
    private String source;
    private MatchResult match;

    public Evaluation(C context) {
        this.context = context;
    }

    public C context() {
        return context;
    }

    /**
     * Records that the result depends on request header {@code name} ({@code Host} aside,
     * as httpd does): callers that send a response may add these to its {@code Vary}.
     */
    public void vary(String name) {
        if (name.equalsIgnoreCase("Host")) {
            return;
        }
        if (vary == null) {
            vary = new StringBuilder(name);
        } else {
            vary.append(", ").append(name);
        }
    }

    /** The headers recorded by {@link #vary(String)}, comma-separated; null if none. */
    public String varyHeaders() {
        return vary == null ? null : vary.toString();
    }

    /** Why the evaluation failed (the expression then counts as false, or as ""); null if it did not. */
    public String failure() {
        return failure;
    }

    /** Makes the evaluation fail with {@code message}; the first failure is kept. */
    public void fail(String message) {
        if (failure == null) {
            failure = message;
        }
    }

    /** Group {@code n} of the last matching regular expression with groups; "" when none or empty. */
    public String group(int n) {
        if (match == null || n > match.groupCount()) {
            return "";
        }
        int start = match.start(n);
        int end = match.end(n);
        return start >= 0 && end > start ? source.substring(start, end) : "";
    }

    /** Whether a regular expression with groups matched, so that {@link #group(int)} means something. */
    public boolean hasGroups() {
        return match != null;
    }

    void matched(String text, MatchResult result) {
        source = text;
        match = result;
    }
}
