package org.sluice.internal.core;

import org.sluice.config.ConfigLocation;

/**
 * A {@code CustomLog target format [env=[!]VAR]} line; format is already resolved from a
 * nickname. A {@code TransferLog target} line has no format of its own (null): its server's
 * default {@code LogFormat} applies, known once the whole configuration is read.
 *
 * @param condition the environment variable an event must have to be logged ({@code !VAR}:
 *     must not have), or null to log every event
 */
public record CustomLogSpec(String target, String format, String condition, ConfigLocation location) {
}
