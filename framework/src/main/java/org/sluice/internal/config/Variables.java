package org.sluice.internal.config;

import java.util.Map;
import java.util.function.Function;
import org.sluice.config.ConfigLocation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ${NAME}} substitution as Apache's {@code ap_resolve_env} does it: the value of a
 * {@code Define} first, then the process environment. An undefined variable stays in the
 * line as written (so a later error shows the user what was not substituted) and is logged;
 * names with a colon are left alone silently because other modules give them meaning.
 */
final class Variables {

    private static final Logger LOG = LoggerFactory.getLogger(Variables.class);

    private final Map<String, String> defines;
    private final Function<String, String> environment;

    Variables(Map<String, String> defines, Function<String, String> environment) {
        this.defines = defines;
        this.environment = environment;
    }

    String substitute(String line, ConfigLocation location) {
        int dollar = line.indexOf("${");
        if (dollar < 0) {
            return line;
        }
        StringBuilder result = new StringBuilder(line.length());
        int from = 0;
        while (dollar >= 0) {
            int close = line.indexOf('}', dollar + 2);
            if (close < 0) {
                break;
            }
            result.append(line, from, dollar);
            String name = line.substring(dollar + 2, close);
            String value = lookup(name);
            if (value != null) {
                result.append(value);
            } else {
                if (name.indexOf(':') < 0) {
                    LOG.warn("Config variable ${{}} is not defined ({})", name, location);
                }
                result.append(line, dollar, close + 1);
            }
            from = close + 1;
            dollar = line.indexOf("${", from);
        }
        result.append(line, from, line.length());
        return result.toString();
    }

    private String lookup(String name) {
        String value = defines.get(name);
        return value != null ? value : environment.apply(name);
    }
}
