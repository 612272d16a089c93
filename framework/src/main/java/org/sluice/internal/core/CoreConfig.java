package org.sluice.internal.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sluice.config.ServerConfigKey;

/** The framework's per-server configuration (main server and each virtual host). */
public final class CoreConfig {

    public static final ServerConfigKey<CoreConfig> KEY = ServerConfigKey.of("core", CoreConfig::new, CoreConfig::merge);

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    Duration timeout;
    Named protocolHandler;
    List<Named> preConnectionHandlers = new ArrayList<>();
    List<Named> inputFilters = new ArrayList<>();
    List<Named> outputFilters = new ArrayList<>();
    List<CustomLogSpec> customLogs = new ArrayList<>();
    /**
     * The last {@code LogFormat} without a nickname (a format, or a nickname to look up when the
     * logs open), the format of {@code TransferLog}; null to inherit, then Common Log Format.
     */
    String defaultLogFormat;

    /** {@code Timeout}: how long a read or write may wait. */
    public Duration timeout() {
        return timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** {@code ProtocolHandler}, or null when the port's {@code Listen} protocol applies. */
    public Named protocolHandler() {
        return protocolHandler;
    }

    public List<Named> preConnectionHandlers() {
        return preConnectionHandlers;
    }

    public List<Named> inputFilters() {
        return inputFilters;
    }

    public List<Named> outputFilters() {
        return outputFilters;
    }

    public List<CustomLogSpec> customLogs() {
        return customLogs;
    }

    /** {@code LogFormat}'s default format or nickname for {@code TransferLog}, or null for Common Log Format. */
    public String defaultLogFormat() {
        return defaultLogFormat;
    }

    /**
     * A virtual host inherits what it does not set. Handler and filter lists of a host replace
     * the main server's when the host has its own; access logs are inherited only when the
     * host has none (as Apache's CustomLog).
     */
    static CoreConfig merge(CoreConfig base, CoreConfig host) {
        CoreConfig merged = new CoreConfig();
        merged.timeout = host.timeout != null ? host.timeout : base.timeout;
        merged.protocolHandler = host.protocolHandler != null ? host.protocolHandler : base.protocolHandler;
        merged.preConnectionHandlers = host.preConnectionHandlers.isEmpty() ? base.preConnectionHandlers : host.preConnectionHandlers;
        merged.inputFilters = host.inputFilters.isEmpty() ? base.inputFilters : host.inputFilters;
        merged.outputFilters = host.outputFilters.isEmpty() ? base.outputFilters : host.outputFilters;
        merged.customLogs = host.customLogs.isEmpty() ? base.customLogs : host.customLogs;
        merged.defaultLogFormat = host.defaultLogFormat != null ? host.defaultLogFormat : base.defaultLogFormat;
        return merged;
    }
}
