package org.sluice.access;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What a {@code Require} rule may look at: the client, its (lazily looked-up) host name, the
 * authenticated user so far, and the groups that user is in.
 */
interface AuthzContext {

    /** The question being answered. */
    AccessRequest request();

    InetAddress client();

    /** The server's address the client connected to; null if unknown. */
    InetAddress local();

    /** The request's method, for rules limited to some; null for a protocol without methods. */
    String method();

    /** The request's environment variable {@code name} ({@code SetEnvIf}), or null; none outside HTTP. */
    String env(String name);

    /** The double-reverse confirmed host name of the client. */
    Optional<String> remoteHostName();

    /** Whether {@code host} resolves to the client's address ({@code Require forward-dns}). */
    boolean resolvesToClient(String host);

    /** The authenticated user, or null before authentication. */
    String user();

    /** Whether {@link #user()} is in {@code group}; may fail with {@link GroupLookupException}. */
    boolean userInGroup(String group);

    /** The group file could not be read; the request fails with a server error. */
    final class GroupLookupException extends RuntimeException {
        GroupLookupException(String message) {
            super(message, null, false, false);
        }
    }
}
