package org.sluice.module;

/**
 * A unit of functionality: directives, hooks, filters, protocols, extensions. Modules are found
 * with {@link java.util.ServiceLoader} (list the class in
 * {@code META-INF/services/org.sluice.module.Module}) and become active when {@code LoadModule}
 * names them.
 *
 * <pre>{@code
 * public final class EchoModule implements Module {
 *     public String name() { return "echo"; }
 *     public void register(Registry registry) {
 *         registry.protocol("echo", new EchoHandler());
 *     }
 * }
 * }</pre>
 */
public interface Module {

    /** The name {@code LoadModule} and {@code <IfModule>} use, e.g. {@code echo}. */
    String name();

    /** Contributes this module's directives, hooks, filters and handlers. Called once at load. */
    void register(Registry registry);

    /**
     * The Apache httpd modules this one stands in for, by their bare names ({@code headers} for
     * mod_headers): once it is loaded, {@code <IfModule mod_headers.c>} and {@code <IfModule
     * headers_module>} in a configuration or an access file written for httpd hold, as they
     * would there. Name only modules whose directives it implements: the ones in such a
     * section are then read, and an unknown one is an error rather than silently skipped.
     */
    default java.util.Set<String> provides() {
        return java.util.Set.of();
    }
}
