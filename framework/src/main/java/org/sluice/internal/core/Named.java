package org.sluice.internal.core;

import org.sluice.config.ConfigLocation;

/** A handler or filter named in the configuration (a registered name or a class name). */
public record Named(String name, ConfigLocation location) {
}
