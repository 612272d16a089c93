package org.sluice.access;

import java.net.InetAddress;
import java.util.Objects;
import org.sluice.config.DirConfig;
import org.sluice.config.DirConfigKey;

/**
 * A question to {@link AccessChecker}: may this client (with these credentials, if any) use
 * the place whose merged configuration is {@code config}?
 *
 * <pre>{@code
 * AccessRequest request = AccessRequest.of(clientAddress, locationConfig)
 *         .withTarget("command")
 *         .withRemoteHost(connection.remoteHost())      // one per connection, looked up once
 *         .withCredentials(new Credentials(login, password));
 * // HTTP: .withMethod(request.method()), for rules inside <Limit> and <LimitExcept>
 * }</pre>
 *
 * @param client the client's address (after PROXY protocol, if any)
 * @param local the server address the client connected to, for {@code Require local}; may be null
 * @param remoteHost the client's host name for {@code Require host}, {@code Require forward-dns}
 *     and {@code Allow from name}: the connection's; null for none (those rules then never match)
 * @param credentials what the client offered, or null if it has offered nothing yet
 * @param config the merged per-section configuration that applies
 * @param target what is being accessed, for the log (e.g. {@code /private/}, {@code command})
 * @param method the request method, for rules limited to some methods; null for a protocol
 *     without methods, where only the rules for every method apply
 * @param environment the request's environment variables by name ({@code Allow from env=},
 *     {@code Require env}), or null for none
 * @param subject what the protocol serves (an HTTP request), for the {@link AuthzProvider}s its
 *     module adds; may be null
 */
public record AccessRequest(InetAddress client, InetAddress local, RemoteHost remoteHost, Credentials credentials,
                            DirConfig config, String target, String method,
                            java.util.function.Function<String, String> environment, Object subject) {

    public AccessRequest {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(config, "config");
        if (remoteHost == null) {
            remoteHost = RemoteHost.lookup(client, HostResolver.none());
        }
        if (target == null) {
            target = "";
        }
    }

    /** A request with no credentials. */
    public static AccessRequest of(InetAddress client, DirConfig config) {
        return new AccessRequest(client, null, null, null, config, "", null, null, null);
    }

    /** A request against access control's configuration alone (no other module's settings). */
    public static AccessRequest of(InetAddress client, AccessConfig config) {
        return of(client, only(config));
    }

    public AccessRequest withCredentials(Credentials offered) {
        return new AccessRequest(client, local, remoteHost, offered, config, target, method, environment, subject);
    }

    public AccessRequest withLocal(InetAddress serverAddress) {
        return new AccessRequest(client, serverAddress, remoteHost, credentials, config, target, method, environment,
                subject);
    }

    public AccessRequest withRemoteHost(RemoteHost host) {
        return new AccessRequest(client, local, host, credentials, config, target, method, environment, subject);
    }

    public AccessRequest withTarget(String accessed) {
        return new AccessRequest(client, local, remoteHost, credentials, config, accessed, method, environment, subject);
    }

    public AccessRequest withMethod(String requestMethod) {
        return new AccessRequest(client, local, remoteHost, credentials, config, target, requestMethod, environment,
                subject);
    }

    public AccessRequest withSubject(Object served) {
        return new AccessRequest(client, local, remoteHost, credentials, config, target, method, environment, served);
    }

    public AccessRequest withEnvironment(java.util.function.Function<String, String> variables) {
        return new AccessRequest(client, local, remoteHost, credentials, config, target, method, variables, subject);
    }

    /** The access-control part of {@link #config()}. */
    public AccessConfig accessConfig() {
        return config.get(AccessConfig.KEY);
    }

    private static DirConfig only(AccessConfig accessConfig) {
        Objects.requireNonNull(accessConfig, "config");
        return new DirConfig() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> T get(DirConfigKey<T> key) {
                return key.equals(AccessConfig.KEY) ? (T) accessConfig : key.create().get();
            }
        };
    }
}
