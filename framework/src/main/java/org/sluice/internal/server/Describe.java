package org.sluice.internal.server;

import java.net.InetSocketAddress;
import java.util.List;
import org.sluice.internal.config.Host;
import org.sluice.internal.config.ListenerSpec;
import org.sluice.internal.core.CoreConfig;
import org.sluice.internal.core.Named;
import org.sluice.internal.tls.TlsSetup;

/** The text of {@code -S} and {@code -M}. */
final class Describe {

    private Describe() {
    }

    static String hosts(Generation g) {
        StringBuilder sb = new StringBuilder();
        sb.append("ServerRoot: \"").append(g.configuration().serverRoot()).append("\"\n");
        sb.append("Listeners:\n");
        for (ListenerSpec l : g.configuration().listeners()) {
            InetSocketAddress address = l.host() == null ? new InetSocketAddress(l.port())
                    : new InetSocketAddress(l.host(), l.port());
            sb.append(String.format("  %-22s protocol %-10s (%s)%s%n", l.display(),
                    l.protocol() == null ? "-" : l.protocol(), l.location(),
                    g.global().proxyProtocol.onFor(address) ? " PROXY protocol" : ""));
        }
        sb.append("VirtualHost configuration:\n");
        Host main = g.configuration().mainServer();
        for (ListenerSpec l : g.configuration().listeners()) {
            List<Host> hosts = g.configuration().virtualHosts().stream().filter(h -> serves(h, l)).toList();
            String display = l.display();
            if (hosts.isEmpty()) {
                sb.append(String.format("%-22s main server %s (%s) protocol %s%n", display, main.serverName(),
                        g.configuration().configFile(), protocol(main, l)));
                continue;
            }
            if (hosts.size() == 1) {
                Host only = hosts.get(0);
                sb.append(String.format("%-22s server %s (%s) protocol %s%n", display, only.serverName(), only.definedAt(),
                        protocol(only, l)));
                continue;
            }
            sb.append(String.format("%-22s is a NameVirtualHost%n", display));
            boolean first = true;
            for (Host h : hosts) {
                sb.append(String.format("         %-13s server %s (%s) protocol %s%n", first ? "default" : "port " + l.port(),
                        h.serverName(), h.definedAt(), protocol(h, l)));
                for (String alias : h.aliases()) {
                    sb.append("                 alias ").append(alias).append('\n');
                }
                first = false;
            }
        }
        sb.append("Main server: ").append(main.serverName()).append('\n');
        CoreConfig core = main.config(CoreConfig.KEY);
        sb.append("Timeout: ").append(core.timeout().toSeconds()).append("s\n");
        sb.append("MaxConnections: ").append(g.global().maxConnections).append('\n');
        sb.append("PidFile: ").append(g.global().pidFile == null ? "(none)" : g.global().pidFile).append('\n');
        return sb.toString();
    }

    private static boolean serves(Host h, ListenerSpec l) {
        for (InetSocketAddress a : h.addresses()) {
            if (a.getPort() == 0 || a.getPort() == l.port()) {
                return true;
            }
        }
        return false;
    }

    private static String protocol(Host h, ListenerSpec l) {
        CoreConfig core = h.config(CoreConfig.KEY);
        Named named = core.protocolHandler();
        String filters = core.outputFilters().isEmpty() && core.inputFilters().isEmpty() ? ""
                : " filters in=" + core.inputFilters().stream().map(Named::name).toList()
                + " out=" + core.outputFilters().stream().map(Named::name).toList();
        return (named != null ? named.name() : l.protocol() != null ? l.protocol() : "http") + filters
                + (TlsSetup.enabled(h) ? " TLS" : "");
    }

    static String modules(Generation g) {
        StringBuilder sb = new StringBuilder("Loaded Modules:\n");
        for (String name : g.modules().loadedNames()) {
            sb.append(' ').append(name).append('\n');
        }
        return sb.toString();
    }
}
