package org.sluice.http;

import org.sluice.hook.Hook;
import org.sluice.hook.Result;
import org.sluice.server.Server;

/**
 * The functions of every request phase, and the content handlers, of one configuration, in
 * arrays. A dozen phases run for every request; with the plan each costs a walk over its own
 * array instead of a look-up in the server's hook registry. The hooks of a configuration do not
 * change while it serves (a restart loads modules anew), so a plan is made once, when its
 * protocol serves its first connection.
 */
final class PhasePlan {

    /** The phases of {@link HttpHooks}, in the order they run. */
    enum Phase {
        POST_READ_REQUEST(HttpHooks.POST_READ_REQUEST),
        TRANSLATE_NAME(HttpHooks.TRANSLATE_NAME),
        MAP_TO_STORAGE(HttpHooks.MAP_TO_STORAGE),
        HEADER_PARSER(HttpHooks.HEADER_PARSER),
        ACCESS_CHECKER(HttpHooks.ACCESS_CHECKER),
        CHECK_USER_ID(HttpHooks.CHECK_USER_ID),
        AUTH_CHECKER(HttpHooks.AUTH_CHECKER),
        TYPE_CHECKER(HttpHooks.TYPE_CHECKER),
        FIXUPS(HttpHooks.FIXUPS),
        INSERT_FILTER(HttpHooks.INSERT_FILTER),
        HANDLER(HttpHooks.HANDLER),
        LOG_TRANSACTION(HttpHooks.LOG_TRANSACTION);

        final Hook<RequestHook> hook;

        Phase(Hook<RequestHook> hook) {
            this.hook = hook;
        }
    }

    private final RequestHook[][] functions;
    private final ContentHandler.Registration[] handlers;

    PhasePlan(Server server) {
        Phase[] phases = Phase.values();
        functions = new RequestHook[phases.length][];
        for (Phase phase : phases) {
            functions[phase.ordinal()] = server.hookFunctions(phase.hook).toArray(RequestHook[]::new);
        }
        handlers = server.extensions(ContentHandler.Registration.class).toArray(ContentHandler.Registration[]::new);
    }

    /**
     * Runs {@code phase} as {@link Server#runHook} would: RUN_FIRST up to the first answer that
     * is not DECLINED, RUN_ALL up to the first error or DONE.
     */
    Result run(Phase phase, Request r) throws Exception {
        Hook.Kind kind = phase.hook.kind();
        for (RequestHook function : functions[phase.ordinal()]) {
            Result result = function.run(r);
            if (kind.stopsAt(result)) {
                return result;
            }
        }
        return kind.whenAllRan();
    }

    /**
     * The content handlers registered as extensions, in the order modules registered them. The
     * array is the plan's own: callers only read it.
     */
    ContentHandler.Registration[] handlers() {
        return handlers;
    }
}
