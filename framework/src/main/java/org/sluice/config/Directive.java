package org.sluice.config;

import java.util.EnumSet;
import java.util.Set;

/**
 * A configuration directive a module understands (Apache's {@code command_rec}).
 *
 * <pre>{@code
 * Directive.of("ProtocolEcho", ArgShape.FLAG, Scope.SERVER_OR_VHOST,
 *         "Whether this server speaks the echo protocol (On or Off)",
 *         call -> call.serverConfig(CONFIG).enabled = call.flag());
 * }</pre>
 *
 * @param name matched case-insensitively
 * @param help one line, shown in error messages (Apache's {@code errmsg})
 */
public record Directive(String name, ArgShape shape, Set<Scope> scopes, Set<OverrideClass> overrides,
                        String help, Handler handler) {

    /** The main server and virtual hosts (Apache's RSRC_CONF). */
    public static final Set<Scope> SERVER_OR_VHOST = EnumSet.of(Scope.SERVER, Scope.VIRTUAL_HOST);
    /** Only the main server. */
    public static final Set<Scope> SERVER_ONLY = EnumSet.of(Scope.SERVER);
    /** Anywhere but {@code .htaccess} (Apache's RSRC_CONF|ACCESS_CONF). */
    public static final Set<Scope> ANYWHERE = EnumSet.of(Scope.SERVER, Scope.VIRTUAL_HOST, Scope.SECTION);
    /**
     * Anywhere, {@code .htaccess} files too where their {@code AllowOverride} grants one of the
     * directive's override classes (Apache's OR_* directives).
     */
    public static final Set<Scope> ANYWHERE_AND_HTACCESS = EnumSet.of(Scope.SERVER, Scope.VIRTUAL_HOST,
            Scope.SECTION, Scope.HTACCESS);
    /** Only inside sections (Apache's ACCESS_CONF). */
    public static final Set<Scope> SECTIONS = EnumSet.of(Scope.SECTION);

    public Directive {
        scopes = scopes.isEmpty() ? Set.of() : EnumSet.copyOf(scopes);
        overrides = overrides.isEmpty() ? Set.of() : EnumSet.copyOf(overrides);
    }

    public static Directive of(String name, ArgShape shape, Set<Scope> scopes, String help, Handler handler) {
        return new Directive(name, shape, scopes, Set.of(), help, handler);
    }

    /** A directive that may also appear in {@code .htaccess} under the given override classes. */
    public static Directive withOverrides(String name, ArgShape shape, Set<Scope> scopes,
                                          Set<OverrideClass> overrides, String help, Handler handler) {
        return new Directive(name, shape, scopes, overrides, help, handler);
    }

    /**
     * A section directive ({@code <Name args>}...{@code </Name>}); its handler decides what to do
     * with the lines inside, usually {@link DirectiveCall#processSection}.
     */
    public static Directive section(String name, Set<Scope> scopes, String help, Handler handler) {
        return new Directive("<" + name, ArgShape.RAW_ARGS, scopes, Set.of(), help, handler);
    }

    /** A section directive that may also appear in {@code .htaccess} under the given override classes. */
    public static Directive sectionWithOverrides(String name, Set<Scope> scopes, Set<OverrideClass> overrides,
                                                 String help, Handler handler) {
        return new Directive("<" + name, ArgShape.RAW_ARGS, scopes, overrides, help, handler);
    }

    public boolean isSection() {
        return name.startsWith("<");
    }

    /** Applies one use of the directive. */
    @FunctionalInterface
    public interface Handler {
        void apply(DirectiveCall call) throws ConfigException;
    }
}
