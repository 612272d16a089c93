package org.sluice.internal.config;

import java.util.regex.Pattern;
import org.sluice.config.ConfigLocation;

/**
 * A per-section block ({@code <Location>}, {@code <Directory>}, ...) and the configuration
 * written inside it.
 *
 * @param kind e.g. {@code Location}; a Match form is recorded as its base kind with a pattern
 * @param pattern for regex sections, the compiled pattern; else null
 */
public record Section(String kind, String argument, Pattern pattern, ConfigLocation location,
                      ConfigVector configs) {

    /**
     * Whether the section applies to {@code name}: a pattern finds a match in it; a plain
     * argument equals it, is a prefix ending at a {@code /} boundary (Apache's Location rule),
     * or matches it as a wildcard pattern.
     */
    public boolean matches(String name) {
        if (pattern != null) {
            return pattern.matcher(name).find();
        }
        if (argument.indexOf('*') >= 0 || argument.indexOf('?') >= 0 || argument.indexOf('[') >= 0) {
            return Wildcards.matches(argument, name);
        }
        if (!name.startsWith(argument)) {
            return false;
        }
        return name.length() == argument.length()
                || argument.endsWith("/")
                || name.charAt(argument.length()) == '/';
    }
}
