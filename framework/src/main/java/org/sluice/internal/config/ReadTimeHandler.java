package org.sluice.internal.config;

import org.sluice.config.ConfigException;

/**
 * A directive that acts while the configuration is being read, before the tree exists:
 * Apache's {@code EXEC_ON_READ} directives such as {@code LoadModule}, {@code ServerRoot}
 * and {@code ModulePath}. Whatever it does must be visible to the lines that follow it (a
 * module loaded here answers the next {@code <IfModule>}; a new server root changes where
 * the next {@code Include} looks), which is why it cannot wait for the tree.
 *
 * <p>A directive handled this way does not appear in the tree {@link ConfigReader} returns.
 *
 * <pre>{@code
 * ReadTimeHandler serverRoot = (node, reader) -> {
 *     if (node.args().size() != 1) {
 *         throw new ConfigException(node.location(), "ServerRoot takes one argument, ...");
 *     }
 *     reader.serverRoot(Path.of(node.args().get(0)));
 * };
 * }</pre>
 */
@FunctionalInterface
public interface ReadTimeHandler {

    /**
     * Acts on one directive.
     *
     * @param node the directive as read (name as written, arguments after substitution,
     *     location of its first line); never a section
     * @param reader the reader that is reading it, for {@link ConfigReader#serverRoot(java.nio.file.Path)}
     *     and {@link ConfigReader#defines()}
     * @throws ConfigException to stop reading, reported at the directive's line
     */
    void handle(ConfigNode node, ConfigReader reader) throws ConfigException;
}
