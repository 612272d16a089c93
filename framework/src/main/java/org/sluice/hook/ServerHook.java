package org.sluice.hook;

import org.sluice.server.Server;

/** A lifecycle hook function: pre-config, post-config, open-logs, server-start, and so on. */
@FunctionalInterface
public interface ServerHook {

    Result run(Server server) throws Exception;
}
