package org.sluice.internal.core;

import org.sluice.config.ConfigLocation;

/** A {@code CustomLog target format} line; format is already resolved from a nickname. */
public record CustomLogSpec(String target, String format, ConfigLocation location) {
}
