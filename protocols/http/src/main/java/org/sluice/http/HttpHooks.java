package org.sluice.http;

import org.sluice.hook.Hook;

/**
 * The phases of an HTTP request, as Apache httpd's hooks of the same names, in the order they
 * run. RUN_FIRST phases stop at the first function that does not decline; RUN_ALL phases run
 * every function and stop at the first error or DONE. An error status ends the phases and
 * becomes the response (through {@code ErrorDocument}); DONE means the response was sent.
 *
 * <pre>
 *  head read ─▶ post_read_request ─▶ translate_name ─▶ map_to_storage ─▶ header_parser
 *     ─▶ access_checker ─▶ check_user_id ─▶ auth_checker ─▶ type_checker ─▶ fixups
 *     ─▶ insert_filter ─▶ handler ─▶ (response sent) ─▶ log_transaction
 * </pre>
 *
 * The module's own functions sit at {@code Order.LAST} (or {@code REALLY_LAST} for the
 * defaults: DocumentRoot mapping, the file handler), so other modules' functions run first.
 */
public final class HttpHooks {

    /** The head was read; nothing else is known yet (RUN_ALL). */
    public static final Hook<RequestHook> POST_READ_REQUEST = Hook.runAll("post_read_request", RequestHook.class);
    /** Map the URL path to a file name (RUN_FIRST): {@code Alias}, {@code Redirect}, DocumentRoot. */
    public static final Hook<RequestHook> TRANSLATE_NAME = Hook.runFirst("translate_name", RequestHook.class);
    /** Find the per-directory configuration of the file: {@code <Directory>}, {@code <Files>} (RUN_FIRST). */
    public static final Hook<RequestHook> MAP_TO_STORAGE = Hook.runFirst("map_to_storage", RequestHook.class);
    /** Look at the headers with the final configuration (RUN_ALL). */
    public static final Hook<RequestHook> HEADER_PARSER = Hook.runAll("header_parser", RequestHook.class);
    /** Access control independent of the user: {@code Require}, {@code Allow/Deny}; the
     *  module's function runs the framework's {@link org.sluice.access.AccessChecker} (RUN_ALL). */
    public static final Hook<RequestHook> ACCESS_CHECKER = Hook.runAll("access_checker", RequestHook.class);
    /** Authentication: who is the user (RUN_FIRST). */
    public static final Hook<RequestHook> CHECK_USER_ID = Hook.runFirst("check_user_id", RequestHook.class);
    /** Authorization: may this user have it (RUN_FIRST). */
    public static final Hook<RequestHook> AUTH_CHECKER = Hook.runFirst("auth_checker", RequestHook.class);
    /** Decide the content type and the handler (RUN_FIRST). */
    public static final Hook<RequestHook> TYPE_CHECKER = Hook.runFirst("type_checker", RequestHook.class);
    /** Last changes before the handler (RUN_ALL). */
    public static final Hook<RequestHook> FIXUPS = Hook.runAll("fixups", RequestHook.class);
    /** Add per-request output filters with {@link Request#addOutputFilter} (RUN_ALL). */
    public static final Hook<RequestHook> INSERT_FILTER = Hook.runAll("insert_filter", RequestHook.class);
    /**
     * Generate the response (RUN_FIRST). When every function declines, the handlers registered
     * as {@link ContentHandler.Registration} extensions are tried: by the request's handler name,
     * else by its media type, then {@code type/*}, then {@code *&#47;*}.
     */
    public static final Hook<RequestHook> HANDLER = Hook.runFirst("handler", RequestHook.class);
    /** The response was sent: log it (RUN_ALL). */
    public static final Hook<RequestHook> LOG_TRANSACTION = Hook.runAll("log_transaction", RequestHook.class);

    private HttpHooks() {
    }
}
