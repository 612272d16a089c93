package org.sluice.http;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sluice.access.IpSubnet;
import org.sluice.config.ArgShape;
import org.sluice.config.ConfigException;
import org.sluice.config.Directive;
import org.sluice.config.DirectiveCall;
import org.sluice.config.ServerConfigKey;
import org.sluice.hook.Order;
import org.sluice.hook.Result;
import org.sluice.module.Registry;

/**
 * mod_remoteip's request half: {@code RemoteIPHeader X-Forwarded-For} makes the address a
 * trusted proxy names the request's client ({@link Request#clientAddress()}: {@code %a},
 * {@code REMOTE_ADDR}, {@code Require ip}), at post_read_request, before anything else looks
 * at the client. The connection half, the PROXY protocol, is the framework's.
 *
 * <p>The header's list is read from its right end, the address the nearest proxy added:
 *
 * <pre>
 *   peer is a proxy? ──no──▶ stop (the header stays as it came)
 *     │ yes: take the rightmost address of the header as the client
 *     ▼
 *   is it an address (not a name, not empty)? is it public, unless an internal proxy presented it?
 *     │ no: stop, and it stays in the header
 *     ▼ yes
 *   that address becomes the client; is it a proxy as well? ──yes──▶ the next address to its left
 * </pre>
 *
 * Without {@code RemoteIPInternalProxy} or {@code RemoteIPTrustedProxy}, every peer is a
 * trusted proxy; an internal proxy may present private addresses and trusted proxies, a
 * trusted proxy neither. The addresses taken leave the header (which goes when empty); the
 * trusted proxies passed through are noted as {@code remoteip-proxy-ip-list} and put in
 * {@code RemoteIPProxiesHeader} when it is set.
 */
final class RemoteIpHeader {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteIpHeader.class);

    static final ServerConfigKey<Config> KEY = ServerConfigKey.of("remoteip-header", Config::new, Config::merge);

    /** A configured proxy: an address or network, and whether it is internal. */
    record Proxy(IpSubnet subnet, boolean internal) {
    }

    /** A server's or virtual host's settings; what a virtual host leaves unset comes from the server. */
    static final class Config {
        String header;
        String proxiesHeader;
        /** The proxies in the order written; null when none is (then every peer is a trusted proxy). */
        List<Proxy> proxies;

        static Config merge(Config base, Config host) {
            Config merged = new Config();
            merged.header = host.header != null ? host.header : base.header;
            merged.proxiesHeader = host.proxiesHeader != null ? host.proxiesHeader : base.proxiesHeader;
            merged.proxies = host.proxies != null ? host.proxies : base.proxies;
            return merged;
        }
    }

    private RemoteIpHeader() {
    }

    static void register(Registry registry) {
        registry.directive(Directive.of("RemoteIPHeader", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "Specifies a request header to trust as the client IP, e.g. X-Forwarded-For",
                c -> c.serverConfig(KEY).header = c.arg(0)));
        registry.directive(Directive.of("RemoteIPProxiesHeader", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "Specifies a request header to record proxy IP's, e.g. X-Forwarded-By; if not given then do not record",
                c -> c.serverConfig(KEY).proxiesHeader = c.arg(0)));
        registry.directive(Directive.of("RemoteIPTrustedProxy", ArgShape.ITERATE, Directive.SERVER_OR_VHOST,
                "Specifies one or more proxies which are trusted to present IP headers",
                c -> addProxy(c, c.arg(0), false, null)));
        registry.directive(Directive.of("RemoteIPInternalProxy", ArgShape.ITERATE, Directive.SERVER_OR_VHOST,
                "Specifies one or more internal (transparent) proxies which are trusted to present IP headers",
                c -> addProxy(c, c.arg(0), true, null)));
        registry.directive(Directive.of("RemoteIPTrustedProxyList", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "The filename to read the list of trusted proxies, see the RemoteIPTrustedProxy directive",
                c -> readList(c, false)));
        registry.directive(Directive.of("RemoteIPInternalProxyList", ArgShape.TAKE1, Directive.SERVER_OR_VHOST,
                "The filename to read the list of internal proxies, see the RemoteIPInternalProxy directive",
                c -> readList(c, true)));
        registry.hook(HttpHooks.POST_READ_REQUEST, RemoteIpHeader::apply, Order.FIRST);
    }

    /**
     * An address, a network ({@code 10.0.0.0/8}) or a host name, whose addresses are looked up
     * now; {@code where} names the list file's line it came from, if any.
     */
    private static void addProxy(DirectiveCall c, String spec, boolean internal, String where) throws ConfigException {
        Config config = c.serverConfig(KEY);
        if (config.proxies == null) {
            config.proxies = new ArrayList<>();
        }
        int slash = spec.indexOf('/');
        String address = slash < 0 ? spec : spec.substring(0, slash);
        String suffix = where == null ? "" : " at " + where;
        if (IpSubnet.looksLikeIp(address)) {
            try {
                config.proxies.add(new Proxy(IpSubnet.parse(spec), internal));
            } catch (IllegalArgumentException e) {
                throw c.error("RemoteIP: Error parsing IP " + spec + " (" + e.getMessage() + ") for " + c.name() + suffix);
            }
            return;
        }
        if (slash >= 0) {
            throw c.error("RemoteIP: Error parsing IP " + spec + " the subnet " + spec.substring(slash)
                    + " is invalid for " + c.name() + suffix);
        }
        InetAddress[] found;
        try {
            found = InetAddress.getAllByName(spec);
        } catch (IOException e) {
            throw c.error("RemoteIP: Error parsing IP " + spec + " (host not found) for " + c.name() + suffix);
        }
        for (InetAddress each : found) {
            config.proxies.add(new Proxy(IpSubnet.parse(io.netty.util.NetUtil.toAddressString(each)), internal));
        }
    }

    /** {@code RemoteIP...ProxyList file}: the file's words, each as an argument of the directive; {@code #} starts a comment. */
    private static void readList(DirectiveCall c, boolean internal) throws ConfigException {
        Path file = c.resolve(c.arg(0));
        List<String> lines;
        try {
            if (Files.size(file) > 1024 * 1024) {
                throw c.error(c.name() + ": " + file + " is larger than 1 MiB");
            }
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw c.error(c.name() + ": Could not open file " + file + ": " + e.getMessage());
        }
        for (int i = 0; i < lines.size(); i++) {
            for (String word : lines.get(i).strip().split("[ \t]+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (word.startsWith("#")) {
                    break;
                }
                addProxy(c, word, internal, "line " + (i + 1) + " of " + file);
            }
        }
    }

    /** post_read_request: the client the header's trusted proxies vouch for. */
    static Result apply(Request r) {
        Config config = r.virtualHost().config(KEY);
        if (config.header == null) {
            return Result.DECLINED;
        }
        String value = r.headersIn().get(config.header);
        if (value == null || r.connection().peerAddress() != r.connection().remoteAddress()) {
            // a PROXY header named the client: it takes precedence, as in httpd
            return Result.DECLINED;
        }
        // with no proxy written, every peer is a trusted (not an internal) proxy
        boolean internal = config.proxies != null;
        InetAddress client = r.clientAddress();
        String clientIp = r.clientIp();
        List<String> trustedProxies = new ArrayList<>();
        String remaining = value;
        boolean moved = false;
        while (remaining != null) {
            if (config.proxies != null) {
                Proxy proxy = proxyOf(config.proxies, client);
                if (proxy == null) {
                    break;
                }
                // an internal proxy may present a trusted one, never the other way round
                internal = internal && proxy.internal();
            }
            int comma = remaining.lastIndexOf(',');
            String candidate = remaining.substring(comma + 1).strip();
            InetAddress address = candidate.isEmpty() ? null : literal(candidate);
            if (address == null) {
                LOG.debug("{}: RemoteIP: Header {} value of {} cannot be parsed as a client IP", r, config.header, candidate);
                break;
            }
            if (!internal && !isPublic(address)) {
                LOG.debug("{}: RemoteIP: Header {} value of {} appears to be a private IP or nonsensical. Ignored",
                        r, config.header, candidate);
                break;
            }
            if (!internal) {
                trustedProxies.add(clientIp);
            }
            client = address;
            clientIp = io.netty.util.NetUtil.toAddressString(address);
            moved = true;
            remaining = comma < 0 ? null : remaining.substring(0, comma);
        }
        if (!moved) {
            return Result.DECLINED;
        }
        r.clientAddress(client);
        HttpHeaders.Builder fields = r.headersIn().toBuilder();
        if (remaining == null) {
            fields.remove(config.header);
        } else {
            fields.set(config.header, remaining);
        }
        if (!trustedProxies.isEmpty()) {
            String list = String.join(", ", trustedProxies);
            r.notes().put("remoteip-proxy-ip-list", list);
            if (config.proxiesHeader != null) {
                fields.set(config.proxiesHeader, list);
            }
        }
        r.headersIn(fields.build());
        return Result.DECLINED;
    }

    private static Proxy proxyOf(List<Proxy> proxies, InetAddress address) {
        for (Proxy proxy : proxies) {
            if (proxy.subnet().matches(address)) {
                return proxy;
            }
        }
        return null;
    }

    /** {@code text} as an address if it is an IPv4 or IPv6 literal (names are not looked up), else null. */
    private static InetAddress literal(String text) {
        byte[] bytes = io.netty.util.NetUtil.createByteArrayFromIpAddressString(text);
        if (bytes == null) {
            return null;
        }
        try {
            // an IPv4-mapped IPv6 address comes back as IPv4, as mod_remoteip maps it
            return InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            return null;
        }
    }

    /**
     * What a trusted proxy may present, as mod_remoteip decides: IPv4 outside 10/8, 127/8,
     * 169.254/16, 172.16/12 and 192.168/16; IPv6 in global unicast 2000::/3.
     */
    private static boolean isPublic(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 10 && first != 127 && !(first == 169 && second == 254)
                    && !(first == 172 && (second & 0xf0) == 16) && !(first == 192 && second == 168);
        }
        return (b[0] & 0xe0) == 0x20;
    }
}
