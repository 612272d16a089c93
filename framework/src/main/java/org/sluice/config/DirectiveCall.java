package org.sluice.config;

import java.nio.file.Path;
import java.util.List;

/**
 * One use of a directive, as its handler sees it: the arguments, where it was written, and
 * the configuration it applies to.
 */
public interface DirectiveCall {

    /** The directive's name as written. */
    String name();

    /**
     * The arguments with quotes removed. For ITERATE this is the one argument of this call;
     * for ITERATE2 the first argument and the one of this call.
     */
    List<String> args();

    /** Argument {@code i}. */
    default String arg(int i) {
        return args().get(i);
    }

    /** The value of a FLAG directive. */
    boolean flag();

    /** The unparsed rest of the line (RAW_ARGS, sections). */
    String rawArgs();

    ConfigLocation location();

    /** The scope the directive appears in. */
    Scope scope();

    /** The per-server configuration being built: the main server's or the virtual host's. */
    <T> T serverConfig(ServerConfigKey<T> key);

    /**
     * The per-section configuration being built: the enclosing section's, or at top level the
     * server's (or virtual host's) defaults.
     */
    <T> T dirConfig(DirConfigKey<T> key);

    /**
     * The directory the per-directory configuration being built applies to: the resolved path
     * of the enclosing {@code <Directory>} section (not a regular expression one), or the
     * directory of the access file; null at the top level of the server or a virtual host, and
     * in other sections ({@code <Location>}, {@code <Files>}, the Match forms). For directives
     * that work on paths relative to their directory, as mod_rewrite's per-directory rules.
     */
    default String directory() {
        return null;
    }

    /**
     * The name of the section this directive stands in, as written ({@code Location},
     * {@code LocationMatch}, {@code Directory}, {@code If}, ...), or null at the top level of the
     * server, a virtual host or an access file. Inside {@code <Limit>} it is the section around
     * the {@code <Limit>}.
     */
    default String section() {
        return null;
    }

    /**
     * The argument of the section this directive stands in: {@code /app} in
     * {@code <Location /app>}, the regular expression of a {@code <LocationMatch>}; null at the
     * top level and in conditional sections ({@code <If>}). For directives whose short form takes
     * its path from the section, as mod_proxy's {@code ProxyPass url} inside a
     * {@code <Location>}.
     */
    default String sectionArgument() {
        return null;
    }

    /** A path from the configuration, resolved against the server root. */
    Path resolve(String path);

    /**
     * Records that the configuration names {@code path} (a file, or a directory when
     * {@code directory}): {@code -t} reports it at this directive's line if it is missing.
     */
    void checkPath(Path path, boolean directory);

    /**
     * The extensions of {@code type} the loaded modules registered
     * ({@link org.sluice.module.Registry#extension}), in load order: for directives that other
     * modules extend, as {@code Require} takes the providers they add.
     */
    default <T> List<T> extensions(Class<T> type) {
        return List.of();
    }

    /** An error at this directive's line. */
    default ConfigException error(String message) {
        return new ConfigException(location(), message);
    }

    /**
     * For section directives: processes the lines inside as a per-section configuration
     * ({@code <Location>}-like sections). In an access file only {@code Files} sections may be
     * made: they apply to the files of the file's directory and below, after those of the
     * server's configuration, and what they hold is checked against the same overrides.
     *
     * @param kind the section kind, e.g. {@code Location}
     * @param argument what the section matches, e.g. {@code command}
     * @param regex whether {@code argument} is a regular expression
     */
    void processSection(String kind, String argument, boolean regex) throws ConfigException;

    /** For section directives: processes the lines inside in the current context. */
    void processContents() throws ConfigException;

    /**
     * For section directives whose contents apply when a condition holds for a request
     * ({@code <If>}, {@code <ElseIf>}, {@code <Else>}): processes the lines inside into a
     * per-section configuration of their own, as in a {@code <Directory>} section (in an access
     * file, under the same overrides), and returns it. The module keeps it with its condition
     * and merges it over a request's configuration with {@link org.sluice.server.VirtualHost#merge}
     * when the condition holds. No {@code <Directory>}, {@code <Location>} or {@code <Files>}
     * section may stand inside.
     */
    default DirConfig processConditionalSection() throws ConfigException {
        throw error("<" + name() + "> cannot be used here");
    }

    /**
     * The request methods this directive is limited to by the {@code <Limit>} and
     * {@code <LimitExcept>} sections around it; {@link MethodSet#ALL} outside them. A directive
     * whose effect can depend on the method (as {@code Require}, {@code Allow}) records it;
     * the others apply to every method, as in Apache.
     */
    default MethodSet methods() {
        return MethodSet.ALL;
    }

    /**
     * For section directives: processes the lines inside in the current context, limited to
     * {@code methods} within what {@link #methods()} already allows ({@code <Limit>}).
     */
    void processContents(MethodSet methods) throws ConfigException;
}
