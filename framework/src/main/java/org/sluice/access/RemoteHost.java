package org.sluice.access;

import java.net.InetAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The client's host name as one connection learns it, as httpd's {@code conn_rec} keeps
 * {@code remote_host} and {@code double_reverse}: the address is reverse-resolved at most
 * once, when something first needs the name, and the name forward-resolved at most once, when
 * something needs it confirmed. Keep one per connection ({@link
 * org.sluice.connection.Connection#remoteHost()}).
 *
 * <p>A confirmed name is one that resolves back to the client's address ({@code REMOTE_DOUBLE_REV}).
 * Without that check anyone controlling the reverse zone of their own addresses could claim any
 * name, so access rules only ever see confirmed names. What logs show follows
 * {@code HostnameLookups}, as in httpd:
 *
 * <pre>
 *   name(OFF)     the name if a rule already looked it up on this connection, else empty
 *   name(ON)      the reverse name, looked up now if need be (unconfirmed)
 *   name(DOUBLE)  the confirmed name; a name that fails the check is dropped for the connection
 * </pre>
 *
 * Look-ups park the calling virtual thread (see {@link HostResolver}); names are lower case.
 * A connection's requests come one after another; should two threads ask at once, both may
 * look up, and agree.
 */
public final class RemoteHost {

    private final InetAddress address;
    private final HostResolver resolver;
    /** The reverse name; "" when there is none or it was dropped; null before the look-up. */
    private volatile String name;
    /** Whether the name resolves back to the address; null before that was checked. */
    private volatile Boolean confirmed;

    private RemoteHost(InetAddress address, HostResolver resolver) {
        this.address = IpSubnet.unmapped(Objects.requireNonNull(address, "address"));
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The name of {@code address}, looked up with {@code resolver} when first needed. */
    public static RemoteHost lookup(InetAddress address, HostResolver resolver) {
        return new RemoteHost(address, resolver);
    }

    /**
     * The name to show for the client under {@code lookups} (httpd's {@code REMOTE_HOST}); empty
     * when there is none, where logs show the address.
     */
    public Optional<String> name(HostnameLookups lookups) {
        String known = name;
        if (lookups == HostnameLookups.OFF || known != null && lookups == HostnameLookups.ON) {
            return nonEmpty(known);
        }
        if (known == null) {
            known = lookUpReverse();
        }
        if (lookups == HostnameLookups.DOUBLE && !known.isEmpty() && !confirm(known)) {
            known = "";
        }
        name = known;
        return nonEmpty(known);
    }

    /** The client's name if it resolves back to the client's address, else empty. */
    public Optional<String> confirmedName() {
        String known = name;
        if (known == null) {
            name = known = lookUpReverse();
        }
        return !known.isEmpty() && confirm(known) ? Optional.of(known) : Optional.empty();
    }

    /** Whether {@code host} (a name from the configuration) resolves to the client's address. */
    public boolean isAddressOf(String host) {
        for (InetAddress forward : resolver.forward(host)) {
            if (IpSubnet.unmapped(forward).equals(address)) {
                return true;
            }
        }
        return false;
    }

    private String lookUpReverse() {
        return resolver.reverse(address).map(found -> found.toLowerCase(Locale.ROOT)).orElse("");
    }

    private boolean confirm(String known) {
        Boolean checked = confirmed;
        if (checked == null) {
            confirmed = checked = isAddressOf(known);
        }
        return checked;
    }

    private static Optional<String> nonEmpty(String name) {
        return name == null || name.isEmpty() ? Optional.empty() : Optional.of(name);
    }
}
