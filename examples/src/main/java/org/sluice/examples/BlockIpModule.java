package org.sluice.examples;

import java.util.HashSet;
import java.util.Set;
import org.sluice.config.ArgShape;
import org.sluice.config.Directive;
import org.sluice.config.ServerConfigKey;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/** Module {@code blockip}: the {@code BlockIP} directive and the {@code blockip} pre-connection handler. */
public final class BlockIpModule implements Module {

    /** The addresses a host refuses; a virtual host adds to the main server's. */
    static final ServerConfigKey<Set<String>> BLOCKED = ServerConfigKey.of("blockip", HashSet::new, (base, host) -> {
        Set<String> all = new HashSet<>(base);
        all.addAll(host);
        return all;
    });

    @Override
    public String name() {
        return "blockip";
    }

    @Override
    public void register(Registry registry) {
        registry.directive(Directive.of("BlockIP", ArgShape.ITERATE, Directive.SERVER_OR_VHOST,
                "client IP addresses to refuse before any protocol runs",
                call -> call.serverConfig(BLOCKED).add(call.arg(0))));
        registry.preConnectionHandler("blockip", new BlockIpHandler());
    }
}
