package org.sluice.config;

import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A module's typed per-server configuration (Apache's {@code create_server_config} and
 * {@code merge_server_config}). The main server gets one from {@code create}; each virtual
 * host gets one too, which is then merged over the main server's with {@code merge(base, vhost)}.
 *
 * <pre>{@code
 * static final ServerConfigKey<EchoConfig> CONFIG =
 *         ServerConfigKey.of("echo", EchoConfig::new, EchoConfig::merge);
 * }</pre>
 */
public record ServerConfigKey<T>(String name, Supplier<T> create, BinaryOperator<T> merge) {

    public static <T> ServerConfigKey<T> of(String name, Supplier<T> create, BinaryOperator<T> merge) {
        return new ServerConfigKey<>(name, create, merge);
    }
}
