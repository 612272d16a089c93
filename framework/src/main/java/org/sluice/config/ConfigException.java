package org.sluice.config;

/**
 * A configuration error. Printed as Apache prints it:
 * <pre>
 * Syntax error on line 12 of /etc/sluice/sluice.conf:
 * Invalid command 'Foo', perhaps misspelled or defined by a module not included in the server configuration
 * </pre>
 */
public final class ConfigException extends Exception {

    private final ConfigLocation location;

    public ConfigException(ConfigLocation location, String message) {
        super(message);
        this.location = location;
    }

    public ConfigException(ConfigLocation location, String message, Throwable cause) {
        super(message, cause);
        this.location = location;
    }

    /** Where the error is; null for errors that belong to no line. */
    public ConfigLocation location() {
        return location;
    }

    /** The two-line report of {@code -t}. */
    public String report() {
        if (location == null) {
            return getMessage();
        }
        return "Syntax error on line " + location.line() + " of " + location.file() + ":\n" + getMessage();
    }
}
