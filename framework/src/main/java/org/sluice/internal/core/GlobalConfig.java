package org.sluice.internal.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sluice.config.ConfigLocation;
import org.sluice.internal.connection.HandlerThreads;
import org.sluice.internal.log.ErrorLogFormat;
import org.sluice.internal.log.LogFormat;

/** Settings of the whole server (not per virtual host), filled by the core directives. */
public final class GlobalConfig {

    public Path pidFile;
    public Path errorLog;
    public List<String> logLevels = new ArrayList<>();
    /** {@code ErrorLogFormat}, or null for Sluice's own layout. */
    public ErrorLogFormat errorLogFormat;
    /** {@code DefaultRuntimeDir}: where {@code Mutex} directories are relative to; null for the server root. */
    public Path runtimeDir;
    public Duration gracefulShutdownTimeout = Duration.ofSeconds(10);
    public int maxConnections = 10_000;
    /**
     * {@code ListenBacklog}: connections the kernel queues for a listener before they are
     * accepted (at most {@code net.core.somaxconn}); for listeners bound from then on.
     */
    public int listenBacklog = 4096;
    public HandlerThreads.Scheduler handlerScheduler = HandlerThreads.automatic();
    /** {@code LogFormat} nicknames. */
    public Map<String, String> logFormats = new HashMap<>(Map.of(
            "connection", "%a %t %I %O %D %v %p",
            "common", LogFormat.COMMON,
            "CLF", LogFormat.COMMON,
            "combined", "%h %l %u %t \"%r\" %>s %b \"%{Referer}i\" \"%{User-Agent}i\""));
    /**
     * Request methods beyond HTTP's and WebDAV's that {@code <Limit>} sections of the server's
     * configuration name: an access file may name them too (Apache's registered methods).
     */
    public Set<String> extensionMethods = new HashSet<>();
    /** {@code RemoteIPProxyProtocol} and its exceptions, which httpd keeps for the whole server. */
    public final ProxyProtocolAddresses proxyProtocol = new ProxyProtocolAddresses();
    /** Paths named by the configuration that {@code -t} checks exist. */
    public List<PathCheck> pathChecks = new ArrayList<>();

    public record PathCheck(Path path, boolean directory, String directive, ConfigLocation location) {
    }
}
