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

    /** {@code ProtocolEcho}: unset, On or Off per server. */
    static final ServerConfigKey<Boolean[]> PROTOCOL_ECHO =
            ServerConfigKey.of("echo", () -> new Boolean[1], (base, host) -> host[0] != null ? host : base);

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
                call -> call.serverConfig(PROTOCOL_ECHO)[0] = call.flag()));
        // as mod_echo: a host with ProtocolEcho On is served here, whatever its ProtocolHandler says
        registry.hook(Hooks.PROCESS_CONNECTION, connection -> {
            Boolean on = connection.virtualHost().config(PROTOCOL_ECHO)[0];
            return Boolean.TRUE.equals(on) ? brigadeEcho.handle(connection) : Result.DECLINED;
        }, Order.MIDDLE);
    }
}
