package org.sluice.internal.core;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.sluice.access.IpSubnet;
import org.sluice.internal.config.Host;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@code RemoteIPProxyProtocol} applies, kept for the whole server as httpd's mod_remoteip
 * keeps it: a list of the addresses it is on for and a list of those it is off for. A host's
 * directive puts the host's {@code <VirtualHost>} addresses in one list (the main server's
 * stands for every address and port, {@code 0.0.0.0:0}) and takes the same addresses out of
 * the other. A connection must begin with a PROXY header when the address it reached matches
 * the first list and nothing in the second, and its peer is none of
 * {@code RemoteIPProxyProtocolExceptions}.
 *
 * <p>So, as in httpd, {@code Off} for an address wins over {@code On} for a wider one: a main
 * server's {@code RemoteIPProxyProtocol Off} leaves it off everywhere.
 */
public final class ProxyProtocolAddresses {

    private static final Logger log = LoggerFactory.getLogger("org.sluice.remoteip");

    /** The main server's addresses: every address, every port. */
    private static final InetSocketAddress EVERY_ADDRESS = InetSocketAddress.createUnresolved("*", 0);

    /** An address a host's directive set, and the host, for the notice when another host overrides it. */
    private record Setting(InetSocketAddress address, Host source) {
    }

    private final List<Setting> enabled = new ArrayList<>();
    private final List<Setting> disabled = new ArrayList<>();
    private final List<IpSubnet> exceptions = new ArrayList<>();

    /** {@code RemoteIPProxyProtocol On|Off} in {@code host}. */
    void set(Host host, boolean on) {
        List<Setting> add = on ? enabled : disabled;
        List<Setting> remove = on ? disabled : enabled;
        List<InetSocketAddress> addresses = host.isMainServer() ? List.of(EVERY_ADDRESS) : host.addresses();
        for (InetSocketAddress address : addresses) {
            for (int i = 0; i < remove.size(); i++) {
                Setting previous = remove.get(i);
                if (sameAddress(previous.address(), address)) {
                    log.info("RemoteIPProxyProtocol: previous setting for {} from virtual host {} is being overridden"
                            + " by virtual host {}; new setting is '{}'", display(address), describe(previous.source()),
                            describe(host), on ? "On" : "Off");
                    remove.remove(i);
                    break;
                }
            }
            if (!matches(add, address)) {
                add.add(0, new Setting(address, host));
            }
        }
    }

    /** {@code RemoteIPProxyProtocolExceptions}: peers that may connect without a header. */
    void except(IpSubnet subnet) {
        exceptions.add(subnet);
    }

    /** Whether the PROXY protocol is on for connections to {@code local} (but for the exceptions). */
    public boolean onFor(InetSocketAddress local) {
        return !enabled.isEmpty() && matches(enabled, local) && !matches(disabled, local);
    }

    /** Whether a connection from {@code peer} to {@code local} must begin with a PROXY header. */
    public boolean requiredFor(InetSocketAddress local, InetAddress peer) {
        if (!onFor(local)) {
            return false;
        }
        for (IpSubnet exception : exceptions) {
            if (exception.matches(peer)) {
                return false;
            }
        }
        return true;
    }

    /** Says, once the configuration is in force, where the PROXY protocol is on and off (as httpd's post-config notices). */
    public void logSettings() {
        for (Setting setting : enabled) {
            log.info("RemoteIPProxyProtocol: enabled on {}", display(setting.address()));
        }
        for (Setting setting : disabled) {
            log.info("RemoteIPProxyProtocol: disabled on {}", display(setting.address()));
        }
    }

    private static boolean matches(List<Setting> settings, InetSocketAddress local) {
        for (Setting setting : settings) {
            if (covers(setting.address(), local)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a setting's address takes in {@code address}: the same address (or any), the same port (or any). */
    private static boolean covers(InetSocketAddress setting, InetSocketAddress address) {
        boolean anyPort = setting.getPort() == 0 || address.getPort() == 0;
        if (!anyPort && setting.getPort() != address.getPort()) {
            return false;
        }
        return isWildcard(setting) || isWildcard(address) || sameIp(setting, address);
    }

    /** The same address and port, a wildcard only the same as a wildcard. */
    private static boolean sameAddress(InetSocketAddress a, InetSocketAddress b) {
        if (a.getPort() != b.getPort()) {
            return false;
        }
        return isWildcard(a) ? isWildcard(b) : !isWildcard(b) && sameIp(a, b);
    }

    private static boolean isWildcard(InetSocketAddress address) {
        return address.isUnresolved() ? "*".equals(address.getHostString()) : address.getAddress().isAnyLocalAddress();
    }

    private static boolean sameIp(InetSocketAddress a, InetSocketAddress b) {
        // Java gives an IPv4-mapped IPv6 address as the IPv4 address it stands for
        return !a.isUnresolved() && !b.isUnresolved() && a.getAddress().equals(b.getAddress());
    }

    /** As httpd writes a setting's address: {@code 127.0.0.1:8080}, {@code 0.0.0.0:0} for any. */
    private static String display(InetSocketAddress address) {
        String ip = isWildcard(address) ? "0.0.0.0" : NetUtil.toAddressString(address.getAddress());
        return ip + ":" + address.getPort();
    }

    private static String describe(Host host) {
        if (host.isMainServer()) {
            return "{main server}";
        }
        return "{" + (host.serverName() == null ? "" : host.serverName() + " ") + "at " + host.definedAt() + "}";
    }
}
