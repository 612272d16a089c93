package org.sluice.echo;

import org.sluice.config.ArgShape;
import org.sluice.config.Directive;
import org.sluice.config.ServerConfigKey;
import org.sluice.hook.Hooks;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/**
 * The echo protocol: {@code ProtocolHandler echo} (through the filter chains),
 * {@code ProtocolHandler echo-socket} (straight on the socket), or Apache's
 * {@code ProtocolEcho On}.
 */
public final class EchoModule implements Module {

    /** {@code ProtocolEcho} of a server: null while unset, so a virtual host inherits the main server's. */
    static final class EchoConfig {
        Boolean enabled;

        static EchoConfig merge(EchoConfig base, EchoConfig host) {
            return host.enabled != null ? host : base;
        }
    }

    static final ServerConfigKey<EchoConfig> PROTOCOL_ECHO =
            ServerConfigKey.of("echo", EchoConfig::new, EchoConfig::merge);

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public void register(Registry registry) {
        BrigadeEchoHandler brigadeEcho = new BrigadeEchoHandler();
        registry.protocol("echo", brigadeEcho);
        registry.protocol("echo-socket", new SocketEchoHandler());
        registry.directive(Directive.of("ProtocolEcho", ArgShape.FLAG, Directive.SERVER_OR_VHOST,
                "Run an echo server on this host",
                call -> call.serverConfig(PROTOCOL_ECHO).enabled = call.flag()));
        // as mod_echo: a host with ProtocolEcho On is served here, whatever its ProtocolHandler says
        registry.hook(Hooks.PROCESS_CONNECTION, connection -> {
            Boolean on = connection.virtualHost().config(PROTOCOL_ECHO).enabled;
            return Boolean.TRUE.equals(on) ? brigadeEcho.handle(connection) : Result.DECLINED;
        }, Order.MIDDLE);
    }
}
