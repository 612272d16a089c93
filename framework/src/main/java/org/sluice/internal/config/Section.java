package org.sluice.internal.config;

import java.util.regex.Pattern;
import org.sluice.config.ConfigLocation;
import org.sluice.config.Wildcards;

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
     * The {@code <Files>} sections of the access files a directory's configuration merged, in
     * order: a configuration carries them to the files below, and merging two puts the child's
     * after the parent's, as httpd appends its file sections.
     */
    public static final org.sluice.config.DirConfigKey<java.util.List<Section>> IN_ACCESS_FILES =
            org.sluice.config.DirConfigKey.of("sluice.access-file-sections", java.util.ArrayList::new, (parent, child) -> {
                java.util.List<Section> both = new java.util.ArrayList<>(parent);
                both.addAll(child);
                return both;
            });


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
