package org.sluice.http;

import org.sluice.hook.Result;

/**
 * Generates a response (Apache's content handler). Handlers are registered by name (what
 * {@code SetHandler} and {@code AddHandler} select) or by media type ({@code text/html},
 * {@code text/*}, {@code *&#47;*} as the fallback for everything):
 *
 * <pre>{@code
 * registry.extension(ContentHandler.Registration.class,
 *         new ContentHandler.Registration("hello", request -> {
 *             request.contentType("text/plain");
 *             request.write("hello\n");
 *             return Result.OK;
 *         }));
 * }</pre>
 *
 * The first handler that does not decline makes the response; an error status becomes an
 * error response.
 */
@FunctionalInterface
public interface ContentHandler {

    Result handle(Request request) throws Exception;

    /**
     * A handler and what selects it.
     *
     * @param key a handler name ({@code server-status}), a media type ({@code text/html}), a
     *     type wildcard ({@code text/*}) or {@code *&#47;*}
     */
    record Registration(String key, ContentHandler handler) {
    }
}
