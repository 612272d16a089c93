package org.sluice.internal.log;

import org.sluice.log.LogItem;

/**
 * A {@code LogFormat} code as a module or the framework defines it: how to make its items,
 * and which event of an internal redirect they describe when the code has no {@code <} or
 * {@code >} modifier.
 */
public record LogCode(LogItem.Redirected byDefault, LogItem.Factory factory) {
}
