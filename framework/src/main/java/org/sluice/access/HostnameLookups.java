package org.sluice.access;

import java.util.Locale;

/**
 * The {@code HostnameLookups} setting: whether the client's host name is looked up for logs
 * ({@code %h}) and request variables ({@code Remote_Host}). {@code Require host} and
 * {@code Allow from name} look it up whatever this says, always double-reverse checked.
 */
public enum HostnameLookups {
    /** No look-up: the address stands for the name (httpd's default). */
    OFF,
    /** The name the address reverse-resolves to. */
    ON,
    /** The reverse name only if it resolves back to the address. */
    DOUBLE;

    /**
     * The setting {@code word} names, case-insensitively.
     *
     * @throws IllegalArgumentException with httpd's message when it names none
     */
    public static HostnameLookups parse(String word) {
        return switch (word.toLowerCase(Locale.ROOT)) {
            case "on" -> ON;
            case "off" -> OFF;
            case "double" -> DOUBLE;
            default -> throw new IllegalArgumentException("parameter must be 'on', 'off', or 'double'");
        };
    }
}
