package org.sluice.access;

/**
 * A {@code Require} provider a module adds to the built-in ones (mod_authz_core's
 * {@code ap_register_auth_provider}), registered with
 * {@code registry.extension(AuthzProvider.class, provider)}: the http module's
 * {@code Require expr "%{REQUEST_URI} =~ m#^/api/#"} is one.
 *
 * <pre>{@code
 * registry.extension(AuthzProvider.class, new AuthzProvider() {
 *     public String name() { return "weekday"; }
 *     public Check parse(String arguments) {
 *         DayOfWeek day = DayOfWeek.valueOf(arguments.strip().toUpperCase(Locale.ROOT));
 *         return (request, user) -> LocalDate.now().getDayOfWeek() == day ? AuthzResult.GRANTED : AuthzResult.DENIED;
 *     }
 * });
 * }</pre>
 */
public interface AuthzProvider {

    /** The word after {@code Require} (case-insensitive), e.g. {@code expr}. */
    String name();

    /**
     * Parses the rest of a {@code Require} line once, when the configuration is read.
     *
     * @throws IllegalArgumentException with the message of the configuration error
     */
    Check parse(String arguments);

    /** A parsed rule, asked for each request its section applies to. */
    @FunctionalInterface
    interface Check {
        /**
         * @param request the question, with the protocol's {@link AccessRequest#subject()}
         * @param user the user authenticated so far, or null
         */
        AuthzResult check(AccessRequest request, String user);
    }
}
