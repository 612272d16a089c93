package org.sluice.internal.core;

import org.sluice.config.ConfigException;
import org.sluice.config.DirectiveCall;
import org.sluice.internal.config.CoreCall;
import org.sluice.internal.log.LogFormat;

/** Checks a {@code LogFormat} string against the codes the loaded modules know. */
final class LogFormats {

    private LogFormats() {
    }

    static void check(String format, DirectiveCall call) throws ConfigException {
        try {
            LogFormat.compile(format, ((CoreCall) call).configuration().modules().logItems());
        } catch (IllegalArgumentException e) {
            throw call.error(e.getMessage());
        }
    }
}
