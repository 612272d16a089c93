package org.sluice.config;

/** A line of a configuration file, for error messages and {@code -S}. */
public record ConfigLocation(String file, int line) {

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
