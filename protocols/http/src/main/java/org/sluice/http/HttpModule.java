package org.sluice.http;

import java.util.Set;
import org.sluice.hook.Hooks;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.module.Module;
import org.sluice.module.Registry;

/**
 * HTTP/1.1 ({@code LoadModule http}): the protocol {@code http} (the default protocol of
 * every host when loaded), the request phases of {@link HttpHooks} with Apache's core,
 * mod_alias, mod_dir, mod_mime, mod_negotiation, mod_headers, mod_rewrite and mod_authz functions in them, static
 * files as the default content handler (with mod_autoindex's directory listings), the
 * {@code DEFLATE} output filter and the directives that
 * insert output filters, and the request codes of {@code LogFormat}.
 */
public final class HttpModule implements Module {

    @Override
    public String name() {
        return "http";
    }

    /**
     * The httpd modules whose directives this one implements. mime without MultiviewsMatch,
     * AddInputFilter, RemoveInputFilter and ModMimeUsePathInfo: a configuration that names them
     * in {@code <IfModule mod_mime.c>} is refused as it would be without the block. rewrite
     * without RewriteMap and a few rare flags, refused the same way.
     */
    @Override
    public Set<String> provides() {
        return Set.of("dir", "alias", "mime", "headers", "deflate", "filter", "status", "reqtimeout", "setenvif",
                "env", "expires", "rewrite", "autoindex", "negotiation");
    }

    @Override
    public void register(Registry registry) {
        HttpProtocol http = new HttpProtocol();
        registry.protocol("http", http);
        // httpd's ssl.conf writes "Listen 443 https": the protocol is HTTP, SSLEngine decides on TLS
        registry.protocol("https", http);
        HttpDirectives.register(registry);
        IfSections.register(registry);
        MimeDirectives.register(registry);
        AccessFileDirectives.register(registry);
        AutoindexDirectives.register(registry);
        HttpLogItems.register(registry);
        OutputFilters.register(registry);
        Aliases.register(registry);
        RequestEnvironment.register(registry);
        DeflateOutputFilter.register(registry);
        Expires.register(registry);
        RemoteIpHeader.register(registry);
        // its fixups before mod_dir's (Directories) below
        RewriteEngine.register(registry);
        registry.hook(HttpHooks.TRANSLATE_NAME, FileMapping::documentRoot, Order.REALLY_LAST);
        registry.hook(HttpHooks.MAP_TO_STORAGE, Trace::handle, Order.MIDDLE);
        registry.hook(HttpHooks.MAP_TO_STORAGE, FileMapping::storage, Order.REALLY_LAST);
        // mod_ssl's access check comes before mod_authz_core's
        registry.hook(HttpHooks.ACCESS_CHECKER, TlsRequests::access, Order.FIRST);
        registry.hook(HttpHooks.ACCESS_CHECKER, request -> RequestProcessor.checkAccess(request,
                AccessCheckers.of(request.virtualHost().server())), Order.LAST);
        registry.hook(HttpHooks.TYPE_CHECKER, Negotiation::multiViews, Order.FIRST);
        registry.hook(HttpHooks.TYPE_CHECKER, FileMapping::types, Order.REALLY_LAST);
        registry.hook(HttpHooks.FIXUPS, Negotiation::fixEncoding, Order.MIDDLE);
        registry.hook(HttpHooks.FIXUPS, TlsRequests::fixup, Order.MIDDLE);
        // after mod_alias' fixup (Redirect in sections), as mod_dir's comes after it in httpd
        registry.hook(HttpHooks.FIXUPS, Directories::fixup, Order.LAST);
        registry.hook(HttpHooks.POST_READ_REQUEST, StatusBoard::requestStarted, Order.REALLY_FIRST);
        registry.hook(HttpHooks.POST_READ_REQUEST, HeaderRules::early, Order.FIRST);
        registry.hook(HttpHooks.FIXUPS, HeaderRules::requestFixups, Order.LAST);
        registry.hook(HttpHooks.LOG_TRANSACTION, StatusBoard::requestDone, Order.REALLY_FIRST);
        registry.hook(Hooks.SERVER_STOP, StatusBoard::forget, Order.MIDDLE);
        registry.hook(Hooks.SERVER_STOP, AccessCheckers::forget, Order.MIDDLE);
        registry.hook(Hooks.GRACEFUL_RESTART, server -> AccessFiles.forget(), Order.MIDDLE);
        registry.hook(HttpHooks.LOG_TRANSACTION, request -> {
            request.last().virtualHost().accessLog().log(request);
            return Result.OK;
        }, Order.REALLY_LAST);
        ContentHandler files = StaticFiles::handle;
        registry.extension(org.sluice.access.AuthzProvider.class, new RequireExpression());
        registry.extension(org.sluice.access.AuthzProvider.class, TlsRequests.requireProvider(false));
        registry.extension(org.sluice.access.AuthzProvider.class, TlsRequests.requireProvider(true));
        registry.extension(ContentHandler.Registration.class, new ContentHandler.Registration("default-handler", files));
        registry.extension(ContentHandler.Registration.class, new ContentHandler.Registration("*/*", files));
        registry.extension(ContentHandler.Registration.class,
                new ContentHandler.Registration(ServerStatus.HANDLER, ServerStatus::handle));
    }
}
