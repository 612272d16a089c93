package org.sluice.proxy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.sluice.config.ServerConfigKey;

/**
 * The proxy's per-server configuration: the {@code ProxyPass} mappings of the server or
 * virtual host (a virtual host's after the main server's, as httpd merges them), the workers
 * they and its {@code <Location>} sections use, {@code ProxyTimeout} and {@code ProxyVia}.
 */
final class ProxyServerConfig {

    static final ServerConfigKey<ProxyServerConfig> KEY =
            ServerConfigKey.of("proxy", ProxyServerConfig::new, ProxyServerConfig::merge);

    /** {@code ProxyVia}'s settings. */
    enum Via { OFF, ON, FULL, BLOCK }

    final List<ProxyMapping> mappings = new ArrayList<>();
    final List<BackendWorker> workers = new ArrayList<>();
    /** {@code ProxyTimeout}, or null for the host's {@code Timeout}. */
    Duration timeout;
    Via via;

    Via via() {
        return via == null ? Via.OFF : via;
    }

    /**
     * The worker for {@code url} with {@code params}: one this host already has for the same
     * backend and parameters (as httpd shares a worker between the mappings that name it), else
     * a new one.
     */
    BackendWorker worker(BackendUrl url, WorkerParams params) {
        for (BackendWorker worker : workers) {
            if (worker.serves(url) && worker.params().equals(params)) {
                return worker;
            }
        }
        BackendWorker worker = new BackendWorker(url, params);
        workers.add(worker);
        return worker;
    }

    /** The first worker (of a {@code ProxyPass}) for the backend of {@code url}, or null. */
    BackendWorker workerFor(BackendUrl url) {
        for (BackendWorker worker : workers) {
            if (worker.serves(url)) {
                return worker;
            }
        }
        return null;
    }

    private static ProxyServerConfig merge(ProxyServerConfig base, ProxyServerConfig host) {
        ProxyServerConfig merged = new ProxyServerConfig();
        merged.mappings.addAll(base.mappings);
        merged.mappings.addAll(host.mappings);
        merged.workers.addAll(host.workers);
        merged.workers.addAll(base.workers);
        merged.timeout = host.timeout != null ? host.timeout : base.timeout;
        merged.via = host.via != null ? host.via : base.via;
        return merged;
    }
}
