package org.sluice.smtp.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.sluice.access.Credentials;

/**
 * The SASL mechanisms AUTH offers (RFC 4954): {@code PLAIN} (RFC 4616) and {@code LOGIN}. Both
 * carry a user name and a password, which the {@code <Location smtp>} section then checks.
 */
final class Sasl {

    static final String MECHANISMS = "PLAIN LOGIN";

    /** How an exchange ended. */
    enum Outcome {
        /** The client gave credentials (right or wrong: that is checked next). */
        GIVEN,
        /** The client answered {@code *}. */
        CANCELLED,
        /** A response that is not base64, or not what the mechanism expects. */
        MALFORMED,
        /** The client went away. */
        ENDED
    }

    record Result(Outcome outcome, Credentials credentials) {
        static Result of(Outcome outcome) {
            return new Result(outcome, null);
        }
    }

    /** Sends a {@code 334} challenge and gives the client's response line, or null if it went away. */
    @FunctionalInterface
    interface Challenger {
        String challenge(String base64) throws IOException;
    }

    private static final String USERNAME = base64("Username:");
    private static final String PASSWORD = base64("Password:");

    private Sasl() {
    }

    /**
     * {@code AUTH PLAIN [initial-response]}: {@code authzid NUL authcid NUL passwd}. An authzid
     * other than the authcid (acting for another user) is not supported.
     */
    static Result plain(String initialResponse, Challenger challenger) throws IOException {
        String response = initialResponse != null ? initialResponse : challenger.challenge("");
        if (response == null) {
            return Result.of(Outcome.ENDED);
        }
        if (response.equals("*")) {
            return Result.of(Outcome.CANCELLED);
        }
        String decoded = decode(response);
        if (decoded == null) {
            return Result.of(Outcome.MALFORMED);
        }
        String[] parts = decoded.split("\0", -1);
        if (parts.length != 3 || parts[1].isEmpty() || !parts[0].isEmpty() && !parts[0].equals(parts[1])) {
            return Result.of(Outcome.MALFORMED);
        }
        return new Result(Outcome.GIVEN, new Credentials(parts[1], parts[2]));
    }

    /** {@code AUTH LOGIN [user]}: {@code Username:}, then {@code Password:}, each in base64. */
    static Result login(String initialResponse, Challenger challenger) throws IOException {
        String user = initialResponse != null ? initialResponse : challenger.challenge(USERNAME);
        if (user == null) {
            return Result.of(Outcome.ENDED);
        }
        if (user.equals("*")) {
            return Result.of(Outcome.CANCELLED);
        }
        String password = challenger.challenge(PASSWORD);
        if (password == null) {
            return Result.of(Outcome.ENDED);
        }
        if (password.equals("*")) {
            return Result.of(Outcome.CANCELLED);
        }
        String decodedUser = decode(user);
        String decodedPassword = decode(password);
        if (decodedUser == null || decodedUser.isEmpty() || decodedPassword == null) {
            return Result.of(Outcome.MALFORMED);
        }
        return new Result(Outcome.GIVEN, new Credentials(decodedUser, decodedPassword));
    }

    /** RFC 4954: {@code =} is an empty initial response. */
    private static String decode(String base64) {
        if (base64.equals("=")) {
            return "";
        }
        try {
            return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
