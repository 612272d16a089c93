package org.sluice.internal.server;

import java.util.List;
import java.util.function.Supplier;
import org.sluice.connection.ConnectionHandler;
import org.sluice.connection.PreConnectionHandler;
import org.sluice.filter.FilterType;
import org.sluice.filter.InputFilter;
import org.sluice.filter.OutputFilter;
import org.sluice.internal.log.LogFormat;

/**
 * What a host's configuration names, resolved to objects once per generation, so accepting a
 * connection looks nothing up by name.
 *
 * @param protocol the host's {@code ProtocolHandler}, or null to use the port's
 */
record HostRuntime(ConnectionHandler protocol, String protocolName,
                   List<PreConnectionHandler> preConnection,
                   List<FilterSpec<InputFilter>> inputFilters,
                   List<FilterSpec<OutputFilter>> outputFilters,
                   List<AccessLog> accessLogs) {

    record FilterSpec<F>(String name, FilterType type, Supplier<? extends F> factory) {
    }

    /** A {@code CustomLog}: where, how, and the environment condition of {@link CustomLogSpec}. */
    record AccessLog(String target, LogFormat format, String condition) {

        /** Whether {@code event} is to be logged here. */
        boolean wants(org.sluice.log.LogItem.LogEvent event) {
            if (condition == null) {
                return true;
            }
            boolean negated = condition.charAt(0) == '!';
            return (event.env(negated ? condition.substring(1) : condition) != null) != negated;
        }
    }
}
