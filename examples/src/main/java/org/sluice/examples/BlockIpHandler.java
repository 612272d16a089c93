package org.sluice.examples;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.connection.Connection;
import org.sluice.connection.PreConnectionHandler;
import org.sluice.hook.Result;

/**
 * Refuses clients by address before any protocol code runs: the socket is closed without a
 * reply, almost as good as a firewall. The addresses come from the host's {@code BlockIP}
 * directive.
 *
 * <pre>
 * LoadModule blockip
 * &lt;VirtualHost *:8010&gt;
 *     PreConnectionHandler blockip
 *     BlockIP 10.0.0.4 192.0.2.7
 * &lt;/VirtualHost&gt;
 * </pre>
 */
public final class BlockIpHandler implements PreConnectionHandler {

    private static final Logger log = LoggerFactory.getLogger(BlockIpHandler.class);

    @Override
    public Result preConnection(Connection c) {
        Set<String> blocked = c.virtualHost().config(BlockIpModule.BLOCKED);
        if (blocked.contains(c.remoteIp())) {
            log.warn("IP {} is blocked", c.remoteIp());
            return Result.FORBIDDEN;
        }
        return Result.OK;
    }
}
