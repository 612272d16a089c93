package org.sluice.http.server;

import org.sluice.brigade.Bucket;
import org.sluice.filter.FilterType;
import org.sluice.hook.Result;
import org.sluice.http.ContentHandler;
import org.sluice.http.Request;
import org.sluice.http.ResponseStart;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/**
 * Content handlers for the tests, loaded with {@code LoadModule org.sluice.http.server.TestHandlersModule}
 * and selected with {@code SetHandler}. Each decides its status and content type itself, as a
 * generated page does. The {@code MARK} output filter adds an {@code X-Mark} field to every
 * response that passes it and never leaves the chain by itself, so a response with two such
 * fields passed a filter that outlived its request.
 */
public final class TestHandlersModule implements Module {

    static final String LOAD = "LoadModule " + TestHandlersModule.class.getName() + "\n";

    /** Permits for the {@code held} handler's requests to be answered. */
    static final java.util.concurrent.Semaphore HELD = new java.util.concurrent.Semaphore(0);
    /** A permit for each request the {@code held} handler began. */
    static final java.util.concurrent.Semaphore HELD_STARTED = new java.util.concurrent.Semaphore(0);

    /** The body the text handlers write: long enough to be worth compressing. */
    static final String TEXT = "All work and no play makes Jack a dull boy.\n".repeat(50);

    @Override
    public String name() {
        return "test-handlers";
    }

    @Override
    public void register(Registry registry) {
        // an error page made by a program, which answers 200 as a script would
        handler(registry, "error-page", r -> {
            r.status(200);
            r.contentType("text/plain; charset=utf-8");
            r.write("the error page for " + r.originalEvent().path() + "\n");
            return Result.OK;
        });
        // a handler for any method, even one the server does not know (a cache's PURGE, say)
        handler(registry, "method-echo", r -> {
            r.discardBody();
            r.contentType("text/plain");
            r.write(r.method() + "\n");
            return Result.OK;
        });
        // holds its request until the test lets one go (MaxRequestWorkers)
        handler(registry, "held", r -> {
            r.discardBody();
            HELD_STARTED.release();
            if (!HELD.tryAcquire(30, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("never let go");
            }
            r.contentType("text/plain");
            r.write("let go\n");
            return Result.OK;
        });
        handler(registry, "html-writer", r -> typed(r, "text/html; charset=utf-8"));
        handler(registry, "json-writer", r -> typed(r, "application/json"));
        registry.outputFilter("MARK", FilterType.RESOURCE, () -> (ctx, brigade) -> {
            for (Bucket b : brigade) {
                if (b instanceof ResponseStart start) {
                    start.request().headersOut().add("X-Mark", "marked");
                }
            }
            ctx.passNext(brigade);
        });
    }

    private static Result typed(Request r, String type) throws Exception {
        r.discardBody();
        r.contentType(type);
        r.write(TEXT);
        return Result.OK;
    }

    private static void handler(Registry registry, String name, ContentHandler handler) {
        registry.extension(ContentHandler.Registration.class, new ContentHandler.Registration(name, handler));
    }
}
