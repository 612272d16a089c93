package org.sluice.internal.config;

import org.sluice.config.ConfigException;

/** What the framework's own directives see beyond the public {@code DirectiveCall}. */
public interface CoreCall {

    ServerConfiguration configuration();

    /** The host being configured. */
    Host host();

    ConfigNode node();

    /** Processes the contents of a {@code <VirtualHost>} for {@code host}. */
    void processAsVirtualHost(Host host) throws ConfigException;
}
