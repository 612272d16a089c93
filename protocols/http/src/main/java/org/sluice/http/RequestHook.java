package org.sluice.http;

import org.sluice.hook.Result;

/**
 * A function for one of the request phases of {@link HttpHooks}: answers {@code OK},
 * {@code DECLINED}, {@code DONE} or an error status (which becomes the response's status).
 *
 * <pre>{@code
 * registry.hook(HttpHooks.FIXUPS, request -> {
 *     request.headersOut().set("X-Served-By", "sluice");
 *     return Result.OK;
 * }, Order.MIDDLE);
 * }</pre>
 */
@FunctionalInterface
public interface RequestHook {

    Result run(Request request) throws Exception;
}
