package org.sluice.access;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's host name, double-reverse checked as Apache's {@code REMOTE_DOUBLE_REV} does:
 * the address is reverse-resolved, the name forward-resolved, and the name counts only if one
 * of its addresses is the client's. Without that check anyone controlling the reverse zone of
 * their own addresses could claim any name. The look-up runs at most once per instance (keep
 * one per connection) and only when a rule needs the name.
 */
public final class RemoteHost {

    private final InetAddress address;
    private final HostResolver resolver;
    private volatile Optional<String> name;

    private RemoteHost(InetAddress address, HostResolver resolver) {
        this.address = Objects.requireNonNull(address, "address");
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** Looks the name of {@code address} up with {@code resolver} when first asked. */
    public static RemoteHost lookup(InetAddress address, HostResolver resolver) {
        return new RemoteHost(address, resolver);
    }

    /** The confirmed host name, or empty if there is none or it did not resolve back. */
    public Optional<String> confirmedName() {
        Optional<String> result = name;
        if (result == null) {
            result = resolve();
            name = result;
        }
        return result;
    }

    private Optional<String> resolve() {
        Optional<String> reverse = resolver.reverse(address);
        if (reverse.isEmpty()) {
            return Optional.empty();
        }
        InetAddress client = IpSubnet.unmapped(address);
        for (InetAddress forward : resolver.forward(reverse.get())) {
            if (IpSubnet.unmapped(forward).equals(client)) {
                return reverse;
            }
        }
        return Optional.empty();
    }
}
