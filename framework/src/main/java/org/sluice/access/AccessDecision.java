package org.sluice.access;

import java.util.Optional;

/**
 * The answer of {@link AccessChecker}. Each protocol maps it to its own reply: HTTP to 200,
 * 403, 401 with {@code WWW-Authenticate: Basic realm="<realm>"}, or 500; a line protocol to
 * going on, {@code Access Denied}, or a {@code Login:} prompt.
 *
 * @param outcome what to do
 * @param user the authenticated user, when credentials were checked and accepted
 * @param realm the {@code AuthName}, for asking for credentials
 * @param reason why, for logs and diagnostics, never for the client: the rule that denied and
 *     its {@code file:line}, or what went wrong
 */
public record AccessDecision(Outcome outcome, Optional<String> user, Optional<String> realm, String reason) {

    /** What the protocol should do. */
    public enum Outcome {
        /** Go on. */
        GRANTED,
        /** Refuse (HTTP 403): no credentials would help. */
        DENIED,
        /** Ask for credentials, or for other ones (HTTP 401). */
        AUTH_REQUIRED,
        /** The server cannot decide, e.g. the password file is unreadable (HTTP 500); logged. */
        ERROR
    }

    public boolean granted() {
        return outcome == Outcome.GRANTED;
    }

    static AccessDecision granted(String user, String reason) {
        return new AccessDecision(Outcome.GRANTED, Optional.ofNullable(user), Optional.empty(), reason);
    }

    static AccessDecision denied(String reason) {
        return new AccessDecision(Outcome.DENIED, Optional.empty(), Optional.empty(), reason);
    }

    static AccessDecision authRequired(String realm, String reason) {
        return new AccessDecision(Outcome.AUTH_REQUIRED, Optional.empty(), Optional.ofNullable(realm), reason);
    }

    static AccessDecision error(String reason) {
        return new AccessDecision(Outcome.ERROR, Optional.empty(), Optional.empty(), reason);
    }
}
