package org.sluice.internal.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/** The tests of {@code <IfModule>} and {@code <IfFile>} that are not plain lookups. */
final class ConditionalSections {

    private ConditionalSections() {
    }

    /**
     * The bare name of a module as {@code <IfModule>} may spell it: httpd users write the
     * source file ({@code mod_ssl.c}) or the module structure ({@code ssl_module}).
     */
    static String moduleName(String argument) {
        if (argument.startsWith("mod_") && argument.endsWith(".c") && argument.length() >= 6) {
            return argument.substring(4, argument.length() - 2);
        }
        if (argument.endsWith("_module")) {
            return argument.substring(0, argument.length() - "_module".length());
        }
        return argument;
    }

    static boolean fileExists(ConfigReader reader, String path) {
        try {
            return Files.exists(reader.resolve(Path.of(path)));
        } catch (InvalidPathException e) {
            return false;
        }
    }
}
