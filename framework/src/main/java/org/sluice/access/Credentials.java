package org.sluice.access;

import java.util.Objects;

/**
 * A user name and password as the client sent them (an HTTP {@code Authorization: Basic}
 * header, an SMTP {@code AUTH PLAIN}, a {@code Login:} prompt).
 */
public record Credentials(String user, String password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "Credentials[user=" + user + "]";
    }
}
