package org.sluice.access;

/** What one {@code Require} rule or block answers (Apache's {@code authz_status}). */
public enum AuthzResult {
    GRANTED,
    DENIED,
    /** Denied for now, but an authenticated user might be granted: ask for credentials. */
    DENIED_NO_USER,
    /** Neither grants nor denies, e.g. a {@code Require not} whose rule did not match. */
    NEUTRAL,
    GENERAL_ERROR;

    /** Apache's wording for the debug log. */
    String describe() {
        return switch (this) {
            case GRANTED -> "granted";
            case DENIED -> "denied";
            case DENIED_NO_USER -> "denied (no authenticated user yet)";
            case NEUTRAL -> "neutral";
            case GENERAL_ERROR -> "error";
        };
    }
}
