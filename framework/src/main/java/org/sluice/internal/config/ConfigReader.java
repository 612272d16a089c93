package org.sluice.internal.config;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.sluice.config.ConfigException;

/**
 * Reads Apache httpd 2.4 configuration syntax into a tree of {@link ConfigNode}s, doing
 * everything httpd does while reading rather than while configuring: comments, {@code \}
 * continuation, {@code Include}/{@code IncludeOptional}, {@code Define}/{@code UnDefine},
 * {@code ${NAME}} substitution, {@code <IfDefine>}, {@code <IfModule>}, {@code <IfFile>}, and
 * the caller's {@linkplain ReadTimeHandler read-time directives}. The tree holds only what is
 * left: ordinary directives and sections, each with its file and line.
 *
 * <pre>{@code
 * ConfigReader reader = ConfigReader.builder()
 *         .serverRoot(installDir)
 *         .defines(cliDefines)
 *         .moduleLoaded(modules::isLoaded)
 *         .readTimeHandler("LoadModule", loadModule)
 *         .build();
 * List<ConfigNode> before = reader.readDirectives("Define HTTP_PORT 18080", "-C");
 * List<ConfigNode> main = reader.read(Path.of("conf/sluice.conf"));
 * }</pre>
 *
 * <p>One reader may read several sources in turn ({@code -C}, the file, {@code -c}); they
 * share defines and the server root, as they do in httpd. A reader is not thread-safe.
 *
 * <p>Security: {@code Include} follows any path and symbolic link the configuration names,
 * and {@code ${NAME}} exposes the process environment to the configuration. The
 * configuration is trusted input; never read one supplied by an untrusted party.
 */
public final class ConfigReader {

    private Path serverRoot;
    private final Map<String, String> defines;
    private final Function<String, String> environment;
    private final Predicate<String> moduleLoaded;
    private final Map<String, ReadTimeHandler> handlers;
    private final boolean accessFile;

    private ConfigReader(Builder builder) {
        this.accessFile = builder.accessFile;
        this.serverRoot = builder.serverRoot;
        this.defines = builder.defines;
        this.environment = builder.environment;
        this.moduleLoaded = builder.moduleLoaded;
        this.handlers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.handlers.putAll(builder.handlers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads a configuration file and everything it includes.
     *
     * @param file the file; a relative path resolves against the server root
     * @throws ConfigException at the first error, with its file and line (no location when
     *     the file itself cannot be opened)
     */
    public List<ConfigNode> read(Path file) throws ConfigException {
        return new ConfigParser(this).readFile(resolve(file), null);
    }

    /**
     * Reads directives given as text, such as the {@code -C} and {@code -c} options.
     *
     * @param text one or more lines of configuration
     * @param sourceName what locations name as the file, e.g. {@code "-C"}
     */
    public List<ConfigNode> readDirectives(String text, String sourceName) throws ConfigException {
        LineSource source = new LineSource(new StringReader(text), sourceName);
        return new ConfigParser(this).readSource(source);
    }

    /** The directory relative paths resolve against. */
    public Path serverRoot() {
        return serverRoot;
    }

    /** Changes the server root for everything read from now on (the {@code ServerRoot} directive). */
    public void serverRoot(Path serverRoot) {
        this.serverRoot = serverRoot.toAbsolutePath().normalize();
    }

    /**
     * The defines: the map given to the builder, changed by every {@code Define} and
     * {@code UnDefine} read so far. A name defined without a value maps to {@code null}; as
     * in httpd it satisfies {@code <IfDefine>} but {@code ${NAME}} does not use it.
     */
    public Map<String, String> defines() {
        return defines;
    }

    /** {@code path} resolved against the server root. */
    public Path resolve(Path path) {
        return serverRoot.resolve(path);
    }

    Variables variables() {
        return new Variables(defines, environment);
    }

    boolean isModuleLoaded(String name) {
        return moduleLoaded.test(name);
    }

    /** True when reading an access file, where Include and Define are not allowed. */
    boolean accessFile() {
        return accessFile;
    }

    ReadTimeHandler handler(String directive) {
        return handlers.get(directive);
    }

    LineSource open(Path file) throws IOException {
        return new LineSource(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8),
                file.toString());
    }

    /** The part of an I/O error a user can act on, in the words of {@code strerror}. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName());
    }

    /** Settings for a {@link ConfigReader}; every one has a default. */
    public static final class Builder {

        private Path serverRoot = Path.of("").toAbsolutePath();
        private Map<String, String> defines = new HashMap<>();
        private Function<String, String> environment = System::getenv;
        private Predicate<String> moduleLoaded = name -> false;
        private final Map<String, ReadTimeHandler> handlers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private boolean accessFile;

        private Builder() {
        }

        /**
         * Reads access files ({@code .htaccess}), whose authors may not be the server's:
         * {@code Include}, {@code IncludeOptional}, {@code Define} and {@code UnDefine} are
         * errors there, as in httpd. Default false.
         */
        public Builder accessFile(boolean accessFile) {
            this.accessFile = accessFile;
            return this;
        }

        /** Where relative paths resolve; default the working directory. */
        public Builder serverRoot(Path serverRoot) {
            this.serverRoot = serverRoot.toAbsolutePath().normalize();
            return this;
        }

        /**
         * The defines to start from (the {@code -D} options); the reader changes this map in
         * place. It must accept null values. Default an empty map.
         */
        public Builder defines(Map<String, String> defines) {
            this.defines = Objects.requireNonNull(defines);
            return this;
        }

        /** Where {@code ${NAME}} looks when no define has a value; default {@link System#getenv(String)}. */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment);
            return this;
        }

        /**
         * Answers {@code <IfModule>}. It is given the bare module name: {@code ssl} for
         * {@code <IfModule ssl>}, {@code <IfModule mod_ssl.c>} and {@code <IfModule ssl_module>}.
         * Default: no module is loaded.
         */
        public Builder moduleLoaded(Predicate<String> moduleLoaded) {
            this.moduleLoaded = Objects.requireNonNull(moduleLoaded);
            return this;
        }

        /** A directive to run while reading; its name matches case-insensitively. */
        public Builder readTimeHandler(String directive, ReadTimeHandler handler) {
            handlers.put(directive, Objects.requireNonNull(handler));
            return this;
        }

        /** Several {@linkplain #readTimeHandler(String, ReadTimeHandler) read-time directives}. */
        public Builder readTimeHandlers(Map<String, ReadTimeHandler> handlers) {
            handlers.forEach(this::readTimeHandler);
            return this;
        }

        public ConfigReader build() {
            return new ConfigReader(this);
        }
    }
}
