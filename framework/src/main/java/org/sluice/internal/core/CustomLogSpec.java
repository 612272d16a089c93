package org.sluice.internal.core;

import org.sluice.config.ConfigLocation;

/**
 * A {@code CustomLog target format [env=[!]VAR]} line; format is already resolved from a
 * nickname.
 *
 * @param condition the environment variable an event must have to be logged ({@code !VAR}:
 *     must not have), or null to log every event
 */
public record CustomLogSpec(String target, String format, String condition, ConfigLocation location) {
}
