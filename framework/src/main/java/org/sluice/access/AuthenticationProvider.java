package org.sluice.access;

import org.sluice.config.DirConfig;

/**
 * Checks a user name and password (Apache's {@code authn_provider}). {@code AuthBasicProvider}
 * names the providers to ask, in order; the first that knows the user decides. Sluice has the
 * {@code file} provider ({@code AuthUserFile}); a module adds another, e.g. a database or LDAP,
 * by registering it:
 *
 * <pre>{@code
 * public void register(Registry registry) {
 *     registry.directive(...);   // its own settings, e.g. AuthDbdUserQuery, in its own DirConfigKey
 *     registry.extension(AuthenticationProvider.class, new DatabaseAuthentication());
 * }
 * }</pre>
 *
 * <p>Providers are called from connection threads, concurrently: keep them thread-safe, and
 * never log passwords.
 */
public interface AuthenticationProvider {

    /** The name {@code AuthBasicProvider} uses, e.g. {@code file}, {@code ldap}. */
    String name();

    /**
     * Whether {@code password} is right for {@code user}.
     *
     * @param config the merged per-section configuration of the place being accessed, where the
     *     provider finds its own settings ({@code config.get(MY_KEY)}) and access control's
     *     ({@code config.get(AccessConfig.KEY)})
     * @return {@link AuthnStatus#USER_NOT_FOUND} to let the next provider answer
     */
    AuthnStatus check(String user, String password, DirConfig config);
}
