package org.sluice.access;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.sluice.connection.Blocking;

/**
 * The DNS look-ups {@code Require host} and {@code Allow from name} need. The default uses the
 * JVM's resolver; tests and embedders may supply their own.
 */
public interface HostResolver {

    /** The name the address reverse-resolves to, if any. */
    Optional<String> reverse(InetAddress address);

    /** The addresses a name resolves to; empty if it does not resolve. */
    List<InetAddress> forward(String name);

    /** The JVM's resolver ({@link InetAddress}); its look-ups run through {@link Blocking}. */
    static HostResolver system() {
        return SystemResolver.INSTANCE;
    }

    /** The JVM's resolver. */
    enum SystemResolver implements HostResolver {
        INSTANCE;

        @Override
        public Optional<String> reverse(InetAddress address) {
            try {
                InetAddress literal = InetAddress.getByAddress(address.getAddress());
                String name = Blocking.get(literal::getCanonicalHostName);
                // getCanonicalHostName answers the literal address when there is no PTR record.
                return name.equals(address.getHostAddress()) ? Optional.empty() : Optional.of(name);
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }

        @Override
        public List<InetAddress> forward(String name) {
            try {
                return List.of(Blocking.call(() -> InetAddress.getAllByName(name)));
            } catch (UnknownHostException e) {
                return List.of();
            } catch (Exception e) {
                throw new IllegalStateException("look-up of " + name + " failed", e);
            }
        }
    }
}
